/*
** test_sqlite.c: the SQLite extension (bindings/sqlite) in Debian's sqlite3 shell: the
** sample data imported with .import, the extension loaded with .load, its rows compared
** with the JSON report of `styr check` (read with SQLite's own JSON functions), and bad
** input answered with SQL errors that carry libstyr's messages.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define RULES "rules/hovedstaden-2021-2022.styr"

/* Runs script in sqlite3 on a new database, from the top of the source tree, with
** `.load` of this build's extension first; returns the exit status, output in *out. */
static int sqlite(char **out, const char *script)
{
    const char *dir = th_tempdir();
    char full[16384];
    snprintf(full, sizeof full, ".bail on\n.load %s\n%s", STYR_SQLITE_EXT, script);
    th_write(dir, "script.sql", full);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s STYR_CACHE_DIR=%s sqlite3 -batch %s/test.db < %s/script.sql", th_sanitizer_env(),
             th_cache_dir(), dir, dir);
    return th_shell(out, cmd);
}

/* The sample data as tables named like the datasets. */
#define IMPORT_ALL                                                                                               \
    ".import --csv rules/data/tariffs.csv tariffs\n.import --csv rules/data/offers.csv offers\n"          \
    ".import --csv rules/data/placements.csv placements\n.import --csv rules/data/explanations.csv explanations\n" \
    ".import --csv rules/data/municipalities.csv municipalities\n.import --csv rules/data/pl_index.csv pl_index\n"

/* The items of `styr check --format json` as table cli, beside those of styr_check as
** table ext, in the same columns; rows says whether to compare the rows too. */
static char *comparison(const char *check_args, bool rows)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s", th_tempdir());
    char args[512], *out;
    snprintf(args, sizeof args, "check " RULES " --format json -o %s/report.json", dir);
    int st = th_styr(&out, args);
    cr_assert(st == 0 || st == 1, "%s", out);
    free(out);
    char *sql = malloc(8192);
    snprintf(sql, 8192,
             "CREATE TEMP TABLE cli AS SELECT r.value ->> 'id' AS rule, r.value ->> 'kind' AS kind, "
             "r.value ->> 'status' AS status, i.value ->> 'dataset' AS dataset, %s AS row, json(i.value -> 'key') AS key, "
             "json(i.value -> 'values') AS vals, i.value ->> 'message' AS message, i.value ->> 'explained' AS explained, "
             "i.value ->> 'explanation' AS explanation "
             "FROM json_each(readfile('%s/report.json'), '$.rules') r, json_each(r.value, '$.items') i;\n"
             "CREATE TEMP TABLE ext AS SELECT rule, kind, status, dataset, %s AS row, json(key) AS key, "
             "json(\"values\") AS vals, message, explained, explanation FROM styr_check(%s);\n"
             "SELECT (SELECT count(*) FROM cli), (SELECT count(*) FROM ext), "
             "(SELECT count(*) FROM (SELECT * FROM cli EXCEPT SELECT * FROM ext)), "
             "(SELECT count(*) FROM (SELECT * FROM ext EXCEPT SELECT * FROM cli));\n",
             rows ? "i.value ->> 'row'" : "NULL", dir, rows ? "row" : "NULL", check_args);
    return sql;
}

/* Asserts that the comparison found the same items, and some. */
static void assert_same_items(const char *before, const char *check_args, bool rows)
{
    char *cmp = comparison(check_args, rows), script[16384], *out;
    snprintf(script, sizeof script, "%s%s", before, cmp);
    cr_assert_eq(sqlite(&out, script), 0, "%s", out);
    long cli, ext, missing, extra;
    cr_assert_eq(sscanf(out, "%ld|%ld|%ld|%ld", &cli, &ext, &missing, &extra), 4, "%s", out);
    cr_assert_gt(cli, 0);
    cr_assert_eq(ext, cli, "%s", out);
    cr_assert_eq(missing + extra, 0, "%ld items of styr check not found, %ld found that it does not have", missing, extra);
    free(cmp);
    free(out);
}

