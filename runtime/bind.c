/*
** bind.c: loading the datasets of a program, see bind.h.
*/
#include "bind.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "index.h"
#include "load.h"
#include "streamable.h"
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

/* A default file is judged again when it is read: since the rules were checked it may
** have become a symlink that leads out of the folders they may reach. */
static bool reachable(const program *prog, const ast_dataset *decl, const char *path, char **err)
{
    char *real = path_resolve(path);
    bool ok = path_allowed(&prog->reach, real);
    if (!ok) {
        buf msg = {0};
        buf_printf(&msg, "%s: the file of dataset %s leads to %s, outside ", path, decl->name,
                   real ? real : "a path that cannot be resolved");
        path_roots_text(&prog->reach, &msg);
        *err = buf_take(&msg);
    }
    free(real);
    return ok;
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

/* The memory the datasets loaded so far take. */
static size_t held(const program *prog, dataset **data)
{
    size_t n = 0;
    for (int i = 0; i < prog->ndatasets; i++)
        if (data[i]) n += ds_bytes(data[i]);
    return n;
}

/* Drops the rows of the dataset, keeping what the report says of it (rows read and
** kept, the dialect) and its columns, empty. */
static void drop_rows(dataset *ds)
{
    const ds_schema *sc = ds->schema;
    size_t rows = ds->nrows;
    idx_free_all(ds);
    ds_free(ds);
    ds->nrows = rows;
    free(ds->cols);
    ds->cols = xcalloc((size_t)sc->ncols, sizeof *ds->cols);
    for (int c = 0; c < sc->ncols; c++) {
        col_init(&ds->cols[c], sc->cols[c].kind);
        if (sc->cols[c].optional) col_mark_empties(&ds->cols[c]);   /* as its batches have them */
    }
}

enum { MIN_BATCH_ROWS = 1024, MAX_BATCH_ROWS = 1 << 20 };

/*
** The dataset takes more than the memory left for it (it got as far as ds holds, maybe
** nowhere): reads the file again, keeping nothing but its key, to count and check its
** rows, then leaves it to be streamed. A batch may take a quarter of the memory left.
*/
static bool stream_instead(const ast_dataset *decl, ds_schema *schema, const char *path, size_t budget,
                           dataset *ds, arena *a, char **err)
{
    size_t row_bytes = ds->nrows ? ds_bytes(ds) / ds->nrows + 1 : 64;
    ds_schema *keys = ARENA_NEW(a, ds_schema);
    *keys = *schema;
    keys->cols = ARENA_ARRAY(a, col_schema, schema->ncols ? schema->ncols : 1);
    for (int c = 0; c < schema->ncols; c++) {
        keys->cols[c] = schema->cols[c];
        keys->cols[c].skip = true;
    }
    for (int k = 0; k < decl->nkey; k++) keys->cols[decl->key_col[k]].skip = false;
    idx_free_all(ds);
    ds_free(ds);
    free(ds->cols);
    *ds = (dataset){ 0 };
    free(*err);
    *err = NULL;
    /* In one thread: parts would each hold a dictionary of the key, and merging them
    ** took longer and more memory than the second thread saved (5 M rows: 17 s, 826 MB
    ** against 14 s, 647 MB). */
    if (!load_csv_file(keys, path, 1, ds, err) || !check_key(decl, ds, err)) return false;
    ds->schema = schema;
    schema->rejects = NULL;    /* the rows that cannot be read are reported now, not again */
    schema->progress = NULL;
    drop_rows(ds);
    size_t rows = budget / 4 / row_bytes;
    ds->stream = xcalloc(1, sizeof *ds->stream);
    ds->stream->batch_rows = rows < MIN_BATCH_ROWS ? MIN_BATCH_ROWS : rows > MAX_BATCH_ROWS ? MAX_BATCH_ROWS : rows;
    return true;
}

/* The message for a dataset over the memory limit: one that cannot be streamed, or
** (streaming) one whose key alone does not fit. */
static void too_big(const program *prog, const ast_dataset *decl, bool may_stream, bool streaming, char **err)
{
    buf msg = {0};
    buf_puts(&msg, *err);
    loc at;
    const char *how;
    if (streaming) {
        buf_printf(&msg, ". Dataset %s is read in batches, but its key alone takes that much: the key is held to "
                         "check that no row repeats it", decl->name);
    } else if (may_stream && !streamable(prog, decl, &at, &how)) {
        uint32_t line, col;
        src_line_col(at.file, at.start, &line, &col);
        buf_printf(&msg, ". Dataset %s cannot be read in batches instead: %s:%u:%u %s", decl->name, at.file->path,
                   line, col, how);
    }
    buf_printf(&msg, ". Hint: let the data take more with --max-memory SIZE (the default is 80 %% of this "
                     "machine's memory)");
    free(*err);
    *err = buf_take(&msg);
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
        if (!(paths && paths[i]) && !reachable(prog, decl, path, err)) return BIND_DATA;
        data[i] = xcalloc(1, sizeof *data[i]);
        ds_schema *schema = bind_schema(decl, a);
        schema->progress = o->progress;
        schema->rejects = o->rejects;
        size_t used = held(prog, data), budget = used < o->max_bytes ? o->max_bytes - used : 1;
        schema->max_bytes = o->max_bytes ? budget : 0;
        loc at;
        const char *how;
        /* Streaming reads the file more than once: a pipe cannot be. */
        struct stat st;
        bool regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        bool may_stream = o->max_bytes && o->may_stream && regular && streamable(prog, decl, &at, &how);
        /* A file larger than the memory left will not fit: it streams without a try. */
        bool no_try = may_stream && (size_t)st.st_size > budget;
        bool ok = !no_try && load_csv_file(schema, path, o->jobs, data[i], err);
        if (no_try || (!ok && data[i]->too_big)) {
            ok = may_stream && stream_instead(decl, schema, path, budget, data[i], a, err);
            if (!ok && data[i]->too_big) too_big(prog, decl, o->may_stream, may_stream, err);
        } else if (ok) {
            ok = check_key(decl, data[i], err);
        }
        if (!ok) {
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
    free(d->stream);
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
