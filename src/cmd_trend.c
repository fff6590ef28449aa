/* extrad trend: is the yearly count rising or falling? */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_to_date.h"
#include "trend.h"

static const char help[] =
    "Usage: extrad trend [--by year|month] [--from YEAR] [--to YEAR] [--measure NAME]\n"
    "                    [--level P] [--format text|csv|json|md] [--dataset DIR]\n\n"
    "Trend of the yearly counts of one measure, three ways: ordinary least squares\n"
    "(slope per year with its interval, intercept, R squared, p-value); Poisson\n"
    "log-linear regression fitted by iteratively reweighted least squares (yearly\n"
    "rate ratio and percent change with Wald interval, deviance, and the Pearson\n"
    "dispersion, with a warning when the counts are overdispersed); and the\n"
    "Mann-Kendall test with tie correction and Sen's slope. Years without a figure\n"
    "are skipped, never counted as zero; at least 3 years are needed.\n\n"
    "  --by month          the monthly counts of monthly.csv: x is months since the\n"
    "                      first month; slopes and changes also per year (12 months)\n"
    "  --from, --to YEAR   period (default: the measure's first and last year); with\n"
    "                      --by month also YYYY-MM (a year alone: January, December)\n"
    "  --measure NAME      series (default: the dataset's main measure)\n"
    "  --level P           confidence level (default 0.95)\n"
    "  --format F          text (default), csv, json or md\n"
    "  --dataset DIR       dataset folder (default: EXTRAD_DATA or the bundled one)\n";

/* Per-month figures of a monthly trend as per year (12 months): slopes times 12,
 * rate ratios to the 12th power. */
static xd_interval times12(xd_interval ci) { return (xd_interval){12 * ci.lo, 12 * ci.hi}; }
static double rr_year(double rr) { return pow(rr, 12); }
static double pct_year(double rr) { return (pow(rr, 12) - 1) * 100; }

