/* memrchr is a GNU extension. */
#define _GNU_SOURCE

#include "annual_scan.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "linecut.h"
#include "parse.h"

#define BUF ((size_t)256 << 10) /* a block (fits in L2 with the cells); a longer line goes to the strict reader */
_Static_assert(BUF >= XD_CSV_CHUNK, "the strict reader needs a whole piece in the buffer");
_Static_assert(BUF <= XD_CSV_MAX_FIELD, "a line in the buffer must not hold a field over the limit");
#define PART_MIN ((long long)16 << 20) /* smallest part worth a thread */
#define MAX_PARTS 8
/* Row messages kept one by one; more are counted in a last message. */
#define MAX_ROW_MESSAGES 100000

enum { C_YEAR, C_COUNT, C_SOURCE, C_MEASURE, C_STATUS, C_NOTE, NCOLS_SPEC };
static const char *const col_names[NCOLS_SPEC] = {"year", "count", "source", "measure", "status", "note"};
static const int col_required[NCOLS_SPEC] = {1, 1, 1, 0, 0, 0};

/* ------------------------------------------------------------ the state */

typedef struct kept {
    long line;
    uint32_t source; /* index in ds->sources */
    uint8_t status;
} kept;

typedef struct value {
    long count;
    unsigned long long n_rows, n_pref;
    kept *rows;
    uint32_t nkept, cap;
    kept first_pref; /* when n_pref > 0 */
} value;
_Static_assert(sizeof(value) == 56, "a value and its cell's counts fill a cache line");

/* The first value inline: most cells have one, and a row then touches one
 * cache line (cells are 64 bytes, 64-byte aligned). */
typedef struct cell {
    uint32_t n; /* values: v0, then more[0, n - 1) */
    uint32_t cap;
    value v0;
} cell;
_Static_assert(sizeof(cell) == 64, "a cell is one cache line");


typedef struct measure {
    char *name;
    size_t len;
    uint64_t w8; /* the first 8 bytes, for quick comparisons */
    int y0;      /* the years seen so far: y0 .. y0 + ny - 1 */
    size_t ny;
    cell *years; /* ny cells */
    value **more; /* ny: each cell's other values */
} measure;

static inline value *cell_value(measure *m, size_t y, uint32_t k)
{
    return k == 0 ? &m->years[y].v0 : &m->more[y][k - 1];
}
static inline const value *cell_value_c(const measure *m, size_t y, uint32_t k)
{
    return k == 0 ? &m->years[y].v0 : &m->more[y][k - 1];
}

/* Index of `year` in the measure's cells, which grow to cover it; -1 when out
 * of memory. Only the span of years seen is kept, so memory follows the
 * (measure, year) cells. */
static inline long year_index(measure *m, int year)
{
    if (m->ny && year >= m->y0 && (size_t)(year - m->y0) < m->ny)
        return year - m->y0;
    int lo = m->ny && m->y0 < year ? m->y0 : year;
    int hi = m->ny && m->y0 + (int)m->ny - 1 > year ? m->y0 + (int)m->ny - 1 : year;
    size_t ny = (size_t)(hi - lo + 1), shift = m->ny ? (size_t)(m->y0 - lo) : 0;
    void *cells = NULL;
    if (posix_memalign(&cells, 64, ny * sizeof *m->years) != 0)
        return -1;
    value **more = calloc(ny, sizeof(value *)); // NOLINT(bugprone-sizeof-expression)
    if (!more) {
        free(cells);
        return -1;
    }
    memset(cells, 0, ny * sizeof *m->years);
    if (m->ny) {
        memcpy((cell *)cells + shift, m->years, m->ny * sizeof *m->years);
        memcpy(more + shift, m->more, m->ny * sizeof(value *)); // NOLINT(bugprone-sizeof-expression)
    }
    free(m->years);
    free(m->more);
    m->years = cells;
    m->more = more;
    m->y0 = lo;
    m->ny = ny;
    return year - lo;
}

typedef struct src_entry {
    const char *id;
    size_t len;
    uint64_t w8;
    uint32_t index;
} src_entry;

/* Source ids for lookups by bytes, shared by the threads (read only). */
typedef struct src_table {
    src_entry *tab;
    size_t cap;
} src_table;

typedef struct header {
    size_t ncols;
    int idx[NCOLS_SPEC];  /* column of each name, -1 if absent */
    int *colmap;          /* per column: the C_* it holds, or -1 */
    char label[NCOLS_SPEC][128];
    int mapped;           /* every required column is there */
} header;

typedef struct state {
    const xd_dataset *ds;
    int sources_read;
    const char *name;
    const src_table *src;
    const header *h;
    measure *ms;
    size_t nm, capm;
    size_t *mtab; /* measure index + 1, open addressing by name */
    size_t mcap;
    size_t last_m; /* cache: index + 1 of the last measure seen */
    int worker;    /* rows needing a message stop the reading instead */
    xd_diags *rowd;
    xd_diags *d; /* for errors that stop the reading (main reader only) */
    unsigned long long messages_dropped;
} state;

