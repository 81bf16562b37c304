/*
** interp.h: the tree-walking interpreter, the reference semantics of styr. It runs a
** checked program over loaded datasets and fills a report.
*/
#ifndef STYR_INTERP_H
#define STYR_INTERP_H

#include <stdbool.h>

#include "check.h"
#include "dataset.h"
#include "report.h"

/*
** Runs every rule of prog. data[i] is the dataset declared as prog->datasets[i] (NULL
** for one no rule reads). Errors in single rows or groups (division by zero, overflow)
** become items with an error and the rule's status "error"; the run goes on. Returns
** false only when a parameter or constant cannot be computed, with *err a malloc'ed
** message (file:line:col: ...).
*/
bool interp_run(const program *prog, dataset **data, report *rep, char **err);

#endif
