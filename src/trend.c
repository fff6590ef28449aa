#include "trend.h"

#include <stdlib.h>
#include <string.h>

int xd_trend_compute(const xd_series *s, double level, xd_trend *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    out->measure = strdup(s->measure);
    out->by_month = s->by_month;
    out->from = s->from;
    out->to = s->to;
    out->level = level;
    out->years = calloc(s->n + 1, sizeof *out->years);
    out->counts = calloc(s->n + 1, sizeof *out->counts);
    out->gaps = calloc(s->n + 1, sizeof *out->gaps);
    if (!out->measure || !out->years || !out->counts || !out->gaps)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t k = 0; k < s->n; k++)
        if (!s->years[k].has_value)
            out->gaps[out->n_gaps++] = s->years[k].period;
    out->n = xd_series_values(s, out->years, out->counts);
    /* months count from the first month, so that the slope is per month */
    for (size_t i = 0; s->by_month && i < out->n; i++)
        out->years[i] -= s->from;
    char p1[16], p2[16];
    if (out->n < 3)
        return xd_error(d, XD_EDATA, "a trend needs at least 3 %s with a sourced figure; '%s' has %zu from %s to %s",
                        s->by_month ? "months" : "years", s->measure, out->n,
                        xd_period_text(p1, sizeof p1, s->by_month, s->from),
                        xd_period_text(p2, sizeof p2, s->by_month, s->to));
    int rc = xd_stats_ols(out->years, out->counts, out->n, level, &out->ols, d);
    if (rc == XD_OK)
        rc = xd_stats_poisson_regression(out->years, out->counts, out->n, level, &out->poisson, d);
    if (rc == XD_OK)
        rc = xd_stats_mann_kendall(out->years, out->counts, out->n, level, &out->mk, d);
    return rc;
}

void xd_trend_free(xd_trend *t)
{
    free(t->measure);
    free(t->years);
    free(t->counts);
    free(t->gaps);
    memset(t, 0, sizeof *t);
}
