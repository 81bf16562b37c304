/*
** test_python.c: the Python binding (bindings/python) under Debian's python3, against the
** libstyr of this build: each test runs one unittest of bindings/python/tests and asserts
** that it ran and passed; one installs the package with pip into a new venv, offline, as
** the README tells a new user to, and runs it against the library `make install` put in a
** temporary prefix.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define PYTHON "/usr/bin/python3"

/* Runs the unittest test (module.Class.method under bindings/python/tests) and asserts
** that it ran alone and passed. */
static void run_unittest(const char *test)
{
    char cwd[1024], cmd[4096], *out;
    cr_assert(getcwd(cwd, sizeof cwd));
    snprintf(cmd, sizeof cmd,
             "cd bindings/python && %s STYR_LIBRARY=%s/%s/libstyr.so.0 STYR_BIN=%s/%s STYR_CACHE_DIR=%s "
             PYTHON " -m unittest -v tests.%s",
             th_sanitizer_env(), cwd, STYR_BUILD, cwd, STYR_BIN, th_cache_dir(), test);
    int st = th_shell(&out, cmd);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "Ran 1 test") && strstr(out, "\nOK"), "%s", out);
    free(out);
}

#define PY_TEST(module, cls, method) \
    Test(python, method) { run_unittest(#module "." #cls "." #method); }

PY_TEST(test_same_as_cli, SameAsCli, test_files_give_the_report_of_styr_check)
PY_TEST(test_same_as_cli, SameAsCli, test_rows_as_dicts_give_the_violations_of_styr_check)
PY_TEST(test_same_as_cli, SameAsCli, test_column_lists_give_the_violations_of_styr_check)
PY_TEST(test_same_as_cli, SameAsCli, test_dataframes_give_the_violations_of_styr_check)
PY_TEST(test_same_as_cli, SameAsCli, test_outputs_are_the_tables_of_styr_check)
PY_TEST(test_same_as_cli, SameAsCli, test_json_and_text_are_the_reports_of_styr_check)
PY_TEST(test_same_as_cli, SameAsCli, test_jit_gives_the_interpreters_result)
PY_TEST(test_same_as_cli, ReadmeExample, test_readme_example_prints_the_violations_of_styr_check)

PY_TEST(test_values, ValuesIn, test_decimal_money_is_exact_to_the_oere)
PY_TEST(test_values, ValuesIn, test_money_as_text_and_as_whole_kroner)
PY_TEST(test_values, ValuesIn, test_fraction_of_an_oere_is_a_data_error_naming_column_and_row)
PY_TEST(test_values, ValuesIn, test_float_money_is_read_as_its_shortest_decimal)
PY_TEST(test_values, ValuesIn, test_percent_is_the_number_of_percent_as_a_decimal)
PY_TEST(test_values, ValuesIn, test_dates_from_date_datetime_and_iso_text)
PY_TEST(test_values, ValuesIn, test_none_nan_and_blank_text_are_empty_rows)
PY_TEST(test_values, ValuesIn, test_empty_row_of_a_required_column_is_a_data_error)
PY_TEST(test_values, ValuesIn, test_value_of_the_wrong_kind_is_a_data_error)
PY_TEST(test_values, ValuesIn, test_rows_as_dicts_may_leave_out_optional_columns)
PY_TEST(test_values, ValuesOut, test_item_values_and_keys_have_python_types)
PY_TEST(test_values, ValuesOut, test_declared_columns_are_listed_with_their_types)

PY_TEST(test_errors, Errors, test_rules_with_errors_raise_rules_error_with_the_diagnostics)
PY_TEST(test_errors, Errors, test_import_outside_the_folder_raises_rules_error_unless_allowed)
PY_TEST(test_errors, Errors, test_missing_rule_file_raises_rules_error)
PY_TEST(test_errors, Errors, test_unknown_dataset_raises_usage_error_listing_the_declared)
PY_TEST(test_errors, Errors, test_unknown_engine_raises_usage_error)
PY_TEST(test_errors, Errors, test_data_of_no_known_shape_raises_usage_error)
PY_TEST(test_errors, Errors, test_missing_data_file_raises_data_error_naming_it)
PY_TEST(test_errors, Errors, test_missing_column_raises_data_error)
PY_TEST(test_errors, Errors, test_columns_of_unequal_length_raise_usage_error)

PY_TEST(test_handles, Handles, test_closed_result_keeps_what_was_read_and_refuses_the_rest)
PY_TEST(test_handles, Handles, test_closing_the_rule_set_closes_its_results_first)
PY_TEST(test_handles, Handles, test_unreferenced_handles_are_freed_by_the_collector)
PY_TEST(test_handles, Handles, test_result_outlives_a_rule_set_nobody_holds)

PY_TEST(test_loading, Loading, test_runs_without_pandas)
PY_TEST(test_loading, Loading, test_styr_library_names_the_library_to_load)
PY_TEST(test_loading, Loading, test_without_styr_library_the_dynamic_linker_finds_it)

/* Every unittest of bindings/python/tests has a test above: a new one cannot be forgotten. */
Test(python, every_unittest_is_run_here)
{
    char *out;
    cr_assert_eq(th_shell(&out, "grep -ho 'def test_[a-z0-9_]*' bindings/python/tests/*.py | sed 's/def //' | sort"
                                " | while read t; do grep -q \"PY_TEST(.*, $t)\" tests/test_python.c || echo \"$t\"; done"),
                 0, "%s", out);
    cr_assert_str_eq(out, "", "not run by tests/test_python.c:\n%s", out);
    free(out);
}

Test(python, pip_installs_offline_and_runs_on_the_installed_library)
{
    const char *prefix = th_tempdir();
    char cwd[1024], cmd[4096], *out;
    cr_assert(getcwd(cwd, sizeof cwd));
    snprintf(cmd, sizeof cmd,
             "make --no-print-directory -s install BUILD=%s PREFIX=%s && " PYTHON " -m venv %s/env && "
             "%s/env/bin/pip install -q --no-index --no-cache-dir bindings/python",
             STYR_BUILD, prefix, prefix, prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    free(out);
    /* Outside the source tree, with nothing but the installed library to find. */
    snprintf(cmd, sizeof cmd,
             "cd / && %s LD_LIBRARY_PATH=%s/lib STYR_CACHE_DIR=%s %s/env/bin/python -c '"
             "import styr; r = styr.RuleSet(\"%s/rules/hovedstaden-2021-2022.styr\").check(); "
             "print(styr.__file__.startswith(\"%s/env/\"), r.verdict, r.rule(\"indexation_cap\").violations)'",
             th_sanitizer_env(), prefix, th_cache_dir(), prefix, cwd, prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    char *checked;
    th_styr(&checked, "check rules/hovedstaden-2021-2022.styr --format json | grep -o '\"id\": \"indexation_cap\".*\"violations\": [0-9]*'");
    const char *n = strrchr(checked, ' ');
    char want[64];
    snprintf(want, sizeof want, "True fails%s", n ? n : " ?");
    cr_assert_str_eq(out, want, "want %s", want);
    free(checked);
    free(out);
}
