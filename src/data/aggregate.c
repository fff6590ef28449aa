#include "aggregate.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blockscan.h"
#include "csvread.h"
#include "parse.h"

/* XD_AGG_PORTABLE builds the plain C code only (to test it on x86 too). */
#if defined(__SSE2__) && !defined(XD_AGG_PORTABLE)
#define XD_AGG_SSE2 1
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(XD_AGG_PORTABLE)
#include <immintrin.h>
#define XD_AGG_AVX2 1
#endif

/* The window scan reads 64 bytes past a window's start and one more: the
 * block reader's zeroed padding covers them. */
_Static_assert(XD_BS_PAD >= 65, "the padding must cover a whole window and the byte after it");
#define NPERIODS ((XD_YEAR_MAX - XD_YEAR_MIN + 1) * 13)
#define MAXSLOTS (1 + XD_AGG_MAX_GROUPS + XD_AGG_MAX_WHERE)

/* ------------------------------------------------------------------ counting */

typedef struct where_col {
    const char *name;
    size_t slot;
    size_t nvals;
    const char *vals[XD_AGG_MAX_WHERE];
    size_t lens[XD_AGG_MAX_WHERE];
} where_col;

typedef struct entry {
    uint64_t hash;
    unsigned long long count;
    uint32_t period;
    uint32_t klen;
    char *key; /* NULL: free slot */
} entry;

typedef struct arena {
    char **blocks;
    size_t n, cap;
    char *cur;
    size_t left;
} arena;

typedef struct agg {
    const xd_agg_opts *o;
    const char *name;
    int by_month;
    int simple; /* no groups and no where: the fast reader counts dates inline */
    size_t ncols;
    int *colslot; /* per column of the header: its slot, or -1 */
    size_t nslots;
    const char *slot_name[MAXSLOTS];
    const char *slot_opt[MAXSLOTS];
    int slot_col[MAXSLOTS];
    size_t group_slot[XD_AGG_MAX_GROUPS];
    size_t nwhere;
    where_col where[XD_AGG_MAX_WHERE];
    unsigned long long direct[NPERIODS];
    entry *tab;
    size_t tab_cap, tab_n;
    arena ar;
    char *key;
    size_t key_cap;
    unsigned long long rows_read, rows_filtered, bad_date, empty_measure;
    char *skipped[XD_AGG_SKIP_LIST];
    size_t n_skipped;
    char *scratch; /* unquoted values of one row, fast reader */
    size_t scratch_cap;
    int worker; /* a part read by another thread: stop before any row with a message */
    int use_avx2;
} agg;

/* agg_values in a worker: this row needs a message, so the main reader must read it. */
#define AGG_STOP 100

static size_t add_slot(agg *a, const char *name, const char *opt)
{
    for (size_t i = 0; i < a->nslots; i++)
        if (strcmp(a->slot_name[i], name) == 0)
            return i;
    a->slot_name[a->nslots] = name;
    a->slot_opt[a->nslots] = opt;
    a->slot_col[a->nslots] = -1;
    return a->nslots++;
}

static int agg_setup(agg *a, const xd_agg_opts *o, const char *name, xd_diags *d)
{
    memset(a, 0, sizeof *a);
    a->o = o;
    a->name = name;
    a->by_month = o->by == XD_AGG_BY_MONTH;
    if (!o->date_column || !*o->date_column)
        return xd_error(d, XD_EUSAGE, "--date: expected the name of the date column");
    if (o->n_groups > XD_AGG_MAX_GROUPS)
        return xd_error(d, XD_EUSAGE, "--group: at most %d columns", XD_AGG_MAX_GROUPS);
    if (o->n_where > XD_AGG_MAX_WHERE)
        return xd_error(d, XD_EUSAGE, "--where: at most %d conditions", XD_AGG_MAX_WHERE);
    add_slot(a, o->date_column, "--date");
    for (size_t g = 0; g < o->n_groups; g++) {
        if (!o->groups[g] || !*o->groups[g])
            return xd_error(d, XD_EUSAGE, "--group: expected a column name, found an empty one");
        for (size_t h = 0; h < g; h++)
            if (strcmp(o->groups[h], o->groups[g]) == 0)
                return xd_error(d, XD_EUSAGE, "--group: column '%s' is given twice", o->groups[g]);
        a->group_slot[g] = add_slot(a, o->groups[g], "--group");
    }
    for (size_t i = 0; i < o->n_where; i++) {
        const xd_agg_where *w = &o->where[i];
        if (!w->column || !*w->column || !w->value)
            return xd_error(d, XD_EUSAGE, "--where: expected COLUMN=VALUE");
        size_t k = 0;
        while (k < a->nwhere && strcmp(a->where[k].name, w->column) != 0)
            k++;
        if (k == a->nwhere) {
            a->where[k].name = w->column;
            a->where[k].slot = add_slot(a, w->column, "--where");
            a->nwhere++;
        }
        where_col *wc = &a->where[k];
        wc->vals[wc->nvals] = w->value;
        wc->lens[wc->nvals] = strlen(w->value);
        wc->nvals++;
    }
    a->simple = o->n_groups == 0 && o->n_where == 0;
    a->scratch_cap = XD_BS_BLOCK + 64;
    a->scratch = malloc(a->scratch_cap);
    if (!a->scratch)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", name);
    return XD_OK;
}

static void agg_free(agg *a)
{
    free(a->colslot);
    free(a->tab);
    for (size_t i = 0; i < a->ar.n; i++)
        free(a->ar.blocks[i]);
    free(a->ar.blocks);
    free(a->key);
    for (size_t i = 0; i < a->n_skipped; i++)
        free(a->skipped[i]);
    free(a->scratch);
}

