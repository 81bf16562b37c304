/*
** ruletest.c: running a rule file's tests (`styr test`, styr_rules_test in styr.h).
**
** Each test runs the rules over its own small tables: a dataset the test gives is read
** from its table (every column may be left out, and is then empty), every other dataset
** is empty, and parameters the test gives take its values. The interpreter's report is
** then held to each expectation; with STYR_TEST_JIT the rules run again as compiled code
** and any difference from the interpreter fails the test. What failed is written in the
** terms of the test's own file: the expectation as written (-), and what would have held
** (+), in the file's keyword set, with file:line:col.
*/
#include "styr.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "bind.h"
#include "check_test.h"
#include "keywords.h"
#include "load.h"
#include "parser.h"
#include "xalloc.h"

/* The most items or rows listed under a failed expectation. */
#define SHOWN 10

typedef struct tester {
    const program *prog;
    buf *out;
    bool color;
    arena *a;
    kw_lang lang;          /* of the test being run */
} tester;

/* ------------------------------------------------------------------ values */

static value literal_value(const ast_expr *lit, arena *a)
{
    if (tc_is_empty(lit)) return val_empty();
    switch (lit->kind) {
    case EX_NUM: return val_num(lit->num);
    case EX_DATE: return val_date(lit->date);
    case EX_BOOL: return val_bool(!rat_is_zero(lit->num));
    default: {
        const char *s = tc_text(lit, a);
        return val_text(s, (uint32_t)strlen(s));
    }
    }
}

/* A value as a test would write it: "T1", 2021, 1022.26, 6.5 %, 2021-03-01, true. */
static void write_literal(const tester *t, value v, stype ty, buf *out)
{
    if (v.kind == V_EMPTY) buf_puts(out, "\"\"");
    else if (v.kind == V_BOOL) buf_puts(out, kw_word(t->lang, v.b ? TRUE : FALSE));
    else if (v.kind == V_TEXT) {
        buf_putc(out, '"');
        for (uint32_t i = 0; i < v.text.len; i++) {
            if (v.text.s[i] == '"' || v.text.s[i] == '\\') buf_putc(out, '\\');
            buf_putc(out, v.text.s[i]);
        }
        buf_putc(out, '"');
    } else val_format(v, ty, out);
}

/* A cell of a test's table as CSV: the number as written without its unit (6.5 % is
** the 6.5 a percent column holds), the rest quoted. */
static void csv_cell(const ast_expr *lit, arena *a, buf *out)
{
    if (!lit) return;
    if (lit->kind == EX_NUM) {
        const char *s = lit->at.file->text + lit->at.start;
        for (uint32_t i = 0; i < lit->at.end - lit->at.start; i++)
            if ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-') buf_putc(out, s[i]);
        return;
    }
    buf_putc(out, '"');
    if (lit->kind == EX_BOOL) buf_puts(out, rat_is_zero(lit->num) ? "false" : "true");
    else if (lit->kind == EX_DATE) val_format(val_date(lit->date), ty_date, out);
    else
        for (const char *p = tc_text(lit, a); *p; p++) {
            if (*p == '"') buf_putc(out, '"');
            buf_putc(out, *p);
        }
    buf_putc(out, '"');
}

/* ------------------------------------------------------------------ data */

/* The dataset of a test's table, or an empty one with every declared column. */
static bool make_dataset(const ast_dataset *decl, const tc_table *tab, arena *a, dataset *out, char **err)
{
    ds_schema *schema = bind_schema(decl, a);
    /* A test gives the columns that matter to it; the others are empty. */
    for (int i = 0; i < schema->ncols; i++) schema->cols[i].optional = true;
    schema->dialect = (csv_dialect){ .separator = ',', .encoding = CSV_ENC_UTF8, .decimal = '.', .thousands = ' ' };
    buf csv = {0};
    if (!tab) {
        for (int i = 0; i < decl->ncols; i++) buf_printf(&csv, "%s%s", i ? "," : "", decl->cols[i].name);
        buf_putc(&csv, '\n');
    } else {
        for (int i = 0; i < tab->ncols; i++) buf_printf(&csv, "%s%s", i ? "," : "", decl->cols[tab->cols[i]].name);
        buf_putc(&csv, '\n');
        for (int r = 0; r < tab->nrows; r++) {
            for (int c = 0; c < tab->ncols; c++) {
                if (c) buf_putc(&csv, ',');
                csv_cell(tab->cells[r * tab->ncols + c], a, &csv);
            }
            buf_putc(&csv, '\n');
        }
    }
    bool ok = load_csv_memory(schema, decl->name, csv.data, csv.len, 1, out, err);
    buf_free(&csv);
    if (ok && tab && tab->nrows) {
        /* Items name the line of the test's file that holds their row. */
        free(out->line);
        out->line = xmalloc((size_t)tab->nrows * sizeof *out->line);
        memcpy(out->line, tab->lines, (size_t)tab->nrows * sizeof *out->line);
    }
    return ok;
}

