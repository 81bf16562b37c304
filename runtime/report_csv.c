/*
** report_csv.c: the report as a folder of CSV files (RFC 4180: CRLF line ends, fields
** with the separator, a quote or a line break in double quotes, quotes doubled):
** summary.csv, rule-ID.csv with each rule's items and output-NAME.csv with each output
** table. Danish files are separated by ';' with decimal comma, as Danish spreadsheets
** read them.
*/
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report_num.h"
#include "xalloc.h"

typedef struct sheet {
    buf out;            /* passes its text to the file */
    char sep;
    rep_numstyle num;
    bool first;         /* no field on this line yet */
} sheet;

static void cell_field(sheet *c, const char *s, size_t n)
{
    if (!c->first) buf_putc(&c->out, c->sep);
    c->first = false;
    buf_csv_field(&c->out, s, n, c->sep);
}

static void cell_text(sheet *c, const char *s)
{
    cell_field(c, s ? s : "", s ? strlen(s) : 0);
}

static void cell_count(sheet *c, int64_t n)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", (long long)n);
    cell_text(c, text);
}

/* A value as the text report shows it, but a number stays a number a spreadsheet reads:
** no thousands separator, a percentage as its number of percent; empty is empty. */
static void cell_value(sheet *c, value v, stype t)
{
    if (v.kind == V_EMPTY) {
        cell_field(c, "", 0);
        return;
    }
    buf text = { 0 };
    if (v.kind == V_NUM) {
        char plain[100];
        val_num_text(v.q, t, false, plain, sizeof plain);
        char *unit = strstr(plain, " %");
        if (unit) *unit = 0;
        rep_num_localise(plain, c->num, &text);
    } else {
        val_format(v, t, &text);
    }
    cell_field(c, text.data ? text.data : "", text.len);
    buf_free(&text);
}

static void end_line(sheet *c)
{
    buf_puts(&c->out, "\r\n");
    c->first = true;
}

static int to_file(void *file, const char *s, size_t n)
{
    return fwrite(s, 1, n, file) == n ? 0 : -1;
}

typedef void file_body(sheet *c, const report *r, int i);

/* Writes dir/name with the body, or returns why it could not. */
static char *write_file(const char *dir, const char *name, bool danish, file_body *body, const report *r, int i)
{
    buf path = { 0 };
    buf_printf(&path, "%s/%s", dir, name);
    FILE *f = fopen(path.data, "wb");
    char *err = NULL;
    if (!f) {
        err = rep_cannot_write(path.data, strerror(errno));
        buf_free(&path);
        return err;
    }
    sheet c = { .out = { .sink = to_file, .sink_ctx = f }, .sep = danish ? ';' : ',',
              .num = { danish ? ',' : '.', 0 }, .first = true };
    body(&c, r, i);
    int failed = buf_flush(&c.out);
    buf_free(&c.out);
    if ((fclose(f) != 0 || failed) && !err) err = rep_cannot_write(path.data, strerror(errno ? errno : EIO));
    buf_free(&path);
    return err;
}

static void summary_body(sheet *c, const report *r, int unused)
{
    (void)unused;
    static const char *const head[] = { "rule", "title", "kind", "status", "checked", "violations", "explained", "errors" };
    for (size_t k = 0; k < sizeof head / sizeof *head; k++) cell_text(c, head[k]);
    end_line(c);
    for (int i = 0; i < r->nrules; i++) {
        const rep_rule *rr = &r->rules[i];
        cell_text(c, rr->rule->id);
        cell_text(c, rr->rule->title);
        cell_text(c, rep_kind_name(rr->rule->sev));
        cell_text(c, rep_status_name(rr->status));
        cell_count(c, rr->checked);
        cell_count(c, rr->violations);
        cell_count(c, rr->explained);
        cell_count(c, rr->errors);
        end_line(c);
    }
}

static void values_fields(sheet *c, const rep_columns *cols, const rep_value *vals, int n)
{
    for (int k = 0; k < cols->n; k++) {
        const rep_value *v = rep_find_value(vals, n, cols->names[k]);
        if (v) cell_value(c, v->v, v->ty);
        else cell_field(c, "", 0);
    }
}

static void rule_body(sheet *c, const report *r, int i)
{
    const rep_rule *rr = &r->rules[i];
    rep_columns keys, vals;
    rep_item_columns(rr, &keys, &vals);
    cell_text(c, "status");
    cell_text(c, "dataset");
    cell_text(c, "row");
    for (int k = 0; k < keys.n; k++) cell_text(c, keys.names[k]);
    for (int k = 0; k < vals.n; k++) cell_text(c, vals.names[k]);
    cell_text(c, "message");
    cell_text(c, "explained");
    cell_text(c, "explanation");
    end_line(c);
    for (size_t n = 0; n < rr->nitems; n++) {
        const rep_item *it = &rr->items[n];
        cell_text(c, rep_item_status(rr, it));
        cell_text(c, it->dataset);
        if (it->row) cell_count(c, it->row);
        else cell_field(c, "", 0);
        values_fields(c, &keys, it->key, it->nkey);
        values_fields(c, &vals, it->values, it->nvalues);
        cell_text(c, it->message);
        cell_text(c, it->explained ? "true" : "false");
        cell_text(c, it->explanation);
        end_line(c);
    }
    rep_columns_free(&keys);
    rep_columns_free(&vals);
}

static void output_body(sheet *c, const report *r, int i)
{
    const rep_output *o = &r->outputs[i];
    const out_table *t = o->table;
    for (int k = 0; k < t->ncols; k++) cell_text(c, t->cols[k].name);
    end_line(c);
    for (size_t row = 0; row < o->nrows; row++) {
        for (int k = 0; k < t->ncols; k++) cell_value(c, o->cells[row * (size_t)t->ncols + (size_t)k], t->cols[k].ty);
        end_line(c);
    }
}

/* mkdir -p */
static char *make_dir(const char *dir)
{
    if (!*dir) return rep_cannot_write("\"\"", "an empty path is no folder");
    char *path = xstrdup(dir);
    char *err = NULL;
    for (char *p = path + 1; !err; p++) {
        bool end = !*p;
        if (*p != '/' && !end) continue;
        *p = 0;
        struct stat st;
        if (mkdir(path, 0777) != 0 && errno != EEXIST) err = rep_cannot_write(path, strerror(errno));
        else if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) err = rep_cannot_write(path, "not a folder");
        if (end) break;
        *p = '/';
    }
    free(path);
    return err;
}

char *rep_write_csv_dir(const report *r, const char *dir, bool danish)
{
    char *err = make_dir(dir);
    if (!err) err = write_file(dir, "summary.csv", danish, summary_body, r, 0);
    buf name = { 0 };
    for (int i = 0; i < r->nrules && !err; i++) {
        buf_clear(&name);
        buf_printf(&name, "rule-%s.csv", r->rules[i].rule->id);
        err = write_file(dir, name.data, danish, rule_body, r, i);
    }
    for (int i = 0; i < r->noutputs && !err; i++) {
        buf_clear(&name);
        buf_printf(&name, "output-%s.csv", r->outputs[i].table->name);
        err = write_file(dir, name.data, danish, output_body, r, i);
    }
    buf_free(&name);
    return err;
}
