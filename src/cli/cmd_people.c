/* extrad people: who was handed over in the transfers, from the dataset's
 * people.csv: how many each transfer moved and how many of them any list
 * names, by organization, charging district or arrival city, and the names. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lang.h"
#include "people.h"
#include "report.h"

static const char help[] =
    "Usage: extrad people [--transfer DATE] [--by organization|district|arrival]\n"
    "                     [--format text|csv|json|md] [--lang en|es|es-MX] [--dataset DIR]\n\n"
    "Who was handed over, from the dataset's people.csv: for each transfer the people\n"
    "it moved (transfers.csv), how many of them a list names in full, in part or only\n"
    "as a sealed name, and how many are on no list found; the people by organization\n"
    "and by charging district (or by city of arrival), with those whose field no\n"
    "source states, those whose sources disagree, the sealed names and the people on\n"
    "no list counted as groups of their own; and the names, with alias, organization,\n"
    "district, arrival city and the numbers of their sources (rows of sources.csv).\n\n"
    "  --transfer DATE  one transfer (a date in transfers.csv); default all\n"
    "  --by FIELD       organization, district or arrival: the grouping shown (text,\n"
    "                   md) or written (csv); default organization and district\n"
    "  --format F       text (default), csv (the groups of --by: VALUE,group,count),\n"
    "                   json (everything) or md\n"
    "  --lang L         language of the text and md output: en, es or es-MX\n"
    "                   (default: EXTRAD_LANG, else the locale)\n"
    "  --dataset DIR    dataset folder (default: EXTRAD_DATA or the bundled one)\n\n"
    "Exit status: 0 done, 1 bad data or no people.csv, 2 bad usage.\n";

static const char *const group_keys[] = {"stated", "not_stated", "disputed", "sealed", "unlisted"};

static const char *T(xd_lang lang, const char *key) { return xd_text(lang, key); }

/* A catalogue text with its %s filled in order, into buf. */
static const char *fill(char *buf, size_t cap, xd_lang lang, const char *key, int n, ...)
{
    const char *tmpl = xd_text(lang, key);
    va_list ap;
    va_start(ap, n);
    size_t o = 0;
    int k = 0;
    for (const char *p = tmpl; *p && o + 1 < cap; p++) {
        if (p[0] == '%' && p[1] == 's') {
            const char *arg = k++ < n ? va_arg(ap, const char *) : "";
            int w = snprintf(buf + o, cap - o, "%s", arg ? arg : "");
            o += w > 0 ? (size_t)w : 0;
            if (o >= cap)
                o = cap - 1;
            p++;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
    va_end(ap);
    return buf;
}

static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

static void pad(FILE *f, const char *s, size_t w, int right)
{
    size_t n = width(s);
    if (right)
        for (; n < w; n++)
            fputc(' ', f);
    fputs(s, f);
    if (!right)
        for (; n < w; n++)
            fputc(' ', f);
}

static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc(*s, f);
    }
}

static const char *group_label(xd_lang lang, const xd_people_group *g)
{
    static const char *const keys[] = {"", "people.group.not_stated", "people.group.disputed", "people.group.sealed",
                                       "people.group.unlisted"};
    return g->kind == XD_GROUP_STATED ? g->value : T(lang, keys[g->kind]);
}

static const char *by_heading(xd_lang lang, xd_pfield by)
{
    return T(lang, by == XD_PF_ORGANIZATION ? "people.by.organization"
                   : by == XD_PF_DISTRICT   ? "people.by.district"
                                            : "people.by.arrival");
}

/* "[3] [7]": the sources' numbers in sources.csv. */
static void source_numbers(char *buf, size_t cap, const xd_dataset *ds, const char *const *ids, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        int w = snprintf(buf + o, cap - o, "%s[%zu]", i ? " " : "", xd_report_source_number(ds, ids[i]));
        o += w > 0 ? (size_t)w : 0;
    }
}

static void value_sources(char *buf, size_t cap, const xd_dataset *ds, const xd_person_value *v)
{
    const char *ids[64];
    size_t n = 0;
    for (size_t i = 0; i < v->n_rows && n < 64; i++) {
        size_t k = 0;
        while (k < n && strcmp(ids[k], v->rows[i]->source) != 0)
            k++;
        if (k == n)
            ids[n++] = v->rows[i]->source;
    }
    source_numbers(buf, cap, ds, ids, n);
}

