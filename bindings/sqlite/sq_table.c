/*
** sq_table.c: reading a SQLite table into the columns of a dataset (see sq_table.h). Every
** value is converted by its declared type without binary floating point: numbers become
** integers with a decimal scale, money øre, dates days since 1970-01-01.
*/
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sq_table.h"

SQLITE_EXTENSION_INIT3

/* One declared column as it is read. */
typedef struct sq_col {
    const char *name;   /* declared name */
    int type;           /* STYR_TYPE_* */
    int at;             /* its position in the SELECT, or -1 when the table lacks it */
    int64_t *ints;      /* øre, days, whole numbers, bools, or mantissas over 10^scales[i] */
    uint8_t *scales;
    char **texts;
    uint32_t *lengths;
    uint8_t *valid;
} sq_col;

struct sq_data {
    const char *dataset, *table;
    sq_col *cols;
    int ncols;
    int64_t nrows, cap;
    char *err;
};
typedef struct sq_data sq_reader;

static const char *type_name(int type)
{
    static const char *names[] = { "?", "bool", "int", "number", "percent", "money", "date", "year", "text" };
    return type >= STYR_TYPE_BOOL && type <= STYR_TYPE_TEXT ? names[type] : "?";
}

int sq_has_table(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) LIMIT 1", -1, &st, NULL) != SQLITE_OK) return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* A decimal in text, [sign] digits [. digits] [e [sign] digits], as m / 10^scale with
** scale 0 to 18 and m of at most 18 digits. */
static bool parse_decimal(const char *s, int64_t *m, int *scale)
{
    while (isspace((unsigned char)*s)) s++;
    bool neg = *s == '-';
    if (*s == '-' || *s == '+') s++;
    int64_t v = 0;
    int digits = 0, sc = 0;
    bool point = false, any = false;
    for (;; s++) {
        if (*s == '.' && !point) { point = true; continue; }
        if (!isdigit((unsigned char)*s)) break;
        any = true;
        if (v == 0 && *s == '0' && !point) continue;
        if (++digits > 18) return false;
        v = v * 10 + (*s - '0');
        if (point) sc++;
    }
    if (!any) return false;
    if (*s == 'e' || *s == 'E') {
        char *end;
        long e = strtol(s + 1, &end, 10);
        if (end == s + 1 || e < -18 || e > 18) return false;
        sc -= (int)e;
        s = end;
    }
    while (isspace((unsigned char)*s)) s++;
    if (*s) return false;
    for (; sc < 0; sc++) {
        if (v > INT64_MAX / 10) return false;
        v *= 10;
    }
    for (; sc > 18 && v % 10 == 0; sc--) v /= 10;
    if (sc > 18) return false;
    *m = neg ? -v : v;
    *scale = sc;
    return true;
}

/* m / 10^scale at scale `want` (only ever more digits, or dropping zeros): false when it
** does not fit or a digit would be lost. */
static bool rescale(int64_t *m, int scale, int want)
{
    for (; scale > want; scale--) {
        if (*m % 10) return false;
        *m /= 10;
    }
    for (; scale < want; scale++) {
        if (*m > INT64_MAX / 10 || *m < -(INT64_MAX / 10)) return false;
        *m *= 10;
    }
    return true;
}

/* Days since 1970-01-01 of the text YYYY-MM-DD. */
static bool parse_date(const char *s, int64_t *days)
{
    int y, mo, d, n = 0;
    while (isspace((unsigned char)*s)) s++;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return false;
    for (s += n; isspace((unsigned char)*s); s++) {}
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (*s || y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap)) return false;
    /* Howard Hinnant's days_from_civil. */
    int64_t yy = mo <= 2 ? y - 1 : y;
    int64_t era = yy / 400, yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    *days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return true;
}

static int refuse(sq_reader *r, const sq_col *c, int64_t row, const char *what, const char *why)
{
    r->err = sqlite3_mprintf("dataset %s (table %s): column %s, row %lld: cannot read %s as %s%s%s", r->dataset,
                             r->table, c->name, (long long)row + 1, what, type_name(c->type), why ? ": " : "",
                             why ? why : "");
    return SQLITE_ERROR;
}

