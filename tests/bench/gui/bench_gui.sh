#!/usr/bin/env bash
# GUI responsiveness benchmark (docs/benchmarks.md):
#   1. a price edit to updated charts, with a data set of 1M requests loaded (median <= 50 ms);
#   1b. limit edits replayed over the data set's history (median <= 50 ms at 1M requests,
#       <= 300 ms at 10M: --rows 10000000);
#   2. a cold start of `tierlab` to a usable window showing its first evaluation (<= 1.5 s).
#
#   bash tests/bench/gui/bench_gui.sh [--rows N] [--runs N]
#
# Needs the release build (cmake --preset release && cmake --build --preset release). The
# generated CSV and workspace go to $TIERLAB_BENCH_CACHE (default /tmp/tierlab-bench).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
rows=1000000
runs=5
while (($#)); do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench_gui.sh [--rows N] [--runs N]" >&2; exit 2 ;;
  esac
done
build="$root/build/release"
cache="${TIERLAB_BENCH_CACHE:-/tmp/tierlab-bench}"
mkdir -p "$cache"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$cache/xdg"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

csv="$cache/gen-r$rows-s5.csv"
[ -f "$csv" ] || "$build/cli/tierlab-cli" generate --rows "$rows" --seed 5 --out "$csv"
ws="$cache/gen-gui-$rows.tierlab"
if [ ! -f "$ws" ]; then
  "$build/cli/tierlab-cli" import "$csv" --workspace "$ws" --name "usage-$rows" >/dev/null
fi

echo "== price edit -> updated charts, $rows requests (bench_gui)"
for page in 1 4 2; do # Overview, Tiers (histogram, CDF, Lorenz), Hardware (cost curves)
  "$build/tests/bench/gui/bench_gui" "$ws" "usage-$rows" 40 "$page" 2>/dev/null
done

echo "== limit edit (Pro's 5-hour window, 10..16 messages) -> updated charts, $rows requests replayed (bench_gui)"
for page in 1 4; do
  "$build/tests/bench/gui/bench_gui" "$ws" "usage-$rows" 40 "$page" limit 2>/dev/null
done

echo "== limits edit (the sample's Pro: session 40..46 messages, weekly tokens, weekly Opus) -> updated charts"
for page in 1 4; do
  "$build/tests/bench/gui/bench_gui" "$ws" "usage-$rows" 60 "$page" limits 2>/dev/null
done
echo "== the same with the free tier priced on Pro: every subscriber replayed"
for page in 1 4; do
  "$build/tests/bench/gui/bench_gui" "$ws" "usage-$rows" 60 "$page" limits all 2>/dev/null
done

echo "== cold start to a usable window (tierlab --exit-when-ready), $runs runs"
# bench_gui saved the scenario "bench" (the sample tiers on the 1M data set) into the file:
# the start-up run decodes the data set and prices it before the window counts as usable.
times=()
for ((i = 0; i < runs; i++)); do
  s=$(date +%s.%N)
  "$build/gui/tierlab" "$ws" --scenario bench --exit-when-ready >/dev/null 2>&1
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc -l)")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "{\"runs\": %d, \"median_s\": %.3f, \"max_s\": %.3f}\n", NR, a[int((NR+1)/2)], a[NR]}'
