/*
** csv_input.c: walking through the input of a CSV reader a piece at a time, memory in
** place and a file with pread into a buffer of CSV_PIECE bytes, so that a scan of a file
** of any size holds one piece; and settling and checking the input's encoding with it.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_int.h"
#include "xalloc.h"

/* How far into the input to look for a NUL byte, the sign of a file that is not text. */
enum { NUL_LOOK = 1 << 16 };

ssize_t csv_pread(int fd, char *buf, size_t n, uint64_t at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, buf + got, n - got, (off_t)(at + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

csv_walk csv_walk_start(const csv_reader *r, uint64_t from, uint64_t to)
{
    return (csv_walk){ .mem = r->mem, .fd = r->fd, .at = from, .end = to };
}

ptrdiff_t csv_walk_piece(csv_walk *w, const char **s)
{
    *s = "";
    if (w->at >= w->end)
        return 0;
    size_t n = w->end - w->at > CSV_PIECE ? CSV_PIECE : (size_t)(w->end - w->at);
    if (w->mem) {
        *s = w->mem + w->at;
        return (ptrdiff_t)n;
    }
    if (!w->buf)
        w->buf = xmalloc(CSV_PIECE);
    ssize_t k = csv_pread(w->fd, w->buf, n, w->at);
    *s = w->buf;
    if (k >= 0 && (size_t)k < n)
        w->end = w->at + (size_t)k;     /* the file got shorter */
    return k;
}

void csv_walk_end(csv_walk *w)
{
    free(w->buf);
    w->buf = NULL;
}

int64_t csv_walk_breaks(csv_walk *w, uint64_t from, uint64_t to)
{
    int64_t n = 0;
    bool cr = false;        /* the piece before ended with a CR */
    const char *s;
    ptrdiff_t k;
    w->at = from;
    w->end = to;
    while ((k = csv_walk_piece(w, &s)) > 0) {
        n += csv_count_breaks(s, s + k) - (cr && s[0] == '\n');   /* a CRLF across pieces counts once */
        cr = s[k - 1] == '\r';
        w->at += (uint64_t)k;
    }
    return k < 0 ? -1 : n;
}

/* ---- encodings ---- */

size_t csv_utf8_invalid_at(const unsigned char *s, size_t n)
{
    const uint64_t high = 0x8080808080808080ull;
    size_t i = 0;
    while (i < n) {
        /* Runs of ASCII go eight bytes at a time, and straight to the first byte that is not. */
        if (n - i >= 8) {
            uint64_t w = csv_load_le64((const char *)s + i) & high;
            if (w == 0) {
                i += 8;
                continue;
            }
            i += (size_t)__builtin_ctzll(w) >> 3;
        } else if (s[i] < 0x80) {
            i++;
            continue;
        }
        unsigned char c = s[i];
        size_t k;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF)
            k = 1, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            k = 2, cp = c & 0x0F, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, cp = c & 0x07, min = 0x10000;
        else
            return i;
        if (n - i <= k)
            return i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k + 1;
    }
    return n;
}

bool csv_utf8_cut(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : (c & 0xF0) == 0xE0 ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return false;
    return n < len;
}

size_t csv_cp1252_undefined_at(const char *s, size_t n)
{
    /* 0x81 0x8D 0x8F 0x90 0x9D */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
            return i;
    }
    return n;
}

/* The offset of the first byte in the input [w->at, w->end) that is not valid UTF-8 (a
** sequence cut by the end of a piece going on to the next), or w->end, with the byte in
** *byte; -1 when the file cannot be read. */
static int64_t utf8_invalid(csv_walk *w, unsigned char *byte)
{
    const char *s;
    ptrdiff_t k;
    while ((k = csv_walk_piece(w, &s)) > 0) {
        size_t bad = csv_utf8_invalid_at((const unsigned char *)s, (size_t)k);
        if (bad < (size_t)k && (w->at + (uint64_t)k == w->end || (size_t)k - bad >= 4)) {
            *byte = (unsigned char)s[bad];
            return (int64_t)(w->at + bad);
        }
        w->at += bad;
    }
    return k < 0 ? -1 : (int64_t)w->end;
}

/* The same for a byte that Windows-1252 leaves undefined. */
static int64_t cp1252_undefined(csv_walk *w, unsigned char *byte)
{
    const char *s;
    ptrdiff_t k;
    while ((k = csv_walk_piece(w, &s)) > 0) {
        size_t bad = csv_cp1252_undefined_at(s, (size_t)k);
        if (bad < (size_t)k) {
            *byte = (unsigned char)s[bad];
            return (int64_t)(w->at + bad);
        }
        w->at += (uint64_t)k;
    }
    return k < 0 ? -1 : (int64_t)w->end;
}

/* Sets the error for the byte at offset at, with the text from begin. */
static int bad_at(csv_reader *r, csv_walk *w, uint64_t begin, uint64_t at, const char *what, unsigned char byte)
{
    int64_t line = csv_walk_breaks(w, begin, at);
    if (line < 0)
        return csv_fail_read(r);
    return csv_fail(r, line + 1, "byte 0x%02X is %s", byte, what);
}

int csv_settle_encoding(csv_reader *r, csv_walk *w, bool more)
{
    uint64_t n = w->end;
    const char *s;
    ptrdiff_t k = csv_walk_piece(w, &s);
    if (k < 0)
        return csv_fail_read(r);
    /* Text never holds a NUL byte; an image, a spreadsheet or a zip file soon does. */
    const char *nul = k > 0 ? memchr(s, 0, k < NUL_LOOK ? (size_t)k : NUL_LOOK) : NULL;
    if (nul)
        return csv_fail(r, 1 + csv_count_breaks(s, nul), "this is not a CSV file: byte %zu is 0x00, "
                        "which text never holds (a spreadsheet, image or zip file? save the sheet as CSV)",
                        (size_t)(nul - s) + 1);
    int bom = k >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 && r->dialect.encoding != CSV_ENC_CP1252 ? 3 : 0;
    csv_encoding enc = bom ? CSV_ENC_UTF8 : r->dialect.encoding;
    unsigned char byte = 0;
    if (enc != CSV_ENC_CP1252) {
        w->at = (uint64_t)bom;
        int64_t bad = utf8_invalid(w, &byte);
        if (bad < 0)
            return csv_fail_read(r);
        if ((uint64_t)bad < n && more && n - (uint64_t)bad < 4 && csv_utf8_cut(w->mem + bad, n - (uint64_t)bad))
            bad = (int64_t)n;   /* cut by the end of what has been read so far */
        if ((uint64_t)bad < n && enc == CSV_ENC_UTF8)
            return bad_at(r, w, (uint64_t)bom, (uint64_t)bad, "not valid UTF-8", byte);
        r->guessed = more && enc == CSV_ENC_DETECT && (uint64_t)bad == n;
        enc = (uint64_t)bad < n ? CSV_ENC_CP1252 : CSV_ENC_UTF8;
    }
    if (enc == CSV_ENC_CP1252) {
        w->at = 0;
        w->end = n;
        int64_t bad = cp1252_undefined(w, &byte);
        if (bad < 0)
            return csv_fail_read(r);
        if ((uint64_t)bad < n)
            return bad_at(r, w, 0, (uint64_t)bad, "neither UTF-8 nor Windows-1252", byte);
    }
    r->dialect.encoding = enc;
    return bom;
}
