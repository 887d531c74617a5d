#!/usr/bin/env bash
# Side-by-side decode/prefill rates of two edgeprof binaries (e.g. a portable build against a -march=native one).
# Each round runs A B B A (linear drift cancels); rates come from the runtime thread's task-clock per phase
# (`run --counters task-clock`), CPU time rather than wall time, so other jobs on a shared host count less.
# Prints per configuration the median rates and the median, minimum and maximum of the per-round B/A ratios.
# Usage: scripts/compare_builds.sh A_BIN B_BIN [ROUNDS] [TOKENS]; CONFIGS overrides "model:precision:threads ...";
# PROMPT sets the prompt length (default 64; a longer prompt makes the prefill phase long enough to time steadily).
set -euo pipefail
A=$1 B=$2 ROUNDS=${3:-3} TOKENS=${4:-65} PROMPT=${PROMPT:-64}
CONFIGS=${CONFIGS:-"mobilellm-125m:f32:1 mobilellm-125m:f16:1 mobilellm-125m:int8:1 mobilellm-125m:int8-pc:1 mobilellm-125m:int4:1 mobilellm-125m:int8:2"}
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)  A=$A  B=$B  rounds=$ROUNDS (ABBA)  tokens=$TOKENS  prompt=$PROMPT"
run() {  # bin model precision threads -> "decode_tok_s prefill_tok_s" from task-clock
    "$1" run --model "$2" --precision "$3" --threads "$4" --prompt-length "$PROMPT" --tokens "$TOKENS" --counters task-clock \
        --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
phases = {p["phase"]: p for p in d["measured"]["counters"]["phases"]}
rate = lambda name, tokens: tokens / (phases[name]["counters"][0]["value"] * 1e-9)
print(rate("decode", phases["decode"]["occurrences"]), rate("prefill", d["prefill"]["tokens"]))'
}
printf "%-26s %9s %9s %7s %15s   %9s %9s %7s %15s\n" config "A decode" "B decode" "B/A" "B/A min..max" \
    "A prefill" "B prefill" "B/A" "B/A min..max"
for c in $CONFIGS; do
    IFS=: read -r model precision threads <<< "$c"
    rows=()
    for ((i = 0; i < ROUNDS; i++)); do
        read -r da1 pa1 < <(run "$A" "$model" "$precision" "$threads")
        read -r db1 pb1 < <(run "$B" "$model" "$precision" "$threads")
        read -r db2 pb2 < <(run "$B" "$model" "$precision" "$threads")
        read -r da2 pa2 < <(run "$A" "$model" "$precision" "$threads")
        rows+=("$da1,$da2,$db1,$db2,$pa1,$pa2,$pb1,$pb2")
    done
    python3 - "$c" "${rows[@]}" <<'PY'
import statistics as st, sys
c, *rows = sys.argv[1:]
rounds = [list(map(float, r.split(","))) for r in rows]
def column(first, second): return [v for r in rounds for v in (r[first], r[second])]
def ratios(a1, a2, b1, b2): return [(r[b1] + r[b2]) / (r[a1] + r[a2]) for r in rounds]
dr, pr = ratios(0, 1, 2, 3), ratios(4, 5, 6, 7)
print(f"{c:26s} {st.median(column(0, 1)):9.1f} {st.median(column(2, 3)):9.1f} {st.median(dr):7.3f} "
      f"{min(dr):7.3f}..{max(dr):.3f}   {st.median(column(4, 5)):9.1f} {st.median(column(6, 7)):9.1f} "
      f"{st.median(pr):7.3f} {min(pr):7.3f}..{max(pr):.3f}")
PY
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
