/*
** csv_open.c: opening a CSV reader (csv.h) over memory, a file or a stream, settling its
** encoding and separator, going back to its start, and closing it. A regular file is read
** with pread a chunk at a time into the reader's window, after one pass over it that
** settles its encoding; anything else that can be opened is a stream, read once.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_int.h"
#include "xalloc.h"

/* What a stream reads before it settles its encoding. */
enum { PREFIX = 1 << 20 };

static csv_sizes test_sizes;

void csv_set_sizes(csv_sizes sizes)
{
    if (sizes.chunk && sizes.chunk < 4)
        sizes.chunk = 4;        /* a whole UTF-8 sequence must fit */
    test_sizes = sizes;
}

csv_reader *csv_reader_new(const char *name, const csv_dialect *dialect, csv_sizes size)
{
    csv_reader *r = xcalloc(1, sizeof *r);
    r->name = xstrdup(name);
    if (dialect)
        r->dialect = *dialect;
    r->size = size;
    r->line = 1;
    r->fd = -1;
    return r;
}

static csv_reader *reader_open(const char *name, const csv_dialect *dialect)
{
    csv_sizes s = {
        .record_max = test_sizes.record_max ? test_sizes.record_max : CSV_RECORD_MAX,
        .chunk = test_sizes.chunk ? test_sizes.chunk : 256 << 10,
        .rewind_max = test_sizes.rewind_max ? test_sizes.rewind_max : 16 << 20,
    };
    return csv_reader_new(name, dialect, s);
}

int csv_fail(csv_reader *r, int64_t line, const char *fmt, ...)
{
    int n = line > 0 ? snprintf(r->err, sizeof r->err, "%s:%lld: ", r->name, (long long)line)
                     : snprintf(r->err, sizeof r->err, "%s: ", r->name);
    if (n < 0 || (size_t)n >= sizeof r->err)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
    va_end(ap);
    r->errline = line;
    r->errpre = (size_t)n;
    r->failed = true;
    r->skippable = false;
    return -1;
}

int csv_fail_read(csv_reader *r)
{
    snprintf(r->err, sizeof r->err, "cannot read %s: %s", r->name, strerror(errno));
    r->errline = 0;
    r->errpre = 0;
    r->failed = true;
    r->skippable = false;
    return -1;
}

void csv_size_text(size_t n, char *out, size_t len)
{
    if (n % (1 << 20) == 0)
        snprintf(out, len, "%zu MiB", n >> 20);
    else if (n % (1 << 10) == 0)
        snprintf(out, len, "%zu KiB", n >> 10);
    else
        snprintf(out, len, "%zu bytes", n);
}

int64_t csv_count_breaks(const char *p, const char *end)
{
    int64_t n = 0;
    for (; p < end; p++)
        n += *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n'));
    return n;
}

/* The separator of the header line in [p, end): whichever of ';' ',' tab '|' occurs most
** often outside quotes, ties going to the earlier in that order; ',' when none occurs.
** *complete says whether the line ends before end. */
static char detect_separator(const char *p, const char *end, bool *complete)
{
    static const char cand[4] = { ';', ',', '\t', '|' };
    size_t count[4] = { 0 };
    bool quoted = false;
    *complete = false;
    while (p < end && (*p == '\n' || *p == '\r'))
        p++;
    for (; p < end; p++) {
        char c = *p;
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r') {
            *complete = true;
            break;
        }
        for (int i = 0; i < 4; i++)
            count[i] += c == cand[i];
    }
    int best = -1;
    for (int i = 0; i < 4; i++)
        if (count[i] > 0 && (best < 0 || count[i] > count[best]))
            best = i;
    return best < 0 ? ',' : cand[best];
}

/* Settles the separator by the header line, decoding into the window until the line is
** there, the text ends or the line is longer than a record may be. */
static bool settle_separator(csv_reader *r)
{
    while (!r->dialect.separator) {
        size_t max = r->size.record_max;
        const char *end = (size_t)(r->end - r->p) > max ? r->p + max : r->end;
        bool complete;
        char sep = detect_separator(r->p, end, &complete);
        size_t want = 2 * (size_t)(r->end - r->p) + r->size.chunk;
        if (complete || r->eof || (size_t)(end - r->p) >= max)
            r->dialect.separator = sep;
        else if (!csv_fill(r, want < max ? want : max))
            return false;
    }
    return true;
}

