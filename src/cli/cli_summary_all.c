/* extrad summary --all-measures. */
#include "cli_summary_all.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "summary.h"

int cli_summary_load(const char *dir, xd_dataset *ds, xd_diags *d)
{
    const char *v = getenv("EXTRAD_SUMMARY_STREAM");
    xd_annual_mode mode = XD_ANNUAL_AUTO;
    if (v && strcmp(v, "always") == 0)
        mode = XD_ANNUAL_STREAM;
    else if (v && strcmp(v, "never") == 0)
        mode = XD_ANNUAL_TABLE;
    else if (v && *v)
        return xd_error(d, XD_EUSAGE, "EXTRAD_SUMMARY_STREAM: expected always or never (or unset), found '%s'", v);
    int rc = cli_env_threads("EXTRAD_SCAN_THREADS", d);
    if (rc != XD_OK)
        return rc;
    return cli_load_dataset_mode(dir, mode, ds, d);
}

static int by_measure_then_line(const void *a, const void *b)
{
    const xd_annual *x = a, *y = b;
    int c = strcmp(x->measure, y->measure);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

typedef struct group {
    size_t start, n;
    long first_line;
    int is_main;
} group;

static int group_order(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->is_main != y->is_main)
        return y->is_main - x->is_main;
    return (x->first_line > y->first_line) - (x->first_line < y->first_line);
}

static const char *num(xd_lang lang, char *buf, size_t cap, double v, int sig)
{
    return isnan(v) ? "" : cli_lnum(lang, buf, cap, v, sig);
}
static const char *exact(char *buf, size_t cap, double v) { return isnan(v) ? "" : cli_exact(buf, cap, v); }

static void md_text(const char *s) { cli_print_text(stdout, CLI_MD, s); }

/* The display cells of one summary, for text and md. */
enum { K_MEASURE, K_PERIOD, K_YEARS, K_TOTAL, K_MEAN, K_SD, K_MEDIAN, K_MIN, K_MAX, K_CV, K_CIT, K_CIP, NCELLS };
#define CELL 160

static void cells_of(const xd_dataset *ds, const xd_summary *s, xd_lang lang, char cells[NCELLS][CELL])
{
    char a[48], b[48], p1[16], p2[16];
    /* people read the measure's label; json and csv keep its name */
    snprintf(cells[K_MEASURE], CELL, "%s", xd_measure_label(ds, s->measure, lang));
    xd_period_text(p1, sizeof p1, s->by_month, s->from);
    xd_period_text(p2, sizeof p2, s->by_month, s->to);
    if (s->by_month)
        cli_fill(cells[K_PERIOD], CELL, lang, "cli.range", 2, p1, p2);
    else
        snprintf(cells[K_PERIOD], CELL, "%s-%s", p1, p2);
    cli_fill(cells[K_YEARS], CELL, lang, "cli.n_of", 2, num(lang, a, sizeof a, (double)s->n, 6),
             num(lang, b, sizeof b, (double)(s->to - s->from + 1), 6));
    snprintf(cells[K_TOTAL], CELL, "%s", num(lang, a, sizeof a, s->desc.total, 6));
    snprintf(cells[K_MEAN], CELL, "%s", num(lang, a, sizeof a, s->desc.mean, 4));
    snprintf(cells[K_SD], CELL, "%s", num(lang, a, sizeof a, s->desc.sd, 4));
    snprintf(cells[K_MEDIAN], CELL, "%s", num(lang, a, sizeof a, s->desc.median, 4));
    snprintf(cells[K_MIN], CELL, "%s (%s)", num(lang, a, sizeof a, s->desc.min, 6),
             xd_period_text(p1, sizeof p1, s->by_month, s->min_year));
    snprintf(cells[K_MAX], CELL, "%s (%s)", num(lang, a, sizeof a, s->desc.max, 6),
             xd_period_text(p1, sizeof p1, s->by_month, s->max_year));
    snprintf(cells[K_CV], CELL, "%s", num(lang, a, sizeof a, s->desc.cv, 3));
    if (isnan(s->ci_t.lo))
        snprintf(cells[K_CIT], CELL, "%s", lang == XD_LANG_EN ? "n/a" : "n/d");
    else
        cli_fill(cells[K_CIT], CELL, lang, "cli.range", 2, num(lang, a, sizeof a, s->ci_t.lo, 4),
                 num(lang, b, sizeof b, s->ci_t.hi, 4));
    cli_fill(cells[K_CIP], CELL, lang, "cli.range", 2, num(lang, a, sizeof a, s->ci_poisson.lo, 4),
             num(lang, b, sizeof b, s->ci_poisson.hi, 4));
}

