/* extrad aggregate: counts checked by hand (or with R's table(), the expression
 * beside the value), and the fast reader checked against the strict one
 * (xd_csv_stream) on every fixture, on every file of tests/bad and tests/fuzz,
 * and on many generated inputs built to hit its edges: quotes, CR, NUL, bad
 * UTF-8, byte-order marks, blank runs and long fields across the 64 KiB pieces
 * of the strict reader. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aggregate.h"
#include "csvread.h"
#include "dataset.h"
#include "helpers.h"

#define FIX XD_SOURCE_DIR "/tests/fixtures/records"

/* ------------------------------------------------------------ comparison */

typedef struct outcome {
    int rc;
    char *diags; /* every diagnostic, one a line */
    char *counts;
    xd_agg_result res;
} outcome;

static char *join_diags(const xd_diags *d)
{
    size_t n = 1;
    for (size_t i = 0; i < d->n; i++)
        n += strlen(d->items[i].text ? d->items[i].text : "") + 4;
    char *s = malloc(n), *p = s;
    *p = '\0';
    for (size_t i = 0; i < d->n; i++)
        p += sprintf(p, "%d %s\n", (int)d->items[i].severity, d->items[i].text ? d->items[i].text : "");
    return s;
}

static char *join_counts(const xd_agg_result *r)
{
    size_t cap = 64, n = 0;
    char *s = malloc(cap);
    s[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        char line[256];
        int w = snprintf(line, sizeof line, "%d-%d %llu", r->counts[i].year, r->counts[i].month, r->counts[i].count);
        size_t need = (size_t)w + 2;
        for (size_t g = 0; g < r->n_groups; g++)
            need += strlen(r->counts[i].values[g]) + 1;
        while (n + need + 1 > cap) {
            cap *= 2;
            s = realloc(s, cap);
        }
        memcpy(s + n, line, (size_t)w);
        n += (size_t)w;
        for (size_t g = 0; g < r->n_groups; g++) {
            s[n++] = '|';
            size_t l = strlen(r->counts[i].values[g]);
            memcpy(s + n, r->counts[i].values[g], l);
            n += l;
        }
        s[n++] = '\n';
        s[n] = '\0';
    }
    return s;
}

static outcome run_core(const char *path, const xd_agg_opts *o, int strict)
{
    outcome out = {0};
    xd_agg_opts opts = *o;
    opts.strict = strict;
    xd_diags d;
    xd_diags_init(&d);
    int fd = open(path, O_RDONLY);
    cr_assert(fd >= 0, "cannot open %s", path);
    out.rc = xd_aggregate_fd(fd, path, &opts, &out.res, &d);
    close(fd);
    out.diags = join_diags(&d);
    out.counts = join_counts(&out.res);
    xd_diags_free(&d);
    return out;
}

static void outcome_free(outcome *o)
{
    free(o->diags);
    free(o->counts);
    xd_agg_result_free(&o->res);
}

/* Runs the strict reader and the fast one (with 32-byte vectors where the
 * processor has them, and with 16-byte ones); returns how many stretches the
 * fast one left to the strict one. */
static unsigned long long same_both_ways(const char *path, const xd_agg_opts *o, const char *what)
{
    outcome s = run_core(path, o, 1);
    unsigned long long fb = 0;
    for (int narrow = 0; narrow < 3; narrow++) {
        if (narrow == 1)
            setenv("EXTRAD_AGGREGATE_NO_AVX2", "1", 1);
        if (narrow == 2) { /* cut into parts read by threads, whatever the size */
            setenv("EXTRAD_AGGREGATE_PART_MIN", "3000", 1);
            setenv("EXTRAD_AGGREGATE_THREADS", "4", 1);
        }
        outcome f = run_core(path, o, 0);
        unsetenv("EXTRAD_AGGREGATE_NO_AVX2");
        unsetenv("EXTRAD_AGGREGATE_PART_MIN");
        unsetenv("EXTRAD_AGGREGATE_THREADS");
        cr_expect_eq(s.rc, f.rc, "%s%s: status strict %d, fast %d\nstrict: %sfast: %s", what,
                     narrow == 1 ? " (16-byte)" : narrow == 2 ? " (parts)" : "", s.rc, f.rc, s.diags, f.diags);
        cr_expect_str_eq(f.diags, s.diags, "%s%s: messages differ\nstrict: %sfast:   %s", what,
                         narrow == 1 ? " (16-byte)" : narrow == 2 ? " (parts)" : "", s.diags, f.diags);
        cr_expect_str_eq(f.counts, s.counts, "%s%s: counts differ\nstrict:\n%sfast:\n%s", what,
                         narrow == 1 ? " (16-byte)" : narrow == 2 ? " (parts)" : "", s.counts, f.counts);
        cr_expect_eq(f.res.rows_read, s.res.rows_read, "%s: rows read differ", what);
        cr_expect_eq(f.res.rows_filtered, s.res.rows_filtered, "%s", what);
        fb = f.res.fallbacks;
        outcome_free(&f);
    }
    outcome_free(&s);
    return fb;
}

/* ------------------------------------------------------ generated inputs */

static unsigned long long rng_state = 0x2545f4914f6cdd1dULL;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

static const char *const dates[] = {"2024-12-31", "2025-01-01", "2025-02",  "2025",       "2024-02-29",
                                    "2023-02-29", "1899-12-31", "2100-12-31", "2025-13-01", "",
                                    "20250101",   "2025-1-01",  "x",        "2101",       "1900-01-01"};