/* The first (up to) 8 bytes of p[0, n) as a number; without reading past n. */
static inline uint64_t prefix8(const char *p, size_t n)
{
    uint64_t w = 0;
    size_t k = n < 8 ? n : 8;
    for (size_t i = 0; i < k; i++)
        w |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return w;
}

static inline uint64_t hash_key(const char *p, size_t n, uint64_t w8)
{
    uint64_t h = (w8 ^ (n * 0x9e3779b97f4a7c15ULL)) * 0xbf58476d1ce4e5b9ULL;
    for (size_t i = 8; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h ^ (h >> 31);
}

static inline int same_key(const char *a, size_t an, uint64_t aw, const char *b, size_t bn, uint64_t bw)
{
    return an == bn && aw == bw && (an <= 8 || memcmp(a + 8, b + 8, an - 8) == 0);
}

static int src_build(src_table *t, const xd_dataset *ds)
{
    size_t cap = 16;
    while (cap < ds->n_sources * 2 + 2)
        cap *= 2;
    t->tab = calloc(cap, sizeof *t->tab);
    if (!t->tab)
        return 0;
    t->cap = cap;
    for (size_t i = 0; i < ds->n_sources; i++) {
        const char *id = ds->sources[i].id;
        size_t len = strlen(id);
        uint64_t w8 = prefix8(id, len);
        size_t j = (size_t)hash_key(id, len, w8) & (cap - 1);
        while (t->tab[j].id)
            j = (j + 1) & (cap - 1);
        t->tab[j] = (src_entry){id, len, w8, (uint32_t)i};
    }
    return 1;
}

static long src_find(const src_table *t, const char *p, size_t n)
{
    uint64_t w8 = prefix8(p, n);
    size_t j = (size_t)hash_key(p, n, w8) & (t->cap - 1);
    for (; t->tab[j].id; j = (j + 1) & (t->cap - 1))
        if (same_key(t->tab[j].id, t->tab[j].len, t->tab[j].w8, p, n, w8))
            return t->tab[j].index;
    return -1;
}

static void state_free(state *s)
{
    for (size_t i = 0; i < s->nm; i++) {
        measure *m = &s->ms[i];
        for (size_t y = 0; y < m->ny; y++) {
            for (uint32_t k = 0; k < m->years[y].n; k++)
                free(cell_value(m, y, k)->rows);
            free(m->more[y]);
        }
        free(m->years);
        free(m->more);
        free(m->name);
    }
    free(s->ms);
    free(s->mtab);
    s->ms = NULL;
    s->mtab = NULL;
    s->nm = s->capm = s->mcap = 0;
}

/* Index of the measure named p[0, n), added if new; -1 when out of memory. */
static long measure_get(state *s, const char *p, size_t n)
{
    uint64_t w8 = prefix8(p, n);
    if (s->last_m) {
        const measure *m = &s->ms[s->last_m - 1];
        if (same_key(m->name, m->len, m->w8, p, n, w8))
            return (long)(s->last_m - 1);
    }
    if (s->mcap) {
        size_t j = (size_t)hash_key(p, n, w8) & (s->mcap - 1);
        for (; s->mtab[j]; j = (j + 1) & (s->mcap - 1)) {
            const measure *m = &s->ms[s->mtab[j] - 1];
            if (same_key(m->name, m->len, m->w8, p, n, w8)) {
                s->last_m = s->mtab[j];
                return (long)(s->mtab[j] - 1);
            }
        }
    }
    if ((s->nm + 1) * 2 > s->mcap) {
        size_t cap = s->mcap ? s->mcap * 2 : 64;
        size_t *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < s->nm; i++) {
            size_t j = (size_t)hash_key(s->ms[i].name, s->ms[i].len, s->ms[i].w8) & (cap - 1);
            while (t[j])
                j = (j + 1) & (cap - 1);
            t[j] = i + 1;
        }
        free(s->mtab);
        s->mtab = t;
        s->mcap = cap;
    }
    if (s->nm == s->capm) {
        size_t cap = s->capm ? s->capm * 2 : 16;
        measure *ms = realloc(s->ms, cap * sizeof *ms);
        if (!ms)
            return -1;
        s->ms = ms;
        s->capm = cap;
    }
    measure *m = &s->ms[s->nm];
    memset(m, 0, sizeof *m);
    m->name = malloc(n + 1);
    if (!m->name)
        return -1;
    memcpy(m->name, p, n);
    m->name[n] = '\0';
    m->len = n;
    m->w8 = w8;
    size_t j = (size_t)hash_key(p, n, w8) & (s->mcap - 1);
    while (s->mtab[j])
        j = (j + 1) & (s->mcap - 1);
    s->mtab[j] = ++s->nm;
    s->last_m = s->nm;
    return (long)(s->nm - 1);
}

