/*
** test_language.c: the language end to end on small hand-made data: diagnostics of the
** parser and checker, the semantics of checks, explanations, empty values, groups,
** allocation, and the exit statuses of `styr check`.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apportion.h"
#include "helpers.h"

/* The datasets of the R4 cap, over files in the test's folder. */
static const char cap_rules[] =
    "agreement \"Test\" period 2021-01-01 to 2022-12-31\n"
    "import \"stdlib/index\"\n"
    "dataset tariffs from \"tariffs.csv\" key offer_id, year dated by year columns\n"
    "  offer_id text  year year  tariff_per_day money per day\n"
    "  base_tariff money per day optional  service_tariff money per day optional\n"
    "dataset pl_index from \"pl.csv\" key year columns year year  index number\n"
    "dataset explanations from \"explanations.csv\" key offer_id, year columns\n"
    "  offer_id text  year year  text text\n"
    "define pl(y: year) = pl_index[y].index\n"
    "requirement indexation_cap \"cap\"\n"
    "  for t in tariffs where t.year in 2020 to 2022\n"
    "  let base = tariffs[t.offer_id, 2019]\n"
    "  where base exists\n"
    "  let cap = indexed(base.tariff_per_day, pl(2019), pl(t.year))\n"
    "  require t.tariff_per_day <= cap\n"
    "  explained by explanations[t.offer_id, t.year].text\n";

static const char *cap_dir(const char *tariffs)
{
    const char *dir = th_tempdir();
    th_write(dir, "tariffs.csv", tariffs);
    th_write(dir, "pl.csv", "year,index\n2019,107.8\n2020,110.2\n2021,112.0\n");
    th_write(dir, "explanations.csv", "offer_id,year,text\nT3,2020,Ny normering\n");
    return dir;
}

Test(language, rise_exactly_at_the_cap_passes)
{
    /* 1000.00 * 110.2 / 107.8 = 1022.2634...: 1022.26 is under it, 1022.27 over. */
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T1,2019,1000.00,,\nT1,2020,1022.26,,\n");
    char *json = th_run_json(dir, cap_rules);
    cr_assert(strstr(json, "\"status\": \"pass\""), "%s", json);
    cr_assert(strstr(json, "\"checked\": 1, \"violations\": 0"), "%s", json);
    free(json);
}

Test(language, one_øre_over_the_exact_cap_fails)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T2,2019,1000.00,,\nT2,2020,1022.27,,\n");
    char *json = th_run_json(dir, cap_rules);
    cr_assert(strstr(json, "\"status\": \"fail\""), "%s", json);
    cr_assert(strstr(json, "\"key\": {\"offer_id\": \"T2\", \"year\": 2020}"), "%s", json);
    cr_assert(strstr(json, "\"row\": 3"), "the row is the line in the file: %s", json);
    cr_assert(strstr(json, "\"cap\": \"1022.26\""), "money is a string with two decimals: %s", json);
    free(json);
}

Test(language, explained_violation_does_not_fail_the_run)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T3,2019,1000.00,,\nT3,2020,1100.00,,\n");
    char *json = th_run_json(dir, cap_rules);
    cr_assert(strstr(json, "\"status\": \"explained\""), "%s", json);
    cr_assert(strstr(json, "\"explained\": true, \"explanation\": \"Ny normering\""), "%s", json);
    cr_assert(strstr(json, "\"failed\": 0"), "%s", json);
    free(json);
}

Test(language, offer_without_base_year_is_not_checked)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T4,2020,5000.00,,\n");
    char *json = th_run_json(dir, cap_rules);
    cr_assert(strstr(json, "\"checked\": 0, \"violations\": 0"), "%s", json);
    free(json);
}

Test(language, danish_csv_gives_the_same_verdict)
{
    const char *dir = cap_dir("offer_id;year;tariff_per_day;base_tariff;service_tariff\r\n"
                              "T2;2019;1.000,00;;\r\nT2;2020;1.022,27;;\r\n");
    char *json = th_run_json(dir, cap_rules);
    cr_assert(strstr(json, "\"status\": \"fail\""), "%s", json);
    cr_assert(strstr(json, "\"tariff_per_day\": \"1022.27\""), "%s", json);
    free(json);
}

