/* monthly.csv: loading and checks, the monthly series, summary and trend --by month,
 * the monthly annual chart and the month-by-month pace chart, and datasets without
 * monthly.csv left as they were. The fixture is tests/fixtures/monthly (made-up
 * figures). Expected statistics were printed by R 4.2 with format(x, digits = 17);
 * the R expression is beside each, with
 *   x <- c(0:5, 7:21)                  # months since January 2024; July 2024 is a gap
 *   y <- c(5,7,4,6,8,3, 9,6,5,7,4, 6,4,9,7,5,8,10,6,7,9)
 * and mk_ref the base-R transcription of trend::mk.test / trend::sens.slope given in
 * tests/test_stats.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "dataset.h"
#include "helpers.h"
#include "summary.h"
#include "trend.h"

#define FIXTURE XD_SOURCE_DIR "/tests/fixtures/monthly"
#define REL 1e-9

static void near_rel(double got, double want, const char *what)
{
    int ok = want == 0.0 ? fabs(got) <= REL : fabs(got - want) <= REL * fabs(want);
    cr_expect(ok, "%s: got %.17g, want %.17g", what, got, want);
}
#define NEAR(got, want) near_rel((got), (want), #got)

static void load(const char *dir, xd_dataset *ds)
{
    xd_diags d;
    xd_diags_init(&d);
    int rc = xd_dataset_load(dir, ds, &d);
    cr_assert_eq(rc, XD_OK, "loading %s: %s", dir, d.n ? d.items[0].text : "");
    xd_diags_free(&d);
}

/* The number printed right after `key` in out (NaN when key is missing). */
static double num_after(const char *out, const char *key)
{
    const char *p = strstr(out, key);
    return p ? strtod(p + strlen(key), NULL) : NAN;
}

static xd_run run(const char *const *args)
{
    return xd_run_cli(args, NULL);
}

/* ---- loading ------------------------------------------------------------------------ */

/* A row of text output: the label, then only spaces, then the value. */
static int row_is(const char *out, const char *label, const char *value)
{
    for (const char *p = strstr(out, label); p; p = strstr(p + 1, label)) {
        const char *v = p + strlen(label);
        while (*v == ' ')
            v++;
        if (strncmp(v, value, strlen(value)) == 0)
            return 1;
    }
    return 0;
}

Test(monthly, loads_rows_with_their_month)
{
    xd_dataset ds;
    load(FIXTURE, &ds);
    cr_expect(ds.has_monthly);
    cr_expect_eq(ds.n_monthly, 23);
    cr_expect_eq(ds.n_annual, 6);
    cr_expect_eq(ds.monthly[0].year, 2024);
    cr_expect_eq(ds.monthly[0].month, 1);
    cr_expect_eq(ds.monthly[6].month, 8); /* July 2024 has no row */
    cr_expect_str_eq(ds.monthly[0].measure, "all");
    for (size_t i = 0; i < ds.n_annual; i++)
        cr_expect_eq(ds.annual[i].month, 0);
    xd_dataset_free(&ds);
}