static inline value *value_get(measure *ms, size_t y, long count)
{
    cell *c = &ms->years[y];
    if (c->n && c->v0.count == count)
        return &c->v0;
    value **more = &ms->more[y];
    for (uint32_t k = 1; *more && k < c->n; k++)
        if ((*more)[k - 1].count == count)
            return &(*more)[k - 1];
    value *v = &c->v0;
    if (c->n > 0) {
        if (c->n - 1 >= c->cap || !*more) {
            uint32_t cap = c->cap ? c->cap * 2 : 2;
            value *m = realloc(*more, cap * sizeof *m);
            if (!m)
                return NULL;
            *more = m;
            c->cap = cap;
        }
        v = &(*more)[c->n - 1];
    }
    c->n++;
    memset(v, 0, sizeof *v);
    v->count = count;
    return v;
}

static int keep_row(value *v, kept row)
{
    if (v->nkept == XD_SCAN_KEEP_ROWS)
        return 1;
    if (v->nkept == v->cap) {
        uint32_t cap = v->cap ? v->cap * 4 : 2;
        if (cap > XD_SCAN_KEEP_ROWS)
            cap = XD_SCAN_KEEP_ROWS;
        kept *r = realloc(v->rows, cap * sizeof *r);
        if (!r)
            return 0;
        v->rows = r;
        v->cap = cap;
    }
    v->rows[v->nkept++] = row;
    return 1;
}

/* Adds one checked row to its cell. */
static int add_row(state *s, int year, long count, const char *m, size_t ml, uint32_t source,
                   enum xd_row_status status, long line)
{
    long mi = measure_get(s, m, ml);
    long yi = mi < 0 ? -1 : year_index(&s->ms[mi], year);
    value *v = yi < 0 ? NULL : value_get(&s->ms[mi], (size_t)yi, count);
    kept row = {line, source, (uint8_t)status};
    if (!v || !keep_row(v, row))
        return XD_ENOMEM;
    v->n_rows++;
    if (status == XD_ROW_PREFERRED && v->n_pref++ == 0)
        v->first_pref = row;
    return XD_OK;
}

/* ------------------------------------------------- checking one row
 * The same checks, in the same order and with the same messages, as the
 * table loader (load_annual in dataset.c). */

static int parse_count_n(const char *s, size_t n, long *out)
{
    if (n == 0 || n > 10)
        return 0;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (v > XD_COUNT_MAX)
        return 0;
    *out = v;
    return 1;
}

static int parse_year_n(const char *s, size_t n, int *out)
{
    long v;
    if (n != 4 || !parse_count_n(s, n, &v) || v < XD_YEAR_MIN || v > XD_YEAR_MAX)
        return 0;
    *out = (int)v;
    return 1;
}

static int has_control_n(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] == 0x7f || (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] < 0xa0))
            return 1;
    return 0;
}

static int parse_status_n(const char *s, size_t n, enum xd_row_status *st)
{
    if (n == 0)
        *st = XD_ROW_PLAIN;
    else if (n == 9 && memcmp(s, "preferred", 9) == 0)
        *st = XD_ROW_PREFERRED;
    else if (n == 11 && memcmp(s, "alternative", 11) == 0)
        *st = XD_ROW_ALTERNATIVE;
    else
        return 0;
    return 1;
}

#define ROW_STOP 100 /* a worker met a row that needs a message */

static void row_message(state *s, const char *const *v, const size_t *l, const long *ln, int c, const char *what)
{
    if (s->rowd->n >= MAX_ROW_MESSAGES) {
        s->messages_dropped++;
        return;
    }
    char ex[128];
    xd_text_excerpt(ex, sizeof ex, v[c], l[c], 40);
    xd_error(s->rowd, XD_EDATA, "%s:%ld:%d: %s: expected %s, found '%s'", s->name, ln[c], s->h->idx[c] + 1,
             s->h->label[c], what, ex);
}

/* One data row: the values of the C_* columns (absent ones empty) and the
 * line each starts on. */
static int row_apply(state *s, const char *const *v, const size_t *l, const long *ln, long row_line)
{
    int year = 0;
    long count = 0;
    enum xd_row_status st = XD_ROW_PLAIN;
    int ok_year = parse_year_n(v[C_YEAR], l[C_YEAR], &year);
    int ok_count = parse_count_n(v[C_COUNT], l[C_COUNT], &count);
    long src = -1;
    int src_empty = l[C_SOURCE] == 0, src_unknown = 0;
    if (!src_empty && s->sources_read) {
        src = src_find(s->src, v[C_SOURCE], l[C_SOURCE]);
        src_unknown = src < 0;
    }
    int bad_measure = s->h->idx[C_MEASURE] >= 0 && has_control_n(v[C_MEASURE], l[C_MEASURE]);
    int ok_status = parse_status_n(v[C_STATUS], l[C_STATUS], &st);
    if (ok_year && ok_count && !src_empty && !src_unknown && !bad_measure && ok_status) {
        const char *m = v[C_MEASURE];
        size_t ml = l[C_MEASURE];
        if (ml == 0) {
            m = s->ds->main_measure;
            ml = strlen(m);
        }
        int rc = add_row(s, year, count, m, ml, src < 0 ? UINT32_MAX : (uint32_t)src, st, row_line);
        if (rc != XD_OK && !s->worker)
            xd_error(s->d, rc, "%s: out of memory", s->name);
        return rc;
    }
    if (s->worker)
        return ROW_STOP;
    if (!ok_year)
        row_message(s, v, l, ln, C_YEAR, "a year from 1900 to 2100");
    if (!ok_count)
        row_message(s, v, l, ln, C_COUNT, "a whole number >= 0");
    if (src_empty) {
        row_message(s, v, l, ln, C_SOURCE, "a source id from sources.csv");
    } else if (src_unknown) {
        if (s->rowd->n >= MAX_ROW_MESSAGES) {
            s->messages_dropped++;
        } else {
            char ex[128];
            xd_text_excerpt(ex, sizeof ex, v[C_SOURCE], l[C_SOURCE], 40);
            xd_error(s->rowd, XD_EDATA, "%s:%ld:%d: source: expected an id listed in %s, found unknown id '%s'",
                     s->name, ln[C_SOURCE], s->h->idx[C_SOURCE] + 1, s->ds->file_sources, ex);
        }
    }
    if (bad_measure)
        row_message(s, v, l, ln, C_MEASURE, "a measure name without control characters or line breaks");
    if (!ok_status)
        row_message(s, v, l, ln, C_STATUS, "'preferred', 'alternative' or empty");
    return XD_OK;
}

