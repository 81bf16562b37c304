/*
** ruldiff.c: styr_rules_diff (styr.h), what changed between two rule sets: their
** declarations matched by kind and name (a rule by its id) in canonical English text, so
** layout, comments and the keyword language make no difference; for a changed rule its
** lines and the literals that changed, for a parameter its value, for a dataset its
** columns; and, given two runs, the verdicts (ruldiff_verdicts.c).
*/
#include "ruldiff.h"

#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "fmt.h"
#include "xalloc.h"
#include "report.h"

enum { RDIFF_LITERALS_SHOWN = 8 };

/* The sections of the report, in order, with their headings. */
static const struct {
    const char *section, *heading;
} rdiff_sections[] = {
    { "agreement", "Agreement" }, { "parameter", "Parameters" }, { "rule", "Rules" },
    { "table", "Tables" },        { "define", "Definitions" },   { "dataset", "Datasets" },
};

/* The declarations of every file of a rule set (its imports too), in canonical English. */
static void rdiff_collect(const program *p, rdiff_decls *ds)
{
    for (int i = 0; i < p->nfiles; i++) {
        char *text, *errors;
        size_t len;
        if (!fmt_text(p->files[i]->path, p->files[i]->text, p->files[i]->len, FMT_EN, false, &text, &len, &errors)) {
            /* The file was checked without errors, so it formats; were it not to, its own
            ** text is the next best thing to compare. */
            text = xstrdup(p->files[i]->text);
        }
        free(errors);
        rdiff_split(ds, text);
        free(text);
    }
}

/* The type of a column as written: "money per day", "text optional". */
static void rdiff_column_type(const ast_column *c, buf *b)
{
    buf_puts(b, c->type.name);
    if (c->type.per) buf_printf(b, " per %s", c->type.per);
    if (c->optional) buf_puts(b, " optional");
}

typedef struct rdiff_out {
    buf *b;
    bool json;
    bool first;        /* no change written yet in this JSON array */
} rdiff_out;

static void rdiff_json_member(buf *b, const char *name, const char *text)
{
    buf_printf(b, ",\"%s\":", name);
    if (text) rep_json_string(b, text);
    else buf_puts(b, "null");
}

/* The columns of a dataset that changed: added, removed, or of another type. */
static void rdiff_columns(const ast_dataset *a, const ast_dataset *b, rdiff_out *o)
{
    if (!a || !b) return;
    if (o->json) buf_puts(o->b, ",\"columns\":[");
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {
        const ast_dataset *x = pass ? b : a, *y = pass ? a : b;
        for (int i = 0; i < x->ncols; i++) {
            const ast_column *cx = &x->cols[i], *cy = NULL;
            for (int k = 0; k < y->ncols && !cy; k++)
                if (!strcmp(y->cols[k].name, cx->name)) cy = &y->cols[k];
            buf tx = { 0 }, ty = { 0 };
            rdiff_column_type(cx, &tx);
            if (cy) rdiff_column_type(cy, &ty);
            /* A column in both is reported once, from the old side. */
            bool changed = !cy ? true : !pass && strcmp(tx.data, ty.data);
            if (changed) {
                const char *change = cy ? "type" : pass ? "added" : "removed";
                if (o->json) {
                    buf_printf(o->b, "%s{\"name\":", first ? "" : ",");
                    rep_json_string(o->b, cx->name);
                    buf_printf(o->b, ",\"change\":\"%s\"", change);
                    rdiff_json_member(o->b, "old", pass ? (cy ? ty.data : NULL) : tx.data);
                    rdiff_json_member(o->b, "new", pass ? tx.data : cy ? ty.data : NULL);
                    buf_putc(o->b, '}');
                } else if (cy) {
                    buf_printf(o->b, "    column %s: %s -> %s\n", cx->name, tx.data, ty.data);
                } else {
                    buf_printf(o->b, "    column %s %s (%s)\n", cx->name, change, tx.data);
                }
                first = false;
            }
            buf_free(&tx);
            buf_free(&ty);
        }
    }
    if (o->json) buf_putc(o->b, ']');
}

