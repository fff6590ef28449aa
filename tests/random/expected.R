# What R says about every random case of generate.py (tests/random/README.md).
# Reads cases.csv and args.csv beside this script, writes expected.csv:
#   case,command,key,value,scale
# key is extrad's csv name (the JSON flattened); value a number, "NA" where
# extrad must give no figure (null), "error" where the command must fail, or a
# word (true/false); extrad passes when |got - value| <= 1e-9 * max(|value|, scale).
# Every figure is computed here from the rows, with R's own functions, at full
# convergence of glm: nothing is taken from extrad.
#   Rscript tests/random/expected.R
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
cases <- read.csv(file.path(here, "cases.csv"), stringsAsFactors = FALSE)
opts <- read.csv(file.path(here, "args.csv"), stringsAsFactors = FALSE)
level <- 0.95
alpha <- (1 - level) / 2
out <- list()
put <- function(case, cmd, key, value, scale = 0) {
  v <- if (is.character(value)) value else if (is.na(value)) "NA" else format(value, digits = 17)
  out[[length(out) + 1]] <<- data.frame(case = case, command = cmd, key = key, value = v,
                                         scale = format(scale, digits = 17), stringsAsFactors = FALSE)
}
put2 <- function(case, cmd, key, v, scale = 0)
  put(case, cmd, key, paste(ifelse(is.na(v), "NA", format(v, digits = 17)), collapse = ";"), scale)

# The figure of each year: rows that agree corroborate; when they differ, the
# preferred rows (which agree among themselves) give it.
figures <- function(rows) {
  years <- sort(unique(rows$year))
  count <- sapply(years, function(y) {
    r <- rows[rows$year == y, ]
    if (length(unique(r$count)) == 1) r$count[1] else unique(r$count[r$status == "preferred"])
  })
  list(year = years, count = count)
}

# binom.test's two-sided p-value in log space: the other side's outcomes no
# more likely than x (relative slack 1e-7) found by bisection on the monotone
# dbinom, the tails by pbinom.
logsumexp <- function(a, b) { m <- max(a, b); if (m == -Inf) -Inf else m + log(exp(a - m) + exp(b - m)) }
# log P(X <= k) (lower) or log P(X >= k): pbinom, except far out, beyond what a
# double holds: there its log.p loses digits (pbinom(29, 55396, 365/2922,
# log.p = TRUE) is off by 17 orders of magnitude) or underflows to -Inf (bpser),
# and the terms are summed away from the mean instead
ltail <- function(k, n, p, lower) {
  if (lower && k < 0 || !lower && k > n) return(-Inf)
  v <- if (lower) pbinom(k, n, p, log.p = TRUE) else pbinom(k - 1, n, p, lower.tail = FALSE, log.p = TRUE)
  if (is.finite(v) && v > -700) return(v)
  i <- if (lower) k:max(0, k - 200000) else k:min(n, k + 200000)
  d <- dbinom(i, n, p, log = TRUE); m <- max(d)
  m + log(sum(exp(d - m)))
}
binom_log_p <- function(x, n, p) {
  m <- n * p
  if (x == m) return(0)
  thr <- dbinom(x, n, p, log = TRUE) + log1p(1e-7)
  ld <- function(i) dbinom(i, n, p, log = TRUE)
  if (x < m) {
    lo <- ceiling(m); hi <- n
    if (ld(hi) > thr) return(min(0, ltail(x, n, p, TRUE)))
    if (ld(lo) <= thr) hi <- lo else
      while (hi - lo > 1) { mid <- floor((lo + hi) / 2); if (ld(mid) <= thr) hi <- mid else lo <- mid }
    min(0, logsumexp(ltail(x, n, p, TRUE), ltail(hi, n, p, FALSE)))
  } else {
    lo <- 0; hi <- floor(m)
    if (ld(lo) > thr) return(min(0, ltail(x, n, p, FALSE)))
    if (ld(hi) <= thr) lo <- hi else
      while (hi - lo > 1) { mid <- floor((lo + hi) / 2); if (ld(mid) <= thr) lo <- mid else hi <- mid }
    min(0, logsumexp(ltail(lo, n, p, TRUE), ltail(x, n, p, FALSE)))
  }
}

