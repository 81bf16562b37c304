/*
** jitcache.h: the JIT's compile cache on disk. Each entry is one file, KEY.styrjit in
** the cache folder (KEY: 64 hex digits), holding a compiled shared object behind a
** header that lets a reader tell a good entry from a corrupt, truncated or foreign one:
**
**     offset  size  what
**          0     8  the magic "STYRJIT1"
**          8    32  the key the entry was stored under
**         40     8  the payload's length in bytes, little endian
**         48    32  the payload's SHA-256
**         80     n  the payload: the shared object as the compiler wrote it
**
** Entries are written to a temporary file in the same folder and renamed into place,
** so runs that store and load at once never see half an entry. Every function reports
** failure as a message and never prints anything.
*/
#ifndef STYR_JITCACHE_H
#define STYR_JITCACHE_H

#include <stdbool.h>
#include <stdint.h>

#define JC_MAGIC "STYRJIT1"
#define JC_HEADER_SIZE 80

/*
** The cache folder: $STYR_CACHE_DIR if set and not empty, else $XDG_CACHE_HOME/styr
** (when it is an absolute path), else $HOME/.cache/styr. With create, the folder and
** any missing parents are made with mode 0700. Returns the path (malloc'ed), or NULL
** with *err (malloc'ed) saying what failed and on which path; *err is NULL on success.
*/
char *jc_dir(bool create, char **err);
/* Makes dir and its missing parents as jc_dir does; false with *err (malloc'ed). */
bool jc_make_dir(const char *dir, char **err);

/* The path of the entry for key in dir (malloc'ed), whether it exists or not. */
char *jc_entry_path(const char *dir, const uint8_t key[32]);

/*
** Copies the shared object at so_path into dir as the entry for key, replacing any
** entry there. Returns false with *err (malloc'ed) when the object cannot be read or
** the entry cannot be written; no partial entry is ever left under the entry's name.
*/
bool jc_store(const char *dir, const uint8_t key[32], const char *so_path, char **err);

/*
** Loads the entry for key and returns its dlopen handle (RTLD_NOW | RTLD_LOCAL; the
** caller dlcloses it). The payload is loaded from an in-memory file, so nothing is
** written to disk. Returns NULL with *why NULL when there is no entry, and NULL with
** *why (malloc'ed) when the entry is unusable: a truncated, corrupt (checksum) or
** foreign (other key, other magic) entry is removed and *why says which; an entry that
** cannot be read or loaded is left in place and *why says why.
*/
void *jc_load(const char *dir, const uint8_t key[32], char **why);

/*
** Loads a freshly compiled shared object, for a run without the cache. It is copied
** into an in-memory file and loaded from there as jc_load does, so the caller may
** delete so_path as soon as this returns. Returns the handle, or NULL with *err.
*/
void *jc_load_file(const char *so_path, char **err);

/* Unloads code that jc_load or jc_load_file loaded. */
void jc_unload(void *so);

#endif
