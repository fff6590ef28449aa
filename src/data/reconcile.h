/* Months against years: where monthly.csv has a year's twelve months and
 * annual.csv a figure for that year (same measure), the months must add up to
 * the year. */
#ifndef XD_RECONCILE_H
#define XD_RECONCILE_H

#include "dataset.h"

enum xd_months_status {
    XD_MONTHS_AGREES,
    XD_MONTHS_DISAGREES,  /* twelve months that do not add up, or fewer that already exceed the year */
    XD_MONTHS_INCOMPLETE, /* fewer than twelve months with a figure */
    XD_MONTHS_NO_YEAR     /* twelve months, no yearly figure to compare with */
};

typedef struct xd_month_year {
    const char *measure;     /* the dataset's string */
    int year;
    size_t n_months;         /* months with a figure */
    long months_sum;
    long month_line[12];     /* first row giving each month's figure, 0 for none */
    int has_year;
    long year_count;
    long year_line;          /* first row of annual.csv giving the year's figure */
    long difference;         /* months_sum - year_count */
    enum xd_months_status status;
} xd_month_year;

typedef struct xd_months_check {
    xd_month_year *items;
    size_t n;
    size_t n_disagree;
} xd_months_check;

/* Every (measure, year) of monthly.csv. A disagreement is a warning naming
 * both files, their lines and numbers; with strict an error (XD_EDISAGREE). */
int xd_check_months(const xd_dataset *ds, int strict, xd_months_check *out, xd_diags *d);
void xd_months_check_free(xd_months_check *c);
/* "agrees", "disagrees", "incomplete", "no_yearly_figure". */
const char *xd_months_status_name(enum xd_months_status s);
/* "2-13" or "2-7, 9-13": line numbers for a message, 0s left out. */
const char *xd_lines_text(char *buf, size_t cap, const long *lines, size_t n);

#endif
