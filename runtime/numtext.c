/*
** numtext.c: exact decimal numbers from text, see numtext.h. Used for CSV fields and for
** number literals in rules; anything that is not plainly a decimal number is refused.
*/
#include "numtext.h"

#include <string.h>

#define MAX_DIGITS 38   /* 10^38 - 1 < 2^127 - 1, so the mantissa always fits */
#define MAX_SCALE 30

static const char NBSP[] = "\xc2\xa0";        /* U+00A0 NO-BREAK SPACE */
static const char MINUS[] = "\xe2\x88\x92";   /* U+2212 MINUS SIGN */

/* The length of the UTF-8 sequence lit if the text at p starts with it, else 0. */
static size_t starts(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0 ? n : 0;
}

/* The length of a blank (space or no-break space) at p, else 0. */
static size_t blank_at(const char *p, const char *end)
{
    return p < end && *p == ' ' ? 1 : starts(p, end, NBSP);
}

/* The length of a blank ending at end, else 0. */
static size_t blank_before(const char *p, const char *end)
{
    if (end > p && end[-1] == ' ')
        return 1;
    return end - p >= 2 && memcmp(end - 2, NBSP, 2) == 0 ? 2 : 0;
}

/* The length of a thousands separator at p, else 0. A space also admits a no-break
** space, which is what spreadsheets write in its place. */
static size_t thousands_at(const char *p, const char *end, num_style style)
{
    if (style.thousands == 0)
        return 0;
    if (p < end && *p == style.thousands)
        return 1;
    return style.thousands == ' ' ? starts(p, end, NBSP) : 0;
}

static bool valid_style(num_style style)
{
    return (style.decimal == '.' || style.decimal == ',') &&
           (style.thousands == 0 || style.thousands == '.' || style.thousands == ',' ||
            style.thousands == ' ') &&
           style.thousands != style.decimal;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Appends a digit to the mantissa; false beyond MAX_DIGITS significant digits. */
static bool push_digit(u128 *m, int *sig, char c)
{
    if (*m == 0 && c == '0')
        return true;            /* a leading zero is not significant */
    if (++*sig > MAX_DIGITS)
        return false;
    *m = *m * 10 + (u128)(c - '0');
    return true;
}

/*
** Grammar, after trimming blanks: sign? group (sep group3)* (decimal digit+)?
** With separators the first group has 1 to 3 digits and every later one exactly 3.
** Both ".5" and "5." are refused: a lone separator at either end is more often a
** damaged field (or a thousands separator from another convention) than a number.
*/
bool num_parse_decimal(const char *s, size_t n, num_style style, i128 *mantissa, int *scale)
{
    const char *p = s, *end = s + n;
    size_t k;
    if (!valid_style(style))
        return false;
    while ((k = blank_at(p, end)) != 0)
        p += k;
    while ((k = blank_before(p, end)) != 0)
        end -= k;

    bool neg = false;
    if (p < end && (*p == '+' || *p == '-')) {
        neg = *p++ == '-';
    } else if ((k = starts(p, end, MINUS)) != 0) {
        neg = true;
        p += k;
    }

    u128 m = 0;
    int sig = 0, group = 0, ngroups = 1;
    for (;;) {
        if (p < end && is_digit(*p)) {
            if (!push_digit(&m, &sig, *p++))
                return false;
            group++;
        } else if ((k = thousands_at(p, end, style)) != 0) {
            if (group == 0 || group > 3 || (ngroups > 1 && group != 3))
                return false;
            ngroups++;
            group = 0;
            p += k;
        } else {
            break;
        }
    }
    if (group == 0 || (ngroups > 1 && group != 3))
        return false;

    int frac = 0;
    if (p < end && *p == style.decimal) {
        p++;
        for (; p < end && is_digit(*p); p++, frac++)
            if (frac == MAX_SCALE || !push_digit(&m, &sig, *p))
                return false;
        if (frac == 0)
            return false;
    }
    if (p != end)
        return false;
    *mantissa = neg ? -(i128)m : (i128)m;
    *scale = frac;
    return true;
}

bool num_parse_rat(const char *s, size_t n, num_style style, rat *out)
{
    i128 m;
    int scale;
    return num_parse_decimal(s, n, style, &m, &scale) &&
           rat_from_scaled(m, scale, out) == RAT_OK;
}
