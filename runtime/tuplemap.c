/*
** tuplemap.c: hash map from value tuples to dense ids, see tuplemap.h.
*/
#include "tuplemap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void tmap_init(tuplemap *m, int width)
{
    memset(m, 0, sizeof *m);
    m->width = width;
}

static uint64_t hash_tuple(const value *key, int width)
{
    uint64_t h = 0x84222325cbf29ce4ull;
    for (int i = 0; i < width; i++) h = (h ^ val_hash(key[i])) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static bool same_tuple(const value *a, const value *b, int width)
{
    for (int i = 0; i < width; i++)
        if (!val_equal(a[i], b[i])) return false;
    return true;
}

static void rehash(tuplemap *m)
{
    uint32_t n = m->nslots ? m->nslots * 2 : 64;
    free(m->slots);
    m->slots = xcalloc(n, sizeof *m->slots);
    m->nslots = n;
    for (uint32_t id = 0; id < m->count; id++) {
        uint32_t s = (uint32_t)m->hashes[id] & (n - 1);
        while (m->slots[s]) s = (s + 1) & (n - 1);
        m->slots[s] = id + 1;
    }
}

int64_t tmap_find(const tuplemap *m, const value *key)
{
    if (!m->nslots) return -1;
    uint64_t h = hash_tuple(key, m->width);
    for (uint32_t s = (uint32_t)h & (m->nslots - 1); m->slots[s]; s = (s + 1) & (m->nslots - 1)) {
        uint32_t id = m->slots[s] - 1;
        if (m->hashes[id] == h && same_tuple(tmap_key(m, id), key, m->width)) return id;
    }
    return -1;
}

uint32_t tmap_add(tuplemap *m, const value *key, bool *added)
{
    int64_t found = tmap_find(m, key);
    if (found >= 0) {
        if (added) *added = false;
        return (uint32_t)found;
    }
    if ((m->count + 1) * 2 > m->nslots) rehash(m);
    uint32_t id = m->count++;
    if (m->count > m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->hashes = xrealloc(m->hashes, m->cap * sizeof *m->hashes);
        m->keys = xrealloc(m->keys, (size_t)m->cap * (size_t)m->width * sizeof *m->keys);
    }
    m->hashes[id] = hash_tuple(key, m->width);
    memcpy(m->keys + (size_t)id * (size_t)m->width, key, (size_t)m->width * sizeof *key);
    uint32_t s = (uint32_t)m->hashes[id] & (m->nslots - 1);
    while (m->slots[s]) s = (s + 1) & (m->nslots - 1);
    m->slots[s] = id + 1;
    if (added) *added = true;
    return id;
}

void tmap_free(tuplemap *m)
{
    free(m->keys);
    free(m->hashes);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