/* The header row: finds the columns named by the options. */
static int agg_header(agg *a, const xd_csv_row *row, xd_diags *d)
{
    a->ncols = row->nfields;
    a->colslot = malloc((row->nfields ? row->nfields : 1) * sizeof *a->colslot);
    if (!a->colslot)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", a->name);
    for (size_t c = 0; c < row->nfields; c++)
        a->colslot[c] = -1;
    int rc = XD_OK;
    for (size_t i = 0; i < a->nslots; i++) {
        const char *want = a->slot_name[i];
        size_t wl = strlen(want);
        int found = -1;
        for (size_t c = 0; c < row->nfields; c++) {
            if (row->lens[c] != wl || memcmp(row->fields[c], want, wl) != 0)
                continue;
            if (found >= 0) {
                return xd_error(d, XD_EDATA,
                                "%s:%ld: column '%s' (%s) appears more than once in the header (columns %d and %zu)",
                                a->name, row->line, want, a->slot_opt[i], found + 1, c + 1);
            }
            found = (int)c;
        }
        if (found < 0) {
            char list[288];
            xd_list ll;
            xd_list_init(&ll, list, sizeof list);
            for (size_t c = 0; c < row->nfields; c++) {
                char ex[64];
                xd_text_excerpt(ex, sizeof ex, row->fields[c], row->lens[c], 24);
                xd_list_add(&ll, ",", "%s", ex);
            }
            xd_list_end(&ll);
            char ex[96];
            xd_text_excerpt(ex, sizeof ex, want, wl, 40);
            rc = xd_error(d, XD_EDATA, "%s:%ld: no column '%s' (%s) in the header; found: %s", a->name, row->line,
                          ex, a->slot_opt[i], list);
            continue;
        }
        a->slot_col[i] = found;
        a->colslot[found] = (int)i;
    }
    return rc;
}

