/* The data model: a dataset folder with yearly counts, optional monthly counts,
 * reported multi-year aggregates, single-day transfers, sources and optional
 * metadata. */
#ifndef XD_DATASET_H
#define XD_DATASET_H

#include <stddef.h>
#include "diag.h"
#include "lang.h"
#include "period.h"

enum xd_row_status { XD_ROW_PLAIN, XD_ROW_PREFERRED, XD_ROW_ALTERNATIVE };
enum xd_aggregate_stat { XD_AGG_MEAN, XD_AGG_TOTAL };

/* One row of annual.csv, or of monthly.csv (month 1-12; 0 in annual.csv): both
 * files share the same columns, checks and conflict rules. */
typedef struct xd_annual {
    int year;
    int month;
    long count;
    /* A figure to date: from the start of its year (or month) through this day,
     * never the year's (month's) figure. 0 = a figure for the whole period. */
    int through_y, through_m, through_d;
    char *source, *measure, *note; /* measure is never empty: defaults to the main one */
    char *note_es;                  /* Spanish twin of note; NULL or empty when absent */
    enum xd_row_status status;
    long line;
} xd_annual;

typedef struct xd_aggregate {
    int first_year, last_year; /* the calendar years the period touches */
    xd_span span;              /* its exact first and last day */
    int whole_years;           /* the span is a run of whole calendar years */
    int whole_months;          /* ... of whole months */
    enum xd_aggregate_stat statistic;
    double value;
    char *value_text; /* as written, for the rounding tolerance */
    char *source, *measure, *note;
    char *note_es; /* Spanish twin of note; NULL or empty when absent */
    enum xd_row_status status;
    long line;
} xd_aggregate;

/* What a single-day handover was, from transfers.csv's kind column: it chooses
 * the words (handed over, expelled, deported, extradited) and whether the
 * handover is said to be outside the extradition treaty. */
typedef enum {
    XD_KIND_TRANSFER, /* the default */
    XD_KIND_EXPULSION,
    XD_KIND_DEPORTATION,
    XD_KIND_EXTRADITION
} xd_transfer_kind;

typedef struct xd_transfer {
    char date[11];
    int year, month, day;
    long count;
    char *mechanism, *label, *source, *note;
    char *mechanism_es, *label_es, *note_es; /* Spanish twins; NULL or empty when absent */
    xd_transfer_kind kind;
    long line;
} xd_transfer;

typedef struct xd_source {
    char *id, *name, *url, *published, *quote;
    char *name_es; /* Spanish twin of name; NULL or empty when absent */
    long line;
} xd_source;

typedef struct xd_meta_entry {
    char *key, *value;
    long line;
    long key_line, value_line; /* where each field starts, for located messages */
    int key_col, value_col;
} xd_meta_entry;

struct xd_people;

typedef struct xd_dataset {
    char *dir;
    char *name;          /* meta "name", else the folder's base name */
    char *main_measure;  /* meta "main_measure", else "all" */
    /* display names used in messages, e.g. "datasets/mexico-us/annual.csv" */
    char *file_annual, *file_aggregates, *file_transfers, *file_sources, *file_meta, *file_monthly;
    int has_meta;
    xd_annual *annual;
    size_t n_annual;
    int has_monthly;     /* monthly.csv is there */
    xd_annual *monthly;  /* its rows, with month set */
    size_t n_monthly;
    xd_aggregate *aggregates;
    size_t n_aggregates;
    xd_transfer *transfers; /* sorted by date, then line */
    size_t n_transfers;
    xd_source *sources;
    size_t n_sources;
    xd_meta_entry *meta;
    size_t n_meta;
    struct xd_people *people; /* people.csv (people.h), NULL when the dataset has none */
} xd_dataset;

/* Loads and validates every file of the folder, recording every problem found
 * (not only the first). Conflicts between yearly rows are not errors here:
 * they are errors only for the commands that need the year (xd_series_build).
 * Returns XD_OK or the first error status; the dataset is usable only on XD_OK. */
int xd_dataset_load(const char *dir, xd_dataset *ds, xd_diags *d);
/* How annual.csv is read: as a table, row by row into per-(measure, year)
 * state (annual_scan.h: no size or row limit, fewer rows kept), or row by row
 * only when the file is over XD_ANNUAL_STREAM_BYTES, below the size that can
 * hold the table's million rows. */
typedef enum { XD_ANNUAL_TABLE, XD_ANNUAL_STREAM, XD_ANNUAL_AUTO } xd_annual_mode;
#define XD_ANNUAL_STREAM_BYTES ((long long)8 << 20)
int xd_dataset_load_mode(const char *dir, xd_annual_mode annual_mode, xd_dataset *ds, xd_diags *d);
void xd_dataset_free(xd_dataset *ds);

const char *xd_dataset_meta(const xd_dataset *ds, const char *key);
/* The row of a key, for messages located at meta.csv:LINE:COL; NULL when absent. */
const xd_meta_entry *xd_dataset_meta_entry(const xd_dataset *ds, const char *key);
const xd_source *xd_dataset_source(const xd_dataset *ds, const char *id);
/* Human label of a measure: meta "measure_label:<m>" (or main_measure_label
 * for the main one); else, for the main measure, the generic "Extraditions"
 * ("Extradiciones"), never its id; else the measure name itself, the only
 * name an unlabelled extra measure has. lang "es" looks for the "_es"
 * variants first. */
