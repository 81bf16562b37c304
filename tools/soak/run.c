/*
** run.c: one run of the soak in this process, through styr.h only: open the rules
** (from the file or its text), start a run, bind the data as the plan says (the rule
** file's paths, files named by the caller, CSV text, caller-owned columns), execute,
** write the report, walk the results, explain an item, run tests, and free it all.
** What it gave goes into an sk_result for fresh.c to hold against a fresh process.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak.h"

void sk_problem(sk_result *r, const char *fmt, ...)
{
    if (r->problem) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    r->problem = sk_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(r->problem, (size_t)n + 1, fmt, ap);
    va_end(ap);
}

static char *path_in(const char *dir, const char *name)
{
    sk_text t = { 0 };
    sk_printf(&t, "%s/%s", dir, name);
    return t.s;
}

static int collect(void *ctx, const char *text, size_t len)
{
    sk_add(ctx, text, len);
    return 0;
}

/* The report in the plan's format, streamed or whole. */
static void report(const sk_plan *p, const styr_run *run, sk_text *out, sk_result *r)
{
    if (p->streamed) {
        if (styr_run_write_report(run, p->format, p->flags, collect, out) != STYR_OK) sk_problem(r, "styr_run_write_report failed");
        return;
    }
    char *text;
    size_t len;
    if (styr_run_report(run, p->format, p->flags, &text, &len) != STYR_OK) {
        sk_problem(r, "styr_run_report failed");
        return;
    }
    if (len != strlen(text)) sk_problem(r, "styr_run_report's length is not its text's");
    sk_add(out, text, len);
    styr_free(text);
}

/* Gives the run its data as the plan says; STYR_OK or the failed bind's status. */
static int bind(const sk_plan *p, const sk_where *w, const styr_rules *rules, const sk_columns *cols, styr_run *run)
{
    int n = styr_rules_datasets(rules);
    switch (p->bind) {
    case SK_BIND_FILE:
        for (int d = 0; d < n; d++) {
            char *path = path_in(w->dir, styr_dataset_path(rules, d));
            int st = styr_bind_file(run, styr_dataset_name(rules, d), path);
            free(path);
            if (st != STYR_OK) return st;
        }
        return STYR_OK;
    case SK_BIND_CSV:
        for (int d = 0; d < n; d++) {
            char *path = path_in(w->dir, styr_dataset_path(rules, d));
            size_t len;
            char *text = sk_slurp(path, &len);
            free(path);
            int st = styr_bind_csv(run, styr_dataset_name(rules, d), text, text ? len : 0);
            free(text);
            if (st != STYR_OK) return st;
        }
        return STYR_OK;
    case SK_BIND_COLUMNS:
        return styr_bind_columns(run, cols->dataset, cols->nrows, cols->cols, cols->ncols);
    default:
        return STYR_OK;
    }
}

/* A run made ready to execute; NULL with r->exec_status set when binding failed. `again`:
** the second run of a cached plan (no misuse, its own reject file). */
static styr_run *start(const sk_plan *p, const sk_where *w, const styr_rules *rules, const sk_columns *cols,
                       bool again, sk_result *r)
{
    styr_run *run;
    if (styr_run_new(rules, &run) != STYR_OK) {
        sk_problem(r, "styr_run_new refused rules that opened");
        return NULL;
    }
    styr_run_set_engine(run, p->engine);
    styr_run_set_jobs(run, p->jobs);
    char *cache = path_in(w->work, "cache");
    styr_run_set_cache(run, p->cache, p->cache ? cache : NULL);
    free(cache);
    if (p->rejects) {
        char *path = path_in(w->work, again ? "rejects-again.csv" : "rejects.csv");
        if (styr_run_set_reject_file(run, path) != STYR_OK) sk_problem(r, "no reject file: %s", styr_run_errmsg(run));
        free(path);
    }
    const char *dataset = cols->dataset ? cols->dataset : styr_dataset_name(rules, 0);
    if (p->misuse && !again) sk_misuse_unbound(run, dataset, r);
    int st = bind(p, w, rules, cols, run);
    if (st != STYR_OK) {
        r->exec_status = st;
        r->errmsg = sk_strdup(styr_run_errmsg(run));
        styr_run_free(run);
        return NULL;
    }
    return run;
}

/* The first item whose key can be written as NAME=VALUE,...: its rule and key. */
static void pick_explanation(const styr_run *run, sk_result *r)
{
    for (int rule = 0; rule < styr_result_rules(run); rule++) {
        if (styr_result_rule_count(run, rule, STYR_COUNT_ITEMS) < 1) continue;
        int nkey = styr_item_values(run, rule, 0, STYR_PART_KEY);
        sk_text key = { 0 };
        bool fits = nkey > 0;
        for (int k = 0; k < nkey && fits; k++) {
            const char *name, *value = styr_item_value(run, rule, 0, STYR_PART_KEY, k, &name, NULL);
            fits = value && *value && !strpbrk(value, ",=\n") && !strpbrk(name, ",=");
            if (fits) sk_printf(&key, "%s%s=%s", k ? "," : "", name, value);
        }
        if (fits) {
            r->explain_rule = sk_strdup(styr_result_rule_id(run, rule));
            r->explain_key = key.s;
            return;
        }
        sk_text_free(&key);
    }
}

static void explain(const sk_plan *p, styr_run *run, sk_result *r)
{
    pick_explanation(run, r);
    if (!r->explain_rule) return;
    char *text = NULL;
    size_t len = 0;
    r->explain_status = styr_run_explain(run, r->explain_rule, r->explain_key, p->explain_format, 0, &text, &len);
    if (text) sk_add(&r->explain, text, len);
    else sk_puts(&r->explain, styr_run_errmsg(run));
    styr_free(text);
}

