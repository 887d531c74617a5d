// The AVX-512 path (F/BW/VL, VNNI int8 dots, F16C half conversion): compiled for the baseline CPU with a target
// attribute on every function, and selected at run time only when CPUID reports these features.
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <float.h>
#include <immintrin.h>
#include <math.h>

#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c"))), \
                             apply_to = function)

static inline __mmask16 ek_mask16(long left) {
    return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
}

static inline __mmask64 ek_mask64(long left) {
    return left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
}

static void ek_avx512_f16_to_f32(const uint16_t *src, float *dst, long n) {
    for (long i = 0; i < n; i += 16) {
        __mmask16 m = ek_mask16(n - i);
        _mm512_mask_storeu_ps(dst + i, m, _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, src + i)));
    }
}

static void ek_avx512_f32_to_f16(const float *src, uint16_t *dst, long n) {
    for (long i = 0; i < n; i += 16) {
        __mmask16 m = ek_mask16(n - i);
        __m256i h = _mm512_cvtps_ph(_mm512_maskz_loadu_ps(m, src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm256_mask_storeu_epi16(dst + i, m, h);
    }
}

/// Where the Q8_0 decode kernel software-prefetches the weights (the float and W8A8 decode kernels read one row at a
/// time and leave it to the hardware prefetchers; Q4_0 always prefetches into L2): into L1 (prefetcht0) on AMD, into
/// L2 (prefetcht2) otherwise (`ek_x86_prefetch_to_l1`, once per call). Intel Xeon, prefetcht2 against prefetcht0 on a
/// 64 MB stack of 1536 × 576 matrices, alternating, medians of 5–6 on a loaded host: f16 10.8 → 11.6 GB/s, Q8 10.4 →
/// 11.3–12.2. AMD EPYC (Zen 4), prefetcht0 against prefetcht2 on a 100 MB stack, alternating in one process, 41 pairs,
/// load 1.3: Q8 1.40× (576 columns) and 1.11× (960). At 2 threads prefetcht0 had lost with 8-row groups prefetched 9–15
/// KiB ahead; with 4-row groups 4.5 KiB ahead it wins there too: the decode matmuls of mobilellm-125m (350m) Q8_0 split
/// over 2 threads with a barrier per matrix, prefetcht0 against prefetcht2 18 KiB ahead, alternating, 5 rounds on a
/// quiet host: 1.11–1.70× (0.98–1.14×).
static inline void ek_prefetch(const void *p, int toL1) {
    if (toL1) _mm_prefetch((const char *)p, _MM_HINT_T0);
    else _mm_prefetch((const char *)p, _MM_HINT_T2);
}

/// Bytes the Q8_0 and Q4_0 decode kernels prefetch ahead of the row group they compute, rounded to whole groups (at
/// least the next; `ek_groups_ahead`). Zen 4, 4-row groups against 8, each with its old distance (Q8_0: 2 groups, Q4_0:
/// 4), one-process A/B over 100 MB stacks, 11 pairs per shape, medians of the per-pair ratios in two runs: Q8_0
/// 1.14–1.29× (576 columns), 1.47–1.72× (1536), 1.30–1.38× (2560); one Q8_0 group ahead rather than two was better from
/// 960 columns on (1.55–1.79× against 1.11–1.37× at 960 × 2560), hence a distance in bytes. Into L2 (Q8_0 off AMD),
/// 4× as far: with prefetcht2 on Zen 4, 18 KiB against 4.5 KiB gave 1.39–1.48× at 960 × 2560, 1.17–1.20× at 576 ×
/// 1536, 1.00–1.04× at 2560 × 960; 36 KiB was 0.94–1.01× of 18.
#define EK_AHEAD_BYTES_Q8 4608
#define EK_AHEAD_BYTES_Q8_L2 18432
#define EK_AHEAD_BYTES_Q4 9216

/// Row groups ahead for a prefetch distance of about `bytes`: the nearest whole number of groups, at least 1.
static inline long ek_groups_ahead(long groupBytes, long bytes) {
    long n = (bytes + groupBytes / 2) / groupBytes;
    return n < 1 ? 1 : n;
}

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

static void ek_avx512_swiglu(float *gate, const float *up, long n) {
    for (long i = 0; i < n; i += 16) {
        __mmask16 m = ek_mask16(n - i);
        __m512 g = _mm512_maskz_loadu_ps(m, gate + i);
        __m512 e = ek_exp16(_mm512_sub_ps(_mm512_setzero_ps(), g));
        __m512 silu = _mm512_div_ps(g, _mm512_add_ps(_mm512_set1_ps(1.0f), e));
        _mm512_mask_storeu_ps(gate + i, m, _mm512_mul_ps(silu, _mm512_maskz_loadu_ps(m, up + i)));
    }
}

// ---------------------------------------------------------------------------------------------- f32 / f16 GEMM

/// Loads 16 weights (f32, or f16 converted) from row w at column c under mask m.
static inline __m512 ek_w32(const void *w, long c, __mmask16 m) { return _mm512_maskz_loadu_ps(m, (const float *)w + c); }
static inline __m512 ek_w16(const void *w, long c, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, (const uint16_t *)w + c));
}
static inline __m512 ek_w32f(const void *w, long c) { return _mm512_loadu_ps((const float *)w + c); }
static inline __m512 ek_w16f(const void *w, long c) {
    return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)((const uint16_t *)w + c)));
}

