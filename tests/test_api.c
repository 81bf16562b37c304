/*
** test_api.c: the public C API (styr.h) as an embedding program uses it: walking the
** results, binding data from CSV text and from caller-owned columns, misuse answered
** with a status and a message, and many threads running one rule set.
*/
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "styr.h"

static const char rules_text[] =
    "agreement \"Test\" period 2021-01-01 to 2022-12-31\n"
    "dataset tariffs key offer_id, year columns\n"
    "  offer_id text  year year  tariff_per_day money  share number optional\n"
    "  opened date optional\n"
    "requirement cap \"At most 1000 kr. a day\"\n"
    "  for t in tariffs\n"
    "  let over = t.tariff_per_day - 1000 kr\n"
    "  require t.tariff_per_day <= 1000 kr\n"
    "  message \"{t.offer_id} is {over} over\"\n"
    "info totals \"Tariffs per year\"\n"
    "  for t in tariffs\n"
    "  group by t.year\n"
    "  let total = sum(t.tariff_per_day)\n"
    "  let shares = sum(t.share)\n"
    "  emit per_year (year, total, shares)\n";

static const char csv_text[] =
    "offer_id,year,tariff_per_day,share,opened\n"
    "T1,2021,900.00,0.25,2020-01-15\n"
    "T2,2021,1200.50,,\n"
    "T1,2022,1000.01,0.5,2020-01-15\n";

static styr_rules *open_rules(void)
{
    styr_rules *rules;
    cr_assert_eq(styr_rules_open_text("/tmp/api.styr", rules_text, strlen(rules_text), &rules), STYR_OK, "%s",
                 styr_rules_errmsg(rules));
    return rules;
}

/* The run's JSON report (malloc'ed). */
static char *json_of(const styr_run *run)
{
    char *json;
    cr_assert_eq(styr_run_report(run, STYR_FORMAT_JSON, 0, &json, NULL), STYR_OK);
    return json;
}

/* The columns of csv_text, as a program would hold them. */
static const char *const ids[] = { "T1", "T2", "T1" };
static const int64_t years[] = { 2021, 2021, 2022 };
static const int64_t oere[] = { 90000, 120050, 100001 };
static const double shares[] = { 0.25, 0, 0.5 };
static const uint8_t share_valid[] = { 0x5 };   /* rows 0 and 2 */
static const int64_t opened[] = { 18276, 0, 18276 }; /* 2020-01-15 */

static styr_column tariff_columns[] = {
    { .name = "offer_id", .type = STYR_COL_TEXT, .values = ids },
    { .name = "year", .type = STYR_COL_INT64, .values = years },
    { .name = "tariff_per_day", .type = STYR_COL_OERE, .values = oere },
    { .name = "share", .type = STYR_COL_DOUBLE, .values = shares, .valid = share_valid },
    { .name = "opened", .type = STYR_COL_DAYS, .values = opened, .valid = share_valid },
};

