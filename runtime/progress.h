/*
** progress.h: reporting how far a long load or run has come to the caller's progress
** callback (styr_run_set_progress). The loader and the interpreter add what they have
** done every PROGRESS_EVERY rows, from any thread; a call to the callback is made by one
** thread at a time, and a thread that finds another one calling skips its call.
*/
#ifndef STYR_PROGRESS_H
#define STYR_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "styr.h"

enum { PROGRESS_EVERY = 65536 };

typedef struct progress {
    styr_progress_fn fn;
    void *ctx;
    pthread_mutex_t lock;
    int phase;                 /* STYR_PHASE_* */
    const char *what;
    uint64_t total;
    _Atomic uint64_t done, rows;
} progress;

void progress_init(progress *p, styr_progress_fn fn, void *ctx);
void progress_destroy(progress *p);
/* A phase begins: reading the file `what` of total bytes, or running total rows. */
void progress_begin(progress *p, int phase, const char *what, uint64_t total);
/* done more bytes (loading) or rows (running), and rows more rows. */
void progress_add(progress *p, uint64_t done, uint64_t rows);
/* The phase is over: one last call, with finished set. */
void progress_end(progress *p);

#endif