/// The float GEMM for both weight types: two or more tokens take the packed-panel prefill GEMM
/// (avx512_prefill.c); one token (decode), or a matrix too wide for the panels' 32-bit offsets, takes each row in
/// turn, dotted with every token while it is in L1, so the weights are read as one forward stream that the hardware
/// prefetchers follow. Zen 4, against the former 4 rows at once with software prefetch, one-process A/B over 100 MB
/// stacks, medians of 11–21 per-pair ratios in two runs: f32 1.34–1.90× (576 columns), 1.16–1.43× (1536); f16
/// 0.97–1.17× (576), 1.23–1.60× (1536), 1.50–1.92× (2560). Software prefetch added nothing to the single stream
/// (f32, 2–8 KiB ahead: 1.16–1.47×) and prefetcht0 halved f16.
#define EK_GEMM_FLOAT(NAME, WT, LOAD, LOADF, PREFILL)                                                           \
    static void NAME(const WT *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,    \
                     long T, int accumulate) {                                                                  \
        if (T > 1 && PREFILL(W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate)) return;                         \
        for (long r = r0; r < r1; r++) {                                                                        \
            const WT *w = W + r * cols;                                                                         \
            for (long t = 0; t < T; t++) {                                                                      \
                const float *x = X + t * ldx;                                                                   \
                __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                                     \
                long c = 0;                                                                                     \
                for (; c + 64 <= cols; c += 64) {                                                               \
                    a0 = _mm512_fmadd_ps(LOADF(w, c), _mm512_loadu_ps(x + c), a0);                              \
                    a1 = _mm512_fmadd_ps(LOADF(w, c + 16), _mm512_loadu_ps(x + c + 16), a1);                    \
                    a2 = _mm512_fmadd_ps(LOADF(w, c + 32), _mm512_loadu_ps(x + c + 32), a2);                    \
                    a3 = _mm512_fmadd_ps(LOADF(w, c + 48), _mm512_loadu_ps(x + c + 48), a3);                    \
                }                                                                                               \
                for (; c < cols; c += 16) {                                                                     \
                    __mmask16 m = ek_mask16(cols - c);                                                          \
                    a0 = _mm512_fmadd_ps(LOAD(w, c, m), _mm512_maskz_loadu_ps(m, x + c), a0);                   \
                }                                                                                               \
                __m512 sum = _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3));                       \
                ek_store(Y + t * ldy + r, _mm512_reduce_add_ps(sum), accumulate);                               \
            }                                                                                                   \
        }                                                                                                       \
    }

EK_GEMM_FLOAT(ek_avx512_gemm_f32, float, ek_w32, ek_w32f, ek_avx512_prefill_f32)
EK_GEMM_FLOAT(ek_avx512_gemm_f16, uint16_t, ek_w16, ek_w16f, ek_avx512_prefill_f16)

// ---------------------------------------------------------------------------------------------- Q8 GEMM

static inline __m512 ek_half16(const uint16_t *p, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
}

/// Rows per pass of the Q8_0 and Q4_0 one-token (decode) kernels: one activation chunk feeds this many weight rows.
#define EK_DECODE_ROWS 4

/// Prefetches the EK_DECODE_ROWS cache lines from `p`: called once per chunk with the bytes of a row group ahead, it
/// covers that group (contiguous, EK_DECODE_ROWS × the row's bytes) while this one is computed. Measured on a
/// 128 MB stack of 1536 × 576 Q8_0 matrices (for the next group): 60% → 81–94% of the read bandwidth of the same run.
static inline void ek_prefetch_lines(const void *p, int l1) {
    for (int j = 0; j < EK_DECODE_ROWS; j++) ek_prefetch((const char *)p + j * 64, l1);
}

