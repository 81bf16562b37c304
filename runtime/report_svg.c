/*
** report_svg.c: the charts of report_chart.h drawn as inline SVG. Positions are computed
** in floating point (a chart is a picture); every number a reader sees, in a tooltip or
** beside a bar, is the exact value, formatted as in the tables.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_chart.h"
#include "report_html.h"
#include "xalloc.h"

static const char *const palette[] = { "#2563a8", "#e07b1a", "#2e9b4a", "#c8353a", "#7c5cb8",
                                       "#8a5a44", "#d063a8", "#6b7280" };
enum { NCOLORS = sizeof palette / sizeof *palette };

static value cell(const rep_output *o, size_t row, int col)
{
    return o->cells[row * (size_t)o->table->ncols + (size_t)col];
}

/* What is plotted: percentages as their number of percent. */
static double plotted(value v, stype t)
{
    double d = rat_to_double(v.q);
    return t.percent && !val_type_money(t) ? d * 100 : d;
}

/* ---------------------------------------------------------------- axes */

typedef struct frame {
    double w, h, left, right, top, bottom;
    double x0, x1;          /* years */
    double lo, hi, step;    /* the value axis */
} frame;

static double px(const frame *f, double x)
{
    return f->x1 > f->x0 ? f->left + (x - f->x0) / (f->x1 - f->x0) * (f->w - f->left - f->right)
                         : (f->left + f->w - f->right) / 2;
}

static double py(const frame *f, double y)
{
    return f->h - f->bottom - (y - f->lo) / (f->hi - f->lo) * (f->h - f->top - f->bottom);
}

/* Round steps of 1, 2 or 5 times a power of ten, about five of them; zero is on the axis
** when the values are not far from it. */
static void nice_scale(frame *f, double lo, double hi)
{
    if (lo > 0 && lo < hi / 2) lo = 0;
    if (hi < 0 && hi > lo / 2) hi = 0;
    if (!(hi > lo)) {
        double pad = fabs(lo) > 0 ? fabs(lo) / 10 : 1;
        lo -= pad;
        hi += pad;
    }
    double raw = (hi - lo) / 5, mag = pow(10, floor(log10(raw))), r = raw / mag;
    f->step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
    f->lo = floor(lo / f->step) * f->step;
    f->hi = ceil(hi / f->step) * f->step;
}

static void tick_label(buf *out, double v, double step, bool percent, rep_numstyle st)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    char text[64];
    snprintf(text, sizeof text, "%.*f", decimals, fabs(v) < step / 1e6 ? 0.0 : v);
    rep_num_localise(text, st, out);
    if (percent) buf_puts(out, " %");
}

static void value_axis(buf *out, const frame *f, bool percent, rep_numstyle st)
{
    for (double v = f->lo; v <= f->hi + f->step / 2; v += f->step) {
        double y = py(f, v);
        buf_printf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", f->left,
                   f->w - f->right, y, y);
        buf_printf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f->left - 6, y + 4);
        tick_label(out, v, f->step, percent, st);
        buf_puts(out, "</text>");
    }
}

/* ---------------------------------------------------------------- lines */

typedef struct line {
    value label;            /* a group's value, or empty for a measure's name */
    const char *name;       /* the measure */
    stype ty;
    value *at;              /* per year */
    bool dashed;
    int color;
} line;

typedef struct line_chart {
    const rep_output *o;
    const chart_spec *spec;
    double *years;
    int nyears;
    line *lines;
    int nlines;
    int ngroups;
    bool percent;
} line_chart;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int year_number(const line_chart *c, double y)
{
    for (int i = 0; i < c->nyears; i++)
        if (c->years[i] == y) return i;
    return -1;
}

static bool same_line(const line *a, const line *b, int nyears)
{
    for (int i = 0; i < nyears; i++)
        if (!val_equal(a->at[i], b->at[i])) return false;
    return true;
}

/* The values of column col in the rows of group g (all rows when group is -1). */
static line make_line(const line_chart *c, const int *groups, int g, int col, int color, bool dashed)
{
    const rep_output *o = c->o;
    line l = { .label = val_empty(), .name = o->table->cols[col].name, .ty = o->table->cols[col].ty,
               .dashed = dashed, .color = color };
    l.at = xcalloc((size_t)c->nyears, sizeof *l.at);
    for (size_t r = 0; r < o->nrows; r++) {
        if (groups && groups[r] != g) continue;
        value x = cell(o, r, c->spec->x);
        if (x.kind != V_NUM) continue;
        if (groups) l.label = cell(o, r, c->spec->group);
        l.at[year_number(c, rat_to_double(x.q))] = cell(o, r, col);
    }
    return l;
}

