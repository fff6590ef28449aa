#include "cli.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "parse.h"
#include "paths.h"

int cli_print_diags(const xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const xd_diag *it = &d->items[i];
        const char *kind = it->severity == XD_SEV_ERROR ? "error" : it->severity == XD_SEV_WARNING ? "warning" : "note";
        fprintf(stderr, "extrad: %s: %s\n", kind, it->text ? it->text : "");
    }
    return d->status;
}

int cli_load_dataset(const char *dir, xd_dataset *ds, xd_diags *d)
{
    return cli_load_dataset_mode(dir, XD_ANNUAL_TABLE, ds, d);
}

int cli_load_dataset_mode(const char *dir, xd_annual_mode mode, xd_dataset *ds, xd_diags *d)
{
    char path[PATH_MAX];
    if (!dir) {
        int rc = xd_paths_find("EXTRAD_DATA", "datasets/mexico-us", path, sizeof path, d);
        if (rc != XD_OK) {
            memset(ds, 0, sizeof *ds);
            return rc;
        }
        dir = path;
    }
    return xd_dataset_load_mode(dir, mode, ds, d);
}

int cli_parse_format(const char *s, cli_format *f, xd_diags *d)
{
    static const char *const names[] = {"text", "csv", "json", "md"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (cli_format)i;
            return XD_OK;
        }
    return xd_error(d, XD_EUSAGE, "--format: expected text, csv, json or md, found '%s'", s);
}

int cli_parse_level(const char *s, double *level, xd_diags *d)
{
    if (!xd_parse_level(s, level))
        return xd_error(d, XD_EUSAGE,
                        "--level: expected a number between 0 and 1 in whole percents, such as 0.95 or 0.9, found '%s'",
                        s);
    return XD_OK;
}

int cli_parse_joinpoints(const char *s, int *k, xd_diags *d)
{
    if (s[0] >= '0' && s[0] <= '3' && s[1] == '\0') {
        *k = s[0] - '0';
        return XD_OK;
    }
    return xd_error(d, XD_EUSAGE, "--joinpoints: expected a number of joinpoints from 0 to 3, found '%s'", s);
}

int cli_parse_from_to(const char *cmd, const char *from_arg, const char *to_arg, int by_month, int *from, int *to,
                      xd_diags *d)
{
    if ((from_arg && cli_parse_period("--from", from_arg, by_month, 0, from, d) != XD_OK) ||
        (to_arg && cli_parse_period("--to", to_arg, by_month, 1, to, d) != XD_OK)) {
        cli_print_diags(d);
        xd_diags_free(d);
        return cli_bad_option(cmd);
    }
    return XD_OK;
}

int cli_parse_year(const char *opt, const char *s, int *year, xd_diags *d)
{
    if (!xd_parse_year(s, year))
        return xd_error(d, XD_EUSAGE, "%s: expected a year from %d to %d, found '%s'", opt, XD_YEAR_MIN, XD_YEAR_MAX,
                        s);
    return XD_OK;
}

int cli_parse_by(const char *s, int *by_month, xd_diags *d)
{
    if (strcmp(s, "year") == 0 || strcmp(s, "month") == 0) {
        *by_month = strcmp(s, "month") == 0;
        return XD_OK;
    }
    return xd_error(d, XD_EUSAGE, "--by: expected year or month, found '%s'", s);
}

int cli_parse_period(const char *opt, const char *s, int by_month, int is_to, int *period, xd_diags *d)
{
    if (!by_month)
        return cli_parse_year(opt, s, period, d);
    int year;
    size_t len = strlen(s);
    if (len == 4 && xd_parse_year(s, &year)) {
        *period = xd_period_of(year, is_to ? 12 : 1);
        return XD_OK;
    }
    char date[16];
    int month, day;
    if (len == 7 && s[4] == '-' && (snprintf(date, sizeof date, "%s-01", s), xd_parse_date(date, &year, &month, &day))) {
        *period = xd_period_of(year, month);
        return XD_OK;
    }
    return xd_error(d, XD_EUSAGE, "%s: expected a month YYYY-MM or a year from %d to %d, found '%s'", opt,
                    XD_YEAR_MIN, XD_YEAR_MAX, s);
}

const char *cli_period_words(char *buf, size_t cap, int by_month, int period)
{
    static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    if (by_month)
        snprintf(buf, cap, "%s %d", months[period % 12], period / 12);
    else
        snprintf(buf, cap, "%d", period);
    return buf;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "extrad %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'extrad %s --help'.\n", cmd);
    va_end(ap);
    return XD_EUSAGE;
}

