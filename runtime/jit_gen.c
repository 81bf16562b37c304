/*
** jit_gen.c: generating code for expressions, see jit_gen.h.
**
** Each expression is compiled in the order and with the laziness the interpreter
** evaluates it in (interp.c), so a row the interpreter would fail on, or one it would
** compute differently from what the compiled code holds, reaches the bail block and
** goes to the interpreter; no path fails that the interpreter would not take.
*/
#include "jit_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* ------------------------------------------------------------------ building blocks */

gcc_jit_block *cg_new_block(cg *g)
{
    XGROW(g->blocks, g->capblocks, g->nblocks + 1);
    gcc_jit_block *b = gcc_jit_function_new_block(g->fn, NULL);
    g->blocks[g->nblocks++] = (cg_block){ b, false };
    return b;
}

static void mark_ended(cg *g, gcc_jit_block *b)
{
    for (int i = g->nblocks - 1; i >= 0; i--)
        if (g->blocks[i].b == b) g->blocks[i].ended = true;
}

void cg_jump(cg *g, gcc_jit_block *from, gcc_jit_block *to)
{
    gcc_jit_block_end_with_jump(from, NULL, to);
    mark_ended(g, from);
}

void cg_branch(cg *g, gcc_jit_block *from, gcc_jit_rvalue *cond, gcc_jit_block *yes, gcc_jit_block *no)
{
    gcc_jit_block_end_with_conditional(from, NULL, cond, yes, no);
    mark_ended(g, from);
}

gcc_jit_lvalue *cg_temp(cg *g, gcc_jit_type *t)
{
    char name[24];
    snprintf(name, sizeof name, "t%d", g->ntemp++);
    return gcc_jit_function_new_local(g->fn, NULL, t, name);
}

void cg_set(cg *g, gcc_jit_lvalue *lv, gcc_jit_rvalue *v)
{
    gcc_jit_block_add_assignment(g->cur, NULL, lv, v);
}

gcc_jit_rvalue *cg_i64(cg *g, int64_t v)
{
    return gcc_jit_context_new_rvalue_from_long(g->ctx, g->t_i64, v);
}

gcc_jit_rvalue *cg_i128(cg *g, i128 v)
{
    if (v >= INT64_MIN && v <= INT64_MAX) return gcc_jit_context_new_rvalue_from_long(g->ctx, g->t_i128, (long)v);
    gcc_jit_rvalue *hi = gcc_jit_context_new_rvalue_from_long(g->ctx, g->t_i128, (long)(v >> 64));
    gcc_jit_rvalue *lo = cg_cast(g, gcc_jit_context_new_rvalue_from_long(g->ctx, g->t_u64, (long)(uint64_t)v), g->t_i128);
    return cg_bin(g, GCC_JIT_BINARY_OP_BITWISE_OR, g->t_i128,
                  cg_bin(g, GCC_JIT_BINARY_OP_LSHIFT, g->t_i128, hi, gcc_jit_context_new_rvalue_from_long(g->ctx, g->t_i128, 64)),
                  lo);
}

gcc_jit_rvalue *cg_cast(cg *g, gcc_jit_rvalue *v, gcc_jit_type *t)
{
    return gcc_jit_context_new_cast(g->ctx, NULL, v, t);
}

gcc_jit_rvalue *cg_bin(cg *g, enum gcc_jit_binary_op op, gcc_jit_type *t, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return gcc_jit_context_new_binary_op(g->ctx, NULL, op, t, a, b);
}

gcc_jit_rvalue *cg_cmp(cg *g, enum gcc_jit_comparison op, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    return gcc_jit_context_new_comparison(g->ctx, NULL, op, a, b);
}

gcc_jit_rvalue *cg_and(cg *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    if (!a) return b;
    if (!b) return a;
    return cg_bin(g, GCC_JIT_BINARY_OP_LOGICAL_AND, g->t_bool, a, b);
}

gcc_jit_rvalue *cg_or(cg *g, gcc_jit_rvalue *a, gcc_jit_rvalue *b)
{
    if (!a) return b;
    if (!b) return a;
    return cg_bin(g, GCC_JIT_BINARY_OP_LOGICAL_OR, g->t_bool, a, b);
}

gcc_jit_rvalue *cg_not(cg *g, gcc_jit_rvalue *a)
{
    return gcc_jit_context_new_unary_op(g->ctx, NULL, GCC_JIT_UNARY_OP_LOGICAL_NEGATE, g->t_bool, a);
}

gcc_jit_rvalue *cg_true(cg *g)
{
    return gcc_jit_context_new_rvalue_from_int(g->ctx, g->t_bool, 1);
}

gcc_jit_rvalue *cg_false(cg *g)
{
    return gcc_jit_context_new_rvalue_from_int(g->ctx, g->t_bool, 0);
}

void cg_bail_unless(cg *g, gcc_jit_rvalue *ok)
{
    gcc_jit_block *cont = cg_new_block(g);
    cg_branch(g, g->cur, ok, cont, g->bail);
    g->cur = cont;
}

gcc_jit_rvalue *cg_fits(cg *g, gcc_jit_rvalue *x, int bits)
{
    i128 lim = (i128)1 << bits;
    return cg_and(g, cg_cmp(g, GCC_JIT_COMPARISON_LT, x, cg_i128(g, lim)),
                  cg_cmp(g, GCC_JIT_COMPARISON_GT, x, cg_i128(g, -lim)));
}

static gcc_jit_rvalue *stored(cg *g, gcc_jit_type *t, gcc_jit_rvalue *v)
{
    gcc_jit_lvalue *lv = cg_temp(g, t);
    cg_set(g, lv, v);
    return gcc_jit_lvalue_as_rvalue(lv);
}

/* Operands below 2^63 make a product below 2^126: the check is left out where the
** bounds known while compiling (xb, yb) already say so. *rb: the product's bound. */
gcc_jit_rvalue *cg_mul(cg *g, gcc_jit_rvalue *x, int xb, gcc_jit_rvalue *y, int yb, int *rb)
{
    if (xb > 63 || yb > 63) {
        cg_bail_unless(g, cg_and(g, xb > 63 ? cg_fits(g, x, 63) : NULL, yb > 63 ? cg_fits(g, y, 63) : NULL));
        xb = xb > 63 ? 63 : xb;
        yb = yb > 63 ? 63 : yb;
    }
    *rb = xb + yb;
    return stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, x, y));
}

/* Operands below 2^126 cannot overflow int128 when added; the sum must stay below
** 2^bits (126, or less for sums that are added up again). */
gcc_jit_rvalue *cg_add(cg *g, enum gcc_jit_binary_op op, gcc_jit_rvalue *x, int xb, gcc_jit_rvalue *y, int yb,
                       int bits, int *rb)
{
    gcc_jit_rvalue *s = stored(g, g->t_i128, cg_bin(g, op, g->t_i128, x, y));
    *rb = (xb > yb ? xb : yb) + 1;
    if (*rb > bits) {
        cg_bail_unless(g, cg_fits(g, s, bits));
        *rb = bits;
    }
    return s;
}

