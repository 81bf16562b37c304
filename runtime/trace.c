/*
** trace.c: the hooks of the interpreter's tracing mode (trace.h). Each records a step of
** the explanation with the rule text it runs and the values it read, evaluating again
** (as the interpreter just did, on the same frames) the parts of an expression worth
** showing: the operands of a condition and every lookup with its key and what it found.
*/
#include "trace.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "xalloc.h"

enum { MAX_VALUES = 24, JOINED_SHOWN = 5 };

/* ------------------------------------------------------------------ texts and values */

/* The text at a place in a rule file, with runs of spaces and line ends made one space. */
static const char *source_text(explanation *x, loc at)
{
    buf b = {0};
    const char *s = at.file->text + at.start;
    bool space = false;
    for (uint32_t i = 0; i < at.end - at.start; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = true;
            continue;
        }
        if (space && b.len) buf_putc(&b, ' ');
        space = false;
        buf_putc(&b, c);
    }
    const char *t = arena_strndup(&x->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return t;
}

/* A value that lives as long as the explanation; rows and lists become their description. */
static rep_value kept(explanation *x, const char *name, stype ty, value v)
{
    if (v.kind == V_ROW || v.kind == V_ROWS || v.kind == V_LIST) {
        buf b = {0};
        val_format(v, ty, &b);
        v = val_text(arena_strndup(&x->arena, b.data, b.len), (uint32_t)b.len);
        ty = (stype){ .kind = TY_TEXT };
        buf_free(&b);
    } else if (v.kind == V_TEXT) {
        v.text.s = arena_strndup(&x->arena, v.text.s, v.text.len);
    }
    return (rep_value){ name, ty, v };
}

static xp_step *add_at(explanation *x, xp_kind kind, int depth, loc at)
{
    xp_step *s = xp_add(x, kind);
    s->depth = depth;
    if (at.file) {
        uint32_t col;
        s->file = at.file->path;
        src_line_col(at.file, at.start, &s->line, &col);
    }
    return s;
}

/* Values gathered for one step before they are kept. */
typedef struct values {
    rep_value v[MAX_VALUES];
    int n;
} values;

static void put_value(explanation *x, values *vs, const char *name, stype ty, value v)
{
    for (int i = 0; i < vs->n; i++)
        if (!strcmp(vs->v[i].name, name)) return;
    if (vs->n < MAX_VALUES) vs->v[vs->n++] = kept(x, name, ty, v);
}

static void set_values(explanation *x, xp_step *s, const values *vs)
{
    s->nvalues = vs->n;
    s->values = ARENA_ARRAY(&x->arena, rep_value, vs->n ? vs->n : 1);
    memcpy(s->values, vs->v, (size_t)vs->n * sizeof *vs->v);
}

static bool is_literal(const ast_expr *e)
{
    return e->kind == EX_NUM || e->kind == EX_DATE || e->kind == EX_BOOL ||
           (e->kind == EX_TEXT && e->nparts == 1 && e->parts[0].text);
}

static value value_of(interp *in, env *v, const ast_expr *e)
{
    value x;
    return interp_eval(in, v, e, &x) ? x : val_empty();
}

/* An operand of a condition, named by its source text. */
static void operand(interp *in, env *v, const ast_expr *e, values *vs)
{
    if (!is_literal(e)) put_value(in->trace->x, vs, source_text(in->trace->x, e->at), e->ty, value_of(in, v, e));
}

/* Does the left side of `and` / `or` decide it, as eval_logic does? */
static bool decides(const ast_expr *e, value a)
{
    return a.kind == V_BOOL && a.b != (e->kind == EX_AND);
}

