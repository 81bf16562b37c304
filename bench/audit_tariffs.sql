-- audit_tariffs.sql: the sqlite3 peer of `make bench`, audit (a): R4 indexation_cap with R5's
-- explanations, R8 base_service_split and R6 overhead_target, as bench/audit_tariffs.styr.
--   sqlite3 -cmd ".cd DIR" :memory: < bench/audit_tariffs.sql
-- The CSV files are imported as they are (tables named after the files, columns after the
-- headers, all text) and every figure is computed in 64-bit integers: money in øre, overhead in
-- tenths of a percent, the PL index in ten-thousandths (round(x * 10^k) of a number with at
-- most k decimals gives it exactly). The cap test is tariff * PL(2019) <= tariff_2019 * PL(Y);
-- the weighted mean is divided digit by digit so that nothing leaves 64 bits.
.bail on
.mode csv
.import offers.csv offers
.import explanations.csv explanations
.import pl_index.csv pl_index
.import tariffs.csv tariffs
.mode list
.separator " "

CREATE INDEX offers_id ON offers(offer_id);
CREATE INDEX explanations_key ON explanations(offer_id, year);

-- The PL index by year (the first row of a year) and each offer's first 2019 tariff.
CREATE TEMP TABLE pl AS
  SELECT CAST(year AS INTEGER) AS year, CAST(round("index" * 10000) AS INTEGER) AS ix, min(rowid)
  FROM pl_index GROUP BY 1;
CREATE TEMP TABLE base AS
  SELECT offer_id, CAST(round(tariff_per_day * 100) AS INTEGER) AS t, min(rowid)
  FROM tariffs WHERE CAST(year AS INTEGER) = 2019 GROUP BY offer_id;
CREATE UNIQUE INDEX base_id ON base(offer_id);

-- R4 with R5: a missing PL value makes the check empty, which is a violation.
SELECT 'indexation_cap', 'checked', count(*), 'violations', sum(v), 'explained',
       sum(v AND EXISTS (SELECT 1 FROM explanations e WHERE e.offer_id = r.offer_id AND e.year = r.year))
FROM (SELECT t.offer_id, t.year,
             coalesce(NOT (CAST(round(t.tariff_per_day * 100) AS INTEGER) * p19.ix <= b.t * py.ix), 1) AS v
      FROM tariffs t
      JOIN base b ON b.offer_id = t.offer_id
      LEFT JOIN pl py ON py.year = CAST(t.year AS INTEGER)
      LEFT JOIN pl p19 ON p19.year = 2019
      WHERE CAST(t.year AS INTEGER) BETWEEN 2020 AND 2022) AS r;

-- R8, in force from 2022
SELECT 'base_service_split', 'checked', count(*), 'violations',
       coalesce(sum(base_tariff = '' OR service_tariff = ''
                    OR CAST(round(base_tariff * 100) AS INTEGER) + CAST(round(service_tariff * 100) AS INTEGER)
                       != CAST(round(tariff_per_day * 100) AS INTEGER)), 0)
FROM tariffs WHERE CAST(year AS INTEGER) >= 2022;

-- R6: per year over the municipal offers (inner join): the plain mean of overhead_pct and the
-- mean weighted by tariff_per_day * occupied_days, as percent with 4 decimals rounded half up.
CREATE TEMP TABLE r6 AS
  SELECT y, count(*) AS n, sum(o) AS s, sum(o * w) AS ws, sum(w) AS d
  FROM (SELECT CAST(t.year AS INTEGER) AS y, CAST(round(t.overhead_pct * 10) AS INTEGER) AS o,
               CAST(round(t.tariff_per_day * 100) AS INTEGER) * CAST(t.occupied_days AS INTEGER) AS w
        FROM tariffs t JOIN offers f ON f.offer_id = t.offer_id
        WHERE f.operator_kind = 'kommune')
  GROUP BY y;
WITH a AS (SELECT y, n, s, d, ws / d AS q, ws % d AS r0 FROM r6 WHERE d > 0),
     b AS (SELECT *, r0 * 10 / d AS d1, r0 * 10 % d AS r1 FROM a),
     c AS (SELECT *, r1 * 10 / d AS d2, r1 * 10 % d AS r2 FROM b),
     e AS (SELECT *, r2 * 10 / d AS d3, r2 * 10 % d AS r3 FROM c),
     -- in ten-thousandths of a percent: sum / (10 n) * 10^4 and ws / (10 d) * 10^4
     g AS (SELECT y, n, (2 * s * 1000 + n) / (2 * n) AS lv,
                  q * 1000 + d1 * 100 + d2 * 10 + d3 + (2 * r3 >= d) AS wv FROM e)
SELECT 'overhead_by_year', y, 'offers', n, 'level', printf('%d.%04d', lv / 10000, lv % 10000),
       'weighted', printf('%d.%04d', wv / 10000, wv % 10000)
FROM g ORDER BY y;
SELECT 'overhead_target', 'checked', count(*), 'missed', coalesce(sum(s > 60 * n), 0)
FROM r6 WHERE y BETWEEN 2021 AND 2022;
