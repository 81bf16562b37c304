/*
** check_rule.c: checking rules: each block's source, its clauses in order (row level,
** then group level after `group by`), its check and outputs, and the values every item
** of the report will show.
*/
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *clause_word(clause_kind k)
{
    switch (k) {
    case CL_WHERE: return "where";
    case CL_LET: return "let";
    case CL_JOIN: return "join";
    case CL_GROUP: return "group by";
    case CL_ALLOCATE: return "allocate";
    case CL_REQUIRE: return "require";
    case CL_AIM: return "aim";
    case CL_FLAG: return "flag";
    case CL_EXPLAINED: return "explained by";
    case CL_MESSAGE: return "message";
    case CL_SHOW: return "show";
    case CL_EMIT: return "emit";
    }
    return "?";
}

static bool scalar(stype t)
{
    return t.kind != TY_ROW && t.kind != TY_ROWS && t.kind != TY_LIST && t.kind != TY_RANGE;
}

/* The name a group key or output column gets when none is written: t.year -> year. */
static const char *derived_name(const ast_expr *e)
{
    if (e->kind == EX_FIELD || e->kind == EX_NAME) return e->name;
    return NULL;
}

/* ------------------------------------------------------------------ joins */

static void add_conjuncts(ast_expr *e, ast_expr ***list, int *n, arena *a)
{
    if (e->kind == EX_AND) {
        add_conjuncts(e->a, list, n, a);
        add_conjuncts(e->b, list, n, a);
        return;
    }
    *AST_PUSH(a, *list, *n) = e;
}

/* Is e the column col of the row in (LV_ROW, slot)? */
static bool is_column_of(const ast_expr *e, int slot, int col)
{
    return e->kind == EX_FIELD && e->a->kind == EX_NAME && e->a->ref.kind == REF_SLOT &&
           e->a->ref.level == LV_ROW && e->a->ref.slot == slot && e->col == col;
}

/* Splits a join's ON condition into the values of the joined dataset's leading key
** columns (found through its index) and the rest (tested on each candidate). */
static void plan_join(checker *c, ast_clause *cl, const ast_dataset *ds)
{
    ast_expr **conj = NULL;
    int n = 0;
    add_conjuncts(cl->e2, &conj, &n, c->a);
    bool *used = ARENA_ARRAY(c->a, bool, n ? n : 1);
    cl->join_key_exprs = ARENA_ARRAY(c->a, ast_expr *, ds->nkey ? ds->nkey : 1);
    cl->join_key_cols = 0;
    if (cl->e->kind == EX_NAME && cl->e->ref.kind == REF_DATASET) {
        for (int k = 0; k < ds->nkey; k++) {
            int found = -1;
            for (int i = 0; i < n && found < 0; i++) {
                ast_expr *x = conj[i];
                if (used[i] || x->kind != EX_COMPARE || x->op != OP_EQ) continue;
                if (is_column_of(x->a, cl->slot, ds->key_col[k]) && !chk_reads_slot(x->b, LV_ROW, cl->slot))
                    found = i, cl->join_key_exprs[k] = x->b;
                else if (is_column_of(x->b, cl->slot, ds->key_col[k]) && !chk_reads_slot(x->a, LV_ROW, cl->slot))
                    found = i, cl->join_key_exprs[k] = x->a;
            }
            if (found < 0) break;
            used[found] = true;
            cl->join_key_cols++;
        }
    }
    ast_expr *rest = NULL;
    for (int i = 0; i < n; i++) {
        if (used[i]) continue;
        rest = rest ? ast_binary(c->a, EX_AND, 0, rest, conj[i]) : conj[i];
        rest->ty = ty_bool;
    }
    cl->join_rest = rest;
}

/* ------------------------------------------------------------------ outputs */

