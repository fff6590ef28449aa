/* Charts: what each chart shows is decided here, from an xd_analysis, and written
 * as numbers (values.gp and tab-separated data files) and texts (strings.gp, every
 * text already worded and formatted for the language, and wrapped to fit); the
 * scripts in plots/ only place and draw. See chart.h for how a script is run. */
/* realpath() is an X/Open interface. */
#define _XOPEN_SOURCE 700

#include "chart.h"
#include "keepdir.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart_out.h"
#include "gnuplot.h"
#include "outfile.h"
#include "parse.h"
#include "paths.h"
#include "predict.h"
#include "textwidth.h"

static const char *const chart_names[XD_CHART_COUNT] = {"comparison", "annual", "pace", "trend", "people"};
static const char *const chart_scripts[XD_CHART_COUNT] = {"comparison.gp", "annual.gp", "pace.gp", "trend.gp",
                                                          "people.gp"};

int xd_chart_parse(const char *name, xd_chart_kind *out)
{
    for (int i = 0; i < XD_CHART_COUNT; i++)
        if (name && strcmp(name, chart_names[i]) == 0) {
            *out = (xd_chart_kind)i;
            return 1;
        }
    return 0;
}

const char *xd_chart_name(xd_chart_kind kind)
{
    return (unsigned)kind < XD_CHART_COUNT ? chart_names[kind] : "";
}

const char *xd_chart_script(xd_chart_kind kind)
{
    return (unsigned)kind < XD_CHART_COUNT ? chart_scripts[kind] : "";
}

int xd_chart_missing(const xd_analysis *a, xd_chart_kind kind, char *why, size_t cap)
{
    int by_month = kind == XD_CHART_ANNUAL && a->annual_by_month;
    const xd_series *s = by_month ? &a->monthly : &a->series;
    size_t n = xd_series_values(s, NULL, NULL);
    if (kind == XD_CHART_TREND && !a->has_trend) {
        snprintf(why, cap, "the trend chart needs at least 3 years with a sourced figure; '%s' has %zu",
                 a->cmp.base.measure, n);
        return 1;
    }
    if ((kind == XD_CHART_COMPARISON || kind == XD_CHART_PACE) && !a->cmp.has_event) {
        snprintf(why, cap,
                 "the %s chart needs an event: the dataset has no transfers; give one with --count N [--date DATE]",
                 kind == XD_CHART_PACE ? "pace" : "comparison");
        return 1;
    }
    if (kind == XD_CHART_PACE && !a->cmp.event.year) {
        snprintf(why, cap, "the pace chart follows the event's year: give --date DATE with --count");
        return 1;
    }
    if (kind == XD_CHART_ANNUAL && n == 0) {
        snprintf(why, cap, "the annual chart needs at least one %s with a sourced figure of '%s'",
                 by_month ? "month" : "year", a->cmp.base.measure);
        return 1;
    }
    return 0;
}

/* ---- measuring and wrapping text ---------------------------------------------------- */

/* Text sizes (PT_*) and the reference layout (REF_*, CHAR_*) are in chart_out.h. */

static xd_face face(int bold) { return bold ? XD_FACE_BOLD : XD_FACE_REGULAR; }

static double text_width(const char *s, double size_pt, int bold) { return xd_text_em(s, face(bold)) * size_pt; }

/* A copy with every control character (line breaks, tabs) turned into a space: data
 * texts are drawn on the lines this file decides. */
static char *one_line(const char *s)
{
    char *out = strdup(s ? s : "");
    if (out)
        for (char *p = out; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                *p = ' ';
    return out;
}

/* Length of the longest prefix of s (whole code points) no wider than width. At least
 * one code point, so that every call makes progress. */
static size_t fit_prefix(const char *s, double size_pt, int bold, double width)
{
    const char *p = s;
    double w = 0;
    size_t best = 0;
    while (*p) {
        w += xd_glyph_em(xd_utf8_next(&p), face(bold)) * size_pt;
        if (w > width && best > 0)
            break;
        best = (size_t)(p - s);
    }
    return best;
}

/* Breaks text into lines no wider than width (at spaces; inside a word only when the
 * word alone is too wide). With more than max_lines (0: no limit), the last line ends in
 * "…" and 1 is returned. Work stops one line past the limit, so even a field of a
 * megabyte costs little. */
static int wrap(const char *text, double size_pt, int bold, double width, size_t max_lines, xd_strlist *out)
{
    char *t = one_line(text);
    if (!t)
        return 0;
    size_t stop = max_lines ? max_lines + 1 : (size_t)-1;
    xd_strlist all = {0};
    char *cur = malloc(strlen(t) + 1);
    size_t cl = 0;
    if (!cur) {
        free(t);
        return 0;
    }
    cur[0] = '\0';
    for (char *p = t; *p && all.n < stop;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *end = strchr(p, ' ');
        size_t wl = end ? (size_t)(end - p) : strlen(p);
        /* try "cur word" */
        char save = p[wl];
        p[wl] = '\0';
        size_t tl = cl + (cl ? 1 : 0) + wl;
        char *trial = malloc(tl + 1);
        if (!trial)
            break;
        snprintf(trial, tl + 1, "%s%s%s", cur, cl ? " " : "", p);
        if (text_width(trial, size_pt, bold) <= width) {
            memcpy(cur, trial, tl + 1);
            cl = tl;
        } else {
            if (cl)
                xd_strlist_push(&all, cur, cl);
            /* a word too wide for a line of its own is cut */
            const char *w = p;
            while (all.n < stop && text_width(w, size_pt, bold) > width) {
                size_t k = fit_prefix(w, size_pt, bold, width);
                xd_strlist_push(&all, w, k);
                w += k;
            }
            cl = strlen(w);
            memcpy(cur, w, cl + 1);
        }
        free(trial);
        p[wl] = save;
        p += wl;
    }
    if (cl && all.n < stop)
        xd_strlist_push(&all, cur, cl);
    free(cur);
    free(t);

    if (all.n <= max_lines || max_lines == 0) {
        *out = all;
        return 0;
    }
    /* too many lines: keep max_lines, the last one shortened to end in an ellipsis */
    size_t keep = max_lines;
    char *last = all.v[keep - 1];
    size_t ll = strlen(last);
    char *buf = malloc(ll + 4);
    if (buf) {
        memcpy(buf, last, ll + 1);
        for (;;) {
            char trial[4096];
            snprintf(trial, sizeof trial, "%s\u2026", buf);
            if (ll == 0 || text_width(trial, size_pt, bold) <= width) {
                free(all.v[keep - 1]);
                all.v[keep - 1] = strdup(trial);
                break;
            }
            /* drop one code point (and trailing spaces) */
            do
                ll--;
            while (ll > 0 && ((unsigned char)buf[ll] & 0xC0) == 0x80);
            buf[ll] = '\0';
            while (ll > 0 && buf[ll - 1] == ' ')
                buf[--ll] = '\0';
        }
        free(buf);
    }
    for (size_t i = keep; i < all.n; i++)
        free(all.v[i]);
    all.n = keep;
    *out = all;
    return 1;
}

/* ---- writing a chart's folder ------------------------------------------------------- */

typedef struct out {
    const xd_analysis *a;
    xd_lang lang;
    const char *dir;
    FILE *strings, *values;
    xd_diags *d;
    int rc;
    char **arena; /* strings made while writing, freed at the end */
    size_t n_arena, cap_arena;
} out;

static const char *keep_str(out *o, char *s)
{
    if (!s) {
        if (!o->rc)
            o->rc = xd_error(o->d, XD_ENOMEM, "out of memory writing chart data");
        return "";
    }
    if (o->n_arena == o->cap_arena) {
        size_t cap = o->cap_arena ? o->cap_arena * 2 : 64;
        char **v = realloc(o->arena, cap * sizeof *v);
        if (!v) {
            free(s);
            if (!o->rc)
                o->rc = xd_error(o->d, XD_ENOMEM, "out of memory writing chart data");
            return "";
        }
        o->arena = v;
        o->cap_arena = cap;
    }
    o->arena[o->n_arena++] = s;
    return s;
}

static const char *dup_str(out *o, const char *s) { return keep_str(o, strdup(s ? s : "")); }

/* A catalogue text with its %s filled in order. */
static const char *text_fill(out *o, const char *key, const char *const *args, size_t nargs)
{
    return keep_str(o, xd_text_fill(xd_text(o->lang, key), args, nargs));
}

#define TXT(o, key, ...)                                                                                      \
    text_fill((o), (key), (const char *const[]){__VA_ARGS__},                                                 \
              sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

static const char *num(out *o, double v, int decimals)
{
    char buf[64];
    return dup_str(o, xd_lang_num(o->lang, buf, sizeof buf, v, decimals));
}

static const char *count_text(out *o, double v) { return num(o, v, 0); }
/* Every single-day handover of the dataset was outside the extradition treaty. */
static int all_outside(const xd_dataset *ds)
{
    for (size_t i = 0; i < ds->n_transfers; i++)
        if (!xd_transfer_outside_treaty(&ds->transfers[i]))
            return 0;
    return 1;
}
/* "1 person", "29 people": the noun agrees with the number */
static const char *people_text(out *o, double v)
{
    char buf[64];
    return dup_str(o, xd_lang_count(o->lang, buf, sizeof buf, v, "person"));
}

/* A mean: whole numbers as such, others with one decimal. */
static const char *mean_text(out *o, double v) { return num(o, v, v == floor(v) ? 0 : 1); }

static const char *pct(out *o, double fraction, int decimals)
{
    char buf[64];
    return dup_str(o, xd_lang_pct(o->lang, buf, sizeof buf, fraction, decimals));
}

static const char *year_text(out *o, int y)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", y);
    return dup_str(o, buf);
}

static const char *date_text(out *o, int y, int m, int day)
{
    char buf[96];
    return dup_str(o, xd_lang_date(o->lang, buf, sizeof buf, y, m, day));
}

/* "Feb" / "feb": the first three letters of the month's name. */
static const char *month_abbr(out *o, int m)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.3s", xd_lang_month(o->lang, m));
    return dup_str(o, buf);
}

static const char *short_date(out *o, int m, int day)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%d %s", day, month_abbr(o, m));
    return dup_str(o, buf);
}

static const char *short_date_year(out *o, int y, int m, int day)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%d %s %d", day, month_abbr(o, m), y);
    return dup_str(o, buf);
}

static const char *level_text(out *o) { return pct(o, o->a->cmp.base.level, 0); }

static const char *measure_label(out *o)
{
    return xd_dataset_measure_label(o->a->ds, o->a->cmp.base.measure, o->lang == XD_LANG_EN ? "en" : "es");
}

static void put_str(out *o, const char *name, const char *value)
{
    if (o->rc)
        return;
    int rc = xd_gnuplot_write_string_var(o->strings, name, value);
    if (rc != XD_OK)
        o->rc = xd_error(o->d, rc, "cannot write %s/strings.gp", o->dir);
}

