/*
** jit_int.h: what the parts of the JIT share: the layout of the environment compiled
** code reads its columns and helpers from, the per-block metadata the compiled module
** exports, and the code generator's entry point. Not for use outside runtime/jit*.c.
*/
#ifndef STYR_JIT_INT_H
#define STYR_JIT_INT_H

#include "jit.h"

/* Operations of jit_env.date_fn; each returns JIT_DATE_FAIL where the interpreter fails. */
enum { JD_YEAR, JD_MONTH, JD_DAY, JD_DATE, JD_DAYS_IN_MONTH, JD_END_OF_MONTH, JD_ADD_MONTHS };
#define JIT_DATE_FAIL INT64_MIN

/*
** What compiled code reads. Columns are numbered across datasets: column c of dataset d
** is col_base[d] + c. The helpers are the only functions compiled code calls.
*/
typedef struct jit_env {
    const int64_t *const *v;       /* values of every non-text column */
    const uint32_t *const *code;   /* dictionary codes of every text column */
    const uint8_t *const *empty;   /* empty flags, or NULL for a column without empty cells */
    void *rt;                      /* the runtime state the helpers below are given */
    void *(*index)(void *rt, int64_t ds, int64_t nkeys);               /* a key index */
    int64_t (*probe)(void *index, const int64_t *keys);               /* its row, or -1 */
    const uint32_t *(*xlat)(void *rt, int64_t from_col, int64_t to_col); /* code -> code */
    int64_t (*text_code)(void *rt, int64_t col, const char *s, int64_t len); /* or -1 */
    int64_t (*date_fn)(int64_t op, int64_t a, int64_t b, int64_t c);
    void *(*group)(void *groups, const int64_t *keys);                /* the group's state */
} jit_env;

/* What one call of a block function fills; each thread has its own. */
typedef struct jit_out {
    uint32_t *rerun;
    int64_t nrerun;
    int64_t checked;
    void *groups;
} jit_out;

/* void b_R_B(const jit_env *, jit_out *, int64_t from, int64_t to): rows [from, to). */
typedef void (*jit_block_fn)(const jit_env *, jit_out *, int64_t, int64_t);

/*
** Metadata of block B of rule R, exported as the int64_t array m_R_B:
**   [0] 1 when compiled; [1] 1 when grouped; [2] keys; [3] aggregates; then two numbers
**   per key (its kind, and its scale or the dictionary's column) and two per aggregate
**   (the scales of its value and of its weight).
** Group state: JIT_AGG_SLOTS int128 per aggregate: sum, weight sum, count, best, has best.
*/
enum { JM_COMPILED, JM_GROUPED, JM_NKEYS, JM_NAGGS, JM_HEAD };
enum { JK_NUM, JK_TEXT, JK_DATE, JK_BOOL };
enum { JA_SUM, JA_WSUM, JA_COUNT, JA_BEST, JA_HAS, JIT_AGG_SLOTS };
#define JIT_MAX_KEYS 16

/* The global column number of each dataset's first column. */
int *jit_col_bases(const program *prog);

/*
** Generates the code of every block of prog into a new libgccjit context and compiles
** it to a shared object at so_path. False with *err when libgccjit fails.
*/
bool jit_generate(const program *prog, dataset **data, const value *globals, const char *so_path, char **err);

#endif
