/* people.csv and everything built on it: the rules of the file (what check
 * reports, where), how rows become people and conflicts are resolved or kept,
 * every count of extrad people in each format, the bundled lists' totals, the
 * people chart's titles and pictures, and the report's section.
 *
 * The expected counts are those of the fixture's README (tests/fixtures/people),
 * worked out by hand from its rows. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis.h"
#include "chart.h"
#include "dataset.h"
#include "helpers.h"
#include "lang.h"
#include "people.h"

extern char **environ;

#define FIXTURE XD_SOURCE_DIR "/tests/fixtures/people"

static char *dir;

static void setup(void)
{
    dir = xd_tempdir();
    cr_assert(dir != NULL);
    unsetenv("EXTRAD_DATA");
    unsetenv("EXTRAD_GNUPLOT");
    unsetenv("EXTRAD_PLOTS");
}

static void teardown(void)
{
    xd_rmtree(dir);
    free(dir);
}

TestSuite(people, .init = setup, .fini = teardown);

/* ---- helpers ---------------------------------------------------------------------------- */

static const char fixture_people_header[] =
    "transfer_date,name,alias,organization,district,identified,source,status,arrival,note,note_es\n";

/* A copy of the fixture in dir/name, with people.csv replaced when people is not NULL
 * (or removed when it is ""). Returns the folder. */
static char *dataset_with(const char *name, const char *people)
{
    char *ds = strdup(xd_path_join(dir, name));
    cr_assert_eq(mkdir(ds, 0700), 0);
    static const char *const files[] = {"sources.csv", "annual.csv", "meta.csv", "transfers.csv", "people.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *text = xd_slurp(xd_path_join(FIXTURE, files[i]), NULL);
        cr_assert(text, "fixture %s", files[i]);
        if (strcmp(files[i], "people.csv") == 0 && people) {
            if (*people)
                xd_write_file(xd_path_join(ds, files[i]), people);
        } else {
            xd_write_file(xd_path_join(ds, files[i]), text);
        }
        free(text);
    }
    return ds;
}

static int has_diag(const xd_diags *d, enum xd_severity sev, const char *frag)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].text, frag))
            return 1;
    return 0;
}

static const char *all_diags(const xd_diags *d)
{
    static char buf[8192];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->n && o + 2 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\n", d->items[i].text);
    return buf;
}

/* Loads a dataset whose people.csv is the header plus rows; returns the load status. */
static int load_rows(const char *name, const char *rows, xd_dataset *ds, xd_diags *d)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", fixture_people_header, rows);
    char *folder = dataset_with(name, text);
    xd_diags_init(d);
    int rc = xd_dataset_load(folder, ds, d);
    free(folder);
    return rc;
}

static const xd_person *person(const xd_dataset *ds, const char *date, const char *name, size_t nth)
{
    for (size_t i = 0; i < ds->people->n_people; i++) {
        const xd_person *p = &ds->people->people[i];
        if (strcmp(p->transfer->date, date) == 0 && strcmp(p->name, name) == 0 && nth-- == 0)
            return p;
    }
    return NULL;
}

static const xd_people_group *group(const xd_people_tally *t, xd_group_kind kind, const char *value)
{
    for (size_t i = 0; i < t->n_groups; i++)
        if (t->groups[i].kind == kind && (!value || (t->groups[i].value && strcmp(t->groups[i].value, value) == 0)))
            return &t->groups[i];
    return NULL;
}

static xd_run people(const char *const *args)
{
    const char *env[] = {"LC_ALL=C.UTF-8", NULL};
    return xd_run_cli(args, env);
}

/* ---- reading people.csv: people, conflicts, disputes ------------------------------------ */

