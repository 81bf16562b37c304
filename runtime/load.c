/*
** load.c: reading a CSV file into a dataset by its schema, see load.h. Finds the declared
** columns in the header, settles the decimal separator, and converts every field to its
** column's kind, with messages that name the file, the line and the column.
*/
#include "load.h"

#include <errno.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "numtext.h"
#include "memlimit.h"
#include "progress.h"
#include "xalloc.h"

enum { DETECT_RECORDS = 1000, SHOW_MAX = 60, BUDGET_EVERY = 8192 };

typedef struct loader {
    const ds_schema *schema;
    const char *path;
    csv_reader *r;
    dataset *ds;
    int *src;              /* the header field of each declared column, -1 when absent */
    size_t nheader;        /* fields in the header */
    size_t linecap;        /* capacity of ds->line */
    num_style style;
    int jobs;              /* threads that may read parts of the file side by side */
    buf err;
    size_t err_prefix;     /* the length of "PATH:LINE: " in err */
    char *first_bad;       /* the message of the first row turned down (malloc'ed), or NULL */
    int64_t nbad;          /* rows turned down */
    buf rejected;          /* their lines of the reject file, in the order of the file */
    size_t max_bytes;      /* what the rows may take (ds_bytes, with rejected); 0: no limit */
    size_t max_rows;       /* read at most this many records; 0: to the end */
    bool drop_bad;         /* pass over rows that cannot be read: they were reported before */
} loader;

/* Sets the error to "PATH:LINE: message", or "PATH: message" when line is 0, and
** returns false. */
__attribute__((format(printf, 3, 4)))
static bool fail(loader *L, int64_t line, const char *fmt, ...)
{
    if (line > 0)
        buf_printf(&L->err, "%s:%lld: ", L->path, (long long)line);
    else
        buf_printf(&L->err, "%s: ", L->path);
    L->err_prefix = L->err.len;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&L->err, fmt, ap);
    va_end(ap);
    return false;
}

/* Takes the reader's error, which already names the file and line. */
static bool fail_csv(loader *L)
{
    buf_puts(&L->err, csv_error(L->r));
    return false;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_blank(**s))
        (*s)++, (*n)--;
    while (*n > 0 && is_blank((*s)[*n - 1]))
        (*n)--;
}

/* ---- header ---- */

/* The header text s[0..n) as headers are compared: trimmed, in lower case (ASCII, and
** the Latin-1 letters in UTF-8, so Æ Ø Å match æ ø å), with ' ' and '-' read as '_'.
** The caller frees the result. */
static char *fold_name(const char *s, size_t n)
{
    trim(&s, &n);
    char *out = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        else if (c == ' ' || c == '-')
            c = '_';
        else if (c == 0xC3 && i + 1 < n) {
            /* U+00C0..U+00DE but the multiplication sign are capitals; +0x20 is the small. */
            unsigned char d = (unsigned char)s[i + 1];
            out[i++] = (char)c;
            c = d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d;
        }
        out[i] = (char)c;
    }
    out[n] = 0;
    return out;
}

static bool is_numeric(col_kind k)
{
    return k == COL_NUMBER || k == COL_PERCENT || k == COL_MONEY;
}

/* Fills L->src from the header record. Returns false with the error set when a declared
** column appears twice, or a column that is not optional is missing. */
static bool match_header(loader *L, const csv_record *hdr)
{
    const ds_schema *sc = L->schema;
    size_t nh = hdr->nfields;
    char **folded = xcalloc(nh, sizeof *folded);
    bool ok = false;
    for (size_t j = 0; j < nh; j++)
        folded[j] = fold_name(hdr->fields[j].s, hdr->fields[j].len);
    for (int i = 0; i < sc->ncols; i++) {
        const col_schema *cs = &sc->cols[i];
        L->src[i] = -1;
        /* Alternative -1 is the column's own name. */
        for (int a = -1; a < cs->nheaders; a++) {
            const char *name = a < 0 ? cs->name : cs->headers[a];
            char *want = fold_name(name, strlen(name));
            for (size_t j = 0; j < nh; j++) {
                if (strcmp(want, folded[j]) != 0 || L->src[i] == (int)j)
                    continue;
                if (L->src[i] >= 0) {
                    const csv_field *x = &hdr->fields[L->src[i]], *y = &hdr->fields[j];
                    fail(L, hdr->line,
                         "column %s appears twice in the header, as \"%.*s\" (field %d) "
                         "and \"%.*s\" (field %zu)",
                         cs->name, (int)x->len, x->s, L->src[i] + 1, (int)y->len, y->s, j + 1);
                    free(want);
                    goto done;
                }
                L->src[i] = (int)j;
            }
            free(want);
        }
        if (L->src[i] < 0 && !cs->optional) {
            buf list = { 0 };
            for (size_t j = 0; j < nh; j++) {
                const char *s = hdr->fields[j].s;
                size_t n = hdr->fields[j].len;
                trim(&s, &n);
                if (j > 0)
                    buf_puts(&list, ", ");
                buf_add(&list, s, n);
            }
            fail(L, 0, "column %s is missing (the header has: %s)", cs->name,
                 list.data ? list.data : "");
            buf_free(&list);
            goto done;
        }
    }
    ok = true;
done:
    for (size_t j = 0; j < nh; j++)
        free(folded[j]);
    free(folded);
    return ok;
}

