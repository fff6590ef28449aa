/* What a chart drawn in another file than chart.c (chart_people.c) uses of
 * chart.c's writer: the texts of strings.gp, the numbers of values.gp, data
 * files, the catalogue in the chart's language, text measuring and wrapping,
 * and the source line. Internal to the charts; see chart.h for the scripts. */
#ifndef XD_CHART_OUT_H
#define XD_CHART_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis.h"

/* The sizes in points at which the scripts draw their texts in the report and at the
 * reference size (17 x 10.5 cm): plots/style.gp's font sizes x 0.6 (its fontscale) x
 * 4/3 (pdfcairo). Everything is laid out on a canvas measured in points of text at
 * these sizes (xd_chart_canvas): a picture whose text is scaled is a canvas of another
 * size, so texts are wrapped and labels placed for the picture as drawn. */
#define PT_TITLE 11.6
#define PT_SUBTITLE 8.8
#define PT_BODY 8.4
#define PT_NOTE 8.0
#define PT_SHARE 12.0 /* the share of a year, in the comparison */
#define FS_BODY 10.5  /* style.gp's fs_body */
/* The reference picture, in points. */
#define REF_W_PT 481.9
#define REF_H_PT 297.6
/* gnuplot's character cell of the body font (its vchar and hchar), in which the
 * scripts count margins and offsets: the cairo terminals make a line 1.175 times the
 * font's size, the svg terminal 1.5 times (xd_chart_canvas.char_h_pt) */
#define CHAR_H_CAIRO (1.175 * PT_BODY)
#define CHAR_W_PT (0.6 * PT_BODY)

struct out; /* chart.c's writer of one chart's folder */

const xd_analysis *xd_chart_out_analysis(const struct out *o);
xd_lang xd_chart_out_lang(const struct out *o);
/* Records an error (once); later writes do nothing. */
void xd_chart_out_fail(struct out *o, int status, const char *what);
/* A catalogue text with its %s filled in order; kept until the chart is written. */
const char *xd_chart_out_text(struct out *o, const char *key, const char *const *args, size_t nargs);
/* A copy of s kept until the chart is written. */
const char *xd_chart_out_keep(struct out *o, const char *s);
/* name = 'value' in strings.gp; prefix_i = ... */
void xd_chart_out_str(struct out *o, const char *name, const char *value);
void xd_chart_out_str_i(struct out *o, const char *prefix, size_t i, const char *value);
/* name = number in values.gp */
void xd_chart_out_num(struct out *o, const char *name, double v);
void xd_chart_out_num_i(struct out *o, const char *prefix, size_t i, double v);
/* text wrapped to width (points, at size_pt) into prefix_1.. and n_prefix; at most
 * max_lines (0: no limit), the last ending in an ellipsis when cut. Returns the lines. */
size_t xd_chart_out_lines(struct out *o, const char *prefix, const char *text, double size_pt, int bold,
                          double width, size_t max_lines);
/* The canvas the chart is laid out on (xd_chart_canvas), a line of body text on it,
 * and the width of a full line of text across it; all in points. */
double xd_chart_out_canvas_w(const struct out *o);
double xd_chart_out_canvas_h(const struct out *o);
double xd_chart_out_char_h(const struct out *o);
double xd_chart_out_line(const struct out *o);
/* title and subtitle (at most two lines each) and the decimal sign. */
void xd_chart_out_header(struct out *o, const char *title, const char *subtitle, size_t *n_title,
                         size_t *n_subtitle);
/* The source line of these source ids (each may be a comma-separated list). */
size_t xd_chart_out_sources(struct out *o, const char *const *ids, size_t n);
/* A data file of the chart's folder, or NULL (the error is recorded). */
FILE *xd_chart_out_open(struct out *o, const char *name);
void xd_chart_out_close(struct out *o, FILE *f, const char *name);
/* Width of text in points at size_pt. */
double xd_chart_out_width(const char *s, double size_pt, int bold);
/* The text on one line no wider than width: whole, or cut with an ellipsis. */
const char *xd_chart_out_fit(struct out *o, const char *text, double size_pt, int bold, double width);
/* A round top for a count axis at or above v, and its tick step. */
double xd_chart_out_nice_max(double v, double *step);
/* A number, a date and a counted noun in the chart's language. */
const char *xd_chart_out_count(struct out *o, double n, const char *noun);
const char *xd_chart_out_date(struct out *o, int y, int m, int d);

/* The people chart (chart_people.c). */
void xd_chart_people_write(struct out *o);

#endif
