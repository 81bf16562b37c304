/*
** ruldiff_verdicts.c: the verdicts of two runs compared, rule by rule (matched by id):
** the status and the counts, old -> new, and the items (violations, missed targets,
** flagged rows and groups) that appear or disappear, known by their dataset and key.
** It reads the runs through the result functions of styr.h, as any program could.
*/
#include "ruldiff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xalloc.h"

enum { RDIFF_ITEMS_SHOWN = 20 };

/* The rule of that id in a run's results, or -1. */
static int rdiff_rule(const styr_run *run, const char *id)
{
    for (int r = 0; r < styr_result_rules(run); r++)
        if (!strcmp(styr_result_rule_id(run, r), id)) return r;
    return -1;
}

/* An item's name: "tariffs offer_id=T00042, year=2021" (its dataset, when it has one,
** and its key). */
static char *rdiff_item_key(const styr_run *run, int rule, int64_t item)
{
    buf b = { 0 };
    const char *ds = styr_item_text(run, rule, item, STYR_ITEM_DATASET);
    if (ds && *ds) buf_printf(&b, "%s ", ds);
    int n = styr_item_values(run, rule, item, STYR_PART_KEY);
    for (int k = 0; k < n; k++) {
        const char *name, *v = styr_item_value(run, rule, item, STYR_PART_KEY, k, &name, NULL);
        buf_printf(&b, "%s%s=%s", k ? ", " : "", name, v ? v : "(empty)");
    }
    return buf_take(&b);
}

static int rdiff_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct rdiff_keys {
    char **v;
    int64_t n;
} rdiff_keys;

/* The sorted keys of a rule's items (none when rule is -1). */
static rdiff_keys rdiff_keys_of(const styr_run *run, int rule)
{
    rdiff_keys k = { 0 };
    if (rule < 0) return k;
    k.n = styr_result_rule_count(run, rule, STYR_COUNT_ITEMS);
    k.v = xmalloc((size_t)(k.n ? k.n : 1) * sizeof *k.v);
    for (int64_t i = 0; i < k.n; i++) k.v[i] = rdiff_item_key(run, rule, i);
    qsort(k.v, (size_t)k.n, sizeof *k.v, rdiff_cmp);
    return k;
}

static void rdiff_keys_free(rdiff_keys *k)
{
    for (int64_t i = 0; i < k->n; i++) free(k->v[i]);
    free(k->v);
}

/* The keys of a that b lacks (both sorted), the first RDIFF_ITEMS_SHOWN written as a list
** (JSON: member name, then name_more), the rest counted. Returns their number. */
static int64_t rdiff_only_in(const rdiff_keys *a, const rdiff_keys *b, const char *name, bool json, buf *w)
{
    int64_t n = 0, j = 0;
    if (json) buf_printf(w, ",\"%s\":[", name);
    for (int64_t i = 0; i < a->n; i++) {
        while (j < b->n && strcmp(b->v[j], a->v[i]) < 0) j++;
        if (j < b->n && !strcmp(b->v[j], a->v[i])) {
            j++;
            continue;
        }
        if (n < RDIFF_ITEMS_SHOWN) {
            if (json) {
                if (n) buf_putc(w, ',');
                rep_json_string(w, a->v[i]);
            } else {
                buf_printf(w, "      %s %s\n", !strcmp(name, "appeared") ? "+" : "-", a->v[i]);
            }
        }
        n++;
    }
    int64_t more = n > RDIFF_ITEMS_SHOWN ? n - RDIFF_ITEMS_SHOWN : 0;
    if (json) buf_printf(w, "],\"%s_more\":%" PRId64, name, more);
    else if (more) buf_printf(w, "      and %" PRId64 " more %s\n", more, name);
    return n;
}

static void rdiff_count(buf *w, bool json, const char *name, int64_t a, int64_t b)
{
    if (json) buf_printf(w, ",\"old_%s\":%" PRId64 ",\"new_%s\":%" PRId64, name, a, name, b);
    else if (a != b) buf_printf(w, "      %s %" PRId64 " -> %" PRId64 "\n", name, a, b);
}

