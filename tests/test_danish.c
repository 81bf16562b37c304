/*
** test_danish.c: rule files in Danish keywords (issue 4, item 8): a file's first word
** chooses its keyword set; the shipped Danish 2021-2022 file gives the English file's
** report and is what `styr fmt --keywords da` makes of it; diagnostics quote the file's
** own keywords; Danish names stay names.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "keywords.h"
#include "parse.h"
#include "parser.h"
#include "styr.h"

#define ENGLISH "rules/hovedstaden-2021-2022.styr"
#define DANISH "rules/hovedstaden-2021-2022.da.styr"

static char *run(const char *args, int want_status)
{
    char *out;
    int st = th_styr(&out, args);
    cr_assert_eq(st, want_status, "styr %s: %s", args, out);
    return out;
}

static void same_report(const char *data)
{
    char args[1024];
    snprintf(args, sizeof args, "check " ENGLISH " --format json%s", data);
    char *en = run(args, 1);
    snprintf(args, sizeof args, "check " DANISH " --format json%s", data);
    char *da = run(args, 1);
    cr_assert_str_eq(da, en);
    free(en);
    free(da);
}

Test(danish, shipped_file_gives_the_english_report_on_the_sample_data)
{
    same_report("");
}

Test(danish, shipped_file_gives_the_english_report_on_the_danish_export)
{
    const char *const sets[] = { "tariffs", "explanations", "offers", "placements", "pl_index", "municipalities",
                                 "projects", "project_deficits", "project_participants" };
    char data[1024] = "";
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        snprintf(data + strlen(data), sizeof data - strlen(data), " --data %s=tests/data/danish/%s.csv", sets[i], sets[i]);
    same_report(data);
}

Test(danish, shipped_file_is_the_translation_of_the_english_file)
{
    char *translated = run("fmt --keywords da --stdout " ENGLISH, 0);
    FILE *f = fopen(DANISH, "rb");
    cr_assert(f);
    char *shipped = calloc(1, 1 << 16);
    cr_assert_lt(fread(shipped, 1, (1 << 16) - 1, f), (size_t)(1 << 16) - 1);
    fclose(f);
    cr_assert_str_eq(translated, shipped, "run: build/styr fmt --keywords da --stdout " ENGLISH " > " DANISH);
    char *back = run("fmt --keywords en --stdout " DANISH, 0);
    char *english = run("fmt --stdout " ENGLISH, 0);
    cr_assert_str_eq(back, english);
    free(translated);
    free(shipped);
    free(back);
    free(english);
}

Test(danish, first_word_chooses_the_keyword_set)
{
    cr_assert_eq(kw_detect("# aftale\n\naftale \"x\"", 19), KW_DA);
    cr_assert_eq(kw_detect("datasæt d", 10), KW_DA);
    cr_assert_eq(kw_detect("# datasæt\ndataset d", 19), KW_EN);
    cr_assert_eq(kw_detect("for", 3), KW_EN);   /* in both sets: English */
}

/* Every set reads its words back to their tokens, and the words a file can begin with
** belong to one set only, so the first word always decides. */
Test(danish, keyword_sets_are_one_to_one_and_declarations_tell_them_apart)
{
    static const int starts[] = { AGREEMENT, IMPORT, DATASET, PARAMETER, DEFINE, TABLE, REQUIREMENT, TARGET, INFO,
                                  TEST };
    for (const keyword *k = kw_table; k->token; k++)
        for (kw_lang l = KW_EN; l <= KW_DA; l++)
            cr_assert_eq(kw_lookup(l, k->word[l], strlen(k->word[l])), k->token, "%s", k->word[l]);
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        const char *en = kw_word(KW_EN, starts[i]), *da = kw_word(KW_DA, starts[i]);
        cr_assert_eq(kw_lookup(KW_DA, en, strlen(en)), 0, "%s", en);
        cr_assert_eq(kw_lookup(KW_EN, da, strlen(da)), 0, "%s", da);
    }
}

static const char *danish_data = "datasæt d \"D\"\n  fra \"d.csv\"\n  nøgle id, år\n  kolonner\n"
                                 "    id     text\n    år     year\n    beløb  money\n";

Test(danish, danish_names_such_as_år_work_in_a_danish_file)
{
    const char *dir = th_tempdir();
    th_write(dir, "d.csv", "id,år,beløb\nA,2021,5\nB,2021,-1\nC,2020,-1\n");
    char rules[1024];
    snprintf(rules, sizeof rules, "%skrav r \"R\"\n  for t i d hvor t.år = 2021\n  lad mål_beløb = t.beløb\n"
             "  kræv mål_beløb > 0 kr\n", danish_data);
    char *out = th_run_json(dir, rules);
    cr_assert(strstr(out, "\"checked\": 2, \"violations\": 1"), "%s", out);
    free(out);
}

