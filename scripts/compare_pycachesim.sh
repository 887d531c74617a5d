#!/usr/bin/env bash
# Exact mode against pycachesim 0.3.1 on the workloads of Benchmarks/MemoryBenchmarks, measured in one run,
# alternating (ours, pycachesim) ROUNDS times. Ours: each Exact* benchmark's wall clock per line access (the
# benchmarks make 1,000,000 line accesses per iteration; whole nanoseconds), best (p0) and median (p50) of its
# iterations; pycachesim: scripts/bench_pycachesim.py (wall clock, best of 3, same hierarchy and accesses). Prints M line accesses/s and
# ours ÷ pycachesim per trace, medians over the rounds. pycachesim has no tree-PLRU: ExactLinesPLRU is set
# against its LRU per-line run.
# Usage: scripts/compare_pycachesim.sh [ROUNDS]     (pip install pycachesim==0.3.1)
set -euo pipefail
ROUNDS=${1:-3}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)  rounds=$ROUNDS"
for ((i = 0; i < ROUNDS; i++)); do
    (cd Benchmarks && swift package -j 2 benchmark --target MemoryBenchmarks --filter 'Exact.*' --no-progress \
        < /dev/null) > "$out/ours.$i" 2>&1
    python3 scripts/bench_pycachesim.py > "$out/py.$i"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$ROUNDS" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
pairs = [("ExactStreamLRU", "Stream"), ("ExactLinesLRU", "Lines"), ("ExactL1HitsLRU", "L1Hits"),
         ("ExactRandomLRU", "Random"), ("ExactLinesPLRU", "Lines")]

def ours(path):
    """Benchmark name -> (best, median) wall ns per line access, from the text tables."""
    rows, name = {}, None
    for line in open(path):
        line = line.strip()
        if re.fullmatch(r"Exact\w+", line):
            name = line
        elif name and line.startswith("│ Time (wall clock)"):
            cells = [c.strip() for c in line.split("│")[1:-1]]
            rows[name] = (float(cells[1]), float(cells[3]))  # p0, p50
            name = None
    return rows

def py(path):
    return {l.split()[0]: float(l.split()[1]) for l in open(path) if l.strip()}

o = [ours(f"{out}/ours.{i}") for i in range(rounds)]
p = [py(f"{out}/py.{i}") for i in range(rounds)]
print(f"{'trace':16s} {'ours best':>10s} {'ours p50':>10s} {'pycachesim':>11s} {'best/py':>8s} {'p50/py':>7s}   (M line accesses/s)")
for bench, trace in pairs:
    best = statistics.median(1e3 / r[bench][0] for r in o)
    median = statistics.median(1e3 / r[bench][1] for r in o)
    theirs = statistics.median(r[trace] for r in p)
    print(f"{bench:16s} {best:10.1f} {median:10.1f} {theirs:11.1f} {best / theirs:8.1f} {median / theirs:7.1f}")
PY
