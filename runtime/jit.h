/*
** jit.h: the JIT back end. It compiles the row-level part of each rule block (filters,
** lets, lookups, joins on a full key, the check, and the keys and aggregates of a
** `group by`) with libgccjit into one native loop over the typed column arrays.
**
** The interpreter stays the reference: a compiled loop only decides the rows it can
** decide for certain (a row filtered out, a check that holds, a row's part of its
** group's aggregates) and hands every other row to the interpreter, which runs it as
** it always would: a violation, an emit, an error, or a value outside what the compiled
** code holds exactly (it never wraps). So both engines give the same report, item for
** item. Blocks the compiler does not handle run wholly in the interpreter.
*/
#ifndef STYR_JIT_H
#define STYR_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "check.h"
#include "dataset.h"
#include "value.h"

typedef struct jit_module jit_module;

typedef struct jit_options {
    bool use_cache;            /* keep compiled code on disk and reuse it */
    const char *cache_dir;     /* NULL: $STYR_CACHE_DIR, $XDG_CACHE_HOME/styr, ~/.cache/styr */
    int jobs;                  /* threads for compiled loops (>= 1) */
    bool cached_only;          /* use code from the cache, but do not compile */
} jit_options;

/*
** Compiles the program's blocks, or loads them from the cache. globals are the values
** of the program's parameters and constants (compiled in as constants). Returns NULL
** when the JIT cannot be used, with *note (malloc'ed) saying why, or (with no note)
** when o->cached_only and the cache has no code for these rules.
*/
jit_module *jit_load(const program *prog, dataset **data, const value *globals, const jit_options *o,
                     char **note);
void jit_free(jit_module *m);

/* After a dataset in data was replaced (the next batch of a streamed one): whether m's
** code was compiled for the datasets as they are now (the scales of their numbers, and
** which columns have empty cells); when not, jit_load compiles code that is. */
bool jit_fits(const jit_module *m);
/* Points the helpers of m's code at the columns of the datasets as they are now. */
void jit_rebind(jit_module *m);
/* What a run with the JIT did: how many blocks ran compiled, of how many, whether the
** code came from the cache, and why the JIT could not be used (malloc'ed, or NULL). */
typedef struct jit_summary {
    int compiled, blocks;
    bool cached;
    char *note;
} jit_summary;

void jit_summarize(const jit_module *m, jit_summary *s);

/* What a compiled block leaves to the interpreter. */
typedef struct jit_block_result {
    uint32_t *rerun;           /* rows the interpreter must run, in the order of the rows */
    size_t nrerun;
    int64_t checked;           /* rows whose check held */
    size_t ngroups;            /* grouped blocks: the groups the rows made */
    int nkeys, naggs;
    value *keys;               /* ngroups * nkeys */
    agg_state *aggs;           /* ngroups * naggs, in the order of the block's aggregates */
} jit_block_result;

typedef enum jit_outcome {
    JIT_NOT_COMPILED,          /* the interpreter runs the whole block */
    JIT_ROWS,                  /* rows decided; rerun the rest */
    JIT_GROUPS,                /* every row is in its group: go on with the groups */
} jit_outcome;

/* Runs block b of rule r over every row of its dataset. */
jit_outcome jit_run_block(jit_module *m, int rule, int block, jit_block_result *res);
void jit_result_free(jit_block_result *res);

#endif
