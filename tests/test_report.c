/* extrad report: the PDF, its text in both languages, its pages, its safety, and the
 * pieces it is made of (catalogue, SHA-256, text wrapping). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dataset.h"
#include "helpers.h"
#include "lang.h"
#include "report.h"
#include "sha256.h"

extern char **environ;

static char *dir;
static char tmpdir_env[PATH_MAX + 16];

static void setup(void)
{
    dir = xd_tempdir();
    cr_assert(dir != NULL);
    /* temporary work folders go here too, so a test can see that none is left */
    snprintf(tmpdir_env, sizeof tmpdir_env, "TMPDIR=%s", dir);
}

static void teardown(void)
{
    if (chdir("/") != 0)
        cr_log_warn("cannot leave the test folder");
    xd_rmtree(dir);
    free(dir);
}

static char *path_in(const char *name) { return xd_path_join(dir, name); }

/* extrad with args; env entries added to TMPDIR (NULL-terminated, may be NULL). */
static xd_run run(const char *const *args, const char *const *env)
{
    const char *e[8] = {tmpdir_env};
    size_t k = 1;
    for (size_t i = 0; env && env[i] && k < 7; i++)
        e[k++] = env[i];
    e[k] = NULL;
    return xd_run_cli(args, e);
}

/* Runs a program and returns its stdout; *status gets the exit status. */
static char *capture(const char *const *argv, int *status)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    cr_assert_eq(rc, 0, "cannot run %s (poppler-utils)", argv[0]);
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    ssize_t got;
    while ((got = read(p[0], buf + n, cap - n - 1)) > 0) {
        n += (size_t)got;
        if (cap - n - 1 == 0)
            buf = realloc(buf, cap *= 2);
    }
    close(p[0]);
    buf[n] = '\0';
    int ws;
    waitpid(pid, &ws, 0);
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
    return buf;
}

/* pdftotext's output (the page layout's line breaks kept). */
static char *pdf_text(const char *pdf)
{
    const char *argv[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    int st;
    char *t = capture(argv, &st);
    cr_assert_eq(st, 0, "pdftotext failed on %s", pdf);
    return t;
}

/* The same with every space, line break and form feed removed, for URLs and other
 * tokens that a line may break. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++)
        if (!strchr(" \t\r\n\f", *p))
            *o++ = *p;
    *o = '\0';
    return out;
}

static int pdf_pages(const char *pdf)
{
    const char *argv[] = {"pdfinfo", pdf, NULL};
    int st;
    char *info = capture(argv, &st);
    cr_assert_eq(st, 0, "pdfinfo failed on %s", pdf);
    const char *p = strstr(info, "Pages:");
    cr_assert(p != NULL);
    int n = atoi(p + 6);
    cr_assert(strstr(info, "595 x 841") != NULL, "not A4: %s", info);
    free(info);
    return n;
}

static int starts_with_pdf(const char *path)
{
    size_t len;
    char *s = xd_slurp(path, &len);
    int ok = s && len > 5 && memcmp(s, "%PDF-", 5) == 0;
    free(s);
    return ok;
}

static size_t count_temp_left(const char *folder)
{
    DIR *d = opendir(folder);
    cr_assert(d != NULL);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, ".extrad-", 8) == 0 ||
            (strncmp(e->d_name, "extrad-", 7) == 0 && strlen(e->d_name) == 13)) /* xd_tempdir_create */
            n++;
    closedir(d);
    return n;
}

/* Writes the report to name in the test folder with extra args; asserts success. */
static char *report(const char *name, const char *const *extra, const char *const *env)
{
    const char *args[24] = {"report", "-o", path_in(name)};
    size_t k = 3;
    for (size_t i = 0; extra && extra[i] && k < 23; i++)
        args[k++] = extra[i];
    args[k] = NULL;
    xd_run r = run(args, env);
    cr_assert_eq(r.status, 0, "report failed (%d): %s", r.status, r.err);
    cr_assert(strstr(r.out, "pages") != NULL, "no page count in: %s", r.out);
    xd_run_free(&r);
    char *p = path_in(name);
    cr_assert(starts_with_pdf(p));
    return p;
}

