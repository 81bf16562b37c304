/*
** textdict.h: a dictionary of distinct strings. Text columns store a 32-bit code per
** row; equal strings get equal codes, so grouping and joining on text compare integers.
*/
#ifndef STYR_TEXTDICT_H
#define STYR_TEXTDICT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct textdict {
    arena strings;          /* the bytes of every string, NUL-terminated */
    const char **str;       /* code -> string */
    uint32_t *len;          /* code -> length in bytes */
    uint32_t count, cap;
    uint64_t *slots;        /* open addressing: the string's hash (high half) and code+1 (low
                            ** half, 0 = free), so most probes and every rehash skip the strings */
    uint32_t nslots;
} textdict;

/* Returns the code of s, adding it when new. */
uint32_t textdict_intern(textdict *d, const char *s, size_t n);
/* Makes room for count distinct strings, so adding them moves nothing. */
void textdict_reserve(textdict *d, size_t count);
/* Returns 1 and stores the code when s is present, else 0. */
int textdict_find(const textdict *d, const char *s, size_t n, uint32_t *code);
void textdict_free(textdict *d);
/* The memory the strings and the table take. */
size_t textdict_bytes(const textdict *d);

#endif
