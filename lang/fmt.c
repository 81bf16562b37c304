/*
** fmt.c: the formatter, see fmt.h. One pass over the tokens builds the lines; a second
** aligns table cells and trailing comments; the result is parsed again and checked to
** say exactly what the original said.
*/
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fmt_int.h"
#include "keywords.h"
#include "parse.h"
#include "parser.h"
#include "xalloc.h"

/* Cells aligned on a line; a test's table with more columns aligns the first ones. */
#define FMT_MAX_CELLS 24

typedef struct fmt_line {
    buf code;              /* indentation and code; for a comment line, the comment */
    int indent;            /* -1: a comment line whose indentation is not known yet */
    int stmt;              /* the indentation of the statement the line belongs to */
    const char *comment;   /* a trailing comment (into the source), or NULL */
    size_t comment_len;
    int group;             /* lines of one group align their cells; 0: none */
    fmt_cells cell_kind;   /* what makes a cell on the line */
    size_t cells[FMT_MAX_CELLS]; /* where in code the cells end */
    int ncells;
    bool blank, verbatim, is_comment;
} fmt_line;

/* An open bracket: ( [ or the { of a value in a text. */
typedef struct fmt_open {
    int col;               /* the column after it */
    int line, line_indent; /* the line it stands on, and that line's indentation */
    bool followed;         /* something follows it on its line */
} fmt_open;

typedef struct fmt {
    const src_file *src;
    parse_token *t;
    int n;
    kw_lang from, to;
    diags *d;
    fmt_line *lines;
    int nlines, cap;
    int cur;               /* the line being written, or -1 */
    int last_code;         /* the last line with code, or -1 */
    int pending;           /* the first comment line waiting for its indentation, or -1 */
    fmt_sect sect;
    int stmt;
    fmt_open *open;
    int depth, open_cap;
    int open_ifs;          /* `if`s whose `else` is still to come */
    int group, groups;
    int line_tokens;       /* tokens on the current line */
    int prev, prev2;       /* the kinds of the last two tokens */
    bool prev_unary;       /* the last token is a unary minus */
} fmt;

/* The display width of UTF-8 text: its characters. */
static int width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

static void pad(buf *b, int n)
{
    for (int i = 0; i < n; i++) buf_putc(b, ' ');
}

/* ------------------------------------------------------------------ lines */

static int add_line(fmt *f)
{
    XGROW(f->lines, f->cap, f->nlines + 1);
    fmt_line *l = &f->lines[f->nlines];
    memset(l, 0, sizeof *l);
    return f->nlines++;
}

static void blank_line(fmt *f)
{
    if (!f->nlines || f->lines[f->nlines - 1].blank) return;
    int i = add_line(f);
    f->lines[i].blank = true;
}

/* Gives the comment lines since the last code line their indentation: that of the code
** they precede, or, when a blank line parts them from it but not from the code above,
** that of the statement above (a note on what came before). */
static void place_comments(fmt *f, int next_indent, bool at_end)
{
    if (f->pending < 0) return;
    for (int i = f->pending; i < f->nlines; i++) {
        if (!f->lines[i].is_comment) continue;
        bool before = false, after = at_end;
        for (int j = f->last_code + 1; j < i; j++) before |= f->lines[j].blank;
        for (int j = i + 1; j < f->nlines; j++) after |= f->lines[j].blank;
        f->lines[i].indent = after && !before && f->last_code >= 0 ? f->lines[f->last_code].stmt : next_indent;
    }
    f->pending = -1;
}

static void start_line(fmt *f, int indent)
{
    place_comments(f, indent, false);
    int i = add_line(f);
    f->lines[i].indent = indent;
    f->lines[i].stmt = f->stmt;
    pad(&f->lines[i].code, indent);
    f->cur = f->last_code = i;
    f->line_tokens = 0;
}