Test(people, fixture_rows_become_people)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(FIXTURE, &ds, &d), XD_OK, "%s", all_diags(&d));
    cr_assert(ds.people);
    cr_assert_eq(ds.people->n_rows, 13);
    cr_assert_eq(ds.people->n_people, 9);

    /* two sources that agree: one person, both sources, no conflict */
    const xd_person *ana = person(&ds, "2024-03-05", "Ana Uno", 0);
    cr_assert(ana);
    cr_assert_eq(ana->identified, XD_ID_FULL);
    cr_assert_eq(ana->n_rows, 2);
    cr_assert_eq(ana->n_sources, 2);
    cr_assert_str_eq(ana->sources[0], "a");
    cr_assert_str_eq(ana->sources[1], "b");
    cr_assert_str_eq(ana->attr[XD_PF_ORGANIZATION].value, "Org A");
    cr_assert(!ana->attr[XD_PF_ORGANIZATION].conflict);
    /* a field one source states and the other leaves empty is no conflict */
    cr_assert_str_eq(ana->attr[XD_PF_DISTRICT].value, "District X");
    cr_assert(!ana->attr[XD_PF_DISTRICT].conflict);
    cr_assert_str_eq(ana->attr[XD_PF_ALIAS].value, "La Una");
    cr_assert_str_eq(ana->attr[XD_PF_ARRIVAL].value, "");

    /* a conflict resolved by status=preferred */
    const xd_person *beto = person(&ds, "2024-03-05", "Beto Dos", 0);
    cr_assert(beto);
    const xd_person_attr *bo = &beto->attr[XD_PF_ORGANIZATION];
    cr_assert(bo->conflict);
    cr_assert(!bo->disputed);
    cr_assert_str_eq(bo->value, "Org A");
    cr_assert_eq(bo->n_values, 2);
    cr_assert(bo->values[0].preferred && !bo->values[1].preferred);
    /* the alternative row's district is the only one stated: used as is */
    cr_assert_str_eq(beto->attr[XD_PF_DISTRICT].value, "District Y");

    /* no row preferred: disputed, every value with its rows */
    const xd_person *ceci = person(&ds, "2024-03-05", "Ceci Tres", 0);
    cr_assert(ceci);
    const xd_person_attr *co = &ceci->attr[XD_PF_ORGANIZATION];
    cr_assert(co->conflict && co->disputed);
    cr_assert_null(co->value);
    cr_assert_eq(co->n_values, 2);
    cr_assert_str_eq(co->values[0].value, "Org A");
    cr_assert_str_eq(co->values[0].rows[0]->source, "a");
    cr_assert_str_eq(co->values[1].value, "Org C");
    cr_assert_str_eq(co->values[1].rows[0]->source, "c");
    cr_assert_str_eq(ceci->attr[XD_PF_DISTRICT].value, "District X");

    /* partial and sealed; identified defaults to full */
    const xd_person *dani = person(&ds, "2024-03-05", "Dani", 0);
    cr_assert(dani && dani->identified == XD_ID_PARTIAL);
    const xd_person *sealed = person(&ds, "2024-03-05", "", 0);
    cr_assert(sealed && sealed->identified == XD_ID_SEALED);
    cr_assert_eq(person(&ds, "2024-03-05", "Ana Uno", 0)->rows[1]->identified, XD_ID_FULL);

    /* two people of one first name from one source; a second source's row is the first */
    const xd_person *fer1 = person(&ds, "2024-09-10", "Fer", 0), *fer2 = person(&ds, "2024-09-10", "Fer", 1);
    cr_assert(fer1 && fer2);
    cr_assert_null(person(&ds, "2024-09-10", "Fer", 2));
    cr_assert_eq(fer1->n_rows, 2);
    cr_assert_str_eq(fer1->sources[1], "d");
    cr_assert_eq(fer2->n_rows, 1);

    /* people are ordered by transfer, then by their first row */
    for (size_t i = 1; i < ds.people->n_people; i++) {
        const xd_person *a = &ds.people->people[i - 1], *b = &ds.people->people[i];
        int c = strcmp(a->transfer->date, b->transfer->date);
        cr_assert(c < 0 || (c == 0 && a->rows[0]->line < b->rows[0]->line));
    }
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(people, no_people_csv_is_no_people)
{
    char *folder = dataset_with("none", "");
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(folder, &ds, &d), XD_OK, "%s", all_diags(&d));
    cr_assert_null(ds.people);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    const char *args[] = {"people", "--dataset", folder, NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "people.csv: no people lists"), "%s", r.err);
    xd_run_free(&r);
    free(folder);
}

/* ---- check: every rule, with its place -------------------------------------------------- */

