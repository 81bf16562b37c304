/*
** jitloop.c: the compiled loops alone, over columns already in memory: each rule of
** bench/loop.styr run by the JIT, the same loop written in C and compiled ahead of time
** (-O2, as this file is), and the interpreter. Loading the CSV is not timed.
**
**     styr-jitloop-bench DATADIR      (tariffs.csv, pl_index.csv, explanations.csv ...)
**
** Prints one line per loop: rows, milliseconds (best of 5) and ns per row; then the
** time to compile rules/hovedstaden-2021-2022.styr cold and to load it from the cache.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bind.h"
#include "check.h"
#include "interp.h"
#include "jit_env.h"
#include "report.h"
#include "xalloc.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

typedef struct counts {
    int64_t checked, hits;
} counts;

static const column *col(dataset *ds, const char *name)
{
    for (int i = 0; i < ds->schema->ncols; i++)
        if (!strcmp(ds->schema->cols[i].name, name)) return &ds->cols[i];
    fprintf(stderr, "no column %s\n", name);
    exit(2);
}

static bool empty_at(const column *c, size_t i)
{
    return c->empty && c->empty[i];
}

/* R8 by hand: from 2022 on, base + service = tariff, each present. */
static counts split_aot(dataset *t)
{
    const column *year = col(t, "year"), *tariff = col(t, "tariff_per_day");
    const column *base = col(t, "base_tariff"), *service = col(t, "service_tariff");
    counts n = { 0, 0 };
    for (size_t i = 0; i < t->nrows; i++) {
        if (year->v[i] < 2022) continue;
        if (empty_at(base, i) || empty_at(service, i) || base->v[i] + service->v[i] != tariff->v[i]) n.hits++;
        else n.checked++;
    }
    return n;
}

/* R4 by hand: tariff * pl(2019) <= tariff(2019) * pl(year), through the same key
** indexes the compiled code probes. */
static counts cap_aot(jit_rt *rt, const program *p, dataset **data)
{
    const ast_dataset *td = prog_dataset(p, "tariffs"), *pd = prog_dataset(p, "pl_index");
    dataset *t = data[td->index], *pl = data[pd->index];
    const column *offer = col(t, "offer_id"), *year = col(t, "year"), *tariff = col(t, "tariff_per_day");
    const column *index = col(pl, "index");
    void *tix = rt->env.index(rt, td->index, 2), *pix = rt->env.index(rt, pd->index, 1);
    counts n = { 0, 0 };
    int64_t k19[1] = { 2019 };
    int64_t pr19 = rt->env.probe(pix, k19);
    for (size_t i = 0; i < t->nrows; i++) {
        int64_t y = year->v[i];
        if (y < 2020 || y > 2022) continue;
        int64_t key[2] = { offer->code[i], 2019 };
        int64_t b = rt->env.probe(tix, key);
        if (b < 0) continue;
        int64_t ky[1] = { y };
        int64_t pry = rt->env.probe(pix, ky);
        if (pr19 < 0 || pry < 0) {
            n.hits++;
            continue;
        }
        if ((i128)tariff->v[i] * index->v[pr19] <= (i128)tariff->v[b] * index->v[pry]) n.checked++;
        else n.hits++;
    }
    return n;
}

static double best_of(int times, void (*fn)(void *), void *arg)
{
    double best = 1e300;
    for (int i = 0; i < times; i++) {
        double t0 = now_ms();
        fn(arg);
        double t = now_ms() - t0;
        if (t < best) best = t;
    }
    return best;
}

typedef struct job {
    jit_module *m;
    int rule;
    jit_rt *rt;
    const program *p;
    dataset **data;
    counts n;
    report *rep;
    const jit_options *o;
    jit_summary sum;
} job;

static void run_jit_block(void *arg)
{
    job *j = arg;
    jit_block_result res;
    if (jit_run_block(j->m, j->rule, 0, &res) == JIT_NOT_COMPILED) {
        fprintf(stderr, "rule %d is not compiled\n", j->rule);
        exit(1);
    }
    j->n = (counts){ res.checked, (int64_t)res.nrerun };
    jit_result_free(&res);
}

static void run_split_aot(void *arg)
{
    job *j = arg;
    j->n = split_aot(j->data[prog_dataset(j->p, "tariffs")->index]);
}

static void run_cap_aot(void *arg)
{
    job *j = arg;
    j->n = cap_aot(j->rt, j->p, j->data);
}

static void run_all(void *arg)
{
    job *j = arg;
    rep_free(j->rep);
    j->rep = rep_new(j->p);
    char *err = NULL;
    free(j->sum.note);
    j->sum = (jit_summary){ 0 };
    if (!interp_run(j->p, j->data, j->rep, j->o, &j->sum, NULL, &err)) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
}

typedef struct compile_job {
    const program *p;
    dataset **data;
    const value *globals;
    const jit_options *o;
} compile_job;

static void load_module(void *arg)
{
    compile_job *c = arg;
    char *note = NULL;
    jit_module *m = jit_load(c->p, c->data, c->globals, c->o, &note);
    if (!m) {
        fprintf(stderr, "%s\n", note);
        exit(1);
    }
    jit_free(m);
}

