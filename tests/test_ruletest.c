/*
** test_ruletest.c: rule-author tests (issue 4, item 3): `test` declarations in a rule
** file or beside it, run by `styr test` (and styr_rules_test) against small tables; what
** a failed expectation prints; the errors of a wrong test; the layout `styr fmt` gives
** a test; and the shipped rules' own tests.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "styr.h"

/* A small rule set: a requirement with a parameter, a target, an output. */
static const char *rules =
    "agreement \"A\"\n"
    "\n"
    "dataset notes \"Explanations\"\n"
    "  key id, year\n"
    "  columns\n"
    "    id    text\n"
    "    year  year\n"
    "    text  text\n"
    "\n"
    "dataset d \"D\"\n"
    "  key id, year\n"
    "  columns\n"
    "    id      text\n"
    "    year    year\n"
    "    amount  money\n"
    "    share   percent\n"
    "\n"
    "parameter limit = 100 kr\n"
    "\n"
    "requirement cap \"Amounts are at most the limit\"\n"
    "  for x in d\n"
    "  require x.amount <= limit\n"
    "  explained by notes[x.id, x.year].text\n"
    "\n"
    "target level \"The mean share is at most 10 %\"\n"
    "  for x in d\n"
    "  group by x.year\n"
    "  let mean_share = mean(x.share)\n"
    "  emit shares (year, mean_share)\n"
    "  aim mean_share <= 10 %\n";

/* Writes the rules with tests after them into a fresh folder; returns the file's path. */
static const char *with_tests(const char *tests)
{
    char *text = malloc(strlen(rules) + strlen(tests) + 2);
    sprintf(text, "%s\n%s", rules, tests);
    static char path[512];
    snprintf(path, sizeof path, "%s", th_write(th_tempdir(), "rules.styr", text));
    free(text);
    return path;
}

static char *styr_test(const char *path, int want_status)
{
    char args[1024], *out;
    snprintf(args, sizeof args, "test --no-jit %s", path);
    int st = th_styr(&out, args);
    cr_assert_eq(st, want_status, "styr %s exited %d:\n%s", args, st, out);
    return out;
}

static void says(const char *out, const char *want)
{
    cr_assert(strstr(out, want), "want \"%s\" in:\n%s", want, out);
}

static const char *two_rows =
    "test \"two rows\"\n"
    "  given d\n"
    "    id   year  amount\n"
    "    \"A\"  2021  100.00\n"
    "    \"B\"  2021  100.01\n";

/* Runs the test two_rows with these expectations (and givens) after its table. */
static char *two_rows_expecting(const char *expects, int want_status)
{
    char tests[1024];
    snprintf(tests, sizeof tests, "%s%s", two_rows, expects);
    return styr_test(with_tests(tests), want_status);
}

Test(ruletest, a_test_that_holds_passes_and_exits_0)
{
    char *out = two_rows_expecting("  expect cap fails with 1 violation\n", 0);
    says(out, "  ok    two rows\n");
    says(out, "1 test: 1 passed, 0 failed");
    free(out);
}

Test(ruletest, a_failed_status_shows_the_expectation_and_the_verdict_with_its_place)
{
    char *out = two_rows_expecting("  expect cap passes\n", 1);
    says(out, "  FAIL  two rows\n");
    says(out, "rules.styr:37:3: cap gives another verdict\n");
    says(out, "        - expect cap passes\n");
    says(out, "        + expect cap fails with 1 violation\n");
    says(out, "        + expect cap flags id \"B\", year 2021\n");
    free(out);
}

Test(ruletest, an_item_is_found_by_its_key)
{
    char *out = two_rows_expecting("  expect cap flags id \"B\", year 2021\n  expect cap flags id \"A\"\n", 1);
    says(out, "rules.styr:38:3: cap flags no such item\n        - expect cap flags id \"A\"\n"
              "        + expect cap flags id \"B\", year 2021\n");
    cr_assert_null(strstr(out, ":37:3:"), "the first expectation holds:\n%s", out);
    free(out);
}

