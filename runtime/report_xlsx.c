/*
** report_xlsx.c: the report as an Excel workbook (libxlsxwriter): a summary sheet, a sheet
** per rule with its items and a sheet per output table, each with a frozen header row, a
** filter and columns as wide as their contents.
**
** A spreadsheet holds numbers as binary doubles. Money is written as a number only where
** the cell shows exactly what the text report shows: to the øre with "#,##0.00 kr.", or
** with four decimals where the value has a fraction of an øre (a cap), while it has at
** most 15 significant digits; a larger amount is written as its exact text. The JSON and
** CSV reports are the exact record.
*/
#include "report.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "date.h"
#include "xalloc.h"

enum {
    MAX_ROWS = 1048576,     /* Excel's rows, the header included */
    NAME_MAX_CHARS = 31,    /* Excel's longest sheet name */
    WIDTH_SAMPLE = 500,     /* rows looked at to size a column */
    DOUBLE_DIGITS = 15,     /* significant digits a double keeps */
};

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *title, *money, *money4, *percent, *integer, *year, *number, *date, *wrap;
    char **names;           /* sheet names so far */
    int nnames;
} book;

/* ---------------------------------------------------------------- sheet names */

static bool name_taken(const book *b, const char *name)
{
    for (int i = 0; i < b->nnames; i++)
        if (!strcasecmp(b->names[i], name)) return true;
    return false;
}

/* At most max characters of s (whole UTF-8 characters). */
static size_t cut_chars(const char *s, size_t max)
{
    size_t end = 0, chars = 0;
    while (s[end] && chars < max) {
        end++;
        while (((unsigned char)s[end] & 0xC0) == 0x80) end++;
        chars++;
    }
    return end;
}

/* A sheet name Excel takes: without []:*?/\, not starting or ending with ', at most 31
** characters, and unlike every earlier one (Excel ignores case there). */
static const char *sheet_name(book *b, const char *want)
{
    buf base = { 0 };
    for (const char *p = want; *p; p++) buf_putc(&base, strchr("[]:*?/\\", *p) ? '_' : *p);
    while (base.len && base.data[base.len - 1] == '\'') base.data[--base.len] = 0;
    const char *start = base.data;
    while (*start == '\'') start++;
    buf name = { 0 };
    for (int n = 1;; n++) {
        char suffix[16] = "";
        if (n > 1) snprintf(suffix, sizeof suffix, " (%d)", n);
        buf_clear(&name);
        buf_add(&name, start, cut_chars(start, NAME_MAX_CHARS - strlen(suffix)));
        buf_puts(&name, suffix);
        if (!name_taken(b, name.data)) break;
    }
    buf_free(&base);
    b->names = xrealloc(b->names, (size_t)(b->nnames + 1) * sizeof *b->names);
    return b->names[b->nnames++] = buf_take(&name);
}

/* ---------------------------------------------------------------- cells */

static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Money as a number when the number shows what the text shows; see the file comment. */
static bool money_number(rat q, double *d, bool *to_ore)
{
    char text[100];
    rat ore;
    *to_ore = rat_mul(q, rat_from_int(100), &ore) == RAT_OK && rat_is_int(ore);
    int len = rat_format(q, 0, *to_ore ? 2 : 4, text, sizeof text);
    int digits = 0;
    for (int i = 0; i < len; i++) digits += isdigit((unsigned char)text[i]) != 0;
    if (digits > DOUBLE_DIGITS) return false;
    *d = strtod(text, NULL);
    return true;
}

/* Writes one value; returns the width it needs, in characters. */
static size_t write_value(book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, value v, stype t)
{
    buf text = { 0 };
    val_format(v, t, &text);
    size_t width = chars(text.data ? text.data : "", text.len);
    switch (v.kind) {
    case V_EMPTY: break;
    case V_BOOL: worksheet_write_boolean(ws, row, col, v.b, NULL); break;
    case V_DATE: {
        int64_t y;
        int m, d;
        date_to_ymd(v.date, &y, &m, &d);
        lxw_datetime dt = { .year = (int)y, .month = m, .day = d };
        worksheet_write_datetime(ws, row, col, &dt, b->date);
        break;
    }
    case V_NUM: {
        bool to_ore;
        double d;
        if (val_type_money(t)) {
            if (money_number(v.q, &d, &to_ore)) {
                worksheet_write_number(ws, row, col, d, to_ore ? b->money : b->money4);
                width += 4;
            } else {
                worksheet_write_string(ws, row, col, text.data, NULL);
            }
        } else if (t.percent) {
            worksheet_write_number(ws, row, col, rat_to_double(v.q), b->percent);
        } else {
            lxw_format *f = t.kind == TY_YEAR ? b->year : rat_is_int(v.q) ? b->integer : b->number;
            worksheet_write_number(ws, row, col, rat_to_double(v.q), f);
        }
        break;
    }
    default: worksheet_write_string(ws, row, col, text.data ? text.data : "", NULL); break;
    }
    buf_free(&text);
    return width;
}

