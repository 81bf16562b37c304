/*
** styr_sqlite.c: a SQLite extension that runs styr rule files over the tables of the
** database (`.load styr_sqlite`). Two table-valued functions:
**
**   SELECT * FROM styr_check('rules/hovedstaden-2021-2022.styr') WHERE rule = 'indexation_cap';
**       one row per item (violation, missed target, flagged row or group): rule, kind,
**       status, dataset, row, key and "values" (JSON objects as in the JSON report),
**       message, explained, explanation, error;
**   SELECT * FROM styr_rules('rules/hovedstaden-2021-2022.styr');
**       one row per rule: rule, title, kind, status, checked, violations, explained, errors.
**
** Each dataset is read from the table (or view) of its name when there is one, else from
** the file the rule file names. A second argument holds options, `engine=interp|jit|auto`,
** `jobs=N` and `allow_path=DIR` (a folder the rules may import from and name data files
** in, besides their own), separated by spaces or commas. Errors (a rule file with errors, a value
** that does not fit its column) are SQL errors with libstyr's message.
*/
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3ext.h>

#include "sq_table.h"
#include "styr.h"

SQLITE_EXTENSION_INIT1

/* What a table-valued function shows: its columns (the last two hidden: the rule file
** and the options) and, for a position, its number of rows and a cell. */
typedef struct sq_run sq_run;
typedef struct sq_shape {
    const char *schema;
    int ncols;                                 /* visible columns */
    int64_t (*rows)(const sq_run *run, int rule);
    void (*cell)(sqlite3_context *ctx, const sq_run *run, int rule, int64_t item, int col);
} sq_shape;

struct sq_run {
    styr_rules *rules;
    styr_run *run;
    sq_data **data;                            /* per dataset: columns read from a table */
    int ndata;
};

typedef struct sq_vtab {
    sqlite3_vtab base;
    sqlite3 *db;
    const sq_shape *shape;
} sq_vtab;

typedef struct sq_cursor {
    sqlite3_vtab_cursor base;
    sq_run r;
    int rule;                                  /* position: rule, and item for styr_check */
    int64_t item, rowid;
} sq_cursor;

/* ------------------------------------------------------------------ JSON of item values */

static void json_string(sqlite3_str *out, const char *s)
{
    sqlite3_str_appendchar(out, 1, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') sqlite3_str_appendf(out, "\\%c", ch);
        else if (ch < 0x20) sqlite3_str_appendf(out, "\\u%04x", ch);
        else sqlite3_str_appendchar(out, 1, (char)ch);
    }
    sqlite3_str_appendchar(out, 1, '"');
}

/* The key or values of an item as a JSON object, as the JSON report writes them: money,
** dates and texts as strings, numbers and bools bare, empty values null. */
static void values_json(sqlite3_context *ctx, const styr_run *run, int rule, int64_t item, int part)
{
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    sqlite3_str_appendchar(out, 1, '{');
    int n = styr_item_values(run, rule, item, part);
    for (int k = 0; k < n; k++) {
        const char *name;
        int type;
        const char *text = styr_item_value(run, rule, item, part, k, &name, &type);
        if (k) sqlite3_str_appendall(out, ", ");
        json_string(out, name);
        sqlite3_str_appendall(out, ": ");
        if (!text) sqlite3_str_appendall(out, "null");
        else if (type == STYR_TYPE_MONEY || type == STYR_TYPE_DATE || type == STYR_TYPE_TEXT) json_string(out, text);
        else sqlite3_str_appendall(out, text);
    }
    sqlite3_str_appendchar(out, 1, '}');
    int len = sqlite3_str_length(out);
    char *json = sqlite3_str_finish(out);
    if (!json) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, len, sqlite3_free);
    sqlite3_result_subtype(ctx, 'J');          /* JSON, for json_extract and friends */
}

static void text_or_null(sqlite3_context *ctx, const char *s)
{
    if (s) sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
    else sqlite3_result_null(ctx);
}

/* ------------------------------------------------------------------ the two shapes */

enum { CK_RULE, CK_KIND, CK_STATUS, CK_DATASET, CK_ROW, CK_KEY, CK_MESSAGE, CK_EXPLAINED, CK_EXPLANATION,
       CK_VALUES, CK_ERROR, CK_NCOLS };

static int64_t check_rows(const sq_run *r, int rule)
{
    return styr_result_rule_count(r->run, rule, STYR_COUNT_ITEMS);
}

