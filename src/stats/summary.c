#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int xd_summary_compute(const xd_series *s, double level, xd_summary *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    out->measure = strdup(s->measure);
    out->by_month = s->by_month;
    out->from = s->from;
    out->to = s->to;
    out->level = level;
    out->ci_t.lo = out->ci_t.hi = NAN;
    double *years = calloc(s->n + 1, sizeof *years), *counts = calloc(s->n + 1, sizeof *counts);
    out->gaps = calloc(s->n + 1, sizeof *out->gaps);
    if (!out->measure || !years || !counts || !out->gaps) {
        free(years);
        free(counts);
        return xd_error(d, XD_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < s->n; k++)
        if (!s->years[k].has_value)
            out->gaps[out->n_gaps++] = s->years[k].period;
    out->n = xd_series_values(s, years, counts);
    int rc = XD_OK;
    char p1[16], p2[16];
    if (out->n == 0)
        rc = xd_error(d, XD_EDATA, "no sourced %s figure for '%s' from %s to %s", s->by_month ? "monthly" : "yearly",
                      s->measure, xd_period_text(p1, sizeof p1, s->by_month, s->from),
                      xd_period_text(p2, sizeof p2, s->by_month, s->to));
    if (rc == XD_OK)
        rc = xd_stats_describe(counts, out->n, &out->desc, d);
    if (rc == XD_OK) {
        out->min_year = (int)years[out->desc.imin];
        out->max_year = (int)years[out->desc.imax];
        if (out->n >= 2)
            rc = xd_stats_t_interval(counts, out->n, level, &out->ci_t, d);
    }
    if (rc == XD_OK)
        rc = xd_stats_poisson_interval(out->desc.total, (double)out->n, level, &out->ci_poisson, d);
    free(years);
    free(counts);
    return rc;
}

void xd_summary_free(xd_summary *s)
{
    free(s->measure);
    free(s->gaps);
    memset(s, 0, sizeof *s);
}
