/*
** buf.h: a growable byte buffer for building text (messages, reports, JSON).
*/
#ifndef STYR_BUF_H
#define STYR_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* Where a buffer hands its text on, piece by piece, instead of holding it all (a report
** of a million items). Returns 0, or non-zero to say the text could not be taken; the
** buffer then drops what follows. */
typedef int buf_sink(void *ctx, const char *s, size_t n);

typedef struct buf {
    char *data;     /* always NUL-terminated once anything was added */
    size_t len, cap;
    buf_sink *sink; /* NULL: the buffer keeps everything */
    void *sink_ctx;
    int sink_failed;
} buf;

void buf_add(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s as the body of a JSON string (no surrounding quotes), escaping as needed. */
void buf_json_escape(buf *b, const char *s, size_t n);
/* Hands what the buffer holds to its sink; the buffer stays usable. Returns sink_failed. */
int buf_flush(buf *b);
/* Appends s as one CSV field (RFC 4180): in double quotes, with quotes doubled, when it
** holds the separator sep, a quote or a line break; as it is otherwise. */
void buf_csv_field(buf *b, const char *s, size_t n, char sep);
/* Empties the buffer, keeping its memory. */
void buf_clear(buf *b);
/* Returns the text (never NULL) and leaves b empty; the caller frees it. */
char *buf_take(buf *b);
void buf_free(buf *b);

#endif
