/*
** test_install.c: `make install` into a temporary prefix gives a new user what the README
** promises: the binary, the libraries with their soname, the header, styr.pc, the stdlib
** and the man page; examples/embed builds against them with pkg-config and, run against
** the installed shared library, reports what `styr check` reports; `make uninstall`
** takes it all away again.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* Installs into a new temporary prefix (the tree of this test binary's build) and
** returns the prefix. */
static const char *install_prefix(void)
{
    static char prefix[64];
    snprintf(prefix, sizeof prefix, "%s", th_tempdir());
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "make --no-print-directory install BUILD=%s PREFIX=%s", STYR_BUILD, prefix);
    int st = th_shell(&out, cmd);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
    return prefix;
}

static bool exists(const char *prefix, const char *path)
{
    char full[512];
    struct stat st;
    snprintf(full, sizeof full, "%s/%s", prefix, path);
    return lstat(full, &st) == 0;
}

Test(install, puts_every_file_under_the_prefix)
{
    const char *prefix = install_prefix();
    const char *files[] = { "bin/styr", "lib/libstyr.a", "lib/libstyr.so.0.1.0", "lib/libstyr.so.0",
                            "lib/libstyr.so", "include/styr.h", "lib/pkgconfig/styr.pc",
                            "share/man/man1/styr.1", "share/styr/stdlib/index.styr", "share/styr/stdlib/money.styr",
                            "lib/styr/styr_sqlite.so" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        cr_assert(exists(prefix, files[i]), "%s/%s is missing", prefix, files[i]);
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "objdump -p %s/lib/libstyr.so.0.1.0 | grep SONAME", prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    cr_assert(strstr(out, "libstyr.so.0"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s/bin/styr --version", prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    cr_assert(strncmp(out, "styr ", 5) == 0, "%s", out);
    free(out);
}

Test(install, pkg_config_names_the_installed_library)
{
    const char *prefix = install_prefix();
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "PKG_CONFIG_PATH=%s/lib/pkgconfig pkg-config --cflags --libs styr", prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    char want[256];
    snprintf(want, sizeof want, "-I%s/include", prefix);
    cr_assert(strstr(out, want), "%s", out);
    snprintf(want, sizeof want, "-L%s/lib -lstyr", prefix);
    cr_assert(strstr(out, want), "%s", out);
    free(out);
}

Test(install, man_page_renders)
{
    const char *prefix = install_prefix();
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "MANWIDTH=80 man -l %s/share/man/man1/styr.1 | col -b", prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    cr_assert(strstr(out, "EXIT STATUS"), "%.400s", out);
    cr_assert(strstr(out, "RULES.styr") && strstr(out, "--engine"), "%.400s", out);
    free(out);
}

Test(install, embedding_example_built_with_pkg_config_reports_as_styr_check)
{
    const char *prefix = install_prefix();
    const char *dir = th_tempdir();
    char cmd[2048], *out;
    /* The flags of this build (sanitizers under make asan) link the example as the library was built. */
    snprintf(cmd, sizeof cmd,
             "PKG_CONFIG_PATH=%s/lib/pkgconfig make --no-print-directory -C examples/embed "
             "CFLAGS='%s -Wall -Wextra -Werror' LDFLAGS='%s' OUT=%s/check-tariffs",
             prefix, STYR_TEST_CFLAGS, strstr(STYR_TEST_CFLAGS, "sanitize") ? STYR_TEST_CFLAGS : "", dir);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "LD_LIBRARY_PATH=%s/lib %s/check-tariffs rules/hovedstaden-2021-2022.styr", prefix, dir);
    char *embedded;
    int st = th_shell(&embedded, cmd);
    char *checked;
    int want = th_styr(&checked, "check rules/hovedstaden-2021-2022.styr --engine interp --color never");
    cr_assert_eq(st, want, "%s", embedded);
    cr_assert_str_eq(embedded, checked);
    free(embedded);
    free(checked);
    /* It runs against the shared library, not a copy linked in. */
    snprintf(cmd, sizeof cmd, "LD_LIBRARY_PATH=%s/lib ldd %s/check-tariffs", prefix, dir);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    char want_lib[256];
    snprintf(want_lib, sizeof want_lib, "%s/lib/libstyr.so.0", prefix);
    cr_assert(strstr(out, want_lib), "%s", out);
    free(out);
}

Test(install, uninstall_removes_every_installed_file)
{
    const char *prefix = install_prefix();
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "make --no-print-directory -s uninstall BUILD=%s PREFIX=%s && find %s -type f -o -type l",
             STYR_BUILD, prefix, prefix);
    cr_assert_eq(th_shell(&out, cmd), 0, "%s", out);
    cr_assert_str_eq(out, "");
    free(out);
}
