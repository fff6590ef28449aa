# A peer for bench/joinpoint.sh: the same exhaustive joinpoint grids (k = 1..3,
# joinpoints on observed years with 2 years before, between and after) on a
# 50-year series, fitted with R's glm.fit (the fastest Poisson fit base R has).
# Times the grids alone, to compare with "exhaustive grids k = 1..3 only".
#
#   Rscript bench/joinpoint_peer.R
set.seed(20000335)
n <- 50; year <- 1970 + 0:(n - 1)
eta <- log(60) + 0.05 * (0:(n - 1)) - 0.09 * pmax(0:(n - 1) - 20, 0)
y <- rpois(n, exp(eta))
fit_dev <- function(taus) {
  X <- cbind(1, year - mean(year))
  for (t in taus) X <- cbind(X, pmax(year - t, 0))
  glm.fit(X, y, family = poisson(), control = glm.control(epsilon = 1e-8, maxit = 50))$deviance
}
allowed <- function(taus) {
  # 2 observed years strictly before the first, after the last, between two
  b <- c(-Inf, taus, Inf)
  all(sapply(seq_len(length(b) - 1), function(i) sum(year > b[i] & year < b[i + 1]) >= 2))
}
t0 <- proc.time()[["elapsed"]]
fits <- 0
for (k in 1:3) {
  best <- Inf
  for (taus in combn(year, k, simplify = FALSE)) {
    if (!allowed(taus)) next
    best <- min(best, fit_dev(taus)); fits <- fits + 1
  }
}
ms <- (proc.time()[["elapsed"]] - t0) * 1000
cat(sprintf("R glm.fit, exhaustive grids k = 1..3: %.0f ms (%d fits)\n", ms, fits))
