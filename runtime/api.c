/*
** api.c: the public interface of libstyr (styr.h) over the checker, the loader, the
** interpreter and the report writers.
*/
#include "styr.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_int.h"
#include "bind.h"
#include "explain.h"
#include "interp.h"
#include "memlimit.h"
#include "progress.h"
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

int styr_rules_open_with(const char *path, const styr_open_options *options, styr_rules **out)
{
    if (!path) return STYR_ERR_USAGE;
    return opened(prog_load(path, NULL, 0, options ? options->allow_paths : NULL), out);
}

int styr_rules_open_text_with(const char *name, const char *text, size_t len, const styr_open_options *options,
                              styr_rules **out)
{
    if (!name || !text) return STYR_ERR_USAGE;
    return opened(prog_load(name, text, len, options ? options->allow_paths : NULL), out);
}

int styr_rules_open(const char *path, styr_rules **out)
{
    return styr_rules_open_with(path, NULL, out);
}

int styr_rules_open_text(const char *name, const char *text, size_t len, styr_rules **out)
{
    return styr_rules_open_text_with(name, text, len, NULL, out);
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

const char *styr_dataset_path(const styr_rules *rules, int d)
{
    const ast_dataset *ds = dataset_at(rules, d);
    return ds ? ds->path : NULL;
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
    progress_init(&run->progress, NULL, NULL);
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

static progress *listener(styr_run *run)
{
    return run->progress.fn ? &run->progress : NULL;
}

int styr_run_set_progress(styr_run *run, styr_progress_fn fn, void *ctx)
{
    if (!run) return STYR_ERR_USAGE;
    run->progress.fn = fn;
    run->progress.ctx = ctx;
    return STYR_OK;
}

static int jobs_of(const styr_run *run)
{
    int jobs = run->jobs > 0 ? run->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    return jobs > 0 ? jobs : 1;
}

int styr_run_set_max_memory(styr_run *run, unsigned long long bytes)
{
    if (!run) return STYR_ERR_USAGE;
    run->max_memory = bytes > SIZE_MAX ? SIZE_MAX : (size_t)bytes;
    return STYR_OK;
}

static size_t memory_limit(const styr_run *run)
{
    return run->max_memory ? run->max_memory : mem_default_limit();
}

/* Loads the datasets the rules read, once; may_stream lets those too large to hold be
** read in batches by the run (styr_execute, not explain, which looks at rows by key). */
static int load_data(styr_run *run, bool may_stream)
{
    if (run->loaded) return STYR_OK;
    char *err = NULL;
    bind_opts o = { .jobs = jobs_of(run), .progress = listener(run), .rejects = run->rejects,
                    .max_bytes = memory_limit(run), .may_stream = may_stream };
    bind_status st = bind_load(run->rules->prog, (const char *const *)run->paths, &o, run->data, &run->arena, &err);
    if (st != BIND_OK) {
        api_set_error(run, err);
        return st == BIND_USAGE ? STYR_ERR_USAGE : STYR_ERR_DATA;
    }
    run->loaded = true;
    return STYR_OK;
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
    int jobs = jobs_of(run);
    int st = load_data(run, true);
    if (st != STYR_OK) return st;
    run->rep = rep_new(p);
    /* The report may take what the data leaves. */
    run->rep->max_bytes = memory_limit(run);
    for (int i = 0; i < p->ndatasets; i++) {
        dataset *d = run->data[i];
        /* What the rules do not read is not counted, however it was given: styr check
        ** does not even read such a file, and the report is the same either way. */
        if (!d || !p->datasets[i]->used) continue;
        size_t held = ds_bytes(d);
        run->rep->max_bytes = held < run->rep->max_bytes ? run->rep->max_bytes - held : 1;
        rep_dataset *rd = &XAPPEND(run->rep->datasets, run->rep->ndatasets);
        *rd = (rep_dataset){ .name = d->name, .path = d->path, .rows_read = (int64_t)d->rows_read,
                             .rows_evaluated = (int64_t)d->nrows,
                             .rows_rejected = (int64_t)d->rows_read - (int64_t)d->nrows };
        run->rep->rows_read += rd->rows_read;
        run->rep->rows_evaluated += rd->rows_evaluated;
        run->rep->rows_rejected += rd->rows_rejected;
    }
    jit_options jit = { .use_cache = !run->no_cache, .cache_dir = run->cache_dir, .jobs = jobs };
    uint64_t rows = interp_rows_to_run(p, run->data);
    bool use_jit = run->engine == STYR_ENGINE_JIT;
    if (run->engine == STYR_ENGINE_AUTO && rows >= AUTO_CACHED_JIT_MIN_ROWS) {
        use_jit = true;
        jit.cached_only = rows < AUTO_JIT_MIN_ROWS;
    }
    if (!interp_run(p, run->data, run->rep, use_jit ? &jit : NULL, &run->jit, listener(run), &err)) {
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
    bool danish = (flags & STYR_REPORT_DANISH) != 0;
    if (format == STYR_FORMAT_JSON) rep_write_json(run->rep, b);
    else if (format == STYR_FORMAT_TEXT) rep_write_text(run->rep, b, (flags & STYR_REPORT_COLOR) != 0, danish);
    else if (format == STYR_FORMAT_HTML) rep_write_html(run->rep, b, danish);
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

int styr_run_explain(styr_run *run, const char *rule_id, const char *key, int format, int flags,
                     char **out, size_t *len)
{
    if (!run || !rule_id || !key || !out || (format != STYR_FORMAT_TEXT && format != STYR_FORMAT_JSON))
        return STYR_ERR_USAGE;
    *out = NULL;
    int st = load_data(run, false);
    if (st != STYR_OK) return st;
    for (int i = 0; i < run->rules->prog->ndatasets; i++)
        if (run->data[i] && run->data[i]->stream) {
            buf msg = { 0 };
            buf_printf(&msg, "dataset %s was too large to hold, so this run read it in batches; explain looks "
                             "rows up by key and needs it whole: explain in a run of its own with more memory "
                             "(styr_run_set_max_memory)", run->data[i]->name);
            api_set_error(run, buf_take(&msg));
            return STYR_ERR_DATA;
        }
    explanation *x;
    char *err;
    switch (xp_explain(run->rules->prog, run->data, rule_id, key, &x, &err)) {
    case XP_OK: break;
    case XP_USAGE: api_set_error(run, err); return STYR_ERR_USAGE;
    case XP_DATA: api_set_error(run, err); return STYR_ERR_DATA;
    }
    buf b = {0};
    if (format == STYR_FORMAT_JSON) xp_write_json(x, &b);
    else xp_write_text(x, &b, (flags & STYR_REPORT_COLOR) != 0);
    if (len) *len = b.len;
    *out = buf_take(&b);
    st = xp_holds(x) ? STYR_OK : STYR_FAILED;
    xp_free(x);
    return st;
}

static int write_to_file(void *file, const char *text, size_t len)
{
    return fwrite(text, 1, len, file) == len ? 0 : -1;
}

static int export_stream(styr_run *run, int format, int flags, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        api_set_error(run, rep_cannot_write(path, strerror(errno)));
        return STYR_ERR_WRITE;
    }
    int st = styr_run_write_report(run, format, flags, write_to_file, f);
    if (fclose(f) != 0 && st == STYR_OK) st = STYR_ERR_WRITE;
    if (st == STYR_ERR_WRITE) api_set_error(run, rep_cannot_write(path, strerror(errno)));
    return st;
}

int styr_run_export(styr_run *run, int format, int flags, const char *path)
{
    if (!run || !run->rep || !path) return STYR_ERR_USAGE;
    char *err = NULL;
    if (format == STYR_FORMAT_CSV) err = rep_write_csv_dir(run->rep, path, (flags & STYR_REPORT_DANISH) != 0);
    else if (format == STYR_FORMAT_XLSX) err = rep_write_xlsx(run->rep, path);
    else if (format >= STYR_FORMAT_TEXT && format <= STYR_FORMAT_HTML) return export_stream(run, format, flags, path);
    else return STYR_ERR_USAGE;
    if (!err) return STYR_OK;
    api_set_error(run, err);
    return STYR_ERR_WRITE;
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
    if (run->rejects) fclose(run->rejects);
    free(run->error);
    free(run->jit.note);
    free(run->cache_dir);
    progress_destroy(&run->progress);
    free(run);
}

void styr_free(void *p)
{
    free(p);
}
