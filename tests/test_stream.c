/*
** test_stream.c: the memory limit and streaming (issue 6, item 5). A dataset that would
** take more than the limit is read in batches when only row-by-row blocks read it, and
** the report is the one the dataset held whole gives, in both engines; any other
** dataset over the limit stops the run with a message that says what reads it whole.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "helpers.h"
#include "streamable.h"
#include "styr.h"

#define STREAM_RULES "tests/data/stream/stream.styr"
#define SMALL_LIMIT (2500u * 1024u)

/* Writes placements (n rows, with amounts that do not match every 113th row, unknown
** offers every 97th and, when bad, a row that cannot be read every 1001st) and offers
** into a fresh folder; returns the folder. */
static const char *write_data(int n, bool bad)
{
    const char *dir = th_tempdir();
    buf csv = { 0 };
    buf_puts(&csv, "offer_id,name,operator_kind,places\n");
    for (int k = 0; k < 20; k++)
        buf_printf(&csv, "T%03d,Tilbud %d,%s,%d\n", k, k, k % 3 ? "kommune" : "privat", 5 + k);
    th_write(dir, "offers.csv", csv.data);
    buf_clear(&csv);
    buf_puts(&csv, "placement_id,offer_id,buying_municipality,from_date,to_date,days,tariff_per_day,amount\n");
    for (int i = 1; i <= n; i++) {
        int days = 1 + i % 365;
        long tariff = 150000 + (i % 50) * 1234;   /* øre */
        long amount = days * tariff + (i % 113 == 0 ? 100 : 0);
        if (bad && i % 1001 == 0) {
            buf_printf(&csv, "P%d,T001,Herlev,2021-01-01,2021-02-01,x,1500.00,1.00\n", i);
            continue;
        }
        buf_printf(&csv, "P%d,%s%03d,Kommune %d,%d-01-01,%d-12-31,%d,%ld.%02ld,%ld.%02ld\n", i,
                   i % 97 == 0 ? "X" : "T", i % 20, i % 29, 2019 + i % 4, 2019 + i % 4, days, tariff / 100,
                   tariff % 100, amount / 100, amount % 100);
    }
    th_write(dir, "placements.csv", csv.data);
    buf_free(&csv);
    return dir;
}

/* Runs the rules over the folder's files with the engine and memory limit (0:
** the default) and an optional reject file; returns the JSON report, or "error: " and
** the message (malloc'ed). */
static char *run_rules(const char *rules_path, const char *dir, int engine, unsigned long long limit,
                       const char *rejects)
{
    styr_rules *rules;
    styr_run *r;
    cr_assert_eq(styr_rules_open(rules_path, &rules), STYR_OK, "%s", styr_rules_errmsg(rules));
    cr_assert_eq(styr_run_new(rules, &r), STYR_OK);
    char path[600];
    snprintf(path, sizeof path, "%s/placements.csv", dir);
    styr_bind_file(r, "placements", path);
    snprintf(path, sizeof path, "%s/offers.csv", dir);
    styr_bind_file(r, "offers", path);
    styr_run_set_engine(r, engine);
    styr_run_set_cache(r, 1, th_cache_dir());
    styr_run_set_max_memory(r, limit);
    if (rejects) styr_run_set_reject_file(r, rejects);
    char *out;
    if (styr_execute(r) == STYR_OK) {
        cr_assert_eq(styr_run_report(r, STYR_FORMAT_JSON, 0, &out, NULL), STYR_OK);
    } else {
        buf b = { 0 };
        buf_printf(&b, "error: %s", styr_run_errmsg(r));
        out = buf_take(&b);
    }
    styr_run_free(r);
    styr_rules_close(rules);
    return out;
}

/* Expects two reports to be the same; a difference is shown around its first byte
** (Criterion cannot pass on messages as long as whole reports). */
static void expect_same_report(const char *got, const char *want)
{
    size_t i = 0;
    while (got[i] && got[i] == want[i]) i++;
    size_t from = i > 80 ? i - 80 : 0;
    cr_expect(got[i] == want[i], "reports differ at byte %zu:\n%.160s\n---\n%.160s", i, got + from, want + from);
}

static char *run(const char *dir, int engine, unsigned long long limit, const char *rejects)
{
    return run_rules(STREAM_RULES, dir, engine, limit, rejects);
}

static const ast_dataset *dataset_named(const program *p, const char *name)
{
    const ast_dataset *d = prog_dataset(p, name);
    cr_assert_not_null(d, "no dataset %s", name);
    return d;
}

Test(streamable, dataset_read_only_row_by_row_can_be_streamed)
{
    program *p = prog_load_file(STREAM_RULES);
    cr_assert_eq(p->diags.errors, 0);
    loc at;
    const char *how = NULL;
    cr_expect(streamable(p, dataset_named(p, "placements"), &at, &how), "%s", how ? how : "");
    prog_free(p);
}

Test(streamable, looked_up_dataset_cannot_be_streamed)
{
    program *p = prog_load_file(STREAM_RULES);
    loc at;
    const char *how = NULL;
    cr_assert_not(streamable(p, dataset_named(p, "offers"), &at, &how));
    cr_expect_str_eq(how, "looks its rows up");
    prog_free(p);
}

Test(streamable, grouped_dataset_cannot_be_streamed)
{
    program *p = prog_load_file("rules/hovedstaden-2021-2022.styr");
    loc at;
    const char *how = NULL;
    cr_assert_not(streamable(p, dataset_named(p, "placements"), &at, &how));
    cr_expect_str_eq(how, "groups its rows");
    prog_free(p);
}

