/* The data model: a dataset folder with yearly counts, reported multi-year
 * aggregates, single-day transfers, sources and optional metadata. */
#ifndef XD_DATASET_H
#define XD_DATASET_H

#include <stddef.h>
#include "diag.h"

enum xd_row_status { XD_ROW_PLAIN, XD_ROW_PREFERRED, XD_ROW_ALTERNATIVE };
enum xd_aggregate_stat { XD_AGG_MEAN, XD_AGG_TOTAL };

typedef struct xd_annual {
    int year;
    long count;
    char *source, *measure, *note; /* measure is never empty: defaults to the main one */
    enum xd_row_status status;
    long line;
} xd_annual;

typedef struct xd_aggregate {
    int first_year, last_year;
    enum xd_aggregate_stat statistic;
    double value;
    char *value_text; /* as written, for the rounding tolerance */
    char *source, *measure, *note;
    enum xd_row_status status;
    long line;
} xd_aggregate;

typedef struct xd_transfer {
    char date[11];
    int year, month, day;
    long count;
    char *mechanism, *label, *source, *note;
    long line;
} xd_transfer;

typedef struct xd_source {
    char *id, *name, *url, *published, *quote;
    long line;
} xd_source;

typedef struct xd_meta_entry {
    char *key, *value;
    long line;
} xd_meta_entry;

typedef struct xd_dataset {
    char *dir;
    char *name;          /* meta "name", else the folder's base name */
    char *main_measure;  /* meta "main_measure", else "all" */
    /* display names used in messages, e.g. "datasets/mexico-us/annual.csv" */
    char *file_annual, *file_aggregates, *file_transfers, *file_sources, *file_meta;
    int has_meta;
    xd_annual *annual;
    size_t n_annual;
    xd_aggregate *aggregates;
    size_t n_aggregates;
    xd_transfer *transfers; /* sorted by date, then line */
    size_t n_transfers;
    xd_source *sources;
    size_t n_sources;
    xd_meta_entry *meta;
    size_t n_meta;
} xd_dataset;

/* Loads and validates every file of the folder, recording every problem found
 * (not only the first). Conflicts between yearly rows are not errors here:
 * they are errors only for the commands that need the year (xd_series_build).
 * Returns XD_OK or the first error status; the dataset is usable only on XD_OK. */
int xd_dataset_load(const char *dir, xd_dataset *ds, xd_diags *d);
void xd_dataset_free(xd_dataset *ds);

const char *xd_dataset_meta(const xd_dataset *ds, const char *key);
const xd_source *xd_dataset_source(const xd_dataset *ds, const char *id);
/* Human label of a measure: meta "measure_label:<m>" (or main_measure_label
 * for the main one), else the measure name itself. lang "es" looks for the
 * "_es" variants first. */
const char *xd_dataset_measure_label(const xd_dataset *ds, const char *measure, const char *lang);
const xd_transfer *xd_dataset_transfer_on(const xd_dataset *ds, const char *date);

/* One year of one measure, after reconciling its rows. */
typedef struct xd_year {
    int year;
    int has_value;          /* 0 = gap: no sourced figure */
    long count;             /* the chosen value */
    size_t n_rows;
    const xd_annual **rows; /* every row of this year and measure, file order */
    size_t n_agree;         /* rows that give the chosen value */
    int conflict;           /* rows disagree */
    int unresolved;         /* they disagree and no single preferred value */
} xd_year;

typedef struct xd_series {
    char *measure;
    int from, to;
    size_t n;               /* to - from + 1 */
    xd_year *years;
} xd_series;

/* The yearly series of `measure` (NULL = main) over [from, to]; from/to 0 take
 * the measure's first/last year with a row. An unresolved conflict is an error
 * naming the rows, unless allow_unresolved (then the year is marked). */
int xd_series_build(const xd_dataset *ds, const char *measure, int from, int to, int allow_unresolved,
                    xd_series *out, xd_diags *d);
void xd_series_free(xd_series *s);
/* Years with a value, as doubles, for the statistics. Returns how many. */
size_t xd_series_values(const xd_series *s, double *years, double *counts);
const xd_year *xd_series_year(const xd_series *s, int year);

/* Every distinct measure in annual.csv (main first). Caller frees the array only. */
size_t xd_dataset_measures(const xd_dataset *ds, const char ***out);

#endif
