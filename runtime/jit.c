/*
** jit.c: the JIT module: finding compiled code in the cache or compiling it, and
** running a block's compiled loop over its rows, in several threads when asked.
*/
#include "jit.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jit_api.h"
#include "jit_env.h"
#include "jitcache.h"
#include "sha256.h"
#include "xalloc.h"

/* Threads split a block's rows into at most this many chunks, and the compiled sums
** stay below 2^120 in each, so the sums of the chunks stay below 2^126 (jit_gen.h). */
#define MAX_CHUNKS 64
/* Fewer rows than this per thread are not worth a thread. */
#define MIN_CHUNK_ROWS 50000

struct jit_module {
    const program *prog;
    dataset **data;
    const value *globals;
    uint8_t key[32];           /* what the code was compiled for (cache_key) */
    void *so;
    jit_rt rt;
    int jobs;
    int compiled, blocks;
    bool cached;
};

/* ------------------------------------------------------------------ the cache key */

static void hash_str(sha256 *h, const char *s)
{
    sha256_add(h, s, strlen(s) + 1);
}

static void hash_int(sha256 *h, int64_t v)
{
    sha256_add(h, &v, sizeof v);
}

/* Compiled code depends on the rule files, on the versions of styr and libgccjit (the
** library's file, which changes with its version), on
** the scale each numeric column was read with, whether it has empty cells, and on the
** values of the globals. */
static void cache_key(const program *prog, dataset **data, const value *globals, uint8_t key[32])
{
    sha256 h;
    sha256_init(&h);
    hash_str(&h, "styr " STYR_VERSION);
    char compiler[PATH_MAX + 64];
    jit_api_identity(compiler, sizeof compiler);
    hash_str(&h, compiler);
    for (int i = 0; i < prog->nfiles; i++) {
        hash_str(&h, prog->files[i]->path);
        hash_int(&h, (int64_t)prog->files[i]->len);
        sha256_add(&h, prog->files[i]->text, prog->files[i]->len);
    }
    for (int d = 0; d < prog->ndatasets; d++) {
        hash_int(&h, data[d] ? data[d]->ncols : -1);
        for (int c = 0; data[d] && c < data[d]->ncols; c++) {
            hash_int(&h, data[d]->cols[c].kind);
            hash_int(&h, data[d]->cols[c].scale);
            hash_int(&h, data[d]->cols[c].empty != NULL);
        }
    }
    for (int i = 0; i < prog->nglobals; i++) {
        const global_init *g = &prog->globals[i];
        buf b = { 0 };
        value v = globals[g->slot];
        buf_printf(&b, "%d:", v.kind);
        if (v.kind == V_NUM) {
            char q[128];
            rat_format(v.q, 0, 40, q, sizeof q);
            buf_puts(&b, q);
        } else {
            val_format(v, g->ty, &b);
        }
        sha256_add(&h, b.data ? b.data : "", b.len);
        buf_free(&b);
    }
    sha256_done(&h, key);
}

/* ------------------------------------------------------------------ compiling */

