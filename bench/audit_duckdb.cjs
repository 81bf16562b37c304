// audit_duckdb.cjs: the DuckDB peer of `make bench`, run with node and DuckDB's npm package
// (@duckdb/node-api, installed by bench/run.sh into bench/.peers):
//
//   NODE_PATH=bench/.peers/node_modules node bench/audit_duckdb.cjs tariffs|placements DIR
//
// Audit (a), as bench/audit_tariffs.styr: R4 indexation_cap with R5's explanations, R8
// base_service_split, R6 overhead_target. Audit (b), as bench/audit_placements.styr: R10's
// expenditure per buying municipality and year. Each CSV file is read once with read_csv into
// a table (columns found by header name; money as DECIMAL(18,2), overhead DECIMAL(18,1), the
// PL index DECIMAL(18,4): exact decimals), and every figure is computed in integers (money in
// øre, HUGEINT sums for the weighted mean). DuckDB uses all cores. (offer_id, year) is taken to
// be the key of tariffs.csv, as the rule file declares it.
'use strict';
const duckdb = require('@duckdb/node-api');

const [, , audit, dir] = process.argv;
if (!['tariffs', 'placements'].includes(audit) || !dir) {
  console.error('usage: audit_duckdb.cjs tariffs|placements DIR');
  process.exit(2);
}
const q = (s) => "'" + s.replace(/'/g, "''") + "'";
const csv = (name, types) =>
  `read_csv(${q(dir + '/' + name)}, header = true, delim = ',', quote = '"', escape = '"'` +
  (types ? `, types = {${Object.entries(types).map(([k, v]) => `${q(k)}: ${q(v)}`).join(', ')}}` : '') + ')';

const TARIFFS = [
  `CREATE TABLE offers AS SELECT offer_id, operator_kind FROM ${csv('offers.csv', { offer_id: 'VARCHAR', operator_kind: 'VARCHAR' })}`,
  `CREATE TABLE explanations AS SELECT DISTINCT offer_id, year FROM ${csv('explanations.csv', { offer_id: 'VARCHAR', year: 'INTEGER' })}`,
  `CREATE TABLE pl AS SELECT year, first(CAST("index" * 10000 AS BIGINT)) AS ix FROM ${csv('pl_index.csv', { year: 'INTEGER', index: 'DECIMAL(18,4)' })} GROUP BY year`,
  `CREATE TABLE tariffs AS SELECT offer_id, year, CAST(tariff_per_day * 100 AS BIGINT) AS t,
       CAST(base_tariff * 100 AS BIGINT) AS b, CAST(service_tariff * 100 AS BIGINT) AS s,
       CAST(overhead_pct * 10 AS BIGINT) AS o, occupied_days AS d
     FROM ${csv('tariffs.csv', {
       offer_id: 'VARCHAR', year: 'INTEGER', tariff_per_day: 'DECIMAL(18,2)', base_tariff: 'DECIMAL(18,2)',
       service_tariff: 'DECIMAL(18,2)', overhead_pct: 'DECIMAL(18,1)', occupied_days: 'BIGINT' })}`,
];
const TARIFF_QUERIES = [
  // R4 with R5; a missing PL value makes the check empty, which is a violation
  `WITH r AS (
     SELECT t.offer_id, t.year,
            coalesce(NOT (CAST(t.t AS HUGEINT) * p19.ix <= CAST(b.t AS HUGEINT) * py.ix), true) AS v
     FROM tariffs t JOIN tariffs b ON b.offer_id = t.offer_id AND b.year = 2019
     LEFT JOIN pl py ON py.year = t.year LEFT JOIN pl p19 ON p19.year = 2019
     WHERE t.year BETWEEN 2020 AND 2022)
   SELECT 'indexation_cap checked ' || count(*) || ' violations ' || count(*) FILTER (WHERE v) ||
          ' explained ' || count(*) FILTER (WHERE v AND e.offer_id IS NOT NULL)
   FROM r LEFT JOIN explanations e ON e.offer_id = r.offer_id AND e.year = r.year`,
  // R8, in force from 2022
  `SELECT 'base_service_split checked ' || count(*) || ' violations ' ||
          count(*) FILTER (WHERE b IS NULL OR s IS NULL OR b + s <> t)
   FROM tariffs WHERE year >= 2022`,
  // R6: 4 decimals of percent, rounded half up (all values are positive)
  `WITH g AS (
     SELECT t.year AS y, count(*) AS n, sum(t.o) AS s, sum(CAST(t.o AS HUGEINT) * t.t * t.d) AS ws,
            sum(CAST(t.t AS HUGEINT) * t.d) AS d
     FROM tariffs t JOIN offers f ON f.offer_id = t.offer_id WHERE f.operator_kind = 'kommune'
     GROUP BY t.year),
   h AS (SELECT y, n, s, (2 * CAST(s AS HUGEINT) * 1000 + n) // (2 * n) AS lv,
                CASE WHEN d > 0 THEN (2 * ws * 1000 + d) // (2 * d) END AS wv FROM g)
   SELECT 'overhead_by_year ' || y || ' offers ' || n || ' level ' || (lv // 10000) || '.' || lpad(CAST(lv % 10000 AS VARCHAR), 4, '0') ||
          ' weighted ' || coalesce((wv // 10000) || '.' || lpad(CAST(wv % 10000 AS VARCHAR), 4, '0'), 'empty')
   FROM h ORDER BY y`,
  `WITH g AS (SELECT t.year AS y, count(*) AS n, sum(t.o) AS s
     FROM tariffs t JOIN offers f ON f.offer_id = t.offer_id WHERE f.operator_kind = 'kommune' AND t.year BETWEEN 2021 AND 2022
     GROUP BY t.year)
   SELECT 'overhead_target checked ' || count(*) || ' missed ' || count(*) FILTER (WHERE s > 60 * n) FROM g`,
];

const PLACEMENTS = [
  `CREATE TABLE r10 AS
     SELECT buying_municipality AS m, substr(from_date, 1, 4) AS y, sum(CAST(amount * 100 AS BIGINT)) AS s
     FROM ${csv('placements.csv', { buying_municipality: 'VARCHAR', from_date: 'VARCHAR', amount: 'DECIMAL(18,2)' })}
     GROUP BY 1, 2`,
];
const money = (x) => `(${x} // 100) || '.' || lpad(CAST(${x} % 100 AS VARCHAR), 2, '0')`;
const PLACEMENT_QUERIES = [
  `SELECT 'expenditure ' || m || ' ' || y || ' ' || ${money('s')} FROM r10`,
  `SELECT 'monitoring groups ' || count(*) || ' total ' || ${money('sum(s)')} FROM r10`,
];

(async () => {
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const [setup, queries] = audit === 'tariffs' ? [TARIFFS, TARIFF_QUERIES] : [PLACEMENTS, PLACEMENT_QUERIES];
  for (const s of setup) await con.run(s);
  const out = [];
  for (const s of queries) {
    const r = await con.runAndReadAll(s);
    for (const row of r.getRows()) out.push(String(row[0]));
  }
  process.stdout.write(out.map((l) => l + '\n').join(''));
})().catch((e) => {
  console.error('audit_duckdb: ' + (e && e.message ? e.message : e));
  process.exit(3);
});
