/*
** apportion.h: dividing a whole amount among shares so that the parts sum exactly to
** the whole: the largest remainder method (Hamilton's method), which R7 uses to share
** a covered deficit among municipalities by population.
*/
#ifndef STYR_APPORTION_H
#define STYR_APPORTION_H

#include <stddef.h>
#include <stdint.h>

#include "rational.h"

typedef enum apportion_status {
    APPORTION_OK = 0,
    APPORTION_NEGATIVE_WEIGHT,
    APPORTION_ZERO_WEIGHTS,   /* no rows, or every weight is zero */
    APPORTION_OVERFLOW,
} apportion_status;

/*
** Divides total units (øre, or whole things) among n weights. Each part first gets its
** exact quota total * w[i] / sum(w) rounded down (towards zero for a negative total);
** the units left over go one each to the parts with the largest remainders, ties
** going to the larger weight and then to the earlier part. So the parts sum to total
** exactly and each lies within one unit of its exact quota. parts must hold n values.
*/
apportion_status apportion(int64_t total, const rat *weights, size_t n, int64_t *parts);

#endif
