#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int xd_span_parse_bound(const char *s, int is_last, int *y, int *m, int *d)
{
    size_t n = strlen(s);
    char buf[16];
    int yy, mm, dd;
    if (n == 4) {
        if (!xd_parse_year(s, &yy))
            return 0;
        mm = is_last ? 12 : 1;
        dd = is_last ? 31 : 1;
    } else if (n == 7) {
        /* complete to a full date only to validate the month */
        snprintf(buf, sizeof buf, "%s-01", s);
        if (!xd_parse_date(buf, &yy, &mm, &dd))
            return 0;
        dd = is_last ? xd_days_in_month(yy, mm) : 1;
    } else if (n == 10) {
        if (!xd_parse_date(s, &yy, &mm, &dd))
            return 0;
    } else {
        return 0;
    }
    *y = yy;
    *m = mm;
    *d = dd;
    return 1;
}

int xd_span_parse_end(xd_span *s, const char *text, int is_last)
{
    int ok = is_last ? xd_span_parse_bound(text, 1, &s->y2, &s->m2, &s->d2)
                     : xd_span_parse_bound(text, 0, &s->y1, &s->m1, &s->d1);
    size_t n = strlen(text);
    int prec = n == 4 ? XD_PREC_YEAR : n == 7 ? XD_PREC_MONTH : XD_PREC_DAY;
    if (is_last)
        s->p2 = prec;
    else
        s->p1 = prec;
    return ok;
}

long xd_span_days(const xd_span *s)
{
    return xd_days_from_civil(s->y2, s->m2, s->d2) - xd_days_from_civil(s->y1, s->m1, s->d1) + 1;
}

int xd_span_reversed(const xd_span *s) { return xd_span_days(s) < 1; }

int xd_span_whole_years(const xd_span *s)
{
    return s->m1 == 1 && s->d1 == 1 && s->m2 == 12 && s->d2 == 31 && s->y1 <= s->y2;
}

int xd_span_whole_months(const xd_span *s)
{
    return s->d1 == 1 && s->d2 == xd_days_in_month(s->y2, s->m2) && !xd_span_reversed(s);
}

const char *xd_date_iso(char *buf, size_t cap, int y, int m, int d)
{
    snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
    return buf;
}

const char *xd_date_short(char *buf, size_t cap, int y, int m, int d)
{
    snprintf(buf, cap, "%d %s %d", d, m >= 1 && m <= 12 ? month_abbr[m - 1] : "?", y);
    return buf;
}

static const char *const month_abbr_es[12] = {"ene", "feb", "mar", "abr", "may", "jun",
                                              "jul", "ago", "sep", "oct", "nov", "dic"};

static const char *end_text(char *buf, size_t cap, int prec, int y, int m, int d, xd_lang lang)
{
    const char *const *abbr = lang == XD_LANG_EN ? month_abbr : month_abbr_es;
    if (prec == XD_PREC_YEAR)
        snprintf(buf, cap, "%d", y);
    else if (prec == XD_PREC_MONTH)
        snprintf(buf, cap, "%s %d", abbr[m - 1], y);
    else
        snprintf(buf, cap, "%d %s %d", d, m >= 1 && m <= 12 ? abbr[m - 1] : "?", y);
    return buf;
}

const char *xd_span_text(char *buf, size_t cap, const xd_span *s)
{
    return xd_span_text_lang(buf, cap, s, XD_LANG_EN);
}

const char *xd_span_text_lang(char *buf, size_t cap, const xd_span *s, xd_lang lang)
{
    /* an end written as a day but falling on a year's (month's) edge reads as written */
    if (s->p1 == XD_PREC_YEAR && s->p2 == XD_PREC_YEAR) {
        if (s->y1 == s->y2)
            snprintf(buf, cap, "%d", s->y1);
        else
            snprintf(buf, cap, "%d-%d", s->y1, s->y2);
        return buf;
    }
    char a[32], b[32];
    end_text(a, sizeof a, s->p1, s->y1, s->m1, s->d1, lang);
    end_text(b, sizeof b, s->p2, s->y2, s->m2, s->d2, lang);
    if (strcmp(a, b) == 0)
        snprintf(buf, cap, "%s", a);
    else
        snprintf(buf, cap, "%s \u2013 %s", a, b);
    return buf;
}

void xd_today(int *y, int *m, int *d)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long v = sde && *sde ? strtoll(sde, &end, 10) : -1;
    time_t t = sde && *sde && end && !*end && v >= 0 ? (time_t)v : time(NULL);
    struct tm tm;
    *y = *m = *d = 0;
    if (gmtime_r(&t, &tm)) {
        *y = tm.tm_year + 1900;
        *m = tm.tm_mon + 1;
        *d = tm.tm_mday;
    }
}
