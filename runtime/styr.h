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
#include <stdint.h>

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
**
** A rule file reaches only its own folder tree: what it imports and the files it names
** for its datasets must lie in the folder of the rule file (symlinks and ".." are
** followed before this is judged); anything else is an error of the rules. The standard
** library (stdlib/...) is built in. Files the caller binds (styr_bind_file) may lie
** anywhere. styr_rules_open_with allows more folders.
*/
STYR_API int styr_rules_open(const char *path, styr_rules **out);
/* The same for rule text in memory; name stands for its path (relative imports and
** data files are found from its folder, the folder it reaches). */
STYR_API int styr_rules_open_text(const char *name, const char *text, size_t len, styr_rules **out);

/* How to open a rule set; all zero (or a NULL pointer) gives what styr_rules_open does.
** Later versions may add fields at the end: zero the whole struct. */
typedef struct styr_open_options {
    /* Further folders (and their trees) the rules may import from and name data files
    ** in, as `styr check --allow-path DIR` gives them; NULL-terminated, or NULL. */
    const char *const *allow_paths;
} styr_open_options;

/* styr_rules_open and styr_rules_open_text with options. */
STYR_API int styr_rules_open_with(const char *path, const styr_open_options *options, styr_rules **out);
STYR_API int styr_rules_open_text_with(const char *name, const char *text, size_t len,
                                       const styr_open_options *options, styr_rules **out);
/* Every diagnostic (errors and warnings), each as file:line:col, the source line with a
** caret under the spot, a sentence and a hint; "" when there are none. color adds ANSI
** colours. The text belongs to the handle. NULL handle: "". */
STYR_API const char *styr_rules_errmsg(const styr_rules *rules);
STYR_API const char *styr_rules_diagnostics(const styr_rules *rules, int color);
/* The agreement's name, the number of rules, a rule's id and title; NULL or 0 when out
** of range. */
STYR_API const char *styr_rules_agreement(const styr_rules *rules);
STYR_API int styr_rules_count(const styr_rules *rules);
STYR_API const char *styr_rule_id(const styr_rules *rules, int i);
STYR_API const char *styr_rule_title(const styr_rules *rules, int i);
/* The datasets the rules declare (their imports' too), for a program that binds data by
** column and must know what to give: their number (0 when the rules have errors), dataset
** d's name, its number of columns (-1 out of range), and column c's name, with *type its
** STYR_TYPE_* (STYR_TYPE_INT for a count of days or hours; STYR_TYPE_PERCENT is the number
** of percent, 6.5 for 6.5 %) and *optional 1 when it may be empty or missing; either
** pointer may be NULL. NULL out of range. */
STYR_API int styr_rules_datasets(const styr_rules *rules);
STYR_API const char *styr_dataset_name(const styr_rules *rules, int d);
STYR_API int styr_dataset_columns(const styr_rules *rules, int d);
STYR_API const char *styr_dataset_column(const styr_rules *rules, int d, int c, int *type, int *optional);
/* The file dataset d is read from when no other is bound, as the rule file names it
** (relative to the file that declares the dataset), or NULL when it names none. */
STYR_API const char *styr_dataset_path(const styr_rules *rules, int d);
/* Frees the rule set. NULL is harmless. Every run made from it must be freed first. */
STYR_API void styr_rules_close(styr_rules *rules);

/* Starts a run of the rules: STYR_OK, or STYR_ERR_USAGE for a NULL or failed rule set. */
STYR_API int styr_run_new(const styr_rules *rules, styr_run **out);
/* Reads dataset `name` from path instead of the file the rule file names. Returns
** STYR_ERR_USAGE when the rules declare no such dataset (the message lists those they
** do). The file is read by styr_execute. */
STYR_API int styr_bind_file(styr_run *run, const char *name, const char *path);
/* Reads dataset `name` from CSV text in memory (any dialect styr check reads), now:
** STYR_ERR_DATA with the message (naming `name` and the line) when it holds bad data.
** The text is not kept after the call. */
STYR_API int styr_bind_csv(styr_run *run, const char *name, const char *text, size_t len);

/* A column the caller owns, for styr_bind_columns. Integer arrays are used where they lie,
** not copied, so they must stay unchanged until styr_run_free; texts and doubles are
** copied. */
typedef struct styr_column {
    const char *name;       /* the column's name in the rule file's dataset declaration */
    int type;               /* STYR_COL_* */
    const void *values;     /* nrows values of the type; NULL when every row is empty */
    const uint32_t *lengths;/* TEXT: the byte length of each text, or NULL: NUL-terminated */
    const uint8_t *valid;   /* bit i (least significant first, as in Apache Arrow) set when
                            ** row i has a value; NULL when every row has one */
    int scale;              /* INT64 for a number or percent column: values are v / 10^scale */
} styr_column;

