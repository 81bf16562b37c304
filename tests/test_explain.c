/*
** test_explain.c: `styr explain` and styr_run_explain: the derivation of a violating and
** a holding indexation cap row, an explained one, a group target, and the errors for
** keys and rules that name nothing. Expected values are worked out here from the sample
** CSV files, in integers, not copied from styr's output. Also the report's additions:
** show clauses and the date of an explanation.
*/
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "styr.h"

#define RULES "rules/hovedstaden-2021-2022.styr"

/* ------------------------------------------------------------------ the sample CSV files */

typedef struct csv_row {
    char field[8][128];
    int nfields;
    int line;           /* 1-based line in the file */
} csv_row;

/* Splits a line of a sample file (commas; a field may be quoted). */
static void split(const char *s, csv_row *r)
{
    memset(r->field, 0, sizeof r->field);
    r->nfields = 0;
    while (r->nfields < 8) {
        char *out = r->field[r->nfields++];
        size_t n = 0;
        bool quoted = *s == '"';
        if (quoted) s++;
        while (*s && *s != '\n' && *s != '\r' && (quoted ? *s != '"' || s[1] == '"' : *s != ',')) {
            if (quoted && *s == '"') s++;   /* "" in a quoted field is one quote */
            if (n < 127) out[n++] = *s;
            s++;
        }
        out[n] = 0;
        if (quoted && *s == '"') s++;
        if (*s != ',') break;
        s++;
    }
}

/* The first row of rules/data/NAME.csv with these first fields (NULL: any), after
** row `after` (0: from the start). */
static bool find_row(const char *name, const char *f0, const char *f1, int after, csv_row *out)
{
    char path[256], line[1024];
    snprintf(path, sizeof path, "rules/data/%s.csv", name);
    FILE *f = fopen(path, "r");
    cr_assert(f, "cannot open %s", path);
    for (int n = 1; fgets(line, sizeof line, f); n++) {
        if (n == 1 || n <= after) continue;
        split(line, out);
        out->line = n;
        if ((!f0 || !strcmp(out->field[0], f0)) && (!f1 || !strcmp(out->field[1], f1))) {
            fclose(f);
            return true;
        }
    }
    fclose(f);
    return false;
}

/* A decimal written in a sample file, times 10^4. */
static int64_t fixed4(const char *s)
{
    int64_t whole = 0, frac = 0, scale = 10000;
    bool neg = *s == '-';
    if (neg) s++;
    for (; *s >= '0' && *s <= '9'; s++) whole = whole * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9' && scale > 1; s++) frac = frac * 10 + (*s - '0'), scale /= 10;
    int64_t v = whole * 10000 + frac * scale;
    return neg ? -v : v;
}

/* A whole number of øre as JSON writes money: "1234.56". */
static void money_json(int64_t ore, char *out, size_t n)
{
    snprintf(out, n, "\"%lld.%02lld\"", (long long)(ore / 100), (long long)(ore % 100));
}

/* A number of 10^-4 units as styr writes short numbers: no trailing zeros. */
static void number_text(int64_t v, char *out, size_t n)
{
    snprintf(out, n, "%lld.%04lld", (long long)(v / 10000), (long long)(v % 10000));
    size_t len = strlen(out);
    while (out[len - 1] == '0') out[--len] = 0;
    if (out[len - 1] == '.') out[--len] = 0;
}

/* ------------------------------------------------------------------ the cap, worked out here */

typedef struct cap_case {
    csv_row row, base, pl_base, pl_year;
    int64_t tariff, tariff_2019;      /* øre */
    int64_t pl_2019, pl_y;            /* index × 10^4 */
    int64_t cap_ore;                  /* the cap rounded to the øre, as JSON shows it */
    bool holds;
} cap_case;

static bool cap_case_of(const char *offer, const char *year, cap_case *c)
{
    if (!find_row("tariffs", offer, year, 0, &c->row) || !find_row("tariffs", offer, "2019", 0, &c->base)) return false;
    cr_assert(find_row("pl_index", "2019", NULL, 0, &c->pl_base));
    cr_assert(find_row("pl_index", year, NULL, 0, &c->pl_year));
    c->tariff = fixed4(c->row.field[2]) / 100;
    c->tariff_2019 = fixed4(c->base.field[2]) / 100;
    c->pl_2019 = fixed4(c->pl_base.field[1]);
    c->pl_y = fixed4(c->pl_year.field[1]);
    /* tariff <= tariff_2019 * pl_y / pl_2019, exactly */
    c->holds = (__int128)c->tariff * c->pl_2019 <= (__int128)c->tariff_2019 * c->pl_y;
    __int128 num = (__int128)c->tariff_2019 * c->pl_y * 2 + c->pl_2019;
    c->cap_ore = (int64_t)(num / (2 * (__int128)c->pl_2019));
    return true;
}

