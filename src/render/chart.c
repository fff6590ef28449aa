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
#include "svg.h"
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

/* Text sizes (PT_*) and the reference layout (REF_*, CHAR_*) are in chart_out.h. The
 * line of body text depends on the terminal: it is the canvas's (xd_chart_canvas). */
#define CHAR_H_PT (o->char_h)

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
    /* widths add up glyph by glyph (no kerning), so a line's width grows word by word */
    double cur_w = 0, space_w = text_width(" ", size_pt, bold);
    for (char *p = t; *p && all.n < stop;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *end = strchr(p, ' ');
        size_t wl = end ? (size_t)(end - p) : strlen(p);
        char save = p[wl];
        p[wl] = '\0';
        double word_w = text_width(p, size_pt, bold);
        /* try "cur word" */
        double with_w = (cl ? cur_w + space_w : 0) + word_w;
        if (with_w <= width) {
            if (cl)
                cur[cl++] = ' ';
            memcpy(cur + cl, p, wl + 1);
            cl += wl;
            cur_w = with_w;
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
            cur_w = text_width(cur, size_pt, bold);
        }
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
    const char *title, *subtitle, *source; /* as drawn (before wrapping) */
    const char *figures;                     /* the trend's figures under its title */
    xd_chart_table *table;                   /* NULL, or the data behind the chart to fill */
    xd_chart_boxes *boxes;                   /* NULL, or where things went (tests) */
    double cw, ch;                           /* the canvas (xd_chart_canvas) */
    double char_h;                           /* its line of body text */
    int no_frame;
} out;

/* A full line of text across the canvas: less the side margins, with a little to spare. */
static double line_pt(const out *o) { return o->cw - 34.0 * PT_BODY / 8.0; }

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

/* "Two" ... "Ten": a small count as a word, to open a sentence with. */
static const char *number_word(out *o, long n)
{
    char key[32];
    snprintf(key, sizeof key, "chart.number.%ld", n);
    return n >= 2 && n <= 10 ? xd_text(o->lang, key) : count_text(o, (double)n);
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
    if (o->rc || !o->strings)
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
    if (o->rc || !o->values)
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

/* The data table's columns: heads from the catalogue; right: a column of numbers. */
static void table_cols(out *o, size_t n, const char *const *heads, const int *right)
{
    xd_chart_table *t = o->table;
    if (!t || o->rc)
        return;
    for (size_t i = 0; i < n && i < 6; i++) {
        t->head[i] = strdup(heads[i]);
        t->right[i] = right[i];
        if (!t->head[i])
            o->rc = xd_error(o->d, XD_ENOMEM, "out of memory");
        t->ncols = i + 1;
    }
}

static void table_add(out *o, const char *const *cells)
{
    xd_chart_table *t = o->table;
    if (!t || o->rc || !t->ncols)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
        if (!c) {
            o->rc = xd_error(o->d, XD_ENOMEM, "out of memory");
            return;
        }
        t->cells = c;
        t->cap = cap;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        /* every caller passes one cell per column (table_cols) */
        t->cells[t->nrows * t->ncols + i] = strdup(cells[i] ? cells[i] : ""); // NOLINT(clang-analyzer-core.uninitialized.Branch)
        if (!t->cells[t->nrows * t->ncols + i])
            o->rc = xd_error(o->d, XD_ENOMEM, "out of memory");
    }
    t->nrows++;
}

static FILE *data_open(out *o, const char *name)
{
    if (o->rc || !o->dir) /* texts only (xd_chart_texts_get) */
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
    /* at full size: smaller titles take less, which leaves room to spare */
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
    size_t *si = calloc(n + 1, sizeof *si); /* each source's outlet: its place in shrt */
    size_t n_short = 0;
    const char *line = "";
    if (!full || !shrt || !si) {
        free(full);
        free(shrt);
        free(si);
        return put_lines(o, "source", "", PT_NOTE, 0, line_pt(o), SOURCE_LINES);
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = *s->v[i]->name ? xd_source_name(s->v[i], o->lang) : s->v[i]->id;
        full[i] = one_line(name);
        char *sn = full[i] ? short_name(full[i]) : NULL;
        size_t at = n_short;
        for (size_t k = 0; sn && k < n_short && at == n_short; k++)
            if (strcmp(shrt[k], sn) == 0)
                at = k;
        si[i] = sn && *sn ? at : (size_t)-1;
        if (sn && at == n_short && *sn)
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
        if (!wrap(cand, PT_NOTE, 0, line_pt(o), SOURCE_LINES, &l))
            line = cand;
        xd_strlist_free(&l);
    }
    /* as many outlets as fit, and how many sources are left unnamed */
    for (size_t k = n_short; !*line && k > 1; k--) {
        char *joined = join_names(shrt, k - 1);
        size_t unnamed = 0;
        for (size_t i = 0; i < n; i++)
            unnamed += si[i] >= k - 1; /* none, or an outlet left out */
        char more[32];
        snprintf(more, sizeof more, "%zu", unnamed);
        const char *cand =
            TXT(o, "chart.sources_line", TXT(o, "chart.sources.more", joined ? joined : "", more));
        free(joined);
        xd_strlist l = {0};
        if (!wrap(cand, PT_NOTE, 0, line_pt(o), SOURCE_LINES, &l))
            line = cand;
        xd_strlist_free(&l);
    }
    if (!*line) {
        char count[32];
        snprintf(count, sizeof count, "%zu", n);
        line = TXT(o, "chart.sources.count", count);
    }
    o->source = line;
    size_t lines_out = put_lines(o, "source", o->no_frame ? "" : line, PT_NOTE, 0, line_pt(o), SOURCE_LINES);
    for (size_t i = 0; i < n; i++)
        free(full[i]);
    for (size_t i = 0; i < n_short; i++)
        free(shrt[i]);
    free(full);
    free(shrt);
    free(si);
    return lines_out;
}

/* ---- the parts every chart has -------------------------------------------------------- */

/* Lines of text wrapped at the largest of a few sizes (scale x size_pt) that keeps it
 * to two lines; the scale goes to values.gp as name_scale for style.gp. */
static size_t put_lines_fit(out *o, const char *prefix, const char *text, double size_pt, int bold)
{
    static const double scales[] = {1.0, 0.92, 0.85};
    double scale = 1.0;
    for (size_t i = 0; i < sizeof scales / sizeof scales[0] && text && *text; i++) {
        if (size_pt * scales[i] < PT_NOTE - 1e-9) /* no chart text under 8 pt */
            break;
        xd_strlist l = {0};
        int cut = wrap(text, size_pt * scales[i], bold, line_pt(o), 2, &l);
        xd_strlist_free(&l);
        scale = scales[i];
        if (!cut)
            break;
    }
    char name[64];
    snprintf(name, sizeof name, "%s_scale", prefix);
    put_num(o, name, scale);
    return put_lines(o, prefix, text, size_pt * scale, bold, line_pt(o), 2);
}

/* Writes title and subtitle, two lines each at most, so the plot keeps its room;
 * *n_title and *n_subtitle (when not NULL) get their lines. */
