#include "people.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "parse.h"

static const char *const field_names[XD_PF_COUNT] = {"alias", "organization", "district", "arrival"};
static const char *const identified_names[] = {"full", "partial", "sealed"};

const char *xd_pfield_name(xd_pfield f) { return (unsigned)f < XD_PF_COUNT ? field_names[f] : ""; }

const char *xd_identified_name(xd_identified i) { return (unsigned)i <= XD_ID_SEALED ? identified_names[i] : ""; }

/* Columns of people.csv, in this order in idx[]. */
enum { C_DATE, C_NAME, C_ALIAS, C_ORG, C_DISTRICT, C_IDENTIFIED, C_SOURCE, C_STATUS, C_ARRIVAL, C_NOTE, C_NOTE_ES,
       C_COUNT };
static const struct {
    const char *name;
    int required;
} columns[C_COUNT] = {{"transfer_date", 1}, {"name", 1},   {"alias", 1},     {"organization", 1},
                      {"district", 1},      {"identified", 1}, {"source", 1}, {"status", 0},
                      {"arrival", 0},       {"note", 0},   {"note_es", 0}};
/* the column of each xd_pfield */
static const int field_column[XD_PF_COUNT] = {C_ALIAS, C_ORG, C_DISTRICT, C_ARRIVAL};

static const char *cell(const xd_csv_row *row, int idx) { return idx >= 0 ? row->fields[idx] : ""; }

/* Names and the fields shown beside them are printed on one line everywhere. */
static int has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
            return 1;
    return 0;
}

static int bad_field(xd_diags *d, const xd_table *t, const xd_csv_row *row, int idx, const char *expected)
{
    char ex[128], col[128];
    xd_text_excerpt(ex, sizeof ex, row->fields[idx], row->lens[idx], 40);
    xd_text_excerpt(col, sizeof col, t->header[idx], strlen(t->header[idx]), 40);
    return xd_error(d, XD_EDATA, "%s:%ld:%d: %s: expected %s, found '%s'", t->name, row->lines[idx], idx + 1, col,
                    expected, ex);
}

static void row_free(xd_person_row *r)
{
    free(r->name);
    for (int f = 0; f < XD_PF_COUNT; f++)
        free(r->field[f]);
    free(r->source);
    free(r->note);
    free(r->note_es);
}

void xd_people_free(xd_people *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_people; i++) {
        xd_person *q = &p->people[i];
        for (int f = 0; f < XD_PF_COUNT; f++) {
            for (size_t k = 0; k < q->attr[f].n_values; k++)
                free((void *)q->attr[f].values[k].rows);
            free(q->attr[f].values);
        }
        free((void *)q->rows);
        free((void *)q->sources);
    }
    for (size_t i = 0; i < p->n_rows; i++)
        row_free(&p->rows[i]);
    free(p->people);
    free(p->rows);
    free(p->file);
    free(p);
}

