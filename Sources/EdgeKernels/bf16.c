#include "edgekernels_bf16.h"
#include "kernels_internal.h"
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define EK_BF16_DP 1
#endif

static inline float ek_bf16_value(uint16_t h) {
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

#ifdef EK_BF16_DP
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512bf16"))), apply_to = function)
/// 32 activations x[0..<n] (n ≤ 32, zero past n) as two bfloat16 vectors: hi = x with its low 16 bits cleared
/// (exact in bf16), lo = round(x − hi).
static inline void ek_bf16_split(const float *x, long n, __m512bh *hi, __m512bh *lo) {
    __mmask16 m0 = n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
    __mmask16 m1 = n >= 32 ? (__mmask16)0xFFFF : (n > 16 ? (__mmask16)((1u << (n - 16)) - 1) : 0);
    __m512 x0 = _mm512_maskz_loadu_ps(m0, x), x1 = _mm512_maskz_loadu_ps(m1, x + 16);
    __m512i top = _mm512_set1_epi32((int)0xFFFF0000u);
    __m512 h0 = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x0), top));
    __m512 h1 = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x1), top));
    *hi = _mm512_cvtne2ps_pbh(h1, h0);
    *lo = _mm512_cvtne2ps_pbh(_mm512_sub_ps(x1, h1), _mm512_sub_ps(x0, h0));
}

static inline __m512bh ek_bf16_load(const uint16_t *w, long n) {
    __mmask32 m = n >= 32 ? (__mmask32)0xFFFFFFFFu : (__mmask32)((1u << n) - 1);
    return (__m512bh)_mm512_maskz_loadu_epi16(m, w);
}

/// The AVX-512 BF16 kernel (vdpbf16ps), run when the active path is avx512 and CPUID reports AVX512_BF16. Each
/// token's activations are split once (hi, lo per 32 columns) and reused by every row; hi and lo accumulate in
/// separate registers (two independent dependency chains per row).
static void ek_gemm_bf16_dp(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                            long r0, long r1, long T, int accumulate, __m512bh *split) {
    long chunks = (cols + 31) / 32;
    for (long t = 0; t < T; t++) {
        const float *x = X + t * ldx;
        float *y = Y + t * ldy;
        for (long k = 0; k < chunks; k++) ek_bf16_split(x + k * 32, cols - k * 32, &split[2 * k], &split[2 * k + 1]);
        for (long r = r0; r < r1; r += 4) {
            long nr = r1 - r < 4 ? r1 - r : 4;
            __m512 hi[4], lo[4];
            for (int i = 0; i < 4; i++) hi[i] = lo[i] = _mm512_setzero_ps();
            for (long k = 0; k < chunks; k++) {
                long n = cols - k * 32;
                for (long i = 0; i < nr; i++) {
                    __m512bh w = ek_bf16_load(W + (r + i) * cols + k * 32, n);
                    hi[i] = _mm512_dpbf16_ps(hi[i], w, split[2 * k]);
                    lo[i] = _mm512_dpbf16_ps(lo[i], w, split[2 * k + 1]);
                }
            }
            for (long i = 0; i < nr; i++) {
                float v = _mm512_reduce_add_ps(_mm512_add_ps(hi[i], lo[i]));
                y[r + i] = accumulate ? y[r + i] + v : v;
            }
        }
    }
}
#pragma clang attribute pop
#endif

void ek_gemm_bf16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                  long r0, long r1, long T, int accumulate) {
#ifdef EK_BF16_DP
    if (ek_active()->path == EK_PATH_AVX512 && ek_x86_has_avx512bf16()) {
        __m512bh *split = aligned_alloc(64, (size_t)((cols + 31) / 32) * 2 * sizeof(__m512bh));
        if (split != NULL) {
            ek_gemm_bf16_dp(W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate, split);
            free(split);
            return;
        }
    }
#endif
    for (long t = 0; t < T; t++) {
        const float *x = X + t * ldx;
        float *y = Y + t * ldy;
        for (long r = r0; r < r1; r += 4) {
            long nr = r1 - r < 4 ? r1 - r : 4;
            float s[4] = {0, 0, 0, 0};
            for (long i = 0; i < nr; i++) {
                const uint16_t *w = W + (r + i) * cols;
                float a = 0;
                for (long c = 0; c < cols; c++) a += ek_bf16_value(w[c]) * x[c];
                s[i] = a;
            }
            for (long i = 0; i < nr; i++) y[r + i] = accumulate ? y[r + i] + s[i] : s[i];
        }
    }
}
