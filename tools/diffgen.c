/*
** diffgen.c: random, well-typed styr rule files and random data, for comparing the
** engines (issue 3, item 5). `styr check RULES --engine interp` and `--engine jit` must
** give byte-identical reports on everything this writes.
**
**   diffgen --seed N [--rows R] OUTDIR
**
** writes OUTDIR/rules.styr and the CSV files it declares (relative paths). The same seed
** and row count always give the same files: the generator has its own PRNG (xoshiro256**
** seeded by splitmix64) and never looks at the clock, addresses or the environment.
**
** What comes out:
**  - three datasets: a fact dataset keyed by a text id and a year (every column type,
**    optional columns with empty cells, sometimes an optional column missing from the
**    file; keys are unique, since the loader rejects a key twice), a dimension keyed by
**    the id (some ids missing, some extra), and a small index keyed by year (some years
**    missing, sometimes a zero);
**  - CSV dialects: `,` `;` tab `|` separators, decimal comma, thousands groups, quoted
**    fields with separators, quotes and line breaks, CRLF, a BOM, Windows-1252, currency
**    words, `%` signs, day-first dates, Unicode minus, headers in other case or spelling;
**  - values at the edges: zero, negative and near-zero money, money up to ~9e13 kr (so
**    that products overflow exact arithmetic), odd øre that halve to .005 boundaries,
**    numbers with 0-6 decimals ending in 5, leap days, year ends;
**  - parameters, constants, decision tables, defines (typed and untyped parameters),
**    the standard library's indexed/excess_share/to_øre/...;
**  - 3-8 rules (requirement/target/info), some `in force from`, with one or two blocks:
**    `for` over a dataset, a prefix or range lookup or `(each ...)`; `where`, `let`
**    (values, rows, sets of rows), `join` (on the full key, on the id, on a scan),
**    `allocate`, lookups `dim[t.id]`, `idx[t.year - 1].value`, `exists`, `otherwise`,
**    arithmetic with units (+ - * / and ^), comparisons, and/or/not, if-then-else, `in`
**    with ranges, lists and columns, round/round_down/round_up/abs/min/max, year/month/
**    day, date arithmetic and builtins, aggregates over rows named in the call and over
**    lists, `group by` one to three keys or `all` with sum/count/mean/min/max and
**    weighted means, group lets that read other groups (`g[k, year - 1]`), `where` after
**    group by, require/aim/flag, `explained by`, `message` with interpolation, `emit`
**    (outputs shared between blocks with the same columns).
**  - Half the blocks (marked "# within what the JIT compiles") keep to the subset the
**    JIT compiles today, so that compiled code, not the fallback, decides their rows.
**
** Every expression's type and unit is tracked as the checker does (lang/check_expr.c),
** so only legal combinations are written; expression depth is bounded.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* diffgen writes one rule file and its data and exits; the strings it builds live until
** then on purpose. Under `make asan` the leak check is for styr, not for this generator. */
__attribute__((visibility("default"), used)) const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

/* ------------------------------------------------------------------ random numbers */

static uint64_t rng[4];

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rnd(void)
{
    uint64_t r = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 17;
    rng[2] ^= rng[0];
    rng[3] ^= rng[1];
    rng[1] ^= rng[2];
    rng[0] ^= rng[3];
    rng[2] ^= t;
    rng[3] = rotl(rng[3], 45);
    return r;
}

static void seed_rng(uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) rng[i] = splitmix64(&x);
}

/* 0..n-1 */
static int rn(int n)
{
    return n <= 1 ? 0 : (int)(rnd() % (uint64_t)n);
}

static int64_t rn64(int64_t n)
{
    return n <= 1 ? 0 : (int64_t)(rnd() % (uint64_t)n);
}

/* lo..hi inclusive */
static int rr(int lo, int hi)
{
    return lo + rn(hi - lo + 1);
}

static bool chance(int percent)
{
    return rn(100) < percent;
}

static int pickw(const int *w, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += w[i];
    if (total <= 0) return 0;
    int r = rn(total);
    for (int i = 0; i < n; i++) {
        if (r < w[i]) return i;
        r -= w[i];
    }
    return n - 1;
}

#define PICK(arr) ((arr)[rn((int)(sizeof(arr) / sizeof(arr)[0]))])

/* ------------------------------------------------------------------ strings */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("diffgen: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

/* A formatted, malloc'ed string. The generator is short-lived: these are not freed. */
__attribute__((format(printf, 1, 2))) static char *S(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            fputs("diffgen: out of memory\n", stderr);
            exit(2);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(b, p, (size_t)n);
    free(p);
}

/* ------------------------------------------------------------------ types */

enum { K_NUM, K_BOOL, K_YEAR, K_DATE, K_TEXT };

/* A value's type as the checker sees it: for numbers the exponents of DKK (m) and of
** days (d), whether it is whole (in) and whether it is a percentage (pc). */
typedef struct ty {
    int k;
    int m, d;
    bool in, pc;
} ty;

static ty tnum(int m, int d, bool in, bool pc)
{
    return (ty){ K_NUM, m, d, in, pc };
}

static ty tkind(int k)
{
    return (ty){ k, 0, 0, false, false };
}

static bool dimless(ty t)
{
    return t.k == K_NUM && t.m == 0 && t.d == 0;
}

static bool plain_int(ty t)
{
    return dimless(t) && t.in && !t.pc;
}

/* Does a value of type have fit where want is asked for? */
static bool tmatch(ty have, ty want)
{
    if (have.k != want.k) return false;
    if (have.k != K_NUM) return true;
    return have.m == want.m && have.d == want.d && (!want.in || have.in);
}

/* Two types one value could take (if branches, min, otherwise): the checker's unify. */
static ty tunify(ty a, ty b)
{
    if (a.k == K_NUM) {
        a.in = a.in && b.in;
        a.pc = a.pc && b.pc;
    }
    return a;
}

typedef struct ex {
    char *s;
    ty t;
} ex;

static ex EX(char *s, ty t)
{
    return (ex){ s, t };
}

/* ------------------------------------------------------------------ datasets */

enum { CT_TEXT, CT_YEAR, CT_DATE, CT_BOOL, CT_INT, CT_NUMBER, CT_PERCENT, CT_MONEY, CT_MONEY_DAY, CT_DAYS };

static ty ct_ty(int ct)
{
    switch (ct) {
    case CT_TEXT: return tkind(K_TEXT);
    case CT_YEAR: return tkind(K_YEAR);
    case CT_DATE: return tkind(K_DATE);
    case CT_BOOL: return tkind(K_BOOL);
    case CT_INT: return tnum(0, 0, true, false);
    case CT_NUMBER: return tnum(0, 0, false, false);
    case CT_PERCENT: return tnum(0, 0, false, true);
    case CT_MONEY: return tnum(1, 0, false, false);
    case CT_MONEY_DAY: return tnum(1, -1, false, false);
    default: return tnum(0, 1, true, false);
    }
}

static const char *ct_decl(int ct, bool alt)
{
    static const char *const names[] = { "text", "year", "date", "bool", "int", "number",
                                         "percent", "money", "money per day", "days" };
    if (ct == CT_NUMBER && alt) return "decimal";
    return names[ct];
}

/* What a column's values look like. */
enum { R_ID, R_YEAR, R_CAT, R_NOTE, R_MONEY, R_RATE, R_DAYS, R_QTY, R_NUM, R_PCT, R_DATE, R_BOOL, R_INDEX, R_WEIGHT };

typedef struct coltpl {
    int role, ct;
    const char *names[2];
    const char *alt;      /* another header the column is declared with */
    int opt;              /* percent chance of being optional (100: always) */
} coltpl;

static const coltpl main_tpl[] = {
    { R_ID, CT_TEXT, { "id", "nøgle" }, "Tilbuds-id", 0 },
    { R_YEAR, CT_YEAR, { "år", "year" }, "Aar", 0 },
    { R_MONEY, CT_MONEY, { "beløb", "amount" }, "Udgift i kr", 30 },
    { R_MONEY, CT_MONEY, { "ekstra", "amount2" }, NULL, 100 },
    { R_RATE, CT_MONEY_DAY, { "takst", "rate" }, "Takst pr. døgn", 30 },
    { R_DAYS, CT_DAYS, { "dage", "ndays" }, "Belagte døgn", 30 },
    { R_QTY, CT_INT, { "antal", "qty" }, NULL, 30 },
    { R_NUM, CT_NUMBER, { "faktor", "factor" }, NULL, 30 },
    { R_NUM, CT_NUMBER, { "vægt", "x2" }, NULL, 100 },
    { R_PCT, CT_PERCENT, { "pct", "andel" }, "Overhead pct", 30 },
    { R_PCT, CT_PERCENT, { "pct2", "sats" }, NULL, 100 },
    { R_DATE, CT_DATE, { "dato", "from_date" }, "Fra dato", 30 },
    { R_DATE, CT_DATE, { "slut", "to_date" }, NULL, 100 },
    { R_CAT, CT_TEXT, { "kategori", "cat" }, "Målgruppe", 20 },
    { R_NOTE, CT_TEXT, { "note", "bemærkning" }, NULL, 100 },
    { R_BOOL, CT_BOOL, { "ok", "aktiv" }, NULL, 30 },
};

static const coltpl dim_tpl[] = {
    { R_ID, CT_TEXT, { "id", "enhed" }, "Enheds-id", 0 },
    { R_CAT, CT_TEXT, { "gruppe", "grp" }, NULL, 20 },
    { R_MONEY, CT_MONEY, { "loft", "cap" }, NULL, 40 },
    { R_WEIGHT, CT_INT, { "pladser", "places" }, "Antal pladser", 20 },
    { R_PCT, CT_PERCENT, { "rabat", "share" }, NULL, 30 },
    { R_DATE, CT_DATE, { "åbnet", "opened" }, NULL, 40 },
    { R_BOOL, CT_BOOL, { "aktiv", "active" }, NULL, 30 },
    { R_NUM, CT_NUMBER, { "koef", "coef" }, NULL, 40 },
    { R_NOTE, CT_TEXT, { "forklaring", "tekst" }, NULL, 100 },
    { R_RATE, CT_MONEY_DAY, { "dagsats", "per_day" }, NULL, 50 },
};

static const coltpl idx_tpl[] = {
    { R_YEAR, CT_YEAR, { "år", "year" }, "Aar", 0 },
    { R_INDEX, CT_NUMBER, { "niveau", "value" }, "PL-indeks", 10 },
    { R_MONEY, CT_MONEY, { "grundbeløb", "base" }, NULL, 50 },
};

typedef struct column {
    const char *name;
    int ct, role;
    bool opt, decimal_word;
    const char *alt;        /* declared `header "alt"`, or NULL */
    const char *csvname;    /* the header in the file */
    bool missing;           /* optional and not in the file at all */
    int empty_pct;
} column;

enum { DS_MAIN, DS_DIM, DS_IDX, NDS };

typedef struct dataset {
    const char *name, *file, *var;
    column col[20];
    int ncol;
    int key[2], nkey;
    int dated;              /* column, or -1 */
    char sep, dec;
    bool say_sep, say_dec, say_enc;
    bool crlf, bom, cp1252, extra_col, thousands;
    int nrows;
    char **cell;            /* nrows * ncol values as written (UTF-8), "" when empty */
} dataset;

static dataset DS[NDS];

/* The column of a role (the first one), or -1. */
static int col_of_role(const dataset *ds, int role)
{
    for (int i = 0; i < ds->ncol; i++)
        if (ds->col[i].role == role) return i;
    return -1;
}

static const char *id_col(int ds)
{
    return DS[ds].col[col_of_role(&DS[ds], R_ID)].name;
}

static const char *year_col(int ds)
{
    return DS[ds].col[col_of_role(&DS[ds], R_YEAR)].name;
}

/* ------------------------------------------------------------------ values of the data */

static char **ids;
static int nids;
static const char *cats[8];
static int ncats;
static const int year_lo = 2014, year_hi = 2024;

static const char *const cat_pool[] = { "nord", "syd", "øst", "vest", "Ærø", "Åby", "midt", "Nord", "sø", "æble" };
static const char *const words[] = { "takst", "øre", "år", "grænse", "loft", "Ærø", "å", "bemærk", "sum",
                                     "forklaring", "Ø", "ny", "x" };

static char *mantissa_text(uint64_t a, int scale, char dec)
{
    char digits[40];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)a);
    size_t n = strlen(digits);
    if (scale == 0) return S("%s", digits);
    char buf[64];
    size_t k = 0;
    if (n <= (size_t)scale) {
        buf[k++] = '0';
        buf[k++] = dec;
        for (size_t i = n; i < (size_t)scale; i++) buf[k++] = '0';
        memcpy(buf + k, digits, n);
        k += n;
    } else {
        memcpy(buf, digits, n - (size_t)scale);
        k = n - (size_t)scale;
        buf[k++] = dec;
        memcpy(buf + k, digits + n - (size_t)scale, (size_t)scale);
        k += (size_t)scale;
    }
    buf[k] = 0;
    return S("%s", buf);
}

/* Groups the whole part by thousands with sep ("1234567,5" -> "1.234.567,5"). */
static char *group_thousands(const char *s, char dec, char sep)
{
    const char *point = strchr(s, dec);
    size_t whole = point ? (size_t)(point - s) : strlen(s);
    sbuf b = { 0 };
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0) sb_add(&b, &sep, 1);
        sb_add(&b, s + i, 1);
    }
    sb_puts(&b, s + whole);
    return b.p;
}

static const char *sign_text(bool neg, const dataset *ds)
{
    if (!neg) return chance(3) ? "+" : "";
    if (!ds->cp1252 && chance(8)) return "\xe2\x88\x92";   /* U+2212 minus */
    return "-";
}

static char *num_text(int64_t m, int scale, const dataset *ds)
{
    bool neg = m < 0;
    uint64_t a = neg ? (uint64_t)(-(m + 1)) + 1 : (uint64_t)m;
    char *t = mantissa_text(a, scale, ds->dec);
    if (ds->thousands && chance(30)) t = group_thousands(t, ds->dec, ds->dec == ',' ? '.' : ',');
    return S("%s%s", sign_text(neg && a != 0, ds), t);
}

