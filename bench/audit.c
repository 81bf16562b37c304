/*
** audit.c: the hand-written peer of `make bench` (bench/run.sh). It runs the same two audits
** as bench/audit_tariffs.styr and bench/audit_placements.styr over the plain CSV files that
** tools/gendata.c writes, in one pass over each file, and prints the canonical result lines
** that bench/run.sh compares with styr's.
**
**   audit tariffs DIR      R4 indexation_cap (with R5's explanations), R6 overhead_target,
**                          R8 base_service_split over DIR/{offers,explanations,pl_index,tariffs}.csv
**   audit placements DIR   R10 expenditure per buying municipality and year over DIR/placements.csv
**
** It is meant as the practical limit of a program written for this one job: it streams each file
** through a 1 MiB buffer, finds columns by their header names, and reads numbers with its own
** decimal parser into integers (money in øre, percentages in tenths of a percent, PL index in
** ten-thousandths). Every verdict is integer arithmetic: the cap test
** tariff <= tariff_2019 * PL(Y) / PL(2019) is tariff * PL(2019) <= tariff_2019 * PL(Y) in 128 bits,
** and means are rounded from exact integer sums. Never a double.
**
** What it reads is the plain dialect of gendata (`,` separator, `.` decimal point, UTF-8, ISO
** dates; fields may be quoted, but no line breaks inside quotes). A value it cannot read exactly
** (a third decimal of money, a second decimal of a percentage) stops it with exit status 3,
** so it can never silently disagree.
**
** Semantics, as in the rule file: R4 checks a tariff row of 2020-2022 whose offer has a 2019
** tariff (the first 2019 row in the file, as a full-key lookup in styr); a violation is
** explained when explanations.csv has a row for the same offer and year. R6 joins each tariff
** row with offers.csv (inner join) and keeps operator_kind "kommune"; per year the plain mean of
** overhead_pct and the mean weighted by tariff_per_day * occupied_days, shown as percent with 4
** decimals rounded half away from zero; the target is checked for 2021-2022. R8 checks rows of
** 2022 and later: both parts present and base + service = tariff to the øre.
*/
#define _GNU_SOURCE /* memrchr */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef __int128 i128;

#define BUFSZ (1u << 20)
#define MAXCOLS 64
#define NOVAL INT64_MIN /* an empty or absent value */

static const char *g_path; /* the file being read, for messages */
static uint64_t g_line;

static void die(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
static void die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "audit: ");
    if (g_path)
        fprintf(stderr, "%s:%" PRIu64 ": ", g_path, g_line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        die(4, "out of memory");
    return p;
}

static void *xcalloc(size_t n, size_t s)
{
    void *p = calloc(n, s);
    if (!p)
        die(4, "out of memory");
    return p;
}

/* ------------------------------------------------------------------------------ fields */

typedef struct
{
    const char *s;
    size_t n;
} field;

/* Reads a fixed-point decimal with at most `scale` decimals into an integer scaled by
** 10^scale. An optional sign; no exponent, no thousands separator. Empty gives NOVAL. */
static int64_t parse_fixed(field f, int scale, const char *what)
{
    const char *p = f.s, *e = f.s + f.n;
    while (p < e && *p == ' ')
        p++;
    while (e > p && e[-1] == ' ')
        e--;
    if (p == e)
        return NOVAL;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    int64_t v = 0;
    int digits = 0;
    while (p < e && (unsigned)(*p - '0') < 10) {
        if (v > (INT64_MAX - 9) / 10)
            die(3, "%s: number too large: \"%.*s\"", what, (int)f.n, f.s);
        v = v * 10 + (*p++ - '0');
        digits++;
    }
    int dec = 0;
    if (p < e && *p == '.') {
        p++;
        while (p < e && (unsigned)(*p - '0') < 10) {
            int d = *p++ - '0';
            if (dec == scale) {
                if (d != 0)
                    die(3, "%s: more than %d decimals: \"%.*s\"", what, scale, (int)f.n, f.s);
                continue;
            }
            v = v * 10 + d;
            dec++;
            digits++;
        }
    }
    if (p != e || digits == 0)
        die(3, "%s: cannot read \"%.*s\" as a number", what, (int)f.n, f.s);
    for (; dec < scale; dec++)
        v *= 10;
    return neg ? -v : v;
}

