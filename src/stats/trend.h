/* Trends of one yearly (or monthly) series: OLS, Poisson log-linear and Mann-Kendall. */
#ifndef XD_TREND_H
#define XD_TREND_H

#include "dataset.h"
#include "lang.h"
#include "models.h"
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
    /* quasi-Poisson, negative binomial, joinpoint, and the model that speaks
     * (models.h). A monthly series gets no joinpoint search (k_max 0). */
    xd_models models;
} xd_trend;

/* Fewer than 3 years with figures is an error. Gaps are skipped, never zero.
 * mo may be NULL for the default model options (joinpoints chosen by the
 * permutation test). */
int xd_trend_compute_with(const xd_series *s, double level, const xd_models_options *mo, xd_trend *out,
                          xd_diags *d);
int xd_trend_compute(const xd_series *s, double level, xd_trend *out, xd_diags *d);

/* Quotable sentences about the trend, from the headline model only; the chart
 * title and the report use the same ones. "rose" and "fell" only where the
 * interval of the change excludes 0. Returns how many (each malloc'ed). The
 * first is the headline. `subject` names what is counted ("Treaty
 * extraditions"); NULL for the catalogue's default. */
size_t xd_trend_sentences(const xd_trend *t, const char *subject, xd_lang lang, char **out, size_t cap);
/* The subject of the sentences for a measure: NULL (the default, "Treaty
 * extraditions") for the main one, else "<its label>: the counts", in buf. */
const char *xd_trend_subject(const xd_dataset *ds, const char *measure, xd_lang lang, char *buf, size_t cap);
/* The headline model's figures in one line, for a chart: each segment's change
 * with its interval. malloc'ed; NULL when no model can be estimated. */
char *xd_trend_figures(const xd_trend *t, xd_lang lang);
/* Fitted mean of the headline model at x, with its band at the trend's level
 * (quasi-Poisson: widened by the dispersion, t quantile). 0 when there is no
 * model to draw. */
int xd_trend_predict(const xd_trend *t, double x, double *mu, double *lo, double *hi);
void xd_trend_free(xd_trend *t);

#endif
