/* The bad-input corpus: tests/bad/<case>/ are minimal datasets with one thing
 * broken (or one oddity that must be accepted). tests/bad/MANIFEST.tsv lists
 * for each case the command, the expected exit status and message fragments;
 * every line becomes one test here. Cases too large to commit are generated
 * at test time below. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "helpers.h"

#define BAD_DIR XD_SOURCE_DIR "/tests/bad"
#define MANIFEST BAD_DIR "/MANIFEST.tsv"
#define MAX_FRAGS 4

typedef struct bad_case {
    int lineno;              /* in MANIFEST.tsv */
    char name[96];
    char command[128];       /* "check" or "summary", possibly with options */
    int status;
    int nfrags;
    char frags[MAX_FRAGS][320];
} bad_case;

/* Parses MANIFEST.tsv into `out` (NULL to count). Lines starting with '#' are comments. */
static size_t read_manifest(bad_case *out, size_t cap)
{
    size_t len;
    char *text = xd_slurp(MANIFEST, &len);
    if (!text)
        return 0;
    size_t n = 0;
    int lineno = 0;
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (*line && *line != '#') {
            bad_case c;
            memset(&c, 0, sizeof c);
            c.lineno = lineno;
            c.status = -1;
            int col = 0;
            for (char *field = line; field; col++) {
                char *tab = strchr(field, '\t');
                if (tab)
                    *tab++ = '\0';
                if (col == 0)
                    snprintf(c.name, sizeof c.name, "%s", field);
                else if (col == 1)
                    snprintf(c.command, sizeof c.command, "%s", field);
                else if (col == 2)
                    c.status = atoi(field);
                else if (c.nfrags < MAX_FRAGS)
                    snprintf(c.frags[c.nfrags++], sizeof c.frags[0], "%s", field);
                field = tab;
            }
            if (out && n < cap)
                out[n] = c;
            n++;
        }
        line = next;
    }
    free(text);
    return n;
}

/* Offset of the first C0 (but line feed), DEL or C1 control character, or -1. */
static size_t first_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
            return (size_t)((const char *)p - s);
    return (size_t)-1;
}

ParameterizedTestParameters(badcorpus, manifest)
{
    size_t n = read_manifest(NULL, 0);
    if (n == 0)
        n = 1; /* the test then fails with a clear message */
    bad_case *cases = cr_malloc(n * sizeof *cases);
    memset(cases, 0, n * sizeof *cases);
    read_manifest(cases, n);
    return cr_make_param_array(bad_case, cases, n);
}

ParameterizedTest(bad_case *c, badcorpus, manifest)
{
    cr_assert(c->name[0], "cannot read %s", MANIFEST);
    cr_assert(c->status >= 0 && c->command[0], "MANIFEST.tsv:%d: expected case, command, status, fragments",
              c->lineno);
    char dataset[512];
    snprintf(dataset, sizeof dataset, "%s/%s", BAD_DIR, c->name);
    char command[128];
    snprintf(command, sizeof command, "%s", c->command);
    const char *args[16];
    size_t n = 0;
    for (char *tok = strtok(command, " "); tok && n < 12; tok = strtok(NULL, " "))
        args[n++] = tok;
    args[n++] = "--dataset";
    args[n++] = dataset;
    args[n] = NULL;
    xd_run r = xd_run_cli(args, NULL);
    cr_expect_eq(r.status, c->status, "case %s (MANIFEST.tsv:%d, extrad %s): exit status %d, expected %d\nstderr: %s",
                 c->name, c->lineno, c->command, r.status, c->status, r.err);
    for (int i = 0; i < c->nfrags; i++)
        cr_expect(strstr(r.err, c->frags[i]) || strstr(r.out, c->frags[i]),
                  "case %s (MANIFEST.tsv:%d, extrad %s): expected \"%s\"\nstderr: %s\nstdout (start): %.400s", c->name,
                  c->lineno, c->command, c->frags[i], r.err, r.out);
    /* text from the data reaches the terminal escaped: no control character
     * other than the line ends of the output itself */
    const char *streams[2] = {r.out, r.err};
    for (int k = 0; k < 2; k++) {
        size_t bad = first_control(streams[k]);
        cr_expect_eq(bad, (size_t)-1, "case %s: a raw control character in %s at byte %zu: ...%.40s", c->name,
                     k ? "stderr" : "stdout", bad, streams[k] + (bad == (size_t)-1 ? 0 : bad));
    }
    /* a rejected dataset never gets a result printed as if it were valid */
    if (c->status == 1)
        cr_expect(strstr(r.err, "extrad: error: "), "case %s: exit 1 without an error message", c->name);
    xd_run_free(&r);
}

