/*
** date.h: civil dates in the proleptic Gregorian calendar, held as a count of days
** since 1970-01-01 (negative before). Years 1..9999.
*/
#ifndef STYR_DATE_H
#define STYR_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t date_days;

bool date_is_leap(int64_t year);
int date_days_in_year(int64_t year);             /* 365 or 366 */
int date_days_in_month(int64_t year, int month); /* month 1..12 */
/* false when the date does not exist (2021-02-30) or the year is outside 1..9999. */
bool date_from_ymd(int64_t year, int month, int day, date_days *out);
void date_to_ymd(date_days d, int64_t *year, int *month, int *day);
int64_t date_year(date_days d);
/* Parses exactly YYYY-MM-DD (ISO 8601 calendar date). false on anything else. */
bool date_parse_iso(const char *s, size_t n, date_days *out);
/* Writes YYYY-MM-DD and a NUL (11 bytes). */
void date_format_iso(date_days d, char out[11]);
/* Adds n months; the day is clamped to the end of the target month (Jan 31 + 1 month =
** Feb 28 or 29). false when the result leaves 1..9999. */
bool date_add_months(date_days d, int64_t n, date_days *out);
date_days date_end_of_month(date_days d);

#endif
