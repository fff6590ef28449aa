/* Parsing of single field values. Each returns 1 on success, 0 when the text
 * is not of the expected form; the caller builds the located message. */
#ifndef XD_PARSE_H
#define XD_PARSE_H

#include <stddef.h>

#define XD_YEAR_MIN 1900
#define XD_YEAR_MAX 2100
#define XD_COUNT_MAX 1000000000L

/* A whole number 0..XD_COUNT_MAX written with ASCII digits only: no sign,
 * exponent, decimal point, hex prefix or other digits. */
int xd_parse_count(const char *s, long *out);
/* A year XD_YEAR_MIN..XD_YEAR_MAX. */
int xd_parse_year(const char *s, int *out);
/* A non-negative decimal number such as 65 or 62.5 (no exponent, inf or nan). */
int xd_parse_decimal(const char *s, double *out);
/* A confidence level: a decimal strictly between 0 and 1 in whole percents
 * (0.9, 0.95, 0.990), as every label states it ("95% interval"). */
int xd_parse_level(const char *s, double *out);
/* A calendar date YYYY-MM-DD that exists (2025-02-29 does not). */
int xd_parse_date(const char *s, int *year, int *month, int *day);
/* "Y1-Y2" with Y1 <= Y2, both valid years. */
int xd_parse_year_range(const char *s, int *from, int *to);

int xd_is_leap(int year);
int xd_days_in_month(int year, int month);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
long xd_days_from_civil(int year, int month, int day);

#endif