Test(monthly, series_has_gaps_conflicts_and_corroboration)
{
    xd_dataset ds;
    xd_series s;
    xd_diags d;
    xd_diags_init(&d);
    load(FIXTURE, &ds);
    cr_assert_eq(xd_series_build_monthly(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    cr_expect(s.by_month);
    cr_expect_eq(s.from, xd_period_of(2024, 1));
    cr_expect_eq(s.to, xd_period_of(2025, 10));
    cr_expect_eq(s.n, 22);
    const xd_year *jul = xd_series_year(&s, xd_period_of(2024, 7));
    cr_assert(jul);
    cr_expect(!jul->has_value);
    cr_expect_eq(jul->year, 2024);
    cr_expect_eq(jul->month, 7);
    const xd_year *mar = xd_series_year(&s, xd_period_of(2025, 3));
    cr_expect(mar->conflict && !mar->unresolved);
    cr_expect_eq(mar->count, 9);
    const xd_year *may = xd_series_year(&s, xd_period_of(2025, 5));
    cr_expect(!may->conflict);
    cr_expect_eq(may->n_agree, 2);
    char buf[16];
    cr_expect_str_eq(xd_period_text(buf, sizeof buf, 1, s.from), "2024-01");
    cr_expect_str_eq(xd_period_text(buf, sizeof buf, 0, 2024), "2024");
    xd_series_free(&s);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(monthly, check_lists_the_months)
{
    const char *args[] = {"check", "--dataset", FIXTURE, NULL};
    xd_run r = run(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "6 yearly rows, 23 monthly rows,"), "%s", r.out);
    cr_expect(strstr(r.out, "monthly.csv: Extraditions: 21 months with figures from 2024-01 to 2025-10, 1 "
                            "without"),
              "%s", r.out);
    cr_expect(strstr(r.out, "  2024-07  no sourced figure\n"));
    cr_expect(strstr(r.out, "  2025-03    conflict: 9 preferred; 9 (fx-bulletin, line 15, preferred) 8 (fx-press, "
                            "line 16, alternative)\n"),
              "%s", r.out);
    cr_expect(strstr(r.out, "  2025-05  5  corroborated (2 sources: fx-bulletin fx-press)\n"));
    xd_run_free(&r);
}

/* ---- summary ------------------------------------------------------------------------ */

Test(monthly, summary_matches_r)
{
    xd_dataset ds;
    xd_series s;
    xd_summary sm;
    xd_diags d;
    xd_diags_init(&d);
    load(FIXTURE, &ds);
    cr_assert_eq(xd_series_build_monthly(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    cr_assert_eq(xd_summary_compute(&s, 0.95, &sm, &d), XD_OK);
    cr_expect(sm.by_month);
    cr_expect_eq(sm.n, 21);                              /* length(y) */
    NEAR(sm.desc.total, 135);                            /* sum(y) */
    NEAR(sm.desc.mean, 6.4285714285714288);              /* mean(y) */
    NEAR(sm.desc.sd, 1.9383350734955134);                /* sd(y) */
    NEAR(sm.desc.q1, 5);                                 /* quantile(y, c(.25, .5, .75)) = 5 6 8 */
    NEAR(sm.desc.median, 6);
    NEAR(sm.desc.q3, 8);
    NEAR(sm.desc.min, 3);                                /* min(y), June 2024 */
    NEAR(sm.desc.max, 10);                               /* max(y), July 2025 */
    cr_expect_eq(sm.min_year, xd_period_of(2024, 6));
    cr_expect_eq(sm.max_year, xd_period_of(2025, 7));
    NEAR(sm.desc.cv, 0.3015187892104132);                /* sd(y) / mean(y) */
    NEAR(sm.ci_t.lo, 5.5462518814408499);                /* t.test(y)$conf.int */
    NEAR(sm.ci_t.hi, 7.3108909757020086);
    NEAR(sm.ci_poisson.lo, 5.3899381732124949);          /* poisson.test(135, 21)$conf.int */
    NEAR(sm.ci_poisson.hi, 7.6089923087901479);
    cr_expect_eq(sm.n_gaps, 1);
    cr_expect_eq(sm.gaps[0], xd_period_of(2024, 7));
    xd_summary_free(&sm);
    xd_series_free(&s);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(monthly, summary_cli_formats)
{
    const char *json[] = {"summary", "--by", "month", "--format", "json", "--dataset", FIXTURE, NULL};
    xd_run r = run(json);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"by\": \"month\""), "%s", r.out);
    cr_expect(strstr(r.out, "\"from\": \"2024-01\""));
    cr_expect(strstr(r.out, "\"to\": \"2025-10\""));
    NEAR(num_after(r.out, "\"mean\": "), 6.4285714285714288); /* mean(y) */
    cr_expect(strstr(r.out, "\"month\": \"2024-06\""));                   /* the minimum */
    cr_expect(strstr(r.out, "\"gaps\": [\n    \"2024-07\"\n  ]"), "%s", r.out);
    cr_expect(strstr(r.out, "\"months\": ["));
    xd_run_free(&r);

    const char *csv[] = {"summary", "--by", "month", "--format", "csv", "--dataset", FIXTURE, NULL};
    r = run(csv);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "by,month\nfrom,2024-01\nto,2025-10\n"), "%s", r.out);
    cr_expect(strstr(r.out, "min_month,2024-06\n"));
    cr_expect(strstr(r.out, "max_month,2025-07\n"));
    cr_expect(strstr(r.out, "gaps,2024-07\n"));
    cr_expect(strstr(r.out, "sd,1.9383350734955134\n"), "%s", r.out); /* sd(y) */
    xd_run_free(&r);

    const char *md[] = {"summary", "--by", "month", "--format", "md", "--dataset", FIXTURE, NULL};
    r = run(md);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "months without a sourced figure"), "%s", r.out);
    cr_expect(strstr(r.out, "2024-07"));
    xd_run_free(&r);

    const char *text[] = {"summary", "--by", "month", "--dataset", FIXTURE, NULL};
    r = run(text);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "monthly, 2024-01 to 2025-10"), "%s", r.out);
    cr_expect(strstr(r.out, "months with a figure                      21 of 22"), "%s", r.out);
    cr_expect(strstr(r.out, "mean per month"));
    cr_expect(strstr(r.out, "2025-03: 9 [fx-bulletin] (conflict resolved"), "%s", r.out);
    cr_expect(strstr(r.out, "2025-05: 5 [fx-bulletin, fx-press]"));
    cr_expect(!strstr(r.out, "2024-07:"), "a gap is never listed as a figure");
    xd_run_free(&r);
}

