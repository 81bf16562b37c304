/*
** csv_window.c: the window of a CSV reader, for everything but UTF-8 in memory: a chunk
** at a time, a UTF-8 file (checked whole when it was opened) is read straight into it,
** Windows-1252 is transcoded into it, and a stream's bytes are checked and copied into it.
** The window keeps the text from the record being read on and grows only while that
** record does (csv_next stops it at CSV_RECORD_MAX); a stream also keeps its beginning
** for csv_rewind for a while.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_int.h"
#include "xalloc.h"

/* Windows-1252 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
** 0xA0..0xFF are U+00A0..U+00FF, as in Latin-1. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Writes the UTF-8 of the Windows-1252 bytes s[0..n), none of them undefined, at d and
** returns where it ends: at most 3n bytes on. */
static char *cp1252_to_utf8(const char *s, size_t n, char *d)
{
    const uint64_t high = 0x8080808080808080ull;
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8 && (csv_load_le64(s + i) & high) == 0) {
            memcpy(d, s + i, 8);
            d += 8, i += 8;
            continue;
        }
        unsigned char c = (unsigned char)s[i++];
        uint32_t cp = c < 0x80 ? c : c < 0xA0 ? cp1252_c1[c - 0x80] : c;
        if (cp < 0x80) {
            *d++ = (char)cp;
        } else if (cp < 0x800) {
            *d++ = (char)(0xC0 | cp >> 6);
            *d++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *d++ = (char)(0xE0 | cp >> 12);
            *d++ = (char)(0x80 | (cp >> 6 & 0x3F));
            *d++ = (char)(0x80 | (cp & 0x3F));
        }
    }
    return d;
}

/* The input bytes that the window text [from, to) was decoded from. */
static size_t src_len(const csv_reader *r, const char *from, const char *to)
{
    if (r->dialect.encoding != CSV_ENC_CP1252)
        return (size_t)(to - from);
    /* One input byte for each character: count the bytes that begin one. */
    size_t n = 0;
    for (const char *q = from; q < to; q++)
        n += ((unsigned char)*q & 0xC0) != 0x80;
    return n;
}

uint64_t csv_offset_of(const csv_reader *r, const char *q)
{
    return r->windowed ? r->wsrc + src_len(r, r->start, q) : (uint64_t)(q - r->mem);
}

void csv_window_init(csv_reader *r)
{
    r->windowed = true;
    r->wcap = 4 * r->size.chunk;
    r->win = xmalloc(r->wcap);
    r->start = r->p = r->end = r->win;
}

/* Drops the text before p, unless it is kept for csv_rewind, and makes room for room more
** bytes, growing the window when the text from p fills it. */
static void make_room(csv_reader *r, size_t room)
{
    if (r->keep && (size_t)(r->p - r->start) > r->size.rewind_max)
        r->keep = false;
    if (!r->keep && r->p > r->start) {
        size_t left = (size_t)(r->end - r->p);
        if (r->seekable)
            r->wsrc += src_len(r, r->start, r->p);
        r->wtext += (uint64_t)(r->p - r->start);
        memmove(r->win, r->p, left);
        r->start = r->p = r->win;
        r->end = r->win + left;
    }
    size_t used = (size_t)(r->end - r->start);
    if (r->wcap - used >= room)
        return;
    /* Doubling, but not far past what the longest record needs. */
    size_t cap = r->wcap * 2, most = r->size.record_max + 4 * r->size.chunk;
    if (cap > most)
        cap = most;
    if (cap < used + room)
        cap = used + room;
    size_t at = (size_t)(r->p - r->start);
    r->win = xrealloc(r->win, cap);
    r->wcap = cap;
    r->start = r->win;
    r->p = r->win + at;
    r->end = r->win + used;
}

bool csv_read_more(csv_reader *r)
{
    if (r->rawpos > 0) {
        memmove(r->raw, r->raw + r->rawpos, r->rawlen - r->rawpos);
        r->rawlen -= r->rawpos;
        r->rawpos = 0;
    }
    XGROW(r->raw, r->rawcap, r->rawlen + r->size.chunk);
    size_t room = r->rawcap - r->rawlen;
    ssize_t k;
    if (r->seekable) {
        if (room > r->stop - r->pos)
            room = (size_t)(r->stop - r->pos);
        k = csv_pread(r->fd, r->raw + r->rawlen, room, r->pos);
        if (k >= 0) {
            r->pos += (uint64_t)k;
            if ((size_t)k < room)
                r->stop = r->pos;       /* the file got shorter */
        }
        r->raw_eof = r->pos == r->stop;
    } else {
        do
            k = read(r->fd, r->raw + r->rawlen, room);
        while (k < 0 && errno == EINTR);
        r->raw_eof = k == 0;
    }
    if (k < 0) {
        csv_fail_read(r);
        return false;
    }
    r->rawlen += (size_t)k;
    return true;
}

