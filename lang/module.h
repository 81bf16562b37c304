/*
** module.h: finding and reading the files a rule file imports. "stdlib/..." names a
** module of the standard library, which is compiled into styr; any other import is a
** path relative to the importing file (".styr" may be left out).
*/
#ifndef STYR_MODULE_H
#define STYR_MODULE_H

#include <stddef.h>

#include "source.h"

typedef struct mod_embedded {
    const char *name;     /* "stdlib/index" */
    const char *text;
    size_t len;
} mod_embedded;

/* The standard library, generated from stdlib/ at build time (tools/embed.sh). */
extern const mod_embedded mod_stdlib[];

/* The file an import names (malloc'ed), or NULL when it names a module of the standard
** library. */
char *mod_file(const src_file *from, const char *import);
/* Reads the module an import names. Returns NULL when there is none, with a reason in
** why ("no such file", "no module stdlib/x in the standard library"). The path of the
** result is what messages show. */
src_file *mod_open(const src_file *from, const char *import, const char **why);

#endif