static void put_header(out *o, const char *title, const char *subtitle, size_t *n_title, size_t *n_subtitle)
{
    o->title = title;
    o->subtitle = subtitle;
    size_t nt = put_lines_fit(o, "title", o->no_frame ? "" : title, PT_TITLE, 1);
    size_t ns = put_lines_fit(o, "subtitle", o->no_frame ? "" : subtitle, PT_SUBTITLE, 0);
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
/* ...so on a canvas cw wide one unit of x is about (cw - 10 characters) / 3.3 points */
#define CMP_UNIT(o) (((o)->cw - 10 * CHAR_W_PT) / 3.3)
#define CMP_BASE_CAPTION_PT(o) (0.93 * CMP_UNIT(o))
#define CMP_EVENT_CAPTION_PT(o) (2.0 * CMP_UNIT(o))
#define CMP_NOTE_PT(o) (1.18 * CMP_UNIT(o))
#define CMP_SHARE_PT(o) (1.3 * CMP_UNIT(o))

static void write_comparison(out *o)
{
    const xd_compare *c = &o->a->cmp;
    const xd_baseline *b = &c->base;
    const char *y1 = year_text(o, b->from), *y2 = year_text(o, b->to);
    const char *lvl = level_text(o);
    const char *date = *c->event.date ? date_text(o, c->event.year, c->event.month, c->event.day) : "";
    const char *kind = xd_text(o->lang, b->kind == XD_BASELINE_COMPUTED ? "chart.comparison.kind.computed"
                                                                        : "chart.comparison.kind.reported");
    size_t n_title, n_sub;
    put_header(o, TXT(o, "chart.comparison.title", pct(o, c->share_of_year, 0)),
               TXT(o, "chart.comparison.subtitle", measure_label(o), y1, y2, kind, lvl, date), &n_title, &n_sub);

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
    /* a narrow picture gives its captions more lines */
    size_t more = o->cw < 360 ? 2 : 0;
    size_t n_bc = put_lines(o, "base_cap", TXT(o, "chart.comparison.base", y1, y2), PT_BODY, 1, CMP_BASE_CAPTION_PT(o),
                            2 + more);
    size_t n_bk = put_lines(o, "base_kind", TXT(o, "chart.comparison.base.kind", kind_word(o)), PT_NOTE, 0,
                            CMP_BASE_CAPTION_PT(o), 2 + more);
    const char *label = *xd_event_label(&c->event, o->lang) ? xd_event_label(&c->event, o->lang)
                                                            : xd_text(o->lang, "label.event.given");
    size_t n_ec = put_lines(o, "event_cap", *date ? date : label, PT_BODY, 1, CMP_EVENT_CAPTION_PT(o), 2 + more);
    size_t n_el = put_lines(o, "event_label", *date ? label : "", PT_NOTE, 0, CMP_EVENT_CAPTION_PT(o), 3 + more);
    size_t n_ek = put_lines(o, "event_kind", c->event.transfer ? xd_transfer_mechanism(c->event.transfer, o->lang) : "",
                            PT_NOTE, 0, CMP_EVENT_CAPTION_PT(o), 2 + more);

    size_t n_sh = put_lines(o, "share", TXT(o, "chart.comparison.share", pct(o, c->share_of_year, 0)), PT_SHARE, 1,
                            CMP_SHARE_PT(o), 2 + more);
    size_t n_dy = put_lines(o, "days",
              TXT(o, "chart.comparison.days", count_text(o, c->days_equivalent), count_text(o, c->days_range.lo),
                  count_text(o, c->days_range.hi), lvl),
              PT_BODY, 0, CMP_NOTE_PT(o), 4 + 2 * more);

    srcs s = {0};
    add_baseline_sources(o, &s);
    if (c->event.transfer)
        src_add_list(&s, o->a->ds, c->event.transfer->source);
    size_t n_src = put_sources(o, &s);
    free(s.v);

    /* what the handover amounts to, beside its bar: from the top of the bar (or half
     * way up) down, and never into the captions under the axis (comparison.gp) */
    double caps = fmax(1.1 + 1.05 * ((double)n_bc - 1) + 0.95 * (double)n_bk,
                       0.05 + 1.05 * (double)n_ec + 0.95 * (double)(n_el + n_ek));
    double plot_h = o->ch - CHAR_H_PT * (frame_chars(n_title, n_sub, n_src) + 0.9 + caps + 1.0);
    double block = CHAR_H_PT * (0.75 + 1.55 * ((double)n_sh - 1) + 0.7 + 1.1 * (double)n_dy + 0.6);
    double ymax_c = nice_max(top * 1.15, NULL);
    double ann = fmax((double)c->event.count, 0.5 * ymax_c);
    if (plot_h > 0 && ann * plot_h / ymax_c < block)
        ann = fmin(block / plot_h * ymax_c, ymax_c * 0.98);
    put_num(o, "ann", ann);

    {
        const char *heads[3] = {xd_text(o->lang, "chart.table.bar"), xd_text(o->lang, "chart.people"),
                                TXT(o, "chart.table.interval", lvl)};
        const int right[3] = {0, 1, 1};
        table_cols(o, 3, heads, right);
        const char *r1[3] = {TXT(o, "chart.table.base", TXT(o, "chart.comparison.base", y1, y2), kind_word(o)),
                             mean_text(o, b->mean), TXT(o, "chart.table.range", num(o, b->ci.lo, 1), num(o, b->ci.hi, 1))};
        table_add(o, r1);
        const char *r2[3] = {*date ? date : label, count_text(o, (double)c->event.count), ""};
        table_add(o, r2);
    }

}

/* ---- placing labels ------------------------------------------------------------------ */

/* A label to place in a plot: a box of text beside, above or near what it labels. */
typedef struct lbl {
    double w_pt, h_pt;         /* the box, text and padding, in points */
    double ax0, ax1, ay0, ay1; /* what it labels, in data units */
    int side;                  /* may sit beside it (a bar) */
    int mean;                  /* the mean's label: above its line, within the band first */
    box b;                     /* where it went, in data units */
    int leader;                /* a line joins it to what it labels */
    double lead_x0, lead_y0, lead_x1, lead_y1;
} lbl;

typedef struct placement {
    lbl *labs;
    size_t n;
    const box *obs; /* bars, stacks and markers */
    size_t n_obs;
    double xmin, xmax_limit; /* boxes stay within these: the plot may grow to the right */
    double xmax_now;         /* the plot's right end as it is: boxes above bars stay inside */
    double plot_w, plot_h;   /* points */
    double ux, uy;           /* points per data unit */
    double char_h;           /* a line of body text, in points */
    double band_x0, band_x1, mean; /* the mean line */
} placement;

#define LABEL_PAD_PT 3.0 /* between a label's text and its box */
#define LABEL_GAP_PT 3.0 /* between a box and anything else */

static int free_at(const placement *pl, size_t i, const box *c)
{
    if (c->x0 < pl->xmin || c->x1 > pl->xmax_limit || c->y0 < LABEL_GAP_PT / pl->uy)
        return 0;
    double gx = LABEL_GAP_PT / pl->ux, gy = LABEL_GAP_PT / pl->uy;
    box g = {c->x0 - gx, c->x1 + gx, c->y0 - gy, c->y1 + gy};
    for (size_t k = 0; k < pl->n_obs; k++)
        if (overlaps(&g, &pl->obs[k]))
            return 0;
    box line = {pl->band_x0, pl->band_x1, pl->mean - 1 / pl->uy, pl->mean + 1 / pl->uy};
    if (overlaps(&g, &line))
        return 0;
    for (size_t k = 0; k < i; k++) {
        const lbl *o = &pl->labs[k];
        if (overlaps(&g, &o->b))
            return 0;
        if (o->leader) {
            box lb = {fmin(o->lead_x0, o->lead_x1) - 1 / pl->ux, fmax(o->lead_x0, o->lead_x1) + 1 / pl->ux,
                      fmin(o->lead_y0, o->lead_y1), fmax(o->lead_y0, o->lead_y1)};
            if (overlaps(c, &lb))
                return 0;
        }
    }
    return 1;
}

/* 1 when a line from (x0, y0) down to (x1, y1) meets no label placed before label i. */
static int leader_clear(const placement *pl, size_t i, double x0, double y0, double x1, double y1)
{
    for (size_t k = 0; k < i; k++) {
        const box *b = &pl->labs[k].b;
        /* the segment against the box, sampled finely enough for lines of text */
        for (int s = 0; s <= 64; s++) {
            double t = s / 64.0, x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t;
            if (x > b->x0 && x < b->x1 && y > b->y0 && y < b->y1)
                return 0;
        }
    }
    return 1;
}

/* Places label i: the first free spot among, in order, beside its bar (right, then
 * left, the box level with the bar), just above it, and higher up with a line down
 * to it. The mean's label goes above its line, within the band if it can. */
static void place_label(placement *pl, size_t i)
{
    lbl *L = &pl->labs[i];
    double w = L->w_pt / pl->ux, h = L->h_pt / pl->uy;
    double gx = (LABEL_GAP_PT + 1) / pl->ux, gy = (LABEL_GAP_PT + 1) / pl->uy;
    double line = pl->char_h / pl->uy;
    double xc = (L->ax0 + L->ax1) / 2;
    L->leader = 0;
    if (L->side) {
        double y_start = fmax(gy, (L->ay0 + L->ay1) / 2 - h / 2);
        for (int side = 0; side < 2; side++) {
            double x0 = side == 0 ? L->ax1 + gx : L->ax0 - gx - w;
            /* in quarter heights up the bar's side */
            for (int k = 0; y_start + k * (h / 4) < L->ay1 && k < 4096; k++) {
                double y0 = y_start + k * (h / 4);
                box c = {x0, x0 + w, y0, y0 + h};
                if (free_at(pl, i, &c)) {
                    L->b = c;
                    return;
                }
            }
        }
    }
    /* above, row by row; in a row, from the preferred place outwards */
    double xs[48];
    size_t nx = 0;
    if (L->mean) {
        /* along the band from its left end, then out to the left */
        for (int k = 0; nx < 24 && L->ax0 + 2 / pl->ux + k * (w / 8) + w <= L->ax1 + 1e-9; k++)
            xs[nx++] = L->ax0 + 2 / pl->ux + k * (w / 8);
        if (nx == 0)
            xs[nx++] = L->ax0 + 2 / pl->ux;
        for (int s = 1; s <= 16; s++)
            xs[nx++] = L->ax0 - (double)s * w / 16;
    } else {
        xs[nx++] = xc - w / 2;
        for (int s = 1; s <= 8; s++) {
            xs[nx++] = xc - w / 2 + (double)s * w / 16;
            xs[nx++] = xc - w / 2 - (double)s * w / 16;
        }
    }
    for (int k = 0; k < 400; k++) {
        double y0 = L->ay1 + gy + (double)k * line / 4;
        for (size_t s = 0; s < nx; s++) {
            double x0 = xs[s];
            if (x0 + w > pl->xmax_now)
                x0 = pl->xmax_now - w;
            if (x0 < pl->xmin)
                x0 = pl->xmin;
            box c = {x0, x0 + w, y0, y0 + h};
            if (!free_at(pl, i, &c))
                continue;
            /* away from what it labels: a line down to it, which crosses no other label */
            int lead = y0 - L->ay1 > 1.6 * line || (!L->mean && (c.x1 < L->ax0 || c.x0 > L->ax1));
            double lx = fmin(fmax(L->mean ? c.x0 + 6 / pl->ux : xc, c.x0 + 2 / pl->ux), c.x1 - 2 / pl->ux);
            double lx1 = L->mean ? lx : xc, ly1 = L->ay1 + 1 / pl->uy;
            if (lead && !leader_clear(pl, i, lx, c.y0, lx1, ly1))
                continue;
            L->b = c;
            L->leader = lead;
            if (lead) {
                L->lead_x0 = lx;
                L->lead_y0 = c.y0;
                L->lead_x1 = lx1;
                L->lead_y1 = ly1;
            }
            return;
        }
    }
    /* nowhere free (cannot happen: there is always room higher up) */
    L->b = (box){xc - w / 2, xc + w / 2, L->ay1 + gy, L->ay1 + gy + h};
}

static void place_labels(placement *pl)
{
    for (size_t i = 0; i < pl->n; i++)
        place_label(pl, i);
}

/* How many columns the key takes: two when every entry fits in half the plot. */
static int key_cols(const out *o, const char *const *texts, size_t n)
{
    double half = (o->cw - 10 * CHAR_W_PT) / 2;
    for (size_t i = 0; i < n; i++)
        if (texts[i] && *texts[i] && text_width(texts[i], PT_NOTE, 0) + 2.8 * CHAR_W_PT > half)
            return 1;
    return 2;
}

/* Writes the key's texts (names[i] and names[i]_2, a second line where one column
 * cannot hold a text on one); returns its rows. */
static size_t put_key(out *o, const char *const *names, const char *const *texts, size_t n, int cols)
{
    double width = o->cw - 10 * CHAR_W_PT - 2.8 * CHAR_W_PT;
    size_t rows_items = 0;
    for (size_t i = 0; i < n; i++) {
        char name2[64];
        snprintf(name2, sizeof name2, "%s_2", names[i]);
        const char *t = texts[i] ? texts[i] : "";
        xd_strlist l = {0};
        if (*t && cols == 1)
            wrap(t, PT_NOTE, 0, width, 2, &l);
        put_str(o, names[i], l.n ? l.v[0] : t);
        put_str(o, name2, l.n > 1 ? l.v[1] : "");
        rows_items += (size_t)(*t != 0) + (l.n > 1);
        xd_strlist_free(&l);
    }
    return (rows_items + (size_t)cols - 1) / (size_t)cols;
}

/* Years between ticks on an axis of span years: as far apart as their numbers need. */
static int year_step(const out *o, double span)
{
    double per_year = (o->cw - 10 * CHAR_W_PT) / (span > 0 ? span : 1);
    double tick_w = text_width("2000", PT_BODY, 0) + 3 * CHAR_W_PT;
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (per_year * steps[i] >= tick_w)
            return steps[i];
    return 100;
}

/* A box for the tests (xd_chart_boxes_get), from data units to points. */
static void add_box(out *o, xd_box_kind kind, int owner, double x0, double y0, double x1, double y1, double xmin,
                    double ux, double uy)
{
    xd_chart_boxes *b = o->boxes;
    if (!b || o->rc)
        return;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        xd_chart_box *v = realloc(b->v, cap * sizeof *v);
        if (!v) {
            o->rc = xd_error(o->d, XD_ENOMEM, "out of memory");
            return;
        }
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = (xd_chart_box){kind, owner, (x0 - xmin) * ux, y0 * uy, (x1 - xmin) * ux, y1 * uy};
}

/* ---- annual ---------------------------------------------------------------------------- */

/* Layout of plots/annual.gp, in character units: the key's rows above the plot, the
 * x axis below it, and the side margins; bars are 0.74 of a year wide. */
#define ANNUAL_BOTTOM_CHARS 3.1
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
        else if (c->year_n_transfers <= 10) /* a title starts with a word: "Two transfers..." */
            title = TXT(o, "chart.annual.title.few", number_word(o, (long)c->year_n_transfers), year_text(o, c->year),
                        people, share);
        else
            title = TXT(o, "chart.annual.title.many", year_text(o, c->year),
                        count_text(o, (double)c->year_n_transfers), people, share);
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
    const char *key_todate = n_to_date ? TXT(o, "chart.annual.key.to_date",
                                             xd_text(o->lang, by_month ? "chart.unit.month" : "chart.unit.year"),
                                             td_list)
                                       : "";
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

    /* the same figures as a table: each bar, its transfers and the other sources' figures */
    if (o->table) {
        const char *heads[4] = {xd_text(o->lang, by_month ? "chart.table.month" : "chart.table.year"),
                                xd_text(o->lang, "chart.annual.key.treaty"), xd_text(o->lang, "chart.table.transfers"),
                                xd_text(o->lang, "chart.table.alt")};
        const int right[4] = {0, 1, 0, 0};
        table_cols(o, 4, heads, right);
        for (size_t i = 0; i < ny; i++) {
            const annual_year *y = &ys[i];
            const char *when = by_month ? TXT(o, "chart.month_year", month_abbr(o, y->month), year_text(o, y->year))
                                        : year_text(o, y->year);
            const char *trs = "", *alts = "";
            for (size_t t = 0; t < ds->n_transfers; t++)
                if (transfer_in(&ds->transfers[t], y)) {
                    const xd_transfer *tr = &ds->transfers[t];
                    const char *one = TXT(o, "chart.transfer", short_date_year(o, tr->year, tr->month, tr->day),
                                          count_text(o, (double)tr->count));
                    trs = *trs ? TXT(o, "chart.table.and", trs, one) : one;
                }
            for (size_t k = 0; y->yr && k < y->yr->n_rows; k++) {
                long v = y->yr->rows[k]->count;
                int seen = v == y->yr->count;
                for (size_t j = 0; j < k && !seen; j++)
                    seen = y->yr->rows[j]->count == v;
                if (!seen)
                    alts = *alts ? TXT(o, "chart.table.and", alts, count_text(o, (double)v)) : count_text(o, (double)v);
            }
            const char *row[4] = {when, y->yr ? count_text(o, (double)y->base) : xd_text(o->lang, "chart.table.nodata"),
                                  trs, alts};
            table_add(o, row);
        }
    }

    /* ---- labels inside the plot ----------------------------------------------------------
     * The baseline's mean above its line, and each year's transfers (one line each, the
     * earliest lowest) beside or above their stack; placed on this canvas so that none
     * covers a bar, the mean line or another label (see place_label). */
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
    const char *keys[5] = {xd_text(o->lang, "chart.annual.key.treaty"),
                           n_tr ? xd_text(o->lang, all_outside(o->a->ds) ? "chart.annual.key.transfer"
                                                                          : "chart.annual.key.handover")
                                : "",
                           n_gaps ? xd_text(o->lang, "chart.no_data") : "",
                           n_alt ? TXT(o, "chart.annual.key.alt", alt_list) : "", key_todate};
    static const char *const key_names[5] = {"key_treaty", "key_transfer", "key_nodata", "key_alt", "key_todate"};
    int kcols = key_cols(o, keys, 5);
    size_t krows = put_key(o, key_names, keys, 5, kcols);
    double plot_w = o->cw - ANNUAL_SIDE_CHARS * CHAR_W_PT;
    double plot_h = o->ch - CHAR_H_PT * (frame_chars(n_title, n_sub, n_src) + ANNUAL_BOTTOM_CHARS + 0.9 +
                                         1.05 * (double)krows);
    if (plot_h < 60)
        plot_h = 60;
    /* labels: the mean's three lines, then one block per year with transfers */
    const char *mean_lines[3] = {mean_1, mean_2, mean_3};
    double mw = 0;
    for (int i = 0; i < 3; i++)
        mw = fmax(mw, text_width(mean_lines[i], i == 1 ? PT_BODY : PT_NOTE, i == 1));
    /* placed in this order: the transfers from the latest back (the last bar's label
     * takes the room at the right first), then the mean's */
    size_t n_blk = 0;
    for (size_t i = 0; i < ny; i++)
        n_blk += ys[i].n_tr > 0;
    size_t n_lab = n_blk + 1, mean_i = n_blk, blk = 0;
    lbl *labs = calloc(ny + 1, sizeof *labs);
    const char **tr_text = calloc(n_tr + 1, sizeof *tr_text);
    size_t *tr_lab = calloc(n_tr + 1, sizeof *tr_lab), *tr_line = calloc(n_tr + 1, sizeof *tr_line);
    if (!labs || !tr_text || !tr_lab || !tr_line) {
        o->rc = xd_error(o->d, XD_ENOMEM, "out of memory");
        free(labs);
        free(tr_text);
        free(tr_lab);
        free(tr_line);
        free(ys);
        return;
    }
    labs[mean_i] = (lbl){.w_pt = mw + LABEL_PAD_PT * 2, .h_pt = 3.1 * CHAR_H_PT, .ax0 = band_x0, .ax1 = band_x1,
                         .ay0 = mean_v, .ay1 = mean_v, .mean = 1};
    /* narrow pictures leave out the year, which the axis gives */
    int short_labels = o->cw < 360;
    size_t k_tr = 0;
    for (size_t i = 0; i < ny; i++) {
        const annual_year *y = &ys[i];
        if (!y->n_tr)
            continue;
        size_t li = n_blk - 1 - blk++;
        lbl *L = &labs[li];
        double w = 0;
        size_t line = 0;
        for (size_t t = 0; t < ds->n_transfers; t++)
            if (transfer_in(&ds->transfers[t], y)) {
                const xd_transfer *tr = &ds->transfers[t];
                const char *when = short_labels ? short_date(o, tr->month, tr->day)
                                                : short_date_year(o, tr->year, tr->month, tr->day);
                tr_text[k_tr] = TXT(o, "chart.transfer", when, count_text(o, (double)tr->count));
                tr_lab[k_tr] = li;
                tr_line[k_tr] = line++;
                w = fmax(w, text_width(tr_text[k_tr], PT_NOTE, 0));
                k_tr++;
            }
        *L = (lbl){.w_pt = w + LABEL_PAD_PT * 2, .h_pt = (double)line * CHAR_H_PT + 2,
                   .ax0 = y->x - half, .ax1 = y->x + half, .ay0 = 0, .ay1 = (double)y->stack, .side = 1};
    }
    /* obstacles: every bar and stack, the other sources' markers, the mean line */
    box *obs = calloc(2 * ny + 2, sizeof *obs);
    size_t n_obs = 0;
    for (size_t i = 0; obs && i < ny; i++) {
        if (ys[i].stack > 0)
            obs[n_obs++] = (box){ys[i].x - half, ys[i].x + half, 0, (double)ys[i].stack};
    }
    double step = 1, ymax = nice_max(top * 1.04, &step), xmax_ext = xmax;
    placement pl = {.labs = labs, .n = n_lab, .obs = obs, .n_obs = n_obs, .xmin = xmin,
                    /* room at the right for labels: up to 30 % of the plot */
                    .xmax_limit = xmax + 0.43 * (xmax - xmin), .plot_w = plot_w, .plot_h = plot_h,
                    .band_x0 = band_x0, .band_x1 = band_x1, .mean = mean_v, .char_h = CHAR_H_PT};
    for (int pass = 0; pass < 8 && obs; pass++) {
        pl.ux = plot_w / (xmax_ext - xmin);
        pl.xmax_now = xmax_ext;
        pl.uy = plot_h / ymax;
        /* the other sources' markers, about a line across */
        size_t base_obs = n_obs;
        for (size_t i = 0; i < ny && n_alt; i++)
            for (size_t k = 0; ys[i].yr && k < ys[i].yr->n_rows; k++) {
                long v = ys[i].yr->rows[k]->count;
                if (v == ys[i].yr->count || n_obs >= 2 * ny + 1)
                    continue;
                double r = 5 / pl.ux, ry = 5 / pl.uy;
                obs[n_obs++] = (box){ys[i].x - r, ys[i].x + r, (double)v - ry, (double)v + ry};
            }
        pl.n_obs = n_obs;
        place_labels(&pl);
        n_obs = base_obs;
        double need_y = top * 1.04, need_x = xmax;
        for (size_t i = 0; i < n_lab; i++) {
            need_y = fmax(need_y, labs[i].b.y1 + 4 / pl.uy);
            need_x = fmax(need_x, labs[i].b.x1 + 4 / pl.ux);
        }
        double next_ymax = need_y <= ymax ? ymax : nice_max(need_y, &step);
        double next_xmax = need_x;
        if (fabs(next_ymax - ymax) < 1e-9 && fabs(next_xmax - xmax_ext) < 1e-6)
            break;
        ymax = next_ymax;
        xmax_ext = next_xmax;
        if (pass == 7) /* one last layout at the final scale */
            place_labels(&pl);
    }
    nice_max(ymax, &step);
    /* white boxes behind the labels, leader lines to the labels placed away from their bar */
    size_t n_wb = 0, n_lead = 0;
    for (size_t i = 0; i < n_lab; i++) {
        put_num_i(o, "wb_x0", ++n_wb, labs[i].b.x0);
        put_num_i(o, "wb_x1", n_wb, labs[i].b.x1);
        put_num_i(o, "wb_y0", n_wb, labs[i].b.y0);
        put_num_i(o, "wb_y1", n_wb, labs[i].b.y1);
        if (labs[i].leader) {
            put_num_i(o, "lead_x0", ++n_lead, labs[i].lead_x0);
            put_num_i(o, "lead_y0", n_lead, labs[i].lead_y0);
            put_num_i(o, "lead_x1", n_lead, labs[i].lead_x1);
            put_num_i(o, "lead_y1", n_lead, labs[i].lead_y1);
        }
    }
    put_num(o, "n_wb", (double)n_wb);
    put_num(o, "n_lead", (double)n_lead);
    double pad_x = LABEL_PAD_PT / (plot_w / (xmax_ext - xmin));
    for (size_t k = 0; k < n_tr; k++) {
        const lbl *L = &labs[tr_lab[k]];
        put_str_i(o, "tr_label", k + 1, tr_text[k]);
        /* the line's left end, and the block's bottom (in people) with the line within it */
        put_num_i(o, "tr_x", k + 1, L->b.x0 + pad_x);
        put_num_i(o, "tr_y", k + 1, L->b.y0);
        put_num_i(o, "tr_j", k + 1, (double)tr_line[k]);
    }
    /* for tests: every box on the canvas, in points from the plot's lower left corner;
     * a label, its leader and the stack it labels share an owner */
    if (o->boxes) {
        double ux = plot_w / (xmax_ext - xmin), uy = plot_h / ymax;
        for (size_t i = 0; i < ny; i++) {
            if (ys[i].base > 0)
                add_box(o, XD_BOX_BAR, -1, ys[i].x - half, 0, ys[i].x + half, (double)ys[i].base, xmin, ux, uy);
            int owner = -1;
            for (size_t k = 0; k < n_lab; k++)
                if (!labs[k].mean && labs[k].ax0 == ys[i].x - half)
                    owner = (int)k;
            if (ys[i].stack > ys[i].base)
                add_box(o, XD_BOX_TRANSFER, owner, ys[i].x - half, (double)ys[i].base, ys[i].x + half,
                        (double)ys[i].stack, xmin, ux, uy);
        }
        add_box(o, XD_BOX_MEAN_LINE, -1, band_x0, mean_v, band_x1, mean_v, xmin, ux, uy);
        add_box(o, XD_BOX_PLOT, -1, xmin, 0, xmax_ext, ymax, xmin, ux, uy);
        for (size_t i = 0; i < n_lab; i++) {
            add_box(o, labs[i].mean ? XD_BOX_MEAN_LABEL : XD_BOX_LABEL, (int)i, labs[i].b.x0, labs[i].b.y0,
                    labs[i].b.x1, labs[i].b.y1, xmin, ux, uy);
            if (labs[i].leader)
                add_box(o, XD_BOX_LEADER, (int)i, labs[i].lead_x0, labs[i].lead_y0, labs[i].lead_x1, labs[i].lead_y1,
                        xmin, ux, uy);
        }
    }
    double mean_x = labs[mean_i].b.x0 + pad_x, mean_y = labs[mean_i].b.y0;
    free(obs);
    free(labs);
    free(tr_text);
    free(tr_lab);
    free(tr_line);

    /* year ticks no closer than a label's width; none past the last year */
    int xstep = year_step(o, (xmax_ext - xmin) / (by_month ? 1 : 1));
    free(ys);

    put_num(o, "by_month", by_month);
    put_num(o, "x_from", by_month ? from / 12 : from);
    put_num(o, "x_to", by_month ? to / 12 : to);
    put_num(o, "x_lo", xmin);
    put_num(o, "x_hi", xmax_ext);
    put_num(o, "x_step", xstep);
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
    put_num(o, "key_cols", kcols);
}

