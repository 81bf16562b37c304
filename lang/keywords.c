/*
** keywords.c: the table of reserved words, see keywords.h.
*/
#include "keywords.h"

#include <string.h>

#include "parse.h"
#include "parser.h"

const keyword kw_table[] = {
    { "agreement", AGREEMENT }, { "aim", AIM }, { "all", ALL }, { "allocate", ALLOCATE },
    { "among", AMONG }, { "and", AND }, { "any", ANY }, { "as", AS }, { "by", BY },
    { "columns", COLUMNS }, { "dataset", DATASET }, { "dated", DATED }, { "define", DEFINE },
    { "each", EACH }, { "else", ELSE }, { "emit", EMIT }, { "exists", EXISTS },
    { "explained", EXPLAINED }, { "false", FALSE }, { "flag", FLAG }, { "for", FOR },
    { "force", FORCE }, { "format", FORMAT }, { "from", FROM }, { "group", GROUP },
    { "header", HEADER }, { "if", IF }, { "import", IMPORT }, { "in", IN }, { "info", INFO },
    { "join", JOIN }, { "key", KEY }, { "let", LET }, { "message", MESSAGE }, { "not", NOT },
    { "on", ON }, { "optional", OPTIONAL }, { "or", OR }, { "otherwise", OTHERWISE },
    { "parameter", PARAMETER }, { "per", PER },
    { "require", REQUIRE }, { "requirement", REQUIREMENT }, { "show", SHOW }, { "table", TABLE },
    { "target", TARGET }, { "then", THEN }, { "to", TO }, { "true", TRUE }, { "weighted", WEIGHTED },
    { "when", WHEN }, { "where", WHERE },
    { NULL, 0 },
};

int kw_lookup(const char *s, size_t n)
{
    /* Keywords are short ASCII words; a linear scan of ~55 entries costs less than the
    ** rest of scanning the identifier and runs only at compile time. */
    if (n > 11) return 0;
    for (const keyword *k = kw_table; k->word; k++)
        if (strlen(k->word) == n && memcmp(k->word, s, n) == 0) return k->token;
    return 0;
}
