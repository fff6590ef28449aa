/* Cross-file checks of a loaded dataset: how each reported aggregate squares
 * with the yearly (or monthly) figures, and which years are corroborated or in
 * conflict. */
#ifndef XD_CHECK_H
#define XD_CHECK_H

#include "dataset.h"

enum xd_reconcile_kind {
    XD_RECONCILE_COMPLETE,      /* every year of the period has a figure */
    XD_RECONCILE_PARTIAL,       /* some do: the aggregate implies the rest */
    XD_RECONCILE_NONE,          /* none do */
    XD_RECONCILE_NOT_COMPARABLE /* the period is not a run of whole years (or months) */
};

/* The outcome for people and programs. */
enum xd_reconcile_status {
    XD_AGG_AGREES,
    XD_AGG_DISAGREES,     /* computed differs, or the known years alone exceed the total */
    XD_AGG_IMPLIED,       /* the remainder for the missing years */
    XD_AGG_INCOMPLETE,    /* no figure in the period to compare with */
    XD_AGG_NOT_COMPARABLE /* see reason */
};

typedef struct xd_reconcile {
    const xd_aggregate *aggregate;
    enum xd_reconcile_kind kind;
    enum xd_reconcile_status status;
    int by_month;            /* compared with monthly.csv: periods are months (xd_period_of) */
    int years;               /* periods in the span: last - first + 1 */
    double reported_total;   /* total, or mean * years */
    size_t n_known;
    double known_total;      /* sum of the known periods */
    /* COMPLETE: the computed figure in the aggregate's statistic */
    double computed, difference, tolerance;
    int disagrees;           /* status is XD_AGG_DISAGREES (COMPLETE, or PARTIAL and impossible) */
    /* PARTIAL: what the missing periods must hold together */
    int *missing;
    size_t n_missing;
    double implied_missing_total;
    int impossible;          /* implied total < 0: counted as a disagreement */
    int has_unresolved;      /* a period in the span has an unresolved conflict */
    char reason[256];        /* NOT_COMPARABLE and INCOMPLETE: why, for people */
    int no_monthly_measure;  /* NOT_COMPARABLE: whole months, but monthly.csv lacks the measure */
} xd_reconcile;

typedef struct xd_check {
    xd_reconcile *items;
    size_t n;
    size_t n_disagree;
} xd_check;

/* tolerance < 0 means: the rounding of the reported figure (half a unit in its
 * last written digit). */
int xd_check_reconcile(const xd_dataset *ds, double tolerance, xd_check *out, xd_diags *d);
void xd_check_free(xd_check *c);
/* Half a unit in the last digit written: "65" -> 0.5, "62.5" -> 0.05. */
double xd_check_rounding(const char *value_text);
/* "agrees", "disagrees", "implied", "incomplete", "not_comparable". */
const char *xd_reconcile_status_name(enum xd_reconcile_status s);

#endif
