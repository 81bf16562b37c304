/*
** test_rational.c: exact arithmetic, overflow reporting, comparison, rounding and
** formatting of rationals, plus a randomised check of the field identities.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "rational.h"

#define MAX ((i128)((((u128)1) << 127) - 1))
#define P(k) ((i128)1 << (k))

static rat R(i128 num, i128 den)
{
    rat r;
    cr_assert_eq(rat_make(num, den, &r), RAT_OK);
    return r;
}

static void assert_rat(rat r, i128 num, i128 den)
{
    cr_assert(r.num == num && r.den == den, "got %lld/%lld, want %lld/%lld",
              (long long)r.num, (long long)r.den, (long long)num, (long long)den);
}

/* The independent gcd the invariant is checked against. */
static i128 slow_gcd(i128 a, i128 b)
{
    if (a < 0)
        a = -a;
    while (b != 0) {
        i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A fraction with numerator in -1000..1000 and denominator in 1..1000. */
static rat random_rat(uint64_t *state)
{
    int64_t num = (int64_t)(splitmix64(state) % 2001) - 1000;
    int64_t den = (int64_t)(splitmix64(state) % 1000) + 1;
    return R(num, den);
}

static const char *fmt(rat a, int min, int max)
{
    static char buf[128];
    rat_format(a, min, max, buf, sizeof buf);
    return buf;
}

/* --- construction --- */

Test(rational, make_reduces_to_lowest_terms_with_positive_denominator)
{
    assert_rat(R(6, -4), -3, 2);
}

Test(rational, zero_is_zero_over_one)
{
    assert_rat(R(0, -7), 0, 1);
}

Test(rational, make_with_zero_denominator_is_div_zero)
{
    rat r;
    cr_assert_eq(rat_make(1, 0, &r), RAT_DIV_ZERO);
}

Test(rational, make_of_int128_min_over_two_fits)
{
    i128 min = -MAX - 1;
    assert_rat(R(min, 2), -P(126), 1);
}

Test(rational, make_of_int128_min_overflows)
{
    rat r;
    cr_assert_eq(rat_make(-MAX - 1, 1, &r), RAT_OVERFLOW);
    cr_assert_eq(rat_make(1, -MAX - 1, &r), RAT_OVERFLOW);
}

Test(rational, from_scaled_divides_by_power_of_ten)
{
    rat r;
    cr_assert_eq(rat_from_scaled(-12345, 2, &r), RAT_OK);
    assert_rat(r, -2469, 20);
}

Test(rational, from_scaled_rejects_scale_beyond_30)
{
    rat r;
    cr_assert_neq(rat_from_scaled(1, 31, &r), RAT_OK);
}

/* --- arithmetic --- */

Test(rational, one_third_times_three_is_one)
{
    rat r;
    cr_assert_eq(rat_mul(R(1, 3), rat_from_int(3), &r), RAT_OK);
    assert_rat(r, 1, 1);
}

Test(rational, half_plus_third_is_five_sixths)
{
    rat r;
    cr_assert_eq(rat_add(R(1, 2), R(1, 3), &r), RAT_OK);
    assert_rat(r, 5, 6);
}

Test(rational, sum_is_in_lowest_terms)
{
    rat r;
    cr_assert_eq(rat_add(R(1, 6), R(1, 3), &r), RAT_OK);
    assert_rat(r, 1, 2);
}

Test(rational, sum_of_opposites_is_zero_over_one)
{
    rat r;
    cr_assert_eq(rat_add(R(7, 12), R(-7, 12), &r), RAT_OK);
    assert_rat(r, 0, 1);
}

Test(rational, third_minus_half_is_minus_sixth)
{
    rat r;
    cr_assert_eq(rat_sub(R(1, 3), R(1, 2), &r), RAT_OK);
    assert_rat(r, -1, 6);
}

Test(rational, add_past_int128_max_overflows)
{
    rat r;
    cr_assert_eq(rat_add(R(MAX, 1), rat_from_int(1), &r), RAT_OVERFLOW);
}

Test(rational, sub_to_int128_min_overflows)
{
    rat r;
    cr_assert_eq(rat_sub(R(-MAX, 1), rat_from_int(1), &r), RAT_OVERFLOW);
}

Test(rational, add_up_to_int128_max_fits)
{
    rat r;
    cr_assert_eq(rat_add(R(MAX - 1, 1), rat_from_int(1), &r), RAT_OK);
    assert_rat(r, MAX, 1);
}

Test(rational, add_whose_cross_sum_exceeds_128_bits_but_result_fits)
{
    /* (2^126 + 1)/2 twice: the unreduced numerator is 2^127 + 2. */
    rat r;
    cr_assert_eq(rat_add(R(P(126) + 1, 2), R(P(126) + 1, 2), &r), RAT_OK);
    assert_rat(r, P(126) + 1, 1);
}

Test(rational, add_whose_cross_product_exceeds_128_bits_but_result_fits)
{
    /* MAX * 2 does not fit, but MAX - MAX/2 = MAX/2. */
    rat r;
    cr_assert_eq(rat_add(R(MAX, 1), R(-MAX, 2), &r), RAT_OK);
    assert_rat(r, MAX, 2);
}

Test(rational, add_with_denominator_past_limit_overflows)
{
    rat r;
    cr_assert_eq(rat_add(R(1, P(100) + 1), R(1, P(64) + 1), &r), RAT_OVERFLOW);
}

Test(rational, mul_reduces_across_before_multiplying)
{
    /* The naive products 2^126 * 3 and 3 * 2^64 would overflow; the result is 2^62. */
    rat r;
    cr_assert_eq(rat_mul(R(P(126), 3), R(3, P(64)), &r), RAT_OK);
    assert_rat(r, P(62), 1);
}

Test(rational, mul_past_limit_overflows)
{
    rat r;
    cr_assert_eq(rat_mul(R(P(64), 1), R(P(64), 1), &r), RAT_OVERFLOW);
}

Test(rational, mul_to_int128_min_overflows)
{
    rat r;
    cr_assert_eq(rat_mul(R(-P(126), 1), rat_from_int(2), &r), RAT_OVERFLOW);
}

Test(rational, mul_of_denominators_past_limit_overflows)
{
    rat r;
    cr_assert_eq(rat_mul(R(1, P(64)), R(1, P(64)), &r), RAT_OVERFLOW);
}

Test(rational, div_multiplies_by_inverse)
{
    rat r;
    cr_assert_eq(rat_div(R(3, 4), R(3, 8), &r), RAT_OK);
    assert_rat(r, 2, 1);
}

Test(rational, div_by_negative_keeps_denominator_positive)
{
    rat r;
    cr_assert_eq(rat_div(R(1, 2), R(-1, 3), &r), RAT_OK);
    assert_rat(r, -3, 2);
}

Test(rational, div_by_zero_is_reported)
{
    rat r;
    cr_assert_eq(rat_div(rat_from_int(1), rat_from_int(0), &r), RAT_DIV_ZERO);
}

Test(rational, neg_flips_sign)
{
    assert_rat(rat_neg(R(2, 3)), -2, 3);
}

Test(rational, abs_drops_sign)
{
    assert_rat(rat_abs(R(-2, 3)), 2, 3);
}

/* --- powers --- */

Test(rational, pow_positive_exponent)
{
    rat r;
    cr_assert_eq(rat_pow(R(-2, 3), 3, &r), RAT_OK);
    assert_rat(r, -8, 27);
}

Test(rational, pow_negative_exponent_inverts)
{
    rat r;
    cr_assert_eq(rat_pow(R(-2, 3), -3, &r), RAT_OK);
    assert_rat(r, -27, 8);
}

Test(rational, pow_even_exponent_of_negative_is_positive)
{
    rat r;
    cr_assert_eq(rat_pow(R(-2, 3), 4, &r), RAT_OK);
    assert_rat(r, 16, 81);
}

Test(rational, zero_to_the_zero_is_one)
{
    rat r;
    cr_assert_eq(rat_pow(rat_from_int(0), 0, &r), RAT_OK);
    assert_rat(r, 1, 1);
}

Test(rational, zero_to_negative_power_is_div_zero)
{
    rat r;
    cr_assert_eq(rat_pow(rat_from_int(0), -2, &r), RAT_DIV_ZERO);
}

Test(rational, pow_up_to_limit_fits)
{
    rat r;
    cr_assert_eq(rat_pow(rat_from_int(2), 126, &r), RAT_OK);
    assert_rat(r, P(126), 1);
    cr_assert_eq(rat_pow(R(1, 2), 126, &r), RAT_OK);
    assert_rat(r, 1, P(126));
}

Test(rational, pow_past_limit_overflows)
{
    rat r;
    cr_assert_eq(rat_pow(rat_from_int(2), 127, &r), RAT_OVERFLOW);
    cr_assert_eq(rat_pow(rat_from_int(-2), 127, &r), RAT_OVERFLOW);
    cr_assert_eq(rat_pow(R(1, 3), 81, &r), RAT_OVERFLOW);
    cr_assert_eq(rat_pow(rat_from_int(10), INT64_MAX, &r), RAT_OVERFLOW);
}

Test(rational, pow_of_minus_one_with_extreme_exponents)
{
    rat r;
    cr_assert_eq(rat_pow(rat_from_int(-1), INT64_MAX, &r), RAT_OK);
    assert_rat(r, -1, 1);
    cr_assert_eq(rat_pow(rat_from_int(-1), INT64_MIN, &r), RAT_OK);
    assert_rat(r, 1, 1);
}

/* --- comparison --- */

Test(rational, cmp_orders_by_sign)
{
    cr_assert_lt(rat_cmp(R(-1, 1000), rat_from_int(0)), 0);
    cr_assert_gt(rat_cmp(R(1, MAX), R(-MAX, 1)), 0);
    cr_assert_eq(rat_cmp(rat_from_int(0), rat_from_int(0)), 0);
}

Test(rational, cmp_is_exact_when_cross_products_exceed_128_bits)
{
    /* MAX/(MAX-1) = 1 + 1/(MAX-1) is less than (MAX-1)/(MAX-2) = 1 + 1/(MAX-2). */
    rat a = R(MAX, MAX - 1), b = R(MAX - 1, MAX - 2);
    cr_assert_lt(rat_cmp(a, b), 0);
    cr_assert_gt(rat_cmp(b, a), 0);
    cr_assert_gt(rat_cmp(rat_neg(a), rat_neg(b)), 0);
    cr_assert_eq(rat_cmp(a, R(MAX, MAX - 1)), 0);
}

Test(rational, eq_compares_values)
{
    cr_assert(rat_eq(R(2, 4), R(1, 2)));
    cr_assert_not(rat_eq(R(1, 2), R(-1, 2)));
}

Test(rational, is_int_after_reduction)
{
    cr_assert(rat_is_int(R(4, 2)));
    cr_assert_not(rat_is_int(R(1, 2)));
}

Test(rational, is_zero_only_for_zero)
{
    cr_assert(rat_is_zero(R(0, 3)));
    cr_assert_not(rat_is_zero(R(1, MAX)));
}

Test(rational, sign_is_minus_one_zero_or_one)
{
    cr_assert_eq(rat_sign(R(-1, 2)), -1);
    cr_assert_eq(rat_sign(rat_from_int(0)), 0);
    cr_assert_eq(rat_sign(R(1, 2)), 1);
}

/* --- rounding --- */

static rat rounded(rat a, int decimals, rat_rounding mode)
{
    rat r;
    cr_assert_eq(rat_round(a, decimals, mode, &r), RAT_OK);
    return r;
}

Test(rational, round_half_away_moves_halves_away_from_zero)
{
    assert_rat(rounded(R(5, 2), 0, RAT_HALF_AWAY), 3, 1);
    assert_rat(rounded(R(-5, 2), 0, RAT_HALF_AWAY), -3, 1);
    assert_rat(rounded(R(-49, 20), 0, RAT_HALF_AWAY), -2, 1);
}

Test(rational, round_half_even_moves_halves_to_even)
{
    assert_rat(rounded(R(5, 2), 0, RAT_HALF_EVEN), 2, 1);
    assert_rat(rounded(R(7, 2), 0, RAT_HALF_EVEN), 4, 1);
    assert_rat(rounded(R(-5, 2), 0, RAT_HALF_EVEN), -2, 1);
    assert_rat(rounded(R(-51, 20), 0, RAT_HALF_EVEN), -3, 1);
}

Test(rational, round_half_even_at_decimals_looks_at_last_digit)
{
    assert_rat(rounded(R(125, 1000), 2, RAT_HALF_EVEN), 3, 25);   /* 0.125 -> 0.12 */
    assert_rat(rounded(R(135, 1000), 2, RAT_HALF_EVEN), 7, 50);   /* 0.135 -> 0.14 */
}

Test(rational, round_floor_goes_down)
{
    assert_rat(rounded(R(29, 10), 0, RAT_FLOOR), 2, 1);
    assert_rat(rounded(R(-21, 10), 0, RAT_FLOOR), -3, 1);
}

Test(rational, round_ceil_goes_up)
{
    assert_rat(rounded(R(21, 10), 0, RAT_CEIL), 3, 1);
    assert_rat(rounded(R(-29, 10), 0, RAT_CEIL), -2, 1);
}

Test(rational, round_trunc_goes_to_zero)
{
    assert_rat(rounded(R(29, 10), 0, RAT_TRUNC), 2, 1);
    assert_rat(rounded(R(-29, 10), 0, RAT_TRUNC), -2, 1);
}

Test(rational, round_keeps_exact_values)
{
    assert_rat(rounded(R(-3, 1), 0, RAT_FLOOR), -3, 1);
    assert_rat(rounded(R(1, 4), 2, RAT_CEIL), 1, 4);
}

Test(rational, round_to_decimals)
{
    assert_rat(rounded(R(1, 3), 2, RAT_HALF_AWAY), 33, 100);
    assert_rat(rounded(R(2, 3), 2, RAT_HALF_AWAY), 67, 100);
    assert_rat(rounded(R(-2, 3), 2, RAT_TRUNC), -33, 50);
}

Test(rational, round_to_negative_decimals_rounds_to_hundreds)
{
    assert_rat(rounded(rat_from_int(1250), -2, RAT_HALF_EVEN), 1200, 1);
    assert_rat(rounded(rat_from_int(1250), -2, RAT_HALF_AWAY), 1300, 1);
    assert_rat(rounded(rat_from_int(-1201), -2, RAT_FLOOR), -1300, 1);
}

Test(rational, round_to_small_magnitude_gives_zero_over_one)
{
    assert_rat(rounded(R(-1, 1000), 2, RAT_HALF_AWAY), 0, 1);
}

Test(rational, round_near_limit_is_exact)
{
    /* MAX/3 rounded to 30 decimals: the scaled value needs more than 128 bits. */
    rat r;
    cr_assert_eq(rat_round(R(MAX, 3), 30, RAT_FLOOR, &r), RAT_OVERFLOW);
    assert_rat(rounded(R(MAX, 2), 0, RAT_FLOOR), MAX / 2, 1);
    assert_rat(rounded(R(-MAX, 1), 30, RAT_FLOOR), -MAX, 1);
}

Test(rational, round_up_past_limit_overflows)
{
    rat r;
    cr_assert_eq(rat_round(R(MAX, 2), 0, RAT_CEIL, &r), RAT_OK);
    cr_assert_eq(rat_round(R(MAX, 1), -1, RAT_CEIL, &r), RAT_OVERFLOW);
}

Test(rational, to_scaled_rounds_to_integer_of_hundredths)
{
    int64_t v;
    cr_assert_eq(rat_to_scaled(R(12345, 1000), 2, RAT_HALF_AWAY, &v), RAT_OK);
    cr_assert_eq(v, 1235);
    cr_assert_eq(rat_to_scaled(R(-12345, 1000), 2, RAT_HALF_AWAY, &v), RAT_OK);
    cr_assert_eq(v, -1235);
    cr_assert_eq(rat_to_scaled(R(-12345, 1000), 2, RAT_HALF_EVEN, &v), RAT_OK);
    cr_assert_eq(v, -1234);
}

Test(rational, to_scaled_reaches_int64_min_but_not_beyond_max)
{
    int64_t v;
    cr_assert_eq(rat_to_scaled(R(INT64_MIN, 1), 0, RAT_TRUNC, &v), RAT_OK);
    cr_assert_eq(v, INT64_MIN);
    cr_assert_eq(rat_to_scaled(R((i128)INT64_MAX + 1, 1), 0, RAT_TRUNC, &v), RAT_OVERFLOW);
    cr_assert_eq(rat_to_scaled(R(INT64_MAX, 1), 1, RAT_TRUNC, &v), RAT_OVERFLOW);
}

Test(rational, to_int64_only_for_integers_that_fit)
{
    int64_t v = 0;
    cr_assert(rat_to_int64(R(14, 2), &v));
    cr_assert_eq(v, 7);
    cr_assert_not(rat_to_int64(R(7, 2), &v));
    cr_assert_not(rat_to_int64(R(P(64), 1), &v));
}

Test(rational, to_double_approximates)
{
    cr_assert(fabs(rat_to_double(R(-1, 3)) + 1.0 / 3.0) < 1e-15);
    cr_assert(fabs(rat_to_double(R(MAX, 1)) / ldexp(1.0, 127) - 1.0) < 1e-15);
}

/* --- formatting --- */

Test(rational, format_money_pads_to_two_decimals)
{
    cr_assert_str_eq(fmt(R(25, 2), 2, 2), "12.50");
    cr_assert_str_eq(fmt(rat_from_int(7), 2, 2), "7.00");
}

Test(rational, format_one_third_to_six_decimals)
{
    cr_assert_str_eq(fmt(R(1, 3), 0, 6), "0.333333");
    cr_assert_str_eq(fmt(R(2, 3), 0, 6), "0.666667");
}

Test(rational, format_trims_trailing_zeros_to_min)
{
    cr_assert_str_eq(fmt(R(1, 4), 0, 6), "0.25");
    cr_assert_str_eq(fmt(R(1, 4), 3, 6), "0.250");
    cr_assert_str_eq(fmt(rat_from_int(42), 0, 6), "42");
}

Test(rational, format_small_negative)
{
    cr_assert_str_eq(fmt(R(-1, 100), 0, 2), "-0.01");
    cr_assert_str_eq(fmt(R(-1, 200), 0, 2), "-0.01");   /* -0.005 half away */
}

Test(rational, format_never_prints_negative_zero)
{
    cr_assert_str_eq(fmt(R(-1, 1000), 0, 2), "0");
    cr_assert_str_eq(fmt(R(-1, 1000), 2, 2), "0.00");
}

Test(rational, format_carries_rounding_into_integer_part)
{
    cr_assert_str_eq(fmt(R(-99999, 100000), 0, 2), "-1");
    cr_assert_str_eq(fmt(R(199999, 100000), 2, 2), "2.00");
}

Test(rational, format_at_the_limits)
{
    cr_assert_str_eq(fmt(R(MAX, 1), 0, 0), "170141183460469231731687303715884105727");
    cr_assert_str_eq(fmt(R(-MAX, 1), 2, 2), "-170141183460469231731687303715884105727.00");
    cr_assert_str_eq(fmt(R(1, MAX), 0, 38), "0.00000000000000000000000000000000000001");
    cr_assert_str_eq(fmt(R(MAX, 2), 0, 3), "85070591730234615865843651857942052863.5");
}

Test(rational, format_truncates_like_snprintf)
{
    char buf[4];
    cr_assert_eq(rat_format(R(25, 2), 2, 2, buf, sizeof buf), 5);
    cr_assert_str_eq(buf, "12.");
    cr_assert_eq(rat_format(R(25, 2), 2, 2, NULL, 0), 5);
}

/* --- properties --- */

#define RANDOM_PAIRS 100000

Test(rational, random_sums_are_in_lowest_terms)
{
    uint64_t state = 1;
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        rat a = random_rat(&state), b = random_rat(&state), s;
        cr_assert_eq(rat_add(a, b, &s), RAT_OK);
        cr_assert(s.den > 0 && slow_gcd(s.num, s.den) == 1);
    }
}

Test(rational, random_products_are_in_lowest_terms)
{
    uint64_t state = 2;
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        rat a = random_rat(&state), b = random_rat(&state), p;
        cr_assert_eq(rat_mul(a, b, &p), RAT_OK);
        cr_assert(p.den > 0 && slow_gcd(p.num, p.den) == 1);
    }
}

