# Expected values of the Poisson regression tests in tests/test_stats.c, at full convergence.
# Rscript tests/r/poisson.R
ctl <- glm.control(epsilon = 1e-14, maxit = 200)
fit <- function(x, y, at, lv = 0.95) {
  xc <- mean(x); d <- data.frame(y = y, x0 = x - xc)
  m0 <- glm(y ~ x0, family = poisson, data = d, control = ctl)
  m <- glm(y ~ x0, family = poisson, data = d, control = ctl, start = coef(m0))  # covariance at the converged means
  s <- summary(m); z <- qnorm(1 - (1 - lv) / 2); b1 <- coef(m)[2]; se <- s$coefficients[2, 2]
  p <- predict(m, data.frame(x0 = at - xc), se.fit = TRUE, type = "link")
  v <- c(b0 = coef(m)[1], b1 = b1, se_b0 = s$coefficients[1, 2], se_b1 = se, cov01 = vcov(m)[1, 2],
         z = s$coefficients[2, 3], p = s$coefficients[2, 4], dev = deviance(m), null = m$null.deviance,
         pear = sum(residuals(m, "pearson")^2), disp = sum(residuals(m, "pearson")^2) / m$df.residual,
         rr = exp(b1), rrlo = exp(b1 - z * se), rrhi = exp(b1 + z * se),
         pc = 100 * (exp(b1) - 1), pclo = 100 * (exp(b1 - z * se) - 1), pchi = 100 * (exp(b1 + z * se) - 1),
         mu = exp(p$fit), lo = exp(p$fit - z * p$se.fit), hi = exp(p$fit + z * p$se.fit), iter = m0$iter)
  for (k in names(v)) cat(sprintf("%s %.17g\n", k, v[[k]]))
  cat("--\n")
}
fit(2000:2009, c(12,17,25,31,34,41,63,83,95,107), 2010)
fit(2017:2021, c(57,69,58,60,43), 2022)
fit(2017:2021, c(57,69,58,60,43), 2022, 0.9)
fit(2000:2005, c(3,0,4,6,9,12), 2006)
fit(2000:2007, c(10,40,5,60,20,80,15,90), 2008)
