/*
** fuzz_targets.c: the fuzz targets, see fuzz_targets.h. They reach the runtime through
** the public API, as any embedding program does, except the CSV target, which drives the
** reader and the loader directly so every dialect option is reachable.
*/
#include "fuzz_targets.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "load.h"
#include "styr.h"

/* Formats text; NULL when it does not format. */
static char *format(const char *text, size_t len, int keywords, size_t *out_len)
{
    char *out = NULL;
    if (styr_format("fuzz.styr", text, len, keywords, 0, &out, out_len, NULL) != STYR_OK) return NULL;
    return out;
}

int fuzz_rules(const uint8_t *data, size_t size)
{
    styr_rules *rules;
    int st = styr_rules_open_text("/nonexistent/fuzz.styr", (const char *)data, size, &rules);
    styr_rules_close(rules);
    if (st != STYR_OK) return 0;
    for (int keywords = STYR_KEYWORDS_EN; keywords <= STYR_KEYWORDS_DA; keywords++) {
        size_t n1, n2;
        char *once = format((const char *)data, size, keywords, &n1);
        if (!once) continue;
        char *twice = format(once, n1, keywords, &n2);
        if (!twice || n1 != n2 || memcmp(once, twice, n1) != 0) {
            fprintf(stderr, "fuzz_rules: formatting is not idempotent (keywords %d)\n", keywords);
            abort();
        }
        styr_free(once);
        styr_free(twice);
    }
    return 0;
}

static const col_kind kinds[] = { COL_TEXT, COL_INT, COL_NUMBER, COL_PERCENT, COL_MONEY, COL_DATE, COL_YEAR, COL_BOOL };
static const char separators[] = { 0, ',', ';', '\t', '|' };
static const char decimals[] = { 0, '.', ',' };
static const char thousands[] = { 0, '.', ',', ' ', '\'' };

/* Every record r gives, and every error, each malformed record skipped; after a look at
** the first record and a rewind. NULL when r is. */
static char *dump_reader(csv_reader *r)
{
    if (!r) return NULL;
    buf b = { 0 };
    csv_record rec;
    int rc = csv_next(r, &rec);
    csv_rewind(r);
    buf_printf(&b, "first %d separator %d\n", rc, csv_dialect_of(r).separator);
    while ((rc = csv_next(r, &rec)) != 0) {
        if (rc < 0) {
            buf_printf(&b, "error %lld %s\n", (long long)csv_error_line(r), csv_error(r));
            if (!csv_skip_record(r)) {
                buf_printf(&b, "stop %lld %s\n", (long long)csv_error_line(r), csv_error(r));
                break;
            }
            continue;
        }
        buf_printf(&b, "%lld:", (long long)rec.line);
        for (size_t i = 0; i < rec.nfields; i++) {
            buf_printf(&b, " %c%zu:", rec.fields[i].quoted ? 'q' : 'u', rec.fields[i].len);
            buf_add(&b, rec.fields[i].s, rec.fields[i].len);
        }
        buf_putc(&b, '\n');
    }
    csv_close(r);
    return buf_take(&b);
}

/* A reader of text through a pipe, which it fits in; NULL with err set when it does not open. */
static csv_reader *open_pipe(const char *text, size_t len, const csv_dialect *d, char *err, size_t errlen)
{
    int fd[2];
    if (pipe(fd) != 0) abort();
    if (write(fd[1], text, len) != (ssize_t)len) abort();
    close(fd[1]);
    return csv_open_fd("fuzz.csv", fd[0], d, err, errlen);
}

static void disagree(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_csv: %s disagree:\n%s\n----\n%s\n", what, a ? a : "(null)", b ? b : "(null)");
    abort();
}

/*
** The reader three ways over the same text: in memory (UTF-8 read in place, Windows-1252
** transcoded in a small window), through a pipe in a small window, and, for Windows-1252,
** iconv's UTF-8 of it read in place. All must give the same records, errors and skips.
*/
static void compare_readers(const char *text, size_t len, const csv_dialect *d)
{
    char err1[512], err2[512];
    csv_reader *mem = csv_open_memory("fuzz.csv", text, len, d, err1, sizeof err1);
    csv_encoding enc = mem ? csv_dialect_of(mem).encoding : CSV_ENC_DETECT;
    char *one = dump_reader(mem);
    if (len < 60000) {      /* what a pipe holds */
        char *two = dump_reader(open_pipe(text, len, d, err2, sizeof err2));
        if (!one != !two || (one ? strcmp(one, two) : strcmp(err1, err2)) != 0)
            disagree("memory and a pipe", one ? one : err1, two ? two : err2);
        free(two);
    }
    if (enc == CSV_ENC_CP1252) {
        iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
        size_t left = len, room = 3 * len;
        char *utf8 = malloc(room + 1), *in = (char *)text, *out = utf8;
        if (iconv(cd, &in, &left, &out, &room) == (size_t)-1) disagree("the reader and iconv", one, "iconv fails");
        iconv_close(cd);
        csv_dialect u = *d;
        u.encoding = CSV_ENC_UTF8;
        char *whole = dump_reader(csv_open_memory("fuzz.csv", utf8, (size_t)(out - utf8), &u, err2, sizeof err2));
        if (!whole || strcmp(one, whole) != 0) disagree("a window and the whole text", one, whole ? whole : err2);
        free(whole);
        free(utf8);
    }
    free(one);
}

