/* extrad report as HTML: one self-contained page, valid HTML5 (html5lib, strict),
 * measured in a real browser (headless Chromium through tests/browser/html_check.py):
 * no horizontal scrolling at 360 and 1280 pixels, every chart drawn and shown, the
 * headline numbers and the sources there, screenshots that are not blank; dataset
 * text that holds markup shows as written and never becomes markup; the SVG of the
 * charts; byte-identical under SOURCE_DATE_EPOCH; the rules of -o and --format. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static char *dir;
static char tmpdir_env[PATH_MAX + 16];

static void setup(void)
{
    dir = xd_tempdir();
    cr_assert(dir != NULL);
    snprintf(tmpdir_env, sizeof tmpdir_env, "TMPDIR=%s", dir);
}

static void teardown(void)
{
    xd_rmtree(dir);
    free(dir);
}

TestSuite(html, .init = setup, .fini = teardown, .timeout = 300);

static xd_run run(const char *const *args)
{
    const char *env[] = {tmpdir_env, "SOURCE_DATE_EPOCH=1700000000", NULL};
    return xd_run_cli(args, env);
}

/* Writes the HTML report to dir/name with extra args; asserts success. */
static char *html_report(const char *name, const char *const *extra)
{
    const char *args[24] = {"report", "-o", xd_path_join(dir, name)};
    size_t k = 3;
    for (size_t i = 0; extra && extra[i] && k < 23; i++)
        args[k++] = extra[i];
    args[k] = NULL;
    xd_run r = run(args);
    cr_assert_eq(r.status, 0, "report failed (%d): %s", r.status, r.err);
    xd_run_free(&r);
    return strdup(xd_path_join(dir, name));
}

/* The helper's output ("key value" lines). */
static char *helper(const char *mode, const char *file, const char *more)
{
    char cmd[PATH_MAX * 3];
    snprintf(cmd, sizeof cmd, "'%s' '%s/tests/browser/html_check.py' %s '%s' %s 2>&1", XD_PYTHON3, XD_SOURCE_DIR,
             mode, file, more ? more : "");
    FILE *p = popen(cmd, "r");
    cr_assert(p != NULL);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 >= cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = pclose(p);
    cr_assert_eq(st, 0, "%s %s failed:\n%s", mode, file, buf);
    return buf;
}

