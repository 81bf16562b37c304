/*
** date.c: civil dates as days since 1970-01-01, see date.h. The conversions are Howard
** Hinnant's days_from_civil and civil_from_days, which count in 400-year eras.
*/
#include "date.h"

#define MIN_YEAR 1
#define MAX_YEAR 9999

/* Days since 1970-01-01 of a date that exists; no range check. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;                                   /* the year starts in March */
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                   /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void date_to_ymd(date_days days, int64_t *year, int *month, int *day)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                 /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                               /* March = 0 */
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

bool date_is_leap(int64_t year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int date_days_in_year(int64_t year)
{
    return date_is_leap(year) ? 366 : 365;
}

/* 0 for a month outside 1..12. */
int date_days_in_month(int64_t year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && date_is_leap(year) ? 29 : days[month - 1];
}

bool date_from_ymd(int64_t year, int month, int day, date_days *out)
{
    if (year < MIN_YEAR || year > MAX_YEAR || day < 1 || day > date_days_in_month(year, month))
        return false;
    *out = (date_days)days_from_civil(year, month, day);
    return true;
}

int64_t date_year(date_days d)
{
    int64_t y;
    int m, day;
    date_to_ymd(d, &y, &m, &day);
    return y;
}

/* The value of n ASCII digits at s, or -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool date_parse_iso(const char *s, size_t n, date_days *out)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return false;
    return date_from_ymd(y, m, d, out);
}

/* Writes n digits of v, zero-padded, at s. */
static void put_digits(char *s, int n, int64_t v)
{
    for (int i = n - 1; i >= 0; i--) {
        s[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Dates outside years 1..9999 are a caller's error; their year is written modulo 10000. */
void date_format_iso(date_days d, char out[11])
{
    int64_t y;
    int m, day;
    date_to_ymd(d, &y, &m, &day);
    y %= 10000;
    put_digits(out, 4, y < 0 ? -y : y);
    out[4] = '-';
    put_digits(out + 5, 2, m);
    out[7] = '-';
    put_digits(out + 8, 2, day);
    out[10] = 0;
}

bool date_add_months(date_days d, int64_t n, date_days *out)
{
    int64_t y;
    int m, day;
    date_to_ymd(d, &y, &m, &day);
    /* Bounding n first keeps the month count from overflowing. */
    if (n < -12 * (int64_t)MAX_YEAR || n > 12 * (int64_t)MAX_YEAR)
        return false;
    int64_t months = y * 12 + (m - 1) + n;
    if (months < 12 * (int64_t)MIN_YEAR)
        return false;
    int64_t ny = months / 12;
    int nm = (int)(months % 12) + 1;
    int dim = date_days_in_month(ny, nm);
    return date_from_ymd(ny, nm, day < dim ? day : dim, out);
}

date_days date_end_of_month(date_days d)
{
    int64_t y;
    int m, day;
    date_to_ymd(d, &y, &m, &day);
    return (date_days)days_from_civil(y, m, date_days_in_month(y, m));
}
