/*
** keywords.c: the table of reserved words, see keywords.h.
**
** The Danish words are those of Danish legal and administrative writing: a `krav` is
** checked with `kræv`, a `mål` aimed at with `tilstræb`, `subsidiært` gives the value to
** fall back on (as a subsidiary claim does), `oplysning` is information. `for`, `per` and
** `format` are Danish too and stay as they are.
*/
#include "keywords.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parse.h"
#include "parser.h"

const keyword kw_table[] = {
    { { "agreement", "aftale" }, AGREEMENT },   { { "aim", "tilstræb" }, AIM },
    { { "all", "alle" }, ALL },                 { { "allocate", "fordel" }, ALLOCATE },
    { { "among", "blandt" }, AMONG },           { { "and", "og" }, AND },
    { { "any", "enhver" }, ANY },               { { "as", "som" }, AS },
    { { "by", "efter" }, BY },                  { { "columns", "kolonner" }, COLUMNS },
    { { "dataset", "datasæt" }, DATASET },      { { "dated", "dateret" }, DATED },
    { { "define", "definer" }, DEFINE },        { { "each", "hver" }, EACH },
    { { "else", "ellers" }, ELSE },             { { "emit", "udskriv" }, EMIT },
    { { "exists", "findes" }, EXISTS },         { { "explained", "forklaret" }, EXPLAINED },
    { { "false", "falsk" }, FALSE },            { { "flag", "marker" }, FLAG },
    { { "for", "for" }, FOR },                  { { "force", "kraft" }, FORCE },
    { { "format", "format" }, FORMAT },         { { "from", "fra" }, FROM },
    { { "group", "grupper" }, GROUP },          { { "header", "overskrift" }, HEADER },
    { { "if", "hvis" }, IF },                   { { "import", "importer" }, IMPORT },
    { { "in", "i" }, IN },                      { { "info", "oplysning" }, INFO },
    { { "join", "kobl" }, JOIN },               { { "key", "nøgle" }, KEY },
    { { "let", "lad" }, LET },                  { { "message", "besked" }, MESSAGE },
    { { "not", "ikke" }, NOT },                 { { "on", "på" }, ON },
    { { "optional", "valgfri" }, OPTIONAL },    { { "or", "eller" }, OR },
    { { "otherwise", "subsidiært" }, OTHERWISE }, { { "parameter", "fastsæt" }, PARAMETER },
    { { "per", "per" }, PER },                  { { "require", "kræv" }, REQUIRE },
    { { "requirement", "krav" }, REQUIREMENT }, { { "show", "vis" }, SHOW },
    { { "table", "tabel" }, TABLE },
    { { "target", "mål" }, TARGET },            { { "then", "så" }, THEN },
    { { "to", "til" }, TO },                    { { "true", "sand" }, TRUE },
    { { "weighted", "vægtet" }, WEIGHTED },     { { "when", "når" }, WHEN },
    { { "where", "hvor" }, WHERE },
    /* The words of a rule file's tests: `afprøv`, not `test`, so that a Danish file that
    ** begins with a test is known by its first word. */
    { { "test", "afprøv" }, TEST },             { { "given", "givet" }, GIVEN },
    { { "expect", "forvent" }, EXPECT },        { { "passes", "består" }, PASSES },
    { { "fails", "fejler" }, FAILS },           { { "met", "opfyldt" }, MET },
    { { "missed", "forfejlet" }, MISSED },      { { "flags", "markerer" }, FLAGS },
    { { "has", "har" }, HAS },                  { { "with", "med" }, WITH },
    { { NULL, NULL }, 0 },
};

int kw_lookup(kw_lang lang, const char *s, size_t n)
{
    /* A linear scan of ~55 short words costs less than the rest of scanning the name and
    ** runs only at compile time. */
    if (n > 12) return 0;
    for (const keyword *k = kw_table; k->token; k++)
        if (strlen(k->word[lang]) == n && memcmp(k->word[lang], s, n) == 0) return k->token;
    return 0;
}

const char *kw_word(kw_lang lang, int token)
{
    for (const keyword *k = kw_table; k->token; k++)
        if (k->token == token) return k->word[lang];
    return NULL;
}

static bool word_byte(unsigned char ch)
{
    return ch == '_' || ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9');
}

kw_lang kw_detect(const char *text, size_t len)
{
    size_t i = 0;
    for (;;) {
        while (i < len && strchr(" \t\r\n", text[i]) && text[i]) i++;
        if (i < len && text[i] == '#') {
            while (i < len && text[i] != '\n') i++;
            continue;
        }
        break;
    }
    size_t n = 0;
    while (i + n < len && word_byte((unsigned char)text[i + n])) n++;
    return kw_lookup(KW_DA, text + i, n) && !kw_lookup(KW_EN, text + i, n) ? KW_DA : KW_EN;
}

const char *kw_lang_name(kw_lang lang)
{
    return lang == KW_DA ? "Danish" : "English";
}

const char *kw_header_word(kw_lang lang, kw_header which)
{
    static const char *const words[][2] = { { "region", "region" }, { "period", "periode" } };
    return words[which][lang];
}

static const char *const count_words[KW_COUNT_NOUNS][2][2] = {
    [KW_VIOLATIONS] = { { "violation", "violations" }, { "overtrædelse", "overtrædelser" } },
    [KW_ROWS] = { { "row", "rows" }, { "række", "rækker" } },
};

const char *kw_count_word(kw_lang lang, kw_count noun, bool plural)
{
    return count_words[noun][lang][plural];
}

bool kw_count_lookup(kw_lang lang, const char *word, kw_count *noun, bool *plural)
{
    for (int k = 0; k < KW_COUNT_NOUNS; k++)
        for (int p = 0; p < 2; p++)
            if (!strcmp(word, count_words[k][lang][p])) {
                *noun = (kw_count)k;
                *plural = p;
                return true;
            }
    return false;
}

const char *kw_translate_quoted(kw_lang lang, const char *fmt)
{
    if (lang == KW_EN || !strchr(fmt, '`')) return fmt;
    buf out = {0};
    bool quoted = false;
    for (const char *p = fmt; *p;) {
        size_t n = 0;
        while (word_byte((unsigned char)p[n])) n++;
        if (!n) {
            quoted ^= *p == '`';
            buf_putc(&out, *p++);
            continue;
        }
        int kw = quoted && !(p > fmt && p[-1] == '%') ? kw_lookup(KW_EN, p, n) : 0;
        if (kw) buf_puts(&out, kw_word(lang, kw));
        else buf_add(&out, p, n);
        p += n;
    }
    return buf_take(&out);
}
