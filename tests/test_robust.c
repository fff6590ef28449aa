/* Unusual sizes, destinations and inputs: every number formats, every count
 * computes, every failure is reported. Reference values come from R 4.2; the
 * expression is beside each one. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "lang.h"
#include "stats.h"

#define RUN(...) xd_run_cli((const char *const[]){__VA_ARGS__, NULL}, NULL)

static void near(double got, double want, double rel, const char *what)
{
    int ok = want == 0 ? fabs(got) <= rel : fabs(got - want) <= rel * fabs(want);
    cr_expect(ok, "%s: got %.17g, want %.17g", what, got, want);
}

/* The number after "key": (JSON) or key, (csv) where it first appears. */
static double json_num(const char *json, const char *key)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    cr_assert(p, "JSON has no \"%s\":\n%s", key, json);
    char *end;
    double v = strtod(p + strlen(pat), &end);
    cr_assert(end != p + strlen(pat), "\"%s\" is not a number", key);
    return v;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n)
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

/* ------------------------------------------------------------ scientific notation */

Test(sci, exponents_beyond_int)
{
    char buf[64];
    /* 10^-1234567890.5 = 3.16... x 10^-1234567891 */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, -1234567890.5, 2),
                     "3.2 \u00d7 10\u207b\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u00b9");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_ES, buf, sizeof buf, -1234567890.5, 2),
                     "3,2 \u00d7 10\u207b\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u00b9");
    /* the same as before for ordinary p-values */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, log10(1.7371696533143774e-53), 2),
                     "1.7 \u00d7 10\u207b\u2075\u00b3");
    /* 9.96e-5 rounds up to the next power */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, log10(9.96e-5), 2), "1.0 \u00d7 10\u207b\u2074");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, log10(9.94e-5), 2), "9.9 \u00d7 10\u207b\u2075");
    /* positive exponents, too large for a plain number */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, 20.5, 2), "3.2 \u00d7 10\u00b2\u2070");
    /* p = 0 exactly, and no value at all */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, -INFINITY, 2), "0");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, NAN, 2), "n/a");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_ES, buf, sizeof buf, INFINITY, 2), "n/d");
}

Test(sci, any_double_fits_and_stays_utf8)
{
    const double v[] = {-1e308, -DBL_MAX, DBL_MAX, -1e15, -4503599627370497.0, -2147483648.5, -2147483647.0,
                        -1e-300, -3.0000001, -2.9999, 0, 14.99, 15, 1e17};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char big[2048], small[20];
        xd_lang_sci(XD_LANG_EN, big, sizeof big, v[i], 2);
        cr_expect(valid_utf8(big) && *big, "%.17g gives '%s'", v[i], big);
        cr_expect(strchr(big, '-') == NULL, "%.17g gives '%s'", v[i], big);
        xd_lang_sci(XD_LANG_ES_MX, small, sizeof small, v[i], 3);
        cr_expect(valid_utf8(small), "%.17g cut short gives invalid UTF-8", v[i]);
    }
    char buf[2048];
    /* no fraction is left in a log this large: a power of ten alone */
    xd_lang_sci(XD_LANG_EN, buf, sizeof buf, -1e300, 2);
    cr_expect(strncmp(buf, "10\u207b\u00b9\u2070\u2070", strlen("10\u207b\u00b9\u2070\u2070")) == 0, "%s", buf);
}

Test(sci, compare_count_near_the_limit)
{
    /* x = ppois(246628388, 325/1826, lower.tail = FALSE, log.p = TRUE) / log(10) = -2147483652.7973127,
     * 10^(x - floor(x)) = 1.594730364: the table row and the sentence */
    const char *formats[] = {"text", "json", "csv", "md"};
    for (size_t i = 0; i < 4; i++) {
        xd_run r = RUN("compare", "--count", "246628389", "--format", formats[i]);
        cr_expect_eq(r.status, 0, "%s: exit %d\n%s", formats[i], r.status, r.err);
        if (i == 0 || i == 3) {
            cr_expect(strstr(r.out, "1.595e-2147483653"), "%s:\n%s", formats[i], r.out);
            cr_expect(strstr(r.out, "1.6 \u00d7 10\u207b\u00b2\u00b9\u2074\u2077\u2074\u2078\u00b3\u2076\u2075\u00b3"),
                      "%s:\n%s", formats[i], r.out);
        }
        if (i == 1)
            near(json_num(r.out, "log10_p_one_day"), -2147483652.7973127, 1e-12, "log10_p_one_day");
        xd_run_free(&r);
    }
    xd_run r = RUN("compare", "--count", "1000000000", "--format", "json");
    cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
    /* ppois(999999999, 325/1826, lower.tail = FALSE, log.p = TRUE) / log(10) = -9315322935.2925415 */
    near(json_num(r.out, "log10_p_one_day"), -9315322935.2925415, 1e-12, "log10_p_one_day");
    xd_run_free(&r);
}

/* ------------------------------------------------------------ large counts */

static void rate_case(double x1, double t1, double x2, double t2, double lo, double hi, double p, double log10_p)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_rate_test r;
    int rc = xd_stats_poisson_rate_test(x1, t1, x2, t2, 0.95, &r, &d);
    cr_assert_eq(rc, XD_OK, "rate test %g/%g vs %g/%g failed: %s", x1, t1, x2, t2, d.n ? d.items[0].text : "");
    near(r.ci.lo, lo, 1e-12, "ci.lo");
    near(r.ci.hi, hi, 1e-12, "ci.hi");
    if (!isnan(p))
        near(r.p_value, p, 1e-9, "p_value");
    if (!isnan(log10_p))
        near(r.log10_p_value, log10_p, 1e-12, "log10_p_value");
    xd_diags_free(&d);
}

