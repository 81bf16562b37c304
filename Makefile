# styr: rules for the steering agreements of the specialised social area.
#
#   make          build the styr binary, libstyr (static and shared) and the SQLite extension
#   make run      install what is missing, build, run the 2021-2022 agreement on the sample data
#   make test     install what is missing, build and run every test
#   make asan     the test suite under AddressSanitizer and UndefinedBehaviorSanitizer
#   make tsan     the tests of many threads running one rule set under ThreadSanitizer
#   make fuzz     libFuzzer on the parser, the CSV reader, check and JIT against the
#                 interpreter, FUZZ_SECONDS (default 60) each
#   make fuzz-diff  JIT and interpreter on random rule files, seeds 1-5000 (SEEDS=a-b)
#   make soak     thousands of random rule files through the C API in one process, each
#                 held to a fresh process's report, memory held to no growth (SOAK_RUNS=2000)
#   make install  install the binary, libraries, header, styr.pc, stdlib, man page and the
#                 SQLite extension (lib/styr/styr_sqlite.so)
#                 under PREFIX (default /usr/local; DESTDIR for staging); make uninstall
#   make clean    remove build/

CC      ?= cc
BISON   ?= bison
FLEX    ?= flex
BUILD   ?= build

VERSION := 0.1.0
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wno-format-nonliteral
OPT     ?= -O2 -g
CFLAGS  ?=
CPPFLAGS += -Ilang -Iruntime -I$(BUILD)/gen -DSTYR_VERSION='"$(VERSION)"' -D_GNU_SOURCE
BASECFLAGS := -std=gnu11 $(OPT) -fPIC -fvisibility=hidden $(CFLAGS)
# The generated scanner and parser are compiled with relaxed warnings: their code is not ours.
GENCFLAGS  := -std=gnu11 $(OPT) -fPIC -fvisibility=hidden -Wno-unused-function -Wno-sign-compare $(CFLAGS)
LDLIBS  += -lxlsxwriter -lm