/* A tariff row of 2020-2022 with a 2019 tariff whose cap holds, found in the data. */
static void holding_case(cap_case *c)
{
    csv_row r;
    for (int after = 0; find_row("tariffs", NULL, NULL, after, &r); after = r.line) {
        int year = atoi(r.field[1]);
        if (year < 2020 || year > 2022) continue;
        if (cap_case_of(r.field[0], r.field[1], c) && c->holds) return;
    }
    cr_assert_fail("no tariff row holds its cap in the sample data");
}

/* ------------------------------------------------------------------ running explain */

typedef struct explained {
    int status;
    char *text;
    char *error;
} explained;

static explained explain(const char *rule, const char *key, int format)
{
    styr_rules *rules;
    cr_assert_eq(styr_rules_open(RULES, &rules), STYR_OK);
    styr_run *run;
    cr_assert_eq(styr_run_new(rules, &run), STYR_OK);
    explained e = { 0 };
    e.status = styr_run_explain(run, rule, key, format, 0, &e.text, NULL);
    e.error = strdup(styr_run_errmsg(run));
    styr_run_free(run);
    styr_rules_close(rules);
    return e;
}

static void explained_free(explained *e)
{
    free(e->text);
    free(e->error);
}

static void assert_has(const char *text, const char *want)
{
    cr_assert(text && strstr(text, want), "missing: %s\n--- in:\n%s", want, text ? text : "(null)");
}

/* The report of the shipped rules over the sample data, as JSON. */
static char *check_json(void)
{
    styr_rules *rules;
    cr_assert_eq(styr_rules_open(RULES, &rules), STYR_OK);
    styr_run *run;
    styr_run_new(rules, &run);
    styr_run_set_engine(run, STYR_ENGINE_INTERP);
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    char *json;
    styr_run_report(run, STYR_FORMAT_JSON, 0, &json, NULL);
    styr_run_free(run);
    styr_rules_close(rules);
    return json;
}

/* The key of the first indexation_cap item that is (or is not) explained. */
static void cap_item(bool explained_item, char *offer, char *year)
{
    char *json = check_json();
    const char *p = json;
    const char *want = explained_item ? "\"explained\": true" : "\"explained\": false";
    while ((p = strstr(p, "{\"dataset\": \"tariffs\", \"row\": "))) {
        const char *end = strchr(p, '\n');
        const char *ex = strstr(p, want);
        if (ex && (!end || ex < end) && strstr(p, "Takst") && strstr(p, "Takst") < (end ? end : p + strlen(p))) {
            cr_assert_eq(sscanf(p, "{\"dataset\": \"tariffs\", \"row\": %*d, \"key\": {\"offer_id\": \"%15[^\"]\", \"year\": %7[0-9]",
                                offer, year), 2);
            free(json);
            return;
        }
        p++;
    }
    free(json);
    cr_assert_fail("no indexation_cap item with %s", want);
}

/* The key of an explained indexation_cap item, and its row of explanations.csv. */
static void explained_item(char *offer, char *year, csv_row *ex)
{
    cap_item(true, offer, year);
    cr_assert(find_row("explanations", offer, year, 0, ex));
}