Test(api, results_walked_one_by_one_are_the_json_report)
{
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    cr_assert_eq(styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text)), STYR_OK, "%s", styr_run_errmsg(run));
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    char *json = json_of(run);
    cr_assert_eq(styr_result_rules(run), 2);
    for (int r = 0; r < styr_result_rules(run); r++) {
        char want[512];
        snprintf(want, sizeof want,
                 "{\"id\": \"%s\", \"title\": \"%s\", \"kind\": \"%s\", \"status\": \"%s\", \"checked\": %lld, "
                 "\"violations\": %lld, \"explained\": %lld, \"errors\": %lld",
                 styr_result_rule_id(run, r), styr_rule_title(rules, r), styr_result_rule_kind(run, r),
                 styr_result_rule_status(run, r), (long long)styr_result_rule_count(run, r, STYR_COUNT_CHECKED),
                 (long long)styr_result_rule_count(run, r, STYR_COUNT_VIOLATIONS),
                 (long long)styr_result_rule_count(run, r, STYR_COUNT_EXPLAINED),
                 (long long)styr_result_rule_count(run, r, STYR_COUNT_ERRORS));
        cr_assert(strstr(json, want), "%s\nnot in\n%s", want, json);
    }
    cr_assert_str_eq(styr_result_rule_status(run, 0), "fail");
    cr_assert_eq(styr_result_rule_count(run, 0, STYR_COUNT_ITEMS), 2);
    cr_assert_str_eq(styr_item_text(run, 0, 0, STYR_ITEM_DATASET), "tariffs");
    cr_assert_str_eq(styr_item_text(run, 0, 0, STYR_ITEM_MESSAGE), "T2 is 200.50 over");
    cr_assert_null(styr_item_text(run, 0, 0, STYR_ITEM_EXPLANATION));
    cr_assert_eq(styr_item_row(run, 0, 0), 3);
    cr_assert_eq(styr_item_explained(run, 0, 0), 0);
    cr_assert_eq(styr_item_values(run, 0, 0, STYR_PART_KEY), 2);
    const char *name;
    int type;
    cr_assert_str_eq(styr_item_value(run, 0, 0, STYR_PART_KEY, 0, &name, &type), "T2");
    cr_assert_str_eq(name, "offer_id");
    cr_assert_eq(type, STYR_TYPE_TEXT);
    cr_assert_str_eq(styr_item_value(run, 0, 0, STYR_PART_KEY, 1, &name, &type), "2021");
    cr_assert_eq(type, STYR_TYPE_YEAR);
    int nvalues = styr_item_values(run, 0, 1, STYR_PART_VALUES);
    bool saw_over = false;
    for (int k = 0; k < nvalues; k++) {
        const char *text = styr_item_value(run, 0, 1, STYR_PART_VALUES, k, &name, &type);
        if (!strcmp(name, "over")) {
            cr_assert_str_eq(text, "0.01");
            cr_assert_eq(type, STYR_TYPE_MONEY);
            saw_over = true;
        }
    }
    cr_assert(saw_over);
    free(json);
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(api, output_tables_walked_cell_by_cell)
{
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text));
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    cr_assert_eq(styr_result_outputs(run), 1);
    cr_assert_str_eq(styr_output_name(run, 0), "per_year");
    cr_assert_eq(styr_output_columns(run, 0), 3);
    int type;
    cr_assert_str_eq(styr_output_column(run, 0, 1, &type), "total");
    cr_assert_eq(type, STYR_TYPE_MONEY);
    cr_assert_eq(styr_output_rows(run, 0), 2);
    cr_assert_str_eq(styr_output_cell(run, 0, 0, 0), "2021");
    cr_assert_str_eq(styr_output_cell(run, 0, 0, 1), "2100.50");
    cr_assert_str_eq(styr_output_cell(run, 0, 0, 2), "0.25");
    cr_assert_str_eq(styr_output_cell(run, 0, 1, 1), "1000.01");
    cr_assert_null(styr_output_cell(run, 0, 2, 0));
    cr_assert_null(styr_output_cell(run, 0, 0, 3));
    styr_run_free(run);
    styr_rules_close(rules);
}

/* The JSON report of the rules over tariffs bound from columns, or the error. */
static char *report_from_columns(const styr_column *cols, int ncols, int64_t nrows, int *status)
{
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    *status = styr_bind_columns(run, "tariffs", nrows, cols, ncols);
    char *out = NULL;
    if (*status == STYR_OK) *status = styr_execute(run);
    if (*status == STYR_OK) out = json_of(run);
    else out = strdup(styr_run_errmsg(run));
    styr_run_free(run);
    styr_rules_close(rules);
    return out;
}

