/*
** test_report_html.c: the HTML report: one self-contained page whose counts are the
** report's, every hostile text escaped, 100,000 items embedded once and paged by the
** script, numbers in the chosen locale, and charts chosen from the data.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "report_chart.h"

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

/* The HTML report of a rule file, with extra arguments. */
static char *html_of(const char *rules, const char *args)
{
    char path[256], cmd[1024], *out;
    snprintf(path, sizeof path, "%s/report.html", th_tempdir());
    snprintf(cmd, sizeof cmd, "check %s --format html -o %s %s", rules, path, args);
    int st = th_styr(&out, cmd);
    cr_assert(st == 0 || st == 1, "styr check: %d %s", st, out);
    free(out);
    char *html = th_read(path);
    cr_assert(html);
    remove(path);
    return html;
}

static char *fixture_html(int nrows, const char *args)
{
    char rules[256];
    snprintf(rules, sizeof rules, "%s/rules.styr", th_report_fixture(nrows));
    return html_of(rules, args);
}

/* A count of a rule in the JSON report: "checked", "violations" or "explained". */
static long json_count(const char *rule, const char *field)
{
    char *json, pat[128];
    th_styr(&json, "check rules/hovedstaden-2021-2022.styr --format json --engine interp");
    snprintf(pat, sizeof pat, "\"id\": \"%s\"", rule);
    const char *at = strstr(json, pat);
    cr_assert(at, "%s", pat);
    snprintf(pat, sizeof pat, "\"%s\": ", field);
    at = strstr(at, pat);
    long n = strtol(at + strlen(pat), NULL, 10);
    free(json);
    return n;
}

Test(report_html, summary_shows_the_counts_of_the_json_report)
{
    char *html = html_of("rules/hovedstaden-2021-2022.styr", "--engine interp");
    char want[256];
    snprintf(want, sizeof want, "<td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>",
             json_count("indexation_cap", "checked"), json_count("indexation_cap", "violations"),
             json_count("indexation_cap", "explained"));
    const char *row = strstr(html, "<tr data-rule=\"indexation_cap\">");
    cr_assert(row);
    cr_assert(strstr(row, want) && strstr(row, want) < strstr(row, "</tr>"), "want %s", want);
    cr_assert(strstr(html, "Verdict: 2 rules failed: indexation_cap base_service_split"));
    free(html);
}

Test(report_html, page_fetches_nothing)
{
    char *html = html_of("rules/hovedstaden-2021-2022.styr", "");
    cr_assert_null(strstr(html, "http://"));
    cr_assert_null(strstr(html, "https://"));
    cr_assert_null(strstr(html, "<link"));
    cr_assert_null(strstr(html, " src="), "no script, image or font is loaded from elsewhere");
    cr_assert_eq(occurrences(html, "<script"), 2, "the data and the code, both inline");
    free(html);
}

Test(report_html, hostile_texts_cannot_end_the_script_or_add_markup)
{
    char *html = fixture_html(8, "");
    cr_assert_eq(occurrences(html, "</script>"), 2, "only the page's own scripts end");
    cr_assert_null(strstr(html, "<img"));
    cr_assert_null(strstr(html, "<b>"));
    cr_assert(strstr(html, "Beløb &lt;/script&gt; højst 1000 kr."), "the title as HTML text");
    cr_assert(strstr(html, "Prøve &lt;&amp;&gt; &quot;aftale&quot;"), "the agreement as HTML text");
    cr_assert(strstr(html, "for \\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e \\\"I000001\\\""),
              "the message as JSON inside the script");
    cr_assert(strstr(html, "Forklaring \\\"citat\\\" \\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"), "the explanation");
    free(html);
}

Test(report_html, hundred_thousand_items_are_embedded_once_and_paged)
{
    char *html = fixture_html(100000, "");
    size_t len = strlen(html);
    cr_assert_lt(len, 40u << 20, "%zu bytes", len);
    /* Odd rows break the cap: 50,000 items, each once, in the data. */
    cr_assert_eq(occurrences(html, "\n[\"violation\"") + occurrences(html, "\n[\"explained\""), 50000);
    cr_assert_eq(occurrences(html, "I099999"), 2, "the last item's id: its key and its message");
    cr_assert_lt(occurrences(html, "<tr"), 20, "item rows are drawn by the script, a page at a time");
    cr_assert(strstr(html, "a page"), "the page size control");
    free(html);
}

Test(report_html, danish_locale_writes_decimal_comma_and_thousands_point)
{
    char *da = fixture_html(8, "--locale da");
    char *en = fixture_html(8, "");
    cr_assert(strstr(da, "\"1.234,50\""));
    cr_assert_null(strstr(da, "\"1,234.50\""));
    cr_assert(strstr(en, "\"1,234.50\""));
    cr_assert(strstr(da, "<html lang=\"da\">"));
    free(da);
    free(en);
}

