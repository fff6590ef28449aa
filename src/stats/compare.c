#include "compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "parse.h"

static const xd_aggregate *exact_aggregate(const xd_dataset *ds, const char *measure, int from, int to)
{
    /* a preferred row wins; otherwise the first row of the period */
    const xd_aggregate *found = NULL;
    for (size_t i = 0; i < ds->n_aggregates; i++) {
        const xd_aggregate *a = &ds->aggregates[i];
        if (!a->whole_years || a->first_year != from || a->last_year != to || strcmp(a->measure, measure) != 0 ||
            a->status == XD_ROW_ALTERNATIVE)
            continue;
        if (!found || (a->status == XD_ROW_PREFERRED && found->status != XD_ROW_PREFERRED))
            found = a;
    }
    return found;
}

/* Aggregates of one period and measure that disagree need a preferred row. */
static int aggregate_conflict(const xd_dataset *ds, const xd_aggregate *chosen, xd_diags *d)
{
    if (chosen->status == XD_ROW_PREFERRED)
        return XD_OK;
    int years = chosen->last_year - chosen->first_year + 1;
    double total = chosen->statistic == XD_AGG_MEAN ? chosen->value * years : chosen->value;
    for (size_t i = 0; i < ds->n_aggregates; i++) {
        const xd_aggregate *a = &ds->aggregates[i];
        if (a == chosen || !a->whole_years || a->first_year != chosen->first_year ||
            a->last_year != chosen->last_year || strcmp(a->measure, chosen->measure) != 0 ||
            a->status == XD_ROW_ALTERNATIVE)
            continue;
        double t = a->statistic == XD_AGG_MEAN ? a->value * years : a->value;
        if (fabs(t - total) > 0.5 * years)
            return xd_error(d, XD_EDATA,
                            "%s: %d-%d (%s): unresolved conflict: line %ld gives %s %s and line %ld gives %s %s; "
                            "expected one row with status=preferred",
                            ds->file_aggregates, chosen->first_year, chosen->last_year, chosen->measure, chosen->line,
                            chosen->statistic == XD_AGG_MEAN ? "mean" : "total", chosen->value_text, a->line,
                            a->statistic == XD_AGG_MEAN ? "mean" : "total", a->value_text);
    }
    return XD_OK;
}

int xd_baseline_default(const xd_dataset *ds, const char *measure, int *from, int *to, xd_diags *d)
{
    const char *m = measure && *measure ? measure : ds->main_measure;
    const char *meta = xd_dataset_meta(ds, "baseline");
    if (meta && xd_parse_year_range(meta, from, to))
        return XD_OK;
    int last = 0;
    for (size_t i = 0; i < ds->n_annual; i++)
        if (strcmp(ds->annual[i].measure, m) == 0 && ds->annual[i].year > last)
            last = ds->annual[i].year;
    for (size_t i = 0; i < ds->n_aggregates; i++)
        if (strcmp(ds->aggregates[i].measure, m) == 0 && ds->aggregates[i].last_year > last)
            last = ds->aggregates[i].last_year;
    for (int y2 = last; y2 >= XD_YEAR_MIN + 4 && last; y2--) {
        int y1 = y2 - 4;
        if (exact_aggregate(ds, m, y1, y2)) {
            *from = y1;
            *to = y2;
            return XD_OK;
        }
        xd_series s;
        xd_diags quiet;
        xd_diags_init(&quiet);
        int ok = xd_series_build(ds, m, y1, y2, 0, &s, &quiet) == XD_OK && xd_series_values(&s, NULL, NULL) == 5;
        xd_series_free(&s);
        xd_diags_free(&quiet);
        if (ok) {
            *from = y1;
            *to = y2;
            return XD_OK;
        }
    }
    return xd_error(d, XD_EDATA,
                    "no five-year baseline: no period of five consecutive years of '%s' has every yearly figure or "
                    "a reported aggregate; give one with --baseline Y1-Y2",
                    m);
}

