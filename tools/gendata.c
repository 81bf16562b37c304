/*
** gendata.c: deterministic sample-data generator for styr: one CSV per dataset of the data
** dictionary (design brief section 3), with planted faults for the rules R1, R4, R5, R8 and R9.
** Usage: gendata [--seed N] [--danish] [--tariff-offers N] [--placements N] OUTDIR
*/
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIRST_YEAR       2014   /* first year of municipalities, pl_index and tariffs */
#define LAST_TARIFF_YEAR 2022   /* last year of tariffs */
#define LAST_YEAR        2023   /* last year of municipalities and pl_index */
#define NYEARS           (LAST_YEAR - FIRST_YEAR + 1)
#define NTARIFF_YEARS    (LAST_TARIFF_YEAR - FIRST_YEAR + 1)
#define POP_YEAR         2020   /* the year of the brief's population figures */
#define RECENT_YEAR      2019   /* first year of placements and base year of R4 */
#define NRECENT          (LAST_TARIFF_YEAR - RECENT_YEAR + 1)
#define NPROJECTS        4
#define REGION           "Region Hovedstaden"

#define WBUF   (1u << 20)      /* output buffer per file */
#define WSLACK 4096            /* room reserved per field; every field is far shorter */

/* Stream tags: each dataset draws from its own stream so that sizes do not shift the others. */
enum { TAG_PL = 1, TAG_POP, TAG_OFFER, TAG_PROJECT, TAG_PLACEMENT };

/* Planted boundary cases of the indexation caps (see edge_case). */
enum { EDGE_NONE, EDGE_R4_AT, EDGE_R4_ABOVE, EDGE_R1_AT, EDGE_R1_ABOVE };

typedef struct
{
    const char *name;
    int code;
    int64_t pop2020;
} municipality;

/* The Capital Region's 29 municipalities, official codes, populations from about 2020. */
static const municipality MUNIS[] = {
    {"København", 101, 632340},      {"Frederiksberg", 147, 104305},
    {"Ballerup", 151, 48602},        {"Brøndby", 153, 35090},
    {"Dragør", 155, 14494},          {"Gentofte", 157, 74830},
    {"Gladsaxe", 159, 69262},        {"Glostrup", 161, 23128},
    {"Herlev", 163, 28953},          {"Albertslund", 165, 27731},
    {"Hvidovre", 167, 53527},        {"Høje-Taastrup", 169, 50759},
    {"Lyngby-Taarbæk", 173, 56214},  {"Rødovre", 175, 40652},
    {"Ishøj", 183, 22989},           {"Tårnby", 185, 42989},
    {"Vallensbæk", 187, 16633},      {"Furesø", 190, 40965},
    {"Allerød", 201, 25633},         {"Fredensborg", 210, 40865},
    {"Helsingør", 217, 62695},       {"Hillerød", 219, 51183},
    {"Hørsholm", 223, 24864},        {"Rudersdal", 230, 56728},
    {"Egedal", 240, 43354},          {"Frederikssund", 250, 45223},
    {"Halsnæs", 260, 31384},         {"Gribskov", 270, 41048},
    {"Bornholm", 400, 39499},
};
#define NMUNI ((int)(sizeof MUNIS / sizeof MUNIS[0]))

static const char *const PRIVATE_OPERATORS[] = {
    "Fonden Lysglimt", "Opholdsstedet Kompasset ApS", "Den selvejende institution Solgården",
    "Socialt Udviklingscenter Nord A/S", "Fonden Bakkebo", "Bo & Trivsel ApS",
    "Kofoeds Skole", "Møllebo Privat Botilbud ApS",
};

static const char *const PARAGRAPHS[] = {"SEL 85", "SEL 103", "SEL 104", "SEL 107", "SEL 108"};
static const int PARAGRAPH_PCT[] = {20, 10, 20, 20, 30};

static const char *const TARGET_GROUPS[] = {
    "Voksne med autisme", "Sindslidende", "Udviklingshæmmede", "Børn og unge med handicap",
    "Hjerneskadede", "Voksne med misbrug", "Voksne med ADHD", "Unge med psykiske vanskeligheder",
};

static const char *const NAME_PREFIXES[] = {
    "Bostedet", "Botilbuddet", "Bofællesskabet", "Værestedet", "Aktivitetscentret",
    "Opholdsstedet", "Døgntilbuddet", "Specialcentret", "Beskæftigelsestilbuddet", "Boligerne",
};

