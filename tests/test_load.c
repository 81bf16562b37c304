/*
** test_load.c: loading CSV into typed columns: header matching, each kind's reading,
** decimal detection, the exact message for each bad input; and the column and text
** dictionary underneath.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "helpers.h"
#include "load.h"

#define DATA "tests/data/csv/"

/* A schema named "tilbud" with the given columns. */
#define SCHEMA(...)                                                                \
    ((ds_schema){ .name = "tilbud",                                              \
                  .cols = (col_schema[]){ __VA_ARGS__ },                         \
                  .ncols = (int)(sizeof((col_schema[]){ __VA_ARGS__ }) / sizeof(col_schema)) })

/* Loads data as "t.csv" into *ds; the test fails with the message if it does not load. */
static void load_ok(const ds_schema *s, const char *data, dataset *ds)
{
    char *err = NULL;
    memset(ds, 0, sizeof *ds);
    bool ok = load_csv_memory(s, "t.csv", data, strlen(data), 1, ds, &err);
    cr_assert(ok, "%s", err);
}

/* Loads data as "t.csv" and expects exactly the message want. */
static void load_fails(const ds_schema *s, const char *data, const char *want)
{
    dataset ds = { 0 };
    char *err = NULL;
    cr_assert_not(load_csv_memory(s, "t.csv", data, strlen(data), 1, &ds, &err));
    cr_assert_str_eq(err, want);
    free(err);
    ds_free(&ds);
}

static const char *text_at(const dataset *ds, int col, size_t row)
{
    const column *c = &ds->cols[col];
    return c->dict->str[c->code[row]];
}

/* The value of a row as text, the way rat_format writes it with up to 6 decimals. */
static const char *rat_text(const dataset *ds, int col, size_t row)
{
    static char out[64];
    rat_format(col_rat(&ds->cols[col], row), 0, 6, out, sizeof out);
    return out;
}

static int64_t days(int y, int m, int d)
{
    date_days v;
    cr_assert(date_from_ymd(y, m, d, &v));
    return v;
}

/* ---- header ---- */

Test(load_header, matches_without_regard_to_case)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT });
    dataset ds;
    load_ok(&s, "KOMMUNE\nTårnby\n", &ds);
    cr_assert_str_eq(text_at(&ds, 0, 0), "Tårnby");
    ds_free(&ds);
}

Test(load_header, folds_danish_letters)
{
    ds_schema s = SCHEMA({ .name = "beløb_år", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "BELØB ÅR\n7\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 7);
    ds_free(&ds);
}

Test(load_header, space_underscore_and_hyphen_are_equivalent)
{
    ds_schema s = SCHEMA({ .name = "takst_pr_dag", .kind = COL_INT }, { .name = "cpr-nr", .kind = COL_INT }, { .name = "a b", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "Takst pr-dag;cpr_nr;a-b\n1;2;3\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 1);
    cr_assert_eq(ds.cols[1].v[0], 2);
    cr_assert_eq(ds.cols[2].v[0], 3);
    ds_free(&ds);
}

Test(load_header, surrounding_spaces_are_ignored)
{
    ds_schema s = SCHEMA({ .name = "antal", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "x;\"  antal \"\n1;2\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 2);
    ds_free(&ds);
}

Test(load_header, alternative_header_is_found)
{
    const char *alt[] = { "Takst pr. døgn", "døgntakst" };
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY, .headers = alt, .nheaders = 2 });
    dataset ds;
    load_ok(&s, "Kommune;Døgntakst\nTårnby;1.250,00\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 125000);
    ds_free(&ds);
}

Test(load_header, columns_follow_the_schema_order_and_others_are_ignored)
{
    ds_schema s = SCHEMA({ .name = "b", .kind = COL_INT }, { .name = "a", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "a;x;b\n1;ignored;2\n", &ds);
    cr_assert_eq(ds.ncols, 2);
    cr_assert_eq(ds.cols[0].v[0], 2);
    cr_assert_eq(ds.cols[1].v[0], 1);
    ds_free(&ds);
}

Test(load_header, column_twice_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "beløb", .kind = COL_MONEY });
    load_fails(&s, "Beløb;x;BELØB\n1;2;3\n",
               "t.csv:1: column beløb appears twice in the header, as \"Beløb\" (field 1) "
               "and \"BELØB\" (field 3)");
}

Test(load_header, column_under_name_and_alternative_is_an_error)
{
    const char *alt[] = { "pris" };
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY, .headers = alt, .nheaders = 1 });
    load_fails(&s, "takst;pris\n1;2\n",
               "t.csv:1: column takst appears twice in the header, as \"takst\" (field 1) "
               "and \"pris\" (field 2)");
}

Test(load_header, missing_column_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "beløb", .kind = COL_MONEY });
    load_fails(&s, "kommune; takst ;år\nTårnby;1;2021\n",
               "t.csv: column beløb is missing (the header has: kommune, takst, år)");
}