/* The values a condition reads: both sides of a comparison, what `in` tests, what
** `exists` asks about, through `and`, `or` and `not` as far as they are evaluated. */
static void operands(interp *in, env *v, const ast_expr *e, values *vs)
{
    switch (e->kind) {
    case EX_COMPARE:
        operand(in, v, e->a, vs);
        operand(in, v, e->b, vs);
        return;
    case EX_IN:
        operand(in, v, e->a, vs);
        if (e->b->kind == EX_RANGE) {
            operand(in, v, e->b->a, vs);
            operand(in, v, e->b->b, vs);
        } else if (e->b->kind != EX_LIST) {
            operand(in, v, e->b, vs);
        }
        return;
    case EX_AND:
    case EX_OR:
        operands(in, v, e->a, vs);
        if (!decides(e, value_of(in, v, e->a))) operands(in, v, e->b, vs);
        return;
    case EX_UNARY:
        if (e->op == OP_NOT) operands(in, v, e->a, vs);
        else operand(in, v, e, vs);
        return;
    case EX_EXISTS: operand(in, v, e->a, vs); return;
    default: operand(in, v, e, vs); return;
    }
}

/* ------------------------------------------------------------------ lookups */

static void lookups(interp *in, env *v, const ast_expr *e, int depth);

/* tariffs[t.offer_id, 2019]: the dataset, the key by its columns, the row(s) found. */
static void dataset_lookup(interp *in, env *v, const ast_expr *e, int depth)
{
    explanation *x = in->trace->x;
    const ast_dataset *decl = e->a->ty.ds ? e->a->ty.ds : e->a->ref.ds;
    xp_step *s = add_at(x, XP_LOOKUP, depth, e->at);
    s->source = source_text(x, e->at);
    s->dataset = decl->name;
    values vs = { .n = 0 };
    for (int i = 0; i < e->nargs && i < decl->nkey; i++) {
        const ast_expr *k = e->args[i];
        if (k->kind == EX_RANGE) {
            value lo = value_of(in, v, k->a), hi = value_of(in, v, k->b);
            put_value(x, &vs, arena_printf(&x->arena, "%s from", decl->key[i]), k->a->ty, lo);
            put_value(x, &vs, arena_printf(&x->arena, "%s to", decl->key[i]), k->b->ty, hi);
        } else {
            put_value(x, &vs, decl->key[i], k->ty, value_of(in, v, k));
        }
    }
    set_values(x, s, &vs);
    value found = value_of(in, v, e);
    if (found.kind == V_ROW) {
        s->outcome = "found";
        s->row = ds_line(found.row.ds, found.row.row);
        s->nrows = 1;
    } else if (found.kind == V_ROWS) {
        const rowset *rs = found.list.set;
        s->nrows = (int64_t)rs->n;
        s->outcome = rs->n ? "found" : "no row";
        if (rs->n) {
            buf b = {0};
            buf_puts(&b, rs->n == 1 ? "line" : "lines");
            for (size_t i = 0; i < rs->n && i < TRACE_GROUP_LINES; i++)
                buf_printf(&b, "%s %lld", i ? "," : "", (long long)ds_line(rs->ds, rs->rows[i]));
            if (rs->n > TRACE_GROUP_LINES) buf_printf(&b, ", ... (%zu rows)", rs->n);
            s->note = arena_strndup(&x->arena, b.data, b.len);
            buf_free(&b);
        }
    } else {
        s->outcome = "no row";
        s->nrows = 0;
    }
}

/* coverage_rate[project_year], expenditure[municipality, year - 1]: the inputs and the value. */
static void value_lookup(interp *in, env *v, const ast_expr *e, int depth)
{
    explanation *x = in->trace->x;
    xp_step *s = add_at(x, XP_LOOKUP, depth, e->at);
    s->source = source_text(x, e->at);
    values vs = { .n = 0 };
    for (int i = 0; i < e->nargs; i++) operand(in, v, e->args[i], &vs);
    set_values(x, s, &vs);
    value r = value_of(in, v, e);
    s->outcome = r.kind == V_EMPTY ? (e->lookup == LK_GROUPLET ? "no such group" : "no entry") : "found";
    s->result = kept(x, "value", e->ty, r);
}

