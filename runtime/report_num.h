/*
** report_num.h: numbers in reports for people, in the reader's locale: English
** (1,234.50 or, where a program may read it back, 1234.50) or Danish (1.234,50, 6,5 %).
** The digits are always those of val_format: exact, only the marks differ. JSON is never
** localised.
*/
#ifndef STYR_REPORT_NUM_H
#define STYR_REPORT_NUM_H

#include <stdint.h>

#include "buf.h"
#include "value.h"

typedef struct rep_numstyle {
    char decimal;      /* '.' or ',' */
    char thousands;    /* 0 for none, or ',' or '.' */
} rep_numstyle;

/* The style of a report: English or Danish; `grouped` adds thousands separators to
** English numbers (Danish ones always have them). */
rep_numstyle rep_numstyle_for(bool danish, bool grouped);

/* Writes a plain decimal ("-1234.5", "6.5 %") with the marks of st. */
void rep_num_localise(const char *plain, rep_numstyle st, buf *out);
/* Writes v as val_format does, numbers with the marks of st. */
void rep_format_value(value v, stype t, rep_numstyle st, buf *out);
/* Writes a count, grouped by thousands when st has a separator. */
void rep_count(int64_t n, rep_numstyle st, buf *out);

#endif