int cli_env_threads(const char *name, xd_diags *d)
{
    const char *v = getenv(name);
    long n;
    if (!v || !*v)
        return XD_OK;
    if (!xd_parse_count(v, &n) || n < 1)
        return xd_error(d, XD_EUSAGE, "%s: expected a whole number of threads >= 1, found '%s'", name, v);
    return XD_OK;
}

int cli_parse_baseline(const char *cmd, const char *arg, struct xd_compare_options *o)
{
    if (xd_parse_year_range(arg, &o->from, &o->to))
        return XD_OK;
    int a, b;
    char y1[5] = "", y2[5] = "";
    if (strlen(arg) == 9 && arg[4] == '-') {
        memcpy(y1, arg, 4);
        memcpy(y2, arg + 5, 4);
        long v1, v2;
        if (xd_parse_count(y1, &v1) && xd_parse_count(y2, &v2)) {
            if (!xd_parse_year(y1, &a) || !xd_parse_year(y2, &b))
                return cli_usage_error(cmd, "--baseline: expected years from %d to %d, found '%s'", XD_YEAR_MIN,
                                       XD_YEAR_MAX, arg);
            return cli_usage_error(cmd, "--baseline: '%s' runs backwards: %s is after %s (did you mean %s-%s?)", arg,
                                   y1, y2, y2, y1);
        }
    }
    return cli_usage_error(cmd, "--baseline: expected Y1-Y2 such as 2019-2023 (years from %d to %d), found '%s'",
                           XD_YEAR_MIN, XD_YEAR_MAX, arg);
}

int cli_parse_event_count(const char *cmd, const char *arg, struct xd_compare_options *o)
{
    if (!xd_parse_count(arg, &o->count))
        return cli_usage_error(cmd, "--count: expected a whole number >= 0, found '%s'", arg);
    return XD_OK;
}

int cli_event_check(const char *cmd, const struct xd_compare_options *o)
{
    if (o->event_date && o->count >= 0)
        return cli_usage_error(cmd, "--event and --count exclude each other");
    if ((o->label || o->date) && o->count < 0)
        return cli_usage_error(cmd, "--label and --date describe a --count; for a transfer use --event");
    return XD_OK;
}

int cli_bad_option(const char *cmd)
{
    fprintf(stderr, "Try 'extrad %s --help'.\n", cmd);
    return XD_EUSAGE;
}

const char *cli_num(char *buf, size_t cap, double v, int sig)
{
    if (isnan(v))
        snprintf(buf, cap, "n/a");
    else if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, cap, "%.0f", v);
    else if (fabs(v) >= 1e-4 && fabs(v) < 1e15) {
        /* significant digits without switching to exponent notation */
        int mag = (int)floor(log10(fabs(v))) + 1;
        int dec = sig - mag;
        if (dec < 0)
            dec = 0;
        snprintf(buf, cap, "%.*f", dec, v);
        /* 57.50 reads as more precise than it is: drop trailing zeros */
        char *dot = strchr(buf, '.');
        if (dot) {
            char *end = buf + strlen(buf);
            while (end > dot + 1 && end[-1] == '0')
                *--end = '\0';
            if (end == dot + 1)
                *dot = '\0';
        }
    } else
        snprintf(buf, cap, "%.*g", sig, v);
    return buf;
}

const char *cli_lnum(xd_lang lang, char *buf, size_t cap, double v, int sig)
{
    if (lang == XD_LANG_EN && (isnan(v) || fabs(v) < 1000))
        return cli_num(buf, cap, v, sig);
    char raw[64];
    cli_num(raw, sizeof raw, v, sig);
    if (isnan(v) || strchr(raw, 'e') || strchr(raw, 'E') || strchr(raw, 'n') || strchr(raw, 'i')) {
        /* n/a, inf or exponent form: only the decimal mark changes */
        if (isnan(v))
            snprintf(raw, sizeof raw, "%s", lang == XD_LANG_EN ? "n/a" : "n/d");
        for (char *p = raw; lang == XD_LANG_ES && *p; p++)
            if (*p == '.')
                *p = ',';
        snprintf(buf, cap, "%s", raw);
        return buf;
    }
    const char *dot = strchr(raw, '.');
    return xd_lang_num(lang, buf, cap, v, dot ? (int)strlen(dot + 1) : 0);
}

