#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "gnuplot.h"
#include "helpers.h"
#include "outfile.h"

#define STYLE_GP XD_SOURCE_DIR "/plots/style.gp"

static char *dir;
static char gp[PATH_MAX];
static char *saved_path;

static void setup(void)
{
    /* Tests change PATH; teardown needs it back to find rm. */
    const char *p = getenv("PATH");
    saved_path = strdup(p ? p : "/usr/bin:/bin");
    dir = xd_tempdir();
    cr_assert(dir != NULL);
    xd_diags d;
    xd_diags_init(&d);
    unsetenv("EXTRAD_GNUPLOT");
    cr_assert_eq(xd_gnuplot_find(gp, sizeof gp, &d), XD_OK, "these tests need gnuplot");
    xd_diags_free(&d);
}

static void teardown(void)
{
    setenv("PATH", saved_path, 1);
    free(saved_path);
    if (chdir("/") != 0)
        cr_log_warn("cannot leave the test folder");
    xd_rmtree(dir);
    free(dir);
}

static char *path_in(const char *name) { return xd_path_join(dir, name); }

static const char *first_error(const xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == XD_SEV_ERROR)
            return d->items[i].text;
    return "";
}

static char *quoted(const char *src)
{
    static char buf[4096];
    size_t n = xd_gnuplot_quote(buf, sizeof buf, src);
    cr_assert_lt(n, sizeof buf);
    cr_assert_eq(strlen(buf), n);
    return buf;
}

/* ---- quoting ------------------------------------------------------------------------ */

TestSuite(quote);

Test(quote, plain_text_and_single_quotes)
{
    cr_assert_str_eq(quoted(""), "''");
    cr_assert_str_eq(quoted(NULL), "''");
    cr_assert_str_eq(quoted("Ciudad de Mexico"), "'Ciudad de Mexico'");
    cr_assert_str_eq(quoted("it's"), "'it''s'");
    cr_assert_str_eq(quoted("it'"), "'it'''");
    cr_assert_str_eq(quoted("a'b'c"), "'a''b''c'");
}

/* gnuplot reads '' only after another character; other quotes are made by sprintf. */
#define Q "sprintf('%c',39)"
Test(quote, quotes_gnuplot_cannot_double)
{
    cr_assert_str_eq(quoted("'"), "(" Q ")");
    cr_assert_str_eq(quoted("''"), "(" Q "." Q ")");
    cr_assert_str_eq(quoted("'x"), "(" Q ".'x')");
    cr_assert_str_eq(quoted("a''b"), "('a'''." Q ".'b')");
    cr_assert_str_eq(quoted("'x''"), "(" Q ".'x'''." Q ")");
    cr_assert_str_eq(quoted("' . system('id') . '"), "(" Q ".' . system(''id'') . ''')");
}

Test(quote, shell_and_macro_syntax_stays_text)
{
    cr_assert_str_eq(quoted("`touch /tmp/x`"), "'`touch /tmp/x`'");
    cr_assert_str_eq(quoted("system(\"touch /tmp/x\")"), "'system(\"touch /tmp/x\")'");
    cr_assert_str_eq(quoted("\"double\""), "'\"double\"'");
    cr_assert_str_eq(quoted("@macro"), "'@macro'");
    cr_assert_str_eq(quoted("ends with \\"), "'ends with \\'");
    cr_assert_str_eq(quoted("|cmd"), "'|cmd'");
    cr_assert_str_eq(quoted("<cmd"), "'<cmd'");
}

Test(quote, control_characters_become_spaces)
{
    cr_assert_str_eq(quoted("a\nEOD\nb"), "'a EOD b'");
    cr_assert_str_eq(quoted("a\r\nb"), "'a  b'");
    cr_assert_str_eq(quoted("\\\n`x`"), "'\\ `x`'");
    cr_assert_str_eq(quoted("\t\x01\x1b[31m\x7f"), "'   [31m '");
    cr_assert_str_eq(quoted("C1\xc2\x85next"), "'C1 next'");            /* U+0085 NEL */
    cr_assert_str_eq(quoted("ls\xe2\x80\xa8ps\xe2\x80\xa9"), "'ls ps '"); /* U+2028/9 */
}

Test(quote, valid_utf8_is_kept)
{
    cr_assert_str_eq(quoted("M\xc3\xa9xico"), "'M\xc3\xa9xico'");
    cr_assert_str_eq(quoted("\xe2\x80\x94 \xe6\x9d\xb1"), "'\xe2\x80\x94 \xe6\x9d\xb1'");
    cr_assert_str_eq(quoted("\xf0\x9f\x98\x80"), "'\xf0\x9f\x98\x80'");
    cr_assert_str_eq(quoted("\xef\xbf\xbd"), "'\xef\xbf\xbd'");
}

#define FFFD "\xef\xbf\xbd"

