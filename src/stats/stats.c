#include "stats.h"
#include "binom.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>

/* GSL's default error handler aborts the process; core code must report
 * problems instead, so every entry point that calls into GSL runs with the
 * handler switched off and checks results itself. */
static gsl_error_handler_t *gsl_quiet(void) { return gsl_set_error_handler_off(); }
static void gsl_restore(gsl_error_handler_t *old) { gsl_set_error_handler(old); }

static int check_finite(const char *what, const char *name, const double *v, size_t n,
                        xd_diags *d)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return xd_error(d, XD_EDATA, "%s: %s value %zu of %zu is not a finite number", what,
                            name, i + 1, n);
    return XD_OK;
}

static int check_level(const char *what, double level, xd_diags *d)
{
    if (!(level > 0.0 && level < 1.0))
        return xd_error(d, XD_EDATA, "%s: confidence level %g must lie strictly between 0 and 1",
                        what, level);
    return XD_OK;
}

static int check_increasing(const char *what, const double *x, size_t n, xd_diags *d)
{
    for (size_t i = 1; i < n; i++)
        if (!(x[i] > x[i - 1]))
            return xd_error(d, XD_EDATA,
                            "%s: x must be strictly increasing, but value %zu (%g) does not "
                            "exceed value %zu (%g)",
                            what, i + 1, x[i], i, x[i - 1]);
    return XD_OK;
}

/* ---------------------------------------------------------------- describe */

int xd_stats_describe(const double *x, size_t n, xd_describe *out, xd_diags *d)
{
    static const char what[] = "descriptive statistics";
    if (!x || n < 1)
        return xd_error(d, XD_EDATA, "%s: no values", what);
    int rc = check_finite(what, "", x, n, d);
    if (rc)
        return rc;
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", what);
    memcpy(sorted, x, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);

    xd_describe r = {0};
    r.n = n;
    for (size_t i = 0; i < n; i++)
        r.total += x[i];
    r.mean = gsl_stats_mean(x, 1, n);
    r.sd = n >= 2 ? gsl_stats_sd_m(x, 1, n, r.mean) : NAN;
    r.cv = r.sd / r.mean;
    /* GSL's interpolation (delta = (n-1) f) is R's default type 7. */
    r.median = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.5);
    r.q1 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25);
    r.q3 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75);
    r.imin = gsl_stats_min_index(x, 1, n);
    r.imax = gsl_stats_max_index(x, 1, n);
    r.min = x[r.imin];
    r.max = x[r.imax];
    free(sorted);
    *out = r;
    return XD_OK;
}

/* -------------------------------------------------------------- t interval */

int xd_stats_t_interval(const double *x, size_t n, double level, xd_interval *out,
                        xd_diags *d)
{
    static const char what[] = "t interval";
    if (!x || n < 2)
        return xd_error(d, XD_EDATA, "%s: needs at least 2 values, got %zu", what, n);
    int rc = check_finite(what, "", x, n, d);
    if (!rc)
        rc = check_level(what, level, d);
    if (rc)
        return rc;
    gsl_error_handler_t *old = gsl_quiet();
    double mean = gsl_stats_mean(x, 1, n);
    double se = gsl_stats_sd_m(x, 1, n, mean) / sqrt((double)n);
    double alpha = 1.0 - level;
    double q = gsl_cdf_tdist_Pinv(1.0 - alpha / 2.0, (double)(n - 1));
    gsl_restore(old);
    if (!isfinite(q))
        return xd_error(d, XD_EDATA, "%s: t quantile for level %g is not finite", what, level);
    out->lo = mean - q * se;
    out->hi = mean + q * se;
    return XD_OK;
}

/* --------------------------------------------------------- Poisson interval */

/* The p quantile of Gamma(a, 1): GSL's gsl_cdf_gamma_Pinv gives up on many
 * large shapes and loses digits on others, so bisection on the incomplete
 * gamma in log space (binom.c) finds it to the last bit. */
static double gamma_quantile(double p, double a) { return xd_gamma_quantile(p, a); }