int cli_lang(const char *cmd, const char *arg, xd_lang *lang)
{
    if (arg) {
        if (!xd_lang_parse(arg, lang))
            return cli_usage_error(cmd, "--lang: expected en, es or es-MX, found '%s'", arg);
        return XD_OK;
    }
    if (!xd_lang_from_env(lang))
        return cli_usage_error(cmd, "EXTRAD_LANG: expected en, es or es-MX, found '%s'", getenv("EXTRAD_LANG"));
    return XD_OK;
}

const char *cli_fill(char *buf, size_t cap, xd_lang lang, const char *key, size_t n, ...)
{
    const char *args[16];
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n && i < 16; i++)
        args[i] = va_arg(ap, const char *);
    va_end(ap);
    char *s = xd_text_fill(xd_text(lang, key), args, n < 16 ? n : 16);
    snprintf(buf, cap, "%s", s ? s : "");
    free(s);
    return buf;
}

const char *cli_count(char *buf, size_t cap, xd_lang lang, double n, const char *noun)
{
    return xd_lang_count(lang, buf, cap, n, noun);
}

void cli_rows_add(cli_rows *r, const char *key, const char *label, const char *full, const char *shown)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        cli_row *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return;
        r->items = items;
        r->cap = cap;
    }
    r->items[r->n++] = (cli_row){strdup(key), strdup(label), strdup(full), strdup(shown ? shown : full), 0};
}

void cli_rows_machine(cli_rows *r, const char *key, const char *full)
{
    cli_rows_add(r, key, key, full, NULL);
    if (r->n)
        r->items[r->n - 1].machine_only = 1;
}

const char *cli_exact(char *buf, size_t cap, double v)
{
    /* the shortest of %.15g..%.17g that reads back as the same double */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

void cli_rows_num(cli_rows *r, const char *key, const char *label, double v, int sig)
{
    char full[64], shown[64];
    if (isnan(v))
        snprintf(full, sizeof full, "%s", "");
    else
        cli_exact(full, sizeof full, v);
    cli_rows_add(r, key, label, full, cli_lnum(r->lang, shown, sizeof shown, v, sig));
}

static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

size_t cli_width(const char *s) { return display_width(s); }

void cli_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Text for people: a line break or other control character inside a value
 * becomes a space, so that it cannot break a table or a list item. */
static void text_clean(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, f);
}

/* Markdown: text from a dataset is shown as written, never read as markup
 * (emphasis, links, code, HTML, table cells). */
static void md_text(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fputc(' ', f);
        else if (*p == '<')
            fputs("&lt;", f);
        else if (*p == '>')
            fputs("&gt;", f);
        else if (*p == '&')
            fputs("&amp;", f);
        else if (strchr("\\`*_[]|~#", *p))
            fprintf(f, "\\%c", *p);
        else
            fputc(*p, f);
    }
}

static void md_cell(FILE *f, const char *s)
{
    while (*s == ' ')
        s++;
    md_text(f, s);
}

void cli_print_text(FILE *f, cli_format fmt, const char *s)
{
    (fmt == CLI_MD ? md_text : text_clean)(f, s);
}

void cli_rows_print(const cli_rows *r, cli_format f, FILE *out, const char *title)
{
    if (f == CLI_CSV) {
        fputs("key,value\n", out);
        for (size_t i = 0; i < r->n; i++) {
            cli_csv_field(out, r->items[i].key);
            fputc(',', out);
            cli_csv_field(out, r->items[i].full);
            fputc('\n', out);
        }
        return;
    }
    if (f == CLI_MD) {
        if (title) {
            fputs("### ", out);
            md_text(out, title);
            fputs("\n\n", out);
        }
        fputs("| | |\n|---|---:|\n", out);
        for (size_t i = 0; i < r->n; i++) {
            if (r->items[i].machine_only)
                continue;
            fputs("| ", out);
            md_cell(out, r->items[i].label);
            fputs(" | ", out);
            md_cell(out, r->items[i].shown);
            fputs(" |\n", out);
        }
        return;
    }
    size_t w = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->items[i].machine_only)
            continue;
        size_t lw = display_width(r->items[i].label);
        if (lw > w)
            w = lw;
    }
    if (title) {
        text_clean(out, title);
        fputs("\n\n", out);
    }
    for (size_t i = 0; i < r->n; i++) {
        if (r->items[i].machine_only)
            continue;
        fputs("  ", out);
        text_clean(out, r->items[i].label);
        for (size_t k = display_width(r->items[i].label); k < w + 2; k++)
            fputc(' ', out);
        text_clean(out, r->items[i].shown);
        fputc('\n', out);
    }
}

