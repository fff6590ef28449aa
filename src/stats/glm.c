#include "glm.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_vector.h>

enum { GLM_MAXIT = 100, GLM_MAX_HALVING = 30, NB_MAXIT = 200 };
/* Converged when no linear predictor moves by more than this: IRLS converges
 * quadratically, so the estimate is then exact to rounding. */
#define GLM_ETA_TOL 1e-10
/* Relative deviance change below which a still-moving predictor means that
 * the fitted means are running off to 0 (no maximum-likelihood estimate). */
#define GLM_FLAT_DEV 1e-12
/* Beyond this theta the negative binomial is the Poisson model to within
 * rounding of any reported figure. */
#define NB_THETA_MAX 1e8

const char *xd_glm_status_text(int status)
{
    switch (status) {
    case XD_GLM_OK: return "fitted";
    case XD_GLM_ALL_ZERO: return "every count is 0";
    case XD_GLM_NO_MLE: return "the fitted means run off to 0 (the counts are 0 wherever the model could push them down)";
    case XD_GLM_NOT_CONVERGED: return "the fit did not converge";
    case XD_GLM_SINGULAR: return "the model's terms are not separable in these years";
    case XD_GLM_OVERFLOW: return "the fitted means overflowed";
    }
    return "unknown";
}

static double deviance(const double *y, const double *mu, size_t n, double theta)
{
    double dev = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isinf(theta)) {
            dev += y[i] > 0.0 ? y[i] * log(y[i] / mu[i]) - (y[i] - mu[i]) : mu[i];
        } else {
            /* negative.binomial()$dev.resids */
            double a = y[i] > 0.0 ? y[i] * log(y[i] / mu[i]) : 0.0;
            dev += a - (y[i] + theta) * log((y[i] + theta) / (mu[i] + theta));
        }
    }
    return 2.0 * dev;
}

static double variance(double mu, double theta) { return isinf(theta) ? mu : mu + mu * mu / theta; }

typedef struct {
    gsl_matrix *qr;
    gsl_vector *tau, *b, *x, *res;
    gsl_matrix *r;
    double *colnorm;
} wls_work;

static void wls_free(wls_work *w)
{
    gsl_matrix_free(w->qr);
    gsl_vector_free(w->tau);
    gsl_vector_free(w->b);
    gsl_vector_free(w->x);
    gsl_vector_free(w->res);
    gsl_matrix_free(w->r);
    free(w->colnorm);
}

static int wls_alloc(wls_work *w, size_t n, size_t p)
{
    memset(w, 0, sizeof *w);
    w->qr = gsl_matrix_alloc(n, p);
    w->tau = gsl_vector_alloc(p);
    w->b = gsl_vector_alloc(n);
    w->x = gsl_vector_alloc(p);
    w->res = gsl_vector_alloc(n);
    w->r = gsl_matrix_alloc(p, p);
    w->colnorm = malloc(p * sizeof *w->colnorm);
    if (!w->qr || !w->tau || !w->b || !w->x || !w->res || !w->r || !w->colnorm) {
        wls_free(w);
        return -1;
    }
    return 0;
}

/* Weighted least squares by Householder QR of sqrt(w) X, as glm.fit does
 * (without its pivoting: a column that is numerically dependent on the ones
 * before it makes the fit singular). 0 on success, -1 when singular. */
static int wls_solve(wls_work *ws, const double *X, const double *w, const double *z, size_t n,
                     size_t p, double *beta)
{
    for (size_t j = 0; j < p; j++)
        ws->colnorm[j] = 0.0;
    for (size_t i = 0; i < n; i++) {
        double sw = sqrt(w[i]);
        for (size_t j = 0; j < p; j++) {
            double a = sw * X[i * p + j];
            gsl_matrix_set(ws->qr, i, j, a);
            ws->colnorm[j] += a * a;
        }
        gsl_vector_set(ws->b, i, sw * z[i]);
    }
    if (gsl_linalg_QR_decomp(ws->qr, ws->tau) != GSL_SUCCESS)
        return -1;
    for (size_t j = 0; j < p; j++) {
        double rjj = fabs(gsl_matrix_get(ws->qr, j, j));
        /* dqrdc2's rank test: the column's remaining norm against its norm */
        if (!(rjj > 1e-11 * sqrt(ws->colnorm[j])))
            return -1;
    }
    if (gsl_linalg_QR_lssolve(ws->qr, ws->tau, ws->b, ws->x, ws->res) != GSL_SUCCESS)
        return -1;
    for (size_t j = 0; j < p; j++) {
        beta[j] = gsl_vector_get(ws->x, j);
        if (!isfinite(beta[j]))
            return -1;
    }
    return 0;
}

