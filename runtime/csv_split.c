/*
** csv_split.c: what a CSV reader (csv.h) has left to read, and splitting that into parts
** for threads. Only memory and files can be split: the parts are cut on the input's
** bytes, and each part reads (and transcodes) its own bytes in a window of its own, or
** reads UTF-8 memory in place. Scans of a file go through it a piece at a time.
*/
#include <string.h>

#include "csv_int.h"
#include "xalloc.h"

size_t csv_bytes_left(const csv_reader *r)
{
    return r->seekable ? (size_t)(r->stop - csv_offset_of(r, r->p)) : 0;
}

static size_t count_lf(const char *p, const char *end)
{
    size_t n = 0;
    for (; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    return n;
}

size_t csv_lines_left(const csv_reader *r)
{
    /* A loader that reads in batches asks before each: the LFs of the input are counted
    ** once, and then the lines read since are taken off (the count is only a bound of
    ** the records left, and only a hint when line ends are lone CRs). Logically const. */
    csv_reader *m = (csv_reader *)r;
    if (m->lf_known && m->line >= m->lf_line) {
        uint64_t read = (uint64_t)(m->line - m->lf_line);
        return (size_t)(m->lf_count - (read < m->lf_count ? read : m->lf_count)) + 1;
    }
    size_t n = count_lf(r->p, r->end);
    if (r->raw)
        n += count_lf(r->raw + r->rawpos, r->raw + r->rawlen);
    if (r->seekable) {
        csv_walk w = csv_walk_start(r, r->pos, r->stop);
        const char *s;
        ptrdiff_t k;
        for (; (k = csv_walk_piece(&w, &s)) > 0; w.at += (uint64_t)k)
            n += count_lf(s, s + k);
        csv_walk_end(&w);
        m->lf_known = k == 0;
        m->lf_count = n;
        m->lf_line = r->line;
    }
    return n + 1;   /* the last line may lack its line break */
}

size_t csv_memory_held(const csv_reader *r)
{
    return r->wcap + r->rawcap + r->scap + r->fcap * (sizeof *r->fields + sizeof *r->scroff);
}

/* Whether the input [from, end) holds a quote; true as well when it cannot be read. */
static bool has_quote(csv_walk *w, uint64_t from, uint64_t end)
{
    const char *s;
    ptrdiff_t k;
    w->at = from;
    w->end = end;
    for (; (k = csv_walk_piece(w, &s)) > 0; w->at += (uint64_t)k)
        if (memchr(s, '"', (size_t)k))
            return true;
    return k < 0;
}

/* The offset of the first record at or after target, searching from from (a record
** start), or end: quotes are followed from from, so a line break inside a quoted field
** is never taken for the end of a record. -1 when the file cannot be read. */
static int64_t record_after(csv_walk *w, uint64_t from, uint64_t target, uint64_t end, bool quotes)
{
    bool in_quotes = false;
    const char *s;
    ptrdiff_t k = 0;
    if (quotes) {
        w->at = from;
        w->end = target;
        for (; (k = csv_walk_piece(w, &s)) > 0; w->at += (uint64_t)k)
            for (const char *c = s; c < s + k && (c = memchr(c, '"', (size_t)(s + k - c))); c++)
                in_quotes = !in_quotes;
        if (k < 0)
            return -1;
    }
    w->at = target;
    w->end = end;
    for (; (k = csv_walk_piece(w, &s)) > 0; w->at += (uint64_t)k) {
        for (ptrdiff_t i = 0; i < k; i++) {
            if (s[i] == '"' && quotes) in_quotes = !in_quotes;
            else if (s[i] == '\n' && !in_quotes) return (int64_t)(w->at + (uint64_t)i + 1);
        }
    }
    return k < 0 ? -1 : (int64_t)end;
}

/* A reader over the input [from, to) of r, at line. */
static csv_reader *part_of(const csv_reader *r, uint64_t from, uint64_t to, int64_t line)
{
    csv_reader *part = csv_reader_new(r->name, &r->dialect, r->size);
    part->mem = r->mem;
    part->fd = r->fd;
    part->seekable = true;
    part->checked = r->checked;
    part->begin = part->pos = part->wsrc = from;
    part->stop = to;
    part->line = line;
    if (r->windowed) {
        csv_window_init(part);
    } else {
        part->start = part->p = r->mem + from;
        part->end = r->mem + to;
        part->pos = to;
    }
    part->eof = part->pos == part->stop;
    return part;
}

int csv_split(const csv_reader *r, int n, csv_reader **parts)
{
    enum { MIN_PART = 1 << 20 };
    if (!r->seekable)
        return 0;
    uint64_t base = csv_offset_of(r, r->p), from = base, end = r->stop, len = end - base;
    if (n > 1 && len / (uint64_t)n < MIN_PART) n = (int)(len / MIN_PART);
    if (n < 1 || r->failed) n = 1;
    csv_walk w = csv_walk_start(r, from, end);
    bool quotes = n > 1 && has_quote(&w, from, end);
    int64_t line = r->line;
    int made = 0;
    for (int i = 0; i < n && from < end; i++) {
        int64_t to = i == n - 1 ? (int64_t)end : record_after(&w, from, base + len / (uint64_t)n * (uint64_t)(i + 1), end, quotes);
        int64_t breaks = to < 0 ? -1 : i == n - 1 ? 0 : csv_walk_breaks(&w, from, (uint64_t)to);
        if (breaks < 0) {
            /* The file cannot be read: no parts, and reading it in one go says why. */
            while (made > 0) csv_close(parts[--made]);
            break;
        }
        parts[made++] = part_of(r, from, (uint64_t)to, line);
        line += breaks;
        from = (uint64_t)to;
    }
    csv_walk_end(&w);
    return made;
}
