#include "edgekernels.h"
#include <float.h>
#include <math.h>
#include <string.h>
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__) && defined(__F16C__)
#include <immintrin.h>
#define EK_AVX512 1
#endif

void ek_f16_to_f32(const uint16_t *src, float *dst, long n) {
    const _Float16 *h = (const _Float16 *)src;
    for (long i = 0; i < n; i++) dst[i] = (float)h[i];
}

void ek_f32_to_f16(const float *src, uint16_t *dst, long n) {
    _Float16 *h = (_Float16 *)dst;
    for (long i = 0; i < n; i++) h[i] = (_Float16)src[i];
}

static inline void ek_store(float *y, float v, int accumulate) { *y = accumulate ? *y + v : v; }

#ifdef EK_AVX512
/// e^x for 16 lanes: x = n·ln2 + r (Cody-Waite split of ln2), e^r by its degree-7 Taylor polynomial
/// (|r| ≤ ln2/2, truncation error < 6e-9 relative), times 2^n via vscalefps.
static inline __m512 ek_exp16(__m512 x) {
    x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.0f)), _mm512_set1_ps(-104.0f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.428606765330187e-06f), r);
    __m512 p = _mm512_set1_ps(1.0f / 5040);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
}
#endif

void ek_swiglu(float *gate, const float *up, long n) {
    long i = 0;
#ifdef EK_AVX512
    for (; i < n; i += 16) {
        __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        __m512 g = _mm512_maskz_loadu_ps(m, gate + i);
        __m512 e = ek_exp16(_mm512_sub_ps(_mm512_setzero_ps(), g));
        __m512 silu = _mm512_div_ps(g, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
        _mm512_mask_storeu_ps(gate + i, m, _mm512_mul_ps(silu, _mm512_maskz_loadu_ps(m, up + i)));
    }
#endif
    for (; i < n; i++) gate[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

/// scores[j] = e^(scores[j] − max) for j < n; returns their sum.
static float ek_softmax_exp(float *scores, long n, float mx) {
    float sum = 0;
    long j = 0;
#ifdef EK_AVX512
    __m512 acc = _mm512_setzero_ps(), top = _mm512_set1_ps(mx);
    for (; j < n; j += 16) {
        __mmask16 m = n - j >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - j)) - 1);
        __m512 e = ek_exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, scores + j), top));
        e = _mm512_maskz_mov_ps(m, e);
        _mm512_mask_storeu_ps(scores + j, m, e);
        acc = _mm512_add_ps(acc, e);
    }
    sum = _mm512_reduce_add_ps(acc);
#endif
    for (; j < n; j++) { scores[j] = expf(scores[j] - mx); sum += scores[j]; }
    return sum;
}

// ---------------------------------------------------------------------------------------------- f16 GEMM

#ifdef EK_AVX512
static inline __m512 ek_half16(const uint16_t *p, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
}
#endif

#ifdef EK_AVX512
/// 4 rows × 4 tokens: each weight vector is converted once and used for four tokens (prefill).
static void ek_f16_tile(const uint16_t *const w[4], const float *X, long ldx, float *Y, long ldy, long cols,
                        long nr, int accumulate) {
    __m512 acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = _mm512_setzero_ps();
    for (long c = 0; c < cols; c += 16) {
        __mmask16 m = cols - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (cols - c)) - 1);
        __m512 wv[4];
        for (int i = 0; i < 4; i++) wv[i] = ek_half16(w[i] + c, m);
        for (int j = 0; j < 4; j++) {
            __m512 xv = _mm512_maskz_loadu_ps(m, X + j * ldx + c);
            for (int i = 0; i < 4; i++) acc[i][j] = _mm512_fmadd_ps(wv[i], xv, acc[i][j]);
        }
    }
    for (int j = 0; j < 4; j++)
        for (long i = 0; i < nr; i++) ek_store(Y + j * ldy + i, _mm512_reduce_add_ps(acc[i][j]), accumulate);
}
#endif

