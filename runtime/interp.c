/*
** interp.c: the interpreter: evaluation of expressions over frames of values, and the
** running of rule blocks (rows, joins, allocations, groups, checks, outputs).
**
** Empty values: arithmetic and comparisons with an empty operand are empty; `and`,
** `or` and `not` follow three-valued logic; a `where` lets a row through only when
** its condition is true; a check holds only when it is true, so an empty condition is
** a violation whose values show what was missing.
*/
#include "interp_int.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apportion.h"
#include "bind.h"
#include "date.h"
#include "index.h"
#include "load.h"
#include "memlimit.h"
#include "jit.h"
#include "progress.h"
#include "trace.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ errors */

static _Noreturn void fail(interp *in, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail_text(interp *in, loc at, const char *fmt, va_list ap)
{
    int n = 0;
    if (at.file) {
        uint32_t line, col;
        src_line_col(at.file, at.start, &line, &col);
        n = snprintf(in->error, sizeof in->error, "%s:%u:%u: ", at.file->path, line, col);
    }
    vsnprintf(in->error + n, sizeof in->error - (size_t)n, fmt, ap);
}

static void fail(interp *in, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_text(in, at, fmt, ap);
    va_end(ap);
    longjmp(*in->on_error, 1);
}

static rat arith(interp *in, loc at, rat_status st, rat r)
{
    if (st == RAT_DIV_ZERO) fail(in, at, "division by zero");
    if (st == RAT_OVERFLOW) fail(in, at, "the result is too large to hold exactly");
    return r;
}

/* ------------------------------------------------------------------ expressions */

static value eval(interp *in, env *v, const ast_expr *e);

static bool truth(value x)
{
    return x.kind == V_BOOL && x.b;
}

static rowset *new_rowset(interp *in, const dataset *ds, size_t cap)
{
    rowset *rs = ARENA_NEW(&in->scratch, rowset);
    rs->ds = ds;
    rs->rows = cap ? ARENA_ARRAY(&in->scratch, uint32_t, cap) : NULL;
    return rs;
}

static value rows_value(rowset *rs)
{
    return (value){ .kind = V_ROWS, .list = { rs, -1 } };
}

static value format_text(interp *in, env *v, const ast_expr *e)
{
    /* Every value first: an error in one leaves no buffer behind. */
    value *vals = ARENA_ARRAY(&in->scratch, value, e->nparts ? e->nparts : 1);
    for (int i = 0; i < e->nparts; i++)
        if (!e->parts[i].text) vals[i] = eval(in, v, e->parts[i].expr);
    buf b = {0};
    for (int i = 0; i < e->nparts; i++) {
        const ast_strpart *p = &e->parts[i];
        if (p->text) buf_add(&b, p->text, p->len);
        else val_format(vals[i], p->expr->ty, &b);
    }
    value t = val_text(arena_strndup(&in->scratch, b.data ? b.data : "", b.len), (uint32_t)b.len);
    buf_free(&b);
    return t;
}

static value add_values(interp *in, const ast_expr *e, value a, value b)
{
    if (a.kind == V_DATE && b.kind == V_NUM) {
        int64_t d;
        if (!rat_is_int(b.q)) fail(in, e->at, "a number of days must be whole");
        if (!rat_to_int64(b.q, &d)) fail(in, e->at, "the date leaves the years 1 to 9999");
        int64_t r = (int64_t)a.date + (e->op == '-' ? -d : d);
        if (r < -719162 || r > 2932896) fail(in, e->at, "the date leaves the years 1 to 9999");
        return val_date((int32_t)r);
    }
    if (a.kind == V_NUM && b.kind == V_DATE) return add_values(in, e, b, a);
    if (a.kind == V_DATE && b.kind == V_DATE) return val_int((int64_t)a.date - b.date);
    rat r;
    rat_status st = e->op == '+' ? rat_add(a.q, b.q, &r) : rat_sub(a.q, b.q, &r);
    return val_num(arith(in, e->at, st, r));
}

static value eval_binary(interp *in, env *v, const ast_expr *e)
{
    value a = eval(in, v, e->a), b = eval(in, v, e->b);
    if (a.kind == V_EMPTY || b.kind == V_EMPTY) return val_empty();
    rat r;
    switch (e->op) {
    case '+':
    case '-': return add_values(in, e, a, b);
    case '*': return val_num(arith(in, e->at, rat_mul(a.q, b.q, &r), r));
    case '/': return val_num(arith(in, e->at, rat_div(a.q, b.q, &r), r));
    case '^': {
        int64_t n;
        if (!rat_to_int64(b.q, &n) || n > 10000 || n < -10000) fail(in, e->b->at, "the power is too large");
        return val_num(arith(in, e->at, rat_pow(a.q, n, &r), r));
    }
    }
    return val_empty();
}

static value eval_compare(interp *in, env *v, const ast_expr *e)
{
    value a = eval(in, v, e->a), b = eval(in, v, e->b);
    if (a.kind == V_EMPTY || b.kind == V_EMPTY) return val_empty();
    int c = val_compare(a, b);
    switch (e->op) {
    case OP_EQ: return val_bool(c == 0);
    case OP_NE: return val_bool(c != 0);
    case OP_LT: return val_bool(c < 0);
    case OP_LE: return val_bool(c <= 0);
    case OP_GT: return val_bool(c > 0);
    case OP_GE: return val_bool(c >= 0);
    }
    return val_empty();
}

/* Three-valued `and` and `or`: false and anything is false, true or anything is true. */
static value eval_logic(interp *in, env *v, const ast_expr *e)
{
    bool is_and = e->kind == EX_AND;
    value a = eval(in, v, e->a);
    if (a.kind == V_BOOL && a.b != is_and) return a;
    value b = eval(in, v, e->b);
    if (b.kind == V_BOOL && b.b != is_and) return b;
    if (a.kind == V_EMPTY || b.kind == V_EMPTY) return val_empty();
    return val_bool(is_and);
}

static value list_at(const value *list, size_t i)
{
    const rowset *rs = list->list.set;
    return val_cell(rs->ds, list->list.col, rs->rows[i]);
}

static value eval_in(interp *in, env *v, const ast_expr *e)
{
    value x = eval(in, v, e->a);
    if (x.kind == V_EMPTY) return val_empty();
    const ast_expr *set = e->b;
    if (set->kind == EX_RANGE) {
        value lo = eval(in, v, set->a), hi = eval(in, v, set->b);
        if (lo.kind == V_EMPTY || hi.kind == V_EMPTY) return val_empty();
        return val_bool(val_compare(lo, x) <= 0 && val_compare(x, hi) <= 0);
    }
    if (set->kind == EX_LIST) {
        for (int i = 0; i < set->nargs; i++)
            if (val_equal(x, eval(in, v, set->args[i]))) return val_bool(true);
        return val_bool(false);
    }
    value list = eval(in, v, set);
    if (list.kind != V_LIST) return val_empty();
    for (size_t i = 0; i < list.list.set->n; i++)
        if (val_equal(x, list_at(&list, i))) return val_bool(true);
    return val_bool(false);
}

static bool exists(value x)
{
    if (x.kind == V_EMPTY) return false;
    if (x.kind == V_ROWS || x.kind == V_LIST) return x.list.set->n > 0;
    return true;
}

/* tariffs[t.offer_id, 2019] and tariffs[t.offer_id, t.year - 2 to t.year - 1]. */
static value eval_dataset_lookup(interp *in, env *v, const ast_expr *e)
{
    const ast_dataset *decl = e->a->ty.ds;
    dataset *ds = in->data[decl->index];
    int nargs = e->nargs;
    bool range = e->args[nargs - 1]->kind == EX_RANGE;
    int exact = range ? nargs - 1 : nargs;
    value keys[16], lo = val_empty(), hi = val_empty();
    for (int i = 0; i < exact; i++) {
        keys[i] = eval(in, v, e->args[i]);
        if (keys[i].kind == V_EMPTY) return e->lookup == LK_ROW ? val_empty() : rows_value(new_rowset(in, ds, 0));
    }
    if (range) {
        lo = eval(in, v, e->args[nargs - 1]->a);
        hi = eval(in, v, e->args[nargs - 1]->b);
    }
    rowset found = *in->all[decl->index];
    if (exact > 0) found = idx_find(idx_get(ds, decl->key_col, exact), ds, keys);
    if (e->lookup == LK_ROW) {
        if (found.n == 0) return val_empty();
        return (value){ .kind = V_ROW, .row = { ds, found.rows[0] } };
    }
    rowset *rs = new_rowset(in, ds, range ? found.n : 0);
    if (!range) {
        *rs = found;
        return rows_value(rs);
    }
    if (lo.kind == V_EMPTY || hi.kind == V_EMPTY) return rows_value(rs);
    int col = decl->key_col[nargs - 1];
    uint32_t *out = (uint32_t *)rs->rows;
    for (size_t i = 0; i < found.n; i++) {
        value k = val_cell(ds, col, found.rows[i]);
        if (k.kind != V_EMPTY && val_compare(lo, k) <= 0 && val_compare(k, hi) <= 0) out[rs->n++] = found.rows[i];
    }
    return rows_value(rs);
}

static bool pattern_matches(interp *in, env *v, const ast_pattern *p, value x)
{
    if (p->kind == PAT_ANY) return true;
    if (x.kind == V_EMPTY) return false;
    value a = eval(in, v, p->a);
    if (a.kind == V_EMPTY) return false;
    int c = val_compare(x, a);
    switch (p->kind) {
    case PAT_EQ: return val_equal(x, a);
    case PAT_RANGE: {
        value b = eval(in, v, p->b);
        return c >= 0 && b.kind != V_EMPTY && val_compare(x, b) <= 0;
    }
    case PAT_LT: return c < 0;
    case PAT_LE: return c <= 0;
    case PAT_GT: return c > 0;
    case PAT_GE: return c >= 0;
    case PAT_ANY: return true;
    }
    return false;
}

static value eval_table_lookup(interp *in, env *v, const ast_expr *e)
{
    const ast_table *t = e->a->ref.table;
    value args[16];
    for (int i = 0; i < e->nargs; i++) args[i] = eval(in, v, e->args[i]);
    for (int i = 0; i < t->nentries; i++) {
        const ast_entry *en = &t->entries[i];
        bool all = true;
        for (int k = 0; k < en->npats && all; k++) all = pattern_matches(in, v, &en->pats[k], args[k]);
        if (all) return eval(in, v, en->value);
    }
    return t->otherwise ? eval(in, v, t->otherwise) : val_empty();
}

/* expenditure[municipality, year - 1]: a group-level let of another group. */
static value eval_grouplet(interp *in, env *v, const ast_expr *e)
{
    value keys[16];
    for (int i = 0; i < e->nargs; i++) {
        keys[i] = eval(in, v, e->args[i]);
        if (keys[i].kind == V_EMPTY) return val_empty();
    }
    int64_t g = tmap_find(&in->br->keys, keys);
    if (g < 0) return val_empty();
    return in->br->groups[g].frame[e->a->ref.slot];
}

static value eval_index(interp *in, env *v, const ast_expr *e)
{
    switch (e->lookup) {
    case LK_ROW:
    case LK_ROWS: return eval_dataset_lookup(in, v, e);
    case LK_TABLE: return eval_table_lookup(in, v, e);
    case LK_GROUPLET: return eval_grouplet(in, v, e);
    default: return val_empty();
    }
}

/* ------------------------------------------------------------------ aggregates */

static void agg_init(agg_state *s)
{
    s->sum = s->wsum = rat_from_int(0);
    s->count = 0;
    s->best = val_empty();
}

/* Adds one value (and its weight) to an aggregate; empty values are skipped. */
static void agg_add(interp *in, const ast_expr *e, agg_state *s, value x, value w)
{
    if (e->fn == BI_COUNT && !e->nargs) {
        s->count++;
        return;
    }
    if (x.kind == V_EMPTY || (e->weight && w.kind == V_EMPTY)) return;
    s->count++;
    rat t;
    switch (e->fn) {
    case BI_SUM:
        s->sum = arith(in, e->at, rat_add(s->sum, x.q, &t), t);
        break;
    case BI_MEAN:
        if (e->weight) {
            rat xw;
            arith(in, e->at, rat_mul(x.q, w.q, &xw), xw);
            s->sum = arith(in, e->at, rat_add(s->sum, xw, &t), t);
            s->wsum = arith(in, e->at, rat_add(s->wsum, w.q, &t), t);
        } else {
            s->sum = arith(in, e->at, rat_add(s->sum, x.q, &t), t);
        }
        break;
    case BI_MIN:
        if (s->best.kind == V_EMPTY || val_compare(x, s->best) < 0) s->best = x;
        break;
    case BI_MAX:
        if (s->best.kind == V_EMPTY || val_compare(x, s->best) > 0) s->best = x;
        break;
    default:
        break;
    }
}

static value agg_result(interp *in, const ast_expr *e, const agg_state *s)
{
    rat r;
    switch (e->fn) {
    case BI_COUNT: return val_int(s->count);
    case BI_SUM: return val_num(s->sum);
    case BI_MEAN:
        if (e->weight) {
            if (rat_is_zero(s->wsum)) return val_empty();
            return val_num(arith(in, e->at, rat_div(s->sum, s->wsum, &r), r));
        }
        if (!s->count) return val_empty();
        return val_num(arith(in, e->at, rat_div(s->sum, rat_from_int(s->count), &r), r));
    default: return s->best;
    }
}

/* An aggregate over a list of its own: sum(rows.column), or sum(x for r in rows). */
static value eval_list_aggregate(interp *in, env *v, const ast_expr *e)
{
    agg_state s;
    agg_init(&s);
    if (e->for_var) {
        value src = eval(in, v, e->for_src);
        if (src.kind != V_ROWS) return agg_result(in, e, &s);
        const rowset *rs = src.list.set;
        value *slot = &v->f[e->ref.level][e->ref.slot];
        for (size_t i = 0; i < rs->n; i++) {
            *slot = (value){ .kind = V_ROW, .row = { rs->ds, rs->rows[i] } };
            if (e->for_cond && !truth(eval(in, v, e->for_cond))) continue;
            value x = e->nargs ? eval(in, v, e->args[0]) : val_bool(true);
            value w = e->weight ? eval(in, v, e->weight) : val_empty();
            if (e->fn == BI_COUNT && !e->nargs) s.count++;
            else agg_add(in, e, &s, x, w);
        }
        return agg_result(in, e, &s);
    }
    value list = eval(in, v, e->args[0]);
    if (list.kind == V_ROWS) return val_int((int64_t)list.list.set->n);
    if (list.kind != V_LIST) return agg_result(in, e, &s);
    for (size_t i = 0; i < list.list.set->n; i++) agg_add(in, e, &s, list_at(&list, i), val_empty());
    return agg_result(in, e, &s);
}

/* ------------------------------------------------------------------ builtins */

static int64_t whole(interp *in, const ast_expr *e, value x, const char *what)
{
    int64_t n;
    if (!rat_to_int64(x.q, &n)) fail(in, e->at, "%s must be a whole number", what);
    return n;
}

static value eval_round(interp *in, env *v, const ast_expr *e, value x)
{
    int decimals = 0;
    if (e->nargs == 2) decimals = (int)whole(in, e, eval(in, v, e->args[1]), "the number of decimals");
    else if (e->args[0]->ty.dim[DIM_DKK] != 0) decimals = 2;   /* money goes to the øre */
    if (decimals < -18 || decimals > 18) fail(in, e->at, "round to between -18 and 18 decimals");
    rat_rounding mode = e->fn == BI_ROUND ? RAT_HALF_AWAY : e->fn == BI_ROUND_DOWN ? RAT_FLOOR : RAT_CEIL;
    rat r;
    return val_num(arith(in, e->at, rat_round(x.q, decimals, mode, &r), r));
}

static value eval_builtin(interp *in, env *v, const ast_expr *e)
{
    value a[3];
    for (int i = 0; i < e->nargs && i < 3; i++) {
        a[i] = eval(in, v, e->args[i]);
        if (a[i].kind == V_EMPTY) return val_empty();
    }
    date_days d;
    int64_t y;
    int mo, dd;
    switch (e->fn) {
    case BI_ROUND:
    case BI_ROUND_DOWN:
    case BI_ROUND_UP: return eval_round(in, v, e, a[0]);
    case BI_ABS: return val_num(rat_abs(a[0].q));
    case BI_MIN2: return val_compare(a[0], a[1]) <= 0 ? a[0] : a[1];
    case BI_MAX2: return val_compare(a[0], a[1]) >= 0 ? a[0] : a[1];
    case BI_YEAR:
    case BI_MONTH:
    case BI_DAY:
        date_to_ymd(a[0].date, &y, &mo, &dd);
        return val_int(e->fn == BI_YEAR ? y : e->fn == BI_MONTH ? mo : dd);
    case BI_DATE:
        y = whole(in, e, a[0], "a year");
        if (!date_from_ymd(y, (int)whole(in, e, a[1], "a month"), (int)whole(in, e, a[2], "a day"), &d))
            fail(in, e->at, "there is no such date");
        return val_date(d);
    case BI_DAYS_IN_YEAR:
        y = whole(in, e, a[0], "a year");
        if (y < 1 || y > 9999) fail(in, e->at, "the year %lld is outside 1 to 9999", (long long)y);
        return val_int(date_days_in_year(y));
    case BI_DAYS_IN_MONTH: {
        y = whole(in, e, a[0], "a year");
        int64_t m = whole(in, e, a[1], "a month");
        if (m < 1 || m > 12 || y < 1 || y > 9999) fail(in, e->at, "there is no month %lld of %lld", (long long)m, (long long)y);
        return val_int(date_days_in_month(y, (int)m));
    }
    case BI_END_OF_MONTH: return val_date(date_end_of_month(a[0].date));
    case BI_ADD_MONTHS:
        if (!date_add_months(a[0].date, whole(in, e, a[1], "a number of months"), &d))
            fail(in, e->at, "the date leaves the years 1 to 9999");
        return val_date(d);
    case BI_DAYS_BETWEEN: return val_int((int64_t)a[1].date - a[0].date);
    case BI_LENGTH: {
        int64_t n = 0;
        for (uint32_t i = 0; i < a[0].text.len; i++) n += ((unsigned char)a[0].text.s[i] & 0xC0) != 0x80;
        return val_int(n);
    }
    default: return val_empty();
    }
}

static value eval_call(interp *in, env *v, const ast_expr *e)
{
    if (e->define) {
        for (int i = 0; i < e->nargs; i++) v->f[e->arg_level][e->arg_slots[i]] = eval(in, v, e->args[i]);
        return eval(in, v, e->body);
    }
    if (e->group_agg) return v->f[LV_GROUP][e->ref.slot];
    switch (e->fn) {
    case BI_SUM:
    case BI_COUNT:
    case BI_MEAN:
    case BI_MIN:
    case BI_MAX: return eval_list_aggregate(in, v, e);
    default: return eval_builtin(in, v, e);
    }
}

static value eval_each(interp *in, env *v, const ast_expr *e)
{
    value src = eval(in, v, e->a);
    if (src.kind != V_ROWS) return src;
    const rowset *from = src.list.set;
    rowset *rs = new_rowset(in, from->ds, from->n);
    uint32_t *out = (uint32_t *)rs->rows;
    value *slot = &v->f[e->ref.level][e->ref.slot];
    for (size_t i = 0; i < from->n; i++) {
        *slot = (value){ .kind = V_ROW, .row = { from->ds, from->rows[i] } };
        if (!e->b || truth(eval(in, v, e->b))) out[rs->n++] = from->rows[i];
    }
    return rows_value(rs);
}

static value eval(interp *in, env *v, const ast_expr *e)
{
    switch (e->kind) {
    case EX_NUM: return val_num(e->num);
    case EX_BOOL: return val_bool(!rat_is_zero(e->num));
    case EX_DATE: return val_date(e->date);
    case EX_TEXT:
        if (e->nparts == 1 && e->parts[0].text) return val_text(e->parts[0].text, (uint32_t)e->parts[0].len);
        return format_text(in, v, e);
    case EX_NAME:
        if (e->ref.kind == REF_DATASET) return rows_value(in->all[e->ref.ds->index]);
        return v->f[e->ref.level][e->ref.slot];
    case EX_FIELD: {
        value o = eval(in, v, e->a);
        if (o.kind == V_ROW) return val_cell(o.row.ds, e->col, o.row.row);
        if (o.kind == V_ROWS) return (value){ .kind = V_LIST, .list = { o.list.set, e->col } };
        return val_empty();
    }
    case EX_INDEX: return eval_index(in, v, e);
    case EX_CALL: return eval_call(in, v, e);
    case EX_UNARY: {
        value a = eval(in, v, e->a);
        if (a.kind == V_EMPTY) return a;
        return e->op == OP_NOT ? val_bool(!a.b) : val_num(rat_neg(a.q));
    }
    case EX_BINARY: return eval_binary(in, v, e);
    case EX_COMPARE: return eval_compare(in, v, e);
    case EX_AND:
    case EX_OR: return eval_logic(in, v, e);
    case EX_IF: {
        value c = eval(in, v, e->a);
        if (c.kind == V_EMPTY) return c;
        return eval(in, v, c.b ? e->b : e->c);
    }
    case EX_IN: return eval_in(in, v, e);
    case EX_EXISTS: return val_bool(exists(eval(in, v, e->a)));
    case EX_OTHERWISE: {
        value a = eval(in, v, e->a);
        return exists(a) ? a : eval(in, v, e->b);
    }
    case EX_EACH: return eval_each(in, v, e);
    case EX_RANGE:
    case EX_LIST: return val_empty();   /* only read by `in` and lookups */
    }
    return val_empty();
}

static void run_rows(interp *in, env *v, const ast_block *b, int i);

/* One unit of work that may fail: a row, a group's clause, a global value. */
typedef struct step {
    env *v;
    const ast_block *b;
    const ast_clause *cl;
    group *g;
    const ast_expr *e;
    value *out;
} step;

/* Runs fn(in, s), catching an evaluation error: false when one happened (in->error
** says what). Keeping setjmp in this small function keeps the callers' variables safe
** from longjmp. */
static bool protect(interp *in, void (*fn)(interp *, const step *), const step *s)
{
    jmp_buf here;
    jmp_buf *outer = in->on_error;
    in->on_error = &here;
    if (setjmp(here)) {
        in->on_error = outer;
        return false;
    }
    fn(in, s);
    in->on_error = outer;
    return true;
}

static void step_row(interp *in, const step *s)
{
    run_rows(in, s->v, s->b, 0);
}

static void step_value(interp *in, const step *s)
{
    *s->out = eval(in, s->v, s->e);
}

/* ------------------------------------------------------------------ items */

static value keep(interp *in, value x)
{
    return rep_keep(in->rep, x);
}

/* The key of an item: the group's keys, or the row's dataset key. */
static void set_key(interp *in, rep_item *it, env *v, const ast_block *b, bool of_group)
{
    if (of_group) {
        const ast_clause *g = &b->clauses[b->group_clause];
        it->nkey = g->nfields;
        it->key = ARENA_ARRAY(&in->rep->arena, rep_value, it->nkey ? it->nkey : 1);
        for (int i = 0; i < g->nfields; i++)
            it->key[i] = (rep_value){ g->fields[i].name, g->fields[i].value->ty, keep(in, v->f[LV_GROUP][i]) };
        return;
    }
    const ast_dataset *ds = b->ds;
    value row = v->f[LV_ROW][b->var_slot];
    it->row = ds_line(row.row.ds, row.row.row);
    it->nkey = ds->nkey;
    it->key = ARENA_ARRAY(&in->rep->arena, rep_value, ds->nkey ? ds->nkey : 1);
    for (int i = 0; i < ds->nkey; i++)
        it->key[i] = (rep_value){ ds->key[i], ds->cols[ds->key_col[i]].ty,
                                  keep(in, val_cell(row.row.ds, ds->key_col[i], row.row.row)) };
}

static const char *keep_text(interp *in, const buf *b)
{
    return arena_strndup(&in->rep->arena, b->data ? b->data : "", b->len);
}

/* The message of a violation: the block's own, or one made from the comparison. */
static const char *item_message(interp *in, env *v, const ast_block *b, const ast_expr *check)
{
    for (int i = b->check_clause + 1; i < b->nclauses; i++) {
        if (b->clauses[i].kind != CL_MESSAGE) continue;
        value m = eval(in, v, b->clauses[i].e);
        return arena_strndup(&in->rep->arena, m.text.s, m.text.len);
    }
    buf out = {0};
    if (check->kind == EX_COMPARE) {
        /* A flag fires when its comparison holds, a requirement or target when not. */
        static const char *const op[] = { "=", "!=", "<", "<=", ">", ">=" };
        bool flag = b->clauses[b->check_clause].kind == CL_FLAG;
        value left = eval(in, v, check->a), right = eval(in, v, check->b);
        val_format(left, check->a->ty, &out);
        buf_printf(&out, flag ? " %s " : " is not %s ", op[check->op - OP_EQ]);
        val_format(right, check->b->ty, &out);
    } else {
        buf_add(&out, check->at.file->text + check->at.start, check->at.end - check->at.start);
        buf_puts(&out, b->clauses[b->check_clause].kind == CL_FLAG ? " holds" : " does not hold");
    }
    const char *s = keep_text(in, &out);
    buf_free(&out);
    return s;
}

/* The change of the check's left side since the group one year earlier, for targets. */
static bool trend_of(interp *in, env *v, const ast_block *b, const ast_expr *lhs, value now, value *out)
{
    if (b->group_clause < 0 || now.kind != V_NUM) return false;
    const ast_clause *g = &b->clauses[b->group_clause];
    int year = -1;
    for (int i = 0; i < g->nfields; i++)
        if (g->fields[i].value->ty.kind == TY_YEAR) year = i;
    if (year < 0 || v->f[LV_GROUP][year].kind != V_NUM) return false;
    value keys[16];
    memcpy(keys, v->f[LV_GROUP], (size_t)g->nfields * sizeof *keys);
    rat prev_year;
    if (rat_sub(keys[year].q, rat_from_int(1), &prev_year) != RAT_OK) return false;
    keys[year] = val_num(prev_year);
    int64_t id = tmap_find(&in->br->keys, keys);
    if (id < 0) return false;
    env other = *v;
    other.f[LV_GROUP] = in->br->groups[id].frame;
    value before = eval(in, &other, lhs);
    rat d;
    if (before.kind != V_NUM || rat_sub(now.q, before.q, &d) != RAT_OK) return false;
    *out = val_num(d);
    return true;
}

/* Values shown with a violation: the block's lets and columns, then for a target its
** distance and trend. */
enum { MAX_EXTRA_VALUES = 2 };

static void add_value(interp *in, rep_item *it, const char *name, stype ty, value x)
{
    it->values[it->nvalues++] = (rep_value){ name, ty, keep(in, x) };
}

/* The block's `show` values, worked out only now that there is an item. One that
** cannot be worked out (a division by zero) is shown empty: it explains the verdict and
** does not change it. */
static void work_out_shows(interp *in, env *v, const ast_block *b)
{
    for (int i = b->check_clause + 1; i < b->nclauses; i++) {
        const ast_clause *cl = &b->clauses[i];
        if (cl->kind != CL_SHOW) continue;
        value *slot = &v->f[cl->level][cl->slot];
        step s = { .v = v, .e = cl->e, .out = slot };
        if (!protect(in, step_value, &s)) *slot = val_empty();
    }
}

static void record_violation(interp *in, env *v, const ast_block *b, const ast_clause *cl)
{
    rep_rule *rr = in->br->rr;
    rep_item *it = rep_add_item(in->rep, rr);
    it->dataset = b->ds->name;
    set_key(in, it, v, b, b->group_clause >= 0);
    work_out_shows(in, v, b);
    it->values = ARENA_ARRAY(&in->rep->arena, rep_value, b->nshown + MAX_EXTRA_VALUES);
    for (int i = 0; i < b->nshown; i++)
        add_value(in, it, b->shown[i].name, b->shown[i].expr->ty, eval(in, v, b->shown[i].expr));
    const ast_expr *check = cl->e;
    if (cl->kind == CL_AIM && check->kind == EX_COMPARE && type_same_unit(check->a->ty, check->b->ty)) {
        value a = eval(in, v, check->a), t = eval(in, v, check->b), d;
        rat dist;
        if (a.kind == V_NUM && t.kind == V_NUM && rat_sub(a.q, t.q, &dist) == RAT_OK)
            add_value(in, it, "distance", check->a->ty, val_num(dist));
        if (trend_of(in, v, b, check->a, a, &d)) add_value(in, it, "trend", check->a->ty, d);
    }
    it->message = item_message(in, v, b, check);
    for (int i = b->check_clause + 1; i < b->nclauses; i++) {
        if (b->clauses[i].kind != CL_EXPLAINED) continue;
        value x = eval(in, v, b->clauses[i].e);
        if (exists(x)) {
            buf text = {0};
            val_format(x, b->clauses[i].e->ty, &text);
            it->explained = true;
            it->explanation = keep_text(in, &text);
            buf_free(&text);
            if (b->clauses[i].e2)
                it->explained_on = (rep_value){ b->clauses[i].e2->name, b->clauses[i].e2->ty,
                                                keep(in, eval(in, v, b->clauses[i].e2)) };
            rr->explained++;
        }
    }
    rr->violations++;
    if (in->trace) trace_item(in, v, b, it);
}

static void run_check(interp *in, env *v, const ast_block *b, const ast_clause *cl)
{
    in->br->rr->checked++;
    value ok = eval(in, v, cl->e);
    bool hit = cl->kind == CL_FLAG ? truth(ok) : !truth(ok);
    if (hit) record_violation(in, v, b, cl);
}

/* The emit whose rows a block counts as checked: its first, in a rule without any check
** (a rule with one counts what its checks look at); NULL otherwise. */
static const ast_clause *counted_emit(const ast_rule *r, const ast_block *b)
{
    for (int i = 0; i < r->nblocks; i++)
        if (r->blocks[i].check_clause >= 0) return NULL;
    for (int i = 0; i < b->nclauses; i++)
        if (b->clauses[i].kind == CL_EMIT) return &b->clauses[i];
    return NULL;
}

static void run_emit(interp *in, env *v, const ast_clause *cl)
{
    if (cl == in->br->counted_emit) in->br->rr->checked++;
    rep_output *o = &in->rep->outputs[cl->output];
    size_t n = (size_t)cl->nfields;
    value row[64];
    for (size_t i = 0; i < n && i < 64; i++) row[i] = keep(in, eval(in, v, cl->fields[i].value));
    XGROW(o->cells, o->caprows, (o->nrows + 1) * n);
    memcpy(o->cells + o->nrows * n, row, n * sizeof *row);
    o->nrows++;
    rep_added_output_row(in->rep, o);
}

/* An item for a row or group whose evaluation failed. */
static void record_error(interp *in, env *v, const ast_block *b, bool of_group)
{
    rep_rule *rr = in->br->rr;
    rep_item *it = rep_add_item(in->rep, rr);
    it->dataset = b->ds->name;
    if (of_group || v->f[LV_ROW][b->var_slot].kind == V_ROW) set_key(in, it, v, b, of_group);
    it->error = arena_strdup(&in->rep->arena, in->error);
    it->message = it->error;
    rr->errors++;
    if (in->trace) trace_item(in, v, b, it);
}

/* ------------------------------------------------------------------ blocks */

static void group_row(interp *in, env *v, const ast_block *b, const ast_clause *cl);

/* Runs the row-level clauses from index i on with the row frame as it is; joins and
** allocations run the rest once for each row they produce. */
static void run_rows(interp *in, env *v, const ast_block *b, int i)
{
    for (; i < b->nclauses; i++) {
        const ast_clause *cl = &b->clauses[i];
        switch (cl->kind) {
        case CL_WHERE:
            if (!truth(eval(in, v, cl->e))) {
                if (in->trace) trace_clause(in, v, b, cl, false);
                return;
            }
            break;
        case CL_LET:
            v->f[LV_ROW][cl->slot] = eval(in, v, cl->e);
            break;
        case CL_JOIN: {
            value src = eval(in, v, cl->e);
            if (src.kind != V_ROWS) return;
            rowset rs = *src.list.set;
            if (cl->join_key_cols) {
                value keys[16];
                for (int k = 0; k < cl->join_key_cols; k++) keys[k] = eval(in, v, cl->join_key_exprs[k]);
                dataset *ds = in->data[cl->e->ref.ds->index];
                rs = idx_find(idx_get(ds, cl->e->ref.ds->key_col, cl->join_key_cols), ds, keys);
            }
            if (in->trace) trace_clause(in, v, b, cl, rs.n > 0);
            for (size_t r = 0; r < rs.n; r++) {
                v->f[LV_ROW][cl->slot] = (value){ .kind = V_ROW, .row = { rs.ds, rs.rows[r] } };
                bool joined = !cl->join_rest || truth(eval(in, v, cl->join_rest));
                if (in->trace) trace_joined(in, v, b, cl, joined);
                if (joined) run_rows(in, v, b, i + 1);
            }
            return;
        }
        case CL_ALLOCATE: {
            value total = eval(in, v, cl->e), among = eval(in, v, cl->e2);
            if (total.kind == V_EMPTY || among.kind != V_ROWS) return;
            bool money = cl->e->ty.dim[DIM_DKK] != 0;
            int64_t units;
            if (rat_to_scaled(total.q, money ? 2 : 0, RAT_TRUNC, &units) != RAT_OK)
                fail(in, cl->e->at, "the amount is too large to allocate");
            rat back;
            if (rat_from_scaled(units, money ? 2 : 0, &back) != RAT_OK || !rat_eq(back, total.q))
                fail(in, cl->e->at, "only whole øre can be allocated; round the amount first: round(x)");
            const rowset *rs = among.list.set;
            rat *w = ARENA_ARRAY(&in->scratch, rat, rs->n ? rs->n : 1);
            int64_t *parts = ARENA_ARRAY(&in->scratch, int64_t, rs->n ? rs->n : 1);
            for (size_t r = 0; r < rs->n; r++) {
                v->f[LV_ROW][cl->slot] = (value){ .kind = V_ROW, .row = { rs->ds, rs->rows[r] } };
                value x = eval(in, v, cl->e3);
                if (x.kind != V_NUM) fail(in, cl->e3->at, "a share is empty");
                w[r] = x.q;
            }
            switch (apportion(units, w, rs->n, parts)) {
            case APPORTION_OK: break;
            case APPORTION_NEGATIVE_WEIGHT: fail(in, cl->e3->at, "a share is negative");
            case APPORTION_ZERO_WEIGHTS: fail(in, cl->e2->at, "there is nobody to allocate among (no rows, or every share is zero)");
            case APPORTION_OVERFLOW: fail(in, cl->at, "the allocation is too large to compute exactly");
            }
            if (in->trace) trace_clause(in, v, b, cl, true);
            for (size_t r = 0; r < rs->n; r++) {
                rat part;
                rat_from_scaled(parts[r], money ? 2 : 0, &part);
                v->f[LV_ROW][cl->slot] = (value){ .kind = V_ROW, .row = { rs->ds, rs->rows[r] } };
                v->f[LV_ROW][cl->slot2] = val_num(part);
                if (in->trace) trace_joined(in, v, b, cl, true);
                run_rows(in, v, b, i + 1);
            }
            return;
        }
        case CL_GROUP:
            group_row(in, v, b, cl);
            return;
        case CL_REQUIRE:
        case CL_AIM:
        case CL_FLAG:
            run_check(in, v, b, cl);
            break;
        case CL_EMIT:
            run_emit(in, v, cl);
            break;
        case CL_EXPLAINED:
        case CL_MESSAGE:
        case CL_SHOW:
            break;
        }
        /* The tracing mode of `styr explain`; one predictable branch per clause otherwise. */
        if (in->trace) trace_clause(in, v, b, cl, true);
    }
}

/* The group with these keys, made (with empty aggregates) when there is none yet. */
static group *find_group(block_run *br, const ast_block *b, value *keys)
{
    int nkeys = b->clauses[b->group_clause].nfields;
    bool added;
    uint32_t id = tmap_add(&br->keys, keys, &added);
    if (added) {
        /* The map holds the key as given, which may live in scratch memory: keep a copy. */
        value *stored = br->keys.keys + (size_t)id * (size_t)nkeys;
        for (int i = 0; i < nkeys; i++)
            if (stored[i].kind == V_TEXT)
                keys[i] = stored[i] = val_text(arena_strndup(&br->keep, stored[i].text.s, stored[i].text.len),
                                               stored[i].text.len);
        XGROW(br->groups, br->capgroups, br->ngroups + 1);
        group *g = &br->groups[br->ngroups++];
        g->frame = ARENA_ARRAY(&br->keep, value, b->ngroup_slots ? b->ngroup_slots : 1);
        memcpy(g->frame, keys, (size_t)nkeys * sizeof *keys);
        g->aggs = ARENA_ARRAY(&br->keep, agg_state, b->naggs ? b->naggs : 1);
        for (int k = 0; k < b->naggs; k++) agg_init(&g->aggs[k]);
        g->alive = true;
    }
    return &br->groups[id];
}

/* Puts the row in its group and adds it to the group's aggregates. */
static void group_row(interp *in, env *v, const ast_block *b, const ast_clause *cl)
{
    value keys[16];
    for (int i = 0; i < cl->nfields; i++) keys[i] = eval(in, v, cl->fields[i].value);
    value *vals = ARENA_ARRAY(&in->scratch, value, b->naggs * 2 + 1);
    /* Evaluate first and change the group after, so an error leaves the group whole. */
    for (int k = 0; k < b->naggs; k++) {
        const ast_expr *e = b->aggs[k];
        vals[2 * k] = e->nargs ? eval(in, v, e->args[0]) : val_empty();
        vals[2 * k + 1] = e->weight ? eval(in, v, e->weight) : val_empty();
    }
    if (in->trace) trace_group_row(in, v, b, keys);
    group *g = find_group(in->br, b, keys);
    for (int k = 0; k < b->naggs; k++) agg_add(in, b->aggs[k], &g->aggs[k], vals[2 * k], vals[2 * k + 1]);
}

static bool in_force(const ast_rule *r, const dataset *ds, const ast_dataset *decl, uint32_t row)
{
    if (!r->has_force) return true;
    const column *c = &ds->cols[decl->dated_col];
    if (col_is_empty(c, row)) return false;
    int64_t x = c->v[row];
    if (c->kind == COL_DATE) return x >= r->force_from && x <= r->force_to;
    int64_t from_year = date_year(r->force_from);
    int64_t to_year = r->force_to == INT32_MAX ? INT64_MAX : date_year(r->force_to);
    return x >= from_year && x <= to_year;
}

/* Orders group numbers by their keys (qsort_r's context: the group keys, never a global,
** as runs in other threads sort at the same time). */
static int by_keys(const void *pa, const void *pb, void *keys)
{
    const tuplemap *m = keys;
    const value *a = m->keys + (size_t)*(const uint32_t *)pa * (size_t)m->width;
    const value *b = m->keys + (size_t)*(const uint32_t *)pb * (size_t)m->width;
    for (int i = 0; i < m->width; i++) {
        int c = val_compare(a[i], b[i]);
        if (c) return c;
    }
    return 0;
}

static void step_aggregates(interp *in, const step *s)
{
    for (int k = 0; k < s->b->naggs; k++)
        s->g->frame[s->b->aggs[k]->ref.slot] = agg_result(in, s->b->aggs[k], &s->g->aggs[k]);
    if (in->trace) trace_aggregates(in, s->b, s->g);
}

static void step_group_clause(interp *in, const step *s)
{
    const ast_clause *cl = s->cl;
    switch (cl->kind) {
    case CL_WHERE:
        if (!truth(eval(in, s->v, cl->e))) s->g->alive = false;
        break;
    case CL_LET: s->g->frame[cl->slot] = keep(in, eval(in, s->v, cl->e)); break;
    case CL_REQUIRE:
    case CL_AIM:
    case CL_FLAG: run_check(in, s->v, s->b, cl); break;
    case CL_EMIT: run_emit(in, s->v, cl); break;
    default: break;
    }
    if (in->trace) trace_clause(in, s->v, s->b, cl, s->g->alive);
}

/* After every row is in its group: the aggregates' results, then each group-level
** clause for every group in the order of the keys (so a let may read the same let of
** other groups through name[keys]). Scratch memory is kept until all groups are done,
** since a let may hold rows. */
static void run_groups(interp *in, env *v, const ast_block *b)
{
    block_run *br = in->br;
    uint32_t *order = xmalloc((br->ngroups ? br->ngroups : 1) * sizeof *order);
    for (uint32_t i = 0; i < br->ngroups; i++) order[i] = i;
    qsort_r(order, br->ngroups, sizeof *order, by_keys, &br->keys);
    for (int i = b->group_clause; i < b->nclauses; i++) {
        for (uint32_t n = 0; n < br->ngroups && !in->rep->full; n++) {
            group *g = &br->groups[order[n]];
            if (!g->alive) continue;
            v->f[LV_GROUP] = g->frame;
            if (in->trace) trace_group(in, b, g);
            step s = { .v = v, .b = b, .cl = &b->clauses[i], .g = g };
            if (!protect(in, i == b->group_clause ? step_aggregates : step_group_clause, &s)) {
                record_error(in, v, b, true);
                g->alive = false;
            }
        }
    }
    free(order);
}

static void run_chunk(interp *in, const ast_rule *r, const ast_block *b, env *v, const uint32_t *rows, size_t n)
{
    const dataset *ds = in->data[b->ds->index];
    value *row_frame = v->f[LV_ROW];
    step s = { .v = v, .b = b };
    for (size_t i = 0; i < n && !in->rep->full; i++) {
        uint32_t row = rows[i];
        if (in->trace) trace_row(in, b, row, in_force(r, ds, b->ds, row));
        if (!in_force(r, ds, b->ds, row)) continue;
        arena_reset(&in->scratch);
        memset(row_frame, 0, (size_t)b->nrow_slots * sizeof *row_frame);
        row_frame[b->var_slot] = (value){ .kind = V_ROW, .row = { ds, row } };
        if (!protect(in, step_row, &s)) record_error(in, v, b, false);
    }
}

/* Runs the block's row-level clauses for each of the rows, in order, telling the
** progress callback between chunks of rows (so the loop over rows has no test of it). */
static void run_rows_of(interp *in, const ast_rule *r, const ast_block *b, env *v, const uint32_t *rows, size_t n)
{
    for (size_t start = 0; start < n; start += PROGRESS_EVERY) {
        size_t chunk = n - start < PROGRESS_EVERY ? n - start : PROGRESS_EVERY;
        run_chunk(in, r, b, v, rows + start, chunk);
        if (in->progress) progress_add(in->progress, chunk, chunk);
    }
}
/* Runs the block's compiled loop, then the rows it leaves over. False when the block
** is not compiled (or the compiled loop gave it back whole). */
static bool run_compiled(interp *in, int ri, int bi, env *v)
{
    const ast_rule *r = in->prog->rules[ri];
    const ast_block *b = &r->blocks[bi];
    jit_block_result res;
    jit_outcome o = in->jit ? jit_run_block(in->jit, ri, bi, &res) : JIT_NOT_COMPILED;
    if (o == JIT_NOT_COMPILED) return false;
    in->br->rr->checked += res.checked;
    /* The compiled loop went through the block's rows but those it gives back, which
    ** run_rows_of counts. */
    uint64_t ran = in->data[b->ds->index]->nrows;
    if (in->progress) progress_add(in->progress, ran - (res.nrerun < ran ? res.nrerun : ran), 0);
    if (o == JIT_GROUPS)
        for (size_t g = 0; g < res.ngroups; g++) {
            group *gr = find_group(in->br, b, res.keys + g * (size_t)res.nkeys);
            memcpy(gr->aggs, res.aggs + g * (size_t)res.naggs, (size_t)res.naggs * sizeof *gr->aggs);
        }
    run_rows_of(in, r, b, v, res.rerun, res.nrerun);
    jit_result_free(&res);
    return true;
}

static void run_block(interp *in, int ri, int bi, rep_rule *rr)
{
    const ast_rule *r = in->prog->rules[ri];
    const ast_block *b = &r->blocks[bi];
    block_run br = { .b = b, .rr = rr, .counted_emit = counted_emit(r, b) };
    in->br = &br;
    if (b->group_clause >= 0) tmap_init(&br.keys, b->clauses[b->group_clause].nfields);
    value *row_frame = xcalloc((size_t)(b->nrow_slots ? b->nrow_slots : 1), sizeof *row_frame);
    value *group_frame = xcalloc((size_t)(b->ngroup_slots ? b->ngroup_slots : 1), sizeof *group_frame);
    env v = { { in->globals, row_frame, group_frame } };
    if (!run_compiled(in, ri, bi, &v)) {
        rowset src = { 0 };
        value source;
        step s = { .v = &v, .b = b, .e = b->source, .out = &source };
        if (!protect(in, step_value, &s)) {
            record_error(in, &v, b, false);
        } else if (source.kind == V_ROWS) {
            /* The source may live in scratch memory, which each row resets: keep a copy. */
            src = *source.list.set;
            uint32_t *rows = xmalloc((src.n ? src.n : 1) * sizeof *rows);
            if (src.n) memcpy(rows, src.rows, src.n * sizeof *rows);
            src.rows = rows;
            if (in->trace) src.n = trace_select(in, b, rows, src.n);
        }
        run_rows_of(in, r, b, &v, src.rows, src.n);
        free((void *)src.rows);
    }
    if (b->group_clause >= 0) run_groups(in, &v, b);
    free(row_frame);
    free(group_frame);
    free(br.groups);
    tmap_free(&br.keys);
    arena_free(&br.keep);
    arena_free(&in->scratch);
    in->br = NULL;
}

/* The report outgrew the memory left for it while rule r ran: says so, false. */
static bool report_full(const report *rep, const ast_rule *r, char **err)
{
    int64_t items = 0;
    size_t rows = 0;
    for (int i = 0; i < rep->nrules; i++) items += (int64_t)rep->rules[i].nitems;
    for (int i = 0; i < rep->noutputs; i++) rows += rep->outputs[i].nrows;
    char have[32], may[32];
    mem_format(rep_bytes(rep), have, sizeof have);
    mem_format(rep->max_bytes, may, sizeof may);
    buf msg = { 0 };
    buf_printf(&msg, "the report does not fit in memory: by rule %s it holds %lld items and %zu output rows, which "
                     "take %s, more than the %s left for it. Hint: that many usually mean that a rule or a column "
                     "is not what it should be; --max-memory SIZE lets the run take more",
               r->id, (long long)items, rows, have, may);
    *err = buf_take(&msg);
    return false;
}

/* Points the compiled code at the datasets as they are now, compiling it again when it
** was made for columns of other scales or empties. */
static void follow_data(interp *in)
{
    if (!in->jit) return;
    if (jit_fits(in->jit)) {
        jit_rebind(in->jit);
        return;
    }
    jit_free(in->jit);
    char *note = NULL;
    in->jit = jit_load(in->prog, in->data, in->globals, in->jit_how, &note);
    free(note);    /* the interpreter runs what the JIT cannot: the report is the same */
}

/*
** Runs a block over a streamed dataset (bind.h): reads its file again batch by batch
** and runs the block over each batch as a dataset of its own, in the order of the file,
** so its items come out as they would from the dataset held whole.
*/
static bool run_streamed(interp *in, int ri, int bi, rep_rule *rr, char **err)
{
    const ast_block *b = &in->prog->rules[ri]->blocks[bi];
    int d = b->ds->index;
    dataset *whole = in->data[d], batch = { 0 };
    load_batches *lb = load_batches_open(whole->schema, whole->path, err);
    if (!lb) return false;
    size_t max = whole->stream->batch_rows, read = 0, kept = 0;
    uint32_t *identity = xmalloc(max * sizeof *identity);
    for (size_t r = 0; r < max; r++) identity[r] = (uint32_t)r;
    int rc;
    in->data[d] = &batch;
    while ((rc = load_batches_next(lb, max, &batch, err)) > 0) {
        read += batch.rows_read;
        kept += batch.nrows;
        *in->all[d] = (rowset){ .ds = &batch, .rows = identity, .n = batch.nrows };
        follow_data(in);
        run_block(in, ri, bi, rr);
    }
    in->data[d] = whole;
    *in->all[d] = (rowset){ 0 };
    follow_data(in);
    ds_free(&batch);
    free(batch.cols);
    free(identity);
    load_batches_close(lb);
    if (rc == 0 && (read != whole->rows_read || kept != whole->nrows)) {
        buf msg = { 0 };
        buf_printf(&msg, "%s: the file changed while it was read: %zu rows (%zu of them good) at first, now %zu (%zu)",
                   whole->path, whole->rows_read, whole->nrows, read, kept);
        *err = buf_take(&msg);
        rc = -1;
    }
    return rc == 0;
}

/* ------------------------------------------------------------------ the run */

static bool init_globals(interp *in, const interp_param *params, int nparams, char **err)
{
    env v = { { in->globals, NULL, NULL } };
    for (int i = 0; i < in->prog->nglobals; i++) {
        const global_init *g = &in->prog->globals[i];
        int given = nparams - 1;
        while (given >= 0 && params[given].global != i) given--;
        if (given >= 0) {
            in->globals[g->slot] = keep(in, params[given].v);
            continue;
        }
        value x;
        step s = { .v = &v, .e = g->value, .out = &x };
        if (!protect(in, step_value, &s)) {
            *err = xstrdup(in->error);
            return false;
        }
        in->globals[g->slot] = keep(in, x);
    }
    return true;
}

/* Sets up a run: every row of each dataset, and the parameters (nparams of them given
** other values) and constants. */
static bool interp_open(interp *in, const program *prog, dataset **data, report *rep, const interp_param *params,
                        int nparams, char **err)
{
    *in = (interp){ .prog = prog, .data = data, .rep = rep };
    in->globals = xcalloc((size_t)(prog->nglobal_slots ? prog->nglobal_slots : 1), sizeof *in->globals);
    in->all = xcalloc((size_t)(prog->ndatasets ? prog->ndatasets : 1), sizeof *in->all);
    in->identity = xcalloc((size_t)(prog->ndatasets ? prog->ndatasets : 1), sizeof *in->identity);
    for (int i = 0; i < prog->ndatasets; i++) {
        in->all[i] = xcalloc(1, sizeof *in->all[i]);
        if (!data[i] || data[i]->stream) continue;
        in->identity[i] = xmalloc((data[i]->nrows ? data[i]->nrows : 1) * sizeof **in->identity);
        for (size_t r = 0; r < data[i]->nrows; r++) in->identity[i][r] = (uint32_t)r;
        *in->all[i] = (rowset){ .ds = data[i], .rows = in->identity[i], .n = data[i]->nrows };
    }
    return init_globals(in, params, nparams, err);
}

static void interp_close(interp *in)
{
    rep_finish(in->rep);
    for (int i = 0; i < in->prog->ndatasets; i++) {
        free(in->identity[i]);
        free(in->all[i]);
    }
    free(in->identity);
    free(in->all);
    free(in->globals);
    arena_free(&in->scratch);
}

uint64_t interp_rows_to_run(const program *prog, dataset **data)
{
    uint64_t n = 0;
    for (int i = 0; i < prog->nrules; i++)
        for (int k = 0; k < prog->rules[i]->nblocks; k++) {
            const ast_block *b = &prog->rules[i]->blocks[k];
            if (b->ds && data[b->ds->index]) n += data[b->ds->index]->nrows;
        }
    return n;
}

bool interp_run(const program *prog, dataset **data, report *rep, const jit_options *jit, jit_summary *summary,
                progress *pr, char **err)
{
    return interp_run_with(prog, data, rep, NULL, 0, jit, summary, pr, err);
}

bool interp_run_with(const program *prog, dataset **data, report *rep, const interp_param *params, int nparams,
                     const jit_options *jit, jit_summary *summary, progress *pr, char **err)
{
    interp in;
    bool ok = interp_open(&in, prog, data, rep, params, nparams, err);
    if (ok && jit) in.jit = jit_load(prog, data, in.globals, jit, &summary->note);
    if (in.jit) jit_summarize(in.jit, summary);
    in.jit_how = jit;
    in.progress = pr;
    if (pr) progress_begin(pr, STYR_PHASE_RUN, "rules", interp_rows_to_run(prog, data));
    for (int i = 0; ok && i < prog->nrules; i++) {
        const ast_rule *r = prog->rules[i];
        for (int k = 0; ok && k < r->nblocks; k++) {
            const ast_block *b = &r->blocks[k];
            if (b->ds && data[b->ds->index]->stream) ok = run_streamed(&in, i, k, &rep->rules[i], err);
            else if (b->ds) run_block(&in, i, k, &rep->rules[i]);
            if (rep->full) ok = report_full(rep, r, err);
        }
    }
    if (pr) progress_end(pr);
    jit_free(in.jit);
    interp_close(&in);
    return ok;
}

bool interp_explain(const program *prog, dataset **data, report *rep, int rule, trace *tr, char **err)
{
    interp in;
    bool ok = interp_open(&in, prog, data, rep, NULL, 0, err);
    in.trace = tr;
    const ast_rule *r = prog->rules[rule];
    for (int k = 0; ok && k < r->nblocks; k++) {
        if (!r->blocks[k].ds || !trace_block(&in, k)) continue;
        run_block(&in, rule, k, &rep->rules[rule]);
        trace_block_end(&in, &r->blocks[k]);
    }
    interp_close(&in);
    return ok;
}

bool interp_eval(interp *in, env *v, const ast_expr *e, value *out)
{
    step s = { .v = v, .e = e, .out = out };
    return protect(in, step_value, &s);
}

bool interp_exists(value x)
{
    return exists(x);
}
