#!/bin/bash
# The AVX-512 (or, with KERNELS=avx2, the AVX2) kernels of two revisions side by side in one process
# (scripts/kernel_ab.c): A = REV_A's whole Sources/EdgeKernels, B = REV_B's avx512.c and avx512_prefill.c (avx2.c
# and avx2_prefill.c) with their entry points renamed (the rest of the kernels, dispatch and helpers, from REV_A: the
# two revisions must agree on them and on ek_kernels). For each shape "COLS ROWS" and round: the median over PAIRS
# passes of A's and B's rate, the plain read of the same bytes, and the median of the per-pair ratios B/A. One
# thread. REV may be WORK for the working tree.
#
# Usage: scripts/kernel_ab.sh REV_A REV_B KIND "COLS ROWS;…" [TOKENS=1] [ROUNDS=2] [MIB=100] [PAIRS=11]
#   e.g. scripts/kernel_ab.sh a5620f1 HEAD q8 "576 1536;1536 576;2560 960"     (decode, 100 MB stacks)
#        scripts/kernel_ab.sh 74c0058 c117376 f32 "576 1536;1536 576" 64 2 40 9  (prefill, 64 tokens)
set -euo pipefail
revA=$1; revB=$2; kind=$3; shapes=$4; tokens=${5:-1}; rounds=${6:-2}; mib=${7:-100}; pairs=${8:-11}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
checkout() {  # REV DIR: the revision's Sources/EdgeKernels into DIR
    mkdir -p "$2"
    if [ "$1" = WORK ]; then cp -r "$root/Sources/EdgeKernels/." "$2"
    else git -C "$root" archive "$1" Sources/EdgeKernels | tar -x -C "$2" --strip-components=2; fi
}
checkout "$revA" "$work/a"; checkout "$revB" "$work/b"
isa=${KERNELS:-avx512}
rename="-Dek_${isa}_kernels=ek_b_kernels"
for t in f32 f16 q8 q4 w8a8; do rename="$rename -Dek_${isa}_prefill_$t=ek_b_prefill_$t"; done
for f in $isa ${isa}_prefill; do
    clang -O2 -I"$work/a/include" -I"$work/a" $rename -c "$work/b/$f.c" -o "$work/b_$f.o"
done
clang -O2 -I"$work/a/include" -Dek_a_kernels="ek_${isa}_kernels" "$work"/a/*.c "$work/b_$isa.o" \
    "$work/b_${isa}_prefill.o" "$root/scripts/kernel_ab.c" -o "$work/kernel_ab" -lm
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg): $isa kernels, A = $revA, B = $revB"
IFS=';' read -ra list <<< "$shapes"
for round in $(seq "$rounds"); do
    for shape in "${list[@]}"; do
        # shellcheck disable=SC2086
        "$work/kernel_ab" "$kind" $shape "$tokens" "$mib" "$pairs"
    done
done
