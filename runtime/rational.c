/*
** rational.c: exact rationals of 128-bit integers, see rational.h. Products that may
** exceed 128 bits are formed as 256-bit magnitudes, so no result that fits is lost to an
** intermediate overflow, and nothing ever wraps.
*/
#include "rational.h"

#include <string.h>

/* The largest magnitude a numerator or denominator may have: 2^127 - 1. */
#define MAXMAG ((((u128)1) << 127) - 1)
/* 10^38 is the largest power of ten below 2^127. */
#define MAXPOW10 38

/* An unsigned 256-bit integer. */
typedef struct u256 {
    u128 hi, lo;
} u256;

static u256 wide(u128 v)
{
    return (u256){0, v};
}

static bool is_zero256(u256 a)
{
    return a.hi == 0 && a.lo == 0;
}

static int cmp256(u256 a, u256 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo)
        return a.lo < b.lo ? -1 : 1;
    return 0;
}

/* a + b; the callers' values stay far below 2^256. */
static u256 add256(u256 a, u256 b)
{
    u256 r = {a.hi + b.hi, a.lo + b.lo};
    r.hi += r.lo < a.lo;
    return r;
}

/* a - b for a >= b. */
static u256 sub256(u256 a, u256 b)
{
    u256 r = {a.hi - b.hi, a.lo - b.lo};
    r.hi -= a.lo < b.lo;
    return r;
}

static u256 shl1(u256 a)
{
    return (u256){(a.hi << 1) | (a.lo >> 127), a.lo << 1};
}

/* The full 256-bit product of two 128-bit magnitudes, from four 64x64 products. */
static u256 mul128(u128 a, u128 b)
{
    u128 a0 = (uint64_t)a, a1 = a >> 64, b0 = (uint64_t)b, b1 = b >> 64;
    u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    return (u256){p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64),
                  (uint64_t)p00 | (mid << 64)};
}

/*
** n / d, storing n % d in *rem. Requires d != 0 and d < 2^255. Values that fit in 128
** bits take the native division; the rest are divided one bit at a time, which is slow
** but only happens near the limits.
*/
static u256 divmod256(u256 n, u256 d, u256 *rem)
{
    if (n.hi == 0 && d.hi == 0) {
        *rem = wide(n.lo % d.lo);
        return wide(n.lo / d.lo);
    }
    u256 q = {0, 0}, r = {0, 0};
    for (int i = 255; i >= 0; i--) {
        u128 bit = i >= 128 ? (n.hi >> (i - 128)) & 1 : (n.lo >> i) & 1;
        r = shl1(r);
        r.lo |= bit;
        if (cmp256(r, d) >= 0) {
            r = sub256(r, d);
            if (i >= 128)
                q.hi |= (u128)1 << (i - 128);
            else
                q.lo |= (u128)1 << i;
        }
    }
    *rem = r;
    return q;
}

static int ctz128(u128 v)
{
    uint64_t lo = (uint64_t)v;
    return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(v >> 64));
}

