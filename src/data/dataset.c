#include "dataset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "annual_scan.h"
#include "csvread.h"
#include "parse.h"
#include "people.h"

typedef struct column_spec {
    const char *name;
    int required;
} column_spec;

static char *join_path(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, file);
    return p;
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

/* Finds the columns of `spec` in the header; index -1 for absent optional ones. */
static int map_columns(const xd_table *t, const column_spec *spec, size_t n, int *idx, xd_diags *d)
{
    int rc = XD_OK;
    for (size_t i = 0; i < n; i++) {
        idx[i] = xd_table_column(t, spec[i].name);
        if (idx[i] < 0 && spec[i].required) {
            char found[512];
            xd_text_list(found, sizeof found, t->header, t->ncols);
            rc = xd_error(d, XD_EDATA, "%s:%ld: missing required column '%s' (found: %s)", t->name,
                          t->header_line, spec[i].name, found);
        }
    }
    return rc;
}

static const char *cell(const xd_csv_row *row, int idx) { return idx >= 0 ? row->fields[idx] : ""; }

/* Identifiers (source ids, measure names) are printed as they are in every
 * output, so they may not hold control characters (C0 with tab and line
 * breaks, DEL, C1) that a terminal or a later reader would interpret. */
static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
            return 1;
    return 0;
}

static void bad_field(xd_diags *d, const xd_table *t, const xd_csv_row *row, int idx, const char *expected)
{
    char ex[128], col[128];
    xd_text_excerpt(ex, sizeof ex, row->fields[idx], row->lens[idx], 40);
    xd_text_excerpt(col, sizeof col, t->header[idx], strlen(t->header[idx]), 40);
    xd_error(d, XD_EDATA, "%s:%ld:%d: %s: expected %s, found '%s'", t->name, row->lines[idx], idx + 1, col,
             expected, ex);
}

static int parse_status(const xd_table *t, const xd_csv_row *row, int idx, enum xd_row_status *st,
                        xd_diags *d)
{
    const char *s = cell(row, idx);
    if (*s == '\0')
        *st = XD_ROW_PLAIN;
    else if (strcmp(s, "preferred") == 0)
        *st = XD_ROW_PREFERRED;
    else if (strcmp(s, "alternative") == 0)
        *st = XD_ROW_ALTERNATIVE;
    else {
        bad_field(d, t, row, idx, "'preferred', 'alternative' or empty");
        return 0;
    }
    return 1;
}

/* sources_read is 0 when sources.csv itself could not be read: its error is
 * already reported, and every id would otherwise be reported as unknown too. */
static int check_source(const xd_dataset *ds, int sources_read, const xd_table *t, const xd_csv_row *row, int idx,
                        xd_diags *d)
{
    const char *id = cell(row, idx);
    if (*id == '\0') {
        bad_field(d, t, row, idx, "a source id from sources.csv");
        return 0;
    }
    if (sources_read && !xd_dataset_source(ds, id)) {
        char ex[128];
        xd_text_excerpt(ex, sizeof ex, id, strlen(id), 40);
        xd_error(d, XD_EDATA, "%s:%ld:%d: source: expected an id listed in %s, found unknown id '%s'",
                 t->name, row->lines[idx], idx + 1, ds->file_sources, ex);
        return 0;
    }
    return 1;
}

/* Texts people read (names, labels, mechanisms, notes and their Spanish
 * twins): line breaks and tabs are whitespace, shown as spaces; any other
 * control character (C0, DEL, C1) is an error. */
static int has_text_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f ||
            (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
            return 1;
    return 0;
}

static int check_text(const xd_table *t, const xd_csv_row *row, int idx, xd_diags *d)
{
    if (idx < 0 || !has_text_control(row->fields[idx]))
        return 1;
    bad_field(d, t, row, idx, "text without control characters (line breaks and tabs are allowed)");
    return 0;
}

static char *dup_or_null(const xd_csv_row *row, int idx)
{
    return idx >= 0 && *row->fields[idx] ? strdup(row->fields[idx]) : NULL;
}

static int check_measure(const xd_table *t, const xd_csv_row *row, int idx, xd_diags *d)
{
    if (idx < 0 || !has_control(row->fields[idx]))
        return 1;
    bad_field(d, t, row, idx, "a measure name without control characters or line breaks");
    return 0;
}

static int load_table(const xd_dataset *ds, const char *file, int optional, xd_table *t, int *present,
                      xd_diags *d)
{
    char *path = join_path(ds->dir, file);
    if (!path)
        return xd_error(d, XD_ENOMEM, "out of memory");
    struct stat st;
    *present = 1;
    /* lstat: a dangling link is an error to report, not an absent file */
    if (optional && lstat(path, &st) != 0 && errno == ENOENT) {
        *present = 0;
        free(path);
        memset(t, 0, sizeof *t);
        return XD_OK;
    }
    int rc = xd_table_load(path, path, t, d);
    free(path);
    return rc;
}