/// The activation scales of blocks 2k…2k+15 (k a multiple of 8) packed into one vector, from the lane layout
/// (block 2k + j sits at lane 8j of chunk k's lanes).
static inline __m512 ek_block_scales16(const float *xl, long nb, long k) {
    const __m512i idx = _mm512_set_epi32(120, 112, 104, 96, 88, 80, 72, 64, 56, 48, 40, 32, 24, 16, 8, 0);
    return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), ek_mask16(nb - k * 2), idx, xl + k * 16, 4);
}

/// One token × EK_DECODE_ROWS rows (rows rr[i]) of a block-quantized matrix: per 64-column chunk, `DOT(i, k, c)`
/// gives the int32 lanes (lanes 0-7: block 2k, 8-15: block 2k+1) of row i, and every 8 chunks the rows'
/// 16 f16 block scales are multiplied once by the activation's block scales, so a chunk costs a permute and an
/// FMA per row on top of its dot. `PREP(k, c, width)` computes what the rows of chunk k share.
#define EK_DECODE_BODY(PREP, DOT)                                                                               \
    long nb = cols / 32, nchunk = (cols + 63) / 64;                                                             \
    const __m512i base = _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);                      \
    __m512 acc[EK_DECODE_ROWS], sc[EK_DECODE_ROWS];                                                             \
    for (int i = 0; i < EK_DECODE_ROWS; i++) acc[i] = _mm512_setzero_ps();                                      \
    for (long k = 0; k < nchunk; k++) {                                                                         \
        long c = k * 64, width = cols - c >= 64 ? 64 : cols - c;                                                \
        if (k % 8 == 0) {                                                                                       \
            __m512 xs = ek_block_scales16(xl, nb, k);                                                           \
            for (int i = 0; i < EK_DECODE_ROWS; i++)                                                            \
                sc[i] = _mm512_mul_ps(ek_half16(ws + rr[i] * nb + k * 2, ek_mask16(nb - k * 2)), xs);           \
        }                                                                                                       \
        __m512i idx = _mm512_add_epi32(base, _mm512_set1_epi32((int)(2 * (k % 8))));                            \
        PREP(k, c, width);                                                                                      \
        for (int i = 0; i < EK_DECODE_ROWS; i++)                                                                \
            acc[i] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(DOT(i, k, c)), _mm512_permutexvar_ps(idx, sc[i]), acc[i]); \
    }                                                                                                           \
    for (long i = 0; i < nr; i++) ek_store(y + i, _mm512_reduce_add_ps(acc[i]), accumulate);

/// Q8 decode: dpbusd multiplies unsigned by signed bytes, so the weights enter as w + 128 (w XOR 0x80) and the
/// accumulator starts at −128·(sum of the activation's 4 bytes per lane), computed once per chunk for all rows.
/// Prefetches the group `ahead` rows on.
static void ek_q8_decode(const int8_t *Wq, const uint16_t *ws, const long *rr, const int8_t *x, const float *xl,
                         float *y, long cols, long nr, int accumulate, long ahead, int l1) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    __m512i xv, bias;
#define EK_Q8_PREP(k, c, width)                                                                                 \
    ek_prefetch_lines(Wq + (rr[0] + ahead) * cols + k * 64 * EK_DECODE_ROWS, l1);                                \
    xv = _mm512_maskz_loadu_epi8(ek_mask64(width), x + c);                                                      \
    bias = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_dpbusd_epi32(_mm512_setzero_si512(), flip, xv));
#define EK_Q8_DOT(i, k, c)                                                                                      \
    _mm512_dpbusd_epi32(bias, _mm512_xor_si512(_mm512_maskz_loadu_epi8(ek_mask64(width), Wq + rr[i] * cols + c), \
                                               flip), xv)
    EK_DECODE_BODY(EK_Q8_PREP, EK_Q8_DOT)
#undef EK_Q8_PREP
#undef EK_Q8_DOT
}

/// Q8 GEMM: the decode kernel per token, or the packed-panel prefill GEMM for two or more tokens.
static void ek_avx512_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                              float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    if (T > 1 && ek_avx512_prefill_q8(Wq, ws, Xq, xlanes, Y, cols, ldy, r0, r1, T, accumulate)) return;
    const int l1 = ek_x86_prefetch_to_l1();
    long nl = ek_q8_lanes(cols), bytes = l1 ? EK_AHEAD_BYTES_Q8 : EK_AHEAD_BYTES_Q8_L2;
    long ahead = EK_DECODE_ROWS * ek_groups_ahead(EK_DECODE_ROWS * cols, bytes);
    for (long t = 0; t < T; t++)
        for (long r = r0; r < r1; r += EK_DECODE_ROWS) {
            long nr = r1 - r < EK_DECODE_ROWS ? r1 - r : EK_DECODE_ROWS, rr[EK_DECODE_ROWS];
            for (long i = 0; i < EK_DECODE_ROWS; i++) rr[i] = r + (i < nr ? i : 0);
            ek_q8_decode(Wq, ws, rr, Xq + t * cols, xlanes + t * nl, Y + t * ldy + r, cols, nr, accumulate, ahead,
                         l1);
        }
}