static int parse_year(field f, const char *what)
{
    int64_t y = parse_fixed(f, 0, what);
    if (y == NOVAL || y < 1 || y > 9999)
        die(3, "%s: cannot read \"%.*s\" as a year", what, (int)f.n, f.s);
    return (int)y;
}

/* ------------------------------------------------------------------------------ reader */

/* Streams a CSV file through a buffer and hands each record's fields to a callback.
** Each refill is cut after its last line break, and every record is then scanned once, byte by
** byte, splitting at `,`. A field that starts with `"` runs to the closing quote ("" is a quote
** inside; the callback sees the raw text, quotes included, which only text columns that are
** compared whole would mind, and none of those are quoted here). */
typedef void (*record_fn)(void *ctx, const field *fields, int n);

static void read_csv(const char *path, int ncols_expected_min, record_fn header_fn, record_fn fn, void *ctx)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        die(3, "cannot open %s: %s", path, strerror(errno));
    g_path = path;
    g_line = 0;
    char *buf = xmalloc(BUFSZ + 1);
    size_t have = 0;
    bool eof = false, header = true;
    field fields[MAXCOLS];
    while (!eof) {
        ssize_t r = read(fd, buf + have, BUFSZ - have);
        if (r < 0)
            die(3, "cannot read %s: %s", path, strerror(errno));
        if (r == 0) {
            eof = true;
            if (have == 0)
                break;
            if (buf[have - 1] != '\n')
                buf[have++] = '\n'; /* a last line without a line break (room: BUFSZ + 1) */
        } else {
            have += (size_t)r;
        }
        char *last = memrchr(buf, '\n', have);
        if (!last) {
            if (have == BUFSZ)
                die(3, "a line longer than %u bytes", BUFSZ);
            continue;
        }
        char *p = buf, *end = last + 1;
        while (p < end) {
            g_line++;
            int n = 0;
            for (;;) {
                if (n == MAXCOLS)
                    die(3, "more than %d columns", MAXCOLS);
                char *s = p;
                if (*p == '"') {
                    for (p++;; p++) {
                        if (p == end || *p == '\n')
                            die(3, "a quoted field does not end on its line");
                        if (*p == '"') {
                            if (p[1] == '"') {
                                p++;
                                continue;
                            }
                            p++;
                            break;
                        }
                    }
                    if (*p != ',' && *p != '\n' && *p != '\r')
                        die(3, "text after a closing quote");
                } else {
                    while (*p != ',' && *p != '\n')
                        p++;
                }
                char *fe = p;
                if (*p == '\n' && fe > s && fe[-1] == '\r')
                    fe--;
                else if (*p == '\r')
                    p++; /* a quoted last field before CRLF */
                fields[n].s = s;
                fields[n].n = (size_t)(fe - s);
                n++;
                if (*p++ == '\n')
                    break;
            }
            if (n == 1 && fields[0].n == 0)
                continue; /* a blank line */
            if (header) {
                header_fn(ctx, fields, n);
                header = false;
            } else {
                if (n < ncols_expected_min)
                    die(3, "a record has %d fields, fewer than the header", n);
                fn(ctx, fields, n);
            }
        }
        have = (size_t)(buf + have - end);
        memmove(buf, end, have);
    }
    if (header)
        die(3, "the file is empty (no header)");
    free(buf);
    close(fd);
    g_path = NULL;
}

/* Maps wanted column names to their positions in a header; returns the number of fields. */
static int find_columns(const field *h, int n, const char *const *names, int *pos, int nnames, bool *optional)
{
    for (int k = 0; k < nnames; k++) {
        pos[k] = -1;
        size_t len = strlen(names[k]);
        for (int i = 0; i < n; i++) {
            field f = h[i];
            if (f.n >= 3 && (unsigned char)f.s[0] == 0xEF && (unsigned char)f.s[1] == 0xBB &&
                (unsigned char)f.s[2] == 0xBF)
                f.s += 3, f.n -= 3; /* a BOM */
            if (f.n == len && memcmp(f.s, names[k], len) == 0)
                pos[k] = i;
        }
        if (pos[k] < 0 && !(optional && optional[k]))
            die(3, "no column %s in the header", names[k]);
    }
    return n;
}

