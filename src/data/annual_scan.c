#include "annual_scan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blockscan.h"
#include "csvread.h"
#include "parse.h"

/* Row messages kept one by one; more are counted in a last message. */
#define MAX_ROW_MESSAGES 100000

enum { C_YEAR, C_COUNT, C_SOURCE, C_MEASURE, C_STATUS, C_NOTE, C_THROUGH, C_NOTE_ES, NCOLS_SPEC };
static const char *const col_names[NCOLS_SPEC] = {"year",   "count", "source",  "measure",
                                                  "status", "note",  "through", "note_es"};
static const int col_required[NCOLS_SPEC] = {1, 1, 1, 0, 0, 0, 0, 0};

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
    /* figures to date (a through date): few, kept whole, never in the cells
     * (main reader only: a worker hands such a row over) */
    xd_annual *to_date;
    size_t n_to_date, cap_to_date;
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
    for (size_t i = 0; i < s->n_to_date; i++) {
        free(s->to_date[i].source);
        free(s->to_date[i].measure);
        free(s->to_date[i].note);
    }
    free(s->to_date);
    s->to_date = NULL;
    s->n_to_date = s->cap_to_date = 0;
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

/* Notes: line breaks and tabs are whitespace; other control characters are not. */
static int has_text_control_n(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') || p[i] == 0x7f ||
            (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] < 0xa0))
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

static int keep_to_date(state *s, int year, long count, const char *const *v, const size_t *l, long src,
                        enum xd_row_status st, int ty, int tm, int td, long line)
{
    if (s->n_to_date == s->cap_to_date) {
        size_t cap = s->cap_to_date ? 2 * s->cap_to_date : 8;
        xd_annual *grown = realloc(s->to_date, cap * sizeof *grown);
        if (!grown)
            return xd_error(s->d, XD_ENOMEM, "%s: out of memory", s->name);
        s->to_date = grown;
        s->cap_to_date = cap;
    }
    xd_annual *a = &s->to_date[s->n_to_date];
    memset(a, 0, sizeof *a);
    a->year = year;
    a->count = count;
    a->status = st;
    a->line = line;
    a->through_y = ty;
    a->through_m = tm;
    a->through_d = td;
    const char *m = l[C_MEASURE] ? v[C_MEASURE] : s->ds->main_measure;
    size_t ml = l[C_MEASURE] ? l[C_MEASURE] : strlen(m);
    a->source = strdup(src >= 0 && (size_t)src < s->ds->n_sources ? s->ds->sources[src].id : "");
    a->measure = strndup(m, ml);
    a->note = strdup("");
    s->n_to_date++;
    if (!a->source || !a->measure || !a->note)
        return xd_error(s->d, XD_ENOMEM, "%s: out of memory", s->name);
    return XD_OK;
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
    /* notes are not kept here, but checked as the table reader checks them */
    int bad_note = has_text_control_n(v[C_NOTE], l[C_NOTE]);
    int bad_note_es = has_text_control_n(v[C_NOTE_ES], l[C_NOTE_ES]);
    int ok_text = !bad_measure && !bad_note && !bad_note_es;
    int ok_status = parse_status_n(v[C_STATUS], l[C_STATUS], &st);
    int ty = 0, tm = 0, td = 0, ok_through = 1;
    if (l[C_THROUGH]) {
        if (s->worker)
            return ROW_STOP; /* rare: the main reader keeps these rows */
        char date[16] = "";
        if (l[C_THROUGH] < sizeof date)
            memcpy(date, v[C_THROUGH], l[C_THROUGH]);
        ok_through = xd_parse_date(date, &ty, &tm, &td) && ok_year && ty == year;
        if (ok_through && tm == 12 && td == 31)
            ty = 0; /* to the year's last day: the year's figure */
    }
    if (ok_year && ok_count && !src_empty && !src_unknown && ok_text && ok_status && ok_through && ty)
        return keep_to_date(s, year, count, v, l, src, st, ty, tm, td, row_line);
    if (ok_year && ok_count && !src_empty && !src_unknown && ok_text && ok_status && ok_through) {
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
    if (bad_note)
        row_message(s, v, l, ln, C_NOTE, "text without control characters (line breaks and tabs are allowed)");
    if (bad_note_es)
        row_message(s, v, l, ln, C_NOTE_ES, "text without control characters (line breaks and tabs are allowed)");
    if (!ok_through) {
        char want[64];
        if (ok_year)
            snprintf(want, sizeof want, "a date YYYY-MM-DD in %d (the row's year) or empty", year);
        else
            snprintf(want, sizeof want, "a date YYYY-MM-DD in the row's year or empty");
        row_message(s, v, l, ln, C_THROUGH, want);
    }
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
            char found[512];
            xd_text_list(found, sizeof found, row->fields, row->nfields);
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
/* A line's last word may read past it, into the block reader's zeroed padding. */
_Static_assert(XD_BS_PAD >= 8, "the padding must cover a word");

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

/* One line p[0, n) without its LF, 8 bytes at a time (padding after the data
 * may be read). XD_OK when read (row or message), XD_BS_FALLBACK when it is
 * for the strict reader, else an error status. */
static inline int fast_line(state *s, const char *p, size_t n, long line)
{
    const header *h = s->h;
    const char *v[NCOLS_SPEC] = {"", "", "", "", "", "", "", ""};
    size_t l[NCOLS_SPEC] = {0};
    size_t k = 0, fs = 0;
    for (size_t i = 0; i < n + 1; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t valid = n - i >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (8 * (n - i))) - 1);
        if (bytes_unusual(x) & valid & HIGH)
            return XD_BS_FALLBACK;
        uint64_t commas = bytes_eq(x, ',') & valid;
        /* the line end closes the last field */
        if (n - i < 8)
            commas |= (uint64_t)0x80 << (8 * (n - i));
        while (commas) {
            size_t at = i + ((size_t)__builtin_ctzll(commas) >> 3);
            commas &= commas - 1;
            if (k >= h->ncols)
                return XD_BS_FALLBACK;
            int c = h->colmap[k];
            if (c >= 0) {
                size_t len = at - fs;
                /* libcsv drops spaces around an unquoted field */
                if (len && (p[fs] == ' ' || p[at - 1] == ' '))
                    return XD_BS_FALLBACK;
                v[c] = p + fs;
                l[c] = len;
            }
            k++;
            fs = at + 1;
        }
    }
    if (k != h->ncols || n == 0)
        return XD_BS_FALLBACK;
    long ln[NCOLS_SPEC] = {line, line, line, line, line, line, line, line};
    int rc = row_apply(s, v, l, ln, line);
    return rc == ROW_STOP ? XD_BS_FALLBACK : rc;
}