/* ------------------------------------------------------------------ expectations */

static const rep_rule *rule_result(const report *rep, const char *id)
{
    for (int i = 0; i < rep->nrules; i++)
        if (!strcmp(rep->rules[i].rule->id, id)) return &rep->rules[i];
    return NULL;
}

static const rep_output *output_result(const report *rep, const char *name)
{
    for (int i = 0; i < rep->noutputs; i++)
        if (!strcmp(rep->outputs[i].table->name, name)) return &rep->outputs[i];
    return NULL;
}

static int status_token(rep_status s)
{
    static const int tokens[] = { [ST_PASS] = PASSES, [ST_FAIL] = FAILS, [ST_EXPLAINED] = EXPLAINED,
                                  [ST_MET] = MET, [ST_MISSED] = MISSED, [ST_ERROR] = 0 };
    return tokens[s];
}

/* The value an item has under name: a key, else a value that decided it. */
static const rep_value *item_value(const rep_item *it, const char *name)
{
    for (int i = 0; i < it->nkey; i++)
        if (!strcmp(it->key[i].name, name)) return &it->key[i];
    for (int i = 0; i < it->nvalues; i++)
        if (!strcmp(it->values[i].name, name)) return &it->values[i];
    return NULL;
}

static bool item_matches(const tester *t, const rep_item *it, const ast_expect *e)
{
    for (int i = 0; i < e->npairs; i++) {
        const rep_value *v = item_value(it, e->pairs[i].name);
        if (!v || !val_equal(v->v, literal_value(e->pairs[i].value, t->a))) return false;
    }
    return !e->explained || it->explained;
}

static bool row_matches(const tester *t, const rep_output *o, size_t row, const ast_expect *e)
{
    const out_table *tab = o->table;
    for (int i = 0; i < e->npairs; i++) {
        int c = 0;
        while (c < tab->ncols && strcmp(tab->cols[c].name, e->pairs[i].name)) c++;
        if (c == tab->ncols || !val_equal(o->cells[row * (size_t)tab->ncols + (size_t)c],
                                          literal_value(e->pairs[i].value, t->a)))
            return false;
    }
    return true;
}

/* "- " and the expectation as written. */
static void write_expected(const tester *t, const ast_expect *e)
{
    buf_printf(t->out, "        %s- %.*s%s\n", t->color ? "\033[31m" : "", (int)(e->at.end - e->at.start),
               e->at.file->text + e->at.start, t->color ? "\033[0m" : "");
}

static void start_actual(const tester *t, const char *name)
{
    buf_printf(t->out, "        %s+ %s %s", t->color ? "\033[32m" : "", kw_word(t->lang, EXPECT), name);
}

static void end_actual(const tester *t)
{
    buf_printf(t->out, "%s\n", t->color ? "\033[0m" : "");
}

static void write_count(const tester *t, int verb, int64_t n, kw_count noun)
{
    buf_printf(t->out, " %s %lld %s", kw_word(t->lang, verb), (long long)n, kw_count_word(t->lang, noun, n != 1));
}

/* The items of a rule, each as the expectation that names it: + expect R flags k v, ... */
static void write_items(const tester *t, const rep_rule *rr, const ast_expect *e)
{
    for (size_t i = 0; i < rr->nitems && i < SHOWN; i++) {
        const rep_item *it = &rr->items[i];
        start_actual(t, rr->rule->id);
        buf_printf(t->out, " %s", kw_word(t->lang, FLAGS));
        int shown = 0;
        for (int k = 0; k < it->nkey; k++, shown++) {
            buf_printf(t->out, "%s %s ", shown ? "," : "", it->key[k].name);
            write_literal(t, it->key[k].v, it->key[k].ty, t->out);
        }
        /* Values the expectation names beyond the key, as the item has them. */
        for (int k = 0; e && k < e->npairs; k++) {
            const rep_value *v = item_value(it, e->pairs[k].name);
            bool in_key = v >= it->key && v < it->key + it->nkey;
            if (!v || in_key) continue;
            buf_printf(t->out, "%s %s ", shown++ ? "," : "", v->name);
            write_literal(t, v->v, v->ty, t->out);
        }
        if (it->explained) buf_printf(t->out, " %s", kw_word(t->lang, EXPLAINED));
        if (it->error) buf_printf(t->out, "    # %s", it->error);
        end_actual(t);
    }
    if (rr->nitems > SHOWN)
        buf_printf(t->out, "        + ... and %zu more\n", rr->nitems - SHOWN);
}

