/* extrad summary: descriptive statistics of one yearly series. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_summary_all.h"
#include "cli_to_date.h"
#include "summary.h"

static const char help[] =
    "Usage: extrad summary [--by year|month] [--from YEAR] [--to YEAR] [--measure NAME]\n"
    "                      [--level P] [--format text|csv|json|md] [--lang en|es|es-MX]\n"
    "                      [--dataset DIR]\n\n"
    "Descriptive statistics of the yearly counts of one measure: n, total, mean,\n"
    "sample sd, median and quartiles (R type 7), min and max with their years,\n"
    "coefficient of variation, a Student-t interval for the mean and an exact\n"
    "Poisson (Garwood) interval for the mean yearly count. Years without a\n"
    "sourced figure are listed as gaps, never counted as zero.\n\n"
    "  --by month          the monthly counts of monthly.csv instead of the yearly ones\n"
    "  --from, --to YEAR   period (default: the measure's first and last year); with\n"
    "                      --by month also YYYY-MM (a year alone: January, December)\n"
    "  --measure NAME      series to use (default: the dataset's main measure)\n"
    "  --all-measures      one row per measure (series), each over its own years\n"
    "                      unless --from/--to are given\n"
    "  --level P           confidence level of the intervals (default 0.95)\n"
    "  --format F          text (default), csv, json or md\n"
    "  --lang L            language of the text and md output: en, es (decimal comma)\n"
    "                      or es-MX (default: EXTRAD_LANG, else the locale)\n"
    "  --dataset DIR       dataset folder (default: EXTRAD_DATA or the bundled one)\n\n"
    "An annual.csv over 8 MiB is read row by row, by one thread per processor.\n"
    "Environment: EXTRAD_SUMMARY_STREAM=always or never reads it row by row or as a\n"
    "table whatever its size; EXTRAD_SCAN_THREADS=N caps the threads (N >= 1).\n";

/* JSON, or with flat the csv format: the same keys flattened */
static void print_json(const xd_summary *s, const xd_series *series, int flat)
{
    const char *unit = s->by_month ? "month" : "year";
    cli_json j;
    if (flat)
        cli_json_begin_flat(&j, stdout);
    else
        cli_json_begin(&j, stdout);
    cli_json_str(&j, "measure", s->measure);
    if (s->by_month)
        cli_json_str(&j, "by", "month");
    cli_json_summary(&j, s, 1);
    /* provenance: the value used for each year and the rows behind it */
    cli_json_array(&j, s->by_month ? "months" : "years");
    for (size_t k = 0; k < series->n; k++) {
        const xd_year *y = &series->years[k];
        if (!y->has_value)
            continue;
        cli_json_object(&j, NULL);
        cli_json_period(&j, unit, s->by_month, y->period);
        cli_json_int(&j, "count", y->count);
        cli_json_array(&j, "sources");
        for (size_t i = 0; i < y->n_rows; i++)
            if (y->rows[i]->count == y->count)
                cli_json_str(&j, NULL, y->rows[i]->source);
        cli_json_close(&j, ']');
        cli_json_bool(&j, "conflict", y->conflict);
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_to_date_json(&j, series);
    cli_json_end(&j);
}

static void build_rows(const xd_summary *s, cli_rows *r)
{
    xd_lang lang = r->lang;
    char buf[4096], a[64], b[64], pt[16], pc[16]; /* buf holds the list of gaps: a month each */
    int m = s->by_month;
    snprintf(a, sizeof a, "%zu", s->n);
    char na[32], nb[32];
    cli_fill(buf, sizeof buf, lang, "cli.n_of", 2, cli_lnum(lang, na, sizeof na, (double)s->n, 6),
             cli_lnum(lang, nb, sizeof nb, (double)(s->to - s->from + 1), 6));
    cli_rows_add(r, "n", xd_text(lang, m ? "cli.sum.n.month" : "cli.sum.n.year"), a, buf);
    cli_rows_num(r, "total", xd_text(lang, "cli.sum.total"), s->desc.total, 6);
    cli_rows_num(r, "mean", xd_text(lang, m ? "cli.sum.mean.month" : "cli.sum.mean.year"), s->desc.mean, 4);
    cli_rows_num(r, "sd", xd_text(lang, "cli.sum.sd"), s->desc.sd, 4);
    cli_rows_num(r, "median", xd_text(lang, "cli.sum.median"), s->desc.median, 4);
    cli_rows_num(r, "q1", xd_text(lang, "cli.sum.q1"), s->desc.q1, 4);
    cli_rows_num(r, "q3", xd_text(lang, "cli.sum.q3"), s->desc.q3, 4);
    snprintf(buf, sizeof buf, "%s (%s)", cli_lnum(lang, a, sizeof a, s->desc.min, 6),
             xd_period_text(pt, sizeof pt, m, s->min_year));
    cli_rows_add(r, "min_count", xd_text(lang, "cli.sum.min"), cli_num(a, sizeof a, s->desc.min, 6), buf);
    cli_rows_machine(r, m ? "min_month" : "min_year", pt);
    snprintf(buf, sizeof buf, "%s (%s)", cli_lnum(lang, a, sizeof a, s->desc.max, 6),
             xd_period_text(pt, sizeof pt, m, s->max_year));
    cli_rows_add(r, "max_count", xd_text(lang, "cli.sum.max"), cli_num(a, sizeof a, s->desc.max, 6), buf);
    cli_rows_machine(r, m ? "max_month" : "max_year", pt);
    cli_rows_num(r, "cv", xd_text(lang, "cli.sum.cv"), s->desc.cv, 3);
    xd_lang_pct(lang, pc, sizeof pc, s->level, 0);
    cli_fill(buf, sizeof buf, lang, "cli.range", 2, cli_lnum(lang, a, sizeof a, s->ci_t.lo, 4),
             cli_lnum(lang, b, sizeof b, s->ci_t.hi, 4));
    char label[128], full[96];
    cli_fill(label, sizeof label, lang, "cli.sum.ci_t", 1, pc);
    { char x1[40], x2[40]; snprintf(full, sizeof full, "%s;%s", cli_exact(x1, sizeof x1, s->ci_t.lo), cli_exact(x2, sizeof x2, s->ci_t.hi)); }
    cli_rows_add(r, "ci_t", label, isnan(s->ci_t.lo) ? "" : full,
                 isnan(s->ci_t.lo) ? xd_text(lang, m ? "cli.sum.ci_t.one_month" : "cli.sum.ci_t.one_year") : buf);
    cli_fill(buf, sizeof buf, lang, "cli.range", 2, cli_lnum(lang, a, sizeof a, s->ci_poisson.lo, 4),
             cli_lnum(lang, b, sizeof b, s->ci_poisson.hi, 4));
    cli_fill(label, sizeof label, lang, "cli.sum.ci_poisson", 1, pc);
    { char x1[40], x2[40]; snprintf(full, sizeof full, "%s;%s", cli_exact(x1, sizeof x1, s->ci_poisson.lo), cli_exact(x2, sizeof x2, s->ci_poisson.hi)); }
    cli_rows_add(r, "ci_poisson", label, full, buf);
    /* for people: a list too long to show says how many are left out (json
     * and csv have them all) */
    xd_list l;
    xd_list_init(&l, buf, sizeof buf);
    for (size_t i = 0; i < s->n_gaps; i++)
        xd_list_add(&l, " ", "%s", xd_period_text(pt, sizeof pt, m, s->gaps[i]));
    xd_list_end(&l);
    cli_rows_add(r, "gaps", xd_text(lang, m ? "cli.sum.gaps.month" : "cli.sum.gaps.year"), "",
                 s->n_gaps ? buf : xd_text(lang, "cli.none"));
}

int cmd_summary(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},    {"to", required_argument, 0, 't'},
                                         {"measure", required_argument, 0, 'm'}, {"level", required_argument, 0, 'l'},
                                         {"format", required_argument, 0, 'F'},  {"dataset", required_argument, 0, 'd'},
                                         {"by", required_argument, 0, 'b'},
                                         {"all-measures", no_argument, 0, 'A'},
                                         {"lang", required_argument, 0, 'g'},
                                         {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    int from = 0, to = 0, c, by_month = 0;
    double level = 0.95;
    int all_measures = 0;
    const char *measure = NULL, *dataset = NULL, *from_arg = NULL, *to_arg = NULL, *lang_arg = NULL;
    xd_lang lang = XD_LANG_EN;
    cli_format format = CLI_TEXT;
    xd_diags d;
    xd_diags_init(&d);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int rc = XD_OK;
        switch (c) {
        case 'f': from_arg = optarg; break; /* read once --by is known */
        case 't': to_arg = optarg; break;
        case 'b': rc = cli_parse_by(optarg, &by_month, &d); break;
        case 'm': measure = optarg; break;
        case 'A': all_measures = 1; break;
        case 'l': rc = cli_parse_level(optarg, &level, &d); break;
        case 'F': rc = cli_parse_format(optarg, &format, &d); break;
        case 'd': dataset = optarg; break;
        case 'g': lang_arg = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("summary");
        }
        if (rc != XD_OK) {
            cli_print_diags(&d);
            xd_diags_free(&d);
            return cli_bad_option("summary");
        }
    }
    int st = cli_parse_from_to("summary", from_arg, to_arg, by_month, &from, &to, &d);
    if (st != XD_OK)
        return st;
    if (optind < argc)
        return cli_usage_error("summary", "unexpected argument '%s'", argv[optind]);
    if (cli_lang("summary", lang_arg, &lang) != XD_OK)
        return XD_EUSAGE;
    if (from && to && from > to)
        return cli_usage_error("summary", "--from %s is after --to %s", from_arg, to_arg);

    if (all_measures && measure)
        return cli_usage_error("summary", "--all-measures and --measure: give one or the other");
    if (all_measures)
        return cli_summary_all(dataset, by_month, from, to, level, format, lang, &d);

    xd_dataset ds;
    xd_series series = {0};
    xd_summary s = {0};
    int rc = cli_summary_load(dataset, &ds, &d);
    if (rc == XD_OK)
        rc = (by_month ? xd_series_build_monthly : xd_series_build)(&ds, measure, from, to, 0, &series, &d);
    if (rc == XD_OK)
        rc = xd_summary_compute(&series, level, &s, &d);
    if (rc == XD_OK) {
        if (format == CLI_JSON || format == CLI_CSV) {
            print_json(&s, &series, format == CLI_CSV);
        } else {
            cli_rows rows = {0};
            rows.lang = lang;
            char title[512], year[16], year2[16];
            /* measure and period are in the title for people, in rows for programs */
            cli_fill(title, sizeof title, lang, by_month ? "cli.sum.title.month" : "cli.sum.title", 4,
                     xd_measure_label(&ds, s.measure, lang), xd_period_text(year, sizeof year, by_month, s.from),
                     xd_period_text(year2, sizeof year2, by_month, s.to), ds.name);
            cli_rows_machine(&rows, "measure", s.measure);
            if (by_month)
                cli_rows_machine(&rows, "by", "month");
            cli_rows_machine(&rows, "from", xd_period_text(year, sizeof year, by_month, s.from));
            cli_rows_machine(&rows, "to", xd_period_text(year, sizeof year, by_month, s.to));
            build_rows(&s, &rows);
            cli_to_date_rows(&rows, &series);
            cli_rows_print(&rows, format, stdout, title);
            if (format == CLI_TEXT) {
                printf("\n  %s\n", xd_text(lang, by_month ? "cli.sum.used.month" : "cli.sum.used.year"));
                for (size_t k = 0; k < series.n; k++) {
                    const xd_year *y = &series.years[k];
                    if (!y->has_value)
                        continue;
                    char num[32];
                    printf("    %s: %s [", xd_period_text(year, sizeof year, by_month, y->period),
                           cli_lnum(lang, num, sizeof num, (double)y->count, 15));
                    int first = 1;
                    for (size_t i = 0; i < y->n_rows; i++)
                        if (y->rows[i]->count == y->count) {
                            printf("%s%s", first ? "" : ", ", y->rows[i]->source);
                            first = 0;
                        }
                    printf("]%s\n", y->conflict ? xd_text(lang, "cli.sum.conflict_resolved") : "");
                }
            }
            cli_rows_free(&rows);
        }
    }
    cli_print_diags(&d);
    int status = rc;
    xd_summary_free(&s);
    xd_series_free(&series);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    return status;
}
