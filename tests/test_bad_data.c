/*
** test_bad_data.c: the catalogue of bad inputs (issue 6), each with the message styr
** gives, through `styr check` as an auditor meets them: exit 3 with the first bad row and
** a count of the others, or with --reject-file every bad row in a CSV file with its
** reason while the run goes on, and rows_read = rows_evaluated + rows_rejected.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "helpers.h"

static const char rules[] =
    "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
    "dataset t from \"t.csv\" key id columns\n"
    "  id text  amount money  day date optional  share number optional\n"
    "requirement r \"r\"\n"
    "  for x in t\n"
    "  require x.amount >= 0 kr\n";

/* Runs styr check of rule_text over t.csv holding the n bytes of csv, with more
** arguments; returns the exit status and the output in *out. */
static int check_rules_over(const char *rule_text, const char *csv, size_t n, const char *more, char **out,
                            const char **dir_out)
{
    const char *dir = th_tempdir();
    th_write(dir, "rules.styr", rule_text);
    char path[512];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    FILE *f = fopen(path, "wb");
    fwrite(csv, 1, n, f);
    fclose(f);
    char args[1024];
    snprintf(args, sizeof args, "check %s/rules.styr --engine interp %s", dir, more);
    if (dir_out) *dir_out = dir;
    return th_styr(out, args);
}

/* The same for the rules above. */
static int check_bytes(const char *csv, size_t n, const char *more, char **out, const char **dir_out)
{
    return check_rules_over(rules, csv, n, more, out, dir_out);
}

/* Expects exit 3 and the message (after "styr: PATH") for the CSV text. */
static void expect_bad(const char *csv, const char *message)
{
    char *out;
    int st = check_bytes(csv, strlen(csv), "", &out, NULL);
    cr_assert_eq(st, 3, "%s", out);
    const char *m = strstr(out, "t.csv");
    cr_assert(m && strstr(m, message), "want \"%s\" in:\n%s", message, out);
    free(out);
}

Test(bad_data, ragged_row)
{
    expect_bad("id,amount\nA,1\nB,2,3\n", "t.csv:3: expected 2 fields as in the header, found 3");
}

Test(bad_data, unterminated_quote)
{
    expect_bad("id,amount\nA,\"1\nB,2\n", "t.csv:2: unterminated quoted field (the quote opens on this line)");
}

Test(bad_data, text_after_a_closing_quote)
{
    expect_bad("id,amount\n\"A\"x,1\n", "t.csv:2: field 1: unexpected \"x\" after the closing quote");
}

Test(bad_data, missing_column)
{
    expect_bad("id\nA\n", "t.csv: column amount is missing (the header has: id)");
}

Test(bad_data, duplicated_column)
{
    expect_bad("id,amount,amount\nA,1,2\n", "t.csv:1: column amount appears twice in the header");
}

Test(bad_data, duplicated_key)
{
    expect_bad("id,amount\nA,1\nA,2\n", "t.csv:3: the key (id A) is already on line 2; dataset t is keyed by it, so it must be unique");
}

Test(bad_data, mixed_decimal_separators)
{
    expect_bad("id,amount,share\nA,1,\"1,5\"\nB,2,2.5\n", "t.csv:3: column share: cannot read \"2.5\" as number");
}

Test(bad_data, number_too_large_for_money)
{
    expect_bad("id,amount\nA,99999999999999999999\n", "t.csv:2: column amount: cannot read \"99999999999999999999\" as money (out of range)");
}

Test(bad_data, date_that_does_not_exist)
{
    expect_bad("id,amount,day\nA,1,2021-02-30\n", "t.csv:2: column day: cannot read \"2021-02-30\" as date");
}

Test(bad_data, empty_file)
{
    expect_bad("", "t.csv: the file is empty; expected a header line");
}

Test(bad_data, file_that_is_not_csv)
{
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    char *out;
    int st = check_bytes(png, sizeof png - 1, "", &out, NULL);
    cr_assert_eq(st, 3, "%s", out);
    cr_assert(strstr(out, "this is not a CSV file: byte 9 is 0x00"), "%s", out);
    free(out);
}

Test(bad_data, a_2_gb_line)
{
    /* Through a FIFO, so that no disk holds it: styr stops at 64 MiB and the writer with it. */
    const char *dir = th_tempdir();
    th_write(dir, "rules.styr", rules);
    char path[512], args[1024];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    th_feeder f = { .path = path, .data = "id,amount\nA,1\n", .n = 14, .fill = 'x', .nfill = (uint64_t)2 << 30 };
    th_feed_start(&f);
    snprintf(args, sizeof args, "check %s/rules.styr --engine interp", dir);
    char *out;
    int st = th_styr(&out, args);
    th_feed_join(&f);
    cr_assert_eq(st, 3, "%s", out);
    cr_assert(strstr(out, "t.csv:3: this line is longer than 64 MiB, which no row of a table is: is this a CSV file "
                          "with a line break after each row, or does a quote open on this line and never close?"),
              "%s", out);
    cr_assert_eq(f.err, EPIPE, "%s", strerror(f.err));
    cr_assert_lt(f.written, (uint64_t)80 << 20, "%llu bytes written", (unsigned long long)f.written);
    free(out);
    unlink(path);
}

