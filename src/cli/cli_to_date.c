#include "cli_to_date.h"

#include <string.h>

static const char *through_iso(char *buf, size_t cap, const xd_annual *a)
{
    snprintf(buf, cap, "%04d-%02d-%02d", a->through_y, a->through_m, a->through_d);
    return buf;
}

void cli_to_date_json(cli_json *j, const xd_series *s)
{
    cli_json_array(j, "to_date");
    for (size_t i = 0; i < s->n_to_date; i++) {
        const xd_annual *a = s->to_date[i];
        char buf[16];
        cli_json_object(j, NULL);
        cli_json_period(j, a->month ? "month" : "year", a->month != 0, xd_period_of(a->year, a->month));
        cli_json_str(j, "through", through_iso(buf, sizeof buf, a));
        cli_json_int(j, "days", xd_annual_days(a));
        cli_json_int(j, "count", a->count);
        cli_json_str(j, "source", a->source);
        cli_json_int(j, "line", a->line);
        cli_json_close(j, '}');
    }
    cli_json_close(j, ']');
}

void cli_to_date_rows(cli_rows *r, const xd_series *s)
{
    if (!s->n_to_date)
        return;
    char full[1024] = "", shown[1024] = "";
    size_t of = 0, os = 0;
    for (size_t i = 0; i < s->n_to_date && of + 40 < sizeof full && os + 60 < sizeof shown; i++) {
        const xd_annual *a = s->to_date[i];
        char iso[16], label[48], num[32];
        of += (size_t)snprintf(full + of, sizeof full - of, "%s%s:%ld", i ? ";" : "",
                               through_iso(iso, sizeof iso, a), a->count);
        os += (size_t)snprintf(shown + os, sizeof shown - os, "%s%s: %s", i ? "; " : "",
                               xd_to_date_text_lang(label, sizeof label, a, r->lang),
                               cli_lnum(r->lang, num, sizeof num, (double)a->count, 15));
    }
    cli_rows_add(r, "to_date", xd_text(r->lang, s->by_month ? "cli.to_date.month" : "cli.to_date.year"), full,
                 shown);
}