/* The value of a parameter as written: what follows the '=' of its line. */
static const char *rdiff_param_value(const rdiff_decl *d)
{
    const char *eq = strstr(d->lines[0], " = ");
    return eq ? eq + 3 : d->lines[0];
}

static bool rdiff_same_lines(const rdiff_decl *a, const rdiff_decl *b)
{
    if (a->nlines != b->nlines) return false;
    for (int i = 0; i < a->nlines; i++)
        if (strcmp(a->lines[i], b->lines[i])) return false;
    return true;
}

/* Writes one declaration's change; returns whether there is one. */
static bool rdiff_decl_change(const rdiff_decl *a, const rdiff_decl *b, const program *pa, const program *pb,
                              rdiff_out *o)
{
    bool same_lines = a && b && rdiff_same_lines(a, b);
    bool doc_changed = a && b && strcmp(a->doc ? a->doc : "", b->doc ? b->doc : "");
    if (a && b && same_lines && !doc_changed) return false;
    const rdiff_decl *d = b ? b : a;
    const char *section = rdiff_section(d->word);
    const char *change = !a ? "added" : !b ? "removed" : "changed";
    bool is_param = !strcmp(section, "parameter"), is_dataset = !strcmp(section, "dataset");
    rdiff_literals lits = { 0 };
    if (a && b && !same_lines) rdiff_literal_diff(a, b, &lits);
    buf *w = o->b;
    if (o->json) {
        buf_printf(w, "%s{\"section\":\"%s\",\"name\":", o->first ? "" : ",", section);
        rep_json_string(w, d->name);
        buf_printf(w, ",\"change\":\"%s\"", change);
        rdiff_json_member(w, "old_kind", a ? a->word : NULL);
        rdiff_json_member(w, "new_kind", b ? b->word : NULL);
        buf_printf(w, ",\"text_changed\":%s,\"doc_changed\":%s", a && b && !same_lines ? "true" : "false",
                   doc_changed ? "true" : "false");
        if (is_param) {
            rdiff_json_member(w, "old", a ? rdiff_param_value(a) : NULL);
            rdiff_json_member(w, "new", b ? rdiff_param_value(b) : NULL);
        }
        buf_puts(w, ",\"literals\":[");
        for (int i = 0; i < lits.n; i++) {
            buf_printf(w, "%s{\"label\":", i ? "," : "");
            rep_json_string(w, lits.v[i].label);
            rdiff_json_member(w, "old", lits.v[i].old);
            rdiff_json_member(w, "new", lits.v[i].new);
            buf_printf(w, ",\"count\":%d}", lits.v[i].count);
        }
        buf_putc(w, ']');
    } else if (is_param && a && b && !same_lines) {
        buf_printf(w, "  ~ %s: %s -> %s\n", d->name, rdiff_param_value(a), rdiff_param_value(b));
    } else if (is_param) {
        buf_printf(w, "  %c %s = %s (%s)\n", b ? (a ? '~' : '+') : '-', d->name, rdiff_param_value(d),
                   change);
    } else {
        char mark = !a ? '+' : !b ? '-' : '~';
        buf_printf(w, "  %c %s %s%s%s", mark, d->word, *d->name ? d->name : "", *d->name ? " " : "", change);
        if (a && b && strcmp(a->word, b->word)) buf_printf(w, " (was a %s)", a->word);
        buf_putc(w, '\n');
        if (lits.n) {
            buf_puts(w, "      ");
            rdiff_literals_summary(&lits, RDIFF_LITERALS_SHOWN, w);
            buf_putc(w, '\n');
        }
        if (doc_changed) buf_puts(w, "      description text changed\n");
    }
    if (is_dataset) rdiff_columns(a ? prog_dataset(pa, a->name) : NULL, b ? prog_dataset(pb, b->name) : NULL, o);
    if (o->json) buf_puts(w, ",\"diff\":[");
    if (a && b && !same_lines && !is_param) {
        rdiff_lines diff = { 0 };
        rdiff_line_diff(a, b, &diff);
        for (int i = 0; i < diff.n; i++) {
            if (o->json) {
                if (i) buf_putc(w, ',');
                rep_json_string(w, diff.v[i]);
            } else {
                buf_printf(w, "      %s\n", diff.v[i]);
            }
        }
        rdiff_lines_free(&diff);
    }
    if (o->json) buf_puts(w, "]}");
    rdiff_literals_free(&lits);
    o->first = false;
    return true;
}