// ---------------------------------------------------------------------------------------------- Q4 GEMM

/// What the rows of one Q4 group (ek_q4_pack_row) share in decode: the activation words each 32-bit lane meets per
/// step and nibble plane (lane l of a group of P-rounded blocks covers block l / L), the lanes' bias −128·Σx (the
/// nibbles' −8 offset, ×16) and the lanes' activation block scales ÷ 16.
typedef struct ek_q4_group {
    __m512i x[4][2];
    __m512i bias;
    __m512 scale;
} ek_q4_group;

/// Groups (of 16 blocks: 512 columns) prepared at once: a 20 KiB stack table; wider rows take several slices.
#define EK_Q4_SLICE 32

/// Prepares groups g0…g0+ng−1 of one token's Q8 activations (x: its int8 values, xl: its lane scales).
static void ek_q4_prepare(ek_q4_group *p, const int8_t *x, const float *xl, long nb, long g0, long ng) {
    const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    for (long gi = 0; gi < ng; gi++) {
        long g = g0 + gi, m = ek_q4_group_blocks(nb, g);
        int L = ek_q4_lanes(m), steps = 4 / L;
        __m512i j = _mm512_srli_epi32(lane, L == 4 ? 2 : L == 2 ? 1 : 0), u = _mm512_and_si512(lane, _mm512_set1_epi32(L - 1));
        __mmask16 valid = _mm512_cmplt_epi32_mask(j, _mm512_set1_epi32((int)m));
        __m512i sum = _mm512_setzero_si512();
        for (int st = 0; st < steps; st++)
            for (int h = 0; h < 2; h++) {
                // word 8j + 2(sL + u) + h of the group's 512 activation bytes: elements 8(sL + u) + 4h … +3 of block j
                __m512i idx = _mm512_add_epi32(_mm512_slli_epi32(j, 3),
                                               _mm512_add_epi32(_mm512_slli_epi32(_mm512_add_epi32(u, _mm512_set1_epi32(st * L)), 1),
                                                                _mm512_set1_epi32(h)));
                __m512i v = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), valid, idx, x + g * 512, 4);
                p[gi].x[st][h] = v;
                sum = _mm512_dpbusd_epi32(sum, _mm512_set1_epi8((char)0x80), v);
            }
        p[gi].bias = _mm512_sub_epi32(_mm512_setzero_si512(), sum);
        // block b's scale sits at lane 8(b mod 2) of lane chunk b/2
        __m512i b = _mm512_add_epi32(j, _mm512_set1_epi32((int)(16 * g)));
        __m512i at = _mm512_add_epi32(_mm512_slli_epi32(_mm512_srli_epi32(b, 1), 4),
                                      _mm512_slli_epi32(_mm512_and_si512(b, _mm512_set1_epi32(1)), 3));
        p[gi].scale = _mm512_mul_ps(_mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, at, xl, 4),
                                    _mm512_set1_ps(1.0f / 16));
    }
}

