/*
** trace.h: the tracing mode of the interpreter. While it explains one verdict
** (interp_explain), the interpreter calls these hooks at each step, only when
** in->trace is set; they record the steps that concern the row or group the key names
** as an explanation (explain.h). The normal run pays one predictable branch per clause.
*/
#ifndef STYR_TRACE_H
#define STYR_TRACE_H

#include "explain.h"
#include "interp_int.h"

enum { TRACE_MAX_KEYS = 16, TRACE_MAX_ROWS = 20, TRACE_GROUP_LINES = 10, TRACE_GROUPS_LISTED = 12 };

/* What a key names in one block of the rule. */
typedef struct trace_target {
    bool applies;              /* the key is about this block's rows or groups */
    int n;                     /* key values */
    int col[TRACE_MAX_KEYS];   /* row blocks: the column each value is compared with */
    value val[TRACE_MAX_KEYS]; /* row blocks: in the order given; group blocks: in the order of group by */
} trace_target;

struct trace {
    explanation *x;
    const trace_target *targets;   /* one per block of the rule */
    int block;                     /* the block running */
    bool target;                   /* the row or group explained is running */
    bool quiet;                    /* ... but its joined rows after the first few are not recorded */
    int joined;                    /* rows a join or allocation gave the row so far */
    const rep_item *item;          /* the item the check just made, recorded with the check */
    int64_t *kept, *dropped;       /* grouped blocks: rows each row-level where kept and dropped */
    int64_t group_rows;            /* rows in the explained group */
    int64_t group_lines[TRACE_GROUP_LINES];
    buf other_groups;              /* the keys of other groups, for a hint */
    int nother_groups;
    size_t found;                  /* rows and groups the key selected, in all blocks */
};

/* A block begins: false when the key is not about it (it is then not run). */
bool trace_block(interp *in, int bi);
void trace_block_end(interp *in, const ast_block *b);
/* Keeps of the block's rows those the key selects; returns how many. */
size_t trace_select(interp *in, const ast_block *b, uint32_t *rows, size_t n);
void trace_row(interp *in, const ast_block *b, uint32_t row, bool in_force);
/* A clause has run; passed: a where kept the row, a join found rows. */
void trace_clause(interp *in, env *v, const ast_block *b, const ast_clause *cl, bool passed);
/* A row a join or an allocation gives (joined: its `on` holds). */
void trace_joined(interp *in, env *v, const ast_block *b, const ast_clause *cl, bool joined);
void trace_group_row(interp *in, env *v, const ast_block *b, const value *keys);
/* The clauses of group g run next. */
void trace_group(interp *in, const ast_block *b, const group *g);
void trace_aggregates(interp *in, const ast_block *b, const group *g);
/* The check made an item (a violation or an error). */
void trace_item(interp *in, env *v, const ast_block *b, const rep_item *it);

#endif
