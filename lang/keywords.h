/*
** keywords.h: the reserved words of styr in its two keyword sets, English and Danish, in
** one table that the scanner, the syntax error messages, the formatter (which translates
** between the sets) and the tests of the editor grammars all read.
**
** A file is written in one set. Its first word says which: every file begins with a
** declaration (agreement, import, dataset, parameter, define, table, requirement,
** target, info), and the Danish words of those (aftale, importer, datasæt, fastsæt,
** definer, tabel, krav, mål, oplysning) are none of them English keywords, nor the other
** way round. So a policy officer who writes in Danish simply writes Danish; nothing else
** marks the file. Only the words of the file's own set are reserved: `i` and `til` are
** names in an English file, `let` and `to` in a Danish one.
*/
#ifndef STYR_KEYWORDS_H
#define STYR_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum kw_lang { KW_EN = 0, KW_DA = 1 } kw_lang;

typedef struct keyword {
    const char *word[2];   /* by kw_lang; the same word in both where Danish uses it too */
    int token;
} keyword;

extern const keyword kw_table[];   /* ends with { { NULL, NULL }, 0 } */

/* The token of a reserved word of the set, or 0 when s is a name there. */
int kw_lookup(kw_lang lang, const char *s, size_t n);
/* The word of a token in a set; NULL when the token is not a keyword. */
const char *kw_word(kw_lang lang, int token);
/* The set a file is written in, by its first word (comments and blanks skipped). */
kw_lang kw_detect(const char *text, size_t len);
/* The name of a set for messages: "English", "Danish". */
const char *kw_lang_name(kw_lang lang);

/* The words of the agreement header, which are names elsewhere (`region`, `period`). */
typedef enum kw_header { KW_REGION, KW_PERIOD } kw_header;
const char *kw_header_word(kw_lang lang, kw_header which);

/* The nouns a test counts with (`with 1 violation`, `has 3 rows`), which are names
** elsewhere, like the header's words: singular and plural in each set. */
typedef enum kw_count { KW_VIOLATIONS, KW_ROWS, KW_COUNT_NOUNS } kw_count;
const char *kw_count_word(kw_lang lang, kw_count noun, bool plural);
/* Whether word is a count noun of the set: which, and whether it is the plural. */
bool kw_count_lookup(kw_lang lang, const char *word, kw_count *noun, bool *plural);

/* A message format with the English keywords in its `quoted` code (`group by`, `a to b`)
** in the words of lang; names come in through %s and are left alone. Returns fmt itself
** for English, else a malloc'ed copy. */
const char *kw_translate_quoted(kw_lang lang, const char *fmt);

#endif
