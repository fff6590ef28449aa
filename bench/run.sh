#!/usr/bin/env bash
# Benchmarks of `extrad aggregate` against wc -l, GNU datamash and Miller on a
# generated records file, and of `extrad summary --all-measures` against
# datamash on a big yearly-format file with many series.
#
#   bench/run.sh [SIZE_MB]       (default 1000: about 38 million rows)
#
# Environment:
#   EXTRAD=PATH     the binary to measure (default build/extrad)
#   REPEAT=N        runs of wc -l and extrad, best kept (default 1); datamash and
#                   Miller always run once
#   SKIP_MLR=1      leave Miller out (it takes minutes on 1 GB)
#   SKIP_AGGREGATE=1  only the summary benchmark
#   MEASURES=N      series in the yearly file (default 100)
#
# Data goes to bench/data/ (ignored by git) and is reused by later runs. Each
# input is read once with cat first, so every tool reads it from the page cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
size_mb=${1:-1000}
repeat=${REPEAT:-1}
data=bench/data
extrad=${EXTRAD:-$root/build/extrad}
mkdir -p "$data"

cc -O2 -o "$data/gen_records" bench/gen_records.c
cc -O2 -o "$data/measure" bench/measure.c

if ! "$extrad" aggregate --help >/dev/null 2>&1; then
    echo "bench: '$extrad' has no aggregate command: build it (cmake --build build) or set EXTRAD" >&2
    exit 2
fi

bytes=$((size_mb * 1000000))

