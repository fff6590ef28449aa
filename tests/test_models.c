/* Trend models (quasi-Poisson, negative binomial, joinpoint regression) checked
 * against R 4.2 with MASS 7.3. Every expected value is printed by
 * tests/r/models.R (Rscript tests/r/models.R) with 17 digits; the R expression
 * is beside it, in the notation of that script:
 *   glm2(f, fam)  glm(f, family = fam, control = glm.control(epsilon = 1e-14,
 *                 maxit = 200)) restarted at its coefficients, so that its
 *                 covariance is the converged fit's (see the script)
 *   x             year - mean(year)
 *   qp            glm2(y ~ x, quasipoisson); phi = sum(residuals(qp, "pearson")^2) / df,
 *                 se = sqrt(phi * summary(qp)$cov.unscaled[2, 2]), tq = qt(.975, df)
 *   nb            glm.nb(y ~ x, control = glm.control(epsilon = 1e-14, maxit = 200)),
 *                 cn = summary(nb)$coefficients
 *   jp(k)         m = glm2(y ~ cbind(x, pmax(year - tau_1, 0), ...), poisson) at the
 *                 least-deviance joinpoints tau (grid(s, k): every placement tried);
 *                 V = vcov(m), times phi when phi > 1; segment slopes A %*% coef(m);
 *                 q = qnorm(.975), or qt(.975, df) when phi > 1
 *   stat(a, b)    the permutation test's statistic on the data: SSE(a) / SSE(b)
 *                 of lm.wfit() of the working response log(mu0) + (y - mu0) / mu0,
 *                 weights mu0 = fitted(jp(a)), over every placement
 * Permutation p-values depend on GSL's generator and are checked for
 * reproducibility and for the decision on clear cases, not against R. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "dataset.h"
#include "glm.h"
#include "helpers.h"
#include "joinpoint.h"
#include "models.h"

#define REL 1e-9

static void near_rel(double got, double want, const char *what)
{
    int ok = want == 0.0 ? fabs(got) <= REL : fabs(got - want) <= REL * fabs(want);
    cr_expect(ok, "%s: got %.17g, want %.17g (rel %.3g)", what, got, want,
              want != 0.0 ? fabs(got - want) / fabs(want) : fabs(got));
}
#define NEAR(got, want) near_rel((got), (want), #got)
/* a value and its interval */
#define NEAR3(got, ci, want, want_lo, want_hi)                                                \
    do {                                                                                      \
        NEAR(got, want);                                                                      \
        NEAR((ci).lo, want_lo);                                                               \
        NEAR((ci).hi, want_hi);                                                               \
    } while (0)
#define EXPECT_SEG(sg, f, t, want_apc, want_lo, want_hi, want_p)                              \
    do {                                                                                      \
        cr_expect_eq((sg).from, f);                                                           \
        cr_expect_eq((sg).to, t);                                                             \
        NEAR3((sg).apc, (sg).apc_ci, want_apc, want_lo, want_hi);                             \
        NEAR((sg).p_value, want_p);                                                           \
    } while (0)

/* ------------------------------------------------------------------ series */

/* datasets/mexico-us/annual.csv, main measure: one figure a year (see the first test) */
static const double bundled_x[] = {2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007,
                                   2008, 2009, 2012, 2017, 2018, 2019, 2020, 2021};
static const double bundled_y[] = {12, 17, 25, 31, 34, 41, 63, 83, 95, 107, 115, 57, 69, 58, 60, 43};
/* set.seed(11); t <- 0:24; rpois(25, exp(log(20) + ifelse(t <= 12, 0.12*t, 1.44 - 0.10*(t-12)))) */
static const double risefall_y[] = {17, 12, 18, 22, 39, 40, 40, 39, 55, 55, 64, 72, 82,
                                    79, 58, 57, 59, 59, 31, 41, 36, 29, 36, 29, 28};
/* set.seed(12); rnbinom(20, size = 4, mu = 40), 2001-2020 */
static const double flatod_y[] = {10, 52, 26, 12, 39, 65, 54, 91, 33, 29,
                                  40, 63, 29, 53, 34, 23, 15, 11, 31, 64};
static const double gaps_x[] = {1995, 1996, 1997, 1998, 1999, 2002, 2003, 2004, 2005,
                                2006, 2009, 2011, 2012, 2013, 2014, 2015, 2016};
static const double gaps_y[] = {33, 31, 46, 40, 50, 59, 71, 69, 59, 61, 45, 38, 37, 32, 32, 26, 30};
/* 1998-2017 */
static const double zeros_y[] = {0, 0, 0, 1, 0, 2, 1, 0, 3, 2, 1, 4, 0, 3, 5, 2, 4, 6, 3, 5};
static const double short_x[] = {2018, 2019, 2020, 2021};
static const double short_y[] = {69, 58, 60, 43};
/* 2010-2019: less variation than Poisson counts */
static const double under_y[] = {50, 52, 49, 51, 50, 53, 48, 50, 51, 52};
/* set.seed(18); t <- 0:29; rpois(30, exp(3 + 0.03*t)), 1990-2019 */
static const double straight_y[] = {24, 28, 13, 22, 18, 16, 32, 20, 25, 22, 34, 30, 21, 19, 26,
                                    34, 28, 32, 32, 31, 37, 39, 46, 29, 38, 34, 45, 46, 51, 49};
/* set.seed(16); t <- 0:29; rpois(30, exp(log(40) + ifelse(t <= 15, 0.08*t, 1.2 - 0.15*(t-15)))) */
static const double onebreak_y[] = {43, 42, 54, 40, 47, 51, 58, 74, 91, 83, 81, 115, 103, 125, 136,
                                    131, 127, 94, 81, 79, 58, 65, 53, 46, 39, 30, 22, 26, 13, 12};

/* first, first + 1, ...: in one of 4 rotating buffers */
static const double *years(double first, size_t n)
{
    static double buf[4][40];
    static int next;
    double *b = buf[next++ % 4];
    for (size_t i = 0; i < n; i++)
        b[i] = first + (double)i;
    return b;
}

