/* The central question: how does one handover compare with a baseline period
 * of treaty extraditions? */
#ifndef XD_COMPARE_H
#define XD_COMPARE_H

#include "dataset.h"
#include "lang.h"
#include "stats.h"

enum xd_baseline_kind { XD_BASELINE_COMPUTED, XD_BASELINE_REPORTED };

typedef struct xd_baseline {
    char *measure;
    int from, to, years;
    enum xd_baseline_kind kind;
    double total, mean;
    const xd_aggregate *aggregate; /* REPORTED: the row it comes from */
    char *sources;                 /* source ids behind the figure, comma-separated */
    double level;
    xd_interval ci;                /* of the mean per year */
    long days;                     /* Y1-01-01 .. Y2-12-31 */
    double daily_rate;
} xd_baseline;

/* The default period: meta "baseline", else the latest five years the dataset
 * can support (all yearly figures, or an aggregate of exactly that period). */
int xd_baseline_default(const xd_dataset *ds, const char *measure, int *from, int *to, xd_diags *d);
/* Computed from yearly figures when every year has one, else reported from an
 * aggregate of exactly the period, else an error naming the missing years and
 * the aggregates considered. */
int xd_baseline_resolve(const xd_dataset *ds, const char *measure, int from, int to, double level,
                        xd_baseline *out, xd_diags *d);
void xd_baseline_free(xd_baseline *b);

typedef struct xd_event {
    char date[11]; /* empty when only a count was given */
    int year, month, day;
    long count;
    char *label;                 /* --label's text, else the transfer's own label */
    int label_given;             /* from --label: the same in every language */
    const xd_transfer *transfer; /* when the event is a transfer of the dataset */
} xd_event;

/* The event's label in the language: --label's text as given, else the
 * transfer's label (label_es in Spanish where the dataset has it). */
const char *xd_event_label(const xd_event *e, xd_lang lang);

/* date: a transfer's date; or count >= 0 with an optional label/date; or
 * neither: meta "event", else the largest transfer (earliest on a tie). */
int xd_event_resolve(const xd_dataset *ds, const char *date, long count, const char *label, xd_event *out,
                     xd_diags *d);
void xd_event_free(xd_event *e);

enum xd_year_compare { XD_YEAR_NONE, XD_YEAR_WITH_TREATY, XD_YEAR_TRANSFERS_ONLY };

typedef struct xd_compare {
    xd_baseline base;
    int has_event;                /* 0: the baseline alone (event_optional, and no event to compare) */
    xd_event event;
    double share_of_year;         /* count / mean */
    double days_equivalent;       /* count / daily rate */
    xd_interval days_range;       /* from the interval of the baseline mean */
    double months_equivalent;
    xd_interval months_range;
    double multiple_of_day;       /* same number as days_equivalent: count / (rate * 1 day) */
    double log_p_one_day;         /* natural log of P(X >= count), X ~ Poisson(daily rate) */
    double p_one_day, log10_p_one_day;
    /* The event's calendar year against the baseline. Only a treaty figure is
     * tested against the treaty pace: transfers are another kind of event, so
     * a year known only through its transfers gets descriptive figures alone. */
    enum xd_year_compare year_kind;
    int year;
    long year_treaty;             /* treaty extraditions of the year, when sourced */
    long year_days;               /* calendar days the treaty figure covers: the exposure */
    /* A figure to date (annual.csv's through) when the year has no full figure:
     * the test then covers 1 January through that day. 0 for the whole year. */
    int year_through_m, year_through_d;
    const xd_annual *year_row;    /* the row of a figure to date */
    long covered_transfers;       /* transfers within the days covered: what the test adds */
    size_t covered_n_transfers;
    /* TRANSFERS_ONLY in a year not over (xd_today): known to its latest transfer */
    int year_not_over, year_last_m, year_last_d;
    long year_transfers;          /* all transfers of the dataset in that year */
    size_t year_n_transfers;
    double year_transfers_share;  /* year_transfers / baseline mean, descriptive only */
    /* WITH_TREATY only, as poisson.test(c(x, total), c(year_days, base.days)) */
    xd_rate_test with_transfers;    /* treaty + transfers */
    xd_rate_test without_transfers; /* treaty alone */
} xd_compare;

/* "2021" or, for a figure to date, "2021 up to 30 June" in the language. */
const char *xd_compare_year_text(const xd_compare *c, xd_lang lang, char *buf, size_t cap);

/* Below this probability a one-day count is called a different kind of event
 * rather than a rare busy day. */
#define XD_COMPARE_OTHER_KIND_P 1e-6

int xd_compare_run(const xd_dataset *ds, const xd_baseline *base, const xd_event *event, xd_compare *out,
                   xd_diags *d);
/* Frees the copies of baseline and event held in the result. */
void xd_compare_free(xd_compare *c);

/* What the command line can say; zeros and NULLs take the defaults. */
typedef struct xd_compare_options {
    const char *measure;
    int from, to;           /* baseline; 0 = xd_baseline_default */
    const char *event_date; /* --event */
    long count;             /* --count, -1 when absent */
    const char *label, *date;
    double level;
    int event_optional;     /* no event at all (no transfers, no meta event, no --count) is no error */
} xd_compare_options;
/* Baseline, event and comparison in one step, as compare, chart and report need. */
int xd_compare_prepare(const xd_dataset *ds, const xd_compare_options *o, xd_compare *out, xd_diags *d);

/* The quotable sentences, one per result, from one place so that the report
 * uses exactly what compare prints. Returns how many; each is malloc'ed. */
size_t xd_compare_sentences(const xd_dataset *ds, const xd_compare *c, xd_lang lang, char **out, size_t cap);

#endif
