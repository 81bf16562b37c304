/*
** test_csv.c: the CSV reader: dialects, encodings, quoting, line numbers, and the
** exact message for each malformed input.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csv.h"
#include "helpers.h"

#define DATA "tests/data/csv/"

/* Reads every record as "LINE:f1|f2|...\n"; an error ends the text as "error: MSG". */
static char *dump(csv_reader *r)
{
    buf b = { 0 };
    csv_record rec;
    int rc;
    while ((rc = csv_next(r, &rec)) == 1) {
        buf_printf(&b, "%lld:", (long long)rec.line);
        for (size_t i = 0; i < rec.nfields; i++) {
            if (i > 0)
                buf_putc(&b, '|');
            buf_add(&b, rec.fields[i].s, rec.fields[i].len);
        }
        buf_putc(&b, '\n');
    }
    if (rc < 0)
        buf_printf(&b, "error: %s", csv_error(r));
    return buf_take(&b);
}

/* Opens n bytes as "t.csv" and dumps them; a failure to open gives "open: MSG". */
static char *dump_bytes(const char *data, size_t n, const csv_dialect *d)
{
    char err[512];
    csv_reader *r = csv_open_memory("t.csv", data, n, d, err, sizeof err);
    if (!r) {
        buf b = { 0 };
        buf_printf(&b, "open: %s", err);
        return buf_take(&b);
    }
    char *s = dump(r);
    csv_close(r);
    return s;
}

static void expect(const char *data, const csv_dialect *d, const char *want)
{
    char *got = dump_bytes(data, strlen(data), d);
    cr_assert_str_eq(got, want);
    free(got);
}

/* The separator the reader settles on for data. */
static char separator_of(const char *data)
{
    char err[512];
    csv_reader *r = csv_open_memory("t.csv", data, strlen(data), NULL, err, sizeof err);
    cr_assert_not_null(r, "%s", err);
    char sep = csv_dialect_of(r).separator;
    csv_close(r);
    return sep;
}


/* Opens the file at path with dialect d (NULL: detect) and dumps it. */
static char *dump_file(const char *path, const csv_dialect *d)
{
    char err[512];
    csv_reader *r = csv_open_file(path, d, err, sizeof err);
    if (!r) {
        buf b = { 0 };
        buf_printf(&b, "open: %s", err);
        return buf_take(&b);
    }
    char *s = dump(r);
    csv_close(r);
    return s;
}

static char *dump_temp(const void *bytes, size_t n, const csv_dialect *d)
{
    char *path = th_temp_file(bytes, n);
    char *s = dump_file(path, d);
    unlink(path);
    free(path);
    return s;
}

/* ---- separators ---- */

Test(csv_separator, comma_is_detected)
{
    cr_assert_eq(separator_of("a,b,c\n1,2,3\n"), ',');
    expect("a,b,c\n1,2,3\n", NULL, "1:a|b|c\n2:1|2|3\n");
}

Test(csv_separator, semicolon_is_detected)
{
    cr_assert_eq(separator_of("a;b;c\n"), ';');
    expect("kommune;beløb\nTårnby;12,50\n", NULL, "1:kommune|beløb\n2:Tårnby|12,50\n");
}

Test(csv_separator, tab_is_detected)
{
    cr_assert_eq(separator_of("a\tb\tc\n"), '\t');
    expect("a\tb\n1,5\t2;3\n", NULL, "1:a|b\n2:1,5|2;3\n");
}

Test(csv_separator, pipe_is_detected)
{
    cr_assert_eq(separator_of("a|b|c\n"), '|');
    expect("a|b\nx,y|z\n", NULL, "1:a|b\n2:x,y|z\n");
}

Test(csv_separator, most_frequent_wins)
{
    cr_assert_eq(separator_of("a,b,c;d\n"), ',');
}

Test(csv_separator, tie_prefers_semicolon)
{
    cr_assert_eq(separator_of("a;b,c\n"), ';');
}

Test(csv_separator, tie_prefers_comma_over_tab_and_pipe)
{
    cr_assert_eq(separator_of("a,b\tc|d\n"), ',');
}

Test(csv_separator, only_the_header_line_counts)
{
    cr_assert_eq(separator_of("a;b\n1,2,3,4,5\n"), ';');
}

