/* Labels inside the annual chart, as extrad places them on the canvas a picture is
 * drawn on: the transfers' labels and the mean's, at every size a chart is drawn at
 * (the report's, the defaults, --size, the web page's two) and in every language. No
 * label covers a bar, a stack of transfers, the mean line or another label; each stays
 * inside the plot; each transfer label sits beside its stack, just above it, or is
 * joined to it by a line that crosses no other label. Boxes come from
 * xd_chart_boxes_get (points from the plot's lower left corner). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "chart.h"
#include "dataset.h"
#include "helpers.h"

static int overlap(const xd_chart_box *a, const xd_chart_box *b, double pad)
{
    return a->x0 < b->x1 + pad && b->x0 < a->x1 + pad && a->y0 < b->y1 + pad && b->y0 < a->y1 + pad;
}

static int is_label(const xd_chart_box *b) { return b->kind == XD_BOX_LABEL || b->kind == XD_BOX_MEAN_LABEL; }

/* A line from (x0, y0) to (x1, y1) through the inside of box b. */
static int crosses(const xd_chart_box *line, const xd_chart_box *b)
{
    for (int s = 1; s < 200; s++) {
        double t = s / 200.0, x = line->x0 + (line->x1 - line->x0) * t, y = line->y0 + (line->y1 - line->y0) * t;
        if (x > b->x0 + 0.5 && x < b->x1 - 0.5 && y > b->y0 + 0.5 && y < b->y1 - 0.5)
            return 1;
    }
    return 0;
}

static void check_boxes(const xd_chart_boxes *bx, const char *what)
{
    const xd_chart_box *plot = NULL;
    size_t labels = 0;
    for (size_t i = 0; i < bx->n; i++)
        if (bx->v[i].kind == XD_BOX_PLOT)
            plot = &bx->v[i];
    cr_assert(plot, "%s: no plot", what);
    for (size_t i = 0; i < bx->n; i++) {
        const xd_chart_box *l = &bx->v[i];
        if (!is_label(l))
            continue;
        labels++;
        cr_expect(l->x0 >= plot->x0 - 0.01 && l->x1 <= plot->x1 + 0.01 && l->y0 >= plot->y0 - 0.01 &&
                      l->y1 <= plot->y1 + 0.01,
                  "%s: label %d (%.1f-%.1f, %.1f-%.1f) leaves the plot (%.1f x %.1f)", what, l->owner, l->x0, l->x1,
                  l->y0, l->y1, plot->x1, plot->y1);
        for (size_t k = 0; k < bx->n; k++) {
            const xd_chart_box *o = &bx->v[k];
            if (k == i)
                continue;
            switch (o->kind) {
            case XD_BOX_BAR:
            case XD_BOX_TRANSFER:
                cr_expect(!overlap(l, o, 0), "%s: label %d covers a bar at %.1f-%.1f", what, l->owner, o->x0, o->x1);
                break;
            case XD_BOX_MEAN_LINE:
                cr_expect(!overlap(l, o, 0.5), "%s: label %d covers the mean line", what, l->owner);
                break;
            case XD_BOX_LABEL:
            case XD_BOX_MEAN_LABEL:
                cr_expect(!overlap(l, o, 0), "%s: labels %d and %d overlap", what, l->owner, o->owner);
                break;
            case XD_BOX_LEADER:
                if (o->owner != l->owner)
                    cr_expect(!crosses(o, l), "%s: the line of label %d crosses label %d", what, o->owner, l->owner);
                break;
            default: break;
            }
        }
        if (l->kind != XD_BOX_LABEL)
            continue;
        /* next to its own stack: beside it, just above it, or joined by a line */
        const xd_chart_box *stack = NULL, *lead = NULL;
        for (size_t k = 0; k < bx->n; k++) {
            if (bx->v[k].kind == XD_BOX_TRANSFER && bx->v[k].owner == l->owner)
                stack = &bx->v[k];
            if (bx->v[k].kind == XD_BOX_LEADER && bx->v[k].owner == l->owner)
                lead = &bx->v[k];
        }
        cr_assert(stack, "%s: label %d labels no stack", what, l->owner);
        int beside = l->y0 < stack->y1 && l->y1 > stack->y0 &&
                     ((l->x0 >= stack->x1 && l->x0 - stack->x1 <= 8) || (l->x1 <= stack->x0 && stack->x0 - l->x1 <= 8));
        int above = l->x0 < stack->x1 && l->x1 > stack->x0 && l->y0 >= stack->y1 && l->y0 - stack->y1 <= 24;
        int joined = lead && fabs(lead->y1 - stack->y1) <= 2 && lead->x1 >= stack->x0 && lead->x1 <= stack->x1 &&
                     fabs(lead->y0 - l->y0) <= 1;
        cr_expect(beside || above || joined, "%s: label %d (%.1f-%.1f, %.1f-%.1f) away from its stack (%.1f-%.1f, to %.1f)",
                  what, l->owner, l->x0, l->x1, l->y0, l->y1, stack->x0, stack->x1, stack->y1);
    }
    cr_expect(labels >= 1, "%s: no labels", what);
}

