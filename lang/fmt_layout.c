/*
** fmt_layout.c: the layout of rule files, as a table: which token starts a statement in
** which part of a file, how far that statement is indented, and which part of the file
** follows. A new construct of the language is a row here (and a section if it has parts
** of its own).
*/
#include "fmt_int.h"

#include <stddef.h>

#include "parse.h"
#include "parser.h"

/* The section each section lies in; S_FILE for those at the top. */
static const fmt_sect parent[S_COUNT] = {
    [S_COLUMNS] = S_DATASET,
    [S_FORMAT] = S_DATASET,
    [S_GIVEN] = S_TEST,
};

static const fmt_rule layout[] = {
    /* Declarations begin at the margin, each on a line of its own. */
    { S_FILE, AGREEMENT, 0, S_HEADER, C_NONE },
    { S_FILE, IMPORT, 0, S_FILE, C_NONE },
    { S_FILE, DATASET, 0, S_DATASET, C_NONE },
    { S_FILE, PARAMETER, 0, S_DECL, C_NONE },
    { S_FILE, DEFINE, 0, S_DECL, C_NONE },
    { S_FILE, TABLE, 0, S_TABLE, C_NONE },
    { S_FILE, REQUIREMENT, 0, S_RULE, C_NONE },
    { S_FILE, TARGET, 0, S_RULE, C_NONE },
    { S_FILE, INFO, 0, S_RULE, C_NONE },
    { S_FILE, TEST, 0, S_TEST, C_NONE },
    /* agreement "..." / region "..." / period ... to ... */
    { S_HEADER, IDENT, 2, S_HEADER, C_NONE },
    /* dataset ... / from, key, dated by, format, columns / each column */
    { S_DATASET, FROM, 2, S_DATASET, C_NONE },
    { S_DATASET, KEY, 2, S_DATASET, C_NONE },
    { S_DATASET, DATED, 2, S_DATASET, C_NONE },
    { S_DATASET, FORMAT, 2, S_FORMAT, C_NONE },
    { S_DATASET, COLUMNS, 2, S_COLUMNS, C_NONE },
    { S_FORMAT, IDENT, 4, S_FORMAT, C_NONE },
    { S_COLUMNS, IDENT, 4, S_COLUMNS, C_COLUMNS },
    /* table ... / when ... then ... / else ... */
    { S_TABLE, WHEN, 2, S_TABLE, C_NONE },
    { S_TABLE, ELSE, 2, S_TABLE, C_NONE },
    /* requirement ... / its doc string, its blocks and their clauses */
    { S_RULE, DOCSTRING, 2, S_RULE, C_NONE },
    { S_RULE, FOR, 2, S_RULE, C_NONE },
    { S_RULE, WHERE, 2, S_RULE, C_NONE },
    { S_RULE, LET, 2, S_RULE, C_NONE },
    { S_RULE, JOIN, 2, S_RULE, C_NONE },
    { S_RULE, GROUP, 2, S_RULE, C_NONE },
    { S_RULE, ALLOCATE, 2, S_RULE, C_NONE },
    { S_RULE, REQUIRE, 2, S_RULE, C_NONE },
    { S_RULE, AIM, 2, S_RULE, C_NONE },
    { S_RULE, FLAG, 2, S_RULE, C_NONE },
    { S_RULE, EXPLAINED, 2, S_RULE, C_NONE },
    { S_RULE, SHOW, 2, S_RULE, C_NONE },
    { S_RULE, MESSAGE, 2, S_RULE, C_NONE },
    { S_RULE, EMIT, 2, S_RULE, C_NONE },
    /* test ... / its doc string, given and expect / a table's header and rows, aligned */
    { S_TEST, DOCSTRING, 2, S_TEST, C_NONE },
    { S_TEST, GIVEN, 2, S_GIVEN, C_NONE },
    { S_TEST, EXPECT, 2, S_TEST, C_NONE },
    { S_GIVEN, IDENT, 4, S_GIVEN, C_ROWS },
    { S_GIVEN, NUMBER, 4, S_GIVEN, C_ROWS },
    { S_GIVEN, '-', 4, S_GIVEN, C_ROWS },
    { S_GIVEN, STR_OPEN, 4, S_GIVEN, C_ROWS },
    { S_GIVEN, DATE, 4, S_GIVEN, C_ROWS },
    { S_GIVEN, TRUE, 4, S_GIVEN, C_ROWS },
    { S_GIVEN, FALSE, 4, S_GIVEN, C_ROWS },
};

const fmt_rule *fmt_rule_for(fmt_sect s, int token)
{
    for (;;) {
        for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
            if (layout[i].in == s && layout[i].token == token) return &layout[i];
        if (s == S_FILE) return NULL;
        s = parent[s];
    }
}