Test(api, declared_datasets_and_columns_are_listed_with_their_types)
{
    styr_rules *rules = open_rules();
    cr_assert_eq(styr_rules_datasets(rules), 1);
    cr_assert_str_eq(styr_dataset_name(rules, 0), "tariffs");
    cr_assert_eq(styr_dataset_columns(rules, 0), 5);
    const char *want[] = { "offer_id", "year", "tariff_per_day", "share", "opened" };
    int want_type[] = { STYR_TYPE_TEXT, STYR_TYPE_YEAR, STYR_TYPE_MONEY, STYR_TYPE_NUMBER, STYR_TYPE_DATE };
    for (int c = 0; c < 5; c++) {
        int type, optional;
        cr_assert_str_eq(styr_dataset_column(rules, 0, c, &type, &optional), want[c]);
        cr_assert_eq(type, want_type[c], "column %s", want[c]);
        cr_assert_eq(optional, c >= 3, "column %s", want[c]);
    }
    cr_assert_null(styr_dataset_name(rules, 1));
    cr_assert_eq(styr_dataset_columns(rules, -1), -1);
    cr_assert_null(styr_dataset_column(rules, 0, 5, NULL, NULL));
    styr_rules_close(rules);
}

Test(api, rules_with_errors_and_null_handles_declare_no_datasets)
{
    const char text[] = "dataset d columns a money\nrequirement r \"x\" for t in d require t.a + 5 % > 0\n";
    styr_rules *rules;
    cr_assert_eq(styr_rules_open_text("/tmp/bad.styr", text, strlen(text), &rules), STYR_ERR_RULES);
    cr_assert_eq(styr_rules_datasets(rules), 0);
    cr_assert_null(styr_dataset_name(rules, 0));
    cr_assert_eq(styr_rules_datasets(NULL), 0);
    cr_assert_eq(styr_dataset_columns(NULL, 0), -1);
    styr_rules_close(rules);
}

Test(api, columns_give_the_report_of_the_same_data_as_csv)
{
    int st;
    char *from_columns = report_from_columns(tariff_columns, 5, 3, &st);
    cr_assert_eq(st, STYR_OK, "%s", from_columns);
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text));
    styr_execute(run);
    char *from_csv = json_of(run);
    /* Rows bound from columns are numbered from 1; in the CSV the first row is line 2. */
    char *p;
    while ((p = strstr(from_csv, "\"row\": 3"))) p[7] = '2';
    while ((p = strstr(from_csv, "\"row\": 4"))) p[7] = '3';
    cr_assert_str_eq(from_columns, from_csv);
    free(from_columns);
    free(from_csv);
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(api, money_from_doubles_is_exact_and_refuses_fractions_of_an_oere)
{
    const double kr[] = { 900, 1200.5, 1000.01 };
    styr_column cols[] = { tariff_columns[0], tariff_columns[1], { .name = "tariff_per_day", .type = STYR_COL_DOUBLE, .values = kr } };
    int st;
    char *json = report_from_columns(cols, 3, 3, &st);
    cr_assert_eq(st, STYR_OK, "%s", json);
    cr_assert(strstr(json, "\"over\": \"200.50\""), "%s", json);
    free(json);
    const double bad[] = { 900, 0.1 + 0.2, 1000 };
    cols[2].values = bad;
    json = report_from_columns(cols, 3, 3, &st);
    cr_assert_eq(st, STYR_ERR_DATA);
    cr_assert_str_eq(json, "dataset tariffs: column tariff_per_day, row 2: 0.30000000000000004 is not whole øre");
    free(json);
}

Test(api, number_from_a_double_is_its_shortest_decimal)
{
    const double odd[] = { 0.1 + 0.2, 1e-5, 2.5 };
    const uint8_t all[] = { 0x7 };
    styr_column cols[] = { tariff_columns[0], tariff_columns[1], tariff_columns[2],
                           { .name = "share", .type = STYR_COL_DOUBLE, .values = odd, .valid = all } };
    int st;
    char *json = report_from_columns(cols, 4, 3, &st);
    cr_assert_eq(st, STYR_OK, "%s", json);
    /* 2021: 0.30000000000000004 + 0.00001, shown to six decimals */
    cr_assert(strstr(json, "\"shares\": 0.30001}"), "%s", json);
    cr_assert(strstr(json, "\"shares\": 2.5"), "%s", json);
    free(json);
}