static xd_models models(const double *x, const double *y, size_t n, int k)
{
    xd_models_options o;
    xd_models_options_default(&o);
    o.joinpoint.k = k;
    xd_models m;
    xd_diags d;
    xd_diags_init(&d);
    int rc = xd_models_fit(x, y, n, 0.95, &o, &m, &d);
    cr_assert_eq(rc, XD_OK, "xd_models_fit: %s", d.n ? d.items[0].text : "");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 0);
    xd_diags_free(&d);
    return m;
}

static xd_joinpoint joinpoint_k(const double *x, const double *y, size_t n, int k)
{
    xd_joinpoint_options o;
    xd_joinpoint_options_default(&o);
    o.k = k;
    xd_joinpoint jp;
    cr_assert_eq(xd_joinpoint_fit(x, y, n, 0.95, &o, &jp, NULL), XD_OK);
    cr_assert(jp.estimable);
    cr_expect_eq(jp.k, k);
    cr_expect_eq(jp.selected_by, XD_JP_FORCED);
    cr_expect_eq(jp.n_tests, 0);
    return jp;
}

/* ----------------------------------------------------------- the bundled series */

Test(models, bundled_series_is_the_main_measure_of_the_dataset)
{
    xd_dataset ds;
    xd_series s;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK);
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    double x[64], y[64];
    cr_assert(s.n <= 64);
    size_t n = xd_series_values(&s, x, y);
    cr_assert_eq(n, 16);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(x[i], bundled_x[i]);
        cr_expect_eq(y[i], bundled_y[i]);
    }
    xd_series_free(&s);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(models, bundled_poisson_and_quasi_poisson)
{
    xd_models m = models(bundled_x, bundled_y, 16, -1);
    cr_expect(m.poisson.estimable);
    NEAR(m.poisson.slope, 2.8533549135773363e-02); /* coef(glm2(y ~ x, poisson))[2] */
    NEAR(m.poisson.se, 4.5872459385520670e-03);    /* summary(...)$coefficients[2, 2] */
    NEAR(m.poisson.p_value, 4.9654781651277892e-10);
    /* exp(b + c(0, -1, 1) * qnorm(.975) * se) */
    NEAR3(m.poisson.rate_ratio, m.poisson.rate_ratio_ci, 1.0289445304552245, 1.0197349211625137,
          1.0382373151904587);
    NEAR(m.poisson.dispersion, 16.816200948080439); /* sum(residuals(m, "pearson")^2) / 14 */

    const xd_loglinear *q = &m.quasi_poisson;
    cr_expect(q->estimable);
    NEAR(q->dispersion, 16.81620094808043930); /* phi */
    cr_expect_eq(q->df, 14);
    NEAR(q->slope, 2.8533549135773363e-02);     /* the Poisson coefficient */
    /* exp(b + c(0, -1, 1) * tq * se) */
    NEAR3(q->rate_ratio, q->rate_ratio_ci, 1.02894453045522449, 0.98825707985285216,
          1.07130712072547252);
    /* 100 * (exp(b + c(0, -1, 1) * tq * se) - 1) */
    NEAR3(q->pct_change, q->pct_change_ci, 2.8944530455224493, -1.1742920147147839,
          7.1307120725472517);
    NEAR(q->p_value, 0.15155921622889579); /* 2 * pt(-abs(b / se), df) */
}

Test(models, bundled_negative_binomial)
{
    xd_models m = models(bundled_x, bundled_y, 16, -1);
    const xd_negative_binomial *nb = &m.negative_binomial;
    cr_expect(nb->estimable);
    cr_expect_not(nb->poisson_limit);
    NEAR(nb->theta, 4.0833565275430956);    /* nb$theta */
    NEAR(nb->theta_se, 1.5135543578657000); /* nb$SE.theta */
    /* exp(cn[2, 1] + c(0, -1, 1) * qnorm(.975) * cn[2, 2]) */
    NEAR3(nb->rate_ratio, nb->rate_ratio_ci, 1.0417989672690351, 1.0054813631190254,
          1.0794283494584760);
    NEAR3(nb->pct_change, nb->pct_change_ci, 4.1798967269035092, 0.5481363119025362,
          7.9428349458475989);
    NEAR(nb->p_value, 0.023702776494391235); /* cn[2, 4] */
}