/* ------------------------------------------------------------------------------ offer ids */

/* Offer ids interned into dense indexes: open addressing over a power-of-two table whose
** slots keep 32 bits of the hash beside the index, so a probe rarely touches a key. */
typedef struct
{
    uint64_t *slot; /* hash high 32 bits << 32 | (index + 1); 0 = free */
    uint64_t mask;
    char **key;
    uint32_t *keylen;
    uint32_t n, cap;
    char *arena;
    size_t arena_used, arena_cap;
} idmap;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
        s += 8, n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return h;
}

/* Makes room for at least `want` keys without growing again. */
static void idmap_reserve(idmap *m, uint64_t want)
{
    uint64_t nslots = m->mask ? m->mask + 1 : 1u << 10;
    while (nslots < want * 2)
        nslots *= 2;
    if (m->mask && nslots == m->mask + 1)
        return;
    uint64_t *slot;
    size_t bytes = nslots * sizeof *slot;
    if (bytes >= (2u << 20)) {
        /* A large table is probed at random: huge pages spare most of the TLB misses. */
        slot = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (slot == MAP_FAILED)
            die(4, "out of memory");
        madvise(slot, bytes, MADV_HUGEPAGE);
    } else {
        slot = xcalloc(nslots, sizeof *slot);
    }
    for (uint64_t i = 0; m->mask && i <= m->mask; i++) {
        uint64_t e = m->slot[i];
        if (!e)
            continue;
        uint64_t h = ((e >> 32) * 0x9E3779B97F4A7C15ull) & (nslots - 1);
        while (slot[h])
            h = (h + 1) & (nslots - 1);
        slot[h] = e;
    }
    if (m->mask) {
        size_t old = (m->mask + 1) * sizeof *slot;
        if (old >= (2u << 20))
            munmap(m->slot, old);
        else
            free(m->slot);
    }
    m->slot = slot;
    m->mask = nslots - 1;
}

static char *arena_copy(idmap *m, const char *s, size_t n)
{
    if (m->arena_used + n > m->arena_cap) {
        m->arena_cap = 1u << 22;
        if (n > m->arena_cap)
            m->arena_cap = n;
        m->arena = xmalloc(m->arena_cap); /* old blocks stay alive: keys point into them */
        m->arena_used = 0;
    }
    char *d = m->arena + m->arena_used;
    memcpy(d, s, n);
    m->arena_used += n;
    return d;
}

/* The index of id, adding it when `add` (else UINT32_MAX when absent). */
static uint32_t idmap_get(idmap *m, field id, bool add, bool *added)
{
    if (added)
        *added = false;
    if (!m->mask)
        idmap_reserve(m, 512);
    uint64_t tag = hash_bytes(id.s, id.n) >> 32;
    uint64_t h = (tag * 0x9E3779B97F4A7C15ull) & m->mask;
    for (;;) {
        uint64_t e = m->slot[h];
        if (!e)
            break;
        if ((e >> 32) == tag) {
            uint32_t i = (uint32_t)e - 1;
            if (m->keylen[i] == id.n && memcmp(m->key[i], id.s, id.n) == 0)
                return i;
        }
        h = (h + 1) & m->mask;
    }
    if (!add)
        return UINT32_MAX;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1u << 10;
        m->key = realloc(m->key, m->cap * sizeof *m->key);
        m->keylen = realloc(m->keylen, m->cap * sizeof *m->keylen);
        if (!m->key || !m->keylen)
            die(4, "out of memory");
    }
    uint32_t i = m->n++;
    m->key[i] = arena_copy(m, id.s, id.n);
    m->keylen[i] = (uint32_t)id.n;
    m->slot[h] = tag << 32 | (uint64_t)(i + 1);
    if (added)
        *added = true;
    if ((uint64_t)m->n * 2 > m->mask + 1)
        idmap_reserve(m, m->n);
    return i;
}