Test(report_html, shipped_rules_give_the_four_charts)
{
    char *html = html_of("rules/hovedstaden-2021-2022.styr", "");
    const char *tariffs = strstr(html, "id=\"output-tariff_development_by_operator\"");
    const char *overhead = strstr(html, "id=\"output-overhead_by_municipality\"");
    const char *deficit = strstr(html, "id=\"output-deficit_allocation\"");
    const char *paragraph = strstr(html, "id=\"output-occupancy_by_paragraph\"");
    cr_assert(tariffs && overhead && deficit && paragraph);
    /* Each operator a small chart with its cap dashed; each municipality with the 6 % target. */
    cr_assert(strstr(tariffs, "class=\"panels\"") < strstr(tariffs, "data-table"));
    cr_assert(strstr(tariffs, "class=\"series ref\"") < strstr(tariffs, "data-table"));
    cr_assert(strstr(overhead, "class=\"series ref\"") < strstr(overhead, "data-table"));
    cr_assert(strstr(deficit, "<rect") < strstr(deficit, "data-table"), "bars per municipality");
    cr_assert(strstr(paragraph, "<path class=\"series\"") < strstr(paragraph, "data-table"), "lines per paragraph");
    free(html);
}

/* ---------------------------------------------------------------- the choice of chart */

typedef struct table {
    out_column cols[4];
    out_table t;
    value cells[400];
    rep_output o;
} table;

static void table_init(table *tb, int ncols, const char *const *names, const stype *types)
{
    memset(tb, 0, sizeof *tb);
    for (int c = 0; c < ncols; c++) tb->cols[c] = (out_column){ names[c], types[c] };
    tb->t = (out_table){ .name = "t", .cols = tb->cols, .ncols = ncols };
    tb->o = (rep_output){ .table = &tb->t, .cells = tb->cells };
}

static const char *const letters[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };

Test(report_chart, year_and_a_series_per_text_value_make_lines_with_the_target_dashed)
{
    table tb;
    table_init(&tb, 4, (const char *[]){ "municipality", "year", "overhead", "target" },
               (stype[]){ ty_text, ty_year, ty_percent, ty_percent });
    for (int r = 0; r < 12; r++, tb.o.nrows++) {
        value *row = &tb.cells[r * 4];
        row[0] = val_text(letters[r % 3], 1);
        row[1] = val_int(2019 + r / 3);
        row[2] = val_num((rat){ 60 + r, 1000 });
        row[3] = val_num((rat){ 6, 100 });
    }
    chart_spec s = chart_choose(&tb.o);
    cr_assert_eq(s.kind, CHART_LINES);
    cr_assert_eq(s.group, 0);
    cr_assert_eq(s.ngroups, 3);
    cr_assert_eq(s.nseries, 1);
    cr_assert_eq(s.series[0], 2);
    cr_assert_eq(s.nrefs, 1);
    cr_assert_eq(s.refs[0], 3);
}

Test(report_chart, money_by_a_repeated_category_makes_bars)
{
    table tb;
    table_init(&tb, 3, (const char *[]){ "project", "municipality", "amount" }, (stype[]){ ty_text, ty_text, ty_money });
    for (int r = 0; r < 20; r++, tb.o.nrows++) {
        value *row = &tb.cells[r * 3];
        row[0] = val_text(letters[r % 2], 1);
        row[1] = val_text(letters[r % 5], 1);
        row[2] = val_int(100 + r);
    }
    chart_spec s = chart_choose(&tb.o);
    cr_assert_eq(s.kind, CHART_BARS);
    cr_assert_eq(s.group, 1, "the category with the most values");
    cr_assert_eq(s.ngroups, 5);
}

Test(report_chart, percentages_without_years_are_not_added_up)
{
    table tb;
    table_init(&tb, 2, (const char *[]){ "paragraph", "occupancy" }, (stype[]){ ty_text, ty_percent });
    for (int r = 0; r < 6; r++, tb.o.nrows++) {
        tb.cells[r * 2] = val_text(letters[r % 3], 1);
        tb.cells[r * 2 + 1] = val_num((rat){ 9, 10 });
    }
    cr_assert_eq(chart_choose(&tb.o).kind, CHART_NONE);
}

Test(report_chart, more_values_than_fit_make_no_chart)
{
    table tb;
    static char names[100][12];
    table_init(&tb, 3, (const char *[]){ "offer", "year", "amount" }, (stype[]){ ty_text, ty_year, ty_money });
    for (int r = 0; r < 100; r++, tb.o.nrows++) {
        snprintf(names[r], sizeof names[r], "%d", r);
        tb.cells[r * 3] = val_text(names[r], (uint32_t)strlen(names[r]));
        tb.cells[r * 3 + 1] = val_int(2020 + r % 2);
        tb.cells[r * 3 + 2] = val_int(r);
    }
    cr_assert_eq(chart_choose(&tb.o).kind, CHART_NONE);
}