/* "A [1] or B [2] [3]": every value of a disputed field with its sources. */
static void disputed_text(char *buf, size_t cap, xd_lang lang, const xd_dataset *ds, const xd_person_attr *a)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < a->n_values && o + 1 < cap; k++) {
        char refs[256];
        value_sources(refs, sizeof refs, ds, &a->values[k]);
        int w = snprintf(buf + o, cap - o, "%s%s %s", k ? T(lang, "people.or") : "", a->values[k].value, refs);
        o += w > 0 ? (size_t)w : 0;
    }
}

static const char *display_name(char *buf, size_t cap, xd_lang lang, const xd_person *p)
{
    if (p->identified == XD_ID_SEALED)
        return *p->name ? fill(buf, cap, lang, "people.name.sealed_as", 1, p->name) : T(lang, "people.name.sealed");
    if (p->identified == XD_ID_PARTIAL)
        return fill(buf, cap, lang, "people.name.partial", 1, p->name);
    return p->name;
}

static const char *field_label(xd_lang lang, xd_pfield f)
{
    static const char *const keys[XD_PF_COUNT] = {"people.field.alias", "people.field.organization",
                                                  "people.field.district", "people.field.arrival"};
    return T(lang, keys[f]);
}

/* One field of a person for a line of text: the value, or the disputed values. */
static const char *field_text(char *buf, size_t cap, xd_lang lang, const xd_dataset *ds, const xd_person *p,
                              xd_pfield f)
{
    const xd_person_attr *a = &p->attr[f];
    if (a->disputed) {
        char vals[1024];
        disputed_text(vals, sizeof vals, lang, ds, a);
        return fill(buf, cap, lang, "people.disputed_values", 1, vals);
    }
    return a->value;
}

/* ---- the numbers ---------------------------------------------------------------------- */

static const char *const count_keys[] = {"people.col.count",   "people.col.listed", "people.col.full",
                                         "people.col.partial", "people.col.sealed", "people.col.unlisted"};

static void counts_of(const xd_people_transfer *x, long *v)
{
    v[0] = x->count;
    v[1] = x->listed;
    v[2] = x->full;
    v[3] = x->partial;
    v[4] = x->sealed;
    v[5] = x->unlisted;
}

static void transfer_label(char *buf, size_t cap, xd_lang lang, const xd_people_transfer *x)
{
    if (x->transfer)
        xd_lang_date(lang, buf, cap, x->transfer->year, x->transfer->month, x->transfer->day);
    else
        snprintf(buf, cap, "%s", T(lang, "people.col.all"));
}

static void print_transfers_text(FILE *f, xd_lang lang, const xd_people_tally *t, int md)
{
    size_t w0 = width(T(lang, "people.col.transfer"));
    char label[96];
    for (size_t i = 0; i <= t->n_transfers; i++) {
        const xd_people_transfer *x = i < t->n_transfers ? &t->transfers[i] : &t->all;
        transfer_label(label, sizeof label, lang, x);
        if (width(label) > w0)
            w0 = width(label);
    }
    if (md) {
        fprintf(f, "| %s |", T(lang, "people.col.transfer"));
        for (int c = 0; c < 6; c++)
            fprintf(f, " %s |", T(lang, count_keys[c]));
        fputs("\n|---|", f);
        for (int c = 0; c < 6; c++)
            fputs("---:|", f);
        fputc('\n', f);
    } else {
        fputs("  ", f);
        pad(f, T(lang, "people.col.transfer"), w0, 0);
        for (int c = 0; c < 6; c++) {
            fputs("  ", f);
            fputs(T(lang, count_keys[c]), f);
        }
        fputc('\n', f);
    }
    size_t rows = t->n_transfers > 1 ? t->n_transfers + 1 : t->n_transfers;
    for (size_t i = 0; i < rows; i++) {
        const xd_people_transfer *x = i < t->n_transfers ? &t->transfers[i] : &t->all;
        long v[6];
        counts_of(x, v);
        transfer_label(label, sizeof label, lang, x);
        if (md) {
            fprintf(f, "| %s%s%s |", x->transfer ? "" : "**", label, x->transfer ? "" : "**");
            for (int c = 0; c < 6; c++)
                fprintf(f, " %ld |", v[c]);
        } else {
            fputs("  ", f);
            pad(f, label, w0, 0);
            for (int c = 0; c < 6; c++) {
                char num[32];
                snprintf(num, sizeof num, "%ld", v[c]);
                fputs("  ", f);
                pad(f, num, width(T(lang, count_keys[c])), 1);
            }
        }
        fputc('\n', f);
    }
}

