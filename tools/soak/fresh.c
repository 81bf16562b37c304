/*
** fresh.c: the run again in fresh processes, and the comparison. `styr check` on the
** same files with the same options (--engine, --jobs, --format, --locale, --data,
** --reject-file) must write the same report byte for byte, exit with the status the
** API's answers call for, and write to standard error exactly the diagnostics and
** message the API gave; `styr explain` the same explanation, `styr test` the same test
** output. Columns have no command: for them this program replays the run alone
** (soak --replay SEED DIR), and its outcome must be this process's.
**
** The children compile for themselves (--no-cache, and a cache folder of their own
** for `styr test`), so nothing this process compiled can make them agree.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak.h"

/* Seconds a child may take. */
#define TIMEOUT 300

/* An argument list being built (the strings are owned). */
typedef struct args {
    char *v[64];
    int n;
} args;

static void arg(args *a, const char *s)
{
    if (a->n < 62) a->v[a->n++] = sk_strdup(s);
    a->v[a->n] = NULL;
}

static void args_free(args *a)
{
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    a->n = 0;
}

static char *path_in(const char *dir, const char *name)
{
    sk_text t = { 0 };
    sk_printf(&t, "%s/fresh-%s", dir, name);
    return t.s;
}

static void spawn(sk_proc *proc, args *a, const char *dir, const char *name)
{
    sk_text out = { 0 }, err = { 0 };
    sk_printf(&out, "%s/fresh-%s.out", dir, name);
    sk_printf(&err, "%s/fresh-%s.err", dir, name);
    sk_spawn(proc, a->v, out.s, err.s);
    sk_text_free(&out);
    sk_text_free(&err);
    args_free(a);
}

/* --data NAME=PATH for every dataset, as the run in this process binds them. */
static void data_args(const sk_where *w, args *a)
{
    styr_rules *rules;
    styr_rules_open(w->rules, &rules);
    for (int d = 0; d < styr_rules_datasets(rules); d++) {
        sk_text t = { 0 };
        sk_printf(&t, "%s=%s/%s", styr_dataset_name(rules, d), w->dir, styr_dataset_path(rules, d));
        arg(a, "--data");
        arg(a, t.s);
        sk_text_free(&t);
    }
    styr_rules_close(rules);
}

static void common_args(const sk_plan *p, const sk_where *w, args *a)
{
    if (p->bind == SK_BIND_FILE) data_args(w, a);
    if (p->jobs > 0) {
        char jobs[16];
        snprintf(jobs, sizeof jobs, "%d", p->jobs);
        arg(a, "--jobs");
        arg(a, jobs);
    }
    arg(a, "-q");
}

void sk_fresh_start(sk_fresh *f, const sk_plan *p, const sk_where *w)
{
    static const char *const engine[] = { "auto", "interp", "jit" };
    static const char *const format[] = { "text", "json", "html" };
    args a = { 0 };
    if (p->bind == SK_BIND_COLUMNS) {
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)p->seed);
        arg(&a, f->self);
        arg(&a, "--replay");
        arg(&a, seed);
        arg(&a, w->dir);
    } else {
        arg(&a, f->styr);
        arg(&a, "check");
        arg(&a, w->rules);
        arg(&a, "--engine");
        arg(&a, engine[p->engine]);
        arg(&a, "--no-cache");
        arg(&a, "--format");
        arg(&a, format[p->format]);
        if (p->flags & STYR_REPORT_DANISH) arg(&a, "--locale=da");
        char *report = path_in(w->dir, "report"), *rejects = path_in(w->dir, "rejects.csv");
        arg(&a, "-o");
        arg(&a, report);
        if (p->rejects) {
            arg(&a, "--reject-file");
            arg(&a, rejects);
        }
        free(report);
        free(rejects);
        common_args(p, w, &a);
    }
    spawn(&f->check, &a, w->dir, "check");
    if (p->shipped_tests) {
        arg(&a, f->styr);
        arg(&a, "test");
        arg(&a, w->shipped_tests);
        arg(&a, "--color=never");
        if (!p->test_jit) arg(&a, "--no-jit");
        spawn(&f->tests, &a, w->dir, "tests");
    }
}

void sk_fresh_explain(sk_fresh *f, const sk_plan *p, const sk_where *w, const sk_result *r)
{
    if (!r->explain_rule) return;
    args a = { 0 };
    arg(&a, f->styr);
    arg(&a, "explain");
    arg(&a, w->rules);
    arg(&a, "--rule");
    arg(&a, r->explain_rule);
    arg(&a, "--key");
    arg(&a, r->explain_key);
    arg(&a, "--format");
    arg(&a, p->explain_format == STYR_FORMAT_JSON ? "json" : "text");
    arg(&a, "--color=never");
    common_args(p, w, &a);
    spawn(&f->explain, &a, w->dir, "explain");
}

/* ------------------------------------------------------------------ comparing */

/* The exit status of a command whose API call answered st. */
static int exit_of(int st)
{
    return st == STYR_OK ? 0 : st == STYR_FAILED ? 1 : st == STYR_ERR_DATA ? 3 : 2;
}

