/*
** test_csv.c: the CSV reader: dialects, encodings, quoting, line numbers, and the
** exact message for each malformed input; reading files and pipes through a window of
** any size, the limit on a record's length and skipping a malformed record.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Dumps r and closes it; a reader that did not open (NULL) gives "open: ERR". */
static char *dump_opened(csv_reader *r, const char *err)
{
    if (!r) {
        buf b = { 0 };
        buf_printf(&b, "open: %s", err);
        return buf_take(&b);
    }
    char *s = dump(r);
    csv_close(r);
    return s;
}

/* Opens n bytes as "t.csv" and dumps them. */
static char *dump_bytes(const char *data, size_t n, const csv_dialect *d)
{
    char err[512];
    csv_reader *r = csv_open_memory("t.csv", data, n, d, err, sizeof err);
    return dump_opened(r, err);
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
    return dump_opened(r, err);
}

/* Dumps what a reader of fd, named "t.csv", finds. */
static char *dump_fd(int fd, const csv_dialect *d)
{
    char err[512];
    csv_reader *r = csv_open_fd("t.csv", fd, d, err, sizeof err);
    return dump_opened(r, err);
}

/* A reader named "t.csv" of n bytes in a temporary file (gone once it is closed); NULL
** with err set when it does not open. */
static csv_reader *open_temp(const char *bytes, size_t n, const csv_dialect *d, char *err, size_t errlen)
{
    char *path = th_temp_file(bytes, n);
    int fd = open(path, O_RDONLY);
    unlink(path);
    free(path);
    return csv_open_fd("t.csv", fd, d, err, errlen);
}

/* Writes n bytes to a temporary file and dumps it as "t.csv". */
static char *dump_temp(const char *bytes, size_t n, const csv_dialect *d)
{
    char err[512];
    csv_reader *r = open_temp(bytes, n, d, err, sizeof err);
    return dump_opened(r, err);
}

/* Dumps n bytes read from a pipe as "t.csv". */
static char *dump_pipe(const char *bytes, size_t n, const csv_dialect *d)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    th_feeder f = { .fd = fd[1], .data = bytes, .n = n };
    th_feed_start(&f);
    char *s = dump_fd(fd[0], d);
    th_feed_join(&f);
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
    /* In memory and in a file the whole text is checked, in a pipe its first MiB. */
    static const char bytes[] = "a\nb\n\xE5\x81\n";
    char *(*const dumps[])(const char *, size_t, const csv_dialect *) = { dump_bytes, dump_temp, dump_pipe };
    for (size_t i = 0; i < sizeof dumps / sizeof *dumps; i++) {
        char *got = dumps[i](bytes, sizeof bytes - 1, NULL);
        cr_assert_str_eq(got, "open: t.csv:3: byte 0x81 is neither UTF-8 nor Windows-1252", "way %zu", i);
        free(got);
    }
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

/* ---- windows, pipes and limits ---- */

/* The Windows-1252 bytes s[0..n) in UTF-8, by iconv (malloc'ed, NUL-terminated). */
static char *iconv_cp1252(const char *s, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    cr_assert_neq(cd, (iconv_t)-1);
    size_t cap = 3 * n + 1, left = cap - 1;
    char *out = malloc(cap), *o = out, *in = (char *)s;
    cr_assert_neq(iconv(cd, &in, &n, &o, &left), (size_t)-1, "%s", strerror(errno));
    *o = 0;
    iconv_close(cd);
    return out;
}

/* got and want are the same text; a long one is shown around its first difference only. */
static void assert_same(const char *got, const char *want, const char *what)
{
    size_t at = 0;
    while (got[at] && got[at] == want[at])
        at++;
    size_t from = at > 60 ? at - 60 : 0;
    cr_assert(got[at] == want[at], "%s: byte %zu differs:\n%.120s\n---- wanted\n%.120s", what, at, got + from,
              want + from);
}

