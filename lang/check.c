/*
** check.c: loading a rule set (the main file and its imports), the table of top-level
** names, and the checking of datasets, parameters, defines and decision tables. Rules
** are checked in check_rule.c, expressions in check_expr.c.
*/
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

#include "module.h"
#include "parse.h"
#include "paths.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ loading */

#define MAX_IMPORT_DEPTH 32

/* Reports that a path (of an import or a data file) leads out of the rule set's roots;
** what says which ("this import reaches"). */
static void outside(checker *c, loc at, const char *what, const char *real)
{
    buf roots = {0};
    path_roots_text(&c->p->reach, &roots);
    diag *g = real ? diag_error(c->d, at, "%s outside %s: it leads to %s", what, roots.data, real)
                   : diag_error(c->d, at, "%s outside %s: the path cannot be resolved", what, roots.data);
    diag_hint(g, "a rule file may reach only files in its own folder tree; allow another folder with --allow-path DIR");
    buf_free(&roots);
}

/* Reports the import cycle that the import at `at` closes: it leads back to the file
** stack[from], and stack[from..depth] are the files on the way. */
static void import_cycle(checker *c, loc at, const int *stack, int from, int depth)
{
    const path_policy *pp = &c->p->reach;
    const char *first = path_shown(pp, c->file_ids[stack[from]]);
    buf chain = {0};
    buf_puts(&chain, first);
    for (int k = from + 1; k <= depth; k++) {
        const char *file = path_shown(pp, c->file_ids[stack[k]]);
        buf_printf(&chain, "%s %s", k == from + 1 ? " imports" : ", which imports", file);
    }
    if (from < depth) buf_printf(&chain, ", which imports %s", first);
    else buf_puts(&chain, " imports itself");
    diag *g = diag_error(c->d, at, "import cycle: %s", chain.data);
    diag_hint(g, from == depth ? "remove this import"
                               : "move what the files need from each other into a file that imports none of them");
    buf_free(&chain);
}

/* Opens the file an import names when the rule set may reach it; *id gets what tells one
** file from another (its resolved path, or the standard library's name). NULL after
** reporting why not. */
static src_file *open_import(checker *c, const src_file *src, const ast_import *im, char **id)
{
    char *file = mod_file(src, im->path);
    char *real = file ? path_resolve(file) : NULL;
    free(file);
    if (file && !path_allowed(&c->p->reach, real)) {
        outside(c, im->at, "this import reaches", real);
        free(real);
        return NULL;
    }
    const char *why = NULL;
    src_file *m = mod_open(src, im->path, &why);
    if (!m) {
        diag *g = diag_error(c->d, im->at, "cannot import \"%s\": %s", im->path, why);
        diag_hint(g, "imports are paths relative to this file, or stdlib/<module>");
        free(real);
        return NULL;
    }
    *id = real ? real : xstrdup(m->path);
    return m;
}

