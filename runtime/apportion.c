/*
** apportion.c: the largest remainder method, see apportion.h.
*/
#include "apportion.h"

#include <stdbool.h>
#include <stdlib.h>

#include "xalloc.h"

typedef struct share {
    size_t index;
    rat remainder;
    rat weight;
} share;

static int by_remainder(const void *pa, const void *pb)
{
    const share *a = pa, *b = pb;
    int c = rat_cmp(b->remainder, a->remainder);
    if (!c) c = rat_cmp(b->weight, a->weight);
    if (!c) c = a->index < b->index ? -1 : a->index > b->index;
    return c;
}

apportion_status apportion(int64_t total, const rat *weights, size_t n, int64_t *parts)
{
    rat sum = rat_from_int(0);
    for (size_t i = 0; i < n; i++) {
        if (rat_sign(weights[i]) < 0) return APPORTION_NEGATIVE_WEIGHT;
        if (rat_add(sum, weights[i], &sum) != RAT_OK) return APPORTION_OVERFLOW;
    }
    if (n == 0 || rat_is_zero(sum)) return APPORTION_ZERO_WEIGHTS;
    /* A negative total is shared as its magnitude and the parts negated, so the
    ** method treats a surplus exactly as it treats a deficit. */
    bool negative = total < 0;
    if (total == INT64_MIN) return APPORTION_OVERFLOW;
    int64_t whole = negative ? -total : total;
    share *sh = xmalloc((n ? n : 1) * sizeof *sh);
    int64_t given = 0;
    apportion_status st = APPORTION_OK;
    for (size_t i = 0; i < n && st == APPORTION_OK; i++) {
        rat quota, floor, rem;
        if (rat_mul(rat_from_int(whole), weights[i], &quota) != RAT_OK || rat_div(quota, sum, &quota) != RAT_OK ||
            rat_round(quota, 0, RAT_FLOOR, &floor) != RAT_OK || rat_sub(quota, floor, &rem) != RAT_OK ||
            !rat_to_int64(floor, &parts[i])) {
            st = APPORTION_OVERFLOW;
            break;
        }
        given += parts[i];
        sh[i] = (share){ .index = i, .remainder = rem, .weight = weights[i] };
    }
    if (st == APPORTION_OK) {
        int64_t left = whole - given;   /* fewer than n: each remainder is below one */
        qsort(sh, n, sizeof *sh, by_remainder);
        for (int64_t k = 0; k < left; k++) parts[sh[k].index]++;
        if (negative)
            for (size_t i = 0; i < n; i++) parts[i] = -parts[i];
    }
    free(sh);
    return st;
}
