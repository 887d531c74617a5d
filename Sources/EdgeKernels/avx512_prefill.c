// The AVX-512 GEMMs of two or more tokens (prefill): each strip of 32 weight rows is packed, one k-block of columns
// at a time, into two 16-row panels whose vectors hold 16 rows' values of one column (float) or of one 4-column group
// (int8), and every tile of 4 tokens then reuses that packed block from L1. The inner loop is vector loads of weights,
// broadcasts of activations and FMA / VNNI dot instructions into 2 × 4 register accumulators: no horizontal sums,
// and the int8 paths need 8 VNNI dots plus 3 float ops per 16 rows × 32 columns × token (the 4 × 4 dot-product
// tiles this replaces spent ~5 ops per row × 64 columns × token).
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#include <limits.h>

#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c"))), \
                             apply_to = function)

/// Rows per strip (two 16-lane panels) and tokens per tile (int8: 2 × 4 int32 and 2 × 4 float accumulators; float:
/// 2 × 6 accumulators, 12 independent FMA chains to cover the FMA latency on two FMA ports).
#define EK_STRIP 32
#define EK_TILE 4
#define EK_FTILE 6
/// Columns per packed k-block: 32 rows × 512 int8 or × 128 floats are 16 KiB, well inside L1 with the tile's inputs.
#define EK_KC_INT 512
#define EK_KC_FLOAT 128

static inline __mmask16 ek_lanes16(long left) {
    return left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);
}

static inline __mmask64 ek_lanes64(long left) {
    return left >= 64 ? ~(__mmask64)0 : left <= 0 ? (__mmask64)0 : (((__mmask64)1 << left) - 1);
}

/// Row byte offsets 0, stride, …, 15·stride of panel h (rows 16h…16h+15 of the strip), for the packing gathers.
static inline __m512i ek_row_offsets(int h, long stride) {
    const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    return _mm512_mullo_epi32(_mm512_add_epi32(lane, _mm512_set1_epi32(16 * h)), _mm512_set1_epi32((int)stride));
}

/// Y[j][i] (+)= o0[j] (rows 0-15), o1[j] (rows 16-31) for the strip's valid rows (masks m0, m1) and nt tokens, Y
/// rows ldy apart.
static inline void ek_store_tile(float *Y, long ldy, const __m512 *o0, const __m512 *o1, int nt, __mmask16 m0,
                                 __mmask16 m1, int accumulate) {
    for (int j = 0; j < nt; j++) {
        float *y = Y + j * ldy;
        __m512 v0 = o0[j], v1 = o1[j];
        if (accumulate) {
            v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, y));
            v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, y + 16));
        }
        _mm512_mask_storeu_ps(y, m0, v0);
        _mm512_mask_storeu_ps(y + 16, m1, v1);
    }
}

/// The lines of the k-block packed after the current one (the strip's next columns, or the next strip's first),
/// prefetched into L2 a share per token tile while the current block is computed, so its packing gathers from
/// cache instead of waiting on DRAM. Zen 4, one-process A/B over 40 MB stacks, 64 tokens, medians of 9 per-pair
/// ratios in two runs (identical code: 0.88–1.06): f32 1.25–1.39× (1536 × 576), 1.18–1.22× (576 × 1536); f16
/// 1.25× and 1.11–1.16×.
typedef struct ek_block_prefetch {
    const char *base;
    long rowStride, linesPerRow, rows, perTile;
    long row, line;  // the next line to prefetch
} ek_block_prefetch;

/// The plan for the block after rows r…, columns c0… of W (`bytes32` bytes per 32 columns; k-blocks of `kcMax`
/// columns), spread over `tiles` token tiles.
static ek_block_prefetch ek_next_block(const void *W, long bytes32, long cols, long kcMax, long r, long r1, long c0,
                                       long tiles) {
    long nc0 = c0 + kcMax < cols ? c0 + kcMax : 0, nr0 = nc0 ? r : r + EK_STRIP;
    long nkc = cols - nc0 < kcMax ? cols - nc0 : kcMax;
    long rows = r1 - nr0 < EK_STRIP ? r1 - nr0 : EK_STRIP;
    ek_block_prefetch b = {(const char *)W + (nr0 * cols + nc0) * bytes32 / 32, cols * bytes32 / 32,
                           (nkc * bytes32 / 32 + 63) / 64, rows > 0 ? rows : 0, 0, 0, 0};
    b.perTile = (b.rows * b.linesPerRow + tiles - 1) / tiles;
    return b;
}