void ek_gemm_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                 long r0, long r1, long T, int accumulate) {
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        const uint16_t *w[4];
        for (long i = 0; i < 4; i++) w[i] = W + (r + (i < nr ? i : 0)) * cols;
        long t = 0;
#ifdef EK_AVX512
        for (; t + 4 <= T; t += 4) ek_f16_tile(w, X + t * ldx, ldx, Y + t * ldy + r, ldy, cols, nr, accumulate);
#endif
        for (; t < T; t++) {
            const float *x = X + t * ldx;
            float s[4];
#ifdef EK_AVX512
            __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            __m512 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            long c = 0;
            for (; c + 32 <= cols; c += 32) {
                __m512 x0 = _mm512_loadu_ps(x + c), x1 = _mm512_loadu_ps(x + c + 16);
                a0 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[0] + c))), x0, a0);
                a1 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[1] + c))), x0, a1);
                a2 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[2] + c))), x0, a2);
                a3 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[3] + c))), x0, a3);
                b0 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[0] + c + 16))), x1, b0);
                b1 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[1] + c + 16))), x1, b1);
                b2 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[2] + c + 16))), x1, b2);
                b3 = _mm512_fmadd_ps(_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(w[3] + c + 16))), x1, b3);
            }
            for (; c < cols; c += 16) {
                __mmask16 m = cols - c >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (cols - c)) - 1);
                __m512 x0 = _mm512_maskz_loadu_ps(m, x + c);
                a0 = _mm512_fmadd_ps(ek_half16(w[0] + c, m), x0, a0);
                a1 = _mm512_fmadd_ps(ek_half16(w[1] + c, m), x0, a1);
                a2 = _mm512_fmadd_ps(ek_half16(w[2] + c, m), x0, a2);
                a3 = _mm512_fmadd_ps(ek_half16(w[3] + c, m), x0, a3);
            }
            s[0] = _mm512_reduce_add_ps(_mm512_add_ps(a0, b0));
            s[1] = _mm512_reduce_add_ps(_mm512_add_ps(a1, b1));
            s[2] = _mm512_reduce_add_ps(_mm512_add_ps(a2, b2));
            s[3] = _mm512_reduce_add_ps(_mm512_add_ps(a3, b3));
#else
            for (long i = 0; i < 4; i++) {
                const _Float16 *h = (const _Float16 *)w[i];
                float acc = 0;
                for (long c = 0; c < cols; c++) acc += (float)h[c] * x[c];
                s[i] = acc;
            }
#endif
            for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, s[i], accumulate);
        }
    }
}

// ---------------------------------------------------------------------------------------------- Q8 GEMM

void ek_quantize_q8(const float *X, long ldx, long T, long cols, int8_t *q, float *scales, float *lanes) {
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long t = 0; t < T; t++) {
        const float *x = X + t * ldx;
        for (long b = 0; b < nb; b++) {
            float amax = 0;
            for (long i = 0; i < 32; i++) amax = fmaxf(amax, fabsf(x[b * 32 + i]));
            float d = amax / 127.0f, id = d > 0 ? 1.0f / d : 0.0f;
            for (long i = 0; i < 32; i++) q[t * cols + b * 32 + i] = (int8_t)roundf(x[b * 32 + i] * id);
            scales[t * nb + b] = d;
        }
        for (long l = 0; l < nl; l++) {
            long b = (l / 16) * 2 + (l % 16) / 8;
            lanes[t * nl + l] = b < nb ? scales[t * nb + b] : 0.0f;
        }
    }
}

#ifdef EK_AVX512
/// One 64-column chunk of one row: the int8 dot products of its two blocks, in lanes 0-7 and 8-15.
static inline __m512 ek_q8_chunk(const int8_t *w, __m512i xv, __mmask64 m, __m512 sc, __m512 acc) {
    __m512i wv = _mm512_maskz_loadu_epi8(m, w);
    __mmask64 neg = _mm512_movepi8_mask(wv);
    __m512i sx = _mm512_mask_sub_epi8(xv, neg, _mm512_setzero_si512(), xv);
    __m512i d = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(wv), sx);
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), sc, acc);
}
#endif