Test(csv_separator, quoted_characters_do_not_count)
{
    cr_assert_eq(separator_of("\"a;b;c\",d\n"), ',');
}

Test(csv_separator, none_means_one_column)
{
    cr_assert_eq(separator_of("kommune\nTårnby\n"), ',');
    expect("kommune\nTårnby\n", NULL, "1:kommune\n2:Tårnby\n");
}

Test(csv_separator, declared_separator_is_used)
{
    csv_dialect d = { .separator = ';' };
    expect("a,b;c\n", &d, "1:a,b|c\n");
}

/* ---- encodings ---- */

Test(csv_encoding, utf8_is_detected)
{
    char err[512];
    const char *s = "kommune\nTårnby\n";
    csv_reader *r = csv_open_memory("t.csv", s, strlen(s), NULL, err, sizeof err);
    cr_assert_eq(csv_dialect_of(r).encoding, CSV_ENC_UTF8);
    csv_close(r);
}

Test(csv_encoding, bom_is_stripped)
{
    expect("\xEF\xBB\xBFkommune;antal\nTårnby;3\n", NULL, "1:kommune|antal\n2:Tårnby|3\n");
}

Test(csv_encoding, cp1252_is_transcoded_to_utf8)
{
    static const char bytes[] = "kommune;bel\xF8" "b\nT\xE5rnby;12\n";
    char *got = dump_temp(bytes, sizeof bytes - 1, NULL);
    cr_assert_str_eq(got, "1:kommune|beløb\n2:Tårnby|12\n");
    free(got);
}

Test(csv_encoding, cp1252_is_reported_as_the_encoding)
{
    static const char bytes[] = "T\xE5rnby\n";
    char err[512];
    csv_reader *r = csv_open_memory("t.csv", bytes, sizeof bytes - 1, NULL, err, sizeof err);
    cr_assert_eq(csv_dialect_of(r).encoding, CSV_ENC_CP1252);
    csv_close(r);
}

Test(csv_encoding, cp1252_c1_range_uses_the_code_page)
{
    static const char bytes[] = "\x80 \x96 \x9F\n";
    char *got = dump_bytes(bytes, sizeof bytes - 1, NULL);
    cr_assert_str_eq(got, "1:€ – Ÿ\n");
    free(got);
}

Test(csv_encoding, cp1252_undefined_byte_is_an_error)
{
    static const char bytes[] = "a\nb\n\xE5\x81\n";
    char *got = dump_bytes(bytes, sizeof bytes - 1, NULL);
    cr_assert_str_eq(got, "open: t.csv:3: byte 0x81 is neither UTF-8 nor Windows-1252");
    free(got);
}

Test(csv_encoding, declared_utf8_rejects_invalid_bytes)
{
    static const char bytes[] = "kommune\r\nAarhus\r\nT\xE5rnby\r\n";
    csv_dialect d = { .encoding = CSV_ENC_UTF8 };
    char *got = dump_bytes(bytes, sizeof bytes - 1, &d);
    cr_assert_str_eq(got, "open: t.csv:3: byte 0xE5 is not valid UTF-8");
    free(got);
}

Test(csv_encoding, bom_file_with_invalid_bytes_is_an_error)
{
    expect("\xEF\xBB\xBFkommune\nT\xE5rnby\n", NULL, "open: t.csv:2: byte 0xE5 is not valid UTF-8");
}

Test(csv_encoding, declared_utf8_rejects_overlong_forms)
{
    csv_dialect d = { .encoding = CSV_ENC_UTF8 };
    expect("\xC0\xAF\n", &d, "open: t.csv:1: byte 0xC0 is not valid UTF-8");
}

Test(csv_encoding, declared_cp1252_is_transcoded_even_when_valid_utf8)
{
    csv_dialect d = { .encoding = CSV_ENC_CP1252 };
    expect("T\xC3\xA5rnby\n", &d, "1:TÃ¥rnby\n");
}

/* ---- records ---- */

Test(csv_records, crlf_line_ends)
{
    expect("a;b\r\n1;2\r\n3;4\r\n", NULL, "1:a|b\n2:1|2\n3:3|4\n");
}