/* n records of Windows-1252 text (or its UTF-8 when utf8) with æ ø å, € and – (three
** bytes in UTF-8), a quoted field with a separator, doubled quotes and a CRLF or LF in
** it, and CRLF line ends. */
static buf sample(int n, bool utf8)
{
    buf b = { 0 };
    buf_puts(&b, utf8 ? "kommune;tilbud;note;beløb\r\n" : "kommune;tilbud;note;bel\xF8" "b\r\n");
    for (int i = 0; i < n; i++) {
        if (utf8)
            buf_printf(&b, "Tårnby %d;\"Bostedet Æen;%s afd. %d\";\"sagt \"\"nej\"\" € –\";%d,50\r\n", i,
                       i % 2 ? "\r\n" : "\n", i, i);
        else
            buf_printf(&b, "T\xE5rnby %d;\"Bostedet \xC6" "en;%s afd. %d\";\"sagt \"\"nej\"\" \x80 \x96\";%d,50\r\n",
                       i, i % 2 ? "\r\n" : "\n", i, i);
    }
    return b;
}

/* The n bytes at in, as a file read in chunks of many small sizes, and in memory, give want. */
static void chunks_give(const char *in, size_t n, const char *want)
{
    static const size_t chunks[] = { 4, 5, 6, 7, 11, 13, 16, 64, 1000 };
    for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
        csv_set_sizes((csv_sizes){ .chunk = chunks[i] });
        char what[64];
        snprintf(what, sizeof what, "chunk %zu", chunks[i]);
        char *got = dump_temp(in, n, NULL);
        assert_same(got, want, what);
        free(got);
        got = dump_bytes(in, n, NULL);      /* Windows-1252 in memory is transcoded in a window too */
        assert_same(got, want, what);
        free(got);
    }
}

Test(csv_window, cp1252_read_in_small_chunks_gives_the_records_of_its_transcoded_text)
{
    buf in = sample(300, false);
    char *text = iconv_cp1252(in.data, in.len);
    char *want = dump_bytes(text, strlen(text), NULL);
    cr_assert(strstr(want, "4:Tårnby 1|Bostedet Æen;\r\n afd. 1|sagt \"nej\" € –|1,50\n"), "%.300s", want);
    chunks_give(in.data, in.len, want);
    free(want);
    free(text);
    buf_free(&in);
}

Test(csv_window, utf8_file_read_in_small_chunks_gives_the_records_read_in_place)
{
    buf in = sample(300, true);
    buf_puts(&in, "sidste;\"\xF0\x9F\x98\x80\";x;1\r");    /* four bytes, and a lone CR at the very end */
    char *want = dump_bytes(in.data, in.len, NULL);
    cr_assert(strstr(want, "\n602:sidste|\xF0\x9F\x98\x80|x|1\n"), "%.100s", want + strlen(want) - 100);
    chunks_give(in.data, in.len, want);
    free(want);
    buf_free(&in);
}

Test(csv_window, crlf_split_by_the_edge_of_a_chunk_counts_one_line)
{
    const char *s = "a;b\r\n1;2\r\n\r\n3;4\r\n";
    for (size_t chunk = 4; chunk <= 8; chunk++) {
        csv_set_sizes((csv_sizes){ .chunk = chunk });
        char *got = dump_temp(s, strlen(s), NULL);
        cr_assert_str_eq(got, "1:a|b\n2:1|2\n4:3|4\n", "chunk %zu", chunk);
        free(got);
    }
}

Test(csv_window, a_large_file_is_read_in_a_window_of_bounded_size)
{
    buf in = { 0 };
    buf_puts(&in, "id,amount,note\n");
    for (int i = 0; i < 200000; i++)
        buf_printf(&in, "%d,%d.50,\"en note om række %d, med komma\"\n", i, i, i);
    char *path = th_temp_file(in.data, in.len);
    char err[512];
    csv_reader *r = csv_open_file(path, NULL, err, sizeof err);
    cr_assert_not_null(r, "%s", err);
    csv_record rec;
    int n = 0;
    size_t most = 0;
    while (csv_next(r, &rec) == 1) {
        n++;
        size_t held = csv_memory_held(r);
        most = held > most ? held : most;
    }
    cr_assert_eq(n, 200001);
    cr_assert_gt(in.len, 10u << 20);
    cr_assert_leq(most, 2u << 20, "held %zu bytes of a file of %zu", most, in.len);
    csv_close(r);
    unlink(path);
    free(path);
    buf_free(&in);
}