#ifdef EK_AVX512
/// 4 rows × 4 tokens: the weight bytes' magnitudes, signs and scales are prepared once for four tokens (prefill).
static void ek_q8_tile(const int8_t *Wq, const uint16_t *ws, const long rr[4], const int8_t *Xq, const float *xl,
                       float *Y, long ldy, long cols, long nr, int accumulate) {
    long nb = cols / 32, nl = ek_q8_lanes(cols), nchunk = (cols + 63) / 64;
    const __m512i base = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    __m512 acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = _mm512_setzero_ps();
    __m512 wsv[4];
    for (long k = 0; k < nchunk; k++) {
        long c = k * 64;
        if (k % 8 == 0) {
            long left = nb - k * 2;
            __mmask16 bm = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
            for (int i = 0; i < 4; i++) wsv[i] = ek_half16(ws + rr[i] * nb + k * 2, bm);
        }
        __mmask64 m = cols - c >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (cols - c)) - 1);
        __m512i idx = _mm512_add_epi32(base, _mm512_set1_epi32((int)(2 * (k % 8))));
        for (int i = 0; i < 4; i++) {
            __m512i wv = _mm512_maskz_loadu_epi8(m, Wq + rr[i] * cols + c);
            __mmask64 neg = _mm512_movepi8_mask(wv);
            __m512i aw = _mm512_abs_epi8(wv);
            __m512 wscale = _mm512_permutexvar_ps(idx, wsv[i]);
            for (int j = 0; j < 4; j++) {
                __m512i xv = _mm512_maskz_loadu_epi8(m, Xq + j * cols + c);
                __m512i sx = _mm512_mask_sub_epi8(xv, neg, _mm512_setzero_si512(), xv);
                __m512i d = _mm512_dpbusd_epi32(_mm512_setzero_si512(), aw, sx);
                __m512 sc = _mm512_mul_ps(wscale, _mm512_loadu_ps(xl + j * nl + k * 16));
                acc[i][j] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), sc, acc[i][j]);
            }
        }
    }
    for (int j = 0; j < 4; j++)
        for (long i = 0; i < nr; i++) ek_store(Y + j * ldy + i, _mm512_reduce_add_ps(acc[i][j]), accumulate);
}
#endif

void ek_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32;
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        long rr[4];
        for (long i = 0; i < 4; i++) rr[i] = r + (i < nr ? i : 0);
        long t = 0;
#ifdef EK_AVX512
        for (; t + 4 <= T; t += 4)
            ek_q8_tile(Wq, ws, rr, Xq + t * cols, xlanes + t * ek_q8_lanes(cols), Y + t * ldy + r, ldy, cols, nr,
                       accumulate);
#endif
        for (; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            float s[4];
#ifdef EK_AVX512
            const float *xl = xlanes + t * ek_q8_lanes(cols);
            const __m512i base = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
            __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            __m512 w0 = a0, w1 = a0, w2 = a0, w3 = a0;
            long nchunk = (cols + 63) / 64;
            for (long k = 0; k < nchunk; k++) {
                long c = k * 64;
                if (k % 8 == 0) {
                    long left = nb - k * 2;
                    __mmask16 bm = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
                    w0 = ek_half16(ws + rr[0] * nb + k * 2, bm);
                    w1 = ek_half16(ws + rr[1] * nb + k * 2, bm);
                    w2 = ek_half16(ws + rr[2] * nb + k * 2, bm);
                    w3 = ek_half16(ws + rr[3] * nb + k * 2, bm);
                }
                __mmask64 m = cols - c >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (cols - c)) - 1);
                __m512i xv = _mm512_maskz_loadu_epi8(m, x + c);
                __m512 xs = _mm512_loadu_ps(xl + k * 16);
                __m512i idx = _mm512_add_epi32(base, _mm512_set1_epi32((int)(2 * (k % 8))));
                a0 = ek_q8_chunk(Wq + rr[0] * cols + c, xv, m, _mm512_mul_ps(_mm512_permutexvar_ps(idx, w0), xs), a0);
                a1 = ek_q8_chunk(Wq + rr[1] * cols + c, xv, m, _mm512_mul_ps(_mm512_permutexvar_ps(idx, w1), xs), a1);
                a2 = ek_q8_chunk(Wq + rr[2] * cols + c, xv, m, _mm512_mul_ps(_mm512_permutexvar_ps(idx, w2), xs), a2);
                a3 = ek_q8_chunk(Wq + rr[3] * cols + c, xv, m, _mm512_mul_ps(_mm512_permutexvar_ps(idx, w3), xs), a3);
            }
            s[0] = _mm512_reduce_add_ps(a0);
            s[1] = _mm512_reduce_add_ps(a1);
            s[2] = _mm512_reduce_add_ps(a2);
            s[3] = _mm512_reduce_add_ps(a3);