# measure NAME OUTFILE CMD... : sets secs_NAME, rss_NAME (KB); best of $repeat when asked
measure() {
    local name=$1 out=$2 n=$3
    shift 3
    local best="" bestrss="" i res secs rss code
    for ((i = 0; i < n; i++)); do
        res=$("$data/measure" "$out" "$@")
        read -r secs rss code <<<"$res"
        if [ "$code" != 0 ]; then
            echo "bench: $name failed with status $code: $*" >&2
            exit 1
        fi
        if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$secs
            bestrss=$rss
        fi
    done
    printf -v "secs_$name" '%s' "$best"
    printf -v "rss_$name" '%s' "$bestrss"
    printf '  %-10s %8.3f s   peak %7.1f MB   %s\n' "$name" "$best" "$(awk -v k="$bestrss" 'BEGIN { print k / 1024 }')" "${*/#-i /< }"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

if [ "${SKIP_AGGREGATE:-0}" != 1 ]; then
    records=$data/records-${size_mb}MB.csv
    withyear=$data/records-year-${size_mb}MB.csv
    if [ ! -s "$records" ] || [ ! -s "$withyear" ]; then
        echo "generating $size_mb MB of records..."
        rows=$("$data/gen_records" records "$records" "$bytes" 1)
        "$data/gen_records" withyear "$withyear" "${rows}r" 1 >/dev/null
        echo "  $records: $rows rows"
    fi
    rows=$(($(wc -l <"$records") - 1))

    echo
    echo "== extrad aggregate --by year on $(du -h "$records" | cut -f1) ($rows rows); $(nproc) processors"
    cat "$records" "$withyear" >/dev/null
    measure wc "$data/out-wc.txt" "$repeat" wc -l "$records"
    measure extrad "$data/out-extrad.csv" "$repeat" "$extrad" aggregate "$records" --date date
    measure extrad1 "$data/out-extrad1.csv" "$repeat" \
        env EXTRAD_AGGREGATE_THREADS=1 "$extrad" aggregate "$records" --date date
    measure datamash "$data/out-datamash.csv" 1 -i "$withyear" datamash -t, --header-in -s -g 1 count 1
    if [ "${SKIP_MLR:-0}" != 1 ]; then
        measure mlr "$data/out-mlr.csv" 1 mlr --icsv --ocsv count -g year "$withyear"
    fi

    # the same counts from every tool
    tail -n +2 "$data/out-extrad.csv" | cut -d, -f1,2 >"$data/cmp-extrad.txt"
    cut -d, -f1,2 "$data/out-extrad1.csv" | tail -n +2 | cmp -s - "$data/cmp-extrad.txt" ||
        { echo "bench: one-thread and default outputs differ" >&2; exit 1; }
    cmp -s "$data/out-datamash.csv" "$data/cmp-extrad.txt" ||
        { echo "bench: datamash and extrad disagree" >&2; exit 1; }
    if [ "${SKIP_MLR:-0}" != 1 ]; then
        tail -n +2 "$data/out-mlr.csv" | sort | cmp -s - "$data/cmp-extrad.txt" ||
            { echo "bench: mlr and extrad disagree" >&2; exit 1; }
    fi
    echo "  (the four tools give the same counts per year)"

    echo
    echo "  extrad vs wc -l:     $(ratio "$secs_extrad" "$secs_wc") x the time of wc -l   (goal: at most 5)"
    echo "  datamash vs extrad:  $(ratio "$secs_datamash" "$secs_extrad") x faster            (goal: at least 3)"
    if [ "${SKIP_MLR:-0}" != 1 ]; then
        echo "  mlr vs extrad:       $(ratio "$secs_mlr" "$secs_extrad") x faster            (goal: at least 10)"
    fi
    echo "  one thread:          $(ratio "$secs_extrad1" "$secs_wc") x the time of wc -l"
    echo "  extrad peak memory:  $(awk -v k="$rss_extrad" 'BEGIN { printf "%.1f", k / 1024 }') MB                 (goal: under 64)"
    echo "  throughput:          $(awk -v b="$(stat -c %s "$records")" -v s="$secs_extrad" 'BEGIN { printf "%.0f", b / s / 1e6 }') MB/s"
fi

echo
measures=${MEASURES:-100}
yearly=$data/yearly-${size_mb}MB-${measures}m
echo "== extrad summary on a yearly-format file of $size_mb MB with $measures series vs datamash mean and sd"
# extrad summary reads an annual.csv this big row by row (src/data/annual_scan.c),
# keeping per (measure, year) only the distinct counts and their first rows.
mkdir -p "$yearly"
{
    echo "id,name,url"
    for i in 0 1 2 3 4 5 6 7; do echo "src-$i,Benchmark source $i,https://example.org/$i"; done
} >"$yearly/sources.csv"
if [ ! -s "$yearly/annual.csv" ]; then
    echo "generating $size_mb MB of yearly rows..."
    "$data/gen_records" yearly "$yearly/annual.csv" "$bytes" 2 "$measures" >/dev/null
fi
yrows=$(($(wc -l <"$yearly/annual.csv") - 1))
echo "  $yearly/annual.csv: $(du -h "$yearly/annual.csv" | cut -f1), $yrows rows, $measures series (measure column)"
cat "$yearly/annual.csv" >/dev/null
measure summary "$data/out-summary.csv" "$repeat" "$extrad" summary --dataset "$yearly" --all-measures --format csv
measure summary1 "$data/out-summary1.csv" "$repeat" \
    env EXTRAD_SCAN_THREADS=1 "$extrad" summary --dataset "$yearly" --all-measures --format csv
measure one "$data/out-summary-one.csv" "$repeat" "$extrad" summary --dataset "$yearly" --measure m000 --format csv
measure dm_mean "$data/out-dm-mean.txt" 1 -i "$yearly/annual.csv" datamash -t, --header-in mean 2 sstdev 2
measure dm_group "$data/out-dm-group.txt" 1 -i "$yearly/annual.csv" datamash -t, --header-in -s -g 4 mean 2 sstdev 2
cmp -s "$data/out-summary.csv" "$data/out-summary1.csv" ||
    { echo "bench: one-thread and default summaries differ" >&2; exit 1; }
[ "$(($(wc -l <"$data/out-summary.csv") - 1))" = "$measures" ] ||
    { echo "bench: expected one summary row per series" >&2; exit 1; }
[ "$(wc -l <"$data/out-dm-group.txt")" = "$measures" ] ||
    { echo "bench: expected one datamash row per series" >&2; exit 1; }
echo "  (extrad: one row per series, from the reconciled yearly figures; datamash -g: one per series, over rows)"
echo
echo "  datamash mean+sd vs extrad --all-measures:     $(ratio "$secs_dm_mean" "$secs_summary") x faster   (goal: at least 3)"
echo "  datamash -s -g mean+sd vs extrad --all-measures: $(ratio "$secs_dm_group" "$secs_summary") x faster"
echo "  datamash mean+sd vs extrad, one thread:         $(ratio "$secs_dm_mean" "$secs_summary1") x faster"
echo "  datamash mean+sd vs extrad --measure m000:      $(ratio "$secs_dm_mean" "$secs_one") x faster"
echo "  extrad summary peak memory:  $(awk -v k="$rss_summary" 'BEGIN { printf "%.1f", k / 1024 }') MB"
