/* Document information, language, links and fixed dates for a PDF written by cairo
 * (see pdfinfo.h). Only the classic cross-reference table that cairo writes is
 * understood; anything else is an error rather than a guess. */
#include "pdfinfo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "textwidth.h"

typedef struct buf {
    char *s;
    size_t n, cap;
    int oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_b(buf *b, const char *s) { put(b, s, strlen(s)); }

static void printf_b(buf *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void printf_b(buf *b, const char *f, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(tmp, sizeof tmp, f, ap);
    va_end(ap);
    if (n > 0)
        put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void xd_pdf_date(long long epoch, const char *tail, char *out, size_t cap)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof tm);
    snprintf(out, cap, "D:%04d%02d%02d%02d%02d%02d%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec, tail ? tail : "");
}

/* A text string: UTF-16BE with its byte order mark, in hex, so that no character of
 * the text needs escaping. */
static void text_string(buf *b, const char *s)
{
    puts_b(b, "<FEFF");
    for (const char *p = s ? s : ""; *p;) {
        uint32_t cp = xd_utf8_next(&p);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xFDD0 && cp <= 0xFDEF))
            cp = cp < 0x20 || cp == 0x7F ? ' ' : 0xFFFD;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            printf_b(b, "%04X%04X", 0xD800u + (v >> 10), 0xDC00u + (v & 0x3FFu));
        } else {
            printf_b(b, "%04X", cp);
        }
    }
    puts_b(b, ">");
}

/* A URI: 7-bit ASCII, anything else percent-encoded, ( ) \ escaped. */
static void uri_string(buf *b, const char *s)
{
    puts_b(b, "(");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F)
            printf_b(b, "%%%02X", *p);
        else if (*p == '(' || *p == ')' || *p == '\\')
            printf_b(b, "\\%c", *p);
        else
            put(b, (const char *)p, 1);
    }
    puts_b(b, ")");
}

static const char *find_last(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

static const char *find_in(const char *s, const char *end, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = s; p + k <= end; p++)
        if (memcmp(p, needle, k) == 0)
            return p;
    return NULL;
}

/* The end of the dictionary that opens at p ("<<"): just past its ">>". */
static const char *dict_end(const char *p, const char *end)
{
    int depth = 0;
    while (p + 1 < end) {
        if (p[0] == '<' && p[1] == '<') {
            depth++;
            p += 2;
        } else if (p[0] == '>' && p[1] == '>') {
            depth--;
            p += 2;
            if (depth == 0)
                return p;
        } else if (*p == '(') {
            int nest = 0;
            for (; p < end; p++) {
                if (*p == '\\') {
                    p++;
                    continue;
                }
                if (*p == '(')
                    nest++;
                else if (*p == ')' && --nest == 0)
                    break;
            }
            p++;
        } else if (*p == '<') {
            while (p < end && *p != '>')
                p++;
            p++;
        } else {
            p++;
        }
    }
    return NULL;
}

/* The number after key in a dictionary ("/Size 174", "/Root 173 0 R"); -1 if none. */
static long dict_num(const char *d, const char *end, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = d; p + k < end; p++) {
        if (memcmp(p, key, k) != 0)
            continue;
        char c = p[k];
        if (c != ' ' && c != '\n' && c != '\r')
            continue;
        char *e;
        long v = strtol(p + k, &e, 10);
        return e == p + k ? -1 : v;
    }
    return -1;
}

typedef struct pdf {
    char *s;
    size_t n;
    long *off; /* by object number */
    long size;
    long root, info, xref;
} pdf;

/* The dictionary of object num: [*start, *end). */
static int object_dict(const pdf *p, long num, const char **start, const char **end)
{
    if (num <= 0 || num >= p->size || p->off[num] <= 0 || (size_t)p->off[num] >= p->n)
        return 0;
    const char *o = p->s + p->off[num], *lim = p->s + p->n;
    const char *endobj = find_in(o, lim, "endobj");
    const char *d = endobj ? find_in(o, endobj, "<<") : NULL;
    const char *e = d ? dict_end(d, endobj) : NULL;
    if (!e)
        return 0;
    *start = d;
    *end = e;
    return 1;
}