/* Compiling the 2021-2022 agreement (with the sample data's column scales): cold, and
** from the cache. */
static void compile_times(const char *cache)
{
    program *p = prog_load_file("rules/hovedstaden-2021-2022.styr");
    dataset **data = xcalloc((size_t)p->ndatasets, sizeof *data);
    const char **paths = xcalloc((size_t)p->ndatasets, sizeof *paths);
    arena a = { 0 };
    char *err = NULL;
    if (p->diags.errors || bind_load(p, paths, &(bind_opts){ .jobs = 1 }, data, &a, &err) != BIND_OK) {
        fprintf(stderr, "rules/hovedstaden-2021-2022.styr: %s\n", err ? err : "does not check");
        exit(1);
    }
    value *globals = xcalloc((size_t)p->nglobal_slots + 1, sizeof *globals);
    jit_options cold = { .use_cache = false, .jobs = 1 }, warm = { .use_cache = true, .cache_dir = cache, .jobs = 1 };
    compile_job c = { p, data, globals, &cold };
    double tcold = best_of(3, load_module, &c);
    c.o = &warm;
    load_module(&c);
    double twarm = best_of(5, load_module, &c);
    printf("%-34s %10s %10.1f\n", "compile 2021-2022 rules, cold", "", tcold);
    printf("%-34s %10s %10.1f\n", "  the same from the cache", "", twarm);
    bind_free(p, data);
    arena_free(&a);
    free(paths);
    free(data);
    free(globals);
    prog_free(p);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: styr-jitloop-bench DATADIR\n");
        return 2;
    }
    /* loop.styr imports the datasets of the shipped rules, in their folder. */
    static const char *const allow[] = { "rules", NULL };
    program *p = prog_load("bench/loop.styr", NULL, 0, allow);
    if (p->diags.errors) {
        fprintf(stderr, "bench/loop.styr does not check\n");
        return 2;
    }
    const char **paths = xcalloc((size_t)p->ndatasets, sizeof *paths);
    for (int i = 0; i < p->ndatasets; i++) {
        buf b = { 0 };
        buf_printf(&b, "%s/%s.csv", argv[1], p->datasets[i]->name);
        paths[i] = buf_take(&b);
    }
    dataset **data = xcalloc((size_t)p->ndatasets, sizeof *data);
    arena a = { 0 };
    char *err = NULL;
    if (bind_load(p, paths, &(bind_opts){ .jobs = 1 }, data, &a, &err) != BIND_OK) {
        fprintf(stderr, "%s\n", err);
        return 3;
    }
    size_t rows = data[prog_dataset(p, "tariffs")->index]->nrows;
    value *globals = xcalloc((size_t)p->nglobal_slots + 1, sizeof *globals);
    jit_options o = { .use_cache = false, .jobs = 1 };
    char *note = NULL;
    jit_module *m = jit_load(p, data, globals, &o, &note);
    if (!m) {
        fprintf(stderr, "the JIT is not available: %s\n", note);
        return 1;
    }
    jit_rt rt;
    jit_rt_init(&rt, p, data);
    job j = { .m = m, .rt = &rt, .p = p, .data = data };
    printf("%-34s %10s %10s %8s %10s\n", "loop", "rows", "ms", "ns/row", "checked");
    for (int r = 0; r < p->nrules; r++) {
        j.rule = r;
        bool cap = !strcmp(p->rules[r]->id, "indexation_cap");
        double tj = best_of(5, run_jit_block, &j);
        counts nj = j.n;
        double ta = best_of(5, cap ? run_cap_aot : run_split_aot, &j);
        if (nj.checked != j.n.checked || nj.hits != j.n.hits) {
            fprintf(stderr, "DISAGREE on %s: jit %lld/%lld, aot %lld/%lld\n", p->rules[r]->id, (long long)nj.checked,
                    (long long)nj.hits, (long long)j.n.checked, (long long)j.n.hits);
            return 1;
        }
        printf("%-34s %10zu %10.1f %8.2f %10lld   (%lld rows left to the interpreter)\n", p->rules[r]->id, rows, tj, tj * 1e6 / (double)rows, (long long)nj.checked, (long long)nj.hits);
        printf("%-34s %10zu %10.1f %8.2f %10lld   (jit/aot %.2fx)\n", "  same loop, C ahead of time", rows, ta,
               ta * 1e6 / (double)rows, (long long)j.n.checked, tj / ta);
    }
    j.o = NULL;
    double ti = best_of(3, run_all, &j);
    char cache[] = "/tmp/styr-jitloop-XXXXXX";
    if (!mkdtemp(cache)) return 1;
    jit_options warm = { .use_cache = true, .cache_dir = cache, .jobs = 1 };
    j.o = &warm;
    run_all(&j);
    double tc = best_of(3, run_all, &j);
    printf("%-34s %10zu %10.1f %8.2f\n", "all rules, interpreter", rows, ti, ti * 1e6 / (double)rows);
    printf("%-34s %10zu %10.1f %8.2f   (interp/jit %.1fx; from the cache)\n", "all rules, jit", rows, tc,
           tc * 1e6 / (double)rows, ti / tc);
    compile_times(cache);
    rep_free(j.rep);
    free(j.sum.note);
    jit_rt_free(&rt);
    jit_free(m);
    bind_free(p, data);
    arena_free(&a);
    for (int i = 0; i < p->ndatasets; i++) free((void *)paths[i]);
    free(paths);
    free(data);
    free(globals);
    prog_free(p);
    return 0;
}