/* The lookups in e, in the order the interpreter makes them, as far as it evaluates e. */
static void lookups(interp *in, env *v, const ast_expr *e, int depth)
{
    if (!e) return;
    switch (e->kind) {
    case EX_INDEX:
        for (int i = 0; i < e->nargs; i++) lookups(in, v, e->args[i], depth);
        if (e->lookup == LK_ROW || e->lookup == LK_ROWS) dataset_lookup(in, v, e, depth);
        else value_lookup(in, v, e, depth);
        return;
    case EX_CALL:
        if (e->group_agg) return;          /* the group's aggregate: a step of its own */
        if (e->for_var) {
            lookups(in, v, e->for_src, depth);
            return;
        }
        for (int i = 0; i < e->nargs; i++) lookups(in, v, e->args[i], depth);
        if (e->define) {
            /* The body reads its arguments from their slots, as eval_call sets them. */
            for (int i = 0; i < e->nargs; i++) v->f[e->arg_level][e->arg_slots[i]] = value_of(in, v, e->args[i]);
            lookups(in, v, e->body, depth);
        }
        return;
    case EX_AND:
    case EX_OR:
        lookups(in, v, e->a, depth);
        if (!decides(e, value_of(in, v, e->a))) lookups(in, v, e->b, depth);
        return;
    case EX_IF: {
        lookups(in, v, e->a, depth);
        value c = value_of(in, v, e->a);
        if (c.kind == V_BOOL) lookups(in, v, c.b ? e->b : e->c, depth);
        return;
    }
    case EX_OTHERWISE:
        lookups(in, v, e->a, depth);
        if (!interp_exists(value_of(in, v, e->a))) lookups(in, v, e->b, depth);
        return;
    case EX_EACH: lookups(in, v, e->a, depth); return;
    case EX_TEXT:
        for (int i = 0; i < e->nparts; i++) lookups(in, v, e->parts[i].expr, depth);
        return;
    default:
        lookups(in, v, e->a, depth);
        lookups(in, v, e->b, depth);
        lookups(in, v, e->c, depth);
        for (int i = 0; i < e->nargs; i++) lookups(in, v, e->args[i], depth);
        return;
    }
}

/* ------------------------------------------------------------------ clauses */

/* The value of `let name = value` as written: from after the `=` to the end of the
** expression, with the closing parentheses the expression's own place leaves out. */
static const char *value_source(explanation *x, const ast_clause *cl)
{
    loc at = cl->e->at;
    const char *text = at.file->text;
    uint32_t start = cl->at.end;
    while (start < at.start && (text[start] == ' ' || text[start] == '=')) start++;
    int open = 0;
    for (uint32_t i = start; i < at.end; i++) open += (text[i] == '(') - (text[i] == ')');
    uint32_t end = at.end;
    for (uint32_t i = end; open > 0 && i < at.file->len && (text[i] == ' ' || text[i] == ')'); i++)
        if (text[i] == ')') open--, end = i + 1;
    return source_text(x, (loc){ at.file, start, end });
}

static const char *clause_source(explanation *x, const ast_block *b, const ast_clause *cl)
{
    switch (cl->kind) {
    case CL_LET: return arena_printf(&x->arena, "let %s = %s", cl->name, value_source(x, cl));
    case CL_SHOW: return arena_printf(&x->arena, "show %s = %s", cl->name, value_source(x, cl));
    case CL_GROUP:
    case CL_EMIT: {
        buf t = {0};
        buf_puts(&t, cl->kind == CL_GROUP ? "group by " : "emit ");
        if (cl->kind == CL_EMIT) buf_printf(&t, "%s (", cl->name);
        for (int i = 0; i < cl->nfields; i++) buf_printf(&t, "%s%s", i ? ", " : "", source_text(x, cl->fields[i].at));
        if (cl->kind == CL_GROUP && !cl->nfields) buf_puts(&t, "all");
        if (cl->kind == CL_EMIT) buf_putc(&t, ')');
        const char *s = arena_strndup(&x->arena, t.data, t.len);
        buf_free(&t);
        return s;
    }
    default: (void)b; return source_text(x, cl->at);
    }
}

