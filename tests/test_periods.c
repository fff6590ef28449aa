/* Periods as the sources give them: exact first and last days in
 * aggregates.csv, reconciliation only over whole calendar years (or months),
 * months against years, meta.csv checks and the machine-readable output of
 * check. Day counts were computed in R as
 *   d <- function(a, b) as.numeric(as.Date(b) - as.Date(a)) + 1
 * and are beside each expected value. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dataset.h"
#include "helpers.h"
#include "meta.h"
#include "period.h"
#include "reconcile.h"

#define RUN(...) xd_run_cli((const char *const[]){__VA_ARGS__, NULL}, NULL)

static const char sources[] = "id,name,url\ns1,Source one,https://example.org/1\n"
                              "s2,Source two,https://example.org/2\n";
static const char annual[] = "year,count,source\n"
                             "2019,58,s1\n"
                             "2020,60,s1\n"
                             "2021,43,s1\n"
                             "2024,140,s1\n";

/* A dataset folder with sources.csv, annual.csv and the given files (name, text,
 * name, text, ..., NULL). */
static char *make_dataset(const char *first_name, ...)
{
    char *dir = xd_tempdir();
    cr_assert(dir);
    xd_write_file(xd_path_join(dir, "sources.csv"), sources);
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    va_list ap;
    va_start(ap, first_name);
    for (const char *name = first_name; name; name = va_arg(ap, const char *)) {
        const char *text = va_arg(ap, const char *);
        xd_write_file(xd_path_join(dir, name), text);
    }
    va_end(ap);
    return dir;
}

static int diags_have(const xd_diags *d, const char *frag)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].text && strstr(d->items[i].text, frag))
            return 1;
    return 0;
}

static void dump(const xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        fprintf(stderr, "  diag: %s\n", d->items[i].text);
}

/* ------------------------------------------------------------ bounds and spans */

static xd_span span_of(const char *a, const char *b)
{
    xd_span s = {0};
    cr_assert(xd_span_parse_end(&s, a, 0), "first '%s'", a);
    cr_assert(xd_span_parse_end(&s, b, 1), "last '%s'", b);
    return s;
}

