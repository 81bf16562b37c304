/*
** textdict.c: string interning for text columns, see textdict.h. Strings live in the
** dictionary's arena; an open-addressing table with linear probing maps them to codes.
*/
#include "textdict.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Eight bytes at a time, each word mixed in by a multiply, then murmur3's finalizer so
** that every bit of every byte reaches the low bits that pick the slot (a plain
** multiply only carries bits upward: ids such as "1000001" and "1000002" differ in
** their last byte, the top of the word, and would crowd together). */
static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h ^= w;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ h >> 33;
}

static bool same(const textdict *d, uint32_t code, const char *s, size_t n)
{
    return d->len[code] == n && (n == 0 || memcmp(d->str[code], s, n) == 0);
}

/* The slot holding s (whose hash is h), or the free slot where it belongs. nslots must
** be nonzero. */
static uint64_t *slot_of(const textdict *d, uint32_t h, const char *s, size_t n)
{
    uint32_t mask = d->nslots - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t *slot = &d->slots[i];
        if (*slot == 0 || ((uint32_t)(*slot >> 32) == h && same(d, (uint32_t)*slot - 1, s, n)))
            return slot;
    }
}

/* Gives the table nslots slots (a power of two, at least twice the count) and places
** every code again by its kept hash. */
static void rehash(textdict *d, uint32_t nslots)
{
    uint64_t *old = d->slots;
    uint32_t nold = d->nslots;
    d->nslots = nslots;
    d->slots = xcalloc(d->nslots, sizeof *d->slots);
    uint32_t mask = d->nslots - 1;
    for (uint32_t k = 0; k < nold; k++) {
        if (!old[k]) continue;
        uint32_t i = (uint32_t)(old[k] >> 32) & mask;
        while (d->slots[i]) i = (i + 1) & mask;
        d->slots[i] = old[k];
    }
    free(old);
}

uint32_t textdict_intern(textdict *d, const char *s, size_t n)
{
    if (n == 0)
        s = "";
    /* The table stays at most half full, so probes are short and always end. */
    if ((size_t)(d->count + 1) * 2 > d->nslots)
        rehash(d, d->nslots ? d->nslots * 2 : 64);
    uint32_t h = (uint32_t)hash(s, n);
    uint64_t *slot = slot_of(d, h, s, n);
    if (*slot)
        return (uint32_t)*slot - 1;
    if (d->count == d->cap) {
        uint32_t cap = d->cap;
        XGROW(d->str, d->cap, d->count + 1);
        XGROW(d->len, cap, d->count + 1);
    }
    uint32_t code = d->count++;
    d->str[code] = arena_strndup(&d->strings, s, n);
    d->len[code] = (uint32_t)n;
    *slot = (uint64_t)h << 32 | (code + 1);
    return code;
}

void textdict_reserve(textdict *d, size_t count)
{
    uint64_t nslots = d->nslots ? d->nslots : 64;
    while (nslots < (uint64_t)count * 2 && nslots < ((uint64_t)1 << 32) / 2) nslots *= 2;
    if (nslots > d->nslots) rehash(d, (uint32_t)nslots);
    if (count > d->cap && count <= UINT32_MAX) {
        uint32_t cap = d->cap;
        XGROW(d->str, d->cap, count);
        XGROW(d->len, cap, count);
    }
}

int textdict_find(const textdict *d, const char *s, size_t n, uint32_t *code)
{
    if (d->nslots == 0)
        return 0;
    if (n == 0)
        s = "";
    uint64_t *slot = slot_of(d, (uint32_t)hash(s, n), s, n);
    if (*slot == 0)
        return 0;
    *code = (uint32_t)*slot - 1;
    return 1;
}

void textdict_free(textdict *d)
{
    arena_free(&d->strings);
    free(d->str);
    free(d->len);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

size_t textdict_bytes(const textdict *d)
{
    return d->strings.total + (size_t)d->count * (sizeof *d->str + sizeof *d->len) + (size_t)d->nslots * sizeof *d->slots;
}
