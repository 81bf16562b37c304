/*
** plan.c: what each run of the soak does, drawn from its seed alone, so that a run can
** be repeated (soak --replay SEED, or --seed SEED --runs 1) and a failure names it.
*/
#include "soak.h"

void sk_rng_seed(sk_rng *r, uint64_t seed, uint64_t stream)
{
    /* Any non-zero state will do for xorshift; mixing keeps nearby seeds apart. */
    r->s = (seed + 1) * 0x9e3779b97f4a7c15ULL ^ (stream + 1) * 0xd1b54a32d192ed03ULL;
    if (!r->s) r->s = 1;
    for (int i = 0; i < 4; i++) sk_next(r);
}

uint64_t sk_next(sk_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}

int sk_below(sk_rng *r, int n)
{
    return n > 1 ? (int)((sk_next(r) >> 11) % (uint64_t)n) : 0;
}

bool sk_chance(sk_rng *r, int percent)
{
    return sk_below(r, 100) < percent;
}

int sk_weighted(sk_rng *r, const int *weights, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += weights[i];
    int x = sk_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return n - 1;
}

#define WEIGHTED(r, ...) sk_weighted((r), (const int[]){ __VA_ARGS__ }, (int)(sizeof((int[]){ __VA_ARGS__ }) / sizeof(int)))

void sk_plan_make(uint64_t seed, sk_plan *p)
{
    static const int rows[] = { 1, 3, 12, 30, 60, 120 };
    static const int engines[] = { STYR_ENGINE_INTERP, STYR_ENGINE_JIT, STYR_ENGINE_AUTO };
    static const int formats[] = { STYR_FORMAT_JSON, STYR_FORMAT_TEXT, STYR_FORMAT_HTML };
    sk_rng r;
    sk_rng_seed(&r, seed, 0);
    *p = (sk_plan){ .seed = seed };
    p->rows = rows[WEIGHTED(&r, 5, 10, 20, 30, 25, 10)];
    /* The JIT compiles for some 120 ms a rule file, in this process and in the fresh
    ** one: a quarter of the runs keeps `make soak` within minutes. */
    p->engine = engines[WEIGHTED(&r, 45, 25, 30)];
    p->jobs = WEIGHTED(&r, 10, 40, 30, 20);
    p->cache = p->engine == STYR_ENGINE_JIT && sk_chance(&r, 50);
    p->bind = WEIGHTED(&r, 35, 15, 35, 15);
    p->columns_ds = sk_below(&r, 3);
    p->bad = p->bind == SK_BIND_COLUMNS ? SK_BAD_NONE : WEIGHTED(&r, 86, 8, 6);
    /* A bad file's message names the file: the fresh check reads files. */
    if (p->bad == SK_BAD_DATA) p->bind = SK_BIND_DEFAULT;
    p->rejects = p->bad == SK_BAD_DATA && sk_chance(&r, 50);
    p->open_text = sk_chance(&r, 30);
    /* HTML names the data files, which CSV text and columns have not. */
    p->format = formats[WEIGHTED(&r, 80, 12, 8)];
    if (p->format == STYR_FORMAT_HTML && p->bind >= SK_BIND_CSV) p->format = STYR_FORMAT_JSON;
    if (p->bind == SK_BIND_COLUMNS) p->format = STYR_FORMAT_JSON;
    p->flags = p->format != STYR_FORMAT_JSON && sk_chance(&r, 50) ? STYR_REPORT_DANISH : 0;
    p->streamed = sk_chance(&r, 50);
    p->walk = sk_chance(&r, 30);
    /* styr explain has no --reject-file: a bad row stops it where the run went on. */
    p->explain = p->bind != SK_BIND_COLUMNS && !p->rejects && sk_chance(&r, 15);
    p->explain_format = sk_chance(&r, 70) ? STYR_FORMAT_JSON : STYR_FORMAT_TEXT;
    p->rules_test = sk_chance(&r, 5);
    p->shipped_tests = sk_chance(&r, 1);
    p->test_jit = p->shipped_tests && sk_chance(&r, 25);
    p->misuse = sk_chance(&r, 10);
}

void sk_plan_describe(const sk_plan *p, sk_text *t)
{
    static const char *const engine[] = { "auto", "interp", "jit" };
    static const char *const bind[] = { "default files", "bound files", "CSV text", "columns" };
    static const char *const format[] = { "text", "json", "html" };
    static const char *const bad[] = { "", ", bad data", ", a bad rule file" };
    sk_printf(t, "seed %llu: %d rows, engine %s, jobs %d%s, %s%s, %s report%s%s%s%s%s%s%s%s%s%s",
              (unsigned long long)p->seed, p->rows, engine[p->engine], p->jobs, p->cache ? ", cached again" : "",
              bind[p->bind], p->bind == SK_BIND_COLUMNS ? " (one dataset)" : "", format[p->format],
              p->flags ? " (Danish)" : "", p->streamed ? ", streamed" : "", p->walk ? ", walked" : "",
              p->explain ? ", explained" : "", p->rules_test ? ", its tests" : "",
              p->shipped_tests ? (p->test_jit ? ", the shipped tests (jit)" : ", the shipped tests") : "",
              bad[p->bad], p->rejects ? " to a reject file" : "", p->open_text ? ", opened from text" : "",
              p->misuse ? ", misused" : "");
}