static inline int days_in(int y, int m)
{
    static const unsigned char days[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static inline int dig(unsigned char c) { return (unsigned)(c - '0') <= 9u; }

/* Period index (year - 1900) * 13 + month of a date, or -1 when it is not one.
 * With by_month a date must have a month. */
static inline __attribute__((always_inline)) int date_index(const unsigned char *v, size_t n, int by_month)
{
    if (n != 10 && n != 7 && n != 4)
        return -1;
    if (!dig(v[0]) || !dig(v[1]) || !dig(v[2]) || !dig(v[3]))
        return -1;
    int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    if (y < XD_YEAR_MIN || y > XD_YEAR_MAX)
        return -1;
    if (n == 4)
        return by_month ? -1 : (y - XD_YEAR_MIN) * 13;
    if (v[4] != '-' || !dig(v[5]) || !dig(v[6]))
        return -1;
    int m = (v[5] - '0') * 10 + (v[6] - '0');
    if (m < 1 || m > 12)
        return -1;
    if (n == 10) {
        if (v[7] != '-' || !dig(v[8]) || !dig(v[9]))
            return -1;
        int dd = (v[8] - '0') * 10 + (v[9] - '0');
        if (dd < 1 || (dd > 28 && dd > days_in(y, m)))
            return -1;
    }
    return (y - XD_YEAR_MIN) * 13 + (by_month ? m : 0);
}

/* date_index for the usual YYYY-MM-DD, eight bytes at a time: -1 when it is
 * not a valid date of that form (date_index then decides). */
static inline __attribute__((always_inline)) int date10_index(const unsigned char *v, int by_month)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x;
    memcpy(&x, v, 8);
    uint64_t t = x ^ 0x2d30302d30303030ULL; /* "0000-00-": digits become 0-9, dashes 0 */
    if ((((t + 0x7676767676767676ULL) | t) & 0x8080808080808080ULL) | (t & 0xff0000ff00000000ULL))
        return -1;
    unsigned d8 = (unsigned)v[8] - '0', d9 = (unsigned)v[9] - '0';
    if (d8 > 9 || d9 > 9)
        return -1;
    /* pairs of digits: byte 0 = d0 * 10 + d1, byte 2 = d2 * 10 + d3, byte 5 = month */
    uint64_t pairs = (t * 10 + (t >> 8)) & 0x0000ff0000ff00ffULL;
    unsigned y = (unsigned)(pairs & 0xff) * 100 + (unsigned)(pairs >> 16 & 0xff);
    unsigned m = (unsigned)(pairs >> 40);
    unsigned dd = d8 * 10 + d9;
    if (y - XD_YEAR_MIN > XD_YEAR_MAX - XD_YEAR_MIN || m - 1 > 11 || dd - 1 > 30)
        return -1;
    if (dd > 28 && (int)dd > days_in((int)y, (int)m))
        return -1;
    return (int)(y - XD_YEAR_MIN) * 13 + (by_month ? (int)m : 0);
#else
    return date_index(v, 10, by_month);
#endif
}

static uint64_t hash_bytes(const char *p, size_t n, uint64_t seed)
{
    uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15ULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    return h;
}

static char *arena_copy(arena *ar, const char *s, size_t n)
{
    if (ar->left < n) {
        size_t sz = n > 65536 ? n : 65536;
        if (ar->n == ar->cap) {
            size_t cap = ar->cap ? ar->cap * 2 : 16;
            char **b = realloc(ar->blocks, cap * sizeof *b);
            if (!b)
                return NULL;
            ar->blocks = b;
            ar->cap = cap;
        }
        char *blk = malloc(sz);
        if (!blk)
            return NULL;
        ar->blocks[ar->n++] = blk;
        ar->cur = blk;
        ar->left = sz;
    }
    char *p = ar->cur;
    memcpy(p, s, n);
    ar->cur += n;
    ar->left -= n;
    return p;
}

static int tab_grow(agg *a)
{
    size_t cap = a->tab_cap ? a->tab_cap * 2 : 1024;
    entry *t = calloc(cap, sizeof *t);
    if (!t)
        return 0;
    for (size_t i = 0; i < a->tab_cap; i++) {
        entry *e = &a->tab[i];
        if (!e->key)
            continue;
        size_t j = (size_t)e->hash & (cap - 1);
        while (t[j].key)
            j = (j + 1) & (cap - 1);
        t[j] = *e;
    }
    free(a->tab);
    a->tab = t;
    a->tab_cap = cap;
    return 1;
}

/* Counts one row in the group (period, values...). The key is the values joined
 * by NUL bytes, which valid field text never contains. */
/* Adds n to the group (period, key). */
static int tab_add(agg *a, uint32_t period, const char *key, size_t kl, unsigned long long n, xd_diags *d)
{
    if (kl > UINT32_MAX)
        return xd_error(d, XD_EDATA, "%s: group values too long", a->name);
    if ((a->tab_n + 1) * 2 > a->tab_cap && !tab_grow(a))
        return xd_error(d, XD_ENOMEM, "%s: out of memory (%zu groups)", a->name, a->tab_n);
    uint64_t h = hash_bytes(key, kl, (uint64_t)period * 0xd6e8feb86659fd93ULL);
    size_t j = (size_t)h & (a->tab_cap - 1);
    for (;;) {
        entry *e = &a->tab[j];
        if (!e->key) {
            e->key = arena_copy(&a->ar, key, kl ? kl : 1);
            if (!e->key)
                return xd_error(d, XD_ENOMEM, "%s: out of memory (%zu groups)", a->name, a->tab_n);
            e->hash = h;
            e->period = period;
            e->klen = (uint32_t)kl;
            e->count = n;
            a->tab_n++;
            return XD_OK;
        }
        if (e->hash == h && e->period == period && e->klen == kl && memcmp(e->key, key, kl) == 0) {
            e->count += n;
            return XD_OK;
        }
        j = (j + 1) & (a->tab_cap - 1);
    }
}

/* Counts one row in the group (period, values...). The key is the values joined
 * by NUL bytes, which valid field text never contains. */
static int count_group(agg *a, int period, const char *const *vals, const size_t *lens, xd_diags *d)
{
    size_t need = 1;
    for (size_t g = 0; g < a->o->n_groups; g++)
        need += lens[a->group_slot[g]] + 1;
    if (need > a->key_cap) {
        size_t cap = need * 2;
        char *k = realloc(a->key, cap);
        if (!k)
            return xd_error(d, XD_ENOMEM, "%s: out of memory", a->name);
        a->key = k;
        a->key_cap = cap;
    }
    size_t kl = 0;
    for (size_t g = 0; g < a->o->n_groups; g++) {
        size_t sl = a->group_slot[g];
        memcpy(a->key + kl, vals[sl], lens[sl]);
        kl += lens[sl];
        a->key[kl++] = '\0';
    }
    return tab_add(a, (uint32_t)period, a->key, kl, 1, d);
}

/* Adds the counts of a part read by a worker. */
static int agg_merge(agg *dst, const agg *src, xd_diags *d)
{
    for (size_t i = 0; i < NPERIODS; i++)
        dst->direct[i] += src->direct[i];
    for (size_t i = 0; i < src->tab_cap; i++) {
        const entry *e = &src->tab[i];
        if (e->key) {
            int rc = tab_add(dst, e->period, e->key, e->klen, e->count, d);
            if (rc != XD_OK)
                return rc;
        }
    }
    dst->rows_read += src->rows_read;
    dst->rows_filtered += src->rows_filtered;
    return XD_OK;
}

/* A row that is skipped with --skip-bad or stops the reading. */
static int bad_row(agg *a, char *msg, unsigned long long *counter, xd_diags *d)
{
    if (a->worker) {
        a->rows_read--; /* the main reader reads it again */
        return AGG_STOP;
    }
    if (!a->o->skip_bad)
        return xd_error(d, XD_EDATA, "%s", msg);
    (*counter)++;
    if (a->n_skipped < XD_AGG_SKIP_LIST) {
        a->skipped[a->n_skipped] = strdup(msg);
        if (a->skipped[a->n_skipped])
            a->n_skipped++;
    }
    return XD_OK;
}

/* One data row, given by the values of its slots (not NUL-terminated). */
static int agg_values(agg *a, const char *const *vals, const size_t *lens, const long *lines, xd_diags *d)
{
    a->rows_read++;
    for (size_t w = 0; w < a->nwhere; w++) {
        const where_col *wc = &a->where[w];
        const char *v = vals[wc->slot];
        size_t vl = lens[wc->slot];
        int match = 0;
        for (size_t i = 0; i < wc->nvals && !match; i++)
            match = wc->lens[i] == vl && memcmp(wc->vals[i], v, vl) == 0;
        if (!match) {
            a->rows_filtered++;
            return XD_OK;
        }
    }
    /* slot 0 is the date column, always filled: nslots >= 1 */
    const char *v = vals[0]; // NOLINT(clang-analyzer-core.uninitialized.Assign)
    size_t vl = lens[0];
    int idx = date_index((const unsigned char *)v, vl, a->by_month);
    if (idx < 0) {
        char ex[192], msg[512];
        xd_text_excerpt(ex, sizeof ex, v, vl, 40);
        int year_only = vl == 4 && date_index((const unsigned char *)v, vl, 0) >= 0;
        snprintf(msg, sizeof msg, "%s:%ld:%d: %s: expected %s, found '%s'", a->name, lines[0], a->slot_col[0] + 1,
                 a->slot_name[0],
                 year_only ? "an ISO 8601 date with a month (YYYY-MM-DD or YYYY-MM) for --by month"
                           : "an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY) from 1900 to 2100",
                 ex);
        return bad_row(a, msg, &a->bad_date, d);
    }
    if (a->o->n_groups == 0) {
        a->direct[idx]++;
        return XD_OK;
    }
    if (a->o->n_groups == 1 && lens[a->group_slot[0]] == 0) {
        char msg[512];
        size_t sl = a->group_slot[0];
        snprintf(msg, sizeof msg,
                 "%s:%ld:%d: %s: expected a value (with one --group column it becomes the measure, and an empty "
                 "measure means the main series), found ''",
                 a->name, lines[sl], a->slot_col[sl] + 1, a->slot_name[sl]);
        return bad_row(a, msg, &a->empty_measure, d);
    }
    return count_group(a, idx, vals, lens, d);
}

/* Row callback of the strict reader (xd_csv_stream, or the block reader's xd_csv_reader). */
static int strict_row(void *ctx, const xd_csv_row *row, xd_diags *d)
{
    agg *a = ctx;
    if (row->index == 0)
        return agg_header(a, row, d);
    const char *vals[MAXSLOTS];
    size_t lens[MAXSLOTS];
    long lines[MAXSLOTS];
    for (size_t i = 0; i < a->nslots; i++) {
        size_t c = (size_t)a->slot_col[i];
        vals[i] = row->fields[c];
        lens[i] = row->lens[c];
        lines[i] = row->lines[c];
    }
    return agg_values(a, vals, lens, lines, d);
}

/* ---------------------------------------------------------- the fast reader */

typedef struct masks {
    uint64_t q, c, n, s, h; /* quote, comma, LF, CR or NUL, bytes >= 0x80 */
} masks;

#if defined(XD_AGG_SSE2)
static inline uint64_t mm16(__m128i x) { return (uint64_t)(unsigned)_mm_movemask_epi8(x); }

static inline void masks_of(const unsigned char *p, masks *m)
{
    const __m128i vq = _mm_set1_epi8('"'), vc = _mm_set1_epi8(','), vn = _mm_set1_epi8('\n'),
                  vr = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
    uint64_t q = 0, c = 0, n = 0, s = 0, h = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        int sh = 16 * i;
        q |= mm16(_mm_cmpeq_epi8(v, vq)) << sh;
        c |= mm16(_mm_cmpeq_epi8(v, vc)) << sh;
        n |= mm16(_mm_cmpeq_epi8(v, vn)) << sh;
        s |= mm16(_mm_or_si128(_mm_cmpeq_epi8(v, vr), _mm_cmpeq_epi8(v, vz))) << sh;
        h |= mm16(v) << sh;
    }
    m->q = q;
    m->c = c;
    m->n = n;
    m->s = s;
    m->h = h;
}