static xp_kind step_kind(clause_kind k)
{
    switch (k) {
    case CL_WHERE: return XP_WHERE;
    case CL_LET: return XP_LET;
    case CL_JOIN:
    case CL_ALLOCATE: return XP_JOIN;
    case CL_GROUP: return XP_GROUP;
    case CL_REQUIRE:
    case CL_AIM:
    case CL_FLAG: return XP_CHECK;
    case CL_EXPLAINED: return XP_EXPLAINED;
    case CL_MESSAGE: return XP_MESSAGE;
    case CL_SHOW: return XP_SHOW;
    case CL_EMIT: return XP_EMIT;
    }
    return XP_NOTE;
}

static xp_step *clause_step(interp *in, const ast_block *b, const ast_clause *cl)
{
    explanation *x = in->trace->x;
    xp_step *s = add_at(x, step_kind(cl->kind), 0, cl->kind == CL_LET || cl->kind == CL_SHOW ? cl->e->at : cl->at);
    if (cl->kind == CL_LET || cl->kind == CL_SHOW) {
        /* A let's place is its name; the line of its value is as good and often the same. */
        uint32_t col;
        src_line_col(cl->at.file, cl->at.start, &s->line, &col);
    }
    s->source = clause_source(x, b, cl);
    return s;
}

/* The values that come with the item of a broken check: shown values, the
** explanation and the message, as record_violation made them. */
static void item_steps(interp *in, env *v, const ast_block *b, const rep_item *it)
{
    explanation *x = in->trace->x;
    for (int i = b->check_clause + 1; i < b->nclauses; i++) {
        const ast_clause *cl = &b->clauses[i];
        if (cl->kind == CL_SHOW) {
            xp_step *s = clause_step(in, b, cl);
            s->result = kept(x, cl->name, cl->e->ty, v->f[cl->level][cl->slot]);
            lookups(in, v, cl->e, 1);
        } else if (cl->kind == CL_EXPLAINED) {
            xp_step *s = clause_step(in, b, cl);
            s->outcome = it->explained ? "explained" : "not explained";
            if (it->explained) {
                s->result = kept(x, "explanation", (stype){ .kind = TY_TEXT },
                                 val_text(it->explanation, (uint32_t)strlen(it->explanation)));
                if (it->explained_on.name) {
                    s->nvalues = 1;
                    s->values = ARENA_NEW(&x->arena, rep_value);
                    s->values[0] = kept(x, it->explained_on.name, it->explained_on.ty, it->explained_on.v);
                }
            }
            lookups(in, v, cl->e, 1);
        }
    }
    const ast_clause *msg = NULL;
    for (int i = b->check_clause + 1; i < b->nclauses; i++)
        if (b->clauses[i].kind == CL_MESSAGE) msg = &b->clauses[i];
    xp_step *m = msg ? clause_step(in, b, msg) : xp_add(x, XP_MESSAGE);
    if (!msg) m->source = "message (made from the check)";
    m->result = kept(x, "message", (stype){ .kind = TY_TEXT }, val_text(it->message, (uint32_t)strlen(it->message)));
}

static void check_step(interp *in, env *v, const ast_block *b, const ast_clause *cl)
{
    explanation *x = in->trace->x;
    trace *tr = in->trace;
    x->checked++;
    xp_step *s = clause_step(in, b, cl);
    value ok = value_of(in, v, cl->e);
    bool holds = ok.kind == V_BOOL && ok.b;
    if (cl->kind == CL_FLAG) s->outcome = holds ? "fires" : "does not fire";
    else s->outcome = holds ? "holds" : ok.kind == V_EMPTY ? "cannot be decided" : "fails";
    values vs = { .n = 0 };
    operands(in, v, cl->e, &vs);
    /* A target's distance and trend, as the item shows them. */
    for (int i = 0; tr->item && i < tr->item->nvalues; i++) {
        const rep_value *iv = &tr->item->values[i];
        if (!strcmp(iv->name, "distance") || !strcmp(iv->name, "trend")) put_value(x, &vs, iv->name, iv->ty, iv->v);
    }
    set_values(x, s, &vs);
    lookups(in, v, cl->e, 1);
    if (tr->item) item_steps(in, v, b, tr->item);
    tr->item = NULL;
}