/* One rule's verdicts (ra or rb -1 where the rule is missing); whether they changed. */
static bool rdiff_rule_verdict(const styr_run *old, int ra, const styr_run *new, int rb, const char *id, bool json,
                               bool *first, buf *w)
{
    const char *sa = ra >= 0 ? styr_result_rule_status(old, ra) : NULL;
    const char *sb = rb >= 0 ? styr_result_rule_status(new, rb) : NULL;
    int64_t va = ra >= 0 ? styr_result_rule_count(old, ra, STYR_COUNT_VIOLATIONS) : 0;
    int64_t vb = rb >= 0 ? styr_result_rule_count(new, rb, STYR_COUNT_VIOLATIONS) : 0;
    int64_t xa = ra >= 0 ? styr_result_rule_count(old, ra, STYR_COUNT_EXPLAINED) : 0;
    int64_t xb = rb >= 0 ? styr_result_rule_count(new, rb, STYR_COUNT_EXPLAINED) : 0;
    int64_t ca = ra >= 0 ? styr_result_rule_count(old, ra, STYR_COUNT_CHECKED) : 0;
    int64_t cb = rb >= 0 ? styr_result_rule_count(new, rb, STYR_COUNT_CHECKED) : 0;
    rdiff_keys ka = rdiff_keys_of(old, ra), kb = rdiff_keys_of(new, rb);
    size_t mark = w->len;
    if (json) {
        buf_printf(w, "%s{\"rule\":", *first ? "" : ",");
        rep_json_string(w, id);
    } else {
        if (!sa) buf_printf(w, "  %s (a new rule): %s\n", id, sb);
        else if (!sb) buf_printf(w, "  %s (no longer a rule): was %s\n", id, sa);
        else if (!strcmp(sa, sb)) buf_printf(w, "  %s: %s, as before\n", id, sa);
        else buf_printf(w, "  %s: %s -> %s\n", id, sa, sb);
    }
    if (json) {
        buf_puts(w, ",\"old_status\":");
        sa ? rep_json_string(w, sa) : buf_puts(w, "null");
        buf_puts(w, ",\"new_status\":");
        sb ? rep_json_string(w, sb) : buf_puts(w, "null");
    }
    rdiff_count(w, json, "checked", ca, cb);
    rdiff_count(w, json, "violations", va, vb);
    rdiff_count(w, json, "explained", xa, xb);
    rdiff_count(w, json, "items", ka.n, kb.n);
    int64_t appeared = rdiff_only_in(&kb, &ka, "appeared", json, w);
    int64_t disappeared = rdiff_only_in(&ka, &kb, "disappeared", json, w);
    if (json) buf_putc(w, '}');
    rdiff_keys_free(&ka);
    rdiff_keys_free(&kb);
    bool changed = !sa || !sb || strcmp(sa, sb) || va != vb || xa != xb || ca != cb || appeared || disappeared;
    if (!changed && w->data) w->data[w->len = mark] = 0;
    if (changed) *first = false;
    return changed;
}

bool rdiff_verdicts(const styr_run *old, const styr_run *new, bool json, buf *w)
{
    bool changed = false, first = true;
    if (json) buf_puts(w, ",\"verdicts\":[");
    else buf_puts(w, "\nVerdicts over the data (+ an item that appears, - one that disappears)\n");
    size_t body = w->len;
    for (int r = 0; r < styr_result_rules(new); r++) {
        const char *id = styr_result_rule_id(new, r);
        changed |= rdiff_rule_verdict(old, rdiff_rule(old, id), new, r, id, json, &first, w);
    }
    for (int r = 0; r < styr_result_rules(old); r++) {
        const char *id = styr_result_rule_id(old, r);
        if (rdiff_rule(new, id) < 0) changed |= rdiff_rule_verdict(old, r, new, -1, id, json, &first, w);
    }
    if (json) buf_putc(w, ']');
    else if (w->len == body) buf_puts(w, "  no changes\n");
    return changed;
}
