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
** why and every block runs in the interpreter. pr (or NULL) hears how many of the rows
** the blocks go through have been run.
*/
/* The rows the rules' blocks go through: a dataset once for each block over it. */
uint64_t interp_rows_to_run(const program *prog, dataset **data);

typedef struct progress progress;
bool interp_run(const program *prog, dataset **data, report *rep, const jit_options *jit, jit_summary *summary,
                progress *pr, char **err);

/* A parameter given another value for one run (`styr test`'s `given`). */
typedef struct interp_param {
    int global;            /* index in prog->globals: a parameter */
    value v;               /* its value for this run, instead of the declared one */
} interp_param;

/* interp_run with nparams parameters given other values. */
bool interp_run_with(const program *prog, dataset **data, report *rep, const interp_param *params, int nparams,
                     const jit_options *jit, jit_summary *summary, progress *pr, char **err);

/*
** The tracing mode: runs only rule number `rule`, in the interpreter, reporting each step
** it takes for the row or group tr is about to tr's hooks (trace.h); its items go to rep.
** False, with *err, as interp_run.
*/
typedef struct trace trace;
bool interp_explain(const program *prog, dataset **data, report *rep, int rule, trace *tr, char **err);

#endif
