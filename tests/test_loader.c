/* Unit tests of the reading layers: field parsers (parse.c), the streaming CSV
 * reader and whole-file tables (csvread.c), the dataset loader and the yearly
 * series with its conflict resolution (dataset.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "dataset.h"
#include "helpers.h"
#include "parse.h"

#define FIXTURE XD_SOURCE_DIR "/tests/fixtures/tiny"

/* ------------------------------------------------------------ helpers */

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

static char *path_in(const char *dir, const char *file)
{
    size_t n = strlen(dir) + strlen(file) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, file);
    return p;
}

static void put(const char *dir, const char *file, const char *text)
{
    char *p = path_in(dir, file);
    write_bytes(p, text, strlen(text));
    free(p);
}

static const char tiny_sources[] = "id,name,url\ns1,Source one,https://example.org/1\n"
                                   "s2,Source two,https://example.org/2\n";

/* A fresh dataset folder with sources.csv and the given annual.csv. */
static char *make_dataset(const char *annual)
{
    char *dir = xd_tempdir();
    cr_assert(dir);
    put(dir, "sources.csv", tiny_sources);
    if (annual)
        put(dir, "annual.csv", annual);
    return dir;
}

/* Does any recorded diagnostic contain `frag`? */
static int diags_have(const xd_diags *d, const char *frag)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].text && strstr(d->items[i].text, frag))
            return 1;
    return 0;
}

static void dump_diags(const xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        cr_log_info("diag %zu: %s", i, d->items[i].text);
}

#define EXPECT_DIAG(d, frag)                                                                                   \
    do {                                                                                                       \
        if (!diags_have((d), (frag)))                                                                          \
            dump_diags(d);                                                                                     \
        cr_expect(diags_have((d), (frag)), "expected a diagnostic containing \"%s\"", (frag));                 \
    } while (0)

/* Rows collected by xd_csv_stream for inspection. */
typedef struct collected {
    size_t n;
    size_t nfields[64];
    long line[64];
    long lines[64][8];
    char *fields[64][8];
    int stop_at;     /* return XD_EDATA from the callback for this row index (0 = never) */
} collected;

static int collect_row(void *ctx, const xd_csv_row *row, xd_diags *d)
{
    collected *c = ctx;
    cr_assert_eq(row->index, c->n, "rows arrive in order");
    if (c->n < 64) {
        c->nfields[c->n] = row->nfields;
        c->line[c->n] = row->line;
        for (size_t i = 0; i < row->nfields && i < 8; i++) {
            c->lines[c->n][i] = row->lines[i];
            c->fields[c->n][i] = strdup(row->fields[i]);
            cr_assert_eq(strlen(row->fields[i]), row->lens[i]);
        }
    }
    c->n++;
    if (c->stop_at && (size_t)c->stop_at == row->index)
        return xd_error(d, XD_EDATA, "stopped by the callback at row %zu", row->index);
    return XD_OK;
}

static void collected_free(collected *c)
{
    for (size_t r = 0; r < 64; r++)
        for (size_t i = 0; i < 8; i++)
            free(c->fields[r][i]);
}

/* Streams `len` bytes of `data` through xd_csv_stream. */
static int stream_bytes(const char *data, size_t len, collected *c, xd_diags *d)
{
    /* fmemopen of an empty buffer is not portable: use a temporary file */
    FILE *f = tmpfile();
    cr_assert(f);
    if (len)
        cr_assert_eq(fwrite(data, 1, len, f), len);
    rewind(f);
    int rc = xd_csv_stream(f, "mem.csv", collect_row, c, d);
    fclose(f);
    return rc;
}

static int stream_text(const char *text, collected *c, xd_diags *d) { return stream_bytes(text, strlen(text), c, d); }

/* ------------------------------------------------------------ parse.c */

Test(parse, count_accepts_plain_ascii_whole_numbers)
{
    static const struct {
        const char *s;
        long v;
    } ok[] = {{"0", 0}, {"65", 65}, {"007", 7}, {"1000000000", XD_COUNT_MAX}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        long v = -1;
        cr_expect(xd_parse_count(ok[i].s, &v), "'%s' should parse", ok[i].s);
        cr_expect_eq(v, ok[i].v, "'%s' -> %ld", ok[i].s, v);
    }
}

Test(parse, count_rejects_everything_else)
{
    static const char *const bad[] = {"",      "-1",   "-0",  "+65",   "65.5",          "65.0", "1e400", "1e2",
                                      "0x10",  "NaN",  "nan", "inf",   "Infinity",      " 65",  "65 ",   "6 5",
                                      "1,065", "٦٥",   "６５", "65abc", "1000000001",    "9999999999",
                                      "99999999999999999999", "18446744073709551616", "0b101", "\t65"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long v = 12345;
        cr_expect_not(xd_parse_count(bad[i], &v), "'%s' must not parse as a count", bad[i]);
        cr_expect_eq(v, 12345, "'%s': output untouched on failure", bad[i]);
    }
}