int xd_baseline_resolve(const xd_dataset *ds, const char *measure, int from, int to, double level,
                        xd_baseline *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    const char *m = measure && *measure ? measure : ds->main_measure;
    out->measure = strdup(m);
    out->from = from;
    out->to = to;
    out->years = to - from + 1;
    out->level = level;
    out->days = xd_days_from_civil(to + 1, 1, 1) - xd_days_from_civil(from, 1, 1);
    if (!out->measure)
        return xd_error(d, XD_ENOMEM, "out of memory");
    xd_series s;
    int rc = xd_series_build(ds, m, from, to, 0, &s, d);
    if (rc != XD_OK) {
        xd_series_free(&s);
        return rc;
    }
    size_t have = xd_series_values(&s, NULL, NULL);
    if (have == s.n) {
        out->kind = XD_BASELINE_COMPUTED;
        size_t cap = 1;
        for (size_t k = 0; k < s.n; k++) {
            out->total += (double)s.years[k].count;
            for (size_t i = 0; i < s.years[k].n_rows; i++)
                cap += strlen(s.years[k].rows[i]->source) + 1;
        }
        out->sources = calloc(cap, 1);
        for (size_t k = 0; k < s.n && out->sources; k++)
            for (size_t i = 0; i < s.years[k].n_rows; i++) {
                const char *id = s.years[k].rows[i]->source;
                if (s.years[k].rows[i]->count != s.years[k].count)
                    continue;
                /* each source once, in order of first use */
                size_t idlen = strlen(id);
                const char *p = out->sources;
                int seen = 0;
                while ((p = strstr(p, id)) != NULL) {
                    if ((p == out->sources || p[-1] == ',') && (p[idlen] == ',' || p[idlen] == '\0'))
                        seen = 1;
                    p += idlen;
                }
                if (!seen) {
                    if (*out->sources)
                        strcat(out->sources, ",");
                    strcat(out->sources, id);
                }
            }
    } else {
        const xd_aggregate *a = exact_aggregate(ds, m, from, to);
        if (!a) {
            char missing[512], considered[1024];
            xd_list lm, lc;
            xd_list_init(&lm, missing, sizeof missing);
            xd_list_init(&lc, considered, sizeof considered);
            for (size_t k = 0; k < s.n; k++)
                if (!s.years[k].has_value)
                    xd_list_add(&lm, ", ", "%d", s.years[k].year);
            for (size_t i = 0; i < ds->n_aggregates; i++) {
                const xd_aggregate *x = &ds->aggregates[i];
                if (strcmp(x->measure, m) != 0 || x->last_year < from || x->first_year > to)
                    continue;
                xd_list_add(&lc, "; ", "line %ld (%d-%d %s %s)", x->line, x->first_year, x->last_year,
                            x->statistic == XD_AGG_MEAN ? "mean" : "total", x->value_text);
            }
            xd_list_end(&lm);
            xd_list_end(&lc);
            xd_series_free(&s);
            return xd_error(d, XD_EDATA,
                            "baseline %d-%d (%s): no yearly figure for %s, and no aggregate in %s covers exactly "
                            "%d-%d (considered: %s)",
                            from, to, m, missing, ds->file_aggregates, from, to, *considered ? considered : "none");
        }
        rc = aggregate_conflict(ds, a, d);
        if (rc != XD_OK) {
            xd_series_free(&s);
            return rc;
        }
        out->kind = XD_BASELINE_REPORTED;
        out->aggregate = a;
        out->total = a->statistic == XD_AGG_MEAN ? a->value * out->years : a->value;
        out->sources = strdup(a->source);
    }
    xd_series_free(&s);
    out->mean = out->total / out->years;
    out->daily_rate = out->total / (double)out->days;
    if (!out->sources)
        return xd_error(d, XD_ENOMEM, "out of memory");
    if (out->total <= 0)
        return xd_error(d, XD_EDATA, "baseline %d-%d (%s): the total is 0, so nothing can be compared with it", from,
                        to, m);
    return xd_stats_poisson_interval(out->total, out->years, level, &out->ci, d);
}

void xd_baseline_free(xd_baseline *b)
{
    free(b->measure);
    free(b->sources);
    memset(b, 0, sizeof *b);
}

