# Expected values of tests/test_models.c: quasi-Poisson, negative binomial and
# joinpoint regression of yearly counts, computed independently with glm(),
# MASS::glm.nb() and lm.wfit().   Run:  Rscript tests/r/models.R
# Every figure is printed with 17 significant digits; the tests compare to 1e-9.
suppressPackageStartupMessages(library(MASS))
ctl <- glm.control(epsilon = 1e-14, maxit = 200)
level <- 0.95
# glm.fit returns the covariance of its last weighted least-squares step, whose
# weights come from the iterate before the last: with epsilon = 1e-14 that
# iterate can still be 1e-8 away. Restarting glm() at the converged
# coefficients makes the covariance (and summary's dispersion) the converged
# fit's, so the figures below are exact well beyond the tests' 1e-9.
glm2 <- function(formula, family) {
  m <- glm(formula, family = family, control = ctl)
  glm(formula, family = family, control = ctl, start = coef(m))
}
p17 <- function(name, v) cat(sprintf("%-28s %s\n", name, paste(format(v, digits = 17), collapse = " ")))

# ---------------------------------------------------------------- series
# The bundled dataset's main measure: one figure per year (rows marked
# "alternative" are other sources' figures for the same year).
a <- read.csv(file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))),
                        "..", "..", "datasets", "mexico-us", "annual.csv"), stringsAsFactors = FALSE)
a <- a[(is.na(a$measure) | a$measure == "") & a$status != "alternative", c("year", "count")]
a <- unique(a)
stopifnot(!any(duplicated(a$year)))
a <- a[order(a$year), ]
series <- list(
  bundled   = list(year = a$year, y = a$count),
  # set.seed(11); t <- 0:24; rpois(25, exp(log(20) + ifelse(t <= 12, 0.12*t, 1.44 - 0.10*(t-12))))
  risefall  = list(year = 1990:2014, y = c(17, 12, 18, 22, 39, 40, 40, 39, 55, 55, 64, 72, 82, 79, 58,
                                           57, 59, 59, 31, 41, 36, 29, 36, 29, 28)),
  # set.seed(12); rnbinom(20, size = 4, mu = 40)
  flatod    = list(year = 2001:2020, y = c(10, 52, 26, 12, 39, 65, 54, 91, 33, 29, 40, 63, 29, 53,
                                           34, 23, 15, 11, 31, 64)),
  # set.seed(13); rpois() of a rise to 2004 and a fall after, over years with gaps
  gaps      = list(year = c(1995:1999, 2002:2006, 2009, 2011:2016),
                   y = c(33, 31, 46, 40, 50, 59, 71, 69, 59, 61, 45, 38, 37, 32, 32, 26, 30)),
  # small counts with zeros; the first three years are 0
  zeros     = list(year = 1998:2017, y = c(0, 0, 0, 1, 0, 2, 1, 0, 3, 2, 1, 4, 0, 3, 5, 2, 4, 6, 3, 5)),
  # set.seed(18); t <- 0:29; rpois(30, exp(3 + 0.03*t)): a straight trend
  straight  = list(year = 1990:2019, y = c(24, 28, 13, 22, 18, 16, 32, 20, 25, 22, 34, 30, 21, 19, 26,
                                           34, 28, 32, 32, 31, 37, 39, 46, 29, 38, 34, 45, 46, 51, 49)),
  # set.seed(16); t <- 0:29; rpois(30, exp(log(40) + ifelse(t <= 15, 0.08*t, 1.2 - 0.15*(t-15)))): one break
  onebreak  = list(year = 1990:2019, y = c(43, 42, 54, 40, 47, 51, 58, 74, 91, 83, 81, 115, 103, 125, 136,
                                           131, 127, 94, 81, 79, 58, 65, 53, 46, 39, 30, 22, 26, 13, 12)),
  short     = list(year = 2018:2021, y = c(69, 58, 60, 43)),
  # counts that vary less than Poisson ones: glm.nb's theta runs off to infinity
  under     = list(year = 2010:2019, y = c(50, 52, 49, 51, 50, 53, 48, 50, 51, 52))
)

