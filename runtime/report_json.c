/*
** report_json.c: the report as JSON, in the shape other tools rely on (brief section 5):
** money as strings with two decimals, every count reconciled in "summary".
*/
#include "report.h"

#include <string.h>

void rep_json_string(buf *out, const char *s)
{
    if (!s) {
        buf_puts(out, "null");
        return;
    }
    buf_putc(out, '"');
    buf_json_escape(out, s, strlen(s));
    buf_putc(out, '"');
}

void rep_json_values(buf *out, const rep_value *vals, int n)
{
    buf_putc(out, '{');
    for (int i = 0; i < n; i++) {
        if (i) buf_puts(out, ", ");
        rep_json_string(out, vals[i].name);
        buf_puts(out, ": ");
        val_json(vals[i].v, vals[i].ty, out);
    }
    buf_putc(out, '}');
}

static void json_item(buf *out, const rep_item *it)
{
    buf_puts(out, "{\"dataset\": ");
    rep_json_string(out, it->dataset);
    if (it->row) buf_printf(out, ", \"row\": %lld", (long long)it->row);
    else buf_puts(out, ", \"row\": null");
    buf_puts(out, ", \"key\": ");
    rep_json_values(out, it->key, it->nkey);
    buf_puts(out, ", \"values\": ");
    rep_json_values(out, it->values, it->nvalues);
    buf_puts(out, ", \"message\": ");
    rep_json_string(out, it->message);
    buf_printf(out, ", \"explained\": %s, \"explanation\": ", it->explained ? "true" : "false");
    rep_json_string(out, it->explanation);
    if (it->explained_on.name) {
        buf_puts(out, ", \"explained_on\": ");
        val_json(it->explained_on.v, it->explained_on.ty, out);
    }
    if (it->error) {
        buf_puts(out, ", \"error\": ");
        rep_json_string(out, it->error);
    }
    buf_putc(out, '}');
}

static void json_rule(buf *out, const rep_rule *rr)
{
    buf_puts(out, "{\"id\": ");
    rep_json_string(out, rr->rule->id);
    buf_puts(out, ", \"title\": ");
    rep_json_string(out, rr->rule->title);
    buf_printf(out, ", \"kind\": \"%s\", \"status\": \"%s\"", rep_kind_name(rr->rule->sev), rep_status_name(rr->status));
    buf_printf(out, ", \"checked\": %lld, \"violations\": %lld, \"explained\": %lld, \"errors\": %lld",
               (long long)rr->checked, (long long)rr->violations, (long long)rr->explained, (long long)rr->errors);
    buf_puts(out, ", \"items\": [");
    for (size_t i = 0; i < rr->nitems; i++) {
        buf_puts(out, i ? ",\n      " : "\n      ");
        json_item(out, &rr->items[i]);
    }
    buf_puts(out, rr->nitems ? "\n    ]}" : "]}");
}

static void json_output(buf *out, const rep_output *o)
{
    const out_table *t = o->table;
    rep_json_string(out, t->name);
    buf_puts(out, ": [");
    for (size_t r = 0; r < o->nrows; r++) {
        buf_puts(out, r ? ",\n    {" : "\n    {");
        for (int c = 0; c < t->ncols; c++) {
            if (c) buf_puts(out, ", ");
            rep_json_string(out, t->cols[c].name);
            buf_puts(out, ": ");
            val_json(o->cells[r * (size_t)t->ncols + (size_t)c], t->cols[c].ty, out);
        }
        buf_putc(out, '}');
    }
    buf_puts(out, o->nrows ? "\n  ]" : "]");
}

void rep_write_json(const report *r, buf *out)
{
    buf_puts(out, "{\"agreement\": ");
    rep_json_string(out, r->prog->name);
    buf_puts(out, ",\n  \"rules\": [");
    for (int i = 0; i < r->nrules; i++) {
        buf_puts(out, i ? ",\n    " : "\n    ");
        json_rule(out, &r->rules[i]);
    }
    buf_puts(out, r->nrules ? "\n  ],\n  \"outputs\": {" : "],\n  \"outputs\": {");
    for (int i = 0; i < r->noutputs; i++) {
        buf_puts(out, i ? ",\n  " : "\n  ");
        json_output(out, &r->outputs[i]);
    }
    buf_puts(out, r->noutputs ? "\n  },\n" : "},\n");
    buf_printf(out, "  \"summary\": {\"rules\": %d, \"failed\": %d, \"rows_read\": %lld, \"rows_evaluated\": %lld, "
                    "\"rows_rejected\": %lld}\n}\n",
               r->nrules, r->failed, (long long)r->rows_read, (long long)r->rows_evaluated,
               (long long)r->rows_rejected);
}
