/* Figures to date (the through column of annual.csv and monthly.csv): never a
 * year's figure in any command, listed as "to date", drawn apart, and rate tests
 * over the calendar days a figure covers, against R's poisson.test (expression
 * beside each expected value; 296 and 1826 are the baseline's total and days). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "dataset.h"
#include "helpers.h"
#include "reconcile.h"

#define REL 1e-9
#define expect_rel(got, want)                                                                                     \
    cr_expect(fabs((got) - (want)) <= REL * fabs(want) + 1e-300, "%s = %.17g, expected %.17g", #got, (double)(got), \
              (double)(want))

static const char sources[] = "id,name,url\ns1,Source one,https://example.org/1\n"
                              "s2,Source two,https://example.org/2\n";
/* 2019-2023: 296 in 1826 days */
static const char base_years[] = "2019,58,s1,\n2020,60,s1,\n2021,43,s1,\n2022,70,s1,\n2023,65,s1,\n";
static const char transfers[] = "date,count,mechanism,label,source\n"
                                "2024-03-01,10,Transfer,Leap,s1\n"
                                "2025-02-27,29,Transfer,First,s1\n"
                                "2025-08-12,26,Transfer,Second,s1\n"
                                "2026-01-20,37,Transfer,Third,s1\n";

/* A dataset: sources, the base years plus `more` rows in annual.csv
 * (year,count,source,through), transfers, and further files (name, text, ..., NULL). */
static char *make(const char *more, const char *first_name, ...)
{
    char *dir = xd_tempdir();
    cr_assert(dir);
    char annual[4096];
    snprintf(annual, sizeof annual, "year,count,source,through\n%s%s", base_years, more ? more : "");
    xd_write_file(xd_path_join(dir, "sources.csv"), sources);
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    xd_write_file(xd_path_join(dir, "transfers.csv"), transfers);
    xd_write_file(xd_path_join(dir, "meta.csv"), "key,value\nbaseline,2019-2023\nevent,2025-02-27\n");
    va_list ap;
    va_start(ap, first_name);
    for (const char *name = first_name; name; name = va_arg(ap, const char *))
        xd_write_file(xd_path_join(dir, name), va_arg(ap, const char *));
    va_end(ap);
    return dir;
}

static void drop(char *dir)
{
    xd_rmtree(dir);
    free(dir);
}

static void load_ok(const char *dir, xd_dataset *ds)
{
    xd_diags d;
    xd_diags_init(&d);
    int rc = xd_dataset_load(dir, ds, &d);
    for (size_t i = 0; rc != XD_OK && i < d.n; i++)
        fprintf(stderr, "  %s\n", d.items[i].text);
    cr_assert_eq(rc, XD_OK);
    xd_diags_free(&d);
}

#define RUN(...) xd_run_cli((const char *const[]){__VA_ARGS__, NULL}, NULL)

/* ------------------------------------------------------------ loading */

Test(to_date, through_is_a_day_of_the_rows_period)
{
    char *dir = make("2025,20,s1,2025-06-30\n2024,140,s1,2024-12-31\n", NULL);
    xd_dataset ds;
    load_ok(dir, &ds);
    cr_assert_eq(ds.n_annual, 7);
    cr_expect(ds.annual[5].through_y == 2025 && ds.annual[5].through_m == 6 && ds.annual[5].through_d == 30);
    cr_expect_eq(xd_annual_days(&ds.annual[5]), 181); /* as.numeric(as.Date("2025-06-30") - as.Date("2025-01-01")) + 1 */
    cr_expect_eq(ds.annual[6].through_y, 0, "to 31 December is the whole year");
    cr_expect_eq(xd_annual_days(&ds.annual[6]), 366);
    char buf[48];
    cr_expect_str_eq(xd_to_date_text(buf, sizeof buf, &ds.annual[5]), "2025 (to 30 Jun)");
    xd_dataset_free(&ds);
    drop(dir);

    static const struct {
        const char *rows, *frag;
    } bad[] = {
        {"2025,20,s1,2024-06-30\n", "annual.csv:7:4: through: expected a date YYYY-MM-DD in 2025 (the row's year) or "
                                    "empty, found '2024-06-30'"},
        {"2025,20,s1,2025-02-29\n", "annual.csv:7:4: through: expected a date YYYY-MM-DD in 2025"},
        {"2025,20,s1,30 June\n", "annual.csv:7:4: through: expected a date YYYY-MM-DD in 2025"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dir = make(bad[i].rows, NULL);
        for (int stream = 0; stream < 2; stream++) {
            const char *env[] = {stream ? "EXTRAD_SUMMARY_STREAM=always" : "EXTRAD_SUMMARY_STREAM=never", NULL};
            xd_run r = xd_run_cli((const char *const[]){"summary", "--dataset", dir, NULL}, env);
            cr_expect_eq(r.status, 1);
            cr_expect(strstr(r.err, bad[i].frag), "%s: %s", stream ? "stream" : "table", r.err);
            xd_run_free(&r);
        }
        drop(dir);
    }

    dir = make(NULL, "monthly.csv",
               "year,month,count,source,through\n2024,3,5,s1,2024-03-15\n2024,4,6,s1,2024-04-30\n"
               "2024,5,1,s1,2024-06-01\n",
               NULL);
    xd_run r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "monthly.csv:4:5: through: expected a date YYYY-MM-DD in 2024-05 (the row's month) or "
                            "empty, found '2024-06-01'"),
              "%s", r.err);
    xd_run_free(&r);
    drop(dir);
}