gcc_jit_lvalue *cg_env_field(cg *g, int field)
{
    return gcc_jit_rvalue_dereference_field(g->env, NULL, g->f_env[field]);
}

gcc_jit_lvalue *cg_out_field(cg *g, int field)
{
    return gcc_jit_rvalue_dereference_field(g->out, NULL, g->f_out[field]);
}

bool cg_unsupported(cg *g, const char *why)
{
    if (!g->why) g->why = why;
    return false;
}

static i128 pow10_i128(int k)
{
    i128 p = 1;
    while (k-- > 0) p *= 10;
    return p;
}

/* ------------------------------------------------------------------ the prologue */

static gcc_jit_rvalue *call_ptr(cg *g, int field, int n, gcc_jit_rvalue **args)
{
    gcc_jit_rvalue *fp = gcc_jit_lvalue_as_rvalue(cg_env_field(g, field));
    return gcc_jit_context_new_call_through_ptr(g->ctx, NULL, fp, n, args);
}

/* The local holding what the prologue loaded for (kind, a, b, s), loading it the first
** time: the prologue runs once per call, before the loop. */
static gcc_jit_rvalue *loaded(cg *g, cache_kind kind, int a, int b, const char *s, size_t len)
{
    for (int i = 0; i < g->ncache; i++) {
        cg_cache *c = &g->cache[i];
        if (c->kind == kind && c->a == a && c->b == b && c->len == len && (!s || !memcmp(c->s, s, len)))
            return gcc_jit_lvalue_as_rvalue(c->lv);
    }
    gcc_jit_type *t = kind == CC_VALUES ? g->t_i64p : kind == CC_CODES || kind == CC_XLAT ? g->t_u32p
                    : kind == CC_EMPTY ? g->t_u8p : kind == CC_INDEX ? g->t_vp : g->t_i64;
    gcc_jit_lvalue *lv = cg_temp(g, t);
    gcc_jit_rvalue *v = NULL, *args[4];
    gcc_jit_rvalue *rt = gcc_jit_lvalue_as_rvalue(cg_env_field(g, FE_RT));
    switch (kind) {
    case CC_VALUES:
    case CC_CODES:
    case CC_EMPTY: {
        int field = kind == CC_VALUES ? FE_V : kind == CC_CODES ? FE_CODE : FE_EMPTY;
        gcc_jit_rvalue *arr = gcc_jit_lvalue_as_rvalue(cg_env_field(g, field));
        v = gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->ctx, NULL, arr, cg_i64(g, a)));
        break;
    }
    case CC_INDEX:
        args[0] = rt, args[1] = cg_i64(g, a), args[2] = cg_i64(g, b);
        v = call_ptr(g, FE_INDEX, 3, args);
        break;
    case CC_XLAT:
        args[0] = rt, args[1] = cg_i64(g, a), args[2] = cg_i64(g, b);
        v = call_ptr(g, FE_XLAT, 3, args);
        break;
    case CC_TEXT: {
        char *z = xmalloc(len + 1);
        memcpy(z, s, len);
        z[len] = 0;
        args[0] = rt, args[1] = cg_i64(g, a), args[2] = gcc_jit_context_new_string_literal(g->ctx, z);
        args[3] = cg_i64(g, (int64_t)len);
        free(z);
        v = call_ptr(g, FE_TEXT_CODE, 4, args);
        break;
    }
    }
    gcc_jit_block_add_assignment(g->entry, NULL, lv, v);
    XGROW(g->cache, g->capcache, g->ncache + 1);
    g->cache[g->ncache++] = (cg_cache){ kind, a, b, s, len, lv };
    return gcc_jit_lvalue_as_rvalue(lv);
}

/* ------------------------------------------------------------------ values */

/* The smallest b with |x| < 2^b. */
static int bits_of(i128 x)
{
    u128 u = x < 0 ? -(u128)x : (u128)x;
    int b = 0;
    while (u) b++, u >>= 1;
    return b;
}

static jv num_const(cg *g, i128 n, i128 d)
{
    int k = -1;
    i128 p = 1;
    for (int i = 0; i <= 36 && k < 0; i++, p *= 10)
        if (p == d) k = i;
    return (jv){ .rep = JR_NUM, .v = cg_i128(g, n), .d = cg_i128(g, d), .k = k, .col = -1,
                 .vb = bits_of(n), .db = bits_of(d) };
}

static bool const_value(cg *g, value x, stype ty, jv *out)
{
    switch (x.kind) {
    case V_NUM: {
        i128 lim = (i128)1 << 126;
        if (x.q.num >= lim || x.q.num <= -lim || x.q.den >= lim) return cg_unsupported(g, "a constant too large");
        *out = num_const(g, x.q.num, x.q.den);
        return true;
    }
    case V_BOOL: *out = (jv){ .rep = JR_BOOL, .v = x.b ? cg_true(g) : cg_false(g), .col = -1 }; return true;
    case V_DATE: *out = (jv){ .rep = JR_DATE, .v = cg_i64(g, x.date), .col = -1 }; return true;
    case V_TEXT: *out = (jv){ .rep = JR_TEXT, .v = cg_i64(g, -1), .col = -1, .text = x.text.s, .len = x.text.len }; return true;
    case V_EMPTY:
        switch (ty.kind) {
        case TY_NUM:
        case TY_YEAR: *out = num_const(g, 0, 1); break;
        case TY_BOOL: *out = (jv){ .rep = JR_BOOL, .v = cg_false(g) }; break;
        case TY_DATE: *out = (jv){ .rep = JR_DATE, .v = cg_i64(g, 0) }; break;
        default: return cg_unsupported(g, "an empty constant of this type");
        }
        out->col = -1;
        out->empty = cg_true(g);
        return true;
    default: return cg_unsupported(g, "a constant of this kind");
    }
}

jv cg_keep(cg *g, jv x)
{
    jv k = x;
    gcc_jit_type *t = x.rep == JR_BOOL ? g->t_bool : x.rep == JR_NUM ? g->t_i128 : g->t_i64;
    k.v = stored(g, t, x.v);
    if (x.rep == JR_NUM && x.k < 0) k.d = stored(g, g->t_i128, x.d);
    if (x.empty) k.empty = stored(g, g->t_bool, x.empty);
    return k;
}

