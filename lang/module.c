/*
** module.c: resolving imports to files or to the embedded standard library.
*/
#include "module.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

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

src_file *mod_open(const src_file *from, const char *import, const char **why)
{
    if (!strncmp(import, "stdlib/", 7)) return open_stdlib(import, why);
    buf path = {0};
    if (import[0] == '/') buf_puts(&path, import);
    else buf_printf(&path, "%s/%s", from->dir, import);
    size_t n = strlen(import);
    if (n < 5 || strcmp(import + n - 5, ".styr") != 0) buf_puts(&path, ".styr");
    src_file *f = src_read(path.data);
    if (!f) *why = strerror(errno);
    buf_free(&path);
    return f;
}
