#!/usr/bin/env bash
# Import benchmark: TierLab against the tools analysts use today, side by side in one run.
#
#   bash tests/bench/bench_import.sh                # 2M rows (tierlab-cli generate --seed 5), 3 runs each
#   bash tests/bench/bench_import.sh --big          # and 10M rows, for memory flatness
#   bash tests/bench/bench_import.sh --runs 5 --tools tierlab,duckdb
#
# Every tool reads the same CSV itself and aggregates it per user_id x model x channel x day
# (day = first 10 characters of the timestamp): count of requests and the sums of the four
# token columns, and holds the result. Each is run N times (round-robin, so drift hits all
# alike) under `/usr/bin/time -f '%e %M'`; the table gives the median wall seconds, the peak
# RSS (the largest of the N runs) and each anchor's ratio to TierLab. All tools must report
# the same number of groups, sum of requests and sum of input tokens, or the script fails.
#
# TierLab runs when `build/release/cli/tierlab-cli import --help` works (build it with
# `cmake --preset release && cmake --build --preset release`); otherwise only the anchors run.
# See docs/benchmarks.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench_import.sh [--runs N] [--big] [--tools LIST] [--cache DIR] [--no-install]
  --runs N       timed runs per tool and input (default 3)
  --big          also run on 10M rows (memory flatness); the 2M input always runs
  --tools LIST   comma-separated subset of: tierlab,sqlite3,pandas,duckdb,polars (default: all)
  --cache DIR    where the generated CSVs and scratch files go (default /tmp/tierlab-bench,
                 or $TIERLAB_BENCH_CACHE); never inside the repository
  --no-install   do not apt-get / npm ci anything; fail if something is missing
environment: TIERLAB_CLI (default build/release/cli/tierlab-cli),
             TIERLAB_IMPORT_ARGS (extra arguments appended to the TierLab import command)
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=3
big=0
tools="tierlab,sqlite3,pandas,duckdb,polars"
cache="${TIERLAB_BENCH_CACHE:-/tmp/tierlab-bench}"
install=1
seed=5
rows_small=2000000
rows_big=10000000

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --big) big=1; shift ;;
        --tools) tools="${2:?--tools needs a list}"; shift 2 ;;
        --cache) cache="${2:?--cache needs a folder}"; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench_import.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case "$runs" in ''|*[!0-9]*|0) echo "bench_import.sh: --runs must be a positive integer" >&2; exit 2 ;; esac
for t in ${tools//,/ }; do
    case "$t" in tierlab|sqlite3|pandas|duckdb|polars) ;; *)
        echo "bench_import.sh: unknown tool '$t' (tierlab, sqlite3, pandas, duckdb, polars)" >&2; exit 2 ;;
    esac
done
want() { [[ ",$tools," == *",$1,"* ]]; }

mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"
case "$cache/" in "$root/"*)
    echo "bench_import.sh: the cache folder must be outside the repository ($cache)" >&2; exit 2 ;;
