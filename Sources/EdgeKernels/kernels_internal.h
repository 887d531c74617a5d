#ifndef EDGEKERNELS_INTERNAL_H
#define EDGEKERNELS_INTERNAL_H

#include "edgekernels.h"
#include <string.h>

/// The per-path tables (each defined in its own file; only the paths this target compiles exist).
extern const ek_kernels ek_portable_kernels;
#if defined(__x86_64__)
extern const ek_kernels ek_avx2_kernels;
extern const ek_kernels ek_avx512_kernels;
#endif
#if defined(__aarch64__)
extern const ek_kernels ek_neon_kernels;
extern const ek_kernels ek_neon_dotprod_kernels;
#endif

#if defined(__x86_64__)
/// The AVX-512 packed-panel GEMMs of two or more tokens (avx512_prefill.c), arguments as the ek_gemm_* functions.
/// Each returns 0, having done nothing, when the matrix is too wide for its 32-bit gather offsets (or, for f16 and
/// W8A8, has an odd column count or one not a multiple of 4).
int ek_avx512_prefill_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,
                          long T, int accumulate);
int ek_avx512_prefill_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0,
                          long r1, long T, int accumulate);
int ek_avx512_prefill_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes, float *Y,
                         long cols, long ldy, long r0, long r1, long T, int accumulate);
int ek_avx512_prefill_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes, float *Y,
                         long cols, long ldy, long r0, long r1, long T, int accumulate);
int ek_avx512_prefill_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                           const float *lo, const float *scale, float *Y, long cols, long ldy, long r0, long r1,
                           long T, int accumulate);

/// The AVX2 packed-panel float GEMMs of two or more tokens (avx2_prefill.c), as the AVX-512 ones above.
int ek_avx2_prefill_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,
                        long T, int accumulate);
int ek_avx2_prefill_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0,
                        long r1, long T, int accumulate);

/// CPUID reports AVX512_BF16 (vdpbf16ps) and the OS saves the AVX-512 state.
int ek_x86_has_avx512bf16(void);
/// 1 when the Q8_0 decode kernel prefetches weights into L1 rather than L2 (avx512.c): on AMD (CPUID's vendor
/// string, read once per process).
int ek_x86_prefetch_to_l1(void);
#endif

/// The portable kernels, which other paths reuse for the ops they do not specialize.
void ek_portable_f16_to_f32(const uint16_t *src, float *dst, long n);
void ek_portable_f32_to_f16(const float *src, uint16_t *dst, long n);
void ek_portable_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                         float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate);
void ek_portable_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                           const float *lo, const float *scale, float *Y, long cols, long ldy,
                           long r0, long r1, long T, int accumulate);
void ek_portable_swiglu(float *gate, const float *up, long n);
void ek_portable_quantize_q8(const float *X, long ldx, long T, long cols, int8_t *q, float *scales, float *lanes);
void ek_portable_quantize_u8(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale);
void ek_portable_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                           long heads, long kvHeads, long hd, long start, long T,
                           long task0, long step, float *scores, float scale);

/// One query head over n cached positions (rows kvDim apart): o = softmax(scale · q·K) · V.
typedef void (*ek_attend_fn)(const float *qv, const void *K, const void *V, float *o, long n, long hd,
                             long kvDim, float *scores, float scale);
/// The task loop of ek_attention around a path's per-head functions for f32 and f16 caches.
void ek_attention_tasks(ek_attend_fn f32, ek_attend_fn f16, const float *q, const void *kc, const void *vc,
                        int kvF16, float *out, long heads, long kvHeads, long hd, long start, long T,
                        long task0, long step, float *scores, float scale);

/// Blocks in group g (16 blocks of 32 columns each, the last group the rest) of a packed Q4 row with nb blocks.
static inline long ek_q4_group_blocks(long nb, long g) { return nb - 16 * g < 16 ? nb - 16 * g : 16; }

/// Lanes per block (L: 32-bit words of a 64-byte step) in a packed Q4 group of m blocks (ek_q4_pack_row).
static inline int ek_q4_lanes(long m) { return m <= 4 ? 4 : m <= 8 ? 2 : 1; }

/// Where element e (0…31) of block b of a packed Q4 row with nb blocks lies (ek_q4_pack_row's layout): the byte
/// offset in the row; *shift is the nibble's bit offset (0 or 4).
static inline long ek_q4_offset(long nb, long b, int e, int *shift) {
    long g = b / 16, m = ek_q4_group_blocks(nb, g), j = b % 16;
    long L = ek_q4_lanes(m), t = e / 8;
    *shift = (e % 8) / 4 * 4;
    return g * 256 + (t / L) * 4 * L * m + 4 * (L * j + t % L) + e % 4;
}

static inline void ek_store(float *y, float v, int accumulate) { *y = accumulate ? *y + v : v; }

/// The scale of Q8 activation block b in the lane layout of ek_quantize_q8.
static inline float ek_q8_block_scale(const float *lanes, long b) { return lanes[(b / 2) * 16 + (b % 2) * 8]; }

/// IEEE binary16 bits → float (exact), without hardware support.
static inline float ek_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF, bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else if (exponent == 0) {
        float f = (float)mantissa * 0x1p-24f;  // zero or subnormal: mantissa · 2^-24, exact
        return sign ? -f : f;
    } else {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

/// float → IEEE binary16 bits, rounding to nearest even (overflow → ±inf, NaN stays NaN).
static inline uint16_t ek_float_to_half(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    uint32_t ax = x & 0x7FFFFFFFu;
    if (ax > 0x7F800000u) return sign | 0x7E00;                // NaN
    if (ax >= 0x477FF000u) return sign | 0x7C00;               // ≥ 65520 (halfway above 65504) → inf
    if (ax < 0x38800000u) {                                    // below 2^-14: a subnormal half
        float a;
        memcpy(&a, &ax, 4);
        float units = a * 0x1p24f;                             // exact: a power-of-two scaling
        float rounded = (units + 0x1p23f) - 0x1p23f;           // round to nearest even (units < 2^10)
        return sign | (uint16_t)rounded;
    }
    uint32_t m = ax - (112u << 23);                            // rebias the exponent (127 → 15)
    return sign | (uint16_t)((m + 0xFFFu + ((m >> 13) & 1)) >> 13);
}

#endif
