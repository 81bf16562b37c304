/*
** parse_test.c: the builders of a rule file's tests (`test "..."`, `given`, `expect`),
** called by the grammar (parser.y). What the names mean is the test checker's business
** (check_test.c); here the test is only put together.
*/
#include "parse.h"

#include <string.h>

#include "keywords.h"
#include "parser.h"

ast_test *parse_test(parse_ctx *c, loc at, const char *name, const char *doc)
{
    ast_test *t = ARENA_NEW(c->a, ast_test);
    t->name = name;
    t->doc = doc;
    t->at = at;
    c->test = t;
    c->given = NULL;
    c->expect = NULL;
    return t;
}

void parse_add_test(parse_ctx *c, ast_test *t)
{
    parse_add_decl(c, D_TEST)->test = t;
    c->test = NULL;
    c->given = NULL;
    c->expect = NULL;
}

void parse_given(parse_ctx *c, loc at, const char *name, ast_expr *value)
{
    if (!c->test) return;
    ast_given *g = AST_PUSH(c->a, c->test->givens, c->test->ngivens);
    g->name = name;
    g->at = at;
    g->value = value;
    c->given = g;
}

void parse_given_column(parse_ctx *c, loc at, const char *name)
{
    ast_given *g = c->given;
    if (!g) return;
    int n = g->ncols;
    *AST_PUSH(c->a, g->cols, g->ncols) = name;
    *AST_PUSH(c->a, g->col_at, n) = at;
}

void parse_given_cell(parse_ctx *c, ast_expr *cell)
{
    if (c->given) *AST_PUSH(c->a, c->given->cells, c->given->ncells) = cell;
}

void parse_expect(parse_ctx *c, loc at, expect_kind kind, const char *name, loc name_at, int status)
{
    if (!c->test) return;
    ast_expect *e = AST_PUSH(c->a, c->test->expects, c->test->nexpects);
    e->kind = kind;
    e->name = name;
    e->at = at;
    e->name_at = name_at;
    e->status = status;
    c->expect = e;
}

void parse_expect_count(parse_ctx *c, loc at, rat count, loc noun_at, const char *noun)
{
    ast_expect *e = c->expect;
    if (!e) return;
    e->has_count = true;
    e->noun = noun;
    e->count_at = at;
    kw_count want = e->kind == EXP_ROWS ? KW_ROWS : KW_VIOLATIONS, got;
    bool plural;
    int64_t n = 0;
    if (!rat_is_int(count) || !rat_to_int64(count, &n) || n < 0) {
        diag *g = diag_error(c->diags, at, "a count is a whole number, 0 or more");
        diag_hint(g, "write the number of %s, like 2", kw_count_word(c->lang, want, true));
    }
    e->count = n;
    if (!kw_count_lookup(c->lang, noun, &got, &plural) || got != want) {
        diag *g = diag_error(c->diags, noun_at, "expected `%s` or `%s` after the count, not `%s`",
                             kw_count_word(c->lang, want, false), kw_count_word(c->lang, want, true), noun);
        const char *verb = kw_word(c->lang, e->kind == EXP_ROWS ? HAS : WITH);
        diag_hint(g, "write `%s 1 %s` or `%s 2 %s`", verb, kw_count_word(c->lang, want, false), verb,
                  kw_count_word(c->lang, want, true));
    }
}

void parse_expect_pair(parse_ctx *c, loc at, const char *name, ast_expr *value)
{
    ast_expect *e = c->expect;
    if (!e) return;
    ast_pair *p = AST_PUSH(c->a, e->pairs, e->npairs);
    p->name = name;
    p->at = at;
    p->value = value;
}

void parse_expect_explained(parse_ctx *c)
{
    if (c->expect) c->expect->explained = true;
}

void parse_expect_end(parse_ctx *c, loc at)
{
    if (c->expect) c->expect->at = at;
}
