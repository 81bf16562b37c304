/*
** test.c: `styr test`, which runs the tests of rule files (styr_rules_test of styr.h).
**
** A rule file's tests are in the file itself or in the file beside it named
** NAME.test.styr (which imports the rules); `styr test NAME.styr` runs both, and a
** .test.styr file named on its own runs its own. Every file is run once.
**
** Exit status: 0 every test passes; 1 a test fails; 2 a file or a test is wrong (it
** does not parse, names what the rules do not have), or the call is wrong.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "styr.h"

const char cli_test_help[] =
    "usage: styr test [options] RULES.styr...\n"
    "\n"
    "Runs the tests of each rule file: its own `test` declarations and those of the file\n"
    "beside it named RULES.test.styr. A test gives small tables for datasets (the others\n"
    "are empty) and values for parameters, and says what the rules must give: a rule's\n"
    "status and count of violations, an item by its key, a row of an output table.\n"
    "Prints ok or FAIL for each test; under a failed one, each expectation that does not\n"
    "hold (file:line:col), as written (-) and as the rules have it (+).\n"
    "\n"
    "options:\n"
    "  --allow-path DIR     let the rule files import from and name data files in DIR\n"
    "                       too, not only in their own folders (may be repeated)\n"
    "  --no-jit             run the tests in the interpreter only; by default they run\n"
    "                       again as compiled code, and a test fails where the reports differ\n"
    "  --color auto|always|never\n"
    "                       colour the output (auto: when writing to a terminal)\n"
    "\n"
    "exit status: 0 every test passes, 1 a test fails, 2 a file or a test is wrong\n";

static int test_usage(const char *fmt, const char *arg)
{
    return cli_usage_error("test", fmt, arg);
}

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && !strcmp(s + n - m, end);
}

/* Adds path to the files to run unless it is there already. */
static void add_file(char ***files, int *n, const char *path)
{
    char *real = realpath(path, NULL);
    for (int i = 0; i < *n; i++) {
        char *other = realpath((*files)[i], NULL);
        bool same = real && other ? !strcmp(real, other) : !strcmp(path, (*files)[i]);
        free(other);
        if (same) {
            free(real);
            return;
        }
    }
    free(real);
    *files = realloc(*files, (size_t)(*n + 1) * sizeof **files);
    (*files)[(*n)++] = strdup(path);
}

/* Runs one file's tests, printing them; the exit status it calls for. */
static int test_file(const char *path, const char *const *allow, int flags, bool color, int *passed, int *failed)
{
    styr_rules *rules;
    cli_rules_open(path, allow, &rules);
    char *out;
    int p = 0, f = 0;
    int st = styr_rules_test(rules, flags, &out, NULL, &p, &f);
    if (st == STYR_ERR_RULES) {
        fputs(out, stderr);
    } else {
        printf("%s%s%s: %d test%s\n", color ? "\033[1m" : "", path, color ? "\033[0m" : "", p + f, p + f == 1 ? "" : "s");
        fputs(out, stdout);
    }
    styr_free(out);
    styr_rules_close(rules);
    *passed += p;
    *failed += f;
    return st == STYR_OK ? EXIT_HOLDS : st == STYR_FAILED ? EXIT_FAILS : EXIT_USAGE;
}

int cli_test(int argc, char **argv)
{
    int flags = STYR_TEST_JIT, color = -1;
    char **files = NULL;
    const char **allow = calloc((size_t)argc + 1, sizeof *allow);
    int nfiles = 0, nallow = 0, status = EXIT_HOLDS;
    for (int i = 2; i < argc && status == EXIT_HOLDS; i++) {
        const char *v;
        int allowed = cli_allow_option(allow, &nallow, "test", argc, argv, &i);
        if (allowed) {
            if (allowed < 0) status = EXIT_USAGE;
        } else if (!strcmp(argv[i], "--no-jit")) {
            flags &= ~STYR_TEST_JIT;
        } else if ((v = cli_option_value(argc, argv, &i, "--color"))) {
            if (!strcmp(v, "auto")) color = -1;
            else if (!strcmp(v, "always")) color = 1;
            else if (!strcmp(v, "never")) color = 0;
            else status = test_usage("--color is auto, always or never, not \"%s\"", v);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            status = test_usage("unknown option %s", argv[i]);
        } else {
            add_file(&files, &nfiles, argv[i]);
            if (!ends_with(argv[i], ".test.styr") && ends_with(argv[i], ".styr")) {
                char *sibling = malloc(strlen(argv[i]) + 6);
                sprintf(sibling, "%.*s.test.styr", (int)strlen(argv[i]) - 5, argv[i]);
                if (access(sibling, F_OK) == 0) add_file(&files, &nfiles, sibling);
                free(sibling);
            }
        }
    }
    if (status == EXIT_HOLDS && !nfiles) status = test_usage("which rule files? styr test RULES.styr...%s", "");
    bool use_color = color == 1 || (color == -1 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    if (use_color) flags |= STYR_REPORT_COLOR;
    int passed = 0, failed = 0, ran = 0;
    for (int i = 0; i < nfiles && status != EXIT_USAGE; i++, ran++) {
        int st = test_file(files[i], allow, flags, use_color, &passed, &failed);
        if (st > status) status = st;
    }
    if (ran && status != EXIT_USAGE)
        printf("\n%d test%s: %d passed, %d failed\n", passed + failed, passed + failed == 1 ? "" : "s", passed, failed);
    for (int i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    free(allow);
    return status;
}