static const char *const NAME_STEMS[] = {
    "Egebakken", "Skovbrynet", "Lindehuset", "Solsikken", "Kildevang", "Bakkehuset",
    "Strandgården", "Møllehøj", "Tårnhuset", "Æblehaven", "Østerled", "Granly", "Birkely",
    "Fyrrebo", "Havblik", "Rosenhaven", "Lærkevej", "Søbredden", "Engtoften", "Vibehus",
    "Humlebo", "Kastaniegården", "Bøgely", "Nørremarken", "Ålykke", "Stenhøj", "Pilegården",
    "Hyldebo", "Kirsebærhaven", "Fjordglimt",
};

static const char *const BRANCHES[] = {"afd. Nord", "afd. Syd", "afd. Øst", "afd. Vest"};

static const char *const EXPLANATIONS[] = {
    "Takststigning skyldes normeringsløft efter tilsyn",
    "Øget bemanding til borgere med komplekse støttebehov",
    "Ny overenskomst for det pædagogiske personale",
    "Ombygning af fællesarealer efter påbud fra Socialtilsyn Hovedstaden",
    "Midlertidigt lav belægning øger udgiften pr. døgn",
    "Ekstraordinære udgifter til vikarer under covid-19",
    "Huslejestigning efter renovering, jf. ny lejekontrakt",
    "Etablering af skærmet enhed med døgnbemanding",
};

#define COUNT(a) ((uint64_t)(sizeof(a) / sizeof((a)[0])))

typedef struct
{
    uint64_t s;
} rng;

/* One CSV file being written, with its dialect. */
typedef struct
{
    FILE *f;
    char path[4096];
    char *buf;
    size_t len;
    int col;        /* fields written on the current line */
    int danish;     /* ';', decimal comma, '.' thousands in money, CRLF, Windows-1252 */
} writer;

/* A run's options and the tables every dataset shares. */
typedef struct
{
    uint64_t seed;
    int danish;
    uint64_t n_offers;
    uint64_t n_placements;
    const char *outdir;
    int64_t pl[NYEARS];               /* PL index in tenths of a point, by year - FIRST_YEAR */
    int64_t pop[NMUNI][NYEARS];       /* population by municipality and year - FIRST_YEAR */
    int64_t pop_total;                /* the sum of the 2020 populations */
    int32_t (*recent)[NRECENT];       /* per offer, written tariff in øre 2019..2022, 0 = none */
} ctx;

/* One offer and all of its tariff rows, as generated. */
typedef struct
{
    char name[128];
    const char *operator;
    const char *kind;
    const char *paragraph;
    const char *group;
    int places;
    int first;                        /* first year with a tariff row */
    int64_t tariff[NTARIFF_YEARS];    /* øre per day, by year - FIRST_YEAR */
    int overhead[NTARIFF_YEARS];      /* tenths of a percent */
    int64_t occupied[NTARIFF_YEARS];
    int64_t base, service;            /* the 2022 split in øre */
    int has_base, has_service;
    int explain_text[NRECENT - 1];    /* per year 2020..2022: EXPLANATIONS index or -1 */
    int explain_day[NRECENT - 1];     /* reported on: days after 1 January of that year */
} offer;

/* An exact cap num/den in øre (den > 0). */
typedef struct
{
    __int128 num, den;
} cap;

/* Prints a message to stderr and exits with status 1. Never returns. */
static void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gendata: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* The splitmix64 finaliser: a bijective scramble of z. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A splitmix64 stream for (seed, tag, index); streams with different tags or indices are
   independent for practical purposes, so offer i is the same whatever the number of offers. */
static rng rng_stream(uint64_t seed, uint64_t tag, uint64_t index)
{
    rng r = {mix64(seed ^ mix64((tag << 48) + index + 1))};
    return r;
}

/* The next 64 random bits of r (splitmix64). */
static uint64_t rng_next(rng *r)
{
    r->s += 0x9E3779B97F4A7C15u;
    return mix64(r->s);
}

/* A random integer in [0, n), n > 0, by multiply-and-shift (bias below 2^-40 here). */
static uint64_t rng_below(rng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)rng_next(r) * n) >> 64);
}

/* A random integer in [lo, hi], lo <= hi. */
static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo + 1));
}

/* A random index into pct, an array of n percent weights summing to 100. */
static int rng_weighted(rng *r, const int *pct, int n)
{
    int x = (int)rng_below(r, 100);
    int i;
    for (i = 0; i < n - 1 && x >= pct[i]; i++)
        x -= pct[i];
    return i;
}

/* Whether y is a leap year (Gregorian). */
static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in year y: 365 or 366. */
static int days_in_year(int y)
{
    return is_leap(y) ? 366 : 365;
}