static const char *const texts[] = {"SIN", "Sonora", "Nuevo Le\xc3\xb3n", "a b", "", "CDMX", "\xe2\x82\xac",
                                    "\xf0\x9f\x98\x80"};

/* A field that is valid CSV most of the time, with the odd edge. */
static void gen_field(sbuf *b, int is_date, int edgy)
{
    const char *v = is_date ? dates[rnd(sizeof dates / sizeof *dates)] : texts[rnd(sizeof texts / sizeof *texts)];
    unsigned how = rnd(edgy ? 14 : 4);
    switch (how) {
    case 0:
    case 1: puts_(b, v); break;
    case 2:
    case 3: puts_(b, "\""); puts_(b, v); puts_(b, "\""); break;
    case 4: puts_(b, " "); puts_(b, v); puts_(b, "\t"); break;
    case 5: puts_(b, " \""); puts_(b, v); puts_(b, "\" "); break;
    case 6: puts_(b, "\"a\"\"b\""); break;
    case 7: puts_(b, "\"line\nbreak\""); break;
    case 8: puts_(b, "\"cr\r\nlf\""); break;
    case 9: puts_(b, "a\"b"); break;
    case 10: puts_(b, "\"unterminated"); break;
    case 11: puts_(b, "\"x\"y"); break;
    case 12: {
        static const char *const bytes[] = {"\xc3", "\xff", "\xed\xa0\x80", "\xef\xbb\xbf", "\xe0\x80\x80",
                                            "\xf4\x90\x80\x80", "\xc3\xa9", "\xe2\x28\xa1", "\xf0\x28\x8c\xbc",
                                            "\xf0\x9f\x98", "\x80"};
        const char *x = bytes[rnd(11)];
        puts_(b, v);
        puts_(b, x);
        break;
    }
    default: put(b, "a\0b", 3); break;
    }
}

static void gen_file(sbuf *b, int rows, int ncols, int edgy)
{
    b->n = 0;
    if (rnd(8) == 0)
        puts_(b, "\xef\xbb\xbf");
    static const char *const names[] = {"date", "state", "name", "x", "y"};
    for (int c = 0; c < ncols; c++) {
        if (c)
            puts_(b, ",");
        puts_(b, names[c]);
    }
    puts_(b, rnd(4) == 0 ? "\r\n" : "\n");
    for (int r = 0; r < rows; r++) {
        int cols = ncols;
        if (edgy && rnd(40) == 0)
            cols += rnd(2) ? 1 : -1;
        for (int c = 0; c < cols; c++) {
            if (c)
                puts_(b, ",");
            gen_field(b, c == 0, edgy && rnd(6) == 0);
        }
        unsigned end = rnd(edgy ? 12 : 3);
        puts_(b, end == 0 ? "\r\n" : end == 1 && edgy ? "\r" : end == 2 && edgy ? "\n\n  \n" : "\n");
    }
    if (rnd(3) == 0 && b->n > 0)
        b->n--; /* no final line end */
    b->p[b->n] = '\0';
}

static char *write_temp(const char *dir, const char *name, const char *data, size_t n)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

static void compare_all_options(const char *path, const char *what, unsigned long long *fallbacks)
{
    static const char *const g1[] = {"state"};
    static const char *const g2[] = {"state", "name"};
    xd_agg_where w[] = {{"state", "SIN"}, {"state", "Sonora"}, {"name", "a b"}};
    xd_agg_opts o[] = {
        {.date_column = "date", .by = XD_AGG_BY_YEAR, .total_bytes = -1},
        {.date_column = "date", .by = XD_AGG_BY_MONTH, .skip_bad = 1, .total_bytes = -1},
        {.date_column = "date", .groups = g1, .n_groups = 1, .skip_bad = 1, .total_bytes = -1},
        {.date_column = "date", .by = XD_AGG_BY_MONTH, .groups = g2, .n_groups = 2, .where = w, .n_where = 2,
         .skip_bad = 1, .total_bytes = -1},
        {.date_column = "date", .where = w + 2, .n_where = 1, .skip_bad = 1, .total_bytes = -1},
    };
    for (size_t i = 0; i < sizeof o / sizeof *o; i++) {
        char label[256];
        snprintf(label, sizeof label, "%s (options %zu)", what, i);
        unsigned long long fb = same_both_ways(path, &o[i], label);
        if (fallbacks)
            *fallbacks += fb;
    }
}

Test(paths, generated_small)
{
    char *dir = xd_tempdir();
    sbuf b = {0};
    rng_state = 12345;
    int cases = xd_scaled(1500, 100);
    for (int i = 0; i < cases; i++) {
        gen_file(&b, 1 + (int)rnd(12), 1 + (int)rnd(4), (int)rnd(3));
        char *path = write_temp(dir, "g.csv", b.p, b.n);
        char what[64];
        snprintf(what, sizeof what, "generated case %d", i);
        compare_all_options(path, what, NULL);
        free(path);
    }
    free(b.p);
    xd_rmtree(dir);
    free(dir);
}

/* Random bytes from a small alphabet of CSV-significant pieces. */
Test(paths, generated_noise)
{
    static const char *const bits[] = {",", "\"", "\"\"", "\n", "\r", "\r\n", " ", "\t", "2025-01-01", "2024",
                                       "a", "\xc3\xa9", "\xc3", "\xef\xbb\xbf", "date", "date,state\n"};
    char *dir = xd_tempdir();
    sbuf b = {0};
    rng_state = 777;
    int cases = xd_scaled(1500, 100);
    for (int i = 0; i < cases; i++) {
        b.n = 0;
        puts_(&b, rnd(2) ? "date,state\n" : "date\n");
        int n = (int)rnd(60);
        for (int k = 0; k < n; k++)
            puts_(&b, bits[rnd(sizeof bits / sizeof *bits)]);
        if (rnd(10) == 0)
            put(&b, "\0", 1);
        char *path = write_temp(dir, "n.csv", b.p, b.n);
        char what[64];
        snprintf(what, sizeof what, "noise case %d", i);
        compare_all_options(path, what, NULL);
        free(path);
    }
    free(b.p);
    xd_rmtree(dir);
    free(dir);
}

