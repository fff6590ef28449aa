/* Shared pieces of the command-line layer: option helpers, printing of
 * diagnostics, and the output formats (text, csv, json, md). */
#ifndef XD_CLI_H
#define XD_CLI_H

#include <stdio.h>
#include "dataset.h"
#include "diag.h"
#include "lang.h"
#include "summary.h"

typedef enum { CLI_TEXT, CLI_CSV, CLI_JSON, CLI_MD } cli_format;

/* Prints every diagnostic to stderr ("extrad: error: ..."); returns d->status. */
int cli_print_diags(const xd_diags *d);
/* Loads --dataset DIR, or EXTRAD_DATA, or the bundled dataset. */
int cli_load_dataset(const char *dir, xd_dataset *ds, xd_diags *d);
/* The same, with annual.csv read as mode says (xd_dataset_load_mode). */
int cli_load_dataset_mode(const char *dir, xd_annual_mode mode, xd_dataset *ds, xd_diags *d);
int cli_parse_format(const char *s, cli_format *f, xd_diags *d);
int cli_parse_level(const char *s, double *level, xd_diags *d);
/* --joinpoints N: 0 to 3 */
int cli_parse_joinpoints(const char *s, int *k, xd_diags *d);
int cli_parse_year(const char *opt, const char *s, int *year, xd_diags *d);
/* --by year|month: *by_month 0 or 1. */
int cli_parse_by(const char *s, int *by_month, xd_diags *d);
/* --from/--to: a year; with by_month also YYYY-MM, a plain year meaning its
 * January (or December when is_to). *period as xd_period_of. */
int cli_parse_period(const char *opt, const char *s, int by_month, int is_to, int *period, xd_diags *d);
/* --from and --to once --by is known (either may be NULL), with the usage
 * errors printed: XD_OK, or the status the command returns. */
int cli_parse_from_to(const char *cmd, const char *from_arg, const char *to_arg, int by_month, int *from, int *to,
                      xd_diags *d);
/* "2025" or "March 2025": a period for people. */
const char *cli_period_words(char *buf, size_t cap, int by_month, int period);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An environment variable that holds a number of threads: unset, or a whole
 * number >= 1 (else a usage error naming it). */
int cli_env_threads(const char *name, xd_diags *d);
/* The event options of compare, chart and report: --count N as a usage error
 * when not a count; the combinations of --event, --count, --label, --date. */
struct xd_compare_options;
/* --baseline Y1-Y2; a usage error that says what is wrong (form, range, order). */
int cli_parse_baseline(const char *cmd, const char *arg, struct xd_compare_options *o);
int cli_parse_event_count(const char *cmd, const char *arg, struct xd_compare_options *o);
int cli_event_check(const char *cmd, const struct xd_compare_options *o);
/* getopt_long's message for an unknown option is already printed; this adds the hint. */
int cli_bad_option(const char *cmd);

/* %.*g with up to `sig` significant digits, never exponent for ordinary counts. */
const char *cli_num(char *buf, size_t cap, double v, int sig);
/* The same written as the language writes numbers (decimal comma in es,
 * thousands grouped as xd_lang_num): for text and md output only. */
const char *cli_lnum(xd_lang lang, char *buf, size_t cap, double v, int sig);
/* The language of a command: --lang's value when given (a usage error of cmd
 * when it is not en, es or es-MX), else the environment (xd_lang_from_env; a
 * bad EXTRAD_LANG is a usage error too). Returns XD_OK or XD_EUSAGE. */
int cli_lang(const char *cmd, const char *arg, xd_lang *lang);
/* A catalogue text with its %s filled, into buf: for the command line. */
const char *cli_fill(char *buf, size_t cap, xd_lang lang, const char *key, size_t n, ...);
/* A count with its noun in the language ("1 source", "3 fuentes"), into buf. */
const char *cli_count(char *buf, size_t cap, xd_lang lang, double n, const char *noun);
/* Full precision that reads back exactly, in the C locale: for csv and json. */
const char *cli_exact(char *buf, size_t cap, double v);

/* Rows of (machine key, human label, full-precision value, display value) that
 * text, csv and md output share. */
typedef struct cli_row {
    char *key, *label, *full, *shown;
    int machine_only; /* only in csv: for people the value is shown elsewhere */
} cli_row;
typedef struct cli_rows {
    cli_row *items;
    size_t n, cap;
    xd_lang lang; /* of the shown values; the full ones stay in the C locale */
} cli_rows;
void cli_rows_add(cli_rows *r, const char *key, const char *label, const char *full, const char *shown);
/* A number: full precision (%.17g) for csv, `sig` significant digits shown. */
void cli_rows_machine(cli_rows *r, const char *key, const char *full);
void cli_rows_num(cli_rows *r, const char *key, const char *label, double v, int sig);
void cli_rows_print(const cli_rows *r, cli_format f, FILE *out, const char *title);
void cli_rows_free(cli_rows *r);

/* A small streaming JSON writer. Begun with cli_json_begin_flat, the same
 * calls write the csv format instead: a "key,value" header, then one row per
 * value, its key the path of names joined by '_' (min_year); an array of
 * numbers or periods is one row, its values joined by ';' (ci_t: lo;hi); an
 * array of texts or objects has a row (or rows) per element, numbered from 1
 * (sentences_1, years_3_count); null is an empty value. */
typedef struct cli_json {
    FILE *f;
    int depth;
    int count[32];
    int flat;
    char key[32][64];  /* flat: each level's name */
    int mode[32];      /* flat: 0 object, 1 array not yet known, 2 joined array, 3 array of rows */
    char *joined;      /* flat: the values of the open joined array */
    size_t jlen, jcap;
} cli_json;
void cli_json_begin(cli_json *j, FILE *f);
void cli_json_begin_flat(cli_json *j, FILE *f);
void cli_json_end(cli_json *j);
void cli_json_object(cli_json *j, const char *key);
void cli_json_array(cli_json *j, const char *key);
void cli_json_close(cli_json *j, char bracket);
void cli_json_num(cli_json *j, const char *key, double v);
void cli_json_int(cli_json *j, const char *key, long v);
void cli_json_str(cli_json *j, const char *key, const char *s);
void cli_json_bool(cli_json *j, const char *key, int v);
void cli_json_null(cli_json *j, const char *key);
/* A year as a number; a month as "YYYY-MM". */
void cli_json_period(cli_json *j, const char *key, int by_month, int period);
/* The figures of one summary, "from" to "gaps" (the keys of the README), with
 * "level" after "cv" when with_level. */
void cli_json_summary(cli_json *j, const xd_summary *s, int with_level);
void cli_json_interval(cli_json *j, const char *key, double lo, double hi);
void cli_csv_field(FILE *f, const char *s);
/* Columns a UTF-8 text takes on a terminal (one per character). */
size_t cli_width(const char *s);
/* Text from a dataset in text (control characters as spaces) or md format
 * (markup escaped). */
void cli_print_text(FILE *f, cli_format fmt, const char *s);

int cmd_check(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_people(int argc, char **argv);

/* The quotable sentences under a table: "In words:" and a list (a Markdown list in md). */
void cli_print_sentences(FILE *f, cli_format format, xd_lang lang, char *const *sentences, size_t n);

#endif
