/*
** jit_env.c: what compiled code calls: key indexes over raw column values, translations
** between two columns' text dictionaries, codes of text constants, date functions, and
** the per-thread maps from group keys to aggregate states.
*/
#include "jit_env.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "index.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ helpers for compiled code */

const column *jit_rt_column(const jit_rt *rt, int64_t gid)
{
    for (int d = 0; d < rt->prog->ndatasets; d++)
        if (gid < rt->col_base[d + 1]) return &rt->data[d]->cols[gid - rt->col_base[d]];
    return NULL;
}

/* Helpers run in the prologue of each call, possibly in several threads at once; what
** they build is kept in rt under its lock. */
static void *get_index(void *p, int64_t ds, int64_t nkeys)
{
    jit_rt *rt = p;
    pthread_mutex_lock(&rt->lock);
    ds_index *ix = idx_get(rt->data[ds], rt->prog->datasets[ds]->key_col, (int)nkeys);
    pthread_mutex_unlock(&rt->lock);
    return ix;
}

static int64_t probe(void *index, const int64_t *keys)
{
    return idx_first_row(index, keys);
}

static const uint32_t *get_xlat(void *p, int64_t from, int64_t to)
{
    jit_rt *rt = p;
    pthread_mutex_lock(&rt->lock);
    jit_xlat *x = rt->xlats;
    while (x && !(x->from == from && x->to == to)) x = x->next;
    if (!x) {
        const textdict *a = jit_rt_column(rt, from)->dict, *b = jit_rt_column(rt, to)->dict;
        x = xcalloc(1, sizeof *x);
        x->from = from, x->to = to;
        x->map = xmalloc((a->count ? a->count : 1) * sizeof *x->map);
        for (uint32_t c = 0; c < a->count; c++)
            if (!textdict_find(b, a->str[c], a->len[c], &x->map[c])) x->map[c] = UINT32_MAX;
        x->next = rt->xlats;
        rt->xlats = x;
    }
    pthread_mutex_unlock(&rt->lock);
    return x->map;
}

static int64_t get_text_code(void *p, int64_t col, const char *s, int64_t len)
{
    uint32_t code;
    return textdict_find(jit_rt_column(p, col)->dict, s, (size_t)len, &code) ? (int64_t)code : -1;
}

static int64_t date_fn(int64_t op, int64_t a, int64_t b, int64_t c)
{
    int64_t y;
    int m, d;
    date_days out;
    switch (op) {
    case JD_YEAR:
    case JD_MONTH:
    case JD_DAY:
        date_to_ymd((date_days)a, &y, &m, &d);
        return op == JD_YEAR ? y : op == JD_MONTH ? m : d;
    case JD_DATE:
        if (b < 1 || b > 12 || c < 1 || c > 31) return JIT_DATE_FAIL;
        return date_from_ymd(a, (int)b, (int)c, &out) ? out : JIT_DATE_FAIL;
    case JD_DAYS_IN_MONTH:
        if (a < 1 || a > 9999 || b < 0 || b > 12) return JIT_DATE_FAIL;
        return b == 0 ? date_days_in_year(a) : date_days_in_month(a, (int)b);
    case JD_END_OF_MONTH: return date_end_of_month((date_days)a);
    case JD_ADD_MONTHS: return date_add_months((date_days)a, b, &out) ? out : JIT_DATE_FAIL;
    }
    return JIT_DATE_FAIL;
}

/* ------------------------------------------------------------------ group maps */

jit_groups *jit_groups_new(int nkeys, int naggs)
{
    jit_groups *g = xcalloc(1, sizeof *g);
    g->width = nkeys + 1;
    g->stride = naggs * JIT_AGG_SLOTS;
    g->nslots = 64;
    g->slots = xcalloc(g->nslots, sizeof *g->slots);
    return g;
}

void jit_groups_free(jit_groups *g)
{
    if (!g) return;
    free(g->keys);
    free(g->state);
    free(g->slots);
    free(g);
}

static void groups_rehash(jit_groups *g)
{
    free(g->slots);
    g->nslots *= 2;
    g->slots = xcalloc(g->nslots, sizeof *g->slots);
    for (uint32_t id = 0; id < g->count; id++) {
        uint32_t s = (uint32_t)idx_hash(g->keys + (size_t)id * (size_t)g->width, g->width) & (g->nslots - 1);
        while (g->slots[s]) s = (s + 1) & (g->nslots - 1);
        g->slots[s] = id + 1;
    }
}

i128 *jit_group_state(jit_groups *g, const int64_t *keys)
{
    size_t w = (size_t)g->width;
    uint32_t s = (uint32_t)idx_hash(keys, g->width) & (g->nslots - 1);
    while (g->slots[s]) {
        uint32_t id = g->slots[s] - 1;
        if (!memcmp(g->keys + id * w, keys, w * sizeof *keys)) return g->state + (size_t)id * (size_t)g->stride;
        s = (s + 1) & (g->nslots - 1);
    }
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->keys = xrealloc(g->keys, (size_t)g->cap * w * sizeof *g->keys);
        g->state = xrealloc(g->state, (size_t)g->cap * (size_t)g->stride * sizeof *g->state);
    }
    uint32_t id = g->count++;
    memcpy(g->keys + id * w, keys, w * sizeof *keys);
    i128 *st = g->state + (size_t)id * (size_t)g->stride;
    memset(st, 0, (size_t)g->stride * sizeof *st);
    g->slots[s] = id + 1;
    if (g->count * 2 > g->nslots) groups_rehash(g);
    return st;
}

static void *group_state(void *groups, const int64_t *keys)
{
    return jit_group_state(groups, keys);
}

/* ------------------------------------------------------------------ the environment */

void jit_rt_init(jit_rt *rt, const program *prog, dataset **data)
{
    memset(rt, 0, sizeof *rt);
    rt->prog = prog;
    rt->data = data;
    rt->col_base = jit_col_bases(prog);
    int n = rt->col_base[prog->ndatasets];
    int64_t **v = xcalloc((size_t)n + 1, sizeof *v);
    uint32_t **code = xcalloc((size_t)n + 1, sizeof *code);
    uint8_t **empty = xcalloc((size_t)n + 1, sizeof *empty);
    for (int d = 0; d < prog->ndatasets; d++) {
        if (!data[d]) continue;
        for (int c = 0; c < data[d]->ncols; c++) {
            v[rt->col_base[d] + c] = data[d]->cols[c].v;
            code[rt->col_base[d] + c] = data[d]->cols[c].code;
            empty[rt->col_base[d] + c] = data[d]->cols[c].empty;
        }
    }
    pthread_mutex_init(&rt->lock, NULL);
    rt->env = (jit_env){
        .v = (const int64_t *const *)v, .code = (const uint32_t *const *)code,
        .empty = (const uint8_t *const *)empty, .rt = rt,
        .index = get_index, .probe = probe, .xlat = get_xlat, .text_code = get_text_code,
        .date_fn = date_fn, .group = group_state,
    };
}

void jit_rt_free(jit_rt *rt)
{
    for (jit_xlat *x = rt->xlats, *next; x; x = next) {
        next = x->next;
        free(x->map);
        free(x);
    }
    free((void *)rt->env.v);
    free((void *)rt->env.code);
    free((void *)rt->env.empty);
    free(rt->col_base);
    pthread_mutex_destroy(&rt->lock);
}