Test(models, bundled_joinpoint_one_break_in_2009)
{
    xd_models m = models(bundled_x, bundled_y, 16, -1);
    const xd_joinpoint *jp = &m.joinpoint;
    cr_assert(jp->estimable);
    cr_expect_eq(m.headline_model, XD_MODEL_JOINPOINT);
    cr_expect_str_eq(xd_model_name(m.headline_model), "joinpoint");
    cr_expect_eq(jp->selected_by, XD_JP_PERMUTATION_TEST);
    cr_expect_str_eq(xd_joinpoint_selection_name(jp->selected_by), "permutation test");
    cr_expect_eq(jp->k_max, 3);
    cr_assert_eq(jp->k, 1);
    cr_expect_eq(jp->joinpoints[0], 2009); /* grid(bundled, 1)$tau */

    /* least deviance of each size: grid(bundled, k)$dev and $tau */
    NEAR(jp->best_deviance[0], 224.55551634308392);
    NEAR(jp->best_deviance[1], 11.477579928460749);
    NEAR(jp->best_deviance[2], 8.6478390241324465);
    NEAR(jp->best_deviance[3], 7.745447215661514);
    cr_expect_eq(jp->best_joinpoints[2][0], 2007);
    cr_expect_eq(jp->best_joinpoints[2][1], 2012);
    cr_expect_eq(jp->best_joinpoints[3][0], 2004);
    cr_expect_eq(jp->best_joinpoints[3][1], 2007);
    cr_expect_eq(jp->best_joinpoints[3][2], 2012);

    /* 0 vs 3 rejected at 0.05/3, then 1 vs 3 and 1 vs 2 kept at 0.05/2 */
    cr_assert_eq(jp->n_tests, 3);
    cr_expect_eq(jp->tests[0].k_null, 0);
    cr_expect_eq(jp->tests[0].k_alt, 3);
    cr_expect(jp->tests[0].rejected);
    NEAR(jp->tests[0].alpha, 0.05 / 3);
    NEAR(jp->tests[0].statistic, 24.837902599027906); /* stat(0, 3) */
    cr_expect_eq(jp->tests[1].k_null, 1);
    cr_expect_eq(jp->tests[1].k_alt, 3);
    cr_expect_not(jp->tests[1].rejected);
    NEAR(jp->tests[1].alpha, 0.05 / 2);
    NEAR(jp->tests[1].statistic, 1.462819713995311); /* stat(1, 3) */
    cr_expect_eq(jp->tests[2].k_null, 1);
    cr_expect_eq(jp->tests[2].k_alt, 2);
    cr_expect_not(jp->tests[2].rejected);
    NEAR(jp->tests[2].statistic, 1.2981204137890903); /* stat(1, 2) */

    /* jp(1): phi < 1, so Poisson Wald intervals */
    NEAR(jp->deviance, 11.47757992846081621);  /* deviance(m) */
    NEAR(jp->dispersion, 0.87998711038068245); /* sum(residuals(m, "pearson")^2) / df */
    cr_expect_eq(jp->df, 13);
    cr_expect_not(jp->scaled);
    cr_assert_eq(jp->n_segments, 2);
    /* 100 * (exp(b[i] + c(0, -1, 1) * q * se[i]) - 1), 2 * pnorm(-abs(b[i] / se[i])) */
    EXPECT_SEG(jp->segments[0], 2000, 2009, 27.404759183537308, 23.311073578904761,
               31.634347115050886, 7.2574217503791479e-48);
    EXPECT_SEG(jp->segments[1], 2009, 2021, -7.1729454064191618, -8.7017895359005273,
               -5.6184998510131479, 1.5702668233124503e-18);
    /* w <- diff(ends); cw <- w %*% A / sum(w): 100 * (exp(sum(cw * coef(m)) + c(0, -1, 1) * q *
     * sqrt(cw %*% V %*% cw)) - 1) */
    NEAR3(jp->aapc, jp->aapc_ci, 6.3182674638245562, 5.0198394198557317, 7.6327488115755626);
    NEAR(jp->aapc_p_value, 1.4798956692215491e-22);

    /* r <- c(1, 2015 - mean(year), 2015 - 2009); exp(r %*% coef(m) + c(0, -1, 1) * qnorm(.975) *
     * sqrt(r %*% vcov(m) %*% r)) */
    double mu, lo, hi;
    xd_joinpoint_predict(jp, 2015, 0.95, &mu, &lo, &hi);
    NEAR(mu, 78.416214837132301);
    NEAR(lo, 72.418527779582533);
    NEAR(hi, 84.910629060274118);
}

/* -------------------------------------------------------------- rise and fall */

Test(models, rise_and_fall)
{
    const double *x = years(1990, 25);
    xd_models m = models(x, risefall_y, 25, -1);
    const xd_loglinear *q = &m.quasi_poisson;
    NEAR(q->dispersion, 8.72189297728834667);
    cr_expect_eq(q->df, 23);
    NEAR3(q->rate_ratio, q->rate_ratio_ci, 1.01072823484236007, 0.98515744979623643,
          1.03696273617871770);
    NEAR3(q->pct_change, q->pct_change_ci, 1.0728234842360074, -1.4842550203763571,
          3.6962736178717703);
    NEAR(q->p_value, 0.39787683359286541);
    const xd_negative_binomial *nb = &m.negative_binomial;
    NEAR(nb->theta, 5.8480587233686503); /* nb$theta */
    NEAR3(nb->rate_ratio, nb->rate_ratio_ci, 1.01526542855552715, 0.99123945573160666,
          1.03987375044434627);
    NEAR3(nb->pct_change, nb->pct_change_ci, 1.52654285555271496, -0.87605442683933443,
          3.98737504443462676);
    NEAR(nb->p_value, 0.21502826124714536);

    /* the permutation tests keep one joinpoint, at the top of the curve */
    const xd_joinpoint *jp = &m.joinpoint;
    cr_assert_eq(jp->k, 1);
    cr_expect_eq(jp->joinpoints[0], 2002);
    cr_expect_eq(m.headline_model, XD_MODEL_JOINPOINT);
    NEAR(jp->tests[0].statistic, 13.473730797908784); /* stat(0, 3) */
    NEAR(jp->best_deviance[1], 21.444006702603769);
    NEAR(jp->best_deviance[2], 16.82540796498791);
    NEAR(jp->best_deviance[3], 15.80819617301275);
    NEAR(jp->dispersion, 0.94973279057904347);
    cr_expect_not(jp->scaled);
    EXPECT_SEG(jp->segments[0], 1990, 2002, 14.034339457253587, 11.680274761109599,
               16.438024559556897, 5.5339796852574388e-35);
    EXPECT_SEG(jp->segments[1], 2002, 2014, -9.4595711732008319, -11.1672305423237024,
               -7.7190849481918349, 1.4704416135102432e-24);
    NEAR3(jp->aapc, jp->aapc_ci, 1.61061950131258236, 0.58828746743861959, 2.64334203704117421);
    NEAR(jp->aapc_p_value, 0.0019558955705544843);
}

Test(models, rise_and_fall_with_two_joinpoints_forced)
{
    xd_joinpoint jp = joinpoint_k(years(1990, 25), risefall_y, 25, 2);
    cr_expect_eq(jp.joinpoints[0], 1994); /* grid(risefall, 2)$tau */
    cr_expect_eq(jp.joinpoints[1], 2002);
    NEAR(jp.deviance, 16.82540796498795999);
    NEAR(jp.dispersion, 0.78543098742104756);
    cr_expect_eq(jp.df, 21);
    cr_assert_eq(jp.n_segments, 3);
    EXPECT_SEG(jp.segments[0], 1990, 1994, 28.172823321797935, 14.555926930610251,
               43.408316605319740, 1.481990709111839e-05);
    EXPECT_SEG(jp.segments[1], 1994, 2002, 11.588882500843756, 8.447927448479863,
               14.820808389378382, 5.1824089859682764e-14);
    EXPECT_SEG(jp.segments[2], 2002, 2014, -9.0144865495821573, -10.7763471448925401,
               -7.2178352607955905, 2.8260254445977451e-21);
    NEAR3(jp.aapc, jp.aapc_ci, 3.1159292167206365, 1.3211616844205132, 4.9424886317967598);
    NEAR(jp.aapc_p_value, 0.00061470097647590624);
}