static const xd_transfer *largest_transfer(const xd_dataset *ds)
{
    const xd_transfer *best = NULL;
    for (size_t i = 0; i < ds->n_transfers; i++) /* sorted by date: strict > keeps the earliest */
        if (!best || ds->transfers[i].count > best->count)
            best = &ds->transfers[i];
    return best;
}

int xd_event_resolve(const xd_dataset *ds, const char *date, long count, const char *label, xd_event *out,
                     xd_diags *d)
{
    memset(out, 0, sizeof *out);
    if (count >= 0) {
        out->count = count;
        out->label = strdup(label ? label : "");
        out->label_given = label != NULL;
        if (date) {
            if (!xd_parse_date(date, &out->year, &out->month, &out->day))
                return xd_error(d, XD_EUSAGE, "--date: expected a calendar date YYYY-MM-DD, found '%s'", date);
            memcpy(out->date, date, 10);
        }
        return out->label ? XD_OK : xd_error(d, XD_ENOMEM, "out of memory");
    }
    const xd_transfer *t = NULL;
    const char *from_meta = NULL;
    if (!date)
        date = from_meta = xd_dataset_meta(ds, "event");
    if (date) {
        t = xd_dataset_transfer_on(ds, date);
        if (!t && from_meta)
            return xd_meta_event_error(ds, xd_dataset_meta_entry(ds, "event"), d);
        if (!t) {
            char dates[512];
            xd_list ld;
            xd_list_init(&ld, dates, sizeof dates);
            for (size_t i = 0; i < ds->n_transfers; i++)
                xd_list_add(&ld, ", ", "%s", ds->transfers[i].date);
            xd_list_end(&ld);
            return xd_error(d, XD_EUSAGE, "--event: expected the date of a transfer in %s (%s), found '%s'",
                            ds->file_transfers, *dates ? dates : "none", date);
        }
    } else {
        t = largest_transfer(ds);
        if (!t)
            return xd_error(d, XD_EUSAGE, "%s holds no transfer: give the event with --count N", ds->file_transfers);
    }
    out->transfer = t;
    out->count = t->count;
    out->year = t->year;
    out->month = t->month;
    out->day = t->day;
    memcpy(out->date, t->date, 11);
    out->label = strdup(label ? label : t->label);
    out->label_given = label != NULL;
    return out->label ? XD_OK : xd_error(d, XD_ENOMEM, "out of memory");
}

const char *xd_event_label(const xd_event *e, xd_lang lang)
{
    if (e->transfer && !e->label_given)
        return xd_transfer_label(e->transfer, lang);
    return e->label ? e->label : "";
}

void xd_event_free(xd_event *e)
{
    free(e->label);
    memset(e, 0, sizeof *e);
}

