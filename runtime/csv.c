/*
** csv.c: cutting records from a CSV reader's text (csv.h). Records are cut in place;
** only quoted fields with doubled quotes are copied, into a scratch buffer reused per
** record. A record must end within CSV_RECORD_MAX bytes of its start: it is cut from
** [p, p + record_max) at most, so reading the whole text at once and reading it through a
** window of any size find the same records and the same errors. When a window ends
** before the record does, more is decoded and the record is cut again.
*/
#include <stdio.h>
#include <string.h>

#include "csv_int.h"
#include "xalloc.h"

/* What cutting a record gives when the text at hand ends before the record does. */
enum { NEED = 2 };

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
        uint64_t w = csv_load_le64(p);
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

/* The length of the UTF-8 character at p, which may run past end. */
static int char_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The text of one record is cut from: [r->p, end), and whether end ends the text. */
typedef struct cut {
    const char *end;
    bool final;
    int64_t line;               /* the line being cut */
} cut;

/* Reads the quoted field number i (0-based) whose opening quote is at q. On success
** stores where the separator or line end after it is in *after and returns 0; a field
** with doubled quotes gets s = NULL and its text in the scratch buffer at scroff[i].
** Returns -1 with the error set on an unterminated field or text after the quote, and
** NEED when the text at hand ends first. */
static int quoted_field(csv_reader *r, cut *k, const char *q, size_t i, const char **after)
{
    const char *end = k->end, *s = q + 1, *seg = s, *c;
    csv_field *f = &r->fields[i];
    bool copied = false;
    for (;;) {
        c = memchr(seg, '"', (size_t)(end - seg));
        if (!c || (c + 1 == end && !k->final))
            return !k->final ? NEED : csv_fail(r, k->line, "unterminated quoted field (the quote opens on this line)");
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
    k->line += csv_count_breaks(s, c);
    char sep = r->dialect.separator;
    for (c++; c < end && is_blank(*c, sep); c++)
        ;
    if (c < end && *c != sep && *c != '\n' && *c != '\r') {
        int n = char_len(c);
        if (end - c < n && !k->final)
            return NEED;
        if (end - c < n)
            n = (int)(end - c);
        csv_fail(r, k->line,
                 "field %zu: unexpected \"%.*s\" after the closing quote "
                 "(a quote inside a quoted field is written \"\")",
                 i + 1, n, c);
        r->skippable = true;
        return -1;
    }
    if (c == end && !k->final)
        return NEED;
    *after = c;
    return 0;
}

/* Cuts the record at r->p: 1 with *rec filled, 0 at the end of the text, -1 on a
** malformed record, NEED when the text at hand ends before the record does. */
static int cut_record(csv_reader *r, csv_record *rec)
{
    char sep = r->dialect.separator;
    for (;;) {
        const char *p = r->p;
        cut k = { .end = (size_t)(r->end - p) > r->size.record_max ? p + r->size.record_max : r->end,
                  .line = r->line };
        const char *end = k.end;
        k.final = r->eof && end == r->end;
        if (p == end)
            return k.final ? 0 : NEED;
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
                int rc = quoted_field(r, &k, q, nf, &p);
                if (rc != 0)
                    return rc;
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
            if (p == end) {
                if (!k.final)
                    return NEED;
                break;
            }
            if (*p == sep) {
                p++;
                continue;
            }
            if (*p++ == '\r') {
                if (p == end && !k.final)
                    return NEED;    /* an LF may follow */
                if (p < end && *p == '\n')
                    p++;
            }
            k.line++;
            break;
        }
        int64_t line = r->line;
        r->p = p;
        r->line = k.line;
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

int csv_next(csv_reader *r, csv_record *rec)
{
    if (r->failed)
        return -1;
    for (;;) {
        int rc = cut_record(r, rec);
        if (rc != NEED)
            return rc;
        size_t have = (size_t)(r->end - r->p), max = r->size.record_max;
        if (have > max) {
            char text[32];
            csv_size_text(max, text, sizeof text);
            csv_fail(r, r->line, "this line is longer than %s, which no row of a table is: is this a CSV "
                     "file with a line break after each row, or does a quote open on this line and never "
                     "close?", text);
            r->skippable = true;
            return -1;
        }
        /* Twice the record so far, so that cutting it again and again costs as much as
        ** cutting it once; up to one byte past the longest record, to see it is longer. */
        size_t want = 2 * have + r->size.chunk;
        if (!csv_fill(r, want < max + 1 ? want : max + 1))
            return -1;
    }
}

/* ---- skipping a malformed record ---- */

/* Where skip_scan is in a record. */
enum { SK_FIELD, SK_UNQUOTED, SK_QUOTED, SK_QUOTE, SK_AFTER };

/*
** Follows a record from state *state through [p, stop) as csv_next cuts it: returns the
** position after its line break, or NULL when the record goes on past stop, with *state
** where it got to and *opened at the quote that opened the last quoted field, if one did.
** A quote opens a quoted field only at the start of a field, "" in one is a quote, and
** text after a closing quote runs to the next separator. The byte after a CR is looked at
** when it is before end, for the LF of a CRLF.
*/
static const char *skip_scan(const char *p, const char *stop, const char *end, char sep, int *state,
                             const char **opened)
{
    while (p < stop) {
        if (*state == SK_QUOTED) {
            p = memchr(p, '"', (size_t)(stop - p));
            if (!p)
                return NULL;
            p++;
            *state = SK_QUOTE;
            continue;
        }
        if (*state == SK_UNQUOTED) {
            p = scan_unquoted(p, stop, sep);
            if (p == stop)
                return NULL;
        }
        char c = *p;
        if (*state != SK_UNQUOTED && is_blank(c, sep)) {
            if (*state == SK_QUOTE)
                *state = SK_AFTER;
            p++;
            continue;
        }
        if (c == '"' && (*state == SK_FIELD || *state == SK_QUOTE)) {
            if (*state == SK_FIELD)
                *opened = p;
            *state = SK_QUOTED;
            p++;
            continue;
        }
        if (c == sep) {
            *state = SK_FIELD;
            p++;
            continue;
        }
        if (c == '\n')
            return p + 1;
        if (c == '\r')
            return p + 1 < end && p[1] == '\n' ? p + 2 : p + 1;
        *state = SK_UNQUOTED;
        p++;
    }
    return NULL;
}

bool csv_skip_record(csv_reader *r)
{
    if (!r->failed || !r->skippable)
        return false;
    r->failed = r->skippable = false;
    r->err[0] = 0;
    r->errline = 0;
    r->errpre = 0;
    int state = SK_FIELD;
    int64_t quote_line = 0;     /* where the last quoted field opened */
    for (;;) {
        const char *p = r->p, *stop = r->end, *opened = NULL;
        if (!r->eof && stop > p && stop[-1] == '\r')
            stop--;             /* its LF may follow */
        const char *q = skip_scan(p, stop, r->end, r->dialect.separator, &state, &opened);
        if (opened)
            quote_line = r->line + csv_count_breaks(p, opened);
        if (!q && r->eof && state == SK_QUOTED) {
            /* The record would run to the end of the data: that is not one bad row. */
            csv_fail(r, quote_line, "unterminated quoted field (the quote opens on this line)");
            return false;
        }
        if (!q && r->eof)
            q = r->end;
        r->line += csv_count_breaks(p, q ? q : stop);
        r->p = q ? q : stop;
        if (q)
            return true;
        if (!csv_fill(r, r->size.chunk))
            return false;
    }
}

const char *csv_error(const csv_reader *r)
{
    return r->err;
}

int64_t csv_error_line(const csv_reader *r)
{
    return r->errline;
}

const char *csv_error_reason(const csv_reader *r)
{
    return r->err + r->errpre;
}