static void print_json(const xd_trend *t, const xd_series *series)
{
    cli_json j;
    cli_json_begin(&j, stdout);
    cli_json_str(&j, "measure", t->measure);
    if (t->by_month)
        cli_json_str(&j, "by", "month");
    cli_json_period(&j, "from", t->by_month, t->from);
    cli_json_period(&j, "to", t->by_month, t->to);
    cli_json_int(&j, "n", (long)t->n);
    cli_json_num(&j, "level", t->level);
    cli_json_array(&j, t->by_month ? "months" : "years");
    for (size_t i = 0; i < t->n; i++) {
        cli_json_object(&j, NULL);
        if (t->by_month) {
            cli_json_period(&j, "month", 1, t->from + (int)t->years[i]);
            cli_json_num(&j, "x", t->years[i]);
        } else {
            cli_json_int(&j, "year", (long)t->years[i]);
        }
        cli_json_num(&j, "count", t->counts[i]);
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_json_array(&j, "gaps");
    for (size_t i = 0; i < t->n_gaps; i++)
        cli_json_period(&j, NULL, t->by_month, t->gaps[i]);
    cli_json_close(&j, ']');
    cli_json_object(&j, "ols");
    cli_json_num(&j, "slope", t->ols.slope);
    cli_json_interval(&j, "slope_ci", t->ols.slope_ci.lo, t->ols.slope_ci.hi);
    cli_json_num(&j, "se_slope", t->ols.se_slope);
    cli_json_num(&j, "intercept", t->ols.intercept);
    cli_json_num(&j, "r2", t->ols.r2);
    cli_json_num(&j, "p_value", t->ols.p_value);
    if (t->by_month) {
        cli_json_num(&j, "slope_per_year", 12 * t->ols.slope);
        cli_json_interval(&j, "slope_per_year_ci", 12 * t->ols.slope_ci.lo, 12 * t->ols.slope_ci.hi);
    }
    cli_json_close(&j, '}');
    const xd_poisson_fit *p = &t->poisson;
    cli_json_object(&j, "poisson");
    cli_json_num(&j, "rate_ratio", p->rate_ratio);
    cli_json_interval(&j, "rate_ratio_ci", p->rate_ratio_ci.lo, p->rate_ratio_ci.hi);
    cli_json_num(&j, "pct_change", p->pct_change);
    cli_json_interval(&j, "pct_change_ci", p->pct_change_ci.lo, p->pct_change_ci.hi);
    cli_json_num(&j, "slope_log", p->b1);
    cli_json_num(&j, "se_slope_log", p->se_b1);
    cli_json_num(&j, "x_center", p->x_center);
    cli_json_num(&j, "intercept_at_center", p->b0);
    cli_json_num(&j, "z", p->z);
    cli_json_num(&j, "p_value", p->p_value);
    cli_json_num(&j, "deviance", p->deviance);
    cli_json_num(&j, "null_deviance", p->null_deviance);
    cli_json_num(&j, "pearson_chi2", p->pearson_chi2);
    cli_json_int(&j, "df", (long)p->df);
    cli_json_num(&j, "dispersion", p->dispersion);
    cli_json_bool(&j, "overdispersed", p->overdispersed);
    cli_json_int(&j, "iterations", p->iterations);
    if (t->by_month) {
        cli_json_num(&j, "rate_ratio_per_year", rr_year(p->rate_ratio));
        cli_json_interval(&j, "rate_ratio_per_year_ci", rr_year(p->rate_ratio_ci.lo), rr_year(p->rate_ratio_ci.hi));
        cli_json_num(&j, "pct_change_per_year", pct_year(p->rate_ratio));
        cli_json_interval(&j, "pct_change_per_year_ci", pct_year(p->rate_ratio_ci.lo), pct_year(p->rate_ratio_ci.hi));
    }
    cli_json_close(&j, '}');
    const xd_mann_kendall *m = &t->mk;
    cli_json_object(&j, "mann_kendall");
    cli_json_num(&j, "s", m->s);
    cli_json_num(&j, "var_s", m->var_s);
    cli_json_num(&j, "z", m->z);
    cli_json_num(&j, "p_value", m->p_value);
    cli_json_num(&j, "tau", m->tau);
    cli_json_num(&j, "sen_slope", m->sen_slope);
    cli_json_interval(&j, "sen_ci", m->sen_ci.lo, m->sen_ci.hi);
    if (t->by_month) {
        cli_json_num(&j, "sen_slope_per_year", 12 * m->sen_slope);
        cli_json_interval(&j, "sen_ci_per_year", 12 * m->sen_ci.lo, 12 * m->sen_ci.hi);
    }
    cli_json_close(&j, '}');
    cli_to_date_json(&j, series);
    cli_json_end(&j);
}

static void add_interval(cli_rows *r, const char *key, const char *label, xd_interval ci, int sig)
{
    char full[96], shown[96], a[40], b[40], x[40], y[40];
    snprintf(full, sizeof full, "%s;%s", cli_exact(a, sizeof a, ci.lo), cli_exact(b, sizeof b, ci.hi));
    snprintf(shown, sizeof shown, "%s to %s", cli_num(x, sizeof x, ci.lo, sig), cli_num(y, sizeof y, ci.hi, sig));
    cli_rows_add(r, key, label, full, shown);
}

static void build_rows(const xd_trend *t, cli_rows *r)
{
    char lab[96], a[32];
    int pct = (int)lround(t->level * 100), bm = t->by_month;
    snprintf(a, sizeof a, "%zu", t->n);
    cli_rows_add(r, "n", bm ? "months used" : "years used", a, NULL);
    cli_rows_add(r, "ols", "Linear (least squares)", "", "");
    r->items[r->n - 1].machine_only = 0;
    cli_rows_num(r, "ols_slope", bm ? "  slope, extraditions per month" : "  slope, extraditions per year",
                 t->ols.slope, 4);
    snprintf(lab, sizeof lab, "  %d%% interval", pct);
    add_interval(r, "ols_slope_ci", lab, t->ols.slope_ci, 4);
    if (bm) {
        cli_rows_num(r, "ols_slope_per_year", "  slope per year (12 months)", 12 * t->ols.slope, 4);
        add_interval(r, "ols_slope_per_year_ci", lab, times12(t->ols.slope_ci), 4);
    }
    cli_rows_num(r, "ols_intercept", bm ? "  intercept (first month)" : "  intercept (year 0)", t->ols.intercept, 6);
    cli_rows_num(r, "ols_r2", "  R squared", t->ols.r2, 3);
    cli_rows_num(r, "ols_p_value", "  p-value of the slope", t->ols.p_value, 3);
    cli_rows_add(r, "poisson", "Poisson log-linear", "", "");
    cli_rows_num(r, "poisson_rate_ratio", bm ? "  monthly rate ratio" : "  yearly rate ratio", t->poisson.rate_ratio, 4);
    add_interval(r, "poisson_rate_ratio_ci", lab, t->poisson.rate_ratio_ci, 4);
    cli_rows_num(r, "poisson_pct_change", bm ? "  change per month, %" : "  change per year, %", t->poisson.pct_change,
                 3);
    add_interval(r, "poisson_pct_change_ci", lab, t->poisson.pct_change_ci, 3);
    if (bm) {
        const xd_poisson_fit *p = &t->poisson;
        cli_rows_num(r, "poisson_rate_ratio_per_year", "  yearly rate ratio (12 months)", rr_year(p->rate_ratio), 4);
        add_interval(r, "poisson_rate_ratio_per_year_ci", lab,
                     (xd_interval){rr_year(p->rate_ratio_ci.lo), rr_year(p->rate_ratio_ci.hi)}, 4);
        cli_rows_num(r, "poisson_pct_change_per_year", "  change per year, %", pct_year(p->rate_ratio), 3);
        add_interval(r, "poisson_pct_change_per_year_ci", lab,
                     (xd_interval){pct_year(p->rate_ratio_ci.lo), pct_year(p->rate_ratio_ci.hi)}, 3);
    }
    cli_rows_num(r, "poisson_p_value", "  p-value (Wald)", t->poisson.p_value, 3);
    cli_rows_num(r, "poisson_deviance", "  residual deviance", t->poisson.deviance, 4);
    snprintf(a, sizeof a, "%zu", t->poisson.df);
    cli_rows_add(r, "poisson_df", "  degrees of freedom", a, NULL);
    cli_rows_num(r, "poisson_pearson_chi2", "  Pearson chi-square", t->poisson.pearson_chi2, 4);
    cli_rows_num(r, "poisson_dispersion", "  dispersion (chi-square / df)", t->poisson.dispersion, 3);
    if (t->poisson.overdispersed)
        r->items[r->n - 1].shown = (free(r->items[r->n - 1].shown),
                                    strdup((snprintf(lab, sizeof lab, "%.3g  OVERDISPERSED", t->poisson.dispersion), lab)));
    cli_rows_add(r, "mann_kendall", "Mann-Kendall", "", "");
    cli_rows_num(r, "mk_s", "  S", t->mk.s, 6);
    cli_rows_num(r, "mk_var_s", "  variance of S (tie-corrected)", t->mk.var_s, 6);
    cli_rows_num(r, "mk_z", "  z (continuity-corrected)", t->mk.z, 4);
    cli_rows_num(r, "mk_p_value", "  p-value (two-sided)", t->mk.p_value, 3);
    cli_rows_num(r, "mk_tau", "  Kendall's tau", t->mk.tau, 3);
    cli_rows_num(r, "sen_slope", bm ? "  Sen's slope, per month" : "  Sen's slope, per year", t->mk.sen_slope, 4);
    snprintf(lab, sizeof lab, "  %d%% interval", pct);
    add_interval(r, "sen_ci", lab, t->mk.sen_ci, 4);
    if (bm) {
        cli_rows_num(r, "sen_slope_per_year", "  Sen's slope per year (12 months)", 12 * t->mk.sen_slope, 4);
        add_interval(r, "sen_ci_per_year", lab, times12(t->mk.sen_ci), 4);
    }
    size_t o = 0;
    char gaps[4096] = "", pt[16];
    for (size_t i = 0; i < t->n_gaps && o + 12 < sizeof gaps; i++)
        o += (size_t)snprintf(gaps + o, sizeof gaps - o, "%s%s", i ? ";" : "",
                              xd_period_text(pt, sizeof pt, bm, t->gaps[i]));
    char shown[sizeof gaps];
    snprintf(shown, sizeof shown, "%s", t->n_gaps ? gaps : "none");
    for (char *p = shown; *p; p++)
        if (*p == ';')
            *p = ' ';
    cli_rows_add(r, "gaps", bm ? "months skipped (no sourced figure)" : "years skipped (no sourced figure)", gaps,
                 shown);
}

int cmd_trend(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},    {"to", required_argument, 0, 't'},
                                         {"measure", required_argument, 0, 'm'}, {"level", required_argument, 0, 'l'},
                                         {"format", required_argument, 0, 'F'},  {"dataset", required_argument, 0, 'd'},
                                         {"by", required_argument, 0, 'b'},
                                         {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    int from = 0, to = 0, c, by_month = 0;
    double level = 0.95;
    const char *measure = NULL, *dataset = NULL, *from_arg = NULL, *to_arg = NULL;
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
        case 'l': rc = cli_parse_level(optarg, &level, &d); break;
        case 'F': rc = cli_parse_format(optarg, &format, &d); break;
        case 'd': dataset = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("trend");
        }
        if (rc != XD_OK) {
            cli_print_diags(&d);
            xd_diags_free(&d);
            return cli_bad_option("trend");
        }
    }
    if ((from_arg && cli_parse_period("--from", from_arg, by_month, 0, &from, &d) != XD_OK) ||
        (to_arg && cli_parse_period("--to", to_arg, by_month, 1, &to, &d) != XD_OK)) {
        cli_print_diags(&d);
        xd_diags_free(&d);
        return cli_bad_option("trend");
    }
    if (optind < argc)
        return cli_usage_error("trend", "unexpected argument '%s'", argv[optind]);
    if (from && to && from > to)
        return cli_usage_error("trend", "--from %s is after --to %s", from_arg, to_arg);
    xd_dataset ds;
    xd_series series = {0};
    xd_trend t = {0};
    int rc = cli_load_dataset(dataset, &ds, &d);
    if (rc == XD_OK)
        rc = (by_month ? xd_series_build_monthly : xd_series_build)(&ds, measure, from, to, 0, &series, &d);
    if (rc == XD_OK)
        rc = xd_trend_compute(&series, level, &t, &d);
    if (rc == XD_OK) {
        if (t.poisson.overdispersed)
            xd_warning(&d,
                       "the counts are overdispersed (Pearson chi-square / df = %.2f): the Poisson intervals and "
                       "p-value are too narrow; read the Mann-Kendall test instead",
                       t.poisson.dispersion);
        if (format == CLI_JSON) {
            print_json(&t, &series);
        } else {
            cli_rows rows = {0};
            char title[512], y[16], y2[16];
            snprintf(title, sizeof title, "%s, %strend %s%s%s (dataset %s)",
                     xd_dataset_measure_label(&ds, t.measure, "en"), by_month ? "monthly " : "",
                     xd_period_text(y, sizeof y, by_month, t.from), by_month ? " to " : "-",
                     xd_period_text(y2, sizeof y2, by_month, t.to), ds.name);
            cli_rows_machine(&rows, "measure", t.measure);
            if (by_month)
                cli_rows_machine(&rows, "by", "month");
            cli_rows_machine(&rows, "from", xd_period_text(y, sizeof y, by_month, t.from));
            cli_rows_machine(&rows, "to", xd_period_text(y, sizeof y, by_month, t.to));
            build_rows(&t, &rows);
            cli_to_date_rows(&rows, &series);
            if (format == CLI_CSV) {
                /* section headings are for people */
                size_t k = 0;
                for (size_t i = 0; i < rows.n; i++) {
                    if (!*rows.items[i].full && !*rows.items[i].shown) {
                        free(rows.items[i].key);
                        free(rows.items[i].label);
                        free(rows.items[i].full);
                        free(rows.items[i].shown);
                        continue;
                    }
                    rows.items[k++] = rows.items[i];
                }
                rows.n = k;
            }
            cli_rows_print(&rows, format, stdout, title);
            cli_rows_free(&rows);
        }
    }
    fflush(stdout);
    cli_print_diags(&d);
    int status = rc;
    xd_trend_free(&t);
    xd_series_free(&series);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    return status;
}
