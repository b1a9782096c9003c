#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tests docs/sql/history_sample.sql in the sqlite3 shell and in DuckDB (@duckdb/node-api) on
# a generated per-request file (tierlab-cli generate --rows 200000 --seed 3), at a 5 % rate:
#
#   - the bucket of every subscriber, in both engines, is the one of the formula in the
#     query's comment (computed here in Python), and so are the documented examples;
#   - both engines write the same sample, byte for byte after parsing the CSV: every request
#     of the subscribers whose bucket is below the rate, no other, in the documented order;
#   - the sample is fair: the realised share of subscribers is within 3 standard errors of
#     the rate, consecutive ids are not sampled together more often than chance (3 standard
#     deviations), and for requests, input tokens and output tokens the full file's total lies
#     in the 99 % bootstrap interval (1,000 resamples of the sampled subscribers) of the
#     weighted total, sample total / rate.
#
#   bash tests/sql/test_history_sample.sh TIERLAB_CLI [REPO_ROOT]
#
# Needs python3 (standard library only) and sqlite3 on PATH. DuckDB: node and
# @duckdb/node-api installed from the lock file of tests/bench/node, either there (npm ci
# --prefix tests/bench/node) or in the directory TIERLAB_DUCKDB_NODE (a copy of
# tests/bench/node's package.json and package-lock.json after npm ci). Without them the
# DuckDB half is skipped with a message, unless TIERLAB_REQUIRE_DUCKDB=1, which makes that a
# failure.
set -euo pipefail
export TZ=UTC

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 TIERLAB_CLI [REPO_ROOT]" >&2
    exit 2