/* ---- numbers ---- */

/* Whether s[0..n) starts with the lower-case ASCII word w[0..k), in any case. */
static bool has_prefix(const char *s, size_t n, const char *w, size_t k)
{
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if ((s[i] >= 'A' && s[i] <= 'Z' ? s[i] + ('a' - 'A') : s[i]) != w[i])
            return false;
    return true;
}

/* Drops the currency word ("kr", "kr.", "DKK", any case) before or after a money
** amount, and the '%' after a percentage, with the blanks around them. s is trimmed. */
static void numeric_core(col_kind kind, const char **s, size_t *n)
{
    static const char *const currency[] = { "dkk", "kr.", "kr" };
    if (kind == COL_MONEY) {
        for (size_t i = 0; i < sizeof currency / sizeof *currency; i++) {
            size_t k = strlen(currency[i]);
            if (has_prefix(*s, *n, currency[i], k)) {
                *s += k;
                *n -= k;
                break;
            }
        }
        for (size_t i = 0; i < sizeof currency / sizeof *currency; i++) {
            size_t k = strlen(currency[i]);
            if (*n >= k && has_prefix(*s + *n - k, k, currency[i], k)) {
                *n -= k;
                break;
            }
        }
    } else if (kind == COL_PERCENT && *n > 0 && (*s)[*n - 1] == '%') {
        (*n)--;
    }
    trim(s, n);
}

/*
** The decimal separator, when the schema leaves it open (dialect.decimal == 0):
** the numeric fields (number, percent and money columns) of the first 1000 records
** are looked at, without currency word or '%', until one of them decides:
**   - both '.' and ',' in it: the later one is the decimal ("1.234,50", "1,234.50");
**   - one of them, more than once: it groups thousands, the other is the decimal;
**   - one of them, once, followed by 1, 2, or more than 3 digits at the end: it is
**     the decimal ("12,5", "0.25", "3,14159"). Exactly three digits ("1.234") could
**     be either and decide nothing.
** When no field decides, a ';' file takes ',' (what Danish Excel writes) and any other
** takes '.'. In a ',' file only quoted fields can hold a ',', so there a quoted "12,5"
** means a decimal comma, while a quoted "1,234" decides nothing (and so '.').
** The thousands separator is then the other of '.' and ',' unless the schema gives
** one; num_parse_decimal accepts it only in proper groups of three.
*/
static char decimal_evidence(const char *s, size_t n)
{
    size_t ndot = 0, ncomma = 0, last = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == ',') {
            ndot += s[i] == '.';
            ncomma += s[i] == ',';
            last = i;
        }
    }
    if (ndot + ncomma == 0)
        return 0;
    char c = s[last], other = c == '.' ? ',' : '.';
    if (ndot > 0 && ncomma > 0)
        return c;
    if (ndot + ncomma > 1)
        return other;
    size_t digits = 0;
    while (last + 1 + digits < n && s[last + 1 + digits] >= '0' && s[last + 1 + digits] <= '9')
        digits++;
    if (last + 1 + digits != n || digits == 0 || digits == 3)
        return 0;
    return c;
}

