/*
** ast.h: the syntax tree of a rule file. The parser builds it (only through the ast_*
** builders), the checker annotates it in place (types, what each name refers to, frame
** slots), and the interpreter walks it. Every node lives in the module's arena.
*/
#ifndef STYR_AST_H
#define STYR_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "rational.h"
#include "source.h"
#include "types.h"

typedef struct ast_expr ast_expr;
typedef struct ast_dataset ast_dataset;
typedef struct ast_define ast_define;
typedef struct ast_table ast_table;
typedef struct ast_param ast_param;
typedef struct ast_rule ast_rule;
typedef struct ast_block ast_block;

/* ---------------------------------------------------------------- expressions */

typedef enum ex_kind {
    EX_NUM,        /* 12, 12.5, 1000 kr, 6 %, 30 days: num, unit */
    EX_DATE,       /* 2021-01-01 */
    EX_BOOL,       /* true, false: num is 0 or 1 */
    EX_TEXT,       /* "Takst {t.tariff_per_day} over {cap}": parts */
    EX_NAME,       /* name */
    EX_FIELD,      /* a.name */
    EX_INDEX,      /* a[args]: dataset lookup, table lookup, or a group let of another group */
    EX_CALL,       /* name(args): builtin, aggregate or define */
    EX_UNARY,      /* op a: '-' or NOT */
    EX_BINARY,     /* a op b: + - * / ^ */
    EX_COMPARE,    /* a op b: = != < <= > >= */
    EX_AND,
    EX_OR,
    EX_IF,         /* if a then b else c */
    EX_IN,         /* a in b (a range, a list, or a list of values) */
    EX_RANGE,      /* a to b */
    EX_LIST,       /* (a, b, c) */
    EX_EXISTS,     /* a exists */
    EX_OTHERWISE,  /* a otherwise b */
    EX_EACH,       /* (each name in a where b) */
} ex_kind;

/* Units a literal is written with. */
typedef enum lit_unit { LIT_PLAIN, LIT_KR, LIT_PERCENT, LIT_DAYS, LIT_HOURS, LIT_MONTHS } lit_unit;

/* Where a name's value lives at run time. Frames: the global frame holds parameters and
** constants, a block's row frame the row variables and row-level lets, its group frame
** the group keys, aggregates and group-level lets. */
typedef enum frame_level { LV_GLOBAL, LV_ROW, LV_GROUP } frame_level;

typedef enum ref_kind {
    REF_NONE,
    REF_SLOT,      /* a value in a frame: level, slot */
    REF_DATASET,   /* a dataset: all its rows */
    REF_TABLE,     /* a decision table (only as the base of an index) */
    REF_GROUPLET,  /* a group-level let, as the base of name[keys]: slot in other groups */
} ref_kind;

typedef struct ref {
    ref_kind kind;
    frame_level level;
    int slot;
    const ast_dataset *ds;
    const ast_table *table;
} ref;

/* Builtin functions and aggregates, resolved by name. */
typedef enum builtin {
    BI_NONE,
    /* aggregates */
    BI_SUM, BI_COUNT, BI_MEAN, BI_MIN, BI_MAX,
    /* numbers */
    BI_ROUND, BI_ROUND_DOWN, BI_ROUND_UP, BI_ABS, BI_MIN2, BI_MAX2,
    /* dates and years */
    BI_YEAR, BI_MONTH, BI_DAY, BI_DATE, BI_DAYS_IN_YEAR, BI_DAYS_IN_MONTH, BI_END_OF_MONTH,
    BI_ADD_MONTHS, BI_DAYS_BETWEEN,
    /* text */
    BI_LENGTH,
} builtin;

/* How an EX_INDEX is looked up, decided by the checker. */
typedef enum lookup_kind {
    LK_NONE,
    LK_ROW,        /* full key of a dataset: at most one row */
    LK_ROWS,       /* key prefix, or a range in the last position: a set of rows */
    LK_TABLE,      /* a decision table */
    LK_GROUPLET,   /* a group-level let of the group with these keys */
} lookup_kind;

