/* The differential check against R: every random dataset of tests/random
 * (generate.py) through summary, compare (--baseline --count --date) and
 * trend, each figure of the csv output against what tests/random/expected.R
 * computed in R, to a relative 1e-9 (of the value, or of the scale R gives
 * for figures that are 0 in theory). Where R finds no estimate, extrad must
 * say not estimable; where R says a command fails, it must fail. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RANDOM_DIR XD_SOURCE_DIR "/tests/random"

/* ---- the committed files (no quotes, no commas inside fields) */

typedef struct table {
    char *text;
    char **cell; /* ncols per row */
    size_t ncols, nrows;
} table;

static table read_table(const char *name, size_t ncols)
{
    table t = {0};
    t.ncols = ncols;
    t.text = xd_slurp(xd_path_join(RANDOM_DIR, name), NULL);
    cr_assert(t.text, "cannot read tests/random/%s: run generate.py and expected.R", name);
    size_t lines = 0;
    for (const char *p = t.text; *p; p++)
        lines += *p == '\n';
    t.cell = calloc((lines + 1) * ncols, sizeof *t.cell);
    char *line = strchr(t.text, '\n') + 1; /* the header */
    while (line && *line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        size_t c = 0;
        for (char *f = line; c < ncols; c++) {
            t.cell[t.nrows * ncols + c] = f;
            char *comma = strchr(f, ',');
            if (!comma)
                break;
            *comma = '\0';
            f = comma + 1;
        }
        cr_assert_eq(c + 1 >= ncols, 1, "%s: short row %zu", name, t.nrows + 1);
        t.nrows++;
        line = end ? end + 1 : NULL;
    }
    return t;
}

static const char *at(const table *t, size_t row, size_t col) { return t->cell[row * t->ncols + col]; }

static void free_table(table *t)
{
    free(t->text);
    free(t->cell);
}

/* ---- extrad's csv output: key,value rows */