static void register_output(checker *c, ast_clause *cl)
{
    program *p = c->p;
    out_table *t = NULL;
    for (int i = 0; i < p->noutputs; i++)
        if (!strcmp(p->outputs[i].name, cl->name)) t = &p->outputs[i], cl->output = i;
    if (!t) {
        cl->output = p->noutputs;
        out_table *nt = &XAPPEND(p->outputs, p->noutputs);
        *nt = (out_table){ .name = cl->name, .at = cl->at };
        for (int i = 0; i < cl->nfields; i++)
            XAPPEND(nt->cols, nt->ncols) = (out_column){ .name = cl->fields[i].name, .ty = cl->fields[i].value->ty };
        return;
    }
    bool same = t->ncols == cl->nfields;
    for (int i = 0; same && i < cl->nfields; i++)
        same = !strcmp(t->cols[i].name, cl->fields[i].name) && type_equal(t->cols[i].ty, cl->fields[i].value->ty);
    if (!same) {
        diag *g = diag_error(c->d, cl->at, "output `%s` is emitted with other columns than before", cl->name);
        diag_note(g, t->at, "first emitted here");
        diag_hint(g, "every emit into one output gives the same columns, in the same order");
    }
}

static void check_fields(checker *c, ast_clause *cl, const char *what)
{
    for (int i = 0; i < cl->nfields; i++) {
        ast_field *f = &cl->fields[i];
        stype t = chk_expr(c, f->value);
        if (!f->name) f->name = derived_name(f->value);
        if (!f->name) {
            diag *g = diag_error(c->d, f->at, "this %s needs a name", what);
            diag_hint(g, "%s", cl->kind == CL_GROUP ? "group by <expression> as <name>" : "emit table (name: <expression>)");
            f->name = "?";
        }
        if (!scalar(t)) diag_error(c->d, f->at, "a %s holds one value, not %s", what, type_str(t));
        for (int k = 0; k < i; k++)
            if (!strcmp(cl->fields[k].name, f->name))
                diag_error(c->d, f->at, "two %ss are named `%s`", what, f->name);
    }
}

/* ------------------------------------------------------------------ clauses */

static void check_group(checker *c, ast_block *b, int index)
{
    ast_clause *cl = &b->clauses[index];
    if (b->group_clause >= 0) {
        diag_error(c->d, cl->at, "a block groups its rows once");
        return;
    }
    b->group_clause = index;
    check_fields(c, cl, "group key");
    c->grouped = true;
    c->level = LV_GROUP;
    b->ngroup_keys = cl->nfields;
    for (int i = 0; i < cl->nfields; i++)
        chk_bind(c, cl->fields[i].name, cl->fields[i].at, cl->fields[i].value->ty, LV_GROUP,
                 chk_new_slot(c, LV_GROUP));
}

/* Checks the rows of `join v in rows` or `among v in rows` and binds v to one of them in
** a new row slot (cl->slot). Returns the rows' type, or ty_error. */
static stype bind_row_variable(checker *c, ast_clause *cl, ast_expr *rows, const char *word)
{
    stype src = chk_expr(c, rows);
    if (src.kind != TY_ROWS && src.kind != TY_ERROR) {
        diag_error(c->d, rows->at, "`%s %s in` needs rows, not %s", word, cl->name, type_str(src));
        src = ty_error;
    }
    cl->slot = chk_new_slot(c, LV_ROW);
    stype row = { .kind = TY_ROW, .ds = src.ds };
    chk_bind(c, cl->name, cl->at, src.kind == TY_ROWS ? row : ty_error, LV_ROW, cl->slot);
    return src;
}

static void check_allocate(checker *c, ast_clause *cl)
{
    stype total = chk_expr(c, cl->e);
    if (total.kind != TY_ERROR && !(type_same_unit(total, ty_money) || (total.kind == TY_NUM && total.integral && type_dimensionless(total)))) {
        diag *g = diag_error(c->d, cl->e->at, "only money or a whole number can be allocated, not %s", type_str(total));
        diag_hint(g, "allocate an amount: allocate round(deficit * rate) among ...");
    }
    bind_row_variable(c, cl, cl->e2, "among");
    stype w = chk_expr(c, cl->e3);
    if (w.kind != TY_NUM && w.kind != TY_ERROR)
        diag_error(c->d, cl->e3->at, "shares are given by a number, such as a population, not %s", type_str(w));
    cl->slot2 = chk_new_slot(c, LV_ROW);
    chk_bind(c, cl->name2, cl->at, total.kind == TY_NUM ? total : ty_error, LV_ROW, cl->slot2);
}

static void check_join(checker *c, ast_clause *cl)
{
    stype src = bind_row_variable(c, cl, cl->e, "join");
    chk_expect(c, cl->e2, TY_BOOL, "the condition after `on`");
    if (src.kind == TY_ROWS && !c->d->errors) plan_join(c, cl, src.ds);
}

