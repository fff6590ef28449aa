/* The people chart: horizontal bars of the people handed over by organization or
 * charging district (people.csv), for one transfer or all, with the people whose
 * field no source states, whose sources disagree, whose names are sealed and who
 * are on no list drawn as bars of their own. The title says what the bars show;
 * plots/people.gp draws them. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_out.h"
#include "people.h"

/* Layout of plots/people.gp, in character heights of the body font: the x axis and
 * its label below the plot, the room above it, and the pitch of one bar. */
#define PEOPLE_BOTTOM_CHARS 2.9
#define PEOPLE_TOP_CHARS 0.9
#define PEOPLE_BAR_CHARS 1.3
/* The label column takes at most this share of the line. */
#define PEOPLE_LABEL_SHARE 0.40

/* Bar kinds in bars.tsv: the xd_group_kind values, and one more for stated values
 * folded into one bar when they do not all fit. */
#define KIND_OTHER 5

#define TX(o, key, ...)                                                                                       \
    xd_chart_out_text((o), (key), (const char *const[]){__VA_ARGS__},                                         \
                      sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

static const char *num_text(struct out *o, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return xd_chart_out_keep(o, buf);
}

/* "92 people transferred in 3 handovers" / "37 people transferred on 20 January 2026". */
static const char *who(struct out *o, const xd_people_tally *t)
{
    const char *people = xd_chart_out_count(o, (double)t->all.count, "transferred");
    if (t->date) {
        const xd_transfer *tr = t->transfers[0].transfer;
        return TX(o, "chart.people.who.one", people, xd_chart_out_date(o, tr->year, tr->month, tr->day));
    }
    return TX(o, "chart.people.who.all", people, xd_chart_out_count(o, (double)t->n_transfers, "handover"));
}

/* The finding: how many have the field stated, and what the bars say of the largest. */
static const char *title(struct out *o, const xd_people_tally *t, int by_district)
{
    const char *f = by_district ? "district" : "organization";
    char key[64];
    long known = 0;
    for (size_t i = 0; i < t->n_stated; i++)
        known += t->groups[i].count;
    const char *w = who(o, t);
    if (known == 0) {
        snprintf(key, sizeof key, "chart.people.title.%s.none", f);
        return TX(o, key, w);
    }
    const xd_people_group *top = &t->groups[0];
    long second = t->n_stated > 1 ? t->groups[1].count : 0;
    if (2 * top->count > t->all.count) {
        snprintf(key, sizeof key, "chart.people.title.%s.most", f);
        return TX(o, key, w, top->value, xd_chart_out_count(o, (double)top->count, "person"));
    }
    if (top->count >= 2 && top->count > second) {
        snprintf(key, sizeof key, "chart.people.title.%s.top", f);
        return TX(o, key, num_text(o, known), w, top->value, xd_chart_out_count(o, (double)top->count, "person"));
    }
    snprintf(key, sizeof key, "chart.people.title.%s.flat", f);
    return TX(o, key, num_text(o, known), w, xd_chart_out_count(o, (double)top->count, "person"));
}

static const char *subtitle(struct out *o, const xd_people_tally *t, int by_district)
{
    const char *when;
    if (t->date) {
        const xd_transfer *tr = t->transfers[0].transfer;
        when = TX(o, "chart.people.when.one", xd_chart_out_date(o, tr->year, tr->month, tr->day));
    } else {
        const xd_transfer *a = t->transfers[0].transfer, *b = t->transfers[t->n_transfers - 1].transfer;
        when = TX(o, "chart.people.when.all", xd_chart_out_count(o, (double)t->n_transfers, "transfer"),
                  xd_chart_out_date(o, a->year, a->month, a->day), xd_chart_out_date(o, b->year, b->month, b->day));
    }
    return TX(o, by_district ? "chart.people.subtitle.district" : "chart.people.subtitle.organization", when);
}

typedef struct bar {
    const char *label;
    long count;
    int kind;
} bar;

void xd_chart_people_write(struct out *o)
{
    const xd_analysis *a = xd_chart_out_analysis(o);
    const xd_dataset *ds = a->ds;
    if (!ds->people) {
        char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "%s/people.csv: no people lists: the dataset has no people.csv", ds->dir);
        xd_chart_out_fail(o, XD_EDATA, msg);
        return;
    }
    if (ds->n_transfers == 0) {
        char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "%s: no transfers to draw the people of", ds->file_transfers);
        xd_chart_out_fail(o, XD_EDATA, msg);
        return;
    }
    int by_district = a->people_by_district;
    xd_people_tally t;
    xd_diags local;
    xd_diags_init(&local);
    int rc = xd_people_tally_make(ds, ds->people, a->people_transfer, by_district ? XD_PF_DISTRICT : XD_PF_ORGANIZATION,
                                  &t, &local);
    if (rc != XD_OK) {
        xd_chart_out_fail(o, rc, local.n ? local.items[0].text : "cannot count the people");
        xd_diags_free(&local);
        xd_people_tally_free(&t);
        return;
    }
    xd_diags_free(&local);

    size_t n_title, n_subtitle;
    xd_chart_out_header(o, title(o, &t, by_district), subtitle(o, &t, by_district), &n_title, &n_subtitle);

    /* the sources: of every row of the people counted, and of the transfers */
    const xd_people *pp = ds->people;
    const char **ids = calloc(pp->n_rows + t.n_transfers + 1, sizeof *ids); // NOLINT(bugprone-sizeof-expression)
    size_t n_ids = 0;
    for (size_t i = 0; ids && i < pp->n_people; i++)
        if (xd_people_tally_has(&t, &pp->people[i]))
            for (size_t k = 0; k < pp->people[i].n_rows; k++)
                ids[n_ids++] = pp->people[i].rows[k]->source;
    for (size_t i = 0; ids && i < t.n_transfers; i++)
        ids[n_ids++] = t.transfers[i].transfer->source;
    size_t n_source = xd_chart_out_sources(o, ids, n_ids);
    free((void *)ids);

    /* how many bars fit between the header and the axis */
    double frame = 0.6 + 1.4 * (double)n_title + 0.15 + 1.1 * (double)n_subtitle + 0.5 + 0.95 * (double)n_source;
    double room = xd_chart_out_canvas_h(o) / xd_chart_out_char_h(o) - frame - PEOPLE_TOP_CHARS - PEOPLE_BOTTOM_CHARS;
    size_t max_bars = room > PEOPLE_BAR_CHARS ? (size_t)(room / PEOPLE_BAR_CHARS) : 1;
    if (max_bars < 3)
        max_bars = 3;

    bar *bars = calloc(t.n_groups + 2, sizeof *bars);
    if (!bars) {
        xd_chart_out_fail(o, XD_ENOMEM, "out of memory writing chart data");
        xd_people_tally_free(&t);
        return;
    }
    static const char *const special_keys[] = {"", "chart.people.bar.not_stated", "chart.people.bar.disputed",
                                               "chart.people.bar.sealed", "chart.people.bar.unlisted"};
    size_t n_special = 0;
    for (size_t i = t.n_stated; i < t.n_groups; i++)
        n_special += t.groups[i].count > 0;
    /* stated values that do not fit are folded into one bar, the smallest first */
    size_t keep = t.n_stated;
    if (t.n_stated + n_special > max_bars)
        keep = max_bars > n_special + 1 ? max_bars - n_special - 1 : 0;
    size_t n = 0;
    for (size_t i = 0; i < keep; i++)
        bars[n++] = (bar){t.groups[i].value, t.groups[i].count, XD_GROUP_STATED};
    if (keep < t.n_stated) {
        long folded = 0;
        for (size_t i = keep; i < t.n_stated; i++)
            folded += t.groups[i].count;
        const char *groups = num_text(o, (long)(t.n_stated - keep));
        bars[n++] = (bar){TX(o, by_district ? "chart.people.bar.other.district" : "chart.people.bar.other.organization",
                             groups),
                          folded, KIND_OTHER};
    }
    size_t n_named = n;
    for (size_t i = t.n_stated; i < t.n_groups; i++)
        if (t.groups[i].count > 0)
            bars[n++] = (bar){xd_text(xd_chart_out_lang(o), special_keys[t.groups[i].kind]), t.groups[i].count,
                              (int)t.groups[i].kind};

    /* labels on one line each, in a column no wider than it needs */
    double label_w = 0, max_w = PEOPLE_LABEL_SHARE * xd_chart_out_line(o);
    long top = 1;
    for (size_t i = 0; i < n; i++) {
        bars[i].label = xd_chart_out_fit(o, bars[i].label, PT_BODY, 0, max_w);
        double w = xd_chart_out_width(bars[i].label, PT_BODY, 0);
        if (w > label_w)
            label_w = w;
        if (bars[i].count > top)
            top = bars[i].count;
    }
    double lmargin = label_w / CHAR_W_PT + 2.5;
    double plot_w = xd_chart_out_canvas_w(o) - (lmargin + 3.0) * CHAR_W_PT;
    /* room right of the longest bar for its number */
    double value_w = xd_chart_out_width(num_text(o, top), PT_BODY, 1) + CHAR_W_PT;
    double frac = plot_w > 2 * value_w ? value_w / plot_w : 0.5;
    double step;
    double xmax = xd_chart_out_nice_max((double)top / (1 - frac) + 1e-9, &step);

    FILE *f = xd_chart_out_open(o, "bars.tsv");
    if (f) {
        fputs("# y\tcount\tkind (0 stated, 1 not stated, 2 disputed, 3 sealed, 4 on no list, 5 others folded)\n", f);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%zu\t%ld\t%d\n", n - i, bars[i].count, bars[i].kind);
        xd_chart_out_close(o, f, "bars.tsv");
    }
    for (size_t i = 0; i < n; i++) {
        xd_chart_out_str_i(o, "label", i + 1, bars[i].label);
        xd_chart_out_str_i(o, "value", i + 1, num_text(o, bars[i].count));
        xd_chart_out_num_i(o, "kind", i + 1, bars[i].kind);
        xd_chart_out_num_i(o, "bar", i + 1, (double)bars[i].count);
    }
    xd_chart_out_num(o, "n_bars", (double)n);
    /* the line between the named values and the people counted apart */
    xd_chart_out_num(o, "split_y", n_named && n > n_named ? (double)(n - n_named) + 0.5 : -1);
    xd_chart_out_num(o, "lmargin_chars", lmargin);
    xd_chart_out_num(o, "xmax", xmax);
    xd_chart_out_num(o, "xstep", step);
    xd_chart_out_str(o, "xlabel", xd_text(xd_chart_out_lang(o), "chart.people"));
    free(bars);
    xd_people_tally_free(&t);
}