static void put_str_i(out *o, const char *prefix, size_t i, const char *value)
{
    char name[64];
    snprintf(name, sizeof name, "%s_%zu", prefix, i);
    put_str(o, name, value);
}

static void put_num(out *o, const char *name, double v)
{
    if (o->rc)
        return;
    if (!isfinite(v))
        v = 0;
    if (fprintf(o->values, "%s = %.17g\n", name, v) < 0)
        o->rc = xd_error(o->d, XD_EOUTPUT, "cannot write %s/values.gp", o->dir);
}

static void put_num_i(out *o, const char *prefix, size_t i, double v)
{
    char name[64];
    snprintf(name, sizeof name, "%s_%zu", prefix, i);
    put_num(o, name, v);
}

/* Writes prefix_1..prefix_n (strings) and n_prefix (values). */
static size_t put_lines(out *o, const char *prefix, const char *text, double size_pt, int bold, double width,
                        size_t max_lines)
{
    xd_strlist l = {0};
    if (text && *text)
        wrap(text, size_pt, bold, width, max_lines, &l);
    for (size_t i = 0; i < l.n; i++)
        put_str_i(o, prefix, i + 1, l.v[i]);
    char name[64];
    snprintf(name, sizeof name, "n_%s", prefix);
    put_num(o, name, (double)l.n);
    size_t n = l.n;
    xd_strlist_free(&l);
    return n;
}

static FILE *data_open(out *o, const char *name)
{
    if (o->rc)
        return NULL;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", o->dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        o->rc = xd_error(o->d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
    return f;
}

static void data_close(out *o, FILE *f, const char *name)
{
    if (!f)
        return;
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        if (!o->rc)
            o->rc = xd_error(o->d, XD_EOUTPUT, "cannot write '%s/%s'", o->dir, name);
    }
}

/* A round number at or above v for the top of a count axis, and its tick step (about
 * five ticks: steps of 1, 2, 2.5 or 5 times a power of ten, whole numbers only). */
static double nice_max(double v, double *step_out)
{
    if (!(v > 0) || !isfinite(v))
        v = 1;
    double raw = v / 5;
    double mag = 1; /* the power of ten at or below raw */
    while (mag * 10 <= raw)
        mag *= 10;
    while (mag > raw)
        mag /= 10;
    double r = raw / mag;
    double step = (r <= 1 ? 1 : r <= 2 ? 2 : (r <= 2.5 && mag >= 10) ? 2.5 : r <= 5 ? 5 : 10) * mag;
    if (step < 1)
        step = 1;
    if (step_out)
        *step_out = step;
    return ceil(v / step - 1e-9) * step;
}

static void count_axis(out *o, double v)
{
    double step;
    put_num(o, "ymax", nice_max(v, &step));
    put_num(o, "ystep", step);
}

/* Height of the title, subtitle and source lines, in character heights (the same sums
 * as the frame code of every script). */
static double frame_chars(size_t n_title, size_t n_subtitle, size_t n_source)
{
    return 0.6 + 1.4 * (double)n_title + 0.15 + 1.1 * (double)n_subtitle + 0.5 + 0.95 * (double)n_source;
}

typedef struct box {
    double x0, x1, y0, y1;
} box;

static int overlaps(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* ---- sources ------------------------------------------------------------------------ */

typedef struct srcs {
    const xd_source **v;
    size_t n, cap;
} srcs;

static void src_add(srcs *s, const xd_dataset *ds, const char *id, size_t idlen)
{
    for (size_t i = 0; i < ds->n_sources; i++) {
        const xd_source *src = &ds->sources[i];
        if (strlen(src->id) != idlen || strncmp(src->id, id, idlen) != 0)
            continue;
        for (size_t k = 0; k < s->n; k++)
            if (s->v[k] == src)
                return;
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 16;
            /* an array of pointers: sizeof *v is the pointer's size, as meant */
            const xd_source **v = realloc(s->v, cap * sizeof *v); // NOLINT(bugprone-sizeof-expression)
            if (!v)
                return;
            s->v = v;
            s->cap = cap;
        }
        s->v[s->n++] = src;
        return;
    }
}

/* One id, or several separated by commas (as xd_baseline.sources). */
static void src_add_list(srcs *s, const xd_dataset *ds, const char *ids)
{
    if (!ids)
        return;
    for (const char *p = ids; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len)
            src_add(s, ds, p, len);
        p += len;
        if (*p == ',')
            p++;
    }
}

/* The outlet part of a source's name: up to the first " (", ", ", " via " or
 * " citing " ("Reuters (March 2025), text reposted by ..." -> "Reuters"). */
static char *short_name(const char *name)
{
    static const char *const cuts[] = {" (", ", ", " via ", " citing "};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        const char *c = strstr(name, cuts[i]);
        if (c && c > name && (size_t)(c - name) < len)
            len = (size_t)(c - name);
    }
    char *s = malloc(len + 1);
    if (s) {
        memcpy(s, name, len);
        s[len] = '\0';
    }
    return s;
}

static char *join_names(char **names, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += (names[i] ? strlen(names[i]) : 0) + 2;
    char *s = malloc(len);
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        if (o) {
            memcpy(s + o, "; ", 2);
            o += 2;
        }
        size_t l = strlen(names[i]);
        memcpy(s + o, names[i], l);
        o += l;
    }
    s[o] = '\0';
    return s;
}

#define SOURCE_LINES 3

/* The source line, at most SOURCE_LINES lines: full names when they fit, else the
 * outlets' names, else as many outlets as fit and how many more sources.csv lists. */
static size_t put_sources(out *o, const srcs *s)
{
    size_t n = s->n;
    char **full = calloc(n + 1, sizeof *full), **shrt = calloc(n + 1, sizeof *shrt);
    size_t n_short = 0;
    const char *line = "";
    if (!full || !shrt) {
        free(full);
        free(shrt);
        return put_lines(o, "source", "", PT_NOTE, 0, LINE_PT, SOURCE_LINES);
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = *s->v[i]->name ? xd_source_name(s->v[i], o->lang) : s->v[i]->id;
        full[i] = one_line(name);
        char *sn = full[i] ? short_name(full[i]) : NULL;
        int dup = 0;
        for (size_t k = 0; sn && k < n_short; k++)
            dup |= strcmp(shrt[k], sn) == 0;
        if (sn && !dup && *sn)
            shrt[n_short++] = sn;
        else
            free(sn);
    }
    const char *key = n == 1 ? "chart.source_line" : "chart.sources_line";
    for (int attempt = 0; attempt < 2 && !*line; attempt++) {
        char *joined = attempt == 0 ? join_names(full, n) : join_names(shrt, n_short);
        const char *cand = TXT(o, attempt == 0 ? key : (n_short == 1 ? "chart.source_line" : "chart.sources_line"),
                               joined ? joined : "");
        free(joined);
        xd_strlist l = {0};
        if (!wrap(cand, PT_NOTE, 0, LINE_PT, SOURCE_LINES, &l))
            line = cand;
        xd_strlist_free(&l);
    }
    /* as many outlets as fit, and how many sources are left unnamed */
    for (size_t k = n_short; !*line && k > 1; k--) {
        char *joined = join_names(shrt, k - 1);
        size_t unnamed = 0;
        for (size_t i = 0; i < n; i++) {
            char *sn = full[i] ? short_name(full[i]) : NULL;
            int named = 0;
            for (size_t j = 0; sn && j < k - 1; j++)
                named |= strcmp(shrt[j], sn) == 0;
            unnamed += !named;
            free(sn);
        }
        char more[32];
        snprintf(more, sizeof more, "%zu", unnamed);
        const char *cand =
            TXT(o, "chart.sources_line", TXT(o, "chart.sources.more", joined ? joined : "", more));
        free(joined);
        xd_strlist l = {0};
        if (!wrap(cand, PT_NOTE, 0, LINE_PT, SOURCE_LINES, &l))
            line = cand;
        xd_strlist_free(&l);
    }
    if (!*line) {
        char count[32];
        snprintf(count, sizeof count, "%zu", n);
        line = TXT(o, "chart.sources.count", count);
    }
    size_t lines_out = put_lines(o, "source", line, PT_NOTE, 0, LINE_PT, SOURCE_LINES);
    for (size_t i = 0; i < n; i++)
        free(full[i]);
    for (size_t i = 0; i < n_short; i++)
        free(shrt[i]);
    free(full);
    free(shrt);
    return lines_out;
}

/* ---- the parts every chart has -------------------------------------------------------- */

/* Writes title and subtitle; *n_title and *n_subtitle (when not NULL) get their lines. */
static void put_header(out *o, const char *title, const char *subtitle, size_t *n_title, size_t *n_subtitle)
{
    size_t nt = put_lines(o, "title", title, PT_TITLE, 1, LINE_PT, 3);
    size_t ns = put_lines(o, "subtitle", subtitle, PT_SUBTITLE, 0, LINE_PT, 3);
    put_str(o, "decimal_sign", o->lang == XD_LANG_ES ? "," : ".");
    if (n_title)
        *n_title = nt;
    if (n_subtitle)
        *n_subtitle = ns;
}

static const char *kind_word(out *o)
{
    return xd_text(o->lang, o->a->cmp.base.kind == XD_BASELINE_COMPUTED ? "word.computed" : "word.reported");
}

/* The baseline's sources, and the years' rows behind a computed baseline. */
static void add_baseline_sources(out *o, srcs *s)
{
    const xd_baseline *b = &o->a->cmp.base;
    if (b->kind == XD_BASELINE_REPORTED) {
        src_add_list(s, o->a->ds, b->sources);
        return;
    }
    for (int y = b->from; y <= b->to; y++) {
        const xd_year *yr = xd_series_year(&o->a->series, y);
        for (size_t k = 0; yr && k < yr->n_rows; k++)
            if (yr->rows[k]->count == yr->count)
                src_add_list(s, o->a->ds, yr->rows[k]->source);
    }
    if (s->n == 0)
        src_add_list(s, o->a->ds, b->sources);
}

/* ---- comparison ------------------------------------------------------------------------ */

/* Layout of the comparison (plots/comparison.gp): bars at x = 0 and 1 of [-0.55, 2.75]
 * over about 420 pt, so one unit is about 127 pt. */
#define CMP_BASE_CAPTION_PT 118.0
#define CMP_EVENT_CAPTION_PT 255.0
#define CMP_NOTE_PT 150.0
#define CMP_SHARE_PT 166.0

