/*
** module.c: resolving imports to files or to the embedded standard library.
*/
#include "module.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "paths.h"

static src_file *open_stdlib(const char *import, const char **why)
{
    size_t n = strlen(import);
    if (n > 5 && !strcmp(import + n - 5, ".styr")) n -= 5;
    for (const mod_embedded *m = mod_stdlib; m->name; m++) {
        if (strlen(m->name) == n && !strncmp(m->name, import, n)) {
            buf path = {0};
            buf_printf(&path, "<%s>", m->name);
            src_file *f = src_from_text(path.data, m->text, m->len);
            buf_free(&path);
            return f;
        }
    }
    *why = "the standard library has no such module";
    return NULL;
}

char *mod_file(const src_file *from, const char *import)
{
    if (!strncmp(import, "stdlib/", 7)) return NULL;
    char *joined = path_join(from->dir, import);
    size_t n = strlen(import);
    if (n >= 5 && !strcmp(import + n - 5, ".styr")) return joined;
    buf path = {0};
    buf_printf(&path, "%s.styr", joined);
    free(joined);
    return buf_take(&path);
}

src_file *mod_open(const src_file *from, const char *import, const char **why)
{
    char *path = mod_file(from, import);
    if (!path) return open_stdlib(import, why);
    src_file *f = src_read(path);
    if (!f) *why = strerror(errno);
    free(path);
    return f;
}
