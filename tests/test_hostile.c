/*
** test_hostile.c: rule files written to break styr get a diagnostic, never a crash or a
** stack overflow: nesting thousands of levels deep, expressions deeper than the checker
** allows, lines too long to show whole, literals too large, arithmetic that overflows or
** divides by zero, an empty dataset and a lookup that finds nothing.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A rule file whose parameter p is `open` n times, then `middle`, then `close` n times. */
static char *nested(int n, const char *open, const char *middle, const char *close)
{
    size_t size = 200 + (size_t)n * (strlen(open) + strlen(close)) + strlen(middle);
    char *s = malloc(size), *p = s;
    p += sprintf(p, "agreement \"x\" period 2021-01-01 to 2022-12-31\nparameter p = ");
    for (int i = 0; i < n; i++) p = stpcpy(p, open);
    p = stpcpy(p, middle);
    for (int i = 0; i < n; i++) p = stpcpy(p, close);
    strcpy(p, "\n");
    return s;
}

/* The diagnostics of the rule file text (checked in a temporary folder). */
static char *diagnostics_of(char *text)
{
    char *d = th_diagnostics(th_tempdir(), text);
    free(text);
    return d;
}

Test(hostile, hundred_thousand_nested_brackets_is_an_error_not_a_crash)
{
    char *d = diagnostics_of(nested(100000, "(", "1", ")"));
    cr_assert(strstr(d, "error: this nests too deeply to read"), "%.300s", d);
    cr_assert(strstr(d, "hint: give parts of it names with let"), "%.300s", d);
    free(d);
}

Test(hostile, twenty_thousand_minus_signs_is_an_error_not_a_crash)
{
    char *d = diagnostics_of(nested(20000, "-", "1", ""));
    cr_assert(strstr(d, "error: this nests too deeply to read"), "%.300s", d);
    free(d);
}

Test(hostile, five_thousand_nested_ifs_is_an_error_not_a_crash)
{
    char *d = diagnostics_of(nested(5000, "if true then ", "1", " else 2"));
    cr_assert(strstr(d, "error: this nests too deeply"), "%.300s", d);
    free(d);
}

Test(hostile, expression_deeper_than_the_checker_allows_is_one_error)
{
    char *d = diagnostics_of(nested(300, "", "1", " + 1"));
    cr_assert(strstr(d, "error: this expression nests more than 256 levels deep"), "%.300s", d);
    cr_assert_null(strstr(strstr(d, "error:") + 1, "error:"), "reported once: %.600s", d);
    free(d);
}

Test(hostile, expression_within_the_limit_runs_in_both_engines)
{
    char *text = nested(200, "", "1 kr", " + 1 kr");
    char *rules = malloc(strlen(text) + 200);
    sprintf(rules, "%sinfo r \"r\"\n  for t in d\n  let x = t.a + p\n  emit o (x)\n"
                   "dataset d from \"d.csv\" columns a money\n", text);
    free(text);
    const char *dir = th_tempdir();
    th_write(dir, "d.csv", "a\n1.50\n");
    char *json = th_run_json(dir, rules);
    cr_assert(strstr(json, "\"x\": \"202.50\""), "%.400s", json);
    free(json);
    free(rules);
}

Test(hostile, diagnostic_on_a_very_long_line_shows_a_window_of_it)
{
    char *d = diagnostics_of(nested(100000, "(", "1", ")"));
    const char *excerpt = strstr(d, " | ");
    cr_assert_not_null(excerpt);
    size_t line = strcspn(excerpt, "\n");
    cr_assert_lt(line, 400, "the excerpt is %zu bytes", line);
    cr_assert(strstr(d, "…"), "%.300s", d);
    free(d);
}

static const char two_datasets[] =
    "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
    "dataset t from \"t.csv\" key id columns\n  id text  amount money  qty int\n"
    "dataset u from \"u.csv\" key id columns\n  id text  amount money  qty int\n";

/* The JSON report (both engines, th_run_json) of the rules after two_datasets, over t.csv
** and u.csv as given. */
static char *run_over(const char *rules, const char *t_csv, const char *u_csv)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", t_csv);
    th_write(dir, "u.csv", u_csv);
    char *text = malloc(sizeof two_datasets + strlen(rules));
    strcpy(stpcpy(text, two_datasets), rules);
    char *json = th_run_json(dir, text);
    free(text);
    return json;
}

static const char some_rows[] = "id,amount,qty\nA,1000.00,0\nB,90000000000000.00,3\n";

Test(hostile, literal_with_too_many_digits_is_an_error)
{
    char *d = th_diagnostics(th_tempdir(), "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
                                           "parameter huge = 1234567890123456789012345678901234567890 kr\n");
    cr_expect(strstr(d, "rules.styr:2:18: error: this number has too many digits"), "%s", d);
    cr_expect(strstr(d, "hint: styr numbers hold up to 36 digits"), "%s", d);
    free(d);
}

Test(hostile, money_arithmetic_that_overflows_is_an_error_item_not_a_wrong_number)
{
    char *json = run_over("requirement r \"r\"\n  for x in t\n"
                          "  require x.amount * x.amount * x.amount * x.amount > 0 kr * 1 kr * 1 kr * 1 kr\n",
                          some_rows, some_rows);
    cr_expect(strstr(json, "\"status\": \"error\""), "%.600s", json);
    cr_expect(strstr(json, "rules.styr:8:11: the result is too large to hold exactly"), "%.900s", json);
    free(json);
}

Test(hostile, division_by_zero_is_an_error_item)
{
    char *json = run_over("requirement d \"d\"\n  for x in t\n  require x.amount / x.qty > 0 kr\n", some_rows,
                          some_rows);
    cr_expect(strstr(json, "rules.styr:8:11: division by zero\""), "%.900s", json);
    free(json);
}

Test(hostile, empty_dataset_is_said_in_the_report)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,amount,qty\n");
    th_write(dir, "u.csv", some_rows);
    char rules[sizeof two_datasets + 100];
    strcpy(stpcpy(rules, two_datasets), "requirement r \"r\"\n  for x in t\n  require x.amount > 0 kr\n");
    th_write(dir, "rules.styr", rules);
    char args[600], *out;
    snprintf(args, sizeof args, "check %s/rules.styr", dir);
    cr_expect_eq(th_styr(&out, args), 0, "%s", out);
    cr_expect(strstr(out, "/t.csv) has no rows: the rules over it check nothing."), "%s", out);
    free(out);
}

Test(hostile, lookup_that_finds_nothing_is_empty_and_shown_so)
{
    char *json = run_over("requirement l \"l\"\n  for y in u\n  require t[y.id].amount > 0 kr\n",
                          "id,amount,qty\nZ,1.00,1\n", some_rows);
    cr_expect(strstr(json, "\"values\": {\"t[y.id].amount\": null, \"0 kr\": \"0.00\"}, "
                           "\"message\": \"– is not > 0.00\""), "%.900s", json);
    free(json);
}