static void write_comparison(out *o)
{
    const xd_compare *c = &o->a->cmp;
    const xd_baseline *b = &c->base;
    const char *y1 = year_text(o, b->from), *y2 = year_text(o, b->to);
    const char *lvl = level_text(o);
    const char *date = *c->event.date ? date_text(o, c->event.year, c->event.month, c->event.day) : "";
    const char *kind = xd_text(o->lang, b->kind == XD_BASELINE_COMPUTED ? "chart.comparison.kind.computed"
                                                                        : "chart.comparison.kind.reported");
    put_header(o, TXT(o, "chart.comparison.title", pct(o, c->share_of_year, 0)),
               TXT(o, "chart.comparison.subtitle", measure_label(o), y1, y2, kind, lvl, date), NULL, NULL);

    FILE *f = data_open(o, "bars.tsv");
    if (f) {
        fprintf(f, "# x\tvalue\tlow\thigh\n0\t%.17g\t%.17g\t%.17g\n1\t%ld\t%ld\t%ld\n", b->mean, b->ci.lo, b->ci.hi,
                c->event.count, c->event.count, c->event.count);
        data_close(o, f, "bars.tsv");
    }
    put_num(o, "base_mean", b->mean);
    put_num(o, "base_lo", b->ci.lo);
    put_num(o, "base_hi", b->ci.hi);
    put_num(o, "event_count", (double)c->event.count);
    double top = b->ci.hi > (double)c->event.count ? b->ci.hi : (double)c->event.count;
    count_axis(o, top * 1.15);
    put_str(o, "base_value", mean_text(o, b->mean));
    put_str(o, "event_value", count_text(o, (double)c->event.count));
    put_str(o, "ci_text", TXT(o, "chart.comparison.interval", lvl, num(o, b->ci.lo, 1), num(o, b->ci.hi, 1)));
    put_str(o, "ylabel", xd_text(o->lang, "chart.people"));

    /* captions under the bars: first line in bold, the rest in small type */
    put_lines(o, "base_cap", TXT(o, "chart.comparison.base", y1, y2), PT_BODY, 1, CMP_BASE_CAPTION_PT, 2);
    put_lines(o, "base_kind", TXT(o, "chart.comparison.base.kind", kind_word(o)), PT_NOTE, 0, CMP_BASE_CAPTION_PT,
              2);
    const char *label = *xd_event_label(&c->event, o->lang) ? xd_event_label(&c->event, o->lang)
                                                            : xd_text(o->lang, "label.event.given");
    put_lines(o, "event_cap", *date ? date : label, PT_BODY, 1, CMP_EVENT_CAPTION_PT, 2);
    put_lines(o, "event_label", *date ? label : "", PT_NOTE, 0, CMP_EVENT_CAPTION_PT, 3);
    put_lines(o, "event_kind", c->event.transfer ? xd_transfer_mechanism(c->event.transfer, o->lang) : "", PT_NOTE, 0,
              CMP_EVENT_CAPTION_PT, 2);

    put_lines(o, "share", TXT(o, "chart.comparison.share", pct(o, c->share_of_year, 0)), PT_SHARE, 1, CMP_SHARE_PT,
              2);
    put_lines(o, "days",
              TXT(o, "chart.comparison.days", count_text(o, c->days_equivalent), count_text(o, c->days_range.lo),
                  count_text(o, c->days_range.hi), lvl),
              PT_BODY, 0, CMP_NOTE_PT, 4);

    srcs s = {0};
    add_baseline_sources(o, &s);
    if (c->event.transfer)
        src_add_list(&s, o->a->ds, c->event.transfer->source);
    put_sources(o, &s);
    free(s.v);
}

/* ---- annual ---------------------------------------------------------------------------- */

/* Layout of plots/annual.gp, in character units: the key's rows above the plot, the
 * x axis below it, and the side margins; bars are 0.74 of a year wide. */
#define ANNUAL_TOP_CHARS 3.1
#define ANNUAL_BOTTOM_CHARS 2.8
#define ANNUAL_SIDE_CHARS 10.0
#define ANNUAL_HALF_BAR 0.37

typedef struct annual_year {
    int year;
    int month;          /* 1-12 on the monthly chart, else 0 */
    double x;           /* the bar's centre: the year, or the middle of the month in years */
    const xd_year *yr;  /* NULL or without value: no sourced figure */
    long base, stack;   /* the treaty figure drawn (0 when none), and the top with transfers */
    size_t first_tr, n_tr;
    /* Drawn as to date, not as a whole year (month): a treaty figure to date, or the
     * current period known only through its transfers; with the day it runs to. */
    const xd_annual *td;
    int to_date, td_m, td_d;
} annual_year;

/* A transfer drawn on this bar: of its year, and of its month on the monthly chart. */
static int transfer_in(const xd_transfer *t, const annual_year *y)
{
    return t->year == y->year && (!y->month || t->month == y->month);
}

