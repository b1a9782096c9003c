#!/usr/bin/env bash
# Capacity benchmark: TierLab's users-per-pod search against a straightforward vectorized numpy
# version of the same model (sim_numpy.py), at equal trials, weeks, seed and parameters.
#
#   bash tests/bench/capacity/bench_capacity.sh                  # the preset: 200 trials x 8 weeks
#   bash tests/bench/capacity/bench_capacity.sh --trials 40 --weeks 2
#
# Builds nothing: TierLab is build/release/cli/tierlab-cli (or $TIERLAB_CLI). Each program
# runs once per --runs, round-robin, timed by wall clock: TierLab on all cores, TierLab on one
# thread, numpy (one thread: numpy's operations here do not use threads). The script checks
# that the two users-per-pod figures agree within their 95 % intervals (the intervals
# overlap), prints the times and the speed ratios, and exits 1 if they disagree.
# See docs/benchmarks.md, "Capacity simulation".
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: bench_capacity.sh [--scenario FILE] [--trials T] [--weeks W] [--seed S] [--runs N]
                         [--no-install]
  --scenario FILE  scenario with a capacity block (default data/scenarios/capacity-replication.json)
  --trials T       trials (default 200), --weeks W weeks per trial (default 8), --seed S (1)
  --runs N         timed runs of each program (default 1; the median is reported)
  --no-install     do not apt-get python3-numpy when Debian's /usr/bin/python3 lacks numpy
environment: TIERLAB_CLI (default build/release/cli/tierlab-cli)
USAGE
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
scenario="$root/data/scenarios/capacity-replication.json"
trials=200
weeks=8
seed=1
runs=1
install=1
cli="${TIERLAB_CLI:-$root/build/release/cli/tierlab-cli}"
python=/usr/bin/python3

while [ $# -gt 0 ]; do
    case "$1" in
        --scenario) scenario="${2:?--scenario needs a file}"; shift 2 ;;
        --trials) trials="${2:?--trials needs a number}"; shift 2 ;;
        --weeks) weeks="${2:?--weeks needs a number}"; shift 2 ;;
        --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench_capacity.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
for v in "$trials" "$weeks" "$runs" "$seed"; do
    case "$v" in ''|*[!0-9]*) echo "bench_capacity.sh: numbers must be whole and >= 0" >&2; exit 2 ;; esac
done

if ! "$cli" simulate --help >/dev/null 2>&1; then
    echo "bench_capacity.sh: $cli simulate is not available; build it with" >&2
    echo "  cmake --preset release && cmake --build --preset release --target tierlab-cli" >&2
    exit 1
fi
if ! "$python" -c 'import numpy' 2>/dev/null; then
    if [ "$install" = 1 ]; then
        apt-get install -y python3-numpy >/dev/null
    else
        echo "bench_capacity.sh: $python has no numpy (apt-get install -y python3-numpy)" >&2
        exit 1
    fi
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
common=(--trials "$trials" --weeks "$weeks" --seed "$seed")

# Runs a command, its standard output into FILE; prints the wall seconds.
timed() {
    local out="$1"; shift
    local start end
    start=$(date +%s.%N)
    "$@" >"$out"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

declare -A times
for ((r = 1; r <= runs; r++)); do
    times[tierlab]+="$(timed "$scratch/tierlab.json" "$cli" simulate "$scenario" --find-users --json "${common[@]}") "
    times[tierlab1]+="$(timed "$scratch/tierlab1.json" "$cli" simulate "$scenario" --find-users --json --threads 1 "${common[@]}") "
    times[numpy]+="$(timed "$scratch/numpy.json" "$python" "$here/sim_numpy.py" "$scenario" --json "${common[@]}") "
done

"$python" - "$scratch" "$trials" "$weeks" "$seed" "$(nproc)" \
    "${times[tierlab]}" "${times[tierlab1]}" "${times[numpy]}" <<'PY'
import json, statistics, sys
scratch, trials, weeks, seed, cores = sys.argv[1:6]
runs = {name: [float(x) for x in sys.argv[6 + i].split()]
        for i, name in enumerate(["tierlab", "tierlab1", "numpy"])}
res = {name: json.load(open(f"{scratch}/{name}.json")) for name in runs}
med = {name: statistics.median(ts) for name, ts in runs.items()}
labels = {"tierlab": f"TierLab ({cores} threads)", "tierlab1": "TierLab (1 thread)",
          "numpy": "numpy (1 thread)"}
print(f"users per pod, {trials} trials x {weeks} weeks, seed {seed}\n")
print("| program | users per pod [95 % interval] | seconds (median) | runs | numpy / program |")
print("|---|---|---|---|---|")
for name in runs:
    r = res[name]
    lo, hi = r["users_per_pod_interval"]
    times = " ".join(f"{t:.2f}" for t in runs[name])
    print(f"| {labels[name]} | {r['users_per_pod']} [{lo}, {hi}] | {med[name]:.2f} | {times} "
          f"| {med['numpy'] / med[name]:.1f}x |")
(a_lo, a_hi), (b_lo, b_hi) = res["tierlab"]["users_per_pod_interval"], \
    res["numpy"]["users_per_pod_interval"]
agree = a_lo <= b_hi and b_lo <= a_hi
same = res["tierlab"] == res["tierlab1"]
print(f"\nintervals overlap: {'yes' if agree else 'NO'}; TierLab 1 thread = all threads: "
      f"{'yes' if same else 'NO'}")
print(f"speed ratio numpy / TierLab: {med['numpy'] / med['tierlab']:.1f}x on {cores} cores, "
      f"{med['numpy'] / med['tierlab1']:.1f}x on one thread (target: 30x)")
sys.exit(0 if agree and same else 1)
PY