static int load_sources(xd_dataset *ds, int *read, xd_diags *d)
{
    static const column_spec spec[] = {{"id", 1},        {"name", 1},  {"url", 1},
                                       {"published", 0}, {"quote", 0}, {"name_es", 0}};
    int idx[6], present;
    xd_table t;
    *read = 0;
    int rc = load_table(ds, "sources.csv", 0, &t, &present, d);
    if (rc == XD_OK)
        rc = map_columns(&t, spec, 6, idx, d);
    if (rc != XD_OK) {
        xd_table_free(&t);
        return rc;
    }
    *read = 1;
    ds->sources = calloc(t.nrows + 1, sizeof *ds->sources);
    for (size_t r = 0; r < t.nrows && ds->sources; r++) {
        const xd_csv_row *row = &t.rows[r];
        const char *id = cell(row, idx[0]);
        if (*id == '\0' || has_control(id)) {
            bad_field(d, &t, row, idx[0], "a non-empty source id without control characters or line breaks");
            rc = XD_EDATA;
            continue;
        }
        const xd_source *prev = xd_dataset_source(ds, id);
        if (prev) {
            char ex[128];
            xd_text_excerpt(ex, sizeof ex, id, strlen(id), 40);
            xd_error(d, XD_EDATA, "%s:%ld:%d: id: duplicate source id '%s' (first on line %ld)", t.name,
                     row->lines[idx[0]], idx[0] + 1, ex, prev->line);
            rc = XD_EDATA;
            continue;
        }
        const char *pub = cell(row, idx[3]);
        int y, m, day;
        size_t plen = strlen(pub);
        if (plen) {
            char buf[16] = "";
            int ok = plen <= 10;
            if (ok) {
                /* YYYY, YYYY-MM or YYYY-MM-DD: complete to a full date to validate */
                snprintf(buf, sizeof buf, "%s%s", pub, plen == 4 ? "-01-01" : plen == 7 ? "-01" : "");
                ok = (plen == 4 || plen == 7 || plen == 10) && xd_parse_date(buf, &y, &m, &day);
            }
            if (!ok) {
                bad_field(d, &t, row, idx[3], "a date YYYY, YYYY-MM or YYYY-MM-DD");
                rc = XD_EDATA;
            }
        }
        /* both fields are checked, so that every problem is reported */
        int name_ok = check_text(&t, row, idx[1], d);
        int name_es_ok = check_text(&t, row, idx[5], d);
        if (!name_ok || !name_es_ok)
            rc = XD_EDATA;
        xd_source *s = &ds->sources[ds->n_sources++];
        s->id = strdup(id);
        s->name = dup_or_empty(cell(row, idx[1]));
        s->name_es = dup_or_null(row, idx[5]);
        s->url = dup_or_empty(cell(row, idx[2]));
        s->published = dup_or_empty(pub);
        s->quote = dup_or_empty(cell(row, idx[4]));
        s->line = row->line;
        if (!s->id || !s->name || !s->url || !s->published || !s->quote || (idx[5] >= 0 && *row->fields[idx[5]] && !s->name_es)) {
            xd_table_free(&t);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
    }
    xd_table_free(&t);
    return ds->sources ? rc : xd_error(d, XD_ENOMEM, "out of memory");
}

static int load_meta(xd_dataset *ds, xd_diags *d)
{
    static const column_spec spec[] = {{"key", 1}, {"value", 1}};
    int idx[2], present = 0;
    xd_table t;
    int rc = load_table(ds, "meta.csv", 1, &t, &present, d);
    ds->has_meta = present;
    if (rc == XD_OK && present)
        rc = map_columns(&t, spec, 2, idx, d);
    if (rc != XD_OK || !present) {
        xd_table_free(&t);
        return rc;
    }
    ds->meta = calloc(t.nrows + 1, sizeof *ds->meta);
    for (size_t r = 0; r < t.nrows && ds->meta; r++) {
        const xd_csv_row *row = &t.rows[r];
        const char *key = cell(row, idx[0]), *value = cell(row, idx[1]);
        if (*key == '\0') {
            bad_field(d, &t, row, idx[0], "a non-empty key");
            rc = XD_EDATA;
            continue;
        }
        if (xd_dataset_meta(ds, key)) {
            char ex[128];
            xd_text_excerpt(ex, sizeof ex, key, strlen(key), 40);
            xd_error(d, XD_EDATA, "%s:%ld:%d: key: duplicate key '%s'", t.name, row->lines[idx[0]], idx[0] + 1, ex);
            rc = XD_EDATA;
            continue;
        }
        int a, b, c;
        if (strcmp(key, "baseline") == 0 && !xd_parse_year_range(value, &a, &b)) {
            bad_field(d, &t, row, idx[1], "a year range Y1-Y2 with Y1 <= Y2 for key 'baseline'");
            rc = XD_EDATA;
        } else if (strcmp(key, "event") == 0 && !xd_parse_date(value, &a, &b, &c)) {
            bad_field(d, &t, row, idx[1], "a date YYYY-MM-DD for key 'event'");
            rc = XD_EDATA;
        } else if (strcmp(key, "main_measure") == 0 && has_control(value)) {
            bad_field(d, &t, row, idx[1], "a measure name without control characters or line breaks");
            rc = XD_EDATA;
        } else if (has_text_control(value)) {
            bad_field(d, &t, row, idx[1], "text without control characters (line breaks and tabs are allowed)");
            rc = XD_EDATA;
        }
        xd_meta_entry *e = &ds->meta[ds->n_meta++];
        e->key = strdup(key);
        e->value = strdup(value);
        e->line = row->line;
        e->key_line = row->lines[idx[0]];
        e->value_line = row->lines[idx[1]];
        e->key_col = idx[0] + 1;
        e->value_col = idx[1] + 1;
    }
    xd_table_free(&t);
    return ds->meta ? rc : xd_error(d, XD_ENOMEM, "out of memory");
}

static char *measure_or_main(const xd_dataset *ds, const char *m)
{
    return strdup(*m ? m : ds->main_measure);
}

/* The through column: a day of the row's year (and month in monthly.csv). The
 * period's last day makes it a figure for the whole period. */
static int parse_through(const xd_table *t, const xd_csv_row *row, int idx, xd_annual *a, xd_diags *d)
{
    const char *s = cell(row, idx);
    if (!*s)
        return 1;
    int y, m, day;
    int ok = xd_parse_date(s, &y, &m, &day) && y == a->year && (!a->month || m == a->month);
    if (!ok) {
        char want[96];
        if (a->month)
            snprintf(want, sizeof want, "a date YYYY-MM-DD in %d-%02d (the row's month) or empty", a->year,
                     a->month);
        else
            snprintf(want, sizeof want, "a date YYYY-MM-DD in %d (the row's year) or empty", a->year);
        bad_field(d, t, row, idx, want);
        return 0;
    }
    int last = a->month ? day == xd_days_in_month(y, m) : m == 12 && day == 31;
    if (!last) {
        a->through_y = y;
        a->through_m = m;
        a->through_d = day;
    }
    return 1;
}

/* annual.csv, or the optional monthly.csv: the same columns and checks, plus a
 * month column (1-12) in the latter. */
static int load_counts(xd_dataset *ds, int sources_read, int monthly, xd_diags *d)
{
    static const column_spec spec[] = {{"year", 1},   {"count", 1}, {"source", 1},  {"measure", 0},
                                       {"status", 0}, {"note", 0},  {"through", 0}, {"note_es", 0},
                                       {"month", 1}};
    int idx[9] = {0}, present = 0;
    size_t ncols = monthly ? 9 : 8;
    xd_table t;
    int rc = load_table(ds, monthly ? "monthly.csv" : "annual.csv", monthly, &t, &present, d);
    if (monthly)
        ds->has_monthly = present;
    if (rc == XD_OK && present)
        rc = map_columns(&t, spec, ncols, idx, d);
    if (rc != XD_OK || !present) {
        xd_table_free(&t);
        return rc;
    }
    xd_annual *rows = calloc(t.nrows + 1, sizeof *rows);
    size_t *n_rows = monthly ? &ds->n_monthly : &ds->n_annual;
    if (monthly)
        ds->monthly = rows;
    else
        ds->annual = rows;
    for (size_t r = 0; r < t.nrows && rows; r++) {
        const xd_csv_row *row = &t.rows[r];
        xd_annual a = {0};
        int ok = 1;
        if (!xd_parse_year(cell(row, idx[0]), &a.year)) {
            bad_field(d, &t, row, idx[0], "a year from 1900 to 2100");
            ok = 0;
        }
        long month = 0;
        if (monthly && (!xd_parse_count(cell(row, idx[8]), &month) || month < 1 || month > 12)) {
            bad_field(d, &t, row, idx[8], "a month from 1 to 12");
            ok = 0;
        }
        a.month = (int)month;
        if (!xd_parse_count(cell(row, idx[1]), &a.count)) {
            bad_field(d, &t, row, idx[1], "a whole number >= 0");
            ok = 0;
        }
        ok &= check_source(ds, sources_read, &t, row, idx[2], d);
        ok &= check_measure(&t, row, idx[3], d);
        ok &= parse_status(&t, row, idx[4], &a.status, d);
        ok &= check_text(&t, row, idx[5], d);
        ok &= check_text(&t, row, idx[7], d);
        if (ok)
            ok &= parse_through(&t, row, idx[6], &a, d);
        if (!ok) {
            rc = XD_EDATA;
            continue;
        }
        a.source = strdup(cell(row, idx[2]));
        a.measure = measure_or_main(ds, cell(row, idx[3]));
        a.note = strdup(cell(row, idx[5]));
        a.note_es = dup_or_null(row, idx[7]);
        a.line = row->line;
        rows[(*n_rows)++] = a;
    }
    xd_table_free(&t);
    return rows ? rc : xd_error(d, XD_ENOMEM, "out of memory");
}

/* The period of an aggregate: first_date,last_date (a day, a month or a year
 * each), or first_year,last_year as whole calendar years. A row may fill both
 * pairs only when they name the same years. */
static int aggregate_period(const xd_table *t, const xd_csv_row *row, const int *idx, xd_aggregate *a,
                            xd_diags *d)
{
    enum { FY, LY, FD, LD };
    const char *fd = cell(row, idx[FD]), *ld = cell(row, idx[LD]);
    const char *fy = cell(row, idx[FY]), *ly = cell(row, idx[LY]);
    static const char bound[] = "a date YYYY-MM-DD, a month YYYY-MM or a year YYYY";
    xd_span *s = &a->span;
    if (*fd || *ld || idx[FY] < 0 || (idx[FD] >= 0 && !*fy && !*ly)) {
        int ok1 = xd_span_parse_end(s, fd, 0);
        int ok2 = xd_span_parse_end(s, ld, 1);
        if (!ok1)
            bad_field(d, t, row, idx[FD], bound);
        if (!ok2)
            bad_field(d, t, row, idx[LD], bound);
        if (!ok1 || !ok2)
            return 0;
        if (xd_span_reversed(s)) {
            char iso[16];
            xd_error(d, XD_EDATA, "%s:%ld:%d: first_date: expected a day on or before last_date (%s), found '%s'",
                     t->name, row->lines[idx[FD]], idx[FD] + 1, xd_date_iso(iso, sizeof iso, s->y2, s->m2, s->d2),
                     fd);
            return 0;
        }
        /* years given as well must be the years of the dates */
        int ok = 1, y;
        if (*fy && (!xd_parse_year(fy, &y) || y != s->y1)) {
            char want[48];
            snprintf(want, sizeof want, "the year of first_date (%d) or empty", s->y1);
            bad_field(d, t, row, idx[FY], want);
            ok = 0;
        }
        if (*ly && (!xd_parse_year(ly, &y) || y != s->y2)) {
            char want[48];
            snprintf(want, sizeof want, "the year of last_date (%d) or empty", s->y2);
            bad_field(d, t, row, idx[LY], want);
            ok = 0;
        }
        if (!ok)
            return 0;
    } else {
        int y1 = xd_parse_year(fy, &s->y1);
        int y2 = xd_parse_year(ly, &s->y2);
        if (!y1)
            bad_field(d, t, row, idx[FY], "a year from 1900 to 2100");
        if (!y2)
            bad_field(d, t, row, idx[LY], "a year from 1900 to 2100");
        if (!y1 || !y2)
            return 0;
        if (s->y1 > s->y2) {
            xd_error(d, XD_EDATA, "%s:%ld:%d: first_year: expected a year <= last_year (%d), found '%d'", t->name,
                     row->lines[idx[FY]], idx[FY] + 1, s->y2, s->y1);
            return 0;
        }
        s->m1 = 1;
        s->d1 = 1;
        s->m2 = 12;
        s->d2 = 31;
        s->p1 = s->p2 = XD_PREC_YEAR;
    }
    a->first_year = s->y1;
    a->last_year = s->y2;
    a->whole_years = xd_span_whole_years(s);
    a->whole_months = xd_span_whole_months(s);
    return 1;
}

static int load_aggregates(xd_dataset *ds, int sources_read, xd_diags *d)
{
    static const column_spec spec[] = {{"first_year", 0}, {"last_year", 0}, {"statistic", 1}, {"value", 1},
                                       {"source", 1},     {"measure", 0},   {"status", 0},    {"note", 0},
                                       {"first_date", 0}, {"last_date", 0},  {"note_es", 0}};
    int idx[11], present;
    xd_table t;
    int rc = load_table(ds, "aggregates.csv", 1, &t, &present, d);
    if (rc == XD_OK && present)
        rc = map_columns(&t, spec, 11, idx, d);
    if (rc == XD_OK && present) {
        /* a period needs both ends, as dates or as years */
        int have_dates = idx[8] >= 0 && idx[9] >= 0, have_years = idx[0] >= 0 && idx[1] >= 0;
        const char *lone = idx[8] >= 0 && idx[9] < 0   ? "last_date"
                           : idx[9] >= 0 && idx[8] < 0 ? "first_date"
                           : idx[0] >= 0 && idx[1] < 0 ? "last_year"
                           : idx[1] >= 0 && idx[0] < 0 ? "first_year"
                                                       : NULL;
        if (lone || (!have_dates && !have_years)) {
            char found[512];
            xd_text_list(found, sizeof found, t.header, t.ncols);
            if (lone)
                rc = xd_error(d, XD_EDATA, "%s:%ld: missing required column '%s' (found: %s)", t.name, t.header_line,
                              lone, found);
            else
                rc = xd_error(d, XD_EDATA,
                              "%s:%ld: missing required columns 'first_date' and 'last_date' (or 'first_year' and "
                              "'last_year') (found: %s)",
                              t.name, t.header_line, found);
        }
    }
    if (rc != XD_OK || !present) {
        xd_table_free(&t);
        return rc;
    }
    int pidx[4] = {idx[0], idx[1], idx[8], idx[9]};
    ds->aggregates = calloc(t.nrows + 1, sizeof *ds->aggregates);
    for (size_t r = 0; r < t.nrows && ds->aggregates; r++) {
        const xd_csv_row *row = &t.rows[r];
        xd_aggregate a = {0};
        int ok = aggregate_period(&t, row, pidx, &a, d);
        const char *stat = cell(row, idx[2]);
        int is_total = 0;
        if (strcmp(stat, "mean") == 0)
            a.statistic = XD_AGG_MEAN;
        else if (strcmp(stat, "total") == 0) {
            a.statistic = XD_AGG_TOTAL;
            is_total = 1;
        } else {
            bad_field(d, &t, row, idx[2], "'mean' or 'total'");
            ok = 0;
        }
        const char *v = cell(row, idx[3]);
        long whole;
        if (is_total) {
            if (xd_parse_count(v, &whole))
                a.value = (double)whole;
            else {
                bad_field(d, &t, row, idx[3], "a whole number >= 0 for a total");
                ok = 0;
            }
        } else if (!xd_parse_decimal(v, &a.value)) {
            bad_field(d, &t, row, idx[3], "a number >= 0 such as 65 or 62.5");
            ok = 0;
        }
        ok &= check_source(ds, sources_read, &t, row, idx[4], d);
        ok &= check_measure(&t, row, idx[5], d);
        ok &= parse_status(&t, row, idx[6], &a.status, d);
        ok &= check_text(&t, row, idx[7], d);
        ok &= check_text(&t, row, idx[10], d);
        if (!ok) {
            rc = XD_EDATA;
            continue;
        }
        a.value_text = strdup(v);
        a.source = strdup(cell(row, idx[4]));
        a.measure = measure_or_main(ds, cell(row, idx[5]));
        a.note = strdup(cell(row, idx[7]));
        a.note_es = dup_or_null(row, idx[10]);
        a.line = row->line;
        ds->aggregates[ds->n_aggregates++] = a;
    }
    xd_table_free(&t);
    return ds->aggregates ? rc : xd_error(d, XD_ENOMEM, "out of memory");
}

static int transfer_cmp(const void *pa, const void *pb)
{
    const xd_transfer *a = pa, *b = pb;
    int c = strcmp(a->date, b->date);
    return c ? c : (a->line > b->line) - (a->line < b->line);
}

static int load_transfers(xd_dataset *ds, int sources_read, xd_diags *d)
{
    enum { DATE, COUNT, MECH, LABEL, SOURCE, NOTE, MECH_ES, LABEL_ES, NOTE_ES, KIND, NCOLS };
    static const column_spec spec[NCOLS] = {{"date", 1},         {"count", 1},    {"mechanism", 1}, {"label", 1},
                                            {"source", 1},       {"note", 0},     {"mechanism_es", 0},
                                            {"label_es", 0},     {"note_es", 0},  {"kind", 0}};
    int idx[NCOLS], present;
    xd_table t;
    int rc = load_table(ds, "transfers.csv", 1, &t, &present, d);
    if (rc == XD_OK && present)
        rc = map_columns(&t, spec, NCOLS, idx, d);
    if (rc != XD_OK || !present) {
        xd_table_free(&t);
        return rc;
    }
    ds->transfers = calloc(t.nrows + 1, sizeof *ds->transfers);
    for (size_t r = 0; r < t.nrows && ds->transfers; r++) {
        const xd_csv_row *row = &t.rows[r];
        xd_transfer x = {0};
        int ok = 1;
        const char *date = cell(row, idx[0]);
        if (!xd_parse_date(date, &x.year, &x.month, &x.day)) {
            bad_field(d, &t, row, idx[0], "a calendar date YYYY-MM-DD (1900-2100)");
            ok = 0;
        }
        if (!xd_parse_count(cell(row, idx[1]), &x.count)) {
            bad_field(d, &t, row, idx[1], "a whole number >= 0");
            ok = 0;
        }
        ok &= check_source(ds, sources_read, &t, row, idx[4], d);
        static const int texts[] = {MECH, LABEL, NOTE, MECH_ES, LABEL_ES, NOTE_ES};
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
            ok &= check_text(&t, row, idx[texts[k]], d);
        const char *kind = cell(row, idx[KIND]);
        if (!*kind || strcmp(kind, "transfer") == 0)
            x.kind = XD_KIND_TRANSFER;
        else if (strcmp(kind, "expulsion") == 0)
            x.kind = XD_KIND_EXPULSION;
        else if (strcmp(kind, "deportation") == 0)
            x.kind = XD_KIND_DEPORTATION;
        else if (strcmp(kind, "extradition") == 0)
            x.kind = XD_KIND_EXTRADITION;
        else {
            bad_field(d, &t, row, idx[KIND], "'transfer' (or empty), 'expulsion', 'deportation' or 'extradition'");
            ok = 0;
        }
        if (!ok) {
            rc = XD_EDATA;
            continue;
        }
        for (size_t k = 0; k < ds->n_transfers; k++)
            if (strcmp(ds->transfers[k].date, date) == 0) {
                xd_error(d, XD_EDATA,
                         "%s:%ld:%d: date: a second transfer on %s (first on line %ld); one row per transfer, "
                         "corroborating sources go in the note",
                         t.name, row->lines[idx[0]], idx[0] + 1, date, ds->transfers[k].line);
                ok = 0;
            }
        if (!ok) {
            rc = XD_EDATA;
            continue;
        }
        memcpy(x.date, date, 10);
        x.mechanism = strdup(cell(row, idx[2]));
        x.label = strdup(cell(row, idx[3]));
        x.source = strdup(cell(row, idx[4]));
        x.note = strdup(cell(row, idx[5]));
        x.mechanism_es = dup_or_null(row, idx[MECH_ES]);
        x.label_es = dup_or_null(row, idx[LABEL_ES]);
        x.note_es = dup_or_null(row, idx[NOTE_ES]);
        x.line = row->line;
        ds->transfers[ds->n_transfers++] = x;
    }
    xd_table_free(&t);
    if (!ds->transfers)
        return xd_error(d, XD_ENOMEM, "out of memory");
    qsort(ds->transfers, ds->n_transfers, sizeof *ds->transfers, transfer_cmp);
    return rc;
}

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t i = n;
    while (i > 0 && path[i - 1] != '/')
        i--;
    return path + i;
}

