#!/usr/bin/env bash
# bench/run.sh: `make bench` (issue 3, section 6).
#
# Generates a large dataset with tools/gendata.c (fixed seed) and runs two audits over it with
# styr and with peers that compute the same numbers:
#   (a) tariffs:    R4 indexation_cap with R5's explanations, R8 base_service_split and R6
#                   overhead_target (joined with offers), bench/audit_tariffs.styr
#   (b) placements: R10 expenditure per buying municipality and year (a group-by),
#                   bench/audit_placements.styr
# Peers: styr --engine jit (default --jobs, and --jobs 1), styr --engine interp, bench/audit.c
# (hand-written, -O2), sqlite3 (import + query), DuckDB (npm package, in bench/.peers), mawk
# and gawk (LC_ALL=C), pandas (Debian's python3-pandas under /usr/bin/python3).
# Every peer must print the same canonical result lines as styr --engine interp (the reference
# semantics); any difference is printed as DISAGREE and fails the run. Then a table per audit:
# wall time, MB/s of CSV, peak memory, ratio to styr jit. Raw figures go to
# bench/results/latest.txt, each peer's output and errors to bench/results/last-run/.
#
# Environment:
#   BENCH_ROWS=N          tariff rows wanted (default 10000000; about 8.1 rows per offer, so
#                         the count is approximate); also the placement rows unless
#   BENCH_PLACEMENTS=N    placement rows (default BENCH_ROWS)
#   BENCH_SEED=N          gendata seed (default 2021)
#   BENCH_PEERS="..."     run only these peers (names as in the table)
#   BENCH_REPEAT=N        run each peer N times and keep its fastest time (default 1; the
#                         peak memory is the largest of the runs)
#   BENCH_INTERP_MEM_GB=N address-space limit of the styr interpreter peer (default 20); a run
#                         over it is reported as "over memory limit" and the JIT becomes the
#                         reference
#   BENCH_INTERP_MAX_ROWS=N  skip the interpreter peer above N tariff rows (default: no limit)
#   BENCH_DUCKDB_VERSION  the @duckdb/node-api version npm installs (default below)
#   CC                    compiler for gendata and audit.c (default cc)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
DATA=$BENCH/.data
PEERS_DIR=$BENCH/.peers
RESULTS=$BENCH/results
RUN=$RESULTS/last-run
CC=${CC:-cc}

ROWS=${BENCH_ROWS:-10000000}
PLACEMENTS=${BENCH_PLACEMENTS:-$ROWS}
SEED=${BENCH_SEED:-2021}
INTERP_MEM_GB=${BENCH_INTERP_MEM_GB:-20}
INTERP_MAX_ROWS=${BENCH_INTERP_MAX_ROWS:-}
REPEAT=${BENCH_REPEAT:-1}
DUCKDB_VERSION=${BENCH_DUCKDB_VERSION:-1.5.6-r.1}
ALL_PEERS="styr-jit styr-jit-j1 styr-interp c-O2 duckdb sqlite3 mawk gawk pandas"
WANT_PEERS=${BENCH_PEERS:-$ALL_PEERS}

for v in ROWS PLACEMENTS SEED INTERP_MEM_GB REPEAT; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "bench: $v must be a whole number, not '${!v}'" >&2; exit 2; }
done
(( ROWS >= 1000 )) || { echo "bench: BENCH_ROWS must be at least 1000" >&2; exit 2; }
(( REPEAT >= 1 )) || { echo "bench: BENCH_REPEAT must be at least 1" >&2; exit 2; }

rm -rf "$RUN"
mkdir -p "$RUN" "$DATA"
LATEST=$RUN/latest.txt
: > "$LATEST"

say() { printf '%s\n' "$*"; }
record() { printf '%s\n' "$*" >> "$LATEST"; }
wants() { [[ " $WANT_PEERS " == *" $1 "* ]]; }

# ------------------------------------------------------------------------------ tools

sh "$BENCH/install-peers.sh"

