/*
** check_expr.c: the types and units of expressions, name resolution inside them,
** aggregates, lookups, and the inlining of define calls.
*/
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

#include "keywords.h"

static stype check(checker *c, ast_expr *e);

stype chk_expr(checker *c, ast_expr *e)
{
    /* Checking, evaluating and compiling all recurse over the expression; a bound here
    ** keeps them within any thread's stack, whatever a rule file holds. */
    if (c->depth >= CHK_MAX_NESTING) {
        if (!c->too_deep) {
            diag *g = diag_error(c->d, e->at, "this expression nests more than %d levels deep", CHK_MAX_NESTING);
            diag_hint(g, "give parts of it names with let, and combine the names");
            c->too_deep = true;
        }
        return e->ty = ty_error;
    }
    c->depth++;
    stype t = check(c, e);
    if (--c->depth == 0) c->too_deep = false;
    e->ty = t;
    return t;
}

stype chk_expect(checker *c, ast_expr *e, ty_kind kind, const char *what)
{
    stype t = chk_expr(c, e);
    if (t.kind != kind && t.kind != TY_ERROR) {
        stype want = { .kind = kind };
        /* what quotes keywords (the condition after `where`): in the file's own set */
        const char *w = kw_translate_quoted(e->at.file ? (kw_lang)e->at.file->lang : KW_EN, what);
        diag *g = diag_error(c->d, e->at, "%s must be %s, but this is %s", w, type_str(want), type_str(t));
        if (w != what) free((char *)w);
        if (kind == TY_BOOL && t.kind == TY_NUM) diag_hint(g, "compare it with something: x <= cap, x > 0");
        return ty_error;
    }
    return t;
}

const char *chk_expr_label(checker *c, const ast_expr *e)
{
    if (e->kind == EX_FIELD && e->a->kind == EX_NAME) return e->name;
    if (e->kind == EX_NAME) return e->name;
    const char *s = e->at.file->text + e->at.start;
    return arena_strndup(c->a, s, e->at.end - e->at.start);
}

/* ------------------------------------------------------------------ type algebra */

static bool is_error(stype a)
{
    return a.kind == TY_ERROR;
}

static bool plain_int(stype t)
{
    return t.kind == TY_NUM && t.integral && type_dimensionless(t) && !t.percent;
}

/* Can values of a and b be compared (=, <, in)? */
static bool comparable(stype a, stype b)
{
    if (is_error(a) || is_error(b)) return true;
    if (a.kind == TY_NUM && b.kind == TY_NUM) return type_same_unit(a, b);
    if (a.kind == TY_YEAR) return b.kind == TY_YEAR || plain_int(b);
    if (b.kind == TY_YEAR) return plain_int(a);
    return a.kind == b.kind && (a.kind == TY_DATE || a.kind == TY_TEXT || a.kind == TY_BOOL);
}

stype chk_unify(checker *c, stype a, stype b, loc at, const char *what)
{
    if (is_error(a)) return b;
    if (is_error(b)) return a;
    if (a.kind == TY_NUM && b.kind == TY_NUM && type_same_unit(a, b)) {
        a.integral = a.integral && b.integral;
        a.percent = a.percent && b.percent;
        return a;
    }
    if (a.kind == TY_YEAR && plain_int(b)) return a;
    if (b.kind == TY_YEAR && plain_int(a)) return b;
    if (type_equal(a, b)) return a;
    diag *g = diag_error(c->d, at, "%s do not fit together: one is %s, the other %s", what, type_str(a),
                         type_str(b));
    if (a.kind == TY_NUM && b.kind == TY_NUM) diag_hint(g, "both must have the same unit");
    return ty_error;
}

static void mismatch(checker *c, ast_expr *e, const char *op, stype a, stype b, const char *hint)
{
    diag *g = diag_error(c->d, e->at, "cannot %s %s and %s", op, type_str(a), type_str(b));
    if (hint) diag_hint(g, "%s", hint);
}