static void write_rows(const tester *t, const rep_output *o, const ast_expect *e)
{
    const out_table *tab = o->table;
    for (size_t r = 0; r < o->nrows && r < SHOWN; r++) {
        start_actual(t, tab->name);
        buf_printf(t->out, " %s", kw_word(t->lang, HAS));
        for (int i = 0; i < e->npairs; i++) {
            int c = 0;
            while (c < tab->ncols && strcmp(tab->cols[c].name, e->pairs[i].name)) c++;
            if (c == tab->ncols) continue;
            buf_printf(t->out, "%s %s ", i ? "," : "", tab->cols[c].name);
            write_literal(t, o->cells[r * (size_t)tab->ncols + (size_t)c], tab->cols[c].ty, t->out);
        }
        end_actual(t);
    }
    if (o->nrows > SHOWN) buf_printf(t->out, "        + ... and %zu more\n", o->nrows - SHOWN);
    if (!o->nrows) buf_printf(t->out, "        + (%s has no rows)\n", tab->name);
}

static void where(const tester *t, const ast_expect *e)
{
    uint32_t line, col;
    src_line_col(e->at.file, e->at.start, &line, &col);
    buf_printf(t->out, "        %s:%u:%u: ", e->at.file->path, line, col);
}

/* Whether the report holds what e expects; when not, writes why. */
static bool holds(const tester *t, const report *rep, const ast_expect *e)
{
    if (e->kind == EXP_HAS || e->kind == EXP_ROWS) {
        const rep_output *o = output_result(rep, e->name);
        bool ok = true;
        if (e->kind == EXP_ROWS) ok = (int64_t)o->nrows == e->count;
        else {
            ok = false;
            for (size_t r = 0; r < o->nrows && !ok; r++) ok = row_matches(t, o, r, e);
        }
        if (ok) return true;
        where(t, e);
        buf_printf(t->out, e->kind == EXP_ROWS ? "%s has another number of rows\n" : "no row of %s has these values\n",
                   e->name);
        write_expected(t, e);
        if (e->kind == EXP_ROWS) {
            start_actual(t, e->name);
            write_count(t, HAS, (int64_t)o->nrows, KW_ROWS);
            end_actual(t);
        } else {
            write_rows(t, o, e);
        }
        return false;
    }
    const rep_rule *rr = rule_result(rep, e->name);
    if (e->kind == EXP_FLAGS) {
        for (size_t i = 0; i < rr->nitems; i++)
            if (item_matches(t, &rr->items[i], e)) return true;
        where(t, e);
        buf_printf(t->out, "%s flags no such item\n", e->name);
        write_expected(t, e);
        write_items(t, rr, e);
        if (!rr->nitems) buf_printf(t->out, "        + (%s flags nothing)\n", e->name);
        return false;
    }
    int status = status_token(rr->status);
    if (status == e->status && (!e->has_count || rr->violations == e->count)) return true;
    where(t, e);
    buf_printf(t->out, "%s gives another verdict\n", e->name);
    write_expected(t, e);
    start_actual(t, e->name);
    if (status) buf_printf(t->out, " %s", kw_word(t->lang, status));
    write_count(t, WITH, rr->violations, KW_VIOLATIONS);
    end_actual(t);
    write_items(t, rr, NULL);
    return false;
}

/* ------------------------------------------------------------------ running */

static void write_report(const report *rep, buf *out)
{
    rep_write_json(rep, out);
    rep_write_text(rep, out, false, false);
}

/* Runs the rules over the test's data; NULL with *err when they cannot run. */
static report *run_rules(const program *p, dataset **data, const interp_param *params, int nparams,
                         const jit_options *jit, char **err)
{
    report *rep = rep_new(p);
    jit_summary summary = {0};
    bool ok = interp_run_with(p, data, rep, params, nparams, jit, &summary, NULL, err);
    free(summary.note);
    if (ok) return rep;
    rep_free(rep);
    return NULL;
}