Test(people, unknown_transfer_date_is_an_error_at_its_place)
{
    xd_dataset ds;
    xd_diags d;
    int rc = load_rows("date", "2024-03-05,Ana Uno,,,,,a,,,,\n2024-03-06,Beto Dos,,,,,a,,,,\n", &ds, &d);
    cr_assert_eq(rc, XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:3:1: transfer_date: expected the date of a transfer in"),
              "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "(2024-03-05, 2024-09-10), found '2024-03-06'"), "%s", all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    rc = load_rows("baddate", "2024-02-30,Ana Uno,,,,,a,,,,\n", &ds, &d);
    cr_assert_eq(rc, XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:2:1: transfer_date: expected a date YYYY-MM-DD"), "%s",
              all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(people, unknown_source_is_an_error_at_its_place)
{
    xd_dataset ds;
    xd_diags d;
    int rc = load_rows("src", "2024-03-05,Ana Uno,,,,,a,,,,\n2024-03-05,Ana Uno,,,,,zz,,,,\n"
                              "2024-03-05,Beto Dos,,,,,,,,,\n",
                       &ds, &d);
    cr_assert_eq(rc, XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:3:7: source: expected an id listed in"), "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "found unknown id 'zz'"), "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:4:7: source: expected a source id from sources.csv"), "%s",
              all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(people, more_people_than_the_transfer_moved_is_an_error_at_the_first_too_many)
{
    /* the transfer of 2024-09-10 moved 4: the fifth person (line 6) is one too many; a
     * second row for a person already listed does not count */
    xd_dataset ds;
    xd_diags d;
    int rc = load_rows("over", "2024-09-10,P1,,,,,a,,,,\n2024-09-10,P2,,,,,a,,,,\n2024-09-10,P1,,,,,b,,,,\n"
                               "2024-09-10,P3,,,,,a,,,,\n2024-09-10,P4,,,,,a,,,,\n2024-09-10,,,,,sealed,d,,,,\n",
                       &ds, &d);
    cr_assert_eq(rc, XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:7:1: transfer_date:"), "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "5 people listed for 2024-09-10, more than the 4 the transfer moved"), "%s",
              all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    /* exactly as many is fine */
    rc = load_rows("full", "2024-09-10,P1,,,,,a,,,,\n2024-09-10,P2,,,,,a,,,,\n2024-09-10,P1,,,,,b,,,,\n"
                           "2024-09-10,P3,,,,,a,,,,\n2024-09-10,,,,,sealed,d,,,,\n",
                   &ds, &d);
    cr_assert_eq(rc, XD_OK, "%s", all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(people, two_full_rows_of_one_name_transfer_and_source_are_an_error_unless_alternatives)
{
    xd_dataset ds;
    xd_diags d;
    int rc = load_rows("dup", "2024-03-05,Ana Uno,,Org A,,,a,,,,\n2024-03-05,Ana Uno,,Org B,,,a,,,,\n", &ds, &d);
    cr_assert_eq(rc, XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:3:7: source: a second full row for 'Ana Uno' on 2024-03-05 "
                                         "from 'a' (first on line 2)"),
              "%s", all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    /* marked as versions of one person's row: fine, and the preferred one is used */
    rc = load_rows("alt", "2024-03-05,Ana Uno,,Org A,,,a,preferred,,,\n2024-03-05,Ana Uno,,Org B,,,a,alternative,,,\n",
                   &ds, &d);
    cr_assert_eq(rc, XD_OK, "%s", all_diags(&d));
    cr_assert_eq(ds.people->n_people, 1);
    cr_assert_str_eq(ds.people->people[0].attr[XD_PF_ORGANIZATION].value, "Org A");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    /* partial rows of one name from one source are two people, not an error */
    rc = load_rows("twofer", "2024-03-05,Fer,,,,partial,a,,,,\n2024-03-05,Fer,,,,partial,a,,,,\n", &ds, &d);
    cr_assert_eq(rc, XD_OK, "%s", all_diags(&d));
    cr_assert_eq(ds.people->n_people, 2);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(people, bad_fields_are_errors_naming_what_was_expected)
{
    xd_dataset ds;
    xd_diags d;
    int rc = load_rows("fields", "2024-03-05,Ana Uno,,,,maybe,a,,,,\n"      /* identified */
                                 "2024-03-05,Beto Dos,,,,,a,best,,,\n"      /* status */
                                 "2024-03-05,,,,,full,a,,,,\n"              /* a full row needs a name */
                                 "2024-03-05,\"Ceci\nTres\",,,,,a,,,,\n"    /* one line */
                                 "2024-03-05,Dani,,,,partial,a,,,,\n"
                                 "2024-03-05,Dani,,,,full,b,,,,\n",         /* identified differs */
                       &ds, &d);
    cr_assert_eq(rc, XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:2:6: identified: expected 'full' (or empty), 'partial' or "
                                         "'sealed', found 'maybe'"),
              "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:3:8: status: expected 'preferred', 'alternative' or empty, "
                                         "found 'best'"),
              "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:4:2: name: expected a name (it may be empty only with "
                                         "identified=sealed)"),
              "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:5:2: name: expected a name without control characters"), "%s",
              all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:8:6: identified: expected 'partial' as on line 7 for 'Dani'"),
              "%s", all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    /* a missing required column */
    char *folder = dataset_with("cols", "transfer_date,name,organization,district,identified,source\n");
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(folder, &ds, &d), XD_EDATA);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "people.csv:1: missing required column 'alias'"), "%s", all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    free(folder);
}

Test(people, a_name_in_two_transfers_is_a_warning_of_check)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(FIXTURE, &ds, &d), XD_OK);
    cr_assert_eq(d.n, 0, "loading warns of nothing: %s", all_diags(&d));
    xd_people_warn(ds.people, &d);
    cr_assert_eq(xd_diags_count(&d, XD_SEV_WARNING), 1, "%s", all_diags(&d));
    cr_assert(has_diag(&d, XD_SEV_WARNING, "people.csv:11: 'Ana Uno' is listed in two transfers, 2024-03-05 "
                                           "(line 2) and 2024-09-10"),
              "%s", all_diags(&d));
    xd_dataset_free(&ds);
    xd_diags_free(&d);

    const char *args[] = {"check", "--dataset", FIXTURE, NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "warning:") && strstr(r.err, "'Ana Uno' is listed in two transfers"), "%s", r.err);
    cr_assert(strstr(r.out, "2024-03-05  6 transferred: 5 listed (3 full name, 1 partial, 1 sealed), 1 on no list"),
              "%s", r.out);
    cr_assert(strstr(r.out, "Ceci Tres: organization disputed: 'Org A' (line 6) 'Org C' (line 7)"), "%s", r.out);
    cr_assert(strstr(r.out, "Beto Dos: organization conflict resolved: 'Org A' (line 4, preferred) 'Org B' (line 5)"),
              "%s", r.out);
    cr_assert(strstr(r.out, "valid: 0 errors, 1 warning"), "%s", r.out);
    xd_run_free(&r);

    /* and check reports an error with its place and exit status 1 */
    char rows[512];
    snprintf(rows, sizeof rows, "%s2024-03-05,Ana Uno,,,,,nope,,,,\n", fixture_people_header);
    char *folder = dataset_with("checkerr", rows);
    const char *bad[] = {"check", "--dataset", folder, NULL};
    r = people(bad);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "people.csv:2:7: source: expected an id listed in"), "%s", r.err);
    xd_run_free(&r);
    free(folder);
}

/* ---- counting ------------------------------------------------------------------------------- */

