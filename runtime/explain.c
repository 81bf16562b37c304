/*
** explain.c: what a key names in a rule (the rows of its dataset, or one of its groups),
** the errors and hints when it names nothing, running the rule in the interpreter's
** tracing mode, and the verdict of what was traced. See explain.h.
*/
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "interp.h"
#include "numtext.h"
#include "trace.h"
#include "xalloc.h"

typedef struct key_part {
    char *name, *text;
} key_part;

typedef struct key_spec {
    key_part part[TRACE_MAX_KEYS];
    int n;
} key_spec;

xp_step *xp_add(explanation *x, xp_kind kind)
{
    XGROW(x->steps, x->capsteps, x->nsteps + 1);
    xp_step *s = &x->steps[x->nsteps++];
    *s = (xp_step){ .kind = kind, .nrows = -1 };
    return s;
}

void xp_free(explanation *x)
{
    if (!x) return;
    free(x->steps);
    arena_free(&x->arena);
    free(x);
}

bool xp_holds(const explanation *x)
{
    return x->verdict != XV_FAILS && x->verdict != XV_MISSED && x->verdict != XV_ERROR;
}

static char *message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *message(const char *fmt, ...)
{
    char *s;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0) s = NULL;
    va_end(ap);
    if (!s) abort();
    return s;
}

/* ------------------------------------------------------------------ the key */

static char *trimmed(arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return arena_strndup(a, s, n);
}

/* "offer_id=T00042,year=2021" into its parts. */
static bool parse_key(arena *a, const char *text, key_spec *k, char **err)
{
    k->n = 0;
    for (const char *p = text; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (!eq || eq == p) {
            *err = message("the key is NAME=VALUE,... (offer_id=T00042,year=2021), not \"%s\"", text);
            return false;
        }
        if (k->n == TRACE_MAX_KEYS) {
            *err = message("a key has at most %d parts", TRACE_MAX_KEYS);
            return false;
        }
        k->part[k->n].name = trimmed(a, p, (size_t)(eq - p));
        k->part[k->n].text = trimmed(a, eq + 1, n - (size_t)(eq - p) - 1);
        for (int i = 0; i < k->n; i++)
            if (!strcmp(k->part[i].name, k->part[k->n].name)) {
                *err = message("the key names %s twice", k->part[i].name);
                return false;
            }
        k->n++;
        p += n + (end ? 1 : 0);
    }
    if (!k->n) *err = message("the key is empty; give NAME=VALUE,... (offer_id=T00042,year=2021)");
    return k->n > 0;
}

/* A key value read as the type of the column or group key it is compared with. */
static bool read_value(arena *a, const char *s, stype ty, value *out)
{
    size_t n = strlen(s);
    switch (ty.kind) {
    case TY_TEXT: *out = val_text(arena_strndup(a, s, n), (uint32_t)n); return true;
    case TY_NUM:
    case TY_YEAR: {
        rat q;
        if (!num_parse_rat(s, n, (num_style){ '.', 0 }, &q)) return false;
        if (ty.percent && rat_div(q, rat_from_int(100), &q) != RAT_OK) return false;
        if ((ty.kind == TY_YEAR || ty.integral) && !rat_is_int(q)) return false;
        *out = val_num(q);
        return true;
    }
    case TY_DATE: {
        date_days d;
        if (!date_parse_iso(s, n, &d)) return false;
        *out = val_date(d);
        return true;
    }
    case TY_BOOL:
        if (strcmp(s, "true") && strcmp(s, "false")) return false;
        *out = val_bool(!strcmp(s, "true"));
        return true;
    default: return false;
    }
}

static int column_of(const ast_dataset *ds, const char *name)
{
    for (int c = 0; c < ds->ncols; c++)
        if (!strcmp(ds->cols[c].name, name)) return c;
    return -1;
}

