#ifndef EDGEKERNELS_BF16_H
#define EDGEKERNELS_BF16_H

#include <stdint.h>

/// Y[t][r] (+)= sum_c W[r][c] * X[t][c] for rows r0..<r1 and tokens 0..<T, W bfloat16 row-major (cols per row).
/// With AVX-512 BF16, each activation is split into two bfloat16 terms (its top 16 bits and the rounded rest)
/// and both are multiplied with vdpbf16ps: the result carries ~2^-16 relative error per product. Without it,
/// weights are widened to f32 (bf16 is the top half of an f32) and multiplied in f32.
void ek_gemm_bf16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                  long r0, long r1, long T, int accumulate);

#endif