void trace_clause(interp *in, env *v, const ast_block *b, const ast_clause *cl, bool passed)
{
    trace *tr = in->trace;
    if (!tr->target) {
        /* The rows of a grouped block: each where's count, for the group's step. */
        if (cl->kind == CL_WHERE && tr->kept && cl->level == LV_ROW) (passed ? tr->kept : tr->dropped)[cl - b->clauses]++;
        return;
    }
    explanation *x = tr->x;
    if (cl->kind == CL_EMIT) x->emitted++;
    if (tr->quiet) return;
    switch (cl->kind) {
    case CL_WHERE: {
        xp_step *s = clause_step(in, b, cl);
        s->outcome = passed ? "kept" : "dropped";
        values vs = { .n = 0 };
        operands(in, v, cl->e, &vs);
        set_values(x, s, &vs);
        lookups(in, v, cl->e, 1);
        break;
    }
    case CL_LET: {
        xp_step *s = clause_step(in, b, cl);
        s->result = kept(x, cl->name, cl->e->ty, v->f[cl->level][cl->slot]);
        lookups(in, v, cl->e, 1);
        break;
    }
    case CL_JOIN:
    case CL_ALLOCATE: {
        xp_step *s = clause_step(in, b, cl);
        value src = value_of(in, v, cl->kind == CL_JOIN ? cl->e : cl->e2);
        s->nrows = src.kind == V_ROWS ? (int64_t)src.list.set->n : 0;
        if (cl->kind == CL_JOIN) s->outcome = passed ? "found" : "no row";
        else s->result = kept(x, "total", cl->e->ty, value_of(in, v, cl->e));
        lookups(in, v, cl->kind == CL_JOIN ? cl->e : cl->e2, 1);
        tr->joined = 0;
        break;
    }
    case CL_REQUIRE:
    case CL_AIM:
    case CL_FLAG: check_step(in, v, b, cl); break;
    case CL_EMIT: {
        xp_step *s = clause_step(in, b, cl);
        values vs = { .n = 0 };
        for (int i = 0; i < cl->nfields; i++)
            put_value(x, &vs, cl->fields[i].name, cl->fields[i].value->ty, value_of(in, v, cl->fields[i].value));
        set_values(x, s, &vs);
        break;
    }
    case CL_GROUP:
    case CL_EXPLAINED:
    case CL_MESSAGE:
    case CL_SHOW: break;   /* groups: trace_aggregates; the rest: with the check's item */
    }
}

void trace_joined(interp *in, env *v, const ast_block *b, const ast_clause *cl, bool joined)
{
    trace *tr = in->trace;
    if (!tr->target) return;
    (void)b;
    if (++tr->joined > JOINED_SHOWN) {
        if (!tr->quiet) {
            xp_step *s = xp_add(tr->x, XP_NOTE);
            s->depth = 1;
            s->note = arena_printf(&tr->x->arena, "the other rows of the %s run the same clauses; not shown",
                                   cl->kind == CL_JOIN ? "join" : "allocation");
        }
        tr->quiet = true;
        return;
    }
    value r = v->f[LV_ROW][cl->slot];
    xp_step *s = xp_add(tr->x, XP_JOIN);
    s->depth = 1;
    s->source = cl->name;
    s->dataset = r.row.ds->name;
    s->row = ds_line(r.row.ds, r.row.row);
    s->outcome = joined ? "joined" : "left out by `on`";
    if (cl->kind == CL_ALLOCATE) s->result = kept(tr->x, cl->name2, cl->e->ty, v->f[LV_ROW][cl->slot2]);
}

/* ------------------------------------------------------------------ rows and blocks */

bool trace_block(interp *in, int bi)
{
    trace *tr = in->trace;
    tr->block = bi;
    tr->target = tr->quiet = false;
    tr->group_rows = 0;
    tr->item = NULL;
    if (!tr->targets[bi].applies) return false;
    const ast_block *b = &tr->x->rule->blocks[bi];
    if (b->group_clause >= 0) {
        tr->kept = xcalloc((size_t)b->nclauses, sizeof *tr->kept);
        tr->dropped = xcalloc((size_t)b->nclauses, sizeof *tr->dropped);
    }
    return true;
}

