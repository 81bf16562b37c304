/*
** progress.c: see progress.h.
*/
#include "progress.h"

void progress_init(progress *p, styr_progress_fn fn, void *ctx)
{
    p->fn = fn;
    p->ctx = ctx;
    pthread_mutex_init(&p->lock, NULL);
}

void progress_destroy(progress *p)
{
    pthread_mutex_destroy(&p->lock);
}

static void call(progress *p, int finished)
{
    styr_progress now = { .phase = p->phase, .what = p->what, .done = atomic_load(&p->done), .total = p->total,
                          .rows = atomic_load(&p->rows), .finished = finished };
    p->fn(p->ctx, &now);
}

void progress_begin(progress *p, int phase, const char *what, uint64_t total)
{
    pthread_mutex_lock(&p->lock);
    p->phase = phase;
    p->what = what;
    p->total = total;
    atomic_store(&p->done, 0);
    atomic_store(&p->rows, 0);
    call(p, 0);
    pthread_mutex_unlock(&p->lock);
}

void progress_add(progress *p, uint64_t done, uint64_t rows)
{
    atomic_fetch_add(&p->done, done);
    atomic_fetch_add(&p->rows, rows);
    /* Another thread calling now reports these rows too, soon enough. */
    if (pthread_mutex_trylock(&p->lock) != 0) return;
    call(p, 0);
    pthread_mutex_unlock(&p->lock);
}

void progress_end(progress *p)
{
    pthread_mutex_lock(&p->lock);
    call(p, 1);
    pthread_mutex_unlock(&p->lock);
}