static inline void cr_nul_of(const unsigned char *p, uint64_t *r, uint64_t *z)
{
    const __m128i vr = _mm_set1_epi8('\r'), vz = _mm_setzero_si128();
    uint64_t rr = 0, zz = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        rr |= mm16(_mm_cmpeq_epi8(v, vr)) << (16 * i);
        zz |= mm16(_mm_cmpeq_epi8(v, vz)) << (16 * i);
    }
    *r = rr;
    *z = zz;
}
#else
static inline void masks_of(const unsigned char *p, masks *m)
{
    uint64_t q = 0, c = 0, n = 0, s = 0, h = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t b = (uint64_t)1 << i;
        unsigned char x = p[i];
        q |= x == '"' ? b : 0;
        c |= x == ',' ? b : 0;
        n |= x == '\n' ? b : 0;
        s |= (x == '\r' || x == 0) ? b : 0;
        h |= x >= 0x80 ? b : 0;
    }
    m->q = q;
    m->c = c;
    m->n = n;
    m->s = s;
    m->h = h;
}

static inline void cr_nul_of(const unsigned char *p, uint64_t *r, uint64_t *z)
{
    uint64_t rr = 0, zz = 0;
    for (int i = 0; i < 64; i++) {
        rr |= p[i] == '\r' ? (uint64_t)1 << i : 0;
        zz |= p[i] == 0 ? (uint64_t)1 << i : 0;
    }
    *r = rr;
    *z = zz;
}
#endif

#if defined(XD_AGG_AVX2)
static inline uint64_t mm32(__m256i x) __attribute__((target("avx2")));
static inline uint64_t mm32(__m256i x) { return (uint64_t)(uint32_t)_mm256_movemask_epi8(x); }