static void write_annual(out *o)
{
    const xd_analysis *a = o->a;
    const xd_dataset *ds = a->ds;
    const xd_compare *c = &a->cmp;
    const xd_baseline *b = &c->base;
    /* The monthly chart has a bar per month of monthly.csv's range (and the transfers'
     * months), x in years; the baseline is shaded where it falls in that range. */
    int by_month = a->annual_by_month && a->has_monthly;
    const xd_series *series = by_month ? &a->monthly : &a->series;
    double unit = by_month ? 1.0 / 12 : 1;  /* a bar's slot, in years */
    double half = ANNUAL_HALF_BAR * unit;
    double mean_v = by_month ? b->mean / 12 : b->mean; /* the mean per bar */
    int from = series->from, to = series->to;
    if (!by_month && b->from < from)
        from = b->from;
    if (!by_month && b->to > to)
        to = b->to;
    for (size_t i = 0; i < ds->n_transfers; i++) {
        int p = by_month ? xd_period_of(ds->transfers[i].year, ds->transfers[i].month) : ds->transfers[i].year;
        if (p < from)
            from = p;
        if (p > to)
            to = p;
    }
    size_t ny = (size_t)(to - from + 1);
    annual_year *ys = calloc(ny, sizeof *ys);
    if (!ys) {
        o->rc = xd_error(o->d, XD_ENOMEM, "out of memory");
        return;
    }

    /* what is drawn, year by year, and the sources behind it */
    srcs s = {0};
    size_t n_tr = 0, n_gaps = 0, n_years = 0, n_alt = 0, n_to_date = 0, n_td_bars = 0, n_td_tr = 0;
    double top = mean_v;
    char alt_list[256] = "", td_list[256] = "";
    for (size_t i = 0; i < ny; i++) {
        annual_year *y = &ys[i];
        int period = from + (int)i;
        y->year = by_month ? period / 12 : period;
        y->month = by_month ? period % 12 + 1 : 0;
        y->x = by_month ? y->year + (y->month - 0.5) / 12 : y->year;
        y->yr = xd_series_year(series, period);
        if (y->yr && !y->yr->has_value)
            y->yr = NULL;
        /* no figure for the whole period: a figure to date is drawn as one */
        for (size_t k = 0; !y->yr && k < series->n_to_date; k++)
            if (xd_period_of(series->to_date[k]->year, series->to_date[k]->month) == period)
                y->td = series->to_date[k];
        if (y->td) {
            y->to_date = 1;
            y->td_m = y->td->through_m;
            y->td_d = y->td->through_d;
            src_add_list(&s, ds, y->td->source);
        }
        y->base = y->yr ? y->yr->count : y->td ? y->td->count : 0;
        y->stack = y->base;
        y->first_tr = n_tr;
        for (size_t t = 0; t < ds->n_transfers; t++)
            if (transfer_in(&ds->transfers[t], y)) {
                y->stack += ds->transfers[t].count;
                y->n_tr++;
                src_add_list(&s, ds, ds->transfers[t].source);
                /* the current year (month) of transfers alone runs to its latest transfer */
                if (!y->yr && !y->td && (by_month ? period == xd_period_of(a->today_year, a->today_month)
                                                  : y->year == a->today_year)) {
                    y->to_date = 1;
                    y->td_m = ds->transfers[t].month;
                    y->td_d = ds->transfers[t].day;
                }
            }
        n_tr += y->n_tr;
        if ((double)y->stack > top)
            top = (double)y->stack;
        if (y->to_date) {
            n_to_date++;
            const char *when = short_date(o, y->td_m, y->td_d);
            const char *bar = by_month ? TXT(o, "chart.month_year", month_abbr(o, y->month), year_text(o, y->year))
                                       : year_text(o, y->year);
            size_t len = strlen(td_list);
            if (n_to_date <= 3)
                snprintf(td_list + len, sizeof td_list - len, "%s%s", n_to_date > 1 ? "; " : "",
                         TXT(o, "chart.annual.to_date", bar, when));
            else if (n_to_date == 4)
                snprintf(td_list + len, sizeof td_list - len, "; \u2026");
        }
        if (!y->yr) {
            if (!y->td)
                n_gaps++;
            continue;
        }
        n_years++;
        for (size_t k = 0; k < y->yr->n_rows; k++) {
            const xd_annual *row = y->yr->rows[k];
            src_add_list(&s, ds, row->source);
            int seen = row->count == y->yr->count;
            for (size_t j = 0; j < k && !seen; j++)
                seen = y->yr->rows[j]->count == row->count;
            if (seen)
                continue;
            n_alt++;
            if ((double)row->count > top)
                top = (double)row->count;
            size_t len = strlen(alt_list);
            if (n_alt <= 3)
                snprintf(alt_list + len, sizeof alt_list - len, "%s%s: %s", n_alt > 1 ? "; " : "",
                         by_month ? TXT(o, "chart.month_year", month_abbr(o, y->month), year_text(o, y->year))
                                  : year_text(o, y->year),
                         count_text(o, (double)row->count));
            else if (n_alt == 4)
                snprintf(alt_list + len, sizeof alt_list - len, "; \u2026");
        }
    }
    add_baseline_sources(o, &s);

    /* texts */
    const char *y1 = year_text(o, b->from), *y2 = year_text(o, b->to);
    const char *title;
    if (c->year_kind != XD_YEAR_NONE && c->year_n_transfers > 0) {
        const char *share = pct(o, (double)c->year_transfers / b->mean, 0);
        const char *people = people_text(o, (double)c->year_transfers);
        if (c->year_n_transfers == 1)
            title = TXT(o, "chart.annual.title.one", year_text(o, c->year), people, share);
        else
            title = TXT(o, "chart.annual.title.many", count_text(o, (double)c->year_n_transfers),
                        year_text(o, c->year), people, share);
    } else if (c->has_event) {
        title = TXT(o, "chart.comparison.title", pct(o, c->share_of_year, 0));
    } else {
        title = TXT(o, "chart.annual.title.noevent", mean_text(o, b->mean), y1, y2);
    }
    size_t n_title, n_sub;
    const char *subtitle =
        by_month ? TXT(o, "chart.annual.subtitle.month", measure_label(o),
                       TXT(o, "chart.month_year", month_abbr(o, from % 12 + 1), year_text(o, from / 12)),
                       TXT(o, "chart.month_year", month_abbr(o, to % 12 + 1), year_text(o, to / 12)))
                 : TXT(o, all_outside(o->a->ds) ? "chart.annual.subtitle" : "chart.annual.subtitle.handovers",
                       measure_label(o), year_text(o, from), year_text(o, to));
    put_header(o, title, subtitle, &n_title, &n_sub);
    size_t n_src = put_sources(o, &s);
    free(s.v);
    const char *mean_1 = TXT(o, "chart.annual.mean.1", y1, y2);
    const char *mean_2 = by_month ? TXT(o, "chart.annual.mean.2.month", mean_text(o, mean_v))
                                  : TXT(o, "chart.annual.mean.2", mean_text(o, b->mean));
    const char *mean_3 = TXT(o, "chart.annual.mean.3", kind_word(o));
    put_str(o, "mean_1", mean_1);
    put_str(o, "mean_2", mean_2);
    put_str(o, "mean_3", mean_3);
    put_str(o, "key_treaty", xd_text(o->lang, "chart.annual.key.treaty"));
    put_str(o, "key_transfer", n_tr ? xd_text(o->lang, all_outside(o->a->ds) ? "chart.annual.key.transfer"
                                                                               : "chart.annual.key.handover")
                                    : "");
    put_str(o, "key_nodata", n_gaps ? xd_text(o->lang, "chart.no_data") : "");
    put_str(o, "key_alt", n_alt ? TXT(o, "chart.annual.key.alt", alt_list) : "");
    put_str(o, "key_todate", n_to_date ? TXT(o, "chart.annual.key.to_date",
                                             xd_text(o->lang, by_month ? "chart.unit.month" : "chart.unit.year"),
                                             td_list)
                                       : "");
    put_str(o, "xlabel", xd_text(o->lang, "chart.year"));
    put_str(o, "ylabel", xd_text(o->lang, by_month ? "chart.people_per_month" : "chart.people_per_year"));

    /* data files */
    FILE *fy = data_open(o, "years.tsv"), *fg = data_open(o, "gaps.tsv"), *ft = data_open(o, "transfers.tsv"),
         *fa = data_open(o, "alt.tsv"), *fd = data_open(o, "todate.tsv"), *fdt = data_open(o, "transfers_todate.tsv");
    if (fy && fg && ft && fa && fd && fdt) {
        fprintf(fd, "# %s\tcount (a figure to date, not the whole period's)\n", by_month ? "month" : "year");
        fprintf(fdt, "# %s\tfrom\tto (a transfer of a period drawn as to date)\n", by_month ? "month" : "year");
        const char *xn = by_month ? "month (middle, in years)" : "year";
        fprintf(fy, "# %s\tcount\thas_transfers\n", xn);
        fprintf(fg, "# %s (no sourced figure)\n", xn);
        fprintf(ft, "# %s\tfrom\tto (one single-day transfer, stacked)\n", xn);
        fprintf(fa, "# %s\tcount (a conflicting figure of another source)\n", xn);
        for (size_t i = 0; i < ny; i++) {
            const annual_year *y = &ys[i];
            if (y->yr) {
                fprintf(fy, "%.17g\t%ld\t%d\n", y->x, y->base, y->n_tr > 0);
                for (size_t k = 0; k < y->yr->n_rows; k++) {
                    long v = y->yr->rows[k]->count;
                    int seen = v == y->yr->count;
                    for (size_t j = 0; j < k && !seen; j++)
                        seen = y->yr->rows[j]->count == v;
                    if (!seen)
                        fprintf(fa, "%.17g\t%ld\n", y->x, v);
                }
            } else if (y->td) {
                fprintf(fd, "%.17g\t%ld\n", y->x, y->base);
                n_td_bars++;
            } else {
                fprintf(fg, "%.17g\n", y->x);
            }
            long stack = y->base;
            for (size_t t = 0; t < ds->n_transfers; t++)
                if (transfer_in(&ds->transfers[t], y)) {
                    fprintf(y->to_date ? fdt : ft, "%.17g\t%ld\t%ld\n", y->x, stack, stack + ds->transfers[t].count);
                    n_td_tr += y->to_date ? 1u : 0u;
                    stack += ds->transfers[t].count;
                }
        }
        if (!n_td_bars)
            fprintf(fd, "%d\t0\n", from - 1000);
        if (!n_td_tr)
            fprintf(fdt, "%d\t0\t0\n", from - 1000);
        /* gnuplot warns about a file without a single point: an empty series gets one
         * row far outside the x range, which draws nothing */
        if (!n_years)
            fprintf(fy, "%d\t0\t0\n", from - 1000);
        if (!n_gaps)
            fprintf(fg, "%d\n", from - 1000);
        if (n_tr == n_td_tr)
            fprintf(ft, "%d\t0\t0\n", from - 1000);
        if (!n_alt)
            fprintf(fa, "%d\t0\n", from - 1000);
    }
    data_close(o, fy, "years.tsv");
    data_close(o, fg, "gaps.tsv");
    data_close(o, ft, "transfers.tsv");
    data_close(o, fa, "alt.tsv");
    data_close(o, fd, "todate.tsv");
    data_close(o, fdt, "transfers_todate.tsv");

    /* Labels inside the plot, placed at the reference size so that none covers a bar or
     * another label: the baseline's mean above the bars of its period, then each year's
     * transfers (one line each, the earliest lowest) above their stack. */
    double xmin = ys[0].x - 0.7 * unit, xmax = ys[ny - 1].x + 0.7 * unit;
    /* the baseline band: its years' bars, on the monthly chart only as far as the range
     * goes; a baseline outside the range leaves the mean line across the whole plot */
    double band_x0 = by_month ? b->from : b->from - 0.5, band_x1 = by_month ? b->to + 1 : b->to + 0.5;
    int band_shade = 1;
    if (by_month) {
        double first = ys[0].x - unit / 2, last = ys[ny - 1].x + unit / 2; /* the months drawn */
        band_x0 = band_x0 > first ? band_x0 : first;
        band_x1 = band_x1 < last ? band_x1 : last;
        if (band_x1 <= band_x0) {
            band_x0 = xmin;
            band_x1 = xmax;
            band_shade = 0;
        }
    }
    double plot_w = REF_W_PT - ANNUAL_SIDE_CHARS * CHAR_W_PT;
    double plot_h = REF_H_PT - CHAR_H_PT * (frame_chars(n_title, n_sub, n_src) + ANNUAL_TOP_CHARS + ANNUAL_BOTTOM_CHARS);
    if (plot_h < 60)
        plot_h = 60;
    double ux = plot_w / (xmax - xmin);
    double step = 1, ymax = nice_max(top * 1.04, &step);
    box *blocks = calloc(ny + 1, sizeof *blocks);
    double *tr_x = calloc(n_tr + 1, sizeof *tr_x), *tr_y = calloc(n_tr + 1, sizeof *tr_y);
    double *tr_j = calloc(n_tr + 1, sizeof *tr_j);
    size_t n_blocks = 0;
    if (!tr_x || !tr_y || !tr_j) {
        free(blocks);
        blocks = NULL;
    }
    /* clear of the axis on the monthly chart, whose band starts at the plot's edge */
    double mean_y = 0, mean_x = band_x0 + (by_month ? 0.6 : 0.05) * unit;
    /* the mean's three lines, left-aligned at the band's left edge, or moved left to
     * end at the plot's right edge when the baseline is the last period shown */
    double mw = text_width(mean_2, PT_BODY, 1);
    if (text_width(mean_1, PT_NOTE, 0) > mw)
        mw = text_width(mean_1, PT_NOTE, 0);
    if (text_width(mean_3, PT_NOTE, 0) > mw)
        mw = text_width(mean_3, PT_NOTE, 0);
    double mean_w = (mw + 4) / ux;
    if (mean_x + mean_w > xmax)
        mean_x = xmax - mean_w > xmin ? xmax - mean_w : xmin;
    for (int pass = 0; pass < 6 && blocks; pass++) {
        double line = CHAR_H_PT * ymax / plot_h; /* one line of text, in people */
        double need = top * 1.04;
        box m = {mean_x, mean_x + mean_w, 0, 0};
        double floor_y = mean_v;
        for (size_t i = 0; i < ny; i++)
            if (ys[i].x + half > m.x0 && ys[i].x - half < m.x1 &&
                (double)ys[i].stack > floor_y)
                floor_y = (double)ys[i].stack;
        m.y0 = floor_y + 0.25 * line;
        m.y1 = m.y0 + 3.1 * line;
        mean_y = m.y0;
        if (m.y1 + 0.3 * line > need)
            need = m.y1 + 0.3 * line;
        n_blocks = 0;
        size_t k_tr = 0;
        for (size_t i = 0; i < ny; i++) {
            const annual_year *y = &ys[i];
            if (!y->n_tr)
                continue;
            double w = 0;
            for (size_t t = 0; t < ds->n_transfers; t++)
                if (transfer_in(&ds->transfers[t], y)) {
                    const xd_transfer *tr = &ds->transfers[t];
                    const char *l = TXT(o, "chart.transfer", short_date_year(o, tr->year, tr->month, tr->day),
                                        count_text(o, (double)tr->count));
                    double lw = text_width(l, PT_NOTE, 0) + 6;
                    if (lw > w)
                        w = lw;
                }
            box bl = {y->x - w / ux / 2, y->x + w / ux / 2, 0, 0};
            if (bl.x1 > xmax) {
                bl.x0 -= bl.x1 - xmax;
                bl.x1 = xmax;
            }
            if (bl.x0 < xmin) {
                bl.x1 += xmin - bl.x0;
                bl.x0 = xmin;
            }
            double h = (double)y->n_tr * line;
            double y0 = (double)y->stack + 0.3 * line;
            for (size_t j = 0; j < ny; j++)
                if (ys[j].x + half > bl.x0 && ys[j].x - half < bl.x1 &&
                    (double)ys[j].stack + 0.3 * line > y0)
                    y0 = (double)ys[j].stack + 0.3 * line;
            /* above earlier blocks and the mean's label where they would meet */
            for (int moved = 1; moved;) {
                moved = 0;
                bl.y0 = y0;
                bl.y1 = y0 + h;
                for (size_t j = 0; j <= n_blocks; j++) {
                    const box *other = j < n_blocks ? &blocks[j] : &m;
                    box line_box = {band_x0, band_x1, mean_v - 0.2 * line, mean_v + 0.2 * line};
                    if (overlaps(&bl, other) || (j == n_blocks && overlaps(&bl, &line_box))) {
                        y0 = (overlaps(&bl, other) ? other->y1 : line_box.y1) + 0.2 * line;
                        moved = 1;
                        break;
                    }
                }
            }
            blocks[n_blocks++] = bl;
            if (bl.y1 + 0.3 * line > need)
                need = bl.y1 + 0.3 * line;
            for (size_t j = 0; j < y->n_tr; j++, k_tr++) {
                tr_x[k_tr] = (bl.x0 + bl.x1) / 2;
                tr_y[k_tr] = bl.y0;
                tr_j[k_tr] = (double)j;
            }
        }
        if (need <= ymax || pass == 5)
            break;
        ymax = nice_max(need, &step);
    }
    /* white boxes behind the labels, for terminals without opaque text boxes (svg) */
    size_t n_wb = 0;
    for (size_t i = 0; blocks && i < n_blocks; i++) {
        put_num_i(o, "wb_x0", ++n_wb, blocks[i].x0);
        put_num_i(o, "wb_x1", n_wb, blocks[i].x1);
        put_num_i(o, "wb_y0", n_wb, blocks[i].y0);
        put_num_i(o, "wb_y1", n_wb, blocks[i].y1);
    }
    put_num(o, "n_wb", (double)n_wb);
    free(blocks);
    size_t k_tr = 0;
    for (size_t i = 0; i < ny; i++)
        for (size_t t = 0; ys[i].n_tr && t < ds->n_transfers; t++)
            if (transfer_in(&ds->transfers[t], &ys[i])) {
                const xd_transfer *tr = &ds->transfers[t];
                put_str_i(o, "tr_label", ++k_tr,
                          TXT(o, "chart.transfer", short_date_year(o, tr->year, tr->month, tr->day),
                              count_text(o, (double)tr->count)));
                /* a block's bottom, in people, and the line within it, in lines */
                put_num_i(o, "tr_x", k_tr, tr_x ? tr_x[k_tr - 1] : ys[i].x);
                put_num_i(o, "tr_y", k_tr, tr_y ? tr_y[k_tr - 1] : (double)ys[i].stack);
                put_num_i(o, "tr_j", k_tr, tr_j ? tr_j[k_tr - 1] : 0);
            }
    free(tr_x);
    free(tr_y);
    free(tr_j);
    free(ys);

    put_num(o, "by_month", by_month);
    put_num(o, "x_from", by_month ? from / 12 : from);
    put_num(o, "x_to", by_month ? to / 12 : to);
    put_num(o, "x_lo", xmin);
    put_num(o, "x_hi", xmax);
    put_num(o, "bar_w", 2 * half);
    put_num(o, "n_tr", (double)n_tr);
    put_num(o, "band_x0", band_x0);
    put_num(o, "band_x1", band_x1);
    put_num(o, "band_shade", band_shade);
    put_num(o, "base_mean", mean_v);
    put_num(o, "mean_x", mean_x);
    put_num(o, "mean_y", mean_y);
    put_num(o, "ymax", ymax);
    put_num(o, "ystep", step);
}