Test(sqlite, imported_tables_give_the_violations_of_styr_check)
{
    assert_same_items(IMPORT_ALL, "'" RULES "'", false);
}

Test(sqlite, datasets_without_a_table_are_read_from_their_files)
{
    assert_same_items("", "'" RULES "'", true);
}

Test(sqlite, typed_integer_and_real_columns_are_read_exactly)
{
    assert_same_items(".import --csv rules/data/tariffs.csv raw\n"
                      "CREATE TABLE tariffs(offer_id TEXT, year INTEGER, tariff_per_day REAL, base_tariff REAL, "
                      "service_tariff REAL, overhead_pct REAL, occupied_days INTEGER);\n"
                      "INSERT INTO tariffs SELECT offer_id, year, tariff_per_day, nullif(base_tariff, ''), "
                      "nullif(service_tariff, ''), overhead_pct, occupied_days FROM raw;\n",
                      "'" RULES "'", false);
}

Test(sqlite, jit_engine_option_gives_the_same_violations)
{
    assert_same_items(IMPORT_ALL, "'" RULES "', 'engine=jit, jobs=2'", false);
}

Test(sqlite, styr_rules_has_the_counts_of_styr_check)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s", th_tempdir());
    char args[512], script[4096], *out;
    snprintf(args, sizeof args, "check " RULES " --format json -o %s/report.json", dir);
    int st = th_styr(&out, args);
    cr_assert(st == 0 || st == 1, "%s", out);
    free(out);
    snprintf(script, sizeof script, IMPORT_ALL
             "SELECT count(*), sum(r.value ->> 'id' = s.rule AND r.value ->> 'status' = s.status "
             "AND r.value ->> 'checked' = s.checked AND r.value ->> 'violations' = s.violations "
             "AND r.value ->> 'explained' = s.explained AND r.value ->> 'errors' = s.errors "
             "AND r.value ->> 'title' = s.title AND r.value ->> 'kind' = s.kind) "
             "FROM json_each(readfile('%s/report.json'), '$.rules') r JOIN styr_rules('" RULES "') s "
             "ON s.rowid = r.key;\n", dir);
    cr_assert_eq(sqlite(&out, script), 0, "%s", out);
    cr_assert_str_eq(out, "6|6\n");
    free(out);
}

/* The README's session, run as it stands, prints the violations styr check finds. */
Test(sqlite, readme_session_prints_the_violations_of_styr_check)
{
    char *readme;
    cr_assert_eq(th_shell(&readme, "sed -n '/^## SQLite/,/^## /p' README.md | sed -n '/^```sql$/,/^```$/p' | sed '1d;$d'"), 0);
    cr_assert(strstr(readme, "styr_check"), "%s", readme);
    char dir[256];
    snprintf(dir, sizeof dir, "%s", th_tempdir());    /* sqlite() makes another */
    char args[512], *out;
    snprintf(args, sizeof args, "check " RULES " --format json -o %s/report.json", dir);
    int st = th_styr(&out, args);
    cr_assert(st == 0 || st == 1, "%s", out);
    free(out);
    /* The README loads build/styr_sqlite; this build's may lie elsewhere (make asan). */
    char *load = strstr(readme, ".load build/styr_sqlite\n");
    cr_assert(load, "%s", readme);
    memmove(load, load + strlen(".load build/styr_sqlite\n"), strlen(load + strlen(".load build/styr_sqlite\n")) + 1);
    char script[8192];
    snprintf(script, sizeof script, "%s", readme);
    char *session;
    cr_assert_eq(sqlite(&session, script), 0, "%s", session);
    snprintf(script, sizeof script,
             "SELECT i.value -> 'key' ->> 'offer_id', i.value -> 'key' ->> 'year', i.value ->> 'message' "
             "FROM json_each(readfile('%s/report.json'), '$.rules') r, json_each(r.value, '$.items') i "
             "WHERE r.value ->> 'id' = 'indexation_cap';\n", dir);
    char *want;
    cr_assert_eq(sqlite(&want, script), 0, "%s", want);
    cr_assert(strlen(want) > 100, "%s", want);
    cr_assert_str_eq(session, want);
    free(readme);
    free(session);
    free(want);
}

