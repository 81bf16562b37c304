/*
** jit_gen.h: the code generator's state and its value model, shared by jit_gen.c
** (expressions) and jit_block.c (rule blocks and the module). Not for use elsewhere.
**
** A compiled value is exact. Numbers are fractions n/d of 128-bit integers with d > 0;
** where d is known while compiling (10^k, the scale of a column or of a sum of columns)
** the code carries only n. Every operation keeps |n| and d below 2^126 and leaves the
** row to the interpreter ("bails") where a result would not fit, so a value compiled
** code computes is one the interpreter computes too, and never wraps.
*/
#ifndef STYR_JIT_GEN_H
#define STYR_JIT_GEN_H

#include "jit_api.h"
#include "jit_int.h"

typedef enum jrep { JR_BOOL, JR_NUM, JR_DATE, JR_TEXT, JR_ROW } jrep;

typedef struct jv {
    jrep rep;
    gcc_jit_rvalue *v;      /* BOOL: bool; NUM: numerator (int128); DATE: days, TEXT: code, ROW: row (int64) */
    gcc_jit_rvalue *d;      /* NUM: denominator (int128, > 0) */
    int k;                  /* NUM: d is 10^k when k >= 0; -1 when d is only known at run time */
    int vb, db;             /* NUM: |v| < 2^vb and d < 2^db, as far as is known while compiling */
    gcc_jit_rvalue *empty;  /* bool; NULL when the value is never empty */
    int col;                /* TEXT: the column whose dictionary the code is in; -1 a literal */
    const char *text;       /* TEXT literal */
    size_t len;
    int ds;                 /* ROW: the dataset */
} jv;

/* A block of generated code and whether it has been ended yet. */
typedef struct cg_block {
    gcc_jit_block *b;
    bool ended;
} cg_block;

/* Something the prologue loads once per call: a column's array, a key index, a
** dictionary translation, the code of a text constant. */
typedef enum cache_kind { CC_VALUES, CC_CODES, CC_EMPTY, CC_INDEX, CC_XLAT, CC_TEXT } cache_kind;

typedef struct cg_cache {
    cache_kind kind;
    int a, b;               /* a column, or a dataset and a key count, or two columns */
    const char *s;          /* CC_TEXT */
    size_t len;
    gcc_jit_lvalue *lv;     /* the local it was loaded into */
} cg_cache;

typedef struct cg {
    gcc_jit_context *ctx;
    const program *prog;
    dataset **data;
    const value *globals;
    int *col_base;
    /* types */
    gcc_jit_type *t_void, *t_bool, *t_int, *t_i64, *t_u64, *t_i128, *t_u32, *t_u8, *t_vp, *t_ccp;
    gcc_jit_type *t_i64p, *t_i128p, *t_u32p, *t_u8p, *t_keys;
    gcc_jit_type *t_env, *t_out;
    gcc_jit_field *f_env[10], *f_out[4];
    /* the function being generated */
    gcc_jit_function *fn;
    gcc_jit_block *cur;     /* where code is added now */
    gcc_jit_block *entry;   /* the prologue: loads of columns, indexes and constants */
    gcc_jit_block *bail;    /* leaves the row to the interpreter */
    gcc_jit_block *hoisted; /* the end of the code that computes, once per call, values
                            ** that do not depend on the row (after the prologue) */
    gcc_jit_block *bail_all;/* leaves every row to the interpreter (a hoisted value failed) */
    bool hoisting;          /* generating into hoisted */
    int free_slots[32];     /* slots that hold values not depending on the row */
    int nfree_slots;
    cg_block *blocks;
    int nblocks, capblocks;
    gcc_jit_rvalue *env, *out, *row;
    gcc_jit_lvalue *keys;   /* int64_t[JIT_MAX_KEYS + 1] for probes and group keys */
    cg_cache *cache;
    int ncache, capcache;
    jv *slots;              /* the row frame */
    int nslots;
    const char *why;        /* the first construct that cannot be compiled */
    int ntemp;
} cg;

