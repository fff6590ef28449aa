/* Every command in English, Spanish and Mexican Spanish, word for word: the
 * text output of summary, compare, trend and check (and people, aggregate) is
 * compared with the files of tests/golden/, read and approved by an editor of
 * each language. For the bundled dataset and for tests/fixtures/other-pair, a
 * made-up dataset of another country pair (no meta.csv, an expulsion of one
 * person, a year with a count of one). When a wording changes on purpose, run
 * this binary with EXTRAD_GOLDEN_UPDATE=1 to rewrite the files, and read the
 * diff before committing it.
 *
 * Also here: the language from the environment, the words of a dataset in the
 * Spanish report (pdftotext), and no measure id in any output of a dataset
 * without meta.csv. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataset.h"
#include "helpers.h"
#include "lang.h"

#define OTHER XD_SOURCE_DIR "/tests/fixtures/other-pair"
#define GOLDEN XD_SOURCE_DIR "/tests/golden"
/* 1 March 2026: "today" for the sentences about a year not over */
#define EPOCH "SOURCE_DATE_EPOCH=1772323200"

static const char *const langs[] = {"en", "es", "es-MX"};

/* s with every `from` replaced by `to`; malloc'ed. */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t n = 0, fl = strlen(from), tl = strlen(to);
    for (const char *p = strstr(s, from); p; p = strstr(p + fl, from))
        n++;
    char *out = malloc(strlen(s) + n * (tl > fl ? tl - fl : 0) + 1);
    cr_assert(out);
    char *o = out;
    for (const char *p = s;;) {
        const char *q = strstr(p, from);
        if (!q) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, tl);
        o += tl;
        p = q + fl;
    }
    return out;
}