/* ---------------------------------------------------- the strict reader */

typedef struct scan {
    state s;
    header h;
    xd_diags rowd; /* row messages: reported only if the whole file reads as CSV */
    xd_diags hdrd; /* missing columns: the same */
} scan;

/* The header: the checks of xd_table_load, then the columns as map_columns
 * finds them. */
static int on_header(scan *sc, const xd_csv_row *row, xd_diags *d)
{
    header *h = &sc->h;
    for (size_t i = 0; i < row->nfields; i++) {
        if (row->lens[i] == 0)
            return xd_error(d, XD_EDATA, "%s:%ld:%zu: expected a column name, found an empty one", sc->s.name,
                            row->lines[i], i + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(row->fields[j], row->fields[i]) == 0) {
                char ex[128];
                xd_text_excerpt(ex, sizeof ex, row->fields[i], row->lens[i], 40);
                return xd_error(d, XD_EDATA, "%s:%ld:%zu: duplicate column name '%s' (also column %zu)",
                                sc->s.name, row->lines[i], i + 1, ex, j + 1);
            }
    }
    h->ncols = row->nfields;
    h->colmap = malloc((row->nfields ? row->nfields : 1) * sizeof *h->colmap);
    if (!h->colmap)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", sc->s.name);
    for (size_t c = 0; c < row->nfields; c++)
        h->colmap[c] = -1;
    h->mapped = 1;
    for (int i = 0; i < NCOLS_SPEC; i++) {
        h->idx[i] = -1;
        for (size_t c = 0; c < row->nfields; c++)
            if (strcmp(row->fields[c], col_names[i]) == 0)
                h->idx[i] = (int)c;
        if (h->idx[i] >= 0) {
            h->colmap[h->idx[i]] = i;
            const char *name = row->fields[h->idx[i]];
            xd_text_excerpt(h->label[i], sizeof h->label[i], name, strlen(name), 40);
        } else if (col_required[i]) {
            char found[512] = "";
            size_t o = 0;
            for (size_t c = 0; c < row->nfields && o + 2 < sizeof found; c++) {
                char ex[128];
                xd_text_excerpt(ex, sizeof ex, row->fields[c], strlen(row->fields[c]), 40);
                int w = snprintf(found + o, sizeof found - o, "%s%s", c ? "," : "", ex);
                if (w < 0)
                    break;
                o += (size_t)w;
            }
            xd_error(&sc->hdrd, XD_EDATA, "%s:%ld: missing required column '%s' (found: %s)", sc->s.name, row->line,
                     col_names[i], found);
            h->mapped = 0;
        }
    }
    return XD_OK;
}

static int strict_row(void *ctx, const xd_csv_row *row, xd_diags *d)
{
    scan *sc = ctx;
    if (row->index == 0)
        return on_header(sc, row, d);
    if (!sc->h.mapped)
        return XD_OK;
    const char *v[NCOLS_SPEC];
    size_t l[NCOLS_SPEC];
    long ln[NCOLS_SPEC];
    for (int i = 0; i < NCOLS_SPEC; i++) {
        int c = sc->h.idx[i];
        v[i] = c >= 0 ? row->fields[c] : "";
        l[i] = c >= 0 ? row->lens[c] : 0;
        ln[i] = c >= 0 ? row->lines[c] : row->line;
    }
    return row_apply(&sc->s, v, l, ln, row->line);
}

/* ------------------------------------------------------ the fast reader */

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL
#define LOW7 0x7f7f7f7f7f7f7f7fULL
#define PAD 16 /* zeroed bytes after the data: a line's last word may read them */

/* The high bit of each byte of x equal to c (exact, no borrow between bytes). */
static inline uint64_t bytes_eq(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (ONES * c);
    return ~(((v & LOW7) + LOW7) | v | LOW7);
}