static void check_cell(sqlite3_context *ctx, const sq_run *r, int rule, int64_t item, int col)
{
    const styr_run *run = r->run;
    switch (col) {
    case CK_RULE: text_or_null(ctx, styr_result_rule_id(run, rule)); break;
    case CK_KIND: text_or_null(ctx, styr_result_rule_kind(run, rule)); break;
    case CK_STATUS: text_or_null(ctx, styr_result_rule_status(run, rule)); break;
    case CK_DATASET: text_or_null(ctx, styr_item_text(run, rule, item, STYR_ITEM_DATASET)); break;
    case CK_ROW: {
        int64_t row = styr_item_row(run, rule, item);
        if (row > 0) sqlite3_result_int64(ctx, row);
        else sqlite3_result_null(ctx);
        break;
    }
    case CK_KEY: values_json(ctx, run, rule, item, STYR_PART_KEY); break;
    case CK_MESSAGE: text_or_null(ctx, styr_item_text(run, rule, item, STYR_ITEM_MESSAGE)); break;
    case CK_EXPLAINED: sqlite3_result_int(ctx, styr_item_explained(run, rule, item)); break;
    case CK_EXPLANATION: text_or_null(ctx, styr_item_text(run, rule, item, STYR_ITEM_EXPLANATION)); break;
    case CK_VALUES: values_json(ctx, run, rule, item, STYR_PART_VALUES); break;
    case CK_ERROR: text_or_null(ctx, styr_item_text(run, rule, item, STYR_ITEM_ERROR)); break;
    default: sqlite3_result_null(ctx); break;
    }
}

static const sq_shape check_shape = {
    "CREATE TABLE x(rule TEXT, kind TEXT, status TEXT, dataset TEXT, row INTEGER, key TEXT, message TEXT, "
    "explained INTEGER, explanation TEXT, \"values\" TEXT, error TEXT, rules HIDDEN, options HIDDEN)",
    CK_NCOLS, check_rows, check_cell,
};

enum { RU_RULE, RU_TITLE, RU_KIND, RU_STATUS, RU_CHECKED, RU_VIOLATIONS, RU_EXPLAINED, RU_ERRORS, RU_NCOLS };

static int64_t rules_rows(const sq_run *r, int rule)
{
    (void)r;
    (void)rule;
    return 1;
}

static void rules_cell(sqlite3_context *ctx, const sq_run *r, int rule, int64_t item, int col)
{
    (void)item;
    const styr_run *run = r->run;
    static const int counts[] = { STYR_COUNT_CHECKED, STYR_COUNT_VIOLATIONS, STYR_COUNT_EXPLAINED, STYR_COUNT_ERRORS };
    const char *id = styr_result_rule_id(run, rule);
    switch (col) {
    case RU_RULE: text_or_null(ctx, id); break;
    case RU_TITLE:
        for (int i = 0; i < styr_rules_count(r->rules); i++)
            if (!strcmp(styr_rule_id(r->rules, i), id)) text_or_null(ctx, styr_rule_title(r->rules, i));
        break;
    case RU_KIND: text_or_null(ctx, styr_result_rule_kind(run, rule)); break;
    case RU_STATUS: text_or_null(ctx, styr_result_rule_status(run, rule)); break;
    default: sqlite3_result_int64(ctx, styr_result_rule_count(run, rule, counts[col - RU_CHECKED])); break;
    }
}

static const sq_shape rules_shape = {
    "CREATE TABLE x(rule TEXT, title TEXT, kind TEXT, status TEXT, checked INTEGER, violations INTEGER, "
    "explained INTEGER, errors INTEGER, rules HIDDEN, options HIDDEN)",
    RU_NCOLS, rules_rows, rules_cell,
};

/* ------------------------------------------------------------------ running the rules */

static void run_free(sq_run *r)
{
    styr_run_free(r->run);                     /* first: it may use the tables' columns */
    for (int i = 0; i < r->ndata; i++) sq_data_free(r->data[i]);
    free(r->data);
    styr_rules_close(r->rules);
    memset(r, 0, sizeof *r);
}

static bool is_allow_path(const char *opt, size_t n)
{
    return n > 11 && !strncmp(opt, "allow_path=", 11);
}