/* Reads one row into r; 0 (with the problems recorded) when it is not usable. */
static int read_row(const xd_dataset *ds, int sources_read, int transfers_read, const xd_table *t,
                    const xd_csv_row *row, const int *idx, xd_person_row *r, xd_diags *d)
{
    int ok = 1;
    const char *date = cell(row, idx[C_DATE]);
    int y, m, day;
    if (!xd_parse_date(date, &y, &m, &day)) {
        bad_field(d, t, row, idx[C_DATE], "a date YYYY-MM-DD of a transfer in transfers.csv");
        ok = 0;
    } else if (!(r->transfer = xd_dataset_transfer_on(ds, date)) && transfers_read) {
        char dates[256] = "";
        size_t o = 0;
        for (size_t i = 0; i < ds->n_transfers && o + 16 < sizeof dates; i++)
            o += (size_t)snprintf(dates + o, sizeof dates - o, "%s%s", i ? ", " : "", ds->transfers[i].date);
        xd_error(d, XD_EDATA, "%s:%ld:%d: transfer_date: expected the date of a transfer in %s (%s), found '%s'",
                 t->name, row->lines[idx[C_DATE]], idx[C_DATE] + 1, ds->file_transfers, o ? dates : "none", date);
        ok = 0;
    } else if (!r->transfer) {
        ok = 0; /* transfers.csv failed: its error is reported already */
    }

    const char *ident = cell(row, idx[C_IDENTIFIED]);
    if (!*ident || strcmp(ident, "full") == 0)
        r->identified = XD_ID_FULL;
    else if (strcmp(ident, "partial") == 0)
        r->identified = XD_ID_PARTIAL;
    else if (strcmp(ident, "sealed") == 0)
        r->identified = XD_ID_SEALED;
    else {
        bad_field(d, t, row, idx[C_IDENTIFIED], "'full' (or empty), 'partial' or 'sealed'");
        ok = 0;
    }

    const char *name = cell(row, idx[C_NAME]);
    if (has_control(name)) {
        bad_field(d, t, row, idx[C_NAME], "a name without control characters or line breaks");
        ok = 0;
    } else if (!*name && r->identified != XD_ID_SEALED) {
        bad_field(d, t, row, idx[C_NAME], "a name (it may be empty only with identified=sealed)");
        ok = 0;
    }
    for (int f = 0; f < XD_PF_COUNT; f++) {
        int c = idx[field_column[f]];
        if (c >= 0 && has_control(cell(row, c))) {
            bad_field(d, t, row, c, "text without control characters or line breaks");
            ok = 0;
        }
    }

    const char *src = cell(row, idx[C_SOURCE]);
    if (!*src) {
        bad_field(d, t, row, idx[C_SOURCE], "a source id from sources.csv");
        ok = 0;
    } else if (sources_read && !xd_dataset_source(ds, src)) {
        char ex[128];
        xd_text_excerpt(ex, sizeof ex, src, strlen(src), 40);
        xd_error(d, XD_EDATA, "%s:%ld:%d: source: expected an id listed in %s, found unknown id '%s'", t->name,
                 row->lines[idx[C_SOURCE]], idx[C_SOURCE] + 1, ds->file_sources, ex);
        ok = 0;
    }

    const char *st = cell(row, idx[C_STATUS]);
    if (!*st)
        r->status = XD_ROW_PLAIN;
    else if (strcmp(st, "preferred") == 0)
        r->status = XD_ROW_PREFERRED;
    else if (strcmp(st, "alternative") == 0)
        r->status = XD_ROW_ALTERNATIVE;
    else {
        bad_field(d, t, row, idx[C_STATUS], "'preferred', 'alternative' or empty");
        ok = 0;
    }
    if (!ok)
        return 0;
    r->name = strdup(name);
    for (int f = 0; f < XD_PF_COUNT; f++)
        r->field[f] = strdup(cell(row, idx[field_column[f]]));
    r->source = strdup(src);
    r->note = strdup(cell(row, idx[C_NOTE]));
    r->note_es = strdup(cell(row, idx[C_NOTE_ES]));
    r->line = row->line;
    return 1;
}

static int add_row(xd_person *p, const xd_person_row *r)
{
    const xd_person_row **v = realloc((void *)p->rows, (p->n_rows + 1) * sizeof *v); // NOLINT(bugprone-sizeof-expression)
    if (!v)
        return 0;
    v[p->n_rows++] = r;
    p->rows = v;
    return 1;
}

/* Reconciles one field over a person's rows, as yearly figures are: rows that
 * state nothing do not disagree; different values need preferred rows that agree. */
static int resolve(xd_person *p, xd_pfield f)
{
    xd_person_attr *a = &p->attr[f];
    a->values = calloc(p->n_rows, sizeof *a->values);
    if (!a->values)
        return 0;
    size_t nv = 0; /* values found so far: a->values[0, nv) */
    for (size_t i = 0; i < p->n_rows; i++) {
        const xd_person_row *r = p->rows[i];
        const char *v = r->field[f];
        if (!*v)
            continue;
        size_t k = 0;
        while (k < nv && strcmp(a->values[k].value, v) != 0)
            k++;
        xd_person_value *pv = &a->values[k];
        if (k == nv) {
            pv->value = v;
            pv->rows = calloc(p->n_rows, sizeof *pv->rows); // NOLINT(bugprone-sizeof-expression)
            a->n_values = ++nv; /* counted now so that xd_people_free frees it */
            if (!pv->rows)
                return 0;
        }
        pv->rows[pv->n_rows++] = r;
        pv->preferred |= r->status == XD_ROW_PREFERRED;
    }
    if (a->n_values == 0) {
        a->value = "";
        return 1;
    }
    a->value = a->values[0].value;
    if (a->n_values == 1)
        return 1;
    a->conflict = 1;
    size_t n_pref = 0;
    for (size_t k = 0; k < a->n_values; k++)
        if (a->values[k].preferred) {
            n_pref++;
            a->value = a->values[k].value;
        }
    if (n_pref != 1) {
        a->disputed = 1;
        a->value = NULL;
    }
    return 1;
}