/* Whether annual.csv is read row by row (annual_scan.h) rather than as a table. */
static int stream_annual(const xd_dataset *ds, xd_annual_mode mode)
{
    struct stat st;
    if (mode == XD_ANNUAL_AUTO)
        return stat(ds->file_annual, &st) == 0 && S_ISREG(st.st_mode) && (long long)st.st_size > XD_ANNUAL_STREAM_BYTES;
    return mode == XD_ANNUAL_STREAM;
}

int xd_dataset_load(const char *dir, xd_dataset *ds, xd_diags *d)
{
    return xd_dataset_load_mode(dir, XD_ANNUAL_TABLE, ds, d);
}

int xd_dataset_load_mode(const char *dir, xd_annual_mode annual_mode, xd_dataset *ds, xd_diags *d)
{
    memset(ds, 0, sizeof *ds);
    struct stat st;
    if (stat(dir, &st) != 0)
        return xd_error(d, XD_EDATA, "%s: cannot open the dataset folder: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return xd_error(d, XD_EDATA, "%s: expected a dataset folder (with annual.csv and sources.csv), found a file",
                        dir);
    ds->dir = strdup(dir);
    ds->file_annual = join_path(dir, "annual.csv");
    ds->file_aggregates = join_path(dir, "aggregates.csv");
    ds->file_transfers = join_path(dir, "transfers.csv");
    ds->file_sources = join_path(dir, "sources.csv");
    ds->file_meta = join_path(dir, "meta.csv");
    ds->file_monthly = join_path(dir, "monthly.csv");
    int status = XD_OK;
    int rc = load_meta(ds, d);
    if (rc != XD_OK)
        status = rc;
    const char *name = xd_dataset_meta(ds, "name");
    const char *main_measure = xd_dataset_meta(ds, "main_measure");
    char *folder = strdup(dir);
    if (folder) {
        size_t n = strlen(folder);
        while (n > 1 && folder[n - 1] == '/')
            folder[--n] = '\0';
    }
    ds->name = strdup(name && *name ? name : folder ? base_name(folder) : "dataset");
    free(folder);
    ds->main_measure = strdup(main_measure && *main_measure ? main_measure : "all");
    /* sources first: every other file refers to them */
    int sources_read;
    rc = load_sources(ds, &sources_read, d);
    if (rc != XD_OK && status == XD_OK)
        status = rc;
    rc = stream_annual(ds, annual_mode) ? xd_annual_scan(ds, sources_read, d) : load_counts(ds, sources_read, 0, d);
    if (rc != XD_OK && status == XD_OK)
        status = rc;
    rc = load_counts(ds, sources_read, 1, d);
    if (rc != XD_OK && status == XD_OK)
        status = rc;
    rc = load_aggregates(ds, sources_read, d);
    if (rc != XD_OK && status == XD_OK)
        status = rc;
    rc = load_transfers(ds, sources_read, d);
    if (rc != XD_OK && status == XD_OK)
        status = rc;
    int transfers_read = rc == XD_OK;
    rc = xd_people_load(ds, sources_read, transfers_read, &ds->people, d);
    if (rc != XD_OK && status == XD_OK)
        status = rc;
    return status;
}