# poisson.test(c(x1, x2), c(t1, t2)): rate ratio, interval (the odds written so
# that R keeps their digits next to 0 and 1) and p-value.
rate_test <- function(case, key, x1, t1, x2, t2) {
  n <- x1 + x2
  lo <- if (x1 == 0) 0 else qbeta(alpha, x1, n - x1 + 1) / qbeta(alpha, n - x1 + 1, x1, lower.tail = FALSE) * t2 / t1
  hi <- if (x2 == 0) Inf else qbeta(1 - alpha, x1 + 1, n - x1) / qbeta(alpha, n - x1, x1 + 1) * t2 / t1
  lp <- binom_log_p(x1, n, t1 / (t1 + t2))
  put(case, "compare", paste0(key, "_rate_ratio"), (x1 / t1) / (x2 / t2))
  put(case, "compare", paste0(key, "_ci"), if (is.infinite(hi)) "skip" else paste(format(c(lo, hi), digits = 17), collapse = ";"))
  # pbinom(log.p = TRUE) gives -Inf far enough out (bpser underflow): R has no
  # figure to compare there, only that p is 0 as a double
  put(case, "compare", paste0(key, "_log10_p_value"), if (is.finite(lp)) lp / log(10) else "skip", 1)
  # a p-value's relative error is its log's absolute one
  put(case, "compare", paste0(key, "_p_value"), if (!is.finite(lp)) 0 else if (lp / log(10) < -290) "skip" else exp(lp),
      if (is.finite(lp)) exp(lp) * max(1, abs(lp)) else 0)
}

summary_case <- function(case, y) {
  n <- length(y); m <- mean(y); s <- sd(y)
  put(case, "summary", "n", n)
  put(case, "summary", "total", sum(y))
  put(case, "summary", "mean", m)
  put(case, "summary", "sd", s, m)
  q <- quantile(y, c(0.5, 0.25, 0.75), type = 7, names = FALSE)
  put(case, "summary", "median", q[1]); put(case, "summary", "q1", q[2]); put(case, "summary", "q3", q[3])
  put(case, "summary", "min_count", min(y)); put(case, "summary", "max_count", max(y))
  put(case, "summary", "cv", if (m == 0) NA else s / m, 1)
  put2(case, "summary", "ci_t", m + c(-1, 1) * qt(1 - alpha, n - 1) * s / sqrt(n), m)
  put2(case, "summary", "ci_poisson", poisson.test(sum(y), n)$conf.int[1:2])
}

compare_case <- function(case, fig, o) {
  inb <- fig$year >= o$baseline_from & fig$year <= o$baseline_to
  years <- o$baseline_to - o$baseline_from + 1
  total <- sum(fig$count[inb])
  if (total == 0) { put(case, "compare", "status", "error"); return() }
  days <- as.numeric(as.Date(sprintf("%d-01-01", o$baseline_to + 1)) - as.Date(sprintf("%d-01-01", o$baseline_from)))
  rate <- total / days
  ci <- poisson.test(total, years)$conf.int[1:2]
  x <- o$count
  put(case, "compare", "baseline_total", total)
  put(case, "compare", "baseline_mean", total / years)
  put2(case, "compare", "baseline_ci", ci)
  put(case, "compare", "baseline_days", days)
  put(case, "compare", "baseline_daily_rate", rate)
  put(case, "compare", "share_of_year", x / (total / years), 1e-300)
  put(case, "compare", "days_equivalent", x / rate, 1e-300)
  dpy <- days / years
  put2(case, "compare", "days_equivalent_range", c(x / (ci[2] / dpy), if (ci[1] > 0) x / (ci[1] / dpy) else NA), 1e-300)
  put(case, "compare", "months_equivalent", x / rate / (365.2425 / 12), 1e-300)
  put(case, "compare", "log10_p_one_day", if (x == 0) 0 else ppois(x - 1, rate, lower.tail = FALSE, log.p = TRUE) / log(10), 1)
  ey <- as.integer(substr(o$date, 1, 4))
  put(case, "compare", "event_year_year", ey)
  k <- match(ey, fig$year)
  # exposure in calendar days: poisson.test(c(x, total), c(days_event, days_baseline))
  ey_days <- as.numeric(as.Date(sprintf("%d-01-01", ey + 1)) - as.Date(sprintf("%d-01-01", ey)))
  if (is.na(k)) {
    # a handover alone is another kind of event: described, never tested
    put(case, "compare", "event_year_treaty_count", NA)
    put(case, "compare", "event_year_with_transfers", NA)
    put(case, "compare", "event_year_without_transfers", NA)
  } else {
    t <- fig$count[k]
    put(case, "compare", "event_year_treaty_count", t)
    put(case, "compare", "event_year_days", ey_days)
    if (t + x > 0) rate_test(case, "event_year_with_transfers", t + x, ey_days, total, days)
    if (t > 0) rate_test(case, "event_year_without_transfers", t, ey_days, total, days)
  }
}

