/*
** index.c: dataset indexes by column values, see index.h.
*/
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The raw value of a cell: a dictionary code or the stored integer (0 when empty). */
static int64_t raw_cell(const column *c, size_t row)
{
    return c->kind == COL_TEXT ? (int64_t)c->code[row] : c->v[row];
}

/* A key as the index compares it: a mask of its empty cells, then the raw values. */
static void row_key(const ds_index *ix, size_t row, int64_t *key)
{
    key[0] = 0;
    for (int i = 0; i < ix->ncols; i++) {
        const column *c = &ix->ds->cols[ix->cols[i]];
        bool empty = col_is_empty(c, row);
        key[0] |= (int64_t)empty << i;
        key[i + 1] = empty ? 0 : raw_cell(c, row);
    }
}

uint64_t idx_hash(const int64_t *k, int n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < n; i++) {
        h ^= (uint64_t)k[i] + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
    }
    return h ^ (h >> 29);
}

static bool row_has_key(const ds_index *ix, size_t row, const int64_t *key)
{
    for (int i = 0; i < ix->ncols; i++) {
        const column *c = &ix->ds->cols[ix->cols[i]];
        bool empty = col_is_empty(c, row);
        if (((key[0] >> i) & 1) != empty || (!empty && raw_cell(c, row) != key[i + 1])) return false;
    }
    return true;
}

/* The slot of the group with this key (whose hash is h), or the free slot where it
** would go. */
static struct idx_slot *slot_of(const ds_index *ix, uint32_t h, const int64_t *key)
{
    uint32_t s = h & (ix->nslots - 1);
    while (ix->slots[s].group1 && (ix->slots[s].hash != h || !row_has_key(ix, ix->slots[s].first, key)))
        s = (s + 1) & (ix->nslots - 1);
    return &ix->slots[s];
}

/* Rows are hashed this many at a time and their slots fetched into the cache before any
** is inserted: over millions of rows each slot is a cache miss, and this lets the misses
** overlap instead of queueing one behind the other. */
enum { BUILD_BATCH = 16 };

static ds_index *build(dataset *ds, const int *cols, int ncols)
{
    ds_index *ix = xcalloc(1, sizeof *ix);
    ix->ds = ds;
    ix->ncols = ncols;
    memcpy(ix->cols, cols, (size_t)ncols * sizeof *cols);
    ix->nslots = 16;
    while (ix->nslots < ds->nrows + ds->nrows / 2) ix->nslots *= 2;
    ix->slots = xcalloc(ix->nslots, sizeof *ix->slots);
    size_t n = ds->nrows ? ds->nrows : 1;
    uint32_t *group_of = xmalloc(n * sizeof *group_of);
    int64_t key[BUILD_BATCH][IDX_MAX_COLS + 1];
    uint32_t hash[BUILD_BATCH];
    for (size_t r0 = 0; r0 < ds->nrows; r0 += BUILD_BATCH) {
        size_t batch = ds->nrows - r0 < BUILD_BATCH ? ds->nrows - r0 : BUILD_BATCH;
        for (size_t i = 0; i < batch; i++) {
            row_key(ix, r0 + i, key[i]);
            hash[i] = (uint32_t)idx_hash(key[i], ix->ncols + 1);
            __builtin_prefetch(&ix->slots[hash[i] & (ix->nslots - 1)], 1);
        }
        for (size_t i = 0; i < batch; i++) {
            struct idx_slot *slot = slot_of(ix, hash[i], key[i]);
            if (!slot->group1) *slot = (struct idx_slot){ ++ix->ngroups, (uint32_t)(r0 + i), hash[i] };
            group_of[r0 + i] = slot->group1 - 1;
        }
    }
    /* A key that is unique (as a declared key must be) needs no row lists: each slot's
    ** first row is its group. That saves two arrays the size of the dataset. */
    if (ix->ngroups == ds->nrows) {
        free(group_of);
        return ix;
    }
    ix->start = xcalloc((size_t)ix->ngroups + 1, sizeof *ix->start);
    for (size_t r = 0; r < ds->nrows; r++) ix->start[group_of[r] + 1]++;
    for (uint32_t g = 0; g < ix->ngroups; g++) ix->start[g + 1] += ix->start[g];
    uint32_t *fill = xmalloc(((size_t)ix->ngroups + 1) * sizeof *fill);
    memcpy(fill, ix->start, (size_t)ix->ngroups * sizeof *fill);
    ix->rows = xmalloc(n * sizeof *ix->rows);
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

/* The hot path of compiled lookups: no empty cells to match, and no group to find. */
int64_t idx_first_row(const ds_index *ix, const int64_t *raw)
{
    int64_t key[IDX_MAX_COLS + 1];
    key[0] = 0;
    for (int i = 0; i < ix->ncols; i++) key[i + 1] = raw[i];
    const struct idx_slot *slot = slot_of(ix, (uint32_t)idx_hash(key, ix->ncols + 1), key);
    return slot->group1 ? (int64_t)slot->first : -1;
}

/* The raw value of v in column c, or false when no cell of c can hold v. */
static bool raw_value(const column *c, value v, int64_t *out)
{
    switch (c->kind) {
    case COL_TEXT: {
        uint32_t code;
        if (v.kind != V_TEXT || !textdict_find(c->dict, v.text.s, v.text.len, &code)) return false;
        *out = code;
        return true;
    }
    case COL_BOOL:
        *out = v.b;
        return v.kind == V_BOOL;
    case COL_DATE:
        *out = v.date;
        return v.kind == V_DATE;
    default: {
        int scale = c->scale + (c->kind == COL_PERCENT ? 2 : 0);
        int64_t down, up;
        return v.kind == V_NUM && rat_to_scaled(v.q, scale, RAT_FLOOR, &down) == RAT_OK &&
               rat_to_scaled(v.q, scale, RAT_CEIL, &up) == RAT_OK && down == up && (*out = down, true);
    }
    }
}

rowset idx_find(const ds_index *ix, const dataset *ds, const value *vals)
{
    rowset rs = { .ds = ds };
    int64_t key[IDX_MAX_COLS + 1] = { 0 };
    for (int i = 0; i < ix->ncols; i++)
        if (vals[i].kind == V_EMPTY || !raw_value(&ds->cols[ix->cols[i]], vals[i], &key[i + 1])) return rs;
    const struct idx_slot *slot = slot_of(ix, (uint32_t)idx_hash(key, ix->ncols + 1), key);
    if (!slot->group1) return rs;
    if (!ix->start) {
        rs.rows = &slot->first;
        rs.n = 1;
        return rs;
    }
    uint32_t g = slot->group1 - 1;
    rs.rows = ix->rows + ix->start[g];
    rs.n = ix->start[g + 1] - ix->start[g];
    return rs;
}

int64_t idx_first_duplicate(const ds_index *ix)
{
    if (!ix->start) return -1;
    for (uint32_t g = 0; g < ix->ngroups; g++)
        if (ix->start[g + 1] - ix->start[g] > 1) return g;
    return -1;
}

void idx_free_all(dataset *ds)
{
    ds_index *ix = ds->indexes;
    while (ix) {
        ds_index *next = ix->next;
        free(ix->start);
        free(ix->rows);
        free(ix->slots);
        free(ix);
        ix = next;
    }
    ds->indexes = NULL;
}