/* Opens OUTDIR/name for writing in the dialect of danish; exits on failure. */
static void w_open(writer *w, const char *dir, const char *name, int danish)
{
    snprintf(w->path, sizeof w->path, "%s/%s", dir, name);
    w->f = fopen(w->path, "wb");
    if (!w->f)
        fatal("cannot open %s: %s", w->path, strerror(errno));
    w->buf = malloc(WBUF);
    if (!w->buf)
        fatal("out of memory");
    w->len = 0;
    w->col = 0;
    w->danish = danish;
}

/* Writes the buffered bytes to the file; exits on a write error. */
static void w_flush(writer *w)
{
    if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
        fatal("cannot write %s: %s", w->path, strerror(errno));
    w->len = 0;
}

/* Flushes and closes w and frees its buffer; exits on a write error. */
static void w_close(writer *w)
{
    w_flush(w);
    if (fclose(w->f) != 0)
        fatal("cannot write %s: %s", w->path, strerror(errno));
    free(w->buf);
}

/* Starts a field: makes WSLACK bytes of room and writes the separator unless it is the first. */
static void w_begin(writer *w)
{
    if (w->len + WSLACK > WBUF)
        w_flush(w);
    if (w->col++)
        w->buf[w->len++] = w->danish ? ';' : ',';
}

/* Ends the line: LF, or CRLF in the Danish dialect. */
static void w_eol(writer *w)
{
    if (w->len + 2 > WBUF)
        w_flush(w);
    if (w->danish)
        w->buf[w->len++] = '\r';
    w->buf[w->len++] = '\n';
    w->col = 0;
}

/* Writes a UTF-8 text field (shorter than WSLACK/2 bytes), quoted only when it holds the
   separator, '"', CR or LF. In the Danish dialect it is recoded to Windows-1252; text outside
   U+00A0..U+00FF and ASCII is a bug in the tables above and exits. */
static void w_text(writer *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int quote = strpbrk(s, w->danish ? ";\"\r\n" : ",\"\r\n") != NULL;
    if (2 * n + 2 >= WSLACK)
        fatal("text field too long: %s", s);
    w_begin(w);
    if (quote)
        w->buf[w->len++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (c >= 0x80 && w->danish) {
            if ((c != 0xC2 && c != 0xC3) || (p[i + 1] & 0xC0) != 0x80)
                fatal("cannot write \"%s\" in Windows-1252", s);
            c = ((c & 0x1F) << 6) | (p[++i] & 0x3F);
            if (c < 0xA0)
                fatal("cannot write \"%s\" in Windows-1252", s);
        }
        if (c == '"')
            w->buf[w->len++] = '"';
        w->buf[w->len++] = (char)c;
    }
    if (quote)
        w->buf[w->len++] = '"';
}

/* Appends the decimal digits of v, with '.' between groups of three when group is set. */
static void put_digits(writer *w, uint64_t v, int group)
{
    char tmp[32];
    int n = 0, g = 0;
    do {
        if (group && g == 3) {
            tmp[n++] = '.';
            g = 0;
        }
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
        g++;
    } while (v);
    while (n)
        w->buf[w->len++] = tmp[--n];
}

/* Writes an empty field. */
static void w_empty(writer *w)
{
    w_begin(w);
}

/* Writes a non-negative integer field, without grouping. */
static void w_int(writer *w, int64_t v)
{
    w_begin(w);
    put_digits(w, (uint64_t)v, 0);
}

/* Writes a non-negative money field from øre: "1234.50", or "1.234,50" in the Danish dialect. */
static void w_money(writer *w, int64_t ore)
{
    w_begin(w);
    put_digits(w, (uint64_t)(ore / 100), w->danish);
    w->buf[w->len++] = w->danish ? ',' : '.';
    w->buf[w->len++] = (char)('0' + ore % 100 / 10);
    w->buf[w->len++] = (char)('0' + ore % 10);
}

/* Writes a non-negative number held in tenths with one decimal: "6.5", or "6,5" in Danish. */
static void w_tenths(writer *w, int64_t v)
{
    w_begin(w);
    put_digits(w, (uint64_t)(v / 10), 0);
    w->buf[w->len++] = w->danish ? ',' : '.';
    w->buf[w->len++] = (char)('0' + v % 10);
}

