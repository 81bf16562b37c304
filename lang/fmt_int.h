/*
** fmt_int.h: what the formatter's parts share: the layout table (fmt_layout.c) that says
** which tokens start a statement where, and how deep it is indented.
*/
#ifndef STYR_FMT_INT_H
#define STYR_FMT_INT_H

#include <stdbool.h>

/* Where in a file the formatter is: the part of a declaration that decides what a line
** can start with. */
typedef enum fmt_sect {
    S_FILE,      /* between declarations */
    S_HEADER,    /* agreement "..." region ... period ... */
    S_DATASET,   /* dataset ...: from, key, dated by, format, columns */
    S_COLUMNS,   /* a dataset's columns */
    S_FORMAT,    /* a dataset's format options */
    S_DECL,      /* parameter, define: one statement */
    S_TABLE,     /* table ...: when ... then ..., else ... */
    S_RULE,      /* requirement, target, info: doc string, blocks and their clauses */
    S_TEST,      /* test "...": doc string, given and expect */
    S_GIVEN,     /* a test's table: its header line and rows */
    S_COUNT
} fmt_sect;

/* How the lines a token starts are aligned as a table. */
typedef enum fmt_cells {
    C_NONE,
    C_COLUMNS,   /* a dataset's columns: the name and the type are cells */
    C_ROWS,      /* a test's table: every value is a cell */
} fmt_cells;

typedef struct fmt_rule {
    fmt_sect in;       /* the section the token stands in (or a child of it) */
    int token;         /* the parser's token */
    int indent;        /* of a line it starts */
    fmt_sect then;     /* the section after it */
    fmt_cells cells;   /* its lines are aligned as a table */
} fmt_rule;

/* The rule for a token that stands at bracket depth 0 in section s, looking in s and
** then in the sections it lies in; NULL when the token starts nothing there. */
const fmt_rule *fmt_rule_for(fmt_sect s, int token);

#endif
