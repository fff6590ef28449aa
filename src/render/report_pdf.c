/* The report as an A4 PDF: the document tree (report_doc.h) laid out in C (pages,
 * wrapping, tables, chart sizes), written as tab-separated page files and drawn by
 * one gnuplot process (see report.h and plots/report.gp). Sizes here are in
 * centimetres from the top left corner of an A4 page; they become page fractions
 * only when written out. After gnuplot, the PDF gets its document information
 * (title, subject, keywords, creator) and, under SOURCE_DATE_EPOCH, fixed dates. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "gnuplot.h"
#include "html.h"
#include "keepdir.h"
#include "outfile.h"
#include "pdfinfo.h"
#include "report_doc.h"
#include "textwidth.h"

/* ---- fonts ----------------------------------------------------------------------- */

/* The driver sets pdfcairo's fontscale to 0.6, so a font of nominal size N is
 * drawn at 0.6 * 4/3 N = 0.8 N points; report.gp writes the nominal sizes
 * (physical * 1.25) and everything here works in physical points. */
typedef struct r_style {
    double pt;   /* physical size in points */
    xd_face font;
    double lead; /* line height / size */
} r_style;

static const r_style styles[XD_RS_COUNT] = {
    [XD_RS_TITLE] = {20, XD_FACE_BOLD, 1.25},        [XD_RS_SUBTITLE] = {10.5, XD_FACE_REGULAR, 1.35},
    [XD_RS_H1] = {15, XD_FACE_BOLD, 1.3},            [XD_RS_H2] = {11, XD_FACE_BOLD, 1.35},
    [XD_RS_BODY] = {9.5, XD_FACE_REGULAR, 1.42},     [XD_RS_BODY_BOLD] = {9.5, XD_FACE_BOLD, 1.42},
    [XD_RS_SMALL] = {8, XD_FACE_REGULAR, 1.4},       [XD_RS_BIG_EVENT] = {40, XD_FACE_BOLD, 1.0},
    [XD_RS_BIG_BASE] = {40, XD_FACE_BOLD, 1.0},      [XD_RS_CAPTION] = {9.5, XD_FACE_BOLD, 1.35},
    [XD_RS_CAPTION_SMALL] = {8, XD_FACE_REGULAR, 1.35}, [XD_RS_MID] = {15, XD_FACE_BOLD, 1.2},
    [XD_RS_TH] = {8, XD_FACE_BOLD, 1.32},            [XD_RS_TH_RIGHT] = {8, XD_FACE_BOLD, 1.32},
    [XD_RS_TD] = {8, XD_FACE_REGULAR, 1.32},         [XD_RS_TD_RIGHT] = {8, XD_FACE_REGULAR, 1.32},
    [XD_RS_FOOT] = {7, XD_FACE_REGULAR, 1.3},        [XD_RS_FOOT_RIGHT] = {7, XD_FACE_REGULAR, 1.3},
    [XD_RS_MONO] = {7.5, XD_FACE_MONO, 1.4},         [XD_RS_URL] = {8.5, XD_FACE_CONDENSED, 1.4},
    [XD_RS_BODY_COMPACT] = {9, XD_FACE_REGULAR, 1.36},  [XD_RS_TITLE_SMALL] = {16, XD_FACE_BOLD, 1.25},
};

#define PT_CM (2.54 / 72.0)

double xd_report_text_width(xd_report_style style, const char *text)
{
    if (style <= 0 || style >= XD_RS_COUNT || !text)
        return 0;
    const r_style *st = &styles[style];
    return xd_text_em(text, st->font) * st->pt * PT_CM;
}

static double line_height(xd_report_style style) { return styles[style].pt * styles[style].lead * PT_CM; }

/* ---- wrapping -------------------------------------------------------------------- */

static double width_n(xd_report_style style, const char *s, size_t len)
{
    return xd_text_em_n(s, len, styles[style].font) * styles[style].pt * PT_CM;
}

/* Splits one word wider than the line into pieces that fit. */
static void break_word(xd_strlist *l, xd_report_style style, const char *w, size_t len, double width,
                       size_t *rest_start)
{
    size_t start = 0;
    while (start < len) {
        /* the longest prefix that fits, at a code point boundary */
        size_t end = start, last_fit = start;
        while (end < len) {
            const char *p = w + end;
            xd_utf8_next(&p);
            size_t next = (size_t)(p - w);
            if (next > len)
                next = len;
            if (width_n(style, w + start, next - start) > width)
                break;
            last_fit = next;
            end = next;
        }
        if (last_fit == len) {
            *rest_start = start; /* the last piece starts a line the caller continues */
            return;
        }
        if (last_fit == start) { /* not even one character fits: take it anyway */
            const char *p = w + start;
            xd_utf8_next(&p);
            last_fit = (size_t)(p - w);
        }
        /* break after a slash, else after other URL punctuation, and at a hyphen only
         * as a last resort, before it: text extractors join "a-" + "b" into "ab" but
         * keep "a" + "-b" as "a-b" */
        size_t cut = last_fit;
        static const char *const prefer[] = {"/", "?&=", "_.,;", "-"};
        for (size_t k = 0; k < 4 && cut == last_fit; k++)
            for (size_t i = last_fit; i > start + (last_fit - start) / (k == 0 ? 4 : 2); i--)
                if (strchr(prefer[k], w[i - 1])) {
                    cut = k == 3 && i - 1 > start ? i - 1 : i;
                    break;
                }
        xd_strlist_push(l, w + start, cut - start);
        start = cut;
    }
    *rest_start = len;
}