static int finish_person(xd_person *p)
{
    for (int f = 0; f < XD_PF_COUNT; f++)
        if (!resolve(p, (xd_pfield)f))
            return 0;
    p->sources = calloc(p->n_rows, sizeof *p->sources); // NOLINT(bugprone-sizeof-expression)
    if (!p->sources)
        return 0;
    for (size_t i = 0; i < p->n_rows; i++) {
        size_t k = 0;
        while (k < p->n_sources && strcmp(p->sources[k], p->rows[i]->source) != 0)
            k++;
        if (k == p->n_sources)
            p->sources[p->n_sources++] = p->rows[i]->source;
    }
    return 1;
}

/* Groups the rows into people. Full names: every row of one name and transfer
 * is one person. Partial and sealed rows: a source may list two people under one
 * first name (or two sealed names), so the k-th such row of each source goes to
 * the k-th person of that name. */
static int group_rows(xd_people *pp, const xd_table *t, int col_identified, int col_source, xd_diags *d)
{
    int rc = XD_OK;
    pp->people = calloc(pp->n_rows + 1, sizeof *pp->people);
    if (!pp->people)
        return xd_error(d, XD_ENOMEM, "out of memory");
    size_t n = 0; /* people made so far: pp->people[0, n) */
    for (size_t i = 0; i < pp->n_rows; i++) {
        const xd_person_row *r = &pp->rows[i];
        xd_person *into = NULL;
        size_t same_source = 0, nth = 0;
        for (size_t k = 0; k < i; k++) {
            const xd_person_row *q = &pp->rows[k];
            if (q->transfer == r->transfer && q->identified == r->identified && strcmp(q->name, r->name) == 0 &&
                strcmp(q->source, r->source) == 0)
                same_source++;
        }
        for (size_t k = 0; k < n; k++) {
            xd_person *p = &pp->people[k];
            if (p->transfer != r->transfer || strcmp(p->name, r->name) != 0)
                continue;
            if (p->identified != r->identified && *r->name) {
                rc = xd_error(d, XD_EDATA,
                              "%s:%ld:%d: identified: expected '%s' as on line %ld for '%s' on %s, found '%s'",
                              t->name, r->line, col_identified + 1, xd_identified_name(p->identified), p->rows[0]->line,
                              r->name, r->transfer->date, xd_identified_name(r->identified));
                into = p; /* counted once all the same */
                break;
            }
            if (p->identified != r->identified)
                continue;
            if (r->identified == XD_ID_FULL) {
                for (size_t j = 0; j < p->n_rows; j++) {
                    const xd_person_row *q = p->rows[j];
                    if (strcmp(q->source, r->source) == 0 && q->status != XD_ROW_ALTERNATIVE &&
                        r->status != XD_ROW_ALTERNATIVE) {
                        rc = xd_error(d, XD_EDATA,
                                      "%s:%ld:%d: source: a second full row for '%s' on %s from '%s' (first on line "
                                      "%ld): expected one row per person and source; mark a second version of one "
                                      "person's row status=alternative",
                                      t->name, r->line, col_source + 1, r->name, r->transfer->date, r->source,
                                      q->line);
                        break;
                    }
                }
                into = p;
                break;
            }
            if (nth++ == same_source) {
                into = p;
                break;
            }
        }
        if (!into) {
            into = &pp->people[n++];
            pp->n_people = n;
            into->transfer = r->transfer;
            into->name = r->name;
            into->identified = r->identified;
        }
        if (!add_row(into, r))
            return xd_error(d, XD_ENOMEM, "out of memory");
    }
    return rc;
}

/* People are created in file order; the one that goes past the transfer's
 * count is the place to report. */
