#!/usr/bin/env bash
# Benchmark of `extrad report` on the bundled dataset against gnuplot alone
# rendering the same driver script and data (left by --keep), and against an R +
# ggplot2 script that draws the report's two main charts (comparison and annual)
# into a PDF, when R and ggplot2 are installed.
#
#   bench/report.sh
#
# Environment:
#   EXTRAD=PATH   the binary to measure (default build/extrad)
#   REPEAT=N      runs of each contender, the fastest kept (default 5)
#
# Output goes to bench/data/report/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
extrad=$(realpath "${EXTRAD:-$root/build/extrad}")
repeat=${REPEAT:-5}
data=$root/bench/data/report
rm -rf "$data"
mkdir -p "$data"
cc -O2 -o "$data/measure" bench/measure.c
export SOURCE_DATE_EPOCH=1764288000

gnuplot=$(command -v gnuplot) || { echo "bench: gnuplot is not installed" >&2; exit 2; }
"$extrad" report --help >/dev/null 2>&1 ||
    { echo "bench: '$extrad' has no report command: build it or set EXTRAD" >&2; exit 2; }

# best NAME DIR CMD... : runs CMD in DIR $repeat times, sets secs_NAME to the fastest
best() {
    local name=$1 dir=$2
    shift 2
    local b="" i res secs rss code
    for ((i = 0; i < repeat; i++)); do
        res=$(cd "$dir" && "$data/measure" "$data/$name.out" "$@")
        read -r secs rss code <<<"$res"
        [ "$code" = 0 ] || { echo "bench: $name failed with status $code: $*" >&2; cat "$data/$name.out" >&2; exit 1; }
        if [ -z "$b" ] || awk -v a="$secs" -v c="$b" 'BEGIN { exit !(a < c) }'; then b=$secs; fi
    done
    printf -v "secs_$name" '%s' "$b"
    printf '  %-16s %7.3f s   %s\n' "$name" "$b" "$*"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The exact script and data of one report, for gnuplot alone.
"$extrad" report -o "$data/extrad.pdf" --keep "$data/keep" >/dev/null

echo "== extrad report on the bundled dataset, best of $repeat runs; $(nproc) processors"
best extrad "$data" "$extrad" report -o "$data/extrad.pdf"
best gnuplot "$data/keep" "$gnuplot" -d -c "$data/keep/report-driver.gp" "$data/gnuplot.pdf"
pages_e=$(pdfinfo "$data/extrad.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
pages_g=$(pdfinfo "$data/gnuplot.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
echo "  (both PDFs have ${pages_e:-?} and ${pages_g:-?} pages)"

have_r=0
if command -v Rscript >/dev/null && Rscript -e 'suppressMessages(library(ggplot2))' >/dev/null 2>&1; then
    have_r=1
    best ggplot2 "$data" Rscript "$root/bench/report_ggplot.R" "$root/datasets/mexico-us" "$data/ggplot2.pdf"
else
    echo "  ggplot2          skipped: R or ggplot2 is not installed (apt-get install r-cran-ggplot2)"
fi

echo
echo "  extrad report vs gnuplot alone:  $(ratio "$secs_extrad" "$secs_gnuplot") x the time   (goal: at most 1.2)"
if [ "$have_r" = 1 ]; then
    echo "  R + ggplot2 (2 charts) vs extrad report (10 pages): $(ratio "$secs_ggplot2" "$secs_extrad") x the time"
fi
