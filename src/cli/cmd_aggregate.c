/* extrad aggregate: counts individual records per year or month, into the
 * yearly format of a dataset's annual.csv. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "cli.h"
#include "csvread.h"
#include "outfile.h"

static const char help[] =
    "Usage: extrad aggregate RECORDS.csv --date COLUMN [--by year|month]\n"
    "                        [--group COLUMN]... [--where COLUMN=VALUE]... [--source ID]\n"
    "                        [--skip-bad] [-o FILE] [--format csv|text|json|md]\n"
    "                        [--lang en|es|es-MX]\n\n"
    "Counts the rows of a CSV file of individual records (one row per extradition,\n"
    "say) per year or month of a date column. RECORDS.csv '-' reads standard input.\n\n"
    "  --date COLUMN      column with an ISO 8601 date: 2025-02-27, 2025-02 or 2025\n"
    "                     (years 1900-2100; with --by month the month is required)\n"
    "  --by year|month    period to count per (default year)\n"
    "  --group COLUMN     count per value of this column too; may be repeated\n"
    "  --where COL=VALUE  count only rows whose COL is VALUE (whole field, exact).\n"
    "                     Repeated for one column: any of the values; for different\n"
    "                     columns: all of the conditions\n"
    "  --source ID        value of the source column (default 'records'); for a\n"
    "                     dataset, add a row with this id to its sources.csv\n"
    "  --skip-bad         skip rows with a missing or malformed date (and, with one\n"
    "                     --group column, an empty value) instead of stopping; they\n"
    "                     are counted and the first ones listed on standard error\n"
    "  -o, --output FILE  write to FILE (replaced only when everything succeeded;\n"
    "                     a device or pipe such as /dev/stdout is written to as is;\n"
    "                     the input itself, under any name, is refused)\n"
    "  --format F         csv (default), text, json or md\n"
    "  --lang L           language of the text and md formats: en, es or es-MX\n"
    "                     (default: EXTRAD_LANG, else the locale); csv and json\n"
    "                     keep their English columns and plain numbers\n\n"
    "CSV output, one row per period (and group) with at least one record, sorted:\n"
    "  --by year            year,count,source          (a valid annual.csv)\n"
    "  --by year, 1 group   year,count,source,measure  (a valid annual.csv: one series\n"
    "                                                   per value of the column)\n"
    "  --by year, 2+ groups year,count,source,<the group columns' names>\n"
    "  --by month           year,month,count,source[,measure | ,<group columns>]\n"
    "Periods without records are not listed: a gap, not a zero. With one --group\n"
    "column an empty value is an error (an empty measure means the main series).\n\n"
    "A missing column, a malformed date and any CSV problem stop the count with\n"
    "the place (file:line:field) and exit status 1; bad options give 2 and an\n"
    "output that cannot be written 5. For inputs over 100 MB, a progress line is\n"
    "shown on standard error when it is a terminal.\n\n"
    "Big files are read by several threads (one per processor, parts of 32 MB or\n"
    "more). Environment: EXTRAD_AGGREGATE_THREADS=N caps the threads (1: one);\n"
    "EXTRAD_AGGREGATE_STRICT=1 reads with the slower, general CSV reader only, to\n"
    "check the fast one (the results and messages are the same).\n";

/* ------------------------------------------------------------------ progress */

typedef struct progress {
    double start, last;
    int shown;
} progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_progress(void *ctx, long long done, long long total)
{
    progress *p = ctx;
    double t = now_s();
    if (t - p->last < 0.25 || total <= 0)
        return;
    p->last = t;
    double el = t - p->start;
    double rate = el > 0 ? (double)done / el : 0;
    char eta[32] = "?";
    if (rate > 0 && done <= total)
        snprintf(eta, sizeof eta, "%.0f s", (double)(total - done) / rate);
    fprintf(stderr, "\rextrad aggregate: %.0f of %.0f MB (%.0f%%), %.0f MB/s, ETA %s   ", (double)done / 1e6,
            (double)total / 1e6, 100.0 * (double)done / (double)total, rate / 1e6, eta);
    fflush(stderr);
    p->shown = 1;
}

/* ------------------------------------------------------------------- output */

