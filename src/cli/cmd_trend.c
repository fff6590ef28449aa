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
    "                    [--joinpoints N] [--level P] [--format text|csv|json|md]\n"
    "                    [--lang en|es|es-MX] [--dataset DIR]\n\n"
    "Trend of the yearly counts of one measure, three ways: ordinary least squares\n"
    "(slope per year with its interval, intercept, R squared, p-value); Poisson\n"
    "log-linear regression fitted by iteratively reweighted least squares (yearly\n"
    "rate ratio and percent change with Wald interval, deviance, and the Pearson\n"
    "dispersion, with a warning when the counts are overdispersed); and the\n"
    "Mann-Kendall test with tie correction and Sen's slope. Years without a figure\n"
    "are skipped, never counted as zero; at least 3 years are needed.\n"
    "Then the models that allow for extra variation: quasi-Poisson and negative\n"
    "binomial; and joinpoint regression, a log-linear trend that may turn at up to\n"
    "3 observed years, the number chosen by a permutation test (fixed seed). One\n"
    "model speaks in the sentences: joinpoint when it finds a turn, else\n"
    "quasi-Poisson when the counts are overdispersed, else Poisson.\n\n"
    "  --joinpoints N      fit exactly N joinpoints (0-3) instead of testing\n"
    "  --by month          the monthly counts of monthly.csv: x is months since the\n"
    "                      first month; slopes and changes also per year (12 months)\n"
    "  --from, --to YEAR   period (default: the measure's first and last year); with\n"
    "                      --by month also YYYY-MM (a year alone: January, December)\n"
    "  --measure NAME      series (default: the dataset's main measure)\n"
    "  --level P           confidence level (default 0.95)\n"
    "  --format F          text (default), csv, json or md\n"
    "  --lang L            language of the text and md output: en, es (decimal comma)\n"
    "                      or es-MX (default: EXTRAD_LANG, else the locale)\n"
    "  --dataset DIR       dataset folder (default: EXTRAD_DATA or the bundled one)\n";

/* Per-month figures of a monthly trend as per year (12 months): slopes times 12,
 * rate ratios to the 12th power. */
static xd_interval times12(xd_interval ci) { return (xd_interval){12 * ci.lo, 12 * ci.hi}; }
static double rr_year(double rr) { return pow(rr, 12); }
static double pct_year(double rr) { return (pow(rr, 12) - 1) * 100; }

static void json_loglinear(cli_json *j, const char *key, const xd_loglinear *m, int with_dispersion)
{
    cli_json_object(j, key);
    cli_json_bool(j, "estimable", m->estimable);
    cli_json_num(j, "rate_ratio", m->rate_ratio);
    cli_json_interval(j, "rate_ratio_ci", m->rate_ratio_ci.lo, m->rate_ratio_ci.hi);
    cli_json_num(j, "pct_change", m->pct_change);
    cli_json_interval(j, "pct_change_ci", m->pct_change_ci.lo, m->pct_change_ci.hi);
    if (with_dispersion) {
        cli_json_num(j, "dispersion", m->dispersion);
        cli_json_int(j, "df", (long)m->df);
    }
    cli_json_num(j, "p_value", m->p_value);
    cli_json_close(j, '}');
}