Test(parse, year_range_1900_to_2100)
{
    int y = 0;
    cr_expect(xd_parse_year("1900", &y));
    cr_expect_eq(y, 1900);
    cr_expect(xd_parse_year("2100", &y));
    cr_expect_eq(y, 2100);
    static const char *const bad[] = {"0", "1899", "2101", "99999", "17", "0017", "2017.0", "-2017", "", "２０１７", "2e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(xd_parse_year(bad[i], &y), "'%s' must not parse as a year", bad[i]);
}

Test(parse, decimal)
{
    double v;
    cr_expect(xd_parse_decimal("65", &v));
    cr_expect_eq(v, 65.0);
    cr_expect(xd_parse_decimal("62.5", &v));
    cr_expect_eq(v, 62.5);
    cr_expect(xd_parse_decimal("0.05", &v));
    cr_expect_eq(v, 0.05);
    static const char *const bad[] = {"",   "-1",  ".5",   "5.",  "1.2.3", "1e3", "6.5e1", "nan",
                                      "inf", "0x1", " 5",  "5 ",  "+5",    "1,5", "12345678901.5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(xd_parse_decimal(bad[i], &v), "'%s' must not parse as a decimal", bad[i]);
}

Test(parse, dates_must_exist)
{
    int y, m, d;
    cr_expect(xd_parse_date("2025-02-27", &y, &m, &d));
    cr_expect(y == 2025 && m == 2 && d == 27);
    cr_expect(xd_parse_date("2024-02-29", &y, &m, &d), "2024 is a leap year");
    cr_expect(xd_parse_date("2000-02-29", &y, &m, &d), "2000 is a leap year (divisible by 400)");
    static const char *const bad[] = {"2025-02-29", "1900-02-29", "2025-02-30", "2025-13-01", "2025-00-10",
                                      "2025-01-00", "2025-04-31", "2025-1-01",  "2025/01/01", "01-01-2025",
                                      "2025-01-01x", "1899-12-31", "2101-01-01", "",          "2025-01-0a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(xd_parse_date(bad[i], &y, &m, &d), "'%s' must not parse as a date", bad[i]);
}

Test(parse, year_ranges)
{
    int a, b;
    cr_expect(xd_parse_year_range("2019-2023", &a, &b));
    cr_expect(a == 2019 && b == 2023);
    cr_expect(xd_parse_year_range("2020-2020", &a, &b));
    cr_expect_not(xd_parse_year_range("2023-2019", &a, &b));
    cr_expect_not(xd_parse_year_range("2019-23", &a, &b));
    cr_expect_not(xd_parse_year_range("2019 2023", &a, &b));
    cr_expect_not(xd_parse_year_range("1899-2023", &a, &b));
}

Test(parse, calendar)
{
    cr_expect_eq(xd_days_in_month(2024, 2), 29);
    cr_expect_eq(xd_days_in_month(2025, 2), 28);
    cr_expect_eq(xd_days_in_month(1900, 2), 28);
    cr_expect_eq(xd_days_in_month(2025, 13), 0);
    cr_expect_eq(xd_days_from_civil(1970, 1, 1), 0);
    cr_expect_eq(xd_days_from_civil(2000, 3, 1), 11017);
    cr_expect_eq(xd_days_from_civil(1969, 12, 31), -1);
    cr_expect_eq(xd_days_from_civil(2025, 2, 27) - xd_days_from_civil(2024, 2, 27), 366);
}

/* ------------------------------------------------------------ UTF-8 and excerpts */

Test(utf8, valid_text)
{
    static const char *const ok[] = {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80", "\xef\xbf\xbf",
                                     "\xf4\x8f\xbf\xbf"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        cr_expect(xd_utf8_check(ok[i], strlen(ok[i]), NULL), "valid UTF-8 #%zu rejected", i);
}

Test(utf8, invalid_text_and_offsets)
{
    static const struct {
        const char *s;
        size_t len, bad;
    } cases[] = {
        {"caf\xe9", 4, 3},              /* Latin-1 */
        {"ab\xe2\x82", 4, 2},           /* truncated */
        {"a\xc0\xaf", 3, 1},            /* overlong '/' */
        {"\xe0\x80\xaf", 3, 0},         /* overlong, three bytes */
        {"x\xed\xa0\x80", 4, 1},        /* UTF-16 surrogate */
        {"\xf4\x90\x80\x80", 4, 0},     /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 4, 0},
        {"ok\xef\xbb\xbf", 5, 2},       /* byte-order mark */
        {"a\0b", 3, 1},                 /* NUL */
        {"\x80", 1, 0},                 /* lone continuation byte */
        {"\xc3\x28", 2, 0},             /* bad continuation */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        cr_expect_not(xd_utf8_check(cases[i].s, cases[i].len, &bad), "case %zu accepted", i);
        cr_expect_eq(bad, cases[i].bad, "case %zu: bad byte at %zu, expected %zu", i, bad, cases[i].bad);
    }
}

Test(utf8, excerpt_escapes_and_truncates)
{
    char out[64];
    xd_text_excerpt(out, sizeof out, "a\nb\x01\xe9", 5, 40);
    cr_expect_str_eq(out, "a\\x0ab\\x01\\xe9");
    xd_text_excerpt(out, sizeof out, "caf\xc3\xa9 ok", 8, 40);
    cr_expect_str_eq(out, "caf\xc3\xa9 ok");
    /* C1 controls (here U+009B, a one-character CSI) are escaped too; U+00A0 is text */
    xd_text_excerpt(out, sizeof out, "a\xc2\x9b" "2J\xc2\xa0" "b\x1b", 9, 40);
    cr_expect_str_eq(out, "a\\xc2\\x9b2J\xc2\xa0" "b\\x1b");
    xd_text_excerpt(out, sizeof out, "abcdefghij", 10, 4);
    cr_expect_str_eq(out, "abcd...");
    /* a tiny buffer is never overrun and stays terminated */
    char small[6];
    memset(small, 'Z', sizeof small);
    xd_text_excerpt(small, sizeof small, "\x01\x02\x03\x04", 4, 40);
    cr_expect(memchr(small, '\0', sizeof small) != NULL);
    xd_text_excerpt(small, 0, "abc", 3, 3); /* cap 0: nothing written */
}

/* ------------------------------------------------------------ streaming reader */

Test(stream, fields_lines_and_trimming)
{
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    int rc = stream_text("year, count ,source\n2017, 65 ,\"s 1\"\n", &c, &d);
    cr_assert_eq(rc, XD_OK);
    cr_assert_eq(c.n, 2);
    cr_expect_str_eq(c.fields[0][1], "count", "spaces around unquoted fields are removed");
    cr_expect_str_eq(c.fields[1][1], "65");
    cr_expect_str_eq(c.fields[1][2], "s 1", "spaces inside quotes are kept");
    cr_expect_eq(c.line[0], 1);
    cr_expect_eq(c.line[1], 2);
    collected_free(&c);
    xd_diags_free(&d);
}

Test(stream, quoted_newlines_crlf_and_blank_lines_keep_line_numbers)
{
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    const char *text = "\n"                                  /* 1 blank */
                       "a,b,c\r\n"                           /* 2 header */
                       "\r\n"                                /* 3 blank */
                       "1,\"x\r\ny\",\"p\nq\nr\"\n"          /* 4-7: field 2 on 4, field 3 on 5 */
                       "\n   \n"                             /* 8, 9 blank */
                       "\"2\",\"he said \"\"hi, there\"\"\",3\n" /* 10 */
                       "4,5,6";                              /* 11, no final newline */
    cr_assert_eq(stream_text(text, &c, &d), XD_OK);
    cr_assert_eq(c.n, 4);
    cr_expect_eq(c.line[0], 2);
    cr_expect_eq(c.line[1], 4);
    cr_expect_eq(c.lines[1][0], 4);
    cr_expect_eq(c.lines[1][1], 4);
    cr_expect_eq(c.lines[1][2], 5, "the field after a quoted CRLF starts on line 5, got %ld", c.lines[1][2]);
    cr_expect_str_eq(c.fields[1][1], "x\r\ny");
    cr_expect_str_eq(c.fields[1][2], "p\nq\nr");
    cr_expect_eq(c.line[2], 10, "row after quoted newlines and blank lines: line %ld", c.line[2]);
    cr_expect_str_eq(c.fields[2][1], "he said \"hi, there\"");
    cr_expect_eq(c.line[3], 11);
    cr_expect_str_eq(c.fields[3][2], "6");
    collected_free(&c);
    xd_diags_free(&d);
}

Test(stream, cr_only_line_ends)
{
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(stream_text("a,b\r1,2\r\r3,\"x\ry\"\r5,6\r", &c, &d), XD_OK);
    cr_assert_eq(c.n, 4);
    cr_expect_eq(c.line[1], 2);
    cr_expect_eq(c.line[2], 4);
    cr_expect_eq(c.line[3], 6, "a CR inside quotes is a line end too: line %ld", c.line[3]);
    collected_free(&c);
    xd_diags_free(&d);
}

/* The reader works in 64 KiB chunks: a CRLF split across two chunks is one line end. */
Test(stream, crlf_split_across_read_chunks)
{
    const size_t chunk = 65536;
    char *buf = malloc(chunk * 2);
    size_t o = 0;
    o += (size_t)sprintf(buf + o, "a,b\r\n1,");  /* lines 1-2 */
    while (o < chunk - 1)
        buf[o++] = 'x';
    buf[o++] = '\r';                            /* last byte of the first chunk */
    buf[o++] = '\n';                            /* first byte of the second */
    o += (size_t)sprintf(buf + o, "2,\"q\r");   /* line 3, quoted CR at ... */
    o += (size_t)sprintf(buf + o, "\nr\"\r\n3,4\r\n"); /* ... line 3-4; row "3,4" on line 5 */
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(stream_bytes(buf, o, &c, &d), XD_OK);
    cr_assert_eq(c.n, 4);
    cr_expect_eq(c.line[2], 3, "row after a CRLF split across chunks: line %ld", c.line[2]);
    cr_expect_eq(c.line[3], 5, "got %ld", c.line[3]);
    collected_free(&c);
    xd_diags_free(&d);
    free(buf);
}

Test(stream, bom_only_at_the_very_start)
{
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(stream_text("\xef\xbb\xbfyear,count\n2017,1\n", &c, &d), XD_OK);
    cr_expect_str_eq(c.fields[0][0], "year", "the BOM is not part of the first column name");
    collected_free(&c);
    xd_diags_free(&d);

    /* a BOM that starts the second read chunk is in the middle of the file */
    const size_t chunk = 65536;
    char *buf = malloc(chunk + 64);
    size_t o = (size_t)sprintf(buf, "a,b\n1,");
    while (o < chunk - 1)
        buf[o++] = 'x';
    buf[o++] = '\n';
    memcpy(buf + o, "\xef\xbb\xbf" "2,3\n", 7);
    o += 7;
    collected c2 = {0};
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(buf, o, &c2, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:3:1: expected UTF-8 text, found a byte-order mark (U+FEFF) after the start of the file");
    collected_free(&c2);
    xd_diags_free(&d);
    free(buf);
}

Test(stream, nul_byte_names_its_field)
{
    static const char text[] = "a,b,c\n1,2,\"x\0y\"\n";
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(text, sizeof text - 1, &c, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:2:3: expected text, found a NUL byte");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 1);
    collected_free(&c);
    xd_diags_free(&d);
}

Test(stream, quoting_errors_are_located)
{
    xd_diags d;
    collected c = {0};
    xd_diags_init(&d);
    cr_expect_eq(stream_text("a,b\n1,2\n3,4\"5\n", &c, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:3:2: malformed quoting");
    xd_diags_free(&d);
    collected_free(&c);

    collected c2 = {0};
    xd_diags_init(&d);
    cr_expect_eq(stream_text("a,b\n1,\"two\nlines\n3,4\n", &c2, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:2:2: unterminated quoted field");
    xd_diags_free(&d);
    collected_free(&c2);
}

Test(stream, field_count_must_match_header)
{
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_text("a,b,c\n1,2,3\n\"x\ny\",2\n", &c, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:3: expected 3 fields as in the header, found 2");
    cr_expect_eq(c.n, 2, "the bad row does not reach the callback");
    collected_free(&c);
    xd_diags_free(&d);
}

Test(stream, empty_input_is_an_error)
{
    static const char *const empties[] = {"", "\n\n", "\r\n   \r\n", "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        collected c = {0};
        xd_diags d;
        xd_diags_init(&d);
        cr_expect_eq(stream_text(empties[i], &c, &d), XD_EDATA, "empty input #%zu", i);
        EXPECT_DIAG(&d, "mem.csv: the file is empty");
        collected_free(&c);
        xd_diags_free(&d);
    }
}

Test(stream, callback_status_stops_reading)
{
    collected c = {.stop_at = 2};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_text("a\n1\n2\n3\n", &c, &d), XD_EDATA);
    cr_expect_eq(c.n, 3, "rows after the failing one are not delivered");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 1);
    collected_free(&c);
    xd_diags_free(&d);
}

static char *big_field_file(size_t field_len, const char *prefix, const char *suffix, size_t *len)
{
    size_t pl = strlen(prefix), sl = strlen(suffix);
    char *buf = malloc(pl + field_len + sl + 1);
    memcpy(buf, prefix, pl);
    memset(buf + pl, 'a', field_len);
    memcpy(buf + pl + field_len, suffix, sl + 1);
    *len = pl + field_len + sl;
    return buf;
}

Test(stream, field_limit_is_exact)
{
    size_t len;
    char *ok = big_field_file(XD_CSV_MAX_FIELD, "a,b\n1,", "\n", &len);
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(ok, len, &c, &d), XD_OK, "a field of exactly the limit is accepted");
    free(ok);
    collected_free(&c);
    xd_diags_free(&d);

    /* one byte more, after a short field in the same read chunk */
    char *bad = big_field_file(XD_CSV_MAX_FIELD + 1, "a,b\n\n1,", "\n", &len);
    collected c2 = {0};
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(bad, len, &c2, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:3:2: a field longer than 1048576 bytes (the limit for one field)");
    free(bad);
    collected_free(&c2);
    xd_diags_free(&d);
}

Test(stream, long_quoted_field_reports_where_it_starts)
{
    size_t len;
    char *bad = big_field_file(2 * XD_CSV_MAX_FIELD, "a,b\n1,\"", "\"\n", &len);
    for (size_t i = 100; i < len - 2; i += 100)
        bad[i] = '\n'; /* a multi-line quoted field */
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(bad, len, &c, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:2:2: a field longer than 1048576 bytes");
    free(bad);
    collected_free(&c);
    xd_diags_free(&d);
}

/* Many blank lines between rows are not one long field. */
Test(stream, megabytes_of_blank_lines_are_fine)
{
    const size_t blank = XD_CSV_MAX_FIELD + 200000;
    char *buf = malloc(blank + 64);
    size_t o = (size_t)sprintf(buf, "a,b\n1,2\n");
    memset(buf + o, '\n', blank);
    o += blank;
    o += (size_t)sprintf(buf + o, "3,4\n");
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(buf, o, &c, &d), XD_OK);
    dump_diags(&d);
    cr_assert_eq(c.n, 3);
    cr_expect_eq(c.line[2], (long)(3 + blank));
    free(buf);
    collected_free(&c);
    xd_diags_free(&d);
}

Test(stream, column_limit)
{
    size_t n = XD_CSV_MAX_COLUMNS;
    char *buf = malloc(n * 8 + 16);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(buf + o, "%sc%zu", i ? "," : "", i);
    buf[o++] = '\n';
    collected c = {0};
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(buf, o, &c, &d), XD_OK, "exactly the limit of columns is accepted");
    xd_diags_free(&d);
    o--;
    o += (size_t)sprintf(buf + o, ",one_more\n");
    collected c2 = {0};
    xd_diags_init(&d);
    cr_expect_eq(stream_bytes(buf, o, &c2, &d), XD_EDATA);
    EXPECT_DIAG(&d, "mem.csv:1:1025: too many fields in one row (the limit is 1024)");
    free(buf);
    collected_free(&c);
    collected_free(&c2);
    xd_diags_free(&d);
}

/* ------------------------------------------------------------ tables */

Test(table, header_only_is_an_empty_table)
{
    char *dir = xd_tempdir();
    put(dir, "t.csv", "year,count,source\n");
    char *p = path_in(dir, "t.csv");
    xd_table t;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_table_load(p, "t.csv", &t, &d), XD_OK);
    cr_expect_eq(t.ncols, 3);
    cr_expect_eq(t.nrows, 0);
    cr_expect_eq(t.header_line, 1);
    cr_expect_eq(xd_table_column(&t, "source"), 2);
    cr_expect_eq(xd_table_column(&t, "Source"), -1);
    xd_table_free(&t);
    xd_diags_free(&d);
    free(p);
    xd_rmtree(dir);
    free(dir);
}

Test(table, unknown_columns_are_kept)
{
    xd_table t;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_table_load(FIXTURE "/annual.csv", "annual.csv", &t, &d), XD_OK);
    int reviewer = xd_table_column(&t, "reviewer");
    cr_assert_geq(reviewer, 0);
    cr_expect_str_eq(t.rows[0].fields[reviewer], "x");
    cr_expect_eq(t.nrows, 9);
    cr_expect_eq(t.rows[0].line, 2);
    cr_expect_eq(t.rows[0].index, 1);
    xd_table_free(&t);
    xd_diags_free(&d);
}

Test(table, file_problems)
{
    char *dir = xd_tempdir();
    xd_table t;
    xd_diags d;

    xd_diags_init(&d);
    char *missing = path_in(dir, "missing.csv");
    cr_expect_eq(xd_table_load(missing, "missing.csv", &t, &d), XD_EDATA);
    EXPECT_DIAG(&d, "missing.csv: cannot open: No such file or directory");
    xd_table_free(&t);
    xd_diags_free(&d);
    free(missing);

    xd_diags_init(&d);
    cr_expect_eq(xd_table_load(dir, "folder.csv", &t, &d), XD_EDATA);
    EXPECT_DIAG(&d, "folder.csv: expected a CSV file, found a folder");
    xd_table_free(&t);
    xd_diags_free(&d);

    put(dir, "dup.csv", "a,b,a\n1,2,3\n");
    char *dup = path_in(dir, "dup.csv");
    xd_diags_init(&d);
    cr_expect_eq(xd_table_load(dup, "dup.csv", &t, &d), XD_EDATA);
    EXPECT_DIAG(&d, "dup.csv:1:3: duplicate column name 'a' (also column 1)");
    xd_table_free(&t);
    xd_diags_free(&d);
    free(dup);

    put(dir, "noname.csv", "a,,b\n1,2,3\n");
    char *noname = path_in(dir, "noname.csv");
    xd_diags_init(&d);
    cr_expect_eq(xd_table_load(noname, "noname.csv", &t, &d), XD_EDATA);
    EXPECT_DIAG(&d, "noname.csv:1:2: expected a column name, found an empty one");
    xd_table_free(&t);
    xd_diags_free(&d);
    free(noname);

    /* over the size limit: a sparse file costs nothing to make */
    char *huge = path_in(dir, "huge.csv");
    FILE *f = fopen(huge, "wb");
    cr_assert(f);
    cr_assert_eq(ftruncate(fileno(f), (off_t)XD_TABLE_MAX_BYTES + 1), 0);
    fclose(f);
    xd_diags_init(&d);
    cr_expect_eq(xd_table_load(huge, "huge.csv", &t, &d), XD_EDATA);
    EXPECT_DIAG(&d, "huge.csv: the file has 67108865 bytes; the limit for a dataset file is 67108864");
    xd_table_free(&t);
    xd_diags_free(&d);
    free(huge);

    xd_rmtree(dir);
    free(dir);
}

Test(table, unreadable_file)
{
    if (geteuid() == 0)
        cr_skip_test("running as root: permissions do not stop reading");
    char *dir = xd_tempdir();
    put(dir, "t.csv", "a\n1\n");
    char *p = path_in(dir, "t.csv");
    chmod(p, 0);
    xd_table t;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_table_load(p, "t.csv", &t, &d), XD_EDATA);
    EXPECT_DIAG(&d, "t.csv: cannot open: Permission denied");
    xd_table_free(&t);
    xd_diags_free(&d);
    free(p);
    xd_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ dataset */

Test(dataset, fixture_loads_with_its_model)
{
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(FIXTURE, &ds, &d), XD_OK);
    cr_expect_eq(d.n, 0);
    cr_expect_str_eq(ds.name, "tiny");
    cr_expect_str_eq(ds.main_measure, "all");
    cr_expect(ds.has_meta);
    cr_expect_eq(ds.n_sources, 3);
    cr_expect_eq(ds.n_annual, 9);
    cr_expect_eq(ds.n_aggregates, 2);
    cr_expect_eq(ds.n_transfers, 2);
    cr_expect_str_eq(ds.annual[0].measure, "all", "an empty measure is the main one");
    cr_expect_str_eq(ds.annual[7].measure, "nationals");
    cr_expect_eq(ds.annual[2].status, XD_ROW_PREFERRED);
    cr_expect_eq(ds.annual[3].status, XD_ROW_ALTERNATIVE);
    cr_expect_str_eq(ds.annual[2].note, "Full year, \"final\".");
    cr_expect_eq(ds.annual[2].line, 4);
    cr_expect_str_eq(ds.transfers[0].date, "2015-01-20", "transfers are sorted by date");
    cr_expect_eq(ds.transfers[0].line, 3);
    cr_expect_eq(ds.aggregates[1].statistic, XD_AGG_MEAN);
    cr_expect_str_eq(ds.aggregates[1].value_text, "20");
    cr_expect_str_eq(xd_dataset_source(&ds, "a")->quote, "Figures \"as reported\", final");
    cr_expect_str_eq(xd_dataset_measure_label(&ds, "nationals", "en"), "Nationals only");
    cr_expect_str_eq(xd_dataset_meta(&ds, "baseline"), "2010-2011");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(dataset, bundled_dataset_is_valid)
{
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(XD_DATASET, &ds, &d), XD_OK);
    dump_diags(&d);
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 0);
    cr_expect_str_eq(ds.name, "mexico-us");
    cr_expect_eq(ds.n_annual, 41);
    cr_expect_eq(ds.n_transfers, 3);
    const char **measures;
    size_t nm = xd_dataset_measures(&ds, &measures);
    cr_assert_geq(nm, 2);
    cr_expect_str_eq(measures[0], "all", "the main measure comes first");
    cr_expect_str_eq(measures[1], "mx-nationals");
    free(measures);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

Test(dataset, no_meta_takes_the_folder_name)
{
    char *dir = make_dataset("year,count,source\n2017,57,s1\n");
    size_t n = strlen(dir);
    char *slashed = malloc(n + 3);
    snprintf(slashed, n + 3, "%s//", dir);
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(slashed, &ds, &d), XD_OK);
    cr_expect_not(ds.has_meta);
    cr_expect_str_eq(ds.name, strrchr(dir, '/') + 1);
    cr_expect_str_eq(ds.main_measure, "all");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    free(slashed);
    xd_rmtree(dir);
    free(dir);
}

/* Every problem is reported, not only the first. */
Test(dataset, every_problem_is_reported)
{
    char *dir = make_dataset("year,count,source,status\n"
                             "2017,x,s1,\n"        /* line 2: count */
                             "2018,69,s1,\n"
                             "1899,58,s9,best\n"); /* line 4: year, source, status */
    put(dir, "transfers.csv", "date,count,mechanism,label,source\n2025-02-30,1,m,l,s1\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 5, "got %zu errors", xd_diags_count(&d, XD_SEV_ERROR));
    EXPECT_DIAG(&d, "/annual.csv:2:2: count: expected a whole number >= 0, found 'x'");
    EXPECT_DIAG(&d, "/annual.csv:4:1: year: expected a year from 1900 to 2100, found '1899'");
    EXPECT_DIAG(&d, "/annual.csv:4:3: source: expected an id listed in");
    EXPECT_DIAG(&d, "/annual.csv:4:4: status: expected 'preferred', 'alternative' or empty, found 'best'");
    EXPECT_DIAG(&d, "/transfers.csv:2:1: date: expected a calendar date YYYY-MM-DD (1900-2100), found '2025-02-30'");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

Test(dataset, two_bad_rows_two_errors)
{
    char *dir = make_dataset("year,count,source\n2017,65.5,s1\n2018,69,s1\n2019,-3,s2\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 2);
    EXPECT_DIAG(&d, "/annual.csv:2:2: count: expected a whole number >= 0, found '65.5'");
    EXPECT_DIAG(&d, "/annual.csv:4:2: count: expected a whole number >= 0, found '-3'");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

/* Locations stay right when columns are in another order and after quoted newlines. */
Test(dataset, locations_follow_columns_and_quoted_newlines)
{
    char *dir = make_dataset("note,source,count,year\n"
                             "\"two\nlines\",s1,57,2017\n"
                             "\"a, \"\"quoted\"\"\r\nnote\",s1,5 7,2018\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 1);
    EXPECT_DIAG(&d, "/annual.csv:5:3: count: expected a whole number >= 0, found '5 7'");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

/* A total must be whole even when the row has other problems. */
Test(dataset, aggregate_total_checked_beside_other_errors)
{
    char *dir = make_dataset("year,count,source\n2017,57,s1\n");
    put(dir, "aggregates.csv", "first_year,last_year,statistic,value,source\n"
                               "1800,2019,total,184.5,s1\n"
                               "2019,2017,total,10,s1\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/aggregates.csv:2:1: first_year: expected a year from 1900 to 2100, found '1800'");
    EXPECT_DIAG(&d, "/aggregates.csv:2:4: value: expected a whole number >= 0 for a total, found '184.5'");
    EXPECT_DIAG(&d, "/aggregates.csv:3:1: first_year: expected a year <= last_year (2017), found '2019'");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 3);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

/* The duplicate-date message names the date column wherever it is. */
Test(dataset, duplicate_transfer_date_location)
{
    char *dir = make_dataset("year,count,source\n2017,57,s1\n");
    put(dir, "transfers.csv", "label,count,date,mechanism,source\n"
                              "One,29,2025-02-27,m,s1\n"
                              "\"Two,\nlines\",26,2025-08-12,m,s2\n"
                              "Three,3,2025-02-27,m,s2\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/transfers.csv:5:3: date: a second transfer on 2025-02-27 (first on line 2)");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

/* When sources.csv cannot be read, that is the error: not one "unknown id" per row. */
Test(dataset, unreadable_sources_do_not_cascade)
{
    char *dir = xd_tempdir();
    put(dir, "annual.csv", "year,count,source\n2017,57,s1\n2018,69,s1\n2019,58,s2\n");
    put(dir, "aggregates.csv", "first_year,last_year,statistic,value,source\n2017,2019,total,184,s1\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/sources.csv: cannot open: No such file or directory");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 1, "got %zu errors", xd_diags_count(&d, XD_SEV_ERROR));
    xd_dataset_free(&ds);
    xd_diags_free(&d);

    /* a broken header is the same */
    put(dir, "sources.csv", "id,name\ns1,One\n");
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/sources.csv:1: missing required column 'url' (found: id,name)");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 1);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}

/* An optional file that is a dangling link is an error, not an absent file. */
Test(dataset, dangling_optional_file)
{
    char *dir = make_dataset("year,count,source\n2017,57,s1\n");
    char *link = path_in(dir, "meta.csv");
    cr_assert_eq(symlink("nowhere.csv", link), 0);
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/meta.csv: cannot open: No such file or directory");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    free(link);
    xd_rmtree(dir);
    free(dir);
}

Test(dataset, folder_problems)
{
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load("/nonexistent/extrad-dataset", &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/nonexistent/extrad-dataset: cannot open the dataset folder: No such file or directory");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(FIXTURE "/annual.csv", &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "expected a dataset folder (with annual.csv and sources.csv), found a file");
    xd_dataset_free(&ds);
    xd_diags_free(&d);
}

/* ------------------------------------------------------------ series */

static void load_bundled(xd_dataset *ds)
{
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(XD_DATASET, ds, &d), XD_OK);
    xd_diags_free(&d);
}

Test(series, bundled_2008_resolves_to_the_preferred_95)
{
    xd_dataset ds;
    load_bundled(&ds);
    xd_series s;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    cr_expect_eq(s.from, 2000);
    cr_expect_eq(s.to, 2021);
    cr_expect_eq(s.n, 22);
    const xd_year *y = xd_series_year(&s, 2008);
    cr_assert(y);
    cr_expect(y->has_value);
    cr_expect_eq(y->count, 95);
    cr_expect_eq(y->n_rows, 5);
    cr_expect_eq(y->n_agree, 3);
    cr_expect(y->conflict);
    cr_expect_not(y->unresolved);
    /* equal counts corroborate */
    const xd_year *y06 = xd_series_year(&s, 2006);
    cr_expect_eq(y06->count, 63);
    cr_expect_eq(y06->n_rows, 4);
    cr_expect_eq(y06->n_agree, 4);
    cr_expect_not(y06->conflict);
    /* gaps have no value, and are not zero */
    static const int gaps[] = {2010, 2011, 2013, 2014, 2015, 2016};
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        const xd_year *g = xd_series_year(&s, gaps[i]);
        cr_expect_not(g->has_value, "%d is a gap", gaps[i]);
        cr_expect_eq(g->n_rows, 0);
    }
    double years[32], counts[32];
    cr_expect_eq(xd_series_values(&s, years, counts), 16);
    double total = 0;
    for (size_t i = 0; i < 16; i++)
        total += counts[i];
    cr_expect_eq(total, 910);
    cr_expect_eq(years[10], 2012);
    cr_expect_null(xd_series_year(&s, 1999));
    cr_expect_null(xd_series_year(&s, 2022));
    xd_series_free(&s);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
}

Test(series, measures_never_mix)
{
    xd_dataset ds;
    load_bundled(&ds);
    xd_series main_s, mx;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_series_build(&ds, "all", 2019, 2019, 0, &main_s, &d), XD_OK);
    cr_assert_eq(xd_series_build(&ds, "mx-nationals", 0, 0, 0, &mx, &d), XD_OK);
    cr_expect_eq(xd_series_year(&main_s, 2019)->count, 58);
    cr_expect_eq(xd_series_year(&main_s, 2019)->n_rows, 3);
    cr_expect_eq(xd_series_year(&mx, 2019)->count, 53);
    cr_expect_eq(xd_series_year(&mx, 2019)->n_rows, 1);
    cr_expect_eq(mx.from, 2019);
    cr_expect_eq(mx.to, 2022);
    xd_series_free(&main_s);
    xd_series_free(&mx);

    xd_series none;
    cr_expect_eq(xd_series_build(&ds, "no-such-measure", 0, 0, 0, &none, &d), XD_EDATA);
    EXPECT_DIAG(&d, "no yearly figures for measure 'no-such-measure'");
    xd_series_free(&none);
    xd_series rev;
    cr_expect_eq(xd_series_build(&ds, NULL, 2019, 2017, 0, &rev, &d), XD_EUSAGE);
    xd_series_free(&rev);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
}

static void build_one(const char *annual, int allow, int want_rc, xd_dataset *ds, xd_series *s, xd_diags *d,
                      char **dir)
{
    *dir = make_dataset(annual);
    xd_diags_init(d);
    cr_assert_eq(xd_dataset_load(*dir, ds, d), XD_OK);
    cr_expect_eq(xd_series_build(ds, NULL, 0, 0, allow, s, d), want_rc);
}

Test(series, conflict_without_preferred_names_the_rows)
{
    const char *annual = "year,count,source,status\n2017,57,s1,\n2018,69,s1,\n2018,70,s2,alternative\n";
    xd_dataset ds;
    xd_series s;
    xd_diags d;
    char *dir;
    build_one(annual, 0, XD_EDATA, &ds, &s, &d, &dir);
    EXPECT_DIAG(&d, "/annual.csv: 2018 (all): unresolved conflict");
    EXPECT_DIAG(&d, "line 3 (69, s1); line 4 (70, s2)");
    xd_series_free(&s);
    xd_diags_free(&d);

    /* allowed: the year is marked, with no value */
    xd_diags_init(&d);
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 1, &s, &d), XD_OK);
    const xd_year *y = xd_series_year(&s, 2018);
    cr_expect(y->conflict);
    cr_expect(y->unresolved);
    cr_expect_not(y->has_value);
    cr_expect_eq(xd_series_values(&s, NULL, NULL), 1);
    xd_series_free(&s);

    /* a period without the conflicting year is fine */
    cr_expect_eq(xd_series_build(&ds, NULL, 2017, 2017, 0, &s, &d), XD_OK);
    xd_series_free(&s);
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 0);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);
}

Test(series, preferred_rows_must_agree)
{
    const char *annual = "year,count,source,status\n2018,69,s1,preferred\n2018,70,s2,preferred\n";
    xd_dataset ds;
    xd_series s;
    xd_diags d;
    char *dir;
    build_one(annual, 0, XD_EDATA, &ds, &s, &d, &dir);
    EXPECT_DIAG(&d, "line 2 (69, s1, preferred); line 3 (70, s2, preferred)");
    xd_series_free(&s);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);

    /* preferred rows that agree resolve a conflict; n_agree counts every row with the value */
    annual = "year,count,source,status\n2018,69,s1,preferred\n2018,69,s2,preferred\n2018,60,s2,\n2018,69,s1,\n";
    build_one(annual, 0, XD_OK, &ds, &s, &d, &dir);
    const xd_year *y = xd_series_year(&s, 2018);
    cr_expect(y->has_value);
    cr_expect_eq(y->count, 69);
    cr_expect_eq(y->n_agree, 3);
    cr_expect(y->conflict);
    xd_series_free(&s);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);
}

Test(series, equal_counts_corroborate_without_status)
{
    const char *annual = "year,count,source,status\n2018,69,s1,\n2018,69,s2,alternative\n";
    xd_dataset ds;
    xd_series s;
    xd_diags d;
    char *dir;
    build_one(annual, 0, XD_OK, &ds, &s, &d, &dir);
    const xd_year *y = xd_series_year(&s, 2018);
    cr_expect(y->has_value);
    cr_expect_eq(y->count, 69);
    cr_expect_eq(y->n_agree, 2);
    cr_expect_not(y->conflict);
    xd_series_free(&s);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
    xd_rmtree(dir);
    free(dir);
}

Test(series, fixture_conflict_and_gap)
{
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_assert_eq(xd_dataset_load(FIXTURE, &ds, &d), XD_OK);
    xd_series s;
    cr_assert_eq(xd_series_build(&ds, NULL, 0, 0, 0, &s, &d), XD_OK);
    cr_expect_eq(s.from, 2010);
    cr_expect_eq(s.to, 2014);
    const xd_year *y = xd_series_year(&s, 2011);
    cr_expect_eq(y->count, 20);
    cr_expect_eq(y->n_rows, 3);
    cr_expect_eq(y->n_agree, 2);
    cr_expect_not(xd_series_year(&s, 2012)->has_value);
    cr_expect_eq(xd_series_values(&s, NULL, NULL), 4);
    xd_series_free(&s);
    cr_assert_eq(xd_series_build(&ds, "nationals", 2010, 2014, 0, &s, &d), XD_OK);
    cr_expect_eq(xd_series_values(&s, NULL, NULL), 2);
    cr_expect_eq(xd_series_year(&s, 2011)->count, 7);
    xd_series_free(&s);
    xd_diags_free(&d);
    xd_dataset_free(&ds);
}

/* Source ids and measure names are printed as they are: no control characters. */
Test(dataset, identifiers_without_control_characters)
{
    char *dir = make_dataset("year,count,source,measure\n2017,57,s1,\n2018,69,s1,\"a\tb\"\n");
    put(dir, "meta.csv", "key,value\nmain_measure,\"all\x1b[0m\"\n");
    put(dir, "aggregates.csv", "first_year,last_year,statistic,value,source,measure\n2017,2018,total,126,s1,\"x\xc2\x85y\"\n");
    xd_dataset ds;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_dataset_load(dir, &ds, &d), XD_EDATA);
    EXPECT_DIAG(&d, "/meta.csv:2:2: value: expected a measure name without control characters or line breaks, "
                    "found 'all\\x1b[0m'");
    EXPECT_DIAG(&d, "/annual.csv:3:4: measure: expected a measure name without control characters or line breaks, "
                    "found 'a\\x09b'");
    EXPECT_DIAG(&d, "/aggregates.csv:2:6: measure: expected a measure name without control characters or line breaks, "
                    "found 'x\\xc2\\x85y'");
    cr_expect_eq(xd_diags_count(&d, XD_SEV_ERROR), 3);
    xd_dataset_free(&ds);
    xd_diags_free(&d);
    xd_rmtree(dir);
    free(dir);
}
