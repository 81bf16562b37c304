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

/* How bind_load reads the files. */
typedef struct bind_opts {
    int jobs;                  /* threads that may read parts of a file side by side */
    progress *progress;        /* hears how far reading each file has come, or NULL */
    FILE *rejects;             /* takes the rows that cannot be read, or NULL: they fail the load */
    size_t max_bytes;          /* the most the datasets may take together (ds_bytes); 0: no limit */
    bool may_stream;           /* a dataset over the limit that only row-by-row blocks read is
                               ** streamed (the run reads it in batches) instead of failing */
} bind_opts;

/* A streamed dataset: its rows are counted, its rows that cannot be read reported and its
** key checked, but its columns hold no rows; interp_run reads it again in batches of
** batch_rows for each block over it, with the dataset's schema. */
struct ds_stream {
    size_t batch_rows;
};

/*
** Loads every dataset of prog that some rule reads and that is not in data already (bound
** from memory: its key is checked). paths[i] overrides the file of
** prog->datasets[i] (NULL: the file the declaration names, relative to its rule file).
** On success data[i] is the loaded dataset (NULL for one no rule reads), or a streamed
** one (o->may_stream). When the datasets would take more than o->max_bytes and one
** cannot be streamed, the message says how far it got and what reads it whole. On failure
** returns the status with *err a malloc'ed message; what was loaded is left in data
** for bind_free.
*/
bind_status bind_load(const program *prog, const char *const *paths, const bind_opts *o, dataset **data, arena *a,
                      char **err);
void bind_free(const program *prog, dataset **data);
/* Frees one dataset that bind_load, load_csv_* or bind_columns made, with its indexes.
** NULL is harmless. */
void bind_free_dataset(dataset *d);

/* Makes *out (zeroed by the caller) a dataset of nrows rows from the caller's columns
** (styr_bind_columns), which must stay unchanged while out lives: integer arrays of the
** right kind are used in place. On failure returns BIND_USAGE (a column's type does not
** fit its declaration) or BIND_DATA (a missing column, a value that does not fit, an
** empty value where the column is not optional) with *err a malloc'ed message. */
struct styr_column;
bind_status bind_columns(const ds_schema *schema, int64_t nrows, const struct styr_column *cols, int ncols,
                         dataset *out, char **err);

#endif
