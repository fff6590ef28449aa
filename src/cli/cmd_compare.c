/* extrad compare: one handover against a baseline period of treaty extraditions. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "parse.h"

static const char help[] =
    "Usage: extrad compare [--baseline Y1-Y2] [--event DATE | --count N [--label TEXT] [--date DATE]]\n"
    "                      [--measure NAME] [--level P] [--lang en|es|es-MX]\n"
    "                      [--format text|csv|json|md] [--dataset DIR]\n\n"
    "Compares one handover with the treaty extraditions of a baseline period: share\n"
    "of an average year, days' and months' worth (with the range the baseline's\n"
    "exact Poisson interval gives), multiple of an average day, how unlikely such a\n"
    "day is under a Poisson model at the baseline pace, and an exact two-sample\n"
    "Poisson rate test of the event's year against the baseline, with and without\n"
    "the transfers. Each result also comes as one sentence that can be quoted.\n\n"
    "  --baseline Y1-Y2  baseline period (default: meta.csv 'baseline', else the latest\n"
    "                    five years with all yearly figures or an aggregate of exactly them)\n"
    "  --event DATE      a transfer of transfers.csv (default: meta.csv 'event', else the\n"
    "                    largest transfer, the earliest on a tie)\n"
    "  --count N         compare a handover of N people instead (with --label, --date)\n"
    "  --measure NAME    series of the baseline (default: the main measure)\n"
    "  --level P         confidence level (default 0.95)\n"
    "  --lang L          language of the text and md output: en, es (decimal comma) or\n"
    "                    es-MX (default: EXTRAD_LANG, else the locale)\n"
    "  --format F        text (default), csv, json or md\n"
    "  --dataset DIR     dataset folder (default: EXTRAD_DATA or the bundled one)\n";

static void json_rate(cli_json *j, const char *key, const xd_rate_test *t)
{
    cli_json_object(j, key);
    cli_json_num(j, "rate_ratio", t->ratio);
    cli_json_interval(j, "ci", t->ci.lo, t->ci.hi);
    cli_json_num(j, "p_value", t->p_value);
    cli_json_num(j, "log10_p_value", t->log10_p_value);
    cli_json_close(j, '}');
}

/* JSON, or with flat the csv format: the same keys flattened */
static void print_json(const xd_compare *c, char **sentences, size_t ns, int flat, xd_lang lang)
{
    cli_json j;
    if (flat)
        cli_json_begin_flat(&j, stdout);
    else
        cli_json_begin(&j, stdout);
    cli_json_object(&j, "baseline");
    cli_json_str(&j, "measure", c->base.measure);
    cli_json_int(&j, "from", c->base.from);
    cli_json_int(&j, "to", c->base.to);
    cli_json_int(&j, "years", c->base.years);
    cli_json_str(&j, "source", c->base.kind == XD_BASELINE_COMPUTED ? "computed" : "reported");
    cli_json_str(&j, "sources", c->base.sources);
    if (c->base.aggregate)
        cli_json_int(&j, "aggregate_line", c->base.aggregate->line);
    cli_json_num(&j, "total", c->base.total);
    cli_json_num(&j, "mean", c->base.mean);
    cli_json_num(&j, "level", c->base.level);
    cli_json_interval(&j, "ci", c->base.ci.lo, c->base.ci.hi);
    cli_json_int(&j, "days", c->base.days);
    cli_json_num(&j, "daily_rate", c->base.daily_rate);
    cli_json_close(&j, '}');
    cli_json_object(&j, "event");
    if (*c->event.date)
        cli_json_str(&j, "date", c->event.date);
    else
        cli_json_null(&j, "date");
    cli_json_int(&j, "count", c->event.count);
    cli_json_str(&j, "label", xd_event_label(&c->event, lang));
    cli_json_str(&j, "kind", c->event.transfer ? "transfer" : "given");
    if (c->event.transfer) {
        cli_json_str(&j, "transfer_kind", xd_transfer_kind_name(c->event.transfer->kind));
        cli_json_str(&j, "source", c->event.transfer->source);
        cli_json_int(&j, "line", c->event.transfer->line);
    }
    cli_json_close(&j, '}');
    cli_json_num(&j, "share_of_year", c->share_of_year);
    cli_json_num(&j, "days_equivalent", c->days_equivalent);
    cli_json_interval(&j, "days_equivalent_range", c->days_range.lo, c->days_range.hi);
    cli_json_num(&j, "months_equivalent", c->months_equivalent);
    cli_json_interval(&j, "months_equivalent_range", c->months_range.lo, c->months_range.hi);
    cli_json_num(&j, "multiple_of_day", c->multiple_of_day);
    cli_json_num(&j, "p_one_day", c->p_one_day);
    cli_json_num(&j, "log10_p_one_day", c->log10_p_one_day);
    if (c->year_kind == XD_YEAR_NONE) {
        cli_json_null(&j, "event_year");
    } else {
        cli_json_object(&j, "event_year");
        cli_json_int(&j, "year", c->year);
        if (c->year_kind == XD_YEAR_WITH_TREATY)
            cli_json_int(&j, "treaty_count", c->year_treaty);
        else
            cli_json_null(&j, "treaty_count");
        if (c->year_kind == XD_YEAR_WITH_TREATY)
            cli_json_int(&j, "days", c->year_days);
        else
            cli_json_null(&j, "days");
        /* a figure to date: the test covers 1 January through this day */
        if (c->year_through_m || (c->year_not_over && c->year_last_m)) {
            /* or, in a year not over known only through its transfers, the latest of them */
            char through[16];
            snprintf(through, sizeof through, "%04d-%02d-%02d", c->year,
                     c->year_through_m ? c->year_through_m : c->year_last_m,
                     c->year_through_m ? c->year_through_d : c->year_last_d);
            cli_json_str(&j, "through", through);
        } else {
            cli_json_null(&j, "through");
        }
        if (c->year_kind == XD_YEAR_WITH_TREATY)
            cli_json_int(&j, "covered_transfers", c->covered_transfers);
        else
            cli_json_null(&j, "covered_transfers");
        cli_json_int(&j, "transfers", c->year_transfers);
        cli_json_int(&j, "transfer_days", (long)c->year_n_transfers);
        cli_json_num(&j, "transfers_share_of_year", c->year_transfers_share);
        /* transfers alone are never tested against the treaty pace */
        if (c->year_kind == XD_YEAR_WITH_TREATY) {
            json_rate(&j, "with_transfers", &c->with_transfers);
            json_rate(&j, "without_transfers", &c->without_transfers);
        } else {
            cli_json_null(&j, "with_transfers");
            cli_json_null(&j, "without_transfers");
        }
        cli_json_close(&j, '}');
    }
    cli_json_array(&j, "sentences");
    for (size_t i = 0; i < ns; i++)
        cli_json_str(&j, NULL, sentences[i]);
    cli_json_close(&j, ']');
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

/* A probability below the smallest double is shown from its log. */
static void show_from_log(cli_rows *r, double p, double log10_p)
{
    if (p != 0 || !isfinite(log10_p))
        return;
    char buf[64];
    double e = floor(log10_p), m = pow(10, log10_p - e);
    if (m >= 9.9995)
        m /= 10, e += 1;
    snprintf(buf, sizeof buf, "%.3fe%.0f", m, e);
    for (char *q = buf; r->lang == XD_LANG_ES && *q; q++)
        if (*q == '.')
            *q = ',';
    r->items[r->n - 1].shown = (free(r->items[r->n - 1].shown), strdup(buf));
}

static void add_rate(cli_rows *r, const char *prefix, const char *label, const xd_rate_test *t, const char *pc)
{
    char key[64], lab[160];
    snprintf(key, sizeof key, "%s_rate_ratio", prefix);
    cli_rows_num(r, key, label, t->ratio, 3);
    snprintf(key, sizeof key, "%s_ci", prefix);
    cli_fill(lab, sizeof lab, r->lang, "cli.cmp.interval", 1, pc);
    add_interval(r, key, lab, t->ci, 3);
    snprintf(key, sizeof key, "%s_p_value", prefix);
    cli_rows_num(r, key, xd_text(r->lang, "cli.cmp.p_exact"), t->p_value, 3);
    show_from_log(r, t->p_value, t->log10_p_value);
    char v[64];
    snprintf(key, sizeof key, "%s_log10_p_value", prefix);
    cli_rows_machine(r, key, cli_exact(v, sizeof v, t->log10_p_value));
}

static void build_rows(const xd_compare *c, cli_rows *r)
{
    xd_lang lang = r->lang;
#define L(key) xd_text(lang, key)
    char buf[512], a[64], n1[32], pc[16];
    xd_lang_pct(lang, pc, sizeof pc, c->base.level, 0);
    snprintf(a, sizeof a, "%d-%d", c->base.from, c->base.to);
    cli_rows_add(r, "baseline", L("cli.cmp.baseline"), a, NULL);
    cli_rows_machine(r, "baseline_measure", c->base.measure);
    const char *kind = c->base.kind == XD_BASELINE_COMPUTED ? "computed" : "reported";
    snprintf(buf, sizeof buf, "%s (%s)", L(c->base.kind == XD_BASELINE_COMPUTED ? "cli.cmp.computed" : "cli.cmp.reported"),
             c->base.sources);
    cli_rows_add(r, "baseline_source", L("cli.cmp.baseline_figure"), kind, buf);
    cli_rows_machine(r, "baseline_sources", c->base.sources);
    cli_rows_num(r, "baseline_total", L("cli.cmp.baseline_total"), c->base.total, 6);
    cli_rows_num(r, "baseline_mean", L("cli.cmp.mean"), c->base.mean, 4);
    cli_fill(buf, sizeof buf, lang, "cli.cmp.interval_poisson", 1, pc);
    add_interval(r, "baseline_ci", buf, c->base.ci, 4);
    snprintf(a, sizeof a, "%ld", c->base.days);
    cli_rows_add(r, "baseline_days", L("cli.cmp.days"), a, cli_lnum(lang, n1, sizeof n1, (double)c->base.days, 15));
    cli_rows_num(r, "daily_rate", L("cli.cmp.per_day"), c->base.daily_rate, 4);
    const char *label = xd_event_label(&c->event, lang);
    char count[32];
    cli_lnum(lang, count, sizeof count, (double)c->event.count, 15);
    if (*c->event.date && *label)
        cli_fill(buf, sizeof buf, lang, "cli.cmp.event.date_label", 3, count, c->event.date, label);
    else if (*c->event.date)
        cli_fill(buf, sizeof buf, lang, "cli.cmp.event.date", 2, count, c->event.date);
    else if (*label)
        cli_fill(buf, sizeof buf, lang, "cli.cmp.event.label", 2, count, label);
    else
        snprintf(buf, sizeof buf, "%s", count);
    snprintf(a, sizeof a, "%ld", c->event.count);
    cli_rows_add(r, "event_count", L("cli.cmp.event"), a, buf);
    cli_rows_machine(r, "event_date", c->event.date);
    cli_rows_machine(r, "event_label", label);
    cli_rows_machine(r, "event_kind", c->event.transfer ? "transfer" : "given");
    if (c->event.transfer) {
        cli_rows_add(r, "event_transfer_kind", L("cli.cmp.event_kind"),
                     xd_transfer_kind_name(c->event.transfer->kind),
                     xd_transfer_mechanism(c->event.transfer, lang));
    }
    cli_rows_num(r, "share_of_year", L("cli.cmp.share"), c->share_of_year, 3);
    xd_lang_pct(lang, buf, sizeof buf, c->share_of_year, 1);
    r->items[r->n - 1].shown = (free(r->items[r->n - 1].shown), strdup(buf));
    cli_rows_num(r, "days_equivalent", L("cli.cmp.days_worth"), c->days_equivalent, 4);
    cli_fill(buf, sizeof buf, lang, "cli.cmp.range_from", 1, pc);
    add_interval(r, "days_equivalent_range", buf, c->days_range, 4);
    cli_rows_num(r, "months_equivalent", L("cli.cmp.months_worth"), c->months_equivalent, 3);
    add_interval(r, "months_equivalent_range", buf, c->months_range, 3);
    cli_rows_num(r, "multiple_of_day", L("cli.cmp.multiple"), c->multiple_of_day, 4);
    cli_rows_num(r, "p_one_day", L("cli.cmp.p_day"), c->p_one_day, 4);
    show_from_log(r, c->p_one_day, c->log10_p_one_day);
    cli_rows_num(r, "log10_p_one_day", L("cli.cmp.log10_p"), c->log10_p_one_day, 4);
    if (c->year_kind == XD_YEAR_NONE)
        return;
    snprintf(a, sizeof a, "%d", c->year);
    cli_rows_add(r, "event_year", L("cli.cmp.year"), a, NULL);
    if (c->year_kind == XD_YEAR_WITH_TREATY) {
        snprintf(a, sizeof a, "%ld", c->year_treaty);
        cli_rows_add(r, "year_treaty_count", L("cli.cmp.year_treaty"), a,
                     cli_lnum(lang, n1, sizeof n1, (double)c->year_treaty, 15));
        char period[64];
        snprintf(a, sizeof a, "%ld", c->year_days);
        snprintf(buf, sizeof buf, "%s (%s)", cli_lnum(lang, n1, sizeof n1, (double)c->year_days, 15),
                 xd_compare_year_text(c, lang, period, sizeof period));
        cli_rows_add(r, "year_days", L("cli.cmp.year_days"), a, buf);
        if (c->year_through_m) {
            snprintf(a, sizeof a, "%04d-%02d-%02d", c->year, c->year_through_m, c->year_through_d);
            cli_rows_add(r, "year_through", L("cli.cmp.year_through"), a, NULL);
            snprintf(a, sizeof a, "%ld", c->covered_transfers);
            cli_rows_add(r, "covered_transfers", L("cli.cmp.covered"), a,
                         cli_lnum(lang, n1, sizeof n1, (double)c->covered_transfers, 15));
        }
    } else {
        cli_rows_add(r, "year_treaty_count", L("cli.cmp.year_treaty"), "", L("cli.cmp.no_figure"));
    }
    snprintf(a, sizeof a, "%ld", c->year_transfers);
    char ntr[64];
    snprintf(buf, sizeof buf, "%s (%s)", cli_lnum(lang, n1, sizeof n1, (double)c->year_transfers, 15),
             cli_count(ntr, sizeof ntr, lang, (double)c->year_n_transfers, "transfer"));
    cli_rows_add(r, "year_transfers", L("cli.cmp.year_transferred"), a, buf);
    cli_rows_num(r, "year_transfers_share", L("cli.cmp.year_share"), c->year_transfers_share, 3);
    xd_lang_pct(lang, buf, sizeof buf, c->year_transfers_share, 1);
    r->items[r->n - 1].shown = (free(r->items[r->n - 1].shown), strdup(buf));
    if (c->year_kind == XD_YEAR_WITH_TREATY) {
        add_rate(r, "with_transfers", L("cli.cmp.rate_with"), &c->with_transfers, pc);
        add_rate(r, "without_transfers", L("cli.cmp.rate_without"), &c->without_transfers, pc);
    } else {
        cli_rows_add(r, "year_rate_test", L("cli.cmp.rate_test"), "", L("cli.cmp.rate_test.none"));
    }
#undef L
}

int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"baseline", required_argument, 0, 'b'}, {"event", required_argument, 0, 'e'},
        {"count", required_argument, 0, 'n'},    {"label", required_argument, 0, 'L'},
        {"date", required_argument, 0, 'D'},     {"measure", required_argument, 0, 'm'},
        {"level", required_argument, 0, 'l'},    {"lang", required_argument, 0, 'g'},
        {"format", required_argument, 0, 'F'},   {"dataset", required_argument, 0, 'd'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    xd_compare_options o = {.count = -1, .level = 0.95};
    const char *dataset = NULL;
    cli_format format = CLI_TEXT;
    xd_lang lang = XD_LANG_EN;
    const char *lang_arg = NULL;
    xd_diags d;
    xd_diags_init(&d);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int rc = XD_OK;
        switch (c) {
        case 'b':
            if (cli_parse_baseline("compare", optarg, &o) != XD_OK)
                return XD_EUSAGE;
            break;
        case 'e': o.event_date = optarg; break;
        case 'n':
            if (cli_parse_event_count("compare", optarg, &o) != XD_OK)
                return XD_EUSAGE;
            break;
        case 'L': o.label = optarg; break;
        case 'D': o.date = optarg; break;
        case 'm': o.measure = optarg; break;
        case 'l': rc = cli_parse_level(optarg, &o.level, &d); break;
        case 'g': lang_arg = optarg; break;
        case 'F': rc = cli_parse_format(optarg, &format, &d); break;
        case 'd': dataset = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("compare");
        }
        if (rc != XD_OK) {
            cli_print_diags(&d);
            xd_diags_free(&d);
            return cli_bad_option("compare");
        }
    }
    if (optind < argc)
        return cli_usage_error("compare", "unexpected argument '%s'", argv[optind]);
    if (cli_event_check("compare", &o) != XD_OK || cli_lang("compare", lang_arg, &lang) != XD_OK)
        return XD_EUSAGE;

    xd_dataset ds;
    xd_compare cmp = {0};
    int rc = cli_load_dataset(dataset, &ds, &d);
    if (rc == XD_OK)
        rc = xd_compare_prepare(&ds, &o, &cmp, &d);
    if (rc == XD_OK) {
        char *sentences[16];
        size_t ns = xd_compare_sentences(&ds, &cmp, lang, sentences, 16);
        if (format == CLI_JSON || format == CLI_CSV) {
            print_json(&cmp, sentences, ns, format == CLI_CSV, lang);
        } else {
            cli_rows rows = {0};
            rows.lang = lang;
            build_rows(&cmp, &rows);
            char title[512], y1[8], y2[8];
            snprintf(y1, sizeof y1, "%d", cmp.base.from);
            snprintf(y2, sizeof y2, "%d", cmp.base.to);
            cli_fill(title, sizeof title, lang, "cli.cmp.title", 4, xd_measure_label(&ds, cmp.base.measure, lang), y1,
                     y2, ds.name);
            cli_rows_print(&rows, format, stdout, title);
            cli_print_sentences(stdout, format, lang, sentences, ns);
            cli_rows_free(&rows);
        }
        for (size_t i = 0; i < ns; i++)
            free(sentences[i]);
    }
    cli_print_diags(&d);
    int status = rc;
    xd_compare_free(&cmp);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    return status;
}
