/* Reading a big CSV input fast, with the strict reader's results and messages
 * (extrad aggregate, and summary's row-by-row reading of annual.csv).
 *
 * The input is read in blocks of XD_BS_BLOCK bytes. The caller's fast handler
 * reads the complete lines of a block and stops at the first line it cannot
 * decide; from there the resumable strict reader (xd_csv_reader) reads, with
 * the same line numbers, until it has read a row and stands after an LF between
 * rows, and then hands back. The strict reader reads the header, so the caller
 * knows the columns before its fast handler runs.
 *
 * A big regular file read from its start is also cut into parts at line starts
 * (xd_line_cuts), read by one thread each with the fast handler only, into a
 * state of their own; a worker stops at its first line the fast handler leaves
 * to the strict reader (or to a message). The main reader reads the first part;
 * at each cut, if it is a row start for the strict reader too (not inside a
 * quoted field), it merges the worker's state into its own and goes on where
 * the worker stopped, else it drops the remaining parts and reads on by itself.
 * Results and messages are therefore those of one reader going through the
 * whole input, whatever the cutting.
 *
 * What a row means (columns, checks, counting) is the caller's: the handlers
 * below. */
#ifndef XD_BLOCKSCAN_H
#define XD_BLOCKSCAN_H

#include <stddef.h>
#include "csvread.h"
#include "diag.h"

#define XD_BS_BLOCK ((size_t)256 << 10) /* bytes read at once: fits in L2 */
#define XD_BS_PAD 256                   /* zeroed bytes after the data: vector loads may read them */
_Static_assert(XD_BS_BLOCK >= XD_CSV_CHUNK, "the strict reader needs a whole piece in the buffer");
/* A line the fast handler reads fits in the buffer, so none of its fields can
 * pass the strict reader's limit; longer lines go to the strict reader. */
_Static_assert(XD_BS_BLOCK <= XD_CSV_MAX_FIELD, "a line in the buffer must not hold a field over the limit");

/* Returned by a fast handler: the line at pos is for the strict reader. Not a
 * status of diag.h. */
#define XD_BS_FALLBACK (-1)

/* Complete lines for the fast handler. */
typedef struct xd_bs_lines {
    const unsigned char *buf; /* the block; XD_BS_PAD zeroed bytes follow end */
    size_t pos;               /* a line start; where the handler stopped on return */
    size_t end;               /* just after an LF */
    long line;                /* line at pos (1-based) */
    size_t rows;              /* rows before pos, the header included */
} xd_bs_lines;

/* Reads the lines of buf[pos, end) into `state`, keeping line and rows in step
 * with pos. Returns XD_OK (pos == end), XD_BS_FALLBACK (pos at the start of the
 * line the strict reader must read), or an error status that stops the reading
 * (with its message in d; pos at the start of its row). */
typedef int (*xd_bs_fast_fn)(void *state, xd_bs_lines *ls, xd_diags *d);

typedef struct xd_bs_ops {
    xd_bs_fast_fn fast;
    /* Rows read by the strict reader, the header first; ctx is strict_ctx. */
    xd_csv_row_fn strict_row;
    /* After the strict reader has read a row: 1 if the fast handler may take
     * over (NULL: always). */
    int (*ready)(void *state);
    /* A worker's state, made from the main one once the header is read; NULL
     * if it cannot be (the main reader then reads that part). d is the
     * worker's, and discarded. */
    void *(*part_new)(const void *main_state, xd_diags *d);
    /* Adds a worker's state after the main one: its lines are counted from the
     * part's start, line_off lines into the input. */
    int (*part_merge)(void *main_state, void *part_state, long line_off, xd_diags *d);
    void (*part_free)(void *part_state);
} xd_bs_ops;

typedef struct xd_bs_opts {
    const char *threads_env;  /* environment variable: at most this many threads */
    const char *part_min_env; /* environment variable: smallest part, in bytes */
    long long part_min;       /* its default */
    /* Called by the main reader after each block read: bytes read so far by
     * all readers, and total_bytes. NULL: none. */
    void (*progress)(void *ctx, long long done, long long total);
    void *progress_ctx;
    long long total_bytes;
} xd_bs_opts;

typedef struct xd_bs_stats {
    unsigned long long fallbacks; /* stretches the fast handler left to the strict reader */
    long long bytes;              /* bytes read by all readers */
} xd_bs_stats;

/* Reads fd (display name `name` for messages) to its end with main_state and
 * strict_ctx, as described above. Returns XD_OK or the first error. */
int xd_blockscan(int fd, const char *name, const xd_bs_ops *ops, void *main_state, void *strict_ctx,
                 const xd_bs_opts *o, xd_bs_stats *st, xd_diags *d);

#endif
