/*
** explain.h: the derivation of one verdict, step by step in the terms of the rule file
** (`styr explain`): the row or group a key selects, each where, let, lookup, join,
** aggregate and check with the values it read and came to, the verdict, the message and
** the explanation. The interpreter's tracing mode (trace.c) records the steps;
** explain.c finds what a key names; explain_write.c writes text and JSON.
*/
#ifndef STYR_EXPLAIN_H
#define STYR_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "dataset.h"
#include "report.h"

typedef enum xp_kind {
    XP_ROW,        /* the row a block explains (or that it is not in force) */
    XP_GROUP,      /* the group a block explains: its rows */
    XP_WHERE,
    XP_LET,
    XP_JOIN,       /* a join or an allocation, and each row it gives */
    XP_AGGREGATE,  /* an aggregate of a group: its inputs summed up */
    XP_CHECK,
    XP_SHOW,
    XP_EXPLAINED,
    XP_MESSAGE,
    XP_EMIT,
    XP_LOOKUP,     /* a lookup inside a clause: which dataset, which key, what it found */
    XP_ERROR,
    XP_NOTE,       /* a line of its own: steps left out, rows the wheres of a group dropped */
} xp_kind;

typedef struct xp_step {
    xp_kind kind;
    int depth;             /* 0: a clause or a row; 1: inside a clause (a lookup, a joined row) */
    const char *file;      /* where the step is written (NULL for rows and notes) */
    uint32_t line;
    const char *source;    /* the clause or expression as written, spaces folded */
    const char *outcome;   /* "kept", "dropped", "holds", "fails", "found", "no row"... or NULL */
    rep_value result;      /* what it came to; name NULL when nothing */
    rep_value *values;     /* the values it read, each named by its source text */
    int nvalues;
    const char *dataset;   /* the row it is about (a block's row, the row a lookup found) */
    int64_t row;           /*   its line in the file, 0 when none */
    int64_t nrows;         /* rows a lookup or group found, -1 when it is not about rows */
    const char *note;
} xp_step;

typedef enum xp_verdict {
    XV_NOT_CHECKED,        /* a where, the time in force or a join left it out */
    XV_HOLDS,              /* the check holds (a target is met, a flag does not fire) */
    XV_EXPLAINED,          /* a requirement is broken and the break is explained */
    XV_FAILS,              /* a requirement is broken, unexplained */
    XV_MISSED,             /* a target is missed */
    XV_FLAGGED,            /* an info flag fires */
    XV_COMPUTED,           /* no check: the block computes figures (emit) */
    XV_ERROR,              /* it could not be evaluated */
} xp_verdict;

typedef struct explanation {
    arena arena;
    const ast_rule *rule;
    const char *rule_file;
    rep_value *key;        /* the key as given, typed by the columns or group keys it names */
    int nkey;
    xp_step *steps;
    size_t nsteps, capsteps;
    int64_t checked, violations, explained, errors, emitted;
    xp_verdict verdict;
} explanation;

typedef enum xp_status { XP_OK, XP_USAGE, XP_DATA } xp_status;

/*
** Explains the verdict of rule rule_id for the row or group key names ("offer_id=T00042,
** year=2021": columns of the rule's dataset, or the keys of its `group by`), over data
** loaded for prog. *out is a new explanation (xp_free). XP_USAGE with *err (malloc'ed,
** with a hint) for an unknown rule, a key that is not the rule's, or a key that selects
** nothing; XP_DATA when a parameter cannot be computed.
*/
xp_status xp_explain(const program *prog, dataset **data, const char *rule_id, const char *key,
                     explanation **out, char **err);
void xp_free(explanation *x);

/* Whether the verdict holds (not checked, holds, explained, flagged) or fails. */
bool xp_holds(const explanation *x);

void xp_write_text(const explanation *x, buf *out, bool color);
void xp_write_json(const explanation *x, buf *out);

/* A new step, zeroed but for nrows -1, kept in x. */
xp_step *xp_add(explanation *x, xp_kind kind);

#endif
