#!/bin/bash
# Decode speed as a fraction of the read roofline measured in the same run, alternating binaries A B A B and the
# STREAM-style read (scripts/stream_read.c) so all see the same machine load. Decode time is the runtime thread 0's
# task-clock over the decode steps (`edgeprof run --counters task-clock`): CPU time, not wall time, on a shared host.
#
# Usage: scripts/decode_roofline.sh ROUNDS "PRESET:PRECISION ..." "THREADS ..." EDGEPROF_BINARY...
#   e.g. scripts/decode_roofline.sh 3 "mobilellm-125m:int8 mobilellm-350m:int4" "1 2" /tmp/base .build/release/edgeprof
# Prints per case and binary: median tokens/s, median GB/s of weights, and that ÷ the median read GB/s.
set -euo pipefail
rounds=$1; cases=$2; threads=$3; shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
gcc -O3 -march=native -fopenmp "$root/scripts/stream_read.c" -o "$work/stream_read"
for round in $(seq "$rounds"); do
    for t in $threads; do
        OMP_NUM_THREADS=$t "$work/stream_read" 524288 | awk -v t="$t" '{print "read t" t, $3}' >> "$work/samples"
        for c in $cases; do
            i=0
            for bin in "$@"; do
                i=$((i + 1))
                "$bin" run --model "${c%%:*}" --precision "${c##*:}" --threads "$t" --tokens 33 --counters task-clock \
                    --format json | python3 -c "
import json, sys
d = json.load(sys.stdin)
phase = [p for p in d['measured']['counters']['phases'] if p['phase'] == 'decode'][0]
tps = phase['occurrences'] / (phase['counters'][0]['value'] * 1e-9)
print('$c t$t bin$i', tps, tps * d['weightBytes'] / 1e9)" >> "$work/samples"
            done
        done
    done
done
python3 - "$work/samples" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0] == 'read':
        rows.setdefault(('read', parts[1]), []).append((float(parts[2]),))
    else:
        rows.setdefault((parts[0], parts[1], parts[2]), []).append((float(parts[3]), float(parts[4])))
for key, v in rows.items():
    if key[0] == 'read':
        continue
    read = statistics.median(x[0] for x in rows[('read', key[1])])
    tps, gbs = statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)
    print(f"{key[0]:24} {key[1]} {key[2]}: {tps:7.1f} tok/s  {gbs:5.2f} GB/s  read {read:5.2f} GB/s  {100 * gbs / read:4.0f}%")
PY
