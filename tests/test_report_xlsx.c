/*
** test_report_xlsx.c: the Excel workbook, read back with unzip: its sheets and their
** names, money as numbers in a DKK format, frozen header rows and filters, escaped texts.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char *fixture_xlsx(int nrows)
{
    static char path[256];
    const char *dir = th_report_fixture(nrows);
    char cmd[1024], *text;
    snprintf(path, sizeof path, "%s/report.xlsx", dir);
    snprintf(cmd, sizeof cmd, "check %s/rules.styr --format xlsx -o %s", dir, path);
    cr_assert_eq(th_styr(&text, cmd), 1, "%s", text);
    free(text);
    return path;
}

/* One member of the workbook's zip archive. */
static char *member(const char *xlsx, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p %s %s", xlsx, name);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    char *text = th_read_all(p);
    cr_assert_eq(pclose(p), 0, "unzip %s %s", xlsx, name);
    return text;
}

Test(report_xlsx, a_summary_sheet_then_a_sheet_per_rule_and_output)
{
    char *wb = member(fixture_xlsx(8), "xl/workbook.xml");
    const char *summary = strstr(wb, "<sheet name=\"Summary\"");
    const char *cap = strstr(wb, "<sheet name=\"amount_cap\"");
    const char *amounts = strstr(wb, "<sheet name=\"amounts\"");
    /* Excel takes at most 31 characters. */
    const char *output = strstr(wb, "<sheet name=\"amount_by_municipality_and_year\"");
    cr_assert(summary && cap && amounts && output, "%s", wb);
    cr_assert(summary < cap && cap < amounts && amounts < output);
    free(wb);
}

Test(report_xlsx, money_is_a_number_in_a_dkk_format)
{
    const char *xlsx = fixture_xlsx(8);
    char *styles = member(xlsx, "xl/styles.xml");
    char *items = member(xlsx, "xl/worksheets/sheet2.xml");
    cr_assert(strstr(styles, "formatCode=\"#,##0.00 &quot;kr.&quot;\""), "%s", styles);
    cr_assert(strstr(items, "><v>1234.5</v></c>"), "1234.50 kr. as the number 1234.5: %s", items);
    free(styles);
    free(items);
}

Test(report_xlsx, header_row_frozen_and_filtered)
{
    char *items = member(fixture_xlsx(8), "xl/worksheets/sheet2.xml");
    cr_assert(strstr(items, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"), "%s", items);
    cr_assert(strstr(items, "<autoFilter ref=\"A1:J5\"/>"), "a header and 4 items, 10 columns: %s", items);
    cr_assert(strstr(items, "<col "), "columns sized: %s", items);
    free(items);
}

Test(report_xlsx, texts_are_escaped_in_the_sheet)
{
    char *items = member(fixture_xlsx(8), "xl/worksheets/sheet2.xml");
    cr_assert(strstr(items, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;I000001&quot;")
              || strstr(items, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; \"I000001\""), "%s", items);
    cr_assert_null(strstr(items, "<img"));
    free(items);
}

Test(report_xlsx, xlsx_without_a_file_is_a_usage_error)
{
    char *text;
    cr_assert_eq(th_styr(&text, "check rules/hovedstaden-2021-2022.styr --format xlsx"), 2);
    cr_assert(strstr(text, "-o FILE.xlsx"), "%s", text);
    free(text);
}
