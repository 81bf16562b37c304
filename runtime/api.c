/*
** api.c: the public interface of libstyr (styr.h) over the checker, the loader, the
** interpreter and the report writers.
*/
#include "styr.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_int.h"
#include "bind.h"
#include "interp.h"
#include "xalloc.h"

/* The automatic engine choice, by the rows the rules' blocks go through. Measured with
** styr-jitloop-bench (README, Benchmarks): a compiled block saves some 0.15-0.3 us a row
** over the interpreter; compiling the 2021-2022 rules takes 130-250 ms, about what
** 1,000,000 rows save; loading them from the cache takes under a millisecond, what
** 5,000 rows save. */
#define AUTO_JIT_MIN_ROWS 1000000
#define AUTO_CACHED_JIT_MIN_ROWS 5000

const char *styr_version(void)
{
    return STYR_VERSION;
}

static int opened(program *p, styr_rules **out)
{
    styr_rules *r = xcalloc(1, sizeof *r);
    r->prog = p;
    /* Made now, so that a rule set never changes once open and threads may share it. */
    for (int color = 0; color < 2; color++) {
        buf b = {0};
        diag_print(&p->diags, &b, color != 0);
        r->diagnostics[color] = buf_take(&b);
    }
    if (out) *out = r;
    else styr_rules_close(r);
    return p->diags.errors ? STYR_ERR_RULES : STYR_OK;
}

int styr_rules_open(const char *path, styr_rules **out)
{
    if (!path) return STYR_ERR_USAGE;
    return opened(prog_load_file(path), out);
}

int styr_rules_open_text(const char *name, const char *text, size_t len, styr_rules **out)
{
    if (!name || !text) return STYR_ERR_USAGE;
    return opened(prog_load_text(name, text, len), out);
}

const char *styr_rules_diagnostics(const styr_rules *rules, int color)
{
    return rules ? rules->diagnostics[color ? 1 : 0] : "";
}

const char *styr_rules_errmsg(const styr_rules *rules)
{
    return styr_rules_diagnostics(rules, 0);
}

const char *styr_rules_agreement(const styr_rules *rules)
{
    return rules ? rules->prog->name : NULL;
}

int styr_rules_count(const styr_rules *rules)
{
    return rules ? rules->prog->nrules : 0;
}

const char *styr_rule_id(const styr_rules *rules, int i)
{
    return rules && i >= 0 && i < rules->prog->nrules ? rules->prog->rules[i]->id : NULL;
}

const char *styr_rule_title(const styr_rules *rules, int i)
{
    return rules && i >= 0 && i < rules->prog->nrules ? rules->prog->rules[i]->title : NULL;
}

int styr_rules_datasets(const styr_rules *rules)
{
    /* The columns' types of rules with errors may be unknown: show none. */
    return rules && !rules->prog->diags.errors ? rules->prog->ndatasets : 0;
}

static const ast_dataset *dataset_at(const styr_rules *rules, int d)
{
    return d >= 0 && d < styr_rules_datasets(rules) ? rules->prog->datasets[d] : NULL;
}

const char *styr_dataset_name(const styr_rules *rules, int d)
{
    const ast_dataset *ds = dataset_at(rules, d);
    return ds ? ds->name : NULL;
}

int styr_dataset_columns(const styr_rules *rules, int d)
{
    const ast_dataset *ds = dataset_at(rules, d);
    return ds ? ds->ncols : -1;
}

const char *styr_dataset_column(const styr_rules *rules, int d, int c, int *type, int *optional)
{
    const ast_dataset *ds = dataset_at(rules, d);
    if (type) *type = 0;
    if (optional) *optional = 0;
    if (!ds || c < 0 || c >= ds->ncols) return NULL;
    if (type) *type = api_type_code(ds->cols[c].ty);
    if (optional) *optional = ds->cols[c].optional;
    return ds->cols[c].name;
}

void styr_rules_close(styr_rules *rules)
{
    if (!rules) return;
    prog_free(rules->prog);
    free(rules->diagnostics[0]);
    free(rules->diagnostics[1]);
    free(rules);
}

void api_set_error(styr_run *run, char *message)
{
    free(run->error);
    run->error = message;
}

int styr_run_new(const styr_rules *rules, styr_run **out)
{
    if (out) *out = NULL;
    if (!rules || !out || rules->prog->diags.errors) return STYR_ERR_USAGE;
    styr_run *run = xcalloc(1, sizeof *run);
    run->rules = rules;
    int n = rules->prog->ndatasets ? rules->prog->ndatasets : 1;
    run->paths = xcalloc((size_t)n, sizeof *run->paths);
    run->data = xcalloc((size_t)n, sizeof *run->data);
    *out = run;
    return STYR_OK;
}

int styr_run_set_engine(styr_run *run, int engine)
{
    if (!run || engine < STYR_ENGINE_AUTO || engine > STYR_ENGINE_JIT) return STYR_ERR_USAGE;
    run->engine = engine;
    return STYR_OK;
}

int styr_run_set_jobs(styr_run *run, int jobs)
{
    if (!run || jobs < 0) return STYR_ERR_USAGE;
    run->jobs = jobs;
    return STYR_OK;
}