size_t xd_report_wrap(xd_report_style style, const char *text, double width_cm, char ***lines)
{
    xd_strlist l = {0};
    char *cur = NULL;
    size_t cur_len = 0;
    const char *p = text ? text : "";
    for (;;) {
        while (*p == ' ')
            p++;
        if (*p == '\0' || *p == '\n') {
            if (cur_len || *p == '\n')
                xd_strlist_push(&l, cur ? cur : "", cur_len);
            cur_len = 0;
            if (*p == '\0')
                break;
            p++;
            continue;
        }
        const char *w = p;
        while (*p && *p != ' ' && *p != '\n')
            p++;
        size_t wl = (size_t)(p - w);
        /* try the word on the current line */
        char *next = realloc(cur, cur_len + wl + 2);
        if (!next)
            break;
        cur = next;
        size_t before = cur_len;
        if (cur_len)
            cur[cur_len++] = ' ';
        memcpy(cur + cur_len, w, wl);
        cur_len += wl;
        cur[cur_len] = '\0';
        if (xd_report_text_width(style, cur) <= width_cm)
            continue;
        /* it does not fit: close the line before it */
        if (before) {
            xd_strlist_push(&l, cur, before);
            memmove(cur, w, wl);
            cur_len = wl;
            cur[cur_len] = '\0';
            if (xd_report_text_width(style, cur) <= width_cm)
                continue;
        }
        size_t rest;
        break_word(&l, style, cur, cur_len, width_cm, &rest);
        memmove(cur, cur + rest, cur_len - rest);
        cur_len -= rest;
        cur[cur_len] = '\0';
    }
    free(cur);
    *lines = l.v;
    return l.n;
}

void xd_report_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}


/* ---- pages ----------------------------------------------------------------------- */

#define PAGE_W 21.0
#define PAGE_H 29.7
#define MARGIN_L 2.0
#define MARGIN_R 2.0
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define TOP_FIRST 1.8   /* where the first page starts */
#define HEAD_Y 1.15     /* running head of the other pages */
#define TOP 2.05        /* where their content starts */
#define BOTTOM 27.5     /* content ends above this */
#define FOOT_RULE 28.0
#define FOOT_Y 28.4
#define PAD_X 0.15      /* table cell padding */
#define PAD_Y 0.065
#define CHART_GOOD_H 10.5
#define CHART_MAX_H 12.0
#define CHART_GAP 0.3   /* under a chart */
#define BULLET_IN 0.45

/* Colours of boxes (rules and text take theirs from report.gp). */
#define RGB_PANEL 0xF2F5F9u
#define RGB_HEAD 0xE9EDF2u
#define RGB_SHADE 0xFBF3E6u
#define RGB_ZEBRA 0xF7F7F7u

enum { RULE_LIGHT = 1, RULE_DARK = 2, RULE_ACCENT = 3 };

typedef struct r_text {
    double x, y; /* y: middle of the line */
    int style;
    char *text;
} r_text;
typedef struct r_rule {
    double x, y, x2, y2;
    int style;
} r_rule;
typedef struct r_box {
    double x, y, w, h; /* (x, y) top left */
    unsigned rgb;
} r_box;
typedef struct r_chart {
    const xd_rchart *chart;
    double x, y, w, h;
} r_chart;

typedef struct r_page {
    r_text *t;
    size_t nt, ct;
    r_rule *r;
    size_t nr, cr;
    r_box *b;
    size_t nb, cb;
    r_chart c[4];
    size_t nc;
    xd_pdf_link *links; /* the sources' URLs, clickable */
    size_t nl, cl;
} r_page;

typedef struct lay {
    const xd_rdoc *doc;
    xd_lang lang;
    r_page *p;
    size_t n, cap;
    double y;            /* cursor, cm from the top of the current page */
    const char *section; /* heading of the current part, repeated when it continues */
    unsigned char *done; /* blocks already laid out (moved up before a chart) */
    xd_strpool pool;
    int oom;
} lay;



static const char *lfmt(lay *l, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *lfmt(lay *l, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    const char *s = xd_strpool_vfmt(&l->pool, &l->oom, f, ap);
    va_end(ap);
    return s;
}

/* A catalogue text with its one %s filled. */
static const char *fill1(lay *l, const char *key, const char *arg)
{
    const char *t = xd_text(l->lang, key), *p = strstr(t, "%s");
    if (!p)
        return t;
    return lfmt(l, "%.*s%s%s", (int)(p - t), t, arg, p + 2);
}

static r_page *page(lay *l) { return &l->p[l->n - 1]; }

/* Text for a gnuplot data field: no tabs, line breaks or control characters, and
 * no straight double quotes (gnuplot strips a field's enclosing quotes). */
static char *clean_text(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int open = 1;
    for (const char *p = s; *p;) {
        const char *start = p;
        uint32_t cp = xd_utf8_next(&p);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
            out[o++] = ' ';
        } else if (cp == '"') {
            const char *q = open ? "\u201c" : "\u201d";
            memcpy(out + o, q, 3);
            o += 3;
            open = !open;
        } else if (cp == 0xFFFD && (unsigned char)*start != 0xEF) {
            memcpy(out + o, "\uFFFD", 3);
            o += 3;
        } else if (cp >= 0xFDD0 && cp <= 0xFDEF) {
            /* noncharacters (the citation markers among them) draw nothing */
        } else {
            memcpy(out + o, start, (size_t)(p - start));
            o += (size_t)(p - start);
        }
        if (cp == ' ' || cp == '(' || cp == '[')
            open = 1;
        else if (cp != '"')
            open = 0;
    }
    out[o] = '\0';
    return out;
}

static void put_text(lay *l, double x, double y, xd_report_style style, const char *text)
{
    if (!text || !*text)
        return;
    r_page *pg = page(l);
    r_text *t = xd_grow(pg->t, &pg->ct, pg->nt, sizeof *t, &l->oom);
    if (!t)
        return;
    pg->t = t;
    char *c = clean_text(text);
    if (!c) {
        l->oom = 1;
        return;
    }
    pg->t[pg->nt++] = (r_text){x, y, (int)style, c};
}

static void put_rule(lay *l, double x, double y, double x2, double y2, int style)
{
    r_page *pg = page(l);
    r_rule *r = xd_grow(pg->r, &pg->cr, pg->nr, sizeof *r, &l->oom);
    if (!r)
        return;
    pg->r = r;
    pg->r[pg->nr++] = (r_rule){x, y, x2, y2, style};
}

static void put_box(lay *l, double x, double y, double w, double h, unsigned rgb)
{
    r_page *pg = page(l);
    r_box *b = xd_grow(pg->b, &pg->cb, pg->nb, sizeof *b, &l->oom);
    if (!b)
        return;
    pg->b = b;
    pg->b[pg->nb++] = (r_box){x, y, w, h, rgb};
}

