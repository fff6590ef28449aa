/* The fuzz targets' work; see harness.h. XD_SOURCE_DIR (the source tree, for the
 * bundled dataset) is defined by the build. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "check.h"
#include "compare.h"
#include "csvread.h"
#include "dataset.h"
#include "diag.h"
#include "gnuplot.h"
#include "lang.h"
#include "meta.h"
#include "reconcile.h"
#include "parse.h"
#include "report.h"
#include "report_doc.h"
#include "svg.h"
#include "summary.h"
#include "trend.h"

#ifndef XD_SOURCE_DIR
#error "XD_SOURCE_DIR must name the source tree"
#endif

#define FUZZ_ASSERT(cond, ...)                                                                                 \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "fuzz check failed at %s:%d: %s: ", __FILE__, __LINE__, #cond);                    \
            fprintf(stderr, __VA_ARGS__);                                                                      \
            fputc('\n', stderr);                                                                               \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

static const char *const kind_files[XD_FUZZ_NKINDS] = {"annual.csv", "sources.csv", "aggregates.csv",
                                                       "transfers.csv", "meta.csv"};
static const char *const kind_names[XD_FUZZ_NKINDS] = {"annual", "sources", "aggregates", "transfers", "meta"};

const char *xd_fuzz_file(enum xd_fuzz_kind kind) { return kind_files[kind]; }

int xd_fuzz_kind_of(const char *target)
{
    for (int k = 0; k < XD_FUZZ_NKINDS; k++)
        if (strcmp(target, kind_names[k]) == 0)
            return k;
    return -1;
}

/* ---- independent UTF-8 reading --------------------------------------------------- */

/* Length (1..4) of the well-formed UTF-8 sequence at s[0..n) and its code point, or 0
 * (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t u8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static int u8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = u8_decode(p + i, n - i, &cp);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

/* Text that is safe to print on a terminal: valid UTF-8 without C0, DEL or C1 controls. */
static int printable(const char *s)
{
    size_t n = strlen(s);
    if (!u8_valid(s, n))
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = u8_decode(p + i, n - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return 0;
        i += l;
    }
    return 1;
}

/* Every message is shown on a terminal as it is: it must be printable, and an error
 * must come with an error status. */
static void check_diags(const xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const xd_diag *g = &d->items[i];
        FUZZ_ASSERT(g->text != NULL, "diagnostic %zu has no text", i);
        FUZZ_ASSERT(printable(g->text), "diagnostic %zu is not printable text: %s", i, g->text);
        if (g->severity == XD_SEV_ERROR)
            FUZZ_ASSERT(g->status != XD_OK, "error without a status: %s", g->text);
    }
    if (xd_diags_count(d, XD_SEV_ERROR) > 0)
        FUZZ_ASSERT(d->status != XD_OK, "errors recorded but the status is XD_OK");
}

/* ---- fuzz_csv ---------------------------------------------------------------------- */

typedef struct csv_ctx {
    size_t rows, stop_after, ncols;
    long last_line;
} csv_ctx;

static int csv_row(void *vctx, const xd_csv_row *row, xd_diags *d)
{
    csv_ctx *c = vctx;
    (void)d;
    FUZZ_ASSERT(row->index == c->rows, "row index %zu, expected %zu", row->index, c->rows);
    FUZZ_ASSERT(row->nfields >= 1 && row->nfields <= XD_CSV_MAX_COLUMNS, "row with %zu fields", row->nfields);
    if (row->index == 0)
        c->ncols = row->nfields;
    FUZZ_ASSERT(row->nfields == c->ncols, "row %zu has %zu fields, header %zu", row->index, row->nfields,
                c->ncols);
    FUZZ_ASSERT(row->line >= 1 && row->line > c->last_line, "row %zu on line %ld after line %ld", row->index,
                row->line, c->last_line);
    for (size_t i = 0; i < row->nfields; i++) {
        FUZZ_ASSERT(row->fields[i] != NULL, "field %zu is NULL", i);
        FUZZ_ASSERT(row->lens[i] <= XD_CSV_MAX_FIELD, "field %zu is %zu bytes", i, row->lens[i]);
        FUZZ_ASSERT(strlen(row->fields[i]) == row->lens[i], "field %zu: length %zu but strlen %zu", i,
                    row->lens[i], strlen(row->fields[i]));
        FUZZ_ASSERT(u8_valid(row->fields[i], row->lens[i]), "field %zu is not valid UTF-8", i);
        FUZZ_ASSERT(row->lines[i] >= row->line, "field %zu starts on line %ld before its row (%ld)", i,
                    row->lines[i], row->line);
        FUZZ_ASSERT(i == 0 || row->lines[i] >= row->lines[i - 1], "field %zu starts before field %zu", i, i - 1);
        char ex[64];
        xd_text_excerpt(ex, sizeof ex, row->fields[i], row->lens[i], 40);
        FUZZ_ASSERT(strlen(ex) < sizeof ex && printable(ex), "excerpt of field %zu not printable: %s", i, ex);
        char tiny[6];
        xd_text_excerpt(tiny, sizeof tiny, row->fields[i], row->lens[i], 40);
        FUZZ_ASSERT(strlen(tiny) < sizeof tiny && printable(tiny), "small excerpt not printable");
    }
    c->last_line = row->line;
    c->rows++;
    if (c->stop_after && c->rows >= c->stop_after)
        return XD_EDATA;
    return XD_OK;
}

void xd_fuzz_csv(const uint8_t *data, size_t size)
{
    /* fmemopen does not take an empty buffer: give it one byte it never reads */
    char *buf = malloc(size ? size : 1);
    FUZZ_ASSERT(buf != NULL, "out of memory");
    if (size)
        memcpy(buf, data, size);
    FILE *f = fmemopen(buf, size ? size : 1, "r");
    FUZZ_ASSERT(f != NULL, "fmemopen: %s", strerror(errno));
    if (!size)
        fgetc(f); /* now at the end */
    /* the last byte, when it is a digit, makes the callback stop after that many rows */
    csv_ctx c = {0};
    if (size && data[size - 1] >= '1' && data[size - 1] <= '9')
        c.stop_after = (size_t)(data[size - 1] - '0');
    xd_diags d;
    xd_diags_init(&d);
    int rc = xd_csv_stream(f, "fuzz.csv", csv_row, &c, &d);
    check_diags(&d);
    if (rc == XD_OK)
        FUZZ_ASSERT(xd_diags_count(&d, XD_SEV_ERROR) == 0, "XD_OK with errors recorded");
    else
        FUZZ_ASSERT(xd_diags_count(&d, XD_SEV_ERROR) > 0 || rc == XD_EDATA, "status %d without an error", rc);
    xd_diags_free(&d);
    fclose(f);
    free(buf);
}