Test(ruletest, an_explained_item_must_be_explained)
{
    const char *tests = "test \"explained\"\n"
                        "  given d\n"
                        "    id   year  amount\n"
                        "    \"A\"  2021  200.00\n"
                        "    \"B\"  2021  200.00\n"
                        "  given notes\n"
                        "    id   year  text\n"
                        "    \"A\"  2021  \"over half\"\n"
                        "  expect cap fails with 2 violations\n"
                        "  expect cap flags id \"A\" explained\n"
                        "  expect cap flags id \"B\" explained\n";
    char *out = styr_test(with_tests(tests), 1);
    says(out, "- expect cap flags id \"B\" explained\n");
    says(out, "+ expect cap flags id \"A\", year 2021 explained\n");
    cr_assert_null(strstr(out, "- expect cap flags id \"A\""), "%s", out);
    free(out);
}

Test(ruletest, a_parameter_takes_the_value_the_test_gives)
{
    char *out = two_rows_expecting("  given limit = 200 kr\n  expect cap passes with 0 violations\n", 0);
    says(out, "1 passed");
    free(out);
}

Test(ruletest, datasets_and_columns_a_test_leaves_out_are_empty)
{
    const char *tests = "test \"nothing given\"\n  expect cap passes with 0 violations\n"
                        "  expect shares has 0 rows\n"
                        "test \"no share\"\n  given d\n    id   year\n    \"A\"  2021\n"
                        "  expect shares has year 2021, mean_share \"\"\n";
    char *out = styr_test(with_tests(tests), 0);
    says(out, "2 tests: 2 passed, 0 failed");
    free(out);
}

Test(ruletest, output_rows_are_found_by_their_values_and_counted)
{
    const char *tests = "test \"shares\"\n"
                        "  given d\n"
                        "    id   year  share\n"
                        "    \"A\"  2021  10 %\n"
                        "    \"B\"  2021  20 %\n"
                        "    \"C\"  2022  5 %\n"
                        "  expect level missed with 1 violation\n"
                        "  expect shares has year 2021, mean_share 15 %\n"
                        "  expect shares has 3 rows\n";
    char *out = styr_test(with_tests(tests), 1);
    says(out, "shares has another number of rows\n        - expect shares has 3 rows\n"
              "        + expect shares has 2 rows\n");
    cr_assert_null(strstr(out, ":39:3:"), "the row of 2021 is there:\n%s", out);
    free(out);
}

static void wrong_test(const char *tests, const char *want)
{
    char *out = styr_test(with_tests(tests), 2);
    says(out, want);
    free(out);
}

Test(ruletest, a_test_naming_an_unknown_rule_is_an_error_that_lists_the_rules)
{
    wrong_test("test \"t\"\n  expect capp passes\n", "rules.styr:33:10: error: the rules have no rule `capp`");
    wrong_test("test \"t\"\n  expect capp passes\n", "hint: the rules are: cap, level");
}

Test(ruletest, a_status_the_rule_cannot_have_is_an_error)
{
    wrong_test("test \"t\"\n  expect level passes\n", "error: rule `level` is a target, which cannot be `passes`");
}

Test(ruletest, a_row_with_a_value_too_few_is_an_error)
{
    wrong_test("test \"t\"\n  given d\n    id   year\n    \"A\"\n  expect cap passes\n",
               "rules.styr:35:5: error: this row has 1 value, but the table has 2 columns");
}

Test(ruletest, a_value_that_does_not_fit_its_column_is_an_error)
{
    wrong_test("test \"t\"\n  given d\n    id   amount\n    \"A\"  1.001\n  expect cap passes\n",
               "error: column `amount` is money, so this value does not fit");
    wrong_test("test \"t\"\n  given d\n    id   share\n    \"A\"  6\n  expect cap passes\n",
               "hint: write a percentage, like 6.5 %, or \"\" for an empty value");
}

Test(ruletest, an_unknown_column_is_an_error_that_lists_the_columns)
{
    wrong_test("test \"t\"\n  given d\n    id   amout\n    \"A\"  1\n  expect cap passes\n",
               "error: dataset `d` has no column `amout`");
}

Test(ruletest, a_count_names_what_it_counts)
{
    wrong_test("test \"t\"\n  expect cap passes with 0 rows\n",
               "error: expected `violation` or `violations` after the count, not `rows`");
}

