/* Statistics checked against R 4.2. Every expected value was printed by R with
 * format(x, digits = 17); the R expression is beside it. The packages Kendall and
 * trend are not installed, so the Mann-Kendall and Sen's slope references are a
 * base-R transcription of trend::mk.test / trend::sens.slope (see mk_ref below). */
#include <criterion/criterion.h>
#include <math.h>

#include "stats.h"

#define REL 1e-9

static void near_rel(double got, double want, double rel, const char *what)
{
    int ok;
    if (isinf(want))
        ok = got == want;
    else if (want == 0.0)
        ok = fabs(got) <= rel;
    else
        ok = fabs(got - want) <= rel * fabs(want);
    cr_expect(ok, "%s: got %.17g, want %.17g (rel %.3g)", what, got, want,
              want != 0.0 ? fabs(got - want) / fabs(want) : fabs(got));
}
#define NEAR(got, want) near_rel((got), (want), REL, #got)
#define NEAR_TOL(got, want, tol) near_rel((got), (want), (tol), #got)

/* Expects XD_EDATA with exactly one error recorded. */
#define EXPECT_EDATA(call)                                                                    \
    do {                                                                                      \
        xd_diags d_;                                                                          \
        xd_diags_init(&d_);                                                                   \
        xd_diags *d = &d_;                                                                    \
        int rc_ = (call);                                                                     \
        cr_expect_eq(rc_, XD_EDATA, "%s returned %d", #call, rc_);                            \
        cr_expect_eq(xd_diags_count(&d_, XD_SEV_ERROR), 1, "%s: one error expected", #call);  \
        cr_expect_eq(d_.status, XD_EDATA);                                                    \
        xd_diags_free(&d_);                                                                   \
    } while (0)

/* Yearly extraditions Mexico -> United States. */
static const double years_00[] = {2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009};
static const double counts_00[] = {12, 17, 25, 31, 34, 41, 63, 83, 95, 107};
static const double years_17[] = {2017, 2018, 2019, 2020, 2021};
static const double counts_17[] = {57, 69, 58, 60, 43};

/* ------------------------------------------------------------- describe */

Test(describe, yearly_2000_2009)
{
    xd_describe s;
    cr_assert_eq(xd_stats_describe(counts_00, 10, &s, NULL), XD_OK);
    cr_expect_eq(s.n, 10);
    NEAR(s.total, 508);                /* sum(y0) */
    NEAR(s.mean, 50.799999999999997);  /* mean(y0) */
    NEAR(s.sd, 33.963378970754825);    /* sd(y0) */
    NEAR(s.q1, 26.5);                  /* quantile(y0, .25) */
    NEAR(s.median, 37.5);              /* quantile(y0, .5) */
    NEAR(s.q3, 78.0);                  /* quantile(y0, .75) */
    NEAR(s.cv, 0.66857045218021316);   /* sd(y0)/mean(y0) */
    cr_expect_eq(s.min, 12);
    cr_expect_eq(s.max, 107);
    cr_expect_eq(s.imin, 0);
    cr_expect_eq(s.imax, 9);
}

Test(describe, yearly_2017_2021)
{
    xd_describe s;
    cr_assert_eq(xd_stats_describe(counts_17, 5, &s, NULL), XD_OK);
    NEAR(s.total, 287);
    NEAR(s.mean, 57.399999999999999); /* mean(y1) */
    NEAR(s.sd, 9.3434469014384618);   /* sd(y1) */
    NEAR(s.q1, 57);                   /* quantile(y1, c(.25, .5, .75)) */
    NEAR(s.median, 58);
    NEAR(s.q3, 60);
    NEAR(s.cv, 0.16277782058255161); /* sd(y1)/mean(y1) */
    cr_expect_eq(s.imin, 4);
    cr_expect_eq(s.imax, 1);
}

Test(describe, first_index_of_repeated_extremes)
{
    const double v[] = {5, 1, 9, 1, 9};
    xd_describe s;
    cr_assert_eq(xd_stats_describe(v, 5, &s, NULL), XD_OK);
    cr_expect_eq(s.imin, 1);
    cr_expect_eq(s.imax, 2);
    NEAR(s.q1, 1); /* quantile(c(5,1,9,1,9), c(.25,.5,.75)) = 1 5 9 */
    NEAR(s.median, 5);
    NEAR(s.q3, 9);
}

Test(describe, one_value)
{
    const double v[] = {42};
    xd_describe s;
    cr_assert_eq(xd_stats_describe(v, 1, &s, NULL), XD_OK);
    cr_expect_eq(s.n, 1);
    cr_expect_eq(s.mean, 42);
    cr_expect_eq(s.median, 42);
    cr_expect_eq(s.q1, 42);
    cr_expect_eq(s.q3, 42);
    cr_expect(isnan(s.sd), "sd of one value is NaN, as sd(42) in R");
    cr_expect(isnan(s.cv));
}

Test(describe, bad_input)
{
    const double v[] = {1, NAN, 3};
    const double w[] = {1, INFINITY};
    xd_describe s;
    EXPECT_EDATA(xd_stats_describe(v, 0, &s, d));
    EXPECT_EDATA(xd_stats_describe(NULL, 3, &s, d));
    EXPECT_EDATA(xd_stats_describe(v, 3, &s, d));
    EXPECT_EDATA(xd_stats_describe(w, 2, &s, d));
}

/* ------------------------------------------------------------ t interval */

Test(t_interval, matches_t_test)
{
    xd_interval ci;
    cr_assert_eq(xd_stats_t_interval(counts_00, 10, 0.95, &ci, NULL), XD_OK);
    NEAR(ci.lo, 26.504062303171686); /* t.test(y0)$conf.int */
    NEAR(ci.hi, 75.095937696828301);
    cr_assert_eq(xd_stats_t_interval(counts_17, 5, 0.95, &ci, NULL), XD_OK);
    NEAR(ci.lo, 45.798578363355347); /* t.test(y1)$conf.int */
    NEAR(ci.hi, 69.001421636644650);
    cr_assert_eq(xd_stats_t_interval(counts_17, 5, 0.9, &ci, NULL), XD_OK);
    NEAR(ci.lo, 48.492043063772577); /* t.test(y1, conf.level=0.9)$conf.int */
    NEAR(ci.hi, 66.307956936227427);
}

Test(t_interval, bad_input)
{
    xd_interval ci;
    const double v[] = {1, 2, NAN};
    EXPECT_EDATA(xd_stats_t_interval(counts_17, 1, 0.95, &ci, d));
    EXPECT_EDATA(xd_stats_t_interval(counts_17, 5, 1.0, &ci, d));
    EXPECT_EDATA(xd_stats_t_interval(counts_17, 5, 0.0, &ci, d));
    EXPECT_EDATA(xd_stats_t_interval(counts_17, 5, NAN, &ci, d));
    EXPECT_EDATA(xd_stats_t_interval(v, 3, 0.95, &ci, d));
}

/* ------------------------------------------------------ Poisson interval */

Test(poisson_interval, matches_poisson_test)
{
    xd_interval ci;
    /* 2017-2019: 57 + 69 + 58 = 184 over 3 years. */
    cr_assert_eq(xd_stats_poisson_interval(184, 3, 0.95, &ci, NULL), XD_OK);
    NEAR(ci.lo, 52.791066827021886); /* poisson.test(184, 3)$conf.int */
    NEAR(ci.hi, 70.864182429221330);
    cr_assert_eq(xd_stats_poisson_interval(325, 5, 0.95, &ci, NULL), XD_OK);
    NEAR(ci.lo, 58.124544558393481); /* poisson.test(325, 5)$conf.int */
    NEAR(ci.hi, 72.465099336002780);
    cr_assert_eq(xd_stats_poisson_interval(29, 1, 0.99, &ci, NULL), XD_OK);
    NEAR(ci.lo, 17.004189608361791); /* poisson.test(29, 1, conf.level=0.99)$conf.int */
    NEAR(ci.hi, 45.975849079814857);
}

Test(poisson_interval, zero_count)
{
    xd_interval ci;
    cr_assert_eq(xd_stats_poisson_interval(0, 2, 0.95, &ci, NULL), XD_OK);
    cr_expect_eq(ci.lo, 0.0);
    NEAR(ci.hi, 1.8444397270569677); /* poisson.test(0, 2)$conf.int */
}

Test(poisson_interval, bad_input)
{
    xd_interval ci;
    EXPECT_EDATA(xd_stats_poisson_interval(-1, 2, 0.95, &ci, d));
    EXPECT_EDATA(xd_stats_poisson_interval(NAN, 2, 0.95, &ci, d));
    EXPECT_EDATA(xd_stats_poisson_interval(5, 0, 0.95, &ci, d));
    EXPECT_EDATA(xd_stats_poisson_interval(5, -1, 0.95, &ci, d));
    EXPECT_EDATA(xd_stats_poisson_interval(5, INFINITY, 0.95, &ci, d));
    EXPECT_EDATA(xd_stats_poisson_interval(5, 1, 1.5, &ci, d));
}

/* ------------------------------------------------------ Poisson upper tail */

Test(poisson_tail, far_tail_does_not_underflow)
{
    /* 29 in one day against a baseline of 325 in 1826 days. */
    double l = xd_stats_poisson_log_upper_tail(29, 325.0 / 1826.0);
    NEAR(l, -121.48475277589304); /* ppois(28, 325/1826, lower.tail=FALSE, log.p=TRUE) */
    NEAR(l / log(10.0), -52.760157765951099); /* same / log(10) */
    NEAR(exp(l), 1.7371696533142935e-53);     /* ppois(28, 325/1826, lower.tail=FALSE) */
    /* Far below DBL_MIN. */
    NEAR(xd_stats_poisson_log_upper_tail(500, 1),
         -2612.3284604654614); /* ppois(499, 1, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(2000, 0.01),
         -22416.874717492476); /* ppois(1999, 0.01, lower.tail=FALSE, log.p=TRUE) */
}

Test(poisson_tail, large_tail)
{
    /* ppois(2, 50, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(3, 50), -2.5093035522010494e-19);
    /* ppois(59, 65, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(60, 65), -0.2890996059800629);
    /* ppois(69, 65, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(70, 65), -1.2604179072240311);
    /* ppois(0, 0.5, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(1, 0.5), -0.93275212956718856);
    /* ppois(29, 31, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(30, 31), -0.51860947118132783);
    /* ppois(29, 29.5, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(30, 29.5), -0.7180319614562154);
    /* ppois(9999, 9990, lower.tail=FALSE, log.p=TRUE) */
    NEAR(xd_stats_poisson_log_upper_tail(10000, 9990), -0.77331130656743385);
    /* ppois(9, 1e4, lower.tail=FALSE, log.p=TRUE) is 0 */
    cr_expect_eq(xd_stats_poisson_log_upper_tail(10, 1e4), 0.0);
}

Test(poisson_tail, edges)
{
    cr_expect_eq(xd_stats_poisson_log_upper_tail(0, 3), 0.0);
    cr_expect_eq(xd_stats_poisson_log_upper_tail(0, 0), 0.0);
    cr_expect(isinf(xd_stats_poisson_log_upper_tail(1, 0)));
    cr_expect(isnan(xd_stats_poisson_log_upper_tail(-1, 3)));
    cr_expect(isnan(xd_stats_poisson_log_upper_tail(3, -1)));
    cr_expect(isnan(xd_stats_poisson_log_upper_tail(NAN, 3)));
    cr_expect(isnan(xd_stats_poisson_log_upper_tail(3, NAN)));
}

/* ------------------------------------------------------- rate comparison */

static void rate_ok(double x1, double t1, double x2, double t2, double level, double ratio,
                    double lo, double hi, double p)
{
    xd_rate_test r;
    cr_assert_eq(xd_stats_poisson_rate_test(x1, t1, x2, t2, level, &r, NULL), XD_OK);
    NEAR(r.ratio, ratio);
    NEAR(r.ci.lo, lo);
    NEAR(r.ci.hi, hi);
    NEAR(r.p_value, p);
}

/* Columns: estimate, conf.int, p.value of the poisson.test call. */
Test(rate_test, matches_poisson_test)
{
    /* poisson.test(c(29, 325), c(1, 5)) */
    rate_ok(29, 1, 325, 5, 0.95, 4.4615384615384618e-01, 2.9408013200170557e-01,
            6.5312480592924538e-01, 4.3964845433217968e-06);
    /* poisson.test(c(29, 325), c(1/365, 1826/365)) */
    rate_ok(29, 1.0 / 365, 325, 1826.0 / 365, 0.95, 1.6293538461538461e+02,
            1.0739806420702287e+02, 2.3852117912536042e+02, 6.2722551843533530e-53);
    /* poisson.test(c(65, 325), c(1, 5)): observed ratio exactly 1 */
    rate_ok(65, 1, 325, 5, 0.95, 1.0, 0.75405936749784563, 1.30863979375501316, 1.0);
    /* poisson.test(c(43, 282), c(1, 4), conf.level=0.9) */
    rate_ok(43, 1, 282, 4, 0.9, 0.6099290780141843893, 0.4565940130383628337,
            0.8035299946011436045, 0.0017535964735079536);
}

Test(rate_test, equal_exposures_symmetric_outcomes)
{
    /* With p0 = 1/2 the outcome mirrored around the mean is exactly as likely;
     * binom.test's relative slack of 1e-7 must count it into the p-value. */
    /* poisson.test(c(10, 20), c(1, 1)) */
    rate_ok(10, 1, 20, 1, 0.95, 0.5, 0.20900596502383295, 1.11918304424420412,
            0.09873714670538894);
    /* poisson.test(c(20, 10), c(2.5, 2.5)) */
    rate_ok(20, 2.5, 10, 2.5, 0.95, 2.0, 0.89350889038469139, 4.78455244033810168,
            0.09873714670538894);
    /* poisson.test(c(7, 13), c(1, 1)) */
    rate_ok(7, 1, 13, 1, 0.95, 0.53846153846153844, 0.18190625126154203, 1.45211350017940677,
            0.26317596435546875);
}

Test(rate_test, event_larger_than_baseline)
{
    /* poisson.test(c(400, 325), c(1, 5)) */
    rate_ok(400, 1, 325, 5, 0.95, 6.1538461538461542e+00, 5.3026011785384757e+00,
            7.1459498306531541e+00, 1.3038612470107754e-122);
}

Test(rate_test, zero_counts)
{
    /* poisson.test(c(0, 325), c(1, 5)) */
    rate_ok(0, 1, 325, 5, 0.95, 0.0, 0.0, 5.7075292496951972e-02, 2.7297911032406379e-26);
    /* poisson.test(c(7, 0), c(1, 5)): infinite ratio and upper bound */
    rate_ok(7, 1, 0, 5, 0.95, INFINITY, 7.2065425941761951e+00, INFINITY,
            3.5722450845907635e-06);
}

Test(rate_test, bad_input)
{
    xd_rate_test r;
    EXPECT_EDATA(xd_stats_poisson_rate_test(0, 1, 0, 5, 0.95, &r, d));
    EXPECT_EDATA(xd_stats_poisson_rate_test(2.5, 1, 3, 5, 0.95, &r, d));
    EXPECT_EDATA(xd_stats_poisson_rate_test(-1, 1, 3, 5, 0.95, &r, d));
    EXPECT_EDATA(xd_stats_poisson_rate_test(1, 1, NAN, 5, 0.95, &r, d));
    EXPECT_EDATA(xd_stats_poisson_rate_test(1, 0, 3, 5, 0.95, &r, d));
    EXPECT_EDATA(xd_stats_poisson_rate_test(1, 1, 3, -5, 0.95, &r, d));
    EXPECT_EDATA(xd_stats_poisson_rate_test(1, 1, 3, 5, 0, &r, d));
}

/* ------------------------------------------------------------------ OLS */

Test(ols, yearly_2000_2009)
{
    xd_ols o;
    cr_assert_eq(xd_stats_ols(years_00, counts_00, 10, 0.95, &o, NULL), XD_OK);
    /* m <- lm(y0 ~ x0); s <- summary(m) */
    cr_expect_eq(o.n, 10);
    NEAR(o.intercept, -21743.581818180624396); /* coef(m) */
    NEAR(o.slope, 10.872727272726676);
    NEAR(o.slope_ci.lo, 8.6219536213125529); /* confint(m)[2, ] */
    NEAR(o.slope_ci.hi, 13.1235009241407994);
    NEAR(o.r2, 0.93943480423404668);         /* s$r.squared */
    NEAR(o.p_value, 3.7718351227403603e-06); /* s$coefficients[2, 4] */
    NEAR(o.se_slope, 0.97604926940638292);   /* s$coefficients[2, 2] */
    NEAR(o.cov00, 3.8278639555655182e+06);   /* vcov(m) */
    NEAR(o.cov01, -1.9096313774108573e+03);
    NEAR(o.cov11, 9.5267217630873402e-01);
    NEAR(o.sigma2, 78.595454545477736); /* s$sigma^2 */
}

Test(ols, yearly_2017_2021)
{
    xd_ols o;
    cr_assert_eq(xd_stats_ols(years_17, counts_17, 5, 0.95, &o, NULL), XD_OK);
    /* m <- lm(y1 ~ x1); s <- summary(m) */
    NEAR(o.intercept, 7527.6999999986910552);
    NEAR(o.slope, -3.6999999999993523);
    NEAR(o.slope_ci.lo, -12.165945232479579); /* confint(m)[2, ] */
    NEAR(o.slope_ci.hi, 4.765945232480874);
    NEAR(o.r2, 0.39203894616258717);
    NEAR(o.p_value, 0.25847458320370026);
    NEAR(o.se_slope, 2.6602004936970984);
    NEAR(o.cov00, 2.8847062163331769e+07);
    NEAR(o.cov01, -1.4287789999999230e+04);
    NEAR(o.cov11, 7.0766666666662861e+00);
    NEAR(o.sigma2, 70.76666666667488);
    cr_assert_eq(xd_stats_ols(years_17, counts_17, 5, 0.9, &o, NULL), XD_OK);
    NEAR(o.slope_ci.lo, -9.9604185711078674); /* confint(m, level=0.9)[2, ] */
    NEAR(o.slope_ci.hi, 2.5604185711091607);
}

Test(ols, bad_input)
{
    xd_ols o;
    const double same[] = {2000, 2000, 2000};
    const double y[] = {1, 2, NAN};
    EXPECT_EDATA(xd_stats_ols(years_17, counts_17, 2, 0.95, &o, d));
    EXPECT_EDATA(xd_stats_ols(same, counts_17, 3, 0.95, &o, d));
    EXPECT_EDATA(xd_stats_ols(years_17, y, 3, 0.95, &o, d));
    EXPECT_EDATA(xd_stats_ols(years_17, counts_17, 5, -0.5, &o, d));
}

/* --------------------------------------------------- Poisson regression */

/* xc <- mean(x); m <- glm(y ~ I(x - xc), family=poisson,
 *   control = glm.control(epsilon = 1e-14, maxit = 200));
 * the covariance at the estimate: X <- model.matrix(m);
 *   V <- solve(crossprod(X, fitted(m) * X)); se <- sqrt(diag(V)); z <- coef(m)[2] / se[2]
 * (summary.glm's comes from the fit one step before, equal but in the last digits);
 * b1 <- coef(m)[2]; se <- se[2]; for the intervals z <- qnorm(0.975) */
Test(poisson_regression, yearly_2000_2009)
{
    xd_poisson_fit f;
    cr_assert_eq(xd_stats_poisson_regression(years_00, counts_00, 10, 0.95, &f, NULL), XD_OK);
    cr_expect_eq(f.n, 10);
    NEAR(f.x_center, 2004.5);
    NEAR(f.b0, 3.7136157972398065);       /* coef(m) */
    NEAR(f.b1, 0.23286985326313095);
    NEAR(f.se_b0, 0.054108311726951262);  /* se */
    NEAR(f.se_b1, 0.017539899093237474);
    NEAR(f.cov01, -0.00054322895669341458); /* V[1, 2] */
    NEAR(f.z, 13.276578846050155);          /* z, 2 * pnorm(-abs(z)) */
    NEAR(f.p_value, 3.1652848427152238e-40);
    NEAR(f.deviance, 4.1057660067834494);   /* deviance(m) */
    NEAR(f.null_deviance, 204.16523649869654); /* m$null.deviance */
    NEAR(f.pearson_chi2, 4.1019709345383131); /* sum(residuals(m, "pearson")^2) */
    NEAR(f.dispersion, 0.51274636681728913);  /* ... / m$df.residual */
    cr_expect_eq(f.df, 8);
    cr_expect_eq(f.iterations, 4); /* m$iter */
    cr_expect_eq(f.overdispersed, 0);
    NEAR(f.rate_ratio, 1.2622171951877972); /* exp(b1) */
    NEAR(f.rate_ratio_ci.lo, 1.2195626157058006); /* exp(b1 + c(-1, 1) * z * se) */
    NEAR(f.rate_ratio_ci.hi, 1.3063636317727874);
    NEAR(f.pct_change, 26.221719518779718); /* 100 * (exp(b1 + c(0, -1, 1) * z * se) - 1) */
    NEAR(f.pct_change_ci.lo, 21.956261570580061);
    NEAR(f.pct_change_ci.hi, 30.636363177278735);

    /* p <- predict(m, data.frame(x0 = 2010), se.fit=TRUE, type="link");
     * exp(p$fit + c(0, -1, 1) * z * p$se.fit) */
    double mu, lo, hi;
    xd_stats_poisson_predict(&f, 2010, 0.95, &mu, &lo, &hi);
    NEAR(mu, 147.58436674381602);
    NEAR(lo, 126.38658554872046);
    NEAR(hi, 172.33747721412112);
}

Test(poisson_regression, yearly_2017_2021)
{
    xd_poisson_fit f;
    cr_assert_eq(xd_stats_poisson_regression(years_17, counts_17, 5, 0.95, &f, NULL), XD_OK);
    NEAR(f.x_center, 2019);
    NEAR(f.b0, 4.04587796205415628);
    NEAR(f.b1, -0.06457633327944079);
    NEAR(f.se_b0, 0.059274218746365528);
    NEAR(f.se_b1, 0.04185232163648666);
    NEAR(f.cov01, 0.00022581819712705627);
    NEAR(f.z, -1.5429570153915533);
    NEAR(f.p_value, 0.12284120563874579);
    NEAR(f.deviance, 3.8978899254791717);
    NEAR(f.null_deviance, 6.2850586983947121);
    NEAR(f.pearson_chi2, 3.8726744939745319);
    NEAR(f.dispersion, 1.2908914979915107);
    cr_expect_eq(f.df, 3);
    cr_expect_eq(f.iterations, 4);
    cr_expect_eq(f.overdispersed, 0);
    NEAR(f.rate_ratio, 0.93746455178718791);
    NEAR(f.rate_ratio_ci.lo, 0.86363472085952386);
    NEAR(f.rate_ratio_ci.hi, 1.0176058982238423);

    double mu, lo, hi;
    xd_stats_poisson_predict(&f, 2022, 0.95, &mu, &lo, &hi);
    NEAR(mu, 47.094158134528548);
    NEAR(lo, 35.538503207234804);
    NEAR(hi, 62.407235258812989);

    /* Same fit, 90% Wald intervals: z <- qnorm(0.95) */
    cr_assert_eq(xd_stats_poisson_regression(years_17, counts_17, 5, 0.9, &f, NULL), XD_OK);
    NEAR(f.rate_ratio_ci.lo, 0.87509985746442043);
    NEAR(f.rate_ratio_ci.hi, 1.0042737161493422);
    xd_stats_poisson_predict(&f, 2022, 0.9, &mu, &lo, &hi);
    NEAR(mu, 47.094158134528548);
    NEAR(lo, 37.184040296056125);
    NEAR(hi, 59.645474583761562);
}

Test(poisson_regression, zero_count_year)
{
    const double x[] = {2000, 2001, 2002, 2003, 2004, 2005};
    const double y[] = {3, 0, 4, 6, 9, 12};
    xd_poisson_fit f;
    cr_assert_eq(xd_stats_poisson_regression(x, y, 6, 0.95, &f, NULL), XD_OK);
    /* glm(c(3,0,4,6,9,12) ~ I(2000:2005 - 2002.5), family=poisson,
     *     control = glm.control(epsilon = 1e-14, maxit = 200)); se, z as above */
    NEAR(f.b0, 1.5006482374340651);
    NEAR(f.b1, 0.41038171100739773);
    NEAR(f.se_b0, 0.21291065943813836);
    NEAR(f.se_b1, 0.11594114817502112);
    NEAR(f.cov01, -0.014628439531919451);
    NEAR(f.z, 3.539569147511791);
    NEAR(f.p_value, 0.00040078076067830544);
    NEAR(f.deviance, 5.9586174786045483);
    NEAR(f.null_deviance, 20.418072472277171);
    NEAR(f.pearson_chi2, 3.7866701853094109);
    NEAR(f.dispersion, 0.94666754632735273);
    cr_expect_eq(f.iterations, 6);
    NEAR(f.rate_ratio_ci.lo, 1.2009840185918372);
    NEAR(f.rate_ratio_ci.hi, 1.8919767571630033);
}

Test(poisson_regression, overdispersed)
{
    const double x[] = {2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007};
    const double y[] = {10, 40, 5, 60, 20, 80, 15, 90};
    xd_poisson_fit f;
    cr_assert_eq(xd_stats_poisson_regression(x, y, 8, 0.95, &f, NULL), XD_OK);
    /* glm(c(10,40,5,60,20,80,15,90) ~ I(2000:2007 - 2003.5), family=poisson,
     *     control = glm.control(epsilon = 1e-14, maxit = 200)); se as above */
    NEAR(f.b0, 3.5942087291865552);
    NEAR(f.b1, 0.19175824768337063);
    NEAR(f.se_b0, 0.061254339064419405);
    NEAR(f.se_b1, 0.025849647548405911);
    NEAR(f.deviance, 141.55488371939884);
    NEAR(f.null_deviance, 199.85573332956437);
    NEAR(f.pearson_chi2, 125.72104977469056);
    NEAR(f.dispersion, 20.953508295781759);
    cr_expect_eq(f.iterations, 6);
    cr_expect_eq(f.overdispersed, 1);
}

Test(poisson_regression, separation_is_not_estimable)
{
    /* All counts in one end year: the MLE of the slope is infinite. R's glm
     * "converges" to glm(c(0,0,0,0,0,1) ~ I(2000:2005 - 2002.5), family = poisson)
     * rate ratio exp(b1) = 6268715469 with "fitted rates numerically 0 occurred". */
    const double x[] = {2000, 2001, 2002, 2003, 2004, 2005};
    const double last[] = {0, 0, 0, 0, 0, 1}, first[] = {7, 0, 0, 0, 0, 0}, zeros[] = {0, 0, 0, 0, 0, 0};
    const double *cases[] = {last, first, zeros};
    for (size_t i = 0; i < 3; i++) {
        xd_poisson_fit f;
        xd_diags d;
        xd_diags_init(&d);
        cr_assert_eq(xd_stats_poisson_regression(x, cases[i], 6, 0.95, &f, &d), XD_OK);
        cr_expect_eq(f.estimable, 0, "case %zu has an estimate: rate ratio %g", i, f.rate_ratio);
        cr_expect(f.not_estimable && *f.not_estimable, "case %zu gives no reason", i);
        cr_expect(isnan(f.rate_ratio) && isnan(f.pct_change) && isnan(f.p_value) && isnan(f.rate_ratio_ci.hi),
                  "case %zu: rate ratio %g", i, f.rate_ratio);
        cr_expect_eq(f.overdispersed, 0);
        cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 0);
        xd_diags_free(&d);
    }
}

Test(poisson_regression, one_year_inside_the_range_is_estimable)
{
    /* zeros on both sides of the one nonzero year: the estimate exists.
     * glm(c(0,1,0,0,0,0) ~ I(2000:2005 - 2002.5), family = poisson,
     *     control = glm.control(epsilon = 1e-14, maxit = 200)) */
    const double x[] = {2000, 2001, 2002, 2003, 2004, 2005};
    const double y[] = {0, 1, 0, 0, 0, 0};
    xd_poisson_fit f;
    cr_assert_eq(xd_stats_poisson_regression(x, y, 6, 0.95, &f, NULL), XD_OK);
    cr_expect_eq(f.estimable, 1);
    NEAR(f.b0, -2.31182159490679240);
    NEAR(f.b1, -0.62957105699362026);
    NEAR(f.se_b1, 0.79593819516291309); /* se as above */
}

Test(poisson_regression, bad_input)
{
    xd_poisson_fit f;
    const double neg[] = {3, -1, 4};
    const double same[] = {2000, 2000, 2000};
    const double inf[] = {3, INFINITY, 4};
    EXPECT_EDATA(xd_stats_poisson_regression(years_17, counts_17, 1, 0.95, &f, d));
    EXPECT_EDATA(xd_stats_poisson_regression(years_17, neg, 3, 0.95, &f, d));
    EXPECT_EDATA(xd_stats_poisson_regression(same, counts_17, 3, 0.95, &f, d));
    EXPECT_EDATA(xd_stats_poisson_regression(years_17, inf, 3, 0.95, &f, d));
    EXPECT_EDATA(xd_stats_poisson_regression(years_17, counts_17, 5, 1.0, &f, d));
}

/* ---------------------------------------------------------- Mann-Kendall */

/* Reference, base R (trend::mk.test and trend::sens.slope written out; slopes
 * divide by the year difference so gaps count):
 *
 * mk_ref <- function(x, y, lev = 0.95) {
 *   n <- length(y); S <- 0; sl <- c()
 *   for (i in 1:(n-1)) for (j in (i+1):n) {
 *     S <- S + sign(y[j] - y[i]); sl <- c(sl, (y[j] - y[i]) / (x[j] - x[i])) }
 *   t <- as.vector(table(y))
 *   varS <- (n*(n-1)*(2*n+5) - sum(t*(t-1)*(2*t+5))) / 18
 *   tau <- S / (sqrt(n*(n-1)/2 - sum(t*(t-1))/2) * sqrt(n*(n-1)/2))
 *   z <- sign(S) * (abs(S) - 1) / sqrt(varS); p <- 2 * pnorm(abs(z), lower.tail=FALSE)
 *   k <- length(sl); C <- qnorm(1 - (1-lev)/2) * sqrt(varS); r <- sort(sl)
 *   list(S, varS, tau, z, p, median(sl), r[round((k - C)/2)], r[round((k + C)/2 + 1)])
 * }
 *
 * tau is tau-b (ties in y only, x untied); it equals
 * cor.test(x, y, method="kendall")$estimate, checked for each case below. */
static void mk_ok(const double *x, const double *y, size_t n, double level, double s,
                  double var_s, double tau, double z, double p, double sen, double lo, double hi)
{
    xd_mann_kendall m;
    cr_assert_eq(xd_stats_mann_kendall(x, y, n, level, &m, NULL), XD_OK);
    cr_expect_eq(m.n, n);
    cr_expect_eq(m.s, s);
    NEAR(m.var_s, var_s);
    NEAR(m.tau, tau);
    NEAR(m.z, z);
    NEAR(m.p_value, p);
    NEAR(m.sen_slope, sen);
    if (isnan(lo))
        cr_expect(isnan(m.sen_ci.lo), "sen_ci.lo: got %g, want NaN", m.sen_ci.lo);
    else
        NEAR(m.sen_ci.lo, lo);
    if (isnan(hi))
        cr_expect(isnan(m.sen_ci.hi), "sen_ci.hi: got %g, want NaN", m.sen_ci.hi);
    else
        NEAR(m.sen_ci.hi, hi);
}

Test(mann_kendall, yearly_2000_2009)
{
    /* mk_ref(2000:2009, y0): ranks 12 and 34 of 45 slopes */
    mk_ok(years_00, counts_00, 10, 0.95, 45, 125, 0.99999999999999989, 3.9354796403996297,
          8.3030703326449784e-05, 11, 6.5, 13.0);
}

Test(mann_kendall, yearly_2017_2021)
{
    /* mk_ref(2017:2021, y1): ranks 1 and 10 of 10 slopes */
    mk_ok(years_17, counts_17, 5, 0.95, -2, 16.66666666666666785, -0.19999999999999996,
          -0.24494897427831780, 0.80649594050734019, -4, -17, 12);
}

Test(mann_kendall, ties_in_y)
{
    const double x[] = {2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017};
    const double y[] = {5, 7, 7, 9, 7, 12, 12, 15};
    /* mk_ref(2010:2017, c(5,7,7,9,7,12,12,15)) */
    mk_ok(x, y, 8, 0.95, 22, 60.6666666666666643, 0.8486684247915055, 2.6961511028187512551,
          0.0070145838820816295, 1.3333333333333333, 0.5, 2.0);
}

Test(mann_kendall, gaps_and_ties)
{
    const double x[] = {2000, 2001, 2003, 2004, 2007, 2008, 2010};
    const double y[] = {4, 4, 6, 5, 9, 9, 9};
    /* mk_ref(c(2000,2001,2003,2004,2007,2008,2010), c(4,4,6,5,9,9,9), 0.9) */
    mk_ok(x, y, 7, 0.9, 15, 39.66666666666666430, 0.79388418603744471, 2.222875720904845309,
          0.026224181348738017, 0.59999999999999998, 0.0, 0.75);
}

Test(mann_kendall, short_series_has_no_sen_interval)
{
    const double x[] = {2000, 2001, 2002, 2003};
    const double y[] = {1, 3, 2, 5};
    /* mk_ref(2000:2003, c(1,3,2,5)): ranks 0 and 7 fall outside 1..6 */
    mk_ok(x, y, 4, 0.95, 4, 8.66666666666666607, 0.66666666666666674, 1.01904933073013626,
          0.30817954746705395, 1.1666666666666665, NAN, NAN);
}

Test(mann_kendall, constant_series)
{
    const double x[] = {2000, 2001, 2002};
    const double y[] = {4, 4, 4};
    xd_mann_kendall m;
    cr_assert_eq(xd_stats_mann_kendall(x, y, 3, 0.95, &m, NULL), XD_OK);
    cr_expect_eq(m.s, 0);
    cr_expect_eq(m.z, 0);
    cr_expect_eq(m.p_value, 1);
    cr_expect_eq(m.sen_slope, 0);
}

Test(mann_kendall, bad_input)
{
    xd_mann_kendall m;
    const double back[] = {2000, 2002, 2001};
    const double dup[] = {2000, 2001, 2001};
    const double y[] = {1, NAN, 3};
    EXPECT_EDATA(xd_stats_mann_kendall(years_17, counts_17, 2, 0.95, &m, d));
    EXPECT_EDATA(xd_stats_mann_kendall(back, counts_17, 3, 0.95, &m, d));
    EXPECT_EDATA(xd_stats_mann_kendall(dup, counts_17, 3, 0.95, &m, d));
    EXPECT_EDATA(xd_stats_mann_kendall(years_17, y, 3, 0.95, &m, d));
    EXPECT_EDATA(xd_stats_mann_kendall(years_17, counts_17, 5, 1.0, &m, d));
}