/* Applies an option to the run; allow_path=DIR was used when the rules were opened. */
static int set_option(void *ctx, const char *opt, size_t n, char **err)
{
    sq_run *r = ctx;
    static const char *engines[] = { "auto", "interp", "jit" };
    static const int engine_codes[] = { STYR_ENGINE_AUTO, STYR_ENGINE_INTERP, STYR_ENGINE_JIT };
    for (int i = 0; i < 3; i++)
        if (n == 7 + strlen(engines[i]) && !strncmp(opt, "engine=", 7) && !strncmp(opt + 7, engines[i], n - 7)) {
            styr_run_set_engine(r->run, engine_codes[i]);
            return SQLITE_OK;
        }
    if (n > 5 && !strncmp(opt, "jobs=", 5) && strspn(opt + 5, "0123456789") == n - 5 && n - 5 <= 4) {
        styr_run_set_jobs(r->run, atoi(opt + 5));
        return SQLITE_OK;
    }
    if (is_allow_path(opt, n)) return SQLITE_OK;
    *err = sqlite3_mprintf("styr: unknown option '%.*s'; the options are engine=auto|interp|jit, jobs=N and "
                           "allow_path=DIR", (int)n, opt);
    return SQLITE_ERROR;
}

/* The folders of the allow_path=DIR options, NULL-terminated (sqlite3_malloc'ed). */
typedef struct sq_allow {
    char **dirs;
    int n;
} sq_allow;

static int add_allow_path(void *ctx, const char *opt, size_t n, char **err)
{
    sq_allow *a = ctx;
    if (!is_allow_path(opt, n)) return SQLITE_OK;
    char **dirs = sqlite3_realloc64(a->dirs, (uint64_t)(a->n + 2) * sizeof *dirs);
    char *dir = sqlite3_mprintf("%.*s", (int)n - 11, opt + 11);
    if (dirs) a->dirs = dirs;
    if (!dirs || !dir) {
        sqlite3_free(dir);
        *err = sqlite3_mprintf("styr: out of memory");
        return SQLITE_NOMEM;
    }
    a->dirs[a->n++] = dir;
    a->dirs[a->n] = NULL;
    return SQLITE_OK;
}

/* Calls fn for each option (separated by spaces, commas, semicolons or line ends)
** until one fails. */
static int each_option(const char *options, int (*fn)(void *ctx, const char *opt, size_t n, char **err), void *ctx,
                       char **err)
{
    const char *sep = " ,;\t\n";
    for (const char *p = options + strspn(options, sep); *p; p += strspn(p, sep)) {
        size_t n = strcspn(p, sep);
        int rc = fn(ctx, p, n, err);
        if (rc != SQLITE_OK) return rc;
        p += n;
    }
    return SQLITE_OK;
}

/* Opens the rules with the folders the options allow. */
static int open_rules(sq_run *r, const char *path, const char *options, char **err)
{
    sq_allow allow = { 0 };
    int rc = options ? each_option(options, add_allow_path, &allow, err) : SQLITE_OK;
    styr_open_options o = { .allow_paths = (const char *const *)allow.dirs };
    if (rc == SQLITE_OK && styr_rules_open_with(path, &o, &r->rules) != STYR_OK) {
        *err = sqlite3_mprintf("%s", styr_rules_errmsg(r->rules));
        rc = SQLITE_ERROR;
    }
    for (int i = 0; i < allow.n; i++) sqlite3_free(allow.dirs[i]);
    sqlite3_free(allow.dirs);
    return rc;
}

/* Opens the rules, binds the tables named like their datasets, runs them. */
static int run_rules(sqlite3 *db, sq_run *r, const char *path, const char *options, char **err)
{
    if (!path) {
        *err = sqlite3_mprintf("styr: the first argument is the path of a rule file");
        return SQLITE_ERROR;
    }
    int rc = open_rules(r, path, options, err);
    if (rc != SQLITE_OK) return rc;
    if (styr_run_new(r->rules, &r->run) != STYR_OK) return SQLITE_NOMEM;
    rc = options ? each_option(options, set_option, r, err) : SQLITE_OK;
    r->ndata = styr_rules_datasets(r->rules);
    r->data = calloc((size_t)r->ndata + 1, sizeof *r->data);
    if (!r->data) return SQLITE_NOMEM;
    for (int d = 0; d < r->ndata && rc == SQLITE_OK; d++) {
        const char *name = styr_dataset_name(r->rules, d);
        if (sq_has_table(db, name)) rc = sq_bind_table(db, r->run, r->rules, d, name, &r->data[d], err);
    }
    if (rc == SQLITE_OK && styr_execute(r->run) != STYR_OK) {
        *err = sqlite3_mprintf("%s", styr_run_errmsg(r->run));
        rc = SQLITE_ERROR;
    }
    return rc;
}

/* ------------------------------------------------------------------ the virtual table */

static int sq_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err)
{
    (void)argc;
    (void)argv;
    (void)err;
    const sq_shape *shape = aux;
    int rc = sqlite3_declare_vtab(db, shape->schema);
    if (rc != SQLITE_OK) return rc;
    sq_vtab *v = sqlite3_malloc(sizeof *v);
    if (!v) return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->db = db;
    v->shape = shape;
    *out = &v->base;
    sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);   /* it reads files: not from triggers or views */
    return SQLITE_OK;
}

