/*
** test_differential.c: the JIT and the interpreter give byte-identical reports (issue 3,
** item 5). tools/diffgen writes a random, well-typed rule file and random data for each
** seed; `styr check --engine interp` and `styr check --engine jit` run it with
** `--format json` and must agree on every byte and on the exit status (the JIT side runs
** with --jobs 2 on odd seeds: the report must not depend on threads either). The JSON
** report holds no timing and no engine field, so it is compared whole.
**
** The bounded run covers seeds 1..DIFF_SEEDS_DEFAULT in two halves (so `--jobs 2` runs
** them side by side); STYR_DIFF_SEEDS=a-b runs seeds a..b instead (`make fuzz-diff`).
** On a disagreement the failure names the seed, the commands, and the first line where
** the reports differ, and the seed's folder is kept for a look.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef DIFFGEN_BIN
#define DIFFGEN_BIN "build/diffgen"
#endif

/* The bounded run of `make test`: about 17 s on two idle cores, nearly all of it the JIT
** compiling each new rule file (some 250 ms a seed at -O2; the interpreter takes 20 ms,
** the generator 10 ms). */
#define DIFF_SEEDS_DEFAULT 120
/* A long run reports (and keeps the folders of) this many disagreeing seeds one by one. */
#define MAX_REPORTED 20
/* Seconds one styr run may take before it counts as hanging. */
#define RUN_TIMEOUT "600"

/* ------------------------------------------------------------------ helpers */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *len = 0;
        return strdup("");
    }
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 4096) text = realloc(text, cap *= 2);
    }
    fclose(f);
    text[n] = 0;
    *len = n;
    return text;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Runs cmd through the shell; "exit N" or "signal N" in how (the exit status as a number
** is returned, or -1 for a signal). */
static int run(const char *cmd, char *how, size_t howlen)
{
    int st = system(cmd);
    if (st == -1) {
        snprintf(how, howlen, "could not start");
        return -1;
    }
    if (WIFSIGNALED(st)) {
        snprintf(how, howlen, "signal %d", WTERMSIG(st));
        return -1;
    }
    int code = WEXITSTATUS(st);
    if (code > 128) snprintf(how, howlen, "signal %d", code - 128);
    else if (code == 124) snprintf(how, howlen, "timeout after %s s", RUN_TIMEOUT);
    else snprintf(how, howlen, "exit %d", code);
    return code;
}

/* A fresh folder for one seed (static until the next call). */
static const char *seed_dir(unsigned long seed)
{
    static char dir[128];
    snprintf(dir, sizeof dir, "/tmp/styr-diff-%lu-XXXXXX", seed);
    if (!mkdtemp(dir)) cr_assert_fail("cannot create a folder under /tmp: %s", strerror(errno));
    return dir;
}

static bool generate(unsigned long seed, const char *dir, int rows)
{
    char cmd[512], how[64];
    if (rows > 0) snprintf(cmd, sizeof cmd, "%s --seed %lu --rows %d '%s'", DIFFGEN_BIN, seed, rows, dir);
    else snprintf(cmd, sizeof cmd, "%s --seed %lu '%s'", DIFFGEN_BIN, seed, dir);
    return run(cmd, how, sizeof how) == 0;
}

/* The range of seeds: STYR_DIFF_SEEDS=a-b (or a single seed a), else 1..default. */
static void seed_range(unsigned long *lo, unsigned long *hi)
{
    *lo = 1;
    *hi = DIFF_SEEDS_DEFAULT;
    const char *env = getenv("STYR_DIFF_SEEDS");
    if (!env || !*env) return;
    char *end;
    unsigned long a = strtoul(env, &end, 10), b = a;
    if (*end == '-') b = strtoul(end + 1, &end, 10);
    cr_assert(*end == 0 && end != env && a <= b, "STYR_DIFF_SEEDS is a-b (like 1-5000), not \"%s\"", env);
    *lo = a;
    *hi = b;
}