STALE=""
say "bench: building styr (make all)"
if ! make --no-print-directory all > "$RUN/make.log" 2>&1; then
    tail -n 15 "$RUN/make.log" >&2
    if [ -x build/styr ]; then
        STALE="make all failed; benchmarked the build/styr that was already there"
        say "bench: WARNING: $STALE (see $RUN/make.log)"
    else
        say "bench: make all failed and there is no build/styr (see $RUN/make.log)" >&2
        exit 1
    fi
fi
STYR=$ROOT/build/styr

mkdir -p build/bench
# gendata is built as rules/data/README.md says
if [ ! -x build/gendata ] || [ tools/gendata.c -nt build/gendata ]; then
    $CC -std=gnu11 -O2 -Wall -Wextra -Werror -o build/gendata tools/gendata.c -lm
fi
if [ ! -x build/bench/audit ] || [ bench/audit.c -nt build/bench/audit ]; then
    $CC -std=gnu11 -O2 -Wall -Wextra -Werror -o build/bench/audit bench/audit.c
fi

# DuckDB: its npm package (the binary ships inside the registry package) in bench/.peers
DUCKDB_OK=""
if wants duckdb; then
    if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
        say "bench: node or npm is missing: the DuckDB peer is skipped"
    else
        if ! NODE_PATH=$PEERS_DIR/node_modules node -e "require('@duckdb/node-api')" 2> /dev/null; then
            mkdir -p "$PEERS_DIR"
            [ -f "$PEERS_DIR/package.json" ] || printf '{"private": true}\n' > "$PEERS_DIR/package.json"
            say "bench: installing @duckdb/node-api@$DUCKDB_VERSION into bench/.peers"
            (cd "$PEERS_DIR" && npm install --no-audit --no-fund --loglevel=error \
                "@duckdb/node-api@$DUCKDB_VERSION") > "$RUN/npm.log" 2>&1 || true
        fi
        if NODE_PATH=$PEERS_DIR/node_modules node -e "require('@duckdb/node-api')" 2> /dev/null; then
            DUCKDB_OK=1
        else
            say "bench: npm could not install @duckdb/node-api (see $RUN/npm.log): the DuckDB peer is skipped"
        fi
    fi
fi

PANDAS_OK=""
if wants pandas; then
    if dpkg-query -W -f='${Status}' python3-pandas 2> /dev/null | grep -q "install ok installed" &&
        /usr/bin/python3 -c "import pandas" 2> /dev/null; then
        PANDAS_OK=1
    else
        say "bench: python3-pandas is not installed (sudo apt-get install python3-pandas): the pandas peer is skipped"
    fi
fi

# The benchmark must measure the shipped rules: the bench rule files copy them word for word.
if ! /usr/bin/python3 "$BENCH/styr_canon.py" --same-rules rules/hovedstaden-2021-2022.styr \
        "$BENCH/audit_tariffs.styr" "$BENCH/audit_placements.styr"; then
    say "bench: the rules in bench/audit_*.styr no longer match rules/hovedstaden-2021-2022.styr; copy them again" >&2
    exit 1
fi

# ------------------------------------------------------------------------------ data