/* Where two texts first differ: the line, and the line of each. */
static void first_difference(const char *a, size_t alen, const char *b, size_t blen, sk_text *why)
{
    size_t i = 0, line = 1, start = 0;
    while (i < alen && i < blen && a[i] == b[i]) {
        if (a[i] == '\n') line++, start = i + 1;
        i++;
    }
    const char *ae = memchr(a + start, '\n', alen - start), *be = memchr(b + start, '\n', blen - start);
    int an = (int)((ae ? (size_t)(ae - a) : alen) - start), bn = (int)((be ? (size_t)(be - b) : blen) - start);
    sk_printf(why, "  first difference at line %zu, column %zu:\n    this process: %.*s\n    fresh:        %.*s\n",
              line, i - start + 1, an > 400 ? 400 : an, a + start, bn > 400 ? 400 : bn, b + start);
}

/* Compares what this process gave with a fresh process's file; false (and why, with
** both texts) when they differ. */
static bool same(const char *what, const char *mine, size_t mine_len, const char *path, sk_text *why)
{
    size_t len = 0;
    char *theirs = sk_slurp(path, &len);
    bool ok = theirs && len == mine_len && !memcmp(mine, theirs, len);
    if (!ok) {
        sk_printf(why, "%s differs from the fresh process's (%s):\n", what, path);
        if (theirs) first_difference(mine, mine_len, theirs, len, why);
        sk_printf(why, "  ---- this process (%zu bytes):\n%.*s\n  ---- fresh (%zu bytes):\n%.*s\n  ----\n", mine_len,
                  mine_len > 6000 ? 6000 : (int)mine_len, mine, len, len > 6000 ? 6000 : (int)len, theirs ? theirs : "");
    }
    free(theirs);
    return ok;
}

static bool exit_is(const char *what, sk_proc *proc, int want, sk_text *why)
{
    int st = sk_wait(proc, TIMEOUT);
    if (st == want) return true;
    sk_printf(why, "%s: %s, where this process's answer calls for exit %d\n", what, proc->how, want);
    return false;
}

/* What a command writes to stderr after an API answer: the rules' diagnostics, and the
** run's message when the call failed. */
static bool stderr_is(const sk_where *w, const char *name, const sk_result *r, int st, const char *msg, sk_text *why)
{
    sk_text want = { 0 };
    sk_puts(&want, r->diagnostics);
    if (st != STYR_OK && st != STYR_FAILED) sk_printf(&want, "styr: %s\n", msg);
    sk_text path = { 0 };
    sk_printf(&path, "%s/fresh-%s.err", w->dir, name);
    bool ok = same("standard error", sk_str(&want), want.n, sk_str(&path), why);
    sk_text_free(&want);
    sk_text_free(&path);
    return ok;
}

static bool compare_check(sk_fresh *f, const sk_plan *p, const sk_where *w, const sk_result *r, sk_text *why)
{
    char *report = path_in(w->dir, "report");
    bool ok;
    if (p->bind == SK_BIND_COLUMNS) {
        sk_text mine = { 0 };
        sk_outcome(r, &mine);
        char *out = path_in(w->dir, "check.out");
        ok = exit_is("the replay", &f->check, 0, why) && same("the outcome", sk_str(&mine), mine.n, out, why);
        free(out);
        sk_text_free(&mine);
    } else if (r->open_status != STYR_OK) {
        ok = exit_is("styr check", &f->check, 2, why) && stderr_is(w, "check", r, STYR_OK, "", why);
    } else if (r->exec_status != STYR_OK) {
        ok = exit_is("styr check", &f->check, exit_of(r->exec_status), why) &&
             stderr_is(w, "check", r, r->exec_status, r->errmsg, why);
    } else {
        ok = exit_is("styr check", &f->check, exit_of(r->verdict), why) && stderr_is(w, "check", r, STYR_OK, "", why) &&
             same("the report", sk_str(&r->report), r->report.n, report, why);
        if (ok && p->rejects) {
            sk_text mine = { 0 };
            sk_printf(&mine, "%s/rejects.csv", w->work);
            char *text = sk_slurp(sk_str(&mine), NULL);
            char *fresh = path_in(w->dir, "rejects.csv");
            ok = text && same("the reject file", text, strlen(text), fresh, why);
            free(text);
            free(fresh);
            sk_text_free(&mine);
        }
    }
    free(report);
    return ok;
}

bool sk_fresh_compare(sk_fresh *f, const sk_plan *p, const sk_where *w, const sk_result *r, sk_text *why)
{
    bool ok = compare_check(f, p, w, r, why);
    if (r->explain_rule) {
        char *out = path_in(w->dir, "explain.out");
        int st = r->explain_status;
        bool shown = st == STYR_OK || st == STYR_FAILED;
        bool e = exit_is("styr explain", &f->explain, exit_of(st), why) &&
                 (shown ? same("the explanation", sk_str(&r->explain), r->explain.n, out, why) &&
                              stderr_is(w, "explain", r, STYR_OK, "", why)
                        : stderr_is(w, "explain", r, st, sk_str(&r->explain), why));
        if (!e) sk_printf(why, "  (styr explain --rule %s --key %s)\n", r->explain_rule, r->explain_key);
        ok = ok && e;
        free(out);
    }
    if (p->shipped_tests) {
        char *out = path_in(w->dir, "tests.out");
        bool t = exit_is("styr test", &f->tests, exit_of(r->tests_status), why);
        char *text = sk_slurp(out, NULL);
        if (t && (!text || !strstr(text, sk_str(&r->tests)))) {
            sk_printf(why, "styr test %s printed what styr_rules_test did not give:\n---- this process:\n%s\n---- fresh:\n%s\n",
                      w->shipped_tests, sk_str(&r->tests), text ? text : "");
            t = false;
        }
        ok = ok && t;
        free(text);
        free(out);
    }
    return ok;
}
