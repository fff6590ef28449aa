#include "predict.h"

#include <math.h>

/* Walks the pmf upwards from far below the mean, where the mass left out is
 * below 1e-30, and returns the smallest k whose cdf reaches each q[i] (q sorted).
 * The walk costs O(sd) steps and holds for any size, where an incomplete beta
 * series gives up for large parameters. */
static int nb_quantiles(const double *q, double *out, size_t nq, double size, double prob)
{
    double mean = size * (1 - prob) / prob;
    double sd = sqrt(mean / prob);
    double k = floor(mean - 12 * sd);
    if (k < 0)
        k = 0;
    double log_pmf = lgamma(k + size) - lgamma(size) - lgamma(k + 1) + size * log(prob) + k * log1p(-prob);
    double pmf = exp(log_pmf), cdf = pmf;
    size_t i = 0;
    /* steps far beyond the upper tail mean the arithmetic broke down */
    double limit = mean + 40 * sd + 100;
    while (i < nq) {
        /* R's fuzz: a cdf within a few ulps below q still counts as reaching it */
        if (cdf >= q[i] * (1 - 64 * 2.220446049250313e-16)) {
            out[i++] = k;
            continue;
        }
        if (!(k < limit) || !isfinite(cdf))
            return 0;
        pmf *= (k + size) / (k + 1) * (1 - prob);
        k += 1;
        cdf += pmf;
    }
    return 1;
}

double xd_predict_nb_quantile(double q, double size, double prob)
{
    if (!(q >= 0 && q < 1) || !(size > 0) || !isfinite(size) || !(prob > 0 && prob <= 1))
        return NAN;
    if (prob == 1)
        return 0;
    double k;
    return nb_quantiles(&q, &k, 1, size, prob) ? k : NAN;
}

int xd_predict_count_interval(double total, double exposure, double span, double level, xd_interval *out,
                              xd_diags *d)
{
    static const char what[] = "predictive interval";
    if (!(total > 0) || !isfinite(total) || !(exposure > 0) || !isfinite(exposure))
        return xd_error(d, XD_EDATA, "%s: expected a baseline with a positive count and exposure, found %g over %g",
                        what, total, exposure);
    if (!(span >= 0) || !isfinite(span) || !(level > 0 && level < 1))
        return xd_error(d, XD_EDATA, "%s: expected a span >= 0 and a level in (0, 1), found %g and %g", what, span,
                        level);
    if (span == 0) {
        out->lo = out->hi = 0;
        return XD_OK;
    }
    double prob = exposure / (exposure + span);
    double q[2] = {(1 - level) / 2, (1 + level) / 2}, k[2];
    if (!nb_quantiles(q, k, 2, total, prob))
        return xd_error(d, XD_EDATA, "%s: the negative binomial quantile failed for size %g and prob %g", what, total,
                        prob);
    out->lo = k[0];
    out->hi = k[1];
    return XD_OK;
}