/* ---- the dataset targets ------------------------------------------------------------- */

static char scratch[4096];
static char *bundled[XD_FUZZ_NKINDS];
static size_t bundled_len[XD_FUZZ_NKINDS];
static int have_bundled[XD_FUZZ_NKINDS];

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *more = realloc(buf, cap *= 2);
            if (!more) {
                free(buf);
                buf = NULL;
            }
            buf = more;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

void xd_fuzz_cleanup(void)
{
    if (!scratch[0])
        return;
    char path[4200];
    for (int k = 0; k < XD_FUZZ_NKINDS; k++) {
        snprintf(path, sizeof path, "%s/%s", scratch, kind_files[k]);
        unlink(path);
    }
    rmdir(scratch);
    scratch[0] = '\0';
}

/* A private folder under $EXTRAD_FUZZ_TMPDIR, else on a memory file system (/dev/shm),
 * else under $TMPDIR or /tmp; and the bundled dataset in memory. */
static void setup(void)
{
    if (scratch[0])
        return;
    const char *tmp = getenv("TMPDIR"), *fuzz_tmp = getenv("EXTRAD_FUZZ_TMPDIR");
    struct stat st;
    const char *base = fuzz_tmp && *fuzz_tmp ? fuzz_tmp
                       : stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
                           ? "/dev/shm"
                           : (tmp && *tmp ? tmp : "/tmp");
    snprintf(scratch, sizeof scratch, "%s/extrad-fuzz-XXXXXX", base);
    FUZZ_ASSERT(mkdtemp(scratch) != NULL, "cannot make a scratch folder under %s: %s", base, strerror(errno));
    atexit(xd_fuzz_cleanup);
    for (int k = 0; k < XD_FUZZ_NKINDS; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/datasets/mexico-us/%s", XD_SOURCE_DIR, kind_files[k]);
        bundled[k] = read_all(path, &bundled_len[k]);
        have_bundled[k] = bundled[k] != NULL;
    }
    FUZZ_ASSERT(have_bundled[XD_FUZZ_ANNUAL] && have_bundled[XD_FUZZ_SOURCES],
                "the bundled dataset is missing under %s", XD_SOURCE_DIR);
}

/* Writes (or, with data NULL, removes) one file of the scratch dataset. */
static void put_file(enum xd_fuzz_kind kind, const void *data, size_t size)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", scratch, kind_files[kind]);
    unlink(path);
    if (!data)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_ASSERT(fd >= 0, "cannot write %s: %s", path, strerror(errno));
    const char *p = data;
    while (size > 0) {
        ssize_t w = write(fd, p, size);
        FUZZ_ASSERT(w > 0, "cannot write %s: %s", path, strerror(errno));
        p += w;
        size -= (size_t)w;
    }
    close(fd);
}

static void check_text(const char *what, const char *s)
{
    FUZZ_ASSERT(s != NULL, "%s is NULL", what);
    FUZZ_ASSERT(u8_valid(s, strlen(s)), "%s is not valid UTF-8: %s", what, s);
}

static void check_stat(const char *what, double v)
{
    /* NaN has its documented uses (sd of one value); infinities in a summary do not */
    FUZZ_ASSERT(!isinf(v), "%s is infinite", what);
}

/* One measure: series (strict and lenient), summary and trend, as summary and trend do. */
static void analyse_measure(const xd_dataset *ds, const char *measure, double level)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_series s;
    memset(&s, 0, sizeof s);
    int rc = xd_series_build(ds, measure, 0, 0, 0, &s, &d);
    xd_series_free(&s);
    memset(&s, 0, sizeof s);
    rc = xd_series_build(ds, measure, 0, 0, 1, &s, &d);
    if (rc == XD_OK) {
        FUZZ_ASSERT(s.n == (size_t)(s.to - s.from + 1), "series of %zu years from %d to %d", s.n, s.from, s.to);
        for (size_t k = 0; k < s.n; k++) {
            const xd_year *y = &s.years[k];
            FUZZ_ASSERT(y->year == s.from + (int)k, "year %d at %zu", y->year, k);
            FUZZ_ASSERT(xd_series_year(&s, y->year) == y, "xd_series_year(%d)", y->year);
            FUZZ_ASSERT(!y->has_value || y->count >= 0, "negative count %ld in %d", y->count, y->year);
            FUZZ_ASSERT(y->n_agree <= y->n_rows, "%zu of %zu rows agree", y->n_agree, y->n_rows);
        }
        xd_summary sum;
        if (xd_summary_compute(&s, level, &sum, &d) == XD_OK) {
            FUZZ_ASSERT(sum.n + sum.n_gaps == s.n, "summary: %zu figures + %zu gaps != %zu years", sum.n,
                        sum.n_gaps, s.n);
            check_stat("summary mean", sum.desc.mean);
            check_stat("summary total", sum.desc.total);
            FUZZ_ASSERT(sum.desc.min <= sum.desc.max, "min %g > max %g", sum.desc.min, sum.desc.max);
        }
        xd_summary_free(&sum);
        if (xd_series_values(&s, NULL, NULL) >= 3) {
            xd_trend t;
            if (xd_trend_compute(&s, level, &t, &d) == XD_OK) {
                check_stat("OLS slope", t.ols.slope);
                FUZZ_ASSERT(!(t.mk.p_value < 0 || t.mk.p_value > 1), "Mann-Kendall p = %g", t.mk.p_value);
                FUZZ_ASSERT(!(t.ols.p_value < 0 || t.ols.p_value > 1), "OLS p = %g", t.ols.p_value);
            }
            xd_trend_free(&t);
        }
    }
    xd_series_free(&s);
    check_diags(&d);
    xd_diags_free(&d);
}