Test(people, fixture_counts_per_transfer_and_by_each_field)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(FIXTURE, &ds, &d), XD_OK);
    xd_people_tally t;
    cr_assert_eq(xd_people_tally_make(&ds, ds.people, NULL, XD_PF_ORGANIZATION, &t, &d), XD_OK);
    cr_assert_eq(t.n_transfers, 2);
    /* 2024-03-05: count 6 (transfers.csv); Ana, Beto, Ceci full, Dani partial, one sealed */
    const xd_people_transfer *x = &t.transfers[0];
    cr_assert_str_eq(x->transfer->date, "2024-03-05");
    cr_assert_eq(x->count, 6);
    cr_assert_eq(x->listed, 5);
    cr_assert_eq(x->full, 3);
    cr_assert_eq(x->partial, 1);
    cr_assert_eq(x->sealed, 1);
    cr_assert_eq(x->unlisted, 1);
    /* 2024-09-10: Eva and Ana full, two Fer partial */
    x = &t.transfers[1];
    cr_assert_eq(x->count, 4);
    cr_assert_eq(x->listed, 4);
    cr_assert_eq(x->full, 2);
    cr_assert_eq(x->partial, 2);
    cr_assert_eq(x->sealed, 0);
    cr_assert_eq(x->unlisted, 0);
    cr_assert_eq(t.all.count, 10);
    cr_assert_eq(t.all.listed, 9);
    cr_assert_eq(t.all.full, 5);
    cr_assert_eq(t.all.partial, 3);
    cr_assert_eq(t.all.sealed, 1);
    cr_assert_eq(t.all.unlisted, 1);

    /* by organization: Org A = Ana (twice, two transfers) and Beto (preferred); Org B = Eva;
     * not stated = Dani and the two Fer; disputed = Ceci */
    cr_assert_eq(t.n_stated, 2);
    cr_assert_eq(t.n_groups, 6);
    cr_assert_str_eq(t.groups[0].value, "Org A");
    cr_assert_eq(t.groups[0].count, 3);
    cr_assert_str_eq(t.groups[1].value, "Org B");
    cr_assert_eq(t.groups[1].count, 1);
    static const xd_group_kind order[] = {XD_GROUP_NOT_STATED, XD_GROUP_DISPUTED, XD_GROUP_SEALED, XD_GROUP_UNLISTED};
    static const long org_counts[] = {3, 1, 1, 1};
    long sum = 0;
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(t.groups[2 + i].kind, order[i]);
        cr_assert_null(t.groups[2 + i].value);
        cr_assert_eq(t.groups[2 + i].count, org_counts[i], "group %zu", i);
    }
    for (size_t i = 0; i < t.n_groups; i++)
        sum += t.groups[i].count;
    cr_assert_eq(sum, t.all.count, "the groups add up to everyone transferred");
    xd_people_tally_free(&t);

    /* by district: X = Ana (first transfer) and Ceci; Y = Beto; nobody disputed */
    cr_assert_eq(xd_people_tally_make(&ds, ds.people, NULL, XD_PF_DISTRICT, &t, &d), XD_OK);
    cr_assert_eq(group(&t, XD_GROUP_STATED, "District X")->count, 2);
    cr_assert_eq(group(&t, XD_GROUP_STATED, "District Y")->count, 1);
    cr_assert_eq(group(&t, XD_GROUP_NOT_STATED, NULL)->count, 5);
    cr_assert_eq(group(&t, XD_GROUP_DISPUTED, NULL)->count, 0, "a group with nobody is kept");
    cr_assert_eq(group(&t, XD_GROUP_SEALED, NULL)->count, 1);
    cr_assert_eq(group(&t, XD_GROUP_UNLISTED, NULL)->count, 1);
    xd_people_tally_free(&t);

    /* by arrival, one transfer */
    cr_assert_eq(xd_people_tally_make(&ds, ds.people, "2024-09-10", XD_PF_ARRIVAL, &t, &d), XD_OK);
    cr_assert_eq(t.n_transfers, 1);
    cr_assert_eq(t.all.count, 4);
    cr_assert_eq(group(&t, XD_GROUP_STATED, "City Q")->count, 1);
    cr_assert_eq(group(&t, XD_GROUP_NOT_STATED, NULL)->count, 3);
    cr_assert_eq(group(&t, XD_GROUP_SEALED, NULL)->count, 0);
    cr_assert_eq(group(&t, XD_GROUP_UNLISTED, NULL)->count, 0);
    xd_people_tally_free(&t);

    /* an unknown date is a usage error that names the transfers */
    cr_assert_eq(xd_people_tally_make(&ds, ds.people, "2024-01-01", XD_PF_ARRIVAL, &t, &d), XD_EUSAGE);
    cr_assert(has_diag(&d, XD_SEV_ERROR, "(2024-03-05, 2024-09-10), found '2024-01-01'"), "%s", all_diags(&d));
    xd_people_tally_free(&t);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(people, a_transfer_without_rows_is_all_unlisted)
{
    xd_dataset ds;
    xd_diags d;
    cr_assert_eq(load_rows("only1", "2024-03-05,Ana Uno,,Org A,,,a,,,,\n", &ds, &d), XD_OK, "%s", all_diags(&d));
    xd_people_tally t;
    cr_assert_eq(xd_people_tally_make(&ds, ds.people, NULL, XD_PF_ORGANIZATION, &t, &d), XD_OK);
    cr_assert_eq(t.transfers[1].listed, 0);
    cr_assert_eq(t.transfers[1].unlisted, 4);
    cr_assert_eq(t.all.unlisted, 5 + 4);
    cr_assert_eq(group(&t, XD_GROUP_UNLISTED, NULL)->count, 9);
    xd_people_tally_free(&t);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

/* ---- extrad people: each format ------------------------------------------------------------ */

Test(people, json_has_the_documented_shape_and_counts)
{
    const char *args[] = {"people", "--dataset", FIXTURE, "--format", "json", NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *o = r.out;
    cr_assert(strstr(o, "\"transfer\": null"), "%s", o);
    cr_assert(strstr(o, "\"date\": \"2024-03-05\",\n      \"count\": 6,\n      \"listed\": 5,\n      \"full\": 3,\n"
                        "      \"partial\": 1,\n      \"sealed\": 1,\n      \"unlisted\": 1"),
              "%s", o);
    cr_assert(strstr(o, "\"total\": {\n    \"count\": 10,\n    \"listed\": 9,\n    \"full\": 5,\n    \"partial\": 3,\n"
                        "    \"sealed\": 1,\n    \"unlisted\": 1\n  }"),
              "%s", o);
    cr_assert(strstr(o, "\"organization\": \"Org A\",\n      \"group\": \"stated\",\n      \"count\": 3"), "%s", o);
    cr_assert(strstr(o, "\"organization\": null,\n      \"group\": \"not_stated\",\n      \"count\": 3"), "%s", o);
    cr_assert(strstr(o, "\"organization\": null,\n      \"group\": \"disputed\",\n      \"count\": 1"), "%s", o);
    cr_assert(strstr(o, "\"organization\": null,\n      \"group\": \"unlisted\",\n      \"count\": 1"), "%s", o);
    cr_assert(strstr(o, "\"district\": \"District X\",\n      \"group\": \"stated\",\n      \"count\": 2"), "%s", o);
    cr_assert(strstr(o, "\"district\": null,\n      \"group\": \"disputed\",\n      \"count\": 0"), "%s", o);
    cr_assert(strstr(o, "\"arrival\": \"City Q\""), "%s", o);
    /* a person with a disputed field: null, and every value with its sources */
    cr_assert(strstr(o, "\"name\": \"Ceci Tres\",\n      \"alias\": null,\n      \"organization\": null,\n"
                        "      \"district\": \"District X\",\n      \"arrival\": null,\n      \"identified\": \"full\",\n"
                        "      \"sources\": [\n        \"a\",\n        \"c\"\n      ],\n      \"disputed\": [\n"
                        "        {\n          \"field\": \"organization\",\n          \"values\": [\n"
                        "            {\n              \"value\": \"Org A\",\n              \"sources\": [\n"
                        "                \"a\"\n              ]\n            },"),
              "%s", o);
    /* the sealed person has no name; the preferred value is used */
    cr_assert(strstr(o, "\"name\": null,"), "%s", o);
    cr_assert(strstr(o, "\"name\": \"Beto Dos\",\n      \"alias\": null,\n      \"organization\": \"Org A\""), "%s", o);
    cr_assert(strstr(o, "\"notes\": [\n        \"Two sources agree.\"\n      ]"), "%s", o);
    xd_run_free(&r);

    /* one transfer; notes in Spanish where given */
    const char *one[] = {"people", "--dataset", FIXTURE, "--format", "json", "--transfer", "2024-03-05", "--lang",
                         "es", NULL};
    r = people(one);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"transfer\": \"2024-03-05\""), "%s", r.out);
    cr_assert(!strstr(r.out, "2024-09-10"), "%s", r.out);
    cr_assert(strstr(r.out, "\"Dos fuentes coinciden.\""), "%s", r.out);
    cr_assert(strstr(r.out, "\"total\": {\n    \"count\": 6,"), "%s", r.out);
    xd_run_free(&r);
}

