# audit_placements.awk: the awk peer of `make bench`, audit (b): R10's expenditure per buying
# municipality and year (the year the placement starts in), as bench/audit_placements.styr.
# Portable awk (runs under mawk and gawk); run with LC_ALL=C:
#
#   LC_ALL=C mawk -f bench/audit_placements.awk DIR/placements.csv
#
# Amounts are summed in integer øre, exact in doubles below 2^53 (90 billion kr.); a sum that
# would leave that range stops the script (exit 3) rather than giving a wrong figure.
# placements.csv has no quoted fields (ids, municipality names, dates, numbers).

BEGIN { FS = ","; EXACT = 9007199254740992 }

FNR == 1 {
    for (i = 1; i <= NF; i++) { h = $i; sub(/^\357\273\277/, "", h); sub(/\r$/, "", h); col[h] = i }
    cm = need("buying_municipality"); cf = need("from_date"); ca = need("amount")
    next
}

{
    a = $ca
    k = index(a, ".")
    if (k && length(a) - k > 2 && substr(a, k + 3) !~ /^0*$/) fail("more than 2 decimals: \"" a "\"")
    a *= 100; a = a < 0 ? int(a - 0.5) : int(a + 0.5)
    g = $cm SUBSEP substr($cf, 1, 4)
    sum[g] += a
}

END {
    if (failed) exit 3
    n = 0; total = 0
    for (g in sum) {
        if (sum[g] >= EXACT || -sum[g] >= EXACT) fail("a sum too large to hold exactly")
        split(g, kv, SUBSEP)
        n++; total += sum[g]
        printf "expenditure %s %s %s\n", kv[1], kv[2], money(sum[g])
    }
    if (total >= EXACT || -total >= EXACT) fail("the total is too large to hold exactly")
    printf "monitoring groups %d total %s\n", n, money(total)
}

function need(name) {
    if (!(name in col)) fail("no column " name " in the header")
    return col[name]
}

function fail(msg) {
    printf "audit_placements.awk: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 3
}

function money(v,    s, ip) {
    s = ""; if (v < 0) { s = "-"; v = -v }
    ip = int(v / 100)
    return sprintf("%s%.0f.%02d", s, ip, v - ip * 100)
}