/* The rest of the first line that starts with prefix; NULL when none. */
static const char *line_after(const char *out, const char *prefix)
{
    size_t k = strlen(prefix);
    for (const char *p = out; p && *p;) {
        if (strncmp(p, prefix, k) == 0)
            return p + k;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

static double number_after(const char *out, const char *prefix)
{
    const char *v = line_after(out, prefix);
    cr_assert(v != NULL, "no '%s' in:\n%.2000s", prefix, out);
    return atof(v);
}

/* word among the words of line (up to its end). */
static int has_word(const char *line, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = line; p && *p && *p != '\n';) {
        if (strncmp(p, word, k) == 0 && (p[k] == ' ' || p[k] == '\n' || p[k] == '\0') && (p == line || p[-1] == ' '))
            return 1;
        while (*p && *p != ' ' && *p != '\n')
            p++;
        if (*p == ' ')
            p++;
    }
    return 0;
}

/* The markup of a page that cannot run or fetch anything: the elements and attributes
 * seen by the parser, and every link to a source or to the list of sources. */
static void assert_inert(const char *v)
{
    cr_assert_eq(number_after(v, "valid "), 1, "not valid HTML5:\n%.3000s", v);
    const char *tags = line_after(v, "tags ");
    const char *attrs = line_after(v, "attrs ");
    cr_assert(tags && attrs);
    static const char *const no_tag[] = {"script", "img", "iframe", "object", "embed", "link", "base",
                                         "form",   "input", "b", "i", "audio", "video", "meta http-equiv"};
    for (size_t i = 0; i < sizeof no_tag / sizeof no_tag[0]; i++)
        cr_expect(!has_word(tags, no_tag[i]), "element <%s> in the page", no_tag[i]);
    static const char *const no_attr[] = {"onload", "onerror", "onclick", "src", "srcdoc", "formaction"};
    for (size_t i = 0; i < sizeof no_attr / sizeof no_attr[0]; i++)
        cr_expect(!has_word(attrs, no_attr[i]), "attribute %s in the page", no_attr[i]);
    /* links: a source's web or mail address, or a place in the page */
    for (const char *h = v; (h = strstr(h, "\nhref \"")); h++) {
        const char *u = h + 7;
        cr_expect(strncmp(u, "#", 1) == 0 || strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0 ||
                      strncmp(u, "mailto:", 7) == 0,
                  "link to %.80s", u);
    }
    /* the stylesheet fetches nothing */
    const char *css = line_after(v, "style_text ");
    cr_assert(css != NULL);
    cr_expect(strstr(css, "url(") == NULL && strstr(css, "@import") == NULL);
    cr_expect(line_after(v, "script_text ") == NULL);
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

/* ---- the bundled dataset ----------------------------------------------------------- */

Test(html, valid_html5_self_contained_and_inert)
{
    char *path = html_report("r.html", NULL);
    char *v = helper("validate", path, NULL);
    assert_inert(v);
    /* the same sections and figures as the PDF, in order, under one h1 */
    char *html = xd_slurp(path, NULL);
    cr_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0, "%.80s", html);
    cr_expect_eq(count(html, "<h1>"), 1);
    const char *parts[] = {"Summary", "The years", "The statistics", "Pace and trend", "Who was handed over",
                           "Methods, caveats and data checks", "Sources", "Reproducing this report"};
    const char *at = html;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char h2[128];
        snprintf(h2, sizeof h2, "\">%s</h2>", parts[i]);
        const char *p = strstr(at, h2);
        cr_expect(p != NULL, "no part '%s' after the one before", parts[i]);
        if (p)
            at = p;
    }
    cr_expect(strstr(html, "<p class=\"value\">29</p>") && strstr(html, "<p class=\"value\">65</p>"));
    cr_expect(strstr(html, "SHA-256") && strstr(html, "extrad report -o"));
    /* each chart: an inline SVG per picture size, its <title> the chart's finding, the
     * data behind it in <details> */
    cr_expect_eq(count(html, "<figure class=\"chart\""), 6);
    cr_expect_eq(count(html, "<svg "), 12);
    cr_expect_eq(count(html, "role=\"img\""), 12);
    cr_expect_eq(count(html, "<details>"), 4); /* the people charts tabulate nothing new */
    cr_expect(strstr(html, "<title id=\"c1w-title\">One day&#39;s handover equals 45% of an average year") ||
                  strstr(html, "<title id=\"c1w-title\">One day's handover equals 45% of an average year"),
              "the comparison's SVG title");
    cr_expect(strstr(html, "Gnuplot") == NULL && strstr(html, "<title>gnuplot_plot") == NULL);
    /* every chart names its sources under it */
    cr_expect_eq(count(html, "<p class=\"chart-source\">Source"), 6);
    cr_expect(strstr(html, "Sources: .") == NULL && strstr(html, "Source: .") == NULL);
    cr_expect(strstr(html, "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"));
    /* each source cited is in the numbered list with its link */
    cr_expect(strstr(html, "<li id=\"src-21\" value=\"21\">"));
    cr_expect(strstr(html, "href=\"https://thewatch-journal.com/2025/03/20/mexico-extradites-29-cartel-members-to-u-s\""));
    cr_expect(strstr(html, "<a class=\"cite\" href=\"#src-22\">[22]</a>"));
    free(html);
    free(v);
    free(path);
}

Test(html, spanish_and_mexican_spanish)
{
    const char *es[] = {"--lang", "es", NULL};
    char *path = html_report("es.html", es);
    char *html = xd_slurp(path, NULL);
    cr_expect(strstr(html, "<html lang=\"es\">"));
    cr_expect(strstr(html, "Resumen</h2>") && strstr(html, "Fuentes</h2>"));
    cr_expect(strstr(html, "45\u00a0%") && strstr(html, "Las cifras del gráfico"));
    free(html);
    char *v = helper("validate", path, NULL);
    assert_inert(v);
    free(v);
    free(path);
    const char *mx[] = {"--lang", "es-MX", NULL};
    path = html_report("mx.html", mx);
    html = xd_slurp(path, NULL);
    cr_expect(strstr(html, "<html lang=\"es-MX\">"));
    cr_expect(strstr(html, "58.1 a 72.5") && !strstr(html, "58,1 a 72,5"), "es-MX writes a decimal point");
    free(html);
    free(path);
}

