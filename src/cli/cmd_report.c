/* extrad report: the report as a multi-page PDF or one self-contained HTML file,
 * its charts drawn by gnuplot. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis.h"
#include "cli.h"
#include "gnuplot.h"
#include "outfile.h"
#include "parse.h"
#include "paths.h"
#include "report.h"

static const char help[] =
    "Usage: extrad report [-o FILE.pdf|FILE.html] [--format pdf|html] [--dataset DIR]\n"
    "                     [--baseline Y1-Y2] [--event DATE | --count N [--label TEXT] [--date DATE]]\n"
    "                     [--measure NAME] [--level P] [--lang en|es|es-MX]\n"
    "                     [--title TEXT] [--force] [--keep DIR]\n\n"
    "Writes the report as an A4 PDF, or as one self-contained HTML page (no script,\n"
    "nothing fetched; the charts inline as SVG), with gnuplot: the headline comparison of one handover\n"
    "with the baseline period, the yearly figures with their sources and conflicts,\n"
    "summary statistics, the comparison measures and trends with a plain-language\n"
    "reading of each, the pace and trend charts, methods and caveats, the data\n"
    "checks, the numbered list of sources, and the SHA-256 of every dataset file\n"
    "with the command line. SOURCE_DATE_EPOCH, when set, fixes the date shown.\n\n"
    "  -o, --output FILE  the file to write (default: extrad-report.pdf); its name\n"
    "                     ends in .pdf or .html, which chooses the format; an existing\n"
    "                     file is replaced only by a complete report\n"
    "  --format F         pdf or html: the format of a name without either ending\n"
    "  --dataset DIR      dataset folder (default: EXTRAD_DATA or the bundled one)\n"
    "  --baseline Y1-Y2   baseline period (default: meta.csv 'baseline', else the latest\n"
    "                     five years the dataset supports)\n"
    "  --event DATE       a transfer of transfers.csv (default: meta.csv 'event', else\n"
    "                     the largest transfer)\n"
    "  --count N          compare a handover of N people instead, as for compare (with\n"
    "                     --label, --date); with no event at all (no transfers, no\n"
    "                     --count) the report shows the years, statistics and trend\n"
    "  --measure NAME     series of the baseline, the years and the trend (default:\n"
    "                     the main measure)\n"
    "  --level P          confidence level of intervals and bands (default 0.95)\n"
    "  --lang L           en, es, or es-MX (Spanish with a decimal point); default:\n"
    "                     EXTRAD_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG)\n"
    "  --title TEXT       the report's title (default: meta.csv 'title' or 'title_es')\n"
    "  --force            replace an existing output file that is not a report of the\n"
    "                     same format (PDF, or HTML)\n"
    "  --keep DIR         keep the driver script, page data and chart data in DIR, to\n"
    "                     render again by hand (DIR/command.txt); a new or empty folder,\n"
    "                     or one an earlier --keep made\n\n"
    "Exit status: 0 written, 1 bad data, 2 usage (also: an output name that ends in\n"
    "neither .pdf nor .html, or in the other format's ending than --format's, or names\n"
    "a folder; refusing to replace a file that is not a PDF or HTML page; a --keep folder\n"
    "extrad did not make), 4 gnuplot not found, 5 writing or rendering failed.\n";

/* An argument as a POSIX shell would need it written. */
static void append_arg(char **buf, size_t *len, size_t *cap, const char *s)
{
    int plain = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *p))
            plain = 0;
    size_t need = *len + strlen(s) * 4 + 4;
    if (need > *cap) {
        size_t c = need * 2;
        char *n = realloc(*buf, c);
        if (!n)
            return;
        *buf = n;
        *cap = c;
    }
    char *o = *buf + *len;
    if (*len)
        *o++ = ' ';
    if (plain) {
        o += sprintf(o, "%s", s);
    } else {
        *o++ = '\'';
        for (const char *p = s; *p; p++) {
            if (*p == '\'') {
                memcpy(o, "'\\''", 4);
                o += 4;
            } else {
                *o++ = *p;
            }
        }
        *o++ = '\'';
    }
    *o = '\0';
    *len = (size_t)(o - *buf);
}

