/* compare and trend against independent computations in R (expression beside
 * each expected value), on the bundled dataset and on small made-up datasets. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "compare.h"
#include "helpers.h"
#include "trend.h"

#define REL 1e-9
#define expect_rel(got, want)                                                                                     \
    cr_expect(fabs((got) - (want)) <= REL * fabs(want) + 1e-300, "%s = %.17g, expected %.17g", #got, (double)(got), \
              (double)(want))

static xd_dataset bundled;
static xd_diags diags;

static void load_bundled(void)
{
    xd_diags_init(&diags);
    cr_assert_eq(xd_dataset_load(XD_DATASET, &bundled, &diags), XD_OK);
}

static void free_bundled(void)
{
    xd_dataset_free(&bundled);
    xd_diags_free(&diags);
}

static xd_compare run(const xd_dataset *ds, xd_compare_options o)
{
    xd_compare c;
    if (o.level == 0)
        o.level = 0.95;
    int rc = xd_compare_prepare(ds, &o, &c, &diags);
    cr_assert_eq(rc, XD_OK, "compare failed: %s", diags.n ? diags.items[diags.n - 1].text : "");
    return c;
}

TestSuite(compare, .init = load_bundled, .fini = free_bundled);

Test(compare, bundled_default_is_29_against_reported_65)
{
    xd_compare c = run(&bundled, (xd_compare_options){.count = -1});
    cr_expect_eq(c.base.from, 2019);
    cr_expect_eq(c.base.to, 2023);
    cr_expect_eq(c.base.kind, XD_BASELINE_REPORTED);
    cr_expect_eq(c.event.count, 29);
    cr_expect_str_eq(c.event.date, "2025-02-27");
    cr_expect_eq(c.base.days, 1826);
    expect_rel(c.base.total, 325.0);
    expect_rel(c.base.ci.lo, 58.124544558393481);         /* poisson.test(325, 5)$conf.int[1] */
    expect_rel(c.base.ci.hi, 72.46509933600278);          /* poisson.test(325, 5)$conf.int[2] */
    expect_rel(c.share_of_year, 29.0 / 65.0);             /* 29/65 */
    expect_rel(c.days_equivalent, 162.93538461538461);    /* 29/(325/1826) */
    expect_rel(c.days_range.lo, 146.15035509567267);      /* 29/(poisson.test(325,5)$conf.int[2]*5/1826) */
    expect_rel(c.days_range.hi, 182.20873953446977);      /* 29/(poisson.test(325,5)$conf.int[1]*5/1826) */
    expect_rel(c.p_one_day, 1.7371696533142935e-53);      /* ppois(28, 325/1826, lower.tail=FALSE) */
    expect_rel(c.log10_p_one_day, -52.760157765951099);   /* ppois(28, 325/1826, lower.tail=FALSE, log.p=TRUE)/log(10) */
    /* 2025 has no sourced treaty figure: its transfers (29 + 26) are described, never tested
     * against the treaty pace, because they are another kind of event */
    cr_expect_eq(c.year_kind, XD_YEAR_TRANSFERS_ONLY);
    cr_expect_eq(c.year_transfers, 55);
    expect_rel(c.year_transfers_share, 55.0 / 65.0); /* 55/65 */
    cr_expect_eq(c.with_transfers.ratio, 0.0);
    cr_expect_eq(c.with_transfers.p_value, 0.0);
    xd_compare_free(&c);
}

Test(compare, computed_baseline_2017_2021_with_another_transfer)
{
    xd_compare c = run(&bundled, (xd_compare_options){.from = 2017, .to = 2021, .event_date = "2025-08-12", .count = -1});
    cr_expect_eq(c.base.kind, XD_BASELINE_COMPUTED);
    expect_rel(c.base.total, 287.0);                         /* sum(c(57,69,58,60,43)) */
    expect_rel(c.base.ci.lo, 50.950632655736413);            /* poisson.test(287, 5)$conf.int[1] */
    expect_rel(c.base.ci.hi, 64.439696416279773);            /* poisson.test(287, 5)$conf.int[2] */
    expect_rel(c.share_of_year, 0.45296167247386759);        /* 26/mean(c(57,69,58,60,43)) */
    expect_rel(c.days_equivalent, 165.42160278745646);       /* 26/(287/1826) */
    cr_expect_eq(c.year_kind, XD_YEAR_TRANSFERS_ONLY);
    expect_rel(c.year_transfers_share, 55.0 / 57.4);        /* 55/mean(c(57,69,58,60,43)) */
    cr_expect(strstr(c.base.sources, "zeta-2022-03") != NULL);
    xd_compare_free(&c);
}

