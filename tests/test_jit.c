/*
** test_jit.c: the JIT gives the interpreter's report, item for item: on the shipped rules,
** at the edges of exact arithmetic (overflow, division by zero, rounding), with empty
** values, texts of different datasets, groups, and in several threads. Every test here
** also checks that the JIT really compiled the rules, so none passes by falling back.
** (th_run_json compares the two engines on every language test as well.)
*/
#include <criterion/criterion.h>
#include <malloc.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "styr.h"

/* Runs rules with both engines (th_run_json fails on any difference) and checks that
** the JIT compiled at least `blocks` blocks. Returns the report. */
static char *both_engines(const char *dir, const char *rules, int blocks)
{
    int compiled = -1;
    char *jit = th_run_json_jit(dir, rules, 2, &compiled);
    cr_assert_geq(compiled, blocks, "the JIT compiled %d blocks: %s", compiled, jit);
    free(jit);
    char *json = th_run_json(dir, rules);
    cr_assert(strncmp(json, "error: ", 7) != 0, "%s", json);
    return json;
}

static const char money_rules[] =
    "dataset t from \"t.csv\" key id columns id text  a money  b money optional  n number  d int\n";

Test(jit, shipped_rules_give_the_interpreters_report_on_the_sample_data)
{
    char *interp, *jit;
    th_styr(&interp, "check rules/hovedstaden-2021-2022.styr --format json --engine interp");
    th_styr(&jit, "check rules/hovedstaden-2021-2022.styr --format json --engine jit --verbose");
    char *engine = strstr(jit, "styr: engine: jit, ");
    cr_assert(engine, "%.300s", jit);
    cr_assert(atoi(engine + strlen("styr: engine: jit, ")) >= 9, "%.100s", engine);
    char *end = strchr(engine, '\n');
    memmove(engine, end + 1, strlen(end + 1) + 1);
    cr_assert_str_eq(interp, jit);
    free(interp);
    free(jit);
}

Test(jit, shipped_rules_give_the_interpreters_report_on_danish_data)
{
    const char *data = " --data tariffs=tests/data/danish/tariffs.csv --data explanations=tests/data/danish/explanations.csv"
                       " --data offers=tests/data/danish/offers.csv";
    char args[512], *interp, *jit;
    snprintf(args, sizeof args, "check rules/hovedstaden-2021-2022.styr --format json --engine interp%s", data);
    th_styr(&interp, args);
    snprintf(args, sizeof args, "check rules/hovedstaden-2021-2022.styr --format json --engine jit%s", data);
    th_styr(&jit, args);
    cr_assert_str_eq(interp, jit);
    free(interp);
    free(jit);
}

Test(jit, a_product_too_large_for_exact_numbers_is_the_same_error)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,a,b,n,d\nA,90000000000000.00,1.00,1,9000000000000000000\nB,10.00,1.00,1,1\n");
    char rules[1024];
    snprintf(rules, sizeof rules, "%s"
             "requirement huge \"huge\"\n  for x in t\n  let p = x.a * x.d * x.d * x.d\n  require p > 0 kr\n",
             money_rules);
    char *json = both_engines(dir, rules, 1);
    cr_assert(strstr(json, "too large to hold exactly"), "%s", json);
    cr_assert(strstr(json, "\"checked\": 1"), "B passes, A is an error: %s", json);
    free(json);
}

Test(jit, a_product_beyond_the_compiled_range_is_still_computed_exactly)
{
    /* 9e13 kr * 9e13 kr passes 2^63 øre² but fits exact numbers: the interpreter decides. */
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,a,b,n,d\nA,90000000000000.00,1.00,1,1\nB,90000000000000.01,1.00,1,1\n");
    char rules[1024];
    snprintf(rules, sizeof rules, "%s"
             "requirement square \"square\"\n  for x in t\n  require x.a * x.a <= 8100000000000000000000000000 kr * 1 kr\n",
             money_rules);
    char *json = both_engines(dir, rules, 1);
    cr_assert(strstr(json, "\"checked\": 2, \"violations\": 1"), "%s", json);
    free(json);
}

Test(jit, division_by_zero_is_the_same_error_and_the_other_rows_pass)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,a,b,n,d\nA,10.00,,2,0\nB,10.00,,2,5\nC,10.00,,2,0\n");
    char rules[1024];
    snprintf(rules, sizeof rules, "%s"
             "requirement share \"share\"\n  for x in t\n  require x.a / x.d < 100 kr\n", money_rules);
    char *json = both_engines(dir, rules, 1);
    cr_assert(strstr(json, "division by zero"), "%s", json);
    cr_assert(strstr(json, "\"errors\": 2"), "%s", json);
    free(json);
}