Test(html, in_a_browser_at_360_and_1280_pixels)
{
    char *path = html_report("r.html", NULL);
    char shots[PATH_MAX];
    snprintf(shots, sizeof shots, "'%s' 360 1280", dir);
    char *b = helper("browse", path, shots);
    static const int widths[] = {360, 1280};
    for (size_t i = 0; i < 2; i++) {
        char key[64];
        int w = widths[i];
        /* nothing reaches past the viewport: the page does not scroll sideways */
        snprintf(key, sizeof key, "width %d viewport ", w);
        cr_expect_eq(number_after(b, key), w);
        snprintf(key, sizeof key, "width %d overflowing ", w);
        cr_expect_eq(number_after(b, key), 0, "%s", line_after(b, key));
        const char *line = line_after(b, key) - strlen(key);
        (void)line;
        char *sw = strstr(b, "scroll_width ");
        cr_assert(sw);
        snprintf(key, sizeof key, "width %d viewport %d scroll_width ", w, w);
        cr_expect_eq(number_after(b, key), w, "the page is wider than the %d-pixel viewport", w);
        /* every chart there and one picture of each shown, text readable */
        snprintf(key, sizeof key, "width %d charts ", w);
        cr_expect_eq(number_after(b, key), 6);
        const char *c = line_after(b, key);
        cr_expect(strstr(c, "svgs 12 shown 6 "), "%s", c);
        cr_expect(atof(strstr(c, "smallest_text_px ") + 17) >= 10.5, "chart text too small: %s", c);
        cr_expect(strstr(c, "scripts 0 live 0"), "%s", c);
        /* the headline numbers and the sources, as the browser shows them */
        snprintf(key, sizeof key, "width %d text ", w);
        const char *t = line_after(b, key);
        cr_assert(t);
        cr_expect(strstr(t, "29") && strstr(t, "65") && strstr(t, "45%") && strstr(t, "163 days"));
        cr_expect(strstr(t, "Reuters (March 2025), text reposted by thewatch-journal.com"));
        cr_expect(strstr(t, "U.S. Department of Justice press release (2025-02-27) via EIN Presswire"));
        snprintf(key, sizeof key, "width %d link \"https://thewatch-journal.com/", w);
        cr_expect(line_after(b, key) != NULL);
        /* the screenshot is of the page, not of a blank window */
        snprintf(key, sizeof key, "width %d screenshot ", w);
        const char *s = line_after(b, key);
        cr_assert(s, "%s", b);
        cr_expect(atof(strstr(s, "nonwhite ") + 9) > 0.02, "blank screenshot: %s", s);
        char png[PATH_MAX];
        snprintf(png, sizeof png, "%s/%d.png", dir, w);
        size_t len;
        char *data = xd_slurp(png, &len);
        cr_expect(data && len > 10000 && memcmp(data, "\x89PNG", 4) == 0);
        free(data);
    }
    free(b);
    free(path);
}

/* ---- dataset text holding markup ------------------------------------------------------ */

static char *payload_dataset(void)
{
    char *data = strdup(xd_path_join(dir, "payload"));
    cr_assert_eq(mkdir(data, 0700), 0);
    char annual[2048] = "year,count,source\n";
    for (int y = 2015; y <= 2024; y++)
        snprintf(annual + strlen(annual), sizeof annual - strlen(annual), "%d,%d,%s\n", y, 30 + 3 * (y - 2015),
                 y % 2 ? "s1" : "s2");
    xd_write_file(xd_path_join(data, "annual.csv"), annual);
    xd_write_file(xd_path_join(data, "sources.csv"),
                  "id,name,url,published,quote\n"
                  "s1,<img src=x onerror=alert(1)>,javascript:alert(1),2024,\n"
                  "s2,\"</title><script>alert(3)</script>\",\"https://example.org/a?b=1&c=\"\"><x>\",2024,\n"
                  "s3,]]><b>bold</b>,\"data:text/html;base64,PHNjcmlwdD4=\",2024,\n");
    xd_write_file(xd_path_join(data, "transfers.csv"),
                  "date,count,mechanism,label,source,note\n"
                  "2024-06-01,20,<script>alert(1)</script>,\"\"\"><svg onload=alert(2)>\",s3,]]> </title>\n");
    xd_write_file(xd_path_join(data, "meta.csv"),
                  "key,value\nname,<i>payload</i>\ntitle,\"</title><script>alert(4)</script> ]]>\"\n"
                  "main_measure,all\nbaseline,2019-2023\nevent,2024-06-01\n");
    return data;
}

