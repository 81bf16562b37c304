/*
** helpers.h: what the language and rule tests share: writing files into a fresh
** temporary folder, running rule text through the C API, and running the styr binary.
*/
#ifndef STYR_TEST_HELPERS_H
#define STYR_TEST_HELPERS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A new empty folder under /tmp; the path is static until the next call. */
const char *th_tempdir(void);
/* Writes text to dir/name and returns the full path (static until the next call). */
const char *th_write(const char *dir, const char *name, const char *text);
/* Writes n bytes to a new temporary file and returns its malloc'ed path. */
char *th_temp_file(const void *bytes, size_t n);
/* Checks rules (written to dir/rules.styr) and returns the diagnostics, or "" (malloc'ed). */
char *th_diagnostics(const char *dir, const char *rules);
/* Runs rules over the files in dir; returns the JSON report, or the error text prefixed
** by "error: " (malloc'ed). It runs them twice, in the interpreter and with the JIT,
** and returns an error naming the first difference when the two reports differ. */
char *th_run_json(const char *dir, const char *rules);
/* Runs rules with the JIT only, in jobs threads; *compiled gets the number of blocks
** that ran compiled. */
char *th_run_json_jit(const char *dir, const char *rules, int jobs, int *compiled);
/* The compile cache the tests share (under /tmp). */
const char *th_cache_dir(void);
/* Runs the styr binary with the arguments; returns its exit status and its stdout
** and stderr together in *output (malloc'ed). */
int th_styr(char **output, const char *args);
/* Runs a shell command; its exit status, with its stdout and stderr in *output (malloc'ed). */
int th_shell(char **output, const char *command);
/* What a program not built with the sanitizers (python3, sqlite3) needs in its environment
** to load a library of this build: under make asan, the AddressSanitizer runtime loaded
** first, and no report of the program's own leaks at exit. "" otherwise. */
const char *th_sanitizer_env(void);

/* Writes data[0..n) and then nfill copies of fill to fd, or to the FIFO at path, from a
** thread of its own, and closes it. A FIFO is opened once a reader has it open (for up
** to 30 s). A write that fails stops it, EPIPE when the reader has gone: th_feed_start
** ignores SIGPIPE. written counts the bytes written, err is the errno that stopped it. */
typedef struct th_feeder {
    const char *path;
    int fd;
    const char *data;
    size_t n;
    char fill;
    uint64_t nfill;
    uint64_t written;
    int err;
    pthread_t thread;
} th_feeder;
void th_feed_start(th_feeder *f);
void th_feed_join(th_feeder *f);

/* Everything f gives until its end (malloc'ed). */
char *th_read_all(FILE *f);
/* The whole file at path (malloc'ed), or NULL. */
char *th_read(const char *path);
/* A folder with rules.styr and items.csv of nrows rows, for the report writers: a
** requirement amount_cap (odd rows break it; rows 1, 5, 9... are explained) and an info
** rule that emits amount_by_municipality_and_year_for_the_report; messages, explanations
** and municipalities carry texts that break unescaped HTML, JSON and CSV. */
const char *th_report_fixture(int nrows);
/* The municipalities of the fixture, row k has number k % 3. */
extern const char *const th_fixture_municipalities[3];

#endif
