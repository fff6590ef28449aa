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
/* Returns 1 if valid UTF-8 without NUL or a byte-order mark; else 0 and the
 * offset of the first bad byte. */
int xd_utf8_check(const char *s, size_t len, size_t *bad);

#endif
