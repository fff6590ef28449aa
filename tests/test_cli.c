/* End-to-end tests of the extrad binary: usage, summary and check on the
 * bundled dataset, the dataset search order, and that inputs are left alone.
 * Reference values come from R 4.2; the expression is beside each one. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

#define FIXTURE XD_SOURCE_DIR "/tests/fixtures/tiny"

static xd_run run(const char *const *args) { return xd_run_cli(args, NULL); }

#define RUN(...) run((const char *const[]){__VA_ARGS__, NULL})

static void near(double got, double want, double rel, const char *what)
{
    int ok = want == 0 ? fabs(got) <= rel : fabs(got - want) <= rel * fabs(want);
    cr_expect(ok, "%s: got %.17g, want %.17g", what, got, want);
}

/* ------------------------------------------------------------ minimal JSON access */

/* The value after "key": at the outermost level of `json` where the key first appears. */
static const char *json_at(const char *json, const char *key)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    cr_assert(p, "JSON has no \"%s\":\n%s", key, json);
    return p + strlen(pat);
}

static double json_num(const char *json, const char *key)
{
    char *end;
    const char *p = json_at(json, key);
    double v = strtod(p, &end);
    cr_assert(end != p, "\"%s\" is not a number", key);
    return v;
}

/* Numbers of a flat array value: returns how many were read. */
static size_t json_nums(const char *json, const char *key, double *out, size_t cap)
{
    const char *p = json_at(json, key);
    cr_assert_eq(*p, '[', "\"%s\" is not an array", key);
    p++;
    size_t n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == ',')
            p++;
        if (*p == ']')
            return n;
        char *end;
        double v = strtod(p, &end);
        cr_assert(end != p, "\"%s\": not a number array", key);
        if (n < cap)
            out[n] = v;
        n++;
        p = end;
    }
}

/* The value of `key` in "key,value" CSV output. */
static const char *csv_value(const char *csv, const char *key, char *buf, size_t cap)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\n%s,", key);
    const char *p = strstr(csv, pat);
    cr_assert(p, "CSV has no row %s:\n%s", key, csv);
    p += strlen(pat);
    size_t n = strcspn(p, "\n");
    cr_assert_lt(n, cap);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* ------------------------------------------------------------ usage */

Test(usage, version)
{
    xd_run r = RUN("--version");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "extrad " XD_VERSION "\n");
    xd_run_free(&r);
}

Test(usage, help)
{
    xd_run r = RUN("--help");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "Usage: extrad COMMAND"));
    cr_expect(strstr(r.out, "check"));
    cr_expect(strstr(r.out, "summary"));
    xd_run_free(&r);

    static const char *const cmds[] = {"check", "summary"};
    for (size_t i = 0; i < 2; i++) {
        r = RUN(cmds[i], "--help");
        cr_expect_eq(r.status, 0, "%s --help", cmds[i]);
        char want[64];
        snprintf(want, sizeof want, "Usage: extrad %s ", cmds[i]);
        cr_expect(strstr(r.out, want), "%s --help:\n%s", cmds[i], r.out);
        cr_expect(strstr(r.out, "--dataset DIR"), "%s --help mentions --dataset", cmds[i]);
        cr_expect_str_eq(r.err, "");
        xd_run_free(&r);
    }
}

Test(usage, no_command)
{
    xd_run r = run((const char *const[]){NULL});
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "Usage: extrad"));
    cr_expect_str_eq(r.out, "");
    xd_run_free(&r);
}

Test(usage, unknown_command)
{
    xd_run r = RUN("frobnicate");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "unknown command 'frobnicate'"), "%s", r.err);
    xd_run_free(&r);
}

