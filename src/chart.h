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

/* Writes the chart's data files and strings.gp into dir (which exists). */
int xd_chart_write_data(xd_chart_kind kind, const xd_analysis *a, const char *dir, xd_diags *d);

/* Renders charts with ONE gnuplot process: for each i, kinds[i] into outputs[i]
 * (format from the extension: .pdf, .png, .svg; size "WxH" or NULL for the
 * default). Each output is written to a temporary file beside it and renamed
 * only when gnuplot succeeded. keep_dir, when not NULL, receives the exact
 * scripts, data files and command so a user can re-render by hand. */
int xd_chart_render(const xd_analysis *a, const xd_chart_kind *kinds, const char *const *outputs, size_t n,
                    const char *size, const char *keep_dir, xd_diags *d);

#endif