Test(monthly, summary_period_in_months_or_years)
{
    /* a plain year means January to December: 2025 has figures through October */
    const char *years[] = {"summary", "--by", "month", "--from", "2025", "--to", "2025", "--format", "csv",
                           "--dataset", FIXTURE, NULL};
    xd_run r = run(years);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "from,2025-01\nto,2025-12\nn,10\n"), "%s", r.out);
    cr_expect(strstr(r.out, "total,71\n"));                           /* sum(y[x >= 12]) */
    NEAR(num_after(r.out, "\nmean,"), 7.0999999999999996);           /* mean(y[x >= 12]) */
    NEAR(num_after(r.out, "\nsd,"), 1.9119507199599981);             /* sd(y[x >= 12]) */
    NEAR(num_after(r.out, "\nq3,"), 8.75);                           /* quantile(y[x >= 12], .75) */
    NEAR(num_after(r.out, "\nci_t,"), 5.7322728486010304);           /* t.test(y[x >= 12])$conf.int */
    NEAR(num_after(r.out, "\nci_poisson,"), 5.5451589054499042);     /* poisson.test(71, 10)$conf.int */
    const char *semi = strstr(r.out, "\nci_poisson,");
    cr_assert(semi && strchr(semi, ';'));
    NEAR(strtod(strchr(semi, ';') + 1, NULL), 8.9556839107100608);
    cr_expect(strstr(r.out, "gaps,2025-11;2025-12\n"), "%s", r.out);
    xd_run_free(&r);

    const char *months[] = {"summary", "--by", "month", "--from", "2024-06", "--to", "2024-08", "--format", "csv",
                            "--dataset", FIXTURE, NULL};
    r = run(months);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "n,2\ntotal,12\n"), "%s", r.out);
    cr_expect(strstr(r.out, "gaps,2024-07\n"));
    xd_run_free(&r);

    const char *bad[] = {"summary", "--by", "month", "--from", "2025-13", "--dataset", FIXTURE, NULL};
    r = run(bad);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--from: expected a month YYYY-MM or a year from 1900 to 2100, found '2025-13'"), "%s",
              r.err);
    xd_run_free(&r);

    const char *month_without_by[] = {"summary", "--from", "2025-01", "--dataset", FIXTURE, NULL};
    r = run(month_without_by);
    cr_expect_eq(r.status, 2, "a month needs --by month");
    xd_run_free(&r);

    const char *bad_by[] = {"trend", "--by", "week", "--dataset", FIXTURE, NULL};
    r = run(bad_by);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--by: expected year or month, found 'week'"), "%s", r.err);
    xd_run_free(&r);

    const char *reversed[] = {"trend", "--by", "month", "--from", "2025-05", "--to", "2025-02", "--dataset",
                              FIXTURE, NULL};
    r = run(reversed);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--from 2025-05 is after --to 2025-02"), "%s", r.err);
    xd_run_free(&r);
}