Test(periods, bounds_year_month_day)
{
    int y, m, d;
    cr_assert(xd_span_parse_bound("2019", 0, &y, &m, &d));
    cr_expect(y == 2019 && m == 1 && d == 1);
    cr_assert(xd_span_parse_bound("2019", 1, &y, &m, &d));
    cr_expect(y == 2019 && m == 12 && d == 31);
    cr_assert(xd_span_parse_bound("2024-06", 1, &y, &m, &d));
    cr_expect(m == 6 && d == 30);
    cr_assert(xd_span_parse_bound("2024-06", 0, &y, &m, &d));
    cr_expect(m == 6 && d == 1);
    cr_assert(xd_span_parse_bound("2011-08-05", 1, &y, &m, &d));
    cr_expect(y == 2011 && m == 8 && d == 5);
    static const char *const bad[] = {"",        "19",         "2019-1",     "2019-13",    "2019-00",
                                      "2019-02-30", "2023-02-29", "1899",     "2101-01",    "2019/01",
                                      "2019-01-1", " 2019",      "2019-01-01x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(xd_span_parse_bound(bad[i], 0, &y, &m, &d), "'%s' accepted", bad[i]);
}

Test(periods, leap_years)
{
    int y, m, d;
    cr_assert(xd_span_parse_bound("2024-02", 1, &y, &m, &d));
    cr_expect_eq(d, 29); /* d("2024-02-01", "2024-02-29") = 29 */
    cr_assert(xd_span_parse_bound("2023-02", 1, &y, &m, &d));
    cr_expect_eq(d, 28);
    cr_assert(xd_span_parse_bound("1900-02", 1, &y, &m, &d));
    cr_expect_eq(d, 28, "1900 is not a leap year");
    cr_assert(xd_span_parse_bound("2000-02", 1, &y, &m, &d));
    cr_expect_eq(d, 29, "2000 is");
    cr_expect(xd_span_parse_bound("2024-02-29", 0, &y, &m, &d));
    xd_span s = span_of("2024", "2024");
    cr_expect_eq(xd_span_days(&s), 366); /* d("2024-01-01", "2024-12-31") */
    s = span_of("1900", "1900");
    cr_expect_eq(xd_span_days(&s), 365); /* d("1900-01-01", "1900-12-31") */
    s = span_of("2000", "2000");
    cr_expect_eq(xd_span_days(&s), 366); /* d("2000-01-01", "2000-12-31") */
}

Test(periods, whole_years_and_months)
{
    xd_span s = span_of("2000-12-01", "2006-11-30");
    cr_expect_eq(xd_span_days(&s), 2191); /* d("2000-12-01", "2006-11-30") */
    cr_expect_not(xd_span_whole_years(&s));
    cr_expect(xd_span_whole_months(&s));
    char buf[96];
    cr_expect_str_eq(xd_span_text(buf, sizeof buf, &s), "1 Dec 2000 \u2013 30 Nov 2006");

    s = span_of("2019-01-01", "2021-12-31");
    cr_expect(xd_span_whole_years(&s), "days on the edges of years make whole years");
    s = span_of("2019-01", "2021-12");
    cr_expect(xd_span_whole_years(&s), "so do months");
    cr_expect_str_eq(xd_span_text(buf, sizeof buf, &s), "Jan 2019 \u2013 Dec 2021");
    s = span_of("2019", "2021");
    cr_expect_str_eq(xd_span_text(buf, sizeof buf, &s), "2019-2021");

    s = span_of("2019-01-01", "2023-10-09");
    cr_expect_eq(xd_span_days(&s), 1743); /* d("2019-01-01", "2023-10-09") */
    cr_expect_not(xd_span_whole_years(&s));
    cr_expect_not(xd_span_whole_months(&s));
    cr_expect_str_eq(xd_span_text(buf, sizeof buf, &s), "1 Jan 2019 \u2013 9 Oct 2023");

    s = span_of("2018-12-01", "2024-06");
    cr_expect(xd_span_whole_months(&s));
    cr_expect_str_eq(xd_span_text(buf, sizeof buf, &s), "1 Dec 2018 \u2013 Jun 2024");
    s = span_of("2024-02", "2024-02");
    cr_expect(xd_span_whole_months(&s));
    cr_expect_eq(xd_span_days(&s), 29);
    cr_expect_str_eq(xd_span_text(buf, sizeof buf, &s), "Feb 2024");
}

/* ------------------------------------------------------------ aggregates.csv */

static void load_ok(const char *dir, xd_dataset *ds)
{
    xd_diags d;
    xd_diags_init(&d);
    int rc = xd_dataset_load(dir, ds, &d);
    if (rc != XD_OK)
        dump(&d);
    cr_assert_eq(rc, XD_OK);
    xd_diags_free(&d);
}

static void load_fails(const char *dir, const char *frag)
{
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    int rc = xd_dataset_load(dir, &ds, &d);
    cr_expect_eq(rc, XD_EDATA);
    if (!diags_have(&d, frag))
        dump(&d);
    cr_expect(diags_have(&d, frag), "no message with '%s'", frag);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(aggregates, dates_years_and_both)
{
    char *dir = make_dataset("aggregates.csv",
                             "first_date,last_date,first_year,last_year,statistic,value,source\n"
                             "2000-12-01,2006-11-30,,,total,160,s1\n"
                             ",,2019,2021,total,161,s1\n"
                             "2019-01,2021-12,2019,2021,total,161,s2\n"
                             "2014-09,2015-09,,,total,44,s1\n"
                             "2018-12-01,2024-06,2018,2024,mean,62,s1\n",
                             NULL);
    xd_dataset ds;
    load_ok(dir, &ds);
    cr_assert_eq(ds.n_aggregates, 5);
    const xd_aggregate *a = ds.aggregates;
    cr_expect(a[0].span.y1 == 2000 && a[0].span.m1 == 12 && a[0].span.d1 == 1);
    cr_expect(a[0].span.y2 == 2006 && a[0].span.m2 == 11 && a[0].span.d2 == 30);
    cr_expect_eq(a[0].first_year, 2000);
    cr_expect_eq(a[0].last_year, 2006);
    cr_expect_not(a[0].whole_years);
    cr_expect(a[1].whole_years && a[1].span.m1 == 1 && a[1].span.d2 == 31);
    cr_expect(a[2].whole_years);
    cr_expect(a[3].whole_months && !a[3].whole_years);
    cr_expect(a[3].span.d2 == 30 && a[3].span.m2 == 9);
    cr_expect(a[4].span.d2 == 30 && a[4].span.m2 == 6);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);

    /* first_year,last_year alone: whole calendar years, as before */
    dir = make_dataset("aggregates.csv", "first_year,last_year,statistic,value,source\n2019,2021,total,161,s1\n",
                       NULL);
    load_ok(dir, &ds);
    cr_expect(ds.aggregates[0].whole_years);
    cr_expect(ds.aggregates[0].span.m2 == 12 && ds.aggregates[0].span.d2 == 31);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);
}