/* ------------------------------------------------------------------------------ tariffs */

#define MINY 2020 /* years R4 checks */
#define MAXY 2022
#define NYEARS 10000

typedef struct
{
    idmap ids;
    /* per offer, grown with ids */
    uint32_t *kommune;  /* rows of offers.csv with this id and operator_kind kommune */
    uint8_t *explained; /* bit y - MINY: explanations.csv has (offer, y) */
    int64_t *base2019;  /* tariff of the first 2019 row, in øre, NOVAL if none yet */
    uint32_t cap;
    /* PL index by year, in ten-thousandths; NOVAL if missing */
    int64_t pl[NYEARS];
    /* R4 rows whose 2019 base was not yet read: resolved after the file */
    struct pending { uint32_t offer; int year; int64_t tariff; } *pending;
    size_t npending, cappending;
    /* results */
    uint64_t r4_checked, r4_violations, r4_explained;
    uint64_t r8_checked, r8_violations;
    uint64_t r6_count[NYEARS];
    int64_t r6_sum[NYEARS];   /* tenths of a percent */
    i128 r6_wsum[NYEARS];     /* tenths * øre per day * days */
    i128 r6_w[NYEARS];        /* øre per day * days */
    int pos[8];
    int ncols;
    uint32_t last_offer; /* the offer of the row before, UINT32_MAX at first */
} tariffs_ctx;

static uint32_t offer_index(tariffs_ctx *c, field id)
{
    bool added;
    uint32_t i = idmap_get(&c->ids, id, true, &added);
    if (added) {
        if (i >= c->cap) {
            uint32_t nc = c->cap ? c->cap * 2 : 1u << 16;
            c->kommune = realloc(c->kommune, nc * sizeof *c->kommune);
            c->explained = realloc(c->explained, nc);
            c->base2019 = realloc(c->base2019, nc * sizeof *c->base2019);
            if (!c->kommune || !c->explained || !c->base2019)
                die(4, "out of memory");
            c->cap = nc;
        }
        c->kommune[i] = 0;
        c->explained[i] = 0;
        c->base2019[i] = NOVAL;
    }
    return i;
}

/* offers.csv: offer_id, operator_kind */
static const char *const OFFER_COLS[] = {"offer_id", "operator_kind"};

static void offers_header(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    c->ncols = find_columns(f, n, OFFER_COLS, c->pos, 2, NULL);
}

static void offers_row(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    if (n != c->ncols)
        die(3, "a record has %d fields, the header %d", n, c->ncols);
    uint32_t i = offer_index(c, f[c->pos[0]]);
    field k = f[c->pos[1]];
    /* A join meets every matching row, so an offer listed twice would count twice. */
    if (k.n == 7 && memcmp(k.s, "kommune", 7) == 0)
        c->kommune[i]++;
}

/* explanations.csv: offer_id, year (the text is never empty: styr rejects an empty one) */
static const char *const EXPL_COLS[] = {"offer_id", "year"};

static void expl_header(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    c->ncols = find_columns(f, n, EXPL_COLS, c->pos, 2, NULL);
}

static void expl_row(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    if (n != c->ncols)
        die(3, "a record has %d fields, the header %d", n, c->ncols);
    int y = parse_year(f[c->pos[1]], "year");
    if (y < MINY || y > MAXY)
        return;
    uint32_t i = offer_index(c, f[c->pos[0]]);
    c->explained[i] |= (uint8_t)(1u << (y - MINY));
}

/* pl_index.csv: year, index */
static const char *const PL_COLS[] = {"year", "index"};

static void pl_header(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    c->ncols = find_columns(f, n, PL_COLS, c->pos, 2, NULL);
}

static void pl_row(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    if (n != c->ncols)
        die(3, "a record has %d fields, the header %d", n, c->ncols);
    int y = parse_year(f[c->pos[0]], "year");
    if (c->pl[y] == NOVAL) /* the first row of a year, as a lookup by key */
        c->pl[y] = parse_fixed(f[c->pos[1]], 4, "index");
}