/* ---- pace ------------------------------------------------------------------------------ */

/* Layout of plots/pace.gp: the key's two rows above the plot, the axis below. */
#define PACE_BOTTOM_CHARS 3.1
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
                            num(o, so_far / expected, 1), num(o, expected, 0),
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
    put_num(o, "band_top", band_hi ? band_hi[ndays] : b->mean);
    const char *pace_keys[4] = {
        xd_text(o->lang, tp.monthly ? "chart.pace.key.monthly" : with_treaty ? "chart.pace.key.total" : "chart.pace.key.transfers"),
        TXT(o, "chart.pace.key.pace", y1, y2, mean), TXT(o, "chart.pace.key.band", level_text(o)),
        tp.monthly ? xd_text(o->lang, "chart.pace.key.month_end") : ""};
    static const char *const pace_names[4] = {"key_cum", "key_pace", "key_band", "key_month"};
    int kcols = key_cols(o, pace_keys, 4);
    size_t krows = put_key(o, pace_names, pace_keys, 4, kcols);
    put_num(o, "key_cols", kcols);
    /* month names: every one where they fit, else every other or every third */
    double month_w = 0;
    for (int m = 1; m <= 12; m++)
        month_w = fmax(month_w, text_width(month_abbr(o, m), PT_BODY, 0) + CHAR_W_PT);
    double month_pt = (o->cw - PACE_SIDE_CHARS * CHAR_W_PT) / 12;
    put_num(o, "month_every", month_w <= month_pt ? 1 : month_w <= 2 * month_pt ? 2 : 3);
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
    const char **st = calloc(n_steps + 1, sizeof *st), **sdate = calloc(n_steps + 1, sizeof *sdate);
    int *sev = calloc(n_steps + 1, sizeof *sev);
    double *sc = calloc(n_steps + 1, sizeof *sc);
    FILE *fc = data_open(o, "cumulative.tsv"), *fs = data_open(o, "steps.tsv"), *fm = data_open(o, "months.tsv");
    double cum = 0;
    size_t k = 0;
    int m_next = 1; /* the next month-end point to write */
    /* without files (the texts only) the steps are still worked out */
    if (sx && sy && st && sdate && sev && sc && (!o->dir || (fc && fs && fm))) {
        if (fc) fputs("# day\tpeople so far\n0\t0\n", fc);
        if (fs) fputs("# day\tpeople after the transfer\tis the event\n", fs);
        if (fm) fputs("# day\tpeople so far at the end of a month with a monthly figure\n", fm);
        for (size_t i = 0; i <= ds->n_transfers; i++) {
            const xd_transfer *t = i < ds->n_transfers ? &ds->transfers[i] : NULL;
            if (t && t->year != year)
                continue;
            double x = t ? (double)(xd_days_from_civil(t->year, t->month, t->day) - jan1) + 0.5 : ndays + 1.0;
            /* the month ends before this transfer (all that are left, after the last) */
            for (; tp.monthly && m_next <= tp.n_months && tp.end_x[m_next] < x; m_next++) {
                if (fc) fprintf(fc, "%.17g\t%.17g\n", tp.end_x[m_next], tp.cum[m_next] + cum);
                if (fm) fprintf(fm, "%.17g\t%.17g\n", tp.end_x[m_next], tp.cum[m_next] + cum);
            }
            if (!t)
                break;
            double before = cum + treaty_at(&tp, x);
            cum += (double)t->count;
            if (fc) fprintf(fc, "%.17g\t%.17g\n%.17g\t%.17g\n", x, before, x, before + (double)t->count);
            if (fs) fprintf(fs, "%.17g\t%.17g\t%d\n", x, before + (double)t->count, t == c->event.transfer);
            const char *when = short_date(o, t->month, t->day);
            sx[k] = x;
            sy[k] = before + (double)t->count;
            sc[k] = (double)t->count;
            sev[k] = t == c->event.transfer;
            sdate[k] = date_text(o, t->year, t->month, t->day);
            st[k] = k == 0 && !with_treaty ? TXT(o, "chart.transfer", when, count_text(o, (double)t->count))
                                           : TXT(o, "chart.pace.step.next", when, count_text(o, (double)t->count),
                                                 count_text(o, sy[k]));
            k++;
        }
        /* evenly spread figures reach the year's end; monthly ones stop at their last month */
        if (!tp.monthly)
            if (fc) fprintf(fc, "%d\t%.17g\n", ndays, cum + treaty);
        if (!k)
            if (fs) fputs("-1000\t0\t0\n", fs);
        if (!tp.monthly)
            if (fm) fputs("-1000\t0\n", fm);
    }
    data_close(o, fc, "cumulative.tsv");
    data_close(o, fs, "steps.tsv");
    data_close(o, fm, "months.tsv");

    /* the same as a table: each step, and where the year ends */
    if (o->table && sx && sy && sc && sdate) {
        const char *heads[5] = {xd_text(o->lang, "chart.table.date"), xd_text(o->lang, "chart.table.transfer"),
                                xd_text(o->lang, "chart.table.so_far"), TXT(o, "chart.table.pace", y1, y2),
                                TXT(o, "chart.table.usual", level_text(o))};
        const int right[5] = {0, 1, 1, 1, 1};
        table_cols(o, 5, heads, right);
        for (size_t i = 0; i <= k; i++) {
            double x = i < k ? sx[i] : ndays;
            int t = x < 0 ? 0 : x > ndays ? ndays : (int)x;
            const char *row[5] = {
                i < k ? sdate[i] : date_text(o, year, 12, 31),
                i < k ? count_text(o, sc[i]) : "", i < k ? count_text(o, sy[i]) : count_text(o, cum + treaty),
                num(o, b->mean * x / ndays, 1),
                band_lo && band_hi ? TXT(o, "chart.table.range", count_text(o, band_lo[t]), count_text(o, band_hi[t])) : ""};
            table_add(o, row);
        }
    }

    /* step labels beside each rise, clear of the pace band, the line and each other */
    double plot_w = o->cw - PACE_SIDE_CHARS * CHAR_W_PT;
    double plot_h = o->ch - CHAR_H_PT * (frame_chars(n_title, n_sub, n_src) + PACE_BOTTOM_CHARS + 0.9 +
                                         1.05 * (double)krows);
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
    free(sdate);
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
    /* the years without a figure, and the sources of those with one (texts only too) */
    for (int y = from; y <= to; y++) {
        const xd_year *yr = xd_series_year(&a->series, y);
        if (!yr || !yr->has_value) {
            n_gaps++;
            continue;
        }
        for (size_t k = 0; k < yr->n_rows; k++)
            if (yr->rows[k]->count == yr->count)
                src_add_list(&s, a->ds, yr->rows[k]->source);
    }
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
            if (!yr || !yr->has_value)
                fprintf(fg, "%d\n", y);
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

    /* the same as a table: each year's figure and the model there */
    if (o->table) {
        const char *heads[4] = {xd_text(o->lang, "chart.table.year"), xd_text(o->lang, "chart.trend.key.points"),
                                xd_text(o->lang, "chart.table.fitted"),
                                TXT(o, "chart.trend.key.band", level_text(o))};
        const int right[4] = {0, 1, 1, 1};
        table_cols(o, 4, heads, right);
        for (int y = from; y <= to; y++) {
            const xd_year *yr = xd_series_year(&a->series, y);
            double mu = 0, lo = 0, hi = 0;
            int fitted = has_fit && y >= fit_from && y <= fit_to && xd_trend_predict(t, y, &mu, &lo, &hi);
            const char *row[4] = {year_text(o, y),
                                  yr && yr->has_value ? count_text(o, (double)yr->count)
                                                      : xd_text(o->lang, "chart.table.nodata"),
                                  fitted ? num(o, mu, 1) : "",
                                  fitted ? TXT(o, "chart.table.range", num(o, lo, 1), num(o, hi, 1)) : ""};
            table_add(o, row);
        }
    }
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
    o->figures = change;
    put_lines(o, "change", o->no_frame ? "" : change, PT_BODY, 1, line_pt(o), 2);
    put_lines(o, "mk", "", PT_BODY, 0, line_pt(o), 2);
    put_str(o, "xlabel", xd_text(o->lang, "chart.year"));
    put_str(o, "ylabel", xd_text(o->lang, "chart.people_per_year"));
    const char *trend_keys[4] = {
        xd_text(o->lang, "chart.trend.key.points"),
        !has_fit ? ""
                 : xd_text(o->lang, m->headline_model == XD_MODEL_JOINPOINT      ? "chart.trend.key.fit.joinpoint"
                                    : m->headline_model == XD_MODEL_QUASI_POISSON ? "chart.trend.key.fit.quasi_poisson"
                                                                                  : "chart.trend.key.fit.poisson"),
        has_fit ? TXT(o, "chart.trend.key.band", lvl) : "", n_gaps ? xd_text(o->lang, "chart.no_data") : ""};
    static const char *const trend_names[4] = {"key_points", "key_fit", "key_band", "key_nodata"};
    int kcols = key_cols(o, trend_keys, 4);
    put_key(o, trend_names, trend_keys, 4, kcols);
    put_num(o, "key_cols", kcols);
    put_num(o, "x_step", year_step(o, to - from + 1.4));
    put_sources(o, &s);
    free(s.v);
}