int fuzz_csv(const uint8_t *data, size_t size)
{
    enum { HEAD = 6, NCOLS = 4 };
    if (size < HEAD) return 0;
    static const char *const names[NCOLS] = { "a", "b", "c", "d" };
    static const size_t chunks[8] = { 4, 5, 7, 8, 13, 64, 256, 4096 };
    static const size_t record_max[8] = { 0, 16, 64, 100, 1000, 4096, 7, 300 };
    col_schema cols[NCOLS];
    for (int i = 0; i < NCOLS; i++)
        cols[i] = (col_schema){ .name = names[i], .kind = kinds[data[i] & 7], .optional = (data[i] >> 3) & 1,
                                .skip = (data[i] >> 4) & 1 };
    ds_schema schema = { .name = "fuzz", .cols = cols, .ncols = NCOLS };
    schema.dialect.separator = separators[data[4] % sizeof separators];
    schema.dialect.decimal = decimals[(data[4] / 8) % sizeof decimals];
    schema.dialect.thousands = thousands[data[5] % sizeof thousands];
    schema.dialect.encoding = (data[5] >> 4) & 1 ? CSV_ENC_CP1252 : 0;
    csv_set_sizes((csv_sizes){ .chunk = chunks[data[0] >> 5], .record_max = record_max[data[1] >> 5] });
    const char *text = (const char *)data + HEAD;
    size_t len = size - HEAD;
    compare_readers(text, len, &schema.dialect);
    dataset one = { 0 }, parts = { 0 };
    char *err1 = NULL, *err2 = NULL;
    bool ok1 = load_csv_memory(&schema, "fuzz.csv", text, len, 1, &one, &err1);
    bool ok2 = load_csv_memory(&schema, "fuzz.csv", text, len, 3, &parts, &err2);
    if (ok1 != ok2 || (ok1 && one.nrows != parts.nrows) || (!ok1 && strcmp(err1, err2) != 0)) {
        fprintf(stderr, "fuzz_csv: in one go and in parts disagree: %s / %s\n", err1 ? err1 : "ok", err2 ? err2 : "ok");
        abort();
    }
    free(err1);
    free(err2);
    ds_free(&one);
    ds_free(&parts);
    csv_set_sizes((csv_sizes){ 0 });
    return 0;
}

/* The shape of the 2021-2022 agreement's tariff rules, small enough to run per input. */
static const char check_rules[] =
    "agreement \"fuzz\" period 2021-01-01 to 2022-12-31\n"
    "dataset tariffs key offer_id, year dated by year columns\n"
    "  offer_id text  year year  tariff_per_day money  base_tariff money optional\n"
    "  service_tariff money optional  overhead_pct percent optional  occupied_days int optional\n"
    "dataset pl_index key year columns year year  index number\n"
    "define pl(y: year) = pl_index[y].index\n"
    "requirement cap \"cap\"\n"
    "  for t in tariffs where t.year in 2020 to 2022\n"
    "  let base = tariffs[t.offer_id, 2019]\n"
    "  where base exists\n"
    "  let cap = base.tariff_per_day * pl(t.year) / pl(2019)\n"
    "  require t.tariff_per_day <= cap\n"
    "  message \"{t.offer_id}: {t.tariff_per_day} over {cap}\"\n"
    "requirement split \"split\" in force from 2022-01-01\n"
    "  for t in tariffs\n"
    "  require t.base_tariff exists and t.service_tariff exists and t.base_tariff + t.service_tariff = t.tariff_per_day\n"
    "target overhead \"overhead\"\n"
    "  for t in tariffs\n"
    "  group by t.year\n"
    "  let level = mean(t.overhead_pct weighted by t.tariff_per_day * t.occupied_days)\n"
    "  let n = count()\n"
    "  emit per_year (year, level, n)\n"
    "  aim level <= 6 %\n";

static const char pl_csv[] = "year,index\n2019,110.3\n2020,112.0\n2021,114.9\n2022,118.2\n";

/* The JSON report of check_rules over data in one engine, or the error (malloc'ed). */
static char *check_with(const uint8_t *data, size_t size, int engine)
{
    static styr_rules *rules;
    if (!rules && styr_rules_open_text("/nonexistent/fuzz.styr", check_rules, strlen(check_rules), &rules) != STYR_OK) {
        fputs(styr_rules_errmsg(rules), stderr);
        abort();
    }
    styr_run *run;
    styr_run_new(rules, &run);
    styr_run_set_engine(run, engine);
    styr_run_set_jobs(run, 1);
    char *out = NULL;
    int st = styr_bind_csv(run, "pl_index", pl_csv, strlen(pl_csv));
    if (st == STYR_OK) st = styr_bind_csv(run, "tariffs", (const char *)data, size);
    if (st == STYR_OK) st = styr_execute(run);
    if (st == STYR_OK) styr_run_report(run, STYR_FORMAT_JSON, 0, &out, NULL);
    else out = strdup(styr_run_errmsg(run));
    styr_run_free(run);
    return out;
}

int fuzz_check(const uint8_t *data, size_t size)
{
    styr_free(check_with(data, size, STYR_ENGINE_INTERP));
    return 0;
}

int fuzz_engines(const uint8_t *data, size_t size)
{
    char *interp = check_with(data, size, STYR_ENGINE_INTERP);
    char *jit = check_with(data, size, STYR_ENGINE_JIT);
    if (strcmp(interp, jit) != 0) {
        fprintf(stderr, "fuzz_engines: the JIT and the interpreter disagree\n--- interp\n%s\n--- jit\n%s\n", interp, jit);
        abort();
    }
    styr_free(interp);
    styr_free(jit);
    return 0;
}