Test(language, missing_index_year_is_a_violation_not_a_pass)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T5,2019,1000.00,,\nT5,2022,1000.00,,\n");
    char *json = th_run_json(dir, cap_rules);
    cr_assert(strstr(json, "\"status\": \"fail\""), "an undecidable check must not pass: %s", json);
    cr_assert(strstr(json, "\"cap\": null"), "%s", json);
    free(json);
}

Test(language, syntax_error_names_file_line_and_column)
{
    const char *dir = th_tempdir();
    char *text = th_diagnostics(dir, "parameter x = 5 +\nparameter y = 2\n");
    cr_assert(strstr(text, "rules.styr:2:1: error: unexpected `parameter`; expected an expression"), "%s", text);
    cr_assert(strstr(text, " 2 | parameter y = 2\n   | ^~~~~~~~~"), "the line and a caret: %s", text);
    free(text);
}

Test(language, parser_reports_more_than_one_error)
{
    const char *dir = th_tempdir();
    char *text = th_diagnostics(dir, "parameter x = = 1\nparameter y = 2\nparameter z = * 3\n");
    cr_assert(strstr(text, "rules.styr:1:15:"), "%s", text);
    cr_assert(strstr(text, "rules.styr:3:15:"), "%s", text);
    free(text);
}

Test(language, money_plus_percent_is_a_unit_error)
{
    const char *dir = th_tempdir();
    char *text = th_diagnostics(dir, "parameter x = 100 kr + 5 %\n");
    cr_assert(strstr(text, "error: cannot add money and percent"), "%s", text);
    cr_assert(strstr(text, "hint: to take a percentage of an amount, multiply"), "%s", text);
    free(text);
}

Test(language, money_times_percent_is_money)
{
    const char *dir = th_tempdir();
    th_write(dir, "d.csv", "id,amount\nA,200.00\n");
    char *json = th_run_json(dir, "dataset d from \"d.csv\" key id columns id text amount money\n"
                                  "info share \"share\"\n  for r in d\n  let part = r.amount * 7.5 %\n"
                                  "  emit parts (id: r.id, part)\n");
    cr_assert(strstr(json, "\"part\": \"15.00\""), "%s", json);
    free(json);
}

Test(language, unknown_name_suggests_the_close_one)
{
    const char *dir = th_tempdir();
    char *text = th_diagnostics(dir, "parameter threshold = 6 %\nparameter y = treshold * 2\n");
    cr_assert(strstr(text, "unknown name `treshold`"), "%s", text);
    cr_assert(strstr(text, "did you mean `threshold`?"), "%s", text);
    free(text);
}

Test(language, recursion_is_rejected)
{
    const char *dir = th_tempdir();
    char *text = th_diagnostics(dir, "define f(x) = g(x)\ndefine g(x) = f(x)\nparameter y = f(1)\n");
    cr_assert(strstr(text, "calls itself"), "%s", text);
    free(text);
}

Test(language, group_by_aggregates_and_reads_earlier_groups)
{
    const char *dir = th_tempdir();
    th_write(dir, "p.csv", "id,m,year,amount\n1,A,2020,100.00\n2,A,2020,50.00\n3,A,2021,300.00\n4,B,2021,10.00\n");
    char *json = th_run_json(dir, "dataset p from \"p.csv\" key id columns id text m text year year amount money\n"
                                  "info by_m \"by m\"\n  for x in p\n  group by x.m, x.year\n"
                                  "  let total = sum(x.amount)\n  let growth = total / total[m, year - 1]\n"
                                  "  emit totals (m, year, total, growth)\n");
    cr_assert(strstr(json, "{\"m\": \"A\", \"year\": 2020, \"total\": \"150.00\", \"growth\": null}"), "%s", json);
    cr_assert(strstr(json, "{\"m\": \"A\", \"year\": 2021, \"total\": \"300.00\", \"growth\": 2}"), "%s", json);
    free(json);
}

