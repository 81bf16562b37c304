/*
** test_report_api.c: the report through the C API: styr_run_write_report hands out the
** same text as styr_run_report, in pieces, and says so when its writer gives up.
*/
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "styr.h"

/* A run of the shipped 2021-2022 rules over the sample data, executed. */
static styr_run *sample_run(styr_rules **rules)
{
    cr_assert_eq(styr_rules_open("rules/hovedstaden-2021-2022.styr", rules), STYR_OK);
    styr_run *run;
    cr_assert_eq(styr_run_new(*rules, &run), STYR_OK);
    styr_run_set_engine(run, STYR_ENGINE_INTERP);
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    return run;
}

typedef struct collected {
    char *text;
    size_t len, pieces;
    bool refuse;       /* the writer fails, as on a full disk */
} collected;

static int collect(void *ctx, const char *text, size_t len)
{
    collected *c = ctx;
    if (c->refuse) return -1;
    c->text = realloc(c->text, c->len + len + 1);
    memcpy(c->text + c->len, text, len);
    c->len += len;
    c->text[c->len] = 0;
    c->pieces++;
    return 0;
}

static void free_run(styr_run *run, styr_rules *rules)
{
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(report_api, written_report_is_the_returned_report_in_every_format)
{
    styr_rules *rules;
    styr_run *run = sample_run(&rules);
    const int formats[] = { STYR_FORMAT_JSON, STYR_FORMAT_TEXT, STYR_FORMAT_HTML };
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        char *whole;
        size_t len;
        cr_assert_eq(styr_run_report(run, formats[i], 0, &whole, &len), STYR_OK);
        collected c = { 0 };
        cr_assert_eq(styr_run_write_report(run, formats[i], 0, collect, &c), STYR_OK);
        cr_assert_eq(c.len, len);
        cr_assert_str_eq(c.text, whole);
        free(c.text);
        styr_free(whole);
    }
    free_run(run, rules);
}

Test(report_api, large_report_comes_in_pieces_of_bounded_size)
{
    char *dir = (char *)th_tempdir();
    FILE *f = fopen(th_write(dir, "t.csv", ""), "w");
    fputs("id,amount\n", f);
    for (int i = 0; i < 20000; i++) fprintf(f, "R%05d,%d.50\n", i, i);
    fclose(f);
    styr_rules *rules;
    cr_assert_eq(styr_rules_open(th_write(dir, "rules.styr",
                                          "dataset t from \"t.csv\" key id columns id text  amount money\n"
                                          "requirement small \"Small\"\n  for r in t\n  require r.amount < 1 kr\n"),
                                 &rules), STYR_OK, "%s", styr_rules_errmsg(rules));
    styr_run *run;
    styr_run_new(rules, &run);
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    collected c = { 0 };
    cr_assert_eq(styr_run_write_report(run, STYR_FORMAT_JSON, 0, collect, &c), STYR_OK);
    cr_assert_gt(c.len, 1000000, "the report of 20,000 items is %zu bytes", c.len);
    cr_assert_gt(c.pieces, 10, "a %zu-byte report came in %zu pieces", c.len, c.pieces);
    cr_assert_lt(c.len / c.pieces, 256 * 1024);
    free(c.text);
    free_run(run, rules);
}

Test(report_api, refusing_writer_makes_write_report_fail)
{
    styr_rules *rules;
    styr_run *run = sample_run(&rules);
    collected c = { .refuse = true };
    cr_assert_eq(styr_run_write_report(run, STYR_FORMAT_JSON, 0, collect, &c), STYR_ERR_WRITE);
    cr_assert_eq(c.len, 0);
    free_run(run, rules);
}

Test(report_api, write_report_without_writer_or_run_is_a_usage_error)
{
    collected c = { 0 };
    cr_assert_eq(styr_run_write_report(NULL, STYR_FORMAT_JSON, 0, collect, &c), STYR_ERR_USAGE);
    styr_rules *rules;
    styr_run *run = sample_run(&rules);
    cr_assert_eq(styr_run_write_report(run, STYR_FORMAT_JSON, 0, NULL, NULL), STYR_ERR_USAGE);
    cr_assert_eq(styr_run_write_report(run, 99, 0, collect, &c), STYR_ERR_USAGE);
    cr_assert_eq(c.len, 0);
    free_run(run, rules);
}

Test(report_api, danish_flag_changes_the_text_report_and_never_the_json)
{
    styr_rules *rules;
    styr_run *run = sample_run(&rules);
    char *en, *da, *json_en, *json_da;
    styr_run_report(run, STYR_FORMAT_TEXT, 0, &en, NULL);
    styr_run_report(run, STYR_FORMAT_TEXT, STYR_REPORT_DANISH, &da, NULL);
    cr_assert(strstr(en, "Read 21,780 rows"), "%.300s", en);
    cr_assert(strstr(da, "Read 21.780 rows"), "%.300s", da);
    cr_assert(strstr(en, "tariff_per_day = 5845.54, tariff_2019 = 5238.50, pl_2019 = 110.3"), "%s", en);
    cr_assert(strstr(da, "tariff_per_day = 5.845,54, tariff_2019 = 5.238,50, pl_2019 = 110,3"), "%s", da);
    styr_run_report(run, STYR_FORMAT_JSON, 0, &json_en, NULL);
    styr_run_report(run, STYR_FORMAT_JSON, STYR_REPORT_DANISH, &json_da, NULL);
    cr_assert_str_eq(json_da, json_en);
    styr_free(en);
    styr_free(da);
    styr_free(json_en);
    styr_free(json_da);
    free_run(run, rules);
}

Test(report_api, exported_html_file_is_the_reported_html)
{
    styr_rules *rules;
    styr_run *run = sample_run(&rules);
    char path[256], *html;
    snprintf(path, sizeof path, "%s/report.html", th_tempdir());
    cr_assert_eq(styr_run_export(run, STYR_FORMAT_HTML, 0, path), STYR_OK, "%s", styr_run_errmsg(run));
    cr_assert_eq(styr_run_report(run, STYR_FORMAT_HTML, 0, &html, NULL), STYR_OK);
    char *file = th_read(path);
    cr_assert_str_eq(file, html);
    free(file);
    styr_free(html);
    free_run(run, rules);
}

Test(report_api, export_into_a_missing_folder_says_where_and_why)
{
    styr_rules *rules;
    styr_run *run = sample_run(&rules);
    cr_assert_eq(styr_run_export(run, STYR_FORMAT_XLSX, 0, "/nonexistent-styr/report.xlsx"), STYR_ERR_WRITE);
    cr_assert(strstr(styr_run_errmsg(run), "cannot write /nonexistent-styr/report.xlsx"), "%s", styr_run_errmsg(run));
    cr_assert_eq(styr_run_export(run, STYR_FORMAT_HTML, 0, "/nonexistent-styr/report.html"), STYR_ERR_WRITE);
    cr_assert(strstr(styr_run_errmsg(run), "cannot write /nonexistent-styr/report.html: No such file"), "%s",
              styr_run_errmsg(run));
    cr_assert_eq(styr_run_export(run, 99, 0, "/tmp/x"), STYR_ERR_USAGE);
    free_run(run, rules);
}