Test(quote, invalid_utf8_bytes_become_replacement_characters)
{
    cr_assert_str_eq(quoted("\xff"), "'" FFFD "'");
    cr_assert_str_eq(quoted("caf\xe9"), "'caf" FFFD "'");             /* Latin-1 */
    cr_assert_str_eq(quoted("\xc3"), "'" FFFD "'");                   /* truncated */
    cr_assert_str_eq(quoted("\xc3'"), "'" FFFD "'''");                /* ... before a quote */
    cr_assert_str_eq(quoted("\xc0\xaf"), "'" FFFD FFFD "'");          /* overlong '/' */
    cr_assert_str_eq(quoted("\xe0\x80\xaf"), "'" FFFD FFFD FFFD "'"); /* overlong */
    cr_assert_str_eq(quoted("\xed\xa0\x80"), "'" FFFD FFFD FFFD "'"); /* surrogate */
    cr_assert_str_eq(quoted("\xf4\x90\x80\x80"), "'" FFFD FFFD FFFD FFFD "'"); /* > U+10FFFF */
    cr_assert_str_eq(quoted("\xef\xbf\xbe"), "'" FFFD FFFD FFFD "'");          /* U+FFFE */
    cr_assert_str_eq(quoted("\x80\n"), "'" FFFD " '");
}

Test(quote, buffer_too_small_gives_empty_string_and_needed_size)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    cr_assert_eq(xd_gnuplot_quote(buf, sizeof buf, "it's long"), 12);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(xd_gnuplot_quote(buf, sizeof buf, "abcde"), 7);
    cr_assert_str_eq(buf, "'abcde'");
    cr_assert_eq(xd_gnuplot_quote(NULL, 0, "abc"), 5);
    char *a = xd_gnuplot_quote_alloc("it's");
    cr_assert_str_eq(a, "'it''s'");
    free(a);
}

/* Reads a quoted expression the way gnuplot 5.4's scanner does (a single-quoted token
 * ends at the first quote not preceded by a character and followed by two quotes, and
 * '' inside becomes '), accepting only what xd_gnuplot_quote may produce. Returns the
 * text, or NULL if gnuplot would not read it as one string. */
static char *gnuplot_reads(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    size_t n = 0, pos = 0;
    int paren = s[0] == '(';
    if (paren)
        pos++;
    for (int seg = 0;; seg++) {
        if (s[pos] == '\'') {
            size_t cur = pos;
            while (s[++cur] != '\'') {
                if (!s[cur])
                    goto bad;
                out[n++] = s[cur];
                if (s[cur + 1] == '\'' && s[cur + 2] == '\'') {
                    out[n++] = '\'';
                    cur += 2;
                }
            }
            pos = cur + 1;
        } else if (paren && strncmp(s + pos, Q, strlen(Q)) == 0) {
            out[n++] = '\'';
            pos += strlen(Q);
        } else {
            goto bad;
        }
        if (s[pos] != '.')
            break;
        if (!paren)
            goto bad;
        pos++;
    }
    if (paren && s[pos++] != ')')
        goto bad;
    if (s[pos])
        goto bad;
    out[n] = '\0';
    return out;
bad:
    free(out);
    return NULL;
}

static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        size_t len = *s < 0x80   ? 1
                     : *s < 0xC2 ? 0
                     : *s < 0xE0 ? 2
                     : *s < 0xF0 ? 3
                     : *s < 0xF5 ? 4
                                 : 0;
        if (!len)
            return 0;
        for (size_t i = 1; i < len; i++)
            if ((s[i] & 0xC0) != 0x80)
                return 0;
        s += len;
    }
    return 1;
}

/* gnuplot expands @name before scanning, with its own idea of quoting: every ' toggles,
 * every " not after a backslash toggles (a backslash counts only inside "..."), and @
 * outside both is expanded. No @ of ours may look outside quotes to it. */
static int macro_safe(const char *s)
{
    int sq = 0, dq = 0, after_backslash = 0;
    for (; *s; s++) {
        switch (*s) {
        case '@':
            if (!sq && !dq)
                return 0;
            after_backslash = 0;
            break;
        case '"':
            if (!after_backslash)
                dq = !dq;
            after_backslash = 0;
            break;
        case '\'':
            sq = !sq;
            after_backslash = 0;
            break;
        case '\\':
            if (dq)
                after_backslash = !after_backslash;
            break;
        default:
            after_backslash = 0;
        }
    }
    return 1;
}

/* Random text biased towards quotes, line breaks and other trouble. */
static void random_text(char *src, size_t cap, int ascii_only)
{
    static const char pool[] = "''''\n\r\t\\\"\"`@@$#;.()ab ";
    size_t len = (size_t)rand() % (cap - 1);
    for (size_t i = 0; i < len; i++) {
        int r = rand() % 10;
        if (r < 6)
            src[i] = pool[rand() % (int)(sizeof pool - 1)];
        else if (r < 8 || ascii_only)
            src[i] = (char)(1 + rand() % 127);
        else
            src[i] = (char)(0x80 + rand() % 0x80);
    }
    src[len] = '\0';
}

static void expected_ascii(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            *s = ' ';
}

