// DuckDB reference for bench/compare.sh: the same per-function designated/unknown sums as
// ref_pandas.py, in SQL. Same rule (common.py): designated when the first alphanumeric word of the
// lower-cased vendor string is a designated maker in makers.csv; unknown when there is no vendor.
//
//   node bench/compare/ref_duckdb.mjs DATA_DIR OUT.json [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [data, out, threads = '2'] = process.argv.slice(2);
if (!data || !out) {
  console.error('usage: node ref_duckdb.mjs DATA_DIR OUT.json [THREADS]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads });
const con = await instance.connect();
// Types are given so the sniffer's sample cannot guess them differently at different scales;
// empty vendor strings read as NULL and count as unknown.
const sql = `
  WITH makers AS (SELECT token, designated = '1' AS des FROM read_csv(${q(join(here, 'makers.csv'))}, header = true, all_varchar = true)),
  inv AS (
    SELECT function, regexp_extract(lower(vendor), '[a-z0-9]+') AS tok, coalesce(trim(vendor), '') = '' AS unk, traffic, subscribers
    FROM read_csv(${q(join(data, 'inventory.csv'))}, header = true, auto_detect = true,
                  types = {'function': 'VARCHAR', 'vendor': 'VARCHAR', 'traffic': 'DOUBLE', 'subscribers': 'DOUBLE'}))
  SELECT coalesce(function, 'all') AS function,
         count(*)::DOUBLE AS n, sum(traffic) AS traffic, sum(subscribers) AS subscribers,
         count(*) FILTER (WHERE m.des)::DOUBLE AS d_n,
         coalesce(sum(traffic) FILTER (WHERE m.des), 0) AS d_traffic,
         coalesce(sum(subscribers) FILTER (WHERE m.des), 0) AS d_subscribers,
         count(*) FILTER (WHERE unk)::DOUBLE AS u_n,
         coalesce(sum(traffic) FILTER (WHERE unk), 0) AS u_traffic,
         coalesce(sum(subscribers) FILTER (WHERE unk), 0) AS u_subscribers
  FROM inv LEFT JOIN makers m ON inv.tok = m.token
  GROUP BY ROLLUP (function)`;
const reader = await con.runAndReadAll(sql);
const shares = {};
for (const r of reader.getRowObjectsJson()) {
  const m = (p) => ({ count: Number(r[p + 'n']), traffic: Number(r[p + 'traffic']), subscribers: Number(r[p + 'subscribers']) });
  shares[r.function] = { total: m(''), designated: m('d_'), unknown: m('u_') };
}
const seconds = (performance.now() - t0) / 1000;
console.error(`  read + map + aggregate: ${seconds.toFixed(2)} s`);
writeFileSync(out, JSON.stringify({ tool: 'duckdb', shares, steps: { 'read + map + aggregate': seconds } }, null, 1));
