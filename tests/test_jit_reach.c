/*
** test_jit_reach.c: compiled rules call nothing outside the runtime's own helpers (issue
** 6). The JIT gives generated code its helpers as function pointers in the environment
** (jit_env in runtime/jit_int.h); the shared objects it writes must import no function
** and need no library. Each test compiles rules into a fresh compile cache and reads the
** dynamic symbol table and the dynamic section of every entry (jitcache.h: a header,
** then the shared object) with <elf.h>: the shipped rules, and random rule files from
** tools/diffgen.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "jitcache.h"

#ifndef DIFFGEN_BIN
#define DIFFGEN_BIN "build/diffgen"
#endif

/* Random rule files checked, seeds 1..RANDOM_SEEDS (about 250 ms of compiling each). */
#define RANDOM_SEEDS 12

/* What gcc's start files (crtbegin.o, crti.o) put into every shared object, weak, for
** the C runtime's set-up and tear-down of the object: the generated blocks never call
** them. Anything else undefined would be a call out of the runtime's helpers. */
static const char *const crt_symbols[] = {
    "_ITM_deregisterTMCloneTable", "_ITM_registerTMCloneTable", "__cxa_finalize", "__gmon_start__", NULL,
};

static bool is_crt_symbol(const char *name)
{
    for (const char *const *s = crt_symbols; *s; s++)
        if (!strcmp(*s, name)) return true;
    return false;
}

/* Asserts that the shared object so (n bytes, from the cache entry `what`) imports
** nothing but the start files' weak symbols and needs no library. */
static void expect_no_imports(const uint8_t *so, size_t n, const char *what)
{
    cr_assert(n > sizeof(Elf64_Ehdr) && !memcmp(so, ELFMAG, SELFMAG) && so[EI_CLASS] == ELFCLASS64,
              "%s: not a 64-bit ELF object", what);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)so;
    cr_assert(eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) <= n, "%s: truncated", what);
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(so + eh->e_shoff);
    int dynsyms = 0, dynamics = 0;
    for (int i = 0; i < eh->e_shnum; i++) {
        cr_assert(sh[i].sh_type == SHT_NOBITS || sh[i].sh_offset + sh[i].sh_size <= n, "%s: truncated", what);
        if (sh[i].sh_type == SHT_DYNSYM) {
            dynsyms++;
            const Elf64_Sym *sym = (const Elf64_Sym *)(so + sh[i].sh_offset);
            const char *names = (const char *)(so + sh[sh[i].sh_link].sh_offset);
            for (size_t k = 1; k < sh[i].sh_size / sizeof *sym; k++) {
                const char *name = names + sym[k].st_name;
                if (sym[k].st_shndx != SHN_UNDEF) continue;
                cr_assert(is_crt_symbol(name) && ELF64_ST_BIND(sym[k].st_info) == STB_WEAK,
                          "%s: the compiled code imports %s", what, name);
            }
        } else if (sh[i].sh_type == SHT_DYNAMIC) {
            dynamics++;
            const Elf64_Dyn *d = (const Elf64_Dyn *)(so + sh[i].sh_offset);
            for (size_t k = 0; k < sh[i].sh_size / sizeof *d && d[k].d_tag != DT_NULL; k++)
                cr_assert_neq(d[k].d_tag, DT_NEEDED, "%s: the compiled code needs a library", what);
        }
    }
    cr_assert_eq(dynsyms, 1, "%s: one dynamic symbol table", what);
    cr_assert_eq(dynamics, 1, "%s: one dynamic section", what);
}

/* Checks every entry of the cache folder; returns how many there were. */
static int expect_cache_imports_nothing(const char *cache)
{
    DIR *d = opendir(cache);
    cr_assert_not_null(d, "no compile cache in %s", cache);
    int entries = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".styrjit")) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", cache, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f);
        char *entry = th_read_all(f);
        long size = ftell(f);
        fclose(f);
        cr_assert_gt(size, JC_HEADER_SIZE, "%s", path);
        /* malloc's alignment and the header's 80 bytes keep the ELF structures aligned. */
        expect_no_imports((const uint8_t *)entry + JC_HEADER_SIZE, (size_t)size - JC_HEADER_SIZE, path);
        free(entry);
        entries++;
    }
    closedir(d);
    return entries;
}

/* Compiles the rule file (with the JIT, into a fresh cache) and checks what it wrote. */
static void expect_compiled_rules_import_nothing(const char *rules)
{
    char cache[64], cmd[2048], *out;
    snprintf(cache, sizeof cache, "%s", th_tempdir());
    snprintf(cmd, sizeof cmd, "STYR_CACHE_DIR=%s %s check %s --engine jit --quiet > /dev/null", cache, STYR_BIN, rules);
    int st = th_shell(&out, cmd);
    cr_assert(st == 0 || st == 1, "%s: %s", cmd, out);
    free(out);
    cr_assert_gt(expect_cache_imports_nothing(cache), 0, "%s compiled nothing", rules);
}

Test(jit_reach, compiled_2021_2022_rules_import_nothing)
{
    expect_compiled_rules_import_nothing("rules/hovedstaden-2021-2022.styr");
}

Test(jit_reach, compiled_2019_2020_rules_import_nothing)
{
    expect_compiled_rules_import_nothing("rules/hovedstaden-2019-2020.styr");
}

Test(jit_reach, compiled_random_rules_import_nothing)
{
    for (int seed = 1; seed <= RANDOM_SEEDS; seed++) {
        char dir[64], cmd[512], rules[128], *out;
        snprintf(dir, sizeof dir, "%s", th_tempdir());
        snprintf(cmd, sizeof cmd, "%s --seed %d %s", DIFFGEN_BIN, seed, dir);
        cr_assert_eq(th_shell(&out, cmd), 0, "%s: %s", cmd, out);
        free(out);
        snprintf(rules, sizeof rules, "%s/rules.styr", dir);
        expect_compiled_rules_import_nothing(rules);
    }
}

Test(jit_reach, generator_bakes_in_no_address_and_no_assembly)
{
    /* A call through an address written into the code, or inline assembly, would not
    ** show as an import: the generator uses none of the libgccjit calls that make them. */
    char *out;
    int st = th_shell(&out, "grep -n -e GCC_JIT_FUNCTION_IMPORTED -e new_rvalue_from_ptr -e extended_asm "
                            "-e get_builtin_function runtime/jit*.c");
    cr_assert_eq(st, 1, "found:\n%s", out);
    free(out);
}