/// Prefetches the plan's next `perTile` lines, row by row.
static inline void ek_prefetch_share(ek_block_prefetch *b) {
    for (long e = 0; e < b->perTile && b->row < b->rows; e++) {
        _mm_prefetch(b->base + b->row * b->rowStride + b->line * 64, _MM_HINT_T2);
        if (++b->line == b->linesPerRow) b->line = 0, b->row++;
    }
}

// ---------------------------------------------------------------------------------------------- int8 panels

/// One strip's k-block of int8 weights: per block of 32 columns, 8 groups of 4 columns × 32 rows × 4 bytes (one
/// vector per group and panel), the block's scale per row and −128 × the row's sum of the block's weights (the
/// activations enter VNNI's unsigned operand as x + 128).
typedef struct ek_int_block {
    int8_t w[EK_KC_INT / 32][8][EK_STRIP][4];
    float scale[EK_KC_INT / 32][EK_STRIP];
    int32_t bias[EK_KC_INT / 32][EK_STRIP];
} __attribute__((aligned(64))) ek_int_block;

/// The weight bytes of a block are gathered 4 columns × 16 rows at a time: `FETCH(h, b, g, m)` returns the vector
/// of signed bytes of panel h, block b (of the k-block), group g under row mask m. Per block: the row sums
/// (VNNI with all-ones), and the f16 scales of rows r + i (0 past the strip's nr rows).
#define EK_PACK_INT(FETCH, SCALE)                                                                               \
    for (int h = 0; h < 2; h++) {                                                                               \
        __mmask16 m = ek_lanes16(nr - 16 * h);                                                                  \
        for (long b = 0; b < nbk; b++) {                                                                        \
            __m512i sum = _mm512_setzero_si512();                                                               \
            for (int g = 0; g < 8; g++) {                                                                       \
                __m512i v = FETCH(h, b, g, m);                                                                  \
                _mm512_store_si512(p->w[b][g][16 * h], v);                                                      \
                sum = _mm512_dpbusd_epi32(sum, _mm512_set1_epi8(1), v);                                         \
            }                                                                                                   \
            _mm512_store_si512(p->bias[b] + 16 * h, _mm512_sub_epi32(_mm512_setzero_si512(),                    \
                                                                     _mm512_slli_epi32(sum, 7)));              \
        }                                                                                                       \
    }                                                                                                           \
    for (long b = 0; b < nbk; b++)                                                                              \
        for (long i = 0; i < EK_STRIP; i++) p->scale[b][i] = i < nr ? SCALE(i, b) : 0.0f;

/// Q8_0 rows r…r+nr−1, blocks b0…b0+nbk−1.
static void ek_pack_q8(ek_int_block *p, const int8_t *Wq, const uint16_t *ws, long cols, long r, long nr, long b0,
                       long nbk) {
    long nb = cols / 32;
    const int8_t *base = Wq + r * cols + b0 * 32;
#define EK_FETCH_Q8(h, b, g, m)                                                                                 \
    _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, ek_row_offsets(h, cols), base + (b) * 32 + (g) * 4, 1)
#define EK_SCALE_Q8(i, b) _cvtsh_ss(ws[(r + (i)) * nb + b0 + (b)])
    EK_PACK_INT(EK_FETCH_Q8, EK_SCALE_Q8)
#undef EK_FETCH_Q8
#undef EK_SCALE_Q8
}

/// Q4 rows (ek_q4_pack_row's layout): columns 4g…4g+3 of a block are the low (g even) or high (g odd) nibbles of the
/// block's 4-byte word g/2. Nibble − 8 = weight.
static inline __m512i ek_fetch_q4(const uint8_t *base, __m512i offsets, __mmask16 m, long block, long nb, int g) {
    int shift;
    long at = ek_q4_offset(nb, block, 8 * (g / 2), &shift);
    __m512i v = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, offsets, base + at, 1);
    v = _mm512_and_si512(_mm512_srli_epi32(v, 4 * (g % 2)), _mm512_set1_epi8(0x0F));
    return _mm512_maskz_mov_epi32(m, _mm512_sub_epi8(v, _mm512_set1_epi8(8)));
}

