#!/usr/bin/env python3
"""Independent check of the sample data made by tools/gendata.c.

Reads the CSVs of one directory (plain, or with --danish the Danish export dialect), verifies
the format and the invariants of the data dictionary, and counts what is planted, deciding every
cap with exact rational arithmetic (fractions.Fraction). It shares no code with the generator.

    python3 rules/data/check_planted.py rules/data
    python3 rules/data/check_planted.py --danish tests/data/danish
"""
import csv
import io
import os
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction

BRIEF_POP_2020 = {
    "København": 632340, "Frederiksberg": 104305, "Gentofte": 74830, "Gladsaxe": 69262,
    "Helsingør": 62695, "Rudersdal": 56728, "Lyngby-Taarbæk": 56214, "Hvidovre": 53527,
    "Hillerød": 51183, "Høje-Taastrup": 50759, "Ballerup": 48602, "Frederikssund": 45223,
    "Egedal": 43354, "Tårnby": 42989, "Gribskov": 41048, "Furesø": 40965,
    "Fredensborg": 40865, "Rødovre": 40652, "Bornholm": 39499, "Brøndby": 35090,
    "Halsnæs": 31384, "Herlev": 28953, "Albertslund": 27731, "Allerød": 25633,
    "Hørsholm": 24864, "Glostrup": 23128, "Ishøj": 22989, "Vallensbæk": 16633, "Dragør": 14494,
}
HEADERS = {
    "offers": "offer_id,name,operator,operator_kind,paragraph,target_group,places",
    "tariffs": "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,occupied_days",
    "placements": "placement_id,offer_id,buying_municipality,from_date,to_date,days,tariff_per_day,amount",
    "municipalities": "municipality,code,region,population,year",
    "pl_index": "year,index,source",
    "explanations": "offer_id,year,reported_on,text",
    "projects": "project_id,operator,start_year,places",
    "project_deficits": "project_id,year,deficit",
    "project_participants": "project_id,municipality",
}
problems = []


def fail(msg):
    problems.append(msg)


def load(d, name, danish):
    """Rows of d/name.csv as dicts, after checking encoding, line ends, BOM and header."""
    raw = open(os.path.join(d, name + ".csv"), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        fail(f"{name}: has a BOM")
    if danish:
        text = raw.decode("cp1252")
        if raw.count(b"\r\n") != raw.count(b"\n") or not raw.endswith(b"\r\n"):
            fail(f"{name}: not CRLF throughout")
        try:
            raw.decode("utf-8")
            if any(b > 127 for b in raw):
                fail(f"{name}: decodes as UTF-8, expected Windows-1252")
        except UnicodeDecodeError:
            pass
    else:
        text = raw.decode("utf-8")
        if b"\r" in raw or not raw.endswith(b"\n"):
            fail(f"{name}: not LF throughout")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if danish else ","))
    if ",".join(rows[0]) != HEADERS[name]:
        fail(f"{name}: header {rows[0]}")
    return [dict(zip(rows[0], r)) for r in rows[1:]], text


def money(s, danish):
    """Øre from a money text; checks the dialect's exact shape."""
    if danish:
        kr, ore = s.split(",")
        groups = kr.split(".")
        if int(kr.replace(".", "")) >= 1000:
            ok = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
        else:
            ok = len(groups) == 1
        if not ok or len(ore) != 2:
            fail(f"bad Danish money {s!r}")
        return int(kr.replace(".", "")) * 100 + int(ore)
    kr, ore = s.split(".")
    if len(ore) != 2 or not kr.isdigit():
        fail(f"bad money {s!r}")
    return int(kr) * 100 + int(ore)


def tenths(s, danish):
    """A one-decimal number as a Fraction."""
    if danish:
        s = s.replace(",", ".")
    if len(s.split(".")[1]) != 1:
        fail(f"bad one-decimal number {s!r}")
    return Fraction(Decimal(s))


