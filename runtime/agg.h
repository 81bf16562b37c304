/*
** agg.h: the running state of one aggregate (sum, count, mean, min, max) of one group,
** which the interpreter keeps and the JIT hands over when it has aggregated the rows.
*/
#ifndef STYR_AGG_H
#define STYR_AGG_H

#include <stdint.h>

#include "rational.h"
#include "value.h"

typedef struct agg_state {
    rat sum, wsum;             /* sum of values (of value * weight when weighted), of weights */
    int64_t count;
    value best;                /* min or max so far */
} agg_state;

#endif