static stype check_arith(checker *c, ast_expr *e)
{
    stype a = chk_expr(c, e->a), b = chk_expr(c, e->b);
    if (is_error(a) || is_error(b)) return ty_error;
    int op = e->op;
    if (op == '+' || op == '-') {
        const char *verb = op == '+' ? "add" : "subtract";
        if (a.kind == TY_NUM && b.kind == TY_NUM) {
            if (!type_same_unit(a, b)) {
                const char *hint = NULL;
                if ((b.percent && !type_dimensionless(a)) || (a.percent && !type_dimensionless(b)))
                    hint = "to take a percentage of an amount, multiply: amount * 6 %";
                else
                    hint = "amounts in different units cannot be added; convert one first";
                mismatch(c, e, verb, a, b, hint);
                return ty_error;
            }
            stype r = a;
            r.integral = a.integral && b.integral;
            r.percent = a.percent && b.percent;
            return r;
        }
        if (a.kind == TY_DATE && b.kind == TY_NUM && b.integral && b.dim[DIM_DAY] == 1 &&
            type_same_unit(b, ty_days))
            return ty_date;
        if (op == '+' && b.kind == TY_DATE && type_same_unit(a, ty_days) && a.integral) return ty_date;
        if (op == '-' && a.kind == TY_DATE && b.kind == TY_DATE) return ty_days;
        if (a.kind == TY_YEAR && plain_int(b)) return ty_year;
        if (op == '+' && b.kind == TY_YEAR && plain_int(a)) return ty_year;
        if (op == '-' && a.kind == TY_YEAR && b.kind == TY_YEAR) return ty_int;
        const char *hint = NULL;
        if (a.kind == TY_DATE && b.kind == TY_NUM) hint = "add days to a date with a unit: d + 30 days, or add_months(d, 1)";
        else if (a.kind == TY_TEXT || b.kind == TY_TEXT) hint = "to join texts, write \"{a}{b}\"";
        else if (a.kind == TY_YEAR && b.kind == TY_NUM) hint = "a year moves by whole years: y + 1";
        mismatch(c, e, verb, a, b, hint);
        return ty_error;
    }
    if (a.kind != TY_NUM || b.kind != TY_NUM) {
        const char *verb = op == '*' ? "multiply" : op == '/' ? "divide" : "raise";
        const char *hint = a.kind == TY_YEAR || b.kind == TY_YEAR
                               ? "a year minus a year is a number (t.year - base.year); a year minus a number is a year"
                               : NULL;
        mismatch(c, e, verb, a, b, hint);
        return ty_error;
    }
    stype r = ty_number;
    if (op == '^') {
        if (!type_dimensionless(a)) {
            diag *g = diag_error(c->d, e->a->at, "only a plain number can be raised to a power, not %s", type_str(a));
            diag_hint(g, "raise the factor, then multiply: amount * (1 - 0.5 %%) ^ years");
            return ty_error;
        }
        if (!plain_int(b)) {
            diag *g = diag_error(c->d, e->b->at, "the power must be a whole number, not %s", type_str(b));
            diag_hint(g, "a number of years is a year minus a year: (t.year - base.year)");
            return ty_error;
        }
        return r;
    }
    for (int i = 0; i < DIM_COUNT; i++) {
        int d = op == '*' ? a.dim[i] + b.dim[i] : a.dim[i] - b.dim[i];
        if (d > 4 || d < -4) {
            diag_error(c->d, e->at, "this unit is beyond reason (%s and %s)", type_str(a), type_str(b));
            return ty_error;
        }
        r.dim[i] = (int8_t)d;
    }
    bool dimless = type_dimensionless(r);
    if (op == '*') {
        r.integral = a.integral && b.integral;
        r.percent = dimless && (a.percent || b.percent);
    } else {
        r.percent = dimless && a.percent && !b.percent;
    }
    return r;
}

static stype check_compare(checker *c, ast_expr *e)
{
    stype a = chk_expr(c, e->a), b = chk_expr(c, e->b);
    if (!comparable(a, b)) {
        const char *hint = a.kind == TY_NUM && b.kind == TY_NUM
                               ? "compare amounts in the same unit (money with money, percent with percent)"
                               : NULL;
        mismatch(c, e, "compare", a, b, hint);
        return ty_error;
    }
    if (e->op != OP_EQ && e->op != OP_NE && a.kind == TY_BOOL)
        diag_error(c->d, e->at, "true and false are not ordered; use = or !=");
    return ty_bool;
}

/* ------------------------------------------------------------------ names */

static stype row_type(ty_kind kind, const ast_dataset *ds)
{
    stype t = { .kind = kind, .ds = ds };
    return t;
}

static stype check_name(checker *c, ast_expr *e)
{
    binding *b = chk_lookup(c, e->name);
    if (b) {
        if (b->level == LV_ROW && c->level == LV_GROUP) {
            diag *g = diag_error(c->d, e->at, "`%s` belongs to single rows, and after `group by` there are groups",
                                 e->name);
            diag_hint(g, "read the rows of a group through an aggregate: sum(...), mean(...), count()");
            return ty_error;
        }
        if (b->level == LV_GROUP && c->level == LV_ROW && c->agg_depth > 0 && b->slot >= c->block->ngroup_keys) {
            diag *g = diag_error(c->d, e->at, "`%s` is computed from the aggregates, so it cannot be used inside one",
                                 e->name);
            diag_hint(g, "use it outside the aggregate: sum(x) * %s", e->name);
            return ty_error;
        }
        if (b->level == LV_ROW && !b->iterator) c->row_refs++;
        e->ref = (ref){ .kind = REF_SLOT, .level = b->level, .slot = b->slot, .ds = b->ty.ds };
        return b->ty;
    }
    global_sym *g = chk_global(c, e->name);
    if (!g) {
        diag *d = diag_error(c->d, e->at, "unknown name `%s`", e->name);
        chk_suggest(c, d, e->name);
        return ty_error;
    }
    switch (g->kind) {
    case D_DATASET:
        g->dataset->used = true;
        e->ref = (ref){ .kind = REF_DATASET, .ds = g->dataset };
        return row_type(TY_ROWS, g->dataset);
    case D_PARAM:
        chk_global_value(c, g);
        e->ref = (ref){ .kind = REF_SLOT, .level = LV_GLOBAL, .slot = g->slot };
        return g->ty;
    case D_DEFINE:
        if (g->define->nparams == 0 && !g->define->has_parens) {
            chk_global_value(c, g);
            e->ref = (ref){ .kind = REF_SLOT, .level = LV_GLOBAL, .slot = g->slot };
            return g->ty;
        } else {
            diag *d = diag_error(c->d, e->at, "`%s` is a function; call it with its arguments", e->name);
            diag_hint(d, "%s(...)", e->name);
            return ty_error;
        }
    case D_TABLE: {
        diag *d = diag_error(c->d, e->at, "`%s` is a table; look a value up in it", e->name);
        diag_hint(d, "%s[...]", e->name);
        return ty_error;
    }
    default:
        return ty_error;
    }
}