/* Binary (Stein) gcd; gcd(0, b) = b. */
static u128 gcd(u128 a, u128 b)
{
    if (a == 0)
        return b;
    if (b == 0)
        return a;
    int shift = ctz128(a | b);
    a >>= ctz128(a);
    do {
        b >>= ctz128(b);
        if (a > b) {
            u128 t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b != 0);
    return a << shift;
}

/* |v| as unsigned; also right for INT128_MIN. */
static u128 mag(i128 v)
{
    return v < 0 ? -(u128)v : (u128)v;
}

static u128 pow10u(int k)
{
    u128 p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

/* Stores the sign and magnitudes n/d, already in lowest terms, or reports overflow. */
static rat_status pack(bool neg, u128 n, u128 d, rat *out)
{
    if (n > MAXMAG || d > MAXMAG)
        return RAT_OVERFLOW;
    out->num = neg ? -(i128)n : (i128)n;
    out->den = n == 0 ? 1 : (i128)d;
    return RAT_OK;
}

/* Reduces the magnitudes n/d (d != 0) to lowest terms and packs them. */
static rat_status reduce(bool neg, u256 n, u128 d, rat *out)
{
    u256 r;
    divmod256(n, wide(d), &r);
    u128 g = gcd(r.lo, d);
    u256 q = divmod256(n, wide(g), &r);
    if (q.hi != 0)
        return RAT_OVERFLOW;
    return pack(neg, q.lo, d / g, out);
}

rat rat_from_int(int64_t v)
{
    return (rat){v, 1};
}

/* Scales outside 0..30 report RAT_OVERFLOW. */
rat_status rat_from_scaled(i128 mantissa, int scale, rat *out)
{
    if (scale < 0 || scale > 30)
        return RAT_OVERFLOW;
    return reduce(mantissa < 0, wide(mag(mantissa)), pow10u(scale), out);
}

rat_status rat_make(i128 num, i128 den, rat *out)
{
    if (den == 0)
        return RAT_DIV_ZERO;
    return reduce((num < 0) != (den < 0), wide(mag(num)), mag(den), out);
}

/*
** a/b + c/d as in Knuth 4.5.1: with g = gcd(b, d), t = a(d/g) + c(b/g) and g2 = gcd(t, g),
** the sum in lowest terms is (t/g2) / ((b/g)(d/g2)). t is formed in 256 bits, so the
** only overflow reported is that of the final numerator or denominator.
*/
rat_status rat_add(rat a, rat b, rat *out)
{
    u128 g = gcd((u128)a.den, (u128)b.den);
    u128 ad = (u128)a.den / g, bd = (u128)b.den / g;
    u256 x = mul128(mag(a.num), bd), y = mul128(mag(b.num), ad);
    bool xneg = a.num < 0, yneg = b.num < 0, neg;
    u256 t;
    if (xneg == yneg) {
        t = add256(x, y);
        neg = xneg;
    } else if (cmp256(x, y) >= 0) {
        t = sub256(x, y);
        neg = xneg;
    } else {
        t = sub256(y, x);
        neg = yneg;
    }
    if (is_zero256(t)) {
        *out = (rat){0, 1};
        return RAT_OK;
    }
    u256 r;
    divmod256(t, wide(g), &r);
    u128 g2 = gcd(r.lo, g);
    u256 num = divmod256(t, wide(g2), &r);
    u128 den;
    if (num.hi != 0 || __builtin_mul_overflow(ad, (u128)b.den / g2, &den))
        return RAT_OVERFLOW;
    return pack(neg, num.lo, den, out);
}

rat_status rat_sub(rat a, rat b, rat *out)
{
    return rat_add(a, rat_neg(b), out);
}

/*
** Reducing a with d and c with b first leaves two coprime products, so the result is
** already in lowest terms and overflows only when the exact result does not fit.
*/
rat_status rat_mul(rat a, rat b, rat *out)
{
    u128 g1 = gcd(mag(a.num), (u128)b.den), g2 = gcd(mag(b.num), (u128)a.den);
    u128 num, den;
    if (__builtin_mul_overflow(mag(a.num) / g1, mag(b.num) / g2, &num) ||
        __builtin_mul_overflow((u128)a.den / g2, (u128)b.den / g1, &den))
        return RAT_OVERFLOW;
    return pack((a.num < 0) != (b.num < 0), num, den, out);
}

/* 1/a for a != 0; fits because |num| and den share the same limit. */
static rat inverse(rat a)
{
    return a.num < 0 ? (rat){-a.den, -a.num} : (rat){a.den, a.num};
}

rat_status rat_div(rat a, rat b, rat *out)
{
    if (b.num == 0)
        return RAT_DIV_ZERO;
    return rat_mul(a, inverse(b), out);
}

rat rat_neg(rat a)
{
    return (rat){-a.num, a.den};
}

rat rat_abs(rat a)
{
    return (rat){a.num < 0 ? -a.num : a.num, a.den};
}

/*
** b^e by squaring; false when it exceeds MAXMAG. Every intermediate is at most the
** final power (the base is only squared while bits of e remain), so a result that fits
** is never refused.
*/
static bool upow(u128 b, uint64_t e, u128 *out)
{
    u128 r = 1;
    for (;;) {
        if ((e & 1) && (__builtin_mul_overflow(r, b, &r) || r > MAXMAG))
            return false;
        e >>= 1;
        if (e == 0)
            break;
        if (__builtin_mul_overflow(b, b, &b) || b > MAXMAG)
            return false;
    }
    *out = r;
    return true;
}

/* Powers of a fraction in lowest terms stay in lowest terms, so no gcd is needed. */
rat_status rat_pow(rat a, int64_t e, rat *out)
{
    if (e == 0) {
        *out = (rat){1, 1};
        return RAT_OK;
    }
    if (a.num == 0) {
        if (e < 0)
            return RAT_DIV_ZERO;
        *out = a;
        return RAT_OK;
    }
    uint64_t ue = (uint64_t)e;
    if (e < 0) {
        a = inverse(a);
        ue = -ue;
    }
    u128 num, den;
    if (!upow(mag(a.num), ue, &num) || !upow((u128)a.den, ue, &den))
        return RAT_OVERFLOW;
    return pack(a.num < 0 && (ue & 1), num, den, out);
}

int rat_cmp(rat a, rat b)
{
    int sa = rat_sign(a), sb = rat_sign(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    int c = cmp256(mul128(mag(a.num), (u128)b.den), mul128(mag(b.num), (u128)a.den));
    return sa < 0 ? -c : c;
}

bool rat_eq(rat a, rat b)
{
    return a.num == b.num && a.den == b.den;
}

int rat_sign(rat a)
{
    return (a.num > 0) - (a.num < 0);
}

bool rat_is_int(rat a)
{
    return a.den == 1;
}

bool rat_is_zero(rat a)
{
    return a.num == 0;
}

/*
** The magnitude of a * 10^decimals rounded to an integer by mode (decimals in
** -MAXPOW10..MAXPOW10). The modes are applied to the magnitude, so floor and ceiling
** swap roles for negative a. Both operands stay below 2^254.
*/
static u256 round_scaled(rat a, int decimals, rat_rounding mode)
{
    bool neg = a.num < 0;
    u256 n = mul128(mag(a.num), decimals > 0 ? pow10u(decimals) : 1);
    u256 d = mul128((u128)a.den, decimals < 0 ? pow10u(-decimals) : 1);
    u256 r;
    u256 q = divmod256(n, d, &r);
    int half = cmp256(shl1(r), d);
    bool up = false;
    switch (mode) {
    case RAT_HALF_AWAY: up = half >= 0; break;
    case RAT_HALF_EVEN: up = half > 0 || (half == 0 && (q.lo & 1)); break;
    case RAT_FLOOR:     up = neg && !is_zero256(r); break;
    case RAT_CEIL:      up = !neg && !is_zero256(r); break;
    case RAT_TRUNC:     up = false; break;
    }
    return up ? add256(q, wide(1)) : q;
}

/* Decimals outside -38..38 report RAT_OVERFLOW. */
rat_status rat_round(rat a, int decimals, rat_rounding mode, rat *out)
{
    if (decimals < -MAXPOW10 || decimals > MAXPOW10)
        return RAT_OVERFLOW;
    u256 q = round_scaled(a, decimals, mode);
    if (decimals >= 0)
        return reduce(a.num < 0, q, pow10u(decimals), out);
    u128 n;
    if (q.hi != 0 || __builtin_mul_overflow(q.lo, pow10u(-decimals), &n))
        return RAT_OVERFLOW;
    return pack(a.num < 0, n, 1, out);
}

/* Scales outside -38..38 report RAT_OVERFLOW. */
rat_status rat_to_scaled(rat a, int scale, rat_rounding mode, int64_t *out)
{
    if (scale < -MAXPOW10 || scale > MAXPOW10)
        return RAT_OVERFLOW;
    u256 q = round_scaled(a, scale, mode);
    u128 limit = (u128)INT64_MAX + (a.num < 0);
    if (q.hi != 0 || q.lo > limit)
        return RAT_OVERFLOW;
    *out = a.num < 0 ? (int64_t)(-(uint64_t)q.lo) : (int64_t)q.lo;
    return RAT_OK;
}

bool rat_to_int64(rat a, int64_t *out)
{
    if (a.den != 1 || a.num < INT64_MIN || a.num > INT64_MAX)
        return false;
    *out = (int64_t)a.num;
    return true;
}

double rat_to_double(rat a)
{
    return (double)((long double)a.num / (long double)a.den);
}

/* Writes the decimal digits of v backwards ending at end; returns the first digit. */
static char *digits_back(u128 v, char *end)
{
    do {
        *--end = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    return end;
}

/*
** The value is rounded once, at max_decimals, to the integer q = |a| * 10^max; q splits
** into an integer part (at most 2^127) and max digits of fraction (below 10^38), both
** printed with u128 arithmetic. Decimals are clamped to 0..38, and max_decimals is
** raised to min_decimals when below it.
*/
int rat_format(rat a, int min_decimals, int max_decimals, char *out, size_t outlen)
{
    int maxd = max_decimals < 0 ? 0 : max_decimals > MAXPOW10 ? MAXPOW10 : max_decimals;
    int mind = min_decimals < 0 ? 0 : min_decimals > MAXPOW10 ? MAXPOW10 : min_decimals;
    if (maxd < mind)
        maxd = mind;
    u256 r;
    u256 q = round_scaled(a, maxd, RAT_HALF_AWAY);
    u128 ip = divmod256(q, wide(pow10u(maxd)), &r).lo;
    u128 frac = r.lo;

    char buf[1 + 40 + 1 + MAXPOW10 + 1];
    char *p = buf;
    if (a.num < 0 && !is_zero256(q))
        *p++ = '-';
    char digits[40];
    char *first = digits_back(ip, digits + sizeof digits);
    size_t n = (size_t)(digits + sizeof digits - first);
    memcpy(p, first, n);
    p += n;
    int nfrac = maxd;
    while (nfrac > mind && frac % 10 == 0) {
        frac /= 10;
        nfrac--;
    }
    if (nfrac > 0) {
        *p++ = '.';
        for (int i = nfrac - 1; i >= 0; i--) {
            p[i] = (char)('0' + (int)(frac % 10));
            frac /= 10;
        }
        p += nfrac;
    }
    size_t len = (size_t)(p - buf);
    if (outlen > 0) {
        size_t k = len < outlen - 1 ? len : outlen - 1;
        memcpy(out, buf, k);
        out[k] = 0;
    }
    return (int)len;
}