void xd_dataset_free(xd_dataset *ds)
{
    for (size_t i = 0; i < ds->n_annual; i++) {
        free(ds->annual[i].source);
        free(ds->annual[i].measure);
        free(ds->annual[i].note);
        free(ds->annual[i].note_es);
    }
    for (size_t i = 0; i < ds->n_monthly; i++) {
        free(ds->monthly[i].source);
        free(ds->monthly[i].measure);
        free(ds->monthly[i].note);
        free(ds->monthly[i].note_es);
    }
    for (size_t i = 0; i < ds->n_aggregates; i++) {
        free(ds->aggregates[i].value_text);
        free(ds->aggregates[i].source);
        free(ds->aggregates[i].measure);
        free(ds->aggregates[i].note);
        free(ds->aggregates[i].note_es);
    }
    for (size_t i = 0; i < ds->n_transfers; i++) {
        free(ds->transfers[i].mechanism);
        free(ds->transfers[i].label);
        free(ds->transfers[i].source);
        free(ds->transfers[i].note);
        free(ds->transfers[i].mechanism_es);
        free(ds->transfers[i].label_es);
        free(ds->transfers[i].note_es);
    }
    for (size_t i = 0; i < ds->n_sources; i++) {
        free(ds->sources[i].id);
        free(ds->sources[i].name);
        free(ds->sources[i].url);
        free(ds->sources[i].published);
        free(ds->sources[i].quote);
        free(ds->sources[i].name_es);
    }
    for (size_t i = 0; i < ds->n_meta; i++) {
        free(ds->meta[i].key);
        free(ds->meta[i].value);
    }
    xd_people_free(ds->people);
    free(ds->annual);
    free(ds->monthly);
    free(ds->aggregates);
    free(ds->transfers);
    free(ds->sources);
    free(ds->meta);
    free(ds->dir);
    free(ds->name);
    free(ds->main_measure);
    free(ds->file_annual);
    free(ds->file_aggregates);
    free(ds->file_transfers);
    free(ds->file_sources);
    free(ds->file_meta);
    free(ds->file_monthly);
    memset(ds, 0, sizeof *ds);
}

