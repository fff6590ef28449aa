/* Figures to date (annual.csv's and monthly.csv's through column) are never a
 * year's or a month's figure: summary, trend and check list them apart. */
#ifndef XD_CLI_TO_DATE_H
#define XD_CLI_TO_DATE_H

#include <stdio.h>

#include "cli.h"

/* "to_date": [{year (or month), through, days, count, source, line}]. */
void cli_to_date_json(cli_json *j, const xd_series *s);
/* A "to_date" row ("2026-01-20:37;..." for programs, "2026 (to 20 Jan): 37" for
 * people), when there is any. */
void cli_to_date_rows(cli_rows *r, const xd_series *s);

#endif
