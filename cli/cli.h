/*
** cli.h: what the commands of the styr program share. main.c dispatches to them.
*/
#ifndef STYR_CLI_H
#define STYR_CLI_H

enum { EXIT_HOLDS = 0, EXIT_FAILS = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };

/* The value of an option given as "--opt value" or "--opt=value" at argv[*i] (advancing
** *i past a separate value; "" when it is missing), or NULL when argv[*i] is another. */
const char *cli_option_value(int argc, char **argv, int *i, const char *name);

/* Says what is wrong with a call (fmt formats arg) and where help is; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, const char *arg);

/* styr fmt: its help text, and the command. */
extern const char cli_fmt_help[];
int cli_fmt(int argc, char **argv);

/* styr test: its help text, and the command. */
extern const char cli_test_help[];
int cli_test(int argc, char **argv);

#endif