static const char *csv_value(const char *out, const char *key, char *buf, size_t cap)
{
    char pat[160];
    snprintf(pat, sizeof pat, "\n%s,", key);
    const char *p = strstr(out, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    size_t n = strcspn(p, "\n");
    snprintf(buf, cap, "%.*s", (int)n, p);
    return buf;
}

/* One figure (a;b for intervals): numbers within the tolerance, NA as empty. */
static int same_figure(const char *got, const char *want, double scale, char *why, size_t cap)
{
    char g[512], w[512];
    snprintf(g, sizeof g, "%.500s", got);
    snprintf(w, sizeof w, "%.500s", want);
    char *gs = g, *ws = w;
    for (;;) {
        char *ge = strchr(gs, ';'), *we = strchr(ws, ';');
        if (ge)
            *ge = '\0';
        if (we)
            *we = '\0';
        if (strcmp(ws, "NA") == 0) {
            if (*gs) {
                snprintf(why, cap, "got %.100s, R has no figure", gs);
                return 0;
            }
        } else if (strcmp(ws, "true") == 0 || strcmp(ws, "false") == 0) {
            if (strcmp(gs, ws) != 0) {
                snprintf(why, cap, "got '%.100s', want %.100s", gs, ws);
                return 0;
            }
        } else {
            char *end;
            double gv = strtod(gs, &end);
            if (!*gs || *end) {
                snprintf(why, cap, "got '%.100s', want %.100s", gs, ws);
                return 0;
            }
            double wv = strtod(ws, NULL);
            double tol = 1e-9 * fmax(fabs(wv), scale);
            if (!(fabs(gv - wv) <= tol)) {
                snprintf(why, cap, "got %.17g, want %.17g (difference %.3g, tolerance %.3g)", gv, wv, fabs(gv - wv),
                         tol);
                return 0;
            }
        }
        if (!ge || !we) {
            if (ge || we) {
                snprintf(why, cap, "got '%.100s', want '%.100s'", got, want);
                return 0;
            }
            return 1;
        }
        gs = ge + 1;
        ws = we + 1;
    }
}

static void write_case(const char *dir, const table *rows, size_t *row, const char *case_id)
{
    size_t cap = 1 << 16, len = 0;
    char *annual = malloc(cap);
    len = (size_t)snprintf(annual, cap, "year,count,source,status\n");
    for (; *row < rows->nrows && strcmp(at(rows, *row, 0), case_id) == 0; (*row)++) {
        char line[128];
        int n = snprintf(line, sizeof line, "%s,%s,%s,%s\n", at(rows, *row, 1), at(rows, *row, 2), at(rows, *row, 3),
                         at(rows, *row, 4));
        if (len + (size_t)n + 1 > cap)
            annual = realloc(annual, cap *= 2);
        memcpy(annual + len, line, (size_t)n + 1);
        len += (size_t)n;
    }
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    free(annual);
    xd_write_file(xd_path_join(dir, "sources.csv"),
                  "id,name,url\ns1,Source one,https://example.org/1\ns2,Source two,https://example.org/2\n"
                  "s3,Source three,https://example.org/3\n");
    xd_write_file(xd_path_join(dir, "meta.csv"), "key,value\nname,random\n");
}

/* Cases part*n/parts to (part+1)*n/parts: the parts run as separate ctest tests,
 * in parallel, each well inside its timeout under the sanitizers. */
static void check_part(size_t part, size_t parts)
{
    table rows = read_table("cases.csv", 5), args = read_table("args.csv", 6), want = read_table("expected.csv", 5);
    cr_assert_geq(args.nrows, 500, "only %zu cases", args.nrows);
    char *dir = xd_tempdir();
    size_t row = 0, w = 0, checked = 0, failed = 0;
    size_t first = part * args.nrows / parts, end = (part + 1) * args.nrows / parts;
    for (size_t k = first; k < end; k++) {
        const char *id = at(&args, k, 0);
        /* the expected figures of the cases before this part are passed over */
        while (w < want.nrows && atol(at(&want, w, 0)) < atol(id))
            w++;
        while (row < rows.nrows && atol(at(&rows, row, 0)) < atol(id))
            row++;
        write_case(dir, &rows, &row, id);
        char baseline[32];
        snprintf(baseline, sizeof baseline, "%s-%s", at(&args, k, 1), at(&args, k, 2));
        xd_run runs[3] = {
            xd_run_cli((const char *const[]){"summary", "--dataset", dir, "--format", "csv", NULL}, NULL),
            xd_run_cli((const char *const[]){"compare", "--dataset", dir, "--baseline", baseline, "--count",
                                             at(&args, k, 3), "--date", at(&args, k, 4), "--format", "csv", NULL},
                       NULL),
            xd_run_cli((const char *const[]){"trend", "--dataset", dir, "--format", "csv", NULL}, NULL)};
        static const char *const cmds[3] = {"summary", "compare", "trend"};
        for (; w < want.nrows && strcmp(at(&want, w, 0), id) == 0; w++) {
            const char *cmd = at(&want, w, 1), *key = at(&want, w, 2), *value = at(&want, w, 3);
            int c = 0;
            while (c < 3 && strcmp(cmds[c], cmd) != 0)
                c++;
            cr_assert_lt(c, 3, "unknown command %s", cmd);
            const xd_run *r = &runs[c];
            checked++;
            if (strcmp(key, "status") == 0) {
                if (strcmp(value, "error") == 0 && r->status == 0) {
                    failed++;
                    cr_expect(0, "case %s (%s): %s succeeded where R has no figure", id, at(&args, k, 5), cmd);
                }
                continue;
            }
            if (strcmp(value, "skip") == 0)
                continue;
            if (r->status != 0) {
                failed++;
                cr_expect(0, "case %s (%s): %s failed: %s", id, at(&args, k, 5), cmd, r->err);
                continue;
            }
            char buf[512], why[256];
            const char *got = csv_value(r->out, key, buf, sizeof buf);
            if (!got) {
                failed++;
                cr_expect(0, "case %s (%s): %s gives no %s", id, at(&args, k, 5), cmd, key);
                continue;
            }
            if (!same_figure(got, value, strtod(at(&want, w, 4), NULL), why, sizeof why)) {
                failed++;
                cr_expect(0, "case %s (%s, %s): %s %s: %s", id, at(&args, k, 5), baseline, cmd, key, why);
            }
        }
        for (int c = 0; c < 3; c++)
            xd_run_free(&runs[c]);
        if (failed > 40)
            break; /* enough to see what is wrong */
    }
    cr_expect_gt(checked, 20000 / parts, "only %zu figures checked", checked);
    xd_rmtree(dir);
    free(dir);
    free_table(&rows);
    free_table(&args);
    free_table(&want);
}

Test(random, cases_1_of_4) { check_part(0, 4); }
Test(random, cases_2_of_4) { check_part(1, 4); }
Test(random, cases_3_of_4) { check_part(2, 4); }
Test(random, cases_4_of_4) { check_part(3, 4); }
