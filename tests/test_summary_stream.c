/* extrad summary reading annual.csv row by row (src/data/annual_scan.c) against
 * reading it as a table: the same output, messages and exit status on every
 * dataset of the tests, the bundled one and the bad corpus, with one thread and
 * with the file cut into parts; files past the table's limits; and
 * --all-measures on a multi-series fixture checked against R. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

#define BAD_DIR XD_SOURCE_DIR "/tests/bad"
#define SERIES XD_SOURCE_DIR "/tests/fixtures/series"

static const char *const env_table[] = {"EXTRAD_SUMMARY_STREAM=never", NULL};
static const char *const env_stream[] = {"EXTRAD_SUMMARY_STREAM=always", "EXTRAD_SCAN_THREADS=1", NULL};
/* parts of 64 bytes: every small file is read by several threads */
static const char *const env_parts[] = {"EXTRAD_SUMMARY_STREAM=always", "EXTRAD_SCAN_THREADS=4",
                                        "EXTRAD_SCAN_PART_MIN=64", NULL};
static const char *const env_auto[] = {"EXTRAD_SCAN_THREADS=3", NULL};

/* The output less csv's rows of the sources behind each year: for a year of
 * many agreeing rows the stream keeps the first sources only (README). */
static char *without_source_rows(const char *out)
{
    char *copy = strdup(out), *o = copy;
    for (const char *p = out; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
        const char *u = strchr(p, '_');
        int skip = (strncmp(p, "years_", 6) == 0 || strncmp(p, "months_", 7) == 0) && u && u < p + len &&
                   strstr(u + 1, "_sources_") && strstr(u + 1, "_sources_") < p + len;
        if (!skip) {
            memcpy(o, p, len);
            o += len;
        }
        p += len;
    }
    *o = '\0';
    return copy;
}

static int same_run(const xd_run *a, const xd_run *b)
{
    char *x = without_source_rows(a->out), *y = without_source_rows(b->out);
    int same = a->status == b->status && strcmp(x, y) == 0 && strcmp(a->err, b->err) == 0;
    free(x);
    free(y);
    return same;
}

/* Runs `summary ARGS --dataset DIR` as a table and streamed (one thread, and
 * parts), and expects the same everything. */
static void expect_same(const char *dir, const char *const *args)
{
    const char *argv[16];
    size_t n = 0;
    argv[n++] = "summary";
    for (size_t i = 0; args[i] && n < 12; i++)
        argv[n++] = args[i];
    argv[n++] = "--dataset";
    argv[n++] = dir;
    argv[n] = NULL;
    char shown[256] = "";
    for (size_t i = 0, o = 0; argv[i] && o < sizeof shown - 1; i++)
        o += (size_t)snprintf(shown + o, sizeof shown - o, "%s ", argv[i]);
    xd_run t = xd_run_cli(argv, env_table);
    const char *const *envs[2] = {env_stream, env_parts};
    for (int k = 0; k < 2; k++) {
        xd_run s = xd_run_cli(argv, envs[k]);
        cr_expect(same_run(&t, &s),
                  "extrad %s(%s): table and stream differ\n-- table (%d):\n%s%s\n-- stream (%d):\n%s%s", shown,
                  k ? "parts" : "one thread", t.status, t.out, t.err, s.status, s.out, s.err);
        xd_run_free(&s);
    }
    xd_run_free(&t);
}

static void expect_same_all_formats(const char *dir)
{
    static const char *const runs[][5] = {{NULL},
                                          {"--format", "csv", NULL},
                                          {"--format", "json", NULL},
                                          {"--format", "md", NULL},
                                          {"--all-measures", NULL},
                                          {"--all-measures", "--format", "csv", NULL},
                                          {"--all-measures", "--format", "json", NULL},
                                          {"--all-measures", "--format", "md", NULL},
                                          {"--from", "2017", "--to", "2019", NULL}};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        expect_same(dir, runs[i]);
}

Test(summary_stream, same_on_bundled_dataset) { expect_same_all_formats(XD_DATASET); }

