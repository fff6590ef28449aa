# The peer of bench/report.sh: the report's two main charts (the comparison of the
# handover with the baseline year, and the yearly counts with the transfers) drawn
# with ggplot2 into a two-page A4-wide PDF, from the same dataset files.
#
#   Rscript bench/report_ggplot.R DATASET_DIR OUT.pdf
suppressMessages(library(ggplot2))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
out <- args[2]

annual <- read.csv(file.path(dir, "annual.csv"), stringsAsFactors = FALSE, na.strings = character(0))
aggregates <- read.csv(file.path(dir, "aggregates.csv"), stringsAsFactors = FALSE, na.strings = character(0))
transfers <- read.csv(file.path(dir, "transfers.csv"), stringsAsFactors = FALSE)

# the main series: one figure per year, the preferred one where sources disagree
main <- annual[annual$measure == "" & annual$status != "alternative", ]
years <- aggregate(count ~ year, data = main, FUN = function(x) x[1])

base <- aggregates[aggregates$first_year == 2019 & aggregates$last_year == 2023 &
                   aggregates$statistic == "mean" & aggregates$measure == "", ]
mean65 <- base$value[1]
ci <- poisson.test(mean65 * 5, 5)$conf.int
event <- transfers[transfers$date == "2025-02-27", ]

comparison <- data.frame(what = c("Average year 2019-2023", "27 February 2025"),
                         people = c(mean65, event$count),
                         lo = c(ci[1], NA), hi = c(ci[2], NA))
comparison$what <- factor(comparison$what, levels = comparison$what)
p1 <- ggplot(comparison, aes(what, people, fill = what)) +
    geom_col(width = 0.6) +
    geom_errorbar(aes(ymin = lo, ymax = hi), width = 0.1, na.rm = TRUE) +
    geom_text(aes(label = people), vjust = -0.8) +
    scale_fill_manual(values = c("#0072B2", "#D55E00"), guide = "none") +
    scale_y_continuous(limits = c(0, 100), expand = c(0, 0)) +
    labs(title = sprintf("One day's handover equals %.0f%% of an average year of extraditions",
                         100 * event$count / mean65),
         subtitle = "Treaty extraditions, Mexico to United States: mean per year 2019-2023 and one day's handover",
         x = NULL, y = "People", caption = "Sources: Reuters (March 2025); U.S. Department of Justice (2025-02-27)") +
    theme_minimal(base_size = 11)

transfers$year <- as.integer(substr(transfers$date, 1, 4))
bars <- rbind(data.frame(year = years$year, people = years$count, kind = "Treaty extraditions"),
              data.frame(year = transfers$year, people = transfers$count,
                         kind = "Single-day transfers outside the treaty"))
p2 <- ggplot(bars, aes(year, people, fill = kind)) +
    annotate("rect", xmin = 2018.5, xmax = 2023.5, ymin = 0, ymax = Inf, alpha = 0.15, fill = "#56B4E9") +
    geom_col(width = 0.75, colour = "white") +
    geom_segment(x = 2018.5, xend = 2023.5, y = mean65, yend = mean65, linetype = "dotted") +
    scale_fill_manual(values = c("#D55E00", "#0072B2"), name = NULL) +
    scale_y_continuous(expand = c(0, 0)) +
    labs(title = "Treaty extraditions per year and the single-day transfers",
         subtitle = "Mexico to United States, all nationalities; years without a sourced figure left empty",
         x = "Calendar year", y = "People per year") +
    theme_minimal(base_size = 11) + theme(legend.position = "top")

pdf(out, width = 17 / 2.54, height = 10.5 / 2.54)
print(p1)
print(p2)
invisible(dev.off())
