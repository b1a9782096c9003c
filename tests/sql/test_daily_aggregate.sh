#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Tests docs/sql/daily_aggregate.sql with the sqlite3 shell: a generated per-request file and
# its per-subscriber-day aggregate, both imported into one workspace, must give TierLab the
# same totals (requests, the four token sums, subscribers, models).
#
#   bash tests/sql/test_daily_aggregate.sh TIERLAB_CLI REPO_ROOT
#
# Needs python3 (standard library only) and sqlite3 on PATH. The per-request file is made by
# `tierlab-cli generate --rows 20000 --seed 11`.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 TIERLAB_CLI REPO_ROOT" >&2
    exit 2
fi
cli=$1
root=$2
sql="$root/docs/sql/daily_aggregate.sql"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$cli" ] || fail "tierlab-cli not found or not executable: $cli"
[ -f "$sql" ] || fail "query not found: $sql"
command -v python3 >/dev/null || fail "python3 not on PATH"
command -v sqlite3 >/dev/null || fail "sqlite3 not on PATH (Debian package sqlite3, see .ci/deps.sh)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tierlab-sql.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "generating: tierlab-cli generate --rows 20000 --seed 11"
"$cli" generate --rows 20000 --seed 11 --out "$tmp/raw.csv"

# Load the raw file with INTEGER token columns, so that SUM is an integer sum. The table
# exists before .import, so the header line is skipped rather than taken as column names.
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

# Every value must have been stored as an integer: a text value would mean the import went
# wrong (a header line taken as data, a stray quote) and the sums would not be numeric.
bad=$(sqlite3 -batch -bail "$db" "SELECT count(*) FROM usage WHERE
    typeof(input_tokens) <> 'integer' OR typeof(output_tokens) <> 'integer' OR
    typeof(cache_read_tokens) <> 'integer' OR typeof(cache_write_tokens) <> 'integer'")
[ "$bad" = 0 ] || fail "$bad rows of the sqlite table have non-integer token counts"
loaded=$(sqlite3 -batch -bail "$db" "SELECT count(*) FROM usage")
[ "$loaded" = 20000 ] || fail "sqlite loaded $loaded rows, expected 20000"

# The query, as shipped, written as CSV with a header.
sqlite3 -batch -bail -csv -header "$db" <"$sql" >"$tmp/daily.csv"
expected_header="day,user_id,tier,model,channel,requests,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens"
header=$(head -n 1 "$tmp/daily.csv" | tr -d '\r')
[ "$header" = "$expected_header" ] || fail "aggregate header is '$header', expected '$expected_header'"
daily_rows=$(($(wc -l <"$tmp/daily.csv") - 1))
echo "aggregated 20000 requests into $daily_rows per-subscriber-day rows"

ws="$tmp/w.tierlab"
"$cli" import "$tmp/raw.csv" --workspace "$ws" --name raw >"$tmp/import-raw.txt" ||
    { cat "$tmp/import-raw.txt"; fail "import of the raw file failed"; }
"$cli" import "$tmp/daily.csv" --workspace "$ws" --name daily >"$tmp/import-daily.txt" ||
    { cat "$tmp/import-daily.txt"; fail "import of the aggregate failed"; }
"$cli" datasets --workspace "$ws" --json >"$tmp/datasets.json"

python3 - "$tmp/datasets.json" "$daily_rows" <<'EOF'
import datetime
import json
import sys

doc = json.load(open(sys.argv[1]))
daily_rows = int(sys.argv[2])
sets = {d["name"]: d for d in doc["datasets"]}
errors = []
if set(sets) != {"raw", "daily"}:
    sys.exit("FAIL: expected data sets raw and daily, got %s" % sorted(sets))
raw, daily = sets["raw"], sets["daily"]

keys = ["requests", "input_tokens", "output_tokens", "cache_read_tokens",
        "cache_write_tokens", "subscribers", "models"]
print("%-20s %15s %15s" % ("", "raw", "daily"))
for k in ["format", "rows_read", "rows_skipped"] + keys:
    mark = "" if k in ("format", "rows_read") or raw[k] == daily[k] else "   <-- differs"
    print("%-20s %15s %15s%s" % (k, raw[k], daily[k], mark))

# The days themselves: a day taken in another time zone than UTC would move the first or
# the last request to a neighbouring day (the totals alone cannot see that).
US_PER_DAY = 86400 * 1000000
def day_span(d):
    if d["first_us"] is None or d["last_us"] is None:
        return None
    epoch = datetime.date(1970, 1, 1)
    return tuple(str(epoch + datetime.timedelta(days=d[k] // US_PER_DAY))
                 for k in ("first_us", "last_us"))
print("%-20s %15s %15s" % ("first day", day_span(raw)[0], day_span(daily)[0]))
print("%-20s %15s %15s" % ("last day", day_span(raw)[1], day_span(daily)[1]))
if day_span(raw) != day_span(daily):
    errors.append("first..last UTC day: raw %s, daily %s" % (day_span(raw), day_span(daily)))

for k in keys:
    if raw[k] != daily[k]:
        errors.append("%s: raw %s, daily %s" % (k, raw[k], daily[k]))
if raw["format"] != "canonical":
    errors.append("raw file imported as %s, expected canonical" % raw["format"])
if daily["format"] != "tierlab-daily":
    errors.append("aggregate imported as %s, expected tierlab-daily" % daily["format"])
for d in (raw, daily):
    if d["rows_skipped"]:
        errors.append("%s: %d rows skipped: %s" % (d["name"], d["rows_skipped"],
                                                    d["skipped_examples"]))
if raw["requests"] != 20000:
    errors.append("raw: %d requests, expected 20000" % raw["requests"])
if daily["rows_read"] != daily_rows:
    errors.append("daily: %d rows read, the file has %d" % (daily["rows_read"], daily_rows))
if errors:
    print("\n".join("FAIL: " + e for e in errors), file=sys.stderr)
    sys.exit(1)
print("PASS: the aggregate imports to the same totals as the raw file")
EOF
