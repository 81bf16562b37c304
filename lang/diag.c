/*
** diag.c: recording and printing diagnostics, see diag.h.
*/
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "xalloc.h"

static char *vformat(const char *fmt, va_list ap)
{
    buf b = {0};
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    XGROW(b.data, b.cap, (size_t)n + 1);
    vsnprintf(b.data, (size_t)n + 1, fmt, ap);
    return b.data;
}

/* Formats a message about a place; in a file written in Danish keywords, the keywords
** the message quotes are the Danish ones. */
static char *vformat_at(const src_file *file, const char *fmt, va_list ap)
{
    const char *f = kw_translate_quoted(file ? (kw_lang)file->lang : KW_EN, fmt);
    char *msg = vformat(f, ap);
    if (f != fmt) free((char *)f);
    return msg;
}

static bool same_place(const diag *g, loc at, const char *msg)
{
    return g->at.file == at.file && g->at.start == at.start && g->at.end == at.end &&
           strcmp(g->message, msg) == 0;
}

static diag *record(diags *d, diag_level level, loc at, const char *fmt, va_list ap)
{
    char *msg = vformat_at(at.file, fmt, ap);
    for (diag *g = d->first; g; g = g->next) {
        if (same_place(g, at, msg)) {
            free(msg);
            return g;
        }
    }
    int limit = d->limit ? d->limit : 50;
    if (level == DIAG_ERROR && d->errors >= limit) {
        /* Past the limit errors are counted, not kept, so the list stays readable;
        ** callers still get a diagnostic to add hints to, which goes nowhere. */
        static _Thread_local diag discard;
        if (d->errors++ == limit) {
            diag *more = xcalloc(1, sizeof *more);
            more->level = DIAG_NOTE;
            more->message = xstrdup("too many errors; stopping here");
            d->last->next = more;
            d->last = more;
        }
        free(msg);
        memset(&discard, 0, sizeof discard);
        discard.message = "";
        return &discard;
    }
    diag *g = xcalloc(1, sizeof *g);
    g->level = level;
    g->at = at;
    g->message = msg;
    if (level == DIAG_ERROR) d->errors++;
    if (level == DIAG_WARNING) d->warnings++;
    if (d->last) d->last->next = g;
    else d->first = g;
    d->last = g;
    return g;
}

diag *diag_error(diags *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *g = record(d, DIAG_ERROR, at, fmt, ap);
    va_end(ap);
    return g;
}

diag *diag_warning(diags *d, loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag *g = record(d, DIAG_WARNING, at, fmt, ap);
    va_end(ap);
    return g;
}

void diag_hint(diag *g, const char *fmt, ...)
{
    if (!g->message[0] || g->hint) return;   /* discarded, or already has one */
    va_list ap;
    va_start(ap, fmt);
    g->hint = vformat_at(g->at.file, fmt, ap);
    va_end(ap);
}

void diag_note(diag *g, loc at, const char *fmt, ...)
{
    if (!g->message[0]) return;
    diag *n = xcalloc(1, sizeof *n);
    n->level = DIAG_NOTE;
    n->at = at;
    va_list ap;
    va_start(ap, fmt);
    n->message = vformat_at(at.file, fmt, ap);
    va_end(ap);
    diag **tail = &g->notes;
    while (*tail) tail = &(*tail)->next;
    *tail = n;
}

static const char *level_name(diag_level l)
{
    switch (l) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    case DIAG_NOTE: return "note";
    }
    return "error";
}

static const char *level_color(diag_level l)
{
    switch (l) {
    case DIAG_ERROR: return "\033[1;31m";
    case DIAG_WARNING: return "\033[1;35m";
    case DIAG_NOTE: return "\033[1;36m";
    }
    return "";
}

/* Lines longer than this are shown as a window around the spot, so a diagnostic about
** a generated 200 KB line stays readable. */
enum { EXCERPT_WIDTH = 120, EXCERPT_BEFORE = 40 };