/* ------------------------------------------------------------ never a yearly figure */

Test(to_date, left_out_of_the_series_and_listed)
{
    /* 2009-style: a full figure and an earlier count to date never conflict */
    char *dir = make("2023,50,s2,2023-11-01\n2025,5,s1,2025-03-31\n2025,20,s2,2025-06-30\n", NULL);
    xd_dataset ds;
    load_ok(dir, &ds);
    xd_series s;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 0, &s, &d), XD_OK, "no conflict for 2023");
    cr_expect_eq(s.from, 2019);
    cr_expect_eq(s.to, 2023, "a figure to date does not stretch the range");
    cr_expect_eq(xd_series_year(&s, 2023)->count, 65);
    cr_expect_eq(xd_series_year(&s, 2023)->n_rows, 1);
    cr_expect_eq(xd_series_year(&s, 2023)->to_date, &ds.annual[5]);
    cr_assert_eq(s.n_to_date, 2);
    cr_expect_eq(s.to_date[0]->count, 50);
    cr_expect_eq(s.to_date[1]->count, 20, "the latest of 2025");
    xd_series_free(&s);
    cr_assert_eq(xd_series_build(&ds, NULL, 2019, 2024, 0, &s, &d), XD_OK);
    cr_expect_eq(s.n_to_date, 1, "only those within the period asked for");
    xd_series_free(&s);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    drop(dir);
}

