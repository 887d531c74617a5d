#!/bin/sh
# Validates the gate on measured (host-timing) figures on this machine (issue 9), in the interleaved workflow CI uses
# (docs/ci/README.md): `bench --against OTHER` runs OTHER's repetitions alternately with its own, process by process in
# ABBA order, and writes both results, which `gate` compares.
#   - RUNS unchanged pairs: the build benched --against itself, should all pass;
#   - RUNS slowed pairs: the same with EDGEPROF_TEST_DECODE_SLOWDOWN=0.2, a test-only switch that spins an extra 0.2 ×
#     each decode step's time inside the timed region of the current side only (bench removes it from the --against
#     side's environment), should fail on measured.decodeVsReference.
# Usage: scripts/validate_measured_gate.sh [RUNS (default 20)] [REPETITIONS (default 10)]
set -u
cd "$(dirname "$0")/.."
runs=${1:-20}
reps=${2:-10}
# The test build `make test` made (no compile when it is up to date), not a plain `swift build`, which would compile
# every module again (see the Makefile).
make -s test-build >/dev/null || exit 3
edgeprof=.build/release/edgeprof
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# bench BASE CURRENT: the interleaved pair, the --against side (the same binary) to BASE.
bench() {
    "$edgeprof" bench --mode measured --repetitions "$reps" --against "$edgeprof" --against-output "$1" --output "$2" \
        2>/dev/null || exit 3
}
row() { grep " $2 " "$1" | awk '{print $3 " -> " $4 " (" $5 ", p " $7 ")"}'; }
decode() { echo "per reference pass $(row "$1" measured.decodeVsReference), tok/CPU-s $(row "$1" measured.decodeTokensPerCPUSecond); prefill tok/CPU-s $(row "$1" measured.prefillTokensPerCPUSecond)"; }
same_pass=0 slow_fail=0
i=1
while [ "$i" -le "$runs" ]; do
    bench "$work/a.json" "$work/b.json"
    EDGEPROF_TEST_DECODE_SLOWDOWN=0.2 bench "$work/c.json" "$work/d.json"
    "$edgeprof" gate --baseline "$work/a.json" --current "$work/b.json" >"$work/same.txt"
    same=$?
    "$edgeprof" gate --baseline "$work/c.json" --current "$work/d.json" >"$work/slow.txt"
    slow=$?
    [ "$same" -eq 0 ] && same_pass=$((same_pass + 1))
    # A slowed pair counts as flagged only when the decode metric itself is among the regressions (a noisy prefill
    # failing beside a missed decode slowdown is not a catch).
    [ "$slow" -eq 1 ] && sed -n '/^Regressions/,/^$/p' "$work/slow.txt" | grep -q " measured.decodeVsReference " &&
        slow_fail=$((slow_fail + 1))
    echo "run $i ($(uptime | sed 's/.*load average: //')): unchanged exit $same, decode $(decode "$work/same.txt")"
    echo "       slowed exit $slow, decode $(decode "$work/slow.txt")"
    [ "$same" -ne 0 ] && sed -n '/^Regressions/,/^$/p' "$work/same.txt" | sed 's/^/    unchanged: /'
    sed -n '/^Regressions/,/^$/p' "$work/slow.txt" | grep " measured\." | grep -v " measured.decodeVsReference " |
        sed 's/^/    slowed, other regression: /'
    i=$((i + 1))
done
echo "unchanged pairs passing: $same_pass/$runs; slowed pairs flagged (decode): $slow_fail/$runs"
