/*
** fmt.h: the canonical formatter of rule files (`styr fmt`), and the translator between
** the English and the Danish keyword sets (`styr fmt --keywords da|en`).
**
** It works on the file's tokens and comments as the scanner sees them, laid out again:
** each line is indented by what starts it (a declaration at the margin, its clauses two
** in, a dataset's columns four in, a continuation four past its statement, a line inside
** brackets under the first thing after the bracket), tokens are spaced one way, blank
** lines are kept but never more than one, comments stay where they were, trailing ones
** aligned in runs, a dataset's columns are aligned as a table. Line breaks are the
** author's. What makes a line start a statement is one table (fmt_layout.c), so a new
** construct is a row or two there.
**
** The result is parsed again and its tokens compared with the original's, value by value,
** comments included: a formatting that would change what a file says is never returned.
*/
#ifndef STYR_FMT_H
#define STYR_FMT_H

#include <stdbool.h>
#include <stddef.h>

/* The keyword set of the result: the file's own, English or Danish. */
typedef enum fmt_keywords { FMT_KEEP = -1, FMT_EN = 0, FMT_DA = 1 } fmt_keywords;

/* Formats text (named path in messages). Returns true with the result in *out
** (malloc'ed, *out_len its length); or false with diagnostics in *errors (malloc'ed,
** file:line:col ...) when the file does not parse or cannot be translated. */
bool fmt_text(const char *path, const char *text, size_t len, fmt_keywords keywords, bool color,
              char **out, size_t *out_len, char **errors);

#endif
