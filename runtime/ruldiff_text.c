/*
** ruldiff_text.c: canonical rule text cut into declarations, and two declarations
** compared line by line and literal by literal (see ruldiff.h).
**
** The text comes from the formatter in English keywords, so a declaration starts at the
** margin and everything indented belongs to the one above it; comments are dropped here
** (they say nothing about what the rules do) and a doc string is kept apart, so that a
** changed doc string is reported as such and not as changed lines.
*/
#include "ruldiff.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char *rdiff_strndup(const char *s, size_t n)
{
    char *r = xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

/* The length of line without a comment and trailing blanks: a '#' outside a string. */
static size_t rdiff_code_len(const char *line, size_t n)
{
    bool in_str = false;
    size_t end = n;
    for (size_t i = 0; i < n; i++) {
        if (in_str && line[i] == '\\') i++;
        else if (line[i] == '"') in_str = !in_str;
        else if (!in_str && line[i] == '#') {
            end = i;
            break;
        }
    }
    while (end > 0 && isspace((unsigned char)line[end - 1])) end--;
    return end;
}

const char *rdiff_section(const char *word)
{
    if (!strcmp(word, "requirement") || !strcmp(word, "target") || !strcmp(word, "info")) return "rule";
    return word;
}

/* Starts a declaration at a line at the margin; NULL for one that is not compared. */
static rdiff_decl *rdiff_start(rdiff_decls *ds, const char *line, size_t n)
{
    size_t w = 0;
    while (w < n && !isspace((unsigned char)line[w])) w++;
    char *word = rdiff_strndup(line, w);
    if (!strcmp(word, "import") || !strcmp(word, "test")) {
        free(word);
        return NULL;
    }
    size_t s = w;
    while (s < n && isspace((unsigned char)line[s])) s++;
    size_t e = s;
    while (e < n && (isalnum((unsigned char)line[e]) || line[e] == '_')) e++;
    if (ds->n == ds->cap) ds->v = xrealloc(ds->v, (size_t)(ds->cap = ds->cap ? ds->cap * 2 : 16) * sizeof *ds->v);
    rdiff_decl *d = &ds->v[ds->n++];
    /* The agreement's name is its text, which a new period changes: it is matched as one. */
    *d = (rdiff_decl){ .word = word, .name = rdiff_strndup(line + s, strcmp(word, "agreement") ? e - s : 0) };
    return d;
}

static void rdiff_add_line(rdiff_decl *d, const char *line, size_t n)
{
    d->lines = xrealloc(d->lines, (size_t)(d->nlines + 1) * sizeof *d->lines);
    d->lines[d->nlines++] = rdiff_strndup(line, n);
}

static void rdiff_add_doc(rdiff_decl *d, const char *line, size_t n)
{
    size_t old = d->doc ? strlen(d->doc) : 0;
    d->doc = xrealloc(d->doc, old + n + 2);
    memcpy(d->doc + old, line, n);
    d->doc[old + n] = '\n';
    d->doc[old + n + 1] = 0;
}

void rdiff_split(rdiff_decls *ds, const char *text)
{
    rdiff_decl *cur = NULL;
    bool in_doc = false;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *line = p;
        p += n + (nl != NULL);
        if (in_doc) {
            if (cur) rdiff_add_doc(cur, line, n);
            in_doc = !memmem(line, n, "\"\"\"", 3);
            continue;
        }
        size_t code = rdiff_code_len(line, n);
        if (!code) continue;
        size_t ind = 0;
        while (ind < code && line[ind] == ' ') ind++;
        if (code - ind >= 3 && !memcmp(line + ind, "\"\"\"", 3)) {
            if (cur) rdiff_add_doc(cur, line, n);
            in_doc = !memmem(line + ind + 3, n - ind - 3, "\"\"\"", 3);
            continue;
        }
        if (ind == 0) cur = rdiff_start(ds, line, code);
        if (cur) rdiff_add_line(cur, line, code);
    }
}

void rdiff_decls_free(rdiff_decls *ds)
{
    for (int i = 0; i < ds->n; i++) {
        rdiff_decl *d = &ds->v[i];
        for (int k = 0; k < d->nlines; k++) free(d->lines[k]);
        free(d->lines);
        free(d->word);
        free(d->name);
        free(d->doc);
    }
    free(ds->v);
    *ds = (rdiff_decls){ 0 };
}

const rdiff_decl *rdiff_find(const rdiff_decls *ds, const char *section, const char *name)
{
    for (int i = 0; i < ds->n; i++)
        if (!strcmp(rdiff_section(ds->v[i].word), section) && !strcmp(ds->v[i].name, name)) return &ds->v[i];
    return NULL;
}

/* ------------------------------------------------------------------ longest common subsequence */