typedef struct canvas_case {
    const char *name;
    const char *format; /* NULL: a chart of the report, w x h cm */
    const char *size;
    double w_cm, h_cm;
    double svg_px; /* the HTML page's pictures */
} canvas_case;

static const canvas_case canvases[] = {
    {"report 17x8.5", NULL, NULL, 17, 8.5, 0},     {"report 17x10", NULL, NULL, 17, 10, 0},
    {"report 17x12", NULL, NULL, 17, 12, 0},       {"pdf default", "pdf", NULL, 0, 0, 0},
    {"pdf 10x7", "pdf", "10x7", 0, 0, 0},          {"pdf 30x10", "pdf", "30x10", 0, 0, 0},
    {"pdf 12x12", "pdf", "12x12", 0, 0, 0},        {"svg default", "svg", NULL, 0, 0, 0},
    {"svg 600x400", "svg", "600x400", 0, 0, 0},    {"svg 2400x1350", "svg", "2400x1350", 0, 0, 0},
    {"svg 800x800", "svg", "800x800", 0, 0, 0},    {"png default", "png", NULL, 0, 0, 0},
    {"png 640x480", "png", "640x480", 0, 0, 0},    {"png 1600x500", "png", "1600x500", 0, 0, 0},
    {"html wide", "svg", "840x520", 0, 0, 13.0},   {"html narrow", "svg", "340x420", 0, 0, 12.0},
};