/* The first line where two texts differ, for the message. */
static void first_difference(const char *want, const char *got, char *buf, size_t cap)
{
    int line = 1;
    const char *a = want, *b = got;
    while (*a && *a == *b) {
        line += *a == '\n';
        a++;
        b++;
    }
    while (a > want && a[-1] != '\n')
        a--, b--;
    snprintf(buf, cap, "line %d\n  want: %.*s\n  got:  %.*s", line, (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

static void golden_one(const char *const *args, const char *file)
{
    const char *env[] = {EPOCH, NULL};
    xd_run r = xd_run_cli(args, env);
    cr_assert_eq(r.status, 0, "%s: exit %d: %s", file, r.status, r.err);
    /* the dataset folder is wherever the sources are */
    char *out = replace_all(r.out, XD_SOURCE_DIR, "<src>");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", GOLDEN, file);
    const char *update = getenv("EXTRAD_GOLDEN_UPDATE");
    if (update && strcmp(update, "1") == 0) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        *strrchr(dir, '/') = '\0';
        mkdir(GOLDEN, 0777);
        mkdir(dir, 0777);
        xd_write_file(path, out);
    } else {
        char *want = xd_slurp(path, NULL);
        cr_assert(want, "no golden file %s (EXTRAD_GOLDEN_UPDATE=1 writes it)", path);
        if (strcmp(want, out) != 0) {
            char diff[2048];
            first_difference(want, out, diff, sizeof diff);
            cr_expect_fail("%s differs from its golden file at %s", file, diff);
        }
        free(want);
    }
    free(out);
    xd_run_free(&r);
}

static void golden_commands(const char *name, const char *dir, const char *const *cmds, size_t n)
{
    for (size_t c = 0; c < n; c++)
        for (size_t l = 0; l < 3; l++) {
            char file[256];
            snprintf(file, sizeof file, "%s/%s.%s.txt", name, cmds[c], langs[l]);
            const char *args[] = {cmds[c], "--dataset", dir, "--lang", langs[l], NULL};
            golden_one(args, file);
        }
}

Test(golden, bundled)
{
    static const char *const cmds[] = {"summary", "compare", "trend", "check", "people"};
    golden_commands("mexico-us", XD_DATASET, cmds, 5);
}

Test(golden, other_pair)
{
    static const char *const cmds[] = {"summary", "compare", "trend", "check"};
    golden_commands("other-pair", OTHER, cmds, 4);
}

/* a measure by its label, the md tables, aggregate's text */
Test(golden, other_outputs)
{
    for (size_t l = 0; l < 3; l++) {
        char file[256];
        snprintf(file, sizeof file, "mexico-us/trend-mx-nationals.%s.txt", langs[l]);
        const char *a1[] = {"trend", "--measure", "mx-nationals", "--dataset", XD_DATASET, "--lang", langs[l], NULL};
        golden_one(a1, file);
        snprintf(file, sizeof file, "mexico-us/compare-mx-nationals.%s.txt", langs[l]);
        const char *a5[] = {"compare", "--measure", "mx-nationals", "--baseline", "2019-2022", "--dataset", XD_DATASET,
                            "--lang",  langs[l],   NULL};
        golden_one(a5, file);
        snprintf(file, sizeof file, "other-pair/check-md.%s.txt", langs[l]);
        const char *a2[] = {"check", "--format", "md", "--dataset", OTHER, "--lang", langs[l], NULL};
        golden_one(a2, file);
        snprintf(file, sizeof file, "other-pair/summary-all.%s.txt", langs[l]);
        const char *a3[] = {"summary", "--all-measures", "--dataset", OTHER, "--lang", langs[l], NULL};
        golden_one(a3, file);
        snprintf(file, sizeof file, "records/aggregate.%s.txt", langs[l]);
        const char *a4[] = {"aggregate", XD_SOURCE_DIR "/tests/fixtures/records/groups.csv", "--date", "date",
                            "--group",   "state", "--format", "text", "--lang", langs[l], NULL};
        golden_one(a4, file);
    }
}

/* ------------------------------------------------------------ the language */

Test(lang, from_the_environment)
{
    /* EXTRAD_LANG first, then LC_ALL, LC_MESSAGES and LANG, as POSIX orders them */
    static const struct {
        const char *env[3];
        const char *want;
    } cases[] = {
        {{"LANG=es_MX.UTF-8", NULL}, "promedio por año"},
        {{"LANG=es_ES.UTF-8", NULL}, "promedio por año"},
        {{"LANG=fr_FR.UTF-8", NULL}, "mean per year"},
        {{"LC_ALL=C", "LANG=es_MX.UTF-8", NULL}, "mean per year"},
        {{"LC_MESSAGES=es_AR", "LANG=en_US", NULL}, "promedio por año"},
        {{"EXTRAD_LANG=en", "LC_ALL=es_MX.UTF-8", NULL}, "mean per year"},
        {{"EXTRAD_LANG=es-MX", NULL}, "promedio por año"},
        {{NULL}, "mean per year"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[] = {"summary", "--dataset", XD_DATASET, NULL};
        xd_run r = xd_run_cli(args, cases[i].env);
        cr_expect_eq(r.status, 0, "case %zu: %s", i, r.err);
        cr_expect(strstr(r.out, cases[i].want), "case %zu: want %s\n%s", i, cases[i].want, r.out);
        xd_run_free(&r);
    }
    /* the decimal mark follows the locale too: comma in es, point in es-MX */
    const char *es[] = {"LANG=es_ES.UTF-8", NULL}, *mx[] = {"LANG=es_MX.UTF-8", NULL};
    const char *args[] = {"summary", "--dataset", XD_DATASET, NULL};
    xd_run r = xd_run_cli(args, es);
    cr_expect(strstr(r.out, "56,88"), "%s", r.out);
    xd_run_free(&r);
    r = xd_run_cli(args, mx);
    cr_expect(strstr(r.out, "56.88"), "%s", r.out);
    xd_run_free(&r);
    /* --lang wins over the environment */
    const char *a2[] = {"summary", "--lang", "en", "--dataset", XD_DATASET, NULL};
    r = xd_run_cli(a2, es);
    cr_expect(strstr(r.out, "mean per year"), "%s", r.out);
    xd_run_free(&r);
}

Test(lang, bad_language_is_a_usage_error_that_says_so)
{
    const char *env[] = {"EXTRAD_LANG=fr", NULL};
    static const char *const cmds[] = {"summary", "compare", "trend", "check", "people", "chart", "report"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *args[] = {cmds[i], "--dataset", XD_DATASET, NULL};
        const char *chart[] = {"chart", "comparison", "-o", "/dev/null", "--dataset", XD_DATASET, NULL};
        xd_run r = xd_run_cli(strcmp(cmds[i], "chart") == 0 ? chart : args, env);
        cr_expect_eq(r.status, 2, "%s: %d", cmds[i], r.status);
        cr_expect(strstr(r.err, "EXTRAD_LANG: expected en, es or es-MX, found 'fr'"), "%s: %s", cmds[i], r.err);
        xd_run_free(&r);
        const char *bad[] = {cmds[i], "--lang", "pt", "--dataset", XD_DATASET, NULL};
        r = xd_run_cli(bad, NULL);
        cr_expect_eq(r.status, 2, "%s: %d", cmds[i], r.status);
        cr_expect(strstr(r.err, "--lang: expected en, es or es-MX, found 'pt'"), "%s: %s", cmds[i], r.err);
        xd_run_free(&r);
    }
    /* errors say the same thing in every language */
    const char *e1[] = {"summary", "--measure", "nope", "--dataset", XD_DATASET, "--lang", "en", NULL};
    const char *e2[] = {"summary", "--measure", "nope", "--dataset", XD_DATASET, "--lang", "es", NULL};
    xd_run a = xd_run_cli(e1, NULL), b = xd_run_cli(e2, NULL);
    cr_expect_eq(a.status, b.status);
    cr_expect_str_eq(a.err, b.err);
    xd_run_free(&a);
    xd_run_free(&b);
}

Test(lang, numbers_counts_and_contractions)
{
    char buf[64];
    /* thousands as each locale writes them */
    cr_expect_str_eq(xd_lang_num(XD_LANG_EN, buf, sizeof buf, 1284, 0), "1,284");
    cr_expect_str_eq(xd_lang_num(XD_LANG_ES_MX, buf, sizeof buf, 1284, 0), "1,284");
    cr_expect_str_eq(xd_lang_num(XD_LANG_ES, buf, sizeof buf, 1284, 0), "1284");
    cr_expect_str_eq(xd_lang_num(XD_LANG_ES, buf, sizeof buf, 12345.5, 1), "12.345,5");
    cr_expect_str_eq(xd_lang_num(XD_LANG_ES_MX, buf, sizeof buf, 12345.5, 1), "12,345.5");
    cr_expect_str_eq(xd_lang_num(XD_LANG_EN, buf, sizeof buf, -1234567, 0), "-1,234,567");
    cr_expect_str_eq(xd_lang_num(XD_LANG_EN, buf, sizeof buf, 999, 0), "999");
    /* the singular for one, in both languages */
    static const char *const nouns[] = {"person", "transfer", "source", "year", "aggregate", "error", "warning"};
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++) {
        char one_en[64], one_es[64], two_es[64];
        xd_lang_count(XD_LANG_EN, one_en, sizeof one_en, 1, nouns[i]);
        xd_lang_count(XD_LANG_ES, one_es, sizeof one_es, 1, nouns[i]);
        xd_lang_count(XD_LANG_ES, two_es, sizeof two_es, 2, nouns[i]);
        cr_expect(one_en[strlen(one_en) - 1] != 's', "%s", one_en);
        cr_expect(one_es[strlen(one_es) - 1] != 's', "%s", one_es);
        cr_expect(two_es[strlen(two_es) - 1] == 's', "%s", two_es);
    }
    cr_expect_str_eq(xd_lang_count(XD_LANG_ES, buf, sizeof buf, 1, "person"), "1 persona");
    cr_expect_str_eq(xd_lang_count(XD_LANG_EN, buf, sizeof buf, 1, "person"), "1 person");
    /* "a el" is written "al", "de el" "del"; El Salvador keeps its article */
    const char *a1[] = {"el país requirente"}, *a2[] = {"El Salvador"}, *a3[] = {"el Perú"};
    char *s = xd_text_fill("entregó a %s", a1, 1);
    cr_expect_str_eq(s, "entregó al país requirente");
    free(s);
    s = xd_text_fill("entregó a %s", a2, 1);
    cr_expect_str_eq(s, "entregó a El Salvador");
    free(s);
    s = xd_text_fill("la cifra de %s", a3, 1);
    cr_expect_str_eq(s, "la cifra del Perú");
    free(s);
    s = xd_text_fill("para %s", a1, 1);
    cr_expect_str_eq(s, "para el país requirente");
    free(s);
    /* locales */
    cr_expect_eq(xd_lang_of_locale("es_MX.UTF-8"), XD_LANG_ES_MX);
    cr_expect_eq(xd_lang_of_locale("es_ES@euro"), XD_LANG_ES);
    cr_expect_eq(xd_lang_of_locale("es"), XD_LANG_ES);
    cr_expect_eq(xd_lang_of_locale("C.UTF-8"), XD_LANG_EN);
    cr_expect_eq(xd_lang_of_locale("est_EE"), XD_LANG_EN);
}

/* ------------------------------------------------------------ no measure id */

/* Every "all" as a word, except in the prose "from all N years" and "at all", is the measure's id. */
static void expect_no_id(const char *what, const char *text)
{
    for (const char *p = strstr(text, "all"); p; p = strstr(p + 1, "all")) {
        int word = (p == text || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z'))) &&
                   !((p[3] >= 'a' && p[3] <= 'z') || (p[3] >= 'A' && p[3] <= 'Z'));
        int prose = (p - text >= 5 && strncmp(p - 5, "from ", 5) == 0) || (p - text >= 3 && strncmp(p - 3, "at ", 3) == 0);
        cr_expect(!word || prose, "%s: the measure id at \"%.40s\"", what, p > text + 20 ? p - 20 : text);
    }
}

Test(lang, no_measure_id_without_meta)
{
    static const char *const cmds[] = {"summary", "compare", "trend", "check"};
    static const char *const formats[] = {"text", "md"};
    for (size_t c = 0; c < 4; c++)
        for (size_t f = 0; f < 2; f++)
            for (size_t l = 0; l < 3; l++) {
                const char *args[] = {cmds[c], "--dataset", OTHER, "--lang", langs[l], "--format", formats[f], NULL};
                xd_run r = xd_run_cli(args, NULL);
                cr_expect_eq(r.status, 0, "%s: %s", cmds[c], r.err);
                char what[64];
                snprintf(what, sizeof what, "%s --format %s --lang %s", cmds[c], formats[f], langs[l]);
                expect_no_id(what, r.out);
                xd_run_free(&r);
            }
    const char *all[] = {"summary", "--all-measures", "--dataset", OTHER, NULL};
    xd_run r = xd_run_cli(all, NULL);
    expect_no_id("summary --all-measures", r.out);
    cr_expect(strstr(r.out, "Extraditions"), "%s", r.out);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ the Spanish report */

/* pdftotext's words joined by single spaces. */
static char *pdf_words(const char *pdf)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    FILE *f = popen(cmd, "r");
    cr_assert(f, "cannot run pdftotext");
    size_t cap = 1 << 20, n = 0;
    char *s = malloc(cap);
    int c, space = 1;
    while ((c = fgetc(f)) != EOF) {
        if (n + 2 >= cap)
            s = realloc(s, cap *= 2);
        if (c == ' ' || c == '\n' || c == '\f' || c == '\t') {
            if (!space)
                s[n++] = ' ';
            space = 1;
        } else {
            s[n++] = (char)c;
            space = 0;
        }
    }
    s[n] = '\0';
    cr_assert_eq(pclose(f), 0, "pdftotext failed on %s", pdf);
    return s;
}

/* A dataset text as the words the PDF shows. */
static int shows(const char *words, const char *text)
{
    char *t = strdup(text);
    size_t o = 0;
    int space = 1;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || *p == '\n') {
            if (!space)
                t[o++] = ' ';
            space = 1;
        } else {
            t[o++] = *p;
            space = 0;
        }
    }
    t[o] = '\0';
    int found = strstr(words, t) != NULL;
    free(t);
    return found;
}

Test(lang, spanish_report_speaks_the_dataset_in_spanish)
{
    char *dir = xd_tempdir();
    const char *pdf = xd_path_join(dir, "es.pdf");
    const char *args[] = {"report", "--lang", "es", "-o", pdf, "--dataset", XD_DATASET, NULL};
    const char *env[] = {EPOCH, NULL};
    xd_run r = xd_run_cli(args, env);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char *words = pdf_words(pdf);
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK);
    size_t es_names = 0;
    for (size_t i = 0; i < ds.n_transfers; i++) {
        const xd_transfer *t = &ds.transfers[i];
        cr_assert(t->label_es && t->mechanism_es, "%s: no Spanish label or mechanism", t->date);
        cr_expect(shows(words, t->mechanism_es), "no \"%s\" in the Spanish report", t->mechanism_es);
        cr_expect(!shows(words, t->mechanism), "\"%s\" in the Spanish report", t->mechanism);
        cr_expect(!shows(words, t->label), "\"%s\" in the Spanish report", t->label);
    }
    /* the event's label, in the comparison chart */
    cr_expect(shows(words, xd_transfer_label(xd_dataset_transfer_on(&ds, "2025-02-27"), XD_LANG_ES)), "%s", words);
    for (size_t i = 0; i < ds.n_sources; i++) {
        const xd_source *s = &ds.sources[i];
        if (!s->name_es || !*s->name_es)
            continue;
        cr_expect(!shows(words, s->name), "\"%s\" in the Spanish report", s->name);
        es_names += shows(words, s->name_es) ? 1 : 0;
    }
    cr_expect_gt(es_names, 40, "only %zu Spanish source names", es_names);
    for (size_t i = 0; i < ds.n_aggregates; i++) {
        const xd_aggregate *g = &ds.aggregates[i];
        if (strcmp(g->measure, ds.main_measure) != 0)
            continue; /* other measures are listed without their notes */
        cr_expect(shows(words, g->note_es), "no aggregate note \"%.60s\"", g->note_es);
        cr_expect(!shows(words, g->note), "\"%.60s\" in the Spanish report", g->note);
    }
    /* the dataset's method notes, not Mexico-only wording from the program */
    cr_expect(shows(words, xd_dataset_meta(&ds, "method_note_es:terms")), "%s", words);
    cr_expect(shows(words, "Sobre este conjunto de datos"));
    free(words);
    xd_dataset_free(&ds);
    xd_diags_free(&d);

    /* another pair of countries: no sexenio, no fiscal year, no measure id */
    const char *pdf2 = xd_path_join(dir, "other.pdf");
    const char *a2[] = {"report", "--lang", "es", "-o", pdf2, "--dataset", OTHER, NULL};
    r = xd_run_cli(a2, env);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    words = pdf_words(pdf2);
    cr_expect_null(strstr(words, "sexenio"));
    cr_expect_null(strstr(words, "fiscal"));
    cr_expect_null(strstr(words, "Sobre este conjunto de datos"));
    cr_expect_null(strstr(words, " a el "));
    cr_expect(strstr(words, "al país requirente"), "%s", words);
    cr_expect(strstr(words, "Expulsión conforme a la ley de migración, no una extradición"));
    cr_expect(strstr(words, "persona expulsada en un solo día"), "%s", words);
    cr_expect(strstr(words, "Esta entrega se hizo fuera del tratado"), "%s", words);
    cr_expect_null(strstr(words, "Immigration"));
    cr_expect_null(strstr(words, "Official Gazette"));
    expect_no_id("report --lang es", words);
    free(words);
    xd_rmtree(dir);
    free(dir);
}

