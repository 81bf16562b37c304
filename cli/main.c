/*
** main.c: the styr command. `styr check` runs a rule file over its datasets and
** prints the verdict; `styr fmt` (fmt.c) formats rule files, `styr test` (test.c) runs
** their tests. It talks to the runtime
** only through styr.h, as any program may.
**
** Exit status: 0 every requirement holds; 1 a requirement fails; 2 the rule file or the
** call is wrong; 3 the data is wrong.
*/
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "styr.h"

static const char usage_text[] =
    "usage: styr <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  check RULES.styr [options]   run the rules over their datasets and report the verdict\n"
    "  test RULES.styr... [options] run the tests of rule files (in them, or in RULES.test.styr)\n"
    "  fmt FILE.styr... [options]   format rule files; translate them to Danish or English keywords\n"
    "  help [command]               show this text, or the options of a command\n"
    "  --version                    print the version\n"
    "\n"
    "exit status: 0 every requirement holds, 1 a requirement fails,\n"
    "             2 the rule file or the call is wrong, 3 the data is wrong\n";

static const char check_text[] =
    "usage: styr check RULES.styr [options]\n"
    "\n"
    "Runs every rule of RULES.styr over its datasets and reports the verdict.\n"
    "\n"
    "options:\n"
    "  --data NAME=PATH     read dataset NAME from PATH instead of the file the rule file\n"
    "                       names (relative paths there are relative to the rule file)\n"
    "  --format text|json   the report for people (default) or for programs\n"
    "  -o PATH              write the report to PATH instead of standard output\n"
    "  --color auto|always|never\n"
    "                       colour the text report (auto: when writing to a terminal)\n"
    "  --engine auto|interp|jit\n"
    "                       how rules are evaluated: jit compiles them to native code,\n"
    "                       interp runs them in the interpreter (the reference); auto\n"
    "                       (the default) compiles when there are enough rows to pay.\n"
    "                       Every engine gives the same report.\n"
    "  --jobs N             threads for compiled rules (default: one per core)\n"
    "  --verbose            say which engine ran the rules and how much was compiled\n"
    "  --no-cache           compile the rules again instead of reusing compiled code\n"
    "                       kept in $STYR_CACHE_DIR, $XDG_CACHE_HOME/styr or ~/.cache/styr\n";

typedef struct check_opts {
    const char *rules;
    const char **data;       /* NAME=PATH */
    int ndata;
    int format;
    const char *output;
    int color;               /* -1 auto, 0 never, 1 always */
    int engine;              /* STYR_ENGINE_* */
    int jobs;                /* 0: one per core */
    bool no_cache;
    bool verbose;
} check_opts;

int cli_usage_error(const char *command, const char *fmt, const char *arg)
{
    fprintf(stderr, "styr: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see: styr help %s)\n", command);
    return EXIT_USAGE;
}

static int usage_error(const char *fmt, const char *arg)
{
    return cli_usage_error("check", fmt, arg);
}

const char *cli_option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 >= argc) return "";
    return argv[++*i];
}