static void check_dataset(const char *path, const char *what)
{
    static const xd_lang langs[] = {XD_LANG_EN, XD_LANG_ES, XD_LANG_ES_MX};
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    memset(&ds, 0, sizeof ds);
    cr_assert_eq(xd_dataset_load(path, &ds, &d), XD_OK, "%s", what);
    for (size_t li = 0; li < 3; li++) {
        xd_compare_options co = {.count = -1, .level = 0.95};
        xd_analysis a;
        memset(&a, 0, sizeof a);
        cr_assert_eq(xd_analysis_run(&ds, &co, langs[li], &a, &d), XD_OK);
        for (size_t c = 0; c < sizeof canvases / sizeof canvases[0]; c++) {
            const canvas_case *cc = &canvases[c];
            xd_chart_canvas cv;
            if (cc->format) {
                xd_chart_canvas over = {.no_frame = cc->svg_px > 0, .svg_body_px = cc->svg_px};
                cr_assert_eq(xd_chart_canvas_of(cc->format, cc->size, &over, &cv, &d), XD_OK);
            } else {
                xd_chart_canvas_report(cc->w_cm, cc->h_cm, &cv);
            }
            xd_chart_boxes bx;
            cr_assert_eq(xd_chart_boxes_get(XD_CHART_ANNUAL, &a, &cv, &bx, &d), XD_OK);
            char name[160];
            snprintf(name, sizeof name, "%s, %s, %s", what, cc->name, xd_lang_code(langs[li]));
            check_boxes(&bx, name);
            xd_chart_boxes_free(&bx);
        }
        xd_analysis_free(&a);
    }
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(labels, bundled_dataset_every_size_and_language) { check_dataset(XD_DATASET, "mexico-us"); }

/* Transfers in adjacent years up to the last, one year of four, a tall year next to
 * them and the baseline ending just before: the crowded case. */
Test(labels, crowded_transfers_at_the_right_edge)
{
    char *dir = xd_tempdir();
    char annual[2048] = "year,count,source\n";
    static const int counts[] = {40, 52, 48, 61, 55, 70, 66, 58, 120, 64};
    for (int y = 2010; y < 2020; y++)
        snprintf(annual + strlen(annual), sizeof annual - strlen(annual), "%d,%d,s\n", y, counts[y - 2010]);
    xd_write_file(xd_path_join(dir, "annual.csv"), annual);
    xd_write_file(xd_path_join(dir, "sources.csv"), "id,name,url\ns,Agency,https://example.org\n");
    xd_write_file(xd_path_join(dir, "transfers.csv"),
                  "date,count,mechanism,label,source\n"
                  "2019-03-01,15,m,first,s\n2019-09-30,22,m,second,s\n2020-02-14,31,m,third,s\n"
                  "2020-06-01,9,m,fourth,s\n2020-11-20,12,m,fifth,s\n2021-01-05,44,m,sixth,s\n");
    xd_write_file(xd_path_join(dir, "meta.csv"),
                  "key,value\nname,crowded\nmain_measure,all\nbaseline,2015-2018\nevent,2021-01-05\n");
    check_dataset(dir, "crowded");
    xd_rmtree(dir);
    free(dir);
}

/* Every chart's title and subtitle fit two lines each at the report's width, in both
 * languages, whole: no line cut short with an ellipsis. */
Test(labels, headers_fit_two_lines_whole)
{
    static const xd_lang langs[] = {XD_LANG_EN, XD_LANG_ES};
    xd_diags d;
    xd_diags_init(&d);
    xd_dataset ds;
    memset(&ds, 0, sizeof ds);
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK);
    char *dir = xd_tempdir();
    for (size_t li = 0; li < 2; li++) {
        xd_compare_options co = {.count = -1, .level = 0.95};
        xd_analysis a;
        memset(&a, 0, sizeof a);
        cr_assert_eq(xd_analysis_run(&ds, &co, langs[li], &a, &d), XD_OK);
        for (int kind = 0; kind < XD_CHART_COUNT; kind++)
            for (int district = 0; district < (kind == XD_CHART_PEOPLE ? 2 : 1); district++) {
                a.people_by_district = district;
                xd_chart_canvas cv;
                xd_chart_canvas_report(17, 10.5, &cv);
                cr_assert_eq(xd_chart_write_data_on((xd_chart_kind)kind, &a, dir, &cv, &d), XD_OK);
                char *strings = xd_slurp(xd_path_join(dir, "strings.gp"), NULL);
                cr_assert(strings);
                for (char *line = strtok(strings, "\n"); line; line = strtok(NULL, "\n")) {
                    if (strncmp(line, "title_", 6) != 0 && strncmp(line, "subtitle_", 9) != 0)
                        continue;
                    cr_expect(strncmp(line, "title_3", 7) != 0 && strncmp(line, "subtitle_3", 10) != 0,
                              "%s, %s: a third line: %s", xd_chart_name((xd_chart_kind)kind),
                              xd_lang_code(langs[li]), line);
                    cr_expect(strstr(line, "\u2026'") == NULL, "%s, %s: cut short: %s",
                              xd_chart_name((xd_chart_kind)kind), xd_lang_code(langs[li]), line);
                }
                free(strings);
            }
        xd_analysis_free(&a);
    }
    xd_rmtree(dir);
    free(dir);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}
