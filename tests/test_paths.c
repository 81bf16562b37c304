/*
** test_paths.c: what a rule file may reach on disk (issue 6, hostile rule files). It
** imports files and names data files only in its own folder tree, judged after symlinks
** and ".." are resolved, unless the caller allows more folders (--allow-path,
** styr_rules_open_with); files the caller gives (--data) may lie anywhere; the standard
** library is built in. Import cycles are reported as the chain of files they are.
*/
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "styr.h"

static const char header[] = "agreement \"x\" period 2021-01-01 to 2022-12-31\n";

/* A fresh folder holding root/ (where the rule file goes) and outside/ (beside it, with
** lib.styr declaring a parameter and t.csv); returns the resolved path of root. */
static char *layout(char **outside)
{
    char base[PATH_MAX];
    if (!realpath(th_tempdir(), base)) abort();
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/root", base);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/outside", base);
    mkdir(path, 0755);
    th_write(path, "lib.styr", "parameter limit = 10 kr\n");
    th_write(path, "t.csv", "a\n5\n");
    *outside = strdup(path);
    snprintf(path, sizeof path, "%s/root", base);
    return strdup(path);
}

/* The diagnostics of rule text written to dir/rules.styr, opened with the folders of
** allow (NULL-terminated, or NULL). */
static char *diagnostics(const char *dir, const char *text, const char *const *allow)
{
    char rules[4096];
    snprintf(rules, sizeof rules, "%s%s", header, text);
    styr_open_options options = { .allow_paths = allow };
    styr_rules *r;
    styr_rules_open_with(th_write(dir, "rules.styr", rules), &options, &r);
    char *out = strdup(styr_rules_errmsg(r));
    styr_rules_close(r);
    return out;
}

/* Expects the error that `what` (an import, or a data file) at line:col of rules.styr
** leads to `target`, outside root. */
static void expect_outside(const char *d, const char *root, const char *what, const char *target, int line, int col)
{
    char want[PATH_MAX * 3];
    snprintf(want, sizeof want, "rules.styr:%d:%d: error: %s outside the rule file's folder (%s): it leads to %s\n",
             line, col, what, root, target);
    cr_assert(strstr(d, want), "want \"%s\" in:\n%s", want, d);
    cr_assert(strstr(d, "hint: a rule file may reach only files in its own folder tree; allow another folder with "
                        "--allow-path DIR"), "%s", d);
    cr_assert(strstr(d, "^"), "a caret under the path: %s", d);
}