/* ---- pace ------------------------------------------------------------------------------ */

/* Layout of plots/pace.gp: the key's two rows above the plot, the axis below. */
#define PACE_TOP_CHARS 3.0
#define PACE_BOTTOM_CHARS 2.8
#define PACE_SIDE_CHARS 10.0

/* The treaty extraditions of the event's year as they accumulate: month by month
 * from monthly.csv (January through the last month of an unbroken run), else the
 * yearly figure spread evenly over the days, else none. */
typedef struct pace_treaty {
    int monthly;      /* months from monthly.csv (n_months of them) */
    int n_months;
    double end_x[13]; /* day (since 1 January) at which month m ends; end_x[0] = 0 */
    double cum[13];   /* treaty extraditions through month m */
    double total;     /* through the last month known, or the yearly figure */
    int ndays;
    double cover;     /* days a yearly figure (or a figure to date) is spread over */
} pace_treaty;

/* Cumulative treaty extraditions at day x: through the month-end points, in a
 * straight line within each month; flat after the last month known. */
static double treaty_at(const pace_treaty *p, double x)
{
    if (!p->monthly)
        return x < p->cover ? p->total * x / p->cover : p->total;
    for (int m = 1; m <= p->n_months; m++)
        if (x <= p->end_x[m])
            return p->cum[m - 1] + (p->cum[m] - p->cum[m - 1]) * (x - p->end_x[m - 1]) / (p->end_x[m] - p->end_x[m - 1]);
    return p->cum[p->n_months];
}

static void write_pace(out *o)
{
    const xd_analysis *a = o->a;
    const xd_dataset *ds = a->ds;
    const xd_compare *c = &a->cmp;
    const xd_baseline *b = &c->base;
    int year = c->event.year;
    int ndays = xd_is_leap(year) ? 366 : 365;
    int with_treaty = c->year_kind == XD_YEAR_WITH_TREATY;
    long jan1 = xd_days_from_civil(year, 1, 1);
    pace_treaty tp = {.ndays = ndays, .total = with_treaty ? (double)c->year_treaty : 0,
                      .cover = with_treaty ? (double)c->year_days : ndays};
    srcs s = {0};
    add_baseline_sources(o, &s);
    /* monthly figures from January on, up to the first month without one */
    for (int m = 1; a->has_monthly && m <= 12; m++) {
        const xd_year *mo = xd_series_year(&a->monthly, xd_period_of(year, m));
        if (!mo || !mo->has_value)
            break;
        tp.n_months = m;
        tp.end_x[m] = (double)(m < 12 ? xd_days_from_civil(year, m + 1, 1) - jan1 : ndays);
        tp.cum[m] = tp.cum[m - 1] + (double)mo->count;
        for (size_t k = 0; k < mo->n_rows; k++)
            if (mo->rows[k]->count == mo->count)
                src_add_list(&s, ds, mo->rows[k]->source);
    }
    tp.monthly = tp.n_months > 0;
    if (tp.monthly) {
        with_treaty = 1;
        tp.total = tp.cum[tp.n_months];
    }
    double treaty = tp.total;
    if (with_treaty && !tp.monthly) {
        const xd_year *yr = xd_series_year(&a->series, year);
        for (size_t k = 0; yr && k < yr->n_rows; k++)
            if (yr->rows[k]->count == yr->count)
                src_add_list(&s, ds, yr->rows[k]->source);
        if (c->year_row)
            src_add_list(&s, ds, c->year_row->source);
    }
    size_t n_steps = 0;
    for (size_t i = 0; i < ds->n_transfers; i++)
        if (ds->transfers[i].year == year) {
            n_steps++;
            src_add_list(&s, ds, ds->transfers[i].source);
        }

    /* The band: where the cumulative count of a usual year falls by each day (95 %
     * predictive interval), not the interval of the mean pace. */
    double *band_lo = calloc((size_t)ndays + 1, sizeof *band_lo), *band_hi = calloc((size_t)ndays + 1, sizeof *band_hi);
    for (int t = 0; band_lo && band_hi && t <= ndays; t++) {
        xd_interval iv = {0, 0};
        xd_diags quiet;
        xd_diags_init(&quiet);
        if (xd_predict_count_interval(b->total, (double)b->years, (double)t / ndays, b->level, &iv, &quiet) != XD_OK)
            iv.lo = iv.hi = b->mean * t / ndays;
        xd_diags_free(&quiet);
        band_lo[t] = iv.lo;
        band_hi[t] = iv.hi;
    }

    /* texts */
    const char *y1 = year_text(o, b->from), *y2 = year_text(o, b->to), *yy = year_text(o, year);
    const char *mean = mean_text(o, b->mean);
    int ev_day = (int)(xd_days_from_civil(year, c->event.month, c->event.day) - jan1);
    double elapsed = (double)ev_day + 1;
    double expected = b->mean * elapsed / ndays;
    /* the title reads the plotted line at the event's date: everything counted so far that year */
    double so_far = treaty_at(&tp, (double)ev_day + 0.5) + (c->event.transfer ? 0 : (double)c->event.count);
    for (size_t i = 0; i < ds->n_transfers; i++)
        if (ds->transfers[i].year == year && strcmp(ds->transfers[i].date, c->event.date) <= 0)
            so_far += (double)ds->transfers[i].count;
    int ev_t = ev_day + 1 > ndays ? ndays : ev_day + 1;
    const char *title = TXT(o, with_treaty ? "chart.pace.title.with_treaty" : "chart.pace.title.transfers_only",
                            date_text(o, year, c->event.month, c->event.day), people_text(o, so_far),
                            num(o, so_far / expected, 1), num(o, expected, 0), y1, y2,
                            band_lo ? count_text(o, band_lo[ev_t]) : "", band_hi ? count_text(o, band_hi[ev_t]) : "");
    const char *subtitle =
        tp.monthly ? TXT(o, "chart.pace.subtitle.monthly", yy, dup_str(o, xd_lang_month(o->lang, tp.n_months)),
                         count_text(o, treaty), y1, y2, mean, kind_word(o))
        : with_treaty && c->year_row
            ? TXT(o, "chart.pace.subtitle.to_date", count_text(o, treaty),
                  dup_str(o, xd_compare_year_text(c, o->lang, (char[64]){0}, 64)), y1, y2, mean, kind_word(o))
        : with_treaty
            ? TXT(o, "chart.pace.subtitle.with_treaty", count_text(o, treaty), yy, y1, y2, mean, kind_word(o))
            : TXT(o, "chart.pace.subtitle.transfers_only", yy, y1, y2, mean, kind_word(o));
    size_t n_title, n_sub;
    put_header(o, title, subtitle, &n_title, &n_sub);
    size_t n_src = put_sources(o, &s);
    free(s.v);
    put_str(o, "key_pace", TXT(o, "chart.pace.key.pace", y1, y2, mean));
    put_str(o, "key_band", TXT(o, "chart.pace.key.band", level_text(o)));
    put_num(o, "band_top", band_hi ? band_hi[ndays] : b->mean);
    put_str(o, "key_cum", xd_text(o->lang, tp.monthly     ? "chart.pace.key.monthly"
                                           : with_treaty ? "chart.pace.key.total"
                                                         : "chart.pace.key.transfers"));
    put_str(o, "key_month", tp.monthly ? xd_text(o->lang, "chart.pace.key.month_end") : "");
    put_str(o, "xlabel", TXT(o, "chart.month_of", yy));
    put_str(o, "ylabel", xd_text(o->lang, "chart.people_cumulative"));
    for (int m = 1; m <= 12; m++) {
        double start = (double)(xd_days_from_civil(year, m, 1) - jan1);
        double end = m < 12 ? (double)(xd_days_from_civil(year, m + 1, 1) - jan1) : ndays;
        put_num_i(o, "month_x", (size_t)m, start);
        put_num_i(o, "month_mid", (size_t)m, (start + end) / 2);
        put_str_i(o, "month", (size_t)m, month_abbr(o, m));
    }

    /* data: the pace with its band, the cumulative line, the steps */
    FILE *fp = data_open(o, "pace.tsv");
    if (fp) {
        fprintf(fp, "# day\tpace\tlow\thigh (%g%% predictive range of a usual year's count so far)\n",
                b->level * 100);
        for (int t = 0; t <= ndays; t++)
            fprintf(fp, "%d\t%.17g\t%.17g\t%.17g\n", t, b->mean * t / ndays, band_lo ? band_lo[t] : 0,
                    band_hi ? band_hi[t] : 0);
        data_close(o, fp, "pace.tsv");
    }
    double *sx = calloc(n_steps + 1, sizeof *sx), *sy = calloc(n_steps + 1, sizeof *sy);
    const char **st = calloc(n_steps + 1, sizeof *st);
    int *sev = calloc(n_steps + 1, sizeof *sev);
    double *sc = calloc(n_steps + 1, sizeof *sc);
    FILE *fc = data_open(o, "cumulative.tsv"), *fs = data_open(o, "steps.tsv"), *fm = data_open(o, "months.tsv");
    double cum = 0;
    size_t k = 0;
    int m_next = 1; /* the next month-end point to write */
    if (fc && fs && fm && sx && sy && st && sev && sc) {
        fputs("# day\tpeople so far\n0\t0\n", fc);
        fputs("# day\tpeople after the transfer\tis the event\n", fs);
        fputs("# day\tpeople so far at the end of a month with a monthly figure\n", fm);
        for (size_t i = 0; i <= ds->n_transfers; i++) {
            const xd_transfer *t = i < ds->n_transfers ? &ds->transfers[i] : NULL;
            if (t && t->year != year)
                continue;
            double x = t ? (double)(xd_days_from_civil(t->year, t->month, t->day) - jan1) + 0.5 : ndays + 1.0;
            /* the month ends before this transfer (all that are left, after the last) */
            for (; tp.monthly && m_next <= tp.n_months && tp.end_x[m_next] < x; m_next++) {
                fprintf(fc, "%.17g\t%.17g\n", tp.end_x[m_next], tp.cum[m_next] + cum);
                fprintf(fm, "%.17g\t%.17g\n", tp.end_x[m_next], tp.cum[m_next] + cum);
            }
            if (!t)
                break;
            double before = cum + treaty_at(&tp, x);
            cum += (double)t->count;
            fprintf(fc, "%.17g\t%.17g\n%.17g\t%.17g\n", x, before, x, before + (double)t->count);
            fprintf(fs, "%.17g\t%.17g\t%d\n", x, before + (double)t->count, t == c->event.transfer);
            const char *when = short_date(o, t->month, t->day);
            sx[k] = x;
            sy[k] = before + (double)t->count;
            sc[k] = (double)t->count;
            sev[k] = t == c->event.transfer;
            st[k] = k == 0 && !with_treaty ? TXT(o, "chart.transfer", when, count_text(o, (double)t->count))
                                           : TXT(o, "chart.pace.step.next", when, count_text(o, (double)t->count),
                                                 count_text(o, sy[k]));
            k++;
        }
        /* evenly spread figures reach the year's end; monthly ones stop at their last month */
        if (!tp.monthly)
            fprintf(fc, "%d\t%.17g\n", ndays, cum + treaty);
        if (!k)
            fputs("-1000\t0\t0\n", fs);
        if (!tp.monthly)
            fputs("-1000\t0\n", fm);
    }
    data_close(o, fc, "cumulative.tsv");
    data_close(o, fs, "steps.tsv");
    data_close(o, fm, "months.tsv");

    /* step labels beside each rise, clear of the pace band, the line and each other */
    double plot_w = REF_W_PT - PACE_SIDE_CHARS * CHAR_W_PT;
    double plot_h = REF_H_PT - CHAR_H_PT * (frame_chars(n_title, n_sub, n_src) + PACE_TOP_CHARS + PACE_BOTTOM_CHARS);
    if (plot_h < 60)
        plot_h = 60;
    double ux = plot_w / ndays;
    double band_end = band_hi ? band_hi[ndays] : b->mean;
    double top = band_end > cum + treaty ? band_end : cum + treaty;
    double step = 1, ymax = nice_max(top * 1.05, &step);
    box *placed = calloc(k + 1, sizeof *placed);
    int *right = calloc(k + 1, sizeof *right);
    for (int pass = 0; pass < 6 && placed && right; pass++) {
        double line = CHAR_H_PT * ymax / plot_h;
        double need = top * 1.05;
        for (size_t i = 0; i < k; i++) {
            double w = (text_width(st[i], PT_NOTE, sev[i]) + 4) / ux;
            double gap = 6 / ux;
            box bl = {sx[i] + gap, sx[i] + gap + w, 0, 0};
            right[i] = bl.x1 > ndays;
            if (right[i]) {
                bl.x1 = sx[i] - gap;
                bl.x0 = bl.x1 - w;
            }
            /* above the cumulative line over the label's width (it only rises), clear of
             * the pace band and of the labels placed before */
            double y0 = treaty_at(&tp, bl.x1) + 0.35 * line;
            for (size_t j = 0; j < k; j++)
                if (sx[j] <= bl.x1)
                    y0 += sc[j];
            for (int moved = 1, guard = 0; moved && guard < 64; guard++) {
                moved = 0;
                bl.y0 = y0;
                bl.y1 = y0 + line;
                int t0 = bl.x0 < 0 ? 0 : bl.x0 > ndays ? ndays : (int)floor(bl.x0);
                int t1 = bl.x1 < 0 ? 0 : bl.x1 >= ndays ? ndays : (int)ceil(bl.x1);
                double blo = band_lo ? band_lo[t0] : 0, bhi = band_hi ? band_hi[t1] : 0;
                if (bl.y0 < bhi + 0.2 * line && bl.y1 > blo - 0.2 * line) {
                    y0 = bhi + 0.25 * line;
                    moved = 1;
                    continue;
                }
                for (size_t j = 0; j < i; j++)
                    if (overlaps(&bl, &placed[j])) {
                        y0 = placed[j].y1 + 0.15 * line;
                        moved = 1;
                        break;
                    }
            }
            placed[i] = bl;
            if (bl.y1 + 0.3 * line > need)
                need = bl.y1 + 0.3 * line;
        }
        if (need <= ymax || pass == 5)
            break;
        ymax = nice_max(need, &step);
    }
    for (size_t i = 0; placed && i < k; i++) {
        put_num_i(o, "wb_x0", i + 1, placed[i].x0);
        put_num_i(o, "wb_x1", i + 1, placed[i].x1);
        put_num_i(o, "wb_y0", i + 1, placed[i].y0);
        put_num_i(o, "wb_y1", i + 1, placed[i].y1);
    }
    put_num(o, "n_wb", placed ? (double)k : 0);
    for (size_t i = 0; i < k; i++) {
        put_str_i(o, "step", i + 1, st[i]);
        put_num_i(o, "step_x", i + 1, placed && right ? (right[i] ? placed[i].x1 : placed[i].x0) : sx[i]);
        put_num_i(o, "step_y", i + 1, placed ? placed[i].y0 : sy[i]);
        put_num_i(o, "step_right", i + 1, right ? right[i] : 0);
        put_num_i(o, "step_event", i + 1, sev[i]);
    }
    free(placed);
    free(right);
    free(band_lo);
    free(band_hi);
    free(sx);
    free(sy);
    free(st);
    free(sev);
    free(sc);
    put_num(o, "n_steps", (double)k);
    put_num(o, "ndays", ndays);
    put_num(o, "base_mean", b->mean);
    put_num(o, "ymax", ymax);
    put_num(o, "ystep", step);
}