/* -------------------------------------------------------- flat, overdispersed */

Test(models, flat_overdispersed_heads_with_quasi_poisson)
{
    xd_models m = models(years(2001, 20), flatod_y, 20, -1);
    cr_expect_eq(m.joinpoint.k, 0);
    cr_expect_eq(m.joinpoint.selected_by, XD_JP_PERMUTATION_TEST);
    cr_expect_eq(m.joinpoint.n_tests, 3); /* 0-3, 0-2, 0-1 all kept */
    NEAR(m.joinpoint.tests[0].statistic, 1.9998928483707186); /* stat(0, 3) */
    NEAR(m.joinpoint.tests[1].statistic, 1.869147226472031);  /* stat(0, 2) */
    NEAR(m.joinpoint.tests[2].statistic, 1.2746514232543493); /* stat(0, 1) */
    cr_expect_eq(m.headline_model, XD_MODEL_QUASI_POISSON);
    cr_expect_str_eq(xd_model_name(m.headline_model), "quasi_poisson");

    const xd_loglinear *q = &m.quasi_poisson;
    NEAR(q->dispersion, 12.65335056491309196);
    cr_expect_eq(q->df, 18);
    NEAR3(q->rate_ratio, q->rate_ratio_ci, 0.99635379568101345, 0.95099722741585724,
          1.04387358611494685);
    NEAR3(q->pct_change, q->pct_change_ci, -0.36462043189865456, -4.90027725841427575,
          4.38735861149468498);
    NEAR(q->p_value, 0.87100210729195671);
    const xd_negative_binomial *nb = &m.negative_binomial;
    NEAR(nb->theta, 3.4468930616120437);
    NEAR(nb->theta_se, 1.1555857412206105);
    NEAR3(nb->rate_ratio, nb->rate_ratio_ci, 0.99581375850766196, 0.95416541189531867,
          1.03928001295225036);
    NEAR3(nb->pct_change, nb->pct_change_ci, -0.41862414923380387, -4.58345881046813286,
          3.92800129522503649);
    NEAR(nb->p_value, 0.84738930180732885);

    /* no joinpoint: the segment is the quasi-Poisson line (phi > 1: t intervals) */
    const xd_joinpoint *jp = &m.joinpoint;
    cr_expect(jp->scaled);
    cr_assert_eq(jp->n_segments, 1);
    EXPECT_SEG(jp->segments[0], 2001, 2020, -0.36462043189865456, -4.90027725841427575,
               4.38735861149468498, 0.87100210729195671);
    NEAR3(jp->aapc, jp->aapc_ci, -0.36462043189865456, -4.90027725841427575,
          4.38735861149468498);
}

Test(models, overdispersed_joinpoints_use_quasi_poisson_t_intervals)
{
    xd_joinpoint jp = joinpoint_k(years(2001, 20), flatod_y, 20, 2);
    cr_expect_eq(jp.joinpoints[0], 2008);
    cr_expect_eq(jp.joinpoints[1], 2018);
    NEAR(jp.dispersion, 7.7364637288081806);
    cr_expect(jp.scaled);
    cr_expect_eq(jp.df, 16);
    /* V = phi * vcov(m), q = qt(.975, 16), p = 2 * pt(-abs(b / se), 16) */
    EXPECT_SEG(jp.segments[0], 2001, 2008, 17.9436353164773585, 3.7069171768960185,
               34.1347471349312528, 0.015146581668425045);
    EXPECT_SEG(jp.segments[1], 2008, 2018, -12.1191067123626155, -19.1986039887350408,
               -4.4193320130706981, 0.0049085182663894476);
    EXPECT_SEG(jp.segments[2], 2018, 2020, 83.950753373700977, 12.463705279846105,
               200.878221845461724, 0.01834578559938695);
    NEAR3(jp.aapc, jp.aapc_ci, 5.86209671716020342, 0.44073099997550269, 11.57608481917671384);
    NEAR(jp.aapc_p_value, 0.035437022546893154);

    jp = joinpoint_k(years(2001, 20), flatod_y, 20, 1);
    cr_expect_eq(jp.joinpoints[0], 2007);
    NEAR(jp.dispersion, 11.05885986852890);
    EXPECT_SEG(jp.segments[0], 2001, 2007, 18.2506857283408337, -1.6749239868598553,
               42.2142269521776257, 0.072244288108202478);
    EXPECT_SEG(jp.segments[1], 2007, 2020, -5.4206806662189244, -11.7072557023803583,
               1.3135078856360449, 0.10554217406856377);
    NEAR3(jp.aapc, jp.aapc_ci, 1.4916063657277823, -3.8461386449345047, 7.1256631562533812);
    NEAR(jp.aapc_p_value, 0.57071429656982453);
}

/* ------------------------------------------------------------------- gaps */

