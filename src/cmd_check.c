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
    "Usage: extrad check [--strict] [--tolerance X] [--format text|json|csv|md] [--dataset DIR]\n\n"
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

/* "; to date 1 Nov: 100 (ap-2009-11-01, line 24)" */
static void text_to_date(const xd_annual *a, int in_line)
{
    static const char *const abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char label[48];
    if (in_line)
        printf("; to date %d %s: %ld (%s, line %ld)", a->through_d, abbr[a->through_m - 1], a->count, a->source,
               a->line);
    else
        printf("  %s  %ld  to date, not a %s figure (%s, line %ld)", xd_to_date_text(label, sizeof label, a), a->count,
               a->month ? "monthly" : "yearly", a->source, a->line);
}

static void text_series(const xd_dataset *ds, const xd_series *s)
{
    int by_month = s->by_month;
    char p1[16], p2[16], py[16];
    size_t with = 0, gaps = 0;
    for (size_t k = 0; k < s->n; k++)
        s->years[k].n_rows ? with++ : gaps++;
    printf("\n%smeasure '%s' (%s): %zu %s with figures from %s to %s, %zu without\n", by_month ? "monthly.csv: " : "",
           s->measure, xd_dataset_measure_label(ds, s->measure, "en"), with, by_month ? "months" : "years",
           xd_period_text(p1, sizeof p1, by_month, s->from), xd_period_text(p2, sizeof p2, by_month, s->to), gaps);
    for (size_t k = 0; k < s->n; k++) {
        const xd_year *y = &s->years[k];
        xd_period_text(py, sizeof py, by_month, y->period);
        if (!y->n_rows) {
            printf("  %s  no sourced figure", py);
        } else if (!y->conflict) {
            printf("  %s  %ld  %s (%zu source%s:", py, y->count, y->n_rows > 1 ? "corroborated" : "single source",
                   y->n_rows, y->n_rows > 1 ? "s" : "");
            for (size_t i = 0; i < y->n_rows; i++)
                printf(" %s", y->rows[i]->source);
            printf(")");
        } else {
            printf("  %s  %s  conflict:", py, y->unresolved ? "??" : "");
            if (!y->unresolved)
                printf(" %ld preferred;", y->count);
            for (size_t i = 0; i < y->n_rows; i++)
                printf(" %ld (%s, line %ld%s)", y->rows[i]->count, y->rows[i]->source, y->rows[i]->line,
                       y->rows[i]->status == XD_ROW_PREFERRED     ? ", preferred"
                       : y->rows[i]->status == XD_ROW_ALTERNATIVE ? ", alternative"
                                                                  : "");
        }
        if (y->to_date)
            text_to_date(y->to_date, 1);
        printf("\n");
    }
    /* figures to date outside the range of the period's figures */
    for (size_t i = 0; i < s->n_to_date; i++) {
        const xd_annual *a = s->to_date[i];
        int p = xd_period_of(a->year, a->month);
        if (p >= s->from && p <= s->to)
            continue;
        text_to_date(a, 0);
        printf("\n");
    }
}

static void text_aggregates(const cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    if (c->agg.n == 0)
        return;
    printf("\naggregates (%s):\n", ds->file_aggregates);
    for (size_t i = 0; i < c->agg.n; i++) {
        const xd_reconcile *r = &c->agg.items[i];
        const xd_aggregate *a = r->aggregate;
        char n1[64], n2[64], n3[64], span[96], p[16];
        const char *unit = r->by_month ? "months" : "years";
        printf("  %s %s %s [%s] (line %ld, %s): ", xd_span_text(span, sizeof span, &a->span),
               a->statistic == XD_AGG_MEAN ? "mean" : "total", a->value_text, a->measure, a->line, a->source);
        switch (r->kind) {
        case XD_RECONCILE_COMPLETE:
            printf("computed %s from all %d %s, difference %s%s\n", cli_num(n1, sizeof n1, r->computed, 6), r->years,
                   unit, cli_num(n2, sizeof n2, r->difference, 4), r->disagrees ? " (DISAGREES)" : " (agrees)");
            break;
        case XD_RECONCILE_PARTIAL:
            printf("%zu of %d %s known (sum %s); the other %zu (", r->n_known, r->years, unit,
                   cli_num(n1, sizeof n1, r->known_total, 6), r->n_missing);
            for (size_t k = 0; k < r->n_missing; k++)
                printf("%s%s", k ? ", " : "", xd_period_text(p, sizeof p, r->by_month, r->missing[k]));
            printf(") must together hold %s - %s = %s", cli_num(n2, sizeof n2, r->reported_total, 6), n1,
                   cli_num(n3, sizeof n3, r->implied_missing_total, 6));
            if (r->impossible)
                printf(" (DISAGREES: the known %s alone exceed the reported figure)", unit);
            else if (r->n_missing > 1) {
                char n4[64];
                printf(" (%s a %s)", cli_num(n4, sizeof n4, r->implied_missing_total / (double)r->n_missing, 4),
                       r->by_month ? "month" : "year");
            }
            printf("\n");
            break;
        case XD_RECONCILE_NONE:
            printf("incomplete: no %s figure in the period to compare with\n", r->by_month ? "monthly" : "yearly");
            break;
        case XD_RECONCILE_NOT_COMPARABLE:
            printf("not comparable: %s\n", r->reason);
            break;
        }
    }
}