Test(csv_records, lone_cr_line_ends)
{
    expect("a;b\r1;2\r3;4", NULL, "1:a|b\n2:1|2\n3:3|4\n");
}

Test(csv_records, final_line_without_newline)
{
    expect("a,b\n1,2", NULL, "1:a|b\n2:1|2\n");
}

Test(csv_records, empty_lines_are_skipped)
{
    expect("\na,b\n\n\r\n1,2\n\n", NULL, "2:a|b\n5:1|2\n");
}

Test(csv_records, blank_lines_are_skipped)
{
    expect("a,b\n   \n \t\n1,2\n", NULL, "1:a|b\n4:1|2\n");
}

Test(csv_records, empty_fields_are_kept)
{
    expect("a,b,c\n,,\n1,,3,\n", NULL, "1:a|b|c\n2:||\n3:1||3|\n");
}

Test(csv_records, unquoted_fields_are_trimmed)
{
    expect("a , b\n  1\t,\t2  \n", NULL, "1:a|b\n2:1|2\n");
}

Test(csv_records, tab_separated_fields_keep_empty_fields)
{
    expect("a\tb\tc\n1\t\t3\n", NULL, "1:a|b|c\n2:1||3\n");
}

Test(csv_records, quote_inside_unquoted_field_is_kept)
{
    expect("a,b\n5\" skrue,x\"y\n", NULL, "1:a|b\n2:5\" skrue|x\"y\n");
}

Test(csv_records, long_fields_are_cut_at_every_offset)
{
    /* The scan looks at eight bytes at a time: put the separator at each offset. */
    for (int k = 0; k < 20; k++) {
        char data[64], want[80];
        memset(data, 'x', (size_t)k);
        snprintf(data + k, sizeof data - (size_t)k, ";yyyyyyyyyyy\n");
        snprintf(want, sizeof want, "1:%.*s|yyyyyyyyyyy\n", k, data);
        expect(data, NULL, want);
    }
}

Test(csv_records, many_fields)
{
    buf in = { 0 }, want = { 0 };
    buf_puts(&want, "1:");
    for (int i = 0; i < 300; i++) {
        buf_printf(&in, "%s%d", i ? ";" : "", i);
        buf_printf(&want, "%s%d", i ? "|" : "", i);
    }
    buf_puts(&in, "\n");
    buf_puts(&want, "\n");
    expect(in.data, NULL, want.data);
    buf_free(&in);
    buf_free(&want);
}

/* ---- quoting ---- */

Test(csv_quotes, quoted_separator_is_kept)
{
    expect("navn;note\n\"Hansen; Jens\";x\n", NULL, "1:navn|note\n2:Hansen; Jens|x\n");
}

Test(csv_quotes, doubled_quotes_are_undoubled)
{
    expect("a,b\n\"sagt \"\"nej\"\"\",\"\"\"\"\n", NULL, "1:a|b\n2:sagt \"nej\"|\"\n");
}

Test(csv_quotes, several_doubled_quote_fields_in_one_record)
{
    /* Enough copied text that the scratch buffer moves while the record is read. */
    buf in = { 0 }, want = { 0 };
    buf_puts(&want, "1:");
    for (int i = 0; i < 40; i++) {
        buf_puts(&in, i ? ",\"" : "\"");
        buf_puts(&want, i ? "|" : "");
        for (int j = 0; j < 10; j++) {
            buf_printf(&in, "%d\"\"", i);
            buf_printf(&want, "%d\"", i);
        }
        buf_puts(&in, "\"");
    }
    buf_puts(&in, "\n");
    buf_puts(&want, "\n");
    expect(in.data, NULL, want.data);
    buf_free(&in);
    buf_free(&want);
}

Test(csv_quotes, quoted_fields_are_not_trimmed)
{
    expect("a,b\n\" x \" , \"\ty\"\n", NULL, "1:a|b\n2: x |\ty\n");
}

Test(csv_quotes, empty_quoted_field_is_not_a_blank_line)
{
    expect("a\n\"\"\n", NULL, "1:a\n2:\n");
}

Test(csv_quotes, newline_inside_quotes_keeps_line_numbers)
{
    expect("a;b\n\"linje 1\nlinje 2\n\";x\n1;2\n", NULL,
           "1:a|b\n2:linje 1\nlinje 2\n|x\n5:1|2\n");
}

