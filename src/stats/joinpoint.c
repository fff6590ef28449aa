#include "joinpoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "glm.h"

enum { MAXP = XD_JOINPOINT_MAX + 2, FAST_MAXIT = 30, STOP_FIRST = 100, STOP_EVERY = 50 };
/* The grid only ranks deviances. Newton steps converge quadratically, so
 * after a step below 1e-6 on the linear predictor the remaining error is
 * ~1e-12 and the deviance's ~1e-24. */
#define FAST_ETA_TOL 1e-6
#define STOP_DELTA 1e-4

void xd_joinpoint_options_default(xd_joinpoint_options *o)
{
    o->k = -1;
    o->k_max = XD_JOINPOINT_MAX;
    o->permutations = XD_JOINPOINT_PERMUTATIONS;
    o->seed = XD_JOINPOINT_SEED;
    o->alpha = 0.05;
    o->early_stop = 1;
}

const char *xd_joinpoint_selection_name(enum xd_joinpoint_selection s)
{
    switch (s) {
    case XD_JP_PERMUTATION_TEST: return "permutation test";
    case XD_JP_FORCED: return "forced";
    case XD_JP_TOO_FEW_YEARS: return "too few years";
    }
    return "unknown";
}

/* ------------------------------------------------------------------ data */

typedef struct jp_data {
    size_t n;
    const double *x, *y;
    double xc;         /* centre of the year column */
    double *ylogy;     /* y log y, 0 for y = 0 */
    double *eta, *mu;  /* scratch of the fast fits */
    size_t lo, hi;     /* joinpoints may sit on observations lo..hi */
} jp_data;

static int design_row(const jp_data *dt, const size_t *jp, int k, size_t i, double *r)
{
    r[0] = 1.0;
    r[1] = dt->x[i] - dt->xc;
    for (int j = 0; j < k; j++) {
        double h = dt->x[i] - dt->x[jp[j]];
        r[2 + j] = h > 0.0 ? h : 0.0;
    }
    return k + 2;
}

/* Lexicographic combinations of k joinpoint positions in lo..hi with at least
 * two observations between neighbours. */
static int combo_first(size_t *c, int k, size_t lo, size_t hi)
{
    for (int j = 0; j < k; j++)
        c[j] = lo + 3 * (size_t)j;
    return k == 0 || c[k - 1] <= hi;
}

static int combo_next(size_t *c, int k, size_t hi)
{
    for (int j = k - 1; j >= 0; j--)
        if (c[j] + 1 + 3 * (size_t)(k - 1 - j) <= hi) {
            c[j]++;
            for (int l = j + 1; l < k; l++)
                c[l] = c[l - 1] + 3;
            return 1;
        }
    return 0;
}

/* Solves the p x p symmetric positive definite system A x = b (lower triangle
 * of A used) by Cholesky. -1 when not positive definite. */
static int chol_solve(double *A, const double *b, double *x, int p)
{
    for (int j = 0; j < p; j++) {
        double s = A[j * p + j];
        for (int l = 0; l < j; l++)
            s -= A[j * p + l] * A[j * p + l];
        if (!(s > 0.0))
            return -1;
        double djj = sqrt(s);
        A[j * p + j] = djj;
        for (int i = j + 1; i < p; i++) {
            double t = A[i * p + j];
            for (int l = 0; l < j; l++)
                t -= A[i * p + l] * A[j * p + l];
            A[i * p + j] = t / djj;
        }
    }
    for (int i = 0; i < p; i++) {
        double t = b[i];
        for (int l = 0; l < i; l++)
            t -= A[i * p + l] * x[l];
        x[i] = t / A[i * p + i];
    }
    for (int i = p - 1; i >= 0; i--) {
        double t = x[i];
        for (int l = i + 1; l < p; l++)
            t -= A[l * p + i] * x[l];
        x[i] = t / A[i * p + i];
    }
    return 0;
}

/* Poisson IRLS by the normal equations, for ranking the grid: fast and
 * allocation-free. 0 with *dev on convergence, -1 when the fit fails or does
 * not settle (no estimate exists, or a bad start). */