static void print_groups_text(FILE *f, xd_lang lang, const xd_people_tally *t, int md)
{
    char head[256], n[64];
    fill(head, sizeof head, lang, "people.groups.heading", 2, by_heading(lang, t->by),
         xd_lang_count(lang, n, sizeof n, (double)t->all.count, "person"));
    if (md) {
        fprintf(f, "\n### %s\n\n| %s | %s |\n|---|---:|\n", head, T(lang, "people.col.group"),
                T(lang, "people.col.people"));
        for (size_t i = 0; i < t->n_groups; i++) {
            const xd_people_group *g = &t->groups[i];
            fputs("| ", f);
            if (g->kind != XD_GROUP_STATED)
                fputc('*', f);
            md_cell(f, group_label(lang, g));
            if (g->kind != XD_GROUP_STATED)
                fputc('*', f);
            fprintf(f, " | %ld |\n", g->count);
        }
        return;
    }
    size_t w = 0;
    for (size_t i = 0; i < t->n_groups; i++)
        if (width(group_label(lang, &t->groups[i])) > w)
            w = width(group_label(lang, &t->groups[i]));
    fprintf(f, "\n%s\n", head);
    for (size_t i = 0; i < t->n_groups; i++) {
        const xd_people_group *g = &t->groups[i];
        char num[32];
        snprintf(num, sizeof num, "%ld", g->count);
        fputs("  ", f);
        pad(f, group_label(lang, g), w, 0);
        fputs("  ", f);
        pad(f, num, 5, 1);
        fputc('\n', f);
    }
}

static void print_people_text(FILE *f, xd_lang lang, const xd_dataset *ds, const xd_people_tally *t, int md,
                              int *cited)
{
    const xd_people *pp = ds->people;
    char head[256], n[64], name[512], buf[2048];
    fill(head, sizeof head, lang, "people.names.heading", 1,
         xd_lang_count(lang, n, sizeof n, (double)t->all.listed, "person"));
    fprintf(f, md ? "\n### %s\n" : "\n%s\n", head);
    if (md) {
        fprintf(f, "\n| %s | %s |", T(lang, "people.col.transfer"), T(lang, "people.col.name"));
        for (int k = 0; k < XD_PF_COUNT; k++)
            fprintf(f, " %s |", field_label(lang, (xd_pfield)k));
        fprintf(f, " %s |\n|---|---|---|---|---|---|---|\n", T(lang, "people.col.sources"));
    }
    const xd_transfer *last = NULL;
    for (size_t i = 0; i < pp->n_people; i++) {
        const xd_person *p = &pp->people[i];
        if (!xd_people_tally_has(t, p))
            continue;
        for (size_t s = 0; s < p->n_sources; s++) {
            size_t k = xd_report_source_number(ds, p->sources[s]);
            if (k)
                cited[k - 1] = 1;
        }
        char refs[512], date[96];
        source_numbers(refs, sizeof refs, ds, p->sources, p->n_sources);
        xd_lang_date(lang, date, sizeof date, p->transfer->year, p->transfer->month, p->transfer->day);
        const char *shown = display_name(name, sizeof name, lang, p);
        if (md) {
            fputs("| ", f);
            md_cell(f, date);
            fputs(" | ", f);
            md_cell(f, shown);
            for (int k = 0; k < XD_PF_COUNT; k++) {
                fputs(" | ", f);
                md_cell(f, field_text(buf, sizeof buf, lang, ds, p, (xd_pfield)k));
            }
            fprintf(f, " | %s |\n", refs);
            continue;
        }
        if (p->transfer != last)
            fprintf(f, "  %s\n", date);
        last = p->transfer;
        fprintf(f, "    %s", shown);
        for (int k = 0; k < XD_PF_COUNT; k++) {
            const char *v = field_text(buf, sizeof buf, lang, ds, p, (xd_pfield)k);
            if (*v)
                fprintf(f, "; %s: %s", field_label(lang, (xd_pfield)k), v);
        }
        fprintf(f, "; %s %s\n", T(lang, "people.sources_word"), refs);
    }
}

static void print_sources_text(FILE *f, xd_lang lang, const xd_dataset *ds, const int *cited, int md)
{
    fprintf(f, md ? "\n### %s\n\n" : "\n%s\n", T(lang, "people.sources.heading"));
    for (size_t i = 0; i < ds->n_sources; i++) {
        if (!cited[i])
            continue;
        const xd_source *s = &ds->sources[i];
        if (md) {
            fprintf(f, "- [%zu] ", i + 1);
            md_cell(f, s->name);
            fprintf(f, ", <%s>\n", s->url);
        } else {
            fprintf(f, "  [%zu] %s, %s\n", i + 1, s->name, s->url);
        }
    }
}