int xd_compare_run(const xd_dataset *ds, const xd_baseline *base, const xd_event *event, xd_compare *out,
                   xd_diags *d)
{
    memset(out, 0, sizeof *out);
    out->base = *base;
    out->base.measure = strdup(base->measure);
    out->base.sources = strdup(base->sources ? base->sources : "");
    out->has_event = 1;
    out->event = *event;
    out->event.label = strdup(event->label ? event->label : "");
    if (!out->base.measure || !out->base.sources || !out->event.label)
        return xd_error(d, XD_ENOMEM, "out of memory");
    double count = (double)event->count;
    out->share_of_year = count / base->mean;
    out->days_equivalent = count / base->daily_rate;
    out->multiple_of_day = out->days_equivalent;
    double days_per_year = (double)base->days / base->years;
    /* a higher yearly rate means fewer days' worth */
    out->days_range.lo = count / (base->ci.hi / days_per_year);
    out->days_range.hi = base->ci.lo > 0 ? count / (base->ci.lo / days_per_year) : INFINITY;
    double days_per_month = 365.2425 / 12;
    out->months_equivalent = out->days_equivalent / days_per_month;
    out->months_range.lo = out->days_range.lo / days_per_month;
    out->months_range.hi = out->days_range.hi / days_per_month;
    out->log_p_one_day = xd_stats_poisson_log_upper_tail(count, base->daily_rate);
    out->p_one_day = exp(out->log_p_one_day);
    out->log10_p_one_day = out->log_p_one_day / log(10);

    if (!event->year)
        return XD_OK;
    if (event->year >= base->from && event->year <= base->to)
        xd_warning(d, "the event of %s falls inside the baseline %d-%d: the baseline is meant to be the usual pace "
                      "before the event, and here it contains the event's year",
                   event->date, base->from, base->to);
    out->year = event->year;
    for (size_t i = 0; i < ds->n_transfers; i++) {
        const xd_transfer *t = &ds->transfers[i];
        if (t->year != event->year)
            continue;
        /* a count given for the day of a known transfer stands for it: never counted twice */
        if (!event->transfer && *event->date && strcmp(t->date, event->date) == 0) {
            xd_warning(d, "--count %ld --date %s: %s:%ld has a transfer that day (%ld people); the given count "
                          "takes its place in the year's total",
                       event->count, event->date, ds->file_transfers, t->line, t->count);
            continue;
        }
        out->year_transfers += t->count;
        out->year_n_transfers++;
    }
    if (!event->transfer) {
        /* a count given by hand is one more handover of that year */
        out->year_transfers += event->count;
        out->year_n_transfers++;
    }
    xd_series s;
    xd_diags quiet;
    xd_diags_init(&quiet);
    int rc = xd_series_build(ds, base->measure, event->year, event->year, 0, &s, &quiet);
    const xd_year *y = rc == XD_OK ? xd_series_year(&s, event->year) : NULL;
    int have_year = y && y->has_value;
    /* no figure for the whole year: the latest figure to date, over the days it covers */
    const xd_annual *td = !have_year && rc == XD_OK && s.n_to_date ? s.to_date[s.n_to_date - 1] : NULL;
    if (have_year)
        out->year_treaty = y->count;
    else if (td)
        out->year_treaty = td->count;
    xd_series_free(&s);
    xd_diags_free(&quiet);
    out->year_transfers_share = (double)out->year_transfers / base->mean;
    if (!have_year && !td) {
        out->year_kind = XD_YEAR_TRANSFERS_ONLY;
        int ty, tm, tday;
        xd_today(&ty, &tm, &tday);
        out->year_not_over = event->year >= ty;
        for (size_t i = 0; i < ds->n_transfers; i++)
            if (ds->transfers[i].year == event->year) {
                out->year_last_m = ds->transfers[i].month;
                out->year_last_d = ds->transfers[i].day;
            }
        if (!event->transfer && *event->date && (event->month > out->year_last_m ||
                                                 (event->month == out->year_last_m && event->day > out->year_last_d))) {
            out->year_last_m = event->month;
            out->year_last_d = event->day;
        }
        return XD_OK;
    }
    out->year_kind = XD_YEAR_WITH_TREATY;
    out->year_row = td;
    /* exposure in calendar days, so that a leap year or a partial period weighs what it covers */
    out->year_days = xd_days_from_civil(event->year + 1, 1, 1) - xd_days_from_civil(event->year, 1, 1);
    long last_day = xd_days_from_civil(event->year, 12, 31);
    if (td) {
        out->year_through_m = td->through_m;
        out->year_through_d = td->through_d;
        out->year_days = xd_annual_days(td);
        last_day = xd_days_from_civil(td->through_y, td->through_m, td->through_d);
    }
    /* the transfers of those same days */
    for (size_t i = 0; i < ds->n_transfers; i++) {
        const xd_transfer *t = &ds->transfers[i];
        int replaced = !event->transfer && *event->date && strcmp(t->date, event->date) == 0;
        if (t->year == event->year && !replaced && xd_days_from_civil(t->year, t->month, t->day) <= last_day) {
            out->covered_transfers += t->count;
            out->covered_n_transfers++;
        }
    }
    if (!event->transfer && (!*event->date || xd_days_from_civil(event->year, event->month, event->day) <= last_day)) {
        out->covered_transfers += event->count;
        out->covered_n_transfers++;
    }
    rc = xd_stats_poisson_rate_test((double)(out->year_treaty + out->covered_transfers), (double)out->year_days,
                                    base->total, (double)base->days, base->level, &out->with_transfers, d);
    if (rc == XD_OK)
        rc = xd_stats_poisson_rate_test((double)out->year_treaty, (double)out->year_days, base->total,
                                        (double)base->days, base->level, &out->without_transfers, d);
    return rc;
}