static int column_of(const ast_dataset *ds, const char *name)
{
    for (int i = 0; i < ds->ncols; i++)
        if (!strcmp(ds->cols[i].name, name)) return i;
    return -1;
}

static stype check_field(checker *c, ast_expr *e)
{
    stype o = chk_expr(c, e->a);
    if (is_error(o)) return ty_error;
    if (o.kind != TY_ROW && o.kind != TY_ROWS) {
        diag *g = diag_error(c->d, e->at, "%s has no columns, so `.%s` means nothing here", type_str(o), e->name);
        diag_hint(g, "columns are read from rows: t.%s", e->name);
        return ty_error;
    }
    int col = column_of(o.ds, e->name);
    if (col < 0) {
        diag *g = diag_error(c->d, e->at, "`%s` is not a column of `%s`", e->name, o.ds->name);
        buf cols = {0};
        for (int i = 0; i < o.ds->ncols; i++) buf_printf(&cols, "%s%s", i ? ", " : "", o.ds->cols[i].name);
        diag_hint(g, "its columns are: %s", cols.data);
        buf_free(&cols);
        return ty_error;
    }
    e->col = col;
    ((ast_dataset *)o.ds)->cols[col].read = true;
    stype ct = o.ds->cols[col].ty;
    return o.kind == TY_ROW ? ct : type_list_of(TY_LIST, ct);
}

/* ------------------------------------------------------------------ ranges and lists */

/* The type of `a to b` where it is allowed: after `in` and inside a lookup. */
static stype check_range(checker *c, ast_expr *e)
{
    stype a = chk_expr(c, e->a), b = chk_expr(c, e->b);
    stype t = chk_unify(c, a, b, e->at, "the ends of a range");
    if (!is_error(t) && t.kind != TY_NUM && t.kind != TY_YEAR && t.kind != TY_DATE) {
        diag_error(c->d, e->at, "a range needs numbers, years or dates, not %s", type_str(t));
        t = ty_error;
    }
    e->ty = type_list_of(TY_RANGE, t);
    return t;
}

static stype check_in(checker *c, ast_expr *e)
{
    stype x = chk_expr(c, e->a);
    ast_expr *set = e->b;
    if (set->kind == EX_RANGE) {
        stype t = check_range(c, set);
        if (!comparable(x, t)) mismatch(c, e, "look for", x, t, "the value and the range must be of one kind");
        return ty_bool;
    }
    if (set->kind == EX_LIST) {
        stype t = ty_error;
        for (int i = 0; i < set->nargs; i++) t = chk_unify(c, t, chk_expr(c, set->args[i]), set->args[i]->at,
                                                          "the values of a list");
        set->ty = type_list_of(TY_LIST, t);
        if (!comparable(x, t)) mismatch(c, e, "look for", x, t, "the value and the list must be of one kind");
        return ty_bool;
    }
    stype s = chk_expr(c, set);
    if (is_error(s)) return ty_bool;
    if (s.kind != TY_LIST) {
        diag *g = diag_error(c->d, set->at, "`in` needs a range, a list or the values of a column, not %s",
                             type_str(s));
        diag_hint(g, "x in 2020 to 2022, x in (\"a\", \"b\"), x in rows.column");
        return ty_bool;
    }
    if (!comparable(x, type_elem(s))) mismatch(c, e, "look for", x, type_elem(s), NULL);
    return ty_bool;
}

/* ------------------------------------------------------------------ lookups */