Test(models, gaps_are_skipped_not_zero)
{
    xd_models m = models(gaps_x, gaps_y, 17, -1);
    const xd_loglinear *q = &m.quasi_poisson;
    NEAR(q->dispersion, 4.41458599557871345);
    cr_expect_eq(q->df, 15);
    NEAR3(q->rate_ratio, q->rate_ratio_ci, 0.98537102402467758, 0.96231611414186613,
          1.00897827721951860);
    NEAR3(q->pct_change, q->pct_change_ci, -1.46289759753224224, -3.76838858581338698,
          0.89782772195186045);
    NEAR(q->p_value, 0.20443455769361082);
    /* glm.nb stops with "alternation limit reached" (its tolerance 1e-14 applies to
     * theta itself) but has converged to these 14 digits */
    const xd_negative_binomial *nb = &m.negative_binomial;
    NEAR(nb->theta, 16.2947977431298412);
    NEAR(nb->theta_se, 7.4899424170614166);
    NEAR3(nb->rate_ratio, nb->rate_ratio_ci, 0.98274447801991693, 0.96326856156704199,
          1.00261416972593875);
    NEAR3(nb->pct_change, nb->pct_change_ci, -1.72555219800830661, -3.67314384329580079,
          0.26141697259387531);
    NEAR(nb->p_value, 0.088319407945212064);

    const xd_joinpoint *jp = &m.joinpoint;
    cr_assert_eq(jp->k, 1);
    cr_expect_eq(jp->joinpoints[0], 2003);
    NEAR(jp->tests[0].statistic, 18.965886088449096); /* stat(0, 3) */
    NEAR(jp->tests[1].statistic, 1.1049735078564242); /* stat(1, 3) */
    NEAR(jp->tests[2].statistic, 1.034642554018218);  /* stat(1, 2) */
    NEAR(jp->dispersion, 0.27894220231510974);
    /* segments run between observed years, whatever the gaps */
    EXPECT_SEG(jp->segments[0], 1995, 2003, 10.3238771703753951, 6.9376540268120346,
               13.8173264101380422, 6.5295828155657542e-10);
    EXPECT_SEG(jp->segments[1], 2003, 2016, -7.1603327248057962, -8.8738705772656417,
               -5.4145734668016310, 5.4288104357343126e-15);
    NEAR3(jp->aapc, jp->aapc_ci, -0.85276655379408206, -2.01966027634046252,
          0.32802425222391296);
    NEAR(jp->aapc_p_value, 0.15624663416713039);
}

Test(models, gaps_three_joinpoints_forced)
{
    xd_joinpoint jp = joinpoint_k(gaps_x, gaps_y, 17, 3);
    cr_expect_eq(jp.joinpoints[0], 2003);
    cr_expect_eq(jp.joinpoints[1], 2006);
    cr_expect_eq(jp.joinpoints[2], 2014);
    NEAR(jp.deviance, 3.51359704723350275);
    NEAR(jp.dispersion, 0.29358924960863808);
    cr_expect_eq(jp.df, 12);
    EXPECT_SEG(jp.segments[0], 1995, 2003, 9.9389569635560235, 6.1032615842762983,
               13.9133149892327381, 1.6986559846267255e-07);
    EXPECT_SEG(jp.segments[1], 2003, 2006, -5.1779023810893499, -13.3959436534644034,
               3.8199661326821177, 0.25035932452813803);
    EXPECT_SEG(jp.segments[2], 2006, 2014, -8.1290099966505824, -11.6519836146192333,
               -4.4655539590341071, 2.1392537928185568e-05);
    EXPECT_SEG(jp.segments[3], 2014, 2016, -2.7748100227524608, -20.7183416951318264,
               19.2298164319734575, 0.78690438393377793);
    NEAR3(jp.aapc, jp.aapc_ci, -0.64563115081124334, -2.44091892490343465, 1.18269361129157424);
    NEAR(jp.aapc_p_value, 0.48629999087122233);
}

/* ------------------------------------------------------------------ zeros */

Test(models, zeros)
{
    const double *x = years(1998, 20);
    xd_models m = models(x, zeros_y, 20, -1);
    NEAR3(m.poisson.rate_ratio, m.poisson.rate_ratio_ci, 1.1457534295055911, 1.0768526230570530,
          1.2190627511284546);
    NEAR(m.poisson.p_value, 1.7089811775025586e-05);
    const xd_loglinear *q = &m.quasi_poisson;
    NEAR(q->dispersion, 8.8708235987357176e-01);
    NEAR3(q->rate_ratio, q->rate_ratio_ci, 1.1457534295055911, 1.0762125227505308,
          1.2197878146490617);
    NEAR3(q->pct_change, q->pct_change_ci, 14.5753429505591114, 7.6212522750530809,
          21.9787814649061701);
    NEAR(q->p_value, 2.3985639464640677e-04);
    /* not overdispersed: the negative binomial is its Poisson limit (glm.nb stops
     * with an error in theta.ml) */
    const xd_negative_binomial *nb = &m.negative_binomial;
    cr_expect(nb->estimable);
    cr_expect(nb->poisson_limit);
    cr_expect(isinf(nb->theta));
    NEAR3(nb->rate_ratio, nb->rate_ratio_ci, 1.1457534295055911, 1.0768526230570530,
          1.2190627511284546);
    NEAR(nb->p_value, 1.7089811775025586e-05);

    /* A joinpoint at 2000 or 2001 leaves only zeros before it: no fit exists
     * (its deviance tends to 17.754 and 16.303, the latter below the best
     * real fit) and the grid leaves both out. */
    const xd_joinpoint *jp = &m.joinpoint;
    cr_expect_eq(jp->best_joinpoints[1][0], 2003);
    NEAR(jp->best_deviance[1], 16.958577747727269);
    NEAR(jp->best_deviance[2], 16.723927921756218);
    NEAR(jp->best_deviance[3], 16.46239472596994);
    cr_expect_eq(jp->k, 0);
    NEAR(jp->tests[0].statistic, 1.1967639738926197); /* stat(0, 3) */
    cr_expect_eq(m.headline_model, XD_MODEL_POISSON);
    /* phi < 1: the straight joinpoint model is the Poisson fit */
    NEAR3(jp->aapc, jp->aapc_ci, 14.5753429505591114, 7.6852623057052982, 21.9062751128454636);

    xd_joinpoint j1 = joinpoint_k(x, zeros_y, 20, 1);
    EXPECT_SEG(j1.segments[0], 1998, 2003, 106.663156671570107, -19.150771530220535,
               428.263053758420597, 0.12951806350129158);
    EXPECT_SEG(j1.segments[1], 2003, 2017, 10.7072489845573493, 2.8223260033543696,
               19.1968267410031821, 0.0069702947648147707);
    NEAR3(j1.aapc, j1.aapc_ci, 30.4712259203713920, 2.9135432422932706, 65.4081693901773917);
}