static char *temp_so_path(void)
{
    const char *tmp = getenv("TMPDIR");
    buf b = { 0 };
    buf_printf(&b, "%s/styr-jit-XXXXXX.so", tmp && *tmp ? tmp : "/tmp");
    char *path = buf_take(&b);
    int fd = mkstemps(path, 3);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

/* The child's side of generate(): compiles, says '+' or '-' and why on fd, and ends. */
static void generate_in_child(const program *prog, dataset **data, const value *globals, const char *path, int fd)
{
    char *err = NULL;
    buf say = { 0 };
    if (jit_generate(prog, data, globals, path, &err)) buf_putc(&say, '+');
    else buf_printf(&say, "-%s", err ? err : "no reason given");
    for (size_t done = 0; done < say.len;) {
        ssize_t n = write(fd, say.data + done, say.len - done);
        if (n < 0 && errno != EINTR) break;
        if (n > 0) done += (size_t)n;
    }
    _exit(0);   /* no atexit handlers, no stdio flushed twice, no leak check of a copy */
}

/*
** Compiles the rules into the shared object at path, in a child process: libgccjit keeps
** megabytes of every compilation for the life of the process it runs in (found by make
** soak: some 3.3 MB of RSS a compilation of the shipped rules), so a program that
** compiled rule files again and again grew without end; and an internal compiler error
** ends the process it happens in. The child takes both with it; this process only
** loads the file it wrote. Where no child can be made, the compilation runs here.
*/
static bool generate(const program *prog, dataset **data, const value *globals, const char *path, char **err)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return jit_generate(prog, data, globals, path, err);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return jit_generate(prog, data, globals, path, err);
    }
    if (pid == 0) generate_in_child(prog, data, globals, path, fds[1]);
    close(fds[1]);
    buf said = { 0 };
    char chunk[512];
    for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) != 0;) {
        if (n > 0) buf_add(&said, chunk, (size_t)n);
        else if (errno != EINTR) break;
    }
    close(fds[0]);
    int st = 0;
    pid_t got;
    while ((got = waitpid(pid, &st, 0)) < 0 && errno == EINTR) continue;
    /* got < 0: a program that ignores SIGCHLD or reaps every child; the pipe still says. */
    bool ok = said.len == 1 && said.data[0] == '+' && (got < 0 || (WIFEXITED(st) && WEXITSTATUS(st) == 0));
    if (!ok && said.len > 1 && said.data[0] == '-') {
        *err = xstrdup(said.data + 1);
    } else if (!ok) {
        buf why = { 0 };
        if (got >= 0 && WIFSIGNALED(st)) buf_printf(&why, "the compiler ended with signal %d", WTERMSIG(st));
        else buf_puts(&why, "the compiler ended without a word");
        *err = buf_take(&why);
    }
    buf_free(&said);
    return ok;
}

/* Compiles into a temporary file, stores it in the cache when there is one, loads it. */
static void *compile(const program *prog, dataset **data, const value *globals, const char *dir,
                     const uint8_t key[32], char **note)
{
    char *path = temp_so_path();
    if (!path) {
        *note = xstrdup("the JIT found no folder to write compiled code to (set TMPDIR)");
        return NULL;
    }
    char *err = NULL;
    void *so = NULL;
    if (!generate(prog, data, globals, path, &err)) {
        buf b = { 0 };
        buf_printf(&b, "the JIT failed to compile the rules (%s)", err);
        *note = buf_take(&b);
    } else {
        if (dir && !jc_store(dir, key, path, &err)) {
            free(err);   /* no cache entry: the next run compiles again */
            err = NULL;
        }
        so = jc_load_file(path, &err);
        if (!so) *note = err, err = NULL;
    }
    free(err);
    unlink(path);
    free(path);
    return so;
}

jit_module *jit_load(const program *prog, dataset **data, const value *globals, const jit_options *o, char **note)
{
    uint8_t key[32];
    cache_key(prog, data, globals, key);
    char *dir = NULL, *err = NULL;
    void *so = NULL;
    bool cached = false;
    if (o->use_cache) {
        /* A folder the program names may not exist yet, as the one the environment names
        ** may not: made either way, or nothing is kept (and every run compiles again). */
        dir = o->cache_dir ? xstrdup(o->cache_dir) : jc_dir(true, &err);
        if (dir && o->cache_dir && !jc_make_dir(dir, &err)) {
            free(dir);
            dir = NULL;
        }
        free(err);
        err = NULL;
        if (dir) so = jc_load(dir, key, &err);
        free(err);   /* a corrupt or foreign entry is removed and compiled again */
        cached = so != NULL;
    }
    const char *why;
    if (!so && o->cached_only) {
        free(dir);
        return NULL;
    }
    if (!so && !jit_api_load(&why)) *note = xstrdup(why);
    else if (!so) so = compile(prog, data, globals, dir, key, note);
    free(dir);
    if (!so) return NULL;
    jit_module *m = xcalloc(1, sizeof *m);
    m->prog = prog;
    m->data = data;
    m->globals = globals;
    memcpy(m->key, key, sizeof key);
    m->so = so;
    m->jobs = o->jobs > 0 ? o->jobs : 1;
    m->cached = cached;
    jit_rt_init(&m->rt, prog, data);
    for (int r = 0; r < prog->nrules; r++) {
        for (int b = 0; b < prog->rules[r]->nblocks; b++) {
            char name[48];
            snprintf(name, sizeof name, "m_%d_%d", r, b);
            const int64_t *meta = dlsym(so, name);
            m->blocks++;
            m->compiled += meta && meta[JM_COMPILED];
        }
    }
    return m;
}