# --------------------------------------------------------- straight trends
trend <- function(s) {
  x <- s$year - mean(s$year); y <- s$y
  m <- glm2(y ~ x, poisson)
  # quasipoisson: phi = Pearson X^2 / df at the fit, se * sqrt(phi), t on df
  q <- glm2(y ~ x, quasipoisson)
  df <- q$df.residual; phi <- sum(residuals(q, "pearson")^2) / df
  b <- coef(q)[2]; se <- sqrt(phi * summary(q)$cov.unscaled[2, 2]); tq <- qt(1 - (1 - level) / 2, df)
  p17("poisson b1 se p", c(coef(m)[2], summary(m)$coefficients[2, 2], summary(m)$coefficients[2, 4]))
  z <- qnorm(1 - (1 - level) / 2); bp <- coef(m)[2]; sp <- summary(m)$coefficients[2, 2]
  p17("poisson rate_ratio lo hi", exp(bp + c(0, -1, 1) * z * sp))
  p17("poisson dispersion", sum(residuals(m, "pearson")^2) / m$df.residual)
  p17("qp rate_ratio lo hi", exp(b + c(0, -1, 1) * tq * se))
  p17("qp pct lo hi", 100 * (exp(b + c(0, -1, 1) * tq * se) - 1))
  p17("qp dispersion df p", c(phi, df, 2 * pt(-abs(b / se), df)))
  # glm.nb's warnings (e.g. "alternation limit reached": its tolerance of 1e-14
  # on theta itself is below the rounding of theta) are shown, not fatal
  warns <- character(0)
  nb <- tryCatch(withCallingHandlers(glm.nb(y ~ x, control = ctl), warning = function(w) {
    warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
    error = function(e) conditionMessage(e))
  if (length(warns)) cat("glm.nb warns:", paste(unique(warns), collapse = "; "), "\n")
  if (is.character(nb)) { cat("glm.nb fails:", nb, "\n"); return(invisible()) }
  cn <- summary(nb)$coefficients; z <- qnorm(1 - (1 - level) / 2)
  p17("nb theta SE", c(nb$theta, nb$SE.theta))
  p17("nb rate_ratio lo hi", exp(cn[2, 1] + c(0, -1, 1) * z * cn[2, 2]))
  p17("nb pct lo hi", 100 * (exp(cn[2, 1] + c(0, -1, 1) * z * cn[2, 2]) - 1))
  p17("nb p", cn[2, 4])
}

# ------------------------------------------------------------- joinpoints
hinges <- function(year, tau) if (length(tau)) sapply(tau, function(t) pmax(year - t, 0)) else NULL
# joinpoints on observed years: >= 2 years before the first, between two, after the last
candidates <- function(n, k) {
  if (k == 0) return(list(integer(0)))
  cs <- combn(3:(n - 2), k)
  lapply(seq_len(ncol(cs)), function(j) cs[, j])[apply(cs, 2, function(c) all(diff(c) >= 3))]
}
poisfit <- function(s, tau) {
  x <- s$year - mean(s$year); X <- cbind(x, hinges(s$year, tau))
  glm(s$y ~ X, family = poisson, control = ctl)
}
# a fit whose means run off to 0 has no estimate; such placements are left out
exists_fit <- function(m) min(fitted(m)) > 1e-8 && max(abs(coef(m))) < 15
grid <- function(s, k) {
  best <- list(dev = Inf, tau = NULL)
  for (c in candidates(length(s$y), k)) {
    m <- poisfit(s, s$year[c])
    if (exists_fit(m) && deviance(m) < best$dev) best <- list(dev = deviance(m), tau = s$year[c])
  }
  best
}
# the permutation test's statistic on the observed data: weighted least squares
# of the null fit's working response, weights the null fitted means
statistic <- function(s, ka, kb) {
  m0 <- poisfit(s, grid(s, ka)$tau); mu0 <- fitted(m0)
  z <- log(mu0) + (s$y - mu0) / mu0; x <- s$year - mean(s$year)
  sse <- function(k) min(sapply(candidates(length(s$y), k), function(c) {
    f <- lm.wfit(cbind(1, x, hinges(s$year, s$year[c])), z, mu0); sum(mu0 * f$residuals^2) }))
  sse(ka) / sse(kb)
}
joinpoint <- function(s, k) {
  g <- grid(s, k); tau <- g$tau; n <- length(s$y)
  x <- s$year - mean(s$year); X <- cbind(x, hinges(s$year, tau)); y <- s$y
  m <- glm2(y ~ X, poisson)
  df <- m$df.residual; phi <- sum(residuals(m, "pearson")^2) / df
  scaled <- phi > 1
  # quasi-Poisson (phi > 1): the Poisson covariance times phi
  V <- if (scaled) phi * vcov(m) else vcov(m)
  q <- if (scaled) qt(1 - (1 - level) / 2, df) else qnorm(1 - (1 - level) / 2)
  pv <- function(t) if (scaled) 2 * pt(-abs(t), df) else 2 * pnorm(-abs(t))
  A <- t(sapply(0:k, function(i) c(0, 1, rep(1, i), rep(0, k - i))))   # segment slopes
  b <- drop(A %*% coef(m)); se <- sqrt(diag(A %*% V %*% t(A)))
  p17(sprintf("k=%d joinpoints", k), tau)
  p17("deviance dispersion df", c(deviance(m), phi, df))
  ends <- c(min(s$year), tau, max(s$year))
  for (i in seq_along(b)) {
    p17(sprintf("seg %d-%d apc lo hi", ends[i], ends[i + 1]), 100 * (exp(b[i] + c(0, -1, 1) * q * se[i]) - 1))
    p17("  p", pv(b[i] / se[i]))
  }
  w <- diff(ends); cw <- drop(w %*% A) / sum(w)
  ba <- sum(cw * coef(m)); sa <- sqrt(drop(cw %*% V %*% cw))
  p17("aapc lo hi", 100 * (exp(ba + c(0, -1, 1) * q * sa) - 1))
  p17("  p", pv(ba / sa))
}

for (name in names(series)) {
  s <- series[[name]]
  cat("\n=====", name, "(n =", length(s$y), ")\n")
  trend(s)
  kmax <- min(3, (length(s$y) - 2) %/% 3)
  for (k in 0:kmax) { g <- grid(s, k); p17(sprintf("grid k=%d deviance tau", k), c(g$dev, g$tau)) }
  for (k in 0:kmax) joinpoint(s, k)
  if (kmax >= 1) for (ka in 0:(kmax - 1)) for (kb in (ka + 1):kmax)
    p17(sprintf("statistic %d vs %d", ka, kb), statistic(s, ka, kb))
}

# the chosen model of the bundled series (one joinpoint, 2009): fitted mean
# and its 95% band at 2015 on the log scale (normal: dispersion < 1)
s <- series$bundled; x <- s$year - mean(s$year); X <- cbind(x, pmax(s$year - 2009, 0)); y <- s$y
m <- glm2(y ~ X, poisson); r <- c(1, 2015 - mean(s$year), 2015 - 2009)
eta <- sum(r * coef(m)); se <- sqrt(drop(r %*% vcov(m) %*% r))
cat("\n"); p17("bundled k=1 predict 2015", exp(eta + c(0, -1, 1) * qnorm(0.975) * se))