/* ---- trend ----------------------------------------------------------------------------- */

/* The trend chart draws the model that speaks (trend.h), never a straight line the
 * numbers reject; its title is the trend's headline sentence. */
static void write_trend(out *o)
{
    const xd_analysis *a = o->a;
    const xd_trend *t = &a->trend;
    const xd_models *m = &t->models;
    double level = t->level;
    srcs s = {0};
    int from = a->series.from, to = a->series.to;
    int fit_from = t->n ? (int)t->years[0] : from, fit_to = t->n ? (int)t->years[t->n - 1] : to;
    int has_fit = a->has_trend && m->headline_model != XD_MODEL_NONE;
    double top = 1;

    FILE *fpn = data_open(o, "points.tsv"), *fg = data_open(o, "gaps.tsv"), *ff = data_open(o, "fit.tsv");
    FILE *fj = data_open(o, "joinpoints.tsv");
    size_t n_gaps = 0;
    int n_jp = 0;
    if (fpn && fg && ff && fj) {
        fputs("# year\tcount (a blank line where years are missing)\n", fpn);
        fputs("# year (no sourced figure)\n", fg);
        for (size_t i = 0; i < t->n; i++) {
            if (i && t->years[i] != t->years[i - 1] + 1)
                fputs("\n", fpn);
            fprintf(fpn, "%.17g\t%.17g\n", t->years[i], t->counts[i]);
            if (t->counts[i] > top)
                top = t->counts[i];
        }
        for (int y = from; y <= to; y++) {
            const xd_year *yr = xd_series_year(&a->series, y);
            if (!yr || !yr->has_value) {
                fprintf(fg, "%d\n", y);
                n_gaps++;
            } else {
                for (size_t k = 0; k < yr->n_rows; k++)
                    if (yr->rows[k]->count == yr->count)
                        src_add_list(&s, a->ds, yr->rows[k]->source);
            }
        }
        if (!n_gaps)
            fprintf(fg, "%d\n", from - 1000);
        fprintf(ff, "# year\tfitted mean\tlow\thigh (%s, %g confidence band)\n", xd_model_name(m->headline_model),
                level);
        if (has_fit) {
            int steps = (fit_to - fit_from) * 10;
            if (steps < 1)
                steps = 1;
            for (int i = 0; i <= steps; i++) {
                double x = fit_from + (double)(fit_to - fit_from) * i / steps;
                double mu, lo, hi;
                if (!xd_trend_predict(t, x, &mu, &lo, &hi))
                    continue;
                fprintf(ff, "%.17g\t%.17g\t%.17g\t%.17g\n", x, mu, lo, hi);
                if (hi > top)
                    top = hi;
            }
        } else {
            fprintf(ff, "%d\t0\t0\t0\n", from - 1000);
        }
        fputs("# joinpoint year\tfitted mean there\n", fj);
        if (has_fit && m->headline_model == XD_MODEL_JOINPOINT) {
            for (int i = 0; i < m->joinpoint.k; i++) {
                double mu, lo, hi;
                if (!xd_trend_predict(t, m->joinpoint.joinpoints[i], &mu, &lo, &hi))
                    continue;
                fprintf(fj, "%.17g\t%.17g\n", m->joinpoint.joinpoints[i], mu);
                put_str_i(o, "jp_label", (size_t)++n_jp,
                          TXT(o, "chart.trend.turn", year_text(o, (int)lround(m->joinpoint.joinpoints[i]))));
                put_num_i(o, "jp_x", (size_t)n_jp, m->joinpoint.joinpoints[i]);
            }
        }
        if (!n_jp)
            fprintf(fj, "%d\t0\n", from - 1000);
    }
    data_close(o, fpn, "points.tsv");
    data_close(o, fg, "gaps.tsv");
    data_close(o, ff, "fit.tsv");
    data_close(o, fj, "joinpoints.tsv");
    put_num(o, "x_from", from);
    put_num(o, "x_to", to);
    put_num(o, "n_gaps", (double)n_gaps);
    put_num(o, "has_fit", has_fit);
    put_num(o, "n_jp", n_jp);
    count_axis(o, top * 1.08);

    const char *y1 = year_text(o, fit_from), *y2 = year_text(o, fit_to), *lvl = level_text(o);
    const char *title, *change = "";
    char *sent[8];
    char subject[256];
    size_t ns = a->has_trend ? xd_trend_sentences(t, xd_trend_subject(a->ds, t->measure, o->lang, subject, sizeof subject),
                                                  o->lang, sent, 8)
                             : 0;
    if (ns) {
        /* a title carries no final full stop */
        size_t len = strlen(sent[0]);
        if (len && sent[0][len - 1] == '.')
            sent[0][len - 1] = '\0';
        title = dup_str(o, sent[0]);
    } else {
        title = TXT(o, "trend.none", y1, y2);
    }
    for (size_t i = 0; i < ns; i++)
        free(sent[i]);
    char *fig = has_fit ? xd_trend_figures(t, o->lang) : NULL;
    if (fig)
        change = dup_str(o, fig);
    free(fig);
    const char *model_key = m->headline_model == XD_MODEL_JOINPOINT        ? "chart.trend.model.joinpoint"
                            : m->headline_model == XD_MODEL_QUASI_POISSON ? "chart.trend.model.quasi_poisson"
                                                                           : "chart.trend.model.poisson";
    put_header(o, title,
               has_fit ? TXT(o, "chart.trend.subtitle", measure_label(o), y1, y2, xd_text(o->lang, model_key), lvl)
                       : TXT(o, "chart.trend.subtitle.none", measure_label(o), y1, y2),
               NULL, NULL);
    put_lines(o, "change", change, PT_BODY, 1, LINE_PT, 2);
    put_lines(o, "mk", "", PT_BODY, 0, LINE_PT, 2);
    put_str(o, "key_points", xd_text(o->lang, "chart.trend.key.points"));
    put_str(o, "key_fit", !has_fit ? ""
                          : xd_text(o->lang, m->headline_model == XD_MODEL_JOINPOINT ? "chart.trend.key.fit.joinpoint"
                                             : m->headline_model == XD_MODEL_QUASI_POISSON
                                                 ? "chart.trend.key.fit.quasi_poisson"
                                                 : "chart.trend.key.fit.poisson"));
    put_str(o, "key_band", has_fit ? TXT(o, "chart.trend.key.band", lvl) : "");
    put_str(o, "key_nodata", n_gaps ? xd_text(o->lang, "chart.no_data") : "");
    put_str(o, "xlabel", xd_text(o->lang, "chart.year"));
    put_str(o, "ylabel", xd_text(o->lang, "chart.people_per_year"));
    put_sources(o, &s);
    free(s.v);
}

