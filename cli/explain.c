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
    "  --format text|json   the derivation for people (default) or for programs\n"
    "  --color auto|always|never\n"
    "  --jobs N             threads for reading large files (default: one per core)\n"
    "\n"
    "exit status: 0 the verdict holds (or the row does not reach the check), 1 it fails,\n"
    "             2 the rule file or the call is wrong, 3 the data is wrong\n";

typedef struct explain_opts {
    const char *rules, *rule, *key;
    const char **data;
    int ndata;
    int format;
    int color;               /* -1 auto, 0 never, 1 always */
    int jobs;
} explain_opts;

static int parse(int argc, char **argv, explain_opts *o)
{
    o->color = -1;
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "--rule"))) {
            if (!*v) return cli_usage_error("explain", "--rule wants the id of a rule%s", "");
            o->rule = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--key"))) {
            if (!*v) return cli_usage_error("explain", "--key wants NAME=VALUE,...%s", "");
            o->key = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--data"))) {
            if (cli_check_data("explain", v) != EXIT_HOLDS) return EXIT_USAGE;
            o->data[o->ndata++] = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--format"))) {
            if (!strcmp(v, "text")) o->format = STYR_FORMAT_TEXT;
            else if (!strcmp(v, "json")) o->format = STYR_FORMAT_JSON;
            else return cli_usage_error("explain", "--format is text or json, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "--color"))) {
            if (!strcmp(v, "auto")) o->color = -1;
            else if (!strcmp(v, "always")) o->color = 1;
            else if (!strcmp(v, "never")) o->color = 0;
            else return cli_usage_error("explain", "--color is auto, always or never, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "--jobs"))) {
            char *end;
            long n = strtol(v, &end, 10);
            if (!*v || *end || n < 1 || n > 1024) return cli_usage_error("explain", "--jobs wants a number of threads, not \"%s\"", v);
            o->jobs = (int)n;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("explain", "unknown option %s", argv[i]);
        } else if (!o->rules) {
            o->rules = argv[i];
        } else {
            return cli_usage_error("explain", "one rule file at a time; \"%s\" is one too many", argv[i]);
        }
    }
    if (!o->rules) return cli_usage_error("explain", "which rule file? styr explain RULES.styr --rule ID --key ...%s", "");
    if (!o->rule) return cli_usage_error("explain", "which rule? give --rule ID%s", "");
    if (!o->key) return cli_usage_error("explain", "which row or group? give --key NAME=VALUE,...%s", "");
    return EXIT_HOLDS;
}

static int run(const explain_opts *o)
{
    styr_rules *rules;
    styr_run *r;
    int status = cli_open(o->rules, o->data, o->ndata, &rules, &r);
    if (status != EXIT_HOLDS) return status;
    styr_run_set_jobs(r, o->jobs);
    bool color = o->format == STYR_FORMAT_TEXT &&
                 (o->color == 1 || (o->color == -1 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
    char *text;
    int st = styr_run_explain(r, o->rule, o->key, o->format, color ? STYR_REPORT_COLOR : 0, &text, NULL);
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
    o.data = calloc((size_t)argc, sizeof *o.data);
    int st = parse(argc, argv, &o);
    if (st == EXIT_HOLDS) st = run(&o);
    free(o.data);
    return st;
}
