#include "binom.h"

#include <float.h>
#include <math.h>

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* log(sqrt(2 pi)) */
#define LN_2PI 1.837877066409345483560659472811      /* log(2 pi) */
#define LN_2 0.693147180559945309417232121458

double xd_binom_stirling_error(double n)
{
    const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
    if (n <= 15.0)
        return lgamma(n + 1.0) - (n + 0.5) * log(n) + n - LN_SQRT_2PI;
    double nn = n * n;
    if (n > 500)
        return (s0 - s1 / nn) / n;
    if (n > 80)
        return (s0 - (s1 - s2 / nn) / nn) / n;
    if (n > 35)
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

double xd_binom_bd0(double x, double m)
{
    if (fabs(x - m) < 0.1 * (x + m)) {
        double v = (x - m) / (x + m);
        double s = (x - m) * v, ej = 2.0 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
    }
    return x * log(x / m) + m - x;
}

/* Loader's saddle-point form: every term is small, so nothing cancels even
 * when n is in the billions. */
double xd_binom_log_pmf(double k, double n, double p, double q)
{
    if (k < 0 || k > n)
        return -INFINITY;
    if (k == 0)
        return n == 0 ? 0.0 : p < 0.1 ? -xd_binom_bd0(n, n * q) - n * p : n * log(q);
    if (k == n)
        return q < 0.1 ? -xd_binom_bd0(n, n * p) - n * q : n * log(p);
    double lc = xd_binom_stirling_error(n) - xd_binom_stirling_error(k) - xd_binom_stirling_error(n - k) -
                xd_binom_bd0(k, n * p) - xd_binom_bd0(n - k, n * q);
    double lf = LN_2PI + log(k) + log1p(-k / n);
    return lc - 0.5 * lf;
}

/* log(1 - e^l) for l <= 0, accurate at both ends (Maechler 2012). */
static double log1mexp(double l)
{
    return l > -LN_2 ? log(-expm1(l)) : log1p(-exp(l));
}

static double logaddexp(double a, double b)
{
    if (a == -INFINITY)
        return b;
    if (b == -INFINITY)
        return a;
    double hi = a > b ? a : b, lo = a > b ? b : a;
    return hi + log1p(exp(lo - hi));
}

/* log of the continued fraction of I_x(a, b) (modified Lentz), for
 * x < (a + 1) / (a + b + 2) where it converges; its length grows with
 * sqrt(a + b) close to that bound, so the bound on steps does too. */
static double log_beta_cf(double a, double b, double x, double y)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    /* 1 - (a + b) x / (a + 1), without its cancellation next to x = 1 */
    double c = 1.0, d = y - (b - 1.0) * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    /* enough terms for any count up to the documented limit (2^53) */
    long maxit = 1000 + (long)(20.0 * sqrt(a + b));
    for (long k = 1; k <= maxit; k++) {
        double m = (double)k, m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < DBL_EPSILON)
            return log(h);
    }
    return NAN;
}

/* log I_x(a, b) and log(1 - I_x(a, b)) for whole a, b >= 1 and 0 < x < 1,
 * the smaller one straight from its fraction. The prefactor
 * x^a (1-x)^b / (a B(a, b)) is (1 - x) P(Y = a), Y ~ Binomial(a + b - 1, x).
 * y = 1 - x is passed in, so that neither loses digits next to 0. */
static void log_beta_inc(double a, double b, double x, double y, double *li, double *lc)
{
    if (x < (a + 1.0) / (a + b + 2.0)) {
        *li = log(y) + xd_binom_log_pmf(a, a + b - 1.0, x, y) + log_beta_cf(a, b, x, y);
        *lc = log1mexp(*li);
    } else {
        *lc = log(x) + xd_binom_log_pmf(b, a + b - 1.0, y, x) + log_beta_cf(b, a, y, x);
        *li = log1mexp(*lc);
    }
}

/* log of the tail from k away from the mean, k on the far side of it, as the
 * sum of its terms: they shrink at least geometrically, so a few thousand
 * suffice unless k is close to the mean of a large n; NaN then. */
