#!/bin/bash
# Side-by-side decode/prefill speed of `edgeprof run` (random weights) and llama.cpp (llama-cpp-python) on GGUFs of
# the same shape, alternating A B A B so both see the same machine load, with a STREAM-style read
# (scripts/stream_read.c, 512 MiB, process CPU time ÷ threads) at each thread count in every round: the roofline.
#
# Usage: scripts/compare_llamacpp.sh GGUF_DIR [ROUNDS=3] [P=16] [N=64]
#   GGUF_DIR holds 125m-{F32,F16,Q8_0,Q4_0}.gguf and 350m-Q8_0.gguf (scripts/make_shape_gguf.py).
#   Needs a release build: swift build -c release --product edgeprof
# Decode tokens/s is 1000 ÷ the median step (ms) on both sides (`decode.p50Milliseconds` of `edgeprof run`, `p50Ms` of
# bench_llamacpp.py: the same rank for an even N): one stalled step on this shared host (e.g. 31 ms among ~5.6 ms steps)
# moves the mean but not the median.
# Prints every run, then per case the medians: prefill and decode tokens/s of both and EdgeProf ÷ llama.cpp, and
# each decode as a fraction of the read roofline of the same run (tokens/s × weight bytes ÷ read bytes/s; weight
# bytes: EdgeProf's `weightBytes`, the GGUF's file size for llama.cpp).
set -euo pipefail
dir=$1; rounds=${2:-3}; p=${3:-16}; n=${4:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
gcc -O3 -march=native -fopenmp "$root/scripts/stream_read.c" -o "$work/stream_read"
ours() {  # preset precision threads
    "$root/.build/release/edgeprof" run --model "$1" --precision "$2" --threads "$3" --prompt-length "$p" \
        --tokens $((n + 1)) --format json |
        python3 -c "import json,sys; d=json.load(sys.stdin); print('ours $1:$2 t$3 %.2f %.2f %d' % (d['prefill']['tokensPerSecond'], 1000 / d['decode']['p50Milliseconds'], d['weightBytes']))"
}
theirs() {  # preset precision file threads
    python3 "$root/scripts/bench_llamacpp.py" "$dir/$3" "$4" "$p" "$n" |
        python3 -c "import json,sys; d=json.load(sys.stdin); print('llama $1:$2 t$4 %.2f %.2f %d' % (d['prefillTokensPerSecond'], 1000 / d['p50Ms'], $(stat -c %s "$dir/$3")))"
}
echo "start $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg); P=$p N=$n, $rounds rounds"
for round in $(seq "$rounds"); do
    for threads in 1 2; do
        OMP_NUM_THREADS=$threads "$work/stream_read" 524288 | awk -v t="$threads" '{print "read t" t, $3}'
        for c in mobilellm-125m:f32:125m-F32 mobilellm-125m:f16:125m-F16 mobilellm-125m:int8:125m-Q8_0 \
                 mobilellm-125m:int4:125m-Q4_0 mobilellm-350m:int8:350m-Q8_0; do
            IFS=: read -r model precision file <<< "$c"
            ours "$model" "$precision" "$threads"
            theirs "$model" "$precision" "$file.gguf" "$threads"
        done
    done
done | tee "$work/samples"
echo "end   $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/samples" <<'PY'
import statistics, sys
runs, reads = {}, {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == 'read':
        reads.setdefault(f[1], []).append(float(f[2]))
    else:
        runs.setdefault((f[1], f[2], f[0]), []).append(tuple(float(v) for v in f[3:6]))
med = lambda rows, i: statistics.median(r[i] for r in rows)
print(f"{'case':22} {'thr':3} {'pp ours':>8} {'pp llama':>8} {'pp ×':>5} {'tg ours':>8} {'tg llama':>8} {'tg ×':>5}"
      f" {'read GB/s':>9} {'ours/roof':>9} {'llama/roof':>10}")
for (case, t) in dict.fromkeys((k[0], k[1]) for k in runs):
    o, l = runs[(case, t, 'ours')], runs[(case, t, 'llama')]
    read = statistics.median(reads[t]) * 1e9
    roof = lambda rows: med(rows, 1) * med(rows, 2) / read
    print(f"{case:22} {t[1:]:>3} {med(o, 0):8.1f} {med(l, 0):8.1f} {med(o, 0) / med(l, 0):5.2f} {med(o, 1):8.1f}"
          f" {med(l, 1):8.1f} {med(o, 1) / med(l, 1):5.2f} {read / 1e9:9.2f} {100 * roof(o):8.0f}% {100 * roof(l):9.0f}%")
PY