Test(quote, random_ascii_reads_back_exactly)
{
    srand(12345);
    char src[48], dst[48 * 20];
    for (int iter = 0; iter < 50000; iter++) {
        random_text(src, sizeof src, 1);
        size_t n = xd_gnuplot_quote(dst, sizeof dst, src);
        cr_assert_lt(n, sizeof dst);
        char *back = gnuplot_reads(dst);
        cr_assert(back, "gnuplot would not read %s as one string", dst);
        cr_assert(macro_safe(dst), "gnuplot would expand a macro in %s", dst);
        expected_ascii(src);
        cr_assert_str_eq(back, src, "via %s", dst);
        free(back);
    }
}

Test(quote, random_bytes_give_valid_utf8_without_control_characters)
{
    srand(54321);
    char src[48], dst[48 * 20];
    for (int iter = 0; iter < 50000; iter++) {
        random_text(src, sizeof src, 0);
        size_t n = xd_gnuplot_quote(dst, sizeof dst, src);
        cr_assert_lt(n, sizeof dst);
        for (size_t i = 0; i < n; i++)
            cr_assert((unsigned char)dst[i] >= 0x20 && dst[i] != 0x7F, "control byte in %s", dst);
        cr_assert(valid_utf8((const unsigned char *)dst), "invalid UTF-8 out");
        char *back = gnuplot_reads(dst);
        cr_assert(back, "gnuplot would not read %s as one string", dst);
        cr_assert(macro_safe(dst), "gnuplot would expand a macro in %s", dst);
        free(back);
    }
}

Test(quote, string_var_lines)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "title_text", "O'Brien\nEOD"), XD_OK);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "_x9", NULL), XD_OK);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "9x", "v"), XD_EOUTPUT);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "a-b", "v"), XD_EOUTPUT);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "a b", "v"), XD_EOUTPUT);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "a=b;c", "v"), XD_EOUTPUT);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "", "v"), XD_EOUTPUT);
    cr_assert_eq(xd_gnuplot_write_string_var(f, NULL, "v"), XD_EOUTPUT);
    cr_assert_eq(xd_gnuplot_write_string_var(f, "q", "'"), XD_OK);
    fclose(f);
    cr_assert_str_eq(buf, "title_text = 'O''Brien EOD'\n_x9 = ''\nq = (" Q ")\n");
    free(buf);
}

/* ---- finding gnuplot and the timeout ------------------------------------------------- */

TestSuite(find, .init = setup, .fini = teardown);

Test(find, on_path)
{
    cr_assert(gp[0] == '/', "%s", gp);
    cr_assert_eq(access(gp, X_OK), 0);
}

Test(find, missing_gnuplot_explains_how_to_install)
{
    unsetenv("EXTRAD_GNUPLOT");
    setenv("PATH", "/nonexistent", 1);
    xd_diags d;
    xd_diags_init(&d);
    char p[PATH_MAX];
    cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_ENOGNUPLOT);
    cr_assert_str_eq(first_error(&d),
                     "gnuplot is needed to draw charts and reports but was not found on PATH; "
                     "install it with: apt-get install gnuplot-nox (or set EXTRAD_GNUPLOT)");
    cr_assert_eq(d.status, XD_ENOGNUPLOT);
    xd_diags_free(&d);
}

Test(find, empty_path_entry_is_not_the_current_folder)
{
    xd_write_file(path_in("gnuplot"), "#!/bin/sh\n");
    chmod(path_in("gnuplot"), 0755);
    cr_assert_eq(chdir(dir), 0);
    setenv("PATH", ":/nonexistent:", 1);
    xd_diags d;
    xd_diags_init(&d);
    char p[PATH_MAX];
    cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_ENOGNUPLOT);
    xd_diags_free(&d);
}

Test(find, extrad_gnuplot_overrides_path)
{
    xd_diags d;
    xd_diags_init(&d);
    char p[PATH_MAX];
    xd_write_file(path_in("my-gnuplot"), "#!/bin/sh\n");
    chmod(path_in("my-gnuplot"), 0755);
    setenv("EXTRAD_GNUPLOT", path_in("my-gnuplot"), 1);
    setenv("PATH", "/nonexistent", 1);
    cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_OK);
    cr_assert_str_eq(p, path_in("my-gnuplot"));

    /* A bare name is looked up on PATH. */
    setenv("PATH", dir, 1);
    setenv("EXTRAD_GNUPLOT", "my-gnuplot", 1);
    cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_OK);
    cr_assert_str_eq(p, path_in("my-gnuplot"));

    /* Not executable, or not there: an error naming the variable, no fallback. */
    chmod(path_in("my-gnuplot"), 0644);
    setenv("EXTRAD_GNUPLOT", path_in("my-gnuplot"), 1);
    setenv("PATH", "/usr/bin:/bin", 1);
    if (geteuid() != 0) {
        cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_ENOGNUPLOT);
        cr_assert(strstr(first_error(&d), "EXTRAD_GNUPLOT"), "%s", first_error(&d));
    }
    setenv("EXTRAD_GNUPLOT", path_in("nothing-here"), 1);
    cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_ENOGNUPLOT);
    cr_assert(strstr(d.items[d.n - 1].text, "EXTRAD_GNUPLOT is set to"), "%s",
              d.items[d.n - 1].text);
    setenv("EXTRAD_GNUPLOT", dir, 1); /* a folder */
    cr_assert_eq(xd_gnuplot_find(p, sizeof p, &d), XD_ENOGNUPLOT);
    xd_diags_free(&d);
}

