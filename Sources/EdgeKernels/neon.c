// The arm64 paths: NEON (every arm64 CPU) for the float GEMMs, and the dot-product extension (FEAT_DotProd:
// Apple M1 and later, Cortex-A55/A76 and later) for the int8 GEMM. Ops they do not specialize use the portable
// kernels.
#include "kernels_internal.h"
#if defined(__aarch64__)
#include <arm_neon.h>

static void ek_neon_f16_to_f32(const uint16_t *src, float *dst, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) vst1q_f32(dst + i, vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16(src + i))));
    ek_portable_f16_to_f32(src + i, dst + i, n - i);
}

static void ek_neon_f32_to_f16(const float *src, uint16_t *dst, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) vst1_u16(dst + i, vreinterpret_u16_f16(vcvt_f16_f32(vld1q_f32(src + i))));
    ek_portable_f32_to_f16(src + i, dst + i, n - i);
}

static inline float32x4_t ek_w32(const void *w, long c) { return vld1q_f32((const float *)w + c); }
static inline float32x4_t ek_w16(const void *w, long c) {
    return vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16((const uint16_t *)w + c)));
}
static inline float ek_s32(const void *w, long c) { return ((const float *)w)[c]; }
static inline float ek_s16(const void *w, long c) { return ek_half_to_float(((const uint16_t *)w)[c]); }

/// 4 rows × 1 token, two accumulators per row.
#define EK_GEMM_FLOAT(NAME, WT, LOAD, SCALAR)                                                                   \
    static void NAME(const WT *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,    \
                     long T, int accumulate) {                                                                  \
        for (long r = r0; r < r1; r += 4) {                                                                     \
            long nr = r1 - r < 4 ? r1 - r : 4;                                                                  \
            const WT *w[4];                                                                                     \
            for (long i = 0; i < 4; i++) w[i] = W + (r + (i < nr ? i : 0)) * cols;                              \
            for (long t = 0; t < T; t++) {                                                                      \
                const float *x = X + t * ldx;                                                                   \
                float32x4_t a[4], b[4];                                                                         \
                for (int i = 0; i < 4; i++) a[i] = b[i] = vdupq_n_f32(0);                                       \
                long c = 0;                                                                                     \
                for (; c + 8 <= cols; c += 8) {                                                                 \
                    float32x4_t x0 = vld1q_f32(x + c), x1 = vld1q_f32(x + c + 4);                               \
                    for (int i = 0; i < 4; i++) {                                                               \
                        a[i] = vfmaq_f32(a[i], LOAD(w[i], c), x0);                                              \
                        b[i] = vfmaq_f32(b[i], LOAD(w[i], c + 4), x1);                                          \
                    }                                                                                           \
                }                                                                                               \
                float s[4];                                                                                     \
                for (int i = 0; i < 4; i++) s[i] = vaddvq_f32(vaddq_f32(a[i], b[i]));                           \
                for (; c < cols; c++)                                                                           \
                    for (int i = 0; i < 4; i++) s[i] += SCALAR(w[i], c) * x[c];                                 \
                for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, s[i], accumulate);                  \
            }                                                                                                   \
        }                                                                                                       \
    }

EK_GEMM_FLOAT(ek_neon_gemm_f32, float, ek_w32, ek_s32)
EK_GEMM_FLOAT(ek_neon_gemm_f16, uint16_t, ek_w16, ek_s16)

/// Q8 without the dot-product extension: widening multiplies (vmull_s8) and pairwise accumulation.
static void ek_neon_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                            float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long r = r0; r < r1; r++) {
        for (long t = 0; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            float s = 0;
            for (long b = 0; b < nb; b++) {
                const int8_t *w = Wq + r * cols + b * 32;
                int32x4_t d = vdupq_n_s32(0);
                for (int h = 0; h < 32; h += 16) {
                    int8x16_t wv = vld1q_s8(w + h), xv = vld1q_s8(x + b * 32 + h);
                    d = vpadalq_s16(d, vmull_s8(vget_low_s8(wv), vget_low_s8(xv)));
                    d = vpadalq_s16(d, vmull_high_s8(wv, xv));
                }
                s += ek_half_to_float(ws[r * nb + b]) * ek_q8_block_scale(xlanes + t * nl, b) * (float)vaddvq_s32(d);
            }
            ek_store(Y + t * ldy + r, s, accumulate);
        }
    }
}

/// Q8 with SDOT: 4 rows per pass share each activation load.
__attribute__((target("dotprod")))
static void ek_dotprod_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                               float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        long rr[4];
        for (long i = 0; i < 4; i++) rr[i] = r + (i < nr ? i : 0);
        for (long t = 0; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            float32x4_t acc[4];
            for (int i = 0; i < 4; i++) acc[i] = vdupq_n_f32(0);
            for (long b = 0; b < nb; b++) {
                int8x16_t x0 = vld1q_s8(x + b * 32), x1 = vld1q_s8(x + b * 32 + 16);
                float xs = ek_q8_block_scale(xlanes + t * nl, b);
                for (int i = 0; i < 4; i++) {
                    const int8_t *w = Wq + rr[i] * cols + b * 32;
                    int32x4_t d = vdotq_s32(vdupq_n_s32(0), vld1q_s8(w), x0);
                    d = vdotq_s32(d, vld1q_s8(w + 16), x1);
                    acc[i] = vfmaq_n_f32(acc[i], vcvtq_f32_s32(d), ek_half_to_float(ws[rr[i] * nb + b]) * xs);
                }
            }
            for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, vaddvq_f32(acc[i]), accumulate);
        }
    }
}

const ek_kernels ek_neon_kernels = {
    EK_PATH_NEON, "neon", ek_neon_f16_to_f32, ek_neon_f32_to_f16, ek_neon_gemm_f32, ek_neon_gemm_f16,
    ek_neon_gemm_q8, ek_portable_gemm_q4, ek_portable_gemm_w8a8, ek_portable_swiglu, ek_portable_attention,
    ek_portable_quantize_q8, ek_portable_quantize_u8,
};

const ek_kernels ek_neon_dotprod_kernels = {
    EK_PATH_NEON_DOTPROD, "neon-dotprod", ek_neon_f16_to_f32, ek_neon_f32_to_f16, ek_neon_gemm_f32,
    ek_neon_gemm_f16, ek_dotprod_gemm_q8, ek_portable_gemm_q4, ek_portable_gemm_w8a8, ek_portable_swiglu,
    ek_portable_attention, ek_portable_quantize_q8, ek_portable_quantize_u8,
};
#endif