/* Settles the encoding of the seekable input [0, stop) of r and points r at its text. */
static bool open_seekable(csv_reader *r)
{
    csv_walk w = csv_walk_start(r, 0, r->stop);
    int bom = csv_settle_encoding(r, &w, false);
    csv_walk_end(&w);
    if (bom < 0)
        return false;
    r->seekable = true;
    r->begin = r->pos = r->wsrc = (uint64_t)bom;
    if (r->mem && r->dialect.encoding == CSV_ENC_UTF8) {
        r->start = r->p = r->mem + bom;     /* read in place */
        r->end = r->mem + r->stop;
        r->pos = r->stop;
    } else {
        r->checked = r->dialect.encoding == CSV_ENC_UTF8;
        csv_window_init(r);
    }
    r->eof = r->pos == r->stop;
    return settle_separator(r);
}

/* Reads the stream fd through a window, its encoding settled by its first PREFIX bytes. */
static bool open_stream(csv_reader *r, int fd)
{
    r->fd = fd;
    r->own_fd = true;
    r->keep = true;
    while (!r->raw_eof && r->rawlen < PREFIX)
        if (!csv_read_more(r))
            return false;
    csv_walk w = { .mem = r->raw, .fd = -1, .at = 0, .end = r->rawlen };
    int bom = csv_settle_encoding(r, &w, !r->raw_eof);
    if (bom < 0)
        return false;
    r->rawpos = (size_t)bom;
    csv_window_init(r);
    r->eof = r->raw_eof && r->rawpos == r->rawlen;
    return settle_separator(r);
}

csv_reader *csv_open_fd(const char *name, int fd, const csv_dialect *dialect, char *err, size_t errlen)
{
    csv_reader *r = reader_open(name, dialect);
    struct stat st;
    bool ok;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        r->fd = fd;
        r->own_fd = true;
        r->stop = (uint64_t)st.st_size;
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        ok = open_seekable(r);
    } else {
        /* Pipes, FIFOs and devices; an empty regular file is read as a stream as well (a
        ** file under /proc says it is empty and is not). */
        ok = open_stream(r, fd);
    }
    if (ok)
        return r;
    snprintf(err, errlen, "%s", r->err);
    csv_close(r);
    return NULL;
}

csv_reader *csv_open_file(const char *path, const csv_dialect *dialect, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    return csv_open_fd(path, fd, dialect, err, errlen);
}

csv_reader *csv_open_memory(const char *name, const char *data, size_t len,
                            const csv_dialect *dialect, char *err, size_t errlen)
{
    csv_reader *r = reader_open(name, dialect);
    r->mem = len ? data : "";
    r->stop = len;
    if (!open_seekable(r)) {
        snprintf(err, errlen, "%s", r->err);
        csv_close(r);
        return NULL;
    }
    return r;
}

void csv_rewind(csv_reader *r)
{
    r->failed = r->skippable = false;
    r->err[0] = 0;
    r->errline = 0;
    r->errpre = 0;
    r->line = 1;
    if (r->wtext == 0) {
        r->p = r->start;
    } else if (r->seekable) {
        r->pos = r->wsrc = r->begin;
        r->rawpos = r->rawlen = 0;
        r->raw_eof = r->pending = false;
        r->start = r->p = r->end = r->win;
        r->wtext = 0;
        r->eof = r->pos == r->stop;
    } else {
        char max[32];
        csv_size_text(r->size.rewind_max, max, sizeof max);
        csv_fail(r, 0, "cannot read this stream from its start again: more than %s of it has been read "
                 "(a pipe is read once; give it as a file)", max);
    }
    r->keep = false;
}

csv_dialect csv_dialect_of(const csv_reader *r)
{
    return r->dialect;
}

void csv_close(csv_reader *r)
{
    if (!r)
        return;
    if (r->own_fd)
        close(r->fd);
    free(r->raw);
    free(r->win);
    free(r->fields);
    free(r->scroff);
    free(r->scratch);
    free(r->name);
    free(r);
}
