/* The binomial and gamma (Poisson) distributions for counts up to 2^53, in log
 * space: probabilities far below the smallest double stay exact, and no
 * computation walks over the outcomes one by one, so a count near the limit
 * costs what a small one does. */
#ifndef XD_BINOM_H
#define XD_BINOM_H

/* Stirling's error lgamma(n+1) - ((n+0.5) log n - n + log sqrt(2 pi)), n > 0. */
double xd_binom_stirling_error(double n);
/* x log(x / m) + m - x without cancellation when x is close to m (Loader 2000). */
double xd_binom_bd0(double x, double m);

/* log P(X = k), X ~ Binomial(n, p), 0 <= k <= n whole, 0 < p < 1, q = 1 - p
 * given by the caller (with its own precision when p is close to 1)
 * (R: dbinom(k, n, p, log = TRUE)). */
double xd_binom_log_pmf(double k, double n, double p, double q);
/* log P(X >= k) when upper, else log P(X <= k)
 * (R: pbinom(k - 1, n, p, lower.tail = FALSE, log.p = TRUE) and pbinom(k, n, p, log.p = TRUE)). */
double xd_binom_log_tail(double k, double n, double p, double q, int upper);
/* log of binom.test's two-sided p-value: the probability of every outcome no
 * more likely than x, with R's relative slack of 1e-7 (R: binom.test(x, n, p)$p.value). */
double xd_binom_log_two_sided_p(double x, double n, double p, double q);
/* The p at which P(X >= k) = prob for X ~ Binomial(n, p), 1 <= k <= n, and
 * q = 1 - p, each to full relative precision (R: p = qbeta(prob, k, n - k + 1,
 * lower.tail = FALSE), q = qbeta(prob, n - k + 1, k)). NaN when it fails. */
void xd_binom_solve(double k, double n, double prob, double *p, double *q);

/* log P(a, x) and log Q(a, x) = log(1 - P(a, x)), the regularized incomplete
 * gamma functions, a > 0, x >= 0: the smaller one from its series (x < a + 1)
 * or continued fraction (x >= a + 1) with the prefactor in Loader's form, the
 * other as its complement (R: pgamma(x, a, log.p = TRUE) and with
 * lower.tail = FALSE). NaN for invalid arguments. */
double xd_gamma_log_p(double a, double x);
double xd_gamma_log_q(double a, double x);
/* The p quantile of Gamma(a, 1), 0 < p < 1, by bisection on the more precise
 * tail (R: qgamma(p, a)). */
double xd_gamma_quantile(double p, double a);

#endif