static void analyse(const xd_dataset *ds, unsigned seed)
{
    static const double levels[] = {0.95, 0.9, 0.99, 0.5, 0.999};
    double level = levels[seed % 5];
    xd_diags d;
    xd_diags_init(&d);

    xd_check c;
    memset(&c, 0, sizeof c);
    if (xd_check_reconcile(ds, -1, &c, &d) == XD_OK) {
        size_t disagree = 0;
        for (size_t i = 0; i < c.n; i++)
            disagree += c.items[i].disagrees != 0;
        FUZZ_ASSERT(disagree == c.n_disagree, "%zu disagree, n_disagree %zu", disagree, c.n_disagree);
    }
    xd_check_free(&c);
    memset(&c, 0, sizeof c);
    if (xd_check_reconcile(ds, 0.5, &c, &d) == XD_OK)
        FUZZ_ASSERT(c.n_disagree <= c.n, "more disagreements than aggregates");
    for (size_t i = 0; i < c.n; i++)
        if (c.items[i].status == XD_AGG_NOT_COMPARABLE || c.items[i].status == XD_AGG_INCOMPLETE)
            check_text("reason", c.items[i].reason);
    xd_check_free(&c);
    xd_months_check mc;
    if (xd_check_months(ds, (int)(seed & 1), &mc, &d) == XD_OK)
        FUZZ_ASSERT(mc.n_disagree <= mc.n, "more month disagreements than years");
    xd_months_check_free(&mc);
    xd_meta_validate(ds, &d);

    const char **measures = NULL;
    size_t nm = xd_dataset_measures(ds, &measures);
    for (size_t i = 0; i < nm && i < 6; i++) {
        check_text("measure", measures[i]);
        check_text("measure label", xd_dataset_measure_label(ds, measures[i], "en"));
        check_text("measure label", xd_dataset_measure_label(ds, measures[i], "es"));
        analyse_measure(ds, measures[i], level);
    }
    free(measures);
    analyse_measure(ds, "no-such-measure", level);

    /* compare, chart and report: the default comparison in every language, then the
     * first transfers as the event, then a count */
    static const xd_lang langs[] = {XD_LANG_EN, XD_LANG_ES, XD_LANG_ES_MX};
    for (size_t li = 0; li < 3; li++) {
        xd_compare_options o = {.count = -1, .level = level};
        xd_analysis a;
        if (xd_analysis_run(ds, &o, langs[li], &a, &d) == XD_OK) {
            for (size_t i = 0; i < a.n_sentences; i++)
                check_text("sentence", a.sentences[i]);
            FUZZ_ASSERT(a.cmp.base.from <= a.cmp.base.to, "baseline %d-%d", a.cmp.base.from, a.cmp.base.to);
        }
        xd_analysis_free(&a);
    }
    for (size_t i = 0; i < ds->n_transfers && i < 2; i++) {
        xd_compare_options o = {.count = -1, .level = level, .event_date = ds->transfers[i].date};
        xd_compare cmp;
        memset(&cmp, 0, sizeof cmp);
        if (xd_compare_prepare(ds, &o, &cmp, &d) == XD_OK) {
            char *sent[16];
            size_t ns = xd_compare_sentences(ds, &cmp, langs[i % 3], sent, 16);
            for (size_t k = 0; k < ns; k++) {
                check_text("sentence", sent[k]);
                free(sent[k]);
            }
        }
        xd_compare_free(&cmp);
    }
    {
        xd_compare_options o = {.count = (long)(seed % 100000), .level = level, .label = "x'\"@y", .date = "2025-02-27"};
        xd_compare cmp;
        memset(&cmp, 0, sizeof cmp);
        if (xd_compare_prepare(ds, &o, &cmp, &d) == XD_OK) {
            char *sent[16];
            size_t ns = xd_compare_sentences(ds, &cmp, XD_LANG_ES, sent, 16);
            for (size_t k = 0; k < ns; k++) {
                check_text("sentence", sent[k]);
                free(sent[k]);
            }
        }
        xd_compare_free(&cmp);
    }
    check_diags(&d);
    xd_diags_free(&d);
}

static unsigned seed_of(const uint8_t *data, size_t size)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

static void load_and_analyse(unsigned seed)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    int rc = xd_dataset_load(scratch, &ds, &d);
    check_diags(&d);
    if (rc == XD_OK) {
        FUZZ_ASSERT(xd_diags_count(&d, XD_SEV_ERROR) == 0, "loaded with errors recorded");
        for (size_t i = 1; i < ds.n_transfers; i++)
            FUZZ_ASSERT(strcmp(ds.transfers[i - 1].date, ds.transfers[i].date) <= 0, "transfers not sorted");
        for (size_t i = 0; i < ds.n_annual; i++) {
            FUZZ_ASSERT(ds.annual[i].count >= 0, "negative yearly count");
            FUZZ_ASSERT(ds.annual[i].measure && ds.annual[i].measure[0], "empty measure");
        }
        check_text("dataset name", ds.name);
        analyse(&ds, seed);
    } else {
        FUZZ_ASSERT(xd_diags_count(&d, XD_SEV_ERROR) > 0, "status %d without an error message", rc);
    }
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

void xd_fuzz_dataset(enum xd_fuzz_kind kind, const uint8_t *data, size_t size)
{
    setup();
    for (int k = 0; k < XD_FUZZ_NKINDS; k++)
        if (k != (int)kind)
            put_file((enum xd_fuzz_kind)k, have_bundled[k] ? bundled[k] : NULL, bundled_len[k]);
    put_file(kind, size ? (const void *)data : "", size);
    load_and_analyse(seed_of(data, size));
}

void xd_fuzz_check(const uint8_t *data, size_t size)
{
    setup();
    const uint8_t *p = data, *end = data + size;
    for (int k = 0; k < XD_FUZZ_NKINDS; k++) {
        if (p > end) {
            put_file((enum xd_fuzz_kind)k, NULL, 0);
            continue;
        }
        const uint8_t *sep = memchr(p, XD_FUZZ_SEPARATOR, (size_t)(end - p));
        const uint8_t *stop = sep ? sep : end;
        put_file((enum xd_fuzz_kind)k, stop > p ? (const void *)p : "", (size_t)(stop - p));
        p = stop + 1; /* past the end when there was no separator */
    }
    load_and_analyse(seed_of(data, size));
}

/* ---- fuzz_html ------------------------------------------------------------------------ */

/* The HTML writer's promise, read back by a scanner of its own: markup only of the
 * elements and attributes the writer uses, every attribute value in double quotes,
 * no '<' or '>' in any text or value, entities only where an '&' is, links only to
 * the page itself or to http, https and mailto addresses, elements closed in order,
 * valid UTF-8 without control characters. Data that became markup breaks one of them. */
static int one_of(const char *s, size_t n, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (strlen(set[i]) == n && memcmp(set[i], s, n) == 0)
            return 1;
    return 0;
}