/* ------------------------------------------------------- too short, underdispersed */

Test(models, too_short_for_a_joinpoint)
{
    xd_models m = models(short_x, short_y, 4, -1);
    const xd_joinpoint *jp = &m.joinpoint;
    cr_expect_eq(jp->selected_by, XD_JP_TOO_FEW_YEARS);
    cr_expect_str_eq(xd_joinpoint_selection_name(jp->selected_by), "too few years");
    cr_expect_eq(jp->k, 0);
    cr_expect_eq(jp->k_max, 0);
    cr_expect_eq(jp->n_tests, 0);
    cr_expect_eq(m.headline_model, XD_MODEL_POISSON);
    NEAR3(jp->aapc, jp->aapc_ci, -12.4389170279641252, -22.0648212658080638, -1.6241012626036611);
    const xd_loglinear *q = &m.quasi_poisson;
    NEAR(q->dispersion, 0.63580552165896242);
    cr_expect_eq(q->df, 2);
    NEAR3(q->rate_ratio, q->rate_ratio_ci, 0.87561082972035875, 0.71413028893868991,
          1.07360566691969272);
    NEAR(q->p_value, 0.10715809575426796);
    /* glm.nb: theta 2.08e10 with "NaNs produced"; the limit is the Poisson fit */
    cr_expect(m.negative_binomial.poisson_limit);
    NEAR3(m.negative_binomial.rate_ratio, m.negative_binomial.rate_ratio_ci,
          0.87561082972035875, 0.77935178734191934, 0.98375898737396339);

    /* a forced joinpoint needs 5 years */
    xd_joinpoint_options o;
    xd_joinpoint_options_default(&o);
    o.k = 1;
    xd_joinpoint j;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_joinpoint_fit(short_x, short_y, 4, 0.95, &o, &j, &d), XD_EDATA);
    cr_assert_eq(d.n, 1);
    cr_expect(strstr(d.items[0].text, "1 joinpoint need at least 5 years") != NULL, "%s",
              d.items[0].text);
    xd_diags_free(&d);
}

Test(models, underdispersed_negative_binomial_reduces_to_poisson)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_models m;
    cr_assert_eq(xd_models_fit(years(2010, 10), under_y, 10, 0.95, NULL, &m, &d), XD_OK);
    const xd_negative_binomial *nb = &m.negative_binomial;
    cr_expect(nb->estimable);
    cr_expect(nb->poisson_limit);
    cr_expect(isinf(nb->theta));
    cr_expect(isnan(nb->theta_se));
    /* glm.nb: theta 1.79e9, "iteration limit reached"; glm2(y ~ x, poisson) instead */
    NEAR3(nb->rate_ratio, nb->rate_ratio_ci, 1.00119846871613749, 0.97128291494595265,
          1.03203542277413307);
    NEAR(nb->p_value, 0.9383157905328235460);
    NEAR(m.quasi_poisson.dispersion, 0.049627054073824124);
    cr_expect_eq(m.headline_model, XD_MODEL_POISSON);
    cr_expect_eq(m.joinpoint.k_max, 2);
    cr_expect_eq(m.joinpoint.k, 0);
    int noted = 0;
    for (size_t i = 0; i < d.n; i++)
        noted |= strstr(d.items[i].text, "reduces to the Poisson") != NULL;
    cr_expect(noted, "a note says that the negative binomial reduces to Poisson");
    xd_diags_free(&d);
}

/* -------------------------------------------------- the permutation test */

static xd_joinpoint select_k(const double *y, size_t n, double first, unsigned long seed,
                             int early_stop)
{
    xd_joinpoint_options o;
    xd_joinpoint_options_default(&o);
    o.seed = seed;
    o.early_stop = early_stop;
    xd_joinpoint jp;
    cr_assert_eq(xd_joinpoint_fit(years(first, n), y, n, 0.95, &o, &jp, NULL), XD_OK);
    return jp;
}

Test(permutation_test, straight_series_has_no_joinpoint)
{
    unsigned long seeds[] = {XD_JOINPOINT_SEED, 1, 2, 3};
    for (size_t s = 0; s < 4; s++) {
        xd_joinpoint jp = select_k(straight_y, 30, 1990, seeds[s], 1);
        cr_expect_eq(jp.k, 0, "seed %lu", seeds[s]);
        cr_expect_eq(jp.n_tests, 3);
        for (int t = 0; t < jp.n_tests; t++) {
            cr_expect_eq(jp.tests[t].k_null, 0);
            cr_expect_not(jp.tests[t].rejected);
        }
    }
    xd_models m = models(years(1990, 30), straight_y, 30, -1);
    cr_expect_eq(m.headline_model, XD_MODEL_POISSON); /* phi 1.0995 */
    NEAR(m.poisson.dispersion, 1.0994503708480459);
}

Test(permutation_test, one_obvious_break)
{
    unsigned long seeds[] = {XD_JOINPOINT_SEED, 1, 2, 3};
    for (size_t s = 0; s < 4; s++) {
        xd_joinpoint jp = select_k(onebreak_y, 30, 1990, seeds[s], 1);
        cr_expect_eq(jp.k, 1, "seed %lu", seeds[s]);
        cr_expect_eq(jp.joinpoints[0], 2005);
        cr_expect(jp.tests[0].rejected);
        NEAR(jp.tests[0].statistic, 30.876612525750641); /* stat(0, 3) */
    }
    xd_joinpoint jp = joinpoint_k(years(1990, 30), onebreak_y, 30, 1);
    NEAR(jp.dispersion, 0.92532035936681234);
    EXPECT_SEG(jp.segments[0], 1990, 2005, 9.1776689284293944, 7.9737776875200561,
               10.3949833740369044, 2.5076547752815384e-54);
    EXPECT_SEG(jp.segments[1], 2005, 2019, -14.454569822141872, -15.717702329457950,
               -13.172506842174524, 5.090291733530473e-94);
    NEAR3(jp.aapc, jp.aapc_ci, -2.9508321186041186, -3.6085323408406311, -2.2886442628370252);
}