/// `rows` rows (rr[i]; at most EK_DECODE_ROWS) × groups g0…g0+ng−1 of one token, prepared in p. Per row and group: one
/// 64-byte load per step whose low and high nibble planes (masked in place; the high plane enters ×16) each take one
/// VNNI dot into the lanes' block sums, then one conversion and FMA with the rows' scales, instead of one per two
/// blocks. Prefetches the row group `ahead` rows on (contiguous) and its scales as it goes.
static inline __attribute__((always_inline)) void ek_q4_rows(const uint8_t *Wp, const uint16_t *ws, const long *rr,
                                                             const ek_q4_group *p, __m512 *acc, long nb, long g0,
                                                             long ng, long ahead, int rows) {
    const __m512i lowMask = _mm512_set1_epi8(0x0F), highMask = _mm512_set1_epi8((char)0xF0);
    long half = nb * 16;
    const char *next = (const char *)(Wp + (rr[0] + ahead) * half);
    const char *nextScales = (const char *)(ws + (rr[0] + ahead) * nb);
    for (long gi = 0; gi < ng; gi++) {
        long g = g0 + gi, m = ek_q4_group_blocks(nb, g);
        int L = ek_q4_lanes(m), steps = 4 / L;
        long step = 4 * L * m;
        for (long j = 0; j < rows * m * 16; j += 64) _mm_prefetch(next + rows * g * 256 + j, _MM_HINT_T2);
        for (int j = 0; j < rows * 32; j += 64) _mm_prefetch(nextScales + rows * g * 32 + j, _MM_HINT_T2);
        const ek_q4_group *q = p + gi;
        __m512 xs = q->scale;
        if (m == 16) {
            for (int i = 0; i < rows; i++) {
                const uint8_t *w = Wp + rr[i] * half + g * 256;
                __m512i lo = _mm512_setzero_si512(), hi = q->bias;
                for (int st = 0; st < 4; st++) {
                    __m512i v = _mm512_loadu_si512(w + st * 64);
                    lo = _mm512_dpbusd_epi32(lo, _mm512_and_si512(v, lowMask), q->x[st][0]);
                    hi = _mm512_dpbusd_epi32(hi, _mm512_and_si512(v, highMask), q->x[st][1]);
                }
                __m512 d = _mm512_cvtepi32_ps(_mm512_add_epi32(_mm512_slli_epi32(lo, 4), hi));
                __m512 sc = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(ws + rr[i] * nb + g * 16)));
                acc[i] = _mm512_fmadd_ps(d, _mm512_mul_ps(sc, xs), acc[i]);
            }
        } else {
            __mmask64 wm = ek_mask64(step);
            __mmask16 sm = ek_mask16(m);
            const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
            __m512i toBlock = _mm512_srli_epi32(lane, L == 4 ? 2 : L == 2 ? 1 : 0);
            for (int i = 0; i < rows; i++) {
                const uint8_t *w = Wp + rr[i] * half + g * 256;
                __m512i lo = _mm512_setzero_si512(), hi = q->bias;
                for (int st = 0; st < steps; st++) {
                    __m512i v = _mm512_maskz_loadu_epi8(wm, w + st * step);
                    lo = _mm512_dpbusd_epi32(lo, _mm512_and_si512(v, lowMask), q->x[st][0]);
                    hi = _mm512_dpbusd_epi32(hi, _mm512_and_si512(v, highMask), q->x[st][1]);
                }
                __m512 d = _mm512_cvtepi32_ps(_mm512_add_epi32(_mm512_slli_epi32(lo, 4), hi));
                __m512 sc = _mm512_permutexvar_ps(toBlock, ek_half16(ws + rr[i] * nb + g * 16, sm));
                acc[i] = _mm512_fmadd_ps(d, _mm512_mul_ps(sc, xs), acc[i]);
            }
        }
    }
}

/// One token's Q4 decode over rows r0…r1−1, `rows` at a time (a constant where this is inlined).
static inline __attribute__((always_inline)) void ek_q4_decode(const uint8_t *Wp, const uint16_t *ws,
                                                               const ek_q4_group *prepared, float *y, long nb,
                                                               long g0, long ng, long r0, long r1, int accumulate,
                                                               int rows) {
    long ahead = rows * ek_groups_ahead(rows * nb * 16, EK_AHEAD_BYTES_Q4);
    for (long r = r0; r < r1; r += rows) {
        long nr = r1 - r < rows ? r1 - r : rows, rr[EK_DECODE_ROWS];
        for (long i = 0; i < rows; i++) rr[i] = r + (i < nr ? i : 0);
        __m512 acc[EK_DECODE_ROWS];
        for (int i = 0; i < rows; i++) acc[i] = _mm512_setzero_ps();
        ek_q4_rows(Wp, ws, rr, prepared, acc, nb, g0, ng, ahead, rows);
        for (long i = 0; i < nr; i++) ek_store(y + r + i, _mm512_reduce_add_ps(acc[i]), accumulate);
    }
}

/// Q4 GEMM: for each token, its activations prepared per group (a slice of up to EK_Q4_SLICE groups at a time), then
/// the rows one at a time from 960 columns on (one forward stream) and EK_DECODE_ROWS at a time below, where a row's
/// few lines leave too little work per row; or the packed-panel prefill GEMM for two or more tokens. Zen 4, one row
/// against 4, one-process A/B over 100 MB stacks, medians of per-pair ratios in two runs: 1.47–2.22× at 1536
/// columns, 1.06× at 2560, 1.13–1.15× at 960, 0.71–0.73× at 576.
static void ek_avx512_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                              float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    if (T > 1 && ek_avx512_prefill_q4(Wp, ws, Xq, xlanes, Y, cols, ldy, r0, r1, T, accumulate)) return;
    long nb = cols / 32, nl = ek_q8_lanes(cols), groups = (nb + 15) / 16;
    ek_q4_group prepared[EK_Q4_SLICE];
    for (long t = 0; t < T; t++)
        for (long g0 = 0; g0 < groups; g0 += EK_Q4_SLICE) {
            long ng = groups - g0 < EK_Q4_SLICE ? groups - g0 : EK_Q4_SLICE;
            ek_q4_prepare(prepared, Xq + t * cols, xlanes + t * nl, nb, g0, ng);
            // later slices add onto what the first wrote
            if (cols >= 960) ek_q4_decode(Wp, ws, prepared, Y + t * ldy, nb, g0, ng, r0, r1, accumulate || g0 > 0, 1);
            else ek_q4_decode(Wp, ws, prepared, Y + t * ldy, nb, g0, ng, r0, r1, accumulate || g0 > 0, EK_DECODE_ROWS);
        }
}

