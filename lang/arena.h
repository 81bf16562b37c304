/*
** arena.h: region allocation. Everything the front end builds (tokens, AST, types,
** diagnostics) and every dataset's text lives in an arena and is freed at once.
*/
#ifndef STYR_ARENA_H
#define STYR_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    size_t total;          /* bytes handed out, for limits and statistics */
} arena;

/* Allocates n zeroed bytes aligned for any type. Aborts only if the machine is out
** of memory (the one place styr gives up: there is no sensible way on). */
void *arena_alloc(arena *a, size_t n);
/* Copies n bytes of s and adds a terminating NUL. */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Forgets everything allocated but keeps one block for what comes next: for memory
** that lives for one step of a loop. */
void arena_reset(arena *a);
/* Frees every block; the arena can be used again afterwards. */
void arena_free(arena *a);

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