/* (R'R)^-1 from the last decomposition. */
static int wls_cov(wls_work *ws, size_t p, double *cov)
{
    gsl_matrix_set_zero(ws->r);
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++)
            gsl_matrix_set(ws->r, i, j, gsl_matrix_get(ws->qr, i, j));
    if (gsl_linalg_tri_invert(CblasUpper, CblasNonUnit, ws->r) != GSL_SUCCESS)
        return -1;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            double s = 0.0;
            for (size_t k = (i > j ? i : j); k < p; k++)
                s += gsl_matrix_get(ws->r, i, k) * gsl_matrix_get(ws->r, j, k);
            cov[i * p + j] = s;
        }
    return 0;
}

static int check_args(const char *what, const double *X, const double *y, size_t n, size_t p,
                      double theta, xd_diags *d)
{
    if (!X || !y || p < 1 || p > XD_GLM_MAX_P)
        return xd_error(d, XD_EDATA, "%s: needs a design of 1 to %d columns", what, XD_GLM_MAX_P);
    if (n <= p)
        return xd_error(d, XD_EDATA, "%s: needs more points (%zu) than coefficients (%zu)", what,
                        n, p);
    if (!(theta > 0.0))
        return xd_error(d, XD_EDATA, "%s: theta %g must be > 0", what, theta);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]) || y[i] < 0.0)
            return xd_error(d, XD_EDATA, "%s: count %zu of %zu (%g) is not a finite number >= 0",
                            what, i + 1, n, y[i]);
        for (size_t j = 0; j < p; j++)
            if (!isfinite(X[i * p + j]))
                return xd_error(d, XD_EDATA, "%s: design value (%zu, %zu) is not finite", what,
                                i + 1, j + 1);
    }
    return XD_OK;
}

static void linpred(const double *X, const double *beta, size_t n, size_t p, double *eta)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < p; j++)
            s += X[i * p + j] * beta[j];
        eta[i] = s;
    }
}

static int valid_means(const double *eta, double *mu, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mu[i] = exp(eta[i]);
        if (!isfinite(mu[i]) || !(mu[i] > 0.0))
            return 0;
    }
    return 1;
}