Test(language, allocation_parts_sum_exactly_to_the_whole)
{
    const char *dir = th_tempdir();
    th_write(dir, "m.csv", "name,population\nA,1\nB,1\nC,1\n");
    char *json = th_run_json(dir, "dataset m from \"m.csv\" key name columns name text population int\n"
                                  "parameter total = 100.00 kr\n"
                                  "info share \"share\"\n  for x in m where x.name = \"A\"\n"
                                  "  allocate total among y in m by y.population as part\n"
                                  "  emit parts (name: y.name, part)\n");
    /* 100.00 / 3 = 33.333...: one part gets the left-over øre, the earliest on a tie. */
    cr_assert(strstr(json, "{\"name\": \"A\", \"part\": \"33.34\"}"), "%s", json);
    cr_assert(strstr(json, "{\"name\": \"B\", \"part\": \"33.33\"}"), "%s", json);
    cr_assert(strstr(json, "{\"name\": \"C\", \"part\": \"33.33\"}"), "%s", json);
    free(json);
}

/* A small generator for the property test, so it is the same on every run. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

Test(language, apportion_sums_exactly_and_stays_within_one_unit_of_each_quota)
{
    uint64_t seed = 2021;
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + next_random(&seed) % 30;
        int64_t total = (int64_t)(next_random(&seed) % 100000000) - 20000000;
        rat w[30];
        int64_t parts[30];
        rat sum = rat_from_int(0);
        for (size_t i = 0; i < n; i++) {
            w[i] = rat_from_int((int64_t)(next_random(&seed) % 700000));
            rat_add(sum, w[i], &sum);
        }
        if (rat_is_zero(sum)) w[0] = rat_from_int(1), sum = w[0];
        cr_assert_eq(apportion(total, w, n, parts), APPORTION_OK);
        int64_t got = 0;
        for (size_t i = 0; i < n; i++) {
            got += parts[i];
            rat quota, diff;
            rat_mul(rat_from_int(total), w[i], &quota);
            rat_div(quota, sum, &quota);
            rat_sub(rat_from_int(parts[i]), quota, &diff);
            cr_assert(rat_cmp(rat_abs(diff), rat_from_int(1)) < 0, "part %zu is a unit or more from its quota", i);
        }
        cr_assert_eq(got, total, "round %d: parts sum to %lld, not %lld", round, (long long)got, (long long)total);
    }
}

Test(cli, bad_value_exits_3_naming_file_and_line)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T1,2019,1000.00,,\nT1,12x4.5,1000.00,,\n");
    th_write(dir, "rules.styr", cap_rules);
    char args[512], *out;
    snprintf(args, sizeof args, "check %s/rules.styr", dir);
    int st = th_styr(&out, args);
    cr_assert_eq(st, 3, "%s", out);
    cr_assert(strstr(out, "tariffs.csv:3: column year: cannot read \"12x4.5\" as year"), "%s", out);
    free(out);
}

Test(cli, bad_value_in_a_column_no_rule_reads_exits_3)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T1,2019,1000.00,,\nT1,2020,1000.00,12x,\n");
    th_write(dir, "rules.styr", cap_rules);
    cr_assert_null(strstr(cap_rules, ".base_tariff"), "the rules must not read the spoiled column");
    char args[512], *out;
    snprintf(args, sizeof args, "check %s/rules.styr", dir);
    int st = th_styr(&out, args);
    cr_assert_eq(st, 3, "%s", out);
    cr_assert(strstr(out, "tariffs.csv:3: column base_tariff: cannot read \"12x\" as money"), "%s", out);
    free(out);
}

Test(cli, failed_requirement_exits_1_and_holding_exits_0)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n"
                              "T2,2019,1000.00,,\nT2,2020,1022.27,,\n");
    th_write(dir, "rules.styr", cap_rules);
    th_write(dir, "ok.csv", "offer_id,year,tariff_per_day,base_tariff,service_tariff\nT1,2019,1000.00,,\n");
    char args[512], *out;
    snprintf(args, sizeof args, "check %s/rules.styr --format json", dir);
    cr_assert_eq(th_styr(&out, args), 1, "%s", out);
    free(out);
    snprintf(args, sizeof args, "check %s/rules.styr --data tariffs=%s/ok.csv", dir, dir);
    cr_assert_eq(th_styr(&out, args), 0, "%s", out);
    free(out);
}

Test(cli, wrong_rule_file_exits_2)
{
    const char *dir = th_tempdir();
    th_write(dir, "rules.styr", "parameter x = 1 kr + 1 %\n");
    char args[512], *out;
    snprintf(args, sizeof args, "check %s/rules.styr", dir);
    cr_assert_eq(th_styr(&out, args), 2, "%s", out);
    free(out);
    cr_assert_eq(th_styr(&out, "check"), 2);
    free(out);
}

Test(cli, unknown_dataset_in_data_option_exits_2)
{
    const char *dir = cap_dir("offer_id,year,tariff_per_day,base_tariff,service_tariff\n");
    th_write(dir, "rules.styr", cap_rules);
    char args[512], *out;
    snprintf(args, sizeof args, "check %s/rules.styr --data tarifs=x.csv", dir);
    cr_assert_eq(th_styr(&out, args), 2, "%s", out);
    cr_assert(strstr(out, "declare no dataset tarifs"), "%s", out);
    free(out);
}

Test(shipped_rules, agreement_2021_2022_finds_the_planted_faults_in_the_sample_data)
{
    char *out;
    int st = th_styr(&out, "check rules/hovedstaden-2021-2022.styr --format json");
    cr_assert_eq(st, 1, "the sample data breaks requirements: %s", out);
    /* Counted independently in rules/data/README.md: 31 cap violations, 16 explained;
    ** 6 split faults. */
    cr_assert(strstr(out, "\"id\": \"indexation_cap\", \"title\": \"Udgifter pr. dag stiger højst med pris- og "
                          "lønfremskrivningen ift. 2019\", \"kind\": \"requirement\", \"status\": \"fail\", "
                          "\"checked\": 441, \"violations\": 31, \"explained\": 16"), "%.2000s", out);
    cr_assert(strstr(out, "\"id\": \"base_service_split\""), "%.200s", out);
    cr_assert(strstr(out, "\"checked\": 160, \"violations\": 6"), "%.200s", out);
    free(out);
}

