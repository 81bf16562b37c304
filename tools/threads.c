/*
** threads.c: many threads running one rule set, each with its own run, as the C API
** allows (styr.h). Every thread's JSON report must be the report of a run made alone.
** tests/test_api.c runs it; `make tsan` runs a ThreadSanitizer build of it (Criterion
** itself cannot run under ThreadSanitizer).
**
**     styr-threads RULES.styr THREADS interp|jit CACHE_DIR
**
** Exit status 0 when every thread agreed, 1 when one did not (saying which), 2 on misuse.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "styr.h"

typedef struct worker {
    const styr_rules *rules;
    int engine;
    const char *cache_dir;
    char *json;
    char *error;
} worker;

static void *run_rules(void *p)
{
    worker *w = p;
    styr_run *run;
    if (styr_run_new(w->rules, &run) != STYR_OK) return NULL;
    styr_run_set_engine(run, w->engine);
    styr_run_set_jobs(run, 2);
    styr_run_set_cache(run, 1, w->cache_dir);
    if (styr_execute(run) == STYR_OK) styr_run_report(run, STYR_FORMAT_JSON, 0, &w->json, NULL);
    else w->error = strdup(styr_run_errmsg(run));
    styr_run_free(run);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 5 || atoi(argv[2]) < 1 || atoi(argv[2]) > 256 || (strcmp(argv[3], "interp") && strcmp(argv[3], "jit"))) {
        fprintf(stderr, "usage: styr-threads RULES.styr THREADS(1-256) interp|jit CACHE_DIR\n");
        return 2;
    }
    int n = atoi(argv[2]), engine = strcmp(argv[3], "jit") ? STYR_ENGINE_INTERP : STYR_ENGINE_JIT;
    styr_rules *rules;
    if (styr_rules_open(argv[1], &rules) != STYR_OK) {
        fputs(styr_rules_errmsg(rules), stderr);
        return 2;
    }
    worker alone = { rules, engine, argv[4], NULL, NULL };
    run_rules(&alone);
    if (!alone.json) {
        fprintf(stderr, "styr-threads: the run alone failed: %s\n", alone.error ? alone.error : "?");
        return 1;
    }
    worker *w = calloc((size_t)n, sizeof *w);
    pthread_t *t = calloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) {
        w[i] = (worker){ rules, engine, argv[4], NULL, NULL };
        if (pthread_create(&t[i], NULL, run_rules, &w[i]) != 0) {
            fprintf(stderr, "styr-threads: cannot start thread %d\n", i);
            return 2;
        }
    }
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
    int status = 0;
    for (int i = 0; i < n; i++) {
        if (!w[i].json || strcmp(w[i].json, alone.json)) {
            fprintf(stderr, "styr-threads: thread %d %s\n", i, w[i].json ? "gave another report" : w[i].error);
            status = 1;
        }
        styr_free(w[i].json);
        free(w[i].error);
    }
    if (!status) printf("styr-threads: %d threads (%s) gave the report of one run alone\n", n, argv[3]);
    styr_free(alone.json);
    free(alone.error);
    free(w);
    free(t);
    styr_rules_close(rules);
    return status;
}
