/*
** jit_api.c: opening libgccjit at run time, see jit_api.h.
*/
#define JIT_API_IMPLEMENTATION
#include "jit_api.h"

#include <dlfcn.h>
#include <pthread.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

jit_api jit_fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *load_error;

#define LIBRARY "libgccjit.so.0"

/* STYR_LIBGCCJIT names another file to open: a newer libgccjit, or (in tests) none. */
static const char *library(void)
{
    const char *name = getenv("STYR_LIBGCCJIT");
    return name && *name ? name : LIBRARY;
}

static void load(void)
{
    void *lib = dlopen(library(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        load_error = "libgccjit.so.0 could not be opened (Debian: apt-get install libgccjit0)";
        return;
    }
#define JIT_API_RESOLVE(name)                                                   \
    if (!(jit_fn.name = (__typeof__(name) *)dlsym(lib, #name))) {               \
        load_error = "libgccjit.so.0 lacks " #name " (libgccjit 12 or later is needed)"; \
        return;                                                                 \
    }
    JIT_API_FUNCTIONS(JIT_API_RESOLVE)
#undef JIT_API_RESOLVE
}

bool jit_api_load(const char **why)
{
    pthread_once(&once, load);
    if (load_error && why) *why = load_error;
    return !load_error;
}

/* Debian installs libgccjit beside libc (/usr/lib/<triplet>), where the loader finds it. */
void jit_api_identity(char *out, size_t n)
{
    char path[PATH_MAX];
    const char *name = library();
    Dl_info info;
    if (strchr(name, '/')) {
        snprintf(path, sizeof path, "%s", name);
    } else if (dladdr((void *)printf, &info) && info.dli_fname && strrchr(info.dli_fname, '/')) {
        int dir = (int)(strrchr(info.dli_fname, '/') - info.dli_fname);
        snprintf(path, sizeof path, "%.*s/%s", dir, info.dli_fname, name);
    } else {
        *out = 0;
        return;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        *out = 0;
        return;
    }
    snprintf(out, n, "%s:%lld:%lld:%llu", path, (long long)st.st_size, (long long)st.st_mtime,
             (unsigned long long)st.st_ino);
}
