/* What each fuzz target does with one input, shared by the libFuzzer entry points
 * (fuzz_*.c) and by tests/test_fuzz_regressions.c, which replays saved inputs through
 * exactly the same code. Every check that fails calls abort(), so a fuzzer reports it
 * as a crash and the regression test as a crashed test. */
#ifndef XD_FUZZ_HARNESS_H
#define XD_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* The dataset file kinds, in the order fuzz_check splits its input into. */
enum xd_fuzz_kind {
    XD_FUZZ_ANNUAL,
    XD_FUZZ_SOURCES,
    XD_FUZZ_AGGREGATES,
    XD_FUZZ_TRANSFERS,
    XD_FUZZ_META,
    XD_FUZZ_NKINDS
};

/* Separates the files of a fuzz_check input (ASCII record separator). */
#define XD_FUZZ_SEPARATOR 0x1E

/* The file name of a kind ("annual.csv"), and the kind of a target name ("annual"),
 * -1 if none. */
const char *xd_fuzz_file(enum xd_fuzz_kind kind);
int xd_fuzz_kind_of(const char *target);

/* xd_csv_stream over the bytes, through fmemopen. */
void xd_fuzz_csv(const uint8_t *data, size_t size);
/* The bytes as one file of the bundled dataset (the others stay as shipped), loaded
 * with xd_dataset_load and, when it loads, analysed like the commands do. */
void xd_fuzz_dataset(enum xd_fuzz_kind kind, const uint8_t *data, size_t size);
/* A whole dataset: the bytes split at XD_FUZZ_SEPARATOR into annual, sources,
 * aggregates, transfers and meta (missing pieces are absent files). */
void xd_fuzz_check(const uint8_t *data, size_t size);
/* xd_gnuplot_quote on the bytes up to the first NUL, checked against an independent
 * reading of gnuplot's string syntax and macro scanner. */
void xd_fuzz_quote(const uint8_t *data, size_t size);

/* Numbers: the first 8 bytes a double (any bits), then a byte each for the
 * significant digits, the decimals and the buffer size of the formatters
 * (xd_lang_sci, xd_lang_num, xd_lang_pct) in every language; the rest lines of
 * text for the command line's numeric options: count, level, date, baseline,
 * decimal (xd_parse_*), each checked against an independent reading of its
 * documented form, and compare on the bundled dataset with what parsed. */
void xd_fuzz_numbers(const uint8_t *data, size_t size);

/* A whole dataset as for xd_fuzz_check (trailing pieces left out are the bundled
 * files), composed into the report and written as HTML by xd_report_html_stream with
 * every picture an SVG of gnuplot's shape holding dataset text, cleaned by
 * xd_svg_clean; the page is read back by a strict scanner of its own. */
void xd_fuzz_html(const uint8_t *data, size_t size);

/* Runs the target named `target` (csv, annual, sources, aggregates, transfers, meta,
 * check, quote, numbers, html) on the bytes; returns -1 for an unknown name. */
int xd_fuzz_run(const char *target, const uint8_t *data, size_t size);

/* Removes the scratch folder the dataset targets write into (also done at exit). */
void xd_fuzz_cleanup(void);

#endif
