/*
** memory.c: what the process holds between runs. RSS from /proc/self/statm; the heap in
** use from mallinfo2 (the bytes malloc has handed out and not had back, over every arena
** and the chunks it mmaps, so that a leak shows whether a thread or the main thread
** made it); open descriptors (/proc/self/fd: a memfd or file not closed); mappings
** (/proc/self/maps: a compiled rule file dlopened and never dlclosed, a thread stack
** never freed); and what is left in this process's TMPDIR (the JIT's temporary files and
** libgccjit's folders).
*/
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

#include "soak.h"

static int count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int n = 0, c;
    while ((c = getc(f)) != EOF) n += c == '\n';
    fclose(f);
    return n;
}

int sk_open_fds(void)
{
    /* The folder opened to count them is one of them while counting. */
    return sk_count_entries("/proc/self/fd") - 1;
}

void sk_mem_sample(sk_mem *m, const char *tmp_dir)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        fclose(f);
    }
    m->rss_kb = resident * (sysconf(_SC_PAGESIZE) / 1024);
    struct mallinfo2 mi = mallinfo2();
    m->heap = (long)(mi.uordblks + mi.hblkhd);
    m->fds = sk_open_fds();
    m->maps = count_lines("/proc/self/maps");
    m->tmp = sk_count_entries(tmp_dir);
}
