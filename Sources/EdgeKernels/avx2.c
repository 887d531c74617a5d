// The AVX2 path (AVX2 + FMA + F16C, x86-64-v3): compiled for the baseline CPU with a target attribute on every
// function, and selected at run time when CPUID reports these features but not the AVX-512 set.
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <float.h>
#include <immintrin.h>
#include <math.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

static inline float ek_hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline int32_t ek_hsum8i(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

static inline float ek_half(uint16_t h) { return _cvtsh_ss(h); }

static void ek_avx2_f16_to_f32(const uint16_t *src, float *dst, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++) dst[i] = ek_half(src[i]);
}

static void ek_avx2_f32_to_f16(const float *src, uint16_t *dst, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(dst + i), _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++) dst[i] = _cvtss_sh(src[i], _MM_FROUND_TO_NEAREST_INT);
}

/// e^x for 8 lanes: x = n·ln2 + r, e^r by a degree-7 Taylor polynomial, 2^n built in the exponent bits
/// (x clamped to [−87, 88], where 2^n stays a normal float).
static inline __m256 ek_exp8(__m256 x) {
    x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(88.0f)), _mm256_set1_ps(-87.0f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.428606765330187e-06f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    // n ∈ [−126, 127] after the clamp (88·log2e < 127.5): (n + 127) << 23 is 2^n.
    __m256i pow2 = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(pow2));
}

static void ek_avx2_swiglu(float *gate, const float *up, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 g = _mm256_loadu_ps(gate + i);
        __m256 e = ek_exp8(_mm256_sub_ps(_mm256_setzero_ps(), g));
        __m256 silu = _mm256_div_ps(g, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
    }
    ek_portable_swiglu(gate + i, up + i, n - i);
}

// ---------------------------------------------------------------------------------------------- f32 / f16 GEMM

static inline __m256 ek_w32(const void *w, long c) { return _mm256_loadu_ps((const float *)w + c); }
static inline __m256 ek_w16(const void *w, long c) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)w + c)));
}
static inline float ek_s32(const void *w, long c) { return ((const float *)w)[c]; }
static inline float ek_s16(const void *w, long c) { return ek_half(((const uint16_t *)w)[c]); }

/// Two or more tokens take the packed-panel prefill GEMM (avx2_prefill.c); one token (decode), or a matrix too wide
/// for the panels' 32-bit offsets, each row in turn dotted with every token, one forward stream for the hardware
/// prefetchers, as the AVX-512 decode. Zen 4, against 4 rows at once with the f16 next-group prefetch,
/// `KERNELS=avx2 scripts/kernel_ab.sh`, 100 MB stacks, 11 pairs, two runs: f32 1.91–1.96× (576 columns), 1.45–1.47×
/// (1536), 1.20–1.40× (2560); f16 1.25–1.28×, 1.05–1.06×, 1.53–1.56×, at 0.91–1.03 of the read of the same bytes. (The
/// AVX2 W8A8 decode keeps 4 rows: widening each activation vector once for 4 rows matters there, row by row was
/// 0.61–1.15×.)
#define EK_GEMM_FLOAT(NAME, WT, LOAD, SCALAR, PREFILL)                                                          \
    static void NAME(const WT *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,    \
                     long T, int accumulate) {                                                                  \
        if (T > 1 && PREFILL(W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate)) return;                         \
        for (long r = r0; r < r1; r++) {                                                                        \
            const WT *w = W + r * cols;                                                                         \
            for (long t = 0; t < T; t++) {                                                                      \
                const float *x = X + t * ldx;                                                                   \
                __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                                     \
                long c = 0;                                                                                     \
                for (; c + 32 <= cols; c += 32) {                                                               \
                    a0 = _mm256_fmadd_ps(LOAD(w, c), _mm256_loadu_ps(x + c), a0);                               \
                    a1 = _mm256_fmadd_ps(LOAD(w, c + 8), _mm256_loadu_ps(x + c + 8), a1);                       \
                    a2 = _mm256_fmadd_ps(LOAD(w, c + 16), _mm256_loadu_ps(x + c + 16), a2);                     \
                    a3 = _mm256_fmadd_ps(LOAD(w, c + 24), _mm256_loadu_ps(x + c + 24), a3);                     \
                }                                                                                               \
                for (; c + 8 <= cols; c += 8) a0 = _mm256_fmadd_ps(LOAD(w, c), _mm256_loadu_ps(x + c), a0);     \
                float s = ek_hsum8(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));                \
                for (; c < cols; c++) s += SCALAR(w, c) * x[c];                                                 \
                ek_store(Y + t * ldy + r, s, accumulate);                                                       \
            }                                                                                                   \
        }                                                                                                       \
    }

EK_GEMM_FLOAT(ek_avx2_gemm_f32, float, ek_w32, ek_s32, ek_avx2_prefill_f32)
EK_GEMM_FLOAT(ek_avx2_gemm_f16, uint16_t, ek_w16, ek_s16, ek_avx2_prefill_f16)