/* Writes the ISO date `day` days after 1 January of year (day >= 0, may run into later years). */
static void w_date(writer *w, int year, int day)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m = 0;
    while (day >= days_in_year(year))
        day -= days_in_year(year++);
    for (;;) {
        int len = mdays[m] + (m == 1 && is_leap(year));
        if (day < len)
            break;
        day -= len;
        m++;
    }
    w_begin(w);
    put_digits(w, (uint64_t)year, 0);
    w->buf[w->len++] = '-';
    w->buf[w->len++] = (char)('0' + (m + 1) / 10);
    w->buf[w->len++] = (char)('0' + (m + 1) % 10);
    w->buf[w->len++] = '-';
    w->buf[w->len++] = (char)('0' + (day + 1) / 10);
    w->buf[w->len++] = (char)('0' + (day + 1) % 10);
}

/* Writes the id of offer number i (0-based): "T00001", at least five digits. */
static void w_offer_id(writer *w, uint64_t i)
{
    w_begin(w);
    w->buf[w->len++] = 'T';
    for (uint64_t p = 10000; p > i + 1; p /= 10)
        w->buf[w->len++] = '0';
    put_digits(w, i + 1, 0);
}

/* Writes a header line of the given comma-separated column names. */
static void w_header(writer *w, const char *cols)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", cols);
    for (char *tok = strtok(tmp, ","); tok; tok = strtok(NULL, ","))
        w_text(w, tok);
    w_eol(w);
}

/* Fills c->pl: 100.0 in 2014, then a rise of 1.5-2.5 % a year, rounded to a tenth. */
static void make_pl(ctx *c)
{
    rng r = rng_stream(c->seed, TAG_PL, 0);
    c->pl[0] = 1000;
    for (int y = 1; y < NYEARS; y++)
        c->pl[y] = (c->pl[y - 1] * (10000 + rng_range(&r, 150, 250)) + 5000) / 10000;
}

/* Fills c->pop and c->pop_total: the brief's 2020 figure, other years by a per-municipality
   growth of 0.2-1.2 % a year forwards and backwards, rounded to the nearest inhabitant. */
static void make_population(ctx *c)
{
    rng r = rng_stream(c->seed, TAG_POP, 0);
    for (int m = 0; m < NMUNI; m++) {
        int64_t g = 10000 + rng_range(&r, 20, 120);
        int k = POP_YEAR - FIRST_YEAR;
        c->pop[m][k] = MUNIS[m].pop2020;
        c->pop_total += MUNIS[m].pop2020;
        for (int y = k + 1; y < NYEARS; y++)
            c->pop[m][y] = (c->pop[m][y - 1] * g + 5000) / 10000;
        for (int y = k - 1; y >= 0; y--)
            c->pop[m][y] = (c->pop[m][y + 1] * 10000 + g / 2) / g;
    }
}

/* A municipality index drawn with probability proportional to its 2020 population. */
static int pick_municipality(const ctx *c, rng *r)
{
    int64_t x = (int64_t)rng_below(r, (uint64_t)c->pop_total);
    int m;
    for (m = 0; m < NMUNI - 1 && x >= c->pop[m][POP_YEAR - FIRST_YEAR]; m++)
        x -= c->pop[m][POP_YEAR - FIRST_YEAR];
    return m;
}

/* Writes municipalities.csv: one row per municipality and year 2014..2023. */
static void write_municipalities(const ctx *c)
{
    writer w;
    w_open(&w, c->outdir, "municipalities.csv", c->danish);
    w_header(&w, "municipality,code,region,population,year");
    for (int m = 0; m < NMUNI; m++)
        for (int y = 0; y < NYEARS; y++) {
            w_text(&w, MUNIS[m].name);
            w_int(&w, MUNIS[m].code);
            w_text(&w, REGION);
            w_int(&w, c->pop[m][y]);
            w_int(&w, FIRST_YEAR + y);
            w_eol(&w);
        }
    w_close(&w);
}

/* Writes pl_index.csv: year, index with one decimal, and the source marking it illustrative. */
static void write_pl(const ctx *c)
{
    writer w;
    w_open(&w, c->outdir, "pl_index.csv", c->danish);
    w_header(&w, "year,index,source");
    for (int y = 0; y < NYEARS; y++) {
        w_int(&w, FIRST_YEAR + y);
        w_tenths(&w, c->pl[y]);
        w_text(&w, "illustrative - not KL's official series");
        w_eol(&w);
    }
    w_close(&w);
}

/* R4's cap for year y: tariff(2019) * PL(y) / PL(2019). */
static cap cap_r4(const ctx *c, const offer *o, int y)
{
    cap k = {(__int128)o->tariff[RECENT_YEAR - FIRST_YEAR] * c->pl[y - FIRST_YEAR],
             c->pl[RECENT_YEAR - FIRST_YEAR]};
    return k;
}

