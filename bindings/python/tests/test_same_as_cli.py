"""The binding gets what `styr check` gets from the 2021-2022 rules and the sample data,
whichever way the data comes: files, rows, columns, DataFrames, the README's example."""
import contextlib
import csv
import io
import re
import unittest

import styr

from .common import DATA, REPO, RULES, binding_rules, cli_rules, plain, styr_check


def csv_rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class SameAsCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.report = styr_check()
        cls.rules = styr.RuleSet(RULES)

    @classmethod
    def tearDownClass(cls):
        cls.rules.close()

    def test_files_give_the_report_of_styr_check(self):
        with self.rules.check() as result:
            self.assertEqual(binding_rules(result), cli_rules(self.report))
            self.assertEqual(result.verdict, "fails")

    def test_rows_as_dicts_give_the_violations_of_styr_check(self):
        data = {name: csv_rows(name) for name in ("tariffs", "offers", "placements", "explanations")}
        with self.rules.check(**data) as result:
            self.assertEqual(binding_rules(result, rows=False), cli_rules(self.report, rows=False))

    def test_column_lists_give_the_violations_of_styr_check(self):
        rows = csv_rows("tariffs")
        columns = {k: [r[k] for r in rows] for k in rows[0]}
        with self.rules.check(tariffs=columns) as result:
            self.assertEqual(binding_rules(result, rows=False), cli_rules(self.report, rows=False))

    def test_dataframes_give_the_violations_of_styr_check(self):
        import pandas as pd
        frames = {
            "tariffs": pd.read_csv(DATA / "tariffs.csv"),          # money as float64, NaN for empty
            "placements": pd.read_csv(DATA / "placements.csv", parse_dates=["from_date", "to_date"]),
            "offers": pd.read_csv(DATA / "offers.csv"),
            "pl_index": pd.read_csv(DATA / "pl_index.csv"),
        }
        with self.rules.check(**frames) as result:
            self.assertEqual(binding_rules(result, rows=False), cli_rules(self.report, rows=False))

    def test_outputs_are_the_tables_of_styr_check(self):
        with self.rules.check() as result:
            want = {name: [{k: plain(v) for k, v in row.items()} for row in rows]
                    for name, rows in self.report["outputs"].items()}
            got = {name: [{k: plain(v) for k, v in row.items()} for row in rows]
                   for name, rows in result.outputs.items()}
            self.assertEqual(got, want)

    def test_json_and_text_are_the_reports_of_styr_check(self):
        import subprocess
        from .common import STYR
        text = subprocess.run([STYR, "check", RULES, "--color", "never"], capture_output=True, text=True).stdout
        json_text = subprocess.run([STYR, "check", RULES, "--format", "json"], capture_output=True, text=True).stdout
        with self.rules.check() as result:
            self.assertEqual(result.json().strip(), json_text.strip())
            self.assertEqual(result.text().strip(), text.strip())

    def test_jit_gives_the_interpreters_result(self):
        with self.rules.check(engine="jit", jobs=2) as jit, self.rules.check(engine="interp") as interp:
            self.assertEqual(binding_rules(jit), binding_rules(interp))


class ReadmeExample(unittest.TestCase):
    def test_readme_example_prints_the_violations_of_styr_check(self):
        readme = (REPO / "README.md").read_text("utf-8")
        section = readme[readme.index("## Python"):]
        example = re.search(r"```python\n(.*?)```", section, re.S).group(1)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.chdir(REPO):
            exec(compile(example, "README.md", "exec"), {})
        report = styr_check()
        want = ["fails" if report["summary"]["failed"] else "holds"]
        for r in report["rules"]:
            want.append(f"{r['id']} {r['status']} {r['checked']} checked, {r['violations']} violations")
            want += [f"  {i['key']} {i['message']}" for i in r["items"]]
        self.assertEqual(out.getvalue().splitlines(), want)


if __name__ == "__main__":
    unittest.main()