static void check_html(const char *html, size_t len, int with_svg)
{
    static const char *const elements[] = {
        "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "footer", "section", "h1", "h2",
        "h3", "p", "ul", "ol", "li", "a", "span", "strong", "code", "div", "figure", "figcaption", "details",
        "summary", "table", "thead", "tbody", "tr", "th", "td", NULL};
    static const char *const svg_elements[] = {"svg", "g", "desc", "defs", "path", "rect", "circle", "use", "filter",
                                               "feFlood", "feComposite", "text", "polygon", "pattern", "image",
                                               "clipPath", "line", "polyline", "tspan", NULL};
    static const char *const attributes[] = {"lang", "charset", "name", "content", "class", "id", "href", "aria-label",
                                             "aria-labelledby", "scope", "data-label", "value", "role", NULL};
    FUZZ_ASSERT(u8_valid(html, len), "the page is not valid UTF-8");
    FUZZ_ASSERT(strncmp(html, "<!DOCTYPE html>\n", 16) == 0, "no doctype");
    const char *stack[64];
    size_t depth = 0;
    int in_svg = 0;
    for (size_t i = 16; i < len;) {
        unsigned char c = (unsigned char)html[i];
        FUZZ_ASSERT(c >= 0x20 || c == '\n' || c == '\t', "control character 0x%02x at %zu", c, i);
        if (c == '>')
            FUZZ_ASSERT(in_svg, "'>' in text at %zu: %.60s", i, html + (i > 30 ? i - 30 : 0));
        if (c == '&') {
            size_t k = i + 1;
            while (k < len && k - i < 12 && html[k] != ';' && html[k] != '&' && html[k] != '<')
                k++;
            FUZZ_ASSERT(k < len && html[k] == ';' && k > i + 1, "a bare '&' at %zu: %.40s", i, html + i);
        }
        if (c != '<') {
            i++;
            continue;
        }
        size_t j = i + 1;
        int closing = html[j] == '/';
        if (closing)
            j++;
        size_t ns = j;
        while (j < len && html[j] != ' ' && html[j] != '>' && html[j] != '\n' && html[j] != '/')
            j++;
        const char *name = html + ns;
        size_t nl = j - ns;
        int svg_tag = nl == 3 && memcmp(name, "svg", 3) == 0;
        FUZZ_ASSERT(one_of(name, nl, elements) || ((in_svg || svg_tag) && with_svg && one_of(name, nl, svg_elements)),
                    "element <%.*s> at %zu", (int)nl, name, i);
        /* attributes: name="value", the value free of quotes and angle brackets */
        for (;;) {
            while (j < len && (html[j] == ' ' || html[j] == '\n' || html[j] == '\t'))
                j++;
            FUZZ_ASSERT(j < len, "a tag without its end");
            if (html[j] == '>' || (html[j] == '/' && html[j + 1] == '>'))
                break;
            size_t as = j;
            while (j < len && html[j] != '=' && html[j] != ' ' && html[j] != '>')
                j++;
            FUZZ_ASSERT(j < len && html[j] == '=', "attribute without a value at %zu", as);
            FUZZ_ASSERT(in_svg || svg_tag || one_of(html + as, j - as, attributes), "attribute %.*s at %zu",
                        (int)(j - as), html + as, as);
            FUZZ_ASSERT(!(j - as > 2 && strncmp(html + as, "on", 2) == 0), "an event handler at %zu", as);
            char q = html[j + 1];
            FUZZ_ASSERT(q == '"' || (in_svg && q == '\''), "an unquoted value at %zu", j);
            size_t vs = j + 2, ve = vs;
            while (ve < len && html[ve] != q) {
                FUZZ_ASSERT(html[ve] != '<' && html[ve] != '>', "an angle bracket in a value at %zu", ve);
                ve++;
            }
            FUZZ_ASSERT(ve < len, "a value without its end");
            if (j - as == 4 && strncmp(html + as, "href", 4) == 0)
                FUZZ_ASSERT(html[vs] == '#' || strncmp(html + vs, "http://", 7) == 0 ||
                                strncmp(html + vs, "https://", 8) == 0 || strncmp(html + vs, "mailto:", 7) == 0,
                            "a link to %.40s", html + vs);
            j = ve + 1;
        }
        int self = html[j] == '/';
        j += self ? 2 : 1;
        int void_el = nl == 4 && memcmp(name, "meta", 4) == 0;
        if (closing) {
            FUZZ_ASSERT(depth > 0 && strlen(stack[depth - 1]) == nl && memcmp(stack[depth - 1], name, nl) == 0,
                        "</%.*s> closes %s", (int)nl, name, depth ? stack[depth - 1] : "nothing");
            depth--;
            if (svg_tag)
                in_svg = 0;
        } else if (!self && !void_el) {
            FUZZ_ASSERT(depth < 64, "elements nested too deep");
            /* the names are those of the sets above: keep a pointer to the set's entry */
            const char *const *set = one_of(name, nl, elements) ? elements : svg_elements;
            for (size_t k = 0; set[k]; k++)
                if (strlen(set[k]) == nl && memcmp(set[k], name, nl) == 0)
                    stack[depth++] = set[k];
            if (svg_tag)
                in_svg = 1;
            /* the stylesheet's text is the writer's own */
            if (nl == 5 && memcmp(name, "style", 5) == 0) {
                const char *e = strstr(html + j, "</style>");
                FUZZ_ASSERT(e != NULL, "a stylesheet without its end");
                j = (size_t)(e - html);
            }
        }
        i = j;
    }
    FUZZ_ASSERT(depth == 0, "%zu elements left open, the last <%s>", depth, depth ? stack[depth - 1] : "");
}

/* gnuplot's SVG as the svg terminal writes it, with the dataset's texts in it (escaped
 * as gnuplot escapes them: & and <), through the cleaner. */