static int sq_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* The rule file (idxNum bit 1) and the options (bit 2) are the hidden columns' equality
** constraints, as the function's arguments. */
static int sq_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    int ncols = ((sq_vtab *)vt)->shape->ncols, args[2] = { -1, -1 };
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn < ncols || c->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
        if (!c->usable) return SQLITE_CONSTRAINT;
        args[c->iColumn - ncols] = i;
    }
    if (args[0] < 0) {
        sqlite3_free(vt->zErrMsg);
        vt->zErrMsg = sqlite3_mprintf("styr: give the rule file, as in styr_check('rules.styr')");
        return SQLITE_ERROR;
    }
    info->idxNum = 0;
    for (int a = 0, n = 0; a < 2; a++) {
        if (args[a] < 0) continue;
        info->aConstraintUsage[args[a]].argvIndex = ++n;
        info->aConstraintUsage[args[a]].omit = 1;
        info->idxNum |= 1 << a;
    }
    info->estimatedCost = 1e6;
    info->estimatedRows = 1000;
    return SQLITE_OK;
}

static int sq_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    sq_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c) return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static int sq_close(sqlite3_vtab_cursor *cur)
{
    run_free(&((sq_cursor *)cur)->r);
    sqlite3_free(cur);
    return SQLITE_OK;
}

/* Moves to the first row at or after (rule, item): rules without rows are passed over. */
static void settle(sq_cursor *c)
{
    const sq_shape *shape = ((sq_vtab *)c->base.pVtab)->shape;
    while (c->rule < styr_result_rules(c->r.run) && c->item >= shape->rows(&c->r, c->rule)) {
        c->rule++;
        c->item = 0;
    }
}

static int sq_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc, sqlite3_value **argv)
{
    (void)idx_str;
    (void)argc;
    sq_cursor *c = (sq_cursor *)cur;
    sq_vtab *v = (sq_vtab *)cur->pVtab;
    run_free(&c->r);
    c->rule = 0;
    c->item = c->rowid = 0;
    const char *path = (const char *)sqlite3_value_text(argv[0]);
    const char *options = idx & 2 ? (const char *)sqlite3_value_text(argv[1]) : NULL;
    char *err = NULL;
    int rc = run_rules(v->db, &c->r, path, options, &err);
    if (rc != SQLITE_OK) {
        sqlite3_free(v->base.zErrMsg);
        v->base.zErrMsg = err;
        run_free(&c->r);
        return rc;
    }
    settle(c);
    return SQLITE_OK;
}

static int sq_next(sqlite3_vtab_cursor *cur)
{
    sq_cursor *c = (sq_cursor *)cur;
    c->item++;
    c->rowid++;
    settle(c);
    return SQLITE_OK;
}

static int sq_eof(sqlite3_vtab_cursor *cur)
{
    sq_cursor *c = (sq_cursor *)cur;
    return !c->r.run || c->rule >= styr_result_rules(c->r.run);
}

static int sq_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    sq_cursor *c = (sq_cursor *)cur;
    const sq_shape *shape = ((sq_vtab *)cur->pVtab)->shape;
    if (col < shape->ncols) shape->cell(ctx, &c->r, c->rule, c->item, col);
    else sqlite3_result_null(ctx);
    return SQLITE_OK;
}

static int sq_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid)
{
    *rowid = ((sq_cursor *)cur)->rowid;
    return SQLITE_OK;
}

/* Eponymous-only: xCreate is NULL, so the functions cannot be made into tables. */
static const sqlite3_module sq_module = {
    .iVersion = 0,
    .xConnect = sq_connect,
    .xBestIndex = sq_best_index,
    .xDisconnect = sq_disconnect,
    .xOpen = sq_open,
    .xClose = sq_close,
    .xFilter = sq_filter,
    .xNext = sq_next,
    .xEof = sq_eof,
    .xColumn = sq_column,
    .xRowid = sq_rowid,
};

/* The entry point SQLite derives from the file name styr_sqlite.so. */
__attribute__((visibility("default")))
int sqlite3_styrsqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);
int sqlite3_styrsqlite_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    (void)err;
    SQLITE_EXTENSION_INIT2(api);
    int rc = sqlite3_create_module(db, "styr_check", &sq_module, (void *)&check_shape);
    if (rc == SQLITE_OK) rc = sqlite3_create_module(db, "styr_rules", &sq_module, (void *)&rules_shape);
    return rc;
}