Test(monthly, by_month_without_monthly_csv_is_an_error)
{
    const char *args[] = {"summary", "--by", "month", "--dataset", XD_DATASET, NULL};
    xd_run r = run(args);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "/monthly.csv: no monthly figures: the dataset has no monthly.csv"), "%s", r.err);
    xd_run_free(&r);
}

/* ---- trend -------------------------------------------------------------------------- */

Test(monthly, trend_matches_r)
{
    xd_dataset ds;
    xd_series s;
    xd_trend t;
    xd_diags d;
    xd_diags_init(&d);
    load(FIXTURE, &ds);
    cr_assert_eq(xd_series_build_monthly(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    cr_assert_eq(xd_trend_compute(&s, 0.95, &t, &d), XD_OK);
    cr_expect(t.by_month);
    cr_expect_eq(t.n, 21);
    NEAR(t.years[0], 0); /* months since January 2024 */
    NEAR(t.years[6], 7);
    NEAR(t.years[20], 21);
    /* m <- lm(y ~ x) */
    NEAR(t.ols.slope, 0.112892561983471);              /* coef(m)[2] */
    NEAR(t.ols.intercept, 5.2190082644628131);         /* coef(m)[1] */
    NEAR(t.ols.slope_ci.lo, -0.017902640928622426);    /* confint(m)[2, ] */
    NEAR(t.ols.slope_ci.hi, 0.243687764895564429);
    NEAR(t.ols.se_slope, 0.062491017547845994);        /* summary(m)$coefficients[2, 2] */
    NEAR(t.ols.r2, 0.1465886308644691);                /* summary(m)$r.squared */
    NEAR(t.ols.p_value, 0.086699303636894681);         /* summary(m)$coefficients[2, 4] */
    /* g <- glm(y ~ x, family = poisson, control = glm.control(epsilon = 1e-14, maxit = 200));
     * b <- coef(g)[2]; X <- model.matrix(g); se <- sqrt(solve(crossprod(X, fitted(g) * X))[2, 2])
     * (the covariance at the estimate) */
    NEAR(t.poisson.b1, 0.017690332563954737);          /* b */
    NEAR(t.poisson.se_b1, 0.013532019714414588);       /* se */
    NEAR(t.poisson.z, 1.3072943239293859);             /* b / se */
    NEAR(t.poisson.p_value, 0.19111277120918316);      /* 2 * pnorm(-abs(b / se)) */
    NEAR(t.poisson.rate_ratio, 1.0178477332842002);    /* exp(b) */
    NEAR(t.poisson.rate_ratio_ci.lo, 0.99120694828958922); /* exp(b + c(-1, 1) * qnorm(.975) * se) */
    NEAR(t.poisson.rate_ratio_ci.hi, 1.0452045457707024);
    NEAR(t.poisson.deviance, 10.241020184606665);      /* deviance(g) */
    NEAR(t.poisson.null_deviance, 11.962125018693003); /* g$null.deviance */
    NEAR(t.poisson.pearson_chi2, 10.047200958693381);  /* sum(residuals(g, type = "pearson")^2) */
    cr_expect_eq(t.poisson.df, 19);                    /* g$df.residual */
    NEAR(t.poisson.dispersion, 0.52880005045754641);   /* pearson / 19 */
    cr_expect(!t.poisson.overdispersed);
    /* mk <- mk_ref(x, y) */
    cr_expect_eq(t.mk.s, 54);                          /* mk[[1]] */
    NEAR(t.mk.var_s, 1067.3333333333333);              /* mk[[2]] */
    NEAR(t.mk.tau, 0.27177229875544839);               /* mk[[3]]; cor.test(x, y, method = "kendall") */
    NEAR(t.mk.z, 1.6222800712597365);                  /* mk[[4]] */
    NEAR(t.mk.p_value, 0.10474339377594394);           /* mk[[5]] */
    NEAR(t.mk.sen_slope, 0.125);                       /* mk[[6]] */
    NEAR(t.mk.sen_ci.lo, 0);                           /* mk[[7]] */
    NEAR(t.mk.sen_ci.hi, 0.27272727272727271);         /* mk[[8]] */
    cr_expect_eq(t.n_gaps, 1);
    cr_expect_eq(t.gaps[0], xd_period_of(2024, 7));
    xd_trend_free(&t);
    xd_series_free(&s);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(monthly, trend_cli_reports_per_year)
{
    const char *json[] = {"trend", "--by", "month", "--format", "json", "--dataset", FIXTURE, NULL};
    xd_run r = run(json);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"month\": \"2024-08\",\n      \"x\": 7,"), "%s", r.out);
    /* 12 * coef(m)[2] = 1.3547107438016520; 12 * 0.125 = 1.5; exp(12 * b) = 1.236498989517927 */
    const char *p = strstr(r.out, "\"slope_per_year\": ");
    cr_assert(p, "%s", r.out);
    NEAR(strtod(p + 18, NULL), 12 * 0.112892561983471);
    p = strstr(r.out, "\"rate_ratio_per_year\": ");
    cr_assert(p);
    NEAR(strtod(p + 23, NULL), 1.236498989517927);
    p = strstr(r.out, "\"rate_ratio_per_year_ci\": [\n");
    cr_assert(p);
    char *end;
    double lo = strtod(p + 28, &end), hi = strtod(strchr(end, ',') + 1, NULL);
    NEAR(lo, 0.8994397004577720); /* exp(12 * (b + c(-1, 1) * qnorm(.975) * se)) */
    NEAR(hi, 1.6998690966172629);
    cr_expect(strstr(r.out, "\"sen_slope_per_year\": 1.5,"), "%s", r.out);
    cr_expect(strstr(r.out, "\"gaps\": [\n    \"2024-07\"\n  ]"));
    xd_run_free(&r);

    const char *text[] = {"trend", "--by", "month", "--dataset", FIXTURE, NULL};
    r = run(text);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "monthly trend 2024-01 to 2025-10"), "%s", r.out);
    cr_expect(row_is(r.out, "slope per year (12 months)", "1.355"), "%s", r.out);
    cr_expect(row_is(r.out, "percent change per year", "23.6"), "%s", r.out);
    cr_expect(row_is(r.out, "months skipped (no sourced figure)", "2024-07"), "%s", r.out);
    xd_run_free(&r);

    const char *csv[] = {"trend", "--by", "month", "--format", "csv", "--dataset", FIXTURE, NULL};
    r = run(csv);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "sen_slope_per_year,1.5\n"), "%s", r.out);
    cr_expect(strstr(r.out, "ols_slope_per_year_ci,"));
    xd_run_free(&r);
}