static void ek_pack_q4(ek_int_block *p, const uint8_t *Wp, const uint16_t *ws, long cols, long r, long nr, long b0,
                       long nbk) {
    long nb = cols / 32, half = cols / 2;
    const uint8_t *base = Wp + r * half;
#define EK_FETCH_Q4(h, b, g, m) ek_fetch_q4(base, ek_row_offsets(h, half), m, b0 + (b), nb, g)
#define EK_SCALE_Q4(i, b) _cvtsh_ss(ws[(r + (i)) * nb + b0 + (b)])
    EK_PACK_INT(EK_FETCH_Q4, EK_SCALE_Q4)
#undef EK_FETCH_Q4
#undef EK_SCALE_Q4
}

/// Per-channel int8 (W8A8) rows (cols % 4 == 0): one "block" of 32 columns at a time with scale 1 and no bias (the
/// u8 activations enter VNNI as they are); a column tail of the k-block is zero-padded to the block.
static void ek_pack_w8(ek_int_block *p, const int8_t *Wq, long cols, long r, long nr, long c0, long kc) {
    long nbk = (kc + 31) / 32;
    const int8_t *base = Wq + r * cols + c0;
    for (int h = 0; h < 2; h++) {
        __mmask16 m = ek_lanes16(nr - 16 * h);
        __m512i offsets = ek_row_offsets(h, cols);
        for (long b = 0; b < nbk; b++) {
            for (int g = 0; g < 8; g++) {
                __m512i v = _mm512_setzero_si512();
                if (g * 4 + b * 32 < kc) v = _mm512_mask_i32gather_epi32(v, m, offsets, base + b * 32 + g * 4, 1);
                _mm512_store_si512(p->w[b][g][16 * h], v);
            }
            _mm512_store_si512(p->bias[b] + 16 * h, _mm512_setzero_si512());
            _mm512_store_ps(p->scale[b] + 16 * h, _mm512_set1_ps(1.0f));
        }
    }
}

/// The unsigned activation bytes of nt tokens for columns c0…c0+kc−1 (x XOR flip: flip 0x80 turns int8 x into
/// x + 128), zero-padded to whole blocks.
static void ek_load_tile_bytes(uint8_t xb[EK_TILE][EK_KC_INT], const void *X, long ldx, long c0, long kc, int nt,
                               uint8_t flip) {
    long padded = (kc + 31) / 32 * 32;
    for (int j = 0; j < nt; j++)
        for (long c = 0; c < padded; c += 64) {
            __mmask64 m = ek_lanes64(kc - c);
            __m512i v = _mm512_maskz_loadu_epi8(m, (const uint8_t *)X + j * ldx + c0 + c);
            v = _mm512_xor_si512(v, _mm512_set1_epi8((char)flip));
            _mm512_mask_storeu_epi8(xb[j] + c, ek_lanes64(padded - c), _mm512_maskz_mov_epi8(m, v));
        }
}

/// o[h][j] = Σ_b (bias + Σ_c w·xb) · scale_h · xs[j][b] over the k-block's nbk blocks, for nt (a constant) tokens.
static inline __attribute__((always_inline)) void ek_int_tile(const ek_int_block *p, long nbk,
                                                              uint8_t xb[EK_TILE][EK_KC_INT],
                                                              const float xs[EK_TILE][EK_KC_INT / 32], int nt,
                                                              __m512 o[2][EK_TILE]) {
    for (int j = 0; j < EK_TILE; j++) o[0][j] = o[1][j] = _mm512_setzero_ps();
    for (long b = 0; b < nbk; b++) {
        __m512i a[2][EK_TILE];
        __m512i bias0 = _mm512_load_si512(p->bias[b]), bias1 = _mm512_load_si512(p->bias[b] + 16);
        for (int j = 0; j < nt; j++) {
            a[0][j] = bias0;
            a[1][j] = bias1;
        }
        for (int g = 0; g < 8; g++) {
            __m512i w0 = _mm512_load_si512(p->w[b][g][0]), w1 = _mm512_load_si512(p->w[b][g][16]);
            for (int j = 0; j < nt; j++) {
                int32_t quad;
                memcpy(&quad, xb[j] + b * 32 + g * 4, 4);
                __m512i xv = _mm512_set1_epi32(quad);
                a[0][j] = _mm512_dpbusd_epi32(a[0][j], xv, w0);
                a[1][j] = _mm512_dpbusd_epi32(a[1][j], xv, w1);
            }
        }
        __m512 s0 = _mm512_load_ps(p->scale[b]), s1 = _mm512_load_ps(p->scale[b] + 16);
        for (int j = 0; j < nt; j++) {
            __m512 x = _mm512_set1_ps(xs[j][b]);
            o[0][j] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(a[0][j]), x), s0, o[0][j]);
            o[1][j] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(a[1][j]), x), s1, o[1][j]);
        }
    }
}