#else
            (void)xlanes;
            for (long i = 0; i < 4; i++) {
                float acc = 0;
                for (long b = 0; b < nb; b++) {
                    int32_t d = 0;
                    for (long j = 0; j < 32; j++) d += (int32_t)Wq[rr[i] * cols + b * 32 + j] * x[b * 32 + j];
                    float wsc;
                    ek_f16_to_f32(ws + rr[i] * nb + b, &wsc, 1);
                    acc += wsc * xlanes[t * ek_q8_lanes(cols) + (b / 2) * 16 + (b % 2) * 8] * (float)d;
                }
                s[i] = acc;
            }
#endif
            for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, s[i], accumulate);
        }
    }
}

// ---------------------------------------------------------------------------------------------- Q4 GEMM

#ifdef EK_AVX512
/// The 64 nibbles (0…15) of chunk k of a packed row, in column order (a 32-column tail: 32 nibbles, zero above).
static inline __m512i ek_q4_nibbles(const uint8_t *row, long k, long width) {
    const __m256i low = _mm256_set1_epi8(0x0F);
    if (width == 64) {
        __m256i packed = _mm256_loadu_si256((const __m256i *)(row + k * 32));
        __m256i lo = _mm256_and_si256(packed, low);
        __m256i hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low);
        return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
    }
    __m128i packed = _mm_loadu_si128((const __m128i *)(row + k * 32));
    __m128i lo = _mm_and_si128(packed, _mm256_castsi256_si128(low));
    __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), _mm256_castsi256_si128(low));
    return _mm512_zextsi256_si512(_mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1));
}

/// 4 rows × 4 tokens (prefill): nibbles and scales expanded once for four tokens.
static void ek_q4_tile(const uint8_t *Wp, const uint16_t *ws, const long rr[4], const int8_t *Xq, const float *xl,
                       float *Y, long ldy, long cols, long nr, int accumulate) {
    long nb = cols / 32, half = cols / 2, nl = ek_q8_lanes(cols), nchunk = (cols + 63) / 64;
    const __m512i base = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m512i eight = _mm512_set1_epi8(8);
    __m512 acc[4][4], wsv[4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = _mm512_setzero_ps();
    for (long k = 0; k < nchunk; k++) {
        long c = k * 64, width = cols - c >= 64 ? 64 : cols - c;
        if (k % 8 == 0) {
            long left = nb - k * 2;
            __mmask16 bm = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
            for (int i = 0; i < 4; i++) wsv[i] = ek_half16(ws + rr[i] * nb + k * 2, bm);
        }
        __mmask64 m = width == 64 ? ~(__mmask64)0 : (((__mmask64)1 << width) - 1);
        __m512i idx = _mm512_add_epi32(base, _mm512_set1_epi32((int)(2 * (k % 8))));
        __m512i xv[4], x8[4];
        for (int j = 0; j < 4; j++) {
            xv[j] = _mm512_maskz_loadu_epi8(m, Xq + j * cols + c);
            x8[j] = _mm512_dpbusd_epi32(_mm512_setzero_si512(), eight, xv[j]);
        }
        for (int i = 0; i < 4; i++) {
            __m512i nib = ek_q4_nibbles(Wp + rr[i] * half, k, width);
            __m512 wscale = _mm512_permutexvar_ps(idx, wsv[i]);
            for (int j = 0; j < 4; j++) {
                __m512i d = _mm512_sub_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), nib, xv[j]), x8[j]);
                __m512 sc = _mm512_mul_ps(wscale, _mm512_loadu_ps(xl + j * nl + k * 16));
                acc[i][j] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), sc, acc[i][j]);
            }
        }
    }
    for (int j = 0; j < 4; j++)
        for (long i = 0; i < nr; i++) ek_store(Y + j * ldy + i, _mm512_reduce_add_ps(acc[i][j]), accumulate);
}
#endif

