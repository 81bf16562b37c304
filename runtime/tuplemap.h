/*
** tuplemap.h: a hash map from tuples of values to dense ids 0, 1, 2... in the order
** the tuples were first added. Groups of `group by` and the key indexes of datasets use it.
*/
#ifndef STYR_TUPLEMAP_H
#define STYR_TUPLEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "value.h"

typedef struct tuplemap {
    int width;           /* values per tuple */
    value *keys;         /* count * width values; texts must outlive the map */
    uint64_t *hashes;
    uint32_t count, cap;
    uint32_t *slots;     /* open addressing: id + 1, 0 = free */
    uint32_t nslots;
} tuplemap;

void tmap_init(tuplemap *m, int width);
/* The id of the tuple, adding it (with *added set) when new. */
uint32_t tmap_add(tuplemap *m, const value *key, bool *added);
/* The id of the tuple, or -1. */
int64_t tmap_find(const tuplemap *m, const value *key);
static inline const value *tmap_key(const tuplemap *m, uint32_t id) { return m->keys + (size_t)id * (size_t)m->width; }
void tmap_free(tuplemap *m);

#endif
