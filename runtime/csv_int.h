/*
** csv_int.h: the inside of the CSV reader of csv.h, shared by its files: csv_open.c opens
** memory, a file or a stream and settles the encoding and separator; csv_input.c walks
** through an input and checks its encoding; csv_window.c decodes the input into the
** window of a reader; csv.c cuts records from the text; csv_split.c measures what is
** left and splits it into parts.
*/
#ifndef STYR_CSV_INT_H
#define STYR_CSV_INT_H

#include <sys/types.h>

#include "csv.h"

/*
** A reader cuts records from UTF-8 text in [start, end), at p. UTF-8 in memory is read in
** place: [start, end) is all of it. Anything else is decoded into a window, win, which
** holds the text from the record being read on (and a stream's beginning, for a while),
** and eof says whether end is the end of the text. The input is the caller's memory
** (mem), a regular file read with pread (fd, seekable), or a stream read with read (fd):
** memory and files are read from pos up to stop, and can be read again and split.
*/
struct csv_reader {
    char *name;                 /* the path or name, for messages */
    const char *start, *end;    /* the text at hand */
    const char *p;              /* where the next record starts */
    int64_t line;               /* the physical line at p */
    bool eof;                   /* end is the end of the text */
    csv_dialect dialect;        /* separator and encoding as resolved */
    csv_sizes size;             /* record_max, chunk and rewind_max in use */

    /* the input */
    const char *mem;            /* the caller's memory, or NULL */
    int fd;                     /* a file or a stream, or -1 */
    bool own_fd;                /* csv_close closes fd (parts share their reader's) */
    bool seekable;              /* memory or a file */
    uint64_t begin;             /* memory or a file: where the text begins, after any BOM */
    uint64_t pos, stop;         /* memory or a file: the next byte to decode or read, and the end */
    bool checked;               /* a UTF-8 file checked whole when opened: read straight into the window */
    char *raw;                  /* bytes read and not decoded yet: [rawpos, rawlen) */
    size_t rawpos, rawlen, rawcap;
    bool raw_eof;               /* a file or stream: nothing more to read */

    /* the window */
    bool windowed;
    char *win;
    size_t wcap;
    uint64_t wtext;             /* the offset in the text of start: 0 while its beginning is there */
    uint64_t wsrc;              /* memory or a file: the offset of the input byte start was decoded from */
    bool keep;                  /* a stream: keep the text from its beginning, for csv_rewind */
    bool guessed;               /* a stream read as UTF-8 because its first MiB was */
    bool pending;               /* decoding stopped at a bad byte; err says which, for when it is reached */
    bool lf_known;              /* memory or a file: csv_lines_left has counted the LFs from lf_line on */
    uint64_t lf_count;
    int64_t lf_line;

    /* the current record */
    csv_field *fields;
    size_t *scroff;             /* scratch offset of field i when its s is NULL */
    size_t fcap;
    char *scratch;              /* quoted fields with "" undoubled */
    size_t slen, scap;

    bool failed;                /* errors are sticky until csv_skip_record or csv_rewind */
    bool skippable;             /* the error is about the record at p */
    int64_t errline;            /* the line err names, or 0 */
    size_t errpre;              /* the length of "NAME:LINE: " in err */
    char err[512];
};

/* Formats "NAME:LINE: message" (or "NAME: message" when line is 0) into r->err, marks the
** reader failed and returns -1. */
__attribute__((format(printf, 3, 4)))
int csv_fail(csv_reader *r, int64_t line, const char *fmt, ...);
/* Sets the error "cannot read NAME: strerror(errno)" and returns -1. */
int csv_fail_read(csv_reader *r);

/* A new reader with nothing to read yet. */
csv_reader *csv_reader_new(const char *name, const csv_dialect *dialect, csv_sizes size);
/* Gives r a window of its own to decode into, empty. */
void csv_window_init(csv_reader *r);

/* Decodes more of the input into the window until it holds at least want bytes from p,
** or the text ends; drops the text before p unless it is kept, and grows the window when
** the text from p fills it. False with the error set when the input cannot be read or
** holds a byte that is not text in its encoding. */
bool csv_fill(csv_reader *r, size_t want);
/* Reads n bytes of the file fd at offset at into buf; fewer only at its end, -1 with errno
** set on an error. */
ssize_t csv_pread(int fd, char *buf, size_t n, uint64_t at);
/* Reads more of a file or stream into raw. False with the error set when it cannot. */
bool csv_read_more(csv_reader *r);
/* The offset in the input of the byte the text at q was decoded from; r is seekable. */
uint64_t csv_offset_of(const csv_reader *r, const char *q);

/*
** A walk through the input [at, end) of a seekable reader, a piece at a time: memory is
** looked at in place, a file is read into buf with pread.
*/
typedef struct csv_walk {
    const char *mem;
    int fd;
    uint64_t at, end;
    char *buf;
} csv_walk;
enum { CSV_PIECE = 1 << 20 };

csv_walk csv_walk_start(const csv_reader *r, uint64_t from, uint64_t to);
/* The input at w->at: up to CSV_PIECE bytes at *s (the caller moves w->at on by what it
** used); 0 at the end, -1 with errno set when the file cannot be read. */
ptrdiff_t csv_walk_piece(csv_walk *w, const char **s);
void csv_walk_end(csv_walk *w);
/* The line breaks in the input [from, to), walked by w; -1 when the file cannot be read. */
int64_t csv_walk_breaks(csv_walk *w, uint64_t from, uint64_t to);

/* Settles the encoding by the input [0, n) that w walks through (all of it unless more
** may follow) and checks it: a BOM means UTF-8 unless Windows-1252 is declared, and
** text that is not valid UTF-8 is Windows-1252 unless UTF-8 is declared. Returns the
** length of the BOM to skip, or -1 with the error set. */
int csv_settle_encoding(csv_reader *r, csv_walk *w, bool more);

/* "64 MiB", "1 KiB" or "1000 bytes". */
void csv_size_text(size_t n, char *out, size_t len);
/* The number of line breaks in [p, end): LF, CRLF and a lone CR each count once. */
int64_t csv_count_breaks(const char *p, const char *end);
/* Whether the n bytes at s (n < 4) begin a UTF-8 sequence that more bytes could finish. */
bool csv_utf8_cut(const char *s, size_t n);
/* The offset of the first of the n bytes at s that Windows-1252 leaves undefined, or n. */
size_t csv_cp1252_undefined_at(const char *s, size_t n);

/* Eight bytes at p as a little-endian word, so the lowest set bit is the first byte. */
static inline uint64_t csv_load_le64(const char *p)
{
    uint64_t w;
    __builtin_memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

#endif