/* The compiled rules must give the interpreter's report: where they do not, says where. */
static bool same_with_jit(tester *t, dataset **data, const interp_param *params, int nparams, const report *rep)
{
    jit_options jit = { .use_cache = true, .jobs = 1 };
    char *err = NULL;
    report *compiled = run_rules(t->prog, data, params, nparams, &jit, &err);
    buf a = {0}, b = {0};
    write_report(rep, &a);
    if (compiled) write_report(compiled, &b);
    size_t i = 0;
    while (i < a.len && i < b.len && a.data[i] == b.data[i]) i++;
    bool same = compiled && a.len == b.len && i == a.len;
    if (!same) {
        size_t from = i > 40 ? i - 40 : 0;
        buf_printf(t->out, "        the compiled rules (JIT) do not give the interpreter's report");
        if (compiled)
            buf_printf(t->out, ":\n        interpreter: ...%.*s...\n        compiled:    ...%.*s...\n",
                       (int)(i + 40 < a.len ? i + 40 - from : a.len - from), a.data + from,
                       (int)(i + 40 < b.len ? i + 40 - from : b.len - from), b.data + from);
        else
            buf_printf(t->out, ": %s\n", err);
    }
    free(err);
    buf_free(&a);
    buf_free(&b);
    rep_free(compiled);
    return same;
}

static bool run_test(tester *t, const tc_test *tc, int flags)
{
    const program *p = t->prog;
    const ast_test *test = tc->test;
    t->lang = (kw_lang)test->at.file->lang;
    buf details = {0}, *out = t->out;
    t->out = &details;
    arena a = {0};
    dataset **data = xcalloc((size_t)(p->ndatasets ? p->ndatasets : 1), sizeof *data);
    char *err = NULL;
    bool ok = true;
    for (int i = 0; i < p->ndatasets && ok; i++) {
        const tc_table *tab = NULL;
        for (int k = 0; k < tc->ntables; k++)
            if (tc->tables[k].ds == p->datasets[i]) tab = &tc->tables[k];
        data[i] = xcalloc(1, sizeof *data[i]);
        ok = make_dataset(p->datasets[i], tab, &a, data[i], &err);
    }
    bind_opts opts = { .jobs = 1 };
    if (ok) ok = bind_load(p, NULL, &opts, data, &a, &err) == BIND_OK;
    interp_param *params = xcalloc((size_t)tc->nparams + 1, sizeof *params);
    for (int i = 0; i < tc->nparams; i++)
        params[i] = (interp_param){ .global = tc->params[i].global, .v = literal_value(tc->params[i].value, t->a) };
    report *rep = ok ? run_rules(p, data, params, tc->nparams, NULL, &err) : NULL;
    if (!rep) {
        buf_printf(t->out, "        the rules cannot run on this test's data: %s\n", err);
        ok = false;
    }
    for (int i = 0; rep && i < test->nexpects; i++) ok &= holds(t, rep, &test->expects[i]);
    if (rep && (flags & STYR_TEST_JIT)) ok &= same_with_jit(t, data, params, tc->nparams, rep);
    t->out = out;
    const char *mark = ok ? (t->color ? "\033[32mok  \033[0m" : "ok  ") : (t->color ? "\033[1;31mFAIL\033[0m" : "FAIL");
    buf_printf(out, "  %s  %s\n", mark, test->name);
    if (details.len) buf_add(out, details.data, details.len);
    buf_free(&details);
    rep_free(rep);
    free(params);
    free(err);
    bind_free(p, data);
    free(data);
    arena_free(&a);
    return ok;
}

int styr_rules_test(const styr_rules *rules, int flags, char **out, size_t *out_len, int *passed, int *failed)
{
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (passed) *passed = 0;
    if (failed) *failed = 0;
    if (!rules || !out) return STYR_ERR_USAGE;
    const program *p = rules->prog;
    buf text = {0};
    int status = STYR_OK;
    if (p->diags.errors) {
        buf_puts(&text, styr_rules_diagnostics(rules, flags & STYR_REPORT_COLOR));
        status = STYR_ERR_RULES;
    } else {
        arena a = {0};
        diags d = {0};
        tc_test *tests = tc_check(p, &a, &d);
        if (d.errors) {
            diag_print(&d, &text, (flags & STYR_REPORT_COLOR) != 0);
            status = STYR_ERR_RULES;
        } else {
            tester t = { .prog = p, .out = &text, .color = (flags & STYR_REPORT_COLOR) != 0, .a = &a };
            int ok = 0;
            for (int i = 0; i < p->ntests; i++) ok += run_test(&t, &tests[i], flags);
            if (passed) *passed = ok;
            if (failed) *failed = p->ntests - ok;
            if (ok < p->ntests) status = STYR_FAILED;
        }
        diag_free(&d);
        arena_free(&a);
    }
    if (out_len) *out_len = text.len;
    *out = buf_take(&text);
    return status;
}