static int fast_fit(jp_data *dt, const size_t *jp, int k, double *beta, double *dev)
{
    size_t n = dt->n;
    int p = k + 2;
    double r[MAXP], A[MAXP * MAXP], b[MAXP], nb[MAXP];
    for (size_t i = 0; i < n; i++) {
        design_row(dt, jp, k, i, r);
        double e = 0.0;
        for (int a = 0; a < p; a++)
            e += r[a] * beta[a];
        dt->eta[i] = e;
        dt->mu[i] = exp(e);
        if (!isfinite(dt->mu[i]) || !(dt->mu[i] > 0.0))
            return -1;
    }
    for (int it = 0; it < FAST_MAXIT; it++) {
        memset(A, 0, sizeof A);
        memset(b, 0, sizeof b);
        for (size_t i = 0; i < n; i++) {
            design_row(dt, jp, k, i, r);
            double m = dt->mu[i], wz = m * dt->eta[i] + dt->y[i] - m;
            for (int a = 0; a < p; a++) {
                double ra = r[a] * m;
                b[a] += r[a] * wz;
                for (int c = 0; c <= a; c++)
                    A[a * p + c] += ra * r[c];
            }
        }
        if (chol_solve(A, b, nb, p))
            return -1;
        double deta = 0.0;
        for (size_t i = 0; i < n; i++) {
            design_row(dt, jp, k, i, r);
            double e = 0.0;
            for (int a = 0; a < p; a++)
                e += r[a] * nb[a];
            double de = fabs(e - dt->eta[i]);
            if (de > deta)
                deta = de;
            dt->eta[i] = e;
            dt->mu[i] = exp(e);
            if (!isfinite(dt->mu[i]) || !(dt->mu[i] > 0.0))
                return -1;
        }
        memcpy(beta, nb, (size_t)p * sizeof *beta);
        if (deta < FAST_ETA_TOL) {
            double s = 0.0;
            for (size_t i = 0; i < n; i++)
                s += dt->ylogy[i] - dt->y[i] * dt->eta[i] - dt->y[i] + dt->mu[i];
            *dev = 2.0 * s;
            return 0;
        }
    }
    return -1;
}

typedef struct jp_best {
    int ok;
    double dev;
    size_t jp[XD_JOINPOINT_MAX];
    double beta[MAXP];
} jp_best;

/* Exhaustive search of the k-joinpoint combination of least deviance, each
 * fit warm-started from its neighbour in the enumeration. */
static void ml_grid(jp_data *dt, int k, const double *base, jp_best *best)
{
    memset(best, 0, sizeof *best);
    best->dev = INFINITY;
    size_t c[XD_JOINPOINT_MAX];
    double warm[MAXP], beta[MAXP];
    int have_warm = 0;
    if (!combo_first(c, k, dt->lo, dt->hi))
        return;
    do {
        double dev;
        int rc = -1;
        if (have_warm) {
            memcpy(beta, warm, sizeof beta);
            rc = fast_fit(dt, c, k, beta, &dev);
        }
        if (rc) {
            memset(beta, 0, sizeof beta);
            beta[0] = base[0];
            beta[1] = base[1];
            rc = fast_fit(dt, c, k, beta, &dev);
        }
        have_warm = rc == 0;
        if (rc == 0) {
            memcpy(warm, beta, sizeof warm);
            if (dev < best->dev) {
                best->ok = 1;
                best->dev = dev;
                memcpy(best->jp, c, sizeof best->jp);
                memcpy(best->beta, beta, sizeof best->beta);
            }
        }
    } while (combo_next(c, k, dt->hi));
}

/* ------------------------------------------- permutation test statistic */

/* Weighted least squares of working responses with fixed weights over the
 * whole joinpoint grid. With the year columns projected out, a candidate's
 * residual sum of squares is SSE0 - b' G^-1 b, where G (the Gram matrix of
 * its projected hinge columns) depends only on the weights and b only on
 * the data: the inverses are computed once per test. */
