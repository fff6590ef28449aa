/* Every fixed text that extrad draws or writes for people, in each language,
 * in one catalogue (lang.c), and the number and date conventions of each. */
#ifndef XD_LANG_H
#define XD_LANG_H

#include <stddef.h>

typedef enum { XD_LANG_EN, XD_LANG_ES, XD_LANG_ES_MX } xd_lang;

/* "en", "es" or "es-MX" (also "es_MX"); returns 0 for anything else. */
int xd_lang_parse(const char *s, xd_lang *out);
/* The language of a POSIX locale name such as "es_MX.UTF-8", "es_ES@euro",
 * "en_GB" or "C": es-MX for Mexico, es for any other Spanish, else en. */
xd_lang xd_lang_of_locale(const char *locale);
/* The default language from the environment: EXTRAD_LANG (en, es or es-MX),
 * else the first of LC_ALL, LC_MESSAGES and LANG that is set and not empty,
 * as xd_lang_of_locale reads it; else en. Returns 0 when EXTRAD_LANG holds
 * something else (*out is then en), 1 otherwise. */
int xd_lang_from_env(xd_lang *out);
const char *xd_lang_code(xd_lang lang);
/* The catalogue text for key; a missing key returns the key itself, so a gap
 * shows instead of crashing (and a test fails on it). Texts may contain only
 * %s conversions, the same number in every language. */
const char *xd_text(xd_lang lang, const char *key);
/* A catalogue text with its %s filled in order from args (NULL reads as "");
 * malloc'ed, NULL when out of memory. A Spanish "a" or "de" that ends the text
 * before an argument beginning with "el " contracts with it: "a el país" is
 * written "al país", "de el" "del" (never a capitalised El, as in El Salvador). */
char *xd_text_fill(const char *tmpl, const char *const *args, size_t nargs);
/* Number with `decimals` places, decimal comma for es, point for en and es-MX,
 * thousands grouped as each locale writes them: comma from 1,000 in en and
 * es-MX, point from 10.000 in es (1284 stays whole there). */
const char *xd_lang_num(xd_lang lang, char *buf, size_t cap, double v, int decimals);
/* Percentage with `decimals` places and the language's sign spacing: "44.6%" / "44,6 %". */
const char *xd_lang_pct(xd_lang lang, char *buf, size_t cap, double fraction, int decimals);
/* A count with its noun, singular for exactly one: "1 person", "29 personas".
 * noun is a catalogue stem (noun.<stem>.one / .many): person, transfer, day,
 * extradition, transferred, handover, source, year, month, aggregate,
 * yearly_row, monthly_row, row, error, warning, group, record. */
const char *xd_lang_count(xd_lang lang, char *buf, size_t cap, double n, const char *noun);
/* "27 February 2025" / "27 de febrero de 2025". */
const char *xd_lang_date(xd_lang lang, char *buf, size_t cap, int year, int month, int day);
const char *xd_lang_month(xd_lang lang, int month);
/* Scientific p-values such as "1.7 × 10^-53" as plain UTF-8 text ("1,7 × 10⁻⁵³"). */
const char *xd_lang_sci(xd_lang lang, char *buf, size_t cap, double log10_value, int sig);

typedef struct xd_text_entry {
    const char *key;
    const char *en;
    const char *es;
} xd_text_entry;
/* The catalogue is kept in parts by topic (lang.c: sentences; texts_chart.c;
 * texts_report.c; texts_people.c; texts_cli.c), searched as one. */
extern const xd_text_entry xd_texts_chart[];
extern const size_t xd_texts_chart_n;
extern const xd_text_entry xd_texts_report[];
extern const size_t xd_texts_report_n;
extern const xd_text_entry xd_texts_people[];
extern const size_t xd_texts_people_n;
extern const xd_text_entry xd_texts_cli[];
extern const size_t xd_texts_cli_n;
/* For tests: all entries, i < xd_text_count(). */
size_t xd_text_count(void);
const xd_text_entry *xd_text_at(size_t i);

#endif