/* One line per measure, or per group; the reference lines, each drawn once. */
static void collect_lines(line_chart *c, const int *groups)
{
    const chart_spec *s = c->spec;
    int ngroups = groups ? c->ngroups : 1;
    c->lines = xcalloc((size_t)(ngroups * (s->nseries + s->nrefs)), sizeof *c->lines);
    for (int g = 0; g < ngroups; g++) {
        for (int k = 0; k < s->nseries; k++)
            c->lines[c->nlines++] = make_line(c, groups, g, s->series[k], (groups ? g : k) % NCOLORS, false);
        for (int k = 0; k < s->nrefs; k++) {
            line l = make_line(c, groups, g, s->refs[k], NCOLORS - 1 - k % NCOLORS, true);
            bool seen = false;
            /* In one chart a reference the groups share is drawn once; small charts
            ** each draw their own. */
            for (int i = 0; i < c->nlines && !seen && c->ngroups <= CHART_MAX_LINES; i++)
                seen = c->lines[i].dashed && !strcmp(c->lines[i].name, l.name) && same_line(&c->lines[i], &l, c->nyears);
            if (seen) free(l.at);
            else c->lines[c->nlines++] = l;
        }
    }
}

static void line_label(buf *out, const line *l, bool with_name)
{
    if (l->label.kind == V_TEXT) {
        rep_html_escape(out, l->label.text.s, l->label.text.len);
        if (with_name && l->dashed) buf_puts(out, " · ");
    }
    if (l->label.kind != V_TEXT || (with_name && l->dashed)) rep_html_escape(out, l->name, strlen(l->name));
}

static void draw_line(buf *out, const frame *f, const line_chart *c, const line *l, double r, rep_numstyle st)
{
    buf_printf(out, "<path class=\"series%s\" stroke=\"%s\" d=\"", l->dashed ? " ref" : "", palette[l->color]);
    bool pen = false;
    for (int i = 0; i < c->nyears; i++) {
        if (l->at[i].kind != V_NUM) {
            pen = false;
            continue;
        }
        buf_printf(out, "%c%.1f %.1f", pen ? 'L' : 'M', px(f, c->years[i]), py(f, plotted(l->at[i], l->ty)));
        pen = true;
    }
    buf_puts(out, "\"/>");
    for (int i = 0; i < c->nyears; i++) {
        if (l->at[i].kind != V_NUM) continue;
        buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>", px(f, c->years[i]),
                   py(f, plotted(l->at[i], l->ty)), l->dashed ? r - 1 : r, palette[l->color]);
        line_label(out, l, true);
        buf_printf(out, ", %.0f: ", c->years[i]);
        rep_format_value(l->at[i], l->ty, st, out);
        buf_puts(out, "</title></circle>");
    }
}

static void draw_frame(buf *out, frame *f, const line_chart *c, const line *lines, int n, bool small,
                       rep_numstyle st)
{
    buf_printf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">",
               f->w, f->h, f->w, f->h);
    value_axis(out, f, c->percent, st);
    int every = small ? (c->nyears > 1 ? c->nyears - 1 : 1) : (c->nyears + 11) / 12;
    for (int i = 0; i < c->nyears; i++) {
        if (i % every && i != c->nyears - 1) continue;
        buf_printf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f</text>",
                   px(f, c->years[i]), f->h - f->bottom + 16, c->years[i]);
    }
    for (int k = 0; k < n; k++) draw_line(out, f, c, &lines[k], small ? 2.5 : 3.5, st);
    buf_puts(out, "</svg>");
}

static void legend_entry(buf *out, const line *l, bool with_name)
{
    buf_printf(out, "<span class=\"key\"><svg width=\"22\" height=\"10\"><line x1=\"0\" x2=\"22\" y1=\"5\" y2=\"5\" "
                    "stroke=\"%s\" stroke-width=\"2.5\"%s/></svg>",
               palette[l->color], l->dashed ? " stroke-dasharray=\"5 3\"" : "");
    line_label(out, l, with_name);
    buf_puts(out, "</span>");
}

static void value_range(const line *lines, int n, int nyears, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < nyears; i++)
            if (lines[k].at[i].kind == V_NUM) {
                double v = plotted(lines[k].at[i], lines[k].ty);
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
    if (*lo > *hi) *lo = *hi = 0;
}

