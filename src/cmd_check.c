/* extrad check: validate every file of a dataset and reconcile the reported
 * aggregates with the yearly figures. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "parse.h"

static const char help[] =
    "Usage: extrad check [--strict] [--tolerance X] [--dataset DIR]\n\n"
    "Validates every file of the dataset and reports every problem with its file,\n"
    "line and field. Then lists the years that several sources corroborate, the\n"
    "years where sources conflict (and how the conflict is resolved), and how each\n"
    "reported aggregate squares with the yearly figures: the computed figure beside\n"
    "the reported one where every year is known, or what the aggregate implies for\n"
    "the missing years where only some are.\n\n"
    "  --strict        exit 3 when a reported aggregate disagrees with complete yearly data\n"
    "  --tolerance X   allowed difference (default: the rounding of the reported figure)\n"
    "  --dataset DIR   dataset folder (default: EXTRAD_DATA or the bundled one)\n\n"
    "Exit status: 0 valid (warnings may be printed), 1 bad data, 2 bad usage,\n"
    "3 with --strict when an aggregate disagrees.\n";

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

/* The years of annual.csv, or with by_month the months of monthly.csv. */
static void print_years(const xd_dataset *ds, int by_month, xd_diags *d)
{
    const char **measures;
    size_t nm = by_month ? monthly_measures(ds, &measures) : xd_dataset_measures(ds, &measures);
    int (*build)(const xd_dataset *, const char *, int, int, int, xd_series *, xd_diags *) =
        by_month ? xd_series_build_monthly : xd_series_build;
    const char *unit = by_month ? "months" : "years";
    for (size_t m = 0; m < nm; m++) {
        xd_series s;
        xd_diags quiet;
        xd_diags_init(&quiet);
        char p1[16], p2[16], py[16];
        if (build(ds, measures[m], 0, 0, 1, &s, &quiet) != XD_OK) {
            xd_diags_free(&quiet);
            continue;
        }
        xd_diags_free(&quiet);
        size_t with = 0, gaps = 0;
        for (size_t k = 0; k < s.n; k++)
            s.years[k].n_rows ? with++ : gaps++;
        printf("\n%smeasure '%s' (%s): %zu %s with figures from %s to %s, %zu without\n",
               by_month ? "monthly.csv: " : "", s.measure, xd_dataset_measure_label(ds, s.measure, "en"), with, unit,
               xd_period_text(p1, sizeof p1, by_month, s.from), xd_period_text(p2, sizeof p2, by_month, s.to), gaps);
        for (size_t k = 0; k < s.n; k++) {
            const xd_year *y = &s.years[k];
            xd_period_text(py, sizeof py, by_month, y->period);
            if (!y->n_rows) {
                printf("  %s  no sourced figure\n", py);
                continue;
            }
            if (!y->conflict) {
                printf("  %s  %ld  %s (%zu source%s:", py, y->count,
                       y->n_rows > 1 ? "corroborated" : "single source", y->n_rows, y->n_rows > 1 ? "s" : "");
                for (size_t i = 0; i < y->n_rows; i++)
                    printf(" %s", y->rows[i]->source);
                printf(")\n");
                continue;
            }
            printf("  %s  %s  conflict:", py, y->unresolved ? "??" : "");
            if (!y->unresolved)
                printf(" %ld preferred;", y->count);
            for (size_t i = 0; i < y->n_rows; i++)
                printf(" %ld (%s, line %ld%s)", y->rows[i]->count, y->rows[i]->source, y->rows[i]->line,
                       y->rows[i]->status == XD_ROW_PREFERRED     ? ", preferred"
                       : y->rows[i]->status == XD_ROW_ALTERNATIVE ? ", alternative"
                                                                  : "");
            printf("\n");
        }
        /* unresolved conflicts are errors, with the rows named */
        xd_series_free(&s);
        if (build(ds, measures[m], 0, 0, 0, &s, d) == XD_OK)
            xd_series_free(&s);
        else
            xd_series_free(&s);
    }
    free(measures);
}