void xd_chart_texts_free(xd_chart_texts *t)
{
    free(t->title);
    free(t->subtitle);
    free(t->source);
    free(t->figures);
    memset(t, 0, sizeof *t);
}

/* Writes the chart's folder (dir NULL: nothing written, the texts only). */
static int chart_data(xd_chart_kind kind, const xd_analysis *a, const char *dir, const xd_chart_canvas *cv,
                      xd_chart_texts *texts, xd_chart_table *table, xd_chart_boxes *boxes, xd_diags *d)
{
    if (texts)
        memset(texts, 0, sizeof *texts);
    if ((unsigned)kind >= XD_CHART_COUNT)
        return xd_error(d, XD_EUSAGE, "unknown chart kind %d", (int)kind);
    out o = {.a = a, .lang = a->lang, .dir = dir, .d = d, .table = table, .boxes = boxes};
    xd_chart_canvas ref;
    if (!cv) {
        xd_chart_canvas_report(17.0, 10.5, &ref);
        cv = &ref;
    }
    o.cw = cv->w_pt;
    o.ch = cv->h_pt;
    o.char_h = cv->char_h_pt > 0 ? cv->char_h_pt : CHAR_H_CAIRO;
    o.no_frame = cv->no_frame;
    if (dir) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/strings.gp", dir);
        o.strings = fopen(path, "w");
        snprintf(path, sizeof path, "%s/values.gp", dir);
        o.values = fopen(path, "w");
    }
    if (dir && (!o.strings || !o.values)) {
        o.rc = xd_error(d, XD_EOUTPUT, "cannot write chart data in '%s': %s", dir, strerror(errno));
    } else {
        if (dir) {
            fprintf(o.strings, "# Every text of the %s chart, written by extrad (language %s).\n", chart_names[kind],
                    xd_lang_code(a->lang));
            fprintf(o.values, "# Numbers that place the %s chart, written by extrad.\n", chart_names[kind]);
            /* read by style.gp: SVG text at a fixed size, whatever the picture's (0: scaled
             * with the picture); always written, as a driver draws several charts */
            fprintf(o.values, "svg_body_px = %.17g\n", cv->svg_body_px > 0 ? cv->svg_body_px : 0.0);
        }
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
    if (texts && !o.rc) {
        texts->title = one_line(o.title);
        texts->subtitle = one_line(o.subtitle);
        texts->source = one_line(o.source);
        texts->figures = one_line(o.figures);
        if (!texts->title || !texts->subtitle || !texts->source || !texts->figures) {
            xd_chart_texts_free(texts);
            o.rc = xd_error(d, XD_ENOMEM, "out of memory");
        }
    }
    for (size_t i = 0; i < o.n_arena; i++)
        free(o.arena[i]);
    free(o.arena);
    return o.rc;
}

