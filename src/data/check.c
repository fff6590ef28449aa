#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double xd_check_rounding(const char *value_text)
{
    const char *dot = strchr(value_text, '.');
    double tol = 0.5;
    if (dot)
        for (const char *p = dot + 1; *p; p++)
            tol /= 10;
    return tol;
}

const char *xd_reconcile_status_name(enum xd_reconcile_status s)
{
    switch (s) {
    case XD_AGG_AGREES: return "agrees";
    case XD_AGG_DISAGREES: return "disagrees";
    case XD_AGG_IMPLIED: return "implied";
    case XD_AGG_INCOMPLETE: return "incomplete";
    case XD_AGG_NOT_COMPARABLE: return "not_comparable";
    }
    return "?";
}

static int has_monthly_measure(const xd_dataset *ds, const char *m)
{
    for (size_t i = 0; i < ds->n_monthly; i++)
        if (strcmp(ds->monthly[i].measure, m) == 0)
            return 1;
    return 0;
}

/* Which figures a period can be set against: 0 years, 1 months, -1 none (the
 * reason is written). */
static int comparable_by(const xd_dataset *ds, const xd_aggregate *a, char *reason, size_t cap, int *no_monthly)
{
    if (a->whole_years)
        return 0;
    char span[96];
    xd_span_text(span, sizeof span, &a->span);
    /* a yearly mean cannot be set against months */
    if (!a->whole_months || a->statistic == XD_AGG_MEAN)
        snprintf(reason, cap, "%s is not a whole number of calendar years", span);
    else if (!ds->has_monthly)
        snprintf(reason, cap, "%s is not a whole number of calendar years", span);
    else if (!has_monthly_measure(ds, a->measure) && (*no_monthly = 1))
        snprintf(reason, cap, "%s is not a whole number of calendar years, and monthly.csv has no figure of "
                              "measure '%s'", span, a->measure);
    else
        return 1;
    return -1;
}

static int reconcile_one(const xd_dataset *ds, const xd_aggregate *a, double tolerance, xd_reconcile *r,
                         xd_diags *d)
{
    r->aggregate = a;
    int by = comparable_by(ds, a, r->reason, sizeof r->reason, &r->no_monthly_measure);
    if (by < 0) {
        r->kind = XD_RECONCILE_NOT_COMPARABLE;
        r->status = XD_AGG_NOT_COMPARABLE;
        return XD_OK;
    }
    r->by_month = by;
    int first = by ? xd_period_of(a->span.y1, a->span.m1) : a->span.y1;
    int last = by ? xd_period_of(a->span.y2, a->span.m2) : a->span.y2;
    r->years = last - first + 1;
    r->reported_total = a->statistic == XD_AGG_MEAN ? a->value * r->years : a->value;
    xd_series s;
    xd_diags quiet;
    xd_diags_init(&quiet);
    int rc = by ? xd_series_build_monthly(ds, a->measure, first, last, 1, &s, &quiet)
                : xd_series_build(ds, a->measure, first, last, 1, &s, &quiet);
    xd_diags_free(&quiet);
    r->missing = calloc((size_t)r->years, sizeof *r->missing);
    if (!r->missing) {
        xd_series_free(&s);
        return xd_error(d, XD_ENOMEM, "out of memory");
    }
    for (int p = first; p <= last; p++) {
        const xd_year *yr = rc == XD_OK ? xd_series_year(&s, p) : NULL;
        if (yr && yr->unresolved)
            r->has_unresolved = 1;
        if (yr && yr->has_value) {
            r->n_known++;
            r->known_total += (double)yr->count;
        } else {
            r->missing[r->n_missing++] = p;
        }
    }
    xd_series_free(&s);
    const char *unit = by ? "month" : "year";
    if (r->n_known == 0) {
        r->kind = XD_RECONCILE_NONE;
        r->status = XD_AGG_INCOMPLETE;
        snprintf(r->reason, sizeof r->reason, "no %s of the period has a %sly figure", unit, unit);
    } else if (r->n_missing == 0) {
        r->kind = XD_RECONCILE_COMPLETE;
        r->computed = a->statistic == XD_AGG_MEAN ? r->known_total / r->years : r->known_total;
        r->difference = a->value - r->computed;
        r->tolerance = tolerance >= 0 ? tolerance : xd_check_rounding(a->value_text);
        /* a small epsilon so that 65 vs 64.5 sits on the boundary, not over it */
        r->disagrees = fabs(r->difference) > r->tolerance + 1e-9;
        r->status = r->disagrees ? XD_AGG_DISAGREES : XD_AGG_AGREES;
    } else {
        r->kind = XD_RECONCILE_PARTIAL;
        r->implied_missing_total = r->reported_total - r->known_total;
        r->impossible = r->implied_missing_total < -1e-9;
        r->disagrees = r->impossible;
        r->status = r->impossible ? XD_AGG_DISAGREES : XD_AGG_IMPLIED;
    }
    return XD_OK;
}

int xd_check_reconcile(const xd_dataset *ds, double tolerance, xd_check *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    if (ds->n_aggregates == 0)
        return XD_OK;
    out->items = calloc(ds->n_aggregates, sizeof *out->items);
    if (!out->items)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->n_aggregates; i++) {
        xd_reconcile *r = &out->items[out->n++];
        int rc = reconcile_one(ds, &ds->aggregates[i], tolerance, r, d);
        if (rc != XD_OK)
            return rc;
        out->n_disagree += r->status == XD_AGG_DISAGREES;
    }
    return XD_OK;
}

void xd_check_free(xd_check *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].missing);
    free(c->items);
    memset(c, 0, sizeof *c);
}