static stype check_dataset_lookup(checker *c, ast_expr *e, const ast_dataset *ds)
{
    if (ds->nkey == 0) {
        diag *g = diag_error(c->d, e->at, "dataset `%s` has no key to look rows up by", ds->name);
        diag_hint(g, "declare its key: dataset %s ... key <column>, <column>", ds->name);
        return ty_error;
    }
    if (e->nargs > ds->nkey) {
        diag *g = diag_error(c->d, e->at, "`%s` is keyed by %d column%s but %d values are given", ds->name,
                             ds->nkey, ds->nkey == 1 ? "" : "s", e->nargs);
        diag_hint(g, "give the key values in the order of `key`");
        return ty_error;
    }
    bool set = e->nargs < ds->nkey;
    for (int i = 0; i < e->nargs; i++) {
        ast_expr *arg = e->args[i];
        stype want = ds->key_col[i] >= 0 ? ds->cols[ds->key_col[i]].ty : ty_error;
        stype got;
        if (arg->kind == EX_RANGE) {
            got = check_range(c, arg);
            if (i != e->nargs - 1) {
                diag_error(c->d, arg->at, "only the last key value of a lookup can be a range");
                return ty_error;
            }
            set = true;
        } else {
            got = chk_expr(c, arg);
        }
        if (!chk_assignable(got, want)) {
            diag *g = diag_error(c->d, arg->at, "key `%s` of `%s` is %s, but this is %s", ds->key[i], ds->name,
                                 type_str(want), type_str(got));
            diag_hint(g, "give the key values in the order of `key`: %s", ds->key[0]);
        }
    }
    e->lookup = set ? LK_ROWS : LK_ROW;
    e->a->ty = row_type(TY_ROWS, ds);
    ((ast_dataset *)ds)->used = true;
    return row_type(set ? TY_ROWS : TY_ROW, ds);
}

static stype check_table_lookup(checker *c, ast_expr *e, const ast_table *t)
{
    if (e->nargs != t->nby) {
        diag *g = diag_error(c->d, e->at, "table `%s` is by %d input%s but %d are given", t->name, t->nby,
                             t->nby == 1 ? "" : "s", e->nargs);
        diag_hint(g, "table %s is by %s", t->name, t->by[0]);
        return ty_error;
    }
    for (int i = 0; i < e->nargs; i++) {
        stype got = chk_expr(c, e->args[i]);
        if (t->in_ty && !comparable(got, t->in_ty[i]))
            diag_error(c->d, e->args[i]->at, "table `%s` is by %s, which is %s, but this is %s", t->name, t->by[i],
                       type_str(t->in_ty[i]), type_str(got));
    }
    e->lookup = LK_TABLE;
    e->a->ref = (ref){ .kind = REF_TABLE, .table = t };
    return t->value_ty;
}

static stype check_grouplet_lookup(checker *c, ast_expr *e, binding *b)
{
    ast_block *blk = c->block;
    if (c->level != LV_GROUP) {
        diag_error(c->d, e->at, "`%s[...]` reads another group, which is only possible after `group by`", e->name);
        return ty_error;
    }
    if (e->nargs != blk->ngroup_keys) {
        diag *g = diag_error(c->d, e->at, "the groups are keyed by %d value%s but %d are given", blk->ngroup_keys,
                             blk->ngroup_keys == 1 ? "" : "s", e->nargs);
        diag_hint(g, "give a value for each key of `group by`, in its order");
        return ty_error;
    }
    ast_clause *grp = &blk->clauses[blk->group_clause];
    for (int i = 0; i < e->nargs; i++) {
        stype got = chk_expr(c, e->args[i]);
        stype want = grp->fields[i].value->ty;
        if (!chk_assignable(got, want))
            diag_error(c->d, e->args[i]->at, "group key `%s` is %s, but this is %s", grp->fields[i].name,
                       type_str(want), type_str(got));
    }
    e->lookup = LK_GROUPLET;
    e->a->ref = (ref){ .kind = REF_GROUPLET, .level = LV_GROUP, .slot = b->slot };
    return b->ty;
}

static stype check_index(checker *c, ast_expr *e)
{
    ast_expr *base = e->a;
    if (base->kind == EX_NAME) {
        e->name = base->name;
        binding *b = chk_lookup(c, base->name);
        if (b && b->group_let) return check_grouplet_lookup(c, e, b);
        global_sym *g = b ? NULL : chk_global(c, base->name);
        if (g && g->kind == D_DATASET) return check_dataset_lookup(c, e, g->dataset);
        if (g && g->kind == D_TABLE) return check_table_lookup(c, e, g->table);
    }
    stype t = chk_expr(c, base);
    if (is_error(t)) return ty_error;
    diag *g = diag_error(c->d, base->at, "only datasets, tables and values of other groups can be looked up with [...]");
    diag_hint(g, "this is %s", type_str(t));
    return ty_error;
}

/* ------------------------------------------------------------------ calls */

typedef struct builtin_def {
    const char *name;
    builtin fn;
    int min, max;
} builtin_def;