int xd_chart_write_data(xd_chart_kind kind, const xd_analysis *a, const char *dir, xd_diags *d)
{
    return chart_data(kind, a, dir, NULL, NULL, NULL, NULL, d);
}

int xd_chart_write_data_on(xd_chart_kind kind, const xd_analysis *a, const char *dir, const xd_chart_canvas *c,
                           xd_diags *d)
{
    return chart_data(kind, a, dir, c, NULL, NULL, NULL, d);
}

int xd_chart_boxes_get(xd_chart_kind kind, const xd_analysis *a, const xd_chart_canvas *c, xd_chart_boxes *b,
                       xd_diags *d)
{
    memset(b, 0, sizeof *b);
    int rc = chart_data(kind, a, NULL, c, NULL, NULL, b, d);
    if (rc != XD_OK)
        xd_chart_boxes_free(b);
    return rc;
}

void xd_chart_boxes_free(xd_chart_boxes *b)
{
    free(b->v);
    memset(b, 0, sizeof *b);
}

void xd_chart_canvas_report(double w_cm, double h_cm, xd_chart_canvas *c)
{
    memset(c, 0, sizeof *c);
    c->w_pt = w_cm / 2.54 * 72;
    c->h_pt = h_cm / 2.54 * 72;
}

int xd_chart_texts_get(xd_chart_kind kind, const xd_analysis *a, xd_chart_texts *t, xd_chart_table *table,
                       xd_diags *d)
{
    if (table)
        memset(table, 0, sizeof *table);
    int rc = chart_data(kind, a, NULL, NULL, t, table, NULL, d);
    if (rc != XD_OK && table)
        xd_chart_table_free(table);
    return rc;
}