/* R1's cap for year y: tariff(2014) * PL(y) / PL(2014) * (199/200)^(y - 2014). */
static cap cap_r1(const ctx *c, const offer *o, int y)
{
    cap k = {(__int128)o->tariff[0] * c->pl[y - FIRST_YEAR], c->pl[0]};
    for (int i = FIRST_YEAR; i < y; i++) {
        k.num *= 199;
        k.den *= 200;
    }
    return k;
}

/* Whether t øre lies strictly above the exact cap k. */
static int above_cap(int64_t t, cap k)
{
    return (__int128)t * k.den > k.num;
}

/* The cap k rounded down to the øre: the highest tariff that passes. */
static int64_t cap_floor(cap k)
{
    return (int64_t)(k.num / k.den);
}

/* A tariff pct_bp basis points above the exact cap k, and in any case strictly above it. */
static int64_t over_cap(cap k, int64_t pct_bp)
{
    int64_t t = (int64_t)(k.num * (10000 + pct_bp) / (k.den * 10000));
    while (!above_cap(t, k))
        t++;
    return t;
}

/* The planted boundary case of offer i in year y, or EDGE_NONE. r1 and r4 say whether the row
   is checked by R1 (offer from 2014, y in 2015..2020) and by R4 (offer from 2019 or earlier,
   y in 2020..2022). Offers with index 5 or 12 mod 23 get an R4 row exactly at the cap rounded
   down (passes) or one øre above it (fails) in 2021 or 2022; those with 8 or 19 mod 29 the
   same for R1 in one of 2015..2019. */
static int edge_case(uint64_t i, int y, int r1, int r4)
{
    uint64_t a = i % 23, b = i % 29;
    if (r4 && (a == 5 || a == 12) && y == 2021 + (int)(i / 23 % 2))
        return a == 5 ? EDGE_R4_AT : EDGE_R4_ABOVE;
    if (r1 && (b == 8 || b == 19) && y == 2015 + (int)(i / 29 % 5))
        return b == 8 ? EDGE_R1_AT : EDGE_R1_ABOVE;
    return EDGE_NONE;
}

/* The written tariff of year y > first for offer i, given the trend value and the rows before it.
   Most rows follow the trend; about 6 % of rows checked by R4 and 6 % of those checked by R1 are
   planted 1-8 % above that cap (a 2020 row, checked by both, gets at most one of the two). */
static int64_t planted_tariff(const ctx *c, const offer *o, rng *r, uint64_t i, int y,
                              int64_t trend)
{
    int r4 = y >= 2020 && o->first <= RECENT_YEAR;
    int r1 = y <= 2020 && o->first == FIRST_YEAR;
    int64_t x = (int64_t)rng_below(r, 1000);
    int64_t bp = rng_range(r, 100, 800);
    switch (edge_case(i, y, r1, r4)) {
    case EDGE_R4_AT:
        return cap_floor(cap_r4(c, o, y));
    case EDGE_R4_ABOVE:
        return cap_floor(cap_r4(c, o, y)) + 1;
    case EDGE_R1_AT:
        return cap_floor(cap_r1(c, o, y));
    case EDGE_R1_ABOVE:
        return cap_floor(cap_r1(c, o, y)) + 1;
    default:
        break;
    }
    if (r4 && x < (r1 ? 30 : 60))
        return over_cap(cap_r4(c, o, y), bp);
    if (r1 && x >= (r4 ? 30 : 0) && x < 60)
        return over_cap(cap_r1(c, o, y), bp);
    return trend;
}

/* Composes a plausible Danish offer name into o->name: "Bostedet Egebakken", "Skovbrynet";
   about 8 % carry ", afd. Nord" (a comma) and 2 % quote the stem ("..." in the name). */
static void make_name(offer *o, rng *r)
{
    const char *pre = NAME_PREFIXES[rng_below(r, COUNT(NAME_PREFIXES))];
    const char *stem = NAME_STEMS[rng_below(r, COUNT(NAME_STEMS))];
    uint64_t form = rng_below(r, 100);
    if (form < 8)
        snprintf(o->name, sizeof o->name, "%s %s, %s", pre, stem,
                 BRANCHES[rng_below(r, COUNT(BRANCHES))]);
    else if (form < 10)
        snprintf(o->name, sizeof o->name, "%s \"%s\"", pre, stem);
    else if (form < 30)
        snprintf(o->name, sizeof o->name, "%s", stem);
    else
        snprintf(o->name, sizeof o->name, "%s %s", pre, stem);
}