int xd_chart_write_data(xd_chart_kind kind, const xd_analysis *a, const char *dir, xd_diags *d)
{
    if ((unsigned)kind >= XD_CHART_COUNT)
        return xd_error(d, XD_EUSAGE, "unknown chart kind %d", (int)kind);
    out o = {.a = a, .lang = a->lang, .dir = dir, .d = d};
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/strings.gp", dir);
    o.strings = fopen(path, "w");
    snprintf(path, sizeof path, "%s/values.gp", dir);
    o.values = fopen(path, "w");
    if (!o.strings || !o.values) {
        o.rc = xd_error(d, XD_EOUTPUT, "cannot write chart data in '%s': %s", dir, strerror(errno));
    } else {
        fprintf(o.strings, "# Every text of the %s chart, written by extrad (language %s).\n", chart_names[kind],
                xd_lang_code(a->lang));
        fprintf(o.values, "# Numbers that place the %s chart, written by extrad.\n", chart_names[kind]);
        switch (kind) {
        case XD_CHART_COMPARISON: write_comparison(&o); break;
        case XD_CHART_ANNUAL: write_annual(&o); break;
        case XD_CHART_PACE: write_pace(&o); break;
        case XD_CHART_TREND: write_trend(&o); break;
        case XD_CHART_PEOPLE: xd_chart_people_write(&o); break;
        default: break;
        }
    }
    FILE *files[2] = {o.strings, o.values};
    for (size_t i = 0; i < 2; i++) {
        if (!files[i])
            continue;
        int bad = ferror(files[i]);
        if ((fclose(files[i]) != 0 || bad) && !o.rc)
            o.rc = xd_error(d, XD_EOUTPUT, "cannot write chart data in '%s'", dir);
    }
    for (size_t i = 0; i < o.n_arena; i++)
        free(o.arena[i]);
    free(o.arena);
    return o.rc;
}

/* ---- rendering ------------------------------------------------------------------------- */

static const char *format_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return NULL;
    static const char *const fmts[] = {"pdf", "png", "svg"};
    for (size_t i = 0; i < 3; i++)
        if (strcasecmp(dot + 1, fmts[i]) == 0)
            return fmts[i];
    return NULL;
}

/* "WxH" in centimetres for PDF, whole pixels for PNG and SVG, in a sane range. */
static int parse_size(const char *size, const char *fmt, char *norm, size_t cap, xd_diags *d)
{
    int pdf = strcmp(fmt, "pdf") == 0;
    if (!size || !*size) {
        snprintf(norm, cap, "%s", pdf ? "17x10.5" : "1200x675");
        return XD_OK;
    }
    char *end;
    errno = 0;
    double w = strtod(size, &end);
    double h = NAN;
    if (end != size && (*end == 'x' || *end == 'X')) {
        const char *hs = end + 1;
        h = strtod(hs, &end);
        if (end == hs || *end)
            h = NAN;
    }
    double lo = pdf ? 2 : 64, hi = pdf ? 500 : 20000;
    int ok = isfinite(w) && isfinite(h) && w >= lo && w <= hi && h >= lo && h <= hi && !errno &&
             (size[0] >= '0' && size[0] <= '9');
    if (ok && !pdf)
        ok = w == floor(w) && h == floor(h);
    if (!ok)
        return xd_error(d, XD_EUSAGE,
                        "--size: expected WxH in %s from %g to %g for %s output (such as %s), found '%s'",
                        pdf ? "centimetres" : "whole pixels", lo, hi, fmt, pdf ? "17x10.5" : "1200x675", size);
    snprintf(norm, cap, "%gx%g", w, h);
    return XD_OK;
}

static int copy_file(const char *from, const char *to, xd_diags *d)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return xd_error(d, XD_EOUTPUT, "cannot read '%s': %s", from, strerror(errno));
    FILE *outf = fopen(to, "wb");
    if (!outf) {
        int err = errno;
        fclose(in);
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", to, strerror(err));
    }
    char buf[8192];
    size_t n;
    int bad = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, outf) != n)
            bad = 1;
    bad |= ferror(in);
    fclose(in);
    if (fclose(outf) != 0 || bad)
        return xd_error(d, XD_EOUTPUT, "cannot copy '%s' to '%s'", from, to);
    return XD_OK;
}

/* A word for a POSIX shell: '...' with each ' written as '\''. */
static void shell_word(FILE *f, const char *s)
{
    int plain = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+", *p))
            plain = 0;
    if (plain) {
        fputs(s, f);
        return;
    }
    fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

/* A path the driver script may contain: gnuplot is given it as a quoted literal, which
 * cannot hold line breaks or other control characters. */
static int drawable_path(const char *p, xd_diags *d)
{
    for (const unsigned char *s = (const unsigned char *)p; *s; s++)
        if (*s < 0x20 || *s == 0x7F)
            return xd_error(d, XD_EOUTPUT, "cannot use the folder '%s' with gnuplot: its name has control characters",
                            p);
    return XD_OK;
}

static int write_text_file(const char *path, const char *text, mode_t mode, xd_diags *d)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
    int bad = fputs(text, f) < 0;
    if (fclose(f) != 0 || bad)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s'", path);
    if (chmod(path, mode) != 0)
        return xd_error(d, XD_EOUTPUT, "cannot make '%s' executable: %s", path, strerror(errno));
    return XD_OK;
}

/* The driver: one `call` of a chart script per output, the outputs given as arguments
 * so that the same file re-renders anywhere (render.sh). The data folders are found
 * beside the driver; the scripts there too when they were copied (--keep). */
static int write_driver(const char *path, const char *plots_abs, const xd_chart_kind *kinds,
                        const char *const *fmts, size_t n, const char *const *sizes, xd_diags *d)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
    fprintf(f, "# Draws %zu chart%s in one gnuplot run; written by extrad.\n#\n#   gnuplot -d -c render.gp", n,
            n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        fprintf(f, " %s.%s", chart_names[kinds[i]], fmts[i]);
    fputs("\n#\n# Each argument is the file to write, in this order. The chart scripts take the folder\n"
          "# of their data, the output, its format and its size (see plots/style.gp).\n\n",
          f);
    fputs("_p = strlen(ARG0)\nwhile (_p > 0 && ARG0[_p:_p] ne '/') { _p = _p - 1 }\n"
          "here = (_p == 0) ? '.' : (_p == 1) ? '/' : ARG0[1:_p-1]\nundefine _p\n",
          f);
    if (plots_abs) {
        char *q = xd_gnuplot_quote_alloc(plots_abs);
        if (!q) {
            fclose(f);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
        fprintf(f, "plots = %s\n", q);
        free(q);
    } else {
        fputs("plots = here\n", f);
    }
    fprintf(f, "if (ARGC != %zu) {\n    exit error sprintf('render.gp: expected %zu output file%s, found %%d', ARGC)\n}\n",
            n, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "call (plots.'/%s') (here.'/%s') ARG%zu '%s' '%s'\n", chart_scripts[kinds[i]],
                chart_names[kinds[i]], i + 1, fmts[i], sizes[i]);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s'", path);
    return XD_OK;
}

static int write_render_sh(const char *dir, const xd_chart_kind *kinds, const char *const *fmts, size_t n,
                           xd_diags *d)
{
    char path[PATH_MAX], text[4096], names[512] = "";
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names);
        snprintf(names + len, sizeof names - len, "%s\"$here/%s.%s\"", i ? " " : "", chart_names[kinds[i]], fmts[i]);
    }
    snprintf(text, sizeof text,
             "#!/bin/sh\n"
             "# Draws the chart%s of this folder again, as extrad did: one gnuplot run of render.gp.\n"
             "#\n"
             "#   sh render.sh [OUTPUT...]\n"
             "#\n"
             "# OUTPUT: one file per chart, in the order render.gp lists them (the format is set\n"
             "# there); by default the files are written in this folder. gnuplot is $GNUPLOT if set,\n"
             "# else the one on PATH. command.txt holds the exact command extrad ran (its outputs were\n"
             "# temporary files, renamed when gnuplot had succeeded).\n"
             "set -e\n"
             "here=$(CDPATH= cd -- \"$(dirname -- \"$0\")\" && pwd)\n"
             "if [ $# -eq 0 ]; then\n"
             "    set -- %s\n"
             "fi\n"
             "LC_ALL=C.UTF-8\n"
             "export LC_ALL\n"
             "exec \"${GNUPLOT:-gnuplot}\" -d -c \"$here/render.gp\" \"$@\"\n",
             n == 1 ? "" : "s", names);
    snprintf(path, sizeof path, "%s/render.sh", dir);
    return write_text_file(path, text, 0755, d);
}

