/*
** main.c: the soak test of libstyr (`make soak`, issue 6 item 6).
**
**   styr-soak [--runs N] [--seed S] [--tests FILE] [--styr PATH] [--keep]
**   styr-soak --replay SEED DIR
**
** Runs N (default 2000) random rule files over random data through the C API in this one
** process: run i is diffgen's seed S+i (default S = 1), and what the run does (engine,
** threads, how the data is bound, the report's format, explain, tests, bad data, a bad
** rule file, calls in the wrong order) is drawn from the same seed (plan.c). Every run is
** held to a fresh process's (fresh.c): a difference prints the seed and both outputs and
** fails. Between runs the process must hold what it held after the warm-up: no open
** descriptor more, no file left in its TMPDIR, no mapping more than a few, and heap in use
** and RSS that do not grow (memory.c, verdict below). Exit status 0 when all held, 1 when
** not, 2 on misuse. The binaries styr and diffgen are taken from this program's folder;
** --styr names another styr to hold the runs to (tests/test_soak.c gives it a false one).
**
** --replay runs one run alone, in the folder diffgen made for it, and prints its outcome:
** the fresh process for runs that bind columns, which no styr command can repeat.
*/
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"

/* The memory verdict. Runs before the first measurement: libgccjit, the malloc arenas of
** threads and their stacks, the dynamic loader's tables all come once, on first use. */
#define WARMUP_SHARE 10      /* percent of the runs, at least WARMUP_MIN */
#define WARMUP_MIN 20
/* Without glibc's tcache (without_tcache below) the heap in use between runs is exact to
** the byte and does not move at all once warm: the bound on its growth over the second
** half of the measured runs (least-squares slope through the samples) is 2 KB per 100
** runs, 20 bytes a run, which a leak on any common path passes at once and a one-time
** allocation on a path first taken late does not. RSS moves by some hundred KB either
** way with fragmentation: it is judged over RSS_MIN_SPAN runs or more, and may grow
** 256 KB per 100 runs (libgccjit's leak, which made the compiler run in a child process,
** was some 45 MB per 100 runs). */
#define HEAP_SLOPE_KB 2
#define RSS_SLOPE_KB 256
#define RSS_MIN_SPAN 400
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN true
#else
#define UNDER_ASAN false
#endif
#define STR_(x) #x
#define STR(x) STR_(x)
/* Mappings may come and go with threads (glibc keeps a few stacks and one arena per
** thread that ever ran at once); more than this many above the warm-up's is a leak. */
#define MAPS_SLACK 24
#define RUN_TIMEOUT 600
#define MAX_FAILURES 5

typedef struct options {
    long runs;
    uint64_t seed;
    const char *tests;
    const char *styr;
    bool keep;
} options;

typedef struct counts {
    long engine[3], bind[4], explained, shipped_tests, rules_tests, bad_rules, rules_refused, bad_data, data_errors,
        rejects, misuse, compiled, cached, walked;
} counts;

typedef struct sample {
    long run;
    sk_mem m;
} sample;

static char alarm_text[256];

static void on_alarm(int sig)
{
    (void)sig;
    ssize_t n = write(STDERR_FILENO, alarm_text, strlen(alarm_text));
    (void)n;
    _exit(1);
}

static char *joined(const char *a, const char *b)
{
    sk_text t = { 0 };
    sk_printf(&t, "%s/%s", a, b);
    return t.s;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The folder this program is in (build/ or build/asan/), where styr and diffgen are. */
static char *own_folder(char **self)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) {
        fprintf(stderr, "styr-soak: cannot find where this program is: %s\n", strerror(errno));
        exit(2);
    }
    path[n] = 0;
    *self = sk_strdup(path);
    *strrchr(path, '/') = 0;
    return sk_strdup(path);
}

/* glibc's per-thread caches (tcache) keep up to seven freed chunks of each small size for
** reuse, and mallinfo2 counts them as in use: over thousands of runs they fill up to some
** 200 KB, which reads as growth. This program runs again without them (the tunable is
** read at start-up), and then the heap in use is exact to the byte. */
static void without_tcache(char **argv)
{
    const char *t = getenv("GLIBC_TUNABLES");
    if (UNDER_ASAN || (t && strstr(t, SK_TCACHE_OFF))) return;
    sk_text v = { 0 };
    sk_printf(&v, "%s%s" SK_TCACHE_OFF, t ? t : "", t && *t ? ":" : "");
    setenv("GLIBC_TUNABLES", sk_str(&v), 1);
    sk_text_free(&v);
    execv("/proc/self/exe", argv);   /* if it cannot, the caches are measured too */
}

