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
};

static const fmt_rule layout[] = {
    /* Declarations begin at the margin, each on a line of its own. */
    { S_FILE, AGREEMENT, 0, S_HEADER, false },
    { S_FILE, IMPORT, 0, S_FILE, false },
    { S_FILE, DATASET, 0, S_DATASET, false },
    { S_FILE, PARAMETER, 0, S_DECL, false },
    { S_FILE, DEFINE, 0, S_DECL, false },
    { S_FILE, TABLE, 0, S_TABLE, false },
    { S_FILE, REQUIREMENT, 0, S_RULE, false },
    { S_FILE, TARGET, 0, S_RULE, false },
    { S_FILE, INFO, 0, S_RULE, false },
    /* agreement "..." / region "..." / period ... to ... */
    { S_HEADER, IDENT, 2, S_HEADER, false },
    /* dataset ... / from, key, dated by, format, columns / each column */
    { S_DATASET, FROM, 2, S_DATASET, false },
    { S_DATASET, KEY, 2, S_DATASET, false },
    { S_DATASET, DATED, 2, S_DATASET, false },
    { S_DATASET, FORMAT, 2, S_FORMAT, false },
    { S_DATASET, COLUMNS, 2, S_COLUMNS, false },
    { S_FORMAT, IDENT, 4, S_FORMAT, false },
    { S_COLUMNS, IDENT, 4, S_COLUMNS, true },
    /* table ... / when ... then ... / else ... */
    { S_TABLE, WHEN, 2, S_TABLE, false },
    { S_TABLE, ELSE, 2, S_TABLE, false },
    /* requirement ... / its doc string, its blocks and their clauses */
    { S_RULE, DOCSTRING, 2, S_RULE, false },
    { S_RULE, FOR, 2, S_RULE, false },
    { S_RULE, WHERE, 2, S_RULE, false },
    { S_RULE, LET, 2, S_RULE, false },
    { S_RULE, JOIN, 2, S_RULE, false },
    { S_RULE, GROUP, 2, S_RULE, false },
    { S_RULE, ALLOCATE, 2, S_RULE, false },
    { S_RULE, REQUIRE, 2, S_RULE, false },
    { S_RULE, AIM, 2, S_RULE, false },
    { S_RULE, FLAG, 2, S_RULE, false },
    { S_RULE, EXPLAINED, 2, S_RULE, false },
    { S_RULE, SHOW, 2, S_RULE, false },
    { S_RULE, MESSAGE, 2, S_RULE, false },
    { S_RULE, EMIT, 2, S_RULE, false },
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