/* The edit script of a and b (n and m strings): ops[k] is ' ' (both), '-' (a only) or
** '+' (b only), in order; returns its length. The table is (n+1)*(m+1): declarations
** are tens of lines, and their literals tens of numbers. */
static int rdiff_lcs(char *const *a, int n, char *const *b, int m, char *ops)
{
    int *t = xcalloc((size_t)(n + 1) * (size_t)(m + 1), sizeof *t);
#define T(i, j) t[(size_t)(i) * (size_t)(m + 1) + (size_t)(j)]
    for (int i = n - 1; i >= 0; i--)
        for (int j = m - 1; j >= 0; j--)
            T(i, j) = !strcmp(a[i], b[j]) ? T(i + 1, j + 1) + 1 : T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
    int i = 0, j = 0, k = 0;
    while (i < n || j < m) {
        if (i < n && j < m && !strcmp(a[i], b[j])) ops[k++] = ' ', i++, j++;
        else if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1))) ops[k++] = '-', i++;
        else ops[k++] = '+', j++;
    }
#undef T
    free(t);
    return k;
}

static void rdiff_lines_add(rdiff_lines *l, char *s)
{
    if (l->n == l->cap) l->v = xrealloc(l->v, (size_t)(l->cap = l->cap ? l->cap * 2 : 32) * sizeof *l->v);
    l->v[l->n++] = s;
}

enum { RDIFF_CONTEXT = 2 };

void rdiff_line_diff(const rdiff_decl *old, const rdiff_decl *new, rdiff_lines *out)
{
    char *ops = xmalloc((size_t)(old->nlines + new->nlines + 1));
    int nops = rdiff_lcs(old->lines, old->nlines, new->lines, new->nlines, ops);
    int i = 0, j = 0, last_shown = -1;
    for (int k = 0; k < nops; k++) {
        const char *line = ops[k] == '+' ? new->lines[j] : old->lines[i];
        bool near = false;
        for (int d = -RDIFF_CONTEXT; d <= RDIFF_CONTEXT && !near; d++)
            near = k + d >= 0 && k + d < nops && ops[k + d] != ' ';
        if (near) {
            if (last_shown >= 0 && last_shown < k - 1) rdiff_lines_add(out, xstrdup("..."));
            char *s = xmalloc(strlen(line) + 2);
            s[0] = ops[k];
            strcpy(s + 1, line);
            rdiff_lines_add(out, s);
            last_shown = k;
        }
        if (ops[k] != '+') i++;
        if (ops[k] != '-') j++;
    }
    free(ops);
}

void rdiff_lines_free(rdiff_lines *l)
{
    for (int i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    *l = (rdiff_lines){ 0 };
}

/* ------------------------------------------------------------------ literals */

typedef struct rdiff_tokens {
    char **text, **label;
    int n, cap;
} rdiff_tokens;

/* The label of a line: the name a let, show or parameter gives, or "". */
static char *rdiff_label(const char *line)
{
    while (*line == ' ') line++;
    static const char *const starts[] = { "let ", "show ", "parameter " };
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t n = strlen(starts[k]);
        if (strncmp(line, starts[k], n)) continue;
        const char *s = line + n, *e = s;
        while (isalnum((unsigned char)*e) || *e == '_') e++;
        return rdiff_strndup(s, (size_t)(e - s));
    }
    return xstrdup("");
}

/* The end of the number or date at p, with its unit (%, kr) when it has one. */
static const char *rdiff_number_end(const char *p)
{
    const char *e = p;
    while (isdigit((unsigned char)*e) || ((*e == '.' || *e == '-') && isdigit((unsigned char)e[1]))) e++;
    const char *u = e;
    while (*u == ' ') u++;
    if (*u == '%') return u + 1;
    if (!strncmp(u, "kr", 2) && !isalnum((unsigned char)u[2])) return u + 2;
    return e;
}