static void diagnostic_says(const char *rules, const char *want)
{
    char *out = th_diagnostics(th_tempdir(), rules);
    cr_assert(strstr(out, want), "want %s in:\n%s", want, out);
    free(out);
}

Test(danish, syntax_errors_quote_danish_keywords)
{
    diagnostic_says("tabel t \"T\" efter y\n  når 1 75 %\n", "expected `til`, `så`, `i`, `og`");
}

Test(danish, an_english_keyword_in_a_danish_file_is_named_in_danish)
{
    diagnostic_says("krav r \"R\"\n  for t i d\n  let y = 1\n",
                    "hint: `let` is an English keyword; this file is written in Danish (its first word says so), "
                    "where it is `lad`");
}

Test(danish, a_danish_keyword_is_no_name_in_a_danish_file)
{
    char rules[1024];
    snprintf(rules, sizeof rules, "%skrav r \"R\"\n  for t i d\n  lad i = 1\n  kræv i > 0\n", danish_data);
    diagnostic_says(rules, "hint: `i` is a reserved word; a name cannot be one");
}

Test(danish, checker_messages_quote_danish_keywords)
{
    char rules[1024];
    snprintf(rules, sizeof rules, "%skrav r \"R\"\n  for t i d hvor t.id\n  kræv 2 til 3\n", danish_data);
    diagnostic_says(rules, "the condition after `hvor` must be bool");
    diagnostic_says(rules, "a range `a til b` stands only after `i` or inside a lookup");
}

Test(danish, english_header_words_are_names_in_danish)
{
    diagnostic_says("aftale \"A\"\n  period 2021-01-01 til 2022-12-31\n",
                    "hint: the header is: aftale \"name\" region \"name\" periode 2021-01-01 til 2022-12-31");
}

static char *translate(const char *text, int keywords)
{
    char *out, *err;
    if (styr_format("t.styr", text, strlen(text), keywords, 0, &out, NULL, &err) != STYR_OK) return err;
    return out;
}

Test(danish, translation_refuses_a_name_that_is_a_keyword_there)
{
    char *out = translate("parameter i = 1\n", STYR_KEYWORDS_DA);
    cr_assert(strstr(out, "t.styr:1:11: error: `i` is a name here, but a keyword in Danish"), "%s", out);
    styr_free(out);
}

Test(danish, keywords_that_name_fields_survive_translation)
{
    const char *en = "info r \"R\"\n  for t in d\n  emit out (target: t.key, info: t.target, x: t.all)\n";
    char *da = translate(en, STYR_KEYWORDS_DA);
    cr_assert_str_eq(da, "oplysning r \"R\"\n  for t i d\n  udskriv out (target: t.key, info: t.target, x: t.all)\n");
    char *back = translate(da, STYR_KEYWORDS_EN);
    cr_assert_str_eq(back, en);
    styr_free(da);
    styr_free(back);
}

Test(danish, a_test_in_danish_keywords_runs)
{
    char rules[2048];
    snprintf(rules, sizeof rules,
             "%skrav r \"R\"\n  for t i d\n  kræv t.beløb > 0 kr\n\n"
             "afprøv \"et negativt beløb\"\n  givet d\n    id   år    beløb\n    \"A\"  2021  -1.00\n"
             "  forvent r fejler med 1 overtrædelse\n  forvent r markerer id \"A\", år 2021\n",
             danish_data);
    const char *path = th_write(th_tempdir(), "r.styr", rules);
    char args[600], *out;
    snprintf(args, sizeof args, "test --no-jit %s", path);
    int st = th_styr(&out, args);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "ok    et negativt beløb"), "%s", out);
    free(out);
}

Test(danish, shipped_tests_translate_to_danish_and_back)
{
    char *da = run("fmt --keywords da --stdout rules/hovedstaden-2021-2022.test.styr", 0);
    cr_assert(strstr(da, "  forvent indexation_cap fejler med 1 overtrædelse\n"), "%s", da);
    char *back = translate(da, STYR_KEYWORDS_EN);
    char *english = run("fmt --stdout rules/hovedstaden-2021-2022.test.styr", 0);
    cr_assert_str_eq(back, english);
    free(da);
    styr_free(back);
    free(english);
}
