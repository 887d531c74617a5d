#!/bin/sh
# The issue-7 validation grid: mobilellm-125m and mobilellm-ls-125m, f32 and int8, sharing none / immediate /
# repeat-all-over / reverse ×2, 1 and 2 threads. Calibrates a host profile per thread count first (same session),
# then runs `edgeprof validate` for every configuration and prints one table row each, then the measured and predicted
# decode-time ratio immediate/none per model, precision and thread count.
# Usage: scripts/validate_grid.sh [path/to/edgeprof] [output-directory]
set -eu
EDGEPROF=${1:-.build/release/edgeprof}
OUT=${2:-$(mktemp -d)}
mkdir -p "$OUT"
for t in 1 2; do "$EDGEPROF" host --threads $t --output "$OUT/host-t$t.json" > "$OUT/host-t$t.txt"; done
for model in mobilellm-125m mobilellm-ls-125m; do
  for precision in f32 int8; do
    for t in 1 2; do
      for strategy in none immediate repeat-all-over reverse; do
        repeats=""; [ "$strategy" = none ] || repeats="--repeats 2"
        "$EDGEPROF" validate --model $model --precision $precision --strategy $strategy $repeats --threads $t \
          --device "$OUT/host-t$t.json" --format json > "$OUT/$model-$precision-$strategy-t$t.json"
      done
    done
  done
done
python3 - "$OUT" <<'PY'
import glob, json, os, sys
rows = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "mobilellm-*.json"))):
    v = json.load(open(path))["validation"]
    p = {c["name"]: c for c in v["phases"]}
    rows[(v["model"], v["precision"], v["sharing"], v["threads"])] = p
    print(f'{v["model"]:18} {v["precision"]:5} {v["sharing"]:15} t{v["threads"]}  '
          f'prefill {p["prefill"]["predictedSeconds"]*1e3:8.1f} / {p["prefill"]["measuredSeconds"]*1e3:8.1f} ms '
          f'{p["prefill"]["relativeError"]*100:+6.1f}%   decode {p["decode per token"]["predictedSeconds"]*1e3:7.2f} / '
          f'{p["decode per token"]["measuredSeconds"]*1e3:7.2f} ms {p["decode per token"]["relativeError"]*100:+6.1f}%')
print()
for (model, precision, sharing, threads), p in sorted(rows.items()):
    if sharing != "immediate" or (model, precision, "none", threads) not in rows: continue
    n = rows[(model, precision, "none", threads)]["decode per token"]; i = p["decode per token"]
    measured = i["measuredSeconds"] / n["measuredSeconds"]; predicted = i["predictedSeconds"] / n["predictedSeconds"]
    print(f'{model:18} {precision:5} t{threads}  immediate/none decode: measured {measured:.3f}, predicted {predicted:.3f} '
          f'({(predicted - measured) / measured * 100:+.1f}%)')
PY
