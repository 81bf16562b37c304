/*
** test_diff.c: `styr diff` and styr_rules_diff (issue 4, item 5): what changed between
** two rule files in the rules' own terms (rules and parameters added, removed, changed;
** literals old -> new; datasets' columns; doc strings), compared in canonical form so
** layout, comments and Danish keywords make no difference; given data, the verdicts that
** change and the items that appear; JSON with the same facts; the exit statuses.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "styr.h"

/* A rule file over one dataset, items.csv beside it: share_cap holds each item's share to
** the parameter limit, with a doc string and a comment. %s: the limit, then the share
** column's type, then the doc string, then more declarations. */
static const char rules_template[] =
    "agreement \"Diff test\"\n"
    "\n"
    "dataset items \"Items\"\n"
    "  from \"items.csv\"\n"
    "  key id\n"
    "  columns\n"
    "    id     text\n"
    "    share  %s\n"
    "\n"
    "# The most an item may have.\n"
    "parameter limit = %s\n"
    "\n"
    "requirement share_cap \"Share at most the limit\"\n"
    "  \"\"\"\n"
    "  %s\n"
    "  \"\"\"\n"
    "  for i in items\n"
    "  require i.share <= limit\n"
    "  message \"Share {i.share} over {limit}\"\n"
    "%s";

typedef struct variant {
    const char *share_type, *limit, *doc, *more;
} variant;

static const variant base = { "percent", "6 %", "Reading: an item's share is at most the limit.", "" };

/* Writes a variant of the rules to dir/name and returns its path (malloc'ed). */
static char *write_rules(const char *dir, const char *name, variant v)
{
    char text[4096];
    snprintf(text, sizeof text, rules_template, v.share_type, v.limit, v.doc, v.more);
    return strdup(th_write(dir, name, text));
}

/* Runs `styr diff OLD NEW extra`; its exit status, the output in *out. */
static int diff(char **out, const char *old, const char *new, const char *extra)
{
    char args[2048];
    snprintf(args, sizeof args, "diff %s %s %s", old, new, extra);
    return th_styr(out, args);
}

/* The diff of two variants of the rules, both beside items.csv holding items. */
static int diff_variants(char **out, variant a, variant b, const char *items, const char *extra)
{
    const char *dir = th_tempdir();
    th_write(dir, "items.csv", items);
    char *old = write_rules(dir, "old.styr", a), *new = write_rules(dir, "new.styr", b);
    int st = diff(out, old, new, extra);
    free(old);
    free(new);
    return st;
}

/* The diff of the base rules and a variant. */
static int diff_variant(char **out, variant v, const char *items, const char *extra)
{
    return diff_variants(out, base, v, items, extra);
}

static const char items_csv[] = "id,share\nA,5.5\nB,2\n";

Test(diff, identical_files_report_no_changes_and_exit_0)
{
    char *out;
    cr_assert_eq(diff_variant(&out, base, items_csv, ""), 0, "%s", out);
    cr_assert(strstr(out, "No changes."), "%s", out);
    free(out);
}

Test(diff, english_file_and_its_danish_translation_have_no_changes)
{
    char *out;
    int st = diff(&out, "rules/hovedstaden-2021-2022.styr", "rules/hovedstaden-2021-2022.da.styr", "");
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "The rules: no changes."), "%s", out);
    cr_assert(strstr(out, "Verdicts over the data"), "the shipped files name their data: %s", out);
    free(out);
}

Test(diff, comments_and_layout_make_no_difference)
{
    const char *dir = th_tempdir();
    th_write(dir, "items.csv", items_csv);
    char *old = write_rules(dir, "old.styr", base);
    char text[4096];
    snprintf(text, sizeof text, rules_template, base.share_type, base.limit, base.doc, base.more);
    /* Another comment, a trailing one, and the parameter spaced differently. */
    char *p = strstr(text, "# The most");
    memcpy(p, "# Other word", 12);
    char changed[4200];
    char *lim = strstr(text, "parameter limit = 6 %");
    snprintf(changed, sizeof changed, "%.*sparameter   limit =   6 %%   # trailing\n%s", (int)(lim - text), text,
             lim + strlen("parameter limit = 6 %\n"));
    char *new = strdup(th_write(dir, "new.styr", changed));
    char *out;
    cr_assert_eq(diff(&out, old, new, "--rules-only"), 0, "%s", out);
    free(out);
    free(old);
    free(new);
}

