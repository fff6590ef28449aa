/* Charts: extrad writes the data a chart needs into a folder (tab-separated
 * data files in the C locale, plus strings.gp holding every text as a
 * single-quoted literal) and gnuplot draws it with the script in plots/. */
/*
 * How a chart script in plots/ is run and what it may rely on:
 *
 * - Standalone: `gnuplot -d -c plots/<kind>.gp DATADIR OUTFILE FORMAT SIZE`.
 *   From a driver (several charts, or the report, in ONE gnuplot process):
 *   `call '<abs>/plots/<kind>.gp' 'DATADIR' '' '' ''`, where every argument is
 *   a single-quoted literal made by xd_gnuplot_quote.
 * - ARG1 is the folder with the chart's data files (tab-separated, C locale,
 *   text columns free of tabs and line breaks) and strings.gp, which holds
 *   every text the script shows (titles, labels, source line, numbers already
 *   formatted for the language) as single-quoted literals written by
 *   xd_gnuplot_write_string_var. The script `load`s ARG1.'/strings.gp'.
 *   Fixed texts come from the catalogue (src/texts_chart.c), never from the
 *   script. Text is drawn noenhanced; no system(), backquotes or @ macros.
 * - When ARG2 (output) is empty the caller has set the terminal and output and
 *   is in multiplot mode: the script draws inside the rectangle area_x,
 *   area_y, area_w, area_h (screen fractions; 0,0,1,1 when undefined), puts
 *   every label and margin relative to it, does not touch terminal, output or
 *   multiplot, and leaves no labels, arrows or objects behind.
 */
#ifndef XD_CHART_H
#define XD_CHART_H

#include "analysis.h"

typedef enum {
    XD_CHART_COMPARISON,
    XD_CHART_ANNUAL,
    XD_CHART_PACE,
    XD_CHART_TREND,
    XD_CHART_PEOPLE, /* who was handed over (people.csv), drawn only when asked for */
    XD_CHART_COUNT
} xd_chart_kind;

/* "comparison" ... ; 0 for an unknown name. */
int xd_chart_parse(const char *name, xd_chart_kind *out);
const char *xd_chart_name(xd_chart_kind kind);
/* The script's file name in plots/, e.g. "comparison.gp". */
const char *xd_chart_script(xd_chart_kind kind);

/* Whether the analysis holds what the chart needs (the trend chart: 3 years
 * with a figure; the annual chart: one; comparison and pace: an event, pace its date): 0 when it can be drawn, else 1 with
 * the reason in words in why. Callers leave such a chart out and say why,
 * rather than hand gnuplot a file without data. */
int xd_chart_missing(const xd_analysis *a, xd_chart_kind kind, char *why, size_t cap);


/* The picture a chart is laid out for: its size in points of its text at the size the
 * report prints it (body text 8.4 pt), whatever the size of the text as drawn. Texts
 * are wrapped and labels placed on this canvas. */
typedef struct xd_chart_canvas {
    double w_pt, h_pt;
    double svg_body_px; /* > 0: an SVG's body text is this many pixels, whatever its size */
    double char_h_pt;   /* the terminal's line of body text (0: cairo's, 1.175 x its size) */
    int no_frame;       /* 1: no title, subtitle or source line in the picture (the page
                         * around it says them) */
    int scratch;        /* xd_chart_render_on: the outputs are files of the caller's own
                         * temporary folder, written in place, SVG left as gnuplot wrote it */
} xd_chart_canvas;

/* The canvas of a picture: format "pdf", "png" or "svg" and size "WxH" as --size takes
 * it (NULL for the format's default), with the text scaled as plots/style.gp scales
 * it. over (may be NULL) sets no_frame and svg_body_px. */
int xd_chart_canvas_of(const char *format, const char *size, const xd_chart_canvas *over, xd_chart_canvas *c,
                       xd_diags *d);
/* The canvas of a chart w x h centimetres on a page of the PDF report. */
void xd_chart_canvas_report(double w_cm, double h_cm, xd_chart_canvas *c);

/* Writes the chart's data files and strings.gp into dir (which exists), laid out for
 * the reference picture (17 x 10.5 cm) or for canvas c. */
int xd_chart_write_data(xd_chart_kind kind, const xd_analysis *a, const char *dir, xd_diags *d);
int xd_chart_write_data_on(xd_chart_kind kind, const xd_analysis *a, const char *dir, const xd_chart_canvas *c,
                           xd_diags *d);

