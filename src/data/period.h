/* Periods as sources give them: an exact first and last day, which may or may
 * not be a run of whole calendar years (or months). Only a run of whole years
 * can be set against yearly figures, only a run of whole months against
 * monthly ones. */
#ifndef XD_PERIOD_H
#define XD_PERIOD_H

#include <stddef.h>
#include "lang.h"

typedef struct xd_span {
    int y1, m1, d1; /* first day */
    int y2, m2, d2; /* last day, included */
    int p1, p2;     /* how each end was written: XD_PREC_*, 0 = as a day */
} xd_span;

enum { XD_PREC_DAY = 0, XD_PREC_YEAR = 1, XD_PREC_MONTH = 2 };

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as the first day it covers (is_last 0:
 * 1 January, the 1st) or the last (31 December, the month's last day). */
int xd_span_parse_bound(const char *s, int is_last, int *y, int *m, int *d);
/* The same into one end of a span, with its precision. */
int xd_span_parse_end(xd_span *s, const char *text, int is_last);
/* Days covered, both ends included. */
long xd_span_days(const xd_span *s);
/* 1 when the span is a negative or empty interval. */
int xd_span_reversed(const xd_span *s);
/* 1 January of y1 to 31 December of y2. */
int xd_span_whole_years(const xd_span *s);
/* The 1st of a month to the last day of a month. */
int xd_span_whole_months(const xd_span *s);
/* For people, each end as it was written: "2000-2006" (or "2019") for years,
 * "Sep 2014 - Sep 2015" for months, "1 Dec 2000 - 30 Nov 2006" for days,
 * or a mix such as "1 Dec 2018 - Jun 2024" (with an en dash). */
const char *xd_span_text(char *buf, size_t cap, const xd_span *s);
/* The same in the language: "1 dic 2000 – 30 nov 2006". */
const char *xd_span_text_lang(char *buf, size_t cap, const xd_span *s, xd_lang lang);
/* "2000-12-01". */
const char *xd_date_iso(char *buf, size_t cap, int y, int m, int d);
/* "1 Dec 2000". */
const char *xd_date_short(char *buf, size_t cap, int y, int m, int d);

/* The day the figures are read on: SOURCE_DATE_EPOCH when set (as for the
 * report), else the clock, in UTC. */
void xd_today(int *y, int *m, int *d);

#endif
