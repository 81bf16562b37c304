/*
** index.h: finding a dataset's rows by the values of some of its columns, as keyed
** lookups (tariffs[t.offer_id, 2019]) and joins do, in the interpreter and in compiled
** code. An index groups the row numbers by the raw values of those columns (dictionary
** codes, stored integers), each group in the order of the file.
*/
#ifndef STYR_INDEX_H
#define STYR_INDEX_H

#include "dataset.h"
#include "value.h"

#define IDX_MAX_COLS 16

struct ds_index {
    ds_index *next;          /* the dataset's other indexes */
    const dataset *ds;
    int ncols;
    int cols[IDX_MAX_COLS];
    uint32_t ngroups;
    uint32_t *start;         /* group g is rows[start[g] .. start[g+1]); both NULL when */
    uint32_t *rows;          /* every group has one row, its slot's first */
    struct idx_slot {        /* open addressing: group + 1 (0 = free), its first row, and */
        uint32_t group1, first, hash;   /* its key's hash, so most probes read no column */
    } *slots;
    uint32_t nslots;
};

/* The index on those columns, built the first time it is asked for. Building is not
** thread-safe; runs build every index they need before evaluating in parallel. */
ds_index *idx_get(dataset *ds, const int *cols, int ncols);
/* The rows whose columns hold exactly these values (none when a value is empty). */
rowset idx_find(const ds_index *ix, const dataset *ds, const value *vals);
/* The first row whose columns hold these raw values (none empty), or -1. */
int64_t idx_first_row(const ds_index *ix, const int64_t *raw);
/* A group with more than one row, or -1: how duplicated keys are found. */
int64_t idx_first_duplicate(const ds_index *ix);
void idx_free_all(dataset *ds);
/* The hash of n raw values, as indexes and the JIT's group maps use it. */
uint64_t idx_hash(const int64_t *k, int n);

#endif