Test(load_header, missing_optional_column_is_all_empty)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "note", .kind = COL_TEXT, .optional = true });
    dataset ds;
    load_ok(&s, "kommune\nTårnby\nAarhus\n", &ds);
    cr_assert_eq(ds.cols[1].n, 2);
    cr_assert(col_is_empty(&ds.cols[1], 0));
    cr_assert(col_is_empty(&ds.cols[1], 1));
    ds_free(&ds);
}

Test(load_header, bom_is_not_part_of_the_first_header)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT });
    dataset ds;
    load_ok(&s, "\xEF\xBB\xBFkommune;x\nTårnby;1\n", &ds);
    cr_assert_str_eq(text_at(&ds, 0, 0), "Tårnby");
    ds_free(&ds);
}

Test(load_header, empty_file_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT });
    load_fails(&s, "", "t.csv: the file is empty; expected a header line");
}

/* ---- kinds ---- */

Test(load_kinds, text_is_kept_as_written)
{
    ds_schema s = SCHEMA({ .name = "navn", .kind = COL_TEXT });
    dataset ds;
    load_ok(&s, "navn\n\"  Bo \"\"Åen\"\" \"\nTårnby\nTårnby\n", &ds);
    cr_assert_str_eq(text_at(&ds, 0, 0), "  Bo \"Åen\" ");
    cr_assert_eq(ds.cols[0].code[1], ds.cols[0].code[2]);
    cr_assert_eq(ds.cols[0].dict->count, 2);
    ds_free(&ds);
}

Test(load_kinds, int_accepts_sign_and_thousands)
{
    ds_schema s = SCHEMA({ .name = "antal", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "antal;x\n1.234.567;a\n-42;b\n+7;c\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 1234567);
    cr_assert_eq(ds.cols[0].v[1], -42);
    cr_assert_eq(ds.cols[0].v[2], 7);
    ds_free(&ds);
}

Test(load_kinds, int_refuses_decimals)
{
    ds_schema s = SCHEMA({ .name = "antal", .kind = COL_INT });
    load_fails(&s, "antal;x\n12,0;a\n", "t.csv:2: column antal: cannot read \"12,0\" as int");
}

Test(load_kinds, int_refuses_text)
{
    ds_schema s = SCHEMA({ .name = "antal", .kind = COL_INT });
    load_fails(&s, "antal\n12 stk\n", "t.csv:2: column antal: cannot read \"12 stk\" as int");
}

Test(load_kinds, number_is_exact_at_the_largest_scale)
{
    ds_schema s = SCHEMA({ .name = "faktor", .kind = COL_NUMBER });
    dataset ds;
    load_ok(&s, "faktor;x\n1,5;a\n2,25;b\n3;c\n", &ds);
    cr_assert_eq(ds.cols[0].scale, 2);
    cr_assert_eq(ds.cols[0].v[0], 150);
    cr_assert_eq(ds.cols[0].v[1], 225);
    cr_assert_eq(ds.cols[0].v[2], 300);
    ds_free(&ds);
}

Test(load_kinds, number_refuses_text)
{
    ds_schema s = SCHEMA({ .name = "faktor", .kind = COL_NUMBER });
    load_fails(&s, "faktor;x\n1,5;a\n1,5e3;b\n",
               "t.csv:3: column faktor: cannot read \"1,5e3\" as number");
}

Test(load_kinds, number_with_more_than_18_decimals_is_out_of_range)
{
    ds_schema s = SCHEMA({ .name = "faktor", .kind = COL_NUMBER });
    load_fails(&s, "faktor;x\n0,1234567890123456789;a\n",
               "t.csv:2: column faktor: cannot read \"0,1234567890123456789\" as number "
               "(out of range)");
}

Test(load_kinds, percent_accepts_percent_sign)
{
    ds_schema s = SCHEMA({ .name = "sats", .kind = COL_PERCENT });
    dataset ds;
    load_ok(&s, "sats;x\n6,5 %;a\n12%;b\n0,25;c\n", &ds);
    cr_assert_str_eq(rat_text(&ds, 0, 0), "0.065");
    cr_assert_str_eq(rat_text(&ds, 0, 1), "0.12");
    cr_assert_str_eq(rat_text(&ds, 0, 2), "0.0025");
    ds_free(&ds);
}

Test(load_kinds, percent_refuses_text)
{
    ds_schema s = SCHEMA({ .name = "sats", .kind = COL_PERCENT });
    load_fails(&s, "sats;x\nseks %;a\n", "t.csv:2: column sats: cannot read \"seks %\" as percent");
}

Test(load_kinds, money_is_stored_as_oere)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    dataset ds;
    load_ok(&s, "takst;x\n1.234,56;a\n12,5;b\n-3;c\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 123456);
    cr_assert_eq(ds.cols[0].v[1], 1250);
    cr_assert_eq(ds.cols[0].v[2], -300);
    cr_assert_str_eq(rat_text(&ds, 0, 0), "1234.56");
    ds_free(&ds);
}

Test(load_kinds, money_accepts_currency_words)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    dataset ds;
    load_ok(&s, "takst;x\nkr 12,50;a\n12,50 kr.;b\nDKK 1.000;c\n7 dkk;d\nKr.3;e\n4kr;f\n", &ds);
    static const int64_t want[] = { 1250, 1250, 100000, 700, 300, 400 };
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(ds.cols[0].v[i], want[i], "row %zu", i);
    ds_free(&ds);
}

Test(load_kinds, money_accepts_trailing_zero_decimals)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    dataset ds;
    load_ok(&s, "takst;x\n12,500;a\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 1250);
    ds_free(&ds);
}

Test(load_kinds, money_with_three_decimals_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    load_fails(&s, "takst,x\n12.345,a\n",
               "t.csv:2: column takst: cannot read \"12.345\" as money (at most two decimals, øre)");
}

Test(load_kinds, money_refuses_other_currencies)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    load_fails(&s, "takst;x\n12 EUR;a\n", "t.csv:2: column takst: cannot read \"12 EUR\" as money");
}

