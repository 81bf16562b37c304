/*
** test_report_csv.c: the CSV folder: a file per rule and per output table and a summary,
** with the report's counts, RFC 4180 quoting of hostile texts, exact money, Danish files
** separated by ';', and the folder made when missing.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static size_t lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, "\r\n")); p += 2) n++;
    return n;
}

/* Exports the fixture of nrows rows as CSV into a folder; returns the folder. */
static const char *fixture_csv(int nrows, const char *args)
{
    static char out[256];
    const char *dir = th_report_fixture(nrows);
    char cmd[1024], *text;
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(cmd, sizeof cmd, "check %s/rules.styr --format csv -o %s %s", dir, out, args);
    int st = th_styr(&text, cmd);
    cr_assert_eq(st, 1, "the fixture fails its cap: %s", text);
    free(text);
    return out;
}

static char *file_in(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = th_read(path);
    cr_assert(text, "%s is missing", path);
    return text;
}

Test(report_csv, a_file_per_rule_and_output_with_a_line_per_item)
{
    const char *dir = fixture_csv(40, "");
    char *summary = file_in(dir, "summary.csv");
    char *items = file_in(dir, "rule-amount_cap.csv");
    char *output = file_in(dir, "output-amount_by_municipality_and_year_for_the_report.csv");
    cr_assert_eq(lines(summary), 3, "a header and two rules");
    cr_assert(strstr(summary, "amount_cap,Beløb </script> højst 1000 kr.,requirement,fail,40,20,10,0\r\n"), "%s", summary);
    cr_assert_eq(lines(items), 21, "a header and the 20 odd rows");
    cr_assert(!strncmp(items, "status,dataset,row,id,amount,note,1000 kr,message,explained,explanation\r\n", 70), "%s", items);
    cr_assert_eq(lines(output), 13, "a header and 3 municipalities x 4 years");
    free(summary);
    free(items);
    free(output);
}

Test(report_csv, fields_with_quotes_and_separators_are_quoted_with_quotes_doubled)
{
    const char *dir = fixture_csv(8, "");
    char *items = file_in(dir, "rule-amount_cap.csv");
    char *output = file_in(dir, "output-amount_by_municipality_and_year_for_the_report.csv");
    cr_assert(strstr(items, ",\"Beløb 1234.50 for </script><img src=x onerror=alert(1)> \"\"I000001\"\", over; igen\","),
              "%s", items);
    cr_assert(strstr(items, ",true,\"Forklaring \"\"citat\"\" <b>&amp;</b>, komma; semikolon\"\r\n"), "%s", items);
    cr_assert(strstr(output, "\r\n\"A \"\"B\"\", C; D\",2020,"), "%s", output);
    cr_assert(strstr(output, "\r\n</script><b>x</b>,2021,"), "a field without separator or quote stays bare: %s", output);
    free(items);
    free(output);
}

Test(report_csv, money_is_exact_and_sums_to_the_øre)
{
    /* Municipality 0 has rows 0, 3, 6, 9: 999.99 + 1234.50 + 999.99 + 1234.50 over four years,
    ** one a year; with 24 rows, two a year: 2019 has rows 0 and 12, both 999.99. */
    const char *dir = fixture_csv(24, "");
    char *output = file_in(dir, "output-amount_by_municipality_and_year_for_the_report.csv");
    cr_assert(strstr(output, "\r\nAlbertslund,2019,1999.98,5000.00\r\n"), "%s", output);
    cr_assert(strstr(output, "\r\nAlbertslund,2022,2469.00,5000.00\r\n"), "%s", output);
    free(output);
}

Test(report_csv, danish_files_use_semicolons_and_decimal_comma)
{
    const char *dir = fixture_csv(8, "--locale da");
    char *items = file_in(dir, "rule-amount_cap.csv");
    char *output = file_in(dir, "output-amount_by_municipality_and_year_for_the_report.csv");
    cr_assert(strstr(items, "explained;items;3;I000001;1234,50;"), "%s", items);
    cr_assert(strstr(output, "\r\n\"A \"\"B\"\", C; D\";2020;1234,50;5000,00\r\n"), "%s", output);
    free(items);
    free(output);
}

Test(report_csv, missing_folders_are_made)
{
    const char *dir = th_report_fixture(4);
    char cmd[1024], path[512], *text;
    snprintf(cmd, sizeof cmd, "check %s/rules.styr --format csv -o %s/a/b/c", dir, dir);
    cr_assert_eq(th_styr(&text, cmd), 1, "%s", text);
    free(text);
    snprintf(path, sizeof path, "%s/a/b/c/summary.csv", dir);
    char *summary = th_read(path);
    cr_assert(summary);
    free(summary);
}

Test(report_csv, csv_without_a_folder_is_a_usage_error)
{
    char *text;
    cr_assert_eq(th_styr(&text, "check rules/hovedstaden-2021-2022.styr --format csv"), 2);
    cr_assert(strstr(text, "-o DIR"), "%s", text);
    free(text);
}

Test(report_csv, a_file_in_the_way_is_a_clear_error)
{
    const char *dir = th_report_fixture(4);
    char cmd[1024], *text;
    th_write(dir, "taken", "x");
    snprintf(cmd, sizeof cmd, "check %s/rules.styr --format csv -o %s/taken", dir, dir);
    cr_assert_eq(th_styr(&text, cmd), 2, "%s", text);
    cr_assert(strstr(text, "taken: not a folder"), "%s", text);
    free(text);
}
