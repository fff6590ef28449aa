/* Where a count over a stretch of time should fall, given a baseline: the
 * Poisson-gamma (negative binomial) predictive distribution. It combines the
 * Poisson variation of the count with the uncertainty of the baseline's rate,
 * so its interval is the range of a usual period, not the interval of a mean. */
#ifndef XD_PREDICT_H
#define XD_PREDICT_H

#include "diag.h"
#include "stats.h"

/* Smallest k with P(X <= k) >= q for X ~ NB(size, prob), real size > 0, the
 * parametrization of R's qnbinom(q, size, prob). NaN for invalid arguments. */
double xd_predict_nb_quantile(double q, double size, double prob);

/* The central `level` predictive interval of the count over `span` units of
 * time, after `total` events in `exposure` units: with a gamma(total, exposure)
 * rate (the posterior under the prior 1/rate), the count is NB(total,
 * exposure / (exposure + span)), whose mean total * span / exposure is the
 * pace line. R: qnbinom(c((1-level)/2, (1+level)/2), size = total,
 * prob = exposure / (exposure + span)). span 0 gives [0, 0]. */
int xd_predict_count_interval(double total, double exposure, double span, double level, xd_interval *out,
                              xd_diags *d);

#endif
