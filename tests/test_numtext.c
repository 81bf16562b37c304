/*
** test_numtext.c: decimal numbers as people and Danish exports write them: the forms
** that must be read exactly, and the look-alikes that must be refused.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "numtext.h"

static const num_style DOT = {'.', 0};
static const num_style COMMA = {',', 0};
static const num_style DANISH = {',', '.'};
static const num_style ENGLISH = {'.', ','};
static const num_style SPACED = {',', ' '};

/* Parses s and checks the mantissa and scale. */
static void assert_parses(const char *s, num_style style, i128 mantissa, int scale)
{
    i128 m = 0;
    int sc = -1;
    cr_assert(num_parse_decimal(s, strlen(s), style, &m, &sc), "\"%s\" should parse", s);
    cr_assert(m == mantissa && sc == scale, "\"%s\": got %lld scale %d, want %lld scale %d",
              s, (long long)m, sc, (long long)mantissa, scale);
}

static void assert_rejects(const char *s, num_style style)
{
    i128 m;
    int sc;
    cr_assert_not(num_parse_decimal(s, strlen(s), style, &m, &sc), "\"%s\" should not parse", s);
}

Test(numtext, point_decimal)
{
    assert_parses("1234.50", DOT, 123450, 2);
}

Test(numtext, danish_thousands_and_comma_decimal)
{
    assert_parses("1.234,50", DANISH, 123450, 2);
}

Test(numtext, comma_decimal_without_thousands)
{
    assert_parses("1234,5", COMMA, 12345, 1);
}

Test(numtext, english_thousands_and_point_decimal)
{
    assert_parses("1,234,567.5", ENGLISH, 12345675, 1);
}

Test(numtext, negative_integer)
{
    assert_parses("-12", DOT, -12, 0);
}

Test(numtext, surrounding_spaces_are_ignored)
{
    assert_parses(" 7 ", DOT, 7, 0);
}

Test(numtext, surrounding_no_break_spaces_are_ignored)
{
    assert_parses("\xc2\xa0" "7\xc2\xa0 ", DOT, 7, 0);
}

Test(numtext, explicit_plus_sign)
{
    assert_parses("+3,25", COMMA, 325, 2);
}

Test(numtext, unicode_minus_sign)
{
    assert_parses("\xe2\x88\x92" "5", DOT, -5, 0);
}

Test(numtext, space_as_thousands_separator)
{
    assert_parses("1 234,5", SPACED, 12345, 1);
}

Test(numtext, no_break_space_as_thousands_separator)
{
    assert_parses("1\xc2\xa0" "234\xc2\xa0" "567,5", SPACED, 12345675, 1);
}

Test(numtext, thousands_separator_is_optional)
{
    assert_parses("1234,5", DANISH, 12345, 1);
}

Test(numtext, leading_zeros_are_kept_out_of_the_mantissa)
{
    assert_parses("0.05", DOT, 5, 2);
    assert_parses("007", DOT, 7, 0);
}

Test(numtext, trailing_zeros_count_in_the_scale)
{
    assert_parses("2.500", DOT, 2500, 3);
}

Test(numtext, negative_zero_is_zero)
{
    assert_parses("-0,00", COMMA, 0, 2);
}

Test(numtext, thirty_eight_significant_digits_fit)
{
    assert_parses("99999999999999999999999999999999999999", DOT,
                  (i128)9999999999999999999ULL * (i128)10000000000000000000ULL +
                      (i128)9999999999999999999ULL, 0);
}

Test(numtext, leading_zeros_do_not_count_as_significant)
{
    assert_parses("0000000000000000000000000000000000000000001", DOT, 1, 0);
}

Test(numtext, scale_of_thirty_is_accepted)
{
    assert_parses("0.000000000000000000000000000001", DOT, 1, 30);
}

Test(numtext, rejects_empty)
{
    assert_rejects("", DOT);
    assert_rejects("   ", DOT);
}

Test(numtext, rejects_lone_sign)
{
    assert_rejects("-", DOT);
    assert_rejects("\xe2\x88\x92", DOT);
}

Test(numtext, rejects_space_after_sign)
{
    assert_rejects("- 5", DOT);
}

Test(numtext, rejects_two_decimal_points)
{
    assert_rejects("1.2.3", DOT);
}

Test(numtext, rejects_letters_inside)
{
    assert_rejects("12x4.5", DOT);
}

Test(numtext, rejects_exponent)
{
    assert_rejects("1e5", DOT);
}

Test(numtext, rejects_inf_and_nan)
{
    assert_rejects("inf", DOT);
    assert_rejects("nan", DOT);
}

Test(numtext, rejects_hex)
{
    assert_rejects("0x10", DOT);
}

Test(numtext, rejects_comma_that_is_neither_decimal_nor_thousands)
{
    assert_rejects("1,234", DOT);
}

Test(numtext, rejects_short_group_after_the_first)
{
    assert_rejects("1.23,4", DANISH);
}

Test(numtext, rejects_long_group_after_the_first)
{
    assert_rejects("1.2345,6", DANISH);
}

Test(numtext, rejects_first_group_longer_than_three)
{
    assert_rejects("1234.567", DANISH);
}

Test(numtext, rejects_thousands_separator_at_either_end_of_the_integer)
{
    assert_rejects(".123", DANISH);
    assert_rejects("123.,5", DANISH);
    assert_rejects("123.", DANISH);
}

Test(numtext, rejects_thousands_separator_in_fraction)
{
    assert_rejects("1,234.567", DANISH);
}

Test(numtext, rejects_missing_integer_digits)
{
    assert_rejects(",5", COMMA);
    assert_rejects(".5", DOT);
}

Test(numtext, rejects_missing_fraction_digits)
{
    assert_rejects("12,", COMMA);
    assert_rejects("5.", DOT);
}

Test(numtext, rejects_space_inside_without_space_thousands)
{
    assert_rejects("1 234", DOT);
}

Test(numtext, rejects_more_than_38_significant_digits)
{
    assert_rejects("999999999999999999999999999999999999999", DOT);
    assert_rejects("1000000000000000000000000000000.00000001", DOT);
}

Test(numtext, rejects_scale_beyond_30)
{
    assert_rejects("0.0000000000000000000000000000001", DOT);
}

Test(numtext, rejects_style_with_equal_separators)
{
    assert_rejects("1", (num_style){',', ','});
}

Test(numtext, rat_is_reduced)
{
    rat r;
    cr_assert(num_parse_rat("1.234,50", 8, DANISH, &r));
    cr_assert(r.num == 2469 && r.den == 2);
}

Test(numtext, rat_rejects_what_decimal_rejects)
{
    rat r;
    cr_assert_not(num_parse_rat("1e5", 3, DOT, &r));
}

Test(numtext, reads_only_n_bytes)
{
    i128 m;
    int sc;
    cr_assert(num_parse_decimal("12;34", 2, DOT, &m, &sc));
    cr_assert(m == 12 && sc == 0);
}