Test(jit, empty_values_follow_three_valued_logic)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,a,b,n,d\nA,1.00,,1,1\nB,1.00,2.00,1,1\nC,5.00,,1,1\nD,5.00,9.00,1,1\n");
    char rules[1024];
    snprintf(rules, sizeof rules, "%s"
             "requirement either \"either\"\n  for x in t\n"
             "  require x.a < 2 kr or x.b > 3 kr\n"
             "requirement both \"both\"\n  for x in t\n"
             "  require x.a < 2 kr and x.b > 1 kr\n"
             "requirement fallback \"fallback\"\n  for x in t\n"
             "  require (x.b otherwise 0 kr) + x.a < 6 kr and not (x.b exists and x.b = 9 kr)\n",
             money_rules);
    char *json = both_engines(dir, rules, 3);
    /* either: A true (a < 2), B true, C empty (a false, b empty): a violation, D true. */
    cr_assert(strstr(json, "\"id\": \"either\", \"title\": \"either\", \"kind\": \"requirement\", \"status\": \"fail\", "
                           "\"checked\": 4, \"violations\": 1"), "%s", json);
    free(json);
}

Test(jit, rounding_to_the_øre_at_half_goes_away_from_zero)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,a,b,n,d\nA,0.01,,0.5,1\nB,-0.01,,0.5,1\nC,0.03,,0.5,1\nD,-0.03,,0.25,1\n");
    char rules[2048];
    snprintf(rules, sizeof rules, "%s"
             "info halves \"halves\"\n  for x in t\n"
             "  let r = round(x.a * x.n)\n  let down = round_down(x.a * x.n)\n  let up = round_up(x.a * x.n)\n"
             "  flag r != down and r != up\n"
             "requirement to_øre \"to øre\"\n  for x in t\n"
             "  require round(x.a * x.n) = x.a * x.n or abs(round(x.a * x.n)) > abs(x.a * x.n)\n",
             money_rules);
    char *json = both_engines(dir, rules, 2);
    /* Every half rounds away from zero: 0.005 -> 0.01, -0.005 -> -0.01, 0.015 -> 0.02, -0.0075 -> -0.01. */
    cr_assert(strstr(json, "\"id\": \"to_øre\", \"title\": \"to øre\", \"kind\": \"requirement\", \"status\": \"pass\""),
              "%s", json);
    free(json);
}

Test(jit, texts_compare_across_datasets_and_with_constants)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,owner,amount\nT1,kommune,10.00\nT2,region,20.00\nT3,privat,30.00\nT4,ukendt,40.00\n");
    th_write(dir, "o.csv", "owner,kind\nprivat,p\nregion,r\nkommune,k\n");
    const char *rules =
        "dataset t from \"t.csv\" key id columns id text  owner text  amount money\n"
        "dataset o from \"o.csv\" key owner columns owner text  kind text\n"
        "requirement known \"known\"\n  for x in t\n  join y in o on y.owner = x.owner\n"
        "  where y.kind != \"x\"\n  require y.kind = \"k\" or x.owner in (\"region\", \"nobody\")\n"
        "requirement lookup \"lookup\"\n  for x in t\n  let y = o[x.owner]\n  require y exists and y.owner = x.owner\n";
    char *json = both_engines(dir, rules, 2);
    cr_assert(strstr(json, "\"id\": \"known\", \"title\": \"known\", \"kind\": \"requirement\", \"status\": \"fail\", "
                           "\"checked\": 3, \"violations\": 1"), "T3 is privat: %s", json);
    cr_assert(strstr(json, "\"id\": \"lookup\", \"title\": \"lookup\", \"kind\": \"requirement\", \"status\": \"fail\", "
                           "\"checked\": 4, \"violations\": 1"), "T4 has no owner row: %s", json);
    free(json);
}

Test(jit, groups_aggregate_as_the_interpreter_does)
{
    const char *dir = th_tempdir();
    th_write(dir, "p.csv", "id,m,day,amount,w\n1,A,2020-03-01,100.00,2\n2,A,2020-07-01,50.50,\n3,,2021-01-31,300.00,1\n"
                           "4,B,2021-12-31,10.00,3\n5,B,2021-02-28,-7.25,1\n6,,2021-06-30,,1\n");
    const char *rules =
        "dataset p from \"p.csv\" key id columns id text  m text optional  day date  amount money optional  w int optional\n"
        "info by_m \"by m\"\n  for x in p\n  group by x.m, year(x.day) as year\n"
        "  let total = sum(x.amount)\n  let n = count(x.amount)\n  let rows = count()\n"
        "  let first = min(x.day)\n  let last = max(x.day)\n  let biggest = max(x.amount)\n"
        "  let avg = mean(x.amount)\n  let wmean = mean(x.amount weighted by x.w)\n"
        "  emit totals (m, year, total, n, rows, first, last, biggest, avg, wmean)\n";
    char *json = both_engines(dir, rules, 1);
    cr_assert(strstr(json, "{\"m\": null, \"year\": 2021, \"total\": \"300.00\", \"n\": 1, \"rows\": 2"), "%s", json);
    free(json);
}

