/*
** report_num.c: numbers for people in English or Danish, see report_num.h.
*/
#include "report_num.h"

#include <stdio.h>
#include <string.h>

rep_numstyle rep_numstyle_for(bool danish, bool grouped)
{
    if (danish) return (rep_numstyle){ ',', '.' };
    return (rep_numstyle){ '.', grouped ? ',' : 0 };
}

void rep_num_localise(const char *plain, rep_numstyle st, buf *out)
{
    const char *p = plain;
    if (*p == '-') buf_putc(out, *p++);
    size_t digits = strspn(p, "0123456789");
    for (size_t i = 0; i < digits; i++) {
        if (i && st.thousands && (digits - i) % 3 == 0) buf_putc(out, st.thousands);
        buf_putc(out, p[i]);
    }
    p += digits;
    if (*p == '.') {
        buf_putc(out, st.decimal);
        p++;
    }
    buf_puts(out, p);   /* the decimals and a unit such as " %" */
}

void rep_format_value(value v, stype t, rep_numstyle st, buf *out)
{
    if (v.kind != V_NUM) {
        val_format(v, t, out);
        return;
    }
    char text[100];
    val_num_text(v.q, t, false, text, sizeof text);
    if (t.kind == TY_YEAR) st.thousands = 0;   /* 2022, never 2,022 */
    rep_num_localise(text, st, out);
}

void rep_count(int64_t n, rep_numstyle st, buf *out)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", (long long)n);
    rep_num_localise(digits, st, out);
}
