/* The report as one self-contained HTML file: the document tree (report_doc.h) as
 * HTML with its stylesheet inline and every chart as inline SVG, drawn by the same
 * gnuplot scripts as the PDF's through the svg terminal. No script, nothing fetched:
 * the only links are the sources' own (http, https and mailto only) and the
 * citations' to the list of sources.
 *
 * Every text is escaped for where it goes (html.h); the SVG is cleaned (svg.h). */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart.h"
#include "html.h"
#include "keepdir.h"
#include "outfile.h"
#include "report_doc.h"
#include "svg.h"

/* Each chart is drawn twice, without its title, subtitle and source line (the page
 * says them, in text that wraps): for a wide column, and for a phone, each with its
 * text at a size readable on screen; the stylesheet shows one of them. */
typedef struct variant {
    const char *name; /* the svg's class and the --keep subfolder */
    const char *size; /* pixels */
    double body_px;   /* its body text */
} variant;
static const variant variants[2] = {{"wide", "840x520", 13.0}, {"narrow", "340x420", 12.0}};

static const char css[] =
    ":root{--ink:#1a1a1a;--grey:#555;--blue:#0066a1;--red:#b84a00;--panel:#f2f5f9;--head:#e9edf2;"
    "--shade:#fbf3e6;--zebra:#f7f7f7;--rule:#c8cdd2}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:var(--ink);"
    "background:#fff;line-height:1.5;font-size:1rem}\n"
    "header,nav,main,footer{max-width:54rem;margin:0 auto;padding:0 1rem}\n"
    "h1{font-size:1.75rem;line-height:1.2;margin:1.5rem 0 .4rem}\n"
    "h2{font-size:1.35rem;line-height:1.25;color:var(--blue);margin:2.5rem 0 .8rem;padding-top:1rem;"
    "border-top:1px solid var(--rule)}\n"
    "h3{font-size:1.1rem;margin:1.6rem 0 .5rem}\n"
    "p,li,dd,td,th,figcaption,summary{overflow-wrap:break-word}\n"
    "a{color:var(--blue)}\n"
    ".subtitle{color:var(--grey);margin:0 0 1.2rem}\n"
    "nav ol{margin:.4rem 0;padding-left:1.4rem;font-size:.95rem}\n"
    ".figures,.strip{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem;"
    "margin:1rem 0}\n"
    ".big{background:var(--panel);padding:1rem;text-align:center}\n"
    ".big p{margin:0}\n"
    ".big .value{font-size:3rem;font-weight:bold;line-height:1.1;color:var(--red)}\n"
    ".big.base .value{color:var(--blue)}\n"
    ".big .caption{font-weight:bold;margin-top:.3rem}\n"
    ".big .detail{color:var(--grey);font-size:.875rem}\n"
    ".strip{border-bottom:1px solid var(--rule);padding-bottom:.8rem}\n"
    ".strip p{margin:0;color:var(--grey);font-size:.875rem}\n"
    ".strip strong{display:block;color:var(--ink);font-size:1.4rem}\n"
    ".lead{font-weight:bold}\n"
    ".note,figcaption{color:var(--grey);font-size:.875rem}\n"
    "ul.note{padding-left:1.2rem}\n"
    "figure{margin:1.8rem 0 .5rem}\n"
    "figure svg{display:block;width:100%;height:auto;max-width:100%;margin:.4rem 0}\n"
    "figure svg.narrow{display:none}\n"
    ".chart-title{display:block;font-weight:bold;font-size:1.1rem;line-height:1.3;color:var(--ink)}\n"
    ".chart-sub{display:block;margin-top:.2rem}\n"
    ".chart-fig{display:block;margin-top:.2rem;font-weight:bold;color:var(--red)}\n"
    ".chart-source,.chart-note{color:var(--grey);font-size:.8rem;margin:.2rem 0}\n"
    "details{margin:.3rem 0 1.5rem;font-size:.875rem}\n"
    "summary{cursor:pointer;color:var(--blue)}\n"
    "table{border-collapse:collapse;width:100%;font-size:.875rem;margin:.5rem 0 1.2rem}\n"
    "th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--rule);"
    "overflow-wrap:break-word}\n"
    "thead th{background:var(--head);border-bottom:2px solid #404040}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "table.zebra tbody tr:nth-child(even){background:var(--zebra)}\n"
    "tbody tr.mark{background:var(--shade)}\n"
    "code{font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",Consolas,monospace;font-size:.85em;"
    "overflow-wrap:anywhere;word-break:break-all}\n"
    "p.code{background:var(--panel);padding:.5rem .7rem}\n"
    "ol.sources{padding-left:2.6rem}\n"
    "ol.sources li{margin-bottom:.7rem}\n"
    "ol.sources .name{display:block}\n"
    "ol.sources .meta{display:block;color:var(--grey);font-size:.875rem}\n"
    ".url{display:block;overflow-wrap:anywhere;word-break:break-all}\n"
    "footer{color:var(--grey);font-size:.8rem;border-top:1px solid var(--rule);margin-top:2.5rem;"
    "padding-top:1rem;padding-bottom:2rem}\n"
    /* narrow screens: each table row becomes a block of "head: value" lines */
    "@media (max-width:40rem){\n"
    "h1{font-size:1.45rem}\n"
    "figure svg.wide{display:none}\n"
    "figure svg.narrow{display:block}\n"
    "table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}\n"
    "table.stack tr{display:block;border-bottom:1px solid var(--rule);padding:.3rem 0}\n"
    "table.stack th,table.stack td{display:block;border:0;padding:.1rem .4rem;text-align:left}\n"
    "table.stack td[data-label]::before{content:attr(data-label) \": \";font-weight:bold;color:var(--grey)}\n"
    "}\n"
    "@media print{\n"
    "@page{size:A4;margin:16mm 18mm}\n"
    "body{font-size:10pt}\n"
    "header,nav,main,footer{max-width:none;padding:0}\n"
    "nav,details{display:none}\n"
    "figure svg.wide{display:block}\n"
    "figure svg.narrow{display:none}\n"
    "h2,h3{break-after:avoid}\n"
    "figure,tr,.big{break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    "a{color:inherit;text-decoration:none}\n"
    "}\n";