Test(summary_stream, same_on_fixtures)
{
    expect_same_all_formats(XD_SOURCE_DIR "/tests/fixtures/tiny");
    expect_same_all_formats(XD_SOURCE_DIR "/tests/fixtures/monthly");
    expect_same_all_formats(SERIES);
    static const char *const by_measure[] = {"--measure", "women", "--format", "json", NULL};
    expect_same(SERIES, by_measure);
}

/* Every case of the bad corpus, shared out between the tests below (case i
 * goes to part i % parts) so that they run side by side. */
static void same_on_bad_corpus(size_t part, size_t parts)
{
    static const char *const plain[] = {NULL};
    static const char *const json[] = {"--format", "json", NULL};
    static const char *const all[] = {"--all-measures", "--format", "csv", NULL};
    static const char *const period[] = {"--from", "2017", "--to", "2017", NULL};
    DIR *dir = opendir(BAD_DIR);
    cr_assert(dir);
    char **cases = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", BAD_DIR, e->d_name);
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        cases = realloc(cases, (n + 1) * sizeof *cases);
        cases[n++] = strdup(path);
    }
    closedir(dir);
    cr_expect_geq(n, 45, "only %zu cases in %s", n, BAD_DIR);
    xd_sort_paths(cases, n);
    for (size_t i = 0; i < n; i++) {
        if (i % parts == part) {
            expect_same(cases[i], plain);
            expect_same(cases[i], json);
            expect_same(cases[i], all);
            expect_same(cases[i], period);
        }
        free(cases[i]);
    }
    free(cases);
}

Test(summary_stream, same_on_bad_corpus_1_of_3) { same_on_bad_corpus(0, 3); }
Test(summary_stream, same_on_bad_corpus_2_of_3) { same_on_bad_corpus(1, 3); }
Test(summary_stream, same_on_bad_corpus_3_of_3) { same_on_bad_corpus(2, 3); }

static char *new_dataset(void)
{
    char *dir = xd_tempdir();
    char path[512];
    snprintf(path, sizeof path, "%s/sources.csv", dir);
    xd_write_file(path, "id,name,url\ns1,One,https://example.org/1\ns2,Two,https://example.org/2\n");
    return dir;
}

static FILE *open_annual(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/annual.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    return f;
}

/* Inputs the bad corpus cannot hold: lines longer than a read block, many
 * columns, rows that need the strict reader between plain ones. */
Test(summary_stream, same_on_generated_oddities)
{
    static const char *const plain[] = {NULL};
    static const char *const csv[] = {"--format", "csv", NULL}; /* (big cells: see below) */
    static const char *const all[] = {"--all-measures", NULL};
    char *dir = new_dataset();
    FILE *f = open_annual(dir);
    fputs("year,count,source,measure,status,note\n", f);
    for (int i = 0; i < 3000; i++) {
        int y = 2000 + i % 20;
        switch (i % 500) {
        case 7: fprintf(f, "%d,\"%d\",s1,m,,\"a note\nover two lines\"\n", y, y - 1990); break;
        case 8: fprintf(f, "%d, %d ,s2,m,,\r\n", y, y - 1990); break;
        case 9: fprintf(f, "\n%d,%d,s1,\"m\",,caf\xc3\xa9\n", y, y - 1990); break;
        case 10: fprintf(f, "%d,%d,s2,m,,%0*d\n", y, y - 1990, 300000, 0); break; /* longer than a block */
        default: fprintf(f, "%d,%d,s%d,%s,,\n", y, y - 1990, 1 + i % 2, i % 3 ? "m" : "");
        }
    }
    fclose(f);
    expect_same(dir, csv);
    expect_same(dir, all);
    /* then a field over the 1 MiB limit, far into the file */
    f = open_annual(dir);
    fputs("year,count,source\n", f);
    for (int i = 0; i < 2000; i++)
        fprintf(f, "%d,%d,s1\n", 2000 + i % 5, 10 + i % 5);
    fprintf(f, "2001,11,%0*d\n", 1100000, 0);
    fclose(f);
    expect_same(dir, plain);
    /* and more columns than the limit */
    f = open_annual(dir);
    fputs("year,count,source\n2001,11,s1\n2002,12,s1", f);
    for (int i = 0; i < 1100; i++)
        fputs(",x", f);
    fputs("\n", f);
    fclose(f);
    expect_same(dir, plain);
    xd_rmtree(dir);
    free(dir);
}

