/* extrad chart: every chart in every format from the bundled dataset, the texts in each
 * language, data text that must never run, a missing or failing gnuplot, --keep, and
 * the scripts' area mode that the report uses. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis.h"
#include "chart.h"
#include "dataset.h"
#include "gnuplot.h"
#include "helpers.h"
#include "lang.h"

extern char **environ;

static char *dir;
static char tmpdir_env[PATH_MAX + 16];

static void setup(void)
{
    dir = xd_tempdir();
    cr_assert(dir != NULL);
    /* extrad's own temporary folders go here, so that a test can see none is left */
    char t[PATH_MAX];
    snprintf(t, sizeof t, "%s/tmp", dir);
    cr_assert_eq(mkdir(t, 0700), 0);
    snprintf(tmpdir_env, sizeof tmpdir_env, "TMPDIR=%s", t);
    unsetenv("EXTRAD_GNUPLOT");
    unsetenv("EXTRAD_PLOTS");
    unsetenv("EXTRAD_DATA");
}

static void teardown(void)
{
    xd_rmtree(dir);
    free(dir);
}

static char *path_in(const char *name) { return xd_path_join(dir, name); }

/* Runs extrad with TMPDIR inside the test folder (and any extra environment). */
static xd_run run(const char *const *args, const char *extra_env)
{
    const char *env[] = {tmpdir_env, extra_env, NULL};
    return xd_run_cli(args, env);
}

static size_t count_entries(const char *folder)
{
    DIR *dp = opendir(folder);
    cr_assert(dp, "cannot open %s", folder);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(dp);
    return n;
}

static void assert_no_temp_left(void)
{
    cr_assert_eq(count_entries(path_in("tmp")), 0, "a temporary folder was left in TMPDIR");
}

/* Runs a program found on PATH and returns what it printed on stdout ("" on failure). */
static char *capture(const char *const *argv, int *status)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    out[0] = '\0';
    if (rc == 0) {
        ssize_t got;
        char buf[4096];
        while ((got = read(p[0], buf, sizeof buf)) > 0) {
            if (len + (size_t)got + 1 > cap) {
                cap = (len + (size_t)got + 1) * 2;
                out = realloc(out, cap);
            }
            memcpy(out + len, buf, (size_t)got);
            len += (size_t)got;
            out[len] = '\0';
        }
        int ws;
        waitpid(pid, &ws, 0);
        if (status)
            *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
    } else if (status) {
        *status = 127;
    }
    close(p[0]);
    return out;
}

/* pdftotext's words joined by single spaces, so that wrapped lines still match. */
static char *pdf_text(const char *pdf)
{
    const char *argv[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    int st;
    char *t = capture(argv, &st);
    cr_assert_eq(st, 0, "pdftotext failed on %s", pdf);
    char *o = t;
    int space = 0;
    for (char *p = t; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\r') {
            space = 1;
            continue;
        }
        if (space && o != t)
            *o++ = ' ';
        space = 0;
        *o++ = *p;
    }
    *o = '\0';
    return t;
}

static int pdf_pages(const char *pdf, double *w_pt, double *h_pt)
{
    const char *argv[] = {"pdfinfo", pdf, NULL};
    int st;
    char *t = capture(argv, &st);
    cr_assert_eq(st, 0, "pdfinfo failed on %s", pdf);
    int pages = -1;
    const char *p = strstr(t, "Pages:");
    if (p)
        pages = atoi(p + 6);
    p = strstr(t, "Page size:");
    if (p && w_pt && h_pt)
        sscanf(p + 10, "%lf x %lf", w_pt, h_pt);
    free(t);
    return pages;
}

static void png_size(const char *png, unsigned *w, unsigned *h)
{
    size_t len;
    unsigned char *b = (unsigned char *)xd_slurp(png, &len);
    cr_assert(b && len > 33, "%s: not a PNG", png);
    cr_assert(memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0, "%s: no PNG signature", png);
    cr_assert(memcmp(b + 12, "IHDR", 4) == 0, "%s: no IHDR first", png);
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
    free(b);
}

/* The text nodes of an SVG, XML entities resolved, one per line. Fails on markup
 * characters that were not escaped. */
static char *svg_texts(const char *svg)
{
    char *out = malloc(strlen(svg) + 2);
    size_t n = 0;
    for (const char *p = svg; (p = strstr(p, "<text"));) {
        p = strchr(p, '>');
        cr_assert(p);
        p++;
        const char *end = strstr(p, "</text>");
        cr_assert(end, "unterminated <text>");
        for (const char *q = p; q < end; q++) {
            if (*q == '<') { /* a <tspan ...> inside: skip the tag */
                const char *close = strchr(q, '>');
                cr_assert(close);
                q = close;
                continue;
            }
            static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                                 {"&quot;", "\""}, {"&apos;", "'"}};
            int done = 0;
            for (size_t i = 0; i < 5 && !done; i++) {
                size_t el = strlen(ent[i][0]);
                if (strncmp(q, ent[i][0], el) == 0) {
                    out[n++] = ent[i][1][0];
                    q += el - 1;
                    done = 1;
                }
            }
            if (!done) {
                cr_assert(*q != '&', "unescaped & in SVG text");
                out[n++] = *q;
            }
        }
        out[n++] = '\n';
        p = end;
    }
    out[n] = '\0';
    return out;
}