/* A clickable area over a line of text (x, y: top left, in cm). */
static void put_link(lay *l, double x, double y, double w, double h, const char *url)
{
    r_page *pg = page(l);
    xd_pdf_link *k = xd_grow(pg->links, &pg->cl, pg->nl, sizeof *k, &l->oom);
    if (!k)
        return;
    pg->links = k;
    /* PDF user space: points from the lower left corner */
    double pt = 72.0 / 2.54;
    pg->links[pg->nl++] = (xd_pdf_link){x * pt, (PAGE_H - y - h) * pt, (x + w) * pt, (PAGE_H - y) * pt, url};
}

/* Lines of a text with its citations glued to the word before them. */
static size_t wrap_plain(xd_report_style style, const char *text, double width, char ***lines)
{
    char *plain = xd_report_plain(text, 1);
    size_t n = xd_report_wrap(style, plain ? plain : "", width, lines);
    free(plain);
    return n;
}

/* ---- flow ------------------------------------------------------------------------ */

static void new_page(lay *l, int continued)
{
    r_page *p = xd_grow(l->p, &l->cap, l->n, sizeof *p, &l->oom);
    if (!p)
        return;
    l->p = p;
    memset(&l->p[l->n++], 0, sizeof l->p[0]);
    if (l->n == 1) {
        l->y = TOP_FIRST;
        return;
    }
    /* running head: the report's title (when there is room for it) and the part */
    const char *title = l->doc->title;
    double sw = l->section ? xd_report_text_width(XD_RS_FOOT_RIGHT, l->section) : 0;
    if (xd_report_text_width(XD_RS_FOOT, title) + sw + 1.0 <= TEXT_W)
        put_text(l, MARGIN_L, HEAD_Y, XD_RS_FOOT, title);
    if (l->section)
        put_text(l, PAGE_W - MARGIN_R, HEAD_Y, XD_RS_FOOT_RIGHT, l->section);
    put_rule(l, MARGIN_L, HEAD_Y + 0.28, PAGE_W - MARGIN_R, HEAD_Y + 0.28, RULE_LIGHT);
    l->y = TOP;
    if (l->section) {
        char **lines;
        double h = line_height(XD_RS_H1);
        size_t n = xd_report_wrap(XD_RS_H1, continued ? fill1(l, "report.continued", l->section) : l->section,
                                  TEXT_W * 0.97, &lines);
        for (size_t i = 0; i < n; i++) {
            put_text(l, MARGIN_L, l->y + h / 2, XD_RS_H1, lines[i]);
            l->y += h;
        }
        xd_report_lines_free(lines, n);
        l->y += 0.35;
    }
}

static int fits(const lay *l, double h) { return l->y + h <= BOTTOM + 1e-9; }

static void need(lay *l, double h)
{
    if (!fits(l, h))
        new_page(l, 1);
}

/* A paragraph in one style, wrapped to width w at x; a bullet hangs to the left of
 * the text. Returns its height; dry: measures only. */
static double para_at(lay *l, xd_report_style style, double x, double w, const char *text, const char *bullet,
                      double after, int dry)
{
    char **lines;
    size_t n = wrap_plain(style, text, w * 0.97, &lines);
    double lh = line_height(style);
    if (dry) {
        xd_report_lines_free(lines, n);
        return (double)n * lh + after;
    }
    /* keep two lines together at the foot of a page, and an item of a list whole */
    need(l, lh * (bullet && n <= 6 ? (double)n : n < 2 ? (double)n : 2.0));
    for (size_t i = 0; i < n; i++) {
        /* no single last line at the top of the next page */
        if (i >= 2 && n - i == 2 && fits(l, lh) && !fits(l, 2 * lh))
            new_page(l, 1);
        need(l, lh);
        if (i == 0 && bullet)
            put_text(l, x - 0.42, l->y + lh / 2, style, bullet);
        put_text(l, x, l->y + lh / 2, style, lines[i]);
        l->y += lh;
    }
    xd_report_lines_free(lines, n);
    l->y += after;
    return (double)n * lh + after;
}

static double para(lay *l, xd_report_style style, const char *text, int dry)
{
    return para_at(l, style, MARGIN_L, TEXT_W, text, NULL, line_height(style) * 0.5, dry);
}

static double bullet(lay *l, xd_report_style style, const char *text, int dry)
{
    return para_at(l, style, MARGIN_L + BULLET_IN, TEXT_W - BULLET_IN, text, "\u2022", line_height(style) * 0.35,
                   dry);
}

/* A block of lines centred on cx, wrapped to w; returns its height (dry: no drawing). */
static double centred(lay *l, xd_report_style style, double cx, double y, double w, const char *text, int dry)
{
    char **lines;
    size_t n = wrap_plain(style, text, w * 0.97, &lines);
    double lh = line_height(style);
    if (!dry)
        for (size_t i = 0; i < n; i++)
            put_text(l, cx, y + lh * ((double)i + 0.5), style, lines[i]);
    xd_report_lines_free(lines, n);
    return lh * (double)n;
}

/* ---- tables ---------------------------------------------------------------------- */

static int cell_style(const xd_rtable *t, size_t col, int head)
{
    const xd_rcol *c = &t->cols[col];
    if (head)
        return c->right ? XD_RS_TH_RIGHT : XD_RS_TH;
    return c->style ? c->style : c->right ? XD_RS_TD_RIGHT : XD_RS_TD;
}