/* tariffs.csv */
enum { T_ID, T_YEAR, T_TARIFF, T_BASE, T_SERVICE, T_OVERHEAD, T_DAYS, T_NCOLS };
static const char *const TARIFF_COLS[] = {"offer_id", "year", "tariff_per_day", "base_tariff",
                                          "service_tariff", "overhead_pct", "occupied_days"};
static bool TARIFF_OPTIONAL[] = {false, false, false, true, true, false, false};

static void tariffs_header(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    c->ncols = find_columns(f, n, TARIFF_COLS, c->pos, T_NCOLS, TARIFF_OPTIONAL);
}

static field col(const tariffs_ctx *c, const field *f, int k)
{
    field none = {"", 0};
    return c->pos[k] < 0 ? none : f[c->pos[k]];
}

/* The R4 verdict of one checked row. */
static void r4_check(tariffs_ctx *c, uint32_t offer, int year, int64_t tariff, int64_t base)
{
    c->r4_checked++;
    int64_t pl19 = c->pl[2019], ply = c->pl[year];
    /* tariff <= base * ply / pl19, exactly: tariff * pl19 <= base * ply (pl19 > 0).
    ** A missing PL value makes the check empty, which is a violation. */
    bool holds;
    if (pl19 == NOVAL || ply == NOVAL)
        holds = false;
    else if (pl19 == 0)
        die(3, "the PL index of 2019 is 0");
    else if (pl19 > 0)
        holds = (i128)tariff * pl19 <= (i128)base * ply;
    else
        holds = (i128)tariff * pl19 >= (i128)base * ply;
    if (!holds) {
        c->r4_violations++;
        if (c->explained[offer] & (1u << (year - MINY)))
            c->r4_explained++;
    }
}

static void tariffs_row(void *ctx, const field *f, int n)
{
    tariffs_ctx *c = ctx;
    if (n != c->ncols)
        die(3, "a record has %d fields, the header %d", n, c->ncols);
    /* The rows of one offer usually follow each other, and the offers often come in the order
    ** of offers.csv: the offer of the row before and the one after it are tried before a hash
    ** probe, which would miss the cache. */
    field id = f[c->pos[T_ID]];
    uint32_t offer, last = c->last_offer;
    if (last != UINT32_MAX && id.n == c->ids.keylen[last] && memcmp(id.s, c->ids.key[last], id.n) == 0)
        offer = last;
    else if (last + 1 < c->ids.n && id.n == c->ids.keylen[last + 1] &&
             memcmp(id.s, c->ids.key[last + 1], id.n) == 0)
        offer = c->last_offer = last + 1;
    else
        offer = c->last_offer = offer_index(c, id);
    int year = parse_year(f[c->pos[T_YEAR]], "year");
    int64_t tariff = parse_fixed(f[c->pos[T_TARIFF]], 2, "tariff_per_day");
    if (tariff == NOVAL)
        die(3, "column tariff_per_day is empty");

    /* R4 */
    if (year == 2019) {
        if (c->base2019[offer] == NOVAL)
            c->base2019[offer] = tariff;
    } else if (year >= MINY && year <= MAXY) {
        if (c->base2019[offer] != NOVAL) {
            r4_check(c, offer, year, tariff, c->base2019[offer]);
        } else {
            if (c->npending == c->cappending) {
                c->cappending = c->cappending ? c->cappending * 2 : 4096;
                c->pending = realloc(c->pending, c->cappending * sizeof *c->pending);
                if (!c->pending)
                    die(4, "out of memory");
            }
            c->pending[c->npending++] = (struct pending){offer, year, tariff};
        }
    }

    /* R8, in force from 2022 */
    if (year >= 2022) {
        int64_t base = parse_fixed(col(c, f, T_BASE), 2, "base_tariff");
        int64_t service = parse_fixed(col(c, f, T_SERVICE), 2, "service_tariff");
        c->r8_checked++;
        if (base == NOVAL || service == NOVAL || base + service != tariff)
            c->r8_violations++;
    }

    /* R6: the inner join with offers, municipal offers only */
    uint32_t m = c->kommune[offer];
    if (m) {
        int64_t ovh = parse_fixed(f[c->pos[T_OVERHEAD]], 1, "overhead_pct");
        int64_t days = parse_fixed(f[c->pos[T_DAYS]], 0, "occupied_days");
        if (ovh == NOVAL || days == NOVAL)
            die(3, "column overhead_pct or occupied_days is empty");
        i128 w = (i128)tariff * days;
        c->r6_count[year] += m;
        c->r6_sum[year] += ovh * m;
        c->r6_wsum[year] += w * ovh * m;
        c->r6_w[year] += w * m;
    }
}