static void text_months(const cli_check *c)
{
    const xd_dataset *ds = &c->ds;
    if (c->months.n == 0)
        return;
    printf("\nmonths against years (%s, %s):\n", ds->file_monthly, ds->file_annual);
    for (size_t i = 0; i < c->months.n; i++) {
        const xd_month_year *m = &c->months.items[i];
        char lines[256];
        xd_lines_text(lines, sizeof lines, m->month_line, 12);
        printf("  %d [%s]: %zu of 12 months (lines %s), sum %ld; ", m->year, m->measure, m->n_months, lines,
               m->months_sum);
        if (m->has_year)
            printf("the year %ld (line %ld): ", m->year_count, m->year_line);
        else
            printf("no yearly figure: ");
        switch (m->status) {
        case XD_MONTHS_AGREES: printf("agrees\n"); break;
        case XD_MONTHS_DISAGREES:
            printf("DISAGREES (%ld %s)\n", labs(m->difference), m->difference > 0 ? "more" : "fewer");
            break;
        case XD_MONTHS_INCOMPLETE: printf("incomplete\n"); break;
        case XD_MONTHS_NO_YEAR: printf("nothing to compare with\n"); break;
        }
    }
}

/* The people lists: how many each transfer's lists name, and where sources disagree. */
static void text_people(const xd_dataset *ds)
{
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
    printf("\npeople (%s): %zu rows, %ld people listed of %ld transferred\n", pp->file, pp->n_rows, t.all.listed,
           t.all.count);
    for (size_t i = 0; i < t.n_transfers; i++) {
        const xd_people_transfer *x = &t.transfers[i];
        printf("  %s  %ld transferred: %ld listed (%ld full name, %ld partial, %ld sealed), %ld on no list\n",
               x->transfer->date, x->count, x->listed, x->full, x->partial, x->sealed, x->unlisted);
    }
    for (size_t i = 0; i < pp->n_people; i++) {
        const xd_person *p = &pp->people[i];
        for (int f = 0; f < XD_PF_COUNT; f++) {
            const xd_person_attr *a = &p->attr[f];
            if (!a->conflict)
                continue;
            printf("  %s %s: %s %s:", p->transfer->date, *p->name ? p->name : "(sealed)", xd_pfield_name((xd_pfield)f),
                   a->disputed ? "disputed" : "conflict resolved");
            for (size_t k = 0; k < a->n_values; k++) {
                printf(" '%s' (", a->values[k].value);
                for (size_t r = 0; r < a->values[k].n_rows; r++)
                    printf("%sline %ld%s", r ? ", " : "", a->values[k].rows[r]->line,
                           a->values[k].rows[r]->status == XD_ROW_PREFERRED ? ", preferred" : "");
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
    char monthly[64] = "";
    if (ds->has_monthly)
        snprintf(monthly, sizeof monthly, ", %zu monthly rows", ds->n_monthly);
    printf("dataset %s (%s): %zu yearly rows%s, %zu aggregates, %zu transfers, %zu sources%s\n", ds->name, ds->dir,
           ds->n_annual, monthly, ds->n_aggregates, ds->n_transfers, ds->n_sources, ds->has_meta ? "" : ", no meta.csv");
    for (size_t k = 0; k < c->n_series; k++)
        text_series(ds, &c->series[k]);
    text_aggregates(c);
    text_months(c);
    if (ds->n_transfers) {
        printf("\ntransfers (%s), not treaty extraditions:\n", ds->file_transfers);
        long running = 0;
        for (size_t i = 0; i < ds->n_transfers; i++) {
            running += ds->transfers[i].count;
            printf("  %s  %ld  (running total %ld; %s)\n", ds->transfers[i].date, ds->transfers[i].count, running,
                   ds->transfers[i].source);
        }
    }
    if (ds->people)
        text_people(ds);
}

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
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int strict = 0, c;
    double tolerance = -1;
    cli_format format = CLI_TEXT;
    const char *dataset = NULL;
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
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("check");
        }
    }
    if (optind < argc)
        return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
    cli_check chk;
    memset(&chk, 0, sizeof chk);
    chk.strict = strict;
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
    if (format == CLI_TEXT && chk.ds.dir)
        printf("\n%s: %zu error%s, %zu warning%s\n", errors ? "invalid" : "valid", errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
    check_free(&chk);
    return status;
}
