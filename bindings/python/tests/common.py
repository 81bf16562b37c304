"""What the binding's tests share: the source tree, the styr binary of this build, and
the report of `styr check` in a form the binding's objects can be compared with."""
import json
import os
from decimal import Decimal
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
RULES = str(REPO / "rules" / "hovedstaden-2021-2022.styr")
DATA = REPO / "rules" / "data"
STYR = os.environ.get("STYR_BIN", str(REPO / "build" / "styr"))


def styr_check(*args):
    """`styr check RULES args --format json`, parsed."""
    done = subprocess.run([STYR, "check", RULES, "--format", "json", *args], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout, parse_float=Decimal)   # as exact as the binding's values


def plain(v):
    """A value as text, the same for the binding's objects and the JSON report's values
    (Decimal("110.3") and 110.3, date(2021, 3, 1) and "2021-03-01")."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def cli_rules(report, rows=True):
    """The rules of a JSON report as comparable tuples; rows=False leaves out the rows
    (data bound from Python counts rows from 1, files by their lines)."""
    return [(r["id"], r["kind"], r["status"], r["checked"], r["violations"], r["explained"], r["errors"],
             [(i["dataset"], i["row"] if rows else None, {k: plain(v) for k, v in i["key"].items()},
               {k: plain(v) for k, v in i["values"].items()}, i["message"], i["explained"], i["explanation"])
              for i in r["items"]])
            for r in report["rules"]]


def binding_rules(result, rows=True):
    """The same tuples from a styr.Result."""
    return [(r.id, r.kind, r.status, r.checked, r.violations, r.explained, r.errors,
             [(i.dataset, i.row if rows else None, {k: plain(v) for k, v in i.key.items()},
               {k: plain(v) for k, v in i.values.items()}, i.message, i.explained, i.explanation)
              for i in r.items])
            for r in result.rules]