Test(csv_quotes, crlf_inside_quotes_counts_one_line)
{
    expect("a;b\r\n\"x\r\ny\";1\r\n2;3\r\n", NULL, "1:a|b\n2:x\r\ny|1\n4:2|3\n");
}

Test(csv_quotes, unterminated_quote_names_the_line_it_opened)
{
    expect("a,b\n1,2\n3,\"fire\n5,6\n7,8\n", NULL,
           "1:a|b\n2:1|2\nerror: t.csv:3: unterminated quoted field (the quote opens on this line)");
}

Test(csv_quotes, text_after_closing_quote_is_an_error)
{
    expect("a,b\n1,\"x\"y\n", NULL,
           "1:a|b\nerror: t.csv:2: field 2: unexpected \"y\" after the closing quote "
           "(a quote inside a quoted field is written \"\")");
}

Test(csv_quotes, text_after_closing_quote_names_its_line)
{
    expect("a,b\n1,\"x\ny\"å\n", NULL,
           "1:a|b\nerror: t.csv:3: field 2: unexpected \"å\" after the closing quote "
           "(a quote inside a quoted field is written \"\")");
}

Test(csv_quotes, errors_are_sticky)
{
    char err[512];
    const char *s = "a\n\"x\n";
    csv_reader *r = csv_open_memory("t.csv", s, strlen(s), NULL, err, sizeof err);
    csv_record rec;
    cr_assert_eq(csv_next(r, &rec), 1);
    cr_assert_eq(csv_next(r, &rec), -1);
    cr_assert_eq(csv_next(r, &rec), -1);
    csv_close(r);
}

/* ---- files and reading ---- */

Test(csv_files, empty_data_has_no_records)
{
    expect("", NULL, "");
}

Test(csv_files, empty_file_has_no_records)
{
    char *got = dump_temp("", 0, NULL);
    cr_assert_str_eq(got, "");
    free(got);
}

Test(csv_files, missing_file_is_an_error)
{
    char *got = dump_file("/nonexistent/tilbud.csv", NULL);
    cr_assert_str_eq(got, "open: cannot open /nonexistent/tilbud.csv: No such file or directory");
    free(got);
}

Test(csv_files, directory_is_an_error)
{
    char *got = dump_file("/tmp", NULL);
    cr_assert_str_eq(got, "open: cannot read /tmp: Is a directory");
    free(got);
}

Test(csv_files, pipe_is_read_without_mapping)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    const char *s = "a;b\n1;2\n";
    cr_assert_eq(write(fd[1], s, strlen(s)), (ssize_t)strlen(s));
    close(fd[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd[0]);
    char *got = dump_file(path, NULL);
    close(fd[0]);
    cr_assert_str_eq(got, "1:a|b\n2:1|2\n");
    free(got);
}

Test(csv_files, semicolon_fixture_reads)
{
    char *got = dump_file(DATA "tilbud_semikolon.csv", NULL);
    cr_assert_str_eq(got, "1:Kommune|Tilbud|Takst pr. døgn|Gyldig fra\n"
                          "2:Tårnby|Bostedet Åen|2.345,50|01-01-2021\n"
                          "3:Høje-Taastrup|Skovly; afd. Nord|1.999,00|15.03.2021\n"
                          "5:Ærø|Havbo\n(midlertidig)|875,25|2021-07-01\n");
    free(got);
}

Test(csv_files, tab_crlf_fixture_reads)
{
    char *got = dump_file(DATA "placeringer_tab.tsv", NULL);
    cr_assert_str_eq(got, "1:CPR-løbenr|Kommune|Døgn|Takst\n"
                          "2:1001|Albertslund|31|1250.00\n"
                          "3:1002|Tårnby|28|980.5\n");
    free(got);
}

Test(csv_files, rewind_reads_the_records_again)
{
    char err[512];
    const char *s = "a;b\n1;2\n";
    csv_reader *r = csv_open_memory("t.csv", s, strlen(s), NULL, err, sizeof err);
    char *first = dump(r);
    csv_rewind(r);
    char *second = dump(r);
    cr_assert_str_eq(first, second);
    free(first);
    free(second);
    csv_close(r);
}