void cli_rows_free(cli_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].key);
        free(r->items[i].label);
        free(r->items[i].full);
        free(r->items[i].shown);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

static void json_escaped(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_prefix(cli_json *j, const char *key)
{
    if (j->count[j->depth]++)
        fputc(',', j->f);
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->f);
    if (key) {
        json_escaped(j->f, key);
        fputs(": ", j->f);
    }
}

/* ---- the flat (csv) form */

enum { FLAT_OBJECT, FLAT_ARRAY_NEW, FLAT_ARRAY_JOINED, FLAT_ARRAY_ROWS };

/* The name of the next item at this level: its key, or its number in an array. */
static void flat_name(cli_json *j, const char *key, char *out, size_t cap)
{
    int m = j->mode[j->depth];
    if (m == FLAT_OBJECT)
        snprintf(out, cap, "%s", key ? key : "");
    else
        snprintf(out, cap, "%d", j->count[j->depth]);
}

static void flat_path(cli_json *j, const char *last, FILE *f)
{
    char path[2048];
    size_t o = 0;
    path[0] = '\0';
    for (int i = 2; i <= j->depth; i++)
        o += (size_t)snprintf(path + o, o < sizeof path ? sizeof path - o : 0, "%s%s", o ? "_" : "", j->key[i]);
    if (last)
        snprintf(path + o, o < sizeof path ? sizeof path - o : 0, "%s%s", o ? "_" : "", last);
    cli_csv_field(f, path);
}

static void flat_join(cli_json *j, const char *text)
{
    size_t need = j->jlen + strlen(text) + 2;
    if (need > j->jcap) {
        size_t cap = need * 2;
        char *p = realloc(j->joined, cap);
        if (!p)
            return;
        j->joined = p;
        j->jcap = cap;
    }
    j->jlen += (size_t)sprintf(j->joined + j->jlen, "%s%s", j->count[j->depth] > 1 ? ";" : "", text);
}

/* One scalar: joinable values (numbers, periods, null) may share a row with
 * the rest of their array; texts and booleans have rows of their own. */
static void flat_value(cli_json *j, const char *key, const char *text, int joinable)
{
    j->count[j->depth]++;
    int *m = &j->mode[j->depth];
    if (*m == FLAT_ARRAY_NEW)
        *m = joinable ? FLAT_ARRAY_JOINED : FLAT_ARRAY_ROWS;
    if (*m == FLAT_ARRAY_JOINED) {
        flat_join(j, text);
        return;
    }
    char name[64];
    flat_name(j, key, name, sizeof name);
    flat_path(j, name, j->f);
    fputc(',', j->f);
    cli_csv_field(j->f, text);
    fputc('\n', j->f);
}

static void flat_open(cli_json *j, const char *key, int array)
{
    j->count[j->depth]++;
    if (j->mode[j->depth] == FLAT_ARRAY_NEW)
        j->mode[j->depth] = FLAT_ARRAY_ROWS;
    char name[64];
    flat_name(j, key, name, sizeof name);
    j->depth++;
    snprintf(j->key[j->depth], sizeof j->key[j->depth], "%s", name);
    j->mode[j->depth] = array ? FLAT_ARRAY_NEW : FLAT_OBJECT;
    j->count[j->depth] = 0;
    j->jlen = 0;
    if (j->joined)
        j->joined[0] = '\0';
}

static void flat_close(cli_json *j)
{
    int m = j->mode[j->depth];
    if (m == FLAT_ARRAY_NEW || m == FLAT_ARRAY_JOINED) {
        /* an empty array still has its row */
        flat_path(j, NULL, j->f);
        fputc(',', j->f);
        cli_csv_field(j->f, j->jlen && j->joined ? j->joined : "");
        fputc('\n', j->f);
        j->jlen = 0;
    }
    j->depth--;
}

void cli_json_begin(cli_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    fputc('{', f);
    j->depth = 1;
}

void cli_json_begin_flat(cli_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->flat = 1;
    fputs("key,value\n", f);
    j->depth = 1;
    j->mode[1] = FLAT_OBJECT;
}

void cli_json_end(cli_json *j)
{
    if (!j->flat)
        fputs("\n}\n", j->f);
    free(j->joined);
    j->joined = NULL;
    j->depth = 0;
}

void cli_json_object(cli_json *j, const char *key)
{
    if (j->flat) {
        flat_open(j, key, 0);
        return;
    }
    json_prefix(j, key);
    fputc('{', j->f);
    j->count[++j->depth] = 0;
}

