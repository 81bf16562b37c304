# audit_tariffs.awk: the awk peer of `make bench`, audit (a): R4 indexation_cap with R5's
# explanations, R8 base_service_split and R6 overhead_target, as bench/audit_tariffs.styr.
# Portable awk (runs under mawk and gawk); run with LC_ALL=C:
#
#   LC_ALL=C mawk -f bench/audit_tariffs.awk DIR/offers.csv DIR/explanations.csv \
#       DIR/pl_index.csv DIR/tariffs.csv
#
# awk numbers are doubles, so everything is kept in integers below 2^53, where doubles are
# exact: money in øre, overhead in tenths of a percent, the PL index in ten-thousandths. The
# cap test tariff <= tariff_2019 * PL(Y) / PL(2019) is tariff * PL(2019) <= tariff_2019 * PL(Y)
# (both sides below 2^53 for tariffs under 700,000 kr. a day). The weighted mean's sums exceed
# 2^53, so they are kept in two parts (hi * 10^15 + lo) and divided at the end with a small
# big-number routine: every printed figure is exact, rounded half away from zero like styr's.
# A field with more decimals than that (x * 10^places lies off an integer), or a product or
# sum that would leave the exact range, stops the script (exit 3) rather than giving a wrong
# figure. Numbers are otherwise taken as awk reads them (gendata writes them plainly).
# Offers and explanations may quote fields (names with a comma): those lines are split by
# csv_split; tariffs.csv has no quoted fields and is split by FS.

BEGIN { FS = ","; file = 0; BIG = 4e15; LIMB = 1e15; EXACT = 9007199254740992 }

FNR == 1 {
    file++
    delete col
    for (i = 1; i <= NF; i++) { h = $i; sub(/^\357\273\277/, "", h); sub(/\r$/, "", h); col[h] = i }
    if (file == 1) { ci = need("offer_id"); ck = need("operator_kind") }
    else if (file == 2) { ci = need("offer_id"); cy = need("year") }
    else if (file == 3) { cy = need("year"); cx = need("index") }
    else if (file == 4) {
        ci = need("offer_id"); cy = need("year"); ct = need("tariff_per_day")
        cb = ("base_tariff" in col) ? col["base_tariff"] : 0
        cs = ("service_tariff" in col) ? col["service_tariff"] : 0
        co = need("overhead_pct"); cd = need("occupied_days")
    }
    next
}

# ---------------------------------------------------------------- offers.csv
file == 1 {
    if (index($0, "\"")) { csv_split($0, f); id = f[ci]; kind = f[ck] } else { id = $ci; kind = $ck }
    if (kind == "kommune") kom[id]++     # a join meets every matching row
    next
}

# ---------------------------------------------------------------- explanations.csv
file == 2 {
    if (index($0, "\"")) { csv_split($0, f); id = f[ci]; y = f[cy] } else { id = $ci; y = $cy }
    expl[id, y + 0] = 1
    next
}

# ---------------------------------------------------------------- pl_index.csv
file == 3 {
    if (index($0, "\"")) { csv_split($0, f); y = f[cy]; x = f[cx] } else { y = $cy; x = $cx }
    y += 0
    if (!(y in pl)) pl[y] = fixed(x, 4)
    next
}

