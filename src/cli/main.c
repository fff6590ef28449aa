/* extrad: extradition statistics from sourced CSV figures. This file only
 * dispatches to one function per command (cmd_*.c). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"check", cmd_check, "validate a dataset and reconcile aggregates with yearly figures"},
    {"summary", cmd_summary, "descriptive statistics of the yearly counts"},
    {"compare", cmd_compare, "compare one handover with a baseline period"},
    {"trend", cmd_trend, "linear, Poisson and Mann-Kendall trends of the yearly counts"},
    {"chart", cmd_chart, "draw a chart (comparison, annual, pace, trend) with gnuplot"},
    {"report", cmd_report, "write the multi-page PDF report with gnuplot"},
    {"aggregate", cmd_aggregate, "count individual records per year or month"},
    {"people", cmd_people, "who was handed over: people lists by organization and district"},
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: extrad COMMAND [OPTIONS]\n\n"
               "Statistics, charts and reports from sourced extradition figures.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'extrad COMMAND --help' for the options of a command; 'man extrad' for the\n"
               "dataset format and exit statuses (from the build tree: with the build folder on\n"
               "PATH, or man ./extrad.1).\n");
}

/* Output that did not reach its destination (a full disk, a closed pipe
 * reader) is a failure, even when the command itself went well. */
static int close_stdout(int rc)
{
    int failed = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !failed && errno != EBADF) {
        failed = 1;
        err = errno;
    }
    if (!failed)
        return rc;
    fprintf(stderr, "extrad: error: writing to standard output failed: %s\n", strerror(err));
    return rc == XD_OK ? XD_EOUTPUT : rc;
}

static int run(int argc, char **argv)
{
    /* a write past RLIMIT_FSIZE must fail with EFBIG, not kill the process */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return XD_EUSAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return XD_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("extrad %s\n", XD_VERSION);
        return XD_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "extrad: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return XD_EUSAGE;
}

int main(int argc, char **argv) { return close_stdout(run(argc, argv)); }
