/* extrad check: validate every file of a dataset, reconcile the reported
 * aggregates with the yearly (or monthly) figures and the months with the
 * years, and check meta.csv. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_check.h"
#include "meta.h"
#include "people.h"
#include "check.h"
#include "cli.h"
#include "parse.h"

static const char help[] =
    "Usage: extrad check [--strict] [--tolerance X] [--format text|json|csv|md]\n"
    "                    [--lang en|es|es-MX] [--dataset DIR]\n\n"
    "Validates every file of the dataset, meta.csv and people.csv included, and reports\n"
    "every problem with its file, line and field. Then lists the years that several sources\n"
    "corroborate, the years where sources conflict (and how the conflict is resolved),\n"
    "and how each reported aggregate squares with the yearly figures: agrees or\n"
    "disagrees (the computed figure and the difference) where every year is known,\n"
    "implied (what the missing years must hold) where only some are, incomplete where\n"
    "none is, and not comparable where the period is not a run of whole calendar\n"
    "years (or of whole months, against monthly.csv). Where monthly.csv has the twelve\n"
    "months of a year that annual.csv gives, the months must add up to the year.\n\n"
    "  --strict        exit 3 when a reported aggregate disagrees with complete yearly\n"
    "                  data; months that do not add up to their year are then errors\n"
    "  --tolerance X   allowed difference (default: the rounding of the reported figure)\n"
    "  --format F      text (default), json, csv or md\n"
    "  --lang L        language of the text and md output: en, es (decimal comma) or\n"
    "                  es-MX (default: EXTRAD_LANG, else the locale); messages stay English\n"
    "  --dataset DIR   dataset folder (default: EXTRAD_DATA or the bundled one)\n\n"
    "Exit status: 0 valid (warnings may be printed), 1 bad data, 2 bad usage,\n"
    "3 with --strict when an aggregate disagrees or months do not add up.\n";

/* Distinct measures of monthly.csv, in file order. Caller frees the array only. */
static size_t monthly_measures(const xd_dataset *ds, const char ***out)
{
    const char **list = calloc(ds->n_monthly + 1, sizeof *list);
    size_t n = 0;
    for (size_t i = 0; list && i < ds->n_monthly; i++) {
        size_t k = 0;
        while (k < n && strcmp(list[k], ds->monthly[i].measure) != 0)
            k++;
        if (k == n)
            list[n++] = ds->monthly[i].measure;
    }
    *out = list;
    return list ? n : 0;
}

/* The series of every measure; an unresolved conflict is an error naming its rows. */
static int build_series(cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    const char **ym, **mm;
    size_t ny = xd_dataset_measures(ds, &ym), nm = monthly_measures(ds, &mm);
    c->series = calloc(ny + nm + 1, sizeof *c->series);
    if (!c->series || (!ym && ds->n_annual) || (!mm && ds->n_monthly)) {
        free(ym);
        free(mm);
        return xd_error(&c->d, XD_ENOMEM, "out of memory");
    }
    if (!ym)
        ny = 0;
    if (!mm)
        nm = 0;
    for (size_t k = 0; k < ny + nm; k++) {
        int by_month = k >= ny;
        const char *m = by_month ? mm[k - ny] : ym[k];
        int (*build)(const xd_dataset *, const char *, int, int, int, xd_series *, xd_diags *) =
            by_month ? xd_series_build_monthly : xd_series_build;
        xd_series s;
        xd_diags quiet;
        xd_diags_init(&quiet);
        if (build(ds, m, 0, 0, 1, &s, &quiet) == XD_OK) {
            c->series[c->n_series++] = s;
            /* the same again, to record unresolved conflicts as errors */
            xd_series strict;
            build(ds, m, 0, 0, 0, &strict, &c->d);
            xd_series_free(&strict);
        } else {
            xd_series_free(&s);
        }
        xd_diags_free(&quiet);
    }
    free(ym);
    free(mm);
    return XD_OK;
}