/* Parses src (known as id) and, depth first, everything it imports. `stack` holds the
** files being loaded (their numbers in p->files), to report an import cycle as the chain
** it is. */
static void load(checker *c, src_file *src, char *id, int *stack, int depth)
{
    program *p = c->p;
    stack[depth] = p->nfiles;
    XAPPEND(c->file_ids, c->nfile_ids) = id;
    XAPPEND(p->files, p->nfiles) = src;
    ast_file *f = parse_file(src, c->a, c->d);
    if (depth == 0) {
        p->agreement = f->agreement;
        c->tests_only = !f->agreement;
        for (int i = 0; i < f->ndecls; i++) c->tests_only &= f->decls[i].kind == D_IMPORT || f->decls[i].kind == D_TEST;
    } else if (f->agreement && depth == 1 && c->tests_only && !p->agreement) {
        /* A file of tests beside the rules imports them, agreement and all. */
        p->agreement = f->agreement;
    } else if (f->agreement) {
        diag *g = diag_error(c->d, f->agreement->at, "an imported file cannot declare the agreement");
        diag_hint(g, "the agreement header belongs in the main rule file");
    }
    for (int i = 0; i < f->ndecls; i++) {
        ast_decl *d = &f->decls[i];
        if (d->kind != D_IMPORT) continue;
        char *mid = NULL;
        src_file *m = open_import(c, src, d->import, &mid);
        if (!m) continue;
        int cycle = -1;
        bool seen = false;
        for (int k = depth; k >= 0 && cycle < 0; k--)
            if (!strcmp(c->file_ids[stack[k]], mid)) cycle = k;
        for (int k = 0; k < c->nfile_ids; k++)
            if (!strcmp(c->file_ids[k], mid)) seen = true;
        if (cycle >= 0 || seen || depth >= MAX_IMPORT_DEPTH - 1) {
            if (cycle >= 0) import_cycle(c, d->import->at, stack, cycle, depth);
            else if (!seen) diag_error(c->d, d->import->at, "imports nest deeper than %d files", MAX_IMPORT_DEPTH);
            src_free(m);
            free(mid);
        } else {
            load(c, m, mid, stack, depth + 1);
        }
    }
    /* Declarations join the rule set after the imports they depend on. */
    for (int i = 0; i < f->ndecls; i++) {
        ast_decl *d = &f->decls[i];
        global_sym g = { .kind = d->kind };
        switch (d->kind) {
        case D_IMPORT: continue;
        case D_DATASET: g.name = d->dataset->name; g.at = d->dataset->at; g.dataset = d->dataset; break;
        case D_PARAM: g.name = d->param->name; g.at = d->param->at; g.param = d->param; break;
        case D_DEFINE: g.name = d->define->name; g.at = d->define->at; g.define = d->define; break;
        case D_TABLE: g.name = d->table->name; g.at = d->table->at; g.table = d->table; break;
        case D_RULE:
            XAPPEND(p->rules, p->nrules) = d->rule;
            continue;
        case D_TEST:
            /* The main file's tests; `styr test` checks and runs them, nothing else reads them. */
            if (depth == 0) XAPPEND(p->tests, p->ntests) = d->test;
            continue;
        }
        global_sym *prev = chk_global(c, g.name);
        if (prev) {
            diag *e = diag_error(c->d, g.at, "`%s` is declared twice", g.name);
            diag_note(e, prev->at, "the first declaration is here");
            continue;
        }
        XGROW(c->globals, c->capglobals, c->nglobals + 1);
        c->globals[c->nglobals++] = g;
    }
}

/* ------------------------------------------------------------------ names and slots */

global_sym *chk_global(checker *c, const char *name)
{
    for (int i = 0; i < c->nglobals; i++)
        if (!strcmp(c->globals[i].name, name)) return &c->globals[i];
    return NULL;
}

int chk_new_slot(checker *c, frame_level level)
{
    switch (level) {
    case LV_GLOBAL: return c->p->nglobal_slots++;
    case LV_ROW: return c->block->nrow_slots++;
    case LV_GROUP: return c->block->ngroup_slots++;
    }
    return 0;
}

binding *chk_bind(checker *c, const char *name, loc at, stype ty, frame_level level, int slot)
{
    binding *prev = chk_lookup(c, name);
    if (prev) {
        diag *g = diag_error(c->d, at, "`%s` is already bound here", name);
        diag_note(g, prev->at, "the earlier `%s` is here", name);
        diag_hint(g, "choose another name");
    } else if (chk_global(c, name)) {
        diag *g = diag_error(c->d, at, "`%s` is already the name of a declaration", name);
        diag_note(g, chk_global(c, name)->at, "declared here");
        diag_hint(g, "choose another name, so each name means one thing");
    }
    XGROW(c->locals, c->caplocals, c->nlocals + 1);
    binding *b = &c->locals[c->nlocals++];
    *b = (binding){ .name = name, .at = at, .ty = ty, .level = level, .slot = slot };
    return b;
}

binding *chk_lookup(checker *c, const char *name)
{
    for (int i = c->nlocals - 1; i >= c->barrier; i--)
        if (!strcmp(c->locals[i].name, name)) return &c->locals[i];
    return NULL;
}

bool chk_assignable(stype from, stype to)
{
    if (from.kind == TY_ERROR || to.kind == TY_ERROR) return true;
    /* A plain whole number stands for a year: tariffs[id, 2019]. */
    if (to.kind == TY_YEAR && from.kind == TY_NUM && from.integral && type_dimensionless(from)) return true;
    return type_equal(from, to);
}

