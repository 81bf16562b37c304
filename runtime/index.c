/*
** index.c: dataset indexes by column values, see index.h.
*/
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static ds_index *build(dataset *ds, const int *cols, int ncols)
{
    ds_index *ix = xcalloc(1, sizeof *ix);
    ix->ncols = ncols;
    memcpy(ix->cols, cols, (size_t)ncols * sizeof *cols);
    tmap_init(&ix->groups, ncols);
    uint32_t *group_of = xmalloc((ds->nrows ? ds->nrows : 1) * sizeof *group_of);
    value key[16];
    for (size_t r = 0; r < ds->nrows; r++) {
        for (int i = 0; i < ncols; i++) key[i] = val_cell(ds, cols[i], r);
        group_of[r] = tmap_add(&ix->groups, key, NULL);
    }
    uint32_t ng = ix->groups.count;
    ix->start = xcalloc((size_t)ng + 1, sizeof *ix->start);
    for (size_t r = 0; r < ds->nrows; r++) ix->start[group_of[r] + 1]++;
    for (uint32_t g = 0; g < ng; g++) ix->start[g + 1] += ix->start[g];
    uint32_t *fill = xmalloc(((size_t)ng + 1) * sizeof *fill);
    memcpy(fill, ix->start, ((size_t)ng + 1) * sizeof *fill);
    ix->rows = xmalloc((ds->nrows ? ds->nrows : 1) * sizeof *ix->rows);
    for (size_t r = 0; r < ds->nrows; r++) ix->rows[fill[group_of[r]]++] = (uint32_t)r;
    free(fill);
    free(group_of);
    return ix;
}

ds_index *idx_get(dataset *ds, const int *cols, int ncols)
{
    for (ds_index *ix = ds->indexes; ix; ix = ix->next)
        if (ix->ncols == ncols && !memcmp(ix->cols, cols, (size_t)ncols * sizeof *cols)) return ix;
    ds_index *ix = build(ds, cols, ncols);
    ix->next = ds->indexes;
    ds->indexes = ix;
    return ix;
}

rowset idx_find(const ds_index *ix, const dataset *ds, const value *vals)
{
    rowset rs = { .ds = ds };
    for (int i = 0; i < ix->ncols; i++)
        if (vals[i].kind == V_EMPTY) return rs;
    int64_t g = tmap_find(&ix->groups, vals);
    if (g < 0) return rs;
    rs.rows = ix->rows + ix->start[g];
    rs.n = ix->start[g + 1] - ix->start[g];
    return rs;
}

int64_t idx_first_duplicate(const ds_index *ix)
{
    for (uint32_t g = 0; g < ix->groups.count; g++)
        if (ix->start[g + 1] - ix->start[g] > 1) return g;
    return -1;
}

void idx_free_all(dataset *ds)
{
    ds_index *ix = ds->indexes;
    while (ix) {
        ds_index *next = ix->next;
        tmap_free(&ix->groups);
        free(ix->start);
        free(ix->rows);
        free(ix);
        ix = next;
    }
    ds->indexes = NULL;
}