Test(load_kinds, date_iso)
{
    ds_schema s = SCHEMA({ .name = "fra", .kind = COL_DATE });
    dataset ds;
    load_ok(&s, "fra\n2021-03-01\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], days(2021, 3, 1));
    ds_free(&ds);
}

Test(load_kinds, date_day_first_with_dash_dot_or_slash)
{
    ds_schema s = SCHEMA({ .name = "fra", .kind = COL_DATE });
    dataset ds;
    load_ok(&s, "fra\n01-03-2021\n1.3.2021\n01/3/2021\n", &ds);
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(ds.cols[0].v[i], days(2021, 3, 1), "row %zu", i);
    ds_free(&ds);
}

Test(load_kinds, date_never_month_first)
{
    ds_schema s = SCHEMA({ .name = "fra", .kind = COL_DATE });
    load_fails(&s, "fra\n12/31/2021\n", "t.csv:2: column fra: cannot read \"12/31/2021\" as date");
}

Test(load_kinds, date_that_does_not_exist_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "fra", .kind = COL_DATE });
    load_fails(&s, "fra\n2021-02-28\n2021-02-30\n",
               "t.csv:3: column fra: cannot read \"2021-02-30\" as date");
}

Test(load_kinds, date_with_mixed_separators_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "fra", .kind = COL_DATE });
    load_fails(&s, "fra\n01-03.2021\n", "t.csv:2: column fra: cannot read \"01-03.2021\" as date");
}

Test(load_kinds, year)
{
    ds_schema s = SCHEMA({ .name = "år", .kind = COL_YEAR });
    dataset ds;
    load_ok(&s, "år\n2021\n9999\n1\n", &ds);
    cr_assert_eq(ds.cols[0].v[0], 2021);
    cr_assert_eq(ds.cols[0].v[1], 9999);
    cr_assert_eq(ds.cols[0].v[2], 1);
    ds_free(&ds);
}

Test(load_kinds, year_refuses_text)
{
    ds_schema s = SCHEMA({ .name = "år", .kind = COL_YEAR });
    load_fails(&s, "år\n2021\n12x4.5\n", "t.csv:3: column år: cannot read \"12x4.5\" as year");
}

Test(load_kinds, year_zero_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "år", .kind = COL_YEAR });
    load_fails(&s, "år\n0\n", "t.csv:2: column år: cannot read \"0\" as year");
}

Test(load_kinds, bool_words)
{
    ds_schema s = SCHEMA({ .name = "aktiv", .kind = COL_BOOL });
    dataset ds;
    load_ok(&s, "aktiv\ntrue\nFALSE\nyes\nNo\nJa\nnej\nSAND\nfalsk\n1\n0\n", &ds);
    for (size_t i = 0; i < 10; i++)
        cr_assert_eq(ds.cols[0].v[i], i % 2 == 0, "row %zu", i);
    ds_free(&ds);
}

Test(load_kinds, bool_refuses_other_words)
{
    ds_schema s = SCHEMA({ .name = "aktiv", .kind = COL_BOOL });
    load_fails(&s, "aktiv\nmåske\n", "t.csv:2: column aktiv: cannot read \"måske\" as bool");
}

/* ---- empty values ---- */

Test(load_empty, empty_required_value_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "antal", .kind = COL_INT });
    load_fails(&s, "kommune;antal\nTårnby;1\nAarhus;  \n",
               "t.csv:3: column antal: empty value; the column is not declared optional");
}

Test(load_empty, empty_quoted_text_is_empty)
{
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "antal", .kind = COL_INT });
    load_fails(&s, "kommune;antal\n\"\";1\n",
               "t.csv:2: column kommune: empty value; the column is not declared optional");
}

