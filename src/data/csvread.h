/* Strict, streaming CSV reading on top of libcsv, with the line numbers that
 * libcsv does not track. Rows reach a callback one at a time, so memory stays
 * bounded by the longest row; xd_table_load keeps a whole (small) file. */
#ifndef XD_CSVREAD_H
#define XD_CSVREAD_H

#include <stddef.h>
#include <stdio.h>
#include "diag.h"

/* Limits that keep a hostile file from exhausting memory. */
#define XD_CSV_MAX_FIELD ((size_t)1 << 20)      /* 1 MiB per field */
#define XD_CSV_MAX_COLUMNS ((size_t)1024)
#define XD_TABLE_MAX_BYTES ((long long)64 << 20) /* 64 MiB per dataset file */
#define XD_TABLE_MAX_ROWS ((size_t)1000000)

typedef struct xd_csv_row {
    size_t nfields;
    char **fields;   /* NUL-terminated, surrounding spaces of unquoted fields removed */
    size_t *lens;
    long *lines;     /* line on which each field starts (1-based) */
    long line;       /* line on which the row starts */
    size_t index;    /* 0 for the header row */
} xd_csv_row;

/* Returns XD_OK to go on; anything else stops reading and is returned. */
typedef int (*xd_csv_row_fn)(void *ctx, const xd_csv_row *row, xd_diags *d);

/* Reads `f` (display name `name` for messages) and calls fn for each row,
 * header included. Checks: NUL bytes, invalid UTF-8, a byte-order mark after
 * the start, quoting errors, unterminated quotes, field and column limits, and
 * rows whose field count differs from the header's. */
int xd_csv_stream(FILE *f, const char *name, xd_csv_row_fn fn, void *ctx, xd_diags *d);

/* The reader behind xd_csv_stream, fed from the caller's buffers, which can
 * also take over part-way through an input (after another reader has read the
 * rows before it) with the same line numbers and messages as one pass.
 *
 * It hands libcsv the input in pieces that end after each CR or LF and at each
 * multiple of XD_CSV_CHUNK bytes from the start of the input (a few messages
 * depend on where pieces end), so results do not depend on how the caller
 * cuts its reads. A byte-order mark at offset 0 is skipped. */
#define XD_CSV_CHUNK ((size_t)65536)

typedef struct xd_csv_reader xd_csv_reader;

/* A reader at the start of an input: offset 0, line 1, no rows read. NULL
 * (with the error in d) when out of memory. name, ctx and d must outlive it. */
xd_csv_reader *xd_csv_reader_new(const char *name, xd_csv_row_fn fn, void *ctx, xd_diags *d);
void xd_csv_reader_free(xd_csv_reader *r);

/* Flags of xd_csv_reader_feed. */
#define XD_CSV_FEED_END 1u  /* nothing follows these bytes: the last piece ends with them */
#define XD_CSV_FEED_LINE 2u /* return after the first piece that ends at a line end */

/* Feeds s[0, n), the input from the reader's offset on, in whole pieces.
 * Returns the number of bytes used; the rest (fewer than n bytes) is an
 * incomplete piece to feed again with the bytes that follow it, or is left
 * because of XD_CSV_FEED_LINE or an error (see xd_csv_reader_status). */
size_t xd_csv_reader_feed(xd_csv_reader *r, const char *s, size_t n, unsigned flags);

/* Goes on from a line start of the input that another reader reached: the next
 * byte fed is at `offset` and starts line `line`; `rows_seen` rows (the header
 * included) come before it and, if there are any, every row must have
 * `expected_fields` fields. The reader must be between rows (a new reader, or
 * xd_csv_reader_between_rows after a piece that ended with LF). */
void xd_csv_reader_resume(xd_csv_reader *r, long long offset, long line, size_t rows_seen,
                          size_t expected_fields);

/* After the last byte: reports an unterminated quoted field and an input
 * without a header row. Returns the reader's status. */
int xd_csv_reader_finish(xd_csv_reader *r);

/* XD_OK, or the first error (of the reader or returned by the row callback). */
int xd_csv_reader_status(const xd_csv_reader *r);
/* Line of the next byte to feed (1-based). */
long xd_csv_reader_line(const xd_csv_reader *r);
/* Rows read so far, the header included. */
size_t xd_csv_reader_rows(const xd_csv_reader *r);
/* 1 if the input fed so far ends with complete rows (blank lines aside). */
int xd_csv_reader_between_rows(const xd_csv_reader *r);

typedef struct xd_table {
    char *name;
    size_t ncols;
    char **header;
    long header_line;
    size_t nrows;
    xd_csv_row *rows; /* index 1.. in file order */
} xd_table;

/* Loads a whole file. A missing file, an empty file and duplicate or empty
 * column names are errors; a header with no rows is a valid empty table. */
int xd_table_load(const char *path, const char *name, xd_table *t, xd_diags *d);
void xd_table_free(xd_table *t);
/* Column index by header name, or -1. */
int xd_table_column(const xd_table *t, const char *name);

/* A short, printable excerpt of untrusted text for messages: at most `max`
 * bytes of it, control characters and invalid UTF-8 shown as \xNN. */
void xd_text_excerpt(char *out, size_t cap, const char *text, size_t len, size_t max);
/* The excerpts of n texts (40 characters each) joined by commas, cut at cap: the
 * columns a header has, for a missing-column message. */
void xd_text_list(char *out, size_t cap, char *const *texts, size_t n);
/* Returns 1 if valid UTF-8 without NUL or a byte-order mark; else 0 and the
 * offset of the first bad byte. */
int xd_utf8_check(const char *s, size_t len, size_t *bad);

#endif