static bool row_selected(const trace_target *t, const dataset *ds, uint32_t row)
{
    for (int k = 0; k < t->n; k++)
        if (!val_equal(val_cell(ds, t->col[k], row), t->val[k])) return false;
    return true;
}

size_t trace_select(interp *in, const ast_block *b, uint32_t *rows, size_t n)
{
    if (b->group_clause >= 0) return n;
    const trace_target *t = &in->trace->targets[in->trace->block];
    const dataset *ds = in->data[b->ds->index];
    size_t kept_rows = 0, selected = 0;
    for (size_t i = 0; i < n; i++) {
        if (!row_selected(t, ds, rows[i])) continue;
        if (selected++ < TRACE_MAX_ROWS) rows[kept_rows++] = rows[i];
    }
    in->trace->found += kept_rows;
    if (selected > kept_rows) {
        xp_step *s = xp_add(in->trace->x, XP_NOTE);
        s->note = arena_printf(&in->trace->x->arena,
                               "the key selects %zu rows of %s; the first %d are explained (give more of the key)",
                               selected, ds->name, TRACE_MAX_ROWS);
    }
    return kept_rows;
}

void trace_row(interp *in, const ast_block *b, uint32_t row, bool in_force)
{
    trace *tr = in->trace;
    if (b->group_clause >= 0) return;
    explanation *x = tr->x;
    tr->target = true;
    tr->quiet = false;
    const dataset *ds = in->data[b->ds->index];
    xp_step *s = add_at(x, XP_ROW, 0, b->at);
    s->source = arena_printf(&x->arena, "for %s in %s", b->var, source_text(x, b->source->at));
    s->dataset = ds->name;
    s->row = ds_line(ds, row);
    values vs = { .n = 0 };
    for (int k = 0; k < b->ds->nkey; k++) {
        int col = b->ds->key_col[k];
        put_value(x, &vs, b->ds->key[k], b->ds->cols[col].ty, val_cell(ds, col, row));
    }
    set_values(x, s, &vs);
    if (!in_force) {
        const ast_rule *r = x->rule;
        char from[11], to[11];
        date_format_iso(r->force_from, from);
        date_format_iso(r->force_to, to);
        s->outcome = "not in force";
        s->note = r->force_to == INT32_MAX
                      ? arena_printf(&x->arena, "the rule is in force from %s; this row is dated before", from)
                      : arena_printf(&x->arena, "the rule is in force from %s to %s; this row is dated outside", from, to);
    }
}

static bool same_keys(const value *a, const value *b, int n)
{
    for (int i = 0; i < n; i++)
        if (!val_equal(a[i], b[i])) return false;
    return true;
}

void trace_group_row(interp *in, env *v, const ast_block *b, const value *keys)
{
    trace *tr = in->trace;
    const trace_target *t = &tr->targets[tr->block];
    if (!same_keys(keys, t->val, t->n)) return;
    if (tr->group_rows < TRACE_GROUP_LINES) {
        value r = v->f[LV_ROW][b->var_slot];
        tr->group_lines[tr->group_rows] = ds_line(r.row.ds, r.row.row);
    }
    tr->group_rows++;
}

void trace_group(interp *in, const ast_block *b, const group *g)
{
    trace *tr = in->trace;
    const ast_clause *gc = &b->clauses[b->group_clause];
    tr->target = same_keys(g->frame, tr->targets[tr->block].val, gc->nfields);
    tr->quiet = false;
}