jv cg_column(cg *g, const ast_dataset *ds, int col, gcc_jit_rvalue *row)
{
    const column *c = &g->data[ds->index]->cols[col];
    int gid = g->col_base[ds->index] + col;
    jv x = { .col = -1, .ds = -1 };
    if (c->kind == COL_TEXT) {
        gcc_jit_rvalue *codes = loaded(g, CC_CODES, gid, 0, NULL, 0);
        x.rep = JR_TEXT;
        x.col = gid;
        x.v = cg_cast(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->ctx, NULL, codes, row)), g->t_i64);
    } else {
        gcc_jit_rvalue *vals = loaded(g, CC_VALUES, gid, 0, NULL, 0);
        gcc_jit_rvalue *raw = gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->ctx, NULL, vals, row));
        switch (c->kind) {
        case COL_BOOL: x.rep = JR_BOOL; x.v = cg_cmp(g, GCC_JIT_COMPARISON_NE, raw, cg_i64(g, 0)); break;
        case COL_DATE: x.rep = JR_DATE; x.v = raw; break;
        default: {
            int k = c->scale + (c->kind == COL_PERCENT ? 2 : 0);
            x = num_const(g, 0, pow10_i128(k));
            x.v = cg_cast(g, raw, g->t_i128);
            x.vb = 63;
            break;
        }
        }
    }
    /* Empty cells: in an optional column, or in any column data came with them (a test's
    ** table leaves out the columns that do not matter to it). */
    if (ds->cols[col].optional || c->empty) {
        gcc_jit_rvalue *emp = loaded(g, CC_EMPTY, gid, 0, NULL, 0);
        gcc_jit_rvalue *cell = gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->ctx, NULL, emp, row));
        x.empty = cg_and(g, cg_cmp(g, GCC_JIT_COMPARISON_NE, emp, gcc_jit_context_null(g->ctx, g->t_u8p)),
                         cg_cmp(g, GCC_JIT_COMPARISON_NE, cg_cast(g, cell, g->t_int), gcc_jit_context_zero(g->ctx, g->t_int)));
    }
    return x;
}

/* ------------------------------------------------------------------ empties and merges */

/* Code computing a value from operands that may be empty runs only when none is: the
** interpreter never computes with an empty operand, so it must not bail there either. */
typedef struct guard {
    gcc_jit_block *empty_path, *join;
} guard;

static void guard_begin(cg *g, gcc_jit_rvalue *empty, guard *gd)
{
    gd->empty_path = gd->join = NULL;
    if (!empty) return;
    gcc_jit_block *ok = cg_new_block(g);
    gd->empty_path = cg_new_block(g);
    gd->join = cg_new_block(g);
    cg_branch(g, g->cur, empty, gd->empty_path, ok);
    g->cur = ok;
}

static jv guard_end(cg *g, guard *gd, jv res)
{
    if (!gd->join) return res;
    gcc_jit_type *t = res.rep == JR_BOOL ? g->t_bool : res.rep == JR_NUM ? g->t_i128 : g->t_i64;
    gcc_jit_lvalue *v = cg_temp(g, t), *d = NULL, *e = cg_temp(g, g->t_bool);
    cg_set(g, v, res.v);
    if (res.rep == JR_NUM && res.k < 0) {
        d = cg_temp(g, g->t_i128);
        cg_set(g, d, res.d);
    }
    cg_set(g, e, res.empty ? res.empty : cg_false(g));
    cg_jump(g, g->cur, gd->join);
    gcc_jit_block_add_assignment(gd->empty_path, NULL, v, gcc_jit_context_zero(g->ctx, t));
    if (d) gcc_jit_block_add_assignment(gd->empty_path, NULL, d, cg_i128(g, 1));
    gcc_jit_block_add_assignment(gd->empty_path, NULL, e, cg_true(g));
    cg_jump(g, gd->empty_path, gd->join);
    g->cur = gd->join;
    res.v = gcc_jit_lvalue_as_rvalue(v);
    if (d) res.d = gcc_jit_lvalue_as_rvalue(d);
    res.empty = gcc_jit_lvalue_as_rvalue(e);
    return res;
}

/* x as a number of scale k >= x.k (bails where the result would not fit); *rb gets
** the result's bound. */
static gcc_jit_rvalue *rescale(cg *g, jv x, int k, int *rb)
{
    *rb = x.vb;
    if (k == x.k) return x.v;
    i128 p = pow10_i128(k - x.k);
    return cg_mul(g, x.v, x.vb, cg_i128(g, p), bits_of(p), rb);
}

/* One path into a merge: the value it brings (v NULL: empty) and the block it ends in. */
typedef struct incoming {
    jv x;
    gcc_jit_block *from;
} incoming;

/* The values of several paths as one, in locals the join block reads. */
static bool merge(cg *g, incoming *in, int n, gcc_jit_block *join, jv *out)
{
    jv *first = NULL;
    bool may_empty = false, frac = false, same_col = true;
    int k = 0, vb = 0, db = 0;
    for (int i = 0; i < n; i++) {
        jv *x = &in[i].x;
        if (!x->v) {
            may_empty = true;
            continue;
        }
        if (x->empty) may_empty = true;
        if (!first) first = x;
        if (x->rep == JR_NUM) {
            if (x->k < 0) frac = true;
            else if (x->k > k) k = x->k;
        }
        if (x->rep == JR_TEXT && (x->col != first->col || (x->col < 0 && (x->len != first->len || memcmp(x->text, first->text, x->len)))))
            same_col = false;
        if (x->rep == JR_ROW && x->ds != first->ds) return cg_unsupported(g, "rows of different datasets");
    }
    if (!first) {
        *out = num_const(g, 0, 1);
        out->empty = cg_true(g);
        for (int i = 0; i < n; i++) cg_jump(g, in[i].from, join);
        g->cur = join;
        return true;
    }
    int text_col = -1;
    if (first->rep == JR_TEXT && !same_col) {
        for (int i = 0; i < n; i++) {
            if (!in[i].x.v || in[i].x.col < 0) continue;
            if (text_col >= 0 && in[i].x.col != text_col) return cg_unsupported(g, "texts from different columns");
            text_col = in[i].x.col;
        }
        if (text_col < 0) return cg_unsupported(g, "different text constants");
    }
    *out = *first;
    gcc_jit_type *t = first->rep == JR_BOOL ? g->t_bool : first->rep == JR_NUM ? g->t_i128 : g->t_i64;
    gcc_jit_lvalue *v = cg_temp(g, t), *d = frac ? cg_temp(g, g->t_i128) : NULL;
    gcc_jit_lvalue *e = may_empty ? cg_temp(g, g->t_bool) : NULL;
    for (int i = 0; i < n; i++) {
        jv x = in[i].x;
        g->cur = in[i].from;
        if (!x.v) {
            cg_set(g, v, gcc_jit_context_zero(g->ctx, t));
            if (d) cg_set(g, d, cg_i128(g, 1));
            cg_set(g, e, cg_true(g));
        } else {
            gcc_jit_rvalue *val = x.v;
            int b = x.vb;
            if (x.rep == JR_NUM && !frac) val = rescale(g, x, k, &b);
            if (b > vb) vb = b;
            if (x.db > db) db = x.db;
            if (x.rep == JR_TEXT && text_col >= 0 && x.col < 0) val = loaded(g, CC_TEXT, text_col, 0, x.text, x.len);
            cg_set(g, v, val);
            if (d) cg_set(g, d, x.k >= 0 ? cg_i128(g, pow10_i128(x.k)) : x.d);
            if (e) cg_set(g, e, x.empty ? x.empty : cg_false(g));
        }
        cg_jump(g, g->cur, join);
    }
    g->cur = join;
    out->v = gcc_jit_lvalue_as_rvalue(v);
    if (first->rep == JR_NUM) {
        out->k = frac ? -1 : k;
        out->d = frac ? gcc_jit_lvalue_as_rvalue(d) : cg_i128(g, pow10_i128(k));
        out->vb = vb;
        out->db = frac ? db : bits_of(pow10_i128(k));
    }
    if (first->rep == JR_TEXT && text_col >= 0) out->col = text_col;
    out->empty = e ? gcc_jit_lvalue_as_rvalue(e) : NULL;
    return true;
}