# Mann-Kendall and Sen's slope, trend::mk.test and trend::sens.slope written out
# (as in tests/test_stats.c); a series of ties has no variance: z 0, p 1.
mk_case <- function(case, x, y) {
  n <- length(y); S <- 0; sl <- c()
  for (i in 1:(n - 1)) for (j in (i + 1):n) {
    S <- S + sign(y[j] - y[i]); sl <- c(sl, (y[j] - y[i]) / (x[j] - x[i])) }
  t <- as.vector(table(y))
  varS <- (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5))) / 18
  d <- sqrt(n * (n - 1) / 2 - sum(t * (t - 1)) / 2) * sqrt(n * (n - 1) / 2)
  tau <- if (d == 0) NA else S / d
  z <- if (varS == 0) 0 else sign(S) * (abs(S) - 1) / sqrt(varS)
  p <- if (varS == 0) 1 else 2 * pnorm(abs(z), lower.tail = FALSE)
  k <- length(sl); C <- qnorm(1 - alpha) * sqrt(varS); r <- sort(sl)
  at <- function(i) if (i >= 1 && i <= k) r[i] else NA
  put(case, "trend", "mann_kendall_s", S)
  put(case, "trend", "mann_kendall_var_s", varS)
  put(case, "trend", "mann_kendall_z", z, 1)
  # a p-value far out moves with its statistic: the scale is its derivative
  put(case, "trend", "mann_kendall_p_value", p, max(p, 2 * abs(z) * dnorm(z)))
  put(case, "trend", "mann_kendall_tau", tau, 1)
  put(case, "trend", "mann_kendall_sen_slope", median(sl), max(abs(y)) * 1e-6 + 1e-300)
  lo <- at(round((k - C) / 2)); hi <- at(round((k + C) / 2 + 1))
  put2(case, "trend", "mann_kendall_sen_ci", c(lo, hi), max(abs(y)) * 1e-6 + 1e-300)
}