static void assert_cap_steps(const char *json, const cap_case *c)
{
    char want[1024], money[32];
    snprintf(want, sizeof want, "\"step\": \"row\", \"depth\": 0, \"file\": \"%s\"", RULES);
    assert_has(json, want);
    snprintf(want, sizeof want, "\"dataset\": \"tariffs\", \"row\": %d", c->row.line);
    assert_has(json, want);
    /* the lookup of the 2019 row, with its key, found on its line */
    snprintf(want, sizeof want, "\"values\": {\"offer_id\": \"%s\", \"year\": 2019}, \"dataset\": \"tariffs\", \"row\": %d",
             c->row.field[0], c->base.line);
    assert_has(json, want);
    money_json(c->tariff_2019, money, sizeof money);
    snprintf(want, sizeof want, "\"name\": \"tariff_2019\", \"value\": %s", money);
    assert_has(json, want);
    char num[32];
    number_text(c->pl_2019, num, sizeof num);
    snprintf(want, sizeof want, "\"name\": \"pl_2019\", \"value\": %s", num);
    assert_has(json, want);
    snprintf(want, sizeof want, "\"dataset\": \"pl_index\", \"row\": %d", c->pl_base.line);
    assert_has(json, want);
    number_text(c->pl_y, num, sizeof num);
    snprintf(want, sizeof want, "\"name\": \"pl_year\", \"value\": %s", num);
    assert_has(json, want);
    snprintf(want, sizeof want, "\"dataset\": \"pl_index\", \"row\": %d", c->pl_year.line);
    assert_has(json, want);
    money_json(c->cap_ore, money, sizeof money);
    snprintf(want, sizeof want, "\"name\": \"cap\", \"value\": %s", money);
    assert_has(json, want);
    assert_has(json, "\"source\": \"where t.year in 2020 to 2022\", \"outcome\": \"kept\"");
    assert_has(json, "\"source\": \"let cap = indexed(tariff_2019, pl_2019, pl_year)\"");
    money_json(c->tariff, money, sizeof money);
    snprintf(want, sizeof want, "\"source\": \"require t.tariff_per_day <= cap\", \"outcome\": \"%s\", \"values\": {\"t.tariff_per_day\": %s",
             c->holds ? "holds" : "fails", money);
    assert_has(json, want);
}

Test(explain, violating_cap_row_shows_every_step_with_the_values_from_the_data)
{
    char offer[16], year[8];
    cap_item(false, offer, year);
    cap_case c;
    cr_assert(cap_case_of(offer, year, &c));
    cr_assert_not(c.holds, "the report's violation %s %s holds by the data", offer, year);
    char key[2048];
    snprintf(key, sizeof key, "offer_id=%s,year=%s", offer, year);
    explained e = explain("indexation_cap", key, STYR_FORMAT_JSON);
    cr_assert_eq(e.status, STYR_FAILED, "%s", e.error);
    assert_cap_steps(e.text, &c);
    assert_has(e.text, "\"verdict\": \"fails\", \"holds\": false");
    assert_has(e.text, "\"source\": \"show excess_pct = excess / cap * 100 %\"");
    snprintf(key, sizeof key, "\"values\": {\"offer_id\": \"%s\", \"year\": %s}, \"dataset\": \"explanations\"", offer, year);
    assert_has(e.text, key);
    assert_has(e.text, "\"step\": \"explained by\"");
    assert_has(e.text, "\"outcome\": \"not explained\"");
    assert_has(e.text, "\"step\": \"message\"");
    explained_free(&e);
}

Test(explain, holding_cap_row_shows_every_step_and_holds)
{
    cap_case c;
    holding_case(&c);
    char key[2048];
    snprintf(key, sizeof key, "offer_id=%s,year=%s", c.row.field[0], c.row.field[1]);
    explained e = explain("indexation_cap", key, STYR_FORMAT_JSON);
    cr_assert_eq(e.status, STYR_OK, "%s", e.error);
    assert_cap_steps(e.text, &c);
    assert_has(e.text, "\"verdict\": \"holds\", \"holds\": true");
    cr_assert_null(strstr(e.text, "\"step\": \"message\""), "a row that holds has no message");
    explained_free(&e);
}

Test(explain, explained_row_shows_the_explanation_and_its_date)
{
    char offer[16], year[8];
    csv_row ex;
    explained_item(offer, year, &ex);
    char key[2048], want[1024];
    snprintf(key, sizeof key, "offer_id=%s,year=%s", offer, year);
    explained e = explain("indexation_cap", key, STYR_FORMAT_JSON);
    cr_assert_eq(e.status, STYR_OK, "an explained violation holds: %s", e.error);
    assert_has(e.text, "\"verdict\": \"explained\"");
    snprintf(want, sizeof want, "\"outcome\": \"explained\", \"name\": \"explanation\", \"value\": \"%s\", \"values\": {\"reported_on\": \"%s\"}",
             ex.field[3], ex.field[2]);
    assert_has(e.text, want);
    snprintf(want, sizeof want, "\"dataset\": \"explanations\", \"row\": %d", ex.line);
    assert_has(e.text, want);
    explained_free(&e);
}