Test(shipped_rules, danish_sample_gives_the_planted_counts)
{
    char *out;
    int st = th_styr(&out, "check rules/hovedstaden-2021-2022.styr --format json"
                           " --data tariffs=tests/data/danish/tariffs.csv"
                           " --data explanations=tests/data/danish/explanations.csv"
                           " --data offers=tests/data/danish/offers.csv");
    cr_assert_eq(st, 1, "%s", out);
    /* tests/data/danish/README.md: 9 cap violations, 5 explained; 1 split fault. */
    cr_assert(strstr(out, "\"checked\": 105, \"violations\": 9, \"explained\": 5"), "%.3000s", out);
    free(out);
}

/* Runs the shipped 2021-2022 rules with some datasets replaced by files in dir. */
static int run_2021_2022(char **out, const char *dir, const char *datasets)
{
    char args[1024];
    int n = snprintf(args, sizeof args, "check rules/hovedstaden-2021-2022.styr --format json");
    for (const char *d = datasets; *d;) {
        const char *end = strchr(d, ' ');
        size_t len = end ? (size_t)(end - d) : strlen(d);
        n += snprintf(args + n, sizeof args - (size_t)n, " --data %.*s=%s/%.*s.csv", (int)len, d, dir, (int)len, d);
        d += len + (end ? 1 : 0);
    }
    return th_styr(out, args);
}