/* Splits the 2022 tariff of offer i into base + service (service 20-60 %) and plants the R8
   faults: offers with index 17 mod 25 (4 %) lose the base, lose the service or get a base off
   by 0.01-5.00 kr, in turn; the off-by cases alternate between exactly 0.01 kr and a random
   amount. */
static void make_split(offer *o, rng *r, uint64_t i)
{
    int64_t t = o->tariff[NTARIFF_YEARS - 1];
    int64_t sign = rng_below(r, 2) ? 1 : -1;
    int64_t off = rng_range(r, 2, 500);
    o->service = t * rng_range(r, 20, 60) / 100;
    o->base = t - o->service;
    o->has_base = o->has_service = 1;
    if (i % 25 != 17)
        return;
    if (i / 25 % 3 == 0)
        o->has_base = 0;
    else if (i / 25 % 3 == 1)
        o->has_service = 0;
    else
        o->base += sign * (i / 75 % 2 == 0 ? 1 : off);
}

/* Decides which 2020..2022 rows of o get an explanation: every other row above R4's cap, counted
   over all offers so far in *seen (so exactly half, rounded up), and 1.5 % of the other rows
   (harmless ones, which must not change any verdict). */
static void make_explanations(const ctx *c, offer *o, rng *r, uint64_t *seen)
{
    for (int y = 2020; y <= LAST_TARIFF_YEAR; y++) {
        int k = y - 2020, explain;
        o->explain_text[k] = -1;
        if (y < o->first)
            continue;
        if (o->first <= RECENT_YEAR && above_cap(o->tariff[y - FIRST_YEAR], cap_r4(c, o, y)))
            explain = (*seen)++ % 2 == 0;
        else
            explain = rng_below(r, 1000) < 15;
        if (!explain)
            continue;
        o->explain_text[k] = (int)rng_below(r, COUNT(EXPLANATIONS));
        if (rng_below(r, 100) < 30)
            o->explain_day[k] = (int)rng_range(r, 243, days_in_year(y) - 1);
        else
            o->explain_day[k] = days_in_year(y) + (int)rng_below(r, 181);
    }
}

/* Generates offer i (0-based) from its own stream: attributes, the tariff of every year from
   its first to 2022 with planted cap violations, overhead, occupancy, the 2022 base and service
   split with its planted faults, and its explanations (*seen counts R4 violations so far). */
static void make_offer(const ctx *c, uint64_t i, offer *o, uint64_t *seen)
{
    static const int kind_pct[] = {65, 20, 15};
    rng r = rng_stream(c->seed, TAG_OFFER, i);
    int kind = rng_weighted(&r, kind_pct, 3);
    int low = rng_below(&r, 100) < 4;
    int64_t trend = 0, level = 0;
    o->kind = kind == 0 ? "kommune" : kind == 1 ? "region" : "privat";
    if (kind == 0)
        o->operator = MUNIS[pick_municipality(c, &r)].name;
    else if (kind == 1)
        o->operator = REGION;
    else
        o->operator = PRIVATE_OPERATORS[rng_below(&r, COUNT(PRIVATE_OPERATORS))];
    o->paragraph = PARAGRAPHS[rng_weighted(&r, PARAGRAPH_PCT, (int)COUNT(PARAGRAPHS))];
    o->group = TARGET_GROUPS[rng_below(&r, COUNT(TARGET_GROUPS))];
    make_name(o, &r);
    o->places = (int)rng_range(&r, 4, 60);
    o->first = rng_below(&r, 100) < 80 ? FIRST_YEAR : (int)rng_range(&r, 2016, 2021);
    level = kind == 0 ? rng_range(&r, 55, 85) : kind == 1 ? 0 : rng_range(&r, 60, 110);
    for (int y = o->first; y <= LAST_TARIFF_YEAR; y++) {
        int k = y - FIRST_YEAR;
        int64_t occ = low ? rng_range(&r, 550, 690) : rng_range(&r, 800, 990);
        if (y == o->first) {
            trend = rng_range(&r, 125000, 630000);
            o->tariff[k] = trend;
        } else {
            /* The trend stays below both caps: to 2020 at least 0.6 % a year under PL (R1
               allows 0.5 %), then at least 0.1 % under PL (R4 allows PL). */
            int64_t under = y <= 2020 ? rng_range(&r, 60, 200) : rng_range(&r, 10, 150);
            trend = trend * c->pl[k] * (10000 - under) / (c->pl[k - 1] * 10000);
            o->tariff[k] = planted_tariff(c, o, &r, i, y, trend);
        }
        if (kind == 0) {
            level -= y == o->first ? 0 : (int64_t)rng_below(&r, 3);
            o->overhead[k] = (int)(level + rng_range(&r, -2, 2));
            o->overhead[k] = o->overhead[k] < 45 ? 45 : o->overhead[k] > 85 ? 85 : o->overhead[k];
        } else if (kind == 1) {
            o->overhead[k] = (int)rng_range(&r, 30, 100);
        } else {
            o->overhead[k] = (int)(level + rng_range(&r, -5, 5));
        }
        o->occupied[k] = o->places * days_in_year(y) * occ / 1000;
    }
    make_split(o, &r, i);
    make_explanations(c, o, &r, seen);
}

