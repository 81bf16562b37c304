/*
** helpers.c: shared helpers of the tests, see helpers.h.
*/
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "styr.h"

const char *th_tempdir(void)
{
    static char dir[64];
    strcpy(dir, "/tmp/styr-test-XXXXXX");
    if (!mkdtemp(dir)) abort();
    return dir;
}

const char *th_write(const char *dir, const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
    return path;
}

char *th_temp_file(const void *bytes, size_t n)
{
    char *path = strdup("/tmp/styr-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, bytes, n) != (ssize_t)n) abort();
    close(fd);
    return path;
}

char *th_diagnostics(const char *dir, const char *rules)
{
    styr_rules *r;
    styr_rules_open(th_write(dir, "rules.styr", rules), &r);
    char *text = strdup(styr_rules_errmsg(r));
    styr_rules_close(r);
    return text;
}

/* The JSON report of the rule file at path run by one engine, or the error text. */
static char *run_with(const char *path, int engine, int jobs, int *compiled)
{
    styr_rules *r;
    char *out = NULL;
    if (styr_rules_open(path, &r) != STYR_OK) {
        size_t n = strlen(styr_rules_errmsg(r)) + 8;
        out = malloc(n);
        snprintf(out, n, "error: %s", styr_rules_errmsg(r));
        styr_rules_close(r);
        return out;
    }
    styr_run *run;
    styr_run_new(r, &run);
    styr_run_set_engine(run, engine);
    styr_run_set_jobs(run, jobs);
    styr_run_set_cache(run, 1, th_cache_dir());
    if (styr_execute(run) != STYR_OK) {
        size_t n = strlen(styr_run_errmsg(run)) + 8;
        out = malloc(n);
        snprintf(out, n, "error: %s", styr_run_errmsg(run));
    } else {
        styr_run_report(run, STYR_FORMAT_JSON, 0, &out, NULL);
    }
    if (compiled) *compiled = styr_run_compiled(run, NULL, NULL);
    styr_run_free(run);
    styr_rules_close(r);
    return out;
}

const char *th_cache_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/styr-test-cache-%d", (int)getuid());
        mkdir(dir, 0700);
    }
    return dir;
}

/* Where two reports first differ, for a failure message. */
static char *disagreement(const char *a, const char *b)
{
    size_t i = 0, line = 1, start = 0;
    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '\n') line++, start = i + 1;
    size_t n = strlen(a) + strlen(b) + 200;
    char *out = malloc(n);
    snprintf(out, n, "error: the JIT and the interpreter disagree at line %zu:\n  interp: %.200s\n  jit:    %.200s",
             line, a + start, b + start);
    return out;
}

char *th_run_json(const char *dir, const char *rules)
{
    const char *path = th_write(dir, "rules.styr", rules);
    char *interp = run_with(path, STYR_ENGINE_INTERP, 1, NULL);
    char *jit = run_with(path, STYR_ENGINE_JIT, 2, NULL);
    if (strcmp(interp, jit) != 0) {
        char *d = disagreement(interp, jit);
        free(interp);
        interp = d;
    }
    free(jit);
    return interp;
}

char *th_run_json_jit(const char *dir, const char *rules, int jobs, int *compiled)
{
    return run_with(th_write(dir, "rules.styr", rules), STYR_ENGINE_JIT, jobs, compiled);
}

int th_styr(char **output, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "STYR_CACHE_DIR=%s %s %s", th_cache_dir(), STYR_BIN, args);
    return th_shell(output, cmd);
}

int th_shell(char **output, const char *command)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s 2>&1", command);
    FILE *p = popen(cmd, "r");
    if (!p) abort();
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 1024) text = realloc(text, cap *= 2);
    }
    text[len] = 0;
    int st = pclose(p);
    *output = text;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *th_read_all(FILE *f)
{
    size_t len = 0, cap = 1 << 16, got;
    char *text = malloc(cap);
    while ((got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 4096) text = realloc(text, cap *= 2);
    }
    text[len] = 0;
    return text;
}

char *th_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = th_read_all(f);
    fclose(f);
    return text;
}