/* A file of n tariff rows, for runs long enough to be split between threads. */
static void write_many(const char *dir, int n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("id,year,amount,kind\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "T%d,%d,%d.%02d,%s\n", i / 4, 2019 + i % 4, 1000 + (i * 7919) % 3000, (i * 31) % 100,
                i % 3 ? "kommune" : "privat");
    fclose(f);
}

Test(jit, the_report_is_the_same_whatever_the_number_of_threads)
{
    const char *dir = th_tempdir();
    write_many(dir, 240000);
    const char *rules =
        "dataset t from \"t.csv\" key id, year columns id text  year year  amount money  kind text\n"
        "requirement cap \"cap\"\n  for x in t where x.year > 2019\n  let base = t[x.id, 2019]\n"
        "  where base exists\n  require x.amount <= base.amount * 1.5\n"
        "info sums \"sums\"\n  for x in t\n  group by x.kind, x.year\n"
        "  let total = sum(x.amount)\n  let avg = mean(x.amount)\n  emit sums (kind, year, total, avg)\n";
    int compiled;
    char *one = th_run_json_jit(dir, rules, 1, &compiled);
    cr_assert_eq(compiled, 2, "%.300s", one);
    for (int jobs = 2; jobs <= 5; jobs += 3) {
        char *many = th_run_json_jit(dir, rules, jobs, &compiled);
        cr_assert_str_eq(one, many, "with %d threads", jobs);
        free(many);
    }
    char *json = th_run_json(dir, rules);
    cr_assert_str_eq(one, json);
    free(json);
    free(one);
}

Test(jit, without_libgccjit_the_interpreter_runs_and_says_so)
{
    char *out, *interp;
    th_styr(&interp, "check rules/hovedstaden-2021-2022.styr --format json --engine interp");
    setenv("STYR_LIBGCCJIT", "/nonexistent/libgccjit.so.0", 1);
    /* Not from the cache: code compiled by another test would need no libgccjit. */
    th_styr(&out, "check rules/hovedstaden-2021-2022.styr --format json --engine jit --no-cache");
    unsetenv("STYR_LIBGCCJIT");
    const char *note = "styr: note: libgccjit.so.0 could not be opened";
    char *at = strstr(out, note);
    cr_assert(at, "%.300s", out);
    cr_assert(strstr(out, interp), "the report is the interpreter's");
    free(out);
    free(interp);
}

/* Runs the shipped rules on the sample data with the engine and a cache in dir (NULL:
** none); returns the report and sets *compiled and *cached. */
static char *run_engine(const char *dir, int engine, int *compiled, int *cached)
{
    styr_rules *rules;
    cr_assert_eq(styr_rules_open("rules/hovedstaden-2021-2022.styr", &rules), STYR_OK);
    styr_run *run;
    styr_run_new(rules, &run);
    styr_run_set_engine(run, engine);
    styr_run_set_cache(run, dir != NULL, dir);
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    char *json;
    styr_run_report(run, STYR_FORMAT_JSON, 0, &json, NULL);
    *compiled = styr_run_compiled(run, NULL, cached);
    styr_run_free(run);
    styr_rules_close(rules);
    return json;
}

static char *run_cached(const char *dir, int *compiled, int *cached)
{
    return run_engine(dir, STYR_ENGINE_JIT, compiled, cached);
}

/* The one entry file in dir. */
static void entry_in(const char *dir, char *path, size_t n)
{
    DIR *d = opendir(dir);
    cr_assert(d);
    struct dirent *e;
    path[0] = 0;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".styrjit")) snprintf(path, n, "%s/%s", dir, e->d_name);
    closedir(d);
    cr_assert(path[0], "no cache entry in %s", dir);
}

Test(jit, a_second_run_takes_the_compiled_rules_from_the_cache)
{
    const char *dir = th_tempdir();
    int compiled, cached;
    char *first = run_cached(dir, &compiled, &cached);
    cr_assert(compiled >= 9 && !cached, "compiled %d, cached %d", compiled, cached);
    char *second = run_cached(dir, &compiled, &cached);
    cr_assert(compiled >= 9 && cached, "compiled %d, cached %d", compiled, cached);
    cr_assert_str_eq(first, second);
    free(first);
    free(second);
}

