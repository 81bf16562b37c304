"""Data from Python reaches the rules exactly, by the declared column types, and values
come back as Python objects of their types."""
import datetime
import unittest
from decimal import Decimal

import styr

RULES = """agreement "Test" period 2021-01-01 to 2022-12-31
dataset tariffs key offer_id, year columns
  offer_id text  year year  tariff_per_day money  share percent optional
  opened date optional  places int optional
requirement cap "At most 1000 kr. a day"
  for t in tariffs
  let over = t.tariff_per_day - 1000 kr
  let later = t.opened + 1 days
  require t.tariff_per_day <= 1000 kr
  message "{t.offer_id} is {over} over"
info totals "Per year"
  for t in tariffs
  group by t.year
  let total = sum(t.tariff_per_day)
  let share = sum(t.share)
  let places = sum(t.places)
  emit per_year (year, total, share, places)
"""


def check(**columns):
    with styr.RuleSet.from_text("/tmp/values.styr", RULES) as rules, rules.check(tariffs=columns) as result:
        return result.rules, result.outputs


class ValuesIn(unittest.TestCase):
    def test_decimal_money_is_exact_to_the_oere(self):
        rules, _ = check(offer_id=["T1", "T2"], year=[2021, 2021],
                         tariff_per_day=[Decimal("1000.00"), Decimal("1000.01")])
        self.assertEqual([i.key["offer_id"] for i in rules[0].items], ["T2"])
        self.assertEqual(rules[0].items[0].values["over"], Decimal("0.01"))

    def test_money_as_text_and_as_whole_kroner(self):
        rules, out = check(offer_id=["T1", "T2"], year=[2021, 2021], tariff_per_day=["999.99", 1001])
        self.assertEqual(rules[0].items[0].values["over"], Decimal("1.00"))
        self.assertEqual(out["per_year"][0]["total"], Decimal("2000.99"))

    def test_fraction_of_an_oere_is_a_data_error_naming_column_and_row(self):
        with self.assertRaisesRegex(styr.DataError, r"dataset tariffs: column tariff_per_day, row 2: .*not whole øre"):
            check(offer_id=["T1", "T2"], year=[2021, 2021], tariff_per_day=[Decimal("1"), Decimal("1.005")])

    def test_float_money_is_read_as_its_shortest_decimal(self):
        rules, out = check(offer_id=["T1", "T2"], year=[2021, 2021], tariff_per_day=[0.1, 1000.2])
        self.assertEqual(out["per_year"][0]["total"], Decimal("1000.30"))
        with self.assertRaisesRegex(styr.DataError, "tariff_per_day, row 1"):
            check(offer_id=["T1"], year=[2021], tariff_per_day=[0.125])

    def test_percent_is_the_number_of_percent_as_a_decimal(self):
        _, out = check(offer_id=["T1", "T2"], year=[2021, 2021], tariff_per_day=[1, 1],
                       share=[Decimal("6.25"), "0.5"])
        self.assertEqual(out["per_year"][0]["share"], Decimal("6.75"))

    def test_dates_from_date_datetime_and_iso_text(self):
        rules, _ = check(offer_id=["T1", "T2", "T3"], year=[2021] * 3, tariff_per_day=[2000] * 3,
                         opened=[datetime.date(2020, 1, 15), datetime.datetime(2020, 2, 29), "2020-12-31"])
        later = [i.values["later"] for i in rules[0].items]
        self.assertEqual(later, [datetime.date(2020, 1, 16), datetime.date(2020, 3, 1), datetime.date(2021, 1, 1)])

    def test_none_nan_and_blank_text_are_empty_rows(self):
        _, out = check(offer_id=["T1", "T2", "T3"], year=[2021] * 3, tariff_per_day=[1] * 3,
                       places=[None, float("nan"), 4], share=[" ", None, Decimal("1")])
        self.assertEqual((out["per_year"][0]["places"], out["per_year"][0]["share"]), (4, Decimal("1")))

    def test_empty_row_of_a_required_column_is_a_data_error(self):
        with self.assertRaisesRegex(styr.DataError, "column year, row 2: empty value"):
            check(offer_id=["T1", "T2"], year=[2021, None], tariff_per_day=[1, 1])

    def test_value_of_the_wrong_kind_is_a_data_error(self):
        with self.assertRaisesRegex(styr.DataError, r"column year, row 1: cannot read '2021x' as year"):
            check(offer_id=["T1"], year=["2021x"], tariff_per_day=[1])

    def test_rows_as_dicts_may_leave_out_optional_columns(self):
        with styr.RuleSet.from_text("/tmp/values.styr", RULES) as rules:
            result = rules.check(tariffs=[{"offer_id": "T1", "year": 2021, "tariff_per_day": "1500"},
                                          {"offer_id": "T2", "year": 2022, "tariff_per_day": "10", "places": 3}])
            self.assertEqual([i.key for i in result.rule("cap").items], [{"offer_id": "T1", "year": 2021}])


class ValuesOut(unittest.TestCase):
    def test_item_values_and_keys_have_python_types(self):
        rules, out = check(offer_id=["T1"], year=[2021], tariff_per_day=[Decimal("1200.50")], places=[3])
        item = rules[0].items[0]
        self.assertEqual(item.key, {"offer_id": "T1", "year": 2021})
        self.assertIsInstance(item.values["over"], Decimal)
        self.assertIsNone(item.values["later"])
        self.assertEqual((item.row, item.dataset, item.explained), (1, "tariffs", False))
        self.assertEqual(out["per_year"], [{"year": 2021, "total": Decimal("1200.50"), "share": Decimal("0"), "places": 3}])

    def test_declared_columns_are_listed_with_their_types(self):
        with styr.RuleSet.from_text("/tmp/values.styr", RULES) as rules:
            self.assertEqual(rules.datasets["tariffs"], {
                "offer_id": "text", "year": "year", "tariff_per_day": "money", "share": "percent",
                "opened": "date", "places": "int"})


if __name__ == "__main__":
    unittest.main()
