#!/bin/bash
# Side-by-side decode/prefill speed of `edgeprof run` (random weights) and llama.cpp (llama-cpp-python) on GGUFs of
# the same shape, alternating A B A B so both see the same machine load.
#
# Usage: scripts/compare_llamacpp.sh GGUF_DIR [ROUNDS=3] [P=16] [N=64]
#   GGUF_DIR holds 125m-{F32,F16,Q8_0,Q4_0}.gguf and 350m-Q8_0.gguf (scripts/make_shape_gguf.py).
#   Needs a release build: swift build -c release --product edgeprof
set -euo pipefail
dir=$1; rounds=${2:-3}; p=${3:-16}; n=${4:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
ours() {  # preset precision threads
    "$root/.build/release/edgeprof" run --model "$1" --precision "$2" --threads "$3" --prompt-length "$p" \
        --tokens $((n + 1)) --format json |
        python3 -c "import json,sys; d=json.load(sys.stdin); print('ours  $1 $2 t$3 pp %.1f tg %.1f' % (d['prefill']['tokensPerSecond'], d['decode']['tokensPerSecond']))"
}
theirs() {  # file threads
    python3 "$root/scripts/bench_llamacpp.py" "$dir/$1" "$2" "$p" "$n" |
        python3 -c "import json,sys; d=json.load(sys.stdin); print('llama $1 t$2 pp %.1f tg %.1f' % (d['prefillTokensPerSecond'], d['decodeTokensPerSecond']))"
}
for round in $(seq "$rounds"); do
    for threads in 1 2; do
        for pair in f32:125m-F32 f16:125m-F16 int8:125m-Q8_0 int4:125m-Q4_0; do
            ours mobilellm-125m "${pair%%:*}" "$threads"
            theirs "${pair##*:}.gguf" "$threads"
        done
        ours mobilellm-350m int8 "$threads"
        theirs 350m-Q8_0.gguf "$threads"
    done
done
