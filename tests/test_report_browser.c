/*
** test_report_browser.c: the HTML report in a real browser. Headless Chromium (installed
** by tools/install-deps.sh) loads the page of the shipped rules over the sample data; the
** page's script marks the document data-ready when it has drawn every table and records
** any error in data-errors, and Chromium's log on stderr carries every console message,
** so an error anywhere, even one that stops the script, fails the test.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef struct page {
    char *dom;     /* the document after the script ran */
    char *log;     /* Chromium's stderr */
} page;

static page render(const char *rules, const char *args)
{
    const char *dir = th_tempdir();
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd, "check %s --format html -o %s/report.html %s", rules, dir, args);
    int st = th_styr(&out, cmd);
    cr_assert(st == 0 || st == 1, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir=%s/profile "
             "--enable-logging=stderr --v=0 --virtual-time-budget=10000 --dump-dom file://%s/report.html "
             ">%s/dom.html 2>%s/log.txt",
             dir, dir, dir, dir);
    cr_assert_eq(system(cmd), 0, "chromium did not run: %s", cmd);
    page p;
    snprintf(cmd, sizeof cmd, "%s/dom.html", dir);
    p.dom = th_read(cmd);
    snprintf(cmd, sizeof cmd, "%s/log.txt", dir);
    p.log = th_read(cmd);
    cr_assert(p.dom && p.log);
    return p;
}

static void page_free(page *p)
{
    free(p->dom);
    free(p->log);
}

/* The number after "field": in the JSON report's entry of a rule. */
static long json_count(const char *rule, const char *field)
{
    char *json, pat[128];
    th_styr(&json, "check rules/hovedstaden-2021-2022.styr --format json");
    snprintf(pat, sizeof pat, "\"id\": \"%s\"", rule);
    const char *at = strstr(json, pat);
    snprintf(pat, sizeof pat, "\"%s\": ", field);
    at = strstr(at, pat);
    long n = strtol(at + strlen(pat), NULL, 10);
    free(json);
    return n;
}

static void assert_loaded_cleanly(const page *p)
{
    cr_assert(strstr(p->dom, "data-ready=\"1\""), "the script did not finish: %.2000s", p->log);
    cr_assert_null(strstr(p->dom, "data-errors="), "%.2000s", p->dom);
    cr_assert_null(strstr(p->log, "Uncaught"), "%.2000s", p->log);
    cr_assert_null(strstr(p->log, ":CONSOLE"), "nothing is written to the console: %.2000s", p->log);
}

Test(report_browser, shipped_report_loads_without_errors_and_shows_the_counts, .timeout = 180)
{
    page p = render("rules/hovedstaden-2021-2022.styr", "");
    assert_loaded_cleanly(&p);
    /* The items table of indexation_cap: every violation matches, the first page is shown. */
    long violations = json_count("indexation_cap", "violations");
    char want[128];
    snprintf(want, sizeof want, "data-shown=\"%ld\" data-matching=\"%ld\"", violations < 25 ? violations : 25, violations);
    const char *section = strstr(p.dom, "<section id=\"rule-indexation_cap\">");
    cr_assert(section);
    const char *grid = strstr(section, want);
    cr_assert(grid && grid < strstr(section, "</section>"), "want %s", want);
    snprintf(want, sizeof want, "1–25 of %ld · page 1 of %ld", violations, (violations + 24) / 25);
    cr_assert(strstr(section, want), "want %s", want);
    page_free(&p);
}

Test(report_browser, hostile_texts_stay_text_in_the_browser, .timeout = 180)
{
    char rules[256];
    snprintf(rules, sizeof rules, "%s/rules.styr", th_report_fixture(40));
    page p = render(rules, "--locale da");
    assert_loaded_cleanly(&p);
    cr_assert_null(strstr(p.dom, "<img"), "no element was made from a message");
    cr_assert(strstr(p.dom, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"), "the message is shown as text");
    cr_assert(strstr(p.dom, "data-shown=\"20\" data-matching=\"20\""), "the 20 violations");
    cr_assert(strstr(p.dom, "<td class=\"n\">1.234,50</td>"), "Danish numbers");
    page_free(&p);
}
