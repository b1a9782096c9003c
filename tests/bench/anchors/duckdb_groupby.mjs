// DuckDB anchor for tests/bench/bench_import.sh (@duckdb/node-api, pinned in ../node).
//
// DuckDB reads the CSV itself with read_csv (parallel, default threads = cores), the
// timestamp kept as text so that day = its first 10 characters, as for the other tools.
// The grouped result is materialized into a table of an in-memory database:
// count of requests and the sums of the four token columns per user_id x model x channel x
// day. Prints the check line the harness compares across tools:
//     groups=N requests=N input_tokens=N
//
// Usage: node duckdb_groupby.mjs USAGE.csv   (run with NODE_PATH unset; resolves
// @duckdb/node-api from tests/bench/node/node_modules)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'node', 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const csv = process.argv[2];
if (!csv || process.argv.length !== 3) {
  console.error('usage: node duckdb_groupby.mjs USAGE.csv');
  process.exit(2);
}
const quoted = "'" + csv.replaceAll("'", "''") + "'";

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`
  CREATE TABLE agg AS
  SELECT user_id, model, channel, substr(timestamp, 1, 10) AS day,
         count(*) AS requests,
         sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
         sum(cache_read_tokens) AS cache_read_tokens,
         sum(cache_write_tokens) AS cache_write_tokens
  FROM read_csv(${quoted}, header = true, types = {'timestamp': 'VARCHAR'})
  GROUP BY user_id, model, channel, day`);
const reader = await con.runAndReadAll(
  'SELECT count(*)::BIGINT, sum(requests)::BIGINT, sum(input_tokens)::BIGINT FROM agg');
const [groups, requests, inputTokens] = reader.getRows()[0];
console.log(`groups=${groups} requests=${requests} input_tokens=${inputTokens}`);
con.closeSync?.();
instance.closeSync?.();