/* Runs a query that must fail; asserts that sqlite3 exits non-zero with message. */
static void assert_sql_error(const char *script, const char *message)
{
    char *out;
    int st = sqlite(&out, script);
    cr_assert_neq(st, 0, "%s", out);
    cr_assert(strstr(out, message), "want \"%s\" in:\n%s", message, out);
    free(out);
}

Test(sqlite, missing_rule_file_is_an_sql_error_naming_it)
{
    assert_sql_error("SELECT * FROM styr_check('rules/nonexistent.styr');\n",
                     "cannot read the rule file rules/nonexistent.styr");
}

Test(sqlite, rule_file_with_errors_is_an_sql_error_with_the_diagnostics)
{
    const char *dir = th_tempdir();
    const char *path = th_write(dir, "bad.styr", "dataset d columns a money\nrequirement r \"x\" for t in d require t.a + 5 % > 0\n");
    char script[1024];
    snprintf(script, sizeof script, "SELECT * FROM styr_check('%s');\n", path);
    assert_sql_error(script, "bad.styr:2:");
}

Test(sqlite, fraction_of_an_oere_in_a_real_column_is_an_sql_error)
{
    assert_sql_error(".import --csv rules/data/tariffs.csv tariffs\n"
                     "UPDATE tariffs SET tariff_per_day = 1234.567 WHERE rowid = 3;\n"
                     "SELECT count(*) FROM styr_check('" RULES "');\n",
                     "dataset tariffs (table tariffs): column tariff_per_day, row 3: cannot read '1234.567' as money: "
                     "not whole øre");
}

Test(sqlite, text_in_a_year_column_is_an_sql_error)
{
    assert_sql_error(".import --csv rules/data/tariffs.csv tariffs\n"
                     "UPDATE tariffs SET year = 'tyve' WHERE rowid = 2;\n"
                     "SELECT count(*) FROM styr_check('" RULES "');\n",
                     "column year, row 2: cannot read 'tyve' as year");
}

Test(sqlite, date_not_written_as_iso_text_is_an_sql_error)
{
    assert_sql_error(".import --csv rules/data/placements.csv placements\n"
                     "UPDATE placements SET from_date = '01.03.2021' WHERE rowid = 1;\n"
                     "SELECT count(*) FROM styr_check('" RULES "');\n",
                     "column from_date, row 1: cannot read '01.03.2021' as date: a date is text YYYY-MM-DD");
}

Test(sqlite, missing_column_is_an_sql_error)
{
    assert_sql_error(".import --csv rules/data/tariffs.csv tariffs\n"
                     "ALTER TABLE tariffs DROP COLUMN year;\n"
                     "SELECT count(*) FROM styr_check('" RULES "');\n",
                     "dataset tariffs: column year is missing");
}

Test(sqlite, allow_path_option_lets_the_rules_import_from_another_folder)
{
    /* bench/audit_tariffs.styr imports ../rules/datasets. */
    assert_sql_error("SELECT count(*) FROM styr_rules('bench/audit_tariffs.styr');\n",
                     "bench/audit_tariffs.styr:14:1: error: this import reaches outside the rule file's folder");
    char *out;
    cr_assert_eq(sqlite(&out, "SELECT count(*) FROM styr_rules('bench/audit_tariffs.styr', "
                              "'engine=interp allow_path=rules');\n"), 0, "%s", out);
    cr_assert_str_eq(out, "3\n");
    free(out);
}

Test(sqlite, unknown_option_and_missing_argument_are_sql_errors)
{
    assert_sql_error("SELECT count(*) FROM styr_check('" RULES "', 'engine=fast');\n", "unknown option 'engine=fast'");
    assert_sql_error("SELECT count(*) FROM styr_check();\n", "give the rule file");
}