static void print_reconcile(const xd_dataset *ds, const xd_check *c, xd_diags *d)
{
    if (c->n == 0)
        return;
    printf("\naggregates (%s):\n", ds->file_aggregates);
    for (size_t i = 0; i < c->n; i++) {
        const xd_reconcile *r = &c->items[i];
        const xd_aggregate *a = r->aggregate;
        const char *stat = a->statistic == XD_AGG_MEAN ? "mean" : "total";
        char n1[64], n2[64], n3[64];
        printf("  %d-%d %s %s [%s] (line %ld, %s): ", a->first_year, a->last_year, stat, a->value_text, a->measure,
               a->line, a->source);
        switch (r->kind) {
        case XD_RECONCILE_COMPLETE:
            printf("computed %s from all %d years, difference %s%s\n", cli_num(n1, sizeof n1, r->computed, 6),
                   r->years, cli_num(n2, sizeof n2, r->difference, 4), r->disagrees ? " (DISAGREES)" : " (agrees)");
            if (r->disagrees)
                xd_warning(d, "%s:%ld: the reported %s %s for %d-%d disagrees with the yearly figures: computed %s, "
                              "difference %s (tolerance %s)",
                           ds->file_aggregates, a->line, stat, a->value_text, a->first_year, a->last_year, n1, n2,
                           cli_num(n3, sizeof n3, r->tolerance, 3));
            break;
        case XD_RECONCILE_PARTIAL: {
            printf("%zu of %d years known (sum %s); the other %zu (", r->n_known, r->years,
                   cli_num(n1, sizeof n1, r->known_total, 6), r->n_missing);
            for (size_t k = 0; k < r->n_missing; k++)
                printf("%s%d", k ? ", " : "", r->missing[k]);
            printf(") must together hold %s - %s = %s", cli_num(n2, sizeof n2, r->reported_total, 6), n1,
                   cli_num(n3, sizeof n3, r->implied_missing_total, 6));
            if (r->n_missing > 1) {
                char n4[64];
                printf(" (%s a year)", cli_num(n4, sizeof n4, r->implied_missing_total / (double)r->n_missing, 4));
            }
            printf("\n");
            if (r->impossible)
                xd_warning(d, "%s:%ld: the reported %s %s for %d-%d is smaller than the sum of the known years (%s)",
                           ds->file_aggregates, a->line, stat, a->value_text, a->first_year, a->last_year, n1);
            break;
        }
        case XD_RECONCILE_NONE:
            printf("no yearly figure in the period to compare with\n");
            break;
        }
        if (r->has_unresolved)
            xd_warning(d, "%s:%ld: the period %d-%d contains a year with an unresolved conflict; it was left out",
                       ds->file_aggregates, a->line, a->first_year, a->last_year);
    }
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"strict", no_argument, 0, 's'},
                                         {"tolerance", required_argument, 0, 't'},
                                         {"dataset", required_argument, 0, 'd'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int strict = 0, c;
    double tolerance = -1;
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
        case 'd': dataset = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("check");
        }
    }
    if (optind < argc)
        return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    int rc = cli_load_dataset(dataset, &ds, &d);
    xd_check chk = {0};
    if (rc == XD_OK) {
        char monthly[64] = "";
        if (ds.has_monthly)
            snprintf(monthly, sizeof monthly, ", %zu monthly rows", ds.n_monthly);
        printf("dataset %s (%s): %zu yearly rows%s, %zu aggregates, %zu transfers, %zu sources%s\n", ds.name, ds.dir,
               ds.n_annual, monthly, ds.n_aggregates, ds.n_transfers, ds.n_sources, ds.has_meta ? "" : ", no meta.csv");
        print_years(&ds, 0, &d);
        if (ds.has_monthly)
            print_years(&ds, 1, &d);
        rc = xd_check_reconcile(&ds, tolerance, &chk, &d);
        if (rc == XD_OK)
            print_reconcile(&ds, &chk, &d);
        if (ds.n_transfers) {
            printf("\ntransfers (%s), not treaty extraditions:\n", ds.file_transfers);
            long running = 0;
            for (size_t i = 0; i < ds.n_transfers; i++) {
                running += ds.transfers[i].count;
                printf("  %s  %ld  (running total %ld; %s)\n", ds.transfers[i].date, ds.transfers[i].count, running,
                       ds.transfers[i].source);
            }
        }
    }
    size_t errors = xd_diags_count(&d, XD_SEV_ERROR), warnings = xd_diags_count(&d, XD_SEV_WARNING);
    fflush(stdout);
    cli_print_diags(&d);
    int status = d.status;
    if (status == XD_OK && strict && chk.n_disagree)
        status = XD_EDISAGREE;
    if (ds.dir)
        printf("\n%s: %zu error%s, %zu warning%s\n", errors ? "invalid" : "valid", errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
    xd_check_free(&chk);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    return status;
}