/* What the key names in block b: false when it is not about b. *err is set when it is,
** but a value cannot be read. */
static bool target_of(arena *a, const ast_block *b, const key_spec *k, trace_target *t, char **err)
{
    t->n = k->n;
    if (b->group_clause >= 0) {
        const ast_clause *g = &b->clauses[b->group_clause];
        if (g->nfields != k->n) return false;
        for (int i = 0; i < g->nfields; i++) {
            int j = 0;
            while (j < k->n && strcmp(k->part[j].name, g->fields[i].name)) j++;
            if (j == k->n) return false;
            if (!read_value(a, k->part[j].text, g->fields[i].value->ty, &t->val[i])) {
                *err = message("key %s: cannot read \"%s\" as %s", k->part[j].name, k->part[j].text,
                               type_str(g->fields[i].value->ty));
                return false;
            }
        }
        return true;
    }
    for (int j = 0; j < k->n; j++) {
        int c = column_of(b->ds, k->part[j].name);
        if (c < 0) return false;
        if (!b->ds->cols[c].read) {
            /* The loader keeps only the columns the rules read. */
            *err = message("no rule reads column %s of %s, so its values are not kept; name the row by its key", k->part[j].name,
                           b->ds->name);
            return false;
        }
        t->col[j] = c;
        if (!read_value(a, k->part[j].text, b->ds->cols[c].ty, &t->val[j])) {
            *err = message("key %s: cannot read \"%s\" as %s", k->part[j].name, k->part[j].text,
                           type_str(b->ds->cols[c].ty));
            return false;
        }
    }
    return true;
}

/* Why a key is not the rule's: what its blocks go through and group by. */
static char *not_the_rules(const ast_rule *r, const key_spec *k)
{
    buf b = {0};
    buf_printf(&b, "the key does not name rows or groups of rule %s:", r->id);
    for (int i = 0; i < r->nblocks; i++) {
        const ast_block *bl = &r->blocks[i];
        if (!bl->ds) continue;
        if (bl->group_clause >= 0) {
            const ast_clause *g = &bl->clauses[bl->group_clause];
            buf_puts(&b, "\n  its groups by");
            for (int f = 0; f < g->nfields; f++) buf_printf(&b, "%s %s", f ? "," : "", g->fields[f].name);
            if (!g->nfields) buf_puts(&b, " all (one group, no keys)");
            buf_puts(&b, " are named by exactly those keys");
            continue;
        }
        for (int j = 0; j < k->n; j++)
            if (column_of(bl->ds, k->part[j].name) < 0) {
                buf_printf(&b, "\n  %s is not a column of %s", k->part[j].name, bl->ds->name);
                break;
            }
        buf_printf(&b, "\n  hint: %s rows are named by its columns, such as its key", bl->ds->name);
        for (int c = 0; c < bl->ds->nkey; c++) buf_printf(&b, "%s %s", c ? "," : "", bl->ds->key[c]);
    }
    return buf_take(&b);
}

/* ------------------------------------------------------------------ hints for a key that selects nothing */

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t *row = xmalloc((nb + 1) * sizeof *row);
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t corner = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = corner + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            corner = up;
        }
    }
    size_t d = row[nb];
    free(row);
    return d;
}

/* How far a cell lies from a wanted value: edit distance for texts, else order. */
static rat distance(value cell, value want)
{
    if (cell.kind == V_TEXT && want.kind == V_TEXT)
        return rat_from_int((int64_t)edit_distance(cell.text.s, cell.text.len, want.text.s, want.text.len));
    if (cell.kind == V_NUM && want.kind == V_NUM) {
        rat d;
        if (rat_sub(cell.q, want.q, &d) == RAT_OK) return rat_abs(d);
    }
    if (cell.kind == V_DATE && want.kind == V_DATE) return rat_from_int(llabs((long long)cell.date - want.date));
    return rat_from_int(INT64_MAX);
}

enum { NEAREST = 4 };