const xd_meta_entry *xd_dataset_meta_entry(const xd_dataset *ds, const char *key)
{
    for (size_t i = 0; i < ds->n_meta; i++)
        if (ds->meta[i].key && strcmp(ds->meta[i].key, key) == 0)
            return &ds->meta[i];
    return NULL;
}

const char *xd_dataset_meta(const xd_dataset *ds, const char *key)
{
    const xd_meta_entry *e = xd_dataset_meta_entry(ds, key);
    return e ? e->value : NULL;
}

const xd_source *xd_dataset_source(const xd_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_sources; i++)
        if (ds->sources[i].id && strcmp(ds->sources[i].id, id) == 0) /* NULL after a failed strdup */
            return &ds->sources[i];
    return NULL;
}

static const char *measure_label_of(const xd_dataset *ds, const char *measure, const char *lang)
{
    char key[256];
    int is_main = strcmp(measure, ds->main_measure) == 0;
    const char *v = NULL;
    if (lang && strncmp(lang, "es", 2) == 0) {
        if (is_main)
            snprintf(key, sizeof key, "main_measure_label_es");
        else
            snprintf(key, sizeof key, "measure_label_es:%s", measure);
        v = xd_dataset_meta(ds, key);
    }
    if (!v) {
        if (is_main)
            snprintf(key, sizeof key, "main_measure_label");
        else
            snprintf(key, sizeof key, "measure_label:%s", measure);
        v = xd_dataset_meta(ds, key);
    }
    return v && *v ? v : NULL;
}