/* Reads up to DETECT_RECORDS records after the header and returns the decimal separator
** they show, or 0. Records that are malformed are passed over; the real reading
** reports them. */
static char detect_decimal(loader *L)
{
    const ds_schema *sc = L->schema;
    csv_record rec;
    for (int k = 0; k < DETECT_RECORDS && csv_next(L->r, &rec) == 1; k++) {
        if (rec.nfields != L->nheader)
            continue;
        for (int i = 0; i < sc->ncols; i++) {
            if (L->src[i] < 0 || !is_numeric(sc->cols[i].kind))
                continue;
            const char *s = rec.fields[L->src[i]].s;
            size_t n = rec.fields[L->src[i]].len;
            trim(&s, &n);
            numeric_core(sc->cols[i].kind, &s, &n);
            char d = decimal_evidence(s, n);
            if (d)
                return d;
        }
    }
    return 0;
}

/* ---- fields ---- */

/* What went wrong with a field, said after `cannot read "X" as KIND`. */
typedef enum read_result {
    READ_OK,
    READ_BAD,
    READ_OERE,          /* money with more than two decimals */
    READ_RANGE,         /* a number the column cannot hold */
} read_result;

static const char *const read_why[] = {
    [READ_BAD] = "",
    [READ_OERE] = " (at most two decimals, øre)",
    [READ_RANGE] = " (out of range)",
};

static bool read_int(const char *s, size_t n, num_style st, int64_t *v)
{
    i128 m;
    int scale;
    if (!num_parse_decimal(s, n, st, &m, &scale) || scale != 0 || m > INT64_MAX || m < -INT64_MAX)
        return false;
    *v = (int64_t)m;
    return true;
}

/* Digits only, 1..9999. */
static bool read_year(const char *s, size_t n, int64_t *v)
{
    int64_t y = 0;
    if (n == 0 || n > 4)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        y = y * 10 + (s[i] - '0');
    }
    *v = y;
    return y >= 1;
}

/* The value of min..max digits at s[*i], advancing *i; -1 when there are fewer. */
static int take_digits(const char *s, size_t n, size_t *i, size_t min, size_t max)
{
    int v = 0;
    size_t k = 0;
    for (; k < max && *i < n && s[*i] >= '0' && s[*i] <= '9'; k++, (*i)++)
        v = v * 10 + (s[*i] - '0');
    return k < min ? -1 : v;
}

/* YYYY-MM-DD, or day first: D-M-YYYY, D.M.YYYY or D/M/YYYY with one or two digits for
** day and month. Never month first. False for dates that do not exist. */
static bool read_date(const char *s, size_t n, int64_t *v)
{
    date_days d;
    size_t i = 0;
    if (!date_parse_iso(s, n, &d)) {
        int day = take_digits(s, n, &i, 1, 2);
        if (day < 0 || i >= n || (s[i] != '-' && s[i] != '.' && s[i] != '/'))
            return false;
        char sep = s[i++];
        int month = take_digits(s, n, &i, 1, 2);
        if (month < 0 || i >= n || s[i++] != sep)
            return false;
        int year = take_digits(s, n, &i, 4, 4);
        if (year < 0 || i != n || !date_from_ymd(year, month, day, &d))
            return false;
    }
    *v = d;
    return true;
}

static bool read_bool(const char *s, size_t n, int64_t *v)
{
    static const struct { const char *word; bool value; } words[] = {
        { "true", 1 }, { "false", 0 }, { "yes", 1 }, { "no", 0 }, { "ja", 1 },
        { "nej", 0 },  { "sand", 1 },  { "falsk", 0 }, { "1", 1 }, { "0", 0 },
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (strlen(words[i].word) == n && has_prefix(s, n, words[i].word, n)) {
            *v = words[i].value;
            return true;
        }
    }
    return false;
}

/* Money in øre: at most two decimals once trailing zeros are dropped. */
static read_result read_money(const char *s, size_t n, num_style st, int64_t *v)
{
    i128 m;
    int scale;
    numeric_core(COL_MONEY, &s, &n);
    if (!num_parse_decimal(s, n, st, &m, &scale))
        return READ_BAD;
    for (; scale > 2 && m % 10 == 0; scale--)
        m /= 10;
    if (scale > 2)
        return READ_OERE;
    if (m > INT64_MAX / 100 || m < -(INT64_MAX / 100))
        return READ_RANGE;
    *v = (int64_t)m * (scale == 0 ? 100 : scale == 1 ? 10 : 1);
    return READ_OK;
}

