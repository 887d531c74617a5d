#!/bin/sh
# What measuring costs, A/B alternating in one process (Benchmarks/CounterOverhead): a mobilellm-125m int8 decode,
# 1 thread, plain (A: no op timer, no counter session; the runtime reads no clock) and with a counter session per
# decode step (default events) plus per-op timing (B), in ABBA order per round, each block timed with the thread's
# CPU clock. Prints the median per-round ratio B/A: under 1.02 means measuring costs under 2 % of decode time.
# Allocation-freedom per token (off and on) is checked by Benchmarks/CounterBenchmarks (mallocCountTotal p90 = 0).
# Usage: scripts/counter_overhead.sh [rounds, default 60] [decode steps per block, default 8]
set -eu
cd "$(dirname "$0")/../Benchmarks"
echo "start $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
swift run -c release -j 2 CounterOverhead "${1:-60}" "${2:-8}"
echo "end   $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
