/*
** xalloc.h: malloc that does not return NULL. Running out of memory is the one
** condition styr does not recover from; it prints a message and exits.
*/
#ifndef STYR_XALLOC_H
#define STYR_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Grows a dynamic array *p of *cap elements so it holds at least need elements. */
#define XGROW(p, cap, need)                                                     \
    do {                                                                       \
        if ((size_t)(need) > (size_t)(cap)) {                                  \
            size_t ncap_ = (cap) ? (size_t)(cap) * 2 : 8;                       \
            while (ncap_ < (size_t)(need)) ncap_ *= 2;                          \
            (p) = xrealloc((p), ncap_ * sizeof *(p));                           \
            (cap) = ncap_;                                                      \
        }                                                                      \
    } while (0)

/* Appends one element to a small array of n elements and yields it as an lvalue:
** XAPPEND(p->rules, p->nrules) = r;  (reallocates every time: for short lists only) */
#define XAPPEND(arr, n) (*((arr) = xrealloc((arr), sizeof *(arr) * ((size_t)(n) + 1)), &(arr)[(n)++]))

#endif