/* A cell of any kind but text as read: v, or for NUMBER and PERCENT m / 10^scale. */
typedef struct cell_value {
    int64_t v;
    i128 m;
    int scale;
} cell_value;

/* Reads the trimmed, nonempty text s[0..n) as a value of kind k (any but text). */
static read_result parse_value(col_kind k, num_style st, const char *s, size_t n, cell_value *out)
{
    switch (k) {
    case COL_NUMBER:
    case COL_PERCENT:
        numeric_core(k, &s, &n);
        return num_parse_decimal(s, n, st, &out->m, &out->scale) ? READ_OK : READ_BAD;
    case COL_MONEY: return read_money(s, n, st, &out->v);
    case COL_INT: return read_int(s, n, st, &out->v) ? READ_OK : READ_BAD;
    case COL_YEAR: return read_year(s, n, &out->v) ? READ_OK : READ_BAD;
    case COL_DATE: return read_date(s, n, &out->v) ? READ_OK : READ_BAD;
    default: return read_bool(s, n, &out->v) ? READ_OK : READ_BAD;
    }
}

/* Appends a value read by parse_value to c. */
static read_result push_value(column *c, const cell_value *x)
{
    if (c->kind == COL_NUMBER || c->kind == COL_PERCENT)
        return col_push_scaled(c, x->m, x->scale) ? READ_OK : READ_RANGE;
    col_push_int(c, x->v);
    return READ_OK;
}

/* Appends field f of the record at line to column i. Returns false with the error set. */
static bool convert(loader *L, int64_t line, int i, const csv_field *f)
{
    const col_schema *cs = &L->schema->cols[i];
    column *c = &L->ds->cols[i];
    const char *s = f->s;
    size_t n = f->len;
    trim(&s, &n);
    if (n == 0) {
        if (!cs->optional)
            return fail(L, line, "column %s: empty value; the column is not declared optional",
                        cs->name);
        if (!cs->skip) col_push_empty(c);
        return true;
    }
    if (cs->kind == COL_TEXT) {
        if (!cs->skip) col_push_text(c, f->s, f->len);
        return true;
    }
    cell_value x;
    read_result res = parse_value(cs->kind, L->style, s, n, &x);
    if (res == READ_OK && !cs->skip) res = push_value(c, &x);
    if (res == READ_OK)
        return true;
    int shown = (int)n;
    if (n > SHOW_MAX) {
        for (shown = SHOW_MAX - 3; shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80; shown--)
            ;
    }
    return fail(L, line, "column %s: cannot read \"%.*s%s\" as %s%s", cs->name, shown, s,
                (size_t)shown < n ? "..." : "", col_kind_name(cs->kind), read_why[res]);
}

/* ---- loading ---- */

/* Reads the records from where L->r is into L->ds. The columns are sized for the
** lines left first: growing them row by row would copy them again and again. */
/* Gives the lines of the rows so far an array of their own: from now on a row's line
** is not the line after its predecessor's (a quoted field spanned lines, or a blank
** line was skipped). */
static void spell_out_lines(dataset *ds, size_t *linecap, size_t need)
{
    if (!ds->line) {
        *linecap = 0;
        XGROW(ds->line, *linecap, need);
        for (size_t i = 0; i < ds->nrows; i++) ds->line[i] = ds->line0 + (int64_t)i;
    }
    XGROW(ds->line, *linecap, need);
}

/* Records the line where the next row starts, and counts the row. */
static void push_line(loader *L, int64_t line)
{
    dataset *ds = L->ds;
    if (ds->nrows == 0 && !ds->line) ds->line0 = line;
    if (!ds->line && line != ds_line(ds, ds->nrows)) spell_out_lines(ds, &L->linecap, ds->nrows + 1);
    if (ds->line) {
        XGROW(ds->line, L->linecap, ds->nrows + 1);
        ds->line[ds->nrows] = line;
    }
    ds->nrows++;
}