// ---------------------------------------------------------------------------------------------- int8 GEMMs

/// Σ over 32 byte pairs of w·x (signed × signed), as 8 int32 lanes: |w| (unsigned) × (x with w's sign).
/// Pairs of products stay within int16: 2 · 128 · 127 < 32767.
static inline __m256i ek_dot32(__m256i w, __m256i x) {
    __m256i p = _mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w));
    return _mm256_madd_epi16(p, _mm256_set1_epi16(1));
}

static void ek_avx2_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                            float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        long rr[4];
        for (long i = 0; i < 4; i++) rr[i] = r + (i < nr ? i : 0);
        for (long t = 0; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            const float *xl = xlanes + t * nl;
            __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
            for (long b = 0; b < nb; b++) {
                if (T == 1) {  // decode: the next 4-row group (contiguous), 128 bytes per block of 32 columns
                    _mm_prefetch((const char *)(Wq + (r + 4) * cols + b * 128), _MM_HINT_T0);
                    _mm_prefetch((const char *)(Wq + (r + 4) * cols + b * 128 + 64), _MM_HINT_T0);
                }
                __m256i xv = _mm256_loadu_si256((const __m256i *)(x + b * 32));
                float xs = ek_q8_block_scale(xl, b);
                for (int i = 0; i < 4; i++) {
                    __m256i wv = _mm256_loadu_si256((const __m256i *)(Wq + rr[i] * cols + b * 32));
                    __m256 d = _mm256_cvtepi32_ps(ek_dot32(wv, xv));
                    acc[i] = _mm256_fmadd_ps(d, _mm256_set1_ps(ek_half(ws[rr[i] * nb + b]) * xs), acc[i]);
                }
            }
            for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, ek_hsum8(acc[i]), accumulate);
        }
    }
}

/// The 32 nibbles (0…15) of block b of a packed row, in column order: the block's four 4-byte words (word t: elements
/// 8t…8t+3 low, 8t+4…8t+7 high), split into nibbles and interleaved word by word.
static inline __m256i ek_q4_block(const uint8_t *row, long b, long nb) {
    const __m128i low = _mm_set1_epi8(0x0F);
    int shift, words[4];
    for (int t = 0; t < 4; t++) memcpy(&words[t], row + ek_q4_offset(nb, b, 8 * t, &shift), 4);
    __m128i packed = _mm_loadu_si128((const __m128i *)words);
    __m128i lo = _mm_and_si128(packed, low), hi = _mm_and_si128(_mm_srli_epi16(packed, 4), low);
    return _mm256_set_m128i(_mm_unpackhi_epi32(lo, hi), _mm_unpacklo_epi32(lo, hi));
}

static void ek_avx2_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                            float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32, half = cols / 2, nl = ek_q8_lanes(cols);
    const __m256i eight = _mm256_set1_epi8(8), ones = _mm256_set1_epi16(1);
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        long rr[4];
        for (long i = 0; i < 4; i++) rr[i] = r + (i < nr ? i : 0);
        for (long t = 0; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            const float *xl = xlanes + t * nl;
            __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
            for (long b = 0; b < nb; b++) {
                if (T == 1)  // decode: the next 4-row group (contiguous), 64 bytes per block of 32 columns
                    _mm_prefetch((const char *)(Wp + (r + 4) * half + b * 64), _MM_HINT_T0);
                __m256i xv = _mm256_loadu_si256((const __m256i *)(x + b * 32));
                __m256i x8 = _mm256_maddubs_epi16(eight, xv);  // 8·(x pairs): the −8 offset of every nibble
                float xs = ek_q8_block_scale(xl, b);
                for (int i = 0; i < 4; i++) {
                    __m256i nib = ek_q4_block(Wp + rr[i] * half, b, nb);
                    __m256i p = _mm256_sub_epi16(_mm256_maddubs_epi16(nib, xv), x8);
                    __m256 d = _mm256_cvtepi32_ps(_mm256_madd_epi16(p, ones));
                    acc[i] = _mm256_fmadd_ps(d, _mm256_set1_ps(ek_half(ws[rr[i] * nb + b]) * xs), acc[i]);
                }
            }
            for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, ek_hsum8(acc[i]), accumulate);
        }
    }
}