/* IRLS with all the work arrays supplied; see xd_glm_fit. */
static int irls(const double *X, const double *y, size_t n, size_t p, double theta,
                const double *start, xd_glm *out, double *mu, double *work, wls_work *ws)
{
    double *eta = work, *w = work + n, *z = work + 2 * n, *eta_new = work + 3 * n,
           *mu_new = work + 4 * n;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->p = p;
    out->theta = theta;
    out->df_residual = n - p;
    double ysum = 0.0;
    for (size_t i = 0; i < n; i++)
        ysum += y[i];
    if (ysum == 0.0) {
        out->status = XD_GLM_ALL_ZERO;
        return XD_OK;
    }

    double beta[XD_GLM_MAX_P], beta_new[XD_GLM_MAX_P];
    int have_beta = 0;
    if (start) {
        memcpy(beta, start, p * sizeof *beta);
        linpred(X, beta, n, p, eta);
        have_beta = valid_means(eta, mu, n);
    }
    if (!have_beta)
        for (size_t i = 0; i < n; i++) {
            mu[i] = isinf(theta) ? y[i] + 0.1 : y[i] + (y[i] == 0.0 ? 1.0 / 6.0 : 0.0);
            eta[i] = log(mu[i]);
        }
    double dev = deviance(y, mu, n, theta);
    int flat = 0;
    for (int iter = 1; iter <= GLM_MAXIT; iter++) {
        for (size_t i = 0; i < n; i++) {
            w[i] = mu[i] / (isinf(theta) ? 1.0 : 1.0 + mu[i] / theta);
            z[i] = eta[i] + (y[i] - mu[i]) / mu[i];
        }
        if (wls_solve(ws, X, w, z, n, p, beta_new)) {
            out->status = XD_GLM_SINGULAR;
            return XD_OK;
        }
        int halving = 0;
        for (;;) {
            linpred(X, beta_new, n, p, eta_new);
            if (valid_means(eta_new, mu_new, n))
                break;
            /* as glm.fit: step back towards the previous estimate */
            if (!have_beta || ++halving > GLM_MAX_HALVING) {
                out->status = XD_GLM_OVERFLOW;
                return XD_OK;
            }
            for (size_t j = 0; j < p; j++)
                beta_new[j] = (beta_new[j] + beta[j]) / 2.0;
        }
        double dev_new = deviance(y, mu_new, n, theta);
        double deta = 0.0;
        for (size_t i = 0; i < n; i++) {
            double e = fabs(eta_new[i] - eta[i]);
            if (e > deta)
                deta = e;
        }
        double rel = fabs(dev_new - dev) / (fabs(dev_new) + 0.1);
        memcpy(beta, beta_new, p * sizeof *beta);
        memcpy(eta, eta_new, n * sizeof *eta);
        memcpy(mu, mu_new, n * sizeof *mu);
        have_beta = 1;
        dev = dev_new;
        out->iterations = iter;
        if (deta <= GLM_ETA_TOL) {
            out->status = XD_GLM_OK;
            break;
        }
        flat = rel < GLM_FLAT_DEV && deta > 0.1 ? flat + 1 : 0;
        if (flat >= 3) {
            out->status = XD_GLM_NO_MLE;
            return XD_OK;
        }
        if (iter == GLM_MAXIT) {
            out->status = XD_GLM_NOT_CONVERGED;
            return XD_OK;
        }
    }
    /* the covariance at the converged means, not at the previous iterate's */
    for (size_t i = 0; i < n; i++) {
        w[i] = mu[i] / (isinf(theta) ? 1.0 : 1.0 + mu[i] / theta);
        z[i] = eta[i] + (y[i] - mu[i]) / mu[i];
    }
    if (wls_solve(ws, X, w, z, n, p, beta_new) || wls_cov(ws, p, out->cov)) {
        out->status = XD_GLM_SINGULAR;
        return XD_OK;
    }
    memcpy(out->beta, beta, p * sizeof *beta);
    out->deviance = dev;
    for (size_t i = 0; i < n; i++)
        out->pearson_chi2 += (y[i] - mu[i]) * (y[i] - mu[i]) / variance(mu[i], theta);
    return XD_OK;
}

int xd_glm_fit(const double *X, const double *y, size_t n, size_t p, double theta,
               const double *start, xd_glm *out, double *mu, xd_diags *d)
{
    static const char what[] = "log-linear model";
    int rc = check_args(what, X, y, n, p, theta, d);
    if (rc)
        return rc;
    double *work = malloc(6 * n * sizeof *work);
    wls_work ws;
    if (!work || wls_alloc(&ws, n, p)) {
        free(work);
        return xd_error(d, XD_ENOMEM, "%s: out of memory", what);
    }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    rc = irls(X, y, n, p, theta, start, out, mu ? mu : work + 5 * n, work, &ws);
    gsl_set_error_handler(old);
    wls_free(&ws);
    free(work);
    return rc;
}

/* ------------------------------------------------------------ theta by ML */

double xd_glm_theta_ml(const double *y, const double *mu, size_t n, int limit, double *se,
                       int *hit_limit)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    const double eps = pow(DBL_EPSILON, 0.25);
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (y[i] / mu[i] - 1.0) * (y[i] / mu[i] - 1.0);
    double t0 = (double)n / s, del = 1.0, info = NAN;
    int it = 0;
    while (++it < limit && fabs(del) > eps) {
        t0 = fabs(t0);
        double score = 0.0;
        info = 0.0;
        double dg = gsl_sf_psi(t0), tg = gsl_sf_psi_1(t0);
        for (size_t i = 0; i < n; i++) {
            double mt = mu[i] + t0, yt = y[i] + t0;
            score += gsl_sf_psi(yt) - dg + log(t0) + 1.0 - log(mt) - yt / mt;
            info += -gsl_sf_psi_1(yt) + tg - 1.0 / t0 + 2.0 / mt - yt / (mt * mt);
        }
        del = score / info;
        t0 += del;
    }
    gsl_set_error_handler(old);
    if (t0 < 0.0)
        t0 = 0.0;
    if (hit_limit)
        *hit_limit = it == limit;
    if (se)
        *se = sqrt(1.0 / info);
    return t0;
}

