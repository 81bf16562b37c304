/*
** main.c: a program that embeds styr, as a case system or a data warehouse job would.
** It runs a rule file over its datasets (or files given as NAME=PATH) and prints the
** verdict and the report, built only against the installed header and library:
**
**     cc -o check-tariffs main.c $(pkg-config --cflags --libs styr)
**     ./check-tariffs rules/hovedstaden-2021-2022.styr tariffs=export/takster.csv
**
** Exit status as `styr check`: 0 the requirements hold, 1 one fails, 2 the rules or the
** call are wrong, 3 the data is wrong.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <styr.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s RULES.styr [NAME=PATH]...\n", argv[0]);
        return 2;
    }
    styr_rules *rules;
    if (styr_rules_open(argv[1], &rules) != STYR_OK) {
        fputs(styr_rules_errmsg(rules), stderr);
        styr_rules_close(rules);
        return 2;
    }
    styr_run *run;
    styr_run_new(rules, &run);
    int status = STYR_OK;
    for (int i = 2; i < argc && status == STYR_OK; i++) {
        char *name = strdup(argv[i]), *eq = strchr(name, '=');
        if (!eq) {
            fprintf(stderr, "%s: expected NAME=PATH, not \"%s\"\n", argv[0], argv[i]);
            status = STYR_ERR_USAGE;
        } else {
            *eq = 0;
            status = styr_bind_file(run, name, eq + 1);
        }
        free(name);
    }
    if (status == STYR_OK) status = styr_execute(run);
    if (status != STYR_OK) {
        fprintf(stderr, "%s\n", styr_run_errmsg(run));
    } else {
        char *report;
        styr_run_report(run, STYR_FORMAT_TEXT, 0, &report, NULL);
        fputs(report, stdout);
        styr_free(report);
        status = styr_run_verdict(run);
    }
    styr_run_free(run);
    styr_rules_close(rules);
    return status;
}