static void check_severity(checker *c, const ast_rule *r, ast_clause *cl)
{
    static const clause_kind want[] = { [SEV_REQUIREMENT] = CL_REQUIRE, [SEV_TARGET] = CL_AIM, [SEV_INFO] = CL_FLAG };
    static const char *const sev[] = { "requirement", "target", "info" };
    if (cl->kind != want[r->sev]) {
        diag *g = diag_error(c->d, cl->at, "a %s states its condition with `%s`, not `%s`", sev[r->sev],
                             clause_word(want[r->sev]), clause_word(cl->kind));
        diag_hint(g, "requirement ... require, target ... aim, info ... flag");
    }
}

/* show name = e: like a let, but worked out only when the check makes an item (it
** costs nothing on the rows that pass), so only message, explained by and later shows
** may read it. Other groups cannot read it as name[keys]. */
static void check_show(checker *c, const ast_block *b, ast_clause *cl)
{
    if (b->check_clause < 0) {
        diag *g = diag_error(c->d, cl->at, "`show` works out a value for the items of a check, so it follows require, aim or flag");
        diag_hint(g, "use `let` for a value the check needs");
        return;
    }
    stype t = chk_expr(c, cl->e);
    if (!scalar(t)) diag_error(c->d, cl->e->at, "`show` names a single value, not %s", type_str(t));
    cl->slot = chk_new_slot(c, c->level);
    chk_bind(c, cl->name, cl->at, t, c->level, cl->slot);
}

/* The date an explanation was given, when `explained by` reads a row that has a date
** column (explanations[...].text and explanations[...] read the row's reported_on):
** that column of the same row, or NULL. */
static ast_expr *explanation_date(checker *c, ast_expr *e)
{
    ast_expr *row = e->ty.kind == TY_ROW ? e : e->kind == EX_FIELD && e->a->ty.kind == TY_ROW ? e->a : NULL;
    if (!row || !row->ty.ds) return NULL;
    ast_dataset *ds = (ast_dataset *)row->ty.ds;
    for (int col = 0; col < ds->ncols; col++) {
        if (ds->cols[col].ty.kind != TY_DATE) continue;
        ds->cols[col].read = true;   /* so the loader keeps it */
        ast_expr *f = ast_member(c->a, e->at, row, ds->cols[col].name);
        f->col = col;
        f->ty = ds->cols[col].ty;
        return f;
    }
    return NULL;
}

static bool follows_show(const ast_block *b, int index)
{
    for (int i = 0; i < index; i++)
        if (b->clauses[i].kind == CL_SHOW) return true;
    return false;
}

