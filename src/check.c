#include "check.h"

#include <math.h>
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

int xd_check_reconcile(const xd_dataset *ds, double tolerance, xd_check *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    if (ds->n_aggregates == 0)
        return XD_OK;
    out->items = calloc(ds->n_aggregates, sizeof *out->items);
    if (!out->items)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->n_aggregates; i++) {
        const xd_aggregate *a = &ds->aggregates[i];
        xd_reconcile *r = &out->items[out->n++];
        r->aggregate = a;
        r->years = a->last_year - a->first_year + 1;
        r->reported_total = a->statistic == XD_AGG_MEAN ? a->value * r->years : a->value;
        xd_series s;
        xd_diags quiet;
        xd_diags_init(&quiet);
        int rc = xd_series_build(ds, a->measure, a->first_year, a->last_year, 1, &s, &quiet);
        xd_diags_free(&quiet);
        r->missing = calloc((size_t)r->years, sizeof *r->missing);
        if (!r->missing) {
            xd_series_free(&s);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
        for (int y = a->first_year; y <= a->last_year; y++) {
            const xd_year *yr = rc == XD_OK ? xd_series_year(&s, y) : NULL;
            if (yr && yr->unresolved)
                r->has_unresolved = 1;
            if (yr && yr->has_value) {
                r->n_known++;
                r->known_total += (double)yr->count;
            } else {
                r->missing[r->n_missing++] = y;
            }
        }
        xd_series_free(&s);
        if (r->n_known == 0) {
            r->kind = XD_RECONCILE_NONE;
        } else if (r->n_missing == 0) {
            r->kind = XD_RECONCILE_COMPLETE;
            r->computed = a->statistic == XD_AGG_MEAN ? r->known_total / r->years : r->known_total;
            r->difference = a->value - r->computed;
            r->tolerance = tolerance >= 0 ? tolerance : xd_check_rounding(a->value_text);
            /* a small epsilon so that 65 vs 64.5 sits on the boundary, not over it */
            r->disagrees = fabs(r->difference) > r->tolerance + 1e-9;
            out->n_disagree += (size_t)r->disagrees;
        } else {
            r->kind = XD_RECONCILE_PARTIAL;
            r->implied_missing_total = r->reported_total - r->known_total;
            r->impossible = r->implied_missing_total < -1e-9;
        }
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
