#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xd_diags_init(xd_diags *d) { memset(d, 0, sizeof *d); }

void xd_diags_free(xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i].text);
    free(d->items);
    xd_diags_init(d);
}

static void push(xd_diags *d, enum xd_severity sev, int status, const char *fmt, va_list ap)
{
    if (!d)
        return;
    char stackbuf[1024];
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(stackbuf, sizeof stackbuf, fmt, ap);
    char *text = malloc(len >= 0 ? (size_t)len + 1 : 1);
    if (text) {
        if (len >= 0 && (size_t)len < sizeof stackbuf)
            memcpy(text, stackbuf, (size_t)len + 1);
        else if (len >= 0)
            vsnprintf(text, (size_t)len + 1, fmt, ap2);
        else
            text[0] = '\0';
    }
    va_end(ap2);
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        xd_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items) {
            free(text);
            if (sev == XD_SEV_ERROR && d->status == XD_OK)
                d->status = status;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    xd_diag *it = &d->items[d->n++];
    it->severity = sev;
    it->status = status;
    it->text = text;
    if (sev == XD_SEV_ERROR && d->status == XD_OK)
        d->status = status;
}

/* The name in parentheses: an analysis build may define xd_error as a macro (see
 * .clang-analyzer-model.h). */
int(xd_error)(xd_diags *d, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(d, XD_SEV_ERROR, status, fmt, ap);
    va_end(ap);
    return status;
}

void xd_warning(xd_diags *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(d, XD_SEV_WARNING, 0, fmt, ap);
    va_end(ap);
}

void xd_note(xd_diags *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    push(d, XD_SEV_NOTE, 0, fmt, ap);
    va_end(ap);
}

size_t xd_diags_count(const xd_diags *d, enum xd_severity severity)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++)
        k += d->items[i].severity == severity;
    return k;
}

void xd_diags_move(xd_diags *dst, xd_diags *src)
{
    for (size_t i = 0; i < src->n; i++) {
        xd_diag *it = &src->items[i];
        if (it->severity == XD_SEV_ERROR)
            xd_error(dst, it->status, "%s", it->text ? it->text : "");
        else if (it->severity == XD_SEV_WARNING)
            xd_warning(dst, "%s", it->text ? it->text : "");
        else
            xd_note(dst, "%s", it->text ? it->text : "");
    }
    xd_diags_free(src);
}

/* room kept for " and 18446744073709551615 more" */
#define LIST_TAIL 32

void xd_list_init(xd_list *l, char *buf, size_t cap)
{
    l->buf = buf;
    l->cap = cap;
    l->len = l->n = l->more = 0;
    if (cap)
        buf[0] = '\0';
}

void xd_list_add(xd_list *l, const char *sep, const char *fmt, ...)
{
    char item[512];
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(item, sizeof item, fmt, ap);
    va_end(ap);
    size_t need = (l->n ? strlen(sep) : 0) + (w > 0 ? (size_t)w : 0);
    if (l->more || w < 0 || l->cap < LIST_TAIL || l->len + need >= l->cap - LIST_TAIL) {
        l->more++;
        return;
    }
    l->len += (size_t)snprintf(l->buf + l->len, l->cap - l->len, "%s%s", l->n ? sep : "", item);
    l->n++;
}

const char *xd_list_end_uncounted(xd_list *l)
{
    if (l->more && l->cap > l->len)
        snprintf(l->buf + l->len, l->cap - l->len, "%sand more", l->n ? " " : "");
    return l->buf;
}

const char *xd_list_end(xd_list *l)
{
    if (l->more && l->cap > l->len)
        snprintf(l->buf + l->len, l->cap - l->len, "%sand %zu more", l->n ? " " : "", l->more);
    return l->buf;
}
