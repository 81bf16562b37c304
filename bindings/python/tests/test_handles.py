"""Rule sets and results free their C handles: with blocks, close(), and the collector;
a closed handle raises UsageError rather than touching freed memory."""
import gc
import unittest

import styr

from .common import RULES


class Handles(unittest.TestCase):
    def test_closed_result_keeps_what_was_read_and_refuses_the_rest(self):
        with styr.RuleSet(RULES) as rules:
            with rules.check() as result:
                ids = [r.id for r in result.rules]
            self.assertEqual([r.id for r in result.rules], ids)
            with self.assertRaisesRegex(styr.UsageError, "the result is closed"):
                result.json()

    def test_closing_the_rule_set_closes_its_results_first(self):
        rules = styr.RuleSet(RULES)
        result = rules.check()
        rules.close()
        with self.assertRaisesRegex(styr.UsageError, "the result is closed"):
            result.outputs
        with self.assertRaisesRegex(styr.UsageError, "the rule set is closed"):
            rules.check()
        rules.close()                       # twice is harmless

    def test_unreferenced_handles_are_freed_by_the_collector(self):
        import weakref
        rules = styr.RuleSet(RULES)
        result = rules.check()
        watch = weakref.ref(result), weakref.ref(rules)
        del rules, result
        gc.collect()
        self.assertEqual([w() for w in watch], [None, None])

    def test_result_outlives_a_rule_set_nobody_holds(self):
        result = styr.RuleSet(RULES).check()
        gc.collect()
        self.assertEqual(result.verdict, "fails")
        self.assertIn('"indexation_cap"', result.json())


if __name__ == "__main__":
    unittest.main()