Test(api, column_of_the_wrong_type_is_a_usage_error_naming_the_fitting_types)
{
    styr_column cols[] = { tariff_columns[0], tariff_columns[1], { .name = "tariff_per_day", .type = STYR_COL_TEXT, .values = ids } };
    int st;
    char *msg = report_from_columns(cols, 3, 3, &st);
    cr_assert_eq(st, STYR_ERR_USAGE);
    cr_assert_str_eq(msg, "dataset tariffs: column tariff_per_day is money: bind it as STYR_COL_OERE (øre), "
                          "STYR_COL_INT64 (whole kroner) or STYR_COL_DOUBLE, not STYR_COL_TEXT");
    free(msg);
}

Test(api, missing_column_is_a_data_error)
{
    int st;
    char *msg = report_from_columns(tariff_columns, 2, 3, &st);
    cr_assert_eq(st, STYR_ERR_DATA);
    cr_assert_str_eq(msg, "dataset tariffs: column tariff_per_day is missing; the rules declare it and it is not optional");
    free(msg);
}

Test(api, empty_row_in_a_required_column_is_a_data_error)
{
    const uint8_t none_but_first[] = { 0x1 };
    styr_column cols[] = { tariff_columns[0], tariff_columns[1],
                           { .name = "tariff_per_day", .type = STYR_COL_OERE, .values = oere, .valid = none_but_first } };
    int st;
    char *msg = report_from_columns(cols, 3, 3, &st);
    cr_assert_eq(st, STYR_ERR_DATA);
    cr_assert_str_eq(msg, "dataset tariffs: column tariff_per_day, row 2: empty value; the column is not declared optional");
    free(msg);
}

Test(api, year_out_of_range_and_invalid_text_are_data_errors)
{
    const int64_t bad_years[] = { 2021, 0, 2022 };
    styr_column cols[] = { tariff_columns[0], { .name = "year", .type = STYR_COL_INT64, .values = bad_years }, tariff_columns[2] };
    int st;
    char *msg = report_from_columns(cols, 3, 3, &st);
    cr_assert_eq(st, STYR_ERR_DATA);
    cr_assert_str_eq(msg, "dataset tariffs: column year, row 2: 0 is not a year (1 to 9999)");
    free(msg);
    const char *bad_ids[] = { "T1", "T\xff", "T3" };
    styr_column texts[] = { { .name = "offer_id", .type = STYR_COL_TEXT, .values = bad_ids }, tariff_columns[1], tariff_columns[2] };
    msg = report_from_columns(texts, 3, 3, &st);
    cr_assert_eq(st, STYR_ERR_DATA);
    cr_assert_str_eq(msg, "dataset tariffs: column offer_id, row 2: the text is not valid UTF-8");
    free(msg);
}

Test(api, duplicated_key_in_bound_columns_is_a_data_error)
{
    const char *same[] = { "T1", "T1", "T1" };
    const int64_t same_year[] = { 2021, 2022, 2021 };
    styr_column cols[] = { { .name = "offer_id", .type = STYR_COL_TEXT, .values = same },
                           { .name = "year", .type = STYR_COL_INT64, .values = same_year }, tariff_columns[2] };
    int st;
    char *msg = report_from_columns(cols, 3, 3, &st);
    cr_assert_eq(st, STYR_ERR_DATA);
    cr_assert(strstr(msg, "the key (offer_id T1, year 2021) is already on line 1"), "%s", msg);
    free(msg);
}