/* Writes the changes of one section; returns whether there are any. */
static bool rdiff_section_changes(const rdiff_decls *da, const rdiff_decls *db, const program *pa,
                                  const program *pb, size_t s, rdiff_out *o)
{
    const char *section = rdiff_sections[s].section;
    size_t mark = o->b->len;
    if (!o->json) buf_printf(o->b, "\n%s\n", rdiff_sections[s].heading);
    size_t body = o->b->len;
    /* Changed and added in the new file's order, then the removed in the old one's. */
    for (int i = 0; i < db->n; i++)
        if (!strcmp(rdiff_section(db->v[i].word), section))
            rdiff_decl_change(rdiff_find(da, section, db->v[i].name), &db->v[i], pa, pb, o);
    for (int i = 0; i < da->n; i++)
        if (!strcmp(rdiff_section(da->v[i].word), section) && !rdiff_find(db, section, da->v[i].name))
            rdiff_decl_change(&da->v[i], NULL, pa, pb, o);
    bool any = o->b->len > body;
    if (!any && o->b->data) o->b->data[o->b->len = mark] = 0;
    return any;
}

int styr_rules_diff(const styr_rules *old_rules, const styr_rules *new_rules, const styr_run *old_run,
                    const styr_run *new_run, int format, int flags, char **out, size_t *len)
{
    (void)flags;
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!old_rules || !new_rules || !out || old_rules->prog->diags.errors || new_rules->prog->diags.errors
        || (format != STYR_FORMAT_TEXT && format != STYR_FORMAT_JSON) || !old_run != !new_run
        || (old_run && (!old_run->executed || !old_run->rep || !new_run->executed || !new_run->rep)))
        return STYR_ERR_USAGE;
    const program *pa = old_rules->prog, *pb = new_rules->prog;
    rdiff_decls da = { 0 }, db = { 0 };
    rdiff_collect(pa, &da);
    rdiff_collect(pb, &db);
    buf b = { 0 };
    bool json = format == STYR_FORMAT_JSON;
    rdiff_out o = { .b = &b, .json = json, .first = true };
    if (json) {
        buf_puts(&b, "{\"old\":");
        rep_json_string(&b, pa->files[0]->path);
        buf_puts(&b, ",\"new\":");
        rep_json_string(&b, pb->files[0]->path);
        buf_puts(&b, ",\"changes\":[");
    } else {
        buf_printf(&b, "Changes from %s (%s)\n          to %s (%s)\n", pa->files[0]->path, pa->name,
                   pb->files[0]->path, pb->name);
    }
    bool changed = false;
    for (size_t s = 0; s < sizeof rdiff_sections / sizeof *rdiff_sections; s++)
        changed |= rdiff_section_changes(&da, &db, pa, pb, s, &o);
    if (json) buf_puts(&b, "]");
    else if (!changed) buf_puts(&b, "\nThe rules: no changes.\n");
    bool verdicts = false;
    if (old_run) verdicts = rdiff_verdicts(old_run, new_run, json, &b);
    else if (!json) buf_puts(&b, "\nVerdicts: not compared (no data).\n");
    if (json) buf_printf(&b, ",\"verdicts_compared\":%s,\"changed\":%s}\n", old_run ? "true" : "false",
                         changed || verdicts ? "true" : "false");
    else if (!changed && !verdicts) buf_puts(&b, "\nNo changes.\n");
    rdiff_decls_free(&da);
    rdiff_decls_free(&db);
    if (len) *len = b.len;
    *out = buf_take(&b);
    return changed || verdicts ? STYR_FAILED : STYR_OK;
}