static char *money_text(int64_t ore, const dataset *ds)
{
    bool neg = ore < 0;
    uint64_t a = neg ? (uint64_t)(-(ore + 1)) + 1 : (uint64_t)ore;
    char *t;
    int style = rn(100);
    if (style < 65) t = mantissa_text(a, 2, ds->dec);
    else if (style < 85) {
        if (a % 100 == 0) t = mantissa_text(a / 100, 0, ds->dec);
        else if (a % 10 == 0) t = mantissa_text(a / 10, 1, ds->dec);
        else t = mantissa_text(a, 2, ds->dec);
    } else {
        t = mantissa_text(a * 10, 3, ds->dec);   /* a zero beyond the øre */
    }
    if (ds->thousands && chance(30)) t = group_thousands(t, ds->dec, ds->dec == ',' ? '.' : ',');
    t = S("%s%s", sign_text(neg && a != 0, ds), t);
    int cur = rn(100);
    if (cur < 4) return S("kr %s", t);
    if (cur < 8) return S("%s kr", t);
    if (cur < 10) return S("%s kr.", t);
    if (cur < 12) return S("%s DKK", t);
    return t;
}

static int64_t money_value(void)
{
    switch (pickw((const int[]){ 12, 25, 30, 10, 8, 6, 5, 4 }, 8)) {
    case 0: return 0;
    case 1: return rr(-1000, 1000);                          /* near zero */
    case 2: return rn64(10000000);                           /* up to 100 000 kr */
    case 3: return -rn64(10000000);
    case 4: return rn64(100000) * 2 + 1;                     /* odd øre: halves end in .005 */
    case 5: return (int64_t)(rnd() % 9000000000000000ULL) * (chance(30) ? -1 : 1);   /* up to 9e13 kr */
    case 6: return (int64_t)rr(1, 9) * 1000000000000000LL;   /* round huge amounts */
    default: return rr(1, 20) * 100;
    }
}

static void num_value(int64_t *m, int *scale)
{
    *scale = rn(7);
    switch (pickw((const int[]){ 10, 30, 35, 12, 5, 8 }, 6)) {
    case 0: *m = 0; break;
    case 1: *m = rr(-999, 999); break;
    case 2: *m = rn64(100000000); break;
    case 3:                                                  /* ends in 5: a rounding boundary */
        *scale = rr(1, 4);
        *m = rn64(100000) * 10 + 5;
        break;
    case 4: *m = rn64(900000000000LL); break;
    default: *m = -rn64(1000000); break;
    }
}

static const int days_in_month_tab[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    return m == 2 && leap(y) ? 29 : days_in_month_tab[m - 1];
}

static void date_value(int *y, int *m, int *d)
{
    int r = rn(100);
    if (r < 12) {
        static const int leaps[] = { 2016, 2020, 2024 };
        *y = PICK(leaps), *m = 2, *d = 29;
    } else if (r < 20) {
        *y = rr(2013, 2025), *m = 12, *d = 31;
    } else if (r < 26) {
        *y = rr(2013, 2025), *m = 1, *d = 1;
    } else if (r < 30) {
        *y = rr(2013, 2025), *m = 2, *d = 28;
    } else {
        *y = rr(2013, 2025), *m = rr(1, 12), *d = rr(1, month_days(*y, *m));
    }
}

static char *date_text(int y, int m, int d)
{
    int r = rn(100);
    if (r < 80) return S("%04d-%02d-%02d", y, m, d);
    if (r < 90) return S("%d.%d.%04d", d, m, y);
    if (r < 95) return S("%02d-%02d-%04d", d, m, y);
    return S("%d/%d/%04d", d, m, y);
}

static char *text_value(int role)
{
    if (role == R_CAT) {
        const char *c = cats[rn(ncats)];
        if (chance(3)) return S(" %s", c);      /* text is kept as written, blanks too */
        return S("%s", c);
    }
    /* notes */
    sbuf b = { 0 };
    int n = rr(1, 4);
    for (int i = 0; i < n; i++) {
        if (i) sb_puts(&b, chance(10) ? ", " : " ");
        sb_puts(&b, PICK(words));
    }
    int r = rn(100);
    if (r < 5) sb_puts(&b, " \"citat\"");
    else if (r < 8) sb_puts(&b, "\nanden linje");
    else if (r < 11) sb_puts(&b, "; semikolon");
    else if (r < 13) sb_puts(&b, " | streg");
    else if (r < 15) sb_puts(&b, " {ikke en værdi}");
    return b.p;
}

static char *bool_text(bool v)
{
    static const char *const yes[] = { "true", "yes", "ja", "sand", "1", "True", "JA" };
    static const char *const no[] = { "false", "no", "nej", "falsk", "0", "FALSE", "Nej" };
    return S("%s", v ? PICK(yes) : PICK(no));
}

/* One cell of column c (never empty). */
static char *cell_value(const dataset *ds, const column *c)
{
    switch (c->ct) {
    case CT_TEXT: return text_value(c->role);
    case CT_YEAR: return S("%d", rr(year_lo, year_hi));
    case CT_DATE: {
        int y, m, d;
        date_value(&y, &m, &d);
        return date_text(y, m, d);
    }
    case CT_BOOL: return bool_text(chance(50));
    case CT_INT:
    case CT_DAYS: {
        int64_t v;
        switch (pickw((const int[]){ 10, 55, 10, 10, 3, 12 }, 6)) {
        case 0: v = 0; break;
        case 1: v = c->ct == CT_DAYS ? rr(1, 366) : rr(1, 500); break;
        case 2: v = -rr(1, 50); break;
        case 3: v = rr(1, 20); break;
        case 4: v = rn64(9000000000000000LL); break;
        default: v = rr(1, 3); break;
        }
        return num_text(v, 0, ds);
    }
    case CT_NUMBER: {
        int64_t m;
        int scale;
        if (c->role == R_INDEX) {
            if (chance(3)) return S("0");
            m = 950 + rn(400);
            scale = 1;
            return num_text(m, scale, ds);
        }
        num_value(&m, &scale);
        return num_text(m, scale, ds);
    }
    case CT_PERCENT: {
        int scale = rn(4);
        int64_t m = chance(10) ? 0 : chance(15) ? -rr(1, 5000) : rr(1, 20000);
        char *t = num_text(m, scale, ds);
        int r = rn(100);
        if (r < 20) return S("%s %%", t);
        if (r < 35) return S("%s%%", t);
        return t;
    }
    case CT_MONEY:
    case CT_MONEY_DAY: return money_text(money_value(), ds);
    }
    return S("?");
}

/* The header a file gives a column: its name, or a declared alternative, in another
** case or with blanks for underscores, which the loader folds. */
static const char *csv_header(const column *c)
{
    int r = rn(100);
    if (c->alt && r < 40) {
        if (chance(50)) return c->alt;
        /* upper case of the ASCII letters and Æ Ø Å */
        sbuf b = { 0 };
        for (const char *p = c->alt; *p; p++) {
            unsigned char ch = (unsigned char)*p;
            if (ch >= 'a' && ch <= 'z') ch = (unsigned char)(ch - 32);
            else if (ch == 0xC3 && p[1] && ((unsigned char)p[1] == 0xA6 || (unsigned char)p[1] == 0xB8 ||
                                            (unsigned char)p[1] == 0xA5)) {
                char two[2] = { (char)0xC3, (char)((unsigned char)p[1] - 0x20) };
                sb_add(&b, two, 2);
                p++;
                continue;
            }
            char one = (char)ch;
            sb_add(&b, &one, 1);
        }
        return b.p;
    }
    if (r < 55) {
        /* Name with its first letter upper case (ASCII) */
        char *s = S("%s", c->name);
        if (s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 32);
        return s;
    }
    return c->name;
}

static void make_dataset(dataset *ds, const coltpl *tpl, int ntpl, int role_pick)
{
    ds->ncol = 0;
    for (int i = 0; i < ntpl; i++) {
        /* Every column of main; the others keep most of theirs. */
        if (role_pick && tpl[i].role != R_ID && tpl[i].role != R_YEAR && tpl[i].role != R_INDEX && chance(15))
            continue;
        column *c = &ds->col[ds->ncol++];
        memset(c, 0, sizeof *c);
        c->name = tpl[i].names[rn(2)];
        c->ct = tpl[i].ct;
        c->role = tpl[i].role;
        c->opt = tpl[i].opt && chance(tpl[i].opt);
        c->decimal_word = c->ct == CT_NUMBER && chance(20);
        c->alt = tpl[i].alt && chance(60) ? tpl[i].alt : NULL;
        c->empty_pct = !c->opt ? 0 : chance(8) ? 100 : chance(10) ? 40 : rr(3, 15);
        c->missing = c->opt && chance(4);
        c->csvname = csv_header(c);
    }
    /* The dialect. */
    int r = rn(100);
    ds->sep = r < 55 ? ',' : r < 85 ? ';' : r < 93 ? '\t' : '|';
    ds->dec = ds->sep == ';' ? ',' : '.';
    if (ds->sep != ';' && ds->sep != ',' && chance(30)) ds->dec = ',';
    ds->say_sep = chance(40);
    ds->say_dec = chance(30) || (ds->sep == ';') != (ds->dec == ',');
    ds->thousands = ds->sep == ';' && !ds->say_dec && chance(25);
    ds->crlf = chance(20);
    ds->cp1252 = chance(6);
    ds->say_enc = ds->cp1252 ? chance(50) : chance(5);
    ds->bom = !ds->cp1252 && chance(6);
    ds->extra_col = chance(15);
}

static void fill_main(int rows)
{
    dataset *ds = &DS[DS_MAIN];
    int cid = col_of_role(ds, R_ID), cyear = col_of_role(ds, R_YEAR);
    ds->nrows = rows;
    ds->cell = xmalloc(sizeof(char *) * (size_t)rows * (size_t)ds->ncol);
    /* Keys: each id has a run of consecutive years, so t.year - 1 finds a row. Keys are
    ** unique (the loader rejects a dataset with a key twice). */
    int nyears = year_hi - year_lo + 1;
    bool *used = calloc((size_t)nids * (size_t)nyears, 1);
    if (!used) exit(2);
    int n = 0;
    while (n < rows) {
        int id = rn(nids);
        int len = rr(1, 6), start = rr(year_lo, year_hi);
        for (int k = 0; k < len && n < rows && start + k <= year_hi; k++) {
            if (used[id * nyears + start + k - year_lo]) continue;
            used[id * nyears + start + k - year_lo] = true;
            ds->cell[(size_t)n * (size_t)ds->ncol + (size_t)cid] = S("%s", ids[id]);
            ds->cell[(size_t)n * (size_t)ds->ncol + (size_t)cyear] = S("%d", start + k);
            n++;
        }
    }
    free(used);
    /* Rows in any order. */
    for (int i = rows - 1; i > 0; i--) {
        if (!chance(60)) continue;
        int j = rn(i + 1);
        for (int c = 0; c < ds->ncol; c++) {
            char *t = ds->cell[(size_t)i * (size_t)ds->ncol + (size_t)c];
            ds->cell[(size_t)i * (size_t)ds->ncol + (size_t)c] = ds->cell[(size_t)j * (size_t)ds->ncol + (size_t)c];
            ds->cell[(size_t)j * (size_t)ds->ncol + (size_t)c] = t;
        }
    }
    for (int i = 0; i < rows; i++)
        for (int c = 0; c < ds->ncol; c++) {
            if (c == cid || c == cyear) continue;
            const column *col = &ds->col[c];
            char **cell = &ds->cell[(size_t)i * (size_t)ds->ncol + (size_t)c];
            *cell = col->opt && (col->missing || chance(col->empty_pct)) ? S("%s", chance(85) ? "" : "  ") : cell_value(ds, col);
        }
}

static void fill_dim(void)
{
    dataset *ds = &DS[DS_DIM];
    int cid = col_of_role(ds, R_ID);
    char **rowids = xmalloc(sizeof(char *) * (size_t)(nids + 8));
    int n = 0;
    for (int i = 0; i < nids; i++)
        if (chance(75)) rowids[n++] = ids[i];
    int extra = rr(0, 4);
    for (int i = 0; i < extra; i++) rowids[n++] = S("Z%02d", i * 23 + rn(20));   /* distinct, not in the facts */
    for (int i = n - 1; i > 0; i--) {
        int j = rn(i + 1);
        char *t = rowids[i];
        rowids[i] = rowids[j];
        rowids[j] = t;
    }
    ds->nrows = n;
    ds->cell = xmalloc(sizeof(char *) * (size_t)(n ? n : 1) * (size_t)ds->ncol);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < ds->ncol; c++) {
            const column *col = &ds->col[c];
            char **cell = &ds->cell[(size_t)i * (size_t)ds->ncol + (size_t)c];
            if (c == cid) *cell = S("%s", rowids[i]);
            else if (col->role == R_WEIGHT) *cell = chance(15) ? S("0") : S("%d", rr(1, 60));
            else *cell = col->opt && (col->missing || chance(col->empty_pct)) ? S("%s", "") : cell_value(ds, col);
        }
}

static void fill_idx(void)
{
    dataset *ds = &DS[DS_IDX];
    int cyear = col_of_role(ds, R_YEAR);
    int years[32], n = 0;
    for (int y = 2012; y <= 2026; y++)
        if (chance(85)) years[n++] = y;
    ds->nrows = n;
    ds->cell = xmalloc(sizeof(char *) * (size_t)(n ? n : 1) * (size_t)ds->ncol);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < ds->ncol; c++) {
            const column *col = &ds->col[c];
            char **cell = &ds->cell[(size_t)i * (size_t)ds->ncol + (size_t)c];
            if (c == cyear) *cell = S("%d", years[i]);
            else *cell = col->opt && (col->missing || chance(col->empty_pct)) ? S("%s", "") : cell_value(ds, col);
        }
}

/* ------------------------------------------------------------------ writing files */

static void csv_field(sbuf *b, const dataset *ds, const char *v)
{
    bool quote = chance(3);
    for (const char *p = v; *p; p++)
        if (*p == ds->sep || *p == '"' || *p == '\n' || *p == '\r') quote = true;
    if (!quote) {
        sb_puts(b, v);
        return;
    }
    sb_puts(b, "\"");
    for (const char *p = v; *p; p++) {
        if (*p == '"') sb_puts(b, "\"\"");
        else sb_add(b, p, 1);
    }
    sb_puts(b, "\"");
}