enum {
    STYR_COL_INT64 = 1,     /* int64_t: whole numbers, years, counts; numbers with `scale` */
    STYR_COL_DOUBLE = 2,    /* double: read as the shortest decimal that gives it back */
    STYR_COL_OERE = 3,      /* int64_t: money in øre (1234.50 kr. is 123450) */
    STYR_COL_DAYS = 4,      /* int64_t: dates as days since 1970-01-01 */
    STYR_COL_TEXT = 5,      /* const char *: UTF-8 texts; a NULL pointer is an empty row */
    STYR_COL_BOOL = 6,      /* uint8_t: 0 or 1 */
};

/* Binds dataset `name` to nrows rows of caller-owned columns, matched to the declared
** columns by name (extra columns are ignored). STYR_ERR_USAGE when a column's type does
** not fit its declaration (money wants OERE, DOUBLE or INT64 kroner; a date DAYS; a text
** TEXT) or the rules declare no such dataset; STYR_ERR_DATA when a declared column is
** missing, a value does not fit (a double with fractions of an øre), or a non-optional
** column has an empty row. The message names the dataset, column and row. */
STYR_API int styr_bind_columns(styr_run *run, const char *name, int64_t nrows, const styr_column *cols, int ncols);

/* How a run evaluates the rules. Every engine gives the same report; AUTO (the default)
** compiles the rules with the JIT when there are enough rows for it to pay, JIT always
** compiles them, INTERP never does. */
enum { STYR_ENGINE_AUTO = 0, STYR_ENGINE_INTERP = 1, STYR_ENGINE_JIT = 2 };
STYR_API int styr_run_set_engine(styr_run *run, int engine);
/* Threads for compiled rules: 0 (the default) uses one per core. */
STYR_API int styr_run_set_jobs(styr_run *run, int jobs);
/* Whether compiled rules are kept on disk and reused by the next run (default: yes), and
** where: dir (made when missing), or NULL for $STYR_CACHE_DIR, else $XDG_CACHE_HOME/styr,
** else ~/.cache/styr. */
STYR_API int styr_run_set_cache(styr_run *run, int enabled, const char *dir);
/*
** A progress callback for long loads and runs. styr_execute calls it at the start of
** each phase (reading a file: done and total in bytes; running the rules: in rows), every
** 65,536 rows or so while it goes, and once more with finished set when the phase is
** over. It may be called from the threads that read a file in parts, but never from two
** at a time. It should return quickly: drawing at most some times a second is the
** callback's business. fn NULL turns it off (the default).
*/
enum { STYR_PHASE_LOAD = 0, STYR_PHASE_RUN = 1 };
typedef struct styr_progress {
    int phase;                 /* STYR_PHASE_LOAD or STYR_PHASE_RUN */
    const char *what;          /* the file being read, or "rules" */
    unsigned long long done;   /* bytes of the file read, or rows run */
    unsigned long long total;  /* the file's bytes, or the rows to run (0 when unknown) */
    unsigned long long rows;   /* rows read from the file, or rows run */
    int finished;              /* 1 on the last call of a phase */
} styr_progress;
typedef void (*styr_progress_fn)(void *ctx, const styr_progress *p);
STYR_API int styr_run_set_progress(styr_run *run, styr_progress_fn fn, void *ctx);
/*
** Rows that cannot be read (a value that is not a number, a date that does not exist, too
** few fields) stop a run by default: styr_execute returns STYR_ERR_DATA with the first
** of them and how many more there are. With a reject file, each such row is written to
** path instead (CSV: dataset, file, line, reason, then the row's fields as read) and the
** run goes on without it; the report counts it in rows_rejected. A file that cannot be
** read at all (a missing column, a broken quote) still stops the run. Set it before
** binding or executing; STYR_ERR_WRITE when path cannot be created.
*/
STYR_API int styr_run_set_reject_file(styr_run *run, const char *path);
/*
** The most memory the run's datasets may take, in bytes; 0 (the default) means 80 % of
** the memory the process may have (the machine's, or a cgroup's or rlimit's when lower).
** A dataset that would take more is read in batches while the rules run, when nothing
** but row-by-row blocks read it (no lookups into it, no aggregates over it, no `group
** by`); otherwise styr_execute returns STYR_ERR_DATA with a message saying how far the
** file got, what reads it whole, and the limit. The report is the same either way.
*/
STYR_API int styr_run_set_max_memory(styr_run *run, unsigned long long bytes);
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

