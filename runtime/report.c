/*
** report.c: building a report, see report.h. The writers are in report_json.c and
** report_text.c.
*/
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

report *rep_new(const program *prog)
{
    report *r = xcalloc(1, sizeof *r);
    r->prog = prog;
    r->nrules = prog->nrules;
    r->rules = xcalloc((size_t)(prog->nrules ? prog->nrules : 1), sizeof *r->rules);
    for (int i = 0; i < prog->nrules; i++) r->rules[i].rule = prog->rules[i];
    r->noutputs = prog->noutputs;
    r->outputs = xcalloc((size_t)(prog->noutputs ? prog->noutputs : 1), sizeof *r->outputs);
    for (int i = 0; i < prog->noutputs; i++) r->outputs[i].table = &prog->outputs[i];
    return r;
}

void rep_free(report *r)
{
    if (!r) return;
    for (int i = 0; i < r->nrules; i++) free(r->rules[i].items);
    for (int i = 0; i < r->noutputs; i++) free(r->outputs[i].cells);
    free(r->rules);
    free(r->outputs);
    free(r->datasets);
    arena_free(&r->arena);
    free(r);
}

/* The size is looked at every so many items or rows: it costs a walk of the rules. */
enum { SIZE_EVERY = 4096 };

size_t rep_bytes(const report *r)
{
    size_t n = r->arena.total;
    for (int i = 0; i < r->nrules; i++) n += r->rules[i].capitems * sizeof *r->rules[i].items;
    for (int i = 0; i < r->noutputs; i++) n += r->outputs[i].caprows * sizeof *r->outputs[i].cells;
    return n;
}

static void look_at_size(report *r, size_t count)
{
    if (r->max_bytes && count % SIZE_EVERY == 0 && rep_bytes(r) > r->max_bytes) r->full = true;
}

rep_item *rep_add_item(report *r, rep_rule *rule)
{
    XGROW(rule->items, rule->capitems, rule->nitems + 1);
    rep_item *it = &rule->items[rule->nitems++];
    memset(it, 0, sizeof *it);
    look_at_size(r, rule->nitems);
    return it;
}

void rep_added_output_row(report *r, const rep_output *o)
{
    look_at_size(r, o->nrows);
}

value rep_keep(report *r, value v)
{
    if (v.kind == V_TEXT) v.text.s = arena_strndup(&r->arena, v.text.s, v.text.len);
    return v;
}

void rep_finish(report *r)
{
    r->failed = 0;
    for (int i = 0; i < r->nrules; i++) {
        rep_rule *rr = &r->rules[i];
        if (rr->errors) rr->status = ST_ERROR;
        else if (rr->rule->sev == SEV_REQUIREMENT)
            rr->status = rr->violations == 0 ? ST_PASS : rr->violations == rr->explained ? ST_EXPLAINED : ST_FAIL;
        else if (rr->rule->sev == SEV_TARGET)
            rr->status = rr->violations ? ST_MISSED : ST_MET;
        else
            rr->status = ST_PASS;
        if (rr->status == ST_FAIL || rr->status == ST_ERROR) r->failed++;
    }
}

const char *rep_status_name(rep_status s)
{
    static const char *const names[] = { "pass", "fail", "explained", "met", "missed", "error" };
    return names[s];
}

const char *rep_kind_name(severity s)
{
    static const char *const names[] = { "requirement", "target", "info" };
    return names[s];
}

static void add_column(rep_columns *c, const rep_value *v)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->names[i], v->name)) return;
    c->names = xrealloc(c->names, (size_t)(c->n + 1) * sizeof *c->names);
    c->types = xrealloc(c->types, (size_t)(c->n + 1) * sizeof *c->types);
    c->names[c->n] = v->name;
    c->types[c->n++] = v->ty;
}

static bool same_names(const rep_item *a, const rep_item *b)
{
    if (a->nkey != b->nkey || a->nvalues != b->nvalues) return false;
    for (int k = 0; k < a->nkey; k++)
        if (strcmp(a->key[k].name, b->key[k].name)) return false;
    for (int k = 0; k < a->nvalues; k++)
        if (strcmp(a->values[k].name, b->values[k].name)) return false;
    return true;
}

void rep_item_columns(const rep_rule *rr, rep_columns *keys, rep_columns *values)
{
    *keys = (rep_columns){ 0 };
    *values = (rep_columns){ 0 };
    /* Items of one block share their names, so only a change of names costs a search. */
    const rep_item *last = NULL;
    for (size_t i = 0; i < rr->nitems; i++) {
        const rep_item *it = &rr->items[i];
        if (last && same_names(last, it)) continue;
        for (int k = 0; k < it->nkey; k++) add_column(keys, &it->key[k]);
        for (int k = 0; k < it->nvalues; k++) add_column(values, &it->values[k]);
        last = it;
    }
}

void rep_columns_free(rep_columns *c)
{
    free(c->names);
    free(c->types);
    *c = (rep_columns){ 0 };
}

const rep_value *rep_find_value(const rep_value *vals, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(vals[i].name, name)) return &vals[i];
    return NULL;
}

const char *rep_item_status(const rep_rule *rr, const rep_item *it)
{
    if (it->error) return "error";
    if (it->explained) return "explained";
    switch (rr->rule->sev) {
    case SEV_REQUIREMENT: return "violation";
    case SEV_TARGET: return "missed";
    default: return "flagged";
    }
}

int rep_output_rule(const report *r, int output)
{
    for (int i = 0; i < r->nrules; i++) {
        const ast_rule *ru = r->rules[i].rule;
        for (int b = 0; b < ru->nblocks; b++)
            for (int c = 0; c < ru->blocks[b].nclauses; c++)
                if (ru->blocks[b].clauses[c].kind == CL_EMIT && ru->blocks[b].clauses[c].output == output) return i;
    }
    return -1;
}

char *rep_cannot_write(const char *path, const char *why)
{
    buf b = { 0 };
    buf_printf(&b, "cannot write %s: %s", path, why);
    return buf_take(&b);
}
