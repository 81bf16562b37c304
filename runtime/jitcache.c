/*
** jitcache.c: the compile cache of jitcache.h. An entry is read whole, checked against
** its header, and its payload copied into a memfd that dlopen loads through
** /proc/self/fd, so a cache hit writes no file. Entries are small (a shared object of
** some hundred kilobytes), so reading them whole is simpler than streaming and as fast.
*/
#include "jitcache.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "xalloc.h"

/* Where the fields of the header start (jitcache.h). */
enum { OFF_MAGIC = 0, OFF_KEY = 8, OFF_LEN = 40, OFF_SUM = 48 };

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U   /* Linux 6.3: an executable memfd, where vm.memfd_noexec asks */
#endif

/* A formatted message or path, malloc'ed. */
__attribute__((format(printf, 1, 2)))
static char *msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(s, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    return s;
}

/* ------------------------------------------------------------------ files */

static bool write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads fd to its end into *data (malloc'ed) and *n; false with errno on failure. */
static bool read_all(int fd, uint8_t **data, size_t *n)
{
    struct stat st;
    size_t cap = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
    uint8_t *p = xmalloc(cap);
    size_t len = 0;
    for (;;) {
        if (len == cap) p = xrealloc(p, cap *= 2);
        ssize_t r = read(fd, p + len, cap - len);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            free(p);
            return false;
        }
        if (r == 0) break;
        len += (size_t)r;
    }
    *data = p;
    *n = len;
    return true;
}

static bool read_path(const char *path, uint8_t **data, size_t *n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = read_all(fd, data, n);
    int saved = errno;
    close(fd);
    errno = saved;
    return ok;
}

/* ------------------------------------------------------------------ the folder */

/* The cache folder the environment names, or NULL with *err. */
static char *dir_from_env(char **err)
{
    const char *s = getenv("STYR_CACHE_DIR");
    if (s && *s) return xstrdup(s);
    /* The XDG spec says a relative path in XDG_CACHE_HOME is invalid and to be ignored. */
    s = getenv("XDG_CACHE_HOME");
    if (s && *s == '/') return msg("%s/styr", s);
    s = getenv("HOME");
    if (s && *s) return msg("%s/.cache/styr", s);
    *err = msg("no folder for the compile cache: STYR_CACHE_DIR, XDG_CACHE_HOME and HOME are not set");
    return NULL;
}

/* mkdir -p with mode 0700 for each folder it makes; false with *err naming the folder. */
static bool make_dirs(const char *dir, char **err)
{
    char *p = xstrdup(dir);
    bool ok = true;
    for (char *slash = p + 1; ok; slash++) {
        slash = strchr(slash, '/');
        if (slash) *slash = 0;
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            if (slash) *err = msg("cannot create the cache folder %s: %s: %s", dir, p, strerror(errno));
            else *err = msg("cannot create the cache folder %s: %s", dir, strerror(errno));
            ok = false;
        }
        if (!slash) break;
        *slash = '/';
    }
    free(p);
    struct stat st;
    if (ok && stat(dir, &st) != 0) {
        *err = msg("cannot create the cache folder %s: %s", dir, strerror(errno));
        ok = false;
    } else if (ok && !S_ISDIR(st.st_mode)) {
        *err = msg("cannot create the cache folder %s: a file of that name is in the way", dir);
        ok = false;
    }
    return ok;
}

char *jc_dir(bool create, char **err)
{
    *err = NULL;
    char *dir = dir_from_env(err);
    if (dir && create && !make_dirs(dir, err)) {
        free(dir);
        return NULL;
    }
    return dir;
}

bool jc_make_dir(const char *dir, char **err)
{
    *err = NULL;
    return make_dirs(dir, err);
}

char *jc_entry_path(const char *dir, const uint8_t key[32])
{
    char hex[65];
    sha256_hex(key, hex);
    return msg("%s/%s.styrjit", dir, hex);
}

/* ------------------------------------------------------------------ storing */

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void make_header(uint8_t head[JC_HEADER_SIZE], const uint8_t key[32], const uint8_t *payload, size_t n)
{
    memcpy(head + OFF_MAGIC, JC_MAGIC, 8);
    memcpy(head + OFF_KEY, key, 32);
    put_le64(head + OFF_LEN, n);
    sha256 h;
    sha256_init(&h);
    sha256_add(&h, payload, n);
    sha256_done(&h, head + OFF_SUM);
}

