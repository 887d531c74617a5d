#!/bin/sh
# Compares `edgeprof host`'s read bandwidths with scripts/stream_read.c (gcc -O3 -march=native -fopenmp, no EdgeProf
# code) at the same working sets, 1 and 2 threads, run back to back in the same minute. Prints one row per size:
# size, threads, edgeprof GB/s, STREAM-style GB/s, ratio. Usage: scripts/stream_compare.sh [path/to/edgeprof]
set -eu
EDGEPROF=${1:-.build/release/edgeprof}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
gcc -O3 -march=native -fopenmp -ffast-math "$(dirname "$0")/stream_read.c" -o "$WORK/stream_read"
SIZES="32 1024 8192 65536 524288"           # KiB: L1, L2, L3 (effective), DRAM, DRAM
date -u +"start %H:%M:%S"
"$EDGEPROF" host --threads 2 --format json > "$WORK/host.json"
for t in 1 2; do OMP_WAIT_POLICY=active OMP_NUM_THREADS=$t OMP_PROC_BIND=spread "$WORK/stream_read" $SIZES; done > "$WORK/stream.txt"
date -u +"end   %H:%M:%S"
python3 - "$WORK/host.json" "$WORK/stream.txt" <<'PY'
import json, sys
host = json.load(open(sys.argv[1]))["host"]
edge = {(p["bytes"] // 1024, p["threads"]): p["bytesPerSecond"] / 1e9 for s in host["sweeps"] for p in s["points"]}
print(f"{'KiB':>8} {'threads':>7} {'edgeprof':>9} {'stream':>9} {'ratio':>6}")
for line in open(sys.argv[2]):
    kib, threads, gbs = line.split()
    e = edge.get((int(kib), int(threads)))
    if e is not None:
        print(f"{kib:>8} {threads:>7} {e:9.1f} {float(gbs):9.1f} {e / float(gbs):6.2f}")
PY