static void comment(fmt *f, const parse_token *k, int newlines)
{
    const char *s = f->src->text + k->at.start;
    size_t n = k->at.end - k->at.start;
    while (n && strchr(" \t\r", s[n - 1])) n--;
    if (newlines == 0 && f->cur >= 0) {
        f->lines[f->cur].comment = s;
        f->lines[f->cur].comment_len = n;
        return;
    }
    if (newlines >= 2) blank_line(f);
    int i = add_line(f);
    f->lines[i].is_comment = true;
    f->lines[i].indent = -1;
    buf_add(&f->lines[i].code, s, n);
    if (f->pending < 0) f->pending = i;
    f->cur = -1;
}

/* ------------------------------------------------------------------ tokens */

static bool is_operand_end(int kind)
{
    switch (kind) {
    case IDENT: case NUMBER: case DATE: case STR_CLOSE: case ')': case ']': case TRUE: case FALSE:
    case EXISTS:
        return true;
    default:
        return false;
    }
}

static bool need_space(const fmt *f, int kind)
{
    switch (f->prev) {
    case '(': case '[': case '.': case STR_OPEN: case STR_PART: case INTERP_OPEN: return false;
    case '-': if (f->prev_unary) return false; break;
    default: break;
    }
    switch (kind) {
    case ')': case ']': case ',': case '.': case ':': case '[':
    case STR_CLOSE: case STR_PART: case INTERP_OPEN: case INTERP_CLOSE:
        return false;
    case '(':
        /* A call or a define's parameters hug the name; an emit's columns do not. */
        return !(f->prev == IDENT && f->prev2 != EMIT);
    default:
        return true;
    }
}

/* A number as "1_000.50 kr": one space before its unit. */
static void number_text(buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == '_' || s[i] == '.' || (s[i] >= '0' && s[i] <= '9'))) i++;
    buf_add(out, s, i);
    while (i < n && strchr(" \t", s[i])) i++;
    if (i < n) {
        buf_putc(out, ' ');
        buf_add(out, s + i, n - i);
    }
}

/* Keywords that may stand as a field's name (parser.y, field_name). */
static bool field_keyword(int token)
{
    switch (token) {
    case TARGET: case INFO: case KEY: case FORMAT: case HEADER: case TABLE: case MESSAGE: case ALL:
        return true;
    default:
        return false;
    }
}

/* A name the translated file would read as a keyword is an error: the file must say the
** same in either set. The header's words (region, period) and the nouns a test counts
** with (`with 2 violations`) are translated. */
static void name_text(fmt *f, parse_token *k, buf *out)
{
    if (f->sect == S_HEADER) {
        for (kw_header h = KW_REGION; h <= KW_PERIOD; h++) {
            if (!strcmp(k->text, kw_header_word(f->from, h))) {
                k->text = kw_header_word(f->to, h);
                k->len = strlen(k->text);
            }
        }
    }
    kw_count noun;
    bool plural;
    if ((f->prev2 == WITH || f->prev2 == HAS) && f->prev == NUMBER && kw_count_lookup(f->from, k->text, &noun, &plural)) {
        k->text = kw_count_word(f->to, noun, plural);
        k->len = strlen(k->text);
    }
    int kw = f->to != f->from ? kw_lookup(f->to, k->text, k->len) : 0;
    if (kw && !(k->field && field_keyword(kw))) {
        diag *g = diag_error(f->d, k->at, "`%s` is a name here, but a keyword in %s", k->text,
                             kw_lang_name(f->to));
        diag_hint(g, "rename it before translating the file");
    }
    buf_add(out, k->text, k->len);
}

static void token_text(fmt *f, parse_token *k, buf *out)
{
    const char *kw = k->kind == IDENT ? NULL : kw_word(f->to, k->kind);
    const char *s = f->src->text + k->at.start;
    size_t n = k->at.end - k->at.start;
    if (kw) buf_puts(out, kw);
    else if (k->kind == IDENT) name_text(f, k, out);
    else if (k->kind == NUMBER) number_text(out, s, n);
    else buf_add(out, s, n);
}

