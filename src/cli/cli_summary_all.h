/* extrad summary --all-measures: one row per measure, and the loading of a
 * dataset whose annual.csv may be too big to hold as a table. */
#ifndef XD_CLI_SUMMARY_ALL_H
#define XD_CLI_SUMMARY_ALL_H

#include "cli.h"

/* cli_load_dataset, with annual.csv read row by row when it is big
 * (XD_ANNUAL_AUTO); EXTRAD_SUMMARY_STREAM=always or never forces either way. */
int cli_summary_load(const char *dir, xd_dataset *ds, xd_diags *d);

/* Loads the dataset and prints the summary of every measure over [from, to]
 * (0: each measure's own first and last period). Prints the diagnostics, frees
 * d and returns the exit status. */
int cli_summary_all(const char *dir, int by_month, int from, int to, double level, cli_format f, xd_lang lang,
                    xd_diags *d);

#endif