typedef struct out_ctx {
    xd_lang lang; /* of the text and md formats */
    const xd_agg_result *res;
    const xd_agg_opts *o;
    const char *source;
    const char *file;
} out_ctx;

static void write_csv(FILE *f, const out_ctx *c)
{
    const xd_agg_result *r = c->res;
    int month = c->o->by == XD_AGG_BY_MONTH;
    fputs(month ? "year,month,count,source" : "year,count,source", f);
    if (c->o->n_groups == 1) {
        fputs(",measure", f);
    } else {
        for (size_t g = 0; g < c->o->n_groups; g++) {
            fputc(',', f);
            cli_csv_field(f, c->o->groups[g]);
        }
    }
    fputc('\n', f);
    for (size_t i = 0; i < r->n; i++) {
        const xd_agg_count *k = &r->counts[i];
        if (month)
            fprintf(f, "%d,%d,%llu,", k->year, k->month, k->count);
        else
            fprintf(f, "%d,%llu,", k->year, k->count);
        cli_csv_field(f, c->source);
        for (size_t g = 0; g < r->n_groups; g++) {
            fputc(',', f);
            cli_csv_field(f, k->values[g]);
        }
        fputc('\n', f);
    }
}

static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

/* A table of strings for text and md: the first cells are the period, the
 * group values, then the count. */
typedef struct table {
    size_t ncols, nrows;
    char **cells; /* (nrows + 1) * ncols, row 0 the header */
    int *right;
} table;

static char *fmt_dup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fmt_dup(const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return strdup(buf);
}

static int build_table(table *t, const out_ctx *c)
{
    const xd_agg_result *r = c->res;
    int month = c->o->by == XD_AGG_BY_MONTH;
    t->ncols = (size_t)(1 + month) + r->n_groups + 1;
    t->nrows = r->n;
    t->cells = calloc((t->nrows + 1) * t->ncols, sizeof *t->cells);
    t->right = calloc(t->ncols, sizeof *t->right);
    if (!t->cells || !t->right)
        return 0;
    size_t col = 0;
    t->right[col] = 1;
    t->cells[col++] = strdup(xd_text(c->lang, "cli.agg.col.year"));
    if (month) {
        t->right[col] = 1;
        t->cells[col++] = strdup(xd_text(c->lang, "cli.agg.col.month"));
    }
    for (size_t g = 0; g < r->n_groups; g++)
        t->cells[col++] = strdup(c->o->groups[g]);
    t->right[col] = 1;
    t->cells[col] = strdup(xd_text(c->lang, "cli.agg.col.count"));
    for (size_t i = 0; i < r->n; i++) {
        const xd_agg_count *k = &r->counts[i];
        char **row = t->cells + (i + 1) * t->ncols;
        col = 0;
        row[col++] = fmt_dup("%d", k->year);
        if (month)
            row[col++] = fmt_dup("%02d", k->month);
        for (size_t g = 0; g < r->n_groups; g++)
            row[col++] = strdup(k->values[g]);
        char num[32];
        row[col] = strdup(cli_lnum(c->lang, num, sizeof num, (double)k->count, 17));
    }
    for (size_t i = 0; i < (t->nrows + 1) * t->ncols; i++)
        if (!t->cells[i])
            return 0;
    return 1;
}

static void free_table(table *t)
{
    if (t->cells)
        for (size_t i = 0; i < (t->nrows + 1) * t->ncols; i++)
            free(t->cells[i]);
    free(t->cells);
    free(t->right);
}