Test(shipped_rules, split_requires_both_parts_summing_to_the_tariff_from_2022)
{
    const char *dir = th_tempdir();
    th_write(dir, "tariffs.csv",
             "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,occupied_days\n"
             "A,2021,1000.00,,,6.0,300\n"          /* before 2022: not checked */
             "A,2022,1000.00,600.00,400.00,6.0,300\n"  /* holds */
             "B,2022,1000.00,,400.00,6.0,300\n"        /* base missing */
             "C,2022,1000.00,600.00,400.01,6.0,300\n"); /* one øre off */
    char *out;
    run_2021_2022(&out, dir, "tariffs");
    const char *rule = strstr(out, "\"id\": \"base_service_split\"");
    cr_assert(rule, "%s", out);
    cr_assert(strstr(rule, "\"status\": \"fail\", \"checked\": 3, \"violations\": 2"), "%.600s", rule);
    cr_assert(strstr(rule, "\"key\": {\"offer_id\": \"B\", \"year\": 2022}"), "%.1500s", rule);
    cr_assert(strstr(rule, "\"key\": {\"offer_id\": \"C\", \"year\": 2022}"), "%.1500s", rule);
    cr_assert(strstr(rule, "\"message\": \"Basistakst mangler\""), "%.1500s", rule);
    free(out);
}

Test(shipped_rules, overhead_target_is_the_mean_of_municipal_offers_only)
{
    const char *dir = th_tempdir();
    th_write(dir, "offers.csv", "offer_id,name,operator,operator_kind,paragraph,target_group,places\n"
                                "K1,a,København,kommune,SEL 108,x,10\nK2,b,Gentofte,kommune,SEL 108,x,10\n"
                                "R1,c,Region Hovedstaden,region,SEL 108,x,10\n");
    th_write(dir, "tariffs.csv",
             "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,occupied_days\n"
             "K1,2020,1000.00,,,6.0,3000\nK2,2020,1000.00,,,7.0,3000\n"
             "K1,2021,1000.00,,,5.0,3000\nK2,2021,1000.00,,,8.0,3000\nR1,2021,1000.00,,,20.0,3000\n");
    char *out;
    run_2021_2022(&out, dir, "tariffs offers");
    const char *rule = strstr(out, "\"id\": \"overhead_target\"");
    cr_assert(rule, "%s", out);
    /* 2021: (5.0 + 8.0) / 2 = 6.5 % > 6 %, 0.5 points over, unchanged from 2020's 6.5 %. */
    cr_assert(strstr(rule, "\"status\": \"missed\", \"checked\": 1, \"violations\": 1"), "%.600s", rule);
    cr_assert(strstr(rule, "\"level\": 6.5"), "%.900s", rule);
    cr_assert(strstr(rule, "\"distance\": 0.5, \"trend\": 0"), "%.900s", rule);
    free(out);
}

/* Sums the amounts of deficit_allocation rows of one project and year, in øre, and
** counts them. */
static long long allocated_øre(const char *json, const char *project_year, int *rows)
{
    long long sum = 0;
    *rows = 0;
    for (const char *p = strstr(json, project_year); p; p = strstr(p + 1, project_year)) {
        const char *a = strstr(p, "\"amount\": \"");
        if (!a) break;
        long long kr = 0, øre = 0;
        sscanf(a + 11, "%lld.%2lld", &kr, &øre);
        sum += kr * 100 + (kr < 0 ? -øre : øre);
        (*rows)++;
    }
    return sum;
}

Test(shipped_rules, deficit_coverage_tapers_and_shares_to_the_øre)
{
    const char *dir = th_tempdir();
    th_write(dir, "projects.csv", "project_id,operator,start_year,places\nP1,København,2021,10\nP2,Gentofte,2021,8\n");
    th_write(dir, "project_deficits.csv", "project_id,year,deficit\n"
                                          "P1,2021,1000.00\nP1,2022,1000.01\nP1,2024,500.00\nP2,2021,999.99\n");
    th_write(dir, "project_participants.csv", "project_id,municipality\nP2,Dragør\nP2,Furesø\n");
    char *out;
    run_2021_2022(&out, dir, "projects project_deficits project_participants");
    int rows;
    /* Year 1: 75 % of 1000.00 = 750.00, shared among all 29 municipalities. */
    cr_assert_eq(allocated_øre(out, "{\"project_id\": \"P1\", \"year\": 2021", &rows), 75000, "%.3000s", out);
    cr_assert_eq(rows, 29);
    /* Year 2: 50 % of 1000.01 = 500.005, rounded half away from zero to 500.01. */
    cr_assert_eq(allocated_øre(out, "{\"project_id\": \"P1\", \"year\": 2022", &rows), 50001);
    cr_assert_eq(rows, 29);
    /* Interested municipalities only: 75 % of 999.99 = 749.9925 -> 749.99 between two. */
    cr_assert_eq(allocated_øre(out, "{\"project_id\": \"P2\", \"year\": 2021", &rows), 74999);
    cr_assert_eq(rows, 2);
    /* Year 4 lies outside the start-up period: not covered, and flagged. */
    cr_assert_null(strstr(out, "{\"project_id\": \"P1\", \"year\": 2024, \"municipality\""));
    cr_assert(strstr(out, "\"key\": {\"project_id\": \"P1\", \"year\": 2024}"), "%.3000s", out);
    free(out);
}

