/*
** test_fmt.c: `styr fmt` and styr_format (issue 4, item 4): idempotent on every rule file
** of the repository, comments kept in place, one canonical layout, the meaning unchanged
** (formatted rule files give the same report), --check and the exit statuses, and broken
** files left alone with a diagnostic.
*/
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "styr.h"

#ifndef DIFFGEN_BIN
#define DIFFGEN_BIN "build/diffgen"
#endif

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = 0;
    fclose(f);
    return text;
}

/* The text formatted (keywords: STYR_KEYWORDS_*), or the diagnostics prefixed "error: ". */
static char *fmt(const char *text, int keywords)
{
    char *out, *err;
    if (styr_format("t.styr", text, strlen(text), keywords, 0, &out, NULL, &err) != STYR_OK) {
        size_t n = strlen(err) + 8;
        char *e = malloc(n);
        snprintf(e, n, "error: %s", err);
        styr_free(err);
        return e;
    }
    return out;
}

/* Every rule file of the repository: the shipped rules, the standard library, the
** benchmarks, and any the tests keep. */
static void for_each_rule_file(void (*check)(const char *path))
{
    static const char *const patterns[] = { "rules/*.styr", "stdlib/*.styr", "bench/*.styr", "tests/*.styr",
                                            "tests/*/*.styr", "tests/*/*/*.styr" };
    int files = 0;
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        glob_t g;
        if (glob(patterns[p], 0, NULL, &g) != 0) continue;
        for (size_t i = 0; i < g.gl_pathc; i++, files++) check(g.gl_pathv[i]);
        globfree(&g);
    }
    cr_assert_geq(files, 9);
}

/* fmt makes want of in. */
static void formats_to(const char *path, const char *in, const char *want)
{
    char *out = fmt(in, STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, want, "%s", path);
    styr_free(out);
}

static void check_idempotent(const char *path)
{
    char *text = slurp(path);
    char *once = fmt(text, STYR_KEYWORDS_KEEP);
    cr_assert(strncmp(once, "error: ", 7) != 0, "%s: %s", path, once);
    formats_to(path, once, once);
    free(text);
    styr_free(once);
}

Test(fmt, is_idempotent_on_every_rule_file)
{
    for_each_rule_file(check_idempotent);
}

/* The shipped files are kept formatted, so what fmt makes of them with every line's
** indentation taken away is the file itself. */
static void check_reindented(const char *path)
{
    char *text = slurp(path), *flat = malloc(strlen(text) + 1), *o = flat;
    for (const char *p = text; *p;) {
        while (*p == ' ') p++;
        while (*p && *p != '\n') *o++ = *p++;
        if (*p) *o++ = *p++;
    }
    *o = 0;
    formats_to(path, flat, text);
    free(text);
    free(flat);
}

Test(fmt, gives_shipped_files_their_layout_back_from_no_indentation)
{
    for_each_rule_file(check_reindented);
}

Test(fmt, check_passes_on_the_shipped_files)
{
    char *out;
    int st = th_styr(&out, "fmt --check rules/*.styr stdlib/*.styr bench/*.styr");
    cr_assert_eq(st, 0, "%s", out);
    cr_assert_str_eq(out, "");
    free(out);
}

Test(fmt, lays_out_indentation_spacing_and_blank_lines)
{
    char *out = fmt("\n\nparameter   cap=1000kr\n\n\n\ntable rate \"Sats\" by   y\n"
                    "when 1 then 75%\n      when 2,any then -  1\n  else if y>2 then 1 else 0\n"
                    "requirement r \"R\"\nfor t in tariffs where t.year in 2020 to 2022\n"
                    "     let  x = f( t.a , 2 ) [ 1 ]\nrequire x<=  (1+2)*3\n"
                    "    emit out (a: x,\nb: not x exists)\n", STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, "parameter cap = 1000 kr\n\n"
                          "table rate \"Sats\" by y\n"
                          "  when 1 then 75 %\n"
                          "  when 2, any then -1\n"
                          "  else if y > 2 then 1 else 0\n"
                          "requirement r \"R\"\n"
                          "  for t in tariffs where t.year in 2020 to 2022\n"
                          "  let x = f(t.a, 2)[1]\n"
                          "  require x <= (1 + 2) * 3\n"
                          "  emit out (a: x,\n"
                          "            b: not x exists)\n");
    styr_free(out);
}