Test(api, bad_csv_text_is_a_data_error_at_bind_time)
{
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    const char bad[] = "offer_id,year,tariff_per_day\nT1,20x1,900\n";
    cr_assert_eq(styr_bind_csv(run, "tariffs", bad, strlen(bad)), STYR_ERR_DATA);
    cr_assert_str_eq(styr_run_errmsg(run), "tariffs:2: column year: cannot read \"20x1\" as year");
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(api, null_handles_and_out_of_range_indexes_answer_without_crashing)
{
    cr_assert_eq(styr_result_rules(NULL), -1);
    cr_assert_null(styr_result_rule_id(NULL, 0));
    cr_assert_eq(styr_result_rule_count(NULL, 0, STYR_COUNT_CHECKED), -1);
    cr_assert_null(styr_item_text(NULL, 0, 0, STYR_ITEM_MESSAGE));
    cr_assert_eq(styr_item_row(NULL, 0, 0), -1);
    cr_assert_eq(styr_item_values(NULL, 0, 0, STYR_PART_KEY), -1);
    cr_assert_null(styr_item_value(NULL, 0, 0, STYR_PART_KEY, 0, NULL, NULL));
    cr_assert_eq(styr_result_outputs(NULL), -1);
    cr_assert_null(styr_output_cell(NULL, 0, 0, 0));
    cr_assert_eq(styr_bind_csv(NULL, "tariffs", "", 0), STYR_ERR_USAGE);
    cr_assert_eq(styr_bind_columns(NULL, "tariffs", 0, NULL, 0), STYR_ERR_USAGE);
    cr_assert_eq(styr_execute(NULL), STYR_ERR_USAGE);
    cr_assert_str_eq(styr_rules_errmsg(NULL), "");
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text));
    styr_execute(run);
    cr_assert_null(styr_result_rule_id(run, 2));
    cr_assert_null(styr_result_rule_id(run, -1));
    cr_assert_eq(styr_result_rule_count(run, 0, 99), -1);
    cr_assert_null(styr_item_text(run, 0, 5, STYR_ITEM_MESSAGE));
    cr_assert_eq(styr_item_values(run, 0, 0, 7), -1);
    cr_assert_null(styr_item_value(run, 0, 0, STYR_PART_KEY, 2, NULL, NULL));
    cr_assert_null(styr_output_column(run, 1, 0, NULL));
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(api, calls_out_of_order_are_usage_errors)
{
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    char *text;
    cr_assert_eq(styr_run_report(run, STYR_FORMAT_JSON, 0, &text, NULL), STYR_ERR_USAGE);
    cr_assert_eq(styr_result_rules(run), -1);
    cr_assert_eq(styr_bind_csv(run, "nope", csv_text, strlen(csv_text)), STYR_ERR_USAGE);
    cr_assert_str_eq(styr_run_errmsg(run), "the rules declare no dataset nope; they declare: tariffs");
    cr_assert_eq(styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text)), STYR_OK);
    cr_assert_eq(styr_execute(run), STYR_OK);
    cr_assert_eq(styr_execute(run), STYR_ERR_USAGE);
    cr_assert_eq(styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text)), STYR_ERR_USAGE);
    cr_assert_eq(styr_bind_file(run, "tariffs", "x.csv"), STYR_ERR_USAGE);
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(api, later_binding_replaces_the_earlier_one)
{
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    cr_assert_eq(styr_bind_file(run, "tariffs", "/nonexistent.csv"), STYR_OK);
    cr_assert_eq(styr_bind_columns(run, "tariffs", 3, tariff_columns, 5), STYR_OK, "%s", styr_run_errmsg(run));
    cr_assert_eq(styr_bind_csv(run, "tariffs", csv_text, strlen(csv_text)), STYR_OK);
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    cr_assert_eq(styr_item_row(run, 0, 0), 3, "the CSV's line numbers, not the columns' row numbers");
    styr_run_free(run);
    styr_rules_close(rules);
}