Test(rational, random_add_then_sub_gives_back_a)
{
    uint64_t state = 3;
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        rat a = random_rat(&state), b = random_rat(&state), s, d;
        cr_assert_eq(rat_add(a, b, &s), RAT_OK);
        cr_assert_eq(rat_sub(s, b, &d), RAT_OK);
        cr_assert(rat_eq(d, a));
    }
}

Test(rational, random_mul_then_div_gives_back_a)
{
    uint64_t state = 4;
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        rat a = random_rat(&state), b = random_rat(&state), p, q;
        if (rat_is_zero(b))
            continue;
        cr_assert_eq(rat_mul(a, b, &p), RAT_OK);
        cr_assert_eq(rat_div(p, b, &q), RAT_OK);
        cr_assert(rat_eq(q, a));
    }
}

Test(rational, random_cmp_is_antisymmetric)
{
    uint64_t state = 5;
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        rat a = random_rat(&state), b = random_rat(&state);
        cr_assert_eq(rat_cmp(a, b), -rat_cmp(b, a));
    }
}

Test(rational, random_cmp_agrees_with_cross_multiplication)
{
    /* Small values: the cross products fit in int64 and serve as the oracle. */
    uint64_t state = 6;
    for (int i = 0; i < RANDOM_PAIRS; i++) {
        rat a = random_rat(&state), b = random_rat(&state);
        int64_t l = (int64_t)(a.num * b.den), r = (int64_t)(b.num * a.den);
        cr_assert_eq(rat_cmp(a, b), (l > r) - (l < r));
    }
}
