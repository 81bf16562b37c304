/*
** walk.c: the results of a run walked one by one through the accessors of styr.h, as a
** program that does not parse JSON reads them. Each answer is held to the others (a
** rule's count of items is how many items there are; past the end is NULL) and, when
** the report is JSON, to the report: its items are the items walked, and every rule id
** and plain value text is in it.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak.h"

/* Items and output rows looked at in depth, per rule or table. */
#define DEEP 20

static const char *const kinds[] = { "requirement", "target", "info" };
static const char *const statuses[] = { "pass", "fail", "explained", "met", "missed", "error" };

static bool one_of(const char *s, const char *const *set, int n)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, set[i])) return true;
    return false;
}

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0, len = strlen(what);
    for (const char *p = text; (p = strstr(p, what)); p += len) n++;
    return n;
}

/* A value's text as the JSON report writes it, when it needs no escaping. */
static bool plain(const char *s)
{
    for (; *s; s++)
        if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20) return false;
    return true;
}

/* The values of one part of an item; returns how many there were. */
static int walk_values(const styr_run *run, int rule, int64_t item, int part, const char *json, sk_result *r)
{
    int n = styr_item_values(run, rule, item, part);
    if (n < 0) sk_problem(r, "rule %d item %lld has no part %d", rule, (long long)item, part);
    for (int k = 0; k < n; k++) {
        const char *name = NULL;
        int type = 0;
        const char *text = styr_item_value(run, rule, item, part, k, &name, &type);
        if (!name || type < STYR_TYPE_BOOL || type > STYR_TYPE_TEXT)
            sk_problem(r, "rule %d item %lld value %d has no name or type %d", rule, (long long)item, k, type);
        else if (json && text && plain(text) && !strstr(json, text))
            sk_problem(r, "value %s = %s of rule %d is not in the JSON report", name, text, rule);
    }
    if (styr_item_value(run, rule, item, part, n, NULL, NULL)) sk_problem(r, "a value past the last is there");
    return n;
}

static void walk_rule(const styr_run *run, int rule, const char *json, int64_t *items, int64_t *values, sk_result *r)
{
    const char *id = styr_result_rule_id(run, rule);
    if (!id || !one_of(styr_result_rule_kind(run, rule), kinds, 3) || !one_of(styr_result_rule_status(run, rule), statuses, 6)) {
        sk_problem(r, "rule %d has no id, or another kind or status", rule);
        return;
    }
    if (json) {
        sk_text quoted = { 0 };
        sk_printf(&quoted, "\"id\": \"%s\"", id);
        if (plain(id) && !strstr(json, sk_str(&quoted))) sk_problem(r, "rule %s is not in the JSON report", id);
        sk_text_free(&quoted);
    }
    for (int what = STYR_COUNT_CHECKED; what <= STYR_COUNT_ITEMS; what++)
        if (styr_result_rule_count(run, rule, what) < 0) sk_problem(r, "rule %s counts %d below zero", id, what);
    int64_t n = styr_result_rule_count(run, rule, STYR_COUNT_ITEMS);
    *items += n;
    if ((n > 0 && !styr_item_text(run, rule, n - 1, STYR_ITEM_DATASET)) || styr_item_text(run, rule, n, STYR_ITEM_DATASET))
        sk_problem(r, "rule %s counts %lld items, and has another number", id, (long long)n);
    for (int64_t i = 0; i < n && i < DEEP; i++) {
        /* A message that could not be made is NULL (null in the JSON report). */
        if (!styr_item_text(run, rule, i, STYR_ITEM_DATASET) || styr_item_row(run, rule, i) < 0 ||
            (unsigned)styr_item_explained(run, rule, i) > 1)
            sk_problem(r, "rule %s item %lld has no dataset, a row below zero or another explained", id, (long long)i);
        *values += walk_values(run, rule, i, STYR_PART_KEY, json, r);
        *values += walk_values(run, rule, i, STYR_PART_VALUES, json, r);
    }
}

static void walk_output(const styr_run *run, int o, int64_t *cells, sk_result *r)
{
    int ncols = styr_output_columns(run, o);
    int64_t nrows = styr_output_rows(run, o);
    if (!styr_output_name(run, o) || ncols < 0 || nrows < 0) {
        sk_problem(r, "output %d has no name, columns or rows", o);
        return;
    }
    for (int c = 0; c < ncols; c++) {
        int type = 0;
        if (!styr_output_column(run, o, c, &type) || type < STYR_TYPE_BOOL || type > STYR_TYPE_TEXT)
            sk_problem(r, "output %d column %d has no name or type %d", o, c, type);
    }
    for (int64_t row = 0; row < nrows && row < DEEP; row++)
        for (int c = 0; c < ncols; c++) *cells += styr_output_cell(run, o, row, c) != NULL;
    if (styr_output_cell(run, o, nrows, 0) || styr_output_column(run, o, ncols, NULL))
        sk_problem(r, "output %d has a row or column past its last", o);
}

void sk_walk(const styr_run *run, const char *json, sk_result *r)
{
    int64_t items = 0, values = 0, cells = 0;
    int nrules = styr_result_rules(run), nout = styr_result_outputs(run);
    for (int rule = 0; rule < nrules; rule++) walk_rule(run, rule, json, &items, &values, r);
    for (int o = 0; o < nout; o++) walk_output(run, o, &cells, r);
    if (json && occurrences(json, "{\"dataset\": ") != (size_t)items)
        sk_problem(r, "the JSON report has %zu items, the accessors %lld", occurrences(json, "{\"dataset\": "), (long long)items);
    sk_text t = { 0 };
    sk_printf(&t, "%d rules, %lld items, %lld values, %d outputs, %lld cells", nrules, (long long)items,
              (long long)values, nout, (long long)cells);
    r->walk = t.s;
}