int xd_stats_poisson_interval(double count, double exposure, double level, xd_interval *out,
                              xd_diags *d)
{
    static const char what[] = "Poisson interval";
    if (!isfinite(count) || count < 0.0)
        return xd_error(d, XD_EDATA, "%s: count %g must be a finite number >= 0", what, count);
    if (!isfinite(exposure) || exposure <= 0.0)
        return xd_error(d, XD_EDATA, "%s: exposure %g must be a finite number > 0", what,
                        exposure);
    int rc = check_level(what, level, d);
    if (rc)
        return rc;
    double alpha = (1.0 - level) / 2.0;
    gsl_error_handler_t *old = gsl_quiet();
    double lo = count > 0.0 ? gamma_quantile(alpha, count) : 0.0;
    double hi = gamma_quantile(1.0 - alpha, count + 1.0);
    gsl_restore(old);
    if (!isfinite(lo) || !isfinite(hi))
        return xd_error(d, XD_EDATA, "%s: gamma quantile failed for count %g at level %g", what,
                        count, level);
    out->lo = lo / exposure;
    out->hi = hi / exposure;
    return XD_OK;
}

/* ------------------------------------------------------- Poisson upper tail */

double xd_stats_poisson_log_upper_tail(double k, double lambda)
{
    if (isnan(k) || isnan(lambda) || k < 0.0 || lambda < 0.0 || isinf(lambda))
        return NAN;
    /* X is integer valued: P(X >= k) = P(X >= ceil(k)). */
    double a = ceil(k);
    if (a == 0.0)
        return 0.0;
    if (lambda == 0.0)
        return -INFINITY;
    if (isinf(a))
        return -INFINITY;
    /* P(X >= a) = P(a, lambda), in log space from its series or continued
     * fraction, so that tails far below DBL_MIN stay representable */
    return xd_gamma_log_p(a, lambda);
}

/* ------------------------------------------------------ two-sample rate test */

static int as_count(const char *what, const char *name, double v, double *out, xd_diags *d)
{
    double r = round(v);
    /* Same tolerance as R's poisson.test; beyond 2^53 counts are not whole doubles. */
    if (!isfinite(v) || v < 0.0 || fabs(v - r) > 1e-7 || r > 4503599627370496.0)
        return xd_error(d, XD_EDATA, "%s: %s %g must be a whole, non-negative count", what, name, v);
    *out = r;
    return XD_OK;
}

int xd_stats_poisson_rate_test(double x1, double t1, double x2, double t2, double level,
                               xd_rate_test *out, xd_diags *d)
{
    static const char what[] = "Poisson rate test";
    double c1, c2;
    int rc = as_count(what, "first count", x1, &c1, d);
    if (!rc)
        rc = as_count(what, "second count", x2, &c2, d);
    if (rc)
        return rc;
    if (!isfinite(t1) || t1 <= 0.0 || !isfinite(t2) || t2 <= 0.0)
        return xd_error(d, XD_EDATA, "%s: exposures %g and %g must be finite numbers > 0", what,
                        t1, t2);
    if ((rc = check_level(what, level, d)))
        return rc;
    if (c1 == 0 && c2 == 0)
        return xd_error(d, XD_EDATA, "%s: both counts are 0, so the rates cannot be compared",
                        what);

    /* Conditional on the total, x1 ~ Binomial(x1 + x2, t1 / (t1 + t2)) when
     * the rates are equal; Clopper-Pearson limits of that p, each with its
     * complement, so the odds keep their precision next to 0 and to 1. */
    double n = c1 + c2;
    double p0 = t1 / (t1 + t2), q0 = t2 / (t1 + t2);
    double alpha = (1.0 - level) / 2.0;
    double plo = 0.0, qlo = 1.0, phi = 1.0, qhi = 0.0;
    if (c1 > 0)
        xd_binom_solve(c1, n, alpha, &plo, &qlo);
    if (c1 < n)
        /* P(X <= c1) = alpha */
        xd_binom_solve(c1 + 1.0, n, 1.0 - alpha, &phi, &qhi);
    double lp = xd_binom_log_two_sided_p(c1, n, p0, q0);
    if (isnan(plo) || isnan(phi) || isnan(lp))
        return xd_error(d, XD_EDATA, "%s: binomial computation failed for counts %.0f and %.0f", what,
                        c1, c2);

    out->ratio = (c1 / t1) / (c2 / t2);
    out->ci.lo = plo / qlo * t2 / t1;
    out->ci.hi = qhi > 0.0 ? phi / qhi * t2 / t1 : INFINITY;
    out->p_value = exp(lp);
    out->log10_p_value = lp / log(10.0);
    return XD_OK;
}

/* --------------------------------------------------------------------- OLS */