/* The row-level clauses of a grouped block, as counts over all rows. */
static void row_summary(interp *in, const ast_block *b)
{
    trace *tr = in->trace;
    explanation *x = tr->x;
    xp_step *s = add_at(x, XP_ROW, 0, b->at);
    s->source = arena_printf(&x->arena, "for %s in %s", b->var, source_text(x, b->source->at));
    s->dataset = b->ds->name;
    for (int i = 0; i < b->group_clause; i++) {
        const ast_clause *cl = &b->clauses[i];
        xp_step *c = clause_step(in, b, cl);
        if (cl->kind == CL_WHERE)
            c->note = arena_printf(&x->arena, "kept %lld rows and dropped %lld, in all groups", (long long)tr->kept[i],
                                   (long long)tr->dropped[i]);
    }
}

/* The keys of a group the key does not name, for the hint when it names none. */
static void note_other_group(trace *tr, const ast_block *b, const group *g)
{
    const ast_clause *gc = &b->clauses[b->group_clause];
    if (tr->nother_groups++ >= TRACE_GROUPS_LISTED) return;
    buf_puts(&tr->other_groups, tr->other_groups.len ? "; " : "");
    for (int i = 0; i < gc->nfields; i++) {
        buf_printf(&tr->other_groups, "%s%s=", i ? "," : "", gc->fields[i].name);
        val_format(g->frame[i], gc->fields[i].value->ty, &tr->other_groups);
    }
}

void trace_aggregates(interp *in, const ast_block *b, const group *g)
{
    trace *tr = in->trace;
    if (!tr->target) {
        note_other_group(tr, b, g);
        return;
    }
    explanation *x = tr->x;
    row_summary(in, b);
    const ast_clause *gc = &b->clauses[b->group_clause];
    xp_step *s = clause_step(in, b, gc);
    s->nrows = tr->group_rows;
    values vs = { .n = 0 };
    for (int i = 0; i < gc->nfields; i++) put_value(x, &vs, gc->fields[i].name, gc->fields[i].value->ty, g->frame[i]);
    set_values(x, s, &vs);
    buf lines = {0};
    buf_printf(&lines, "%lld rows of %s, lines", (long long)tr->group_rows, b->ds->name);
    for (int64_t i = 0; i < tr->group_rows && i < TRACE_GROUP_LINES; i++)
        buf_printf(&lines, "%s %lld", i ? "," : "", (long long)tr->group_lines[i]);
    if (tr->group_rows > TRACE_GROUP_LINES) buf_puts(&lines, ", ...");
    s->note = arena_strndup(&x->arena, lines.data, lines.len);
    buf_free(&lines);
    for (int k = 0; k < b->naggs; k++) {
        const ast_expr *e = b->aggs[k];
        const agg_state *a = &g->aggs[k];
        xp_step *as = add_at(x, XP_AGGREGATE, 1, e->at);
        as->source = source_text(x, e->at);
        as->result = kept(x, "value", e->ty, g->frame[e->ref.slot]);
        values av = { .n = 0 };
        stype plain = { .kind = TY_NUM };
        if (e->fn != BI_COUNT) put_value(x, &av, "count", (stype){ .kind = TY_NUM, .integral = true }, val_int(a->count));
        if (e->fn == BI_SUM || (e->fn == BI_MEAN && !e->weight)) put_value(x, &av, "sum", e->args[0]->ty, val_num(a->sum));
        if (e->fn == BI_MEAN && e->weight) {
            put_value(x, &av, "sum of value × weight", plain, val_num(a->sum));
            put_value(x, &av, "sum of weights", plain, val_num(a->wsum));
        }
        set_values(x, as, &av);
    }
}

void trace_item(interp *in, env *v, const ast_block *b, const rep_item *it)
{
    trace *tr = in->trace;
    if (!tr->target) return;
    explanation *x = tr->x;
    if (it->error) {
        x->errors++;
        xp_step *s = xp_add(x, XP_ERROR);
        s->note = arena_strdup(&x->arena, it->error);
        return;
    }
    (void)v;
    (void)b;
    x->violations++;
    x->explained += it->explained;
    tr->item = it;
}

void trace_block_end(interp *in, const ast_block *b)
{
    trace *tr = in->trace;
    if (b->group_clause >= 0 && tr->group_rows) tr->found++;
    free(tr->kept);
    free(tr->dropped);
    tr->kept = tr->dropped = NULL;
    tr->target = false;
}
