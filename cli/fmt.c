/*
** fmt.c: `styr fmt`, the formatter of rule files, over styr_format of styr.h.
**
** Files are rewritten in place only when their text changes, through a temporary file in
** the same folder renamed over the original, so a file is never half written. A file that
** does not parse is reported and left alone.
**
** Exit status: 0 done (with --check: every file is formatted); 1 with --check, some file
** is not; 2 a file does not parse or cannot be read or written, or the call is wrong.
*/
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "styr.h"

const char cli_fmt_help[] =
    "usage: styr fmt [options] FILE.styr...\n"
    "       styr fmt [options] -\n"
    "\n"
    "Formats rule files the one canonical way: indentation, spacing and blank lines.\n"
    "Comments stay where they are, line breaks are yours, and the meaning never changes.\n"
    "Each FILE is rewritten in place when it changes; - reads standard input and writes\n"
    "standard output. A file that does not parse is reported (file:line:col) and left alone.\n"
    "\n"
    "options:\n"
    "  --check              change nothing; name the files that are not formatted and exit\n"
    "                       with 1 if there are any (for CI)\n"
    "  --stdout             write the formatted text to standard output, not to the files\n"
    "  --keywords da|en     write the file in Danish or English keywords (a translation);\n"
    "                       a file's first word says which set it is written in\n"
    "\n"
    "exit status: 0 done (with --check: every file is formatted), 1 with --check: a file\n"
    "             is not formatted, 2 a file does not parse or cannot be read or written\n";

typedef struct fmt_opts {
    bool check, to_stdout;
    int keywords;            /* STYR_KEYWORDS_* */
    bool color;
} fmt_opts;

static int fmt_usage(const char *fmt, const char *arg)
{
    return cli_usage_error("fmt", fmt, arg);
}

/* The whole of a stream; NULL when it cannot be read. */
static char *read_all(FILE *in, size_t *len)
{
    size_t cap = 1 << 14, n = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) text = realloc(text, cap *= 2);
    }
    if (!text || ferror(in)) {
        free(text);
        return NULL;
    }
    *len = n;
    return text;
}

/* Replaces the file at path by text, keeping its permissions. */
static bool write_atomic(const char *path, const char *text, size_t len)
{
    struct stat st;
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    snprintf(tmp, n, "%s.fmt-XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = out && fwrite(text, 1, len, out) == len;
    if (out && stat(path, &st) == 0) fchmod(fd, st.st_mode & 07777);
    if (out && fclose(out) != 0) ok = false;
    if (!out && fd >= 0) close(fd);
    if (ok && rename(tmp, path) != 0) ok = false;
    if (!ok && fd >= 0) unlink(tmp);
    free(tmp);
    return ok;
}

/* Formats one file (or standard input for "-"); returns its exit status. */
static int fmt_one(const fmt_opts *o, const char *path)
{
    bool std = !strcmp(path, "-");
    const char *name = std ? "<stdin>" : path;
    FILE *in = std ? stdin : fopen(path, "rb");
    size_t len = 0;
    char *text = in ? read_all(in, &len) : NULL;
    if (in && !std) fclose(in);
    if (!text) {
        fprintf(stderr, "styr: cannot read %s: %s\n", name, strerror(errno));
        return EXIT_USAGE;
    }
    char *out, *err;
    size_t out_len;
    int st = styr_format(name, text, len, o->keywords, o->color ? STYR_REPORT_COLOR : 0, &out, &out_len, &err);
    int status = EXIT_HOLDS;
    if (st != STYR_OK) {
        fputs(err ? err : "styr: cannot format\n", stderr);
        status = EXIT_USAGE;
    } else if (o->check) {
        if (out_len != len || memcmp(out, text, len) != 0) {
            printf("%s\n", name);
            status = EXIT_FAILS;
        }
    } else if (std || o->to_stdout) {
        fwrite(out, 1, out_len, stdout);
    } else if ((out_len != len || memcmp(out, text, len) != 0) && !write_atomic(path, out, out_len)) {
        fprintf(stderr, "styr: cannot write %s: %s\n", path, strerror(errno));
        status = EXIT_USAGE;
    }
    styr_free(out);
    styr_free(err);
    free(text);
    return status;
}

/* Keeps the worst exit status of the files, and counts those not formatted. */
static void st_max(int *status, int *unformatted, int st)
{
    *unformatted += st == EXIT_FAILS;
    if (st > *status) *status = st;
}

int cli_fmt(int argc, char **argv)
{
    fmt_opts o = { .keywords = STYR_KEYWORDS_KEEP, .color = isatty(STDERR_FILENO) && !getenv("NO_COLOR") };
    int nfiles = 0;
    for (int i = 2; i < argc; i++) {
        const char *v;
        if (!strcmp(argv[i], "--check")) o.check = true;
        else if (!strcmp(argv[i], "--stdout")) o.to_stdout = true;
        else if ((v = cli_option_value(argc, argv, &i, "--keywords"))) {
            if (!strcmp(v, "da")) o.keywords = STYR_KEYWORDS_DA;
            else if (!strcmp(v, "en")) o.keywords = STYR_KEYWORDS_EN;
            else return fmt_usage("--keywords is da or en, not \"%s\"", v);
        } else if (argv[i][0] == '-' && argv[i][1]) return fmt_usage("unknown option %s", argv[i]);
        else nfiles++;
    }
    if (!nfiles) return fmt_usage("which files? styr fmt FILE.styr... (or - for standard input)%s", "");
    int status = EXIT_HOLDS, unformatted = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--keywords")) i++;
        else if (argv[i][0] != '-' || !argv[i][1]) st_max(&status, &unformatted, fmt_one(&o, argv[i]));
    }
    if (unformatted)
        fprintf(stderr, "styr: %d file%s not formatted; styr fmt FILE formats it in place\n", unformatted,
                unformatted == 1 ? " is" : "s are");
    return status;
}
