/*
** bind.c: loading the datasets of a program, see bind.h.
*/
#include "bind.h"

#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "load.h"
#include "xalloc.h"

static col_kind kind_of(stype t)
{
    switch (t.kind) {
    case TY_TEXT: return COL_TEXT;
    case TY_BOOL: return COL_BOOL;
    case TY_DATE: return COL_DATE;
    case TY_YEAR: return COL_YEAR;
    default: break;
    }
    if (t.dim[DIM_DKK] == 1) return COL_MONEY;
    if (t.percent) return COL_PERCENT;
    return t.integral ? COL_INT : COL_NUMBER;
}

static void apply_format(csv_dialect *d, const ast_format *f)
{
    const char *v = f->value;
    if (!strcmp(f->option, "separator")) d->separator = !strcmp(v, "tab") ? '\t' : v[0];
    else if (!strcmp(f->option, "decimal")) d->decimal = v[0];
    else if (!strcmp(f->option, "thousands")) d->thousands = v[0];
    else if (!strcmp(f->option, "encoding")) d->encoding = !strcasecmp(v, "utf-8") ? CSV_ENC_UTF8 : CSV_ENC_CP1252;
}

ds_schema *bind_schema(const ast_dataset *decl, arena *a)
{
    ds_schema *s = ARENA_NEW(a, ds_schema);
    s->name = decl->name;
    s->ncols = decl->ncols;
    s->cols = ARENA_ARRAY(a, col_schema, decl->ncols ? decl->ncols : 1);
    for (int i = 0; i < decl->ncols; i++) {
        const ast_column *c = &decl->cols[i];
        s->cols[i] = (col_schema){ .name = c->name, .kind = kind_of(c->ty), .optional = c->optional, .skip = !c->read,
                                   .headers = c->headers, .nheaders = c->nheaders };
    }
    for (int i = 0; i < decl->nformats; i++) apply_format(&s->dialect, &decl->formats[i]);
    return s;
}

/* The file of a dataset, allocated in a (the dataset keeps pointing at it). */
static const char *file_of(const ast_dataset *decl, const char *given, arena *a)
{
    if (given) return arena_strdup(a, given);
    if (!decl->path) return NULL;
    if (decl->path[0] == '/') return arena_strdup(a, decl->path);
    return arena_printf(a, "%s/%s", decl->file->dir, decl->path);
}

/* A declared key must identify one row: report the first key found twice. */
static bool check_key(const ast_dataset *decl, dataset *ds, char **err)
{
    if (!decl->nkey) return true;
    /* A text key whose every row brought a new string is unique without an index; one
    ** is built later only if a rule looks rows up by it. */
    const column *first_col = &ds->cols[decl->key_col[0]];
    if (decl->nkey == 1 && first_col->kind == COL_TEXT && first_col->dict->count == ds->nrows) return true;
    ds_index *ix = idx_get(ds, decl->key_col, decl->nkey);
    int64_t g = idx_first_duplicate(ix);
    if (g < 0) return true;
    uint32_t first = ix->rows[ix->start[g]], second = ix->rows[ix->start[g] + 1];
    buf msg = {0};
    buf_printf(&msg, "%s:%lld: the key (", ds->path, (long long)ds_line(ds, second));
    for (int i = 0; i < decl->nkey; i++) {
        buf_printf(&msg, "%s%s ", i ? ", " : "", decl->key[i]);
        val_format(val_cell(ds, decl->key_col[i], first), decl->cols[decl->key_col[i]].ty, &msg);
    }
    buf_printf(&msg, ") is already on line %lld; dataset %s is keyed by it, so it must be unique",
               (long long)ds_line(ds, first), decl->name);
    *err = buf_take(&msg);
    return false;
}

bind_status bind_load(const program *prog, const char *const *paths, const bind_opts *o, dataset **data, arena *a,
                      char **err)
{
    for (int i = 0; i < prog->ndatasets; i++) {
        const ast_dataset *decl = prog->datasets[i];
        if (data[i]) {
            /* Bound from memory before the run. */
            if (!check_key(decl, data[i], err)) return BIND_DATA;
            continue;
        }
        if (!decl->used) continue;
        const char *path = file_of(decl, paths ? paths[i] : NULL, a);
        if (!path) {
            buf msg = {0};
            buf_printf(&msg, "dataset %s has no file: give one with --data %s=PATH, or name it in the rule "
                             "file (dataset %s from \"...\")", decl->name, decl->name, decl->name);
            *err = buf_take(&msg);
            return BIND_USAGE;
        }
        data[i] = xcalloc(1, sizeof *data[i]);
        ds_schema *schema = bind_schema(decl, a);
        schema->progress = o->progress;
        schema->rejects = o->rejects;
        bool ok = load_csv_file(schema, path, o->jobs, data[i], err);
        if (!ok || !check_key(decl, data[i], err)) {
            /* Not left half-read: a later load would take it for data bound from memory. */
            bind_free_dataset(data[i]);
            data[i] = NULL;
            return BIND_DATA;
        }
    }
    return BIND_OK;
}

void bind_free_dataset(dataset *d)
{
    if (!d) return;
    idx_free_all(d);
    ds_free(d);
    free(d);
}

void bind_free(const program *prog, dataset **data)
{
    for (int i = 0; i < prog->ndatasets; i++) {
        bind_free_dataset(data[i]);
        data[i] = NULL;
    }
}