static inline void masks_avx2(const unsigned char *p, masks *m) __attribute__((target("avx2")));
static inline void masks_avx2(const unsigned char *p, masks *m)
{
    const __m256i vq = _mm256_set1_epi8('"'), vc = _mm256_set1_epi8(','), vn = _mm256_set1_epi8('\n'),
                  vr = _mm256_set1_epi8('\r'), vz = _mm256_setzero_si256();
    __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    m->q = mm32(_mm256_cmpeq_epi8(lo, vq)) | mm32(_mm256_cmpeq_epi8(hi, vq)) << 32;
    m->c = mm32(_mm256_cmpeq_epi8(lo, vc)) | mm32(_mm256_cmpeq_epi8(hi, vc)) << 32;
    m->n = mm32(_mm256_cmpeq_epi8(lo, vn)) | mm32(_mm256_cmpeq_epi8(hi, vn)) << 32;
    m->s = mm32(_mm256_or_si256(_mm256_cmpeq_epi8(lo, vr), _mm256_cmpeq_epi8(lo, vz))) |
           mm32(_mm256_or_si256(_mm256_cmpeq_epi8(hi, vr), _mm256_cmpeq_epi8(hi, vz))) << 32;
    m->h = mm32(lo) | mm32(hi) << 32;
}
#endif

static inline uint64_t prefix_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

/* Length of the valid UTF-8 sequence at p (as xd_utf8_check accepts it), or 0. */
static inline unsigned utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    if (c >= 0xc2 && c <= 0xdf)
        return (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
            return 0;
        unsigned cp = (c & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
        return cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfeff ? 0 : 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
            return 0;
        unsigned cp = (c & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu);
        return cp < 0x10000 || cp > 0x10ffff ? 0 : 4;
    }
    return 0;
}

static inline int is_blank(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return 0;
    return 1;
}

/* The value of a field as libcsv gives it: an unquoted field without its
 * surrounding spaces and tabs; a quoted field without its quotes, "" as ".
 * The fast reader only passes fields that are one or the other, whole. */
static const char *field_value(agg *a, size_t *used, const unsigned char *raw, size_t n, size_t *out_len)
{
    if (n >= 2 && raw[0] == '"') {
        const unsigned char *in = raw + 1;
        size_t il = n - 2;
        if (!memchr(in, '"', il)) {
            *out_len = il;
            return (const char *)in;
        }
        char *dst = a->scratch + *used;
        size_t o = 0;
        for (size_t i = 0; i < il; i++) {
            dst[o++] = (char)in[i];
            if (in[i] == '"')
                i++; /* the second quote of a "" pair */
        }
        *used += o;
        *out_len = o;
        return dst;
    }
    while (n && (raw[0] == ' ' || raw[0] == '\t')) {
        raw++;
        n--;
    }
    while (n && (raw[n - 1] == ' ' || raw[n - 1] == '\t'))
        n--;
    *out_len = n;
    return (const char *)raw;
}

typedef void (*masks_fn)(const unsigned char *p, masks *m);

/* What one window needs from the previous one. */
typedef struct scan {
    uint64_t carry;    /* all ones when the previous window ended inside quotes */
    uint64_t prev_cnq; /* 1 when its last byte was a comma, LF or quote */
    unsigned uskip;    /* continuation bytes of a UTF-8 sequence it began */
} scan;

/* Classifies the 64 bytes at w (left of them are data): separators (commas
 * and LFs outside quotes), LFs outside quotes, and problems: anything the fast
 * reader must leave to the strict one. */
static inline __attribute__((always_inline)) void scan_window(const unsigned char *w, size_t left,
                                                              masks_fn masks_at, scan *st, uint64_t *sep,
                                                              uint64_t *lf, uint64_t *problem)
{
    masks m;
    masks_at(w, &m);
    if (left < 64) {
        uint64_t valid = ((uint64_t)1 << left) - 1;
        m.q &= valid;
        m.c &= valid;
        m.n &= valid;
        m.s &= valid;
        m.h &= valid;
    }
    uint64_t inq = prefix_xor(m.q) ^ st->carry;
    st->carry = (uint64_t)0 - (inq >> 63);
    uint64_t prob = m.n & inq; /* a line break inside quotes */
    uint64_t cnq = m.c | m.n | m.q;
    if (m.q) {
        /* A quote that opens must follow a separator (or the closing quote of
         * a "" pair); one that closes must precede a separator, a CR or the
         * second quote of a pair. Anything else (spaces around quotes, a quote
         * inside an unquoted field) is for the strict reader. */
        uint64_t open = m.q & inq, close = m.q & ~inq;
        uint64_t prevok = (cnq << 1) | st->prev_cnq;
        unsigned char nb = w[64];
        uint64_t nextbit = (uint64_t)(nb == ',' || nb == '\n' || nb == '\r' || nb == '"');
        uint64_t nextok = ((cnq | m.s) >> 1) | (nextbit << 63);
        prob |= (open & ~prevok) | (close & ~nextok);
    }
    st->prev_cnq = cnq >> 63;
    if (m.s) {
        /* a CR only right before an LF and outside quotes; no NUL */
        uint64_t r, z;
        cr_nul_of(w, &r, &z);
        r &= m.s;
        z &= m.s;
        uint64_t nextlf = (m.n >> 1) | ((uint64_t)(w[64] == '\n') << 63);
        prob |= z | (r & ~nextlf) | (r & inq);
    }
    if (m.h | st->uskip) {
        uint64_t hm = m.h;
        if (st->uskip) {
            hm &= ~(((uint64_t)1 << st->uskip) - 1);
            st->uskip = 0;
        }
        while (hm) {
            unsigned b = (unsigned)__builtin_ctzll(hm);
            unsigned len = utf8_len(w + b);
            if (!len) {
                prob |= (uint64_t)1 << b;
                hm &= hm - 1;
                continue;
            }
            unsigned endb = b + len;
            if (endb >= 64) {
                st->uskip = endb - 64;
                break;
            }
            hm &= ~(((uint64_t)1 << endb) - 1);
        }
    }
    *sep = (m.c | m.n) & ~inq;
    *lf = m.n & ~inq;
    *problem = prob;
}

