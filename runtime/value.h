/*
** value.h: run-time values of the interpreter, and how they are compared, hashed and
** written. A value is empty, a bool, an exact number (years too), a date, a text, a
** row, a set of rows, or the values of one column over a set of rows.
*/
#ifndef STYR_VALUE_H
#define STYR_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "dataset.h"
#include "rational.h"
#include "types.h"

typedef enum val_kind { V_EMPTY, V_BOOL, V_NUM, V_DATE, V_TEXT, V_ROW, V_ROWS, V_LIST } val_kind;

/* Rows of one dataset, in the dataset's order. */
typedef struct rowset {
    const dataset *ds;
    const uint32_t *rows;
    size_t n;
} rowset;

typedef struct value {
    val_kind kind;
    union {
        bool b;
        rat q;                                       /* NUM */
        int32_t date;                                /* DATE */
        struct { const char *s; uint32_t len; } text; /* TEXT: not owned */
        struct { const dataset *ds; uint32_t row; } row;
        struct { rowset *set; int col; } list;       /* ROWS (col unused), LIST */
    };
} value;

static inline value val_empty(void) { return (value){ .kind = V_EMPTY }; }
static inline value val_bool(bool b) { return (value){ .kind = V_BOOL, .b = b }; }
static inline value val_num(rat q) { return (value){ .kind = V_NUM, .q = q }; }
static inline value val_int(int64_t i) { return val_num(rat_from_int(i)); }
static inline value val_date(int32_t d) { return (value){ .kind = V_DATE, .date = d }; }
static inline value val_text(const char *s, uint32_t len) { return (value){ .kind = V_TEXT, .text = { s, len } }; }

/* The value of a cell: empty, or the column's value as the types expect it. */
value val_cell(const dataset *ds, int col, size_t row);

/* Equality of scalar values of one kind; empty equals only empty. */
bool val_equal(value a, value b);
/* Order of scalar values of one kind (numbers, dates, texts bytewise, bools); empty first. */
int val_compare(value a, value b);
uint64_t val_hash(value v);

/* Whether numbers of type t are money (DKK). */
bool val_type_money(stype t);
/* A number as val_format (json false) or val_json (json true) writes it: money with 2 to
** 4 decimals (2 in JSON), a percentage as the number of percent (with " %" for people),
** other numbers with up to 6 decimals; '.' as decimal mark. */
void val_num_text(rat q, stype t, bool json, char *out, size_t outlen);
/* Writes v as a person reads it, in the unit of t: money 1234.50, percent 6.5 %, dates
** 2021-01-01; empty is written as "–". */
void val_format(value v, stype t, buf *out);
/* Writes v as the JSON report and the C API give it, without quotes or escapes: money
** with two decimals, a percentage as its number of percent, dates ISO, texts as they
** are; nothing when v is empty. */
void val_plain(value v, stype t, buf *out);
/* Writes v as JSON: money as a string with two decimals, other numbers as numbers,
** empty as null. */
void val_json(value v, stype t, buf *out);

#endif