Test(aggregates, bad_periods_are_located)
{
    static const struct {
        const char *csv, *frag;
    } cases[] = {
        {"first_date,last_date,statistic,value,source\n2012-12-01,2006-11-30,total,1,s1\n",
         "aggregates.csv:2:1: first_date: expected a day on or before last_date (2006-11-30), found '2012-12-01'"},
        {"first_date,last_date,statistic,value,source\n2012-12-01,2012-11-30,total,1,s1\n",
         "first_date: expected a day on or before last_date (2012-11-30)"},
        {"first_date,last_date,statistic,value,source\n2023-02-29,2023-12,total,1,s1\n",
         "aggregates.csv:2:1: first_date: expected a date YYYY-MM-DD, a month YYYY-MM or a year YYYY, found "
         "'2023-02-29'"},
        {"first_date,last_date,statistic,value,source\n2019,2019-13,total,1,s1\n",
         "aggregates.csv:2:2: last_date: expected a date YYYY-MM-DD, a month YYYY-MM or a year YYYY, found "
         "'2019-13'"},
        {"first_date,last_date,statistic,value,source\n2019,,total,1,s1\n",
         "aggregates.csv:2:2: last_date: expected a date YYYY-MM-DD"},
        {"first_date,last_date,first_year,last_year,statistic,value,source\n2000-12-01,2006-11-30,2001,,total,1,s1\n",
         "aggregates.csv:2:3: first_year: expected the year of first_date (2000) or empty, found '2001'"},
        {"first_date,last_date,first_year,last_year,statistic,value,source\n,,,,total,1,s1\n",
         "aggregates.csv:2:1: first_date: expected a date YYYY-MM-DD"},
        {"first_date,statistic,value,source\n2019,total,1,s1\n",
         "aggregates.csv:1: missing required column 'last_date'"},
        {"statistic,value,source\ntotal,1,s1\n",
         "missing required columns 'first_date' and 'last_date' (or 'first_year' and 'last_year')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = make_dataset("aggregates.csv", cases[i].csv, NULL);
        load_fails(dir, cases[i].frag);
        xd_rmtree(dir);
        free(dir);
    }
}

/* ------------------------------------------------------------ reconciliation */

static const char monthly[] = "year,month,count,source\n"
                              "2024,1,10,s1\n2024,2,12,s1\n2024,3,11,s1\n2024,4,9,s1\n2024,5,13,s1\n"
                              "2024,6,12,s1\n2024,7,11,s1\n2024,8,14,s1\n2024,9,12,s1\n2024,10,10,s1\n"
                              "2024,11,13,s1\n2024,12,13,s1\n";

static void reconcile(const char *aggregates, const char *monthly_csv, xd_dataset *ds, xd_check *c, char **dir)
{
    *dir = monthly_csv ? make_dataset("aggregates.csv", aggregates, "monthly.csv", monthly_csv, NULL)
                       : make_dataset("aggregates.csv", aggregates, NULL);
    load_ok(*dir, ds);
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_check_reconcile(ds, -1, c, &d), XD_OK);
    xd_diags_free(&d);
}

static void done(xd_dataset *ds, xd_check *c, char *dir)
{
    xd_check_free(c);
    xd_dataset_free(ds);
    xd_rmtree(dir);
    free(dir);
}