esac
case "$cache" in *[\"\\]*)  # the sqlite3 shell's .import reads the path in double quotes
    printf '%s\n' "bench_import.sh: the cache folder's path must not contain a double quote or a backslash ($cache)" >&2
    exit 2 ;;
esac

say() { printf '%s\n' "$*" >&2; }
die() { printf 'bench_import.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- dependencies
PY=/usr/bin/python3     # Debian's python: python3-pandas installs for it (not a pyenv one)
apt_missing=()
[ -x /usr/bin/time ] || apt_missing+=(time)
[ -x "$PY" ] || apt_missing+=(python3)
if want sqlite3; then command -v sqlite3 >/dev/null || apt_missing+=(sqlite3); fi
if want pandas; then
    { [ -x "$PY" ] && "$PY" -c 'import pandas' 2>/dev/null; } || apt_missing+=(python3-pandas)
fi
if want duckdb || want polars; then
    { command -v node >/dev/null && command -v npm >/dev/null; } || apt_missing+=(nodejs npm)
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
    [ "$install" = 1 ] || die "missing: ${apt_missing[*]} (run without --no-install, as root)"
    [ "$(id -u)" = 0 ] || die "missing: ${apt_missing[*]}; install them: apt-get install ${apt_missing[*]}"
    say "installing ${apt_missing[*]} ..."
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >&2
fi
# One npm ci installs both Node anchors. nodejs-polars-linux-x64-gnu is a direct dependency,
# not left to nodejs-polars' optional ones: the bindings declare node >= 22, so on an older
# Node npm would skip the optional one silently (as a direct one it warns EBADENGINE and
# installs it; it runs on Node 20).
if want duckdb || want polars; then
    lock="$here/node/package-lock.json"
    stamp="$here/node/node_modules/.package-lock.json"
    node_missing=()
    for p in @duckdb/node-api nodejs-polars nodejs-polars-linux-x64-gnu; do
        [ -d "$here/node/node_modules/$p" ] || node_missing+=("$p")
    done
    if [ ${#node_missing[@]} -gt 0 ] || [ "$lock" -nt "$stamp" ]; then
        [ "$install" = 1 ] || die "${node_missing[*]:-node_modules}: not installed or older than" \
            "the lock file (npm ci --prefix tests/bench/node)"
        say "installing @duckdb/node-api and nodejs-polars (npm ci, versions from tests/bench/node/package-lock.json) ..."
        npm ci --prefix "$here/node" --no-audit --no-fund >&2
    fi
fi

# ---------------------------------------------------------------- TierLab
cli="${TIERLAB_CLI:-$root/build/release/cli/tierlab-cli}"
have_tierlab=0
if want tierlab; then
    if [ -x "$cli" ] && "$cli" import --help >/dev/null 2>&1; then
        have_tierlab=1
    else
        say "TierLab: '$cli import --help' does not work (not built, or no import command yet):"
        say "         running the anchors only. Build: cmake --preset release && cmake --build --preset release"
    fi
fi

# ---------------------------------------------------------------- inputs
input_for() {  # rows -> path of the cached CSV, generated once by tierlab-cli generate
    local rows="$1" f="$cache/gen-r$1-s$seed.csv"
    if [ ! -s "$f" ]; then
        [ -x "$cli" ] || die "tierlab-cli not built: $cli (it generates the input)"
        say "generating $f (tierlab-cli generate --rows $rows --seed $seed) ..."
        "$cli" generate --rows "$rows" --seed "$seed" --out "$f"
    fi
    printf '%s\n' "$f"
}

sizes=("$rows_small")
[ "$big" = 1 ] && sizes+=("$rows_big")

# ---------------------------------------------------------------- machine
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
mem_gib="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
say ""
say "machine: $(nproc) cores, $cpu, ${mem_gib} GiB RAM"
want sqlite3 && say "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
want pandas && say "pandas:  $("$PY" -c 'import pandas, sys; print(pandas.__version__, "(Python", sys.version.split()[0] + ")")')"
want duckdb && say "duckdb:  @duckdb/node-api $(node -p "require('$here/node/node_modules/@duckdb/node-api/package.json').version") (node $(node --version))"
want polars && say "polars:  nodejs-polars $(node -p "require('$here/node/node_modules/nodejs-polars/package.json').version") (node $(node --version))"
[ "$have_tierlab" = 1 ] && say "tierlab: $cli"
# Timings are only worth something on a quiet machine: say how busy it is before starting.
load_check() {
    local load
    load="$(cut -d' ' -f1 /proc/loadavg)"
    say "load average (1 min) $1: $load"
    if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
        say "warning: the machine is busy (another build?); timings will be noisy"
    fi
}
load_check "before"

# ---------------------------------------------------------------- runs
scratch="$cache/scratch"
rm -rf "$scratch"
mkdir -p "$scratch"
results="$scratch/results.tsv"   # rows  tool  run  seconds  kib  check
: > "$results"

# The check line every anchor prints: groups=N requests=N input_tokens=N. TierLab may print
# the same line; otherwise the numbers come from `tierlab-cli datasets --workspace W --json`
# (run after the timed import): its requests and input_tokens, and the group count if it has
# one ("groups" or "daily_rows"); a number the tool does not give is "?" (not compared).
extract_check() {  # FILE [DATASETS_JSON]
    "$PY" - "$@" <<'EOF'
import json, re, sys
keys = ("groups", "requests", "input_tokens")
text = open(sys.argv[1], errors="replace").read()
m = re.search(r"groups=(\d+) requests=(\d+) input_tokens=(\d+)", text)
if m:
    print("groups=%s requests=%s input_tokens=%s" % m.groups())
    sys.exit(0)
if len(sys.argv) < 3:
    sys.exit(0)
try:
    sets = json.load(open(sys.argv[2]))["datasets"]
except (OSError, ValueError, KeyError, TypeError):
    sys.exit(0)
if len(sets) != 1:
    sys.exit(0)
d = sets[0]
vals = [d.get("groups", d.get("daily_rows")), d.get("requests"), d.get("input_tokens")]
if vals[1] is None and vals[2] is None:
    sys.exit(0)
print(" ".join("%s=%s" % (k, "?" if v is None else int(v)) for k, v in zip(keys, vals)))
EOF
}

run_tool() {  # tool rows csv run
    local tool="$1" rows="$2" csv="$3" run="$4"
    local out="$scratch/$tool-$rows-$run.out" err="$scratch/$tool-$rows-$run.err"
    local tim="$scratch/$tool-$rows-$run.time" rc=0
    case "$tool" in
        tierlab)
            local ws="$scratch/bench-$rows.tierlab"
            rm -rf "$ws"
            # shellcheck disable=SC2086  # TIERLAB_IMPORT_ARGS is split on purpose
            /usr/bin/time -f '%e %M' -o "$tim" "$cli" import "$csv" --workspace "$ws" \
                --format canonical ${TIERLAB_IMPORT_ARGS:-} >"$out" 2>"$err" || rc=$?
            # Untimed: what the workspace holds, for the check.
            [ "$rc" != 0 ] || "$cli" datasets --workspace "$ws" --json \
                >"$scratch/tierlab-datasets.json" 2>/dev/null || true
            ;;
        sqlite3)
            local sql="$scratch/sqlite3-$rows.sql"
            local text
            text="$(<"$here/anchors/sqlite3_groupby.sql")"
            printf '%s\n' "${text//@CSV@/"$csv"}" > "$sql"
            /usr/bin/time -f '%e %M' -o "$tim" sqlite3 -batch -bail :memory: \
                <"$sql" >"$out" 2>"$err" || rc=$?
            ;;
        pandas)
            /usr/bin/time -f '%e %M' -o "$tim" "$PY" "$here/anchors/pandas_groupby.py" "$csv" \
                >"$out" 2>"$err" || rc=$?
            ;;
        duckdb)
            /usr/bin/time -f '%e %M' -o "$tim" node "$here/anchors/duckdb_groupby.mjs" "$csv" \
                >"$out" 2>"$err" || rc=$?
            ;;
        polars)
            /usr/bin/time -f '%e %M' -o "$tim" node "$here/anchors/polars_groupby.mjs" "$csv" \
                >"$out" 2>"$err" || rc=$?
            ;;
    esac
    if [ "$rc" != 0 ]; then
        say "FAILED: $tool on $rows rows exited with $rc; its output:"
        tail -n 20 "$out" "$err" >&2 || true
        exit 1
    fi
    local secs kib check
    read -r secs kib < <(tail -n 1 "$tim")
    cat "$out" "$err" > "$scratch/both"
    if [ "$tool" = tierlab ]; then
        check="$(extract_check "$scratch/both" "$scratch/tierlab-datasets.json")"
        rm -f "$scratch/tierlab-datasets.json"
    else
        check="$(extract_check "$scratch/both")"
    fi
    [ -n "$check" ] || check="-"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$tool" "$run" "$secs" "$kib" "$check" >> "$results"
    local extra=""
    if [ "$tool" = tierlab ]; then
        if [ -e "$scratch/bench-$rows.tierlab" ]; then
            extra=", workspace $(du -sm "$scratch/bench-$rows.tierlab" | cut -f1) MB on disk"
        else
            extra=", no workspace written"
        fi
        rm -rf "$scratch/bench-$rows.tierlab"
    fi
    say "  $(printf '%-8s' "$tool") run $run: ${secs} s, $((kib / 1024)) MB peak RSS${extra}  [$check]"
}

