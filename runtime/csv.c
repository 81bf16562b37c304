/*
** csv.c: the CSV reader of csv.h. The file is mapped (or read) whole, checked or
** transcoded to UTF-8 once, and records are then cut from that buffer in place; only
** quoted fields with doubled quotes are copied, into a scratch buffer reused per record.
*/
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

struct csv_reader {
    char *name;                 /* the path or name, for messages */
    const char *start, *end;    /* the UTF-8 text, after any BOM */
    const char *p;              /* where the next record starts */
    int64_t line;               /* the physical line at p */
    csv_dialect dialect;        /* separator and encoding as resolved */
    void *map;                  /* the mapped file, or NULL */
    size_t maplen;
    char *owned;                /* text read with read() or transcoded, or NULL */
    csv_field *fields;          /* the current record */
    size_t *scroff;             /* scratch offset of field i when its s is NULL */
    size_t fcap;
    char *scratch;              /* quoted fields with "" undoubled */
    size_t slen, scap;
    bool failed;                /* errors are sticky until csv_rewind */
    char err[512];
};

/* Formats "NAME:LINE: message" into r->err, marks the reader failed and returns -1. */
__attribute__((format(printf, 3, 4)))
static int fail(csv_reader *r, int64_t line, const char *fmt, ...)
{
    int n = snprintf(r->err, sizeof r->err, "%s:%lld: ", r->name, (long long)line);
    if (n < 0 || (size_t)n >= sizeof r->err)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
    va_end(ap);
    r->failed = true;
    return -1;
}

/* The number of line breaks in [p, end): LF, CRLF and a lone CR each count once. */
static int64_t count_breaks(const char *p, const char *end)
{
    int64_t n = 0;
    for (; p < end; p++)
        n += *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n'));
    return n;
}

/* Eight bytes at p as a little-endian word, so the lowest set bit is the first byte. */
static inline uint64_t load_le64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* ---- encoding ---- */

