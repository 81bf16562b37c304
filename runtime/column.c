/*
** column.c: typed columns, see column.h. Rows are appended one at a time while a file
** loads; a number column keeps one scale for all its rows and rescales when a row needs more.
*/
#include "column.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum { MAX_SCALE = 18, DISTINCT_SAMPLE = 1 << 16 };

static const int64_t pow10_64[MAX_SCALE + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
    10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
    1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
};

void col_init(column *c, col_kind kind)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    if (kind == COL_TEXT)
        c->dict = xcalloc(1, sizeof *c->dict);
    if (kind == COL_MONEY)
        c->scale = 2;
}

void col_free(column *c)
{
    if (!c->borrowed) free(c->v);
    free(c->code);
    free(c->empty);
    if (c->dict) {
        textdict_free(c->dict);
        free(c->dict);
    }
    c->v = NULL;
    c->code = NULL;
    c->empty = NULL;
    c->dict = NULL;
    c->n = c->cap = 0;
}

/* Gives every array the column uses room for cap rows. */
static void grow_to(column *c, size_t cap)
{
    if (c->kind == COL_TEXT)
        c->code = xrealloc(c->code, cap * sizeof *c->code);
    else
        c->v = xrealloc(c->v, cap * sizeof *c->v);
    if (c->empty) {
        c->empty = xrealloc(c->empty, cap);
        memset(c->empty + c->cap, 0, cap - c->cap);
    }
    c->cap = cap;
}

/* Makes room for one more row. */
static void reserve(column *c)
{
    if (c->n == c->cap)
        grow_to(c, c->cap ? c->cap * 2 : 64);
}

/* An empty row holds 0, or in a text column the code of "", so every code is valid. */
void col_push_empty(column *c)
{
    reserve(c);
    if (!c->empty)
        c->empty = xcalloc(c->cap, 1);
    c->empty[c->n] = 1;
    if (c->kind == COL_TEXT)
        c->code[c->n] = textdict_intern(c->dict, "", 0);
    else
        c->v[c->n] = 0;
    c->n++;
}

void col_push_int(column *c, int64_t v)
{
    reserve(c);
    c->v[c->n++] = v;
}

/* Exports list a key's rows together (an offer's tariffs year by year), so a text is
** often the one just above it: that costs a compare, not a hash lookup. */
void col_push_text(column *c, const char *s, size_t n)
{
    reserve(c);
    if (c->n > 0) {
        uint32_t last = c->code[c->n - 1];
        if (c->dict->len[last] == n && !memcmp(c->dict->str[last], s, n)) {
            c->code[c->n++] = last;
            return;
        }
    }
    /* Ids and names that are mostly distinct would have their table doubled twenty
    ** times on the way to millions; once a sample shows it, make room for them all. */
    if (c->n == DISTINCT_SAMPLE && c->dict->count > DISTINCT_SAMPLE / 2) textdict_reserve(c->dict, c->cap);
    c->code[c->n++] = textdict_intern(c->dict, s, n);
}

/* Multiplies every row by 10^(scale - c->scale). False, changing nothing, when a row
** would overflow. */
static bool rescale(column *c, int scale)
{
    int64_t f = pow10_64[scale - c->scale], lim = INT64_MAX / f;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i] > lim || c->v[i] < -lim)
            return false;
    for (size_t i = 0; i < c->n; i++)
        c->v[i] *= f;
    c->scale = scale;
    return true;
}

/* Trailing zeros are dropped first, so "2.50" does not raise a column of scale 1. */
bool col_push_scaled(column *c, i128 mantissa, int scale)
{
    while (scale > c->scale && mantissa % 10 == 0) {
        mantissa /= 10;
        scale--;
    }
    int to = scale > c->scale ? scale : c->scale;
    if (to > MAX_SCALE || mantissa > INT64_MAX || mantissa < -INT64_MAX)
        return false;
    i128 v = mantissa * pow10_64[to - scale];
    if (v > INT64_MAX || v < -INT64_MAX)
        return false;
    if (to > c->scale && !rescale(c, to))
        return false;
    reserve(c);
    c->v[c->n++] = (int64_t)v;
    return true;
}

void col_pop(column *c)
{
    assert(c->n > 0 && !c->borrowed);
    c->n--;
    if (c->empty) c->empty[c->n] = 0;
}

void col_mark_empties(column *c)
{
    if (!c->empty) c->empty = xcalloc(c->cap ? c->cap : 1, 1);
}

size_t col_bytes(const column *c)
{
    size_t per_row = c->kind == COL_TEXT ? sizeof *c->code : c->borrowed ? 0 : sizeof *c->v;
    return c->n * (per_row + (c->empty != NULL)) + (c->dict ? textdict_bytes(c->dict) : 0);
}

void col_reserve(column *c, size_t n)
{
    if (c->n + n > c->cap)
        grow_to(c, c->n + n);
}

/* Whether every row of c fits scale (>= c->scale). */
static bool fits_scale(const column *c, int scale)
{
    int64_t lim = INT64_MAX / pow10_64[scale - c->scale];
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i] > lim || c->v[i] < -lim)
            return false;
    return true;
}

bool col_append(column *c, const column *src)
{
    int scale = src->scale > c->scale ? src->scale : c->scale;
    if (c->kind != COL_TEXT && (!fits_scale(c, scale) || !fits_scale(src, scale)))
        return false;
    if (c->kind != COL_TEXT && scale > c->scale)
        rescale(c, scale);
    col_reserve(c, src->n);
    if (src->empty && !c->empty)
        c->empty = xcalloc(c->cap, 1);
    if (src->empty)
        memcpy(c->empty + c->n, src->empty, src->n);
    if (c->kind == COL_TEXT) {
        /* The part's codes in this dictionary: its strings in the order they first
        ** appear, which keeps codes in the order of first appearance in the file. */
        uint32_t *code = xmalloc((src->dict->count ? src->dict->count : 1) * sizeof *code);
        for (uint32_t k = 0; k < src->dict->count; k++)
            code[k] = textdict_intern(c->dict, src->dict->str[k], src->dict->len[k]);
        for (size_t i = 0; i < src->n; i++)
            c->code[c->n + i] = code[src->code[i]];
        free(code);
    } else {
        int64_t f = pow10_64[scale - src->scale];
        for (size_t i = 0; i < src->n; i++)
            c->v[c->n + i] = src->v[i] * f;
    }
    c->n += src->n;
    return true;
}

rat col_rat(const column *c, size_t i)
{
    assert(c->kind != COL_TEXT && !col_is_empty(c, i));
    /* Every kind but NUMBER and PERCENT has scale 0, MONEY has 2 (øre). */
    int scale = c->scale + (c->kind == COL_PERCENT ? 2 : 0);
    rat r;
    /* Cannot fail: |v| < 2^63 and scale <= 20. */
    (void)rat_from_scaled(c->v[i], scale, &r);
    return r;
}

const char *col_kind_name(col_kind k)
{
    static const char *const names[] = {
        [COL_TEXT] = "text",       [COL_INT] = "int",   [COL_NUMBER] = "number",
        [COL_PERCENT] = "percent", [COL_MONEY] = "money", [COL_DATE] = "date",
        [COL_YEAR] = "year",       [COL_BOOL] = "bool",
    };
    return names[k];
}
