/*
** keywords.h: the reserved words of styr, in one table that the scanner, the syntax
** error messages and the editor grammars all read.
*/
#ifndef STYR_KEYWORDS_H
#define STYR_KEYWORDS_H

#include <stddef.h>

typedef struct keyword {
    const char *word;
    int token;
} keyword;

extern const keyword kw_table[];   /* ends with { NULL, 0 } */

/* The token of a reserved word, or 0 when s is a name. */
int kw_lookup(const char *s, size_t n);

#endif