static void print_table(const xd_dataset *ds, const xd_summary *sums, size_t n, int by_month, int md,
                        const char *title, double level, xd_lang lang)
{
    static const char *const keys[NCELLS] = {"cli.all.measure", "cli.all.period", "cli.all.years", "cli.all.total",
                                             "cli.all.mean",    "cli.all.sd",     "cli.all.median", "cli.all.min",
                                             "cli.all.max",     "cli.all.cv",     "cli.all.ci_t",   "cli.all.ci_poisson"};
    char head[NCELLS][CELL];
    char pc[16];
    xd_lang_pct(lang, pc, sizeof pc, level, 0);
    for (int c = 0; c < NCELLS; c++)
        cli_fill(head[c], CELL, lang, c == K_YEARS && by_month ? "cli.all.months" : keys[c], 1, pc);
    char(*cells)[NCELLS][CELL] = calloc(n + 1, sizeof *cells);
    if (!cells)
        return;
    memcpy(cells[0], head, sizeof head);
    for (size_t i = 0; i < n; i++)
        cells_of(ds, &sums[i], lang, cells[i + 1]);
    if (md) {
        fputs("### ", stdout);
        md_text(title);
        fputs("\n\n", stdout);
        for (size_t r = 0; r <= n; r++) {
            for (int c = 0; c < NCELLS; c++) {
                fputs(c ? " | " : "| ", stdout);
                md_text(cells[r][c]);
            }
            fputs(" |\n", stdout);
            if (r == 0) {
                for (int c = 0; c < NCELLS; c++)
                    fputs(c == 0 ? "|---" : c == K_PERIOD ? "|---" : "|---:", stdout);
                fputs("|\n", stdout);
            }
        }
    } else {
        size_t w[NCELLS] = {0};
        for (size_t r = 0; r <= n; r++)
            for (int c = 0; c < NCELLS; c++)
                if (cli_width(cells[r][c]) > w[c])
                    w[c] = cli_width(cells[r][c]);
        cli_print_text(stdout, CLI_TEXT, title);
        fputs("\n\n", stdout);
        for (size_t r = 0; r <= n; r++) {
            fputs(" ", stdout);
            for (int c = 0; c < NCELLS; c++) {
                /* names and periods to the left, numbers to the right */
                size_t pad = w[c] - cli_width(cells[r][c]);
                fputc(' ', stdout);
                if (c > K_PERIOD)
                    printf("%*s", (int)pad, "");
                cli_print_text(stdout, CLI_TEXT, cells[r][c]);
                if (c <= K_PERIOD)
                    printf("%*s", (int)pad, "");
            }
            fputs("\n", stdout);
        }
    }
    free(cells);
}

static void print_csv(const xd_summary *sums, size_t n)
{
    fputs("measure,from,to,n,total,mean,sd,median,q1,q3,min_count,min_year,max_count,max_year,cv,level,"
          "ci_t_lo,ci_t_hi,ci_poisson_lo,ci_poisson_hi,gaps\n",
          stdout);
    for (size_t i = 0; i < n; i++) {
        const xd_summary *s = &sums[i];
        char b[14][48], p[4][16];
        cli_csv_field(stdout, s->measure);
        printf(",%s,%s,%zu,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,", xd_period_text(p[0], 16, s->by_month, s->from),
               xd_period_text(p[1], 16, s->by_month, s->to), s->n, exact(b[0], 48, s->desc.total),
               exact(b[1], 48, s->desc.mean), exact(b[2], 48, s->desc.sd), exact(b[3], 48, s->desc.median),
               exact(b[4], 48, s->desc.q1), exact(b[5], 48, s->desc.q3), exact(b[6], 48, s->desc.min),
               xd_period_text(p[2], 16, s->by_month, s->min_year), exact(b[7], 48, s->desc.max),
               xd_period_text(p[3], 16, s->by_month, s->max_year), exact(b[8], 48, s->desc.cv),
               exact(b[9], 48, s->level), exact(b[10], 48, s->ci_t.lo), exact(b[11], 48, s->ci_t.hi),
               exact(b[12], 48, s->ci_poisson.lo), exact(b[13], 48, s->ci_poisson.hi));
        for (size_t g = 0; g < s->n_gaps; g++)
            printf("%s%s", g ? ";" : "", xd_period_text(p[0], 16, s->by_month, s->gaps[g]));
        putchar('\n');
    }
}

