/*
** styr.h: the C interface of libstyr, the runtime of the styr rule language.
**
** A program uses it in four steps, in the manner of SQLite:
**
**     styr_rules *rules;
**     if (styr_rules_open("rules/hovedstaden-2021-2022.styr", &rules) != STYR_OK)
**         fprintf(stderr, "%s", styr_rules_errmsg(rules));      // file:line:col: ...
**     styr_run *run;
**     styr_run_new(rules, &run);
**     styr_bind_file(run, "tariffs", "data/tariffs.csv");     // optional: default paths
**     if (styr_execute(run) != STYR_OK)
**         fprintf(stderr, "%s\n", styr_run_errmsg(run));
**     char *json; size_t len;
**     styr_run_report(run, STYR_FORMAT_JSON, 0, &json, &len);
**     ...
**     styr_free(json);
**     styr_run_free(run);
**     styr_rules_close(rules);
**
** Every function returns a status code; the message of a failure stays on the handle.
** Nothing is printed and nothing exits, except that running out of memory ends the
** process with a message. There is no global state. A styr_rules handle is immutable
** once opened and may be shared by threads, each with its own styr_run.
*/
#ifndef STYR_H
#define STYR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define STYR_API __attribute__((visibility("default")))
#else
#define STYR_API
#endif

/* Status codes. They match the exit statuses of `styr check` where both apply. */
enum {
    STYR_OK = 0,          /* done */
    STYR_FAILED = 1,      /* styr_run_verdict: a requirement does not hold */
    STYR_ERR_RULES = 2,   /* the rule file is wrong: see styr_rules_errmsg */
    STYR_ERR_USAGE = 2,   /* the call is wrong: a NULL handle, an unknown dataset */
    STYR_ERR_DATA = 3,    /* the data is wrong: a missing file or column, a bad value */
    STYR_ERR_WRITE = 4,   /* styr_run_write_report: the writer refused the text */
};

/* Report formats. TEXT, JSON and HTML are one stream (styr_run_report,
** styr_run_write_report); CSV (a folder of files) and XLSX (a zip archive) are written
** by styr_run_export, which takes every format. */
enum { STYR_FORMAT_TEXT = 0, STYR_FORMAT_JSON = 1, STYR_FORMAT_HTML = 2, STYR_FORMAT_CSV = 3, STYR_FORMAT_XLSX = 4 };
/* Flags for the report functions. COLOR: ANSI colours in the text report. DANISH:
** numbers for people in Danish (1.234,50 and 6,5 %) in text, HTML and CSV; JSON and XLSX
** (which holds numbers, formatted by the spreadsheet) are not localised. */
enum { STYR_REPORT_COLOR = 1, STYR_REPORT_DANISH = 2 };

typedef struct styr_rules styr_rules;
typedef struct styr_run styr_run;

/* The version of libstyr, "MAJOR.MINOR.PATCH". */
STYR_API const char *styr_version(void);

/*
** Opens and checks a rule file and the files it imports. *out is always set (unless
** out is NULL), also on failure, so the diagnostics can be read; close it either way.
** Returns STYR_OK, or STYR_ERR_RULES when the rules have errors.
*/
STYR_API int styr_rules_open(const char *path, styr_rules **out);
/* The same for rule text in memory; name stands for its path (relative imports and
** data files are found from its folder). */
STYR_API int styr_rules_open_text(const char *name, const char *text, size_t len, styr_rules **out);
/* Every diagnostic (errors and warnings), each as file:line:col, the source line with a
** caret under the spot, a sentence and a hint; "" when there are none. color adds ANSI
** colours. The text belongs to the handle. NULL handle: "". */
STYR_API const char *styr_rules_errmsg(const styr_rules *rules);
STYR_API const char *styr_rules_diagnostics(styr_rules *rules, int color);
/* The agreement's name, the number of rules, a rule's id and title; NULL or 0 when out
** of range. */
STYR_API const char *styr_rules_agreement(const styr_rules *rules);
STYR_API int styr_rules_count(const styr_rules *rules);
STYR_API const char *styr_rule_id(const styr_rules *rules, int i);
STYR_API const char *styr_rule_title(const styr_rules *rules, int i);
/* Frees the rule set. NULL is harmless. Every run made from it must be freed first. */
STYR_API void styr_rules_close(styr_rules *rules);