/// ek_int_tile with nt fixed per call site, so its accumulators stay in registers.
static void ek_int_tile_any(const ek_int_block *p, long nbk, uint8_t xb[EK_TILE][EK_KC_INT],
                            const float xs[EK_TILE][EK_KC_INT / 32], int nt, __m512 o[2][EK_TILE]) {
    switch (nt) {
    case 4: ek_int_tile(p, nbk, xb, xs, 4, o); break;
    case 3: ek_int_tile(p, nbk, xb, xs, 3, o); break;
    case 2: ek_int_tile(p, nbk, xb, xs, 2, o); break;
    default: ek_int_tile(p, nbk, xb, xs, 1, o); break;
    }
}

/// The block-quantized (Q8_0 / Q4) prefill over rows r0…r1−1 and T tokens; `pack` fills a strip's k-block.
typedef void (*ek_pack_blocks_fn)(ek_int_block *p, const void *W, const uint16_t *ws, long cols, long r, long nr,
                                  long b0, long nbk);

static void ek_prefill_blocks(ek_pack_blocks_fn pack, long bytes32, const void *W, const uint16_t *ws,
                              const int8_t *Xq, const float *xlanes, float *Y, long cols, long ldy, long r0, long r1,
                              long T, int accumulate) {
    ek_int_block p;
    uint8_t xb[EK_TILE][EK_KC_INT] __attribute__((aligned(64)));
    float xs[EK_TILE][EK_KC_INT / 32];
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long r = r0; r < r1; r += EK_STRIP) {
        long nr = r1 - r < EK_STRIP ? r1 - r : EK_STRIP;
        __mmask16 m0 = ek_lanes16(nr), m1 = ek_lanes16(nr - 16);
        for (long b0 = 0; b0 < nb; b0 += EK_KC_INT / 32) {
            long nbk = nb - b0 < EK_KC_INT / 32 ? nb - b0 : EK_KC_INT / 32;
            pack(&p, W, ws, cols, r, nr, b0, nbk);
            ek_block_prefetch next =
                ek_next_block(W, bytes32, cols, EK_KC_INT, r, r1, b0 * 32, (T + EK_TILE - 1) / EK_TILE);
            for (long t = 0; t < T; t += EK_TILE) {
                ek_prefetch_share(&next);
                int nt = T - t < EK_TILE ? (int)(T - t) : EK_TILE;
                ek_load_tile_bytes(xb, Xq + t * cols, cols, b0 * 32, nbk * 32, nt, 0x80);
                for (int j = 0; j < nt; j++)
                    for (long b = 0; b < nbk; b++) xs[j][b] = ek_q8_block_scale(xlanes + (t + j) * nl, b0 + b);
                __m512 o[2][EK_TILE];
                ek_int_tile_any(&p, nbk, xb, xs, nt, o);
                ek_store_tile(Y + t * ldy + r, ldy, o[0], o[1], nt, m0, m1, accumulate || b0 > 0);
            }
        }
    }
}

static void ek_pack_q8_any(ek_int_block *p, const void *W, const uint16_t *ws, long cols, long r, long nr, long b0,
                           long nbk) {
    ek_pack_q8(p, W, ws, cols, r, nr, b0, nbk);
}

static void ek_pack_q4_any(ek_int_block *p, const void *W, const uint16_t *ws, long cols, long r, long nr, long b0,
                           long nbk) {
    ek_pack_q4(p, W, ws, cols, r, nr, b0, nbk);
}

/// The packing gathers address a strip's rows with 32-bit offsets: 32 rows of `rowBytes` must fit.
static int ek_strip_fits(long rowBytes) { return rowBytes <= INT_MAX / EK_STRIP; }

int ek_avx512_prefill_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes, float *Y,
                         long cols, long ldy, long r0, long r1, long T, int accumulate) {
    if (!ek_strip_fits(cols)) return 0;
    ek_prefill_blocks(ek_pack_q8_any, 32, Wq, ws, Xq, xlanes, Y, cols, ldy, r0, r1, T, accumulate);
    return 1;
}

