/*
** main.c: the styr command. `styr check` runs a rule file over its datasets and
** prints the verdict; `styr fmt` (fmt.c) formats rule files, `styr test` (test.c) runs
** their tests, `styr diff` (diff.c) compares two. It talks to the runtime
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
    "  diff OLD.styr NEW.styr [options]\n"
    "                               compare two rule files: what changed, and which verdicts\n"
    "                               change over the same data\n"
    "  explain RULES.styr --rule ID --key NAME=VALUE,... [options]\n"
    "                               show step by step how one row's or group's verdict comes about\n"
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
    "  --allow-path DIR     let the rule file import from and name data files in DIR too;\n"
    "                       by default it reaches only its own folder and the folders\n"
    "                       below it (may be repeated)\n"
    "  --format text|json|html|csv|xlsx\n"
    "                       text: for people (the default); json: for programs;\n"
    "                       html: one self-contained page with tables and charts;\n"
    "                       csv: a folder of CSV files (needs -o DIR);\n"
    "                       xlsx: an Excel workbook (needs -o FILE)\n"
    "  -o PATH              write the report to PATH instead of standard output\n"
    "  --reject-file FILE   write each row that cannot be read to FILE (CSV, with the\n"
    "                       reason) and go on without it; without, such a row stops\n"
    "                       the run (exit 3) with a count of the others\n"
    "  --max-memory SIZE    the most memory the datasets may take, as 512M or 4G\n"
    "                       (default: 80 % of this machine's memory). A larger dataset\n"
    "                       that only row-by-row rules read is read in batches; any\n"
    "                       other stops the run (exit 3) with a message\n"
    "  --locale en|da       numbers for people as 1234.50 (en, the default) or\n"
    "                       1.234,50 (da) in text, html and csv; json never changes\n"
    "  --color auto|always|never\n"
    "                       colour the text report (auto: when writing to a terminal)\n"
    "  --engine auto|interp|jit\n"
    "                       how rules are evaluated: jit compiles them to native code,\n"
    "                       interp runs them in the interpreter (the reference); auto\n"
    "                       (the default) compiles when there are enough rows to pay.\n"
    "                       Every engine gives the same report.\n"
    "  --jobs N             threads for compiled rules (default: one per core)\n"
    "  --verbose            say which engine ran the rules and how much was compiled\n"
    "  --quiet, -q          no progress bar and no notes on standard error (the bar is\n"
    "                       drawn only on a terminal, and never when CI is set)\n"
    "  --no-cache           compile the rules again instead of reusing compiled code\n"
    "                       kept in $STYR_CACHE_DIR, $XDG_CACHE_HOME/styr or ~/.cache/styr\n";

typedef struct check_opts {
    cli_common c;
    const char *output;
    const char *rejects;     /* --reject-file */
    unsigned long long max_memory; /* --max-memory, or 0 */
    int engine;              /* STYR_ENGINE_* */
    bool danish;             /* --locale da */
    bool no_cache;
    bool verbose;
} check_opts;

static int parse_check(int argc, char **argv, check_opts *o)
{
    cli_common_init(&o->c, "check", argc);
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = cli_option_value(argc, argv, &i, "-o")) || (v = cli_option_value(argc, argv, &i, "--output"))) {
            if (!*v) return cli_usage_error("check", "-o wants a path%s", "");
            o->output = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--format"))) {
            if (!strcmp(v, "text")) o->c.format = STYR_FORMAT_TEXT;
            else if (!strcmp(v, "json")) o->c.format = STYR_FORMAT_JSON;
            else if (!strcmp(v, "html")) o->c.format = STYR_FORMAT_HTML;
            else if (!strcmp(v, "csv")) o->c.format = STYR_FORMAT_CSV;
            else if (!strcmp(v, "xlsx")) o->c.format = STYR_FORMAT_XLSX;
            else return cli_usage_error("check", "--format is text, json, html, csv or xlsx, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "--reject-file"))) {
            if (!*v) return cli_usage_error("check", "--reject-file wants a path%s", "");
            o->rejects = v;
        } else if ((v = cli_option_value(argc, argv, &i, "--max-memory"))) {
            size_t bytes;
            if (!cli_parse_size(v, &bytes))
                return cli_usage_error("check", "--max-memory is a size such as 512M or 4G, not \"%s\"", v);
            o->max_memory = bytes;
        } else if ((v = cli_option_value(argc, argv, &i, "--locale"))) {
            if (!strcmp(v, "en")) o->danish = false;
            else if (!strcmp(v, "da")) o->danish = true;
            else return cli_usage_error("check", "--locale is en or da, not \"%s\"", v);
        } else if ((v = cli_option_value(argc, argv, &i, "--engine"))) {
            if (!strcmp(v, "auto")) o->engine = STYR_ENGINE_AUTO;
            else if (!strcmp(v, "interp")) o->engine = STYR_ENGINE_INTERP;
            else if (!strcmp(v, "jit")) o->engine = STYR_ENGINE_JIT;
            else return cli_usage_error("check", "--engine is auto, interp or jit, not \"%s\"", v);
        } else if (!strcmp(argv[i], "--no-cache")) {
            o->no_cache = true;
        } else if (!strcmp(argv[i], "--verbose")) {
            o->verbose = true;
        } else if (cli_common_option(&o->c, argc, argv, &i) != 1) {
            return EXIT_USAGE;
        }
    }
    if (!o->c.rules) return cli_usage_error("check", "which rule file? styr check RULES.styr%s", "");
    if (o->c.format == STYR_FORMAT_CSV && !o->output)
        return cli_usage_error("check", "--format csv writes a folder of files: give it with -o DIR%s", "");
    if (o->c.format == STYR_FORMAT_XLSX && !o->output)
        return cli_usage_error("check", "--format xlsx writes a workbook: give its file with -o FILE.xlsx%s", "");
    return EXIT_HOLDS;
}