const char *xd_compare_year_text(const xd_compare *c, xd_lang lang, char *buf, size_t cap)
{
    if (!c->year_through_m)
        snprintf(buf, cap, "%d", c->year);
    else if (lang == XD_LANG_EN)
        snprintf(buf, cap, "%d up to %d %s", c->year, c->year_through_d, xd_lang_month(lang, c->year_through_m));
    else
        snprintf(buf, cap, "%d hasta el %d de %s", c->year, c->year_through_d, xd_lang_month(lang, c->year_through_m));
    return buf;
}

void xd_compare_free(xd_compare *c)
{
    xd_baseline_free(&c->base);
    xd_event_free(&c->event);
}

int xd_compare_prepare(const xd_dataset *ds, const xd_compare_options *o, xd_compare *out, xd_diags *d)
{
    memset(out, 0, sizeof *out);
    int from = o->from, to = o->to;
    int rc = XD_OK;
    if (o->measure && *o->measure && !xd_dataset_has_measure(ds, o->measure)) {
        char list[512];
        xd_dataset_measure_text(ds, list, sizeof list);
        return xd_error(d, XD_EUSAGE, "--measure: the dataset has no measure '%s'; its measures are: %s", o->measure,
                        *list ? list : "none");
    }
    if (!from || !to)
        rc = xd_baseline_default(ds, o->measure, &from, &to, d);
    xd_baseline base = {0};
    xd_event ev = {0};
    /* a baseline that comes from meta.csv is reported where it is written */
    const xd_meta_entry *meta = !o->from || !o->to ? xd_dataset_meta_entry(ds, "baseline") : NULL;
    if (meta && !*meta->value)
        meta = NULL;
    if (rc == XD_OK) {
        xd_diags why;
        xd_diags_init(&why);
        rc = xd_baseline_resolve(ds, o->measure, from, to, o->level > 0 ? o->level : 0.95, &base, &why);
        for (size_t i = 0; i < why.n && meta && rc != XD_OK; i++)
            if (why.items[i].severity == XD_SEV_ERROR && why.items[i].status == XD_EDATA) {
                xd_meta_baseline_error(ds, meta, why.items[i].text, d);
                free(why.items[i].text);
                why.items[i].text = NULL;
                why.items[i].severity = XD_SEV_NOTE;
            }
        for (size_t i = 0; i < why.n; i++)
            if (why.items[i].text) {
                if (why.items[i].severity == XD_SEV_ERROR)
                    xd_error(d, why.items[i].status, "%s", why.items[i].text);
                else if (why.items[i].severity == XD_SEV_WARNING)
                    xd_warning(d, "%s", why.items[i].text);
                else
                    xd_note(d, "%s", why.items[i].text);
            }
        xd_diags_free(&why);
    }
    int no_event = o->event_optional && !o->event_date && o->count < 0 && ds->n_transfers == 0 &&
                   !xd_dataset_meta(ds, "event");
    if (rc == XD_OK && no_event) {
        memset(out, 0, sizeof *out);
        out->base = base;
        out->event.label = strdup("");
        memset(&base, 0, sizeof base); /* now out's */
        if (!out->event.label)
            rc = xd_error(d, XD_ENOMEM, "out of memory");
        return rc;
    }
    if (rc == XD_OK)
        rc = xd_event_resolve(ds, o->count >= 0 ? o->date : o->event_date, o->count, o->label, &ev, d);
    if (rc == XD_OK)
        rc = xd_compare_run(ds, &base, &ev, out, d);
    xd_baseline_free(&base);
    xd_event_free(&ev);
    return rc;
}


#define FILL(key, ...)                                                                                 \
    do {                                                                                               \
        const char *args_[] = {__VA_ARGS__};                                                           \
        if (n < cap)                                                                                   \
            out[n++] = xd_text_fill(xd_text(lang, key), args_, sizeof args_ / sizeof args_[0]);                \
    } while (0)

