/*
** test_checker.c: the scanner's, parser's and checker's diagnostics: each kind of mistake
** in a rule file gives its own sentence at the right place, before anything runs.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A dataset the cases below can refer to. */
#define DS "dataset d from \"d.csv\" key id columns id text y year amount money rate percent " \
           "n int day date per_day money per day days days\n"

static void expect_diagnostic(const char *rules, const char *message)
{
    char *text = th_diagnostics(th_tempdir(), rules);
    cr_assert(strstr(text, message), "expected \"%s\" in:\n%s", message, text);
    free(text);
}

Test(scanner, utf8_letters_make_names)
{
    char *text = th_diagnostics(th_tempdir(), "parameter belægning = 85 %\nparameter størrelse = belægning * 2\n");
    cr_assert_str_empty(text);
    free(text);
}

Test(scanner, unterminated_string_is_reported_on_its_line)
{
    expect_diagnostic("parameter x = \"abc\nparameter y = 1\n", "rules.styr:1:19: error: unterminated string");
}

Test(scanner, impossible_date_literal_is_an_error)
{
    expect_diagnostic("parameter d = 2021-02-30\n", "error: this date does not exist");
}

Test(scanner, stray_character_is_named)
{
    expect_diagnostic("parameter x = 1 $ 2\n", "rules.styr:1:17: error: a character that has no meaning here");
}

Test(parser, reserved_word_as_a_name_gets_a_hint)
{
    expect_diagnostic("parameter where = 1\n", "hint: `where` is a reserved word");
}

Test(parser, unfinished_file_says_so)
{
    expect_diagnostic("requirement r \"t\"\n  for x in d where\n", "error: the file ends too early");
}

Test(checker, money_compared_with_percent_is_an_error)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require x.amount <= 5 %\n",
                      "error: cannot compare money and percent");
}

Test(checker, money_per_day_plus_money_is_an_error)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require x.per_day + x.amount > 0 kr\n",
                      "error: cannot add money per day and money");
}

Test(checker, money_per_day_times_days_is_money)
{
    char *text = th_diagnostics(th_tempdir(), DS "requirement r \"t\"\n  for x in d\n  require x.per_day * x.days <= x.amount\n");
    cr_assert_str_empty(text);
    free(text);
}

Test(checker, power_of_a_year_minus_a_number_hints_at_a_year_minus_a_year)
{
    /* t.year - 2014 is itself a year: the hint must not suggest it again. */
    expect_diagnostic("dataset t from \"t.csv\" key id columns id text  year year  amount money\n"
                      "requirement r \"r\"\n  for x in t\n  require x.amount * (1 - 0.5 %) ^ (x.year - 2014) > 0 kr\n",
                      "hint: a year minus a year is a number (t.year - base.year); a year minus a number is a year");
}

Test(checker, a_list_of_one_rows_lookup_inside_a_group_is_an_error)
{
    expect_diagnostic("dataset m from \"m.csv\" key id columns id text  cat text  amount money\n"
                      "info r \"r\"\n  for t in m\n  group by t.cat as cat\n"
                      "  let n = count((each e in m where e.id = t.id))\n  emit o (cat, n)\n",
                      "this list depends on single rows");
}

Test(checker, condition_must_be_bool)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require x.amount\n",
                      "error: the condition of a check must be bool, but this is money");
}

Test(checker, power_of_money_is_an_error)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require x.amount ^ 2 > 0 kr\n",
                      "only a plain number can be raised to a power");
}

Test(checker, date_plus_plain_number_wants_days)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require x.day + 5 > x.day\n",
                      "hint: add days to a date with a unit");
}

Test(checker, unknown_column_lists_the_columns)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require x.amont > 0 kr\n",
                      "hint: its columns are: id, y, amount");
}

Test(checker, lookup_key_of_wrong_type_is_an_error)
{
    expect_diagnostic(DS "requirement r \"t\"\n  for x in d\n  require d[5].amount > 0 kr\n",
                      "key `id` of `d` is text, but this is int");
}

Test(checker, row_value_after_group_by_needs_an_aggregate)
{
    expect_diagnostic(DS "target r \"t\"\n  for x in d\n  group by x.y\n  aim x.amount > 0 kr\n",
                      "after `group by` there are groups");
}

Test(checker, severity_and_check_word_must_match)
{
    expect_diagnostic(DS "target r \"t\"\n  for x in d\n  require x.amount > 0 kr\n",
                      "a target states its condition with `aim`, not `require`");
}

Test(checker, duplicate_rule_ids_are_rejected)
{
    expect_diagnostic(DS "info r \"t\"\n  for x in d\n  flag x.n > 1\n"
                         "info r \"u\"\n  for x in d\n  flag x.n > 2\n",
                      "two rules have the id `r`");
}

Test(checker, parameter_value_must_match_its_declared_type)
{
    expect_diagnostic("parameter t: percent = 100 kr\n", "parameter `t` is declared percent but its value is money");
}

Test(checker, unknown_column_type_is_named)
{
    expect_diagnostic("dataset d from \"d.csv\" columns a monye\n", "`monye` is not a column type");
}

Test(scanner, percent_with_too_many_decimals_is_an_error_not_zero)
{
    expect_diagnostic("parameter p = 0.00000000000000000000000000001 %\n", "this number has too many decimals");
}