Test(to_date, every_command_leaves_it_out)
{
    char *dir = make("2025,20,s1,2025-06-30\n", NULL);
    for (int stream = 0; stream < 2; stream++) {
        const char *env[] = {stream ? "EXTRAD_SUMMARY_STREAM=always" : "EXTRAD_SUMMARY_STREAM=never", NULL};
        xd_run r = xd_run_cli((const char *const[]){"summary", "--format", "json", "--dataset", dir, NULL}, env);
        cr_expect_eq(r.status, 0, "%s", r.err);
        cr_expect(strstr(r.out, "\"to\": 2023,"), "%s", r.out);
        cr_expect(strstr(r.out, "\"total\": 296,"), "%s", r.out);
        cr_expect(strstr(r.out, "\"to_date\": [\n    {\n      \"year\": 2025,\n      \"through\": \"2025-06-30\",\n"
                                "      \"days\": 181,\n      \"count\": 20,\n      \"source\": \"s1\",\n"
                                "      \"line\": 7\n    }\n  ]"),
                  "%s", r.out);
        xd_run_free(&r);
    }
    xd_run r = RUN("summary", "--dataset", dir);
    cr_expect(strstr(r.out, "to date, left out (not yearly figures)    2025 (to 30 Jun): 20"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("summary", "--format", "csv", "--dataset", dir);
    /* csv is the JSON flattened */
    cr_expect(strstr(r.out, "\nto_date_1_through,2025-06-30\nto_date_1_days,181\nto_date_1_count,20\n"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("trend", "--format", "json", "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"to\": 2023,"), "%s", r.out);
    cr_expect(strstr(r.out, "\"to_date\": [\n    {\n      \"year\": 2025,"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("trend", "--dataset", dir);
    cr_expect(strstr(r.out, "to date, left out (not yearly figures)  2025 (to 30 Jun): 20"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("check", "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "5 years with figures from 2019 to 2023, 0 without"), "%s", r.out);
    cr_expect(strstr(r.out, "  2025 (to 30 Jun)  20  to date, not a yearly figure (s1, line 7)"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("check", "--format", "json", "--dataset", dir);
    cr_expect(strstr(r.out, "\"to_date\": [\n    {\n"), "%s", r.out);
    cr_expect(strstr(r.out, "\"year\": 2025,\n      \"through\": \"2025-06-30\",\n      \"days\": 181,\n"
                            "      \"count\": 20,"),
              "%s", r.out);
    xd_run_free(&r);
    drop(dir);
}

Test(to_date, months_to_date_are_not_months)
{
    char *dir = make("2024,140,s1,\n", "monthly.csv",
                     "year,month,count,source,through\n2024,1,60,s1,\n2024,2,80,s1,\n2024,3,99,s1,2024-03-15\n", NULL);
    xd_dataset ds;
    load_ok(dir, &ds);
    xd_months_check mc;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_check_months(&ds, 1, &mc, &d), XD_OK);
    cr_assert_eq(mc.n, 1);
    cr_expect_eq(mc.items[0].n_months, 2);
    cr_expect_eq(mc.items[0].months_sum, 140, "half of March is not March");
    cr_expect_eq(mc.items[0].status, XD_MONTHS_INCOMPLETE);
    cr_expect_eq(mc.n_disagree, 0);
    xd_months_check_free(&mc);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    drop(dir);
}

/* ------------------------------------------------------------ rate tests in days */

static xd_compare compare(const char *dir, xd_dataset *ds, const char *event, xd_diags *d)
{
    load_ok(dir, ds);
    xd_compare c;
    xd_compare_options o = {.count = -1, .event_date = event, .level = 0.95};
    cr_assert_eq(xd_compare_prepare(ds, &o, &c, d), XD_OK, "%s", d->n ? d->items[d->n - 1].text : "");
    return c;
}

Test(rates, the_event_year_over_the_days_of_a_figure_to_date)
{
    char *dir = make("2025,5,s1,2025-03-31\n2025,20,s1,2025-06-30\n", NULL);
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    xd_compare c = compare(dir, &ds, NULL, &d);
    cr_expect_eq(c.year_kind, XD_YEAR_WITH_TREATY);
    cr_expect_eq(c.year_treaty, 20);
    cr_expect_eq(c.year_days, 181);
    cr_expect_eq(c.year_through_m, 6);
    cr_expect_eq(c.covered_transfers, 29, "the August transfer is after 30 June");
    cr_expect_eq(c.year_transfers, 55);
    cr_expect_eq(c.base.days, 1826);
    expect_rel(c.with_transfers.ratio, 1.6700388233537402);       /* poisson.test(c(49, 296), c(181, 1826))$estimate */
    expect_rel(c.with_transfers.ci.lo, 1.2082439501684046);       /* ...$conf.int[1] */
    expect_rel(c.with_transfers.ci.hi, 2.2655612985933566);       /* ...$conf.int[2] */
    expect_rel(c.with_transfers.p_value, 0.0017798448500084);     /* ...$p.value */
    expect_rel(c.without_transfers.ratio, 0.68164849932805727);   /* poisson.test(c(20, 296), c(181, 1826))$estimate */
    expect_rel(c.without_transfers.ci.lo, 0.41034307027691774);   /* ...$conf.int[1] */
    expect_rel(c.without_transfers.ci.hi, 1.07204900923681734);   /* ...$conf.int[2] */
    expect_rel(c.without_transfers.p_value, 0.11492941815072408); /* ...$p.value */
    char *sent[16];
    size_t n = xd_compare_sentences(&ds, &c, XD_LANG_EN, sent, 16);
    cr_assert(n > 0);
    cr_expect(strstr(sent[n - 1], "In 2025 up to 30 June (181 days), 20 treaty extraditions plus 29 people transferred "
                                  "make 49, 1.67 times the baseline's pace"),
              "%s", sent[n - 1]);
    for (size_t i = 0; i < n; i++)
        free(sent[i]);
    xd_compare_free(&c);
    xd_dataset_free(&ds);
    xd_diags_free(&d);

    /* the command line says which days */
    xd_run r = RUN("compare", "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "calendar days covered                      181 (2025 up to 30 June)"), "%s", r.out);
    cr_expect(strstr(r.out, "people transferred in those days           29"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("compare", "--format", "json", "--dataset", dir);
    cr_expect(strstr(r.out, "\"days\": 181,\n    \"through\": \"2025-06-30\",\n    \"covered_transfers\": 29,"), "%s",
              r.out);
    xd_run_free(&r);
    drop(dir);
}

Test(rates, leap_years_weigh_366_days)
{
    char *dir = make("2024,50,s1,\n", NULL);
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    xd_compare c = compare(dir, &ds, "2024-03-01", &d);
    cr_expect_eq(c.year_days, 366);
    cr_expect_eq(c.year_through_m, 0);
    expect_rel(c.with_transfers.ratio, 1.0112981834293309);      /* poisson.test(c(60, 296), c(366, 1826))$estimate */
    expect_rel(c.with_transfers.p_value, 0.94333168179104743);   /* ...$p.value */
    expect_rel(c.without_transfers.ci.lo, 0.61157502623373716);  /* poisson.test(c(50, 296), c(366, 1826))$conf.int[1] */
    expect_rel(c.without_transfers.ci.hi, 1.1403222456452522);   /* ...$conf.int[2] */
    expect_rel(c.without_transfers.p_value, 0.28011788222918582); /* ...$p.value */
    xd_compare_free(&c);
    xd_dataset_free(&ds);
    drop(dir);

    /* to 29 February: 60 days, and the transfer of 1 March is not in them */
    dir = make("2024,12,s1,2024-02-29\n", NULL);
    c = compare(dir, &ds, "2024-03-01", &d);
    cr_expect_eq(c.year_days, 60);
    cr_expect_eq(c.covered_transfers, 0);
    expect_rel(c.without_transfers.ratio, 1.2337837837837837);   /* poisson.test(c(12, 296), c(60, 1826))$estimate */
    expect_rel(c.without_transfers.ci.lo, 0.63031400277178462);  /* ...$conf.int[1] */
    expect_rel(c.without_transfers.ci.hi, 2.1878224601851577);   /* ...$conf.int[2] */
    expect_rel(c.without_transfers.p_value, 0.41756668436942701); /* ...$p.value */
    expect_rel(c.with_transfers.p_value, 0.41756668436942701);    /* the same test: nothing to add */
    xd_compare_free(&c);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    drop(dir);
}

Test(rates, an_event_inside_the_baseline_is_a_warning)
{
    char *dir = make("2024,50,s1,\n", NULL);
    xd_write_file(xd_path_join(dir, "meta.csv"), "key,value\nbaseline,2020-2024\n");
    xd_run r = RUN("compare", "--event", "2024-03-01", "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "warning: the event of 2024-03-01 falls inside the baseline 2020-2024"), "%s", r.err);
    xd_run_free(&r);
    r = RUN("compare", "--event", "2025-02-27", "--dataset", dir);
    cr_expect_null(strstr(r.err, "falls inside"), "%s", r.err);
    xd_run_free(&r);
    drop(dir);
}

Test(rates, a_year_not_over_known_through_its_transfers_says_so)
{
    char *dir = make(NULL, NULL);
    const char *env26[] = {"SOURCE_DATE_EPOCH=1796342400", NULL}; /* 2026-12-04 */
    xd_run r = xd_run_cli((const char *const[]){"compare", "--event", "2026-01-20", "--dataset", dir, NULL}, env26);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "No sourced count of treaty extraditions exists for 2026, a year not over. People "
                            "transferred so far, to 20 January: 37 (1 transfer), 62% of an average baseline year."),
              "%s", r.out); /* round(100 * 37 / (296 / 5)): 62.5, to even */
    xd_run_free(&r);
    r = xd_run_cli((const char *const[]){"compare", "--event", "2026-01-20", "--format", "json", "--dataset", dir,
                                         NULL},
                   env26);
    cr_expect(strstr(r.out, "\"through\": \"2026-01-20\","), "%s", r.out);
    xd_run_free(&r);
    const char *env27[] = {"SOURCE_DATE_EPOCH=1801612800", NULL}; /* 2027-02-03: 2026 is over */
    r = xd_run_cli((const char *const[]){"compare", "--event", "2026-01-20", "--dataset", dir, NULL}, env27);
    cr_expect(strstr(r.out, "People transferred that year: 37 (1 transfer)"), "%s", r.out);
    xd_run_free(&r);
    drop(dir);
}

/* ------------------------------------------------------------ charts */

static char *slurp_in(const char *dir, const char *name)
{
    char *s = xd_slurp(xd_path_join(dir, name), NULL);
    cr_assert(s, "no %s/%s", dir, name);
    return s;
}

Test(charts, figures_to_date_and_the_current_year_are_drawn_apart)
{
    char *dir = make("2025,20,s1,2025-06-30\n", NULL);
    char *keep = xd_path_join(dir, "keep");
    char keep_copy[4096];
    snprintf(keep_copy, sizeof keep_copy, "%s", keep);
    /* read on 4 December 2026: 2026 is known only through 20 January's transfer */
    const char *env26[] = {"SOURCE_DATE_EPOCH=1796342400", NULL};
    xd_run r = xd_run_cli((const char *const[]){"chart", "annual", "-o", xd_path_join(dir, "a.svg"), "--keep",
                                                keep_copy, "--dataset", dir, NULL},
                          env26);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char annual_dir[4200];
    snprintf(annual_dir, sizeof annual_dir, "%s/annual", keep_copy);
    char *strings = slurp_in(annual_dir, "strings.gp");
    cr_expect(strstr(strings, "key_todate = 'To date, not a whole year: 2025 (to 30 Jun); 2026 (to 20 Jan)'"), "%s",
              strings);
    free(strings);
    char *td = slurp_in(annual_dir, "todate.tsv");
    cr_expect(strstr(td, "\n2025\t20\n"), "%s", td);
    free(td);
    char *years = slurp_in(annual_dir, "years.tsv");
    cr_expect_null(strstr(years, "\n2025\t"), "never a yearly bar: %s", years);
    free(years);
    char *trtd = slurp_in(annual_dir, "transfers_todate.tsv");
    cr_expect(strstr(trtd, "\n2026\t0\t37\n"), "%s", trtd);
    cr_expect(strstr(trtd, "\n2025\t20\t49\n"), "stacked on the figure to date: %s", trtd);
    free(trtd);
    drop(dir);

    /* read in 2027, 2026 is over: its transfers are a whole year's */
    dir = make(NULL, NULL);
    snprintf(keep_copy, sizeof keep_copy, "%s", xd_path_join(dir, "keep"));
    const char *env27[] = {"SOURCE_DATE_EPOCH=1801612800", NULL}; /* 2027-02-03 */
    r = xd_run_cli((const char *const[]){"chart", "annual", "-o", xd_path_join(dir, "a.svg"), "--keep", keep_copy,
                                         "--dataset", dir, NULL},
                   env27);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    snprintf(annual_dir, sizeof annual_dir, "%s/annual", keep_copy);
    strings = slurp_in(annual_dir, "strings.gp");
    cr_expect(strstr(strings, "key_todate = ''"), "%s", strings);
    free(strings);
    char *tr = slurp_in(annual_dir, "transfers.tsv");
    cr_expect(strstr(tr, "\n2026\t0\t37\n"), "%s", tr);
    free(tr);
    drop(dir);
}

Test(charts, report_says_which_days)
{
    char *dir = make("2025,20,s1,2025-06-30\n", NULL);
    xd_run r = RUN("report", "-o", xd_path_join(dir, "r.pdf"), "--dataset", dir);
    cr_expect_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", xd_path_join(dir, "r.pdf"));
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    char *text = calloc(1, 1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, p);
    pclose(p);
    cr_expect(n > 0);
    cr_expect(strstr(text, "2025 up to 30 June (181 days)"), "the report's event-year rows");
    free(text);
    drop(dir);
}
