/*
** test_progress.c: progress of long loads and runs: the callback of styr.h hears each
** phase through to its end, one call at a time also when a file is read in parts; the
** bar of `styr check` appears on a terminal (a pseudo-terminal here) and never in a
** pipe, in CI or with --quiet.
*/
#include <criterion/criterion.h>
#include <pty.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "styr.h"

static const char rules_text[] =
    "dataset costs\n"
    "  from \"costs.csv\"\n"
    "  key id\n"
    "  columns\n"
    "    id    int\n"
    "    cost  money\n"
    "\n"
    "requirement positive \"Costs are not negative\"\n"
    "  for c in costs\n"
    "  require c.cost >= 0 kr\n";

/* A folder with rules.styr and a costs.csv of n rows; the path of the rules. */
static const char *big_rules(int n, char *rules, size_t size)
{
    const char *dir = th_tempdir();
    char path[256];
    snprintf(path, sizeof path, "%s/costs.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs("id,cost\n", f);
    for (int i = 0; i < n; i++) fprintf(f, "%d,%d.%02d\n", i, i % 5000, i % 100);
    fclose(f);
    snprintf(rules, size, "%s", th_write(dir, "rules.styr", rules_text));
    return rules;
}

typedef struct heard {
    int calls[2];
    int finished[2];
    unsigned long long last_done[2], total[2], rows[2];
    bool backwards;              /* done went down within a phase */
    atomic_int inside, most_inside;
    char what[256];
} heard;

static void listen(void *ctx, const styr_progress *p)
{
    heard *h = ctx;
    int now = atomic_fetch_add(&h->inside, 1) + 1;
    if (now > atomic_load(&h->most_inside)) atomic_store(&h->most_inside, now);
    usleep(200);   /* long enough for another thread to come in, were it let */
    int k = p->phase == STYR_PHASE_RUN;
    if (p->done == 0) h->last_done[k] = 0;
    if (p->done < h->last_done[k]) h->backwards = true;
    h->last_done[k] = p->done;
    h->calls[k]++;
    if (p->finished) {
        h->finished[k]++;
        h->total[k] = p->total;
        h->rows[k] = p->rows;
        if (k == 0) snprintf(h->what, sizeof h->what, "%s", p->what);
    }
    atomic_fetch_sub(&h->inside, 1);
}

static void run_heard(const char *rules_path, int jobs, heard *h)
{
    styr_rules *rules;
    cr_assert_eq(styr_rules_open(rules_path, &rules), STYR_OK, "%s", styr_rules_errmsg(rules));
    styr_run *run;
    styr_run_new(rules, &run);
    styr_run_set_engine(run, STYR_ENGINE_INTERP);
    styr_run_set_jobs(run, jobs);
    cr_assert_eq(styr_run_set_progress(run, listen, h), STYR_OK);
    cr_assert_eq(styr_execute(run), STYR_OK, "%s", styr_run_errmsg(run));
    styr_run_free(run);
    styr_rules_close(rules);
}

Test(progress, callback_hears_loading_and_running_to_their_end)
{
    enum { ROWS = 300000 };
    char rules[512];
    heard h = { 0 };
    run_heard(big_rules(ROWS, rules, sizeof rules), 1, &h);
    cr_assert_eq(h.finished[0], 1, "one file read");
    cr_assert_eq(h.finished[1], 1, "one run");
    cr_assert_eq(h.rows[0], ROWS);
    cr_assert_eq(h.last_done[0], h.total[0], "every byte after the header read: %llu of %llu", h.last_done[0], h.total[0]);
    cr_assert_eq(h.rows[1], ROWS);
    cr_assert_eq(h.total[1], ROWS);
    cr_assert_geq(h.calls[0], ROWS / 65536, "the loader reports as it goes");
    cr_assert_geq(h.calls[1], ROWS / 65536, "the interpreter reports as it goes");
    cr_assert_not(h.backwards);
    cr_assert(strstr(h.what, "costs.csv"), "%s", h.what);
}

Test(progress, callback_is_called_by_one_thread_at_a_time_when_parts_are_read_side_by_side)
{
    enum { ROWS = 600000 };
    char rules[512];
    heard h = { 0 };
    run_heard(big_rules(ROWS, rules, sizeof rules), 4, &h);
    cr_assert_eq(atomic_load(&h.most_inside), 1);
    cr_assert_eq(h.rows[0], ROWS, "every part's rows counted");
    cr_assert_eq(h.last_done[0], h.total[0]);
}

/* Runs `styr check` with its stderr (and stdout) on a pseudo-terminal; what it wrote. */
static char *on_terminal(const char *rules, const char *extra, bool ci)
{
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (ci) setenv("CI", "true", 1);
        else unsetenv("CI");
        setenv("STYR_PROGRESS_AFTER", "0", 1);   /* draw at once, however fast the run */
        char *argv[] = { STYR_BIN, "check", (char *)rules, "--engine", "interp", (char *)extra, NULL };
        if (!*extra) argv[5] = NULL;
        execv(STYR_BIN, argv);
        _exit(127);
    }
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    for (;;) {
        if (cap - len < 4096) out = realloc(out, cap *= 2);
        ssize_t got = read(master, out + len, cap - len - 1);
        if (got <= 0) break;   /* EIO once the child is gone */
        len += (size_t)got;
    }
    out[len] = 0;
    close(master);
    int st;
    waitpid(pid, &st, 0);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "styr check failed:\n%s", out);
    return out;
}

enum { TERMINAL_ROWS = 300000 };

Test(progress, bar_appears_on_a_terminal, .timeout = 120)
{
    char rules[512];
    char *out = on_terminal(big_rules(TERMINAL_ROWS, rules, sizeof rules), "", false);
    cr_assert(strstr(out, "rows/s"), "no progress bar in:\n%s", out);
    cr_assert(strstr(out, "reading costs.csv"), "%s", out);
    cr_assert(strstr(out, "\r\033[K"), "the bar is drawn over itself and cleared");
    free(out);
}

Test(progress, no_bar_with_quiet_on_a_terminal, .timeout = 120)
{
    char rules[512];
    char *out = on_terminal(big_rules(TERMINAL_ROWS, rules, sizeof rules), "--quiet", false);
    cr_assert_null(strstr(out, "rows/s"), "a bar with --quiet:\n%s", out);
    free(out);
}

Test(progress, no_bar_in_ci, .timeout = 120)
{
    char rules[512];
    char *out = on_terminal(big_rules(TERMINAL_ROWS, rules, sizeof rules), "", true);
    cr_assert_null(strstr(out, "rows/s"), "a bar with CI set:\n%s", out);
    free(out);
}

Test(progress, no_bar_in_a_pipe, .timeout = 120)
{
    char rules[512], args[1024];
    big_rules(TERMINAL_ROWS, rules, sizeof rules);
    snprintf(args, sizeof args, "check %s --engine interp", rules);
    setenv("STYR_PROGRESS_AFTER", "0", 1);
    char *out;
    /* th_styr reads stdout and stderr through a pipe, and CI need not be set */
    cr_assert_eq(th_styr(&out, args), 0, "%s", out);
    cr_assert_null(strstr(out, "rows/s"), "a bar in a pipe:\n%s", out);
    cr_assert_null(strchr(out, '\r'));
    free(out);
}
