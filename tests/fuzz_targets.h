/*
** fuzz_targets.h: what each fuzz target does with one input. tools/fuzz/fuzz.c hands
** libFuzzer's inputs to them (make fuzz); tests/test_fuzz_regressions.c runs every input
** that once crashed through them again. Each returns 0; a broken promise (JIT and
** interpreter disagreeing, a formatting that is not idempotent) aborts.
*/
#ifndef STYR_FUZZ_TARGETS_H
#define STYR_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* Scanner, parser and checker over the input as a rule file; the formatter over it when
** it checks, which must then be idempotent in both keyword sets. */
int fuzz_rules(const uint8_t *data, size_t size);
/* The CSV reader: the first bytes choose the dialect, the kinds of four columns, the size
** of a window and the longest record, the rest is the file. Read in memory, through a pipe
** in small windows, and (Windows-1252) as iconv's UTF-8 of it, the records must be the
** same; loaded in one go and in parts, the rows must be. */
int fuzz_csv(const uint8_t *data, size_t size);
/* `check` of a small rule file of the 2021-2022 agreement's shape over the input as its
** tariffs CSV, in the interpreter. */
int fuzz_check(const uint8_t *data, size_t size);
/* The same in the interpreter and with the JIT: the reports must be the same. */
int fuzz_engines(const uint8_t *data, size_t size);

typedef int (*fuzz_target)(const uint8_t *data, size_t size);

#endif
