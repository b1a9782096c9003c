-- SPDX-License-Identifier: MIT
--
-- Every request of a stable random sample of subscribers, in TierLab's canonical
-- per-request columns, for replaying tier limits over the sample (each sampled subscriber
-- stands for 10000 / rate_per_10000 subscribers). Export it next to the daily aggregate of
-- every subscriber (daily_aggregate.sql). See docs/aggregate-at-scale.md, section 8.
--
-- Input:  a table `usage` with TierLab's canonical per-request columns
--         timestamp, user_id, tier, model, channel,
--         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens
--         (one row per request, timestamp as ISO 8601 text in UTC, user_id as text).
-- Output: the same columns, in that order, for every request of the sampled subscribers,
--         ordered by user_id, timestamp (then the other columns, so that the order is total
--         and two engines write the same bytes). Export it as CSV with a header.
--
-- The sample: a subscriber is in it when bucket(user_id) < rate_per_10000, where, with
-- c_1 .. c_n the Unicode code points of user_id and every value an unsigned 32-bit integer:
--
--     h_0    = 2166136261
--     h_i    = ((h_(i-1) XOR c_i) * 16777619) mod 2^32         for i = 1 .. n
--     x_1    = (((h_n >> 16) XOR h_n) * 73244475) mod 2^32
--     x_2    = (((x_1 >> 16) XOR x_1) * 73244475) mod 2^32
--     x      = (x_2 >> 16) XOR x_2
--     bucket = floor(x * 10000 / 2^32)  =  (x * 10000) >> 32     (0 .. 9999)
--
-- h_n is 32-bit FNV-1a over the code points (for an ASCII id, over its bytes; h_n of 'a' is
-- 0xe40c292c, the published FNV-1a test vector). FNV-1a alone mixes the last characters
-- into the high bits by one multiplication only: ids that differ in their last digit get
-- buckets about 39 apart, so a sample would take runs of neighbouring ids. The two
-- xorshift-multiply rounds (73244475 = 0x45d9f3b) spread every character over all bits.
-- c_i is what unicode(substr(user_id, i, 1)) returns: a code point, not a byte and not a
-- grapheme ('ë' as U+00EB is one, 'e' + U+0308 two, with another bucket).
-- Examples, the same in sqlite3 3.40 and DuckDB 1.5.5 (h_n, x, bucket):
--     'u000123'   0xd8c50890   0x7c4dd804   4855
--     'a'         0xe40c292c   0x85742c0a   5213
--     'Zoë-7'     0x569d0efb   0xbcc4d81a   7373
-- A subscriber's bucket depends on its id only, so the same subscribers are chosen by
-- every engine, every export and every month, and a smaller rate picks a subset of a
-- larger one. A NULL user_id has no bucket and is never sampled.
--
-- Portability: WITH RECURSIVE, unicode(), substr(), length(), the bitwise | & >> and %
-- on BIGINT, which SQLite and DuckDB both have (tested by tests/sql/test_history_sample.sh,
-- CTest sql_history_sample, in both). XOR is written (a | b) - (a & b): SQLite has no XOR
-- operator. Every intermediate value stays below 2^59, so no 64-bit product overflows
-- (SQLite would turn an overflowing product into a REAL, DuckDB would stop with an error).
-- The hash is of the id as text: if the column is numeric, cast it to text in a view named
-- `usage` first (DuckDB refuses substr() of a number; SQLite would hash its decimal text).
-- As in daily_aggregate.sql, keep "timestamp" as text when reading the CSV (DuckDB:
-- read_csv(..., types = {'timestamp': 'VARCHAR'})), or the engine writes it back in its
-- own format and session time zone.
WITH RECURSIVE
params AS (
    SELECT 100 AS rate_per_10000               -- 100 = 1 %; 500 = 5 %; 10000 = everyone
),
ids AS (
    SELECT DISTINCT user_id FROM usage
),
-- One row per subscriber and position: h after the first pos code points of user_id.
fnv (user_id, pos, h) AS (
    SELECT user_id, 0, CAST(2166136261 AS BIGINT) FROM ids
    UNION ALL
    SELECT user_id,
           pos + 1,
           (((h | unicode(substr(user_id, pos + 1, 1)))
             - (h & unicode(substr(user_id, pos + 1, 1)))) * 16777619) % 4294967296
    FROM fnv
    WHERE pos < length(user_id)
),
-- The finalizer, x = (((h >> 16) XOR h) * 73244475) mod 2^32 twice, then (x >> 16) XOR x.
mix1 AS (
    SELECT user_id, ((((h >> 16) | h) - ((h >> 16) & h)) * 73244475) % 4294967296 AS x
    FROM fnv
    WHERE pos = length(user_id)
),
mix2 AS (
    SELECT user_id, ((((x >> 16) | x) - ((x >> 16) & x)) * 73244475) % 4294967296 AS x
    FROM mix1
),
buckets AS (
    SELECT user_id, ((((x >> 16) | x) - ((x >> 16) & x)) * 10000) >> 32 AS bucket
    FROM mix2
),
sampled AS (
    SELECT b.user_id
    FROM buckets AS b, params AS p
    WHERE b.bucket < p.rate_per_10000
)
-- The sampled requests (tests/sql/test_history_sample.sh cuts the query at this line).
SELECT
    u."timestamp",
    u.user_id,
    u.tier,
    u.model,
    u.channel,
    CAST(u.input_tokens       AS BIGINT) AS input_tokens,
    CAST(u.output_tokens      AS BIGINT) AS output_tokens,
    CAST(u.cache_read_tokens  AS BIGINT) AS cache_read_tokens,
    CAST(u.cache_write_tokens AS BIGINT) AS cache_write_tokens
FROM usage AS u
JOIN sampled AS s ON s.user_id = u.user_id
ORDER BY 2, 1, 3, 4, 5, 6, 7, 8, 9;
