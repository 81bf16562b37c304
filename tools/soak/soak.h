/*
** soak.h: what the parts of the soak driver share (`make soak`, issue 6 item 6).
**
** The driver runs thousands of random rule files (tools/diffgen.c) over random data
** through the C API in one process, and holds every run to what a fresh process gives
** and the process's memory to no growth. It uses libstyr only through styr.h.
**
**   main.c     the loop, the options, the figures and the verdict
**   plan.c     what each run does, drawn from its seed
**   run.c      one run in this process: open, bind, execute, report, explain, free
**   walk.c     the results walked through the accessors
**   misuse.c   calls in the wrong order, and what each must answer
**   fresh.c    the same run as separate processes (styr check, explain, test)
**   columns.c  caller-owned columns made up for a dataset's declaration
**   mutate.c   bad rule files and bad data
**   memory.c   what the process holds: RSS, heap in use, descriptors, mappings
**   util.c     strings, files, child processes
*/
#ifndef STYR_SOAK_H
#define STYR_SOAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "styr.h"

/* ------------------------------------------------------------------ util.c */

/* A growable string, always NUL-terminated once anything was added. */
typedef struct sk_text {
    char *s;
    size_t n, cap;
} sk_text;

void sk_add(sk_text *t, const void *p, size_t n);
void sk_puts(sk_text *t, const char *s);
void sk_printf(sk_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text ("" when nothing was added); it stays t's. */
const char *sk_str(const sk_text *t);
void sk_text_free(sk_text *t);
/* malloc that ends the process when memory runs out; strdup likewise. */
void *sk_alloc(size_t n);
char *sk_strdup(const char *s);

/* A whole file (NUL-terminated), or NULL when it cannot be read; *len its length. */
char *sk_slurp(const char *path, size_t *len);
/* Writes a whole file; false on failure. */
bool sk_spill(const char *path, const void *p, size_t n);
/* Removes a folder and everything in it. */
void sk_remove_tree(const char *dir);
/* The number of entries in a folder, -1 when it cannot be read. */
int sk_count_entries(const char *dir);

/* The glibc tunable this process runs with (main.c), which its children do not get. */
#define SK_TCACHE_OFF "glibc.malloc.tcache_count=0"

/* A child process, its standard output and error sent to files. */
typedef struct sk_proc {
    pid_t pid;
    char how[64];   /* after sk_wait: "exit N", "signal N", "timeout" */
} sk_proc;
/* The environment of every child: the parent's, with STYR_CACHE_DIR and TMPDIR set to
** folders of their own, so that nothing a child compiles is shared with this process. */
void sk_child_env(const char *cache_dir, const char *tmp_dir);
void sk_child_env_free(void);
/* Starts argv[0] (a path) with stdout to out and stderr to err (NULL: /dev/null). */
bool sk_spawn(sk_proc *p, char *const argv[], const char *out, const char *err);
/* Waits at most timeout seconds (then kills it); the exit status, or -1 for a signal,
** a timeout or a child never started. */
int sk_wait(sk_proc *p, int timeout);
/* Runs argv to its end (as sk_spawn and sk_wait). */
int sk_run(char *const argv[], const char *out, const char *err, int timeout, char *how, size_t howlen);

/* ------------------------------------------------------------------ plan.c */

/* A small generator of its own (xorshift64*), seeded from the run's seed. */
typedef struct sk_rng {
    uint64_t s;
} sk_rng;
void sk_rng_seed(sk_rng *r, uint64_t seed, uint64_t stream);
uint64_t sk_next(sk_rng *r);
/* 0..n-1 */
int sk_below(sk_rng *r, int n);
bool sk_chance(sk_rng *r, int percent);
/* An index drawn with the given weights. */
int sk_weighted(sk_rng *r, const int *weights, int n);

/* How a run gives the rules their data. */
enum { SK_BIND_DEFAULT, SK_BIND_FILE, SK_BIND_CSV, SK_BIND_COLUMNS };
/* What is broken on purpose. */
enum { SK_BAD_NONE, SK_BAD_DATA, SK_BAD_RULES };

typedef struct sk_plan {
    uint64_t seed;       /* the diffgen seed, and the seed of everything below */
    int rows;            /* diffgen --rows */
    int engine;          /* STYR_ENGINE_* */
    int jobs;            /* 0: one per core */
    bool cache;          /* compiled code kept in the run's folder, and a second run from it */
    int bind;            /* SK_BIND_* */
    int columns_ds;      /* SK_BIND_COLUMNS: the dataset (modulo their number) bound from columns */
    int format;          /* STYR_FORMAT_JSON, _TEXT or _HTML */
    int flags;           /* STYR_REPORT_DANISH or 0 */
    bool streamed;       /* styr_run_write_report rather than styr_run_report */
    bool walk;           /* walk the results through the accessors too */
    bool explain;        /* styr_run_explain of the first item found */
    int explain_format;  /* STYR_FORMAT_JSON or _TEXT */
    bool rules_test;     /* styr_rules_test on the generated rules */
    bool shipped_tests;  /* styr_rules_test on the shipped agreement's tests */
    bool test_jit;       /* ... with STYR_TEST_JIT */
    int bad;             /* SK_BAD_* */
    bool open_text;      /* styr_rules_open_text rather than styr_rules_open */
    bool rejects;        /* SK_BAD_DATA: rows that cannot be read go to a reject file */
    bool misuse;         /* calls in the wrong order around the run */
} sk_plan;

void sk_plan_make(uint64_t seed, sk_plan *p);
/* One line: what the run does (for a failure's message). */
void sk_plan_describe(const sk_plan *p, sk_text *t);

/* ------------------------------------------------------------------ run.c */

/* Where a run's files are and what it may use. */
typedef struct sk_where {
    const char *dir;            /* the run's folder: rules.styr and its data (diffgen) */
    const char *rules;          /* dir/rules.styr */
    const char *work;           /* where this process writes: cache, reject file, scratch */
    const char *shipped_tests;  /* the shipped agreement's test file */
} sk_where;

/* Everything a run in this process gave that a fresh process must give too. */
typedef struct sk_result {
    int open_status;            /* styr_rules_open */
    char *diagnostics;          /* styr_rules_diagnostics, no colour */
    int exec_status;            /* styr_execute; -1 when not reached */
    char *errmsg;               /* styr_run_errmsg after a failed execute */
    int verdict;                /* styr_run_verdict */
    sk_text report;             /* in the plan's format */
    char *explain_rule, *explain_key; /* NULL: nothing to explain */
    int explain_status;
    sk_text explain;            /* the text, or the message on failure */
    int tests_status;           /* styr_rules_test of the shipped tests */
    sk_text tests;
    int cached;                 /* the second run took compiled code from the cache */
    int compiled;               /* blocks that ran compiled */
    char *walk;                 /* what walking the results found (counts), or NULL */
    char *problem;              /* an API answer that broke its contract; NULL when none */
} sk_result;

/* Runs the plan in this process. */
void sk_run_in_process(const sk_plan *p, const sk_where *w, sk_result *r);
/* What a replay of the run in a fresh process prints (soak --replay), and so what this
** process's run must match for runs no styr command can repeat (columns). */
void sk_outcome(const sk_result *r, sk_text *t);
void sk_result_free(sk_result *r);
/* Records a broken contract: the first one stays. */
void sk_problem(sk_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ walk.c */

/* Walks every result through the accessors, checking each answer against the others
** and, given the JSON report, against it; r->walk gets what was counted. */
void sk_walk(const styr_run *run, const char *json, sk_result *r);

/* ------------------------------------------------------------------ misuse.c */

/* Calls on a run that is not ready for them, each checked for its status (and that it
** changed nothing): before binding, before executing, after executing. */
void sk_misuse_unbound(styr_run *run, const char *dataset, sk_result *r);
void sk_misuse_unrun(styr_run *run, sk_result *r);
void sk_misuse_done(styr_run *run, const char *dataset, const char *scratch, sk_result *r);
/* Calls on a rule set that failed to open. */
void sk_misuse_failed_rules(const styr_rules *rules, sk_result *r);

/* ------------------------------------------------------------------ fresh.c */

typedef struct sk_fresh {
    const char *styr;           /* build/styr */
    const char *self;           /* this program, for --replay */
    sk_proc check, explain, tests;
} sk_fresh;

/* Starts the fresh processes that need nothing from the run in this process: the check
** (or the replay) and the shipped tests. They run while this process runs. */
void sk_fresh_start(sk_fresh *f, const sk_plan *p, const sk_where *w);
/* Starts `styr explain` of the item the run in this process explained, if any. */
void sk_fresh_explain(sk_fresh *f, const sk_plan *p, const sk_where *w, const sk_result *r);
/* Waits for them all and compares; false with why (both outputs) on a difference. */
bool sk_fresh_compare(sk_fresh *f, const sk_plan *p, const sk_where *w, const sk_result *r, sk_text *why);

/* ------------------------------------------------------------------ columns.c */

/* Columns made up for one declared dataset, owned here until freed (after the run). */
typedef struct sk_columns {
    const char *dataset;
    styr_column *cols;
    int ncols;
    int64_t nrows;
    void **owned;               /* every array the columns point to */
    int nowned;
} sk_columns;

/* Makes nrows-or-so rows for dataset d of the rules: keys unique, every type, empty
** cells in optional columns. */
void sk_columns_make(const styr_rules *rules, int d, sk_rng *rng, sk_columns *c);
void sk_columns_free(sk_columns *c);

/* ------------------------------------------------------------------ mutate.c */

/* Breaks a rule file in place (a stray token, a cut, a lost line, a repeated line). */
void sk_mutate_rules(const char *path, sk_rng *rng);
/* Breaks a CSV file in place (a short row, a cut, a stray quote, a bad value, a lost
** header, a repeated row, an empty file). */
void sk_mutate_data(const char *path, sk_rng *rng);

/* ------------------------------------------------------------------ memory.c */

typedef struct sk_mem {
    long rss_kb;                /* resident set (/proc/self/statm) */
    long heap;                  /* bytes malloc'ed and in use, every arena and mmap'ed chunk (mallinfo2) */
    int fds;                    /* open descriptors (/proc/self/fd) */
    int maps;                   /* mappings (/proc/self/maps lines) */
    int tmp;                    /* entries left in this process's TMPDIR */
} sk_mem;

void sk_mem_sample(sk_mem *m, const char *tmp_dir);
/* The descriptors this process has open. */
int sk_open_fds(void);

#endif
