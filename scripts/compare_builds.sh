#!/usr/bin/env bash
# Side-by-side decode/prefill rates of two edgeprof binaries (e.g. a portable build against a -march=native one),
# alternating A B A B in one run, ROUNDS rounds; prints per-configuration medians and the B/A ratio.
# Usage: scripts/compare_builds.sh A_BIN B_BIN [ROUNDS] ; CONFIGS overrides "model:precision:threads ...".
set -euo pipefail
A=$1 B=$2 ROUNDS=${3:-3}
CONFIGS=${CONFIGS:-"mobilellm-125m:f32:1 mobilellm-125m:f16:1 mobilellm-125m:int8:1 mobilellm-125m:int8-pc:1 mobilellm-125m:int4:1 mobilellm-125m:int8:2"}
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)  A=$A  B=$B  rounds=$ROUNDS"
run() {  # bin model precision threads -> "decode_tok_s prefill_tok_s"
    "$1" run --model "$2" --precision "$3" --threads "$4" --prompt-length 64 --tokens 33 --format json |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["decode"]["tokensPerSecond"], d["prefill"]["tokensPerSecond"])'
}
printf "%-28s %10s %10s %7s   %10s %10s %7s\n" config "A decode" "B decode" "B/A" "A prefill" "B prefill" "B/A"
for c in $CONFIGS; do
    IFS=: read -r model precision threads <<< "$c"
    da=() db=() pa=() pb=()
    for ((i = 0; i < ROUNDS; i++)); do
        read -r d p < <(run "$A" "$model" "$precision" "$threads"); da+=("$d"); pa+=("$p")
        read -r d p < <(run "$B" "$model" "$precision" "$threads"); db+=("$d"); pb+=("$p")
    done
    python3 - "$c" "${da[*]}" "${db[*]}" "${pa[*]}" "${pb[*]}" <<'PY'
import statistics, sys
c, *series = sys.argv[1:]
da, db, pa, pb = (statistics.median(map(float, s.split())) for s in series)
print(f"{c:28s} {da:10.1f} {db:10.1f} {db/da:7.3f}   {pa:10.1f} {pb:10.1f} {pb/pa:7.3f}")
PY
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