/* ---- text ------------------------------------------------------------------------- */

/* A text of the tree: escaped, with each citation "[n]" a link to the list of
 * sources and glued to the word before it. */
static void text_out(FILE *f, const xd_rdoc *doc, const char *s)
{
    static const char open[] = XD_CITE_OPEN, close[] = XD_CITE_CLOSE;
    const size_t ml = sizeof open - 1;
    int after_cite = 0;
    const char *p = s ? s : "";
    while (*p) {
        const char *m = strstr(p, open);
        size_t n = m ? (size_t)(m - p) : strlen(p);
        /* close markers out of place are dropped */
        const char *stray;
        while ((stray = strstr(p, close)) && stray < p + n) {
            xd_html_text_n(f, p, (size_t)(stray - p));
            n -= (size_t)(stray - p) + ml;
            p = stray + ml;
        }
        int glue = m && n > 0 && p[n - 1] == ' ' && !(after_cite && n == 1);
        xd_html_text_n(f, p, glue ? n - 1 : n);
        if (n && !(n == 1 && p[0] == ' '))
            after_cite = 0;
        if (!m)
            break;
        if (glue)
            fputs("\xC2\xA0", f);
        const char *c = m + ml, *e = strstr(c, close);
        if (!e) { /* an open marker without its end: the rest as text */
            p = c;
            continue;
        }
        /* "[n]" with n a source of the list */
        size_t num = 0;
        int ok = e - c >= 3 && c[0] == '[' && e[-1] == ']';
        for (const char *d = c + 1; ok && d < e - 1; d++) {
            ok = *d >= '0' && *d <= '9' && num < 100000;
            num = num * 10 + (size_t)(*d - '0');
        }
        if (ok && num >= 1 && num <= doc->ds->n_sources && doc->cited[num - 1])
            fprintf(f, "<a class=\"cite\" href=\"#src-%zu\">[%zu]</a>", num, num);
        else
            xd_html_text_n(f, c, (size_t)(e - c));
        after_cite = 1;
        p = e + ml;
    }
}

/* An attribute value from a tree text: citations as plain "[n]". */
static void attr_out(FILE *f, const char *s)
{
    char *plain = xd_report_plain(s, 0);
    xd_html_attr(f, plain ? plain : "");
    free(plain);
}