static int replay(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: styr-soak --replay SEED DIR\n", stderr);
        return 2;
    }
    sk_plan p;
    sk_plan_make(strtoull(argv[2], NULL, 10), &p);
    p.shipped_tests = false;   /* compared by the parent with styr test */
    char *rules = joined(argv[3], "rules.styr"), *work = joined(argv[3], "replay");
    mkdir(work, 0777);
    sk_where w = { .dir = argv[3], .rules = rules, .work = work };
    sk_result r;
    sk_run_in_process(&p, &w, &r);
    sk_text out = { 0 };
    sk_outcome(&r, &out);
    fwrite(sk_str(&out), 1, out.n, stdout);
    sk_text_free(&out);
    sk_result_free(&r);
    free(rules);
    free(work);
    return 0;
}

static void usage(void)
{
    fputs("usage: styr-soak [--runs N] [--seed S] [--tests FILE.test.styr] [--styr PATH] [--keep]\n"
          "       styr-soak --replay SEED DIR\n",
          stderr);
    exit(2);
}

static options parse(int argc, char **argv)
{
    options o = { .runs = 2000, .seed = 1, .tests = "rules/hovedstaden-2021-2022.test.styr" };
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
            o.runs = strtol(argv[++i], &end, 10);
            if (*end || o.runs < 1) usage();
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            o.seed = strtoull(argv[++i], &end, 10);
            if (*end) usage();
        } else if (!strcmp(argv[i], "--tests") && i + 1 < argc) {
            o.tests = argv[++i];
        } else if (!strcmp(argv[i], "--styr") && i + 1 < argc) {
            o.styr = argv[++i];
        } else if (!strcmp(argv[i], "--keep")) {
            o.keep = true;
        } else {
            usage();
        }
    }
    return o;
}

/* Breaks one of the run's files when the plan says so. */
static void mutate(const sk_plan *p, const sk_where *w)
{
    static const char *const files[] = { "main.csv", "dim.csv", "idx.csv" };
    sk_rng rng;
    sk_rng_seed(&rng, p->seed, 2);
    if (p->bad == SK_BAD_RULES) sk_mutate_rules(w->rules, &rng);
    if (p->bad != SK_BAD_DATA) return;
    char *path = joined(w->dir, files[sk_below(&rng, 3)]);
    sk_mutate_data(path, &rng);
    free(path);
}

static void count(counts *c, const sk_plan *p, const sk_result *r)
{
    c->engine[p->engine]++;
    c->bind[p->bind]++;
    c->explained += r->explain_rule != NULL;
    c->shipped_tests += p->shipped_tests;
    c->rules_tests += p->rules_test && r->open_status == STYR_OK;
    c->bad_rules += p->bad == SK_BAD_RULES;
    c->rules_refused += r->open_status != STYR_OK;
    c->bad_data += p->bad == SK_BAD_DATA;
    c->data_errors += r->exec_status == STYR_ERR_DATA;
    c->rejects += p->rejects;
    c->misuse += p->misuse;
    c->compiled += r->compiled > 0;
    c->cached += r->cached;
    c->walked += r->walk != NULL;
}

/* The least-squares slope of a measure through samples[from..n), per 100 runs. */
static double slope(const sample *s, int from, int n, long (*get)(const sk_mem *))
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0, k = n - from;
    for (int i = from; i < n; i++) {
        double x = (double)s[i].run, y = (double)get(&s[i].m);
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    double d = k * sxx - sx * sx;
    return d > 0 ? (k * sxy - sx * sy) / d * 100 : 0;
}

static long heap_of(const sk_mem *m)
{
    return m->heap;
}

static long rss_of(const sk_mem *m)
{
    return m->rss_kb * 1024;
}

static void print_sample(const char *what, const sample *s, double t)
{
    printf("styr-soak: %-9s run %5ld  %6.1f s  RSS %7ld KB  heap in use %9ld bytes  fds %d  maps %d\n", what, s->run, t,
           s->m.rss_kb, s->m.heap, s->m.fds, s->m.maps);
    fflush(stdout);
}