/* MASS's loglik() inside glm.nb */
static double nb_loglik(const double *y, const double *mu, size_t n, double th)
{
    double l = 0.0;
    for (size_t i = 0; i < n; i++)
        l += lgamma(th + y[i]) - lgamma(th) - lgamma(y[i] + 1.0) + th * log(th) +
             y[i] * log(mu[i] + (y[i] == 0.0 ? 1.0 : 0.0)) - (th + y[i]) * log(th + mu[i]);
    return l;
}

int xd_glm_negbin(const double *X, const double *y, size_t n, size_t p, xd_glm *out,
                  double *theta_se, int *poisson_limit, xd_diags *d)
{
    static const char what[] = "negative binomial model";
    int rc = check_args(what, X, y, n, p, INFINITY, d);
    if (rc)
        return rc;
    double *work = malloc(8 * n * sizeof *work);
    wls_work ws;
    if (!work || wls_alloc(&ws, n, p)) {
        free(work);
        return xd_error(d, XD_ENOMEM, "%s: out of memory", what);
    }
    double *mu = work + 5 * n, *mu_old = work + 6 * n;
    *poisson_limit = 0;
    *theta_se = NAN;
    gsl_error_handler_t *old = gsl_set_error_handler_off();

    xd_glm fit;
    irls(X, y, n, p, INFINITY, NULL, &fit, mu, work, &ws);
    if (fit.status != XD_GLM_OK)
        goto done;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (y[i] - mu[i]) * (y[i] - mu[i]) - y[i];
    if (s <= 0.0) {
        *poisson_limit = 1;
        goto done;
    }
    int hit;
    double th = xd_glm_theta_ml(y, mu, n, NB_MAXIT, theta_se, &hit);
    if (!(th > 0.0) || !isfinite(th)) {
        fit.status = XD_GLM_NOT_CONVERGED;
        goto done;
    }
    /* glm.nb's alternation; its absolute tolerance on theta (epsilon) is
     * made relative, as 1e-14 is below the rounding of a large theta. */
    double d1 = sqrt(2.0 * (double)(n - p > 1 ? n - p : 1));
    double lm = nb_loglik(y, mu, n, th), lm0 = lm + 2.0 * d1, del = 1.0;
    int converged = 0;
    for (int iter = 1; iter <= NB_MAXIT; iter++) {
        if (fabs(lm0 - lm) / (d1 * fmax(1.0, fabs(lm))) + fabs(del) / fmax(1.0, th) <= 1e-13) {
            converged = 1;
            break;
        }
        double start[XD_GLM_MAX_P];
        memcpy(start, fit.beta, p * sizeof *start);
        memcpy(mu_old, mu, n * sizeof *mu);
        irls(X, y, n, p, th, start, &fit, mu, work, &ws);
        if (fit.status != XD_GLM_OK)
            goto done;
        double t0 = th;
        /* as glm.nb, theta from the means before this fit */
        th = xd_glm_theta_ml(y, mu_old, n, NB_MAXIT, theta_se, &hit);
        if (th > NB_THETA_MAX) {
            *poisson_limit = 1;
            break;
        }
        if (!(th > 0.0) || !isfinite(th)) {
            fit.status = XD_GLM_NOT_CONVERGED;
            goto done;
        }
        del = t0 - th;
        lm0 = lm;
        lm = nb_loglik(y, mu, n, th);
    }
    if (*poisson_limit) {
        irls(X, y, n, p, INFINITY, NULL, &fit, mu, work, &ws);
        *theta_se = NAN;
    } else if (!converged) {
        fit.status = XD_GLM_NOT_CONVERGED;
    } else {
        fit.theta = th;
    }

done:
    gsl_set_error_handler(old);
    if (*poisson_limit && fit.status == XD_GLM_OK) {
        fit.theta = INFINITY;
        *theta_se = NAN;
    }
    *out = fit;
    wls_free(&ws);
    free(work);
    return XD_OK;
}
