/*
** explain_write.c: an explanation (explain.h) as text for people, step under step with
** the rule text first and what it came to below, and as JSON for programs.
*/
#include "explain.h"

#include <string.h>

static const char *const kind_names[] = {
    [XP_ROW] = "row", [XP_GROUP] = "group", [XP_WHERE] = "where", [XP_LET] = "let", [XP_JOIN] = "join",
    [XP_AGGREGATE] = "aggregate", [XP_CHECK] = "check", [XP_SHOW] = "show", [XP_EXPLAINED] = "explained by",
    [XP_MESSAGE] = "message", [XP_EMIT] = "emit", [XP_LOOKUP] = "lookup", [XP_ERROR] = "error", [XP_NOTE] = "note",
};

static const char *const verdict_names[] = {
    [XV_NOT_CHECKED] = "not_checked", [XV_HOLDS] = "holds", [XV_EXPLAINED] = "explained", [XV_FAILS] = "fails",
    [XV_MISSED] = "missed", [XV_FLAGGED] = "flagged", [XV_COMPUTED] = "computed", [XV_ERROR] = "error",
};

static const char *const verdict_words[] = {
    [XV_NOT_CHECKED] = "not checked: it does not reach the check (see the steps above)",
    [XV_HOLDS] = "holds",
    [XV_EXPLAINED] = "explained: the check fails, and an explanation is on file",
    [XV_FAILS] = "fails: the check fails, and no explanation is on file",
    [XV_MISSED] = "missed: the target is not met",
    [XV_FLAGGED] = "flagged",
    [XV_COMPUTED] = "computed: the figures above are the rule's output",
    [XV_ERROR] = "error: it could not be evaluated",
};

/* ------------------------------------------------------------------ text */

typedef struct style {
    const char *bold, *good, *bad, *dim, *reset;
} style;

static bool good_outcome(const char *o)
{
    static const char *const good[] = { "kept", "holds", "found", "explained", "joined", "does not fire" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!strcmp(o, good[i])) return true;
    return false;
}

static void text_values(buf *out, const rep_value *v, int n)
{
    for (int i = 0; i < n; i++) {
        buf_printf(out, "%s%s = ", i ? ", " : "", v[i].name);
        val_format(v[i].v, v[i].ty, out);
    }
}

static void text_outcome(buf *out, const style *s, const char *o)
{
    buf_printf(out, "%s%s%s", good_outcome(o) ? s->good : s->bad, o, s->reset);
}

/* The line under a clause, or the line of a step inside one: what it came to. */
static void text_detail(buf *out, const style *s, const explanation *x, const xp_step *st)
{
    bool any = false;
    if (st->kind == XP_LOOKUP) {
        buf_printf(out, "lookup %s", st->source);
        if (st->file && strcmp(st->file, x->rule_file)) buf_printf(out, " %s(%s:%u)%s", s->dim, st->file, st->line, s->reset);
        if (st->nvalues) {
            buf_puts(out, " (");
            text_values(out, st->values, st->nvalues);
            buf_putc(out, ')');
        }
        buf_puts(out, ": ");
        any = true;
    } else if (st->kind == XP_JOIN && st->depth) {
        buf_printf(out, "%s = %s line %lld: ", st->source, st->dataset, (long long)st->row);
        any = true;
    } else if (st->kind == XP_AGGREGATE) {
        buf_printf(out, "%s = %s", st->source, s->bold);
        val_format(st->result.v, st->result.ty, out);
        buf_puts(out, s->reset);
        if (st->nvalues) {
            buf_puts(out, " (");
            text_values(out, st->values, st->nvalues);
            buf_putc(out, ')');
        }
        return;
    } else if (st->kind == XP_GROUP) {
        text_values(out, st->values, st->nvalues);
        buf_printf(out, ": %s", st->note);
        return;
    } else if (st->kind == XP_ROW && st->row) {
        buf_printf(out, "%s line %lld: ", st->dataset, (long long)st->row);
        text_values(out, st->values, st->nvalues);
        any = true;
    }
    if (st->outcome) {
        if (st->kind == XP_ROW) buf_puts(out, ", ");
        text_outcome(out, s, st->outcome);
        any = true;
    }
    if (st->kind == XP_LOOKUP && st->row) buf_printf(out, ", line %lld", (long long)st->row);
    if ((st->kind == XP_LOOKUP && st->nrows > 1) || (st->kind == XP_JOIN && !st->depth && st->nrows >= 0))
        buf_printf(out, "%s%lld row%s", any ? ", " : "", (long long)st->nrows, st->nrows == 1 ? "" : "s"), any = true;
    if (st->kind != XP_LOOKUP && st->kind != XP_ROW && st->nvalues) {
        buf_puts(out, any ? ": " : "");
        text_values(out, st->values, st->nvalues);
        any = true;
    }
    if (st->result.name) {
        if (any) buf_puts(out, st->kind == XP_MESSAGE || st->kind == XP_EXPLAINED ? ": " : "; ");
        if (st->kind == XP_MESSAGE || st->kind == XP_EXPLAINED) {
            buf_printf(out, "\"%.*s\"", (int)st->result.v.text.len, st->result.v.text.s);
        } else {
            buf_printf(out, "%s%s = ", s->bold, st->result.name);
            val_format(st->result.v, st->result.ty, out);
            buf_puts(out, s->reset);
        }
        any = true;
    }
    if (st->note) buf_printf(out, "%s%s%s%s", any ? " " : "", s->dim, st->note, s->reset);
}

