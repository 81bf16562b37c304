/*
** test_date.c: the civil calendar: leap years, conversions both ways over eight
** centuries, strict ISO parsing, formatting and month arithmetic.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "date.h"

static date_days D(int64_t y, int m, int d)
{
    date_days out;
    cr_assert(date_from_ymd(y, m, d, &out), "%lld-%d-%d should exist", (long long)y, m, d);
    return out;
}

static bool parses(const char *s)
{
    date_days d;
    return date_parse_iso(s, strlen(s), &d);
}

/* The month lengths written out independently of date.c. */
static int ref_days_in_month(int64_t y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

Test(date, century_not_divisible_by_400_is_not_leap)
{
    cr_assert_not(date_is_leap(1900));
    cr_assert_eq(date_days_in_year(1900), 365);
}

Test(date, century_divisible_by_400_is_leap)
{
    cr_assert(date_is_leap(2000));
    cr_assert_eq(date_days_in_year(2000), 366);
}

Test(date, year_divisible_by_4_is_leap)
{
    cr_assert(date_is_leap(2024));
    cr_assert_not(date_is_leap(2023));
}

Test(date, february_length_follows_leap_year)
{
    cr_assert_eq(date_days_in_month(2024, 2), 29);
    cr_assert_eq(date_days_in_month(2100, 2), 28);
    cr_assert_eq(date_days_in_month(2021, 4), 30);
}

Test(date, epoch_is_day_zero)
{
    cr_assert_eq(D(1970, 1, 1), 0);
}

Test(date, march_2000_anchor)
{
    cr_assert_eq(D(2000, 3, 1), 11017);
}

Test(date, days_before_epoch_are_negative)
{
    cr_assert_eq(D(1969, 12, 31), -1);
}

Test(date, every_day_from_1600_to_2400_round_trips_and_is_consecutive)
{
    date_days prev = D(1599, 12, 31);
    for (int64_t y = 1600; y <= 2400; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= ref_days_in_month(y, m); d++) {
                date_days days = D(y, m, d);
                cr_assert_eq(days, prev + 1, "%lld-%02d-%02d", (long long)y, m, d);
                int64_t yy;
                int mm, dd;
                date_to_ymd(days, &yy, &mm, &dd);
                cr_assert(yy == y && mm == m && dd == d, "%lld-%02d-%02d", (long long)y, m, d);
                prev = days;
            }
        }
    }
}

Test(date, nonexistent_days_are_rejected)
{
    date_days d;
    cr_assert_not(date_from_ymd(2021, 2, 29, &d));
    cr_assert_not(date_from_ymd(2021, 4, 31, &d));
    cr_assert_not(date_from_ymd(2021, 1, 0, &d));
    cr_assert_not(date_from_ymd(2021, 0, 1, &d));
}

Test(date, years_outside_1_to_9999_are_rejected)
{
    date_days d;
    cr_assert_not(date_from_ymd(0, 1, 1, &d));
    cr_assert_not(date_from_ymd(10000, 1, 1, &d));
    cr_assert(date_from_ymd(1, 1, 1, &d));
    cr_assert(date_from_ymd(9999, 12, 31, &d));
}

Test(date, year_of_a_day_changes_at_new_year)
{
    cr_assert_eq(date_year(D(2021, 12, 31)), 2021);
    cr_assert_eq(date_year(D(2022, 1, 1)), 2022);
}

Test(date, parse_accepts_iso_date)
{
    date_days d;
    cr_assert(date_parse_iso("2020-02-29", 10, &d));
    cr_assert_eq(d, D(2020, 2, 29));
}

Test(date, parse_reads_only_n_bytes)
{
    date_days d;
    cr_assert(date_parse_iso("2021-06-15T12:00", 10, &d));
    cr_assert_eq(d, D(2021, 6, 15));
}

Test(date, parse_rejects_nonexistent_day)
{
    cr_assert_not(parses("2021-02-30"));
}

Test(date, parse_rejects_month_13)
{
    cr_assert_not(parses("2021-13-01"));
}

Test(date, parse_rejects_year_zero)
{
    cr_assert_not(parses("0000-01-01"));
}

Test(date, parse_rejects_unpadded_fields)
{
    cr_assert_not(parses("2021-2-3"));
    cr_assert_not(parses("2021-02-3"));
}

Test(date, parse_rejects_missing_dashes)
{
    cr_assert_not(parses("20210101"));
    cr_assert_not(parses("2021/01/01"));
}

Test(date, parse_rejects_trailing_garbage)
{
    cr_assert_not(parses("2021-01-01x"));
    cr_assert_not(parses("2021-01-01 "));
}

Test(date, parse_rejects_signs_and_spaces_in_fields)
{
    cr_assert_not(parses("2021-+1-01"));
    cr_assert_not(parses(" 2021-01-1"));
    cr_assert_not(parses(""));
}

Test(date, format_writes_padded_iso)
{
    char buf[11];
    date_format_iso(D(987, 3, 4), buf);
    cr_assert_str_eq(buf, "0987-03-04");
}

Test(date, format_then_parse_round_trips)
{
    char buf[11];
    date_days d = D(2024, 12, 31), back;
    date_format_iso(d, buf);
    cr_assert(date_parse_iso(buf, strlen(buf), &back));
    cr_assert_eq(back, d);
}

Test(date, add_month_clamps_to_end_of_february)
{
    date_days d;
    cr_assert(date_add_months(D(2021, 1, 31), 1, &d));
    cr_assert_eq(d, D(2021, 2, 28));
}

Test(date, add_month_clamps_to_leap_day)
{
    date_days d;
    cr_assert(date_add_months(D(2020, 1, 31), 1, &d));
    cr_assert_eq(d, D(2020, 2, 29));
}

Test(date, subtract_month_across_year)
{
    date_days d;
    cr_assert(date_add_months(D(2021, 1, 15), -1, &d));
    cr_assert_eq(d, D(2020, 12, 15));
}

Test(date, add_months_across_several_years)
{
    date_days d;
    cr_assert(date_add_months(D(2021, 11, 30), 27, &d));
    cr_assert_eq(d, D(2024, 2, 29));
    cr_assert(date_add_months(D(2021, 3, 31), -13, &d));
    cr_assert_eq(d, D(2020, 2, 29));
}

Test(date, add_months_outside_range_fails)
{
    date_days d;
    cr_assert_not(date_add_months(D(1, 1, 1), -1, &d));
    cr_assert_not(date_add_months(D(9999, 12, 1), 1, &d));
    cr_assert_not(date_add_months(D(2021, 1, 1), INT64_MAX, &d));
    cr_assert_not(date_add_months(D(2021, 1, 1), INT64_MIN, &d));
}

Test(date, end_of_month_is_last_day_of_same_month)
{
    cr_assert_eq(date_end_of_month(D(2024, 2, 10)), D(2024, 2, 29));
    cr_assert_eq(date_end_of_month(D(2023, 2, 1)), D(2023, 2, 28));
    cr_assert_eq(date_end_of_month(D(2021, 12, 31)), D(2021, 12, 31));
}
