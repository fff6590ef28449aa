/* Strings made while composing a document, freed together at the end, and the
 * doubling growth of the arrays that hold its parts. Out of memory is a flag the
 * caller checks once, so composing code needs no error path at every string. */
#ifndef XD_STRPOOL_H
#define XD_STRPOOL_H

#include <stdarg.h>
#include <stddef.h>

typedef struct xd_strpool {
    char **v;
    size_t n, cap;
} xd_strpool;

/* v with room for element n (doubling from 16); NULL and *oom = 1 on failure, v kept. */
void *xd_grow(void *v, size_t *cap, size_t n, size_t size, int *oom);
/* Takes s (malloc'ed) into the pool and returns it; "" and *oom = 1 when s is NULL
 * or the pool cannot grow. */
const char *xd_strpool_keep(xd_strpool *p, char *s, int *oom);
/* A printf-formatted string kept in the pool. */
const char *xd_strpool_vfmt(xd_strpool *p, int *oom, const char *f, va_list ap);
void xd_strpool_free(xd_strpool *p);

#endif
