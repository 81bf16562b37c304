/*
** types.c: type names and unit algebra helpers, see types.h.
*/
#include "types.h"

#include <string.h>

#include "ast.h"

#define NUMT(i, p, dkk, day) { .kind = TY_NUM, .integral = (i), .percent = (p), .dim = { (dkk), (day), 0, 0 } }

const stype ty_error = { .kind = TY_ERROR };
const stype ty_bool = { .kind = TY_BOOL };
const stype ty_int = NUMT(true, false, 0, 0);
const stype ty_number = NUMT(false, false, 0, 0);
const stype ty_percent = NUMT(false, true, 0, 0);
const stype ty_money = NUMT(false, false, 1, 0);
const stype ty_days = NUMT(true, false, 0, 1);
const stype ty_year = { .kind = TY_YEAR };
const stype ty_date = { .kind = TY_DATE };
const stype ty_text = { .kind = TY_TEXT };

const char *const type_names[] = {
    "bool", "int", "number", "decimal", "percent", "money", "days", "hours", "months",
    "date", "year", "text", NULL,
};

static const char *const unit_names[DIM_COUNT] = { "money", "day", "hour", "month" };

/* Time units named in the plural as quantities and in the singular after `per`. */
static int time_unit(const char *s)
{
    if (!strcmp(s, "day") || !strcmp(s, "days")) return DIM_DAY;
    if (!strcmp(s, "hour") || !strcmp(s, "hours")) return DIM_HOUR;
    if (!strcmp(s, "month") || !strcmp(s, "months")) return DIM_MONTH;
    return -1;
}

bool type_from_name(const char *name, const char *per, stype *out)
{
    stype t;
    if (!strcmp(name, "bool")) t = ty_bool;
    else if (!strcmp(name, "int")) t = ty_int;
    else if (!strcmp(name, "number") || !strcmp(name, "decimal")) t = ty_number;
    else if (!strcmp(name, "percent")) t = ty_percent;
    else if (!strcmp(name, "money")) t = ty_money;
    else if (!strcmp(name, "date")) t = ty_date;
    else if (!strcmp(name, "year")) t = ty_year;
    else if (!strcmp(name, "text")) t = ty_text;
    else if (!strcmp(name, "days") || !strcmp(name, "hours") || !strcmp(name, "months")) {
        t = ty_int;
        t.dim[time_unit(name)] = 1;
    } else return false;
    if (per) {
        int u = time_unit(per);
        if (u < 0 || t.kind != TY_NUM || t.percent) return false;
        t.dim[u] -= 1;
        t.integral = false;
    }
    *out = t;
    return true;
}

bool type_is_num(stype t)
{
    return t.kind == TY_NUM;
}

bool type_dimensionless(stype t)
{
    if (t.kind != TY_NUM) return false;
    for (int i = 0; i < DIM_COUNT; i++)
        if (t.dim[i]) return false;
    return true;
}

bool type_same_unit(stype a, stype b)
{
    return a.kind == TY_NUM && b.kind == TY_NUM && memcmp(a.dim, b.dim, sizeof a.dim) == 0;
}

bool type_equal(stype a, stype b)
{
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case TY_NUM: return type_same_unit(a, b);
    case TY_ROW:
    case TY_ROWS: return a.ds == b.ds;
    case TY_LIST:
    case TY_RANGE: return type_equal(type_elem(a), type_elem(b));
    default: return true;
    }
}

stype type_elem(stype list)
{
    stype t = { .kind = list.elem, .integral = list.elem_integral, .percent = list.elem_percent,
               .ds = list.ds };
    memcpy(t.dim, list.elem_dim, sizeof t.dim);
    return t;
}

stype type_list_of(ty_kind kind, stype elem)
{
    stype t = { .kind = kind, .elem = elem.kind, .elem_integral = elem.integral,
               .elem_percent = elem.percent, .ds = elem.ds };
    memcpy(t.elem_dim, elem.dim, sizeof t.dim);
    return t;
}

static void num_name(stype t, buf *out)
{
    int positive = 0, negative = 0;
    for (int i = 0; i < DIM_COUNT; i++) {
        if (t.dim[i] > 0) positive++;
        if (t.dim[i] < 0) negative++;
    }
    if (!positive && !negative) {
        buf_puts(out, t.percent ? "percent" : t.integral ? "int" : "number");
        return;
    }
    /* The common shapes read as words: money, days, money per day. */
    if (positive == 1 && negative <= 1) {
        for (int i = 0; i < DIM_COUNT; i++) {
            if (t.dim[i] == 1) buf_puts(out, i == DIM_DKK ? "money" : unit_names[i]);
            if (t.dim[i] > 1) buf_printf(out, "%s^%d", unit_names[i], t.dim[i]);
        }
        if (positive == 1 && !negative && t.dim[DIM_DKK] == 0) buf_putc(out, 's');
        for (int i = 0; i < DIM_COUNT; i++)
            if (t.dim[i] == -1) buf_printf(out, " per %s", unit_names[i]);
        return;
    }
    buf_puts(out, positive ? "" : "1");
    const char *sep = "";
    for (int i = 0; i < DIM_COUNT; i++) {
        if (t.dim[i] > 0) {
            buf_printf(out, "%s%s", sep, unit_names[i]);
            if (t.dim[i] > 1) buf_printf(out, "^%d", t.dim[i]);
            sep = "·";
        }
    }
    for (int i = 0; i < DIM_COUNT; i++) {
        if (t.dim[i] < 0) {
            buf_printf(out, " per %s", unit_names[i]);
            if (t.dim[i] < -1) buf_printf(out, "^%d", -t.dim[i]);
        }
    }
}

void type_name(stype t, buf *out)
{
    switch (t.kind) {
    case TY_ERROR: buf_puts(out, "an erroneous value"); break;
    case TY_BOOL: buf_puts(out, "bool"); break;
    case TY_NUM: num_name(t, out); break;
    case TY_YEAR: buf_puts(out, "year"); break;
    case TY_DATE: buf_puts(out, "date"); break;
    case TY_TEXT: buf_puts(out, "text"); break;
    case TY_ROW: buf_printf(out, "a row of %s", t.ds ? t.ds->name : "a dataset"); break;
    case TY_ROWS: buf_printf(out, "rows of %s", t.ds ? t.ds->name : "a dataset"); break;
    case TY_LIST:
        buf_puts(out, "a list of ");
        type_name(type_elem(t), out);
        break;
    case TY_RANGE:
        buf_puts(out, "a range of ");
        type_name(type_elem(t), out);
        break;
    }
}

const char *type_str(stype t)
{
    static _Thread_local char text[4][96];
    static _Thread_local int next;
    buf b = {0};
    type_name(t, &b);
    char *slot = text[next++ % 4];
    size_t n = b.len < sizeof text[0] - 1 ? b.len : sizeof text[0] - 1;
    memcpy(slot, b.data, n);
    slot[n] = 0;
    buf_free(&b);
    return slot;
}
