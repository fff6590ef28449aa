#include "trend.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int xd_trend_compute(const xd_series *s, double level, xd_trend *out, xd_diags *d)
{
    return xd_trend_compute_with(s, level, NULL, out, d);
}

int xd_trend_compute_with(const xd_series *s, double level, const xd_models_options *mo, xd_trend *out,
                          xd_diags *d)
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
    if (rc == XD_OK) {
        xd_models_options o;
        if (mo)
            o = *mo;
        else
            xd_models_options_default(&o);
        /* a joinpoint search over hundreds of months is not what the permutation test was made for */
        if (s->by_month) {
            o.joinpoint.k = 0;
            o.joinpoint.k_max = 0;
        }
        rc = xd_models_fit(out->years, out->counts, out->n, level, &o, &out->models, d);
    }
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

int xd_trend_predict(const xd_trend *t, double x, double *mu, double *lo, double *hi)
{
    const xd_models *m = &t->models;
    switch (m->headline_model) {
    case XD_MODEL_JOINPOINT:
        xd_joinpoint_predict(&m->joinpoint, x, t->level, mu, lo, hi);
        return isfinite(*mu);
    case XD_MODEL_POISSON:
        xd_stats_poisson_predict(&t->poisson, x, t->level, mu, lo, hi);
        return isfinite(*mu);
    case XD_MODEL_QUASI_POISSON:
        /* the Poisson curve, its band widened by the dispersion with t on the residual df */
        xd_stats_poisson_predict_scaled(&t->poisson, x, t->level, m->quasi_poisson.dispersion,
                                        m->quasi_poisson.df, mu, lo, hi);
        return isfinite(*mu) && isfinite(*lo) && isfinite(*hi);
    default:
        *mu = *lo = *hi = NAN;
        return 0;
    }
}