/* UTF-8 to Windows-1252 for the letters the generator writes (Danish letters); every
** other byte is ASCII. */
static void to_cp1252(sbuf *b)
{
    size_t k = 0;
    for (size_t i = 0; i < b->n; i++) {
        unsigned char c = (unsigned char)b->p[i];
        if (c == 0xC3 && i + 1 < b->n) {
            b->p[k++] = (char)((unsigned char)b->p[i + 1] + 0x40);
            i++;
        } else {
            b->p[k++] = (char)c;
        }
    }
    b->n = k;
    b->p[k] = 0;
}

static void write_file(const char *dir, const char *name, const sbuf *b)
{
    char *path = S("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->p ? b->p : "", 1, b->n, f) != b->n || fclose(f) != 0) {
        fprintf(stderr, "diffgen: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static void write_csv(const char *dir, const dataset *ds)
{
    sbuf b = { 0 };
    const char *eol = ds->crlf ? "\r\n" : "\n";
    int order[24], n = 0;
    for (int c = 0; c < ds->ncol; c++)
        if (!ds->col[c].missing) order[n++] = c;
    if (ds->extra_col) order[n++] = -1;
    for (int i = n - 1; i > 0; i--) {
        int j = rn(i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    if (ds->bom) sb_puts(&b, "\xEF\xBB\xBF");
    for (int i = 0; i < n; i++) {
        if (i) sb_add(&b, &ds->sep, 1);
        sb_puts(&b, order[i] < 0 ? "ignoreret" : ds->col[order[i]].csvname);
    }
    sb_puts(&b, eol);
    for (int r = 0; r < ds->nrows; r++) {
        for (int i = 0; i < n; i++) {
            if (i) sb_add(&b, &ds->sep, 1);
            if (order[i] < 0) csv_field(&b, ds, "x");
            else csv_field(&b, ds, ds->cell[(size_t)r * (size_t)ds->ncol + (size_t)order[i]]);
        }
        if (r + 1 < ds->nrows || chance(90)) sb_puts(&b, eol);
    }
    if (ds->cp1252) to_cp1252(&b);
    write_file(dir, ds->file, &b);
}

/* ------------------------------------------------------------------ the scope */

enum { L_GLOBAL, L_ROW, L_GROUP };
enum { VS_ALL, VS_ROW, VS_KEY, VS_GLET };
enum { VC_SCALAR, VC_ROW, VC_ROWS };

typedef struct var {
    const char *name;
    int vc;          /* VC_* */
    ty t;            /* scalars */
    int ds;          /* rows */
    int vis;         /* VS_* */
} var;

typedef struct ctx {
    var v[256];
    int nv, nglobal;
    int level;
    bool in_agg;     /* in the argument of an aggregate over the rows of a group */
    bool keys_only;  /* in a list aggregate after group by: only group keys and globals */
    int fornest;     /* aggregates over named rows, `each`: no deeper ones */
    bool in_text;    /* inside an interpolation */
    bool simple;     /* this block keeps to what the JIT compiles today (see gen_block) */
    int nkeys;
    const char *keyname[3];
    ty keyty[3];
    int fresh;
} ctx;

static ctx C;

static bool visible(const var *v)
{
    switch (v->vis) {
    case VS_ALL: return true;
    case VS_ROW: return !C.keys_only && (C.level == L_ROW || C.in_agg);
    case VS_KEY: return C.level == L_GROUP && !(C.simple && C.in_agg);   /* the JIT: no keys in aggregates */
    default: return C.level == L_GROUP && !C.in_agg && !C.keys_only;
    }
}

static var *push_var(const char *name, int vc, ty t, int ds, int vis)
{
    if (C.nv == (int)(sizeof C.v / sizeof C.v[0])) {
        fputs("diffgen: too many names\n", stderr);
        exit(2);
    }
    var *v = &C.v[C.nv++];
    *v = (var){ name, vc, t, ds, vis };
    return v;
}

static const char *fresh(const char *prefix)
{
    return S("%s%d", prefix, ++C.fresh);
}

static bool can_group_agg(void)
{
    return C.level == L_GROUP && !C.in_agg && !C.keys_only && C.fornest == 0;
}

static bool can_for_agg(void)
{
    return C.fornest == 0 && !C.keys_only && !C.simple;
}

/* ------------------------------------------------------------------ globals */

typedef struct table {
    const char *name;
    int nin;
    ty in[2];
    ty out;
} table;

static table tables[4];
static int ntables;
static bool use_stdlib_index, use_stdlib_money;
static const char *year_param;   /* a parameter of type year, always declared */

/* ------------------------------------------------------------------ literals */

static const char *id_literal(void)
{
    if (chance(10)) return S("\"Z%02d\"", rr(0, 99));
    return S("\"%s\"", ids[rn(nids)]);
}

static char *plain_words(void)
{
    sbuf b = { 0 };
    int n = rr(1, 3);
    for (int i = 0; i < n; i++) {
        if (i) sb_puts(&b, " ");
        sb_puts(&b, PICK(words));
    }
    return b.p;
}

static char *text_literal(void)
{
    int r = rn(100);
    if (r < 40) return S("\"%s\"", cats[rn(ncats)]);
    if (r < 55) return S("%s", id_literal());
    if (r < 60) return S("\"\"");
    if (C.in_text) return S("\"%s\"", plain_words());
    /* escapes the scanner knows */
    static const char *const esc[] = { "\\\"", "\\\\", "\\n", "\\t", "{{", "}}", "{{x}}" };
    if (r < 70) return S("\"%s %s\"", plain_words(), PICK(esc));
    return S("\"%s\"", plain_words());
}

static char *date_literal(void)
{
    int y, m, d;
    date_value(&y, &m, &d);
    return S("%04d-%02d-%02d", y, m, d);
}

/* A plain number literal: whole when integ. */
static ex lit_plain(bool integ)
{
    int r = rn(100);
    if (integ || r < 40) {
        static const int small[] = { 0, 1, 2, 3, 5, 7, 10, 12, 100, 365, 1000 };
        int v = chance(80) ? PICK(small) : rr(0, 500);
        if (chance(3)) return EX(S("%d", 1000000000), tnum(0, 0, true, false));
        return EX(S("%d", v), tnum(0, 0, true, false));
    }
    if (r < 70) {
        static const char *const nums[] = { "0.5", "1.5", "0.005", "2.25", "0.1", "1.125", "0.333", "99.995",
                                            "0.000001", "1_000.5", "2.0" };
        const char *s = PICK(nums);
        return EX(S("%s", s), tnum(0, 0, !strcmp(s, "2.0"), false));
    }
    static const char *const pcts[] = { "6 %", "0.5 %", "100 %", "12.5 %", "0 %", "110%", "33.333 %", "1 %" };
    return EX(S("%s", PICK(pcts)), tnum(0, 0, false, true));
}

static char *money_literal(void)
{
    static const char *const amounts[] = { "0 kr", "1 kr", "0.01 kr", "0.005 kr", "1000 kr", "1_000_000 kr",
                                           "2.50 kr", "99.99 kr", "12345.67 kr", "90000000000000 kr", "1 DKK",
                                           "100dkk", "0.015 kr", "5000 kr" };
    return S("%s", PICK(amounts));
}

/* A literal of any unit m, d (exponents of DKK and days): a money, days or plain literal
** times or divided by unit literals. */
static ex lit_num(int m, int d, bool integ)
{
    ex base;
    int mm = m, dd = d;
    if (mm > 0) {
        base = EX(money_literal(), tnum(1, 0, false, false));
        mm--;
    } else if (dd > 0) {
        int v = chance(80) ? rr(0, 400) : 36500;
        base = EX(S("%d %s", v, v == 1 ? "day" : "days"), tnum(0, 1, true, false));
        dd--;
    } else {
        base = lit_plain(integ);
    }
    char *s = base.s;
    bool in = base.t.in, pc = base.t.pc;
    for (; mm > 0; mm--) s = S("(%s * %d kr)", s, rr(1, 20)), in = false, pc = false;
    for (; mm < 0; mm++) s = S("(%s / %d kr)", s, rr(1, 20)), in = false, pc = false;
    for (; dd > 0; dd--) s = S("(%s * %d days)", s, rr(1, 30)), pc = false;
    for (; dd < 0; dd++) s = S("(%s / %d days)", s, rr(1, 30)), in = false, pc = false;
    if (chance(8) && !integ) s = S("(-%s)", s);
    return EX(s, tnum(m, d, in, pc));
}

/* ------------------------------------------------------------------ candidates */

enum { CK_STR, CK_LOOKUP, CK_SPECIAL };

typedef struct cand {
    int kind;
    char *s;
    ty t;
    int w;
    int ds, col, code;
} cand;

typedef struct cands {
    cand c[256];
    int n;
} cands;

static void cadd(cands *cs, cand c)
{
    if (c.w > 0 && cs->n < (int)(sizeof cs->c / sizeof cs->c[0])) cs->c[cs->n++] = c;
}

static cand *cpick(cands *cs)
{
    int total = 0;
    for (int i = 0; i < cs->n; i++) total += cs->c[i].w;
    if (!total) return NULL;
    int r = rn(total);
    for (int i = 0; i < cs->n; i++) {
        if (r < cs->c[i].w) return &cs->c[i];
        r -= cs->c[i].w;
    }
    return NULL;
}

static ex gen(ty want, int depth);
static ex gen_num(int m, int d, bool integ, int depth);
static ex gen_bool(int depth);
static ex gen_year(int depth);
static ex gen_date(int depth);
static ex gen_text(int depth);
static ex year_leaf(void);
static ex date_leaf(void);
static ex text_leaf(void);

/* The forms a value of any type t can take: chosen by a condition, a fallback for an
** empty one, the smaller or larger of two (not for texts). */
static ty both(ty t, ex a, ex b)
{
    return t.k == K_NUM ? tunify(a.t, b.t) : t;
}

static ex gen_if(ty t, int depth)
{
    ex c = gen_bool(depth - 1), a = gen(t, depth - 1), b = gen(t, depth - 1);
    return EX(S("(if %s then %s else %s)", c.s, a.s, b.s), both(t, a, b));
}

static ex gen_otherwise(ty t, int depth)
{
    ex a = gen(t, depth - 1), b = gen(t, depth - 1);
    return EX(S("(%s otherwise %s)", a.s, b.s), both(t, a, b));
}

static ex gen_minmax(ty t, int depth)
{
    ex a = gen(t, depth - 1), b = gen(t, depth - 1);
    return EX(S("%s(%s, %s)", chance(50) ? "min" : "max", a.s, b.s), both(t, a, b));
}

/* A text that is likely an id: the id of a row in scope, a text in scope, or a literal. */
static char *gen_idtext(void)
{
    cands cs = { 0 };
    for (int i = 0; i < C.nv; i++) {
        const var *v = &C.v[i];
        if (!visible(v)) continue;
        if (v->vc == VC_ROW && (v->ds == DS_MAIN || v->ds == DS_DIM))
            cadd(&cs, (cand){ .kind = CK_STR, .s = S("%s.%s", v->name, id_col(v->ds)), .w = 10 });
        if (v->vc == VC_SCALAR && v->t.k == K_TEXT) cadd(&cs, (cand){ .kind = CK_STR, .s = S("%s", v->name), .w = 2 });
    }
    cadd(&cs, (cand){ .kind = CK_STR, .s = (char *)id_literal(), .w = 3 });
    return cpick(&cs)->s;
}

/* A year for a lookup: a year in scope, sometimes moved by one. */
static char *gen_keyyear(void)
{
    ex y = year_leaf();
    int r = rn(100);
    if (r < 20) return S("(%s - 1)", y.s);
    if (r < 25) return S("(%s + 1)", y.s);
    if (r < 32) return S("%d", rr(2012, 2026));
    return y.s;
}

static char *lookup_text(int ds)
{
    switch (ds) {
    case DS_DIM: return S("%s[%s]", DS[ds].name, gen_idtext());
    case DS_IDX: return S("%s[%s]", DS[ds].name, gen_keyyear());
    default: return S("%s[%s, %s]", DS[ds].name, gen_idtext(), gen_keyyear());
    }
}

/* Values of type want in scope: scalars, columns of rows, and (rarer) looked-up rows. */
static void collect(cands *cs, ty want, bool lookups)
{
    for (int i = 0; i < C.nv; i++) {
        const var *v = &C.v[i];
        if (!visible(v)) continue;
        if (v->vc == VC_SCALAR && tmatch(v->t, want))
            cadd(cs, (cand){ .kind = CK_STR, .s = S("%s", v->name), .t = v->t, .w = v->vis == VS_ALL ? 1 : 6 });
        if (v->vc == VC_ROW) {
            const dataset *ds = &DS[v->ds];
            for (int c = 0; c < ds->ncol; c++) {
                ty ct = ct_ty(ds->col[c].ct);
                if (tmatch(ct, want))
                    cadd(cs, (cand){ .kind = CK_STR, .s = S("%s.%s", v->name, ds->col[c].name), .t = ct,
                                     .w = v->vis == VS_ALL ? 4 : 8 });
            }
        }
    }
    if (!lookups || chance(50)) return;
    for (int d = 0; d < NDS; d++)
        for (int c = 0; c < DS[d].ncol; c++) {
            ty ct = ct_ty(DS[d].col[c].ct);
            if (tmatch(ct, want)) cadd(cs, (cand){ .kind = CK_LOOKUP, .t = ct, .ds = d, .col = c, .w = 1 });
        }
}

static ex take(cand *c)
{
    if (c->kind == CK_LOOKUP) return EX(S("%s.%s", lookup_text(c->ds), DS[c->ds].col[c->col].name), c->t);
    return EX(c->s, c->t);
}

/* ------------------------------------------------------------------ leaves */

enum { SP_MONTH, SP_DAY, SP_LENGTH, SP_YEARDIFF, SP_COUNT, SP_COUNTROWS, SP_DATEDIFF, SP_DAYSBETWEEN,
       SP_DAYSINYEAR, SP_DAYSINMONTH };

static char *gen_rows(int want_ds, int *out_ds, int depth);

static ex special(int code)
{
    switch (code) {
    case SP_MONTH: return EX(S("month(%s)", date_leaf().s), tnum(0, 0, true, false));
    case SP_DAY: return EX(S("day(%s)", date_leaf().s), tnum(0, 0, true, false));
    case SP_LENGTH: return EX(S("length(%s)", text_leaf().s), tnum(0, 0, true, false));
    case SP_YEARDIFF: {
        ex a = year_leaf(), b = year_leaf();
        if (chance(50)) b = EX((char *)year_param, tkind(K_YEAR));
        return EX(S("(%s - %s)", a.s, b.s), tnum(0, 0, true, false));
    }
    case SP_COUNT: return EX(S("count()"), tnum(0, 0, true, false));
    case SP_COUNTROWS: {
        /* After group by, count(rows) counts a set of its own and may read only keys. */
        int ds;
        bool saved = C.keys_only;
        if (C.level == L_GROUP && !C.in_agg) C.keys_only = true;
        char *rows = gen_rows(-1, &ds, 0);
        C.keys_only = saved;
        return EX(S("count(%s)", rows), tnum(0, 0, true, false));
    }
    case SP_DATEDIFF: return EX(S("(%s - %s)", date_leaf().s, date_leaf().s), tnum(0, 1, true, false));
    case SP_DAYSBETWEEN: return EX(S("days_between(%s, %s)", date_leaf().s, date_leaf().s), tnum(0, 1, true, false));
    case SP_DAYSINYEAR: return EX(S("days_in_year(%s)", year_leaf().s), tnum(0, 1, true, false));
    default: return EX(S("days_in_month(%s, %d)", year_leaf().s, rr(1, 12)), tnum(0, 1, true, false));
    }
}

static ex num_leaf(int m, int d, bool integ)
{
    cands cs = { 0 };
    ty want = tnum(m, d, integ, false);
    collect(&cs, want, C.level != L_GLOBAL || chance(30));
    if (m == 0 && d == 0) {
        int sp[] = { SP_MONTH, SP_DAY, SP_LENGTH, SP_YEARDIFF };
        for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++)
            cadd(&cs, (cand){ .kind = CK_SPECIAL, .code = sp[i], .w = C.simple && sp[i] == SP_LENGTH ? 0 : 1 });
        if (can_group_agg()) cadd(&cs, (cand){ .kind = CK_SPECIAL, .code = SP_COUNT, .w = 6 });
        if (can_for_agg()) cadd(&cs, (cand){ .kind = CK_SPECIAL, .code = SP_COUNTROWS, .w = 1 });
    }
    if (m == 0 && d == 1) {
        int sp[] = { SP_DATEDIFF, SP_DAYSBETWEEN, SP_DAYSINYEAR, SP_DAYSINMONTH };
        for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++)
            cadd(&cs, (cand){ .kind = CK_SPECIAL, .code = sp[i], .w = 1 });
    }
    int lit_w = cs.n ? 2 + cs.n / 8 : 1;
    cadd(&cs, (cand){ .kind = CK_SPECIAL, .code = -1, .w = lit_w });
    cand *c = cpick(&cs);
    if (c->kind == CK_SPECIAL) return c->code < 0 ? lit_num(m, d, integ) : special(c->code);
    return take(c);
}

/* A value of kind k in scope (rows' columns too when rows), or, with weight w among
** them, CK_SPECIAL: the caller's own literal. */
static cand pick_leaf(int k, bool rows, int w)
{
    cands cs = { 0 };
    collect(&cs, tkind(k), rows);
    cadd(&cs, (cand){ .kind = CK_SPECIAL, .w = w });
    return *cpick(&cs);
}

static ex year_leaf(void)
{
    cand c = pick_leaf(K_YEAR, false, 1);
    if (c.kind != CK_SPECIAL) return take(&c);
    if (chance(50)) return EX(S("year(%s)", date_leaf().s), tkind(K_YEAR));
    return EX((char *)year_param, tkind(K_YEAR));
}

static ex date_leaf(void)
{
    cand c = pick_leaf(K_DATE, false, 2);
    return c.kind == CK_SPECIAL ? EX(date_literal(), tkind(K_DATE)) : take(&c);
}

static ex text_leaf(void)
{
    cand c = pick_leaf(K_TEXT, false, 3);
    return c.kind == CK_SPECIAL ? EX(text_literal(), tkind(K_TEXT)) : take(&c);
}

static ex bool_leaf(void)
{
    cand c = pick_leaf(K_BOOL, C.level != L_GLOBAL, 1);
    return c.kind == CK_SPECIAL ? EX(S("%s", chance(50) ? "true" : "false"), tkind(K_BOOL)) : take(&c);
}

/* ------------------------------------------------------------------ rows */

/* A row of want_ds (or any dataset when -1). */
static char *gen_row(int want_ds, int *out_ds)
{
    cands cs = { 0 };
    for (int i = 0; i < C.nv; i++) {
        const var *v = &C.v[i];
        if (visible(v) && v->vc == VC_ROW && (want_ds < 0 || v->ds == want_ds))
            cadd(&cs, (cand){ .kind = CK_STR, .s = S("%s", v->name), .ds = v->ds, .w = 2 });
    }
    for (int d = 0; d < NDS; d++)
        if (want_ds < 0 || d == want_ds) cadd(&cs, (cand){ .kind = CK_LOOKUP, .ds = d, .w = d == DS_MAIN ? 3 : 4 });
    cand *c = cpick(&cs);
    *out_ds = c->ds;
    return c->kind == CK_LOOKUP ? lookup_text(c->ds) : c->s;
}

static char *year_range(void)
{
    int r = rn(100);
    if (r < 50) {
        int a = rr(2012, 2025);
        return S("%d to %d", a, a + rr(0, 4));
    }
    ex y = year_leaf();
    return S("(%s - %d) to (%s - 1)", y.s, rr(1, 3), y.s);
}

/* Rows of want_ds (any when -1); *out_ds says which. */
static char *gen_rows(int want_ds, int *out_ds, int depth)
{
    enum { G_NAME, G_PREFIX, G_RANGE, G_IDXRANGE, G_EACH, G_LET, G_N };
    int w[G_N] = { 0 };
    w[G_NAME] = 2;
    if (want_ds < 0 || want_ds == DS_MAIN) w[G_PREFIX] = 6, w[G_RANGE] = 2;
    if (want_ds < 0 || want_ds == DS_IDX) w[G_IDXRANGE] = 2;
    if (C.fornest == 0 && !C.keys_only && !C.simple && depth > 0) w[G_EACH] = 2;
    int nlets = 0;
    for (int i = 0; i < C.nv; i++)
        if (visible(&C.v[i]) && C.v[i].vc == VC_ROWS && C.v[i].vis != VS_ALL && (want_ds < 0 || C.v[i].ds == want_ds))
            nlets++;
    if (nlets) w[G_LET] = 4;
    switch (pickw(w, G_N)) {
    case G_PREFIX:
        *out_ds = DS_MAIN;
        return S("%s[%s]", DS[DS_MAIN].name, gen_idtext());
    case G_RANGE:
        *out_ds = DS_MAIN;
        return S("%s[%s, %s]", DS[DS_MAIN].name, gen_idtext(), year_range());
    case G_IDXRANGE:
        *out_ds = DS_IDX;
        return S("%s[%s]", DS[DS_IDX].name, year_range());
    case G_EACH: {
        int ds;
        char *src = gen_rows(want_ds, &ds, 0);
        const char *e = fresh("e");
        int mark = C.nv;
        push_var(e, VC_ROW, tkind(K_BOOL), ds, VS_ALL);
        C.fornest++;
        ex cond = gen_bool(depth - 1);
        C.fornest--;
        C.nv = mark;
        *out_ds = ds;
        return S("(each %s in %s where %s)", e, src, cond.s);
    }
    case G_LET: {
        int k = rn(nlets);
        for (int i = 0; i < C.nv; i++)
            if (visible(&C.v[i]) && C.v[i].vc == VC_ROWS && C.v[i].vis != VS_ALL && (want_ds < 0 || C.v[i].ds == want_ds) &&
                k-- == 0) {
                *out_ds = C.v[i].ds;
                return S("%s", C.v[i].name);
            }
        break;
    }
    default: break;
    }
    int ds = want_ds >= 0 ? want_ds : rn(NDS);
    *out_ds = ds;
    return S("%s", DS[ds].name);
}

/* ------------------------------------------------------------------ aggregates */

static const int common_dims[][2] = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 1, -1 }, { 0, -1 }, { -1, 0 }, { 1, 1 }, { 2, 0 } };
static const int common_w[] = { 30, 30, 8, 12, 3, 3, 2, 2 };

static void pick_dims(int *m, int *d)
{
    int i = pickw(common_w, 8);
    *m = common_dims[i][0];
    *d = common_dims[i][1];
}

/* sum/mean/min/max over the rows of a group: want is the result (numbers, years, dates). */
static ex group_agg(ty want, int depth)
{
    bool integ = want.k == K_NUM && want.in;
    int fn;   /* 0 sum, 1 mean, 2 min, 3 max, 4 weighted mean, 5 count */
    if (want.k != K_NUM) fn = chance(50) ? 2 : 3;
    else if (integ) fn = dimless(want) && chance(35) ? 5 : pickw((const int[]){ 5, 0, 2, 2 }, 4);
    else fn = pickw((const int[]){ 8, 5, 2, 2, 3 }, 5);
    if (fn == 5) return EX(S("count()"), tnum(0, 0, true, false));
    static const char *const names[] = { "sum", "mean", "min", "max", "mean" };
    C.in_agg = true;
    ex a = gen(want, depth - 1);
    char *s;
    if (fn == 4) {
        int wm, wd;
        pick_dims(&wm, &wd);
        ex w = gen_num(wm, wd, false, depth - 1);
        s = S("mean(%s weighted by %s)", a.s, w.s);
    } else {
        s = S("%s(%s)", names[fn], a.s);
    }
    C.in_agg = false;
    ty t = a.t;
    if (fn == 1 || fn == 4) t.in = false;
    return EX(s, t);
}

/* sum(x for v in rows where cond) and its kin. */
static ex for_agg(ty want, int depth)
{
    bool integ = want.k == K_NUM && want.in;
    int fn;   /* 0 sum, 1 mean, 2 min, 3 max, 4 weighted mean, 5 count */
    if (want.k != K_NUM) fn = chance(50) ? 2 : 3;
    else if (integ) fn = dimless(want) && chance(30) ? 5 : pickw((const int[]){ 5, 0, 2, 2 }, 4);
    else fn = pickw((const int[]){ 8, 5, 2, 2, 3 }, 5);
    int ds;
    char *rows = gen_rows(-1, &ds, 1);
    const char *m = fresh("m");
    int mark = C.nv;
    bool agg = C.in_agg;
    push_var(m, VC_ROW, tkind(K_BOOL), ds, VS_ALL);
    C.fornest++;
    ex a = fn == 5 ? gen(tkind(chance(50) ? K_TEXT : K_DATE), depth - 1) : gen(want, depth - 1);
    char *wsrc = NULL;
    if (fn == 4) {
        int wm, wd;
        pick_dims(&wm, &wd);
        wsrc = gen_num(wm, wd, false, depth - 1).s;
    }
    char *cond = chance(60) ? gen_bool(depth - 1).s : NULL;
    C.fornest--;
    C.in_agg = agg;
    C.nv = mark;
    static const char *const names[] = { "sum", "mean", "min", "max", "mean", "count" };
    char *s = S("%s(%s%s%s for %s in %s%s%s)", names[fn], a.s, wsrc ? " weighted by " : "", wsrc ? wsrc : "", m, rows,
                cond ? " where " : "", cond ? cond : "");
    if (fn == 5) return EX(s, tnum(0, 0, true, false));
    ty t = a.t;
    if (fn == 1 || fn == 4) t.in = false;
    return EX(s, t);
}

/* sum(rows.col), max(rows.col), count(rows.col): over a column of a set of rows. */
static bool list_agg(ty want, ex *out)
{
    bool integ = want.k == K_NUM && want.in;
    int opts[32][2], n = 0;
    for (int d = 0; d < NDS; d++)
        for (int c = 0; c < DS[d].ncol && n < 32; c++) {
            ty ct = ct_ty(DS[d].col[c].ct);
            if (tmatch(ct, want)) opts[n][0] = d, opts[n][1] = c, n++;
        }
    bool count = integ && dimless(want) && chance(30);
    if (!n && !count) return false;
    bool saved = C.keys_only;
    if (C.level == L_GROUP && !C.in_agg) C.keys_only = true;
    int ds, col;
    char *rows;
    if (count) {
        rows = gen_rows(-1, &ds, 0);
        col = rn(DS[ds].ncol);
        *out = EX(S("count(%s.%s)", rows, DS[ds].col[col].name), tnum(0, 0, true, false));
    } else {
        int k = rn(n);
        rows = gen_rows(opts[k][0], &ds, 0);
        col = opts[k][1];
        const char *fn;
        ty t = ct_ty(DS[ds].col[col].ct);
        if (want.k != K_NUM) fn = chance(50) ? "min" : "max";
        else if (integ) fn = chance(60) ? "sum" : chance(50) ? "min" : "max";
        else {
            static const char *const fns[] = { "sum", "sum", "mean", "min", "max" };
            fn = PICK(fns);
            if (!strcmp(fn, "mean")) t.in = false;
        }
        *out = EX(S("%s(%s.%s)", fn, rows, DS[ds].col[col].name), t);
    }
    C.keys_only = saved;
    return true;
}

/* A group let of another group: g[k1, year - 1]. */
static bool grouplet(ty want, ex *out)
{
    if (C.level != L_GROUP || C.in_agg || C.keys_only || C.nkeys == 0) return false;
    int opts[64], n = 0;
    for (int i = 0; i < C.nv; i++)
        if (C.v[i].vis == VS_GLET && C.v[i].vc == VC_SCALAR && tmatch(C.v[i].t, want) && n < 64) opts[n++] = i;
    if (!n) return false;
    const var *v = &C.v[opts[rn(n)]];
    sbuf b = { 0 };
    sb_printf(&b, "%s[", v->name);
    for (int k = 0; k < C.nkeys; k++) {
        if (k) sb_puts(&b, ", ");
        const char *kn = C.keyname[k];
        ty kt = C.keyty[k];
        int r = rn(100);
        if (kt.k == K_YEAR) {
            if (r < 50) sb_printf(&b, "(%s - 1)", kn);
            else if (r < 60) sb_printf(&b, "(%s + 1)", kn);
            else if (r < 75) sb_printf(&b, "%d", rr(2013, 2024));
            else if (r < 80) sb_printf(&b, "%s", year_param);
            else sb_puts(&b, kn);
        } else if (kt.k == K_TEXT) {
            if (r < 70) sb_puts(&b, kn);
            else sb_puts(&b, text_literal());
        } else if (kt.k == K_NUM) {
            if (r < 40) sb_printf(&b, "(%s - 1)", kn);
            else sb_puts(&b, kn);
        } else if (kt.k == K_BOOL) {
            if (r < 40) sb_printf(&b, "(not %s)", kn);
            else sb_puts(&b, kn);
        } else {
            sb_puts(&b, kn);
        }
    }
    sb_puts(&b, "]");
    *out = EX(b.p, v->t);
    return true;
}

static bool table_lookup(ty want, ex *out)
{
    int opts[4], n = 0;
    for (int i = 0; i < ntables; i++)
        if (tmatch(tables[i].out, want)) opts[n++] = i;
    if (!n) return false;
    const table *t = &tables[opts[rn(n)]];
    sbuf b = { 0 };
    sb_printf(&b, "%s[", t->name);
    for (int k = 0; k < t->nin; k++) {
        if (k) sb_puts(&b, ", ");
        if (t->in[k].k == K_YEAR) sb_puts(&b, chance(85) ? year_leaf().s : S("%d", rr(2014, 2024)));
        else if (t->in[k].k == K_TEXT) sb_puts(&b, text_leaf().s);
        else if (t->in[k].k == K_DATE) sb_puts(&b, date_leaf().s);
        else sb_puts(&b, num_leaf(t->in[k].m, t->in[k].d, false).s);
    }
    sb_puts(&b, "]");
    *out = EX(b.p, t->out);
    return true;
}

/* ------------------------------------------------------------------ numbers */

static bool dims_ok(int m, int d)
{
    return m >= -2 && m <= 2 && d >= -2 && d <= 2;
}

static ex gen_num(int m, int d, bool integ, int depth)
{
    if (depth <= 0) return num_leaf(m, d, integ);
    bool dl = m == 0 && d == 0;
    enum { P_LEAF, P_ADD, P_MUL, P_DIV, P_NEG, P_ROUND, P_ABS, P_MINMAX, P_IF, P_OTHER, P_POW, P_GAGG, P_FAGG,
           P_LAGG, P_TABLE, P_DEF, P_GLET, P_N };
    int w[P_N] = { 0 };
    w[P_LEAF] = 22;
    w[P_ADD] = 12;
    w[P_MUL] = integ ? 5 : 12;
    w[P_DIV] = integ || (C.simple && C.in_agg) ? 0 : 9;   /* the JIT sums decimals only */
    w[P_NEG] = 2;
    w[P_ROUND] = integ ? (dl ? 4 : 0) : 7;
    w[P_ABS] = 2;
    w[P_MINMAX] = 4;
    w[P_IF] = 5;
    w[P_OTHER] = 4;
    w[P_POW] = dl && !integ ? 3 : 0;
    w[P_GAGG] = can_group_agg() ? 30 : 0;
    w[P_FAGG] = can_for_agg() ? 3 : 0;
    w[P_LAGG] = can_for_agg() ? 3 : 0;
    w[P_TABLE] = ntables && !C.simple ? 3 : 0;
    w[P_DEF] = 4;
    w[P_GLET] = C.level == L_GROUP && !C.in_agg ? 8 : 0;
    for (int tries = 0; tries < 8; tries++) {
        int p = pickw(w, P_N);
        ex r;
        switch (p) {
        case P_ADD: {
            ex a = gen_num(m, d, integ, depth - 1), b = gen_num(m, d, integ, depth - 1);
            return EX(S("(%s %s %s)", a.s, chance(50) ? "+" : "-", b.s), tnum(m, d, a.t.in && b.t.in, a.t.pc && b.t.pc));
        }
        case P_MUL: {
            int am, ad;
            if (integ) am = 0, ad = 0;
            else pick_dims(&am, &ad);
            if (!dims_ok(m - am, d - ad)) continue;
            ex a = gen_num(am, ad, integ, depth - 1), b = gen_num(m - am, d - ad, integ, depth - 1);
            if (chance(50)) {
                ex t = a;
                a = b;
                b = t;
            }
            return EX(S("(%s * %s)", a.s, b.s), tnum(m, d, a.t.in && b.t.in, dl && (a.t.pc || b.t.pc)));
        }
        case P_DIV: {
            int am, ad;
            pick_dims(&am, &ad);
            if (!dims_ok(am - m, ad - d)) continue;
            ex a = gen_num(am, ad, false, depth - 1), b = gen_num(am - m, ad - d, false, depth - 1);
            return EX(S("(%s / %s)", a.s, b.s), tnum(m, d, false, dl && a.t.pc && !b.t.pc));
        }
        case P_NEG: {
            ex a = gen_num(m, d, integ, depth - 1);
            return EX(S("(-%s)", a.s), a.t);
        }
        case P_ROUND: {
            static const char *const fns[] = { "round", "round", "round_down", "round_up" };
            const char *fn = PICK(fns);
            if (integ) {
                ex a = gen_num(0, 0, false, depth - 1);
                if (a.t.pc) continue;
                return EX(S("%s(%s)", fn, a.s), tnum(0, 0, true, false));
            }
            int style = rn(100);
            if (style < 12 && use_stdlib_money) {
                static const char *const defs[] = { "to_øre", "to_kroner", "down_to_øre" };
                ex a = gen_num(m, d, false, depth - 1);
                return EX(S("%s(%s)", PICK(defs), a.s), tnum(m, d, false, a.t.pc));
            }
            ex a = gen_num(m, d, false, depth - 1);
            if (style < 55) return EX(S("%s(%s)", fn, a.s), tnum(m, d, dl && !a.t.pc, a.t.pc));
            static const int decs[] = { 0, 1, 2, 2, 3, 4, 6, -1, -2, -3, 18, -18 };
            int dec = PICK(decs);
            if (C.simple && dec < 0) dec = -dec;   /* the JIT rounds to 0..18 decimals */
            return EX(S("%s(%s, %d)", fn, a.s, dec), tnum(m, d, false, a.t.pc));
        }
        case P_ABS: {
            ex a = gen_num(m, d, integ, depth - 1);
            return EX(S("abs(%s)", a.s), a.t);
        }
        case P_MINMAX: return gen_minmax(tnum(m, d, integ, false), depth);
        case P_IF: return gen_if(tnum(m, d, integ, false), depth);
        case P_OTHER: return gen_otherwise(tnum(m, d, integ, false), depth);
        case P_POW: {
            ex a = gen_num(0, 0, false, depth - 1);
            char *e;
            int style = rn(100);
            if (style < 60 || C.simple) e = S("%d", C.simple ? rr(0, 4) : rr(-2, 4));
            else if (style < 85) e = special(SP_YEARDIFF).s;
            else e = gen_num(0, 0, true, depth - 1).s;
            return EX(S("(%s ^ %s)", a.s, e), tnum(0, 0, false, false));
        }
        case P_GAGG:
            return group_agg(tnum(m, d, integ, false), depth);
        case P_FAGG:
            return for_agg(tnum(m, d, integ, false), depth);
        case P_LAGG:
            if (list_agg(tnum(m, d, integ, false), &r)) return r;
            continue;
        case P_TABLE:
            if (table_lookup(tnum(m, d, integ, false), &r)) return r;
            continue;
        case P_GLET:
            if (grouplet(tnum(m, d, integ, false), &r)) return r;
            continue;
        case P_DEF: {
            int k = rn(5);
            if (C.simple && C.in_agg && k != 0 && k != 4) continue;   /* indexed, shares: fractions */
            if (integ) k = 0;
            if (k == 0) {
                ex a = gen_num(m, d, integ, depth - 1), lo = gen_num(m, d, integ, depth - 1),
                   hi = gen_num(m, d, integ, depth - 1);
                return EX(S("f_clamp(%s, %s, %s)", a.s, lo.s, hi.s), tunify(tunify(a.t, lo.t), hi.t));
            }
            if (k == 1 && use_stdlib_index) {
                ex a = gen_num(m, d, false, depth - 1);
                ex f = gen_num(0, 0, false, depth - 1), t = gen_num(0, 0, false, depth - 1);
                if (chance(50)) {
                    int y = rr(2013, 2025);
                    f = EX(S("f_pl(%d)", y), tnum(0, 0, false, false));
                    t = EX(S("f_pl(%s)", year_leaf().s), tnum(0, 0, false, false));
                }
                return EX(S("indexed(%s, %s, %s)", a.s, f.s, t.s), tnum(m, d, false, a.t.pc));
            }
            if (k == 2 && dl && use_stdlib_index) {
                int am, ad;
                pick_dims(&am, &ad);
                ex a = gen_num(am, ad, false, depth - 1), b = gen_num(am, ad, false, depth - 1);
                return EX(S("excess_share(%s, %s)", a.s, b.s), tnum(0, 0, false, false));
            }
            if (k == 3 && dl) {
                int am, ad;
                pick_dims(&am, &ad);
                ex a = gen_num(am, ad, false, depth - 1), b = gen_num(am, ad, false, depth - 1);
                return EX(S("f_share(%s, %s)", a.s, b.s), tnum(0, 0, false, true));
            }
            if (k == 4 && dl) return EX(S("f_pl(%s)", gen_year(depth - 1).s), tnum(0, 0, false, false));
            continue;
        }
        default:
            return num_leaf(m, d, integ);
        }
    }
    return num_leaf(m, d, integ);
}

/* ------------------------------------------------------------------ other kinds */

static ex gen_year(int depth)
{
    if (depth <= 0) return year_leaf();
    enum { P_LEAF, P_ADD, P_SUB, P_MINMAX, P_IF, P_OTHER, P_GAGG, P_FAGG, P_LAGG, P_GLET, P_TABLE, P_N };
    int w[P_N] = { 30, 8, 8, 4, 3, 3, can_group_agg() ? 10 : 0, can_for_agg() ? 2 : 0, can_for_agg() ? 2 : 0,
                   C.level == L_GROUP ? 4 : 0, 0 };
    for (int tries = 0; tries < 6; tries++) {
        ex r;
        switch (pickw(w, P_N)) {
        case P_ADD:
        case P_SUB: {
            ex a = gen_year(depth - 1);
            char *k = chance(70) ? S("%d", rr(0, 3)) : gen_num(0, 0, true, depth - 1).s;
            return EX(S("(%s %s %s)", a.s, chance(50) ? "+" : "-", k), tkind(K_YEAR));
        }
        case P_MINMAX: return gen_minmax(tkind(K_YEAR), depth);
        case P_IF: return gen_if(tkind(K_YEAR), depth);
        case P_OTHER: return gen_otherwise(tkind(K_YEAR), depth);
        case P_GAGG: return group_agg(tkind(K_YEAR), depth);
        case P_FAGG: return for_agg(tkind(K_YEAR), depth);
        case P_LAGG:
            if (list_agg(tkind(K_YEAR), &r)) return r;
            continue;
        case P_GLET:
            if (grouplet(tkind(K_YEAR), &r)) return r;
            continue;
        default: return year_leaf();
        }
    }
    return year_leaf();
}

static ex gen_date(int depth)
{
    if (depth <= 0) return date_leaf();
    enum { P_LEAF, P_ADD, P_SUB, P_ADDM, P_EOM, P_DATE, P_MINMAX, P_IF, P_OTHER, P_GAGG, P_FAGG, P_LAGG, P_GLET,
           P_TABLE, P_N };
    int w[P_N] = { 30, 8, 5, 4, 3, 3, 3, 3, 3, can_group_agg() ? 8 : 0, can_for_agg() ? 2 : 0,
                   can_for_agg() ? 2 : 0, C.level == L_GROUP ? 3 : 0, ntables && !C.simple ? 1 : 0 };
    for (int tries = 0; tries < 6; tries++) {
        ex r;
        switch (pickw(w, P_N)) {
        case P_ADD: {
            ex a = gen_date(depth - 1), n = gen_num(0, 1, true, depth - 1);
            return chance(80) ? EX(S("(%s + %s)", a.s, n.s), tkind(K_DATE)) : EX(S("(%s + %s)", n.s, a.s), tkind(K_DATE));
        }
        case P_SUB: {
            ex a = gen_date(depth - 1), n = gen_num(0, 1, true, depth - 1);
            return EX(S("(%s - %s)", a.s, n.s), tkind(K_DATE));
        }
        case P_ADDM: {
            ex a = gen_date(depth - 1);
            char *n = chance(60) ? S("%d", rr(-24, 24)) : chance(50) ? S("%d months", rr(0, 30)) : gen_num(0, 0, true, depth - 1).s;
            return EX(S("add_months(%s, %s)", a.s, n), tkind(K_DATE));
        }
        case P_EOM: return EX(S("end_of_month(%s)", gen_date(depth - 1).s), tkind(K_DATE));
        case P_DATE: {
            ex y = gen_year(depth - 1);
            char *mo = chance(80) ? S("%d", rr(1, 12)) : gen_num(0, 0, true, depth - 1).s;
            return EX(S("date(%s, %s, %d)", y.s, mo, chance(70) ? rr(1, 28) : rr(29, 31)), tkind(K_DATE));
        }
        case P_MINMAX: return gen_minmax(tkind(K_DATE), depth);
        case P_IF: return gen_if(tkind(K_DATE), depth);
        case P_OTHER: return gen_otherwise(tkind(K_DATE), depth);
        case P_GAGG: return group_agg(tkind(K_DATE), depth);
        case P_FAGG: return for_agg(tkind(K_DATE), depth);
        case P_LAGG:
            if (list_agg(tkind(K_DATE), &r)) return r;
            continue;
        case P_GLET:
            if (grouplet(tkind(K_DATE), &r)) return r;
            continue;
        case P_TABLE:
            if (table_lookup(tkind(K_DATE), &r)) return r;
            continue;
        default: return date_leaf();
        }
    }
    return date_leaf();
}

static ty random_scalar_type(void)
{
    int r = rn(100);
    if (r < 55) {
        int m, d;
        pick_dims(&m, &d);
        return tnum(m, d, false, false);
    }
    if (r < 72) return tkind(K_TEXT);
    if (r < 82) return tkind(K_YEAR);
    if (r < 92) return tkind(K_DATE);
    return tkind(K_BOOL);
}

/* "text {value} text": an interpolated string. */
static ex interpolation(int depth)
{
    sbuf b = { 0 };
    sb_puts(&b, "\"");
    int n = rr(1, 3);
    bool saved = C.in_text;
    for (int i = 0; i < n; i++) {
        if (chance(80)) sb_printf(&b, "%s ", plain_words());
        if (chance(10)) sb_puts(&b, "{{");
        C.in_text = true;
        ex v = gen(random_scalar_type(), depth - 1);
        C.in_text = saved;
        sb_printf(&b, "{%s}", v.s);
        if (chance(10)) sb_puts(&b, "}}");
        if (chance(30)) sb_puts(&b, " ");
    }
    if (chance(50)) sb_printf(&b, " %s", plain_words());
    sb_puts(&b, "\"");
    return EX(b.p, tkind(K_TEXT));
}

static ex gen_text(int depth)
{
    if (depth <= 0) return text_leaf();
    enum { P_LEAF, P_INTERP, P_IF, P_OTHER, P_DEF, P_GLET, P_TABLE, P_N };
    int w[P_N] = { 40, C.in_text ? 0 : 12, 6, 5, 3, C.level == L_GROUP ? 3 : 0, ntables ? 2 : 0 };
    if (C.simple) w[P_INTERP] = w[P_IF] = w[P_OTHER] = w[P_DEF] = w[P_TABLE] = 0;
    for (int tries = 0; tries < 6; tries++) {
        ex r;
        switch (pickw(w, P_N)) {
        case P_INTERP: return interpolation(depth);
        case P_IF: return gen_if(tkind(K_TEXT), depth);
        case P_OTHER: return gen_otherwise(tkind(K_TEXT), depth);
        case P_DEF: {
            ex a = gen_text(depth - 1), b = gen(random_scalar_type(), depth - 1);
            return EX(S("f_lbl(%s, %s)", a.s, b.s), tkind(K_TEXT));
        }
        case P_GLET:
            if (grouplet(tkind(K_TEXT), &r)) return r;
            continue;
        case P_TABLE:
            if (table_lookup(tkind(K_TEXT), &r)) return r;
            continue;
        default: return text_leaf();
        }
    }
    return text_leaf();
}

static const char *cmp_op(bool ordered)
{
    static const char *const all[] = { "=", "!=", "<", "<=", ">", ">=", "≤", "≥", "≠" };
    static const char *const eq[] = { "=", "!=", "=", "≠" };
    return ordered ? PICK(all) : PICK(eq);
}

static ex gen_bool(int depth)
{
    enum { B_LEAF, B_CMPNUM, B_CMPYEAR, B_CMPDATE, B_CMPTEXT, B_CMPBOOL, B_EXISTS, B_INRANGE, B_INLIST, B_INCOL,
           B_AND, B_OR, B_NOT, B_IF, B_OTHER, B_DEF, B_GLET, B_N };
    int w[B_N] = { 6, 28, 7, 5, 8, 2, 8, 6, 6, 3, 8, 6, 4, 2, 2, 1, C.level == L_GROUP ? 2 : 0 };
    if (depth <= 0) w[B_AND] = w[B_OR] = w[B_NOT] = w[B_IF] = w[B_OTHER] = 0;
    int sub = depth > 0 ? depth - 1 : 0;
    for (int tries = 0; tries < 6; tries++) {
        ex r;
        switch (pickw(w, B_N)) {
        case B_CMPNUM: {
            int m, d;
            pick_dims(&m, &d);
            ex a = gen_num(m, d, false, sub), b = chance(40) ? num_leaf(m, d, false) : gen_num(m, d, false, sub);
            return EX(S("(%s %s %s)", a.s, cmp_op(true), b.s), tkind(K_BOOL));
        }
        case B_CMPYEAR: {
            ex a = gen_year(sub);
            char *b = chance(50) ? S("%d", rr(2013, 2025)) : gen_year(sub).s;
            return EX(S("(%s %s %s)", a.s, cmp_op(true), b), tkind(K_BOOL));
        }
        case B_CMPDATE: {
            ex a = gen_date(sub), b = gen_date(sub);
            return EX(S("(%s %s %s)", a.s, cmp_op(true), b.s), tkind(K_BOOL));
        }
        case B_CMPTEXT: {
            ex a = gen_text(sub), b = chance(50) ? EX(text_literal(), tkind(K_TEXT)) : gen_text(sub);
            return EX(S("(%s %s %s)", a.s, cmp_op(!C.simple && chance(20)), b.s), tkind(K_BOOL));
        }
        case B_CMPBOOL: {
            ex a = gen_bool(sub), b = gen_bool(sub);
            return EX(S("(%s %s %s)", a.s, cmp_op(false), b.s), tkind(K_BOOL));
        }
        case B_EXISTS: {
            int k = rn(100);
            char *x;
            if (k < 25) {
                int ds;
                x = gen_row(-1, &ds);
            } else if (k < 35 && can_for_agg()) {
                int ds;
                x = gen_rows(-1, &ds, sub);
            } else {
                x = gen(random_scalar_type(), sub).s;
            }
            if (chance(30)) return EX(S("(not %s exists)", x), tkind(K_BOOL));
            return EX(S("(%s exists)", x), tkind(K_BOOL));
        }
        case B_INRANGE: {
            int k = rn(3);
            if (k == 0) {
                int m, d;
                pick_dims(&m, &d);
                ex x = gen_num(m, d, false, sub), lo = num_leaf(m, d, false), hi = num_leaf(m, d, false);
                return EX(S("(%s in %s to %s)", x.s, lo.s, hi.s), tkind(K_BOOL));
            }
            if (k == 1) {
                ex x = gen_year(sub);
                return EX(S("(%s in %s)", x.s, year_range()), tkind(K_BOOL));
            }
            ex x = gen_date(sub), lo = date_leaf(), hi = date_leaf();
            return EX(S("(%s in %s to %s)", x.s, lo.s, hi.s), tkind(K_BOOL));
        }
        case B_INLIST: {
            int k = rn(4), n = rr(2, 4);
            sbuf b = { 0 };
            char *x;
            if (k == 0) {
                x = gen_text(sub).s;
                for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? ", " : "", text_literal());
            } else if (k == 1) {
                x = gen_year(sub).s;
                for (int i = 0; i < n; i++) sb_printf(&b, "%s%d", i ? ", " : "", rr(2013, 2025));
            } else if (k == 2) {
                x = gen_num(0, 0, true, sub).s;
                for (int i = 0; i < n; i++) sb_printf(&b, "%s%d", i ? ", " : "", rr(-1, 12));
            } else {
                x = gen_num(1, 0, false, sub).s;
                for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? ", " : "", money_literal());
            }
            return EX(S("(%s in (%s))", x, b.p), tkind(K_BOOL));
        }
        case B_INCOL: {
            if (!can_for_agg()) continue;
            int ds, c;
            char *rows = gen_rows(-1, &ds, 0);
            c = rn(DS[ds].ncol);
            ty ct = ct_ty(DS[ds].col[c].ct);
            if (ct.k == K_BOOL) continue;
            ex x = gen(ct.k == K_NUM ? tnum(ct.m, ct.d, false, false) : ct, sub);
            return EX(S("(%s in %s.%s)", x.s, rows, DS[ds].col[c].name), tkind(K_BOOL));
        }
        case B_AND:
        case B_OR: {
            ex a = gen_bool(depth - 1), b = gen_bool(depth - 1);
            return EX(S("(%s %s %s)", a.s, rn(2) ? "and" : "or", b.s), tkind(K_BOOL));
        }
        case B_NOT: return EX(S("(not %s)", gen_bool(depth - 1).s), tkind(K_BOOL));
        case B_IF: {
            ex c = gen_bool(depth - 1), a = gen_bool(depth - 1), b = gen_bool(depth - 1);
            return EX(S("(if %s then %s else %s)", c.s, a.s, b.s), tkind(K_BOOL));
        }
        case B_OTHER: {
            ex a = gen_bool(depth - 1), b = gen_bool(depth - 1);
            return EX(S("(%s otherwise %s)", a.s, b.s), tkind(K_BOOL));
        }
        case B_DEF: return EX(S("f_big(%s)", gen_num(1, 0, false, sub).s), tkind(K_BOOL));
        case B_GLET:
            if (grouplet(tkind(K_BOOL), &r)) return r;
            continue;
        default: return bool_leaf();
        }
    }
    return bool_leaf();
}

