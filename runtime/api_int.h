/*
** api_int.h: the handles of the public API (styr.h), shared by the files that implement
** it: api.c (rule sets and runs), api_bind.c (data from memory), api_result.c (walking
** the results).
*/
#ifndef STYR_API_INT_H
#define STYR_API_INT_H

#include <stdbool.h>

#include "check.h"
#include "interp.h"
#include "progress.h"
#include "report.h"
#include "styr.h"

struct styr_rules {
    program *prog;
    char *diagnostics[2];      /* plain and coloured */
};

struct styr_run {
    const styr_rules *rules;
    char **paths;              /* per dataset: a file bound by the caller, or NULL */
    dataset **data;
    arena arena;
    report *rep;
    char *error;
    jit_summary jit;           /* what the JIT did */
    int engine;                /* STYR_ENGINE_* */
    int jobs;                  /* 0: one per core */
    bool no_cache;
    char *cache_dir;
    bool executed;
    bool loaded;               /* the data is in data */
    progress progress;         /* its fn is NULL when nobody listens */
    FILE *rejects;             /* the reject file, or NULL: a row that cannot be read stops the run */
    size_t max_memory;         /* what the datasets may take; 0: mem_default_limit() */
    buf value_text;            /* the text of the value last asked for (api_result.c) */
};

/* Replaces the run's error message with message (malloc'ed; the run frees it). */
void api_set_error(styr_run *run, char *message);
/* The STYR_TYPE_* of a value of type t. */
int api_type_code(stype t);
/* Forgets what was bound to dataset number index: a file, or data from memory. */
void api_unbind(styr_run *run, int index);

#endif