def main():
    args = sys.argv[1:]
    danish = "--danish" in args
    d = [a for a in args if a != "--danish"][0]
    ds = {}
    for name in HEADERS:
        ds[name], text = load(d, name, danish)
        if name == "municipalities" and danish and b"T\xe5rnby" not in open(
                os.path.join(d, name + ".csv"), "rb").read():
            fail("Tårnby is not written as T 0xE5 rnby")

    # municipalities and pl_index
    munis = ds["municipalities"]
    names = sorted({m["municipality"] for m in munis})
    if len(names) != 29 or len(munis) != 290:
        fail(f"municipalities: {len(names)} names, {len(munis)} rows")
    for m in munis:
        if m["year"] == "2020" and int(m["population"]) != BRIEF_POP_2020[m["municipality"]]:
            fail(f"population 2020 of {m['municipality']}")
        if m["region"] != "Region Hovedstaden":
            fail("region")
    pops = defaultdict(dict)
    for m in munis:
        pops[m["municipality"]][int(m["year"])] = int(m["population"])
    for n, byyear in pops.items():
        for y in range(2015, 2024):
            g = Fraction(byyear[y], byyear[y - 1]) - 1
            if not Fraction(19, 10000) <= g <= Fraction(121, 10000):
                fail(f"population growth {n} {y}: {float(g):.4%}")
    pl = {int(r["year"]): tenths(r["index"], danish) for r in ds["pl_index"]}
    if sorted(pl) != list(range(2014, 2024)) or any(
            r["source"] != "illustrative - not KL's official series" for r in ds["pl_index"]):
        fail("pl_index years or source")

    # offers and tariffs
    offers = {o["offer_id"]: o for o in ds["offers"]}
    kinds = defaultdict(int)
    for o in offers.values():
        kinds[o["operator_kind"]] += 1
        if not 4 <= int(o["places"]) <= 60:
            fail(f"places {o}")
    tariff = {}
    rows = ds["tariffs"]
    for r in rows:
        tariff[(r["offer_id"], int(r["year"]))] = money(r["tariff_per_day"], danish)
    by_offer = defaultdict(list)
    for r in rows:
        by_offer[r["offer_id"]].append(int(r["year"]))
    no2014 = sum(1 for ys in by_offer.values() if 2014 not in ys)
    no2019 = sum(1 for ys in by_offer.values() if 2019 not in ys)
    for oid, ys in by_offer.items():
        if ys != list(range(ys[0], 2023)):
            fail(f"tariff years of {oid}: {ys}")

    expl = {(e["offer_id"], int(e["year"])) for e in ds["explanations"]}
    for e in ds["explanations"]:
        rep = date.fromisoformat(e["reported_on"])
        if rep.year not in (int(e["year"]), int(e["year"]) + 1):
            fail(f"reported_on {e}")

    c = defaultdict(int)
    lo = hi = None
    for r in rows:
        oid, y, t = r["offer_id"], int(r["year"]), money(r["tariff_per_day"], danish)
        lo = t if lo is None else min(lo, t)
        hi = t if hi is None else max(hi, t)
        if 2020 <= y <= 2022 and (oid, 2019) in tariff:
            c["r4_rows"] += 1
            capv = Fraction(tariff[(oid, 2019)]) * pl[y] / pl[2019]
            if t > capv:
                c["r4_viol"] += 1
                c["r4_viol_explained"] += (oid, y) in expl
                c["r4_viol_" + str(y)] += 1
                if t == capv.__floor__() + 1 and capv.denominator != 1:
                    c["r4_one_ore_above"] += 1
            elif t == capv.__floor__() and capv.denominator != 1:
                c["r4_at_cap_floor"] += 1
            if t <= capv and (oid, y) in expl:
                c["expl_harmless"] += 1
        elif 2020 <= y <= 2022 and (oid, y) in expl:
            c["expl_harmless"] += 1
        if 2015 <= y <= 2020 and (oid, 2014) in tariff:
            c["r1_rows"] += 1
            capv = Fraction(tariff[(oid, 2014)]) * pl[y] / pl[2014] * Fraction(995, 1000) ** (y - 2014)
            if t > capv:
                c["r1_viol"] += 1
                if y == 2020:
                    c["r1_viol_2020"] += 1
                if t == capv.__floor__() + 1 and capv.denominator != 1:
                    c["r1_one_ore_above"] += 1
            elif t == capv.__floor__() and capv.denominator != 1:
                c["r1_at_cap_floor"] += 1
        # R8 split
        b, s = r["base_tariff"], r["service_tariff"]
        if y < 2022:
            if b or s:
                fail(f"split before 2022: {r}")
        else:
            c["rows_2022"] += 1
            if not b:
                c["split_no_base"] += 1
            elif not s:
                c["split_no_service"] += 1
            elif money(b, danish) + money(s, danish) != t:
                c["split_sum_off"] += 1
                diff = abs(money(b, danish) + money(s, danish) - t)
                if not 1 <= diff <= 500:
                    fail(f"split off by {diff} øre")
        # overhead and occupancy
        kind = offers[oid]["operator_kind"]
        ov = tenths(r["overhead_pct"], danish)
        rng = {"kommune": (4.5, 8.5), "region": (3.0, 10.0), "privat": (5.0, 12.0)}[kind]
        if not Fraction(Decimal(str(rng[0]))) <= ov <= Fraction(Decimal(str(rng[1]))):
            fail(f"overhead {r}")
        cap_days = int(offers[oid]["places"]) * (366 if y % 4 == 0 else 365)
        occ = Fraction(int(r["occupied_days"]), cap_days)
        if occ > 1:
            fail(f"occupied_days above capacity {r}")
        if occ < Fraction(7, 10):
            c["low_occ_rows"] += 1
    # explanations whose row is not in tariffs at all would also be harmless
    c["expl_total"] = len(expl)
    low_offers = set()
    for r in rows:
        y = int(r["year"])
        cap_days = int(offers[r["offer_id"]]["places"]) * (366 if y % 4 == 0 else 365)
        if Fraction(int(r["occupied_days"]), cap_days) < Fraction(7, 10):
            low_offers.add(r["offer_id"])
    # municipal overhead mean per year (for the README's trend line)
    mean_ov = {}
    for y in range(2014, 2023):
        v = [tenths(r["overhead_pct"], danish) for r in rows
             if int(r["year"]) == y and offers[r["offer_id"]]["operator_kind"] == "kommune"]
        mean_ov[y] = sum(v) / len(v)

    # placements
    muni_set = set(names)
    for p in ds["placements"]:
        f, t = date.fromisoformat(p["from_date"]), date.fromisoformat(p["to_date"])
        days = int(p["days"])
        tp = money(p["tariff_per_day"], danish)
        if f.year != t.year or not 2019 <= f.year <= 2022 or (t - f).days + 1 != days or days < 1:
            fail(f"placement period {p}")
        if tariff.get((p["offer_id"], f.year)) != tp:
            fail(f"placement tariff {p}")
        if money(p["amount"], danish) != days * tp:
            fail(f"placement amount {p}")
        if p["buying_municipality"] not in muni_set:
            fail(f"placement municipality {p}")
    if [int(p["placement_id"]) for p in ds["placements"]] != list(range(1, len(ds["placements"]) + 1)):
        fail("placement ids")

    # projects
    projects = {p["project_id"]: p for p in ds["projects"]}
    years = defaultdict(list)
    for dr in ds["project_deficits"]:
        years[dr["project_id"]].append(int(dr["year"]))
        if not 20000000 <= money(dr["deficit"], danish) <= 300000000:
            fail(f"deficit {dr}")
    parts = defaultdict(set)
    for pp in ds["project_participants"]:
        parts[pp["project_id"]].add(pp["municipality"])
        if pp["municipality"] not in muni_set:
            fail(f"participant {pp}")
    four = [p for p, ys in years.items() if len(ys) == 4]
    for pid, p in projects.items():
        s = int(p["start_year"])
        if years[pid] not in (list(range(s, s + 3)), list(range(s, s + 4))):
            fail(f"deficit years {pid}")
    with_parts = sorted(p for p in projects if parts[p])
    if len(projects) != 4 or len(four) != 1 or len(with_parts) != 2 or any(
            not 2 <= len(parts[p]) <= 6 for p in with_parts):
        fail("projects shape")

    n = len(rows)
    print(f"directory: {d} ({'Danish' if danish else 'plain'})")
    print(f"offers: {len(offers)} ({dict(kinds)}); tariff rows: {n}; "
          f"offers without 2014: {no2014}, without 2019: {no2019}")
    print(f"tariff range: {lo / 100:.2f} .. {hi / 100:.2f} kr/day")
    print(f"R4 rows checked (2020-2022 with a 2019 base): {c['r4_rows']}; above cap: {c['r4_viol']} "
          f"({100 * c['r4_viol'] / max(c['r4_rows'], 1):.1f} %; 2020 {c['r4_viol_2020']}, "
          f"2021 {c['r4_viol_2021']}, 2022 {c['r4_viol_2022']}); explained: {c['r4_viol_explained']}, "
          f"unexplained: {c['r4_viol'] - c['r4_viol_explained']}")
    print(f"R4 boundary: at floor(cap), cap not whole (pass): {c['r4_at_cap_floor']}; "
          f"floor(cap)+1 (fail): {c['r4_one_ore_above']}")
    print(f"explanations: {c['expl_total']}; on rows not above the R4 cap (harmless): "
          f"{c['expl_harmless']}")
    print(f"R1 rows checked (2015-2020 with a 2014 base): {c['r1_rows']}; above cap: {c['r1_viol']} "
          f"({100 * c['r1_viol'] / max(c['r1_rows'], 1):.1f} %; of them 2020: {c['r1_viol_2020']})")
    print(f"R1 boundary: at floor(cap), cap not whole (pass): {c['r1_at_cap_floor']}; "
          f"floor(cap)+1 (fail): {c['r1_one_ore_above']}")
    print(f"R8 2022 rows: {c['rows_2022']}; base missing {c['split_no_base']}, service missing "
          f"{c['split_no_service']}, base+service != tariff {c['split_sum_off']}")
    print(f"R9 offers with an occupancy below 70 %: {len(low_offers)} ({c['low_occ_rows']} rows)")
    print("municipal overhead mean by year: " +
          ", ".join(f"{y} {float(v):.2f}" for y, v in mean_ov.items()))
    print(f"placements: {len(ds['placements'])}; projects: {len(projects)}, with participants "
          f"{with_parts}, four deficit years {four}")
    if problems:
        print(f"{len(problems)} PROBLEMS:")
        for p in problems[:30]:
            print("  " + p)
        sys.exit(1)
    print("all format and invariant checks passed")


main()
