/* Log-link generalized linear models for counts with a p-column design matrix:
 * Poisson (R: glm(family = poisson)) and negative binomial with a fixed or
 * estimated theta (R: glm(family = MASS::negative.binomial(theta)),
 * MASS::glm.nb). Pure functions: no I/O, no globals.
 *
 * Fits are iterated to full convergence, well past R's default stopping rule:
 * the results agree with R run with glm.control(epsilon = 1e-14, maxit = 200).
 *
 * A fit that does not exist is reported in the result, never as numbers:
 * all counts 0, or counts that a direction of the design separates (the
 * maximum-likelihood fitted means run off to 0, as for 0 0 0 0 0 1 under a
 * log-linear trend; R warns "fitted rates numerically 0 occurred" and prints
 * huge coefficients). IRLS shows this as a deviance that stops changing while
 * the linear predictor keeps moving by whole units each step. */
#ifndef XD_GLM_H
#define XD_GLM_H

#include <stddef.h>

#include "diag.h"

#define XD_GLM_MAX_P 8

enum xd_glm_status {
    XD_GLM_OK = 0,
    XD_GLM_ALL_ZERO,      /* every count is 0: no log-linear fit exists */
    XD_GLM_NO_MLE,        /* fitted means run off to 0 (separation) */
    XD_GLM_NOT_CONVERGED, /* iteration limit reached */
    XD_GLM_SINGULAR,      /* the design matrix has dependent columns */
    XD_GLM_OVERFLOW       /* fitted means overflowed */
};
/* "fitted means run off to 0" ...: for messages. */
const char *xd_glm_status_text(int status);

typedef struct xd_glm {
    size_t n, p;
    int status;                  /* enum xd_glm_status; the rest is valid when XD_GLM_OK */
    double theta;                /* INFINITY for Poisson */
    double beta[XD_GLM_MAX_P];
    /* Unscaled covariance (X'WX)^-1, row-major p x p: summary.glm's
     * cov.unscaled. Multiply by a dispersion for quasi-likelihood. */
    double cov[XD_GLM_MAX_P * XD_GLM_MAX_P];
    double deviance, pearson_chi2;
    size_t df_residual;          /* n - p */
    int iterations;
} xd_glm;

/* Fits log(mu) = X beta. X is n x p, row-major; y are counts >= 0. theta is
 * the negative binomial shape (variance mu + mu^2 / theta); INFINITY gives
 * Poisson. start: initial beta, or NULL to start like glm.fit (mustart =
 * y + 0.1 for Poisson, y + (y == 0) / 6 for the negative binomial). mu, if not
 * NULL, receives the n fitted means. Returns XD_OK when the arguments are valid
 * (the fit itself may still have failed: see out->status), XD_EDATA for bad
 * arguments, XD_ENOMEM. */
int xd_glm_fit(const double *X, const double *y, size_t n, size_t p, double theta,
               const double *start, xd_glm *out, double *mu, xd_diags *d);

/* MASS::theta.ml transcribed: Newton's method on the score of theta from
 * t0 = n / sum((y / mu - 1)^2), stopping when a step is below
 * DBL_EPSILON^0.25 or after `limit` - 1 steps. Stopping exactly where R stops
 * is what makes glm.nb's theta reproducible to 1e-9 (the step tolerance is
 * coarse). Returns the estimate (negative estimates are truncated to 0);
 * *se gets sqrt(1 / information); *hit_limit is set when the iteration limit
 * was reached. */
double xd_glm_theta_ml(const double *y, const double *mu, size_t n, int limit, double *se,
                       int *hit_limit);

/* MASS::glm.nb (no weights, no offset): a Poisson fit, then theta by
 * xd_glm_theta_ml alternated with the negative binomial IRLS for that theta
 * until both settle.
 *
 * When the counts are not overdispersed the likelihood keeps growing as
 * theta -> infinity (the model reduces to Poisson; glm.nb stops with
 * "iteration limit reached" or "alternation limit reached" and a huge theta).
 * That case is recognised before iterating - sum((y - mu)^2 - y) <= 0 at the
 * Poisson fit, where the derivative of the profile log-likelihood in 1/theta
 * is not positive - or when theta passes 1e8 while alternating, and is
 * reported as *poisson_limit = 1 with out->theta = INFINITY and out holding
 * the Poisson fit, which is the limit of the negative binomial fit.
 * theta_se is MASS's SE.theta (NaN in the Poisson limit). */
int xd_glm_negbin(const double *X, const double *y, size_t n, size_t p, xd_glm *out,
                  double *theta_se, int *poisson_limit, xd_diags *d);

#endif