/* A second run of the same rules and data: compiled code from the cache, the same report. */
static void again(const sk_plan *p, const sk_where *w, const styr_rules *rules, const sk_columns *cols, sk_result *r)
{
    sk_result second = { .exec_status = -1 };
    styr_run *run = start(p, w, rules, cols, true, &second);
    if (run && styr_execute(run) == STYR_OK) {
        sk_text text = { 0 };
        report(p, run, &text, r);
        if (text.n != r->report.n || memcmp(sk_str(&text), sk_str(&r->report), text.n))
            sk_problem(r, "a second run of the rules (compiled code from the cache) gave another report");
        styr_run_compiled(run, NULL, &r->cached);
        sk_text_free(&text);
    } else {
        sk_problem(r, "a second run of the rules failed: %s", second.errmsg ? second.errmsg : styr_run_errmsg(run));
    }
    styr_run_free(run);
    sk_result_free(&second);
}

static void run_rules(const sk_plan *p, const sk_where *w, const styr_rules *rules, const sk_columns *cols, sk_result *r)
{
    styr_run *run = start(p, w, rules, cols, false, r);
    if (!run) return;
    if (p->misuse) sk_misuse_unrun(run, r);
    r->exec_status = styr_execute(run);
    if (r->exec_status != STYR_OK) {
        r->errmsg = sk_strdup(styr_run_errmsg(run));
    } else {
        r->verdict = styr_run_verdict(run);
        r->compiled = styr_run_compiled(run, NULL, NULL);
        report(p, run, &r->report, r);
        if (p->walk) sk_walk(run, p->format == STYR_FORMAT_JSON ? sk_str(&r->report) : NULL, r);
        if (p->explain) explain(p, run, r);
        if (p->misuse) {
            char *scratch = path_in(w->work, "misuse.out");
            sk_misuse_done(run, cols->dataset ? cols->dataset : styr_dataset_name(rules, 0), scratch, r);
            free(scratch);
        }
    }
    styr_run_free(run);
    if (p->cache && r->exec_status == STYR_OK) again(p, w, rules, cols, r);
}

/* The generated rules have no tests: styr_rules_test says so and passes. */
static void own_tests(const styr_rules *rules, sk_result *r)
{
    char *out = NULL;
    int passed = -1, failed = -1;
    int st = styr_rules_test(rules, 0, &out, NULL, &passed, &failed);
    if (st != STYR_OK || passed || failed) sk_problem(r, "styr_rules_test of rules without tests gave %d (%d, %d)", st, passed, failed);
    styr_free(out);
}

static void shipped_tests(const sk_plan *p, const sk_where *w, sk_result *r)
{
    styr_rules *rules;
    styr_rules_open(w->shipped_tests, &rules);
    char *out = NULL;
    size_t len = 0;
    r->tests_status = styr_rules_test(rules, p->test_jit ? STYR_TEST_JIT : 0, &out, &len, NULL, NULL);
    if (out) sk_add(&r->tests, out, len);
    styr_free(out);
    styr_rules_close(rules);
}

void sk_run_in_process(const sk_plan *p, const sk_where *w, sk_result *r)
{
    *r = (sk_result){ .exec_status = -1, .explain_status = -1, .tests_status = -1, .compiled = -1 };
    styr_rules *rules;
    if (p->open_text) {
        size_t len;
        char *text = sk_slurp(w->rules, &len);
        r->open_status = styr_rules_open_text(w->rules, text ? text : "", text ? len : 0, &rules);
        free(text);
    } else {
        r->open_status = styr_rules_open(w->rules, &rules);
    }
    r->diagnostics = sk_strdup(styr_rules_diagnostics(rules, 0));
    if (r->open_status != STYR_OK) {
        sk_misuse_failed_rules(rules, r);
    } else {
        sk_columns cols = { 0 };
        if (p->bind == SK_BIND_COLUMNS) {
            sk_rng rng;
            sk_rng_seed(&rng, p->seed, 1);
            sk_columns_make(rules, p->columns_ds % styr_rules_datasets(rules), &rng, &cols);
        }
        if (p->rules_test) own_tests(rules, r);
        run_rules(p, w, rules, &cols, r);
        sk_columns_free(&cols);
    }
    styr_rules_close(rules);
    if (p->shipped_tests) shipped_tests(p, w, r);
}

void sk_outcome(const sk_result *r, sk_text *t)
{
    sk_printf(t, "open %d\n%s", r->open_status, r->diagnostics ? r->diagnostics : "");
    sk_printf(t, "execute %d\n%s", r->exec_status, r->errmsg ? r->errmsg : "");
    sk_printf(t, "verdict %d, %d blocks compiled\n", r->verdict, r->compiled);
    sk_printf(t, "report of %zu bytes\n", r->report.n);
    sk_add(t, sk_str(&r->report), r->report.n);
    sk_printf(t, "walk %s\n", r->walk ? r->walk : "-");
    if (r->problem) sk_printf(t, "problem %s\n", r->problem);
}

void sk_result_free(sk_result *r)
{
    free(r->diagnostics);
    free(r->errmsg);
    sk_text_free(&r->report);
    free(r->explain_rule);
    free(r->explain_key);
    sk_text_free(&r->explain);
    sk_text_free(&r->tests);
    free(r->walk);
    free(r->problem);
    *r = (sk_result){ 0 };
}
