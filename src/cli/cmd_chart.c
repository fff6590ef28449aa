/* extrad chart: the comparison, annual, pace and trend charts, drawn by gnuplot. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "chart.h"
#include "cli.h"
#include "gnuplot.h"
#include "outfile.h"
#include "parse.h"

static const char help[] =
    "Usage: extrad chart KIND... -o FILE|DIR/ [--format pdf|png|svg] [--size WxH]\n"
    "                    [--keep DIR] [--baseline Y1-Y2] [--event DATE | --count N\n"
    "                    [--label TEXT] [--date DATE]] [--measure NAME] [--level P]\n"
    "                    [--lang en|es|es-MX] [--by year|month] [--dataset DIR]\n"
    "                    [--transfer DATE] [--by organization|district]\n\n"
    "Draws charts with gnuplot (all of them in one gnuplot run). KIND is one or more of\n"
    "  comparison  the baseline's mean per year, with its exact Poisson interval, beside\n"
    "              the single handover; its share of a year and days' worth\n"
    "  annual      the yearly counts over the dataset's whole range, years without a\n"
    "              figure marked, the baseline period and its mean, the transfers, and\n"
    "              conflicting figures of other sources; with --by month the monthly\n"
    "              counts of monthly.csv, a bar per month\n"
    "  pace        the event's year, cumulative, against the baseline pace, a step on\n"
    "              each transfer date; month by month where monthly.csv has the year\n"
    "  trend       the yearly counts with a Poisson regression and its band\n"
    "  all         all four\n"
    "  people      who was handed over (people.csv): people by organization, or with\n"
    "              --by district by charging district, with those of no stated value,\n"
    "              disputed, sealed and on no list as bars of their own; drawn only\n"
    "              when named\n\n"
    "  -o, --output FILE  the chart to write, for one KIND; its format comes from the\n"
    "                     extension: .pdf, .png or .svg\n"
    "  -o, --output DIR/  a folder (created if missing) that receives DIR/<kind>.<format>\n"
    "                     for every KIND; needed for several\n"
    "  --format F         pdf (default), png or svg, for -o DIR/\n"
    "  --size WxH         centimetres for PDF (default 17x10.5, across an A4 page),\n"
    "                     pixels for PNG and SVG (default 1200x675); text and lines grow\n"
    "                     with the picture\n"
    "  --keep DIR         leave the scripts, data files, strings.gp, command.txt (the\n"
    "                     exact gnuplot command) and render.sh (to draw again by hand)\n"
    "                     in DIR: a new or empty folder, or one an earlier --keep made\n"
    "  --baseline Y1-Y2   baseline period, as for compare\n"
    "  --event DATE       the transfer compared, as for compare\n"
    "  --count N          compare a handover of N people instead (with --label, --date;\n"
    "                     the pace chart needs --date); without any event (no transfers,\n"
    "                     no --count) the comparison and pace charts are left out\n"
    "  --measure NAME     series of the baseline (default: the main measure)\n"
    "  --level P          confidence level of intervals and bands (default 0.95)\n"
    "  --lang L           language of every text: en, es (decimal comma) or es-MX\n"
    "                     (default: EXTRAD_LANG, else the locale)\n"
    "  --by month         the annual chart draws the monthly counts (needs monthly.csv)\n"
    "  --by district      the people chart groups by charging district (default\n"
    "                     organization)\n"
    "  --transfer DATE    the people chart shows one transfer (default all)\n"
    "  --dataset DIR      dataset folder (default: EXTRAD_DATA or the bundled one)\n\n"
    "gnuplot is found on PATH (EXTRAD_GNUPLOT overrides); the scripts in the plots folder\n"
    "beside the binary or under the install prefix (EXTRAD_PLOTS overrides). An existing\n"
    "output is replaced only by a complete chart. A chart the figures cannot support\n"
    "(trend: fewer than 3 years with a figure) is left out with a warning saying why;\n"
    "exit status 1 when none is left. 4: gnuplot is missing; 5: a chart could not be\n"
    "drawn or written.\n";

static int add_kind(xd_chart_kind *kinds, size_t *n, xd_chart_kind k)
{
    for (size_t i = 0; i < *n; i++)
        if (kinds[i] == k)
            return 0;
    kinds[(*n)++] = k;
    return 1;
}

static int ends_with_slash(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] == '/';
}

static int is_folder(const char *s)
{
    struct stat st;
    return stat(s, &st) == 0 && S_ISDIR(st.st_mode);
}

int cmd_chart(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},   {"format", required_argument, 0, 'F'},
        {"size", required_argument, 0, 's'},     {"keep", required_argument, 0, 'k'},
        {"baseline", required_argument, 0, 'b'}, {"event", required_argument, 0, 'e'},
        {"measure", required_argument, 0, 'm'},  {"level", required_argument, 0, 'l'},
        {"lang", required_argument, 0, 'g'},     {"dataset", required_argument, 0, 'd'},
        {"by", required_argument, 0, 'y'},       {"count", required_argument, 0, 'n'},
        {"label", required_argument, 0, 'L'},    {"date", required_argument, 0, 'D'},
        {"help", no_argument, 0, 'h'},           {"transfer", required_argument, 0, 't'},
        {0, 0, 0, 0}};
    xd_compare_options o = {.count = -1, .level = 0.95, .event_optional = 1};
    const char *output = NULL, *format = NULL, *size = NULL, *keep = NULL, *dataset = NULL;
    xd_lang lang = XD_LANG_EN;
    int lang_given = 0;
    int by_month = 0, by_district = 0;
    const char *people_transfer = NULL;
    xd_diags d;
    xd_diags_init(&d);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'F':
            if (strcmp(optarg, "pdf") != 0 && strcmp(optarg, "png") != 0 && strcmp(optarg, "svg") != 0)
                return cli_usage_error("chart", "--format: expected pdf, png or svg, found '%s'", optarg);
            format = optarg;
            break;
        case 's': size = optarg; break;
        case 'k': keep = optarg; break;
        case 'b':
            if (cli_parse_baseline("chart", optarg, &o) != XD_OK)
                return XD_EUSAGE;
            break;
        case 'e': o.event_date = optarg; break;
        case 'n':
            if (cli_parse_event_count("chart", optarg, &o) != XD_OK)
                return XD_EUSAGE;
            break;
        case 'L': o.label = optarg; break;
        case 'D': o.date = optarg; break;
        case 'm': o.measure = optarg; break;
        case 'l':
            if (cli_parse_level(optarg, &o.level, &d) != XD_OK) {
                cli_print_diags(&d);
                xd_diags_free(&d);
                return cli_bad_option("chart");
            }
            break;
        case 'g':
            if (cli_lang("chart", optarg, &lang) != XD_OK)
                return XD_EUSAGE;
            lang_given = 1;
            break;
        case 'd': dataset = optarg; break;
        case 'y':
            if (strcmp(optarg, "organization") == 0 || strcmp(optarg, "district") == 0) {
                by_district = strcmp(optarg, "district") == 0;
                break;
            }
            if (strcmp(optarg, "year") != 0 && strcmp(optarg, "month") != 0)
                return cli_usage_error("chart", "--by: expected year or month (annual), organization or district "
                                                "(people), found '%s'",
                                       optarg);
            by_month = strcmp(optarg, "month") == 0;
            break;
        case 't': people_transfer = optarg; break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("chart");
        }
    }
    /* no --lang: EXTRAD_LANG, else the locale */
    if (!lang_given && cli_lang("chart", NULL, &lang) != XD_OK)
        return XD_EUSAGE;

    if (cli_event_check("chart", &o) != XD_OK)
        return XD_EUSAGE;
    xd_chart_kind kinds[XD_CHART_COUNT];
    size_t n = 0;
    if (optind >= argc)
        return cli_usage_error("chart", "which chart? give one or more of comparison, annual, pace, trend, all, "
                                        "people");
    for (int i = optind; i < argc; i++) {
        xd_chart_kind k;
        if (strcmp(argv[i], "all") == 0) {
            for (int j = 0; j <= XD_CHART_TREND; j++)
                add_kind(kinds, &n, (xd_chart_kind)j);
        } else if (xd_chart_parse(argv[i], &k)) {
            add_kind(kinds, &n, k);
        } else {
            return cli_usage_error("chart",
                                   "unknown chart '%s': expected comparison, annual, pace, trend, all or people",
                                   argv[i]);
        }
    }
    if (!output || !*output)
        return cli_usage_error("chart", "-o FILE (one chart) or -o DIR/ (any number) is required");

    /* -o DIR/ (or an existing folder): one file per chart inside it */
    int to_folder = ends_with_slash(output) || is_folder(output);
    int several = n > 1 || strcmp(argv[optind], "all") == 0;
    if (several && !to_folder)
        return cli_usage_error("chart", "several charts are written into a folder: give -o DIR/ (with the slash), "
                                        "not '%s'",
                               output);
    if (!to_folder && format) {
        const char *dot = strrchr(output, '.');
        if (!dot || strcasecmp(dot + 1, format) != 0)
            return cli_usage_error("chart", "--format %s does not match the output '%s'", format, output);
    }
    if (!to_folder) {
        const char *dot = strrchr(output, '.');
        const char *slash = strrchr(output, '/');
        if (!dot || (slash && dot < slash) ||
            (strcasecmp(dot, ".pdf") != 0 && strcasecmp(dot, ".png") != 0 && strcasecmp(dot, ".svg") != 0))
            return cli_usage_error("chart", "-o: the chart's name must end in .pdf, .png or .svg, found '%s'", output);
    }

    char paths[XD_CHART_COUNT][PATH_MAX];
    const char *outputs[XD_CHART_COUNT];
    if (to_folder) {
        size_t len = strlen(output);
        while (len > 1 && output[len - 1] == '/')
            len--;
        for (size_t i = 0; i < n; i++) {
            int w = snprintf(paths[i], sizeof paths[i], "%.*s/%s.%s", (int)len, output, xd_chart_name(kinds[i]),
                             format ? format : "pdf");
            if (w < 0 || (size_t)w >= sizeof paths[i])
                return cli_usage_error("chart", "-o: the folder name is too long");
            outputs[i] = paths[i];
        }
    } else {
        outputs[0] = output;
    }

    if (xd_gnuplot_timeout_check(&d) != XD_OK) {
        cli_print_diags(&d);
        xd_diags_free(&d);
        return XD_EUSAGE;
    }
    xd_cleanup_register_signals();
    xd_dataset ds;
    xd_analysis an;
    memset(&an, 0, sizeof an);
    int rc = cli_load_dataset(dataset, &ds, &d);
    int have_analysis = 0;
    if (rc == XD_OK) {
        rc = xd_analysis_run(&ds, &o, lang, &an, &d);
        have_analysis = 1;
        an.annual_by_month = by_month;
        an.people_transfer = people_transfer;
        an.people_by_district = by_district;
        if (rc == XD_OK && by_month && !an.has_monthly)
            rc = xd_error(&d, XD_EDATA, "%s: --by month: no monthly figures of '%s'%s", ds.file_monthly,
                          an.cmp.base.measure, ds.has_monthly ? "" : " (the dataset has no monthly.csv)");
    }
    int made_folder = 0;
    char folder[PATH_MAX] = "";
    if (rc == XD_OK && to_folder && !is_folder(output)) {
        snprintf(folder, sizeof folder, "%s", output);
        if (mkdir(folder, 0777) != 0)
            rc = xd_error(&d, XD_EOUTPUT, "cannot create the folder '%s': %s", folder, strerror(errno));
        else
            made_folder = 1;
    }
    /* charts the data cannot support are left out, each with its reason */
    size_t kept = 0;
    for (size_t i = 0; rc == XD_OK && i < n; i++) {
        char why[256];
        if (xd_chart_missing(&an, kinds[i], why, sizeof why)) {
            xd_warning(&d, "%s: not drawn: %s", outputs[i], why);
            continue;
        }
        kinds[kept] = kinds[i];
        outputs[kept++] = outputs[i];
    }
    if (rc == XD_OK && kept == 0)
        rc = xd_error(&d, XD_EDATA, "no chart could be drawn from these figures");
    n = kept;
    if (rc == XD_OK)
        rc = xd_chart_render(&an, kinds, outputs, n, size, keep, &d);
    if (rc != XD_OK && made_folder)
        rmdir(folder); /* only when still empty */
    if (rc == XD_OK) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", outputs[i]);
    }
    cli_print_diags(&d);
    int status = rc;
    if (have_analysis)
        xd_analysis_free(&an);
    xd_dataset_free(&ds);
    xd_cleanup_all();
    xd_diags_free(&d);
    return status;
}