/* ---- charts ------------------------------------------------------------------------- */

static char *pdf_text(const char *pdf)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    FILE *f = popen(cmd, "r");
    cr_assert(f, "cannot run pdftotext");
    size_t cap = 1 << 16, len = 0, got;
    char *t = malloc(cap);
    while ((got = fread(t + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap)
            t = realloc(t, cap *= 2);
    }
    t[len] = '\0';
    cr_assert_eq(pclose(f), 0, "pdftotext failed on %s", pdf);
    /* words joined by single spaces, so that wrapped lines still match */
    char *o = t;
    int space = 0;
    for (char *p = t; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\r') {
            space = 1;
            continue;
        }
        if (space && o != t)
            *o++ = ' ';
        space = 0;
        *o++ = *p;
    }
    *o = '\0';
    return t;
}

Test(monthly, charts_render_month_by_month, .timeout = 120)
{
    char *dir = xd_tempdir();
    cr_assert(dir);
    char annual[512], pace[512];
    snprintf(annual, sizeof annual, "%s/annual.pdf", dir);
    snprintf(pace, sizeof pace, "%s/pace.pdf", dir);
    const char *a[] = {"chart", "annual", "--by", "month", "-o", annual, "--dataset", FIXTURE, NULL};
    xd_run r = run(a);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char *t = pdf_text(annual);
    cr_expect(strstr(t, "by month, Jan 2024 to Oct 2025"), "%s", t);
    cr_expect(strstr(t, "People per month"), "%s", t);
    cr_expect(strstr(t, "5.4 a month"), "%s", t); /* 325 / 5 / 12 */
    cr_expect(strstr(t, "No data: no sourced figure"), "%s", t);
    cr_expect(strstr(t, "27 Feb 2025: 29"), "%s", t);
    cr_expect(strstr(t, "12 Aug 2025: 26"), "%s", t);
    cr_expect(strstr(t, "Another source's figure, not used (Mar 2025: 8)"), "%s", t);
    free(t);

    const char *p[] = {"chart", "pace", "-o", pace, "--dataset", FIXTURE, "--lang", "es", NULL};
    r = run(p);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    t = pdf_text(pace);
    cr_expect(strstr(t, "mes a mes (cifras mensuales, de enero a octubre: 71 personas)"), "%s", t);
    cr_expect(strstr(t, "Total al cierre de cada mes"), "%s", t);
    /* the treaty line through the month ends: 6 by 31 January, 10 by 28 February, so
     * 6 + 4 * 26.5 / 28 = 9.8 on 27 February before the 29 */
    cr_expect(strstr(t, "27 feb: +29 = 39"), "%s", t);
    cr_expect(strstr(t, "12 ago: +26 = 106"), "%s", t); /* 78 + 2 * 11.5 / 31 + 29 + 26 */
    free(t);

    /* --by month needs monthly figures */
    const char *none[] = {"chart", "annual", "--by", "month", "-o", annual, "--dataset", XD_DATASET, NULL};
    r = run(none);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "the dataset has no monthly.csv"), "%s", r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* The fixture without monthly.csv: the yearly commands print the same, and the pace
 * chart spreads nothing by month. */