order=()
[ "$have_tierlab" = 1 ] && order+=(tierlab)
for t in sqlite3 pandas duckdb polars; do want "$t" && order+=("$t"); done
[ ${#order[@]} -gt 0 ] || die "no tool to run"

for rows in "${sizes[@]}"; do
    csv="$(input_for "$rows")"
    cat "$csv" > /dev/null   # every tool starts from the same warm page cache
    say ""
    say "== $rows rows: $csv ($(( $(stat -c %s "$csv") / 1000000 )) MB), $runs runs each"
    for run in $(seq 1 "$runs"); do
        for tool in "${order[@]}"; do
            run_tool "$tool" "$rows" "$csv" "$run"
        done
    done
done

# ---------------------------------------------------------------- table and checks
tierlab_state="-"   # not asked for
want tierlab && tierlab_state="$have_tierlab"
"$PY" - "$results" "$tierlab_state" "$runs" <<'EOF'
import statistics, sys
path, tierlab_missing, runs = sys.argv[1], sys.argv[2] == "0", int(sys.argv[3])
TARGET_S, TARGET_MB = 0.6, 64
rows = {}
for line in open(path):
    n, tool, run, secs, kib, check = line.rstrip("\n").split("\t")
    r = rows.setdefault(int(n), {}).setdefault(tool, {"s": [], "kib": [], "checks": set()})
    r["s"].append(float(secs)); r["kib"].append(int(kib)); r["checks"].add(check)

failed = []
names = {"tierlab": "TierLab import", "sqlite3": "sqlite3 shell", "pandas": "pandas", "duckdb": "DuckDB",
         "polars": "Polars"}
peaks = {}
for n in sorted(rows):
    tools = rows[n]
    print()
    print("### %s rows, median of %d runs" % (format(n, ","), runs))
    print()
    print("| tool | median s | peak MB | runs s | anchor / TierLab time | anchor / TierLab memory |")
    print("|---|---:|---:|---|---:|---:|")
    tl = tools.get("tierlab")
    tl_s = statistics.median(tl["s"]) if tl else None
    tl_mb = max(tl["kib"]) / 1024 if tl else None
    for tool in ("tierlab", "sqlite3", "pandas", "duckdb", "polars"):
        if tool not in tools:
            if tool == "tierlab" and tierlab_missing:
                print("| TierLab import | pending | pending | not built: tierlab-cli import --help failed | | |")
            continue
        t = tools[tool]
        med = statistics.median(t["s"])
        mb = max(t["kib"]) / 1024
        peaks.setdefault(tool, {})[n] = mb
        if tool == "tierlab" or tl is None:
            rt = rm = ""
        else:
            rt = "%.1fx" % (med / tl_s) if tl_s > 0 else "inf"
            rm = "%.1fx" % (mb / tl_mb) if tl_mb > 0 else "inf"
        print("| %s | %.2f | %.0f | %s | %s | %s |" % (
            names[tool], med, mb, " ".join("%.2f" % s for s in t["s"]), rt, rm))
    print()
    # Checks: one answer per tool across its runs, and the same numbers from every tool
    # ("?" is a number the tool does not report: not compared, but said).
    answer = {}
    for tool, t in sorted(tools.items()):
        if len(t["checks"]) != 1:
            failed.append("%s gave different results across runs on %d rows: %s"
                          % (tool, n, sorted(t["checks"])))
        c = sorted(t["checks"])[0]
        print("check %-8s %s" % (tool + ":", c))
        if c == "-":
            failed.append("%s printed no check numbers on %d rows (expected a line "
                          "'groups=N requests=N input_tokens=N'%s)" % (tool, n,
                          ", or requests and input_tokens in 'datasets --json'"
                          if tool == "tierlab" else ""))
            continue
        answer[tool] = dict(kv.split("=") for kv in c.split())
    verified = bool(answer) and len(answer) == len(tools)
    agree = True
    for key in ("groups", "requests", "input_tokens"):
        known = {tool: a[key] for tool, a in answer.items() if a[key] != "?"}
        blind = sorted(tool for tool, a in answer.items() if a[key] == "?")
        if len(set(known.values())) > 1:
            agree = False
            failed.append("tools disagree on %s on %d rows: %s" % (key, n, ", ".join(
                "%s %s" % (tool, v) for tool, v in sorted(known.items()))))
        if blind:
            verified = False
            print("NOT VERIFIED: %s report%s no %s on %d rows" % (
                ", ".join(blind), "s" if len(blind) == 1 else "", key, n))
    if agree and answer:
        print("tools agree on every number they report: %s" % " ".join(
            "%s=%s" % (key, next((a[key] for a in answer.values() if a[key] != "?"), "?"))
            for key in ("groups", "requests", "input_tokens")))
    ok_check = verified and agree
    if tl:
        ok = tl_s <= TARGET_S and tl_mb <= TARGET_MB
        print("TierLab target (<= %.1f s and <= %d MB on 2M rows): %.2f s, %.0f MB -> %s" % (
            TARGET_S, TARGET_MB, tl_s, tl_mb, ("met" if ok else "MISSED")
            + ("" if ok_check else " (result not fully verified)"))
            if n == 2000000 else
            "TierLab on %s rows: %.2f s, %.0f MB" % (format(n, ","), tl_s, tl_mb))

if len(rows) > 1:
    small, large = min(rows), max(rows)
    print()
    print("### Peak memory as the file grows (%s -> %s rows)" % (format(small, ","), format(large, ",")))
    print()
    print("| tool | peak MB at %s | peak MB at %s | growth |" % (format(small, ","), format(large, ",")))
    print("|---|---:|---:|---:|")
    for tool in ("tierlab", "sqlite3", "pandas", "duckdb", "polars"):
        p = peaks.get(tool, {})
        if small in p and large in p:
            print("| %s | %.0f | %.0f | %.2fx |" % (names[tool], p[small], p[large], p[large] / p[small]))

if failed:
    print()
    for f in failed:
        print("FAILED: " + f)
    sys.exit(1)
EOF