Test(load_empty, empty_optional_value_is_empty)
{
    ds_schema s = SCHEMA({ .name = "antal", .kind = COL_INT, .optional = true }, { .name = "x", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "antal;x\n5;1\n;2\n", &ds);
    cr_assert_not(col_is_empty(&ds.cols[0], 0));
    cr_assert(col_is_empty(&ds.cols[0], 1));
    cr_assert_eq(ds.cols[0].v[0], 5);
    ds_free(&ds);
}

/* ---- records ---- */

Test(load_records, ragged_row_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "a", .kind = COL_INT });
    load_fails(&s, "a;b;c\n1;2;3\n4;5\n", "t.csv:3: expected 3 fields as in the header, found 2");
}

Test(load_records, csv_error_is_passed_on)
{
    ds_schema s = SCHEMA({ .name = "a", .kind = COL_TEXT });
    load_fails(&s, "a;b\n\"x;2\n",
               "t.csv:2: unterminated quoted field (the quote opens on this line)");
}

Test(load_records, lines_and_counts)
{
    ds_schema s = SCHEMA({ .name = "a", .kind = COL_TEXT }, { .name = "b", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "a;b\n\n\"x\ny\";1\n\nz;2\n", &ds);
    cr_assert_eq(ds.nrows, 2);
    cr_assert_eq(ds.rows_read, 2);
    cr_assert_eq(ds_line(&ds, 0), 3);
    cr_assert_eq(ds_line(&ds, 1), 6);
    ds_free(&ds);
}

Test(load_records, dataset_names_its_schema_and_file)
{
    ds_schema s = SCHEMA({ .name = "a", .kind = COL_INT });
    dataset ds;
    load_ok(&s, "a\n1\n", &ds);
    cr_assert_str_eq(ds.name, "tilbud");
    cr_assert_str_eq(ds.path, "t.csv");
    cr_assert_eq(ds.schema, &s);
    ds_free(&ds);
}

Test(load_records, long_bad_value_is_shortened)
{
    ds_schema s = SCHEMA({ .name = "år", .kind = COL_YEAR });
    char data[200];
    snprintf(data, sizeof data, "år\n%s\n",
             "Dette felt er alt for langt til at stå i en fejlmeddelelse og derfor forkortes det");
    load_fails(&s, data,
               "t.csv:2: column år: cannot read \"Dette felt er alt for langt til at stå i en "
               "fejlmeddelel...\" as year");
}

/* ---- decimal separator ---- */

static csv_dialect dialect_of_load(const ds_schema *s, const char *data, int64_t *first)
{
    dataset ds;
    load_ok(s, data, &ds);
    csv_dialect d = ds.dialect;
    *first = ds.cols[0].v[0];
    ds_free(&ds);
    return d;
}

Test(load_decimal, comma_in_semicolon_file)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst;x\n1.000;a\n12,5;b\n", &v);
    cr_assert_eq(d.decimal, ',');
    cr_assert_eq(d.thousands, '.');
    cr_assert_eq(v, 100000);
}

Test(load_decimal, point_in_semicolon_file)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst;x\n1,000;a\n12.5;b\n", &v);
    cr_assert_eq(d.decimal, '.');
    cr_assert_eq(d.thousands, ',');
    cr_assert_eq(v, 100000);
}

Test(load_decimal, undecided_semicolon_file_takes_comma)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst;x\n1.234;a\n", &v);
    cr_assert_eq(d.decimal, ',');
    cr_assert_eq(v, 123400);
}

Test(load_decimal, undecided_tab_file_takes_point)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst\tx\n1,234\ta\n", &v);
    cr_assert_eq(d.decimal, '.');
    cr_assert_eq(v, 123400);
}

Test(load_decimal, comma_file_takes_point)
{
    ds_schema s = SCHEMA({ .name = "faktor", .kind = COL_NUMBER });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "faktor,x\n2,a\n1.5,b\n", &v);
    cr_assert_eq(d.decimal, '.');
    cr_assert_eq(v, 20);
}

Test(load_decimal, quoted_decimal_comma_in_comma_file)
{
    ds_schema s = SCHEMA({ .name = "faktor", .kind = COL_NUMBER });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "faktor,x\n\"1,5\",a\n", &v);
    cr_assert_eq(d.decimal, ',');
    cr_assert_eq(v, 15);
}

Test(load_decimal, both_separators_the_last_is_the_decimal)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst\tx\n1.234,50\ta\n", &v);
    cr_assert_eq(d.decimal, ',');
    cr_assert_eq(v, 123450);
}

Test(load_decimal, repeated_separator_groups_thousands)
{
    ds_schema s = SCHEMA({ .name = "beløb", .kind = COL_NUMBER });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "beløb|x\n1,234,567|a\n", &v);
    cr_assert_eq(d.decimal, '.');
    cr_assert_eq(v, 1234567);
}

Test(load_decimal, currency_word_does_not_count_as_a_point)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst\tx\nkr. 12,50\ta\n", &v);
    cr_assert_eq(d.decimal, ',');
    cr_assert_eq(v, 1250);
}

Test(load_decimal, declared_decimal_is_used)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    s.dialect.decimal = '.';
    int64_t v;
    csv_dialect d = dialect_of_load(&s, "takst;x\n1,234;a\n", &v);
    cr_assert_eq(d.decimal, '.');
    cr_assert_eq(v, 123400);
}

