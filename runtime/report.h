/*
** report.h: the result of running a rule set: for each rule its status, counts and
** items (each with the values that decided it), the output tables, and how many rows
** were read. The writers turn it into text for people and JSON for programs.
*/
#ifndef STYR_REPORT_H
#define STYR_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "value.h"

typedef struct rep_value {
    const char *name;
    stype ty;
    value v;               /* texts live in the report's arena */
} rep_value;

typedef struct rep_item {
    const char *dataset;
    int64_t row;           /* 1-based line in the file; 0 for an item about a group */
    rep_value *key;
    int nkey;
    rep_value *values;
    int nvalues;
    const char *message;
    bool explained;
    const char *explanation;   /* NULL when none */
    rep_value explained_on;    /* the date on the explanation's row; name NULL when it has none */
    const char *error;         /* why the evaluation failed, or NULL */
} rep_item;

typedef enum rep_status { ST_PASS, ST_FAIL, ST_EXPLAINED, ST_MET, ST_MISSED, ST_ERROR } rep_status;

typedef struct rep_rule {
    const ast_rule *rule;
    rep_status status;
    int64_t checked;       /* rows or groups that reached the check */
    int64_t violations;    /* items that break the rule (or are flagged) */
    int64_t explained;     /* of those, explained */
    int64_t errors;        /* rows or groups that could not be evaluated */
    rep_item *items;
    size_t nitems, capitems;
} rep_rule;

typedef struct rep_output {
    const out_table *table;
    value *cells;          /* nrows * table->ncols */
    size_t nrows, caprows;
} rep_output;

typedef struct rep_dataset {
    const char *name;
    const char *path;
    int64_t rows_read, rows_evaluated, rows_rejected;
} rep_dataset;

typedef struct report {
    arena arena;
    const program *prog;
    rep_rule *rules;
    int nrules;
    rep_output *outputs;
    int noutputs;
    rep_dataset *datasets;
    int ndatasets;
    int64_t rows_read, rows_evaluated, rows_rejected;
    int failed;            /* requirements that fail, and rules in error */
    size_t max_bytes;      /* the most the report may take (rep_bytes); 0: no limit */
    bool full;             /* it took more: the run stops (interp_run says so) */
} report;

report *rep_new(const program *prog);
void rep_free(report *r);
rep_item *rep_add_item(report *r, rep_rule *rule);
/* Counts an output row added to o; both set r->full when the report outgrows its limit. */
void rep_added_output_row(report *r, const rep_output *o);
/* The memory the items, output rows and values take. */
size_t rep_bytes(const report *r);
/* A copy of v that lives as long as the report. */
value rep_keep(report *r, value v);
/* Sets each rule's status and the failed count from the counts. */
void rep_finish(report *r);
const char *rep_status_name(rep_status s);
const char *rep_kind_name(severity s);

/* The key and value columns of a rule's items, in the order they first appear (items of
** different blocks may name different ones), each with its type. */
typedef struct rep_columns {
    const char **names;
    stype *types;
    int n;
} rep_columns;
void rep_item_columns(const rep_rule *rr, rep_columns *keys, rep_columns *values);
void rep_columns_free(rep_columns *c);
/* The value named name among vals, or NULL. */
const rep_value *rep_find_value(const rep_value *vals, int n, const char *name);
/* What an item is, in a word: "violation", "explained", "missed", "flagged" or "error". */
const char *rep_item_status(const rep_rule *rr, const rep_item *it);
/* The index of the rule whose emit writes output table i (-1 when none does). */
int rep_output_rule(const report *r, int output);

void rep_write_json(const report *r, buf *out);
/* A JSON string (null for NULL), and an object of named values, as the report writes them. */
void rep_json_string(buf *out, const char *s);
void rep_json_values(buf *out, const rep_value *vals, int n);
/* danish: numbers as 1.234,50 instead of 1234.50. */
void rep_write_text(const report *r, buf *out, bool color, bool danish);
/* "cannot write PATH: why" (malloc'ed). */
char *rep_cannot_write(const char *path, const char *why);
/* One self-contained HTML page: summary, tables of items and outputs, charts. */
void rep_write_html(const report *r, buf *out, bool danish);
/* Into folder dir (made when missing): summary.csv, rule-ID.csv for each rule and
** output-NAME.csv for each output table. Returns NULL, or a message (malloc'ed). */
char *rep_write_csv_dir(const report *r, const char *dir, bool danish);
/* An Excel workbook at path. Returns NULL, or a message (malloc'ed). */
char *rep_write_xlsx(const report *r, const char *path);

#endif
