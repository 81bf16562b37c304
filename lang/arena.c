/*
** arena.c: region allocation, see arena.h.
*/
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct arena_block {
    arena_block *next;
    size_t used, size;
    _Alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void *arena_alloc(arena *a, size_t n)
{
    size_t align = _Alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* Large requests get a block of their own so the tail of the current one is kept. */
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        arena_block *nb = xmalloc(sizeof *nb + size);
        nb->used = 0;
        nb->size = size;
        if (b && n > ARENA_BLOCK / 4) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, aq);
    va_end(aq);
    return p;
}

void arena_reset(arena *a)
{
    arena_block *b = a->head;
    if (!b) return;
    arena_block *rest = b->next;
    b->next = NULL;
    b->used = 0;
    a->total = 0;
    while (rest) {
        arena_block *next = rest->next;
        free(rest);
        rest = next;
    }
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