/* The literals of a line outside strings: numbers and dates with their unit (%, kr). */
static void rdiff_tokenize(const char *line, rdiff_tokens *t)
{
    bool in_str = false;
    for (const char *p = line; *p; p++) {
        if (in_str && *p == '\\' && p[1]) p++;
        else if (*p == '"') in_str = !in_str;
        else if (!in_str && isdigit((unsigned char)*p) && (p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
            const char *e = rdiff_number_end(p);
            /* A range is one literal: "2015 to 2020 -> 2020 to 2022" reads better than its ends. */
            if (!strncmp(e, " to ", 4) && isdigit((unsigned char)e[4])) e = rdiff_number_end(e + 4);
            if (t->n == t->cap) {
                t->cap = t->cap ? t->cap * 2 : 32;
                t->text = xrealloc(t->text, (size_t)t->cap * sizeof *t->text);
                t->label = xrealloc(t->label, (size_t)t->cap * sizeof *t->label);
            }
            t->text[t->n] = rdiff_strndup(p, (size_t)(e - p));
            t->label[t->n++] = rdiff_label(line);
            p = e - 1;
        }
    }
}

static void rdiff_tokens_free(rdiff_tokens *t)
{
    for (int i = 0; i < t->n; i++) free(t->text[i]), free(t->label[i]);
    free(t->text);
    free(t->label);
}

static void rdiff_literal_add(rdiff_literals *l, const char *label, const char *old, const char *new)
{
    for (int i = 0; i < l->n; i++) {
        rdiff_literal *x = &l->v[i];
        if (!strcmp(x->label, label) && !strcmp(x->old ? x->old : "", old ? old : "")
            && !strcmp(x->new ? x->new : "", new ? new : "") && !x->old == !old && !x->new == !new) {
            x->count++;
            return;
        }
    }
    if (l->n == l->cap) l->v = xrealloc(l->v, (size_t)(l->cap = l->cap ? l->cap * 2 : 8) * sizeof *l->v);
    l->v[l->n++] = (rdiff_literal){ xstrdup(label), old ? xstrdup(old) : NULL, new ? xstrdup(new) : NULL, 1 };
}

/* Calls fn for each run of changes of an edit script (see rdiff_lcs): the old items
** [i0, i0 + nold) gave way to the new [j0, j0 + nnew). */
typedef void rdiff_hunk_fn(void *ctx, int i0, int nold, int j0, int nnew);
static void rdiff_hunks(const char *ops, int nops, rdiff_hunk_fn *fn, void *ctx)
{
    int i = 0, j = 0;
    for (int k = 0; k < nops;) {
        if (ops[k] == ' ') {
            i++, j++, k++;
            continue;
        }
        int i0 = i, j0 = j;
        for (; k < nops && ops[k] != ' '; k++) {
            if (ops[k] == '-') i++;
            else j++;
        }
        fn(ctx, i0, i - i0, j0, j - j0);
    }
}

typedef struct rdiff_pairing {
    const rdiff_tokens *a, *b;      /* the literals of two lines */
    const rdiff_decl *old, *new;    /* or the lines of two declarations */
    rdiff_literals *out;
} rdiff_pairing;

/* Between two literals that stayed, the removed ones pair with the added ones in order. */
static void rdiff_pair_literals(void *ctx, int i0, int nold, int j0, int nnew)
{
    const rdiff_pairing *p = ctx;
    for (int x = 0; x < nold || x < nnew; x++) {
        const char *o = x < nold ? p->a->text[i0 + x] : NULL, *nw = x < nnew ? p->b->text[j0 + x] : NULL;
        const char *lo = o ? p->a->label[i0 + x] : "", *ln = nw ? p->b->label[j0 + x] : "";
        rdiff_literal_add(p->out, !o ? ln : !nw || !strcmp(lo, ln) ? lo : "", o, nw);
    }
}

/* The literals of two lines that take each other's place. */
static void rdiff_line_literals(const char *old, const char *new, rdiff_literals *out)
{
    rdiff_tokens a = { 0 }, b = { 0 };
    rdiff_tokenize(old, &a);
    rdiff_tokenize(new, &b);
    char *ops = xmalloc((size_t)(a.n + b.n + 1));
    rdiff_pairing p = { .a = &a, .b = &b, .out = out };
    rdiff_hunks(ops, rdiff_lcs(a.text, a.n, b.text, b.n, ops), rdiff_pair_literals, &p);
    free(ops);
    rdiff_tokens_free(&a);
    rdiff_tokens_free(&b);
}

/* A line that changed pairs with the line that took its place, in order within a run of
** changed lines; lines only added or only removed show in the line diff. */
static void rdiff_pair_lines(void *ctx, int i0, int nold, int j0, int nnew)
{
    const rdiff_pairing *p = ctx;
    for (int x = 0; x < nold && x < nnew; x++) rdiff_line_literals(p->old->lines[i0 + x], p->new->lines[j0 + x], p->out);
}

void rdiff_literal_diff(const rdiff_decl *old, const rdiff_decl *new, rdiff_literals *out)
{
    char *ops = xmalloc((size_t)(old->nlines + new->nlines + 1));
    rdiff_pairing p = { .old = old, .new = new, .out = out };
    rdiff_hunks(ops, rdiff_lcs(old->lines, old->nlines, new->lines, new->nlines, ops), rdiff_pair_lines, &p);
    free(ops);
}

void rdiff_literals_free(rdiff_literals *l)
{
    for (int i = 0; i < l->n; i++) free(l->v[i].label), free(l->v[i].old), free(l->v[i].new);
    free(l->v);
    *l = (rdiff_literals){ 0 };
}

void rdiff_literals_summary(const rdiff_literals *l, int max, buf *b)
{
    for (int i = 0; i < l->n && i < max; i++) {
        const rdiff_literal *x = &l->v[i];
        if (i) buf_puts(b, ", ");
        if (*x->label) buf_printf(b, "%s: ", x->label);
        if (x->old && x->new) buf_printf(b, "%s -> %s", x->old, x->new);
        else if (x->old) buf_printf(b, "%s removed", x->old);
        else buf_printf(b, "%s added", x->new);
        if (x->count > 1) buf_printf(b, " (%d times)", x->count);
    }
    if (l->n > max) buf_printf(b, " and %d more", l->n - max);
}