/* The values of part `part` of the key nearest to the one given (among the rows that
** match every other part when others is set), formatted into b. */
static void nearest_values(const dataset *ds, const ast_dataset *decl, const trace_target *t, int part, bool others,
                           buf *b)
{
    value best[NEAREST];
    rat dist[NEAREST];
    int nbest = 0;
    int col = t->col[part];
    for (size_t r = 0; r < ds->nrows; r++) {
        bool match = true;
        for (int k = 0; k < t->n && match && others; k++)
            if (k != part && !val_equal(val_cell(ds, t->col[k], (uint32_t)r), t->val[k])) match = false;
        if (!match) continue;
        value c = val_cell(ds, col, (uint32_t)r);
        if (c.kind == V_EMPTY) continue;
        bool seen = false;
        for (int i = 0; i < nbest && !seen; i++) seen = val_equal(best[i], c);
        if (seen) continue;
        rat d = distance(c, t->val[part]);
        int at = nbest;
        while (at > 0 && rat_cmp(d, dist[at - 1]) < 0) at--;
        if (at >= NEAREST) continue;
        if (nbest < NEAREST) nbest++;
        memmove(best + at + 1, best + at, (size_t)(nbest - 1 - at) * sizeof *best);
        memmove(dist + at + 1, dist + at, (size_t)(nbest - 1 - at) * sizeof *dist);
        best[at] = c;
        dist[at] = d;
    }
    for (int i = 0; i < nbest; i++) {
        buf_puts(b, i ? ", " : "");
        val_format(best[i], decl->cols[col].ty, b);
    }
}

static size_t count_selected(const dataset *ds, const trace_target *t, int skip)
{
    size_t n = 0;
    for (size_t r = 0; r < ds->nrows; r++) {
        bool all = true;
        for (int k = 0; k < t->n && all; k++)
            if (k != skip && !val_equal(val_cell(ds, t->col[k], (uint32_t)r), t->val[k])) all = false;
        n += all;
    }
    return n;
}

/* No row of ds has the key: which part to change, and to what. */
static char *no_row(const dataset *ds, const ast_dataset *decl, const trace_target *t, const key_spec *k)
{
    buf b = {0};
    buf_printf(&b, "no row of %s has", decl->name);
    for (int i = 0; i < k->n; i++) buf_printf(&b, "%s %s %s", i ? "," : "", k->part[i].name, k->part[i].text);
    int skip = 0;
    if (t->n > 1)
        for (skip = 0; skip < t->n && !count_selected(ds, t, skip); skip++) {}
    if (skip == t->n) skip = 0;
    bool others = t->n > 1 && count_selected(ds, t, skip) > 0;
    buf_puts(&b, "\n  hint: ");
    if (others) {
        buf_puts(&b, "rows with");
        for (int i = 0; i < k->n; i++)
            if (i != skip) buf_printf(&b, " %s %s", k->part[i].name, k->part[i].text);
        buf_printf(&b, " have %s ", k->part[skip].name);
    } else {
        buf_printf(&b, "the nearest %s: ", k->part[skip].name);
    }
    size_t before = b.len;
    nearest_values(ds, decl, t, skip, others, &b);
    if (b.len == before) buf_printf(&b, "none (%s has no rows)", decl->name);
    return buf_take(&b);
}

/* ------------------------------------------------------------------ explaining */

static xp_verdict verdict_of(const explanation *x)
{
    if (x->errors) return XV_ERROR;
    if (x->violations > x->explained) {
        static const xp_verdict by_kind[] = { [SEV_REQUIREMENT] = XV_FAILS, [SEV_TARGET] = XV_MISSED, [SEV_INFO] = XV_FLAGGED };
        return by_kind[x->rule->sev];
    }
    if (x->violations) return XV_EXPLAINED;
    if (x->checked) return XV_HOLDS;
    return x->emitted ? XV_COMPUTED : XV_NOT_CHECKED;
}

static int rule_index(const program *prog, const char *id)
{
    for (int i = 0; i < prog->nrules; i++)
        if (!strcmp(prog->rules[i]->id, id)) return i;
    return -1;
}

static char *unknown_rule(const program *prog, const char *id)
{
    buf b = {0};
    buf_printf(&b, "there is no rule %s; the rules are:", id);
    for (int i = 0; i < prog->nrules; i++) buf_printf(&b, "%s %s", i ? "," : "", prog->rules[i]->id);
    return buf_take(&b);
}

