/* Trends of one yearly (or monthly) series: OLS, Poisson log-linear and Mann-Kendall. */
#ifndef XD_TREND_H
#define XD_TREND_H

#include "dataset.h"
#include "stats.h"

typedef struct xd_trend {
    char *measure;
    int by_month;        /* monthly: x is months since `from`, gaps are months (xd_period_of) */
    int from, to;
    size_t n;            /* years used (gaps skipped) */
    double *years, *counts; /* x: the year, or months since the first month */
    int *gaps;
    size_t n_gaps;
    double level;
    xd_ols ols;
    xd_poisson_fit poisson;
    xd_mann_kendall mk;
} xd_trend;

/* Fewer than 3 years with figures is an error. Gaps are skipped, never zero. */
int xd_trend_compute(const xd_series *s, double level, xd_trend *out, xd_diags *d);
void xd_trend_free(xd_trend *t);

#endif