static void json_models(cli_json *j, const xd_trend *t, char **sentences, size_t ns)
{
    const xd_models *m = &t->models;
    json_loglinear(j, "quasi_poisson", &m->quasi_poisson, 1);
    const xd_negative_binomial *nb = &m->negative_binomial;
    cli_json_object(j, "negative_binomial");
    cli_json_bool(j, "estimable", nb->estimable);
    cli_json_bool(j, "poisson_limit", nb->poisson_limit);
    cli_json_num(j, "theta", nb->theta);
    cli_json_num(j, "rate_ratio", nb->rate_ratio);
    cli_json_interval(j, "rate_ratio_ci", nb->rate_ratio_ci.lo, nb->rate_ratio_ci.hi);
    cli_json_num(j, "pct_change", nb->pct_change);
    cli_json_interval(j, "pct_change_ci", nb->pct_change_ci.lo, nb->pct_change_ci.hi);
    cli_json_num(j, "p_value", nb->p_value);
    cli_json_close(j, '}');
    const xd_joinpoint *jp = &m->joinpoint;
    cli_json_object(j, "joinpoint");
    cli_json_bool(j, "estimable", jp->estimable);
    cli_json_array(j, "joinpoints");
    for (int i = 0; i < jp->k; i++)
        cli_json_num(j, NULL, jp->joinpoints[i]);
    cli_json_close(j, ']');
    cli_json_str(j, "selected_by", xd_joinpoint_selection_name(jp->selected_by));
    cli_json_int(j, "k_max", jp->k_max);
    cli_json_num(j, "dispersion", jp->dispersion);
    cli_json_array(j, "tests");
    for (int i = 0; i < jp->n_tests; i++) {
        const xd_joinpoint_test *te = &jp->tests[i];
        cli_json_object(j, NULL);
        cli_json_int(j, "k_null", te->k_null);
        cli_json_int(j, "k_alt", te->k_alt);
        cli_json_num(j, "p_value", te->p_value);
        cli_json_num(j, "alpha", te->alpha);
        cli_json_int(j, "permutations", (long)te->permutations);
        cli_json_bool(j, "rejected", te->rejected);
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
    cli_json_int(j, "seed", (long)jp->seed);
    cli_json_array(j, "segments");
    for (int i = 0; i < jp->n_segments; i++) {
        const xd_joinpoint_segment *sg = &jp->segments[i];
        cli_json_object(j, NULL);
        cli_json_num(j, "from", sg->from);
        cli_json_num(j, "to", sg->to);
        cli_json_num(j, "apc", sg->apc);
        cli_json_interval(j, "apc_ci", sg->apc_ci.lo, sg->apc_ci.hi);
        cli_json_num(j, "p_value", sg->p_value);
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
    cli_json_num(j, "aapc", jp->aapc);
    cli_json_interval(j, "aapc_ci", jp->aapc_ci.lo, jp->aapc_ci.hi);
    cli_json_close(j, '}');
    cli_json_str(j, "headline_model", xd_model_name(m->headline_model));
    cli_json_array(j, "sentences");
    for (size_t i = 0; i < ns; i++)
        cli_json_str(j, NULL, sentences[i]);
    cli_json_close(j, ']');
}

/* JSON, or with flat the csv format: the same keys flattened */
static void print_json(const xd_trend *t, const xd_series *series, char **sentences, size_t ns, int flat)
{
    cli_json j;
    if (flat)
        cli_json_begin_flat(&j, stdout);
    else
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
    cli_json_bool(&j, "estimable", p->estimable);
    if (p->estimable)
        cli_json_null(&j, "not_estimable");
    else
        cli_json_str(&j, "not_estimable", p->not_estimable);
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
    json_models(&j, t, sentences, ns);
    cli_to_date_json(&j, series);
    cli_json_end(&j);
}

static void add_interval(cli_rows *r, const char *key, const char *label, xd_interval ci, int sig)
{
    char full[96], shown[96], a[40], b[40], x[40], y[40];
    snprintf(full, sizeof full, "%s;%s", cli_exact(a, sizeof a, ci.lo), cli_exact(b, sizeof b, ci.hi));
    cli_fill(shown, sizeof shown, r->lang, "cli.range", 2, cli_lnum(r->lang, x, sizeof x, ci.lo, sig),
             cli_lnum(r->lang, y, sizeof y, ci.hi, sig));
    cli_rows_add(r, key, label, full, shown);
}

#define L(key) xd_text(r->lang, key)

static void add_change(cli_rows *r, const char *prefix, const char *label, double pct, xd_interval ci, double p,
                       const char *level)
{
    char key[64], lab[96];
    snprintf(key, sizeof key, "%s_pct_change", prefix);
    cli_rows_num(r, key, label, pct, 3);
    snprintf(key, sizeof key, "%s_pct_change_ci", prefix);
    cli_fill(lab, sizeof lab, r->lang, "cli.trend.interval2", 1, level);
    add_interval(r, key, lab, ci, 3);
    snprintf(key, sizeof key, "%s_p_value", prefix);
    cli_rows_num(r, key, L("cli.trend.p2"), p, 3);
}

/* The models of models.h, and which one speaks. */
static void add_models(const xd_trend *t, cli_rows *r, const char *pc)
{
    const xd_models *m = &t->models;
    char a[64], lab[128];
    const char *change = L(t->by_month ? "cli.trend.change_month" : "cli.trend.change_year");
    cli_rows_add(r, "quasi_poisson", L("cli.trend.qp"), "", "");
    if (m->quasi_poisson.estimable)
        add_change(r, "quasi_poisson", change, m->quasi_poisson.pct_change, m->quasi_poisson.pct_change_ci,
                   m->quasi_poisson.p_value, pc);
    else
        cli_rows_add(r, "quasi_poisson_pct_change", L("cli.trend.change"), "", L("cli.trend.not_estimable"));
    const xd_negative_binomial *nb = &m->negative_binomial;
    cli_rows_add(r, "negative_binomial", L("cli.trend.nb"), "", "");
    if (!nb->estimable) {
        cli_rows_add(r, "negative_binomial_pct_change", L("cli.trend.change"), "", L("cli.trend.not_estimable"));
    } else {
        if (nb->poisson_limit)
            cli_rows_add(r, "negative_binomial_theta", "  theta", "", L("cli.trend.theta_infinite"));
        else
            cli_rows_num(r, "negative_binomial_theta", "  theta", nb->theta, 4);
        add_change(r, "negative_binomial", change, nb->pct_change, nb->pct_change_ci, nb->p_value, pc);
    }
    const xd_joinpoint *jp = &m->joinpoint;
    cli_rows_add(r, "joinpoint", L("cli.trend.jp"), "", "");
    if (!jp->estimable) {
        cli_rows_add(r, "joinpoint_k", L("cli.trend.jp.k"), "", L("cli.trend.not_estimable"));
    } else {
        char k[16], kmax[16];
        snprintf(a, sizeof a, "%d", jp->k);
        snprintf(k, sizeof k, "%d", jp->k);
        snprintf(kmax, sizeof kmax, "%d", jp->k_max);
        cli_fill(lab, sizeof lab, r->lang, "cli.trend.jp.k_value", 3, k,
                 L(jp->selected_by == XD_JP_FORCED ? "cli.trend.jp.forced" : "cli.trend.jp.test"), kmax);
        cli_rows_add(r, "joinpoint_k", L("cli.trend.jp.k"), a, lab);
        size_t o = 0;
        char years[128] = "", shown[160] = "";
        for (int i = 0; i < jp->k; i++)
            o += (size_t)snprintf(years + o, sizeof years - o, "%s%.0f", i ? ";" : "", jp->joinpoints[i]);
        snprintf(shown, sizeof shown, "%s", years);
        for (char *q = shown; *q; q++)
            if (*q == ';')
                *q = ' ';
        cli_rows_add(r, "joinpoint_years", L("cli.trend.jp.at"), years, jp->k ? shown : L("cli.none"));
        for (int i = 0; i < jp->n_segments; i++) {
            const xd_joinpoint_segment *sg = &jp->segments[i];
            char prefix[32], f[16], e[16];
            snprintf(prefix, sizeof prefix, "segment_%d", i + 1);
            snprintf(f, sizeof f, "%.0f", sg->from);
            snprintf(e, sizeof e, "%.0f", sg->to);
            cli_fill(lab, sizeof lab, r->lang, "cli.trend.jp.segment", 2, f, e);
            add_change(r, prefix, lab, sg->apc, sg->apc_ci, sg->p_value, pc);
        }
        add_change(r, "aapc", L("cli.trend.jp.aapc"), jp->aapc, jp->aapc_ci, jp->aapc_p_value, pc);
        cli_rows_num(r, "joinpoint_dispersion", L("cli.trend.dispersion"), jp->dispersion, 3);
    }
    cli_rows_add(r, "headline_model", L("cli.trend.headline"), xd_model_name(m->headline_model),
                 L(m->headline_model == XD_MODEL_JOINPOINT       ? "model.joinpoint"
                   : m->headline_model == XD_MODEL_QUASI_POISSON ? "model.quasi_poisson"
                   : m->headline_model == XD_MODEL_POISSON       ? "model.poisson"
                                                                 : "model.none"));
}

/* The Poisson rows; a fit without an estimate is one sentence that says why. */
static void add_poisson(cli_rows *r, const xd_trend *t, const char *lab, int bm)
{
    char a[32], over[96];
    if (!t->poisson.estimable) {
        char why[256];
        cli_fill(why, sizeof why, r->lang, "cli.trend.no_estimate", 1, t->poisson.not_estimable);
        cli_rows_add(r, "poisson_not_estimable", L("cli.trend.not_estimable2"), t->poisson.not_estimable, why);
        return;
    }
    cli_rows_num(r, "poisson_rate_ratio", L(bm ? "cli.trend.rr_month" : "cli.trend.rr_year"), t->poisson.rate_ratio, 4);
    add_interval(r, "poisson_rate_ratio_ci", lab, t->poisson.rate_ratio_ci, 4);
    cli_rows_num(r, "poisson_pct_change", L(bm ? "cli.trend.change_month" : "cli.trend.change_year"),
                 t->poisson.pct_change, 3);
    add_interval(r, "poisson_pct_change_ci", lab, t->poisson.pct_change_ci, 3);
    if (bm) {
        const xd_poisson_fit *p = &t->poisson;
        cli_rows_num(r, "poisson_rate_ratio_per_year", L("cli.trend.rr_year12"), rr_year(p->rate_ratio), 4);
        add_interval(r, "poisson_rate_ratio_per_year_ci", lab,
                     (xd_interval){rr_year(p->rate_ratio_ci.lo), rr_year(p->rate_ratio_ci.hi)}, 4);
        cli_rows_num(r, "poisson_pct_change_per_year", L("cli.trend.change_year"), pct_year(p->rate_ratio), 3);
        add_interval(r, "poisson_pct_change_per_year_ci", lab,
                     (xd_interval){pct_year(p->rate_ratio_ci.lo), pct_year(p->rate_ratio_ci.hi)}, 3);
    }
    cli_rows_num(r, "poisson_p_value", L("cli.trend.p_wald"), t->poisson.p_value, 3);
    cli_rows_num(r, "poisson_deviance", L("cli.trend.deviance"), t->poisson.deviance, 4);
    snprintf(a, sizeof a, "%zu", t->poisson.df);
    cli_rows_add(r, "poisson_df", L("cli.trend.df"), a, NULL);
    cli_rows_num(r, "poisson_pearson_chi2", L("cli.trend.pearson"), t->poisson.pearson_chi2, 4);
    cli_rows_num(r, "poisson_dispersion", L("cli.trend.dispersion"), t->poisson.dispersion, 3);
    if (t->poisson.overdispersed) {
        char d[48];
        cli_fill(over, sizeof over, r->lang, "cli.trend.overdispersed", 1,
                 cli_lnum(r->lang, d, sizeof d, t->poisson.dispersion, 3));
        r->items[r->n - 1].shown = (free(r->items[r->n - 1].shown), strdup(over));
    }
}

static void build_rows(const xd_trend *t, cli_rows *r)
{
    char lab[96], a[32], pc[16];
    int bm = t->by_month;
    xd_lang_pct(r->lang, pc, sizeof pc, t->level, 0);
    snprintf(a, sizeof a, "%zu", t->n);
    cli_rows_add(r, "n", L(bm ? "cli.trend.n_month" : "cli.trend.n_year"), a, NULL);
    cli_rows_add(r, "ols", L("cli.trend.ols"), "", "");
    r->items[r->n - 1].machine_only = 0;
    cli_rows_num(r, "ols_slope", L(bm ? "cli.trend.slope_month" : "cli.trend.slope_year"), t->ols.slope, 4);
    cli_fill(lab, sizeof lab, r->lang, "cli.cmp.interval", 1, pc);
    add_interval(r, "ols_slope_ci", lab, t->ols.slope_ci, 4);
    if (bm) {
        cli_rows_num(r, "ols_slope_per_year", L("cli.trend.slope_year12"), 12 * t->ols.slope, 4);
        add_interval(r, "ols_slope_per_year_ci", lab, times12(t->ols.slope_ci), 4);
    }
    cli_rows_num(r, "ols_intercept", L(bm ? "cli.trend.intercept_month" : "cli.trend.intercept_year"),
                 t->ols.intercept, 6);
    cli_rows_num(r, "ols_r2", L("cli.trend.r2"), t->ols.r2, 3);
    cli_rows_num(r, "ols_p_value", L("cli.trend.p_slope"), t->ols.p_value, 3);
    cli_rows_add(r, "poisson", L("cli.trend.poisson"), "", "");
    add_poisson(r, t, lab, bm);
    cli_rows_add(r, "mann_kendall", "Mann-Kendall", "", "");
    cli_rows_num(r, "mk_s", "  S", t->mk.s, 6);
    cli_rows_num(r, "mk_var_s", L("cli.trend.mk.var"), t->mk.var_s, 6);
    cli_rows_num(r, "mk_z", L("cli.trend.mk.z"), t->mk.z, 4);
    cli_rows_num(r, "mk_p_value", L("cli.trend.mk.p"), t->mk.p_value, 3);
    cli_rows_num(r, "mk_tau", L("cli.trend.mk.tau"), t->mk.tau, 3);
    cli_rows_num(r, "sen_slope", L(bm ? "cli.trend.sen_month" : "cli.trend.sen_year"), t->mk.sen_slope, 4);
    add_interval(r, "sen_ci", lab, t->mk.sen_ci, 4);
    if (bm) {
        cli_rows_num(r, "sen_slope_per_year", L("cli.trend.sen_year12"), 12 * t->mk.sen_slope, 4);
        add_interval(r, "sen_ci_per_year", lab, times12(t->mk.sen_ci), 4);
    }
    add_models(t, r, pc);
    /* for people: a list too long to show says how many are left out (json
     * and csv have them all) */
    char gaps[4096], pt[16];
    xd_list l;
    xd_list_init(&l, gaps, sizeof gaps);
    for (size_t i = 0; i < t->n_gaps; i++)
        xd_list_add(&l, " ", "%s", xd_period_text(pt, sizeof pt, bm, t->gaps[i]));
    xd_list_end(&l);
    cli_rows_add(r, "gaps", L(bm ? "cli.trend.gaps_month" : "cli.trend.gaps_year"), "",
                 t->n_gaps ? gaps : L("cli.none"));
}

#undef L

int cmd_trend(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},    {"to", required_argument, 0, 't'},
                                         {"measure", required_argument, 0, 'm'}, {"level", required_argument, 0, 'l'},
                                         {"format", required_argument, 0, 'F'},  {"dataset", required_argument, 0, 'd'},
                                         {"by", required_argument, 0, 'b'},
                                         {"joinpoints", required_argument, 0, 'j'},
                                         {"lang", required_argument, 0, 'g'},
                                         {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    int from = 0, to = 0, c, by_month = 0, joinpoints = -1;
    double level = 0.95;
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
        case 'g': lang_arg = optarg; break;
        case 'j': rc = cli_parse_joinpoints(optarg, &joinpoints, &d); break;
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
    int st = cli_parse_from_to("trend", from_arg, to_arg, by_month, &from, &to, &d);
    if (st != XD_OK)
        return st;
    if (optind < argc)
        return cli_usage_error("trend", "unexpected argument '%s'", argv[optind]);
    if (from && to && from > to)
        return cli_usage_error("trend", "--from %s is after --to %s", from_arg, to_arg);
    if (cli_lang("trend", lang_arg, &lang) != XD_OK)
        return XD_EUSAGE;
    xd_dataset ds;
    xd_series series = {0};
    xd_trend t = {0};
    int rc = cli_load_dataset(dataset, &ds, &d);
    if (rc == XD_OK)
        rc = (by_month ? xd_series_build_monthly : xd_series_build)(&ds, measure, from, to, 0, &series, &d);
    if (rc == XD_OK) {
        xd_models_options mo;
        xd_models_options_default(&mo);
        mo.joinpoint.k = joinpoints;
        rc = xd_trend_compute_with(&series, level, &mo, &t, &d);
    }
    if (rc == XD_OK) {
        if (t.poisson.estimable && t.poisson.overdispersed)
            xd_warning(&d,
                       "the counts vary more around a straight log-linear trend than Poisson counts would (Pearson "
                       "chi-square / df = %.2f): its Poisson intervals are too narrow; the sentences use the %s model",
                       t.poisson.dispersion, xd_model_name(t.models.headline_model));
        char *sentences[8], subject[256];
        size_t ns = xd_trend_sentences(&t, xd_trend_subject(&ds, t.measure, lang, subject, sizeof subject), lang,
                                       sentences, 8);
        if (format == CLI_JSON || format == CLI_CSV) {
            print_json(&t, &series, sentences, ns, format == CLI_CSV);
        } else {
            cli_rows rows = {0};
            rows.lang = lang;
            char title[512], y[16], y2[16];
            cli_fill(title, sizeof title, lang, by_month ? "cli.trend.title.month" : "cli.trend.title", 4,
                     xd_measure_label(&ds, t.measure, lang), xd_period_text(y, sizeof y, by_month, t.from),
                     xd_period_text(y2, sizeof y2, by_month, t.to), ds.name);
            cli_rows_machine(&rows, "measure", t.measure);
            if (by_month)
                cli_rows_machine(&rows, "by", "month");
            cli_rows_machine(&rows, "from", xd_period_text(y, sizeof y, by_month, t.from));
            cli_rows_machine(&rows, "to", xd_period_text(y, sizeof y, by_month, t.to));
            build_rows(&t, &rows);
            cli_to_date_rows(&rows, &series);
            cli_rows_print(&rows, format, stdout, title);
            cli_print_sentences(stdout, format, lang, sentences, ns);
            cli_rows_free(&rows);
        }
        for (size_t i = 0; i < ns; i++)
            free(sentences[i]);
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