static int check_counts(const xd_dataset *ds, const xd_people *pp, const xd_table *t, int col_date, xd_diags *d)
{
    int rc = XD_OK;
    for (size_t i = 0; i < ds->n_transfers; i++) {
        const xd_transfer *tr = &ds->transfers[i];
        long n = 0, over_line = 0;
        for (size_t k = 0; k < pp->n_people; k++)
            if (pp->people[k].transfer == tr && ++n == tr->count + 1)
                over_line = pp->people[k].rows[0]->line;
        if (n > tr->count)
            rc = xd_error(d, XD_EDATA,
                          "%s:%ld:%d: transfer_date: %ld people listed for %s, more than the %ld the transfer moved "
                          "(%s line %ld); this row is person %ld",
                          t->name, over_line, col_date + 1, n, tr->date, tr->count, ds->file_transfers, tr->line,
                          tr->count + 1);
    }
    return rc;
}

static int person_cmp(const void *pa, const void *pb)
{
    const xd_person *a = pa, *b = pb;
    int c = strcmp(a->transfer->date, b->transfer->date);
    return c ? c : (a->rows[0]->line > b->rows[0]->line) - (a->rows[0]->line < b->rows[0]->line);
}

int xd_people_load(const xd_dataset *ds, int sources_read, int transfers_read, xd_people **out, xd_diags *d)
{
    *out = NULL;
    size_t n = strlen(ds->dir) + sizeof "/people.csv";
    char *path = malloc(n);
    if (!path)
        return xd_error(d, XD_ENOMEM, "out of memory");
    snprintf(path, n, "%s/people.csv", ds->dir);
    struct stat st;
    /* lstat: a dangling link is an error to report, not an absent file */
    if (lstat(path, &st) != 0 && errno == ENOENT) {
        free(path);
        return XD_OK;
    }
    xd_table t;
    int rc = xd_table_load(path, path, &t, d);
    if (rc != XD_OK) {
        free(path);
        return rc;
    }
    int idx[C_COUNT];
    for (int c = 0; c < C_COUNT; c++) {
        idx[c] = xd_table_column(&t, columns[c].name);
        if (idx[c] < 0 && columns[c].required) {
            char found[512];
            xd_text_list(found, sizeof found, t.header, t.ncols);
            rc = xd_error(d, XD_EDATA, "%s:%ld: missing required column '%s' (found: %s)", t.name, t.header_line,
                          columns[c].name, found);
        }
    }
    xd_people *pp = calloc(1, sizeof *pp);
    if (rc != XD_OK || !pp) {
        xd_table_free(&t);
        free(path);
        free(pp);
        return rc != XD_OK ? rc : xd_error(d, XD_ENOMEM, "out of memory");
    }
    pp->file = path;
    pp->rows = calloc(t.nrows + 1, sizeof *pp->rows);
    if (!pp->rows) {
        xd_table_free(&t);
        xd_people_free(pp);
        return xd_error(d, XD_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < t.nrows; i++) {
        xd_person_row r = {0};
        if (!read_row(ds, sources_read, transfers_read, &t, &t.rows[i], idx, &r, d)) {
            rc = XD_EDATA;
            continue;
        }
        pp->rows[pp->n_rows++] = r;
        int oom = !r.name || !r.source || !r.note || !r.note_es;
        for (int f = 0; f < XD_PF_COUNT; f++)
            oom |= !r.field[f];
        if (oom) {
            xd_table_free(&t);
            xd_people_free(pp);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
    }
    int grc = group_rows(pp, &t, idx[C_IDENTIFIED], idx[C_SOURCE], d);
    if (grc == XD_ENOMEM) {
        xd_table_free(&t);
        xd_people_free(pp);
        return grc;
    }
    if (rc == XD_OK)
        rc = grc;
    int crc = check_counts(ds, pp, &t, idx[C_DATE], d);
    if (rc == XD_OK)
        rc = crc;
    xd_table_free(&t);
    for (size_t i = 0; i < pp->n_people; i++)
        if (!finish_person(&pp->people[i])) {
            xd_people_free(pp);
            return xd_error(d, XD_ENOMEM, "out of memory");
        }
    if (pp->n_people)
        qsort(pp->people, pp->n_people, sizeof *pp->people, person_cmp);
    *out = pp;
    return rc;
}

void xd_people_warn(const xd_people *p, xd_diags *d)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_people; i++) {
        const xd_person *a = &p->people[i];
        if (a->identified == XD_ID_SEALED)
            continue;
        for (size_t k = 0; k < i; k++) {
            const xd_person *b = &p->people[k];
            if (b->identified == XD_ID_SEALED || b->transfer == a->transfer || strcmp(a->name, b->name) != 0)
                continue;
            xd_warning(d,
                       "%s:%ld: '%s' is listed in two transfers, %s (line %ld) and %s: one person handed over twice, "
                       "two people of one name, or a row under the wrong date",
                       p->file, a->rows[0]->line, a->name, b->transfer->date, b->rows[0]->line, a->transfer->date);
            break;
        }
    }
}