Test(reconcile, exact_calendar_years_as_dates)
{
    xd_dataset ds;
    xd_check c;
    char *dir;
    reconcile("first_date,last_date,statistic,value,source\n"
              "2019-01-01,2021-12-31,total,161,s1\n"
              "2019-01,2021-12,total,170,s1\n"
              "2019,2020,mean,59,s1\n"
              "2019,2022,total,200,s1\n"
              "2021,2022,total,30,s1\n"
              "2022,2023,total,30,s1\n",
              NULL, &ds, &c, &dir);
    cr_assert_eq(c.n, 6);
    cr_expect_eq(c.items[0].status, XD_AGG_AGREES); /* 58 + 60 + 43 = 161 */
    cr_expect_eq(c.items[0].computed, 161);
    cr_expect_eq(c.items[1].status, XD_AGG_DISAGREES);
    cr_expect_eq(c.items[1].difference, 9);
    cr_expect_eq(c.items[2].status, XD_AGG_AGREES); /* (58 + 60) / 2 */
    cr_expect_eq(c.items[3].status, XD_AGG_IMPLIED);
    cr_expect_eq(c.items[3].implied_missing_total, 39); /* 200 - 161, for 2022 */
    cr_expect_eq(c.items[3].n_missing, 1);
    cr_expect_eq(c.items[3].missing[0], 2022);
    cr_expect_eq(c.items[4].status, XD_AGG_DISAGREES, "2021 alone (43) is more than the total of 30");
    cr_expect(c.items[4].impossible);
    cr_expect_eq(c.items[5].status, XD_AGG_INCOMPLETE);
    cr_expect_str_eq(xd_reconcile_status_name(c.items[5].status), "incomplete");
    cr_expect_eq(c.n_disagree, 2);
    done(&ds, &c, dir);
}

Test(reconcile, terms_and_mid_year_ends_are_not_comparable)
{
    xd_dataset ds;
    xd_check c;
    char *dir;
    reconcile("first_date,last_date,statistic,value,source\n"
              "2018-12-01,2021-11-30,total,160,s1\n"
              "2019-01-01,2021-10-09,total,120,s1\n"
              "2018-12-01,2021-12-31,total,999,s1\n"
              "2019-01-02,2021-12-31,total,161,s1\n",
              NULL, &ds, &c, &dir);
    cr_assert_eq(c.n, 4);
    for (size_t i = 0; i < c.n; i++) {
        cr_expect_eq(c.items[i].status, XD_AGG_NOT_COMPARABLE, "row %zu", i);
        cr_expect_eq(c.items[i].n_known, 0, "no year is used");
    }
    cr_expect_str_eq(c.items[0].reason, "1 Dec 2018 \u2013 30 Nov 2021 is not a whole number of calendar years");
    cr_expect_str_eq(c.items[1].reason, "1 Jan 2019 \u2013 9 Oct 2021 is not a whole number of calendar years");
    cr_expect_eq(c.n_disagree, 0, "a different period is never a disagreement, even at 999");
    done(&ds, &c, dir);
}

Test(reconcile, whole_months_against_monthly_figures)
{
    xd_dataset ds;
    xd_check c;
    char *dir;
    reconcile("first_date,last_date,statistic,value,source\n"
              "2024-01,2024-02,total,22,s1\n"            /* 10 + 12 */
              "2024-02-01,2024-02-29,total,13,s2\n"      /* leap February: 12 */
              "2024-11,2025-01,total,40,s1\n"            /* 13 + 13 + ? */
              "2024-03,2024-04,mean,10,s1\n"             /* a yearly mean over two months */
              "2024-03-01,2024-04-15,total,20,s1\n",
              monthly, &ds, &c, &dir);
    cr_assert_eq(c.n, 5);
    cr_expect_eq(c.items[0].status, XD_AGG_AGREES);
    cr_expect(c.items[0].by_month);
    cr_expect_eq(c.items[1].status, XD_AGG_DISAGREES);
    cr_expect_eq(c.items[1].computed, 12);
    cr_expect_eq(c.items[2].status, XD_AGG_IMPLIED);
    cr_expect_eq(c.items[2].implied_missing_total, 14);
    cr_expect_eq(c.items[2].missing[0], xd_period_of(2025, 1));
    cr_expect_eq(c.items[3].status, XD_AGG_NOT_COMPARABLE);
    cr_expect_eq(c.items[4].status, XD_AGG_NOT_COMPARABLE);
    cr_expect_str_eq(c.items[4].reason, "1 Mar 2024 \u2013 15 Apr 2024 is not a whole number of calendar years");
    done(&ds, &c, dir);
}

/* ------------------------------------------------------------ the bundled dataset */

