/*
** report_chart.h: which chart shows an output table, chosen from the table's columns and
** data, never from its name or the rule that wrote it, and the chart as inline SVG.
**
**   - A year column, and a text column whose values each have one row per year (or no text
**     column, one row per year): a line chart of the first measure over the years, one
**     line per value of the text column (with more than 8 values, one small chart each,
**     on one scale). Without a text column, further measures of the same unit and of a
**     comparable size are lines of their own.
**   - Otherwise a money or count measure and a text column with 2 to 60 values: a bar per
**     value, its sum (exact), stacked by year when the table has at most 8 years.
**   - A measure is a number column; counts (whole numbers without unit) are measures only
**     when there is no other. A column named as a reference (a word of its name is target,
**     cap, limit, threshold, ceiling, goal, reference, loft or maal) is drawn dashed
**     beside the measures of its unit.
*/
#ifndef STYR_REPORT_CHART_H
#define STYR_REPORT_CHART_H

#include "report.h"
#include "report_num.h"

enum { CHART_MAX_SERIES = 8, CHART_MAX_LINES = 8, CHART_MAX_PANELS = 60, CHART_MAX_BARS = 60, CHART_MAX_STACK = 8 };

typedef enum chart_kind { CHART_NONE, CHART_LINES, CHART_BARS } chart_kind;

typedef struct chart_spec {
    chart_kind kind;
    int x;                          /* the year column, or -1 */
    int group;                      /* LINES: one line or panel per value; BARS: the categories; or -1 */
    int series[CHART_MAX_SERIES];   /* the measures drawn solid (BARS: one) */
    int nseries;
    int refs[CHART_MAX_SERIES];     /* reference columns, drawn dashed */
    int nrefs;
    int ngroups;                    /* values of group */
} chart_spec;

chart_spec chart_choose(const rep_output *o);
/* For each row, the number of its value in column col among the column's distinct values
** (in the order they first appear); NULL when there are more than limit. *n gets the
** number of distinct values (limit + 1 when there are more). The caller frees it. */
int *chart_value_numbers(const rep_output *o, int col, int limit, int *n);
/* Writes the chart of spec (nothing for CHART_NONE): SVG and a legend, in one <figure>. */
void chart_write_svg(const rep_output *o, const chart_spec *spec, rep_numstyle st, buf *out);

#endif
