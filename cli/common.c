/*
** common.c: what the commands share, see cli.h.
*/
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_usage_error(const char *command, const char *fmt, const char *arg)
{
    fprintf(stderr, "styr: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see: styr help %s)\n", command);
    return EXIT_USAGE;
}

const char *cli_option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) return "";
    return argv[++*i];
}

int cli_check_data(const char *command, const char *arg)
{
    if (!strchr(arg, '=') || arg[0] == '=') return cli_usage_error(command, "--data wants NAME=PATH, not \"%s\"", arg);
    return EXIT_HOLDS;
}

int cli_open(const char *path, const char *const *data, int ndata, styr_rules **rules, styr_run **run)
{
    int st = styr_rules_open(path, rules);
    bool color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    fputs(styr_rules_diagnostics(*rules, color), stderr);
    if (st != STYR_OK) {
        styr_rules_close(*rules);
        return EXIT_USAGE;
    }
    styr_run_new(*rules, run);
    for (int i = 0; i < ndata; i++) {
        char *name = strdup(data[i]);
        char *eq = strchr(name, '=');
        *eq = 0;
        st = styr_bind_file(*run, name, eq + 1);
        free(name);
        if (st != STYR_OK) {
            fprintf(stderr, "styr: %s\n", styr_run_errmsg(*run));
            styr_run_free(*run);
            styr_rules_close(*rules);
            return EXIT_USAGE;
        }
    }
    return EXIT_HOLDS;
}