static char *svg_of(const char *text, const char *prefix)
{
    char *buf = NULL, *raw = NULL;
    size_t blen = 0, rlen = 0;
    FILE *m = open_memstream(&raw, &rlen);
    if (!m)
        return NULL;
    fputs("<?xml version=\"1.0\"?>\n<svg \n viewBox=\"0 0 100 50\"\n xmlns=\"http://www.w3.org/2000/svg\"\n>\n"
          "<title>Gnuplot</title>\n<desc>Produced by GNUPLOT</desc>\n<g id=\"gnuplot_canvas\">\n"
          "<g transform=\"translate(1,2)\" font-family=\"DejaVu Sans\" font-size=\"12\"><text>",
          m);
    for (const char *p = text; *p; p++) {
        if (*p == '&')
            fputs("&amp;", m);
        else if (*p == '<')
            fputs("&lt;", m);
        else if ((unsigned char)*p >= 0x20)
            fputc(*p, m);
    }
    fputs("</text>\n</g>\n<g id=\"gnuplot_plot_1\" ><title>gnuplot_plot_1</title></g>\n</g>\n</svg>\n", m);
    fclose(m);
    m = open_memstream(&buf, &blen);
    if (m) {
        xd_svg_opts so = {.title = text, .desc = text, .id_prefix = prefix, .css_class = "wide"};
        FUZZ_ASSERT(xd_svg_clean(raw, rlen, &so, m) == 0, "the SVG was refused");
        fclose(m);
    }
    free(raw);
    return buf;
}

static void report_html(const xd_dataset *ds, unsigned seed)
{
    static const xd_lang langs[] = {XD_LANG_EN, XD_LANG_ES, XD_LANG_ES_MX};
    xd_diags d;
    xd_diags_init(&d);
    xd_compare_options co = {.count = -1, .level = 0.95, .event_optional = 1};
    xd_analysis a;
    memset(&a, 0, sizeof a);
    if (xd_analysis_run(ds, &co, langs[seed % 3], &a, &d) == XD_OK) {
        xd_report_options o = {.output = "fuzz.html", .format = XD_REPORT_HTML, .command_line = "extrad report",
                               .epoch = 1700000000, .epoch_fixed = 1};
        xd_rdoc doc;
        if (xd_report_compose(&a, &o, &doc, &d) == XD_OK) {
            size_t charts = 0;
            for (size_t i = 0; i < doc.n; i++)
                charts += doc.b[i].kind == XD_RB_CHART;
            /* every picture an SVG holding the transfers' labels and the title */
            char **svgs = calloc(2 * charts + 2, sizeof *svgs);
            const char *text = ds->n_transfers ? ds->transfers[0].label : doc.title;
            for (size_t k = 0; svgs && k < 2 * charts; k++) {
                char prefix[32];
                snprintf(prefix, sizeof prefix, "c%zu%c-", k / 2 + 1, k % 2 ? 'n' : 'w');
                svgs[k] = svg_of(k % 2 ? doc.title : text, prefix);
            }
            char *html = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&html, &len);
            FUZZ_ASSERT(m != NULL, "no memory stream");
            FUZZ_ASSERT(xd_report_html_stream(&doc, (const char *const *)svgs, m) == XD_OK, "the writer failed");
            fclose(m);
            check_html(html, len, 1);
            free(html);
            /* and without pictures */
            html = NULL;
            m = open_memstream(&html, &len);
            FUZZ_ASSERT(m != NULL, "no memory stream");
            FUZZ_ASSERT(xd_report_html_stream(&doc, NULL, m) == XD_OK, "the writer failed");
            fclose(m);
            check_html(html, len, 0);
            free(html);
            for (size_t k = 0; svgs && k < 2 * charts; k++)
                free(svgs[k]);
            free(svgs);
            xd_rdoc_free(&doc);
        }
    }
    xd_analysis_free(&a); /* also after a failed run, as the commands do */
    xd_diags_free(&d);
}

void xd_fuzz_html(const uint8_t *data, size_t size)
{
    setup();
    const uint8_t *p = data, *end = data + size;
    for (int k = 0; k < XD_FUZZ_NKINDS; k++) {
        if (p > end) {
            put_file((enum xd_fuzz_kind)k, have_bundled[k] ? bundled[k] : NULL, bundled_len[k]);
            continue;
        }
        const uint8_t *sep = memchr(p, XD_FUZZ_SEPARATOR, (size_t)(end - p));
        const uint8_t *stop = sep ? sep : end;
        put_file((enum xd_fuzz_kind)k, stop > p ? (const void *)p : "", (size_t)(stop - p));
        p = stop + 1;
    }
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    if (xd_dataset_load(scratch, &ds, &d) == XD_OK)
        report_html(&ds, seed_of(data, size));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

/* ---- fuzz_quote ---------------------------------------------------------------------- */

typedef struct strbuf {
    char *s;
    size_t n, cap;
} strbuf;

static void sb_put(strbuf *b, const void *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        FUZZ_ASSERT(b->s != NULL, "out of memory");
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* One single-quoted literal at q[*i] as gnuplot 5.4's scanner reads it: '' is a quote
 * only right after another character of the literal. Returns 0 if it is not one. */
static int read_literal(const char *q, size_t *i, strbuf *out)
{
    if (q[*i] != '\'')
        return 0;
    size_t j = *i + 1;
    int after_char = 0;
    for (;;) {
        char c = q[j];
        if (c == '\0')
            return 0; /* unterminated */
        if (c == '\'') {
            if (q[j + 1] == '\'' && after_char) {
                sb_put(out, "'", 1);
                after_char = 0;
                j += 2;
                continue;
            }
            if (q[j + 1] == '\'')
                return 0; /* '' where gnuplot would not read a quote */
            break;
        }
        sb_put(out, &c, 1);
        after_char = 1;
        j++;
    }
    *i = j + 1;
    return 1;
}

/* The text a quoted expression yields: 'lit' or ( term . term ... ) with terms that are
 * literals or sprintf('%c',39). Returns 0 if the expression has any other shape. */
static int decode_expression(const char *q, strbuf *out)
{
    static const char apostrophe[] = "sprintf('%c',39)";
    size_t i = 0;
    if (q[0] == '\'') {
        if (!read_literal(q, &i, out))
            return 0;
        return q[i] == '\0';
    }
    if (q[0] != '(')
        return 0;
    i = 1;
    for (int first = 1;; first = 0) {
        if (!first) {
            if (q[i] == ')')
                return q[i + 1] == '\0';
            if (q[i] != '.')
                return 0;
            i++;
        }
        if (strncmp(q + i, apostrophe, sizeof apostrophe - 1) == 0) {
            sb_put(out, "'", 1);
            i += sizeof apostrophe - 1;
        } else {
            size_t before = out->n;
            if (!read_literal(q, &i, out) || out->n == before)
                return 0; /* an empty literal inside a concatenation is never made */
        }
    }
}

/* What the documentation says the text becomes: controls (C0, DEL, C1) and U+2028/2029
 * a space; each byte outside valid UTF-8, and each byte of the noncharacters
 * U+FFFE/U+FFFF, U+FFFD. */
static void expected_text(const char *src, strbuf *out)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t n = strlen(src);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = u8_decode(s + i, n - i, &cp);
        if (!l || cp == 0xFFFE || cp == 0xFFFF) {
            /* per byte: a noncharacter's three bytes give three */
            for (size_t k = 0; k < (l ? l : 1); k++)
                sb_put(out, "\xEF\xBF\xBD", 3);
            i += l ? l : 1;
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
            sb_put(out, " ", 1);
            i += l;
        } else {
            sb_put(out, s + i, l);
            i += l;
        }
    }
}