TestSuite(report, .init = setup, .fini = teardown);

/* ---- catalogue, checksums, wrapping --------------------------------------------- */

static size_t count_conversions(const char *s, int *other)
{
    size_t n = 0;
    *other = 0;
    for (const char *p = s; *p; p++)
        if (p[0] == '%') {
            if (p[1] == 's') {
                n++;
                p++;
            } else {
                *other = 1;
            }
        }
    return n;
}

Test(report, every_text_has_both_languages_and_the_same_conversions)
{
    size_t n = xd_text_count();
    cr_assert(n > 100);
    size_t report_texts = 0;
    for (size_t i = 0; i < n; i++) {
        const xd_text_entry *e = xd_text_at(i);
        cr_assert(e && e->key && *e->key);
        cr_assert(e->en && *e->en, "%s: no English text", e->key);
        cr_assert(e->es && *e->es, "%s: no Spanish text", e->key);
        int oe, os;
        size_t ce = count_conversions(e->en, &oe), cs = count_conversions(e->es, &os);
        cr_assert(!oe && !os, "%s: only %%s conversions are allowed", e->key);
        cr_assert_eq(ce, cs, "%s: %zu %%s in English, %zu in Spanish", e->key, ce, cs);
        for (size_t k = i + 1; k < n; k++)
            cr_assert_str_neq(e->key, xd_text_at(k)->key, "key %s twice", e->key);
        report_texts += strncmp(e->key, "report.", 7) == 0;
    }
    cr_assert(report_texts > 100);
    /* what the report looks up is there */
    cr_assert_str_eq(xd_text(XD_LANG_ES, "report.page"), "Página %s de %s");
    cr_assert_str_neq(xd_text(XD_LANG_EN, "report.part.sources"), "report.part.sources");
}

Test(report, sha256_matches_the_standard_vectors)
{
    char hex[65];
    xd_sha256_hex("", 0, hex);
    cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    xd_sha256_hex("abc", 3, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    xd_sha256_hex(two, strlen(two), hex);
    cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a', fed in uneven pieces */
    xd_sha256 s;
    unsigned char digest[32], chunk[997];
    memset(chunk, 'a', sizeof chunk);
    xd_sha256_init(&s);
    size_t left = 1000000;
    for (size_t step = 1; left; step = step % 990 + 7) {
        size_t n = step < left ? step : left;
        xd_sha256_update(&s, chunk, n);
        left -= n;
    }
    xd_sha256_final(&s, digest);
    static const unsigned char million[32] = {0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7,
                                              0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97,
                                              0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    cr_assert_arr_eq(digest, million, 32);
    /* the file function agrees with the buffer one */
    const char *f = path_in("x.txt");
    xd_write_file(f, "abc");
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_sha256_file(f, hex, &d), XD_OK);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cr_assert_eq(xd_sha256_file(path_in("missing"), hex, &d), XD_EDATA);
    xd_diags_free(&d);
}

static void assert_wrapped(xd_report_style style, const char *text, double width)
{
    char **lines;
    size_t n = xd_report_wrap(style, text, width, &lines);
    cr_assert(n >= 1);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        double w = xd_report_text_width(style, lines[i]);
        cr_assert(w <= width + 1e-9, "line %zu is %.2f cm, wider than %.2f: '%s'", i, w, width, lines[i]);
        cr_assert(lines[i][0] != ' ' && lines[i][strlen(lines[i]) - 1] != ' ');
        total += strlen(lines[i]);
    }
    /* nothing lost: the text without its spaces is the lines without theirs */
    char *a = squeeze(text);
    char *joined = calloc(total + n + 1, 1);
    for (size_t i = 0; i < n; i++)
        strcat(joined, lines[i]);
    char *b = squeeze(joined);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    free(joined);
    xd_report_lines_free(lines, n);
}