/* The window has taken the text up to a byte that is not text in the encoding: the
** error is kept for when reading gets there. */
static void bad_byte(csv_reader *r, unsigned char byte)
{
    int64_t line = r->line + csv_count_breaks(r->p, r->end);
    if (r->dialect.encoding == CSV_ENC_CP1252)
        csv_fail(r, line, "byte 0x%02X is neither UTF-8 nor Windows-1252", byte);
    else if (r->guessed)
        csv_fail(r, line, "byte 0x%02X is not valid UTF-8; the first MiB of this input was, so it is "
                          "read as UTF-8 (a stream is read once: declare its encoding with format "
                          "encoding \"windows-1252\" in its dataset, or give it as a file)", byte);
    else
        csv_fail(r, line, "byte 0x%02X is not valid UTF-8", byte);
    r->failed = false;
    r->pending = true;
}

/* Decodes the input bytes s[0..n) onto the end of the window, which has room for them
** (3n bytes for Windows-1252); more says whether input follows them. Returns how many of them it took: all but
** a UTF-8 sequence that the following bytes finish, or up to a bad byte (then pending). */
static size_t decode(csv_reader *r, const char *s, size_t n, bool more)
{
    char *end = (char *)r->end;
    size_t good;
    if (r->dialect.encoding == CSV_ENC_CP1252) {
        good = csv_cp1252_undefined_at(s, n);
        r->end = cp1252_to_utf8(s, good, end);
    } else {
        good = csv_utf8_invalid_at((const unsigned char *)s, n);
        memcpy(end, s, good);
        r->end = end + good;
        if (good < n && more && n - good < 4 && csv_utf8_cut(s + good, n - good))
            return good;
    }
    if (good < n)
        bad_byte(r, (unsigned char)s[good]);
    return good;
}

/* Decodes the next chunk of the input into the window, which has room for it, reading a file or stream when nothing decodable is at hand. False with the
** error set when reading fails. */
static bool fill_step(csv_reader *r)
{
    if (r->checked) {
        size_t n = r->stop - r->pos < r->size.chunk ? (size_t)(r->stop - r->pos) : r->size.chunk;
        ssize_t k = csv_pread(r->fd, (char *)r->end, n, r->pos);
        if (k < 0) {
            csv_fail_read(r);
            return false;
        }
        r->end += k;
        r->pos += (uint64_t)k;
        if ((size_t)k < n)
            r->stop = r->pos;           /* the file got shorter */
        r->eof = r->pos == r->stop;
        return true;
    }
    for (;;) {
        const char *s = r->mem ? r->mem + r->pos : r->raw + r->rawpos;
        size_t n = r->mem ? (size_t)(r->stop - r->pos) : r->rawlen - r->rawpos;
        bool more = !r->mem && !r->raw_eof;
        size_t k = n < r->size.chunk ? n : r->size.chunk;
        size_t took = decode(r, s, k, more || k < n);
        if (r->mem)
            r->pos += took;
        else
            r->rawpos += took;
        if (took > 0 || r->pending || !more)
            break;
        if (!csv_read_more(r))
            return false;
    }
    r->eof = !r->pending && (r->mem ? r->pos == r->stop : r->raw_eof && r->rawpos == r->rawlen);
    return true;
}

bool csv_fill(csv_reader *r, size_t want)
{
    if (r->pending) {
        r->failed = true;
        return false;
    }
    /* Room for a chunk of input, which Windows-1252 can make three times as long. */
    size_t room = r->dialect.encoding == CSV_ENC_CP1252 ? 3 * r->size.chunk : r->size.chunk;
    while (!r->eof && !r->pending && (size_t)(r->end - r->p) < want) {
        make_room(r, room);
        if (!fill_step(r))
            return false;
    }
    return true;
}