fi
cli=$1
root=${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
sql="$root/docs/sql/history_sample.sql"
rate=500 # per 10,000: 5 %

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$cli" ] || fail "tierlab-cli not found or not executable: $cli"
[ -f "$sql" ] || fail "query not found: $sql"
command -v python3 >/dev/null || fail "python3 not on PATH"
command -v sqlite3 >/dev/null || fail "sqlite3 not on PATH (Debian package sqlite3, see .ci/deps.sh)"

# DuckDB through node: where @duckdb/node-api is installed, or why the half is skipped.
duck_dir="${TIERLAB_DUCKDB_NODE:-$root/tests/bench/node}"
duck_skip=""
if ! command -v node >/dev/null; then
    duck_skip="node not on PATH"
elif [ ! -f "$duck_dir/node_modules/@duckdb/node-api/package.json" ]; then
    duck_skip="@duckdb/node-api not installed in $duck_dir (npm ci --prefix tests/bench/node,"
    duck_skip+=" or set TIERLAB_DUCKDB_NODE to a directory where that lock file was installed)"
fi
if [ -n "$duck_skip" ] && [ "${TIERLAB_REQUIRE_DUCKDB:-0}" = 1 ]; then
    fail "TIERLAB_REQUIRE_DUCKDB=1 but $duck_skip"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tierlab-sample.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "generating: tierlab-cli generate --rows 200000 --seed 3"
"$cli" generate --rows 200000 --seed 3 --out "$tmp/raw.csv"

# The query at the test's rate: exactly one line of the shipped file changes.
sed "s/SELECT [0-9]* AS rate_per_10000/SELECT $rate AS rate_per_10000/" "$sql" >"$tmp/sample.sql"
changed=$(diff "$sql" "$tmp/sample.sql" | grep -c '^>' || true)
if ! grep -q "SELECT $rate AS rate_per_10000" "$tmp/sample.sql" || [ "$changed" -gt 1 ]; then
    fail "could not set the rate: expected one line 'SELECT N AS rate_per_10000' in $sql"
fi
# The bucket of every subscriber: the query up to its final SELECT, then the buckets CTE.
marker='^-- The sampled requests'
grep -q "$marker" "$sql" || fail "no line '-- The sampled requests' before the final SELECT of $sql"
{ sed "/$marker/,\$d" "$tmp/sample.sql"
  echo "SELECT user_id, bucket FROM buckets ORDER BY user_id;"; } >"$tmp/buckets.sql"
# The documented examples, as a table of their own.
cat >"$tmp/examples-setup.sql" <<'EOF'
CREATE TABLE usage (
    "timestamp" VARCHAR(40), user_id VARCHAR(100), tier VARCHAR(20), model VARCHAR(20),
    channel VARCHAR(20), input_tokens BIGINT, output_tokens BIGINT,
    cache_read_tokens BIGINT, cache_write_tokens BIGINT);
INSERT INTO usage VALUES
    ('2026-10-01T00:00:00Z', 'u000123', 'pro', 'sonnet', 'interactive', 1, 1, 0, 0),
    ('2026-10-01T00:00:00Z', 'a',       'pro', 'sonnet', 'interactive', 1, 1, 0, 0),
    ('2026-10-01T00:00:00Z', 'Zoë-7',   'pro', 'sonnet', 'interactive', 1, 1, 0, 0);
EOF

# --- sqlite3 -----------------------------------------------------------------------------
db="$tmp/usage.db"
sqlite3 -batch -bail "$db" <<EOF
CREATE TABLE usage (
    "timestamp"        TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    tier               TEXT NOT NULL,
    model              TEXT NOT NULL,
    channel            TEXT NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL
);
.mode csv
.import --csv --skip 1 '$tmp/raw.csv' usage
EOF
bad=$(sqlite3 -batch -bail "$db" "SELECT count(*) FROM usage WHERE
    typeof(input_tokens) <> 'integer' OR typeof(output_tokens) <> 'integer' OR
    typeof(cache_read_tokens) <> 'integer' OR typeof(cache_write_tokens) <> 'integer'")
[ "$bad" = 0 ] || fail "$bad rows of the sqlite table have non-integer token counts"
loaded=$(sqlite3 -batch -bail "$db" "SELECT count(*) FROM usage")
[ "$loaded" = 200000 ] || fail "sqlite loaded $loaded rows, expected 200000"

start=$(date +%s.%N)
sqlite3 -batch -bail -csv -header "$db" <"$tmp/sample.sql" >"$tmp/sqlite-sample.csv" ||
    fail "sqlite3 could not run the sample query"
end=$(date +%s.%N)
sqlite3 -batch -bail -csv -header "$db" <"$tmp/buckets.sql" >"$tmp/sqlite-buckets.csv" ||
    fail "sqlite3 could not run the bucket query"
cat "$tmp/examples-setup.sql" "$tmp/buckets.sql" |
    sqlite3 -batch -bail -csv -header :memory: >"$tmp/sqlite-examples.csv" ||
    fail "sqlite3 could not run the examples"
seconds=$(python3 -c "print('%.2f' % ($end - $start))")
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1): sample query in $seconds s"

# --- DuckDB ------------------------------------------------------------------------------
if [ -z "$duck_skip" ]; then
    cat >"$tmp/duckdb.mjs" <<'EOF'
// node duckdb.mjs MODULE_DIR RAW.csv OUTDIR: runs sample.sql and buckets.sql over a view
// `usage` of RAW.csv, and buckets.sql over the table of examples-setup.sql, with
// @duckdb/node-api; each result COPY'd to a CSV file in OUTDIR.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [moduleDir, rawCsv, dir] = process.argv.slice(2);
const require = createRequire(path.join(moduleDir, 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const version = JSON.parse(fs.readFileSync(
  require.resolve('@duckdb/node-api/package.json'), 'utf8')).version;
const lit = (s) => "'" + s.replaceAll("'", "''") + "'";
const query = (name) => fs.readFileSync(path.join(dir, name), 'utf8').trimEnd().replace(/;$/, '');

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`CREATE VIEW usage AS SELECT * FROM read_csv(${lit(rawCsv)}, header = true,
               types = {'timestamp': 'VARCHAR', 'user_id': 'VARCHAR'})`);
const t0 = process.hrtime.bigint();
await con.run(`COPY (${query('sample.sql')}\n) TO ${lit(path.join(dir, 'duckdb-sample.csv'))}
               (FORMAT csv, HEADER)`);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
await con.run(`COPY (${query('buckets.sql')}\n) TO ${lit(path.join(dir, 'duckdb-buckets.csv'))}
               (FORMAT csv, HEADER)`);

// The documented examples, in a database of their own.
const ex = await (await DuckDBInstance.create(':memory:')).connect();
await ex.run(query('examples-setup.sql'));
await ex.run(`COPY (${query('buckets.sql')}\n) TO ${lit(path.join(dir, 'duckdb-examples.csv'))}
              (FORMAT csv, HEADER)`);
console.log(`DuckDB ${version} (@duckdb/node-api, node ${process.version}): ` +
            `sample query in ${seconds.toFixed(2)} s`);
EOF
    (cd "$tmp" && node "$tmp/duckdb.mjs" "$duck_dir" "$tmp/raw.csv" "$tmp") ||
        fail "DuckDB could not run the queries"
else
    echo "SKIP (DuckDB half): $duck_skip"
fi

# --- checks ------------------------------------------------------------------------------
python3 - "$tmp" "$rate" <<'EOF'
import csv
import hashlib
import io
import math
import os
import random
import sys

tmp, rate_per_10000 = sys.argv[1], int(sys.argv[2])
rate = rate_per_10000 / 10000
HEADER = ["timestamp", "user_id", "tier", "model", "channel", "input_tokens",
          "output_tokens", "cache_read_tokens", "cache_write_tokens"]
EXAMPLES = {"u000123": 4855, "a": 5213, "Zo\u00eb-7": 7373}  # docs/sql/history_sample.sql
errors = []


def bucket(user_id):
    """The formula of docs/sql/history_sample.sql: 32-bit FNV-1a over the code points,
    two xorshift-multiply rounds and a xorshift, then the top of x * 10000."""
    h = 2166136261
    for c in user_id:
        h = ((h ^ ord(c)) * 16777619) % 2**32
    x = (((h >> 16) ^ h) * 73244475) % 2**32
    x = (((x >> 16) ^ x) * 73244475) % 2**32
    x = (x >> 16) ^ x
    return (x * 10000) >> 32


def read_csv(name):
    with open(os.path.join(tmp, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def canonical(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def sort_key(r):
    return (r[1], r[0], r[2], r[3], r[4]) + tuple(int(x) for x in r[5:])


header, raw = read_csv("raw.csv")
assert header == HEADER, header
per_user = {}  # user_id -> [requests, input, output]
for r in raw:
    t = per_user.setdefault(r[1], [0, 0, 0])
    t[0] += 1
    t[1] += int(r[5])
    t[2] += int(r[6])
buckets = {u: bucket(u) for u in per_user}
chosen = {u for u, b in buckets.items() if b < rate_per_10000}
expected = canonical(sorted((r for r in raw if r[1] in chosen), key=sort_key))

engines = ["sqlite"] + (["duckdb"] if os.path.exists(os.path.join(tmp, "duckdb-sample.csv"))
                        else [])
print()
print("%-34s %18s" % ("", "  ".join("%8s" % e for e in ["python"] + engines)))
samples = {}
for e in engines:
    h, b = read_csv(e + "-buckets.csv")
    got = {u: int(x) for u, x in b}
    if h != ["user_id", "bucket"] or got != buckets:
        wrong = sorted(u for u in buckets if got.get(u) != buckets[u])
        errors.append("%s: buckets of %d of %d subscribers differ from the formula, e.g. %s"
                      % (e, len(wrong) + len(set(got) - set(buckets)), len(buckets),
                         [(u, got.get(u), buckets[u]) for u in wrong[:3]]))
    h, b = read_csv(e + "-examples.csv")
    got = {u: int(x) for u, x in b}
    if got != EXAMPLES:
        errors.append("%s: example buckets %s, documented %s" % (e, got, EXAMPLES))
    h, rows = read_csv(e + "-sample.csv")
    if h != HEADER:
        errors.append("%s: header %s, expected %s" % (e, ",".join(h), ",".join(HEADER)))
    samples[e] = (rows, canonical(rows))
for u, b in EXAMPLES.items():
    if bucket(u) != b:
        errors.append("python: bucket(%r) = %d, documented %d" % (u, bucket(u), b))
    print("%-34s %18s" % ("bucket(%s)" % u, "  ".join(
        "%8d" % v for v in [bucket(u)] + [
            {x: int(y) for x, y in read_csv(e + "-examples.csv")[1]}.get(u, -1)
            for e in engines])))

def show(label, values):
    print("%-34s %18s" % (label, "  ".join("%8s" % v for v in values)))

show("sampled subscribers",
     [len(chosen)] + [len({r[1] for r in samples[e][0]}) for e in engines])
show("sampled requests", [expected.count(b"\n")] + [len(samples[e][0]) for e in engines])
show("sha256 of the sample (first 8)", [hashlib.sha256(expected).hexdigest()[:8]] +
     [hashlib.sha256(samples[e][1]).hexdigest()[:8] for e in engines])
for e in engines:
    if samples[e][1] != expected:
        same_set = canonical(sorted(samples[e][0], key=sort_key)) == expected
        errors.append("%s: the sample differs from every request of the subscribers with "
                      "bucket < %d%s" % (e, rate_per_10000,
                                          " (same rows, another order)" if same_set else ""))
if len(engines) == 2:
    if samples["sqlite"][1] != samples["duckdb"][1]:
        errors.append("sqlite3 and DuckDB wrote different samples")
    files = [open(os.path.join(tmp, e + "-sample.csv"), "rb").read().replace(b"\r\n", b"\n")
             for e in engines]
    print("%-34s %s" % ("the two CSV files (CR removed)", "identical byte for byte"
                        if files[0] == files[1] else "differ in quoting only"))

# Fairness. Share of subscribers: binomial standard error at the rate.
N, n = len(per_user), len(chosen)
se = math.sqrt(rate * (1 - rate) / N)
z = (n / N - rate) / se
print()
print("subscribers: %d in the file, %d sampled = %.2f %% (rate %.2f %%, standard error "
      "%.2f %%, z = %+.2f)" % (N, n, 100 * n / N, 100 * rate, 100 * se, z))
if abs(z) > 3:
    errors.append("sampled share of subscribers %.4f is %.1f standard errors from the rate %.4f"
                  % (n / N, z, rate))

# Neighbours: the subscribers in id order, pairs of consecutive ones both sampled. Chosen
# independently, (N - 1) p^2 pairs are expected, with variance (N - 1)(p^2 - p^4) +
# 2 (N - 2)(p^3 - p^4) (overlapping pairs share one subscriber). A hash that leaves the
# last characters poorly mixed samples runs of neighbouring ids (FNV-1a alone, without the
# finalizer: 153 pairs on this file).
order = sorted(per_user)
pairs = sum(1 for a, b in zip(order, order[1:]) if a in chosen and b in chosen)
mean = (N - 1) * rate**2
sd = math.sqrt((N - 1) * (rate**2 - rate**4) + 2 * (N - 2) * (rate**3 - rate**4))
zp = (pairs - mean) / sd
print("consecutive ids both sampled: %d pairs (independent choice: %.1f, standard deviation "
      "%.1f, z = %+.2f)" % (pairs, mean, sd, zp))
if abs(zp) > 3:
    errors.append("%d pairs of consecutive ids both sampled, %.1f standard deviations from "
                  "the %.1f of an independent choice" % (pairs, zp, mean))

# Totals: sample total / rate against the full total, with a 99 % percentile interval from
# 1,000 bootstrap resamples (with replacement) of the sampled subscribers.
B = 1000
rng = random.Random(3)
sampled_totals = [per_user[u] for u in sorted(chosen)]
boot = [[0] * B for _ in range(3)]
for i in range(B):
    draw = rng.choices(sampled_totals, k=n)
    for k in range(3):
        boot[k][i] = sum(t[k] for t in draw) / rate
lo_i, hi_i = int(0.005 * B), B - 1 - int(0.005 * B)  # the 6th smallest and 6th largest
print("weighted totals (sample total / %.2f), 99 %% bootstrap interval over subscribers "
      "(%d resamples):" % (rate, B))
print("  %-14s %16s %16s %8s %16s %16s" % ("", "full file", "sample / rate", "error",
                                            "interval low", "interval high"))
for k, name in enumerate(["requests", "input_tokens", "output_tokens"]):
    full = sum(t[k] for t in per_user.values())
    est = sum(t[k] for t in sampled_totals) / rate
    b = sorted(boot[k])
    lo, hi = b[lo_i], b[hi_i]
    ok = lo <= full <= hi
    print("  %-14s %16d %16.0f %+7.1f%% %16.0f %16.0f%s" % (
        name, full, est, 100 * (est / full - 1), lo, hi, "" if ok else "   <-- outside"))
    if not ok:
        errors.append("%s: full total %d outside the 99 %% interval [%.0f, %.0f] of the "
                      "weighted sample total %.0f" % (name, full, lo, hi, est))

if errors:
    print("\n".join("FAIL: " + e for e in errors), file=sys.stderr)
    sys.exit(1)
print("PASS: %s select the same %d subscribers and %d requests; the sample is fair"
      % (" and ".join({"sqlite": "sqlite3", "duckdb": "DuckDB"}[e] for e in engines),
         n, expected.count(b"\n")))
EOF
