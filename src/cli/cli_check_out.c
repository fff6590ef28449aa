/* extrad check as json, csv and md: the same findings as the text output. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_check.h"

static size_t match_file(const char *text, const char *file)
{
    size_t n = file ? strlen(file) : 0;
    return n && strncmp(text, file, n) == 0 && (text[n] == ':' || text[n] == '\0') ? n : 0;
}

void cli_check_split(const xd_dataset *ds, const char *text, cli_diag_parts *out)
{
    memset(out, 0, sizeof *out);
    const char *files[] = {ds->file_annual, ds->file_monthly, ds->file_aggregates, ds->file_transfers,
                           ds->file_sources, ds->file_meta,    ds->dir};
    const char *p = text;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t n = match_file(text, files[i]);
        if (n > out->file_len) {
            out->file = text;
            out->file_len = n;
        }
    }
    if (out->file) {
        p = text + out->file_len;
        if (*p == ':' && isdigit((unsigned char)p[1])) {
            char *end;
            out->line = strtol(p + 1, &end, 10);
            p = end;
            if (*p == ':' && isdigit((unsigned char)p[1])) /* the column: the field names it */
                strtol(p + 1, &end, 10), p = end;
        }
        if (*p == ':')
            p++;
        while (*p == ' ')
            p++;
    }
    /* "field: message" where the field is one word */
    const char *colon = strstr(p, ": ");
    if (colon && colon > p && colon - p <= 64) {
        int word = 1;
        for (const char *q = p; q < colon; q++)
            word &= *q != ' ' && *q != '(' && *q != '\'';
        if (word) {
            out->field = p;
            out->field_len = (size_t)(colon - p);
            p = colon + 2;
        }
    }
    out->message = p;
}