Test(csv_window, bytes_left_counts_the_bytes_of_the_file_not_of_the_text)
{
    static const char bytes[] = "kommune;bel\xF8" "b\nT\xE5rnby;12\n";
    char *path = th_temp_file(bytes, sizeof bytes - 1);
    char err[512];
    csv_reader *r = csv_open_file(path, NULL, err, sizeof err);
    cr_assert_eq(csv_bytes_left(r), sizeof bytes - 1);
    csv_record rec;
    cr_assert_eq(csv_next(r, &rec), 1);
    cr_assert_eq(csv_bytes_left(r), strlen("T\xE5rnby;12\n"));
    csv_close(r);
    unlink(path);
    free(path);
}

Test(csv_window, lines_left_counts_down_as_records_are_read)
{
    buf in = sample(1000, false);     /* each record takes two lines */
    char err[512];
    csv_reader *r = open_temp(in.data, in.len, NULL, err, sizeof err);
    csv_record rec;
    cr_assert_eq(csv_lines_left(r), 2002);
    for (int i = 0; i < 401; i++)
        cr_assert_eq(csv_next(r, &rec), 1);
    cr_assert_eq(csv_lines_left(r), 1201);
    while (csv_next(r, &rec) == 1)
        ;
    cr_assert_eq(csv_lines_left(r), 1);
    csv_close(r);
    buf_free(&in);
}

/* The sample, more than a pipe holds, through a pipe in chunks of chunk bytes gives
** the records of the file. */
static void pipe_agrees_with_file(bool utf8, size_t chunk)
{
    buf in = sample(3000, utf8);
    csv_set_sizes((csv_sizes){ .chunk = chunk });
    char *want = dump_temp(in.data, in.len, NULL);
    cr_assert(strstr(want, "\n4:Tårnby 1|Bostedet Æen;"), "%.200s", want);
    char *got = dump_pipe(in.data, in.len, NULL);
    assert_same(got, want, "pipe");
    free(got);
    free(want);
    buf_free(&in);
}

Test(csv_streams, a_pipe_gives_the_records_of_the_file)
{
    pipe_agrees_with_file(true, 7);
}

Test(csv_streams, a_cp1252_pipe_gives_the_records_of_the_file)
{
    pipe_agrees_with_file(false, 5);
}

Test(csv_streams, a_stream_is_utf8_by_its_first_mib_and_a_bad_byte_after_it_is_an_error_of_csv_next)
{
    buf in = { 0 };
    buf_puts(&in, "kommune;antal\n");
    int lines = 1;
    while (in.len < (1 << 20) + 100) {
        buf_puts(&in, "Tårnby;3\n");
        lines++;
    }
    buf_puts(&in, "T\xE5rnby;4\n");
    char *got = dump_pipe(in.data, in.len, NULL);
    char want[512];
    snprintf(want, sizeof want, "\n%d:Tårnby|3\nerror: t.csv:%d: byte 0xE5 is not valid UTF-8; the first MiB of "
             "this input was, so it is read as UTF-8 (a stream is read once: declare its encoding with "
             "format encoding \"windows-1252\" in its dataset, or give it as a file)", lines, lines + 1);
    size_t n = strlen(got), k = strlen(want);
    cr_assert(n > k && strcmp(got + n - k, want) == 0, "...%s", n > 300 ? got + n - 300 : got);
    free(got);
    buf_free(&in);
}

Test(csv_streams, a_bad_byte_cannot_be_skipped)
{
    buf in = { 0 };
    while (in.len < (1 << 20) + 100)
        buf_puts(&in, "a;b\n");
    buf_puts(&in, "\xC3\x28;b\nc;d\n");
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    th_feeder f = { .fd = fd[1], .data = in.data, .n = in.len };
    th_feed_start(&f);
    char err[512];
    csv_reader *r = csv_open_fd("t.csv", fd[0], NULL, err, sizeof err);
    csv_record rec;
    int rc;
    while ((rc = csv_next(r, &rec)) == 1)
        ;
    cr_assert_eq(rc, -1);
    cr_assert_not(csv_skip_record(r));
    cr_assert_eq(csv_next(r, &rec), -1);
    csv_close(r);
    th_feed_join(&f);
    buf_free(&in);
}