# ---------------------------------------------------------------- tariffs.csv
file == 4 {
    id = $ci; y = $cy + 0
    t = $ct * 100; v = t < 0 ? int(t - 0.5) : int(t + 0.5); if ((t -= v) > 1e-6 || t < -1e-6) bad($ct, 2); t = v
    # R4 (and R5): the first 2019 row of the offer is the base
    if (y == 2019) {
        if (!(id in base)) base[id] = t
    } else if (y >= 2020 && y <= 2022) {
        if (id in base) r4(id, y, t, base[id])
        else { np++; pid[np] = id; py[np] = y; pt[np] = t }
    }
    # R8, in force from 2022
    if (y >= 2022) {
        r8c++
        b = cb ? $cb : ""; s = cs ? $cs : ""
        if (b == "" || s == "" || fixed(b, 2) + fixed(s, 2) != t) r8v++
    }
    # R6: inner join with offers, municipal offers only
    if (id in kom) {
        m = kom[id]
        o = $co * 10; v = o < 0 ? int(o - 0.5) : int(o + 0.5); if ((o -= v) > 1e-6 || o < -1e-6) bad($co, 1); o = v
        d = $cd + 0; if (d != int(d)) bad($cd, 0)
        w = t * d; p = w * o
        if (p >= EXACT || -p >= EXACT) fail("overhead weight too large to hold exactly")
        if (m != 1) { w *= m; p *= m; o *= m; if (p >= EXACT || -p >= EXACT) fail("overhead weight too large to hold exactly") }
        n6[y] += m; s6[y] += o
        wl[y] += p; if (wl[y] >= BIG) { c = int(wl[y] / LIMB); wh[y] += c; wl[y] -= c * LIMB }
        dl[y] += w; if (dl[y] >= BIG) { c = int(dl[y] / LIMB); dh[y] += c; dl[y] -= c * LIMB }
    }
    next
}

END {
    if (failed) exit 3
    for (i = 1; i <= np; i++) if (pid[i] in base) r4(pid[i], py[i], pt[i], base[pid[i]])
    printf "indexation_cap checked %d violations %d explained %d\n", r4c, r4v, r4e
    printf "base_service_split checked %d violations %d\n", r8c, r8v
    checked = 0; missed = 0
    for (y = 1; y <= 9999; y++) {
        if (!(y in n6)) continue
        lv = div_round_small(s6[y] * 1000, n6[y])
        bn_from(num, wh[y], wl[y]); bn_mul_small(num, 1000, num2)
        bn_from(den, dh[y], dl[y])
        if (bn_is_zero(den)) wv = "empty"
        else wv = fmt4(bn_div_round(num2, den, wh[y] * LIMB + wl[y], dh[y] * LIMB + dl[y]))
        printf "overhead_by_year %d offers %d level %s weighted %s\n", y, n6[y], fmt4(lv), wv
        if (y >= 2021 && y <= 2022) { checked++; if (s6[y] > 60 * n6[y]) missed++ }
    }
    printf "overhead_target checked %d missed %d\n", checked, missed
}

function need(name) {
    if (!(name in col)) fail("no column " name " in the header")
    return col[name]
}

function fail(msg) {
    printf "audit_tariffs.awk: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
    failed = 1
    exit 3
}

# A decimal text as an integer scaled by 10^places. The product of a double is rounded back
# to the integer; a text with more decimals than that lies visibly off it and is refused, so
# every value is exact. (Numbers are taken as awk reads them: the data is gendata's.)
function fixed(x, places,    v, e) {
    e = x * 10 ^ places
    v = e < 0 ? int(e - 0.5) : int(e + 0.5)
    if ((e -= v) > 1e-6 || e < -1e-6) bad(x, places)
    if (v >= EXACT || -v >= EXACT) fail("number too large to hold exactly: \"" x "\"")
    return v
}

function bad(x, places) { fail("more than " places " decimals or too large: \"" x "\"") }

function r4(id, y, t, b,    holds) {
    r4c++
    if (!(2019 in pl) || !(y in pl)) holds = 0          # a missing PL value: a violation
    else holds = (t * pl[2019] <= b * pl[y])
    if (t * pl[2019] >= EXACT || b * pl[y] >= EXACT) fail("cap product too large to hold exactly")
    if (!holds) { r4v++; if ((id, y) in expl) r4e++ }
}

# round(a / b) half away from zero for integers 0 <= a < 2^53, 0 < b
function div_round_small(a, b,    q, r) {
    q = int(a / b); r = a - q * b
    while (r < 0) { q--; r += b }
    while (r >= b) { q++; r -= b }
    if (2 * r >= b) q++
    return q
}