size_t csv_utf8_invalid_at(const unsigned char *s, size_t n)
{
    const uint64_t high = 0x8080808080808080ull;
    size_t i = 0;
    while (i < n) {
        /* Runs of ASCII go eight bytes at a time, and straight to the first byte that is not. */
        if (n - i >= 8) {
            uint64_t w = load_le64((const char *)s + i) & high;
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

/* Windows-1252 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
** 0xA0..0xFF are U+00A0..U+00FF, as in Latin-1. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static uint32_t cp1252_char(unsigned char c)
{
    return c < 0x80 ? c : c < 0xA0 ? cp1252_c1[c - 0x80] : c;
}

/* Transcodes Windows-1252 text into a malloc'ed UTF-8 buffer stored in *out with its
** length in *outlen. Returns false (with the error set) on an undefined byte. */
static bool transcode_cp1252(csv_reader *r, const char *s, size_t n, char **out, size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t size = n;
    for (size_t i = 0; i < n; i++) {
        if (u[i] < 0x80)
            continue;
        uint32_t cp = cp1252_char(u[i]);
        if (cp == 0) {
            fail(r, 1 + count_breaks(s, s + i),
                 "byte 0x%02X is neither UTF-8 nor Windows-1252", u[i]);
            return false;
        }
        size += cp < 0x800 ? 1 : 2;
    }
    char *d = xmalloc(size ? size : 1), *q = d;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = cp1252_char(u[i]);
        if (cp < 0x80) {
            *q++ = (char)cp;
        } else if (cp < 0x800) {
            *q++ = (char)(0xC0 | cp >> 6);
            *q++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *q++ = (char)(0xE0 | cp >> 12);
            *q++ = (char)(0x80 | (cp >> 6 & 0x3F));
            *q++ = (char)(0x80 | (cp & 0x3F));
        }
    }
    *out = d;
    *outlen = size;
    return true;
}

/* ---- separator ---- */

/* The separator of the header line: whichever of ';' ',' tab '|' occurs most often
** outside quotes, ties going to the earlier in that order; ',' when none occurs. */
static char detect_separator(const char *p, const char *end)
{
    static const char cand[4] = { ';', ',', '\t', '|' };
    size_t count[4] = { 0 };
    bool quoted = false;
    while (p < end && (*p == '\n' || *p == '\r'))
        p++;
    for (; p < end; p++) {
        char c = *p;
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        for (int i = 0; i < 4; i++)
            count[i] += c == cand[i];
    }
    int best = -1;
    for (int i = 0; i < 4; i++)
        if (count[i] > 0 && (best < 0 || count[i] > count[best]))
            best = i;
    return best < 0 ? ',' : cand[best];
}

/* ---- opening ---- */

static csv_reader *reader_new(const char *name, const csv_dialect *dialect)
{
    csv_reader *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(name);
    if (dialect)
        r->dialect = *dialect;
    r->line = 1;
    return r;
}

/* How far into a file to look for a NUL byte, the sign of a file that is not text. */
enum { NUL_LOOK = 1 << 16 };

/* Settles the encoding and separator of the text s[0..n) and points the reader at
** it; s is either the caller's memory, r->map or r->owned. A BOM means UTF-8 unless
** Windows-1252 is declared. Returns false with r->err set when the bytes are not text
** in the encoding. */
static bool prepare(csv_reader *r, const char *s, size_t n)
{
    /* Text never holds a NUL byte; an image, a spreadsheet or a zip file soon does. */
    const char *nul = memchr(s, 0, n < NUL_LOOK ? n : NUL_LOOK);
    if (nul) {
        fail(r, 1 + count_breaks(s, nul), "this is not a CSV file: byte %zu is 0x00, which text never holds "
             "(a spreadsheet, image or zip file? save the sheet as CSV)", (size_t)(nul - s) + 1);
        return false;
    }
    bool bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
    csv_encoding enc = r->dialect.encoding;
    if (bom && enc != CSV_ENC_CP1252) {
        s += 3;
        n -= 3;
        enc = CSV_ENC_UTF8;
    }
    if (enc != CSV_ENC_CP1252) {
        size_t bad = csv_utf8_invalid_at((const unsigned char *)s, n);
        if (bad < n && enc == CSV_ENC_UTF8) {
            fail(r, 1 + count_breaks(s, s + bad), "byte 0x%02X is not valid UTF-8",
                 (unsigned char)s[bad]);
            return false;
        }
        enc = bad < n ? CSV_ENC_CP1252 : CSV_ENC_UTF8;
    }
    if (enc == CSV_ENC_CP1252) {
        char *text;
        if (!transcode_cp1252(r, s, n, &text, &n))
            return false;
        free(r->owned);
        if (r->map)
            munmap(r->map, r->maplen);
        r->map = NULL;
        r->owned = text;
        s = text;
    }
    r->dialect.encoding = enc;
    if (!r->dialect.separator)
        r->dialect.separator = detect_separator(s, s + n);
    r->start = r->p = s;
    r->end = s + n;
    return true;
}

/* Reads all of fd into a malloc'ed buffer. Returns false with errno set on failure. */
static bool read_all(int fd, char **out, size_t *outlen)
{
    size_t len = 0, cap = 0;
    char *d = NULL;
    for (;;) {
        XGROW(d, cap, len + 65536);
        ssize_t k = read(fd, d + len, cap - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            free(d);
            errno = e;
            return false;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    *out = d;
    *outlen = len;
    return true;
}

csv_reader *csv_open_file(const char *path, const csv_dialect *dialect, char *err, size_t errlen)
{
    csv_reader *r = reader_new(path, dialect);
    const char *data = "";
    size_t len = 0;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(r->err, sizeof r->err, "cannot open %s: %s", path, strerror(errno));
        goto fail;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (m != MAP_FAILED) {
            r->map = m;
            r->maplen = (size_t)st.st_size;
            data = m;
            len = r->maplen;
        }
    }
    /* Pipes, devices, and regular files that could not be mapped are read instead;
    ** an empty regular file is read as well, which finds nothing. */
    if (!r->map) {
        if (!read_all(fd, &r->owned, &len)) {
            snprintf(r->err, sizeof r->err, "cannot read %s: %s", path, strerror(errno));
            close(fd);
            goto fail;
        }
        data = r->owned;
    }
    close(fd);
    if (!prepare(r, data, len))
        goto fail;
    return r;
fail:
    snprintf(err, errlen, "%s", r->err);
    csv_close(r);
    return NULL;
}

csv_reader *csv_open_memory(const char *name, const char *data, size_t len,
                            const csv_dialect *dialect, char *err, size_t errlen)
{
    csv_reader *r = reader_new(name, dialect);
    if (!prepare(r, len ? data : "", len)) {
        snprintf(err, errlen, "%s", r->err);
        csv_close(r);
        return NULL;
    }
    return r;
}

void csv_rewind(csv_reader *r)
{
    r->p = r->start;
    r->line = 1;
    r->failed = false;
    r->err[0] = 0;
}

/* ---- records ---- */

static inline bool is_blank(char c, char sep)
{
    return (c == ' ' || c == '\t') && c != sep;
}

/* The first byte in [p, end) that is sep, LF or CR, or end. Eight bytes at a time:
** a byte equal to the pattern is zero after xor, and (x - 0x01..) & ~x & 0x80..
** flags it; the lowest flag is always a true match. */
static inline const char *scan_unquoted(const char *p, const char *end, char sep)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    const uint64_t ps = ones * (uint8_t)sep, pn = ones * '\n', pr = ones * '\r';
    while (end - p >= 8) {
        uint64_t w = load_le64(p);
        uint64_t a = w ^ ps, b = w ^ pn, c = w ^ pr;
        uint64_t hit = (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c)) & high;
        if (hit)
            return p + (__builtin_ctzll(hit) >> 3);
        p += 8;
    }
    while (p < end && *p != sep && *p != '\n' && *p != '\r')
        p++;
    return p;
}

static void scratch_add(csv_reader *r, const char *s, size_t n)
{
    XGROW(r->scratch, r->scap, r->slen + n);
    memcpy(r->scratch + r->slen, s, n);
    r->slen += n;
}

/* The length of the UTF-8 character at p, at most end - p. */
static int char_len(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    int n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return end - p < n ? (int)(end - p) : n;
}

/* Reads the quoted field number i (0-based) whose opening quote is at q. On success
** stores where the separator or line end after it is in *after and returns 0; a field
** with doubled quotes gets s = NULL and its text in the scratch buffer at scroff[i].
** Returns -1 with the error set on an unterminated field or text after the quote. */
static int quoted_field(csv_reader *r, const char *q, size_t i, const char **after)
{
    const char *end = r->end, *s = q + 1, *seg = s, *c;
    csv_field *f = &r->fields[i];
    bool copied = false;
    for (;;) {
        c = memchr(seg, '"', (size_t)(end - seg));
        if (!c)
            return fail(r, r->line, "unterminated quoted field (the quote opens on this line)");
        if (c + 1 == end || c[1] != '"')
            break;
        if (!copied) {
            r->scroff[i] = r->slen;
            copied = true;
        }
        scratch_add(r, seg, (size_t)(c + 1 - seg));
        seg = c + 2;
    }
    f->quoted = true;
    if (copied) {
        scratch_add(r, seg, (size_t)(c - seg));
        f->s = NULL;
        f->len = r->slen - r->scroff[i];
    } else {
        f->s = s;
        f->len = (size_t)(c - s);
    }
    r->line += count_breaks(s, c);
    char sep = r->dialect.separator;
    for (c++; c < end && is_blank(*c, sep); c++)
        ;
    if (c < end && *c != sep && *c != '\n' && *c != '\r')
        return fail(r, r->line,
                    "field %zu: unexpected \"%.*s\" after the closing quote "
                    "(a quote inside a quoted field is written \"\")",
                    i + 1, char_len(c, end), c);
    *after = c;
    return 0;
}

int csv_next(csv_reader *r, csv_record *rec)
{
    const char *end = r->end;
    char sep = r->dialect.separator;
    if (r->failed)
        return -1;
    for (;;) {
        const char *p = r->p;
        if (p == end)
            return 0;
        int64_t line = r->line;
        size_t nf = 0;
        r->slen = 0;
        for (;;) {
            if (nf == r->fcap) {
                size_t cap = r->fcap;   /* both arrays grow from the same capacity alike */
                XGROW(r->fields, r->fcap, nf + 1);
                XGROW(r->scroff, cap, nf + 1);
            }
            csv_field *f = &r->fields[nf];
            const char *q = p;
            while (q < end && is_blank(*q, sep))
                q++;
            if (q < end && *q == '"') {
                if (quoted_field(r, q, nf, &p) < 0)
                    return -1;
            } else {
                const char *e = scan_unquoted(q, end, sep);
                p = e;
                while (e > q && is_blank(e[-1], sep))
                    e--;
                f->s = q;
                f->len = (size_t)(e - q);
                f->quoted = false;
            }
            nf++;
            if (p == end)
                break;
            if (*p == sep) {
                p++;
                continue;
            }
            if (*p++ == '\r' && p < end && *p == '\n')
                p++;
            r->line++;
            break;
        }
        r->p = p;
        if (nf == 1 && !r->fields[0].quoted && r->fields[0].len == 0)
            continue;           /* a line with nothing (or only blanks) on it */
        if (r->slen > 0)
            for (size_t i = 0; i < nf; i++)
                if (!r->fields[i].s)
                    r->fields[i].s = r->scratch + r->scroff[i];
        rec->fields = r->fields;
        rec->nfields = nf;
        rec->line = line;
        return 1;
    }
}

const char *csv_error(const csv_reader *r)
{
    return r->err;
}

csv_dialect csv_dialect_of(const csv_reader *r)
{
    return r->dialect;
}

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    if (r->map)
        munmap(r->map, r->maplen);
    free(r->owned);
    free(r->fields);
    free(r->scroff);
    free(r->scratch);
    free(r->name);
    free(r);
}