/* Big files: rows across the 64 KiB pieces or the 4 MiB blocks, with one of
 * these problems placed at or near a boundary. */
static const char *const large_problems[] = {
    "2025-01-01,\"a\nb\",c\n", "2025-01-01,a\0,c\n",     "2025-01-01,\"x\" ,c\n", "2025-01-01,x\ry,c\n",
    "2025-01-01,\xc3(,c\n",   "2025-13-01,a,c\n",        "2025-01-01,a\n",        "2025-01-01,\"ok\"\"\",c\r\n",
    "\n\n\n   \n\t\n",       "2025-01-01,\"\xef\xbb\xbf\",c\n"};
#define N_LARGE_PROBLEMS (sizeof large_problems / sizeof *large_problems)

/* One big file with problem k, over pieces or over a block; returns the
 * stretches the fast reader left to the strict one. */
static unsigned long long large_case(size_t k, int over_block, unsigned long long seed)
{
    char *dir = xd_tempdir();
    sbuf b = {0};
    rng_state = seed;
    puts_(&b, "date,state,name\n");
    size_t target = over_block ? (size_t)(4 << 20) + (size_t)rnd(300000) : (size_t)(65536 * (1 + rnd(3)));
    size_t where = target / 2 + rnd(4096) - 2048;
    int placed = 0;
    while (b.n < target) {
        if (!placed && b.n >= where) {
            const char *x = large_problems[k];
            put(&b, x, strlen(x) + (k == 1)); /* (its NUL too) */
            if (k == 1)
                puts_(&b, ",c\n");
            placed = 1;
            continue;
        }
        char row[96];
        int w = snprintf(row, sizeof row, "%04u-%02u-%02u,\"S%u\",n%u\n", 1990 + rnd(40), 1 + rnd(12),
                         1 + rnd(28), rnd(5), rnd(100));
        put(&b, row, (size_t)w);
    }
    char *path = write_temp(dir, "big.csv", b.p, b.n);
    char what[64];
    snprintf(what, sizeof what, "large case: problem %zu over %s", k, over_block ? "a block" : "pieces");
    unsigned long long fallbacks = 0;
    compare_all_options(path, what, &fallbacks);
    free(path);
    free(b.p);
    xd_rmtree(dir);
    free(dir);
    return fallbacks;
}

/* 30 files over pieces, each problem three times (once when scaled down) */
Test(paths, generated_large_over_pieces)
{
    unsigned long long fallbacks = 0;
    int cases = xd_scaled(30, (int)N_LARGE_PROBLEMS);
    for (int i = 0; i < cases; i++)
        fallbacks += large_case((size_t)i % N_LARGE_PROBLEMS, 0, 99 + (unsigned long long)i * 7919);
    cr_expect_gt(fallbacks, 0, "the strict reader was never used");
}

/* each problem in a file over a block, in two halves that run side by side */
static void large_over_blocks(size_t first, size_t end)
{
    unsigned long long fallbacks = 0;
    for (size_t k = first; k < end; k++)
        fallbacks += large_case(k, 1, 1299709 + k * 7919);
    cr_expect_gt(fallbacks, 0, "the strict reader was never used");
}

Test(paths, generated_large_over_blocks_1_of_2) { large_over_blocks(0, N_LARGE_PROBLEMS / 2); }
Test(paths, generated_large_over_blocks_2_of_2) { large_over_blocks(N_LARGE_PROBLEMS / 2, N_LARGE_PROBLEMS); }

/* The strict reader's own limits: a blank run and a field over 1 MiB, so that
 * its piece-by-piece length count must be rebuilt exactly. */
Test(paths, long_field_and_blank_run)
{
    char *dir = xd_tempdir();
    sbuf b = {0};
    for (int i = 0; i < 12; i++) {
        b.n = 0;
        puts_(&b, "date,state\n");
        int rows = (int)(i * 997 % 5000);
        for (int r = 0; r < rows; r++)
            puts_(&b, "2020-05-05,\"abc\"\n");
        size_t len = ((size_t)1 << 20) - 40000 + (size_t)i * 17001;
        if (i % 3 == 0) {
            for (size_t k = 0; k < len; k++)
                put(&b, k % 50 == 49 ? "\n" : " ", 1);
            puts_(&b, "\n2021-01-01,x\n");
        } else if (i % 3 == 1) {
            puts_(&b, "2021-01-01,\"");
            for (size_t k = 0; k < len; k++)
                put(&b, "y", 1);
            puts_(&b, "\"\n2021-01-01,x\n");
        } else {
            puts_(&b, "2021-01-01,");
            for (size_t k = 0; k < len; k++)
                put(&b, k % 1000 == 999 ? "," : "z", 1);
            puts_(&b, "\n");
        }
        char *path = write_temp(dir, "long.csv", b.p, b.n);
        char what[64];
        snprintf(what, sizeof what, "long case %d", i);
        xd_agg_opts o = {.date_column = "date", .total_bytes = -1};
        same_both_ways(path, &o, what);
        free(path);
    }
    free(b.p);
    xd_rmtree(dir);
    free(dir);
}

