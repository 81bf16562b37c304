/*
** streamable.h: whether a dataset can be read in batches while the rules run, instead
** of being held whole: when nothing but the rows of its own blocks reads it.
*/
#ifndef STYR_STREAMABLE_H
#define STYR_STREAMABLE_H

#include <stdbool.h>

#include "check.h"

/* Whether every use of d is a block `for x in d` that runs row by row (no `group by`).
** When not, *at is the first other use and *how says what it does there. */
bool streamable(const program *prog, const ast_dataset *d, loc *at, const char **how);

#endif
