/*
** column.h: one typed column of a dataset, stored as a plain array so the interpreter
** reads it by index and the JIT loops over it. Money is integer øre, never a double.
*/
#ifndef STYR_COLUMN_H
#define STYR_COLUMN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rational.h"
#include "textdict.h"

/* What a column holds. The unit of a money column (per day, per hour) is the checker's
** business; the storage is the same. */
typedef enum col_kind {
    COL_TEXT,
    COL_INT,       /* whole numbers, also counts of days, hours, months */
    COL_NUMBER,    /* decimal numbers: v[i] / 10^scale */
    COL_PERCENT,   /* the number of percent as written (6.5 means 6.5 %): v[i] / 10^scale / 100 */
    COL_MONEY,     /* øre: v[i] / 100 DKK */
    COL_DATE,      /* days since 1970-01-01 */
    COL_YEAR,      /* the year itself, 1..9999 */
    COL_BOOL,      /* 0 or 1 */
} col_kind;

typedef struct column {
    col_kind kind;
    int64_t *v;        /* every kind but TEXT */
    uint32_t *code;    /* TEXT: code in dict (empty rows hold the code of "") */
    textdict *dict;    /* TEXT: owned by the column */
    int scale;         /* NUMBER and PERCENT: digits after the point, 0..18; MONEY: 2 */
    uint8_t *empty;    /* empty[i] != 0 where row i had no value; NULL while no row is empty */
    bool borrowed;     /* v is the caller's (styr_bind_columns): read, never freed or grown */
    size_t n, cap;
} column;

void col_init(column *c, col_kind kind);
void col_free(column *c);

/* Appending one row's value. Each returns false (and appends nothing) on overflow,
** which for NUMBER/PERCENT means the rescaling of earlier rows no longer fits. */
void col_push_empty(column *c);
void col_push_int(column *c, int64_t v);         /* INT, YEAR, DATE, BOOL, MONEY (øre) */
bool col_push_scaled(column *c, i128 mantissa, int scale); /* NUMBER, PERCENT */
void col_push_text(column *c, const char *s, size_t n);

/* Gives the column its marks of empty rows now, before any row is empty: code compiled
** for a column with empty rows then fits it whether or not a row turns out empty. */
void col_mark_empties(column *c);

/* Takes the last row away again (a row the loader turned down half way). */
void col_pop(column *c);

/* The memory the column's rows take: values, empty marks and the dictionary (a
** borrowed array counts nothing). What is reserved but not yet used is not counted. */
size_t col_bytes(const column *c);

/* Makes room for n more rows, so that appending them moves nothing. */
void col_reserve(column *c, size_t n);

/* Appends the rows of src (a column of the same kind, read from a later part of the
** same file) to c, as if they had been pushed one by one. False, changing nothing,
** when a number no longer fits the scale both need. */
bool col_append(column *c, const column *src);

static inline bool col_is_empty(const column *c, size_t i)
{
    return c->empty && c->empty[i];
}

/* The value of row i as an exact number (INT, NUMBER, PERCENT as a fraction: 6.5 -> 0.065,
** MONEY in DKK, YEAR, DATE as days, BOOL as 0/1). The row must not be empty. */
rat col_rat(const column *c, size_t i);

/* Name of a kind for messages: "text", "money", ... */
const char *col_kind_name(col_kind k);

#endif