Test(report, wrapping_keeps_lines_inside_the_width)
{
    const char *es = "Si las extradiciones por tratado llegaran al azar al ritmo de 2019 a 2023, un día con 29 o "
                     "más tendría una probabilidad de alrededor de 1,7 × 10⁻⁵³: la entrega fue un hecho de otra "
                     "naturaleza, no un día con más trabajo del habitual. Métodos, advertencias y verificación "
                     "de los datos; años calendario y años fiscales (continuación).";
    for (double w = 3.0; w <= 17.0; w += 1.7) {
        assert_wrapped(XD_RS_BODY, es, w);
        assert_wrapped(XD_RS_H1, es, w);
        assert_wrapped(XD_RS_TD, es, w);
    }
    /* a URL wider than the line breaks after a slash, not at random */
    const char *url = "https://webarchive.library.unt.edu/web/20090118025553/http:/mexico.usembassy.gov/eng/"
                      "releases/ep081230_Extraditions.html";
    assert_wrapped(XD_RS_URL, url, 8.0);
    char **lines;
    size_t n = xd_report_wrap(XD_RS_URL, url, 8.0, &lines);
    cr_assert(n >= 2);
    char last = lines[0][strlen(lines[0]) - 1];
    cr_assert(strchr("/-=&?_.,;", last) != NULL, "first piece ends with '%c'", last);
    xd_report_lines_free(lines, n);
    /* a long word in a narrow column, and a forced break */
    assert_wrapped(XD_RS_MONO, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 2.0);
    n = xd_report_wrap(XD_RS_BODY, "one\ntwo", 10, &lines);
    cr_assert_eq(n, 2);
    xd_report_lines_free(lines, n);
    /* wider text measures wider; bold wider than regular */
    cr_assert(xd_report_text_width(XD_RS_BODY_BOLD, "Mexico") > xd_report_text_width(XD_RS_BODY, "Mexico"));
    cr_assert(xd_report_text_width(XD_RS_TITLE, "Mexico") > xd_report_text_width(XD_RS_BODY_BOLD, "Mexico"));
}

/* ---- the report ---------------------------------------------------------------------- */

Test(report, default_run_writes_extrad_report_pdf_here)
{
    cr_assert_eq(chdir(dir), 0);
    const char *args[] = {"report", NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "extrad-report.pdf") != NULL, "%s", r.out);
    const char *pdf = path_in("extrad-report.pdf");
    cr_assert(starts_with_pdf(pdf));
    int pages = pdf_pages(pdf);
    cr_assert(pages >= 7, "only %d pages", pages);
    char expect[64];
    snprintf(expect, sizeof expect, "(%d pages)", pages);
    cr_assert(strstr(r.out, expect) != NULL, "stdout '%s' does not say %s", r.out, expect);
    xd_run_free(&r);
    cr_assert_eq(count_temp_left(dir), 0, "a temporary file or folder was left behind");
}

Test(report, text_has_the_figures_every_source_and_every_page_number)
{
    const char *pdf = report("en.pdf", NULL, NULL);
    int pages = pdf_pages(pdf);
    char *text = pdf_text(pdf);
    char *flat = squeeze(text);
    cr_assert(strstr(text, "29") && strstr(text, "65") && strstr(text, "163"));
    cr_assert(strstr(text, "44.6") || strstr(text, "45 %") || strstr(text, "45%"));
    cr_assert(strstr(text, "Mexico to United States extraditions"));
    cr_assert(strstr(text, "27 February 2025"));
    cr_assert(strstr(text, "no sourced figure"));
    cr_assert(strstr(text, "95 (3 sources, preferred); also 85 (2 sources, alternative)") ||
              strstr(flat, "95(3sources,preferred);also85(2sources,alternative)"));
    cr_assert(strstr(text, "Mann-Kendall"));
    cr_assert(strstr(text, "SHA-256"));
    /* the checksum of a dataset file, as sha256sum would print it */
    char hex[65];
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_sha256_file(XD_DATASET "/annual.csv", hex, &d), XD_OK);
    cr_assert(strstr(flat, hex), "no checksum of annual.csv");
    /* every source's URL */
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK);
    cr_assert(ds.n_sources > 10);
    for (size_t i = 0; i < ds.n_sources; i++) {
        char *url = squeeze(ds.sources[i].url);
        cr_assert(strstr(flat, url), "source %s: URL %s not in the report", ds.sources[i].id, url);
        free(url);
    }
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    for (int p = 1; p <= pages; p++) {
        char footer[64];
        snprintf(footer, sizeof footer, "Page %d of %d", p, pages);
        cr_assert(strstr(text, footer), "no '%s'", footer);
    }
    cr_assert(strstr(text, "Dataset mexico-us") && strstr(text, "extrad " XD_VERSION));
    free(flat);
    free(text);
}