/* A reader of s through a pipe named "t.csv", with the feeder that writes it. */
static csv_reader *open_pipe(const char *s, th_feeder *f)
{
    int fd[2];
    cr_assert_eq(pipe(fd), 0);
    *f = (th_feeder){ .fd = fd[1], .data = s, .n = strlen(s) };
    th_feed_start(f);
    char err[512];
    csv_reader *r = csv_open_fd("t.csv", fd[0], NULL, err, sizeof err);
    cr_assert_not_null(r, "%s", err);
    return r;
}

Test(csv_streams, rewinding_a_stream_reads_it_again_from_its_start)
{
    buf in = sample(2000, true);
    csv_set_sizes((csv_sizes){ .chunk = 64 });
    th_feeder f;
    csv_reader *r = open_pipe(in.data, &f);
    csv_record rec;
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(csv_next(r, &rec), 1);
    csv_rewind(r);
    char *got = dump(r);
    char *want = dump_bytes(in.data, in.len, NULL);
    assert_same(got, want, "rewound");
    free(got);
    free(want);
    csv_close(r);
    th_feed_join(&f);
    buf_free(&in);
}

Test(csv_streams, rewinding_a_stream_that_has_dropped_its_start_is_an_error)
{
    buf in = sample(2000, true);
    csv_set_sizes((csv_sizes){ .chunk = 64, .rewind_max = 1024 });
    th_feeder f;
    csv_reader *r = open_pipe(in.data, &f);
    csv_record rec;
    for (int i = 0; i < 100; i++)
        cr_assert_eq(csv_next(r, &rec), 1);
    csv_rewind(r);
    cr_assert_eq(csv_next(r, &rec), -1);
    cr_assert_str_eq(csv_error(r), "t.csv: cannot read this stream from its start again: more than 1 KiB of it "
                                   "has been read (a pipe is read once; give it as a file)");
    csv_close(r);
    th_feed_join(&f);
    buf_free(&in);
}

Test(csv_streams, a_stream_is_not_split_and_its_size_is_not_known)
{
    th_feeder f;
    csv_reader *r = open_pipe("a;b\n1;2\n", &f);
    csv_reader *parts[4];
    cr_assert_eq(csv_split(r, 4, parts), 0);
    cr_assert_eq(csv_bytes_left(r), 0);
    csv_close(r);
    th_feed_join(&f);
}

/* Reads n parts of the file at path one after the other, as threads would side by side. */
static char *dump_parts(const char *path, int n, int *made)
{
    char err[512];
    csv_reader *r = csv_open_file(path, NULL, err, sizeof err);
    cr_assert_not_null(r, "%s", err);
    csv_record rec;
    cr_assert_eq(csv_next(r, &rec), 1);
    csv_reader *parts[8];
    *made = csv_split(r, n, parts);
    buf b = { 0 };
    buf_puts(&b, "1:kommune|tilbud|note|beløb\n");
    for (int i = 0; i < *made; i++) {
        char *s = dump(parts[i]);
        buf_puts(&b, s);
        free(s);
        csv_close(parts[i]);
    }
    csv_close(r);
    return buf_take(&b);
}

/* A file of the sample, read in three parts, gives the records of one go. */
static void parts_agree_with_one_go(bool utf8)
{
    buf in = sample(60000, utf8);
    char *path = th_temp_file(in.data, in.len);
    int made;
    char *got = dump_parts(path, 3, &made);
    cr_assert_eq(made, 3);
    char *want = dump_file(path, NULL);
    assert_same(got, want, "parts");
    free(got);
    free(want);
    unlink(path);
    free(path);
    buf_free(&in);
}

Test(csv_window, a_cp1252_file_read_in_parts_gives_the_records_of_one_go)
{
    parts_agree_with_one_go(false);
}

Test(csv_window, a_utf8_file_read_in_parts_gives_the_records_of_one_go)
{
    parts_agree_with_one_go(true);
}

/* "a;b\n" with line 2 of n x's and then "1;2\n". */
static buf long_line(size_t n)
{
    buf b = { 0 };
    buf_puts(&b, "a;b\n");
    for (size_t i = 0; i < n; i++)
        buf_putc(&b, 'x');
    buf_puts(&b, ";y\n1;2\n");
    return b;
}