Test(bundled, term_totals_are_not_comparable_and_every_figure_stays)
{
    xd_dataset ds;
    load_ok(XD_DATASET, &ds);
    xd_check c;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_check_reconcile(&ds, -1, &c, &d), XD_OK);
    cr_expect_eq(c.n_disagree, 0);
    /* every figure of the former file is still there, with its source */
    static const struct {
        double value;
        const char *source;
    } figures[] = {{65, "reuters-2025-03"},   {1284, "expansion-2021-02-08"}, {160, "insightcrime-2011-12-12"},
                   {587, "zeta-2022-03"},     {587, "colgate-2013"},          {394, "zeta-2022-03"},
                   {161, "zeta-2022-03"},     {1142, "zeta-2022-03"},         {179, "expansion-2021-02-08"},
                   {120, "expansion-2021-02-08"}, {82, "expansion-2021-02-08"}, {464, "insightcrime-2011-12-12"},
                   {44, "24horas-2015-10-13"}, {302, "eluniversal-2023-12"}, {345, "eluniversal-2023-12"},
                   {341, "proceso-2024-09-23"}, {62, "proceso-2024-09-23"}};
    cr_assert_eq(ds.n_aggregates, sizeof figures / sizeof figures[0]);
    for (size_t i = 0; i < ds.n_aggregates; i++) {
        cr_expect_eq(ds.aggregates[i].value, figures[i].value, "line %ld", ds.aggregates[i].line);
        cr_expect_str_eq(ds.aggregates[i].source, figures[i].source);
        cr_expect(*ds.aggregates[i].note, "line %ld has no note", ds.aggregates[i].line);
    }
    /* the terms run 1 December - 30 November, so none is set against calendar years */
    size_t terms = 0, implied_2010_2011 = 0;
    for (size_t i = 0; i < c.n; i++) {
        const xd_aggregate *a = c.items[i].aggregate;
        if (a->span.m1 == 12 && a->span.d1 == 1) {
            terms++;
            cr_expect_eq(c.items[i].status, XD_AGG_NOT_COMPARABLE, "line %ld", a->line);
        }
        for (size_t k = 0; k < c.items[i].n_missing; k++)
            implied_2010_2011 += c.items[i].status == XD_AGG_IMPLIED && c.items[i].missing[k] == 2010 &&
                                 a->value == 587;
    }
    cr_expect_geq(terms, 9);
    cr_expect_eq(implied_2010_2011, 0, "no implied 2010-2011 total from the two 587s");
    /* the calendar-year aggregates are still reconciled */
    cr_expect_eq(c.items[0].status, XD_AGG_IMPLIED); /* 2019-2023 mean 65 */
    cr_expect_eq(c.items[0].implied_missing_total, 164);
    cr_expect_eq(c.items[6].status, XD_AGG_AGREES); /* 2019-2021 total 161 */
    xd_check_free(&c);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
}

Test(bundled, check_says_it_plainly)
{
    xd_run r = RUN("check", "--dataset", XD_DATASET);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(strlen(r.err), 0, "no warning: %s", r.err);
    cr_expect(strstr(r.out, "valid: 0 errors, 0 warnings"), "%s", r.out);
    cr_expect(strstr(r.out, "1 Dec 2006 \u2013 30 Nov 2012 total 587 (line 6, colgate-2013): not comparable: "
                            "1 Dec 2006 \u2013 30 Nov 2012 is not a whole number of calendar years"),
              "%s", r.out);
    cr_expect_null(strstr(r.out, "587 - "), "no implied total from a 587:\n%s", r.out);
    cr_expect(strstr(r.out, "2019-2021 total 161 (line 8, zeta-2022-03): computed 161 from all 3 years, "
                            "difference 0 (agrees)"),
              "%s", r.out);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ months against years */

static char *months_dataset(const char *monthly_csv)
{
    return make_dataset("monthly.csv", monthly_csv, NULL);
}

Test(months, twelve_months_that_add_up)
{
    char *dir = months_dataset(monthly); /* 140 in all, as annual.csv's 2024 */
    xd_dataset ds;
    load_ok(dir, &ds);
    xd_months_check mc;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_check_months(&ds, 0, &mc, &d), XD_OK);
    cr_assert_eq(mc.n, 1);
    cr_expect_eq(mc.items[0].status, XD_MONTHS_AGREES);
    cr_expect_eq(mc.items[0].months_sum, 140);
    cr_expect_eq(mc.items[0].year_line, 5);
    cr_expect_eq(d.n, 0);
    xd_months_check_free(&mc);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);
}

/* monthly.csv with the months of 2024 summing to `total` (month 12 adjusted). */
static char *months_summing(long total, int n_months)
{
    static char csv[1024];
    size_t o = (size_t)snprintf(csv, sizeof csv, "year,month,count,source\n");
    long sum = 0;
    for (int m = 1; m <= n_months; m++) {
        long v = m < n_months ? 10 : total - sum;
        sum += v;
        o += (size_t)snprintf(csv + o, sizeof csv - o, "2024,%d,%ld,s2\n", m, v);
    }
    return months_dataset(csv);
}

