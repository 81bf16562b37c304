/*
** buf.h: a growable byte buffer for building text (messages, reports, JSON).
*/
#ifndef STYR_BUF_H
#define STYR_BUF_H

#include <stddef.h>

typedef struct buf {
    char *data;     /* always NUL-terminated once anything was added */
    size_t len, cap;
} buf;

void buf_add(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as the body of a JSON string (no surrounding quotes), escaping as needed. */
void buf_json_escape(buf *b, const char *s, size_t n);
/* Empties the buffer, keeping its memory. */
void buf_clear(buf *b);
/* Returns the text (never NULL) and leaves b empty; the caller frees it. */
char *buf_take(buf *b);
void buf_free(buf *b);

#endif