Test(find, timeout_from_env)
{
    unsetenv("EXTRAD_GNUPLOT_TIMEOUT");
    cr_assert_float_eq(xd_gnuplot_timeout_from_env(), 60.0, 1e-9);
    setenv("EXTRAD_GNUPLOT_TIMEOUT", "5", 1);
    cr_assert_float_eq(xd_gnuplot_timeout_from_env(), 5.0, 1e-9);
    setenv("EXTRAD_GNUPLOT_TIMEOUT", "2.5", 1);
    cr_assert_float_eq(xd_gnuplot_timeout_from_env(), 2.5, 1e-9);
    setenv("EXTRAD_GNUPLOT_TIMEOUT", "0", 1);
    cr_assert_float_eq(xd_gnuplot_timeout_from_env(), 0.0, 1e-9);
    const char *bad[] = {"", "abc", "-1", "10s", "nan", "inf"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("EXTRAD_GNUPLOT_TIMEOUT", bad[i], 1);
        cr_assert_float_eq(xd_gnuplot_timeout_from_env(), 60.0, 1e-9, "for '%s'", bad[i]);
    }
}

/* ---- running ------------------------------------------------------------------------ */

TestSuite(run, .init = setup, .fini = teardown);

struct payload {
    const char *text;  /* what the data said */
    const char *shown; /* what the chart must show */
};

/* Each would run `touch CANARY` if it escaped its string literal. */
static const struct payload payloads[] = {
    {"`touch CANARY`", "`touch CANARY`"},
    {"system(\"touch CANARY\")", "system(\"touch CANARY\")"},
    {"' . system('touch CANARY') . '", "' . system('touch CANARY') . '"},
    {"\" . system(\"touch CANARY\") . \"", "\" . system(\"touch CANARY\") . \""},
    {"O'Brien & Sons <b>", "O'Brien & Sons <b>"},
    {"trailing backslash \\", "trailing backslash \\"},
    {"A & B {x} \\", "A & B {x} \\"},
    {"x\\\n`touch CANARY`", "x\\ `touch CANARY`"},
    {"line\nEOD\nprint system('touch CANARY')", "line EOD print system('touch CANARY')"},
    {"x'\nsystem('touch CANARY')\n'", "x' system('touch CANARY') '"},
    {"@evil", "@evil"},
    {"'@evil'", "'@evil'"},
    {"|touch CANARY", "|touch CANARY"},
    {"'", "'"},
    {"''", "''"},
    {"'''x''", "'''x''"},
    {"a''b", "a''b"},
    {"'; print system('touch CANARY'); '", "'; print system('touch CANARY'); '"},
    {"''' . system('touch CANARY') . '''", "''' . system('touch CANARY') . '''"},
    {"<touch CANARY", "<touch CANARY"},
    {"El_Mencho ^2 ~x {/Symbol a}", "El_Mencho ^2 ~x {/Symbol a}"},
    {"tab\there\r\x01\x1b[31mred\x7f", "tab here   [31mred "},
    {"M\xc3\xa9xico \xe2\x80\x94 Z\xfcrich \xc3", "M\xc3\xa9xico \xe2\x80\x94 Z" FFFD "rich " FFFD},
};