Test(months, a_mismatch_names_both_files_lines_and_numbers)
{
    char *dir = months_summing(229, 12);
    char want[1024];
    snprintf(want, sizeof want,
             "%s/monthly.csv:2: the 12 months of 2024 (lines 2-13, measure 'all') sum to 229, but %s/annual.csv:5 "
             "gives 140 for the year: 89 more",
             dir, dir);
    xd_run r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 0, "a warning only: %s", r.err);
    cr_expect(strstr(r.err, "warning: "), "%s", r.err);
    cr_expect(strstr(r.err, want), "want %s\n%s", want, r.err);
    cr_expect(strstr(r.out, "2024: 12 of 12 months (lines 2-13), sum 229; the year 140 (line 5): DISAGREES "
                            "(89 more)"),
              "%s", r.out);
    xd_run_free(&r);

    r = RUN("check", "--strict", "--dataset", dir);
    cr_expect_eq(r.status, 3, "an error under --strict: %s", r.err);
    cr_expect(strstr(r.err, "error: "), "%s", r.err);
    cr_expect(strstr(r.err, want), "%s", r.err);
    cr_expect(strstr(r.out, "invalid: 1 error"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);

    /* fewer months than the year */
    dir = months_summing(120, 12);
    r = RUN("check", "--dataset", dir);
    cr_expect(strstr(r.err, "sum to 120, but"), "%s", r.err);
    cr_expect(strstr(r.err, "20 fewer"), "%s", r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(months, fewer_than_twelve_are_incomplete_unless_already_over)
{
    char *dir = months_summing(100, 11);
    xd_run r = RUN("check", "--strict", "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "2024: 11 of 12 months (lines 2-12), sum 100; the year 140 (line 5): incomplete"),
              "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);

    dir = months_summing(150, 6);
    char want[512];
    snprintf(want, sizeof want,
             "monthly.csv:2: 6 months of 2024 (lines 2-7, measure 'all') already sum to 150, more than the 140 that "
             "%s/annual.csv:5 gives for the whole year",
             dir);
    r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.err, want), "want %s\n%s", want, r.err);
    xd_run_free(&r);
    r = RUN("check", "--strict", "--dataset", dir);
    cr_expect_eq(r.status, 3);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(months, other_measures_and_years_without_a_figure)
{
    char *dir = months_dataset("year,month,count,measure,source\n"
                               "2024,1,200,nationals,s1\n" /* no yearly figure of that measure */
                               "2023,1,5,,s1\n");          /* no yearly figure for 2023 */
    xd_dataset ds;
    load_ok(dir, &ds);
    xd_months_check mc;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_check_months(&ds, 1, &mc, &d), XD_OK);
    cr_expect_eq(mc.n, 2);
    cr_expect_eq(mc.n_disagree, 0);
    for (size_t i = 0; i < mc.n; i++)
        cr_expect_eq(mc.items[i].status, XD_MONTHS_INCOMPLETE);
    cr_expect_eq(d.n, 0);
    xd_months_check_free(&mc);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ meta.csv */

static const char transfers[] = "date,count,mechanism,label,source\n2025-02-27,29,Transfer,First,s1\n";

Test(meta, unknown_keys_get_the_nearest_known_one)
{
    char *dir = make_dataset("meta.csv",
                             "key,value\nname,x\nfrom_contry,Mexico\nmeasure_lable:all,All\nzzz,1\n"
                             "measure_label:nope,Nope\n",
                             NULL);
    xd_run r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 0, "warnings only: %s", r.err);
    cr_expect(strstr(r.err, "meta.csv:3:1: key: unknown key 'from_contry', ignored (did you mean from_country?)"),
              "%s", r.err);
    cr_expect(strstr(r.err, "meta.csv:4:1: key: unknown key 'measure_lable:all', ignored (did you mean "
                            "measure_label:all?)"),
              "%s", r.err);
    cr_expect(strstr(r.err, "meta.csv:5:1: key: unknown key 'zzz', ignored\n"), "no suggestion: %s", r.err);
    cr_expect(strstr(r.err, "meta.csv:6:1: key: 'measure_label:nope' labels measure 'nope', which no file of the "
                            "dataset uses"),
              "%s", r.err);
    cr_expect(strstr(r.out, "valid: 0 errors, 4 warnings"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(meta, an_event_that_is_no_transfer_is_an_error_in_every_command)
{
    char *dir = make_dataset("meta.csv", "key,value\nname,x\nbaseline,2019-2021\nevent,2025-02-28\n",
                             "transfers.csv", transfers, NULL);
    char want[512];
    snprintf(want, sizeof want,
             "%s/meta.csv:4:2: event: expected the date of a transfer in %s/transfers.csv (2025-02-27), found "
             "'2025-02-28'",
             dir, dir);
    xd_run r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, want), "want %s\n%s", want, r.err);
    xd_run_free(&r);
    char *out = xd_path_join(dir, "c.svg");
    const char *const cmds[][6] = {{"compare", "--dataset", dir, NULL},
                                   {"chart", "comparison", "-o", out, "--dataset", dir},
                                   {"report", "-o", xd_path_join(dir, "r.pdf"), "--dataset", dir, NULL}};
    for (size_t i = 0; i < 3; i++) {
        const char *args[8] = {0};
        for (size_t k = 0; k < 6 && cmds[i][k]; k++)
            args[k] = cmds[i][k];
        r = xd_run_cli(args, NULL);
        cr_expect_eq(r.status, 1, "%s: %s", cmds[i][0], r.err);
        cr_expect(strstr(r.err, want), "%s: want %s\n%s", cmds[i][0], want, r.err);
        xd_run_free(&r);
    }
    xd_rmtree(dir);
    free(dir);
}

Test(meta, a_baseline_that_cannot_be_used_is_located)
{
    char *dir = make_dataset("meta.csv", "key,value\nbaseline,2010-2014\n", "transfers.csv", transfers, NULL);
    char want[256];
    snprintf(want, sizeof want, "%s/meta.csv:2:2: baseline: 2010-2014 (all): no yearly figure for 2010", dir);
    xd_run r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, want), "want %s\n%s", want, r.err);
    xd_run_free(&r);
    r = RUN("compare", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, want), "want %s\n%s", want, r.err);
    xd_run_free(&r);
    /* a baseline given on the command line is the user's, not meta.csv's */
    r = RUN("compare", "--baseline", "2010-2014", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect_null(strstr(r.err, "meta.csv"), "%s", r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);

    dir = make_dataset("meta.csv", "key,value\nbaseline,2019-20\n", NULL);
    r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "meta.csv:2:2: value: expected a year range Y1-Y2"), "%s", r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(meta, the_bundled_meta_is_clean)
{
    xd_dataset ds;
    load_ok(XD_DATASET, &ds);
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_meta_validate(&ds, &d), XD_OK);
    if (d.n)
        dump(&d);
    cr_expect_eq(d.n, 0);
    char buf[64];
    cr_expect_str_eq(xd_meta_nearest_key(&ds, "titel", buf, sizeof buf), "title");
    cr_expect_str_eq(xd_meta_nearest_key(&ds, "basline", buf, sizeof buf), "baseline");
    cr_expect_null(xd_meta_nearest_key(&ds, "colour", buf, sizeof buf));
    xd_diags_free(&d);
    xd_dataset_free(&ds);
}

