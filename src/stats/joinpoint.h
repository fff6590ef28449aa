/* Joinpoint regression of yearly counts (Kim, Fay, Feuer & Midthune, "Permutation
 * tests for joinpoint regression with applications to cancer rates", Stat Med
 * 2000;19:335-351, as the NCI Joinpoint Regression Program applies it).
 *
 * Model. With k joinpoints tau_1 < ... < tau_k, a continuous piecewise
 * log-linear trend
 *     log mu = b0 + b1 * year + sum_j d_j * max(0, year - tau_j),
 * fitted by Poisson maximum likelihood (R: glm(count ~ year + pmax(year - tau, 0),
 * family = poisson)). Joinpoints fall on observed years, with at least 2
 * observed years strictly before the first, strictly between two and strictly
 * after the last joinpoint; so k joinpoints need 3k + 2 years with figures.
 * Years without a figure are skipped, never counted as 0.
 *
 * Grid search. For each k the joinpoints are the combination of least
 * deviance among all allowed ones (exhaustive; ties go to the earliest).
 * Combinations whose fit does not exist (fitted means running off to 0,
 * possible with runs of zero counts) are left out.
 *
 * Choosing k (the permutation test). The sequential procedure of Kim et al.:
 * start with ka = 0, kb = k_max; test H0: k = ka against H1: k = kb; on
 * rejection ka += 1, otherwise kb -= 1; stop when ka = kb. Each test runs at
 * level alpha / (k_max - ka), the adjustment the NCI program uses since its
 * version 3.0 (it bounds each over-fitting probability P(k_hat > ka | k = ka)
 * by alpha; earlier versions used alpha / (k_max - k_min)).
 *   For counts the test follows Kim et al.'s heteroscedastic form on the
 * working scale of the null fit: with mu0 the Poisson fit of the best ka-joinpoint
 * model, each data set is turned into the working response
 * z = log mu0 + (y - mu0) / mu0 with weights mu0, and the statistic is
 * T = SSE(ka) / SSE(kb), the weighted residual sums of squares of the best
 * ka- and kb-joinpoint least-squares fits of z (grid searched like the
 * deviance). Permuted data sets are the null fit plus its permuted Pearson
 * residuals, y* = mu0 + sqrt(mu0) * r_perm, i.e. z* = log mu0 + r_perm / sqrt(mu0).
 * The p-value is (1 + #{T* >= T}) / (1 + permutations); H0 is rejected when
 * it is below the test's level. (The Pearson/working-scale form is the
 * weighted-least-squares statistic the NCI program uses for its Poisson-variance
 * option, with the weights taken from the null fit, so zero counts need no
 * 0.5 added; with fixed weights the grid of every permuted data set is an
 * update of precomputed least-squares factors, which keeps thousands of
 * permutations fast.)
 *   Permutations come from GSL's gsl_rng_mt19937 seeded with `seed` at the
 * start of every test, so a run is reproducible. The NCI default is 4499
 * permutations. With early_stop, a test stops once a 1 - 1e-4 Clopper-Pearson
 * interval for its p-value (checked every 50 permutations from 100 on) lies
 * wholly above or below the test's level: the decision is then settled and
 * the p-value is reported from the permutations done.
 *
 * Estimates, conditional on the chosen joinpoints. Each segment's slope b is
 * b1 plus the d_j of the joinpoints before it; APC = 100 (exp(b) - 1). The
 * Pearson dispersion phi = X^2 / (n - k - 2) decides the intervals: when
 * phi > 1 the covariance is scaled by phi and intervals and p-values use
 * Student's t on n - k - 2 degrees of freedom (R: glm(..., family = quasipoisson),
 * summary.glm); when phi <= 1 they are Poisson Wald intervals and tests
 * (normal). Unlike the NCI program, which recomputes segment standard errors
 * from separate fits per segment (Lerman 1980), the slopes' covariance is the
 * joint model's, so every figure can be checked with glm().
 *   AAPC over the whole period (NCI's definition, Clegg et al. 2009): the
 * segment slopes weighted by the years each spans,
 * AAPC = 100 (exp(sum w_i b_i / sum w_i) - 1), with its interval and p-value
 * from the variance of that weighted sum (normal or t as for the APCs). With
 * no joinpoint the AAPC is the APC. */
#ifndef XD_JOINPOINT_H
#define XD_JOINPOINT_H

#include <stddef.h>

#include "diag.h"
#include "stats.h"

