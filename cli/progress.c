/*
** progress.c: the progress bar of long loads and runs, drawn on stderr when it is a
** terminal (never in a pipe, in CI, or with --quiet) from the run's progress callback:
**
**     reading tariffs.csv  [##########··········]  51%  1.2M rows/s  0:04 left
**
** It is drawn at most ten times a second, not before the command has run for a moment
** (a short run shows nothing), and cleared when each phase is over.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum { BAR_WIDTH = 24 };
static const double REDRAW_S = 0.1;
/* A command quicker than this shows no bar; $STYR_PROGRESS_AFTER (seconds) sets another. */
static const double FIRST_DRAW_S = 0.25;

typedef struct bar {
    double began;        /* the command, in seconds */
    double phase_began;
    double last_draw;
    double first_draw;   /* seconds into the command before the first drawing */
    bool drawn;          /* a line is on the screen */
} bar;

static bar the_bar;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void clear(bar *b)
{
    if (b->drawn) fputs("\r\033[K", stderr);
    b->drawn = false;
}

/* 1234567 as "1.2M", 12345 as "12.3k". */
static void human(double n, char *out, size_t size)
{
    if (n >= 1e6) snprintf(out, size, "%.1fM", n / 1e6);
    else if (n >= 1e3) snprintf(out, size, "%.1fk", n / 1e3);
    else snprintf(out, size, "%.0f", n);
}

static void draw(void *ctx, const styr_progress *p)
{
    bar *b = ctx;
    double t = now_s();
    if (p->done == 0 && !p->finished) b->phase_began = t;
    if (p->finished) {
        clear(b);
        return;
    }
    if (p->done == 0 || t - b->began < b->first_draw || t - b->last_draw < REDRAW_S) return;
    b->last_draw = t;
    double share = p->total ? (double)p->done / (double)p->total : 0;
    if (share > 1) share = 1;
    const char *name = p->what ? p->what : "";
    const char *slash = strrchr(name, '/');
    char line[256], rate[32];
    int filled = (int)(share * BAR_WIDTH);
    char cells[BAR_WIDTH * 3 + 1];
    size_t k = 0;
    for (int i = 0; i < BAR_WIDTH; i++) {
        const char *c = i < filled ? "#" : "·";
        memcpy(cells + k, c, strlen(c));
        k += strlen(c);
    }
    cells[k] = 0;
    double elapsed = t - b->phase_began;
    human(elapsed > 0 ? (double)p->rows / elapsed : 0, rate, sizeof rate);
    int n = snprintf(line, sizeof line, "%s %s  [%s] %3d%%  %s rows/s", p->phase == STYR_PHASE_LOAD ? "reading" : "running",
                     p->phase == STYR_PHASE_LOAD ? (slash ? slash + 1 : name) : "the rules", cells, (int)(share * 100),
                     rate);
    if (share > 0.01 && n > 0 && (size_t)n < sizeof line) {
        long left = (long)(elapsed * (1 - share) / share + 0.5);
        snprintf(line + n, sizeof line - (size_t)n, "  %ld:%02ld left", left / 60, left % 60);
    }
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    b->drawn = true;
}

void cli_progress(styr_run *run, bool quiet)
{
    const char *ci = getenv("CI");
    if (quiet || !isatty(STDERR_FILENO) || (ci && *ci)) return;
    const char *after = getenv("STYR_PROGRESS_AFTER");
    char *end;
    double first = after ? strtod(after, &end) : FIRST_DRAW_S;
    if (!after || end == after || first < 0) first = FIRST_DRAW_S;
    the_bar = (bar){ .began = now_s(), .first_draw = first };
    styr_run_set_progress(run, draw, &the_bar);
}

void cli_progress_done(void)
{
    clear(&the_bar);
}