static ex gen(ty want, int depth)
{
    switch (want.k) {
    case K_NUM: return gen_num(want.m, want.d, want.in, depth);
    case K_BOOL: return gen_bool(depth);
    case K_YEAR: return gen_year(depth);
    case K_DATE: return gen_date(depth);
    default: return gen_text(depth);
    }
}

/* A condition on the data in scope: a column, let or key compared with a literal, a
** range or a list, or with another value of its type; true for some rows, not all. */
static ex data_cond(void)
{
    cands cs = { 0 };
    for (int i = 0; i < C.nv; i++) {
        const var *v = &C.v[i];
        if (!visible(v) || v->vis == VS_ALL) continue;
        if (v->vc == VC_SCALAR) cadd(&cs, (cand){ .kind = CK_STR, .s = S("%s", v->name), .t = v->t, .w = 2, .code = -1 });
        if (v->vc == VC_ROW) {
            const dataset *ds = &DS[v->ds];
            for (int c = 0; c < ds->ncol; c++)
                cadd(&cs, (cand){ .kind = CK_STR, .s = S("%s.%s", v->name, ds->col[c].name), .t = ct_ty(ds->col[c].ct),
                                  .w = 3, .code = ds->col[c].role });
        }
    }
    cand *c = cpick(&cs);
    if (!c) return gen_bool(1);
    ex x = EX(c->s, c->t);
    int r = rn(100);
    if (r < 8) return EX(S("(%s exists)", x.s), tkind(K_BOOL));
    if (r < 12) return EX(S("(not %s exists)", x.s), tkind(K_BOOL));
    switch (x.t.k) {
    case K_BOOL: return r < 60 ? x : EX(S("(not %s)", x.s), x.t);
    case K_TEXT: {
        /* literals of the column's kind: ids for ids, categories for categories */
        const char *l1 = c->code == R_ID ? id_literal() : c->code == R_CAT ? S("\"%s\"", cats[rn(ncats)]) : text_literal();
        const char *l2 = c->code == R_ID ? id_literal() : c->code == R_CAT ? S("\"%s\"", cats[rn(ncats)]) : text_literal();
        if (r < 50) return EX(S("(%s %s %s)", x.s, chance(70) ? "=" : "!=", l1), tkind(K_BOOL));
        if (r < 75) return EX(S("(%s in (%s, %s))", x.s, l1, l2), tkind(K_BOOL));
        return EX(S("(%s %s %s)", x.s, cmp_op(!C.simple), text_leaf().s), tkind(K_BOOL));
    }
    case K_YEAR:
        if (r < 60) return EX(S("(%s %s %d)", x.s, cmp_op(true), rr(2014, 2024)), tkind(K_BOOL));
        return EX(S("(%s in %s)", x.s, year_range()), tkind(K_BOOL));
    case K_DATE:
        if (r < 60) return EX(S("(%s %s %s)", x.s, cmp_op(true), date_literal()), tkind(K_BOOL));
        return EX(S("(%s in %s to %s)", x.s, date_literal(), date_leaf().s), tkind(K_BOOL));
    default: {
        static const char *const ops[] = { "<", "<=", ">", ">=", "!=", "<", ">" };
        ex lit = r < 70 ? num_leaf(x.t.m, x.t.d, false) : lit_num(x.t.m, x.t.d, false);
        if (chance(20)) return EX(S("(%s in %s to %s)", x.s, lit.s, num_leaf(x.t.m, x.t.d, false).s), tkind(K_BOOL));
        return EX(S("(%s %s %s)", x.s, PICK(ops), lit.s), tkind(K_BOOL));
    }
    }
}