static const char *p_text(xd_lang lang, char *buf, size_t cap, const xd_rate_test *t)
{
    double p = t->p_value;
    if (p < 0.001)
        return xd_lang_sci(lang, buf, cap, t->log10_p_value, 2);
    char num[32];
    snprintf(buf, cap, "%s", xd_lang_num(lang, num, sizeof num, p, p < 0.01 ? 4 : 3));
    return buf;
}

size_t xd_compare_sentences(const xd_dataset *ds, const xd_compare *c, xd_lang lang, char **out, size_t cap)
{
    size_t n = 0;
    const char *from_c = xd_dataset_meta_text(ds, "from_country", lang);
    const char *to_c = xd_dataset_meta_text(ds, "to_country", lang);
    /* without meta.csv: the parties of an extradition, whoever they are */
    if (!from_c)
        from_c = xd_text(lang, "country.from");
    if (!to_c)
        to_c = xd_text(lang, "country.to");
    char count[32], share[32], mean[32], y1[8], y2[8], days[32], months[32], date[64];
    char lvl[16], lo[32], hi[32], tot[32];
    char people[48];
    xd_lang_num(lang, count, sizeof count, (double)c->event.count, 0);
    /* "one person" in words, as newsrooms write it in a sentence */
    if (c->event.count == 1)
        snprintf(people, sizeof people, "%s", xd_text(lang, "sentence.one_person"));
    else
        xd_lang_count(lang, people, sizeof people, (double)c->event.count, "person");
    xd_lang_pct(lang, share, sizeof share, c->share_of_year, 0);
    xd_lang_num(lang, mean, sizeof mean, c->base.mean, c->base.mean == floor(c->base.mean) ? 0 : 1);
    snprintf(y1, sizeof y1, "%d", c->base.from);
    snprintf(y2, sizeof y2, "%d", c->base.to);
    xd_lang_num(lang, days, sizeof days, c->days_equivalent, 0);
    xd_lang_num(lang, months, sizeof months, c->months_equivalent, 1);
    xd_lang_pct(lang, lvl, sizeof lvl, c->base.level, 0);
    if (!c->has_event) {
        /* the baseline alone */
    } else if (c->event.transfer) {
        /* the kind of handover chooses the verb, and whether it was outside the treaty */
        static const char *const keys[] = {"sentence.headline.transfer", "sentence.headline.expulsion",
                                           "sentence.headline.deportation", "sentence.headline.extradition"};
        xd_lang_date(lang, date, sizeof date, c->event.year, c->event.month, c->event.day);
        FILL(keys[c->event.transfer->kind], date, from_c, people, to_c, share, mean, y1, y2, days, months);
    } else {
        if (*c->event.label)
            FILL("sentence.headline.count", people, xd_event_label(&c->event, lang), share, mean, y1, y2, days,
                 months);
        else
            FILL("sentence.headline.count.plain", people, share, mean, y1, y2, days, months);
    }
    xd_lang_num(lang, lo, sizeof lo, c->base.ci.lo, 1);
    xd_lang_num(lang, hi, sizeof hi, c->base.ci.hi, 1);
    /* a measure other than the main one is named where its average is stated */
    int other = c->base.measure && strcmp(c->base.measure, ds->main_measure) != 0;
    const char *label = other ? xd_measure_label(ds, c->base.measure, lang) : NULL;
    if (c->base.kind == XD_BASELINE_COMPUTED) {
        if (other)
            FILL("sentence.baseline.computed.measure", mean, label, y1, y2, lvl, lo, hi);
        else
            FILL("sentence.baseline.computed", mean, y1, y2, lvl, lo, hi);
    } else {
        const xd_source *src = xd_dataset_source(ds, c->base.sources);
        const char *who = src && *src->name ? xd_source_name(src, lang) : c->base.sources;
        xd_lang_num(lang, tot, sizeof tot, c->base.total, 0);
        if (other)
            FILL("sentence.baseline.reported.measure", mean, label, y1, y2, who, tot, lvl, lo, hi);
        else
            FILL("sentence.baseline.reported", mean, y1, y2, who, tot, lvl, lo, hi);
    }
    if (!c->has_event)
        return n;
    char dlo[32], dhi[32];
    xd_lang_num(lang, dlo, sizeof dlo, c->days_range.lo, 0);
    xd_lang_num(lang, dhi, sizeof dhi, c->days_range.hi, 0);
    FILL("sentence.days.range", dlo, dhi);
    char mult[32], rate[32];
    xd_lang_num(lang, mult, sizeof mult, c->multiple_of_day, 0);
    xd_lang_num(lang, rate, sizeof rate, c->base.daily_rate, 2);
    FILL("sentence.multiple", mult, y1, y2, rate);
    char p[64];
    xd_lang_sci(lang, p, sizeof p, c->log10_p_one_day, 2);
    if (c->p_one_day < XD_COMPARE_OTHER_KIND_P) {
        FILL("sentence.unusual.other_kind", y1, y2, count, p);
    } else if (c->p_one_day <= 0.5) {
        char every[32];
        double n_days = 1.0 / c->p_one_day;
        xd_lang_num(lang, every, sizeof every, n_days, n_days < 10 ? 1 : 0);
        FILL("sentence.unusual.every", y1, y2, count, p, every);
    } else {
        FILL("sentence.unusual.common", y1, y2, count, p);
    }

    if (c->year_kind == XD_YEAR_NONE)
        return n;
    char year[64], x[48], ndays[32], ntr[48];
    snprintf(year, sizeof year, "%d", c->year);
    xd_lang_num(lang, ndays, sizeof ndays, (double)c->year_days, 0);
    if (c->year_kind == XD_YEAR_TRANSFERS_ONLY) {
        char sh[32];
        xd_lang_num(lang, x, sizeof x, (double)c->year_transfers, 0);
        xd_lang_count(lang, ntr, sizeof ntr, (double)c->year_n_transfers, "transfer");
        xd_lang_pct(lang, sh, sizeof sh, c->year_transfers_share, 0);
        if (c->year_not_over && c->year_last_m) {
            char last[48];
            if (lang == XD_LANG_EN)
                snprintf(last, sizeof last, "%d %s", c->year_last_d, xd_lang_month(lang, c->year_last_m));
            else
                snprintf(last, sizeof last, "%d de %s", c->year_last_d, xd_lang_month(lang, c->year_last_m));
            FILL("sentence.year.transfers_only.to_date", year, last, x, ntr, sh);
        } else {
            FILL("sentence.year.transfers_only", year, x, ntr, sh);
        }
        return n;
    }
    char r1[32], l1[32], h1[32], p1[64], t[48], sum[32], r2[32], l2[32], h2[32], p2[64];
    const xd_rate_test *w = &c->with_transfers, *wo = &c->without_transfers;
    xd_lang_num(lang, r1, sizeof r1, w->ratio, 2);
    xd_lang_num(lang, l1, sizeof l1, w->ci.lo, 2);
    xd_lang_num(lang, h1, sizeof h1, w->ci.hi, 2);
    p_text(lang, p1, sizeof p1, w);
    xd_lang_count(lang, t, sizeof t, (double)c->year_treaty, "extradition");
    xd_compare_year_text(c, lang, year, sizeof year);
    xd_lang_count(lang, x, sizeof x, (double)c->covered_transfers, "transferred");
    xd_lang_num(lang, sum, sizeof sum, (double)(c->year_treaty + c->covered_transfers), 0);
    xd_lang_num(lang, r2, sizeof r2, wo->ratio, 2);
    xd_lang_num(lang, l2, sizeof l2, wo->ci.lo, 2);
    xd_lang_num(lang, h2, sizeof h2, wo->ci.hi, 2);
    p_text(lang, p2, sizeof p2, wo);
    if (c->covered_transfers > 0)
        FILL("sentence.year.with_transfers", year, ndays, t, x, sum, r1, lvl, l1, h1, p1, r2, l2, h2, p2);
    else
        FILL("sentence.year.no_transfers", year, ndays, t, r2, lvl, l2, h2, p2);
    return n;
}