/* Cell i of the current row of st into row `row` of c. */
static int read_cell(sq_reader *r, sq_col *c, sqlite3_stmt *st, int64_t row)
{
    int i = c->at, storage = sqlite3_column_type(st, i);
    const char *text = (const char *)sqlite3_column_text(st, i);
    int n = sqlite3_column_bytes(st, i);
    if (storage == SQLITE_NULL || !text) return SQLITE_OK;
    bool blank = true;
    for (int k = 0; k < n && blank; k++) blank = isspace((unsigned char)text[k]);
    if (blank) return SQLITE_OK;                   /* empty, as a blank CSV field */
    if (storage == SQLITE_BLOB) return refuse(r, c, row, "a BLOB", NULL);
    char quoted[80];
    sqlite3_snprintf(sizeof quoted, quoted, "%.40Q", text);
    if (c->type == STYR_TYPE_TEXT) {
        c->texts[row] = malloc((size_t)n + 1);
        if (!c->texts[row]) return SQLITE_NOMEM;
        memcpy(c->texts[row], text, (size_t)n + 1);
        c->lengths[row] = (uint32_t)n;
    } else if (c->type == STYR_TYPE_DATE) {
        if (storage != SQLITE_TEXT || !parse_date(text, &c->ints[row]))
            return refuse(r, c, row, quoted, "a date is text YYYY-MM-DD");
    } else if (c->type == STYR_TYPE_BOOL) {
        if (!strcmp(text, "1") || !sqlite3_stricmp(text, "true")) c->ints[row] = 1;
        else if (!strcmp(text, "0") || !sqlite3_stricmp(text, "false")) c->ints[row] = 0;
        else return refuse(r, c, row, quoted, "a bool is true, false, 1 or 0");
    } else {
        int64_t m;
        int scale;
        char shortest[32];
        if (storage == SQLITE_FLOAT) {
            /* The shortest decimal that reads back as the double (SQLite's own text has 15 digits). */
            double d = sqlite3_column_double(st, i);
            for (int digits = 1; digits <= 17; digits++) {
                sqlite3_snprintf(sizeof shortest, shortest, "%!.*g", digits, d);
                if (strtod(shortest, NULL) == d) break;
            }
            text = shortest;
        }
        if (!parse_decimal(text, &m, &scale)) return refuse(r, c, row, quoted, "not a number (of at most 18 digits)");
        int want = c->type == STYR_TYPE_MONEY ? 2 : c->type == STYR_TYPE_NUMBER || c->type == STYR_TYPE_PERCENT ? -1 : 0;
        if (c->type == STYR_TYPE_MONEY && storage == SQLITE_INTEGER && !rescale(&m, 0, 2))
            return refuse(r, c, row, quoted, "out of range");
        if (want >= 0 && !rescale(&m, scale, want))
            return refuse(r, c, row, quoted, want ? "not whole øre" : "not a whole number");
        c->ints[row] = m;
        c->scales[row] = (uint8_t)(want >= 0 ? want : scale);
    }
    c->valid[row >> 3] |= (uint8_t)(1u << (row & 7));
    return SQLITE_OK;
}

static int grow(sq_reader *r)
{
    int64_t cap = r->cap ? r->cap * 2 : 1024;
    for (int k = 0; k < r->ncols; k++) {
        sq_col *c = &r->cols[k];
        void *p[5] = { realloc(c->ints, (size_t)cap * sizeof *c->ints), realloc(c->scales, (size_t)cap),
                       realloc(c->texts, (size_t)cap * sizeof *c->texts),
                       realloc(c->lengths, (size_t)cap * sizeof *c->lengths), realloc(c->valid, (size_t)cap / 8) };
        c->ints = p[0] ? p[0] : c->ints;
        c->scales = p[1] ? p[1] : c->scales;
        c->texts = p[2] ? p[2] : c->texts;
        c->lengths = p[3] ? p[3] : c->lengths;
        c->valid = p[4] ? p[4] : c->valid;
        if (!p[0] || !p[1] || !p[2] || !p[3] || !p[4]) return SQLITE_NOMEM;
        memset(c->texts + r->cap, 0, (size_t)(cap - r->cap) * sizeof *c->texts);
        memset(c->valid + r->cap / 8, 0, (size_t)(cap - r->cap) / 8);
    }
    r->cap = cap;
    return SQLITE_OK;
}

/* Numbers and percentages over one power of ten: the largest scale among the rows. */
static int common_scale(sq_reader *r, sq_col *c, int *scale)
{
    *scale = 0;
    for (int64_t row = 0; row < r->nrows; row++)
        if (c->valid[row >> 3] >> (row & 7) & 1 && c->scales[row] > *scale) *scale = c->scales[row];
    for (int64_t row = 0; row < r->nrows; row++)
        if (c->valid[row >> 3] >> (row & 7) & 1 && !rescale(&c->ints[row], c->scales[row], *scale))
            return refuse(r, c, row, "the value", "with the column's other values it takes more than 18 digits");
    return SQLITE_OK;
}

