/*
** paths.h: where a rule set may reach on disk. A rule file imports files and names the
** default files of its datasets; both must lie in its roots: the folder tree of the main
** rule file, and the folders the caller allows (--allow-path, styr_open_options). The
** standard library is compiled in and never read from disk. Paths are judged resolved
** (symlinks and `..` followed), so neither can lead out of a root.
*/
#ifndef STYR_PATHS_H
#define STYR_PATHS_H

#include <stdbool.h>

#include "buf.h"

typedef struct path_policy {
    char **roots;      /* resolved folders; roots[0] is the main rule file's */
    int nroots;
} path_policy;

/* The absolute path with every symlink, `.` and `..` resolved (malloc'ed). A path that
** does not exist yet is resolved as far as it exists, the rest appended. NULL only when
** not even the current folder can be resolved. */
char *path_resolve(const char *path);
/* dir/path, or path itself when it is absolute or dir is "." (malloc'ed). */
char *path_join(const char *dir, const char *path);

/* The roots of a rule file in main_dir, with the folders of allow (NULL-terminated, or
** NULL for none). */
void path_policy_init(path_policy *pp, const char *main_dir, const char *const *allow);
void path_policy_free(path_policy *pp);
/* Whether a resolved path (path_resolve's; NULL is never) lies in a root. */
bool path_allowed(const path_policy *pp, const char *real);
/* Appends the roots for a message: "the rule file's folder (/x/y)", and "or the folders
** allowed" when there are more. */
void path_roots_text(const path_policy *pp, buf *out);
/* A resolved path as messages show it: relative to roots[0] when inside it. */
const char *path_shown(const path_policy *pp, const char *real);

#endif