const char *xd_dataset_measure_label(const xd_dataset *ds, const char *measure, const char *lang)
{
    int es = lang && strncmp(lang, "es", 2) == 0;
    return xd_measure_label(ds, measure, es ? XD_LANG_ES : XD_LANG_EN);
}

const char *xd_measure_label(const xd_dataset *ds, const char *measure, xd_lang lang)
{
    const char *v = measure_label_of(ds, measure, lang == XD_LANG_EN ? "en" : "es");
    if (v)
        return v;
    return strcmp(measure, ds->main_measure) == 0 ? xd_text(lang, "measure.main") : measure;
}

int xd_measure_has_label(const xd_dataset *ds, const char *measure)
{
    return measure_label_of(ds, measure, "en") != NULL;
}

const char *xd_text_pick(xd_lang lang, const char *original, const char *es)
{
    if (lang != XD_LANG_EN && es && *es)
        return es;
    return original ? original : "";
}

const char *xd_transfer_label(const xd_transfer *t, xd_lang lang) { return xd_text_pick(lang, t->label, t->label_es); }
const char *xd_transfer_mechanism(const xd_transfer *t, xd_lang lang)
{
    return xd_text_pick(lang, t->mechanism, t->mechanism_es);
}
const char *xd_transfer_note(const xd_transfer *t, xd_lang lang) { return xd_text_pick(lang, t->note, t->note_es); }
const char *xd_source_name(const xd_source *s, xd_lang lang) { return xd_text_pick(lang, s->name, s->name_es); }
const char *xd_annual_note(const xd_annual *a, xd_lang lang) { return xd_text_pick(lang, a->note, a->note_es); }
const char *xd_aggregate_note(const xd_aggregate *g, xd_lang lang) { return xd_text_pick(lang, g->note, g->note_es); }

const char *xd_dataset_meta_text(const xd_dataset *ds, const char *key, xd_lang lang)
{
    if (lang != XD_LANG_EN) {
        char k[256];
        const char *colon = strchr(key, ':');
        if (colon)
            snprintf(k, sizeof k, "%.*s_es%s", (int)(colon - key), key, colon);
        else
            snprintf(k, sizeof k, "%s_es", key);
        const char *v = xd_dataset_meta(ds, k);
        if (v && *v)
            return v;
    }
    const char *v = xd_dataset_meta(ds, key);
    return v && *v ? v : NULL;
}

static int is_method_note(const char *key, int es)
{
    const char *base = es ? "method_note_es" : "method_note";
    size_t n = strlen(base);
    return strncmp(key, base, n) == 0 && (key[n] == '\0' || key[n] == ':');
}

size_t xd_dataset_method_notes(const xd_dataset *ds, xd_lang lang, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n_meta && n < cap; i++) {
        const char *key = ds->meta[i].key;
        if (!key)
            continue;
        if (is_method_note(key, 0)) {
            const char *v = xd_dataset_meta_text(ds, key, lang);
            if (v)
                out[n++] = v;
        } else if (lang != XD_LANG_EN && is_method_note(key, 1) && ds->meta[i].value && *ds->meta[i].value) {
            /* a Spanish note without an English one still speaks in Spanish */
            char orig[256];
            snprintf(orig, sizeof orig, "method_note%s", key + 14);
            const char *o = xd_dataset_meta(ds, orig);
            if (!o || !*o)
                out[n++] = ds->meta[i].value;
        }
    }
    return n;
}

const char *xd_transfer_kind_name(xd_transfer_kind k)
{
    static const char *const names[] = {"transfer", "expulsion", "deportation", "extradition"};
    return (unsigned)k < 4 ? names[k] : "transfer";
}