static void aggregate_diags(cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    char n1[64], n2[64], n3[64], span[96];
    for (size_t i = 0; i < c->agg.n; i++) {
        const xd_reconcile *r = &c->agg.items[i];
        const xd_aggregate *a = r->aggregate;
        const char *stat = a->statistic == XD_AGG_MEAN ? "mean" : "total";
        xd_span_text(span, sizeof span, &a->span);
        if (r->kind == XD_RECONCILE_COMPLETE && r->disagrees)
            xd_warning(&c->d,
                       "%s:%ld: the reported %s %s for %s disagrees with the %s figures: computed %s, difference %s "
                       "(tolerance %s)",
                       ds->file_aggregates, a->line, stat, a->value_text, span, r->by_month ? "monthly" : "yearly",
                       cli_num(n1, sizeof n1, r->computed, 6), cli_num(n2, sizeof n2, r->difference, 4),
                       cli_num(n3, sizeof n3, r->tolerance, 3));
        if (r->kind == XD_RECONCILE_PARTIAL && r->impossible)
            xd_warning(&c->d, "%s:%ld: the reported %s %s for %s is smaller than the sum of the known %s (%s)",
                       ds->file_aggregates, a->line, stat, a->value_text, span, r->by_month ? "months" : "years",
                       cli_num(n1, sizeof n1, r->known_total, 6));
        if (r->has_unresolved)
            xd_warning(&c->d, "%s:%ld: the period %s contains a %s with an unresolved conflict; it was left out",
                       ds->file_aggregates, a->line, span, r->by_month ? "month" : "year");
    }
}

const char *cli_check_year_status(const xd_year *y)
{
    if (!y->n_rows)
        return "no_figure";
    if (y->unresolved)
        return "unresolved";
    if (y->conflict)
        return "conflict_resolved";
    return y->n_rows > 1 ? "corroborated" : "single_source";
}

/* ------------------------------------------------------------ text */

#define L(key) xd_text(lang, key)

const char *cli_check_reason(const cli_check *c, const xd_reconcile *r, char *buf, size_t cap)
{
    xd_lang lang = c->lang;
    char span[96];
    if (r->kind == XD_RECONCILE_NONE)
        return cli_fill(buf, cap, lang, r->by_month ? "cli.check.none.month" : "cli.check.none.year", 0);
    if (r->kind != XD_RECONCILE_NOT_COMPARABLE)
        return lang == XD_LANG_EN ? r->reason : "";
    xd_span_text_lang(span, sizeof span, &r->aggregate->span, lang);
    if (r->no_monthly_measure)
        return cli_fill(buf, cap, lang, "cli.check.not_whole.monthly", 2, span,
                        xd_measure_label(&c->ds, r->aggregate->measure, lang));
    return cli_fill(buf, cap, lang, "cli.check.not_whole", 1, span);
}

/* "; to date 1 Nov: 100 (ap-2009-11-01, line 24)" */
static void text_to_date(const xd_annual *a, int in_line, xd_lang lang)
{
    char label[48], buf[256], when[48], num[32], line[32];
    cli_lnum(lang, num, sizeof num, (double)a->count, 15);
    snprintf(line, sizeof line, "%ld", a->line);
    if (in_line) {
        xd_to_date_text_lang(when, sizeof when, a, lang);
        /* "2007 (to 28 Aug)": the day alone */
        char *open = strchr(when, '(');
        char day[48];
        snprintf(day, sizeof day, "%s", open ? open + 1 : when);
        char *close = strchr(day, ')');
        if (close)
            *close = '\0';
        fputs(cli_fill(buf, sizeof buf, lang, "cli.check.to_date.inline", 4, day, num, a->source, line), stdout);
    } else {
        fputs(cli_fill(buf, sizeof buf, lang, a->month ? "cli.check.to_date.month" : "cli.check.to_date.year", 4,
                       xd_to_date_text_lang(label, sizeof label, a, lang), num, a->source, line),
              stdout);
    }
}