/* The SVG's text nodes joined by single spaces (wrapped lines become one text). */
static char *svg_joined(const char *path)
{
    char *svg = xd_slurp(path, NULL);
    cr_assert(svg, "cannot read %s", path);
    char *t = svg_texts(svg);
    for (char *p = t; *p; p++)
        if (*p == '\n')
            *p = ' ';
    free(svg);
    return t;
}

static void assert_svg(const char *path)
{
    size_t len;
    char *s = xd_slurp(path, &len);
    cr_assert(s && len > 100, "%s is empty", path);
    cr_assert(strncmp(s, "<?xml", 5) == 0 || strncmp(s, "<svg", 4) == 0, "%s: not XML", path);
    size_t e = len;
    while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == ' ' || s[e - 1] == '\r'))
        e--;
    cr_assert(e >= 6 && strncmp(s + e - 6, "</svg>", 6) == 0, "%s does not end with </svg>", path);
    /* as many closing as opening <text> */
    size_t open_n = 0, close_n = 0;
    for (const char *p = s; (p = strstr(p, "<text")); p++)
        open_n++;
    for (const char *p = s; (p = strstr(p, "</text>")); p++)
        close_n++;
    cr_assert_eq(open_n, close_n, "%s: unbalanced <text>", path);
    free(s);
}

static void assert_pdf(const char *path)
{
    size_t len;
    char *s = xd_slurp(path, &len);
    cr_assert(s && len > 100, "%s is empty", path);
    cr_assert(strncmp(s, "%PDF-", 5) == 0, "%s: not a PDF", path);
    free(s);
    cr_assert_eq(pdf_pages(path, NULL, NULL), 1, "%s: not one page", path);
}

static const char *const kinds[] = {"comparison", "annual", "pace", "trend"};

/* The title's first line as strings.gp holds it, without the quotes. */
static char *title_of(const char *keep, const char *kind)
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/%s/strings.gp", keep, kind);
    char *s = xd_slurp(p, NULL);
    cr_assert(s, "no %s", p);
    char *t = strstr(s, "title_1 = '");
    cr_assert(t, "no title in %s", p);
    t += strlen("title_1 = '");
    char *end = strstr(t, "'\n");
    cr_assert(end);
    *end = '\0';
    /* '' is one quote */
    char *o = t;
    for (char *q = t; *q; q++) {
        *o++ = *q;
        if (q[0] == '\'' && q[1] == '\'')
            q++;
    }
    *o = '\0';
    char *r = strdup(t);
    free(s);
    return r;
}

TestSuite(chart, .init = setup, .fini = teardown);

/* ---- every chart, every format -------------------------------------------------------- */

Test(chart, every_kind_in_every_format)
{
    static const char *const fmts[] = {"pdf", "png", "svg"};
    for (size_t k = 0; k < 4; k++) {
        for (size_t f = 0; f < 3; f++) {
            char out[PATH_MAX], keep[PATH_MAX];
            snprintf(out, sizeof out, "%s/%s.%s", dir, kinds[k], fmts[f]);
            snprintf(keep, sizeof keep, "%s/keep-%s-%s", dir, kinds[k], fmts[f]);
            const char *args[] = {"chart", kinds[k], "-o", out, "--keep", keep, NULL};
            xd_run r = run(args, NULL);
            cr_assert_eq(r.status, 0, "%s %s: exit %d: %s", kinds[k], fmts[f], r.status, r.err);
            cr_assert_str_eq(r.err, "", "%s %s printed: %s", kinds[k], fmts[f], r.err);
            if (f == 0) {
                assert_pdf(out);
                double w, h;
                pdf_pages(out, &w, &h);
                /* 17 x 10.5 cm */
                cr_assert(w > 480 && w < 483 && h > 296 && h < 299, "%s: page %g x %g pt", out, w, h);
            } else if (f == 1) {
                unsigned w, h;
                png_size(out, &w, &h);
                cr_assert_eq(w, 1200);
                cr_assert_eq(h, 675);
            } else {
                assert_svg(out);
                char *texts = svg_joined(out);
                char *title = title_of(keep, kinds[k]);
                cr_assert(strstr(texts, title), "%s: SVG text lacks the title '%s'", out, title);
                free(title);
                free(texts);
            }
            xd_run_free(&r);
        }
    }
    assert_no_temp_left();
}

