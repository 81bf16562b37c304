/*
** bind_columns.c: a dataset from columns the caller owns (styr_bind_columns). Integer
** arrays that already hold what a column stores (øre, days, years, scaled numbers) are
** used where they lie; everything else is converted: texts interned, doubles read as the
** shortest decimal that gives them back, validity bitmaps turned into empty flags.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "csv.h"
#include "date.h"
#include "styr.h"
#include "xalloc.h"

typedef struct binder {
    const ds_schema *schema;
    int64_t nrows;
    char **err;
} binder;

__attribute__((format(printf, 3, 4)))
static bind_status fail(binder *b, bind_status st, const char *fmt, ...)
{
    buf msg = {0};
    buf_printf(&msg, "dataset %s: ", b->schema->name);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    *b->err = buf_take(&msg);
    return st;
}

static bool has_value(const styr_column *sc, int64_t row)
{
    if (!sc->values) return false;
    if (sc->type == STYR_COL_TEXT && !((const char *const *)sc->values)[row]) return false;
    return !sc->valid || (sc->valid[row >> 3] >> (row & 7)) & 1;
}

/* The shortest decimal m / 10^scale that reads back as d, in *m and *scale. */
static bool decimal_of_double(double d, i128 *m, int *scale)
{
    if (!isfinite(d)) return false;
    char text[40];
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*e", digits - 1, d);
        if (strtod(text, NULL) == d) break;
    }
    /* text is [-]D[.DDD]e[+-]XX */
    char *e = strchr(text, 'e');
    int exp = atoi(e + 1), ndigits = 0;
    i128 v = 0;
    for (const char *p = text; p < e; p++) {
        if (*p < '0' || *p > '9') continue;
        v = v * 10 + (*p - '0');
        ndigits++;
    }
    if (text[0] == '-') v = -v;
    int sc = ndigits - 1 - exp;
    for (; sc < 0; sc++) {
        if (v > (i128)INT64_MAX || v < -(i128)INT64_MAX) return false;
        v *= 10;
    }
    *m = v;
    *scale = sc;
    return true;
}

static const char *col_type_name(int type)
{
    switch (type) {
    case STYR_COL_INT64: return "STYR_COL_INT64";
    case STYR_COL_DOUBLE: return "STYR_COL_DOUBLE";
    case STYR_COL_OERE: return "STYR_COL_OERE";
    case STYR_COL_DAYS: return "STYR_COL_DAYS";
    case STYR_COL_TEXT: return "STYR_COL_TEXT";
    case STYR_COL_BOOL: return "STYR_COL_BOOL";
    default: return "an unknown type";
    }
}

/* The types a column of kind k may be bound from, for the message when it is not. */
static const char *types_for(col_kind k)
{
    switch (k) {
    case COL_TEXT: return "STYR_COL_TEXT";
    case COL_MONEY: return "STYR_COL_OERE (øre), STYR_COL_INT64 (whole kroner) or STYR_COL_DOUBLE";
    case COL_DATE: return "STYR_COL_DAYS (days since 1970-01-01)";
    case COL_BOOL: return "STYR_COL_BOOL";
    case COL_NUMBER:
    case COL_PERCENT: return "STYR_COL_INT64 (with a scale) or STYR_COL_DOUBLE";
    default: return "STYR_COL_INT64 or STYR_COL_DOUBLE";
    }
}

static bool type_fits(col_kind k, int type)
{
    switch (k) {
    case COL_TEXT: return type == STYR_COL_TEXT;
    case COL_MONEY: return type == STYR_COL_OERE || type == STYR_COL_INT64 || type == STYR_COL_DOUBLE;
    case COL_DATE: return type == STYR_COL_DAYS;
    case COL_BOOL: return type == STYR_COL_BOOL;
    default: return type == STYR_COL_INT64 || type == STYR_COL_DOUBLE;
    }
}

