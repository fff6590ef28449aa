/* extrad trend says only what its numbers support: the headline comes from the
 * model that fits, "rose" and "fell" only where the interval excludes 0, and a
 * model without an estimate says so. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A dataset folder with one yearly series starting in `first`. */
static char *series_dataset(int first, const int *counts, size_t n)
{
    char *dir = xd_tempdir();
    char annual[4096] = "year,count,source\n";
    for (size_t i = 0; i < n; i++)
        snprintf(annual + strlen(annual), sizeof annual - strlen(annual), "%d,%d,a\n", first + (int)i, counts[i]);
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    xd_write_file(xd_path_join(dir, "sources.csv"), "id,name,url\na,Agency A,https://example.org/a\n");
    return dir;
}

static xd_run trend(const char *dataset, const char *lang_or_null, const char *joinpoints)
{
    const char *args[10] = {"trend", "--dataset", dataset, "--format", "json"};
    size_t k = 5;
    if (joinpoints) {
        args[k++] = "--joinpoints";
        args[k++] = joinpoints;
    }
    (void)lang_or_null;
    args[k] = NULL;
    return xd_run_cli(args, NULL);
}

Test(trend_claims, bundled_series_turns_and_never_claims_a_whole_period_rise)
{
    xd_run r = trend(XD_DATASET, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"headline_model\": \"joinpoint\""), "%s", r.out);
    cr_expect(strstr(r.out, "\"joinpoints\": [\n      2009\n    ]"), "%s", r.out);
    cr_expect(strstr(r.out, "\"selected_by\": \"permutation test\""), "%s", r.out);
    cr_expect(strstr(r.out, "Treaty extraditions rose about 27% a year from 2000 to 2009, then fell about 7.2% a year "
                            "to 2021."),
              "%s", r.out);
    cr_expect(!strstr(r.out, "rose about 2.9% a year from 2000 to 2021"), "%s", r.out);
    xd_run_free(&r);
}

/* Without a joinpoint the straight line is overdispersed (16.8): quasi-Poisson
 * speaks, and its interval (-1.2% to +7.1%) includes 0, so no rise is claimed. */
Test(trend_claims, forced_straight_line_on_the_bundled_series_is_no_clear_change)
{
    xd_run r = trend(XD_DATASET, NULL, "0");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"headline_model\": \"quasi_poisson\""), "%s", r.out);
    cr_expect(strstr(r.out, "\"selected_by\": \"forced\""), "%s", r.out);
    cr_expect(strstr(r.out, "Treaty extraditions showed no clear change from 2000 to 2021."), "%s", r.out);
    xd_run_free(&r);
}

/* set.seed(1); rpois(12, 40): dispersion 0.85, slope interval -0.028 to 0.023 (confint.default) */
Test(trend_claims, flat_poisson_series_is_no_clear_change)
{
    static const int y[] = {36, 48, 48, 42, 30, 43, 44, 43, 38, 49, 42, 36};
    char *dir = series_dataset(2001, y, 12);
    xd_run r = trend(dir, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"headline_model\": \"poisson\""), "%s", r.out);
    cr_expect(strstr(r.out, "showed no clear change from 2001 to 2012."), "%s", r.out);
    cr_expect(!strstr(r.out, "rose") && !strstr(r.out, "fell"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* round(20 * 1.08^(0:11)): exp(coef(glm(y ~ x, family = poisson))[2]) = 1.080446 */
Test(trend_claims, steady_rise_says_rose)
{
    static const int y[] = {20, 22, 23, 25, 27, 29, 32, 34, 37, 40, 43, 47};
    char *dir = series_dataset(2001, y, 12);
    xd_run r = trend(dir, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"headline_model\": \"poisson\""), "%s", r.out);
    cr_expect(strstr(r.out, "Treaty extraditions rose about 8.0% a year from 2001 to 2012."), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* 0 0 0 0 0 1: no log-linear fit exists (R's glm runs the slope off to infinity). */
Test(trend_claims, separated_counts_have_no_estimate)
{
    static const int y[] = {0, 0, 0, 0, 0, 1};
    char *dir = series_dataset(2001, y, 6);
    xd_run r = trend(dir, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"headline_model\": \"none\""), "%s", r.out);
    cr_expect(strstr(r.out, "No trend can be estimated from the counts of 2001 to 2006."), "%s", r.out);
    cr_expect(!strstr(r.out, "rose about") && !strstr(r.out, "fell about"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* The dispersion sentence follows the rule that scaled the intervals: 2003-2018 has
 * a joinpoint model with dispersion 1.30 > 1, so its intervals were widened. */
Test(trend_claims, dispersion_sentence_follows_the_scaling)
{
    const char *args[] = {"trend", "--from", "2003", "--to", "2018", "--format", "json", NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "vary 1.30 times as much as Poisson counts would"), "%s", r.out);
    cr_expect(strstr(r.out, "the intervals are widened to match"), "%s", r.out);
    cr_expect(!strstr(r.out, "need no widening"), "%s", r.out);
    /* the years the model skipped are named, and the turn beside them is said to be uncertain */
    cr_expect(strstr(r.out, "(2010, 2011, 2013, 2014, 2015, 2016) are skipped"), "%s", r.out);
    cr_expect(strstr(r.out, "could have come anywhere in the gap"), "%s", r.out);
    xd_run_free(&r);
}

/* Four years leave 2 residual degrees of freedom: no claim that the intervals need no widening. */
Test(trend_claims, few_years_say_the_check_is_weak)
{
    static const int y[] = {20, 26, 31, 38};
    char *dir = series_dataset(2001, y, 4);
    xd_run r = trend(dir, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "too few degrees of freedom (2)"), "%s", r.out);
    cr_expect(!strstr(r.out, "need no widening"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* The quasi-Poisson band the trend chart draws: y <- c(40,80,35,90,30,85,45,70,38,88); x0 <- 2001:2010 - 2005.5;
 * g <- glm(y ~ x0, family = quasipoisson, control = glm.control(epsilon = 1e-14, maxit = 200));
 * p <- predict(g, data.frame(x0 = -0.5), se.fit = TRUE); q <- qt(.975, g$df.residual);
 * exp(p$fit + c(0, -1, 1) * q * p$se.fit) */
Test(trend_claims, quasi_poisson_band_is_rs)
{
    static const int y[] = {40, 80, 35, 90, 30, 85, 45, 70, 38, 88};
    char *dir = series_dataset(2001, y, 10);
    char keep[PATH_MAX];
    snprintf(keep, sizeof keep, "%s/keep", dir);
    const char *args[] = {"chart", "trend", "--dataset", dir, "-o", xd_path_join(dir, "t.svg"), "--keep", keep, NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char *fit = xd_slurp(xd_path_join(keep, "trend/fit.tsv"), NULL);
    cr_assert(fit);
    cr_expect(strstr(fit, "(quasi_poisson"), "%s", fit);
    char *line = strstr(fit, "\n2005\t");
    cr_assert(line, "%s", fit);
    double x, mu, lo, hi;
    cr_assert_eq(sscanf(line + 1, "%lf\t%lf\t%lf\t%lf", &x, &mu, &lo, &hi), 4);
    cr_expect(fabs(mu / 59.2621213068232 - 1) < 1e-9, "mu %.17g", mu);
    cr_expect(fabs(lo / 42.9578972577561 - 1) < 1e-9, "lo %.17g", lo);
    cr_expect(fabs(hi / 81.7544443740326 - 1) < 1e-9, "hi %.17g", hi);
    free(fit);
    xd_rmtree(dir);
    free(dir);
}