Test(usage, bad_options_exit_2)
{
    static const char *const cases[][6] = {
        {"summary", "--bogus"},
        {"check", "--bogus"},
        {"summary", "--format", "xml"},
        {"summary", "--from", "1800"},
        {"summary", "--to", "20x9"},
        {"summary", "--from", "2019", "--to", "2017"},
        {"summary", "--level", "95"},
        {"summary", "--level", "0"},
        {"summary", "--from"},
        {"check", "--tolerance", "-1"},
        {"check", "--tolerance", "nan"},
        {"check", "--tolerance", "inf"},
        {"check", "unexpected"},
        {"summary", "unexpected"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xd_run r = run(cases[i]);
        cr_expect_eq(r.status, 2, "extrad %s %s %s: status %d\n%s", cases[i][0], cases[i][1],
                     cases[i][2] ? cases[i][2] : "", r.status, r.err);
        cr_expect(strstr(r.err, "--help"), "extrad %s %s: points to --help:\n%s", cases[i][0], cases[i][1], r.err);
        cr_expect_str_eq(r.out, "", "extrad %s %s: nothing on stdout", cases[i][0], cases[i][1]);
        xd_run_free(&r);
    }
}

/* ------------------------------------------------------------ summary */

Test(summary, json_2017_2019_matches_r)
{
    xd_run r = RUN("summary", "--from", "2017", "--to", "2019", "--format", "json", "--dataset", XD_DATASET);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *j = r.out;
    cr_expect_eq(json_num(j, "n"), 3);
    cr_expect_eq(json_num(j, "from"), 2017);
    cr_expect_eq(json_num(j, "to"), 2019);
    cr_expect_eq(json_num(j, "total"), 184);                                /* sum(c(57,69,58)) */
    near(json_num(j, "mean"), 61.33333333333333570, 1e-12, "mean");          /* mean(c(57,69,58)) */
    near(json_num(j, "sd"), 6.65832811847939343, 1e-12, "sd");              /* sd(c(57,69,58)) */
    cr_expect_eq(json_num(j, "median"), 58);                                /* median(c(57,69,58)) */
    cr_expect_eq(json_num(j, "q1"), 57.5);                                  /* quantile(c(57,69,58), .25) */
    cr_expect_eq(json_num(j, "q3"), 63.5);                                  /* quantile(c(57,69,58), .75) */
    near(json_num(j, "cv"), 0.10855969758390314, 1e-12, "cv");              /* sd(x)/mean(x) */
    cr_expect_eq(json_num(json_at(j, "min"), "year"), 2017);
    cr_expect_eq(json_num(json_at(j, "min"), "count"), 57);
    cr_expect_eq(json_num(json_at(j, "max"), "year"), 2018);
    cr_expect_eq(json_num(json_at(j, "max"), "count"), 69);
    cr_expect_eq(json_num(j, "level"), 0.95);
    double ci[4];
    cr_assert_eq(json_nums(j, "ci_poisson", ci, 4), 2);
    near(ci[0], 52.791066827021886, 1e-9, "ci_poisson lo"); /* poisson.test(184, 3)$conf.int[1] */
    near(ci[1], 70.864182429221330, 1e-9, "ci_poisson hi"); /* poisson.test(184, 3)$conf.int[2] */
    cr_assert_eq(json_nums(j, "ci_t", ci, 4), 2);
    near(ci[0], 44.793129357011054, 1e-9, "ci_t lo"); /* t.test(c(57,69,58))$conf.int[1] */
    near(ci[1], 77.873537309655617, 1e-9, "ci_t hi"); /* t.test(c(57,69,58))$conf.int[2] */
    cr_expect_eq(json_nums(j, "gaps", ci, 4), 0);
    /* provenance: 2019 is corroborated by three sources */
    const char *y19 = strstr(j, "\"year\": 2019");
    cr_assert(y19);
    cr_expect_eq(json_num(y19, "count"), 58);
    cr_expect(strstr(y19, "\"zeta-2022-03\""));
    xd_run_free(&r);
}

/* csv and md carry the same numbers as json (md rounded for reading). */
Test(summary, csv_and_md_agree_with_json)
{
    xd_run js = RUN("summary", "--from", "2017", "--to", "2019", "--format", "json", "--dataset", XD_DATASET);
    xd_run cs = RUN("summary", "--from", "2017", "--to", "2019", "--format", "csv", "--dataset", XD_DATASET);
    xd_run md = RUN("summary", "--from", "2017", "--to", "2019", "--format", "md", "--dataset", XD_DATASET);
    cr_assert_eq(js.status, 0);
    cr_assert_eq(cs.status, 0);
    cr_assert_eq(md.status, 0);
    cr_expect(strncmp(cs.out, "key,value\n", 10) == 0, "csv header:\n%s", cs.out);
    static const char *const keys[] = {"n", "total", "mean", "sd", "median", "q1", "q3", "cv"};
    char buf[128];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        double want = json_num(js.out, keys[i]);
        double got = strtod(csv_value(cs.out, keys[i], buf, sizeof buf), NULL);
        cr_expect_eq(got, want, "csv %s = %s, json %.17g", keys[i], buf, want);
    }
    cr_expect_str_eq(csv_value(cs.out, "min_count", buf, sizeof buf), "57");
    cr_expect_str_eq(csv_value(cs.out, "min_year", buf, sizeof buf), "2017");
    cr_expect_str_eq(csv_value(cs.out, "max_count", buf, sizeof buf), "69");
    cr_expect_str_eq(csv_value(cs.out, "max_year", buf, sizeof buf), "2018");
    cr_expect_str_eq(csv_value(cs.out, "gaps", buf, sizeof buf), "");
    static const char *const intervals[] = {"ci_t", "ci_poisson"};
    for (size_t i = 0; i < 2; i++) {
        double ci[2];
        json_nums(js.out, intervals[i], ci, 2);
        char *semi;
        csv_value(cs.out, intervals[i], buf, sizeof buf);
        double lo = strtod(buf, &semi);
        cr_assert_eq(*semi, ';', "csv %s = %s", intervals[i], buf);
        double hi = strtod(semi + 1, NULL);
        cr_expect_eq(lo, ci[0], "csv %s lo", intervals[i]);
        cr_expect_eq(hi, ci[1], "csv %s hi", intervals[i]);
    }
    static const char *const md_cells[] = {"| years with a figure | 3 of 3 |",
                                           "| total | 184 |",
                                           "| mean per year | 61.33 |",
                                           "| standard deviation (sample) | 6.658 |",
                                           "| median | 58 |",
                                           "| first quartile (R type 7) | 57.5 |",
                                           "| third quartile (R type 7) | 63.5 |",
                                           "| minimum | 57 (2017) |",
                                           "| maximum | 69 (2018) |",
                                           "| 95% interval of the mean (t) | 44.79 to 77.87 |",
                                           "| 95% interval of the mean (exact Poisson) | 52.79 to 70.86 |",
                                           "| years without a sourced figure | none |"};
    for (size_t i = 0; i < sizeof md_cells / sizeof md_cells[0]; i++)
        cr_expect(strstr(md.out, md_cells[i]), "md lacks \"%s\":\n%s", md_cells[i], md.out);
    xd_run_free(&js);
    xd_run_free(&cs);
    xd_run_free(&md);
}

