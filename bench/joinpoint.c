/* Timing of the trend models on 50-year series: xd_models_fit (Poisson,
 * quasi-Poisson, negative binomial, joinpoint with the permutation test),
 * the joinpoint selection alone with and without early stopping, and the
 * exhaustive grids alone (3 joinpoints forced).
 *
 *   bench/joinpoint.sh [REPEAT]      (builds this file against build/)
 *
 * Series are Poisson (or negative binomial) draws from GSL's mt19937 with
 * fixed seeds, so every run times the same data. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "joinpoint.h"
#include "models.h"

enum { N = 50 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

/* log mean: a line with slope changes at the given years */
static void make(double *x, double *y, int nbreaks, const double *at, const double *slopes,
                 double size, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (int i = 0; i < N; i++) {
        x[i] = 1970 + i;
        double eta = log(60.0) + slopes[0] * i;
        for (int b = 0; b < nbreaks; b++)
            if (i > at[b])
                eta += (slopes[b + 1] - slopes[b]) * (i - at[b]);
        double mu = exp(eta);
        y[i] = size > 0 ? gsl_ran_negative_binomial(r, size / (size + mu), size)
                        : gsl_ran_poisson(r, mu);
    }
    gsl_rng_free(r);
}

typedef struct { double med, min; } timing;

static timing run(int what, const double *x, const double *y, int reps, xd_models *m,
                  xd_joinpoint *jp)
{
    double *t = malloc((size_t)reps * sizeof *t);
    for (int r = 0; r < reps; r++) {
        xd_models_options o;
        xd_models_options_default(&o);
        double t0 = now();
        if (what == 0) {
            xd_models_fit(x, y, N, 0.95, &o, m, NULL);
        } else {
            if (what == 2)
                o.joinpoint.early_stop = 0;
            if (what == 3)
                o.joinpoint.k = 3;
            xd_joinpoint_fit(x, y, N, 0.95, &o.joinpoint, jp, NULL);
        }
        t[r] = now() - t0;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp);
    timing res = {t[reps / 2], t[0]};
    free(t);
    return res;
}

static void tests_line(const xd_joinpoint *jp)
{
    printf("    k = %d;", jp->k);
    for (int t = 0; t < jp->n_tests; t++)
        printf(" %d-%d %s after %zu", jp->tests[t].k_null, jp->tests[t].k_alt,
               jp->tests[t].rejected ? "rejected" : "kept", jp->tests[t].permutations);
    printf("\n");
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 10;
    if (reps < 1)
        reps = 1;
    struct {
        const char *name;
        int nb;
        double at[3], slopes[4], size;
    } cases[] = {
        {"straight line", 0, {0}, {0.02}, 0},
        {"one break", 1, {25}, {0.05, -0.04}, 0},
        {"three breaks", 3, {12, 25, 38}, {0.06, -0.05, 0.04, -0.06}, 0},
        {"three breaks, overdispersed (NB size 20)", 3, {12, 25, 38}, {0.06, -0.05, 0.04, -0.06}, 20},
    };
    printf("50-year series, median (min) of %d runs, one thread\n", reps);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double x[N], y[N];
        make(x, y, cases[c].nb, cases[c].at, cases[c].slopes, cases[c].size, 20 + c);
        xd_models m;
        xd_joinpoint jp;
        printf("\n  %s\n", cases[c].name);
        timing t = run(0, x, y, reps, &m, &jp);
        printf("    xd_models_fit, all models:              %7.1f ms (%.1f)  headline %s\n",
               t.med * 1e3, t.min * 1e3, xd_model_name(m.headline_model));
        tests_line(&m.joinpoint);
        t = run(2, x, y, reps, &m, &jp);
        printf("    joinpoint, all 4499 permutations a test: %7.1f ms (%.1f)\n", t.med * 1e3,
               t.min * 1e3);
        tests_line(&jp);
        t = run(3, x, y, reps, &m, &jp);
        printf("    exhaustive grids k = 1..3 only:         %7.1f ms (%.1f)\n", t.med * 1e3,
               t.min * 1e3);
    }
    return 0;
}
