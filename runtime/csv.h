/*
** csv.h: reading CSV as Danish systems write it. UTF-8 with or without BOM, or
** Windows-1252 (transcoded to UTF-8 on reading); separator ',', ';', tab or '|';
** quoted fields with "" for a quote and line breaks inside quotes; CRLF or LF.
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
    const char *s;            /* UTF-8, quotes removed; valid until the next csv_next */
    size_t len;
    bool quoted;
} csv_field;

typedef struct csv_record {
    csv_field *fields;
    size_t nfields;
    int64_t line;             /* 1-based line where the record starts */
} csv_record;

typedef struct csv_reader csv_reader;

/* Opens a file. On failure returns NULL with a message in err ("cannot open PATH: ...",
** or "PATH:LINE: byte 0x81 is neither UTF-8 nor Windows-1252" and the like when the
** bytes are not text in the encoding). A NULL dialect means detect everything. */
csv_reader *csv_open_file(const char *path, const csv_dialect *dialect, char *err, size_t errlen);
/* Reads from memory the caller keeps alive until csv_close; name is used in messages. */
csv_reader *csv_open_memory(const char *name, const char *data, size_t len,
                            const csv_dialect *dialect, char *err, size_t errlen);

/* Reads the next record: 1 with *rec filled, 0 at the end of the data, -1 on a
** malformed record (csv_error says what and where, "PATH:LINE: ..."; it stays -1 until
** csv_rewind). Lines with nothing but blanks on them are skipped. Unquoted fields lose
** their surrounding spaces and tabs; quoted ones keep every byte between the quotes. */
int csv_next(csv_reader *r, csv_record *rec);
/* Goes back to the first record, to read the data again after a look at its start. */
void csv_rewind(csv_reader *r);
const char *csv_error(const csv_reader *r);
/* The dialect in use: the separator and encoding as detected or given (never 0 or
** CSV_ENC_DETECT); decimal and thousands as given. */
csv_dialect csv_dialect_of(const csv_reader *r);
void csv_close(csv_reader *r);

/* The bytes of text r has not read yet. */
size_t csv_bytes_left(const csv_reader *r);
/* An upper bound of the records r has not read yet: the lines left. */
size_t csv_lines_left(const csv_reader *r);

/*
** Splits the records r has not read yet into at most n parts of about equal size, for
** threads to read side by side: each part is a reader of its own over r's text (r must
** outlive it), starting at a record, with the file's line numbers. Returns how many
** parts it made (1 when the text is too small or cannot be split safely).
*/
int csv_split(const csv_reader *r, int n, csv_reader **parts);

/* The offset of the first byte that does not begin a valid UTF-8 sequence (overlong
** forms, surrogates and code points beyond U+10FFFF are invalid), or n. */
size_t csv_utf8_invalid_at(const unsigned char *s, size_t n);

#endif
