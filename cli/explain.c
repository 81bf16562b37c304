/*
** explain.c: `styr explain RULES --rule ID --key NAME=VALUE,...`: the derivation of one
** verdict, step by step in the terms of the rule file (styr_run_explain). Exit status:
** 0 the verdict holds, 1 it fails, 2 the call or the rule file is wrong (an unknown rule,
** a key that names nothing), 3 the data is wrong.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char explain_help[] =
    "usage: styr explain RULES.styr --rule ID --key NAME=VALUE,... [options]\n"
    "\n"
    "Shows how the verdict of rule ID on one row or group comes about, step by step in the\n"
    "terms of the rule file: the row the key selects, each where (kept or dropped, with the\n"
    "values it read), each let and its value, each lookup and the row it found, the\n"
    "comparison with both sides, the verdict, the message and the explanation on file.\n"
    "\n"
    "  --rule ID            the rule (its id in the rule file)\n"
    "  --key NAME=VALUE,... the row: columns of the rule's dataset (offer_id=T00042,year=2021),\n"
    "                       or the group: every key of its group by (year=2022)\n"
    "  --data NAME=PATH     read dataset NAME from PATH instead of the file the rule file names\n"
    "  --allow-path DIR     let the rule file import from and name data files in DIR too,\n"
    "                       not only in its own folder (may be repeated)\n"
    "  --format text|json   the derivation for people (default) or for programs\n"
    "  --color auto|always|never\n"
    "  --jobs N             threads for reading large files (default: one per core)\n"
    "  --quiet, -q          no progress bar while large files are read\n"
    "\n"
    "exit status: 0 the verdict holds (or the row does not reach the check), 1 it fails,\n"
    "             2 the rule file or the call is wrong, 3 the data is wrong\n";

typedef struct explain_opts {
    cli_common c;
    const char *rule, *key;
} explain_opts;

static int parse(int argc, char **argv, explain_opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "--rule"))) {
            if (!*v) return cli_usage_error("explain", "--rule wants the id of a rule%s", "");
            o->rule = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--key"))) {
            if (!*v) return cli_usage_error("explain", "--key wants NAME=VALUE,...%s", "");
            o->key = v;
        } else if (cli_common_option(&o->c, argc, argv, &i) != 1) {
            return EXIT_USAGE;
        }
    }
    if (!o->c.rules) return cli_usage_error("explain", "which rule file? styr explain RULES.styr --rule ID --key ...%s", "");
    if (!o->rule) return cli_usage_error("explain", "which rule? give --rule ID%s", "");
    if (!o->key) return cli_usage_error("explain", "which row or group? give --key NAME=VALUE,...%s", "");
    return EXIT_HOLDS;
}

static int run(const explain_opts *o)
{
    styr_rules *rules;
    styr_run *r;
    int status = cli_open(&o->c, &rules, &r);
    if (status != EXIT_HOLDS) return status;
    styr_run_set_jobs(r, o->c.jobs);
    cli_progress(r, o->c.quiet);
    char *text;
    int st = styr_run_explain(r, o->rule, o->key, o->c.format, cli_color(&o->c, STDOUT_FILENO) ? STYR_REPORT_COLOR : 0,
                              &text, NULL);
    cli_progress_done();
    if (st == STYR_OK || st == STYR_FAILED) {
        fputs(text, stdout);
        styr_free(text);
        status = st == STYR_OK ? EXIT_HOLDS : EXIT_FAILS;
    } else {
        fprintf(stderr, "styr: %s\n", styr_run_errmsg(r));
        status = st == STYR_ERR_DATA ? EXIT_DATA : EXIT_USAGE;
    }
    styr_run_free(r);
    styr_rules_close(rules);
    return status;
}

int explain_main(int argc, char **argv)
{
    explain_opts o = { 0 };
    cli_common_init(&o.c, "explain", argc);
    int st = parse(argc, argv, &o);
    if (st == EXIT_HOLDS) st = run(&o);
    cli_common_free(&o.c);
    return st;
}
