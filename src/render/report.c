/* The report's composition: which parts, paragraphs, tables and charts it has, with
 * which numbers and texts, built as one document tree (report_doc.h) that the PDF
 * and HTML writers read. Nothing here knows about pages or markup. */
#include "report.h"
#include "keepdir.h"

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
#include "outfile.h"
#include "people.h"
#include "report_doc.h"
#include "sha256.h"

size_t xd_report_source_number(const xd_dataset *ds, const char *id)
{
    for (size_t i = 0; id && i < ds->n_sources; i++)
        if (strcmp(ds->sources[i].id, id) == 0)
            return i + 1;
    return 0;
}

/* ---- the document ---------------------------------------------------------------- */

/* Table column widths are given in centimetres of the A4 text width, the page they
 * were designed on; the tree keeps them as shares of the width. */
#define TEXT_W 17.0
/* A row of the baseline period (table_row's shade). */
#define RGB_SHADE 1u

typedef xd_rdoc r_doc;
typedef xd_rcol r_col;
typedef struct r_table {
    xd_rtable *tb;
    int zebra;
} r_table;


/* A new block at the end of the document; NULL when out of memory. */
static xd_rblock *add(r_doc *doc, xd_rblock_kind kind)
{
    xd_rblock *b = xd_grow(doc->b, &doc->cap, doc->n, sizeof *b, &doc->oom);
    if (!b)
        return NULL;
    doc->b = b;
    b = &doc->b[doc->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

static void add_text(r_doc *doc, xd_rblock_kind kind, int style, const char *text)
{
    xd_rblock *b = add(doc, kind);
    if (b) {
        b->style = style;
        b->text = text ? text : "";
    }
}

/* Starts a part of the report. */
static void section(r_doc *doc, const char *heading) { add_text(doc, XD_RB_SECTION, 0, heading); }
static void para(r_doc *doc, xd_report_style style, const char *text) { add_text(doc, XD_RB_PARA, (int)style, text); }
static void bullet(r_doc *doc, xd_report_style style, const char *text)
{
    add_text(doc, XD_RB_BULLET, (int)style, text);
}
static void heading2(r_doc *doc, const char *text) { add_text(doc, XD_RB_HEADING, 0, text); }
static void space(r_doc *doc, double h)
{
    xd_rblock *b = add(doc, XD_RB_SPACE);
    if (b)
        b->space = h;
}

static void table_begin(r_doc *doc, r_table *t, const r_col *cols, size_t n)
{
    t->tb = NULL;
    xd_rblock *b = add(doc, XD_RB_TABLE);
    xd_rtable *tb = b ? calloc(1, sizeof *tb) : NULL;
    if (!tb) {
        doc->oom = 1;
        return;
    }
    b->table = tb;
    double sum = 0;
    for (size_t i = 0; i < n && i < 8; i++)
        sum += cols[i].w;
    for (size_t i = 0; i < n && i < 8; i++) {
        tb->cols[i] = cols[i];
        tb->cols[i].w = sum > 0 ? cols[i].w / sum : 1.0 / (double)n;
    }
    tb->ncols = n < 8 ? n : 8;
    tb->zebra = t->zebra;
    t->tb = tb;
}

/* The table's note: said just before its head. */
static void table_note(r_table *t, const char *note)
{
    if (t->tb)
        t->tb->note = note;
}

static void table_row(r_doc *doc, r_table *t, const char *const *cells, unsigned shade)
{
    xd_rtable *tb = t->tb;
    if (!tb)
        return;
    if (tb->nrows == tb->cap) {
        size_t cap = tb->cap ? tb->cap * 2 : 16;
        const char **c = realloc(tb->cells, cap * tb->ncols * sizeof *c);
        if (!c) {
            doc->oom = 1;
            return;
        }
        tb->cells = c;
        unsigned char *m = realloc(tb->mark, cap);
        if (!m) {
            doc->oom = 1;
            return;
        }
        tb->mark = m;
        tb->cap = cap;
    }
    for (size_t i = 0; i < tb->ncols; i++)
        /* every caller passes one cell per column of the table */
        tb->cells[tb->nrows * tb->ncols + i] = cells[i] ? cells[i] : ""; // NOLINT(clang-analyzer-core.uninitialized.Branch)
    tb->mark[tb->nrows++] = shade == RGB_SHADE;
}

static void table_end(r_doc *doc, r_table *t)
{
    (void)doc;
    t->tb = NULL;
}

/* A chart, with the line that says how to read it (NULL for none). */
static void chart_block(r_doc *doc, xd_chart_kind kind, const char *note)
{
    xd_rblock *b = add(doc, XD_RB_CHART);
    if (b) {
        b->chart.kind = kind;
        b->chart.note = note;
    }
}

/* Keeps a malloc'ed string until the document is freed; returns it. */
static const char *keep(r_doc *doc, char *s) { return xd_strpool_keep(&doc->pool, s, &doc->oom); }

static const char *fmt(r_doc *doc, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(r_doc *doc, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    const char *s = xd_strpool_vfmt(&doc->pool, &doc->oom, f, ap);
    va_end(ap);
    return s;
}

/* A catalogue text with its %s filled from args. */
static const char *fill(r_doc *doc, const char *key, const char *const *args, size_t nargs)
{
    return keep(doc, xd_text_fill(xd_text(doc->lang, key), args, nargs));
}
#define T(key) xd_text(doc->lang, key)
#define TX(key, ...)                                                                                   \
    fill(doc, key, (const char *const[]){__VA_ARGS__},                                                 \
         sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* Numbers in the report's language. */
static const char *num(r_doc *doc, double v, int decimals)
{
    char buf[64];
    return fmt(doc, "%s", xd_lang_num(doc->lang, buf, sizeof buf, v, decimals));
}
static const char *inum(r_doc *doc, long v) { return num(doc, (double)v, 0); }
/* A count with its noun, singular for one: "1 year", "3 años". */
static const char *count_of(r_doc *doc, long v, const char *noun)
{
    char buf[96];
    return fmt(doc, "%s", xd_lang_count(doc->lang, buf, sizeof buf, (double)v, noun));
}
/* With as few decimals as the value needs, up to `decimals`: 65, 62.5, 38.25. */
static const char *numw(r_doc *doc, double v, int decimals)
{
    int k = 0;
    if (isfinite(v))
        for (; k < decimals; k++) {
            double scaled = v * pow(10, k);
            if (fabs(round(scaled) - scaled) < 1e-6)
                break;
        }
    return num(doc, v, k);
}
static const char *pct(r_doc *doc, double fraction, int decimals)
{
    char buf[64];
    return fmt(doc, "%s", xd_lang_pct(doc->lang, buf, sizeof buf, fraction, decimals));
}
/* The same text with its spaces made non-breaking, so a line never splits it. */
static const char *nobreak(r_doc *doc, const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p == ' ';
    char *out = malloc(strlen(s) + n + 1);
    if (!out)
        return keep(doc, NULL);
    char *o = out;
    for (const char *p = s; *p; p++) {
        if (*p == ' ') {
            *o++ = (char)0xC2;
            *o++ = (char)0xA0;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return keep(doc, out);
}
static const char *sci(r_doc *doc, double log10_value)
{
    char buf[64];
    return nobreak(doc, xd_lang_sci(doc->lang, buf, sizeof buf, log10_value, 2));
}
static const char *pval(r_doc *doc, double p)
{
    if (!isfinite(p))
        return num(doc, p, 0);
    if (p < 0.001)
        return sci(doc, log10(p));
    return num(doc, p, p < 0.01 ? 4 : 3);
}
static const char *pval_test(r_doc *doc, const xd_rate_test *t)
{
    /* a p-value below the smallest double is read from its log */
    return t->p_value == 0 && isfinite(t->log10_p_value) ? sci(doc, t->log10_p_value) : pval(doc, t->p_value);
}
static const char *range(r_doc *doc, const char *lo, const char *hi) { return TX("report.range", lo, hi); }
static const char *join2(r_doc *doc, const char *a, const char *b) { return fmt(doc, "%s %s", a, b); }
static const char *period(r_doc *doc, int from, int to)
{
    return from == to ? fmt(doc, "%d", from) : fmt(doc, "%d\u2013%d", from, to);
}
static const char *date_text(r_doc *doc, int y, int m, int d)
{
    char buf[96];
    return fmt(doc, "%s", xd_lang_date(doc->lang, buf, sizeof buf, y, m, d));
}
/* One end of an aggregate's period as its source wrote it: a year, a month or a day. */
static const char *span_end(r_doc *doc, int prec, int y, int m, int d)
{
    if (prec == XD_PREC_YEAR)
        return fmt(doc, "%d", y);
    if (prec == XD_PREC_MONTH)
        return fmt(doc, doc->lang == XD_LANG_EN ? "%s %d" : "%s de %d", xd_lang_month(doc->lang, m), y);
    return date_text(doc, y, m, d);
}
static const char *span_text(r_doc *doc, const xd_aggregate *g)
{
    const xd_span *s = &g->span;
    if (s->p1 == XD_PREC_YEAR && s->p2 == XD_PREC_YEAR)
        return s->y1 == s->y2 ? fmt(doc, "%d", s->y1) : fmt(doc, "%d\u2013%d", s->y1, s->y2);
    return fmt(doc, "%s \u2013 %s", span_end(doc, s->p1, s->y1, s->m1, s->d1), span_end(doc, s->p2, s->y2, s->m2, s->d2));
}
/* The period of an aggregate with its preposition: "for 2019–2023", "from 1
 * December 2000 to 30 November 2006"; in Spanish "para 2019–2023", "del 1 de
 * diciembre de 2000 al 30 de noviembre de 2006", "de septiembre de 2014 a ...". */
static const char *span_for(r_doc *doc, const xd_aggregate *g)
{
    const xd_span *s = &g->span;
    if (s->p1 == XD_PREC_YEAR && s->p2 == XD_PREC_YEAR)
        return TX("report.span.years", span_text(doc, g));
    const char *a = span_end(doc, s->p1, s->y1, s->m1, s->d1), *b = span_end(doc, s->p2, s->y2, s->m2, s->d2);
    if (doc->lang == XD_LANG_EN)
        return TX("report.span.dates", a, b);
    return fmt(doc, "%s %s %s %s", s->p1 == XD_PREC_DAY ? "del" : "de", a, s->p2 == XD_PREC_DAY ? "al" : "a", b);
}
/* A source's "published": YYYY-MM-DD, YYYY-MM or YYYY. */
static const char *published_text(r_doc *doc, const char *s)
{
    if (!s || !*s)
        return T("report.sources.undated");
    /* digits at fixed places: YYYY, YYYY-MM, YYYY-MM-DD */
    size_t len = strlen(s);
    int ok = len == 4 || len == 7 || len == 10;
    for (size_t i = 0; ok && i < len; i++)
        ok = (i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
    if (!ok)
        return s;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = len >= 7 ? (s[5] - '0') * 10 + (s[6] - '0') : 0;
    int d = len == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 0;
    if (len == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        return date_text(doc, y, m, d);
    if (len == 7 && m >= 1 && m <= 12)
        return doc->lang == XD_LANG_EN ? fmt(doc, "%s %d", xd_lang_month(doc->lang, m), y)
                                       : fmt(doc, "%s de %d", xd_lang_month(doc->lang, m), y);
    return s;
}
/* Years as a list with runs collapsed: "2010, 2011, 2013–2016". */
static const char *year_list(r_doc *doc, const int *years, size_t n)
{
    size_t cap = n * 12 + 1, o = 0;
    char *s = malloc(cap);
    if (!s)
        return keep(doc, NULL);
    s[0] = '\0';
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && years[j + 1] == years[j] + 1)
            j++;
        if (o)
            o += (size_t)snprintf(s + o, cap - o, ", ");
        if (j - i >= 2)
            o += (size_t)snprintf(s + o, cap - o, "%d\u2013%d", years[i], years[j]);
        else if (j == i + 1)
            o += (size_t)snprintf(s + o, cap - o, "%d, %d", years[i], years[j]);
        else
            o += (size_t)snprintf(s + o, cap - o, "%d", years[i]);
        i = j + 1;
    }
    return keep(doc, s);
}

/* Appends item to a "; "-separated list in memory; 0 when out of memory. */
static int join_to(char **list, size_t *len, const char *item)
{
    size_t il = strlen(item);
    char *nl = realloc(*list, *len + il + 3);
    if (!nl)
        return 0;
    *list = nl;
    int n = snprintf(nl + *len, il + 3, "%s%s", *len ? "; " : "", item);
    *len += n > 0 ? (size_t)n : 0;
    return 1;
}

/* "[n]" for a source id, or for each id of a comma-separated list, each between the
 * citation markers; marks them cited. An unknown id stays as "[id]", not a citation. */
static const char *refs(r_doc *doc, const char *ids)
{
    char out[512];
    size_t o = 0;
    out[0] = '\0';
    const char *p = ids ? ids : "";
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ',')
            p++;
        size_t len = (size_t)(p - s);
        while (len && s[len - 1] == ' ')
            len--;
        if (!len)
            continue;
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)len, s);
        size_t k = xd_report_source_number(doc->ds, id);
        int w;
        if (k) {
            doc->cited[k - 1] = 1;
            w = snprintf(out + o, sizeof out - o, "%s" XD_CITE_OPEN "[%zu]" XD_CITE_CLOSE, o ? " " : "", k);
        } else {
            w = snprintf(out + o, sizeof out - o, "%s[%s]", o ? " " : "", id);
        }
        if (w < 0 || (size_t)w >= sizeof out - o)
            break;
        o += (size_t)w;
    }
    return fmt(doc, "%s", out);
}


/* ---- the parts of the report ----------------------------------------------------- */

static void part_headline(r_doc *doc)
{
    const xd_analysis *a = doc->a;
    const xd_compare *c = &a->cmp;
    const xd_dataset *ds = doc->ds;
    section(doc, T("report.part.headline"));
    add_text(doc, XD_RB_TITLE, 0, doc->title);
    const char *ev_label = xd_event_label(&c->event, doc->lang);
    const char *event = *c->event.date ? date_text(doc, c->event.year, c->event.month, c->event.day)
                        : *ev_label       ? ev_label
                                          : T("label.event.given");
    add_text(doc, XD_RB_SUBTITLE, 0,
             c->has_event ? TX("report.subtitle", ds->name, period(doc, c->base.from, c->base.to), event)
                          : TX("report.subtitle.noevent", ds->name, period(doc, c->base.from, c->base.to)));
    if (!c->has_event) {
        /* the baseline's sentence, and what the report holds instead */
        para(doc, XD_RS_BODY, T("report.noevent"));
        for (size_t i = 0; i < a->n_sentences; i++)
            bullet(doc, XD_RS_BODY, a->sentences[i]);
        return;
    }

    /* the two numbers, then the share of a year and the days' worth */
    xd_rblock *b = add(doc, XD_RB_FIGURES);
    xd_rfigures *fg = b ? calloc(1, sizeof *fg) : NULL;
    if (!fg) {
        doc->oom = 1;
        return;
    }
    b->fig = fg;
    xd_rfigure *ev = &fg->big[0], *bp = &fg->big[1];
    fg->n_big = 2;
    ev->value = inum(doc, c->event.count);
    if (c->event.transfer) {
        /* the kind of handover chooses the words; "outside the treaty" only where it was */
        const xd_transfer *et = c->event.transfer;
        ev->caption = T(fmt(doc, "report.big.event.%s%s", xd_transfer_kind_name(et->kind), et->count == 1 ? ".one" : ""));
        ev->detail = TX(xd_transfer_outside_treaty(et) ? "report.big.event_date" : "report.big.event_date.treaty", event,
                        refs(doc, et->source));
    } else {
        ev->caption = T("report.big.event_count");
        ev->detail = *c->event.date ? fmt(doc, "%s, %s", *ev_label ? ev_label : T("label.event.given"), event) : event;
    }
    bp->value = numw(doc, c->base.mean, 1);
    bp->caption = T("report.big.base");
    bp->base = 1;
    if (c->base.kind == XD_BASELINE_REPORTED)
        bp->detail = TX("report.big.base_reported", period(doc, c->base.from, c->base.to), refs(doc, c->base.sources));
    else
        bp->detail = TX("report.big.base_computed", period(doc, c->base.from, c->base.to), refs(doc, c->base.sources));
    /* the share with the precision the headline sentences use, so one number reads
     * the same everywhere on the page */
    fg->n_strip = 2;
    fg->strip_value[0] = pct(doc, c->share_of_year, 0);
    fg->strip_text[0] = TX("report.strip.share", period(doc, c->base.from, c->base.to));
    fg->strip_value[1] = TX("report.strip.days_value", num(doc, c->days_equivalent, 0));
    fg->strip_text[1] = TX("report.strip.days", range(doc, num(doc, c->days_range.lo, 0), num(doc, c->days_range.hi, 0)));

    /* the sentences: in body text, or a size smaller where that leaves the chart its room */
    for (size_t i = 0; i < a->n_sentences; i++) {
        bullet(doc, XD_RS_BODY, a->sentences[i]);
        if (doc->n)
            doc->b[doc->n - 1].shrink = 1;
    }

    if (ds->n_transfers) {
        space(doc, 0.1);
        long total = 0;
        size_t len = 0;
        char *line = NULL;
        int outside = 1;
        for (size_t i = 0; i < ds->n_transfers; i++)
            outside &= xd_transfer_outside_treaty(&ds->transfers[i]);
        for (size_t i = 0; i < ds->n_transfers; i++) {
            const xd_transfer *t = &ds->transfers[i];
            total += t->count;
            const char *when = date_text(doc, t->year, t->month, t->day), *ref = refs(doc, t->source);
            char who[64];
            xd_lang_count(doc->lang, who, sizeof who, (double)t->count, "person");
            const char *item = i == 0 ? TX(t == c->event.transfer ? "report.transfers.first_event" : "report.transfers.first",
                                           when, fmt(doc, "%s", who), ref)
                                      : TX(t == c->event.transfer ? "report.transfers.item_event" : "report.transfers.item",
                                           when, inum(doc, t->count), inum(doc, total), ref);
            if (!join_to(&line, &len, item))
                break;
        }
        para(doc, XD_RS_SMALL, TX(outside ? "report.transfers.line" : "report.transfers.line.mixed", line ? line : ""));
        free(line);
    }

    chart_block(doc, XD_CHART_COMPARISON, NULL);
}

/* The years: "95 (3 sources, preferred); also 85 (2 sources, alternative)" and the
 * sources of each value, in the same order. */
static void year_cells(r_doc *doc, const xd_year *y, const char **agree, const char **sources)
{
    long values[32];
    size_t nv = 0;
    values[nv++] = y->count;
    for (size_t i = 0; i < y->n_rows && nv < 32; i++) {
        int seen = 0;
        for (size_t k = 0; k < nv; k++)
            seen |= values[k] == y->rows[i]->count;
        if (!seen)
            values[nv++] = y->rows[i]->count;
    }
    char a_buf[1024], s_buf[1024];
    size_t ao = 0, so = 0;
    a_buf[0] = s_buf[0] = '\0';
    for (size_t k = 0; k < nv; k++) {
        size_t n = 0;
        int status = -1;
        char ids[512];
        size_t io = 0;
        ids[0] = '\0';
        for (size_t i = 0; i < y->n_rows; i++) {
            const xd_annual *r = y->rows[i];
            if (r->count != values[k])
                continue;
            n++;
            status = status == -1 ? (int)r->status : status == (int)r->status ? status : XD_ROW_PLAIN;
            int w = snprintf(ids + io, sizeof ids - io, "%s%s", io ? "," : "", r->source);
            if (w > 0 && (size_t)w < sizeof ids - io)
                io += (size_t)w;
        }
        const char *word = status == XD_ROW_PREFERRED     ? T("report.years.preferred")
                           : status == XD_ROW_ALTERNATIVE ? T("report.years.alternative")
                                                          : NULL;
        const char *count = inum(doc, values[k]);
        const char *sources_n = n == 1 ? T("report.years.one_source") : TX("report.years.n_sources", inum(doc, (long)n));
        const char *part = word ? TX("report.years.value_status", count, sources_n, word)
                                : TX("report.years.value", count, sources_n);
        if (k > 0)
            part = TX("report.years.also", part);
        int w = snprintf(a_buf + ao, sizeof a_buf - ao, "%s%s", k ? "; " : "", part);
        if (w > 0 && (size_t)w < sizeof a_buf - ao)
            ao += (size_t)w;
        w = snprintf(s_buf + so, sizeof s_buf - so, "%s%s", k ? "; " : "", refs(doc, ids));
        if (w > 0 && (size_t)w < sizeof s_buf - so)
            so += (size_t)w;
    }
    if (!y->conflict)
        *agree = y->n_rows == 1 ? T("report.years.single") : TX("report.years.agree", inum(doc, (long)y->n_rows));
    else
        *agree = fmt(doc, "%s", a_buf);
    *sources = fmt(doc, "%s", s_buf);
}

static void part_years(r_doc *doc)
{
    const xd_analysis *a = doc->a;
    const xd_series *s = &a->series;
    const xd_baseline *b = &a->cmp.base;
    section(doc, T("report.part.years"));
    para(doc, XD_RS_BODY, TX("report.years.intro", period(doc, s->from, s->to)));

    static r_col cols[5];
    cols[0] = (r_col){T("report.years.col.year"), 1.5, 0, 0};
    cols[1] = (r_col){T("report.years.col.count"), 1.7, 1, 0};
    cols[2] = (r_col){T("report.years.col.sources"), 1.9, 1, 0};
    cols[3] = (r_col){T("report.years.col.agreement"), 7.3, 0, 0};
    cols[4] = (r_col){T("report.years.col.refs"), TEXT_W - 12.4, 0, 0};
    int from = s->from < b->from ? s->from : b->from, to = s->to > b->to ? s->to : b->to;
    chart_block(doc, XD_CHART_ANNUAL, NULL);
    r_table t = {0};
    table_begin(doc, &t, cols, 5);
    table_note(&t, TX("report.years.note", period(doc, b->from, b->to)));
    for (int yr = from; yr <= to; yr++) {
        const char *cells[5];
        const xd_year *y = xd_series_year(s, yr);
        cells[0] = fmt(doc, "%d", yr);
        cells[1] = cells[2] = "\u2013";
        cells[3] = T("report.years.gap");
        cells[4] = "";
        if (y && y->has_value) {
            cells[1] = inum(doc, y->count);
            cells[2] = inum(doc, (long)y->n_agree);
            year_cells(doc, y, &cells[3], &cells[4]);
        }
        if (y && y->to_date) {
            /* a count to date is told beside the year, never as its figure */
            const xd_annual *td = y->to_date;
            cells[3] = fmt(doc, "%s; %s", cells[3],
                           TX("report.years.to_date", inum(doc, td->count),
                              date_text(doc, td->through_y, td->through_m, td->through_d)));
            cells[4] = *cells[4] ? join2(doc, cells[4], refs(doc, td->source)) : refs(doc, td->source);
        }
        table_row(doc, &t, cells, yr >= b->from && yr <= b->to ? RGB_SHADE : 0);
    }
    table_end(doc, &t);
}

static void summary_column(r_doc *doc, const xd_summary *s, const char **out)
{
    const xd_describe *d = &s->desc;
    out[0] = TX("report.n_of", inum(doc, (long)s->n), inum(doc, (long)(s->to - s->from + 1)));
    out[1] = numw(doc, d->total, 1);
    out[2] = num(doc, d->mean, 1);
    out[3] = numw(doc, d->median, 1);
    out[4] = num(doc, d->sd, 1);
    out[5] = range(doc, numw(doc, d->q1, 2), numw(doc, d->q3, 2));
    out[6] = fmt(doc, "%s (%d)", numw(doc, d->min, 1), s->min_year);
    out[7] = fmt(doc, "%s (%d)", numw(doc, d->max, 1), s->max_year);
    out[8] = num(doc, d->cv, 2);
    out[9] = range(doc, num(doc, s->ci_t.lo, 1), num(doc, s->ci_t.hi, 1));
    out[10] = range(doc, num(doc, s->ci_poisson.lo, 1), num(doc, s->ci_poisson.hi, 1));
    out[11] = s->n_gaps ? year_list(doc, s->gaps, s->n_gaps) : T("report.none");
}

static const char *interval(r_doc *doc, double level, double lo, double hi, int decimals)
{
    return TX("report.interval", pct(doc, level, 0), range(doc, num(doc, lo, decimals), num(doc, hi, decimals)));
}

static const char *signed_num(r_doc *doc, double v, int decimals)
{
    return fmt(doc, "%s%s", v > 0 ? "+" : "", num(doc, v, decimals));
}



/* One line on what a p-value says; trend: about a change over time, else about a difference. */
static const char *significance(r_doc *doc, double p, double level, int trend)
{
    const char *alpha = num(doc, 1 - level, 2);
    if (p < 1 - level)
        return TX(trend ? "report.sig.trend_yes" : "report.sig.yes", alpha);
    return TX(trend ? "report.sig.trend_no" : "report.sig.no", alpha);
}

/* "2009", "2005 and 2012" */
static const char *jp_years(r_doc *doc, const xd_joinpoint *jp)
{
    const char *out = "";
    for (int i = 0; i < jp->k; i++)
        out = fmt(doc, "%s%s%.0f", out, i == 0 ? "" : i == jp->k - 1 ? T("word.and") : ", ", jp->joinpoints[i]);
    return out;
}

static void part_statistics(r_doc *doc)
{
    const xd_analysis *a = doc->a;
    const xd_compare *c = &a->cmp;
    const xd_baseline *b = &c->base;
    section(doc, T("report.part.stats"));

    /* summary */
    heading2(doc, T("report.sum.title"));
    static r_col cols3[3];
    cols3[0] = (r_col){T("report.col.measure"), 6.6, 0, 0};
    cols3[1] = (r_col){TX("report.sum.baseline", period(doc, b->from, b->to)), 5.2, 1, 0};
    cols3[2] = (r_col){TX("report.sum.all", period(doc, a->summary_all.from, a->summary_all.to)), TEXT_W - 11.8, 1, 0};
    const char *lab[12] = {T("report.sum.years"),    T("report.sum.total"), T("report.sum.mean"),
                           T("report.sum.median"),   T("report.sum.sd"),    T("report.sum.quartiles"),
                           T("report.sum.min"),      T("report.sum.max"),   T("report.sum.cv"),
                           TX("report.sum.ci_t", pct(doc, b->level, 0)),
                           TX("report.sum.ci_poisson", pct(doc, b->level, 0)), T("report.sum.gaps")};
    const char *colb[12], *cola[12];
    summary_column(doc, &a->summary_all, cola);
    if (a->has_summary_baseline)
        summary_column(doc, &a->summary_baseline, colb);
    else
        for (int i = 0; i < 12; i++)
            colb[i] = "\u2013";
    r_table t = {0};
    t.zebra = 1;
    table_begin(doc, &t, cols3, 3);
    for (int i = 0; i < 12; i++) {
        const char *cells[3] = {lab[i], colb[i], cola[i]};
        table_row(doc, &t, cells, 0);
    }
    table_end(doc, &t);
    para(doc, XD_RS_BODY, T("report.sum.reading"));
    if (b->kind == XD_BASELINE_REPORTED && a->has_summary_baseline)
        para(doc, XD_RS_BODY,
             TX("report.sum.reported", numw(doc, b->mean, 1), period(doc, b->from, b->to), refs(doc, b->sources),
                num(doc, a->summary_baseline.desc.mean, 1), count_of(doc, (long)a->summary_baseline.n, "year")));

    /* comparison */
    heading2(doc, T("report.cmp.title"));
    static r_col cols[3];
    cols[0] = (r_col){T("report.col.measure"), 4.1, 0, 0};
    cols[1] = (r_col){T("report.col.value"), 4.5, 0, 0};
    cols[2] = (r_col){T("report.col.reading"), TEXT_W - 8.6, 0, 0};
    t = (r_table){0};
    t.zebra = 1;
    table_begin(doc, &t, cols, 3);
    const char *per = period(doc, b->from, b->to);
    {
        const char *r1[3] = {TX("report.cmp.mean", per),
                             fmt(doc, "%s (%s)", numw(doc, b->mean, 1), interval(doc, b->level, b->ci.lo, b->ci.hi, 1)),
                             b->kind == XD_BASELINE_REPORTED ? TX("report.cmp.mean.reported", refs(doc, b->sources))
                                                             : T("report.cmp.mean.computed")};
        table_row(doc, &t, r1, 0);
        const char *r2[3] = {T("report.cmp.rate"), TX("report.cmp.rate.value", num(doc, b->daily_rate, 3), inum(doc, b->days)),
                             T("report.cmp.rate.reading")};
        table_row(doc, &t, r2, 0);
    }
    if (c->has_event) {
        const char *r3[3] = {T("report.cmp.share"), pct(doc, c->share_of_year, 1),
                             T(c->event.transfer && !xd_transfer_outside_treaty(c->event.transfer)
                                   ? "report.cmp.share.reading.treaty"
                                   : "report.cmp.share.reading")};
        table_row(doc, &t, r3, 0);
        const char *r4[3] = {T("report.cmp.days"),
                             fmt(doc, "%s (%s)", num(doc, c->days_equivalent, 1),
                                 range(doc, num(doc, c->days_range.lo, 1), num(doc, c->days_range.hi, 1))),
                             T("report.cmp.days.reading")};
        table_row(doc, &t, r4, 0);
        const char *r5[3] = {T("report.cmp.months"),
                             fmt(doc, "%s (%s)", num(doc, c->months_equivalent, 2),
                                 range(doc, num(doc, c->months_range.lo, 2), num(doc, c->months_range.hi, 2))),
                             T("report.cmp.months.reading")};
        table_row(doc, &t, r5, 0);
        const char *r6[3] = {T("report.cmp.multiple"), fmt(doc, "%s\u00d7", num(doc, c->multiple_of_day, 1)),
                             T("report.cmp.multiple.reading")};
        table_row(doc, &t, r6, 0);
        const char *r7[3] = {TX("report.cmp.pday", inum(doc, c->event.count)), sci(doc, c->log10_p_one_day),
                             c->p_one_day < XD_COMPARE_OTHER_KIND_P
                                 ? T("report.cmp.pday.reading.small")
                                 : TX("report.cmp.pday.reading", num(doc, 1.0 / c->p_one_day, c->p_one_day > 0.1 ? 1 : 0))};
        table_row(doc, &t, r7, 0);
    }
    if (c->year_kind == XD_YEAR_TRANSFERS_ONLY) {
        const char *year = fmt(doc, "%d", c->year);
        const char *r[3] = {TX("report.cmp.year_transfers", year), pct(doc, c->year_transfers_share, 1),
                            TX("report.cmp.year_transfers.reading", year, inum(doc, c->year_transfers))};
        table_row(doc, &t, r, 0);
    } else if (c->year_kind == XD_YEAR_WITH_TREATY) {
        char ybuf[64];
        const char *year = fmt(doc, "%s", xd_compare_year_text(c, doc->lang, ybuf, sizeof ybuf));
        const char *days = inum(doc, c->year_days);
        const xd_rate_test *w = &c->with_transfers;
        if (c->covered_transfers > 0) {
            const char *r[3] = {TX("report.cmp.year_with", year, days),
                                TX("report.cmp.ratio", num(doc, w->ratio, 2),
                                   interval(doc, b->level, w->ci.lo, w->ci.hi, 2), pval_test(doc, w)),
                                join2(doc,
                                      TX("report.cmp.year_with.reading", count_of(doc, c->year_treaty, "extradition"),
                                         count_of(doc, c->covered_transfers, "transferred")),
                                      significance(doc, w->p_value, b->level, 0))};
            table_row(doc, &t, r, 0);
        }
        const xd_rate_test *wo = &c->without_transfers;
        const char *r[3] = {TX("report.cmp.year_treaty", year, days),
                            TX("report.cmp.ratio", num(doc, wo->ratio, 2),
                               interval(doc, b->level, wo->ci.lo, wo->ci.hi, 2), pval_test(doc, wo)),
                            join2(doc, TX("report.cmp.year_treaty.reading", inum(doc, c->year_treaty)),
                                  significance(doc, wo->p_value, b->level, 0))};
        table_row(doc, &t, r, 0);
    }
    table_end(doc, &t);

    /* trend */
    heading2(doc, TX("report.trend.title", period(doc, a->series.from, a->series.to)));
    if (!a->has_trend) {
        para(doc, XD_RS_BODY, T("report.trend.none"));
        return;
    }
    const xd_trend *tr = &a->trend;
    {
        char *sent[8];
        char subject[256];
        size_t ns = xd_trend_sentences(tr, xd_trend_subject(doc->ds, tr->measure, doc->lang, subject, sizeof subject),
                                       doc->lang, sent, 8);
        for (size_t i = 0; i < ns; i++) {
            /* the headline in bold, the rest as it comes */
            para(doc, i == 0 ? XD_RS_BODY_BOLD : XD_RS_BODY, fmt(doc, "%s", sent[i]));
            free(sent[i]);
        }
        para(doc, XD_RS_SMALL, TX("report.trend.headline_model", T(fmt(doc, "model.%s", xd_model_name(tr->models.headline_model)))));
    }
    t = (r_table){0};
    t.zebra = 1;
    table_begin(doc, &t, cols, 3);
    /* the models; the one that speaks comes first */
    const xd_models *md = &tr->models;
    const char *pctw = "%s%s";
    if (md->headline_model == XD_MODEL_JOINPOINT) {
        const xd_joinpoint *jp = &md->joinpoint;
        for (int i = 0; i < jp->n_segments; i++) {
            const xd_joinpoint_segment *sg = &jp->segments[i];
            const char *r[3] = {TX("report.trend.jp.segment", fmt(doc, "%.0f", sg->from), fmt(doc, "%.0f", sg->to)),
                                TX("report.trend.change.value", fmt(doc, pctw, sg->apc > 0 ? "+" : "", pct(doc, sg->apc / 100, 1)),
                                   interval(doc, tr->level, sg->apc_ci.lo, sg->apc_ci.hi, 1), pval(doc, sg->p_value)),
                                i == 0 ? TX("report.trend.jp.reading", jp_years(doc, jp),
                                            T(jp->selected_by == XD_JP_FORCED ? "trend.selected.forced"
                                                                              : "trend.selected.test"))
                                       : T("report.trend.jp.reading.next")};
            table_row(doc, &t, r, 0);
        }
        const char *r[3] = {T("report.trend.aapc"),
                            TX("report.trend.change.value", fmt(doc, pctw, jp->aapc > 0 ? "+" : "", pct(doc, jp->aapc / 100, 1)),
                               interval(doc, tr->level, jp->aapc_ci.lo, jp->aapc_ci.hi, 1), pval(doc, jp->aapc_p_value)),
                            T("report.trend.aapc.reading")};
        table_row(doc, &t, r, 0);
    }
    const xd_loglinear *qp = &md->quasi_poisson;
    if (qp->estimable) {
        const char *r[3] = {T("report.trend.qp"),
                            TX("report.trend.poisson.value", fmt(doc, pctw, qp->pct_change > 0 ? "+" : "", pct(doc, qp->pct_change / 100, 1)),
                               interval(doc, tr->level, qp->pct_change_ci.lo, qp->pct_change_ci.hi, 1),
                               pval(doc, qp->p_value), num(doc, qp->dispersion, 1)),
                            join2(doc, T("report.trend.qp.reading"), significance(doc, qp->p_value, tr->level, 1))};
        table_row(doc, &t, r, 0);
    }
    const xd_negative_binomial *nb = &md->negative_binomial;
    if (nb->estimable) {
        const char *r[3] = {T("report.trend.nb"),
                            TX("report.trend.change.value", fmt(doc, pctw, nb->pct_change > 0 ? "+" : "", pct(doc, nb->pct_change / 100, 1)),
                               interval(doc, tr->level, nb->pct_change_ci.lo, nb->pct_change_ci.hi, 1),
                               pval(doc, nb->p_value)),
                            nb->poisson_limit ? T("report.trend.nb.limit")
                                              : join2(doc, TX("report.trend.nb.reading", num(doc, nb->theta, 1)),
                                                      significance(doc, nb->p_value, tr->level, 1))};
        table_row(doc, &t, r, 0);
    }
    const char *r2_none[3] = {T("report.trend.poisson"), T("report.trend.poisson.none"),
                              T("report.trend.poisson.none.reading")};
    const char *r2[3] = {
        T("report.trend.poisson"),
        TX("report.trend.poisson.value", fmt(doc, "%s%s", tr->poisson.pct_change > 0 ? "+" : "",
                                             pct(doc, tr->poisson.pct_change / 100, 1)),
           interval(doc, tr->level, tr->poisson.pct_change_ci.lo, tr->poisson.pct_change_ci.hi, 1),
           pval(doc, tr->poisson.p_value), num(doc, tr->poisson.dispersion, 1)),
        tr->poisson.overdispersed ? TX("report.trend.poisson.over", num(doc, tr->poisson.dispersion, 1))
                                  : join2(doc, T("report.trend.poisson.reading"),
                                          significance(doc, tr->poisson.p_value, tr->level, 1))};
    table_row(doc, &t, tr->poisson.estimable ? r2 : r2_none, 0);
    const char *r1[3] = {T("report.trend.ols"),
                         TX("report.trend.ols.value", signed_num(doc, tr->ols.slope, 2),
                            interval(doc, tr->level, tr->ols.slope_ci.lo, tr->ols.slope_ci.hi, 2),
                            num(doc, tr->ols.r2, 2), pval(doc, tr->ols.p_value)),
                         join2(doc, T("report.trend.ols.reading"), significance(doc, tr->ols.p_value, tr->level, 1))};
    table_row(doc, &t, r1, 0);
    const char *r3[3] = {T("report.trend.mk"),
                         TX("report.trend.mk.value", num(doc, tr->mk.tau, 2), numw(doc, tr->mk.s, 1), num(doc, tr->mk.z, 2),
                            pval(doc, tr->mk.p_value)),
                         join2(doc, T("report.trend.mk.reading"), significance(doc, tr->mk.p_value, tr->level, 1))};
    table_row(doc, &t, r3, 0);
    const char *r4[3] = {T("report.trend.sen"),
                         TX("report.trend.sen.value", signed_num(doc, tr->mk.sen_slope, 2),
                            interval(doc, tr->level, tr->mk.sen_ci.lo, tr->mk.sen_ci.hi, 2)),
                         T("report.trend.sen.reading")};
    table_row(doc, &t, r4, 0);
    table_end(doc, &t);
    if (tr->n_gaps)
        para(doc, XD_RS_SMALL, TX("report.trend.skipped", year_list(doc, tr->gaps, tr->n_gaps)));
}

static void part_pace(r_doc *doc)
{
    const xd_baseline *b = &doc->a->cmp.base;
    section(doc, T("report.part.pace"));
    char why[256];
    if (xd_chart_missing(doc->a, XD_CHART_PACE, why, sizeof why))
        para(doc, XD_RS_BODY, T("report.pace.none"));
    else
        chart_block(doc, XD_CHART_PACE, TX("report.pace.note", period(doc, b->from, b->to)));
    if (xd_chart_missing(doc->a, XD_CHART_TREND, why, sizeof why)) {
        /* no chart drawn from too few years */
        para(doc, XD_RS_BODY, T("report.trend.none"));
        return;
    }
    chart_block(doc, XD_CHART_TREND, T("report.trendchart.note"));
}

/* ---- who was handed over (people.csv) -------------------------------------------- */

/* "a,b,c": the distinct sources of some rows, for refs(). */
static const char *row_ids(r_doc *doc, const xd_person_row *const *rows, size_t n)
{
    char *list = NULL;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(rows[k]->source, rows[i]->source) == 0;
        if (seen)
            continue;
        char *nl = realloc(list, len + strlen(rows[i]->source) + 2);
        if (!nl)
            break;
        list = nl;
        len += (size_t)sprintf(list + len, "%s%s", len ? "," : "", rows[i]->source);
    }
    return keep(doc, list ? list : strdup(""));
}

static const char *person_name(r_doc *doc, const xd_person *p)
{
    if (p->identified == XD_ID_SEALED)
        return *p->name ? TX("people.name.sealed_as", p->name) : T("people.name.sealed");
    if (p->identified == XD_ID_PARTIAL)
        return TX("people.name.partial", p->name);
    return p->name;
}

/* "“A” [1] or “B” [2] [3]" */
static const char *values_refs(r_doc *doc, const xd_person_attr *a)
{
    const char *out = "";
    for (size_t k = 0; k < a->n_values; k++) {
        const xd_person_value *v = &a->values[k];
        const char *one = TX("report.people.value", v->value, refs(doc, row_ids(doc, v->rows, v->n_rows)));
        out = k ? TX("report.people.or", out, one) : one;
    }
    return out;
}

static const char *person_cell(r_doc *doc, const xd_person *p, xd_pfield f)
{
    const xd_person_attr *a = &p->attr[f];
    return a->disputed ? T("report.people.cell.disputed") : a->value;
}

static void part_people(r_doc *doc)
{
    const xd_dataset *ds = doc->ds;
    const xd_people *pp = ds->people;
    xd_people_tally t;
    xd_diags quiet;
    xd_diags_init(&quiet);
    int rc = xd_people_tally_make(ds, pp, NULL, XD_PF_ORGANIZATION, &t, &quiet);
    xd_diags_free(&quiet);
    if (rc != XD_OK) {
        doc->oom |= rc == XD_ENOMEM;
        xd_people_tally_free(&t);
        return;
    }
    section(doc, T("report.part.people"));
    para(doc, XD_RS_BODY, T("report.people.intro"));
    for (size_t i = 0; i < t.n_transfers; i++) {
        const xd_people_transfer *x = &t.transfers[i];
        const xd_transfer *tr = x->transfer;
        char noun[64];
        xd_lang_count(doc->lang, noun, sizeof noun, (double)x->count, "person");
        const char *text = x->full == x->count && x->count > 1
                               ? TX("report.people.transfer.all", date_text(doc, tr->year, tr->month, tr->day),
                                    inum(doc, x->count))
                               : TX("report.people.transfer", date_text(doc, tr->year, tr->month, tr->day),
                                    inum(doc, x->full), fmt(doc, "%s", noun));
        if (x->partial)
            text = fmt(doc, "%s%s", text, TX("report.people.partial", inum(doc, x->partial)));
        if (x->sealed)
            text = fmt(doc, "%s%s", text, TX("report.people.sealed", inum(doc, x->sealed)));
        if (x->unlisted)
            text = fmt(doc, "%s%s", text, TX("report.people.unlisted", inum(doc, x->unlisted)));
        bullet(doc, XD_RS_BODY, fmt(doc, "%s%s", text, T("report.people.end")));
    }
    space(doc, 0.1);
    chart_block(doc, XD_CHART_PEOPLE, NULL);
    /* the same people by charging district */
    chart_block(doc, XD_CHART_PEOPLE, NULL);
    if (doc->n)
        doc->b[doc->n - 1].chart.variant = 1;

    /* the names, transfer by transfer */
    static r_col cols[5];
    cols[0] = (r_col){T("report.people.col.name"), 4.1, 0, 0};
    cols[1] = (r_col){T("report.people.col.alias"), 2.9, 0, 0};
    cols[2] = (r_col){T("report.people.col.organization"), 3.5, 0, 0};
    cols[3] = (r_col){T("report.people.col.district"), 4.2, 0, 0};
    cols[4] = (r_col){T("report.people.col.sources"), TEXT_W - 14.7, 0, 0};
    for (size_t i = 0; i < t.n_transfers; i++) {
        const xd_people_transfer *x = &t.transfers[i];
        const xd_transfer *tr = x->transfer;
        if (!x->listed)
            continue;
        heading2(doc, TX("report.people.list", date_text(doc, tr->year, tr->month, tr->day), inum(doc, x->listed),
                         inum(doc, x->count)));
        r_table tab = {0};
        tab.zebra = 1;
        table_begin(doc, &tab, cols, 5);
        for (size_t k = 0; k < pp->n_people; k++) {
            const xd_person *p = &pp->people[k];
            if (p->transfer != tr)
                continue;
            const char *district = person_cell(doc, p, XD_PF_DISTRICT);
            const char *arrival = person_cell(doc, p, XD_PF_ARRIVAL);
            if (*arrival)
                district = *district ? TX("report.people.district_arrival", district, arrival)
                                     : TX("report.people.arrival_only", arrival);
            const char *cells[5] = {person_name(doc, p), person_cell(doc, p, XD_PF_ALIAS),
                                    person_cell(doc, p, XD_PF_ORGANIZATION), district,
                                    refs(doc, row_ids(doc, p->rows, p->n_rows))};
            table_row(doc, &tab, cells, 0);
        }
        table_end(doc, &tab);
    }

    /* what the sources disagree on, in words */
    heading2(doc, T("report.people.disputes.title"));
    static const char *const field_keys[XD_PF_COUNT] = {"report.people.field.alias", "report.people.field.organization",
                                                        "report.people.field.district",
                                                        "report.people.field.arrival"};
    size_t said = 0;
    for (size_t k = 0; k < pp->n_people; k++) {
        const xd_person *p = &pp->people[k];
        const xd_transfer *tr = p->transfer;
        for (int f = 0; f < XD_PF_COUNT; f++) {
            const xd_person_attr *a = &p->attr[f];
            if (!a->conflict)
                continue;
            const char *who = person_name(doc, p), *when = date_text(doc, tr->year, tr->month, tr->day);
            if (a->disputed)
                bullet(doc, XD_RS_BODY,
                       TX("report.people.disputed", who, when, T(field_keys[f]), values_refs(doc, a)));
            else
                bullet(doc, XD_RS_BODY,
                       TX("report.people.resolved", who, when, T(field_keys[f]), values_refs(doc, a), a->value));
            said++;
        }
    }
    if (!said)
        para(doc, XD_RS_BODY, T("report.people.disputes.none"));
    para(doc, XD_RS_SMALL, T("report.people.note"));
    xd_people_tally_free(&t);
}

static const char *stat_word(r_doc *doc, const xd_aggregate *g)
{
    return g->statistic == XD_AGG_MEAN ? T("report.stat.mean") : T("report.stat.total");
}

static const char *agg_value(r_doc *doc, const xd_aggregate *g)
{
    const char *dot = g->value_text ? strchr(g->value_text, '.') : NULL;
    return num(doc, g->value, dot ? (int)strlen(dot + 1) : 0);
}

static void part_methods(r_doc *doc)
{
    const xd_analysis *a = doc->a;
    const xd_compare *c = &a->cmp;
    const xd_baseline *b = &c->base;
    const xd_dataset *ds = doc->ds;
    section(doc, T("report.part.methods"));

    heading2(doc, T("report.m.how"));
    const char *per = period(doc, b->from, b->to);
    if (b->kind == XD_BASELINE_REPORTED)
        bullet(doc, XD_RS_BODY, TX("report.m.baseline_reported", per, numw(doc, b->mean, 1), refs(doc, b->sources)));
    else
        bullet(doc, XD_RS_BODY, TX("report.m.baseline_computed", per, count_of(doc, b->years, "year")));
    bullet(doc, XD_RS_BODY, TX("report.m.share", inum(doc, b->days), per));
    bullet(doc, XD_RS_BODY, T("report.m.pday"));
    bullet(doc, XD_RS_BODY, T("report.m.ratetest"));
    bullet(doc, XD_RS_BODY, T("report.m.summary"));
    bullet(doc, XD_RS_BODY, T("report.m.trend"));

    if (ds->n_transfers) {
        /* what each row says happened, in its own words; "outside the treaty" only for the kinds that are */
        heading2(doc, T("report.m.transfer.title"));
        para(doc, XD_RS_BODY, T("report.m.transfer.intro"));
        size_t outside = 0;
        for (size_t i = 0; i < ds->n_transfers; i++) {
            const xd_transfer *t = &ds->transfers[i];
            outside += xd_transfer_outside_treaty(t) != 0;
            bullet(doc, XD_RS_BODY, TX("report.m.transfer.item", xd_transfer_mechanism(t, doc->lang),
                                       date_text(doc, t->year, t->month, t->day), count_of(doc, t->count, "person"),
                                       refs(doc, t->source)));
        }
        if (outside)
            para(doc, XD_RS_BODY, T(outside < ds->n_transfers ? "report.m.transfer.some"
                                    : outside == 1        ? "report.m.transfer.one"
                                                          : "report.m.transfer"));
        if (outside < ds->n_transfers)
            para(doc, XD_RS_BODY, T("report.m.transfer.extradition"));
    }
    heading2(doc, T("report.m.calendar.title"));
    para(doc, XD_RS_BODY, T("report.m.calendar"));
    /* remarks only the dataset can make (a country's fiscal year, its terms of office) */
    const char *notes[16];
    size_t n_notes = xd_dataset_method_notes(ds, doc->lang, notes, 16);
    if (n_notes) {
        heading2(doc, T("report.m.dataset.title"));
        for (size_t i = 0; i < n_notes; i++)
            para(doc, XD_RS_BODY, notes[i]);
    }
    heading2(doc, T("report.m.aggregates.title"));
    para(doc, XD_RS_BODY, T("report.m.aggregates"));
    heading2(doc, T("report.m.poisson.title"));
    para(doc, XD_RS_BODY, T("report.m.poisson"));
    /* said only when the handover's day is that far out */
    if (c->has_event && c->p_one_day < XD_COMPARE_OTHER_KIND_P)
        para(doc, XD_RS_BODY, T("report.m.poisson.tiny"));
    if (a->has_trend && a->trend.poisson.estimable)
        para(doc, XD_RS_BODY,
             a->trend.poisson.overdispersed ? TX("report.m.poisson.over", num(doc, a->trend.poisson.dispersion, 1))
                                            : TX("report.m.poisson.ok", num(doc, a->trend.poisson.dispersion, 1)));
    /* the spread of the baseline years themselves, which is what a reader imagines */
    if (a->has_summary_baseline && a->summary_baseline.desc.n >= 3 && a->summary_baseline.desc.mean > 0) {
        const xd_describe *bd = &a->summary_baseline.desc;
        para(doc, XD_RS_BODY,
             TX("report.m.poisson.baseline", period(doc, b->from, b->to),
                num(doc, bd->sd * bd->sd / bd->mean, 1)));
    }
    heading2(doc, T("report.m.models.title"));
    para(doc, XD_RS_BODY, T("report.m.models"));
    heading2(doc, T("report.m.conflicts.title"));
    para(doc, XD_RS_BODY, T("report.m.conflicts"));

    heading2(doc, T("report.checks.title"));
    const char *main_measure = b->measure;
    size_t others = 0;
    for (size_t i = 0; i < a->check.n; i++) {
        const xd_reconcile *r = &a->check.items[i];
        const xd_aggregate *g = r->aggregate;
        if (strcmp(g->measure, main_measure) != 0) {
            others++;
            continue;
        }
        const char *what = TX("report.check.what", stat_word(doc, g), agg_value(doc, g), span_for(doc, g),
                              refs(doc, g->source));
        const char *text;
        int dec = g->statistic == XD_AGG_MEAN ? 2 : 0;
        if (r->kind == XD_RECONCILE_NOT_COMPARABLE)
            text = TX("report.check.not_comparable", what);
        else if (r->by_month && r->kind == XD_RECONCILE_COMPLETE)
            text = r->disagrees ? TX("report.check.months_disagree", what, numw(doc, r->computed, dec),
                                     signed_num(doc, r->difference, dec))
                                : TX("report.check.months_agree", what, numw(doc, r->computed, dec));
        else if (r->by_month && r->kind == XD_RECONCILE_PARTIAL)
            text = TX("report.check.months", what, inum(doc, (long)r->n_known), count_of(doc, r->years, "month"),
                      numw(doc, r->known_total, 1), numw(doc, r->implied_missing_total, 1));
        else if (r->kind == XD_RECONCILE_COMPLETE)
            text = r->disagrees ? TX("report.check.disagree", what, numw(doc, r->computed, dec),
                                     signed_num(doc, r->difference, dec))
                                : TX("report.check.agree", what, numw(doc, r->computed, dec));
        else if (r->kind == XD_RECONCILE_PARTIAL)
            text = TX(r->impossible ? "report.check.impossible" : "report.check.partial", what,
                      inum(doc, (long)r->n_known), count_of(doc, r->years, "year"), numw(doc, r->known_total, 1),
                      year_list(doc, r->missing, r->n_missing), numw(doc, r->implied_missing_total, 1),
                      numw(doc, r->implied_missing_total / (double)(r->n_missing ? r->n_missing : 1), 2));
        else
            text = TX("report.check.none", what);
        if (r->has_unresolved)
            text = join2(doc, text, T("report.check.unresolved"));
        /* the dataset's own note on the figure: how the source worded its period */
        const char *note = xd_aggregate_note(g, doc->lang);
        if (*note)
            text = join2(doc, text, TX("report.check.note", note));
        bullet(doc, XD_RS_BODY, text);
    }
    if (others) {
        /* one line per other measure, its aggregates in file order */
        para(doc, XD_RS_BODY, T("report.check.others"));
        for (size_t i = 0; i < a->check.n; i++) {
            const char *m = a->check.items[i].aggregate->measure;
            int first = strcmp(m, main_measure) != 0;
            for (size_t k = 0; k < i && first; k++)
                first = strcmp(a->check.items[k].aggregate->measure, m) != 0;
            if (!first)
                continue;
            char *list = NULL;
            size_t len = 0;
            for (size_t k = i; k < a->check.n; k++) {
                const xd_aggregate *g = a->check.items[k].aggregate;
                if (strcmp(g->measure, m) != 0)
                    continue;
                const char *item = TX("report.check.other_item", span_text(doc, g),
                                      stat_word(doc, g), agg_value(doc, g), refs(doc, g->source));
                if (!join_to(&list, &len, item))
                    break;
            }
            bullet(doc, XD_RS_SMALL,
                   TX("report.check.other", xd_dataset_measure_label(ds, m, doc->lang == XD_LANG_EN ? "en" : "es"),
                      list ? list : ""));
            free(list);
        }
    }
}

static void part_sources(r_doc *doc)
{
    const xd_dataset *ds = doc->ds;
    section(doc, T("report.part.sources"));
    para(doc, XD_RS_BODY, T("report.sources.intro"));
    space(doc, 0.1);
    for (size_t i = 0; i < ds->n_sources; i++) {
        if (!doc->cited[i])
            continue;
        const xd_source *s = &ds->sources[i];
        xd_rblock *b = add(doc, XD_RB_SOURCE);
        if (!b)
            return;
        b->src.number = i + 1;
        b->src.name = xd_source_name(s, doc->lang);
        b->src.meta = TX("report.sources.meta", published_text(doc, s->published), s->id);
        b->src.url = s->url;
    }
}

static const char *const dataset_files[] = {"annual.csv",  "aggregates.csv", "transfers.csv",
                                            "sources.csv", "meta.csv",       "monthly.csv",
                                            "people.csv"};

static int part_reproduce(r_doc *doc, const xd_report_options *o, const char *date, xd_diags *d)
{
    const xd_dataset *ds = doc->ds;
    section(doc, T("report.part.repro"));
    para(doc, XD_RS_BODY, T("report.repro.intro"));
    static r_col cols[3];
    cols[0] = (r_col){T("report.repro.file"), 3.3, 0, 0};
    cols[1] = (r_col){T("report.repro.bytes"), 1.9, 1, 0};
    cols[2] = (r_col){"SHA-256", TEXT_W - 5.2, 0, XD_RS_MONO};
    r_table t = {0};
    table_begin(doc, &t, cols, 3);
    for (size_t i = 0; i < sizeof dataset_files / sizeof dataset_files[0]; i++) {
        char path[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", ds->dir, dataset_files[i]);
        if (stat(path, &st) != 0)
            continue;
        char hex[65];
        int rc = xd_sha256_file(path, hex, d);
        if (rc != XD_OK)
            return rc;
        const char *cells[3] = {dataset_files[i], inum(doc, (long)st.st_size), fmt(doc, "%s", hex)};
        table_row(doc, &t, cells, 0);
    }
    table_end(doc, &t);
    heading2(doc, T("report.repro.command"));
    para(doc, XD_RS_MONO, o->command_line ? o->command_line : "");
    heading2(doc, T("report.repro.software"));
    bullet(doc, XD_RS_BODY, TX("report.repro.version", XD_VERSION));
    bullet(doc, XD_RS_BODY, TX(o->epoch_fixed ? "report.repro.date_fixed" : "report.repro.date", date));
    bullet(doc, XD_RS_BODY, TX("report.repro.lang", xd_lang_code(doc->lang)));
    bullet(doc, XD_RS_BODY, TX("report.repro.folder", ds->dir));
    return XD_OK;
}


/* ---- composing and writing ------------------------------------------------------- */

void xd_rdoc_free(xd_rdoc *doc)
{
    for (size_t i = 0; i < doc->n; i++) {
        xd_rblock *b = &doc->b[i];
        if (b->table) {
            free(b->table->cells);
            free(b->table->mark);
            free(b->table);
        }
        free(b->fig);
    }
    free(doc->b);
    xd_strpool_free(&doc->pool);
    free(doc->cited);
    memset(doc, 0, sizeof *doc);
}

int xd_report_compose(const xd_analysis *a, const xd_report_options *o, xd_rdoc *doc, xd_diags *d)
{
    memset(doc, 0, sizeof *doc);
    doc->a = a;
    doc->ds = a->ds;
    doc->lang = a->lang;
    doc->cited = calloc(a->ds->n_sources + 1, sizeof *doc->cited);
    if (!doc->cited)
        return xd_error(d, XD_ENOMEM, "out of memory composing the report");
    const char *title = o->title;
    if (!title || !*title) {
        if (doc->lang != XD_LANG_EN)
            title = xd_dataset_meta(doc->ds, "title_es");
        if (!title || !*title)
            title = xd_dataset_meta(doc->ds, "title");
        if (!title || !*title) /* never a folder or measure name: the measure's label, else "Extraditions" */
            title = xd_measure_label(doc->ds, doc->ds->main_measure, doc->lang);
    }
    doc->title = title;

    time_t t = (time_t)o->epoch;
    struct tm tm;
    char date[96] = "";
    if (gmtime_r(&t, &tm))
        xd_lang_date(doc->lang, date, sizeof date, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    doc->date = fmt(doc, "%s", date);
    doc->footer = TX("report.footer", doc->ds->name, XD_VERSION, date);

    part_headline(doc);
    part_years(doc);
    part_statistics(doc);
    part_pace(doc);
    if (doc->ds->people)
        part_people(doc);
    part_methods(doc);
    part_sources(doc);
    int rc = part_reproduce(doc, o, date, d);
    if (rc == XD_OK && doc->oom)
        rc = xd_error(d, XD_ENOMEM, "out of memory composing the report");
    if (rc != XD_OK)
        xd_rdoc_free(doc);
    return rc;
}

const xd_analysis *xd_rchart_analysis(const xd_analysis *a, const xd_rchart *c, xd_analysis *copy)
{
    if (!c->variant)
        return a;
    *copy = *a; /* read only */
    copy->people_by_district = c->variant == 1;
    return copy;
}

char *xd_report_plain(const char *text, int glue)
{
    static const char open[] = XD_CITE_OPEN, close[] = XD_CITE_CLOSE;
    size_t ml = sizeof open - 1;
    const char *s = text ? text : "";
    char *out = malloc(strlen(s) + 2);
    if (!out)
        return NULL;
    size_t o = 0;
    int after_cite = 0;
    for (const char *p = s; *p;) {
        if (strncmp(p, open, ml) == 0) {
            /* "word [n]": the space before the first citation of a run becomes a
             * no-break space (two bytes for one, hence the room above) */
            if (glue && o && out[o - 1] == ' ' && !after_cite) {
                out[o - 1] = (char)0xC2;
                out[o++] = (char)0xA0;
            }
            p += ml;
            continue;
        }
        if (strncmp(p, close, ml) == 0) {
            p += ml;
            after_cite = 1;
            continue;
        }
        if (*p != ' ')
            after_cite = 0;
        out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int xd_report_write(const xd_analysis *a, const xd_report_options *o, size_t *pages, xd_diags *d)
{
    if (pages)
        *pages = 0;
    if (o->output && is_dir(o->output))
        return xd_error(d, XD_EUSAGE, "'%s' is a folder; expected the name of the report to write", o->output);
    xd_rdoc doc;
    int rc = xd_report_compose(a, o, &doc, d);
    if (rc != XD_OK)
        return rc;
    xd_outfile out;
    rc = xd_outfile_begin(&out, o->output, d);
    if (rc == XD_OK) {
        const char *tmp = xd_outfile_path(&out);
        if (o->format == XD_REPORT_HTML)
            rc = xd_report_html_write(&doc, o, tmp, d);
        else
            rc = xd_report_pdf_write(&doc, o, tmp, pages, d);
        if (rc == XD_OK)
            rc = xd_outfile_commit(&out, d);
        else
            xd_outfile_abort(&out);
    }
    if (rc != XD_OK && pages)
        *pages = 0;
    xd_rdoc_free(&doc);
    return rc;
}