static void check_clause(checker *c, const ast_rule *r, ast_block *b, int index)
{
    ast_clause *cl = &b->clauses[index];
    cl->level = c->level;
    bool after_check = b->check_clause >= 0;
    if (after_check && cl->kind != CL_EXPLAINED && cl->kind != CL_MESSAGE && cl->kind != CL_SHOW &&
        cl->kind != CL_EMIT) {
        diag *g = diag_error(c->d, cl->at, "`%s` cannot follow the check of the block", clause_word(cl->kind));
        diag_hint(g, "put `where`, `let`, `join` and `group by` before `%s`", clause_word(b->clauses[b->check_clause].kind));
        return;
    }
    if (c->grouped && (cl->kind == CL_JOIN || cl->kind == CL_ALLOCATE)) {
        diag *g = diag_error(c->d, cl->at, "`%s` works on rows, and after `group by` there are groups", clause_word(cl->kind));
        diag_hint(g, "move it before `group by`");
        return;
    }
    switch (cl->kind) {
    case CL_WHERE:
        chk_expect(c, cl->e, TY_BOOL, "the condition after `where`");
        break;
    case CL_LET: {
        stype t = chk_expr(c, cl->e);
        if (t.kind == TY_RANGE) diag_error(c->d, cl->e->at, "a range cannot be given a name; use it after `in`");
        cl->slot = chk_new_slot(c, c->level);
        binding *bd = chk_bind(c, cl->name, cl->at, t, c->level, cl->slot);
        bd->group_let = c->grouped;
        break;
    }
    case CL_JOIN: check_join(c, cl); break;
    case CL_GROUP: check_group(c, b, index); break;
    case CL_ALLOCATE: check_allocate(c, cl); break;
    case CL_REQUIRE:
    case CL_AIM:
    case CL_FLAG:
        check_severity(c, r, cl);
        if (b->check_clause >= 0) {
            diag_error(c->d, cl->at, "a block has one check; give a second condition its own block or join them with `and`");
            break;
        }
        b->check_clause = index;
        chk_expect(c, cl->e, TY_BOOL, "the condition of a check");
        break;
    case CL_EXPLAINED: {
        if (!after_check || b->clauses[b->check_clause].kind != CL_REQUIRE) {
            diag *g = diag_error(c->d, cl->at, "`explained by` follows the `require` of a requirement");
            diag_hint(g, "require ... explained by explanations[t.offer_id, t.year].text");
            break;
        }
        stype t = chk_expr(c, cl->e);
        if (!scalar(t) && t.kind != TY_ROW)
            diag_error(c->d, cl->e->at, "an explanation is a value such as a text, not %s", type_str(t));
        else cl->e2 = explanation_date(c, cl->e);
        break;
    }
    case CL_MESSAGE:
        if (!after_check) {
            diag *g = diag_error(c->d, cl->at, "`message` describes a check, so it follows require, aim or flag");
            diag_hint(g, "move the message after the check");
        }
        chk_expr(c, cl->e);
        break;
    case CL_SHOW: check_show(c, b, cl); break;
    case CL_EMIT:
        if (follows_show(b, index)) {
            /* A shown value is worked out for the items only, so an emit cannot read it. */
            diag *g = diag_error(c->d, cl->at, "`emit` cannot follow `show`");
            diag_hint(g, "put the emit before the show clauses");
        }
        check_fields(c, cl, "column");
        register_output(c, cl);
        break;
    }
}

/* ------------------------------------------------------------------ what items show */

static void add_shown(checker *c, ast_block *b, const char *name, ast_expr *e, frame_level level)
{
    for (int i = 0; i < b->nshown; i++)
        if (!strcmp(b->shown[i].name, name)) return;
    ast_shown *s = AST_PUSH(c->a, b->shown, b->nshown);
    s->name = name;
    s->expr = e;
    s->level = level;
}

/* Shows the value a let or show clause names. */
static void show_named(checker *c, ast_block *b, const ast_clause *cl)
{
    ast_expr *name = ast_expr_new(c->a, EX_NAME, cl->at);
    name->name = cl->name;
    name->ref = (ref){ .kind = REF_SLOT, .level = cl->level, .slot = cl->slot };
    name->ty = cl->e->ty;
    add_shown(c, b, cl->name, name, cl->level);
}

/* Marks the columns of the block's own row that e reads (outside aggregates). */
static void mark_columns(const ast_expr *e, int var_slot, bool *used)
{
    if (!e || (e->kind == EX_CALL && e->group_agg)) return;
    if (e->kind == EX_FIELD && e->a->kind == EX_NAME && e->a->ref.kind == REF_SLOT && e->a->ref.level == LV_ROW &&
        e->a->ref.slot == var_slot)
        used[e->col] = true;
    mark_columns(e->a, var_slot, used);
    mark_columns(e->b, var_slot, used);
    mark_columns(e->c, var_slot, used);
    for (int i = 0; i < e->nargs; i++) mark_columns(e->args[i], var_slot, used);
    for (int i = 0; i < e->nparts; i++) mark_columns(e->parts[i].expr, var_slot, used);
}