static const builtin_def builtins[] = {
    { "sum", BI_SUM, 1, 1 },           { "count", BI_COUNT, 0, 1 },
    { "mean", BI_MEAN, 1, 1 },         { "min", BI_MIN, 1, 2 },
    { "max", BI_MAX, 1, 2 },           { "round", BI_ROUND, 1, 2 },
    { "round_down", BI_ROUND_DOWN, 1, 2 }, { "round_up", BI_ROUND_UP, 1, 2 },
    { "abs", BI_ABS, 1, 1 },           { "year", BI_YEAR, 1, 1 },
    { "month", BI_MONTH, 1, 1 },       { "day", BI_DAY, 1, 1 },
    { "date", BI_DATE, 3, 3 },         { "days_in_year", BI_DAYS_IN_YEAR, 1, 1 },
    { "days_in_month", BI_DAYS_IN_MONTH, 2, 2 }, { "end_of_month", BI_END_OF_MONTH, 1, 1 },
    { "add_months", BI_ADD_MONTHS, 2, 2 }, { "days_between", BI_DAYS_BETWEEN, 2, 2 },
    { "length", BI_LENGTH, 1, 1 },
    { NULL, BI_NONE, 0, 0 },
};

static bool is_aggregate(builtin fn)
{
    return fn == BI_SUM || fn == BI_COUNT || fn == BI_MEAN || fn == BI_MIN || fn == BI_MAX;
}

/* The result of an aggregate over values of type v. */
static stype aggregate_result(checker *c, ast_expr *e, stype v)
{
    if (is_error(v)) return e->fn == BI_COUNT ? ty_int : ty_error;
    switch (e->fn) {
    case BI_COUNT:
        return ty_int;
    case BI_SUM:
    case BI_MEAN:
        if (v.kind != TY_NUM) {
            diag_error(c->d, e->at, "%s needs numbers, not %s", e->name, type_str(v));
            return ty_error;
        }
        if (e->fn == BI_MEAN) v.integral = false;
        return v;
    default:
        if (v.kind != TY_NUM && v.kind != TY_YEAR && v.kind != TY_DATE) {
            diag_error(c->d, e->at, "%s needs numbers, years or dates, not %s", e->name, type_str(v));
            return ty_error;
        }
        return v;
    }
}

static void check_weight(checker *c, ast_expr *e)
{
    if (!e->weight) return;
    if (e->fn != BI_MEAN) {
        diag *g = diag_error(c->d, e->weight->at, "only mean can be weighted");
        diag_hint(g, "mean(x weighted by w)");
    }
    stype w = chk_expr(c, e->weight);
    if (!is_error(w) && w.kind != TY_NUM) diag_error(c->d, e->weight->at, "a weight must be a number, not %s", type_str(w));
}

/* sum(x for v in rows where cond): the aggregate runs over rows it names itself. */
static stype check_aggregate_for(checker *c, ast_expr *e)
{
    stype src = chk_expr(c, e->for_src);
    if (is_error(src)) return ty_error;
    if (src.kind != TY_ROWS) {
        diag_error(c->d, e->for_src->at, "`for %s in` needs rows, not %s", e->for_var, type_str(src));
        return ty_error;
    }
    int mark = c->nlocals;
    int slot = chk_new_slot(c, c->level);
    chk_bind(c, e->for_var, e->for_src->at, row_type(TY_ROW, src.ds), c->level, slot)->iterator = true;
    e->ref = (ref){ .kind = REF_SLOT, .level = c->level, .slot = slot, .ds = src.ds };
    stype v = e->nargs ? chk_expr(c, e->args[0]) : ty_int;
    check_weight(c, e);
    if (e->for_cond) chk_expect(c, e->for_cond, TY_BOOL, "the condition after `where`");
    c->nlocals = mark;
    return aggregate_result(c, e, v);
}

static stype check_aggregate(checker *c, ast_expr *e)
{
    if (e->for_var) return check_aggregate_for(c, e);
    if (c->block && c->level == LV_GROUP && c->agg_depth == 0) {
        /* After `group by` an aggregate runs over the rows of each group, unless its
        ** argument is already a list (sum(projects.places)). */
        int refs = c->row_refs;
        c->level = LV_ROW;
        c->agg_depth++;
        stype v = e->nargs ? chk_expr(c, e->args[0]) : ty_int;
        check_weight(c, e);
        c->agg_depth--;
        c->level = LV_GROUP;
        if (e->nargs && (v.kind == TY_LIST || (v.kind == TY_ROWS && e->fn == BI_COUNT))) {
            if (c->row_refs > refs)
                diag_error(c->d, e->at, "this list depends on single rows; aggregate the rows with group by instead");
            if (e->weight)
                diag_error(c->d, e->weight->at, "a weight needs each row; name them: mean(r.x weighted by r.w for r in rows)");
            return aggregate_result(c, e, v.kind == TY_LIST ? type_elem(v) : ty_int);
        }
        e->group_agg = true;
        e->ref = (ref){ .kind = REF_SLOT, .level = LV_GROUP, .slot = chk_new_slot(c, LV_GROUP) };
        e->agg_index = c->block->naggs;
        *AST_PUSH(c->a, c->block->aggs, c->block->naggs) = e;
        return aggregate_result(c, e, v);
    }
    if (c->agg_depth > 0 && e->nargs == 0) {
        diag_error(c->d, e->at, "aggregates cannot be nested");
        return ty_error;
    }
    if (e->nargs == 0) {
        diag *g = diag_error(c->d, e->at, "count() counts the rows of a group, and there is no `group by` here");
        diag_hint(g, "count the rows of a set instead: count(tariffs[t.offer_id])");
        return ty_error;
    }
    stype v = chk_expr(c, e->args[0]);
    check_weight(c, e);
    if (is_error(v)) return e->fn == BI_COUNT ? ty_int : ty_error;
    if (v.kind == TY_ROWS && e->fn == BI_COUNT) return ty_int;
    if (e->weight) {
        diag *g = diag_error(c->d, e->weight->at, "a weight needs each row, which a list of values does not keep");
        diag_hint(g, "name the rows: mean(r.x weighted by r.w for r in rows)");
        return ty_error;
    }
    if (v.kind != TY_LIST) {
        diag *g = diag_error(c->d, e->args[0]->at, "%s needs many values, but this is one (%s)", e->name, type_str(v));
        diag_hint(g, "aggregate a column of rows: %s(rows.column), or the rows of groups after `group by`",
                  e->name);
        return ty_error;
    }
    return aggregate_result(c, e, type_elem(v));
}

