/*
** test_leaks.c: the styr command frees what it allocates (issue 6). Each test runs one
** command over the sample data under a leak checker: valgrind's memcheck in the plain
** build (make test), LeakSanitizer in the AddressSanitizer build (make asan), where
** valgrind cannot run. A definite or indirect leak fails the test. libgccjit keeps the
** compiler's state for the life of the process; only blocks libgccjit allocates itself
** are suppressed (tools/valgrind.supp, tools/lsan.supp), never styr's.
*/
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The exit status of a run in which the checker found a leak (or another memory error). */
#define LEAKED 99

#define RULES "rules/hovedstaden-2021-2022.styr"

static bool asan_build(void)
{
    return strstr(STYR_TEST_CFLAGS, "sanitize=address") != NULL;
}

/* Runs `styr ARGS...` (a format) with the compile cache in cache under the leak checker,
** and expects exit status `status` and no leak. Standard output is dropped; the
** checker's report, on standard error, is shown when the test fails. */
__attribute__((format(printf, 3, 4)))
static void expect_no_leak(const char *cache, int status, const char *fmt, ...)
{
    char args[1024], cmd[2048], *out;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    if (asan_build())
        snprintf(cmd, sizeof cmd,
                 "{ STYR_CACHE_DIR=%s ASAN_OPTIONS=detect_leaks=1 "
                 "LSAN_OPTIONS=suppressions=tools/lsan.supp:print_suppressions=0:exitcode=%d %s %s > /dev/null; }",
                 cache, LEAKED, STYR_BIN, args);
    else
        /* Only leaks are checked here: the sanitizer build covers other errors, and the
        ** compiler inside libgccjit reads uninitialised memory on purpose. */
        snprintf(cmd, sizeof cmd,
                 "{ STYR_CACHE_DIR=%s valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect "
                 "--undef-value-errors=no --suppressions=tools/valgrind.supp --error-exitcode=%d %s %s > /dev/null; }",
                 cache, LEAKED, STYR_BIN, args);
    int st = th_shell(&out, cmd);
    cr_assert_neq(st, LEAKED, "styr %s leaks:\n%s", args, out);
    cr_assert_eq(st, status, "styr %s:\n%s", args, out);
    free(out);
}

/* A compile cache of the test's own, filled by running `styr check|test RULES ...`
** once unchecked. */
static const char *warm_cache(const char *command, const char *more)
{
    const char *cache = th_tempdir();
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd, "STYR_CACHE_DIR=%s %s %s %s %s > /dev/null", cache, STYR_BIN, command, RULES, more);
    th_shell(&out, cmd);
    free(out);
    return cache;
}

Test(leaks, check_of_the_sample_data_frees_everything)
{
    expect_no_leak(th_tempdir(), 1, "check %s", RULES);     /* what make run runs */
}

Test(leaks, check_with_the_json_report_frees_everything)
{
    expect_no_leak(th_tempdir(), 1, "check %s --format json", RULES);
}

Test(leaks, check_compiling_the_rules_frees_everything)
{
    expect_no_leak(th_tempdir(), 1, "check %s --engine jit --jobs 2", RULES);
}

Test(leaks, check_with_compiled_code_from_the_cache_frees_everything)
{
    expect_no_leak(warm_cache("check", "--engine jit"), 1, "check %s --engine jit --jobs 2", RULES);
}

Test(leaks, check_that_stops_on_a_missing_file_frees_everything)
{
    expect_no_leak(th_tempdir(), 3, "check %s --data tariffs=/nonexistent/tariffs.csv", RULES);
}

Test(leaks, check_of_rules_with_errors_frees_everything)
{
    const char *dir = th_tempdir();
    const char *bad = th_write(dir, "bad.styr", "import \"../../etc/passwd\"\nparameter p = 1 kr + 5 %\n");
    expect_no_leak(dir, 2, "check %s", bad);
}

Test(leaks, explain_frees_everything)
{
    expect_no_leak(th_tempdir(), 1, "explain %s --rule indexation_cap --key offer_id=T00036,year=2022", RULES);
}

Test(leaks, test_frees_everything)
{
    /* Its second run, of compiled code, takes the code from the cache (compiling under
    ** valgrind is what check_compiling_the_rules_frees_everything does). */
    expect_no_leak(warm_cache("test", ""), 0, "test %s", RULES);
}