/* The high bit of each byte the fast reader leaves to the strict one: control
 * characters, DEL, non-ASCII and quotes. */
static inline uint64_t bytes_unusual(uint64_t x)
{
    uint64_t below_space = ~(((x & LOW7) + ONES * 0x60) | x) & HIGH;
    return below_space | (x & HIGH) | bytes_eq(x, 0x7f) | bytes_eq(x, '"');
}

enum { FAST_OK, FAST_FALLBACK };

/* One line p[0, n) without its LF, 8 bytes at a time (PAD bytes after the
 * data may be read). FAST_OK when read (row or message), FAST_FALLBACK when it
 * is for the strict reader, else an error status. */
static inline int fast_line(state *s, const char *p, size_t n, long line)
{
    const header *h = s->h;
    const char *v[NCOLS_SPEC] = {"", "", "", "", "", ""};
    size_t l[NCOLS_SPEC] = {0};
    size_t k = 0, fs = 0;
    for (size_t i = 0; i < n + 1; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t valid = n - i >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (8 * (n - i))) - 1);
        if (bytes_unusual(x) & valid & HIGH)
            return FAST_FALLBACK;
        uint64_t commas = bytes_eq(x, ',') & valid;
        /* the line end closes the last field */
        if (n - i < 8)
            commas |= (uint64_t)0x80 << (8 * (n - i));
        while (commas) {
            size_t at = i + ((size_t)__builtin_ctzll(commas) >> 3);
            commas &= commas - 1;
            if (k >= h->ncols)
                return FAST_FALLBACK;
            int c = h->colmap[k];
            if (c >= 0) {
                size_t len = at - fs;
                /* libcsv drops spaces around an unquoted field */
                if (len && (p[fs] == ' ' || p[at - 1] == ' '))
                    return FAST_FALLBACK;
                v[c] = p + fs;
                l[c] = len;
            }
            k++;
            fs = at + 1;
        }
    }
    if (k != h->ncols || n == 0)
        return FAST_FALLBACK;
    long ln[NCOLS_SPEC] = {line, line, line, line, line, line};
    int rc = row_apply(s, v, l, ln, line);
    return rc == ROW_STOP ? FAST_FALLBACK : rc;
}

typedef struct shared {
    atomic_int cancel;
} shared;

typedef struct engine {
    int fd;
    const char *name;
    char *buf; /* BUF + PAD bytes */
    size_t len, pos;
    long long base;  /* offset of buf[0] */
    long long limit; /* read no further (LLONG_MAX: no limit) */
    int eof, read_errno;
    int status;
    long line;       /* line at pos */
    size_t rows;     /* rows before pos, the header included */
    xd_csv_reader *r;
    size_t rows_at_switch;
    state *s;
    shared *sh;
    xd_diags *d;
} engine;

static int at_limit(const engine *e) { return e->limit != LLONG_MAX && e->base + (long long)e->len >= e->limit; }

static void refill(engine *e)
{
    if (e->pos > 0) {
        memmove(e->buf, e->buf + e->pos, e->len - e->pos);
        e->base += (long long)e->pos;
        e->len -= e->pos;
        e->pos = 0;
    }
    while (e->len < BUF && !e->eof) {
        size_t want = BUF - e->len;
        long long room = e->limit - (e->base + (long long)e->len);
        if (room <= 0)
            break;
        if ((long long)want > room)
            want = (size_t)room;
        ssize_t n = pread(e->fd, e->buf + e->len, want, (off_t)(e->base + (long long)e->len));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            e->read_errno = errno;
            e->eof = 1;
        } else if (n == 0) {
            e->eof = 1;
        } else {
            e->len += (size_t)n;
        }
    }
    memset(e->buf + e->len, 0, PAD);
}

/* Reads the complete lines of buf[pos, end) (end just after an LF). Stops
 * with e->pos at the start of a line for the strict reader. */
static int fast_run(engine *e, size_t end)
{
    const char *buf = e->buf;
    size_t pos = e->pos;
    while (pos < end) {
        const char *lf = memchr(buf + pos, '\n', end - pos);
        size_t n = (size_t)(lf - (buf + pos));
        /* CR LF ends a row as LF does (a CR anywhere else is for the strict reader) */
        int rc = fast_line(e->s, buf + pos, n && buf[pos + n - 1] == '\r' ? n - 1 : n, e->line);
        if (rc == FAST_FALLBACK) {
            e->pos = pos;
            return FAST_FALLBACK;
        }
        if (rc != FAST_OK) {
            e->status = rc;
            e->pos = pos;
            return rc;
        }
        e->line++;
        e->rows++;
        pos += n + 1;
    }
    e->pos = pos;
    return FAST_OK;
}

enum { STRICT_NEED_DATA, STRICT_TO_FAST, STRICT_END };

/* As in aggregate.c: feeds the strict reader a line at a time until it needs
 * more data or has read a row and stands after an LF between rows. */
