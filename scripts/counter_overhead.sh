#!/bin/sh
# What measuring costs, by alternating runs: A = `edgeprof run` plain (no counters, no op timer: the runtime reads no
# clock and allocates nothing per token), B = the same run with counter sessions per phase and decode step
# (--counters default) and per-op timing (--op-timing kinds). Runs A B A B … PAIRS times and prints each pair's
# decode p50 (ms per token, the run's own figure) and the ratio B/A, then the median ratio: under 1.02 means the
# measurement costs under 2 % of decode time. Allocation-freedom per token is checked by Benchmarks/CounterBenchmarks
# (mallocCountTotal p90 = 0 for both).
# Usage: scripts/counter_overhead.sh [path/to/edgeprof] [pairs, default 5] [model, default mobilellm-125m]
set -eu
EDGEPROF=${1:-.build/release/edgeprof}
PAIRS=${2:-5}
MODEL=${3:-mobilellm-125m}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RUN="run --model $MODEL --precision int8 --threads 1 --prompt-length 8 --tokens 65 --format json"
echo "start $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ $i -le "$PAIRS" ]; do
  $EDGEPROF $RUN > "$WORK/a.$i.json"
  $EDGEPROF $RUN --counters default --op-timing kinds > "$WORK/b.$i.json" 2>/dev/null
  i=$((i + 1))
done
echo "end   $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" "$PAIRS" <<'PY'
import json, os, statistics, sys
work, pairs = sys.argv[1], int(sys.argv[2])
ratios = []
print(f"{'pair':>4} {'A plain ms/token':>17} {'B measured ms/token':>20} {'B/A':>6}")
for i in range(1, pairs + 1):
    a = json.load(open(os.path.join(work, f"a.{i}.json")))["decode"]["p50Milliseconds"]
    b = json.load(open(os.path.join(work, f"b.{i}.json")))["decode"]["p50Milliseconds"]
    ratios.append(b / a)
    print(f"{i:>4} {a:17.2f} {b:20.2f} {b / a:6.3f}")
median = statistics.median(ratios)
print(f"median B/A {median:.3f}: measurement costs {(median - 1) * 100:+.1f}% of decode time "
      f"({'under' if median < 1.02 else 'NOT under'} 2%)")
PY