static void text_series(const cli_check *c, const xd_series *s)
{
    const xd_dataset *ds = &c->ds;
    xd_lang lang = c->lang;
    int by_month = s->by_month;
    char p1[16], p2[16], py[16], buf[512], n1[64], n2[32];
    size_t with = 0, gaps = 0;
    for (size_t k = 0; k < s->n; k++)
        s->years[k].n_rows ? with++ : gaps++;
    cli_count(n1, sizeof n1, lang, (double)with, by_month ? "month" : "year");
    cli_lnum(lang, n2, sizeof n2, (double)gaps, 15);
    /* the measure by its label: its name is for --measure and the json */
    printf("\n%s%s\n", by_month ? "monthly.csv: " : "",
           cli_fill(buf, sizeof buf, lang, "cli.check.series", 5, xd_measure_label(ds, s->measure, lang), n1,
                    xd_period_text(p1, sizeof p1, by_month, s->from), xd_period_text(p2, sizeof p2, by_month, s->to),
                    n2));
    for (size_t k = 0; k < s->n; k++) {
        const xd_year *y = &s->years[k];
        char num[32];
        xd_period_text(py, sizeof py, by_month, y->period);
        cli_lnum(lang, num, sizeof num, (double)y->count, 15);
        if (!y->n_rows) {
            printf("  %s  %s", py, L("cli.check.no_figure"));
        } else if (!y->conflict) {
            printf("  %s  %s  %s (%s:", py, num, L(y->n_rows > 1 ? "cli.check.corroborated" : "cli.check.single"),
                   cli_count(n1, sizeof n1, lang, (double)y->n_rows, "source"));
            for (size_t i = 0; i < y->n_rows; i++)
                printf(" %s", y->rows[i]->source);
            printf(")");
        } else {
            printf("  %s  %s  %s", py, y->unresolved ? "??" : "", L("cli.check.conflict"));
            if (!y->unresolved)
                printf(" %s;", cli_fill(buf, sizeof buf, lang, "cli.check.preferred_value", 1, num));
            for (size_t i = 0; i < y->n_rows; i++) {
                char line[32];
                snprintf(line, sizeof line, "%ld", y->rows[i]->line);
                cli_lnum(lang, num, sizeof num, (double)y->rows[i]->count, 15);
                const char *st = y->rows[i]->status == XD_ROW_PREFERRED     ? L("cli.check.row.preferred")
                                 : y->rows[i]->status == XD_ROW_ALTERNATIVE ? L("cli.check.row.alternative")
                                                                            : "";
                printf(" %s", cli_fill(buf, sizeof buf, lang, "cli.check.row", 4, num, y->rows[i]->source, line, st));
            }
        }
        if (y->to_date)
            text_to_date(y->to_date, 1, lang);
        printf("\n");
    }
    /* figures to date outside the range of the period's figures */
    for (size_t i = 0; i < s->n_to_date; i++) {
        const xd_annual *a = s->to_date[i];
        int p = xd_period_of(a->year, a->month);
        if (p >= s->from && p <= s->to)
            continue;
        printf("  ");
        text_to_date(a, 0, lang);
        printf("\n");
    }
}

static void text_aggregates(const cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    xd_lang lang = c->lang;
    if (c->agg.n == 0)
        return;
    printf("\n%s\n", cli_fill((char[512]){0}, 512, lang, "cli.check.aggregates", 1, ds->file_aggregates));
    for (size_t i = 0; i < c->agg.n; i++) {
        const xd_reconcile *r = &c->agg.items[i];
        const xd_aggregate *a = r->aggregate;
        char n1[64], n2[64], n3[64], span[96], p[16], buf[1024], line[32], value[64];
        snprintf(line, sizeof line, "%ld", a->line);
        const char *dot = strchr(a->value_text, '.');
        xd_lang_num(lang, value, sizeof value, a->value, dot ? (int)strlen(dot + 1) : 0);
        const char *stat = L(a->statistic == XD_AGG_MEAN ? "cli.check.mean" : "cli.check.total");
        xd_span_text_lang(span, sizeof span, &a->span, lang);
        /* the main measure goes without saying; another is named by its label */
        if (strcmp(a->measure, ds->main_measure) == 0)
            printf("  %s: ", cli_fill(buf, sizeof buf, lang, "cli.check.agg", 5, span, stat, value, line, a->source));
        else
            printf("  %s: ", cli_fill(buf, sizeof buf, lang, "cli.check.agg.measure", 6, span, stat, value,
                                      xd_measure_label(ds, a->measure, lang), line, a->source));
        const char *unit = r->by_month ? "month" : "year";
        switch (r->kind) {
        case XD_RECONCILE_COMPLETE:
            cli_lnum(lang, n1, sizeof n1, r->computed, 6);
            cli_lnum(lang, n2, sizeof n2, r->difference, 4);
            if (r->years == 1)
                snprintf(n3, sizeof n3, "%s", L(r->by_month ? "cli.check.month" : "cli.check.year"));
            else
                cli_count(n3, sizeof n3, lang, (double)r->years, unit);
            printf("%s\n", cli_fill(buf, sizeof buf, lang,
                                    r->years == 1 ? (r->disagrees ? "cli.check.complete.disagrees.one"
                                                                  : "cli.check.complete.agrees.one")
                                                  : (r->disagrees ? "cli.check.complete.disagrees"
                                                                  : "cli.check.complete.agrees"),
                                    3, n1, n3, n2));
            break;
        case XD_RECONCILE_PARTIAL: {
            char list[512] = "", known[32], of[64];
            size_t o = 0;
            for (size_t k = 0; k < r->n_missing && o + 20 < sizeof list; k++)
                o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "",
                                      xd_period_text(p, sizeof p, r->by_month, r->missing[k]));
            cli_lnum(lang, known, sizeof known, (double)r->n_known, 15);
            cli_count(of, sizeof of, lang, (double)r->years, unit);
            cli_lnum(lang, n1, sizeof n1, r->known_total, 6);
            cli_lnum(lang, n2, sizeof n2, r->reported_total, 6);
            cli_lnum(lang, n3, sizeof n3, r->implied_missing_total, 6);
            printf("%s", cli_fill(buf, sizeof buf, lang, "cli.check.partial", 7, known, of, n1, list, n2, n1, n3));
            if (r->impossible)
                printf(" %s", L(r->by_month ? "cli.check.impossible.month" : "cli.check.impossible.year"));
            else if (r->n_missing > 1) {
                char n4[64];
                cli_lnum(lang, n4, sizeof n4, r->implied_missing_total / (double)r->n_missing, 4);
                printf(" %s", cli_fill(buf, sizeof buf, lang, r->by_month ? "cli.check.per_month" : "cli.check.per_year",
                                       1, n4));
            }
            printf("\n");
            break;
        }
        case XD_RECONCILE_NONE:
            printf("%s\n", cli_check_reason(c, r, buf, sizeof buf));
            break;
        case XD_RECONCILE_NOT_COMPARABLE: {
            char why[512];
            printf("%s\n", cli_fill(buf, sizeof buf, lang, "cli.check.not_comparable", 1,
                                    cli_check_reason(c, r, why, sizeof why)));
            break;
        }
        }
    }
}