/* A cell with more rows than the stream keeps: the conflict message, the
 * preferred row that comes after them, and problems far into the file (in a
 * part read by another thread) come out as from the table. */
Test(summary_stream, big_cells_and_late_problems)
{
    static const char *const plain[] = {NULL};
    static const char *const csv[] = {"--format", "csv", NULL};
    static const char *const all[] = {"--all-measures", "--format", "csv", NULL};
    char *dir = new_dataset();
    /* 2005 has 200 rows agreeing on 50 and one alternative 51: unresolved
     * until a preferred row comes, at the very end */
    for (int variant = 0; variant < 3; variant++) {
        FILE *f = open_annual(dir);
        fputs("year,count,source,measure,status\n", f);
        for (int i = 0; i < 4000; i++) {
            int y = 2000 + i % 10;
            if (y == 2005)
                fprintf(f, "2005,%d,s%d,,%s\n", i == 1005 ? 51 : 50, 1 + i % 2, i == 1005 ? "alternative" : "");
            else
                fprintf(f, "%d,%d,s1,%s,\n", y, 20 + y % 7, i % 4 ? "" : "second");
        }
        if (variant == 1)
            fputs("2005,50,s2,,preferred\n", f);
        if (variant == 2)
            fputs("2009,x1,s3,,\n2009,21,s1,,maybe\n", f);
        fclose(f);
        /* (a year with many rows lists all their sources from the table,
         * the first few from the stream: csv has no list) */
        if (variant != 1)
            expect_same(dir, plain);
        expect_same(dir, csv);
        expect_same(dir, all);
    }
    xd_rmtree(dir);
    free(dir);
}

/* Past the table's row limit: the table refuses the file, the stream (chosen
 * by size, without EXTRAD_SUMMARY_STREAM) reads it. */
Test(summary_stream, past_the_table_limits)
{
    char *dir = new_dataset();
    FILE *f = open_annual(dir);
    fputs("year,count,source\n", f);
    /* 1,200,000 rows: 2010-2014 with counts 7, 8, 9, 10, 11 from alternating sources */
    for (long i = 0; i < 1200000; i++)
        fprintf(f, "%ld,%ld,s%ld\n", 2010 + i % 5, 7 + i % 5, 1 + (i / 5) % 2);
    fclose(f);
    const char *args[] = {"summary", "--format", "csv", "--dataset", dir, NULL};
    xd_run t = xd_run_cli(args, env_table);
    cr_expect_eq(t.status, 1);
    cr_expect(strstr(t.err, "/annual.csv:1000002: more than 1000000 rows (the limit for a dataset file)"), "%s", t.err);
    xd_run s = xd_run_cli(args, env_auto);
    cr_expect_eq(s.status, 0, "%s", s.err);
    cr_expect(strstr(s.out, "\nn,5\n"), "%s", s.out);
    cr_expect(strstr(s.out, "\ntotal,45\n"), "%s", s.out); /* R: sum(7:11) */
    cr_expect(strstr(s.out, "\nmean,9\n"), "%s", s.out);
    /* a year's list of sources: its first XD_SCAN_LIST_ROWS (16) rows when they agree */
    const char *text_args[] = {"summary", "--dataset", dir, NULL};
    xd_run x = xd_run_cli(text_args, env_auto);
    cr_expect_eq(x.status, 0, "%s", x.err);
    cr_expect(strstr(x.out, "    2010: 7 [s1, s2, s1, s2, s1, s2, s1, s2, s1, s2, s1, s2, s1, s2, s1, s2]\n"), "%s",
              x.out);
    xd_run_free(&x);
    xd_run_free(&t);
    xd_run_free(&s);
    xd_rmtree(dir);
    free(dir);
}

/* --all-measures on three series; every expected value from R. */
static double field(const char *line, int k)
{
    for (int i = 0; i < k && line; i++) {
        line = strchr(line, ',');
        if (line)
            line++;
    }
    return line && *line != ',' && *line != '\n' ? strtod(line, NULL) : NAN;
}

static void expect_close(double got, double want, const char *what)
{
    cr_expect(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)), "%s: got %.17g, expected %.17g", what, got, want);
}

