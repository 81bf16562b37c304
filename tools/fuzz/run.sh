#!/bin/bash
# Runs each fuzz target built by `make fuzz` for SECONDS, from a corpus seeded with the
# project's own rule files and data. A crash leaves its input in build/fuzz/crash-TARGET-*
# and fails the run: copy the input to tests/fuzz/TARGET/ (make test then runs it through
# the target again, tests/test_fuzz_regressions.c) and fix the bug.
#   tools/fuzz/run.sh SECONDS TARGET...
set -u
seconds=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/fuzz
failed=0

# The CSV target reads 6 bytes of dialect and column kinds before the file.
seed_csv() {
    local dir=$1 i=0
    for f in "$root"/tests/data/csv/* "$root"/rules/data/*.csv; do
        printf '\x00\x01\x02\x04\x00\x00' > "$dir/seed-$i"
        head -c 4096 "$f" >> "$dir/seed-$i"
        i=$((i + 1))
    done
}

for t in "$@"; do
    corpus=$out/corpus-$t
    mkdir -p "$corpus"
    case $t in
        rules) cp "$root"/rules/*.styr "$root"/stdlib/*.styr "$root"/bench/*.styr "$corpus"/ ;;
        csv) seed_csv "$corpus" ;;
        check|engines) head -c 4096 "$root/rules/data/tariffs.csv" > "$corpus/seed-tariffs" ;;
    esac
    [ -d "$root/tests/fuzz/$t" ] && cp "$root/tests/fuzz/$t"/* "$corpus"/ 2>/dev/null
    echo "fuzz: $t for ${seconds}s"
    LSAN_OPTIONS="suppressions=$root/tools/lsan.supp:print_suppressions=0" STYR_CACHE_DIR="$out/cache" \
        "$out/fuzz-$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$out/crash-$t-" "$corpus" > "$out/fuzz-$t.log" 2>&1
    status=$?
    grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$out/fuzz-$t.log" | sed "s/^/fuzz: $t: /"
    if [ $status -ne 0 ]; then
        echo "fuzz: $t FAILED (see $out/fuzz-$t.log):" >&2
        grep -E "ERROR|SUMMARY|abort|Test unit written" "$out/fuzz-$t.log" | head -5 >&2
        failed=1
    fi
done
exit $failed
