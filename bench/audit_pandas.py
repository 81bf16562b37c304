#!/usr/bin/python3
"""The pandas peer of `make bench` (Debian's python3-pandas, run by Debian's /usr/bin/python3).

  audit_pandas.py tariffs DIR      R4 indexation_cap with R5's explanations, R8
                                   base_service_split, R6 overhead_target (audit_tariffs.styr)
  audit_pandas.py placements DIR   R10 expenditure per buying municipality and year
                                   (audit_placements.styr)

Columns are read by header name. Money is turned into integer øre at once (round(x * 100) of a
number with two decimals is exact, whatever the last bit of the parsed double), overhead into
tenths of a percent and the PL index into ten-thousandths; every verdict and sum is then int64
arithmetic, and the means are rounded from Python integers. (offer_id, year) is taken to be the
key of tariffs.csv, as the rule file declares it; the first 2019 row is the base.
"""
import sys

import numpy as np
import pandas as pd


def scaled(series, places):
    """A float column of numbers with at most `places` decimals as exact int64."""
    v = np.rint(series.to_numpy(dtype="float64") * 10 ** places)
    return v.astype("int64")


def round4(num, den):
    """round(num / den) half away from zero, for num >= 0 and den > 0."""
    q, r = divmod(num, den)
    return q + (1 if 2 * r >= den else 0)


def fmt4(v):
    return f"{v // 10000}.{v % 10000:04d}"


def tariffs(d):
    offers = pd.read_csv(f"{d}/offers.csv", usecols=["offer_id", "operator_kind"], dtype=str,
                         keep_default_na=False)
    expl = pd.read_csv(f"{d}/explanations.csv", usecols=["offer_id", "year"],
                       dtype={"offer_id": str, "year": "int64"}, keep_default_na=False)
    pl_df = pd.read_csv(f"{d}/pl_index.csv", usecols=["year", "index"])
    pl_df = pl_df.drop_duplicates("year")
    pl = dict(zip(pl_df["year"].astype("int64"), scaled(pl_df["index"], 4)))
    t = pd.read_csv(f"{d}/tariffs.csv",
                    usecols=["offer_id", "year", "tariff_per_day", "base_tariff", "service_tariff",
                             "overhead_pct", "occupied_days"],
                    dtype={"offer_id": str, "year": "int64", "tariff_per_day": "float64",
                           "base_tariff": "float64", "service_tariff": "float64",
                           "overhead_pct": "float64", "occupied_days": "int64"},
                    keep_default_na=False, na_values={"base_tariff": [""], "service_tariff": [""]})
    t["t"] = scaled(t["tariff_per_day"], 2)
    out = []

    # R4 with R5: a missing PL value makes the check empty, which is a violation
    base = t.loc[t["year"] == 2019, ["offer_id", "t"]].drop_duplicates("offer_id").rename(columns={"t": "b"})
    r = t.loc[t["year"].between(2020, 2022), ["offer_id", "year", "t"]].merge(base, on="offer_id")
    pl19 = pl.get(2019)
    ply = r["year"].map(pl)
    if pl19 is None:
        viol = np.ones(len(r), dtype=bool)
    else:
        holds = (r["t"].to_numpy() * pl19 <= r["b"].to_numpy() * ply.fillna(0).astype("int64").to_numpy())
        viol = ~holds | ply.isna().to_numpy()
    v = r.loc[viol, ["offer_id", "year"]]
    explained = v.merge(expl.drop_duplicates(), on=["offer_id", "year"]).shape[0]
    out.append(f"indexation_cap checked {len(r)} violations {int(viol.sum())} explained {explained}")

    # R8, in force from 2022
    s8 = t.loc[t["year"] >= 2022]
    missing = s8["base_tariff"].isna().to_numpy() | s8["service_tariff"].isna().to_numpy()
    b = scaled(s8["base_tariff"].fillna(0), 2)
    s = scaled(s8["service_tariff"].fillna(0), 2)
    bad = missing | (b + s != s8["t"].to_numpy())
    out.append(f"base_service_split checked {len(s8)} violations {int(bad.sum())}")

    # R6: inner join with the municipal offers; per year
    kom = offers.loc[offers["operator_kind"] == "kommune", ["offer_id"]]
    j = t[["offer_id", "year", "t", "overhead_pct", "occupied_days"]].merge(kom, on="offer_id")
    j["o"] = scaled(j["overhead_pct"], 1)
    j["w"] = j["t"] * j["occupied_days"]
    j["ow"] = j["o"] * j["w"]
    g = j.groupby("year").agg(n=("o", "size"), s=("o", "sum"), ws=("ow", "sum"), w=("w", "sum"))
    checked = missed = 0
    for y, row in g.iterrows():
        n, s_, ws, w = int(row["n"]), int(row["s"]), int(row["ws"]), int(row["w"])
        wv = fmt4(round4(ws * 1000, w)) if w > 0 else "empty"
        out.append(f"overhead_by_year {y} offers {n} level {fmt4(round4(s_ * 1000, n))} weighted {wv}")
        if 2021 <= y <= 2022:
            checked += 1
            missed += s_ > 60 * n
    out.append(f"overhead_target checked {checked} missed {missed}")
    return out


def placements(d):
    p = pd.read_csv(f"{d}/placements.csv", usecols=["buying_municipality", "from_date", "amount"],
                    dtype={"buying_municipality": str, "from_date": str, "amount": "float64"},
                    keep_default_na=False)
    p["y"] = p["from_date"].str.slice(0, 4)
    p["a"] = scaled(p["amount"], 2)
    g = p.groupby(["buying_municipality", "y"])["a"].sum()
    out = []
    total = 0
    for (m, y), a in g.items():
        a = int(a)
        total += a
        out.append(f"expenditure {m} {y} {a // 100}.{a % 100:02d}")
    out.append(f"monitoring groups {len(g)} total {total // 100}.{total % 100:02d}")
    return out


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("tariffs", "placements"):
        sys.exit("usage: audit_pandas.py tariffs|placements DIR")
    lines = tariffs(sys.argv[2]) if sys.argv[1] == "tariffs" else placements(sys.argv[2])
    sys.stdout.write("".join(line + "\n" for line in lines))


main()
