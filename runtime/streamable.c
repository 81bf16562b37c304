/*
** streamable.c: which datasets can be streamed, see streamable.h.
*/
#include "streamable.h"

typedef struct use {
    const ast_dataset *d;
    bool found;
    loc at;
    const char *how;
} use;

static void note(use *u, loc at, const char *how)
{
    if (u->found) return;
    u->found = true;
    u->at = at;
    u->how = how;
}

static bool is_d(const use *u, const ast_expr *e)
{
    return e && e->kind == EX_NAME && e->ref.kind == REF_DATASET && e->ref.ds == u->d;
}

/* Notes the first expression under e that reads u->d other than row by row: a lookup
** (whose base name the checker leaves unresolved, so it is known by its type), or any
** set of its rows (the dataset itself, an aggregate's or `each`'s or a join's source). */
static void walk(use *u, const ast_expr *e)
{
    if (!e || u->found) return;
    bool lookup = e->kind == EX_INDEX && (e->lookup == LK_ROW || e->lookup == LK_ROWS);
    if (lookup && e->a->ty.ds == u->d) note(u, e->at, "looks its rows up");
    if ((e->ty.kind == TY_ROWS && e->ty.ds == u->d) || is_d(u, e)) note(u, e->at, "reads its rows as a whole");
    walk(u, e->a);
    walk(u, e->b);
    walk(u, e->c);
    for (int i = 0; i < e->nargs; i++) walk(u, e->args[i]);
    for (int i = 0; i < e->nparts; i++) walk(u, e->parts[i].expr);
    walk(u, e->weight);
    walk(u, e->for_src);
    walk(u, e->for_cond);
    walk(u, e->body);
}

static void walk_block(use *u, const ast_block *b)
{
    bool over_d = is_d(u, b->source);
    if (over_d && b->group_clause >= 0) note(u, b->clauses[b->group_clause].at, "groups its rows");
    if (!over_d) walk(u, b->source);
    for (int i = 0; i < b->nclauses; i++) {
        const ast_clause *cl = &b->clauses[i];
        walk(u, cl->e);
        walk(u, cl->e2);
        walk(u, cl->e3);
        for (int f = 0; f < cl->nfields; f++) walk(u, cl->fields[f].value);
    }
}

bool streamable(const program *prog, const ast_dataset *d, loc *at, const char **how)
{
    use u = { .d = d };
    for (int i = 0; i < prog->nglobals; i++) walk(&u, prog->globals[i].value);
    for (int r = 0; r < prog->nrules; r++)
        for (int k = 0; k < prog->rules[r]->nblocks; k++)
            if (prog->rules[r]->blocks[k].ds) walk_block(&u, &prog->rules[r]->blocks[k]);
    if (u.found) *at = u.at, *how = u.how;
    return !u.found;
}