/* Reads the complete lines of ls as an xd_bs_fast_fn does. Any columns,
 * --group and --where: one step per separator. */
static inline __attribute__((always_inline)) int fast_lines_impl(agg *a, xd_bs_lines *ls, xd_diags *d,
                                                                 masks_fn masks_at)
{
    const unsigned char *buf = ls->buf;
    const size_t start = ls->pos, end = ls->end;
    const int *colslot = a->colslot;
    const size_t ncols = a->ncols;
    size_t sb[MAXSLOTS] = {0}, se[MAXSLOTS] = {0};
    long line = ls->line;
    size_t rows = ls->rows;
    size_t row_start = start, fstart = start, k = 0;
    scan st = {0, 1, 0};
    int status = XD_OK;

    for (size_t p = start; p < end; p += 64) {
        uint64_t sep, lfm, prob;
        scan_window(buf + p, end - p, masks_at, &st, &sep, &lfm, &prob);
        uint64_t ev = sep | prob;
        while (ev) {
            unsigned b = (unsigned)__builtin_ctzll(ev);
            ev &= ev - 1;
            size_t off = p + b;
            if ((prob >> b) & 1)
                goto fallback;
            if (!((lfm >> b) & 1)) { /* a comma */
                if (k < ncols) {
                    int sl = colslot[k];
                    if (sl >= 0) {
                        sb[sl] = fstart;
                        se[sl] = off;
                    }
                }
                k++;
                fstart = off + 1;
                continue;
            }
            /* an LF: the end of a line */
            size_t fe = off;
            if (fe > fstart && buf[fe - 1] == '\r')
                fe--;
            if (k + 1 != ncols || ncols == 1) {
                if (k == 0 && is_blank(buf + row_start, fe - row_start)) {
                    /* blank: libcsv gives no row */
                    line++;
                    row_start = fstart = off + 1;
                    continue;
                }
                if (k + 1 != ncols)
                    goto fallback;
            }
            {
                int sl = colslot[k];
                if (sl >= 0) {
                    sb[sl] = fstart;
                    se[sl] = fe;
                }
            }
            const char *vals[MAXSLOTS];
            size_t lens[MAXSLOTS];
            long lines[MAXSLOTS];
            size_t used = 0;
            for (size_t i = 0; i < a->nslots; i++) {
                vals[i] = field_value(a, &used, buf + sb[i], se[i] - sb[i], &lens[i]);
                lines[i] = line;
            }
            int rc = agg_values(a, vals, lens, lines, d);
            if (rc != XD_OK) {
                if (rc == AGG_STOP)
                    goto fallback;
                status = rc;
                ls->pos = row_start;
                goto out;
            }
            rows++;
            line++;
            row_start = fstart = off + 1;
            k = 0;
        }
    }
    ls->pos = end;
    goto out;
fallback:
    status = XD_BS_FALLBACK;
    ls->pos = row_start;
out:
    ls->line = line;
    ls->rows = rows;
    return status;
}

/* Without a popcnt instruction, GCC calls a library function; this is faster. */
static inline __attribute__((always_inline)) unsigned popcount64(uint64_t x)
{
#if defined(__POPCNT__)
    return (unsigned)__builtin_popcountll(x);
#else
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
#endif
}

/* The j-th (from 0) set bit of x, which has more than j. */
static inline unsigned select_bit(uint64_t x, unsigned j)
{
    while (j--)
        x &= x - 1;
    return (unsigned)__builtin_ctzll(x);
}

/* The same for the common case, a date column and nothing else: one step per
 * line, the date field found by counting separators. */
