/*
** test_fuzz_regressions.c: every input a fuzz target once crashed on (tests/fuzz/TARGET/)
** goes through that target again, so a fixed crash stays fixed.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_targets.h"

/* Runs target over every file in tests/fuzz/name (each target keeps at least one input
** that reaches deep into it, beside the crashes found); how many there were. */
static int replay(const char *name, fuzz_target target)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/%s", name);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "%s", path);
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        rewind(f);
        uint8_t *data = malloc(size ? (size_t)size : 1);
        cr_assert_eq(fread(data, 1, (size_t)size, f), (size_t)size);
        fclose(f);
        cr_assert_eq(target(data, (size_t)size), 0, "%s", path);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

Test(fuzz_regressions, rule_files_that_crashed_the_parser_or_checker_do_not)
{
    cr_assert_gt(replay("rules", fuzz_rules), 0);
}

Test(fuzz_regressions, csv_files_that_crashed_the_reader_do_not)
{
    cr_assert_gt(replay("csv", fuzz_csv), 0);
}

Test(fuzz_regressions, data_that_crashed_check_does_not)
{
    cr_assert_gt(replay("check", fuzz_check), 0);
}

Test(fuzz_regressions, data_that_split_the_engines_does_not)
{
    cr_assert_gt(replay("engines", fuzz_engines), 0);
}
