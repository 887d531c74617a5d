// The AVX2 float GEMMs of two or more tokens (prefill): as avx512_prefill.c with 8-lane vectors. Each strip of 16
// weight rows is packed, 256 columns at a time, into two 8-row panels (8 rows' values of one column per vector) that
// every tile of 4 tokens reuses from L1: per column, 2 weight loads, 4 broadcasts and 8 FMAs into 2 × 4 register
// accumulators, with no horizontal sums.
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#include <limits.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#define EK_STRIP 16
#define EK_TILE 4
#define EK_KC 256

typedef float ek_float_block[EK_KC][EK_STRIP] __attribute__((aligned(32)));

/// All-ones lanes for the first `left` of 8 (a gather or store mask).
static inline __m256i ek_lanes8(long left) {
    const __m256i lane = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(left < 0 ? 0 : left > 8 ? 8 : left)), lane);
}

/// Row byte offsets 0, stride, …, 7·stride of panel h (rows 8h…8h+7 of the strip).
static inline __m256i ek_row_offsets8(int h, long stride) {
    const __m256i lane = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
    return _mm256_mullo_epi32(_mm256_add_epi32(lane, _mm256_set1_epi32(8 * h)), _mm256_set1_epi32((int)stride));
}

static void ek_pack_f32(ek_float_block p, const void *Wv, long cols, long r, long nr, long c0, long kc) {
    const float *base = (const float *)Wv + r * cols + c0;
    for (int h = 0; h < 2; h++) {
        __m256 m = _mm256_castsi256_ps(ek_lanes8(nr - 8 * h));
        __m256i offsets = ek_row_offsets8(h, cols * 4);
        for (long k = 0; k < kc; k++)
            _mm256_store_ps(p[k] + 8 * h, _mm256_mask_i32gather_ps(_mm256_setzero_ps(), base + k, offsets, m, 1));
    }
}

/// The low 16 bits of 8 int32 lanes, as 8 halves.
static inline __m128i ek_low_halves(__m256i v) {
    const __m256i pick = _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1);
    return _mm256_castsi256_si128(_mm256_permute4x64_epi64(_mm256_shuffle_epi8(v, pick), 0x08));
}

/// f16 rows (even cols): a gather of 32-bit words takes two adjacent columns of 8 rows.
static void ek_pack_f16(ek_float_block p, const void *Wv, long cols, long r, long nr, long c0, long kc) {
    const uint16_t *base = (const uint16_t *)Wv + r * cols + c0;
    for (int h = 0; h < 2; h++) {
        __m256i m = ek_lanes8(nr - 8 * h);
        __m256i offsets = ek_row_offsets8(h, cols * 2);
        for (long k = 0; k < kc; k += 2) {
            __m256i pair = _mm256_mask_i32gather_epi32(_mm256_setzero_si256(), (const int *)(base + k), offsets, m, 1);
            _mm256_store_ps(p[k] + 8 * h, _mm256_cvtph_ps(ek_low_halves(pair)));
            if (k + 1 < kc)
                _mm256_store_ps(p[k + 1] + 8 * h, _mm256_cvtph_ps(ek_low_halves(_mm256_srli_epi32(pair, 16))));
        }
    }
}

/// o[h][j] = Σ_k p[k][8h…8h+7] · x[j][k] for nt (a constant) tokens, x rows ldx apart.
static inline __attribute__((always_inline)) void ek_float_tile(const float (*p)[EK_STRIP], long kc, const float *x,
                                                                long ldx, int nt, __m256 o[2][EK_TILE]) {
    for (int j = 0; j < EK_TILE; j++) o[0][j] = o[1][j] = _mm256_setzero_ps();
    for (long k = 0; k < kc; k++) {
        __m256 w0 = _mm256_load_ps(p[k]), w1 = _mm256_load_ps(p[k] + 8);
        for (int j = 0; j < nt; j++) {
            __m256 xv = _mm256_broadcast_ss(x + j * ldx + k);
            o[0][j] = _mm256_fmadd_ps(w0, xv, o[0][j]);
            o[1][j] = _mm256_fmadd_ps(w1, xv, o[1][j]);
        }
    }
}

static void ek_float_tile_any(const float (*p)[EK_STRIP], long kc, const float *x, long ldx, int nt,
                              __m256 o[2][EK_TILE]) {
    switch (nt) {
    case 4: ek_float_tile(p, kc, x, ldx, 4, o); break;
    case 3: ek_float_tile(p, kc, x, ldx, 3, o); break;
    case 2: ek_float_tile(p, kc, x, ldx, 2, o); break;
    default: ek_float_tile(p, kc, x, ldx, 1, o); break;
    }
}

typedef void (*ek_pack_float_fn)(ek_float_block p, const void *W, long cols, long r, long nr, long c0, long kc);

static void ek_prefill_float(ek_pack_float_fn pack, const void *W, const float *X, float *Y, long cols, long ldx,
                             long ldy, long r0, long r1, long T, int accumulate) {
    ek_float_block p;
    for (long r = r0; r < r1; r += EK_STRIP) {
        long nr = r1 - r < EK_STRIP ? r1 - r : EK_STRIP;
        __m256i m0 = ek_lanes8(nr), m1 = ek_lanes8(nr - 8);
        for (long c0 = 0; c0 < cols; c0 += EK_KC) {
            long kc = cols - c0 < EK_KC ? cols - c0 : EK_KC;
            pack(p, W, cols, r, nr, c0, kc);
            for (long t = 0; t < T; t += EK_TILE) {
                int nt = T - t < EK_TILE ? (int)(T - t) : EK_TILE;
                __m256 o[2][EK_TILE];
                ek_float_tile_any((const float (*)[EK_STRIP])p, kc, X + t * ldx + c0, ldx, nt, o);
                for (int j = 0; j < nt; j++) {
                    float *y = Y + (t + j) * ldy + r;
                    if (accumulate || c0 > 0) {
                        o[0][j] = _mm256_add_ps(o[0][j], _mm256_maskload_ps(y, m0));
                        o[1][j] = _mm256_add_ps(o[1][j], _mm256_maskload_ps(y + 8, m1));
                    }
                    _mm256_maskstore_ps(y, m0, o[0][j]);
                    _mm256_maskstore_ps(y + 8, m1, o[1][j]);
                }
            }
        }
    }
}

int ek_avx2_prefill_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,
                        long T, int accumulate) {
    if (cols > INT_MAX / 4 / EK_STRIP) return 0;
    ek_prefill_float(ek_pack_f32, W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate);
    return 1;
}

int ek_avx2_prefill_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,
                        long T, int accumulate) {
    if (cols % 2 != 0 || cols > INT_MAX / 2 / EK_STRIP) return 0;
    ek_prefill_float(ek_pack_f16, W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate);
    return 1;
}

#pragma clang attribute pop
#endif