/*
** Turns down the record that the error in L->err is about, once its first `pushed`
** columns have taken their values: those are taken back, the record goes to the
** rejected rows (dataset, file, line, reason, then its fields as read) and the error is
** kept when it is the first.
*/
static void turn_down(loader *L, const csv_record *rec, int pushed)
{
    for (int i = 0; i < pushed; i++)
        if (!L->schema->cols[i].skip) col_pop(&L->ds->cols[i]);
    if (L->drop_bad) {
        buf_clear(&L->err);
        return;
    }
    buf *out = &L->rejected;
    buf_csv_field(out, L->schema->name, strlen(L->schema->name), ',');
    buf_putc(out, ',');
    buf_csv_field(out, L->path, strlen(L->path), ',');
    buf_printf(out, ",%lld,", (long long)rec->line);
    buf_csv_field(out, L->err.data + L->err_prefix, L->err.len - L->err_prefix, ',');
    for (size_t f = 0; f < rec->nfields; f++) {
        buf_putc(out, ',');
        buf_csv_field(out, rec->fields[f].s, rec->fields[f].len, ',');
    }
    buf_puts(out, "\r\n");
    if (!L->first_bad) L->first_bad = buf_take(&L->err);
    buf_clear(&L->err);
    L->nbad++;
}

/* Sizes the columns for the rows still to come, as far as the row and memory limits
** let them come: growing them row by row would copy them again and again. A text
** column's dictionary is sized with it when its texts are mostly distinct (column.c),
** so a row of one is reckoned at its code and a distinct text's share of the table. */
enum { TEXT_ROW_BYTES = 64 };
static void reserve_rows(loader *L)
{
    const ds_schema *sc = L->schema;
    size_t rows = csv_lines_left(L->r), row_bytes = 0;
    for (int i = 0; i < sc->ncols; i++)
        if (!sc->cols[i].skip) row_bytes += sc->cols[i].kind == COL_TEXT ? TEXT_ROW_BYTES : sizeof(int64_t);
    if (L->max_rows && L->max_rows < rows) rows = L->max_rows;
    if (L->max_bytes && row_bytes && L->max_bytes / row_bytes + 1 < rows) rows = L->max_bytes / row_bytes + 1;
    for (int i = 0; i < sc->ncols; i++)
        if (!sc->cols[i].skip) col_reserve(&L->ds->cols[i], rows);
}

/* Whether the rows read so far (and the reject lines kept for them) take more than the
** loader may; then the load stops, with the dataset marked too big. */
static bool over_budget(loader *L, int64_t line)
{
    size_t used = ds_bytes(L->ds) + L->rejected.len;
    if (!L->max_bytes || used <= L->max_bytes) return false;
    L->ds->too_big = true;
    char have[32], may[32];
    mem_format(used, have, sizeof have);
    mem_format(L->max_bytes, may, sizeof may);
    return !fail(L, line, "the %zu rows read so far take %s, more than the %s the data may take", L->ds->nrows, have,
                 may);
}

/*
** After csv_next failed: with a reject file, a record that cannot be read as one (longer
** than the record limit, text after a closing quote) is turned down like a bad row, and
** reading goes on after it. Without one it stops the load at once: skipping a line of
** gigabytes only to count what follows is not worth reading them. False, with the error
** set, when it stops, or when the failure is not about one record (a quote that never
** closes, bytes that are not text): then the file cannot be read.
*/
static bool turn_down_record(loader *L)
{
    if (!L->schema->rejects && !L->drop_bad) return fail_csv(L);
    int64_t line = csv_error_line(L->r);
    fail(L, line, "%s", csv_error_reason(L->r));   /* a copy: skipping clears the reader's */
    if (!csv_skip_record(L->r)) {
        buf_clear(&L->err);
        return fail_csv(L);
    }
    L->ds->rows_read++;
    turn_down(L, &(csv_record){ .line = line }, 0);
    return true;
}

