#!/bin/sh
# EdgeProf benchmark sweep as a Slurm job array: array task k runs shard k of N. Submit with
#   jobid=$(sbatch --parsable docs/ci/slurm-array.sh)
#   sbatch --dependency=afterok:$jobid --wrap 'edgeprof merge results/shard-*.json --output results/current.json &&
#          edgeprof gate --baseline Benchmarks/baseline.json --current results/current.json --format md > results/gate.md'
# from the repository root, with a release build of edgeprof on PATH.
#SBATCH --job-name=edgeprof-bench
#SBATCH --array=1-8
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:20:00
#SBATCH --output=results/slurm-%A_%a.log
set -eu
mkdir -p results
edgeprof bench --suite Benchmarks/suite.json --mode deterministic \
    --shard "${SLURM_ARRAY_TASK_ID}/8" --output "results/shard-${SLURM_ARRAY_TASK_ID}.json"