/* ---- counting ---------------------------------------------------------------------- */

int xd_people_tally_has(const xd_people_tally *t, const xd_person *p)
{
    return !t->date || strcmp(p->transfer->date, t->date) == 0;
}

static int group_cmp(const void *pa, const void *pb)
{
    const xd_people_group *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->value, b->value);
}

int xd_people_tally_make(const xd_dataset *ds, const xd_people *p, const char *date, xd_pfield by,
                         xd_people_tally *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    out->by = by;
    if (date && !xd_dataset_transfer_on(ds, date)) {
        char dates[256] = "";
        size_t o = 0;
        for (size_t i = 0; i < ds->n_transfers && o + 16 < sizeof dates; i++)
            o += (size_t)snprintf(dates + o, sizeof dates - o, "%s%s", i ? ", " : "", ds->transfers[i].date);
        return xd_error(d, XD_EUSAGE, "--transfer: expected the date of a transfer in %s (%s), found '%s'",
                        ds->file_transfers, o ? dates : "none", date);
    }
    out->date = date;
    out->transfers = calloc(ds->n_transfers + 1, sizeof *out->transfers);
    size_t n_people = p ? p->n_people : 0;
    out->groups = calloc(n_people + 4, sizeof *out->groups);
    if (!out->transfers || !out->groups)
        return xd_error(d, XD_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->n_transfers; i++) {
        const xd_transfer *tr = &ds->transfers[i];
        if (date && strcmp(tr->date, date) != 0)
            continue;
        xd_people_transfer *x = &out->transfers[out->n_transfers++];
        x->transfer = tr;
        x->count = tr->count;
        for (size_t k = 0; k < n_people; k++) {
            const xd_person *q = &p->people[k];
            if (q->transfer != tr)
                continue;
            x->listed++;
            x->full += q->identified == XD_ID_FULL;
            x->partial += q->identified == XD_ID_PARTIAL;
            x->sealed += q->identified == XD_ID_SEALED;
        }
        x->unlisted = x->count - x->listed;
        out->all.count += x->count;
        out->all.listed += x->listed;
        out->all.full += x->full;
        out->all.partial += x->partial;
        out->all.sealed += x->sealed;
        out->all.unlisted += x->unlisted;
    }
    long not_stated = 0, disputed = 0;
    size_t ng = 0; /* stated values so far: out->groups[0, ng) */
    for (size_t k = 0; k < n_people; k++) {
        const xd_person *q = &p->people[k];
        if (!xd_people_tally_has(out, q) || q->identified == XD_ID_SEALED)
            continue;
        const xd_person_attr *a = &q->attr[by];
        if (a->disputed) {
            disputed++;
            continue;
        }
        if (!*a->value) {
            not_stated++;
            continue;
        }
        size_t g = 0;
        while (g < ng && strcmp(out->groups[g].value, a->value) != 0)
            g++;
        if (g == ng)
            out->groups[ng++] = (xd_people_group){XD_GROUP_STATED, a->value, 0};
        out->groups[g].count++;
    }
    out->n_groups = out->n_stated = ng;
    if (out->n_groups)
        qsort(out->groups, out->n_groups, sizeof *out->groups, group_cmp);
    out->groups[out->n_groups++] = (xd_people_group){XD_GROUP_NOT_STATED, NULL, not_stated};
    out->groups[out->n_groups++] = (xd_people_group){XD_GROUP_DISPUTED, NULL, disputed};
    out->groups[out->n_groups++] = (xd_people_group){XD_GROUP_SEALED, NULL, out->all.sealed};
    out->groups[out->n_groups++] = (xd_people_group){XD_GROUP_UNLISTED, NULL, out->all.unlisted};
    return XD_OK;
}

void xd_people_tally_free(xd_people_tally *t)
{
    free(t->transfers);
    free(t->groups);
    memset(t, 0, sizeof *t);
}