static int parse_check(int argc, char **argv, check_opts *o)
{
    o->data = calloc((size_t)argc, sizeof *o->data);
    o->color = -1;
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "--data"))) {
            if (!strchr(v, '=') || v[0] == '=') return usage_error("--data wants NAME=PATH, not \"%s\"", v);
            o->data[o->ndata++] = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--format"))) {
            if (!strcmp(v, "text")) o->format = STYR_FORMAT_TEXT;
            else if (!strcmp(v, "json")) o->format = STYR_FORMAT_JSON;
            else return usage_error("--format is text or json, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "-o")) || (v = cli_option_value(argc, argv, &i, "--output"))) {
            if (!*v) return usage_error("-o wants a path%s", "");
            o->output = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--color"))) {
            if (!strcmp(v, "auto")) o->color = -1;
            else if (!strcmp(v, "always")) o->color = 1;
            else if (!strcmp(v, "never")) o->color = 0;
            else return usage_error("--color is auto, always or never, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "--engine"))) {
            if (!strcmp(v, "auto")) o->engine = STYR_ENGINE_AUTO;
            else if (!strcmp(v, "interp")) o->engine = STYR_ENGINE_INTERP;
            else if (!strcmp(v, "jit")) o->engine = STYR_ENGINE_JIT;
            else return usage_error("--engine is auto, interp or jit, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "--jobs"))) {
            char *end;
            long n = strtol(v, &end, 10);
            if (!*v || *end || n < 1 || n > 1024) return usage_error("--jobs wants a number of threads, not \"%s\"", v);
            o->jobs = (int)n;
        } else if (!strcmp(argv[i], "--no-cache")) {
            o->no_cache = true;
        } else if (!strcmp(argv[i], "--verbose")) {
            o->verbose = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option %s", argv[i]);
        } else if (!o->rules) {
            o->rules = argv[i];
        } else {
            return usage_error("one rule file at a time; \"%s\" is one too many", argv[i]);
        }
    }
    if (!o->rules) return usage_error("which rule file? styr check RULES.styr%s", "");
    return EXIT_HOLDS;
}

static int write_to_file(void *file, const char *text, size_t len)
{
    return fwrite(text, 1, len, file) == len ? 0 : -1;
}

static int write_report(const check_opts *o, const styr_run *run)
{
    FILE *out = stdout;
    if (o->output && !(out = fopen(o->output, "w"))) {
        fprintf(stderr, "styr: cannot write %s: %s\n", o->output, strerror(errno));
        return EXIT_USAGE;
    }
    bool color = o->format == STYR_FORMAT_TEXT &&
                 (o->color == 1 || (o->color == -1 && !o->output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
    int st = styr_run_write_report(run, o->format, color ? STYR_REPORT_COLOR : 0, write_to_file, out);
    if ((out != stdout && fclose(out) != 0) || st != STYR_OK) {
        fprintf(stderr, "styr: cannot write %s: %s\n", o->output, strerror(errno));
        return EXIT_USAGE;
    }
    return EXIT_HOLDS;
}

/* A JIT that could not be used is worth a line when it was asked for; the rest only
** with --verbose. */
static void report_engine(const check_opts *o, const styr_run *run)
{
    int blocks, cached, compiled = styr_run_compiled(run, &blocks, &cached);
    if (*styr_run_note(run) && (o->verbose || o->engine == STYR_ENGINE_JIT))
        fprintf(stderr, "styr: note: %s; the interpreter ran every rule\n", styr_run_note(run));
    if (!o->verbose || compiled < 0) return;
    if (compiled > 0 || blocks > 0)
        fprintf(stderr, "styr: engine: jit, %d of %d blocks compiled%s\n", compiled, blocks,
                cached ? " (from the cache)" : "");
    else if (!*styr_run_note(run))
        fprintf(stderr, "styr: engine: interpreter\n");
}

static int run_check(const check_opts *o)
{
    styr_rules *rules;
    int st = styr_rules_open(o->rules, &rules);
    bool color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    fputs(styr_rules_diagnostics(rules, color), stderr);
    if (st != STYR_OK) {
        styr_rules_close(rules);
        return EXIT_USAGE;
    }
    styr_run *run;
    styr_run_new(rules, &run);
    int status = EXIT_HOLDS;
    for (int i = 0; i < o->ndata && status == EXIT_HOLDS; i++) {
        char *name = strdup(o->data[i]);
        char *eq = strchr(name, '=');
        *eq = 0;
        if (styr_bind_file(run, name, eq + 1) != STYR_OK) {
            fprintf(stderr, "styr: %s\n", styr_run_errmsg(run));
            status = EXIT_USAGE;
        }
        free(name);
    }
    styr_run_set_engine(run, o->engine);
    styr_run_set_jobs(run, o->jobs);
    styr_run_set_cache(run, !o->no_cache, NULL);
    if (status == EXIT_HOLDS) {
        st = styr_execute(run);
        report_engine(o, run);
        if (st != STYR_OK) {
            fprintf(stderr, "styr: %s\n", styr_run_errmsg(run));
            status = st == STYR_ERR_DATA ? EXIT_DATA : EXIT_USAGE;
        } else {
            status = write_report(o, run);
            if (status == EXIT_HOLDS && styr_run_verdict(run) != STYR_OK) status = EXIT_FAILS;
        }
    }
    styr_run_free(run);
    styr_rules_close(rules);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("styr %s\n", styr_version());
        return EXIT_HOLDS;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        const char *topic = argc > 2 ? argv[2] : "";
        fputs(!strcmp(topic, "check")  ? check_text
              : !strcmp(topic, "fmt")  ? cli_fmt_help
              : !strcmp(topic, "test") ? cli_test_help
                                       : usage_text,
              stdout);
        return EXIT_HOLDS;
    }
    if (!strcmp(cmd, "fmt")) return cli_fmt(argc, argv);
    if (!strcmp(cmd, "test")) return cli_test(argc, argv);
    if (!strcmp(cmd, "check")) {
        check_opts o = { 0 };
        int st = parse_check(argc, argv, &o);
        if (st == EXIT_HOLDS) st = run_check(&o);
        free(o.data);
        return st;
    }
    fprintf(stderr, "styr: unknown command \"%s\"\n\n%s", cmd, usage_text);
    return EXIT_USAGE;
}