void ek_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32, half = cols / 2, nl = ek_q8_lanes(cols);
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        long rr[4];
        for (long i = 0; i < 4; i++) rr[i] = r + (i < nr ? i : 0);
        long t = 0;
#ifdef EK_AVX512
        for (; t + 4 <= T; t += 4)
            ek_q4_tile(Wp, ws, rr, Xq + t * cols, xlanes + t * nl, Y + t * ldy + r, ldy, cols, nr, accumulate);
#endif
        for (; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            const float *xl = xlanes + t * nl;
            float s[4];
#ifdef EK_AVX512
            const __m512i base = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
            const __m512i eight = _mm512_set1_epi8(8);
            __m512 acc[4], wsv[4];
            for (int i = 0; i < 4; i++) acc[i] = _mm512_setzero_ps();
            long nchunk = (cols + 63) / 64;
            for (long k = 0; k < nchunk; k++) {
                long c = k * 64;
                if (k % 8 == 0) {
                    long left = nb - k * 2;
                    __mmask16 bm = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
                    for (int i = 0; i < 4; i++) wsv[i] = ek_half16(ws + rr[i] * nb + k * 2, bm);
                }
                long width = cols - c >= 64 ? 64 : cols - c;
                __mmask64 m = width == 64 ? ~(__mmask64)0 : (((__mmask64)1 << width) - 1);
                __m512i xv = _mm512_maskz_loadu_epi8(m, x + c);
                __m512i x8 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), eight, xv);
                __m512 xs = _mm512_loadu_ps(xl + k * 16);
                __m512i idx = _mm512_add_epi32(base, _mm512_set1_epi32((int)(2 * (k % 8))));
                for (int i = 0; i < 4; i++) {
                    __m512i nib = ek_q4_nibbles(Wp + rr[i] * half, k, width);
                    __m512i d = _mm512_sub_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), nib, xv), x8);
                    __m512 sc = _mm512_mul_ps(_mm512_permutexvar_ps(idx, wsv[i]), xs);
                    acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), sc, acc[i]);
                }
            }
            for (int i = 0; i < 4; i++) s[i] = _mm512_reduce_add_ps(acc[i]);
#else
            for (long i = 0; i < 4; i++) {
                float total = 0;
                for (long b = 0; b < nb; b++) {
                    int32_t d = 0;
                    for (long j = 0; j < 32; j++) {
                        long col = b * 32 + j, chunk = col / 64, within = col % 64;
                        long split = cols - chunk * 64 >= 64 ? 32 : 16;
                        uint8_t byte = Wp[rr[i] * half + chunk * 32 + within % split];
                        int q = (within < split ? (byte & 0x0F) : (byte >> 4)) - 8;
                        d += q * x[col];
                    }
                    float wsc;
                    ek_f16_to_f32(ws + rr[i] * nb + b, &wsc, 1);
                    total += wsc * xl[(b / 2) * 16 + (b % 2) * 8] * (float)d;
                }
                s[i] = total;
            }
#endif
            for (long i = 0; i < nr; i++) ek_store(Y + t * ldy + r + i, s[i], accumulate);
        }
    }
}

// ---------------------------------------------------------------------------------------------- W8A8 GEMM

