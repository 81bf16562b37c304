/*
** parse.h: turning rule-file text into an ast_file. parse_file is the entry point; the
** parse_* builders below are called by the grammar's actions (parser.y) and keep the
** grammar free of logic.
*/
#ifndef STYR_PARSE_H
#define STYR_PARSE_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "keywords.h"

/* A token as the formatter sees it: what the scanner gave the parser, and the comments
** it skipped. Values are kept so two files can be compared token by token. */
enum { TOK_COMMENT = -1 };
typedef struct parse_token {
    int kind;             /* the parser's token, TOK_COMMENT, or IDENT for a keyword used
                          ** as a name (t.target) */
    loc at;
    const char *text;     /* names, text parts and doc strings: the value */
    size_t len;
    rat num;              /* numbers */
    lit_unit unit;
    int32_t date;         /* dates */
    bool field;           /* a name where only a name can stand (t.x, emit x (y: ...)) */
} parse_token;

typedef struct parse_tokens {
    parse_token *v;
    int n, cap;
} parse_tokens;

typedef struct parse_ctx {
    arena *a;
    diags *diags;
    const src_file *src;
    ast_file *file;
    /* What the grammar is in the middle of. */
    ast_dataset *dataset;
    ast_table *table;
    ast_entry *entry;
    ast_define *define;
    ast_rule *rule;
    ast_block *block;
    ast_clause *clause;
    ast_test *test;
    ast_given *given;
    ast_expect *expect;
    /* Scanner state. */
    kw_lang lang;            /* the keyword set of the file */
    parse_tokens *toks;      /* NULL, or where every token and comment is kept */
    uint32_t offset;         /* byte offset of the next token */
    int interp_depth;        /* nesting of "{...}" inside strings */
} parse_ctx;

/* Parses a whole file. Always returns a file (possibly partial); errors go to d. It sets
** src->lang, the file's keyword set. */
ast_file *parse_file(src_file *src, arena *a, diags *d);
/* The same, keeping every token and comment in toks (values in a, the array malloc'ed:
** free toks->v). */
ast_file *parse_file_tokens(src_file *src, arena *a, diags *d, parse_tokens *toks);

/* Called by the scanner for each token and comment when tokens are kept. */
void parse_keep_token(parse_ctx *c, int kind, const void *value, loc at);
/* The name of a field (t.x, emit x (y: ...)), which may be a keyword (t.target): its
** text, as a name. */
const char *parse_field_name(parse_ctx *c, loc at);

/* Builders for the grammar. */
ast_decl *parse_add_decl(parse_ctx *c, decl_kind kind);
void parse_agreement(parse_ctx *c, loc at, const char *name);
void parse_agreement_region(parse_ctx *c, loc at, const char *word, const char *region);
void parse_agreement_period(parse_ctx *c, loc at, const char *word, int32_t from, int32_t to);
void parse_import(parse_ctx *c, loc at, const char *path);

ast_dataset *parse_dataset(parse_ctx *c, loc at, const char *name, const char *title);
void parse_dataset_path(parse_ctx *c, ast_dataset *ds, loc at, const char *path);
void parse_dataset_key(parse_ctx *c, loc at, const char *column);
void parse_dataset_dated(parse_ctx *c, ast_dataset *ds, loc at, const char *column);
void parse_dataset_format(parse_ctx *c, loc at, const char *option, const char *value);
void parse_column(parse_ctx *c, loc at, const char *name, ast_typespec *spec);
void parse_column_optional(parse_ctx *c);
void parse_column_header(parse_ctx *c, const char *header);
void parse_add_dataset(parse_ctx *c, ast_dataset *ds);
ast_typespec *parse_typespec(parse_ctx *c, loc at, const char *name, const char *per);

void parse_param(parse_ctx *c, loc at, const char *name, ast_typespec *spec, ast_expr *value);
ast_define *parse_define(parse_ctx *c, loc at, const char *name, bool parens);
void parse_define_param(parse_ctx *c, loc at, const char *name, ast_typespec *spec);

ast_table *parse_table(parse_ctx *c, loc at, const char *name, const char *title);
void parse_table_by(parse_ctx *c, const char *name);
void parse_entry_pattern(parse_ctx *c, ast_pattern p);
void parse_entry_value(parse_ctx *c, loc at, ast_expr *value);
ast_pattern parse_pattern(loc at, pat_kind kind, ast_expr *e);
void parse_add_table(parse_ctx *c, ast_table *t);

ast_rule *parse_rule(parse_ctx *c, loc at, severity sev, const char *id, const char *title,
                     const char *doc);
void parse_rule_force(parse_ctx *c, ast_rule *r, loc at, int32_t from, int32_t to, bool has_to);
void parse_add_rule(parse_ctx *c, ast_rule *r);
ast_block *parse_block(parse_ctx *c, loc at, const char *var, ast_expr *source);
void parse_clause(parse_ctx *c, loc at, clause_kind kind, const char *name, ast_expr *e);
void parse_join(parse_ctx *c, loc at, const char *var, ast_expr *source, ast_expr *on);
void parse_allocate(parse_ctx *c, loc at, ast_expr *total, const char *var, ast_expr *among,
                    ast_expr *weight, const char *share);
void parse_group_key(parse_ctx *c, loc at, const char *name, ast_expr *key);
void parse_emit_field(parse_ctx *c, loc at, const char *name, ast_expr *value);

/* Tests (parse_test.c). */
ast_test *parse_test(parse_ctx *c, loc at, const char *name, const char *doc);
void parse_add_test(parse_ctx *c, ast_test *t);
/* A table for dataset name (value NULL; columns and cells follow), or a parameter's value. */
void parse_given(parse_ctx *c, loc at, const char *name, ast_expr *value);
void parse_given_column(parse_ctx *c, loc at, const char *name);
void parse_given_cell(parse_ctx *c, ast_expr *cell);
void parse_expect(parse_ctx *c, loc at, expect_kind kind, const char *name, loc name_at, int status);
void parse_expect_count(parse_ctx *c, loc at, rat count, loc noun_at, const char *noun);
void parse_expect_pair(parse_ctx *c, loc at, const char *name, ast_expr *value);
void parse_expect_explained(parse_ctx *c);
/* The whole expectation's span, once its values are read. */
void parse_expect_end(parse_ctx *c, loc at);

ast_expr *parse_name(parse_ctx *c, loc at, const char *name);
ast_expr *parse_date(parse_ctx *c, loc at, int32_t days);
ast_expr *parse_bool(parse_ctx *c, loc at, bool value);
ast_expr *parse_index(parse_ctx *c, loc at, ast_expr *base, ast_expr *args);
ast_expr *parse_list(parse_ctx *c, loc at, ast_expr *first, ast_expr *rest);
ast_expr *parse_each(parse_ctx *c, loc at, const char *var, ast_expr *source, ast_expr *cond);
ast_expr *parse_exists(parse_ctx *c, loc at, ast_expr *x);
ast_expr *parse_call(parse_ctx *c, loc at, const char *name, ast_expr *args);
ast_expr *parse_agg_args(parse_ctx *c, ast_expr *value, ast_expr *weight, const char *var,
                         ast_expr *source, ast_expr *cond);
/* The text of a string without interpolations; reports an error and returns "" when it
** has any. */
const char *parse_plain(parse_ctx *c, ast_expr *text);

/* Forgets the half-built declaration after a syntax error. */
void parse_recover(parse_ctx *c);
void parse_syntax_error(parse_ctx *c, loc at, const char *unexpected, bool at_end,
                        const char *const *expected, int nexpected);

#endif