/* Lays out one row (row < 0: the head); returns its height without drawing when dry. */
static double table_cells(lay *l, const xd_rtable *t, long row, unsigned shade, int dry)
{
    int head = row < 0;
    double lh = line_height(head ? XD_RS_TH : XD_RS_TD);
    size_t most = 1;
    char **lines[8];
    size_t nl[8];
    for (size_t i = 0; i < t->ncols; i++) {
        const char *text = head ? t->cols[i].head : t->cells[(size_t)row * t->ncols + i];
        nl[i] = wrap_plain((xd_report_style)cell_style(t, i, head), text ? text : "",
                           (t->cols[i].w * TEXT_W - 2 * PAD_X) * 0.97, &lines[i]);
        if (nl[i] > most)
            most = nl[i];
    }
    double h = (double)most * lh + 2 * PAD_Y;
    if (!dry) {
        if (shade)
            put_box(l, MARGIN_L, l->y, TEXT_W, h, shade);
        double x = MARGIN_L;
        for (size_t i = 0; i < t->ncols; i++) {
            double w = t->cols[i].w * TEXT_W;
            double cx = t->cols[i].right ? x + w - PAD_X : x + PAD_X;
            for (size_t k = 0; k < nl[i]; k++)
                put_text(l, cx, l->y + PAD_Y + lh * ((double)k + 0.5), (xd_report_style)cell_style(t, i, head),
                         lines[i][k]);
            x += w;
        }
        put_rule(l, MARGIN_L, l->y + h, MARGIN_L + TEXT_W, l->y + h, head ? RULE_DARK : RULE_LIGHT);
    }
    for (size_t i = 0; i < t->ncols; i++)
        xd_report_lines_free(lines[i], nl[i]);
    return h;
}

static void table_head(lay *l, const xd_rtable *t)
{
    double h = table_cells(l, t, -1, RGB_HEAD, 0);
    l->y += h;
}

/* The least a table needs at the foot of a page: its note, head and two rows. */
static double table_start(lay *l, const xd_rtable *t)
{
    double h = table_cells(l, t, -1, 0, 1);
    for (size_t r = 0; r < t->nrows && r < 2; r++)
        h += table_cells(l, t, (long)r, 0, 1);
    if (t->note)
        h += para(l, XD_RS_SMALL, t->note, 1);
    return h;
}

static double lay_table(lay *l, const xd_rtable *t, int dry)
{
    if (dry) {
        double h = table_cells(l, t, -1, 0, 1) + 0.35;
        for (size_t r = 0; r < t->nrows; r++)
            h += table_cells(l, t, (long)r, 0, 1);
        if (t->note)
            h += para(l, XD_RS_SMALL, t->note, 1);
        return h;
    }
    /* the note, the head and at least two rows on one page */
    need(l, table_start(l, t));
    if (t->note)
        para(l, XD_RS_SMALL, t->note, 0);
    table_head(l, t);
    for (size_t r = 0; r < t->nrows; r++) {
        double h = table_cells(l, t, (long)r, 0, 1);
        /* a page break leaves at least two rows on each side of it */
        int last_two = r + 2 == t->nrows && r >= 2;
        double h2 = last_two ? h + table_cells(l, t, (long)r + 1, 0, 1) : h;
        if (!fits(l, h) || (last_two && !fits(l, h2))) {
            new_page(l, 1);
            table_head(l, t);
        }
        unsigned shade = t->mark && t->mark[r] ? RGB_SHADE : (t->zebra && r % 2 == 1) ? RGB_ZEBRA : 0;
        table_cells(l, t, (long)r, shade, 0);
        l->y += h;
    }
    l->y += 0.35;
    return 0;
}

/* ---- the headline figures ---------------------------------------------------------- */

static double panel_height(lay *l, const xd_rfigure *f, double w)
{
    return 0.3 + line_height(XD_RS_BIG_EVENT) + 0.05 + centred(l, XD_RS_CAPTION, 0, 0, w - 0.6, f->caption, 1) +
           0.05 + centred(l, XD_RS_CAPTION_SMALL, 0, 0, w - 0.6, f->detail, 1) + 0.3;
}

static void panel_draw(lay *l, const xd_rfigure *f, double x, double w, double h)
{
    xd_report_style big = f->base ? XD_RS_BIG_BASE : XD_RS_BIG_EVENT;
    put_box(l, x, l->y, w, h, RGB_PANEL);
    double y = l->y + 0.3, cx = x + w / 2;
    double lh = line_height(big);
    put_text(l, cx, y + lh / 2, big, f->value);
    y += lh + 0.05;
    y += centred(l, XD_RS_CAPTION, cx, y, w - 0.6, f->caption, 0) + 0.05;
    centred(l, XD_RS_CAPTION_SMALL, cx, y, w - 0.6, f->detail, 0);
}

static double lay_figures(lay *l, const xd_rfigures *fg, int dry)
{
    double gap = 0.5, w = (TEXT_W - gap) / 2, y0 = l->y;
    double h = 0;
    for (size_t i = 0; i < fg->n_big; i++)
        h = fmax(h, panel_height(l, &fg->big[i], w));
    if (!dry)
        for (size_t i = 0; i < fg->n_big; i++)
            panel_draw(l, &fg->big[i], MARGIN_L + (double)i * (w + gap), w, h);
    double total = h + 0.4;
    /* a figure with its caption beside it */
    double mh = line_height(XD_RS_MID), sh = line_height(XD_RS_SMALL), strip = mh;
    char **cl[2];
    size_t nc[2];
    double fw[2];
    for (size_t i = 0; i < fg->n_strip && i < 2; i++) {
        fw[i] = xd_report_text_width(XD_RS_MID, fg->strip_value[i]);
        nc[i] = wrap_plain(XD_RS_SMALL, fg->strip_text[i], (w - fw[i] - 0.5) * 0.97, &cl[i]);
        strip = fmax(strip, (double)nc[i] * sh);
    }
    for (size_t i = 0; i < fg->n_strip && i < 2; i++) {
        double x = MARGIN_L + (double)i * (w + gap) + 0.1, mid = y0 + total + strip / 2;
        if (!dry) {
            put_text(l, x + fw[i] / 2, mid, XD_RS_MID, fg->strip_value[i]);
            for (size_t k = 0; k < nc[i]; k++)
                put_text(l, x + fw[i] + 0.3, mid + sh * ((double)k - ((double)nc[i] - 1) / 2), XD_RS_SMALL,
                         cl[i][k]);
        }
        xd_report_lines_free(cl[i], nc[i]);
    }
    if (fg->n_strip)
        total += strip + 0.25;
    if (!dry) {
        put_rule(l, MARGIN_L, y0 + total, PAGE_W - MARGIN_R, y0 + total, RULE_LIGHT);
        l->y = y0 + total + 0.25;
    }
    return total + 0.25;
}

