/*
** check_test.h: a rule file's tests, checked against its rule set. The checker of the
** rules leaves tests alone (`styr check` ignores them); `styr test` checks them here and
** runs them (runtime/ruletest.c).
*/
#ifndef STYR_CHECK_TEST_H
#define STYR_CHECK_TEST_H

#include <stdbool.h>

#include "check.h"

/* A dataset's table in a test: its given columns (as indexes of the declaration) and
** its rows, each cell a literal fit for its column. */
typedef struct tc_table {
    const ast_dataset *ds;
    const int *cols;
    int ncols;
    ast_expr **cells;          /* nrows * ncols, row by row; NULL where the cell is "" */
    int nrows;
    int64_t *lines;            /* the line of each row in the test's file */
} tc_table;

/* A parameter given another value for a test. */
typedef struct tc_param {
    int global;                /* index in prog->globals */
    ast_expr *value;
} tc_param;

typedef struct tc_test {
    const ast_test *test;
    tc_table *tables;
    int ntables;
    tc_param *params;
    int nparams;
} tc_test;

/* Checks every test of prog (prog->tests) against its rules, allocating in a and
** reporting to d. Returns the checked tests (in a); see d->errors. */
tc_test *tc_check(const program *prog, arena *a, diags *d);

/* Whether a literal (a cell of a test) can stand for a value of type t; when not,
** *why says what it should look like. An empty text ("") stands for an empty value of
** any type. */
bool tc_fits(const ast_expr *lit, stype t, const char **why);
/* Whether the literal is "", the empty value. */
bool tc_is_empty(const ast_expr *lit);
/* The text of a text literal (its parts joined), allocated in a. */
const char *tc_text(const ast_expr *lit, arena *a);

#endif