Test(report, spanish_everywhere)
{
    const char *extra[] = {"--lang", "es", NULL};
    const char *pdf = report("es.pdf", extra, NULL);
    int pages = pdf_pages(pdf);
    char *text = pdf_text(pdf);
    char *flat = squeeze(text);
    cr_assert(strstr(text, "Extradiciones de México a Estados Unidos"));
    cr_assert(strstr(text, "27 de febrero de 2025"));
    cr_assert(strstr(text, "44,6") || strstr(text, "45 %") || strstr(text, "45\u00a0%"));
    cr_assert(strstr(text, "sin cifra con fuente"));
    cr_assert(strstr(text, "Fuentes") && strstr(text, "Los años") && strstr(text, "Las estadísticas"));
    cr_assert(strstr(text, "Verificación de los datos"));
    cr_assert(strstr(text, "Cómo reproducir este informe"));
    cr_assert(strstr(flat, "58,1a72,5"), "no decimal comma");
    char footer[64];
    snprintf(footer, sizeof footer, "Página %d de %d", pages, pages);
    cr_assert(strstr(text, footer));
    /* no English fixed text left */
    cr_assert_null(strstr(text, "Page 1 of"));
    cr_assert_null(strstr(text, "no sourced figure"));
    cr_assert_null(strstr(text, "What it means"));
    cr_assert_null(strstr(text, "report."), "a catalogue key shows instead of its text");
    free(flat);
    free(text);
}

Test(report, mexican_spanish_has_a_decimal_point)
{
    const char *extra[] = {"--lang", "es-MX", NULL};
    char *text = pdf_text(report("mx.pdf", extra, NULL));
    char *flat = squeeze(text);
    cr_assert(strstr(text, "27 de febrero de 2025"));
    cr_assert(strstr(flat, "58.1a72.5"));
    cr_assert_null(strstr(flat, "58,1a72,5"));
    free(flat);
    free(text);
}

/* pdftoppm's grey pictures (PGM) of every page: each has ink on it. */
Test(report, every_page_has_something_on_it)
{
    const char *extra[] = {"--lang", "es", NULL};
    const char *pdf = report("pages.pdf", extra, NULL);
    int pages = pdf_pages(pdf);
    const char *argv[] = {"pdftoppm", "-r", "30", "-gray", pdf, path_in("pg"), NULL};
    int st;
    free(capture(argv, &st));
    cr_assert_eq(st, 0);
    int seen = 0;
    for (int p = 1; p <= pages; p++) {
        char name[64];
        snprintf(name, sizeof name, pages >= 10 ? "pg-%02d.pgm" : "pg-%d.pgm", p);
        size_t len;
        char *img = xd_slurp(path_in(name), &len);
        cr_assert(img != NULL, "no picture of page %d", p);
        unsigned w, h, max;
        int off = 0;
        cr_assert_eq(sscanf(img, "P5 %u %u %u%n", &w, &h, &max, &off), 3);
        size_t start = (size_t)off + 1; /* the single white space after the header */
        cr_assert(len >= start + (size_t)w * h);
        size_t dark = 0;
        for (size_t i = 0; i < (size_t)w * h; i++)
            dark += (unsigned char)img[start + i] < 160;
        cr_assert(dark > 200, "page %d is (almost) blank: %zu dark pixels", p, dark);
        free(img);
        seen++;
    }
    cr_assert_eq(seen, pages);
}