Test(compare, yearly_2000_2009_with_a_given_count_in_a_known_year)
{
    /* y <- c(12,17,25,31,34,41,63,83,95,107); 2008 resolves to the preferred 95 */
    xd_compare c = run(&bundled, (xd_compare_options){.from = 2000, .to = 2009, .count = 29, .date = "2005-06-01"});
    expect_rel(c.base.total, 508.0);                 /* sum(y) */
    cr_expect_eq(c.base.days, 3653);                 /* as.Date("2010-01-01") - as.Date("2000-01-01") */
    expect_rel(c.log10_p_one_day, -55.851708760579626); /* ppois(28, 508/3653, lower.tail=FALSE, log.p=TRUE)/log(10) */
    cr_expect_eq(c.year_kind, XD_YEAR_WITH_TREATY);
    cr_expect_eq(c.year_treaty, 41);
    /* exposure in calendar days: 365 for 2005, 3653 for 2000-2009 */
    cr_expect_eq(c.year_days, 365);
    expect_rel(c.with_transfers.ratio, 1.379085319814475);      /* poisson.test(c(70, 508), c(365, 3653))$estimate */
    expect_rel(c.with_transfers.ci.lo, 1.0583807799900089);     /* poisson.test(c(70, 508), c(365, 3653))$conf.int[1] */
    expect_rel(c.with_transfers.ci.hi, 1.773395865410238);      /* poisson.test(c(70, 508), c(365, 3653))$conf.int[2] */
    expect_rel(c.with_transfers.p_value, 0.013761605024028529); /* poisson.test(c(70, 508), c(365, 3653))$p.value */
    expect_rel(c.without_transfers.ratio, 0.8077499730341926);  /* poisson.test(c(41, 508), c(365, 3653))$estimate */
    expect_rel(c.without_transfers.ci.lo, 0.57266591657269994); /* poisson.test(c(41, 508), c(365, 3653))$conf.int[1] */
    expect_rel(c.without_transfers.ci.hi, 1.1114285270187156);  /* poisson.test(c(41, 508), c(365, 3653))$conf.int[2] */
    expect_rel(c.without_transfers.p_value, 0.20659725831290421); /* poisson.test(c(41, 508), c(365, 3653))$p.value */
    xd_compare_free(&c);
}

Test(compare, one_year_baseline)
{
    xd_compare c = run(&bundled, (xd_compare_options){.from = 2019, .to = 2019, .count = -1});
    cr_expect_eq(c.base.days, 365);
    expect_rel(c.base.ci.lo, 44.041831680249764); /* poisson.test(58, 1)$conf.int[1] */
    expect_rel(c.base.ci.hi, 74.978449744694558); /* poisson.test(58, 1)$conf.int[2] */
    expect_rel(c.share_of_year, 29.0 / 58.0);     /* 29/58 */
    xd_compare_free(&c);
}

Test(compare, event_larger_than_the_whole_baseline)
{
    xd_compare c = run(&bundled, (xd_compare_options){.from = 2017, .to = 2019, .count = 400, .date = "2019-07-01"});
    expect_rel(c.share_of_year, 6.5217391304347823);     /* 400/(184/3) */
    expect_rel(c.log10_p_one_day, -1178.7177279556397);  /* ppois(399, 184/1095, lower.tail=FALSE, log.p=TRUE)/log(10) */
    cr_expect_eq(c.p_one_day, 0.0);                      /* below the smallest double: the log carries it */
    cr_expect_eq(c.year_kind, XD_YEAR_WITH_TREATY);      /* 2019 has 58; 400 + 58 against 184 in 3 years */
    expect_rel(c.without_transfers.ratio, 0.94565217391304346); /* poisson.test(c(58, 184), c(365, 1095))$estimate */
    expect_rel(c.without_transfers.p_value, 0.76665090713141959); /* poisson.test(c(58, 184), c(365, 1095))$p.value */
    xd_compare_free(&c);
}

Test(compare, baseline_with_gap_and_no_aggregate_is_an_error)
{
    xd_compare c;
    xd_compare_options o = {.from = 2010, .to = 2014, .count = -1, .level = 0.95};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_compare_prepare(&bundled, &o, &c, &d), XD_EDATA);
    cr_assert_gt(d.n, 0);
    const char *msg = d.items[d.n - 1].text;
    cr_expect(strstr(msg, "2010, 2011, 2013, 2014") != NULL, "message names the missing years: %s", msg);
    cr_expect(strstr(msg, "2012-2018 total 394") != NULL, "message names the aggregates considered: %s", msg);
    xd_diags_free(&d);
}