/*
** The results, walked one by one after styr_execute, as the JSON report has them. Every
** index starts at 0. Strings belong to the run and live until styr_run_free, except the
** text of a value (styr_item_value, styr_output_cell), which lives until the next such
** call on the run: copy it to keep it. Out of range or before a run: NULL, or -1 for a
** count.
*/
STYR_API int styr_result_rules(const styr_run *run);
STYR_API const char *styr_result_rule_id(const styr_run *run, int rule);
/* "requirement", "target" or "info". */
STYR_API const char *styr_result_rule_kind(const styr_run *run, int rule);
/* "pass", "fail", "explained", "met", "missed" or "error". */
STYR_API const char *styr_result_rule_status(const styr_run *run, int rule);
enum { STYR_COUNT_CHECKED, STYR_COUNT_VIOLATIONS, STYR_COUNT_EXPLAINED, STYR_COUNT_ERRORS, STYR_COUNT_ITEMS };
STYR_API int64_t styr_result_rule_count(const styr_run *run, int rule, int what);

/* An item of a rule: a violation, a missed target, a flagged row or group. */
enum { STYR_ITEM_DATASET, STYR_ITEM_MESSAGE, STYR_ITEM_EXPLANATION, STYR_ITEM_ERROR };
/* NULL for an item without an explanation or error. */
STYR_API const char *styr_item_text(const styr_run *run, int rule, int64_t item, int what);
/* The 1-based line of the row in its file (its row number when bound from columns), 0
** for an item about a group. */
STYR_API int64_t styr_item_row(const styr_run *run, int rule, int64_t item);
/* 1 when an explanation is on file, 0 when not. */
STYR_API int styr_item_explained(const styr_run *run, int rule, int64_t item);

/* The values of an item: those that name its row or group (STYR_PART_KEY), and those
** that decided it (STYR_PART_VALUES). */
enum { STYR_PART_KEY, STYR_PART_VALUES };
/* Value types. */
enum {
    STYR_TYPE_BOOL = 1, STYR_TYPE_INT, STYR_TYPE_NUMBER, STYR_TYPE_PERCENT, STYR_TYPE_MONEY,
    STYR_TYPE_DATE, STYR_TYPE_YEAR, STYR_TYPE_TEXT,
};
STYR_API int styr_item_values(const styr_run *run, int rule, int64_t item, int part);
/* Value k: its name, with *type its STYR_TYPE_* when type is not NULL, and as the
** function's result its text as in the JSON report ("1234.50" for money, 6.25 for
** 6.25 %, 2021-03-01 for a date, "true"), or NULL when the value is empty. */
STYR_API const char *styr_item_value(const styr_run *run, int rule, int64_t item, int part, int k,
                                     const char **name, int *type);

/* The output tables the rules emit. */
STYR_API int styr_result_outputs(const styr_run *run);
STYR_API const char *styr_output_name(const styr_run *run, int output);
STYR_API int styr_output_columns(const styr_run *run, int output);
/* Column c's name, with *type its STYR_TYPE_* when type is not NULL. */
STYR_API const char *styr_output_column(const styr_run *run, int output, int c, int *type);
STYR_API int64_t styr_output_rows(const styr_run *run, int output);
/* A cell's text as in the JSON report, or NULL when it is empty. */
STYR_API const char *styr_output_cell(const styr_run *run, int output, int64_t row, int c);

/*
** Explains one verdict step by step, in the terms of the rule file: the row (or group)
** that key names in rule rule_id, each where (kept or dropped, with the values it read),
** each let with its value, each lookup (dataset, key, the row found or that none was),
** each comparison with both sides, the verdict, the message and the explanation if any;
** for a group, its rows and the inputs of its aggregates.
**
** key is "NAME=VALUE,...": columns of the rule's dataset ("offer_id=T00042,year=2021";
** a part of the key selects every row that has it, the first 20 explained), or every key
** of a `group by` ("year=2022"). The data is loaded, unless styr_execute loaded it; the
** rule runs in the interpreter, the reference semantics. *out gets a new string in
** format (STYR_FORMAT_TEXT, STYR_REPORT_COLOR in flags, or STYR_FORMAT_JSON), freed with
** styr_free; *len its length when len is not NULL.
**
** Returns STYR_OK when the verdict holds (the check holds, a violation is explained, or
** the row does not reach the check), STYR_FAILED when it fails (a requirement violated
** and not explained, a target missed, an error); STYR_ERR_USAGE for an unknown rule, a
** key that names nothing of the rule or selects no row or group (styr_run_errmsg says
** which, with a hint: the nearest keys, or the groups there are); STYR_ERR_DATA as
** styr_execute.
*/
STYR_API int styr_run_explain(styr_run *run, const char *rule_id, const char *key, int format, int flags,
                              char **out, size_t *len);