void ek_quantize_u8(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale) {
    for (long t = 0; t < T; t++) {
        const float *x = X + t * ldx;
        float mn = x[0], mx = x[0];
        for (long c = 1; c < cols; c++) { mn = fminf(mn, x[c]); mx = fmaxf(mx, x[c]); }
        float s = (mx - mn) / 255.0f, is = s > 0 ? 1.0f / s : 0.0f;
        for (long c = 0; c < cols; c++) {
            float v = roundf((x[c] - mn) * is);
            u[t * cols + c] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
        lo[t] = mn;
        scale[t] = s;
    }
}

void ek_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                  const float *lo, const float *scale, float *Y, long cols, long ldy,
                  long r0, long r1, long T, int accumulate) {
    for (long r = r0; r < r1; r += 4) {
        long nr = r1 - r < 4 ? r1 - r : 4;
        const int8_t *w[4];
        for (long i = 0; i < 4; i++) w[i] = Wq + (r + (i < nr ? i : 0)) * cols;
        for (long t = 0; t < T; t++) {
            const uint8_t *u = U + t * cols;
            int32_t d[4];
#ifdef EK_AVX512
            __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
            for (long c = 0; c < cols; c += 64) {
                __mmask64 m = cols - c >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (cols - c)) - 1);
                __m512i uv = _mm512_maskz_loadu_epi8(m, u + c);
                a0 = _mm512_dpbusd_epi32(a0, uv, _mm512_maskz_loadu_epi8(m, w[0] + c));
                a1 = _mm512_dpbusd_epi32(a1, uv, _mm512_maskz_loadu_epi8(m, w[1] + c));
                a2 = _mm512_dpbusd_epi32(a2, uv, _mm512_maskz_loadu_epi8(m, w[2] + c));
                a3 = _mm512_dpbusd_epi32(a3, uv, _mm512_maskz_loadu_epi8(m, w[3] + c));
            }
            d[0] = _mm512_reduce_add_epi32(a0);
            d[1] = _mm512_reduce_add_epi32(a1);
            d[2] = _mm512_reduce_add_epi32(a2);
            d[3] = _mm512_reduce_add_epi32(a3);
#else
            for (long i = 0; i < 4; i++) {
                int32_t acc = 0;
                for (long c = 0; c < cols; c++) acc += (int32_t)u[c] * w[i][c];
                d[i] = acc;
            }
#endif
            for (long i = 0; i < nr; i++)
                ek_store(Y + t * ldy + r + i, ws[r + i] * (scale[t] * (float)d[i] + lo[t] * (float)wsum[r + i]),
                         accumulate);
        }
    }
}

// ---------------------------------------------------------------------------------------------- attention

static void ek_attend_f32(const float *qv, const float *K, const float *V, float *o, long n, long hd,
                          long kvDim, float *scores, float scale) {
    float mx = -FLT_MAX;
    for (long j = 0; j < n; j++) {
        const float *k = K + j * kvDim;
        float dot = 0;
        for (long d = 0; d < hd; d++) dot += qv[d] * k[d];
        scores[j] = dot * scale;
        mx = fmaxf(mx, scores[j]);
    }
    float inv = 1.0f / ek_softmax_exp(scores, n, mx);
    for (long d = 0; d < hd; d++) o[d] = 0;
    for (long j = 0; j < n; j++) {
        const float *v = V + j * kvDim;
        float p = scores[j] * inv;
        for (long d = 0; d < hd; d++) o[d] += p * v[d];
    }
}

static void ek_attend_f16(const float *qv, const _Float16 *K, const _Float16 *V, float *o, long n, long hd,
                          long kvDim, float *scores, float scale) {
    float mx = -FLT_MAX;
    for (long j = 0; j < n; j++) {
        const _Float16 *k = K + j * kvDim;
        float dot = 0;
        for (long d = 0; d < hd; d++) dot += qv[d] * (float)k[d];
        scores[j] = dot * scale;
        mx = fmaxf(mx, scores[j]);
    }
    float inv = 1.0f / ek_softmax_exp(scores, n, mx);
    for (long d = 0; d < hd; d++) o[d] = 0;
    for (long j = 0; j < n; j++) {
        const _Float16 *v = V + j * kvDim;
        float p = scores[j] * inv;
        for (long d = 0; d < hd; d++) o[d] += p * (float)v[d];
    }
}

void ek_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                  long heads, long kvHeads, long hd, long start, long T,
                  long task0, long step, float *scores, float scale) {
    long qDim = heads * hd, kvDim = kvHeads * hd, group = heads / kvHeads;
    for (long task = task0; task < T * heads; task += step) {
        long t = task / heads, h = task % heads, off = (h / group) * hd;
        const float *qv = q + t * qDim + h * hd;
        float *o = out + t * qDim + h * hd;
        long n = start + t + 1;
        if (kvF16)
            ek_attend_f16(qv, (const _Float16 *)kc + off, (const _Float16 *)vc + off, o, n, hd, kvDim, scores, scale);
        else
            ek_attend_f32(qv, (const float *)kc + off, (const float *)vc + off, o, n, hd, kvDim, scores, scale);
    }
}
