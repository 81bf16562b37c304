/*
** util.c: strings, files and child processes for the soak driver (soak.h).
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"

extern char **environ;

static void out_of_memory(void)
{
    fputs("styr-soak: out of memory\n", stderr);
    exit(2);
}

void *sk_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

char *sk_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(sk_alloc(n), s, n);
}

/* Room for n more bytes and the NUL: twice what is needed, so that adding stays linear. */
static void reserve(sk_text *t, size_t n)
{
    size_t need = t->n + n + 1;
    if (need <= t->cap) return;
    t->cap = need < 128 ? 256 : 2 * need;
    if (!(t->s = realloc(t->s, t->cap))) out_of_memory();
}

void sk_add(sk_text *t, const void *p, size_t n)
{
    reserve(t, n);
    if (n) memcpy(t->s + t->n, p, n);
    t->n += n;
    t->s[t->n] = 0;
}

void sk_puts(sk_text *t, const char *s)
{
    sk_add(t, s, strlen(s));
}

void sk_printf(sk_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    reserve(t, n > 0 ? (size_t)n : 0);
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    t->n += n > 0 ? (size_t)n : 0;
}

const char *sk_str(const sk_text *t)
{
    return t->s ? t->s : "";
}

void sk_text_free(sk_text *t)
{
    free(t->s);
    *t = (sk_text){ 0 };
}

char *sk_slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    sk_text t = { 0 };
    char chunk[65536];
    ssize_t got;
    sk_add(&t, "", 0);
    while ((got = read(fd, chunk, sizeof chunk)) > 0) sk_add(&t, chunk, (size_t)got);
    close(fd);
    if (len) *len = t.n;
    return t.s;
}

bool sk_spill(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void sk_remove_tree(const char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int sk_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

/* ------------------------------------------------------------------ child processes */

static char **child_env;

/* GLIBC_TUNABLES=... without the tunable this process runs with (main.c), or NULL when
** nothing else is left: the children are ordinary processes. */
static char *tunables_of_children(const char *entry)
{
    sk_text t = { 0 };
    const char *v = strchr(entry, '=') + 1;
    size_t off = strlen(SK_TCACHE_OFF);
    while (*v) {
        size_t n = strcspn(v, ":");
        if (n != off || strncmp(v, SK_TCACHE_OFF, n)) sk_printf(&t, "%s%.*s", t.n ? ":" : "GLIBC_TUNABLES=", (int)n, v);
        v += n + (v[n] == ':');
    }
    return t.s;
}

void sk_child_env(const char *cache_dir, const char *tmp_dir)
{
    int n = 0;
    while (environ[n]) n++;
    child_env = sk_alloc(sizeof *child_env * (size_t)(n + 3));
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!strncmp(environ[i], "STYR_CACHE_DIR=", 15) || !strncmp(environ[i], "TMPDIR=", 7)) continue;
        char *e = strncmp(environ[i], "GLIBC_TUNABLES=", 15) ? sk_strdup(environ[i]) : tunables_of_children(environ[i]);
        if (e) child_env[k++] = e;
    }
    sk_text t = { 0 };
    sk_printf(&t, "STYR_CACHE_DIR=%s", cache_dir);
    child_env[k++] = t.s;
    t = (sk_text){ 0 };
    sk_printf(&t, "TMPDIR=%s", tmp_dir);
    child_env[k++] = t.s;
}

void sk_child_env_free(void)
{
    for (int i = 0; child_env && child_env[i]; i++) free(child_env[i]);
    free(child_env);
    child_env = NULL;
}

bool sk_spawn(sk_proc *p, char *const argv[], const char *out, const char *err)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = posix_spawn(&p->pid, argv[0], &fa, NULL, argv, child_env ? child_env : environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e) {
        p->pid = 0;
        snprintf(p->how, sizeof p->how, "cannot start: %s", strerror(e));
        return false;
    }
    return true;
}

/* Waits until the child ends or timeout seconds pass; false on the timeout. A pidfd
** wakes this process the moment the child ends; without one (Linux before 5.3) it
** looks every few milliseconds. */
static bool ended_within(pid_t pid, int timeout)
{
    int fd = pidfd_open(pid, 0);
    if (fd >= 0) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int n;
        while ((n = poll(&pfd, 1, timeout * 1000)) < 0 && errno == EINTR) continue;
        close(fd);
        return n != 0;
    }
    struct timespec nap = { 0, 2000000 };
    for (long waited = 0; waited < timeout * 1000L; waited += 2) {
        siginfo_t info = { 0 };
        /* An error (no such child) is for waitpid to report. */
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == pid) return true;
        nanosleep(&nap, NULL);
    }
    return false;
}

int sk_wait(sk_proc *p, int timeout)
{
    if (p->pid <= 0) return -1;
    int st;
    if (!ended_within(p->pid, timeout)) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, &st, 0);
        snprintf(p->how, sizeof p->how, "timeout after %d s", timeout);
        p->pid = 0;
        return -1;
    }
    pid_t got;
    while ((got = waitpid(p->pid, &st, 0)) < 0 && errno == EINTR) continue;
    p->pid = 0;
    if (got < 0) {
        snprintf(p->how, sizeof p->how, "lost: %s", strerror(errno));
        return -1;
    }
    if (WIFSIGNALED(st)) {
        snprintf(p->how, sizeof p->how, "signal %d", WTERMSIG(st));
        return -1;
    }
    snprintf(p->how, sizeof p->how, "exit %d", WEXITSTATUS(st));
    return WEXITSTATUS(st);
}

int sk_run(char *const argv[], const char *out, const char *err, int timeout, char *how, size_t howlen)
{
    sk_proc p = { 0 };
    int st = sk_spawn(&p, argv, out, err) ? sk_wait(&p, timeout) : -1;
    snprintf(how, howlen, "%s", p.how);
    return st;
}
