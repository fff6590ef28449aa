#include "lang.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Spanish texts serve both es and es-MX; only number punctuation differs. */
static const xd_text_entry catalogue[] = {
    /* quotable sentences of compare (also in the report) */
    {"sentence.headline.transfer",
     "On %s %s handed %s over to %s in a single transfer, outside the extradition treaty: %s of the %s "
     "treaty extraditions of an average year from %s to %s, about %s days' worth (%s months).",
     "El %s, %s entregó a %s a %s en un solo traslado, fuera del tratado de extradición: el %s de las %s "
     "extradiciones por tratado de un año promedio entre %s y %s, lo que equivale a unos %s días (%s meses)."},
    {"sentence.headline.expulsion",
     "On %s %s expelled %s to %s in a single day, outside the extradition treaty: %s of the %s treaty "
     "extraditions of an average year from %s to %s, about %s days' worth (%s months).",
     "El %s, %s expulsó a %s a %s en un solo día, fuera del tratado de extradición: el %s de las %s "
     "extradiciones por tratado de un año promedio entre %s y %s, lo que equivale a unos %s días (%s meses)."},
    {"sentence.headline.deportation",
     "On %s %s deported %s to %s in a single day, outside the extradition treaty: %s of the %s treaty "
     "extraditions of an average year from %s to %s, about %s days' worth (%s months).",
     "El %s, %s deportó a %s a %s en un solo día, fuera del tratado de extradición: el %s de las %s "
     "extradiciones por tratado de un año promedio entre %s y %s, lo que equivale a unos %s días (%s meses)."},
    {"sentence.headline.extradition",
     "On %s %s extradited %s to %s in a single day: %s of the %s treaty extraditions of an average year from %s "
     "to %s, about %s days' worth (%s months).",
     "El %s, %s extraditó a %s a %s en un solo día: el %s de las %s extradiciones por tratado de un año promedio "
     "entre %s y %s, lo que equivale a unos %s días (%s meses)."},
    {"sentence.one_person", "one person", "una persona"},
    {"country.from", "the requested country", "el país requerido"},
    {"country.to", "the requesting country", "el país requirente"},
    {"sentence.headline.count",
     "A single handover of %s (%s) equals %s of the %s treaty extraditions of an average year from %s to %s, "
     "about %s days' worth (%s months).",
     "Una sola entrega de %s (%s) equivale al %s de las %s extradiciones por tratado de un año promedio "
     "entre %s y %s, unos %s días (%s meses)."},
    {"sentence.headline.count.plain",
     "A single handover of %s equals %s of the %s treaty extraditions of an average year from %s to %s, about %s "
     "days' worth (%s months).",
     "Una sola entrega de %s equivale al %s de las %s extradiciones por tratado de un año promedio entre %s y %s, "
     "unos %s días (%s meses)."},
    {"sentence.baseline.computed",
     "The average of %s treaty extraditions a year is computed from the sourced yearly figures for %s to %s; its "
     "exact Poisson %s interval is %s to %s.",
     "El promedio de %s extradiciones por tratado al año se calcula a partir de las cifras anuales con fuente de "
     "%s a %s; su intervalo de Poisson exacto al %s va de %s a %s."},
    {"sentence.baseline.reported",
     "The average of %s treaty extraditions a year for %s to %s is a reported figure (%s), not computed from yearly "
     "counts; read as a Poisson total of %s, its exact %s interval is %s to %s.",
     "El promedio de %s extradiciones por tratado al año de %s a %s es una cifra reportada \u2014%s\u2014, no "
     "calculada a partir de cifras anuales; leída como un total de Poisson de %s, su intervalo exacto al %s va de %s a %s."},
    {"sentence.baseline.computed.measure",
     "The average of %s treaty extraditions a year, counted as \u201c%s\u201d, is computed from the sourced yearly "
     "figures for %s to %s; its exact Poisson %s interval is %s to %s.",
     "El promedio de %s extradiciones por tratado al año, contadas como \u00ab%s\u00bb, se calcula a partir de las "
     "cifras anuales con fuente de %s a %s; su intervalo de Poisson exacto al %s va de %s a %s."},
    {"sentence.baseline.reported.measure",
     "The average of %s treaty extraditions a year, counted as \u201c%s\u201d, for %s to %s is a reported figure "
     "(%s), not computed from yearly counts; read as a Poisson total of %s, its exact %s interval is %s to %s.",
     "El promedio de %s extradiciones por tratado al año, contadas como \u00ab%s\u00bb, de %s a %s es una cifra "
     "reportada \u2014%s\u2014, no calculada a partir de cifras anuales; leída como un total de Poisson de %s, su "
     "intervalo exacto al %s va de %s a %s."},
    {"sentence.days.range",
     "Given the uncertainty of that average, the handover is worth between %s and %s days of treaty extraditions.",
     "Con la incertidumbre de ese promedio, la entrega equivale a entre %s y %s días de extradiciones por tratado."},
    {"sentence.multiple",
     "That is %s times the treaty extraditions of an average day from %s to %s (%s a day).",
     "Son %s veces las extradiciones por tratado de un día promedio entre %s y %s (%s al día)."},
    /* Chosen by the probability: "another kind of event" only when it is tiny. */
    {"sentence.unusual.other_kind",
     "If treaty extraditions arrived one by one, independently, at the average pace of %s to %s, a day with %s or "
     "more would have a probability of about %s. Handovers in batches break that assumption: the handover was a "
     "different kind of event, not an unusually busy day.",
     "Si las extradiciones por tratado llegaran una a una, de forma independiente, al ritmo promedio de %s a %s, "
     "un día con %s o más tendría una probabilidad de alrededor de %s. Las entregas en grupo rompen ese supuesto: "
     "la entrega fue un hecho de otra naturaleza, no un día con más trabajo del habitual."},
    {"sentence.unusual.every",
     "If treaty extraditions arrived one by one, independently, at the average pace of %s to %s, a day with %s or "
     "more would have a probability of about %s: at that pace, a day like this comes about once every %s days.",
     "Si las extradiciones por tratado llegaran una a una, de forma independiente, al ritmo promedio de %s a %s, "
     "un día con %s o más tendría una probabilidad de alrededor de %s: a ese ritmo, un día así llega más o menos "
     "una vez cada %s días."},
    {"sentence.unusual.common",
     "If treaty extraditions arrived one by one, independently, at the average pace of %s to %s, a day with %s or "
     "more would have a probability of about %s: such days would be common.",
     "Si las extradiciones por tratado llegaran una a una, de forma independiente, al ritmo promedio de %s a %s, "
     "un día con %s o más tendría una probabilidad de alrededor de %s: días así serían frecuentes."},
    {"sentence.year.transfers_only",
     "No sourced count of treaty extraditions exists for %s. People transferred that year: %s (%s), %s of an "
     "average baseline year. Transfers are not treaty extraditions, so they are not tested against the treaty pace.",
     "No hay una cifra con fuente de extradiciones por tratado en %s. Personas trasladadas ese año: %s (%s), el %s "
     "de un año promedio de referencia. Los traslados no son extradiciones por tratado, así que no se contrastan "
     "con el ritmo del tratado."},
    {"sentence.year.transfers_only.to_date",
     "No sourced count of treaty extraditions exists for %s, a year not over. People transferred so far, to %s: %s "
     "(%s), %s of an average baseline year. Transfers are not treaty extraditions, so they are not tested against "
     "the treaty pace.",
     "No hay una cifra con fuente de extradiciones por tratado en %s, un año que no ha terminado. Personas "
     "trasladadas hasta ahora, al %s: %s (%s), el %s de un año promedio de referencia. Los traslados no son "
     "extradiciones por tratado, así que no se contrastan con el ritmo del tratado."},
    {"sentence.year.with_transfers",
     "In %s (%s days), %s plus %s make %s, %s times the baseline's pace (%s interval %s to %s, p = %s); the "
     "extraditions alone are %s times (%s to %s, p = %s).",
     "En %s (%s días), %s más %s suman %s, %s veces el ritmo de referencia (intervalo al %s de %s a %s, p = %s); "
     "solo las extradiciones son %s veces (%s a %s, p = %s)."},
    {"sentence.year.no_transfers",
     "In %s (%s days), %s are %s times the baseline's pace (%s interval %s to %s, p = %s).",
     "En %s (%s días), %s equivalen a %s veces el ritmo de referencia (intervalo al %s de %s a %s, p = %s)."},
    /* trend sentences (trend_text.c): a headline built from one piece per segment */
    {"trend.subject", "Treaty extraditions", "Las extradiciones por tratado"},
    /* another measure: its label, then what is counted */
    {"trend.subject.measure", "%s: the counts", "%s: las cifras"},
    {"trend.first.up", "%s rose about %s a year from %s to %s", "%s crecieron alrededor de un %s al año de %s a %s"},
    {"trend.first.down", "%s fell about %s a year from %s to %s", "%s cayeron alrededor de un %s al año de %s a %s"},
    {"trend.first.flat", "%s showed no clear change from %s to %s",
     "%s no mostraron un cambio claro de %s a %s"},
    {"trend.next.up", ", then rose about %s a year to %s", ", y luego crecieron alrededor de un %s al año hasta %s"},
    {"trend.next.down", ", then fell about %s a year to %s", ", y luego cayeron alrededor de un %s al año hasta %s"},
    {"trend.next.flat", ", then showed no clear change to %s", ", y luego no mostraron un cambio claro hasta %s"},
    {"trend.none", "No trend can be estimated from the counts of %s to %s.",
     "No se puede estimar una tendencia con los conteos de %s a %s."},
    {"trend.segment", "%s–%s, %s a year (%s interval %s to %s)", "%s–%s, %s al año (intervalo al %s de %s a %s)"},
    {"trend.model.joinpoint.one",
     "Model: joinpoint regression, a log-linear trend that turns once, in %s (%s). By segment: %s.",
     "Modelo: regresión joinpoint, una tendencia log-lineal que cambia una vez, en %s (%s). Por tramo: %s."},
    {"trend.model.joinpoint.many",
     "Model: joinpoint regression, a log-linear trend that turns %s times, in %s (%s). By segment: %s.",
     "Modelo: regresión joinpoint, una tendencia log-lineal que cambia %s veces, en %s (%s). Por tramo: %s."},
    {"trend.selected.test", "the number of turns chosen by a permutation test",
     "el número de cambios, elegido por una prueba de permutación"},
    {"trend.selected.forced", "the number of turns set by the user", "el número de cambios, fijado por el usuario"},
    {"trend.aapc",
     "Over the whole period the average annual change is %s (%s interval %s to %s): a summary of the segments, "
     "not a trend that held throughout.",
     "En todo el periodo, el cambio anual promedio es de %s (intervalo al %s de %s a %s): un resumen de los "
     "tramos, no una tendencia que se haya mantenido todo el tiempo."},
    {"trend.model.quasi_poisson",
     "Model: a log-linear trend with quasi-Poisson intervals, widened because the counts vary more than Poisson "
     "counts would: %s a year (%s interval %s to %s).",
     "Modelo: una tendencia log-lineal con intervalos cuasi-Poisson, ampliados porque los conteos varían más de "
     "lo que variarían conteos de Poisson: %s al año (intervalo al %s de %s a %s)."},
    {"trend.model.poisson", "Model: a Poisson log-linear trend: %s a year (%s interval %s to %s).",
     "Modelo: una tendencia log-lineal de Poisson: %s al año (intervalo al %s de %s a %s)."},
    {"trend.dispersion.widened",
     "Around the fitted trend the counts vary %s times as much as Poisson counts would (Pearson chi-square ÷ "
     "degrees of freedom, %s of them), and the intervals are widened to match. The figure measures how well "
     "the model fits, not how much the yearly counts differ.",
     "Alrededor de la tendencia ajustada, los conteos varían %s veces lo que variarían conteos de Poisson (ji "
     "cuadrada de Pearson ÷ grados de libertad, que son %s), y los intervalos se amplían en consecuencia. La cifra "
     "mide qué tan bien se ajusta el modelo, no cuánto difieren los conteos anuales."},
    {"trend.dispersion.ok",
     "Around the fitted trend the counts vary no more than Poisson counts would (dispersion %s, Pearson "
     "chi-square ÷ degrees of freedom, %s of them), so the intervals need no widening.",
     "Alrededor de la tendencia ajustada, los conteos no varían más de lo que variarían conteos de Poisson "
     "(dispersión de %s, ji cuadrada de Pearson ÷ grados de libertad, que son %s), así que los intervalos no "
     "necesitan ampliarse."},
    {"trend.dispersion.mild",
     "Around the fitted trend the counts vary %s times as much as Poisson counts would (Pearson chi-square ÷ "
     "degrees of freedom, %s of them): too little to call overdispersed (the threshold is 1.5), so the intervals "
     "are Poisson intervals, if slightly narrow.",
     "Alrededor de la tendencia ajustada, los conteos varían %s veces lo que variarían conteos de Poisson (ji "
     "cuadrada de Pearson ÷ grados de libertad, que son %s): muy poco para hablar de sobredispersión (el umbral "
     "es 1,5), así que los intervalos son de Poisson, quizá algo estrechos."},
    {"trend.dispersion.few",
     "With so few years the model leaves too few degrees of freedom (%s) to tell whether the counts vary more "
     "than Poisson counts would; the intervals assume they do not, and may be too narrow.",
     "Con tan pocos años, el modelo deja muy pocos grados de libertad (%s) para saber si los conteos varían más "
     "que conteos de Poisson; los intervalos suponen que no, y pueden ser demasiado estrechos."},
    {"trend.gaps",
     "Years without a sourced figure (%s) are skipped, not counted as zero.",
     "Los años sin cifra con fuente (%s) se omiten; no cuentan como cero."},
    {"trend.gaps.turn",
     "Years without a sourced figure (%s) are skipped, not counted as zero; a turn placed next to them could "
     "have come anywhere in the gap.",
     "Los años sin cifra con fuente (%s) se omiten; no cuentan como cero. Un cambio situado junto a ellos pudo "
     "ocurrir en cualquier punto de ese hueco."},
    /* counted nouns: key.one and key.many */
    {"noun.person.one", "%s person", "%s persona"},
    {"noun.person.many", "%s people", "%s personas"},
    {"noun.transfer.one", "%s transfer", "%s traslado"},
    {"noun.transfer.many", "%s transfers", "%s traslados"},
    {"noun.extradition.one", "%s treaty extradition", "%s extradición por tratado"},
    {"noun.extradition.many", "%s treaty extraditions", "%s extradiciones por tratado"},
    {"noun.transferred.one", "%s person transferred", "%s persona trasladada"},
    {"noun.transferred.many", "%s people transferred", "%s personas trasladadas"},
    {"noun.day.one", "%s day", "%s día"},
    {"noun.day.many", "%s days", "%s días"},
    {"noun.source.one", "%s source", "%s fuente"},
    {"noun.source.many", "%s sources", "%s fuentes"},
    {"noun.year.one", "%s year", "%s año"},
    {"noun.year.many", "%s years", "%s años"},
    {"noun.month.one", "%s month", "%s mes"},
    {"noun.month.many", "%s months", "%s meses"},
    {"noun.aggregate.one", "%s aggregate", "%s agregado"},
    {"noun.aggregate.many", "%s aggregates", "%s agregados"},
    {"noun.yearly_row.one", "%s yearly row", "%s fila anual"},
    {"noun.yearly_row.many", "%s yearly rows", "%s filas anuales"},
    {"noun.monthly_row.one", "%s monthly row", "%s fila mensual"},
    {"noun.monthly_row.many", "%s monthly rows", "%s filas mensuales"},
    {"noun.row.one", "%s row", "%s fila"},
    {"noun.row.many", "%s rows", "%s filas"},
    {"noun.error.one", "%s error", "%s error"},
    {"noun.error.many", "%s errors", "%s errores"},
    {"noun.warning.one", "%s warning", "%s advertencia"},
    {"noun.warning.many", "%s warnings", "%s advertencias"},
    {"noun.group.one", "%s group", "%s grupo"},
    {"noun.group.many", "%s groups", "%s grupos"},
    {"noun.data_row.one", "%s data row", "%s fila de datos"},
    {"noun.data_row.many", "%s data rows", "%s filas de datos"},
    {"noun.record.one", "%s record", "%s registro"},
    {"noun.record.many", "%s records", "%s registros"},
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

xd_lang xd_lang_of_locale(const char *locale)
{
    if (!locale || strncmp(locale, "es", 2) != 0 || (locale[2] && locale[2] != '_' && locale[2] != '-' &&
                                                     locale[2] != '.' && locale[2] != '@'))
        return XD_LANG_EN;
    return (locale[2] == '_' || locale[2] == '-') && strncmp(locale + 3, "MX", 2) == 0 ? XD_LANG_ES_MX : XD_LANG_ES;
}

int xd_lang_from_env(xd_lang *out)
{
    *out = XD_LANG_EN;
    const char *own = getenv("EXTRAD_LANG");
    if (own && *own)
        return xd_lang_parse(own, out);
    /* the POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG */
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            *out = xd_lang_of_locale(v);
            return 1;
        }
    }
    return 1;
}