static char *dup_n(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static void span_iso(const xd_aggregate *a, char *first, char *last)
{
    xd_date_iso(first, 16, a->span.y1, a->span.m1, a->span.d1);
    xd_date_iso(last, 16, a->span.y2, a->span.m2, a->span.d2);
}

static long chosen_line(const xd_year *y)
{
    for (size_t i = 0; i < y->n_rows; i++)
        if (!y->unresolved && y->rows[i]->count == y->count)
            return y->rows[i]->line;
    return y->n_rows ? y->rows[0]->line : 0;
}

static const char *row_status(const xd_annual *r)
{
    return r->status == XD_ROW_PREFERRED ? "preferred" : r->status == XD_ROW_ALTERNATIVE ? "alternative" : "";
}

/* ------------------------------------------------------------ json */

static void json_diags(const cli_check *c, cli_json *j, enum xd_severity sev, const char *key)
{
    cli_json_array(j, key);
    for (size_t i = 0; i < c->d.n; i++) {
        const xd_diag *it = &c->d.items[i];
        if (it->severity != sev || !it->text)
            continue;
        cli_diag_parts dp;
        cli_check_split(&c->ds, it->text, &dp);
        char *file = dp.file ? dup_n(dp.file, dp.file_len) : NULL;
        char *field = dp.field ? dup_n(dp.field, dp.field_len) : NULL;
        cli_json_object(j, NULL);
        cli_json_str(j, "file", file);
        if (dp.line)
            cli_json_int(j, "line", dp.line);
        else
            cli_json_null(j, "line");
        cli_json_str(j, "field", field);
        cli_json_str(j, "message", dp.message);
        cli_json_close(j, '}');
        free(file);
        free(field);
    }
    cli_json_close(j, ']');
}

static void json_rows(cli_json *j, const char *key, const xd_year *y, int agreeing)
{
    cli_json_array(j, key);
    for (size_t i = 0; i < y->n_rows; i++) {
        const xd_annual *r = y->rows[i];
        /* with an unresolved conflict no row agrees with a chosen value */
        int agrees = !y->unresolved && r->count == y->count;
        if (agrees != agreeing)
            continue;
        cli_json_object(j, NULL);
        cli_json_int(j, "line", r->line);
        cli_json_int(j, "count", r->count);
        cli_json_str(j, "source", r->source);
        cli_json_str(j, "status", *row_status(r) ? row_status(r) : NULL);
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
}

static void json_series(const cli_check *c, cli_json *j, int by_month)
{
    cli_json_array(j, by_month ? "monthly" : "years");
    for (size_t k = 0; k < c->n_series; k++) {
        const xd_series *s = &c->series[k];
        if (s->by_month != by_month)
            continue;
        for (size_t i = 0; i < s->n; i++) {
            const xd_year *y = &s->years[i];
            cli_json_object(j, NULL);
            cli_json_str(j, "file", by_month ? c->ds.file_monthly : c->ds.file_annual);
            cli_json_str(j, "measure", s->measure);
            cli_json_period(j, by_month ? "month" : "year", by_month, y->period);
            if (y->has_value)
                cli_json_int(j, "count", y->count);
            else
                cli_json_null(j, "count");
            cli_json_str(j, "status", cli_check_year_status(y));
            json_rows(j, "corroborating", y, 1);
            json_rows(j, "conflicting", y, 0);
            cli_json_close(j, '}');
        }
    }
    cli_json_close(j, ']');
}

static void json_num_or_null(cli_json *j, const char *key, int have, double v)
{
    if (have)
        cli_json_num(j, key, v);
    else
        cli_json_null(j, key);
}

static void json_aggregates(const cli_check *c, cli_json *j)
{
    cli_json_array(j, "aggregates");
    for (size_t i = 0; i < c->agg.n; i++) {
        const xd_reconcile *r = &c->agg.items[i];
        const xd_aggregate *a = r->aggregate;
        char first[16], last[16], p[16];
        span_iso(a, first, last);
        cli_json_object(j, NULL);
        cli_json_str(j, "file", c->ds.file_aggregates);
        cli_json_int(j, "line", a->line);
        cli_json_str(j, "first", first);
        cli_json_str(j, "last", last);
        cli_json_str(j, "statistic", a->statistic == XD_AGG_MEAN ? "mean" : "total");
        cli_json_num(j, "value", a->value);
        cli_json_str(j, "measure", a->measure);
        cli_json_str(j, "source", a->source);
        cli_json_str(j, "status", xd_reconcile_status_name(r->status));
        json_num_or_null(j, "computed", r->kind == XD_RECONCILE_COMPLETE, r->computed);
        json_num_or_null(j, "difference", r->kind == XD_RECONCILE_COMPLETE, r->difference);
        json_num_or_null(j, "implied_total", r->kind == XD_RECONCILE_PARTIAL, r->implied_missing_total);
        cli_json_str(j, "reason", *r->reason ? r->reason : NULL);
        cli_json_str(j, "compared_with", r->kind == XD_RECONCILE_NOT_COMPARABLE ? NULL
                                         : r->by_month                          ? "months"
                                                                                : "years");
        json_num_or_null(j, "known_total", r->kind == XD_RECONCILE_PARTIAL || r->kind == XD_RECONCILE_COMPLETE,
                         r->known_total);
        cli_json_array(j, "missing");
        for (size_t k = 0; k < r->n_missing; k++)
            cli_json_str(j, NULL, xd_period_text(p, sizeof p, r->by_month, r->missing[k]));
        cli_json_close(j, ']');
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
}

static void json_months(const cli_check *c, cli_json *j)
{
    cli_json_array(j, "months");
    for (size_t i = 0; i < c->months.n; i++) {
        const xd_month_year *m = &c->months.items[i];
        cli_json_object(j, NULL);
        cli_json_str(j, "measure", m->measure);
        cli_json_int(j, "year", m->year);
        cli_json_str(j, "monthly_file", c->ds.file_monthly);
        cli_json_array(j, "monthly_lines");
        for (int k = 0; k < 12; k++)
            if (m->month_line[k])
                cli_json_int(j, NULL, m->month_line[k]);
        cli_json_close(j, ']');
        cli_json_int(j, "months", (long)m->n_months);
        cli_json_int(j, "months_sum", m->months_sum);
        cli_json_str(j, "annual_file", c->ds.file_annual);
        if (m->has_year) {
            cli_json_int(j, "annual_line", m->year_line);
            cli_json_int(j, "year_count", m->year_count);
            cli_json_int(j, "difference", m->difference);
        } else {
            cli_json_null(j, "annual_line");
            cli_json_null(j, "year_count");
            cli_json_null(j, "difference");
        }
        cli_json_str(j, "status", xd_months_status_name(m->status));
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
}

void cli_check_json(const cli_check *c, FILE *out)
{
    cli_json j;
    cli_json_begin(&j, out);
    cli_json_str(&j, "dataset", c->loaded ? c->ds.name : NULL);
    cli_json_str(&j, "dir", c->ds.dir);
    cli_json_bool(&j, "valid", c->loaded && xd_diags_count(&c->d, XD_SEV_ERROR) == 0);
    json_diags(c, &j, XD_SEV_ERROR, "errors");
    json_diags(c, &j, XD_SEV_WARNING, "warnings");
    json_series(c, &j, 0);
    json_series(c, &j, 1);
    cli_json_array(&j, "to_date");
    for (size_t k = 0; k < c->n_series; k++) {
        const xd_series *s = &c->series[k];
        for (size_t i = 0; i < s->n_to_date; i++) {
            const xd_annual *a = s->to_date[i];
            char through[16];
            cli_json_object(&j, NULL);
            cli_json_str(&j, "file", s->by_month ? c->ds.file_monthly : c->ds.file_annual);
            cli_json_int(&j, "line", a->line);
            cli_json_str(&j, "measure", s->measure);
            cli_json_period(&j, s->by_month ? "month" : "year", s->by_month, xd_period_of(a->year, a->month));
            cli_json_str(&j, "through", xd_date_iso(through, sizeof through, a->through_y, a->through_m, a->through_d));
            cli_json_int(&j, "days", xd_annual_days(a));
            cli_json_int(&j, "count", a->count);
            cli_json_str(&j, "source", a->source);
            cli_json_close(&j, '}');
        }
    }
    cli_json_close(&j, ']');
    json_aggregates(c, &j);
    json_months(c, &j);
    cli_json_array(&j, "transfers");
    for (size_t i = 0; c->loaded && i < c->ds.n_transfers; i++) {
        const xd_transfer *t = &c->ds.transfers[i];
        cli_json_object(&j, NULL);
        cli_json_str(&j, "date", t->date);
        cli_json_int(&j, "count", t->count);
        cli_json_str(&j, "source", t->source);
        cli_json_int(&j, "line", t->line);
        cli_json_close(&j, '}');
    }
    cli_json_close(&j, ']');
    cli_json_end(&j);
}

/* ------------------------------------------------------------ csv */

/* kind,file,line,field,measure,first,last,statistic,value,source,status,computed,difference,implied_total,message */
typedef struct csv_rec {
    const char *kind, *file, *field, *measure, *first, *last, *statistic, *source, *status, *message;
    long line;
    int have_value, have_computed, have_difference, have_implied;
    double value, computed, difference, implied;
} csv_rec;

static void csv_num(FILE *out, int have, double v)
{
    char buf[64];
    fputc(',', out);
    if (have)
        fputs(cli_exact(buf, sizeof buf, v), out);
}

static void csv_str(FILE *out, const char *s, int first)
{
    if (!first)
        fputc(',', out);
    if (s)
        cli_csv_field(out, s);
}

static void csv_put(FILE *out, const csv_rec *r)
{
    csv_str(out, r->kind, 1);
    csv_str(out, r->file, 0);
    fputc(',', out);
    if (r->line)
        fprintf(out, "%ld", r->line);
    csv_str(out, r->field, 0);
    csv_str(out, r->measure, 0);
    csv_str(out, r->first, 0);
    csv_str(out, r->last, 0);
    csv_str(out, r->statistic, 0);
    csv_num(out, r->have_value, r->value);
    csv_str(out, r->source, 0);
    csv_str(out, r->status, 0);
    csv_num(out, r->have_computed, r->computed);
    csv_num(out, r->have_difference, r->difference);
    csv_num(out, r->have_implied, r->implied);
    csv_str(out, r->message, 0);
    fputc('\n', out);
}

/* Source ids of the rows that agree, joined with ';'. Caller frees. */
static char *agreeing_sources(const xd_year *y)
{
    size_t len = 1;
    for (size_t i = 0; i < y->n_rows; i++)
        len += strlen(y->rows[i]->source) + 1;
    char *s = calloc(len, 1);
    for (size_t i = 0; s && i < y->n_rows; i++) {
        if (y->unresolved || y->rows[i]->count != y->count)
            continue;
        if (*s)
            strcat(s, ";");
        strcat(s, y->rows[i]->source);
    }
    return s;
}

void cli_check_csv(const cli_check *c, FILE *out)
{
    const xd_dataset *ds = &c->ds;
    fputs("kind,file,line,field,measure,first,last,statistic,value,source,status,computed,difference,implied_total,"
          "message\n",
          out);
    for (size_t i = 0; i < c->d.n; i++) {
        const xd_diag *it = &c->d.items[i];
        if (it->severity == XD_SEV_NOTE || !it->text)
            continue;
        cli_diag_parts dp;
        cli_check_split(ds, it->text, &dp);
        char *file = dp.file ? dup_n(dp.file, dp.file_len) : NULL;
        char *field = dp.field ? dup_n(dp.field, dp.field_len) : NULL;
        csv_rec r = {.kind = it->severity == XD_SEV_ERROR ? "error" : "warning", .file = file, .line = dp.line,
                     .field = field, .message = dp.message};
        csv_put(out, &r);
        free(file);
        free(field);
    }
    for (size_t k = 0; k < c->n_series; k++) {
        const xd_series *s = &c->series[k];
        for (size_t i = 0; i < s->n; i++) {
            const xd_year *y = &s->years[i];
            char p[16];
            xd_period_text(p, sizeof p, s->by_month, y->period);
            char *src = agreeing_sources(y);
            csv_rec r = {.kind = s->by_month ? "month" : "year",
                         .file = s->by_month ? ds->file_monthly : ds->file_annual,
                         .line = chosen_line(y),
                         .measure = s->measure,
                         .first = p,
                         .last = p,
                         .have_value = y->has_value,
                         .value = (double)y->count,
                         .source = src,
                         .status = cli_check_year_status(y)};
            csv_put(out, &r);
            free(src);
        }
    }
    for (size_t k = 0; k < c->n_series; k++) {
        const xd_series *s = &c->series[k];
        for (size_t i = 0; i < s->n_to_date; i++) {
            const xd_annual *a = s->to_date[i];
            char p[16], through[16];
            xd_period_text(p, sizeof p, s->by_month, xd_period_of(a->year, a->month));
            csv_rec r = {.kind = "to_date",
                         .file = s->by_month ? ds->file_monthly : ds->file_annual,
                         .line = a->line,
                         .measure = s->measure,
                         .first = p,
                         .last = xd_date_iso(through, sizeof through, a->through_y, a->through_m, a->through_d),
                         .have_value = 1,
                         .value = (double)a->count,
                         .source = a->source,
                         .status = "to_date"};
            csv_put(out, &r);
        }
    }
    for (size_t i = 0; i < c->agg.n; i++) {
        const xd_reconcile *x = &c->agg.items[i];
        const xd_aggregate *a = x->aggregate;
        char first[16], last[16];
        span_iso(a, first, last);
        csv_rec r = {.kind = "aggregate",
                     .file = ds->file_aggregates,
                     .line = a->line,
                     .measure = a->measure,
                     .first = first,
                     .last = last,
                     .statistic = a->statistic == XD_AGG_MEAN ? "mean" : "total",
                     .have_value = 1,
                     .value = a->value,
                     .source = a->source,
                     .status = xd_reconcile_status_name(x->status),
                     .have_computed = x->kind == XD_RECONCILE_COMPLETE,
                     .computed = x->computed,
                     .have_difference = x->kind == XD_RECONCILE_COMPLETE,
                     .difference = x->difference,
                     .have_implied = x->kind == XD_RECONCILE_PARTIAL,
                     .implied = x->implied_missing_total,
                     .message = *x->reason ? x->reason : NULL};
        csv_put(out, &r);
    }
    for (size_t i = 0; i < c->months.n; i++) {
        const xd_month_year *m = &c->months.items[i];
        char first[16], last[16], lines[256], msg[320];
        snprintf(first, sizeof first, "%d-01", m->year);
        snprintf(last, sizeof last, "%d-12", m->year);
        xd_lines_text(lines, sizeof lines, m->month_line, 12);
        if (m->has_year)
            snprintf(msg, sizeof msg, "%zu months (lines %s) against the year (%s:%ld)", m->n_months, lines,
                     ds->file_annual, m->year_line);
        else
            snprintf(msg, sizeof msg, "%zu months (lines %s), no yearly figure", m->n_months, lines);
        csv_rec r = {.kind = "months",
                     .file = ds->file_monthly,
                     .line = 0,
                     .measure = m->measure,
                     .first = first,
                     .last = last,
                     .have_value = m->has_year,
                     .value = (double)m->year_count,
                     .status = xd_months_status_name(m->status),
                     .have_computed = 1,
                     .computed = (double)m->months_sum,
                     .have_difference = m->has_year,
                     .difference = (double)m->difference,
                     .message = msg};
        for (int k = 0; k < 12 && !r.line; k++)
            r.line = m->month_line[k];
        csv_put(out, &r);
    }
    csv_rec v = {.kind = "valid", .status = c->loaded && xd_diags_count(&c->d, XD_SEV_ERROR) == 0 ? "true" : "false"};
    csv_put(out, &v);
}

/* ------------------------------------------------------------ md */

static void md_text(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        if (s[i] == '|')
            fputs("\\|", out);
        else if (s[i] == '\n' || s[i] == '\r')
            fputc(' ', out);
        else
            fputc(s[i], out);
    }
}
#define MD(out, s) md_text(out, s, (size_t)-1)

/* A status name ("agrees", "single_source") in the language of the md output. */
static const char *md_status(xd_lang lang, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "cli.status.%s", name);
    const char *t = xd_text(lang, key);
    return strcmp(t, key) == 0 ? name : t;
}

void cli_check_md(const cli_check *c, FILE *out)
{
    const xd_dataset *ds = &c->ds;
    xd_lang lang = c->lang;
#define L(key) xd_text(lang, key)
    size_t errors = xd_diags_count(&c->d, XD_SEV_ERROR), warnings = xd_diags_count(&c->d, XD_SEV_WARNING);
    char a[64], b[64];
    fprintf(out, "## %s ", L("cli.md.check_of"));
    MD(out, c->loaded ? ds->name : ds->dir ? ds->dir : "?");
    fprintf(out, "\n\n**%s**: %s, %s\n", L(c->loaded && !errors ? "cli.check.valid" : "cli.check.invalid"),
            cli_count(a, sizeof a, lang, (double)errors, "error"), cli_count(b, sizeof b, lang, (double)warnings, "warning"));
    if (errors + warnings) {
        fprintf(out, "\n### %s\n\n| | %s |\n|---|---|---:|---|---|\n", L("cli.md.problems"), L("cli.md.problems.cols"));
        for (size_t i = 0; i < c->d.n; i++) {
            const xd_diag *it = &c->d.items[i];
            if (it->severity == XD_SEV_NOTE || !it->text)
                continue;
            cli_diag_parts dp;
            cli_check_split(ds, it->text, &dp);
            /* the messages themselves stay English, as on standard error */
            fprintf(out, "| %s | ", L(it->severity == XD_SEV_ERROR ? "cli.md.error" : "cli.md.warning"));
            if (dp.file)
                md_text(out, dp.file, dp.file_len);
            fputs(" | ", out);
            if (dp.line)
                fprintf(out, "%ld", dp.line);
            fputs(" | ", out);
            if (dp.field)
                md_text(out, dp.field, dp.field_len);
            fputs(" | ", out);
            MD(out, dp.message);
            fputs(" |\n", out);
        }
    }
    if (!c->loaded)
        return;
    for (size_t k = 0; k < c->n_series; k++) {
        const xd_series *s = &c->series[k];
        fprintf(out, "\n### %s ", s->by_month ? "monthly.csv:" : "annual.csv:");
        MD(out, xd_measure_label(ds, s->measure, lang));
        fprintf(out, "\n\n| %s | %s |\n|---|---:|---|---|\n", L(s->by_month ? "cli.md.month" : "cli.md.year"),
                L("cli.md.series.cols"));
        for (size_t i = 0; i < s->n; i++) {
            const xd_year *y = &s->years[i];
            char p[16], num[32];
            fprintf(out, "| %s | ", xd_period_text(p, sizeof p, s->by_month, y->period));
            if (y->has_value)
                fputs(cli_lnum(lang, num, sizeof num, (double)y->count, 15), out);
            fprintf(out, " | %s | ", md_status(lang, cli_check_year_status(y)));
            for (size_t r = 0; r < y->n_rows; r++) {
                fprintf(out, "%s%s ", r ? "; " : "", cli_lnum(lang, num, sizeof num, (double)y->rows[r]->count, 15));
                MD(out, y->rows[r]->source);
                fprintf(out, " (%s %ld%s%s)", L("cli.check.line"), y->rows[r]->line,
                        *row_status(y->rows[r]) ? ", " : "",
                        *row_status(y->rows[r]) ? md_status(lang, row_status(y->rows[r])) : "");
            }
            fputs(" |\n", out);
        }
        for (size_t i = 0; i < s->n_to_date; i++) {
            char label[48], num[32];
            fprintf(out, "| %s | %s | %s | ", xd_to_date_text_lang(label, sizeof label, s->to_date[i], lang),
                    cli_lnum(lang, num, sizeof num, (double)s->to_date[i]->count, 15), md_status(lang, "to_date"));
            MD(out, s->to_date[i]->source);
            fprintf(out, " (%s %ld) |\n", L("cli.check.line"), s->to_date[i]->line);
        }
    }
    if (c->agg.n) {
        fprintf(out, "\n### %s\n\n| %s |\n|---:|---|---|---:|---|---|---|---:|---:|---:|---|\n", L("cli.md.aggregates"),
                L("cli.md.aggregates.cols"));
        for (size_t i = 0; i < c->agg.n; i++) {
            const xd_reconcile *r = &c->agg.items[i];
            const xd_aggregate *g = r->aggregate;
            char span[96], n1[64] = "", n2[64] = "", n3[64] = "", why[512], value[64];
            if (r->kind == XD_RECONCILE_COMPLETE) {
                cli_lnum(lang, n1, sizeof n1, r->computed, 6);
                cli_lnum(lang, n2, sizeof n2, r->difference, 4);
            }
            if (r->kind == XD_RECONCILE_PARTIAL)
                cli_lnum(lang, n3, sizeof n3, r->implied_missing_total, 6);
            const char *dot = strchr(g->value_text, '.');
            xd_lang_num(lang, value, sizeof value, g->value, dot ? (int)strlen(dot + 1) : 0);
            fprintf(out, "| %ld | %s | %s | %s | ", g->line, xd_span_text_lang(span, sizeof span, &g->span, lang),
                    L(g->statistic == XD_AGG_MEAN ? "cli.check.mean" : "cli.check.total"), value);
            MD(out, xd_measure_label(ds, g->measure, lang));
            fputs(" | ", out);
            MD(out, g->source);
            fprintf(out, " | %s | %s | %s | %s | ", md_status(lang, xd_reconcile_status_name(r->status)), n1, n2, n3);
            MD(out, cli_check_reason(c, r, why, sizeof why));
            fputs(" |\n", out);
        }
    }
    if (c->months.n) {
        fprintf(out, "\n### %s\n\n| %s |\n|---:|---|---:|---:|---:|---|\n", L("cli.md.months"), L("cli.md.months.cols"));
        for (size_t i = 0; i < c->months.n; i++) {
            const xd_month_year *m = &c->months.items[i];
            char num[32];
            fprintf(out, "| %d | ", m->year);
            MD(out, xd_measure_label(ds, m->measure, lang));
            fprintf(out, " | %zu | %s | ", m->n_months, cli_lnum(lang, num, sizeof num, (double)m->months_sum, 15));
            if (m->has_year)
                fprintf(out, "%s (%s %ld)", cli_lnum(lang, num, sizeof num, (double)m->year_count, 15),
                        L("cli.check.line"), m->year_line);
            fprintf(out, " | %s |\n", md_status(lang, xd_months_status_name(m->status)));
        }
    }
    if (ds->n_transfers) {
        int outside = 1;
        for (size_t i = 0; i < ds->n_transfers; i++)
            outside &= xd_transfer_outside_treaty(&ds->transfers[i]);
        fprintf(out, "\n### %s\n\n| %s |\n|---|---:|---|---|\n", L(outside ? "cli.md.transfers" : "cli.md.transfers.mixed"),
                L("cli.md.transfers.cols"));
        for (size_t i = 0; i < ds->n_transfers; i++) {
            const xd_transfer *t = &ds->transfers[i];
            char num[32];
            fprintf(out, "| %s | %s | ", t->date, cli_lnum(lang, num, sizeof num, (double)t->count, 15));
            MD(out, xd_transfer_mechanism(t, lang));
            fputs(" | ", out);
            MD(out, t->source);
            fputs(" |\n", out);
        }
    }
#undef L
}
