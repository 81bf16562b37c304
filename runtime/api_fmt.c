/*
** api_fmt.c: styr_format, the formatter of styr.h over lang/fmt.c.
*/
#include "styr.h"

#include <stdlib.h>

#include "fmt.h"

int styr_format(const char *name, const char *text, size_t len, int keywords, int flags,
                char **out, size_t *out_len, char **errmsg)
{
    if (out) *out = NULL;
    if (errmsg) *errmsg = NULL;
    if (!name || !text || !out || keywords < STYR_KEYWORDS_KEEP || keywords > STYR_KEYWORDS_DA)
        return STYR_ERR_USAGE;
    char *errors;
    size_t n;
    bool ok = fmt_text(name, text, len, (fmt_keywords)keywords, (flags & STYR_REPORT_COLOR) != 0,
                       out, &n, &errors);
    if (out_len) *out_len = ok ? n : 0;
    if (errmsg) *errmsg = errors;
    else free(errors);
    return ok ? STYR_OK : STYR_ERR_RULES;
}