/* Inputs where the strict reader takes over often or for long: a quoted line
 * break in many rows, CR-only line ends, rows that cross the 4 MiB blocks;
 * six kinds, each a test, so that they run side by side. */
static void mostly_strict_case(int i)
{
    char *dir = xd_tempdir();
    sbuf b = {0};
    rng_state = 4242 + (unsigned long long)i * 7919;
    puts_(&b, i == 1 ? "date,state,note\r" : "date,state,note\n");
    size_t target = ((size_t)5 << 20) + rnd(100000);
    while (b.n < target) {
        char row[128];
        unsigned y = 1990 + rnd(40), m = 1 + rnd(12), dd = 1 + rnd(28);
        int w;
        if (i == 0)
            w = snprintf(row, sizeof row, "%04u-%02u-%02u,S%u,\"a\nb %u\"\n", y, m, dd, rnd(5), rnd(100));
        else if (i == 1)
            w = snprintf(row, sizeof row, "%04u-%02u-%02u,S%u,n%u\r", y, m, dd, rnd(5), rnd(100));
        else if (i == 2)
            w = snprintf(row, sizeof row, "%04u-%02u-%02u,S%u,%s\n", y, m, dd, rnd(5),
                         rnd(3) ? "plain" : " \"spaced\" ");
        else if (i == 3)
            w = snprintf(row, sizeof row, "%04u-%02u,\"S%u\",\"%u\"\"q\"\"\"\r\n", y, m, rnd(5), rnd(100));
        else
            w = snprintf(row, sizeof row, "%04u-%02u-%02u,\"S\xc3\xa9%u\",\"%s\"\n", y, m, dd, rnd(5),
                         rnd(50) ? "x" : "multi\r\nline");
        put(&b, row, (size_t)w);
    }
    if (i == 5) {
        puts_(&b, "2020-01-01,S1,\"never closed\n");
        for (int k = 0; k < 70000; k++)
            puts_(&b, "more text\n");
    }
    char *path = write_temp(dir, "strictish.csv", b.p, b.n);
    char what[64];
    snprintf(what, sizeof what, "strict-heavy case %d", i);
    compare_all_options(path, what, NULL);
    free(path);
    free(b.p);
    xd_rmtree(dir);
    free(dir);
}

Test(paths, mostly_strict_quoted_line_breaks) { mostly_strict_case(0); }
Test(paths, mostly_strict_cr_line_ends) { mostly_strict_case(1); }
Test(paths, mostly_strict_spaces_around_quotes) { mostly_strict_case(2); }
Test(paths, mostly_strict_doubled_quotes_crlf) { mostly_strict_case(3); }
Test(paths, mostly_strict_rare_line_breaks) { mostly_strict_case(4); }
Test(paths, mostly_strict_never_closed_quote) { mostly_strict_case(5); }

Test(paths, empty_and_header_only)
{
    char *dir = xd_tempdir();
    static const char *const inputs[] = {"", "\xef\xbb\xbf", "\xef\xbb", "\n\n  \n", "date\n", "date", "\"date\"\r\n",
                                         "date,state\n\n\n", "x,y\n1,2\n", "date,date\n2020,2021\n"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        char *path = write_temp(dir, "e.csv", inputs[i], strlen(inputs[i]));
        char what[64];
        snprintf(what, sizeof what, "tiny input %zu", i);
        compare_all_options(path, what, NULL);
        free(path);
    }
    xd_rmtree(dir);
    free(dir);
}

Test(paths, read_error_and_folder)
{
    /* reading a folder fails in read(2) with EISDIR in both readers */
    xd_agg_opts o = {.date_column = "date", .total_bytes = -1};
    same_both_ways(XD_SOURCE_DIR "/tests", &o, "a folder");
}

/* ------------------------------------------------------------ command line */

static xd_run agg(const char *const *args)
{
    const char *argv[32] = {"aggregate"};
    size_t n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    return xd_run_cli(argv, NULL);
}

/* Runs a shell command line (for standard input and pipes); output in files. */
static xd_run run_sh(const char *cmd)
{
    xd_run r = {0};
    char *dir = xd_tempdir();
    char full[8192];
    snprintf(full, sizeof full, "%s >%s/out 2>%s/err", cmd, dir, dir);
    r.status = system(full);
    r.status = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : 128;
    char p[512];
    snprintf(p, sizeof p, "%s/out", dir);
    r.out = xd_slurp(p, NULL);
    snprintf(p, sizeof p, "%s/err", dir);
    r.err = xd_slurp(p, NULL);
    xd_rmtree(dir);
    free(dir);
    return r;
}

#define EXPECT_OUT(r, status_, out_)                                                                       \
    do {                                                                                                   \
        cr_expect_eq((r).status, (status_), "status %d, stderr: %s", (r).status, (r).err);                 \
        cr_expect_str_eq((r).out, (out_));                                                                 \
    } while (0)

Test(cli, year_ends)
{
    /* y <- read.csv("year_ends.csv"); table(substr(y$date, 1, 4)): 2023 1, 2024 3, 2025 3 */
    xd_run r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", NULL});
    EXPECT_OUT(r, 0, "year,count,source\n2023,1,records\n2024,3,records\n2025,3,records\n");
    cr_expect_str_eq(r.err, "");
    xd_run_free(&r);
    /* table(substr(y$date, 1, 7)): 2023-12 1, 2024-01 1, 2024-12 2, 2025-01 3 */
    r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", "--by", "month", "--source", "court-x", NULL});
    EXPECT_OUT(r, 0,
               "year,month,count,source\n2023,12,1,court-x\n2024,1,1,court-x\n2024,12,2,court-x\n"
               "2025,1,3,court-x\n");
    xd_run_free(&r);
}

