#include "lang.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Spanish texts serve both es and es-MX; only number punctuation differs. */
static const xd_text_entry catalogue[] = {
    /* quotable sentences of compare (also in the report) */
    {"sentence.headline.transfer",
     "On %s %s handed %s people over to %s in a single transfer, outside the extradition treaty: %s of the %s "
     "treaty extraditions of an average year from %s to %s, about %s days' worth (%s months).",
     "El %s, %s entregó a %s personas a %s en un solo traslado, fuera del tratado de extradición: el %s de las %s "
     "extradiciones por tratado de un año promedio entre %s y %s, lo que equivale a unos %s días (%s meses)."},
    {"sentence.headline.count",
     "A single handover of %s people (%s) equals %s of the %s treaty extraditions of an average year from %s to %s, "
     "about %s days' worth (%s months).",
     "Una sola entrega de %s personas (%s) equivale al %s de las %s extradiciones por tratado de un año promedio "
     "entre %s y %s, unos %s días (%s meses)."},
    {"sentence.baseline.computed",
     "The average of %s treaty extraditions a year is computed from the sourced yearly figures for %s to %s; its "
     "exact Poisson %s interval is %s to %s.",
     "El promedio de %s extradiciones por tratado al año se calcula a partir de las cifras anuales con fuente de "
     "%s a %s; su intervalo de Poisson exacto al %s va de %s a %s."},
    {"sentence.baseline.reported",
     "The average of %s treaty extraditions a year for %s to %s is a reported figure (%s), not computed from yearly "
     "counts; read as a Poisson total of %s, its exact %s interval is %s to %s.",
     "El promedio de %s extradiciones por tratado al año de %s a %s es una cifra reportada (%s), no calculada a "
     "partir de cifras anuales; leída como un total de Poisson de %s, su intervalo exacto al %s va de %s a %s."},
    {"sentence.days.range",
     "Given the uncertainty of that average, the handover is worth between %s and %s days of treaty extraditions.",
     "Con la incertidumbre de ese promedio, la entrega equivale a entre %s y %s días de extradiciones por tratado."},
    {"sentence.multiple",
     "That is %s times the treaty extraditions of a typical day from %s to %s (%s a day).",
     "Son %s veces las extradiciones por tratado de un día típico entre %s y %s (%s al día)."},
    {"sentence.unusual",
     "If treaty extraditions arrived at random at the pace of %s to %s, a day with %s or more would have a "
     "probability of about %s: the handover was a different kind of event, not an unusually busy day.",
     "Si las extradiciones por tratado llegaran al azar al ritmo de %s a %s, un día con %s o más tendría una "
     "probabilidad de alrededor de %s: la entrega fue un hecho de otra naturaleza, no un día con más trabajo del "
     "habitual."},
    {"sentence.year.transfers_only",
     "No sourced count of treaty extraditions exists for %s; the transfers of that year alone (%s people) are %s "
     "times an average baseline year (exact rate ratio, %s interval %s to %s, p = %s).",
     "No hay una cifra con fuente de extradiciones por tratado en %s; solo los traslados de ese año (%s personas) "
     "equivalen a %s veces un año promedio de referencia (razón de tasas exacta, intervalo al %s de %s a %s, p = "
     "%s)."},
    {"sentence.year.with_transfers",
     "In %s, %s treaty extraditions plus %s people transferred make %s, %s times an average baseline year (%s "
     "interval %s to %s, p = %s); the extraditions alone are %s times (%s to %s, p = %s).",
     "En %s, %s extradiciones por tratado más %s personas trasladadas suman %s, %s veces un año promedio de "
     "referencia (intervalo al %s de %s a %s, p = %s); solo las extradiciones son %s veces (%s a %s, p = %s)."},
    {"sentence.year.no_transfers",
     "In %s, %s treaty extraditions are %s times an average baseline year (%s interval %s to %s, p = %s).",
     "En %s, %s extradiciones por tratado equivalen a %s veces un año promedio de referencia (intervalo al %s de "
     "%s a %s, p = %s)."},
    {"label.event.given", "a single handover", "una sola entrega"},
    {"word.computed", "computed", "calculado"},
    {"word.reported", "reported", "reportado"},
};

static const char *const months_en[12] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
static const char *const months_es[12] = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                          "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

int xd_lang_parse(const char *s, xd_lang *out)
{
    if (strcmp(s, "en") == 0)
        *out = XD_LANG_EN;
    else if (strcmp(s, "es") == 0)
        *out = XD_LANG_ES;
    else if (strcmp(s, "es-MX") == 0 || strcmp(s, "es_MX") == 0)
        *out = XD_LANG_ES_MX;
    else
        return 0;
    return 1;
}

const char *xd_lang_code(xd_lang lang)
{
    return lang == XD_LANG_EN ? "en" : lang == XD_LANG_ES ? "es" : "es-MX";
}

size_t xd_text_count(void) { return sizeof catalogue / sizeof catalogue[0] + xd_texts_chart_n + xd_texts_report_n; }

const xd_text_entry *xd_text_at(size_t i)
{
    size_t own = sizeof catalogue / sizeof catalogue[0];
    if (i < own)
        return &catalogue[i];
    i -= own;
    if (i < xd_texts_chart_n)
        return &xd_texts_chart[i];
    i -= xd_texts_chart_n;
    return i < xd_texts_report_n ? &xd_texts_report[i] : NULL;
}

const char *xd_text(xd_lang lang, const char *key)
{
    for (size_t i = 0, n = xd_text_count(); i < n; i++) {
        const xd_text_entry *e = xd_text_at(i);
        if (strcmp(e->key, key) == 0)
            return lang == XD_LANG_EN ? e->en : e->es;
    }
    return key;
}

