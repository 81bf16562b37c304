/*
** types.h: the static types of styr and their units. A number type carries the
** exponents of its units (DKK, day, hour, month), so the checker knows that money per
** day times days is money, and that money plus percent is an error.
*/
#ifndef STYR_TYPES_H
#define STYR_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

enum { DIM_DKK, DIM_DAY, DIM_HOUR, DIM_MONTH, DIM_COUNT };

typedef enum ty_kind {
    TY_ERROR,      /* an expression that already has an error: absorbs everything */
    TY_BOOL,
    TY_NUM,        /* int, number, percent, money, days...: see dim, integral, percent */
    TY_YEAR,
    TY_DATE,
    TY_TEXT,
    TY_ROW,        /* one row of a dataset (or none: a lookup that found nothing) */
    TY_ROWS,       /* a set of rows of a dataset */
    TY_LIST,       /* values, as from rows.column */
    TY_RANGE,      /* a to b: only after `in` and inside a lookup */
} ty_kind;

struct ast_dataset;

typedef struct type {
    ty_kind kind;
    bool integral;                 /* NUM: always a whole number */
    bool percent;                  /* NUM: dimensionless and shown as a percentage */
    int8_t dim[DIM_COUNT];         /* NUM: unit exponents */
    const struct ast_dataset *ds;  /* ROW, ROWS */
    ty_kind elem;                  /* LIST, RANGE: kind of the elements */
    bool elem_integral, elem_percent;
    int8_t elem_dim[DIM_COUNT];
} stype;

extern const stype ty_error, ty_bool, ty_int, ty_number, ty_percent, ty_money, ty_year,
    ty_date, ty_text, ty_days;

/* Builds the type named by a column or parameter declaration: "money", "money per day",
** "days", "percent"... Returns false when the name is unknown. */
bool type_from_name(const char *name, const char *per, stype *out);
/* The names type_from_name accepts, for "did you mean" hints. */
extern const char *const type_names[];

bool type_is_num(stype t);
bool type_dimensionless(stype t);
bool type_same_unit(stype a, stype b);      /* both NUM with equal dims */
bool type_equal(stype a, stype b);          /* same kind, unit, dataset; ignores integral/percent */
/* Element type of a LIST/RANGE, and the LIST/RANGE type of an element. */
stype type_elem(stype list);
stype type_list_of(ty_kind kind, stype elem);

/* Appends a readable name: "money per day", "int", "row of tariffs". */
void type_name(stype t, buf *out);
/* The same into a static per-thread buffer, for one-line messages. */
const char *type_str(stype t);

#endif