static bool read_rows(loader *L)
{
    const ds_schema *sc = L->schema;
    dataset *ds = L->ds;
    csv_record rec;
    int rc = 1;
    reserve_rows(L);
    progress *pr = sc->progress;
    size_t left = csv_bytes_left(L->r), since = 0;
    while ((!L->max_rows || ds->rows_read < L->max_rows) && (rc = csv_next(L->r, &rec)) != 0) {
        if (rc < 0 && !turn_down_record(L)) return false;
        if (rc < 0) continue;
        ds->rows_read++;
        if (pr && ++since == PROGRESS_EVERY) {
            size_t now = csv_bytes_left(L->r);
            progress_add(pr, left - now, since);
            left = now, since = 0;
        }
        if (ds->rows_read % BUDGET_EVERY == 0 && over_budget(L, rec.line)) return false;
        if (rec.nfields != L->nheader) {
            fail(L, rec.line, "expected %zu fields as in the header, found %zu", L->nheader, rec.nfields);
            turn_down(L, &rec, 0);
            continue;
        }
        int i = 0;
        for (; i < sc->ncols; i++) {
            if (L->src[i] < 0) {
                if (!sc->cols[i].skip) col_push_empty(&ds->cols[i]);
            } else if (!convert(L, rec.line, i, &rec.fields[L->src[i]])) {
                break;
            }
        }
        if (i < sc->ncols) {
            turn_down(L, &rec, i);
            continue;
        }
        push_line(L, rec.line);
    }
    if (over_budget(L, 0))
        return false;
    if (pr) progress_add(pr, left, since);
    return true;
}

static void init_columns(const ds_schema *schema, dataset *ds)
{
    ds->ncols = schema->ncols;
    ds->cols = xcalloc((size_t)schema->ncols, sizeof *ds->cols);
    for (int i = 0; i < schema->ncols; i++)
        col_init(&ds->cols[i], schema->cols[i].kind);
}

typedef struct part {
    loader L;
    dataset ds;
    bool ok;
} part;

static void *read_part(void *p)
{
    part *pt = p;
    pt->ok = read_rows(&pt->L);
    return NULL;
}

/* Appends a part's rows to the dataset; false when a number column's scales clash.
** The first part's columns are taken over whole, not copied. */
static bool append_part(dataset *ds, size_t *linecap, dataset *from, size_t fromcap)
{
    if (ds->nrows == 0) {
        for (int i = 0; i < ds->ncols; i++) {
            column empty = ds->cols[i];
            ds->cols[i] = from->cols[i];
            from->cols[i] = empty;
        }
        int64_t *line = ds->line;
        ds->line = from->line, from->line = line;
        ds->line0 = from->line0;
        *linecap = fromcap;
        ds->nrows = from->nrows;
        ds->rows_read = from->rows_read;
        return true;
    }
    for (int i = 0; i < ds->ncols; i++)
        if (!col_append(&ds->cols[i], &from->cols[i]))
            return false;
    if (ds->line || from->line || from->line0 != ds_line(ds, ds->nrows)) {
        spell_out_lines(ds, linecap, ds->nrows + from->nrows);
        for (size_t i = 0; i < from->nrows; i++) ds->line[ds->nrows + i] = ds_line(from, i);
    }
    ds->nrows += from->nrows;
    ds->rows_read += from->rows_read;
    return true;
}

/* What load_parts did. */
typedef enum parts_result {
    PARTS_LOADED,
    PARTS_NOT,             /* not split, or a part failed: read it in one go */
    PARTS_TOO_BIG,         /* the parts took more memory than the load may: L->err says so */
} parts_result;