static void ek_avx2_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                              const float *lo, const float *scale, float *Y, long cols, long ldy,
                              long r0, long r1, long T, int accumulate) {
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        const int8_t *w[4];
        for (long i = 0; i < 4; i++) w[i] = Wq + (r + (i < nr ? i : 0)) * cols;
        for (long t = 0; t < T; t++) {
            const uint8_t *u = U + t * cols;
            __m256i a[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                            _mm256_setzero_si256()};
            long c = 0;
            for (; c + 16 <= cols; c += 16) {  // u8 × s8 widened to int16, pairs summed exactly in int32
                if (T == 1)  // decode: the next 4-row group (contiguous), 64 bytes per 16 columns
                    _mm_prefetch((const char *)(w[0] + 4 * cols + c * 4), _MM_HINT_T0);
                __m256i uv = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(u + c)));
                for (int i = 0; i < 4; i++)
                    a[i] = _mm256_add_epi32(a[i], _mm256_madd_epi16(uv, _mm256_cvtepi8_epi16(
                                                      _mm_loadu_si128((const __m128i *)(w[i] + c)))));
            }
            int32_t d[4] = {ek_hsum8i(a[0]), ek_hsum8i(a[1]), ek_hsum8i(a[2]), ek_hsum8i(a[3])};
            for (; c < cols; c++)
                for (int i = 0; i < 4; i++) d[i] += (int32_t)u[c] * w[i][c];
            for (long i = 0; i < nr; i++)
                ek_store(Y + t * ldy + r + i, ws[r + i] * (scale[t] * (float)d[i] + lo[t] * (float)wsum[r + i]),
                         accumulate);
        }
    }
}

// ---------------------------------------------------------------------------------------------- attention

#define EK_ATTEND(NAME, KT, LOAD, SCALAR)                                                                       \
    static void NAME(const float *qv, const void *Kv, const void *Vv, float *o, long n, long hd, long kvDim,    \
                     float *scores, float scale) {                                                              \
        const KT *K = Kv, *V = Vv;                                                                              \
        long vec = hd / 8 * 8;                                                                                  \
        float mx = -FLT_MAX;                                                                                    \
        for (long j = 0; j < n; j++) {                                                                          \
            const KT *k = K + j * kvDim;                                                                        \
            __m256 acc = _mm256_setzero_ps();                                                                   \
            for (long d = 0; d < vec; d += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(qv + d), LOAD(k, d), acc);  \
            float dot = ek_hsum8(acc);                                                                          \
            for (long d = vec; d < hd; d++) dot += qv[d] * SCALAR(k, d);                                        \
            scores[j] = dot * scale;                                                                            \
            mx = fmaxf(mx, scores[j]);                                                                          \
        }                                                                                                       \
        float sum = 0;                                                                                          \
        long j = 0;                                                                                             \
        __m256 total = _mm256_setzero_ps(), top = _mm256_set1_ps(mx);                                           \
        for (; j + 8 <= n; j += 8) {                                                                            \
            __m256 e = ek_exp8(_mm256_sub_ps(_mm256_loadu_ps(scores + j), top));                                \
            _mm256_storeu_ps(scores + j, e);                                                                    \
            total = _mm256_add_ps(total, e);                                                                    \
        }                                                                                                       \
        sum = ek_hsum8(total);                                                                                  \
        for (; j < n; j++) { scores[j] = expf(scores[j] - mx); sum += scores[j]; }                              \
        float inv = 1.0f / sum;                                                                                 \
        for (long d = 0; d < vec; d += 8) {                                                                     \
            __m256 acc = _mm256_setzero_ps();                                                                   \
            for (long i = 0; i < n; i++)                                                                        \
                acc = _mm256_fmadd_ps(_mm256_set1_ps(scores[i]), LOAD(V + i * kvDim, d), acc);                  \
            _mm256_storeu_ps(o + d, _mm256_mul_ps(acc, _mm256_set1_ps(inv)));                                   \
        }                                                                                                       \
        for (long d = vec; d < hd; d++) {                                                                       \
            float acc = 0;                                                                                      \
            for (long i = 0; i < n; i++) acc += scores[i] * SCALAR(V + i * kvDim, d);                           \
            o[d] = acc * inv;                                                                                   \
        }                                                                                                       \
    }

EK_ATTEND(ek_avx2_attend_f32, float, ek_w32, ek_s32)
EK_ATTEND(ek_avx2_attend_f16, uint16_t, ek_w16, ek_s16)

static void ek_avx2_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                              long heads, long kvHeads, long hd, long start, long T,
                              long task0, long step, float *scores, float scale) {
    ek_attention_tasks(ek_avx2_attend_f32, ek_avx2_attend_f16, q, kc, vc, kvF16, out, heads, kvHeads, hd,
                       start, T, task0, step, scores, scale);
}

#pragma clang attribute pop

const ek_kernels ek_avx2_kernels = {
    EK_PATH_AVX2, "avx2", ek_avx2_f16_to_f32, ek_avx2_f32_to_f16, ek_avx2_gemm_f32, ek_avx2_gemm_f16,
    ek_avx2_gemm_q8, ek_avx2_gemm_q4, ek_avx2_gemm_w8a8, ek_avx2_swiglu, ek_avx2_attention,
    ek_portable_quantize_q8, ek_portable_quantize_u8,
};
#endif