/* A condition for `where`: random conditions drop most rows (an empty value drops a row
** too), so most are turned into ones that let the undecided rows through. */
static ex data_cond(void);

static ex filter_cond(int depth)
{
    if (chance(50)) return data_cond();
    ex c = gen_bool(depth);
    switch (pickw((const int[]){ 35, 30, 25, 10 }, 4)) {
    case 1: return EX(S("(%s otherwise true)", c.s), c.t);
    case 2: return EX(S("(not (%s otherwise false))", c.s), c.t);
    case 3: return EX(S("(%s or true)", c.s), c.t);
    default: return c;
    }
}

/* ------------------------------------------------------------------ outputs */

typedef struct output {
    const char *name;
    int nf;
    const char *fname[6];
    ty ft[6];
} output;

static output outs[24];
static int nouts;

static bool same_type(ty a, ty b)
{
    if (a.k != b.k) return false;
    return a.k != K_NUM || (a.m == b.m && a.d == b.d);
}

/* emit OUT (fields): a new output, or one emitted before with the same columns. */
static void gen_emit(sbuf *b, int depth)
{
    output *o;
    bool reuse = nouts > 0 && chance(30);
    if (reuse) {
        o = &outs[rn(nouts)];
    } else {
        if (nouts == (int)(sizeof outs / sizeof outs[0])) {
            o = &outs[rn(nouts)];
            reuse = true;
        } else {
            o = &outs[nouts++];
            o->name = S("%s%d", chance(50) ? "ud_" : "out_", nouts);
            o->nf = rr(1, 5);
            for (int i = 0; i < o->nf; i++) {
                o->fname[i] = S("%s%d", chance(50) ? "c" : "kolonne_", i + 1);
                o->ft[i] = random_scalar_type();
            }
        }
    }
    sb_printf(b, "  emit %s (", o->name);
    for (int i = 0; i < o->nf; i++) {
        ex v = gen(o->ft[i], depth);
        if (!same_type(v.t, o->ft[i])) {
            fprintf(stderr, "diffgen: internal error: emit type\n");
            exit(2);
        }
        sb_printf(b, "%s%s: %s", i ? ", " : "", o->fname[i], v.s);
    }
    sb_puts(b, ")\n");
}