/* jit_gen.c: building blocks */
gcc_jit_block *cg_new_block(cg *g);
void cg_jump(cg *g, gcc_jit_block *from, gcc_jit_block *to);
void cg_branch(cg *g, gcc_jit_block *from, gcc_jit_rvalue *cond, gcc_jit_block *yes, gcc_jit_block *no);
gcc_jit_lvalue *cg_temp(cg *g, gcc_jit_type *t);
void cg_set(cg *g, gcc_jit_lvalue *lv, gcc_jit_rvalue *v);
gcc_jit_rvalue *cg_i64(cg *g, int64_t v);
gcc_jit_rvalue *cg_i128(cg *g, i128 v);
gcc_jit_rvalue *cg_cast(cg *g, gcc_jit_rvalue *v, gcc_jit_type *t);
gcc_jit_rvalue *cg_bin(cg *g, enum gcc_jit_binary_op op, gcc_jit_type *t, gcc_jit_rvalue *a, gcc_jit_rvalue *b);
gcc_jit_rvalue *cg_cmp(cg *g, enum gcc_jit_comparison op, gcc_jit_rvalue *a, gcc_jit_rvalue *b);
gcc_jit_rvalue *cg_and(cg *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b);
gcc_jit_rvalue *cg_or(cg *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b);
gcc_jit_rvalue *cg_not(cg *g, gcc_jit_rvalue *a);
gcc_jit_rvalue *cg_true(cg *g);
gcc_jit_rvalue *cg_false(cg *g);
/* Continues only where ok holds; elsewhere the row goes to the interpreter. */
void cg_bail_unless(cg *g, gcc_jit_rvalue *ok);
/* |x| < 2^bits, for an int128 x. */
gcc_jit_rvalue *cg_fits(cg *g, gcc_jit_rvalue *x, int bits);
/* x * y and x + y of int128 values below 2^xb and 2^yb, checked (see the top of this
** file); *rb gets a bound of the result. cg_add keeps results below 2^bits. */
gcc_jit_rvalue *cg_mul(cg *g, gcc_jit_rvalue *x, int xb, gcc_jit_rvalue *y, int yb, int *rb);
gcc_jit_rvalue *cg_add(cg *g, enum gcc_jit_binary_op op, gcc_jit_rvalue *x, int xb, gcc_jit_rvalue *y, int yb,
                       int bits, int *rb);
gcc_jit_lvalue *cg_env_field(cg *g, int field);
gcc_jit_lvalue *cg_out_field(cg *g, int field);
/* Records that the block cannot be compiled (the first reason is kept). Returns false. */
bool cg_unsupported(cg *g, const char *why);

/* jit_gen.c: expressions */
bool cg_expr(cg *g, const ast_expr *e, jv *out);
/* Column col of dataset ds at row (an int64 rvalue that is a valid row). */
jv cg_column(cg *g, const ast_dataset *ds, int col, gcc_jit_rvalue *row);
/* A copy of x in fresh locals, so it can be read from any later block. */
jv cg_keep(cg *g, jv x);
/* The value as a probe key for column col of dataset ds (bails where it cannot be one). */
bool cg_key(cg *g, jv x, const ast_dataset *ds, int col, gcc_jit_rvalue **key);
/* x is true (not empty, not false). */
gcc_jit_rvalue *cg_truth(cg *g, jv x);
/* The row of dataset ds whose full key has these values, or an empty row. keys are
** evaluated lazily (lookups) or all first (joins). */
bool cg_probe(cg *g, const ast_dataset *ds, ast_expr *const *keys, int nkeys, bool lazy, jv *out);

/* Indexes into f_env and f_out. */
enum { FE_V, FE_CODE, FE_EMPTY, FE_RT, FE_INDEX, FE_PROBE, FE_XLAT, FE_TEXT_CODE, FE_DATE_FN, FE_GROUP };
enum { FO_RERUN, FO_NRERUN, FO_CHECKED, FO_GROUPS };

#endif
