#include "strpool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xd_grow(void *v, size_t *cap, size_t n, size_t size, int *oom)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 16;
    void *nv = realloc(v, c * size);
    if (!nv) {
        *oom = 1;
        return NULL;
    }
    *cap = c;
    return nv;
}

const char *xd_strpool_keep(xd_strpool *p, char *s, int *oom)
{
    if (!s) {
        *oom = 1;
        return "";
    }
    char **v = xd_grow(p->v, &p->cap, p->n, sizeof *v, oom);
    if (!v) {
        free(s);
        return "";
    }
    p->v = v;
    p->v[p->n++] = s;
    return s;
}

const char *xd_strpool_vfmt(xd_strpool *p, int *oom, const char *f, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, f, ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, f, again);
    va_end(again);
    return xd_strpool_keep(p, s, oom);
}

void xd_strpool_free(xd_strpool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    memset(p, 0, sizeof *p);
}
