/*
** api_result.c: walking the results of a run through the public API (styr.h): rules,
** their items and the items' values, and the output tables. Everything is read from the
** report the run made; a value's text is made on request in the run's scratch buffer.
*/
#include <stdbool.h>

#include "api_int.h"

static const report *report_of(const styr_run *run)
{
    return run ? run->rep : NULL;
}

static const rep_rule *rule_at(const styr_run *run, int rule)
{
    const report *r = report_of(run);
    return r && rule >= 0 && rule < r->nrules ? &r->rules[rule] : NULL;
}

static const rep_item *item_at(const styr_run *run, int rule, int64_t item)
{
    const rep_rule *rr = rule_at(run, rule);
    return rr && item >= 0 && (size_t)item < rr->nitems ? &rr->items[item] : NULL;
}

static const rep_output *output_at(const styr_run *run, int output)
{
    const report *r = report_of(run);
    return r && output >= 0 && output < r->noutputs ? &r->outputs[output] : NULL;
}

int api_type_code(stype t)
{
    switch (t.kind) {
    case TY_BOOL: return STYR_TYPE_BOOL;
    case TY_YEAR: return STYR_TYPE_YEAR;
    case TY_DATE: return STYR_TYPE_DATE;
    case TY_NUM:
        if (t.dim[DIM_DKK] == 1) return STYR_TYPE_MONEY;
        if (t.percent) return STYR_TYPE_PERCENT;
        return t.integral ? STYR_TYPE_INT : STYR_TYPE_NUMBER;
    default: return STYR_TYPE_TEXT;
    }
}

/* The text of v in the run's scratch buffer, or NULL when v is empty. */
static const char *value_text(const styr_run *run, value v, stype t)
{
    if (v.kind == V_EMPTY) return NULL;
    buf *b = &((styr_run *)run)->value_text;
    buf_clear(b);
    val_plain(v, t, b);
    buf_add(b, "", 0);   /* a text may be "": still a string, not NULL */
    return b->data;
}

int styr_result_rules(const styr_run *run)
{
    const report *r = report_of(run);
    return r ? r->nrules : -1;
}

const char *styr_result_rule_id(const styr_run *run, int rule)
{
    const rep_rule *rr = rule_at(run, rule);
    return rr ? rr->rule->id : NULL;
}

const char *styr_result_rule_kind(const styr_run *run, int rule)
{
    const rep_rule *rr = rule_at(run, rule);
    return rr ? rep_kind_name(rr->rule->sev) : NULL;
}

const char *styr_result_rule_status(const styr_run *run, int rule)
{
    const rep_rule *rr = rule_at(run, rule);
    return rr ? rep_status_name(rr->status) : NULL;
}

int64_t styr_result_rule_count(const styr_run *run, int rule, int what)
{
    const rep_rule *rr = rule_at(run, rule);
    if (!rr) return -1;
    switch (what) {
    case STYR_COUNT_CHECKED: return rr->checked;
    case STYR_COUNT_VIOLATIONS: return rr->violations;
    case STYR_COUNT_EXPLAINED: return rr->explained;
    case STYR_COUNT_ERRORS: return rr->errors;
    case STYR_COUNT_ITEMS: return (int64_t)rr->nitems;
    default: return -1;
    }
}

const char *styr_item_text(const styr_run *run, int rule, int64_t item, int what)
{
    const rep_item *it = item_at(run, rule, item);
    if (!it) return NULL;
    switch (what) {
    case STYR_ITEM_DATASET: return it->dataset;
    case STYR_ITEM_MESSAGE: return it->message;
    case STYR_ITEM_EXPLANATION: return it->explanation;
    case STYR_ITEM_ERROR: return it->error;
    default: return NULL;
    }
}

int64_t styr_item_row(const styr_run *run, int rule, int64_t item)
{
    const rep_item *it = item_at(run, rule, item);
    return it ? it->row : -1;
}

int styr_item_explained(const styr_run *run, int rule, int64_t item)
{
    const rep_item *it = item_at(run, rule, item);
    return it ? it->explained : -1;
}

/* The values of one part of an item in *vals, *n of them; false when out of range. */
static bool part_of(const styr_run *run, int rule, int64_t item, int part, const rep_value **vals, int *n)
{
    const rep_item *it = item_at(run, rule, item);
    if (!it || (part != STYR_PART_KEY && part != STYR_PART_VALUES)) return false;
    *n = part == STYR_PART_KEY ? it->nkey : it->nvalues;
    *vals = part == STYR_PART_KEY ? it->key : it->values;
    return true;
}

int styr_item_values(const styr_run *run, int rule, int64_t item, int part)
{
    const rep_value *vals;
    int n;
    return part_of(run, rule, item, part, &vals, &n) ? n : -1;
}

const char *styr_item_value(const styr_run *run, int rule, int64_t item, int part, int k,
                            const char **name, int *type)
{
    const rep_value *vals;
    int n;
    if (name) *name = NULL;
    if (type) *type = 0;
    if (!part_of(run, rule, item, part, &vals, &n) || k < 0 || k >= n) return NULL;
    if (name) *name = vals[k].name;
    if (type) *type = api_type_code(vals[k].ty);
    return value_text(run, vals[k].v, vals[k].ty);
}

int styr_result_outputs(const styr_run *run)
{
    const report *r = report_of(run);
    return r ? r->noutputs : -1;
}

const char *styr_output_name(const styr_run *run, int output)
{
    const rep_output *o = output_at(run, output);
    return o ? o->table->name : NULL;
}

int styr_output_columns(const styr_run *run, int output)
{
    const rep_output *o = output_at(run, output);
    return o ? o->table->ncols : -1;
}

const char *styr_output_column(const styr_run *run, int output, int c, int *type)
{
    const rep_output *o = output_at(run, output);
    if (type) *type = 0;
    if (!o || c < 0 || c >= o->table->ncols) return NULL;
    if (type) *type = api_type_code(o->table->cols[c].ty);
    return o->table->cols[c].name;
}

int64_t styr_output_rows(const styr_run *run, int output)
{
    const rep_output *o = output_at(run, output);
    return o ? (int64_t)o->nrows : -1;
}

const char *styr_output_cell(const styr_run *run, int output, int64_t row, int c)
{
    const rep_output *o = output_at(run, output);
    if (!o || row < 0 || (size_t)row >= o->nrows || c < 0 || c >= o->table->ncols) return NULL;
    size_t ncols = (size_t)o->table->ncols;
    return value_text(run, o->cells[(size_t)row * ncols + (size_t)c], o->table->cols[c].ty);
}
