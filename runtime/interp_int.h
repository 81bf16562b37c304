/*
** interp_int.h: the interpreter's own state, shared by interp.c and its tracing mode
** (trace.c), which re-reads values of the row or group it explains. Not for other
** modules: they run rules through interp.h.
*/
#ifndef STYR_INTERP_INT_H
#define STYR_INTERP_INT_H

#include <setjmp.h>

#include "agg.h"
#include "interp.h"
#include "tuplemap.h"

typedef struct env {
    value *f[3];               /* the global, row and group frames */
} env;

typedef struct group {
    value *frame;              /* keys first, then aggregates and lets */
    agg_state *aggs;
    bool alive;                /* not yet filtered out by a `where` after `group by` */
} group;

typedef struct block_run {
    const ast_block *b;
    rep_rule *rr;
    const ast_clause *counted_emit;  /* see counted_emit() */
    tuplemap keys;             /* group keys -> group */
    group *groups;
    uint32_t ngroups, capgroups;
    arena keep;                /* group frames and their texts */
} block_run;

typedef struct trace trace;

typedef struct interp {
    const program *prog;
    dataset **data;
    report *rep;
    value *globals;
    rowset **all;              /* every row of each dataset */
    uint32_t **identity;       /*   their row numbers */
    arena scratch;             /* temporaries of one row or group */
    jmp_buf *on_error;
    char error[400];
    block_run *br;             /* the block running now */
    jit_module *jit;           /* compiled blocks, or NULL */
    const jit_options *jit_how; /* how jit was made, to make it again for other data */
    trace *trace;              /* the tracing mode (trace.h), or NULL: the normal run */
    struct progress *progress; /* told how many rows have run, or NULL */
} interp;

/* Evaluates e as the interpreter does; false (in->error says why) when it fails. */
bool interp_eval(interp *in, env *v, const ast_expr *e, value *out);
/* Whether a value is there: not empty, and not an empty set of rows. */
bool interp_exists(value x);

#endif
