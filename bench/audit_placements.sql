-- audit_placements.sql: the sqlite3 peer of `make bench`, audit (b): R10's expenditure per
-- buying municipality and year (the year the placement starts in), as
-- bench/audit_placements.styr.
--   sqlite3 -cmd ".cd DIR" :memory: < bench/audit_placements.sql
-- Amounts are summed in integer øre (round(amount * 100) of a 2-decimal number is exact).
.bail on
.mode csv
.import placements.csv placements
.mode list
.separator " "

CREATE TEMP TABLE r10 AS
  SELECT buying_municipality AS m, substr(from_date, 1, 4) AS y,
         sum(CAST(round(amount * 100) AS INTEGER)) AS s
  FROM placements GROUP BY 1, 2;
SELECT 'expenditure', m, y, printf('%d.%02d', s / 100, s % 100) FROM r10;
SELECT 'monitoring', 'groups', count(*), 'total', printf('%d.%02d', sum(s) / 100, sum(s) % 100) FROM r10;