/* Years without a sourced figure are gaps, never zeros. */
Test(summary, gaps_are_not_zeros)
{
    xd_run r = RUN("summary", "--from", "2000", "--to", "2021", "--format", "json", "--dataset", XD_DATASET);
    cr_assert_eq(r.status, 0, "%s", r.err);
    double gaps[16];
    size_t ng = json_nums(r.out, "gaps", gaps, 16);
    static const double want[] = {2010, 2011, 2013, 2014, 2015, 2016};
    cr_assert_eq(ng, 6, "gaps: %zu", ng);
    for (size_t i = 0; i < 6; i++)
        cr_expect_eq(gaps[i], want[i]);
    cr_expect_eq(json_num(r.out, "n"), 16);
    cr_expect_eq(json_num(r.out, "total"), 910);   /* sum of the 16 sourced years */
    cr_expect_eq(json_num(r.out, "mean"), 56.875); /* 910 / 16, not 910 / 22 */
    cr_expect_eq(json_num(json_at(r.out, "min"), "count"), 12);
    cr_expect_eq(json_num(json_at(r.out, "min"), "year"), 2000);
    cr_expect_eq(json_num(json_at(r.out, "max"), "count"), 115);
    cr_expect_eq(json_num(json_at(r.out, "max"), "year"), 2012);
    cr_expect_null(strstr(r.out, "\"year\": 2010"), "a gap has no entry among the years used");
    xd_run_free(&r);

    r = RUN("summary", "--from", "2000", "--to", "2021", "--dataset", XD_DATASET);
    cr_assert_eq(r.status, 0);
    cr_expect(strstr(r.out, "16 of 22"), "%s", r.out);
    cr_expect(strstr(r.out, "2010 2011 2013 2014 2015 2016"), "%s", r.out);
    cr_expect(strstr(r.out, "2008: 95 [voa-2008-12-31, ap-2009-01-02, ap-2009-11-01] (conflict resolved"), "%s",
              r.out);
    xd_run_free(&r);

    r = RUN("summary", "--from", "2000", "--to", "2021", "--format", "csv", "--dataset", XD_DATASET);
    char buf[128];
    cr_expect_str_eq(csv_value(r.out, "gaps", buf, sizeof buf), "2010;2011;2013;2014;2015;2016");
    xd_run_free(&r);
}

