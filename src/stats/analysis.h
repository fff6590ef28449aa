/* Everything the charts and the report show, computed once by the same code as
 * summary, compare, trend and check, so no figure is computed a second way. */
#ifndef XD_ANALYSIS_H
#define XD_ANALYSIS_H

#include "check.h"
#include "compare.h"
#include "dataset.h"
#include "lang.h"
#include "summary.h"
#include "trend.h"

typedef struct xd_analysis {
    const xd_dataset *ds;
    xd_lang lang;
    xd_compare cmp;           /* baseline, event, comparison (compare) */
    xd_series series;         /* the baseline's measure over the dataset's whole range */
    xd_summary summary_all;   /* summary over the whole range */
    int has_summary_baseline; /* 0 when the baseline years have no yearly figure at all */
    xd_summary summary_baseline;
    int has_trend;            /* 0 when fewer than 3 years have figures */
    xd_trend trend;           /* trend over the whole range */
    xd_check check;           /* reconciliation of aggregates (check) */
    int has_monthly;          /* monthly.csv has figures of the baseline's measure */
    xd_series monthly;        /* ...over their whole range */
    int annual_by_month;      /* the annual chart draws the monthly series (set by the caller) */
    const char *people_transfer; /* the people chart: one transfer's date, NULL for all (set by the caller) */
    int people_by_district;   /* the people chart: by charging district, else by organization (ditto) */
    /* The day the figures are read on (SOURCE_DATE_EPOCH, else the clock): the
     * current year (month) known only through its transfers is drawn as to date. */
    int today_year, today_month, today_day;
    char *sentences[16];      /* compare's quotable sentences in `lang` */
    size_t n_sentences;
} xd_analysis;

int xd_analysis_run(const xd_dataset *ds, const xd_compare_options *o, xd_lang lang, xd_analysis *out,
                    xd_diags *d);
void xd_analysis_free(xd_analysis *a);

#endif
