/* Diagnostics: every core function reports problems here instead of printing.
 * A command collects all of them (check reports every problem, not only the first)
 * and the CLI decides how to show them. */
#ifndef XD_DIAG_H
#define XD_DIAG_H

#include <stddef.h>

/* Exit statuses of the tool; core functions return them too. */
enum xd_status {
    XD_OK = 0,
    XD_EDATA = 1,       /* bad input data */
    XD_EUSAGE = 2,      /* bad command line */
    XD_EDISAGREE = 3,   /* check --strict: a reported aggregate disagrees */
    XD_ENOGNUPLOT = 4,  /* gnuplot is needed but missing */
    XD_EOUTPUT = 5,     /* writing or rendering output failed */
    XD_ENOMEM = 6
};

enum xd_severity { XD_SEV_ERROR, XD_SEV_WARNING, XD_SEV_NOTE };

typedef struct xd_diag {
    enum xd_severity severity;
    int status;  /* an enum xd_status for errors, 0 otherwise */
    char *text;  /* "annual.csv:14:2: count: expected ..., found '65.5'" */
} xd_diag;

typedef struct xd_diags {
    xd_diag *items;
    size_t n, cap;
    int status;  /* the first error status recorded, XD_OK if none */
} xd_diags;

void xd_diags_init(xd_diags *d);
void xd_diags_free(xd_diags *d);
/* Records an error and returns its status, so callers can write
 * `return xd_error(d, XD_EDATA, "...")`. */
int xd_error(xd_diags *d, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xd_warning(xd_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xd_note(xd_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t xd_diags_count(const xd_diags *d, enum xd_severity severity);
/* Appends all items of src to dst (used when a sub-step has its own list). */
void xd_diags_move(xd_diags *dst, xd_diags *src);

/* A list inside a message, in a fixed buffer: what does not fit is counted,
 * never dropped in silence, and xd_list_end() says "and N more". */
typedef struct xd_list {
    char *buf;
    size_t cap, len, n, more;
} xd_list;
void xd_list_init(xd_list *l, char *buf, size_t cap);
void xd_list_add(xd_list *l, const char *sep, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *xd_list_end(xd_list *l);
/* The same, saying "and more" without a number: for lists whose full length the
 * caller does not know (the streamed reader keeps only a cell's first rows). */
const char *xd_list_end_uncounted(xd_list *l);

#endif