Test(permutation_test, p_values_are_reproducible_with_the_seed)
{
    xd_joinpoint a = select_k(risefall_y, 25, 1990, XD_JOINPOINT_SEED, 0);
    xd_joinpoint b = select_k(risefall_y, 25, 1990, XD_JOINPOINT_SEED, 0);
    xd_joinpoint c = select_k(risefall_y, 25, 1990, 7, 0);
    cr_assert_eq(a.n_tests, b.n_tests);
    cr_assert_eq(a.n_tests, c.n_tests);
    int differ = 0;
    for (int t = 0; t < a.n_tests; t++) {
        cr_expect_eq(a.tests[t].p_value, b.tests[t].p_value);
        cr_expect_eq(a.tests[t].exceedances, b.tests[t].exceedances);
        /* the full NCI count, and p = (1 + exceedances) / (1 + permutations) */
        cr_expect_eq(a.tests[t].permutations, XD_JOINPOINT_PERMUTATIONS);
        NEAR(a.tests[t].p_value, ((double)a.tests[t].exceedances + 1.0) / 4500.0);
        cr_expect_eq(a.tests[t].rejected, c.tests[t].rejected);
        differ |= a.tests[t].p_value != c.tests[t].p_value;
    }
    cr_expect(differ, "another seed gives other permutations");
    cr_expect_eq(a.k, 1);
    cr_expect_eq(c.k, 1);
    cr_expect_eq(a.seed, XD_JOINPOINT_SEED);
    cr_expect_eq(c.seed, 7);
}

Test(permutation_test, early_stop_keeps_the_decision)
{
    const double *series[] = {bundled_y, risefall_y, flatod_y, onebreak_y, straight_y};
    const size_t ns[] = {16, 25, 20, 30, 30};
    for (size_t s = 0; s < 5; s++) {
        xd_joinpoint_options o;
        xd_joinpoint_options_default(&o);
        const double *x = s == 0 ? bundled_x : years(1990, ns[s]);
        xd_joinpoint fast, full;
        cr_assert_eq(xd_joinpoint_fit(x, series[s], ns[s], 0.95, &o, &fast, NULL), XD_OK);
        o.early_stop = 0;
        cr_assert_eq(xd_joinpoint_fit(x, series[s], ns[s], 0.95, &o, &full, NULL), XD_OK);
        cr_expect_eq(fast.k, full.k, "series %zu", s);
        cr_assert_eq(fast.n_tests, full.n_tests);
        for (int t = 0; t < fast.n_tests; t++) {
            cr_expect_eq(fast.tests[t].rejected, full.tests[t].rejected);
            cr_expect_leq(fast.tests[t].permutations, full.tests[t].permutations);
            cr_expect_geq(fast.tests[t].permutations, 100);
            cr_expect_eq(fast.tests[t].statistic, full.tests[t].statistic);
        }
    }
    /* a clear rejection settles after 550 permutations without exceedance */
    xd_joinpoint jp = select_k(onebreak_y, 30, 1990, XD_JOINPOINT_SEED, 1);
    cr_expect_eq(jp.tests[0].permutations, 550);
    cr_expect_eq(jp.tests[0].exceedances, 0);
    NEAR(jp.tests[0].p_value, 1.0 / 551.0);
}

Test(permutation_test, fewer_joinpoints_allowed)
{
    xd_joinpoint_options o;
    xd_joinpoint_options_default(&o);
    o.k_max = 1;
    xd_joinpoint jp;
    cr_assert_eq(xd_joinpoint_fit(bundled_x, bundled_y, 16, 0.95, &o, &jp, NULL), XD_OK);
    cr_expect_eq(jp.k_max, 1);
    cr_assert_eq(jp.n_tests, 1);
    cr_expect(jp.tests[0].rejected);
    NEAR(jp.tests[0].alpha, 0.05);
    NEAR(jp.tests[0].statistic, 12.561149197929195); /* stat(0, 1) */
    cr_expect_eq(jp.k, 1);
    o.k_max = 0;
    cr_assert_eq(xd_joinpoint_fit(bundled_x, bundled_y, 16, 0.95, &o, &jp, NULL), XD_OK);
    cr_expect_eq(jp.k, 0);
    cr_expect_eq(jp.selected_by, XD_JP_FORCED);
    cr_expect_eq(jp.n_tests, 0);
}

/* --------------------------------------------------------- not estimable */

static void expect_nothing_estimable(const double *y, size_t n, int status)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_models m;
    cr_assert_eq(xd_models_fit(years(2000, n), y, n, 0.95, NULL, &m, &d), XD_OK);
    cr_expect_not(m.poisson.estimable);
    cr_expect_not(m.quasi_poisson.estimable);
    cr_expect_not(m.negative_binomial.estimable);
    cr_expect_not(m.joinpoint.estimable);
    cr_expect(isnan(m.quasi_poisson.rate_ratio));
    cr_expect(isnan(m.quasi_poisson.rate_ratio_ci.lo));
    cr_expect(isnan(m.quasi_poisson.dispersion));
    cr_expect(isnan(m.negative_binomial.rate_ratio));
    cr_expect(isnan(m.negative_binomial.theta));
    cr_expect(isnan(m.joinpoint.aapc));
    cr_expect(isnan(m.joinpoint.joinpoints[0]));
    cr_expect_eq(m.joinpoint.n_segments, 0);
    cr_expect_eq(m.headline_model, XD_MODEL_NONE);
    cr_expect_str_eq(xd_model_name(m.headline_model), "none");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 0);
    cr_expect_eq(xd_diags_count(&d, XD_SEV_WARNING), 3); /* joinpoint, (quasi-)Poisson, NB */
    const char *why = xd_glm_status_text(status);
    for (size_t i = 0; i < d.n; i++)
        cr_expect(strstr(d.items[i].text, "not estimable") && strstr(d.items[i].text, why),
                  "%s", d.items[i].text);
    xd_diags_free(&d);
}

Test(not_estimable, all_zero)
{
    const double y[] = {0, 0, 0, 0, 0, 0, 0, 0};
    expect_nothing_estimable(y, 8, XD_GLM_ALL_ZERO);
}