static inline __attribute__((always_inline)) int fast_dates_impl(agg *a, xd_bs_lines *ls, xd_diags *d,
                                                                 masks_fn masks_at)
{
    const unsigned char *buf = ls->buf;
    const size_t start = ls->pos, end = ls->end;
    const size_t ncols = a->ncols;
    const size_t dcol = (size_t)a->slot_col[0];
    const size_t ncols_seen = ncols == 1 ? 0 : ncols; /* 0 never matches: blank lines must be looked for */
    const int by_month = a->by_month;
    unsigned long long *direct = a->direct;
    long line = ls->line;
    size_t rows = ls->rows;
    unsigned long long nread = 0;
    size_t row_start = start, ds = start, de = start;
    size_t k = 0; /* separators of the current row in earlier windows */
    scan st = {0, 1, 0};
    int status = XD_OK;

#define LOCATE(bits, pc, base)                                                                                  \
    do {                                                                                                        \
        if (dcol == 0) {                                                                                        \
            if (k == 0)                                                                                         \
                de = (base) + (size_t)__builtin_ctzll(bits);                                                    \
        } else {                                                                                                \
            if (dcol >= k && dcol < k + (pc))                                                                   \
                de = (base) + select_bit((bits), (unsigned)(dcol - k));                                         \
            if (dcol - 1 >= k && dcol - 1 < k + (pc))                                                           \
                ds = (base) + select_bit((bits), (unsigned)(dcol - 1 - k)) + 1;                                 \
        }                                                                                                       \
    } while (0)

    for (size_t p = start; p < end; p += 64) {
        uint64_t sep, lfm, prob;
        scan_window(buf + p, end - p, masks_at, &st, &sep, &lfm, &prob);
        unsigned first_prob = prob ? (unsigned)__builtin_ctzll(prob) : 64;
        uint64_t rest = sep;
        while (lfm) {
            unsigned b = (unsigned)__builtin_ctzll(lfm);
            lfm &= lfm - 1;
            if (first_prob <= b)
                goto fallback;
            uint64_t upto = ((uint64_t)2 << b) - 1;
            uint64_t bits = rest & upto;
            rest &= ~upto;
            size_t pc = popcount64(bits);
            LOCATE(bits, pc, p);
            size_t nf = k + pc;
            k = 0;
            size_t off = p + b;
            size_t fe = off;
            if (fe > row_start && buf[fe - 1] == '\r')
                fe--;
            if (nf != ncols_seen) { /* (with one column every line is checked for blanks) */
                if (nf == 1 && is_blank(buf + row_start, fe - row_start)) {
                    line++;
                    row_start = ds = off + 1;
                    continue;
                }
                if (nf != ncols)
                    goto fallback;
            }
            if (de == off)
                de = fe;
            const unsigned char *v = buf + ds;
            size_t vl = de - ds;
            int idx;
            if (vl == 10)
                idx = date10_index(v, by_month);
            else if (vl == 12 && v[0] == '"')
                idx = date10_index(v + 1, by_month);
            else if (vl >= 4 && v[0] > ' ' && v[0] != '"' && v[vl - 1] > ' ')
                idx = date_index(v, vl, by_month);
            else if (vl >= 6 && v[0] == '"')
                idx = date_index(v + 1, vl - 2, by_month);
            else
                idx = -1;
            if (idx >= 0) {
                direct[idx]++;
                nread++;
            } else {
                const char *vals[1];
                size_t lens[1], used = 0;
                long lines[1] = {line};
                vals[0] = field_value(a, &used, v, vl, &lens[0]);
                int rc = agg_values(a, vals, lens, lines, d);
                if (rc != XD_OK) {
                    if (rc == AGG_STOP)
                        goto fallback;
                    status = rc;
                    ls->pos = row_start;
                    goto out;
                }
            }
            rows++;
            line++;
            row_start = ds = off + 1;
        }
        if (prob)
            goto fallback;
        if (rest) {
            size_t pc = popcount64(rest);
            LOCATE(rest, pc, p);
            k += pc;
        }
    }
#undef LOCATE
    ls->pos = end;
    goto out;
fallback:
    status = XD_BS_FALLBACK;
    ls->pos = row_start;
out:
    a->rows_read += nread;
    ls->line = line;
    ls->rows = rows;
    return status;
}


/* The fast handler of the block reader: any columns, --group and --where go
 * one step per separator; a date column and nothing else one step per line. */
static int fast_lines_generic(agg *a, xd_bs_lines *ls, xd_diags *d)
{
    return a->simple ? fast_dates_impl(a, ls, d, masks_of) : fast_lines_impl(a, ls, d, masks_of);
}

#if defined(XD_AGG_AVX2)
__attribute__((target("avx2,popcnt,bmi,bmi2"))) static int fast_lines_avx2(agg *a, xd_bs_lines *ls, xd_diags *d)
{
    return a->simple ? fast_dates_impl(a, ls, d, masks_avx2) : fast_lines_impl(a, ls, d, masks_avx2);
}
#endif

static int fast_block(void *state, xd_bs_lines *ls, xd_diags *d)
{
    agg *a = state;
#if defined(XD_AGG_AVX2)
    if (a->use_avx2)
        return fast_lines_avx2(a, ls, d);
#endif
    return fast_lines_generic(a, ls, d);
}

/* ---------------------------------------------------------------- parts
 * Workers read the parts of a big file after the first (blockscan.h), each
 * into its own counts, and stop at the first row they cannot count without a
 * message (agg_values gives AGG_STOP). */

#define PART_MIN ((long long)32 << 20) /* smallest part worth a thread */

static void part_free(void *state)
{
    agg *a = state;
    agg_free(a);
    free(a);
}

/* A worker's counts, with the columns the main reader found in the header. */
static void *part_new(const void *main_state, xd_diags *d)
{
    const agg *m = main_state;
    agg *a = malloc(sizeof *a);
    if (!a)
        return NULL;
    if (agg_setup(a, m->o, m->name, d) != XD_OK) {
        agg_free(a);
        free(a);
        return NULL;
    }
    a->worker = 1;
    a->use_avx2 = m->use_avx2;
    a->ncols = m->ncols;
    a->colslot = malloc((a->ncols ? a->ncols : 1) * sizeof *a->colslot);
    if (!a->colslot) {
        part_free(a);
        return NULL;
    }
    memcpy(a->colslot, m->colslot, a->ncols * sizeof *a->colslot);
    memcpy(a->slot_col, m->slot_col, sizeof a->slot_col);
    return a;
}

static int part_merge(void *main_state, void *part_state, long line_off, xd_diags *d)
{
    (void)line_off; /* counts do not keep lines */
    return agg_merge(main_state, part_state, d);
}

static const xd_bs_ops agg_ops = {fast_block, strict_row, NULL, part_new, part_merge, part_free};