static char *replace_all(const char *s, const char *what, const char *with)
{
    size_t n = 0, wl = strlen(what), rl = strlen(with);
    for (const char *p = strstr(s, what); p; p = strstr(p + wl, what))
        n++;
    char *out = malloc(strlen(s) + n * rl + 1), *o = out;
    while (*s) {
        if (strncmp(s, what, wl) == 0) {
            memcpy(o, with, rl);
            o += rl;
            s += wl;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* The contents of the <text> elements of an SVG, unescaped, separated by newlines. */
static char *svg_texts(const char *svg)
{
    size_t cap = strlen(svg) + 1, n = 0;
    char *out = malloc(cap);
    const char *p = svg;
    while ((p = strstr(p, "<text")) != NULL) {
        p = strchr(p, '>');
        if (!p)
            break;
        p++;
        const char *end = strstr(p, "</text>");
        if (!end)
            break;
        /* Drop any nested tags (<tspan ...>). */
        for (const char *q = p; q < end; q++) {
            if (*q == '<') {
                while (q < end && *q != '>')
                    q++;
                continue;
            }
            const char *ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
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
                cr_assert(*q != '&' && *q != '<', "unescaped markup in SVG text");
                out[n++] = *q;
            }
        }
        out[n++] = '\n';
        p = end;
    }
    out[n] = '\0';
    return out;
}

static const char *main_script_fmt =
    "# ARG1: variables written by extrad, ARG2: output, ARG3: style\n"
    "evil = \"' . system('touch %s') . '\"\n"
    "out_file = ARG2; out_format = 'svg'; out_size = '600x400'\n"
    "load ARG3\n"
    "load ARG1\n"
    "set title title_text noenhanced\n"
    "set label 1 title_text at graph 0.1, 0.5 noenhanced\n"
    "plot sin(x) title title_text noenhanced\n";

Test(run, data_text_never_runs_and_shows_literally)
{
    char canary[PATH_MAX];
    snprintf(canary, sizeof canary, "%s", path_in("canary"));
    char script[PATH_MAX + 1024];
    snprintf(script, sizeof script, main_script_fmt, canary);
    xd_write_file(path_in("main.gp"), script);

    for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
        char *text = replace_all(payloads[i].text, "CANARY", canary);
        char *shown = replace_all(payloads[i].shown, "CANARY", canary);
        FILE *f = fopen(path_in("vars.gp"), "w");
        cr_assert(f);
        cr_assert_eq(xd_gnuplot_write_string_var(f, "title_text", text), XD_OK);
        fclose(f);
        char *vars = xd_slurp(path_in("vars.gp"), NULL);
        cr_assert_eq(strchr(vars, '\n'), vars + strlen(vars) - 1, "one line: %s", vars);

        const char *args[] = {path_in("vars.gp"), path_in("out.svg"), STYLE_GP};
        xd_diags d;
        xd_diags_init(&d);
        remove(path_in("out.svg"));
        int rc = xd_gnuplot_run(gp, path_in("main.gp"), args, 3, 30, &d);
        cr_assert_eq(rc, XD_OK, "payload %zu (%s): %s", i, vars, first_error(&d));
        cr_assert_neq(access(canary, F_OK), 0, "payload %zu ran a command: %s", i, vars);

        char *svg = xd_slurp(path_in("out.svg"), NULL);
        cr_assert(svg, "no SVG for payload %zu", i);
        char *texts = svg_texts(svg);
        /* Title, label and key entry. */
        size_t found = 0;
        for (const char *l = texts; *l;) {
            const char *nl = strchr(l, '\n');
            if ((size_t)(nl - l) == strlen(shown) && strncmp(l, shown, strlen(shown)) == 0)
                found++;
            l = nl + 1;
        }
        cr_assert_eq(found, 3, "payload %zu: '%s' shown %zu times in:\n%s", i, shown, found,
                     texts);
        free(texts);
        free(svg);
        free(vars);
        free(text);
        free(shown);
        xd_diags_free(&d);
    }
}

Test(run, macro_expansion_is_real_so_the_test_means_something)
{
    /* The same evil macro, used outside a string, does run: proof the canary works. */
    const char *canary = path_in("canary");
    char script[512];
    snprintf(script, sizeof script, "evil = \"print system('touch %s')\"\n@evil\n", canary);
    xd_write_file(path_in("macro.gp"), script);
    xd_diags d;
    xd_diags_init(&d);
    xd_gnuplot_run(gp, path_in("macro.gp"), NULL, 0, 30, &d);
    cr_assert_eq(access(canary, F_OK), 0);
    xd_diags_free(&d);
}

static int run_script(const char *name, const char *text, const char *const *args, size_t nargs,
                      double timeout, xd_diags *d)
{
    xd_write_file(path_in(name), text);
    return xd_gnuplot_run(gp, path_in(name), args, nargs, timeout, d);
}

Test(run, random_text_round_trips_through_gnuplot)
{
    enum { N = 400 };
    static char texts[N][64];
    srand(777);
    FILE *f = fopen(path_in("vars.gp"), "w");
    cr_assert(f);
    for (int i = 0; i < N; i++) {
        random_text(texts[i], 40, 1);
        if (i % 3 == 0) /* some real UTF-8 too */
            strcat(texts[i], i % 2 ? "\xc3\xa9'\xe2\x80\x94" : "'\xf0\x9f\x98\x80''");
        char name[16];
        snprintf(name, sizeof name, "t%d", i + 1);
        cr_assert_eq(xd_gnuplot_write_string_var(f, name, texts[i]), XD_OK);
        expected_ascii(texts[i]);
    }
    fprintf(f, "n_vars = %d\n", N);
    fclose(f);
    const char *script = "load ARG1\nset print ARG2\n"
                         "do for [i = 1:n_vars] { print value(sprintf('t%d', i)) }\n";
    const char *args[] = {path_in("vars.gp"), path_in("printed.txt")};
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(run_script("print.gp", script, args, 2, 60, &d), XD_OK, "%s", first_error(&d));
    char *printed = xd_slurp(path_in("printed.txt"), NULL);
    cr_assert(printed);
    char *line = printed;
    for (int i = 0; i < N; i++) {
        char *nl = strchr(line, '\n');
        cr_assert(nl, "only %d lines", i);
        *nl = '\0';
        cr_assert_str_eq(line, texts[i], "variable t%d", i + 1);
        line = nl + 1;
    }
    cr_assert_str_eq(line, "");
    free(printed);
    xd_diags_free(&d);
}

Test(run, each_output_format_from_style)
{
    const char *fmts[][3] = {{"pdf", "%PDF", "16x10"}, {"png", "\x89PNG", "640x400"},
                             {"svg", "<?xml", ""}};
    const char *script = "out_file = ARG1; out_format = ARG2; out_size = ARG3\n"
                         "load ARG4\n"
                         "set title 'Extraditions, 2010\xe2\x80\x93" "2024'\n"
                         "plot for [i = 1:8] sin(x + i) title sprintf('series %d', i)\n";
    for (size_t i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "chart.%s", fmts[i][0]);
        const char *args[] = {path_in(name), fmts[i][0], fmts[i][2], STYLE_GP};
        xd_diags d;
        xd_diags_init(&d);
        cr_assert_eq(run_script("chart.gp", script, args, 4, 30, &d), XD_OK, "%s: %s", fmts[i][0],
                     first_error(&d));
        size_t len = 0;
        char *out = xd_slurp(path_in(name), &len);
        cr_assert(out && len > 100, "%s empty", name);
        cr_assert(memcmp(out, fmts[i][1], strlen(fmts[i][1])) == 0, "%s: wrong format", name);
        free(out);
        xd_diags_free(&d);
    }
}