# gendata writes about 8.0977 tariff rows per offer (1,100,000 offers give 8,907,455 rows)
OFFERS=$(( (ROWS * 10000 + 40488) / 80977 ))
GENSUM=$(sha256sum tools/gendata.c | cut -c1-16)
STAMP="gendata $GENSUM --seed $SEED --tariff-offers $OFFERS --placements $PLACEMENTS"
if [ "$(cat "$DATA/STAMP" 2> /dev/null)" != "$STAMP" ]; then
    say "bench: generating $DATA ($STAMP)"
    rm -f "$DATA"/*.csv "$DATA/STAMP"
    t0=$EPOCHREALTIME
    build/gendata --seed "$SEED" --tariff-offers "$OFFERS" --placements "$PLACEMENTS" "$DATA"
    say "bench: generated in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
    printf '%s\n' "$STAMP" > "$DATA/STAMP"
else
    say "bench: reusing $DATA ($STAMP)"
fi

lines() { local n; n=$(wc -l < "$1"); echo $(( n - 1 )); }
TARIFF_ROWS=$(lines "$DATA/tariffs.csv")
PLACEMENT_ROWS=$(lines "$DATA/placements.csv")
OFFER_ROWS=$(lines "$DATA/offers.csv")
EXPL_ROWS=$(lines "$DATA/explanations.csv")
fsize() { stat -c %s "$@" | awk '{ s += $1 } END { printf "%d", s }'; }
TARIFF_FILES=("$DATA/offers.csv" "$DATA/explanations.csv" "$DATA/pl_index.csv" "$DATA/tariffs.csv")
PLACEMENT_FILES=("$DATA/placements.csv" "$DATA/municipalities.csv")
TARIFF_BYTES=$(fsize "${TARIFF_FILES[@]}")
PLACEMENT_BYTES=$(fsize "${PLACEMENT_FILES[@]}")

# ------------------------------------------------------------------------------ the machine

CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
CORES=$(nproc)
MEM_GIB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
LOAD_START=$(loadavg)

say ""
say "machine: $CPU, $CORES cores, $MEM_GIB GiB memory, $(uname -sr)"
say "styr:    $("$STYR" --version 2>&1 | head -n 1)${STALE:+ (WARNING: $STALE)}"
say "peers:   $($CC --version | head -n 1); sqlite3 $(sqlite3 --version | cut -d' ' -f1);" \
    "$(mawk -W version 2>&1 | head -n 1); $(gawk --version | head -n 1 | cut -d, -f1)${DUCKDB_OK:+; duckdb (node) $DUCKDB_VERSION, node $(node --version)}${PANDAS_OK:+; pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')}"
say "data:    seed $SEED; tariffs audit: $TARIFF_ROWS tariff rows, $OFFER_ROWS offers, $EXPL_ROWS explanations," \
    "$(mb "$TARIFF_BYTES") MB of CSV; placements audit: $PLACEMENT_ROWS placement rows, $(mb "$PLACEMENT_BYTES") MB of CSV"
say "         (MB = 10^6 bytes; each audit's files are read into the page cache before its peers run;" \
    "each peer runs $REPEAT time(s), the fastest counts)"
say "load:    1-minute load average $LOAD_START at the start"
record "machine_cpu=$CPU"
record "machine_cores=$CORES"
record "machine_mem_gib=$MEM_GIB"
record "kernel=$(uname -sr)"
record "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
record "git_head=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)"
record "styr_stale=${STALE:-no}"
record "repeat=$REPEAT"
record "load_start=$LOAD_START"
record "seed=$SEED tariff_rows=$TARIFF_ROWS offers=$OFFER_ROWS explanations=$EXPL_ROWS tariffs_audit_bytes=$TARIFF_BYTES"
record "placement_rows=$PLACEMENT_ROWS placements_audit_bytes=$PLACEMENT_BYTES"

# ------------------------------------------------------------------------------ peers

declare -A WALL PEAK STATUS OTHER

# Busy CPU time of the whole machine so far, in seconds (from /proc/stat: user, nice, system,
# irq, softirq and steal; clock ticks of 1/100 s).
cpu_busy() { awk '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100; exit }' /proc/stat; }

# run_peer AUDIT PEER OK_CODES MEMLIMIT_KIB CMD...: runs CMD under /usr/bin/time with its
# output in $RUN/PEER.AUDIT.{out,err}; records wall time, peak memory and status, and how many
# cores other processes kept busy meanwhile (the machine's busy CPU time less the peer's own,
# over the wall time), which tells whether the time can be trusted.
run_peer() {
    local audit=$1 peer=$2 ok=$3 memlimit=$4
    shift 4
    local base=$RUN/$peer.$audit rc=0 t0 t1 c0 c1 i wall peak own other
    WALL[$audit,$peer]=""
    PEAK[$audit,$peer]=0
    for (( i = 1; i <= REPEAT && rc == 0; i++ )); do
        c0=$(cpu_busy)
        t0=$EPOCHREALTIME
        (
            if [ "$memlimit" != 0 ]; then ulimit -v "$memlimit"; fi
            exec /usr/bin/time -f '%M %U %S' -o "$base.time" "$@"
        ) > "$base.out" 2> "$base.err" || rc=$?
        t1=$EPOCHREALTIME
        c1=$(cpu_busy)
        if [[ " $ok " == *" $rc "* ]]; then rc=0; fi
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        read -r peak own < <(tail -n 1 "$base.time" 2> /dev/null | awk '{ print $1, $2 + $3 }') || true
        [[ ${peak:-} =~ ^[0-9]+$ ]] || peak=0
        other=$(awk -v a="$c0" -v b="$c1" -v o="${own:-0}" -v w="$wall" \
            'BEGIN { x = (b - a - o) / w; printf "%.2f", x < 0 ? 0 : x }')
        if [ -z "${WALL[$audit,$peer]}" ] || awk -v a="$wall" -v b="${WALL[$audit,$peer]}" 'BEGIN { exit !(a < b) }'; then
            WALL[$audit,$peer]=$wall
            OTHER[$audit,$peer]=$other
        fi
        if (( peak > PEAK[$audit,$peer] )); then PEAK[$audit,$peer]=$peak; fi
    done
    if [[ " $ok " == *" $rc "* ]]; then
        STATUS[$audit,$peer]=ok
    else
        STATUS[$audit,$peer]="failed (exit $rc)"
        if [ "$memlimit" != 0 ] && grep -qi "memory" "$base.err"; then
            STATUS[$audit,$peer]="over memory limit ($INTERP_MEM_GB GiB)"
        fi
        say "bench: $peer ($audit) failed with exit status $rc; its errors ($base.err):"
        tail -n 5 "$base.err" | sed 's/^/    /'
    fi
    say "  $(printf '%-12s %8.2f s %8.0f MiB  %s  (other work: %s cores)' "$peer" "${WALL[$audit,$peer]}" \
        "$(awk -v k="${PEAK[$audit,$peer]}" 'BEGIN { print k / 1024 }')" "${STATUS[$audit,$peer]}" "${OTHER[$audit,$peer]}")"
}

# canon AUDIT PEER: the peer's result lines, sorted, in $RUN/PEER.AUDIT.canon
canon() {
    local base=$RUN/$2.$1
    if [[ $2 == styr* ]]; then
        /usr/bin/python3 "$BENCH/styr_canon.py" "$base.json" | LC_ALL=C sort > "$base.canon"
    else
        LC_ALL=C sort "$base.out" > "$base.canon"
    fi
}

run_audit() {
    local audit=$1 styrfile=$2
    shift 2
    # the bench rule files import rules/datasets.styr, outside their own folder
    local -a styrdata=(--allow-path "$ROOT/rules" "$@")
    local files
    if [ "$audit" = tariffs ]; then files=("${TARIFF_FILES[@]}"); else files=("${PLACEMENT_FILES[@]}"); fi
    cat "${files[@]}" > /dev/null    # into the page cache
    say ""
    say "audit ($audit): running the peers"

    local interp_mem=$(( INTERP_MEM_GB * 1024 * 1024 ))
    wants styr-jit && run_peer "$audit" styr-jit "0 1" 0 \
        "$STYR" check "$styrfile" --engine jit "${styrdata[@]}" --format json -o "$RUN/styr-jit.$audit.json"
    wants styr-jit-j1 && run_peer "$audit" styr-jit-j1 "0 1" 0 \
        "$STYR" check "$styrfile" --engine jit --jobs 1 "${styrdata[@]}" --format json -o "$RUN/styr-jit-j1.$audit.json"
    if wants styr-interp; then
        if [ -n "$INTERP_MAX_ROWS" ] && (( TARIFF_ROWS > INTERP_MAX_ROWS )); then
            STATUS[$audit,styr-interp]="skipped (BENCH_INTERP_MAX_ROWS=$INTERP_MAX_ROWS)"
            say "  styr-interp  skipped: more than BENCH_INTERP_MAX_ROWS=$INTERP_MAX_ROWS rows"
        else
            run_peer "$audit" styr-interp "0 1" "$interp_mem" \
                "$STYR" check "$styrfile" --engine interp "${styrdata[@]}" --format json -o "$RUN/styr-interp.$audit.json"
        fi
    fi
    wants c-O2 && run_peer "$audit" c-O2 0 0 "$ROOT/build/bench/audit" "$audit" "$DATA"
    if wants duckdb && [ -n "$DUCKDB_OK" ]; then
        NODE_PATH=$PEERS_DIR/node_modules run_peer "$audit" duckdb 0 0 node "$BENCH/audit_duckdb.cjs" "$audit" "$DATA"
    fi
    wants sqlite3 && run_peer "$audit" sqlite3 0 0 \
        sqlite3 -bail -cmd ".cd $DATA" -cmd ".read $BENCH/audit_$audit.sql" :memory: < /dev/null
    local awkfiles
    if [ "$audit" = tariffs ]; then awkfiles=("${TARIFF_FILES[@]}"); else awkfiles=("$DATA/placements.csv"); fi
    wants mawk && LC_ALL=C run_peer "$audit" mawk 0 0 mawk -f "$BENCH/audit_$audit.awk" "${awkfiles[@]}"
    wants gawk && LC_ALL=C run_peer "$audit" gawk 0 0 gawk -f "$BENCH/audit_$audit.awk" "${awkfiles[@]}"
    if wants pandas && [ -n "$PANDAS_OK" ]; then
        run_peer "$audit" pandas 0 0 /usr/bin/python3 "$BENCH/audit_pandas.py" "$audit" "$DATA"
    fi
}

run_audit tariffs "$BENCH/audit_tariffs.styr" \
    --data "offers=$DATA/offers.csv" --data "explanations=$DATA/explanations.csv" \
    --data "pl_index=$DATA/pl_index.csv" --data "tariffs=$DATA/tariffs.csv"
run_audit placements "$BENCH/audit_placements.styr" \
    --data "placements=$DATA/placements.csv" --data "municipalities=$DATA/municipalities.csv"

# ------------------------------------------------------------------------------ agreement

FAIL=0
declare -A REF
say ""
for audit in tariffs placements; do
    for peer in $ALL_PEERS; do
        [ "${STATUS[$audit,$peer]:-}" = ok ] && canon "$audit" "$peer"
    done
    ref=""
    for peer in styr-interp styr-jit c-O2; do
        if [ "${STATUS[$audit,$peer]:-}" = ok ]; then ref=$peer; break; fi
    done
    if [ -z "$ref" ]; then
        say "bench: audit ($audit): neither styr nor the C peer produced a result: nothing to compare"
        FAIL=1
        continue
    fi
    REF[$audit]=$ref
    [ "$ref" = styr-interp ] || say "bench: NOTE: audit ($audit): the interpreter has no result; comparing with $ref"
    for peer in $ALL_PEERS; do
        [ "${STATUS[$audit,$peer]:-}" = ok ] || continue
        [ "$peer" = "$ref" ] && continue
        if cmp -s "$RUN/$ref.$audit.canon" "$RUN/$peer.$audit.canon"; then
            STATUS[$audit,$peer]=agrees
        else
            STATUS[$audit,$peer]=DISAGREES
            FAIL=1
            say "DISAGREE: audit ($audit): $peer differs from $ref (< $ref, > $peer):"
            diff "$RUN/$ref.$audit.canon" "$RUN/$peer.$audit.canon" | head -n 20 | sed 's/^/    /'
        fi
    done
    STATUS[$audit,$ref]="reference"
    say "audit ($audit): the numbers every peer must reproduce ($ref):"
    grep -v '^expenditure ' "$RUN/$ref.$audit.canon" | sed 's/^/    /'
done
for peer in $ALL_PEERS; do
    for audit in tariffs placements; do
        case "${STATUS[$audit,$peer]:-}" in failed*|over*) FAIL=1 ;; esac
    done
done

# ------------------------------------------------------------------------------ the table

table() {
    local audit=$1 bytes=$2 rows=$3 jit=${WALL[$1,styr-jit]:-}
    say ""
    say "audit ($audit): $rows rows, $(mb "$bytes") MB of CSV; ratio = wall time / styr-jit's;" \
        "other = cores kept busy by other processes meanwhile (* above $BUSY_LIMIT in a run of 1 s or more:" \
        "time not reliable; in shorter runs the clock ticks make it rough)"
    say "$(printf '%-12s %10s %10s %10s %8s %7s  %s' peer 'wall (s)' 'MB/s' 'peak MiB' ratio other result)"
    for peer in $ALL_PEERS; do
        local st=${STATUS[$audit,$peer]:-}
        [ -n "$st" ] || continue
        local w=${WALL[$audit,$peer]:-} k=${PEAK[$audit,$peer]:-0} o=${OTHER[$audit,$peer]:-0}
        if [ -z "$w" ]; then
            say "$(printf '%-12s %10s %10s %10s %8s %7s  %s' "$peer" - - - - - "$st")"
            record "audit=$audit peer=$peer status=${st// /_}"
            continue
        fi
        local line
        line=$(awk -v w="$w" -v b="$bytes" -v k="$k" -v j="$jit" -v p="$peer" -v s="$st" -v o="$o" -v lim="$BUSY_LIMIT" 'BEGIN {
            r = (j > 0) ? sprintf("%.2fx", w / j) : "-"
            printf "%-12s %10.2f %10.1f %10.1f %8s %6.2f%s  %s", p, w, b / 1e6 / w, k / 1024, r, o, (o > lim && w >= 1 ? "*" : " "), s }')
        say "$line"
        if awk -v o="$o" -v w="$w" -v lim="$BUSY_LIMIT" 'BEGIN { exit !(o > lim && w >= 1) }'; then UNRELIABLE=1; fi
        record "audit=$audit peer=$peer wall_s=$w peak_kib=$k bytes=$bytes rows=$rows" \
            "mb_per_s=$(awk -v w="$w" -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 / w }')" \
            "ratio_to_styr_jit=$(awk -v w="$w" -v j="$jit" 'BEGIN { if (j > 0) printf "%.3f", w / j; else print "-" }')" \
            "other_cores=$o status=${st// /_}"
    done
}
BUSY_LIMIT=0.25
UNRELIABLE=""
table tariffs "$TARIFF_BYTES" "$TARIFF_ROWS"
table placements "$PLACEMENT_BYTES" "$PLACEMENT_ROWS"
if [ -n "$UNRELIABLE" ]; then
    say ""
    say "WARNING: other processes kept more than $BUSY_LIMIT of a core busy during the runs marked *:" \
        "their times (and ratios) are not reliable; run again on a quiet machine."
fi
for peer in styr-jit styr-interp; do
    if [ -f "$RUN/$peer.tariffs.json" ]; then
        say ""
        say "styr writes its full JSON report (every violation with its values and message:" \
            "$(mb "$(stat -c %s "$RUN/$peer.tariffs.json")") MB for the tariffs audit); the other peers print" \
            "only the counts, means and sums."
        break
    fi
done

# ------------------------------------------------------------------------------ the JIT loop alone
# PLACEHOLDER (issue 3, section 6: "It also times the JIT loop alone against the same loop
# compiled ahead of time"). build/styr-jitloop-bench is written by the JIT's author, not here.
# When it exists, it is run with the data directory as its argument and its output is shown
# and kept in latest.txt verbatim.
say ""
say "JIT loop alone vs ahead-of-time C loop:"
if [ -x build/styr-jitloop-bench ]; then
    if build/styr-jitloop-bench "$DATA" > "$RUN/jitloop.out" 2> "$RUN/jitloop.err"; then
        sed 's/^/    /' "$RUN/jitloop.out"
        sed 's/^/jitloop: /' "$RUN/jitloop.out" >> "$LATEST"
    else
        say "    build/styr-jitloop-bench failed (see $RUN/jitloop.err)"
        record "jitloop=failed"
        FAIL=1
    fi
else
    say "    skipped: build/styr-jitloop-bench is not built yet"
    record "jitloop=not_built"
fi
# ------------------------------------------------------------------------------ end of placeholder

LOAD_END=$(loadavg)
record "load_end=$LOAD_END"
cp "$LATEST" "$RESULTS/latest.txt"
say ""
say "load:    1-minute load average $LOAD_END at the end (this includes the benchmark's own work)"
say "raw figures: bench/results/latest.txt; outputs of every peer: bench/results/last-run/"
if [ "$FAIL" -ne 0 ]; then
    say "bench: FAILED: a peer disagrees or failed (see above)"
    exit 1
fi
say "bench: every peer agrees"