Test(load_decimal, thousands_only_in_groups_of_three)
{
    ds_schema s = SCHEMA({ .name = "takst", .kind = COL_MONEY });
    load_fails(&s, "takst;x\n12,5;a\n1.23,5;b\n",
               "t.csv:3: column takst: cannot read \"1.23,5\" as money");
}

/* ---- files ---- */


Test(load_files, cp1252_file_loads_as_utf8)
{
    static const char bytes[] = "Kommune;Bel\xF8" "b\r\nT\xE5rnby;1.250,00\r\n\xC6r\xF8;99,5\r\n";
    char *path = th_temp_file(bytes, sizeof bytes - 1);
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "beløb", .kind = COL_MONEY });
    dataset ds = { 0 };
    char *err = NULL;
    bool ok = load_csv_file(&s, path, 1, &ds, &err);
    unlink(path);
    free(path);
    cr_assert(ok, "%s", err);
    cr_assert_str_eq(text_at(&ds, 0, 0), "Tårnby");
    cr_assert_str_eq(text_at(&ds, 0, 1), "Ærø");
    cr_assert_eq(ds.cols[1].v[1], 9950);
    cr_assert_eq(ds.dialect.encoding, CSV_ENC_CP1252);
    ds_free(&ds);
}

Test(load_files, semicolon_fixture_loads)
{
    const char *alt[] = { "Takst pr. døgn" };
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "takst", .kind = COL_MONEY, .headers = alt, .nheaders = 1 },
                         { .name = "gyldig_fra", .kind = COL_DATE });
    dataset ds = { 0 };
    char *err = NULL;
    cr_assert(load_csv_file(&s, DATA "tilbud_semikolon.csv", 1, &ds, &err), "%s", err);
    cr_assert_eq(ds.nrows, 3);
    cr_assert_eq(ds.cols[1].v[0], 234550);
    cr_assert_eq(ds.cols[1].v[1], 199900);
    cr_assert_eq(ds.cols[2].v[1], days(2021, 3, 15));
    cr_assert_eq(ds_line(&ds, 2), 5);
    cr_assert_eq(ds.dialect.separator, ';');
    ds_free(&ds);
}

Test(load_files, tab_fixture_loads)
{
    ds_schema s = SCHEMA({ .name = "døgn", .kind = COL_INT }, { .name = "takst", .kind = COL_MONEY });
    dataset ds = { 0 };
    char *err = NULL;
    cr_assert(load_csv_file(&s, DATA "placeringer_tab.tsv", 1, &ds, &err), "%s", err);
    cr_assert_eq(ds.cols[0].v[1], 28);
    cr_assert_eq(ds.cols[1].v[1], 98050);
    cr_assert_eq(ds.dialect.decimal, '.');
    ds_free(&ds);
}

Test(load_files, missing_file_is_an_error)
{
    ds_schema s = SCHEMA({ .name = "a", .kind = COL_INT });
    dataset ds = { 0 };
    char *err = NULL;
    cr_assert_not(load_csv_file(&s, "/nonexistent/x.csv", 1, &ds, &err));
    cr_assert_str_eq(err, "cannot open /nonexistent/x.csv: No such file or directory");
    free(err);
    ds_free(&ds);
}

Test(load_files, million_rows_load_with_exact_sums)
{
    enum { N = 1000000 };
    date_days d0 = (date_days)days(2021, 1, 1);
    buf b = { 0 };
    int64_t oere = 0, count = 0, hundredths = 0, daysum = 0;
    buf_puts(&b, "kommune;beløb;antal;sats;dato\n");
    for (int64_t i = 0; i < N; i++) {
        int64_t o = (i * 7919) % 10000000, a = i % 1000, r = i % 100;
        char date[11];
        date_format_iso(d0 + (date_days)(i % 365), date);
        static const char *const frac[] = { "", ",5", ",25" };
        buf_printf(&b, "K%lld;%lld,%02lld;%lld;%lld%s;%s\n", (long long)(i % 98),
                   (long long)(o / 100), (long long)(o % 100), (long long)a, (long long)r,
                   frac[i % 3], date);
        oere += o;
        count += a;
        hundredths += r * 100 + (i % 3 == 1 ? 50 : i % 3 == 2 ? 25 : 0);
        daysum += d0 + i % 365;
    }
    ds_schema s = SCHEMA({ .name = "kommune", .kind = COL_TEXT }, { .name = "beløb", .kind = COL_MONEY }, { .name = "antal", .kind = COL_INT },
                         { .name = "sats", .kind = COL_NUMBER }, { .name = "dato", .kind = COL_DATE });
    dataset ds = { 0 };
    char *err = NULL;
    bool ok = load_csv_memory(&s, "stor.csv", b.data, b.len, 1, &ds, &err);
    buf_free(&b);
    cr_assert(ok, "%s", err);
    cr_assert_eq(ds.nrows, N);
    cr_assert_eq(ds_line(&ds, N - 1), N + 1);
    cr_assert_eq(ds.cols[0].dict->count, 98);
    cr_assert_eq(ds.cols[3].scale, 2);
    int64_t sums[5] = { 0 };
    for (size_t i = 0; i < N; i++)
        for (int c = 1; c < 5; c++)
            sums[c] += ds.cols[c].v[i];
    cr_assert_eq(sums[1], oere);
    cr_assert_eq(sums[2], count);
    cr_assert_eq(sums[3], hundredths);
    cr_assert_eq(sums[4], daysum);
    ds_free(&ds);
}

