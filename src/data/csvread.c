#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct xd_csv_reader {
    const char *name;
    xd_csv_row_fn fn;
    void *ctx;
    xd_diags *d;
    struct csv_parser p;
    int status;        /* first error, stops everything */
    long long offset;  /* of the next byte to feed */
    long line;         /* line of the bytes being fed */
    long field_line;   /* line where the current field started */
    long row_line;
    int need_row_start;
    int prev_cr;       /* the last piece ended with CR */
    size_t expected_fields;
    size_t rows_seen;
    xd_csv_row row;
    size_t cap;
};

typedef struct xd_csv_reader reader;

void xd_text_excerpt(char *out, size_t cap, const char *text, size_t len, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i = 0;
    if (cap == 0)
        return;
    while (i < len && i < max && o + 5 < cap) {
        unsigned char c = (unsigned char)text[i];
        size_t bad = 0;
        size_t clen = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        /* C1 controls (U+0080-U+009F, 0xc2 0x80-0x9f) are escaped like C0 ones */
        int c1 = c == 0xc2 && i + 1 < len && (unsigned char)text[i + 1] < 0xa0;
        if (c >= 0x20 && c != 0x7f && !c1 &&
            (c < 0x80 || (i + clen <= len && xd_utf8_check(text + i, clen, &bad)))) {
            if (o + clen + 1 >= cap)
                break;
            memcpy(out + o, text + i, clen);
            o += clen;
            i += clen;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
            i++;
        }
    }
    if (i < len && o + 4 < cap) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

int xd_utf8_check(const char *s, size_t len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned cp;
        if (c == 0)
            goto fail;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07;
        } else {
            goto fail;
        }
        if (i + n >= len)
            goto fail;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                goto fail;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfeff)
            goto fail;
        i += n + 1;
    }
    return 1;
fail:
    if (bad)
        *bad = i;
    return 0;
}

/* The field being read is field nfields + 1 of its row and started on field_line. */
static void field_too_long(reader *r)
{
    if (r->status != XD_OK)
        return;
    r->status = xd_error(r->d, XD_EDATA, "%s:%ld:%zu: a field longer than %zu bytes (the limit for one field)",
                         r->name, r->field_line, r->row.nfields + 1, XD_CSV_MAX_FIELD);
}

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->status != XD_OK)
        return;
    if (r->row.nfields == XD_CSV_MAX_COLUMNS) {
        r->status = xd_error(r->d, XD_EDATA, "%s:%ld:%zu: too many fields in one row (the limit is %zu)", r->name,
                             r->row_line, r->row.nfields + 1, XD_CSV_MAX_COLUMNS);
        return;
    }
    if (len > XD_CSV_MAX_FIELD) {
        field_too_long(r);
        return;
    }
    if (r->row.nfields == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **f = realloc(r->row.fields, cap * sizeof *f);
        if (f)
            r->row.fields = f;
        size_t *l = realloc(r->row.lens, cap * sizeof *l);
        if (l)
            r->row.lens = l;
        long *ln = realloc(r->row.lines, cap * sizeof *ln);
        if (ln)
            r->row.lines = ln;
        if (!f || !l || !ln) {
            r->status = xd_error(r->d, XD_ENOMEM, "%s: out of memory", r->name);
            return;
        }
        r->cap = cap;
    }
    size_t bad;
    const char *text = data ? data : "";
    if (!xd_utf8_check(text, len, &bad)) {
        char ex[96];
        xd_text_excerpt(ex, sizeof ex, text + bad, len - bad, 8);
        const char *what = text[bad] == '\0' ? "a NUL byte"
                           : ((unsigned char)text[bad] == 0xef && len - bad >= 3 &&
                              (unsigned char)text[bad + 1] == 0xbb && (unsigned char)text[bad + 2] == 0xbf)
                               ? "a byte-order mark (U+FEFF) after the start of the file"
                               : "invalid UTF-8";
        xd_error(r->d, XD_EDATA, "%s:%ld:%zu: expected UTF-8 text, found %s at byte %zu of the field ('%s')",
                 r->name, r->field_line, r->row.nfields + 1, what, bad + 1, ex);
        r->status = XD_EDATA;
        return;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->status = xd_error(r->d, XD_ENOMEM, "%s: out of memory", r->name);
        return;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    r->row.fields[r->row.nfields] = copy;
    r->row.lens[r->row.nfields] = len;
    r->row.lines[r->row.nfields] = r->field_line;
    if (r->row.nfields == 0)
        r->row_line = r->field_line;
    r->row.nfields++;
    r->field_line = r->line;
}

