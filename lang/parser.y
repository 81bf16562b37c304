/*
** parser.y: the grammar of styr rule files. A pure LALR(1) parser with locations and
** lookahead correction, so its "expected ..." lists are right; actions only call the
** builders of ast.h and parse.c. Errors recover at the next clause or declaration, so
** one run reports several.
*/
%code requires {
#include "ast.h"
#include "parse.h"
#include <string.h>
typedef void *yyscan_t;
#define STYR_YYLTYPE loc
#define STYR_YYLTYPE_IS_DECLARED 1
}

%code provides {
int styr_yylex(STYR_YYSTYPE *yylval, loc *yylloc, yyscan_t scanner);
}

%code {
/* A span from the first to the last symbol of a rule; an empty rule sits at the end of
** what came before. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                      \
    do {                                                                 \
        if (N) {                                                         \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                          \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                        \
            (Cur).end = YYRHSLOC(Rhs, N).end;                            \
        } else {                                                         \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                          \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;              \
        }                                                                \
    } while (0)
#define A (ctx->a)
static void styr_yyerror(loc *at, yyscan_t scanner, parse_ctx *ctx, const char *msg);
}

%define api.prefix {styr_yy}
%define api.pure full
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {parse_ctx *ctx}

%union {
    const char *str;
    struct { const char *s; size_t len; } chunk;
    struct { rat value; lit_unit unit; } num;
    int32_t date;
    int op;
    ast_expr *expr;
    ast_typespec *typespec;
    ast_dataset *dataset;
    ast_table *table;
    ast_rule *rule;
    ast_block *block;
    ast_define *define;
    ast_test *test;
    ast_pattern pattern;
    severity sev;
}

%token <str> IDENT "name" DOCSTRING "doc string"
%token <chunk> STR_PART "text"
%token <num> NUMBER "number"
%token <date> DATE "date"
%token STR_OPEN "string" STR_CLOSE "end of string"
%token INTERP_OPEN "'{'" INTERP_CLOSE "'}'"
%token AGREEMENT "agreement" TO "to" IMPORT "import"
%token DATASET "dataset" FROM "from" KEY "key" DATED "dated" BY "by" COLUMNS "columns"
%token OPTIONAL "optional" HEADER "header" FORMAT "format" PER "per"
%token PARAMETER "parameter" DEFINE "define" TABLE "table" WHEN "when" THEN "then"
%token ELSE "else" ANY "any"
%token REQUIREMENT "requirement" TARGET "target" INFO "info" IN "in" FORCE "force"
%token FOR "for" WHERE "where" LET "let" JOIN "join" ON "on" GROUP "group" ALL "all"
%token ALLOCATE "allocate" AMONG "among" AS "as"
%token REQUIRE "require" AIM "aim" FLAG "flag" EXPLAINED "explained" MESSAGE "message" SHOW "show"
%token EMIT "emit" IF "if" AND "and" OR "or" NOT "not" EXISTS "exists"
%token OTHERWISE "otherwise" TRUE "true" FALSE "false" EACH "each" WEIGHTED "weighted"
%token TEST "test" GIVEN "given" EXPECT "expect" PASSES "passes" FAILS "fails" MET "met"
%token MISSED "missed" FLAGS "flags" HAS "has" WITH "with"
%token NE "!=" LE "<=" GE ">="

%type <expr> expr primary string str_parts call call_args opt_where expr_list cell
%type <test> test_head test
%type <op> expect_status
%type <typespec> typespec opt_typeann
%type <dataset> dataset_head dataset
%type <table> table_head table
%type <rule> rule_head rule
%type <block> block_head block
%type <define> define_head
%type <pattern> pattern
%type <sev> severity
%type <str> opt_title opt_doc plain_string field_name

%precedence LOWEST
%left OTHERWISE
%left OR
%left AND
%precedence NOT
%nonassoc '=' NE '<' LE '>' GE IN
%precedence EXISTS
%nonassoc TO
%left '+' '-'
%left '*' '/'
%precedence NEG
%right '^'
%precedence '.' '['

%%

file:
    header decls
|   decls
;

/* `region` and `period` are words of the header only, so they stay free as names. */
header:
    AGREEMENT plain_string              { parse_agreement(ctx, @$, $2); }
|   header IDENT plain_string           { parse_agreement_region(ctx, @2, $2, $3); }
|   header IDENT DATE TO DATE           { parse_agreement_period(ctx, @2, $2, $3, $5); }
;

decls:
    %empty
|   decls decl
;

decl:
    IMPORT plain_string                 { parse_import(ctx, @$, $2); }
|   dataset                             { parse_add_dataset(ctx, $1); }
|   PARAMETER IDENT opt_typeann '=' expr { parse_param(ctx, @2, $2, $3, $5); }
|   define_head '=' expr                { $1->body = $3; }
|   table                               { parse_add_table(ctx, $1); }
|   rule                                { parse_add_rule(ctx, $1); }
|   test                                { parse_add_test(ctx, $1); }
|   error                               { parse_recover(ctx); }
;

/* ------------------------------------------------------------------ datasets */

dataset:
    dataset_head
|   dataset FROM plain_string           { parse_dataset_path(ctx, $1, @3, $3); $$ = $1; }
|   dataset KEY key_list                { $$ = $1; }
|   dataset DATED BY IDENT              { parse_dataset_dated(ctx, $1, @4, $4); $$ = $1; }
|   dataset FORMAT format_list          { $$ = $1; }
|   dataset COLUMNS column_list         { $$ = $1; }
;

dataset_head:
    DATASET IDENT opt_title             { $$ = parse_dataset(ctx, @2, $2, $3); }
;

key_list:
    IDENT                               { parse_dataset_key(ctx, @1, $1); }
|   key_list ',' IDENT                  { parse_dataset_key(ctx, @3, $3); }
;

format_list:
    format_option
|   format_list format_option
;

format_option:
    IDENT plain_string                  { parse_dataset_format(ctx, @$, $1, $2); }
;

column_list:
    column
|   column_list column
;

column:
    IDENT typespec                      { parse_column(ctx, @1, $1, $2); }
|   column OPTIONAL                     { parse_column_optional(ctx); }
|   column HEADER header_names
;

header_names:
    plain_string                        { parse_column_header(ctx, $1); }
|   header_names ',' plain_string       { parse_column_header(ctx, $3); }
;

typespec:
    IDENT                               { $$ = parse_typespec(ctx, @$, $1, NULL); }
|   IDENT PER IDENT                     { $$ = parse_typespec(ctx, @$, $1, $3); }
;

opt_typeann:
    %empty                              { $$ = NULL; }
|   ':' typespec                        { $$ = $2; }
;

/* ------------------------------------------------------------------ functions and tables */

define_head:
    DEFINE IDENT                        { $$ = parse_define(ctx, @2, $2, false); }
|   DEFINE IDENT '(' ')'                { $$ = parse_define(ctx, @2, $2, true); }
|   DEFINE IDENT '(' fparams ')'        { $$ = parse_define(ctx, @2, $2, true); }
;

fparams:
    fparam
|   fparams ',' fparam
;

fparam:
    IDENT                               { parse_define_param(ctx, @1, $1, NULL); }
|   IDENT ':' typespec                  { parse_define_param(ctx, @1, $1, $3); }
;

table:
    table_head entries                  { $$ = $1; }
|   table_head entries ELSE expr        { $1->otherwise = $4; $$ = $1; }
;

table_head:
    TABLE IDENT opt_title BY by_list    { $$ = parse_table(ctx, @2, $2, $3); }
;

by_list:
    IDENT                               { parse_table_by(ctx, $1); }
|   by_list ',' IDENT                   { parse_table_by(ctx, $3); }
;

entries:
    entry
|   entries entry
;

entry:
    WHEN patterns THEN expr             { parse_entry_value(ctx, @$, $4); }
;

patterns:
    pattern                             { parse_entry_pattern(ctx, $1); }
|   patterns ',' pattern                { parse_entry_pattern(ctx, $3); }
;

pattern:
    expr                                { $$ = parse_pattern(@$, PAT_EQ, $1); }
|   ANY                                 { $$ = parse_pattern(@$, PAT_ANY, NULL); }
|   '<' expr                            { $$ = parse_pattern(@$, PAT_LT, $2); }
|   LE expr                             { $$ = parse_pattern(@$, PAT_LE, $2); }
|   '>' expr                            { $$ = parse_pattern(@$, PAT_GT, $2); }
|   GE expr                             { $$ = parse_pattern(@$, PAT_GE, $2); }
;

/* ------------------------------------------------------------------ rules */

rule:
    rule_head block                     { $$ = $1; }
|   rule block                          { $$ = $1; }
;

rule_head:
    severity IDENT plain_string opt_doc
                                        { $$ = parse_rule(ctx, @2, $1, $2, $3, $4); }
|   severity IDENT plain_string IN FORCE FROM DATE opt_doc
                                        { $$ = parse_rule(ctx, @2, $1, $2, $3, $8);
                                          parse_rule_force(ctx, $$, @7, $7, $7, false); }
|   severity IDENT plain_string IN FORCE FROM DATE TO DATE opt_doc
                                        { $$ = parse_rule(ctx, @2, $1, $2, $3, $10);
                                          parse_rule_force(ctx, $$, @7, $7, $9, true); }
;

severity:
    REQUIREMENT                         { $$ = SEV_REQUIREMENT; }
|   TARGET                              { $$ = SEV_TARGET; }
|   INFO                                { $$ = SEV_INFO; }
;

opt_doc:
    %empty                              { $$ = NULL; }
|   DOCSTRING                           { $$ = $1; }
;

block:
    block_head                          { $$ = $1; }
|   block clause                        { $$ = $1; }
;

block_head:
    FOR IDENT IN expr                   { $$ = parse_block(ctx, @$, $2, $4); }
;

clause:
    WHERE expr                          { parse_clause(ctx, @$, CL_WHERE, NULL, $2); }
|   LET IDENT '=' expr                  { parse_clause(ctx, @2, CL_LET, $2, $4); }
|   JOIN IDENT IN expr ON expr          { parse_join(ctx, @$, $2, $4, $6); }
|   GROUP BY ALL                        { parse_clause(ctx, @$, CL_GROUP, NULL, NULL); }
|   GROUP BY                            { parse_clause(ctx, @1, CL_GROUP, NULL, NULL); }
        group_keys
|   ALLOCATE expr AMONG IDENT IN expr BY expr AS IDENT
                                        { parse_allocate(ctx, @$, $2, $4, $6, $8, $10); }
|   REQUIRE expr                        { parse_clause(ctx, @$, CL_REQUIRE, NULL, $2); }
|   AIM expr                            { parse_clause(ctx, @$, CL_AIM, NULL, $2); }
|   FLAG expr                           { parse_clause(ctx, @$, CL_FLAG, NULL, $2); }
|   EXPLAINED BY expr                   { parse_clause(ctx, @$, CL_EXPLAINED, NULL, $3); }
|   MESSAGE string                      { parse_clause(ctx, @$, CL_MESSAGE, NULL, $2); }
|   SHOW IDENT '=' expr                 { parse_clause(ctx, @2, CL_SHOW, $2, $4); }
|   EMIT IDENT '('                      { parse_clause(ctx, @2, CL_EMIT, $2, NULL); }
        emit_fields ')'
;

group_keys:
    group_key
|   group_keys ',' group_key
;

group_key:
    expr                                { parse_group_key(ctx, @$, NULL, $1); }
|   expr AS IDENT                       { parse_group_key(ctx, @$, $3, $1); }
;

emit_fields:
    emit_field
|   emit_fields ',' emit_field
;

emit_field:
    expr                                { parse_emit_field(ctx, @$, NULL, $1); }
|   field_name ':' expr                 { parse_emit_field(ctx, @$, $1, $3); }
;

/* Where only a name can stand, some keywords are names too: t.target, emit x (info: ...).
** The name is the word as written (`mål` in a file in Danish keywords). */
field_name:
    IDENT                               { $$ = parse_field_name(ctx, @1); }
|   TARGET                              { $$ = parse_field_name(ctx, @1); }
|   INFO                                { $$ = parse_field_name(ctx, @1); }
|   KEY                                 { $$ = parse_field_name(ctx, @1); }
|   FORMAT                              { $$ = parse_field_name(ctx, @1); }
|   HEADER                              { $$ = parse_field_name(ctx, @1); }
|   TABLE                               { $$ = parse_field_name(ctx, @1); }
|   MESSAGE                             { $$ = parse_field_name(ctx, @1); }
|   SHOW                                { $$ = parse_field_name(ctx, @1); }
|   ALL                                 { $$ = parse_field_name(ctx, @1); }
;

/* ------------------------------------------------------------------ tests */

/* A test: small tables for datasets and values for parameters, then what the rules
** must give for them. A table's rows are its lines, which the checker splits. */
test:
    test_head
|   test test_clause                    { $$ = $1; }
;

test_head:
    TEST plain_string opt_doc           { $$ = parse_test(ctx, @$, $2, $3); }
;

test_clause:
    GIVEN IDENT '=' cell                { parse_given(ctx, @2, $2, $4); }
|   given_head given_columns given_cells
|   EXPECT IDENT expect_status          { parse_expect(ctx, @$, EXP_STATUS, $2, @2, $3); }
|   EXPECT IDENT expect_status WITH NUMBER IDENT
                                        { parse_expect(ctx, @$, EXP_STATUS, $2, @2, $3);
                                          parse_expect_count(ctx, @5, $5.value, @6, $6); }
|   EXPECT IDENT FLAGS                  { parse_expect(ctx, @1, EXP_FLAGS, $2, @2, 0); }
        pairs opt_explained             { parse_expect_end(ctx, @$); }
|   EXPECT IDENT HAS                    { parse_expect(ctx, @1, EXP_HAS, $2, @2, 0); }
        pairs                           { parse_expect_end(ctx, @$); }
|   EXPECT IDENT HAS NUMBER IDENT       { parse_expect(ctx, @$, EXP_ROWS, $2, @2, 0);
                                          parse_expect_count(ctx, @4, $4.value, @5, $5); }
;

given_head:
    GIVEN IDENT                         { parse_given(ctx, @2, $2, NULL); }
;

/* Only plain names: a keyword here could as well begin the next declaration. */
given_columns:
    IDENT                               { parse_given_column(ctx, @1, $1); }
|   given_columns IDENT                 { parse_given_column(ctx, @2, $2); }
;

given_cells:
    %empty
|   given_cells cell                    { parse_given_cell(ctx, $2); }
;

expect_status:
    PASSES                              { $$ = PASSES; }
|   FAILS                               { $$ = FAILS; }
|   EXPLAINED                           { $$ = EXPLAINED; }
|   MET                                 { $$ = MET; }
|   MISSED                              { $$ = MISSED; }
;

pairs:
    field_name cell                     { parse_expect_pair(ctx, @1, $1, $2); }
|   pairs ',' field_name cell           { parse_expect_pair(ctx, @3, $3, $4); }
;

opt_explained:
    %empty
|   EXPLAINED                           { parse_expect_explained(ctx); }
;

/* A value in a test: a literal, the only thing a table or an expectation holds. */
cell:
    NUMBER                              { $$ = ast_num(A, @1, $1.value, $1.unit); }
|   '-' NUMBER                          { $$ = ast_num(A, @$, rat_neg($2.value), $2.unit); }
|   DATE                                { $$ = parse_date(ctx, @1, $1); }
|   TRUE                                { $$ = parse_bool(ctx, @1, true); }
|   FALSE                               { $$ = parse_bool(ctx, @1, false); }
|   string
;

/* ------------------------------------------------------------------ expressions */

expr:
    primary
|   expr '.' field_name                 { $$ = ast_member(A, @3, $1, $3); }
|   expr '[' expr_list ']'              { $$ = parse_index(ctx, @$, $1, $3); }
|   '-' expr %prec NEG                  { $$ = ast_unary(A, @1, '-', $2); }
|   NOT expr                            { $$ = ast_unary(A, @1, OP_NOT, $2); }
|   expr '^' expr                       { $$ = ast_binary(A, EX_BINARY, '^', $1, $3); }
|   expr '*' expr                       { $$ = ast_binary(A, EX_BINARY, '*', $1, $3); }
|   expr '/' expr                       { $$ = ast_binary(A, EX_BINARY, '/', $1, $3); }
|   expr '+' expr                       { $$ = ast_binary(A, EX_BINARY, '+', $1, $3); }
|   expr '-' expr                       { $$ = ast_binary(A, EX_BINARY, '-', $1, $3); }
|   expr TO expr                        { $$ = ast_binary(A, EX_RANGE, 0, $1, $3); }
|   expr '=' expr                       { $$ = ast_binary(A, EX_COMPARE, OP_EQ, $1, $3); }
|   expr NE expr                        { $$ = ast_binary(A, EX_COMPARE, OP_NE, $1, $3); }
|   expr '<' expr                       { $$ = ast_binary(A, EX_COMPARE, OP_LT, $1, $3); }
|   expr LE expr                        { $$ = ast_binary(A, EX_COMPARE, OP_LE, $1, $3); }
|   expr '>' expr                       { $$ = ast_binary(A, EX_COMPARE, OP_GT, $1, $3); }
|   expr GE expr                        { $$ = ast_binary(A, EX_COMPARE, OP_GE, $1, $3); }
|   expr IN expr                        { $$ = ast_binary(A, EX_IN, 0, $1, $3); }
|   expr EXISTS                         { $$ = parse_exists(ctx, @$, $1); }
|   expr AND expr                       { $$ = ast_binary(A, EX_AND, 0, $1, $3); }
|   expr OR expr                        { $$ = ast_binary(A, EX_OR, 0, $1, $3); }
|   expr OTHERWISE expr                 { $$ = ast_binary(A, EX_OTHERWISE, 0, $1, $3); }
|   IF expr THEN expr ELSE expr %prec LOWEST
                                        { $$ = ast_if(A, @1, $2, $4, $6); }
;

primary:
    NUMBER                              { $$ = ast_num(A, @1, $1.value, $1.unit); }
|   DATE                                { $$ = parse_date(ctx, @1, $1); }
|   TRUE                                { $$ = parse_bool(ctx, @1, true); }
|   FALSE                               { $$ = parse_bool(ctx, @1, false); }
|   string
|   IDENT                               { $$ = parse_name(ctx, @1, $1); }
|   call
|   '(' expr ')'                        { $$ = $2; }
|   '(' expr ',' expr_list ')'          { $$ = parse_list(ctx, @$, $2, $4); }
|   '(' EACH IDENT IN expr opt_where ')' { $$ = parse_each(ctx, @$, $3, $5, $6); }
;

call:
    IDENT '(' ')'                       { $$ = parse_call(ctx, @$, $1, NULL); }
|   IDENT '(' call_args ')'             { $$ = parse_call(ctx, @$, $1, $3); }
;

/* Arguments of a call: plain, or an aggregate's `weighted by` and `for v in rows`. */
call_args:
    expr_list
|   expr WEIGHTED BY expr               { $$ = parse_agg_args(ctx, $1, $4, NULL, NULL, NULL); }
|   expr FOR IDENT IN expr opt_where    { $$ = parse_agg_args(ctx, $1, NULL, $3, $5, $6); }
|   expr WEIGHTED BY expr FOR IDENT IN expr opt_where
                                        { $$ = parse_agg_args(ctx, $1, $4, $6, $8, $9); }
;

opt_where:
    %empty                              { $$ = NULL; }
|   WHERE expr                          { $$ = $2; }
;

/* A list travels as an EX_LIST node whose args are the elements. */
expr_list:
    expr                                { $$ = parse_list(ctx, @$, $1, NULL); }
|   expr_list ',' expr                  { ast_add_arg(A, $1, $3); $$ = $1; }
;

string:
    STR_OPEN str_parts STR_CLOSE        { $$ = $2; $$->at = @$; }
;

str_parts:
    %empty                              { $$ = ast_expr_new(A, EX_TEXT, @$); }
|   str_parts STR_PART                  { ast_add_part(A, $1, $2.s, $2.len, NULL); $$ = $1; }
|   str_parts INTERP_OPEN expr INTERP_CLOSE
                                        { ast_add_part(A, $1, NULL, 0, $3); $$ = $1; }
;

plain_string:
    string                              { $$ = parse_plain(ctx, $1); }
;

opt_title:
    %empty                              { $$ = NULL; }
|   plain_string
;

%%

static void styr_yyerror(loc *at, yyscan_t scanner, parse_ctx *ctx, const char *msg)
{
    (void)scanner;
    /* Bison runs out of its stack (YYMAXDEPTH) only on nesting thousands deep. */
    if (!strcmp(msg, "memory exhausted")) {
        diag *g = diag_error(ctx->diags, *at, "this nests too deeply to read (thousands of levels of brackets or operators)");
        diag_hint(g, "give parts of it names with let, and combine the names");
        return;
    }
    diag_error(ctx->diags, *at, "%s", msg);
}

/* Reports a syntax error as "unexpected X; expected Y or Z", naming a whole class
** ("an expression") where the parser would take any of its many first tokens. */
static int yyreport_syntax_error(const yypcontext_t *pc, yyscan_t scanner, parse_ctx *ctx)
{
    (void)scanner;
    enum { MAX = 64 };
    yysymbol_kind_t expected[MAX];
    int n = yypcontext_expected_tokens(pc, expected, MAX);
    const char *names[MAX];
    for (int i = 0; i < n && i < MAX; i++) names[i] = yysymbol_name(expected[i]);
    yysymbol_kind_t got = yypcontext_token(pc);
    parse_syntax_error(ctx, *yypcontext_location(pc), yysymbol_name(got),
                       got == YYSYMBOL_YYEOF, names, n < 0 ? 0 : n);
    return 0;
}
