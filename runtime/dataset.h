/*
** dataset.h: a table loaded from a file: typed columns in the order the schema declares
** them, and for each row the line of the file it came from.
*/
#ifndef STYR_DATASET_H
#define STYR_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "column.h"
#include "csv.h"

/* The declared shape of a column, as the checker derived it from the rule file. */
typedef struct col_schema {
    const char *name;          /* the name rules use */
    col_kind kind;
    bool optional;             /* may be empty, or missing from the file altogether */
    bool skip;                 /* no rule reads it: its cells are checked, not kept */
    const char **headers;      /* further header texts this column is found under */
    int nheaders;
} col_schema;

typedef struct ds_schema {
    const char *name;
    col_schema *cols;
    int ncols;
    csv_dialect dialect;       /* zero fields are detected */
    struct progress *progress; /* where reading reports how far it has come, or NULL */
    FILE *rejects;             /* rows that cannot be read are written here, with the reason,
                               ** and the load goes on; NULL: the first one stops it */
    size_t max_bytes;          /* the most the rows kept may take (ds_bytes); 0: no limit */
} ds_schema;

typedef struct ds_stream ds_stream;

typedef struct ds_index ds_index;

typedef struct dataset {
    const char *name;
    const char *path;          /* the file it was read from */
    const ds_schema *schema;
    column *cols;              /* ncols = schema->ncols */
    int ncols;
    int64_t *line;             /* 1-based line in the file where row i starts; NULL while */
    int64_t line0;             /* that is line0 + i for every row, as in most files */
    size_t nrows;
    size_t rows_read;          /* data records read from the file */
    csv_dialect dialect;       /* what was used: detected or declared */
    ds_index *indexes;         /* lookup indexes, built on demand by the runtime */
    bool too_big;              /* the load stopped: the rows took more than schema->max_bytes */
    ds_stream *stream;         /* a dataset too large to hold, read in batches while the rules
                               ** run (bind.c); its columns then hold only its key */
} dataset;

/* The 1-based line of the file where row i starts. */
static inline int64_t ds_line(const dataset *ds, size_t row)
{
    return ds->line ? ds->line[row] : ds->line0 + (int64_t)row;
}

/* Frees the columns and lines (load.c made them); the indexes are freed apart, by
** idx_free_all. */
void ds_free(dataset *ds);

/* The memory the dataset's rows take: columns, dictionaries and lines. */
size_t ds_bytes(const dataset *ds);

#endif