static void text_months(const cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    xd_lang lang = c->lang;
    if (c->months.n == 0)
        return;
    char buf[1024];
    printf("\n%s\n", cli_fill(buf, sizeof buf, lang, "cli.check.months", 2, ds->file_monthly, ds->file_annual));
    for (size_t i = 0; i < c->months.n; i++) {
        const xd_month_year *m = &c->months.items[i];
        char lines[256], year[16], n[16], sum[32], yc[32], yl[32], d[32];
        xd_lines_text(lines, sizeof lines, m->month_line, 12);
        snprintf(year, sizeof year, "%d", m->year);
        snprintf(n, sizeof n, "%zu", m->n_months);
        cli_lnum(lang, sum, sizeof sum, (double)m->months_sum, 15);
        printf("  %s", year);
        if (strcmp(m->measure, ds->main_measure) != 0)
            printf(" [%s]", xd_measure_label(ds, m->measure, lang));
        printf(": %s ", cli_fill(buf, sizeof buf, lang, "cli.check.months.of", 3, n, lines, sum));
        if (m->has_year) {
            cli_lnum(lang, yc, sizeof yc, (double)m->year_count, 15);
            snprintf(yl, sizeof yl, "%ld", m->year_line);
            printf("%s ", cli_fill(buf, sizeof buf, lang, "cli.check.months.year", 2, yc, yl));
        } else {
            printf("%s ", L("cli.check.months.no_year"));
        }
        switch (m->status) {
        case XD_MONTHS_AGREES: printf("%s\n", L("cli.check.months.agrees")); break;
        case XD_MONTHS_DISAGREES:
            cli_lnum(lang, d, sizeof d, (double)labs(m->difference), 15);
            printf("%s\n", cli_fill(buf, sizeof buf, lang,
                                    m->difference > 0 ? "cli.check.months.more" : "cli.check.months.fewer", 1, d));
            break;
        case XD_MONTHS_INCOMPLETE: printf("%s\n", L("cli.check.months.incomplete")); break;
        case XD_MONTHS_NO_YEAR: printf("%s\n", L("cli.check.months.nothing")); break;
        }
    }
}

