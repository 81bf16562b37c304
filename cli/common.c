/*
** common.c: what the commands share, see cli.h.
*/
#include "cli.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int cli_allow_option(const char **allow, int *nallow, const char *command, int argc, char **argv, int *i)
{
    const char *v = cli_option_value(argc, argv, i, "--allow-path");
    if (!v) return 0;
    struct stat st;
    if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_usage_error(command, "--allow-path wants a folder; \"%s\" is none", v), -1;
    allow[(*nallow)++] = v;
    return 1;
}

int cli_rules_open(const char *path, const char *const *allow, styr_rules **rules)
{
    styr_open_options options = { .allow_paths = allow };
    return styr_rules_open_with(path, &options, rules);
}

void cli_common_init(cli_common *c, const char *command, int argc)
{
    *c = (cli_common){ .command = command, .color = -1 };
    c->data = calloc((size_t)argc, sizeof *c->data);
    c->allow = calloc((size_t)argc + 1, sizeof *c->allow);
}

void cli_common_free(cli_common *c)
{
    free(c->data);
    free(c->allow);
}

int cli_common_option(cli_common *c, int argc, char **argv, int *i)
{
    const char *v;
    int taken = cli_allow_option(c->allow, &c->nallow, c->command, argc, argv, i);
    if (taken) return taken;
    if ((v = cli_option_value(argc, argv, i, "--data"))) {
        if (!strchr(v, '=') || v[0] == '=') return cli_usage_error(c->command, "--data wants NAME=PATH, not \"%s\"", v), -1;
        c->data[c->ndata++] = v;
    } else if ((v = cli_option_value(argc, argv, i, "--format"))) {
        if (!strcmp(v, "text")) c->format = STYR_FORMAT_TEXT;
        else if (!strcmp(v, "json")) c->format = STYR_FORMAT_JSON;
        else return cli_usage_error(c->command, "--format is text or json, not \"%s\"", v), -1;
    } else if ((v = cli_option_value(argc, argv, i, "--color"))) {
        if (!strcmp(v, "auto")) c->color = -1;
        else if (!strcmp(v, "always")) c->color = 1;
        else if (!strcmp(v, "never")) c->color = 0;
        else return cli_usage_error(c->command, "--color is auto, always or never, not \"%s\"", v), -1;
    } else if ((v = cli_option_value(argc, argv, i, "--jobs"))) {
        char *end;
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < 1 || n > 1024)
            return cli_usage_error(c->command, "--jobs wants a number of threads, not \"%s\"", v), -1;
        c->jobs = (int)n;
    } else if (!strcmp(argv[*i], "--quiet") || !strcmp(argv[*i], "-q")) {
        c->quiet = true;
    } else if (argv[*i][0] == '-' && argv[*i][1]) {
        return cli_usage_error(c->command, "unknown option %s", argv[*i]), 0;
    } else if (!c->rules) {
        c->rules = argv[*i];
    } else {
        return cli_usage_error(c->command, "one rule file at a time; \"%s\" is one too many", argv[*i]), -1;
    }
    return 1;
}

bool cli_color(const cli_common *c, int fd)
{
    return c->format == STYR_FORMAT_TEXT && (c->color == 1 || (c->color == -1 && isatty(fd) && !getenv("NO_COLOR")));
}

int cli_bind(styr_run *run, const char *data)
{
    char *name = strdup(data);
    char *eq = strchr(name, '=');
    *eq = 0;
    int st = styr_bind_file(run, name, eq + 1);
    free(name);
    return st;
}

int cli_open(const cli_common *c, styr_rules **rules, styr_run **run)
{
    int st = cli_rules_open(c->rules, c->allow, rules);
    bool color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    fputs(styr_rules_diagnostics(*rules, color), stderr);
    if (st != STYR_OK) {
        styr_rules_close(*rules);
        return EXIT_USAGE;
    }
    styr_run_new(*rules, run);
    for (int i = 0; i < c->ndata; i++) {
        if (cli_bind(*run, c->data[i]) != STYR_OK) {
            fprintf(stderr, "styr: %s\n", styr_run_errmsg(*run));
            styr_run_free(*run);
            styr_rules_close(*rules);
            return EXIT_USAGE;
        }
    }
    return EXIT_HOLDS;
}

bool cli_parse_size(const char *text, size_t *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || !(v > 0)) return false;
    while (*end == ' ') end++;
    double unit = 1;
    const char *units = "KMGT";
    const char *u = *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
    if (u) {
        for (const char *p = units; p <= u; p++) unit *= 1024;
        end++;
        if (*end == 'i' || *end == 'I') end++;
        if (*end == 'b' || *end == 'B') end++;
    } else if (*end == 'b' || *end == 'B') {
        end++;
    }
    if (*end || v * unit >= 0x1p63 || v * unit < 1) return false;
    *out = (size_t)(v * unit);
    return true;
}