Test(html, dataset_text_shows_as_written_and_never_becomes_markup)
{
    char *data = payload_dataset();
    const char *extra[] = {"--dataset", data, NULL};
    char *path = html_report("p.html", extra);
    char *v = helper("validate", path, NULL);
    assert_inert(v);
    /* the texts are there as text, whole */
    static const char *const shown[] = {"<img src=x onerror=alert(1)>", "</title><script>alert(3)</script>",
                                        "]]><b>bold</b>", "<script>alert(1)</script>", "\\\"><svg onload=alert(2)>",
                                        "</title><script>alert(4)</script> ]]>", "<i>payload</i>"};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        char needle[256];
        snprintf(needle, sizeof needle, "text \"%s", shown[i]);
        int found = 0;
        for (const char *p = v; (p = strstr(p, "\ntext \"")); p++)
            if (strstr(p + 1, shown[i]) && strstr(p + 1, shown[i]) < strchr(p + 1, '\n'))
                found = 1;
        cr_expect(found, "'%s' is not shown as written", shown[i]);
    }
    /* a javascript: or data: address is shown, never linked */
    cr_expect(strstr(v, "text \"javascript:alert(1)\"") != NULL, "the javascript: address is not shown");
    cr_expect(strstr(v, "href \"javascript") == NULL && strstr(v, "href \"data:") == NULL);
    cr_expect(strstr(v, "href \"https://example.org/a?b=1&c=\\\"><x>\"") != NULL, "an http address is a link");
    free(v);
    /* and the browser agrees */
    char shots[PATH_MAX];
    snprintf(shots, sizeof shots, "'%s' 360", dir);
    char *b = helper("browse", path, shots);
    const char *c = line_after(b, "width 360 charts ");
    cr_assert(c);
    cr_expect(strstr(c, "scripts 0 live 0"), "%s", c);
    const char *t = line_after(b, "width 360 text ");
    cr_expect(strstr(t, "<img src=x onerror=alert(1)>") && strstr(t, "javascript:alert(1)"), "%.500s", t);
    cr_expect_eq(number_after(b, "width 360 overflowing "), 0);
    free(b);
    /* no text of the data closes the SVG's elements: the pictures are whole */
    char *html = xd_slurp(path, NULL);
    cr_expect_eq(count(html, "<svg "), count(html, "</svg>"));
    cr_expect(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    free(html);
    free(path);
    free(data);
}

/* ---- files ----------------------------------------------------------------------------- */

Test(html, the_same_bytes_under_source_date_epoch)
{
    char *a = html_report("a.html", NULL);
    size_t na, nb;
    char *x = xd_slurp(a, &na);
    char *b = html_report("a.html", NULL); /* same name: the command line is in the page */
    char *y = xd_slurp(b, &nb);
    cr_assert(x && y);
    cr_expect(na == nb && memcmp(x, y, na) == 0, "two runs differ");
    cr_expect(strstr(x, "14 November 2023"));
    free(x);
    free(y);
    free(a);
    free(b);
}