/* The people lists: how many each transfer's lists name, and where sources disagree. */
static void text_people(const cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    xd_lang lang = c->lang;
    const xd_people *pp = ds->people;
    xd_people_tally t;
    xd_diags quiet;
    xd_diags_init(&quiet);
    if (xd_people_tally_make(ds, pp, NULL, XD_PF_ORGANIZATION, &t, &quiet) != XD_OK) {
        xd_people_tally_free(&t);
        xd_diags_free(&quiet);
        return;
    }
    xd_diags_free(&quiet);
    char buf[1024], a[64], b[64], e[64];
    printf("\n%s\n", cli_fill(buf, sizeof buf, lang, "cli.check.people", 4, pp->file,
                              cli_count(a, sizeof a, lang, (double)pp->n_rows, "row"),
                              cli_count(b, sizeof b, lang, (double)t.all.listed, "person"),
                              cli_lnum(lang, e, sizeof e, (double)t.all.count, 15)));
    for (size_t i = 0; i < t.n_transfers; i++) {
        const xd_people_transfer *x = &t.transfers[i];
        char v[6][32];
        long nums[6] = {x->count, x->listed, x->full, x->partial, x->sealed, x->unlisted};
        for (int k = 0; k < 6; k++)
            cli_lnum(lang, v[k], sizeof v[k], (double)nums[k], 15);
        printf("  %s  %s\n", x->transfer->date,
               cli_fill(buf, sizeof buf, lang, "cli.check.people.transfer", 6, v[0], v[1], v[2], v[3], v[4], v[5]));
    }
    static const char *const field_keys[XD_PF_COUNT] = {"people.field.alias", "people.field.organization",
                                                        "people.field.district", "people.field.arrival"};
    for (size_t i = 0; i < pp->n_people; i++) {
        const xd_person *p = &pp->people[i];
        for (int f = 0; f < XD_PF_COUNT; f++) {
            const xd_person_attr *at = &p->attr[f];
            if (!at->conflict)
                continue;
            printf("  %s %s: %s %s:", p->transfer->date, *p->name ? p->name : L("cli.check.sealed"),
                   f < XD_PF_COUNT ? L(field_keys[f]) : xd_pfield_name((xd_pfield)f),
                   L(at->disputed ? "cli.check.disputed" : "cli.check.conflict_resolved"));
            for (size_t k = 0; k < at->n_values; k++) {
                printf(" '%s' (", at->values[k].value);
                for (size_t r = 0; r < at->values[k].n_rows; r++)
                    printf("%s%s %ld%s", r ? ", " : "", L("cli.check.line"), at->values[k].rows[r]->line,
                           at->values[k].rows[r]->status == XD_ROW_PREFERRED ? L("cli.check.comma_preferred") : "");
                printf(")");
            }
            printf("\n");
        }
    }
    xd_people_tally_free(&t);
}

static void text_out(const cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    xd_lang lang = c->lang;
    char counts[512], a[64], b[64], e[64], f[64], g[64], buf[1024];
    snprintf(counts, sizeof counts, "%s", cli_count(a, sizeof a, lang, (double)ds->n_annual, "yearly_row"));
    if (ds->has_monthly)
        snprintf(counts + strlen(counts), sizeof counts - strlen(counts), ", %s",
                 cli_count(b, sizeof b, lang, (double)ds->n_monthly, "monthly_row"));
    snprintf(counts + strlen(counts), sizeof counts - strlen(counts), ", %s, %s, %s%s",
             cli_count(e, sizeof e, lang, (double)ds->n_aggregates, "aggregate"),
             cli_count(f, sizeof f, lang, (double)ds->n_transfers, "transfer"),
             cli_count(g, sizeof g, lang, (double)ds->n_sources, "source"), ds->has_meta ? "" : L("cli.check.no_meta"));
    printf("%s\n", cli_fill(buf, sizeof buf, lang, "cli.check.head", 3, ds->name, ds->dir, counts));
    for (size_t k = 0; k < c->n_series; k++)
        text_series(c, &c->series[k]);
    text_aggregates(c);
    text_months(c);
    if (ds->n_transfers) {
        int outside = 1;
        for (size_t i = 0; i < ds->n_transfers; i++)
            outside &= xd_transfer_outside_treaty(&ds->transfers[i]);
        printf("\n%s\n", cli_fill(buf, sizeof buf, lang, outside ? "cli.check.transfers" : "cli.check.transfers.mixed",
                                  1, ds->file_transfers));
        long running = 0;
        for (size_t i = 0; i < ds->n_transfers; i++) {
            const xd_transfer *t = &ds->transfers[i];
            char n[32], run[32], kind[64] = "";
            running += t->count;
            cli_lnum(lang, n, sizeof n, (double)t->count, 15);
            cli_lnum(lang, run, sizeof run, (double)running, 15);
            if (t->kind != XD_KIND_TRANSFER) {
                char key[48];
                snprintf(key, sizeof key, "cli.check.kind.%s", xd_transfer_kind_name(t->kind));
                snprintf(kind, sizeof kind, "%s  ", L(key));
            }
            printf("  %s  %s  %s%s\n", t->date, n, kind,
                   cli_fill(buf, sizeof buf, lang, "cli.check.transfer", 2, run, t->source));
        }
    }
    if (ds->people)
        text_people(c);
}

