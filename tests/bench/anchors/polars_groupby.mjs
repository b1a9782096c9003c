// SPDX-License-Identifier: MIT
// Polars anchor for tests/bench/bench_import.sh (nodejs-polars, pinned in ../node).
//
// Polars reads the CSV itself with an eager pl.readCSV (parallel, default threads = cores,
// default inference; dates are not parsed, so the timestamp stays text and day = its first
// 10 characters, as for the other tools). The grouped result is materialized as a
// DataFrame: count of requests and the sums of the four token columns per user_id x model x
// channel x day. Prints the check line the harness compares across tools:
//     groups=N requests=N input_tokens=N
//
// Usage: node polars_groupby.mjs USAGE.csv   (run with NODE_PATH unset; resolves
// nodejs-polars from tests/bench/node/node_modules)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'node', 'package.json'));
const pl = require('nodejs-polars');

const csv = process.argv[2];
if (!csv || process.argv.length !== 3) {
  console.error('usage: node polars_groupby.mjs USAGE.csv');
  process.exit(2);
}

const usage = pl.readCSV(csv);
const agg = usage
  .withColumns(pl.col('timestamp').str.slice(0, 10).alias('day'))
  .groupBy('user_id', 'model', 'channel', 'day')
  .agg(
    pl.len().alias('requests'),
    pl.col('input_tokens').sum(),
    pl.col('output_tokens').sum(),
    pl.col('cache_read_tokens').sum(),
    pl.col('cache_write_tokens').sum(),
  );
// Series.sum() returns a JS number (exact here: the sums stay far below 2^53). Not
// .get(0) on a one-row Int64 result: in nodejs-polars 0.25.2 Series.get on an Int64 column
// returns the value truncated to 32 bits (10223332862 comes back as 1633398270).
const groups = agg.height;
const requests = agg.getColumn('requests').sum();
const inputTokens = agg.getColumn('input_tokens').sum();
console.log(`groups=${groups} requests=${requests} input_tokens=${inputTokens}`);
