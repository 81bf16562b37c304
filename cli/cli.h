/*
** cli.h: what the commands of the styr binary share: exit statuses, reading options,
** and opening a rule file with its datasets bound as --data asks.
*/
#ifndef STYR_CLI_H
#define STYR_CLI_H

#include <stdbool.h>

#include "styr.h"

enum { EXIT_HOLDS = 0, EXIT_FAILS = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };

/* Prints "styr: <fmt with arg>" and where to read about the command; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);
/* Reads a size such as "512M", "4G", "1.5GB", "800 MiB" or "1000000" (bytes); K, M, G
** and T are powers of 1024. False for anything else, or a size of 0. */
bool cli_parse_size(const char *text, size_t *out);
/* The value of an option given as "--opt value" or "--opt=value" at argv[*i] (moving *i
** past it), "" when it is missing, or NULL when argv[*i] is another option. */
const char *cli_option_value(int argc, char **argv, int *i, const char *name);
/* Takes argv[*i] when it is --allow-path DIR (a folder rule files may reach besides their
** own), adding DIR to allow[*nallow] (room for argc, NULL-terminated): 1 when taken, 0
** when it is another option, -1 when it is wrong (reported). */
int cli_allow_option(const char **allow, int *nallow, const char *command, int argc, char **argv, int *i);
/* styr_rules_open with the folders of allow (NULL-terminated) allowed. */
int cli_rules_open(const char *path, const char *const *allow, styr_rules **rules);

/* The options every command takes, and its rule file. */
typedef struct cli_common {
    const char *command;     /* "check", "explain": named in messages */
    const char *rules;
    const char **data;       /* --data NAME=PATH, checked */
    int ndata;
    const char **allow;      /* --allow-path DIR, NULL-terminated */
    int nallow;
    int format;              /* STYR_FORMAT_* */
    int color;               /* -1 auto, 0 never, 1 always */
    int jobs;                /* 0: one per core */
    bool quiet;              /* no progress bar, no notes */
} cli_common;

void cli_common_init(cli_common *c, const char *command, int argc);
void cli_common_free(cli_common *c);
/* Takes argv[*i] when it is --data, --allow-path, --format, --color, --jobs, --quiet or the rule file: 1 when
** taken, 0 when it is none of them (an unknown option is reported), -1 when it is wrong
** (reported). */
int cli_common_option(cli_common *c, int argc, char **argv, int *i);
/* Whether text written to fd is coloured. */
bool cli_color(const cli_common *c, int fd);
/* Binds the file of data ("NAME=PATH", checked) to its dataset: styr_bind_file's status. */
int cli_bind(styr_run *run, const char *data);
/*
** Opens the rule file of c (its diagnostics go to stderr) and a run with c's files of
** data ("NAME=PATH") bound. EXIT_HOLDS with *rules and *run set, else the exit status,
** with whatever was opened closed.
*/
int cli_open(const cli_common *c, styr_rules **rules, styr_run **run);

/* The progress bar (cli/progress.c): on stderr when it is a terminal, not in CI (the
** environment variable CI set), not when quiet. */
void cli_progress(styr_run *run, bool quiet);
/* Clears what is left of it before anything else is written. */
void cli_progress_done(void);

/* styr fmt (cli/fmt.c): its help text and the command. */
extern const char cli_fmt_help[];
int cli_fmt(int argc, char **argv);

/* styr explain (cli/explain.c): its help text and the command. */
extern const char explain_help[];
int explain_main(int argc, char **argv);
/* styr test: its help text, and the command. */
extern const char cli_test_help[];
int cli_test(int argc, char **argv);
/* styr diff (cli/diff.c): its help text, and the command. */
extern const char cli_diff_help[];
int cli_diff(int argc, char **argv);

#endif
