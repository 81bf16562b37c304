/*
** ast.c: builders for the syntax tree, used by the parser's actions, and deep copy,
** used by the checker to give each call of a define a body of its own.
*/
#include "ast.h"

#include <string.h>

ast_expr *ast_expr_new(arena *a, ex_kind kind, loc at)
{
    ast_expr *e = ARENA_NEW(a, ast_expr);
    e->kind = kind;
    e->at = at;
    e->ty = ty_error;
    return e;
}

ast_expr *ast_num(arena *a, loc at, rat value, lit_unit unit)
{
    ast_expr *e = ast_expr_new(a, EX_NUM, at);
    e->num = value;
    e->unit = unit;
    return e;
}

ast_expr *ast_unary(arena *a, loc at, int op, ast_expr *x)
{
    ast_expr *e = ast_expr_new(a, EX_UNARY, loc_join(at, x->at));
    e->op = op;
    e->a = x;
    return e;
}

ast_expr *ast_binary(arena *a, ex_kind kind, int op, ast_expr *x, ast_expr *y)
{
    ast_expr *e = ast_expr_new(a, kind, loc_join(x->at, y->at));
    e->op = op;
    e->a = x;
    e->b = y;
    return e;
}

ast_expr *ast_member(arena *a, loc at, ast_expr *obj, const char *name)
{
    ast_expr *e = ast_expr_new(a, EX_FIELD, loc_join(obj->at, at));
    e->a = obj;
    e->name = name;
    return e;
}

ast_expr *ast_if(arena *a, loc at, ast_expr *c, ast_expr *t, ast_expr *e)
{
    ast_expr *x = ast_expr_new(a, EX_IF, loc_join(at, e->at));
    x->a = c;
    x->b = t;
    x->c = e;
    return x;
}

/* Capacity for n elements: 4, 8, 16...; an array grows when n reaches its capacity. */
static int capacity(int n)
{
    int cap = 4;
    while (cap < n) cap *= 2;
    return cap;
}

void *ast_push(arena *a, void *arrayp, int *n, size_t sz)
{
    char **array = arrayp;
    if (*n == 0 || *n == capacity(*n)) {
        char *grown = arena_alloc(a, sz * (size_t)capacity(*n + 1));
        if (*n) memcpy(grown, *array, sz * (size_t)*n);
        *array = grown;
    }
    return *array + sz * (size_t)(*n)++;
}

void ast_add_arg(arena *a, ast_expr *e, ast_expr *arg)
{
    *AST_PUSH(a, e->args, e->nargs) = arg;
}

void ast_add_part(arena *a, ast_expr *text, const char *s, size_t len, ast_expr *interp)
{
    /* Adjacent literal chunks (the lexer splits at escapes) are merged into one part. */
    if (s && text->nparts && text->parts[text->nparts - 1].text) {
        ast_strpart *last = &text->parts[text->nparts - 1];
        char *joined = arena_alloc(a, last->len + len + 1);
        memcpy(joined, last->text, last->len);
        memcpy(joined + last->len, s, len);
        last->text = joined;
        last->len += len;
        return;
    }
    ast_strpart *p = AST_PUSH(a, text->parts, text->nparts);
    p->text = s ? arena_strndup(a, s, len) : NULL;
    p->len = len;
    p->expr = interp;
}

ast_expr *ast_copy_expr(arena *a, const ast_expr *e)
{
    if (!e) return NULL;
    ast_expr *c = ARENA_NEW(a, ast_expr);
    *c = *e;
    c->a = ast_copy_expr(a, e->a);
    c->b = ast_copy_expr(a, e->b);
    c->c = ast_copy_expr(a, e->c);
    c->weight = ast_copy_expr(a, e->weight);
    c->for_src = ast_copy_expr(a, e->for_src);
    c->for_cond = ast_copy_expr(a, e->for_cond);
    c->body = NULL;
    c->arg_slots = NULL;
    if (e->nargs) {
        c->args = ARENA_ARRAY(a, ast_expr *, capacity(e->nargs));
        for (int i = 0; i < e->nargs; i++) c->args[i] = ast_copy_expr(a, e->args[i]);
    }
    if (e->nparts) {
        c->parts = ARENA_ARRAY(a, ast_strpart, capacity(e->nparts));
        for (int i = 0; i < e->nparts; i++) {
            c->parts[i] = e->parts[i];
            c->parts[i].expr = ast_copy_expr(a, e->parts[i].expr);
        }
    }
    return c;
}