static double log_far_tail_sum(double k, double n, double p, double q, int upper)
{
    double s = 1.0, t = 1.0; /* relative to P(X = k) */
    double i = k;
    for (int j = 0; j < 20000; j++) {
        if (upper ? i >= n : i <= 0)
            return xd_binom_log_pmf(k, n, p, q) + log(s);
        double r = upper ? (n - i) * p / ((i + 1.0) * q) : i * q / ((n - i + 1.0) * p);
        t *= r;
        s += t;
        i += upper ? 1.0 : -1.0;
        /* the ratios fall further out, so what is left is below t r / (1 - r) */
        if (t * r < s * (1.0 - r) * 1e-17)
            return xd_binom_log_pmf(k, n, p, q) + log(s);
    }
    return NAN;
}

static double log_far_tail(double k, double n, double p, double q, int upper)
{
    double v = log_far_tail_sum(k, n, p, q, upper), li, lc;
    if (!isnan(v))
        return v;
    if (upper) {
        /* P(X >= k) = I_p(k, n - k + 1) */
        log_beta_inc(k, n - k + 1.0, p, q, &li, &lc);
        return li;
    }
    /* P(X <= k) = 1 - I_p(k + 1, n - k) */
    log_beta_inc(k + 1.0, n - k, p, q, &li, &lc);
    return lc;
}

double xd_binom_log_tail(double k, double n, double p, double q, int upper)
{
    if (isnan(k) || isnan(n) || isnan(p) || isnan(q))
        return NAN;
    double m = n * p;
    if (upper) {
        if (k <= 0)
            return 0.0;
        if (k > n)
            return -INFINITY;
        return k > m ? log_far_tail(k, n, p, q, 1) : log1mexp(log_far_tail(k - 1.0, n, p, q, 0));
    }
    if (k >= n)
        return 0.0;
    if (k < 0)
        return -INFINITY;
    return k < m ? log_far_tail(k, n, p, q, 0) : log1mexp(log_far_tail(k + 1.0, n, p, q, 1));
}

/* The probabilities rise up to the mode floor((n + 1) p) and fall after it, so
 * on each side of the mean the outcomes no more likely than x form one run,
 * whose end bisection finds. */
double xd_binom_log_two_sided_p(double x, double n, double p, double q)
{
    double m = n * p;
    if (x == m)
        return 0.0;
    double thr = xd_binom_log_pmf(x, n, p, q) + log1p(1e-7);
    double lp;
    if (x < m) {
        /* the first j >= ceil(m) with P(j) <= P(x); the tail from j on */
        double lo = ceil(m), hi = n, other = -INFINITY;
        if (xd_binom_log_pmf(hi, n, p, q) <= thr) {
            if (xd_binom_log_pmf(lo, n, p, q) <= thr)
                hi = lo;
            else
                while (hi - lo > 1) {
                    double mid = floor(lo + (hi - lo) / 2);
                    if (xd_binom_log_pmf(mid, n, p, q) <= thr)
                        hi = mid;
                    else
                        lo = mid;
                }
            other = xd_binom_log_tail(hi, n, p, q, 1);
        }
        lp = logaddexp(xd_binom_log_tail(x, n, p, q, 0), other);
    } else {
        /* the last i <= floor(m) with P(i) <= P(x); the tail up to i */
        double lo = 0, hi = floor(m), other = -INFINITY;
        if (xd_binom_log_pmf(lo, n, p, q) <= thr) {
            if (xd_binom_log_pmf(hi, n, p, q) <= thr)
                lo = hi;
            else
                while (hi - lo > 1) {
                    double mid = floor(lo + (hi - lo) / 2);
                    if (xd_binom_log_pmf(mid, n, p, q) <= thr)
                        lo = mid;
                    else
                        hi = mid;
                }
            other = xd_binom_log_tail(lo, n, p, q, 0);
        }
        lp = logaddexp(other, xd_binom_log_tail(x, n, p, q, 1));
    }
    return lp < 0.0 ? lp : 0.0;
}

/* The p at which P(X >= k) = prob: P(X >= k) rises with p, so bisection
 * finds it to the last bit; on (0, 1) that bit is fine next to 0 only. */