Test(summary_stream, all_measures_against_r)
{
    const char *args[] = {"summary", "--all-measures", "--format", "csv", "--dataset", SERIES, NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *all = strstr(r.out, "\nall,2015,2020,5,");
    const char *nat = strstr(r.out, "\nnationals,2015,2018,4,");
    const char *women = strstr(r.out, "\nwomen,2016,2020,4,");
    cr_assert(all && nat && women, "%s", r.out);
    cr_expect(all < nat && nat < women, "main measure first, then in order of first row:\n%s", r.out);
    /* columns: measure,from,to,n,total,mean,sd,median,q1,q3,min_count,min_year,max_count,max_year,cv,level,
     * ci_t_lo,ci_t_hi,ci_poisson_lo,ci_poisson_hi,gaps */
    /* all: x <- c(40, 52, 49, 61, 58) (2017: the preferred 49; 2018 a gap) */
    const char *x = all + 1;
    expect_close(field(x, 4), 260, "all total");                             /* sum(x) */
    expect_close(field(x, 5), 52, "all mean");                               /* mean(x) */
    expect_close(field(x, 6), 8.2158383625774913, "all sd");                 /* sd(x) */
    expect_close(field(x, 7), 52, "all median");                             /* median(x) */
    expect_close(field(x, 8), 49, "all q1");                                 /* quantile(x, .25, type = 7) */
    expect_close(field(x, 9), 58, "all q3");                                 /* quantile(x, .75, type = 7) */
    expect_close(field(x, 14), 0.15799689158802868, "all cv");               /* sd(x) / mean(x) */
    expect_close(field(x, 16), 41.798689290126163, "all ci_t lo");          /* t.test(x)$conf.int[1] */
    expect_close(field(x, 17), 62.201310709873837, "all ci_t hi");          /* t.test(x)$conf.int[2] */
    expect_close(field(x, 18), 45.870815481820223, "all ci_poisson lo");    /* poisson.test(260, 5)$conf.int[1] */
    expect_close(field(x, 19), 58.72008857848656, "all ci_poisson hi");     /* poisson.test(260, 5)$conf.int[2] */
    cr_expect(strncmp(strchr(x, '\n') - 5, ",2018", 5) == 0, "gaps of all");
    /* nationals: x <- c(12, 19, 15, 22) */
    x = nat + 1;
    expect_close(field(x, 4), 68, "nationals total");                        /* sum(x) */
    expect_close(field(x, 5), 17, "nationals mean");                         /* mean(x) */
    expect_close(field(x, 6), 4.3969686527576393, "nationals sd");           /* sd(x) */
    expect_close(field(x, 7), 17, "nationals median");                       /* median(x) */
    expect_close(field(x, 8), 14.25, "nationals q1");                        /* quantile(x, .25, type = 7) */
    expect_close(field(x, 9), 19.75, "nationals q3");                        /* quantile(x, .75, type = 7) */
    expect_close(field(x, 14), 0.25864521486809644, "nationals cv");         /* sd(x) / mean(x) */
    expect_close(field(x, 16), 10.003441678291583, "nationals ci_t lo");    /* t.test(x)$conf.int[1] */
    expect_close(field(x, 17), 23.996558321708417, "nationals ci_t hi");    /* t.test(x)$conf.int[2] */
    expect_close(field(x, 18), 13.201165188155613, "nationals ci_poisson lo"); /* poisson.test(68, 4)$conf.int[1] */
    expect_close(field(x, 19), 21.551550789007386, "nationals ci_poisson hi"); /* poisson.test(68, 4)$conf.int[2] */
    /* women: x <- c(3, 5, 4, 9) (2020: the preferred 9; 2017 a gap) */
    x = women + 1;
    expect_close(field(x, 4), 21, "women total");                            /* sum(x) */
    expect_close(field(x, 5), 5.25, "women mean");                           /* mean(x) */
    expect_close(field(x, 6), 2.6299556396765835, "women sd");               /* sd(x) */
    expect_close(field(x, 7), 4.5, "women median");                          /* median(x) */
    expect_close(field(x, 8), 3.75, "women q1");                             /* quantile(x, .25, type = 7) */
    expect_close(field(x, 9), 6, "women q3");                                /* quantile(x, .75, type = 7) */
    expect_close(field(x, 14), 0.50094393136696824, "women cv");             /* sd(x) / mean(x) */
    expect_close(field(x, 16), 1.0651536957256034, "women ci_t lo");        /* t.test(x)$conf.int[1] */
    expect_close(field(x, 17), 9.4348463042743962, "women ci_t hi");        /* t.test(x)$conf.int[2] */
    expect_close(field(x, 18), 3.2498327460190475, "women ci_poisson lo");  /* poisson.test(21, 4)$conf.int[1] */
    expect_close(field(x, 19), 8.0251826837358475, "women ci_poisson hi");  /* poisson.test(21, 4)$conf.int[2] */
    cr_expect(strncmp(strchr(x, '\n') - 5, ",2017", 5) == 0, "gaps of women");
    xd_run_free(&r);
}

/* Each row of --all-measures is the single-measure summary of that measure. */
Test(summary_stream, all_measures_match_single)
{
    const char *all_args[] = {"summary", "--all-measures", "--format", "json", "--dataset", SERIES, NULL};
    xd_run all = xd_run_cli(all_args, NULL);
    cr_assert_eq(all.status, 0, "%s", all.err);
    static const char *const measures[] = {"all", "nationals", "women"};
    for (int i = 0; i < 3; i++) {
        const char *args[] = {"summary", "--measure", measures[i], "--format", "csv", "--dataset", SERIES, NULL};
        xd_run one = xd_run_cli(args, NULL);
        cr_assert_eq(one.status, 0, "%s", one.err);
        const char *sd = strstr(one.out, "\nsd,");
        cr_assert(sd);
        char want[64];
        snprintf(want, sizeof want, "\"sd\": %.*s", (int)strcspn(sd + 4, "\n"), sd + 4);
        cr_expect(strstr(all.out, want), "%s: %s not in\n%s", measures[i], want, all.out);
        xd_run_free(&one);
    }
    const char *bad[] = {"summary", "--all-measures", "--measure", "women", "--dataset", SERIES, NULL};
    xd_run b = xd_run_cli(bad, NULL);
    cr_expect_eq(b.status, 2);
    xd_run_free(&b);
    xd_run_free(&all);
}

/* Many series have big totals: the exact Poisson interval must not fail where
 * GSL's gamma quantile gives up (total 2250, and 1159, 1736 among others). */
Test(summary_stream, poisson_interval_of_big_totals)
{
    char *dir = new_dataset();
    FILE *f = open_annual(dir);
    fputs("year,count,source,measure\n", f);
    for (int y = 1991; y <= 2020; y++) /* 30 years of 75: total 2250 */
        fprintf(f, "%d,75,s1,a\n", y);
    for (int y = 2011; y <= 2020; y++) /* 10 years: totals 1159 and 1736 */
        fprintf(f, "%d,%d,s1,b\n%d,%d,s2,c\n", y, y == 2020 ? 115 : 116, y, y == 2020 ? 170 : 174);
    fclose(f);
    const char *args[] = {"summary", "--all-measures", "--format", "csv", "--dataset", dir, NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *a = strstr(r.out, "\na,1991,2020,30,2250,");
    const char *b = strstr(r.out, "\nb,2011,2020,10,1159,");
    const char *c = strstr(r.out, "\nc,2011,2020,10,1736,");
    cr_assert(a && b && c, "%s", r.out);
    expect_close(field(a + 1, 18), 71.932716425827067, "a ci_poisson lo");  /* poisson.test(2250, 30)$conf.int[1] */
    expect_close(field(a + 1, 19), 78.164447030701737, "a ci_poisson hi");  /* poisson.test(2250, 30)$conf.int[2] */
    expect_close(field(b + 1, 18), 109.32269559972129, "b ci_poisson lo");  /* poisson.test(1159, 10)$conf.int[1] */
    expect_close(field(b + 1, 19), 122.76960140257002, "b ci_poisson hi");  /* poisson.test(1159, 10)$conf.int[2] */
    expect_close(field(c + 1, 18), 165.52886877493353, "c ci_poisson lo");  /* poisson.test(1736, 10)$conf.int[1] */
    expect_close(field(c + 1, 19), 181.96290578039353, "c ci_poisson hi");  /* poisson.test(1736, 10)$conf.int[2] */
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}