/* Whether the caller's int64 array can stand as the column: it holds exactly what the
** column stores, and no value is out of the kind's range. */
static bool usable_in_place(const col_schema *cs, const styr_column *sc)
{
    if (!sc->values) return false;
    switch (cs->kind) {
    case COL_MONEY: return sc->type == STYR_COL_OERE;
    case COL_DATE: return sc->type == STYR_COL_DAYS;
    case COL_INT: return sc->type == STYR_COL_INT64 && sc->scale == 0;
    case COL_NUMBER:
    case COL_PERCENT: return sc->type == STYR_COL_INT64 && sc->scale >= 0 && sc->scale <= 18;
    default: return false;
    }
}

/* Reads row r of sc into column c (kind cs->kind). */
static bind_status push_value(binder *b, const col_schema *cs, const styr_column *sc, int64_t r, column *c)
{
    const int64_t *ints = sc->values;
    switch (sc->type) {
    case STYR_COL_TEXT: {
        const char *s = ((const char *const *)sc->values)[r];
        size_t n = sc->lengths ? sc->lengths[r] : strlen(s);
        if (csv_utf8_invalid_at((const unsigned char *)s, n) != n)
            return fail(b, BIND_DATA, "column %s, row %lld: the text is not valid UTF-8", cs->name, (long long)r + 1);
        col_push_text(c, s, n);
        return BIND_OK;
    }
    case STYR_COL_BOOL: {
        uint8_t v = ((const uint8_t *)sc->values)[r];
        if (v > 1) return fail(b, BIND_DATA, "column %s, row %lld: %u is not a bool (0 or 1)", cs->name, (long long)r + 1, v);
        col_push_int(c, v);
        return BIND_OK;
    }
    case STYR_COL_DOUBLE: {
        i128 m;
        int scale;
        double d = ((const double *)sc->values)[r];
        if (!decimal_of_double(d, &m, &scale))
            return fail(b, BIND_DATA, "column %s, row %lld: %g is not a number styr can hold exactly", cs->name, (long long)r + 1, d);
        if (cs->kind == COL_NUMBER || cs->kind == COL_PERCENT) {
            if (!col_push_scaled(c, m, scale))
                return fail(b, BIND_DATA, "column %s, row %lld: %.17g takes more digits than the column holds beside its other "
                                                      "values (19 in all, at most 18 after the point)", cs->name, (long long)r + 1, d);
            return BIND_OK;
        }
        int want = cs->kind == COL_MONEY ? 2 : 0;
        for (; scale > want && m % 10 == 0; scale--) m /= 10;
        for (; scale < want; scale++) m *= 10;
        if (scale > want || m > INT64_MAX || m < -INT64_MAX)
            return fail(b, BIND_DATA, "column %s, row %lld: %.17g is not %s", cs->name, (long long)r + 1, d,
                        cs->kind == COL_MONEY ? "whole øre" : "a whole number");
        styr_column whole = { .type = cs->kind == COL_MONEY ? STYR_COL_OERE : STYR_COL_INT64,
                              .values = &(int64_t){ (int64_t)m } };
        return push_value(b, cs, &whole, 0, c);
    }
    default: {
        int64_t v = ints[r];
        if (cs->kind == COL_MONEY && sc->type == STYR_COL_INT64) {
            if (v > INT64_MAX / 100 || v < -(INT64_MAX / 100))
                return fail(b, BIND_DATA, "column %s, row %lld: %lld kr. is out of range", cs->name, (long long)r + 1, (long long)v);
            v *= 100;
        }
        if (cs->kind == COL_YEAR && (v < 1 || v > 9999))
            return fail(b, BIND_DATA, "column %s, row %lld: %lld is not a year (1 to 9999)", cs->name, (long long)r + 1, (long long)v);
        if ((cs->kind == COL_NUMBER || cs->kind == COL_PERCENT) && !col_push_scaled(c, v, sc->type == STYR_COL_INT64 ? sc->scale : 0))
            return fail(b, BIND_DATA, "column %s, row %lld: the value does not fit", cs->name, (long long)r + 1);
        if (cs->kind != COL_NUMBER && cs->kind != COL_PERCENT) col_push_int(c, v);
        return BIND_OK;
    }
    }
}