Test(report, source_date_epoch_gives_the_same_text_twice)
{
    const char *env[] = {"SOURCE_DATE_EPOCH=1767225600", NULL}; /* 1 January 2026 */
    char *a = pdf_text(report("same.pdf", NULL, env));
    char *b = pdf_text(report("same.pdf", NULL, env));
    cr_assert_str_eq(a, b);
    cr_assert(strstr(a, "1 January 2026"), "the date of SOURCE_DATE_EPOCH is not shown");
    cr_assert(strstr(a, "SOURCE_DATE_EPOCH"));
    free(a);
    free(b);
    const char *bad[] = {"SOURCE_DATE_EPOCH=yesterday", NULL};
    const char *args[] = {"report", "-o", path_in("bad.pdf"), NULL};
    xd_run r = run(args, bad);
    cr_assert_eq(r.status, 2);
    xd_run_free(&r);
}

Test(report, title_option)
{
    const char *extra[] = {"--title", "Handovers, 'quoted' & \"double\" {x}_y @z", NULL};
    char *text = pdf_text(report("title.pdf", extra, NULL));
    cr_assert(strstr(text, "Handovers, 'quoted' & \u201cdouble\u201d {x}_y @z"), "%s", text);
    free(text);
}

Test(report, refuses_to_replace_a_file_that_is_not_a_pdf)
{
    const char *target = path_in("notes.pdf");
    xd_write_file(target, "my notes, not a PDF\n");
    const char *args[] = {"report", "-o", target, NULL};
    xd_run r = run(args, NULL);
    cr_assert_eq(r.status, 2, "status %d: %s", r.status, r.err);
    cr_assert(strstr(r.err, "--force"), "%s", r.err);
    xd_run_free(&r);
    char *kept = xd_slurp(target, NULL);
    cr_assert_str_eq(kept, "my notes, not a PDF\n");
    free(kept);
    const char *forced[] = {"report", "-o", target, "--force", NULL};
    r = run(forced, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    cr_assert(starts_with_pdf(target));
    /* an existing PDF is replaced without --force */
    r = run(args, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *s = xd_slurp(from, &len);
    cr_assert(s != NULL, "cannot read %s", from);
    FILE *f = fopen(to, "wb");
    cr_assert(f != NULL);
    fwrite(s, 1, len, f);
    fclose(f);
    free(s);
}

static void copy_plots(const char *to)
{
    cr_assert_eq(mkdir(to, 0700), 0);
    DIR *d = opendir(XD_SOURCE_DIR "/plots");
    cr_assert(d != NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".gp") != 0)
            continue;
        char from[PATH_MAX], dest[PATH_MAX];
        snprintf(from, sizeof from, "%s/plots/%s", XD_SOURCE_DIR, e->d_name);
        snprintf(dest, sizeof dest, "%s/%s", to, e->d_name);
        copy_file(from, dest);
    }
    closedir(d);
}

Test(report, a_failed_render_keeps_the_old_pdf_and_leaves_nothing_behind)
{
    const char *target = report("old.pdf", NULL, NULL);
    size_t old_len;
    char *old = xd_slurp(target, &old_len);
    const char *plots = path_in("plots");
    copy_plots(plots);
    char gp[PATH_MAX];
    snprintf(gp, sizeof gp, "%s/report.gp", plots);
    FILE *f = fopen(gp, "a");
    cr_assert(f != NULL);
    fputs("\nthis is not a gnuplot command\n", f);
    fclose(f);
    char env_plots[PATH_MAX + 16];
    snprintf(env_plots, sizeof env_plots, "EXTRAD_PLOTS=%s", plots);
    const char *env[] = {env_plots, NULL};
    const char *args[] = {"report", "-o", target, NULL};
    xd_run r = run(args, env);
    cr_assert_eq(r.status, 5, "status %d: %s", r.status, r.err);
    cr_assert(strstr(r.err, "report.gp"), "the message does not name the script: %s", r.err);
    xd_run_free(&r);
    size_t now_len;
    char *now = xd_slurp(target, &now_len);
    cr_assert_eq(now_len, old_len);
    cr_assert(memcmp(now, old, old_len) == 0, "the old PDF changed");
    free(now);
    free(old);
    cr_assert_eq(count_temp_left(dir), 0, "a temporary file or folder was left behind");
}

