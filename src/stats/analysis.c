#include "analysis.h"

#include <stdlib.h>
#include <string.h>

int xd_analysis_run(const xd_dataset *ds, const xd_compare_options *o, xd_lang lang, xd_analysis *out,
                    xd_diags *d)
{
    memset(out, 0, sizeof *out);
    out->ds = ds;
    out->lang = lang;
    xd_today(&out->today_year, &out->today_month, &out->today_day);
    int rc = xd_compare_prepare(ds, o, &out->cmp, d);
    if (rc == XD_OK)
        rc = xd_series_build(ds, out->cmp.base.measure, 0, 0, 0, &out->series, d);
    if (rc == XD_OK)
        rc = xd_summary_compute(&out->series, out->cmp.base.level, &out->summary_all, d);
    if (rc == XD_OK) {
        xd_series base;
        xd_diags quiet;
        xd_diags_init(&quiet);
        if (xd_series_build(ds, out->cmp.base.measure, out->cmp.base.from, out->cmp.base.to, 0, &base, &quiet) ==
                XD_OK &&
            xd_series_values(&base, NULL, NULL) > 0 &&
            xd_summary_compute(&base, out->cmp.base.level, &out->summary_baseline, &quiet) == XD_OK)
            out->has_summary_baseline = 1;
        xd_series_free(&base);
        xd_diags_free(&quiet);
        if (xd_series_values(&out->series, NULL, NULL) >= 3) {
            rc = xd_trend_compute(&out->series, out->cmp.base.level, &out->trend, d);
            out->has_trend = rc == XD_OK;
        }
    }
    /* the monthly figures, when there are any of this measure; an unresolved
     * conflict among them is an error here as it is for the years */
    int any_monthly = 0;
    for (size_t i = 0; i < ds->n_monthly && !any_monthly; i++)
        any_monthly = strcmp(ds->monthly[i].measure, out->cmp.base.measure) == 0;
    if (rc == XD_OK && any_monthly) {
        rc = xd_series_build_monthly(ds, out->cmp.base.measure, 0, 0, 0, &out->monthly, d);
        out->has_monthly = rc == XD_OK;
    }
    if (rc == XD_OK)
        rc = xd_check_reconcile(ds, -1, &out->check, d);
    if (rc == XD_OK)
        out->n_sentences = xd_compare_sentences(ds, &out->cmp, lang, out->sentences, 16);
    return rc;
}

void xd_analysis_free(xd_analysis *a)
{
    xd_compare_free(&a->cmp);
    xd_series_free(&a->series);
    xd_series_free(&a->monthly);
    xd_summary_free(&a->summary_all);
    if (a->has_summary_baseline)
        xd_summary_free(&a->summary_baseline);
    xd_trend_free(&a->trend);
    xd_check_free(&a->check);
    for (size_t i = 0; i < a->n_sentences; i++)
        free(a->sentences[i]);
    memset(a, 0, sizeof *a);
}