static char *command_line(int argc, char **argv)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append_arg(&buf, &len, &cap, "extrad");
    for (int i = 0; i < argc; i++)
        append_arg(&buf, &len, &cap, argv[i]);
    return buf;
}

/* 1: a regular file that is not what the format writes (or cannot be read): a PDF
 * starts with %PDF-, an HTML page (after blanks) with <!DOCTYPE html or <html. */
static int exists_not_format(const char *path, xd_report_format format)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    char head[64];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = '\0';
    if (format == XD_REPORT_PDF)
        return !(n >= 5 && memcmp(head, "%PDF-", 5) == 0);
    const char *p = head;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return !(strncasecmp(p, "<!DOCTYPE html", 14) == 0 || strncasecmp(p, "<html", 5) == 0);
}

/* The format a file name asks for: 1 when it ends in .pdf or .html (or .htm). */
static int format_of_name(const char *name, xd_report_format *out)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    if (!dot)
        return 0;
    if (strcasecmp(dot, ".pdf") == 0) {
        *out = XD_REPORT_PDF;
        return 1;
    }
    if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0) {
        *out = XD_REPORT_HTML;
        return 1;
    }
    return 0;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},  {"dataset", required_argument, 0, 'd'},
        {"baseline", required_argument, 0, 'b'}, {"event", required_argument, 0, 'e'},
        {"lang", required_argument, 0, 'g'},    {"title", required_argument, 0, 't'},
        {"force", no_argument, 0, 'f'},         {"keep", required_argument, 0, 'k'},
        {"count", required_argument, 0, 'n'},   {"label", required_argument, 0, 'L'},
        {"date", required_argument, 0, 'D'},    {"measure", required_argument, 0, 'm'},
        {"level", required_argument, 0, 'l'},   {"format", required_argument, 0, 'F'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    xd_compare_options co = {.count = -1, .level = 0.95, .event_optional = 1};
    xd_report_options ro = {0};
    const char *dataset = NULL;
    const char *output = "extrad-report.pdf";
    xd_lang lang = XD_LANG_EN;
    int lang_given = 0;
    int force = 0, c, format_given = 0;
    xd_report_format format = XD_REPORT_PDF;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'd': dataset = optarg; break;
        case 'b':
            if (cli_parse_baseline("report", optarg, &co) != XD_OK)
                return XD_EUSAGE;
            break;
        case 'e': co.event_date = optarg; break;
        case 'n':
            if (cli_parse_event_count("report", optarg, &co) != XD_OK)
                return XD_EUSAGE;
            break;
        case 'L': co.label = optarg; break;
        case 'D': co.date = optarg; break;
        case 'm': co.measure = optarg; break;
        case 'l': {
            xd_diags ld;
            xd_diags_init(&ld);
            int lrc = cli_parse_level(optarg, &co.level, &ld);
            cli_print_diags(&ld);
            xd_diags_free(&ld);
            if (lrc != XD_OK)
                return cli_bad_option("report");
            break;
        }
        case 'g':
            if (cli_lang("report", optarg, &lang) != XD_OK)
                return XD_EUSAGE;
            lang_given = 1;
            break;
        case 't': ro.title = optarg; break;
        case 'f': force = 1; break;
        case 'k': ro.keep_dir = optarg; break;
        case 'F':
            if (strcmp(optarg, "pdf") == 0)
                format = XD_REPORT_PDF;
            else if (strcmp(optarg, "html") == 0)
                format = XD_REPORT_HTML;
            else
                return cli_usage_error("report", "--format: expected pdf or html, found '%s'", optarg);
            format_given = 1;
            break;
        case 'h': fputs(help, stdout); return XD_OK;
        default: return cli_bad_option("report");
        }
    }
    /* no --lang: EXTRAD_LANG, else the locale */
    if (!lang_given && cli_lang("report", NULL, &lang) != XD_OK)
        return XD_EUSAGE;
    if (optind < argc)
        return cli_usage_error("report", "unexpected argument '%s'", argv[optind]);
    if (cli_event_check("report", &co) != XD_OK)
        return XD_EUSAGE;
    if (!*output)
        return cli_usage_error("report", "-o: expected a file name");
    struct stat ost;
    size_t olen = strlen(output);
    if (output[olen - 1] == '/' || (stat(output, &ost) == 0 && S_ISDIR(ost.st_mode)))
        return cli_usage_error("report", "-o: '%s' is a folder; expected the name of the report to write, such as %s%s",
                               output, output, output[olen - 1] == '/' ? "report.pdf" : "/report.pdf");
    /* the name says what the file is: a report named .png would be a PDF in disguise;
     * --format chooses only for a name without an ending */
    xd_report_format named = XD_REPORT_PDF;
    int known = format_of_name(output, &named);
    const char *slash = strrchr(output, '/');
    int has_ending = strchr(slash ? slash + 1 : output, '.') != NULL;
    if (!format_given && !known)
        return cli_usage_error("report",
                               "-o: '%s': the name must end in .pdf or .html (the report's format), or give "
                               "--format pdf|html for a name without an ending",
                               output);
    if (format_given && (known ? named != format : has_ending))
        return cli_usage_error("report", "-o: '%s': a %s report's name ends in %s, or has no ending", output,
                               format == XD_REPORT_PDF ? "PDF" : "HTML", format == XD_REPORT_PDF ? ".pdf" : ".html");
    if (!format_given)
        format = named;
    if (!force && exists_not_format(output, format))
        return cli_usage_error("report", "'%s' exists and is not %s; refusing to replace it (use --force to replace it)",
                               output, format == XD_REPORT_PDF ? "a PDF" : "an HTML page");
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0 || end == sde)
            return cli_usage_error("report", "SOURCE_DATE_EPOCH: expected seconds since 1970, found '%s'", sde);
        ro.epoch = v;
        ro.epoch_fixed = 1;
    } else {
        ro.epoch = (long long)time(NULL);
    }

    xd_diags d;
    xd_diags_init(&d);
    if (xd_gnuplot_timeout_check(&d) != XD_OK) {
        cli_print_diags(&d);
        xd_diags_free(&d);
        return XD_EUSAGE;
    }
    xd_cleanup_register_signals();
    char gnuplot[PATH_MAX], plots[PATH_MAX];
    xd_dataset ds;
    memset(&ds, 0, sizeof ds);
    xd_analysis a;
    memset(&a, 0, sizeof a);
    int have_analysis = 0;
    int rc = cli_load_dataset(dataset, &ds, &d);
    if (rc == XD_OK) {
        rc = xd_analysis_run(&ds, &co, lang, &a, &d);
        have_analysis = 1;
    }
    if (rc == XD_OK)
        rc = xd_gnuplot_find(gnuplot, sizeof gnuplot, &d);
    if (rc == XD_OK)
        rc = xd_paths_find("EXTRAD_PLOTS", "plots", plots, sizeof plots, &d);
    char *cmdline = NULL;
    size_t pages = 0;
    if (rc == XD_OK) {
        cmdline = command_line(argc, argv);
        ro.output = output;
        ro.format = format;
        ro.command_line = cmdline;
        ro.gnuplot = gnuplot;
        ro.plots_dir = plots;
        ro.timeout_s = xd_gnuplot_timeout_from_env();
        rc = xd_report_write(&a, &ro, &pages, &d);
    }
    cli_print_diags(&d);
    if (rc == XD_OK && format == XD_REPORT_PDF)
        printf("wrote %s (%zu pages)\n", output, pages);
    else if (rc == XD_OK)
        printf("wrote %s\n", output);
    free(cmdline);
    if (have_analysis)
        xd_analysis_free(&a);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_cleanup_all();
    return rc;
}