/* Every folder of tests/bad is in the manifest, and every case in it exists. */
Test(badcorpus, manifest_matches_folders)
{
    size_t n = read_manifest(NULL, 0);
    cr_assert_geq(n, 45, "the corpus has %zu runs", n);
    bad_case *cases = calloc(n, sizeof *cases);
    read_manifest(cases, n);
    DIR *dir = opendir(BAD_DIR);
    cr_assert(dir);
    size_t folders = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "MANIFEST.tsv") == 0)
            continue;
        folders++;
        int listed = 0;
        for (size_t i = 0; i < n; i++)
            listed |= strcmp(cases[i].name, e->d_name) == 0;
        cr_expect(listed, "tests/bad/%s is not in MANIFEST.tsv", e->d_name);
    }
    closedir(dir);
    cr_expect_geq(folders, 45);
    for (size_t i = 0; i < n; i++) {
        char p[512];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", BAD_DIR, cases[i].name);
        cr_expect_eq(lstat(p, &st), 0, "MANIFEST.tsv:%d: no tests/bad/%s", cases[i].lineno, cases[i].name);
        cr_expect(strncmp(cases[i].command, "check", 5) == 0 || strncmp(cases[i].command, "summary", 7) == 0,
                  "MANIFEST.tsv:%d: command '%s'", cases[i].lineno, cases[i].command);
        cr_expect_gt(cases[i].nfrags, 0, "MANIFEST.tsv:%d: no expected message", cases[i].lineno);
    }
    free(cases);
}

/* A missing dataset folder cannot be committed: it is simply absent. */
Test(badcorpus, dataset_folder_missing)
{
    const char *args[] = {"check", "--dataset", BAD_DIR "/no-such-case", NULL};
    xd_run r = xd_run_cli(args, NULL);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "/no-such-case: cannot open the dataset folder: No such file or directory"), "%s", r.err);
    xd_run_free(&r);
}

/* ------------------------------------------------------------ generated at test time */

static const char sources_csv[] = "id,name,url\ns1,Source one,https://example.org/1\n";

static char *gen_dataset(void)
{
    char *dir = xd_tempdir();
    cr_assert(dir);
    char p[512];
    snprintf(p, sizeof p, "%s/sources.csv", dir);
    xd_write_file(p, sources_csv);
    return dir;
}

static FILE *open_in(const char *dir, const char *file)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, file);
    FILE *f = fopen(p, "wb");
    cr_assert(f, "cannot write %s", p);
    return f;
}

static void repeat(FILE *f, int c, size_t n)
{
    char buf[65536];
    memset(buf, c, sizeof buf);
    while (n) {
        size_t k = n < sizeof buf ? n : sizeof buf;
        cr_assert_eq(fwrite(buf, 1, k, f), k);
        n -= k;
    }
}

static xd_run run_on(const char *cmd, const char *dir)
{
    const char *args[] = {cmd, "--dataset", dir, NULL};
    return xd_run_cli(args, NULL);
}

static void expect_run(const char *what, const char *cmd, const char *dir, int status, const char *frag)
{
    xd_run r = run_on(cmd, dir);
    cr_expect_eq(r.status, status, "%s: exit status %d, expected %d\nstderr: %.2000s", what, r.status, status, r.err);
    if (frag)
        cr_expect(strstr(r.err, frag) || strstr(r.out, frag), "%s: expected \"%s\"\nstderr: %.2000s", what, frag,
                  r.err);
    xd_run_free(&r);
}