Test(cli, quoted_line_breaks)
{
    /* m <- read.csv("multiline.csv"); table(substr(m$date, 1, 4)): 2019 2, 2020 2, 2021 1 */
    xd_run r = agg((const char *[]){FIX "/multiline.csv", "--date", "date", NULL});
    EXPECT_OUT(r, 0, "year,count,source\n2019,2,records\n2020,2,records\n2021,1,records\n");
    xd_run_free(&r);
}

Test(cli, crlf_and_bom)
{
    /* cb <- read.csv("crlf_bom.csv", fileEncoding = "UTF-8-BOM"); table(substr(cb$date, 1, 4)):
     * 2022 2, 2023 2 (the blank line is no row) */
    xd_run r = agg((const char *[]){FIX "/crlf_bom.csv", "--date", "date", NULL});
    EXPECT_OUT(r, 0, "year,count,source\n2022,2,records\n2023,2,records\n");
    xd_run_free(&r);
    /* a year alone has no month: line 4 */
    r = agg((const char *[]){FIX "/crlf_bom.csv", "--date", "date", "--by", "month", NULL});
    EXPECT_OUT(r, 1, "");
    cr_expect_str_eq(r.err, "extrad: error: " FIX "/crlf_bom.csv:4:1: date: expected an ISO 8601 date with a month "
                            "(YYYY-MM-DD or YYYY-MM) for --by month, found '2023'\n");
    xd_run_free(&r);
}

Test(cli, malformed_date_located)
{
    /* the quoted line break before it puts 2019-02-30 on line 4; the date is field 2 */
    xd_run r = agg((const char *[]){FIX "/bad_date.csv", "--date", "date", NULL});
    EXPECT_OUT(r, 1, "");
    cr_expect_str_eq(r.err, "extrad: error: " FIX "/bad_date.csv:4:2: date: expected an ISO 8601 date (YYYY-MM-DD, "
                            "YYYY-MM or YYYY) from 1900 to 2100, found '2019-02-30'\n");
    xd_run_free(&r);
    r = agg((const char *[]){FIX "/skip_bad.csv", "--date", "date", NULL});
    EXPECT_OUT(r, 1, "");
    cr_expect(strstr(r.err, "skip_bad.csv:3:1: date: expected an ISO 8601 date"), "%s", r.err);
    xd_run_free(&r);
}

Test(cli, skip_bad_summary)
{
    /* s <- read.csv("skip_bad.csv", colClasses = "character"); valid dates only (see ok in the
     * comment of the fixture test): table(substr(s$date[ok], 1, 4)): 2020 1, 2021 3 */
    xd_run r = agg((const char *[]){FIX "/skip_bad.csv", "--date", "date", "--skip-bad", NULL});
    EXPECT_OUT(r, 0, "year,count,source\n2020,1,records\n2021,3,records\n");
    const char *want =
        "extrad: warning: " FIX "/skip_bad.csv: skipped 3 of 7 data rows (--skip-bad): 3 with a missing or "
        "malformed date\n"
        "extrad: note: skipped " FIX "/skip_bad.csv:3:1: date: expected an ISO 8601 date (YYYY-MM-DD, YYYY-MM or "
        "YYYY) from 1900 to 2100, found '2020-13-01'\n"
        "extrad: note: skipped " FIX "/skip_bad.csv:4:1: date: expected an ISO 8601 date (YYYY-MM-DD, YYYY-MM or "
        "YYYY) from 1900 to 2100, found ''\n"
        "extrad: note: skipped " FIX "/skip_bad.csv:6:1: date: expected an ISO 8601 date (YYYY-MM-DD, YYYY-MM or "
        "YYYY) from 1900 to 2100, found 'not a date'\n";
    cr_expect_str_eq(r.err, want);
    xd_run_free(&r);
    /* by month the year-only 2021 (line 8) is skipped too:
     * table(substr(s$date[ok & nchar(s$date) >= 7], 1, 7)): 2020-01 1, 2021-06 2 */
    r = agg((const char *[]){FIX "/skip_bad.csv", "--date", "date", "--skip-bad", "--by", "month", NULL});
    EXPECT_OUT(r, 0, "year,month,count,source\n2020,1,1,records\n2021,6,2,records\n");
    cr_expect(strstr(r.err, "skipped 4 of 7 data rows"), "%s", r.err);
    cr_expect(strstr(r.err, "skip_bad.csv:8:1: date: expected an ISO 8601 date with a month"), "%s", r.err);
    xd_run_free(&r);
}

