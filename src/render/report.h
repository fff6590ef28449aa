/* The report, as a PDF of A4 pages or as one self-contained HTML file.
 *
 * report.c composes it (report_doc.h: one document tree with every section,
 * paragraph, table and chart); report_pdf.c lays the tree out on pages, written
 * as tab-separated data files and drawn by ONE gnuplot process running a
 * generated driver script that only sets fixed settings and calls extrad's own
 * scripts (plots/report.gp for the text of a page, plots/<chart>.gp for each
 * embedded chart); report_html.c writes the same tree as HTML with the charts
 * drawn by the same scripts through gnuplot's svg terminal.
 *
 * A page folder of the PDF holds
 *   text.tsv   x  y  style  text   (x, y: fractions of the page from its lower
 *                                   left corner; y is the middle of the line)
 *   rules.tsv  x  y  dx  dy  style (lines)
 *   boxes.tsv  x  y  w  h  rgb     (filled rectangles; (x, y) lower left)
 * The style numbers are enum xd_report_style; plots/report.gp gives each its
 * font, size, colour and alignment, and report_pdf.c measures text with the same
 * sizes, so the two must change together. In the document tree the same numbers
 * say what a paragraph is (body, bold, small print, code). */
#ifndef XD_REPORT_H
#define XD_REPORT_H

#include <stddef.h>

#include "analysis.h"

typedef enum xd_report_style {
    XD_RS_TITLE = 1,  /* bold 20 pt */
    XD_RS_SUBTITLE,   /* 10.5 pt, grey */
    XD_RS_H1,         /* bold 15 pt, blue: the heading of a page */
    XD_RS_H2,         /* bold 11 pt */
    XD_RS_BODY,       /* 9.5 pt */
    XD_RS_BODY_BOLD,  /* bold 9.5 pt */
    XD_RS_SMALL,      /* 8 pt, grey */
    XD_RS_BIG_EVENT,  /* bold 40 pt, vermillion, centred */
    XD_RS_BIG_BASE,   /* bold 40 pt, blue, centred */
    XD_RS_CAPTION,    /* bold 9.5 pt, centred */
    XD_RS_CAPTION_SMALL, /* 8 pt, grey, centred */
    XD_RS_MID,        /* bold 15 pt, centred */
    XD_RS_TH,         /* bold 8 pt: table heads */
    XD_RS_TH_RIGHT,
    XD_RS_TD,         /* 8 pt: table cells */
    XD_RS_TD_RIGHT,
    XD_RS_FOOT,       /* 7 pt, grey: running heads and footers */
    XD_RS_FOOT_RIGHT,
    XD_RS_MONO,       /* DejaVu Sans Mono 7.5 pt: checksums and the command */
    XD_RS_URL,        /* DejaVu Sans Condensed 8.5 pt, blue: a source's address, readable and clickable */
    XD_RS_BODY_COMPACT, /* 9 pt: body text where room is short */
    XD_RS_TITLE_SMALL,  /* bold 16 pt: a title too long for one line at 20 pt */
    XD_RS_COUNT
} xd_report_style;

typedef enum xd_report_format { XD_REPORT_PDF, XD_REPORT_HTML } xd_report_format;

typedef struct xd_report_options {
    const char *output;       /* the file to write (replaced only by a complete report) */
    xd_report_format format;
    const char *title;        /* NULL: meta "title" (or "title_es") */
    const char *keep_dir;     /* NULL: work in a temporary folder that is removed */
    const char *command_line; /* shown on the last page */
    long long epoch;          /* the generation date, seconds since 1970 (UTC) */
    int epoch_fixed;          /* the date came from SOURCE_DATE_EPOCH */
    const char *gnuplot;      /* the program, from xd_gnuplot_find */
    const char *plots_dir;    /* report.gp, style.gp and the chart scripts */
    double timeout_s;
} xd_report_options;

/* Composes, writes and renders the report. *pages receives the PDF's page count
 * (0 for HTML). */
int xd_report_write(const xd_analysis *a, const xd_report_options *o, size_t *pages, xd_diags *d);

/* Estimated width in centimetres of text drawn in a style (DejaVu advance
 * widths; no kerning). */
double xd_report_text_width(xd_report_style style, const char *text);
/* Breaks text into lines no wider than width_cm in the style: at spaces, and
 * inside a word only when the word alone is too wide (after '/', '-', '=' ...
 * where possible). A '\n' forces a break. Returns the number of lines; *lines
 * is a malloc'ed array of malloc'ed strings (free with xd_report_lines_free). */
size_t xd_report_wrap(xd_report_style style, const char *text, double width_cm, char ***lines);
void xd_report_lines_free(char **lines, size_t n);

/* The number a source has in the report's list: its position in sources.csv,
 * from 1; 0 for an unknown id. Charts that cite sources can use the same. */
size_t xd_report_source_number(const xd_dataset *ds, const char *id);

#endif