Test(badcorpus, field_of_10_megabytes)
{
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "annual.csv");
    fputs("year,count,source,note\n2017,57,s1,ok\n2018,69,s1,", f);
    repeat(f, 'n', 10u << 20);
    fputs("\n", f);
    fclose(f);
    expect_run("10 MB field", "check", dir, 1,
               "/annual.csv:3:4: a field longer than 1048576 bytes (the limit for one field)");
    xd_rmtree(dir);
    free(dir);
}

Test(badcorpus, columns_100000)
{
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "annual.csv");
    fputs("year,count,source", f);
    for (int i = 3; i < 100000; i++)
        fprintf(f, ",extra%d", i);
    fputs("\n2017,57,s1\n", f);
    fclose(f);
    expect_run("100,000 columns", "check", dir, 1, "/annual.csv:1:1025: too many fields in one row (the limit is 1024)");
    xd_rmtree(dir);
    free(dir);
}

/* A 2 MB line is fine when each field is within the limit. */
Test(badcorpus, line_of_2_megabytes_accepted)
{
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "sources.csv");
    fputs("id,name,url,quote\ns1,", f);
    repeat(f, 'n', 700000);
    fputs(",https://example.org/", f);
    repeat(f, 'u', 700000);
    fputs(",\"", f);
    repeat(f, 'q', 700000);
    fputs("\"\n", f);
    fclose(f);
    f = open_in(dir, "annual.csv");
    fputs("year,count,source\n2017,57,s1\n2018,x,s1\n", f);
    fclose(f);
    /* the sources load; the error after them is still found at its line */
    expect_run("2 MB line", "check", dir, 1, "/annual.csv:3:2: count: expected a whole number >= 0, found 'x'");
    f = open_in(dir, "annual.csv");
    fputs("year,count,source\n2017,57,s1\n", f);
    fclose(f);
    expect_run("2 MB line", "summary", dir, 0, "2017: 57 [s1]");
    xd_rmtree(dir);
    free(dir);
}

/* A 2 MB line that is one field is over the limit: the message gives where it starts. */
Test(badcorpus, line_of_2_megabytes_one_field)
{
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "annual.csv");
    fputs("year,count,source,note\n\n2017,57,s1,\"", f);
    for (int i = 0; i < 2048; i++) {
        repeat(f, 'w', 1023);
        fputc(i % 2 ? '\n' : ' ', f);
    }
    fputs("\"\n", f);
    fclose(f);
    expect_run("2 MB multi-line field", "check", dir, 1, "/annual.csv:3:4: a field longer than 1048576 bytes");
    xd_rmtree(dir);
    free(dir);
}

/* More than a megabyte of blank lines is no field at all. */
Test(badcorpus, megabytes_of_blank_lines)
{
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "annual.csv");
    fputs("year,count,source\n2017,57,s1\n", f);
    repeat(f, '\n', 1500000);
    fputs("2018,6x,s1\n", f);
    fclose(f);
    expect_run("blank lines", "check", dir, 1, "/annual.csv:1500003:2: count: expected a whole number >= 0, found '6x'");
    xd_rmtree(dir);
    free(dir);
}

Test(badcorpus, file_over_64_mib)
{
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "annual.csv");
    cr_assert_eq(ftruncate(fileno(f), (off_t)XD_TABLE_MAX_BYTES + 10), 0); /* sparse */
    fclose(f);
    expect_run("64 MiB", "check", dir, 1, "/annual.csv: the file has 67108874 bytes; the limit for a dataset file is 67108864");
    xd_rmtree(dir);
    free(dir);
}

Test(badcorpus, unreadable_file)
{
    if (geteuid() == 0)
        cr_skip_test("running as root: permissions do not stop reading");
    char *dir = gen_dataset();
    FILE *f = open_in(dir, "annual.csv");
    fputs("year,count,source\n2017,57,s1\n", f);
    fclose(f);
    char p[512];
    snprintf(p, sizeof p, "%s/annual.csv", dir);
    chmod(p, 0);
    expect_run("unreadable", "check", dir, 1, "/annual.csv: cannot open: Permission denied");
    xd_rmtree(dir);
    free(dir);
}