/* ------------------------------------------------------------------ blocks and rules */

static const char *const check_word[] = { "require", "aim", "flag" };
static const char *const rule_word[] = { "requirement", "target", "info" };

static void gen_message(sbuf *b, int depth)
{
    sbuf m = { 0 };
    int n = rr(0, 3);
    sb_puts(&m, "\"");
    sb_puts(&m, plain_words());
    for (int i = 0; i < n; i++) {
        C.in_text = true;
        ex v = gen(random_scalar_type(), depth);
        C.in_text = false;
        sb_printf(&m, " {%s}", v.s);
        if (chance(50)) sb_printf(&m, " %s", plain_words());
    }
    if (chance(15)) sb_puts(&m, " \\\"slut\\\" {{ok}}");
    sb_puts(&m, "\"");
    sb_printf(b, "  message %s\n", m.p);
}

/* A block: for VAR in SOURCE, clauses, maybe group by, a check and/or emits. */
static void gen_block(sbuf *b, int sev, bool force)
{
    C.nv = C.nglobal;
    C.level = L_GLOBAL;
    C.in_agg = C.keys_only = C.in_text = false;
    C.fornest = 0;
    C.nkeys = 0;
    /* Half the blocks keep to what the JIT compiles today (runtime/jit_gen.c: no sets of
    ** rows, no aggregates over them, no interpolated or ordered texts, no tables, no
    ** allocate, joins on a full key, decimals in group sums, emits only at group level),
    ** so that it decides their rows itself; the other half use the whole language. */
    C.simple = chance(50);
    int ds = force ? DS_MAIN : pickw((const int[]){ 65, 25, 10 }, 3);
    char *src;
    int r = C.simple ? 0 : rn(100);
    if (r < 72) {
        src = S("%s", DS[ds].name);
    } else if (r < 86) {
        const char *e = fresh("e");
        int mark = C.nv;
        push_var(e, VC_ROW, tkind(K_BOOL), ds, VS_ALL);
        C.fornest++;
        ex cond = filter_cond(1);
        C.fornest--;
        C.nv = mark;
        src = S("(each %s in %s where %s)", e, DS[ds].name, cond.s);
    } else if (ds == DS_MAIN) {
        src = chance(50) ? S("%s[%s]", DS[ds].name, id_literal())
                         : S("%s[%s, %d to %d]", DS[ds].name, id_literal(), rr(2013, 2018), rr(2018, 2025));
    } else if (ds == DS_IDX) {
        src = S("%s[%d to %d]", DS[ds].name, rr(2010, 2018), rr(2016, 2027));
    } else {
        src = S("%s", DS[ds].name);
    }
    C.level = L_ROW;
    if (C.simple) sb_puts(b, "  # within what the JIT compiles\n");
    const char *rowvar = DS[ds].var;
    push_var(rowvar, VC_ROW, tkind(K_BOOL), ds, VS_ROW);
    sb_printf(b, "  for %s in %s", rowvar, src);
    if (chance(30)) sb_printf(b, " where %s", filter_cond(rr(0, 2)).s);
    sb_puts(b, "\n");

    bool has_emit = false, has_check = false, allocated = false;
    int nclauses = rr(0, 5), njoins = 0;
    for (int i = 0; i < nclauses; i++) {
        int k = C.simple ? pickw((const int[]){ 15, 42, 10, 0, 10, 0, 0 }, 7)
                         : pickw((const int[]){ 15, 42, 10, 8, 10, 6, 5 }, 7);
        int depth = rr(1, 4);
        if (k == 0) {
            sb_printf(b, "  where %s\n", filter_cond(depth).s);
        } else if (k == 1) {
            const char *name = fresh("v");
            ex v = gen(random_scalar_type(), depth);
            sb_printf(b, "  let %s = %s\n", name, v.s);
            push_var(name, VC_SCALAR, v.t, -1, VS_ROW);
        } else if (k == 2) {
            const char *name = fresh("rw");
            int rds;
            char *row = gen_row(-1, &rds);
            sb_printf(b, "  let %s = %s\n", name, row);
            push_var(name, VC_ROW, tkind(K_BOOL), rds, VS_ROW);
        } else if (k == 3) {
            const char *name = fresh("rs");
            int rds;
            char *rows = gen_rows(-1, &rds, 2);
            sb_printf(b, "  let %s = %s\n", name, rows);
            push_var(name, VC_ROWS, tkind(K_BOOL), rds, VS_ROW);
        } else if (k == 4 && njoins < 2) {
            njoins++;
            const char *j = fresh("j");
            int jds = pickw((const int[]){ 4, 4, 3 }, 3);
            char *on;
            const char *jsrc = DS[jds].name;
            if (jds == DS_DIM) {
                on = S("%s.%s = %s", j, id_col(DS_DIM), gen_idtext());
            } else if (jds == DS_IDX) {
                on = chance(80) || C.simple ? S("%s.%s = %s", j, year_col(DS_IDX), gen_keyyear())
                                : S("%s.%s > %s", j, DS[DS_IDX].col[1].name, lit_num(0, 0, false).s);
            } else {
                /* the full key of main, or its leading column, or a set of rows */
                char *id = gen_idtext();
                if (chance(70) || C.simple) on = S("%s.%s = %s and %s.%s = %s", j, id_col(DS_MAIN), id, j, year_col(DS_MAIN), gen_keyyear());
                else on = S("%s = %s.%s", id, j, id_col(DS_MAIN));
                if (chance(20) && !C.simple) {
                    int rds;
                    jsrc = gen_rows(DS_MAIN, &rds, 0);
                }
            }
            push_var(j, VC_ROW, tkind(K_BOOL), jds, VS_ROW);
            if (chance(30)) on = S("%s and %s", on, gen_bool(1).s);
            sb_printf(b, "  join %s in %s on %s\n", j, jsrc, on);
        } else if (k == 5) {
            gen_emit(b, rr(0, 2));
            has_emit = true;
        } else if (k == 6 && !allocated) {
            /* allocate TOTAL among a in ROWS by SHARE as part: money (whole øre, or an
            ** error) or a whole number, split by the largest remainder. Small sets only:
            ** the rest of the block runs once for each of their rows. */
            allocated = true;
            const char *a = fresh("a"), *part = fresh("del");
            bool money = chance(75);
            ex total = money ? gen_num(1, 0, false, rr(0, 2)) : gen_num(0, 0, true, rr(0, 2));
            char *tot = money && chance(80) ? S("round(%s)", total.s) : total.s;
            int rds, cat = col_of_role(&DS[DS_DIM], R_CAT);
            char *rows;
            int kind = rn(100);
            if (kind < 35) {
                rows = S("%s", DS[DS_IDX].name), rds = DS_IDX;
            } else if (kind < 60) {
                rows = S("%s[%s]", DS[DS_MAIN].name, gen_idtext()), rds = DS_MAIN;
            } else if (kind < 85 && cat >= 0) {
                const char *e = fresh("e");
                rows = S("(each %s in %s where %s.%s = %s)", e, DS[DS_DIM].name, e, DS[DS_DIM].col[cat].name, text_leaf().s);
                rds = DS_DIM;
            } else {
                rows = S("%s[%d to %d]", DS[DS_IDX].name, rr(2012, 2020), rr(2018, 2026)), rds = DS_IDX;
            }
            push_var(a, VC_ROW, tkind(K_BOOL), rds, VS_ROW);
            /* shares: a number of the allocated rows, sometimes zero, empty or negative */
            char *share;
            int sc = -1;
            for (int c = 0; c < DS[rds].ncol && sc < 0; c++)
                if (DS[rds].col[c].ct == CT_INT || DS[rds].col[c].role == R_INDEX) sc = c;
            if (sc >= 0 && chance(70)) share = S("%s.%s", a, DS[rds].col[sc].name);
            else share = gen_num(0, 0, false, 1).s;
            if (chance(50)) share = S("abs(%s)", share);
            sb_printf(b, "  allocate %s among %s in %s by %s as %s\n", tot, a, rows, share, part);
            push_var(part, VC_SCALAR, money ? tnum(1, 0, false, false) : tnum(0, 0, true, false), -1, VS_ROW);
        }
    }

    if (chance(40)) {
        /* group by */
        cands keys = { 0 };
        for (int i = 0; i < C.nv; i++) {
            const var *v = &C.v[i];
            if (v->vis != VS_ROW || !visible(v)) continue;
            if (v->vc == VC_SCALAR && !C.simple && (v->t.k == K_TEXT || v->t.k == K_YEAR || v->t.k == K_BOOL || plain_int(v->t)))
                cadd(&keys, (cand){ .kind = CK_STR, .s = S("%s", v->name), .t = v->t, .w = 2 });
            if (v->vc != VC_ROW) continue;
            const dataset *d = &DS[v->ds];
            for (int c = 0; c < d->ncol; c++) {
                int role = d->col[c].role, ct = d->col[c].ct;
                if (role == R_CAT || role == R_ID || role == R_YEAR || ct == CT_BOOL || role == R_WEIGHT)
                    cadd(&keys, (cand){ .kind = CK_STR, .s = S("%s.%s", v->name, d->col[c].name), .t = ct_ty(ct),
                                        .w = role == R_CAT || role == R_YEAR ? 6 : 2 });
                if (ct == CT_DATE) {
                    cadd(&keys, (cand){ .kind = CK_SPECIAL, .s = S("year(%s.%s)", v->name, d->col[c].name),
                                        .t = tkind(K_YEAR), .w = 3 });
                    cadd(&keys, (cand){ .kind = CK_SPECIAL, .s = S("month(%s.%s)", v->name, d->col[c].name),
                                        .t = tnum(0, 0, true, false), .w = 1 });
                }
            }
        }
        int nk = chance(10) ? 0 : pickw((const int[]){ 0, 55, 35, 10 }, 4);
        sbuf g = { 0 };
        const char *names[3];
        ty types[3];
        int got = 0;
        for (int i = 0; i < nk && keys.n; i++) {
            cand *c = cpick(&keys);
            /* the name a key gets without `as`: the column's or the let's */
            const char *derived = NULL;
            if (c->kind == CK_STR && strchr(c->s, '.')) derived = strchr(c->s, '.') + 1;
            bool clash = derived == NULL;
            for (int k = 0; k < got && !clash; k++) clash = !strcmp(names[k], derived);
            for (int k = 0; k < C.nv && !clash; k++) clash = !strcmp(C.v[k].name, derived);
            const char *name;
            if (clash || chance(25)) {
                name = fresh("k");
                sb_printf(&g, "%s%s as %s", got ? ", " : "", c->s, name);
            } else {
                name = derived;
                sb_printf(&g, "%s%s", got ? ", " : "", c->s);
            }
            bool dup = false;
            for (int k = 0; k < got; k++) dup = dup || !strcmp(names[k], name);
            if (dup) {
                fprintf(stderr, "diffgen: internal error: key name\n");
                exit(2);
            }
            names[got] = name;
            types[got] = c->t;
            got++;
            c->w = 0;   /* each candidate once */
            if (!cpick(&keys)) break;
        }
        sb_printf(b, "  group by %s\n", got ? g.p : "all");
        C.level = L_GROUP;
        C.nkeys = got;
        for (int i = 0; i < got; i++) {
            C.keyname[i] = names[i];
            C.keyty[i] = types[i];
            push_var(names[i], VC_SCALAR, types[i], -1, VS_KEY);
        }
        int ng = rr(1, 4);
        for (int i = 0; i < ng; i++) {
            int k = pickw((const int[]){ 70, 15, 8, 7 }, 4);
            int depth = rr(1, 3);
            if (k == 0) {
                const char *name = fresh("g");
                ty t = chance(75) ? random_scalar_type() : tnum(0, 0, chance(30), false);
                if (t.k == K_NUM && !dims_ok(t.m, t.d)) t = tnum(1, 0, false, false);
                ex val = gen(t, depth);
                sb_printf(b, "  let %s = %s\n", name, val.s);
                push_var(name, VC_SCALAR, val.t, -1, VS_GLET);
            } else if (k == 1) {
                sb_printf(b, "  where %s\n", filter_cond(depth).s);
            } else if (k == 2) {
                gen_emit(b, rr(0, 2));
                has_emit = true;
            } else {
                const char *name = fresh("gr");
                int rds;
                char *row = gen_row(-1, &rds);
                sb_printf(b, "  let %s = %s\n", name, row);
                push_var(name, VC_ROW, tkind(K_BOOL), rds, VS_GLET);
            }
        }
    }

    if (!has_emit || chance(80)) {
        has_check = true;
        ex c = gen_bool(rr(1, 4));
        sb_printf(b, "  %s %s\n", check_word[sev], c.s);
        if (sev == 0 && chance(35)) {
            int k = rn(100);
            char *x;
            if (k < 30) {
                int rds;
                x = gen_row(-1, &rds);
            } else if (k < 60) {
                x = gen_text(rr(0, 2)).s;
            } else {
                x = gen(random_scalar_type(), rr(0, 2)).s;
            }
            sb_printf(b, "  explained by %s\n", x);
        }
        if (chance(60)) gen_message(b, rr(0, 2));
    }
    if (!has_check || (chance(20) && (!C.simple || C.level == L_GROUP))) gen_emit(b, rr(0, 2));
}