void jit_free(jit_module *m)
{
    if (!m) return;
    jit_rt_free(&m->rt);
    jc_unload(m->so);
    free(m);
}

void jit_summarize(const jit_module *m, jit_summary *s)
{
    s->compiled = m->compiled;
    s->blocks = m->blocks;
    s->cached = m->cached;
}

/* ------------------------------------------------------------------ running */

typedef struct chunk {
    jit_block_fn fn;
    const jit_env *env;
    int64_t from, to;
    jit_out out;
} chunk;

static void *run_chunk(void *p)
{
    chunk *c = p;
    c->fn(c->env, &c->out, c->from, c->to);
    return NULL;
}

/* Adds group state b into a (another thread's rows of the same group). */
static void merge_state(const ast_block *blk, i128 *a, const i128 *b)
{
    for (int k = 0; k < blk->naggs; k++) {
        i128 *x = a + k * JIT_AGG_SLOTS;
        const i128 *y = b + k * JIT_AGG_SLOTS;
        x[JA_SUM] += y[JA_SUM];
        x[JA_WSUM] += y[JA_WSUM];
        x[JA_COUNT] += y[JA_COUNT];
        if (!y[JA_HAS]) continue;
        bool better = blk->aggs[k]->fn == BI_MIN ? y[JA_BEST] < x[JA_BEST] : y[JA_BEST] > x[JA_BEST];
        if (!x[JA_HAS] || better) {
            x[JA_BEST] = y[JA_BEST];
            x[JA_HAS] = 1;
        }
    }
}

static value scaled(i128 v, int64_t k)
{
    if (k == -2) return val_date((int32_t)v);
    rat q;
    (void)rat_from_scaled(v, (int)k, &q);   /* below 2^127 and k <= 30: exact */
    return val_num(q);
}

static value key_value(const jit_rt *rt, int64_t kind, int64_t arg, int64_t v)
{
    switch (kind) {
    case JK_NUM: return scaled(v, arg);
    case JK_DATE: return val_date((int32_t)v);
    case JK_BOOL: return val_bool(v != 0);
    default: {
        const textdict *dict = jit_rt_column(rt, arg)->dict;
        return val_text(dict->str[v], dict->len[v]);
    }
    }
}

/* The groups as values and aggregate states, as the interpreter keeps them. */
static void hand_over(const jit_rt *rt, const ast_block *b, const int64_t *meta, const jit_groups *g,
                      jit_block_result *res)
{
    int nkeys = (int)meta[JM_NKEYS], naggs = (int)meta[JM_NAGGS];
    const int64_t *km = meta + JM_HEAD, *am = km + 2 * nkeys;
    res->ngroups = g->count;
    res->nkeys = nkeys;
    res->naggs = naggs;
    res->keys = xcalloc(g->count * (size_t)nkeys + 1, sizeof *res->keys);
    res->aggs = xcalloc(g->count * (size_t)naggs + 1, sizeof *res->aggs);
    for (uint32_t id = 0; id < g->count; id++) {
        const int64_t *keys = g->keys + (size_t)id * (size_t)g->width;
        for (int i = 0; i < nkeys; i++)
            res->keys[id * (size_t)nkeys + i] = keys[0] >> i & 1 ? val_empty() : key_value(rt, km[2 * i], km[2 * i + 1], keys[i + 1]);
        const i128 *st = g->state + (size_t)id * (size_t)g->stride;
        for (int k = 0; k < naggs; k++) {
            const i128 *s = st + k * JIT_AGG_SLOTS;
            int64_t kx = am[2 * k], kw = am[2 * k + 1];
            agg_state *a = &res->aggs[id * (size_t)naggs + k];
            bool weighted = b->aggs[k]->weight != NULL;
            a->sum = scaled(s[JA_SUM], weighted ? kx + kw : kx < 0 ? 0 : kx).q;
            a->wsum = scaled(s[JA_WSUM], kw).q;
            a->count = (int64_t)s[JA_COUNT];
            a->best = s[JA_HAS] ? scaled(s[JA_BEST], kx) : val_empty();
        }
    }
}

