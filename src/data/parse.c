#include "parse.h"

#include <stdlib.h>
#include <string.h>

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int xd_parse_count(const char *s, long *out)
{
    size_t n = strlen(s);
    if (!all_digits(s, n) || n > 10)
        return 0;
    long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    if (v > XD_COUNT_MAX)
        return 0;
    *out = v;
    return 1;
}

int xd_parse_year(const char *s, int *out)
{
    long v;
    if (strlen(s) != 4 || !xd_parse_count(s, &v) || v < XD_YEAR_MIN || v > XD_YEAR_MAX)
        return 0;
    *out = (int)v;
    return 1;
}

int xd_parse_decimal(const char *s, double *out)
{
    const char *dot = strchr(s, '.');
    size_t n = strlen(s);
    size_t whole = dot ? (size_t)(dot - s) : n;
    if (!all_digits(s, whole) || whole > 10)
        return 0;
    if (dot && !all_digits(dot + 1, n - whole - 1))
        return 0;
    char *end;
    double v = strtod(s, &end);
    if (*end != '\0' || v < 0)
        return 0;
    *out = v;
    return 1;
}

int xd_parse_level(const char *s, double *out)
{
    double v;
    if (!xd_parse_decimal(s, &v) || !(v > 0 && v < 1))
        return 0;
    const char *dot = strchr(s, '.');
    /* digits past the hundredths must be zeros */
    for (size_t i = 2; dot && dot[1 + i - 1] && dot[1 + i]; i++)
        if (dot[1 + i] != '0')
            return 0;
    *out = v;
    return 1;
}

int xd_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int xd_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return days[m - 1] + (m == 2 && xd_is_leap(y));
}

int xd_parse_date(const char *s, int *year, int *month, int *day)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
        !all_digits(s + 8, 2))
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < XD_YEAR_MIN || y > XD_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > xd_days_in_month(y, m))
        return 0;
    *year = y;
    *month = m;
    *day = d;
    return 1;
}

int xd_parse_year_range(const char *s, int *from, int *to)
{
    char a[5], b[5];
    if (strlen(s) != 9 || s[4] != '-')
        return 0;
    memcpy(a, s, 4);
    a[4] = '\0';
    memcpy(b, s + 5, 4);
    b[4] = '\0';
    if (!xd_parse_year(a, from) || !xd_parse_year(b, to) || *from > *to)
        return 0;
    return 1;
}

/* Howard Hinnant's days_from_civil. */
long xd_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