Test(fmt, indents_continuations_and_brackets_open_at_the_end_of_a_line)
{
    char *out = fmt("define f(a, b) =\na + b\nrequirement r \"R\"\n  for t in x\n  let y = g(\n1,\n2\n)\n"
                    "  require y >\n0\n", STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, "define f(a, b) =\n    a + b\n"
                          "requirement r \"R\"\n  for t in x\n  let y = g(\n      1,\n      2\n  )\n"
                          "  require y >\n      0\n");
    styr_free(out);
}

Test(fmt, aligns_the_columns_of_a_dataset)
{
    char *out = fmt("dataset d \"D\"\n  key id\n  columns\n id text header \"a\"\n"
                    "    amount_per_day money per day optional\n  n int\n", STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, "dataset d \"D\"\n  key id\n  columns\n"
                          "    id              text           header \"a\"\n"
                          "    amount_per_day  money per day  optional\n"
                          "    n               int\n");
    styr_free(out);
}

Test(fmt, keeps_every_comment_in_place)
{
    char *out = fmt("# head\n\n   # before the rule\nrequirement r \"R\"   # trailing on the head\n"
                    "# before for\nfor t in x # a\n  let long_name = 1     # b\n"
                    "  # a note on the let above\n\n# section\ninfo i \"I\"\n for t in x\n"
                    "  flag t.a   #  spaced  text  \n# at the end\n", STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, "# head\n\n# before the rule\nrequirement r \"R\"  # trailing on the head\n"
                          "  # before for\n  for t in x         # a\n  let long_name = 1  # b\n"
                          "  # a note on the let above\n\n# section\ninfo i \"I\"\n  for t in x\n"
                          "  flag t.a  #  spaced  text\n  # at the end\n");
    styr_free(out);
}

Test(fmt, reindents_doc_strings_and_keeps_their_text)
{
    const char *in = "requirement r \"R\"\n\"\"\"\n      First.\n\n        Indented more.\n      \"\"\"\n"
                     "  for t in x\n  require t.a\n";
    char *out = fmt(in, STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, "requirement r \"R\"\n  \"\"\"\n  First.\n\n    Indented more.\n  \"\"\"\n"
                          "  for t in x\n  require t.a\n");
    styr_free(out);
}

Test(fmt, keeps_texts_and_their_values_as_written)
{
    char *out = fmt("requirement r \"R\"\n  for t in x\n  require t.a\n"
                    "  message \"a  {{b}} \\\"c\\\" {  t.a  } {if t.b then \"x { t.c }\" else \"y\"}\"\n",
                    STYR_KEYWORDS_KEEP);
    cr_assert_str_eq(out, "requirement r \"R\"\n  for t in x\n  require t.a\n"
                          "  message \"a  {{b}} \\\"c\\\" {t.a} {if t.b then \"x {t.c}\" else \"y\"}\"\n");
    styr_free(out);
}

Test(fmt, refuses_a_file_that_does_not_parse_with_its_position)
{
    char *out = fmt("requirement r \"R\"\n  for t in x\n  require t.a +\n", STYR_KEYWORDS_KEEP);
    cr_assert(strstr(out, "error: t.styr:3:16: error: the file ends too early"), "%s", out);
    free(out);
}

Test(fmt, api_rejects_missing_arguments)
{
    char *out = (char *)"x", *err = (char *)"x";
    cr_assert_eq(styr_format(NULL, "x", 1, STYR_KEYWORDS_KEEP, 0, &out, NULL, &err), STYR_ERR_USAGE);
    cr_assert_null(out);
    cr_assert_null(err);
    cr_assert_eq(styr_format("a", "x", 1, 7, 0, &out, NULL, NULL), STYR_ERR_USAGE);
}

/* ------------------------------------------------------------------ the command */

static const char *unformatted = "parameter  a = 1\n";
static const char *formatted = "parameter a = 1\n";

/* Runs `styr fmt OPTIONS PATH`, which must exit with status; returns its output. */
static char *styr_fmt(int status, const char *options, const char *path)
{
    char args[700], *out;
    snprintf(args, sizeof args, "fmt %s %s", options, path);
    cr_assert_eq(th_styr(&out, args), status, "styr %s: %s", args, out);
    return out;
}