static double solve_upper_tail(double k, double n, double prob)
{
    double lt_target = log(prob), lo = 0.0, hi = 1.0;
    for (int i = 0; i < 2200; i++) {
        double mid = 0.5 * (lo + hi);
        if (!(mid > lo && mid < hi))
            break;
        double lt = xd_binom_log_tail(k, n, mid, 1.0 - mid, 1);
        if (isnan(lt))
            return NAN;
        if (lt < lt_target)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

void xd_binom_solve(double k, double n, double prob, double *p, double *q)
{
    *p = solve_upper_tail(k, n, prob);
    if (*p <= 0.5) {
        *q = 1.0 - *p;
        return;
    }
    /* close to 1, solve for 1 - p: X >= k when n - X <= n - k, so
     * P(n - X >= n - k + 1) = 1 - prob with n - X ~ Binomial(n, 1 - p) */
    *q = solve_upper_tail(n - k + 1.0, n, 1.0 - prob);
    *p = 1.0 - *q;
}

/* ---- the incomplete gamma function */

/* log(e^-x x^a / Gamma(a + 1)), the Poisson probability of a at mean x for real a. */
static double log_dpois_real(double a, double x)
{
    if (x == 0)
        return a == 0 ? 0.0 : -INFINITY;
    return -xd_binom_stirling_error(a) - xd_binom_bd0(a, x) - 0.5 * LN_2PI - 0.5 * log(a);
}

/* log P(a, x) = log dpois(a, x) + log sum x^n / ((a+1)...(a+n)), for x < a + 1;
 * the terms fall at least geometrically, faster than exp(-n^2 / 2a). */
static double log_gamma_p_series(double a, double x)
{
    double term = 1.0, sum = 1.0;
    for (long k = 1; k < 100000000L; k++) {
        double i = (double)k;
        term *= x / (a + i);
        sum += term;
        if (term < sum * DBL_EPSILON / 4)
            break;
    }
    return log_dpois_real(a, x) + log(sum);
}

/* log Q(a, x) from Legendre's continued fraction (modified Lentz), for x >= a + 1:
 * Q = a dpois(a, x) / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...)). */
static double log_gamma_q_cf(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    long maxit = 1000 + (long)(20.0 * sqrt(a));
    for (long k = 1; k <= maxit; k++) {
        double i = (double)k;
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < DBL_EPSILON)
            return log(a) + log_dpois_real(a, x) + log(h);
    }
    return NAN;
}

double xd_gamma_log_p(double a, double x)
{
    if (isnan(a) || isnan(x) || !(a > 0) || x < 0)
        return NAN;
    if (x == 0)
        return -INFINITY;
    if (isinf(x))
        return 0.0;
    return x < a + 1.0 ? log_gamma_p_series(a, x) : log1mexp(log_gamma_q_cf(a, x));
}

double xd_gamma_log_q(double a, double x)
{
    if (isnan(a) || isnan(x) || !(a > 0) || x < 0)
        return NAN;
    if (x == 0)
        return 0.0;
    if (isinf(x))
        return -INFINITY;
    return x < a + 1.0 ? log1mexp(log_gamma_p_series(a, x)) : log_gamma_q_cf(a, x);
}

double xd_gamma_quantile(double p, double a)
{
    if (!(p > 0 && p < 1) || !(a > 0) || isinf(a))
        return NAN;
    /* P(a, t) rises with t; compare on the tail that is the smaller */
    int lower = p < 0.5;
    double target = lower ? log(p) : log1p(-p);
    double lo = 0.0, hi = a + 10.0 * sqrt(a) + 10.0;
    for (int i = 0; i < 1100 && (lower ? xd_gamma_log_p(a, hi) < target : xd_gamma_log_q(a, hi) > target); i++)
        hi *= 2.0;
    for (int i = 0; i < 2200; i++) {
        double mid = 0.5 * (lo + hi);
        if (!(mid > lo && mid < hi))
            break;
        double v = lower ? xd_gamma_log_p(a, mid) : xd_gamma_log_q(a, mid);
        if (isnan(v))
            return NAN;
        if (lower ? v < target : v > target)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