/* Where things are in a chart as laid out on a canvas, for tests: in points from the
 * plot's lower left corner. owner ties a label to its leader line. */
typedef enum xd_box_kind {
    XD_BOX_PLOT,       /* the plot area (labels stay inside) */
    XD_BOX_BAR,        /* a bar of treaty extraditions */
    XD_BOX_TRANSFER,   /* the transfers stacked on a year's bar */
    XD_BOX_MEAN_LINE,  /* the baseline's mean (a line: y0 = y1) */
    XD_BOX_LABEL,      /* a label of transfers */
    XD_BOX_MEAN_LABEL, /* the mean's label */
    XD_BOX_LEADER,     /* a line from a label to what it labels */
    XD_BOX_BAND,       /* a column of the pace chart's band */
    XD_BOX_LINE,       /* a stretch of the pace chart's cumulative line */
} xd_box_kind;
typedef struct xd_chart_box {
    xd_box_kind kind;
    int owner;
    double x0, y0, x1, y1;
} xd_chart_box;
typedef struct xd_chart_boxes {
    xd_chart_box *v;
    size_t n, cap;
} xd_chart_boxes;
int xd_chart_boxes_get(xd_chart_kind kind, const xd_analysis *a, const xd_chart_canvas *c, xd_chart_boxes *b,
                       xd_diags *d);
void xd_chart_boxes_free(xd_chart_boxes *b);

/* A chart's texts as drawn, each on one line: the title (the finding), the subtitle
 * and the source line. */
typedef struct xd_chart_texts {
    char *title, *subtitle, *source;
    char *figures; /* the trend chart's figures under its subtitle ("" for the others) */
} xd_chart_texts;

/* The data behind a chart, as a table of texts in the chart's language: what a
 * reader who cannot see the picture needs to read its figures. */
typedef struct xd_chart_table {
    size_t ncols, nrows, cap;
    char *head[6];
    int right[6];  /* a column of numbers */
    char **cells;  /* nrows x ncols */
} xd_chart_table;

/* The texts (and, when table is not NULL, the data table) of a chart, worked out by
 * the same code that writes its folder; nothing is written. */
int xd_chart_texts_get(xd_chart_kind kind, const xd_analysis *a, xd_chart_texts *t, xd_chart_table *table,
                       xd_diags *d);
void xd_chart_texts_free(xd_chart_texts *t);
void xd_chart_table_free(xd_chart_table *t);
/* The chart's description: subtitle and source line (malloc'ed). */
char *xd_chart_desc(const xd_chart_texts *t);

/* Renders charts with ONE gnuplot process: for each i, kinds[i] into outputs[i]
 * (format from the extension: .pdf, .png, .svg; size "WxH" or NULL for the
 * default). Each output is written to a temporary file beside it and renamed
 * only when gnuplot succeeded. keep_dir, when not NULL, receives the exact
 * scripts, data files and command so a user can re-render by hand. */
int xd_chart_render(const xd_analysis *a, const xd_chart_kind *kinds, const char *const *outputs, size_t n,
                    const char *size, const char *keep_dir, xd_diags *d);
/* One SVG picture of a page (the HTML report): a chart of an analysis, named (its data
 * folder DIR/name, its picture DIR/name.svg), drawn at size "WxH" pixels with the
 * canvas's no_frame and svg_body_px from over. */
typedef struct xd_chart_job {
    xd_chart_kind kind;
    const xd_analysis *a;
    const char *name;
    const char *size;
    xd_chart_canvas over;
} xd_chart_job;

/* Draws every job in ONE gnuplot run into the folder dir (which exists: a temporary
 * folder of the caller's, or --keep's, which also gets the scripts and render.sh to
 * draw them again). The pictures are as gnuplot wrote them (xd_svg_clean is the
 * caller's); each job's texts go to texts[i] when texts is not NULL. */
int xd_chart_render_svgs(const xd_chart_job *jobs, size_t n, const char *dir, int keep, xd_chart_texts *texts,
                         xd_diags *d);

/* The same with the canvas's no_frame and svg_body_px taken from over (the HTML
 * report's charts). */
int xd_chart_render_on(const xd_analysis *a, const xd_chart_kind *kinds, const char *const *outputs, size_t n,
                       const char *size, const xd_chart_canvas *over, const char *keep_dir, xd_diags *d);

#endif