/* round(num / den) half away from zero, for den > 0 */
static i128 div_round(i128 num, i128 den)
{
    bool neg = num < 0;
    if (neg)
        num = -num;
    i128 q = num / den, r = num % den;
    if (2 * r >= den)
        q++;
    return neg ? -q : q;
}

/* a value in ten-thousandths as a decimal with 4 places */
static void print_4(i128 v)
{
    if (v < 0) {
        putchar('-');
        v = -v;
    }
    printf("%" PRId64 ".%04d", (int64_t)(v / 10000), (int)(v % 10000));
}

static int run_tariffs(const char *dir)
{
    tariffs_ctx *c = xcalloc(1, sizeof *c);
    for (int y = 0; y < NYEARS; y++)
        c->pl[y] = NOVAL;
    c->last_offer = UINT32_MAX;
    char path[4096];
    snprintf(path, sizeof path, "%s/offers.csv", dir);
    /* Room for the offers at once: a row of offers.csv takes some 60 bytes or more. */
    struct stat st;
    if (stat(path, &st) == 0 && st.st_size > 0)
        idmap_reserve(&c->ids, (uint64_t)st.st_size / 60);
    read_csv(path, 1, offers_header, offers_row, c);
    snprintf(path, sizeof path, "%s/explanations.csv", dir);
    read_csv(path, 1, expl_header, expl_row, c);
    snprintf(path, sizeof path, "%s/pl_index.csv", dir);
    read_csv(path, 1, pl_header, pl_row, c);
    snprintf(path, sizeof path, "%s/tariffs.csv", dir);
    read_csv(path, 1, tariffs_header, tariffs_row, c);

    for (size_t i = 0; i < c->npending; i++) {
        struct pending p = c->pending[i];
        if (c->base2019[p.offer] != NOVAL)
            r4_check(c, p.offer, p.year, p.tariff, c->base2019[p.offer]);
    }

    printf("indexation_cap checked %" PRIu64 " violations %" PRIu64 " explained %" PRIu64 "\n",
           c->r4_checked, c->r4_violations, c->r4_explained);
    printf("base_service_split checked %" PRIu64 " violations %" PRIu64 "\n", c->r8_checked,
           c->r8_violations);
    /* R6's aim, for 2021-2022: level <= 6 %, where level = sum / (10 n) percent: sum <= 60 n */
    uint64_t aim_checked = 0, aim_missed = 0;
    for (int y = 0; y < NYEARS; y++) {
        if (!c->r6_count[y])
            continue;
        printf("overhead_by_year %d offers %" PRIu64 " level ", y, c->r6_count[y]);
        print_4(div_round((i128)c->r6_sum[y] * 1000, (i128)c->r6_count[y]));
        printf(" weighted ");
        if (c->r6_w[y] == 0)
            printf("empty");
        else
            print_4(div_round(c->r6_wsum[y] * 1000, c->r6_w[y]));
        putchar('\n');
        if (y >= 2021 && y <= 2022) {
            aim_checked++;
            if ((i128)c->r6_sum[y] > (i128)60 * c->r6_count[y])
                aim_missed++;
        }
    }
    printf("overhead_target checked %" PRIu64 " missed %" PRIu64 "\n", aim_checked, aim_missed);
    return 0;
}

/* ------------------------------------------------------------------------------ placements */