/* ---------------------------------------------------------------- sheets */

typedef struct sheet {
    lxw_worksheet *ws;
    size_t *width;
    int ncols;
    lxw_row_t rows;         /* written, the header included */
} sheet;

static sheet new_sheet(book *b, const char *name, const char *const *head, int ncols)
{
    sheet s = { .ws = workbook_add_worksheet(b->wb, sheet_name(b, name)), .ncols = ncols, .rows = 1 };
    s.width = xcalloc((size_t)(ncols ? ncols : 1), sizeof *s.width);
    for (int c = 0; c < ncols; c++) {
        worksheet_write_string(s.ws, 0, (lxw_col_t)c, head[c], b->head);
        s.width[c] = chars(head[c], strlen(head[c])) + 3;   /* room for the filter's button */
    }
    worksheet_freeze_panes(s.ws, 1, 0);
    return s;
}

static void note_width(sheet *s, int col, size_t w)
{
    if (s->rows < WIDTH_SAMPLE && w > s->width[col]) s->width[col] = w;
}

static void end_sheet(sheet *s, lxw_format *wrap)
{
    if (s->ncols) worksheet_autofilter(s->ws, 0, 0, s->rows - 1, (lxw_col_t)(s->ncols - 1));
    for (int c = 0; c < s->ncols; c++) {
        size_t w = s->width[c] + 2;
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, (double)(w > 70 ? 70 : w), w > 70 ? wrap : NULL);
    }
    free(s->width);
}

static void text_cell(sheet *s, int col, const char *text)
{
    if (!text) return;
    worksheet_write_string(s->ws, s->rows, (lxw_col_t)col, text, NULL);
    note_width(s, col, chars(text, strlen(text)));
}

static void number_cell(book *b, sheet *s, int col, int64_t n)
{
    worksheet_write_number(s->ws, s->rows, (lxw_col_t)col, (double)n, b->integer);
    note_width(s, col, 12);
}

static void summary_sheet(book *b, const report *r)
{
    static const char *const head[] = { "rule", "title", "kind", "status", "checked", "violations", "explained", "errors" };
    sheet s = new_sheet(b, "Summary", head, 8);
    for (int i = 0; i < r->nrules; i++, s.rows++) {
        const rep_rule *rr = &r->rules[i];
        text_cell(&s, 0, rr->rule->id);
        text_cell(&s, 1, rr->rule->title);
        text_cell(&s, 2, rep_kind_name(rr->rule->sev));
        text_cell(&s, 3, rep_status_name(rr->status));
        number_cell(b, &s, 4, rr->checked);
        number_cell(b, &s, 5, rr->violations);
        number_cell(b, &s, 6, rr->explained);
        number_cell(b, &s, 7, rr->errors);
    }
    /* Below the table, what the table is about. */
    lxw_row_t at = s.rows + 1;
    worksheet_write_string(s.ws, at, 0, r->prog->name, b->title);
    buf verdict = { 0 };
    if (r->failed) {
        buf_printf(&verdict, "Verdict: %d rule%s failed:", r->failed, r->failed == 1 ? "" : "s");
        for (int i = 0; i < r->nrules; i++)
            if (r->rules[i].status == ST_FAIL || r->rules[i].status == ST_ERROR) buf_printf(&verdict, " %s", r->rules[i].rule->id);
    } else {
        buf_puts(&verdict, "Verdict: every requirement holds.");
    }
    worksheet_write_string(s.ws, at + 1, 0, verdict.data, NULL);
    buf_free(&verdict);
    worksheet_write_string(s.ws, at + 2, 0,
                           "Money is shown as in the text report; a spreadsheet keeps binary numbers, so the "
                           "JSON and CSV reports are the exact record.", NULL);
    end_sheet(&s, b->wrap);
}

