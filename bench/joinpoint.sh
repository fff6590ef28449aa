#!/usr/bin/env bash
# Timing of the trend models (src/stats/models.c, src/stats/joinpoint.c) on 50-year
# series: goal well under a second for all models with up to 3 joinpoints and
# the permutation test.
#
#   bench/joinpoint.sh [REPEAT]     (default 10 runs per figure; median and min)
#
# Needs the library built in build/ (cmake --build build).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/data
lib=build/libextradcore.a
[ -f "$lib" ] || { echo "bench: $lib missing: build first (cmake --build build)" >&2; exit 2; }
cc -O2 -std=c11 -Isrc/base -Isrc/data -Isrc/stats -o bench/data/joinpoint bench/joinpoint.c "$lib" $(gsl-config --libs) -lm
nice bench/data/joinpoint "${1:-10}"
# the peer, in the same run: R's glm.fit on the same grids
if command -v Rscript >/dev/null; then
    nice Rscript bench/joinpoint_peer.R
else
    echo "bench: Rscript not found; the R peer is skipped" >&2
fi