gcc_jit_rvalue *cg_truth(cg *g, jv x)
{
    return x.empty ? cg_and(g, cg_not(g, x.empty), x.v) : x.v;
}

/* ------------------------------------------------------------------ arithmetic */

static jv num_add(cg *g, int op, jv a, jv b)
{
    enum gcc_jit_binary_op bop = op == '+' ? GCC_JIT_BINARY_OP_PLUS : GCC_JIT_BINARY_OP_MINUS;
    int xb, yb;
    if (a.k >= 0 && b.k >= 0) {
        int k = a.k > b.k ? a.k : b.k;
        jv r = num_const(g, 0, pow10_i128(k));
        gcc_jit_rvalue *x = rescale(g, a, k, &xb), *y = rescale(g, b, k, &yb);
        r.v = cg_add(g, bop, x, xb, y, yb, 126, &r.vb);
        return r;
    }
    gcc_jit_rvalue *x = cg_mul(g, a.v, a.vb, b.d, b.db, &xb), *y = cg_mul(g, b.v, b.vb, a.d, a.db, &yb);
    jv r = { .rep = JR_NUM, .k = -1, .col = -1 };
    r.v = cg_add(g, bop, x, xb, y, yb, 126, &r.vb);
    r.d = cg_mul(g, a.d, a.db, b.d, b.db, &r.db);
    return r;
}

static jv num_mul(cg *g, jv a, jv b)
{
    jv r = { .rep = JR_NUM, .k = -1, .col = -1 };
    r.v = cg_mul(g, a.v, a.vb, b.v, b.vb, &r.vb);
    if (a.k >= 0 && b.k >= 0 && a.k + b.k <= 36) {
        r.k = a.k + b.k;
        r.d = cg_i128(g, pow10_i128(r.k));
        r.db = bits_of(pow10_i128(r.k));
    } else {
        r.d = cg_mul(g, a.d, a.db, b.d, b.db, &r.db);
    }
    return r;
}

/* a / b: the sign goes to the numerator (multiplying by -1 or 1 cannot overflow). */
static jv num_div(cg *g, jv a, jv b)
{
    cg_bail_unless(g, cg_cmp(g, GCC_JIT_COMPARISON_NE, b.v, cg_i128(g, 0)));
    jv r = { .rep = JR_NUM, .k = -1, .col = -1 };
    gcc_jit_rvalue *n = cg_mul(g, a.v, a.vb, b.d, b.db, &r.vb), *d = cg_mul(g, a.d, a.db, b.v, b.vb, &r.db);
    gcc_jit_rvalue *neg = cg_cast(g, cg_cmp(g, GCC_JIT_COMPARISON_LT, d, cg_i128(g, 0)), g->t_i128);
    gcc_jit_rvalue *sign = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MINUS, g->t_i128, cg_i128(g, 1),
                                                      cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, cg_i128(g, 2), neg)));
    r.v = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, n, sign));
    r.d = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, d, sign));
    return r;
}

/* The whole number x as an int64 (bails when it is not whole or too large). */
static gcc_jit_rvalue *whole(cg *g, jv x)
{
    gcc_jit_rvalue *n = x.v;
    int nb = x.vb;
    if (x.k != 0) {
        cg_bail_unless(g, cg_cmp(g, GCC_JIT_COMPARISON_EQ,
                                 cg_bin(g, GCC_JIT_BINARY_OP_MODULO, g->t_i128, x.v, x.d), cg_i128(g, 0)));
        n = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_DIVIDE, g->t_i128, x.v, x.d));
    }
    if (nb > 63) cg_bail_unless(g, cg_fits(g, n, 63));
    return cg_cast(g, n, g->t_i64);
}

static jv date_add(cg *g, int op, jv date, jv days)
{
    gcc_jit_rvalue *n = whole(g, days);
    gcc_jit_rvalue *r = stored(g, g->t_i64, cg_bin(g, op == '-' ? GCC_JIT_BINARY_OP_MINUS : GCC_JIT_BINARY_OP_PLUS,
                                                   g->t_i64, date.v, n));
    cg_bail_unless(g, cg_and(g, cg_cmp(g, GCC_JIT_COMPARISON_GE, r, cg_i64(g, -719162)),
                             cg_cmp(g, GCC_JIT_COMPARISON_LE, r, cg_i64(g, 2932896))));
    return (jv){ .rep = JR_DATE, .v = r, .col = -1 };
}

/* Both operands of e, and a guard: what follows runs only when neither is empty (as
** the interpreter evaluates both, then gives empty for an empty one). */
static bool operands(cg *g, const ast_expr *e, jv *a, jv *b, guard *gd)
{
    if (!cg_expr(g, e->a, a)) return false;
    *a = cg_keep(g, *a);
    if (!cg_expr(g, e->b, b)) return false;
    guard_begin(g, cg_or(g, a->empty, b->empty), gd);
    return true;
}

static bool binary(cg *g, const ast_expr *e, jv *out)
{
    jv a, b, r;
    guard gd;
    if (!operands(g, e, &a, &b, &gd)) return false;
    if (a.rep == JR_DATE && b.rep == JR_DATE) {
        r = num_const(g, 0, 1);
        r.v = cg_cast(g, cg_bin(g, GCC_JIT_BINARY_OP_MINUS, g->t_i64, a.v, b.v), g->t_i128);
        r.vb = 63;
    } else if (a.rep == JR_DATE || b.rep == JR_DATE) {
        r = a.rep == JR_DATE ? date_add(g, e->op, a, b) : date_add(g, e->op, b, a);
    } else if (a.rep != JR_NUM || b.rep != JR_NUM) {
        return cg_unsupported(g, "arithmetic on these values");
    } else {
        switch (e->op) {
        case '+':
        case '-': r = num_add(g, e->op, a, b); break;
        case '*': r = num_mul(g, a, b); break;
        case '/': r = num_div(g, a, b); break;
        case '^': {
            const ast_expr *p = e->b;
            int64_t n;
            if (p->kind != EX_NUM || !rat_to_int64(p->num, &n) || n < 0 || n > 64)
                return cg_unsupported(g, "a power that is not a small whole constant");
            r = num_const(g, 1, 1);
            for (int64_t i = 0; i < n; i++) r = num_mul(g, r, a);
            break;
        }
        default: return cg_unsupported(g, "this operator");
        }
    }
    r.empty = NULL;
    *out = guard_end(g, &gd, r);
    return true;
}