/* The values shown with each item: the columns of the row the block reads (at row
** level), its lets, and the two sides of a comparison that is the check. */
static void plan_shown(checker *c, ast_block *b)
{
    const ast_dataset *ds = b->ds;
    if (!ds || b->check_clause < 0) return;
    if (b->group_clause < 0) {
        bool *used = ARENA_ARRAY(c->a, bool, ds->ncols);
        for (int i = 0; i < b->nclauses; i++) {
            ast_clause *cl = &b->clauses[i];
            mark_columns(cl->e, b->var_slot, used);
            mark_columns(cl->e2, b->var_slot, used);
            mark_columns(cl->e3, b->var_slot, used);
        }
        for (int k = 0; k < ds->nkey; k++)
            if (ds->key_col[k] >= 0) used[ds->key_col[k]] = false;
        for (int col = 0; col < ds->ncols; col++) {
            if (!used[col]) continue;
            ast_expr *var = ast_expr_new(c->a, EX_NAME, b->at);
            var->name = b->var;
            var->ref = (ref){ .kind = REF_SLOT, .level = LV_ROW, .slot = b->var_slot, .ds = ds };
            var->ty = (stype){ .kind = TY_ROW, .ds = ds };
            ast_expr *f = ast_member(c->a, b->at, var, ds->cols[col].name);
            f->col = col;
            f->ty = ds->cols[col].ty;
            add_shown(c, b, ds->cols[col].name, f, LV_ROW);
        }
    }
    for (int i = 0; i < b->check_clause; i++) {
        ast_clause *cl = &b->clauses[i];
        if (cl->kind != CL_LET || !scalar(cl->e->ty) || cl->e->ty.kind == TY_ERROR) continue;
        /* An item about a group has no one row whose lets it could show. */
        if (b->group_clause >= 0 && cl->level != LV_GROUP) continue;
        show_named(c, b, cl);
    }
    ast_expr *check = b->clauses[b->check_clause].e;
    if (check->kind == EX_COMPARE) {
        frame_level level = b->group_clause >= 0 ? LV_GROUP : LV_ROW;
        add_shown(c, b, chk_expr_label(c, check->a), check->a, level);
        add_shown(c, b, chk_expr_label(c, check->b), check->b, level);
    }
    for (int i = b->check_clause + 1; i < b->nclauses; i++) {
        ast_clause *cl = &b->clauses[i];
        if (cl->kind != CL_SHOW || cl->e->ty.kind == TY_ERROR) continue;
        show_named(c, b, cl);
    }
}

/* ------------------------------------------------------------------ blocks and rules */

static void check_block(checker *c, const ast_rule *r, ast_block *b)
{
    c->block = b;
    c->grouped = false;
    c->agg_depth = 0;
    c->nlocals = c->barrier = 0;
    b->group_clause = b->check_clause = -1;
    /* The rows a block goes through are found once, before any row is looked at. */
    c->level = LV_GLOBAL;
    stype src = chk_expr(c, b->source);
    c->level = LV_ROW;
    if (src.kind != TY_ROWS) {
        if (src.kind != TY_ERROR) {
            diag *g = diag_error(c->d, b->source->at, "`for %s in` needs rows, not %s", b->var, type_str(src));
            diag_hint(g, "name a dataset: for t in tariffs");
        }
        return;
    }
    b->ds = src.ds;
    if (r->has_force && src.ds->dated_col < 0) {
        diag *g = diag_error(c->d, r->at, "rule `%s` is in force from a date, but `%s` is not dated", r->id, src.ds->name);
        diag_hint(g, "say which column dates its rows: dataset %s ... dated by year", src.ds->name);
    }
    b->var_slot = chk_new_slot(c, LV_ROW);
    chk_bind(c, b->var, b->at, (stype){ .kind = TY_ROW, .ds = src.ds }, LV_ROW, b->var_slot);
    for (int i = 0; i < b->nclauses; i++) check_clause(c, r, b, i);
    bool emits = false;
    for (int i = 0; i < b->nclauses; i++) emits = emits || b->clauses[i].kind == CL_EMIT;
    if (b->check_clause < 0 && !emits) {
        static const char *const verb[] = { "require", "aim", "flag" };
        diag *g = diag_error(c->d, b->at, "this block neither checks nor emits anything");
        diag_hint(g, "end it with `%s <condition>` or `emit <output> (...)`", verb[r->sev]);
    }
    plan_shown(c, b);
}

void chk_rule(checker *c, ast_rule *r)
{
    c->rule = r;
    for (int i = 0; i < r->nblocks; i++) check_block(c, r, &r->blocks[i]);
    const ast_agreement *g = c->p->agreement;
    if (r->has_force && g && g->has_period && (r->force_from < g->period_from || r->force_from > g->period_to)) {
        diag *d = diag_warning(c->d, r->at, "rule `%s` comes into force outside the agreement's period", r->id);
        diag_hint(d, "check the date after `in force from`");
    }
    c->block = NULL;
    c->nlocals = c->barrier = 0;
}