Test(lang, english_report_without_meta)
{
    char *dir = xd_tempdir();
    const char *pdf = xd_path_join(dir, "en.pdf");
    const char *args[] = {"report", "--lang", "en", "-o", pdf, "--dataset", OTHER, NULL};
    const char *env[] = {EPOCH, NULL};
    xd_run r = xd_run_cli(args, env);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    char *words = pdf_words(pdf);
    expect_no_id("report --lang en", words);
    cr_expect(strstr(words, "the requested country expelled one person to the requesting country"), "%s", words);
    cr_expect(strstr(words, "person expelled in a single day"), "%s", words);
    cr_expect_null(strstr(words, "1 people"));
    cr_expect_null(strstr(words, "presidential"));
    cr_expect_null(strstr(words, "fiscal"));
    free(words);
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ the Spanish twins are texts */

static char *copy_other(void)
{
    char *dir = xd_tempdir();
    static const char *const files[] = {"annual.csv", "aggregates.csv", "transfers.csv", "sources.csv"};
    for (size_t i = 0; i < 4; i++) {
        char *s = xd_slurp(xd_path_join(OTHER, files[i]), NULL);
        cr_assert(s);
        xd_write_file(xd_path_join(dir, files[i]), s);
        free(s);
    }
    return dir;
}

Test(lang, spanish_twins_and_kind_are_checked)
{
    char *dir = copy_other();
    /* a control character in a Spanish twin, an unknown kind, a C1 control in name_es */
    xd_write_file(xd_path_join(dir, "transfers.csv"),
                  "date,count,kind,mechanism,mechanism_es,label,label_es,source,note,note_es\n"
                  "2024-05-14,1,exile,Expulsion,Expulsi\xc3\xb3n,One person,Una\x01persona,gazette-2024,,\n");
    char *s = xd_slurp(xd_path_join(dir, "sources.csv"), NULL);
    char *bad = replace_all(s, "Diario Oficial (2023)", "Diario\xc2\x85Oficial (2023)");
    xd_write_file(xd_path_join(dir, "sources.csv"), bad);
    free(s);
    free(bad);
    const char *args[] = {"check", "--dataset", dir, NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, "/transfers.csv:2:3: kind: expected 'transfer' (or empty), 'expulsion', 'deportation' or "
                            "'extradition', found 'exile'"),
              "%s", r.err);
    cr_expect(strstr(r.err, "/transfers.csv:2:7: label_es: expected text without control characters"), "%s", r.err);
    cr_expect(strstr(r.err, "/sources.csv:4:3: name_es: expected text without control characters"), "%s", r.err);
    xd_run_free(&r);
    /* a line break is whitespace, in a note as in its twin */
    xd_write_file(xd_path_join(dir, "transfers.csv"),
                  "date,count,kind,mechanism,mechanism_es,label,label_es,source,note,note_es\n"
                  "2024-05-14,1,deportation,Deportation,Deportaci\xc3\xb3n,One person,Una persona,gazette-2024,,"
                  "\"dos\nl\xc3\xadneas\"\n");
    s = xd_slurp(xd_path_join(OTHER, "sources.csv"), NULL);
    xd_write_file(xd_path_join(dir, "sources.csv"), s);
    free(s);
    r = xd_run_cli(args, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    const char *cmp[] = {"compare", "--dataset", dir, "--lang", "es", NULL};
    r = xd_run_cli(cmp, NULL);
    cr_expect(strstr(r.out, "el país requerido deportó a una persona al país requirente en un solo día, fuera del "
                            "tratado de extradición"),
              "%s", r.out);
    xd_run_free(&r);
    /* an extradition on one day is not said to be outside the treaty */
    xd_write_file(xd_path_join(dir, "transfers.csv"),
                  "date,count,kind,mechanism,label,source\n"
                  "2024-05-14,3,extradition,Extradition under the treaty,Three people,gazette-2024\n");
    const char *cmp_en[] = {"compare", "--dataset", dir, NULL};
    r = xd_run_cli(cmp_en, NULL);
    cr_expect(strstr(r.out, "the requested country extradited 3 people to the requesting country in a single day: "),
              "%s", r.out);
    cr_expect_null(strstr(r.out, "outside the extradition treaty"), "%s", r.out);
    xd_run_free(&r);
    xd_rmtree(dir);
    free(dir);
}