/* The memory verdict over the samples; false with the reasons printed. */
static bool memory_holds(const sample *s, int n)
{
    bool ok = true;
    for (int i = 1; i < n && ok; i++) {
        if (s[i].m.fds > s[0].m.fds) {
            printf("styr-soak: FAIL: %d descriptors open after run %ld, %d after the warm-up\n", s[i].m.fds, s[i].run, s[0].m.fds);
            ok = false;
        } else if (!UNDER_ASAN && s[i].m.maps > s[0].m.maps + MAPS_SLACK) {
            printf("styr-soak: FAIL: %d mappings after run %ld, %d after the warm-up\n", s[i].m.maps, s[i].run, s[0].m.maps);
            ok = false;
        }
    }
    int half = n / 2;
    if (UNDER_ASAN) {
        /* Its allocator is not malloc's and its shadow memory maps and unmaps: mallinfo2,
        ** RSS and the mappings say nothing of the program. LeakSanitizer checks at exit. */
        puts("styr-soak: under AddressSanitizer only descriptors are counted (LeakSanitizer checks at exit)");
    } else if (n - half >= 3) {
        long span = s[n - 1].run - s[half].run;
        double heap = slope(s, half, n, heap_of) / 1024, rss = slope(s, half, n, rss_of) / 1024;
        bool judge_rss = span >= RSS_MIN_SPAN;
        printf("styr-soak: growth over the last %ld runs: heap in use %+.2f KB per 100 runs (at most %d), "
               "RSS %+.1f KB per 100 runs (%s)\n",
               span, heap, HEAP_SLOPE_KB, rss, judge_rss ? "at most " STR(RSS_SLOPE_KB) : "not judged over so few runs");
        if (heap > HEAP_SLOPE_KB || (judge_rss && rss > RSS_SLOPE_KB)) {
            puts("styr-soak: FAIL: memory grows");
            ok = false;
        }
    } else {
        puts("styr-soak: too few runs after the warm-up to measure growth (descriptors and mappings counted)");
    }
    return ok;
}

static void print_counts(const counts *c, long runs)
{
    printf("styr-soak: %ld runs: engine interp %ld, jit %ld, auto %ld (%ld with compiled code, %ld from the cache);\n"
           "           data from the rule file's paths %ld, bound files %ld, CSV text %ld, columns %ld;\n"
           "           %ld walked, %ld explained, %ld with own tests, %ld with the shipped tests; %ld misused;\n"
           "           %ld bad rule files (%ld refused), %ld bad data (%ld data errors, %ld with a reject file)\n",
           runs, c->engine[STYR_ENGINE_INTERP], c->engine[STYR_ENGINE_JIT], c->engine[STYR_ENGINE_AUTO], c->compiled,
           c->cached, c->bind[SK_BIND_DEFAULT], c->bind[SK_BIND_FILE], c->bind[SK_BIND_CSV], c->bind[SK_BIND_COLUMNS],
           c->walked, c->explained, c->rules_tests, c->shipped_tests, c->misuse, c->bad_rules, c->rules_refused,
           c->bad_data, c->data_errors, c->rejects);
}

/* One run: generate, break, start the fresh processes, run here, compare. */
static bool one_run(const sk_plan *p, const sk_where *w, const char *diffgen, sk_fresh *f, counts *c, sk_text *why)
{
    char seed[32], rows[16], how[64];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)p->seed);
    snprintf(rows, sizeof rows, "%d", p->rows);
    char *gen[] = { (char *)diffgen, "--seed", seed, "--rows", rows, (char *)w->dir, NULL };
    if (sk_run(gen, NULL, NULL, RUN_TIMEOUT, how, sizeof how) != 0) {
        sk_printf(why, "%s --seed %s --rows %s %s: %s\n", diffgen, seed, rows, w->dir, how);
        return false;
    }
    mkdir(w->work, 0777);
    mutate(p, w);
    sk_fresh_start(f, p, w);
    sk_result r;
    sk_run_in_process(p, w, &r);
    sk_fresh_explain(f, p, w, &r);
    bool ok = sk_fresh_compare(f, p, w, &r, why);
    if (r.problem) {
        sk_printf(why, "the C API broke its word: %s\n", r.problem);
        ok = false;
    }
    count(c, p, &r);
    sk_result_free(&r);
    return ok;
}

/* Checked after every run, so that a failure names the run that left something: no file
** in this process's TMPDIR, no descriptor more than after the warm-up (warm: NULL while
** warming up). */
static bool nothing_left(const char *tmp, sk_mem *warm, sk_text *why)
{
    bool ok = true;
    int left = sk_count_entries(tmp), fds = sk_open_fds();
    if (left != 0) {
        sk_printf(why, "%d files left in TMPDIR %s after the run\n", left, tmp);
        ok = false;
    }
    if (warm && fds > warm->fds) {
        sk_printf(why, "%d descriptors open after the run, %d after the warm-up\n", fds, warm->fds);
        warm->fds = fds;   /* the runs after it are not to blame */
        ok = false;
    }
    return ok;
}

