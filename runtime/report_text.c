/*
** report_text.c: the report for people: one verdict per rule with its counts and its
** first items, each with the values that decided it, then the outputs and the verdict.
*/
#include "report.h"
#include "report_num.h"

#include <stdio.h>
#include <string.h>

enum { SHOWN_ITEMS = 10 };

typedef struct style {
    const char *bold, *red, *green, *yellow, *dim, *reset;
    rep_numstyle counts, values;   /* counts grouped by thousands; values as written */
} style;

static const char *status_color(const style *s, rep_status st)
{
    switch (st) {
    case ST_PASS:
    case ST_MET: return s->green;
    case ST_EXPLAINED:
    case ST_MISSED: return s->yellow;
    default: return s->red;
    }
}

static const char *status_word(rep_status st)
{
    static const char *const words[] = { "PASS", "FAIL", "EXPLAINED", "MET", "MISSED", "ERROR" };
    return words[st];
}

static void counts(buf *out, const style *s, const rep_rule *rr)
{
    const char *unit = rr->rule->blocks && rr->rule->blocks[0].group_clause >= 0 ? "groups" : "rows";
    buf_puts(out, "             ");
    rep_count(rr->checked, s->counts, out);
    buf_printf(out, " %s checked", unit);
    if (rr->rule->sev == SEV_INFO) {
        if (rr->violations) {
            buf_puts(out, ", ");
            rep_count(rr->violations, s->counts, out);
            buf_puts(out, " flagged");
        }
    } else if (rr->violations) {
        buf_puts(out, ", ");
        rep_count(rr->violations, s->counts, out);
        buf_puts(out, rr->rule->sev == SEV_TARGET ? " missed" : rr->violations == 1 ? " violation" : " violations");
        if (rr->rule->sev == SEV_REQUIREMENT && rr->explained) {
            buf_puts(out, " (");
            rep_count(rr->violations - rr->explained, s->counts, out);
            buf_puts(out, " unexplained, ");
            rep_count(rr->explained, s->counts, out);
            buf_puts(out, " explained)");
        }
    }
    if (rr->errors) {
        buf_puts(out, ", ");
        rep_count(rr->errors, s->counts, out);
        buf_puts(out, " could not be evaluated");
    }
    buf_putc(out, '\n');
}

static void item_line(buf *out, const style *s, const rep_item *it)
{
    buf_puts(out, "             ");
    if (it->error) buf_printf(out, "%s! %s", s->red, s->reset);
    else if (it->explained) buf_printf(out, "%s~ %s", s->yellow, s->reset);
    else buf_printf(out, "%s✗ %s", s->red, s->reset);
    for (int k = 0; k < it->nkey; k++) {
        buf_printf(out, "%s%s ", k ? ", " : "", it->key[k].name);
        rep_format_value(it->key[k].v, it->key[k].ty, s->values, out);
    }
    if (it->row) buf_printf(out, "%s (line %lld)%s", s->dim, (long long)it->row, s->reset);
    buf_printf(out, ": %s\n", it->message ? it->message : "");
    if (it->nvalues) {
        buf_printf(out, "               %s", s->dim);
        for (int k = 0; k < it->nvalues; k++) {
            buf_printf(out, "%s%s = ", k ? ", " : "", it->values[k].name);
            rep_format_value(it->values[k].v, it->values[k].ty, s->values, out);
        }
        buf_printf(out, "%s\n", s->reset);
    }
    if (!it->explained) return;
    buf_printf(out, "               explained: %s", it->explanation);
    if (it->explained_on.name && it->explained_on.v.kind != V_EMPTY) {
        buf_printf(out, " (%s ", it->explained_on.name);
        val_format(it->explained_on.v, it->explained_on.ty, out);
        buf_putc(out, ')');
    }
    buf_putc(out, '\n');
}

void rep_write_text(const report *r, buf *out, bool color, bool danish)
{
    style s = { "", "", "", "", "", "", rep_numstyle_for(danish, true), rep_numstyle_for(danish, false) };
    if (color) {
        s.bold = "\033[1m", s.red = "\033[31m", s.green = "\033[32m";
        s.yellow = "\033[33m", s.dim = "\033[2m", s.reset = "\033[0m";
    }
    buf_printf(out, "%s%s%s\n", s.bold, r->prog->name, s.reset);
    buf_puts(out, "Read ");
    rep_count(r->rows_read, s.counts, out);
    buf_printf(out, " rows from %d dataset%s", r->ndatasets, r->ndatasets == 1 ? "" : "s");
    if (r->rows_rejected) {
        buf_puts(out, "; ");
        rep_count(r->rows_rejected, s.counts, out);
        buf_puts(out, " rejected");
    }
    buf_puts(out, ".\n");
    /* A requirement over no rows holds by default: an empty file must not pass unseen. */
    for (int i = 0; i < r->ndatasets; i++)
        if (r->datasets[i].rows_evaluated == 0)
            buf_printf(out, "%sDataset %s (%s) has no rows: the rules over it check nothing.%s\n", s.yellow,
                       r->datasets[i].name, r->datasets[i].path, s.reset);
    buf_putc(out, '\n');
    for (int i = 0; i < r->nrules; i++) {
        const rep_rule *rr = &r->rules[i];
        buf_printf(out, "  %s%s%-10s%s %s%s%s  %s\n", s.bold, status_color(&s, rr->status), status_word(rr->status),
                   s.reset, s.bold, rr->rule->id, s.reset, rr->rule->title);
        counts(out, &s, rr);
        size_t shown = rr->nitems < SHOWN_ITEMS ? rr->nitems : SHOWN_ITEMS;
        for (size_t k = 0; k < shown; k++) item_line(out, &s, &rr->items[k]);
        if (rr->nitems > shown)
            buf_printf(out, "             %s... and %zu more (--format json lists them all)%s\n", s.dim,
                       rr->nitems - shown, s.reset);
        buf_putc(out, '\n');
    }
    if (r->noutputs) {
        buf_puts(out, "Outputs:");
        for (int i = 0; i < r->noutputs; i++)
            buf_printf(out, "%s %s (%zu rows)", i ? "," : "", r->outputs[i].table->name, r->outputs[i].nrows);
        buf_puts(out, "\n\n");
    }
    int requirements = 0;
    for (int i = 0; i < r->nrules; i++) requirements += r->rules[i].rule->sev == SEV_REQUIREMENT;
    if (r->failed) {
        buf_printf(out, "%s%sVerdict: %d rule%s failed:", s.bold, s.red, r->failed, r->failed == 1 ? "" : "s");
        for (int i = 0; i < r->nrules; i++)
            if (r->rules[i].status == ST_FAIL || r->rules[i].status == ST_ERROR)
                buf_printf(out, " %s", r->rules[i].rule->id);
        buf_printf(out, "%s\n", s.reset);
    } else {
        buf_printf(out, "%s%sVerdict: all %d requirement%s hold.%s\n", s.bold, s.green, requirements,
                   requirements == 1 ? "" : "s", s.reset);
    }
}
