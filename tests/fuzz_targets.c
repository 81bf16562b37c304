/*
** fuzz_targets.c: the fuzz targets, see fuzz_targets.h. They reach the runtime through
** the public API, as any embedding program does, except the CSV target, which drives the
** loader directly so every dialect option is reachable.
*/
#include "fuzz_targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int fuzz_csv(const uint8_t *data, size_t size)
{
    enum { HEAD = 6, NCOLS = 4 };
    if (size < HEAD) return 0;
    static const char *const names[NCOLS] = { "a", "b", "c", "d" };
    col_schema cols[NCOLS];
    for (int i = 0; i < NCOLS; i++)
        cols[i] = (col_schema){ .name = names[i], .kind = kinds[data[i] & 7], .optional = (data[i] >> 3) & 1,
                                .skip = (data[i] >> 4) & 1 };
    ds_schema schema = { .name = "fuzz", .cols = cols, .ncols = NCOLS };
    schema.dialect.separator = separators[data[4] % sizeof separators];
    schema.dialect.decimal = decimals[(data[4] / 8) % sizeof decimals];
    schema.dialect.thousands = thousands[data[5] % sizeof thousands];
    schema.dialect.encoding = (data[5] >> 4) & 1 ? CSV_ENC_CP1252 : 0;
    const char *text = (const char *)data + HEAD;
    size_t len = size - HEAD;
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