void xd_chart_table_free(xd_chart_table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        free(t->head[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
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

static int output_nonempty(const char *path, const char *target, xd_diags *d)
{
    struct stat st;
    if (stat(path, &st) != 0 || st.st_size == 0)
        return xd_error(d, XD_EOUTPUT, "gnuplot wrote nothing for '%s'", target);
    return XD_OK;
}

int xd_chart_canvas_of(const char *format, const char *size, const xd_chart_canvas *over, xd_chart_canvas *c,
                       xd_diags *d)
{
    char norm[64];
    int rc = parse_size(size, format, norm, sizeof norm, d);
    if (rc != XD_OK)
        return rc;
    double w = strtod(norm, NULL), h = strtod(strchr(norm, 'x') + 1, NULL);
    memset(c, 0, sizeof *c);
    if (over) {
        c->no_frame = over->no_frame;
        c->svg_body_px = over->svg_body_px;
    }
    /* style.gp: text grows with the smaller of the two ratios to the format's reference */
    if (strcmp(format, "pdf") == 0) {
        double s = fmin(w / 17.0, h / 10.5);
        c->w_pt = w / 2.54 * 72 / s;
        c->h_pt = h / 2.54 * 72 / s;
        return XD_OK;
    }
    double s = fmin(w / 1200.0, h / 675.0);
    /* the body text in pixels: svg writes sizes as pixels, pngcairo as points at 96 dpi */
    double body_px = strcmp(format, "svg") == 0 ? (c->svg_body_px > 0 ? c->svg_body_px : FS_BODY * 1.55 * s)
                                                : FS_BODY * 1.47 * s * 4.0 / 3.0;
    if (strcmp(format, "svg") == 0)
        c->char_h_pt = 1.5 * PT_BODY;
    c->w_pt = w * PT_BODY / body_px;
    c->h_pt = h * PT_BODY / body_px;
    return XD_OK;
}

int xd_chart_render(const xd_analysis *a, const xd_chart_kind *kinds, const char *const *outputs, size_t n,
                    const char *size, const char *keep_dir, xd_diags *d)
{
    return xd_chart_render_on(a, kinds, outputs, n, size, NULL, keep_dir, d);
}

int xd_chart_render_on(const xd_analysis *a, const xd_chart_kind *kinds, const char *const *outputs, size_t n,
                       const char *size, const xd_chart_canvas *over, const char *keep_dir, xd_diags *d)
{
    if (n == 0)
        return XD_OK;
    if (n > XD_GNUPLOT_MAX_ARGS)
        return xd_error(d, XD_EUSAGE, "at most %d charts can be drawn at once", XD_GNUPLOT_MAX_ARGS);
    const char *fmts[XD_GNUPLOT_MAX_ARGS];
    xd_chart_canvas canvas[XD_GNUPLOT_MAX_ARGS];
    char sizes[XD_GNUPLOT_MAX_ARGS][64];
    const char *size_ptrs[XD_GNUPLOT_MAX_ARGS];
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)kinds[i] >= XD_CHART_COUNT)
            return xd_error(d, XD_EUSAGE, "unknown chart kind %d", (int)kinds[i]);
        fmts[i] = format_of(outputs[i]);
        if (!fmts[i])
            return xd_error(d, XD_EUSAGE, "'%s': the output's name must end in .pdf, .png or .svg", outputs[i]);
        int rc = parse_size(size, fmts[i], sizes[i], sizeof sizes[i], d);
        if (rc == XD_OK)
            rc = xd_chart_canvas_of(fmts[i], size, over, &canvas[i], d);
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
    xd_chart_texts texts[XD_GNUPLOT_MAX_ARGS];
    memset(texts, 0, sizeof texts);
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
        rc = chart_data(kinds[i], a, sub, &canvas[i], &texts[i], NULL, NULL, d);
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
    /* pictures for a page being written (over->scratch) go straight into the writer's
     * own temporary folder: the page is what is replaced whole, not each picture */
    int scratch = over && over->scratch;
    for (; begun < n; begun++) {
        if (scratch) {
            tmp_paths[begun] = outputs[begun];
            continue;
        }
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
        if (rc == XD_OK && strcmp(fmts[i], "svg") == 0 && !scratch) {
            /* the picture's title is the chart's, its description what it shows */
            char *desc = xd_chart_desc(&texts[i]);
            xd_svg_opts so = {.title = texts[i].title, .desc = desc};
            if (!desc || xd_svg_clean_file(tmp_paths[i], &so) != 0)
                rc = xd_error(d, XD_EOUTPUT, "cannot finish the SVG for '%s'", outputs[i]);
            free(desc);
        }
    }
    for (size_t i = 0; i < begun && !scratch; i++) {
        if (rc == XD_OK)
            rc = xd_outfile_commit(&outs[i], d);
        else
            xd_outfile_abort(&outs[i]);
    }

done:
    for (size_t i = 0; i < n; i++)
        xd_chart_texts_free(&texts[i]);
    if (temp)
        xd_tempdir_remove(work);
    return rc;
}

int xd_chart_render_svgs(const xd_chart_job *jobs, size_t n, const char *dir, int keep, xd_chart_texts *texts,
                         xd_diags *d)
{
    if (n == 0)
        return XD_OK;
    char gnuplot[PATH_MAX], plots_found[PATH_MAX], plots[PATH_MAX], work[PATH_MAX];
    int rc = xd_gnuplot_find(gnuplot, sizeof gnuplot, d);
    if (rc != XD_OK)
        return rc;
    rc = xd_paths_find("EXTRAD_PLOTS", "plots", plots_found, sizeof plots_found, d);
    if (rc != XD_OK)
        return xd_error(d, XD_EOUTPUT, "cannot find the chart scripts (plots/)");
    if (!realpath(plots_found, plots))
        return xd_error(d, XD_EOUTPUT, "cannot find the chart scripts in '%s': %s", plots_found, strerror(errno));
    if (!realpath(dir, work))
        return xd_error(d, XD_EOUTPUT, "cannot use the folder '%s': %s", dir, strerror(errno));
    if ((rc = drawable_path(plots, d)) != XD_OK || (rc = drawable_path(work, d)) != XD_OK)
        return rc;
    if (strlen(work) + 128 >= PATH_MAX)
        return xd_error(d, XD_EOUTPUT, "the folder name '%s' is too long", work);
    char driver[PATH_MAX + 32];
    snprintf(driver, sizeof driver, "%s/render.gp", work);
    FILE *f = fopen(driver, "w");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", driver, strerror(errno));
    fprintf(f, "# Draws %zu SVG picture%s in one gnuplot run, each into this folder as NAME.svg from\n"
               "# the data in NAME/; written by extrad.\n#\n#   gnuplot -d -c render.gp\n\n",
            n, n == 1 ? "" : "s");
    fputs("_p = strlen(ARG0)\nwhile (_p > 0 && ARG0[_p:_p] ne '/') { _p = _p - 1 }\n"
          "here = (_p == 0) ? '.' : (_p == 1) ? '/' : ARG0[1:_p-1]\nundefine _p\n",
          f);
    if (!keep) {
        char *q = xd_gnuplot_quote_alloc(plots);
        if (!q) {
            fclose(f);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
        fprintf(f, "plots = %s\n", q);
        free(q);
    } else {
        fputs("plots = here\n", f);
    }
    int copied[XD_CHART_COUNT] = {0};
    for (size_t i = 0; i < n && rc == XD_OK; i++) {
        const xd_chart_job *j = &jobs[i];
        char sub[PATH_MAX + 160];
        /* names are the caller's own, plain words */
        for (const char *c = j->name; *c; c++)
            if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-", *c))
                rc = xd_error(d, XD_EUSAGE, "a picture's name '%s' is not a plain word", j->name);
        if ((unsigned)j->kind >= XD_CHART_COUNT)
            rc = xd_error(d, XD_EUSAGE, "unknown chart kind %d", (int)j->kind);
        if (rc != XD_OK)
            break;
        xd_chart_canvas cv;
        rc = xd_chart_canvas_of("svg", j->size, &j->over, &cv, d);
        char norm[64] = "";
        if (rc == XD_OK)
            rc = parse_size(j->size, "svg", norm, sizeof norm, d);
        snprintf(sub, sizeof sub, "%s/%s", work, j->name);
        if (rc == XD_OK && mkdir(sub, 0777) != 0 && errno != EEXIST)
            rc = xd_error(d, XD_EOUTPUT, "cannot create the folder '%s': %s", sub, strerror(errno));
        if (rc == XD_OK)
            rc = chart_data(j->kind, j->a, sub, &cv, texts ? &texts[i] : NULL, NULL, NULL, d);
        if (rc == XD_OK && keep && !copied[j->kind]) {
            char from[PATH_MAX + 32], to[PATH_MAX + 32];
            snprintf(from, sizeof from, "%s/%s", plots, chart_scripts[j->kind]);
            snprintf(to, sizeof to, "%s/%s", work, chart_scripts[j->kind]);
            rc = copy_file(from, to, d);
            copied[j->kind] = 1;
        }
        fprintf(f, "call (plots.'/%s') (here.'/%s') (here.'/%s.svg') 'svg' '%s'\n", chart_scripts[j->kind], j->name,
                j->name, norm);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        rc = rc != XD_OK ? rc : xd_error(d, XD_EOUTPUT, "cannot write '%s'", driver);
    if (rc == XD_OK && keep) {
        char from[PATH_MAX + 32], to[PATH_MAX + 32];
        snprintf(from, sizeof from, "%s/style.gp", plots);
        snprintf(to, sizeof to, "%s/style.gp", work);
        rc = copy_file(from, to, d);
        if (rc == XD_OK) {
            char sh[PATH_MAX + 32];
            snprintf(sh, sizeof sh, "%s/render.sh", work);
            rc = write_text_file(sh,
                                 "#!/bin/sh\n"
                                 "# Draws the pictures of this folder again, as extrad did: one gnuplot run of\n"
                                 "# render.gp, each picture NAME.svg from the data in NAME/ (as gnuplot writes it:\n"
                                 "# the page holds it cleaned, with the chart's title). gnuplot is $GNUPLOT if set.\n"
                                 "set -e\n"
                                 "here=$(CDPATH= cd -- \"$(dirname -- \"$0\")\" && pwd)\n"
                                 "LC_ALL=C.UTF-8\n"
                                 "export LC_ALL\n"
                                 "exec \"${GNUPLOT:-gnuplot}\" -d -c \"$here/render.gp\"\n",
                                 0755, d);
        }
    }
    if (rc == XD_OK)
        rc = xd_gnuplot_run(gnuplot, driver, NULL, 0, xd_gnuplot_timeout_from_env(), d);
    for (size_t i = 0; i < n && rc == XD_OK; i++) {
        char pic[PATH_MAX + 160];
        snprintf(pic, sizeof pic, "%s/%s.svg", work, jobs[i].name);
        rc = output_nonempty(pic, pic, d);
    }
    return rc;
}

char *xd_chart_desc(const xd_chart_texts *t)
{
    const char *sub = t->subtitle ? t->subtitle : "", *src = t->source ? t->source : "";
    size_t n = strlen(sub) + strlen(src) + 3;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", sub, *sub && *src ? " " : "", src);
    return s;
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

double xd_chart_out_canvas_w(const out *o) { return o->cw; }

double xd_chart_out_canvas_h(const out *o) { return o->ch; }

double xd_chart_out_char_h(const out *o) { return o->char_h; }

double xd_chart_out_line(const out *o) { return line_pt(o); }