static void clear_row(reader *r)
{
    for (size_t i = 0; i < r->row.nfields; i++)
        free(r->row.fields[i]);
    r->row.nfields = 0;
}

static void on_row(int c, void *ctx)
{
    reader *r = ctx;
    (void)c;
    r->need_row_start = 1;
    if (r->status != XD_OK) {
        clear_row(r);
        return;
    }
    r->row.line = r->row_line;
    r->row.index = r->rows_seen;
    if (r->rows_seen == 0) {
        r->expected_fields = r->row.nfields;
    } else if (r->row.nfields != r->expected_fields) {
        r->status = xd_error(r->d, XD_EDATA, "%s:%ld: expected %zu fields as in the header, found %zu",
                             r->name, r->row_line, r->expected_fields, r->row.nfields);
        clear_row(r);
        return;
    }
    r->rows_seen++;
    int rc = r->fn(r->ctx, &r->row, r->d);
    if (rc != XD_OK)
        r->status = rc;
    clear_row(r);
}

static int only_line_ends(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != '\r' && p[i] != '\n' && p[i] != ' ' && p[i] != '\t')
            return 0;
    return 1;
}

static int parse_piece(reader *r, const char *s, size_t n)
{
    struct csv_parser *p = &r->p;
    size_t done = csv_parse(p, s, n, on_field, on_row, r);
    if (r->status != XD_OK)
        return r->status;
    if (done < n) {
        if (csv_error(p) == CSV_EPARSE)
            r->status = xd_error(r->d, XD_EDATA,
                                 "%s:%ld:%zu: malformed quoting: expected a quote to open or close a whole field, "
                                 "found a stray '\"'",
                                 r->name, r->line, r->row.nfields + 1);
        else
            r->status = xd_error(r->d, XD_ENOMEM, "%s:%ld: %s", r->name, r->line, csv_strerror(csv_error(p)));
        return r->status;
    }
    /* libcsv buffers the field being read: bound it before it grows further
     * (a piece is at most one XD_CSV_CHUNK, so the buffer never exceeds the
     * limit by more) */
    if (p->entry_pos > XD_CSV_MAX_FIELD)
        field_too_long(r);
    /* libcsv grows that buffer by a fixed step; doubling the step keeps a long
     * field from costing one copy of itself per step where realloc copies */
    if (p->entry_size > p->blk_size)
        csv_set_blk_size(p, p->entry_size);
    return r->status;
}

/* Feeds one piece: it ends after its only CR or LF, at a multiple of
 * XD_CSV_CHUNK bytes or at the end of the input. */
static void feed_piece(reader *r, const char *s, size_t n)
{
    if (r->need_row_start && !only_line_ends(s, n)) {
        r->field_line = r->line;
        r->need_row_start = 0;
    }
    const char *nul = memchr(s, '\0', n);
    if (nul) {
        /* parse what comes before it, so the message names the field that holds it */
        if (parse_piece(r, s, (size_t)(nul - s)) == XD_OK)
            r->status = xd_error(r->d, XD_EDATA,
                                 "%s:%ld:%zu: expected text, found a NUL byte (is this a binary file?)", r->name,
                                 r->line, r->row.nfields + 1);
    } else {
        parse_piece(r, s, n);
    }
    /* CR LF is one line end, CR alone and LF alone are one each */
    if (s[n - 1] == '\r') {
        r->line++;
        r->prev_cr = 1;
    } else {
        if (s[n - 1] == '\n' && !(r->prev_cr && n == 1))
            r->line++;
        r->prev_cr = 0;
    }
    r->offset += (long long)n;
}

xd_csv_reader *xd_csv_reader_new(const char *name, xd_csv_row_fn fn, void *ctx, xd_diags *d)
{
    reader *r = calloc(1, sizeof *r);
    if (!r || csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(r);
        xd_error(d, XD_ENOMEM, "%s: out of memory", name);
        return NULL;
    }
    csv_set_blk_size(&r->p, 4096);
    r->name = name;
    r->fn = fn;
    r->ctx = ctx;
    r->d = d;
    r->status = XD_OK;
    r->line = r->field_line = r->row_line = 1;
    r->need_row_start = 1;
    return r;
}