Test(cli, groups_and_where)
{
    /* g <- read.csv("groups.csv"); with(g, table(substr(date, 1, 4), state)):
     * 2018 SIN 2 SON 1; 2019 SIN 2 SON 2; 2020 CHIH 1 */
    xd_run r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--group", "state", NULL});
    EXPECT_OUT(r, 0,
               "year,count,source,measure\n2018,2,records,SIN\n2018,1,records,SON\n2019,2,records,SIN\n"
               "2019,2,records,SON\n2020,1,records,CHIH\n");
    xd_run_free(&r);
    /* with(g, table(paste(substr(date, 1, 4), state, sex))) */
    r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--group", "state", "--group", "sex", NULL});
    EXPECT_OUT(r, 0,
               "year,count,source,state,sex\n2018,1,records,SIN,F\n2018,1,records,SIN,M\n2018,1,records,SON,M\n"
               "2019,2,records,SIN,M\n2019,1,records,SON,F\n2019,1,records,SON,M\n2020,1,records,CHIH,M\n");
    xd_run_free(&r);
    /* with(subset(g, status == "extradited"), table(substr(date, 1, 4))): 2018 3, 2019 3, 2020 1 */
    r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--where", "status=extradited", NULL});
    EXPECT_OUT(r, 0, "year,count,source\n2018,3,records\n2019,3,records\n2020,1,records\n");
    xd_run_free(&r);
    /* with(subset(g, status == "extradited" & state %in% c("SIN", "SON")), table(substr(date, 1, 4))):
     * 2018 3, 2019 3 */
    r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--where", "status=extradited", "--where",
                             "state=SIN", "--where", "state=SON", NULL});
    EXPECT_OUT(r, 0, "year,count,source\n2018,3,records\n2019,3,records\n");
    xd_run_free(&r);
    /* with(subset(g, sex == "F"), table(substr(date, 1, 4), state)): 2018 SIN 1, 2019 SON 1 */
    r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--group", "state", "--where", "sex=F", "--by",
                             "month", NULL});
    EXPECT_OUT(r, 0, "year,month,count,source,measure\n2018,5,1,records,SIN\n2019,4,1,records,SON\n");
    xd_run_free(&r);
}

Test(cli, standard_input)
{
    const char *want = "year,count,source\n2023,1,records\n2024,3,records\n2025,3,records\n";
    xd_run r = run_sh("'" XD_BINARY "' aggregate - --date date < '" FIX "/year_ends.csv'");
    EXPECT_OUT(r, 0, want);
    xd_run_free(&r);
    r = run_sh("cat '" FIX "/year_ends.csv' | '" XD_BINARY "' aggregate - --date date");
    EXPECT_OUT(r, 0, want);
    xd_run_free(&r);
    r = run_sh("cat '" FIX "/bad_date.csv' | '" XD_BINARY "' aggregate - --date date");
    EXPECT_OUT(r, 1, "");
    cr_expect(strstr(r.err, "<stdin>:4:2: date: expected"), "%s", r.err);
    xd_run_free(&r);
}

Test(cli, formats)
{
    xd_run r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--format", "json", "--group", "state",
                                    "--where", "status=extradited", NULL});
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "\"rows_read\": 8"), "%s", r.out);
    cr_expect(strstr(r.out, "\"rows_counted\": 7"), "%s", r.out);
    cr_expect(strstr(r.out, "\"rows_filtered\": 1"), "%s", r.out);
    cr_expect(strstr(r.out, "\"state\": \"CHIH\""), "%s", r.out);
    xd_run_free(&r);
    r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", "--format", "md", NULL});
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "| year | count |\n|---:|---:|\n| 2023 | 1 |\n"), "%s", r.out);
    xd_run_free(&r);
    r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", "--format", "text", NULL});
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "  year  count\n  2023      1\n  2024      3\n"), "%s", r.out);
    cr_expect(strstr(r.out, "7 data rows: 7 counted."), "%s", r.out);
    xd_run_free(&r);
}

Test(cli, usage_errors)
{
    const char *const *const cases[] = {
        (const char *[]){FIX "/groups.csv", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--by", "week", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--group", "state", "--group", "state", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--where", "state", NULL},
        (const char *[]){FIX "/groups.csv", FIX "/groups.csv", "--date", "date", NULL},
        (const char *[]){"--date", "date", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--format", "xml", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--source", "", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--group", "state", "--group", "year", NULL},
        (const char *[]){FIX "/groups.csv", "--date", "date", "--frobnicate", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        xd_run r = agg(cases[i]);
        cr_expect_eq(r.status, 2, "case %zu: status %d, stderr %s", i, r.status, r.err);
        cr_expect_str_eq(r.out, "", "case %zu", i);
        xd_run_free(&r);
    }
    xd_run r = agg((const char *[]){FIX "/groups.csv", "--date", "when", NULL});
    EXPECT_OUT(r, 1, "");
    cr_expect_str_eq(r.err, "extrad: error: " FIX "/groups.csv:1: no column 'when' (--date) in the header; found: "
                            "date,state,sex,status\n");
    xd_run_free(&r);
    r = agg((const char *[]){FIX "/nonexistent.csv", "--date", "date", NULL});
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "nonexistent.csv: cannot open: No such file or directory"), "%s", r.err);
    xd_run_free(&r);
    r = agg((const char *[]){"--help", NULL});
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "--by year, 1 group   year,count,source,measure"), "%s", r.out);
    xd_run_free(&r);
}