/* ------------------------------------------------------------------ comparisons */

/* Whether two texts are equal, as a bool rvalue. */
static bool text_equal(cg *g, jv a, jv b, gcc_jit_rvalue **eq)
{
    if (a.col < 0 && b.col < 0) {
        *eq = a.len == b.len && !memcmp(a.text, b.text, a.len) ? cg_true(g) : cg_false(g);
        return true;
    }
    if (a.col < 0) return text_equal(g, b, a, eq);
    gcc_jit_rvalue *other;
    if (b.col < 0) {
        other = loaded(g, CC_TEXT, a.col, 0, b.text, b.len);
    } else if (b.col == a.col) {
        other = b.v;
    } else {
        gcc_jit_rvalue *map = loaded(g, CC_XLAT, b.col, a.col, NULL, 0);
        other = cg_cast(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->ctx, NULL, map, b.v)), g->t_i64);
    }
    *eq = cg_cmp(g, GCC_JIT_COMPARISON_EQ, a.v, other);
    return true;
}

static enum gcc_jit_comparison comparison(int op)
{
    switch (op) {
    case OP_EQ: return GCC_JIT_COMPARISON_EQ;
    case OP_NE: return GCC_JIT_COMPARISON_NE;
    case OP_LT: return GCC_JIT_COMPARISON_LT;
    case OP_LE: return GCC_JIT_COMPARISON_LE;
    case OP_GT: return GCC_JIT_COMPARISON_GT;
    default: return GCC_JIT_COMPARISON_GE;
    }
}

/* a op b of two values that are not empty. */
static bool compare_values(cg *g, int op, jv a, jv b, gcc_jit_rvalue **res)
{
    enum gcc_jit_comparison c = comparison(op);
    switch (a.rep) {
    case JR_NUM:
        if (a.k >= 0 && b.k >= 0) {
            int k = a.k > b.k ? a.k : b.k;
            int xb, yb;
            gcc_jit_rvalue *x = rescale(g, a, k, &xb), *y = rescale(g, b, k, &yb);
            *res = cg_cmp(g, c, x, y);
        } else {
            int xb, yb;
            gcc_jit_rvalue *x = cg_mul(g, a.v, a.vb, b.d, b.db, &xb), *y = cg_mul(g, b.v, b.vb, a.d, a.db, &yb);
            *res = cg_cmp(g, c, x, y);
        }
        return true;
    case JR_BOOL:
        *res = cg_cmp(g, c, cg_cast(g, a.v, g->t_int), cg_cast(g, b.v, g->t_int));
        return true;
    case JR_DATE:
        *res = cg_cmp(g, c, a.v, b.v);
        return true;
    case JR_TEXT:
        if (op != OP_EQ && op != OP_NE) return cg_unsupported(g, "ordering texts");
        if (!text_equal(g, a, b, res)) return false;
        if (op == OP_NE) *res = cg_not(g, *res);
        return true;
    default: return cg_unsupported(g, "comparing rows");
    }
}

static jv bool_value(gcc_jit_rvalue *v)
{
    return (jv){ .rep = JR_BOOL, .v = v, .col = -1 };
}

static bool compare(cg *g, const ast_expr *e, jv *out)
{
    jv a, b;
    guard gd;
    if (!operands(g, e, &a, &b, &gd)) return false;
    gcc_jit_rvalue *r;
    if (!compare_values(g, e->op, a, b, &r)) return false;
    *out = guard_end(g, &gd, bool_value(r));
    return true;
}

/* Three-valued `and` / `or`: the right side runs only when the left does not decide. */
static bool logic(cg *g, const ast_expr *e, jv *out)
{
    bool is_and = e->kind == EX_AND;
    jv a;
    if (!cg_expr(g, e->a, &a)) return false;
    a = cg_keep(g, a);
    gcc_jit_rvalue *decides = is_and ? cg_not(g, a.v) : a.v;
    if (a.empty) decides = cg_and(g, cg_not(g, a.empty), decides);
    gcc_jit_block *decided = cg_new_block(g), *rest = cg_new_block(g), *join = cg_new_block(g);
    cg_branch(g, g->cur, decides, decided, rest);
    g->cur = rest;
    jv b;
    if (!cg_expr(g, e->b, &b)) return false;
    gcc_jit_rvalue *b_decides = is_and ? cg_not(g, b.v) : b.v;
    if (b.empty) b_decides = cg_and(g, cg_not(g, b.empty), b_decides);
    b_decides = stored(g, g->t_bool, b_decides);
    jv r = bool_value(is_and ? cg_not(g, b_decides) : b_decides);
    gcc_jit_rvalue *either_empty = cg_or(g, a.empty, b.empty);
    if (either_empty) r.empty = cg_and(g, cg_not(g, b_decides), either_empty);
    incoming in[2] = { { bool_value(is_and ? cg_false(g) : cg_true(g)), decided }, { r, g->cur } };
    return merge(g, in, 2, join, out);
}

/* ------------------------------------------------------------------ conditionals */

static bool if_then_else(cg *g, const ast_expr *e, jv *out)
{
    jv c;
    if (!cg_expr(g, e->a, &c)) return false;
    c = cg_keep(g, c);
    gcc_jit_block *yes = cg_new_block(g), *no = cg_new_block(g), *join = cg_new_block(g);
    incoming in[3];
    int n = 0;
    if (c.empty) {
        gcc_jit_block *known = cg_new_block(g), *unknown = cg_new_block(g);
        cg_branch(g, g->cur, c.empty, unknown, known);
        in[n++] = (incoming){ { .v = NULL }, unknown };
        g->cur = known;
    }
    cg_branch(g, g->cur, c.v, yes, no);
    g->cur = yes;
    if (!cg_expr(g, e->b, &in[n].x)) return false;
    in[n++].from = g->cur;
    g->cur = no;
    if (!cg_expr(g, e->c, &in[n].x)) return false;
    in[n++].from = g->cur;
    return merge(g, in, n, join, out);
}

static bool otherwise(cg *g, const ast_expr *e, jv *out)
{
    jv a;
    if (!cg_expr(g, e->a, &a)) return false;
    if (a.rep == JR_ROW) return cg_unsupported(g, "`otherwise` on rows");
    if (!a.empty) {
        *out = a;
        return true;
    }
    a = cg_keep(g, a);
    gcc_jit_block *has = cg_new_block(g), *lacks = cg_new_block(g), *join = cg_new_block(g);
    cg_branch(g, g->cur, a.empty, lacks, has);
    jv known = a;
    known.empty = NULL;
    incoming in[2] = { { known, has }, { .from = NULL } };
    g->cur = lacks;
    if (!cg_expr(g, e->b, &in[1].x)) return false;
    in[1].from = g->cur;
    return merge(g, in, 2, join, out);
}

