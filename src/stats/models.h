/* The trend models of one yearly count series, computed together, and the
 * choice of the one a report leads with.
 *
 * Entry point for the trend command:
 *
 *     xd_models_options o;
 *     xd_models_options_default(&o);
 *     o.joinpoint.k = forced;              // --joinpoints N, or -1 to choose
 *     xd_models m;
 *     int rc = xd_models_fit(t->years, t->counts, t->n, level, &o, &m, d);
 *
 * with the years and counts of xd_trend (gaps already skipped, never zero).
 * xd_models holds no pointers: copy it into xd_trend as is; nothing to free.
 * JSON mapping (every figure NaN, i.e. null, when its model is not estimable):
 *   quasi_poisson{rate_ratio, rate_ratio_ci, pct_change, pct_change_ci,
 *                 dispersion, df, p_value}                 <- m.quasi_poisson
 *   negative_binomial{theta, rate_ratio, rate_ratio_ci, pct_change,
 *                 pct_change_ci, p_value}                   <- m.negative_binomial
 *                 (theta is INFINITY in the Poisson limit: write it as null
 *                 and say that the model reduces to Poisson)
 *   joinpoint{joinpoints, selected_by, k_max, dispersion, segments[{from, to,
 *                 apc, apc_ci, p_value}], aapc, aapc_ci}    <- m.joinpoint
 *                 (joinpoints[0..k-1]; selected_by via xd_joinpoint_selection_name)
 *   headline_model                                          <- xd_model_name(m.headline_model)
 *
 * Models:
 *   poisson        log mu = b0 + b1 year by maximum likelihood (glm, poisson);
 *                  Wald interval and test (normal).
 *   quasi_poisson  R's glm(family = quasipoisson): the Poisson coefficients,
 *                  dispersion phi = Pearson X^2 / (n - 2) at the fit, standard
 *                  errors times sqrt(phi), intervals exp(b1 +- t * se) and the
 *                  p-value from Student's t on n - 2 df, as summary.glm.
 *   negative_binomial  MASS::glm.nb (theta by maximum likelihood alternated
 *                  with IRLS); Wald interval and p-value with the normal
 *                  quantile, as summary.negbin. When the counts are not
 *                  overdispersed, theta -> infinity and the model reduces to
 *                  Poisson: poisson_limit = 1, theta = INFINITY, and the
 *                  figures are the Poisson fit's (the limit of the negative
 *                  binomial ones). See glm.h.
 *   joinpoint      see joinpoint.h.
 *
 * Headline model (xd_models_headline): the joinpoint model when it has at
 * least one joinpoint; else, when the Poisson dispersion exceeds
 * `overdispersion` (1.5 by default, the threshold of xd_poisson_fit's
 * `overdispersed`), quasi-Poisson; else Poisson. Quasi-Poisson rather than
 * the negative binomial because it keeps the Poisson estimate and only
 * widens its interval by the observed extra variation, with no assumption on
 * the shape of that variation; a yearly series of 10 to 30 points pins down
 * the negative binomial's theta poorly (its SE is often half of theta). The
 * negative binomial stays in the output as a check. XD_MODEL_NONE when the
 * chosen kind is not estimable (then no trend figure is quotable).
 *
 * Cost: the three-joinpoint grid has ~n^3/6 placements, each a Poisson fit.
 * On one core: 50 points ~0.1 s (bench/joinpoint.sh), 60 ~0.2 s, 90 ~1 s,
 * 120 ~3 s. For long monthly series pass joinpoint.k_max = 1 or 2 (or k = 0).
 *
 * Not estimable: all counts 0, counts that a trend separates (0 0 0 0 0 1:
 * the fitted means run off to 0 and R prints huge coefficients), or a fit that
 * does not converge. The model's `estimable` is 0, its figures NaN, and a
 * warning names the model and the reason; xd_models_fit still returns XD_OK. */
#ifndef XD_MODELS_H
#define XD_MODELS_H

#include <stddef.h>

#include "diag.h"
#include "joinpoint.h"
#include "stats.h"

typedef enum xd_model_kind {
    XD_MODEL_NONE,
    XD_MODEL_POISSON,
    XD_MODEL_QUASI_POISSON,
    XD_MODEL_NEGATIVE_BINOMIAL,
    XD_MODEL_JOINPOINT
} xd_model_kind;
/* "none", "poisson", "quasi_poisson", "negative_binomial", "joinpoint" */
const char *xd_model_name(xd_model_kind k);

/* A log-linear trend b1 per year: Poisson or quasi-Poisson. */
typedef struct xd_loglinear {
    int estimable;
    double slope, se;          /* b1 and its standard error (scaled for quasi-Poisson) */
    double statistic;          /* z (Poisson) or t (quasi-Poisson) */
    double rate_ratio;         /* exp(b1) */
    xd_interval rate_ratio_ci;
    double pct_change;         /* 100 (exp(b1) - 1) */
    xd_interval pct_change_ci;
    double p_value;
    double dispersion;         /* Pearson X^2 / df (reported for both) */
    size_t df;                 /* n - 2 */
    double deviance, pearson_chi2;
} xd_loglinear;

typedef struct xd_negative_binomial {
    int estimable;
    int poisson_limit;         /* theta -> infinity: no overdispersion, the Poisson fit */
    double theta, theta_se;    /* INFINITY and NaN in the Poisson limit */
    double slope, se, z;
    double rate_ratio;
    xd_interval rate_ratio_ci;
    double pct_change;
    xd_interval pct_change_ci;
    double p_value;
} xd_negative_binomial;

typedef struct xd_models_options {
    xd_joinpoint_options joinpoint;
    double overdispersion;     /* dispersion above which quasi-Poisson heads the report */
} xd_models_options;
void xd_models_options_default(xd_models_options *o);

typedef struct xd_models {
    size_t n;
    double level;
    xd_loglinear poisson, quasi_poisson;
    xd_negative_binomial negative_binomial;
    xd_joinpoint joinpoint;
    xd_model_kind headline_model;
} xd_models;

/* Fits every model to n (year, count) points: years strictly increasing,
 * counts >= 0, n >= 3. o may be NULL for the defaults. XD_EDATA for bad input
 * (including a forced number of joinpoints the years cannot hold), XD_EUSAGE
 * for bad options, XD_ENOMEM. */
int xd_models_fit(const double *year, const double *count, size_t n, double level,
                  const xd_models_options *o, xd_models *out, xd_diags *d);

/* The headline choice described above, from fitted models. */
xd_model_kind xd_models_headline(const xd_models *m, double overdispersion);

#endif