static stype arg_type(checker *c, ast_expr *e, int i)
{
    return i < e->nargs ? chk_expr(c, e->args[i]) : ty_error;
}

static bool want(checker *c, ast_expr *e, int i, stype got, bool ok, const char *what)
{
    if (ok || is_error(got)) return ok;
    diag_error(c->d, e->args[i]->at, "%s() needs %s here, not %s", e->name, what, type_str(got));
    return false;
}

static stype check_builtin(checker *c, ast_expr *e, const builtin_def *b)
{
    e->fn = b->fn;
    if ((e->weight || e->for_var) && !is_aggregate(b->fn)) {
        diag_error(c->d, e->at, "`weighted by` and `for` belong to aggregates (sum, count, mean, min, max)");
        return ty_error;
    }
    if ((b->fn == BI_MIN || b->fn == BI_MAX) && e->nargs == 2) e->fn = b->fn == BI_MIN ? BI_MIN2 : BI_MAX2;
    else if (is_aggregate(b->fn)) return check_aggregate(c, e);
    if (e->nargs < b->min || e->nargs > b->max) {
        if (b->min == b->max)
            diag_error(c->d, e->at, "%s() takes %d argument%s, not %d", e->name, b->min, b->min == 1 ? "" : "s",
                       e->nargs);
        else
            diag_error(c->d, e->at, "%s() takes %d to %d arguments, not %d", e->name, b->min, b->max, e->nargs);
        return ty_error;
    }
    stype a = arg_type(c, e, 0), r = ty_error;
    switch (e->fn) {
    case BI_ROUND:
    case BI_ROUND_DOWN:
    case BI_ROUND_UP:
        if (!want(c, e, 0, a, a.kind == TY_NUM, "a number or an amount")) return ty_error;
        if (e->nargs == 2) {
            stype d = arg_type(c, e, 1);
            if (!want(c, e, 1, d, plain_int(d), "a whole number of decimals")) return ty_error;
            if (e->args[1]->kind != EX_NUM && !(e->args[1]->kind == EX_UNARY && e->args[1]->a->kind == EX_NUM))
                diag_error(c->d, e->args[1]->at, "the number of decimals must be written as a number");
        }
        r = a;
        /* round(amount) goes to the øre, round(number) to a whole number. */
        r.integral = e->nargs == 1 && type_dimensionless(a) && !a.percent;
        return r;
    case BI_ABS:
        return want(c, e, 0, a, a.kind == TY_NUM, "a number") ? a : ty_error;
    case BI_MIN2:
    case BI_MAX2:
        return chk_unify(c, a, arg_type(c, e, 1), e->at, "the values compared");
    case BI_YEAR:
    case BI_MONTH:
    case BI_DAY:
        if (!want(c, e, 0, a, a.kind == TY_DATE, "a date")) return ty_error;
        return e->fn == BI_YEAR ? ty_year : ty_int;
    case BI_DATE: {
        stype m = arg_type(c, e, 1), d = arg_type(c, e, 2);
        bool ok = want(c, e, 0, a, a.kind == TY_YEAR || plain_int(a), "a year");
        ok = want(c, e, 1, m, plain_int(m), "a month number") && ok;
        ok = want(c, e, 2, d, plain_int(d), "a day number") && ok;
        return ok ? ty_date : ty_error;
    }
    case BI_DAYS_IN_YEAR:
        return want(c, e, 0, a, a.kind == TY_YEAR || plain_int(a), "a year") ? ty_days : ty_error;
    case BI_DAYS_IN_MONTH: {
        stype m = arg_type(c, e, 1);
        bool ok = want(c, e, 0, a, a.kind == TY_YEAR || plain_int(a), "a year");
        return want(c, e, 1, m, plain_int(m), "a month number") && ok ? ty_days : ty_error;
    }
    case BI_END_OF_MONTH:
        return want(c, e, 0, a, a.kind == TY_DATE, "a date") ? ty_date : ty_error;
    case BI_ADD_MONTHS: {
        stype n = arg_type(c, e, 1);
        bool ok = want(c, e, 0, a, a.kind == TY_DATE, "a date");
        return want(c, e, 1, n, plain_int(n) || (n.kind == TY_NUM && n.integral && n.dim[DIM_MONTH] == 1 &&
                                                 type_same_unit(n, (stype){ .kind = TY_NUM, .dim = { 0, 0, 0, 1 } })),
                    "a number of months") && ok ? ty_date : ty_error;
    }
    case BI_DAYS_BETWEEN: {
        stype b2 = arg_type(c, e, 1);
        bool ok = want(c, e, 0, a, a.kind == TY_DATE, "a date");
        return want(c, e, 1, b2, b2.kind == TY_DATE, "a date") && ok ? ty_days : ty_error;
    }
    case BI_LENGTH:
        return want(c, e, 0, a, a.kind == TY_TEXT, "a text") ? ty_int : ty_error;
    default:
        return r;
    }
}