Test(explain, report_item_carries_the_explanation_date_and_excess_percent)
{
    char offer[16], year[8];
    csv_row ex;
    explained_item(offer, year, &ex);
    char *json = check_json();
    char want[1024];
    snprintf(want, sizeof want, "\"explanation\": \"%s\", \"explained_on\": \"%s\"}", ex.field[3], ex.field[2]);
    assert_has(json, want);
    assert_has(json, "\"excess_pct\": ");
    free(json);
}

Test(explain, text_derivation_names_the_clauses_and_the_verdict)
{
    cap_case c;
    holding_case(&c);
    char key[2048], want[1024];
    snprintf(key, sizeof key, "offer_id=%s,year=%s", c.row.field[0], c.row.field[1]);
    explained e = explain("indexation_cap", key, STYR_FORMAT_TEXT);
    cr_assert_eq(e.status, STYR_OK);
    assert_has(e.text, "let base = tariffs[t.offer_id, 2019]");
    snprintf(want, sizeof want, "tariffs line %d", c.row.line);
    assert_has(e.text, want);
    assert_has(e.text, "Verdict: holds");
    explained_free(&e);
}

Test(explain, group_target_shows_the_group_rows_and_the_aggregate)
{
    /* The municipal offers' overhead in 2022, from tariffs.csv and offers.csv. */
    int64_t count = 0, sum = 0;
    csv_row t, o;
    for (int after = 0; find_row("tariffs", NULL, "2022", after, &t); after = t.line) {
        cr_assert(find_row("offers", t.field[0], NULL, 0, &o));
        if (strcmp(o.field[3], "kommune") || !t.field[5][0]) continue;
        count++;
        sum += fixed4(t.field[5]);
    }
    cr_assert_gt(count, 0);
    explained e = explain("overhead_target", "year=2022", STYR_FORMAT_JSON);
    char want[1024], num[32];
    snprintf(want, sizeof want, "\"step\": \"group\"");
    assert_has(e.text, want);
    snprintf(want, sizeof want, "\"values\": {\"year\": 2022}, \"rows\": %lld", (long long)count);
    assert_has(e.text, want);
    number_text(sum, num, sizeof num);
    snprintf(want, sizeof want, "\"source\": \"mean(t.overhead_pct)\"");
    assert_has(e.text, want);
    snprintf(want, sizeof want, "\"values\": {\"count\": %lld, \"sum\": %s}", (long long)count, num);
    assert_has(e.text, want);
    bool met = sum <= 6 * 10000 * count;   /* mean <= 6 % */
    cr_assert_eq(e.status, met ? STYR_OK : STYR_FAILED);
    assert_has(e.text, met ? "\"verdict\": \"holds\"" : "\"verdict\": \"missed\"");
    assert_has(e.text, "\"source\": \"aim level <= overhead_target\"");
    assert_has(e.text, "\"distance\": ");
    explained_free(&e);
}

Test(explain, row_left_out_by_a_where_is_not_checked)
{
    csv_row r;
    cr_assert(find_row("tariffs", NULL, "2019", 0, &r));
    char key[2048];
    snprintf(key, sizeof key, "offer_id=%s,year=2019", r.field[0]);
    explained e = explain("indexation_cap", key, STYR_FORMAT_JSON);
    cr_assert_eq(e.status, STYR_OK);
    assert_has(e.text, "\"source\": \"where t.year in 2020 to 2022\", \"outcome\": \"dropped\"");
    assert_has(e.text, "\"verdict\": \"not_checked\"");
    explained_free(&e);
}

/* The rule and key are a usage error whose message has each of the texts wanted. */
static void assert_usage_error(const char *rule, const char *key, const char *want, const char *also)
{
    explained e = explain(rule, key, STYR_FORMAT_TEXT);
    cr_assert_eq(e.status, STYR_ERR_USAGE, "%s", e.text ? e.text : "");
    cr_assert_null(e.text);
    assert_has(e.error, want);
    if (also) assert_has(e.error, also);
    explained_free(&e);
}

Test(explain, unknown_rule_is_a_usage_error_listing_the_rules)
{
    assert_usage_error("indexation_kap", "offer_id=T00001,year=2021", "there is no rule indexation_kap", "indexation_cap");
}

Test(explain, key_column_not_of_the_dataset_is_a_usage_error)
{
    assert_usage_error("indexation_cap", "tilbud=T00001,year=2021", "tilbud is not a column of tariffs", NULL);
}

