/* Descriptive summary of one yearly (or monthly) series over a period. */
#ifndef XD_SUMMARY_H
#define XD_SUMMARY_H

#include "dataset.h"
#include "stats.h"

typedef struct xd_summary {
    char *measure;
    int by_month;         /* from, to, min_year, max_year and gaps are months (xd_period_of) */
    int from, to;
    size_t n;             /* years with a figure */
    xd_describe desc;
    int min_year, max_year;
    double level;
    xd_interval ci_t;     /* NaN bounds when n < 2 */
    xd_interval ci_poisson;
    int *gaps;            /* years in [from, to] without a sourced figure */
    size_t n_gaps;
} xd_summary;

/* Fails when the period holds no figure at all. */
int xd_summary_compute(const xd_series *s, double level, xd_summary *out, xd_diags *d);
void xd_summary_free(xd_summary *s);

#endif
