/*
** index.h: finding a dataset's rows by the values of some of its columns, as keyed
** lookups (tariffs[t.offer_id, 2019]) and joins do. An index groups the row numbers by
** their values in those columns, each group in the order of the file.
*/
#ifndef STYR_INDEX_H
#define STYR_INDEX_H

#include "dataset.h"
#include "tuplemap.h"
#include "value.h"

struct ds_index {
    ds_index *next;          /* the dataset's other indexes */
    int ncols;
    int cols[16];
    tuplemap groups;         /* values of cols -> group */
    uint32_t *start;         /* group g is rows[start[g] .. start[g+1]) */
    uint32_t *rows;
};

/* The index on those columns, built the first time it is asked for. Building is not
** thread-safe; runs build every index they need before evaluating in parallel. */
ds_index *idx_get(dataset *ds, const int *cols, int ncols);
/* The rows whose columns hold exactly these values (none when a value is empty). */
rowset idx_find(const ds_index *ix, const dataset *ds, const value *vals);
/* A group with more than one row, or -1: how duplicated keys are found. */
int64_t idx_first_duplicate(const ds_index *ix);
void idx_free_all(dataset *ds);

#endif
