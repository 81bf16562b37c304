/*
** diag.h: diagnostics, the one path by which the front end reports problems. Each has
** a position, a plain sentence, an optional hint and notes; printing shows
** file:line:col, the source line and a caret under the spot.
*/
#ifndef STYR_DIAG_H
#define STYR_DIAG_H

#include <stdbool.h>

#include "buf.h"
#include "source.h"

typedef enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct diag diag;
struct diag {
    diag_level level;
    loc at;              /* at.file may be NULL: no position */
    char *message;
    char *hint;          /* NULL when none */
    diag *notes;         /* further positions that explain this one */
    diag *next;
};

typedef struct diags {
    diag *first, *last;
    int errors, warnings;
    int limit;           /* stop recording errors past this many (0: 50) */
} diags;

/* Records an error and returns it so a hint or note can be added. Identical errors at
** the same place (as from two instantiations of one function) are recorded once. */
diag *diag_error(diags *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
diag *diag_warning(diags *d, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_hint(diag *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(diag *g, loc at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends every diagnostic to out, in the order recorded. color adds ANSI colours. */
void diag_print(const diags *d, buf *out, bool color);
/* Prints one diagnostic (and its notes). */
void diag_print_one(const diag *g, buf *out, bool color);
void diag_free(diags *d);

#endif