/* Edit distance, for suggestions; names are short. */
static int distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 40 || m > 40) return 99;
    int d[41][41];
    for (size_t i = 0; i <= n; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

void chk_suggest(checker *c, diag *g, const char *name)
{
    const char *best = NULL;
    int best_d = (int)strlen(name) / 3 + 1;
    for (int i = c->nlocals - 1; i >= c->barrier; i--) {
        int dd = distance(name, c->locals[i].name);
        if (dd < best_d) { best_d = dd; best = c->locals[i].name; }
    }
    for (int i = 0; i < c->nglobals; i++) {
        int dd = distance(name, c->globals[i].name);
        if (dd < best_d) { best_d = dd; best = c->globals[i].name; }
    }
    if (best) diag_hint(g, "did you mean `%s`?", best);
}

bool chk_reads_slot(const ast_expr *e, frame_level level, int slot)
{
    if (!e) return false;
    if (e->kind == EX_NAME && e->ref.kind == REF_SLOT && e->ref.level == level && e->ref.slot == slot)
        return true;
    if (chk_reads_slot(e->a, level, slot) || chk_reads_slot(e->b, level, slot) ||
        chk_reads_slot(e->c, level, slot) || chk_reads_slot(e->weight, level, slot) ||
        chk_reads_slot(e->for_src, level, slot) || chk_reads_slot(e->for_cond, level, slot) ||
        chk_reads_slot(e->body, level, slot))
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (chk_reads_slot(e->args[i], level, slot)) return true;
    for (int i = 0; i < e->nparts; i++)
        if (chk_reads_slot(e->parts[i].expr, level, slot)) return true;
    return false;
}

/* ------------------------------------------------------------------ datasets */

static int column_index(const ast_dataset *ds, const char *name)
{
    for (int i = 0; i < ds->ncols; i++)
        if (!strcmp(ds->cols[i].name, name)) return i;
    return -1;
}

static void unknown_column(checker *c, const ast_dataset *ds, loc at, const char *name, const char *role)
{
    diag *g = diag_error(c->d, at, "%s `%s` is not a column of `%s`", role, name, ds->name);
    buf cols = {0};
    for (int i = 0; i < ds->ncols; i++) buf_printf(&cols, "%s%s", i ? ", " : "", ds->cols[i].name);
    diag_hint(g, "its columns are: %s", cols.data ? cols.data : "(none)");
    buf_free(&cols);
}

static void check_format(checker *c, const ast_format *f)
{
    const char *v = f->value;
    bool ok;
    if (!strcmp(f->option, "separator"))
        ok = (!strcmp(v, ",") || !strcmp(v, ";") || !strcmp(v, "\t") || !strcmp(v, "|") || !strcmp(v, "tab"));
    else if (!strcmp(f->option, "decimal"))
        ok = !strcmp(v, ",") || !strcmp(v, ".");
    else if (!strcmp(f->option, "thousands"))
        ok = !strcmp(v, ",") || !strcmp(v, ".") || !strcmp(v, " ") || !strcmp(v, "");
    else if (!strcmp(f->option, "encoding"))
        ok = !strcasecmp(v, "utf-8") || !strcasecmp(v, "windows-1252") || !strcasecmp(v, "cp1252");
    else {
        diag *g = diag_error(c->d, f->at, "unknown format option `%s`", f->option);
        diag_hint(g, "the options are separator, decimal, thousands and encoding");
        return;
    }
    if (!ok) {
        diag *g = diag_error(c->d, f->at, "\"%s\" is not a value for %s", v, f->option);
        diag_hint(g, "separator \";\" | \",\" | \"tab\" | \"|\"; decimal \",\" | \".\"; "
                     "thousands \".\" | \",\" | \" \"; encoding \"utf-8\" | \"windows-1252\"");
    }
}

static void check_dataset(checker *c, ast_dataset *ds)
{
    for (int i = 0; i < ds->ncols; i++) {
        ast_column *col = &ds->cols[i];
        if (!type_from_name(col->type.name, col->type.per, &col->ty)) {
            diag *g = diag_error(c->d, col->type.at, "`%s%s%s` is not a column type", col->type.name,
                                 col->type.per ? " per " : "", col->type.per ? col->type.per : "");
            diag_hint(g, "column types are text, int, number, percent, money, money per day|hour|month, "
                         "days, hours, months, date, year, bool");
            col->ty = ty_error;
        }
        if (column_index(ds, col->name) != i) {
            diag *g = diag_error(c->d, col->at, "column `%s` is declared twice", col->name);
            diag_note(g, ds->cols[column_index(ds, col->name)].at, "first declared here");
        }
    }
    if (!ds->ncols) {
        diag *g = diag_error(c->d, ds->at, "dataset `%s` declares no columns", ds->name);
        diag_hint(g, "list the columns rules read: columns offer_id text year year ...");
    }
    ds->key_col = ARENA_ARRAY(c->a, int, ds->nkey ? ds->nkey : 1);
    for (int i = 0; i < ds->nkey; i++) {
        ds->key_col[i] = column_index(ds, ds->key[i]);
        if (ds->key_col[i] < 0) unknown_column(c, ds, ds->key_at[i], ds->key[i], "key");
        else ds->cols[ds->key_col[i]].read = true;
    }
    if (ds->dated_by) {
        ds->dated_col = column_index(ds, ds->dated_by);
        if (ds->dated_col < 0) unknown_column(c, ds, ds->dated_at, ds->dated_by, "dated by");
        else if (ds->cols[ds->dated_col].ty.kind != TY_YEAR && ds->cols[ds->dated_col].ty.kind != TY_DATE) {
            diag *g = diag_error(c->d, ds->dated_at, "`%s` is %s; a dataset is dated by a year or a date",
                                 ds->dated_by, type_str(ds->cols[ds->dated_col].ty));
            diag_hint(g, "declare the column as year or date");
        }
        if (ds->dated_col >= 0) ds->cols[ds->dated_col].read = true;
    }
    for (int i = 0; i < ds->nformats; i++) check_format(c, &ds->formats[i]);
    if (ds->path) {
        char *file = path_join(ds->file->dir, ds->path);
        char *real = path_resolve(file);
        if (!path_allowed(&c->p->reach, real)) {
            buf what = {0};
            buf_printf(&what, "the file of dataset `%s` lies", ds->name);
            outside(c, ds->path_at, what.data, real);
            buf_free(&what);
        }
        free(real);
        free(file);
    }
    ds->index = c->p->ndatasets;
    XAPPEND(c->p->datasets, c->p->ndatasets) = ds;
}

/* ------------------------------------------------------------------ parameters and constants */

/* Checks a parameter's or constant define's value the first time it is needed, so they
** may be declared in any order; a value that needs itself is a cycle. */
void chk_global_value(checker *c, global_sym *g)
{
    if (g->state == 2) return;
    if (g->state == 1) {
        diag *e = diag_error(c->d, g->at, "the value of `%s` depends on itself", g->name);
        diag_hint(e, "a value must be computable from values declared without it");
        g->ty = ty_error;
        return;
    }
    g->state = 1;
    /* A global value sees only other globals: save and hide the block being checked. */
    checker saved = *c;
    c->barrier = c->nlocals;
    c->level = LV_GLOBAL;
    c->block = NULL;
    c->grouped = false;
    c->agg_depth = 0;
    ast_expr *value = g->kind == D_PARAM ? g->param->value : g->define->body;
    stype ty = chk_expr(c, value);
    if (g->kind == D_PARAM && g->param->type) {
        stype want;
        if (!type_from_name(g->param->type->name, g->param->type->per, &want)) {
            diag_error(c->d, g->param->type->at, "`%s` is not a type", g->param->type->name);
        } else if (!chk_assignable(ty, want)) {
            diag *e = diag_error(c->d, value->at, "parameter `%s` is declared %s but its value is %s",
                                 g->name, type_str(want), type_str(ty));
            diag_hint(e, "write the value in the declared unit, like 6 %% or 1000 kr");
        } else {
            ty = want;
        }
    }
    if (ty.kind == TY_RANGE || ty.kind == TY_LIST) {
        diag_error(c->d, value->at, "`%s` must be a single value, not %s", g->name, type_str(ty));
    }
    c->barrier = saved.barrier;
    c->level = saved.level;
    c->block = saved.block;
    c->grouped = saved.grouped;
    c->agg_depth = saved.agg_depth;
    g->ty = ty;
    g->slot = c->p->nglobal_slots++;
    XAPPEND(c->p->globals, c->p->nglobals) = (global_init){
        .name = g->name, .slot = g->slot, .value = value, .overridable = g->kind == D_PARAM, .ty = ty,
    };
    g->state = 2;
}

/* ------------------------------------------------------------------ decision tables */

static void check_table(checker *c, ast_table *t)
{
    stype *col_ty = ARENA_ARRAY(c->a, stype, t->nby ? t->nby : 1);
    bool *seen = ARENA_ARRAY(c->a, bool, t->nby ? t->nby : 1);
    stype value_ty = ty_error;
    bool have_value = false;
    c->level = LV_GLOBAL;
    c->barrier = c->nlocals;
    for (int i = 0; i < t->nentries; i++) {
        ast_entry *e = &t->entries[i];
        if (e->npats != t->nby) {
            diag *g = diag_error(c->d, e->at, "this entry has %d value%s but the table is by %d",
                                 e->npats, e->npats == 1 ? "" : "s", t->nby);
            diag_hint(g, "give one pattern per input, `any` where an input does not matter");
            continue;
        }
        for (int k = 0; k < e->npats; k++) {
            ast_pattern *pt = &e->pats[k];
            if (pt->kind == PAT_ANY) continue;
            stype ty = chk_expr(c, pt->a);
            if (pt->b) ty = chk_unify(c, ty, chk_expr(c, pt->b), pt->at, "the ends of a range");
            if (pt->kind != PAT_EQ && ty.kind != TY_NUM && ty.kind != TY_YEAR && ty.kind != TY_DATE &&
                ty.kind != TY_ERROR)
                diag_error(c->d, pt->at, "a range or comparison needs numbers, years or dates, not %s",
                           type_str(ty));
            col_ty[k] = seen[k] ? chk_unify(c, col_ty[k], ty, pt->at, "the values of one table input") : ty;
            seen[k] = true;
        }
        stype vt = chk_expr(c, e->value);
        value_ty = have_value ? chk_unify(c, value_ty, vt, e->value->at, "the results of a table") : vt;
        have_value = true;
    }
    if (t->otherwise) {
        stype vt = chk_expr(c, t->otherwise);
        value_ty = have_value ? chk_unify(c, value_ty, vt, t->otherwise->at, "the results of a table") : vt;
    }
    if (!t->nentries) diag_error(c->d, t->at, "table `%s` has no entries", t->name);
    t->value_ty = value_ty;
    t->in_ty = col_ty;
}

/* ------------------------------------------------------------------ the whole program */

static void check_all(checker *c)
{
    for (int i = 0; i < c->nglobals; i++)
        if (c->globals[i].kind == D_DATASET) check_dataset(c, c->globals[i].dataset);
    for (int i = 0; i < c->nglobals; i++)
        if (c->globals[i].kind == D_TABLE) check_table(c, c->globals[i].table);
    for (int i = 0; i < c->nglobals; i++) {
        global_sym *g = &c->globals[i];
        if (g->kind == D_PARAM || (g->kind == D_DEFINE && g->define->nparams == 0 && !g->define->has_parens))
            chk_global_value(c, g);
    }
    for (int i = 0; i < c->p->nrules; i++) {
        ast_rule *r = c->p->rules[i];
        for (int k = 0; k < i; k++) {
            if (!strcmp(c->p->rules[k]->id, r->id)) {
                diag *g = diag_error(c->d, r->at, "two rules have the id `%s`", r->id);
                diag_note(g, c->p->rules[k]->at, "the first is here");
                diag_hint(g, "reports and tests refer to rules by id, so each must be unique");
                break;
            }
        }
        chk_rule(c, r);
    }
    /* Defines with parameters are checked where they are called; one never called is
    ** still parsed but its body's types are unknown until then. */
}

static program *check_program(src_file *main, const char *const *allow)
{
    program *p = xcalloc(1, sizeof *p);
    path_policy_init(&p->reach, main->dir, allow);
    checker c = { .p = p, .a = &p->arena, .d = &p->diags };
    int stack[MAX_IMPORT_DEPTH];
    char *id = path_resolve(main->path);
    load(&c, main, id ? id : xstrdup(main->path), stack, 0);
    if (!p->diags.errors) check_all(&c);
    p->name = p->agreement ? p->agreement->name : main->path;
    for (int i = 0; i < c.nfile_ids; i++) free(c.file_ids[i]);
    free(c.file_ids);
    free(c.globals);
    free(c.locals);
    return p;
}

program *prog_load(const char *path, const char *text, size_t len, const char *const *allow)
{
    if (text) return check_program(src_from_text(path, text, len), allow);
    src_file *src = src_read(path);
    if (!src) {
        program *p = xcalloc(1, sizeof *p);
        diag *g = diag_error(&p->diags, (loc){0}, "cannot read the rule file %s", path);
        diag_hint(g, "check the path; rule files end in .styr");
        p->name = "";
        return p;
    }
    return check_program(src, allow);
}

program *prog_load_file(const char *path)
{
    return prog_load(path, NULL, 0, NULL);
}

program *prog_load_text(const char *name, const char *text, size_t len)
{
    return prog_load(name, text, len, NULL);
}

void prog_free(program *p)
{
    if (!p) return;
    for (int i = 0; i < p->nfiles; i++) src_free(p->files[i]);
    free(p->files);
    free(p->datasets);
    free(p->globals);
    free(p->rules);
    free(p->tests);
    for (int i = 0; i < p->noutputs; i++) free(p->outputs[i].cols);
    free(p->outputs);
    diag_free(&p->diags);
    path_policy_free(&p->reach);
    arena_free(&p->arena);
    free(p);
}

ast_dataset *prog_dataset(const program *p, const char *name)
{
    for (int i = 0; i < p->ndatasets; i++)
        if (!strcmp(p->datasets[i]->name, name)) return p->datasets[i];
    return NULL;
}
