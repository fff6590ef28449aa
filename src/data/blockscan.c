/* memrchr is a GNU extension. */
#define _GNU_SOURCE

#include "blockscan.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linecut.h"

#define MAX_PARTS 8

/* What the readers of one input share. */
typedef struct shared {
    atomic_llong bytes; /* read so far by all of them, for the progress line */
    atomic_int cancel;  /* the workers' parts are no longer wanted */
} shared;

typedef struct engine {
    int fd;
    const char *name;
    unsigned char *buf; /* XD_BS_BLOCK + XD_BS_PAD bytes */
    size_t len, pos;    /* data in [0, len); next byte to read at pos */
    long long base;     /* offset in the input of buf[0] */
    long long limit;    /* read no further than this offset (LLONG_MAX: no limit) */
    int eof;
    int read_errno;
    int worker;         /* reads a part with pread(2), fast only */
    int status;         /* first error */
    long line;          /* line at pos */
    size_t rows;        /* rows before pos, the header included */
    xd_csv_reader *r;   /* the strict reader (NULL in a worker) */
    size_t ncols;       /* fields of the header row */
    size_t rows_at_switch;
    unsigned long long fallbacks;
    void *state;
    void *strict_ctx;
    const xd_bs_ops *ops;
    const xd_bs_opts *o;
    xd_diags *d;
    shared *sh;
} engine;

static int at_limit(const engine *e) { return e->limit != LLONG_MAX && e->base + (long long)e->len >= e->limit; }

/* Keeps the unread bytes and reads after them up to a block (or the limit).
 * The main reader reads on from the file position, so that pipes work too. */
static void refill(engine *e)
{
    if (e->pos > 0) {
        memmove(e->buf, e->buf + e->pos, e->len - e->pos);
        e->base += (long long)e->pos;
        e->len -= e->pos;
        e->pos = 0;
    }
    while (e->len < XD_BS_BLOCK && !e->eof) {
        size_t want = XD_BS_BLOCK - e->len;
        long long room = e->limit - (e->base + (long long)e->len);
        if (room <= 0)
            break;
        if ((long long)want > room)
            want = (size_t)room;
        ssize_t n = e->worker ? pread(e->fd, e->buf + e->len, want, (off_t)(e->base + (long long)e->len))
                              : read(e->fd, e->buf + e->len, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            e->read_errno = errno;
            e->eof = 1;
        } else if (n == 0) {
            e->eof = 1;
        } else {
            e->len += (size_t)n;
            atomic_fetch_add(&e->sh->bytes, (long long)n);
        }
    }
    memset(e->buf + e->len, 0, XD_BS_PAD);
    if (!e->worker && e->o->progress)
        e->o->progress(e->o->progress_ctx, atomic_load(&e->sh->bytes), e->o->total_bytes);
}

/* The caller's fast handler on buf[pos, end). */
static int fast_step(engine *e, size_t end)
{
    xd_bs_lines ls = {e->buf, e->pos, end, e->line, e->rows};
    int rc = e->ops->fast(e->state, &ls, e->d);
    e->pos = ls.pos;
    e->line = ls.line;
    e->rows = ls.rows;
    if (rc != XD_OK && rc != XD_BS_FALLBACK)
        e->status = rc;
    return rc;
}

/* The strict reader's row callback: notes the header's width, which the
 * strict reader needs to resume after the fast handler. */
static int strict_row(void *ctx, const xd_csv_row *row, xd_diags *d)
{
    engine *e = ctx;
    if (row->index == 0)
        e->ncols = row->nfields;
    return e->ops->strict_row(e->strict_ctx, row, d);
}

enum { STRICT_NEED_DATA, STRICT_TO_FAST, STRICT_END };

/* Feeds the strict reader from e->pos, a line at a time, until it needs more
 * data than the buffer holds or the input ends. Hands back to the fast handler
 * after a line that ends with LF at a row end, once it has read a row. */