Test(run, style_rejects_pipe_output_and_unknown_format)
{
    const char *script = "out_file = ARG1; out_format = ARG2\nload ARG3\nplot x\n";
    xd_diags d;
    xd_diags_init(&d);
    const char *canary = path_in("canary");
    char pipe_out[PATH_MAX + 16];
    snprintf(pipe_out, sizeof pipe_out, "|touch %s", canary);
    const char *a1[] = {pipe_out, "svg", STYLE_GP};
    cr_assert_eq(run_script("s.gp", script, a1, 3, 30, &d), XD_EOUTPUT);
    cr_assert_neq(access(canary, F_OK), 0);
    const char *a2[] = {path_in("x.bmp"), "bmp", STYLE_GP};
    cr_assert_eq(run_script("s.gp", script, a2, 3, 30, &d), XD_EOUTPUT);
    cr_assert(strstr(d.items[d.n - 1].text, "unknown out_format 'bmp'"), "%s",
              d.items[d.n - 1].text);
    xd_diags_free(&d);
}

Test(run, syntax_error_fails_naming_the_script)
{
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(run_script("broken.gp", "set terminal svg\nset foo bar\n", NULL, 0, 30, &d),
                 XD_EOUTPUT);
    cr_assert_eq(d.status, XD_EOUTPUT);
    const char *m = first_error(&d);
    cr_assert(strstr(m, "broken.gp"), "%s", m);
    cr_assert(strstr(m, "exit status"), "%s", m);
    cr_assert(strstr(m, "unrecognized option"), "%s", m);
    xd_diags_free(&d);
}

Test(run, missing_data_file_is_a_failure)
{
    xd_diags d;
    xd_diags_init(&d);
    const char *args[] = {path_in("nope.tsv"), path_in("out.svg")};
    const char *script = "set terminal svg\nset output ARG2\n"
                         "set xrange [0:1]; set yrange [0:1]\n"
                         "plot ARG1 using 1:2 with lines, x\n";
    cr_assert_eq(run_script("missing.gp", script, args, 2, 30, &d), XD_EOUTPUT);
    const char *m = first_error(&d);
    cr_assert(strstr(m, "missing.gp"), "%s", m);
    cr_assert(strstr(m, "Cannot find or open file"), "%s", m);
    cr_assert(strstr(m, "reported a problem"), "exit status was 0, only a warning: %s", m);
    xd_diags_free(&d);
}

Test(run, empty_data_file_is_a_failure)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("empty.tsv"), "");
    const char *args[] = {path_in("empty.tsv"), path_in("out.svg")};
    const char *script = "set terminal svg\nset output ARG2\n"
                         "set xrange [0:1]; set yrange [0:1]\n"
                         "plot ARG1 using 1:2 with lines, x\n";
    cr_assert_eq(run_script("empty.gp", script, args, 2, 30, &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "no valid points"), "%s", first_error(&d));
    xd_diags_free(&d);
}

Test(run, good_script_with_data_succeeds_quietly)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("data.tsv"), "2019\t58\n2020\t40.5\n2021\t1e2\n");
    const char *args[] = {path_in("data.tsv"), path_in("out.svg")};
    const char *script = "set terminal svg\nset output ARG2\n"
                         "set datafile separator tab\n"
                         "plot ARG1 using 1:2 with linespoints\n"
                         "if (GPVAL_DATA_Y_MAX != 100) { exit error 'decimal point misread' }\n";
    cr_assert_eq(run_script("good.gp", script, args, 2, 30, &d), XD_OK, "%s", first_error(&d));
    cr_assert_eq(d.n, 0);
    xd_diags_free(&d);
}

