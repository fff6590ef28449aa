/* Statistics on small count series, built on GSL. Pure functions: no I/O, no
 * globals; each returns XD_OK or an xd_status and explains failures in diags. */
#ifndef XD_STATS_H
#define XD_STATS_H

#include <stddef.h>
#include "diag.h"

typedef struct xd_interval { double lo, hi; } xd_interval;

/* Descriptive statistics of n values (n >= 1). Quantiles follow R's default
 * (type 7). sd is the sample sd (n-1); it and cv are NaN when n < 2.
 * imin/imax index the first minimum/maximum. */
typedef struct xd_describe {
    size_t n;
    double total, mean, sd, median, q1, q3, min, max, cv;
    size_t imin, imax;
} xd_describe;
int xd_stats_describe(const double *x, size_t n, xd_describe *out, xd_diags *d);

/* Student-t interval for the mean (R: t.test(x, conf.level=level)$conf.int).
 * Needs n >= 2. */
int xd_stats_t_interval(const double *x, size_t n, double level, xd_interval *out, xd_diags *d);

/* Exact (Garwood) interval for a Poisson count observed over `exposure` units,
 * expressed per unit (R: poisson.test(count, exposure, conf.level=level)$conf.int).
 * count may be non-integer only when it comes from a reported mean * years; it is
 * then used as is in the chi-square/gamma formula. count 0 gives lo = 0. */
int xd_stats_poisson_interval(double count, double exposure, double level, xd_interval *out,
                              xd_diags *d);

/* log(P(X >= k)) for X ~ Poisson(lambda), accurate far into the tail
 * (R: ppois(k-1, lambda, lower.tail=FALSE, log.p=TRUE)). k >= 0, lambda > 0.
 * A fractional k counts as ceil(k); lambda = 0 gives -inf for k > 0; NaN for
 * invalid arguments. */
double xd_stats_poisson_log_upper_tail(double k, double lambda);

/* Exact two-sample Poisson rate comparison, the conditional binomial test of
 * R's poisson.test(c(x1, x2), c(t1, t2), conf.level=level): the rate ratio
 * (x1/t1)/(x2/t2), its exact interval and the two-sided p-value, also as
 * log10 for a p-value below the smallest double. Counts up to 2^53. */
typedef struct xd_rate_test {
    double ratio;
    xd_interval ci;
    double p_value, log10_p_value;
} xd_rate_test;
int xd_stats_poisson_rate_test(double x1, double t1, double x2, double t2, double level,
                               xd_rate_test *out, xd_diags *d);

/* Ordinary least squares y = intercept + slope * x via gsl_fit_linear
 * (R: lm(y ~ x)): slope with its t interval at `level`, intercept, R^2 and the
 * two-sided p-value of the slope. Needs n >= 3. cov_* are the parameter
 * covariances; sigma2 the residual variance, for prediction bands. */
typedef struct xd_ols {
    size_t n;
    double intercept, slope;
    xd_interval slope_ci;
    double r2, p_value, se_slope;
    double cov00, cov01, cov11, sigma2;
} xd_ols;
int xd_stats_ols(const double *x, const double *y, size_t n, double level, xd_ols *out,
                 xd_diags *d);

/* Poisson log-linear regression log(mu) = b0 + b1 * (x - x_center) by
 * iteratively reweighted least squares to full convergence (R: glm(y ~ I(x - x_center),
 * family=poisson, control = glm.control(epsilon = 1e-14, maxit = 200))).
 * A fit that does not exist is not an error but estimable = 0, with the reason
 * in words and every estimate NaN (n, x_center, null_deviance and df stay):
 * every count 0; all the counts in one end year (complete separation: the
 * slope runs off to infinity, where glm reports a huge one); or no convergence.
 * rate_ratio = exp(b1) with a Wald interval exp(b1 +- z * se); pct_change =
 * 100 * (rate_ratio - 1). deviance, pearson_chi2 and df = n - 2; dispersion =
 * pearson_chi2 / df. overdispersed is set when dispersion > 1.5 and df >= 1.
 * cov_* is the (unscaled) covariance of (b0, b1), for confidence bands. */
typedef struct xd_poisson_fit {
    size_t n;
    double x_center;
    double b0, b1, se_b0, se_b1, cov01;
    double rate_ratio, pct_change;
    xd_interval rate_ratio_ci, pct_change_ci;
    double z, p_value; /* Wald test of b1 = 0 */
    double deviance, null_deviance, pearson_chi2, dispersion;
    size_t df;
    int iterations, overdispersed;
    int estimable;
    const char *not_estimable; /* why, when !estimable: a static English phrase */
} xd_poisson_fit;
int xd_stats_poisson_regression(const double *x, const double *y, size_t n, double level,
                                xd_poisson_fit *out, xd_diags *d);
/* Fitted mean at x with a Wald band at `level` on the log scale. */
void xd_stats_poisson_predict(const xd_poisson_fit *fit, double x, double level, double *mu,
                              double *lo, double *hi);
/* The same band with the variance times phi and Student t on df degrees of
 * freedom (df 0: normal): quasi-Poisson's, as summary.glm scales it. */
void xd_stats_poisson_predict_scaled(const xd_poisson_fit *fit, double x, double level, double phi, size_t df,
                                     double *mu, double *lo, double *hi);

/* Mann-Kendall trend test with the tie correction of the variance and the
 * continuity correction (R: Kendall::MannKendall, or trend::mk.test), plus
 * Sen's slope (median of pairwise slopes; R: trend::sens.slope). x must be
 * strictly increasing (years, gaps allowed). Needs n >= 3. */
typedef struct xd_mann_kendall {
    size_t n;
    double s, var_s, z, p_value, tau;
    double sen_slope;
    xd_interval sen_ci; /* at `level`, as trend::sens.slope computes it */
} xd_mann_kendall;
int xd_stats_mann_kendall(const double *x, const double *y, size_t n, double level,
                          xd_mann_kendall *out, xd_diags *d);

#endif
