#include "meta.h"

#include "csvread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

static const char *const known_keys[] = {
    "name",         "title",           "title_es",           "from_country",          "to_country",
    "from_country_es", "to_country_es", "main_measure",      "main_measure_label",    "main_measure_label_es",
    "baseline",     "event",           "method_note",        "method_note_es",
};
#define N_KNOWN (sizeof known_keys / sizeof known_keys[0])
static const char *const label_prefixes[] = {"measure_label:", "measure_label_es:"};

static size_t edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64 || nb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Measures named in any file. */
static int measure_used(const xd_dataset *ds, const char *m)
{
    for (size_t i = 0; i < ds->n_annual; i++)
        if (strcmp(ds->annual[i].measure, m) == 0)
            return 1;
    for (size_t i = 0; i < ds->n_monthly; i++)
        if (strcmp(ds->monthly[i].measure, m) == 0)
            return 1;
    for (size_t i = 0; i < ds->n_aggregates; i++)
        if (strcmp(ds->aggregates[i].measure, m) == 0)
            return 1;
    return 0;
}

static const char *label_measure(const char *key)
{
    for (size_t p = 0; p < 2; p++) {
        size_t n = strlen(label_prefixes[p]);
        if (strncmp(key, label_prefixes[p], n) == 0)
            return key + n;
    }
    return NULL;
}

static int is_known(const char *key)
{
    for (size_t i = 0; i < N_KNOWN; i++)
        if (strcmp(key, known_keys[i]) == 0)
            return 1;
    /* more than one note: method_note:<anything> */
    if (strncmp(key, "method_note:", 12) == 0 || strncmp(key, "method_note_es:", 15) == 0)
        return 1;
    return label_measure(key) != NULL;
}

static void consider(const char *key, const char *cand, size_t *best, char *buf, size_t cap)
{
    size_t dist = edit_distance(key, cand);
    if (dist < *best) {
        *best = dist;
        snprintf(buf, cap, "%s", cand);
    }
}

const char *xd_meta_nearest_key(const xd_dataset *ds, const char *key, char *buf, size_t cap)
{
    size_t best = (size_t)-1;
    buf[0] = '\0';
    for (size_t i = 0; i < N_KNOWN; i++)
        consider(key, known_keys[i], &best, buf, cap);
    /* a misspelt label prefix: measure_lable:x -> measure_label:x */
    const char *colon = strchr(key, ':');
    if (colon) {
        char cand[256];
        for (size_t p = 0; p < 2; p++) {
            snprintf(cand, sizeof cand, "%s%s", label_prefixes[p], colon + 1);
            consider(key, cand, &best, buf, cap);
        }
    }
    /* a misspelt measure after a right prefix: measure_label:mx-nacionals */
    const char *m = label_measure(key);
    if (m) {
        const char **measures;
        size_t n = xd_dataset_measures(ds, &measures);
        char cand[256];
        for (size_t i = 0; i < n; i++) {
            snprintf(cand, sizeof cand, "%.*s%s", (int)(m - key), key, measures[i]);
            consider(key, cand, &best, buf, cap);
        }
        free(measures);
    }
    size_t len = strlen(key);
    size_t limit = len <= 4 ? 1 : len / 3 > 2 ? len / 3 : 2;
    return best <= limit && best > 0 ? buf : NULL;
}

int xd_meta_event_error(const xd_dataset *ds, const xd_meta_entry *e, xd_diags *d)
{
    char dates[512] = "";
    size_t o = 0;
    for (size_t i = 0; i < ds->n_transfers && o + 16 < sizeof dates; i++)
        o += (size_t)snprintf(dates + o, sizeof dates - o, "%s%s", i ? ", " : "", ds->transfers[i].date);
    return xd_error(d, XD_EDATA, "%s:%ld:%d: event: expected the date of a transfer in %s (%s), found '%s'",
                    ds->file_meta, e->value_line, e->value_col, ds->file_transfers, *dates ? dates : "none",
                    e->value);
}

int xd_meta_baseline_error(const xd_dataset *ds, const xd_meta_entry *e, const char *why, xd_diags *d)
{
    const char *text = why ? why : "";
    if (strncmp(text, "baseline ", 9) == 0)
        text += 9;
    return xd_error(d, XD_EDATA, "%s:%ld:%d: baseline: %s", ds->file_meta, e->value_line, e->value_col, text);
}

int xd_meta_validate(const xd_dataset *ds, xd_diags *d)
{
    int rc = XD_OK;
    for (size_t i = 0; i < ds->n_meta; i++) {
        const xd_meta_entry *e = &ds->meta[i];
        if (!e->key || !e->value)
            continue;
        if (!is_known(e->key)) {
            /* the key is shown as written, its control characters escaped */
            char near[256], key[256], near_shown[256];
            xd_text_excerpt(key, sizeof key, e->key, strlen(e->key), 80);
            if (xd_meta_nearest_key(ds, e->key, near, sizeof near)) {
                xd_text_excerpt(near_shown, sizeof near_shown, near, strlen(near), 80);
                xd_warning(d, "%s:%ld:%d: key: unknown key '%s', ignored (did you mean %s?)", ds->file_meta,
                           e->key_line, e->key_col, key, near_shown);
            }
            else
                xd_warning(d, "%s:%ld:%d: key: unknown key '%s', ignored", ds->file_meta, e->key_line, e->key_col,
                           key);
            continue;
        }
        const char *m = label_measure(e->key);
        if (m && !measure_used(ds, m)) {
            xd_warning(d, "%s:%ld:%d: key: '%s' labels measure '%s', which no file of the dataset uses",
                       ds->file_meta, e->key_line, e->key_col, e->key, m);
            continue;
        }
        if (*e->value == '\0') {
            xd_warning(d, "%s:%ld:%d: %s: empty value; the default is used", ds->file_meta, e->value_line,
                       e->value_col, e->key);
            continue;
        }
        if (strcmp(e->key, "main_measure") == 0 && !measure_used(ds, e->value))
            xd_warning(d, "%s:%ld:%d: main_measure: no file of the dataset has a row of measure '%s'",
                       ds->file_meta, e->value_line, e->value_col, e->value);
        if (strcmp(e->key, "event") == 0 && !xd_dataset_transfer_on(ds, e->value))
            rc = xd_meta_event_error(ds, e, d);
    }
    const xd_meta_entry *b = xd_dataset_meta_entry(ds, "baseline");
    if (b && *b->value) {
        /* compare, chart and report start from it: it must resolve */
        int from, to;
        xd_diags why;
        xd_diags_init(&why);
        xd_baseline base = {0};
        if (xd_baseline_default(ds, NULL, &from, &to, &why) == XD_OK &&
            xd_baseline_resolve(ds, NULL, from, to, 0.95, &base, &why) != XD_OK) {
            for (size_t i = 0; i < why.n; i++)
                if (why.items[i].severity == XD_SEV_ERROR)
                    rc = xd_meta_baseline_error(ds, b, why.items[i].text, d);
        }
        xd_baseline_free(&base);
        xd_diags_free(&why);
    }
    return rc;
}
