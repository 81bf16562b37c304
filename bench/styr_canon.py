#!/usr/bin/python3
"""Turns a styr JSON report of bench/audit_tariffs.styr or bench/audit_placements.styr into
the canonical result lines every peer of `make bench` prints (see bench/run.sh):

  indexation_cap checked N violations V explained E
  base_service_split checked N violations V
  overhead_by_year YEAR offers N level L weighted W      (percent, 4 decimals)
  overhead_target checked N missed M
  expenditure MUNICIPALITY YEAR AMOUNT                   (kr., 2 decimals)
  monitoring groups G total T

usage: styr_canon.py REPORT.json
       styr_canon.py --same-rules SHIPPED.styr BENCH.styr...
          checks that every rule of the BENCH files is, doc strings aside, word for word the
          rule with the same id in SHIPPED, and every parameter the same (so the benchmark
          measures the shipped rules)
"""
import difflib
import json
import re
import sys
from decimal import Decimal


def fixed(v, places):
    if v is None:
        return "empty"
    return str(Decimal(v).quantize(Decimal(1).scaleb(-places)))


def checked_blocks(rule):
    """A rule without the blocks that only emit a table for the report (the charts of the
    HTML report), when another of its blocks checks something: the bench leaves them out,
    as its peers compute only the checked figures."""
    rule = "\n".join(line for line in rule.split("\n") if line.strip() and not line.lstrip().startswith("#"))
    parts = re.split(r"(?=^  for )", rule, flags=re.M)
    head, blocks = parts[0], parts[1:]
    checks = [re.search(r"^  (?:require|aim|flag) ", b, flags=re.M) is not None for b in blocks]
    if not any(checks):
        return rule
    return head + "".join(b if b.endswith("\n") else b + "\n" for b, c in zip(blocks, checks) if c or "emit" not in b)


def rule_texts(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r'\n  """.*?"""\n', "\n", text, flags=re.S)
    rules = {}
    for m in re.finditer(r"^(?:requirement|target|info) (\w+).*?(?=^# -{10}|^(?:requirement|target|info) |\Z)",
                         text, flags=re.S | re.M):
        rules[m.group(1)] = checked_blocks(m.group(0)).strip()
    for m in re.finditer(r"^parameter (\w+).*$", text, flags=re.M):
        rules["parameter " + m.group(1)] = m.group(0).strip()
    return rules


def same_rules(shipped, bench_files):
    ref = rule_texts(shipped)
    ok = True
    for path in bench_files:
        for rid, body in rule_texts(path).items():
            if rid not in ref:
                print(f"{path}: rule {rid} is not in {shipped}")
                ok = False
            elif body != ref[rid]:
                print(f"{path}: rule {rid} differs from {shipped}:")
                print("\n".join(difflib.unified_diff(ref[rid].split("\n"), body.split("\n"),
                                                     shipped, path, lineterm="")))
                ok = False
    sys.exit(0 if ok else 1)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--same-rules":
        same_rules(sys.argv[2], sys.argv[3:])
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f, parse_float=Decimal)
    rules = {r["id"]: r for r in report["rules"]}
    out = []
    for r in rules.values():
        if r.get("errors"):
            sys.exit(f"styr_canon: rule {r['id']} has {r['errors']} errors")
    if "indexation_cap" in rules:
        r = rules["indexation_cap"]
        out.append(f"indexation_cap checked {r['checked']} violations {r['violations']} explained {r['explained']}")
    if "base_service_split" in rules:
        r = rules["base_service_split"]
        out.append(f"base_service_split checked {r['checked']} violations {r['violations']}")
    if "overhead_target" in rules:
        for row in report["outputs"].get("overhead_by_year", []):
            out.append(f"overhead_by_year {row['year']} offers {row['municipal_offers']} "
                       f"level {fixed(row['level'], 4)} weighted {fixed(row['level_weighted'], 4)}")
        r = rules["overhead_target"]
        out.append(f"overhead_target checked {r['checked']} missed {r['violations']}")
    if "monitoring" in rules:
        total = Decimal(0)
        groups = report["outputs"].get("expenditure_by_municipality", [])
        for row in groups:
            amount = Decimal(row["expenditure"])
            total += amount
            out.append(f"expenditure {row['municipality']} {row['year']} {fixed(amount, 2)}")
        out.append(f"monitoring groups {len(groups)} total {fixed(total, 2)}")
    sys.stdout.write("".join(line + "\n" for line in out))


main()
