/* What a trend says in words: one headline from the model that speaks, then the
 * model and its figures. The chart title, the report and `trend` all use these. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"

/* One change per year as a reader sees it: "17%", "4.2%" (sign left to the verb). */
static const char *pct_abs(xd_lang lang, char *buf, size_t cap, double pct)
{
    double a = fabs(pct);
    return xd_lang_pct(lang, buf, cap, a / 100, a < 9.95 ? 1 : 0);
}

/* "+17%", "−4.2%": signed, for intervals and figures; no sign on a change that rounds to 0 */
static const char *pct_signed(xd_lang lang, char *buf, size_t cap, double pct)
{
    char num[40];
    double a = fabs(pct);
    int dec = a < 9.95 ? 1 : 0;
    xd_lang_pct(lang, num, sizeof num, a / 100, dec);
    double shown = round(a * (dec ? 10 : 1));
    snprintf(buf, cap, "%s%s", shown == 0 ? "" : pct > 0 ? "+" : "\u2212", num);
    return buf;
}

static char *append(char *s, const char *add)
{
    size_t a = s ? strlen(s) : 0, b = strlen(add);
    char *r = realloc(s, a + b + 1);
    if (!r) {
        free(s);
        return NULL;
    }
    memcpy(r + a, add, b + 1);
    return r;
}


static char *fill2(const char *tmpl, const char *a, const char *b)
{
    const char *args[] = {a, b};
    return xd_text_fill(tmpl, args, 2);
}
static char *fill4(const char *tmpl, const char *a, const char *b, const char *c, const char *d)
{
    const char *args[] = {a, b, c, d};
    return xd_text_fill(tmpl, args, 4);
}

/* +1 rose, -1 fell, 0 no clear change: only an interval that excludes 0 speaks */
static int direction(xd_interval pct_ci)
{
    return pct_ci.lo > 0 ? 1 : pct_ci.hi < 0 ? -1 : 0;
}

static const char *period(const xd_trend *t, char *buf, size_t cap, double x)
{
    if (t->by_month)
        return xd_period_text(buf, cap, 1, t->from + (int)lround(x));
    snprintf(buf, cap, "%ld", lround(x));
    return buf;
}

/* A change per year from a rate ratio per step (a month: to the 12th power). */
static double per_year(const xd_trend *t, double pct)
{
    return t->by_month ? (pow(1 + pct / 100, 12) - 1) * 100 : pct;
}

/* One piece of the headline: the first names the subject and both ends. */
static char *piece(xd_lang lang, int first, int dir, double pct, const char *subject, const char *from,
                   const char *to)
{
    char p[48];
    pct_abs(lang, p, sizeof p, pct);
    const char *key = first ? (dir > 0 ? "trend.first.up" : dir < 0 ? "trend.first.down" : "trend.first.flat")
                            : (dir > 0 ? "trend.next.up" : dir < 0 ? "trend.next.down" : "trend.next.flat");
    const char *tmpl = xd_text(lang, key);
    if (first)
        return dir ? fill4(tmpl, subject, p, from, to) : fill4(tmpl, subject, from, to, "");
    return dir ? fill2(tmpl, p, to) : fill2(tmpl, to, "");
}

const char *xd_trend_subject(const xd_dataset *ds, const char *measure, xd_lang lang, char *buf, size_t cap)
{
    if (!measure || strcmp(measure, ds->main_measure) == 0)
        return NULL;
    const char *args[1] = {xd_measure_label(ds, measure, lang)};
    char *s = xd_text_fill(xd_text(lang, "trend.subject.measure"), args, 1);
    snprintf(buf, cap, "%s", s ? s : "");
    free(s);
    return s ? buf : NULL;
}