/* ---- sources --------------------------------------------------------------------- */

static double lay_source(lay *l, const xd_rsource *s, int dry)
{
    const double indent = 1.0, w = TEXT_W - indent;
    char **l1, **l2, **l3;
    size_t n1 = wrap_plain(XD_RS_BODY, s->name, w * 0.97, &l1);
    size_t n2 = wrap_plain(XD_RS_SMALL, s->meta, w * 0.97, &l2);
    size_t n3 = xd_report_wrap(XD_RS_URL, s->url, w * 0.97, &l3);
    double hb = line_height(XD_RS_BODY), hs = line_height(XD_RS_SMALL), hu = line_height(XD_RS_URL);
    double h = (double)n1 * hb + (double)n2 * hs + (double)n3 * hu;
    if (!dry) {
        need(l, h);
        put_text(l, MARGIN_L, l->y + hb / 2, XD_RS_BODY_BOLD, lfmt(l, "[%zu]", s->number));
        for (size_t k = 0; k < n1; k++) {
            put_text(l, MARGIN_L + indent, l->y + hb / 2, XD_RS_BODY, l1[k]);
            l->y += hb;
        }
        for (size_t k = 0; k < n2; k++) {
            put_text(l, MARGIN_L + indent, l->y + hs / 2, XD_RS_SMALL, l2[k]);
            l->y += hs;
        }
        int linkable = xd_url_linkable(s->url);
        for (size_t k = 0; k < n3; k++) {
            put_text(l, MARGIN_L + indent, l->y + hu / 2, XD_RS_URL, l3[k]);
            if (linkable)
                put_link(l, MARGIN_L + indent, l->y, xd_report_text_width(XD_RS_URL, l3[k]), hu, s->url);
            l->y += hu;
        }
        l->y += 0.28;
    }
    xd_report_lines_free(l1, n1);
    xd_report_lines_free(l2, n2);
    xd_report_lines_free(l3, n3);
    return h + 0.28;
}

/* ---- blocks ------------------------------------------------------------------------- */

/* A chart is not drawn smaller than this: its texts at their report size leave the
 * plot too little room below it. Two bars need less than a row of years. */
static double chart_min_h(const xd_rchart *c) { return c->kind == XD_CHART_COMPARISON ? 8.5 : 10.0; }

static double heading_height(void) { return 0.25 + line_height(XD_RS_H2) + 0.12; }

static double chart_note_height(lay *l, const xd_rchart *c)
{
    return c->note ? para(l, XD_RS_SMALL, c->note, 1) : 0;
}

/* Height of block i laid out whole (charts at their good height). */
static double block_height(lay *l, size_t i)
{
    const xd_rblock *b = &l->doc->b[i];
    switch (b->kind) {
    case XD_RB_PARA: return para(l, (xd_report_style)b->style, b->text, 1);
    case XD_RB_BULLET: return bullet(l, (xd_report_style)b->style, b->text, 1);
    case XD_RB_HEADING: return heading_height();
    case XD_RB_TABLE: return lay_table(l, b->table, 1);
    case XD_RB_CHART: return CHART_GOOD_H + CHART_GAP + chart_note_height(l, &b->chart);
    case XD_RB_SOURCE: return lay_source(l, &b->src, 1);
    case XD_RB_SPACE: return b->space;
    case XD_RB_FIGURES: return lay_figures(l, b->fig, 1);
    default: return 0;
    }
}

/* The least block i needs at the foot of a page before it may start there. */
static double block_start(lay *l, size_t i)
{
    const xd_rblock *b = &l->doc->b[i];
    switch (b->kind) {
    case XD_RB_PARA:
    case XD_RB_BULLET: return 2 * line_height((xd_report_style)b->style);
    case XD_RB_TABLE: return table_start(l, b->table);
    case XD_RB_CHART: return chart_min_h(&b->chart) + CHART_GAP + chart_note_height(l, &b->chart);
    case XD_RB_HEADING:
        return heading_height() + (i + 1 < l->doc->n ? block_start(l, i + 1) : 0);
    default: return block_height(l, i);
    }
}

static size_t section_end(const lay *l, size_t i)
{
    size_t e = i + 1;
    while (e < l->doc->n && l->doc->b[e].kind != XD_RB_SECTION)
        e++;
    return e;
}

static void lay_block(lay *l, size_t i);

static void lay_heading(lay *l, size_t i)
{
    const xd_rblock *b = &l->doc->b[i];
    double h = line_height(XD_RS_H2);
    /* a heading never ends a page: room for it and for the start of what follows */
    need(l, block_start(l, i));
    if (l->y > TOP + 0.9 || (l->n == 1 && l->y > TOP_FIRST + 0.1))
        l->y += 0.25;
    put_text(l, MARGIN_L, l->y + h / 2, XD_RS_H2, b->text);
    l->y += h + 0.12;
}

static void draw_chart(lay *l, const xd_rchart *c, double h)
{
    r_page *pg = page(l);
    if (pg->nc < sizeof pg->c / sizeof pg->c[0])
        pg->c[pg->nc++] = (r_chart){c, MARGIN_L, l->y, TEXT_W, h};
    l->y += h + CHART_GAP;
    if (c->note)
        para(l, XD_RS_SMALL, c->note, 0);
}

/* A chart's height: it shares the room left on the page with what follows it in its
 * part, within chart_min_h..CHART_MAX_H; when even the smallest chart does not fit,
 * the text that follows fills this page first and the chart starts the next. */