Test(html, format_from_the_name_or_format_and_no_other_file_replaced)
{
    const char *notes = xd_path_join(dir, "notes.html");
    xd_write_file(notes, "my notes\n");
    const char *args[] = {"report", "-o", notes, NULL};
    xd_run r = run(args);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "not an HTML page"), "%s", r.err);
    xd_run_free(&r);
    char *kept = xd_slurp(notes, NULL);
    cr_expect_str_eq(kept, "my notes\n");
    free(kept);
    const char *forced[] = {"report", "-o", notes, "--force", NULL};
    r = run(forced);
    cr_expect_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    kept = xd_slurp(notes, NULL);
    cr_expect(strncmp(kept, "<!DOCTYPE html>", 15) == 0);
    free(kept);
    /* an HTML report replaces one */
    r = run(args);
    cr_expect_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    /* --format for a name without an ending; a name of the other format refused */
    const char *plain[] = {"report", "-o", xd_path_join(dir, "page"), "--format", "html", NULL};
    r = run(plain);
    cr_expect_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    const char *mixed[] = {"report", "-o", xd_path_join(dir, "x.pdf"), "--format", "html", NULL};
    r = run(mixed);
    cr_expect_eq(r.status, 2, "%s", r.err);
    xd_run_free(&r);
    const char *unknown[] = {"report", "-o", xd_path_join(dir, "x.htm"), "--format", "svg", NULL};
    r = run(unknown);
    cr_expect_eq(r.status, 2, "%s", r.err);
    xd_run_free(&r);
    cr_expect(access(xd_path_join(dir, "x.pdf"), F_OK) != 0);
}

Test(html, a_failed_render_keeps_the_old_page)
{
    char *path = html_report("old.html", NULL);
    size_t n0;
    char *before = xd_slurp(path, &n0);
    /* a gnuplot that fails */
    const char *fake = xd_path_join(dir, "fail.sh");
    xd_write_file(fake, "#!/bin/sh\necho 'no' >&2\nexit 1\n");
    chmod(fake, 0755);
    char env_gp[PATH_MAX + 32];
    snprintf(env_gp, sizeof env_gp, "EXTRAD_GNUPLOT=%s", fake);
    const char *env[] = {tmpdir_env, env_gp, NULL};
    const char *args[] = {"report", "-o", path, NULL};
    xd_run r = xd_run_cli(args, env);
    cr_expect_eq(r.status, 5, "exit %d: %s", r.status, r.err);
    xd_run_free(&r);
    size_t n1;
    char *after = xd_slurp(path, &n1);
    cr_expect(n0 == n1 && memcmp(before, after, n0) == 0, "the old page changed");
    free(before);
    free(after);
    free(path);
}

/* ---- a chart as an SVG file ---------------------------------------------------------------- */

Test(html, svg_chart_title_fonts_and_each_text_once)
{
    const char *kinds[] = {"comparison", "annual", "pace", "trend"};
    for (size_t k = 0; k < 4; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s.svg", kinds[k]);
        const char *out = xd_path_join(dir, name);
        const char *args[] = {"chart", kinds[k], "-o", out, NULL};
        xd_run r = run(args);
        cr_assert_eq(r.status, 0, "%s", r.err);
        xd_run_free(&r);
        char *svg = xd_slurp(out, NULL);
        cr_assert(svg);
        cr_expect(strstr(svg, "<title>Gnuplot") == NULL && strstr(svg, "<title>gnuplot_plot_") == NULL, "%s", kinds[k]);
        cr_expect_eq(count(svg, "<title"), 1, "%s: one title", kinds[k]);
        const char *t = strstr(svg, "<title id=\"title\">");
        cr_expect(t && (t[18] >= 'A' && t[18] <= 'Z'), "%s: the title is the chart's: %.60s", kinds[k], t);
        cr_expect(strstr(svg, "font-family=\"DejaVu Sans\"") == NULL, "%s: a font without fallbacks", kinds[k]);
        cr_expect(strstr(svg, "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"));
        cr_expect(strstr(svg, "filter:url(#textbox)") == NULL, "%s: text drawn twice", kinds[k]);
        /* no text twice at one place */
        for (const char *p = svg; (p = strstr(p, "<g transform=\"translate(")); p++) {
            const char *e = strstr(p, "</text>");
            if (!e)
                break;
            size_t len = (size_t)(e - p);
            char *one = strndup(p, len);
            /* the same group (position, font, text) later in the file */
            const char *again = strstr(e, one);
            cr_expect(again == NULL, "%s: drawn twice: %.120s", kinds[k], one);
            free(one);
        }
        free(svg);
    }
}