/* ---- parts ---- */

size_t csv_bytes_left(const csv_reader *r)
{
    return (size_t)(r->end - r->p);
}

size_t csv_lines_left(const csv_reader *r)
{
    size_t n = 0;
    for (const char *q = r->p; q < r->end && (q = memchr(q, '\n', (size_t)(r->end - q))); q++) n++;
    return n + 1;   /* the last line may lack its line break */
}

/* The start of the first record at or after target, searching from from (a record
** start), or end: quotes are followed from from, so a line break inside a quoted field
** is never taken for the end of a record. */
static const char *record_after(const char *from, const char *target, const char *end, bool quotes)
{
    bool in_quotes = false;
    const char *q = from;
    if (quotes) {
        while (q < target && (q = memchr(q, '"', (size_t)(target - q)))) {
            in_quotes = !in_quotes;
            q++;
        }
    }
    for (q = target; q < end; q++) {
        if (*q == '"' && quotes) in_quotes = !in_quotes;
        else if (*q == '\n' && !in_quotes) return q + 1;
    }
    return end;
}

int csv_split(const csv_reader *r, int n, csv_reader **parts)
{
    enum { MIN_PART = 1 << 20 };
    const char *from = r->p, *end = r->end;
    size_t len = (size_t)(end - from);
    if (n > 1 && len / (size_t)n < MIN_PART) n = (int)(len / MIN_PART);
    if (n < 1 || r->failed) n = 1;
    bool quotes = memchr(from, '"', len) != NULL;
    int64_t line = r->line;
    int made = 0;
    for (int i = 0; i < n && from < end; i++) {
        const char *to = i == n - 1 ? end : record_after(from, r->p + len / (size_t)n * (size_t)(i + 1), end, quotes);
        csv_reader *part = reader_new(r->name, &r->dialect);
        part->start = part->p = from;
        part->end = to;
        part->line = line;
        parts[made++] = part;
        line += count_breaks(from, to);
        from = to;
    }
    return made;
}