typedef struct ast_strpart {
    const char *text;      /* literal text, or NULL for an interpolation */
    size_t len;
    ast_expr *expr;        /* the interpolated expression */
} ast_strpart;

struct ast_expr {
    ex_kind kind;
    loc at;
    stype ty;               /* set by the checker */
    int op;                /* EX_UNARY/BINARY/COMPARE: the operator ('+', OP_LE...) */
    lit_unit unit;         /* EX_NUM */
    rat num;               /* EX_NUM, EX_BOOL */
    int32_t date;          /* EX_DATE: days since 1970-01-01 */
    const char *name;      /* EX_NAME, EX_FIELD, EX_CALL, EX_EACH (its variable) */
    ast_expr *a, *b, *c;
    ast_expr **args;       /* EX_INDEX, EX_CALL, EX_LIST */
    int nargs;
    ast_strpart *parts;    /* EX_TEXT */
    int nparts;
    ast_expr *weight;      /* EX_CALL of an aggregate: `weighted by` */
    const char *for_var;   /* EX_CALL of an aggregate: `for v in for_src where for_cond` */
    ast_expr *for_src, *for_cond;

    /* Filled in by the checker. */
    ref ref;               /* EX_NAME; EX_EACH and aggregate `for`: the variable's slot */
    int col;               /* EX_FIELD: column of the row's dataset */
    builtin fn;            /* EX_CALL of a builtin or aggregate */
    bool group_agg;        /* EX_CALL: an aggregate over the rows of a group */
    int agg_index;         /* group aggregates: index in the block's aggregate list */
    lookup_kind lookup;    /* EX_INDEX */
    ast_define *define;    /* EX_CALL of a define: the body is inlined */
    ast_expr *body;        /*   the checked copy of the define's body */
    int *arg_slots;        /*   where each argument is stored before the body runs */
    frame_level arg_level;
    bool is_const;         /* the value does not depend on any row (folded once) */
};

/* Operators beyond single characters. */
enum { OP_EQ = 256, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_NOT };

/* ---------------------------------------------------------------- declarations */

typedef struct ast_typespec {
    const char *name;      /* "money" */
    const char *per;       /* "day" in "money per day", or NULL */
    loc at;
} ast_typespec;

typedef struct ast_column {
    const char *name;
    ast_typespec type;
    bool optional;
    const char **headers;  /* `header "Takst pr. døgn", "..."` */
    int nheaders;
    loc at;
    stype ty;               /* set by the checker */
    bool read;              /* set by the checker: an expression reads it, or it is a key
                            ** or the date of the dataset, so it is kept in memory */
} ast_column;

typedef struct ast_format {
    const char *option;    /* separator, decimal, thousands, encoding */
    const char *value;
    loc at;
} ast_format;

struct ast_dataset {
    const char *name;
    const char *title;
    const char *path;      /* default file, relative to the rule file that declares it */
    loc path_at;
    const char **key;
    loc *key_at;
    int nkey;
    const char *dated_by;  /* a year or date column that dates each row */
    loc dated_at;
    ast_column *cols;
    int ncols;
    ast_format *formats;
    int nformats;
    loc at;
    const src_file *file;  /* the file that declares it (relative paths) */
    /* Filled in by the checker. */
    int *key_col;          /* column index of each key column */
    int dated_col;         /* -1 when none */
    int index;             /* position in the module's dataset list */
    bool used;             /* some rule or value reads it, so it must be loaded */
};

struct ast_param {
    const char *name;
    ast_typespec *type;    /* NULL: the type of the value */
    ast_expr *value;
    loc at;
    int slot;              /* global frame slot, set by the checker */
};

typedef struct ast_fparam {
    const char *name;
    ast_typespec *type;    /* NULL: takes any type (the body is checked at each call) */
    loc at;
} ast_fparam;

struct ast_define {
    const char *name;
    ast_fparam *params;
    int nparams;
    ast_expr *body;
    bool has_parens;       /* written name(...): a function, even without parameters */
    loc at;
};