/* ---- column ---- */

Test(column, more_decimals_rescale_earlier_rows)
{
    column c;
    col_init(&c, COL_NUMBER);
    cr_assert(col_push_scaled(&c, 15, 1));
    cr_assert(col_push_scaled(&c, 225, 2));
    cr_assert_eq(c.scale, 2);
    cr_assert_eq(c.v[0], 150);
    cr_assert_eq(c.v[1], 225);
    col_free(&c);
}

Test(column, fewer_decimals_are_scaled_up)
{
    column c;
    col_init(&c, COL_NUMBER);
    cr_assert(col_push_scaled(&c, 225, 2));
    cr_assert(col_push_scaled(&c, 3, 0));
    cr_assert_eq(c.v[1], 300);
    col_free(&c);
}

Test(column, trailing_zeros_do_not_raise_the_scale)
{
    column c;
    col_init(&c, COL_NUMBER);
    cr_assert(col_push_scaled(&c, 15, 1));
    cr_assert(col_push_scaled(&c, 2500, 3));
    cr_assert_eq(c.scale, 1);
    cr_assert_eq(c.v[1], 25);
    col_free(&c);
}

Test(column, rescale_overflow_appends_nothing)
{
    column c;
    col_init(&c, COL_NUMBER);
    cr_assert(col_push_scaled(&c, INT64_MAX / 10 + 1, 0));
    cr_assert_not(col_push_scaled(&c, 1, 1));
    cr_assert_eq(c.n, 1);
    cr_assert_eq(c.scale, 0);
    cr_assert_eq(c.v[0], INT64_MAX / 10 + 1);
    col_free(&c);
}

Test(column, scale_above_18_is_refused)
{
    column c;
    col_init(&c, COL_NUMBER);
    cr_assert(col_push_scaled(&c, 1, 18));
    cr_assert_not(col_push_scaled(&c, 1, 19));
    cr_assert_eq(c.n, 1);
    col_free(&c);
}

Test(column, empty_rows_are_marked_after_growth)
{
    column c;
    col_init(&c, COL_INT);
    for (int i = 0; i < 1000; i++) {
        if (i % 3 == 0)
            col_push_empty(&c);
        else
            col_push_int(&c, i);
    }
    for (size_t i = 0; i < 1000; i++)
        cr_assert_eq(col_is_empty(&c, i), i % 3 == 0, "row %zu", i);
    col_free(&c);
}

Test(column, rat_of_percent_is_a_fraction)
{
    column c;
    col_init(&c, COL_PERCENT);
    cr_assert(col_push_scaled(&c, 65, 1));
    rat want;
    rat_make(13, 200, &want);
    cr_assert(rat_eq(col_rat(&c, 0), want));
    col_free(&c);
}

Test(column, rat_of_money_is_in_kroner)
{
    column c;
    col_init(&c, COL_MONEY);
    col_push_int(&c, 1250);
    rat want;
    rat_make(25, 2, &want);
    cr_assert(rat_eq(col_rat(&c, 0), want));
    col_free(&c);
}

Test(column, kind_names)
{
    cr_assert_str_eq(col_kind_name(COL_TEXT), "text");
    cr_assert_str_eq(col_kind_name(COL_INT), "int");
    cr_assert_str_eq(col_kind_name(COL_NUMBER), "number");
    cr_assert_str_eq(col_kind_name(COL_PERCENT), "percent");
    cr_assert_str_eq(col_kind_name(COL_MONEY), "money");
    cr_assert_str_eq(col_kind_name(COL_DATE), "date");
    cr_assert_str_eq(col_kind_name(COL_YEAR), "year");
    cr_assert_str_eq(col_kind_name(COL_BOOL), "bool");
}

/* ---- text dictionary ---- */

Test(textdict, equal_strings_get_equal_codes)
{
    textdict d = { 0 };
    uint32_t a = textdict_intern(&d, "Tårnby", strlen("Tårnby"));
    uint32_t b = textdict_intern(&d, "Aarhus", 6);
    cr_assert_neq(a, b);
    cr_assert_eq(textdict_intern(&d, "Tårnby!", strlen("Tårnby")), a);
    cr_assert_eq(d.count, 2);
    cr_assert_str_eq(d.str[b], "Aarhus");
    textdict_free(&d);
}

