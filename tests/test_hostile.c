/*
** test_hostile.c: rule files written to break styr get a diagnostic, never a crash or a
** stack overflow: nesting thousands of levels deep, expressions deeper than the checker
** allows, and lines too long to show whole.
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