static int parse(pdf *p)
{
    const char *sx = find_last(p->s, p->n, "startxref");
    if (!sx)
        return 0;
    p->xref = strtol(sx + 9, NULL, 10);
    const char *tr = find_last(p->s, (size_t)(sx - p->s), "trailer");
    if (!tr || p->xref <= 0 || (size_t)p->xref >= p->n)
        return 0;
    const char *td = find_in(tr, sx, "<<"), *te = td ? dict_end(td, sx) : NULL;
    if (!te)
        return 0;
    p->size = dict_num(td, te, "/Size");
    p->root = dict_num(td, te, "/Root");
    p->info = dict_num(td, te, "/Info");
    if (p->size <= 0 || p->size > 10000000 || p->root <= 0 || find_in(td, te, "/Prev"))
        return 0;
    p->off = calloc((size_t)p->size, sizeof *p->off);
    if (!p->off)
        return 0;
    /* xref / first count / entries of 20 bytes */
    const char *x = p->s + p->xref, *lim = p->s + p->n;
    if (lim - x < 5 || memcmp(x, "xref", 4) != 0)
        return 0;
    x += 4;
    for (;;) {
        while (x < lim && (*x == '\n' || *x == '\r' || *x == ' '))
            x++;
        if (x >= lim || *x == 't') /* trailer */
            break;
        char *e;
        long first = strtol(x, &e, 10);
        if (e == x)
            return 0;
        x = e;
        long count = strtol(x, &e, 10);
        if (e == x || first < 0 || count < 0 || first + count > p->size)
            return 0;
        x = e;
        while (x < lim && (*x == '\n' || *x == '\r' || *x == ' '))
            x++;
        for (long i = 0; i < count; i++, x += 20) {
            if (lim - x < 20)
                return 0;
            if (x[17] == 'n')
                p->off[first + i] = strtol(x, NULL, 10);
        }
    }
    return 1;
}

/* The page objects in order, from the page tree under num. */
static void collect_pages(const pdf *p, long num, long *pages, size_t *n, size_t cap, int depth)
{
    const char *d, *e;
    if (depth > 32 || !object_dict(p, num, &d, &e))
        return;
    if (!find_in(d, e, "/Type /Pages")) {
        if (*n < cap)
            pages[(*n)++] = num;
        return;
    }
    const char *k = find_in(d, e, "/Kids");
    const char *open = k ? find_in(k, e, "[") : NULL;
    const char *close = open ? find_in(open, e, "]") : NULL;
    if (!close)
        return;
    for (const char *q = open + 1; q < close;) {
        char *qe;
        long ref = strtol(q, &qe, 10);
        if (qe == q)
            break;
        collect_pages(p, ref, pages, n, cap, depth + 1);
        /* skip "0 R" */
        q = qe;
        strtol(q, &qe, 10);
        q = qe;
        while (q < close && (*q == ' ' || *q == 'R' || *q == '\n' || *q == '\r'))
            q++;
    }
}

/* Rewrites "(D:...)" after key in [s, e) in place with the fixed date. */
static void fix_date(char *s, const char *e, const char *key, long long epoch)
{
    char *k = (char *)find_in(s, e, key);
    char *open = k ? (char *)find_in(k, e, "(D:") : NULL;
    char *close = open ? (char *)find_in(open, e, ")") : NULL;
    if (!close)
        return;
    size_t len = (size_t)(close - open - 1); /* D:YYYYMMDDHHmmSS + tail */
    const char *tail = len == 17 ? "Z" : len == 23 ? "+00'00'" : len == 22 ? "+00'00" : len == 16 ? "" : NULL;
    if (!tail)
        return;
    char date[64];
    xd_pdf_date(epoch, tail, date, sizeof date);
    if (strlen(date) == len)
        memcpy(open + 1, date, len);
}

/* The (D:...) string after key in [s, e), copied; "" if none. */
static void get_date(const char *s, const char *e, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    const char *k = find_in(s, e, key);
    const char *open = k ? find_in(k, e, "(D:") : NULL;
    const char *close = open ? find_in(open, e, ")") : NULL;
    if (close && (size_t)(close - open) < cap)
        snprintf(out, cap, "%.*s", (int)(close - open - 1), open + 1);
}

static void entry(buf *x, long num, size_t offset)
{
    printf_b(x, "%ld 1\n%010zu 00000 n \n", num, offset);
}

