/*
** ruldiff.h: what the files of styr_rules_diff (styr.h) share. ruldiff_text.c cuts
** canonical rule text into declarations and compares two of them line by line and
** literal by literal; ruldiff.c matches the declarations of two rule sets and writes
** the result; ruldiff_verdicts.c compares two runs' verdicts.
*/
#ifndef STYR_RULDIFF_H
#define STYR_RULDIFF_H

#include <stdbool.h>

#include "buf.h"
#include "styr.h"

/* One top-level declaration of canonical (formatted, English) rule text, without its
** comments and blank lines; its doc string is kept apart. */
typedef struct rdiff_decl {
    char *word;          /* the keyword that starts it: requirement, parameter, dataset... */
    char *name;          /* its name; "" for the agreement header */
    char **lines;        /* its lines, the first the declaration's own */
    int nlines;
    char *doc;           /* its doc string's lines, or NULL */
} rdiff_decl;

typedef struct rdiff_decls {
    rdiff_decl *v;
    int n, cap;
} rdiff_decls;

/* Adds the declarations of canonical text (imports and tests are left out: an import's
** declarations are compared where they are, tests are not rules). */
void rdiff_split(rdiff_decls *ds, const char *text);
void rdiff_decls_free(rdiff_decls *ds);
/* The declaration of that keyword class and name, or NULL. */
const rdiff_decl *rdiff_find(const rdiff_decls *ds, const char *section, const char *name);
/* The class of a keyword: "rule" for requirement, target and info, else the keyword. */
const char *rdiff_section(const char *word);

/* The lines of a changed declaration as a diff with some lines of context: each line of
** *lines starts with ' ' (kept), '-' (old only), '+' (new only), or is "..." between
** hunks. */
typedef struct rdiff_lines {
    char **v;
    int n, cap;
} rdiff_lines;
void rdiff_line_diff(const rdiff_decl *old, const rdiff_decl *new, rdiff_lines *out);
void rdiff_lines_free(rdiff_lines *l);

/* A literal that changed: old -> new (one of them NULL when a literal was only removed or
** added), count times, under label (the let, show or parameter it is in, or ""). */
typedef struct rdiff_literal {
    char *label, *old, *new;
    int count;
} rdiff_literal;
typedef struct rdiff_literals {
    rdiff_literal *v;
    int n, cap;
} rdiff_literals;
/* The numbers, percents, amounts and dates (outside strings) that differ between the
** two declarations, paired in order. */
void rdiff_literal_diff(const rdiff_decl *old, const rdiff_decl *new, rdiff_literals *out);
void rdiff_literals_free(rdiff_literals *l);
/* "base: 2014 -> 2019 (3 times), 0.5 % removed" into b, at most max entries. */
void rdiff_literals_summary(const rdiff_literals *l, int max, buf *b);

/* The verdicts of two runs compared: a text section or a JSON member "verdicts" into b.
** Returns whether any verdict changed. */
bool rdiff_verdicts(const styr_run *old, const styr_run *new, bool json, buf *b);

#endif