static int write_to_file(void *file, const char *text, size_t len)
{
    return fwrite(text, 1, len, file) == len ? 0 : -1;
}

static int write_report(const check_opts *o, styr_run *run)
{
    int flags = o->danish ? STYR_REPORT_DANISH : 0;
    if (o->c.format == STYR_FORMAT_CSV || o->c.format == STYR_FORMAT_XLSX) {
        if (styr_run_export(run, o->c.format, flags, o->output) == STYR_OK) return EXIT_HOLDS;
        fprintf(stderr, "styr: %s\n", styr_run_errmsg(run));
        return EXIT_USAGE;
    }
    FILE *out = stdout;
    if (o->output && !(out = fopen(o->output, "w"))) {
        fprintf(stderr, "styr: cannot write %s: %s\n", o->output, strerror(errno));
        return EXIT_USAGE;
    }
    /* A file gets colour only when asked for. */
    bool color = o->output ? o->c.format == STYR_FORMAT_TEXT && o->c.color == 1 : cli_color(&o->c, STDOUT_FILENO);
    int st = styr_run_write_report(run, o->c.format, flags | (color ? STYR_REPORT_COLOR : 0), write_to_file, out);
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
    styr_run *run;
    int status = cli_open(&o->c, &rules, &run);
    if (status != EXIT_HOLDS) return status;
    styr_run_set_engine(run, o->engine);
    styr_run_set_jobs(run, o->c.jobs);
    styr_run_set_cache(run, !o->no_cache, NULL);
    styr_run_set_max_memory(run, o->max_memory);
    if (o->rejects && styr_run_set_reject_file(run, o->rejects) != STYR_OK) {
        fprintf(stderr, "styr: %s\n", styr_run_errmsg(run));
        styr_run_free(run);
        styr_rules_close(rules);
        return EXIT_USAGE;
    }
    cli_progress(run, o->c.quiet);
    int st = styr_execute(run);
    cli_progress_done();
    if (!o->c.quiet) report_engine(o, run);
    if (st != STYR_OK) {
        fprintf(stderr, "styr: %s\n", styr_run_errmsg(run));
        status = st == STYR_ERR_DATA ? EXIT_DATA : EXIT_USAGE;
    } else {
        status = write_report(o, run);
        if (status == EXIT_HOLDS && styr_run_verdict(run) != STYR_OK) status = EXIT_FAILS;
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
        fputs(!strcmp(topic, "check")     ? check_text
              : !strcmp(topic, "fmt")     ? cli_fmt_help
              : !strcmp(topic, "explain") ? explain_help
              : !strcmp(topic, "test")    ? cli_test_help
              : !strcmp(topic, "diff")    ? cli_diff_help
                                          : usage_text,
              stdout);
        return EXIT_HOLDS;
    }
    if (!strcmp(cmd, "fmt")) return cli_fmt(argc, argv);
    if (!strcmp(cmd, "test")) return cli_test(argc, argv);
    if (!strcmp(cmd, "diff")) return cli_diff(argc, argv);
    if (!strcmp(cmd, "check")) {
        check_opts o = { 0 };
        int st = parse_check(argc, argv, &o);
        if (st == EXIT_HOLDS) st = run_check(&o);
        cli_common_free(&o.c);
        return st;
    }
    if (!strcmp(cmd, "explain")) return explain_main(argc, argv);
    fprintf(stderr, "styr: unknown command \"%s\"\n\n%s", cmd, usage_text);
    return EXIT_USAGE;
}