typedef struct
{
    idmap munis;
    int64_t *sum;    /* [muni * NYEARS_P + year - FIRST_P] */
    uint64_t *count;
    uint32_t cap;
    int pos[3];
    int ncols;
} placements_ctx;

#define FIRST_P 1
#define NYEARS_P 9999

enum { P_MUNI, P_FROM, P_AMOUNT };
static const char *const PLACEMENT_COLS[] = {"buying_municipality", "from_date", "amount"};

static void placements_header(void *ctx, const field *f, int n)
{
    placements_ctx *c = ctx;
    c->ncols = find_columns(f, n, PLACEMENT_COLS, c->pos, 3, NULL);
}

static void placements_row(void *ctx, const field *f, int n)
{
    placements_ctx *c = ctx;
    if (n != c->ncols)
        die(3, "a record has %d fields, the header %d", n, c->ncols);
    bool added;
    uint32_t m = idmap_get(&c->munis, f[c->pos[P_MUNI]], true, &added);
    if (added && m >= c->cap) {
        uint32_t nc = c->cap ? c->cap * 2 : 64;
        c->sum = realloc(c->sum, (size_t)nc * NYEARS_P * sizeof *c->sum);
        c->count = realloc(c->count, (size_t)nc * NYEARS_P * sizeof *c->count);
        if (!c->sum || !c->count)
            die(4, "out of memory");
        memset(c->sum + (size_t)c->cap * NYEARS_P, 0, (size_t)(nc - c->cap) * NYEARS_P * sizeof *c->sum);
        memset(c->count + (size_t)c->cap * NYEARS_P, 0, (size_t)(nc - c->cap) * NYEARS_P * sizeof *c->count);
        c->cap = nc;
    }
    field d = f[c->pos[P_FROM]];
    if (d.n != 10 || d.s[4] != '-' || d.s[7] != '-')
        die(3, "from_date: not an ISO date: \"%.*s\"", (int)d.n, d.s);
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if ((unsigned)(d.s[i] - '0') >= 10)
            die(3, "from_date: not an ISO date: \"%.*s\"", (int)d.n, d.s);
        y = y * 10 + (d.s[i] - '0');
    }
    if (y < FIRST_P)
        die(3, "from_date: year 0");
    int64_t a = parse_fixed(f[c->pos[P_AMOUNT]], 2, "amount");
    if (a == NOVAL)
        die(3, "column amount is empty");
    size_t k = (size_t)m * NYEARS_P + (size_t)(y - FIRST_P);
    if (__builtin_add_overflow(c->sum[k], a, &c->sum[k]))
        die(3, "amount: the sum is too large");
    c->count[k]++;
}

static void print_money(i128 v)
{
    if (v < 0) {
        putchar('-');
        v = -v;
    }
    printf("%" PRId64 ".%02d", (int64_t)(v / 100), (int)(v % 100));
}

static int run_placements(const char *dir)
{
    placements_ctx *c = xcalloc(1, sizeof *c);
    char path[4096];
    snprintf(path, sizeof path, "%s/placements.csv", dir);
    read_csv(path, 1, placements_header, placements_row, c);
    uint64_t groups = 0;
    i128 total = 0;
    for (uint32_t m = 0; m < c->munis.n; m++) {
        for (int y = 0; y < NYEARS_P; y++) {
            size_t k = (size_t)m * NYEARS_P + (size_t)y;
            if (!c->count[k])
                continue;
            groups++;
            total += c->sum[k];
            printf("expenditure %.*s %d ", (int)c->munis.keylen[m], c->munis.key[m], y + FIRST_P);
            print_money(c->sum[k]);
            putchar('\n');
        }
    }
    printf("monitoring groups %" PRIu64 " total ", groups);
    print_money(total);
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "tariffs") && strcmp(argv[1], "placements"))) {
        fprintf(stderr, "usage: audit tariffs|placements DIR\n");
        return 2;
    }
    int rc = strcmp(argv[1], "tariffs") == 0 ? run_tariffs(argv[2]) : run_placements(argv[2]);
    if (fflush(stdout) != 0)
        die(4, "cannot write the result");
    return rc;
}