/* After snprintf wrote len bytes (or would have) into buf of cap: a text cut
 * short ends on a whole UTF-8 character. */
static void fit_utf8(char *buf, size_t cap, int len)
{
    if (len < 0 || (size_t)len < cap || cap == 0)
        return;
    size_t end = cap - 1, lead = end;
    while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead > 0) {
        unsigned char c = (unsigned char)buf[lead - 1];
        size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (lead - 1 + need > end)
            buf[lead - 1] = '\0';
    }
}

const char *xd_lang_num(xd_lang lang, char *buf, size_t cap, double v, int decimals)
{
    /* room for every digit of the largest double and the decimals asked for */
    char raw[512];
    if (!isfinite(v)) {
        snprintf(buf, cap, "%s", lang == XD_LANG_EN ? "n/a" : "n/d");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 100)
        decimals = 100;
    snprintf(raw, sizeof raw, "%.*f", decimals, v);
    if (strcmp(raw, "-0") == 0 || strncmp(raw, "-0.", 3) == 0) {
        /* -0.0 after rounding reads as a sign error */
        int zero = 1;
        for (const char *p = raw + 1; *p; p++)
            zero &= *p == '0' || *p == '.';
        if (zero)
            memmove(raw, raw + 1, strlen(raw));
    }
    char dec = lang == XD_LANG_ES ? ',' : '.';
    char group = lang == XD_LANG_EN || lang == XD_LANG_ES_MX ? ',' : '.';
    const char *dot = strchr(raw, '.');
    size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t start = raw[0] == '-';
    size_t digits = intlen - start;
    size_t o = 0;
    if (start && o + 1 < cap)
        buf[o++] = '-';
    for (size_t i = 0; i < digits && o + 2 < cap; i++) {
        buf[o++] = raw[start + i];
        size_t left = digits - i - 1;
        /* group only numbers of five digits or more, as style guides advise */
        if (digits >= 5 && left > 0 && left % 3 == 0)
            buf[o++] = group;
    }
    if (dot && o + 1 < cap) {
        buf[o++] = dec;
        for (const char *p = dot + 1; *p && o + 1 < cap; p++)
            buf[o++] = *p;
    }
    buf[o] = '\0';
    return buf;
}

const char *xd_lang_pct(xd_lang lang, char *buf, size_t cap, double fraction, int decimals)
{
    char num[512];
    xd_lang_num(lang, num, sizeof num, fraction * 100, decimals);
    /* Spanish (RAE) separates the sign with a (non-breaking) space */
    fit_utf8(buf, cap, snprintf(buf, cap, "%s%s%%", num, lang == XD_LANG_EN ? "" : "\u00a0"));
    return buf;
}

const char *xd_lang_month(xd_lang lang, int month)
{
    if (month < 1 || month > 12)
        return "";
    return lang == XD_LANG_EN ? months_en[month - 1] : months_es[month - 1];
}

const char *xd_lang_date(xd_lang lang, char *buf, size_t cap, int year, int month, int day)
{
    if (lang == XD_LANG_EN)
        snprintf(buf, cap, "%d %s %d", day, xd_lang_month(lang, month), year);
    else
        snprintf(buf, cap, "%d de %s de %d", day, xd_lang_month(lang, month), year);
    return buf;
}

const char *xd_lang_sci(xd_lang lang, char *buf, size_t cap, double log10_value, int sig)
{
    static const char *const sup[10] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                        "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    if (cap == 0)
        return buf;
    if (isnan(log10_value) || log10_value == INFINITY) {
        xd_lang_num(lang, buf, cap, NAN, 0);
        return buf;
    }
    if (log10_value == -INFINITY) {
        snprintf(buf, cap, "0");
        return buf;
    }
    if (log10_value > -3 && log10_value < 15) {
        double v = pow(10, log10_value);
        char num[64];
        snprintf(buf, cap, "%s", xd_lang_num(lang, num, sizeof num, v, v >= 0.1 ? 2 : 3));
        return buf;
    }
    if (sig < 1)
        sig = 1;
    if (sig > 15)
        sig = 15;
    /* The exponent stays a double: a p-value far below DBL_MIN (a count near
     * the limit) has an exponent beyond int, and is known only through its log. */
    double e = floor(log10_value);
    double frac = log10_value - e;
    /* beyond 2^52 the log carries no fraction, so no mantissa can be stated */
    int has_mant = fabs(e) < 4503599627370496.0;
    double mant = has_mant ? pow(10, frac) : 1;
    if (has_mant && mant >= 10 - 0.5 * pow(10, -(sig - 1))) {
        mant /= 10;
        e += 1;
    }
    char num[64], digits[400], exp_txt[1300];
    size_t o = 0;
    if (e < 0)
        o += (size_t)snprintf(exp_txt, sizeof exp_txt, "\u207b");
    snprintf(digits, sizeof digits, "%.0f", fabs(e));
    for (const char *p = digits; *p >= '0' && *p <= '9' && o + 4 < sizeof exp_txt; p++)
        o += (size_t)snprintf(exp_txt + o, sizeof exp_txt - o, "%s", sup[*p - '0']);
    exp_txt[o] = '\0';
    int len;
    if (has_mant)
        len = snprintf(buf, cap, "%s \u00d7 10%s", xd_lang_num(lang, num, sizeof num, mant, sig - 1), exp_txt);
    else
        len = snprintf(buf, cap, "10%s", exp_txt);
    fit_utf8(buf, cap, len);
    return buf;
}