const xd_transfer *xd_dataset_transfer_on(const xd_dataset *ds, const char *date)
{
    for (size_t i = 0; i < ds->n_transfers; i++)
        if (strcmp(ds->transfers[i].date, date) == 0)
            return &ds->transfers[i];
    return NULL;
}

size_t xd_dataset_measures(const xd_dataset *ds, const char ***out)
{
    const char **list = calloc(ds->n_annual + 2, sizeof *list);
    size_t n = 0;
    if (!list) {
        *out = NULL;
        return 0;
    }
    list[n++] = ds->main_measure;
    for (size_t i = 0; i < ds->n_annual; i++) {
        size_t k = 0;
        while (k < n && strcmp(list[k], ds->annual[i].measure) != 0)
            k++;
        if (k == n)
            list[n++] = ds->annual[i].measure;
    }
    *out = list;
    return n;
}

static const char *measure_at(const xd_dataset *ds, size_t i)
{
    if (i < ds->n_annual)
        return ds->annual[i].measure;
    i -= ds->n_annual;
    if (i < ds->n_monthly)
        return ds->monthly[i].measure;
    i -= ds->n_monthly;
    return i < ds->n_aggregates ? ds->aggregates[i].measure : NULL;
}

int xd_dataset_has_measure(const xd_dataset *ds, const char *m)
{
    const char *x;
    for (size_t i = 0; (x = measure_at(ds, i)) != NULL; i++)
        if (strcmp(x, m) == 0)
            return 1;
    return 0;
}

size_t xd_dataset_measure_text(const xd_dataset *ds, char *buf, size_t cap)
{
    size_t n = 0, room = 16;
    const char **seen = malloc(room * sizeof *seen);
    xd_list l;
    xd_list_init(&l, buf, cap);
    if (!seen)
        return 0;
    if (xd_dataset_has_measure(ds, ds->main_measure))
        seen[n++] = ds->main_measure;
    const char *x;
    for (size_t i = 0; (x = measure_at(ds, i)) != NULL; i++) {
        size_t k = 0;
        while (k < n && strcmp(seen[k], x) != 0)
            k++;
        if (k < n)
            continue;
        if (n == room) {
            const char **more = realloc(seen, 2 * room * sizeof *seen);
            if (!more)
                break;
            seen = more;
            room *= 2;
        }
        seen[n++] = x;
    }
    for (size_t k = 0; k < n; k++)
        xd_list_add(&l, ", ", "%s", seen[k]);
    xd_list_end(&l);
    free(seen);
    return n;
}

/* Reconciles the rows of one year: equal counts corroborate; different counts
 * need preferred rows that agree among themselves. */
static void resolve_year(xd_year *y)
{
    if (y->n_rows == 0)
        return;
    long first = y->rows[0]->count;
    int differ = 0;
    for (size_t i = 1; i < y->n_rows; i++)
        differ |= y->rows[i]->count != first;
    long chosen = first;
    if (differ) {
        y->conflict = 1;
        int have_preferred = 0;
        for (size_t i = 0; i < y->n_rows; i++) {
            if (y->rows[i]->status != XD_ROW_PREFERRED)
                continue;
            if (have_preferred && y->rows[i]->count != chosen)
                y->unresolved = 1;
            chosen = y->rows[i]->count;
            have_preferred = 1;
        }
        if (!have_preferred)
            y->unresolved = 1;
    }
    y->has_value = !y->unresolved;
    y->count = chosen;
    for (size_t i = 0; i < y->n_rows; i++)
        y->n_agree += y->rows[i]->count == chosen;
}

const char *xd_period_text(char *buf, size_t cap, int by_month, int period)
{
    if (by_month)
        snprintf(buf, cap, "%d-%02d", period / 12, period % 12 + 1);
    else
        snprintf(buf, cap, "%d", period);
    return buf;
}

long xd_annual_days(const xd_annual *a)
{
    if (!a->through_y)
        return a->month ? xd_days_in_month(a->year, a->month)
                        : xd_days_from_civil(a->year + 1, 1, 1) - xd_days_from_civil(a->year, 1, 1);
    return xd_days_from_civil(a->through_y, a->through_m, a->through_d) -
           xd_days_from_civil(a->year, a->month ? a->month : 1, 1) + 1;
}

const char *xd_to_date_text(char *buf, size_t cap, const xd_annual *a)
{
    return xd_to_date_text_lang(buf, cap, a, XD_LANG_EN);
}

const char *xd_to_date_text_lang(char *buf, size_t cap, const xd_annual *a, xd_lang lang)
{
    static const char *const abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const abbr_es[12] = {"ene", "feb", "mar", "abr", "may", "jun",
                                            "jul", "ago", "sep", "oct", "nov", "dic"};
    char p[16];
    xd_period_text(p, sizeof p, a->month != 0, xd_period_of(a->year, a->month));
    if (a->through_y && lang == XD_LANG_EN)
        snprintf(buf, cap, "%s (to %d %s)", p, a->through_d, abbr[a->through_m - 1]);
    else if (a->through_y)
        snprintf(buf, cap, "%s (al %d %s)", p, a->through_d, abbr_es[a->through_m - 1]);
    else
        snprintf(buf, cap, "%s", p);
    return buf;
}

/* Of two figures to date, the one that covers more; on the same day the
 * preferred one, else the first in the file. */
static const xd_annual *later_to_date(const xd_annual *have, const xd_annual *row)
{
    if (!have)
        return row;
    long a = xd_annual_days(have), b = xd_annual_days(row);
    if (b != a)
        return b > a ? row : have;
    return row->status == XD_ROW_PREFERRED && have->status != XD_ROW_PREFERRED ? row : have;
}