Test(csv_limits, a_line_longer_than_the_limit_is_an_error_naming_its_line)
{
    buf in = long_line(5000);
    csv_set_sizes((csv_sizes){ .record_max = 1000, .chunk = 64 });
    const char *want = "1:a|b\nerror: t.csv:2: this line is longer than 1000 bytes, which no row of a table is: "
                       "is this a CSV file with a line break after each row, or does a quote open on this line "
                       "and never close?";
    char *got = dump_temp(in.data, in.len, NULL);
    cr_assert_str_eq(got, want);
    free(got);
    got = dump_bytes(in.data, in.len, NULL);
    cr_assert_str_eq(got, want);
    free(got);
    buf_free(&in);
}

Test(csv_limits, a_record_as_long_as_the_limit_with_its_line_break_is_read)
{
    buf in = long_line(1000 - strlen(";y\n"));
    csv_set_sizes((csv_sizes){ .record_max = 1000, .chunk = 64 });
    char *got = dump_temp(in.data, in.len, NULL);
    cr_assert(strstr(got, "\n3:1|2\n"), "%.100s", got);
    free(got);
    buf_free(&in);
    in = long_line(1001 - strlen(";y\n"));
    got = dump_temp(in.data, in.len, NULL);
    cr_assert(strstr(got, "error: t.csv:2: this line is longer than 1000 bytes"), "%.100s", got);
    free(got);
    buf_free(&in);
}

Test(csv_limits, a_quote_that_never_closes_is_found_at_the_limit)
{
    buf in = { 0 };
    buf_puts(&in, "a;b\n1;\"x\n");
    for (int i = 0; i < 1000; i++)
        buf_puts(&in, "more;text\n");
    csv_set_sizes((csv_sizes){ .record_max = 4096, .chunk = 64 });
    char *got = dump_temp(in.data, in.len, NULL);
    cr_assert_str_eq(got, "1:a|b\nerror: t.csv:2: this line is longer than 4 KiB, which no row of a table is: "
                          "is this a CSV file with a line break after each row, or does a quote open on this "
                          "line and never close?");
    free(got);
    buf_free(&in);
}

Test(csv_limits, a_2_gb_line_through_a_fifo_fails_having_read_the_limit_and_a_window)
{
    char path[64];
    snprintf(path, sizeof path, "%s/t.csv", th_tempdir());
    cr_assert_eq(mkfifo(path, 0600), 0);
    th_feeder f = { .path = path, .data = "a;b\n", .n = 4, .fill = 'x', .nfill = (uint64_t)2 << 30 };
    th_feed_start(&f);
    char err[512];
    csv_reader *r = csv_open_file(path, NULL, err, sizeof err);
    cr_assert_not_null(r, "%s", err);
    csv_record rec;
    cr_assert_eq(csv_next(r, &rec), 1);
    cr_assert_eq(csv_next(r, &rec), -1);
    char want[128];
    snprintf(want, sizeof want, "%s:2: this line is longer than 64 MiB, which no row of a table is", path);
    cr_assert(strstr(csv_error(r), want), "%s", csv_error(r));
    size_t held = csv_memory_held(r);
    csv_close(r);
    th_feed_join(&f);
    cr_assert_eq(f.err, EPIPE, "the writer stopped with %s", strerror(f.err));
    /* The window, the first MiB read ahead, and what the pipe held. */
    cr_assert_leq(f.written, CSV_RECORD_MAX + (8u << 20), "%llu bytes read", (unsigned long long)f.written);
    cr_assert_leq(held, CSV_RECORD_MAX + (4u << 20), "%zu bytes held", held);
    unlink(path);
}

/* Reads every record, skipping the malformed ones: "LINE:f1|f2" for a record, "LINE!
** reason" for one skipped. */
static char *dump_skipping(csv_reader *r)
{
    buf b = { 0 };
    csv_record rec;
    int rc;
    while ((rc = csv_next(r, &rec)) != 0) {
        if (rc < 0) {
            buf_printf(&b, "%lld! %s\n", (long long)csv_error_line(r), csv_error_reason(r));
            cr_assert(csv_skip_record(r), "%s", csv_error(r));
            continue;
        }
        buf_printf(&b, "%lld:", (long long)rec.line);
        for (size_t i = 0; i < rec.nfields; i++)
            buf_printf(&b, "%s%.*s", i ? "|" : "", (int)rec.fields[i].len, rec.fields[i].s);
        buf_putc(&b, '\n');
    }
    return buf_take(&b);
}

