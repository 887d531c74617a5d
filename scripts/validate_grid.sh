#!/bin/sh
# The issue-7 validation grid: mobilellm-125m and mobilellm-ls-125m, f32 and int8, sharing none / immediate /
# repeat-all-over / reverse ×2, 1 and 2 threads. Calibrates a host profile (`edgeprof host`, a few seconds) right
# before each model / precision / thread count's four runs, so calibration and measurement see the host in the same
# minute (a shared host's speed moves by tens of percent within the hour) and the immediate/none ratio is predicted
# from one profile; runs `edgeprof validate` for every configuration and prints one table row each, then the
# measured and predicted decode-time ratio immediate/none per model, precision and thread count (measured by the
# immediate run's `--against none`: runs of the two alternating in one process), and which of the issue's criteria
# are met
# (scripts/validate_summary.py; run it alone on an output directory to re-print the table).
# Usage: scripts/validate_grid.sh [path/to/edgeprof] [output-directory]
# The 2-thread rows mean something only when two cores are free: `cores` prints the wall time two processes take
# for 0.5 s of CPU each (0.5 s: two free cores; 1.0 s: one, the rest held by other processes), before and after.
set -eu
EDGEPROF=${1:-.build/release/edgeprof}
OUT=${2:-$(mktemp -d)}
mkdir -p "$OUT"
cores() {
  python3 -c 'import os, time
start = time.monotonic()
child = os.fork()
while time.process_time() < 0.5: pass
if child == 0: os._exit(0)
os.waitpid(child, 0)
print(f"two processes of 0.5 s CPU each took {time.monotonic() - start:.2f} s wall")'
}
echo "# $(date -u +%FT%TZ) load: $(cut -d" " -f1-3 /proc/loadavg); $(cores)"
for model in mobilellm-125m mobilellm-ls-125m; do
  for precision in f32 int8; do
    for t in 1 2; do
      host="$OUT/host-$model-$precision-t$t"
      "$EDGEPROF" host --threads $t --output "$host.json" > "$host.txt"
      for strategy in none immediate repeat-all-over reverse; do
        repeats=""; [ "$strategy" = none ] || repeats="--repeats 2"
        [ "$strategy" = immediate ] && repeats="$repeats --against none"
        "$EDGEPROF" validate --model $model --precision $precision --strategy $strategy $repeats --threads $t \
          --device "$host.json" --format json > "$OUT/$model-$precision-$strategy-t$t.json"
      done
    done
  done
done
echo "# $(date -u +%FT%TZ) load: $(cut -d" " -f1-3 /proc/loadavg); $(cores)"
python3 "$(dirname "$0")/validate_summary.py" "$OUT"