/* ---- json and csv -------------------------------------------------------------------- */

static void json_counts(cli_json *j, const xd_people_transfer *x)
{
    cli_json_int(j, "count", x->count);
    cli_json_int(j, "listed", x->listed);
    cli_json_int(j, "full", x->full);
    cli_json_int(j, "partial", x->partial);
    cli_json_int(j, "sealed", x->sealed);
    cli_json_int(j, "unlisted", x->unlisted);
}

static void json_groups(cli_json *j, const xd_people_tally *t)
{
    char key[32];
    snprintf(key, sizeof key, "by_%s", xd_pfield_name(t->by));
    cli_json_array(j, key);
    for (size_t i = 0; i < t->n_groups; i++) {
        const xd_people_group *g = &t->groups[i];
        cli_json_object(j, NULL);
        cli_json_str(j, xd_pfield_name(t->by), g->value);
        cli_json_str(j, "group", group_keys[g->kind]);
        cli_json_int(j, "count", g->count);
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
}

static void json_value_sources(cli_json *j, const xd_person_value *v)
{
    cli_json_array(j, "sources");
    for (size_t i = 0; i < v->n_rows; i++) {
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(v->rows[k]->source, v->rows[i]->source) == 0;
        if (!seen)
            cli_json_str(j, NULL, v->rows[i]->source);
    }
    cli_json_close(j, ']');
}

static void print_json(const xd_dataset *ds, const xd_people_tally *tallies, xd_lang lang)
{
    const xd_people_tally *t = &tallies[0];
    cli_json j;
    cli_json_begin(&j, stdout);
    cli_json_str(&j, "dataset", ds->name);
    cli_json_str(&j, "transfer", t->date);
    cli_json_array(&j, "transfers");
    for (size_t i = 0; i < t->n_transfers; i++) {
        cli_json_object(&j, NULL);
        cli_json_str(&j, "date", t->transfers[i].transfer->date);
        json_counts(&j, &t->transfers[i]);
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_json_object(&j, "total");
    json_counts(&j, &t->all);
    cli_json_close(&j, '}');
    for (int b = 0; b < 3; b++)
        json_groups(&j, &tallies[b]);
    cli_json_array(&j, "people");
    const xd_people *pp = ds->people;
    for (size_t i = 0; i < pp->n_people; i++) {
        const xd_person *p = &pp->people[i];
        if (!xd_people_tally_has(t, p))
            continue;
        cli_json_object(&j, NULL);
        cli_json_str(&j, "transfer_date", p->transfer->date);
        cli_json_str(&j, "name", *p->name ? p->name : NULL);
        for (int k = 0; k < XD_PF_COUNT; k++) {
            const char *v = p->attr[k].value;
            cli_json_str(&j, xd_pfield_name((xd_pfield)k), v && *v ? v : NULL);
        }
        cli_json_str(&j, "identified", xd_identified_name(p->identified));
        cli_json_array(&j, "sources");
        for (size_t s = 0; s < p->n_sources; s++)
            cli_json_str(&j, NULL, p->sources[s]);
        cli_json_close(&j, ']');
        cli_json_array(&j, "disputed");
        for (int k = 0; k < XD_PF_COUNT; k++) {
            const xd_person_attr *a = &p->attr[k];
            if (!a->disputed)
                continue;
            cli_json_object(&j, NULL);
            cli_json_str(&j, "field", xd_pfield_name((xd_pfield)k));
            cli_json_array(&j, "values");
            for (size_t v = 0; v < a->n_values; v++) {
                cli_json_object(&j, NULL);
                cli_json_str(&j, "value", a->values[v].value);
                json_value_sources(&j, &a->values[v]);
                cli_json_close(&j, '}');
            }
            cli_json_close(&j, ']');
            cli_json_close(&j, '}');
        }
        cli_json_close(&j, ']');
        cli_json_array(&j, "notes");
        for (size_t r = 0; r < p->n_rows; r++) {
            const xd_person_row *row = p->rows[r];
            const char *note = lang != XD_LANG_EN && *row->note_es ? row->note_es : row->note;
            if (*note)
                cli_json_str(&j, NULL, note);
        }
        cli_json_close(&j, ']');
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_json_end(&j);
}

static void print_csv(const xd_people_tally *t)
{
    fprintf(stdout, "%s,group,count\n", xd_pfield_name(t->by));
    for (size_t i = 0; i < t->n_groups; i++) {
        const xd_people_group *g = &t->groups[i];
        cli_csv_field(stdout, g->value ? g->value : "");
        fprintf(stdout, ",%s,%ld\n", group_keys[g->kind], g->count);
    }
}

int cmd_people(int argc, char **argv)
{
    static const struct option opts[] = {{"transfer", required_argument, 0, 't'}, {"by", required_argument, 0, 'b'},
                                         {"format", required_argument, 0, 'F'},   {"lang", required_argument, 0, 'g'},
                                         {"dataset", required_argument, 0, 'd'},  {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *date = NULL, *dataset = NULL;
    int by = -1, c;
    cli_format format = CLI_TEXT;
    xd_lang lang = XD_LANG_EN;
    int lang_given = 0;
    xd_diags d;
    xd_diags_init(&d);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't': date = optarg; break;
        case 'b':
            if (strcmp(optarg, "organization") == 0)
                by = XD_PF_ORGANIZATION;
            else if (strcmp(optarg, "district") == 0)
                by = XD_PF_DISTRICT;
            else if (strcmp(optarg, "arrival") == 0)
                by = XD_PF_ARRIVAL;
            else
                return cli_usage_error("people", "--by: expected organization, district or arrival, found '%s'",
                                       optarg);
            break;
        case 'F':
            if (cli_parse_format(optarg, &format, &d) != XD_OK) {
                cli_print_diags(&d);
                xd_diags_free(&d);
                return cli_bad_option("people");
            }
            break;
        case 'g':
            if (cli_lang("people", optarg, &lang) != XD_OK)
                return XD_EUSAGE;
            lang_given = 1;
            break;
        case 'd': dataset = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("people");
        }
    }
    /* no --lang: EXTRAD_LANG, else the locale */
    if (!lang_given && cli_lang("people", NULL, &lang) != XD_OK)
        return XD_EUSAGE;
    if (optind < argc)
        return cli_usage_error("people", "unexpected argument '%s'", argv[optind]);

    xd_dataset ds;
    int rc = cli_load_dataset(dataset, &ds, &d);
    if (rc == XD_OK && !ds.people)
        rc = xd_error(&d, XD_EDATA, "%s/people.csv: no people lists: the dataset has no people.csv", ds.dir);
    /* every grouping, for json; the one asked for (or the first two) otherwise */
    xd_people_tally tallies[3] = {0};
    static const xd_pfield fields[3] = {XD_PF_ORGANIZATION, XD_PF_DISTRICT, XD_PF_ARRIVAL};
    for (int b = 0; b < 3 && rc == XD_OK; b++)
        rc = xd_people_tally_make(&ds, ds.people, date, fields[b], &tallies[b], &d);
    if (rc == XD_OK) {
        const xd_people_tally *shown[2] = {&tallies[0], &tallies[1]};
        size_t n_shown = 2;
        if (by >= 0) {
            shown[0] = &tallies[by == XD_PF_ORGANIZATION ? 0 : by == XD_PF_DISTRICT ? 1 : 2];
            n_shown = 1;
        }
        if (format == CLI_JSON) {
            print_json(&ds, tallies, lang);
        } else if (format == CLI_CSV) {
            print_csv(shown[0]);
        } else {
            int md = format == CLI_MD;
            int *cited = calloc(ds.n_sources + 1, sizeof *cited);
            char scope[256], title[512], n[64];
            const xd_people_tally *t = &tallies[0];
            if (date) {
                char dt[96];
                const xd_transfer *tr = t->transfers[0].transfer;
                fill(scope, sizeof scope, lang, "people.scope.one", 1,
                     xd_lang_date(lang, dt, sizeof dt, tr->year, tr->month, tr->day));
            } else {
                xd_lang_count(lang, scope, sizeof scope, (double)t->n_transfers, "transfer");
            }
            fill(title, sizeof title, lang, "people.title", 3, scope,
                 xd_lang_count(lang, n, sizeof n, (double)t->all.count, "person"), ds.name);
            printf(md ? "## %s\n\n" : "%s\n\n", title);
            print_transfers_text(stdout, lang, t, md);
            for (size_t i = 0; i < n_shown; i++)
                print_groups_text(stdout, lang, shown[i], md);
            if (cited) {
                print_people_text(stdout, lang, &ds, t, md, cited);
                print_sources_text(stdout, lang, &ds, cited, md);
            }
            free(cited);
        }
    }
    fflush(stdout);
    cli_print_diags(&d);
    for (int b = 0; b < 3; b++)
        xd_people_tally_free(&tallies[b]);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    return rc;
}
