/*
** helpers.c: shared helpers of the tests, see helpers.h.
*/
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "styr.h"

const char *th_tempdir(void)
{
    static char dir[64];
    strcpy(dir, "/tmp/styr-test-XXXXXX");
    if (!mkdtemp(dir)) abort();
    return dir;
}

const char *th_write(const char *dir, const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
    return path;
}

char *th_temp_file(const void *bytes, size_t n)
{
    char *path = strdup("/tmp/styr-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, bytes, n) != (ssize_t)n) abort();
    close(fd);
    return path;
}

char *th_diagnostics(const char *dir, const char *rules)
{
    styr_rules *r;
    styr_rules_open(th_write(dir, "rules.styr", rules), &r);
    char *text = strdup(styr_rules_errmsg(r));
    styr_rules_close(r);
    return text;
}

char *th_run_json(const char *dir, const char *rules)
{
    styr_rules *r;
    char *out = NULL;
    if (styr_rules_open(th_write(dir, "rules.styr", rules), &r) != STYR_OK) {
        size_t n = strlen(styr_rules_errmsg(r)) + 8;
        out = malloc(n);
        snprintf(out, n, "error: %s", styr_rules_errmsg(r));
        styr_rules_close(r);
        return out;
    }
    styr_run *run;
    styr_run_new(r, &run);
    if (styr_execute(run) != STYR_OK) {
        size_t n = strlen(styr_run_errmsg(run)) + 8;
        out = malloc(n);
        snprintf(out, n, "error: %s", styr_run_errmsg(run));
    } else {
        styr_run_report(run, STYR_FORMAT_JSON, 0, &out, NULL);
    }
    styr_run_free(run);
    styr_rules_close(r);
    return out;
}

int th_styr(char **output, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1", STYR_BIN, args);
    FILE *p = popen(cmd, "r");
    if (!p) abort();
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 1024) text = realloc(text, cap *= 2);
    }
    text[len] = 0;
    int st = pclose(p);
    *output = text;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