Test(diff, a_changed_threshold_is_summarised_old_to_new)
{
    variant a = base, b = base;
    a.more = "\nrequirement small \"Small shares\"\n  for i in items\n  require i.share <= 6 %\n";
    b.more = "\nrequirement small \"Small shares\"\n  for i in items\n  require i.share <= 5 %\n";
    char *out;
    cr_assert_eq(diff_variants(&out, a, b, items_csv, "--rules-only"), 1, "%s", out);
    cr_assert(strstr(out, "~ requirement small changed\n      6 % -> 5 %\n"), "%s", out);
    cr_assert(strstr(out, "-  require i.share <= 6 %\n      +  require i.share <= 5 %\n"), "%s", out);
    cr_assert(!strstr(out, "share_cap"), "an unchanged rule is not named: %s", out);
    free(out);
}

Test(diff, a_changed_parameter_shows_its_old_and_new_value)
{
    variant v = base;
    v.limit = "5 %";
    char *out;
    cr_assert_eq(diff_variant(&out, v, items_csv, "--rules-only"), 1, "%s", out);
    cr_assert(strstr(out, "Parameters\n  ~ limit: 6 % -> 5 %\n"), "%s", out);
    cr_assert(strstr(out, "Verdicts: not compared"), "--rules-only runs nothing: %s", out);
    free(out);
}

Test(diff, rules_added_and_removed_are_named)
{
    variant a = base, b = base;
    a.more = "\ninfo listed \"Every item\"\n  for i in items\n  flag i.share > 0 %\n";
    b.more = "\ntarget aimed \"Items aim low\"\n  for i in items\n  aim i.share <= 3 %\n";
    char *out;
    cr_assert_eq(diff_variants(&out, a, b, items_csv, "--rules-only"), 1, "%s", out);
    cr_assert(strstr(out, "  + target aimed added\n"), "%s", out);
    cr_assert(strstr(out, "  - info listed removed\n"), "%s", out);
    free(out);
}

Test(diff, a_changed_doc_string_is_reported_as_text_changed)
{
    variant v = base;
    v.doc = "Reading: a share is at most the limit, counted per item.";
    char *out;
    cr_assert_eq(diff_variant(&out, v, items_csv, "--rules-only"), 1, "%s", out);
    cr_assert(strstr(out, "  ~ requirement share_cap changed\n      description text changed\n"), "%s", out);
    cr_assert(!strstr(out, "counted per item"), "the doc string itself is not shown: %s", out);
    free(out);
}

Test(diff, a_column_of_another_type_is_named)
{
    variant v = base;
    v.share_type = "number";
    v.limit = "6";
    char *out;
    cr_assert_eq(diff_variant(&out, v, "id,share\nA,5.5\n", "--rules-only"), 1, "%s", out);
    cr_assert(strstr(out, "Datasets\n  ~ dataset items changed\n"), "%s", out);
    cr_assert(strstr(out, "    column share: percent -> number\n"), "%s", out);
    free(out);
}

Test(diff, with_data_a_changed_verdict_and_an_appearing_item_are_shown)
{
    variant v = base;
    v.limit = "5 %";
    char *out;
    /* A has 5.5 %: within 6 %, over 5 %. */
    cr_assert_eq(diff_variant(&out, v, items_csv, ""), 1, "%s", out);
    cr_assert(strstr(out, "  share_cap: pass -> fail\n"), "%s", out);
    cr_assert(strstr(out, "      violations 0 -> 1\n"), "%s", out);
    cr_assert(strstr(out, "      + items id=A\n"), "%s", out);
    cr_assert(!strstr(out, "id=B"), "B holds in both: %s", out);
    free(out);
}