static bool utf8_continuation(unsigned char ch)
{
    return (ch & 0xC0) == 0x80;
}

/* Prints the source line (or a window of it) and a marker under [start, end) of it:
**    12 |   let cap = base + 5%
**       |             ^~~~~~~~  */
static void print_excerpt(const diag *g, buf *out, bool color)
{
    const src_file *f = g->at.file;
    uint32_t line, col, end_line, end_col;
    src_line_col(f, g->at.start, &line, &col);
    uint32_t end = g->at.end > g->at.start ? g->at.end - 1 : g->at.start;
    src_line_col(f, end, &end_line, &end_col);
    size_t len;
    const char *text = src_line(f, line, &len);
    size_t spot = (size_t)(f->text + g->at.start - text), from = 0, to = len;
    /* A diagnostic at the end of a line (or of the file) points past its last character. */
    if (spot > len) spot = len;
    if (len > EXCERPT_WIDTH) {
        from = spot > EXCERPT_BEFORE ? spot - EXCERPT_BEFORE : 0;
        while (from > 0 && utf8_continuation((unsigned char)text[from])) from--;
        to = from + EXCERPT_WIDTH < len ? from + EXCERPT_WIDTH : len;
        while (to > from && to < len && utf8_continuation((unsigned char)text[to])) to--;
    }
    char gutter[16];
    int w = snprintf(gutter, sizeof gutter, "%u", line);
    buf_printf(out, " %s | %s", gutter, from > 0 ? "…" : "");
    buf_add(out, text + from, to - from);
    buf_printf(out, "%s\n %*s | %s", to < len ? "…" : "", w, "", from > 0 ? " " : "");
    /* Pad with the line's own tabs so the marker lines up however tabs are shown. */
    for (size_t i = from; i < spot && i < to; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (!utf8_continuation(ch)) buf_putc(out, ch == '\t' ? '\t' : ' ');
    }
    uint32_t width = end_line == line && end_col >= col ? end_col - col + 1 : 1;
    uint32_t room = 1;   /* the marker stops at the window's edge */
    for (size_t i = spot; i < to; i++) room += !utf8_continuation((unsigned char)text[i]);
    if (width > room) width = room > 1 ? room - 1 : 1;
    if (color) buf_puts(out, level_color(g->level));
    buf_putc(out, '^');
    for (uint32_t i = 1; i < width; i++) buf_putc(out, '~');
    if (color) buf_puts(out, "\033[0m");
    buf_putc(out, '\n');
}

static void print_diag(const diag *g, buf *out, bool color)
{
    if (color) buf_puts(out, "\033[1m");
    if (g->at.file) {
        uint32_t line, col;
        src_line_col(g->at.file, g->at.start, &line, &col);
        buf_printf(out, "%s:%u:%u: ", g->at.file->path, line, col);
    }
    if (color) buf_printf(out, "%s%s:\033[0m\033[1m", level_color(g->level), level_name(g->level));
    else buf_printf(out, "%s:", level_name(g->level));
    buf_printf(out, " %s", g->message);
    if (color) buf_puts(out, "\033[0m");
    buf_putc(out, '\n');
    if (g->at.file) print_excerpt(g, out, color);
    if (g->hint) {
        if (color) buf_printf(out, "  \033[1;32mhint:\033[0m %s\n", g->hint);
        else buf_printf(out, "  hint: %s\n", g->hint);
    }
}

void diag_print_one(const diag *g, buf *out, bool color)
{
    print_diag(g, out, color);
    for (const diag *n = g->notes; n; n = n->next) print_diag(n, out, color);
}

void diag_print(const diags *d, buf *out, bool color)
{
    for (const diag *g = d->first; g; g = g->next) diag_print_one(g, out, color);
}

static void free_chain(diag *g)
{
    while (g) {
        diag *next = g->next;
        free_chain(g->notes);
        free(g->message);
        free(g->hint);
        free(g);
        g = next;
    }
}

void diag_free(diags *d)
{
    free_chain(d->first);
    memset(d, 0, sizeof *d);
}