static int bind(sq_reader *r, styr_run *run)
{
    styr_column *cols = calloc((size_t)r->ncols + 1, sizeof *cols);
    if (!cols) return SQLITE_NOMEM;
    int n = 0, rc = SQLITE_OK;
    for (int k = 0; k < r->ncols && rc == SQLITE_OK; k++) {
        sq_col *c = &r->cols[k];
        if (c->at < 0) continue;
        styr_column *sc = &cols[n++];
        *sc = (styr_column){ .name = c->name, .values = c->ints, .valid = c->valid };
        switch (c->type) {
        case STYR_TYPE_TEXT: sc->type = STYR_COL_TEXT; sc->values = c->texts; sc->lengths = c->lengths; break;
        case STYR_TYPE_MONEY: sc->type = STYR_COL_OERE; break;
        case STYR_TYPE_DATE: sc->type = STYR_COL_DAYS; break;
        case STYR_TYPE_BOOL:
            sc->type = STYR_COL_BOOL;
            for (int64_t row = 0; row < r->nrows; row++) c->scales[row] = (uint8_t)c->ints[row];
            sc->values = c->scales;
            break;
        case STYR_TYPE_NUMBER:
        case STYR_TYPE_PERCENT: sc->type = STYR_COL_INT64; rc = common_scale(r, c, &sc->scale); break;
        default: sc->type = STYR_COL_INT64; break;
        }
    }
    /* libstyr keeps the integer arrays it can use in place: the run owns them from here. */
    if (rc == SQLITE_OK && styr_bind_columns(run, r->dataset, r->nrows, cols, n) != STYR_OK) {
        r->err = sqlite3_mprintf("%s", styr_run_errmsg(run));
        rc = SQLITE_ERROR;
    }
    free(cols);
    return rc;
}

static int has_column(sqlite3 *db, const char *table, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE", -1, &st, NULL)
        != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* The rows of the SELECT of the present columns into the reader. */
static int read_rows(sqlite3 *db, sq_reader *r, const char *sql)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        r->err = sqlite3_mprintf("table %s: %s", r->table, sqlite3_errmsg(db));
        return rc;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int cell = r->nrows == r->cap ? grow(r) : SQLITE_OK;
        for (int k = 0; k < r->ncols && cell == SQLITE_OK; k++)
            if (r->cols[k].at >= 0) cell = read_cell(r, &r->cols[k], st, r->nrows);
        if (cell != SQLITE_OK) {
            rc = cell;
            break;
        }
        r->nrows++;
    }
    if (rc != SQLITE_DONE && !r->err) r->err = sqlite3_mprintf("table %s: %s", r->table, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int sq_bind_table(sqlite3 *db, styr_run *run, const styr_rules *rules, int d, const char *table, sq_data **data,
                  char **err)
{
    sq_reader *r = calloc(1, sizeof *r);
    *data = r;
    *err = NULL;
    if (!r) return SQLITE_NOMEM;
    r->dataset = styr_dataset_name(rules, d);
    r->table = table;
    r->ncols = styr_dataset_columns(rules, d);
    r->cols = calloc((size_t)r->ncols + 1, sizeof *r->cols);
    if (!r->cols) return SQLITE_NOMEM;
    sqlite3_str *sql = sqlite3_str_new(db);
    sqlite3_str_appendall(sql, "SELECT ");
    int at = 0;
    for (int k = 0; k < r->ncols; k++) {
        sq_col *c = &r->cols[k];
        c->name = styr_dataset_column(rules, d, k, &c->type, NULL);
        c->at = -1;
        if (has_column(db, table, c->name)) {
            sqlite3_str_appendf(sql, "%s\"%w\"", at ? ", " : "", c->name);
            c->at = at++;
        }
    }
    sqlite3_str_appendf(sql, "%s FROM \"%w\"", at ? "" : "NULL", table);
    char *text = sqlite3_str_finish(sql);
    int rc = text ? read_rows(db, r, text) : SQLITE_NOMEM;
    sqlite3_free(text);
    if (rc == SQLITE_OK) rc = bind(r, run);
    *err = r->err;
    r->err = NULL;
    return rc;
}

void sq_data_free(sq_data *r)
{
    if (!r) return;
    for (int k = 0; k < r->ncols; k++) {
        sq_col *c = &r->cols[k];
        for (int64_t row = 0; c->texts && row < r->nrows; row++) free(c->texts[row]);
        free(c->ints);
        free(c->scales);
        free(c->texts);
        free(c->lengths);
        free(c->valid);
    }
    free(r->cols);
    sqlite3_free(r->err);
    free(r);
}