void xd_fuzz_quote(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    FUZZ_ASSERT(src != NULL, "out of memory");
    memcpy(src, data, size);
    src[size] = '\0';

    char *q = xd_gnuplot_quote_alloc(src);
    FUZZ_ASSERT(q != NULL, "xd_gnuplot_quote_alloc returned NULL");
    size_t n = strlen(q);

    /* the sized form agrees, and never writes a truncated literal */
    FUZZ_ASSERT(xd_gnuplot_quote(NULL, 0, src) == n, "lengths differ");
    char *buf = malloc(n + 1);
    FUZZ_ASSERT(buf != NULL, "out of memory");
    memset(buf, 'x', n + 1);
    FUZZ_ASSERT(xd_gnuplot_quote(buf, n, src) == n && buf[0] == '\0', "short buffer not left empty");
    FUZZ_ASSERT(xd_gnuplot_quote(buf, n + 1, src) == n && strcmp(buf, q) == 0, "sized result differs");
    free(buf);

    /* shape: one literal, or a parenthesised concatenation */
    FUZZ_ASSERT(n >= 2, "result too short: %s", q);
    FUZZ_ASSERT((q[0] == '\'' && q[n - 1] == '\'') || (q[0] == '(' && q[n - 1] == ')'),
                "result neither '...' nor (...): %s", q);

    /* one line of valid UTF-8 without control characters */
    FUZZ_ASSERT(u8_valid(q, n), "result is not valid UTF-8");
    FUZZ_ASSERT(printable(q), "result has control characters");
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t l = u8_decode((const unsigned char *)q + i, n - i, &cp);
        FUZZ_ASSERT(cp != 0x2028 && cp != 0x2029 && cp != 0xFFFE && cp != 0xFFFF, "U+%04X in the result",
                    (unsigned)cp);
        i += l;
    }

    /* gnuplot's macro scanner: every ' toggles; @ and # count only outside quotes, so
     * they must all be inside, and the line must end outside */
    int in_q = 0;
    size_t quotes = 0;
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '\'') {
            in_q = !in_q;
            quotes++;
        } else if (q[i] == '@' || q[i] == '#' || q[i] == '"' || q[i] == '`' || q[i] == '\\') {
            FUZZ_ASSERT(in_q, "'%c' outside a literal at %zu: %s", q[i], i, q);
        }
    }
    FUZZ_ASSERT(!in_q && quotes % 2 == 0, "unpaired quote: %s", q);

    /* it reads back as exactly the documented text */
    strbuf got = {0}, want = {0};
    sb_put(&got, "", 0);
    sb_put(&want, "", 0);
    FUZZ_ASSERT(decode_expression(q, &got), "not a gnuplot string expression: %s", q);
    expected_text(src, &want);
    FUZZ_ASSERT(got.n == want.n && memcmp(got.s, want.s, got.n) == 0, "reads back as '%s', expected '%s'", got.s,
                want.s);
    free(got.s);
    free(want.s);

    /* the variable writer uses the same literal */
    char *written = NULL;
    size_t written_len = 0;
    FILE *f = open_memstream(&written, &written_len);
    FUZZ_ASSERT(f != NULL, "open_memstream: %s", strerror(errno));
    FUZZ_ASSERT(xd_gnuplot_write_string_var(f, "v", src) == XD_OK, "write_string_var failed");
    FUZZ_ASSERT(xd_gnuplot_write_string_var(f, "1bad", src) == XD_EOUTPUT, "bad name accepted");
    fclose(f);
    FUZZ_ASSERT(written_len == n + 5 && strncmp(written, "v = ", 4) == 0 && strncmp(written + 4, q, n) == 0 &&
                    written[n + 4] == '\n',
                "write_string_var wrote '%s'", written);
    free(written);
    free(q);
    free(src);
}

/* ---- fuzz_numbers -------------------------------------------------------------------- */

static const char *const superscripts[10] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                             "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};

/* Reads "M × 10ⁿ" (or "10ⁿ") back: the mantissa and the exponent; 0 if not of that form. */
static int read_sci(const char *s, xd_lang lang, double *mant, double *expo, int *has_mant)
{
    const char *times = strstr(s, " \u00d7 10");
    const char *p;
    *has_mant = times != NULL;
    *mant = 1;
    if (times) {
        char m[64];
        size_t n = (size_t)(times - s);
        if (n == 0 || n >= sizeof m)
            return 0;
        memcpy(m, s, n);
        m[n] = '\0';
        for (char *c = m; *c; c++)
            if (*c == ',' && lang == XD_LANG_ES)
                *c = '.';
        char *end;
        *mant = strtod(m, &end);
        if (*end || !(*mant >= 1 && *mant < 10))
            return 0;
        p = times + strlen(" \u00d7 10");
    } else {
        if (strncmp(s, "10", 2) != 0)
            return 0;
        p = s + 2;
    }
    int neg = strncmp(p, "\u207b", 3) == 0;
    if (neg)
        p += 3;
    char digits[400];
    size_t nd = 0;
    while (*p) {
        int k = 0;
        while (k < 10 && strncmp(p, superscripts[k], strlen(superscripts[k])) != 0)
            k++;
        if (k == 10 || nd + 1 >= sizeof digits)
            return 0;
        digits[nd++] = (char)('0' + k);
        p += strlen(superscripts[k]);
    }
    digits[nd] = '\0';
    double e = strtod(digits, NULL);
    *expo = neg ? -e : e;
    return nd > 0;
}