/* One entry of a decision table: `when p1, p2 then value`. */
typedef enum pat_kind { PAT_EQ, PAT_RANGE, PAT_LT, PAT_LE, PAT_GT, PAT_GE, PAT_ANY } pat_kind;

typedef struct ast_pattern {
    pat_kind kind;
    ast_expr *a, *b;
    loc at;
} ast_pattern;

typedef struct ast_entry {
    ast_pattern *pats;
    int npats;
    ast_expr *value;
    loc at;
} ast_entry;

struct ast_table {
    const char *name;
    const char *title;
    const char **by;       /* names of the table's inputs */
    int nby;
    ast_entry *entries;
    int nentries;
    ast_expr *otherwise;   /* `else value`, or NULL: no match is empty */
    loc at;
    stype value_ty;         /* set by the checker: the type of the results */
    stype *in_ty;           /* set by the checker: the type of each input */
};

/* ---------------------------------------------------------------- rules */

typedef enum severity { SEV_REQUIREMENT, SEV_TARGET, SEV_INFO } severity;

typedef enum clause_kind {
    CL_WHERE,      /* where e */
    CL_LET,        /* let name = e */
    CL_JOIN,       /* join name in e on e2 */
    CL_GROUP,      /* group by keys (or all) */
    CL_ALLOCATE,   /* allocate e among name in e2 by e3 as name2 */
    CL_REQUIRE,    /* require e */
    CL_AIM,        /* aim e */
    CL_FLAG,       /* flag e */
    CL_EXPLAINED,  /* explained by e */
    CL_MESSAGE,    /* message e */
    CL_SHOW,       /* show name = e: a value worked out only for the items, and shown with them */
    CL_EMIT,       /* emit table (fields) */
} clause_kind;

typedef struct ast_field {
    const char *name;      /* output column; from the expression when not written */
    ast_expr *value;
    loc at;
} ast_field;

typedef struct ast_clause {
    clause_kind kind;
    loc at;
    const char *name;      /* LET, JOIN, ALLOCATE (the row variable); EMIT (the table) */
    const char *name2;     /* ALLOCATE: the share */
    ast_expr *e, *e2, *e3; /* EXPLAINED: e2 is set by the checker to the date of the
                              explanation's row (its first date column), or NULL */
    ast_field *fields;     /* GROUP (keys), EMIT (columns) */
    int nfields;
    /* Filled in by the checker. */
    frame_level level;     /* the frame this clause runs in */
    int slot, slot2;       /* where LET/JOIN/ALLOCATE store their values */
    int output;            /* EMIT: index of the output table */
    int join_key_cols;     /* JOIN: how many leading key columns the ON condition fixes */
    ast_expr **join_key_exprs;
    ast_expr *join_rest;   /*   the rest of the ON condition, or NULL */
} ast_clause;

/* A value shown with each item: a let, a column the rule reads, an operand. */
typedef struct ast_shown {
    const char *name;
    ast_expr *expr;
    frame_level level;
} ast_shown;

struct ast_block {
    const char *var;       /* for var in source */
    ast_expr *source;
    ast_clause *clauses;
    int nclauses;
    loc at;
    /* Filled in by the checker. */
    int var_slot;
    int nrow_slots, ngroup_slots;
    int group_clause;      /* index of the group clause, -1 when none */
    int ngroup_keys;       /* the keys are the first slots of the group frame */
    ast_expr **aggs;       /* the group aggregates, in the order their slots follow the keys */
    int naggs;
    int check_clause;      /* index of require/aim/flag, -1 when none */
    ast_shown *shown;
    int nshown;
    const ast_dataset *ds; /* the dataset the block iterates */
};

struct ast_rule {
    severity sev;
    const char *id;
    const char *title;
    const char *doc;
    bool has_force;        /* in force from .. to .. */
    int32_t force_from, force_to;
    loc at;
    ast_block *blocks;
    int nblocks;
};

/* ---------------------------------------------------------------- tests */