Test(summary, measure_and_default_period)
{
    xd_run r = RUN("summary", "--measure", "mx-nationals", "--format", "json", "--dataset", XD_DATASET);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(json_num(r.out, "from"), 2019);
    cr_expect_eq(json_num(r.out, "to"), 2022);
    cr_expect_eq(json_num(r.out, "total"), 224); /* 53 + 56 + 37 + 78: never the 58 of 'all' */
    xd_run_free(&r);

    r = RUN("summary", "--from", "2010", "--to", "2011", "--dataset", XD_DATASET);
    cr_expect_eq(r.status, 1, "a period with only gaps has nothing to summarise");
    cr_expect(strstr(r.err, "no sourced yearly figure for 'all' from 2010 to 2011"), "%s", r.err);
    xd_run_free(&r);

    r = RUN("summary", "--measure", "nope", "--dataset", XD_DATASET);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "no yearly figures for measure 'nope'"), "%s", r.err);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ check */

Test(check, bundled_dataset_is_valid)
{
    xd_run r = RUN("check", "--dataset", XD_DATASET);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.err, "error"), "%s", r.err);
    /* the main measure goes without saying: never its id */
    cr_expect(strstr(r.out, "2019-2023 mean 65 (line 2, reuters-2025-03)"), "%s", r.out);
    cr_expect_null(strstr(r.out, "[all]"), "%s", r.out);
    cr_expect(strstr(r.out, "the rest (2022, 2023) must together hold 325 - 161 = 164"), "%s", r.out);
    cr_expect(strstr(r.out, "2008    conflict: 95 preferred;"), "%s", r.out);
    cr_expect(strstr(r.out, "valid: 0 errors"), "%s", r.out);
    xd_run_free(&r);
}

Test(check, strict_and_tolerance)
{
    /* the term totals (1 December - 30 November) are not set against calendar years */
    xd_run r = RUN("check", "--strict", "--dataset", XD_DATASET);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.err, "disagrees"), "%s", r.err);
    cr_expect(strstr(r.out, "1 Dec 2000 \u2013 30 Nov 2006 total 160 (line 4, insightcrime-2011-12-12): not "
                            "comparable: 1 Dec 2000 \u2013 30 Nov 2006 is not a whole number of calendar years"),
              "%s", r.out);
    xd_run_free(&r);

    /* a tolerance below the rounding of the reported figure: 161 against 58 + 60 + 43 still agrees exactly */
    r = RUN("check", "--strict", "--tolerance", "0", "--dataset", XD_DATASET);
    cr_expect_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ where the dataset comes from */

