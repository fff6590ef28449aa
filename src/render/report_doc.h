/* The report as one composed document: what it says, in which order, with which
 * numbers and texts, and nothing about pages, fonts or markup. report.c composes
 * it from an xd_analysis; report_pdf.c lays it out on A4 pages drawn by gnuplot;
 * report_html.c writes it as one self-contained HTML file. Both writers read the
 * same tree, so the two formats cannot disagree on a figure.
 *
 * The tree is a list of blocks; a SECTION block starts a part of the report and
 * holds the blocks up to the next one. Every string belongs to the document (its
 * pool) and lives until xd_rdoc_free.
 *
 * Citations: a source's number inside a text is written "[n]" between the markers
 * XD_CITE_OPEN and XD_CITE_CLOSE (two Unicode noncharacters, never drawn), so a
 * writer can keep it on the line of the word before it (PDF) or link it to the
 * numbered list (HTML). Writers drop any marker that is not part of a citation. */
#ifndef XD_REPORT_DOC_H
#define XD_REPORT_DOC_H

#include "strpool.h"
#include <stddef.h>

#include "analysis.h"
#include "chart.h"
#include "report.h"

#define XD_CITE_OPEN "\xEF\xB7\x90"  /* U+FDD0 */
#define XD_CITE_CLOSE "\xEF\xB7\x91" /* U+FDD1 */

typedef enum xd_rblock_kind {
    XD_RB_SECTION,  /* text: the part's heading */
    XD_RB_TITLE,    /* the report's title */
    XD_RB_SUBTITLE,
    XD_RB_FIGURES,  /* the headline figures (fig) */
    XD_RB_HEADING,  /* a heading inside a part */
    XD_RB_PARA,     /* text in a style (xd_report_style): body, bold, small, mono */
    XD_RB_BULLET,   /* one item of a list; consecutive bullets make one list */
    XD_RB_TABLE,    /* table */
    XD_RB_CHART,    /* chart, with its note */
    XD_RB_SOURCE,   /* one entry of the numbered list of sources (src) */
    XD_RB_SPACE,    /* extra room on a page (cm); nothing in HTML */
} xd_rblock_kind;

typedef struct xd_rcol {
    const char *head;
    double w;   /* share of the text width (the columns of a table add up to 1) */
    int right;  /* numbers: aligned right */
    int style;  /* 0: a table cell; else an xd_report_style for this column's cells */
} xd_rcol;

typedef struct xd_rtable {
    xd_rcol cols[8];
    size_t ncols;
    const char **cells;  /* nrows x ncols, row by row */
    unsigned char *mark; /* per row: 1 for a row of the baseline period */
    size_t nrows, cap;
    int zebra;           /* alternate rows shaded */
    const char *note;    /* a line said before the table (what marked rows are) */
} xd_rtable;

typedef struct xd_rchart {
    xd_chart_kind kind;
    int variant;        /* the people chart: 1 by charging district */
    const char *note;   /* how to read it, said under the chart */
} xd_rchart;

/* The analysis a chart is drawn from: a's, or a shallow copy in *copy with the chart's
 * variant set. */
const xd_analysis *xd_rchart_analysis(const xd_analysis *a, const xd_rchart *c, xd_analysis *copy);

/* A big number with what it counts: the handover and the average year. */
typedef struct xd_rfigure {
    const char *value;
    const char *caption; /* bold line */
    const char *detail;  /* small line(s) */
    int base;            /* 0: the event's colour; 1: the baseline's */
} xd_rfigure;

typedef struct xd_rfigures {
    xd_rfigure big[2];
    size_t n_big;
    const char *strip_value[2], *strip_text[2]; /* share of a year, days' worth */
    size_t n_strip;
} xd_rfigures;

typedef struct xd_rsource {
    size_t number;     /* its place in sources.csv, from 1 */
    const char *name;
    const char *meta;  /* published, id */
    const char *url;   /* as the dataset gives it; only http, https and mailto become links */
} xd_rsource;

typedef struct xd_rblock {
    xd_rblock_kind kind;
    int style;        /* PARA, BULLET: an xd_report_style */
    int shrink;       /* BULLET: may be set a size smaller where a page is short of room */
    const char *text; /* SECTION, TITLE, SUBTITLE, HEADING, PARA, BULLET */
    double space;     /* SPACE: centimetres */
    xd_rtable *table;
    xd_rchart chart;
    xd_rfigures *fig;
    xd_rsource src;
} xd_rblock;

typedef struct xd_rdoc {
    const xd_analysis *a;
    const xd_dataset *ds;
    xd_lang lang;
    const char *title;
    const char *footer;    /* dataset, version and date: every page's foot */
    const char *date;      /* the generation date in words */
    xd_rblock *b;
    size_t n, cap;
    int *cited;            /* per source of the dataset: cited somewhere */
    xd_strpool pool;       /* every string made while composing */
    int oom;
} xd_rdoc;

/* Composes the report (report.c). On failure the document is freed. */
int xd_report_compose(const xd_analysis *a, const xd_report_options *o, xd_rdoc *doc, xd_diags *d);
void xd_rdoc_free(xd_rdoc *doc);

/* The writers. Each writes its format into the file at path (a temporary file that
 * the caller renames); pages receives the PDF's page count. */
int xd_report_pdf_write(const xd_rdoc *doc, const xd_report_options *o, const char *path, size_t *pages,
                        xd_diags *d);
int xd_report_html_write(const xd_rdoc *doc, const xd_report_options *o, const char *path, xd_diags *d);

/* The HTML of a document whose charts are given as finished inline SVG (svgs[2i] and
 * svgs[2i+1]: the wide and the narrow picture of the i-th chart block; NULL leaves a
 * picture out; svgs NULL: no pictures) into f. For the writer above and for tests and
 * fuzzing, which need no gnuplot. */
int xd_report_html_stream(const xd_rdoc *doc, const char *const *svgs, FILE *f);

/* A text with the citation markers taken out; a citation's first "[" glued to the
 * word before it with a no-break space when glue is set. malloc'ed. */
char *xd_report_plain(const char *text, int glue);

#endif