/* ------------------------------------------------------------ check --format */

Test(check_format, json_keys)
{
    char *dir = make_dataset("aggregates.csv",
                             "first_date,last_date,statistic,value,source\n"
                             "2000-12-01,2006-11-30,total,160,s1\n"
                             "2019,2021,total,170,s2\n"
                             "2019,2022,total,200,s2\n",
                             "meta.csv", "key,value\nfrom_contry,Mexico\n", NULL);
    xd_run r = RUN("check", "--format", "json", "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    const char *j = r.out;
    cr_expect(strstr(j, "\"valid\": true"), "%s", j);
    cr_expect(strstr(j, "\"errors\": []"), "%s", j);
    char frag[1024];
    snprintf(frag, sizeof frag,
             "{\n      \"file\": \"%s/meta.csv\",\n      \"line\": 2,\n      \"field\": "
             "\"key\",\n      \"message\": \"unknown key 'from_contry', ignored (did you mean from_country?)\"\n    }",
             dir);
    cr_expect(strstr(j, frag), "want %s\n%s", frag, j);
    snprintf(frag, sizeof frag,
             "{\n      \"file\": \"%s/aggregates.csv\",\n      \"line\": 2,\n      \"first\": \"2000-12-01\",\n"
             "      \"last\": \"2006-11-30\",\n      \"statistic\": \"total\",\n      \"value\": 160,\n"
             "      \"measure\": \"all\",\n      \"source\": \"s1\",\n      \"status\": \"not_comparable\",\n"
             "      \"computed\": null,\n      \"difference\": null,\n      \"implied_total\": null,\n"
             "      \"reason\": \"1 Dec 2000 \u2013 30 Nov 2006 is not a whole number of calendar years\"",
             dir);
    cr_expect(strstr(j, frag), "want %s\n%s", frag, j);
    cr_expect(strstr(j, "\"status\": \"disagrees\",\n      \"computed\": 161,\n      \"difference\": 9,\n"
                        "      \"implied_total\": null,\n      \"reason\": null"),
              "%s", j);
    cr_expect(strstr(j, "\"first\": \"2019-01-01\",\n      \"last\": \"2022-12-31\""), "%s", j);
    cr_expect(strstr(j, "\"status\": \"implied\",\n      \"computed\": null,\n      \"difference\": null,\n"
                        "      \"implied_total\": 39,"),
              "%s", j);
    cr_expect(strstr(j, "\"year\": 2019,\n      \"count\": 58,\n      \"status\": \"single_source\",\n"
                        "      \"corroborating\": [\n        {\n          \"line\": 2,"),
              "%s", j);
    cr_expect(strstr(j, "\"months\": []"), "%s", j);
    xd_run_free(&r);

    /* an error: valid false, the exit status unchanged */
    xd_write_file(xd_path_join(dir, "annual.csv"), "year,count,source\n2019,5x,s1\n");
    r = RUN("check", "--format", "json", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.out, "\"valid\": false"), "%s", r.out);
    snprintf(frag, sizeof frag,
             "\"errors\": [\n    {\n      \"file\": \"%s/annual.csv\",\n      \"line\": 2,\n      \"field\": "
             "\"count\",\n      \"message\": \"expected a whole number >= 0, found '5x'\"\n    }\n  ]",
             dir);
    cr_expect(strstr(r.out, frag), "want %s\n%s", frag, r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(check_format, json_months_and_exit_status_under_strict)
{
    char *dir = months_summing(229, 12);
    xd_run r = RUN("check", "--strict", "--format", "json", "--dataset", dir);
    cr_expect_eq(r.status, 3);
    cr_expect(strstr(r.out, "\"valid\": false"), "%s", r.out);
    cr_expect(strstr(r.out, "\"months\": 12,\n      \"months_sum\": 229,"), "%s", r.out);
    cr_expect(strstr(r.out, "\"annual_line\": 5,\n      \"year_count\": 140,\n      \"difference\": 89,\n"
                            "      \"status\": \"disagrees\""),
              "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(check_format, csv_and_md)
{
    char *dir = make_dataset("aggregates.csv",
                             "first_date,last_date,statistic,value,source\n2000-12-01,2006-11-30,total,160,s1\n",
                             NULL);
    xd_run r = RUN("check", "--format", "csv", "--dataset", dir);
    cr_expect_eq(r.status, 0);
    static const char header[] = "kind,file,line,field,measure,first,last,statistic,value,source,status,computed,"
                                 "difference,implied_total,message\n";
    cr_expect(strncmp(r.out, header, strlen(header)) == 0, "%s", r.out);
    char frag[512];
    snprintf(frag, sizeof frag,
             "aggregate,%s/aggregates.csv,2,,all,2000-12-01,2006-11-30,total,160,s1,not_comparable,,,,1 Dec 2000 "
             "\u2013 30 Nov 2006 is not a whole number of calendar years\n",
             dir);
    cr_expect(strstr(r.out, frag), "want %s\n%s", frag, r.out);
    cr_expect(strstr(r.out, "\nvalid,,,,,,,,,,true,,,,\n"), "%s", r.out);
    xd_run_free(&r);

    r = RUN("check", "--format", "md", "--dataset", dir);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "**valid**: 0 errors, 0 warnings"), "%s", r.out);
    cr_expect(strstr(r.out, "| 2 | 1 Dec 2000 \u2013 30 Nov 2006 | total | 160 | Extraditions | s1 | not comparable |"),
              "%s", r.out);
    xd_run_free(&r);

    r = RUN("check", "--format", "xml", "--dataset", dir);
    cr_expect_eq(r.status, 2);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}