Test(compare, unknown_event_date_lists_the_transfers)
{
    xd_compare c;
    xd_compare_options o = {.event_date = "2025-03-01", .count = -1, .level = 0.95};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_compare_prepare(&bundled, &o, &c, &d), XD_EUSAGE);
    cr_expect(strstr(d.items[d.n - 1].text, "2025-02-27, 2025-08-12, 2026-01-20") != NULL);
    xd_diags_free(&d);
}

Test(compare, sentences_state_what_is_compared)
{
    xd_compare c = run(&bundled, (xd_compare_options){.count = -1});
    char *s[16];
    size_t n = xd_compare_sentences(&bundled, &c, XD_LANG_EN, s, 16);
    cr_assert_geq(n, 5);
    cr_expect(strstr(s[0], "On 27 February 2025 Mexico handed 29 people over to the United States") != NULL, "%s", s[0]);
    cr_expect(strstr(s[0], "outside the extradition treaty") != NULL);
    cr_expect(strstr(s[0], "45% of the 65 treaty extraditions") != NULL, "%s", s[0]);
    cr_expect(strstr(s[0], "about 163 days' worth") != NULL, "%s", s[0]);
    int other_kind = 0, tested = 0;
    for (size_t i = 0; i < n; i++) {
        other_kind |= strstr(s[i], "different kind of event") != NULL;
        tested |= strstr(s[i], "p = ") != NULL;
        cr_expect(strstr(s[i], "typical") == NULL, "the average day is not a typical day: %s", s[i]);
    }
    cr_expect(other_kind, "P = 1.7e-53 is far below 1e-6");
    cr_expect(!tested, "2025 has transfers only: no p-value may be printed");
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    n = xd_compare_sentences(&bundled, &c, XD_LANG_ES, s, 16);
    cr_expect(strstr(s[0], "El 27 de febrero de 2025, México entregó a 29 personas") != NULL, "%s", s[0]);
    cr_expect(strstr(s[0], "5,4 meses") != NULL, "decimal comma: %s", s[0]);
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    n = xd_compare_sentences(&bundled, &c, XD_LANG_ES_MX, s, 16);
    cr_expect(strstr(s[0], "5.4 meses") != NULL, "decimal point in es-MX: %s", s[0]);
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    xd_compare_free(&c);
}

/* A one-person day at the baseline pace is not "a different kind of event". */
Test(compare, unusual_sentence_follows_the_probability)
{
    xd_compare c = run(&bundled, (xd_compare_options){.count = 1, .date = "2024-05-03"});
    expect_rel(c.p_one_day, 0.16304474268454475); /* ppois(0, 325/1826, lower.tail=FALSE) */
    char *s[16];
    size_t n = xd_compare_sentences(&bundled, &c, XD_LANG_EN, s, 16);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        cr_expect(strstr(s[i], "different kind") == NULL, "%s", s[i]);
        cr_expect(strstr(s[i], "1 people") == NULL, "plural: %s", s[i]);
        found |= strstr(s[i], "about once every 6.1 days") != NULL;
        free(s[i]);
    }
    cr_expect(found, "the sentence says how often such a day comes");
    n = xd_compare_sentences(&bundled, &c, XD_LANG_ES, s, 16);
    cr_expect(strstr(s[0], "Una sola entrega de una persona equivale") != NULL, "%s", s[0]);
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    xd_compare_free(&c);
    /* 5 in a day: p = 1.3e-6, just above the threshold */
    c = run(&bundled, (xd_compare_options){.count = 5, .date = "2024-05-03"});
    expect_rel(c.p_one_day, 1.283673981554904e-06); /* ppois(4, 325/1826, lower.tail=FALSE) */
    n = xd_compare_sentences(&bundled, &c, XD_LANG_EN, s, 16);
    found = 0;
    for (size_t i = 0; i < n; i++) {
        found |= strstr(s[i], "different kind") != NULL;
        free(s[i]);
    }
    cr_expect(!found, "1.3e-6 is not below 1e-6");
    xd_compare_free(&c);
}

/* An event year with a treaty figure is tested over its calendar days, and the
 * sentence uses singular nouns for one. */