/* Writes the report to path in any format. CSV: path is a folder, made when missing,
** that gets summary.csv, rule-ID.csv per rule (its items) and output-NAME.csv per output
** table (RFC 4180; with DANISH ';'-separated, as Danish spreadsheets read them). XLSX: a
** workbook with a summary sheet and a sheet per rule and per output table. TEXT, JSON,
** HTML: the text of styr_run_report, in one file. Returns STYR_OK, STYR_ERR_USAGE (no
** report yet, an unknown format) or STYR_ERR_WRITE (see styr_run_errmsg). */
STYR_API int styr_run_export(styr_run *run, int format, int flags, const char *path);
/* Frees a run. NULL is harmless. */
STYR_API void styr_run_free(styr_run *run);

/*
** Formats rule text the one canonical way (`styr fmt`): indentation, spacing and blank
** lines, with every comment kept where it was and the meaning unchanged (the result is
** checked to hold the same tokens). keywords chooses the keyword set of the result:
** STYR_KEYWORDS_KEEP the file's own, STYR_KEYWORDS_EN English, STYR_KEYWORDS_DA Danish
** (a translation). name stands for the file's path in messages. On STYR_OK *out holds
** the formatted text (free it with styr_free; *out_len its length when out_len is not
** NULL). On STYR_ERR_RULES the text does not parse or cannot be translated, and *errmsg
** holds the diagnostics (file:line:col, the line, a hint; free it with styr_free);
** errmsg may be NULL. flags: STYR_REPORT_COLOR colours the diagnostics.
*/
enum { STYR_KEYWORDS_KEEP = -1, STYR_KEYWORDS_EN = 0, STYR_KEYWORDS_DA = 1 };
STYR_API int styr_format(const char *name, const char *text, size_t len, int keywords, int flags,
                         char **out, size_t *out_len, char **errmsg);

/*
** Runs the tests of a rule file (`styr test`): the `test` declarations of the file the
** rule set was opened from (a file of tests beside the rules imports them). Each test
** runs the rules over its own small tables (datasets it does not give are empty) with the
** parameters it gives, in the interpreter; flags STYR_TEST_JIT runs them again as
** compiled code and fails a test whose report differs. *out gets the text `styr test`
** prints: a line per test (ok or FAIL and its name) and, under a failed one, each failed
** expectation with its file:line:col, the expectation as written (-) and what the rules
** gave, in the file's words (+). Free it with styr_free. *passed and *failed (either may
** be NULL) count the tests. Returns STYR_OK when every test passes (or there are none),
** STYR_FAILED when one fails, STYR_ERR_RULES when the rules or the tests are wrong (*out
** then holds the diagnostics). flags: STYR_REPORT_COLOR colours the text.
*/
enum { STYR_TEST_JIT = 2 };
STYR_API int styr_rules_test(const styr_rules *rules, int flags, char **out, size_t *out_len, int *passed,
                             int *failed);

/*
** What changed between two rule sets (`styr diff`), such as two agreement periods' rules.
** Both are compared in canonical form (formatted, English keywords), so layout, comments
** and the keyword language make no difference. Declarations are matched by kind and name,
** a rule by its id: rules, parameters, tables, definitions and datasets added, removed or
** changed. For a changed rule: the literals that changed in one line ("6 % -> 5 %",
** "base 2014 -> 2019"), a changed doc string as "description text changed", and its
** lines as a diff (' ' kept, '-' old, '+' new, "..." between hunks); for a parameter
** its value old -> new; for a dataset its columns added, removed or of another type.
**
** old_run and new_run, both executed runs of old and new (over the same data, say), or
** both NULL: then the verdicts are compared too, rule by rule: status and counts old ->
** new, and the items that appear or disappear by their dataset and key (the first 20 of
** each per rule, then a count).
**
** format: STYR_FORMAT_TEXT (for people) or STYR_FORMAT_JSON, an object with "old" and
** "new" (the paths), "changes" (each with "section": rule, parameter, table, define,
** dataset or agreement; "name", "change": added, removed or changed; "old_kind",
** "new_kind"; "text_changed", "doc_changed"; "old" and "new" for a parameter's value;
** "literals": label, old, new, count; "columns" for a dataset: name, change (added,
** removed, type), old, new; "diff": the lines), "verdicts" when compared (each with
** "rule", old_/new_ status, checked, violations, explained, items; "appeared",
** "disappeared" and their _more counts), "verdicts_compared" and "changed". flags: none
** yet (0). *out is freed with styr_free; *len its length when len is not NULL.
**
** Returns STYR_OK when nothing changed, STYR_FAILED when something did, STYR_ERR_USAGE
** for rules with errors, runs not executed, only one run, or another format.
*/
STYR_API int styr_rules_diff(const styr_rules *old_rules, const styr_rules *new_rules, const styr_run *old_run,
                             const styr_run *new_run, int format, int flags, char **out, size_t *len);

/* Frees memory that libstyr handed to the caller. */
STYR_API void styr_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