void xd_csv_reader_free(xd_csv_reader *r)
{
    if (!r)
        return;
    clear_row(r);
    free(r->row.fields);
    free(r->row.lens);
    free(r->row.lines);
    csv_free(&r->p);
    free(r);
}

size_t xd_csv_reader_feed(xd_csv_reader *r, const char *s, size_t n, unsigned flags)
{
    size_t used = 0;
    if (r->status != XD_OK)
        return 0;
    if (r->offset == 0 && n > 0) {
        /* a byte-order mark at the start is not part of the text */
        size_t k = n < 3 ? n : 3;
        if (memcmp(s, "\xef\xbb\xbf", k) == 0) {
            if (k < 3 && !(flags & XD_CSV_FEED_END))
                return 0;
            if (k == 3) {
                used = 3;
                r->offset = 3;
            }
        }
    }
    while (used < n && r->status == XD_OK) {
        const char *p = s + used;
        size_t room = n - used;
        size_t to_chunk = XD_CSV_CHUNK - (size_t)(r->offset % (long long)XD_CSV_CHUNK);
        size_t lim = room < to_chunk ? room : to_chunk;
        size_t q = 0;
        while (q < lim && p[q] != '\n' && p[q] != '\r')
            q++;
        size_t len;
        if (q < lim)
            len = q + 1;
        else if (lim == to_chunk || (flags & XD_CSV_FEED_END))
            len = lim;
        else
            break; /* the rest of the piece is still to come */
        feed_piece(r, p, len);
        used += len;
        if (q < lim && (flags & XD_CSV_FEED_LINE))
            break;
    }
    return used;
}

void xd_csv_reader_resume(xd_csv_reader *r, long long offset, long line, size_t rows_seen,
                          size_t expected_fields)
{
    r->offset = offset;
    r->line = r->field_line = r->row_line = line;
    r->rows_seen = rows_seen;
    if (rows_seen > 0)
        r->expected_fields = expected_fields;
    r->need_row_start = 1;
    r->prev_cr = 0;
}

int xd_csv_reader_finish(xd_csv_reader *r)
{
    if (r->status == XD_OK && csv_fini(&r->p, on_field, on_row, r) != 0 && r->status == XD_OK)
        r->status = xd_error(r->d, XD_EDATA,
                             "%s:%ld:%zu: unterminated quoted field: expected a closing '\"' before the end of the file",
                             r->name, r->field_line, r->row.nfields + 1);
    clear_row(r);
    if (r->status == XD_OK && r->rows_seen == 0)
        r->status = xd_error(r->d, XD_EDATA, "%s: the file is empty: expected a header row", r->name);
    return r->status;
}

int xd_csv_reader_status(const xd_csv_reader *r) { return r->status; }
long xd_csv_reader_line(const xd_csv_reader *r) { return r->line; }
size_t xd_csv_reader_rows(const xd_csv_reader *r) { return r->rows_seen; }
int xd_csv_reader_between_rows(const xd_csv_reader *r) { return r->need_row_start; }

int xd_csv_stream(FILE *f, const char *name, xd_csv_row_fn fn, void *ctx, xd_diags *d)
{
    reader *r = xd_csv_reader_new(name, fn, ctx, d);
    if (!r)
        return XD_ENOMEM;
    char *buf = malloc(XD_CSV_CHUNK);
    if (!buf) {
        xd_csv_reader_free(r);
        return xd_error(d, XD_ENOMEM, "%s: out of memory", name);
    }
    /* whole reads end at multiples of XD_CSV_CHUNK, where a piece ends anyway */
    size_t kept = 0, got;
    while (r->status == XD_OK && (got = fread(buf + kept, 1, XD_CSV_CHUNK - kept, f)) > 0) {
        size_t have = kept + got;
        size_t used = xd_csv_reader_feed(r, buf, have, 0);
        kept = have - used;
        memmove(buf, buf + used, kept);
    }
    if (r->status == XD_OK && kept > 0)
        xd_csv_reader_feed(r, buf, kept, XD_CSV_FEED_END);
    if (r->status == XD_OK && ferror(f))
        r->status = xd_error(d, XD_EDATA, "%s: read error: %s", name, strerror(errno));
    int rc = xd_csv_reader_finish(r);
    xd_csv_reader_free(r);
    free(buf);
    return rc;
}

typedef struct table_ctx {
    xd_table *t;
    size_t cap;
} table_ctx;