/* The report of the streamed run must be the report of the run that holds the data. */
static void expect_streamed_report_as_held(int engine)
{
    const char *dir = write_data(30000, false);
    char *held = run(dir, STYR_ENGINE_INTERP, 0, NULL);
    cr_assert(strncmp(held, "error", 5) != 0, "%s", held);
    cr_assert(strstr(held, "\"violations\": 265"), "amount_matches should find 265 violations");
    char *streamed = run(dir, engine, SMALL_LIMIT, NULL);
    expect_same_report(streamed, held);
    free(held);
    free(streamed);
}

Test(stream, streamed_report_equals_held_report_in_the_interpreter)
{
    expect_streamed_report_as_held(STYR_ENGINE_INTERP);
}

Test(stream, streamed_report_equals_held_report_with_the_jit)
{
    expect_streamed_report_as_held(STYR_ENGINE_JIT);
}

Test(stream, file_larger_than_the_limit_streams_from_the_start)
{
    const char *dir = write_data(30000, false);
    char path[600];
    snprintf(path, sizeof path, "%s/placements.csv", dir);
    char *csv = th_read(path);
    size_t file_bytes = strlen(csv);
    free(csv);
    char *held = run(dir, STYR_ENGINE_INTERP, 0, NULL);
    char *streamed = run(dir, STYR_ENGINE_INTERP, file_bytes - 1, NULL);
    expect_same_report(streamed, held);
    free(held);
    free(streamed);
}

Test(stream, streamed_rows_that_cannot_be_read_go_to_the_reject_file_once)
{
    const char *dir = write_data(30000, true);
    char rejects[600];
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", dir);
    char *held = run(dir, STYR_ENGINE_INTERP, 0, rejects);
    char *held_rejects = th_read(rejects);
    char *streamed = run(dir, STYR_ENGINE_JIT, SMALL_LIMIT, rejects);
    char *streamed_rejects = th_read(rejects);
    expect_same_report(streamed, held);
    cr_expect(strstr(streamed, "\"rows_read\": 30020, \"rows_evaluated\": 29991, \"rows_rejected\": 29"), "%s",
              strstr(streamed, "\"summary\""));
    cr_assert_not_null(streamed_rejects);
    expect_same_report(streamed_rejects, held_rejects);
    free(held);
    free(held_rejects);
    free(streamed);
    free(streamed_rejects);
}

Test(stream, streamed_row_that_cannot_be_read_stops_the_run_without_a_reject_file)
{
    const char *dir = write_data(30000, true);
    char *streamed = run(dir, STYR_ENGINE_INTERP, SMALL_LIMIT, NULL);
    cr_expect(strstr(streamed, "placements.csv:1002: column days: cannot read \"x\" as int"), "%s", streamed);
    cr_expect(strstr(streamed, "(and 28 more rows cannot be read;"), "%s", streamed);
    free(streamed);
}

Test(stream, streamed_dataset_has_its_key_checked)
{
    const char *dir = write_data(30000, false);
    char path[600];
    snprintf(path, sizeof path, "%s/placements.csv", dir);
    FILE *f = fopen(path, "a");
    fputs("P17,T001,Herlev,2021-01-01,2021-12-31,10,100.00,1000.00\n", f);
    fclose(f);
    char *streamed = run(dir, STYR_ENGINE_INTERP, SMALL_LIMIT, NULL);
    cr_expect(strstr(streamed, "placements.csv:30002: the key (placement_id P17) is already on line 18"), "%s",
              streamed);
    free(streamed);
}

Test(stream, report_over_the_limit_stops_the_run_with_a_message)
{
    const char *dir = write_data(30000, false);
    char *out = run_rules("tests/data/stream/wordy.styr", dir, STYR_ENGINE_INTERP, 10u << 20, NULL);
    cr_expect(strstr(out, "error: the report does not fit in memory: by rule wordy it holds "), "%.300s", out);
    cr_expect(strstr(out, "Hint: that many usually mean that a rule or a column is not what it should be"), "%.300s",
              out);
    free(out);
}

/* Runs styr with the arguments, expects the exit status, and returns what it said. */
static char *styr_says(const char *args, int status)
{
    char *out;
    int rc = th_styr(&out, args);
    cr_expect_eq(rc, status, "%s", out);
    return out;
}

Test(stream, dataset_over_the_limit_that_cannot_stream_names_what_reads_it_whole)
{
    char *out = styr_says("check rules/hovedstaden-2021-2022.styr --max-memory 100K", 3);
    cr_expect(strstr(out, "rows read so far take"), "%s", out);
    cr_expect(strstr(out, "cannot be read in batches instead: rules/hovedstaden-2021-2022.styr:"), "%s", out);
    cr_expect(strstr(out, "Hint: let the data take more with --max-memory SIZE"), "%s", out);
    free(out);
}

Test(stream, max_memory_wants_a_size)
{
    char *out = styr_says("check rules/hovedstaden-2021-2022.styr --max-memory lots", 2);
    cr_expect(strstr(out, "--max-memory is a size such as 512M or 4G, not \"lots\""), "%s", out);
    free(out);
}

Test(stream, max_memory_takes_units)
{
    free(styr_says("check rules/hovedstaden-2021-2022.styr --max-memory 1.5G --format json -o /dev/null", 1));
}