Test(report, missing_gnuplot_exits_4)
{
    const char *env[] = {"EXTRAD_GNUPLOT=/nonexistent/gnuplot", NULL};
    const char *args[] = {"report", "-o", path_in("x.pdf"), NULL};
    xd_run r = run(args, env);
    cr_assert_eq(r.status, 4, "status %d: %s", r.status, r.err);
    xd_run_free(&r);
    cr_assert_eq(access(path_in("x.pdf"), F_OK), -1);
}

Test(report, usage_errors_exit_2)
{
    const char *const cases[][6] = {
        {"report", "--lang", "fr", NULL},
        {"report", "--baseline", "2023-2019", NULL},
        {"report", "--bogus", NULL},
        {"report", "extra", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xd_run r = run(cases[i], NULL);
        cr_assert_eq(r.status, 2, "case %zu: status %d", i, r.status);
        xd_run_free(&r);
    }
    const char *help[] = {"report", "--help", NULL};
    xd_run r = run(help, NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "--keep"));
    xd_run_free(&r);
    const char *bad_event[] = {"report", "-o", path_in("e.pdf"), "--event", "2024-01-01", NULL};
    r = run(bad_event, NULL);
    cr_assert_neq(r.status, 0);
    xd_run_free(&r);
}

/* The driver extrad writes holds only fixed settings and calls of our own scripts. */
Test(report, keep_leaves_a_driver_that_draws_again)
{
    const char *keep = path_in("kept");
    const char *extra[] = {"--keep", keep, NULL};
    report("k.pdf", extra, NULL);
    char driver[PATH_MAX];
    snprintf(driver, sizeof driver, "%s/report-driver.gp", keep);
    char *s = xd_slurp(driver, NULL);
    cr_assert(s != NULL);
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        int ok = line[0] == '#' || strncmp(line, "call '", 6) == 0 || strncmp(line, "set ", 4) == 0 ||
                 strncmp(line, "unset ", 6) == 0 || strncmp(line, "area_", 5) == 0 ||
                 strncmp(line, "if (ARGC", 8) == 0 || strncmp(line, "    exit error '", 16) == 0 ||
                 strcmp(line, "}") == 0;
        cr_assert(ok, "unexpected driver line: %s", line);
        cr_assert_null(strchr(line, '"'), "double quotes in: %s", line);
        cr_assert_null(strchr(line, '`'), "backquote in: %s", line);
        cr_assert(strstr(line, "system") == NULL);
    }
    free(s);
    char cmd[PATH_MAX];
    snprintf(cmd, sizeof cmd, "%s/command.txt", keep);
    cr_assert_eq(access(cmd, R_OK), 0);
    /* by hand: the same driver draws the report again */
    const char *again = path_in("again.pdf");
    const char *argv[] = {"gnuplot", "-d", "-c", driver, again, NULL};
    int st;
    free(capture(argv, &st));
    cr_assert_eq(st, 0);
    cr_assert(starts_with_pdf(again));
    cr_assert_eq(pdf_pages(again), pdf_pages(path_in("k.pdf")));
}