int styr_run_set_cache(styr_run *run, int enabled, const char *dir)
{
    if (!run) return STYR_ERR_USAGE;
    run->no_cache = !enabled;
    free(run->cache_dir);
    run->cache_dir = dir ? xstrdup(dir) : NULL;
    return STYR_OK;
}

const char *styr_run_note(const styr_run *run)
{
    return run && run->jit.note ? run->jit.note : "";
}

int styr_run_compiled(const styr_run *run, int *blocks, int *cached)
{
    if (!run || !run->rep) return -1;
    if (blocks) *blocks = run->jit.blocks;
    if (cached) *cached = run->jit.cached;
    return run->jit.compiled;
}

/* The rows the rules' blocks go through, which decides whether compiling pays. */
static size_t rows_to_run(const program *p, dataset **data)
{
    size_t n = 0;
    for (int i = 0; i < p->nrules; i++)
        for (int k = 0; k < p->rules[i]->nblocks; k++) {
            const ast_block *b = &p->rules[i]->blocks[k];
            if (b->ds && data[b->ds->index]) n += data[b->ds->index]->nrows;
        }
    return n;
}

int styr_execute(styr_run *run)
{
    if (!run) return STYR_ERR_USAGE;
    if (run->executed) {
        api_set_error(run, xstrdup("this run has already been executed; start a new one"));
        return STYR_ERR_USAGE;
    }
    run->executed = true;
    const program *p = run->rules->prog;
    char *err = NULL;
    int jobs = run->jobs > 0 ? run->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs <= 0) jobs = 1;
    bind_status st = bind_load(p, (const char *const *)run->paths, jobs, run->data, &run->arena, &err);
    if (st != BIND_OK) {
        api_set_error(run, err);
        return st == BIND_USAGE ? STYR_ERR_USAGE : STYR_ERR_DATA;
    }
    run->rep = rep_new(p);
    for (int i = 0; i < p->ndatasets; i++) {
        dataset *d = run->data[i];
        if (!d) continue;
        rep_dataset *rd = &XAPPEND(run->rep->datasets, run->rep->ndatasets);
        *rd = (rep_dataset){ .name = d->name, .path = d->path, .rows_read = (int64_t)d->rows_read,
                             .rows_evaluated = (int64_t)d->nrows,
                             .rows_rejected = (int64_t)d->rows_read - (int64_t)d->nrows };
        run->rep->rows_read += rd->rows_read;
        run->rep->rows_evaluated += rd->rows_evaluated;
        run->rep->rows_rejected += rd->rows_rejected;
    }
    jit_options jit = { .use_cache = !run->no_cache, .cache_dir = run->cache_dir, .jobs = jobs };
    size_t rows = rows_to_run(p, run->data);
    bool use_jit = run->engine == STYR_ENGINE_JIT;
    if (run->engine == STYR_ENGINE_AUTO && rows >= AUTO_CACHED_JIT_MIN_ROWS) {
        use_jit = true;
        jit.cached_only = rows < AUTO_JIT_MIN_ROWS;
    }
    if (!interp_run(p, run->data, run->rep, use_jit ? &jit : NULL, &run->jit, &err)) {
        api_set_error(run, err);
        return STYR_ERR_DATA;
    }
    return STYR_OK;
}

const char *styr_run_errmsg(const styr_run *run)
{
    return run && run->error ? run->error : "";
}

int styr_run_verdict(const styr_run *run)
{
    if (!run || !run->rep) return STYR_ERR_USAGE;
    return run->rep->failed ? STYR_FAILED : STYR_OK;
}

static int write_format(const styr_run *run, int format, int flags, buf *b)
{
    if (!run || !run->rep) return STYR_ERR_USAGE;
    if (format == STYR_FORMAT_JSON) rep_write_json(run->rep, b);
    else if (format == STYR_FORMAT_TEXT) rep_write_text(run->rep, b, (flags & STYR_REPORT_COLOR) != 0);
    else return STYR_ERR_USAGE;
    return STYR_OK;
}

int styr_run_report(const styr_run *run, int format, int flags, char **out, size_t *len)
{
    if (!out) return STYR_ERR_USAGE;
    buf b = {0};
    int st = write_format(run, format, flags, &b);
    if (st != STYR_OK) return st;
    if (len) *len = b.len;
    *out = buf_take(&b);
    return STYR_OK;
}

int styr_run_write_report(const styr_run *run, int format, int flags,
                          int (*write)(void *ctx, const char *text, size_t len), void *ctx)
{
    if (!write) return STYR_ERR_USAGE;
    buf b = { .sink = write, .sink_ctx = ctx };
    int st = write_format(run, format, flags, &b);
    if (st == STYR_OK && buf_flush(&b)) st = STYR_ERR_WRITE;
    buf_free(&b);
    return st;
}

void styr_run_free(styr_run *run)
{
    if (!run) return;
    const program *p = run->rules->prog;
    bind_free(p, run->data);
    for (int i = 0; i < p->ndatasets; i++) free(run->paths[i]);
    free(run->paths);
    free(run->data);
    rep_free(run->rep);
    arena_free(&run->arena);
    buf_free(&run->value_text);
    free(run->error);
    free(run->jit.note);
    free(run->cache_dir);
    free(run);
}

void styr_free(void *p)
{
    free(p);
}