static void print_json(const xd_summary *sums, size_t n, int by_month, double level)
{
    cli_json j;
    cli_json_begin(&j, stdout);
    if (by_month)
        cli_json_str(&j, "by", "month");
    cli_json_num(&j, "level", level);
    cli_json_array(&j, "measures");
    for (size_t i = 0; i < n; i++) {
        const xd_summary *s = &sums[i];
        cli_json_object(&j, NULL);
        cli_json_str(&j, "measure", s->measure);
        cli_json_summary(&j, s, 0);
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_json_end(&j);
}

/* Every measure's summary, main measure first, then in order of first row.
 * Each series is built from its own rows only (a shallow copy of the dataset
 * per measure), so the cost does not grow with measures x rows. */
static int summarise_all(const xd_dataset *ds, int by_month, int from, int to, double level, xd_summary **out,
                         size_t *nout, xd_diags *d)
{
    const xd_annual *all = by_month ? ds->monthly : ds->annual;
    size_t n_all = by_month ? ds->n_monthly : ds->n_annual;
    *out = NULL;
    *nout = 0;
    if (n_all == 0)
        return xd_error(d, XD_EDATA, "%s: no %s figures", by_month ? ds->file_monthly : ds->file_annual,
                        by_month ? "monthly" : "yearly");
    xd_annual *rows = malloc(n_all * sizeof *rows);
    group *groups = calloc(n_all, sizeof *groups);
    if (!rows || !groups) {
        free(rows);
        free(groups);
        return xd_error(d, XD_ENOMEM, "out of memory");
    }
    memcpy(rows, all, n_all * sizeof *rows);
    qsort(rows, n_all, sizeof *rows, by_measure_then_line);
    size_t ng = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (i == 0 || strcmp(rows[i].measure, rows[i - 1].measure) != 0) {
            groups[ng].start = i;
            groups[ng].first_line = rows[i].line;
            groups[ng].is_main = strcmp(rows[i].measure, ds->main_measure) == 0;
            ng++;
        }
        groups[ng - 1].n++;
    }
    qsort(groups, ng, sizeof *groups, group_order);
    xd_summary *sums = calloc(ng, sizeof *sums);
    int rc = sums ? XD_OK : xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t g = 0; g < ng && sums; g++) {
        xd_dataset view = *ds;
        if (by_month) {
            view.monthly = rows + groups[g].start;
            view.n_monthly = groups[g].n;
        } else {
            view.annual = rows + groups[g].start;
            view.n_annual = groups[g].n;
        }
        xd_series series = {0};
        const char *m = rows[groups[g].start].measure;
        int r = (by_month ? xd_series_build_monthly : xd_series_build)(&view, m, from, to, 0, &series, d);
        if (r == XD_OK)
            r = xd_summary_compute(&series, level, &sums[g], d);
        xd_series_free(&series);
        if (r != XD_OK && rc == XD_OK)
            rc = r;
    }
    free(rows);
    free(groups);
    *out = sums;
    *nout = sums ? ng : 0;
    return rc;
}

int cli_summary_all(const char *dir, int by_month, int from, int to, double level, cli_format f, xd_lang lang,
                    xd_diags *d)
{
    xd_dataset ds;
    xd_summary *sums = NULL;
    size_t n = 0;
    int rc = cli_summary_load(dir, &ds, d);
    if (rc == XD_OK)
        rc = summarise_all(&ds, by_month, from, to, level, &sums, &n, d);
    if (rc == XD_OK) {
        char title[512];
        cli_fill(title, sizeof title, lang, by_month ? "cli.all.title.month" : "cli.all.title", 1, ds.name);
        if (f == CLI_JSON)
            print_json(sums, n, by_month, level);
        else if (f == CLI_CSV)
            print_csv(sums, n);
        else
            print_table(&ds, sums, n, by_month, f == CLI_MD, title, level, lang);
    }
    cli_print_diags(d);
    for (size_t i = 0; i < n; i++)
        xd_summary_free(&sums[i]);
    free(sums);
    xd_dataset_free(&ds);
    xd_diags_free(d);
    return rc;
}
