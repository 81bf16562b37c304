/*
** mutate.c: breaking a generated rule file or CSV file in place, so that the soak goes
** through the error paths (diagnostics, a data error, rejected rows) and their cleanup
** as often as through good runs. A mutation may happen to leave the file good; the run
** is then an ordinary one, compared all the same.
*/
#include <stdlib.h>
#include <string.h>

#include "soak.h"

/* Replaces the bytes [at, at + cut) of the file with ins. */
static void splice(const char *path, size_t at, size_t cut, const char *ins, size_t inslen)
{
    size_t n;
    char *old = sk_slurp(path, &n);
    if (!old) return;
    if (at > n) at = n;
    if (cut > n - at) cut = n - at;
    sk_text t = { 0 };
    sk_add(&t, old, at);
    sk_add(&t, ins, inslen);
    sk_add(&t, old + at + cut, n - at - cut);
    sk_spill(path, sk_str(&t), t.n);
    sk_text_free(&t);
    free(old);
}

/* The offset of the start of a random line after the first `skip` lines, and that
** line's length with its line break; n when there is none. */
static size_t random_line(const char *s, size_t n, int skip, sk_rng *r, size_t *len)
{
    size_t starts = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' && i + 1 < n) starts++;
    *len = 0;
    if ((int)starts <= skip - 1) return n;
    size_t want = (size_t)skip + (size_t)sk_below(r, (int)(starts - (size_t)skip + 1)), line = 0, at = 0;
    for (size_t i = 0; i < n && line < want; i++)
        if (s[i] == '\n') line++, at = i + 1;
    const char *end = memchr(s + at, '\n', n - at);
    *len = end ? (size_t)(end - (s + at)) + 1 : n - at;
    return at;
}

void sk_mutate_rules(const char *path, sk_rng *r)
{
    static const char *const tokens[] = {
        "@", "}", "(", "let", "require (", "\"unterminated", "99999999999999999999999999999999 kr",
        "))))", "krav", "import \"nowhere\"\n", "dataset x columns\n", "for t in nothing\n", "1 / 0",
        "\t\xff\xfe", "where", "group by", "emit", "#",
    };
    size_t n;
    char *s = sk_slurp(path, &n);
    if (!s || !n) {
        free(s);
        return;
    }
    size_t len, at;
    switch (sk_below(r, 4)) {
    case 0: {   /* a stray token somewhere */
        const char *tok = tokens[sk_below(r, (int)(sizeof tokens / sizeof tokens[0]))];
        splice(path, (size_t)sk_below(r, (int)n), 0, tok, strlen(tok));
        break;
    }
    case 1:     /* the file cut short */
        splice(path, (size_t)sk_below(r, (int)n), n, "", 0);
        break;
    case 2:     /* a line lost */
        at = random_line(s, n, 1, r, &len);
        splice(path, at, len, "", 0);
        break;
    default:    /* a line twice */
        at = random_line(s, n, 1, r, &len);
        splice(path, at, 0, s + at, len);
        break;
    }
    free(s);
}

void sk_mutate_data(const char *path, sk_rng *r)
{
    size_t n;
    char *s = sk_slurp(path, &n);
    if (!s) return;
    size_t len, header = 0, at = random_line(s, n, 1, r, &len);
    while (header < n && s[header] != '\n') header++;
    switch (sk_below(r, 7)) {
    case 0: splice(path, n, 0, "x\n", 2); break;                              /* a short row */
    case 1: splice(path, header + (size_t)sk_below(r, (int)(n - header + 1)), n, "", 0); break;  /* cut */
    case 2: splice(path, at + (len ? (size_t)sk_below(r, (int)len) : 0), 0, "\"", 1); break;  /* a stray quote */
    case 3: splice(path, at + (len > 1 ? (size_t)sk_below(r, (int)len - 1) : 0), 1, "Z", 1); break;  /* a bad value */
    case 4: splice(path, 0, header, "nothing;here", 12); break;              /* no header */
    case 5: splice(path, at, 0, s + at, len); break;                         /* a row twice: a key twice */
    default: splice(path, 0, n, "", 0); break;                               /* an empty file */
    }
    free(s);
}