static size_t count_nodes(const ast_expr *e)
{
    if (!e) return 0;
    size_t n = 1 + count_nodes(e->a) + count_nodes(e->b) + count_nodes(e->c) + count_nodes(e->weight) +
               count_nodes(e->for_src) + count_nodes(e->for_cond);
    for (int i = 0; i < e->nargs; i++) n += count_nodes(e->args[i]);
    for (int i = 0; i < e->nparts; i++) n += count_nodes(e->parts[i].expr);
    return n;
}

/* A call of a define: the body is copied and checked with the arguments' types, so one
** define serves money, money per day and numbers alike. The copy reads the arguments
** from frame slots the call fills before running it. */
static stype check_define_call(checker *c, ast_expr *e, ast_define *f)
{
    if (e->weight || e->for_var) {
        diag_error(c->d, e->at, "`weighted by` and `for` belong to aggregates, not to `%s`", f->name);
        return ty_error;
    }
    if (e->nargs != f->nparams) {
        diag *g = diag_error(c->d, e->at, "`%s` takes %d argument%s, not %d", f->name, f->nparams,
                             f->nparams == 1 ? "" : "s", e->nargs);
        diag_note(g, f->at, "`%s` is defined here", f->name);
        return ty_error;
    }
    for (int i = 0; i < c->ncalls; i++) {
        if (c->calls[i]->define == f) {
            diag *g = diag_error(c->d, e->at, "`%s` calls itself", f->name);
            diag_hint(g, "rules must always finish, so a function cannot call itself, directly or through others");
            return ty_error;
        }
    }
    if (c->ncalls == (int)(sizeof c->calls / sizeof c->calls[0])) {
        diag_error(c->d, e->at, "functions call each other more than %d deep", c->ncalls);
        return ty_error;
    }
    stype *args = ARENA_ARRAY(c->a, stype, f->nparams ? f->nparams : 1);
    for (int i = 0; i < e->nargs; i++) {
        args[i] = chk_expr(c, e->args[i]);
        if (f->params[i].type) {
            stype decl;
            if (!type_from_name(f->params[i].type->name, f->params[i].type->per, &decl)) {
                diag_error(c->d, f->params[i].type->at, "`%s` is not a type", f->params[i].type->name);
                return ty_error;
            }
            if (!chk_assignable(args[i], decl)) {
                diag *g = diag_error(c->d, e->args[i]->at, "`%s` wants %s for `%s`, but this is %s", f->name,
                                     type_str(decl), f->params[i].name, type_str(args[i]));
                diag_note(g, f->params[i].at, "the parameter is declared here");
                return ty_error;
            }
            args[i] = decl;
        }
    }
    c->inlined += count_nodes(f->body);
    if (c->inlined > 1000000) {
        diag_error(c->d, e->at, "the functions called here expand beyond a million steps");
        return ty_error;
    }
    e->define = f;
    e->body = ast_copy_expr(c->a, f->body);
    e->arg_level = c->level;
    e->arg_slots = ARENA_ARRAY(c->a, int, f->nparams ? f->nparams : 1);
    int saved_barrier = c->barrier, mark = c->nlocals;
    c->barrier = c->nlocals;
    for (int i = 0; i < f->nparams; i++) {
        e->arg_slots[i] = chk_new_slot(c, c->level);
        chk_bind(c, f->params[i].name, f->params[i].at, args[i], c->level, e->arg_slots[i]);
    }
    diag *before = c->d->last;
    c->calls[c->ncalls++] = e;
    stype r = chk_expr(c, e->body);
    c->ncalls--;
    for (diag *g = before ? before->next : c->d->first; g; g = g->next)
        if (g->level == DIAG_ERROR) diag_note(g, e->at, "in this call of `%s`", f->name);
    c->nlocals = mark;
    c->barrier = saved_barrier;
    return r;
}