static int read_fast(int fd, const char *name, agg *a, const xd_agg_opts *o, unsigned long long *fallbacks,
                     long long *bytes, xd_diags *d)
{
#if defined(XD_AGG_AVX2)
    __builtin_cpu_init();
    a->use_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
                  __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
                  !getenv("EXTRAD_AGGREGATE_NO_AVX2");
#endif
    const xd_bs_opts bo = {"EXTRAD_AGGREGATE_THREADS", "EXTRAD_AGGREGATE_PART_MIN", PART_MIN,
                           o->progress, o->progress_ctx, o->total_bytes};
    xd_bs_stats st;
    int rc = xd_blockscan(fd, name, &agg_ops, a, a, &bo, &st, d);
    *fallbacks = st.fallbacks;
    *bytes = st.bytes;
    return rc;
}

/* ------------------------------------------------------------------ results */

static int cmp_count(const void *x, const void *y, size_t ng)
{
    const xd_agg_count *p = x, *q = y;
    if (p->year != q->year)
        return p->year < q->year ? -1 : 1;
    if (p->month != q->month)
        return p->month < q->month ? -1 : 1;
    for (size_t g = 0; g < ng; g++) {
        int c = strcmp(p->values[g], q->values[g]);
        if (c)
            return c;
    }
    return 0;
}

static size_t sort_ngroups;
static int cmp_count_q(const void *x, const void *y) { return cmp_count(x, y, sort_ngroups); }

static int build_result(agg *a, xd_agg_result *res, xd_diags *d)
{
    size_t ng = a->o->n_groups;
    size_t n = 0;
    if (ng == 0) {
        for (size_t i = 0; i < NPERIODS; i++)
            n += a->direct[i] != 0;
    } else {
        n = a->tab_n;
    }
    res->counts = calloc(n ? n : 1, sizeof *res->counts);
    if (!res->counts)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", a->name);
    res->n_groups = ng;
    if (ng == 0) {
        for (size_t i = 0; i < NPERIODS; i++) {
            if (!a->direct[i])
                continue;
            xd_agg_count *c = &res->counts[res->n++];
            c->year = XD_YEAR_MIN + (int)(i / 13);
            c->month = (int)(i % 13);
            c->count = a->direct[i];
        }
        return XD_OK;
    }
    for (size_t i = 0; i < a->tab_cap; i++) {
        const entry *en = &a->tab[i];
        if (!en->key)
            continue;
        xd_agg_count *c = &res->counts[res->n++];
        c->year = XD_YEAR_MIN + (int)(en->period / 13);
        c->month = (int)(en->period % 13);
        c->count = en->count;
        c->values = calloc(ng, sizeof *c->values);
        if (!c->values)
            return xd_error(d, XD_ENOMEM, "%s: out of memory", a->name);
        const char *k = en->key;
        for (size_t g = 0; g < ng; g++) {
            size_t l = strlen(k);
            c->values[g] = strdup(k);
            if (!c->values[g])
                return xd_error(d, XD_ENOMEM, "%s: out of memory", a->name);
            k += l + 1;
        }
    }
    sort_ngroups = ng;
    qsort(res->counts, res->n, sizeof *res->counts, cmp_count_q);
    return XD_OK;
}

int xd_aggregate_fd(int fd, const char *name, const xd_agg_opts *o, xd_agg_result *res, xd_diags *d)
{
    memset(res, 0, sizeof *res);
    agg *a = malloc(sizeof *a);
    if (!a)
        return xd_error(d, XD_ENOMEM, "%s: out of memory", name);
    int rc = agg_setup(a, o, name, d);
    if (rc == XD_OK) {
        if (o->strict) {
            int fd2 = dup(fd);
            FILE *f = fd2 >= 0 ? fdopen(fd2, "rb") : NULL;
            if (!f) {
                if (fd2 >= 0)
                    close(fd2);
                rc = xd_error(d, XD_EDATA, "%s: cannot read: %s", name, strerror(errno));
            } else {
                rc = xd_csv_stream(f, name, strict_row, a, d);
                res->bytes = ftello(f);
                fclose(f);
            }
        } else {
            rc = read_fast(fd, name, a, o, &res->fallbacks, &res->bytes, d);
        }
    }
    if (rc == XD_OK)
        rc = build_result(a, res, d);
    res->rows_read = a->rows_read;
    res->rows_filtered = a->rows_filtered;
    res->rows_bad_date = a->bad_date;
    res->rows_empty_measure = a->empty_measure;
    res->rows_counted = a->rows_read - a->rows_filtered - a->bad_date - a->empty_measure;
    if (rc == XD_OK && (a->bad_date || a->empty_measure)) {
        char what[256];
        int w = 0;
        if (a->bad_date)
            w = snprintf(what, sizeof what, "%llu with a missing or malformed date", a->bad_date);
        if (a->empty_measure)
            snprintf(what + w, sizeof what - (size_t)w, "%s%llu with an empty '%s'", w ? ", " : "",
                     a->empty_measure, o->groups[0]);
        xd_warning(d, "%s: skipped %llu of %llu data rows (--skip-bad): %s", name, a->bad_date + a->empty_measure,
                   a->rows_read, what);
        for (size_t i = 0; i < a->n_skipped; i++)
            xd_note(d, "skipped %s", a->skipped[i]);
        if (a->bad_date + a->empty_measure > a->n_skipped)
            xd_note(d, "... and %llu more skipped rows", a->bad_date + a->empty_measure - a->n_skipped);
    }
    agg_free(a);
    free(a);
    return rc;
}

void xd_agg_result_free(xd_agg_result *res)
{
    for (size_t i = 0; i < res->n; i++) {
        if (res->counts[i].values)
            for (size_t g = 0; g < res->n_groups; g++)
                free(res->counts[i].values[g]);
        free(res->counts[i].values);
    }
    free(res->counts);
    memset(res, 0, sizeof *res);
}