Test(chart, all_in_one_run_into_a_folder)
{
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/charts/", dir);
    const char *args[] = {"chart", "all", "-o", out, "--format", "png", "--size", "800x450", NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    for (size_t k = 0; k < 4; k++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/charts/%s.png", dir, kinds[k]);
        unsigned w, h;
        png_size(p, &w, &h);
        cr_assert_eq(w, 800, "%s", p);
        cr_assert_eq(h, 450, "%s", p);
    }
    cr_assert_eq(count_entries(path_in("charts")), 4);
    xd_run_free(&r);

    /* pdf by default, and the size in centimetres */
    const char *args2[] = {"chart", "comparison", "trend", "-o", path_in("pdfs/"), "--size", "21x12", NULL};
    r = run(args2, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    double w, h;
    cr_assert_eq(pdf_pages(path_in("pdfs/trend.pdf"), &w, &h), 1);
    cr_assert(w > 594 && w < 597 && h > 339 && h < 342, "page %g x %g pt", w, h);
    assert_pdf(path_in("pdfs/comparison.pdf"));
    xd_run_free(&r);
    assert_no_temp_left();
}

Test(chart, comparison_pdf_shows_the_figures_and_sources)
{
    const char *out = path_in("c.pdf");
    const char *args[] = {"chart", "comparison", "-o", out, NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *t = pdf_text(out);
    cr_assert(strstr(t, "One day's handover equals 45% of an average year of extraditions"), "%s", t);
    cr_assert(strstr(t, "29"), "%s", t);
    cr_assert(strstr(t, "65"), "%s", t);
    cr_assert(strstr(t, "58.1 to 72.5"), "the interval: %s", t);
    cr_assert(strstr(t, "reported"), "computed or reported: %s", t);
    cr_assert(strstr(t, "about 163 days' worth"), "%s", t);
    cr_assert(strstr(t, "Sources: Reuters (March 2025), text reposted by thewatch-journal.com; "
                        "U.S. Department of Justice press release (2025-02-27) via EIN Presswire."),
              "source line: %s", t);
    free(t);
    xd_run_free(&r);
}

Test(chart, every_chart_says_what_it_shows)
{
    static const char *const expect[][4] = {
        {"comparison", "Average year 2019–2023", "27 February 2025", "People"},
        {"annual", "No data: no sourced figure", "27 Feb 2025: 29", "Another source's figure, not used (2008: 85)"},
        {"pace", "27 Feb: 29", "12 Aug: +26 = 55", "No sourced count of treaty extraditions exists for 2025"},
        /* the joinpoint model speaks: a rise, a turn in 2009, a fall; no straight whole-period rise */
        {"trend", "Treaty extraditions rose about 27% a year from 2000 to 2009, then fell about 7.2% a year to 2021",
         "turns in 2009", "2009–2021, −7.2% a year (95% interval −8.7% to −5.6%)"},
    };
    for (size_t k = 0; k < 4; k++) {
        char out[PATH_MAX];
        snprintf(out, sizeof out, "%s/%s.pdf", dir, expect[k][0]);
        const char *args[] = {"chart", expect[k][0], "-o", out, NULL};
        xd_run r = run(args, NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        char *t = pdf_text(out);
        for (size_t i = 1; i < 4; i++)
            cr_assert(strstr(t, expect[k][i]), "%s lacks '%s':\n%s", expect[k][0], expect[k][i], t);
        cr_assert(strstr(t, "Source"), "%s has no source line", expect[k][0]);
        free(t);
        xd_run_free(&r);
    }
}

/* ---- languages ------------------------------------------------------------------------- */

Test(chart, spanish_texts_and_decimal_comma)
{
    static const char *const expect[][3] = {
        {"comparison", "La entrega de un solo día equivale al 45 % de un año promedio de extradiciones",
         "intervalo al 95 %: 58,1 a 72,5"},
        {"annual", "Sin datos: ninguna cifra con fuente", "27 feb 2025: 29"},
        {"pace", "Mes de 2025", "12 ago: +26 = 55"},
        {"trend", "y luego cayeron alrededor de un 7,2 % al año hasta 2021", "Año calendario"},
    };
    static const char *const english[] = {"People",      "Sources:",        "Calendar year", "Month of",
                                          "average year", "No data", "confidence band", "Poisson fit",
                                          "cumulative",  "reported mean",   " a year"};
    for (size_t k = 0; k < 4; k++) {
        char out[PATH_MAX], keep[PATH_MAX];
        snprintf(out, sizeof out, "%s/%s-es.pdf", dir, expect[k][0]);
        snprintf(keep, sizeof keep, "%s/keep-es", dir);
        const char *args[] = {"chart", expect[k][0], "-o", out, "--lang", "es", "--keep", keep, NULL};
        xd_run r = run(args, NULL);
        cr_assert_eq(r.status, 0, "%s", r.err);
        char *t = pdf_text(out);
        cr_assert(strstr(t, expect[k][1]), "%s lacks '%s':\n%s", expect[k][0], expect[k][1], t);
        cr_assert(strstr(t, expect[k][2]), "%s lacks '%s':\n%s", expect[k][0], expect[k][2], t);
        cr_assert(strstr(t, "Fuente"), "%s: no Spanish source line", expect[k][0]);
        for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
            cr_assert(!strstr(t, english[i]), "%s (es) shows English '%s':\n%s", expect[k][0], english[i], t);
        free(t);
        /* the decimal comma reaches gnuplot's own number formatting too */
        char p[PATH_MAX + 64];
        snprintf(p, sizeof p, "%s/%s/strings.gp", keep, expect[k][0]);
        char *s = xd_slurp(p, NULL);
        cr_assert(strstr(s, "decimal_sign = ','"), "%s", s);
        free(s);
        xd_run_free(&r);
    }

    /* es-MX: Spanish words, decimal point */
    const char *out = path_in("mx.pdf");
    const char *args[] = {"chart", "comparison", "-o", out, "--lang", "es-MX", "--keep", path_in("keep-mx"), NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *t = pdf_text(out);
    cr_assert(strstr(t, "intervalo al 95 %: 58.1 a 72.5"), "%s", t);
    cr_assert(strstr(t, "Fuentes:"), "%s", t);
    free(t);
    char *s = xd_slurp(path_in("keep-mx/comparison/strings.gp"), NULL);
    cr_assert(strstr(s, "decimal_sign = '.'"), "%s", s);
    free(s);
    xd_run_free(&r);
}

Test(chart, catalogue_has_every_chart_text_in_both_languages)
{
    for (size_t i = 0; i < xd_text_count(); i++) {
        const xd_text_entry *e = xd_text_at(i);
        if (strncmp(e->key, "chart.", 6) != 0)
            continue;
        cr_assert(*e->en && *e->es, "%s: empty text", e->key);
        size_t ne = 0, ns = 0;
        for (const char *p = e->en; (p = strstr(p, "%s")); p++)
            ne++;
        for (const char *p = e->es; (p = strstr(p, "%s")); p++)
            ns++;
        cr_assert_eq(ne, ns, "%s: %zu %%s in English, %zu in Spanish", e->key, ne, ns);
        for (const char *p = e->en; (p = strchr(p, '%')); p++) {
            if (p[1] == 's') {
                p++;
                continue;
            }
            cr_assert(0, "%s: a conversion other than %%s", e->key);
        }
    }
}

/* ---- data text --------------------------------------------------------------------------- */

static void copy_dataset(const char *to)
{
    static const char *const files[] = {"annual.csv", "aggregates.csv", "transfers.csv", "sources.csv", "meta.csv"};
    cr_assert_eq(mkdir(to, 0700), 0);
    for (size_t i = 0; i < 5; i++) {
        char from[PATH_MAX], dst[PATH_MAX];
        snprintf(from, sizeof from, "%s/%s", XD_DATASET, files[i]);
        snprintf(dst, sizeof dst, "%s/%s", to, files[i]);
        char *s = xd_slurp(from, NULL);
        cr_assert(s, "%s", from);
        xd_write_file(dst, s);
        free(s);
    }
}

/* A CSV field holding text, quoted as RFC 4180 wants. */
static void csv_quoted(char *dst, size_t cap, const char *text)
{
    size_t n = 0;
    dst[n++] = '"';
    for (const char *p = text; *p && n + 3 < cap; p++) {
        if (*p == '"')
            dst[n++] = '"';
        dst[n++] = *p;
    }
    dst[n++] = '"';
    dst[n] = '\0';
}

/* Rewrites a CSV of the copied dataset, putting value (already CSV-quoted) into every
 * column named in cols; the other fields are written back quoted. */
static void fill_columns(const char *path, const char *const *cols, size_t ncols, const char *value)
{
    char *s = xd_slurp(path, NULL);
    cr_assert(s);
    size_t cap = strlen(s) * 4 + strlen(value) * 4096 + 65536;
    char *out = malloc(cap);
    size_t o = 0, col = 0, fl = 0;
    int header = 1, quoted = 0, fill[64] = {0};
    char *field = malloc(strlen(s) + 1);
    const char *p = s;
    while (*p) {
        /* one field */
        fl = 0;
        quoted = 0;
        if (*p == '"') {
            quoted = 1;
            p++;
        }
        for (;;) {
            if (quoted && *p == '"' && p[1] == '"') {
                field[fl++] = '"';
                p += 2;
            } else if (quoted && *p == '"') {
                quoted = 0;
                p++;
            } else if (!*p || (!quoted && (*p == ',' || *p == '\n'))) {
                break;
            } else {
                field[fl++] = *p++;
            }
        }
        field[fl] = '\0';
        if (header)
            for (size_t i = 0; i < ncols; i++)
                if (strcmp(field, cols[i]) == 0)
                    fill[col] = 1;
        if (col)
            out[o++] = ',';
        if (!header && fill[col]) {
            o += (size_t)snprintf(out + o, cap - o, "%s", value);
        } else {
            out[o++] = '"';
            for (const char *q = field; *q; q++) {
                if (*q == '"')
                    out[o++] = '"';
                out[o++] = *q;
            }
            out[o++] = '"';
        }
        col++;
        if (*p == ',') {
            p++;
            continue;
        }
        /* end of the row */
        out[o++] = '\n';
        header = 0;
        col = 0;
        if (*p == '\n')
            p++;
    }
    out[o] = '\0';
    xd_write_file(path, out);
    free(field);
    free(out);
    free(s);
}

Test(chart, data_text_is_drawn_literally_and_never_runs)
{
    char canary[64];
    snprintf(canary, sizeof canary, "/tmp/xdc-%ld", (long)getpid());
    unlink(canary);
    char payload[1024];
    snprintf(payload, sizeof payload,
             "`touch %s` system(\"touch %s\") @evil ' \" \\ <b>&amp;\nEOD _x^2 %%s Cártel de Jalisco Nueva "
             "Generación",
             canary, canary);
    char quoted[2048];
    csv_quoted(quoted, sizeof quoted, payload);
    /* how it must look: the line break drawn as a space */
    char shown[1024];
    snprintf(shown, sizeof shown, "%s", payload);
    for (char *p = shown; *p; p++)
        if (*p == '\n')
            *p = ' ';

    const char *ds = path_in("ds");
    copy_dataset(ds);
    char p[PATH_MAX];
    /* the Spanish twins too: --lang es draws them */
    static const char *const tcols[] = {"mechanism", "label", "note", "mechanism_es", "label_es", "note_es"};
    snprintf(p, sizeof p, "%s/transfers.csv", ds);
    fill_columns(p, tcols, 6, quoted);
    static const char *const scols[] = {"name", "quote", "url", "name_es"};
    snprintf(p, sizeof p, "%s/sources.csv", ds);
    fill_columns(p, scols, 4, quoted);
    static const char *const ncols[] = {"note", "note_es"};
    snprintf(p, sizeof p, "%s/annual.csv", ds);
    fill_columns(p, ncols, 2, quoted);
    snprintf(p, sizeof p, "%s/aggregates.csv", ds);
    fill_columns(p, ncols, 2, quoted);
    /* meta: every text value (the measure's label is drawn in subtitles) */
    char meta[16384];
    snprintf(meta, sizeof meta,
             "key,value\nname,mexico-us\ntitle,%s\ntitle_es,%s\nfrom_country,%s\nto_country,%s\n"
             "main_measure_label,%s\nmain_measure_label_es,%s\nbaseline,2019-2023\nevent,2025-02-27\n",
             quoted, quoted, quoted, quoted, quoted, quoted);
    snprintf(p, sizeof p, "%s/meta.csv", ds);
    xd_write_file(p, meta);

    static const char *const fmts[] = {"svg", "pdf", "png"};
    static const char *const langs[] = {"en", "es"};
    for (size_t l = 0; l < 2; l++) {
        for (size_t f = 0; f < 3; f++) {
            char out[PATH_MAX];
            snprintf(out, sizeof out, "%s/inj-%s-%s/", dir, langs[l], fmts[f]);
            const char *args[] = {"chart", "all", "-o", out, "--format", fmts[f], "--dataset", ds, "--lang",
                                  langs[l], NULL};
            xd_run r = run(args, NULL);
            cr_assert_eq(r.status, 0, "%s %s: exit %d: %s", langs[l], fmts[f], r.status, r.err);
            cr_assert_neq(access(canary, F_OK), 0, "a data text ran a command");
            xd_run_free(&r);
        }
        /* every text column that a chart draws shows the payload as written */
        char svg[PATH_MAX];
        snprintf(svg, sizeof svg, "%s/inj-%s-svg/comparison.svg", dir, langs[l]);
        char *texts = svg_joined(svg);
        size_t found = 0;
        for (const char *q = texts; (q = strstr(q, shown)); q++)
            found++;
        /* measure label (subtitle), label, mechanism, and the two source names */
        cr_assert_geq(found, 5, "payload shown %zu times in:\n%s", found, texts);
        free(texts);
        for (size_t k = 1; k < 4; k++) {
            snprintf(svg, sizeof svg, "%s/inj-%s-svg/%s.svg", dir, langs[l], kinds[k]);
            texts = svg_joined(svg);
            cr_assert(strstr(texts, shown), "%s: the payload is not drawn as written:\n%s", svg, texts);
            free(texts);
        }
        /* and in the PDF, as text */
        char pdf[PATH_MAX];
        snprintf(pdf, sizeof pdf, "%s/inj-%s-pdf/comparison.pdf", dir, langs[l]);
        char *t = pdf_text(pdf);
        cr_assert(strstr(t, "Cártel de Jalisco Nueva Generación"), "%s", t);
        free(t);
    }
    cr_assert_neq(access(canary, F_OK), 0);
    assert_no_temp_left();
}

Test(chart, spanish_names_are_drawn)
{
    const char *ds = path_in("ds");
    copy_dataset(ds);
    char p[PATH_MAX];
    static const char *const cols[] = {"label"};
    snprintf(p, sizeof p, "%s/transfers.csv", ds);
    fill_columns(p, cols, 1, "\"José Ángel Canobbio, Cártel de Jalisco Nueva Generación\"");
    const char *args[] = {"chart", "comparison", "-o", path_in("n.svg"), "--dataset", ds, NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *texts = svg_joined(path_in("n.svg"));
    cr_assert(strstr(texts, "José Ángel Canobbio, Cártel de Jalisco Nueva Generación"), "%s", texts);
    free(texts);
    xd_run_free(&r);
    const char *args2[] = {"chart", "comparison", "-o", path_in("n.pdf"), "--dataset", ds, NULL};
    r = run(args2, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *t = pdf_text(path_in("n.pdf"));
    cr_assert(strstr(t, "José Ángel Canobbio, Cártel de Jalisco Nueva Generación"), "%s", t);
    free(t);
    xd_run_free(&r);
}

/* ---- gnuplot missing or failing -------------------------------------------------------------- */

Test(chart, missing_gnuplot_exits_4_and_other_commands_work)
{
    const char *empty = path_in("bin");
    cr_assert_eq(mkdir(empty, 0700), 0);
    char path_env[PATH_MAX + 8];
    snprintf(path_env, sizeof path_env, "PATH=%s", empty);
    const char *args[] = {"chart", "comparison", "-o", path_in("c.pdf"), NULL};
    xd_run r = run(args, path_env);
    cr_assert_eq(r.status, 4, "exit %d: %s", r.status, r.err);
    cr_assert(strstr(r.err, "gnuplot"), "%s", r.err);
    cr_assert(strstr(r.err, "apt-get install gnuplot-nox"), "no install hint: %s", r.err);
    cr_assert_neq(access(path_in("c.pdf"), F_OK), 0);
    xd_run_free(&r);

    static const char *const others[][3] = {{"compare", NULL, NULL}, {"summary", NULL, NULL}, {"trend", NULL, NULL},
                                            {"check", NULL, NULL}};
    for (size_t i = 0; i < 4; i++) {
        r = run(others[i], path_env);
        cr_assert(r.status == 0, "%s without gnuplot: exit %d: %s", others[i][0], r.status, r.err);
        xd_run_free(&r);
    }
    assert_no_temp_left();
}

static void copy_plots(const char *to)
{
    static const char *const files[] = {"style.gp", "comparison.gp", "annual.gp", "pace.gp", "trend.gp"};
    cr_assert_eq(mkdir(to, 0700), 0);
    for (size_t i = 0; i < 5; i++) {
        char from[PATH_MAX], dst[PATH_MAX];
        snprintf(from, sizeof from, "%s/plots/%s", XD_SOURCE_DIR, files[i]);
        snprintf(dst, sizeof dst, "%s/%s", to, files[i]);
        char *s = xd_slurp(from, NULL);
        cr_assert(s, "%s", from);
        xd_write_file(dst, s);
        free(s);
    }
}

static void append(const char *path, const char *text)
{
    char *s = xd_slurp(path, NULL);
    cr_assert(s);
    size_t n = strlen(s) + strlen(text) + 1;
    char *t = malloc(n);
    snprintf(t, n, "%s%s", s, text);
    xd_write_file(path, t);
    free(t);
    free(s);
}

Test(chart, failing_script_exits_5_and_keeps_the_old_output)
{
    const char *plots = path_in("plots");
    copy_plots(plots);
    char env[PATH_MAX + 16];
    snprintf(env, sizeof env, "EXTRAD_PLOTS=%s", plots);
    const char *outdir = path_in("out");
    cr_assert_eq(mkdir(outdir, 0700), 0);
    const char *old = "an existing chart\n";
    xd_write_file(path_in("out/c.png"), old);

    /* an error, and then only a warning: both fail and name the script */
    static const char *const breaks[] = {"set foo bar\n", "plot x, '/dev/null'\n"};
    for (size_t i = 0; i < 2; i++) {
        char script[PATH_MAX];
        snprintf(script, sizeof script, "%s/comparison.gp", plots);
        char *orig = xd_slurp(script, NULL);
        append(script, breaks[i]);
        const char *args[] = {"chart", "comparison", "-o", path_in("out/c.png"), NULL};
        xd_run r = run(args, env);
        cr_assert_eq(r.status, 5, "%s: exit %d: %s", breaks[i], r.status, r.err);
        cr_assert(strstr(r.err, "comparison.gp"), "the script is not named: %s", r.err);
        char *now = xd_slurp(path_in("out/c.png"), NULL);
        cr_assert_str_eq(now, old, "the existing output changed");
        free(now);
        cr_assert_eq(count_entries(outdir), 1, "temporary files left beside the output");
        xd_run_free(&r);
        xd_write_file(script, orig);
        free(orig);
    }

    /* several charts into a folder: none is written when one fails */
    char script[PATH_MAX];
    snprintf(script, sizeof script, "%s/trend.gp", plots);
    append(script, "set foo bar\n");
    const char *args[] = {"chart", "all", "-o", path_in("out/"), "--format", "svg", NULL};
    xd_run r = run(args, env);
    cr_assert_eq(r.status, 5, "exit %d: %s", r.status, r.err);
    cr_assert(strstr(r.err, "trend.gp"), "%s", r.err);
    cr_assert_eq(count_entries(outdir), 1, "outputs or temporary files left");
    xd_run_free(&r);

    /* the scripts fixed, the old file is replaced */
    copy_plots(path_in("plots2"));
    snprintf(env, sizeof env, "EXTRAD_PLOTS=%s", path_in("plots2"));
    const char *args2[] = {"chart", "comparison", "-o", path_in("out/c.png"), NULL};
    r = run(args2, env);
    cr_assert_eq(r.status, 0, "%s", r.err);
    unsigned w, h;
    png_size(path_in("out/c.png"), &w, &h);
    cr_assert_eq(w, 1200);
    xd_run_free(&r);
    assert_no_temp_left();
}

/* ---- --keep --------------------------------------------------------------------------------- */

Test(chart, keep_leaves_a_folder_that_draws_again)
{
    const char *keep = path_in("keep");
    const char *args[] = {"chart", "comparison", "pace", "-o", path_in("out/"), "--format", "png", "--keep", keep,
                          NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    static const char *const files[] = {"render.gp",       "render.sh",         "command.txt",
                                        "style.gp",        "comparison.gp",     "pace.gp",
                                        "comparison/strings.gp", "comparison/values.gp", "comparison/bars.tsv",
                                        "pace/strings.gp", "pace/cumulative.tsv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", keep, files[i]);
        cr_assert_eq(access(p, R_OK), 0, "--keep lacks %s", files[i]);
    }
    /* the exact command: gnuplot -d -c render.gp and the two outputs */
    char *cmd = xd_slurp(path_in("keep/command.txt"), NULL);
    cr_assert(strstr(cmd, "gnuplot -d -c "), "%s", cmd);
    cr_assert(strstr(cmd, "/render.gp "), "%s", cmd);
    cr_assert(strstr(cmd, ".png"), "%s", cmd);
    free(cmd);
    struct stat st;
    cr_assert_eq(stat(path_in("keep/render.sh"), &st), 0);
    cr_assert(st.st_mode & S_IXUSR, "render.sh is not executable");

    /* render.sh, by default into the folder */
    const char *sh[] = {"sh", path_in("keep/render.sh"), NULL};
    int status;
    free(capture(sh, &status));
    cr_assert_eq(status, 0, "render.sh failed");
    unsigned w, h;
    png_size(path_in("keep/comparison.png"), &w, &h);
    cr_assert_eq(w, 1200);
    cr_assert_eq(h, 675);
    png_size(path_in("keep/pace.png"), &w, &h);
    cr_assert_eq(w, 1200);

    /* or to files of one's choosing, from a folder moved elsewhere */
    cr_assert_eq(rename(keep, path_in("moved")), 0);
    const char *sh2[] = {"sh", path_in("moved/render.sh"), path_in("a.png"), path_in("b.png"), NULL};
    free(capture(sh2, &status));
    cr_assert_eq(status, 0, "render.sh with outputs failed");
    png_size(path_in("a.png"), &w, &h);
    cr_assert_eq(w, 1200);
    png_size(path_in("b.png"), &w, &h);
    cr_assert_eq(h, 675);

    /* and one chart script alone, as its header says */
    const char *gp[] = {"gnuplot", "-d", "-c", path_in("moved/comparison.gp"), path_in("moved/comparison"),
                        path_in("alone.pdf"), "pdf", "", NULL};
    free(capture(gp, &status));
    cr_assert_eq(status, 0);
    assert_pdf(path_in("alone.pdf"));
}

/* ---- usage ---------------------------------------------------------------------------------- */

Test(chart, usage_errors_exit_2)
{
    static const char *const cases[][10] = {
        {"chart", NULL},
        {"chart", "comparison", NULL},
        {"chart", "bars", "-o", "x.pdf", NULL},
        {"chart", "comparison", "annual", "-o", "x.pdf", NULL},
        {"chart", "all", "-o", "x.pdf", NULL},
        {"chart", "comparison", "-o", "x.jpg", NULL},
        {"chart", "comparison", "-o", "x.pdf", "--format", "png", NULL},
        {"chart", "comparison", "-o", "x.png", "--size", "12x", NULL},
        {"chart", "comparison", "-o", "x.png", "--size", "1200.5x675", NULL},
        {"chart", "comparison", "-o", "x.pdf", "--lang", "fr", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xd_run r = run(cases[i], NULL);
        cr_assert_eq(r.status, 2, "case %zu: exit %d: %s", i, r.status, r.err);
        xd_run_free(&r);
    }
    const char *help[] = {"chart", "--help", NULL};
    xd_run r = run(help, NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "--keep"), "%s", r.out);
    xd_run_free(&r);
}

Test(chart, names_and_scripts)
{
    for (int k = 0; k < XD_CHART_COUNT; k++) {
        xd_chart_kind got;
        cr_assert(xd_chart_parse(xd_chart_name((xd_chart_kind)k), &got));
        cr_assert_eq((int)got, k);
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/plots/%s", XD_SOURCE_DIR, xd_chart_script((xd_chart_kind)k));
        cr_assert_eq(access(p, R_OK), 0, "%s", p);
    }
    xd_chart_kind k;
    cr_assert(!xd_chart_parse("all", &k));
    cr_assert(!xd_chart_parse("", &k));
}

/* ---- area mode (the report draws charts inside its pages) ------------------------------------ */

Test(chart, scripts_draw_inside_an_area_and_leave_nothing_behind)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK);
    xd_compare_options o = {.count = -1, .level = 0.95};
    xd_analysis a;
    cr_assert_eq(xd_analysis_run(&ds, &o, XD_LANG_ES, &a, &d), XD_OK);
    for (int k = 0; k < XD_CHART_COUNT; k++) {
        char sub[PATH_MAX];
        snprintf(sub, sizeof sub, "%s/%s", dir, xd_chart_name((xd_chart_kind)k));
        cr_assert_eq(mkdir(sub, 0700), 0);
        cr_assert_eq(xd_chart_write_data((xd_chart_kind)k, &a, sub, &d), XD_OK);
    }
    /* a page with the four charts in its quarters, as a report driver would call them */
    char drv[8192];
    int n = snprintf(drv, sizeof drv,
                     "set terminal pdfcairo size 21cm, 29.7cm font 'DejaVu Sans,10' fontscale 0.6\n"
                     "set output '%s/page.pdf'\nset multiplot\n",
                     dir);
    for (int k = 0; k < XD_CHART_COUNT; k++)
        n += snprintf(drv + n, sizeof drv - (size_t)n,
                      "area_x = 0.05; area_y = %g; area_w = 0.9; area_h = 0.22\n"
                      "call '%s/plots/%s' '%s/%s' '' '' ''\n",
                      0.76 - 0.24 * k, XD_SOURCE_DIR, xd_chart_script((xd_chart_kind)k), dir,
                      xd_chart_name((xd_chart_kind)k));
    snprintf(drv + n, sizeof drv - (size_t)n, "unset multiplot\nunset output\n");
    xd_write_file(path_in("driver.gp"), drv);
    char gp[PATH_MAX];
    cr_assert_eq(xd_gnuplot_find(gp, sizeof gp, &d), XD_OK);
    int rc = xd_gnuplot_run(gp, path_in("driver.gp"), NULL, 0, 60, &d);
    cr_assert_eq(rc, XD_OK, "%s", d.n ? d.items[d.n - 1].text : "");
    assert_pdf(path_in("page.pdf"));
    char *t = pdf_text(path_in("page.pdf"));
    cr_assert(strstr(t, "La entrega de un solo día"), "%s", t);
    cr_assert(strstr(t, "Año calendario"), "%s", t);
    free(t);

    /* nothing left behind: a script's labels, arrows and objects are gone after it */
    const char *show = "set terminal svg\nset output '/dev/null'\n"
                       "call '" XD_SOURCE_DIR "/plots/annual.gp' '%s/annual' '' '' ''\n"
                       "set print '%s/shown.txt'\nshow label\nshow arrow\nshow object\n";
    snprintf(drv, sizeof drv, show, dir, dir);
    xd_write_file(path_in("show.gp"), drv);
    const char *argv[] = {gp, "-d", path_in("show.gp"), NULL};
    int pid_status;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, path_in("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    cr_assert_eq(posix_spawn(&pid, gp, &fa, NULL, (char *const *)argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    waitpid(pid, &pid_status, 0);
    cr_assert(WIFEXITED(pid_status) && WEXITSTATUS(pid_status) == 0);
    char *err = xd_slurp(path_in("stderr.txt"), NULL);
    cr_assert(!strstr(err, "label "), "labels left behind:\n%s", err);
    cr_assert(!strstr(err, "arrow "), "arrows left behind:\n%s", err);
    cr_assert(!strstr(err, "object "), "objects left behind:\n%s", err);
    free(err);

    xd_analysis_free(&a);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}