/* Found by make soak: a cache folder given to styr_run_set_cache that did not exist yet
** was never made, so nothing was kept and every run compiled again, without a word. */
Test(jit, a_cache_folder_that_does_not_exist_yet_is_made)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/not/yet", th_tempdir());
    int compiled, cached;
    char *first = run_cached(dir, &compiled, &cached);
    char *second = run_cached(dir, &compiled, &cached);
    cr_assert(compiled >= 9 && cached, "compiled %d, cached %d", compiled, cached);
    cr_assert_str_eq(first, second);
    free(first);
    free(second);
}

Test(jit, a_corrupt_cache_entry_is_compiled_again)
{
    const char *dir = th_tempdir();
    int compiled, cached;
    char *first = run_cached(dir, &compiled, &cached);
    char path[512];
    entry_in(dir, path, sizeof path);
    FILE *f = fopen(path, "r+b");
    cr_assert(f);
    fseek(f, 200, SEEK_SET);
    int c = fgetc(f);
    fseek(f, 200, SEEK_SET);
    fputc(c ^ 0x5a, f);
    fclose(f);
    char *second = run_cached(dir, &compiled, &cached);
    cr_assert(compiled >= 9 && !cached, "the corrupt entry is not used: compiled %d, cached %d", compiled, cached);
    cr_assert_str_eq(first, second);
    free(run_cached(dir, &compiled, &cached));
    cr_assert(cached, "the rebuilt entry is used");
    free(first);
    free(second);
}

Test(jit, changed_rules_do_not_take_the_old_compiled_code)
{
    const char *dir = th_tempdir();
    th_write(dir, "t.csv", "id,a,b,n,d\nA,10.00,,1,1\nB,20.00,,1,1\n");
    for (int limit = 15; limit <= 25; limit += 10) {
        char rules[1024];
        snprintf(rules, sizeof rules, "%srequirement low \"low\"\n  for x in t\n  require x.a < %d kr\n", money_rules, limit);
        int compiled;
        char *json = th_run_json_jit(dir, rules, 1, &compiled);
        cr_assert_eq(compiled, 1);
        cr_assert(strstr(json, limit == 15 ? "\"violations\": 1" : "\"violations\": 0"), "limit %d: %s", limit, json);
        free(json);
    }
}

Test(jit, auto_compiles_nothing_for_the_sample_data_but_takes_cached_code)
{
    /* The sample data is some thousands of rows a block: not worth compiling, worth
    ** taking from the cache. */
    const char *dir = th_tempdir();
    int compiled, cached;
    char *first = run_engine(dir, STYR_ENGINE_AUTO, &compiled, &cached);
    cr_assert_eq(compiled, 0, "auto compiled %d blocks for the sample data", compiled);
    free(run_engine(dir, STYR_ENGINE_JIT, &compiled, &cached));
    char *second = run_engine(dir, STYR_ENGINE_AUTO, &compiled, &cached);
    cr_assert(compiled >= 9 && cached, "auto took %d blocks, cached %d", compiled, cached);
    cr_assert_str_eq(first, second);
    free(first);
    free(second);
}

/* What the process holds is the allocator's count of bytes in use: libgccjit's leak was
** 176 KB of it a compilation of the shipped rules (and 3.3 MB of RSS, which moves too
** much with malloc's arenas to be the measure). */
#define HELD_BOUND_KB 512
#if defined(__SANITIZE_ADDRESS__)
size_t __sanitizer_get_current_allocated_bytes(void);   /* the sanitizers' allocator interface */
static long held_kb(void)
{
    return (long)(__sanitizer_get_current_allocated_bytes() / 1024);
}
#else
static long held_kb(void)
{
    struct mallinfo2 m = mallinfo2();
    return (long)((m.uordblks + m.hblkhd) / 1024);
}
#endif

/* Compiles the shipped rules afresh (no cache) and runs them. */
static void compile_shipped_rules(void)
{
    int compiled, cached;
    free(run_engine(NULL, STYR_ENGINE_JIT, &compiled, &cached));
    cr_assert_geq(compiled, 9, "the rules were compiled");
}

/* Found by make soak: libgccjit keeps over a megabyte of every compilation for the life
** of the process, so a program that compiled rule files again and again grew without
** end. The compiler now runs in a child process of its own. */
Test(jit, compiling_again_and_again_does_not_grow_the_process)
{
    /* The first runs grow malloc's arenas to what loading the sample data takes. */
    compile_shipped_rules();
    compile_shipped_rules();
    long before = held_kb();
    for (int i = 0; i < 8; i++) compile_shipped_rules();
    long grown = held_kb() - before;
    cr_assert_lt(grown, HELD_BOUND_KB, "eight compilations grew the process by %ld KB", grown);
}
