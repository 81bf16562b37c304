/*
** misuse.c: calls a program should not make, or not yet: each must answer with the
** status styr.h gives it, leave its message, and change nothing, so that the run goes
** on to the report a fresh process gives. Their cleanup is soaked with the rest.
*/
#include <stdlib.h>
#include <string.h>

#include "soak.h"

#define EXPECT(r, call, want)                                                                       \
    do {                                                                                           \
        int got_ = (call);                                                                         \
        if (got_ != (want)) sk_problem((r), "%s gave %d, not %d (%s)", #call, got_, (int)(want), #want); \
    } while (0)

static int refuse(void *ctx, const char *text, size_t len)
{
    (void)ctx, (void)text, (void)len;
    return 1;
}

/* The report of a run not executed, in every way there is to ask for it. */
static void no_report_yet(styr_run *run, sk_result *r)
{
    char *text = NULL;
    EXPECT(r, styr_run_report(run, STYR_FORMAT_JSON, 0, &text, NULL), STYR_ERR_USAGE);
    EXPECT(r, styr_run_write_report(run, STYR_FORMAT_TEXT, 0, refuse, NULL), STYR_ERR_USAGE);
    EXPECT(r, styr_run_export(run, STYR_FORMAT_CSV, 0, "/nonexistent/soak"), STYR_ERR_USAGE);
    EXPECT(r, styr_run_verdict(run), STYR_ERR_USAGE);
    EXPECT(r, styr_run_compiled(run, NULL, NULL), -1);
    EXPECT(r, styr_result_rules(run), -1);
    EXPECT(r, styr_result_outputs(run), -1);
    if (styr_result_rule_id(run, 0) || styr_item_value(run, 0, 0, STYR_PART_KEY, 0, NULL, NULL))
        sk_problem(r, "a run not executed has results");
    if (text) sk_problem(r, "styr_run_report of a run not executed gave text");
}

void sk_misuse_unbound(styr_run *run, const char *dataset, sk_result *r)
{
    no_report_yet(run, r);
    EXPECT(r, styr_bind_file(run, "no_such_dataset", "x.csv"), STYR_ERR_USAGE);
    EXPECT(r, styr_bind_csv(run, "no_such_dataset", "a\n1\n", 4), STYR_ERR_USAGE);
    if (!strstr(styr_run_errmsg(run), "declare no dataset no_such_dataset"))
        sk_problem(r, "binding an unknown dataset says \"%s\"", styr_run_errmsg(run));
    EXPECT(r, styr_bind_columns(run, "no_such_dataset", 0, NULL, 0), STYR_ERR_USAGE);
    EXPECT(r, styr_run_set_engine(run, 7), STYR_ERR_USAGE);
    EXPECT(r, styr_run_set_jobs(run, -1), STYR_ERR_USAGE);
    if (!dataset) return;
    /* Bad data bound and refused: its half-made dataset must go, and the dataset is read
    ** from where it was to be read from before. */
    static const char bad_csv[] = "not,the,columns\n1,2,3\n";
    EXPECT(r, styr_bind_csv(run, dataset, bad_csv, sizeof bad_csv - 1), STYR_ERR_DATA);
    /* A column of a type no declaration takes as text, then none at all. */
    static const int64_t one[] = { 1 };
    styr_column wrong = { .name = "soak_not_declared", .type = 99, .values = one };
    int st = styr_bind_columns(run, dataset, 1, &wrong, 1);
    if (st != STYR_ERR_USAGE && st != STYR_ERR_DATA) sk_problem(r, "binding a column of type 99 gave %d", st);
}

void sk_misuse_unrun(styr_run *run, sk_result *r)
{
    no_report_yet(run, r);
    /* Explaining loads the data; the run then executes over what it loaded. */
    char *text = NULL;
    int st = styr_run_explain(run, "no_such_rule", "x=1", STYR_FORMAT_JSON, 0, &text, NULL);
    if (st != STYR_ERR_USAGE && st != STYR_ERR_DATA) sk_problem(r, "explaining an unknown rule gave %d", st);
    if (text) sk_problem(r, "explaining an unknown rule gave text");
}

void sk_misuse_done(styr_run *run, const char *dataset, const char *scratch, sk_result *r)
{
    EXPECT(r, styr_execute(run), STYR_ERR_USAGE);
    if (!strstr(styr_run_errmsg(run), "already been executed"))
        sk_problem(r, "executing twice says \"%s\"", styr_run_errmsg(run));
    if (dataset) {
        EXPECT(r, styr_bind_file(run, dataset, "x.csv"), STYR_ERR_USAGE);
        EXPECT(r, styr_bind_csv(run, dataset, "", 0), STYR_ERR_USAGE);
    }
    EXPECT(r, styr_run_set_reject_file(run, scratch), STYR_ERR_USAGE);
    char *text = NULL;
    EXPECT(r, styr_run_report(run, 99, 0, &text, NULL), STYR_ERR_USAGE);
    EXPECT(r, styr_run_report(run, STYR_FORMAT_JSON, 0, NULL, NULL), STYR_ERR_USAGE);
    EXPECT(r, styr_run_export(run, 99, 0, scratch), STYR_ERR_USAGE);
    EXPECT(r, styr_run_write_report(run, STYR_FORMAT_JSON, 0, refuse, NULL), STYR_ERR_WRITE);
    EXPECT(r, styr_run_explain(run, "no_such_rule", "x=1", STYR_FORMAT_TEXT, 0, &text, NULL), STYR_ERR_USAGE);
    EXPECT(r, styr_run_explain(run, "no_such_rule", "x=1", 99, 0, &text, NULL), STYR_ERR_USAGE);
    if (text) sk_problem(r, "a refused call gave text");
    int rules = styr_result_rules(run);
    if (styr_result_rule_id(run, rules) || styr_result_rule_id(run, -1) || styr_output_name(run, styr_result_outputs(run)))
        sk_problem(r, "a result out of range is there");
    EXPECT(r, styr_result_rule_count(run, 0, 99), -1);
}

void sk_misuse_failed_rules(const styr_rules *rules, sk_result *r)
{
    styr_run *run = (styr_run *)1;
    EXPECT(r, styr_run_new(rules, &run), STYR_ERR_USAGE);
    if (run) sk_problem(r, "styr_run_new on rules with errors left a run");
    EXPECT(r, styr_rules_datasets(rules), 0);
    if (styr_dataset_name(rules, 0)) sk_problem(r, "rules with errors name a dataset");
    char *out = NULL;
    int passed = -1, failed = -1;
    EXPECT(r, styr_rules_test(rules, 0, &out, NULL, &passed, &failed), STYR_ERR_RULES);
    if (!out || strcmp(out, styr_rules_diagnostics(rules, 0)) || passed || failed)
        sk_problem(r, "testing rules with errors gives other than their diagnostics");
    styr_free(out);
}