static void gen_rule(sbuf *b, int index, bool period)
{
    int sev = pickw((const int[]){ 45, 25, 30 }, 3);
    bool force = chance(25);
    sb_printf(b, "\n%s %s \"%s %d\"", rule_word[sev], chance(20) ? S("regel_ø%d", index) : S("r%d", index),
              plain_words(), index);
    if (force) {
        int y = chance(90) ? rr(2014, 2022) : rr(period ? 2014 : 2010, period ? 2024 : 2026);
        sb_printf(b, " in force from %04d-%02d-%02d", y, rr(1, 12), rr(1, 28));
        if (chance(40)) sb_printf(b, " to %04d-%02d-%02d", y + rr(1, 4), rr(1, 12), rr(1, 28));
    }
    sb_puts(b, "\n");
    if (chance(15)) sb_puts(b, "  \"\"\"\n  Reading: a generated rule.\n    Indented \"quote\".\n  \"\"\"\n");
    int nblocks = chance(70) ? 1 : 2;
    for (int i = 0; i < nblocks; i++) {
        if (i) sb_puts(b, "\n");
        gen_block(b, sev, force);
    }
}

/* ------------------------------------------------------------------ declarations */

static void declare_dataset(sbuf *b, const dataset *ds, const char *title)
{
    sb_printf(b, "\ndataset %s \"%s\"\n  from \"%s\"\n  key ", ds->name, title, ds->file);
    for (int k = 0; k < ds->nkey; k++) sb_printf(b, "%s%s", k ? ", " : "", ds->col[ds->key[k]].name);
    sb_puts(b, "\n");
    if (ds->dated >= 0) sb_printf(b, "  dated by %s\n", ds->col[ds->dated].name);
    if (ds->say_sep || ds->say_dec || ds->say_enc) {
        sb_puts(b, "  format");
        if (ds->say_sep) sb_printf(b, " separator \"%s\"", ds->sep == '\t' ? "tab" : ds->sep == ',' ? "," : ds->sep == ';' ? ";" : "|");
        if (ds->say_dec) sb_printf(b, " decimal \"%c\"", ds->dec);
        if (ds->say_enc) sb_printf(b, " encoding \"%s\"", ds->cp1252 ? (chance(50) ? "windows-1252" : "cp1252") : "utf-8");
        sb_puts(b, "\n");
    }
    sb_puts(b, "  columns\n");
    for (int c = 0; c < ds->ncol; c++) {
        const column *col = &ds->col[c];
        sb_printf(b, "    %-12s %s%s", col->name, ct_decl(col->ct, col->decimal_word), col->opt ? " optional" : "");
        if (col->alt) sb_printf(b, " header \"%s\"", col->alt);
        sb_puts(b, "\n");
    }
}