/* A doc string, its lines indented anew: what the scanner strips (the indentation its
** lines share) is replaced, everything else kept, so its text stays the same. */
static void docstring(fmt *f, const parse_token *k)
{
    const char *s = f->src->text + k->at.start + 3, *e = f->src->text + k->at.end - 3;
    const char *nl = memchr(s, '\n', (size_t)(e - s));
    buf *code = &f->lines[f->cur].code;
    buf_puts(code, "\"\"\"");
    buf_add(code, s, (size_t)((nl ? nl : e) - s));
    if (!nl) {
        buf_puts(code, "\"\"\"");
        return;
    }
    int indent = f->lines[f->cur].indent + (f->line_tokens > 1 ? 2 : 0);
    size_t common = SIZE_MAX;
    for (const char *p = nl + 1; p <= e;) {
        const char *end = memchr(p, '\n', (size_t)(e - p));
        if (!end) end = e;
        size_t ws = strspn(p, " \t");
        if (p + ws < end && ws < common) common = ws;
        p = end + 1;
    }
    if (common == SIZE_MAX) common = 0;
    for (const char *p = nl + 1; p <= e;) {
        const char *end = memchr(p, '\n', (size_t)(e - p));
        bool last = !end;
        if (last) end = e;
        size_t len = (size_t)(end - p), ws = strspn(p, " \t");
        if (ws > len) ws = len;
        const char *rest = p + (ws < common ? ws : common);
        size_t rest_len = (size_t)(end - rest);
        if (last) {
            start_line(f, indent);
            f->line_tokens = 1;
            if (strspn(p, " ") < len) buf_add(&f->lines[f->cur].code, rest, rest_len);
            buf_puts(&f->lines[f->cur].code, "\"\"\"");
        } else {
            int i = add_line(f);
            f->lines[i].verbatim = true;
            if (ws < len || rest_len) pad(&f->lines[i].code, indent);
            buf_add(&f->lines[i].code, rest, rest_len);
        }
        p = end + 1;
    }
}

/* Whether a cell ends after token i: on a column line after the name and after the type
** (`money` or `money per day`); on a row of a test's table after each value. */
static bool cell_ends(const fmt *f, const fmt_line *l, int i)
{
    int kind = f->t[i].kind;
    if (l->cell_kind == C_ROWS)
        return f->depth == 0 && (kind == IDENT || kind == NUMBER || kind == DATE || kind == TRUE ||
                                 kind == FALSE || kind == STR_CLOSE);
    int next = i + 1 < f->n ? f->t[i + 1].kind : 0;
    return f->line_tokens == 1 || (f->line_tokens == 2 && next != PER) ||
           (f->line_tokens == 4 && f->t[i - 1].kind == PER);
}

static void push_open(fmt *f)
{
    XGROW(f->open, f->open_cap, f->depth + 1);
    fmt_line *l = &f->lines[f->cur];
    f->open[f->depth++] = (fmt_open){ .col = width(l->code.data, l->code.len), .line = f->cur,
                                      .line_indent = l->indent };
}

/* The indentation of a line that starts with token kind under rule r. */
static int line_indent(fmt *f, int kind, const fmt_rule *r)
{
    if (f->depth > 0) {
        const fmt_open *o = &f->open[f->depth - 1];
        if (kind == ')' || kind == ']' || kind == INTERP_CLOSE) return o->line_indent;
        return o->followed ? o->col : o->line_indent + 4;
    }
    if (r) return f->stmt = r->indent;
    return f->stmt + 4;
}