static stype check_call(checker *c, ast_expr *e)
{
    global_sym *g = chk_global(c, e->name);
    if (g && g->kind == D_DEFINE) return check_define_call(c, e, g->define);
    for (const builtin_def *b = builtins; b->name; b++)
        if (!strcmp(b->name, e->name)) return check_builtin(c, e, b);
    diag *d = diag_error(c->d, e->at, "unknown function `%s`", e->name);
    if (g) diag_hint(d, "`%s` is not a function", e->name);
    else chk_suggest(c, d, e->name);
    return ty_error;
}

/* ------------------------------------------------------------------ the rest */

static stype check_each(checker *c, ast_expr *e)
{
    stype src = chk_expr(c, e->a);
    if (is_error(src)) return ty_error;
    if (src.kind != TY_ROWS) {
        diag_error(c->d, e->a->at, "`each %s in` needs rows, not %s", e->name, type_str(src));
        return ty_error;
    }
    int mark = c->nlocals;
    int slot = chk_new_slot(c, c->level);
    chk_bind(c, e->name, e->at, row_type(TY_ROW, src.ds), c->level, slot)->iterator = true;
    e->ref = (ref){ .kind = REF_SLOT, .level = c->level, .slot = slot, .ds = src.ds };
    if (e->b) chk_expect(c, e->b, TY_BOOL, "the condition after `where`");
    c->nlocals = mark;
    return src;
}

static stype check_text(checker *c, ast_expr *e)
{
    for (int i = 0; i < e->nparts; i++) {
        ast_expr *x = e->parts[i].expr;
        if (!x) continue;
        stype t = chk_expr(c, x);
        if (t.kind == TY_ROWS || t.kind == TY_LIST || t.kind == TY_RANGE || t.kind == TY_ROW) {
            diag *g = diag_error(c->d, x->at, "%s cannot be shown in a text", type_str(t));
            diag_hint(g, "show one value, such as a column: {t.offer_id}");
        }
    }
    return ty_text;
}

static stype check(checker *c, ast_expr *e)
{
    switch (e->kind) {
    case EX_NUM:
        switch (e->unit) {
        case LIT_PLAIN: return rat_is_int(e->num) ? ty_int : ty_number;
        case LIT_KR: return ty_money;
        case LIT_PERCENT: return ty_percent;
        case LIT_DAYS:
        case LIT_HOURS:
        case LIT_MONTHS: {
            stype t = ty_int;
            t.integral = rat_is_int(e->num);
            t.dim[e->unit == LIT_DAYS ? DIM_DAY : e->unit == LIT_HOURS ? DIM_HOUR : DIM_MONTH] = 1;
            return t;
        }
        }
        return ty_error;
    case EX_DATE: return ty_date;
    case EX_BOOL: return ty_bool;
    case EX_TEXT: return check_text(c, e);
    case EX_NAME: return check_name(c, e);
    case EX_FIELD: return check_field(c, e);
    case EX_INDEX: return check_index(c, e);
    case EX_CALL: return check_call(c, e);
    case EX_UNARY: {
        if (e->op == OP_NOT) {
            chk_expect(c, e->a, TY_BOOL, "what `not` negates");
            return ty_bool;
        }
        stype a = chk_expr(c, e->a);
        if (!is_error(a) && a.kind != TY_NUM) {
            diag_error(c->d, e->at, "only numbers can be negated, not %s", type_str(a));
            return ty_error;
        }
        return a;
    }
    case EX_BINARY: return check_arith(c, e);
    case EX_COMPARE: return check_compare(c, e);
    case EX_AND:
    case EX_OR:
        chk_expect(c, e->a, TY_BOOL, e->kind == EX_AND ? "each side of `and`" : "each side of `or`");
        chk_expect(c, e->b, TY_BOOL, e->kind == EX_AND ? "each side of `and`" : "each side of `or`");
        return ty_bool;
    case EX_IF: {
        chk_expect(c, e->a, TY_BOOL, "the condition of `if`");
        stype t = chk_expr(c, e->b), f = chk_expr(c, e->c);
        return chk_unify(c, t, f, e->at, "the two branches of `if`");
    }
    case EX_IN: return check_in(c, e);
    case EX_RANGE: {
        check_range(c, e);
        diag *g = diag_error(c->d, e->at, "a range `a to b` stands only after `in` or inside a lookup");
        diag_hint(g, "where t.year in 2020 to 2022");
        return ty_error;
    }
    case EX_LIST: {
        diag *g = diag_error(c->d, e->at, "a list (a, b, ...) stands only after `in`");
        diag_hint(g, "where o.paragraph in (\"SEL 107\", \"SEL 108\")");
        return ty_error;
    }
    case EX_EXISTS:
        chk_expr(c, e->a);
        return ty_bool;
    case EX_OTHERWISE: {
        stype a = chk_expr(c, e->a), b = chk_expr(c, e->b);
        return chk_unify(c, a, b, e->at, "the two sides of `otherwise`");
    }
    case EX_EACH: return check_each(c, e);
    }
    return ty_error;
}
