#include "reconcile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *xd_months_status_name(enum xd_months_status s)
{
    switch (s) {
    case XD_MONTHS_AGREES: return "agrees";
    case XD_MONTHS_DISAGREES: return "disagrees";
    case XD_MONTHS_INCOMPLETE: return "incomplete";
    case XD_MONTHS_NO_YEAR: return "no_yearly_figure";
    }
    return "?";
}

static int long_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

const char *xd_lines_text(char *buf, size_t cap, const long *lines, size_t n)
{
    long sorted[64] = {0};
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        if (lines[i] > 0)
            sorted[k++] = lines[i];
    qsort(sorted, k, sizeof *sorted, long_cmp);
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < k && o + 1 < cap;) {
        size_t j = i;
        while (j + 1 < k && sorted[j + 1] == sorted[j] + 1)
            j++;
        int w = j > i ? snprintf(buf + o, cap - o, "%s%ld-%ld", o ? ", " : "", sorted[i], sorted[j])
                      : snprintf(buf + o, cap - o, "%s%ld", o ? ", " : "", sorted[i]);
        if (w < 0)
            break;
        o += (size_t)w;
        i = j + 1;
    }
    return buf;
}

static long chosen_line(const xd_year *y)
{
    for (size_t i = 0; i < y->n_rows; i++)
        if (y->rows[i]->count == y->count)
            return y->rows[i]->line;
    return 0;
}

static int grow(xd_months_check *c, size_t *cap)
{
    if (c->n < *cap)
        return 1;
    size_t ncap = *cap ? *cap * 2 : 16;
    xd_month_year *items = realloc(c->items, ncap * sizeof *items);
    if (!items)
        return 0;
    c->items = items;
    *cap = ncap;
    return 1;
}

static void report(const xd_dataset *ds, int strict, const xd_month_year *m, xd_diags *d)
{
    char lines[256], what[512];
    xd_lines_text(lines, sizeof lines, m->month_line, 12);
    long first = 0;
    for (int k = 0; k < 12; k++)
        if (m->month_line[k] && (!first || m->month_line[k] < first))
            first = m->month_line[k];
    if (m->n_months == 12)
        snprintf(what, sizeof what, "the 12 months of %d (lines %s, measure '%s') sum to %ld, but %s:%ld gives %ld "
                 "for the year: %ld %s", m->year, lines, m->measure, m->months_sum, ds->file_annual, m->year_line,
                 m->year_count, m->difference > 0 ? m->difference : -m->difference,
                 m->difference > 0 ? "more" : "fewer");
    else
        snprintf(what, sizeof what, "%zu months of %d (lines %s, measure '%s') already sum to %ld, more than the "
                 "%ld that %s:%ld gives for the whole year", m->n_months, m->year, lines, m->measure, m->months_sum,
                 m->year_count, ds->file_annual, m->year_line);
    if (strict)
        xd_error(d, XD_EDISAGREE, "%s:%ld: %s", ds->file_monthly, first, what);
    else
        xd_warning(d, "%s:%ld: %s", ds->file_monthly, first, what);
}

/* The months of one measure, year by year. */
static int check_measure(const xd_dataset *ds, const char *measure, int strict, xd_months_check *out, size_t *cap,
                         xd_diags *d)
{
    xd_series ms, ys;
    xd_diags quiet;
    xd_diags_init(&quiet);
    int rc = xd_series_build_monthly(ds, measure, 0, 0, 1, &ms, &quiet);
    xd_diags_free(&quiet);
    if (rc != XD_OK) {
        xd_series_free(&ms);
        return XD_OK; /* no month with a figure of its own (only year-to-date rows) */
    }
    for (int year = ms.from / 12; year <= ms.to / 12; year++) {
        xd_month_year m = {0};
        m.measure = measure;
        m.year = year;
        int any_row = 0;
        for (int mo = 1; mo <= 12; mo++) {
            const xd_year *y = xd_series_year(&ms, xd_period_of(year, mo));
            if (!y)
                continue;
            any_row |= y->n_rows > 0;
            if (!y->has_value)
                continue;
            m.n_months++;
            m.months_sum += y->count;
            m.month_line[mo - 1] = chosen_line(y);
        }
        if (!any_row)
            continue;
        xd_diags_init(&quiet);
        if (xd_series_build(ds, measure, year, year, 1, &ys, &quiet) == XD_OK) {
            const xd_year *y = xd_series_year(&ys, year);
            if (y && y->has_value) {
                m.has_year = 1;
                m.year_count = y->count;
                m.year_line = chosen_line(y);
            }
        }
        xd_series_free(&ys);
        xd_diags_free(&quiet);
        m.difference = m.months_sum - m.year_count;
        if (!m.has_year)
            m.status = m.n_months == 12 ? XD_MONTHS_NO_YEAR : XD_MONTHS_INCOMPLETE;
        else if (m.n_months == 12)
            m.status = m.difference == 0 ? XD_MONTHS_AGREES : XD_MONTHS_DISAGREES;
        else
            /* fewer months that already pass the year cannot be right, whatever the rest holds */
            m.status = m.difference > 0 ? XD_MONTHS_DISAGREES : XD_MONTHS_INCOMPLETE;
        if (!grow(out, cap)) {
            xd_series_free(&ms);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
        out->items[out->n++] = m;
        if (m.status == XD_MONTHS_DISAGREES) {
            out->n_disagree++;
            report(ds, strict, &m, d);
        }
    }
    xd_series_free(&ms);
    return XD_OK;
}

int xd_check_months(const xd_dataset *ds, int strict, xd_months_check *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    for (size_t i = 0; i < ds->n_monthly; i++) {
        const char *m = ds->monthly[i].measure;
        size_t k = 0;
        while (k < i && strcmp(ds->monthly[k].measure, m) != 0)
            k++;
        if (k < i)
            continue; /* measure already done */
        int rc = check_measure(ds, m, strict, out, &cap, d);
        if (rc != XD_OK)
            return rc;
    }
    return XD_OK;
}

void xd_months_check_free(xd_months_check *c)
{
    free(c->items);
    memset(c, 0, sizeof *c);
}
