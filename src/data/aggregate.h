/* Counting individual records (one CSV row per extradition, say) per year or
 * month, optionally per the values of some columns, into the yearly format of
 * a dataset's annual.csv.
 *
 * Two readers give the same results and the same messages:
 *  - the strict reader, xd_csv_stream (libcsv, one byte at a time);
 *  - a fast reader for the common case, on the block reader of blockscan.h
 *    (shared with annual_scan.c): big read(2) blocks, here with lines and
 *    fields found 64 bytes at a time with vector compares, quoted fields
 *    without line breaks, dates parsed by hand, UTF-8 checked only where a
 *    byte is not ASCII. Any row it cannot handle with certainty (a quoted line
 *    break, a stray quote, spaces around a quoted field, a lone CR, a NUL,
 *    invalid UTF-8, a wrong number of fields, a line longer than its buffer...)
 *    is read by the resumable strict reader (xd_csv_reader), resumed exactly
 *    where the fast reader stopped, with the same line numbers and the same
 *    64 KiB pieces, so its messages are those of xd_csv_stream.
 *    A big regular file is also cut into parts at line starts, read by one
 *    thread each into counts of its own; a part is used only if its cut turns
 *    out to be a row start and only up to its first row that needs a message,
 *    so results and messages do not depend on the cutting.
 * This file keeps what a row means: dates, --where, --group, the counts.
 * Memory is bounded by the number of groups and threads, not by the number of
 * rows: a 256 KiB buffer per thread and a table of groups. */
#ifndef XD_AGGREGATE_H
#define XD_AGGREGATE_H

#include <stddef.h>
#include "diag.h"

typedef enum { XD_AGG_BY_YEAR, XD_AGG_BY_MONTH } xd_agg_by;

#define XD_AGG_MAX_GROUPS 16
#define XD_AGG_MAX_WHERE 64
/* Rows that --skip-bad leaves out and that are listed one by one in the notes. */
#define XD_AGG_SKIP_LIST 5

typedef struct xd_agg_where {
    const char *column;
    const char *value; /* compared with the whole field, after CSV unquoting */
} xd_agg_where;

/* Called after each block read: bytes read so far, and the input size (-1 if unknown). */
typedef void (*xd_agg_progress_fn)(void *ctx, long long done, long long total);

typedef struct xd_agg_opts {
    const char *date_column;
    xd_agg_by by;
    const char *const *groups; /* column names, counted per distinct combination */
    size_t n_groups;
    const xd_agg_where *where; /* same column: any of the values; different columns: all */
    size_t n_where;
    int skip_bad;              /* skip rows with a bad date (or an empty measure) and count them */
    int strict;                /* read with xd_csv_stream only (and one thread) */
    long long total_bytes;     /* for the progress callback; -1 if unknown */
    xd_agg_progress_fn progress;
    void *progress_ctx;
} xd_agg_opts;

typedef struct xd_agg_count {
    int year;
    int month;                /* 1-12 with XD_AGG_BY_MONTH, else 0 */
    unsigned long long count;
    char **values;            /* one per group column, NUL-terminated */
} xd_agg_count;

typedef struct xd_agg_result {
    xd_agg_count *counts;     /* sorted by period, then by the values (byte order) */
    size_t n;
    size_t n_groups;
    unsigned long long rows_read;     /* data rows, header and blank lines excluded */
    unsigned long long rows_counted;
    unsigned long long rows_filtered; /* left out by the where conditions */
    unsigned long long rows_bad_date; /* skipped with skip_bad */
    unsigned long long rows_empty_measure;
    unsigned long long fallbacks;     /* stretches the fast reader left to the strict one */
    long long bytes;                  /* bytes read */
} xd_agg_result;

/* Reads CSV from fd (display name `name` for messages) and counts its rows.
 * Returns XD_OK, XD_EDATA (bad input, with the first problem located as
 * file:line:field), XD_EUSAGE (bad options) or XD_ENOMEM. With skip_bad, the
 * rows skipped are summed up in a warning and listed (the first few) in notes. */
int xd_aggregate_fd(int fd, const char *name, const xd_agg_opts *o, xd_agg_result *res, xd_diags *d);
void xd_agg_result_free(xd_agg_result *res);

#endif