/* Runs check_bytes with `more --format json --reject-file FILE`; *rejected gets FILE's text
** (malloc'ed, NULL when it was not written). */
static int check_rejecting(const char *csv, size_t n, const char *more, char **out, char **rejected)
{
    char dir[64], args[512], path[512];
    snprintf(dir, sizeof dir, "%s", th_tempdir());   /* th_tempdir's buffer is reused */
    snprintf(args, sizeof args, "%s --format json --reject-file %s/rejected.csv", more, dir);
    int st = check_bytes(csv, n, args, out, NULL);
    snprintf(path, sizeof path, "%s/rejected.csv", dir);
    *rejected = th_read(path);
    return st;
}

Test(bad_data, line_longer_than_the_limit_goes_to_the_reject_file_and_the_run_goes_on)
{
    size_t n = (size_t)70 << 20;
    char *csv = malloc(n + 64), *p = stpcpy(csv, "id,amount\nA,1\nB,");
    memset(p, '9', n);
    strcpy(p + n, "\nC,3\n");
    char *out, *text;
    int st = check_rejecting(csv, strlen(csv), "", &out, &text);
    free(csv);
    cr_assert_eq(st, 0, "%.2000s", out);
    cr_expect(strstr(out, "\"rows_read\": 3, \"rows_evaluated\": 2, \"rows_rejected\": 1"), "%.2000s", out);
    free(out);
    cr_assert_not_null(text);
    cr_expect(strstr(text, ",3,\"this line is longer than 64 MiB, which no row of a table is: "), "%.400s", text);
    free(text);
}

Test(bad_data, embedded_newline_in_quotes_is_data_not_an_error)
{
    char *out;
    const char csv[] = "id,amount\n\"A\nB\",1\n";
    int st = check_bytes(csv, strlen(csv), "", &out, NULL);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
}

Test(bad_data, first_bad_row_stops_the_run_with_a_count_of_the_others)
{
    expect_bad("id,amount\nA,1\nB,x\nC,y\nD,4\nE\n",
               "t.csv:3: column amount: cannot read \"x\" as money (and 2 more rows cannot be read; "
               "--reject-file FILE lists every one with its reason and goes on without them)");
}

Test(bad_data, reject_file_takes_every_bad_row_and_the_counts_reconcile)
{
    const char csv[] = "id,amount\nA,1\nB,x\nC,\"y,z\"\nD,4\nE\n";
    char *out, *text;
    int st = check_rejecting(csv, strlen(csv), "", &out, &text);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "\"rows_read\": 5, \"rows_evaluated\": 2, \"rows_rejected\": 3"), "%s", out);
    free(out);
    cr_assert_not_null(text);
    cr_assert_gt(strlen(text), 0);
    cr_assert(strstr(text, "dataset,file,line,reason,record\r\n"), "%s", text);
    cr_assert(strstr(text, ",3,\"column amount: cannot read \"\"x\"\" as money\",B,x\r\n"), "%s", text);
    cr_assert(strstr(text, ",4,\"column amount: cannot read \"\"y,z\"\" as money\",C,\"y,z\"\r\n"), "%s", text);
    cr_assert(strstr(text, ",6,\"expected 2 fields as in the header, found 1\",E\r\n"), "%s", text);
    free(text);
}

Test(bad_data, reject_file_keeps_the_file_order_when_read_in_parts)
{
    buf b = { 0 };
    buf_puts(&b, "id,amount\n");
    for (int i = 0; i < 300000; i++) buf_printf(&b, i % 1000 == 7 ? "R%d,bad\n" : "R%d,%d\n", i, i);
    char *out, *text;
    int st = check_rejecting(b.data, b.len, "--jobs 4", &out, &text);
    buf_free(&b);
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strstr(out, "\"rows_read\": 300000, \"rows_evaluated\": 299700, \"rows_rejected\": 300"), "%.300s", out);
    free(out);
    cr_assert_not_null(text);
    char *line = strchr(text, '\n');   /* past the header */
    cr_assert_not_null(line);
    long last = 0;
    int n = 0;
    for (line++; *line; line = strchr(line, '\n') + 1) {
        long at = strtol(strchr(strchr(line, ',') + 1, ',') + 1, NULL, 10);
        cr_assert_gt(at, last, "line %ld after %ld", at, last);
        last = at;
        n++;
    }
    free(text);
    cr_assert_eq(n, 300);
}

/* ---- encodings: "Bøgely" in Windows-1252, where ø is the byte 0xF8 (never valid UTF-8) */

static const char cp1252_csv[] = "id,amount\nB\xF8gely,-1\n";

Test(bad_data, file_without_a_declared_encoding_that_is_not_utf8_is_read_as_windows_1252)
{
    char *out;
    int st = check_bytes(cp1252_csv, strlen(cp1252_csv), "--format json", &out, NULL);
    cr_assert_eq(st, 1, "%s", out);
    cr_assert(strstr(out, "\"key\": {\"id\": \"B\xC3\xB8gely\"}"), "the text as UTF-8 in the report: %s", out);
    cr_assert_null(strchr(out, '\xF8'), "%s", out);
    free(out);
}

Test(bad_data, file_declared_utf8_that_is_not_is_an_error)
{
    static const char utf8_rules[] =
        "agreement \"x\" period 2021-01-01 to 2022-12-31\n"
        "dataset t from \"t.csv\" key id format encoding \"utf-8\" columns\n"
        "  id text  amount money\n"
        "requirement r \"r\"\n"
        "  for x in t\n"
        "  require x.amount >= 0 kr\n";
    char *out;
    int st = check_rules_over(utf8_rules, cp1252_csv, strlen(cp1252_csv), "", &out, NULL);
    cr_assert_eq(st, 3, "%s", out);
    cr_assert(strstr(out, "t.csv:2: byte 0xF8 is not valid UTF-8"), "%s", out);
    free(out);
}