/* x in lo to hi, x in (a, b, c). */
static bool in_set(cg *g, const ast_expr *e, jv *out)
{
    jv x;
    if (!cg_expr(g, e->a, &x)) return false;
    x = cg_keep(g, x);
    const ast_expr *set = e->b;
    if (set->kind != EX_RANGE && set->kind != EX_LIST) return cg_unsupported(g, "`in` a list of column values");
    guard gd;
    guard_begin(g, x.empty, &gd);
    x.empty = NULL;
    if (set->kind == EX_RANGE) {
        jv lo, hi;
        if (!cg_expr(g, set->a, &lo)) return false;
        lo = cg_keep(g, lo);
        if (!cg_expr(g, set->b, &hi)) return false;
        guard inner;
        guard_begin(g, cg_or(g, lo.empty, hi.empty), &inner);
        gcc_jit_rvalue *above, *below;
        if (!compare_values(g, OP_LE, lo, x, &above)) return false;
        above = stored(g, g->t_bool, above);
        if (!compare_values(g, OP_LE, x, hi, &below)) return false;
        jv r = guard_end(g, &inner, bool_value(cg_and(g, above, below)));
        *out = guard_end(g, &gd, r);
        return true;
    }
    gcc_jit_block *found = cg_new_block(g), *join = cg_new_block(g);
    for (int i = 0; i < set->nargs; i++) {
        jv y;
        if (!cg_expr(g, set->args[i], &y)) return false;
        gcc_jit_rvalue *eq;
        guard gy;
        guard_begin(g, y.empty, &gy);
        if (!compare_values(g, OP_EQ, x, y, &eq)) return false;
        jv r = guard_end(g, &gy, bool_value(eq));
        gcc_jit_block *next = cg_new_block(g);
        cg_branch(g, g->cur, cg_truth(g, r), found, next);
        g->cur = next;
    }
    incoming in[2] = { { bool_value(cg_true(g)), found }, { bool_value(cg_false(g)), g->cur } };
    jv r;
    if (!merge(g, in, 2, join, &r)) return false;
    *out = guard_end(g, &gd, r);
    return true;
}

/* ------------------------------------------------------------------ lookups */

bool cg_key(cg *g, jv x, const ast_dataset *ds, int col, gcc_jit_rvalue **key)
{
    const column *c = &g->data[ds->index]->cols[col];
    int gid = g->col_base[ds->index] + col;
    switch (c->kind) {
    case COL_TEXT:
        if (x.rep != JR_TEXT) break;
        if (x.col < 0) *key = loaded(g, CC_TEXT, gid, 0, x.text, x.len);
        else if (x.col == gid) *key = x.v;
        else {
            gcc_jit_rvalue *map = loaded(g, CC_XLAT, x.col, gid, NULL, 0);
            *key = cg_cast(g, gcc_jit_lvalue_as_rvalue(gcc_jit_context_new_array_access(g->ctx, NULL, map, x.v)), g->t_i64);
        }
        return true;
    case COL_DATE:
        if (x.rep != JR_DATE) break;
        *key = x.v;
        return true;
    case COL_BOOL:
        if (x.rep != JR_BOOL) break;
        *key = cg_cast(g, x.v, g->t_i64);
        return true;
    default: {
        if (x.rep != JR_NUM) break;
        int k = c->scale + (c->kind == COL_PERCENT ? 2 : 0);
        jv scaled = x;
        if (x.k >= 0 && x.k <= k) {
            scaled.v = rescale(g, x, k, &scaled.vb);
            scaled.k = 0;
        } else {
            scaled.v = cg_mul(g, x.v, x.vb, cg_i128(g, pow10_i128(k)), bits_of(pow10_i128(k)), &scaled.vb);
            scaled.k = -1;
        }
        *key = whole(g, scaled);
        return true;
    }
    }
    return cg_unsupported(g, "a key of another type than its column");
}

bool cg_probe(cg *g, const ast_dataset *ds, ast_expr *const *keys, int nkeys, bool lazy, jv *out)
{
    if (nkeys > JIT_MAX_KEYS) return cg_unsupported(g, "too many key columns");
    gcc_jit_lvalue *row = cg_temp(g, g->t_i64);
    cg_set(g, row, cg_i64(g, -1));
    gcc_jit_block *done = cg_new_block(g);
    jv vals[JIT_MAX_KEYS];
    gcc_jit_rvalue *any_empty = NULL;
    for (int i = 0; i < nkeys; i++) {
        if (!cg_expr(g, keys[i], &vals[i])) return false;
        vals[i] = cg_keep(g, vals[i]);
        if (lazy && vals[i].empty) {
            gcc_jit_block *cont = cg_new_block(g);
            cg_branch(g, g->cur, vals[i].empty, done, cont);
            g->cur = cont;
        }
        any_empty = cg_or(g, any_empty, vals[i].empty);
    }
    if (!lazy && any_empty) {
        gcc_jit_block *cont = cg_new_block(g);
        cg_branch(g, g->cur, any_empty, done, cont);
        g->cur = cont;
    }
    for (int i = 0; i < nkeys; i++) {
        gcc_jit_rvalue *k;
        if (!cg_key(g, vals[i], ds, ds->key_col[i], &k)) return false;
        cg_set(g, gcc_jit_context_new_array_access(g->ctx, NULL, gcc_jit_lvalue_as_rvalue(g->keys), cg_i64(g, i)), k);
    }
    gcc_jit_rvalue *args[2] = {
        loaded(g, CC_INDEX, ds->index, nkeys, NULL, 0),
        gcc_jit_lvalue_get_address(gcc_jit_context_new_array_access(g->ctx, NULL, gcc_jit_lvalue_as_rvalue(g->keys), cg_i64(g, 0)), NULL),
    };
    cg_set(g, row, call_ptr(g, FE_PROBE, 2, args));
    cg_jump(g, g->cur, done);
    g->cur = done;
    gcc_jit_rvalue *r = gcc_jit_lvalue_as_rvalue(row);
    *out = (jv){ .rep = JR_ROW, .v = r, .col = -1, .ds = ds->index,
                 .empty = stored(g, g->t_bool, cg_cmp(g, GCC_JIT_COMPARISON_LT, r, cg_i64(g, 0))) };
    return true;
}

static bool field(cg *g, const ast_expr *e, jv *out)
{
    jv row;
    if (!cg_expr(g, e->a, &row)) return false;
    if (row.rep != JR_ROW) return cg_unsupported(g, "a column of a set of rows");
    guard gd;
    guard_begin(g, row.empty, &gd);
    jv x = cg_column(g, g->prog->datasets[row.ds], e->col, row.v);
    *out = guard_end(g, &gd, x);
    return true;
}

