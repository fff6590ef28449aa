/* Unusual sizes, destinations and inputs: every number formats, every count
 * computes, every failure is reported. Reference values come from R 4.2; the
 * expression is beside each one. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "lang.h"

#define RUN(...) xd_run_cli((const char *const[]){__VA_ARGS__, NULL}, NULL)

static void near(double got, double want, double rel, const char *what)
{
    int ok = want == 0 ? fabs(got) <= rel : fabs(got - want) <= rel * fabs(want);
    cr_expect(ok, "%s: got %.17g, want %.17g", what, got, want);
}

/* The number after "key": (JSON) or key, (csv) where it first appears. */
static double json_num(const char *json, const char *key)
{
    char pat[96];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    cr_assert(p, "JSON has no \"%s\":\n%s", key, json);
    char *end;
    double v = strtod(p + strlen(pat), &end);
    cr_assert(end != p + strlen(pat), "\"%s\" is not a number", key);
    return v;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (!n)
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

/* ------------------------------------------------------------ scientific notation */

Test(sci, exponents_beyond_int)
{
    char buf[64];
    /* 10^-1234567890.5 = 3.16... x 10^-1234567891 */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, -1234567890.5, 2),
                     "3.2 \u00d7 10\u207b\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u00b9");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_ES, buf, sizeof buf, -1234567890.5, 2),
                     "3,2 \u00d7 10\u207b\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u00b9");
    /* the same as before for ordinary p-values */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, log10(1.7371696533143774e-53), 2),
                     "1.7 \u00d7 10\u207b\u2075\u00b3");
    /* 9.96e-5 rounds up to the next power */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, log10(9.96e-5), 2), "1.0 \u00d7 10\u207b\u2074");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, log10(9.94e-5), 2), "9.9 \u00d7 10\u207b\u2075");
    /* positive exponents, too large for a plain number */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, 20.5, 2), "3.2 \u00d7 10\u00b2\u2070");
    /* p = 0 exactly, and no value at all */
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, -INFINITY, 2), "0");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_EN, buf, sizeof buf, NAN, 2), "n/a");
    cr_expect_str_eq(xd_lang_sci(XD_LANG_ES, buf, sizeof buf, INFINITY, 2), "n/d");
}

Test(sci, any_double_fits_and_stays_utf8)
{
    const double v[] = {-1e308, -DBL_MAX, DBL_MAX, -1e15, -4503599627370497.0, -2147483648.5, -2147483647.0,
                        -1e-300, -3.0000001, -2.9999, 0, 14.99, 15, 1e17};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char big[2048], small[20];
        xd_lang_sci(XD_LANG_EN, big, sizeof big, v[i], 2);
        cr_expect(valid_utf8(big) && *big, "%.17g gives '%s'", v[i], big);
        cr_expect(strchr(big, '-') == NULL, "%.17g gives '%s'", v[i], big);
        xd_lang_sci(XD_LANG_ES_MX, small, sizeof small, v[i], 3);
        cr_expect(valid_utf8(small), "%.17g cut short gives invalid UTF-8", v[i]);
    }
    char buf[2048];
    /* no fraction is left in a log this large: a power of ten alone */
    xd_lang_sci(XD_LANG_EN, buf, sizeof buf, -1e300, 2);
    cr_expect(strncmp(buf, "10\u207b\u00b9\u2070\u2070", strlen("10\u207b\u00b9\u2070\u2070")) == 0, "%s", buf);
}

Test(sci, compare_count_near_the_limit)
{
    /* x = ppois(246628388, 325/1826, lower.tail = FALSE, log.p = TRUE) / log(10) = -2147483652.7973127,
     * 10^(x - floor(x)) = 1.594730364: the table row and the sentence */
    const char *formats[] = {"text", "json", "csv", "md"};
    for (size_t i = 0; i < 4; i++) {
        xd_run r = RUN("compare", "--count", "246628389", "--format", formats[i]);
        cr_expect_eq(r.status, 0, "%s: exit %d\n%s", formats[i], r.status, r.err);
        if (i == 0 || i == 3) {
            cr_expect(strstr(r.out, "1.595e-2147483653"), "%s:\n%s", formats[i], r.out);
            cr_expect(strstr(r.out, "1.6 \u00d7 10\u207b\u00b2\u00b9\u2074\u2077\u2074\u2078\u00b3\u2076\u2075\u00b3"),
                      "%s:\n%s", formats[i], r.out);
        }
        if (i == 1)
            near(json_num(r.out, "log10_p_one_day"), -2147483652.7973127, 1e-12, "log10_p_one_day");
        xd_run_free(&r);
    }
    xd_run r = RUN("compare", "--count", "1000000000", "--format", "json");
    cr_expect_eq(r.status, 0, "exit %d\n%s", r.status, r.err);
    /* ppois(999999999, 325/1826, lower.tail = FALSE, log.p = TRUE) / log(10) = -9315322935.2925415 */
    near(json_num(r.out, "log10_p_one_day"), -9315322935.2925415, 1e-12, "log10_p_one_day");
    xd_run_free(&r);
}