/* lp(x, n, p): log10 of binom.test's p-value, summed in log space
 *   ld <- dbinom(x, n, p, log = TRUE); m <- n * p
 *   x < m: y <- sum(dbinom(ceiling(m):n, n, p, log = TRUE) <= ld + log1p(1e-7))
 *          logsumexp(pbinom(x, n, p, log.p = TRUE), pbinom(n - y, n, p, lower.tail = FALSE, log.p = TRUE))
 *   x > m: y <- sum(dbinom(0:floor(m), n, p, log = TRUE) <= ld + log1p(1e-7))
 *          logsumexp(pbinom(y - 1, n, p, log.p = TRUE), pbinom(x - 1, n, p, lower.tail = FALSE, log.p = TRUE))
 *   all divided by log(10). */
Test(rate_test, counts_gsl_gives_up_on)
{
    /* poisson.test(c(21000, 200000), c(1, 10)): conf.int, p.value */
    rate_case(21000, 1, 200000, 10, 1.0351290827024808, 1.0650412407335030, 2.3580001725576077e-11, NAN);
    /* poisson.test(c(1000, 200000), c(1, 10))$conf.int; lp(1000, 201000, 1/11) = -6585.0189520668127 */
    rate_case(1000, 1, 200000, 10, 0.046941380360717183, 0.053206102462160239, 0, -6585.0189520668127);
    /* lp(42000, 242000, 1/11) = -3518.4771719672704 */
    rate_case(42000, 1, 200000, 10, 2.0779752261888600, 2.1222201990104086, 0, -3518.4771719672704);
}

Test(rate_test, counts_near_the_limit)
{
    /* poisson.test(c(1e9, 9999900000), c(1, 10)): conf.int 0.99994499590560615 1.00007500766764368,
     * p.value 0.76302125680615884 */
    rate_case(1e9, 1, 9999900000, 10, 0.99994499590560615, 1.00007500766764368, 0.76302125680615884, NAN);
    /* x <- 1; n <- 2e9 + 1: qbeta(.025, x, n-x+1) / qbeta(.025, n-x+1, x, lower.tail = FALSE) * 10,
     * qbeta(.975, x+1, n-x) / qbeta(.025, n-x, x+1) * 10 */
    rate_case(1, 1, 2e9, 10, 1.2658903985895615e-10, 2.7858216986533940e-08, NAN, NAN);
    /* the same with x <- 2e9; n <- x + 3: odds of a p next to 1, written so that R keeps their digits */
    rate_case(2e9, 1, 3, 10, 2281211023.3212385, 32327301128.9076538, NAN, NAN);
}

static char *big_dataset(const char *transfer_date, const char *transfer_count)
{
    char *dir = xd_tempdir();
    char annual[2048] = "source,year,count,measure,status,note,reviewer\n";
    for (int y = 2010; y <= 2019; y++)
        snprintf(annual + strlen(annual), sizeof annual - strlen(annual), "a,%d,20000,,,,\n", y);
    strcat(annual, "a,2020,21000,,,,\n");
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    xd_write_file(xd_path_join(dir, "sources.csv"), "id,name,url,published,quote,extra\na,Agency A,https://example.org/a,2020,,\n");
    xd_write_file(xd_path_join(dir, "meta.csv"), "key,value\nname,big\nmain_measure,all\nbaseline,2010-2019\n");
    char tr[256];
    snprintf(tr, sizeof tr, "date,count,mechanism,label,source,note\n%s,%s,Transfer,Big,a,\n", transfer_date,
             transfer_count);
    xd_write_file(xd_path_join(dir, "transfers.csv"), tr);
    return dir;
}

