/*
** test_soak.c: the soak driver (tools/soak/, `make soak`) in a short run, so that it
** cannot rot between long ones: random rule files through the C API in one process,
** each run held to a fresh process's, descriptors, mappings and the heap in use held to
** the warm-up's. And the driver must catch a fresh process that disagrees.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#ifndef SOAK_BIN
#define SOAK_BIN "build/styr-soak"
#endif

/* Seeds 56-85 take every engine, every way of binding data, the cache, the HTML report,
** walking the results, explain, the rule file's tests and the shipped ones, misuse, a bad
** rule file, and bad data with and without a reject file. */
Test(soak, thirty_runs_agree_with_fresh_processes_and_keep_memory_flat, .timeout = 240)
{
    char *out;
    int st = th_shell(&out, SOAK_BIN " --runs 30 --seed 56");
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "30 runs in"), "%s", out);
    cr_assert(strstr(out, ", 0 failed; memory stable"), "%s", out);
    cr_assert(strstr(out, "columns "), "%s", out);
    free(out);
}

Test(soak, a_fresh_process_that_disagrees_fails_the_soak_naming_the_seed, .timeout = 120)
{
    /* A styr that says one word more on standard error than the API's answers call for. */
    const char *dir = th_tempdir();
    char here[512], script[1024];
    cr_assert(getcwd(here, sizeof here));
    snprintf(script, sizeof script, "#!/bin/sh\n\"%s/%s\" \"$@\"\nst=$?\necho tampered >&2\nexit $st\n", here, STYR_BIN);
    const char *fake = th_write(dir, "styr", script);
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "chmod +x %s && %s --runs 1 --seed 7 --styr %s", fake, SOAK_BIN, fake);
    int st = th_shell(&out, cmd);
    cr_assert_eq(st, 1, "%s", out);
    cr_assert(strstr(out, "FAIL: run 0, seed 7:"), "%s", out);
    cr_assert(strstr(out, "standard error differs"), "%s", out);
    cr_assert(strstr(out, "tampered"), "both outputs are shown: %s", out);
    /* A failed soak keeps its files for a look; this one is done with. */
    const char *kept = strstr(out, "the files are in /tmp/styr-soak-");
    cr_assert(kept, "%s", out);
    char rm[256], *gone;
    snprintf(rm, sizeof rm, "rm -r '%.*s'", (int)strcspn(kept + 17, "\n"), kept + 17);
    cr_assert_eq(th_shell(&gone, rm), 0, "%s", gone);
    free(gone);
    free(out);
}
