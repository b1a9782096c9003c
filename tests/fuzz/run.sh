#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) and runs each for a bounded
# time on seed corpora made of the real fixtures. Exits non-zero on any crash.
#   tests/fuzz/run.sh [seconds per target, default 60] [seed, default 1]
# libFuzzer is not deterministic even with a fixed seed (its corpus depends on timing), so a
# CI run explores a little beyond the one checked before a submission; run with another
# seed (or 0 for a random one) to explore further.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
seed=${2:-1}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/csv" "$work/jsonl" "$work/scenario"
# Seeds: the first 4 KB of each fixture, and of each file of the real-data folder when
# TIERLAB_REAL_DATA names one (whole files make slow inputs).
real=${TIERLAB_REAL_DATA:-/nonexistent}
for f in tests/fixtures/usage/*.csv "$real"/*.csv; do
  [ -f "$f" ] && head -c 4096 "$f" > "$work/csv/$(basename "$f")"
done
for f in tests/fixtures/usage/*.jsonl "$real"/*.jsonl; do
  [ -f "$f" ] && head -c 4096 "$f" > "$work/jsonl/$(basename "$f")"
done
cp data/scenarios/*.json "$work/scenario/"
# Inputs that once crashed a target stay in its seeds, so every run replays them.
cp tests/fuzz/regressions/csv-* "$work/csv/" 2>/dev/null || true
cp tests/fuzz/regressions/scenario-* "$work/scenario/" 2>/dev/null || true
for target in csv jsonl scenario; do
  echo "fuzz: fuzz_$target for ${seconds}s"
  mkdir -p "$work/corpus-$target"
  build/fuzz/tests/fuzz/fuzz_$target -max_total_time="$seconds" -seed="$seed" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$work/" \
    "$work/corpus-$target" "$work/$target" 2>&1 | tail -n 12
done