trend_case <- function(case, x, y) {
  n <- length(y)
  # least squares; a series without spread has no slope to test
  f <- lm(y ~ x); s <- summary(f)
  flat <- sd(y) == 0
  # a line through every point: its residuals, standard error, R squared and
  # p-value are rounding in R as in extrad (0 exactly in extrad)
  exact <- !flat && sum(resid(f)^2) <= 1e-20 * sum((y - mean(y))^2)
  sy <- max(abs(y), 1)
  # figures 0 in theory come out as rounding of the counts' size
  put(case, "trend", "ols_slope", if (flat) 0 else coef(f)[[2]], sy * 1e-3)
  put(case, "trend", "ols_slope_ci", if (flat || exact) "skip" else paste(format(confint(f)[2, ], digits = 17), collapse = ";"),
      sy * 1e-3)
  put(case, "trend", "ols_se_slope", if (flat || exact) "skip" else s$coefficients[2, 2], sy * 1e-3)
  put(case, "trend", "ols_intercept", if (flat) "skip" else coef(f)[[1]], sy * 1e3)
  put(case, "trend", "ols_r2", if (flat || exact) "skip" else s$r.squared, 1)
  t <- if (flat || exact) 0 else s$coefficients[2, 3]
  put(case, "trend", "ols_p_value", if (flat || exact) "skip" else s$coefficients[2, 4],
      if (flat || exact) 0 else max(s$coefficients[2, 4], 2 * abs(t) * dt(t, n - 2)))

  # Poisson: no estimate when every count is 0, when every nonzero count sits
  # in one end year (complete separation), or when glm does not converge
  xc <- x - mean(x)
  pos <- unique(x[y > 0])
  separated <- length(pos) == 1 && (pos == min(x) || pos == max(x))
  est <- sum(y) > 0 && !separated
  if (est) {
    m <- glm(y ~ xc, family = poisson, control = glm.control(epsilon = 1e-14, maxit = 200))
    # with counts in the millions the deviance's rounding keeps its relative
    # change above 1e-14: the fit has converged when it does at glm's default
    # 1e-8, and the 200 iterations at 1e-14 are as converged as doubles allow
    est <- m$converged || glm(y ~ xc, family = poisson, control = glm.control(maxit = 200))$converged
  }
  put(case, "trend", "poisson_estimable", if (est) "true" else "false")
  keys <- c("rate_ratio", "rate_ratio_ci", "pct_change", "pct_change_ci", "slope_log", "se_slope_log", "z",
            "p_value", "deviance", "pearson_chi2", "dispersion")
  if (!est) {
    for (k in keys) put(case, "trend", paste0("poisson_", k), if (grepl("_ci$", k)) "NA;NA" else NA)
    return()
  }
  # the covariance at the estimate (summary.glm's is the fit's one step before)
  X <- model.matrix(m); V <- solve(crossprod(X, fitted(m) * X))
  b1 <- coef(m)[[2]]; se <- sqrt(V[2, 2]); zq <- qnorm(1 - alpha)
  z <- b1 / se; p <- 2 * pnorm(-abs(z))
  rr <- exp(b1 + c(0, -1, 1) * zq * se)
  put(case, "trend", "poisson_rate_ratio", rr[1])
  put2(case, "trend", "poisson_rate_ratio_ci", rr[2:3])
  put(case, "trend", "poisson_pct_change", 100 * (rr[1] - 1), 100)
  put2(case, "trend", "poisson_pct_change_ci", 100 * (rr[2:3] - 1), 100)
  put(case, "trend", "poisson_slope_log", b1, se)
  put(case, "trend", "poisson_se_slope_log", se)
  put(case, "trend", "poisson_z", z, 1)
  put(case, "trend", "poisson_p_value", p, max(p, 2 * abs(z) * dnorm(z)))
  # the deviances of a close fit are rounding of the counts' size
  sc <- max(sum(y), 1) * 1e-4
  put(case, "trend", "poisson_deviance", deviance(m), sc)
  put(case, "trend", "poisson_null_deviance", m$null.deviance, sc)
  pc <- sum(residuals(m, "pearson")^2)
  put(case, "trend", "poisson_pearson_chi2", pc, sc)
  put(case, "trend", "poisson_dispersion", if (n > 2) pc / (n - 2) else NA, sc)
}

for (i in seq_len(nrow(opts))) {
  o <- opts[i, ]
  fig <- figures(cases[cases$case == o$case, ])
  y <- fig$count; x <- fig$year
  summary_case(o$case, y)
  compare_case(o$case, fig, o)
  mk_case(o$case, x, y)
  suppressWarnings(trend_case(o$case, x, y))
}
res <- do.call(rbind, out)
write.csv(res, file.path(here, "expected.csv"), row.names = FALSE, quote = FALSE)
cat("expected.R:", nrow(res), "values for", nrow(opts), "cases\n")