/*
** Reads the rest of the file in parts, one thread each, and puts the parts together
** in order. PARTS_NOT, leaving L->ds and L->r as they were, when the file is too small
** to split or any part fails: the caller then reads it in one go, which reports the
** first error exactly as it always does. Each part may take its share of the memory.
*/
static parts_result load_parts(loader *L)
{
    csv_reader *readers[64];
    int jobs = L->jobs < 64 ? L->jobs : 64;
    int n = csv_split(L->r, jobs, readers);
    if (n <= 1) {
        for (int i = 0; i < n; i++) csv_close(readers[i]);
        return PARTS_NOT;
    }
    part *parts = xcalloc((size_t)n, sizeof *parts);
    pthread_t *threads = xcalloc((size_t)n, sizeof *threads);
    for (int i = 0; i < n; i++) {
        parts[i].L = *L;
        parts[i].L.r = readers[i];
        parts[i].L.ds = &parts[i].ds;
        parts[i].L.linecap = 0;
        parts[i].L.max_bytes = L->max_bytes / (size_t)n + (L->max_bytes != 0);
        parts[i].L.err = (buf){ 0 };
        parts[i].L.rejected = (buf){ 0 };
        init_columns(L->schema, &parts[i].ds);
    }
    for (int i = 1; i < n; i++)
        if (pthread_create(&threads[i], NULL, read_part, &parts[i]) != 0) read_part(&parts[i]), threads[i] = 0;
    read_part(&parts[0]);
    for (int i = 1; i < n; i++)
        if (threads[i]) pthread_join(threads[i], NULL);
    parts_result res = PARTS_LOADED;
    for (int i = 0; i < n && res == PARTS_LOADED; i++)
        if (parts[i].ds.too_big) {
            buf_puts(&L->err, parts[i].L.err.data);
            L->ds->too_big = true;
            res = PARTS_TOO_BIG;
        }
    bool ok = res == PARTS_LOADED;
    for (int i = 0; i < n && ok; i++) ok = parts[i].ok && append_part(L->ds, &L->linecap, &parts[i].ds, parts[i].L.linecap);
    /* The rows the parts turned down, in the order of the file. */
    for (int i = 0; i < n && ok; i++) {
        loader *p = &parts[i].L;
        L->nbad += p->nbad;
        buf_add(&L->rejected, p->rejected.data ? p->rejected.data : "", p->rejected.len);
        if (!L->first_bad) L->first_bad = p->first_bad, p->first_bad = NULL;
    }
    if (!ok) {
        for (int i = 0; i < L->ds->ncols; i++) {
            col_free(&L->ds->cols[i]);
            col_init(&L->ds->cols[i], L->schema->cols[i].kind);
        }
        L->ds->nrows = L->ds->rows_read = 0;
    }
    for (int i = 0; i < n; i++) {
        ds_free(&parts[i].ds);
        buf_free(&parts[i].L.err);
        buf_free(&parts[i].L.rejected);
        free(parts[i].L.first_bad);
        csv_close(readers[i]);
    }
    free(parts);
    free(threads);
    return ok ? PARTS_LOADED : res == PARTS_TOO_BIG ? PARTS_TOO_BIG : PARTS_NOT;
}

/* Reads the header and settles the number style. */
static bool begin_records(loader *L)
{
    const ds_schema *sc = L->schema;
    dataset *ds = L->ds;
    csv_record rec;
    int rc = csv_next(L->r, &rec);
    if (rc == 0)
        return fail(L, 0, "the file is empty; expected a header line");
    if (rc < 0)
        return fail_csv(L);
    L->nheader = rec.nfields;
    if (!match_header(L, &rec))
        return false;

    ds->dialect = csv_dialect_of(L->r);
    char dec = sc->dialect.decimal;
    bool numeric = false;
    for (int i = 0; i < sc->ncols; i++)
        numeric |= L->src[i] >= 0 && is_numeric(sc->cols[i].kind);
    if (!dec && numeric) {
        dec = detect_decimal(L);
        csv_rewind(L->r);
        csv_next(L->r, &rec);   /* the header again */
    }
    if (!dec)
        dec = ds->dialect.separator == ';' ? ',' : '.';
    L->style.decimal = ds->dialect.decimal = dec;
    L->style.thousands = ds->dialect.thousands =
        sc->dialect.thousands ? sc->dialect.thousands : dec == '.' ? ',' : '.';
    return true;
}

/* Reads the header, settles the number style, and loads every record. */
static bool load_records(loader *L)
{
    if (!begin_records(L))
        return false;
    progress *pr = L->schema->progress;
    size_t bytes = csv_bytes_left(L->r);
    if (pr) progress_begin(pr, STYR_PHASE_LOAD, L->path, bytes);
    parts_result parts = L->jobs > 1 ? load_parts(L) : PARTS_NOT;
    bool ok = parts == PARTS_LOADED;
    if (parts == PARTS_NOT) {
        if (pr) progress_begin(pr, STYR_PHASE_LOAD, L->path, bytes);   /* what parts read is read again */
        ok = read_rows(L);
    }
    if (pr) progress_end(pr);
    return ok && !over_budget(L, 0);
}

/* Rows turned down go to the reject file when there is one; without, the first of them
** fails the load, with a count of the others. */
static bool settle_rejected(loader *L)
{
    if (!L->nbad) return true;
    FILE *f = L->schema->rejects;
    if (f) {
        if (fwrite(L->rejected.data, 1, L->rejected.len, f) == L->rejected.len && fflush(f) == 0) return true;
        buf_printf(&L->err, "%s: cannot write its %lld rejected rows to the reject file: %s", L->path,
                   (long long)L->nbad, strerror(errno));
        return false;
    }
    buf_puts(&L->err, L->first_bad);
    if (L->nbad > 1)
        buf_printf(&L->err, " (and %lld more rows cannot be read; --reject-file FILE lists every one with its "
                            "reason and goes on without them)", (long long)(L->nbad - 1));
    return false;
}