Test(not_estimable, separated_counts)
{
    /* R: glm(c(0,0,0,0,0,1) ~ I(0:5), poisson) "converges" to a slope of 30+
     * with fitted rates numerically 0 */
    const double y[] = {0, 0, 0, 0, 0, 1};
    expect_nothing_estimable(y, 6, XD_GLM_NO_MLE);
    const double y2[] = {3, 0, 0, 0, 0, 0, 0};
    expect_nothing_estimable(y2, 7, XD_GLM_NO_MLE);
}

Test(not_estimable, glm_statuses)
{
    double X[12], y[] = {0, 0, 0, 0, 0, 1};
    for (int i = 0; i < 6; i++) {
        X[2 * i] = 1.0;
        X[2 * i + 1] = i;
    }
    xd_glm f;
    cr_assert_eq(xd_glm_fit(X, y, 6, 2, INFINITY, NULL, &f, NULL, NULL), XD_OK);
    cr_expect_eq(f.status, XD_GLM_NO_MLE);
    /* one positive count inside the range: the fit exists (slope 0 by symmetry) */
    double y5[] = {0, 1, 0}, X5[] = {1, -1, 1, 0, 1, 1};
    cr_assert_eq(xd_glm_fit(X5, y5, 3, 2, INFINITY, NULL, &f, NULL, NULL), XD_OK);
    cr_expect_eq(f.status, XD_GLM_OK);
    cr_expect(fabs(f.beta[1]) < 1e-12);
    NEAR(f.beta[0], log(1.0 / 3.0)); /* coef(glm(c(0,1,0) ~ I(-1:1), poisson))[1] */
    /* the same column twice */
    double Xs[18], ys[] = {1, 2, 3, 4, 5, 6};
    for (int i = 0; i < 6; i++) {
        Xs[3 * i] = 1.0;
        Xs[3 * i + 1] = i;
        Xs[3 * i + 2] = i;
    }
    cr_assert_eq(xd_glm_fit(Xs, ys, 6, 3, INFINITY, NULL, &f, NULL, NULL), XD_OK);
    cr_expect_eq(f.status, XD_GLM_SINGULAR);
}

/* ------------------------------------------------------------- bad input */

#define EXPECT_STATUS(status, call)                                                           \
    do {                                                                                      \
        xd_diags d_;                                                                          \
        xd_diags_init(&d_);                                                                   \
        xd_diags *d = &d_;                                                                    \
        xd_models m_;                                                                         \
        (void)m_;                                                                             \
        int rc_ = (call);                                                                     \
        cr_expect_eq(rc_, status, "%s returned %d", #call, rc_);                              \
        cr_expect_eq(xd_diags_count(&d_, XD_SEV_ERROR), 1, "%s: one error expected", #call);  \
        xd_diags_free(&d_);                                                                   \
    } while (0)

Test(models, bad_input)
{
    const double x[] = {2000, 2001, 2002, 2003, 2004};
    const double y[] = {1, 2, 3, 4, 5};
    const double neg[] = {1, 2, -3, 4, 5};
    const double nan[] = {1, 2, NAN, 4, 5};
    const double back[] = {2000, 2001, 2003, 2002, 2004};
    EXPECT_STATUS(XD_EDATA, xd_models_fit(x, y, 2, 0.95, NULL, &m_, d));
    EXPECT_STATUS(XD_EDATA, xd_models_fit(NULL, y, 5, 0.95, NULL, &m_, d));
    EXPECT_STATUS(XD_EDATA, xd_models_fit(x, neg, 5, 0.95, NULL, &m_, d));
    EXPECT_STATUS(XD_EDATA, xd_models_fit(x, nan, 5, 0.95, NULL, &m_, d));
    EXPECT_STATUS(XD_EDATA, xd_models_fit(back, y, 5, 0.95, NULL, &m_, d));
    EXPECT_STATUS(XD_EDATA, xd_models_fit(x, y, 5, 1.0, NULL, &m_, d));
    xd_models_options o;
    xd_models_options_default(&o);
    o.joinpoint.k = 2; /* 5 years hold one joinpoint */
    EXPECT_STATUS(XD_EDATA, xd_models_fit(x, y, 5, 0.95, &o, &m_, d));
    o.joinpoint.k = 4;
    EXPECT_STATUS(XD_EUSAGE, xd_models_fit(x, y, 5, 0.95, &o, &m_, d));
    o.joinpoint.k = -1;
    o.joinpoint.alpha = 0;
    EXPECT_STATUS(XD_EUSAGE, xd_models_fit(x, y, 5, 0.95, &o, &m_, d));
}

/* ---------------------------------------------------------------- headline */

Test(models, headline_choice)
{
    xd_models m;
    memset(&m, 0, sizeof m);
    m.poisson.estimable = m.quasi_poisson.estimable = 1;
    m.poisson.df = 10;
    m.poisson.dispersion = 1.2;
    m.joinpoint.estimable = 1;
    cr_expect_eq(xd_models_headline(&m, 1.5), XD_MODEL_POISSON);
    m.poisson.dispersion = 1.6;
    cr_expect_eq(xd_models_headline(&m, 1.5), XD_MODEL_QUASI_POISSON);
    cr_expect_eq(xd_models_headline(&m, 2.0), XD_MODEL_POISSON);
    m.joinpoint.k = 1;
    cr_expect_eq(xd_models_headline(&m, 1.5), XD_MODEL_JOINPOINT);
    m.joinpoint.estimable = 0;
    cr_expect_eq(xd_models_headline(&m, 1.5), XD_MODEL_QUASI_POISSON);
    m.poisson.estimable = 0;
    cr_expect_eq(xd_models_headline(&m, 1.5), XD_MODEL_NONE);
    cr_expect_str_eq(xd_model_name(XD_MODEL_NEGATIVE_BINOMIAL), "negative_binomial");
    cr_expect_str_eq(xd_model_name(XD_MODEL_POISSON), "poisson");
    cr_expect_str_eq(xd_joinpoint_selection_name(XD_JP_FORCED), "forced");
}