static void value_cells(book *b, sheet *s, int first, const rep_columns *cols, const rep_value *vals, int n)
{
    for (int k = 0; k < cols->n; k++) {
        const rep_value *v = rep_find_value(vals, n, cols->names[k]);
        if (v) note_width(s, first + k, write_value(b, s->ws, s->rows, (lxw_col_t)(first + k), v->v, v->ty));
    }
}

static void rule_sheet(book *b, const rep_rule *rr)
{
    rep_columns keys, vals;
    rep_item_columns(rr, &keys, &vals);
    int ncols = 3 + keys.n + vals.n + 3;
    const char **head = xcalloc((size_t)ncols, sizeof *head);
    int c = 0;
    head[c++] = "status";
    head[c++] = "dataset";
    head[c++] = "row";
    for (int k = 0; k < keys.n; k++) head[c++] = keys.names[k];
    for (int k = 0; k < vals.n; k++) head[c++] = vals.names[k];
    head[c++] = "message";
    head[c++] = "explained";
    head[c++] = "explanation";
    sheet s = new_sheet(b, rr->rule->id, head, ncols);
    for (size_t i = 0; i < rr->nitems && s.rows < MAX_ROWS; i++, s.rows++) {
        const rep_item *it = &rr->items[i];
        text_cell(&s, 0, rep_item_status(rr, it));
        text_cell(&s, 1, it->dataset);
        if (it->row) number_cell(b, &s, 2, it->row);
        value_cells(b, &s, 3, &keys, it->key, it->nkey);
        value_cells(b, &s, 3 + keys.n, &vals, it->values, it->nvalues);
        text_cell(&s, ncols - 3, it->message);
        worksheet_write_boolean(s.ws, s.rows, (lxw_col_t)(ncols - 2), it->explained, NULL);
        text_cell(&s, ncols - 1, it->explanation);
    }
    end_sheet(&s, b->wrap);
    free(head);
    rep_columns_free(&keys);
    rep_columns_free(&vals);
}

static void output_sheet(book *b, const rep_output *o)
{
    const out_table *t = o->table;
    const char **head = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof *head);
    for (int c = 0; c < t->ncols; c++) head[c] = t->cols[c].name;
    sheet s = new_sheet(b, t->name, head, t->ncols);
    for (size_t r = 0; r < o->nrows && s.rows < MAX_ROWS; r++, s.rows++)
        for (int c = 0; c < t->ncols; c++) {
            value v = o->cells[r * (size_t)t->ncols + (size_t)c];
            note_width(&s, c, write_value(b, s.ws, s.rows, (lxw_col_t)c, v, t->cols[c].ty));
        }
    end_sheet(&s, b->wrap);
    free(head);
}

static lxw_format *number_format(lxw_workbook *wb, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, num_format);
    return f;
}

char *rep_write_xlsx(const report *r, const char *path)
{
    /* libxlsxwriter prints its errors; a path it cannot write is found here first, so
    ** the library stays as quiet as the rest of libstyr. */
    FILE *probe = fopen(path, "wb");
    if (!probe) return rep_cannot_write(path, strerror(errno));
    fclose(probe);
    lxw_workbook_options opts = { .constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE };
    book b = { .wb = workbook_new_opt(path, &opts) };
    if (!b.wb) return rep_cannot_write(path, "the workbook could not be started");
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    format_set_bg_color(b.head, 0xDDE4EE);
    format_set_bottom(b.head, LXW_BORDER_THIN);
    b.title = workbook_add_format(b.wb);
    format_set_bold(b.title);
    format_set_font_size(b.title, 13);
    b.money = number_format(b.wb, "#,##0.00 \"kr.\"");
    b.money4 = number_format(b.wb, "#,##0.0000 \"kr.\"");
    b.percent = number_format(b.wb, "0.0###%");
    b.integer = number_format(b.wb, "#,##0");
    b.year = number_format(b.wb, "0");
    b.number = number_format(b.wb, "#,##0.0#####");
    b.date = number_format(b.wb, "yyyy-mm-dd");
    b.wrap = workbook_add_format(b.wb);
    format_set_text_wrap(b.wrap);
    summary_sheet(&b, r);
    for (int i = 0; i < r->nrules; i++) rule_sheet(&b, &r->rules[i]);
    for (int i = 0; i < r->noutputs; i++) output_sheet(&b, &r->outputs[i]);
    lxw_error err = workbook_close(b.wb);
    for (int i = 0; i < b.nnames; i++) free(b.names[i]);
    free(b.names);
    return err == LXW_NO_ERROR ? NULL : rep_cannot_write(path, lxw_strerror(err));
}