static int strict_run(engine *e)
{
    xd_csv_reader *r = e->r;
    int ret = STRICT_END;
    while (xd_csv_reader_status(r) == XD_OK) {
        if (e->pos == e->len && e->eof)
            break;
        size_t used = xd_csv_reader_feed(r, (const char *)e->buf + e->pos, e->len - e->pos,
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

/* Hands the input from e->pos (a line start) to the strict reader until it has
 * read at least one row. */
static void switch_to_strict(engine *e)
{
    xd_csv_reader_resume(e->r, e->base + (long long)e->pos, e->line, e->rows, e->ncols);
    e->rows_at_switch = e->rows;
    e->fallbacks++;
}

/* ---------------------------------------------------------------- parts */

typedef struct part {
    pthread_t th;
    int started, joined, set_up;
    engine e;
    void *state;
    xd_diags d;
    long long start, end; /* [start, end): start is a line start */
    long long stop;       /* where the worker stopped; end when it read all */
    long lines;           /* lines it read */
    size_t rows;          /* rows it read */
} part;

static void *part_main(void *arg)
{
    part *pt = arg;
    engine *e = &pt->e;
    refill(e);
    while (!atomic_load(&e->sh->cancel)) {
        const unsigned char *lf = e->pos < e->len ? memrchr(e->buf + e->pos, '\n', e->len - e->pos) : NULL;
        if (!lf) {
            if (e->eof || at_limit(e) || (e->pos == 0 && e->len == XD_BS_BLOCK))
                break;
            refill(e);
            continue;
        }
        if (fast_step(e, (size_t)(lf - e->buf) + 1) != XD_OK)
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

static void part_free(const xd_bs_ops *ops, part *pt)
{
    if (pt->set_up) {
        if (pt->state)
            ops->part_free(pt->state);
        free(pt->e.buf);
        xd_diags_free(&pt->d);
    }
    pt->set_up = 0;
}

/* Starts the workers once the header is known. A part whose worker cannot
 * start counts as stopped at its start: the main reader reads it. */
static void parts_start(engine *e, part *parts, size_t nparts)
{
    for (size_t i = 0; i < nparts; i++) {
        part *pt = &parts[i];
        pt->stop = pt->start;
        xd_diags_init(&pt->d);
        pt->set_up = 1;
        pt->state = e->ops->part_new(e->state, &pt->d);
        engine *w = &pt->e;
        memset(w, 0, sizeof *w);
        w->buf = malloc(XD_BS_BLOCK + XD_BS_PAD);
        if (!pt->state || !w->buf)
            continue;
        w->fd = e->fd;
        w->name = e->name;
        w->base = pt->start;
        w->limit = pt->end;
        w->worker = 1;
        w->line = 1;
        w->ncols = e->ncols;
        w->state = pt->state;
        w->ops = e->ops;
        w->o = e->o;
        w->d = &pt->d;
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

/* The main reader is at the start of part *next (all before it read). If that
 * is a row start, takes the worker's state and goes on where it stopped. */
static void at_cut(engine *e, part *parts, size_t nparts, size_t *next, int clean, int *fast)
{
    part *pt = &parts[*next];
    if (clean) {
        part_join(pt);
        if (pt->started && pt->stop > pt->start) {
            int rc = e->ops->part_merge(e->state, pt->state, e->line - 1, e->d);
            if (rc != XD_OK) {
                e->status = rc;
                return;
            }
            e->line += pt->lines;
            e->rows += pt->rows;
            if (lseek(e->fd, (off_t)pt->stop, SEEK_SET) < 0) {
                e->status = xd_error(e->d, XD_EDATA, "%s: cannot seek: %s", e->name, strerror(errno));
                return;
            }
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

static int run(engine *e, part *parts, size_t nparts)
{
    size_t next = 0;
    int started = 0;
    e->limit = nparts ? parts[0].start : LLONG_MAX;
    refill(e);
    int fast = 0; /* the strict reader starts, at offset 0: it skips a byte-order mark */
    e->rows_at_switch = 0;
    while (e->status == XD_OK) {
        if (!fast) {
            int r = strict_run(e);
            if (r == STRICT_NEED_DATA) {
                if (at_limit(e))
                    at_cut(e, parts, nparts, &next, started && e->pos == e->len && xd_csv_reader_between_rows(e->r),
                           &fast);
                else
                    refill(e);
                continue;
            }
            if (r == STRICT_END)
                break;
            if (e->ops->ready && !e->ops->ready(e->state))
                continue; /* the strict reader reads on */
            fast = 1;
            if (!started && nparts) {
                parts_start(e, parts, nparts);
                started = 1;
            }
            continue;
        }
        const unsigned char *lf = e->pos < e->len ? memrchr(e->buf + e->pos, '\n', e->len - e->pos) : NULL;
        if (!lf) {
            if (at_limit(e) && e->pos == e->len)
                at_cut(e, parts, nparts, &next, started, &fast);
            else if (!e->eof && !at_limit(e) && !(e->pos == 0 && e->len == XD_BS_BLOCK))
                refill(e);
            else if (e->pos == e->len && e->eof)
                break;
            else {
                switch_to_strict(e);
                fast = 0;
            }
            continue;
        }
        int r = fast_step(e, (size_t)(lf - e->buf) + 1);
        if (r == XD_BS_FALLBACK) {
            switch_to_strict(e);
            fast = 0;
            continue;
        }
        if (r != XD_OK)
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
        if (fast) /* the strict reader is between rows where it handed over */
            xd_csv_reader_resume(e->r, e->base + (long long)e->pos, e->line, e->rows, e->ncols);
        e->status = xd_csv_reader_finish(e->r);
    }
    return e->status;
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

/* Cuts a regular file read from its start into parts, at line starts. */
static size_t plan_parts(int fd, const xd_bs_opts *o, part *parts)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || lseek(fd, 0, SEEK_CUR) != 0)
        return 0;
    long long size = (long long)st.st_size;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long long threads = env_ll(o->threads_env, ncpu > 0 ? ncpu : 1);
    long long part_min = env_ll(o->part_min_env, o->part_min);
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

int xd_blockscan(int fd, const char *name, const xd_bs_ops *ops, void *main_state, void *strict_ctx,
                 const xd_bs_opts *o, xd_bs_stats *st, xd_diags *d)
{
    memset(st, 0, sizeof *st);
    engine *e = calloc(1, sizeof *e);
    shared *sh = calloc(1, sizeof *sh);
    part *parts = calloc(MAX_PARTS, sizeof *parts);
    if (e)
        e->buf = malloc(XD_BS_BLOCK + XD_BS_PAD);
    int rc = XD_OK;
    if (!e || !sh || !parts || !e->buf) {
        rc = xd_error(d, XD_ENOMEM, "%s: out of memory", name);
        goto out;
    }
    e->r = xd_csv_reader_new(name, strict_row, e, d);
    if (!e->r) {
        rc = XD_ENOMEM; /* with its message */
        goto out;
    }
    atomic_init(&sh->bytes, 0);
    atomic_init(&sh->cancel, 0);
    e->fd = fd;
    e->name = name;
    e->state = main_state;
    e->strict_ctx = strict_ctx;
    e->ops = ops;
    e->o = o;
    e->d = d;
    e->sh = sh;
    e->status = XD_OK;
    e->line = 1;
    size_t nparts = plan_parts(fd, o, parts);
    rc = run(e, parts, nparts);
    st->fallbacks = e->fallbacks;
    st->bytes = atomic_load(&sh->bytes);
    for (size_t i = 0; i < nparts; i++)
        part_free(ops, &parts[i]);
out:
    if (e) {
        xd_csv_reader_free(e->r);
        free(e->buf);
    }
    free(e);
    free(sh);
    free(parts);
    return rc;
}