const char *xd_dataset_measure_label(const xd_dataset *ds, const char *measure, const char *lang);
/* The same for a language of lang.h. */
const char *xd_measure_label(const xd_dataset *ds, const char *measure, xd_lang lang);
/* 1 when meta.csv labels the measure (else the label is generic or its id). */
int xd_measure_has_label(const xd_dataset *ds, const char *measure);

/* A dataset text in the language: the Spanish twin (label_es, name_es, ...)
 * for es and es-MX where it is there and not empty, else the original. */
const char *xd_text_pick(xd_lang lang, const char *original, const char *es);
const char *xd_transfer_label(const xd_transfer *t, xd_lang lang);
const char *xd_transfer_mechanism(const xd_transfer *t, xd_lang lang);
const char *xd_transfer_note(const xd_transfer *t, xd_lang lang);
const char *xd_source_name(const xd_source *s, xd_lang lang);
const char *xd_annual_note(const xd_annual *a, xd_lang lang);
const char *xd_aggregate_note(const xd_aggregate *g, xd_lang lang);
/* A meta value with its "_es" twin: key_es (or for "a:b" keys, a_es:b) for
 * es and es-MX where present and not empty, else key; NULL when neither is. */
const char *xd_dataset_meta_text(const xd_dataset *ds, const char *key, xd_lang lang);
/* The dataset's own remarks on method (meta method_note, method_note:<id>
 * and their _es twins), in file order, in the language; how many. */
size_t xd_dataset_method_notes(const xd_dataset *ds, xd_lang lang, const char **out, size_t cap);
/* "transfer", "expulsion", "deportation" or "extradition". */
const char *xd_transfer_kind_name(xd_transfer_kind k);
/* Every kind but extradition is a handover outside the extradition treaty. */
static inline int xd_transfer_outside_treaty(const xd_transfer *t) { return t->kind != XD_KIND_EXTRADITION; }
const xd_transfer *xd_dataset_transfer_on(const xd_dataset *ds, const char *date);

/* A period of a series: a year, or with by_month the month year*12 + month-1,
 * so that consecutive months are consecutive numbers. */
static inline int xd_period_of(int year, int month) { return month ? year * 12 + month - 1 : year; }
/* "2025" or "2025-03". */
const char *xd_period_text(char *buf, size_t cap, int by_month, int period);

/* One year (or month) of one measure, after reconciling its rows. */
typedef struct xd_year {
    int year;
    int month;              /* 1-12 in a monthly series, else 0 */
    int period;             /* xd_period_of(year, month) */
    int has_value;          /* 0 = gap: no sourced figure */
    long count;             /* the chosen value */
    size_t n_rows;
    const xd_annual **rows; /* every row of this year and measure, file order */
    size_t n_agree;         /* rows that give the chosen value */
    const xd_annual *to_date; /* the latest figure to date of the period, if any: never the period's figure */
    int conflict;           /* rows disagree */
    int unresolved;         /* they disagree and no single preferred value */
} xd_year;

typedef struct xd_series {
    char *measure;
    int by_month;           /* from monthly.csv: from, to and gaps are periods (months) */
    int from, to;
    size_t n;               /* to - from + 1 */
    xd_year *years;
    /* Figures to date of the measure, the latest of each period, in period
     * order: within from..to when they were given, else all. Never in years[]'s
     * values, never stretching from..to. */
    const xd_annual **to_date;
    size_t n_to_date;
} xd_series;

/* The yearly series of `measure` (NULL = main) over [from, to]; from/to 0 take
 * the measure's first/last year with a row. An unresolved conflict is an error
 * naming the rows, unless allow_unresolved (then the year is marked). */
int xd_series_build(const xd_dataset *ds, const char *measure, int from, int to, int allow_unresolved,
                    xd_series *out, xd_diags *d);
/* The same from monthly.csv: from and to are periods (xd_period_of), 0 for the
 * measure's first/last month with a row. */
int xd_series_build_monthly(const xd_dataset *ds, const char *measure, int from, int to, int allow_unresolved,
                            xd_series *out, xd_diags *d);
void xd_series_free(xd_series *s);
/* Years (periods) with a value, as doubles, for the statistics. Returns how many. */
size_t xd_series_values(const xd_series *s, double *years, double *counts);
const xd_year *xd_series_year(const xd_series *s, int year);

/* Every measure with a row in annual.csv, monthly.csv or aggregates.csv, for
 * messages: "all, nationals" (main first; "and N more" when cut). Returns the
 * number of measures. */
size_t xd_dataset_measure_text(const xd_dataset *ds, char *buf, size_t cap);
/* 1 when some file has a row of measure m. */
int xd_dataset_has_measure(const xd_dataset *ds, const char *m);
/* Days from the start of a to-date row's year (or month) through its date. */
long xd_annual_days(const xd_annual *a);
/* "2026 (to 20 Jan)" or "2024-03 (to 15 Mar)". */
const char *xd_to_date_text(char *buf, size_t cap, const xd_annual *a);
/* The same in the language: "2026 (al 20 ene)". */
const char *xd_to_date_text_lang(char *buf, size_t cap, const xd_annual *a, xd_lang lang);

/* Every distinct measure in annual.csv (main first). Caller frees the array only. */
size_t xd_dataset_measures(const xd_dataset *ds, const char ***out);

#endif