Test(rate_test, compare_chart_report_on_large_counts)
{
    /* ten years of 20,000 and a transfer of 1,000 in 2020, a year of 21,000 treaty extraditions */
    char *dir = big_dataset("2020-03-01", "1000");
    xd_run r = RUN("compare", "--dataset", dir, "--format", "json");
    cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
    /* poisson.test(c(22000, 200000), c(366, 3652))$estimate */
    near(json_num(strstr(r.out, "with_transfers"), "rate_ratio"), 1.0975956284153006, 1e-12, "rate_ratio");
    /* poisson.test(c(22000, 200000), c(366, 3652))$p.value */
    near(json_num(strstr(r.out, "with_transfers"), "p_value"), 2.330034568051992e-38, 1e-6, "p");
    xd_run_free(&r);
    r = RUN("chart", "comparison", "--dataset", dir, "-o", xd_path_join(dir, "c.svg"));
    cr_expect_eq(r.status, 0, "chart: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    r = RUN("report", "--dataset", dir, "-o", xd_path_join(dir, "r.pdf"));
    cr_expect_eq(r.status, 0, "report: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    /* a count near the limit in the event's year: 2020 has 21,000 */
    r = RUN("compare", "--dataset", dir, "--count", "999999999", "--date", "2020-05-01", "--format", "json");
    cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ write errors */

/* Runs extrad with standard output on /dev/full; returns the exit status and
 * what it wrote to standard error (in err, cap bytes). */
static int run_to_full(const char *const *args, char *err, size_t cap)
{
    char errpath[] = "/tmp/extrad-err-XXXXXX";
    int efd = mkstemp(errpath);
    cr_assert(efd >= 0);
    const char *argv[16] = {XD_BINARY};
    size_t n = 1;
    for (; args[n - 1] && n < 15; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int out = open("/dev/full", O_WRONLY);
        if (out < 0 || dup2(out, 1) < 0 || dup2(efd, 2) < 0)
            _exit(99);
        execv(XD_BINARY, (char *const *)argv);
        _exit(98);
    }
    int st;
    waitpid(pid, &st, 0);
    ssize_t got = pread(efd, err, cap - 1, 0);
    err[got > 0 ? got : 0] = '\0';
    close(efd);
    unlink(errpath);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Test(write_errors, full_standard_output_is_exit_5)
{
    const char *const cmds[][6] = {{"compare", NULL},
                                   {"compare", "--format", "json", NULL},
                                   {"summary", NULL},
                                   {"summary", "--format", "csv", NULL},
                                   {"trend", NULL},
                                   {"trend", "--format", "md", NULL},
                                   {"check", NULL},
                                   {"--version", NULL},
                                   {"summary", "--help", NULL}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char err[4096];
        int st = run_to_full(cmds[i], err, sizeof err);
        cr_expect_eq(st, 5, "extrad %s > /dev/full: exit %d\n%s", cmds[i][0], st, err);
        cr_expect(strstr(err, "standard output"), "extrad %s > /dev/full says:\n%s", cmds[i][0], err);
    }
}

/* ------------------------------------------------------------ inputs and outputs */

Test(clobber, aggregate_refuses_its_own_input)
{
    char *dir = xd_tempdir();
    const char *records = "d,x\n2020-01-02,a\n2021-03-04,b\n";
    char in[1024], link_path[1024], hard[1024], other[1024];
    snprintf(in, sizeof in, "%s", xd_path_join(dir, "r.csv"));
    snprintf(link_path, sizeof link_path, "%s", xd_path_join(dir, "link.csv"));
    snprintf(hard, sizeof hard, "%s", xd_path_join(dir, "hard.csv"));
    snprintf(other, sizeof other, "%s/../%s/r.csv", dir, strrchr(dir, '/') + 1);
    xd_write_file(in, records);
    cr_assert_eq(symlink("r.csv", link_path), 0);
    cr_assert_eq(link(in, hard), 0);
    const char *outs[] = {in, link_path, hard, other};
    for (size_t i = 0; i < 4; i++) {
        xd_run r = RUN("aggregate", in, "--date", "d", "-o", outs[i]);
        cr_expect_eq(r.status, 2, "-o %s: exit %d\n%s", outs[i], r.status, r.err);
        cr_expect(strstr(r.err, "input file"), "-o %s:\n%s", outs[i], r.err);
        xd_run_free(&r);
        char *now = xd_slurp(in, NULL);
        cr_expect_str_eq(now, records, "-o %s changed the input", outs[i]);
        free(now);
    }
    /* the input as a link, the output its target */
    xd_run r = RUN("aggregate", link_path, "--date", "d", "-o", in);
    cr_expect_eq(r.status, 2, "exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    r = RUN("aggregate", in, "--date", "d", "-o", xd_path_join(dir, "counts.csv"));
    cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(clobber, keep_refuses_a_folder_it_did_not_make)
{
    char *dir = xd_tempdir();
    char keep[1024], chart[1024];
    snprintf(keep, sizeof keep, "%s", xd_path_join(dir, "mine"));
    snprintf(chart, sizeof chart, "%s", xd_path_join(dir, "a.svg"));
    mkdir(keep, 0777);
    xd_write_file(xd_path_join(keep, "render.sh"), "my own script\n");
    xd_write_file(xd_path_join(keep, "style.gp"), "my own style\n");
    xd_run r = RUN("chart", "annual", "-o", chart, "--keep", keep);
    cr_expect_eq(r.status, 2, "chart: exit %d\n%s", r.status, r.err);
    cr_expect(strstr(r.err, "render.sh") && strstr(r.err, "not empty"), "%s", r.err);
    xd_run_free(&r);
    r = RUN("report", "-o", xd_path_join(dir, "r.pdf"), "--keep", keep);
    cr_expect_eq(r.status, 2, "report: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    char *s = xd_slurp(xd_path_join(keep, "render.sh"), NULL);
    cr_expect_str_eq(s, "my own script\n");
    free(s);
    s = xd_slurp(xd_path_join(keep, "style.gp"), NULL);
    cr_expect_str_eq(s, "my own style\n");
    free(s);
    /* a new folder, and the same one again */
    snprintf(keep, sizeof keep, "%s", xd_path_join(dir, "kept"));
    for (int i = 0; i < 2; i++) {
        r = RUN("chart", "annual", "-o", chart, "--keep", keep);
        cr_expect_eq(r.status, 0, "chart, run %d: exit %d\n%s", i + 1, r.status, r.err);
        xd_run_free(&r);
    }
    xd_rmtree(dir);
    free(dir);
}

Test(clobber, report_output_name_is_a_pdf)
{
    char *dir = xd_tempdir();
    const char *bad[] = {"rep.png", "rep", "rep.pdf.txt", "out/", "."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[1024];
        snprintf(out, sizeof out, "%s/%s", dir, bad[i]);
        if (strcmp(bad[i], "out/") == 0)
            mkdir(xd_path_join(dir, "out"), 0777);
        xd_run r = RUN("report", "-o", out);
        cr_expect_eq(r.status, 2, "-o %s: exit %d\n%s", bad[i], r.status, r.err);
        xd_run_free(&r);
    }
    cr_expect(xd_slurp(xd_path_join(dir, "rep.png"), NULL) == NULL, "a PDF was written as rep.png");
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ models without an estimate */

/* A dataset of one series: counts from `first` on; a transfer in the last year when with_transfer. */
static char *series_dataset(int first, const int *counts, size_t n, int with_transfer)
{
    char *dir = xd_tempdir();
    char annual[4096] = "source,year,count,measure,status,note,reviewer\n";
    for (size_t i = 0; i < n; i++)
        snprintf(annual + strlen(annual), sizeof annual - strlen(annual), "a,%d,%d,,,,\n", first + (int)i, counts[i]);
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    xd_write_file(xd_path_join(dir, "sources.csv"),
                  "id,name,url,published,quote,extra\na,Agency A,https://example.org/a,2020,,\n");
    xd_write_file(xd_path_join(dir, "meta.csv"), "key,value\nname,series\nmain_measure,all\n");
    if (with_transfer) {
        char tr[256];
        snprintf(tr, sizeof tr, "date,count,mechanism,label,source,note\n%d-03-01,5,Transfer,Big,a,\n",
                 first + (int)n - 1);
        xd_write_file(xd_path_join(dir, "transfers.csv"), tr);
    }
    return dir;
}

Test(not_estimable, trend_says_so_and_reports_the_rest)
{
    const int last[] = {0, 0, 0, 0, 0, 1}, zeros[] = {0, 0, 0, 0, 0, 0};
    const int *cases[] = {last, zeros};
    size_t lens[] = {6, 6};
    for (size_t i = 0; i < 2; i++) {
        char *dir = series_dataset(2015, cases[i], lens[i], 1);
        xd_run r = RUN("trend", "--dataset", dir, "--format", "json");
        cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
        const char *p = strstr(r.out, "\"poisson\"");
        cr_assert(p, "%s", r.out);
        cr_expect(strstr(p, "\"estimable\": false"), "%s", p);
        cr_expect(strstr(p, "\"rate_ratio\": null"), "%s", p);
        cr_expect(strstr(p, "\"pct_change\": null"), "%s", p);
        cr_expect(strstr(r.out, "\"mann_kendall\""), "%s", r.out);
        xd_run_free(&r);
        r = RUN("trend", "--dataset", dir);
        cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
        cr_expect(strstr(r.out, "not estimable"), "%s", r.out);
        /* glm's rate ratio for 0,0,0,0,0,1 */
        cr_expect(!strstr(r.out, "4735148038") && !strstr(r.out, "473514803692"), "%s", r.out);
        cr_expect(strstr(r.out, "Kendall's tau") && strstr(r.out, "R squared"), "%s", r.out);
        xd_run_free(&r);
        if (cases[i] == zeros) {
            /* no baseline to compare with: the charts and report are tested with the separated counts */
            xd_rmtree(dir);
            free(dir);
            continue;
        }
        char keep[1024];
        snprintf(keep, sizeof keep, "%s", xd_path_join(dir, "kept"));
        r = RUN("chart", "trend", "--dataset", dir, "-o", xd_path_join(dir, "t.svg"), "--keep", keep);
        cr_expect_eq(r.status, 0, "chart: exit %d\n%s", r.status, r.err);
        xd_run_free(&r);
        char *values = xd_slurp(xd_path_join(keep, "trend/values.gp"), NULL);
        cr_expect(values && strstr(values, "has_fit = 0"), "%s", values ? values : "(no values.gp)");
        free(values);
        char *strings = xd_slurp(xd_path_join(keep, "trend/strings.gp"), NULL);
        cr_expect(strings && strstr(strings, "No trend can be estimated"), "%s", strings ? strings : "");
        free(strings);
        r = RUN("report", "--dataset", dir, "-o", xd_path_join(dir, "r.pdf"));
        cr_expect_eq(r.status, 0, "report: exit %d\n%s", r.status, r.err);
        xd_run_free(&r);
        xd_rmtree(dir);
        free(dir);
    }
}

/* ------------------------------------------------------------ small data */

Test(small_data, charts_and_report_leave_out_what_they_cannot_draw)
{
    const int counts[] = {50, 61};
    for (size_t n = 1; n <= 2; n++) {
        char *dir = series_dataset(2020, counts, n, 1);
        char baseline[16];
        snprintf(baseline, sizeof baseline, "2020-%d", 2019 + (int)n);
        xd_run r = RUN("chart", "trend", "--dataset", dir, "--baseline", baseline, "-o", xd_path_join(dir, "t.svg"));
        cr_expect_eq(r.status, 1, "%zu years, chart trend: exit %d\n%s", n, r.status, r.err);
        cr_expect(strstr(r.err, "at least 3 years") && !strstr(r.err, "gnuplot"), "%s", r.err);
        xd_run_free(&r);
        char out[1024];
        snprintf(out, sizeof out, "%s/all/", dir);
        r = RUN("chart", "all", "--dataset", dir, "--baseline", baseline, "-o", out);
        cr_expect_eq(r.status, 0, "%zu years, chart all: exit %d\n%s", n, r.status, r.err);
        cr_expect(strstr(r.err, "trend") && strstr(r.err, "at least 3 years"), "%s", r.err);
        const char *made[] = {"comparison.pdf", "annual.pdf", "pace.pdf"};
        for (size_t k = 0; k < 3; k++) {
            char *f = xd_slurp(xd_path_join(xd_path_join(dir, "all"), made[k]), NULL);
            cr_expect(f && strncmp(f, "%PDF-", 5) == 0, "%zu years: no %s", n, made[k]);
            free(f);
        }
        cr_expect(xd_slurp(xd_path_join(xd_path_join(dir, "all"), "trend.pdf"), NULL) == NULL);
        xd_run_free(&r);
        r = RUN("report", "--dataset", dir, "--baseline", baseline, "-o", xd_path_join(dir, "r.pdf"));
        cr_expect_eq(r.status, 0, "%zu years, report: exit %d\n%s", n, r.status, r.err);
        xd_run_free(&r);
        char *pdf = xd_slurp(xd_path_join(dir, "r.pdf"), NULL);
        cr_expect(pdf && strncmp(pdf, "%PDF-", 5) == 0, "%zu years: no report", n);
        free(pdf);
        xd_rmtree(dir);
        free(dir);
    }
}

/* ------------------------------------------------------------ no transfers.csv */

Test(no_transfers, chart_and_report_take_count_or_draw_what_needs_none)
{
    const int counts[] = {50, 61, 58, 70, 66, 64};
    char *dir = series_dataset(2015, counts, 6, 0);
    char out[1024];
    snprintf(out, sizeof out, "%s/all/", dir);
    xd_run r = RUN("chart", "all", "--dataset", dir, "-o", out);
    cr_expect_eq(r.status, 0, "chart all: exit %d\n%s", r.status, r.err);
    cr_expect(strstr(r.err, "comparison.pdf: not drawn") && strstr(r.err, "pace.pdf: not drawn") &&
                  strstr(r.err, "--count"),
              "%s", r.err);
    cr_expect(strstr(r.out, "annual.pdf") && strstr(r.out, "trend.pdf"), "%s", r.out);
    xd_run_free(&r);

    r = RUN("chart", "comparison", "pace", "--dataset", dir, "-o", out, "--count", "300", "--date", "2020-04-01",
            "--label", "A flight");
    cr_expect_eq(r.status, 0, "chart --count: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    r = RUN("chart", "pace", "--dataset", dir, "-o", xd_path_join(dir, "p.svg"), "--count", "300");
    cr_expect_eq(r.status, 1, "pace without a date: exit %d\n%s", r.status, r.err);
    cr_expect(strstr(r.err, "--date"), "%s", r.err);
    xd_run_free(&r);
    r = RUN("chart", "annual", "--dataset", dir, "-o", xd_path_join(dir, "a.svg"), "--label", "x");
    cr_expect_eq(r.status, 2, "--label without --count: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    r = RUN("report", "--dataset", dir, "-o", xd_path_join(dir, "r.pdf"), "--count", "x");
    cr_expect_eq(r.status, 2, "--count x: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);

    char keep[1024];
    snprintf(keep, sizeof keep, "%s", xd_path_join(dir, "kept"));
    r = RUN("report", "--dataset", dir, "-o", xd_path_join(dir, "r.pdf"), "--keep", keep);
    cr_expect_eq(r.status, 0, "report: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    char *page = xd_slurp(xd_path_join(keep, "page01/text.tsv"), NULL);
    cr_expect(page && strstr(page, "no event compared") && strstr(page, "No single handover is compared"), "%s",
              page ? page : "(no page01/text.tsv)");
    free(page);

    r = RUN("report", "--dataset", dir, "-o", xd_path_join(dir, "r2.pdf"), "--count", "300", "--date", "2020-04-01");
    cr_expect_eq(r.status, 0, "report --count: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    /* compare has nothing to compare without an event */
    r = RUN("compare", "--dataset", dir);
    cr_expect_eq(r.status, 2, "compare: exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ messages */

Test(messages, baseline_says_what_is_wrong)
{
    const char *cmds[] = {"compare", "chart", "report"};
    for (size_t i = 0; i < 3; i++) {
        xd_run r = i == 1 ? RUN("chart", "annual", "-o", "x.svg", "--baseline", "2023-2019")
                          : RUN(cmds[i], "--baseline", "2023-2019");
        cr_expect_eq(r.status, 2, "%s: exit %d", cmds[i], r.status);
        cr_expect(strstr(r.err, "2023 is after 2019") && strstr(r.err, "2019-2023"), "%s: %s", cmds[i], r.err);
        xd_run_free(&r);
        r = i == 1 ? RUN("chart", "annual", "-o", "x.svg", "--baseline", "1800-1900")
                   : RUN(cmds[i], "--baseline", "1800-1900");
        cr_expect_eq(r.status, 2, "%s: exit %d", cmds[i], r.status);
        cr_expect(strstr(r.err, "from 1900 to 2100"), "%s: %s", cmds[i], r.err);
        xd_run_free(&r);
    }
}

Test(messages, a_list_cut_short_says_how_many_are_left_out)
{
    const int counts[] = {5};
    char *dir = series_dataset(1900, counts, 1, 1);
    xd_write_file(xd_path_join(dir, "annual.csv"),
                  "source,year,count,measure,status,note,reviewer\na,1900,5,,,,\na,2100,7,,,,\n");
    xd_run r = RUN("compare", "--dataset", dir, "--baseline", "1901-2099", "--count", "3");
    cr_expect_eq(r.status, 1, "exit %d\n%s", r.status, r.err);
    /* 199 years have no figure: those listed and those counted add up */
    const char *list = strstr(r.err, "no yearly figure for ");
    cr_assert(list, "%s", r.err);
    size_t listed = 0;
    for (const char *p = list; (p = strstr(p, ", ")) != NULL && p < strstr(list, " and "); p += 2)
        listed++;
    listed++;
    const char *more = strstr(list, " and ");
    cr_assert(more, "%s", r.err);
    unsigned long left = strtoul(more + 5, NULL, 10);
    cr_expect(strstr(more, " more"), "%s", r.err);
    cr_expect_eq(listed + left, 199, "listed %zu and %lu more:\n%s", listed, left, r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(messages, environment_values_are_checked)
{
    const char *const bad_timeout[][2] = {{"EXTRAD_GNUPLOT_TIMEOUT=abc", NULL}, {"EXTRAD_GNUPLOT_TIMEOUT=-5", NULL}};
    for (size_t i = 0; i < 2; i++) {
        xd_run r = xd_run_cli((const char *const[]){"chart", "annual", "-o", "/nonexistent/x.svg", NULL}, bad_timeout[i]);
        cr_expect_eq(r.status, 2, "%s chart: exit %d\n%s", bad_timeout[i][0], r.status, r.err);
        cr_expect(strstr(r.err, "EXTRAD_GNUPLOT_TIMEOUT"), "%s", r.err);
        xd_run_free(&r);
        r = xd_run_cli((const char *const[]){"report", "-o", "/nonexistent/x.pdf", NULL}, bad_timeout[i]);
        cr_expect_eq(r.status, 2, "%s report: exit %d\n%s", bad_timeout[i][0], r.status, r.err);
        cr_expect(strstr(r.err, "EXTRAD_GNUPLOT_TIMEOUT"), "%s", r.err);
        xd_run_free(&r);
    }
    const char *const bogus[] = {"EXTRAD_SUMMARY_STREAM=bogus", NULL};
    xd_run r = xd_run_cli((const char *const[]){"summary", NULL}, bogus);
    cr_expect_eq(r.status, 2, "exit %d\n%s", r.status, r.err);
    cr_expect(strstr(r.err, "EXTRAD_SUMMARY_STREAM") && strstr(r.err, "bogus"), "%s", r.err);
    xd_run_free(&r);
}

Test(messages, a_wrong_measure_lists_the_measures)
{
    const char *const cmds[][4] = {{"summary", "--measure", "nope", NULL},
                                   {"trend", "--measure", "nope", NULL},
                                   {"compare", "--measure", "nope", NULL}};
    for (size_t i = 0; i < 3; i++) {
        xd_run r = xd_run_cli(cmds[i], NULL);
        cr_expect_neq(r.status, 0, "%s", cmds[i][0]);
        cr_expect(strstr(r.err, "'nope'") && strstr(r.err, "measures are: all, mx-nationals"), "%s: %s", cmds[i][0],
                  r.err);
        xd_run_free(&r);
    }
}

/* ------------------------------------------------------------ formats */

/* A small JSON reader that flattens as the README says the csv format does:
 * names joined by '_'; an array of numbers, nulls or periods (YYYY-MM) is one
 * row joined by ';'; other arrays one row per element numbered from 1. */
typedef struct flat {
    char *out;
    size_t len, cap;
} flat;

static void flat_put(flat *f, const char *s, size_t n)
{
    if (f->len + n + 1 > f->cap) {
        f->cap = (f->len + n + 1) * 2;
        f->out = realloc(f->out, f->cap);
    }
    memcpy(f->out + f->len, s, n);
    f->len += n;
    f->out[f->len] = '\0';
}

static void flat_csv(flat *f, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        flat_put(f, "\"", 1);
    for (; *s; s++)
        flat_put(f, s, 1), *s == '"' ? flat_put(f, "\"", 1) : (void)0;
    if (quote)
        flat_put(f, "\"", 1);
}

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
        (*p)++;
}

/* A scalar's text (strings unescaped); *p moves past it. */
static char *scalar(const char **p, int *is_string)
{
    char buf[8192];
    size_t n = 0;
    *is_string = **p == '"';
    if (**p == '"') {
        for ((*p)++; **p != '"'; (*p)++) {
            char c = **p;
            if (c == '\\') {
                (*p)++;
                c = **p == 'n' ? '\n' : **p == 't' ? '\t' : **p;
                if (**p == 'u') {
                    c = (char)strtol((char[]){(*p)[1], (*p)[2], (*p)[3], (*p)[4], 0}, NULL, 16);
                    *p += 4;
                }
            }
            if (n + 1 < sizeof buf)
                buf[n++] = c;
        }
        (*p)++;
    } else {
        while (**p && !strchr(",]}\n ", **p))
            buf[n++] = *(*p)++;
    }
    buf[n] = '\0';
    if (!*is_string && strcmp(buf, "null") == 0)
        buf[0] = '\0';
    return strdup(buf);
}

static int joinable(const char *p)
{
    /* the first element decides: a number, null or "YYYY-MM" */
    skip_ws(&p);
    if (*p == '"')
        return strlen(p) > 8 && p[5] == '-' && p[8] == '"';
    return *p != '{' && *p != '[' && strncmp(p, "true", 4) != 0 && strncmp(p, "false", 5) != 0;
}

static void flatten(flat *f, const char **p, const char *name)
{
    skip_ws(p);
    if (**p == '{' || **p == '[') {
        int array = **p == '[';
        (*p)++;
        skip_ws(p);
        int join = array && (**p == ']' || joinable(*p));
        char joined[16384] = "";
        for (int i = 1; **p != '}' && **p != ']'; i++) {
            char key[512];
            if (!array) {
                int s;
                char *k = scalar(p, &s);
                snprintf(key, sizeof key, "%s%s%s", name, *name ? "_" : "", k);
                free(k);
                skip_ws(p);
                (*p)++; /* : */
            } else {
                snprintf(key, sizeof key, "%s_%d", name, i);
            }
            skip_ws(p);
            if (join) {
                int s;
                char *v = scalar(p, &s);
                snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i > 1 ? ";" : "", v);
                free(v);
            } else {
                flatten(f, p, key);
            }
            skip_ws(p);
            if (**p == ',')
                (*p)++;
            skip_ws(p);
        }
        (*p)++;
        if (join) {
            flat_csv(f, name);
            flat_put(f, ",", 1);
            flat_csv(f, joined);
            flat_put(f, "\n", 1);
        }
        return;
    }
    int s;
    char *v = scalar(p, &s);
    flat_csv(f, name);
    flat_put(f, ",", 1);
    flat_csv(f, v);
    flat_put(f, "\n", 1);
    free(v);
}

static void csv_is_flat_json(const char *const *args, const char *dataset)
{
    const char *argv[16];
    size_t n = 0;
    for (; args[n]; n++)
        argv[n] = args[n];
    if (dataset) {
        argv[n++] = "--dataset";
        argv[n++] = dataset;
    }
    argv[n++] = "--format";
    argv[n++] = "json";
    argv[n] = NULL;
    xd_run j = xd_run_cli(argv, NULL);
    argv[n - 1] = "csv";
    xd_run c = xd_run_cli(argv, NULL);
    cr_assert_eq(j.status, 0, "%s json: exit %d\n%s", args[0], j.status, j.err);
    cr_assert_eq(c.status, 0, "%s csv: exit %d\n%s", args[0], c.status, c.err);
    flat f = {0};
    flat_put(&f, "key,value\n", 10);
    const char *p = j.out;
    flatten(&f, &p, "");
    cr_expect_str_eq(c.out, f.out, "%s %s: csv is not the JSON flattened", args[0], args[1] ? args[1] : "");
    free(f.out);
    xd_run_free(&j);
    xd_run_free(&c);
}

Test(formats, csv_is_the_json_flattened)
{
    csv_is_flat_json((const char *const[]){"summary", NULL}, NULL);
    csv_is_flat_json((const char *const[]){"summary", "--from", "2005", "--to", "2012", NULL}, NULL);
    csv_is_flat_json((const char *const[]){"compare", NULL}, NULL);
    csv_is_flat_json((const char *const[]){"compare", "--count", "40", NULL}, NULL);
    csv_is_flat_json((const char *const[]){"compare", "--count", "40", "--date", "2019-03-04", "--label", "a, \"b\"",
                                           NULL},
                     NULL);
    csv_is_flat_json((const char *const[]){"trend", NULL}, NULL);
    const int sep[] = {0, 0, 0, 0, 0, 1};
    char *dir = series_dataset(2015, sep, 6, 1);
    csv_is_flat_json((const char *const[]){"trend", NULL}, dir);
    csv_is_flat_json((const char *const[]){"summary", NULL}, dir);
    xd_rmtree(dir);
    free(dir);
    /* names the README gives */
    xd_run r = RUN("summary", "--format", "csv");
    cr_expect(strstr(r.out, "\nmin_year,2000\n") && strstr(r.out, "\nci_t,") && strstr(r.out, "\nyears_1_count,12\n"),
              "%s", r.out);
    xd_run_free(&r);
}

/* Every line of a Markdown table: starts with '|' and has 3 cell borders. */
static void md_table_ok(const char *out)
{
    for (const char *line = out; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line)) {
        if (*line != '|')
            continue;
        int bars = 0;
        for (const char *p = line; *p && *p != '\n'; p++)
            bars += *p == '|' && (p == line || p[-1] != '\\');
        cr_expect_eq(bars, 3, "table line with %d borders: %.*s", bars, (int)strcspn(line, "\n"), line);
        cr_expect(line[1] != ' ' || line[2] != ' ', "a cell starts with spaces: %.*s", (int)strcspn(line, "\n"), line);
    }
}

Test(formats, markdown_escapes_dataset_text)
{
    const char *label = "a|b <script>*x* _y_ [l](u) `c`\nsecond line";
    xd_run r = RUN("compare", "--format", "md", "--count", "5", "--label", label);
    cr_expect_eq(r.status, 0);
    md_table_ok(r.out);
    cr_expect(strstr(r.out, "a\\|b &lt;script&gt;\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` second line"), "%s", r.out);
    cr_expect(!strstr(r.out, "<script>"), "%s", r.out);
    /* the sentences too: one list item each */
    for (const char *p = strstr(r.out, "\n- "); p; p = strstr(p + 1, "\n- "))
        cr_expect(p[3] != '\n');
    cr_expect(!strstr(r.out, "\nsecond line"), "%s", r.out);
    xd_run_free(&r);
    r = RUN("trend", "--format", "md");
    md_table_ok(r.out);
    xd_run_free(&r);
    r = RUN("summary", "--format", "md");
    md_table_ok(r.out);
    xd_run_free(&r);
}

Test(formats, a_line_break_in_a_label_keeps_the_text_table)
{
    xd_run r = RUN("compare", "--count", "5", "--label", "first\nsecond\r\tthird");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "  event ") && strstr(r.out, "5: first second  third\n"), "%s", r.out);
    /* every line of the table starts with two spaces */
    const char *table = strstr(r.out, "\n\n") + 2, *end = strstr(table, "\n\n");
    for (const char *line = table; line < end; line = strchr(line, '\n') + 1)
        cr_expect(strncmp(line, "  ", 2) == 0, "%.*s", (int)strcspn(line, "\n"), line);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ documentation */

/* The man page's text for a command: its .SS section and COMMON OPTIONS, with
 * the roff escapes of '-' removed. */
static char *man_section(const char *man, const char *cmd)
{
    char head[64];
    snprintf(head, sizeof head, ".SS extrad %s", cmd);
    const char *a = strstr(man, head), *c = strstr(man, ".SH COMMON OPTIONS");
    cr_assert(a && c, "no section for %s", cmd);
    const char *b = strstr(a + 4, "\n.S"), *d = strstr(c + 4, "\n.SH");
    size_t la = b ? (size_t)(b - a) : strlen(a), lc = d ? (size_t)(d - c) : strlen(c);
    char *out = malloc(la + lc + 2), *o = out;
    for (size_t i = 0; i < la; i++)
        if (a[i] != '\\')
            *o++ = a[i];
    *o++ = '\n';
    for (size_t i = 0; i < lc; i++)
        if (c[i] != '\\')
            *o++ = c[i];
    *o = '\0';
    return out;
}

Test(docs, every_option_of_help_is_in_the_man_page)
{
    char *man = xd_slurp(XD_SOURCE_DIR "/extrad.1", NULL);
    cr_assert(man);
    const char *cmds[] = {"check", "summary", "compare", "trend", "chart", "report", "aggregate"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        xd_run r = RUN(cmds[i], "--help");
        char *sec = man_section(man, cmds[i]);
        for (const char *p = strstr(r.out, "--"); p; p = strstr(p + 2, "--")) {
            char opt[40];
            size_t n = 0;
            while (n + 1 < sizeof opt && (p[n] == '-' || (p[n] >= 'a' && p[n] <= 'z')))
                opt[n] = p[n], n++;
            opt[n] = '\0';
            if (n < 4 || strcmp(opt, "--help") == 0)
                continue;
            cr_expect(strstr(sec, opt), "extrad %s --help names %s, its man page section does not", cmds[i], opt);
        }
        free(sec);
        xd_run_free(&r);
    }
    free(man);
}

Test(docs, report_takes_measure_and_level)
{
    char *dir = xd_tempdir();
    char keep[1024];
    snprintf(keep, sizeof keep, "%s", xd_path_join(dir, "kept"));
    xd_run r = RUN("report", "-o", xd_path_join(dir, "r.pdf"), "--measure", "mx-nationals", "--level", "0.9",
                   "--baseline", "2019-2022", "--keep", keep);
    cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
    xd_run_free(&r);
    char *page = xd_slurp(xd_path_join(keep, "page01/text.tsv"), NULL);
    cr_expect(page && strstr(page, "90%"), "%s", page ? page : "(none)");
    free(page);
    r = RUN("report", "-o", xd_path_join(dir, "r.pdf"), "--measure", "nope");
    cr_expect_eq(r.status, 2, "exit %d\n%s", r.status, r.err);
    cr_expect(strstr(r.err, "mx-nationals"), "%s", r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

Test(docs, man_extrad_from_the_build_tree)
{
    /* man looks in <folder on PATH>/share/man: the build tree has the page there */
    char *page = xd_slurp(XD_BUILD_DIR "/share/man/man1/extrad.1", NULL);
    char *src = xd_slurp(XD_SOURCE_DIR "/extrad.1", NULL);
    cr_expect(page && src && strcmp(page, src) == 0, "build/share/man/man1/extrad.1 is not the man page");
    free(page);
    free(src);
}

Test(docs, aggregate_json_keys_and_thread_variables)
{
    char *dir = xd_tempdir();
    char in[1024];
    snprintf(in, sizeof in, "%s", xd_path_join(dir, "r.csv"));
    xd_write_file(in, "d,x\n2020-01-02,a\n2021-03-04,b\n");
    xd_run r = RUN("aggregate", in, "--date", "d", "--by", "month", "--group", "x", "--format", "json");
    cr_expect_eq(r.status, 0);
    char *readme = xd_slurp(XD_SOURCE_DIR "/README.md", NULL);
    const char *doc = strstr(readme, "`aggregate --format json`");
    cr_assert(doc, "README has no aggregate JSON keys");
    for (const char *p = strchr(r.out, '"'); p; p = strchr(p + 1, '"')) {
        const char *e = strchr(p + 1, '"');
        if (!e || e[1] != ':')
            continue;
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(e - p - 1), p + 1);
        if (strcmp(key, "x") != 0) /* a group column's own name */
            cr_expect(strstr(doc, key) && strstr(doc, key) < strstr(doc, "\n\n"), "README lacks aggregate key %s", key);
        p = e;
    }
    free(readme);
    xd_run_free(&r);
    const char *const scan[] = {"EXTRAD_SCAN_THREADS=abc", NULL}, *const agg[] = {"EXTRAD_AGGREGATE_THREADS=0", NULL};
    r = xd_run_cli((const char *const[]){"summary", NULL}, scan);
    cr_expect_eq(r.status, 2, "EXTRAD_SCAN_THREADS=abc: exit %d", r.status);
    cr_expect(strstr(r.err, "EXTRAD_SCAN_THREADS"), "%s", r.err);
    xd_run_free(&r);
    r = xd_run_cli((const char *const[]){"aggregate", in, "--date", "d", NULL}, agg);
    cr_expect_eq(r.status, 2, "EXTRAD_AGGREGATE_THREADS=0: exit %d", r.status);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}
