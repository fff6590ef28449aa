#!/usr/bin/env bash
# Benchmark of `extrad report -o FILE.html` on the bundled dataset against gnuplot alone
# drawing the same SVGs: the report's driver and chart data, left by --keep (a folder per
# picture: each chart for a wide column and for a phone), rendered by gnuplot with
# nothing else. What extrad adds to gnuplot's own time (composing the report, laying out
# and writing the charts' data, cleaning the SVG, writing the page) is the difference.
# Most of that is making the charts' data files: on a disk file system it weighs more
# than on tmpfs (try TMPDIR=/dev/shm).
#
#   bench/report_html.sh
#
# Environment:
#   EXTRAD=PATH   the binary to measure (default build/extrad)
#   REPEAT=N      runs of each contender, the fastest kept (default 5)
#
# Goal: the HTML report in at most 1.2 times gnuplot's own time for the same SVGs.
# Output goes to bench/data/report_html/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
extrad=$(realpath "${EXTRAD:-$root/build/extrad}")
repeat=${REPEAT:-5}
data=$root/bench/data/report_html
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
    printf '  %-16s %7.3f s\n' "$name" "$b"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# The exact driver and data of one report, for gnuplot alone.
"$extrad" report -o "$data/extrad.html" --keep "$data/keep" >/dev/null
echo "== extrad report -o FILE.html on the bundled dataset, best of $repeat runs; $(nproc) processors"
best extrad "$data" "$extrad" report -o "$data/extrad.html"
best gnuplot "$data/keep" "$gnuplot" -d -c "$data/keep/render.gp"
echo "  (one gnuplot run draws $(ls "$data"/keep/*.svg | wc -l) SVG pictures; the page is $(wc -c <"$data/extrad.html") bytes)"
echo
echo "  extrad report (HTML) vs gnuplot alone:  $(ratio "$secs_extrad" "$secs_gnuplot") x the time   (goal: at most 1.2)"