#define XD_JOINPOINT_MAX 3
#define XD_JOINPOINT_PERMUTATIONS 4499
#define XD_JOINPOINT_SEED 20000335UL /* any fixed number; this one is the paper's volume and page */

typedef struct xd_joinpoint_options {
    int k;               /* the number of joinpoints to fit, or -1 to choose by the permutation test */
    int k_max;           /* the most joinpoints considered, 0..XD_JOINPOINT_MAX */
    size_t permutations; /* per test, at most */
    unsigned long seed;
    double alpha;        /* overall significance level of the selection */
    int early_stop;      /* stop a test once its decision is settled */
} xd_joinpoint_options;
/* k = -1, k_max = 3, 4499 permutations, XD_JOINPOINT_SEED, alpha = 0.05, early_stop = 1 */
void xd_joinpoint_options_default(xd_joinpoint_options *o);

enum xd_joinpoint_selection {
    XD_JP_PERMUTATION_TEST, /* k chosen by the sequential permutation tests */
    XD_JP_FORCED,           /* k given by the caller (or k_max = 0 by the caller) */
    XD_JP_TOO_FEW_YEARS     /* fewer than 5 years with figures: no joinpoint possible */
};
/* "permutation test", "forced", "too few years" */
const char *xd_joinpoint_selection_name(enum xd_joinpoint_selection s);

typedef struct xd_joinpoint_segment {
    double from, to;     /* years */
    double slope, se;    /* log scale; se scaled by phi when phi > 1 */
    double apc;          /* 100 (exp(slope) - 1) */
    xd_interval apc_ci;
    double p_value;      /* H0: slope = 0 */
} xd_joinpoint_segment;

typedef struct xd_joinpoint_test {
    int k_null, k_alt;
    double statistic;    /* SSE(k_null) / SSE(k_alt) of the observed data */
    double p_value;
    double alpha;        /* this test's level */
    size_t permutations; /* done (fewer than asked when stopped early) */
    size_t exceedances;  /* permuted statistics >= the observed one */
    int rejected;
} xd_joinpoint_test;

typedef struct xd_joinpoint {
    int estimable;       /* 0: no fit exists (see the diagnostics); every figure is NaN */
    size_t n;
    int k;               /* joinpoints in the chosen model */
    int k_max;           /* the most joinpoints the years and the k_max option allow
                          * (lower when no placement of more has a fit) */
    enum xd_joinpoint_selection selected_by;
    double joinpoints[XD_JOINPOINT_MAX];
    double dispersion;   /* Pearson X^2 / df of the chosen model */
    size_t df;           /* n - k - 2 */
    int scaled;          /* dispersion > 1: quasi-Poisson scaling and t intervals */
    int n_segments;      /* k + 1 */
    xd_joinpoint_segment segments[XD_JOINPOINT_MAX + 1];
    double aapc;
    xd_interval aapc_ci;
    double aapc_p_value;
    double deviance;
    /* the chosen model: log mu = coef . (1, year - x_center, hinges...) */
    double x_center;
    double coef[XD_JOINPOINT_MAX + 2];
    double cov[(XD_JOINPOINT_MAX + 2) * (XD_JOINPOINT_MAX + 2)]; /* scaled like the intervals */
    /* the best model of each size searched (best_deviance NaN where none exists) */
    int k_searched;
    double best_deviance[XD_JOINPOINT_MAX + 1];
    double best_joinpoints[XD_JOINPOINT_MAX + 1][XD_JOINPOINT_MAX];
    /* the permutation tests, in the order run */
    int n_tests;
    xd_joinpoint_test tests[XD_JOINPOINT_MAX];
    unsigned long seed;
    size_t permutations;
} xd_joinpoint;

/* Fits joinpoint models to n (year, count) points, years strictly increasing
 * (gaps already skipped), counts >= 0, and chooses the number of joinpoints.
 * level is the confidence level of the intervals. Returns XD_EDATA for bad
 * input (fewer than 3 points, non-finite or negative values, years not
 * increasing, a forced k the years cannot hold), XD_ENOMEM; a model that does
 * not exist is XD_OK with out->estimable = 0 and a warning. */
int xd_joinpoint_fit(const double *year, const double *count, size_t n, double level,
                     const xd_joinpoint_options *o, xd_joinpoint *out, xd_diags *d);

/* Fitted mean of the chosen model at `year`, with a band at `level` on the
 * log scale (normal or t like the APC intervals). NaN when not estimable. */
void xd_joinpoint_predict(const xd_joinpoint *jp, double year, double level, double *mu,
                          double *lo, double *hi);

#endif