/* Writes offers.csv, tariffs.csv and explanations.csv, and keeps each offer's 2019..2022
   tariffs in c->recent for the placements. */
static void write_offers(ctx *c)
{
    writer wo, wt, we;
    offer o;
    uint64_t seen = 0;
    c->recent = calloc(c->n_offers, sizeof *c->recent);
    if (!c->recent)
        fatal("out of memory");
    w_open(&wo, c->outdir, "offers.csv", c->danish);
    w_open(&wt, c->outdir, "tariffs.csv", c->danish);
    w_open(&we, c->outdir, "explanations.csv", c->danish);
    w_header(&wo, "offer_id,name,operator,operator_kind,paragraph,target_group,places");
    w_header(&wt, "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,"
                  "occupied_days");
    w_header(&we, "offer_id,year,reported_on,text");
    for (uint64_t i = 0; i < c->n_offers; i++) {
        make_offer(c, i, &o, &seen);
        w_offer_id(&wo, i);
        w_text(&wo, o.name);
        w_text(&wo, o.operator);
        w_text(&wo, o.kind);
        w_text(&wo, o.paragraph);
        w_text(&wo, o.group);
        w_int(&wo, o.places);
        w_eol(&wo);
        for (int y = o.first; y <= LAST_TARIFF_YEAR; y++) {
            int k = y - FIRST_YEAR;
            w_offer_id(&wt, i);
            w_int(&wt, y);
            w_money(&wt, o.tariff[k]);
            if (y == LAST_TARIFF_YEAR && o.has_base)
                w_money(&wt, o.base);
            else
                w_empty(&wt);
            if (y == LAST_TARIFF_YEAR && o.has_service)
                w_money(&wt, o.service);
            else
                w_empty(&wt);
            w_tenths(&wt, o.overhead[k]);
            w_int(&wt, o.occupied[k]);
            w_eol(&wt);
            if (y >= RECENT_YEAR)
                c->recent[i][y - RECENT_YEAR] = (int32_t)o.tariff[k];
        }
        for (int k = 0; k < NRECENT - 1; k++) {
            if (o.explain_text[k] < 0)
                continue;
            w_offer_id(&we, i);
            w_int(&we, 2020 + k);
            w_date(&we, 2020 + k, o.explain_day[k]);
            w_text(&we, EXPLANATIONS[o.explain_text[k]]);
            w_eol(&we);
        }
    }
    w_close(&wo);
    w_close(&wt);
    w_close(&we);
}

/* Writes projects.csv, project_deficits.csv and project_participants.csv: four projects
   starting 2021 or 2022 with a deficit for each of three years (one project also a fourth);
   projects P001 and P003 have 2-6 interested municipalities, P002 and P004 none. */
static void write_projects(const ctx *c)
{
    rng r = rng_stream(c->seed, TAG_PROJECT, 0);
    writer wp, wd, wm;
    int fourth = (int)rng_below(&r, NPROJECTS);
    w_open(&wp, c->outdir, "projects.csv", c->danish);
    w_open(&wd, c->outdir, "project_deficits.csv", c->danish);
    w_open(&wm, c->outdir, "project_participants.csv", c->danish);
    w_header(&wp, "project_id,operator,start_year,places");
    w_header(&wd, "project_id,year,deficit");
    w_header(&wm, "project_id,municipality");
    for (int p = 0; p < NPROJECTS; p++) {
        char id[16];
        int start = (int)rng_range(&r, 2021, 2022);
        int years = p == fourth ? 4 : 3;
        snprintf(id, sizeof id, "P%03d", p + 1);
        w_text(&wp, id);
        w_text(&wp, rng_below(&r, 4) == 0 ? REGION : MUNIS[pick_municipality(c, &r)].name);
        w_int(&wp, start);
        w_int(&wp, rng_range(&r, 4, 20));
        w_eol(&wp);
        for (int y = start; y < start + years; y++) {
            w_text(&wd, id);
            w_int(&wd, y);
            w_money(&wd, rng_range(&r, 20000000, 300000000));
            w_eol(&wd);
        }
        if (p % 2 == 0) {
            int chosen[NMUNI] = {0};
            int n = (int)rng_range(&r, 2, 6);
            while (n) {
                int m = (int)rng_below(&r, NMUNI);
                n -= !chosen[m];
                chosen[m] = 1;
            }
            for (int m = 0; m < NMUNI; m++)
                if (chosen[m]) {
                    w_text(&wm, id);
                    w_text(&wm, MUNIS[m].name);
                    w_eol(&wm);
                }
        }
    }
    w_close(&wp);
    w_close(&wd);
    w_close(&wm);
}