/* Column i of the dataset from sc (NULL: the caller gave none, so every row is empty). */
static bind_status bind_column(binder *b, int i, const styr_column *sc, column *c)
{
    const col_schema *cs = &b->schema->cols[i];
    if (sc && !type_fits(cs->kind, sc->type))
        return fail(b, BIND_USAGE, "column %s is %s: bind it as %s, not %s", cs->name, col_kind_name(cs->kind),
                    types_for(cs->kind), col_type_name(sc->type));
    if (sc && (sc->type == STYR_COL_INT64 || sc->type == STYR_COL_OERE || sc->type == STYR_COL_DAYS) &&
        (sc->scale < 0 || sc->scale > 18))
        return fail(b, BIND_USAGE, "column %s: scale %d is not 0 to 18", cs->name, sc->scale);
    if (cs->skip) return BIND_OK;
    bool in_place = sc && usable_in_place(cs, sc);
    if (in_place && cs->kind == COL_DATE) {
        /* Date arithmetic assumes the years 1 to 9999, as dates read from files have. */
        date_days lo, hi;
        date_from_ymd(1, 1, 1, &lo);
        date_from_ymd(9999, 12, 31, &hi);
        for (int64_t r = 0; r < b->nrows; r++) {
            int64_t d = ((const int64_t *)sc->values)[r];
            if (has_value(sc, r) && (d < lo || d > hi))
                return fail(b, BIND_DATA, "column %s, row %lld: %lld days from 1970-01-01 is not a date in the years 1 to 9999",
                            cs->name, (long long)r + 1, (long long)d);
        }
    }
    if (in_place) {
        c->v = (int64_t *)sc->values;
        c->borrowed = true;
        c->cap = c->n = (size_t)b->nrows;
        if (cs->kind == COL_NUMBER || cs->kind == COL_PERCENT) c->scale = sc->scale;
    } else {
        col_reserve(c, (size_t)b->nrows);
    }
    for (int64_t r = 0; r < b->nrows; r++) {
        if (sc && has_value(sc, r)) {
            if (!in_place) {
                bind_status st = push_value(b, cs, sc, r, c);
                if (st != BIND_OK) return st;
            }
            continue;
        }
        if (!cs->optional)
            return fail(b, BIND_DATA, "column %s, row %lld: empty value; the column is not declared optional",
                        cs->name, (long long)r + 1);
        if (!in_place) {
            col_push_empty(c);
        } else {
            if (!c->empty) c->empty = xcalloc((size_t)b->nrows, 1);
            c->empty[r] = 1;
        }
    }
    return BIND_OK;
}

bind_status bind_columns(const ds_schema *schema, int64_t nrows, const styr_column *cols, int ncols,
                         dataset *out, char **err)
{
    binder b = { schema, nrows, err };
    if (nrows < 0 || nrows > (int64_t)UINT32_MAX)
        return fail(&b, BIND_USAGE, "%lld rows: a dataset has 0 to %u", (long long)nrows, UINT32_MAX);
    if (ncols < 0 || (ncols > 0 && !cols)) return fail(&b, BIND_USAGE, "no columns given");
    out->name = schema->name;
    out->path = schema->name;
    out->schema = schema;
    out->ncols = schema->ncols;
    out->cols = xcalloc((size_t)(schema->ncols ? schema->ncols : 1), sizeof *out->cols);
    out->line0 = 1;
    for (int i = 0; i < schema->ncols; i++) col_init(&out->cols[i], schema->cols[i].kind);
    for (int i = 0; i < schema->ncols; i++) {
        const col_schema *cs = &schema->cols[i];
        const styr_column *sc = NULL;
        for (int k = 0; k < ncols && !sc; k++)
            if (cols[k].name && !strcmp(cols[k].name, cs->name)) sc = &cols[k];
        if (!sc && !cs->optional)
            return fail(&b, BIND_DATA, "column %s is missing; the rules declare it and it is not optional", cs->name);
        bind_status st = bind_column(&b, i, sc, &out->cols[i]);
        if (st != BIND_OK) return st;
    }
    out->nrows = out->rows_read = (size_t)nrows;
    return BIND_OK;
}