/* Targets for every block; XP_USAGE with *err when the key names nothing of the rule. */
static xp_status find_targets(explanation *x, dataset **data, const key_spec *k, trace_target *targets, char **err)
{
    const ast_rule *r = x->rule;
    bool applies = false, selects = false;
    int first_row_block = -1;
    for (int i = 0; i < r->nblocks; i++) {
        const ast_block *b = &r->blocks[i];
        if (!b->ds) continue;
        targets[i].applies = target_of(&x->arena, b, k, &targets[i], err);
        if (*err) return XP_USAGE;
        if (!targets[i].applies) continue;
        applies = true;
        if (b->group_clause >= 0) selects = true;   /* known only once its rows are grouped */
        else if (count_selected(data[b->ds->index], &targets[i], -1)) selects = true;
        else if (first_row_block < 0) first_row_block = i;
    }
    if (!applies) *err = not_the_rules(r, k);
    else if (!selects) {
        const ast_block *b = &r->blocks[first_row_block];
        *err = no_row(data[b->ds->index], b->ds, &targets[first_row_block], k);
    }
    return *err ? XP_USAGE : XP_OK;
}

static void keep_key(explanation *x, const key_spec *k, const trace_target *targets)
{
    const ast_rule *r = x->rule;
    x->nkey = k->n;
    x->key = ARENA_ARRAY(&x->arena, rep_value, k->n);
    for (int j = 0; j < k->n; j++) x->key[j] = (rep_value){ k->part[j].name, { .kind = TY_TEXT },
                                                            val_text(k->part[j].text, (uint32_t)strlen(k->part[j].text)) };
    /* Typed by the first block the key names. */
    for (int i = 0; i < r->nblocks; i++) {
        const ast_block *b = &r->blocks[i];
        if (!targets[i].applies) continue;
        for (int j = 0; j < k->n; j++) {
            if (b->group_clause >= 0) {
                const ast_clause *g = &b->clauses[b->group_clause];
                for (int f = 0; f < g->nfields; f++)
                    if (!strcmp(g->fields[f].name, k->part[j].name))
                        x->key[j] = (rep_value){ k->part[j].name, g->fields[f].value->ty, targets[i].val[f] };
            } else {
                x->key[j] = (rep_value){ k->part[j].name, b->ds->cols[targets[i].col[j]].ty, targets[i].val[j] };
            }
        }
        return;
    }
}

xp_status xp_explain(const program *prog, dataset **data, const char *rule_id, const char *key,
                     explanation **out, char **err)
{
    *out = NULL;
    *err = NULL;
    int ri = rule_index(prog, rule_id);
    if (ri < 0) {
        *err = unknown_rule(prog, rule_id);
        return XP_USAGE;
    }
    explanation *x = xcalloc(1, sizeof *x);
    x->rule = prog->rules[ri];
    x->rule_file = x->rule->at.file->path;
    key_spec k;
    trace_target *targets = xcalloc((size_t)(x->rule->nblocks ? x->rule->nblocks : 1), sizeof *targets);
    xp_status st = parse_key(&x->arena, key, &k, err) ? find_targets(x, data, &k, targets, err) : XP_USAGE;
    if (st == XP_OK) {
        keep_key(x, &k, targets);
        trace tr = { .x = x, .targets = targets };
        report *rep = rep_new(prog);
        if (!interp_explain(prog, data, rep, ri, &tr, err)) st = XP_DATA;
        else if (!tr.found) {
            *err = message("no group of rule %s has %s\n  hint: %s%s%s", rule_id, key,
                           tr.nother_groups ? "its groups are " : "no row reaches its groups: its wheres drop them all",
                           tr.other_groups.data ? tr.other_groups.data : "",
                           tr.nother_groups > TRACE_GROUPS_LISTED ? "; ..." : "");
            st = XP_USAGE;
        }
        buf_free(&tr.other_groups);
        rep_free(rep);
    }
    free(targets);
    if (st != XP_OK) {
        xp_free(x);
        return st;
    }
    x->verdict = verdict_of(x);
    *out = x;
    return XP_OK;
}