Test(language, weighted_mean_of_a_plain_list_is_rejected_by_the_checker)
{
    const char *dir = th_tempdir();
    char *text = th_diagnostics(dir, "dataset d from \"d.csv\" key id columns id text x number w number\n"
                                     "parameter m = mean(d.x weighted by 2)\n");
    cr_assert(strstr(text, "a weight needs each row"), "%s", text);
    free(text);
}

Test(shipped_rules, cap_of_2019_2020_compounds_the_yearly_reduction)
{
    /* 1000.00 * 102.1 / 100.0 * 0.995 = 1015.8950: 1015.89 holds, 1015.90 does not. */
    const char *dir = th_tempdir();
    th_write(dir, "tariffs.csv", "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,occupied_days\n"
                                 "A,2014,1000.00,,,6.0,300\nA,2015,1015.89,,,6.0,300\n"
                                 "B,2014,1000.00,,,6.0,300\nB,2015,1015.90,,,6.0,300\n");
    char args[512], *out;
    snprintf(args, sizeof args, "check rules/hovedstaden-2019-2020.styr --format json --data tariffs=%s/tariffs.csv", dir);
    cr_assert_eq(th_styr(&out, args), 1, "%s", out);
    const char *rule = strstr(out, "\"id\": \"indexation_cap\"");
    cr_assert(rule && strstr(rule, "\"checked\": 2, \"violations\": 1"), "%.800s", out);
    cr_assert(strstr(rule, "\"key\": {\"offer_id\": \"B\", \"year\": 2015}"), "%.1200s", rule);
    cr_assert(strstr(rule, "\"cap\": \"1015.90\""), "the exact cap 1015.895 shows rounded: %.1200s", rule);
    free(out);
}

Test(shipped_rules, occupancy_flags_offers_below_the_threshold)
{
    const char *dir = th_tempdir();
    th_write(dir, "offers.csv", "offer_id,name,operator,operator_kind,paragraph,target_group,places\n"
                                "O1,Lav,København,kommune,SEL 108,x,10\nO2,Høj,København,kommune,SEL 108,x,10\n");
    /* 2021 has 365 days: O1 2000 / 3650 = 54.8 %, O2 3000 / 3650 = 82.2 %. */
    th_write(dir, "tariffs.csv", "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,occupied_days\n"
                                 "O1,2021,1000.00,,,6.0,2000\nO2,2021,1000.00,,,6.0,3000\n");
    char *out;
    run_2021_2022(&out, dir, "tariffs offers");
    const char *rule = strstr(out, "\"id\": \"occupancy\"");
    cr_assert(rule && strstr(rule, "\"status\": \"pass\", \"checked\": 2, \"violations\": 1"), "%.800s", rule);
    cr_assert(strstr(rule, "\"key\": {\"offer_id\": \"O1\", \"year\": 2021}"), "%.800s", rule);
    cr_assert(strstr(out, "{\"paragraph\": \"SEL 108\", \"year\": 2021, \"occupancy\": 68.4932}"),
              "5000 / 7300 days for the paragraph: %.200s", strstr(out, "occupancy_by_paragraph"));
    free(out);
}

