/*
** memlimit.c: the memory limit of a run, see memlimit.h.
*/
#include "memlimit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* A cgroup's limit (v2's memory.max, else v1's memory.limit_in_bytes), or SIZE_MAX. */
static size_t cgroup_limit(void)
{
    static const char *const files[] = { "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        FILE *f = fopen(files[i], "r");
        if (!f) continue;
        unsigned long long v;
        int got = fscanf(f, "%llu", &v);
        fclose(f);
        /* "max", or v1's "no limit" of nearly 2^63, say nothing. */
        if (got == 1 && v < (1ULL << 62)) return (size_t)v;
    }
    return SIZE_MAX;
}

size_t mem_default_limit(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    size_t most = pages > 0 && page > 0 ? (size_t)pages * (size_t)page : SIZE_MAX;
    size_t cg = cgroup_limit();
    if (cg < most) most = cg;
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < most) most = rl.rlim_cur;
    return most == SIZE_MAX ? SIZE_MAX : most / 5 * 4;
}

void mem_format(size_t n, char *out, size_t outlen)
{
    static const char *const units[] = { "bytes", "KB", "MB", "GB", "TB" };
    double v = (double)n;
    int u = 0;
    while (v >= 1024 && u < 4) v /= 1024, u++;
    if (u == 0) snprintf(out, outlen, "%zu bytes", n);
    else snprintf(out, outlen, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
}