void cli_json_array(cli_json *j, const char *key)
{
    if (j->flat) {
        flat_open(j, key, 1);
        return;
    }
    json_prefix(j, key);
    fputc('[', j->f);
    j->count[++j->depth] = 0;
}

void cli_json_close(cli_json *j, char bracket)
{
    if (j->flat) {
        flat_close(j);
        return;
    }
    int had = j->count[j->depth];
    j->depth--;
    if (had) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    }
    fputc(bracket, j->f);
}

void cli_json_num(cli_json *j, const char *key, double v)
{
    char buf[64];
    if (j->flat) {
        flat_value(j, key, isfinite(v) ? cli_exact(buf, sizeof buf, v) : "", 1);
        return;
    }
    json_prefix(j, key);
    if (isfinite(v))
        fputs(cli_exact(buf, sizeof buf, v), j->f);
    else
        fputs("null", j->f);
}

void cli_json_int(cli_json *j, const char *key, long v)
{
    if (j->flat) {
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", v);
        flat_value(j, key, buf, 1);
        return;
    }
    json_prefix(j, key);
    fprintf(j->f, "%ld", v);
}

void cli_json_str(cli_json *j, const char *key, const char *s)
{
    if (j->flat) {
        flat_value(j, key, s ? s : "", !s);
        return;
    }
    json_prefix(j, key);
    if (s)
        json_escaped(j->f, s);
    else
        fputs("null", j->f);
}

void cli_json_bool(cli_json *j, const char *key, int v)
{
    if (j->flat) {
        flat_value(j, key, v ? "true" : "false", 0);
        return;
    }
    json_prefix(j, key);
    fputs(v ? "true" : "false", j->f);
}

void cli_json_null(cli_json *j, const char *key)
{
    if (j->flat) {
        flat_value(j, key, "", 1);
        return;
    }
    json_prefix(j, key);
    fputs("null", j->f);
}

void cli_json_interval(cli_json *j, const char *key, double lo, double hi)
{
    cli_json_array(j, key);
    cli_json_num(j, NULL, lo);
    cli_json_num(j, NULL, hi);
    cli_json_close(j, ']');
}

void cli_json_period(cli_json *j, const char *key, int by_month, int period)
{
    char buf[16];
    if (by_month && j->flat)
        flat_value(j, key, xd_period_text(buf, sizeof buf, 1, period), 1);
    else if (by_month)
        cli_json_str(j, key, xd_period_text(buf, sizeof buf, 1, period));
    else
        cli_json_int(j, key, period);
}

void cli_json_summary(cli_json *j, const xd_summary *s, int with_level)
{
    const char *unit = s->by_month ? "month" : "year";
    cli_json_period(j, "from", s->by_month, s->from);
    cli_json_period(j, "to", s->by_month, s->to);
    cli_json_int(j, "n", (long)s->n);
    cli_json_num(j, "total", s->desc.total);
    cli_json_num(j, "mean", s->desc.mean);
    cli_json_num(j, "sd", s->desc.sd);
    cli_json_num(j, "median", s->desc.median);
    cli_json_num(j, "q1", s->desc.q1);
    cli_json_num(j, "q3", s->desc.q3);
    cli_json_object(j, "min");
    cli_json_period(j, unit, s->by_month, s->min_year);
    cli_json_num(j, "count", s->desc.min);
    cli_json_close(j, '}');
    cli_json_object(j, "max");
    cli_json_period(j, unit, s->by_month, s->max_year);
    cli_json_num(j, "count", s->desc.max);
    cli_json_close(j, '}');
    cli_json_num(j, "cv", s->desc.cv);
    if (with_level)
        cli_json_num(j, "level", s->level);
    cli_json_interval(j, "ci_t", s->ci_t.lo, s->ci_t.hi);
    cli_json_interval(j, "ci_poisson", s->ci_poisson.lo, s->ci_poisson.hi);
    cli_json_array(j, "gaps");
    for (size_t i = 0; i < s->n_gaps; i++)
        cli_json_period(j, NULL, s->by_month, s->gaps[i]);
    cli_json_close(j, ']');
}

void cli_print_sentences(FILE *f, cli_format format, xd_lang lang, char *const *sentences, size_t n)
{
    if (format == CLI_MD)
        fputc('\n', f);
    else
        fprintf(f, "\n  %s\n", xd_text(lang, "cli.in_words"));
    for (size_t i = 0; i < n; i++) {
        fputs(format == CLI_MD ? "- " : "  - ", f);
        cli_print_text(f, format, sentences[i]);
        fputc('\n', f);
    }
}