/* Writes placements.csv: n_placements periods, each within one calendar year 2019..2022 of a
   random offer that has a tariff that year, bought by a municipality drawn by population;
   amount = days * tariff_per_day exactly. */
static void write_placements(const ctx *c)
{
    rng r = rng_stream(c->seed, TAG_PLACEMENT, 0);
    writer w;
    w_open(&w, c->outdir, "placements.csv", c->danish);
    w_header(&w, "placement_id,offer_id,buying_municipality,from_date,to_date,days,"
                 "tariff_per_day,amount");
    for (uint64_t n = 0; n < c->n_placements; n++) {
        uint64_t i = rng_below(&r, c->n_offers);
        int lo = 0, y, diy, from, to;
        int64_t t;
        while (!c->recent[i][lo])
            lo++;
        y = lo + (int)rng_below(&r, (uint64_t)(NRECENT - lo));
        t = c->recent[i][y];
        y += RECENT_YEAR;
        diy = days_in_year(y);
        from = rng_below(&r, 100) < 35 ? 0 : (int)rng_below(&r, (uint64_t)diy);
        to = rng_below(&r, 100) < 45 ? diy - 1 : from + (int)rng_below(&r, (uint64_t)(diy - from));
        w_int(&w, (int64_t)n + 1);
        w_offer_id(&w, i);
        w_text(&w, MUNIS[pick_municipality(c, &r)].name);
        w_date(&w, y, from);
        w_date(&w, y, to);
        w_int(&w, to - from + 1);
        w_money(&w, t);
        w_money(&w, t * (to - from + 1));
        w_eol(&w);
    }
    w_close(&w);
}

/* Parses a decimal count in [lo, hi] for option opt; exits with status 2 otherwise. */
static uint64_t parse_count(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = s ? strtoull(s, &end, 10) : 0;
    if (!s || !*s || *s == '-' || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "gendata: %s needs a whole number from %llu to %llu\n", opt,
                (unsigned long long)lo, (unsigned long long)hi);
        exit(2);
    }
    return v;
}

/* Prints the usage line to stderr and exits with status 2. */
static void usage(void)
{
    fputs("usage: gendata [--seed N] [--danish] [--tariff-offers N] [--placements N] OUTDIR\n",
          stderr);
    exit(2);
}

/* Parses the options, then writes the nine CSV files into OUTDIR (created if missing).
   Exits 0 on success, 1 on an I/O error, 2 on a usage error. */
int main(int argc, char **argv)
{
    static ctx c;
    c.seed = 2021;
    c.n_offers = 160;
    c.n_placements = 20000;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--seed"))
            c.seed = parse_count("--seed", argv[++a], 0, UINT64_MAX);
        else if (!strcmp(argv[a], "--danish"))
            c.danish = 1;
        else if (!strcmp(argv[a], "--tariff-offers"))
            c.n_offers = parse_count("--tariff-offers", argv[++a], 1, 99999999);
        else if (!strcmp(argv[a], "--placements"))
            c.n_placements = parse_count("--placements", argv[++a], 0, 999999999);
        else if (argv[a][0] == '-' || c.outdir)
            usage();
        else
            c.outdir = argv[a];
    }
    if (!c.outdir)
        usage();
    if (mkdir(c.outdir, 0777) != 0 && errno != EEXIST)
        fatal("cannot create %s: %s", c.outdir, strerror(errno));
    make_pl(&c);
    make_population(&c);
    write_municipalities(&c);
    write_pl(&c);
    write_offers(&c);
    write_projects(&c);
    write_placements(&c);
    free(c.recent);
    return 0;
}
