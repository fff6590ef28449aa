/* The predictive range of a usual period (negative binomial quantiles) and the
 * pace chart that draws it. Expected values from R. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "predict.h"

Test(predict, nb_quantiles_equal_r)
{
    cr_expect_eq(xd_predict_nb_quantile(0.5, 7.5, 0.2), 29);           /* qnbinom(0.5, size=7.5, prob=0.2) */
    cr_expect_eq(xd_predict_nb_quantile(0.999, 1e6, 0.5), 1004375);    /* qnbinom(0.999, size=1e6, prob=0.5) */
    cr_expect_eq(xd_predict_nb_quantile(0.025, 184, 3 / 3.5), 20);     /* qnbinom(0.025, size=184, prob=3/(3+0.5)) */
    cr_expect_eq(xd_predict_nb_quantile(0.025, 0.5, 0.3), 0);          /* qnbinom(0.025, size=0.5, prob=0.3) */
    cr_expect_eq(xd_predict_nb_quantile(0.975, 0.5, 0.3), 7);          /* qnbinom(0.975, size=0.5, prob=0.3) */
    cr_expect(isnan(xd_predict_nb_quantile(1.0, 5, 0.5)));
    cr_expect(isnan(xd_predict_nb_quantile(0.5, 0, 0.5)));
}

Test(predict, count_interval_of_a_usual_year)
{
    xd_interval iv;
    xd_diags d;
    xd_diags_init(&d);
    /* 325 in 5 years (2019-2023); a whole year and the first 224 days */
    cr_assert_eq(xd_predict_count_interval(325, 5, 1, 0.95, &iv, &d), XD_OK);
    cr_expect_eq(iv.lo, 48); /* qnbinom(0.025, size=325, prob=5/(5+1)) */
    cr_expect_eq(iv.hi, 83); /* qnbinom(0.975, size=325, prob=5/(5+1)) */
    cr_assert_eq(xd_predict_count_interval(325, 5, 224.0 / 365, 0.95, &iv, &d), XD_OK);
    cr_expect_eq(iv.lo, 27); /* qnbinom(0.025, size=325, prob=5/(5+224/365)) */
    cr_expect_eq(iv.hi, 54); /* qnbinom(0.975, size=325, prob=5/(5+224/365)) */
    /* wider than the interval of the mean pace (58.1 to 72.5 a year) */
    cr_assert_eq(xd_predict_count_interval(200000, 10, 1, 0.95, &iv, &d), XD_OK);
    cr_expect_eq(iv.lo, 19710); /* qnbinom(0.025, size=200000, prob=10/(10+1)) */
    cr_expect_eq(iv.hi, 20291); /* qnbinom(0.975, size=200000, prob=10/(10+1)) */
    cr_assert_eq(xd_predict_count_interval(325, 5, 0, 0.95, &iv, &d), XD_OK);
    cr_expect(iv.lo == 0 && iv.hi == 0);
    cr_expect_eq(xd_predict_count_interval(0, 5, 1, 0.95, &iv, &d), XD_EDATA);
    xd_diags_free(&d);
}

/* The pace chart's band is that range, day by day, and its title reads the line. */
Test(predict, pace_chart_draws_the_range_of_a_usual_year, .timeout = 120)
{
    char *dir = xd_tempdir();
    const char *keep = xd_path_join(dir, "keep");
    char keep_copy[PATH_MAX];
    snprintf(keep_copy, sizeof keep_copy, "%s", keep);
    const char *args[] = {"chart", "pace", "--event", "2025-08-12", "-o", xd_path_join(dir, "pace.svg"),
                          "--keep", keep_copy, "--dataset", XD_DATASET, NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/pace/pace.tsv", keep_copy);
    char *tsv = xd_slurp(p, NULL);
    cr_assert(tsv);
    int found224 = 0, found365 = 0;
    for (char *line = strtok(tsv, "\n"); line; line = strtok(NULL, "\n")) {
        double day, pace, lo, hi;
        if (sscanf(line, "%lf\t%lf\t%lf\t%lf", &day, &pace, &lo, &hi) != 4)
            continue;
        if (day == 224) {
            found224 = 1;
            cr_expect_eq(lo, 27); /* qnbinom(0.025, size=325, prob=5/(5+224/365)) */
            cr_expect_eq(hi, 54); /* qnbinom(0.975, size=325, prob=5/(5+224/365)) */
        }
        if (day == 365) {
            found365 = 1;
            cr_expect_eq(pace, 65);
            cr_expect_eq(lo, 48); /* qnbinom(0.025, size=325, prob=5/6) */
            cr_expect_eq(hi, 83); /* qnbinom(0.975, size=325, prob=5/6) */
        }
    }
    cr_expect(found224 && found365);
    free(tsv);
    snprintf(p, sizeof p, "%s/pace/strings.gp", keep_copy);
    char *strings = xd_slurp(p, NULL);
    cr_assert(strings);
    /* on 12 Aug the line stands at 29 + 26 = 55: the title says so, not 26 */
    cr_expect(strstr(strings, "55 people") != NULL, "%s", strings);
    cr_expect(strstr(strings, "1.4 times the 40") != NULL, "%s", strings);
    cr_expect(strstr(strings, "27 to 54") != NULL, "%s", strings);
    cr_expect(strstr(strings, "Range of a usual year") != NULL);
    free(strings);
    xd_rmtree(dir);
    free(dir);
}