static void write_lines(const rep_output *o, const chart_spec *s, rep_numstyle st, buf *out)
{
    line_chart c = { .o = o, .spec = s, .ngroups = s->group >= 0 ? s->ngroups : 1 };
    stype mt = o->table->cols[s->series[0]].ty;
    c.percent = mt.percent && !val_type_money(mt);
    c.years = xcalloc(o->nrows, sizeof *c.years);
    for (size_t r = 0; r < o->nrows; r++) {
        value x = cell(o, r, s->x);
        if (x.kind != V_NUM) continue;
        double y = rat_to_double(x.q);
        if (year_number(&c, y) < 0) c.years[c.nyears++] = y;
    }
    qsort(c.years, (size_t)c.nyears, sizeof *c.years, cmp_double);
    int ng = 0;
    int *groups = s->group >= 0 ? chart_value_numbers(o, s->group, CHART_MAX_PANELS, &ng) : NULL;
    collect_lines(&c, groups);
    double lo, hi;
    value_range(c.lines, c.nlines, c.nyears, &lo, &hi);
    frame f = { .x0 = c.years[0], .x1 = c.years[c.nyears ? c.nyears - 1 : 0] };
    nice_scale(&f, lo, hi);
    bool panels = c.ngroups > CHART_MAX_LINES;
    if (!panels) {
        f.w = 760, f.h = 300, f.left = 96, f.right = 24, f.top = 16, f.bottom = 30;
        draw_frame(out, &f, &c, c.lines, c.nlines, false, st);
        buf_puts(out, "<div class=\"legend\">");
        for (int k = 0; k < c.nlines; k++) legend_entry(out, &c.lines[k], true);
        buf_puts(out, "</div>");
    } else {
        /* Small charts on one scale, one per group: the group's lines follow each other. */
        f.w = 236, f.h = 150, f.left = 62, f.right = 12, f.top = 10, f.bottom = 24;
        int per = c.nlines / c.ngroups;
        buf_puts(out, "<div class=\"legend\">");
        for (int k = 0; k < per; k++) {
            line key = c.lines[k];
            key.label = val_empty();
            legend_entry(out, &key, false);
        }
        buf_puts(out, "</div><div class=\"panels\">");
        for (int g = 0; g < c.ngroups; g++) {
            buf_puts(out, "<div class=\"panel\"><div class=\"ptitle\">");
            line_label(out, &c.lines[g * per], false);
            buf_puts(out, "</div>");
            draw_frame(out, &f, &c, &c.lines[g * per], per, true, st);
            buf_puts(out, "</div>");
        }
        buf_puts(out, "</div>");
    }
    for (int k = 0; k < c.nlines; k++) free(c.lines[k].at);
    free(c.lines);
    free(groups);
    free(c.years);
}

/* ---------------------------------------------------------------- bars */

typedef struct bar {
    value label;
    rat *part;              /* per year (one part without a year column) */
    rat total;
} bar;

static int cmp_bar(const void *a, const void *b)
{
    return rat_cmp(((const bar *)b)->total, ((const bar *)a)->total);
}

static bool sum_bars(const rep_output *o, const chart_spec *s, const int *cats, const int *stacks, int nstack,
                     bar *bars)
{
    for (int b = 0; b < s->ngroups; b++) {
        bars[b].part = xcalloc((size_t)nstack, sizeof *bars[b].part);
        for (int k = 0; k < nstack; k++) bars[b].part[k] = rat_from_int(0);
        bars[b].total = rat_from_int(0);
    }
    for (size_t r = 0; r < o->nrows; r++) {
        bar *b = &bars[cats[r]];
        b->label = cell(o, r, s->group);
        value v = cell(o, r, s->series[0]);
        if (v.kind != V_NUM) continue;
        rat *p = &b->part[stacks ? stacks[r] : 0];
        if (rat_add(*p, v.q, p) != RAT_OK || rat_add(b->total, v.q, &b->total) != RAT_OK) return false;
        if (rat_sign(*p) < 0) return false;   /* stacks are drawn for parts of one sign */
    }
    return true;
}

/* The value axis of bars runs across. */
static double bx(const frame *f, double v)
{
    return f->left + (v - f->lo) / (f->hi - f->lo) * (f->w - f->left - f->right);
}

/* A category's name, cut to fit beside its bar (whole characters), the full name on hover. */
static void short_label(buf *out, value label)
{
    enum { FITS = 30 };
    if (label.kind != V_TEXT) return;
    size_t end = 0, chars = 0;
    while (end < label.text.len && chars < FITS - 1) {
        end++;
        while (end < label.text.len && ((unsigned char)label.text.s[end] & 0xC0) == 0x80) end++;
        chars++;
    }
    buf_puts(out, "<title>");
    rep_html_escape(out, label.text.s, label.text.len);
    buf_puts(out, "</title>");
    rep_html_escape(out, label.text.s, end);
    if (end < label.text.len) buf_puts(out, "…");
}