static void lay_chart(lay *l, size_t i, int fresh)
{
    const xd_rchart *c = &l->doc->b[i].chart;
    double own = CHART_GAP + chart_note_height(l, c);
    size_t end = section_end(l, i);
    double room = BOTTOM - l->y;
    /* everything after it in the part, the other charts at their smallest */
    double fixed = 0;
    size_t charts = 1;
    for (size_t j = i + 1; j < end; j++) {
        if (l->done[j])
            continue;
        if (l->doc->b[j].kind == XD_RB_CHART) {
            charts++;
            fixed += CHART_GAP + chart_note_height(l, &l->doc->b[j].chart);
        } else {
            fixed += block_height(l, j);
        }
    }
    double h = (room - own - fixed) / (double)charts;
    double min_h = chart_min_h(c);
    if (h < min_h) {
        /* the part does not end on this page: this chart and what follows it up to
         * the next chart */
        double next = 0;
        for (size_t j = i + 1; j < end && l->doc->b[j].kind != XD_RB_CHART; j++)
            if (!l->done[j])
                next += block_height(l, j);
        h = room - own - next;
        if (h < min_h)
            h = room - own;
    }
    if (h >= min_h || fresh) {
        draw_chart(l, c, fmin(fmax(h, min_h), CHART_MAX_H));
        return;
    }
    /* the chart does not fit: what follows it fills the page, whole blocks only */
    for (size_t j = i + 1; j < end && l->doc->b[j].kind != XD_RB_CHART; j++) {
        if (l->done[j])
            continue;
        double need_h = l->doc->b[j].kind == XD_RB_HEADING && j + 1 < end
                            ? heading_height() + block_height(l, j + 1)
                            : block_height(l, j);
        if (!fits(l, need_h))
            break;
        lay_block(l, j);
        l->done[j] = 1;
        if (l->doc->b[j].kind == XD_RB_HEADING && j + 1 < end) {
            lay_block(l, j + 1);
            l->done[++j] = 1;
        }
    }
    new_page(l, 1);
    lay_chart(l, i, 1);
}

static void lay_block(lay *l, size_t i)
{
    const xd_rblock *b = &l->doc->b[i];
    switch (b->kind) {
    case XD_RB_SECTION:
        /* a part starts a page, or, where the last one left half a page or more, goes on
         * under it: no page stays mostly empty */
        if (l->n && BOTTOM - l->y >= 0.5 * (BOTTOM - TOP)) {
            double h = line_height(XD_RS_H1);
            char **lines;
            size_t n = xd_report_wrap(XD_RS_H1, b->text, TEXT_W * 0.97, &lines);
            l->y += 0.6;
            for (size_t k = 0; k < n; k++) {
                put_text(l, MARGIN_L, l->y + h / 2, XD_RS_H1, lines[k]);
                l->y += h;
            }
            xd_report_lines_free(lines, n);
            l->y += 0.35;
            l->section = b->text;
            break;
        }
        l->section = b->text;
        new_page(l, 0);
        break;
    case XD_RB_TITLE: {
        xd_report_style ts = xd_report_text_width(XD_RS_TITLE, b->text) <= TEXT_W * 0.97 ? XD_RS_TITLE
                                                                                        : XD_RS_TITLE_SMALL;
        para_at(l, ts, MARGIN_L, TEXT_W, b->text, NULL, 0.12, 0);
        break;
    }
    case XD_RB_SUBTITLE:
        para_at(l, XD_RS_SUBTITLE, MARGIN_L, TEXT_W, b->text, NULL, 0.15, 0);
        put_rule(l, MARGIN_L, l->y, MARGIN_L + 3.0, l->y, RULE_ACCENT);
        l->y += 0.45;
        break;
    case XD_RB_FIGURES:
        need(l, lay_figures(l, b->fig, 1));
        lay_figures(l, b->fig, 0);
        break;
    case XD_RB_HEADING: lay_heading(l, i); break;
    case XD_RB_PARA: para(l, (xd_report_style)b->style, b->text, 0); break;
    case XD_RB_BULLET: bullet(l, (xd_report_style)b->style, b->text, 0); break;
    case XD_RB_TABLE: lay_table(l, b->table, 0); break;
    case XD_RB_CHART: lay_chart(l, i, 0); break;
    case XD_RB_SOURCE: lay_source(l, &b->src, 0); break;
    case XD_RB_SPACE: l->y += b->space; break;
    }
}

/* A run of bullets that may shrink is set a size smaller when in body text it would
 * leave the chart after it less than its good height on this page. */
static size_t lay_shrinking(lay *l, size_t i)
{
    size_t e = i;
    double h = 0;
    while (e < l->doc->n && l->doc->b[e].kind == XD_RB_BULLET && l->doc->b[e].shrink)
        h += block_height(l, e++);
    xd_report_style st = BOTTOM - l->y - h - 1.5 < CHART_GOOD_H ? XD_RS_BODY_COMPACT : XD_RS_BODY;
    for (size_t k = i; k < e; k++)
        bullet(l, st, l->doc->b[k].text, 0);
    return e;
}

static void footers(lay *l)
{
    size_t n = l->n;
    const char *total = lfmt(l, "%zu", n);
    const char *page_key = xd_text(l->lang, "report.page");
    const char *mid = strstr(page_key, "%s");
    for (size_t i = 0; i < n; i++) {
        /* put_* draw on the last page: swap page i there for a moment */
        r_page tmp = l->p[i];
        l->p[i] = l->p[n - 1];
        l->p[n - 1] = tmp;
        put_rule(l, MARGIN_L, FOOT_RULE, PAGE_W - MARGIN_R, FOOT_RULE, RULE_LIGHT);
        put_text(l, MARGIN_L, FOOT_Y, XD_RS_FOOT, l->doc->footer);
        /* "Page %s of %s" */
        const char *second = mid ? strstr(mid + 2, "%s") : NULL;
        const char *pg = mid && second ? lfmt(l, "%.*s%zu%.*s%s%s", (int)(mid - page_key), page_key, i + 1,
                                              (int)(second - mid - 2), mid + 2, total, second + 2)
                                       : lfmt(l, "%zu / %s", i + 1, total);
        put_text(l, PAGE_W - MARGIN_R, FOOT_Y, XD_RS_FOOT_RIGHT, pg);
        tmp = l->p[i];
        l->p[i] = l->p[n - 1];
        l->p[n - 1] = tmp;
    }
}