static void check_sci(xd_lang lang, double log10_value, int sig, size_t cap)
{
    char small[256], big[2048];
    if (cap > sizeof small)
        cap = sizeof small;
    xd_lang_sci(lang, small, cap, log10_value, sig);
    FUZZ_ASSERT(strlen(small) < cap, "sci overran %zu bytes", cap);
    FUZZ_ASSERT(printable(small), "sci is not printable: %s", small);
    xd_lang_sci(lang, big, sizeof big, log10_value, sig);
    FUZZ_ASSERT(printable(big) && *big, "sci of %.17g is not printable: %s", log10_value, big);
    FUZZ_ASSERT(strncmp(big, small, strlen(small)) == 0 || cap < 8, "cut short differs: '%s' / '%s'", small, big);
    /* a power of ten is positive: a minus is only ever the superscript one */
    FUZZ_ASSERT(strchr(big, '-') == NULL, "an ASCII minus in scientific notation: %s", big);
    if (isnan(log10_value) || log10_value == INFINITY) {
        FUZZ_ASSERT(strcmp(big, lang == XD_LANG_EN ? "n/a" : "n/d") == 0, "no value gives '%s'", big);
        return;
    }
    if (log10_value == -INFINITY) {
        FUZZ_ASSERT(strcmp(big, "0") == 0, "zero gives '%s'", big);
        return;
    }
    if (log10_value > -3 && log10_value < 15)
        return; /* a plain number, checked by the number checks */
    double m, e;
    int has_mant;
    FUZZ_ASSERT(read_sci(big, lang, &m, &e, &has_mant), "not M x 10^E: %s (log10 %.17g)", big, log10_value);
    int s = sig < 1 ? 1 : sig > 15 ? 15 : sig;
    /* the mantissa is rounded to s digits; the exponent is exact while the log
     * keeps a fraction */
    double slack = has_mant ? log10(1 + 0.5 * pow(10, 1 - s)) + fabs(log10_value) * 4e-16 + 1e-12 : 1.0;
    double got = e + log10(m);
    FUZZ_ASSERT(fabs(got - log10_value) <= slack, "%s reads as 10^%.17g, expected 10^%.17g", big, got, log10_value);
}

/* xd_lang_num read back: group separators dropped, the decimal mark a point. */
static void check_num(xd_lang lang, double v, int decimals)
{
    char buf[512];
    xd_lang_num(lang, buf, sizeof buf, v, decimals);
    FUZZ_ASSERT(printable(buf), "number is not printable: %s", buf);
    if (!isfinite(v)) {
        FUZZ_ASSERT(strcmp(buf, lang == XD_LANG_EN ? "n/a" : "n/d") == 0, "%g gives '%s'", v, buf);
        return;
    }
    if (fabs(v) >= 1e300)
        return;
    char dec = lang == XD_LANG_ES ? ',' : '.', group = lang == XD_LANG_ES ? '.' : ',';
    char plain[512];
    size_t o = 0;
    for (const char *p = buf; *p && o + 1 < sizeof plain; p++)
        if (*p != group)
            plain[o++] = *p == dec ? '.' : *p;
    plain[o] = '\0';
    char *end;
    double back = strtod(plain, &end);
    FUZZ_ASSERT(*end == '\0', "'%s' is not a number", buf);
    FUZZ_ASSERT(fabs(back - v) <= 0.5 * pow(10, -decimals) * (1 + 1e-9) + fabs(v) * 1e-15, "%.17g shown as %s", v,
                buf);
}

/* The documented forms, read independently of parse.c. */
static int digits_only(const char *s) { return *s && strspn(s, "0123456789") == strlen(s); }

static void check_parsers(const char *count, const char *level, const char *date, const char *range,
                          const char *decimal)
{
    long n;
    int ok = xd_parse_count(count, &n);
    int want = digits_only(count) && strlen(count) <= 10 && strtoll(count, NULL, 10) <= XD_COUNT_MAX;
    FUZZ_ASSERT(ok == want, "count '%s': parsed %d, expected %d", count, ok, want);
    if (ok)
        FUZZ_ASSERT(n == strtoll(count, NULL, 10), "count '%s' read as %ld", count, n);

    double v;
    ok = xd_parse_decimal(decimal, &v);
    const char *dot = strchr(decimal, '.');
    size_t whole = dot ? (size_t)(dot - decimal) : strlen(decimal);
    char w[64];
    want = whole > 0 && whole <= 10 && whole < sizeof w;
    if (want) {
        memcpy(w, decimal, whole);
        w[whole] = '\0';
        want = digits_only(w) && (!dot || digits_only(dot + 1));
    }
    FUZZ_ASSERT(ok == want, "decimal '%s': parsed %d, expected %d", decimal, ok, want);
    if (ok)
        FUZZ_ASSERT(v == strtod(decimal, NULL) && v >= 0, "decimal '%s' read as %g", decimal, v);

    ok = xd_parse_level(level, &v);
    double lv = 0;
    want = xd_parse_decimal(level, &lv) && lv > 0 && lv < 1;
    if (want && (dot = strchr(level, '.')) != NULL && strlen(dot) > 3)
        want = strspn(dot + 3, "0") == strlen(dot + 3);
    FUZZ_ASSERT(ok == want, "level '%s': parsed %d, expected %d", level, ok, want);
    if (ok)
        FUZZ_ASSERT(fabs(v * 100 - round(v * 100)) < 1e-9, "level '%s' is not in whole percents", level);

    int y, m, d;
    ok = xd_parse_date(date, &y, &m, &d);
    if (ok) {
        char back[16];
        snprintf(back, sizeof back, "%04d-%02d-%02d", y, m, d);
        FUZZ_ASSERT(strcmp(back, date) == 0, "date '%s' read as %s", date, back);
        FUZZ_ASSERT(y >= XD_YEAR_MIN && y <= XD_YEAR_MAX, "date '%s': year out of range", date);
        /* the day exists: one day later is the next day's number */
        long a = xd_days_from_civil(y, m, d);
        int ny = y, nm = m, nd = d + 1;
        if (nd > xd_days_in_month(y, m))
            nd = 1, nm++;
        if (nm > 12)
            nm = 1, ny++;
        FUZZ_ASSERT(xd_days_from_civil(ny, nm, nd) == a + 1, "date '%s' does not exist", date);
    } else if (strlen(date) == 10 && date[4] == '-' && date[7] == '-') {
        char part[5];
        int fine = 1;
        for (int i = 0; i < 10; i++)
            fine &= i == 4 || i == 7 || (date[i] >= '0' && date[i] <= '9');
        if (fine) {
            memcpy(part, date, 4), part[4] = '\0';
            y = atoi(part);
            m = atoi((char[]){date[5], date[6], 0});
            d = atoi((char[]){date[8], date[9], 0});
            FUZZ_ASSERT(y < XD_YEAR_MIN || y > XD_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
                            d > xd_days_in_month(y, m),
                        "date '%s' refused", date);
        }
    }

    int from, to;
    ok = xd_parse_year_range(range, &from, &to);
    if (ok)
        FUZZ_ASSERT(from <= to && from >= XD_YEAR_MIN && to <= XD_YEAR_MAX && strlen(range) == 9,
                    "range '%s' read as %d-%d", range, from, to);
    else if (strlen(range) == 9 && range[4] == '-') {
        char a[5] = {range[0], range[1], range[2], range[3], 0}, b[5] = {range[5], range[6], range[7], range[8], 0};
        if (digits_only(a) && digits_only(b)) {
            int ya = atoi(a), yb = atoi(b);
            FUZZ_ASSERT(ya > yb || ya < XD_YEAR_MIN || yb > XD_YEAR_MAX, "range '%s' refused", range);
        }
    }
}