jit_outcome jit_run_block(jit_module *m, int rule, int block, jit_block_result *res)
{
    memset(res, 0, sizeof *res);
    char name[48];
    snprintf(name, sizeof name, "m_%d_%d", rule, block);
    const int64_t *meta = dlsym(m->so, name);
    if (!meta || !meta[JM_COMPILED]) return JIT_NOT_COMPILED;
    snprintf(name, sizeof name, "b_%d_%d", rule, block);
    jit_block_fn fn;
    *(void **)&fn = dlsym(m->so, name);
    const ast_block *b = &m->prog->rules[rule]->blocks[block];
    const dataset *ds = m->data[b->ds->index];
    bool grouped = meta[JM_GROUPED] != 0;
    int64_t n = (int64_t)ds->nrows;
    int nchunks = (int)(n / MIN_CHUNK_ROWS);
    if (nchunks > m->jobs) nchunks = m->jobs;
    if (nchunks > MAX_CHUNKS) nchunks = MAX_CHUNKS;
    if (nchunks < 1) nchunks = 1;
    chunk *c = xcalloc((size_t)nchunks, sizeof *c);
    pthread_t *th = xcalloc((size_t)nchunks, sizeof *th);
    res->rerun = xmalloc((size_t)(n ? n : 1) * sizeof *res->rerun);
    for (int i = 0; i < nchunks; i++) {
        c[i] = (chunk){ fn, &m->rt.env, n * i / nchunks, n * (i + 1) / nchunks, { 0 } };
        c[i].out.rerun = res->rerun + c[i].from;
        if (grouped) c[i].out.groups = jit_groups_new((int)meta[JM_NKEYS], (int)meta[JM_NAGGS]);
    }
    for (int i = 1; i < nchunks; i++)
        if (pthread_create(&th[i], NULL, run_chunk, &c[i])) run_chunk(&c[i]), th[i] = 0;
    run_chunk(&c[0]);
    for (int i = 1; i < nchunks; i++)
        if (th[i]) pthread_join(th[i], NULL);
    /* The rows to rerun, in order: each chunk's list moved down behind the one before. */
    for (int i = 0; i < nchunks; i++) {
        memmove(res->rerun + res->nrerun, c[i].out.rerun, (size_t)c[i].out.nrerun * sizeof *res->rerun);
        res->nrerun += (size_t)c[i].out.nrerun;
        res->checked += c[i].out.checked;
    }
    jit_outcome outcome = JIT_ROWS;
    if (grouped) {
        jit_groups *all = c[0].out.groups;
        for (int i = 1; i < nchunks; i++) {
            jit_groups *g = c[i].out.groups;
            for (uint32_t id = 0; id < g->count; id++)
                merge_state(b, jit_group_state(all, g->keys + (size_t)id * (size_t)g->width),
                            g->state + (size_t)id * (size_t)g->stride);
        }
        /* A row the compiled code left over belongs to a group too: the interpreter
        ** then runs the whole block. */
        if (res->nrerun) outcome = JIT_NOT_COMPILED;
        else hand_over(&m->rt, b, meta, all, res), outcome = JIT_GROUPS;
        for (int i = 0; i < nchunks; i++) jit_groups_free(c[i].out.groups);
    }
    free(c);
    free(th);
    if (outcome == JIT_NOT_COMPILED) jit_result_free(res);
    return outcome;
}

bool jit_fits(const jit_module *m)
{
    uint8_t key[32];
    cache_key(m->prog, m->data, m->globals, key);
    return !memcmp(key, m->key, sizeof key);
}

void jit_rebind(jit_module *m)
{
    jit_rt_free(&m->rt);
    jit_rt_init(&m->rt, m->prog, m->data);
}

void jit_result_free(jit_block_result *res)
{
    free(res->rerun);
    free(res->keys);
    free(res->aggs);
    memset(res, 0, sizeof *res);
}