/* Starts a run of the rules: STYR_OK, or STYR_ERR_USAGE for a NULL or failed rule set. */
STYR_API int styr_run_new(const styr_rules *rules, styr_run **out);
/* Reads dataset `name` from path instead of the file the rule file names. Returns
** STYR_ERR_USAGE when the rules declare no such dataset (the message lists those they
** do). The file is read by styr_execute. */
STYR_API int styr_bind_file(styr_run *run, const char *name, const char *path);
/* How a run evaluates the rules. Every engine gives the same report; AUTO (the default)
** compiles the rules with the JIT when there are enough rows for it to pay, JIT always
** compiles them, INTERP never does. */
enum { STYR_ENGINE_AUTO = 0, STYR_ENGINE_INTERP = 1, STYR_ENGINE_JIT = 2 };
STYR_API int styr_run_set_engine(styr_run *run, int engine);
/* Threads for compiled rules: 0 (the default) uses one per core. */
STYR_API int styr_run_set_jobs(styr_run *run, int jobs);
/* Whether compiled rules are kept on disk and reused by the next run (default: yes), and
** where: dir, or NULL for $STYR_CACHE_DIR, else $XDG_CACHE_HOME/styr, else ~/.cache/styr. */
STYR_API int styr_run_set_cache(styr_run *run, int enabled, const char *dir);
/* After styr_execute: a note on how the rules ran ("" when none), such as why the JIT
** could not be used and the interpreter ran every rule instead. */
STYR_API const char *styr_run_note(const styr_run *run);
/* After styr_execute: how many of the rules' blocks ran as compiled code (0 when the
** interpreter ran them all; -1 before a run), with *blocks the number of blocks and
** *cached 1 when the compiled code came from the cache. Either pointer may be NULL. */
STYR_API int styr_run_compiled(const styr_run *run, int *blocks, int *cached);
/* Loads the data and runs every rule. STYR_OK when the rules ran (whatever their
** verdict), STYR_ERR_DATA when the data is wrong, STYR_ERR_USAGE when a dataset has no
** file. A run executes once. */
STYR_API int styr_execute(styr_run *run);
/* The message of the last failure on the run ("" when none). */
STYR_API const char *styr_run_errmsg(const styr_run *run);
/* After styr_execute: STYR_OK when every requirement holds, STYR_FAILED when one fails
** or a rule could not be evaluated. */
STYR_API int styr_run_verdict(const styr_run *run);
/* Writes the report in a format (STYR_FORMAT_TEXT, _JSON or _HTML) into a new string
** that the caller frees with styr_free; *len gets its length when len is not NULL. */
STYR_API int styr_run_report(const styr_run *run, int format, int flags, char **out, size_t *len);
/* Writes the report as styr_run_report does, but hands it to write(ctx, text, len) in
** pieces of some kilobytes, so a report of millions of items is never held whole.
** write returns 0, or non-zero to stop; then the call returns STYR_ERR_WRITE. */
STYR_API int styr_run_write_report(const styr_run *run, int format, int flags,
                                   int (*write)(void *ctx, const char *text, size_t len), void *ctx);
/* Writes the report to path in any format. CSV: path is a folder, made when missing,
** that gets summary.csv, rule-ID.csv per rule (its items) and output-NAME.csv per output
** table (RFC 4180; with DANISH ';'-separated, as Danish spreadsheets read them). XLSX: a
** workbook with a summary sheet and a sheet per rule and per output table. TEXT, JSON,
** HTML: the text of styr_run_report, in one file. Returns STYR_OK, STYR_ERR_USAGE (no
** report yet, an unknown format) or STYR_ERR_WRITE (see styr_run_errmsg). */
STYR_API int styr_run_export(styr_run *run, int format, int flags, const char *path);
/* Frees a run. NULL is harmless. */
STYR_API void styr_run_free(styr_run *run);

/* Frees memory that libstyr handed to the caller. */
STYR_API void styr_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