/* `given tariffs` and a small table (header line, then one row a line), or `given
** param = value`. Cells are literals (EX_NUM, EX_TEXT, EX_DATE, EX_BOOL), in the order
** written; the checker splits them into rows by their lines. */
typedef struct ast_given {
    const char *name;
    loc at;
    const char **cols;
    loc *col_at;
    int ncols;
    ast_expr **cells;
    int ncells;
    ast_expr *value;       /* a parameter's value, or NULL for a table */
} ast_given;

/* A named literal of an expectation: `offer_id "T1"`. */
typedef struct ast_pair {
    const char *name;
    loc at;
    ast_expr *value;
} ast_pair;

typedef enum expect_kind {
    EXP_STATUS,    /* expect rule passes|fails|explained|met|missed [with N violations] */
    EXP_FLAGS,     /* expect rule flags key "v", ... [explained] */
    EXP_HAS,       /* expect output has column v, ... */
    EXP_ROWS,      /* expect output has N rows */
} expect_kind;

/* The statuses a test can expect, as the parser's tokens name them; 0 for none. */
typedef struct ast_expect {
    expect_kind kind;
    const char *name;      /* the rule or output table */
    loc at, name_at;
    int status;            /* EXP_STATUS: the token PASSES, FAILS, EXPLAINED, MET, MISSED or 0 */
    bool has_count;        /* with N violations / has N rows */
    int64_t count;
    const char *noun;      /* the count's noun as written */
    loc count_at;
    ast_pair *pairs;       /* EXP_FLAGS, EXP_HAS */
    int npairs;
    bool explained;        /* EXP_FLAGS: the item must be explained */
} ast_expect;

typedef struct ast_test {
    const char *name;
    const char *doc;
    loc at;
    ast_given *givens;
    int ngivens;
    ast_expect *expects;
    int nexpects;
} ast_test;

typedef struct ast_import {
    const char *path;
    loc at;
} ast_import;

typedef enum decl_kind { D_IMPORT, D_DATASET, D_PARAM, D_DEFINE, D_TABLE, D_RULE, D_TEST } decl_kind;

typedef struct ast_decl {
    decl_kind kind;
    union {
        ast_import *import;
        ast_dataset *dataset;
        ast_param *param;
        ast_define *define;
        ast_table *table;
        ast_rule *rule;
        ast_test *test;
    };
} ast_decl;

typedef struct ast_agreement {
    const char *name;
    const char *region;
    bool has_period;
    int32_t period_from, period_to;
    loc at;
} ast_agreement;

/* One parsed file. */
typedef struct ast_file {
    const src_file *src;
    ast_agreement *agreement;  /* NULL when the file has no header */
    ast_decl *decls;
    int ndecls, capdecls;
} ast_file;

/* ---------------------------------------------------------------- builders */
/* Called by the parser's actions; all allocate in a. */

ast_expr *ast_expr_new(arena *a, ex_kind kind, loc at);
ast_expr *ast_num(arena *a, loc at, rat value, lit_unit unit);
ast_expr *ast_unary(arena *a, loc at, int op, ast_expr *x);
ast_expr *ast_binary(arena *a, ex_kind kind, int op, ast_expr *x, ast_expr *y);
ast_expr *ast_member(arena *a, loc at, ast_expr *obj, const char *name);
ast_expr *ast_if(arena *a, loc at, ast_expr *c, ast_expr *t, ast_expr *e);
/* Appends to an argument list held in e->args/e->nargs. */
void ast_add_arg(arena *a, ast_expr *e, ast_expr *arg);
void ast_add_part(arena *a, ast_expr *text, const char *s, size_t len, ast_expr *interp);

/* A generic growable array in the arena: elements of size sz. */
void *ast_push(arena *a, void *array, int *n, size_t sz);
#define AST_PUSH(a, arr, n) ((__typeof__(arr))ast_push((a), (void *)&(arr), &(n), sizeof *(arr)))

ast_expr *ast_copy_expr(arena *a, const ast_expr *e);

#endif