static int table_row(void *ctx, const xd_csv_row *row, xd_diags *d)
{
    table_ctx *tc = ctx;
    xd_table *t = tc->t;
    if (row->index == 0) {
        t->ncols = row->nfields;
        t->header_line = row->line;
        t->header = calloc(row->nfields, sizeof *t->header);
        if (!t->header)
            return xd_error(d, XD_ENOMEM, "%s: out of memory", t->name);
        for (size_t i = 0; i < row->nfields; i++) {
            if (row->lens[i] == 0)
                return xd_error(d, XD_EDATA, "%s:%ld:%zu: expected a column name, found an empty one",
                                t->name, row->lines[i], i + 1);
            for (size_t j = 0; j < i; j++)
                if (strcmp(t->header[j], row->fields[i]) == 0) {
                    char ex[128];
                    xd_text_excerpt(ex, sizeof ex, row->fields[i], row->lens[i], 40);
                    return xd_error(d, XD_EDATA, "%s:%ld:%zu: duplicate column name '%s' (also column %zu)",
                                    t->name, row->lines[i], i + 1, ex, j + 1);
                }
            t->header[i] = strdup(row->fields[i]);
            if (!t->header[i])
                return xd_error(d, XD_ENOMEM, "%s: out of memory", t->name);
        }
        return XD_OK;
    }
    if (t->nrows == XD_TABLE_MAX_ROWS)
        return xd_error(d, XD_EDATA, "%s:%ld: more than %zu rows (the limit for a dataset file)", t->name,
                        row->line, XD_TABLE_MAX_ROWS);
    if (t->nrows == tc->cap) {
        size_t cap = tc->cap ? tc->cap * 2 : 64;
        xd_csv_row *rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows)
            return xd_error(d, XD_ENOMEM, "%s: out of memory", t->name);
        t->rows = rows;
        tc->cap = cap;
    }
    xd_csv_row *dst = &t->rows[t->nrows];
    memset(dst, 0, sizeof *dst);
    dst->fields = calloc(row->nfields ? row->nfields : 1, sizeof *dst->fields);
    dst->lens = calloc(row->nfields ? row->nfields : 1, sizeof *dst->lens);
    dst->lines = calloc(row->nfields ? row->nfields : 1, sizeof *dst->lines);
    t->nrows++;
    if (!dst->fields || !dst->lens || !dst->lines)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", t->name);
    dst->nfields = row->nfields;
    dst->line = row->line;
    dst->index = row->index;
    for (size_t i = 0; i < row->nfields; i++) {
        dst->fields[i] = strdup(row->fields[i]);
        if (!dst->fields[i])
            return xd_error(d, XD_ENOMEM, "%s: out of memory", t->name);
        dst->lens[i] = row->lens[i];
        dst->lines[i] = row->lines[i];
    }
    return XD_OK;
}

int xd_table_load(const char *path, const char *name, xd_table *t, xd_diags *d)
{
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    if (!t->name)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return xd_error(d, XD_EDATA, "%s: cannot open: %s", name, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            return xd_error(d, XD_EDATA, "%s: expected a CSV file, found a folder", name);
        }
        if (S_ISREG(st.st_mode) && (long long)st.st_size > XD_TABLE_MAX_BYTES) {
            fclose(f);
            return xd_error(d, XD_EDATA, "%s: the file has %lld bytes; the limit for a dataset file is %lld",
                            name, (long long)st.st_size, XD_TABLE_MAX_BYTES);
        }
    }
    table_ctx tc = {t, 0};
    int rc = xd_csv_stream(f, name, table_row, &tc, d);
    fclose(f);
    return rc;
}

void xd_table_free(xd_table *t)
{
    for (size_t i = 0; i < t->ncols && t->header; i++)
        free(t->header[i]);
    free(t->header);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t i = 0; i < t->rows[r].nfields; i++)
            free(t->rows[r].fields[i]);
        free(t->rows[r].fields);
        free(t->rows[r].lens);
        free(t->rows[r].lines);
    }
    free(t->rows);
    free(t->name);
    memset(t, 0, sizeof *t);
}

int xd_table_column(const xd_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (int)i;
    return -1;
}

void xd_text_list(char *out, size_t cap, char *const *texts, size_t n)
{
    xd_list l;
    xd_list_init(&l, out, cap);
    for (size_t i = 0; i < n; i++) {
        char ex[128];
        xd_text_excerpt(ex, sizeof ex, texts[i], strlen(texts[i]), 40);
        xd_list_add(&l, ",", "%s", ex);
    }
    xd_list_end(&l);
}
