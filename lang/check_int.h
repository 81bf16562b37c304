/*
** check_int.h: what the parts of the checker share: the checker state, scopes and
** bindings, and the helpers each part calls. Not for use outside lang/check*.c.
*/
#ifndef STYR_CHECK_INT_H
#define STYR_CHECK_INT_H

#include "check.h"

/* A top-level name: a dataset, parameter, define or table, from any file. */
typedef struct global_sym {
    const char *name;
    decl_kind kind;
    loc at;
    union {
        ast_dataset *dataset;
        ast_param *param;
        ast_define *define;
        ast_table *table;
    };
    int state;          /* parameters and constants: 0 unchecked, 1 checking, 2 done */
    stype ty;           /* parameters and constants: the value's type */
    int slot;           /* parameters and constants: global frame slot */
} global_sym;

/* A name bound inside a rule block or a define's body. */
typedef struct binding {
    const char *name;
    loc at;
    stype ty;
    frame_level level;
    int slot;
    bool group_let;     /* a let after `group by`: other groups' values are name[keys] */
    bool iterator;      /* the variable of `each` or of an aggregate's `for`: it walks rows
                        ** of its own, not the block's, so reading it is no row reference */
} binding;

/* How deeply expressions may nest (parentheses, operators, calls, ifs, inlined defines). */
enum { CHK_MAX_NESTING = 256 };

typedef struct checker {
    program *p;
    arena *a;
    diags *d;
    global_sym *globals;
    int nglobals, capglobals;
    binding *locals;
    int nlocals, caplocals;
    int barrier;             /* lookups do not go below this index (a define's body) */
    frame_level level;       /* where the expression being checked is evaluated */
    ast_block *block;        /* the block being checked, or NULL */
    const ast_rule *rule;
    bool grouped;            /* the block has passed its `group by` */
    int agg_depth;           /* > 0 inside the argument of a group aggregate */
    int row_refs;            /* row-level names read (tells group from list aggregates) */
    const ast_expr *calls[32];  /* defines being inlined, innermost last */
    int ncalls;
    size_t inlined;          /* nodes copied by inlining, to bound the expansion */
    int depth;               /* expressions being checked, outermost first */
    bool too_deep;           /* the outermost one has been reported as nesting too deeply */
    bool tests_only;         /* the main file holds only imports and tests */
    char **file_ids;         /* per file of p->files: its resolved path (tells files apart) */
    int nfile_ids;
} checker;

/* check.c */
global_sym *chk_global(checker *c, const char *name);
void chk_global_value(checker *c, global_sym *g);
int chk_new_slot(checker *c, frame_level level);
binding *chk_bind(checker *c, const char *name, loc at, stype ty, frame_level level, int slot);
binding *chk_lookup(checker *c, const char *name);
bool chk_assignable(stype from, stype to);
/* Adds "did you mean `x`?" when a visible name is close to name. */
void chk_suggest(checker *c, diag *g, const char *name);
/* Does e read the frame slot (level, slot)? */
bool chk_reads_slot(const ast_expr *e, frame_level level, int slot);

/* check_expr.c */
stype chk_expr(checker *c, ast_expr *e);
/* Checks e and reports an error unless its type is kind (bool, text...). */
stype chk_expect(checker *c, ast_expr *e, ty_kind kind, const char *what);
/* The common type of two branches or list elements, or ty_error after reporting. */
stype chk_unify(checker *c, stype a, stype b, loc at, const char *what);
/* A readable name for an expression in reports: t.tariff_per_day -> tariff_per_day. */
const char *chk_expr_label(checker *c, const ast_expr *e);

/* check_rule.c */
void chk_rule(checker *c, ast_rule *r);

#endif