Test(shipped_rules, monitoring_follows_expenditure_from_year_to_year)
{
    const char *dir = th_tempdir();
    th_write(dir, "placements.csv", "placement_id,offer_id,buying_municipality,from_date,to_date,days,tariff_per_day,amount\n"
                                    "1,T1,Dragør,2019-01-01,2019-01-10,10,10.00,100.00\n"
                                    "2,T1,Dragør,2020-01-01,2020-01-10,10,10.00,100.00\n"
                                    "3,T1,Dragør,2020-02-01,2020-02-05,5,10.00,50.00\n");
    char *out;
    run_2021_2022(&out, dir, "placements");
    /* 2020: 150.00 against 100.00 in 2019, the base year: +50 %, index 150. */
    cr_assert(strstr(out, "{\"municipality\": \"Dragør\", \"year\": 2020, \"expenditure\": \"150.00\""), "%.400s",
              strstr(out, "expenditure_by_municipality"));
    cr_assert(strstr(out, "\"change\": 50, \"index\": 150}"), "%.600s", strstr(out, "expenditure_by_municipality"));
    free(out);
}

Test(shipped_rules, tariff_analysis_and_overhead_of_2019_2020)
{
    const char *dir = th_tempdir();
    th_write(dir, "offers.csv", "offer_id,name,operator,operator_kind,paragraph,target_group,places\n"
                                "A,a,København,kommune,SEL 108,x,10\nB,b,Gentofte,kommune,SEL 108,x,10\n");
    /* 2015 caps: 1000.00 * 1.021 * 0.995 = 1015.895; A stays under, B is above. */
    th_write(dir, "tariffs.csv", "offer_id,year,tariff_per_day,base_tariff,service_tariff,overhead_pct,occupied_days\n"
                                 "A,2014,1000.00,,,5.0,300\nA,2015,1010.00,,,5.0,300\n"
                                 "B,2014,1000.00,,,7.0,300\nB,2015,1030.00,,,7.0,300\n"
                                 "A,2019,1000.00,,,5.5,300\nB,2019,1000.00,,,6.0,300\n");
    char args[512], *out;
    snprintf(args, sizeof args, "check rules/hovedstaden-2019-2020.styr --format json"
                                " --data tariffs=%s/tariffs.csv --data offers=%s/offers.csv", dir, dir);
    th_styr(&out, args);
    /* R3: (1010 + 1030) / 2000 - 1 = 2 %; the caps allow 1.5895 %. */
    cr_assert(strstr(out, "{\"year\": 2015, \"offers_checked\": 2, \"above_cap\": 1, \"development\": 2, "
                          "\"allowed\": 1.5895}"), "%.600s", strstr(out, "tariff_analysis_by_year"));
    /* R2: 2019's municipal mean is 5.75 %: the target is met that year. */
    const char *r2 = strstr(out, "\"id\": \"overhead_target\"");
    cr_assert(r2 && strstr(r2, "\"status\": \"met\", \"checked\": 1, \"violations\": 0"), "%.400s", r2);
    free(out);
}

Test(language, a_list_of_other_rows_inside_a_group_is_no_row_reference)
{
    /* `e` walks the dataset on its own: counting it per group is allowed. */
    const char *dir = th_tempdir();
    th_write(dir, "m.csv", "id,cat,amount\n1,A,10.00\n2,A,20.00\n3,B,5.00\n");
    char *json = th_run_json(dir, "dataset m from \"m.csv\" key id columns id text  cat text  amount money\n"
                                  "info per_cat \"per cat\"\n  for t in m\n  group by t.cat as cat\n"
                                  "  let same = count((each e in m where e.cat = cat))\n"
                                  "  let bigger = count((each e in m where e.cat = cat and e.amount > 15 kr))\n"
                                  "  emit cats (cat, same, bigger)\n");
    cr_assert(strstr(json, "{\"cat\": \"A\", \"same\": 2, \"bigger\": 1}"), "%s", json);
    cr_assert(strstr(json, "{\"cat\": \"B\", \"same\": 1, \"bigger\": 0}"), "%s", json);
    free(json);
}
