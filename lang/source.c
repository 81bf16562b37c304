/*
** source.c: rule-file text and line/column lookup, see source.h.
*/
#include "source.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    size_t n = (size_t)(slash - path);
    char *d = xmalloc(n + 1);
    memcpy(d, path, n);
    d[n] = 0;
    return d;
}

src_file *src_from_text(const char *path, const char *text, size_t len)
{
    src_file *f = xcalloc(1, sizeof *f);
    bool need_nl = len == 0 || text[len - 1] != '\n';
    char *t = xmalloc(len + 2);
    memcpy(t, text, len);
    if (need_nl) t[len++] = '\n';
    t[len] = 0;
    f->path = xstrdup(path);
    f->dir = dir_of(path);
    f->text = t;
    f->len = len;
    return f;
}

src_file *src_read(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        XGROW(data, cap, len + 65536);
        size_t got = fread(data + len, 1, cap - len, fp);
        len += got;
        if (got == 0) break;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        free(data);
        errno = EIO;
        return NULL;
    }
    src_file *f = src_from_text(path, data ? data : "", len);
    free(data);
    return f;
}

void src_free(src_file *f)
{
    if (!f) return;
    free((char *)f->path);
    free((char *)f->dir);
    free((char *)f->text);
    free(f->line_start);
    free(f);
}

static void index_lines(const src_file *cf)
{
    src_file *f = (src_file *)cf;  /* the index is a cache: filling it does not change the file */
    size_t cap = 0;
    f->nlines = 0;
    XGROW(f->line_start, cap, 1);
    f->line_start[f->nlines++] = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->text[i] == '\n' && i + 1 < f->len) {
            XGROW(f->line_start, cap, f->nlines + 1);
            f->line_start[f->nlines++] = (uint32_t)(i + 1);
        }
    }
}

void src_line_col(const src_file *f, uint32_t offset, uint32_t *line, uint32_t *col)
{
    if (!f->line_start) index_lines(f);
    uint32_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (f->line_start[mid] <= offset) lo = mid;
        else hi = mid;
    }
    *line = lo + 1;
    uint32_t c = 1;
    for (uint32_t i = f->line_start[lo]; i < offset && i < f->len; i++)
        if (((unsigned char)f->text[i] & 0xC0) != 0x80) c++;
    *col = c;
}

const char *src_line(const src_file *f, uint32_t n, size_t *len)
{
    if (!f->line_start) index_lines(f);
    if (n < 1 || n > f->nlines) {
        *len = 0;
        return "";
    }
    const char *s = f->text + f->line_start[n - 1];
    const char *e = memchr(s, '\n', f->len - f->line_start[n - 1]);
    *len = e ? (size_t)(e - s) : strlen(s);
    if (*len && s[*len - 1] == '\r') (*len)--;
    return s;
}

loc loc_join(loc a, loc b)
{
    if (!a.file) return b;
    if (!b.file || a.file != b.file) return a;
    loc r = a;
    if (b.start < r.start) r.start = b.start;
    if (b.end > r.end) r.end = b.end;
    return r;
}