Test(people, csv_is_the_groups_of_by)
{
    const char *args[] = {"people", "--dataset", FIXTURE, "--format", "csv", "--by", "district", NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "district,group,count\nDistrict X,stated,2\nDistrict Y,stated,1\n,not_stated,5\n"
                            ",disputed,0\n,sealed,1\n,unlisted,1\n");
    xd_run_free(&r);
    const char *org[] = {"people", "--dataset", FIXTURE, "--format", "csv", NULL};
    r = people(org);
    cr_assert_str_eq(r.out, "organization,group,count\nOrg A,stated,3\nOrg B,stated,1\n,not_stated,3\n"
                            ",disputed,1\n,sealed,1\n,unlisted,1\n");
    xd_run_free(&r);
}

Test(people, text_and_md_show_counts_groups_names_and_sources)
{
    const char *args[] = {"people", "--dataset", FIXTURE, NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *o = r.out;
    cr_assert(strstr(o, "Who was handed over: 2 transfers, 10 people (dataset people-fixture)"), "%s", o);
    cr_assert(strstr(o, "  5 March 2024           6       5          3             1       1           1"), "%s", o);
    cr_assert(strstr(o, "  All                   10       9          5             3       1           1"), "%s", o);
    cr_assert(strstr(o, "By organization (10 people)") && strstr(o, "By charging district (10 people)"), "%s", o);
    cr_assert(strstr(o, "  Disputed: the sources disagree      1"), "%s", o);
    cr_assert(strstr(o, "  On no list found                    1"), "%s", o);
    cr_assert(strstr(o, "Ceci Tres; organization: disputed: Org A [1] or Org C [3]; charging district: District X; "
                        "sources [1] [3]"),
              "%s", o);
    cr_assert(strstr(o, "Ana Uno; alias: La Una; organization: Org A; charging district: District X; sources [1] [2]"),
              "%s", o);
    cr_assert(strstr(o, "Dani (partial name); sources [3]"), "%s", o);
    cr_assert(strstr(o, "(name withheld); sources [4]"), "%s", o);
    cr_assert(strstr(o, "Eva Cinco; alias: El Cinco; organization: Org B; arrival: City Q; sources [1]"), "%s", o);
    cr_assert(strstr(o, "  [4] Court D, https://example.org/d"), "%s", o);
    xd_run_free(&r);

    const char *es[] = {"people", "--dataset", FIXTURE, "--by", "arrival", "--lang", "es", "--format", "md", NULL};
    r = people(es);
    cr_assert_eq(r.status, 0, "%s", r.err);
    o = r.out;
    cr_assert(strstr(o, "## Quiénes fueron entregados: 2 traslados, 10 personas"), "%s", o);
    cr_assert(strstr(o, "| 5 de marzo de 2024 | 6 | 5 | 3 | 1 | 1 | 1 |"), "%s", o);
    cr_assert(strstr(o, "### Por ciudad de llegada (10 personas)"), "%s", o);
    cr_assert(strstr(o, "| City Q | 1 |") && strstr(o, "| *Ninguna fuente lo indica* | 7 |"), "%s", o);
    cr_assert(!strstr(o, "Por organización"), "--by shows one grouping: %s", o);
    cr_assert(strstr(o, "| Ceci Tres |  | en disputa: Org A [1] o Org C [3] | District X |  | [1] [3] |"), "%s", o);
    xd_run_free(&r);
}

Test(people, bad_options_are_usage_errors)
{
    const char *const cases[][8] = {
        {"people", "--dataset", FIXTURE, "--transfer", "2024-03-06", NULL},
        {"people", "--dataset", FIXTURE, "--by", "court", NULL},
        {"people", "--dataset", FIXTURE, "--format", "xml", NULL},
        {"people", "--dataset", FIXTURE, "--lang", "fr", NULL},
        {"people", "--dataset", FIXTURE, "extra", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xd_run r = people(cases[i]);
        cr_assert_eq(r.status, 2, "case %zu: %d %s", i, r.status, r.err);
        xd_run_free(&r);
    }
    const char *help[] = {"people", "--help", NULL};
    xd_run r = people(help);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "--by FIELD"), "%s", r.out);
    xd_run_free(&r);
}