// ---------------------------------------------------------------------------------------------- W8A8 GEMM

/// W8A8 GEMM: the packed-panel prefill GEMM for two or more tokens; otherwise each row in turn, dotted with every
/// token (u8 activations × int8 weights in VNNI), one forward stream for the hardware prefetchers as in the float
/// decode. Zen 4, against 4 rows with the next group prefetched, one-process A/B over 100 MB stacks, medians of 11
/// per-pair ratios in two runs: 1.28–1.76× (576 columns), 1.19–1.21× (1536), 1.28–1.98× (2560); prefetching 4 KiB
/// ahead as well was 1.04–1.39×.
static void ek_avx512_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                                const float *lo, const float *scale, float *Y, long cols, long ldy,
                                long r0, long r1, long T, int accumulate) {
    if (T > 1 && ek_avx512_prefill_w8a8(Wq, ws, wsum, U, lo, scale, Y, cols, ldy, r0, r1, T, accumulate)) return;
    for (long r = r0; r < r1; r++) {
        const int8_t *w = Wq + r * cols;
        for (long t = 0; t < T; t++) {
            const uint8_t *u = U + t * cols;
            __m512i a0 = _mm512_setzero_si512(), a1 = a0;
            long c = 0;
            for (; c + 128 <= cols; c += 128) {
                a0 = _mm512_dpbusd_epi32(a0, _mm512_loadu_si512(u + c), _mm512_loadu_si512(w + c));
                a1 = _mm512_dpbusd_epi32(a1, _mm512_loadu_si512(u + c + 64), _mm512_loadu_si512(w + c + 64));
            }
            for (; c < cols; c += 64) {
                __mmask64 m = ek_mask64(cols - c);
                a0 = _mm512_dpbusd_epi32(a0, _mm512_maskz_loadu_epi8(m, u + c), _mm512_maskz_loadu_epi8(m, w + c));
            }
            float d = (float)_mm512_reduce_add_epi32(_mm512_add_epi32(a0, a1));
            ek_store(Y + t * ldy + r, ws[r] * (scale[t] * d + lo[t] * (float)wsum[r]), accumulate);
        }
    }
}

// ---------------------------------------------------------------------------------------------- quantization

/// roundf for 16 lanes (half away from zero): trunc(v), plus ±1 when the dropped fraction v − trunc(v) (exact) is at
/// least ½, so the result is bit-identical to the portable quantizers'.
static inline __m512 ek_round_away16(__m512 v) {
    __m512 t = _mm512_roundscale_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    __mmask16 up = _mm512_cmp_ps_mask(_mm512_abs_ps(_mm512_sub_ps(v, t)), _mm512_set1_ps(0.5f), _CMP_GE_OQ);
    __m512i sign = _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32((int)0x80000000u));
    __m512 one = _mm512_castsi512_ps(_mm512_or_si512(sign, _mm512_set1_epi32(0x3F800000)));
    return _mm512_mask_add_ps(t, up, t, one);
}

static void ek_avx512_quantize_q8(const float *X, long ldx, long T, long cols, int8_t *q, float *scales,
                                  float *lanes) {
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long t = 0; t < T; t++) {
        const float *x = X + t * ldx;
        for (long b = 0; b < nb; b++) {
            __m512 v0 = _mm512_loadu_ps(x + b * 32), v1 = _mm512_loadu_ps(x + b * 32 + 16);
            float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(v0), _mm512_abs_ps(v1)));
            float d = amax / 127.0f, id = d > 0 ? 1.0f / d : 0.0f;
            __m512 s = _mm512_set1_ps(id);
            int8_t *out = q + t * cols + b * 32;
            __m512i q0 = _mm512_cvtps_epi32(ek_round_away16(_mm512_mul_ps(v0, s)));
            __m512i q1 = _mm512_cvtps_epi32(ek_round_away16(_mm512_mul_ps(v1, s)));
            _mm_storeu_si128((__m128i *)out, _mm512_cvtsepi32_epi8(q0));
            _mm_storeu_si128((__m128i *)(out + 16), _mm512_cvtsepi32_epi8(q1));
            scales[t * nb + b] = d;
        }
        for (long l = 0; l < nl; l++) {
            long b = (l / 16) * 2 + (l % 16) / 8;
            lanes[t * nl + l] = b < nb ? scales[t * nb + b] : 0.0f;
        }
    }
}