Test(run, timeout_kills_gnuplot)
{
    xd_diags d;
    xd_diags_init(&d);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(run_script("slow.gp", "pause 10\n", NULL, 0, 1, &d), XD_EOUTPUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(took, 5.0, "took %.1f s", took);
    cr_assert_geq(took, 0.9, "took %.1f s", took);
    const char *m = first_error(&d);
    cr_assert(strstr(m, "gnuplot did not finish within 1 s (EXTRAD_GNUPLOT_TIMEOUT)"), "%s", m);
    cr_assert(strstr(m, "slow.gp"), "%s", m);
    xd_diags_free(&d);
}

Test(run, chatty_stderr_neither_blocks_nor_floods_the_message)
{
    xd_diags d;
    xd_diags_init(&d);
    /* print goes to stderr: ~600 kB, far more than a pipe holds. */
    const char *quiet = "do for [i = 1:10000] { print 'just talking, nothing wrong here ', i }\n";
    cr_assert_eq(run_script("chatty.gp", quiet, NULL, 0, 30, &d), XD_OK, "%s", first_error(&d));
    const char *loud = "do for [i = 1:10000] { print 'warning number ', i }\n";
    cr_assert_eq(run_script("loud.gp", loud, NULL, 0, 30, &d), XD_EOUTPUT);
    cr_assert_lt(strlen(first_error(&d)), 2200);
    cr_assert(strstr(first_error(&d), "warning number  1\n"), "%s", first_error(&d));
    xd_diags_free(&d);
}

Test(run, too_many_arguments)
{
    xd_diags d;
    xd_diags_init(&d);
    const char *args[10] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
    cr_assert_eq(run_script("args.gp", "print ARGC\n", args, 9, 30, &d), XD_OK);
    cr_assert_eq(run_script("args.gp", "print ARGC\n", args, 10, 30, &d), XD_EOUTPUT);
    xd_diags_free(&d);
}

Test(run, program_that_cannot_start)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("x.gp"), "print 1\n");
    cr_assert_eq(xd_gnuplot_run(path_in("no-gnuplot"), path_in("x.gp"), NULL, 0, 30, &d),
                 XD_ENOGNUPLOT);
    cr_assert(strstr(first_error(&d), "x.gp"), "%s", first_error(&d));
    xd_diags_free(&d);
}

/* A stand-in for gnuplot, to check how it is started and how odd endings are read. */
static const char *fake(const char *body)
{
    char text[2048];
    snprintf(text, sizeof text, "#!/bin/sh\n%s\n", body);
    xd_write_file(path_in("fake-gnuplot"), text);
    chmod(path_in("fake-gnuplot"), 0755);
    return path_in("fake-gnuplot");
}

Test(run, how_gnuplot_is_started)
{
    char body[1024];
    snprintf(body, sizeof body,
             "out=%s\n"
             "in0=$(readlink /proc/$$/fd/0); out1=$(readlink /proc/$$/fd/1)\n"
             "for a in \"$@\"; do printf '[%%s]' \"$a\"; done > \"$out\"\n"
             "printf '\\nLC_ALL=%%s GNUPLOT_LIB=%%s\\n' \"$LC_ALL\" \"$GNUPLOT_LIB\" >> \"$out\"\n"
             "printf '%%s\\n%%s\\n' \"$in0\" \"$out1\" >> \"$out\"\n"
             "ls /proc/self/fd | tr '\\n' ' ' >> \"$out\"\n"
             "printf '\\n' >> \"$out\"\n"
             "pwd >> \"$out\"\n",
             path_in("report"));
    const char *g = fake(body);
    setenv("LC_ALL", "de_DE.UTF-8", 1);
    setenv("GNUPLOT_LIB", "/somewhere", 1);
    cr_assert_eq(chdir(dir), 0);
    /* An inheritable descriptor that must not reach gnuplot. */
    FILE *leak = fopen(path_in("leak"), "w");
    cr_assert(leak);
    xd_diags d;
    xd_diags_init(&d);
    const char *args[] = {"a b", "", "it's; rm -rf /", NULL};
    cr_assert_eq(xd_gnuplot_run(g, "/some/where/chart.gp", args, 4, 30, &d), XD_OK, "%s",
                 first_error(&d));
    char *report = xd_slurp(path_in("report"), NULL);
    char expect[PATH_MAX * 2];
    /* ls's own fds: 0-2, 1 redirected to the report, and 3 for the folder it lists. */
    snprintf(expect, sizeof expect,
             "[-d][-c][/some/where/chart.gp][a b][][it's; rm -rf /][]\n"
             "LC_ALL=C.UTF-8 GNUPLOT_LIB=/somewhere\n/dev/null\n/dev/null\n0 1 2 3 \n%s\n",
             dir);
    cr_assert_str_eq(report, expect);
    free(report);
    fclose(leak);
    xd_diags_free(&d);
}

