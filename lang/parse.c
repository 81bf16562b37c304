/*
** parse.c: the builders the grammar calls, the parse entry point, and the wording of
** syntax errors.
*/
#include "parse.h"

#include <string.h>

#include "keywords.h"
#include "lexer.h"
#include "parser.h"
#include "xalloc.h"

int styr_yyparse(yyscan_t scanner, parse_ctx *ctx);

ast_file *parse_file(src_file *src, arena *a, diags *d)
{
    return parse_file_tokens(src, a, d, NULL);
}

ast_file *parse_file_tokens(src_file *src, arena *a, diags *d, parse_tokens *toks)
{
    src->lang = kw_detect(src->text, src->len);
    parse_ctx c = { .a = a, .diags = d, .src = src, .lang = src->lang, .toks = toks };
    c.file = ARENA_NEW(a, ast_file);
    c.file->src = src;
    yyscan_t scanner;
    styr_yylex_init_extra(&c, &scanner);
    YY_BUFFER_STATE b = styr_yy_scan_bytes(src->text, (int)src->len, scanner);
    styr_yyparse(scanner, &c);
    styr_yy_delete_buffer(b, scanner);
    styr_yylex_destroy(scanner);
    return c.file;
}

void parse_keep_token(parse_ctx *c, int kind, const void *value, loc at)
{
    parse_tokens *t = c->toks;
    if (t->n == t->cap) XGROW(t->v, t->cap, t->n + 1);
    parse_token *k = &t->v[t->n++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->at = at;
    const STYR_YYSTYPE *v = value;
    switch (kind) {
    case IDENT: case DOCSTRING: k->text = v->str; k->len = strlen(v->str); break;
    case STR_PART: k->text = arena_strndup(c->a, v->chunk.s, v->chunk.len); k->len = v->chunk.len; break;
    case NUMBER: k->num = v->num.value; k->unit = v->num.unit; break;
    case DATE: k->date = v->date; break;
    default: break;
    }
}

const char *parse_field_name(parse_ctx *c, loc at)
{
    const char *name = arena_strndup(c->a, c->src->text + at.start, at.end - at.start);
    /* The parser has read at most one token past it. */
    for (int i = c->toks ? c->toks->n - 1 : -1; i >= 0 && i >= c->toks->n - 3; i--) {
        if (c->toks->v[i].at.start == at.start) {
            c->toks->v[i].kind = IDENT;
            c->toks->v[i].text = name;
            c->toks->v[i].len = strlen(name);
            c->toks->v[i].field = true;
        }
    }
    return name;
}

/* ------------------------------------------------------------------ header and imports */

ast_decl *parse_add_decl(parse_ctx *c, decl_kind kind)
{
    ast_decl *d = AST_PUSH(c->a, c->file->decls, c->file->ndecls);
    d->kind = kind;
    return d;
}

void parse_agreement(parse_ctx *c, loc at, const char *name)
{
    ast_agreement *g = ARENA_NEW(c->a, ast_agreement);
    g->name = name;
    g->at = at;
    c->file->agreement = g;
}

static void header_word(parse_ctx *c, loc at, const char *word, kw_header want)
{
    if (strcmp(word, kw_header_word(c->lang, want)) != 0) {
        diag *g = diag_error(c->diags, at, "unexpected `%s` in the agreement header", word);
        diag_hint(g, "the header is: %s \"name\" %s \"name\" %s 2021-01-01 %s 2022-12-31",
                  kw_word(c->lang, AGREEMENT), kw_header_word(c->lang, KW_REGION),
                  kw_header_word(c->lang, KW_PERIOD), kw_word(c->lang, TO));
    }
}

void parse_agreement_region(parse_ctx *c, loc at, const char *word, const char *region)
{
    header_word(c, at, word, KW_REGION);
    c->file->agreement->region = region;
}

void parse_agreement_period(parse_ctx *c, loc at, const char *word, int32_t from, int32_t to)
{
    header_word(c, at, word, KW_PERIOD);
    ast_agreement *g = c->file->agreement;
    g->has_period = true;
    g->period_from = from;
    g->period_to = to;
    if (to < from) {
        diag *e = diag_error(c->diags, at, "the period ends before it begins");
        diag_hint(e, "write the first day first: period 2021-01-01 to 2022-12-31");
    }
}

void parse_import(parse_ctx *c, loc at, const char *path)
{
    ast_import *im = ARENA_NEW(c->a, ast_import);
    im->path = path;
    im->at = at;
    parse_add_decl(c, D_IMPORT)->import = im;
}

/* ------------------------------------------------------------------ datasets */

ast_dataset *parse_dataset(parse_ctx *c, loc at, const char *name, const char *title)
{
    ast_dataset *ds = ARENA_NEW(c->a, ast_dataset);
    ds->name = name;
    ds->title = title;
    ds->at = at;
    ds->file = c->src;
    ds->dated_col = -1;
    c->dataset = ds;
    return ds;
}

void parse_dataset_path(parse_ctx *c, ast_dataset *ds, loc at, const char *path)
{
    if (ds->path) diag_error(c->diags, at, "dataset `%s` already has a file", ds->name);
    ds->path = path;
    ds->path_at = at;
}

void parse_dataset_key(parse_ctx *c, loc at, const char *column)
{
    ast_dataset *ds = c->dataset;
    *AST_PUSH(c->a, ds->key_at, ds->nkey) = at;
    ds->nkey--;
    *AST_PUSH(c->a, ds->key, ds->nkey) = column;
}

void parse_dataset_dated(parse_ctx *c, ast_dataset *ds, loc at, const char *column)
{
    if (ds->dated_by) diag_error(c->diags, at, "dataset `%s` is already dated by `%s`", ds->name, ds->dated_by);
    ds->dated_by = column;
    ds->dated_at = at;
}

void parse_dataset_format(parse_ctx *c, loc at, const char *option, const char *value)
{
    ast_format *f = AST_PUSH(c->a, c->dataset->formats, c->dataset->nformats);
    f->option = option;
    f->value = value;
    f->at = at;
}

void parse_column(parse_ctx *c, loc at, const char *name, ast_typespec *spec)
{
    ast_column *col = AST_PUSH(c->a, c->dataset->cols, c->dataset->ncols);
    col->name = name;
    col->type = *spec;
    col->at = at;
}

void parse_column_optional(parse_ctx *c)
{
    c->dataset->cols[c->dataset->ncols - 1].optional = true;
}

void parse_column_header(parse_ctx *c, const char *header)
{
    ast_column *col = &c->dataset->cols[c->dataset->ncols - 1];
    *AST_PUSH(c->a, col->headers, col->nheaders) = header;
}

void parse_add_dataset(parse_ctx *c, ast_dataset *ds)
{
    parse_add_decl(c, D_DATASET)->dataset = ds;
    c->dataset = NULL;
}

ast_typespec *parse_typespec(parse_ctx *c, loc at, const char *name, const char *per)
{
    ast_typespec *t = ARENA_NEW(c->a, ast_typespec);
    t->name = name;
    t->per = per;
    t->at = at;
    return t;
}

/* ------------------------------------------------------------------ parameters, defines, tables */

void parse_param(parse_ctx *c, loc at, const char *name, ast_typespec *spec, ast_expr *value)
{
    ast_param *p = ARENA_NEW(c->a, ast_param);
    p->name = name;
    p->type = spec;
    p->value = value;
    p->at = at;
    parse_add_decl(c, D_PARAM)->param = p;
}

ast_define *parse_define(parse_ctx *c, loc at, const char *name, bool parens)
{
    ast_define *f = ARENA_NEW(c->a, ast_define);
    f->name = name;
    f->at = at;
    f->has_parens = parens;
    /* Parameters were parsed before the head was reduced; they wait in c->define. */
    if (c->define) {
        f->params = c->define->params;
        f->nparams = c->define->nparams;
    }
    c->define = NULL;
    parse_add_decl(c, D_DEFINE)->define = f;
    return f;
}

void parse_define_param(parse_ctx *c, loc at, const char *name, ast_typespec *spec)
{
    if (!c->define) c->define = ARENA_NEW(c->a, ast_define);
    ast_fparam *p = AST_PUSH(c->a, c->define->params, c->define->nparams);
    p->name = name;
    p->type = spec;
    p->at = at;
}

ast_table *parse_table(parse_ctx *c, loc at, const char *name, const char *title)
{
    ast_table *t = c->table ? c->table : ARENA_NEW(c->a, ast_table);
    t->name = name;
    t->title = title;
    t->at = at;
    c->table = t;
    return t;
}

void parse_table_by(parse_ctx *c, const char *name)
{
    /* The `by` list is reduced before the table head, so the table starts here. */
    if (!c->table) c->table = ARENA_NEW(c->a, ast_table);
    *AST_PUSH(c->a, c->table->by, c->table->nby) = name;
}

void parse_entry_pattern(parse_ctx *c, ast_pattern p)
{
    if (!c->entry) c->entry = ARENA_NEW(c->a, ast_entry);
    *AST_PUSH(c->a, c->entry->pats, c->entry->npats) = p;
}

void parse_entry_value(parse_ctx *c, loc at, ast_expr *value)
{
    ast_entry *e = AST_PUSH(c->a, c->table->entries, c->table->nentries);
    *e = *c->entry;
    e->value = value;
    e->at = at;
    c->entry = NULL;
}

ast_pattern parse_pattern(loc at, pat_kind kind, ast_expr *e)
{
    ast_pattern p = { .kind = kind, .a = e, .at = at };
    if (kind == PAT_EQ && e->kind == EX_RANGE) {
        p.kind = PAT_RANGE;
        p.a = e->a;
        p.b = e->b;
    }
    return p;
}

void parse_add_table(parse_ctx *c, ast_table *t)
{
    parse_add_decl(c, D_TABLE)->table = t;
    c->table = NULL;
}

/* ------------------------------------------------------------------ rules */

ast_rule *parse_rule(parse_ctx *c, loc at, severity sev, const char *id, const char *title,
                     const char *doc)
{
    ast_rule *r = ARENA_NEW(c->a, ast_rule);
    r->sev = sev;
    r->id = id;
    r->title = title;
    r->doc = doc;
    r->at = at;
    c->rule = r;
    return r;
}

void parse_rule_force(parse_ctx *c, ast_rule *r, loc at, int32_t from, int32_t to, bool has_to)
{
    r->has_force = true;
    r->force_from = from;
    r->force_to = has_to ? to : INT32_MAX;
    if (has_to && to < from) diag_error(c->diags, at, "the rule is in force from a date after its end");
}

void parse_add_rule(parse_ctx *c, ast_rule *r)
{
    parse_add_decl(c, D_RULE)->rule = r;
    c->rule = NULL;
    c->block = NULL;
}

ast_block *parse_block(parse_ctx *c, loc at, const char *var, ast_expr *source)
{
    ast_block *b = AST_PUSH(c->a, c->rule->blocks, c->rule->nblocks);
    b->var = var;
    b->source = source;
    b->at = at;
    c->block = b;
    return b;
}

static ast_clause *add_clause(parse_ctx *c, loc at, clause_kind kind)
{
    ast_clause *cl = AST_PUSH(c->a, c->block->clauses, c->block->nclauses);
    cl->kind = kind;
    cl->at = at;
    c->clause = cl;
    return cl;
}

void parse_clause(parse_ctx *c, loc at, clause_kind kind, const char *name, ast_expr *e)
{
    ast_clause *cl = add_clause(c, at, kind);
    cl->name = name;
    cl->e = e;
}

void parse_join(parse_ctx *c, loc at, const char *var, ast_expr *source, ast_expr *on)
{
    ast_clause *cl = add_clause(c, at, CL_JOIN);
    cl->name = var;
    cl->e = source;
    cl->e2 = on;
}

void parse_allocate(parse_ctx *c, loc at, ast_expr *total, const char *var, ast_expr *among,
                    ast_expr *weight, const char *share)
{
    ast_clause *cl = add_clause(c, at, CL_ALLOCATE);
    cl->e = total;
    cl->name = var;
    cl->e2 = among;
    cl->e3 = weight;
    cl->name2 = share;
}

static void add_field(parse_ctx *c, loc at, const char *name, ast_expr *value)
{
    ast_field *f = AST_PUSH(c->a, c->clause->fields, c->clause->nfields);
    f->name = name;
    f->value = value;
    f->at = at;
}

void parse_group_key(parse_ctx *c, loc at, const char *name, ast_expr *key)
{
    add_field(c, at, name, key);
}

void parse_emit_field(parse_ctx *c, loc at, const char *name, ast_expr *value)
{
    add_field(c, at, name, value);
}

/* ------------------------------------------------------------------ expressions */

ast_expr *parse_name(parse_ctx *c, loc at, const char *name)
{
    ast_expr *e = ast_expr_new(c->a, EX_NAME, at);
    e->name = name;
    return e;
}

ast_expr *parse_date(parse_ctx *c, loc at, int32_t days)
{
    ast_expr *e = ast_expr_new(c->a, EX_DATE, at);
    e->date = days;
    return e;
}

ast_expr *parse_bool(parse_ctx *c, loc at, bool value)
{
    ast_expr *e = ast_expr_new(c->a, EX_BOOL, at);
    e->num = rat_from_int(value);
    return e;
}

ast_expr *parse_index(parse_ctx *c, loc at, ast_expr *base, ast_expr *args)
{
    ast_expr *e = ast_expr_new(c->a, EX_INDEX, at);
    e->a = base;
    e->args = args->args;
    e->nargs = args->nargs;
    return e;
}

ast_expr *parse_list(parse_ctx *c, loc at, ast_expr *first, ast_expr *rest)
{
    ast_expr *e = ast_expr_new(c->a, EX_LIST, at);
    ast_add_arg(c->a, e, first);
    if (rest)
        for (int i = 0; i < rest->nargs; i++) ast_add_arg(c->a, e, rest->args[i]);
    return e;
}

ast_expr *parse_each(parse_ctx *c, loc at, const char *var, ast_expr *source, ast_expr *cond)
{
    ast_expr *e = ast_expr_new(c->a, EX_EACH, at);
    e->name = var;
    e->a = source;
    e->b = cond;
    return e;
}

ast_expr *parse_exists(parse_ctx *c, loc at, ast_expr *x)
{
    ast_expr *e = ast_expr_new(c->a, EX_EXISTS, at);
    e->a = x;
    return e;
}

ast_expr *parse_call(parse_ctx *c, loc at, const char *name, ast_expr *args)
{
    ast_expr *e = ast_expr_new(c->a, EX_CALL, at);
    e->name = name;
    if (args) {
        e->args = args->args;
        e->nargs = args->nargs;
        e->weight = args->weight;
        e->for_var = args->for_var;
        e->for_src = args->for_src;
        e->for_cond = args->for_cond;
    }
    return e;
}

ast_expr *parse_agg_args(parse_ctx *c, ast_expr *value, ast_expr *weight, const char *var,
                         ast_expr *source, ast_expr *cond)
{
    ast_expr *e = parse_list(c, value->at, value, NULL);
    e->weight = weight;
    e->for_var = var;
    e->for_src = source;
    e->for_cond = cond;
    return e;
}

const char *parse_plain(parse_ctx *c, ast_expr *text)
{
    buf b = {0};
    for (int i = 0; i < text->nparts; i++) {
        if (!text->parts[i].text) {
            diag *g = diag_error(c->diags, text->parts[i].expr->at,
                                 "a value cannot be put into this text");
            diag_hint(g, "only messages can show values; write {{ for a brace");
            continue;
        }
        buf_add(&b, text->parts[i].text, text->parts[i].len);
    }
    const char *s = arena_strndup(c->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

/* ------------------------------------------------------------------ syntax errors */

void parse_recover(parse_ctx *c)
{
    c->dataset = NULL;
    c->table = NULL;
    c->entry = NULL;
    c->define = NULL;
    c->rule = NULL;
    c->block = NULL;
    c->clause = NULL;
    c->test = NULL;
    c->given = NULL;
    c->expect = NULL;
}

/* Bison names tokens by their aliases ("for", "'+'", "name"); the quotes, where there
** are any, are dropped before comparing or showing them. */
static bool token_is(const char *name, const char *what)
{
    size_t n = strlen(name), w = strlen(what);
    if (n >= 2 && (name[0] == '"' || name[0] == '\'')) return n - 2 == w && !strncmp(name + 1, what, w);
    return n == w && !strcmp(name, what);
}

/* Messages show a class of tokens as words ("a name") and a particular token as code,
** a keyword in the file's own set. */
static void token_name(buf *out, const char *name, kw_lang lang)
{
    static const char *const classes[] = { "name", "number", "date", "string", "doc string", "text" };
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        if (token_is(name, classes[i])) {
            buf_printf(out, "a %s", classes[i]);
            return;
        }
    }
    if (token_is(name, "end of string")) {
        buf_puts(out, "the end of the string");
        return;
    }
    if (token_is(name, "end of file")) {
        buf_puts(out, "the end of the file");
        return;
    }
    size_t n = strlen(name);
    if (n >= 2 && (name[0] == '"' || name[0] == '\'')) {
        int kw = kw_lookup(KW_EN, name + 1, n - 2);
        if (kw) buf_printf(out, "`%s`", kw_word(lang, kw));
        else buf_printf(out, "`%.*s`", (int)n - 2, name + 1);
    } else {
        int kw = kw_lookup(KW_EN, name, n);
        buf_printf(out, "`%s`", kw ? kw_word(lang, kw) : name);
    }
}

/* A keyword of the other set where the file's own set has another word. */
static void other_set_hint(parse_ctx *c, diag *g, const char *word, size_t n)
{
    kw_lang other = c->lang == KW_DA ? KW_EN : KW_DA;
    int kw = kw_lookup(other, word, n);
    if (!kw) return;
    diag_hint(g, "`%.*s` is %s; this file is written in %s (its first word says so), where it is `%s`",
              (int)n, word, other == KW_DA ? "Danish" : "an English keyword", kw_lang_name(c->lang),
              kw_word(c->lang, kw));
}

static bool expects(const char *const *expected, int n, const char *what)
{
    for (int i = 0; i < n; i++)
        if (token_is(expected[i], what)) return true;
    return false;
}

/* Tokens that only start an expression; listed as "an expression" when a name and a
** number are both expected. */
static bool starts_expression(const char *e)
{
    static const char *const starts[] = { "name", "number", "date", "string", "(", "-", "not", "if", "true", "false" };
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (token_is(e, starts[i])) return true;
    return false;
}

void parse_syntax_error(parse_ctx *c, loc at, const char *unexpected, bool at_end,
                        const char *const *expected, int nexpected)
{
    buf msg = {0};
    if (at_end) buf_puts(&msg, "the file ends too early");
    else if (at.end > at.start && (token_is(unexpected, "name") || token_is(unexpected, "number")))
        buf_printf(&msg, "unexpected `%.*s`", (int)(at.end - at.start), c->src->text + at.start);
    else {
        buf_puts(&msg, "unexpected ");
        token_name(&msg, unexpected, c->lang);
    }
    bool expr = expects(expected, nexpected, "number") && expects(expected, nexpected, "name");
    int listed = 0, total = 0;
    for (int i = 0; i < nexpected; i++) total += !(expr && starts_expression(expected[i]));
    buf list = {0};
    if (expr) {
        buf_puts(&list, "an expression");
        listed++;
        total++;
    }
    for (int i = 0; i < nexpected && listed < 6; i++) {
        if (expr && starts_expression(expected[i])) continue;
        if (listed) buf_puts(&list, listed == total - 1 ? " or " : ", ");
        token_name(&list, expected[i], c->lang);
        listed++;
    }
    if (listed) buf_printf(&msg, "; expected %s", list.data);
    diag *g = diag_error(c->diags, at, "%s", msg.data);
    const char *word = c->src->text + at.start;
    size_t wlen = at.end - at.start;
    if (at_end) diag_hint(g, "the last declaration is not finished");
    else if (token_is(unexpected, "=") && expects(expected, nexpected, "then"))
        diag_hint(g, "after `if` and its condition comes `then`");
    else if (kw_lookup(c->lang, word, wlen))
        diag_hint(g, "`%.*s` is a reserved word; a name cannot be one", (int)wlen, word);
    else if (token_is(unexpected, "name"))
        other_set_hint(c, g, word, wlen);
    buf_free(&msg);
    buf_free(&list);
}