/* Says what failed and keeps the run's folder as root/failed-SEED. */
static void keep_failure(const char *root, const char *dir, long run, const sk_plan *p, const char *what, const char *why)
{
    char kept[64];
    snprintf(kept, sizeof kept, "failed-%llu", (unsigned long long)p->seed);
    char *to = joined(root, kept);
    rename(dir, to);
    printf("styr-soak: FAIL: run %ld, %s\n%sthe files are kept in %s\n", run, what, why, to);
    fflush(stdout);
    free(to);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--replay")) return replay(argc, argv);
    options o = parse(argc, argv);
    without_tcache(argv);
    char *self, *bin = own_folder(&self);
    char *styr = o.styr ? sk_strdup(o.styr) : joined(bin, "styr"), *diffgen = joined(bin, "diffgen");
    if (access(styr, X_OK) || access(diffgen, X_OK) || access(o.tests, R_OK)) {
        fprintf(stderr, "styr-soak: needs %s, %s and %s\n", styr, diffgen, o.tests);
        return 2;
    }
    char root[] = "/tmp/styr-soak-XXXXXX";
    if (!mkdtemp(root)) {
        fprintf(stderr, "styr-soak: cannot make a folder in /tmp: %s\n", strerror(errno));
        return 2;
    }
    char *tmp = joined(root, "tmp"), *cache = joined(root, "cache"), *fcache = joined(root, "fresh-cache"),
         *ftmp = joined(root, "fresh-tmp"), *dir = joined(root, "run"), *rules = joined(dir, "rules.styr"),
         *work = joined(dir, "in");
    mkdir(tmp, 0777), mkdir(ftmp, 0777);
    /* This process's compiled code and temporary files stay in its own folders. */
    setenv("TMPDIR", tmp, 1);
    setenv("STYR_CACHE_DIR", cache, 1);
    sk_child_env(fcache, ftmp);
    signal(SIGALRM, on_alarm);

    long warmup = o.runs * WARMUP_SHARE / 100 < WARMUP_MIN ? WARMUP_MIN : o.runs * WARMUP_SHARE / 100;
    if (warmup > o.runs) warmup = o.runs;
    long every = (o.runs - warmup) / 40 > 0 ? (o.runs - warmup) / 40 : 1;
    sample *samples = sk_alloc(sizeof *samples * (size_t)(o.runs + 1));
    int nsamples = 0, failures = 0;
    counts c = { 0 };
    sk_fresh f = { .styr = styr, .self = self };
    sk_where w = { .dir = dir, .rules = rules, .work = work, .shipped_tests = o.tests };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    printf("styr-soak: %ld runs from seed %llu in %s (warm-up %ld runs)\n", o.runs, (unsigned long long)o.seed, root, warmup);
    sample first = { 0 };
    sk_mem_sample(&first.m, tmp);
    print_sample("start", &first, 0);
    long run;
    for (run = 0; run < o.runs && failures < MAX_FAILURES; run++) {
        sk_plan p;
        sk_plan_make(o.seed + (uint64_t)run, &p);
        sk_text why = { 0 }, what = { 0 };
        sk_plan_describe(&p, &what);
        snprintf(alarm_text, sizeof alarm_text, "styr-soak: run %ld (%s) takes over %d s\n", run, sk_str(&what), RUN_TIMEOUT);
        alarm(RUN_TIMEOUT);
        sk_remove_tree(dir);
        bool ok = one_run(&p, &w, diffgen, &f, &c, &why);
        alarm(0);
        ok = nothing_left(tmp, nsamples ? &samples[0].m : NULL, &why) && ok;
        if (!ok) {
            failures++;
            keep_failure(root, dir, run, &p, sk_str(&what), sk_str(&why));
        }
        sk_text_free(&why);
        sk_text_free(&what);
        if (run + 1 >= warmup && (run + 1 - warmup) % every == 0) {
            samples[nsamples] = (sample){ .run = run + 1 };
            sk_mem_sample(&samples[nsamples].m, tmp);
            print_sample(nsamples ? "" : "warmed up", &samples[nsamples], seconds_since(&t0));
            nsamples++;
        }
    }
    sk_remove_tree(dir);
    double secs = seconds_since(&t0);
    print_counts(&c, run);
    if (nsamples) {
        printf("styr-soak: after the warm-up RSS %ld KB, heap in use %ld bytes; at the end RSS %ld KB, heap in use %ld bytes\n",
               samples[0].m.rss_kb, samples[0].m.heap, samples[nsamples - 1].m.rss_kb, samples[nsamples - 1].m.heap);
    }
    bool memory = memory_holds(samples, nsamples);
    printf("styr-soak: %ld runs in %.1f s (%.1f ms a run), %d failed; memory %s\n", run, secs, secs * 1000 / (double)run,
           failures, memory ? "stable" : "GROWS");
    if (!failures && !o.keep) sk_remove_tree(root);
    else printf("styr-soak: the files are in %s\n", root);
    sk_child_env_free();
    free(samples);
    free(tmp), free(cache), free(fcache), free(ftmp), free(dir), free(rules), free(work);
    free(styr), free(diffgen), free(bin), free(self);
    return failures || !memory ? 1 : 0;
}