static int strict_run(engine *e)
{
    xd_csv_reader *r = e->r;
    int ret = STRICT_END;
    while (xd_csv_reader_status(r) == XD_OK) {
        if (e->pos == e->len && e->eof)
            break;
        size_t used = xd_csv_reader_feed(r, e->buf + e->pos, e->len - e->pos,
                                         XD_CSV_FEED_LINE | (e->eof ? XD_CSV_FEED_END : 0u));
        e->pos += used;
        if (xd_csv_reader_status(r) != XD_OK)
            break;
        if (used == 0) {
            ret = STRICT_NEED_DATA;
            break;
        }
        if (e->buf[e->pos - 1] == '\n' && xd_csv_reader_between_rows(r) &&
            xd_csv_reader_rows(r) > e->rows_at_switch) {
            ret = STRICT_TO_FAST;
            break;
        }
    }
    e->status = xd_csv_reader_status(r);
    e->line = xd_csv_reader_line(r);
    e->rows = xd_csv_reader_rows(r);
    return ret;
}

static void switch_to_strict(engine *e, size_t ncols)
{
    xd_csv_reader_resume(e->r, e->base + (long long)e->pos, e->line, e->rows, ncols);
    e->rows_at_switch = e->rows;
}

/* ------------------------------------------------------------ the parts */

typedef struct part {
    pthread_t th;
    int started, joined;
    engine e;
    state s;
    xd_diags d;
    long long start, end, stop;
    long lines;
    size_t rows;
} part;

static void *part_main(void *arg)
{
    part *pt = arg;
    engine *e = &pt->e;
    refill(e);
    while (!atomic_load(&e->sh->cancel)) {
        const char *lf = e->pos < e->len ? memrchr(e->buf + e->pos, '\n', e->len - e->pos) : NULL;
        if (!lf) {
            if (e->eof || at_limit(e) || (e->pos == 0 && e->len == BUF))
                break;
            refill(e);
            continue;
        }
        if (fast_run(e, (size_t)(lf - e->buf) + 1) != FAST_OK)
            break;
        if (e->pos == e->len) {
            if (e->eof || at_limit(e))
                break;
            refill(e);
        }
    }
    pt->stop = e->base + (long long)e->pos;
    pt->lines = e->line - 1;
    pt->rows = e->rows;
    return NULL;
}

static long long env_ll(const char *name, long long def)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return def;
    char *end;
    long long x = strtoll(v, &end, 10);
    return *end || x < 0 ? def : x;
}

/* Cuts a regular file into parts at line starts. */
static size_t plan_parts(int fd, part *parts)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    long long size = (long long)st.st_size;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long long threads = env_ll("EXTRAD_SCAN_THREADS", ncpu > 0 ? ncpu : 1);
    long long part_min = env_ll("EXTRAD_SCAN_PART_MIN", PART_MIN);
    if (part_min < 1)
        part_min = 1;
    long long n = size / part_min;
    if (n > threads)
        n = threads;
    if (n > MAX_PARTS)
        n = MAX_PARTS;
    if (n < 2)
        return 0;
    long long cuts[MAX_PARTS];
    size_t np = xd_line_cuts(fd, size, n, cuts);
    for (size_t i = 0; i < np; i++) {
        parts[i].start = cuts[i];
        parts[i].end = i + 1 < np ? cuts[i + 1] : size;
    }
    return np;
}

static void parts_start(engine *e, part *parts, size_t nparts)
{
    for (size_t i = 0; i < nparts; i++) {
        part *pt = &parts[i];
        pt->stop = pt->start;
        xd_diags_init(&pt->d);
        pt->s = *e->s;
        pt->s.ms = NULL;
        pt->s.mtab = NULL;
        pt->s.nm = pt->s.capm = pt->s.mcap = pt->s.last_m = 0;
        pt->s.worker = 1;
        pt->s.rowd = &pt->d;
        pt->s.d = &pt->d;
        engine *w = &pt->e;
        memset(w, 0, sizeof *w);
        w->buf = malloc(BUF + PAD);
        if (!w->buf)
            continue;
        w->fd = e->fd;
        w->name = e->name;
        w->base = pt->start;
        w->limit = pt->end;
        w->line = 1;
        w->s = &pt->s;
        w->sh = e->sh;
        if (pthread_create(&pt->th, NULL, part_main, pt) == 0)
            pt->started = 1;
    }
}

static void part_join(part *pt)
{
    if (pt->started && !pt->joined) {
        pthread_join(pt->th, NULL);
        pt->joined = 1;
    }
}

static void parts_cancel(engine *e, part *parts, size_t nparts)
{
    atomic_store(&e->sh->cancel, 1);
    for (size_t i = 0; i < nparts; i++)
        part_join(&parts[i]);
}

/* Adds a worker's cells after the main reader's: its lines are counted from
 * the part's start, line_off lines into the file. */