/* Puts the distinct values in order and renumbers the rows' numbers to match. */
static void sort_numbered(value *vals, int n, int *numbers, size_t nrows)
{
    int *rank = xcalloc((size_t)n, sizeof *rank);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) rank[i] += val_compare(vals[k], vals[i]) < 0;
    value *sorted = xcalloc((size_t)n, sizeof *sorted);
    for (int i = 0; i < n; i++) sorted[rank[i]] = vals[i];
    memcpy(vals, sorted, (size_t)n * sizeof *vals);
    for (size_t r = 0; r < nrows; r++) numbers[r] = rank[numbers[r]];
    free(sorted);
    free(rank);
}

static void write_bars(const rep_output *o, const chart_spec *s, rep_numstyle st, buf *out)
{
    int ncat, nstack = 1;
    int *cats = chart_value_numbers(o, s->group, CHART_MAX_BARS, &ncat);
    int *stacks = s->x >= 0 ? chart_value_numbers(o, s->x, CHART_MAX_STACK, &nstack) : NULL;
    value *stack_of = xcalloc((size_t)nstack, sizeof *stack_of);
    for (size_t r = 0; stacks && r < o->nrows; r++) stack_of[stacks[r]] = cell(o, r, s->x);
    if (stacks) sort_numbered(stack_of, nstack, stacks, o->nrows);
    bar *bars = xcalloc((size_t)s->ngroups, sizeof *bars);
    stype mt = o->table->cols[s->series[0]].ty;
    if (cats && sum_bars(o, s, cats, stacks, nstack, bars)) {
        qsort(bars, (size_t)s->ngroups, sizeof *bars, cmp_bar);
        frame f = { .w = 760, .left = 200, .right = 130, .top = 8, .bottom = 26 };
        f.h = f.top + f.bottom + 22.0 * s->ngroups;
        nice_scale(&f, 0, rat_to_double(bars[0].total));
        buf_printf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\">",
                   f.w, f.h, f.w, f.h);
        for (double v = f.lo; v <= f.hi + f.step / 2; v += f.step) {
            buf_printf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", bx(&f, v), bx(&f, v),
                       f.top, f.h - f.bottom);
            buf_printf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", bx(&f, v),
                       f.h - f.bottom + 16);
            tick_label(out, v, f.step, false, st);
            buf_puts(out, "</text>");
        }
        for (int b = 0; b < s->ngroups; b++) {
            double y = f.top + 22.0 * b;
            buf_printf(out, "<text class=\"cat\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f.left - 8, y + 15);
            short_label(out, bars[b].label);
            buf_puts(out, "</text>");
            rat at = rat_from_int(0);
            for (int k = 0; k < nstack; k++) {
                double x0 = bx(&f, rat_to_double(at)), x1;
                rat_add(at, bars[b].part[k], &at);
                x1 = bx(&f, rat_to_double(at));
                if (rat_is_zero(bars[b].part[k])) continue;
                buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>", x0, y + 3,
                           x1 - x0, palette[k % NCOLORS]);
                if (bars[b].label.kind == V_TEXT) rep_html_escape(out, bars[b].label.text.s, bars[b].label.text.len);
                if (stacks) {
                    buf_puts(out, ", ");
                    rep_format_value(stack_of[k], o->table->cols[s->x].ty, st, out);
                }
                buf_puts(out, ": ");
                rep_format_value(val_num(bars[b].part[k]), mt, st, out);
                buf_puts(out, "</title></rect>");
            }
            buf_printf(out, "<text class=\"total\" x=\"%.1f\" y=\"%.1f\">", bx(&f, rat_to_double(bars[b].total)) + 6, y + 15);
            rep_format_value(val_num(bars[b].total), mt, st, out);
            buf_puts(out, "</text>");
        }
        buf_puts(out, "</svg>");
        if (stacks) {
            buf_puts(out, "<div class=\"legend\">");
            for (int k = 0; k < nstack; k++) {
                buf_printf(out, "<span class=\"key\"><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" "
                                "fill=\"%s\"/></svg>", palette[k % NCOLORS]);
                rep_format_value(stack_of[k], o->table->cols[s->x].ty, st, out);
                buf_puts(out, "</span>");
            }
            buf_puts(out, "</div>");
        }
    }
    for (int b = 0; b < s->ngroups; b++) free(bars[b].part);
    free(bars);
    free(stack_of);
    free(stacks);
    free(cats);
}

void chart_write_svg(const rep_output *o, const chart_spec *spec, rep_numstyle st, buf *out)
{
    if (spec->kind == CHART_NONE) return;
    buf_puts(out, "<figure class=\"figure\">");
    if (spec->kind == CHART_LINES) write_lines(o, spec, st, out);
    else write_bars(o, spec, st, out);
    buf_puts(out, "</figure>");
}