int ek_avx512_prefill_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes, float *Y,
                         long cols, long ldy, long r0, long r1, long T, int accumulate) {
    if (!ek_strip_fits(cols / 2)) return 0;
    ek_prefill_blocks(ek_pack_q4_any, 16, Wp, ws, Xq, xlanes, Y, cols, ldy, r0, r1, T, accumulate);
    return 1;
}

int ek_avx512_prefill_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                           const float *lo, const float *scale, float *Y, long cols, long ldy, long r0, long r1,
                           long T, int accumulate) {
    if (cols % 4 != 0 || !ek_strip_fits(cols)) return 0;
    ek_int_block p;
    uint8_t xb[EK_TILE][EK_KC_INT] __attribute__((aligned(64)));
    float ones[EK_TILE][EK_KC_INT / 32];
    for (int j = 0; j < EK_TILE; j++)
        for (int b = 0; b < EK_KC_INT / 32; b++) ones[j][b] = 1.0f;
    for (long r = r0; r < r1; r += EK_STRIP) {
        long nr = r1 - r < EK_STRIP ? r1 - r : EK_STRIP;
        __mmask16 m0 = ek_lanes16(nr), m1 = ek_lanes16(nr - 16);
        __m512 rs0 = _mm512_maskz_loadu_ps(m0, ws + r), rs1 = _mm512_maskz_loadu_ps(m1, ws + r + 16);
        __m512 sum0 = _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(m0, wsum + r));
        __m512 sum1 = _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(m1, wsum + r + 16));
        for (long c0 = 0; c0 < cols; c0 += EK_KC_INT) {
            long kc = cols - c0 < EK_KC_INT ? cols - c0 : EK_KC_INT;
            ek_pack_w8(&p, Wq, cols, r, nr, c0, kc);
            ek_block_prefetch next = ek_next_block(Wq, 32, cols, EK_KC_INT, r, r1, c0, (T + EK_TILE - 1) / EK_TILE);
            for (long t = 0; t < T; t += EK_TILE) {
                ek_prefetch_share(&next);
                int nt = T - t < EK_TILE ? (int)(T - t) : EK_TILE;
                ek_load_tile_bytes(xb, U + t * cols, cols, c0, kc, nt, 0);
                __m512 o[2][EK_TILE];
                ek_int_tile_any(&p, (kc + 31) / 32, xb, ones, nt, o);
                // y = ws · (s · dot + lo · wsum): the lo term once, with the first k-block.
                for (int j = 0; j < nt; j++) {
                    __m512 s = _mm512_set1_ps(scale[t + j]), l = _mm512_set1_ps(c0 == 0 ? lo[t + j] : 0.0f);
                    o[0][j] = _mm512_mul_ps(rs0, _mm512_fmadd_ps(s, o[0][j], _mm512_mul_ps(l, sum0)));
                    o[1][j] = _mm512_mul_ps(rs1, _mm512_fmadd_ps(s, o[1][j], _mm512_mul_ps(l, sum1)));
                }
                ek_store_tile(Y + t * ldy + r, ldy, o[0], o[1], nt, m0, m1, accumulate || c0 > 0);
            }
        }
    }
    return 1;
}

// ---------------------------------------------------------------------------------------------- float panels

/// One strip's k-block of float weights, column-major: p[k][i] = W[r + i][c0 + k].
typedef float ek_float_block[EK_KC_FLOAT][EK_STRIP] __attribute__((aligned(64)));

/// o[h][j] = Σ_k p[k][16h…16h+15] · x[j][k] for nt (a constant) tokens, x rows ldx apart.
static inline __attribute__((always_inline)) void ek_float_tile(const float (*p)[EK_STRIP], long kc, const float *x,
                                                                long ldx, int nt, __m512 o[2][EK_FTILE]) {
    for (int j = 0; j < EK_FTILE; j++) o[0][j] = o[1][j] = _mm512_setzero_ps();
    for (long k = 0; k < kc; k++) {
        __m512 w0 = _mm512_load_ps(p[k]), w1 = _mm512_load_ps(p[k] + 16);
        for (int j = 0; j < nt; j++) {
            __m512 xv = _mm512_set1_ps(x[j * ldx + k]);
            o[0][j] = _mm512_fmadd_ps(w0, xv, o[0][j]);
            o[1][j] = _mm512_fmadd_ps(w1, xv, o[1][j]);
        }
    }
}