/* dump_skipping over s read in memory, and as a file in chunks of 5: they must agree. */
static char *skip_both(const char *s)
{
    char err[512];
    csv_reader *r = csv_open_memory("t.csv", s, strlen(s), NULL, err, sizeof err);
    char *mem = dump_skipping(r);
    csv_close(r);
    csv_set_sizes((csv_sizes){ .record_max = 32, .chunk = 5 });
    r = open_temp(s, strlen(s), NULL, err, sizeof err);
    char *file = dump_skipping(r);
    csv_close(r);
    cr_assert_str_eq(file, mem);
    free(file);
    return mem;
}

Test(csv_skip, a_line_longer_than_the_limit_is_skipped_to_its_end)
{
    csv_set_sizes((csv_sizes){ .record_max = 32 });
    char *got = skip_both("a;b\n1;2\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;y\r\n3;4\n");
    cr_assert_str_eq(got, "1:a|b\n2:1|2\n3! this line is longer than 32 bytes, which no row of a table is: is "
                          "this a CSV file with a line break after each row, or does a quote open on this line "
                          "and never close?\n4:3|4\n");
    free(got);
}

Test(csv_skip, a_long_quoted_record_is_skipped_past_its_line_breaks)
{
    csv_set_sizes((csv_sizes){ .record_max = 32 });
    char *got = skip_both("a;b\n1;\"x\nx\r\nx\"\"\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\";z\n3;4\n");
    cr_assert(strstr(got, "\n2! this line is longer than 32 bytes"), "%s", got);
    cr_assert(strstr(got, "\n6:3|4\n"), "%s", got);
    free(got);
}

Test(csv_skip, text_after_a_closing_quote_is_skipped_to_the_end_of_its_record)
{
    csv_set_sizes((csv_sizes){ .record_max = 32 });
    char *got = skip_both("a;b\n\"x\"y;\"z\nw\"\n3;4\n");
    cr_assert_str_eq(got, "1:a|b\n2! field 1: unexpected \"y\" after the closing quote (a quote inside a quoted "
                          "field is written \"\")\n4:3|4\n");
    free(got);
}

Test(csv_skip, an_unterminated_quote_cannot_be_skipped)
{
    static const char s[] = "a;b\n1;2\n3;\"4\n5;6\n";
    char err[512];
    csv_reader *r = open_temp(s, sizeof s - 1, NULL, err, sizeof err);
    csv_record rec;
    while (csv_next(r, &rec) == 1)
        ;
    cr_assert_str_eq(csv_error(r), "t.csv:3: unterminated quoted field (the quote opens on this line)");
    cr_assert_not(csv_skip_record(r));
    cr_assert_eq(csv_next(r, &rec), -1);
    csv_close(r);
}

Test(csv_skip, a_long_record_whose_quote_never_closes_is_an_unterminated_quote)
{
    /* Skipping the record would take the rest of the data with it. */
    buf in = { 0 };
    buf_puts(&in, "a;b\n1;2\n\"x\ny\";\"z\n");
    for (int i = 0; i < 100; i++)
        buf_puts(&in, "5;6\n");
    for (size_t chunk = 5; chunk <= 1000; chunk *= 10) {
        csv_set_sizes((csv_sizes){ .record_max = 64, .chunk = chunk });
        char err[512];
        csv_reader *r = open_temp(in.data, in.len, NULL, err, sizeof err);
        csv_record rec;
        while (csv_next(r, &rec) == 1)
            ;
        cr_assert(strstr(csv_error(r), "t.csv:3: this line is longer than 64 bytes"), "%s", csv_error(r));
        cr_assert_not(csv_skip_record(r));
        cr_assert_str_eq(csv_error(r), "t.csv:4: unterminated quoted field (the quote opens on this line)");
        csv_close(r);
    }
    buf_free(&in);
}

Test(csv_skip, nothing_is_skipped_without_an_error)
{
    char err[512];
    csv_reader *r = csv_open_memory("t.csv", "a\nb\n", 4, NULL, err, sizeof err);
    cr_assert_not(csv_skip_record(r));
    csv_record rec;
    cr_assert_eq(csv_next(r, &rec), 1);
    cr_assert_eq(rec.line, 1);
    csv_close(r);
}