static void code_token(fmt *f, int i, int newlines)
{
    parse_token *k = &f->t[i];
    const fmt_rule *r = f->depth == 0 ? fmt_rule_for(f->sect, k->kind) : NULL;
    if (r && k->kind == ELSE && f->open_ifs > 0) r = NULL;   /* the else of an if */
    if (r && r->indent == 0 && f->cur >= 0) newlines = newlines ? newlines : 1;
    if (newlines > 0 || f->cur < 0) {
        if (newlines >= 2) blank_line(f);
        if (r && r->then != f->sect) f->group = ++f->groups;
        start_line(f, line_indent(f, k->kind, r));
        if (r && r->cells) {
            f->lines[f->cur].group = f->group;
            f->lines[f->cur].cell_kind = r->cells;
        }
    } else if (r && r->then != f->sect) {
        f->group = ++f->groups;
    }
    fmt_line *l = &f->lines[f->cur];
    if (f->line_tokens++ && need_space(f, k->kind)) buf_putc(&l->code, ' ');
    if (f->depth && f->open[f->depth - 1].line == f->cur) f->open[f->depth - 1].followed = true;
    /* A test has no arithmetic: a minus there is a negative value. */
    bool unary = k->kind == '-' && (!is_operand_end(f->prev) || f->sect == S_GIVEN || f->sect == S_TEST);
    if (k->kind == DOCSTRING) docstring(f, k);
    else token_text(f, k, &l->code);
    l = &f->lines[f->cur];
    if (l->group && l->ncells < FMT_MAX_CELLS && cell_ends(f, l, i)) l->cells[l->ncells++] = l->code.len;
    switch (k->kind) {
    case '(': case '[': case INTERP_OPEN: push_open(f); break;
    case ')': case ']': case INTERP_CLOSE: if (f->depth) f->depth--; break;
    case IF: f->open_ifs++; break;
    case ELSE: if (f->open_ifs) f->open_ifs--; break;
    default: break;
    }
    if (r) f->sect = r->then;
    f->prev2 = f->prev;
    f->prev = k->kind;
    f->prev_unary = unary;
}

/* ------------------------------------------------------------------ alignment and output */

/* Lines of one group in a row align their cells, each cell as wide as its widest and two
** spaces apart. A cell with nothing after it is not padded. */
static void align_cells(fmt *f)
{
    for (int a = 0; a < f->nlines;) {
        int g = f->lines[a].group, b = a + 1;
        if (!g) {
            a++;
            continue;
        }
        int ncells = 0;
        for (; b < f->nlines && f->lines[b].group == g; b++)
            if (f->lines[b].ncells > ncells) ncells = f->lines[b].ncells;
        if (f->lines[a].ncells > ncells) ncells = f->lines[a].ncells;
        for (int c = 0; c < ncells; c++) {
            int w = 0;
            for (int i = a; i < b; i++) {
                fmt_line *l = &f->lines[i];
                if (c < l->ncells && l->cells[c] < l->code.len && width(l->code.data, l->cells[c]) > w)
                    w = width(l->code.data, l->cells[c]);
            }
            for (int i = a; i < b; i++) {
                fmt_line *l = &f->lines[i];
                if (c >= l->ncells || l->cells[c] >= l->code.len) continue;
                /* the cell is followed by one space; widen it */
                size_t at = l->cells[c] + 1;
                int more = w + 2 - width(l->code.data, at);
                buf t = {0};
                buf_add(&t, l->code.data, at);
                pad(&t, more);
                buf_add(&t, l->code.data + at, l->code.len - at);
                buf_free(&l->code);
                l->code = t;
                for (int d = c + 1; d < l->ncells; d++) l->cells[d] += (size_t)more;
            }
        }
        a = b;
    }
}

/* Trailing comments on lines in a row start in one column, two past the longest code. */
static void write_lines(fmt *f, buf *out)
{
    for (int a = 0; a < f->nlines;) {
        int b = a, w = 0;
        while (b < f->nlines && f->lines[b].comment) {
            int lw = width(f->lines[b].code.data, f->lines[b].code.len);
            if (lw > w) w = lw;
            b++;
        }
        if (b == a) b = a + 1;
        for (int i = a; i < b; i++) {
            fmt_line *l = &f->lines[i];
            if (l->is_comment) pad(out, l->indent);
            if (l->code.len) buf_add(out, l->code.data, l->code.len);
            if (l->comment) {
                pad(out, w + 2 - width(l->code.data, l->code.len));
                buf_add(out, l->comment, l->comment_len);
            }
            buf_putc(out, '\n');
        }
        a = b;
    }
}