typedef struct jp_wls {
    size_t n, m;
    int kmax;
    double *s, *q1, *q2; /* sqrt(weights); orthonormal basis of the whitened year columns */
    double *h;           /* m x n whitened hinge columns, year columns projected out */
    double *g;           /* m x m */
    size_t ncand[XD_JOINPOINT_MAX + 1];
    unsigned short *cand[XD_JOINPOINT_MAX + 1]; /* k offsets (0..m-1) per candidate */
    double *inv[XD_JOINPOINT_MAX + 1];          /* packed lower triangle of G^-1; NaN: skip */
    double *zp, *bt;     /* scratch */
} jp_wls;

static void wls_free(jp_wls *W)
{
    free(W->s);
    free(W->h);
    free(W->g);
    for (int k = 1; k <= XD_JOINPOINT_MAX; k++) {
        free(W->cand[k]);
        free(W->inv[k]);
    }
    memset(W, 0, sizeof *W);
}

static int wls_alloc(jp_wls *W, const jp_data *dt, int kmax)
{
    memset(W, 0, sizeof *W);
    size_t n = dt->n, m = dt->hi - dt->lo + 1;
    W->n = n;
    W->m = m;
    W->kmax = kmax;
    W->s = malloc((5 * n + m) * sizeof *W->s);
    W->h = malloc(m * n * sizeof *W->h);
    W->g = malloc(m * m * sizeof *W->g);
    if (!W->s || !W->h || !W->g)
        goto fail;
    W->q1 = W->s + n;
    W->q2 = W->s + 2 * n;
    W->zp = W->s + 3 * n;
    W->bt = W->s + 5 * n;
    for (int k = 1; k <= kmax; k++) {
        size_t c[XD_JOINPOINT_MAX], count = 0;
        if (combo_first(c, k, dt->lo, dt->hi))
            do
                count++;
            while (combo_next(c, k, dt->hi));
        W->ncand[k] = count;
        W->cand[k] = malloc((count ? count : 1) * (size_t)k * sizeof *W->cand[k]);
        W->inv[k] = malloc((count ? count : 1) * (size_t)(k * (k + 1) / 2) * sizeof *W->inv[k]);
        if (!W->cand[k] || !W->inv[k])
            goto fail;
        count = 0;
        if (combo_first(c, k, dt->lo, dt->hi))
            do {
                for (int j = 0; j < k; j++)
                    W->cand[k][count * (size_t)k + (size_t)j] = (unsigned short)(c[j] - dt->lo);
                count++;
            } while (combo_next(c, k, dt->hi));
    }
    return 0;
fail:
    wls_free(W);
    return -1;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static void project_out(const jp_wls *W, double *v)
{
    double a = dot(W->q1, v, W->n);
    for (size_t i = 0; i < W->n; i++)
        v[i] -= a * W->q1[i];
    a = dot(W->q2, v, W->n);
    for (size_t i = 0; i < W->n; i++)
        v[i] -= a * W->q2[i];
}

/* Inverse of a symmetric positive definite k x k matrix (k <= 3), packed
 * lower triangle in and out. -1 when (nearly) singular. */
static int small_inverse(const double *a, int k, double *out)
{
    if (k == 1) {
        if (!(a[0] > 0.0))
            return -1;
        out[0] = 1.0 / a[0];
        return 0;
    }
    if (k == 2) {
        double a00 = a[0], a10 = a[1], a11 = a[2];
        double det = a00 * a11 - a10 * a10;
        if (!(det > 1e-12 * a00 * a11))
            return -1;
        out[0] = a11 / det;
        out[1] = -a10 / det;
        out[2] = a00 / det;
        return 0;
    }
    double a00 = a[0], a10 = a[1], a11 = a[2], a20 = a[3], a21 = a[4], a22 = a[5];
    double c00 = a11 * a22 - a21 * a21, c10 = -(a10 * a22 - a21 * a20),
           c20 = a10 * a21 - a11 * a20;
    double det = a00 * c00 + a10 * c10 + a20 * c20;
    if (!(det > 1e-12 * a00 * a11 * a22))
        return -1;
    out[0] = c00 / det;
    out[1] = c10 / det;
    out[2] = (a00 * a22 - a20 * a20) / det;
    out[3] = c20 / det;
    out[4] = -(a00 * a21 - a10 * a20) / det;
    out[5] = (a00 * a11 - a10 * a10) / det;
    return 0;
}

/* Sets the weights of a test and precomputes every candidate's factor. */
static void wls_setup(jp_wls *W, const jp_data *dt, const double *w)
{
    size_t n = W->n, m = W->m;
    for (size_t i = 0; i < n; i++)
        W->s[i] = sqrt(w[i]);
    double nrm = sqrt(dot(W->s, W->s, n));
    for (size_t i = 0; i < n; i++) {
        W->q1[i] = W->s[i] / nrm;
        W->q2[i] = W->s[i] * (dt->x[i] - dt->xc);
    }
    double a = dot(W->q1, W->q2, n);
    for (size_t i = 0; i < n; i++)
        W->q2[i] -= a * W->q1[i];
    nrm = sqrt(dot(W->q2, W->q2, n));
    for (size_t i = 0; i < n; i++)
        W->q2[i] /= nrm;
    for (size_t p = 0; p < m; p++) {
        double *h = W->h + p * n, tau = dt->x[dt->lo + p];
        for (size_t i = 0; i < n; i++)
            h[i] = dt->x[i] > tau ? W->s[i] * (dt->x[i] - tau) : 0.0;
        project_out(W, h);
    }
    for (size_t p = 0; p < m; p++)
        for (size_t q = 0; q <= p; q++)
            W->g[p * m + q] = W->g[q * m + p] = dot(W->h + p * n, W->h + q * n, n);
    for (int k = 1; k <= W->kmax; k++) {
        size_t np = (size_t)(k * (k + 1) / 2);
        for (size_t c = 0; c < W->ncand[k]; c++) {
            const unsigned short *o = W->cand[k] + c * (size_t)k;
            double a6[6];
            size_t t = 0;
            for (int i = 0; i < k; i++)
                for (int j = 0; j <= i; j++)
                    a6[t++] = W->g[o[i] * m + o[j]];
            double *out = W->inv[k] + c * np;
            if (small_inverse(a6, k, out))
                out[0] = NAN;
        }
    }
}

/* Largest reduction of the residual sum of squares by k hinge terms. */
static double wls_max_ess(const jp_wls *W, int k)
{
    const double *bt = W->bt;
    double best = 0.0;
    size_t nc = W->ncand[k];
    const unsigned short *o = W->cand[k];
    const double *v = W->inv[k];
    if (k == 1) {
        for (size_t c = 0; c < nc; c++) {
            double b0 = bt[o[c]], e = v[c] * b0 * b0;
            if (e > best)
                best = e;
        }
    } else if (k == 2) {
        for (size_t c = 0; c < nc; c++, o += 2, v += 3) {
            double b0 = bt[o[0]], b1 = bt[o[1]];
            double e = v[0] * b0 * b0 + 2.0 * v[1] * b0 * b1 + v[2] * b1 * b1;
            if (e > best)
                best = e;
        }
    } else {
        for (size_t c = 0; c < nc; c++, o += 3, v += 6) {
            double b0 = bt[o[0]], b1 = bt[o[1]], b2 = bt[o[2]];
            double e = v[0] * b0 * b0 + v[2] * b1 * b1 + v[5] * b2 * b2 +
                       2.0 * (v[1] * b0 * b1 + v[3] * b0 * b2 + v[4] * b1 * b2);
            if (e > best) /* NaN (skipped candidate) never compares greater */
                best = e;
        }
    }
    return best;
}

/* SSE(ka) / SSE(kb) of the whitened working response zs. */
static double wls_statistic(jp_wls *W, const double *zs, int ka, int kb)
{
    size_t n = W->n;
    memcpy(W->zp, zs, n * sizeof *zs);
    project_out(W, W->zp);
    double sse0 = dot(W->zp, W->zp, n);
    for (size_t p = 0; p < W->m; p++)
        W->bt[p] = dot(W->h + p * n, W->zp, n);
    double sa = ka == 0 ? sse0 : sse0 - wls_max_ess(W, ka);
    double sb = sse0 - wls_max_ess(W, kb);
    double floor = 1e-13 * sse0;
    if (sa < floor)
        sa = 0.0;
    if (sb < floor)
        return sa > 0.0 ? INFINITY : 1.0;
    return sa / sb;
}

/* Whether the decision of a test is settled after m permutations with c
 * exceedances: a 1 - STOP_DELTA Clopper-Pearson bound on the permutation
 * p-value lies on one side of the level. */
static int settled(size_t c, size_t m, double level)
{
    double dm = (double)m, dc = (double)c;
    double upper = c >= m ? 1.0 : gsl_cdf_beta_Pinv(1.0 - STOP_DELTA, dc + 1.0, dm - dc);
    double lower = c == 0 ? 0.0 : gsl_cdf_beta_Pinv(STOP_DELTA, dc, dm - dc + 1.0);
    return upper < level || lower > level;
}

typedef struct jp_perm {
    gsl_rng *rng;
    size_t *idx;
    double *r, *base, *zs;
} jp_perm;

static void perm_test(const jp_data *dt, jp_wls *W, jp_perm *P, int ka, int kb,
                      const double *mu0, double level, const xd_joinpoint_options *o,
                      xd_joinpoint_test *t)
{
    size_t n = dt->n;
    wls_setup(W, dt, mu0);
    for (size_t i = 0; i < n; i++) {
        double sm = sqrt(mu0[i]);
        P->r[i] = (dt->y[i] - mu0[i]) / sm;
        P->base[i] = sm * log(mu0[i]);
        P->zs[i] = P->base[i] + P->r[i];
        P->idx[i] = i;
    }
    memset(t, 0, sizeof *t);
    t->k_null = ka;
    t->k_alt = kb;
    t->alpha = level;
    double T = wls_statistic(W, P->zs, ka, kb);
    t->statistic = T;
    /* permuted statistics equal to the observed one up to rounding count as
     * exceedances, as a permutation that swaps equal residuals must */
    double cut = isinf(T) ? T : T * (1.0 - 1e-10);
    gsl_rng_set(P->rng, o->seed);
    size_t c = 0, m = 0;
    while (m < o->permutations) {
        gsl_ran_shuffle(P->rng, P->idx, n, sizeof *P->idx);
        for (size_t i = 0; i < n; i++)
            P->zs[i] = P->base[i] + P->r[P->idx[i]];
        double Ts = wls_statistic(W, P->zs, ka, kb);
        m++;
        if (Ts >= cut)
            c++;
        if (o->early_stop && m >= STOP_FIRST && m % STOP_EVERY == 0 && settled(c, m, level))
            break;
    }
    t->permutations = m;
    t->exceedances = c;
    t->p_value = ((double)c + 1.0) / ((double)m + 1.0);
    t->rejected = t->p_value < level;
}

/* ------------------------------------------------------------- the fit */

static void set_not_estimable(xd_joinpoint *jp)
{
    jp->estimable = 0;
    jp->k = 0;
    jp->n_segments = 0;
    for (int j = 0; j < XD_JOINPOINT_MAX; j++)
        jp->joinpoints[j] = NAN;
    jp->dispersion = jp->aapc = jp->aapc_p_value = jp->deviance = NAN;
    jp->aapc_ci.lo = jp->aapc_ci.hi = NAN;
    for (int j = 0; j < XD_JOINPOINT_MAX + 2; j++)
        jp->coef[j] = NAN;
    for (int j = 0; j < MAXP * MAXP; j++)
        jp->cov[j] = NAN;
}

static int check_input(const double *x, const double *y, size_t n, double level, xd_diags *d)
{
    static const char what[] = "joinpoint regression";
    if (!x || !y || n < 3)
        return xd_error(d, XD_EDATA, "%s: needs at least 3 years with figures, got %zu", what, n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return xd_error(d, XD_EDATA, "%s: year %zu of %zu is not a finite number", what,
                            i + 1, n);
        if (!isfinite(y[i]) || y[i] < 0.0)
            return xd_error(d, XD_EDATA, "%s: count %zu of %zu (%g) is not a finite number >= 0",
                            what, i + 1, n, y[i]);
        if (i > 0 && !(x[i] > x[i - 1]))
            return xd_error(d, XD_EDATA,
                            "%s: years must be strictly increasing, but %g follows %g", what,
                            x[i], x[i - 1]);
    }
    if (!(level > 0.0 && level < 1.0))
        return xd_error(d, XD_EDATA, "%s: confidence level %g must lie strictly between 0 and 1",
                        what, level);
    return XD_OK;
}

/* Segments, AAPC and the scaled covariance of the chosen model's accurate fit. */
static void summarize(xd_joinpoint *jp, const jp_data *dt, const xd_glm *f, const size_t *pos,
                      double level)
{
    int k = jp->k, p = k + 2;
    size_t n = dt->n;
    jp->estimable = 1;
    jp->deviance = f->deviance;
    jp->df = n - (size_t)p;
    jp->dispersion = f->pearson_chi2 / (double)jp->df;
    jp->scaled = jp->dispersion > 1.0;
    double phi = jp->scaled ? jp->dispersion : 1.0;
    double prob = 1.0 - (1.0 - level) / 2.0;
    double q = jp->scaled ? gsl_cdf_tdist_Pinv(prob, (double)jp->df) : gsl_cdf_ugaussian_Pinv(prob);
    jp->x_center = dt->xc;
    for (int a = 0; a < p; a++) {
        jp->coef[a] = f->beta[a];
        for (int b = 0; b < p; b++)
            jp->cov[a * p + b] = phi * f->cov[a * p + b];
    }
    for (int j = 0; j < k; j++)
        jp->joinpoints[j] = dt->x[pos[j]];

    /* a linear combination c . beta with its standard error, test and interval */
    double wsum = 0.0, cav[MAXP] = {0};
    jp->n_segments = k + 1;
    for (int s = 0; s <= k; s++) {
        double c[MAXP] = {0};
        c[1] = 1.0;
        for (int j = 0; j < s; j++)
            c[2 + j] = 1.0;
        xd_joinpoint_segment *g = &jp->segments[s];
        g->from = s == 0 ? dt->x[0] : jp->joinpoints[s - 1];
        g->to = s == k ? dt->x[n - 1] : jp->joinpoints[s];
        double b = 0.0, v = 0.0;
        for (int a = 0; a < p; a++) {
            b += c[a] * jp->coef[a];
            for (int e = 0; e < p; e++)
                v += c[a] * c[e] * jp->cov[a * p + e];
        }
        g->slope = b;
        g->se = sqrt(v);
        g->apc = 100.0 * expm1(b);
        g->apc_ci.lo = 100.0 * expm1(b - q * g->se);
        g->apc_ci.hi = 100.0 * expm1(b + q * g->se);
        double tstat = fabs(b / g->se);
        g->p_value = 2.0 * (jp->scaled ? gsl_cdf_tdist_Q(tstat, (double)jp->df)
                                       : gsl_cdf_ugaussian_Q(tstat));
        double w = g->to - g->from;
        wsum += w;
        for (int a = 0; a < p; a++)
            cav[a] += w * c[a];
    }
    double b = 0.0, v = 0.0;
    for (int a = 0; a < p; a++)
        cav[a] /= wsum;
    for (int a = 0; a < p; a++) {
        b += cav[a] * jp->coef[a];
        for (int e = 0; e < p; e++)
            v += cav[a] * cav[e] * jp->cov[a * p + e];
    }
    double se = sqrt(v);
    jp->aapc = 100.0 * expm1(b);
    jp->aapc_ci.lo = 100.0 * expm1(b - q * se);
    jp->aapc_ci.hi = 100.0 * expm1(b + q * se);
    double tstat = fabs(b / se);
    jp->aapc_p_value = 2.0 * (jp->scaled ? gsl_cdf_tdist_Q(tstat, (double)jp->df)
                                         : gsl_cdf_ugaussian_Q(tstat));
}

static int fit_at(const jp_data *dt, const size_t *pos, int k, const double *start, xd_glm *f,
                  double *mu, xd_diags *d)
{
    size_t n = dt->n, p = (size_t)k + 2;
    double *X = malloc(n * p * sizeof *X);
    if (!X)
        return xd_error(d, XD_ENOMEM, "joinpoint regression: out of memory");
    for (size_t i = 0; i < n; i++)
        design_row(dt, pos, k, i, X + i * p);
    int rc = xd_glm_fit(X, dt->y, n, p, INFINITY, start, f, mu, d);
    free(X);
    return rc;
}

int xd_joinpoint_fit(const double *year, const double *count, size_t n, double level,
                     const xd_joinpoint_options *o, xd_joinpoint *out, xd_diags *d)
{
    static const char what[] = "joinpoint regression";
    xd_joinpoint_options defaults;
    if (!o) {
        xd_joinpoint_options_default(&defaults);
        o = &defaults;
    }
    memset(out, 0, sizeof *out);
    int rc = check_input(year, count, n, level, d);
    if (rc)
        return rc;
    if (o->k > XD_JOINPOINT_MAX || o->k_max < 0 || o->k_max > XD_JOINPOINT_MAX ||
        !(o->alpha > 0.0 && o->alpha < 1.0) || (o->k < 0 && o->k != -1))
        return xd_error(d, XD_EUSAGE,
                        "%s: joinpoints must be -1 (choose) or 0 to %d, the most 0 to %d, and "
                        "alpha between 0 and 1",
                        what, XD_JOINPOINT_MAX, XD_JOINPOINT_MAX);
    int k_data = (int)((n - 2) / 3);
    if (k_data > XD_JOINPOINT_MAX)
        k_data = XD_JOINPOINT_MAX;
    if (o->k > k_data)
        return xd_error(d, XD_EDATA,
                        "%s: %d joinpoint%s need at least %d years with figures (2 before, "
                        "between and after joinpoints); the series has %zu",
                        what, o->k, o->k == 1 ? "" : "s", 3 * o->k + 2, n);
    out->n = n;
    out->seed = o->seed;
    out->permutations = o->permutations;
    int k_allowed = o->k_max < k_data ? o->k_max : k_data;
    int k_cap = o->k >= 0 ? o->k : k_allowed;
    out->k_max = k_allowed;
    if (o->k >= 0)
        out->selected_by = XD_JP_FORCED;
    else if (k_data == 0)
        out->selected_by = XD_JP_TOO_FEW_YEARS;
    else if (o->k_max == 0)
        out->selected_by = XD_JP_FORCED;
    else
        out->selected_by = XD_JP_PERMUTATION_TEST;
    for (int k = 0; k <= XD_JOINPOINT_MAX; k++) {
        out->best_deviance[k] = NAN;
        for (int j = 0; j < XD_JOINPOINT_MAX; j++)
            out->best_joinpoints[k][j] = NAN;
    }
    set_not_estimable(out);

    jp_data dt = {0};
    dt.n = n;
    dt.x = year;
    dt.y = count;
    dt.lo = 2;
    dt.hi = n >= 3 ? n - 3 : 0;
    double xs = 0.0;
    for (size_t i = 0; i < n; i++)
        xs += year[i];
    dt.xc = xs / (double)n;
    double *work = malloc(6 * n * sizeof *work);
    size_t *idx = malloc(n * sizeof *idx);
    jp_wls W = {0};
    jp_perm P = {0};
    if (!work || !idx) {
        rc = xd_error(d, XD_ENOMEM, "%s: out of memory", what);
        goto done;
    }
    dt.ylogy = work;
    dt.eta = work + n;
    dt.mu = work + 2 * n;
    double *mu0 = work + 3 * n;
    P.r = work + 4 * n;
    P.base = work + 5 * n;
    P.idx = idx;
    for (size_t i = 0; i < n; i++)
        dt.ylogy[i] = count[i] > 0.0 ? count[i] * log(count[i]) : 0.0;

    /* the straight line first: when it has no fit, no joinpoint model has one */
    xd_glm f0;
    size_t none[XD_JOINPOINT_MAX] = {0};
    if ((rc = fit_at(&dt, none, 0, NULL, &f0, mu0, d)))
        goto done;
    if (f0.status != XD_GLM_OK) {
        xd_warning(d, "%s: not estimable: %s", what, xd_glm_status_text(f0.status));
        goto done;
    }
    jp_best best[XD_JOINPOINT_MAX + 1] = {{0}};
    best[0].ok = 1;
    best[0].dev = f0.deviance;
    memcpy(best[0].beta, f0.beta, 2 * sizeof *f0.beta);
    out->best_deviance[0] = f0.deviance;
    int k_valid = 0;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    for (int k = 1; k <= k_cap; k++) {
        ml_grid(&dt, k, f0.beta, &best[k]);
        if (!best[k].ok)
            break;
        k_valid = k;
        out->best_deviance[k] = best[k].dev;
        for (int j = 0; j < k; j++)
            out->best_joinpoints[k][j] = year[best[k].jp[j]];
    }
    out->k_searched = k_valid;

    int k = 0;
    if (o->k >= 0) {
        k = o->k;
        if (k > k_valid) {
            gsl_set_error_handler(old);
            xd_warning(d, "%s: not estimable: no placement of %d joinpoint%s has a fit (the "
                          "fitted means run off to 0)",
                       what, k, k == 1 ? "" : "s");
            goto done;
        }
    } else if (k_valid > 0) {
        out->k_max = k_valid;
        if (wls_alloc(&W, &dt, k_valid) || !(P.rng = gsl_rng_alloc(gsl_rng_mt19937)) ||
            !(P.zs = malloc(n * sizeof *P.zs))) {
            gsl_set_error_handler(old);
            rc = xd_error(d, XD_ENOMEM, "%s: out of memory", what);
            goto done;
        }
        int ka = 0, kb = k_valid;
        while (ka < kb) {
            xd_glm fa;
            if ((rc = fit_at(&dt, best[ka].jp, ka, best[ka].beta, &fa, mu0, d))) {
                gsl_set_error_handler(old);
                goto done;
            }
            if (fa.status != XD_GLM_OK)
                break; /* cannot happen: the grid fit of this model converged */
            xd_joinpoint_test *t = &out->tests[out->n_tests++];
            perm_test(&dt, &W, &P, ka, kb, mu0, o->alpha / (double)(k_valid - ka), o, t);
            if (t->rejected)
                ka++;
            else
                kb--;
        }
        k = ka;
    } else if (out->selected_by == XD_JP_PERMUTATION_TEST) {
        /* every placement of one joinpoint sends fitted means to 0 */
        out->k_max = 0;
        xd_note(d, "%s: no placement of a joinpoint has a fit, so the straight line stands", what);
    }
    gsl_set_error_handler(old);

    xd_glm f;
    if ((rc = fit_at(&dt, best[k].jp, k, best[k].beta, &f, mu0, d)))
        goto done;
    if (f.status != XD_GLM_OK) {
        xd_warning(d, "%s: not estimable: %s", what, xd_glm_status_text(f.status));
        goto done;
    }
    out->k = k;
    old = gsl_set_error_handler_off();
    summarize(out, &dt, &f, best[k].jp, level);
    gsl_set_error_handler(old);

done:
    if (P.rng)
        gsl_rng_free(P.rng);
    free(P.zs);
    wls_free(&W);
    free(idx);
    free(work);
    return rc;
}

void xd_joinpoint_predict(const xd_joinpoint *jp, double year, double level, double *mu,
                          double *lo, double *hi)
{
    double m = NAN, l = NAN, h = NAN;
    if (jp->estimable && level > 0.0 && level < 1.0) {
        int p = jp->k + 2;
        double r[MAXP];
        r[0] = 1.0;
        r[1] = year - jp->x_center;
        for (int j = 0; j < jp->k; j++)
            r[2 + j] = year > jp->joinpoints[j] ? year - jp->joinpoints[j] : 0.0;
        double eta = 0.0, v = 0.0;
        for (int a = 0; a < p; a++) {
            eta += r[a] * jp->coef[a];
            for (int b = 0; b < p; b++)
                v += r[a] * r[b] * jp->cov[a * p + b];
        }
        gsl_error_handler_t *old = gsl_set_error_handler_off();
        double prob = 1.0 - (1.0 - level) / 2.0;
        double q = jp->scaled ? gsl_cdf_tdist_Pinv(prob, (double)jp->df)
                              : gsl_cdf_ugaussian_Pinv(prob);
        gsl_set_error_handler(old);
        double se = sqrt(v > 0.0 ? v : 0.0);
        m = exp(eta);
        l = exp(eta - q * se);
        h = exp(eta + q * se);
    }
    if (mu)
        *mu = m;
    if (lo)
        *lo = l;
    if (hi)
        *hi = h;
}