size_t xd_trend_sentences(const xd_trend *t, const char *subject, xd_lang lang, char **out, size_t cap)
{
    size_t n = 0;
    const xd_models *m = &t->models;
    char a[32], b[32];
    if (!subject)
        subject = xd_text(lang, "trend.subject");
    double first = t->n ? t->years[0] : 0, last = t->n ? t->years[t->n - 1] : 0;
    period(t, a, sizeof a, first);
    period(t, b, sizeof b, last);
    if (cap == 0)
        return 0;
    if (m->headline_model == XD_MODEL_NONE || !t->n) {
        out[n++] = fill2(xd_text(lang, "trend.none"), a, b);
        return n;
    }
    char *head = NULL;
    if (m->headline_model == XD_MODEL_JOINPOINT) {
        const xd_joinpoint *jp = &m->joinpoint;
        for (int i = 0; i < jp->n_segments; i++) {
            const xd_joinpoint_segment *sg = &jp->segments[i];
            char f[32], to[32];
            period(t, f, sizeof f, sg->from);
            period(t, to, sizeof to, sg->to);
            char *pc = piece(lang, i == 0, direction(sg->apc_ci), sg->apc, subject, f, to);
            head = pc ? append(head, pc) : head;
            free(pc);
        }
    } else {
        const xd_loglinear *ll = m->headline_model == XD_MODEL_QUASI_POISSON ? &m->quasi_poisson : &m->poisson;
        xd_interval ci = {per_year(t, ll->pct_change_ci.lo), per_year(t, ll->pct_change_ci.hi)};
        head = piece(lang, 1, direction(ci), per_year(t, ll->pct_change), subject, a, b);
    }
    head = head ? append(head, ".") : NULL;
    if (head)
        out[n++] = head;

    /* the model and its figures */
    char lvl[16];
    xd_lang_pct(lang, lvl, sizeof lvl, t->level, 0);
    if (n < cap && m->headline_model == XD_MODEL_JOINPOINT) {
        const xd_joinpoint *jp = &m->joinpoint;
        char *segs, years[128] = "";
        size_t o = 0;
        for (int i = 0; i < jp->k; i++) {
            char y[32];
            period(t, y, sizeof y, jp->joinpoints[i]);
            const char *sep = i == 0 ? "" : i == jp->k - 1 ? (lang == XD_LANG_EN ? " and " : " y ") : ", ";
            o += (size_t)snprintf(years + o, o < sizeof years ? sizeof years - o : 0, "%s%s", sep, y);
        }
        segs = xd_trend_figures(t, lang);
        char kk[16];
        snprintf(kk, sizeof kk, "%d", jp->k);
        const char *sel = xd_text(lang, jp->selected_by == XD_JP_FORCED ? "trend.selected.forced" : "trend.selected.test");
        const char *args[4] = {kk, years, sel, segs ? segs : ""};
        out[n++] = jp->k == 1 ? xd_text_fill(xd_text(lang, "trend.model.joinpoint.one"), args + 1, 3)
                              : xd_text_fill(xd_text(lang, "trend.model.joinpoint.many"), args, 4);
        free(segs);
        if (n < cap && isfinite(jp->aapc)) {
            char v[48], l[48], h[48];
            const char *aa[4] = {pct_signed(lang, v, sizeof v, jp->aapc), lvl,
                                 pct_signed(lang, l, sizeof l, jp->aapc_ci.lo),
                                 pct_signed(lang, h, sizeof h, jp->aapc_ci.hi)};
            out[n++] = xd_text_fill(xd_text(lang, "trend.aapc"), aa, 4);
        }
    } else if (n < cap) {
        const xd_loglinear *ll = m->headline_model == XD_MODEL_QUASI_POISSON ? &m->quasi_poisson : &m->poisson;
        char v[48], l[48], h[48];
        const char *aa[4] = {pct_signed(lang, v, sizeof v, per_year(t, ll->pct_change)), lvl,
                             pct_signed(lang, l, sizeof l, per_year(t, ll->pct_change_ci.lo)),
                             pct_signed(lang, h, sizeof h, per_year(t, ll->pct_change_ci.hi))};
        out[n++] = xd_text_fill(xd_text(lang, m->headline_model == XD_MODEL_QUASI_POISSON ? "trend.model.quasi_poisson"
                                                                                   : "trend.model.poisson"),
                        aa, 4);
    }
    /* what the dispersion measures, for the model that speaks, and what it did to the intervals */
    int jp = m->headline_model == XD_MODEL_JOINPOINT;
    double disp = jp ? m->joinpoint.dispersion : m->poisson.dispersion;
    size_t df = jp ? m->joinpoint.df : m->poisson.df;
    if (n < cap && isfinite(disp)) {
        char v[32], dfs[16];
        xd_lang_num(lang, v, sizeof v, disp, disp < 10 ? 2 : 0);
        snprintf(dfs, sizeof dfs, "%zu", df);
        const char *aa[2] = {v, dfs};
        const char *key;
        if (df < 3)
            key = "trend.dispersion.few"; /* too few residual df to judge the variation at all */
        else if (jp)
            key = m->joinpoint.scaled ? "trend.dispersion.widened" : "trend.dispersion.ok";
        else if (m->headline_model == XD_MODEL_QUASI_POISSON)
            key = "trend.dispersion.widened";
        else
            key = disp > 1 ? "trend.dispersion.mild" : "trend.dispersion.ok";
        const char *few[1] = {dfs};
        out[n++] = df < 3 ? xd_text_fill(xd_text(lang, key), few, 1) : xd_text_fill(xd_text(lang, key), aa, 2);
    }
    /* the years the model never saw */
    if (n < cap && t->n_gaps) {
        char list[512] = "";
        size_t o = 0;
        for (size_t i = 0; i < t->n_gaps && o + 40 < sizeof list; i++) {
            char y[32];
            xd_period_text(y, sizeof y, t->by_month, t->gaps[i]);
            o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", y);
        }
        /* a turn placed next to a gap could lie anywhere inside it */
        int near_gap = 0;
        for (int k = 0; jp && k < m->joinpoint.k; k++)
            for (size_t i = 0; i < t->n_gaps; i++)
                near_gap |= fabs((double)t->gaps[i] - m->joinpoint.joinpoints[k]) < 1.5;
        const char *aa[1] = {list};
        out[n++] = xd_text_fill(xd_text(lang, near_gap ? "trend.gaps.turn" : "trend.gaps"), aa, 1);
    }
    return n;
}