static int state_merge(state *dst, const state *src, long line_off)
{
    for (size_t i = 0; i < src->nm; i++) {
        const measure *sm = &src->ms[i];
        long mi = measure_get(dst, sm->name, sm->len);
        if (mi < 0)
            return XD_ENOMEM;
        for (size_t y = 0; y < sm->ny; y++) {
            if (sm->years[y].n == 0)
                continue;
            long dy = year_index(&dst->ms[mi], sm->y0 + (int)y);
            if (dy < 0)
                return XD_ENOMEM;
            for (uint32_t k = 0; k < sm->years[y].n; k++) {
                const value *sv = cell_value_c(sm, y, k);
                value *dv = value_get(&dst->ms[mi], (size_t)dy, sv->count);
                if (!dv)
                    return XD_ENOMEM;
                if (dv->n_pref == 0 && sv->n_pref > 0) {
                    dv->first_pref = sv->first_pref;
                    dv->first_pref.line += line_off;
                }
                dv->n_pref += sv->n_pref;
                dv->n_rows += sv->n_rows;
                for (uint32_t r = 0; r < sv->nkept && dv->nkept < XD_SCAN_KEEP_ROWS; r++) {
                    kept row = sv->rows[r];
                    row.line += line_off;
                    if (!keep_row(dv, row))
                        return XD_ENOMEM;
                }
            }
        }
    }
    return XD_OK;
}

/* The main reader has read everything before part *next. Where that is a row
 * start, takes the worker's cells and goes on where it stopped. */
static void at_cut(engine *e, part *parts, size_t nparts, size_t *next, int clean, int *fast)
{
    part *pt = &parts[*next];
    if (clean) {
        part_join(pt);
        if (pt->started && pt->stop > pt->start) {
            if (state_merge(e->s, &pt->s, e->line - 1) != XD_OK) {
                e->status = xd_error(e->d, XD_ENOMEM, "%s: out of memory", e->name);
                return;
            }
            e->line += pt->lines;
            e->rows += pt->rows;
            e->base = pt->stop;
            e->len = e->pos = 0;
        }
        (*next)++;
        e->limit = *next < nparts ? parts[*next].start : LLONG_MAX;
        *fast = 1;
    } else {
        parts_cancel(e, parts, nparts);
        *next = nparts;
        e->limit = LLONG_MAX;
    }
    refill(e);
}

static int run(engine *e, const header *h, part *parts, size_t nparts)
{
    size_t next = 0;
    int started = 0, fast = 0; /* the strict reader reads the header (and a byte-order mark) */
    e->limit = nparts ? parts[0].start : LLONG_MAX;
    refill(e);
    e->rows_at_switch = 0;
    while (e->status == XD_OK) {
        if (!fast) {
            int r = strict_run(e);
            if (r == STRICT_NEED_DATA) {
                if (at_limit(e) && e->pos == e->len)
                    at_cut(e, parts, nparts, &next, started && xd_csv_reader_between_rows(e->r), &fast);
                else
                    refill(e);
                continue;
            }
            if (r == STRICT_END)
                break;
            if (!h->mapped)
                continue; /* only the CSV is checked: the strict reader reads on */
            fast = 1;
            if (!started && nparts) {
                parts_start(e, parts, nparts);
                started = 1;
            }
            continue;
        }
        const char *lf = e->pos < e->len ? memrchr(e->buf + e->pos, '\n', e->len - e->pos) : NULL;
        if (!lf) {
            if (at_limit(e) && e->pos == e->len)
                at_cut(e, parts, nparts, &next, started, &fast);
            else if (!e->eof && !at_limit(e) && !(e->pos == 0 && e->len == BUF))
                refill(e);
            else if (e->pos == e->len && e->eof)
                break;
            else {
                switch_to_strict(e, h->ncols);
                fast = 0;
            }
            continue;
        }
        int r = fast_run(e, (size_t)(lf - e->buf) + 1);
        if (r == FAST_FALLBACK) {
            switch_to_strict(e, h->ncols);
            fast = 0;
            continue;
        }
        if (r != FAST_OK)
            break;
        if (e->pos == e->len) {
            if (at_limit(e))
                at_cut(e, parts, nparts, &next, started, &fast);
            else if (!e->eof)
                refill(e);
        }
    }
    parts_cancel(e, parts, nparts);
    if (e->status == XD_OK && e->read_errno)
        e->status = xd_error(e->d, XD_EDATA, "%s: read error: %s", e->name, strerror(e->read_errno));
    if (e->status == XD_OK) {
        if (fast)
            xd_csv_reader_resume(e->r, e->base + (long long)e->pos, e->line, e->rows, h->ncols);
        e->status = xd_csv_reader_finish(e->r);
    }
    return e->status;
}

/* ------------------------------------------------------------ the result */

