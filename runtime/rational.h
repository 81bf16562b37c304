/*
** rational.h: exact numbers. Every number in styr (int, number, percent, money, days)
** is a fraction num/den of 128-bit integers kept in lowest terms, so 1/3 * 3 = 1 and
** money never meets binary floating point. Operations report overflow and division
** by zero instead of wrapping; the interpreter and the JIT call these same functions,
** so they agree on every result and on every error.
*/
#ifndef STYR_RATIONAL_H
#define STYR_RATIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

/* Invariant: den > 0, gcd(|num|, den) == 1, and zero is 0/1. |num| and den stay
** below 2^127 - 1 (so negation never overflows). */
typedef struct rat {
    i128 num;
    i128 den;
} rat;

typedef enum rat_status {
    RAT_OK = 0,
    RAT_OVERFLOW,      /* the exact result does not fit */
    RAT_DIV_ZERO,      /* division by zero */
} rat_status;

/* How to round to a number of decimals. */
typedef enum rat_rounding {
    RAT_HALF_AWAY,     /* 2.5 -> 3, -2.5 -> -3: the commercial rule, styr's default */
    RAT_HALF_EVEN,     /* 2.5 -> 2, 3.5 -> 4 */
    RAT_FLOOR,         /* towards minus infinity */
    RAT_CEIL,          /* towards plus infinity */
    RAT_TRUNC,         /* towards zero */
} rat_rounding;

rat rat_from_int(int64_t v);
/* mantissa / 10^scale, with 0 <= scale <= 30. */
rat_status rat_from_scaled(i128 mantissa, int scale, rat *out);
/* num/den in lowest terms; fails on den == 0. */
rat_status rat_make(i128 num, i128 den, rat *out);

rat_status rat_add(rat a, rat b, rat *out);
rat_status rat_sub(rat a, rat b, rat *out);
rat_status rat_mul(rat a, rat b, rat *out);
rat_status rat_div(rat a, rat b, rat *out);
rat rat_neg(rat a);
rat rat_abs(rat a);
/* a^e for any integer e (negative: 1/a^-e); 0^0 = 1; 0^-1 is division by zero. */
rat_status rat_pow(rat a, int64_t e, rat *out);

/* Exact comparison, never overflows: <0, 0, >0. */
int rat_cmp(rat a, rat b);
bool rat_eq(rat a, rat b);
int rat_sign(rat a);
bool rat_is_int(rat a);
bool rat_is_zero(rat a);

/* Rounds to `decimals` digits after the point (0..30; negative rounds to tens, hundreds...). */
rat_status rat_round(rat a, int decimals, rat_rounding mode, rat *out);
/* The integer a * 10^scale rounded by mode, when it fits in int64. */
rat_status rat_to_scaled(rat a, int scale, rat_rounding mode, int64_t *out);
/* The integer value when a is an integer that fits in int64. */
bool rat_to_int64(rat a, int64_t *out);
/* An approximation for charts and statistics only; never used for a verdict. */
double rat_to_double(rat a);

/*
** Writes a in decimal into out (always NUL-terminated, truncated to outlen) and returns
** the length it needed, snprintf-style.
**   min_decimals: digits always shown after the point (2 for money: "12.50")
**   max_decimals: at most this many; the value is rounded half away from zero there,
**                 trailing zeros beyond min_decimals are dropped.
** The decimal point is '.', no thousands separator. -0 is printed as 0.
*/
int rat_format(rat a, int min_decimals, int max_decimals, char *out, size_t outlen);

#endif
