/*
** test_paths.c: what a rule file may reach on disk (issue 6, hostile rule files). It
** imports files and names data files only in its own folder tree, judged after symlinks
** and ".." are resolved, unless the caller allows more folders (--allow-path,
** styr_rules_open_with); files the caller gives (--data) may lie anywhere; the standard
** library is built in. Import cycles are reported as the chain of files they are.
*/
#include <criterion/criterion.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "styr.h"

/* Each test has a fresh folder holding root/ (where its rule file goes, resolved) and
** outside/ beside it, with lib.styr declaring a parameter and t.csv. */
static char root[PATH_MAX], outside[PATH_MAX];

static void make_layout(void)
{
    char base[PATH_MAX];
    if (!realpath(th_tempdir(), base)) abort();
    snprintf(root, sizeof root, "%.*s/root", PATH_MAX - 8, base);
    snprintf(outside, sizeof outside, "%.*s/outside", PATH_MAX - 16, base);
    mkdir(root, 0755);
    mkdir(outside, 0755);
    th_write(outside, "lib.styr", "parameter limit = 10 kr\n");
    th_write(outside, "t.csv", "a\n5\n");
}

TestSuite(paths, .init = make_layout);

/* dir/name (malloc'ed). */
static char *joined(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static const char header[] = "agreement \"x\" period 2021-01-01 to 2022-12-31\n";

/* The diagnostics of the header and text written to root/rules.styr, opened with the
** folders of allow (NULL-terminated, or NULL) allowed. */
static char *diagnostics(const char *text, const char *const *allow)
{
    char rules[16384];
    snprintf(rules, sizeof rules, "%s%s", header, text);
    styr_open_options options = { .allow_paths = allow };
    styr_rules *r;
    styr_rules_open_with(th_write(root, "rules.styr", rules), &options, &r);
    char *out = strdup(styr_rules_errmsg(r));
    styr_rules_close(r);
    return out;
}

/* Expects the text to check without a diagnostic, with outside/ allowed when asked. */
static void expect_clean(const char *text, bool allow_outside)
{
    const char *allow[] = { outside, NULL };
    char *d = diagnostics(text, allow_outside ? allow : NULL);
    cr_assert_str_eq(d, "");
    free(d);
}

/* Expects the text to be refused at line:col of rules.styr (counting the header) because
** `what` ("this import reaches") leads to target, outside root. */
static void expect_refused(const char *text, const char *what, const char *target, int line, int col)
{
    char *d = diagnostics(text, NULL);
    char want[PATH_MAX * 3];
    snprintf(want, sizeof want, "rules.styr:%d:%d: error: %s outside the rule file's folder (%s): it leads to %s\n",
             line, col, what, root, target);
    cr_assert(strstr(d, want), "want \"%s\" in:\n%s", want, d);
    cr_assert(strstr(d, "hint: a rule file may reach only files in its own folder tree; allow another folder with "
                        "--allow-path DIR"), "%s", d);
    cr_assert(strstr(d, "^"), "a caret under the path: %s", d);
    free(d);
}

/* The same for a target in outside/. */
static void expect_refused_outside(const char *text, const char *what, const char *name, int line, int col)
{
    char *target = joined(outside, name);
    expect_refused(text, what, target, line, col);
    free(target);
}

/* Makes the folder root/name. */
static void make_folder(const char *name)
{
    char *dir = joined(root, name);
    cr_assert_eq(mkdir(dir, 0755), 0);
    free(dir);
}

/* Makes root/name a symlink to outside/target (outside/ itself when target is NULL). */
static void link_out(const char *name, const char *target)
{
    char *link = joined(root, name), *to = target ? joined(outside, target) : strdup(outside);
    cr_assert_eq(symlink(to, link), 0);
    free(link);
    free(to);
}

/* Runs `styr ARGS...` (a format) and returns its exit status, the output in *text. */
__attribute__((format(printf, 2, 3)))
static int styr(char **text, const char *fmt, ...)
{
    char args[4 * PATH_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    return th_styr(text, args);
}

/* ------------------------------------------------------------------ imports */

Test(paths, import_through_dotdot_is_refused)
{
    expect_refused_outside("import \"../outside/lib\"\n", "this import reaches", "lib.styr", 2, 1);
}

Test(paths, absolute_import_is_refused)
{
    char text[PATH_MAX + 32];
    snprintf(text, sizeof text, "import \"%s/lib\"\n", outside);
    expect_refused_outside(text, "this import reaches", "lib.styr", 2, 1);
}

Test(paths, import_of_a_symlink_that_leads_out_is_refused)
{
    link_out("lib.styr", "lib.styr");
    expect_refused_outside("import \"lib\"\n", "this import reaches", "lib.styr", 2, 1);
}

Test(paths, import_through_a_symlinked_folder_is_refused)
{
    link_out("shared", NULL);
    expect_refused_outside("import \"shared/lib\"\n", "this import reaches", "lib.styr", 2, 1);
}

Test(paths, refused_import_is_not_read)
{
    /* The file outside does not parse: only the refusal is reported, nothing from it. */
    th_write(outside, "bad.styr", "this is not styr\n");
    char *d = diagnostics("import \"../outside/bad\"\n", NULL);
    cr_assert(strstr(d, "this import reaches outside"), "%s", d);
    cr_assert_null(strstr(d, "bad.styr:"), "%s", d);
    free(d);
}

Test(paths, import_in_a_subfolder_is_allowed)
{
    make_folder("sub");
    th_write(root, "sub/lib.styr", "parameter limit = 10 kr\n");
    expect_clean("import \"sub/lib\"\nimport \"sub/../sub/lib\"\n", false);
}

Test(paths, import_is_allowed_from_a_folder_the_api_allows)
{
    expect_clean("import \"../outside/lib\"\n", true);
}

Test(paths, rules_from_text_reach_the_folder_of_their_name)
{
    char *name = joined(root, "memory.styr");
    const char text[] = "import \"../outside/lib\"\n";
    styr_rules *r;
    cr_assert_eq(styr_rules_open_text(name, text, strlen(text), &r), STYR_ERR_RULES);
    cr_assert(strstr(styr_rules_errmsg(r), "memory.styr:1:1: error: this import reaches outside"), "%s",
              styr_rules_errmsg(r));
    styr_rules_close(r);
    const char *allow[] = { outside, NULL };
    styr_open_options options = { .allow_paths = allow };
    cr_assert_eq(styr_rules_open_text_with(name, text, strlen(text), &options, &r), STYR_OK, "%s",
                 styr_rules_errmsg(r));
    styr_rules_close(r);
    free(name);
}

Test(paths, import_is_allowed_from_a_folder_given_with_allow_path)
{
    th_write(root, "rules.styr", "agreement \"x\" period 2021-01-01 to 2022-12-31\nimport \"../outside/lib\"\n"
                                 "info i \"i\"\n  for t in d\n  emit o (t.a)\n"
                                 "dataset d from \"d.csv\" columns a money\n");
    th_write(root, "d.csv", "a\n1\n");
    char *text;
    cr_assert_eq(styr(&text, "check %s/rules.styr --quiet", root), 2, "%s", text);
    cr_assert(strstr(text, "this import reaches outside"), "%s", text);
    free(text);
    cr_assert_eq(styr(&text, "check %s/rules.styr --quiet --allow-path %s", root, outside), 0, "%s", text);
    free(text);
}

Test(paths, allow_path_that_is_no_folder_is_a_usage_error)
{
    char *text;
    cr_assert_eq(styr(&text, "check rules/hovedstaden-2021-2022.styr --allow-path /nonexistent/folder"), 2);
    cr_assert(strstr(text, "styr: --allow-path wants a folder; \"/nonexistent/folder\" is none"), "%s", text);
    free(text);
}

Test(paths, standard_library_is_importable)
{
    expect_clean("import \"stdlib/index\"\nimport \"stdlib/money\"\n", false);
}

/* ------------------------------------------------------------------ data files */

Test(paths, data_file_through_dotdot_is_refused)
{
    expect_refused_outside("dataset t from \"../outside/t.csv\" columns a money\n", "the file of dataset `t` lies",
                           "t.csv", 2, 16);
}

Test(paths, absolute_data_file_is_refused)
{
    expect_refused("dataset t from \"/etc/passwd\" columns a text\n", "the file of dataset `t` lies", "/etc/passwd",
                   2, 16);
}

Test(paths, missing_data_file_in_a_folder_that_leads_out_is_refused)
{
    link_out("exports", NULL);
    expect_refused_outside("dataset t from \"exports/new.csv\" columns a money\n", "the file of dataset `t` lies",
                           "new.csv", 2, 16);
}

Test(paths, missing_data_file_in_a_missing_folder_of_the_root_is_allowed)
{
    /* The folder and the file may be made later, where they cannot lead out. */
    expect_clean("dataset t from \"later/new.csv\" columns a money\n", false);
}

Test(paths, data_file_path_too_long_to_resolve_is_refused)
{
    char text[12000] = "dataset t from \"";
    for (int i = 0; i < 3000; i++) strcat(text, "a/");
    strcat(text, "t.csv\" columns a money\n");
    char *d = diagnostics(text, NULL);
    char want[PATH_MAX + 200];
    snprintf(want, sizeof want, "rules.styr:2:16: error: the file of dataset `t` lies outside the rule file's "
                                "folder (%s): the path cannot be resolved\n", root);
    cr_assert(strstr(d, want), "want \"%s\" in:\n%.2000s", want, d);
    free(d);
}

Test(paths, data_file_is_allowed_in_a_folder_the_api_allows)
{
    expect_clean("dataset t from \"../outside/t.csv\" columns a money\n", true);
}

static const char rules_reading_t[] = "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
                                      "requirement r \"r\"\n  for x in t\n  require x.a < 10 kr\n"
                                      "dataset t from \"t.csv\" columns a money\n";

Test(paths, data_file_the_caller_gives_may_lie_anywhere)
{
    th_write(root, "rules.styr", rules_reading_t);
    char *text;
    cr_assert_eq(styr(&text, "check %s/rules.styr --quiet --data t=%s/t.csv", root, outside), 0, "%s", text);
    free(text);
}

Test(paths, data_file_that_became_a_symlink_out_is_refused_when_read)
{
    /* Checked while the file is missing (allowed), then made a symlink out of the root. */
    styr_rules *r;
    cr_assert_eq(styr_rules_open(th_write(root, "rules.styr", rules_reading_t), &r), STYR_OK, "%s",
                 styr_rules_errmsg(r));
    link_out("t.csv", "t.csv");
    styr_run *run;
    styr_run_new(r, &run);
    cr_assert_eq(styr_execute(run), STYR_ERR_DATA);
    char want[3 * PATH_MAX];
    snprintf(want, sizeof want, "the file of dataset t leads to %s/t.csv, outside the rule file's folder (%s)",
             outside, root);
    cr_assert(strstr(styr_run_errmsg(run), want), "want \"%s\" in: %s", want, styr_run_errmsg(run));
    styr_run_free(run);
    styr_rules_close(r);
}

/* ------------------------------------------------------------------ every command that opens rules */

/* `styr COMMAND` on bench/audit_tariffs.styr (which imports ../rules/datasets) fails
** without --allow-path rules and works with it. */
static void expect_command_needs_allow_path(const char *command, const char *more, int status_allowed)
{
    char *text;
    cr_assert_eq(styr(&text, "%s bench/audit_tariffs.styr %s", command, more), 2, "%s", text);
    cr_assert(strstr(text, "bench/audit_tariffs.styr:14:1: error: this import reaches outside"), "%s", text);
    free(text);
    cr_assert_eq(styr(&text, "%s bench/audit_tariffs.styr %s --allow-path rules", command, more), status_allowed,
                 "%s", text);
    free(text);
}

Test(paths, check_takes_allow_path)
{
    expect_command_needs_allow_path("check", "--quiet --engine interp", 1);
}

Test(paths, explain_takes_allow_path)
{
    expect_command_needs_allow_path("explain", "--rule overhead_target --key year=2021", 1);
}

Test(paths, test_takes_allow_path)
{
    expect_command_needs_allow_path("test", "--no-jit", 0);
}

Test(paths, diff_takes_allow_path)
{
    expect_command_needs_allow_path("diff", "bench/audit_tariffs.styr --rules-only", 0);
}

/* ------------------------------------------------------------------ import cycles */

/* Writes the files (name, text, name, text..., NULL) into root and returns the
** diagnostics of root/a.styr. */
static char *cycle_diagnostics(const char *name, ...)
{
    va_list ap;
    va_start(ap, name);
    for (const char *n = name; n; n = va_arg(ap, const char *)) th_write(root, n, va_arg(ap, const char *));
    va_end(ap);
    char *path = joined(root, "a.styr");
    styr_rules *r;
    cr_assert_eq(styr_rules_open(path, &r), STYR_ERR_RULES);
    char *out = strdup(styr_rules_errmsg(r));
    styr_rules_close(r);
    free(path);
    return out;
}

Test(paths, file_importing_itself_is_a_cycle)
{
    char *d = cycle_diagnostics("a.styr", "import \"a\"\n", NULL);
    cr_assert(strstr(d, "a.styr:1:1: error: import cycle: a.styr imports itself\n"), "%s", d);
    cr_assert(strstr(d, "hint: remove this import"), "%s", d);
    free(d);
}

Test(paths, file_importing_itself_by_another_path_is_a_cycle)
{
    make_folder("sub");
    char *d = cycle_diagnostics("a.styr", "import \"sub/../a\"\n", NULL);
    cr_assert(strstr(d, "error: import cycle: a.styr imports itself\n"), "%s", d);
    free(d);
}

Test(paths, two_files_importing_each_other_is_a_cycle)
{
    char *d = cycle_diagnostics("a.styr", "import \"b\"\n", "b.styr", "# b\nimport \"a\"\n", NULL);
    cr_assert(strstr(d, "b.styr:2:1: error: import cycle: a.styr imports b.styr, which imports a.styr\n"), "%s", d);
    cr_assert(strstr(d, "hint: move what the files need from each other into a file that imports none of them"),
              "%s", d);
    free(d);
}

Test(paths, longer_cycle_names_every_file)
{
    char *d = cycle_diagnostics("a.styr", "import \"b\"\n", "b.styr", "import \"c\"\n", "c.styr", "import \"d\"\n",
                                "d.styr", "import \"b\"\n", NULL);
    cr_assert(strstr(d, "d.styr:1:1: error: import cycle: b.styr imports c.styr, which imports d.styr, which "
                        "imports b.styr\n"), "%s", d);
    cr_assert_null(strstr(strstr(d, "error:") + 1, "error:"), "reported once: %s", d);
    free(d);
}

Test(paths, file_imported_twice_without_a_cycle_is_read_once)
{
    th_write(root, "b.styr", "import \"c\"\n");
    th_write(root, "c.styr", "parameter p = 1\n");
    /* c's parameter declared twice would be an error. */
    expect_clean("import \"b\"\nimport \"c\"\n", false);
}
