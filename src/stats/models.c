#include "models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "glm.h"

const char *xd_model_name(xd_model_kind k)
{
    switch (k) {
    case XD_MODEL_NONE: return "none";
    case XD_MODEL_POISSON: return "poisson";
    case XD_MODEL_QUASI_POISSON: return "quasi_poisson";
    case XD_MODEL_NEGATIVE_BINOMIAL: return "negative_binomial";
    case XD_MODEL_JOINPOINT: return "joinpoint";
    }
    return "none";
}

void xd_models_options_default(xd_models_options *o)
{
    xd_joinpoint_options_default(&o->joinpoint);
    o->overdispersion = 1.5;
}

static void nan_interval(xd_interval *i) { i->lo = i->hi = NAN; }

static void loglinear_nan(xd_loglinear *m)
{
    memset(m, 0, sizeof *m);
    m->slope = m->se = m->statistic = m->rate_ratio = m->pct_change = m->p_value = NAN;
    m->dispersion = m->deviance = m->pearson_chi2 = NAN;
    nan_interval(&m->rate_ratio_ci);
    nan_interval(&m->pct_change_ci);
}

static void negbin_nan(xd_negative_binomial *m)
{
    memset(m, 0, sizeof *m);
    m->theta = m->theta_se = m->slope = m->se = m->z = m->rate_ratio = NAN;
    m->pct_change = m->p_value = NAN;
    nan_interval(&m->rate_ratio_ci);
    nan_interval(&m->pct_change_ci);
}

/* Rate ratio, percent change, their intervals b +- q se, and the p-value
 * from the statistic b / se (t on df when df > 0, else normal). */
static void wald(double b, double se, double level, double df, double *stat, double *rr,
                 xd_interval *rr_ci, double *pct, xd_interval *pct_ci, double *p)
{
    double prob = 1.0 - (1.0 - level) / 2.0;
    double q = df > 0.0 ? gsl_cdf_tdist_Pinv(prob, df) : gsl_cdf_ugaussian_Pinv(prob);
    *stat = b / se;
    *p = 2.0 * (df > 0.0 ? gsl_cdf_tdist_Q(fabs(*stat), df) : gsl_cdf_ugaussian_Q(fabs(*stat)));
    *rr = exp(b);
    rr_ci->lo = exp(b - q * se);
    rr_ci->hi = exp(b + q * se);
    *pct = 100.0 * expm1(b);
    pct_ci->lo = 100.0 * expm1(b - q * se);
    pct_ci->hi = 100.0 * expm1(b + q * se);
}

static void loglinear_from(const xd_glm *f, double scale, double df_t, double level,
                           xd_loglinear *m)
{
    m->estimable = 1;
    m->slope = f->beta[1];
    m->se = sqrt(scale * f->cov[3]);
    m->df = f->df_residual;
    m->deviance = f->deviance;
    m->pearson_chi2 = f->pearson_chi2;
    m->dispersion = f->pearson_chi2 / (double)f->df_residual;
    wald(m->slope, m->se, level, df_t, &m->statistic, &m->rate_ratio, &m->rate_ratio_ci,
         &m->pct_change, &m->pct_change_ci, &m->p_value);
}

xd_model_kind xd_models_headline(const xd_models *m, double overdispersion)
{
    if (m->joinpoint.estimable && m->joinpoint.k >= 1)
        return XD_MODEL_JOINPOINT;
    if (!m->poisson.estimable)
        return XD_MODEL_NONE;
    if (m->poisson.df >= 1 && m->poisson.dispersion > overdispersion)
        return m->quasi_poisson.estimable ? XD_MODEL_QUASI_POISSON : XD_MODEL_NONE;
    return XD_MODEL_POISSON;
}

int xd_models_fit(const double *year, const double *count, size_t n, double level,
                  const xd_models_options *o, xd_models *out, xd_diags *d)
{
    xd_models_options defaults;
    if (!o) {
        xd_models_options_default(&defaults);
        o = &defaults;
    }
    memset(out, 0, sizeof *out);
    out->n = n;
    out->level = level;
    loglinear_nan(&out->poisson);
    loglinear_nan(&out->quasi_poisson);
    negbin_nan(&out->negative_binomial);
    out->headline_model = XD_MODEL_NONE;

    /* validates the input for every model */
    int rc = xd_joinpoint_fit(year, count, n, level, &o->joinpoint, &out->joinpoint, d);
    if (rc)
        return rc;

    double *X = malloc(2 * n * sizeof *X);
    if (!X)
        return xd_error(d, XD_ENOMEM, "trend models: out of memory");
    double xc = 0.0;
    for (size_t i = 0; i < n; i++)
        xc += year[i];
    xc /= (double)n;
    for (size_t i = 0; i < n; i++) {
        X[2 * i] = 1.0;
        X[2 * i + 1] = year[i] - xc;
    }

    gsl_error_handler_t *old = gsl_set_error_handler_off();
    xd_glm f;
    if ((rc = xd_glm_fit(X, count, n, 2, INFINITY, NULL, &f, NULL, d)))
        goto done;
    if (f.status == XD_GLM_OK) {
        loglinear_from(&f, 1.0, 0.0, level, &out->poisson);
        double phi = out->poisson.dispersion;
        loglinear_from(&f, phi, (double)f.df_residual, level, &out->quasi_poisson);
    } else {
        xd_warning(d, "Poisson and quasi-Poisson trends: not estimable: %s",
                   xd_glm_status_text(f.status));
    }

    double theta_se;
    int limit;
    if ((rc = xd_glm_negbin(X, count, n, 2, &f, &theta_se, &limit, d)))
        goto done;
    xd_negative_binomial *nb = &out->negative_binomial;
    if (f.status == XD_GLM_OK) {
        nb->estimable = 1;
        nb->poisson_limit = limit;
        nb->theta = f.theta;
        nb->theta_se = theta_se;
        nb->slope = f.beta[1];
        nb->se = sqrt(f.cov[3]);
        wald(nb->slope, nb->se, level, 0.0, &nb->z, &nb->rate_ratio, &nb->rate_ratio_ci,
             &nb->pct_change, &nb->pct_change_ci, &nb->p_value);
        if (limit)
            xd_note(d, "negative binomial trend: around the Poisson fit the squared residuals do not exceed "
                       "the counts, so theta is infinite and the model reduces to the Poisson one");
    } else {
        xd_warning(d, "negative binomial trend: not estimable: %s", xd_glm_status_text(f.status));
    }
    out->headline_model = xd_models_headline(out, o->overdispersion);

done:
    gsl_set_error_handler(old);
    free(X);
    return rc;
}