/* Control characters would break the layout of a table. */
static void put_cell(FILE *f, const char *s, int md)
{
    if (md) {
        cli_print_text(f, CLI_MD, s);
        return;
    }
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

static void write_table(FILE *f, const out_ctx *c, int md)
{
    table t = {0};
    const xd_agg_result *r = c->res;
    xd_lang lang = c->lang;
    int by_month = c->o->by == XD_AGG_BY_MONTH;
    if (!build_table(&t, c)) {
        free_table(&t);
        return;
    }
    if (md) {
        fprintf(f, "### %s ", xd_text(lang, by_month ? "cli.agg.md.month" : "cli.agg.md.year"));
        put_cell(f, c->file, 1);
        fputs("\n\n|", f);
        for (size_t j = 0; j < t.ncols; j++) {
            fputc(' ', f);
            put_cell(f, t.cells[j], 1);
            fputs(" |", f);
        }
        fputs("\n|", f);
        for (size_t j = 0; j < t.ncols; j++)
            fputs(t.right[j] ? "---:|" : "---|", f);
        fputc('\n', f);
        for (size_t i = 1; i <= t.nrows; i++) {
            fputc('|', f);
            for (size_t j = 0; j < t.ncols; j++) {
                fputc(' ', f);
                put_cell(f, t.cells[i * t.ncols + j], 1);
                fputs(" |", f);
            }
            fputc('\n', f);
        }
        fputc('\n', f);
    } else {
        size_t *w = calloc(t.ncols, sizeof *w);
        if (!w) {
            free_table(&t);
            return;
        }
        for (size_t i = 0; i <= t.nrows; i++)
            for (size_t j = 0; j < t.ncols; j++) {
                size_t cw = display_width(t.cells[i * t.ncols + j]);
                if (cw > w[j])
                    w[j] = cw;
            }
        char title[1024];
        cli_fill(title, sizeof title, lang, by_month ? "cli.agg.title.month" : "cli.agg.title.year", 2, c->file,
                 c->o->date_column);
        put_cell(f, title, 0);
        fputs("\n\n", f);
        for (size_t i = 0; i <= t.nrows; i++) {
            for (size_t j = 0; j < t.ncols; j++) {
                const char *s = t.cells[i * t.ncols + j];
                size_t pad = w[j] - display_width(s);
                fputs("  ", f);
                if (t.right[j])
                    for (size_t k = 0; k < pad; k++)
                        fputc(' ', f);
                put_cell(f, s, 0);
                if (!t.right[j] && j + 1 < t.ncols)
                    for (size_t k = 0; k < pad; k++)
                        fputc(' ', f);
            }
            fputc('\n', f);
        }
        free(w);
    }
    char a[64], b[64], line[512];
    cli_fill(line, sizeof line, lang, "cli.agg.rows", 2, cli_count(a, sizeof a, lang, (double)r->rows_read, "data_row"),
             cli_lnum(lang, b, sizeof b, (double)r->rows_counted, 17));
    fprintf(f, "%s%s", md ? "" : "\n  ", line);
    if (r->rows_filtered)
        fprintf(f, "%s", cli_fill(line, sizeof line, lang, "cli.agg.filtered", 1,
                                  cli_lnum(lang, a, sizeof a, (double)r->rows_filtered, 17)));
    if (r->rows_bad_date + r->rows_empty_measure)
        fprintf(f, "%s", cli_fill(line, sizeof line, lang, "cli.agg.skipped", 1,
                                  cli_lnum(lang, a, sizeof a, (double)(r->rows_bad_date + r->rows_empty_measure), 17)));
    fputs(".\n", f);
    free_table(&t);
}

static void write_json(FILE *f, const out_ctx *c)
{
    const xd_agg_result *r = c->res;
    cli_json j;
    cli_json_begin(&j, f);
    cli_json_str(&j, "file", c->file);
    cli_json_str(&j, "date_column", c->o->date_column);
    cli_json_str(&j, "by", c->o->by == XD_AGG_BY_MONTH ? "month" : "year");
    cli_json_str(&j, "source", c->source);
    cli_json_array(&j, "groups");
    for (size_t g = 0; g < c->o->n_groups; g++)
        cli_json_str(&j, NULL, c->o->groups[g]);
    cli_json_close(&j, ']');
    cli_json_int(&j, "rows_read", (long)r->rows_read);
    cli_json_int(&j, "rows_counted", (long)r->rows_counted);
    cli_json_int(&j, "rows_filtered", (long)r->rows_filtered);
    cli_json_int(&j, "rows_skipped", (long)(r->rows_bad_date + r->rows_empty_measure));
    cli_json_array(&j, "counts");
    for (size_t i = 0; i < r->n; i++) {
        const xd_agg_count *k = &r->counts[i];
        cli_json_object(&j, NULL);
        cli_json_int(&j, "year", k->year);
        if (c->o->by == XD_AGG_BY_MONTH)
            cli_json_int(&j, "month", k->month);
        cli_json_int(&j, "count", (long)k->count);
        if (r->n_groups) {
            cli_json_object(&j, "values");
            for (size_t g = 0; g < r->n_groups; g++)
                cli_json_str(&j, c->o->groups[g], k->values[g]);
            cli_json_close(&j, '}');
        }
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_json_end(&j);
}

/* --------------------------------------------------------------------- main */

static int valid_source(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || !xd_utf8_check(s, n, NULL))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

int cmd_aggregate(int argc, char **argv)
{
    enum { O_DATE = 1000, O_BY, O_GROUP, O_WHERE, O_SOURCE, O_SKIP, O_FORMAT, O_LANG };
    static const struct option opts[] = {
        {"date", required_argument, 0, O_DATE},     {"by", required_argument, 0, O_BY},
        {"group", required_argument, 0, O_GROUP},   {"where", required_argument, 0, O_WHERE},
        {"source", required_argument, 0, O_SOURCE}, {"skip-bad", no_argument, 0, O_SKIP},
        {"output", required_argument, 0, 'o'},      {"format", required_argument, 0, O_FORMAT},
        {"lang", required_argument, 0, O_LANG},     {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *groups[XD_AGG_MAX_GROUPS];
    xd_agg_where where[XD_AGG_MAX_WHERE];
    xd_agg_opts o = {.by = XD_AGG_BY_YEAR, .total_bytes = -1, .groups = groups, .where = where};
    const char *source = "records", *output = NULL, *lang_arg = NULL;
    xd_lang lang = XD_LANG_EN;
    cli_format format = CLI_CSV;
    xd_diags d;
    xd_diags_init(&d);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case O_DATE: o.date_column = optarg; break;
        case O_BY:
            if (strcmp(optarg, "year") == 0)
                o.by = XD_AGG_BY_YEAR;
            else if (strcmp(optarg, "month") == 0)
                o.by = XD_AGG_BY_MONTH;
            else
                return cli_usage_error("aggregate", "--by: expected year or month, found '%s'", optarg);
            break;
        case O_GROUP:
            if (o.n_groups == XD_AGG_MAX_GROUPS)
                return cli_usage_error("aggregate", "--group: at most %d columns", XD_AGG_MAX_GROUPS);
            if (!*optarg)
                return cli_usage_error("aggregate", "--group: expected a column name, found an empty one");
            for (size_t g = 0; g < o.n_groups; g++)
                if (strcmp(groups[g], optarg) == 0)
                    return cli_usage_error("aggregate", "--group: column '%s' is given twice", optarg);
            groups[o.n_groups++] = optarg;
            break;
        case O_WHERE: {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg)
                return cli_usage_error("aggregate", "--where: expected COLUMN=VALUE, found '%s'", optarg);
            if (o.n_where == XD_AGG_MAX_WHERE)
                return cli_usage_error("aggregate", "--where: at most %d conditions", XD_AGG_MAX_WHERE);
            *eq = '\0';
            where[o.n_where++] = (xd_agg_where){optarg, eq + 1};
            break;
        }
        case O_SOURCE: source = optarg; break;
        case O_SKIP: o.skip_bad = 1; break;
        case 'o': output = optarg; break;
        case O_FORMAT:
            if (cli_parse_format(optarg, &format, &d) != XD_OK) {
                cli_print_diags(&d);
                xd_diags_free(&d);
                return cli_bad_option("aggregate");
            }
            break;
        case O_LANG: lang_arg = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("aggregate");
        }
    }
    if (optind >= argc)
        return cli_usage_error("aggregate", "expected a records file (or - for standard input)");
    if (optind + 1 < argc)
        return cli_usage_error("aggregate", "unexpected argument '%s'", argv[optind + 1]);
    if (!o.date_column || !*o.date_column)
        return cli_usage_error("aggregate", "--date COLUMN is required");
    if (cli_lang("aggregate", lang_arg, &lang) != XD_OK)
        return XD_EUSAGE;
    if (!valid_source(source))
        return cli_usage_error("aggregate", "--source: expected a source id without control characters");
    if (o.n_groups >= 2) {
        static const char *const taken[] = {"year", "month", "count", "source"};
        for (size_t g = 0; g < o.n_groups; g++)
            for (size_t k = 0; k < 4; k++)
                if (strcmp(groups[g], taken[k]) == 0)
                    return cli_usage_error("aggregate",
                                           "--group: a column named '%s' would clash with the output column of "
                                           "that name; group by it alone (it becomes 'measure')",
                                           groups[g]);
    }
    {
        xd_diags ed;
        xd_diags_init(&ed);
        int erc = cli_env_threads("EXTRAD_AGGREGATE_THREADS", &ed);
        cli_print_diags(&ed);
        xd_diags_free(&ed);
        if (erc != XD_OK)
            return erc;
    }
    const char *e = getenv("EXTRAD_AGGREGATE_STRICT");
    o.strict = e && *e && strcmp(e, "0") != 0;

    const char *path = argv[optind];
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "extrad: error: %s: cannot open: %s\n", name, strerror(errno));
        return XD_EDATA;
    }
    struct stat st;
    int have_st = fstat(fd, &st) == 0;
    if (have_st) {
        if (S_ISDIR(st.st_mode)) {
            fprintf(stderr, "extrad: error: %s: expected a CSV file, found a folder\n", name);
            if (fd != 0)
                close(fd);
            return XD_EDATA;
        }
        if (S_ISREG(st.st_mode))
            o.total_bytes = (long long)st.st_size;
    }
    struct stat same;
    if (have_st && output && strcmp(output, "-") != 0 && stat(output, &same) == 0 && S_ISREG(same.st_mode) &&
        same.st_dev == st.st_dev && same.st_ino == st.st_ino) {
        /* also through a link or another name: the counts would replace the records */
        if (fd != 0)
            close(fd);
        return cli_usage_error("aggregate", "-o: '%s' is the input file%s%s itself; write the counts to another file",
                               output, fd == 0 ? " (standard input)" : " ", fd == 0 ? "" : name);
    }
    progress prog = {0};
    if (o.total_bytes > 100000000LL && isatty(2)) {
        prog.start = prog.last = now_s();
        o.progress = on_progress;
        o.progress_ctx = &prog;
    }

    xd_outfile of;
    FILE *out = stdout, *direct = NULL;
    int rc = XD_OK;
    struct stat ost;
    if (output && strcmp(output, "-") != 0 && stat(output, &ost) == 0 && !S_ISREG(ost.st_mode) &&
        !S_ISDIR(ost.st_mode)) {
        /* a device or a pipe (/dev/stdout, a FIFO): written to as it is, never replaced */
        direct = fopen(output, "w");
        if (!direct)
            rc = xd_error(&d, XD_EOUTPUT, "cannot write '%s': %s", output, strerror(errno));
        out = direct;
    } else if (output && strcmp(output, "-") != 0) {
        xd_cleanup_register_signals();
        rc = xd_outfile_begin(&of, output, &d);
        out = rc == XD_OK ? xd_outfile_fp(&of) : NULL;
    }
    xd_agg_result res = {0};
    if (rc == XD_OK)
        rc = xd_aggregate_fd(fd, name, &o, &res, &d);
    if (fd != 0)
        close(fd);
    if (prog.shown)
        fprintf(stderr, "\r%*s\r", 78, "");
    if (rc == XD_OK) {
        out_ctx oc = {lang, &res, &o, source, name};
        switch (format) {
        case CLI_CSV: write_csv(out, &oc); break;
        case CLI_JSON: write_json(out, &oc); break;
        case CLI_MD: write_table(out, &oc, 1); break;
        default: write_table(out, &oc, 0); break;
        }
        if (out == stdout) {
            if (fflush(stdout) != 0 || ferror(stdout))
                rc = xd_error(&d, XD_EOUTPUT, "standard output: write error: %s", strerror(errno));
        } else if (direct) {
            int bad = fflush(direct) != 0 || ferror(direct);
            int err = errno;
            if (fclose(direct) != 0 || bad)
                rc = xd_error(&d, XD_EOUTPUT, "cannot write '%s': %s", output, strerror(bad ? err : errno));
            direct = NULL;
        } else {
            rc = xd_outfile_commit(&of, &d);
        }
    } else if (direct) {
        fclose(direct);
    } else if (out && out != stdout) {
        xd_outfile_abort(&of);
    }
    cli_print_diags(&d);
    if (rc == XD_OK && d.status != XD_OK)
        rc = d.status;
    xd_agg_result_free(&res);
    xd_diags_free(&d);
    return rc;
}
