/*
** report_chart.c: the choice of a chart for an output table, see report_chart.h.
*/
#include "report_chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static value cell(const rep_output *o, size_t row, int col)
{
    return o->cells[row * (size_t)o->table->ncols + (size_t)col];
}

static bool is_reference(const char *name)
{
    static const char *const words[] = { "target", "cap", "limit", "threshold", "ceiling", "goal", "reference", "loft", "maal" };
    for (const char *w = name; *w;) {
        size_t n = strcspn(w, "_");
        for (size_t k = 0; k < sizeof words / sizeof *words; k++)
            if (n == strlen(words[k]) && !strncmp(w, words[k], n)) return true;
        w += n;
        if (*w) w++;
    }
    return false;
}

static bool is_count(stype t)
{
    return t.integral && !t.percent && type_dimensionless(t);
}

static bool same_unit(stype a, stype b)
{
    return type_same_unit(a, b) && a.percent == b.percent;
}

enum { MAX_YEARS = 100 };

int *chart_value_numbers(const rep_output *o, int col, int limit, int *n)
{
    value *seen = xcalloc((size_t)limit + 1, sizeof *seen);
    int *number = xcalloc(o->nrows ? o->nrows : 1, sizeof *number);
    *n = 0;
    for (size_t r = 0; r < o->nrows && *n <= limit; r++) {
        value v = cell(o, r, col);
        int k = 0;
        while (k < *n && !val_equal(seen[k], v)) k++;
        if (k == *n) seen[(*n)++] = v;
        number[r] = k;
    }
    free(seen);
    if (*n > limit) {
        free(number);
        return NULL;
    }
    return number;
}

static int count_distinct(const rep_output *o, int col, int limit)
{
    int n;
    free(chart_value_numbers(o, col, limit, &n));
    return n;
}

/* Whether no two rows have the same value in column a (or a is -1) and the same year
** in column x. */
static bool one_row_per_year(const rep_output *o, int a, int x)
{
    int na = 1, nx;
    int *ga = a >= 0 ? chart_value_numbers(o, a, CHART_MAX_PANELS, &na) : NULL;
    int *gx = chart_value_numbers(o, x, MAX_YEARS, &nx);
    bool unique = (a < 0 || ga) && gx;
    bool *seen = unique ? xcalloc((size_t)na * (size_t)nx, sizeof *seen) : NULL;
    for (size_t r = 0; r < o->nrows && unique; r++) {
        size_t k = (size_t)(ga ? ga[r] : 0) * (size_t)nx + (size_t)gx[r];
        unique = !seen[k];
        seen[k] = true;
    }
    free(seen);
    free(ga);
    free(gx);
    return unique;
}

static double largest(const rep_output *o, int col)
{
    double m = 0;
    for (size_t r = 0; r < o->nrows; r++) {
        value v = cell(o, r, col);
        if (v.kind == V_NUM && fabs(rat_to_double(v.q)) > m) m = fabs(rat_to_double(v.q));
    }
    return m;
}

static int first_measure(const out_table *t)
{
    int any = -1;
    for (int c = 0; c < t->ncols; c++) {
        stype ty = t->cols[c].ty;
        if (ty.kind != TY_NUM || is_reference(t->cols[c].name)) continue;
        if (!is_count(ty)) return c;
        if (any < 0) any = c;
    }
    return any;
}

/* The text column whose values each have one row per year, with the fewest values. */
static int series_column(const rep_output *o, int x, int *ngroups)
{
    const out_table *t = o->table;
    int best = -1;
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].ty.kind != TY_TEXT) continue;
        int n = count_distinct(o, c, CHART_MAX_PANELS);
        if (n < 2 || n > CHART_MAX_PANELS || (best >= 0 && n >= *ngroups)) continue;
        if (!one_row_per_year(o, c, x)) continue;
        best = c;
        *ngroups = n;
    }
    return best;
}

/* The text column with the most values, up to CHART_MAX_BARS. */
static int category_column(const rep_output *o, int *ncategories)
{
    const out_table *t = o->table;
    int best = -1;
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].ty.kind != TY_TEXT) continue;
        int n = count_distinct(o, c, CHART_MAX_BARS);
        if (n >= 2 && n <= CHART_MAX_BARS && (best < 0 || n > *ncategories)) {
            best = c;
            *ncategories = n;
        }
    }
    return best;
}

static void add_lines(const rep_output *o, chart_spec *s)
{
    const out_table *t = o->table;
    stype unit = t->cols[s->series[0]].ty;
    double size = largest(o, s->series[0]);
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].ty.kind != TY_NUM || c == s->series[0] || !same_unit(t->cols[c].ty, unit)) continue;
        if (is_reference(t->cols[c].name)) {
            if (s->nrefs < CHART_MAX_SERIES) s->refs[s->nrefs++] = c;
        } else if (s->group < 0 && s->nseries < CHART_MAX_SERIES && c > s->series[0]) {
            /* Another measure shares the chart only where it is of a comparable size
            ** (an expenditure and the expenditure per inhabitant are not). */
            double other = largest(o, c);
            if (other * 10 >= size && other <= size * 10) s->series[s->nseries++] = c;
        }
    }
}

chart_spec chart_choose(const rep_output *o)
{
    const out_table *t = o->table;
    chart_spec s = { .kind = CHART_NONE, .x = -1, .group = -1 };
    int m = first_measure(t);
    if (m < 0 || o->nrows == 0) return s;
    for (int c = 0; c < t->ncols && s.x < 0; c++)
        if (t->cols[c].ty.kind == TY_YEAR) s.x = c;
    s.series[s.nseries++] = m;
    if (s.x >= 0) {
        if (one_row_per_year(o, -1, s.x)) s.kind = CHART_LINES;
        else if ((s.group = series_column(o, s.x, &s.ngroups)) >= 0) s.kind = CHART_LINES;
    }
    if (s.kind == CHART_LINES) {
        add_lines(o, &s);
        return s;
    }
    /* Bars add up: a money amount or a count, not a percentage or a rate. */
    stype mt = t->cols[m].ty;
    bool additive = val_type_money(mt) || (mt.integral && !mt.percent);
    if (!additive || (s.x >= 0 && count_distinct(o, s.x, CHART_MAX_STACK) > CHART_MAX_STACK)) return s;
    if ((s.group = category_column(o, &s.ngroups)) >= 0) s.kind = CHART_BARS;
    return s;
}