Test(run, killed_by_a_signal)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("x.gp"), "");
    cr_assert_eq(xd_gnuplot_run(fake("kill -SEGV $$"), path_in("x.gp"), NULL, 0, 30, &d),
                 XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "killed by signal 11"), "%s", first_error(&d));
    xd_diags_free(&d);
}

Test(run, silent_failure_and_stray_warnings)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("x.gp"), "");
    cr_assert_eq(xd_gnuplot_run(fake("exit 3"), path_in("x.gp"), NULL, 0, 30, &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "exit status 3"), "%s", first_error(&d));
    cr_assert(strstr(first_error(&d), "printed nothing"), "%s", first_error(&d));
    xd_diags_free(&d);

    xd_diags_init(&d);
    cr_assert_eq(xd_gnuplot_run(fake("printf '\\n\\n  WARNING: odd \\033[31mred\\n\\n' >&2"),
                                path_in("x.gp"), NULL, 0, 30, &d),
                 XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "x.gp:\n  WARNING: odd  [31mred"), "%s", first_error(&d));
    cr_assert_null(strchr(first_error(&d), '\033'));
    xd_diags_free(&d);

    xd_diags_init(&d);
    cr_assert_eq(xd_gnuplot_run(fake("echo 'all fine' >&2"), path_in("x.gp"), NULL, 0, 30, &d),
                 XD_OK);
    xd_diags_free(&d);
}

Test(run, timeout_when_stderr_is_closed_early)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("x.gp"), "");
    const char *g = fake("exec 2>&-\nexec sleep 10");
    cr_assert_eq(xd_gnuplot_run(g, path_in("x.gp"), NULL, 0, 1, &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "did not finish within 1 s"), "%s", first_error(&d));
    xd_diags_free(&d);
}

Test(run, sigterm_ignored_gets_sigkill)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("x.gp"), "");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(xd_gnuplot_run(fake("trap '' TERM\nexec sleep 20"), path_in("x.gp"),
                                NULL, 0, 0.5, &d),
                 XD_EOUTPUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    cr_assert_lt(took, 6.0, "took %.1f s", took);
    cr_assert(strstr(first_error(&d), "did not finish within 0.5 s"), "%s", first_error(&d));
    xd_diags_free(&d);
}

/* Whether any process's command line contains needle. */
static int process_running(const char *needle)
{
    DIR *proc = opendir("/proc");
    if (!proc)
        return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(proc)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char p[300];
        snprintf(p, sizeof p, "/proc/%s/cmdline", e->d_name);
        FILE *f = fopen(p, "rb");
        if (!f)
            continue;
        char buf[8192];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '\0')
                buf[i] = ' ';
        buf[n] = '\0';
        char state[512] = "";
        snprintf(p, sizeof p, "/proc/%s/stat", e->d_name);
        f = fopen(p, "r");
        if (f) {
            if (!fgets(state, sizeof state, f))
                state[0] = '\0';
            fclose(f);
        }
        const char *st = strrchr(state, ')');
        int zombie = st && st[1] == ' ' && st[2] == 'Z';
        found = strstr(buf, needle) != NULL && !zombie;
    }
    closedir(proc);
    return found;
}

static int interrupted_child(const char *gnuplot_path, const char *script, const char *marker)
{
    xd_cleanup_register_signals();
    xd_diags d;
    xd_diags_init(&d);
    char td[PATH_MAX], data[PATH_MAX + 16];
    if (xd_tempdir_create(td, sizeof td, dir, &d) != XD_OK)
        return 30;
    snprintf(data, sizeof data, "%s/data.tsv", td);
    xd_write_file(data, "1\t2\n");
    xd_outfile o;
    if (xd_outfile_begin(&o, path_in("chart.svg"), &d) != XD_OK)
        return 31;
    const char *args[] = {marker, xd_outfile_path(&o)};
    xd_gnuplot_run(gnuplot_path, script, args, 2, 60, &d);
    return 32; /* the signal should have ended us */
}

Test(run, interrupt_kills_gnuplot_and_removes_temporaries)
{
    const char *marker = path_in("started");
    const char *script = path_in("waits.gp");
    xd_write_file(script, "set terminal svg\nset output ARG2\n"
                          "set print ARG1\nprint 'started'\nunset print\npause 30\n");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0)
        _exit(interrupted_child(gp, script, marker));
    for (int i = 0; i < 1000 && access(marker, F_OK) != 0; i++)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    cr_assert_eq(access(marker, F_OK), 0, "gnuplot never started");
    cr_assert(process_running(script));
    kill(pid, SIGTERM);
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    cr_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGTERM, "status %d", ws);
    cr_assert_not(process_running(script), "gnuplot outlived extrad");
    /* Only our own files are left: no temporary folder, no half-written chart. */
    DIR *dh = opendir(dir);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        cr_assert(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                      strcmp(e->d_name, "started") == 0 || strcmp(e->d_name, "waits.gp") == 0,
                  "left behind: %s", e->d_name);
    }
    closedir(dh);
}