static void ek_float_tile_any(const float (*p)[EK_STRIP], long kc, const float *x, long ldx, int nt,
                              __m512 o[2][EK_FTILE]) {
    switch (nt) {
    case 6: ek_float_tile(p, kc, x, ldx, 6, o); break;
    case 5: ek_float_tile(p, kc, x, ldx, 5, o); break;
    case 4: ek_float_tile(p, kc, x, ldx, 4, o); break;
    case 3: ek_float_tile(p, kc, x, ldx, 3, o); break;
    case 2: ek_float_tile(p, kc, x, ldx, 2, o); break;
    default: ek_float_tile(p, kc, x, ldx, 1, o); break;
    }
}

/// Packs f32 rows r…r+nr−1, columns c0…c0+kc−1: one gather of 16 rows per column and panel.
static void ek_pack_f32(ek_float_block p, const void *Wv, long cols, long r, long nr, long c0, long kc) {
    const float *base = (const float *)Wv + r * cols + c0;
    for (int h = 0; h < 2; h++) {
        __mmask16 m = ek_lanes16(nr - 16 * h);
        __m512i offsets = ek_row_offsets(h, cols * 4);
        for (long k = 0; k < kc; k++)
            _mm512_store_ps(p[k] + 16 * h, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, offsets, base + k, 1));
    }
}

/// Packs f16 rows (even cols): a gather of 32-bit words takes two adjacent columns of 16 rows, converted to floats.
static void ek_pack_f16(ek_float_block p, const void *Wv, long cols, long r, long nr, long c0, long kc) {
    const uint16_t *base = (const uint16_t *)Wv + r * cols + c0;
    for (int h = 0; h < 2; h++) {
        __mmask16 m = ek_lanes16(nr - 16 * h);
        __m512i offsets = ek_row_offsets(h, cols * 2);
        for (long k = 0; k < kc; k += 2) {
            __m512i pair = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, offsets, base + k, 1);
            _mm512_store_ps(p[k] + 16 * h, _mm512_cvtph_ps(_mm512_cvtepi32_epi16(pair)));
            if (k + 1 < kc)
                _mm512_store_ps(p[k + 1] + 16 * h, _mm512_cvtph_ps(_mm512_cvtepi32_epi16(_mm512_srli_epi32(pair, 16))));
        }
    }
}

typedef void (*ek_pack_float_fn)(ek_float_block p, const void *W, long cols, long r, long nr, long c0, long kc);

static void ek_prefill_float(ek_pack_float_fn pack, long bytes32, const void *W, const float *X, float *Y, long cols,
                             long ldx, long ldy, long r0, long r1, long T, int accumulate) {
    ek_float_block p;
    for (long r = r0; r < r1; r += EK_STRIP) {
        long nr = r1 - r < EK_STRIP ? r1 - r : EK_STRIP;
        __mmask16 m0 = ek_lanes16(nr), m1 = ek_lanes16(nr - 16);
        for (long c0 = 0; c0 < cols; c0 += EK_KC_FLOAT) {
            long kc = cols - c0 < EK_KC_FLOAT ? cols - c0 : EK_KC_FLOAT;
            pack(p, W, cols, r, nr, c0, kc);
            ek_block_prefetch next =
                ek_next_block(W, bytes32, cols, EK_KC_FLOAT, r, r1, c0, (T + EK_FTILE - 1) / EK_FTILE);
            for (long t = 0; t < T; t += EK_FTILE) {
                ek_prefetch_share(&next);
                int nt = T - t < EK_FTILE ? (int)(T - t) : EK_FTILE;
                __m512 o[2][EK_FTILE];
                ek_float_tile_any((const float (*)[EK_STRIP])p, kc, X + t * ldx + c0, ldx, nt, o);
                ek_store_tile(Y + t * ldy + r, ldy, o[0], o[1], nt, m0, m1, accumulate || c0 > 0);
            }
        }
    }
}

int ek_avx512_prefill_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0, long r1,
                          long T, int accumulate) {
    if (cols > INT_MAX / 4 || !ek_strip_fits(cols * 4)) return 0;
    ek_prefill_float(ek_pack_f32, 128, W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate);
    return 1;
}

int ek_avx512_prefill_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy, long r0,
                          long r1, long T, int accumulate) {
    if (cols % 2 != 0 || cols > INT_MAX / 2 || !ek_strip_fits(cols * 2)) return 0;
    ek_prefill_float(ek_pack_f16, 64, W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate);
    return 1;
}

#pragma clang attribute pop
#endif