function fmt4(v,    ip) { ip = int(v / 10000); return sprintf("%.0f.%04d", ip, v - ip * 10000) }

# ---- big numbers: arrays of base-10^5 limbs, least significant first, a["n"] limbs
function bn_from(a, hi, lo,    i, n) {
    delete a; n = 0
    # lo < 10^16: four limbs; hi * 10^15 = hi shifted by three limbs
    for (i = 1; i <= 8; i++) a[i] = 0
    for (i = 1; lo > 0; i++) { a[i] += lo % 100000; lo = int(lo / 100000) }
    for (i = 4; hi > 0; i++) { a[i] += hi % 100000; hi = int(hi / 100000) }
    a["n"] = 8; bn_norm(a)
}
function bn_norm(a,    i, c, n) {
    n = a["n"]; c = 0
    for (i = 1; i <= n; i++) { a[i] += c; c = int(a[i] / 100000); a[i] -= c * 100000 }
    while (c > 0) { n++; a[n] = c % 100000; c = int(c / 100000) }
    while (n > 1 && a[n] == 0) n--
    a["n"] = n
}
function bn_copy(a, b,    i) { delete b; for (i in a) b[i] = a[i] }
function bn_is_zero(a) { return a["n"] == 1 && a[1] == 0 }
function bn_mul_small(a, k, r,    i) {      # r = a * k, k < 10^9
    delete r
    for (i = 1; i <= a["n"]; i++) r[i] = a[i] * k
    r["n"] = a["n"]; bn_norm(r)
}
function bn_cmp(a, b,    i) {
    if (a["n"] != b["n"]) return a["n"] < b["n"] ? -1 : 1
    for (i = a["n"]; i >= 1; i--) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1
    return 0
}
function bn_sub(a, b, r,    i, br) {        # r = a - b, a >= b
    delete r; br = 0
    for (i = 1; i <= a["n"]; i++) {
        r[i] = a[i] - (i <= b["n"] ? b[i] : 0) - br
        if (r[i] < 0) { r[i] += 100000; br = 1 } else br = 0
    }
    r["n"] = a["n"]; bn_norm(r)
}
# round(num / den) half away from zero, for a quotient below 10^9; approx_num / approx_den
# (doubles) give the first estimate, which is then corrected exactly.
function bn_div_round(num, den, approx_num, approx_den,    q, p, r, r2) {
    q = int(approx_num * 1000 / approx_den)
    if (q < 0) q = 0
    if (q >= 1e9) fail("weighted mean out of range")
    bn_mul_small(den, q, p)
    while (bn_cmp(p, num) > 0) { q--; bn_mul_small(den, q, p) }
    for (;;) { bn_mul_small(den, q + 1, p); if (bn_cmp(p, num) > 0) break; q++ }
    bn_mul_small(den, q, p); bn_sub(num, p, r); bn_mul_small(r, 2, r2)
    if (bn_cmp(r2, den) >= 0) q++
    return q
}

# Splits a CSV record with quoted fields into f[1..n]. Splitting at the quotes leaves the
# text outside quotes at odd positions and inside at even ones; an empty outside piece between
# two quoted pieces is a doubled quote ("") inside a field.
function csv_split(s, f,    np, part, i, j, nc, piece, n) {
    delete f; n = 1; f[1] = ""
    np = split(s, part, "\"")
    for (i = 1; i <= np; i++) {
        if (i % 2 == 0) f[n] = f[n] part[i]
        else if (part[i] == "" && i > 1 && i < np) f[n] = f[n] "\""
        else {
            nc = split(part[i], piece, ",")
            for (j = 1; j <= nc; j++) { if (j > 1) f[++n] = ""; f[n] = f[n] piece[j] }
        }
    }
    return n
}
