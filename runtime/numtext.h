/*
** numtext.h: reading numbers written by people and by Danish exports into exact values.
*/
#ifndef STYR_NUMTEXT_H
#define STYR_NUMTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rational.h"

/* How numbers are written in a file. */
typedef struct num_style {
    char decimal;      /* '.' or ',' */
    char thousands;    /* 0 for none, or '.', ',', ' ' (must differ from decimal) */
} num_style;

/*
** Parses a decimal number: optional sign (+, -, or the Unicode minus U+2212), digits
** with optional thousands separators (only in groups of three after the first group),
** optional decimal separator and digits. Leading and trailing spaces (and non-breaking
** spaces U+00A0) are ignored. Exponents, "inf", "nan", hex and empty strings are not
** numbers. On success stores value = *mantissa / 10^*scale exactly, with *scale the
** number of digits written after the separator (0..30), and returns true. Returns false
** for anything else, and for values beyond 38 significant digits.
*/
bool num_parse_decimal(const char *s, size_t n, num_style style, i128 *mantissa, int *scale);

/* The same, as a rational. */
bool num_parse_rat(const char *s, size_t n, num_style style, rat *out);

#endif
