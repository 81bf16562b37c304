/*
** test_jitcache.c: SHA-256 against the FIPS 180-4 examples, and the JIT's compile cache:
** where it lives, that a stored shared object loads back and runs, that corrupt,
** truncated and foreign entries are caught and removed, and that runs storing and
** loading at once never see a broken entry. The shared objects are built here with cc.
*/
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "jitcache.h"
#include "sha256.h"

/* ------------------------------------------------------------------ SHA-256 */

/* The digest of n bytes at data, added in pieces of step bytes, as hex (static). */
static const char *hex_digest(const void *data, size_t n, size_t step)
{
    static char hex[65];
    sha256 h;
    sha256_init(&h);
    for (size_t i = 0; i < n; i += step)
        sha256_add(&h, (const char *)data + i, n - i < step ? n - i : step);
    uint8_t d[32];
    sha256_done(&h, d);
    sha256_hex(d, hex);
    return hex;
}

Test(sha256, empty_input)
{
    cr_assert_str_eq(hex_digest("", 0, 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, abc)
{
    cr_assert_str_eq(hex_digest("abc", 3, 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, the_448_bit_message_that_needs_a_second_padding_block)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const char *want = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    cr_assert_str_eq(hex_digest(m, strlen(m), strlen(m)), want);
    cr_assert_str_eq(hex_digest(m, strlen(m), 1), want);
}

Test(sha256, a_million_a_in_uneven_pieces)
{
    size_t n = 1000000;
    char *a = malloc(n);
    memset(a, 'a', n);
    const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    cr_assert_str_eq(hex_digest(a, n, n), want);
    cr_assert_str_eq(hex_digest(a, n, 997), want);
    cr_assert_str_eq(hex_digest(a, n, 64), want);
    free(a);
}

/* ------------------------------------------------------------------ helpers */

/* A fresh temporary folder (malloc'ed; th_tempdir's is static). */
static char *new_dir(void)
{
    return strdup(th_tempdir());
}

static char *path_in(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Builds dir/NAME.so holding `int answer(void) { return value; }` and returns its path. */
static char *build_so(const char *dir, const char *name, int value)
{
    char file[64], cmd[1024];
    snprintf(file, sizeof file, "%s.c", name);
    char *src = path_in(dir, file);
    FILE *f = fopen(src, "w");
    cr_assert(f);
    fprintf(f, "int answer(void) { return %d; }\n", value);
    fclose(f);
    snprintf(file, sizeof file, "%s.so", name);
    char *so = path_in(dir, file);
    snprintf(cmd, sizeof cmd, "cc -shared -fPIC -o '%s' '%s'", so, src);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    free(src);
    return so;
}

/* Calls answer() in a loaded object. */
static int answer_of(void *so)
{
    int (*fn)(void);
    *(void **)&fn = dlsym(so, "answer");
    cr_assert(fn, "no symbol answer: %s", dlerror());
    return fn();
}

static void key_of(uint8_t key[32], int n)
{
    memset(key, 0, 32);
    key[0] = (uint8_t)n;
    key[31] = 0xa5;
}

/* A cache folder with the entry for key 1 holding an object that answers 42. */
typedef struct fixture {
    char *dir;
    char *entry;
    uint8_t key[32];
} fixture;

static fixture stored_entry(void)
{
    fixture fx = { .dir = new_dir() };
    key_of(fx.key, 1);
    char *src = new_dir();
    char *so = build_so(src, "answer", 42);
    char *err = NULL;
    cr_assert(jc_store(fx.dir, fx.key, so, &err), "%s", err);
    cr_assert_null(err);
    free(so);
    free(src);
    fx.entry = jc_entry_path(fx.dir, fx.key);
    return fx;
}

static void fixture_free(fixture *fx)
{
    free(fx->dir);
    free(fx->entry);
}

static off_t size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Loads fx's entry, which must fail with a message containing want, and be gone. */
static void expect_rejected(const fixture *fx, const char *want)
{
    char *why = NULL;
    void *so = jc_load(fx->dir, fx->key, &why);
    cr_assert_null(so);
    cr_assert(why, "no reason given");
    cr_assert(strstr(why, want), "%s", why);
    cr_assert(strstr(why, fx->entry), "%s", why);
    cr_assert_eq(access(fx->entry, F_OK), -1, "the bad entry is still there");
    free(why);
}

/* ------------------------------------------------------------------ the folder */

/* Sets an environment variable, or unsets it for NULL; returns the old value (malloc'ed). */
static char *swap_env(const char *name, const char *value)
{
    const char *old = getenv(name);
    char *saved = old ? strdup(old) : NULL;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
    return saved;
}

/* Puts back what swap_env returned, and frees it. */
static void restore_env(const char *name, char *saved)
{
    if (saved) setenv(name, saved, 1);
    else unsetenv(name);
    free(saved);
}

/* jc_dir without creating, with the three variables set as given. */
static char *dir_with(const char *styr, const char *xdg, const char *home)
{
    char *s = swap_env("STYR_CACHE_DIR", styr);
    char *x = swap_env("XDG_CACHE_HOME", xdg);
    char *h = swap_env("HOME", home);
    char *err = NULL;
    char *dir = jc_dir(false, &err);
    restore_env("STYR_CACHE_DIR", s);
    restore_env("XDG_CACHE_HOME", x);
    restore_env("HOME", h);
    if (!dir) return err;
    cr_assert_null(err);
    return dir;
}

Test(jitcache, dir_is_STYR_CACHE_DIR_first)
{
    char *dir = dir_with("/c/styr", "/x", "/h");
    cr_assert_str_eq(dir, "/c/styr");
    free(dir);
}

Test(jitcache, dir_is_under_XDG_CACHE_HOME_when_STYR_CACHE_DIR_is_unset_or_empty)
{
    char *dir = dir_with(NULL, "/x", "/h");
    cr_assert_str_eq(dir, "/x/styr");
    free(dir);
    dir = dir_with("", "/x", "/h");
    cr_assert_str_eq(dir, "/x/styr");
    free(dir);
}

Test(jitcache, dir_is_under_HOME_when_XDG_CACHE_HOME_is_unset_empty_or_relative)
{
    const char *xdgs[] = { NULL, "", "relative/cache" };
    for (int i = 0; i < 3; i++) {
        char *dir = dir_with(NULL, xdgs[i], "/h");
        cr_assert_str_eq(dir, "/h/.cache/styr");
        free(dir);
    }
}

Test(jitcache, dir_without_any_variable_is_an_error)
{
    char *err = dir_with(NULL, NULL, NULL);
    cr_assert_str_eq(err, "no folder for the compile cache: STYR_CACHE_DIR, XDG_CACHE_HOME and HOME are not set");
    free(err);
}

Test(jitcache, dir_is_created_with_its_parents_private_to_the_user)
{
    char *base = new_dir();
    char *want = path_in(base, "a/b/styr");
    char *saved = swap_env("STYR_CACHE_DIR", want);
    char *err = NULL;
    char *dir = jc_dir(true, &err);
    restore_env("STYR_CACHE_DIR", saved);
    cr_assert_str_eq(dir, want, "%s", err);
    struct stat st;
    cr_assert_eq(stat(dir, &st), 0);
    cr_assert(S_ISDIR(st.st_mode));
    cr_assert_eq(st.st_mode & 0777, 0700);
    free(dir);
    free(want);
    free(base);
}

Test(jitcache, dir_that_cannot_be_created_names_the_path)
{
    char *base = new_dir();
    char *file = path_in(base, "file");
    close(open(file, O_CREAT | O_WRONLY, 0600));
    char *want = path_in(file, "styr");
    char *saved = swap_env("STYR_CACHE_DIR", want);
    char *err = NULL;
    char *dir = jc_dir(true, &err);
    restore_env("STYR_CACHE_DIR", saved);
    cr_assert_null(dir);
    cr_assert(err && strstr(err, "cannot create the cache folder") && strstr(err, want), "%s", err);
    free(err);
    free(want);
    free(file);
    free(base);
}

/* ------------------------------------------------------------------ storing and loading */

Test(jitcache, stored_object_loads_back_and_runs)
{
    fixture fx = stored_entry();
    char *why = NULL;
    void *so = jc_load(fx.dir, fx.key, &why);
    cr_assert(so, "%s", why);
    cr_assert_null(why);
    cr_assert_eq(answer_of(so), 42);
    dlclose(so);
    fixture_free(&fx);
}

Test(jitcache, entry_is_one_file_with_the_documented_header)
{
    fixture fx = stored_entry();
    char hex[65];
    sha256_hex(fx.key, hex);
    cr_assert(strstr(fx.entry, hex) && strstr(fx.entry, ".styrjit"), "%s", fx.entry);
    FILE *f = fopen(fx.entry, "rb");
    cr_assert(f);
    uint8_t head[JC_HEADER_SIZE];
    cr_assert_eq(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    cr_assert_eq(memcmp(head, "STYRJIT1", 8), 0);
    cr_assert_eq(memcmp(head + 8, fx.key, 32), 0);
    uint64_t len = 0;
    for (int i = 0; i < 8; i++)
        len |= (uint64_t)head[40 + i] << (8 * i);
    cr_assert_eq(len + JC_HEADER_SIZE, (uint64_t)size_of(fx.entry));
    fixture_free(&fx);
}

Test(jitcache, store_leaves_nothing_but_the_entry_in_the_folder)
{
    fixture fx = stored_entry();
    DIR *d = opendir(fx.dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        cr_assert(strstr(fx.entry, e->d_name), "stray file %s", e->d_name);
        n++;
    }
    closedir(d);
    cr_assert_eq(n, 1);
    fixture_free(&fx);
}

Test(jitcache, missing_entry_is_no_error)
{
    char *dir = new_dir();
    uint8_t key[32];
    key_of(key, 9);
    char *why = (char *)"untouched";
    cr_assert_null(jc_load(dir, key, &why));
    cr_assert_null(why);
    free(dir);
}

Test(jitcache, storing_a_missing_object_is_an_error_naming_it)
{
    char *dir = new_dir();
    uint8_t key[32];
    key_of(key, 1);
    char *err = NULL;
    cr_assert_not(jc_store(dir, key, "/nonexistent/x.so", &err));
    cr_assert_str_eq(err, "cannot read the compiled code /nonexistent/x.so: No such file or directory");
    free(err);
    free(dir);
}

Test(jitcache, storing_into_a_missing_folder_is_an_error_naming_the_entry)
{
    char *dir = new_dir();
    char *so = build_so(dir, "answer", 42);
    uint8_t key[32];
    key_of(key, 1);
    char *err = NULL;
    cr_assert_not(jc_store("/nonexistent", key, so, &err));
    cr_assert(err && strstr(err, "cannot write the cache entry /nonexistent/"), "%s", err);
    free(err);
    free(so);
    free(dir);
}

Test(jitcache, corrupt_entry_is_detected_and_removed)
{
    fixture fx = stored_entry();
    int fd = open(fx.entry, O_RDWR);
    off_t at = JC_HEADER_SIZE + (size_of(fx.entry) - JC_HEADER_SIZE) / 2;
    uint8_t byte;
    cr_assert_eq(pread(fd, &byte, 1, at), 1);
    byte ^= 0x10;
    cr_assert_eq(pwrite(fd, &byte, 1, at), 1);
    close(fd);
    expect_rejected(&fx, "is corrupt (the checksum of its compiled code does not match); removed it");
    fixture_free(&fx);
}

Test(jitcache, foreign_entry_under_another_keys_name_is_detected_and_removed)
{
    fixture fx = stored_entry();
    uint8_t other[32];
    key_of(other, 2);
    char *other_entry = jc_entry_path(fx.dir, other);
    cr_assert_eq(rename(fx.entry, other_entry), 0);
    memcpy(fx.key, other, 32);
    free(fx.entry);
    fx.entry = other_entry;
    expect_rejected(&fx, "is foreign (stored under another key)");
    fixture_free(&fx);
}

Test(jitcache, file_that_is_no_entry_at_all_is_foreign)
{
    fixture fx = stored_entry();
    FILE *f = fopen(fx.entry, "w");
    fputs("ELF? no: just some text that is longer than a header would be, well over eighty bytes.\n", f);
    fclose(f);
    expect_rejected(&fx, "is foreign (not a styr JIT cache entry of this format)");
    fixture_free(&fx);
}

Test(jitcache, truncated_payload_is_detected_and_removed)
{
    fixture fx = stored_entry();
    off_t size = size_of(fx.entry);
    cr_assert_eq(truncate(fx.entry, size - 100), 0);
    char want[128];
    snprintf(want, sizeof want, "is truncated (%lld bytes of compiled code where its header says %lld)",
             (long long)(size - 100 - JC_HEADER_SIZE), (long long)(size - JC_HEADER_SIZE));
    expect_rejected(&fx, want);
    fixture_free(&fx);
}

Test(jitcache, truncated_header_is_detected_and_removed)
{
    fixture fx = stored_entry();
    cr_assert_eq(truncate(fx.entry, 20), 0);
    expect_rejected(&fx, "is truncated (20 bytes, shorter than its header)");
    fixture_free(&fx);
}

Test(jitcache, rejected_entry_is_stored_again_and_loads)
{
    fixture fx = stored_entry();
    cr_assert_eq(truncate(fx.entry, 20), 0);
    expect_rejected(&fx, "truncated");
    char *so_path = build_so(fx.dir, "again", 43);
    char *err = NULL;
    cr_assert(jc_store(fx.dir, fx.key, so_path, &err), "%s", err);
    void *so = jc_load(fx.dir, fx.key, &err);
    cr_assert(so, "%s", err);
    cr_assert_eq(answer_of(so), 43);
    dlclose(so);
    free(so_path);
    fixture_free(&fx);
}

/* A closed memfd's number is given to the next one, and dlopen would hand back the
** first object for the second's /proc/self/fd name if the loader did not avoid it. */
Test(jitcache, two_entries_loaded_one_after_the_other_stay_distinct)
{
    char *dir = new_dir();
    uint8_t k1[32], k2[32];
    key_of(k1, 1);
    key_of(k2, 2);
    char *so1 = build_so(dir, "one", 1), *so2 = build_so(dir, "two", 2);
    char *err = NULL;
    cr_assert(jc_store(dir, k1, so1, &err), "%s", err);
    cr_assert(jc_store(dir, k2, so2, &err), "%s", err);
    void *h1 = jc_load(dir, k1, &err);
    cr_assert(h1, "%s", err);
    void *h2 = jc_load(dir, k2, &err);
    cr_assert(h2, "%s", err);
    void *h3 = jc_load(dir, k1, &err);
    cr_assert(h3, "%s", err);
    cr_assert_eq(answer_of(h1), 1);
    cr_assert_eq(answer_of(h2), 2);
    cr_assert_eq(answer_of(h3), 1);
    dlclose(h3);
    dlclose(h2);
    dlclose(h1);
    free(so1);
    free(so2);
    free(dir);
}

Test(jitcache, load_file_runs_the_object_after_the_file_is_deleted)
{
    char *dir = new_dir();
    char *so_path = build_so(dir, "answer", 42);
    char *err = NULL;
    void *so = jc_load_file(so_path, &err);
    cr_assert(so, "%s", err);
    cr_assert_null(err);
    unlink(so_path);
    cr_assert_eq(answer_of(so), 42);
    dlclose(so);
    free(so_path);
    free(dir);
}

Test(jitcache, load_file_of_a_file_that_is_no_shared_object_is_an_error)
{
    char *path = th_temp_file("not an ELF file", 15);
    char *err = NULL;
    cr_assert_null(jc_load_file(path, &err));
    cr_assert(err && strstr(err, "cannot load the compiled code: "), "%s", err);
    free(err);
    unlink(path);
    free(path);
}

/* ------------------------------------------------------------------ runs at once */

static pid_t spawn_storer(const char *dir, const uint8_t key[32], const char *so_path)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int failed = 0;
        for (int i = 0; i < 50; i++) {
            char *err = NULL;
            failed += !jc_store(dir, key, so_path, &err);
            free(err);
        }
        _exit(failed ? 1 : 0);
    }
    return pid;
}

Test(jitcache, two_runs_storing_while_a_third_loads_never_load_a_broken_entry)
{
    char *dir = new_dir();
    char *so_path = build_so(dir, "answer", 42);
    uint8_t key[32];
    key_of(key, 7);
    pid_t storers[2] = { spawn_storer(dir, key, so_path), spawn_storer(dir, key, so_path) };
    int loads = 0, hits = 0, running = 2;
    while (loads < 50 || running > 0) {
        char *why = NULL;
        void *so = jc_load(dir, key, &why);
        cr_assert(so || !why, "load %d: %s", loads, why);
        if (so) {
            cr_assert_eq(answer_of(so), 42);
            dlclose(so);
            hits++;
        }
        loads++;
        for (int i = 0; i < 2; i++) {
            int status;
            if (storers[i] > 0 && waitpid(storers[i], &status, WNOHANG) == storers[i]) {
                cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a storing run failed");
                storers[i] = 0;
                running--;
            }
        }
    }
    char *why = NULL;
    void *so = jc_load(dir, key, &why);
    cr_assert(so, "%s", why);
    cr_assert_eq(answer_of(so), 42);
    dlclose(so);
    cr_log_info("%d loads, %d hits", loads, hits);
    free(so_path);
    free(dir);
}
