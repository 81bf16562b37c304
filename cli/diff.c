/*
** diff.c: `styr diff OLD.styr NEW.styr`, what changed between two rule files (two
** agreement periods' rules, a draft and the rules in force): styr_rules_diff of styr.h.
** Given data (--data, or the files the rule files name), both rule sets run over it and
** the verdicts that change are shown too.
**
** Exit status: 0 nothing changed; 1 something changed; 2 a file is wrong (its
** diagnostics), the data cannot be read, or the call is wrong.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "styr.h"

const char cli_diff_help[] =
    "usage: styr diff OLD.styr NEW.styr [options]\n"
    "\n"
    "Shows what changed between two rule files, such as two agreement periods' rules, in\n"
    "the rules' own terms: rules, parameters, tables and datasets added, removed or\n"
    "changed; for a changed rule the numbers, percents and dates that changed in one line\n"
    "(\"6 % -> 5 %\") and its lines old (-) and new (+); for a parameter its value. Layout,\n"
    "comments and the keyword language (Danish or English) make no difference; a changed\n"
    "doc string is reported as \"description text changed\".\n"
    "\n"
    "When the rule files name their data files, or --data gives them, both rule sets run\n"
    "over the same data and the verdicts that change are shown: each rule's status and\n"
    "counts, old -> new, and the items that appear (+) or disappear (-) by dataset and key\n"
    "(the first 20 per rule).\n"
    "\n"
    "options:\n"
    "  --data NAME=PATH     read dataset NAME from PATH for both rule files\n"
    "  --allow-path DIR     let the rule files import from and name data files in DIR\n"
    "                       too, not only in their own folders (may be repeated)\n"
    "  --rules-only         compare the rule text only; do not run the rules\n"
    "  --format text|json   text: for people (the default); json: for programs\n"
    "  --quiet, -q          no progress bar on standard error\n"
    "\n"
    "exit status: 0 nothing changed, 1 something changed, 2 a file or the data is wrong\n";

typedef struct diff_opts {
    const char *files[2];
    const char **data;
    int ndata;
    const char **allow;      /* --allow-path DIR, NULL-terminated */
    int nallow;
    int format;
    bool rules_only, quiet;
} diff_opts;

static int diff_parse(int argc, char **argv, diff_opts *o)
{
    int nfiles = 0;
    for (int i = 2; i < argc; i++) {
        const char *v;
        int allowed = cli_allow_option(o->allow, &o->nallow, "diff", argc, argv, &i);
        if (allowed < 0) return EXIT_USAGE;
        if (allowed) continue;
        if ((v = cli_option_value(argc, argv, &i, "--data"))) {
            if (!strchr(v, '=') || v[0] == '=') return cli_usage_error("diff", "--data wants NAME=PATH, not \"%s\"", v);
            o->data[o->ndata++] = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--format"))) {
            if (!strcmp(v, "text")) o->format = STYR_FORMAT_TEXT;
            else if (!strcmp(v, "json")) o->format = STYR_FORMAT_JSON;
            else return cli_usage_error("diff", "--format is text or json, not \"%s\"", v);
        } else if (!strcmp(argv[i], "--rules-only")) {
            o->rules_only = true;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            o->quiet = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("diff", "unknown option %s", argv[i]);
        } else if (nfiles < 2) {
            o->files[nfiles++] = argv[i];
        } else {
            return cli_usage_error("diff", "two rule files, old and new; \"%s\" is one too many", argv[i]);
        }
    }
    if (nfiles < 2) return cli_usage_error("diff", "which two rule files? styr diff OLD.styr NEW.styr%s", "");
    return EXIT_HOLDS;
}

/* Whether a rule set names a file for any of its datasets. */
static bool diff_names_data(const styr_rules *rules)
{
    for (int d = 0; d < styr_rules_datasets(rules); d++)
        if (styr_dataset_path(rules, d)) return true;
    return false;
}

/* Binds --data to a run; a dataset the rules do not declare is left to the other file,
** so the call fails only when neither declares it (*unknown counts per option). */
static void diff_bind(styr_run *run, const diff_opts *o, int *unknown)
{
    for (int i = 0; i < o->ndata; i++)
        if (cli_bind(run, o->data[i]) != STYR_OK) unknown[i]++;
}

/* Runs both rule sets; EXIT_HOLDS, or the exit status of a failure (said on stderr). */
static int diff_run(styr_rules *const rules[2], styr_run *runs[2], const diff_opts *o)
{
    int *unknown = calloc((size_t)o->ndata + 1, sizeof *unknown);
    for (int k = 0; k < 2; k++) {
        styr_run_new(rules[k], &runs[k]);
        diff_bind(runs[k], o, unknown);
    }
    int status = EXIT_HOLDS;
    for (int i = 0; i < o->ndata && status == EXIT_HOLDS; i++)
        if (unknown[i] == 2) {
            fprintf(stderr, "styr: %s\n", styr_run_errmsg(runs[0]));
            status = EXIT_USAGE;
        }
    free(unknown);
    for (int k = 0; k < 2 && status == EXIT_HOLDS; k++) {
        cli_progress(runs[k], o->quiet);
        int st = styr_execute(runs[k]);
        cli_progress_done();
        if (st != STYR_OK) {
            fprintf(stderr, "styr: %s: %s\n", o->files[k], styr_run_errmsg(runs[k]));
            status = EXIT_USAGE;
        }
    }
    return status;
}

static int diff_compare(const diff_opts *o)
{
    styr_rules *rules[2] = { NULL, NULL };
    styr_run *runs[2] = { NULL, NULL };
    int status = EXIT_HOLDS;
    bool color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    for (int k = 0; k < 2; k++) {
        if (cli_rules_open(o->files[k], o->allow, &rules[k]) != STYR_OK) status = EXIT_USAGE;
        fputs(styr_rules_diagnostics(rules[k], color), stderr);
    }
    bool run = !o->rules_only && (o->ndata || diff_names_data(rules[0]) || diff_names_data(rules[1]));
    if (status == EXIT_HOLDS && run) status = diff_run(rules, runs, o);
    if (status == EXIT_HOLDS) {
        char *out;
        size_t len;
        int st = styr_rules_diff(rules[0], rules[1], runs[0], runs[1], o->format, 0, &out, &len);
        fwrite(out, 1, len, stdout);
        styr_free(out);
        status = st == STYR_OK ? EXIT_HOLDS : st == STYR_FAILED ? EXIT_FAILS : EXIT_USAGE;
    }
    for (int k = 0; k < 2; k++) {
        styr_run_free(runs[k]);
        styr_rules_close(rules[k]);
    }
    return status;
}

int cli_diff(int argc, char **argv)
{
    diff_opts o = { .data = calloc((size_t)argc, sizeof(char *)), .allow = calloc((size_t)argc + 1, sizeof(char *)) };
    int st = diff_parse(argc, argv, &o);
    if (st == EXIT_HOLDS) st = diff_compare(&o);
    free(o.data);
    free(o.allow);
    return st;
}
