/*
** check_test.c: checking a rule file's tests against its rules (check_test.h): every
** dataset, column, parameter, rule and output a test names must exist, every value must
** fit its column, and a table's rows are its lines, each as long as its header.
*/
#include "check_test.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "keywords.h"
#include "parser.h"

static uint32_t line_of(loc at)
{
    uint32_t line, col;
    src_line_col(at.file, at.start, &line, &col);
    return line;
}

static kw_lang lang_of(loc at)
{
    return at.file ? (kw_lang)at.file->lang : KW_EN;
}

bool tc_is_empty(const ast_expr *lit)
{
    return lit->kind == EX_TEXT && (lit->nparts == 0 || (lit->nparts == 1 && lit->parts[0].len == 0));
}

const char *tc_text(const ast_expr *lit, arena *a)
{
    buf b = {0};
    for (int i = 0; i < lit->nparts; i++)
        if (lit->parts[i].text) buf_add(&b, lit->parts[i].text, lit->parts[i].len);
    const char *s = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

bool tc_fits(const ast_expr *lit, stype t, const char **why)
{
    *why = NULL;
    if (tc_is_empty(lit) || t.kind == TY_ERROR) return true;
    switch (t.kind) {
    case TY_TEXT: *why = "a text in quotes, like \"T1\""; return lit->kind == EX_TEXT;
    case TY_DATE: *why = "a date, like 2021-01-01"; return lit->kind == EX_DATE;
    case TY_BOOL: *why = "true or false"; return lit->kind == EX_BOOL;
    case TY_YEAR: *why = "a year, like 2021"; return lit->kind == EX_NUM && lit->unit == LIT_PLAIN && rat_is_int(lit->num);
    case TY_NUM: break;
    default: *why = "a single value"; return false;
    }
    if (lit->kind != EX_NUM) {
        *why = "a number";
        return false;
    }
    if (t.percent) {
        *why = "a percentage, like 6.5 %";
        return lit->unit == LIT_PERCENT;
    }
    if (t.dim[DIM_DKK] == 1) {
        *why = "an amount in kroner to the øre, like 1022.26 or 1022.26 kr";
        rat oere;
        return (lit->unit == LIT_PLAIN || lit->unit == LIT_KR) &&
               rat_mul(lit->num, rat_from_int(100), &oere) == RAT_OK && rat_is_int(oere);
    }
    if (t.integral) *why = t.dim[DIM_DAY] == 1 ? "a whole number of days, like 30" : "a whole number, like 3";
    else *why = "a number, like 107.8";
    bool unit_ok = lit->unit == LIT_PLAIN || (lit->unit == LIT_DAYS && t.dim[DIM_DAY] == 1) ||
                   (lit->unit == LIT_HOURS && t.dim[DIM_HOUR] == 1) || (lit->unit == LIT_MONTHS && t.dim[DIM_MONTH] == 1);
    return unit_ok && (!t.integral || rat_is_int(lit->num));
}

/* A text in a test is plain: no {values} in it. */
static bool check_plain(diags *d, const ast_expr *lit)
{
    for (int i = 0; i < lit->nparts; i++) {
        if (!lit->parts[i].text) {
            diag *g = diag_error(d, lit->at, "a value in a test is written out, without {...} in it");
            diag_hint(g, "write the text as it is");
            return false;
        }
    }
    return true;
}

static void check_literal(diags *d, const ast_expr *lit, stype t, const char *what)
{
    const char *why;
    if (!check_plain(d, lit)) return;
    if (!tc_fits(lit, t, &why)) {
        diag *g = diag_error(d, lit->at, "%s is %s, so this value does not fit", what, type_str(t));
        diag_hint(g, "write %s, or \"\" for an empty value", why);
    }
}

/* ------------------------------------------------------------------ given */

static int column_index(const ast_dataset *ds, const char *name)
{
    for (int i = 0; i < ds->ncols; i++)
        if (!strcmp(ds->cols[i].name, name)) return i;
    return -1;
}

static void list_names(diag *g, const char *what, const char *const *names, int n)
{
    buf b = {0};
    for (int i = 0; i < n && i < 12; i++) buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    if (n > 12) buf_puts(&b, ", ...");
    diag_hint(g, "%s: %s", what, n ? b.data : "none");
    buf_free(&b);
}

static void check_table(const program *p, arena *a, diags *d, tc_test *tc, const ast_given *g)
{
    const ast_dataset *ds = prog_dataset(p, g->name);
    if (!ds) {
        diag *e = diag_error(d, g->at, "the rules declare no dataset or parameter `%s`", g->name);
        const char **names = ARENA_ARRAY(a, const char *, p->ndatasets + 1);
        for (int i = 0; i < p->ndatasets; i++) names[i] = p->datasets[i]->name;
        list_names(e, "the datasets are", names, p->ndatasets);
        return;
    }
    for (int i = 0; i < tc->ntables; i++) {
        if (tc->tables[i].ds == ds) {
            diag *e = diag_error(d, g->at, "dataset `%s` is given twice in this test", g->name);
            diag_hint(e, "give all its rows in one table");
            return;
        }
    }
    tc_table *t = AST_PUSH(a, tc->tables, tc->ntables);
    t->ds = ds;
    t->ncols = g->ncols;
    int *cols = ARENA_ARRAY(a, int, g->ncols ? g->ncols : 1);
    t->cols = cols;
    bool ok = true;
    for (int i = 0; i < g->ncols; i++) {
        cols[i] = column_index(ds, g->cols[i]);
        if (cols[i] < 0) {
            diag *e = diag_error(d, g->col_at[i], "dataset `%s` has no column `%s`", ds->name, g->cols[i]);
            const char **names = ARENA_ARRAY(a, const char *, ds->ncols + 1);
            for (int k = 0; k < ds->ncols; k++) names[k] = ds->cols[k].name;
            list_names(e, "its columns are", names, ds->ncols);
            ok = false;
        }
        for (int k = 0; k < i; k++)
            if (!strcmp(g->cols[k], g->cols[i])) {
                diag_error(d, g->col_at[i], "column `%s` is given twice", g->cols[i]);
                ok = false;
            }
        if (i && line_of(g->col_at[i]) != line_of(g->col_at[0])) {
            diag *e = diag_error(d, g->col_at[i], "a table's column names stand on one line");
            diag_hint(e, "write the names on the line after `%s %s`, then one row a line",
                      kw_word(lang_of(g->at), GIVEN), g->name);
            ok = false;
        }
    }
    /* Rows are lines: each starts a new row, and must hold one value per column. */
    t->cells = ARENA_ARRAY(a, ast_expr *, g->ncells + 1);
    t->lines = ARENA_ARRAY(a, int64_t, g->ncells + 1);
    uint32_t header = g->ncols ? line_of(g->col_at[0]) : 0;
    for (int i = 0; i < g->ncells && ok;) {
        uint32_t line = line_of(g->cells[i]->at);
        int k = i;
        while (k < g->ncells && line_of(g->cells[k]->at) == line) k++;
        if (line == header) {
            diag *e = diag_error(d, g->cells[i]->at, "a row of the table stands on the line of its column names");
            diag_hint(e, "start each row on a line of its own");
            ok = false;
        } else if (k - i != g->ncols) {
            diag *e = diag_error(d, g->cells[i]->at, "this row has %d value%s, but the table has %d column%s", k - i,
                                 k - i == 1 ? "" : "s", g->ncols, g->ncols == 1 ? "" : "s");
            diag_hint(e, "one value a column, in the order of the names; \"\" for an empty value");
            ok = false;
        } else {
            for (int c = 0; c < g->ncols; c++) {
                const ast_expr *cell = g->cells[i + c];
                const ast_column *col = &ds->cols[cols[c]];
                char what[160];
                snprintf(what, sizeof what, "column `%s`", col->name);
                check_literal(d, cell, col->ty, what);
                t->cells[t->nrows * g->ncols + c] = tc_is_empty(cell) ? NULL : g->cells[i + c];
            }
            t->lines[t->nrows++] = line;
        }
        i = k;
    }
}

static void check_param(const program *p, diags *d, tc_test *tc, const ast_given *g, arena *a)
{
    int found = -1;
    for (int i = 0; i < p->nglobals; i++)
        if (p->globals[i].overridable && !strcmp(p->globals[i].name, g->name)) found = i;
    if (found < 0) {
        diag *e = diag_error(d, g->at, "the rules declare no parameter `%s`", g->name);
        const char **names = ARENA_ARRAY(a, const char *, p->nglobals + 1);
        int n = 0;
        for (int i = 0; i < p->nglobals; i++)
            if (p->globals[i].overridable) names[n++] = p->globals[i].name;
        list_names(e, "the parameters are", names, n);
        return;
    }
    for (int i = 0; i < tc->nparams; i++)
        if (tc->params[i].global == found) diag_error(d, g->at, "parameter `%s` is given twice in this test", g->name);
    char what[160];
    snprintf(what, sizeof what, "parameter `%s`", g->name);
    check_literal(d, g->value, p->globals[found].ty, what);
    if (tc_is_empty(g->value)) diag_error(d, g->value->at, "a parameter cannot be given an empty value");
    *AST_PUSH(a, tc->params, tc->nparams) = (tc_param){ .global = found, .value = g->value };
}

/* ------------------------------------------------------------------ expect */

static const ast_rule *find_rule(const program *p, const char *id)
{
    for (int i = 0; i < p->nrules; i++)
        if (!strcmp(p->rules[i]->id, id)) return p->rules[i];
    return NULL;
}

static const out_table *find_output(const program *p, const char *name)
{
    for (int i = 0; i < p->noutputs; i++)
        if (!strcmp(p->outputs[i].name, name)) return &p->outputs[i];
    return NULL;
}

/* The statuses each kind of rule can have, as the tokens that expect them. */
static bool status_fits(severity sev, int status)
{
    switch (sev) {
    case SEV_REQUIREMENT: return status == PASSES || status == FAILS || status == EXPLAINED;
    case SEV_TARGET: return status == MET || status == MISSED;
    case SEV_INFO: return status == PASSES;
    }
    return false;
}

static void check_rule_expect(const program *p, diags *d, const ast_expect *e, arena *a)
{
    kw_lang lang = lang_of(e->at);
    const ast_rule *r = find_rule(p, e->name);
    if (!r) {
        diag *g = diag_error(d, e->name_at, "the rules have no rule `%s`", e->name);
        if (find_output(p, e->name))
            diag_hint(g, "`%s` is an output table: `%s %s %s column value, ...`", e->name, kw_word(lang, EXPECT),
                      e->name, kw_word(lang, HAS));
        else {
            const char **names = ARENA_ARRAY(a, const char *, p->nrules + 1);
            for (int i = 0; i < p->nrules; i++) names[i] = p->rules[i]->id;
            list_names(g, "the rules are", names, p->nrules);
        }
        return;
    }
    if (e->kind == EXP_STATUS && !status_fits(r->sev, e->status)) {
        diag *g = diag_error(d, e->at, "rule `%s` is %s %s, which cannot be `%s`", r->id,
                             r->sev == SEV_INFO ? "an" : "a", kw_word(lang, r->sev == SEV_REQUIREMENT ? REQUIREMENT
                                                                       : r->sev == SEV_TARGET ? TARGET : INFO),
                             kw_word(lang, e->status));
        if (r->sev == SEV_REQUIREMENT)
            diag_hint(g, "a requirement %s, %s or is %s", kw_word(lang, PASSES), kw_word(lang, FAILS), kw_word(lang, EXPLAINED));
        else if (r->sev == SEV_TARGET)
            diag_hint(g, "a target is %s or %s", kw_word(lang, MET), kw_word(lang, MISSED));
        else
            diag_hint(g, "information always %s; count what it flags: `%s %s 2 %s`", kw_word(lang, PASSES),
                      kw_word(lang, PASSES), kw_word(lang, WITH), kw_count_word(lang, KW_VIOLATIONS, true));
    }
    for (int i = 0; i < e->npairs; i++) {
        const ast_pair *pr = &e->pairs[i];
        check_plain(d, pr->value);
        for (int k = 0; k < i; k++)
            if (!strcmp(e->pairs[k].name, pr->name)) diag_error(d, pr->at, "`%s` is named twice", pr->name);
    }
}

static void check_output_expect(const program *p, diags *d, const ast_expect *e, arena *a)
{
    const out_table *o = find_output(p, e->name);
    if (!o) {
        diag *g = diag_error(d, e->name_at, "the rules have no output table `%s`", e->name);
        const char **names = ARENA_ARRAY(a, const char *, p->noutputs + 1);
        for (int i = 0; i < p->noutputs; i++) names[i] = p->outputs[i].name;
        list_names(g, "the output tables are", names, p->noutputs);
        return;
    }
    for (int i = 0; i < e->npairs; i++) {
        const ast_pair *pr = &e->pairs[i];
        int c = -1;
        for (int k = 0; k < o->ncols; k++)
            if (!strcmp(o->cols[k].name, pr->name)) c = k;
        if (c < 0) {
            diag *g = diag_error(d, pr->at, "output table `%s` has no column `%s`", o->name, pr->name);
            const char **names = ARENA_ARRAY(a, const char *, o->ncols + 1);
            for (int k = 0; k < o->ncols; k++) names[k] = o->cols[k].name;
            list_names(g, "its columns are", names, o->ncols);
            continue;
        }
        char what[160];
        snprintf(what, sizeof what, "column `%s`", pr->name);
        check_literal(d, pr->value, o->cols[c].ty, what);
    }
}

tc_test *tc_check(const program *p, arena *a, diags *d)
{
    tc_test *out = ARENA_ARRAY(a, tc_test, p->ntests + 1);
    for (int i = 0; i < p->ntests; i++) {
        const ast_test *t = p->tests[i];
        tc_test *tc = &out[i];
        tc->test = t;
        for (int k = 0; k < i; k++)
            if (!strcmp(p->tests[k]->name, t->name)) {
                diag *g = diag_error(d, t->at, "two tests are named \"%s\"", t->name);
                diag_note(g, p->tests[k]->at, "the first is here");
            }
        for (int k = 0; k < t->ngivens; k++) {
            if (t->givens[k].value) check_param(p, d, tc, &t->givens[k], a);
            else check_table(p, a, d, tc, &t->givens[k]);
        }
        for (int k = 0; k < t->nexpects; k++) {
            const ast_expect *e = &t->expects[k];
            if (e->kind == EXP_HAS || e->kind == EXP_ROWS) check_output_expect(p, d, e, a);
            else check_rule_expect(p, d, e, a);
        }
        if (!t->nexpects) {
            diag *g = diag_error(d, t->at, "test \"%s\" expects nothing", t->name);
            diag_hint(g, "say what the rules must give: `%s rule_id %s`", kw_word(lang_of(t->at), EXPECT),
                      kw_word(lang_of(t->at), PASSES));
        }
    }
    return out;
}