static void add_global(const char *name, ty t)
{
    push_var(name, VC_SCALAR, t, -1, VS_ALL);
}

static void gen_table(sbuf *b, int index)
{
    table *t = &tables[ntables++];
    t->name = S("tb_%d", index);
    t->nin = chance(70) ? 1 : 2;
    static const char *const in_names[] = { "a", "b" };
    for (int k = 0; k < t->nin; k++) {
        int r = rn(100);
        t->in[k] = r < 35 ? tnum(0, 0, true, false) : r < 55 ? tnum(1, 0, false, false) : r < 75 ? tkind(K_YEAR)
                 : r < 90 ? tkind(K_TEXT) : tkind(K_DATE);
    }
    int outk = rn(5);
    t->out = outk == 0 ? tnum(0, 0, false, true) : outk == 1 ? tnum(1, 0, false, false) : outk == 2 ? tnum(0, 0, true, false)
           : outk == 3 ? tkind(K_TEXT) : tkind(K_DATE);
    sb_printf(b, "\ntable %s \"tabel %d\" by %s%s%s\n", t->name, index, in_names[0], t->nin > 1 ? ", " : "",
              t->nin > 1 ? in_names[1] : "");
    int n = rr(1, 4);
    for (int e = 0; e <= n; e++) {
        if (e == n && chance(40)) break;   /* no else: a miss is empty */
        if (e == n) sb_puts(b, "  else ");
        else {
            sb_puts(b, "  when ");
            for (int k = 0; k < t->nin; k++) {
                if (k) sb_puts(b, ", ");
                ty it = t->in[k];
                int p = rn(100);
                if (p < 12) {
                    sb_puts(b, "any");
                    continue;
                }
                static const char *const ops[] = { "<", "<=", ">", ">=" };
                if (it.k == K_TEXT) sb_puts(b, text_literal());
                else if (it.k == K_YEAR) {
                    int y = rr(2013, 2024);
                    if (p < 45) sb_printf(b, "%d", y);
                    else if (p < 75) sb_printf(b, "%d to %d", y, y + rr(0, 3));
                    else sb_printf(b, "%s %d", PICK(ops), y);
                } else if (it.k == K_DATE) {
                    if (p < 60) sb_printf(b, "%s to %s", date_literal(), date_literal());
                    else sb_printf(b, "%s %s", PICK(ops), date_literal());
                } else if (it.m == 1) {
                    if (p < 40) sb_printf(b, "%s", money_literal());
                    else if (p < 70) sb_printf(b, "%d kr to %d kr", rr(-100, 100), rr(100, 100000));
                    else sb_printf(b, "%s %s", PICK(ops), money_literal());
                } else {
                    int v = rr(-5, 50);
                    if (p < 40) sb_printf(b, "%d", v);
                    else if (p < 70) sb_printf(b, "%d to %d", v, v + rr(0, 20));
                    else sb_printf(b, "%s %d", PICK(ops), v);
                }
            }
            sb_puts(b, " then ");
        }
        if (outk == 0) sb_printf(b, "%s %%\n", PICK(((const char *const[]){ "0", "5", "7.5", "12.25", "100" })));
        else if (outk == 1) sb_printf(b, "%s\n", money_literal());
        else if (outk == 2) sb_printf(b, "%d\n", rr(-3, 30));
        else if (outk == 3) sb_printf(b, "%s\n", text_literal());
        else sb_printf(b, "%s\n", date_literal());
    }
}

static void gen_globals(sbuf *b)
{
    C.nv = 0;
    C.level = L_GLOBAL;
    push_var(DS[DS_MAIN].name, VC_ROWS, tkind(K_BOOL), DS_MAIN, VS_ALL);
    push_var(DS[DS_DIM].name, VC_ROWS, tkind(K_BOOL), DS_DIM, VS_ALL);
    push_var(DS[DS_IDX].name, VC_ROWS, tkind(K_BOOL), DS_IDX, VS_ALL);
    C.nglobal = C.nv;

    sb_puts(b, "\n");
    year_param = chance(50) ? "p_basisår" : "p_base_year";
    sb_printf(b, "parameter %s: year = %d\n", year_param, rr(2014, 2020));
    add_global(year_param, tkind(K_YEAR));
    int np = rr(1, 5);
    for (int i = 0; i < np; i++) {
        const char *name = S("p_%d", i + 1);
        ex v;
        switch (rn(10)) {
        case 9: {
            const dataset *m = &DS[DS_MAIN];
            v = EX(S("sum(m.%s for m in %s where m.%s >= %d)", m->col[col_of_role(m, R_MONEY)].name, m->name,
                     year_col(DS_MAIN), rr(2014, 2024)),
                   tnum(1, 0, false, false));
            break;
        }
        case 0: v = EX(S("%s", PICK(((const char *const[]){ "6 %", "0.5 %", "12.345 %", "70 %" }))), tnum(0, 0, false, true)); break;
        case 1: v = EX(money_literal(), tnum(1, 0, false, false)); break;
        case 2: v = EX(S("count(%s)", DS[rn(NDS)].name), tnum(0, 0, true, false)); break;
        case 3: v = EX(S("sum(%s.%s)", DS[DS_MAIN].name, DS[DS_MAIN].col[col_of_role(&DS[DS_MAIN], R_MONEY)].name), tnum(1, 0, false, false)); break;
        case 4: v = EX(S("max(%s.%s)", DS[DS_MAIN].name, year_col(DS_MAIN)), tkind(K_YEAR)); break;
        case 5: v = EX(S("%d days", rr(0, 90)), tnum(0, 1, true, false)); break;
        case 6: v = EX(date_literal(), tkind(K_DATE)); break;
        case 7: v = EX(S("%s", text_literal()), tkind(K_TEXT)); break;
        default: v = lit_plain(chance(50)); break;
        }
        if (v.t.k == K_NUM && v.t.m == 1 && chance(40)) sb_printf(b, "parameter %s: money = %s\n", name, v.s);
        else sb_printf(b, "parameter %s = %s\n", name, v.s);
        add_global(name, v.t);
    }
    /* constants */
    const char *rate = PICK(((const char *const[]){ "25 %", "2.5 %", "1 / 3", "0.125" }));
    sb_printf(b, "define c_rate = %s\n", rate);
    add_global("c_rate", tnum(0, 0, false, strchr(rate, '%') != NULL));
    sb_printf(b, "define c_dag = %s\n", date_literal());
    add_global("c_dag", tkind(K_DATE));
    C.nglobal = C.nv;
    /* functions */
    sb_puts(b, "define f_clamp(xa, lo, hi) = max(lo, min(xa, hi))\n");
    sb_puts(b, "define f_share(part, whole) = part / whole * 100 %\n");
    sb_printf(b, "define f_pl(ya: year) = %s[ya].%s\n", DS[DS_IDX].name, DS[DS_IDX].col[col_of_role(&DS[DS_IDX], R_INDEX)].name);
    sb_puts(b, "define f_big(xm: money) = xm > 1000000 kr\n");
    sb_puts(b, "define f_lbl(sa: text, na) = \"{sa}:{na}\"\n");
    sb_puts(b, "define f_unused(q) = q + 1\n");
    ntables = 0;
    int nt = rr(0, 3);
    for (int i = 0; i < nt; i++) gen_table(b, i + 1);
}

/* ------------------------------------------------------------------ main */

static void setup_datasets(int rows)
{
    static const char *const main_names[] = { "fakta", "takster", "målinger" };
    static const char *const dim_names[] = { "enheder", "tilbud", "afdelinger" };
    static const char *const idx_names[] = { "indeks", "pl_index", "satser" };
    static const char *const main_vars[] = { "t", "r" };
    static const char *const dim_vars[] = { "d", "u" };
    static const char *const idx_vars[] = { "i", "ix" };

    dataset *m = &DS[DS_MAIN], *d = &DS[DS_DIM], *x = &DS[DS_IDX];
    m->name = PICK(main_names);
    d->name = PICK(dim_names);
    x->name = PICK(idx_names);
    m->var = PICK(main_vars);
    d->var = PICK(dim_vars);
    x->var = PICK(idx_vars);
    m->file = chance(80) ? "main.csv" : "data/../main.csv";
    d->file = "dim.csv";
    x->file = "idx.csv";
    make_dataset(m, main_tpl, (int)(sizeof main_tpl / sizeof main_tpl[0]), 0);
    make_dataset(d, dim_tpl, (int)(sizeof dim_tpl / sizeof dim_tpl[0]), 1);
    make_dataset(x, idx_tpl, (int)(sizeof idx_tpl / sizeof idx_tpl[0]), 1);
    m->nkey = 2;
    m->key[0] = col_of_role(m, R_ID);
    m->key[1] = col_of_role(m, R_YEAR);
    d->nkey = 1;
    d->key[0] = col_of_role(d, R_ID);
    x->nkey = 1;
    x->key[0] = col_of_role(x, R_YEAR);
    d->dated = x->dated = -1;
    /* The fact dataset is dated by its year or by a date (empty dates are skipped). */
    int dc = col_of_role(m, R_DATE);
    m->dated = chance(70) || dc < 0 ? m->key[1] : dc;

    /* ids and categories */
    /* Enough ids for unique keys over the eleven years, about 2.75 slots a row. */
    nids = rows / 4;
    if (nids < 4) nids = 4;
    ids = xmalloc(sizeof(char *) * (size_t)nids);
    for (int i = 0; i < nids; i++) {
        int r = rn(100);
        ids[i] = r < 85 ? S("A%02d", i) : r < 93 ? S("Ø%02d", i) : S("å-%d", i);
    }
    ncats = rr(3, 6);
    int pool = (int)(sizeof cat_pool / sizeof cat_pool[0]);
    int start = rn(pool);
    for (int i = 0; i < ncats; i++) cats[i] = cat_pool[(start + i) % pool];

    fill_main(rows);
    fill_dim();
    fill_idx();
}

static void usage(void)
{
    fputs("usage: diffgen --seed N [--rows R] OUTDIR\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t seed = 0;
    bool have_seed = false;
    int rows = 300;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            char *end;
            seed = strtoull(argv[++i], &end, 10);
            if (*end || !*argv[i]) usage();
            have_seed = true;
        } else if (!strcmp(argv[i], "--rows") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 10000000) usage();
            rows = (int)n;
        } else if (argv[i][0] == '-') {
            usage();
        } else if (!dir) {
            dir = argv[i];
        } else {
            usage();
        }
    }
    if (!have_seed || !dir) usage();
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "diffgen: cannot create %s: %s\n", dir, strerror(errno));
        return 2;
    }
    seed_rng(seed);
    memset(&C, 0, sizeof C);
    nouts = 0;

    setup_datasets(rows);
    use_stdlib_index = chance(70);
    use_stdlib_money = chance(60);

    sbuf b = { 0 };
    sb_printf(&b, "# Generated by diffgen --seed %llu --rows %d: random rules for comparing the engines.\n",
              (unsigned long long)seed, rows);
    bool period = chance(50);
    sb_printf(&b, "agreement \"Differentialtest %llu\"\n", (unsigned long long)seed);
    if (chance(30)) sb_puts(&b, "  region \"Hovedstaden\"\n");
    if (period) sb_puts(&b, "  period 2014-01-01 to 2025-12-31\n");
    sb_puts(&b, "\n");
    if (use_stdlib_index) sb_puts(&b, "import \"stdlib/index\"\n");
    if (use_stdlib_money) sb_puts(&b, "import \"stdlib/money\"\n");
    declare_dataset(&b, &DS[DS_MAIN], "Fakta pr. id og år");
    declare_dataset(&b, &DS[DS_DIM], "Enheder");
    declare_dataset(&b, &DS[DS_IDX], "Indeks pr. år");
    gen_globals(&b);
    int nrules = rr(3, 8);
    for (int i = 0; i < nrules; i++) gen_rule(&b, i + 1, period);

    write_file(dir, "rules.styr", &b);
    if (!strcmp(DS[DS_MAIN].file, "data/../main.csv")) {
        char *sub = S("%s/data", dir);
        if (mkdir(sub, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "diffgen: cannot create %s: %s\n", sub, strerror(errno));
            return 2;
        }
    }
    for (int d = 0; d < NDS; d++) write_csv(dir, &DS[d]);
    return 0;
}
