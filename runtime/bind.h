/*
** bind.h: loading the datasets a program reads, from the files the rule file names or
** the caller gives instead, and checking their declared keys.
*/
#ifndef STYR_BIND_H
#define STYR_BIND_H

#include <stdbool.h>

#include "check.h"
#include "dataset.h"

typedef enum bind_status {
    BIND_OK = 0,
    BIND_USAGE,        /* no file for a dataset a rule reads */
    BIND_DATA,         /* a file is missing or holds bad data */
} bind_status;

/* The schema of a declared dataset, allocated in a. */
ds_schema *bind_schema(const ast_dataset *decl, arena *a);

typedef struct progress progress;

/*
** Loads every dataset of prog that some rule reads. paths[i] overrides the file of
** prog->datasets[i] (NULL: the file the declaration names, relative to its rule file).
** On success data[i] is the loaded dataset (NULL for one no rule reads). On failure
** returns the status with *err a malloc'ed message; what was loaded is left in data
** for bind_free. pr (or NULL) hears how far reading each file has come.
*/
bind_status bind_load(const program *prog, const char *const *paths, int jobs, progress *pr, dataset **data, arena *a,
                      char **err);
void bind_free(const program *prog, dataset **data);

#endif