/* Texts that break a report that does not escape them: a script end, markup, quotes,
** the CSV separators. */
static const char fixture_rules[] =
    "agreement \"Prøve <&> \\\"aftale\\\"\" period 2021-01-01 to 2022-12-31\n"
    "dataset items from \"items.csv\" key id columns\n"
    "  id text  year year  municipality text  amount money  note text optional\n"
    "requirement amount_cap \"Beløb </script> højst 1000 kr.\"\n"
    "  for i in items\n"
    "  require i.amount <= 1000 kr\n"
    "  explained by i.note\n"
    "  message \"Beløb {i.amount} for </script><img src=x onerror=alert(1)> \\\"{i.id}\\\", over; igen\"\n"
    "info amounts \"Beløb pr. kommune og år\"\n"
    "  for i in items\n"
    "  group by i.municipality as municipality, i.year as year\n"
    "  let amount = sum(i.amount)\n"
    "  emit amount_by_municipality_and_year_for_the_report (municipality, year, amount, target: 5000 kr)\n";

const char *const th_fixture_municipalities[3] = { "Albertslund", "A \"B\", C; D", "</script><b>x</b>" };

const char *th_report_fixture(int nrows)
{
    const char *dir = th_tempdir();
    th_write(dir, "rules.styr", fixture_rules);
    size_t cap = 128 * (size_t)nrows + 128, len = 0;
    char *csv = malloc(cap);
    len += (size_t)sprintf(csv, "id,year,municipality,amount,note\n");
    static const char *const quoted[3] = { "Albertslund", "\"A \"\"B\"\", C; D\"", "</script><b>x</b>" };
    for (int k = 0; k < nrows; k++)
        len += (size_t)sprintf(csv + len, "I%06d,%d,%s,%s,%s\n", k, 2019 + k % 4, quoted[k % 3],
                               k % 2 ? "1234.50" : "999.99",
                               k % 4 == 1 ? "\"Forklaring \"\"citat\"\" <b>&amp;</b>, komma; semikolon\"" : "");
    th_write(dir, "items.csv", csv);
    free(csv);
    return dir;
}

const char *th_sanitizer_env(void)
{
    static char env[1024];
    if (!strstr(STYR_TEST_CFLAGS, "sanitize=address")) return "";
    char *asan;
    if (th_shell(&asan, "cc -print-file-name=libasan.so") != 0) abort();
    asan[strcspn(asan, "\n")] = 0;
    snprintf(env, sizeof env, "LD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0", asan);
    free(asan);
    return env;
}

static bool feed_all(th_feeder *f, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(f->fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            f->err = errno;
            return false;
        }
        f->written += (uint64_t)k;
        s += k;
        n -= (size_t)k;
    }
    return true;
}

/* Opens the FIFO f->path for writing once a reader has it open, without waiting for ever
** when none comes. */
static bool open_fifo(th_feeder *f)
{
    for (int tries = 0; tries < 3000; tries++) {
        f->fd = open(f->path, O_WRONLY | O_NONBLOCK);
        if (f->fd >= 0)
            return fcntl(f->fd, F_SETFL, 0) == 0;
        if (errno != ENXIO)
            break;
        nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
    }
    f->err = errno;
    return false;
}

static void *feed(void *arg)
{
    th_feeder *f = arg;
    if (f->path && !open_fifo(f))
        return NULL;
    static char block[1 << 20];
    memset(block, f->fill, sizeof block);
    bool ok = feed_all(f, f->data, f->n);
    for (uint64_t left = f->nfill; ok && left > 0; left -= left < sizeof block ? left : sizeof block)
        ok = feed_all(f, block, left < sizeof block ? (size_t)left : sizeof block);
    close(f->fd);
    return NULL;
}

void th_feed_start(th_feeder *f)
{
    signal(SIGPIPE, SIG_IGN);   /* a reader that stops early makes write fail with EPIPE */
    if (pthread_create(&f->thread, NULL, feed, f) != 0) abort();
}

void th_feed_join(th_feeder *f)
{
    pthread_join(f->thread, NULL);
}
