/*
** buf.c: growable text buffer, see buf.h.
*/
#include "buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* A buffer with a sink passes its text on in pieces of about this size. */
enum { SINK_PIECE = 64 * 1024 };

static void reserve(buf *b, size_t extra)
{
    if (b->sink && b->len + extra >= SINK_PIECE) buf_flush(b);
    XGROW(b->data, b->cap, b->len + extra + 1);
}

int buf_flush(buf *b)
{
    if (b->sink && b->len) {
        if (!b->sink_failed && b->sink(b->sink_ctx, b->data, b->len) != 0) b->sink_failed = 1;
        buf_clear(b);
    }
    return b->sink_failed;
}

void buf_add(buf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\';
}

void buf_json_escape(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t plain = i;
        while (plain < n && json_plain((unsigned char)s[plain])) plain++;
        buf_add(b, s + i, plain - i);
        if (plain == n) return;
        i = plain;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': buf_add(b, "\\\"", 2); break;
        case '\\': buf_add(b, "\\\\", 2); break;
        case '\n': buf_add(b, "\\n", 2); break;
        case '\r': buf_add(b, "\\r", 2); break;
        case '\t': buf_add(b, "\\t", 2); break;
        default: buf_printf(b, "\\u%04x", c);
        }
    }
}

void buf_csv_field(buf *b, const char *s, size_t n, char sep)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        buf_add(b, s, n);
        return;
    }
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') buf_putc(b, '"');
        buf_putc(b, s[i]);
    }
    buf_putc(b, '"');
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

char *buf_take(buf *b)
{
    char *s = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