int xd_stats_ols(const double *x, const double *y, size_t n, double level, xd_ols *out,
                 xd_diags *d)
{
    static const char what[] = "linear regression";
    if (!x || !y || n < 3)
        return xd_error(d, XD_EDATA, "%s: needs at least 3 points, got %zu", what, n);
    int rc = check_finite(what, "x", x, n, d);
    if (!rc)
        rc = check_finite(what, "y", y, n, d);
    if (!rc)
        rc = check_level(what, level, d);
    if (rc)
        return rc;
    double xmin = gsl_stats_min(x, 1, n), xmax = gsl_stats_max(x, 1, n);
    if (xmin == xmax)
        return xd_error(d, XD_EDATA, "%s: all x values are equal (%g), so no slope exists",
                        what, xmin);

    xd_ols r = {0};
    double sumsq;
    r.n = n;
    gsl_error_handler_t *old = gsl_quiet();
    gsl_fit_linear(x, 1, y, 1, n, &r.intercept, &r.slope, &r.cov00, &r.cov01, &r.cov11, &sumsq);
    double df = (double)(n - 2);
    double q = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, df);
    r.sigma2 = sumsq / df;
    r.se_slope = sqrt(r.cov11);
    double t = r.slope / r.se_slope;
    /* A perfect fit has se 0: t is infinite and the p-value 0, as the limit.
     * P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2): GSL's t tail loses digits far
     * out (3e-7 at t = 17, df = 36), its incomplete beta does not. */
    r.p_value = isnan(t) ? NAN : isinf(t) ? 0.0 : gsl_sf_beta_inc(df / 2.0, 0.5, df / (df + t * t));
    gsl_restore(old);
    r.slope_ci.lo = r.slope - q * r.se_slope;
    r.slope_ci.hi = r.slope + q * r.se_slope;
    double ymean = gsl_stats_mean(y, 1, n);
    double sst = 0.0;
    for (size_t i = 0; i < n; i++)
        sst += (y[i] - ymean) * (y[i] - ymean);
    r.r2 = 1.0 - sumsq / sst;
    *out = r;
    return XD_OK;
}

/* ------------------------------------------------------ Poisson regression */

/* Unit deviance of a Poisson count: a zero count contributes 2 mu. */
static double poisson_deviance(const double *y, const double *mu, size_t n)
{
    double dev = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] > 0.0 ? y[i] * log(y[i] / mu[i]) - (y[i] - mu[i]) : mu[i];
        dev += 2.0 * r;
    }
    return dev;
}

static void not_estimable(xd_poisson_fit *f, const char *why)
{
    f->estimable = 0;
    f->not_estimable = why;
    f->b0 = f->b1 = f->se_b0 = f->se_b1 = f->cov01 = NAN;
    f->rate_ratio = f->pct_change = f->z = f->p_value = NAN;
    f->rate_ratio_ci = f->pct_change_ci = (xd_interval){NAN, NAN};
    f->deviance = f->pearson_chi2 = f->dispersion = NAN;
    f->overdispersed = 0;
}

/* Full convergence, as glm.control(epsilon = 1e-14, maxit = 200): the
 * estimates to the last digits R gives. Where the deviance's rounding keeps
 * its relative change above 1e-14 (counts in the millions), the fit has
 * converged once that change is below glm's default 1e-8 and the last step
 * moved no fitted mean by more than 1e-13 of itself: the weights the
 * covariance comes from are then as exact as doubles allow. */
enum { GLM_MAXIT = 200, GLM_MAX_HALVING = 30 };
#define GLM_EPSILON 1e-14
#define GLM_FLOOR 1e-8
#define GLM_STEP 1e-13