Test(dataset, extrad_data_overrides_the_bundled_dataset)
{
    const char *env[] = {"EXTRAD_DATA=" FIXTURE, NULL};
    xd_run r = xd_run_cli((const char *const[]){"summary", "--format", "json", NULL}, env);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(json_num(r.out, "total"), 87); /* the fixture: 12 + 20 + 30 + 25 */
    cr_expect_eq(json_num(r.out, "n"), 4);
    xd_run_free(&r);

    r = xd_run_cli((const char *const[]){"check", NULL}, env);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "dataset tiny ("), "%s", r.out);
    xd_run_free(&r);

    /* --dataset wins over EXTRAD_DATA */
    r = xd_run_cli((const char *const[]){"summary", "--format", "json", "--dataset", XD_DATASET, NULL}, env);
    cr_expect_eq(json_num(r.out, "total"), 910);
    xd_run_free(&r);

    const char *bad_env[] = {"EXTRAD_DATA=/nonexistent/extrad-data", NULL};
    r = xd_run_cli((const char *const[]){"check", NULL}, bad_env);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "/nonexistent/extrad-data: cannot open the dataset folder"), "%s", r.err);
    xd_run_free(&r);
}

Test(dataset, bundled_dataset_by_default)
{
    const char *env[] = {"EXTRAD_DATA=", NULL};
    xd_run r = xd_run_cli((const char *const[]){"summary", "--format", "json", NULL}, env);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(json_num(r.out, "total"), 910);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ inputs are never modified */

static int name_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* FNV-1a of the bytes of every file of `dir`, and the newest modification time. */
static unsigned long long digest_dir(const char *dir, long long *newest)
{
    unsigned long long h = 1469598103934665603ULL;
    DIR *dp = opendir(dir);
    cr_assert(dp, "cannot list %s", dir);
    char names[32][256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL && n < 32)
        if (e->d_name[0] != '.')
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    closedir(dp);
    qsort(names, n, sizeof names[0], name_cmp);
    *newest = 0;
    for (size_t i = 0; i < n; i++) {
        char p[8192 + 512];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        struct stat st;
        cr_assert_eq(stat(p, &st), 0);
        long long t = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        if (t > *newest)
            *newest = t;
        size_t len;
        char *data = xd_slurp(p, &len);
        cr_assert(data);
        for (const char *s = names[i]; *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        for (size_t k = 0; k < len; k++)
            h = (h ^ (unsigned char)data[k]) * 1099511628211ULL;
        free(data);
    }
    return h;
}

Test(inputs, never_modified)
{
    static const char *const dirs[] = {FIXTURE, XD_DATASET};
    for (size_t d = 0; d < 2; d++) {
        long long t0, t1;
        unsigned long long h0 = digest_dir(dirs[d], &t0);
        static const char *const runs[][8] = {
            {"check"},
            {"check", "--strict"},
            {"summary"},
            {"summary", "--format", "json"},
            {"summary", "--format", "csv"},
            {"summary", "--format", "md"},
            {"summary", "--measure", "nationals"},
        };
        for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
            const char *args[12];
            size_t n = 0;
            for (size_t k = 0; runs[i][k]; k++)
                args[n++] = runs[i][k];
            args[n++] = "--dataset";
            args[n++] = dirs[d];
            args[n] = NULL;
            xd_run r = xd_run_cli(args, NULL);
            cr_expect(r.status >= 0 && r.status < 128, "extrad %s crashed", runs[i][0]);
            xd_run_free(&r);
        }
        unsigned long long h1 = digest_dir(dirs[d], &t1);
        cr_expect_eq(h0, h1, "%s: contents changed", dirs[d]);
        cr_expect_eq(t0, t1, "%s: a file was touched", dirs[d]);
    }
}
