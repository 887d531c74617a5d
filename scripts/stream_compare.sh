#!/bin/sh
# Compares `edgeprof host`'s read bandwidths with scripts/stream_read.c (gcc -O3 -march=native -fopenmp, no EdgeProf
# code) at the same working sets (L1, L2, L3 within its effective capacity, DRAM) and thread counts (1 and 2), both
# each timed as the longest thread's own CPU time (CLOCK_THREAD_CPUTIME_ID) over ~256 MiB per timing, best of 3. The two alternate ROUNDS times
# (edgeprof, STREAM, edgeprof, STREAM, …) and each side keeps its best figure per point (best-of-N: on a shared host
# the least disturbed run is the machine's figure), so a burst of load hits both alike. Prints one row per point
# (KiB, threads, edgeprof GB/s, STREAM GB/s, ratio) and how many are within ±20 %.
# Usage: scripts/stream_compare.sh [path/to/edgeprof] [rounds, default 3]
set -eu
EDGEPROF=${1:-.build/release/edgeprof}
ROUNDS=${2:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gcc -O3 -march=native -fopenmp -ffast-math "$(dirname "$0")/stream_read.c" -o "$WORK/stream_read"
SIZES="32 1024 8192 262144 524288"          # KiB: L1, L2, L3, DRAM, DRAM — on the plateaus (the L3 edge is at 32–64 MiB here)
echo "start $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
round=1
while [ $round -le "$ROUNDS" ]; do
  "$EDGEPROF" host --threads 2 --max-mib 512 --format json > "$WORK/host.$round.json"
  for t in 1 2; do OMP_WAIT_POLICY=active OMP_NUM_THREADS=$t OMP_PROC_BIND=spread "$WORK/stream_read" $SIZES; done \
    > "$WORK/stream.$round.txt"
  round=$((round + 1))
done
echo "end   $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" "$ROUNDS" <<'PY'
import json, os, sys
work, rounds = sys.argv[1], int(sys.argv[2])
edge, stream = {}, {}
for r in range(1, rounds + 1):
    host = json.load(open(os.path.join(work, f"host.{r}.json")))["host"]
    for s in host["sweeps"]:
        for p in s["points"]:
            key = (p["bytes"] // 1024, p["threads"])
            edge[key] = max(edge.get(key, 0), p["bytesPerSecond"] / 1e9)
    for line in open(os.path.join(work, f"stream.{r}.txt")):
        kib, threads, gbs = line.split()
        key = (int(kib), int(threads))
        stream[key] = max(stream.get(key, 0), float(gbs))
print(f"{'KiB':>8} {'threads':>7} {'edgeprof':>9} {'stream':>9} {'ratio':>6}   (best of {rounds} alternating rounds each)")
inside = total = 0
for key in sorted(stream, key=lambda k: (k[1], k[0])):
    if key not in edge: continue
    ratio = edge[key] / stream[key]
    total += 1; inside += abs(ratio - 1) <= 0.2
    print(f"{key[0]:>8} {key[1]:>7} {edge[key]:9.1f} {stream[key]:9.1f} {ratio:6.2f}")
print(f"within ±20%: {inside}/{total}")
PY