static void text_step(buf *out, const style *s, const explanation *x, const xp_step *st)
{
    if (st->depth == 0 && st->source) {
        if (st->line && st->file && strcmp(st->file, x->rule_file))
            buf_printf(out, "  %s%s:%u%s  ", s->dim, st->file, st->line, s->reset);
        else if (st->line)
            buf_printf(out, "  %sline %-4u%s ", s->dim, st->line, s->reset);
        else
            buf_puts(out, "            ");
        buf_printf(out, "%s%s%s\n", s->bold, st->source, s->reset);
    }
    buf detail = {0};
    if (st->kind == XP_ERROR) buf_printf(&detail, "%serror:%s %s", s->bad, s->reset, st->note);
    else text_detail(&detail, s, x, st);
    if (detail.len) {
        buf_puts(out, st->depth ? "              " : "            ");
        buf_add(out, detail.data, detail.len);
        buf_putc(out, '\n');
    }
    buf_free(&detail);
}

void xp_write_text(const explanation *x, buf *out, bool color)
{
    style s = { "", "", "", "", "" };
    if (color) s = (style){ "\033[1m", "\033[32m", "\033[31m", "\033[2m", "\033[0m" };
    const ast_rule *r = x->rule;
    uint32_t line, col;
    src_line_col(r->at.file, r->at.start, &line, &col);
    buf_printf(out, "%s%s%s  %s\n", s.bold, r->id, s.reset, r->title ? r->title : "");
    buf_printf(out, "%s%s, %s:%u%s\n", s.dim, rep_kind_name(r->sev), x->rule_file, line, s.reset);
    buf_puts(out, "key: ");
    text_values(out, x->key, x->nkey);
    buf_puts(out, "\n\n");
    for (size_t i = 0; i < x->nsteps; i++) text_step(out, &s, x, &x->steps[i]);
    bool holds = xp_holds(x);
    buf_printf(out, "\n%s%sVerdict: %s%s\n", s.bold, holds ? s.good : s.bad, verdict_words[x->verdict], s.reset);
}

/* ------------------------------------------------------------------ JSON */

static void json_step(buf *out, const xp_step *st)
{
    buf_printf(out, "{\"step\": \"%s\", \"depth\": %d", kind_names[st->kind], st->depth);
    if (st->file) {
        buf_puts(out, ", \"file\": ");
        rep_json_string(out, st->file);
        buf_printf(out, ", \"line\": %u", st->line);
    }
    if (st->source) {
        buf_puts(out, ", \"source\": ");
        rep_json_string(out, st->source);
    }
    if (st->outcome) {
        buf_puts(out, ", \"outcome\": ");
        rep_json_string(out, st->outcome);
    }
    if (st->result.name) {
        buf_puts(out, ", \"name\": ");
        rep_json_string(out, st->result.name);
        buf_puts(out, ", \"value\": ");
        val_json(st->result.v, st->result.ty, out);
    }
    if (st->nvalues) {
        buf_puts(out, ", \"values\": ");
        rep_json_values(out, st->values, st->nvalues);
    }
    if (st->dataset) {
        buf_puts(out, ", \"dataset\": ");
        rep_json_string(out, st->dataset);
    }
    if (st->row) buf_printf(out, ", \"row\": %lld", (long long)st->row);
    if (st->nrows >= 0) buf_printf(out, ", \"rows\": %lld", (long long)st->nrows);
    if (st->note) {
        buf_puts(out, ", \"note\": ");
        rep_json_string(out, st->note);
    }
    buf_putc(out, '}');
}

void xp_write_json(const explanation *x, buf *out)
{
    const ast_rule *r = x->rule;
    buf_puts(out, "{\"rule\": ");
    rep_json_string(out, r->id);
    buf_puts(out, ", \"title\": ");
    rep_json_string(out, r->title ? r->title : "");
    buf_printf(out, ", \"kind\": \"%s\", \"file\": ", rep_kind_name(r->sev));
    rep_json_string(out, x->rule_file);
    buf_puts(out, ",\n  \"key\": ");
    rep_json_values(out, x->key, x->nkey);
    buf_printf(out, ", \"verdict\": \"%s\", \"holds\": %s", verdict_names[x->verdict], xp_holds(x) ? "true" : "false");
    buf_printf(out, ", \"checked\": %lld, \"violations\": %lld, \"explained\": %lld, \"errors\": %lld,\n  \"steps\": [",
               (long long)x->checked, (long long)x->violations, (long long)x->explained, (long long)x->errors);
    for (size_t i = 0; i < x->nsteps; i++) {
        buf_puts(out, i ? ",\n    " : "\n    ");
        json_step(out, &x->steps[i]);
    }
    buf_puts(out, x->nsteps ? "\n  ]}\n" : "]}\n");
}
