/*
** test_editors.c: the editor grammars in editors/ (issue 4, item 7) cannot drift from the
** scanner: their keywords are exactly the words of both sets of the keyword table
** (lang/keywords.c), and their units those of the scanner's UNIT pattern (lang/lexer.l).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"

#define VSCODE "editors/vscode/syntaxes/styr.tmLanguage.json"
#define VIM "editors/vim/syntax/styr.vim"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot read %s", path);
    char *text = calloc(1, 1 << 17);
    cr_assert_lt(fread(text, 1, (1 << 17) - 1, f), (size_t)(1 << 17) - 1);
    fclose(f);
    return text;
}

typedef struct words {
    char w[256][32];
    int n;
} words;

static void add_word(words *ws, const char *s, size_t n)
{
    cr_assert(n > 0 && n < 32 && ws->n < 256);
    memcpy(ws->w[ws->n], s, n);
    ws->w[ws->n++][n] = 0;
}

static bool has(const words *ws, const char *s)
{
    for (int i = 0; i < ws->n; i++)
        if (!strcmp(ws->w[i], s)) return true;
    return false;
}

/* The words of a grammar are those of the table, both sets, and no other. */
static void same_as_table(const words *ws, const char *grammar)
{
    for (const keyword *k = kw_table; k->token; k++)
        for (kw_lang l = KW_EN; l <= KW_DA; l++)
            cr_assert(has(ws, k->word[l]), "%s lacks the keyword %s", grammar, k->word[l]);
    for (int i = 0; i < ws->n; i++) {
        bool known = kw_lookup(KW_EN, ws->w[i], strlen(ws->w[i])) || kw_lookup(KW_DA, ws->w[i], strlen(ws->w[i]));
        cr_assert(known, "%s has %s, which is no keyword", grammar, ws->w[i]);
    }
}

/* The words after `syn keyword GROUP` on every such line of the Vim syntax. */
static void vim_words(const char *text, const char *group, words *ws)
{
    char head[64];
    snprintf(head, sizeof head, "syn keyword %s ", group);
    for (const char *p = text; (p = strstr(p, head));) {
        p += strlen(head);
        const char *end = strchr(p, '\n');
        while (p < end) {
            while (p < end && *p == ' ') p++;
            size_t n = strcspn(p, " \n");
            if (n && strncmp(p, "contained", n)) add_word(ws, p, n);
            p += n;
        }
    }
}

Test(editors, vim_syntax_has_exactly_the_keywords_of_both_sets)
{
    char *text = slurp(VIM);
    words ws = { 0 };
    vim_words(text, "styrKeyword", &ws);
    same_as_table(&ws, VIM);
    free(text);
}

Test(editors, vscode_grammar_has_exactly_the_keywords_of_both_sets)
{
    char *text = slurp(VSCODE);
    const char *p = strstr(text, "\"keyword.control.styr\"");
    cr_assert(p);
    p = strstr(p, "(?:");
    cr_assert(p);
    p += 3;
    words ws = { 0 };
    for (const char *end = strchr(p, ')'); p < end;) {
        size_t n = strcspn(p, "|)");
        add_word(&ws, p, n);
        p += n + (p[n] == '|');
    }
    same_as_table(&ws, VSCODE);
    free(text);
}

/* The scanner's units: the alternatives of `UNIT (kr|dkk|...|days?)`. */
static char *lexer_units(void)
{
    char *lexer = slurp("lang/lexer.l");
    char *p = strstr(lexer, "\nUNIT");
    cr_assert(p);
    p = strchr(p, '(');
    char *end = strchr(p, '\n');
    *end = 0;
    char *units = strdup(p);
    free(lexer);
    return units;
}

Test(editors, vscode_grammar_reads_the_scanners_units)
{
    char *units = lexer_units(), *text = slurp(VSCODE);
    cr_assert(strstr(text, units), "%s does not read units as the scanner does: %s", VSCODE, units);
    free(units);
    free(text);
}

Test(editors, vim_syntax_has_exactly_the_scanners_units)
{
    char *units = lexer_units(), *text = slurp(VIM);
    words want = { 0 }, got = { 0 };
    /* (kr|days?) -> kr, day, days */
    for (const char *p = units + 1; *p && *p != ')';) {
        size_t n = strcspn(p, "|)");
        if (p[n - 1] == '?') {
            add_word(&want, p, n - 2);
            add_word(&want, p, n - 1);
        } else {
            add_word(&want, p, n);
        }
        p += n + (p[n] == '|');
    }
    vim_words(text, "styrUnit", &got);
    cr_assert_eq(got.n, want.n, "%s: %d units, the scanner has %d", VIM, got.n, want.n);
    for (int i = 0; i < want.n; i++) cr_assert(has(&got, want.w[i]), "%s lacks the unit %s", VIM, want.w[i]);
    free(units);
    free(text);
}
