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

rep_item *rep_add_item(report *r, rep_rule *rule)
{
    (void)r;
    XGROW(rule->items, rule->capitems, rule->nitems + 1);
    rep_item *it = &rule->items[rule->nitems++];
    memset(it, 0, sizeof *it);
    return it;
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