static int layout(lay *l)
{
    const xd_rdoc *doc = l->doc;
    l->done = calloc(doc->n + 1, 1);
    if (!l->done)
        return XD_ENOMEM;
    if (doc->n == 0 || doc->b[0].kind != XD_RB_SECTION)
        new_page(l, 0);
    for (size_t i = 0; i < doc->n && !l->oom;) {
        if (l->done[i]) {
            i++;
            continue;
        }
        if (doc->b[i].kind == XD_RB_BULLET && doc->b[i].shrink) {
            i = lay_shrinking(l, i);
            continue;
        }
        lay_block(l, i);
        l->done[i] = 1;
        i++;
    }
    footers(l);
    return l->oom ? XD_ENOMEM : XD_OK;
}

static void lay_free(lay *l)
{
    for (size_t i = 0; i < l->n; i++) {
        for (size_t k = 0; k < l->p[i].nt; k++)
            free(l->p[i].t[k].text);
        free(l->p[i].t);
        free(l->p[i].r);
        free(l->p[i].b);
        free(l->p[i].links);
    }
    free(l->p);
    xd_strpool_free(&l->pool);
    free(l->done);
}

/* ---- files and the gnuplot run ---------------------------------------------------- */

static double fx(double x) { return x / PAGE_W; }
static double fy(double y) { return 1.0 - y / PAGE_H; }

static FILE *open_in(const char *dir, const char *name, char *path, size_t cap, xd_diags *d)
{
    if ((size_t)snprintf(path, cap, "%s/%s", dir, name) >= cap) {
        xd_error(d, XD_EOUTPUT, "path too long in '%s'", dir);
        return NULL;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
    return f;
}

static int close_file(FILE *f, const char *path, xd_diags *d)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return xd_error(d, XD_EOUTPUT, "cannot write '%s'", path);
    return XD_OK;
}

static int make_dir(const char *path, xd_diags *d)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return xd_error(d, XD_EOUTPUT, "cannot create folder '%s': %s", path, strerror(errno));
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return xd_error(d, XD_EOUTPUT, "'%s' is not a folder", path);
    return XD_OK;
}

static int write_page(const r_page *pg, const char *dir, xd_diags *d)
{
    char path[PATH_MAX];
    int rc = make_dir(dir, d);
    if (rc != XD_OK)
        return rc;
    FILE *f = open_in(dir, "text.tsv", path, sizeof path, d);
    if (!f)
        return d->status;
    for (size_t i = 0; i < pg->nt; i++)
        fprintf(f, "%.5f\t%.5f\t%d\t%s\n", fx(pg->t[i].x), fy(pg->t[i].y), pg->t[i].style, pg->t[i].text);
    if ((rc = close_file(f, path, d)) != XD_OK)
        return rc;
    if (!(f = open_in(dir, "rules.tsv", path, sizeof path, d)))
        return d->status;
    for (size_t i = 0; i < pg->nr; i++) {
        const r_rule *r = &pg->r[i];
        fprintf(f, "%.5f\t%.5f\t%.5f\t%.5f\t%d\n", fx(r->x), fy(r->y), fx(r->x2) - fx(r->x), fy(r->y2) - fy(r->y),
                r->style);
    }
    /* gnuplot warns about a file without a single valid row: keep one that draws nothing */
    fprintf(f, "NaN\tNaN\tNaN\tNaN\t0\n");
    if ((rc = close_file(f, path, d)) != XD_OK)
        return rc;
    if (!(f = open_in(dir, "boxes.tsv", path, sizeof path, d)))
        return d->status;
    for (size_t i = 0; i < pg->nb; i++) {
        const r_box *b = &pg->b[i];
        fprintf(f, "%.5f\t%.5f\t%.5f\t%.5f\t%u\n", fx(b->x), fy(b->y + b->h), fx(b->w), b->h / PAGE_H, b->rgb);
    }
    fprintf(f, "NaN\tNaN\tNaN\tNaN\t0\n");
    return close_file(f, path, d);
}

static int write_literal(FILE *f, const char *s)
{
    char *q = xd_gnuplot_quote_alloc(s);
    if (!q)
        return XD_ENOMEM;
    fputs(q, f);
    free(q);
    return XD_OK;
}

/* Writes every page and chart folder and the driver; returns the driver's path in driver. */
static int write_work(const lay *l, const xd_report_options *o, const char *work, char *driver, size_t cap,
                      xd_diags *d)
{
    char style[PATH_MAX], report_gp[PATH_MAX];
    snprintf(style, sizeof style, "%s/style.gp", o->plots_dir);
    snprintf(report_gp, sizeof report_gp, "%s/report.gp", o->plots_dir);
    FILE *f = open_in(work, "report-driver.gp", driver, cap, d);
    if (!f)
        return d->status;
    int rc = XD_OK;
    fprintf(f, "# extrad report: %zu pages. Generated by extrad %s: fixed settings and calls of\n"
               "# extrad's own scripts only. Run as: gnuplot -d -c report-driver.gp OUTPUT.pdf\n",
            l->n, XD_VERSION);
    /* The charts are laid out for their reference size, 17 cm wide at fontscale 0.6
     * (plots/style.gp), which is the width they get on the page. */
    fprintf(f, "if (ARGC < 1 || strlen(ARG1) == 0 || ARG1[1:1] eq '|' || ARG1[1:1] eq '<') {\n"
               "    exit error 'report driver: expected the output file'\n"
               "}\n"
               "set encoding utf8\n"
               "set terminal pdfcairo color font 'DejaVu Sans,10' size 21cm,29.7cm fontscale 0.6 linewidth 1\n"
               "set termoption noenhanced\n"
               "set output ARG1\n");
    for (size_t i = 0; i < l->n && rc == XD_OK; i++) {
        const r_page *pg = &l->p[i];
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s/page%02zu", work, i + 1);
        rc = write_page(pg, dir, d);
        if (rc != XD_OK)
            break;
        fprintf(f, "\n# page %zu\nset multiplot\ncall ", i + 1);
        rc |= write_literal(f, report_gp);
        fputc(' ', f);
        rc |= write_literal(f, dir);
        fputc(' ', f);
        rc |= write_literal(f, style);
        fputc('\n', f);
        for (size_t k = 0; k < pg->nc && rc == XD_OK; k++) {
            const r_chart *c = &pg->c[k];
            char cdir[PATH_MAX], script[PATH_MAX];
            xd_chart_kind kind = c->chart->kind;
            snprintf(cdir, sizeof cdir, "%s/page%02zu-%s%s", work, i + 1, xd_chart_name(kind),
                     c->chart->variant ? "-district" : "");
            snprintf(script, sizeof script, "%s/%s", o->plots_dir, xd_chart_script(kind));
            rc = make_dir(cdir, d);
            /* laid out for the size it gets on the page, its text at the report's size */
            xd_chart_canvas cv;
            xd_chart_canvas_report(c->w, c->h, &cv);
            xd_analysis copy;
            if (rc == XD_OK)
                rc = xd_chart_write_data_on(kind, xd_rchart_analysis(l->doc->a, c->chart, &copy), cdir, &cv, d);
            if (rc != XD_OK)
                break;
            fprintf(f, "area_x = %.5f\narea_y = %.5f\narea_w = %.5f\narea_h = %.5f\ncall ", fx(c->x), fy(c->y + c->h),
                    c->w / PAGE_W, c->h / PAGE_H);
            rc |= write_literal(f, script);
            fputc(' ', f);
            rc |= write_literal(f, cdir);
            fputs(" '' '' ''\n", f);
        }
        fprintf(f, "unset multiplot\n");
    }
    fprintf(f, "\nunset output\n");
    int crc = close_file(f, driver, d);
    if (rc == XD_ENOMEM)
        return xd_error(d, XD_ENOMEM, "out of memory writing the report");
    return rc != XD_OK ? rc : crc;
}