/* ---- blocks ------------------------------------------------------------------------ */

static void table_out(FILE *f, const xd_rdoc *doc, const xd_rtable *t)
{
    if (t->note) {
        fputs("<p class=\"note\">", f);
        text_out(f, doc, t->note);
        fputs("</p>\n", f);
    }
    fprintf(f, "<table class=\"stack%s\">\n<thead><tr>", t->zebra ? " zebra" : "");
    for (size_t c = 0; c < t->ncols; c++) {
        fprintf(f, "<th scope=\"col\"%s>", t->cols[c].right ? " class=\"num\"" : "");
        text_out(f, doc, t->cols[c].head);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs(t->mark && t->mark[r] ? "<tr class=\"mark\">" : "<tr>", f);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *cell = t->cells[r * t->ncols + c];
            const char *cls = t->cols[c].right ? " class=\"num\"" : "";
            /* the first column names the row */
            if (c == 0) {
                fprintf(f, "<th scope=\"row\"%s>", cls);
            } else {
                fprintf(f, "<td%s data-label=\"", cls);
                attr_out(f, t->cols[c].head);
                fputs("\">", f);
            }
            if (t->cols[c].style == XD_RS_MONO)
                fputs("<code>", f);
            text_out(f, doc, cell);
            if (t->cols[c].style == XD_RS_MONO)
                fputs("</code>", f);
            fputs(c == 0 ? "</th>" : "</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

static void chart_table_out(FILE *f, const xd_rdoc *doc, const xd_chart_table *t)
{
    fputs("<table class=\"stack zebra\">\n<thead><tr>", f);
    for (size_t c = 0; c < t->ncols; c++) {
        fprintf(f, "<th scope=\"col\"%s>", t->right[c] ? " class=\"num\"" : "");
        text_out(f, doc, t->head[c]);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->ncols; c++) {
            const char *cls = t->right[c] ? " class=\"num\"" : "";
            if (c == 0) {
                fprintf(f, "<th scope=\"row\"%s>", cls);
            } else {
                fprintf(f, "<td%s data-label=\"", cls);
                xd_html_attr(f, t->head[c]);
                fputs("\">", f);
            }
            text_out(f, doc, t->cells[r * t->ncols + c]);
            fputs(c == 0 ? "</th>" : "</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

/* What the page says of a chart beside its pictures: its texts, worked out once. */
typedef struct chart_info {
    int ok;
    xd_chart_texts texts;
    xd_chart_table table;
    char *desc;
} chart_info;

static void info_make(const xd_rdoc *doc, const xd_rchart *c, chart_info *ci)
{
    xd_diags quiet;
    xd_diags_init(&quiet);
    xd_analysis copy;
    memset(ci, 0, sizeof *ci);
    ci->ok = xd_chart_texts_get(c->kind, xd_rchart_analysis(doc->a, c, &copy), &ci->texts, &ci->table, &quiet) ==
             XD_OK;
    if (ci->ok)
        ci->desc = xd_chart_desc(&ci->texts);
    xd_diags_free(&quiet);
}

static void info_free(chart_info *ci)
{
    if (ci->ok) {
        xd_chart_texts_free(&ci->texts);
        xd_chart_table_free(&ci->table);
    }
    free(ci->desc);
    memset(ci, 0, sizeof *ci);
}

static void chart_out(FILE *f, const xd_rdoc *doc, const xd_rchart *c, const char *const *svg, const chart_info *ci)
{
    const char *name = xd_chart_name(c->kind);
    int ok = ci->ok;
    const xd_chart_texts texts = ci->texts;
    const xd_chart_table table = ci->table;
    fprintf(f, "<figure class=\"chart\" id=\"chart-%s%s\">\n", name, c->variant ? "-district" : "");
    if (ok) {
        /* the chart's title is its finding; subtitle and figures say what it shows */
        fputs("<figcaption><span class=\"chart-title\">", f);
        text_out(f, doc, texts.title);
        fputs("</span> <span class=\"chart-sub\">", f);
        text_out(f, doc, texts.subtitle);
        fputs("</span>", f);
        if (*texts.figures) {
            fputs(" <span class=\"chart-fig\">", f);
            text_out(f, doc, texts.figures);
            fputs("</span>", f);
        }
        fputs("</figcaption>\n", f);
    }
    for (size_t v = 0; svg && v < 2; v++)
        if (svg[v]) {
            fputs(svg[v], f);
            fputs("\n", f);
        }
    if (ok && *texts.source) {
        fputs("<p class=\"chart-source\">", f);
        text_out(f, doc, texts.source);
        fputs("</p>\n", f);
    }
    if (c->note) {
        fputs("<p class=\"chart-note\">", f);
        text_out(f, doc, c->note);
        fputs("</p>\n", f);
    }
    fputs("</figure>\n", f);
    if (ok && table.nrows) {
        fputs("<details>\n<summary>", f);
        text_out(f, doc, xd_text(doc->lang, "report.html.data"));
        fputs("</summary>\n", f);
        chart_table_out(f, doc, &table);
        fputs("</details>\n", f);
    }
}

static void figures_out(FILE *f, const xd_rdoc *doc, const xd_rfigures *fg)
{
    fputs("<div class=\"figures\">\n", f);
    for (size_t i = 0; i < fg->n_big; i++) {
        const xd_rfigure *b = &fg->big[i];
        fprintf(f, "<div class=\"big%s\">\n<p class=\"value\">", b->base ? " base" : "");
        text_out(f, doc, b->value);
        fputs("</p>\n<p class=\"caption\">", f);
        text_out(f, doc, b->caption);
        fputs("</p>\n<p class=\"detail\">", f);
        text_out(f, doc, b->detail);
        fputs("</p>\n</div>\n", f);
    }
    fputs("</div>\n", f);
    if (!fg->n_strip)
        return;
    fputs("<div class=\"strip\">\n", f);
    for (size_t i = 0; i < fg->n_strip && i < 2; i++) {
        fputs("<p><strong>", f);
        text_out(f, doc, fg->strip_value[i]);
        fputs("</strong> ", f);
        text_out(f, doc, fg->strip_text[i]);
        fputs("</p>\n", f);
    }
    fputs("</div>\n", f);
}

static void source_out(FILE *f, const xd_rdoc *doc, const xd_rsource *s)
{
    fprintf(f, "<li id=\"src-%zu\" value=\"%zu\"><span class=\"name\">", s->number, s->number);
    text_out(f, doc, s->name);
    fputs("</span> <span class=\"meta\">", f);
    text_out(f, doc, s->meta);
    fputs("</span> ", f);
    if (xd_url_linkable(s->url)) {
        fputs("<a class=\"url\" href=\"", f);
        xd_html_url(f, s->url);
        fputs("\">", f);
        xd_html_text(f, s->url);
        fputs("</a>", f);
    } else if (s->url && *s->url) {
        /* not a web or mail address: shown, never followed */
        fputs("<span class=\"url\">", f);
        xd_html_text(f, s->url);
        fputs("</span>", f);
    }
    fputs("</li>\n", f);
}

static const char *para_class(int style)
{
    switch (style) {
    case XD_RS_SMALL:
    case XD_RS_CAPTION_SMALL: return " class=\"note\"";
    case XD_RS_BODY_BOLD: return " class=\"lead\"";
    case XD_RS_MONO: return " class=\"code\"";
    default: return "";
    }
}

static int html_stream(const xd_rdoc *doc, const char *const *svgs, const chart_info *infos, FILE *f)
{
    const char *lang = xd_lang_code(doc->lang);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"extrad %s\">\n<title>",
            lang, XD_VERSION);
    xd_html_text(f, doc->title);
    fputs("</title>\n<style>\n", f);
    fputs(css, f);
    fputs("</style>\n</head>\n<body>\n", f);

    /* the title first, then the contents, then the parts */
    fputs("<header>\n", f);
    for (size_t k = 0; k < doc->n; k++) {
        if (doc->b[k].kind == XD_RB_TITLE) {
            fputs("<h1>", f);
            text_out(f, doc, doc->b[k].text);
            fputs("</h1>\n", f);
        } else if (doc->b[k].kind == XD_RB_SUBTITLE) {
            fputs("<p class=\"subtitle\">", f);
            text_out(f, doc, doc->b[k].text);
            fputs("</p>\n", f);
        }
    }
    fputs("</header>\n<nav aria-label=\"", f);
    xd_html_attr(f, xd_text(doc->lang, "report.html.contents"));
    fputs("\">\n<ol>\n", f);
    size_t sec = 0;
    for (size_t k = 0; k < doc->n; k++)
        if (doc->b[k].kind == XD_RB_SECTION) {
            fprintf(f, "<li><a href=\"#part-%zu\">", ++sec);
            text_out(f, doc, doc->b[k].text);
            fputs("</a></li>\n", f);
        }
    fputs("</ol>\n</nav>\n<main>\n", f);

    int in_section = 0;
    size_t chart = 0;
    sec = 0;
    for (size_t i = 0; i < doc->n; i++) {
        const xd_rblock *b = &doc->b[i];
        int prev = i > 0 ? (int)doc->b[i - 1].kind : -1, next = i + 1 < doc->n ? (int)doc->b[i + 1].kind : -1;
        switch (b->kind) {
        case XD_RB_SECTION:
            if (in_section)
                fputs("</section>\n", f);
            fprintf(f, "<section id=\"part-%zu\" aria-labelledby=\"part-%zu-h\">\n<h2 id=\"part-%zu-h\">", sec + 1,
                    sec + 1, sec + 1);
            sec++;
            text_out(f, doc, b->text);
            fputs("</h2>\n", f);
            in_section = 1;
            break;
        case XD_RB_TITLE:
        case XD_RB_SUBTITLE:
        case XD_RB_SPACE: break;
        case XD_RB_FIGURES: figures_out(f, doc, b->fig); break;
        case XD_RB_HEADING:
            fputs("<h3>", f);
            text_out(f, doc, b->text);
            fputs("</h3>\n", f);
            break;
        case XD_RB_PARA:
            fprintf(f, "<p%s>", para_class(b->style));
            if (b->style == XD_RS_MONO)
                fputs("<code>", f);
            text_out(f, doc, b->text);
            if (b->style == XD_RS_MONO)
                fputs("</code>", f);
            fputs("</p>\n", f);
            break;
        case XD_RB_BULLET:
            if (prev != XD_RB_BULLET)
                fprintf(f, "<ul%s>\n", b->style == XD_RS_SMALL ? " class=\"note\"" : "");
            fputs("<li>", f);
            text_out(f, doc, b->text);
            fputs("</li>\n", f);
            if (next != XD_RB_BULLET)
                fputs("</ul>\n", f);
            break;
        case XD_RB_TABLE: table_out(f, doc, b->table); break;
        case XD_RB_CHART:
            chart_out(f, doc, &b->chart, svgs ? svgs + 2 * chart : NULL, &infos[chart]);
            chart++;
            break;
        case XD_RB_SOURCE:
            if (prev != XD_RB_SOURCE)
                fputs("<ol class=\"sources\">\n", f);
            source_out(f, doc, &b->src);
            if (next != XD_RB_SOURCE)
                fputs("</ol>\n", f);
            break;
        }
    }
    if (in_section)
        fputs("</section>\n", f);
    fputs("</main>\n<footer>\n<p>", f);
    text_out(f, doc, doc->footer);
    fputs("</p>\n</footer>\n</body>\n</html>\n", f);
    return ferror(f) ? XD_EOUTPUT : XD_OK;
}

/* The charts' texts, worked out once; NULL when out of memory. */
static chart_info *infos_make(const xd_rdoc *doc, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < doc->n; i++)
        *n += doc->b[i].kind == XD_RB_CHART;
    chart_info *ci = calloc(*n + 1, sizeof *ci);
    for (size_t i = 0, k = 0; ci && i < doc->n; i++)
        if (doc->b[i].kind == XD_RB_CHART)
            info_make(doc, &doc->b[i].chart, &ci[k++]);
    return ci;
}

static void infos_free(chart_info *ci, size_t n)
{
    for (size_t k = 0; ci && k < n; k++)
        info_free(&ci[k]);
    free(ci);
}

int xd_report_html_stream(const xd_rdoc *doc, const char *const *svgs, FILE *f)
{
    size_t n;
    chart_info *ci = infos_make(doc, &n);
    if (!ci)
        return XD_ENOMEM;
    int rc = html_stream(doc, svgs, ci, f);
    infos_free(ci, n);
    return rc;
}

/* ---- charts and the file ------------------------------------------------------------ */

int xd_report_html_write(const xd_rdoc *doc, const xd_report_options *o, const char *path, xd_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n; i++)
        n += doc->b[i].kind == XD_RB_CHART;
    char **svgs = calloc(2 * n + 2, sizeof *svgs);
    xd_chart_job *jobs = calloc(2 * n + 2, sizeof *jobs);
    xd_analysis *copies = calloc(n + 1, sizeof *copies);
    char (*names)[64] = calloc(2 * n + 2, sizeof *names);
    char work[PATH_MAX] = "";
    int temp = !o->keep_dir;
    int rc = svgs && jobs && copies && names ? XD_OK : xd_error(d, XD_ENOMEM, "out of memory writing the report");
    size_t ni = 0;
    chart_info *infos = rc == XD_OK ? infos_make(doc, &ni) : NULL;
    if (rc == XD_OK && !infos)
        rc = xd_error(d, XD_ENOMEM, "out of memory writing the report");
    /* the work folder: a private temporary one, or --keep's (a folder of extrad's) */
    if (rc == XD_OK && temp)
        rc = xd_tempdir_create(work, sizeof work, NULL, d);
    if (rc == XD_OK && !temp) {
        rc = xd_keepdir_prepare(o->keep_dir, d);
        snprintf(work, sizeof work, "%s", o->keep_dir);
    }
    /* every picture of every chart, both sizes, in one gnuplot run by the PDF's scripts */
    for (size_t i = 0, k = 0; rc == XD_OK && i < doc->n; i++) {
        if (doc->b[i].kind != XD_RB_CHART)
            continue;
        const xd_rchart *c = &doc->b[i].chart;
        const xd_analysis *an = xd_rchart_analysis(doc->a, c, &copies[k]);
        for (size_t v = 0; v < 2; v++) {
            xd_chart_job *j = &jobs[2 * k + v];
            snprintf(names[2 * k + v], sizeof names[0], "%zu-%s%s-%s", k + 1, xd_chart_name(c->kind),
                     c->variant ? "-district" : "", variants[v].name);
            *j = (xd_chart_job){.kind = c->kind, .a = an, .name = names[2 * k + v], .size = variants[v].size,
                                .over = {.no_frame = 1, .svg_body_px = variants[v].body_px}};
        }
        k++;
    }
    if (rc == XD_OK)
        rc = xd_chart_render_svgs(jobs, 2 * n, work, !temp, NULL, d);
    for (size_t k = 0; rc == XD_OK && k < 2 * n; k++) {
        char file[PATH_MAX + 80];
        snprintf(file, sizeof file, "%s/%s.svg", work, names[k]);
        size_t len;
        char *raw = xd_svg_read_file(file, &len);
        const chart_info *ci = &infos[k / 2];
        char *buf = NULL;
        size_t blen = 0;
        FILE *mem = raw && ci->desc ? open_memstream(&buf, &blen) : NULL;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "c%zu%c-", k / 2 + 1, variants[k % 2].name[0]);
        /* the picture's title is the chart's, its description what it shows */
        xd_svg_opts so = {.title = ci->ok ? ci->texts.title : "", .desc = ci->desc, .id_prefix = prefix,
                          .css_class = variants[k % 2].name};
        int ok = mem && xd_svg_clean(raw, len, &so, mem) == 0;
        if (mem && fclose(mem) != 0)
            ok = 0;
        if (ok)
            svgs[k] = buf;
        else
            free(buf);
        free(raw);
        if (!ok)
            rc = xd_error(d, XD_EOUTPUT, "cannot read the chart drawn for '%s' (%s)", o->output, file);
    }
    if (rc == XD_OK) {
        FILE *f = fopen(path, "wb");
        if (!f) {
            rc = xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
        } else {
            int wrc = html_stream(doc, (const char *const *)svgs, infos, f);
            if (fclose(f) != 0 || wrc != XD_OK)
                rc = xd_error(d, XD_EOUTPUT, "cannot write '%s'", o->output);
        }
    }
    infos_free(infos, ni);
    for (size_t k = 0; svgs && k < 2 * n; k++)
        free(svgs[k]);
    free(svgs);
    free(jobs);
    free(copies);
    free(names);
    if (temp && work[0])
        xd_tempdir_remove(work);
    return rc;
}