static xd_dataset numbers_ds;
static int numbers_ds_state; /* 0 not tried, 1 loaded, -1 failed */

/* compare with the options that parsed, on the bundled dataset, every language */
static void numbers_compare(const char *count, const char *level, const char *date, const char *range)
{
    if (numbers_ds_state == 0) {
        xd_diags d;
        xd_diags_init(&d);
        numbers_ds_state = xd_dataset_load(XD_SOURCE_DIR "/datasets/mexico-us", &numbers_ds, &d) == XD_OK ? 1 : -1;
        xd_diags_free(&d);
    }
    if (numbers_ds_state != 1)
        return;
    xd_compare_options o = {.count = -1, .level = 0.95};
    if (!xd_parse_count(count, &o.count))
        return;
    xd_parse_level(level, &o.level);
    int y, m, dd;
    if (xd_parse_date(date, &y, &m, &dd))
        o.date = date;
    xd_parse_year_range(range, &o.from, &o.to);
    xd_diags d;
    xd_diags_init(&d);
    xd_compare c;
    memset(&c, 0, sizeof c);
    if (xd_compare_prepare(&numbers_ds, &o, &c, &d) == XD_OK) {
        FUZZ_ASSERT(c.log10_p_one_day <= 0 && !isnan(c.log10_p_one_day), "log10 p = %g", c.log10_p_one_day);
        const xd_rate_test *t[2] = {&c.with_transfers, &c.without_transfers};
        for (int i = 0; i < (c.year_kind == XD_YEAR_WITH_TREATY ? 2 : c.year_kind == XD_YEAR_NONE ? 0 : 1); i++) {
            FUZZ_ASSERT(t[i]->p_value >= 0 && t[i]->p_value <= 1, "rate test p = %g", t[i]->p_value);
            FUZZ_ASSERT(t[i]->log10_p_value <= 0, "rate test log10 p = %g", t[i]->log10_p_value);
            FUZZ_ASSERT(t[i]->ci.lo <= t[i]->ratio && t[i]->ratio <= t[i]->ci.hi, "ratio %g outside %g to %g",
                        t[i]->ratio, t[i]->ci.lo, t[i]->ci.hi);
        }
        static const xd_lang langs[] = {XD_LANG_EN, XD_LANG_ES, XD_LANG_ES_MX};
        for (size_t li = 0; li < 3; li++) {
            char *sent[16];
            size_t ns = xd_compare_sentences(&numbers_ds, &c, langs[li], sent, 16);
            for (size_t k = 0; k < ns; k++) {
                FUZZ_ASSERT(printable(sent[k]), "sentence is not printable: %s", sent[k]);
                FUZZ_ASSERT(!strstr(sent[k], "n/a") && !strstr(sent[k], "n/d") && !strstr(sent[k], "nan") &&
                                !strstr(sent[k], "inf"),
                            "a sentence without its figure: %s", sent[k]);
                free(sent[k]);
            }
        }
    }
    xd_compare_free(&c);
    check_diags(&d);
    xd_diags_free(&d);
}

void xd_fuzz_numbers(const uint8_t *data, size_t size)
{
    uint8_t head[11] = {0};
    memcpy(head, data, size < sizeof head ? size : sizeof head);
    double v;
    memcpy(&v, head, sizeof v);
    int sig = head[8] % 20 - 2, decimals = head[9] % 20;
    size_t cap = 1 + head[10] % 96;
    static const xd_lang langs[] = {XD_LANG_EN, XD_LANG_ES, XD_LANG_ES_MX};
    for (size_t li = 0; li < 3; li++) {
        check_sci(langs[li], v, sig, cap);
        check_sci(langs[li], log10(fabs(v)), sig, cap);
        check_num(langs[li], v, decimals);
        char pct[64];
        xd_lang_pct(langs[li], pct, sizeof pct, v, decimals % 4);
        FUZZ_ASSERT(printable(pct), "percentage is not printable: %s", pct);
    }

    /* the text: up to five lines */
    char *text = malloc(size > sizeof head ? size - sizeof head + 1 : 1);
    FUZZ_ASSERT(text != NULL, "out of memory");
    size_t tn = size > sizeof head ? size - sizeof head : 0;
    memcpy(text, data + (size > sizeof head ? sizeof head : size), tn);
    text[tn] = '\0';
    char *lines[5] = {"", "", "", "", ""};
    char *p = text;
    for (int i = 0; i < 5 && p; i++) {
        lines[i] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    check_parsers(lines[0], lines[1], lines[2], lines[3], lines[4]);
    numbers_compare(lines[0], lines[1], lines[2], lines[3]);
    free(text);
}

/* ---- by name ------------------------------------------------------------------------- */

int xd_fuzz_run(const char *target, const uint8_t *data, size_t size)
{
    int kind = xd_fuzz_kind_of(target);
    if (kind >= 0)
        xd_fuzz_dataset((enum xd_fuzz_kind)kind, data, size);
    else if (strcmp(target, "csv") == 0)
        xd_fuzz_csv(data, size);
    else if (strcmp(target, "check") == 0)
        xd_fuzz_check(data, size);
    else if (strcmp(target, "quote") == 0)
        xd_fuzz_quote(data, size);
    else if (strcmp(target, "numbers") == 0)
        xd_fuzz_numbers(data, size);
    else if (strcmp(target, "html") == 0)
        xd_fuzz_html(data, size);
    else
        return -1;
    return 0;
}
