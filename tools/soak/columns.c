/*
** columns.c: caller-owned columns for styr_bind_columns, made up from what the rule set
** declares (styr_dataset_column): every column type the API takes, empty cells in
** optional columns, and keys that never repeat (the first text column and the first
** year column count up), so that the run gets past binding.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak.h"

/* At most this many rows: the first year column counts up from 2010 and stays within
** the years the generated rules look at. */
#define MAX_ROWS 16

static void *own(sk_columns *c, size_t n)
{
    void *p = sk_alloc(n);
    c->owned = realloc(c->owned, sizeof *c->owned * (size_t)(c->nowned + 1));
    if (!c->owned) exit(2);
    c->owned[c->nowned++] = p;
    return p;
}

static int64_t *ints(sk_columns *c)
{
    return own(c, sizeof(int64_t) * (size_t)(c->nrows ? c->nrows : 1));
}

static double *doubles(sk_columns *c)
{
    return own(c, sizeof(double) * (size_t)(c->nrows ? c->nrows : 1));
}

static const char **texts(sk_columns *c, sk_rng *r, bool key, bool optional)
{
    static const char *const pool[] = { "nord", "syd", "øst", "vest", "Ærø", "a,b", "\"citat\"", "linje\nskift" };
    const char **v = own(c, sizeof(char *) * (size_t)(c->nrows ? c->nrows : 1));
    for (int64_t i = 0; i < c->nrows; i++) {
        if (!key) {
            v[i] = optional && sk_chance(r, 15) ? NULL : pool[sk_below(r, (int)(sizeof pool / sizeof pool[0]))];
            continue;
        }
        char *s = own(c, 16);
        snprintf(s, 16, sk_chance(r, 85) ? "A%02d" : "Ø%02d", (int)i);
        v[i] = s;
    }
    return (const char **)v;
}

/* One column of the declared type, in one of the representations the API takes for it. */
static void fill(sk_columns *c, styr_column *col, int type, bool first_text, bool first_year, bool optional, sk_rng *r)
{
    int64_t n = c->nrows;
    if (type == STYR_TYPE_TEXT) {
        col->type = STYR_COL_TEXT;
        col->values = texts(c, r, first_text, optional);
        return;
    }
    if (type == STYR_TYPE_BOOL) {
        uint8_t *v = own(c, (size_t)(n ? n : 1));
        for (int64_t i = 0; i < n; i++) v[i] = (uint8_t)sk_below(r, 2);
        col->type = STYR_COL_BOOL;
        col->values = v;
        return;
    }
    bool as_double = (type == STYR_TYPE_NUMBER || type == STYR_TYPE_PERCENT || type == STYR_TYPE_MONEY) && sk_chance(r, 35);
    if (as_double) {
        /* Quarters are exact in binary and in øre. */
        double *v = doubles(c);
        for (int64_t i = 0; i < n; i++) v[i] = (double)(sk_below(r, 400001) - 100000) / 4;
        col->type = STYR_COL_DOUBLE;
        col->values = v;
        return;
    }
    int64_t *v = ints(c);
    col->type = STYR_COL_INT64;
    col->values = v;
    for (int64_t i = 0; i < n; i++) {
        switch (type) {
        case STYR_TYPE_YEAR: v[i] = first_year ? 2010 + i : 2010 + sk_below(r, MAX_ROWS); break;
        case STYR_TYPE_DATE: v[i] = 15706 + sk_below(r, 4750); break;   /* 2013-01-01 on */
        case STYR_TYPE_MONEY: v[i] = (int64_t)sk_below(r, 20000001) - 2000000; break;
        default: v[i] = (int64_t)sk_below(r, 100001) - 20000; break;
        }
    }
    if (type == STYR_TYPE_DATE) col->type = STYR_COL_DAYS;
    else if (type == STYR_TYPE_MONEY) col->type = sk_chance(r, 70) ? STYR_COL_OERE : STYR_COL_INT64;
    else if (type == STYR_TYPE_NUMBER || type == STYR_TYPE_PERCENT) col->scale = sk_below(r, 4);
}

void sk_columns_make(const styr_rules *rules, int d, sk_rng *r, sk_columns *c)
{
    *c = (sk_columns){ .dataset = styr_dataset_name(rules, d) };
    c->nrows = sk_below(r, MAX_ROWS + 1);
    c->ncols = styr_dataset_columns(rules, d);
    if (c->ncols < 0) c->ncols = 0;
    c->cols = own(c, sizeof *c->cols * (size_t)(c->ncols ? c->ncols : 1));
    bool seen_text = false, seen_year = false;
    for (int k = 0; k < c->ncols; k++) {
        int type, optional;
        styr_column *col = &c->cols[k];
        col->name = styr_dataset_column(rules, d, k, &type, &optional);
        fill(c, col, type, !seen_text, !seen_year, optional != 0, r);
        seen_text |= type == STYR_TYPE_TEXT;
        seen_year |= type == STYR_TYPE_YEAR;
        if (optional && col->type != STYR_COL_TEXT && sk_chance(r, 50)) {
            uint8_t *valid = own(c, (size_t)(c->nrows + 7) / 8 + 1);
            for (int64_t i = 0; i < c->nrows; i++)
                if (!sk_chance(r, 20)) valid[i / 8] |= (uint8_t)(1u << (i % 8));
            col->valid = valid;
        }
    }
}

void sk_columns_free(sk_columns *c)
{
    for (int i = 0; i < c->nowned; i++) free(c->owned[i]);
    free(c->owned);
    *c = (sk_columns){ 0 };
}