Test(ruletest, styr_check_ignores_the_tests)
{
    const char *dir = th_tempdir();
    th_write(dir, "d.csv", "n\n1\n-1\n");
    const char *plain_rules = "agreement \"A\"\n\ndataset d \"D\"\n  from \"d.csv\"\n  columns\n    n  int\n\n"
                              "requirement r \"R\"\n  for x in d\n  require x.n > 0\n";
    char tested_rules[1024];
    snprintf(tested_rules, sizeof tested_rules, "%s\ntest \"t\"\n  expect r passes\n", plain_rules);
    th_write(dir, "plain.styr", plain_rules);
    th_write(dir, "tested.styr", tested_rules);
    char args[1024], *plain, *tested;
    snprintf(args, sizeof args, "check %s/plain.styr --format json", dir);
    int a = th_styr(&plain, args);
    snprintf(args, sizeof args, "check %s/tested.styr --format json", dir);
    int b = th_styr(&tested, args);
    cr_assert_eq(a, 1, "%s", plain);
    cr_assert_eq(b, a);
    cr_assert_str_eq(tested, plain);
    free(plain);
    free(tested);
}

Test(ruletest, tests_beside_the_rules_run_with_them)
{
    const char *dir = th_tempdir();
    char *text = malloc(strlen(rules) + 100);
    sprintf(text, "%s", rules);
    th_write(dir, "r.styr", text);
    th_write(dir, "r.test.styr", "import \"r\"\n\ntest \"beside\"\n  expect cap passes\n");
    char path[512];
    snprintf(path, sizeof path, "%s/r.styr", dir);
    char *out = styr_test(path, 0);
    says(out, "r.test.styr: 1 test\n  ok    beside\n");
    free(text);
    free(out);
}

Test(ruletest, the_c_api_counts_passed_and_failed_tests)
{
    char tests[1024];
    snprintf(tests, sizeof tests, "%s  expect cap fails\ntest \"again\"\n  expect cap fails\n", two_rows);
    styr_rules *r;
    cr_assert_eq(styr_rules_open(with_tests(tests), &r), STYR_OK, "%s", styr_rules_errmsg(r));
    char *out;
    int passed, failed;
    cr_assert_eq(styr_rules_test(r, STYR_TEST_JIT, &out, NULL, &passed, &failed), STYR_FAILED, "%s", out);
    cr_assert_eq(passed, 1);
    cr_assert_eq(failed, 1);
    styr_free(out);
    styr_rules_close(r);
}

static char *format(const char *text)
{
    char *out, *err;
    cr_assert_eq(styr_format("t.styr", text, strlen(text), STYR_KEYWORDS_KEEP, 0, &out, NULL, &err), STYR_OK, "%s", err);
    return out;
}

Test(ruletest, fmt_aligns_a_test_table_and_is_idempotent)
{
    const char *messy = "test \"t\"\n"
                        "given d\n"
                        "  id year amount\n"
                        "      \"Aaa\" 2021 -1.00 kr\n"
                        "  \"B\"  2022  100.00\n"
                        "     expect cap fails   with 2 violations\n";
    const char *want = "test \"t\"\n"
                       "  given d\n"
                       "    id     year  amount\n"
                       "    \"Aaa\"  2021  -1.00 kr\n"
                       "    \"B\"    2022  100.00\n"
                       "  expect cap fails with 2 violations\n";
    char *once = format(messy);
    cr_assert_str_eq(once, want);
    char *twice = format(once);
    cr_assert_str_eq(twice, once);
    styr_free(once);
    styr_free(twice);
}

/* The number of tests declared in a file: its lines that begin with `test "`. */
static int declared_tests(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert(f, "%s", path);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) n += !strncmp(line, "test \"", 6);
    fclose(f);
    return n;
}

Test(ruletest, the_shipped_rules_pass_their_tests_in_both_engines, .timeout = 300)
{
    int n = declared_tests("rules/hovedstaden-2021-2022.test.styr") + declared_tests("rules/hovedstaden-2019-2020.test.styr");
    cr_assert_gt(n, 20);
    char *out;
    int st = th_styr(&out, "test rules/hovedstaden-2021-2022.styr rules/hovedstaden-2019-2020.styr");
    cr_assert_eq(st, 0, "%s", out);
    char want[64];
    snprintf(want, sizeof want, "\n%d tests: %d passed, 0 failed\n", n, n);
    says(out, want);
    free(out);
}