Test(cli, output_file)
{
    char *dir = xd_tempdir();
    char path[512], arg[512];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    xd_run r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", "-o", path, NULL});
    EXPECT_OUT(r, 0, "");
    char *text = xd_slurp(path, NULL);
    cr_expect_str_eq(text, "year,count,source\n2023,1,records\n2024,3,records\n2025,3,records\n");
    free(text);
    xd_run_free(&r);
    /* a failed run leaves the old file as it was, and no temporary file */
    r = agg((const char *[]){FIX "/bad_date.csv", "--date", "date", "-o", path, NULL});
    cr_expect_eq(r.status, 1);
    text = xd_slurp(path, NULL);
    cr_expect_str_eq(text, "year,count,source\n2023,1,records\n2024,3,records\n2025,3,records\n");
    free(text);
    xd_run_free(&r);
    DIR *dd = opendir(dir);
    struct dirent *de;
    int entries = 0;
    while ((de = readdir(dd)))
        entries += de->d_name[0] != '.' || strncmp(de->d_name, ".extrad-", 8) == 0;
    closedir(dd);
    cr_expect_eq(entries, 1, "temporary files left behind in %s", dir);
    /* a device (through a link, so that a mistake could only replace the link): written to,
     * never replaced */
    char link[512];
    snprintf(link, sizeof link, "%s/null", dir);
    cr_assert_eq(symlink("/dev/null", link), 0);
    r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", "-o", link, NULL});
    EXPECT_OUT(r, 0, "");
    struct stat st;
    cr_expect(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link was replaced");
    unlink(link);
    xd_run_free(&r);
    /* a folder that does not exist: output failure */
    snprintf(arg, sizeof arg, "%s/missing/out.csv", dir);
    r = agg((const char *[]){FIX "/year_ends.csv", "--date", "date", "-o", arg, NULL});
    cr_expect_eq(r.status, 5, "status %d: %s", r.status, r.err);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* The output for --by year is a dataset's annual.csv: the dataset loader reads
 * it and extrad summary works on it. */
Test(cli, output_is_an_annual_csv)
{
    char *dir = xd_tempdir();
    char annual[512], sources[512];
    snprintf(annual, sizeof annual, "%s/annual.csv", dir);
    snprintf(sources, sizeof sources, "%s/sources.csv", dir);
    xd_write_file(sources, "id,name,url\ncourt-records,Court records (one row per extradition),https://example.org\n");
    xd_run r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--source", "court-records", "-o", annual,
                                    NULL});
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(dir, &ds, &d), XD_OK, "%s", d.n ? d.items[0].text : "");
    /* table(substr(g$date, 1, 4)): 2018 3, 2019 4, 2020 1 */
    cr_expect_eq(ds.n_annual, 3);
    cr_expect_eq(ds.annual[0].year, 2018);
    cr_expect_eq(ds.annual[0].count, 3);
    cr_expect_eq(ds.annual[1].count, 4);
    cr_expect_eq(ds.annual[2].count, 1);
    cr_expect_str_eq(ds.annual[2].source, "court-records");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    r = xd_run_cli((const char *[]){"summary", "--dataset", dir, "--format", "csv", NULL}, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\nn,3\n"), "%s", r.out);
    cr_expect(strstr(r.out, "\ntotal,8\n"), "%s", r.out);
    xd_run_free(&r);
    /* one --group column: one measure per value; sum(g$state == "SIN") is 4 */
    r = agg((const char *[]){FIX "/groups.csv", "--date", "date", "--group", "state", "--source", "court-records",
                             "-o", annual, NULL});
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    r = xd_run_cli((const char *[]){"summary", "--dataset", dir, "--measure", "SIN", "--format", "csv", NULL}, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\ntotal,4\n"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------- both readers on every file we have */

static void collect(const char *dir, char ***files, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = malloc(strlen(dir) + strlen(e->d_name) + 2);
        sprintf(path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(path, files, n, cap);
            free(path);
            continue;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *files = realloc(*files, *cap * sizeof **files);
        }
        (*files)[(*n)++] = path;
    }
    closedir(d);
}

/* The first column name of a CSV file, roughly (enough to pick a date column). */
static void first_column(const char *path, char *out, size_t cap)
{
    size_t len;
    char *text = xd_slurp(path, &len);
    const char *p = text ? text : "";
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    if (*p == '"')
        p++;
    size_t n = strcspn(p, ",\"\r\n");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    if (!*out || strchr(out, '='))
        snprintf(out, cap, "date");
    free(text);
}

/* Keeps the first of the files with the same bytes (the corpora share many,
 * such as the sources.csv of the bad cases): the readers see nothing else. */
static size_t distinct_files(char **files, size_t n)
{
    char **text = calloc(n ? n : 1, sizeof *text);
    size_t *len = calloc(n ? n : 1, sizeof *len);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = 0;
        char *t = xd_slurp(files[i], &l);
        int seen = 0;
        for (size_t j = 0; j < kept && t && !seen; j++)
            seen = text[j] && len[j] == l && memcmp(text[j], t, l) == 0;
        if (seen) {
            free(t);
            free(files[i]);
            continue;
        }
        text[kept] = t;
        len[kept] = l;
        files[kept++] = files[i];
    }
    for (size_t j = 0; j < kept; j++)
        free(text[j]);
    free(text);
    free(len);
    return kept;
}

/* Every distinct file, shared out between the tests below (file i goes to part
 * i % parts) so that they run side by side. */
static void every_file_both_ways(size_t part, size_t parts)
{
    char **files = NULL;
    size_t n = 0, cap = 0;
    collect(XD_SOURCE_DIR "/tests/fixtures", &files, &n, &cap);
    collect(XD_SOURCE_DIR "/tests/bad", &files, &n, &cap);
    collect(XD_SOURCE_DIR "/tests/fuzz", &files, &n, &cap);
    collect(XD_SOURCE_DIR "/datasets", &files, &n, &cap);
    xd_sort_paths(files, n);
    n = distinct_files(files, n);
    cr_assert_gt(n, 5 * parts);
    const char *strict_env[] = {"EXTRAD_AGGREGATE_STRICT=1", NULL};
    for (size_t i = 0; i < n; i++) {
        if (i % parts != part) {
            free(files[i]);
            continue;
        }
        char first[256];
        first_column(files[i], first, sizeof first);
        const char *cols[] = {first, "date", "year"};
        for (size_t c = 0; c < 3; c++) {
            if (c && strcmp(cols[c], first) == 0)
                continue;
            const char *variants[][12] = {
                {"aggregate", files[i], "--date", cols[c], NULL},
                {"aggregate", files[i], "--date", cols[c], "--by", "month", "--skip-bad", "--format", "json", NULL},
            };
            for (size_t v = 0; v < 2; v++) {
                xd_run s = xd_run_cli(variants[v], strict_env);
                xd_run f = xd_run_cli(variants[v], NULL);
                cr_expect_eq(f.status, s.status, "%s --date %s (%zu): status %d vs %d", files[i], cols[c], v,
                             f.status, s.status);
                cr_expect_str_eq(f.out, s.out, "%s --date %s (%zu): output differs", files[i], cols[c], v);
                cr_expect_str_eq(f.err, s.err, "%s --date %s (%zu): messages differ", files[i], cols[c], v);
                xd_run_free(&s);
                xd_run_free(&f);
            }
        }
        free(files[i]);
    }
    free(files);
}

