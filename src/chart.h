/* Charts: extrad writes the data a chart needs into a folder (tab-separated
 * data files in the C locale, plus strings.gp holding every text as a
 * single-quoted literal) and gnuplot draws it with the script in plots/. */
#ifndef XD_CHART_H
#define XD_CHART_H

#include "analysis.h"

typedef enum { XD_CHART_COMPARISON, XD_CHART_ANNUAL, XD_CHART_PACE, XD_CHART_TREND, XD_CHART_COUNT } xd_chart_kind;

/* "comparison" ... ; 0 for an unknown name. */
int xd_chart_parse(const char *name, xd_chart_kind *out);
const char *xd_chart_name(xd_chart_kind kind);
/* The script's file name in plots/, e.g. "comparison.gp". */
const char *xd_chart_script(xd_chart_kind kind);

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