Test(explain, key_selecting_no_row_hints_at_the_nearest_keys)
{
    csv_row r;
    cr_assert(find_row("tariffs", NULL, "2021", 0, &r));
    char id[128], key[512], want[512];
    snprintf(id, sizeof id, "%s", r.field[0]);
    /* a real offer id with its third character left out */
    snprintf(key, sizeof key, "offer_id=%.2s%s,year=2021", id, id + 3);
    snprintf(want, sizeof want, "have offer_id %s", id);
    assert_usage_error("indexation_cap", key, "no row of tariffs has", want);
}

Test(explain, key_naming_no_group_lists_the_groups)
{
    assert_usage_error("overhead_target", "year=1999", "no group of rule overhead_target has year=1999", "year=2022");
}

Test(explain, key_value_of_the_wrong_type_is_a_usage_error)
{
    assert_usage_error("indexation_cap", "offer_id=T00001,year=20x1", "cannot read \"20x1\" as year", NULL);
}

Test(explain, cli_exit_status_follows_the_verdict)
{
    char offer[16], year[8], args[1024];
    cap_item(false, offer, year);
    char *out;
    snprintf(args, sizeof args, "explain " RULES " --rule indexation_cap --key offer_id=%s,year=%s", offer, year);
    cr_assert_eq(th_styr(&out, args), 1, "%s", out);
    assert_has(out, "Verdict: fails");
    free(out);
    cap_case c;
    holding_case(&c);
    snprintf(args, sizeof args, "explain " RULES " --rule indexation_cap --key offer_id=%s,year=%s --format json",
             c.row.field[0], c.row.field[1]);
    cr_assert_eq(th_styr(&out, args), 0, "%s", out);
    assert_has(out, "\"verdict\": \"holds\"");
    free(out);
    cr_assert_eq(th_styr(&out, "explain " RULES " --rule nope --key a=1"), 2);
    assert_has(out, "there is no rule nope");
    free(out);
    cr_assert_eq(th_styr(&out, "explain " RULES " --key offer_id=T00001"), 2);
    assert_has(out, "--rule");
    free(out);
}

/* ------------------------------------------------------------------ show clauses */

static const char show_data[] =
    "dataset costs\n"
    "  from \"costs.csv\"\n"
    "  key id\n"
    "  columns\n"
    "    id    text\n"
    "    cost  money\n"
    "    cap   money\n";

static char *show_report(const char *rule)
{
    const char *dir = th_tempdir();
    th_write(dir, "costs.csv", "id,cost,cap\nA,110.00,100.00\nB,50.00,0.00\nC,10.00,20.00\n");
    char text[2048];
    snprintf(text, sizeof text, "%s%s", show_data, rule);
    return th_run_json(dir, text);
}

Test(explain, show_value_is_shown_with_each_item_and_read_by_the_message)
{
    char *json = show_report("requirement r \"r\"\n"
                             "  for c in costs\n"
                             "  require c.cost <= c.cap\n"
                             "  show over = (c.cost - c.cap) / c.cap * 100 %\n"
                             "  message \"{over} over\"\n");
    assert_has(json, "\"key\": {\"id\": \"A\"}, \"values\": {\"cost\": \"110.00\", \"cap\": \"100.00\", \"over\": 10}");
    assert_has(json, "\"message\": \"10 % over\"");
    free(json);
}

Test(explain, show_that_cannot_be_worked_out_is_empty_and_the_violation_stands)
{
    char *json = show_report("requirement r \"r\"\n"
                             "  for c in costs\n"
                             "  require c.cost <= c.cap\n"
                             "  show over = (c.cost - c.cap) / c.cap * 100 %\n");
    assert_has(json, "\"key\": {\"id\": \"B\"}, \"values\": {\"cost\": \"50.00\", \"cap\": \"0.00\", \"over\": null}");
    assert_has(json, "\"violations\": 2, \"explained\": 0, \"errors\": 0");
    free(json);
}

/* A rule over costs whose diagnostics say want. */
static void assert_diagnostic(const char *rule, const char *want)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s", show_data, rule);
    char *d = th_diagnostics(th_tempdir(), text);
    assert_has(d, want);
    free(d);
}

Test(explain, show_before_the_check_is_an_error)
{
    assert_diagnostic("requirement r \"r\"\n  for c in costs\n  show x = c.cost\n  require c.cost <= c.cap\n",
                      "`show` works out a value for the items of a check");
}

Test(explain, emit_after_show_is_an_error)
{
    assert_diagnostic("requirement r \"r\"\n  for c in costs\n  require c.cost <= c.cap\n  show x = c.cost\n  emit out (x)\n",
                      "`emit` cannot follow `show`");
}