/* ---- the bundled lists ------------------------------------------------------------------- */

Test(people, bundled_lists_totals)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK, "%s", all_diags(&d));
    cr_assert(ds.people);
    xd_people_tally t;
    cr_assert_eq(xd_people_tally_make(&ds, ds.people, NULL, XD_PF_DISTRICT, &t, &d), XD_OK);
    cr_assert_eq(t.n_transfers, 3);
    /* 27 Feb 2025: 19 full names and 10 first names only, of 29 */
    cr_assert_eq(t.transfers[0].count, 29);
    cr_assert_eq(t.transfers[0].full, 19);
    cr_assert_eq(t.transfers[0].partial, 10);
    cr_assert_eq(t.transfers[0].unlisted, 0);
    /* 12 Aug 2025: 26 full names of 26 */
    cr_assert_eq(t.transfers[1].count, 26);
    cr_assert_eq(t.transfers[1].full, 26);
    cr_assert_eq(t.transfers[1].listed, 26);
    /* 20 Jan 2026: 28 named and 3 sealed, of 37 */
    cr_assert_eq(t.transfers[2].count, 37);
    cr_assert_eq(t.transfers[2].full, 28);
    cr_assert_eq(t.transfers[2].sealed, 3);
    cr_assert_eq(t.transfers[2].unlisted, 6);
    cr_assert_eq(t.all.count, 92);
    /* every sourced "arrival:" city is an arrival, never a district */
    for (size_t i = 0; i < ds.people->n_rows; i++) {
        const xd_person_row *r = &ds.people->rows[i];
        cr_assert(!strstr(r->field[XD_PF_DISTRICT], "arrival"), "line %ld", r->line);
        cr_assert(!strstr(r->field[XD_PF_ARRIVAL], "arrival"), "line %ld", r->line);
        cr_assert(*r->source);
    }
    /* La Tuta's organization is kept as the sources give it: disputed */
    const xd_person *tuta = person(&ds, "2025-08-12", "Servando Gómez Martínez", 0);
    cr_assert(tuta);
    cr_assert(tuta->attr[XD_PF_ORGANIZATION].disputed);
    cr_assert_eq(tuta->attr[XD_PF_ORGANIZATION].n_values, 2);
    cr_assert_str_eq(tuta->attr[XD_PF_DISTRICT].value, "Southern District of New York");
    xd_people_tally_free(&t);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

/* ---- the chart ------------------------------------------------------------------------------ */

/* The title written for the chart: its lines in strings.gp, joined by spaces. */
static char *chart_title(const char *dataset, const char *date, int by_district, xd_lang lang)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    cr_assert_eq(xd_dataset_load(dataset, &ds, &d), XD_OK, "%s", all_diags(&d));
    xd_compare_options o = {.count = -1, .level = 0.95};
    xd_analysis a;
    cr_assert_eq(xd_analysis_run(&ds, &o, lang, &a, &d), XD_OK, "%s", all_diags(&d));
    a.people_transfer = date;
    a.people_by_district = by_district;
    char *sub = strdup(xd_path_join(dir, "chartdata"));
    mkdir(sub, 0700);
    cr_assert_eq(xd_chart_write_data(XD_CHART_PEOPLE, &a, sub, &d), XD_OK, "%s", all_diags(&d));
    char *s = xd_slurp(xd_path_join(sub, "strings.gp"), NULL);
    cr_assert(s);
    char *out = calloc(1, strlen(s) + 1);
    for (const char *p = strstr(s, "\ntitle_"); p; p = strstr(p + 1, "\ntitle_")) {
        const char *q = strchr(p, '\'') + 1, *e = strstr(q, "'\n");
        if (*out)
            strcat(out, " ");
        strncat(out, q, (size_t)(e - q));
    }
    free(s);
    xd_rmtree(sub);
    free(sub);
    xd_analysis_free(&a);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    return out;
}