int xd_stats_poisson_regression(const double *x, const double *y, size_t n, double level,
                                xd_poisson_fit *out, xd_diags *d)
{
    static const char what[] = "Poisson regression";
    if (!x || !y || n < 2)
        return xd_error(d, XD_EDATA, "%s: needs at least 2 points, got %zu", what, n);
    int rc = check_finite(what, "x", x, n, d);
    if (!rc)
        rc = check_finite(what, "count", y, n, d);
    if (!rc)
        rc = check_level(what, level, d);
    if (rc)
        return rc;
    double ysum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] < 0.0)
            return xd_error(d, XD_EDATA, "%s: count %zu of %zu is negative (%g)", what, i + 1, n,
                            y[i]);
        ysum += y[i];
    }
    double xmin = gsl_stats_min(x, 1, n), xmax = gsl_stats_max(x, 1, n);
    if (xmin == xmax)
        return xd_error(d, XD_EDATA, "%s: all x values are equal (%g), so no slope exists",
                        what, xmin);

    xd_poisson_fit f = {0};
    f.n = n;
    f.x_center = gsl_stats_mean(x, 1, n);
    f.df = n - 2;
    double ybar = ysum / (double)n;
    for (size_t i = 0; i < n; i++) {
        f.null_deviance += 2.0 * (y[i] > 0.0 ? y[i] * log(y[i] / ybar) - (y[i] - ybar) : ybar);
    }
    /* The estimate exists unless some direction of (b0, b1) raises the
     * likelihood without end (Haberman): with one regressor, when every
     * nonzero count sits at one x and that x is an end of the range. */
    const char *why = NULL;
    if (ysum == 0.0) {
        why = "every count is 0";
    } else {
        double xpos = NAN;
        int one_x = 1;
        for (size_t i = 0; i < n && one_x; i++)
            if (y[i] > 0.0) {
                if (isnan(xpos))
                    xpos = x[i];
                else if (x[i] != xpos)
                    one_x = 0;
            }
        if (one_x && xpos == xmin)
            why = "all the counts are in the first year, the others are 0 (complete separation: the slope is "
                  "minus infinity)";
        else if (one_x && xpos == xmax)
            why = "all the counts are in the last year, the others are 0 (complete separation: the slope is "
                  "infinite)";
    }
    if (why) {
        not_estimable(&f, why);
        *out = f;
        return XD_OK;
    }

    double *eta = malloc(n * sizeof *eta);
    double *mu = malloc(n * sizeof *mu);
    gsl_error_handler_t *old = gsl_quiet();
    gsl_matrix *X = gsl_matrix_alloc(n, 2);
    gsl_vector *w = gsl_vector_alloc(n);
    gsl_vector *z = gsl_vector_alloc(n);
    gsl_vector *beta = gsl_vector_alloc(2);
    gsl_matrix *cov = gsl_matrix_alloc(2, 2);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, 2);
    if (!eta || !mu || !X || !w || !z || !beta || !cov || !ws) {
        rc = xd_error(d, XD_ENOMEM, "%s: out of memory", what);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        gsl_matrix_set(X, i, 0, 1.0);
        gsl_matrix_set(X, i, 1, x[i] - f.x_center);
    }

    /* IRLS exactly as R's glm.fit: start from mu = y + 0.1, stop when the
     * relative change of the deviance is below 1e-8. The reported covariance
     * is the one of the last weighted fit, as summary.glm reports it. */
    for (size_t i = 0; i < n; i++) {
        mu[i] = y[i] + 0.1;
        eta[i] = log(mu[i]);
    }
    double dev_old = poisson_deviance(y, mu, n), dev = dev_old;
    double b_old[2] = {0.0, 0.0};
    int have_old = 0, converged = 0, iter;
    double change = INFINITY, step = INFINITY;
    for (iter = 1; iter <= GLM_MAXIT; iter++) {
        for (size_t i = 0; i < n; i++) {
            gsl_vector_set(w, i, mu[i]);
            gsl_vector_set(z, i, eta[i] + (y[i] - mu[i]) / mu[i]);
        }
        double chisq;
        if (gsl_multifit_wlinear(X, w, z, beta, cov, &chisq, ws) != GSL_SUCCESS) {
            rc = xd_error(d, XD_EDATA, "%s: weighted least squares failed at iteration %d", what,
                          iter);
            goto done;
        }
        double b[2] = {gsl_vector_get(beta, 0), gsl_vector_get(beta, 1)};
        for (int halving = 0;; halving++) {
            int valid = isfinite(b[0]) && isfinite(b[1]);
            for (size_t i = 0; valid && i < n; i++) {
                eta[i] = b[0] + b[1] * (x[i] - f.x_center);
                mu[i] = exp(eta[i]);
                valid = isfinite(mu[i]) && mu[i] > 0.0;
            }
            if (valid) {
                dev = poisson_deviance(y, mu, n);
                valid = isfinite(dev);
            }
            if (valid)
                break;
            /* Like glm.fit, step back towards the previous estimate. */
            if (!have_old || halving >= GLM_MAX_HALVING) {
                not_estimable(&f, "the fitted means overflowed");
                *out = f;
                rc = XD_OK;
                goto done;
            }
            b[0] = (b[0] + b_old[0]) / 2.0;
            b[1] = (b[1] + b_old[1]) / 2.0;
        }
        /* the largest change of log(mu) */
        step = INFINITY;
        if (have_old)
            step = fmax(fabs(b[0] - b_old[0] + (b[1] - b_old[1]) * (xmin - f.x_center)),
                        fabs(b[0] - b_old[0] + (b[1] - b_old[1]) * (xmax - f.x_center)));
        f.b0 = b[0];
        f.b1 = b[1];
        b_old[0] = b[0];
        b_old[1] = b[1];
        have_old = 1;
        change = fabs(dev - dev_old) / (fabs(dev) + 0.1);
        if (change < GLM_EPSILON || (change < GLM_FLOOR && step < GLM_STEP)) {
            converged = 1;
            break;
        }
        dev_old = dev;
    }
    if (!converged && change < GLM_FLOOR) {
        converged = 1; /* at the rounding floor all along */
        iter = GLM_MAXIT;
    }
    if (!converged) {
        not_estimable(&f, "the fit did not converge");
        f.iterations = GLM_MAXIT;
        *out = f;
        rc = XD_OK;
        goto done;
    }
    f.iterations = iter;
    f.estimable = 1;
    {
        /* The covariance at the estimate: from weights at the final means
         * (summary.glm takes the last fit's, one step behind, which differs
         * in the last digits, or more where a near-perfect fit's deviance
         * stops changing in its rounding while the means still move). */
        double chisq;
        for (size_t i = 0; i < n; i++) {
            gsl_vector_set(w, i, mu[i]);
            gsl_vector_set(z, i, eta[i] + (y[i] - mu[i]) / mu[i]);
        }
        if (gsl_multifit_wlinear(X, w, z, beta, cov, &chisq, ws) != GSL_SUCCESS) {
            rc = xd_error(d, XD_EDATA, "%s: weighted least squares failed", what);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (mu[i] < 10.0 * DBL_EPSILON) {
            /* An estimate exists, but some fitted counts underflow (zeros
             * next to large counts): R's glm warns the same way. */
            xd_warning(d, "%s: fitted counts numerically 0 occurred; the trend is not identifiable",
                       what);
            break;
        }

    f.se_b0 = sqrt(gsl_matrix_get(cov, 0, 0));
    f.se_b1 = sqrt(gsl_matrix_get(cov, 1, 1));
    f.cov01 = gsl_matrix_get(cov, 0, 1);
    double zq = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
    f.z = f.b1 / f.se_b1;
    f.p_value = 2.0 * gsl_cdf_ugaussian_Q(fabs(f.z));
    f.rate_ratio = exp(f.b1);
    f.pct_change = 100.0 * (f.rate_ratio - 1.0);
    f.rate_ratio_ci.lo = exp(f.b1 - zq * f.se_b1);
    f.rate_ratio_ci.hi = exp(f.b1 + zq * f.se_b1);
    f.pct_change_ci.lo = 100.0 * (f.rate_ratio_ci.lo - 1.0);
    f.pct_change_ci.hi = 100.0 * (f.rate_ratio_ci.hi - 1.0);

    f.deviance = dev;
    for (size_t i = 0; i < n; i++)
        f.pearson_chi2 += (y[i] - mu[i]) * (y[i] - mu[i]) / mu[i];
    f.dispersion = f.df > 0 ? f.pearson_chi2 / (double)f.df : NAN;
    f.overdispersed = f.df >= 1 && f.dispersion > 1.5;
    *out = f;
    rc = XD_OK;

done:
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(cov);
    gsl_vector_free(beta);
    gsl_vector_free(z);
    gsl_vector_free(w);
    gsl_matrix_free(X);
    gsl_restore(old);
    free(mu);
    free(eta);
    return rc;
}

void xd_stats_poisson_predict(const xd_poisson_fit *fit, double x, double level, double *mu,
                              double *lo, double *hi)
{
    xd_stats_poisson_predict_scaled(fit, x, level, 1.0, 0, mu, lo, hi);
}

void xd_stats_poisson_predict_scaled(const xd_poisson_fit *fit, double x, double level, double phi, size_t df,
                                     double *mu, double *lo, double *hi)
{
    double dx = x - fit->x_center;
    double eta = fit->b0 + fit->b1 * dx;
    double var = fit->se_b0 * fit->se_b0 + 2.0 * dx * fit->cov01 + dx * dx * fit->se_b1 * fit->se_b1;
    double se = sqrt(var > 0.0 ? var * phi : 0.0);
    double p = 1.0 - (1.0 - level) / 2.0;
    double q = !(level > 0.0 && level < 1.0) ? NAN
               : df > 0                      ? gsl_cdf_tdist_Pinv(p, (double)df)
                                             : gsl_cdf_ugaussian_Pinv(p);
    if (mu)
        *mu = exp(eta);
    if (lo)
        *lo = exp(eta - q * se);
    if (hi)
        *hi = exp(eta + q * se);
}

/* ------------------------------------------------------------ Mann-Kendall */

static int cmp_double(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

int xd_stats_mann_kendall(const double *x, const double *y, size_t n, double level,
                          xd_mann_kendall *out, xd_diags *d)
{
    static const char what[] = "Mann-Kendall test";
    if (!x || !y || n < 3)
        return xd_error(d, XD_EDATA, "%s: needs at least 3 points, got %zu", what, n);
    int rc = check_finite(what, "x", x, n, d);
    if (!rc)
        rc = check_finite(what, "y", y, n, d);
    if (!rc)
        rc = check_increasing(what, x, n, d);
    if (!rc)
        rc = check_level(what, level, d);
    if (rc)
        return rc;

    size_t npairs = n * (n - 1) / 2;
    double *slopes = malloc(npairs * sizeof *slopes);
    double *ys = malloc(n * sizeof *ys);
    if (!slopes || !ys) {
        free(slopes);
        free(ys);
        return xd_error(d, XD_ENOMEM, "%s: out of memory", what);
    }

    xd_mann_kendall r = {0};
    r.n = n;
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double dy = y[j] - y[i];
            r.s += (dy > 0.0) - (dy < 0.0);
            slopes[k++] = dy / (x[j] - x[i]);
        }

    /* Ties among the y values reduce the variance of S and the tau denominator. */
    memcpy(ys, y, n * sizeof *ys);
    qsort(ys, n, sizeof *ys, cmp_double);
    double tie_var = 0.0, tie_pairs = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && ys[j] == ys[i])
            j++;
        double t = (double)(j - i);
        tie_var += t * (t - 1.0) * (2.0 * t + 5.0);
        tie_pairs += t * (t - 1.0) / 2.0;
        i = j;
    }
    double dn = (double)n;
    double n0 = dn * (dn - 1.0) / 2.0;
    r.var_s = (dn * (dn - 1.0) * (2.0 * dn + 5.0) - tie_var) / 18.0;
    /* tau-b with untied x: S / sqrt(n0 (n0 - n_y)), which is what both
     * Kendall::MannKendall (tauk2 with x = 1..n) and trend::mk.test report. */
    r.tau = r.s / sqrt(n0 * (n0 - tie_pairs));

    gsl_error_handler_t *old = gsl_quiet();
    if (r.s > 0.0)
        r.z = (r.s - 1.0) / sqrt(r.var_s);
    else if (r.s < 0.0)
        r.z = (r.s + 1.0) / sqrt(r.var_s);
    else
        r.z = 0.0;
    r.p_value = r.s == 0.0 ? 1.0 : 2.0 * gsl_cdf_ugaussian_Q(fabs(r.z));
    if (r.p_value > 1.0)
        r.p_value = 1.0;

    /* Sen's slope and the rank interval of trend::sens.slope:
     * C = z_{1-alpha/2} sqrt(var S), lower = slope number round((N - C) / 2),
     * upper = number round((N + C) / 2 + 1) of the N sorted slopes (1-based,
     * rounding half to even like R). A rank outside 1..N, which happens for
     * very short series, has no bound: it is reported as NaN. */
    gsl_sort(slopes, 1, npairs);
    r.sen_slope = gsl_stats_median_from_sorted_data(slopes, 1, npairs);
    double c = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0) * sqrt(r.var_s);
    gsl_restore(old);
    double dN = (double)npairs;
    double rank_lo = nearbyint((dN - c) / 2.0);
    double rank_hi = nearbyint((dN + c) / 2.0 + 1.0);
    r.sen_ci.lo = rank_lo >= 1.0 && rank_lo <= dN ? slopes[(size_t)rank_lo - 1] : NAN;
    r.sen_ci.hi = rank_hi >= 1.0 && rank_hi <= dN ? slopes[(size_t)rank_hi - 1] : NAN;

    free(ys);
    free(slopes);
    *out = r;
    return XD_OK;
}