Test(every_file, both_ways_1_of_4) { every_file_both_ways(0, 4); }
Test(every_file, both_ways_2_of_4) { every_file_both_ways(1, 4); }
Test(every_file, both_ways_3_of_4) { every_file_both_ways(2, 4); }
Test(every_file, both_ways_4_of_4) { every_file_both_ways(3, 4); }

/* Every day-of-month and month number around the edges, in both readers (the
 * fast one parses YYYY-MM-DD eight bytes at a time). */
Test(paths, all_dates)
{
    static const int years[] = {1899, 1900, 1901, 1999, 2000, 2004, 2023, 2024, 2100, 2101};
    sbuf b = {0};
    puts_(&b, "date,n\n");
    for (size_t yi = 0; yi < sizeof years / sizeof *years; yi++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                char row[64];
                int w = snprintf(row, sizeof row, "%04d-%02d-%02d,1\n\"%04d-%02d-%02d\",2\n%04d-%02d,3\n", years[yi],
                                 m, d, years[yi], m, d, years[yi], m);
                put(&b, row, (size_t)w);
            }
    puts_(&b, "2024-1-01,4\n2024-01-1 ,5\n 2024-01-01,6\n2024/01/01,7\n2024-01-0a,8\n2024-01-01x,9\n2024,10\n");
    char *dir = xd_tempdir();
    char *path = write_temp(dir, "dates.csv", b.p, b.n);
    for (int by = 0; by < 2; by++) {
        xd_agg_opts o = {.date_column = "date", .by = by ? XD_AGG_BY_MONTH : XD_AGG_BY_YEAR, .skip_bad = 1,
                         .total_bytes = -1};
        same_both_ways(path, &o, by ? "all dates by month" : "all dates by year");
    }
    /* 1900-2100, 12 months, the days that exist: 4 years of 365 or 366 days in the list
     * with both forms, plus 12 months each; 1899 and 2101 never count */
    xd_agg_opts o = {.date_column = "date", .skip_bad = 1, .total_bytes = -1};
    outcome f = run_core(path, &o, 0);
    cr_expect_eq(f.rc, XD_OK);
    /* over 1900, 1901, 1999, 2000, 2004, 2023, 2024 and 2100: each day that exists twice (plain and
     * quoted), each valid YYYY-MM once per day number tried (33), and of the rows at the end
     * " 2024-01-01" (spaces are trimmed) and "2024" */
    unsigned long long days = 2ULL * (365 + 365 + 365 + 366 + 366 + 365 + 366 + 365) + 8 * 12 * 33 + 2;
    cr_expect_eq(f.res.rows_counted, days, "counted %llu", f.res.rows_counted);
    outcome_free(&f);
    free(path);
    free(b.p);
    xd_rmtree(dir);
    free(dir);
}

typedef struct progress_log {
    int calls;
    long long last, total;
    int backwards;
} progress_log;

static void log_progress(void *ctx, long long done, long long total)
{
    progress_log *p = ctx;
    if (done < p->last)
        p->backwards = 1;
    p->calls++;
    p->last = done;
    p->total = total;
}

Test(core, progress_callback)
{
    char *dir = xd_tempdir();
    sbuf b = {0};
    puts_(&b, "date,x\n");
    while (b.n < (3u << 20))
        puts_(&b, "2020-01-01,\"a\"\n");
    char *path = write_temp(dir, "p.csv", b.p, b.n);
    for (int threads = 1; threads <= 2; threads++) {
        progress_log log = {0};
        xd_agg_opts o = {.date_column = "date", .total_bytes = (long long)b.n, .progress = log_progress,
                         .progress_ctx = &log};
        setenv("EXTRAD_AGGREGATE_THREADS", threads == 1 ? "1" : "2", 1);
        setenv("EXTRAD_AGGREGATE_PART_MIN", "100000", 1);
        outcome f = run_core(path, &o, 0);
        unsetenv("EXTRAD_AGGREGATE_THREADS");
        unsetenv("EXTRAD_AGGREGATE_PART_MIN");
        cr_expect_eq(f.rc, XD_OK);
        cr_expect_eq(f.res.rows_counted, (b.n - 7) / 15);
        cr_expect_gt(log.calls, 2, "%d calls", log.calls);
        cr_expect_eq(log.total, (long long)b.n);
        cr_expect_leq(log.last, (long long)b.n);
        cr_expect_eq(f.res.bytes, (long long)b.n, "threads %d: %lld bytes read of %zu", threads, f.res.bytes, b.n);
        cr_expect(!log.backwards);
        outcome_free(&f);
    }
    free(path);
    free(b.p);
    xd_rmtree(dir);
    free(dir);
}
