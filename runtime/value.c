/*
** value.c: comparing, hashing and writing run-time values, see value.h.
*/
#include "value.h"

#include <string.h>

#include "date.h"

value val_cell(const dataset *ds, int col, size_t row)
{
    const column *c = &ds->cols[col];
    if (col_is_empty(c, row)) return val_empty();
    switch (c->kind) {
    case COL_TEXT: {
        uint32_t code = c->code[row];
        return val_text(c->dict->str[code], c->dict->len[code]);
    }
    case COL_BOOL: return val_bool(c->v[row] != 0);
    case COL_DATE: return val_date((int32_t)c->v[row]);
    default: return val_num(col_rat(c, row));
    }
}

bool val_equal(value a, value b)
{
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case V_EMPTY: return true;
    case V_BOOL: return a.b == b.b;
    case V_NUM: return rat_eq(a.q, b.q);
    case V_DATE: return a.date == b.date;
    case V_TEXT: return a.text.len == b.text.len && memcmp(a.text.s, b.text.s, a.text.len) == 0;
    case V_ROW: return a.row.ds == b.row.ds && a.row.row == b.row.row;
    default: return false;
    }
}

int val_compare(value a, value b)
{
    if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
    switch (a.kind) {
    case V_BOOL: return (int)a.b - (int)b.b;
    case V_NUM: return rat_cmp(a.q, b.q);
    case V_DATE: return a.date < b.date ? -1 : a.date > b.date;
    case V_TEXT: {
        uint32_t n = a.text.len < b.text.len ? a.text.len : b.text.len;
        int r = memcmp(a.text.s, b.text.s, n);
        if (r) return r < 0 ? -1 : 1;
        return a.text.len < b.text.len ? -1 : a.text.len > b.text.len;
    }
    case V_ROW: return a.row.row < b.row.row ? -1 : a.row.row > b.row.row;
    default: return 0;
    }
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

uint64_t val_hash(value v)
{
    uint64_t h = (uint64_t)v.kind;
    switch (v.kind) {
    case V_BOOL: return mix(h, v.b);
    case V_NUM:
        /* Lowest terms make equal numbers hash alike. */
        h = mix(h, (uint64_t)v.q.num);
        h = mix(h, (uint64_t)(v.q.num >> 64));
        return mix(h, (uint64_t)v.q.den);
    case V_DATE: return mix(h, (uint64_t)(uint32_t)v.date);
    case V_TEXT:
        for (uint32_t i = 0; i < v.text.len; i++) h = (h ^ (unsigned char)v.text.s[i]) * 0x100000001b3ull;
        return mix(h, v.text.len);
    case V_ROW: return mix(h, v.row.row);
    default: return h;
    }
}

bool val_type_money(stype t)
{
    return t.kind == TY_NUM && t.dim[DIM_DKK] == 1;
}

/* q with up to max decimals, but never a value other than zero as 0: a tariff 0.0012 kr.
** over a cap of 5481 kr. is 0.00002 % over it, not 0 %. */
static void format_not_zero(rat q, int max, char *text, size_t size)
{
    rat_format(q, 0, max, text, size);
    for (int more = max + 2; more <= 18 && !rat_is_zero(q) && strspn(text, "-0.") == strlen(text); more += 2)
        rat_format(q, 0, more, text, size);
}

/* Numbers are shown exactly where they are short, and rounded to a few decimals where
** a fraction does not end (1/3); money always with its two decimals. */
void val_num_text(rat q, stype t, bool json, char *out, size_t outlen)
{
    if (val_type_money(t)) {
        /* JSON has money to the øre; people also see a fraction of an øre where there
        ** is one, so a cap of 5236.1747 is not shown as the tariff 5236.17 it exceeds. */
        rat_format(q, 2, json ? 2 : 4, out, outlen);
    } else if (t.percent) {
        rat hundred = rat_from_int(100), pct;
        if (rat_mul(q, hundred, &pct) != RAT_OK) pct = q;
        format_not_zero(pct, 4, out, outlen);
        size_t n = strlen(out);
        if (!json && n + 3 <= outlen) strcpy(out + n, " %");
    } else {
        format_not_zero(q, 6, out, outlen);
    }
}

static void format_num(rat q, stype t, bool json, buf *out)
{
    char text[100];
    val_num_text(q, t, json, text, sizeof text);
    buf_puts(out, text);
}

void val_format(value v, stype t, buf *out)
{
    switch (v.kind) {
    case V_EMPTY: buf_puts(out, "–"); break;
    case V_BOOL: buf_puts(out, v.b ? "true" : "false"); break;
    case V_NUM: format_num(v.q, t, false, out); break;
    case V_DATE: {
        char d[11];
        date_format_iso(v.date, d);
        buf_puts(out, d);
        break;
    }
    case V_TEXT: buf_add(out, v.text.s, v.text.len); break;
    case V_ROW: buf_printf(out, "row %lld of %s", (long long)ds_line(v.row.ds, v.row.row), v.row.ds->name); break;
    case V_ROWS: buf_printf(out, "%zu rows", v.list.set->n); break;
    case V_LIST: buf_printf(out, "%zu values", v.list.set->n); break;
    }
}

void val_plain(value v, stype t, buf *out)
{
    switch (v.kind) {
    case V_EMPTY: break;
    case V_NUM: format_num(v.q, t, true, out); break;
    case V_TEXT: buf_add(out, v.text.s, v.text.len); break;
    default: val_format(v, t, out); break;
    }
}

void val_json(value v, stype t, buf *out)
{
    if (v.kind == V_EMPTY) {
        buf_puts(out, "null");
    } else if (v.kind == V_BOOL || (v.kind == V_NUM && !val_type_money(t))) {
        val_plain(v, t, out);
    } else if (v.kind == V_NUM || v.kind == V_DATE) {
        /* Money and dates need no escaping. */
        buf_putc(out, '"');
        val_plain(v, t, out);
        buf_putc(out, '"');
    } else {
        buf text = {0};
        val_plain(v, t, &text);
        buf_putc(out, '"');
        buf_json_escape(out, text.data, text.len);
        buf_putc(out, '"');
        buf_free(&text);
    }
}