Test(textdict, find_does_not_add)
{
    textdict d = { 0 };
    uint32_t code = 99;
    cr_assert_eq(textdict_find(&d, "x", 1, &code), 0);
    textdict_intern(&d, "x", 1);
    cr_assert_eq(textdict_find(&d, "y", 1, &code), 0);
    cr_assert_eq(textdict_find(&d, "x", 1, &code), 1);
    cr_assert_eq(code, 0);
    cr_assert_eq(d.count, 1);
    textdict_free(&d);
}

Test(textdict, many_strings_survive_growth)
{
    textdict d = { 0 };
    char s[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(s, sizeof s, "tilbud-%d", i);
        cr_assert_eq(textdict_intern(&d, s, (size_t)n), (uint32_t)i);
    }
    for (int i = 0; i < 100000; i += 997) {
        int n = snprintf(s, sizeof s, "tilbud-%d", i);
        uint32_t code;
        cr_assert(textdict_find(&d, s, (size_t)n, &code));
        cr_assert_eq(code, (uint32_t)i);
    }
    textdict_free(&d);
}

/* ---- columns no rule reads ---- */

static const ds_schema skip_schema =
    SCHEMA({ .name = "id", .kind = COL_TEXT }, { .name = "note", .kind = COL_TEXT, .skip = true },
           { .name = "amount", .kind = COL_MONEY, .skip = true },
           { .name = "share", .kind = COL_NUMBER, .optional = true, .skip = true });

Test(load_skip, unread_columns_are_checked_but_not_kept)
{
    dataset ds;
    load_ok(&skip_schema, "id,note,amount,share\nA,x,10.50,0.5\nB,y,3,\n", &ds);
    cr_assert_eq(ds.nrows, 2);
    cr_assert_str_eq(text_at(&ds, 0, 1), "B");
    for (int c = 1; c < 4; c++) {
        cr_assert_null(ds.cols[c].v, "column %d", c);
        cr_assert_null(ds.cols[c].code, "column %d", c);
        cr_assert_null(ds.cols[c].empty, "column %d", c);
    }
    ds_free(&ds);
}

Test(load_skip, bad_value_in_an_unread_column_is_still_an_error)
{
    load_fails(&skip_schema, "id,note,amount,share\nA,x,10.50,0.5\nB,y,12 kr x,\n",
               "t.csv:3: column amount: cannot read \"12 kr x\" as money");
    load_fails(&skip_schema, "id,note,amount,share\nA,x,10.505,0.5\n",
               "t.csv:2: column amount: cannot read \"10.505\" as money (at most two decimals, øre)");
}

Test(load_skip, empty_required_unread_column_is_still_an_error)
{
    load_fails(&skip_schema, "id,note,amount,share\nA,x,,0.5\n",
               "t.csv:2: column amount: empty value; the column is not declared optional");
}

Test(load_skip, mostly_distinct_texts_keep_one_code_each_in_order_of_appearance)
{
    enum { N = 200000 };
    buf b = { 0 };
    buf_puts(&b, "id,note,amount,share\n");
    /* Distinct ids, but every tenth repeats the id three rows back. */
    for (int i = 0; i < N; i++) buf_printf(&b, "P%d,x,1,\n", i % 10 == 9 ? i - 3 : i);
    dataset ds;
    load_ok(&skip_schema, b.data, &ds);
    buf_free(&b);
    const column *c = &ds.cols[0];
    cr_assert_eq(c->dict->count, N - N / 10, "%u distinct", c->dict->count);
    uint32_t next = 0;
    for (int i = 0; i < N; i++) {
        char want[16];
        snprintf(want, sizeof want, "P%d", i % 10 == 9 ? i - 3 : i);
        cr_assert_str_eq(text_at(&ds, 0, (size_t)i), want);
        if (i % 10 != 9) cr_assert_eq(c->code[i], next++, "row %d", i);
        else cr_assert_eq(c->code[i], c->code[i - 3], "row %d", i);
        uint32_t found;
        cr_assert(textdict_find(c->dict, want, strlen(want), &found));
        cr_assert_eq(found, c->code[i]);
    }
    ds_free(&ds);
}

/* ---- reading in parts ---- */

static const ds_schema parts_schema =
    SCHEMA({ .name = "id", .kind = COL_TEXT }, { .name = "note", .kind = COL_TEXT, .optional = true },
           { .name = "amount", .kind = COL_NUMBER, .optional = true }, { .name = "day", .kind = COL_DATE });

/* Some megabytes of CSV with quoted line breaks, empty cells, and more decimals near
** the end (so the parts read with different scales). bad_row > 0 spoils that row. */
static char *many_rows(int rows, int bad_row)
{
    buf b = { 0 };
    buf_puts(&b, "id,note,amount,day\n");
    for (int i = 1; i <= rows; i++) {
        if (i == bad_row) {
            buf_printf(&b, "X%d,,1x2,2021-01-01\n", i);
            continue;
        }
        const char *note = i % 7 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : i % 5 == 0 ? "" : i % 3 ? "plain" : "æøå";
        if (i > rows - 10) buf_printf(&b, "T%d,%s,%d.%06d,2021-02-%02d\n", i % 997, note, i, i % 1000000, 1 + i % 28);
        else if (i % 11 == 0) buf_printf(&b, "T%d,%s,,2021-03-%02d\n", i % 997, note, 1 + i % 28);
        else buf_printf(&b, "T%d,%s,%d.%d,2021-01-%02d\n", i % 997, note, i, i % 10, 1 + i % 28);
    }
    return buf_take(&b);
}