/* The folder as an absolute path, so the kept driver works from anywhere. */
static int absolute(const char *dir, char *out, size_t cap, xd_diags *d)
{
    char cwd[PATH_MAX];
    int n;
    if (dir[0] == '/')
        n = snprintf(out, cap, "%s", dir);
    else if (getcwd(cwd, sizeof cwd))
        n = snprintf(out, cap, "%s/%s", cwd, dir);
    else
        return xd_error(d, XD_EOUTPUT, "cannot use folder '%s': %s", dir, strerror(errno));
    if (n < 0 || (size_t)n >= cap)
        return xd_error(d, XD_EOUTPUT, "cannot use folder '%s': path too long", dir);
    return XD_OK;
}

static int starts_with_pdf(const char *path)
{
    char head[5] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == 5 && memcmp(head, "%PDF-", 5) == 0;
}


int xd_report_pdf_write(const xd_rdoc *doc, const xd_report_options *o, const char *path, size_t *pages,
                        xd_diags *d)
{
    if (pages)
        *pages = 0;
    lay l = {0};
    l.doc = doc;
    l.lang = doc->lang;
    int rc = layout(&l);
    if (rc != XD_OK) {
        lay_free(&l);
        return xd_error(d, XD_ENOMEM, "out of memory laying out the report");
    }

    char work[PATH_MAX] = "";
    int temp = !o->keep_dir;
    if (temp) {
        rc = xd_tempdir_create(work, sizeof work, NULL, d);
    } else {
        rc = xd_keepdir_prepare(o->keep_dir, d);
        if (rc == XD_OK)
            rc = absolute(o->keep_dir, work, sizeof work, d);
    }
    if (rc != XD_OK)
        work[0] = '\0';
    char driver[PATH_MAX];
    if (rc == XD_OK)
        rc = write_work(&l, o, work, driver, sizeof driver, d);
    if (rc == XD_OK) {
        /* a relative name must not reach gnuplot looking like "|command" */
        char arg[PATH_MAX + 2];
        snprintf(arg, sizeof arg, "%s%s", path[0] == '/' ? "" : "./", path);
        const char *args[1] = {arg};
        if (!temp) {
            char cpath[PATH_MAX];
            FILE *f = open_in(work, "command.txt", cpath, sizeof cpath, d);
            if (f) {
                fprintf(f, "gnuplot -d -c ");
                write_literal(f, driver);
                fprintf(f, " report.pdf\n");
                rc = close_file(f, cpath, d);
            } else {
                rc = d->status;
            }
        }
        if (rc == XD_OK)
            rc = xd_gnuplot_run(o->gnuplot, driver, args, 1, o->timeout_s, d);
        if (rc == XD_OK && !starts_with_pdf(path))
            rc = xd_error(d, XD_EOUTPUT, "gnuplot finished but wrote no PDF for '%s'", o->output);
    }
    if (rc == XD_OK) {
        /* the links of every page, in page order */
        size_t nlinks = 0;
        for (size_t i = 0; i < l.n; i++)
            nlinks += l.p[i].nl;
        xd_pdf_link *links = calloc(nlinks + 1, sizeof *links);
        size_t *page_of = calloc(nlinks + 1, sizeof *page_of);
        if (!links || !page_of) {
            rc = xd_error(d, XD_ENOMEM, "out of memory finishing the report");
        } else {
            size_t k = 0;
            for (size_t i = 0; i < l.n; i++)
                for (size_t j = 0; j < l.p[i].nl; j++) {
                    links[k] = l.p[i].links[j];
                    page_of[k++] = i;
                }
            char *subject = NULL;
            for (size_t i = 0; i < doc->n && !subject; i++)
                if (doc->b[i].kind == XD_RB_SUBTITLE)
                    subject = xd_report_plain(doc->b[i].text, 0);
            char keywords[512];
            snprintf(keywords, sizeof keywords, "%s, %s", xd_text(doc->lang, "report.keywords"), doc->ds->name);
            xd_pdf_info info = {.title = doc->title,
                                .subject = subject,
                                .keywords = keywords,
                                .creator = "extrad " XD_VERSION,
                                .lang = xd_lang_code(doc->lang),
                                .epoch = o->epoch,
                                .epoch_fixed = o->epoch_fixed,
                                .links = links,
                                .link_page = page_of,
                                .n_links = nlinks};
            rc = xd_pdf_finish(path, &info, d);
            free(subject);
        }
        free(links);
        free(page_of);
    }
    if (temp && work[0])
        xd_tempdir_remove(work);
    if (rc == XD_OK && pages)
        *pages = l.n;
    lay_free(&l);
    return rc;
}
