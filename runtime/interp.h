/*
** interp.h: the tree-walking interpreter, the reference semantics of styr. It runs a
** checked program over loaded datasets and fills a report.
*/
#ifndef STYR_INTERP_H
#define STYR_INTERP_H

#include <stdbool.h>

#include "check.h"
#include "dataset.h"
#include "jit.h"
#include "report.h"

/*
** Runs every rule of prog. data[i] is the dataset declared as prog->datasets[i] (NULL
** for one no rule reads). Errors in single rows or groups (division by zero, overflow)
** become items with an error and the rule's status "error"; the run goes on. Returns
** false only when a parameter or constant cannot be computed, with *err a malloc'ed
** message (file:line:col: ...).
**
** With jit, blocks are compiled and their loops run natively (see jit.h); the report
** is the same. *summary says what the JIT did; when it cannot be used, its note says
** why and every block runs in the interpreter.
*/
typedef struct interp_param {
    int global;            /* index in prog->globals: a parameter */
    value v;               /* its value for this run, instead of the declared one */
} interp_param;

bool interp_run(const program *prog, dataset **data, report *rep, const jit_options *jit, jit_summary *summary,
                char **err);
/* The same with nparams parameters given other values (`styr test`'s `given`). */
bool interp_run_with(const program *prog, dataset **data, report *rep, const interp_param *params, int nparams,
                     const jit_options *jit, jit_summary *summary, char **err);

#endif