/* Yearly and monthly series alike: rows are grouped by period (xd_period_of). */
static int series_build(const xd_dataset *ds, int by_month, const char *measure, int from, int to,
                        int allow_unresolved, xd_series *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    const xd_annual *all = by_month ? ds->monthly : ds->annual;
    size_t n_all = by_month ? ds->n_monthly : ds->n_annual;
    const char *file = by_month ? ds->file_monthly : ds->file_annual;
    const char *m = measure && *measure ? measure : ds->main_measure;
    int lo = 0, hi = 0;
    int user_from = from, user_to = to;
    for (size_t i = 0; i < n_all; i++) {
        const xd_annual *a = &all[i];
        /* a figure to date never stretches the range of the period's figures */
        if (strcmp(a->measure, m) != 0 || a->through_y)
            continue;
        int p = xd_period_of(a->year, a->month);
        if (!lo || p < lo)
            lo = p;
        if (!hi || p > hi)
            hi = p;
    }
    if (!from)
        from = lo;
    if (!to)
        to = hi;
    if (!from || !to) {
        if (by_month && !ds->has_monthly)
            return xd_error(d, XD_EDATA, "%s: no monthly figures: the dataset has no monthly.csv", file);
    {
        char list[512];
        if (!xd_dataset_has_measure(ds, m) && xd_dataset_measure_text(ds, list, sizeof list))
            return xd_error(d, XD_EDATA, "%s: no %s figures for measure '%s': the dataset has no such measure; its "
                            "measures are: %s", file, by_month ? "monthly" : "yearly", m, list);
        return xd_error(d, XD_EDATA, "%s: no %s figures for measure '%s'", file, by_month ? "monthly" : "yearly", m);
    }
    }
    char t1[16], t2[16];
    if (from > to)
        return xd_error(d, XD_EUSAGE, "the period %s-%s is empty: expected the first %s <= the last",
                        xd_period_text(t1, sizeof t1, by_month, from), xd_period_text(t2, sizeof t2, by_month, to),
                        by_month ? "month" : "year");
    out->by_month = by_month;
    out->measure = strdup(m);
    out->from = from;
    out->to = to;
    out->n = (size_t)(to - from + 1);
    out->years = calloc(out->n, sizeof *out->years);
    if (!out->measure || !out->years)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t k = 0; k < out->n; k++) {
        xd_year *y = &out->years[k];
        y->period = from + (int)k;
        y->year = by_month ? y->period / 12 : y->period;
        y->month = by_month ? y->period % 12 + 1 : 0;
        size_t count = 0;
        for (size_t i = 0; i < n_all; i++) {
            if (xd_period_of(all[i].year, all[i].month) != y->period || strcmp(all[i].measure, m) != 0)
                continue;
            if (all[i].through_y)
                y->to_date = later_to_date(y->to_date, &all[i]);
            else
                count++;
        }
        if (!count)
            continue;
        y->rows = calloc(count, sizeof *y->rows); // NOLINT(bugprone-sizeof-expression)
        if (!y->rows)
            return xd_error(d, XD_ENOMEM, "out of memory");
        for (size_t i = 0; i < n_all; i++)
            if (!all[i].through_y && xd_period_of(all[i].year, all[i].month) == y->period &&
                strcmp(all[i].measure, m) == 0)
                y->rows[y->n_rows++] = &all[i];
        resolve_year(y);
    }
    /* the figures to date, latest per period: within the range asked for, or all */
    for (size_t i = 0; i < n_all; i++) {
        const xd_annual *a = &all[i];
        int p = xd_period_of(a->year, a->month);
        if (!a->through_y || strcmp(a->measure, m) != 0 || (user_from && p < user_from) || (user_to && p > user_to))
            continue;
        size_t k = 0;
        while (k < out->n_to_date && xd_period_of(out->to_date[k]->year, out->to_date[k]->month) != p)
            k++;
        if (k < out->n_to_date) {
            out->to_date[k] = later_to_date(out->to_date[k], a);
            continue;
        }
        const xd_annual **grown =
            realloc((void *)out->to_date, (out->n_to_date + 1) * sizeof *grown); // NOLINT(bugprone-sizeof-expression)
        if (!grown)
            return xd_error(d, XD_ENOMEM, "out of memory");
        out->to_date = grown;
        /* in period order */
        size_t at = out->n_to_date;
        while (at > 0 && xd_period_of(grown[at - 1]->year, grown[at - 1]->month) > p) {
            grown[at] = grown[at - 1];
            at--;
        }
        grown[at] = a;
        out->n_to_date++;
    }
    int rc = XD_OK;
    for (size_t k = 0; k < out->n && !allow_unresolved; k++) {
        const xd_year *y = &out->years[k];
        if (!y->unresolved)
            continue;
        char rows[1024];
        xd_list lr;
        xd_list_init(&lr, rows, sizeof rows);
        for (size_t i = 0; i < y->n_rows; i++)
            xd_list_add(&lr, "; ", "line %ld (%ld, %s%s)", y->rows[i]->line, y->rows[i]->count, y->rows[i]->source,
                        y->rows[i]->status == XD_ROW_PREFERRED ? ", preferred" : "");
        xd_list_end_uncounted(&lr);
        rc = xd_error(d, XD_EDATA,
                      "%s: %s (%s): unresolved conflict: the sources disagree and expected exactly one "
                      "preferred value (status=preferred), found: %s",
                      file, xd_period_text(t1, sizeof t1, by_month, y->period), m, rows);
    }
    return rc;
}

int xd_series_build(const xd_dataset *ds, const char *measure, int from, int to, int allow_unresolved,
                    xd_series *out, xd_diags *d)
{
    return series_build(ds, 0, measure, from, to, allow_unresolved, out, d);
}

int xd_series_build_monthly(const xd_dataset *ds, const char *measure, int from, int to, int allow_unresolved,
                            xd_series *out, xd_diags *d)
{
    return series_build(ds, 1, measure, from, to, allow_unresolved, out, d);
}

void xd_series_free(xd_series *s)
{
    for (size_t k = 0; k < s->n && s->years; k++)
        free((void *)s->years[k].rows);
    free(s->years);
    free(s->measure);
    free((void *)s->to_date);
    memset(s, 0, sizeof *s);
}

size_t xd_series_values(const xd_series *s, double *years, double *counts)
{
    size_t n = 0;
    for (size_t k = 0; k < s->n; k++) {
        if (!s->years[k].has_value)
            continue;
        if (years)
            years[n] = s->years[k].period;
        if (counts)
            counts[n] = (double)s->years[k].count;
        n++;
    }
    return n;
}

const xd_year *xd_series_year(const xd_series *s, int year)
{
    if (year < s->from || year > s->to)
        return NULL;
    return &s->years[year - s->from];
}