Test(people, chart_title_says_only_what_the_counts_support)
{
    /* 4 of 10 with an organization, Org A the most with 3: not "most" */
    char *t = chart_title(FIXTURE, NULL, 0, XD_LANG_EN);
    cr_assert_str_eq(t, "Sources name an organization for 4 of the 10 people transferred in 2 handovers; the one "
                        "named most: Org A, 3 people");
    free(t);
    /* District X has 2 of 6, one more than District Y */
    t = chart_title(FIXTURE, "2024-03-05", 1, XD_LANG_EN);
    cr_assert_str_eq(t, "Sources name a charging district for 3 of the 6 people transferred on 5 March 2024; the "
                        "one named most: District X, 2 people");
    free(t);
    /* Org A and Org B 1 each: no largest group is named */
    t = chart_title(FIXTURE, "2024-09-10", 0, XD_LANG_EN);
    cr_assert_str_eq(t, "Sources name an organization for 2 of the 4 people transferred on 10 September 2024; none "
                        "has more than 1 person");
    free(t);
    /* nobody's district is known */
    t = chart_title(FIXTURE, "2024-09-10", 1, XD_LANG_ES);
    cr_assert_str_eq(t, "Ninguna fuente indica el distrito de acusación de ninguna de las 4 personas trasladadas el "
                        "10 de septiembre de 2024");
    free(t);
    /* more than half of everyone transferred in one district: "most" */
    char *folder = dataset_with("most", "");
    char rows[1024];
    snprintf(rows, sizeof rows,
             "%s2024-09-10,P1,,,District Z,,a,,,,\n2024-09-10,P2,,,District Z,,a,,,,\n"
             "2024-09-10,P3,,,District Z,,b,,,,\n2024-09-10,P4,,,District W,,b,,,,\n",
             fixture_people_header);
    xd_write_file(xd_path_join(folder, "people.csv"), rows);
    t = chart_title(folder, "2024-09-10", 1, XD_LANG_EN);
    cr_assert_str_eq(t, "Most of the 4 people transferred on 10 September 2024 face charges in one district: "
                        "District Z, 3 people");
    free(t);
    /* exactly half is not most */
    snprintf(rows, sizeof rows,
             "%s2024-09-10,P1,,,District Z,,a,,,,\n2024-09-10,P2,,,District Z,,a,,,,\n"
             "2024-09-10,P4,,,District W,,b,,,,\n",
             fixture_people_header);
    xd_write_file(xd_path_join(folder, "people.csv"), rows);
    t = chart_title(folder, "2024-09-10", 1, XD_LANG_EN);
    static const char half[] = "Sources name a charging district for 3 of the 4 people";
    cr_assert(strncmp(t, half, strlen(half)) == 0, "%s", t);
    free(t);
    free(folder);
}

static char *run_stdout(const char *const *argv)
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
    cr_assert_eq(rc, 0, "cannot run %s", argv[0]);
    size_t cap = 1 << 16, n = 0;
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
    cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "%s failed", argv[0]);
    return buf;
}

/* Every space and line break removed: pdftotext breaks lines where the layout does. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++)
        if (!strchr(" \t\r\n\f", *p))
            *o++ = *p;
    *o = '\0';
    return out;
}

Test(people, chart_renders_in_every_format_and_language)
{
    static const char *const outs[] = {"p.png", "p.svg", "p.pdf"};
    for (size_t i = 0; i < 3; i++) {
        const char *out = xd_path_join(dir, outs[i]);
        const char *args[] = {"chart", "people", "--dataset", FIXTURE, "-o", out, NULL};
        xd_run r = people(args);
        cr_assert_eq(r.status, 0, "%s: %s", outs[i], r.err);
        struct stat st;
        cr_assert(stat(out, &st) == 0 && st.st_size > 1000, "%s", outs[i]);
        xd_run_free(&r);
    }
    const char *pdf = xd_path_join(dir, "es.pdf");
    const char *args[] = {"chart", "people", "--dataset", FIXTURE, "--by", "district", "--lang", "es", "-o", pdf, NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    const char *pt[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    char *text = run_stdout(pt), *flat = squeeze(text);
    cr_assert(strstr(flat, "distritodeacusaciónde3delas10personas"), "%s", text);
    cr_assert(strstr(text, "District X") && strstr(text, "Sin dato") && strstr(text, "Nombre reservado") &&
                  strstr(text, "En ninguna lista"),
              "%s", text);
    cr_assert(!strstr(text, "Las fuentes difieren"), "no bar for a group with nobody in it: %s", text);
    free(flat);
    free(text);

    /* an unknown transfer, a missing people.csv */
    const char *bad[] = {"chart", "people", "--dataset", FIXTURE, "--transfer", "2024-01-01", "-o",
                         xd_path_join(dir, "x.png"), NULL};
    r = people(bad);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "--transfer: expected the date of a transfer"), "%s", r.err);
    xd_run_free(&r);
    char *folder = dataset_with("nopeople", "");
    const char *none[] = {"chart", "people", "--dataset", folder, "-o", xd_path_join(dir, "y.png"), NULL};
    r = people(none);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "no people lists"), "%s", r.err);
    xd_run_free(&r);
    free(folder);
}