/* ------------------------------------------------------------------ builtins */

static gcc_jit_rvalue *sign_of(cg *g, gcc_jit_rvalue *x)
{
    return cg_bin(g, GCC_JIT_BINARY_OP_MINUS, g->t_i128, cg_cast(g, cg_cmp(g, GCC_JIT_COMPARISON_GT, x, cg_i128(g, 0)), g->t_i128),
                  cg_cast(g, cg_cmp(g, GCC_JIT_COMPARISON_LT, x, cg_i128(g, 0)), g->t_i128));
}

/* round, round_down, round_up to a constant number of decimals, as rat_round does. */
static bool round_to(cg *g, const ast_expr *e, jv x, jv *out)
{
    int64_t decimals = 0;
    if (e->nargs == 2) {
        const ast_expr *p = e->args[1];
        if (p->kind != EX_NUM || !rat_to_int64(p->num, &decimals) || decimals < 0 || decimals > 18)
            return cg_unsupported(g, "rounding to a number of decimals that is not a constant 0..18");
    } else if (e->args[0]->ty.dim[DIM_DKK] != 0) {
        decimals = 2;
    }
    int k = (int)decimals;
    jv r = num_const(g, 0, pow10_i128(k));
    if (x.k >= 0 && x.k <= k) {
        r.v = rescale(g, x, k, &r.vb);
        *out = r;
        return true;
    }
    int nb;
    gcc_jit_rvalue *n = cg_mul(g, x.v, x.vb, cg_i128(g, pow10_i128(k)), bits_of(pow10_i128(k)), &nb), *d = x.d;
    gcc_jit_rvalue *q = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_DIVIDE, g->t_i128, n, d));
    gcc_jit_rvalue *rem = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MODULO, g->t_i128, n, d));
    gcc_jit_rvalue *adj;
    if (e->fn == BI_ROUND) {
        gcc_jit_rvalue *twice = cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, rem, sign_of(g, rem)), cg_i128(g, 2));
        adj = cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, cg_cast(g, cg_cmp(g, GCC_JIT_COMPARISON_GE, twice, d), g->t_i128), sign_of(g, n));
    } else {
        bool down = e->fn == BI_ROUND_DOWN;
        gcc_jit_rvalue *off = cg_and(g, cg_cmp(g, GCC_JIT_COMPARISON_NE, rem, cg_i128(g, 0)),
                                     cg_cmp(g, down ? GCC_JIT_COMPARISON_LT : GCC_JIT_COMPARISON_GT, n, cg_i128(g, 0)));
        adj = cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, cg_cast(g, off, g->t_i128), cg_i128(g, down ? -1 : 1));
    }
    r.v = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_PLUS, g->t_i128, q, adj));
    r.vb = nb + 1;
    *out = r;
    return true;
}

static jv int_value(cg *g, gcc_jit_rvalue *v64)
{
    jv r = num_const(g, 0, 1);
    r.v = cg_cast(g, v64, g->t_i128);
    r.vb = 64;
    return r;
}

static gcc_jit_rvalue *date_call(cg *g, int op, gcc_jit_rvalue *a, gcc_jit_rvalue *b, gcc_jit_rvalue *c)
{
    gcc_jit_rvalue *args[4] = { cg_i64(g, op), a, b ? b : cg_i64(g, 0), c ? c : cg_i64(g, 0) };
    gcc_jit_rvalue *r = stored(g, g->t_i64, call_ptr(g, FE_DATE_FN, 4, args));
    cg_bail_unless(g, cg_cmp(g, GCC_JIT_COMPARISON_NE, r, cg_i64(g, JIT_DATE_FAIL)));
    return r;
}

/* min(a, b) and max(a, b): the first when they are equal, as the interpreter. */
static bool min_max(cg *g, const ast_expr *e, jv a, jv b, jv *out)
{
    gcc_jit_rvalue *first;
    if (!compare_values(g, e->fn == BI_MIN2 ? OP_LE : OP_GE, a, b, &first)) return false;
    gcc_jit_block *ya = cg_new_block(g), *yb = cg_new_block(g), *join = cg_new_block(g);
    cg_branch(g, g->cur, first, ya, yb);
    incoming in[2] = { { a, ya }, { b, yb } };
    return merge(g, in, 2, join, out);
}

static bool call_builtin(cg *g, const ast_expr *e, jv *out)
{
    jv a[3];
    guard gd[3];
    int n = e->nargs < 3 ? e->nargs : 3;
    /* The interpreter stops at the first empty argument: so do the guards. */
    for (int i = 0; i < n; i++) {
        if (!cg_expr(g, e->args[i], &a[i])) return false;
        a[i] = cg_keep(g, a[i]);
        guard_begin(g, a[i].empty, &gd[i]);
        a[i].empty = NULL;
    }
    jv r;
    switch (e->fn) {
    case BI_ROUND:
    case BI_ROUND_DOWN:
    case BI_ROUND_UP:
        if (!round_to(g, e, a[0], &r)) return false;
        break;
    case BI_ABS:
        r = a[0];
        r.v = stored(g, g->t_i128, cg_bin(g, GCC_JIT_BINARY_OP_MULT, g->t_i128, a[0].v, sign_of(g, a[0].v)));
        break;
    case BI_MIN2:
    case BI_MAX2:
        if (!min_max(g, e, a[0], a[1], &r)) return false;
        break;
    case BI_YEAR:
    case BI_MONTH:
    case BI_DAY:
        r = int_value(g, date_call(g, e->fn == BI_YEAR ? JD_YEAR : e->fn == BI_MONTH ? JD_MONTH : JD_DAY, a[0].v, NULL, NULL));
        break;
    case BI_DATE: {
        gcc_jit_rvalue *y = whole(g, a[0]), *m = whole(g, a[1]), *d = whole(g, a[2]);
        r = (jv){ .rep = JR_DATE, .v = date_call(g, JD_DATE, y, m, d), .col = -1 };
        break;
    }
    case BI_DAYS_IN_YEAR:
    case BI_DAYS_IN_MONTH: {
        gcc_jit_rvalue *y = whole(g, a[0]);
        gcc_jit_rvalue *m = e->fn == BI_DAYS_IN_MONTH ? whole(g, a[1]) : cg_i64(g, 0);
        r = int_value(g, date_call(g, JD_DAYS_IN_MONTH, y, m, NULL));
        break;
    }
    case BI_END_OF_MONTH:
        r = (jv){ .rep = JR_DATE, .v = date_call(g, JD_END_OF_MONTH, a[0].v, NULL, NULL), .col = -1 };
        break;
    case BI_ADD_MONTHS:
        r = (jv){ .rep = JR_DATE, .v = date_call(g, JD_ADD_MONTHS, a[0].v, whole(g, a[1]), NULL), .col = -1 };
        break;
    case BI_DAYS_BETWEEN:
        r = int_value(g, cg_bin(g, GCC_JIT_BINARY_OP_MINUS, g->t_i64, a[1].v, a[0].v));
        break;
    default: return cg_unsupported(g, "this function");
    }
    for (int i = n - 1; i >= 0; i--) r = guard_end(g, &gd[i], r);
    *out = r;
    return true;
}