static int by_line(const void *a, const void *b)
{
    const xd_annual *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static int put_row(xd_dataset *ds, const measure *m, int year, long count, const kept *k)
{
    xd_annual *a = &ds->annual[ds->n_annual];
    memset(a, 0, sizeof *a);
    a->year = year;
    a->count = count;
    a->status = (enum xd_row_status)k->status;
    a->line = k->line;
    a->source = strdup(k->source < ds->n_sources ? ds->sources[k->source].id : "");
    a->measure = strdup(m->name);
    a->note = strdup("");
    ds->n_annual++;
    return a->source && a->measure && a->note;
}

/* Rows of a cell that become ds->annual: all those kept when its rows
 * disagree (the conflict message may name them), else only the first few,
 * which are all that a year's list of sources then shows. */
static uint32_t rows_out(const measure *m, size_t y, const value *v)
{
    return m->years[y].n > 1 || v->nkept < XD_SCAN_LIST_ROWS ? v->nkept : XD_SCAN_LIST_ROWS;
}

/* The kept rows, in file order, become ds->annual. */
static int condense(xd_dataset *ds, const state *s, xd_diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nm; i++)
        for (size_t y = 0; y < s->ms[i].ny; y++)
            for (uint32_t k = 0; k < s->ms[i].years[y].n; k++) {
                const value *v = cell_value_c(&s->ms[i], y, k);
                n += rows_out(&s->ms[i], y, v) + (v->n_pref > 0);
            }
    ds->annual = calloc(n + 1, sizeof *ds->annual);
    if (!ds->annual)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->nm; i++)
        for (size_t y = 0; y < s->ms[i].ny; y++)
            for (uint32_t k = 0; k < s->ms[i].years[y].n; k++) {
                const value *v = cell_value_c(&s->ms[i], y, k);
                int year = s->ms[i].y0 + (int)y;
                uint32_t nr = rows_out(&s->ms[i], y, v);
                for (uint32_t r = 0; r < nr; r++)
                    if (!put_row(ds, &s->ms[i], year, v->count, &v->rows[r]))
                        return xd_error(d, XD_ENOMEM, "out of memory");
                /* a preferred row after the kept ones still decides the year */
                if (v->n_pref > 0 && v->first_pref.line > v->rows[nr - 1].line &&
                    !put_row(ds, &s->ms[i], year, v->count, &v->first_pref))
                    return xd_error(d, XD_ENOMEM, "out of memory");
            }
    qsort(ds->annual, ds->n_annual, sizeof *ds->annual, by_line);
    return XD_OK;
}

int xd_annual_scan(xd_dataset *ds, int sources_read, xd_diags *d)
{
    const char *name = ds->file_annual;
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        return xd_error(d, XD_EDATA, "%s: cannot open: %s", name, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return xd_error(d, XD_EDATA, "%s: expected a CSV file, found a folder", name);
    }
    scan *sc = calloc(1, sizeof *sc);
    engine *e = calloc(1, sizeof *e);
    shared *sh = calloc(1, sizeof *sh);
    part *parts = calloc(MAX_PARTS, sizeof *parts);
    src_table src = {0};
    char *buf = malloc(BUF + PAD);
    int rc = XD_OK;
    if (!sc || !e || !sh || !parts || !buf || !src_build(&src, ds)) {
        rc = xd_error(d, XD_ENOMEM, "%s: out of memory", name);
        goto out;
    }
    xd_diags_init(&sc->rowd);
    xd_diags_init(&sc->hdrd);
    sc->s.ds = ds;
    sc->s.sources_read = sources_read;
    sc->s.name = name;
    sc->s.src = &src;
    sc->s.h = &sc->h;
    sc->s.rowd = &sc->rowd;
    sc->s.d = d;
    atomic_init(&sh->cancel, 0);
    e->fd = fd;
    e->name = name;
    e->buf = buf;
    e->line = 1;
    e->s = &sc->s;
    e->sh = sh;
    e->d = d;
    e->r = xd_csv_reader_new(name, strict_row, sc, d);
    if (!e->r) {
        rc = XD_ENOMEM;
        goto out;
    }
    size_t nparts = plan_parts(fd, parts);
    rc = run(e, &sc->h, parts, nparts);
    /* as the table loader: no column problem if the file is not CSV, no row
     * problem if a required column is missing */
    if (rc == XD_OK && !sc->h.mapped) {
        xd_diags_move(d, &sc->hdrd);
        rc = XD_EDATA;
    } else if (rc == XD_OK && sc->rowd.n > 0) {
        if (sc->s.messages_dropped)
            xd_error(&sc->rowd, XD_EDATA, "%s: %llu more problems in other rows (the first %d are listed)", name,
                     sc->s.messages_dropped, MAX_ROW_MESSAGES);
        xd_diags_move(d, &sc->rowd);
        rc = XD_EDATA;
    } else if (rc == XD_OK) {
        rc = condense(ds, &sc->s, d);
    }
out:
    for (size_t i = 0; parts && i < MAX_PARTS; i++) {
        if (parts[i].e.buf) {
            free(parts[i].e.buf);
            state_free(&parts[i].s);
            xd_diags_free(&parts[i].d);
        }
    }
    if (sc) {
        state_free(&sc->s);
        free(sc->h.colmap);
        xd_diags_free(&sc->rowd);
        xd_diags_free(&sc->hdrd);
    }
    if (e)
        xd_csv_reader_free(e->r);
    free(src.tab);
    free(buf);
    free(parts);
    free(sh);
    free(e);
    free(sc);
    close(fd);
    return rc;
}