Test(diff, data_option_binds_both_rule_files)
{
    const char *dir = th_tempdir();
    char *csv = strdup(th_write(dir, "other.csv", "id,share\nC,9\n"));
    char *old = write_rules(dir, "old.styr", base);
    variant v = base;
    v.limit = "10 %";
    char *new = write_rules(dir, "new.styr", v);
    char extra[1024];
    snprintf(extra, sizeof extra, "--data items=%s", csv);
    char *out;
    /* items.csv does not exist: only --data gives the rows. */
    cr_assert_eq(diff(&out, old, new, extra), 1, "%s", out);
    cr_assert(strstr(out, "  share_cap: fail -> pass\n"), "%s", out);
    cr_assert(strstr(out, "      - items id=C\n"), "%s", out);
    free(out);
    free(csv);
    free(old);
    free(new);
}

Test(diff, json_output_holds_the_same_facts)
{
    variant v = base;
    v.limit = "5 %";
    const char *dir = th_tempdir();
    th_write(dir, "items.csv", items_csv);
    char *old = write_rules(dir, "old.styr", base), *new = write_rules(dir, "new.styr", v);
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "STYR_CACHE_DIR=%s %s diff %s %s --format json | python3 -c '"
             "import json,sys; d=json.load(sys.stdin); c=d[\"changes\"]; v=d[\"verdicts\"][0]; "
             "print(d[\"changed\"], len(c), c[0][\"section\"], c[0][\"name\"], c[0][\"old\"], \"->\", c[0][\"new\"], "
             "v[\"rule\"], v[\"old_status\"], v[\"new_status\"], v[\"old_violations\"], v[\"new_violations\"], "
             "v[\"appeared\"], v[\"disappeared\"])'",
             th_cache_dir(), STYR_BIN, old, new);
    char *out;
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    cr_assert_str_eq(out, "True 1 parameter limit 6 % -> 5 % share_cap pass fail 0 1 ['items id=A'] []\n");
    free(out);
    free(old);
    free(new);
}

Test(diff, a_broken_file_exits_2_with_its_diagnostics)
{
    const char *dir = th_tempdir();
    char *old = write_rules(dir, "old.styr", base);
    char *new = strdup(th_write(dir, "new.styr", "requirement broken \"x\"\n  for i in nowhere\n  require\n"));
    char *out;
    cr_assert_eq(diff(&out, old, new, "--rules-only"), 2, "%s", out);
    cr_assert(strstr(out, "new.styr:"), "the diagnostic names the file: %s", out);
    free(out);
    free(old);
    free(new);
}

Test(diff, missing_data_exits_2)
{
    const char *dir = th_tempdir();
    char *old = write_rules(dir, "old.styr", base), *new = write_rules(dir, "new.styr", base);
    char *out;
    cr_assert_eq(diff(&out, old, new, ""), 2, "no items.csv: %s", out);
    cr_assert(strstr(out, "items.csv"), "%s", out);
    free(out);
    free(old);
    free(new);
}

Test(diff, api_compares_rules_without_runs_and_refuses_one_run)
{
    styr_rules *a, *b;
    cr_assert_eq(styr_rules_open("rules/hovedstaden-2019-2020.styr", &a), STYR_OK);
    cr_assert_eq(styr_rules_open("rules/hovedstaden-2021-2022.styr", &b), STYR_OK);
    char *out;
    size_t len;
    cr_assert_eq(styr_rules_diff(a, b, NULL, NULL, STYR_FORMAT_TEXT, 0, &out, &len), STYR_FAILED);
    cr_assert_eq(strlen(out), len);
    cr_assert(strstr(out, "  - info tariff_analysis removed\n"), "%s", out);
    cr_assert(strstr(out, "  + info deficit_coverage added\n"), "%s", out);
    styr_free(out);
    cr_assert_eq(styr_rules_diff(a, a, NULL, NULL, STYR_FORMAT_TEXT, 0, &out, NULL), STYR_OK);
    styr_free(out);
    styr_run *run;
    styr_run_new(a, &run);
    cr_assert_eq(styr_rules_diff(a, b, run, NULL, STYR_FORMAT_TEXT, 0, &out, NULL), STYR_ERR_USAGE);
    cr_assert_null(out);
    styr_run_free(run);
    styr_rules_close(a);
    styr_rules_close(b);
}