const char *xd_lang_code(xd_lang lang)
{
    return lang == XD_LANG_EN ? "en" : lang == XD_LANG_ES ? "es" : "es-MX";
}

size_t xd_text_count(void)
{
    return sizeof catalogue / sizeof catalogue[0] + xd_texts_chart_n + xd_texts_report_n + xd_texts_people_n +
           xd_texts_cli_n;
}

const xd_text_entry *xd_text_at(size_t i)
{
    size_t own = sizeof catalogue / sizeof catalogue[0];
    if (i < own)
        return &catalogue[i];
    i -= own;
    if (i < xd_texts_chart_n)
        return &xd_texts_chart[i];
    i -= xd_texts_chart_n;
    if (i < xd_texts_report_n)
        return &xd_texts_report[i];
    i -= xd_texts_report_n;
    if (i < xd_texts_people_n)
        return &xd_texts_people[i];
    i -= xd_texts_people_n;
    return i < xd_texts_cli_n ? &xd_texts_cli[i] : NULL;
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

char *xd_text_fill(const char *tmpl, const char *const *args, size_t nargs)
{
    size_t len = strlen(tmpl) + 1;
    for (size_t i = 0; i < nargs; i++)
        len += args[i] ? strlen(args[i]) : 0;
    char *out = malloc(len);
    if (!out)
        return NULL;
    size_t o = 0, k = 0;
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            const char *a = k < nargs && args[k] ? args[k] : "";
            k++;
            /* "a el" -> "al", "de el" -> "del": only a lowercase article, at a word start */
            if (strncmp(a, "el ", 3) == 0) {
                int a_end = o >= 2 && out[o - 1] == ' ' && out[o - 2] == 'a' && (o == 2 || out[o - 3] == ' ');
                int de_end = o >= 3 && out[o - 1] == ' ' && out[o - 2] == 'e' && out[o - 3] == 'd' &&
                             (o == 3 || out[o - 4] == ' ');
                if (a_end || de_end) {
                    o--; /* "a " -> "al ", "de " -> "del " */
                    out[o++] = 'l';
                    out[o++] = ' ';
                    a += 3;
                }
            }
            size_t n = strlen(a);
            memcpy(out + o, a, n);
            o += n;
            p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
    return out;
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
    /* as each locale writes them (CLDR): English and Mexican Spanish group from
     * four digits (1,284); Spanish of Spain only from five (1284, 12.345) */
    size_t min_digits = lang == XD_LANG_ES ? 5 : 4;
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
        if (digits >= min_digits && left > 0 && left % 3 == 0)
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

const char *xd_lang_count(xd_lang lang, char *buf, size_t cap, double n, const char *noun)
{
    char num[64], key[64];
    xd_lang_num(lang, num, sizeof num, n, 0);
    /* both languages take the singular for exactly one only */
    snprintf(key, sizeof key, "noun.%s.%s", noun, strcmp(num, "1") == 0 ? "one" : "many");
    const char *tmpl = xd_text(lang, key);
    const char *at = strstr(tmpl, "%s");
    if (!at) {
        snprintf(buf, cap, "%s %s", num, tmpl);
        return buf;
    }
    snprintf(buf, cap, "%.*s%s%s", (int)(at - tmpl), tmpl, num, at + 2);
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
