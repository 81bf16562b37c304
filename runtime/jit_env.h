/*
** jit_env.h: the run-time side of compiled code: the environment it reads (columns and
** helper functions) and the group maps it fills. Not for use outside runtime/jit*.c.
*/
#ifndef STYR_JIT_ENV_H
#define STYR_JIT_ENV_H

#include <pthread.h>

#include "jit_int.h"

/* Codes of one column's dictionary mapped to another's (UINT32_MAX: not there). */
typedef struct jit_xlat {
    struct jit_xlat *next;
    int64_t from, to;
    uint32_t *map;
} jit_xlat;

typedef struct jit_rt {
    jit_env env;               /* what compiled code is given; env.rt points back here */
    const program *prog;
    dataset **data;
    int *col_base;
    pthread_mutex_t lock;      /* guards the datasets' indexes and xlats, built on first use */
    jit_xlat *xlats;
} jit_rt;

void jit_rt_init(jit_rt *rt, const program *prog, dataset **data);
void jit_rt_free(jit_rt *rt);
/* The column a global column number names (see jit_env in jit_int.h). */
const column *jit_rt_column(const jit_rt *rt, int64_t gid);

/* Group keys (a mask of empty keys, then the keys) -> JIT_AGG_SLOTS int128 per aggregate. */
typedef struct jit_groups {
    int width, stride;
    int64_t *keys;             /* count * width */
    i128 *state;               /* count * stride */
    uint32_t count, cap;
    uint32_t *slots;
    uint32_t nslots;
} jit_groups;

jit_groups *jit_groups_new(int nkeys, int naggs);
void jit_groups_free(jit_groups *g);
/* The state of the group with these keys, zeroed when new; valid until the next call. */
i128 *jit_group_state(jit_groups *g, const int64_t *keys);

#endif
