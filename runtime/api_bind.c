/*
** api_bind.c: giving a run its data from memory (styr.h): CSV text, or columns the
** caller owns. Both make the dataset at once, so a bad value is reported by the bind
** call that brought it.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "bind.h"
#include "load.h"
#include "xalloc.h"

/* The declaration of dataset name, or NULL with the run's error set. */
static const ast_dataset *declared(styr_run *run, const char *name)
{
    const program *p = run->rules->prog;
    const ast_dataset *ds = prog_dataset(p, name);
    if (!ds) {
        buf msg = {0};
        buf_printf(&msg, "the rules declare no dataset %s; they declare:", name);
        for (int i = 0; i < p->ndatasets; i++) buf_printf(&msg, " %s", p->datasets[i]->name);
        api_set_error(run, buf_take(&msg));
    }
    return ds;
}

void api_unbind(styr_run *run, int index)
{
    free(run->paths[index]);
    run->paths[index] = NULL;
    bind_free_dataset(run->data[index]);
    run->data[index] = NULL;
}

int styr_bind_file(styr_run *run, const char *name, const char *path)
{
    if (!run || !name || !path || run->executed || run->loaded) return STYR_ERR_USAGE;
    const ast_dataset *ds = declared(run, name);
    if (!ds) return STYR_ERR_USAGE;
    api_unbind(run, ds->index);
    run->paths[ds->index] = xstrdup(path);
    return STYR_OK;
}

int styr_bind_csv(styr_run *run, const char *name, const char *text, size_t len)
{
    if (!run || !name || (!text && len) || run->executed || run->loaded) return STYR_ERR_USAGE;
    const ast_dataset *ds = declared(run, name);
    if (!ds) return STYR_ERR_USAGE;
    api_unbind(run, ds->index);
    dataset *d = xcalloc(1, sizeof *d);
    char *err = NULL;
    ds_schema *schema = bind_schema(ds, &run->arena);
    schema->rejects = run->rejects;
    bool ok = load_csv_memory(schema, ds->name, text ? text : "", len, 1, d, &err);
    run->data[ds->index] = d;
    if (!ok) {
        api_unbind(run, ds->index);
        api_set_error(run, err);
        return STYR_ERR_DATA;
    }
    return STYR_OK;
}

int styr_bind_columns(styr_run *run, const char *name, int64_t nrows, const styr_column *cols, int ncols)
{
    if (!run || !name || run->executed || run->loaded) return STYR_ERR_USAGE;
    const ast_dataset *ds = declared(run, name);
    if (!ds) return STYR_ERR_USAGE;
    api_unbind(run, ds->index);
    dataset *d = xcalloc(1, sizeof *d);
    char *err = NULL;
    bind_status st = bind_columns(bind_schema(ds, &run->arena), nrows, cols, ncols, d, &err);
    run->data[ds->index] = d;
    if (st != BIND_OK) {
        api_unbind(run, ds->index);
        api_set_error(run, err);
        return st == BIND_USAGE ? STYR_ERR_USAGE : STYR_ERR_DATA;
    }
    return STYR_OK;
}

int styr_run_set_reject_file(styr_run *run, const char *path)
{
    if (!run || !path || run->executed || run->loaded) return STYR_ERR_USAGE;
    FILE *f = fopen(path, "w");
    if (!f) {
        buf msg = {0};
        buf_printf(&msg, "cannot write the reject file %s: %s", path, strerror(errno));
        api_set_error(run, buf_take(&msg));
        return STYR_ERR_WRITE;
    }
    fputs("dataset,file,line,reason,record\r\n", f);
    if (run->rejects) fclose(run->rejects);
    run->rejects = f;
    return STYR_OK;
}