/* One segment as "2000–2009, +27% a year (95% interval +23% to +32%)". */
static char *segment_text(const xd_trend *t, xd_lang lang, double from, double to, double pct, xd_interval ci)
{
    char f[32], e[32], v[48], lvl[16], l[48], h[48];
    xd_lang_pct(lang, lvl, sizeof lvl, t->level, 0);
    const char *args[6] = {period(t, f, sizeof f, from), period(t, e, sizeof e, to), pct_signed(lang, v, sizeof v, pct),
                           lvl, pct_signed(lang, l, sizeof l, ci.lo), pct_signed(lang, h, sizeof h, ci.hi)};
    return xd_text_fill(xd_text(lang, "trend.segment"), args, 6);
}

char *xd_trend_figures(const xd_trend *t, xd_lang lang)
{
    const xd_models *m = &t->models;
    if (m->headline_model == XD_MODEL_NONE || !t->n)
        return NULL;
    if (m->headline_model != XD_MODEL_JOINPOINT) {
        const xd_loglinear *ll = m->headline_model == XD_MODEL_QUASI_POISSON ? &m->quasi_poisson : &m->poisson;
        return segment_text(t, lang, t->years[0], t->years[t->n - 1], per_year(t, ll->pct_change),
                            (xd_interval){per_year(t, ll->pct_change_ci.lo), per_year(t, ll->pct_change_ci.hi)});
    }
    char *all = NULL;
    for (int i = 0; i < m->joinpoint.n_segments; i++) {
        const xd_joinpoint_segment *sg = &m->joinpoint.segments[i];
        char *one = segment_text(t, lang, sg->from, sg->to, sg->apc, sg->apc_ci);
        if (!one) {
            free(all);
            return NULL;
        }
        if (i)
            all = append(all, "; ");
        all = all ? append(all, one) : append(NULL, one);
        free(one);
        if (!all)
            return NULL;
    }
    return all;
}
