/*
** paths.c: where a rule set may reach on disk, see paths.h.
*/
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

char *path_resolve(const char *path)
{
    /* Longer paths cannot be opened either; refusing them bounds the recursion. */
    if (strlen(path) >= PATH_MAX) return NULL;
    char *real = realpath(path, NULL);
    if (real) return real;
    /* Resolve the folder, then add the last part as the kernel would. */
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    size_t base = n;
    while (base > 0 && path[base - 1] != '/') base--;
    buf parent_text = {0};
    buf_printf(&parent_text, "%.*s", (int)(base > 1 ? base - 1 : 1), base == 0 ? "." : path);
    char *parent = buf_take(&parent_text);
    const char *last = path + base;
    size_t nlast = n - base;
    bool here = nlast == 0 || (nlast == 1 && last[0] == '.');
    if (here && !strcmp(parent, path)) {
        free(parent);     /* "." or "/" itself does not resolve */
        return NULL;
    }
    char *dir = path_resolve(parent);
    free(parent);
    if (!dir || here) return dir;
    if (nlast == 2 && !strncmp(last, "..", 2)) {
        /* dir is resolved, so its parent is its text up to the last slash. */
        char *slash = strrchr(dir, '/');
        slash[slash == dir] = 0;
        return dir;
    }
    buf out = {0};
    buf_printf(&out, "%s/%.*s", strcmp(dir, "/") ? dir : "", (int)nlast, last);
    free(dir);
    return buf_take(&out);
}

char *path_join(const char *dir, const char *path)
{
    if (path[0] == '/' || !strcmp(dir, ".")) return xstrdup(path);
    buf out = {0};
    buf_printf(&out, "%s/%s", dir, path);
    return buf_take(&out);
}

void path_policy_init(path_policy *pp, const char *main_dir, const char *const *allow)
{
    *pp = (path_policy){0};
    size_t n = 1;
    for (const char *const *a = allow; a && *a; a++) n++;
    pp->roots = xcalloc(n, sizeof *pp->roots);
    char *root = path_resolve(main_dir);
    pp->roots[pp->nroots++] = root ? root : xstrdup(main_dir);
    for (const char *const *a = allow; a && *a; a++) {
        char *r = path_resolve(*a);
        if (r) pp->roots[pp->nroots++] = r;
    }
}

void path_policy_free(path_policy *pp)
{
    for (int i = 0; i < pp->nroots; i++) free(pp->roots[i]);
    free(pp->roots);
    *pp = (path_policy){0};
}

static bool within(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (!strcmp(root, "/")) return real[0] == '/';
    return !strncmp(real, root, n) && (real[n] == 0 || real[n] == '/');
}

bool path_allowed(const path_policy *pp, const char *real)
{
    for (int i = 0; real && i < pp->nroots; i++)
        if (within(real, pp->roots[i])) return true;
    return false;
}

void path_roots_text(const path_policy *pp, buf *out)
{
    buf_printf(out, "the rule file's folder (%s)", pp->roots[0]);
    if (pp->nroots > 1) buf_printf(out, " and the folder%s allowed", pp->nroots > 2 ? "s" : "");
}

const char *path_shown(const path_policy *pp, const char *real)
{
    const char *root = pp->roots[0];
    size_t n = strcmp(root, "/") ? strlen(root) : 0;
    return within(real, root) && real[n] == '/' && real[n + 1] ? real + n + 1 : real;
}