int xd_pdf_finish(const char *path, const xd_pdf_info *info, xd_diags *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "cannot read '%s': %s", path, strerror(errno));
    pdf p = {0};
    size_t cap = 1 << 16;
    p.s = malloc(cap);
    size_t got;
    while (p.s && (got = fread(p.s + p.n, 1, cap - p.n, f)) > 0) {
        p.n += got;
        if (p.n == cap) {
            char *ns = cap < ((size_t)1 << 30) ? realloc(p.s, cap * 2) : NULL;
            if (!ns) {
                free(p.s);
                p.s = NULL;
                break;
            }
            p.s = ns;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!p.s || bad) {
        free(p.s);
        return xd_error(d, XD_EOUTPUT, "cannot read '%s'", path);
    }
    buf up = {0}, xr = {0};
    long *pages = NULL;
    int rc = XD_OK;
    if (!parse(&p)) {
        rc = xd_error(d, XD_EOUTPUT, "'%s': not the PDF structure expected from cairo; cannot add its title", path);
        goto done;
    }

    /* cairo's own information: its producer, and dates made fixed in place */
    char producer[256] = "", created[64] = "";
    const char *id = NULL, *ie = NULL;
    if (p.info > 0 && object_dict(&p, p.info, &id, &ie)) {
        if (info->epoch_fixed) {
            fix_date((char *)id, ie, "/CreationDate", info->epoch);
            fix_date((char *)id, ie, "/ModDate", info->epoch);
        }
        get_date(id, ie, "/CreationDate", created, sizeof created);
        const char *pr = find_in(id, ie, "/Producer");
        const char *po = pr ? find_in(pr, ie, "(") : NULL;
        /* a literal string: balanced parentheses, \ escapes */
        size_t k = 0;
        for (int depth = 0; po && po < ie && k + 1 < sizeof producer; po++) {
            if (*po == '\\' && po + 1 < ie) {
                po++;
            } else if (*po == '(') {
                if (depth++ == 0)
                    continue;
            } else if (*po == ')' && --depth == 0) {
                break;
            }
            producer[k++] = *po;
        }
        producer[k] = '\0';
    }
    if (!*created)
        xd_pdf_date(info->epoch, "Z", created, sizeof created);

    /* the incremental update: objects, then their cross-reference entries */
    long next = p.size;
    size_t base = p.n;
    if (base && p.s[base - 1] != '\n') {
        puts_b(&up, "\n");
    }
    long info_num = next++;
    entry(&xr, info_num, base + up.n);
    printf_b(&up, "%ld 0 obj\n<< /Title ", info_num);
    text_string(&up, info->title);
    puts_b(&up, "\n   /Subject ");
    text_string(&up, info->subject);
    puts_b(&up, "\n   /Keywords ");
    text_string(&up, info->keywords);
    puts_b(&up, "\n   /Creator ");
    text_string(&up, info->creator);
    if (*producer) {
        puts_b(&up, "\n   /Producer ");
        text_string(&up, producer);
    }
    printf_b(&up, "\n   /CreationDate (%s)\n   /ModDate (%s)\n>>\nendobj\n", created, created);

    /* the catalog again, with the document's language */
    const char *rd = NULL, *re = NULL;
    if (!object_dict(&p, p.root, &rd, &re)) {
        rc = xd_error(d, XD_EOUTPUT, "'%s': no document catalog; cannot add its title", path);
        goto done;
    }
    if (info->lang && !find_in(rd, re, "/Lang")) {
        entry(&xr, p.root, base + up.n);
        printf_b(&up, "%ld 0 obj\n", p.root);
        put(&up, rd, (size_t)(re - rd - 2));
        puts_b(&up, " /Lang ");
        uri_string(&up, info->lang);
        puts_b(&up, " >>\nendobj\n");
    }

    /* pages with links: each page again with its /Annots, and one object per link */
    pages = calloc((size_t)p.size, sizeof *pages);
    size_t np = 0;
    if (!pages) {
        rc = xd_error(d, XD_ENOMEM, "out of memory finishing '%s'", path);
        goto done;
    }
    collect_pages(&p, dict_num(rd, re, "/Pages"), pages, &np, (size_t)p.size, 0);
    for (size_t pg = 0; pg < np; pg++) {
        size_t count = 0;
        for (size_t i = 0; i < info->n_links; i++)
            count += info->link_page[i] == pg;
        const char *pd, *pe;
        if (!count || !object_dict(&p, pages[pg], &pd, &pe) || find_in(pd, pe, "/Annots"))
            continue;
        long first = next;
        for (size_t i = 0; i < info->n_links; i++) {
            if (info->link_page[i] != pg)
                continue;
            const xd_pdf_link *k = &info->links[i];
            entry(&xr, next, base + up.n);
            printf_b(&up, "%ld 0 obj\n<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0]\n"
                          "   /A << /S /URI /URI ",
                     next, k->x0, k->y0, k->x1, k->y1);
            uri_string(&up, k->url);
            puts_b(&up, " >> >>\nendobj\n");
            next++;
        }
        entry(&xr, pages[pg], base + up.n);
        printf_b(&up, "%ld 0 obj\n", pages[pg]);
        put(&up, pd, (size_t)(pe - pd - 2));
        puts_b(&up, " /Annots [");
        for (long a = first; a < next; a++)
            printf_b(&up, " %ld 0 R", a);
        puts_b(&up, " ] >>\nendobj\n");
    }
    size_t xref_at = base + up.n;
    puts_b(&up, "xref\n");
    put(&up, xr.s ? xr.s : "", xr.n);
    printf_b(&up, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n   /Info %ld 0 R\n   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n",
             next, p.root, info_num, p.xref, xref_at);
    if (up.oom || xr.oom) {
        rc = xd_error(d, XD_ENOMEM, "out of memory finishing '%s'", path);
        goto done;
    }
    f = fopen(path, "wb");
    if (!f) {
        rc = xd_error(d, XD_EOUTPUT, "cannot write '%s': %s", path, strerror(errno));
        goto done;
    }
    bad = fwrite(p.s, 1, p.n, f) != p.n || fwrite(up.s, 1, up.n, f) != up.n;
    if (fclose(f) != 0 || bad)
        rc = xd_error(d, XD_EOUTPUT, "cannot write '%s'", path);
done:
    free(pages);
    free(p.off);
    free(p.s);
    free(up.s);
    free(xr.s);
    return rc;
}