static void ek_avx512_quantize_u8(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale) {
    for (long t = 0; t < T; t++) {
        const float *x = X + t * ldx;
        __m512 first = _mm512_set1_ps(x[0]), mn = first, mx = first;
        for (long c = 0; c < cols; c += 16) {
            __m512 v = _mm512_mask_loadu_ps(first, ek_mask16(cols - c), x + c);
            mn = _mm512_min_ps(mn, v);
            mx = _mm512_max_ps(mx, v);
        }
        float low = _mm512_reduce_min_ps(mn), s = (_mm512_reduce_max_ps(mx) - low) / 255.0f;
        __m512 is = _mm512_set1_ps(s > 0 ? 1.0f / s : 0.0f), base = _mm512_set1_ps(low);
        for (long c = 0; c < cols; c += 16) {
            __mmask16 m = ek_mask16(cols - c);
            __m512 v = ek_round_away16(_mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + c), base), is));
            v = _mm512_min_ps(_mm512_max_ps(v, _mm512_setzero_ps()), _mm512_set1_ps(255.0f));
            _mm_mask_storeu_epi8(u + t * cols + c, m, _mm512_cvtusepi32_epi8(_mm512_cvtps_epi32(v)));
        }
        lo[t] = low;
        scale[t] = s;
    }
}

// ---------------------------------------------------------------------------------------------- attention

/// scores[j] = e^(scores[j] − max) for j < n; returns their sum.
static float ek_softmax_exp(float *scores, long n, float mx) {
    __m512 acc = _mm512_setzero_ps(), top = _mm512_set1_ps(mx);
    for (long j = 0; j < n; j += 16) {
        __mmask16 m = ek_mask16(n - j);
        __m512 e = _mm512_maskz_mov_ps(m, ek_exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, scores + j), top)));
        _mm512_mask_storeu_ps(scores + j, m, e);
        acc = _mm512_add_ps(acc, e);
    }
    return _mm512_reduce_add_ps(acc);
}

/// Lane i of the result is the sum of v[i]'s 16 lanes: a shuffle-and-add tree over the 16 vectors (15 adds and 30
/// shuffles for 16 sums, instead of a horizontal reduction per vector).
static inline __m512 ek_sum16x16(const __m512 *v) {
    __m512 a[8], b[4], c[2];
    for (int i = 0; i < 8; i++)  // per 128-bit lane: [v2i 0+1, v2i 2+3, v2i+1 0+1, v2i+1 2+3]
        a[i] = _mm512_add_ps(_mm512_shuffle_ps(v[2 * i], v[2 * i + 1], 0x88),
                             _mm512_shuffle_ps(v[2 * i], v[2 * i + 1], 0xDD));
    for (int i = 0; i < 4; i++)  // per 128-bit lane: the lane's sums of v4i … v4i+3
        b[i] = _mm512_add_ps(_mm512_shuffle_ps(a[2 * i], a[2 * i + 1], 0x88),
                             _mm512_shuffle_ps(a[2 * i], a[2 * i + 1], 0xDD));
    for (int i = 0; i < 2; i++)  // b2i's and b2i+1's 128-bit lanes added in pairs (0+1, 2+3)
        c[i] = _mm512_add_ps(_mm512_shuffle_f32x4(b[2 * i], b[2 * i + 1], 0x88),
                             _mm512_shuffle_f32x4(b[2 * i], b[2 * i + 1], 0xDD));
    return _mm512_add_ps(_mm512_shuffle_f32x4(c[0], c[1], 0x88), _mm512_shuffle_f32x4(c[0], c[1], 0xDD));
}

