/*
** csv.h: reading CSV as Danish systems write it. UTF-8 with or without BOM, or
** Windows-1252 (transcoded to UTF-8 on reading); separator ',', ';', tab or '|';
** quoted fields with "" for a quote and line breaks inside quotes; CRLF or LF.
**
** Memory stays bounded whatever the size of the input: a file or a stream is read a
** chunk at a time into a window of about 1 MiB that grows only to hold the record being
** read, and no record may be longer than CSV_RECORD_MAX. UTF-8 in memory is read in place.
*/
#ifndef STYR_CSV_H
#define STYR_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum csv_encoding {
    CSV_ENC_DETECT = 0,   /* BOM or valid UTF-8 means UTF-8, anything else Windows-1252 */
    CSV_ENC_UTF8,
    CSV_ENC_CP1252,
} csv_encoding;

typedef struct csv_dialect {
    char separator;           /* 0: detect from the header line */
    csv_encoding encoding;
    char decimal;             /* 0: detect from the numbers in the file; '.' or ',' */
    char thousands;           /* 0: none or detect; '.', ',' or ' ' */
} csv_dialect;

typedef struct csv_field {
    const char *s;            /* UTF-8, quotes removed; valid until the next csv_next (or
                              ** csv_skip_record, csv_rewind, csv_close) */
    size_t len;
    bool quoted;
} csv_field;

typedef struct csv_record {
    csv_field *fields;
    size_t nfields;
    int64_t line;             /* 1-based line where the record starts */
} csv_record;

typedef struct csv_reader csv_reader;

/* The longest record csv_next reads, its line breaks included; a longer one is an error
** ("PATH:LINE: this line is longer than 64 MiB; ..."), found without holding more of it. */
#define CSV_RECORD_MAX ((size_t)64 << 20)

/* Opens a file. On failure returns NULL with a message in err ("cannot open PATH: ...",
** or "PATH:LINE: byte 0x81 is neither UTF-8 nor Windows-1252" and the like when the
** bytes are not text in the encoding). A NULL dialect means detect everything.
** A regular file is checked whole when it is opened (valid UTF-8 throughout means UTF-8).
** Anything else (a pipe, a FIFO, /dev/stdin) is a stream, read once: its encoding is
** settled and checked by its first MiB (UTF-8 when that is valid UTF-8), and a byte
** further on that is not text in the encoding is an error of csv_next. */
csv_reader *csv_open_file(const char *path, const csv_dialect *dialect, char *err, size_t errlen);
/* The same for the file or stream fd, which the reader owns from now on (it is closed
** when opening fails, too); name is used in messages. */
csv_reader *csv_open_fd(const char *name, int fd, const csv_dialect *dialect, char *err, size_t errlen);
/* Reads from memory the caller keeps alive until csv_close; name is used in messages. */
csv_reader *csv_open_memory(const char *name, const char *data, size_t len,
                            const csv_dialect *dialect, char *err, size_t errlen);

/* Reads the next record: 1 with *rec filled, 0 at the end of the data, -1 on a
** malformed record (csv_error says what and where, "PATH:LINE: ..."; it stays -1 until
** csv_skip_record or csv_rewind). Lines with nothing but blanks on them are skipped.
** Unquoted fields lose their surrounding spaces and tabs; quoted ones keep every byte
** between the quotes. */
int csv_next(csv_reader *r, csv_record *rec);
/* After csv_next gave -1 for a malformed record (text after a closing quote, or a record
** longer than CSV_RECORD_MAX), skips to the end of that record, following its quotes,
** without holding it in memory, so that csv_next goes on with the next one. False when
** the error is not about one record, and csv_next then stays -1 with csv_error saying
** why: a quote that never closes (found by csv_next, or by the skip, which then names the
** line where it opens), input that is not text in its encoding or cannot be read, a
** rewind that cannot be done. */
bool csv_skip_record(csv_reader *r);
/* Goes back to the first record, to read the data again after a look at its start.
** A stream keeps what it read for this until its first csv_rewind, or until it has read
** 16 MiB; rewinding after that fails, and csv_next gives -1 with the reason. */
void csv_rewind(csv_reader *r);
const char *csv_error(const csv_reader *r);
/* The line csv_error names (0 when it names none), and its message without "PATH:LINE: ",
** for a reject file that gives them in columns of their own. */
int64_t csv_error_line(const csv_reader *r);
const char *csv_error_reason(const csv_reader *r);
/* The dialect in use: the separator and encoding as detected or given (never 0 or
** CSV_ENC_DETECT); decimal and thousands as given. */
csv_dialect csv_dialect_of(const csv_reader *r);
void csv_close(csv_reader *r);

/* The bytes of the input r has not read yet; 0 for a stream, whose size is not known. */
size_t csv_bytes_left(const csv_reader *r);
/* An upper bound of the records r has not read yet: the lines left. The first call
** counts them, a pass over the rest of the input; later ones take off the lines read
** since. A stream counts only the lines it has read ahead, which makes it a hint. */
size_t csv_lines_left(const csv_reader *r);
/* The bytes r holds in memory: its window, what it read ahead, the current record. */
size_t csv_memory_held(const csv_reader *r);

/*
** Splits the records r has not read yet into at most n parts of about equal size, for
** threads to read side by side: each part is a reader of its own over r's input (r must
** outlive it), starting at a record, with the file's line numbers. Returns how many
** parts it made (1 when the text is too small or cannot be split safely, 0 for a
** stream, which cannot be split).
*/
int csv_split(const csv_reader *r, int n, csv_reader **parts);

/* For tests: the sizes readers opened from now on use, a 0 keeping the default: the
** longest record (CSV_RECORD_MAX), the bytes a window decodes at a time (256 KiB; at
** least 4) and what a stream keeps for csv_rewind (16 MiB). Not thread-safe. */
typedef struct csv_sizes {
    size_t record_max, chunk, rewind_max;
} csv_sizes;
void csv_set_sizes(csv_sizes sizes);

/* The offset of the first byte that does not begin a valid UTF-8 sequence (overlong
** forms, surrogates and code points beyond U+10FFFF are invalid), or n. */
size_t csv_utf8_invalid_at(const unsigned char *s, size_t n);

#endif