/* ------------------------------------------------------------------ checking the result */

static bool same_token(const parse_token *a, const parse_token *b, const src_file *sa, const src_file *sb)
{
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case IDENT: case DOCSTRING: case STR_PART:
        return a->len == b->len && !memcmp(a->text, b->text, a->len);
    case NUMBER: return rat_eq(a->num, b->num) && a->unit == b->unit;
    case DATE: return a->date == b->date;
    case TOK_COMMENT: {
        const char *x = sa->text + a->at.start, *y = sb->text + b->at.start;
        size_t nx = a->at.end - a->at.start, ny = b->at.end - b->at.start;
        while (nx && strchr(" \t\r", x[nx - 1])) nx--;
        while (ny && strchr(" \t\r", y[ny - 1])) ny--;
        return nx == ny && !memcmp(x, y, nx);
    }
    default: return true;
    }
}

/* Parses the result and compares its tokens with the original's; a difference is a
** fault of the formatter, reported at the first token that differs. */
static bool says_the_same(fmt *f, const char *text, size_t len)
{
    src_file *again = src_from_text(f->src->path, text, len);
    arena a = {0};
    diags d = {0};
    parse_tokens toks = {0};
    parse_file_tokens(again, &a, &d, &toks);
    int i = 0;
    while (i < f->n && i < toks.n && same_token(&f->t[i], &toks.v[i], f->src, again)) i++;
    bool same = !d.errors && again->lang == (int)f->to && i == f->n && i == toks.n;
    if (!same) {
        loc at = i < f->n ? f->t[i].at : (loc){ .file = f->src, .start = 0, .end = 0 };
        diag *g = diag_error(f->d, at, "styr fmt would change what the file says here, so it leaves the file alone");
        diag_hint(g, "this is a fault of the formatter; please report it with the file");
    }
    free(toks.v);
    diag_free(&d);
    arena_free(&a);
    src_free(again);
    return same;
}

bool fmt_text(const char *path, const char *text, size_t len, fmt_keywords keywords, bool color,
              char **out, size_t *out_len, char **errors)
{
    src_file *src = src_from_text(path, text, len);
    arena a = {0};
    diags d = {0};
    parse_tokens toks = {0};
    parse_file_tokens(src, &a, &d, &toks);
    fmt f = { .src = src, .t = toks.v, .n = toks.n, .from = (kw_lang)src->lang, .d = &d,
              .cur = -1, .last_code = -1, .pending = -1 };
    f.to = keywords == FMT_KEEP ? f.from : (kw_lang)keywords;
    buf result = {0};
    if (!d.errors) {
        for (int i = 0; i < f.n; i++) {
            uint32_t from = i ? f.t[i - 1].at.end : 0;
            int newlines = 0;
            for (uint32_t p = from; p < f.t[i].at.start; p++) newlines += src->text[p] == '\n';
            if (i == 0) newlines = 1;
            if (f.t[i].kind == TOK_COMMENT) comment(&f, &f.t[i], newlines);
            else code_token(&f, i, newlines);
        }
        place_comments(&f, 0, true);
        while (f.nlines && f.lines[f.nlines - 1].blank) f.nlines--;
        align_cells(&f);
        write_lines(&f, &result);
    }
    bool ok = !d.errors && says_the_same(&f, result.data ? result.data : "", result.len);
    if (ok) {
        *out_len = result.len;
        *out = buf_take(&result);
        *errors = NULL;
    } else {
        buf msg = {0};
        diag_print(&d, &msg, color);
        *errors = buf_take(&msg);
        *out = NULL;
        *out_len = 0;
    }
    for (int i = 0; i < f.cap && i < f.nlines; i++) buf_free(&f.lines[i].code);
    free(f.lines);
    free(f.open);
    buf_free(&result);
    free(toks.v);
    diag_free(&d);
    arena_free(&a);
    src_free(src);
    return ok;
}
