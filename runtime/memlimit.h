/*
** memlimit.h: how much memory a run's data may take. The loader counts what the rows it
** keeps take (ds_bytes) against this limit, so that a file too large for the machine
** stops with a message, or streams, instead of running the machine out of memory.
*/
#ifndef STYR_MEMLIMIT_H
#define STYR_MEMLIMIT_H

#include <stdbool.h>
#include <stddef.h>

/* The default limit: 80 % of the memory this process may have, the least of the
** machine's memory, a cgroup's memory.max and the address-space rlimit. */
size_t mem_default_limit(void);

/* Writes n as "1.5 GB", "820 MB" or "12 KB" (powers of 1024) into out. */
void mem_format(size_t n, char *out, size_t outlen);

#endif