/* Describes where two reports first differ: the line, and both lines around the first
** differing byte. */
static void first_difference(const char *a, size_t alen, const char *b, size_t blen, char *out, size_t outlen)
{
    size_t i = 0, line = 1, line_start = 0;
    while (i < alen && i < blen && a[i] == b[i]) {
        if (a[i] == '\n') line++, line_start = i + 1;
        i++;
    }
    size_t from = i - line_start > 160 ? i - 160 : line_start;
    size_t aend = from, bend = from;
    while (aend < alen && a[aend] != '\n' && aend < i + 200) aend++;
    while (bend < blen && b[bend] != '\n' && bend < i + 200) bend++;
    snprintf(out, outlen,
             "first difference at line %zu, column %zu:\n"
             "  interp: %s%.*s%s\n"
             "  jit:    %s%.*s%s",
             line, i - line_start + 1,
             from > line_start ? "..." : "", (int)(aend - from), a + from, aend < alen && a[aend] != '\n' ? "..." : "",
             from > line_start ? "..." : "", (int)(bend - from), b + from, bend < blen && b[bend] != '\n' ? "..." : "");
    if (i >= alen || i >= blen)
        snprintf(out + strlen(out), outlen - strlen(out), "\n  (%s report ends here)", i >= alen ? "interp" : "jit");
}

/* Runs one seed through both engines. Returns true when they agree; otherwise fills
** why and, when keep says so, keeps the folder. */
static bool engines_agree(unsigned long seed, bool keep, char *why, size_t whylen)
{
    const char *dir = seed_dir(seed);
    if (!generate(seed, dir, 0)) {
        snprintf(why, whylen, "seed %lu: %s --seed %lu %s failed", seed, DIFFGEN_BIN, seed, dir);
        return false;
    }
    /* The JIT side alternates between one and two threads: the report must not depend
    ** on --jobs either. Each run has its own compile cache, in the seed's folder. */
    int jobs = 1 + (int)(seed % 2);
    char icmd[1024], jcmd[1024], ihow[64], jhow[64];
    snprintf(icmd, sizeof icmd,
             "STYR_CACHE_DIR='%s/cache' timeout %s %s check '%s/rules.styr' --engine interp --jobs 1 "
             "--format json -o '%s/interp.json' 2>'%s/interp.err'",
             dir, RUN_TIMEOUT, STYR_BIN, dir, dir, dir);
    snprintf(jcmd, sizeof jcmd,
             "STYR_CACHE_DIR='%s/cache' timeout %s %s check '%s/rules.styr' --engine jit --jobs %d "
             "--format json -o '%s/jit.json' 2>'%s/jit.err'",
             dir, RUN_TIMEOUT, STYR_BIN, dir, jobs, dir, dir);
    int ist = run(icmd, ihow, sizeof ihow), jst = run(jcmd, jhow, sizeof jhow);
    char path[256];
    size_t ilen, jlen;
    snprintf(path, sizeof path, "%s/interp.json", dir);
    char *irep = read_file(path, &ilen);
    snprintf(path, sizeof path, "%s/jit.json", dir);
    char *jrep = read_file(path, &jlen);
    bool same = ist == jst && ist >= 0 && ilen == jlen && memcmp(irep, jrep, ilen) == 0;
    /* The interpreter itself must never crash or call the generated file wrong. */
    bool sane = ist == 0 || ist == 1;
    if (same && sane) {
        free(irep);
        free(jrep);
        remove_tree(dir);
        return true;
    }
    char diff[1200] = "";
    if (ilen != jlen || memcmp(irep, jrep, ilen < jlen ? ilen : jlen) != 0)
        first_difference(irep, ilen, jrep, jlen, diff, sizeof diff);
    else
        snprintf(diff, sizeof diff, "the reports are the same (%zu bytes)", ilen);
    size_t elen;
    snprintf(path, sizeof path, "%s/%s.err", dir, sane ? "jit" : "interp");
    char *err = read_file(path, &elen);
    snprintf(why, whylen,
             "seed %lu: %s\n  interp: %s (%s)\n  jit:    %s (%s)\n  %s\n  stderr of %s: %.300s\n  %s %s",
             seed, sane ? "the engines disagree" : "the interpreter fails on the generated rules",
             icmd, ihow, jcmd, jhow, diff, sane ? "jit" : "interp", err,
             keep ? "the files are kept in" : "regenerate with:", keep ? dir : DIFFGEN_BIN " --seed N DIR");
    free(err);
    if (!keep) remove_tree(dir);
    free(irep);
    free(jrep);
    return false;
}