/// One query head: the scores of 16 positions at a time (16 independent accumulators, one shuffle-tree sum), and
/// the weighted sum of V in one pass over the positions, two at a time, with up to 8 head-dimension vectors (128
/// columns) per pass. One mobilellm-125m decode token's attention (30 layers, 48 positions, f16 cache), alternating
/// in one process on a loaded host: 261 → 170 µs and 247 → 165 µs against a horizontal reduction per position and a
/// pass over V per 16 columns.
#define EK_ATTEND(NAME, KT, LOAD)                                                                               \
    static void NAME(const float *qv, const void *Kv, const void *Vv, float *o, long n, long hd, long kvDim,    \
                     float *scores, float scale) {                                                              \
        const KT *K = Kv, *V = Vv;                                                                              \
        __m512 top = _mm512_set1_ps(-FLT_MAX);                                                                  \
        for (long j0 = 0; j0 < n; j0 += 16) {                                                                   \
            const KT *k[16];                                                                                    \
            __m512 acc[16];                                                                                     \
            for (long i = 0; i < 16; i++) {  /* positions past n repeat the last one; their scores are dropped */ \
                k[i] = K + (j0 + i < n ? j0 + i : n - 1) * kvDim;                                               \
                acc[i] = _mm512_setzero_ps();                                                                   \
            }                                                                                                   \
            for (long d = 0; d < hd; d += 16) {                                                                 \
                __mmask16 m = ek_mask16(hd - d);                                                                \
                __m512 qd = _mm512_maskz_loadu_ps(m, qv + d);                                                   \
                for (int i = 0; i < 16; i++) acc[i] = _mm512_fmadd_ps(qd, LOAD(k[i], d, m), acc[i]);            \
            }                                                                                                   \
            __mmask16 valid = ek_mask16(n - j0);                                                                \
            __m512 s = _mm512_mul_ps(ek_sum16x16(acc), _mm512_set1_ps(scale));                                  \
            _mm512_mask_storeu_ps(scores + j0, valid, s);                                                       \
            top = _mm512_mask_max_ps(top, valid, top, s);                                                       \
        }                                                                                                       \
        float inv = 1.0f / ek_softmax_exp(scores, n, _mm512_reduce_max_ps(top));                                \
        for (long d0 = 0; d0 < hd; d0 += 128) {                                                                 \
            __mmask16 m[8];                                                                                     \
            __m512 a[8], b[8];                                                                                  \
            for (int i = 0; i < 8; i++) {                                                                       \
                m[i] = 16 * i < hd - d0 ? ek_mask16(hd - d0 - 16 * i) : 0;                                      \
                a[i] = b[i] = _mm512_setzero_ps();                                                              \
            }                                                                                                   \
            long j = 0;                                                                                         \
            for (; j + 2 <= n; j += 2) {                                                                        \
                __m512 s0 = _mm512_set1_ps(scores[j]), s1 = _mm512_set1_ps(scores[j + 1]);                      \
                const KT *v0 = V + j * kvDim + d0, *v1 = v0 + kvDim;                                            \
                for (int i = 0; i < 8; i++)                                                                     \
                    if (m[i]) {                                                                                 \
                        a[i] = _mm512_fmadd_ps(s0, LOAD(v0, 16 * i, m[i]), a[i]);                               \
                        b[i] = _mm512_fmadd_ps(s1, LOAD(v1, 16 * i, m[i]), b[i]);                               \
                    }                                                                                           \
            }                                                                                                   \
            for (int i = 0; j < n && i < 8; i++)                                                                \
                if (m[i]) a[i] = _mm512_fmadd_ps(_mm512_set1_ps(scores[j]), LOAD(V + j * kvDim + d0, 16 * i, m[i]), \
                                                 a[i]);                                                         \
            __m512 norm = _mm512_set1_ps(inv);                                                                  \
            for (int i = 0; i < 8; i++)                                                                         \
                if (m[i]) _mm512_mask_storeu_ps(o + d0 + 16 * i, m[i], _mm512_mul_ps(_mm512_add_ps(a[i], b[i]), norm)); \
        }                                                                                                       \
    }

EK_ATTEND(ek_avx512_attend_f32, float, ek_w32)
EK_ATTEND(ek_avx512_attend_f16, uint16_t, ek_w16)

static void ek_avx512_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                                long heads, long kvHeads, long hd, long start, long T,
                                long task0, long step, float *scores, float scale) {
    ek_attention_tasks(ek_avx512_attend_f32, ek_avx512_attend_f16, q, kc, vc, kvF16, out, heads, kvHeads, hd,
                       start, T, task0, step, scores, scale);
}

#pragma clang attribute pop

const ek_kernels ek_avx512_kernels = {
    EK_PATH_AVX512, "avx512", ek_avx512_f16_to_f32, ek_avx512_f32_to_f16, ek_avx512_gemm_f32,
    ek_avx512_gemm_f16, ek_avx512_gemm_q8, ek_avx512_gemm_q4, ek_avx512_gemm_w8a8, ek_avx512_swiglu,
    ek_avx512_attention, ek_avx512_quantize_q8, ek_avx512_quantize_u8,
};
#endif