Test(people, data_text_reaches_gnuplot_only_as_quoted_strings)
{
    /* an organization that would run a command if it reached gnuplot as code */
    char rows[1024];
    snprintf(rows, sizeof rows,
             "%s2024-03-05,Ana Uno,,\"x`touch %s/pwned`' . system('touch %s/pwned2') . '\",,,a,,,,\n",
             fixture_people_header, dir, dir);
    char *folder = dataset_with("evil", rows);
    const char *args[] = {"chart", "people", "--dataset", folder, "-o", xd_path_join(dir, "e.pdf"), NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    cr_assert_neq(access(xd_path_join(dir, "pwned"), F_OK), 0);
    cr_assert_neq(access(xd_path_join(dir, "pwned2"), F_OK), 0);
    const char *pt[] = {"pdftotext", "-enc", "UTF-8", xd_path_join(dir, "e.pdf"), "-", NULL};
    char *text = run_stdout(pt);
    cr_assert(strstr(text, "x`touch"), "the text is drawn as written: %s", text);
    free(text);
    free(folder);
}

/* ---- the report's section ------------------------------------------------------------------ */

Test(people, report_has_who_was_handed_over)
{
    const char *pdf = xd_path_join(dir, "r.pdf");
    const char *args[] = {"report", "--dataset", FIXTURE, "-o", pdf, NULL};
    xd_run r = people(args);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    const char *pt[] = {"pdftotext", "-enc", "UTF-8", pdf, "-", NULL};
    char *text = run_stdout(pt), *flat = squeeze(text);
    cr_assert(strstr(text, "Who was handed over"), "%s", text);
    cr_assert(strstr(flat, "5March2024:3ofthe6peopleidentifiedbyfullname;1morebypartofthenameonly;1listedwith"
                           "thenamesealed;1onnolistfound."),
              "%s", text);
    cr_assert(strstr(flat, "10September2024:2ofthe4peopleidentifiedbyfullname;2morebypartofthenameonly."), "%s",
              text);
    cr_assert(strstr(flat, "5March2024:5listedof6transferred"), "%s", text);
    cr_assert(strstr(text, "Ceci Tres") && strstr(text, "Eva Cinco") && strstr(text, "Dani (partial name)"), "%s",
              text);
    cr_assert(strstr(flat, "disputed(seebelow)"), "%s", text);
    cr_assert(strstr(flat, "CeciTres(transferof5March2024):thesourcesdisagreeontheorganization:\u201cOrgA\u201d[1]or"
                           "\u201cOrgC\u201d[3].Nosourceismarkedpreferred"),
              "%s", text);
    cr_assert(strstr(flat, "BetoDos(transferof5March2024):thesourcesdisagreeontheorganization:\u201cOrgA\u201d[1]or"
                           "\u201cOrgB\u201d[2];thevaluemarkedpreferred,\u201cOrgA\u201d,isused."),
              "%s", text);
    cr_assert(strstr(flat, "arrival:CityQ(chargingdistrictnotstated)"), "%s", text);
    /* both charts, and every source they cite in the list at the end */
    cr_assert(strstr(flat, "Sourcesnameanorganizationfor4ofthe10people"), "%s", text);
    cr_assert(strstr(flat, "Sourcesnameachargingdistrictfor3ofthe10people"), "%s", text);
    cr_assert(strstr(text, "https://example.org/c") && strstr(text, "https://example.org/d"), "%s", text);
    cr_assert(strstr(text, "people.csv"), "the checksum table lists people.csv: %s", text);
    free(flat);
    free(text);

    /* in Spanish */
    const char *es_pdf = xd_path_join(dir, "es.pdf");
    const char *es[] = {"report", "--dataset", FIXTURE, "--lang", "es", "-o", es_pdf, NULL};
    r = people(es);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    const char *pe[] = {"pdftotext", "-enc", "UTF-8", es_pdf, "-", NULL};
    text = run_stdout(pe);
    flat = squeeze(text);
    cr_assert(strstr(text, "Quiénes fueron entregados"), "%s", text);
    cr_assert(strstr(flat, "5demarzode2024:seidentificóconnombrecompletoa3delas6personas;a1más,soloconpartedel"
                           "nombre"),
              "%s", text);
    cr_assert(strstr(flat, "lasfuentesdifierensobrelaorganización:\u00abOrgA\u00bb[1]o\u00abOrgC\u00bb[3]"), "%s",
              text);
    free(flat);
    free(text);

    /* no people.csv, no section */
    char *folder = dataset_with("plain", "");
    const char *plain_pdf = xd_path_join(dir, "plain.pdf");
    const char *plain[] = {"report", "--dataset", folder, "-o", plain_pdf, NULL};
    r = people(plain);
    cr_assert_eq(r.status, 0, "%s", r.err);
    xd_run_free(&r);
    const char *pp[] = {"pdftotext", "-enc", "UTF-8", plain_pdf, "-", NULL};
    text = run_stdout(pp);
    cr_assert(!strstr(text, "Who was handed over"), "%s", text);
    free(text);
    free(folder);
}

Test(people, catalogue_texts_exist_in_both_languages)
{
    static const char *const keys[] = {"people.title", "people.group.unlisted", "chart.people.bar.sealed",
                                       "chart.people.title.district.most", "report.part.people",
                                       "report.people.disputed", "noun.handover.many"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        cr_assert_str_neq(xd_text(XD_LANG_EN, keys[i]), keys[i]);
        cr_assert_str_neq(xd_text(XD_LANG_ES, keys[i]), xd_text(XD_LANG_EN, keys[i]), "%s", keys[i]);
    }
}