/* Found by make soak: a file that failed to load stayed half-read in the run, and the
** next call that loads the data (styr_execute after styr_run_explain) took it for data
** bound from memory and ran the rules over the rows read before the bad one. */
Test(api, data_error_of_explain_is_the_data_error_of_the_execute_after_it)
{
    const char *dir = th_tempdir();
    const char *path = th_write(dir, "tariffs.csv", "offer_id,year,tariff_per_day\nT1,2021,900\nT2\n");
    styr_rules *rules = open_rules();
    styr_run *run;
    styr_run_new(rules, &run);
    cr_assert_eq(styr_bind_file(run, "tariffs", path), STYR_OK);
    char *text = NULL;
    cr_assert_eq(styr_run_explain(run, "cap", "offer_id=T1,year=2021", STYR_FORMAT_TEXT, 0, &text, NULL), STYR_ERR_DATA);
    char *first = strdup(styr_run_errmsg(run));
    cr_assert(strstr(first, "tariffs.csv:3"), "%s", first);
    cr_assert_eq(styr_execute(run), STYR_ERR_DATA, "the run went on over part of the file");
    cr_assert_str_eq(styr_run_errmsg(run), first);
    free(first);
    styr_run_free(run);
    styr_rules_close(rules);
}

/* Found by make soak: a dataset the rules never read, bound from CSV text or columns,
** was counted in the report's rows_read, where styr check (which reads only what the
** rules need) did not count its file: the same data gave two reports. */
Test(api, datasets_the_rules_do_not_read_are_not_counted_however_bound)
{
    const char *dir = th_tempdir();
    static const char extra_csv[] = "id\nA\nB\n";
    th_write(dir, "tariffs.csv", csv_text);
    th_write(dir, "extra.csv", extra_csv);
    const char *path = th_write(dir, "rules.styr",
                                "agreement \"Test\"\n"
                                "dataset tariffs from \"tariffs.csv\" key offer_id, year columns\n"
                                "  offer_id text  year year  tariff_per_day money\n"
                                "dataset extra from \"extra.csv\" key id columns id text\n"
                                "requirement cap \"At most 1000 kr. a day\"\n"
                                "  for t in tariffs\n"
                                "  require t.tariff_per_day <= 1000 kr\n");
    styr_rules *rules;
    cr_assert_eq(styr_rules_open(path, &rules), STYR_OK, "%s", styr_rules_errmsg(rules));
    styr_run *files, *texts;
    styr_run_new(rules, &files);
    styr_run_new(rules, &texts);
    cr_assert_eq(styr_bind_csv(texts, "tariffs", csv_text, strlen(csv_text)), STYR_OK);
    cr_assert_eq(styr_bind_csv(texts, "extra", extra_csv, strlen(extra_csv)), STYR_OK);
    cr_assert_eq(styr_execute(files), STYR_OK, "%s", styr_run_errmsg(files));
    cr_assert_eq(styr_execute(texts), STYR_OK, "%s", styr_run_errmsg(texts));
    char *from_files = json_of(files), *from_texts = json_of(texts);
    cr_assert(strstr(from_files, "\"rows_read\": 3,"), "%s", from_files);
    cr_assert_str_eq(from_texts, from_files);
    free(from_files);
    free(from_texts);
    styr_run_free(files);
    styr_run_free(texts);
    styr_rules_close(rules);
}

/* ---- many threads, one rule set ---- */

/* Runs tools/threads.c (a ThreadSanitizer build of it under make tsan) on the shipped rules. */
static void threads_agree(const char *engine)
{
    const char *bin = getenv("STYR_THREADS_BIN") ? getenv("STYR_THREADS_BIN") : THREADS_BIN;
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "%s rules/hovedstaden-2021-2022.styr 8 %s %s", bin, engine, th_cache_dir());
    int st = th_shell(&out, cmd);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "8 threads"), "%s", out);
    cr_assert_null(strstr(out, "ThreadSanitizer"), "%s", out);
    free(out);
}

Test(api_threads, interpreter_runs_in_many_threads_give_one_threads_report)
{
    threads_agree("interp");
}

Test(api_threads, jit_runs_in_many_threads_give_one_threads_report)
{
    threads_agree("jit");
}
