/*
** source.h: rule-file text and positions in it. A position is a byte span; line and
** column are computed only when a diagnostic is shown (as jq's locfile does).
*/
#ifndef STYR_SOURCE_H
#define STYR_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct src_file {
    const char *path;      /* as given: used in messages */
    const char *dir;       /* folder of the file, for relative imports and data paths */
    const char *text;      /* the contents, NUL-terminated, always ending in '\n' */
    size_t len;
    uint32_t *line_start;  /* byte offset of each line, computed on first use */
    uint32_t nlines;
    int lang;              /* its keyword set (kw_lang), set by the parser */
} src_file;

typedef struct loc {
    const src_file *file;
    uint32_t start, end;   /* byte offsets, end exclusive */
} loc;

/* Makes a file from text (copied; a final newline is added when missing). */
src_file *src_from_text(const char *path, const char *text, size_t len);
/* Reads a file. NULL with errno set when it cannot be read. */
src_file *src_read(const char *path);
void src_free(src_file *f);

/* 1-based line and column of a byte offset; the column counts UTF-8 characters. */
void src_line_col(const src_file *f, uint32_t offset, uint32_t *line, uint32_t *col);
/* The text of 1-based line n without its line end. */
const char *src_line(const src_file *f, uint32_t n, size_t *len);

/* The span covering a and b. */
loc loc_join(loc a, loc b);

#endif