/* The block reader's fast handler: the lines of ls one by one. Row messages
 * go to the state's own list, not to d. */
static int fast_block(void *st, xd_bs_lines *ls, xd_diags *d)
{
    (void)d;
    state *s = st;
    const char *buf = (const char *)ls->buf;
    size_t pos = ls->pos;
    long line = ls->line;
    size_t rows = ls->rows;
    int rc = XD_OK;
    while (pos < ls->end) {
        const char *lf = memchr(buf + pos, '\n', ls->end - pos);
        size_t n = (size_t)(lf - (buf + pos));
        /* CR LF ends a row as LF does (a CR anywhere else is for the strict reader) */
        rc = fast_line(s, buf + pos, n && buf[pos + n - 1] == '\r' ? n - 1 : n, line);
        if (rc != XD_OK)
            break;
        line++;
        rows++;
        pos += n + 1;
    }
    ls->pos = pos;
    ls->line = line;
    ls->rows = rows;
    return rc;
}

/* ------------------------------------------------------------ the parts
 * Workers read the parts of a big file after the first (blockscan.h), each
 * into cells of its own, and stop at the first row that needs a message
 * (row_apply gives ROW_STOP). */

#define PART_MIN ((long long)16 << 20) /* smallest part worth a thread */

/* Only the CSV is checked while a required column is missing: the strict
 * reader reads on. */
static int fast_ready(void *st)
{
    const state *s = st;
    return s->h->mapped;
}

static void part_free(void *st)
{
    state_free(st);
    free(st);
}

/* A worker's state: the main one's settings, no cells. */
static void *part_new(const void *main_state, xd_diags *d)
{
    state *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    *s = *(const state *)main_state;
    s->ms = NULL;
    s->mtab = NULL;
    s->nm = s->capm = s->mcap = s->last_m = 0;
    s->worker = 1;
    s->rowd = d;
    s->d = d;
    return s;
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

static int part_merge(void *main_state, void *part_state, long line_off, xd_diags *d)
{
    state *s = main_state;
    if (state_merge(s, part_state, line_off) != XD_OK)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", s->name);
    return XD_OK;
}

static const xd_bs_ops scan_ops = {fast_block, strict_row, fast_ready, part_new, part_merge, part_free};

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
    ds->annual = calloc(n + s->n_to_date + 1, sizeof *ds->annual);
    if (!ds->annual)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_to_date; i++) {
        xd_annual *a = &ds->annual[ds->n_annual];
        *a = s->to_date[i];
        a->source = strdup(a->source);
        a->measure = strdup(a->measure);
        a->note = strdup("");
        ds->n_annual++;
        if (!a->source || !a->measure || !a->note)
            return xd_error(d, XD_ENOMEM, "out of memory");
    }
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
    src_table src = {0};
    int rc = XD_OK;
    if (!sc || !src_build(&src, ds)) {
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
    const xd_bs_opts bo = {"EXTRAD_SCAN_THREADS", "EXTRAD_SCAN_PART_MIN", PART_MIN, NULL, NULL, -1};
    xd_bs_stats bs;
    rc = xd_blockscan(fd, name, &scan_ops, &sc->s, sc, &bo, &bs, d);
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
    if (sc) {
        state_free(&sc->s);
        free(sc->h.colmap);
        xd_diags_free(&sc->rowd);
        xd_diags_free(&sc->hdrd);
    }
    free(src.tab);
    free(sc);
    close(fd);
    return rc;
}
