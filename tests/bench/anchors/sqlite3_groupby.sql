-- sqlite3 anchor for tests/bench/bench_import.sh: the sqlite3 shell, in-memory database.
-- The shell's .import takes no parameter, so the harness writes a copy of this file with
-- @CSV@ replaced by the CSV's path and runs
--     sqlite3 -batch -bail :memory: < that-copy.sql
-- It .imports the CSV into a typed table, then INSERT INTO agg SELECT ... GROUP BY
-- user_id x model x channel x day (day = first 10 characters of the timestamp): count of
-- requests and the sums of the four token columns. Last it prints the check line the
-- harness compares across tools: groups=N requests=N input_tokens=N
CREATE TABLE usage (
    timestamp TEXT, user_id TEXT, tier TEXT, model TEXT, channel TEXT,
    input_tokens INTEGER, output_tokens INTEGER,
    cache_read_tokens INTEGER, cache_write_tokens INTEGER
);
.import --csv --skip 1 "@CSV@" usage
CREATE TABLE agg (
    user_id TEXT, model TEXT, channel TEXT, day TEXT, requests INTEGER,
    input_tokens INTEGER, output_tokens INTEGER,
    cache_read_tokens INTEGER, cache_write_tokens INTEGER
);
INSERT INTO agg
SELECT user_id, model, channel, substr(timestamp, 1, 10) AS day, count(*),
       sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens)
FROM usage
GROUP BY user_id, model, channel, day;
SELECT 'groups=' || count(*) || ' requests=' || sum(requests) || ' input_tokens=' || sum(input_tokens)
FROM agg;
