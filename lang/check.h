/*
** check.h: a checked rule set, the front end's product. Loading a rule file parses it
** and its imports, resolves every name, checks types and units, and lays out the frames
** the interpreter evaluates in. Nothing here runs a rule.
*/
#ifndef STYR_CHECK_H
#define STYR_CHECK_H

#include <stdbool.h>

#include "ast.h"
#include "diag.h"
#include "paths.h"

/* An output table that rules `emit` into. */
typedef struct out_column {
    const char *name;
    stype ty;
} out_column;

typedef struct out_table {
    const char *name;
    out_column *cols;
    int ncols;
    loc at;            /* the first emit */
} out_table;

/* A global value computed once per run, in this order: a parameter or a constant define. */
typedef struct global_init {
    const char *name;
    int slot;
    ast_expr *value;
    bool overridable;  /* a parameter, which the caller may set */
    stype ty;
} global_init;

typedef struct program {
    arena arena;              /* every AST node and name */
    diags diags;
    src_file **files;         /* the main file first, then imports */
    int nfiles;
    const char *name;         /* the agreement's name (or the file's) */
    const ast_agreement *agreement;
    ast_dataset **datasets;
    int ndatasets;
    global_init *globals;
    int nglobals;
    int nglobal_slots;
    ast_rule **rules;
    int nrules;
    out_table *outputs;
    int noutputs;
    ast_test **tests;         /* the main file's tests, parsed but not checked (ruletest.c) */
    int ntests;
    path_policy reach;        /* where its imports and data files may lie */
} program;

/* Loads and checks a rule file: the file at path or, when text is not NULL, len bytes of
** text standing for it (relative imports and data files are found from its folder). Its
** imports and the default files of its datasets must lie in that folder's tree or in a
** folder of allow (NULL-terminated, or NULL). Always returns a program; check
** prog->diags.errors. */
program *prog_load(const char *path, const char *text, size_t len, const char *const *allow);
/* prog_load of a file, and of text, with no folder allowed beyond the rule file's own. */
program *prog_load_file(const char *path);
program *prog_load_text(const char *name, const char *text, size_t len);
void prog_free(program *p);

/* The dataset of that name, or NULL. */
ast_dataset *prog_dataset(const program *p, const char *name);

#endif