/* Writes header and payload to a new temporary file beside path and renames it to path. */
static bool write_entry(const char *dir, const char *path, const uint8_t head[JC_HEADER_SIZE],
                        const uint8_t *payload, size_t n, char **err)
{
    /* A dot file that does not end in .styrjit: never taken for an entry. */
    char *tmp = msg("%s/.styrjit-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *err = msg("cannot write the cache entry %s: %s: %s", path, tmp, strerror(errno));
        free(tmp);
        return false;
    }
    bool ok = write_all(fd, head, JC_HEADER_SIZE) && write_all(fd, payload, n);
    int saved = errno;
    if (close(fd) != 0 && ok) ok = false, saved = errno;   /* NFS reports write errors here */
    if (ok && rename(tmp, path) != 0) ok = false, saved = errno;
    if (!ok) {
        *err = msg("cannot write the cache entry %s: %s", path, strerror(saved));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

bool jc_store(const char *dir, const uint8_t key[32], const char *so_path, char **err)
{
    *err = NULL;
    uint8_t *payload;
    size_t n;
    if (!read_path(so_path, &payload, &n)) {
        *err = msg("cannot read the compiled code %s: %s", so_path, strerror(errno));
        return false;
    }
    uint8_t head[JC_HEADER_SIZE];
    make_header(head, key, payload, n);
    char *path = jc_entry_path(dir, key);
    bool ok = write_entry(dir, path, head, payload, n, err);
    free(path);
    free(payload);
    return ok;
}

/* ------------------------------------------------------------------ loading */

/* What is wrong with the entry of n bytes at data for key (malloc'ed), or NULL. */
static char *entry_fault(const uint8_t *data, size_t n, const uint8_t key[32])
{
    if (n < JC_HEADER_SIZE)
        return msg("truncated (%zu bytes, shorter than its header)", n);
    if (memcmp(data + OFF_MAGIC, JC_MAGIC, 8) != 0)
        return msg("foreign (not a styr JIT cache entry of this format)");
    if (memcmp(data + OFF_KEY, key, 32) != 0)
        return msg("foreign (stored under another key)");
    uint64_t len = get_le64(data + OFF_LEN);
    if (len > n - JC_HEADER_SIZE)
        return msg("truncated (%zu bytes of compiled code where its header says %llu)",
                   n - JC_HEADER_SIZE, (unsigned long long)len);
    if (len < n - JC_HEADER_SIZE)
        return msg("corrupt (%zu bytes of compiled code where its header says %llu)",
                   n - JC_HEADER_SIZE, (unsigned long long)len);
    uint8_t sum[32];
    sha256 h;
    sha256_init(&h);
    sha256_add(&h, data + JC_HEADER_SIZE, len);
    sha256_done(&h, sum);
    if (memcmp(sum, data + OFF_SUM, 32) != 0)
        return msg("corrupt (the checksum of its compiled code does not match)");
    return NULL;
}

/* Removes path if it is still the file open as fd: another run may have renamed a good
** entry into its place since we opened it, and that one stays. */
static void remove_entry(const char *path, int fd)
{
    struct stat open_st, path_st;
    if (fstat(fd, &open_st) == 0 && stat(path, &path_st) == 0 &&
        open_st.st_dev == path_st.st_dev && open_st.st_ino == path_st.st_ino)
        unlink(path);
}

/* The loader's list of objects is the process's: runs in other threads must not change
** it (dlopen, dlclose) between the look for a free name and the dlopen under that name. */
static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

void jc_unload(void *so)
{
    pthread_mutex_lock(&loading);
    dlclose(so);
    pthread_mutex_unlock(&loading);
}

static int name_is_loaded(struct dl_phdr_info *info, size_t size, void *name)
{
    (void)size;
    return info->dlpi_name && strcmp(info->dlpi_name, name) == 0;
}

/* Moves fd to a number whose /proc/self/fd name (written to path) no loaded object has.
** dlopen hands back an object already loaded under the same name instead of loading
** the file, and a memfd closed after its dlopen frees its number for the next one. */
static int unused_fd_name(int fd, char path[32])
{
    for (;;) {
        snprintf(path, 32, "/proc/self/fd/%d", fd);
        if (!dl_iterate_phdr(name_is_loaded, path)) return fd;
        int next = fcntl(fd, F_DUPFD_CLOEXEC, fd + 1);
        close(fd);
        if (next < 0) return -1;
        fd = next;
    }
}

/* Loads n bytes of shared object through a memfd; NULL with *err on failure. */
static void *load_bytes(const uint8_t *data, size_t n, char **err)
{
    int fd = memfd_create("styr-jit", MFD_CLOEXEC | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) fd = memfd_create("styr-jit", MFD_CLOEXEC);   /* before Linux 6.3 */
    if (fd < 0) {
        *err = msg("cannot load the compiled code: memfd_create: %s", strerror(errno));
        return NULL;
    }
    if (!write_all(fd, data, n)) {
        *err = msg("cannot load the compiled code: writing to a memfd: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    pthread_mutex_lock(&loading);
    char path[32];
    fd = unused_fd_name(fd, path);
    void *so = fd < 0 ? NULL : dlopen(path, RTLD_NOW | RTLD_LOCAL);
    pthread_mutex_unlock(&loading);
    if (fd < 0) {
        *err = msg("cannot load the compiled code: no file descriptor free: %s", strerror(errno));
        return NULL;
    }
    if (!so) {
        const char *e = dlerror();
        *err = msg("cannot load the compiled code: %s", e ? e : "dlopen failed");
    }
    close(fd);   /* the mapping keeps the memfd alive */
    return so;
}

void *jc_load(const char *dir, const uint8_t key[32], char **why)
{
    *why = NULL;
    char *path = jc_entry_path(dir, key);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT) *why = msg("cannot open the cache entry %s: %s", path, strerror(errno));
        free(path);
        return NULL;
    }
    void *so = NULL;
    uint8_t *data;
    size_t n;
    if (!read_all(fd, &data, &n)) {
        *why = msg("cannot read the cache entry %s: %s", path, strerror(errno));
    } else {
        char *fault = entry_fault(data, n, key);
        if (fault) {
            remove_entry(path, fd);
            *why = msg("the cache entry %s is %s; removed it", path, fault);
            free(fault);
        } else {
            so = load_bytes(data + JC_HEADER_SIZE, n - JC_HEADER_SIZE, why);
        }
        free(data);
    }
    close(fd);
    free(path);
    return so;
}

void *jc_load_file(const char *so_path, char **err)
{
    *err = NULL;
    uint8_t *data;
    size_t n;
    if (!read_path(so_path, &data, &n)) {
        *err = msg("cannot read the compiled code %s: %s", so_path, strerror(errno));
        return NULL;
    }
    void *so = load_bytes(data, n, err);
    free(data);
    return so;
}