Test(monthly, dataset_without_monthly_is_unaffected, .timeout = 120)
{
    char *dir = xd_tempdir();
    cr_assert(dir);
    static const char *const files[] = {"annual.csv", "sources.csv", "transfers.csv", "meta.csv"};
    char copy[512], from[600], to[600];
    snprintf(copy, sizeof copy, "%s/nomonthly", dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", copy);
    cr_assert_eq(system(cmd), 0);
    for (size_t i = 0; i < 4; i++) {
        snprintf(from, sizeof from, "%s/%s", FIXTURE, files[i]);
        snprintf(to, sizeof to, "%s/%s", copy, files[i]);
        size_t len;
        char *text = xd_slurp(from, &len);
        cr_assert(text);
        xd_write_file(to, text);
        free(text);
    }
    xd_dataset ds;
    load(copy, &ds);
    cr_expect(!ds.has_monthly);
    cr_expect_eq(ds.n_monthly, 0);
    xd_dataset_free(&ds);

    static const char *const cmds[][4] = {{"summary", "--format", "json", NULL}, {"trend", "--format", "csv", NULL},
                                          {"compare", "--format", "json", NULL}};
    for (size_t i = 0; i < 3; i++) {
        const char *with[] = {cmds[i][0], cmds[i][1], cmds[i][2], "--dataset", FIXTURE, NULL};
        const char *without[] = {cmds[i][0], cmds[i][1], cmds[i][2], "--dataset", copy, NULL};
        xd_run r1 = run(with), r2 = run(without);
        cr_expect_eq(r1.status, 0, "%s", r1.err);
        cr_expect_eq(r2.status, 0, "%s", r2.err);
        /* the dataset's folder is named in some outputs */
        cr_expect_str_eq(r1.out, r2.out, "extrad %s differs with monthly.csv", cmds[i][0]);
        xd_run_free(&r1);
        xd_run_free(&r2);
    }

    char keep[512], pdf[512];
    snprintf(keep, sizeof keep, "%s/keep", dir);
    snprintf(pdf, sizeof pdf, "%s/pace.pdf", dir);
    const char *p[] = {"chart", "pace", "-o", pdf, "--keep", keep, "--dataset", copy, NULL};
    xd_run r = run(p);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char path[600];
    snprintf(path, sizeof path, "%s/pace/months.tsv", keep);
    size_t len;
    char *months = xd_slurp(path, &len);
    cr_assert(months);
    cr_expect(strstr(months, "\n-1000\t0\n"), "no month ends without monthly.csv: %s", months);
    free(months);
    snprintf(path, sizeof path, "%s/pace/strings.gp", keep);
    char *strings = xd_slurp(path, &len);
    cr_assert(strings);
    cr_expect(strstr(strings, "key_month = ''"), "%s", strings);
    free(strings);
    char *t = pdf_text(pdf);
    cr_expect(strstr(t, "No sourced count of treaty extraditions exists for 2025"), "%s", t);
    cr_expect(!strstr(t, "month by month"), "%s", t);
    free(t);
    xd_rmtree(dir);
    free(dir);
}