LIB_SRC  := $(wildcard lang/*.c runtime/*.c)
GEN_SRC  := $(BUILD)/gen/lexer.c $(BUILD)/gen/parser.c $(BUILD)/gen/stdlib_embed.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
CLI_SRC  := $(wildcard cli/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/*.c)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)
STDLIB   := $(wildcard stdlib/*.styr)

STYR     := $(BUILD)/styr
LIBA     := $(BUILD)/libstyr.a
LIBSO    := $(BUILD)/libstyr.so.$(VERSION)
TESTBIN  := $(BUILD)/styr-tests
DIFFGEN  := $(BUILD)/diffgen
THREADS  := $(BUILD)/styr-threads
SOAK     := $(BUILD)/styr-soak
SOAK_SRC := $(wildcard tools/soak/*.c)
# The SQLite extension (bindings/sqlite): libstyr's objects and its own, one loadable file.
SQLITE_SRC := $(wildcard bindings/sqlite/*.c)
SQLITE_OBJ := $(SQLITE_SRC:%.c=$(BUILD)/obj/%.o)
SQLITE_EXT := $(BUILD)/styr_sqlite.so

.PHONY: all run test asan tsan deps clean fuzz fuzz-diff soak bench install uninstall
all: $(STYR) $(LIBA) $(LIBSO) $(SQLITE_EXT)

deps:
	@sh tools/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@# Exit 1 is a verdict (a requirement fails in the sample data), not a failure of make.
	$(STYR) check rules/hovedstaden-2021-2022.styr || test $$? -eq 1

test: deps
	@# the benchmark driver is built too, so a change that breaks it is seen at once
	@$(MAKE) --no-print-directory $(STYR) $(TESTBIN) $(LIBSO) $(SQLITE_EXT) $(BUILD)/styr-jitloop-bench
	$(TESTBIN) --jobs 2 $(TEST_ARGS)

asan:
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tools/lsan.supp:print_suppressions=0 \
	$(MAKE) --no-print-directory BUILD=build/asan \
	    OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

# Threads share a rule set (the C API promises it); ThreadSanitizer watches them do it.
# Criterion cannot run under ThreadSanitizer, so the tests run a sanitized styr-threads.
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan OPT="-O1 -g -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
	    build/tsan/styr-threads
	@$(MAKE) --no-print-directory $(STYR) $(TESTBIN)
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" STYR_THREADS_BIN=build/tsan/styr-threads \
	    $(TESTBIN) --jobs 1 --filter 'api_threads/*' $(TEST_ARGS)

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h: lang/parser.y
	@mkdir -p $(dir $@)
	$(BISON) -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h: lang/lexer.l
	@mkdir -p $(dir $@)
	$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

$(BUILD)/gen/stdlib_embed.c: tools/embed.sh $(STDLIB)
	@mkdir -p $(dir $@)
	sh tools/embed.sh $(STDLIB) > $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(GENCFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: %.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(BASECFLAGS) $(WARN) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests -DSTYR_BIN='"$(STYR)"' -DDIFFGEN_BIN='"$(DIFFGEN)"' -DTHREADS_BIN='"$(THREADS)"' -DSOAK_BIN='"$(SOAK)"' \
	    -DSTYR_BUILD='"$(BUILD)"' -DSTYR_SQLITE_EXT='"$(SQLITE_EXT)"' -DSTYR_TEST_CFLAGS='"$(OPT)"' $(BASECFLAGS) $(WARN) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBSO): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libstyr.so.0 $(LDFLAGS) -o $@ $^ $(LDLIBS)
	ln -sf libstyr.so.$(VERSION) $(BUILD)/libstyr.so.0
	ln -sf libstyr.so.0 $(BUILD)/libstyr.so

$(SQLITE_EXT): $(SQLITE_OBJ) $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(STYR): $(CLI_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TESTBIN): $(TEST_OBJ) $(LIBA) | $(DIFFGEN) $(THREADS) $(SOAK)
	$(CC) $(LDFLAGS) -o $@ $^ -lcriterion $(LDLIBS)

# The generator of random rule files and data that tests/test_differential.c runs.
$(DIFFGEN): tools/diffgen.c
	@mkdir -p $(dir $@)
	$(CC) $(BASECFLAGS) $(WARN) -D_GNU_SOURCE $(LDFLAGS) -o $@ $<

# Fuzzing (issue 6): one libFuzzer binary per target of tests/fuzz_targets.h, the library
# built with clang and coverage; tools/fuzz/run.sh seeds the corpora and runs each target.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := rules csv check engines
FUZZ_CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz:
	@sh tools/install-deps.sh fuzz
	@# libgccjit.h lives among gcc's own headers, which clang must not see
	@mkdir -p build/fuzz/jit-include && ln -sf "$$(gcc -print-file-name=include)/libgccjit.h" build/fuzz/jit-include/
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang-14 \
	    OPT="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Ibuild/fuzz/jit-include" build/fuzz/libstyr.a
	@for t in $(FUZZ_TARGETS); do \
	    clang-14 -Ilang -Iruntime -Ibuild/fuzz/gen -Itests -D_GNU_SOURCE -DFUZZ_TARGET=fuzz_$$t \
	        $(FUZZ_CFLAGS) -fsanitize=fuzzer -o build/fuzz/fuzz-$$t tools/fuzz/fuzz.c tests/fuzz_targets.c \
	        build/fuzz/libstyr.a -lxlsxwriter -lm -lpthread -ldl || exit 1; \
	done
	@bash tools/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Many threads running one rule set through the C API (tests/test_api.c, make tsan).
$(THREADS): tools/threads.c $(LIBA)
	$(CC) $(CPPFLAGS) $(BASECFLAGS) $(WARN) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lpthread

# The soak test (tools/soak/): SOAK_RUNS random rule files through the C API in one process.
# tests/test_soak.c runs a short one in make test.
SOAK_RUNS ?= 2000
$(SOAK): $(SOAK_SRC) tools/soak/soak.h $(LIBA)
	$(CC) -Iruntime -D_GNU_SOURCE $(BASECFLAGS) $(WARN) $(LDFLAGS) -o $@ $(SOAK_SRC) $(LIBA) $(LDLIBS) -lpthread

soak: deps
	@$(MAKE) --no-print-directory $(STYR) $(DIFFGEN) $(SOAK)
	$(SOAK) --runs $(SOAK_RUNS)

# The differential test (JIT against interpreter) over many seeds: make fuzz-diff SEEDS=1-5000
SEEDS ?= 1-5000
fuzz-diff: deps
	@$(MAKE) --no-print-directory $(STYR) $(TESTBIN)
	STYR_DIFF_SEEDS=$(SEEDS) $(TESTBIN) --jobs 2 --filter 'differential/engines_agree*' $(TEST_ARGS)

# ------------------------------------------------------------------------------ install
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
INSTALLED  := $(BINDIR)/styr $(LIBDIR)/libstyr.a $(LIBDIR)/libstyr.so.$(VERSION) $(LIBDIR)/libstyr.so.0 \
              $(LIBDIR)/libstyr.so $(INCLUDEDIR)/styr.h $(LIBDIR)/pkgconfig/styr.pc $(MANDIR)/man1/styr.1 \
              $(STDLIB:%=$(DATADIR)/styr/%) $(LIBDIR)/styr/styr_sqlite.so

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(LIBDIR)/styr $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/styr/stdlib
	install -m 755 $(STYR) $(DESTDIR)$(BINDIR)/styr
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libstyr.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libstyr.so.$(VERSION)
	ln -sf libstyr.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libstyr.so.0
	ln -sf libstyr.so.0 $(DESTDIR)$(LIBDIR)/libstyr.so
	install -m 644 runtime/styr.h $(DESTDIR)$(INCLUDEDIR)/styr.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' tools/styr.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/styr.pc
	install -m 644 cli/styr.1 $(DESTDIR)$(MANDIR)/man1/styr.1
	install -m 644 $(STDLIB) $(DESTDIR)$(DATADIR)/styr/stdlib/
	install -m 755 $(SQLITE_EXT) $(DESTDIR)$(LIBDIR)/styr/styr_sqlite.so

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)%)
	-rmdir $(DESTDIR)$(DATADIR)/styr/stdlib $(DESTDIR)$(DATADIR)/styr $(DESTDIR)$(LIBDIR)/styr 2>/dev/null

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Benchmarks (issue 3): styr against hand-written C, DuckDB, SQLite, awk and pandas on a
# generated 10-million-row dataset (BENCH_ROWS=200000 for a quick run); see bench/run.sh.
bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/styr-jitloop-bench
	@bash bench/run.sh

# The compiled loops alone against the same loops compiled ahead of time (bench/jitloop.c).
$(BUILD)/styr-jitloop-bench: bench/jitloop.c $(LIBA)
	$(CC) $(CPPFLAGS) $(BASECFLAGS) $(WARN) -o $@ $^ $(LDLIBS)
