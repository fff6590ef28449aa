/* extrad check: what it found, computed once and then written as text, json,
 * csv or md (cli_check_out.c). */
#ifndef XD_CLI_CHECK_H
#define XD_CLI_CHECK_H

#include <stdio.h>

#include "check.h"
#include "cli.h"
#include "reconcile.h"

typedef struct cli_check {
    xd_dataset ds;
    int loaded;             /* ds holds a dataset read without error */
    int strict;
    xd_series *series;      /* every measure of annual.csv, then of monthly.csv */
    size_t n_series;
    xd_check agg;
    xd_months_check months;
    xd_diags d;
    xd_lang lang;           /* of the text and md output */
} cli_check;

/* Why an aggregate is not compared, in the language. */
const char *cli_check_reason(const cli_check *c, const xd_reconcile *r, char *buf, size_t cap);

/* A diagnostic split into where and what: "FILE:LINE:COL: FIELD: MESSAGE".
 * Parts that are absent are NULL (line 0). */
typedef struct cli_diag_parts {
    const char *file;
    size_t file_len;
    long line;
    const char *field;
    size_t field_len;
    const char *message;
} cli_diag_parts;
void cli_check_split(const xd_dataset *ds, const char *text, cli_diag_parts *out);

/* "single_source", "corroborated", "conflict_resolved", "unresolved", "no_figure". */
const char *cli_check_year_status(const xd_year *y);

void cli_check_json(const cli_check *c, FILE *out);
void cli_check_csv(const cli_check *c, FILE *out);
void cli_check_md(const cli_check *c, FILE *out);

#endif