/* Loads from r, which is NULL when opening failed with the message openerr. */
static bool load(const ds_schema *schema, const char *path, csv_reader *r, const char *openerr,
                 int jobs, dataset *out, char **err)
{
    loader L = { .schema = schema, .path = path, .r = r, .ds = out, .jobs = jobs, .max_bytes = schema->max_bytes };
    out->name = schema->name;
    out->path = path;
    out->schema = schema;
    init_columns(schema, out);
    L.src = xcalloc((size_t)schema->ncols, sizeof *L.src);
    bool ok = r != NULL;
    if (!r)
        buf_puts(&L.err, openerr);
    else
        ok = load_records(&L) && settle_rejected(&L);
    if (!ok)
        *err = buf_take(&L.err);
    buf_free(&L.err);   /* what rows turned down left in it */
    free(L.first_bad);
    buf_free(&L.rejected);
    csv_close(r);
    free(L.src);
    return ok;
}

bool load_csv_file(const ds_schema *schema, const char *path, int jobs, dataset *out, char **err)
{
    char msg[512];
    csv_reader *r = csv_open_file(path, &schema->dialect, msg, sizeof msg);
    return load(schema, path, r, msg, jobs, out, err);
}

bool load_csv_memory(const ds_schema *schema, const char *name, const char *data, size_t len, int jobs,
                     dataset *out, char **err)
{
    char msg[512];
    csv_reader *r = csv_open_memory(name, data, len, &schema->dialect, msg, sizeof msg);
    return load(schema, name, r, msg, jobs, out, err);
}

/* ---- batches ---- */

struct load_batches {
    loader L;
    dataset header;        /* what begin_records settled: the dialect */
};

load_batches *load_batches_open(const ds_schema *schema, const char *path, char **err)
{
    char msg[512];
    csv_reader *r = csv_open_file(path, &schema->dialect, msg, sizeof msg);
    if (!r) {
        *err = xstrdup(msg);
        return NULL;
    }
    load_batches *lb = xcalloc(1, sizeof *lb);
    lb->L = (loader){ .schema = schema, .path = path, .r = r, .ds = &lb->header, .drop_bad = true };
    lb->L.src = xcalloc((size_t)schema->ncols, sizeof *lb->L.src);
    init_columns(schema, &lb->header);
    if (!begin_records(&lb->L)) {
        *err = buf_take(&lb->L.err);
        load_batches_close(lb);
        return NULL;
    }
    return lb;
}

int load_batches_next(load_batches *lb, size_t max_rows, dataset *out, char **err)
{
    loader *L = &lb->L;
    ds_free(out);
    free(out->cols);
    *out = (dataset){ .name = L->schema->name, .path = L->path, .schema = L->schema, .dialect = lb->header.dialect };
    init_columns(L->schema, out);
    /* Every batch marks empty rows in the same columns, so compiled code fits them all. */
    for (int i = 0; i < L->schema->ncols; i++)
        if (L->schema->cols[i].optional && !L->schema->cols[i].skip) col_mark_empties(&out->cols[i]);
    L->ds = out;
    L->max_rows = max_rows;
    if (!read_rows(L)) {
        *err = buf_take(&L->err);
        return -1;
    }
    return out->rows_read > 0;
}

void load_batches_close(load_batches *lb)
{
    if (!lb) return;
    csv_close(lb->L.r);
    free(lb->L.src);
    buf_free(&lb->L.err);
    ds_free(&lb->header);
    free(lb->header.cols);
    free(lb);
}

size_t ds_bytes(const dataset *ds)
{
    size_t n = ds->line ? ds->nrows * sizeof *ds->line : 0;
    for (int i = 0; ds->cols && i < ds->ncols; i++) n += col_bytes(&ds->cols[i]);
    return n;
}

void ds_free(dataset *ds)
{
    for (int i = 0; ds->cols && i < ds->ncols; i++)
        col_free(&ds->cols[i]);
    free(ds->cols);
    free(ds->line);
    ds->cols = NULL;
    ds->line = NULL;
    ds->nrows = 0;
}
