-- SPDX-License-Identifier: MIT
--
-- TierLab per-subscriber-day aggregate (format `tierlab-daily`) from per-request usage.
--
-- Input:  a table `usage` with TierLab's canonical per-request columns
--         timestamp, user_id, tier, model, channel,
--         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens
--         (one row per request, timestamp as ISO 8601 text in UTC: 2026-10-01T00:00:07Z).
-- Output: day, user_id, tier, model, channel, requests,
--         input_tokens, output_tokens, cache_read_tokens, cache_write_tokens
--         in that order: export it as CSV with a header and `tierlab-cli import` it.
--         See docs/aggregate-at-scale.md.
--
-- Standard SQL apart from SUBSTR, which every engine here has (the standard spelling,
-- SUBSTRING(x FROM 1 FOR 10), is missing from SQLite and BigQuery). Tested with the
-- sqlite3 shell by tests/sql/test_daily_aggregate.sh. Dialect-specific bits, marked
-- [dialect] below:
--
--   [dialect 1] "timestamp" is a double-quoted (delimited) identifier, as the standard,
--       SQLite, DuckDB and PostgreSQL read it. In Spark SQL (unless ANSI mode with
--       spark.sql.ansi.doubleQuotedIdentifiers=true) and in BigQuery, double quotes make a
--       STRING LITERAL: the query would then run and put every row on the "day"
--       'timestamp'. There, write `timestamp` with backticks.
--   [dialect 2] The day is the first 10 characters of the timestamp as text: the UTC day
--       only when that text is `YYYY-MM-DD...` in UTC (`Z`, `+00:00` or no offset), as in
--       TierLab's canonical files. An engine that parsed the column into a timestamp type
--       turns it back into text in its SESSION time zone, which shifts requests near
--       midnight to the wrong day. Either keep the column as text when reading the CSV
--       (DuckDB: read_csv(..., types = {'timestamp': 'VARCHAR'}); Spark: no inferSchema, or
--       an explicit string schema; BigQuery: a STRING column), or replace the expression
--       with the engine's UTC date, which also handles other offsets (epoch numbers: see
--       docs/aggregate-at-scale.md):
--         DuckDB      CAST(timezone('UTC', "timestamp") AS DATE)   -- TIMESTAMPTZ, which
--                     read_csv infers for `...Z`; CAST("timestamp" AS DATE) and strftime()
--                     use the session TimeZone for a TIMESTAMPTZ (SET TimeZone = 'UTC')
--         Spark SQL   to_date(`timestamp`), with spark.sql.session.timeZone=UTC
--         BigQuery    DATE(TIMESTAMP(`timestamp`)) for a STRING column,
--                     DATE(`timestamp`) for a TIMESTAMP column (both UTC)
--       BigQuery has no VARCHAR type: there write CAST(`timestamp` AS STRING). In Spark,
--       CAST(... AS VARCHAR(40)) is read as STRING.
--   [dialect 3] BIGINT is 64-bit in all four engines (BigQuery: an alias of INT64).
--       Casting before summing makes the sums integers even when the engine read the
--       columns as text (Spark without inferSchema can otherwise sum them as DOUBLE and
--       write 1.2345E7) and keeps them out of 32-bit INT.
--   [dialect 4] `usage` is the table name; in BigQuery qualify it (`project.dataset.usage`),
--       in DuckDB it can be read_csv('usage.csv', ...) directly.
--
-- The ORDER BY is for people and diffs only: TierLab does not need sorted rows.
SELECT
    day,
    user_id,
    tier,
    model,
    channel,
    COUNT(*)                AS requests,
    SUM(input_tokens)       AS input_tokens,
    SUM(output_tokens)      AS output_tokens,
    SUM(cache_read_tokens)  AS cache_read_tokens,
    SUM(cache_write_tokens) AS cache_write_tokens
FROM (
    SELECT
        SUBSTR(CAST("timestamp" AS VARCHAR(40)), 1, 10) AS day,  -- [dialect 1] [dialect 2]
        user_id,
        tier,
        model,
        channel,
        CAST(input_tokens       AS BIGINT) AS input_tokens,       -- [dialect 3]
        CAST(output_tokens      AS BIGINT) AS output_tokens,
        CAST(cache_read_tokens  AS BIGINT) AS cache_read_tokens,
        CAST(cache_write_tokens AS BIGINT) AS cache_write_tokens
    FROM usage                                                     -- [dialect 4]
) AS r
GROUP BY day, user_id, tier, model, channel
ORDER BY user_id, day, tier, model, channel;