static char *joined(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* ------------------------------------------------------------------ imports */

Test(paths, import_through_dotdot_is_refused)
{
    char *out, *root = layout(&out);
    char *d = diagnostics(root, "import \"../outside/lib\"\n", NULL);
    char *target = joined(out, "lib.styr");
    expect_outside(d, root, "this import reaches", target, 2, 1);
    free(target), free(d), free(root), free(out);
}

Test(paths, absolute_import_is_refused)
{
    char *out, *root = layout(&out);
    char text[PATH_MAX + 32];
    snprintf(text, sizeof text, "import \"%s/lib\"\n", out);
    char *d = diagnostics(root, text, NULL);
    char *target = joined(out, "lib.styr");
    expect_outside(d, root, "this import reaches", target, 2, 1);
    free(target), free(d), free(root), free(out);
}

Test(paths, import_of_a_symlink_that_leads_out_is_refused)
{
    char *out, *root = layout(&out);
    char *link = joined(root, "lib.styr"), *target = joined(out, "lib.styr");
    cr_assert_eq(symlink(target, link), 0);
    char *d = diagnostics(root, "import \"lib\"\n", NULL);
    expect_outside(d, root, "this import reaches", target, 2, 1);
    free(link), free(target), free(d), free(root), free(out);
}

Test(paths, import_through_a_symlinked_folder_is_refused)
{
    char *out, *root = layout(&out);
    char *link = joined(root, "shared");
    cr_assert_eq(symlink(out, link), 0);
    char *d = diagnostics(root, "import \"shared/lib\"\n", NULL);
    char *target = joined(out, "lib.styr");
    expect_outside(d, root, "this import reaches", target, 2, 1);
    free(link), free(target), free(d), free(root), free(out);
}

Test(paths, refused_import_is_not_read)
{
    /* The file outside does not parse: only the refusal is reported, nothing from it. */
    char *out, *root = layout(&out);
    th_write(out, "bad.styr", "this is not styr\n");
    char *d = diagnostics(root, "import \"../outside/bad\"\n", NULL);
    cr_assert(strstr(d, "this import reaches outside"), "%s", d);
    cr_assert_null(strstr(d, "bad.styr:"), "%s", d);
    free(d), free(root), free(out);
}

Test(paths, import_in_a_subfolder_is_allowed)
{
    char *out, *root = layout(&out);
    char *sub = joined(root, "sub");
    mkdir(sub, 0755);
    th_write(sub, "lib.styr", "parameter limit = 10 kr\n");
    char *d = diagnostics(root, "import \"sub/lib\"\nimport \"sub/../sub/lib\"\n", NULL);
    cr_assert_str_eq(d, "");
    free(sub), free(d), free(root), free(out);
}

Test(paths, import_is_allowed_from_a_folder_the_api_allows)
{
    char *out, *root = layout(&out);
    const char *allow[] = { out, NULL };
    char *d = diagnostics(root, "import \"../outside/lib\"\n", allow);
    cr_assert_str_eq(d, "");
    free(d), free(root), free(out);
}

Test(paths, import_is_allowed_from_a_folder_given_with_allow_path)
{
    char *out, *root = layout(&out);
    th_write(root, "rules.styr", "agreement \"x\" period 2021-01-01 to 2022-12-31\nimport \"../outside/lib\"\n"
                                 "info i \"i\"\n  for t in d\n  emit o (t.a)\ndataset d from \"d.csv\" columns a money\n");
    th_write(root, "d.csv", "a\n1\n");
    char args[3 * PATH_MAX], *text;
    snprintf(args, sizeof args, "check %s/rules.styr --quiet", root);
    cr_assert_eq(th_styr(&text, args), 2, "%s", text);
    cr_assert(strstr(text, "this import reaches outside"), "%s", text);
    free(text);
    snprintf(args, sizeof args, "check %s/rules.styr --quiet --allow-path %s", root, out);
    cr_assert_eq(th_styr(&text, args), 0, "%s", text);
    free(text), free(root), free(out);
}

Test(paths, rules_from_text_reach_the_folder_of_their_name)
{
    char *out, *root = layout(&out);
    char *name = joined(root, "memory.styr");
    const char text[] = "import \"../outside/lib\"\n";
    styr_rules *r;
    cr_assert_eq(styr_rules_open_text(name, text, strlen(text), &r), STYR_ERR_RULES);
    cr_assert(strstr(styr_rules_errmsg(r), "memory.styr:1:1: error: this import reaches outside"), "%s",
              styr_rules_errmsg(r));
    styr_rules_close(r);
    const char *allow[] = { out, NULL };
    styr_open_options options = { .allow_paths = allow };
    cr_assert_eq(styr_rules_open_text_with(name, text, strlen(text), &options, &r), STYR_OK, "%s",
                 styr_rules_errmsg(r));
    styr_rules_close(r);
    free(name), free(root), free(out);
}

Test(paths, allow_path_that_is_no_folder_is_a_usage_error)
{
    char *text;
    cr_assert_eq(th_styr(&text, "check rules/hovedstaden-2021-2022.styr --allow-path /nonexistent/folder"), 2);
    cr_assert(strstr(text, "styr: --allow-path wants a folder; \"/nonexistent/folder\" is none"), "%s", text);
    free(text);
}

Test(paths, standard_library_is_importable)
{
    char *out, *root = layout(&out);
    char *d = diagnostics(root, "import \"stdlib/index\"\nimport \"stdlib/money\"\n", NULL);
    cr_assert_str_eq(d, "");
    free(d), free(root), free(out);
}

/* ------------------------------------------------------------------ data files */

Test(paths, data_file_through_dotdot_is_refused)
{
    char *out, *root = layout(&out);
    char *d = diagnostics(root, "dataset t from \"../outside/t.csv\" columns a money\n", NULL);
    char *target = joined(out, "t.csv");
    expect_outside(d, root, "the file of dataset `t` lies", target, 2, 16);
    free(target), free(d), free(root), free(out);
}

Test(paths, absolute_data_file_is_refused)
{
    char *out, *root = layout(&out);
    char *d = diagnostics(root, "dataset t from \"/etc/passwd\" columns a text\n", NULL);
    expect_outside(d, root, "the file of dataset `t` lies", "/etc/passwd", 2, 16);
    free(d), free(root), free(out);
}

Test(paths, missing_data_file_is_judged_by_its_resolved_folder)
{
    char *out, *root = layout(&out);
    char *link = joined(root, "exports");
    cr_assert_eq(symlink(out, link), 0);
    char *d = diagnostics(root, "dataset t from \"exports/new.csv\" columns a money\n", NULL);
    char *target = joined(out, "new.csv");
    expect_outside(d, root, "the file of dataset `t` lies", target, 2, 16);
    free(d);
    /* The same name in a real folder of the root may be created later. */
    d = diagnostics(root, "dataset t from \"later/new.csv\" columns a money\n", NULL);
    cr_assert_str_eq(d, "");
    free(link), free(target), free(d), free(root), free(out);
}

Test(paths, data_file_is_allowed_in_a_folder_the_api_allows)
{
    char *out, *root = layout(&out);
    const char *allow[] = { out, NULL };
    char *d = diagnostics(root, "dataset t from \"../outside/t.csv\" columns a money\n", allow);
    cr_assert_str_eq(d, "");
    free(d), free(root), free(out);
}

Test(paths, data_file_the_caller_gives_may_lie_anywhere)
{
    char *out, *root = layout(&out);
    th_write(root, "rules.styr", "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
                                 "requirement r \"r\"\n  for x in t\n  require x.a < 10 kr\n"
                                 "dataset t from \"t.csv\" columns a money\n");
    char args[3 * PATH_MAX], *text;
    snprintf(args, sizeof args, "check %s/rules.styr --quiet --data t=%s/t.csv", root, out);
    cr_assert_eq(th_styr(&text, args), 0, "%s", text);
    free(text), free(root), free(out);
}

Test(paths, data_file_that_became_a_symlink_out_is_refused_when_read)
{
    /* Checked while the file is missing (allowed), then made a symlink out of the root. */
    char *out, *root = layout(&out);
    styr_rules *r;
    cr_assert_eq(styr_rules_open(th_write(root, "rules.styr",
                                          "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
                                          "requirement r \"r\"\n  for x in t\n  require x.a < 10 kr\n"
                                          "dataset t from \"t.csv\" columns a money\n"), &r), STYR_OK,
                 "%s", styr_rules_errmsg(r));
    char *link = joined(root, "t.csv"), *target = joined(out, "t.csv");
    cr_assert_eq(symlink(target, link), 0);
    styr_run *run;
    styr_run_new(r, &run);
    cr_assert_eq(styr_execute(run), STYR_ERR_DATA);
    char want[3 * PATH_MAX];
    snprintf(want, sizeof want, "the file of dataset t leads to %s, outside the rule file's folder (%s)", target, root);
    cr_assert(strstr(styr_run_errmsg(run), want), "want \"%s\" in: %s", want, styr_run_errmsg(run));
    styr_run_free(run);
    styr_rules_close(r);
    free(link), free(target), free(root), free(out);
}

/* ------------------------------------------------------------------ every command that opens rules */

/* `styr COMMAND` on bench/audit_tariffs.styr (which imports ../rules/datasets) fails
** without --allow-path rules and works with it. */
static void expect_command_needs_allow_path(const char *command, const char *more, int status_allowed)
{
    char args[512], *text;
    snprintf(args, sizeof args, "%s bench/audit_tariffs.styr %s", command, more);
    cr_assert_eq(th_styr(&text, args), 2, "%s", text);
    cr_assert(strstr(text, "bench/audit_tariffs.styr:14:1: error: this import reaches outside"), "%s", text);
    free(text);
    snprintf(args, sizeof args, "%s bench/audit_tariffs.styr %s --allow-path rules", command, more);
    cr_assert_eq(th_styr(&text, args), status_allowed, "%s", text);
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

/* The diagnostics of dir/a.styr, whose files import each other. */
static char *cycle_diagnostics(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/a.styr", dir);
    styr_rules *r;
    cr_assert_eq(styr_rules_open(path, &r), STYR_ERR_RULES);
    char *out = strdup(styr_rules_errmsg(r));
    styr_rules_close(r);
    return out;
}

Test(paths, file_importing_itself_is_a_cycle)
{
    const char *dir = th_tempdir();
    th_write(dir, "a.styr", "import \"a\"\n");
    char *d = cycle_diagnostics(dir);
    cr_assert(strstr(d, "a.styr:1:1: error: import cycle: a.styr imports itself\n"), "%s", d);
    cr_assert(strstr(d, "hint: remove this import"), "%s", d);
    free(d);
}

Test(paths, file_importing_itself_by_another_path_is_a_cycle)
{
    const char *dir = th_tempdir();
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    th_write(dir, "a.styr", "import \"sub/../a\"\n");
    char *d = cycle_diagnostics(dir);
    cr_assert(strstr(d, "error: import cycle: a.styr imports itself\n"), "%s", d);
    free(d);
}

Test(paths, two_files_importing_each_other_is_a_cycle)
{
    const char *dir = th_tempdir();
    th_write(dir, "a.styr", "import \"b\"\n");
    th_write(dir, "b.styr", "# b\nimport \"a\"\n");
    char *d = cycle_diagnostics(dir);
    cr_assert(strstr(d, "b.styr:2:1: error: import cycle: a.styr imports b.styr, which imports a.styr\n"), "%s", d);
    cr_assert(strstr(d, "hint: move what the files need from each other into a file that imports none of them"),
              "%s", d);
    free(d);
}

Test(paths, longer_cycle_names_every_file)
{
    const char *dir = th_tempdir();
    th_write(dir, "a.styr", "import \"b\"\n");
    th_write(dir, "b.styr", "import \"c\"\n");
    th_write(dir, "c.styr", "import \"d\"\n");
    th_write(dir, "d.styr", "import \"b\"\n");
    char *d = cycle_diagnostics(dir);
    cr_assert(strstr(d, "d.styr:1:1: error: import cycle: b.styr imports c.styr, which imports d.styr, which "
                        "imports b.styr\n"), "%s", d);
    cr_assert_null(strstr(strstr(d, "error:") + 1, "error:"), "reported once: %s", d);
    free(d);
}

Test(paths, file_imported_twice_without_a_cycle_is_read_once)
{
    const char *dir = th_tempdir();
    th_write(dir, "a.styr", "import \"b\"\nimport \"c\"\n");
    th_write(dir, "b.styr", "import \"c\"\n");
    th_write(dir, "c.styr", "parameter p = 1\n");
    styr_rules *r;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/a.styr", dir);
    cr_assert_eq(styr_rules_open(path, &r), STYR_OK, "%s", styr_rules_errmsg(r));
    styr_rules_close(r);
}