Test(load, reading_in_parts_gives_the_same_dataset_as_one_go)
{
    char *data = many_rows(200000, 0);
    dataset one = { 0 }, parts = { 0 };
    char *err = NULL;
    cr_assert(load_csv_memory(&parts_schema, "t.csv", data, strlen(data), 1, &one, &err), "%s", err);
    cr_assert(load_csv_memory(&parts_schema, "t.csv", data, strlen(data), 4, &parts, &err), "%s", err);
    cr_assert_eq(one.nrows, parts.nrows);
    cr_assert_eq(one.rows_read, parts.rows_read);
    cr_assert_eq(one.cols[2].scale, parts.cols[2].scale);
    for (size_t r = 0; r < one.nrows; r++) {
        cr_assert_eq(ds_line(&one, r), ds_line(&parts, r), "row %zu", r);
        cr_assert_str_eq(text_at(&one, 0, r), text_at(&parts, 0, r));
        cr_assert_str_eq(text_at(&one, 1, r), text_at(&parts, 1, r));
        cr_assert_eq(col_is_empty(&one.cols[1], r), col_is_empty(&parts.cols[1], r), "row %zu", r);
        cr_assert_eq(one.cols[0].code[r], parts.cols[0].code[r], "codes in order of first appearance");
        cr_assert_eq(col_is_empty(&one.cols[2], r), col_is_empty(&parts.cols[2], r), "row %zu", r);
        cr_assert_eq(one.cols[2].v[r], parts.cols[2].v[r], "row %zu", r);
        cr_assert_eq(one.cols[3].v[r], parts.cols[3].v[r], "row %zu", r);
    }
    ds_free(&one);
    ds_free(&parts);
    free(data);
}

/* A file of plain one-line records, with a quoted line break in row `broken` (0: none). */
static char *plain_rows(int rows, int broken)
{
    buf b = { 0 };
    buf_puts(&b, "id,note,amount,day\n");
    for (int i = 1; i <= rows; i++)
        buf_printf(&b, "T%d,%s,%d,2021-01-01\n", i, i == broken ? "\"two\nlines\"" : "x", i);
    return buf_take(&b);
}

Test(load, plain_records_keep_no_line_array_and_give_each_rows_line)
{
    char *data = plain_rows(200000, 0);
    for (int jobs = 1; jobs <= 4; jobs += 3) {
        dataset ds = { 0 };
        char *err = NULL;
        cr_assert(load_csv_memory(&parts_schema, "t.csv", data, strlen(data), jobs, &ds, &err), "%s", err);
        cr_assert_null(ds.line, "%d jobs", jobs);
        for (size_t r = 0; r < ds.nrows; r += 997) cr_assert_eq(ds_line(&ds, r), (int64_t)r + 2);
        cr_assert_eq(ds_line(&ds, ds.nrows - 1), 200001);
        ds_free(&ds);
    }
    free(data);
}

Test(load, line_break_in_a_late_part_shifts_only_the_lines_after_it)
{
    char *data = plain_rows(200000, 150000);
    for (int jobs = 1; jobs <= 4; jobs += 3) {
        dataset ds = { 0 };
        char *err = NULL;
        cr_assert(load_csv_memory(&parts_schema, "t.csv", data, strlen(data), jobs, &ds, &err), "%s", err);
        cr_assert_eq(ds_line(&ds, 0), 2);
        cr_assert_eq(ds_line(&ds, 149999), 150001, "%d jobs", jobs);
        cr_assert_eq(ds_line(&ds, 150000), 150003, "%d jobs", jobs);
        cr_assert_eq(ds_line(&ds, ds.nrows - 1), 200002, "%d jobs", jobs);
        ds_free(&ds);
    }
    free(data);
}

Test(load, an_error_in_a_later_part_is_reported_as_in_one_go)
{
    char *data = many_rows(200000, 180000);
    dataset one = { 0 }, parts = { 0 };
    char *err1 = NULL, *err4 = NULL;
    cr_assert_not(load_csv_memory(&parts_schema, "t.csv", data, strlen(data), 1, &one, &err1));
    cr_assert_not(load_csv_memory(&parts_schema, "t.csv", data, strlen(data), 4, &parts, &err4));
    cr_assert_str_eq(err1, err4);
    cr_assert(strstr(err1, "cannot read \"1x2\" as number"), "%s", err1);
    free(err1);
    free(err4);
    ds_free(&one);
    ds_free(&parts);
    free(data);
}