#undef L

/* ------------------------------------------------------------ the command */

static void check_free(cli_check *c)
{
    for (size_t k = 0; k < c->n_series; k++)
        xd_series_free(&c->series[k]);
    free(c->series);
    xd_check_free(&c->agg);
    xd_months_check_free(&c->months);
    xd_dataset_free(&c->ds);
    xd_diags_free(&c->d);
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"strict", no_argument, 0, 's'},
                                         {"tolerance", required_argument, 0, 't'},
                                         {"format", required_argument, 0, 'f'},
                                         {"dataset", required_argument, 0, 'd'},
                                         {"lang", required_argument, 0, 'g'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int strict = 0, c;
    double tolerance = -1;
    cli_format format = CLI_TEXT;
    const char *dataset = NULL, *lang_arg = NULL;
    xd_lang lang = XD_LANG_EN;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': strict = 1; break;
        case 't': {
            if (!xd_parse_decimal(optarg, &tolerance))
                return cli_usage_error("check", "--tolerance: expected a number >= 0 such as 0.5, found '%s'", optarg);
            break;
        }
        case 'f': {
            xd_diags fd;
            xd_diags_init(&fd);
            int rc = cli_parse_format(optarg, &format, &fd);
            if (rc != XD_OK) {
                int st = cli_usage_error("check", "%s", fd.n ? fd.items[0].text : "bad --format");
                xd_diags_free(&fd);
                return st;
            }
            xd_diags_free(&fd);
            break;
        }
        case 'd': dataset = optarg; break;
        case 'g': lang_arg = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("check");
        }
    }
    if (optind < argc)
        return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
    if (cli_lang("check", lang_arg, &lang) != XD_OK)
        return XD_EUSAGE;
    cli_check chk;
    memset(&chk, 0, sizeof chk);
    chk.strict = strict;
    chk.lang = lang;
    xd_diags_init(&chk.d);
    int rc = cli_load_dataset(dataset, &chk.ds, &chk.d);
    if (rc == XD_OK) {
        chk.loaded = 1;
        rc = build_series(&chk);
        if (rc == XD_OK)
            rc = xd_check_reconcile(&chk.ds, tolerance, &chk.agg, &chk.d);
        if (rc == XD_OK) {
            aggregate_diags(&chk);
            rc = xd_check_months(&chk.ds, strict, &chk.months, &chk.d);
        }
        if (rc == XD_OK)
            xd_meta_validate(&chk.ds, &chk.d);
        if (rc == XD_OK && chk.ds.people)
            xd_people_warn(chk.ds.people, &chk.d);
    }
    size_t errors = xd_diags_count(&chk.d, XD_SEV_ERROR), warnings = xd_diags_count(&chk.d, XD_SEV_WARNING);
    if (format == CLI_JSON)
        cli_check_json(&chk, stdout);
    else if (format == CLI_CSV)
        cli_check_csv(&chk, stdout);
    else if (format == CLI_MD)
        cli_check_md(&chk, stdout);
    else if (chk.loaded)
        text_out(&chk);
    fflush(stdout);
    cli_print_diags(&chk.d);
    int status = chk.d.status;
    if (status == XD_OK && strict && (chk.agg.n_disagree || chk.months.n_disagree))
        status = XD_EDISAGREE;
    if (format == CLI_TEXT && chk.ds.dir) {
        char a[64], b[64];
        printf("\n%s: %s, %s\n", xd_text(lang, errors ? "cli.check.invalid" : "cli.check.valid"),
               cli_count(a, sizeof a, lang, (double)errors, "error"),
               cli_count(b, sizeof b, lang, (double)warnings, "warning"));
    }
    check_free(&chk);
    return status;
}
