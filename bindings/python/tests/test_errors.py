"""Wrong rules, wrong calls and wrong data raise styr's exceptions with libstyr's messages."""
import unittest

import styr

from .common import DATA, REPO, RULES

BAD = """dataset d columns a money
requirement r "x" for t in d require t.a + 5 % > 0
"""


class Errors(unittest.TestCase):
    def test_rules_with_errors_raise_rules_error_with_the_diagnostics(self):
        with self.assertRaises(styr.RulesError) as e:
            styr.RuleSet.from_text("/tmp/bad.styr", BAD)
        self.assertIn("/tmp/bad.styr:2:", e.exception.diagnostics)
        self.assertIn("cannot add money and percent", e.exception.diagnostics)
        self.assertIn("hint:", e.exception.diagnostics)

    def test_import_outside_the_folder_raises_rules_error_unless_allowed(self):
        text = 'agreement "x" period 2021-01-01 to 2022-12-31\nimport "../rules/datasets"\n'
        name = str(REPO / "bench" / "x.styr")
        with self.assertRaisesRegex(styr.RulesError, "this import reaches outside the rule file's folder"):
            styr.RuleSet.from_text(name, text)
        with styr.RuleSet.from_text(name, text, allow_paths=[REPO / "rules"]) as rules:
            self.assertIn("tariffs", rules.datasets)

    def test_missing_rule_file_raises_rules_error(self):
        with self.assertRaisesRegex(styr.RulesError, "/nonexistent/x.styr"):
            styr.RuleSet("/nonexistent/x.styr")

    def test_unknown_dataset_raises_usage_error_listing_the_declared(self):
        with styr.RuleSet(RULES) as rules:
            for data in ([], str(DATA / "tariffs.csv")):
                with self.assertRaisesRegex(styr.UsageError, "no dataset tarifs; they declare: offers tariffs"):
                    rules.check(tarifs=data)

    def test_unknown_engine_raises_usage_error(self):
        with styr.RuleSet(RULES) as rules, self.assertRaisesRegex(styr.UsageError, "engine 'fast'"):
            rules.check(engine="fast")

    def test_data_of_no_known_shape_raises_usage_error(self):
        with styr.RuleSet(RULES) as rules, self.assertRaisesRegex(styr.UsageError, "not int"):
            rules.check(tariffs=12)

    def test_missing_data_file_raises_data_error_naming_it(self):
        with styr.RuleSet(RULES) as rules, self.assertRaisesRegex(styr.DataError, "/nonexistent/t.csv"):
            rules.check(tariffs="/nonexistent/t.csv")

    def test_missing_column_raises_data_error(self):
        with styr.RuleSet(RULES) as rules, \
                self.assertRaisesRegex(styr.DataError, "dataset tariffs: column year is missing"):
            rules.check(tariffs=[{"offer_id": "T1", "tariff_per_day": "1"}])

    def test_columns_of_unequal_length_raise_usage_error(self):
        with styr.RuleSet(RULES) as rules, self.assertRaisesRegex(styr.UsageError, "not all as long"):
            rules.check(tariffs={"offer_id": ["T1", "T2"], "year": [2021]})


if __name__ == "__main__":
    unittest.main()