static void file_holds(const char *path, const char *want)
{
    char *text = slurp(path);
    cr_assert_str_eq(text, want, "%s", path);
    free(text);
}

/* A new file in a new folder; the path is static until the next call. */
static const char *new_file(const char *name, const char *text)
{
    static char path[2][256];
    static int k;
    k ^= 1;
    snprintf(path[k], sizeof path[k], "%s", th_write(th_tempdir(), name, text));
    return path[k];
}

Test(fmt_cli, rewrites_files_in_place)
{
    const char *path = new_file("a.styr", unformatted);
    free(styr_fmt(0, "", path));
    file_holds(path, formatted);
}

Test(fmt_cli, check_names_unformatted_files_and_exits_1)
{
    const char *bad = new_file("bad.styr", unformatted), *good = new_file("good.styr", formatted);
    char both[600];
    snprintf(both, sizeof both, "%s %s", good, bad);
    char *out = styr_fmt(1, "--check", both);
    cr_assert(strstr(out, bad) && !strstr(out, good), "%s", out);
    free(out);
    file_holds(bad, unformatted);
    free(styr_fmt(0, "--check", good));
}

Test(fmt_cli, broken_file_exits_2_with_diagnostics_and_is_left_alone)
{
    const char *broken = "parameter  a = \nrequirement r\n", *path = new_file("broken.styr", broken);
    char *out = styr_fmt(2, "", path);
    cr_assert(strstr(out, "broken.styr:2:1: error:"), "%s", out);
    free(out);
    file_holds(path, broken);
}

Test(fmt_cli, dash_and_stdout_print_instead_of_rewriting)
{
    const char *path = new_file("a.styr", unformatted);
    char in[300];
    snprintf(in, sizeof in, "< %s", path);
    char *out = styr_fmt(0, "-", in);
    cr_assert_str_eq(out, formatted);
    free(out);
    out = styr_fmt(0, "--stdout", path);
    cr_assert_str_eq(out, formatted);
    free(out);
    file_holds(path, unformatted);
}

Test(fmt_cli, help_describes_fmt)
{
    char *out;
    cr_assert_eq(th_styr(&out, "help fmt"), 0);
    cr_assert(strstr(out, "--check") && strstr(out, "--keywords da|en"), "%s", out);
    free(out);
}

/* ------------------------------------------------------------------ the meaning stays */

/* The report with every file:line:col of the rule file masked (formatting moves lines)
** and without blanks (a value the report names by its expression, such as one side of
** a comparison, is named by its source text, which fmt spaces anew: 100dkk, 100 dkk). */
static char *masked_report(const char *rules)
{
    char args[600], *out;
    snprintf(args, sizeof args, "check %s --format json --engine interp", rules);
    th_styr(&out, args);
    size_t n = strlen(rules);
    for (char *p = out; (p = strstr(p, rules));) {
        char *q = p + n;
        while (*q == ':' || (*q >= '0' && *q <= '9')) q++;
        memmove(p + 1, q, strlen(q) + 1);
        *p++ = '@';
    }
    char *o = out;
    for (const char *p = out; *p; p++)
        if (*p != ' ' && *p != '\n') *o++ = *p;
    *o = 0;
    return out;
}

/* tools/diffgen's random rule files (every construct of the language, names with æøå)
** report the same after formatting. */
Test(fmt, formatted_random_rule_files_give_the_same_report)
{
    for (int seed = 1; seed <= 6; seed++) {
        const char *dir = th_tempdir();
        char cmd[1024], rules[300], tidy[300];
        snprintf(cmd, sizeof cmd, "%s --seed %d --rows 60 '%s' > /dev/null", DIFFGEN_BIN, seed, dir);
        cr_assert_eq(system(cmd), 0);
        snprintf(rules, sizeof rules, "%s/rules.styr", dir);
        snprintf(tidy, sizeof tidy, "%s/formatted.styr", dir);
        snprintf(cmd, sizeof cmd, "%s fmt --stdout %s > %s", STYR_BIN, rules, tidy);
        cr_assert_eq(system(cmd), 0, "seed %d", seed);
        char *a = masked_report(rules), *b = masked_report(tidy);
        cr_assert_str_eq(b, a, "seed %d", seed);
        free(a);
        free(b);
    }
}