Test(compare, event_year_test_uses_calendar_days)
{
    xd_compare c = run(&bundled, (xd_compare_options){.count = 1, .date = "2019-05-03"});
    cr_expect_eq(c.year_kind, XD_YEAR_WITH_TREATY);
    cr_expect_eq(c.year_days, 365);
    expect_rel(c.with_transfers.ratio, 0.90818967334035827); /* poisson.test(c(59, 325), c(365, 1826))$estimate */
    expect_rel(c.with_transfers.p_value, 0.53784440677534806); /* poisson.test(c(59, 325), c(365, 1826))$p.value */
    char *s[16];
    size_t n = xd_compare_sentences(&bundled, &c, XD_LANG_EN, s, 16);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        found |= strstr(s[i], "In 2019 (365 days), 58 treaty extraditions plus 1 person transferred make 59") != NULL;
        free(s[i]);
    }
    cr_expect(found);
    xd_compare_free(&c);
}

/* A --count on the day of a known transfer stands for it: the year's transfers are
 * not counted twice. */
Test(compare, given_count_on_a_transfer_day_is_not_counted_twice)
{
    xd_compare c = run(&bundled, (xd_compare_options){.count = 29, .date = "2025-02-27"});
    cr_expect_eq(c.year_transfers, 55);     /* 29 + 26, not 29 + 29 + 26 */
    cr_expect_eq(c.year_n_transfers, 2);
    xd_compare_free(&c);
    c = run(&bundled, (xd_compare_options){.count = 10, .date = "2025-02-27"});
    cr_expect_eq(c.year_transfers, 36);     /* the given 10 + 26 */
    xd_compare_free(&c);
}

Test(trend, bundled_whole_series_skips_gaps)
{
    load_bundled();
    xd_series s;
    cr_assert_eq(xd_series_build(&bundled, NULL, 0, 0, 0, &s, &diags), XD_OK);
    xd_trend t;
    cr_assert_eq(xd_trend_compute(&s, 0.95, &t, &diags), XD_OK);
    /* yr <- c(2000:2009, 2012, 2017:2021); y <- c(12,17,25,31,34,41,63,83,95,107,115,57,69,58,60,43) */
    cr_expect_eq(t.n, 16);
    cr_expect_eq(t.n_gaps, 6);
    expect_rel(t.ols.slope, 1.6675000000000058);           /* coef(lm(y ~ yr))[2] */
    expect_rel(t.ols.slope_ci.lo, -0.57605725012545506);   /* confint(lm(y ~ yr))[2,1] */
    expect_rel(t.ols.slope_ci.hi, 3.9110572501254666);     /* confint(lm(y ~ yr))[2,2] */
    expect_rel(t.ols.r2, 0.15362454462266517);             /* summary(lm(y ~ yr))$r.squared */
    expect_rel(t.ols.p_value, 0.13323595565810512);        /* summary(lm(y ~ yr))$coefficients[2,4] */
    /* g as glm(y ~ I(yr - mean(yr)), family=poisson) at full convergence: control = glm.control(epsilon = 1e-14,
     * maxit = 200), refitted with start = its coefficients so that vcov is taken at the converged means */
    expect_rel(t.poisson.rate_ratio, 1.0289445304552245);  /* exp(coef(g)[2]) */
    expect_rel(t.poisson.deviance, 224.55551634308401);    /* deviance(g) */
    expect_rel(t.poisson.dispersion, 16.816200948080439);  /* sum(residuals(g, type="pearson")^2)/g$df.residual */
    expect_rel(t.poisson.rate_ratio_ci.lo, 1.0197349211625137); /* exp(coef(g)[2] - qnorm(0.975)*sqrt(vcov(g)[2,2])) */
    expect_rel(t.poisson.rate_ratio_ci.hi, 1.0382373151904587); /* exp(coef(g)[2] + qnorm(0.975)*sqrt(vcov(g)[2,2])) */
    cr_expect(t.poisson.overdispersed);
    xd_trend_free(&t);
    xd_series_free(&s);
    free_bundled();
}

static char *make_dataset(const char *annual)
{
    char *dir = xd_tempdir();
    char path[512];
    snprintf(path, sizeof path, "%s/sources.csv", dir);
    xd_write_file(path, "id,name,url\nsrc,Test source,https://example.org/a\n");
    snprintf(path, sizeof path, "%s/annual.csv", dir);
    xd_write_file(path, annual);
    return dir;
}