/* Runs the seeds of the range whose offset from its start is part modulo parts. */
static void run_part(int part, int parts)
{
    unsigned long lo, hi;
    seed_range(&lo, &hi);
    int failed = 0, ran = 0;
    char seeds[2048] = "";
    size_t slen = 0;
    for (unsigned long seed = lo + (unsigned long)part; seed <= hi && seed >= lo; seed += (unsigned long)parts) {
        char why[4096];
        ran++;
        if (engines_agree(seed, failed < MAX_REPORTED, why, sizeof why)) continue;
        failed++;
        if (slen + 24 < sizeof seeds) slen += (size_t)snprintf(seeds + slen, sizeof seeds - slen, "%s%lu", slen ? " " : "", seed);
        if (failed <= MAX_REPORTED) cr_expect_fail("%s", why);
    }
    if (failed > MAX_REPORTED)
        cr_expect_fail("%d of %d seeds disagree (seeds %lu-%lu, part %d of %d); the first %d are reported above. "
                       "All of them: %s%s",
                       failed, ran, lo, hi, part + 1, parts, MAX_REPORTED, seeds, slen + 24 >= sizeof seeds ? " ..." : "");
}

/* ------------------------------------------------------------------ tests */

TestSuite(differential);

Test(differential, engines_agree_part1)
{
    run_part(0, 2);
}

Test(differential, engines_agree_part2)
{
    run_part(1, 2);
}

/* The same seed gives the same files, byte for byte; another seed other rules. */
static char *files_of(const char *dir)
{
    static const char *const names[] = { "rules.styr", "main.csv", "dim.csv", "idx.csv" };
    size_t total = 0;
    char *all = strdup("");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256];
        size_t n;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = read_file(path, &n);
        cr_assert(n > 0, "%s is missing or empty", path);
        all = realloc(all, total + n + 64);
        total += (size_t)sprintf(all + total, "== %s (%zu bytes)\n", names[i], n);
        memcpy(all + total, text, n);
        total += n;
        all[total] = 0;
        free(text);
    }
    return all;
}

Test(differential, generator_is_deterministic)
{
    static const unsigned long seeds[] = { 1, 2, 77, 4242, 18446744073709551615UL };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        int rows = i == 2 ? 17 : 0;
        char a[128], b[128];
        snprintf(a, sizeof a, "%s", seed_dir(seeds[i]));
        snprintf(b, sizeof b, "%s", seed_dir(seeds[i]));
        cr_assert(generate(seeds[i], a, rows) && generate(seeds[i], b, rows), "diffgen fails on seed %lu", seeds[i]);
        char *fa = files_of(a), *fb = files_of(b);
        cr_assert(strcmp(fa, fb) == 0, "seed %lu gives different files in %s and %s", seeds[i], a, b);
        free(fa);
        free(fb);
        remove_tree(a);
        remove_tree(b);
    }
    char a[128], b[128];
    snprintf(a, sizeof a, "%s", seed_dir(5));
    snprintf(b, sizeof b, "%s", seed_dir(6));
    cr_assert(generate(5, a, 0) && generate(6, b, 0));
    char *fa = files_of(a), *fb = files_of(b);
    cr_assert(strcmp(fa, fb) != 0, "seeds 5 and 6 give the same files");
    free(fa);
    free(fb);
    remove_tree(a);
    remove_tree(b);
}

/* Every generated file loads: `styr check` says nothing on stderr and exits 0 or 1,
** never 2 (the rule file is wrong) or 3 (the data is wrong). */
Test(differential, generated_files_check_without_diagnostics)
{
    static const unsigned long seeds[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 420, 814, 931, 1367, 1999 };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        const char *dir = seed_dir(seeds[i]);
        int rows = i % 4 == 3 ? 40 : 0;
        cr_assert(generate(seeds[i], dir, rows), "diffgen fails on seed %lu", seeds[i]);
        char cmd[1024], how[64], path[256];
        snprintf(cmd, sizeof cmd,
                 "timeout %s %s check '%s/rules.styr' --engine interp --format json -o /dev/null 2>'%s/err'",
                 RUN_TIMEOUT, STYR_BIN, dir, dir);
        int st = run(cmd, how, sizeof how);
        size_t n;
        snprintf(path, sizeof path, "%s/err", dir);
        char *err = read_file(path, &n);
        cr_assert((st == 0 || st == 1) && n == 0, "seed %lu (rows %d): %s, with:\n%s\nthe files are kept in %s",
                  seeds[i], rows, how, err, dir);
        free(err);
        remove_tree(dir);
    }
}