/* A dataset whose texts try to be gnuplot code: they are drawn as written. */
Test(report, hostile_text_is_drawn_literally)
{
    const char *data = path_in("data");
    cr_assert_eq(mkdir(data, 0700), 0);
    static const char *const files[] = {"annual.csv", "aggregates.csv", "transfers.csv", "sources.csv", "meta.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char from[PATH_MAX], to[PATH_MAX];
        snprintf(from, sizeof from, "%s/%s", XD_DATASET, files[i]);
        snprintf(to, sizeof to, "%s/%s", data, files[i]);
        copy_file(from, to);
    }
    /* a source name and a title with quotes, backquotes, a macro and markup */
    char sources[PATH_MAX];
    snprintf(sources, sizeof sources, "%s/sources.csv", data);
    char *s = xd_slurp(sources, NULL);
    const char *old = "Voz de América (2007-08-29)";
    char *at = strstr(s, old);
    cr_assert(at != NULL);
    const char *evil = "\"Voz `touch PWNED` de América'; system('touch PWNED2') @x {y}_z\"";
    size_t cap = strlen(s) + strlen(evil) + 1;
    char *t = malloc(cap);
    snprintf(t, cap, "%.*s%s%s", (int)(at - s), s, evil, at + strlen(old));
    xd_write_file(sources, t);
    free(s);
    free(t);
    cr_assert_eq(chdir(dir), 0);
    const char *extra[] = {"--dataset", data, "--title", "Title `touch PWNED3` '; @m", NULL};
    char *text = pdf_text(report("evil.pdf", extra, NULL));
    cr_assert(strstr(text, "Voz `touch PWNED` de América'; system('touch PWNED2') @x {y}_z"), "%s", text);
    cr_assert(strstr(text, "Title `touch PWNED3` '; @m"));
    free(text);
    cr_assert_eq(access("PWNED", F_OK), -1);
    cr_assert_eq(access("PWNED2", F_OK), -1);
    cr_assert_eq(access("PWNED3", F_OK), -1);
}

/* A dataset longer than any page: 121 years, each from its own source, so the table of
 * years and the list of sources must continue on further pages with nothing cut off. */
Test(report, long_tables_continue_on_further_pages)
{
    const char *data = path_in("long");
    cr_assert_eq(mkdir(data, 0700), 0);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/annual.csv", data);
    FILE *a = fopen(p, "w");
    snprintf(p, sizeof p, "%s/sources.csv", data);
    FILE *s = fopen(p, "w");
    cr_assert(a && s);
    fputs("year,count,source\n", a);
    fputs("id,name,url,published\n", s);
    for (int y = 1900; y <= 2020; y++) {
        if (y % 10 == 3) /* some gaps */
            continue;
        fprintf(a, "%d,%d,src-%d\n", y, 20 + (y * 7) % 50, y);
        fprintf(s, "src-%d,Yearly bulletin number %d,https://example.org/bulletin/%d,%d\n", y, y, y, y + 1);
    }
    fclose(a);
    fclose(s);
    snprintf(p, sizeof p, "%s/transfers.csv", data);
    xd_write_file(p, "date,count,mechanism,label,source\n2020-06-01,40,transfer,A test transfer,src-2020\n");

    const char *extra[] = {"--dataset", data, "--baseline", "2016-2020", NULL};
    const char *pdf = report("long.pdf", extra, NULL);
    int pages = pdf_pages(pdf);
    cr_assert_gt(pages, 10, "%d pages for 109 years and sources", pages);
    char *text = pdf_text(pdf);
    char *flat = squeeze(text);
    /* every source's URL and the first and last years, wherever the pages break */
    for (int y = 1900; y <= 2020; y++) {
        if (y % 10 == 3)
            continue;
        char url[64];
        snprintf(url, sizeof url, "https://example.org/bulletin/%d", y);
        cr_assert(strstr(flat, url), "%s is missing", url);
    }
    cr_assert(strstr(text, "1900") && strstr(text, "2020"));
    cr_assert(strstr(text, "(continued)"));
    for (int n = 1; n <= pages; n++) {
        char footer[64];
        snprintf(footer, sizeof footer, "Page %d of %d", n, pages);
        cr_assert(strstr(text, footer), "no '%s'", footer);
    }
    free(flat);
    free(text);
}