static int write_command(const char *dir, const char *const *argv, size_t argc, xd_diags *d)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/command.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
    for (size_t i = 0; i < argc; i++) {
        if (i)
            fputc(' ', f);
        shell_word(f, argv[i]);
    }
    fputc('\n', f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s'", path);
    return XD_OK;
}

/* gnuplot's svg terminal writes a bold font as the family "DejaVu Sans:Bold", which no
 * viewer has; inside tags (never in text, where '<' is escaped) it becomes the family
 * with font-weight="bold". */
static int svg_fix_bold(const char *path, xd_diags *d)
{
    static const char needle[] = "font-family=\"DejaVu Sans:Bold\"";
    static const char repl[] = "font-family=\"DejaVu Sans\" font-weight=\"bold\"";
    FILE *f = fopen(path, "rb");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "cannot read '%s': %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            if (cap >= ((size_t)1 << 30))
                break;
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return xd_error(d, XD_EOUTPUT, "cannot read '%s'", path);
    }
    buf[len] = '\0';
    if (!strstr(buf, needle)) {
        free(buf);
        return XD_OK;
    }
    f = fopen(path, "wb");
    if (!f) {
        free(buf);
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
    }
    int in_tag = 0;
    size_t nl = sizeof needle - 1;
    for (size_t i = 0; i < len;) {
        if (in_tag && strncmp(buf + i, needle, nl) == 0) {
            fputs(repl, f);
            i += nl;
            continue;
        }
        if (buf[i] == '<')
            in_tag = 1;
        else if (buf[i] == '>')
            in_tag = 0;
        fputc(buf[i++], f);
    }
    free(buf);
    bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s'", path);
    return XD_OK;
}

static int output_nonempty(const char *path, const char *target, xd_diags *d)
{
    struct stat st;
    if (stat(path, &st) != 0 || st.st_size == 0)
        return xd_error(d, XD_EOUTPUT, "gnuplot wrote nothing for '%s'", target);
    return XD_OK;
}

int xd_chart_render(const xd_analysis *a, const xd_chart_kind *kinds, const char *const *outputs, size_t n,
                    const char *size, const char *keep_dir, xd_diags *d)
{
    if (n == 0)
        return XD_OK;
    if (n > XD_GNUPLOT_MAX_ARGS)
        return xd_error(d, XD_EUSAGE, "at most %d charts can be drawn at once", XD_GNUPLOT_MAX_ARGS);
    const char *fmts[XD_GNUPLOT_MAX_ARGS];
    char sizes[XD_GNUPLOT_MAX_ARGS][64];
    const char *size_ptrs[XD_GNUPLOT_MAX_ARGS];
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)kinds[i] >= XD_CHART_COUNT)
            return xd_error(d, XD_EUSAGE, "unknown chart kind %d", (int)kinds[i]);
        fmts[i] = format_of(outputs[i]);
        if (!fmts[i])
            return xd_error(d, XD_EUSAGE, "'%s': the output's name must end in .pdf, .png or .svg", outputs[i]);
        int rc = parse_size(size, fmts[i], sizes[i], sizeof sizes[i], d);
        if (rc != XD_OK)
            return rc;
        size_ptrs[i] = sizes[i];
    }

    char gnuplot[PATH_MAX], plots_found[PATH_MAX], plots[PATH_MAX];
    int rc = xd_gnuplot_find(gnuplot, sizeof gnuplot, d);
    if (rc != XD_OK)
        return rc;
    rc = xd_paths_find("EXTRAD_PLOTS", "plots", plots_found, sizeof plots_found, d);
    if (rc != XD_OK)
        return xd_error(d, XD_EOUTPUT, "cannot find the chart scripts (plots/)");
    if (!realpath(plots_found, plots))
        return xd_error(d, XD_EOUTPUT, "cannot find the chart scripts in '%s': %s", plots_found, strerror(errno));
    if ((rc = drawable_path(plots, d)) != XD_OK)
        return rc;
    char script[PATH_MAX + 32];
    snprintf(script, sizeof script, "%s/style.gp", plots);
    if (access(script, R_OK) != 0)
        return xd_error(d, XD_EOUTPUT, "cannot read the chart script '%s': %s", script, strerror(errno));
    for (size_t i = 0; i < n; i++) {
        snprintf(script, sizeof script, "%s/%s", plots, chart_scripts[kinds[i]]);
        if (access(script, R_OK) != 0)
            return xd_error(d, XD_EOUTPUT, "cannot read the chart script '%s': %s", script, strerror(errno));
    }

    /* the working folder: --keep's, or a private temporary one */
    char work[PATH_MAX];
    int temp = 0;
    if (keep_dir) {
        if ((rc = xd_keepdir_prepare(keep_dir, d)) != XD_OK)
            return rc;
        if (!realpath(keep_dir, work))
            return xd_error(d, XD_EOUTPUT, "--keep: cannot use '%s': %s", keep_dir, strerror(errno));
    } else {
        rc = xd_tempdir_create(work, sizeof work, NULL, d);
        if (rc != XD_OK)
            return rc;
        temp = 1;
    }
    if ((rc = drawable_path(work, d)) != XD_OK)
        goto done;
    if (strlen(work) + 64 >= PATH_MAX) {
        rc = xd_error(d, XD_EOUTPUT, "the folder name '%s' is too long", work);
        goto done;
    }

    for (size_t i = 0; i < n && rc == XD_OK; i++) {
        char sub[PATH_MAX];
        snprintf(sub, sizeof sub, "%s/%s", work, chart_names[kinds[i]]);
        if (mkdir(sub, 0777) != 0 && errno != EEXIST) {
            rc = xd_error(d, XD_EOUTPUT, "cannot create the folder '%s': %s", sub, strerror(errno));
            break;
        }
        rc = xd_chart_write_data(kinds[i], a, sub, d);
        if (rc == XD_OK && keep_dir) {
            char from[PATH_MAX + 32], to[PATH_MAX + 32];
            snprintf(from, sizeof from, "%s/%s", plots, chart_scripts[kinds[i]]);
            snprintf(to, sizeof to, "%s/%s", work, chart_scripts[kinds[i]]);
            rc = copy_file(from, to, d);
        }
    }
    if (rc == XD_OK && keep_dir) {
        char from[PATH_MAX + 32], to[PATH_MAX + 32];
        snprintf(from, sizeof from, "%s/style.gp", plots);
        snprintf(to, sizeof to, "%s/style.gp", work);
        rc = copy_file(from, to, d);
    }
    char driver[PATH_MAX + 32];
    snprintf(driver, sizeof driver, "%s/render.gp", work);
    if (rc == XD_OK)
        rc = write_driver(driver, keep_dir ? NULL : plots, kinds, fmts, n, size_ptrs, d);
    if (rc != XD_OK)
        goto done;

    xd_outfile outs[XD_GNUPLOT_MAX_ARGS];
    size_t begun = 0;
    const char *tmp_paths[XD_GNUPLOT_MAX_ARGS];
    for (; begun < n; begun++) {
        rc = xd_outfile_begin(&outs[begun], outputs[begun], d);
        if (rc != XD_OK)
            break;
        tmp_paths[begun] = xd_outfile_path(&outs[begun]);
    }
    if (rc == XD_OK && keep_dir) {
        const char *argv[4 + XD_GNUPLOT_MAX_ARGS] = {gnuplot, "-d", "-c", driver};
        for (size_t i = 0; i < n; i++)
            argv[4 + i] = tmp_paths[i];
        rc = write_command(work, argv, 4 + n, d);
        if (rc == XD_OK)
            rc = write_render_sh(work, kinds, fmts, n, d);
    }
    if (rc == XD_OK)
        rc = xd_gnuplot_run(gnuplot, driver, tmp_paths, n, xd_gnuplot_timeout_from_env(), d);
    for (size_t i = 0; i < begun && rc == XD_OK; i++) {
        rc = output_nonempty(tmp_paths[i], outputs[i], d);
        if (rc == XD_OK && strcmp(fmts[i], "svg") == 0)
            rc = svg_fix_bold(tmp_paths[i], d);
    }
    for (size_t i = 0; i < begun; i++) {
        if (rc == XD_OK)
            rc = xd_outfile_commit(&outs[i], d);
        else
            xd_outfile_abort(&outs[i]);
    }

done:
    if (temp)
        xd_tempdir_remove(work);
    return rc;
}

/* ---- for the charts drawn in other files (chart_out.h) ---------------------------------- */

const xd_analysis *xd_chart_out_analysis(const out *o) { return o->a; }

xd_lang xd_chart_out_lang(const out *o) { return o->lang; }

void xd_chart_out_fail(out *o, int status, const char *what)
{
    if (!o->rc)
        o->rc = xd_error(o->d, status, "%s", what);
}

const char *xd_chart_out_text(out *o, const char *key, const char *const *args, size_t nargs)
{
    return text_fill(o, key, args, nargs);
}

const char *xd_chart_out_keep(out *o, const char *s) { return dup_str(o, s); }

void xd_chart_out_str(out *o, const char *name, const char *value) { put_str(o, name, value); }

void xd_chart_out_str_i(out *o, const char *prefix, size_t i, const char *value) { put_str_i(o, prefix, i, value); }

void xd_chart_out_num(out *o, const char *name, double v) { put_num(o, name, v); }

void xd_chart_out_num_i(out *o, const char *prefix, size_t i, double v) { put_num_i(o, prefix, i, v); }

size_t xd_chart_out_lines(out *o, const char *prefix, const char *text, double size_pt, int bold, double width,
                          size_t max_lines)
{
    return put_lines(o, prefix, text, size_pt, bold, width, max_lines);
}

void xd_chart_out_header(out *o, const char *title, const char *subtitle, size_t *n_title, size_t *n_subtitle)
{
    put_header(o, title, subtitle, n_title, n_subtitle);
}

size_t xd_chart_out_sources(out *o, const char *const *ids, size_t n)
{
    srcs s = {0};
    for (size_t i = 0; i < n; i++)
        src_add_list(&s, o->a->ds, ids[i]);
    size_t lines = put_sources(o, &s);
    free(s.v);
    return lines;
}

FILE *xd_chart_out_open(out *o, const char *name) { return data_open(o, name); }

void xd_chart_out_close(out *o, FILE *f, const char *name) { data_close(o, f, name); }

double xd_chart_out_width(const char *s, double size_pt, int bold) { return text_width(s, size_pt, bold); }

const char *xd_chart_out_fit(out *o, const char *text, double size_pt, int bold, double width)
{
    xd_strlist l = {0};
    wrap(text, size_pt, bold, width, 1, &l);
    const char *r = dup_str(o, l.n ? l.v[0] : "");
    xd_strlist_free(&l);
    return r;
}

double xd_chart_out_nice_max(double v, double *step) { return nice_max(v, step); }

const char *xd_chart_out_count(out *o, double n, const char *noun)
{
    char buf[96];
    return dup_str(o, xd_lang_count(o->lang, buf, sizeof buf, n, noun));
}

const char *xd_chart_out_date(out *o, int y, int m, int d) { return date_text(o, y, m, d); }