Test(trend, zero_count_year)
{
    char *dir = make_dataset("year,count,source\n2001,3,src\n2002,0,src\n2003,4,src\n2004,6,src\n2005,9,src\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(dir, &ds, &d), XD_OK);
    xd_series s;
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    xd_trend t;
    cr_assert_eq(xd_trend_compute(&s, 0.95, &t, &d), XD_OK);
    /* g <- glm(c(3,0,4,6,9) ~ I(2001:2005 - 2003), family=poisson,
     *     control = glm.control(epsilon = 1e-14, maxit = 200)); X <- model.matrix(g) */
    expect_rel(t.poisson.rate_ratio, 1.5570512746869618); /* exp(coef(g)[2]) */
    expect_rel(t.poisson.deviance, 5.8886152901102742);   /* deviance(g) */
    expect_rel(t.poisson.se_b1, 0.16989043951848604);     /* sqrt(solve(crossprod(X, fitted(g) * X))[2, 2]) */
    xd_trend_free(&t);
    /* the zero year is a real zero, kept in the baseline */
    xd_compare c;
    xd_compare_options o = {.from = 2001, .to = 2005, .count = 5, .level = 0.95};
    cr_assert_eq(xd_compare_prepare(&ds, &o, &c, &d), XD_OK);
    expect_rel(c.base.total, 22.0);
    expect_rel(c.base.ci.lo, 2.7574565744459223); /* poisson.test(22, 5)$conf.int[1] */
    expect_rel(c.base.ci.hi, 6.6616528774250483); /* poisson.test(22, 5)$conf.int[2] */
    xd_compare_free(&c);
    xd_series_free(&s);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

Test(trend, fewer_than_three_years_is_an_error)
{
    char *dir = make_dataset("year,count,source\n2001,3,src\n2004,6,src\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(dir, &ds, &d), XD_OK);
    xd_series s;
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    xd_trend t;
    cr_expect_eq(xd_trend_compute(&s, 0.95, &t, &d), XD_EDATA);
    cr_expect(strstr(d.items[d.n - 1].text, "at least 3 years") != NULL);
    xd_trend_free(&t);
    xd_series_free(&s);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

Test(baseline, default_without_meta_is_latest_supported_five_years)
{
    /* no meta.csv: 2003-2007 is the latest run of five years with every figure */
    char *dir = make_dataset("year,count,source\n2001,3,src\n2002,1,src\n2003,4,src\n2004,6,src\n2005,9,src\n"
                             "2006,2,src\n2007,5,src\n2009,8,src\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(dir, &ds, &d), XD_OK);
    int from = 0, to = 0;
    cr_expect_eq(xd_baseline_default(&ds, NULL, &from, &to, &d), XD_OK);
    cr_expect_eq(from, 2003);
    cr_expect_eq(to, 2007);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

/* The command line prints the same figures in every format. */
static void expect_cli_has(const char *format, const char *const *needles)
{
    const char *args[] = {"compare", "--format", format, NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_expect_eq(r.status, 0, "compare --format %s: %s", format, r.err);
    for (size_t i = 0; needles[i]; i++)
        cr_expect(strstr(r.out, needles[i]) != NULL, "compare --format %s lacks '%s':\n%s", format, needles[i], r.out);
    xd_run_free(&r);
}

Test(cli, compare_default_prints_29_against_65_in_all_formats)
{
    expect_cli_has("text", (const char *const[]){"44.6%", "162.9", "58.12 to 72.47", "1.737e-53", "-52.76",
                                                 "reported", "2019-2023", NULL});
    expect_cli_has("md", (const char *const[]){"| share of an average year | 44.6% |", "162.9", NULL});
    expect_cli_has("csv", (const char *const[]){"share_of_year,0.44615384615384", "days_equivalent,162.935384615384",
                                                "log10_p_one_day,-52.7601577659", "baseline_source,reported", NULL});
    expect_cli_has("json", (const char *const[]){"\"share_of_year\": 0.44615384615384", "\"p_one_day\": 1.737169653314",
                                                 "\"source\": \"reported\"", "\"daily_rate\": 0.17798466593647",
                                                 "\"date\": \"2025-02-27\"", NULL});
}

Test(cli, trend_json_and_usage_errors)
{
    const char *args[] = {"trend", "--from", "2000", "--to", "2009", "--format", "json", NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"mann_kendall\"") != NULL);
    cr_expect(strstr(r.out, "\"overdispersed\": false") != NULL);
    xd_run_free(&r);
    const char *bad[] = {"compare", "--baseline", "2023-2019", NULL};
    r = xd_run_cli(bad, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--baseline") != NULL);
    xd_run_free(&r);
    const char *gap[] = {"compare", "--baseline", "2010-2014", NULL};
    r = xd_run_cli(gap, NULL);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "no yearly figure for 2010, 2011, 2013, 2014") != NULL, "%s", r.err);
    xd_run_free(&r);
}