static bool call(cg *g, const ast_expr *e, jv *out)
{
    if (e->define) {
        if (e->arg_level != LV_ROW && e->nargs) return cg_unsupported(g, "a define called outside a row");
        for (int i = 0; i < e->nargs; i++) {
            jv x;
            if (!cg_expr(g, e->args[i], &x)) return false;
            if (e->arg_slots[i] >= g->nslots) return cg_unsupported(g, "a define's argument slot");
            g->slots[e->arg_slots[i]] = cg_keep(g, x);
        }
        return cg_expr(g, e->body, out);
    }
    switch (e->fn) {
    case BI_SUM:
    case BI_COUNT:
    case BI_MEAN:
    case BI_MIN:
    case BI_MAX: return cg_unsupported(g, "an aggregate over a set of rows");
    case BI_LENGTH: return cg_unsupported(g, "length of a text");
    default: return call_builtin(g, e, out);
    }
}

/* ------------------------------------------------------------------ hoisting */

static bool free_slot(const cg *g, int slot)
{
    for (int i = 0; i < g->nfree_slots; i++)
        if (g->free_slots[i] == slot) return true;
    return false;
}

/* Whether e reads nothing of the row (nor of its group), so one value serves all rows:
** pl(2019) does not, pl(t.year) does. */
static bool row_free(cg *g, const ast_expr *e)
{
    if (!e) return true;
    switch (e->kind) {
    case EX_NAME:
        return e->ref.kind == REF_SLOT && (e->ref.level == LV_GLOBAL || (e->ref.level == LV_ROW && free_slot(g, e->ref.slot)));
    case EX_CALL:
        if (e->group_agg || e->for_var) return false;
        for (int i = 0; i < e->nargs; i++)
            if (!row_free(g, e->args[i])) return false;
        if (!e->define) return true;
        if (g->nfree_slots + e->nargs > 32) return false;
        int saved = g->nfree_slots;
        for (int i = 0; i < e->nargs; i++) g->free_slots[g->nfree_slots++] = e->arg_slots[i];
        bool free_body = row_free(g, e->body);
        g->nfree_slots = saved;
        return free_body;
    case EX_TEXT:
        for (int i = 0; i < e->nparts; i++)
            if (!row_free(g, e->parts[i].expr)) return false;
        return true;
    case EX_EACH: return false;
    default:
        if (e->weight || e->for_src) return false;
        for (int i = 0; i < e->nargs; i++)
            if (!row_free(g, e->args[i])) return false;
        return row_free(g, e->a) && row_free(g, e->b) && row_free(g, e->c);
    }
}

/* Whether computing e once per call instead of once per row saves anything: a lookup. */
static bool worth_hoisting(const ast_expr *e)
{
    if (!e) return false;
    if (e->kind == EX_INDEX) return true;
    if (e->kind == EX_CALL && e->define && worth_hoisting(e->body)) return true;
    for (int i = 0; i < e->nargs; i++)
        if (worth_hoisting(e->args[i])) return true;
    return worth_hoisting(e->a) || worth_hoisting(e->b) || worth_hoisting(e->c);
}

/* Computes e before the loop; a failure there leaves every row to the interpreter. */
static bool hoist(cg *g, const ast_expr *e, jv *out)
{
    gcc_jit_block *cur = g->cur, *bail = g->bail;
    g->cur = g->hoisted;
    g->bail = g->bail_all;
    g->hoisting = true;
    bool ok = cg_expr(g, e, out);
    if (ok) *out = cg_keep(g, *out);
    g->hoisting = false;
    g->hoisted = g->cur;
    g->cur = cur;
    g->bail = bail;
    return ok;
}

/* ------------------------------------------------------------------ expressions */

bool cg_expr(cg *g, const ast_expr *e, jv *out)
{
    if (!g->hoisting && g->hoisted && e->kind != EX_NUM && worth_hoisting(e) && row_free(g, e)) return hoist(g, e, out);
    switch (e->kind) {
    case EX_NUM: return const_value(g, val_num(e->num), e->ty, out);
    case EX_BOOL: return const_value(g, val_bool(!rat_is_zero(e->num)), e->ty, out);
    case EX_DATE: return const_value(g, val_date(e->date), e->ty, out);
    case EX_TEXT:
        if (e->nparts == 0) return const_value(g, val_text("", 0), e->ty, out);
        if (e->nparts == 1 && e->parts[0].text)
            return const_value(g, val_text(e->parts[0].text, (uint32_t)e->parts[0].len), e->ty, out);
        return cg_unsupported(g, "a text with values in it");
    case EX_NAME:
        if (e->ref.kind != REF_SLOT) return cg_unsupported(g, "a dataset as a value");
        if (e->ref.level == LV_GLOBAL) return const_value(g, g->globals[e->ref.slot], e->ty, out);
        if (e->ref.level != LV_ROW || e->ref.slot >= g->nslots || !g->slots[e->ref.slot].v)
            return cg_unsupported(g, "a value of a group");
        *out = g->slots[e->ref.slot];
        return true;
    case EX_FIELD: return field(g, e, out);
    case EX_INDEX:
        if (e->lookup != LK_ROW) return cg_unsupported(g, "a lookup of several rows or of a table");
        return cg_probe(g, e->a->ty.ds, e->args, e->nargs, true, out);
    case EX_CALL: return call(g, e, out);
    case EX_UNARY: {
        jv a;
        if (!cg_expr(g, e->a, &a)) return false;
        *out = a;
        if (e->op == OP_NOT) out->v = cg_not(g, a.v);
        else out->v = gcc_jit_context_new_unary_op(g->ctx, NULL, GCC_JIT_UNARY_OP_MINUS, g->t_i128, a.v);
        return true;
    }
    case EX_BINARY: return binary(g, e, out);
    case EX_COMPARE: return compare(g, e, out);
    case EX_AND:
    case EX_OR: return logic(g, e, out);
    case EX_IF: return if_then_else(g, e, out);
    case EX_IN: return in_set(g, e, out);
    case EX_EXISTS: {
        jv a;
        if (!cg_expr(g, e->a, &a)) return false;
        *out = bool_value(a.empty ? cg_not(g, a.empty) : cg_true(g));
        return true;
    }
    case EX_OTHERWISE: return otherwise(g, e, out);
    case EX_EACH:
    case EX_RANGE:
    case EX_LIST: return cg_unsupported(g, "a set of rows or values");
    }
    return cg_unsupported(g, "this expression");
}
