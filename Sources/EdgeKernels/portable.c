// The portable path: plain C that any target compiles (8 independent partial sums per dot product, which the
// compiler may vectorize without reassociating), plus the activation quantizers every path shares.
#include "kernels_internal.h"
#include <float.h>
#include <math.h>

void ek_portable_f16_to_f32(const uint16_t *src, float *dst, long n) {
    for (long i = 0; i < n; i++) dst[i] = ek_half_to_float(src[i]);
}

void ek_portable_f32_to_f16(const float *src, uint16_t *dst, long n) {
    for (long i = 0; i < n; i++) dst[i] = ek_float_to_half(src[i]);
}

#define EK_LANES 8

static float ek_sum_lanes(const float acc[EK_LANES]) {
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static void ek_portable_gemm_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy,
                                 long r0, long r1, long T, int accumulate) {
    long vec = cols / EK_LANES * EK_LANES;
    for (long r = r0; r < r1; r++) {
        const float *w = W + r * cols;
        for (long t = 0; t < T; t++) {
            const float *x = X + t * ldx;
            float acc[EK_LANES] = {0};
            for (long c = 0; c < vec; c += EK_LANES)
                for (int l = 0; l < EK_LANES; l++) acc[l] += w[c + l] * x[c + l];
            float s = ek_sum_lanes(acc);
            for (long c = vec; c < cols; c++) s += w[c] * x[c];
            ek_store(Y + t * ldy + r, s, accumulate);
        }
    }
}

static void ek_portable_gemm_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                                 long r0, long r1, long T, int accumulate) {
    long vec = cols / EK_LANES * EK_LANES;
    for (long r = r0; r < r1; r++) {
        const uint16_t *w = W + r * cols;
        for (long t = 0; t < T; t++) {
            const float *x = X + t * ldx;
            float acc[EK_LANES] = {0};
            for (long c = 0; c < vec; c += EK_LANES)
                for (int l = 0; l < EK_LANES; l++) acc[l] += ek_half_to_float(w[c + l]) * x[c + l];
            float s = ek_sum_lanes(acc);
            for (long c = vec; c < cols; c++) s += ek_half_to_float(w[c]) * x[c];
            ek_store(Y + t * ldy + r, s, accumulate);
        }
    }
}

static int32_t ek_dot_i8(const int8_t *a, const int8_t *b, long n) {
    int32_t acc[EK_LANES] = {0};
    for (long c = 0; c < n; c += EK_LANES)
        for (int l = 0; l < EK_LANES; l++) acc[l] += (int32_t)a[c + l] * b[c + l];
    return acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
}

static void ek_portable_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    long nb = cols / 32, nl = ek_q8_lanes(cols);
    for (long r = r0; r < r1; r++) {
        for (long t = 0; t < T; t++) {
            const int8_t *x = Xq + t * cols;
            float s = 0;
            for (long b = 0; b < nb; b++) {
                int32_t d = ek_dot_i8(Wq + r * cols + b * 32, x + b * 32, 32);
                s += ek_half_to_float(ws[r * nb + b]) * ek_q8_block_scale(xlanes + t * nl, b) * (float)d;
            }
            ek_store(Y + t * ldy + r, s, accumulate);
        }
    }
}

void ek_q4_pack_row(const uint8_t *nibbles, long cols, uint8_t *packed) {
    long nb = cols / 32;
    for (long b = 0; b < nb; b++)
        for (int e = 0; e < 32; e++) {
            int shift;
            long at = ek_q4_offset(nb, b, e, &shift);
            if (shift == 0) packed[at] = (uint8_t)((packed[at] & 0xF0) | (nibbles[b * 32 + e] & 0x0F));
            else packed[at] = (uint8_t)((packed[at] & 0x0F) | (nibbles[b * 32 + e] << 4));
        }
}

void ek_q4_unpack_row(const uint8_t *packed, long cols, uint8_t *nibbles) {
    long nb = cols / 32;
    for (long b = 0; b < nb; b++)
        for (int e = 0; e < 32; e++) {
            int shift;
            long at = ek_q4_offset(nb, b, e, &shift);
            nibbles[b * 32 + e] = (packed[at] >> shift) & 0x0F;
        }
}

/// Activations `x` (Q8, one token) in the byte order of a packed Q4 row (ek_q4_offset) over groups [g0, g1): `xl[p]`
/// multiplies the low nibble of the group range's byte p, `xh[p]` its high nibble.
static void ek_q4_arrange(const int8_t *x, long nb, long g0, long g1, int8_t *xl, int8_t *xh) {
    long b1 = 16 * g1 < nb ? 16 * g1 : nb;
    for (long b = 16 * g0; b < b1; b++)
        for (int e = 0; e < 32; e++) {
            int shift;
            long at = ek_q4_offset(nb, b, e, &shift) - g0 * 256;
            (shift ? xh : xl)[at] = x[b * 32 + e];
        }
}

/// One packed Q4 row's dot with arranged activations over groups [g0, g1). A group of m blocks is read in chunks
/// of 4·m·L bytes (L = lanes per block): position q of every chunk belongs to block q / (4·L), so one contiguous
/// loop sums the products per position and the blocks' integer dots are sums of 4·L positions.
static float ek_q4_row_dot(const uint8_t *row, const uint16_t *scales, const float *lanes, const int8_t *xl,
                           const int8_t *xh, long nb, long g0, long g1) {
    float s = 0;
    for (long g = g0; g < g1; g++) {
        long m = ek_q4_group_blocks(nb, g), L = ek_q4_lanes(m), chunk = 4 * m * L;
        const uint8_t *w = row + g * 256;
        const int8_t *pl = xl + (g - g0) * 256, *ph = xh + (g - g0) * 256;
        int32_t acc[64] = {0};
        for (long c0 = 0; c0 < 16 * m; c0 += chunk)
            for (long q = 0; q < chunk; q++)
                acc[q] += ((w[c0 + q] & 0x0F) - 8) * pl[c0 + q] + ((w[c0 + q] >> 4) - 8) * ph[c0 + q];
        for (long j = 0; j < m; j++) {
            int32_t d = 0;
            for (long q = 4 * L * j; q < 4 * L * (j + 1); q++) d += acc[q];
            long b = 16 * g + j;
            s += ek_half_to_float(scales[b]) * ek_q8_block_scale(lanes, b) * (float)d;
        }
    }
    return s;
}

void ek_portable_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                         float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    // Activations are arranged once per token into a 16 KiB stack table rather than weights unpacked per row:
    // columns in slices of at most 32 groups (16384 columns), tokens in tiles that fill the table.
    enum { table = 16384 };
    int8_t arranged[table];
    long nb = cols / 32, half = cols / 2, nl = ek_q8_lanes(cols), groups = (nb + 15) / 16;
    for (long g0 = 0; g0 < groups; g0 += 32) {
        long g1 = g0 + 32 < groups ? g0 + 32 : groups;
        long bytes = (g1 * 256 < half ? g1 * 256 : half) - g0 * 256, tile = table / (2 * bytes);
        for (long t0 = 0; t0 < T; t0 += tile) {
            long t1 = t0 + tile < T ? t0 + tile : T;
            for (long t = t0; t < t1; t++) {
                int8_t *xl = arranged + (t - t0) * 2 * bytes;
                ek_q4_arrange(Xq + t * cols, nb, g0, g1, xl, xl + bytes);
            }
            for (long r = r0; r < r1; r++)
                for (long t = t0; t < t1; t++) {
                    const int8_t *xl = arranged + (t - t0) * 2 * bytes;
                    float s = ek_q4_row_dot(Wp + r * half, ws + r * nb, xlanes + t * nl, xl, xl + bytes, nb, g0, g1);
                    ek_store(Y + t * ldy + r, s, accumulate || g0 > 0);
                }
        }
    }
}

void ek_portable_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                           const float *lo, const float *scale, float *Y, long cols, long ldy,
                           long r0, long r1, long T, int accumulate) {
    long vec = cols / EK_LANES * EK_LANES;
    for (long r = r0; r < r1; r++) {
        const int8_t *w = Wq + r * cols;
        for (long t = 0; t < T; t++) {
            const uint8_t *u = U + t * cols;
            int32_t acc[EK_LANES] = {0};
            for (long c = 0; c < vec; c += EK_LANES)
                for (int l = 0; l < EK_LANES; l++) acc[l] += (int32_t)u[c + l] * w[c + l];
            int32_t d = acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
            for (long c = vec; c < cols; c++) d += (int32_t)u[c] * w[c];
            ek_store(Y + t * ldy + r, ws[r] * (scale[t] * (float)d + lo[t] * (float)wsum[r]), accumulate);
        }
    }
}

void ek_portable_swiglu(float *gate, const float *up, long n) {
    for (long i = 0; i < n; i++) gate[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

static void ek_portable_attend_f32(const float *qv, const void *Kv, const void *Vv, float *o, long n, long hd,
                                   long kvDim, float *scores, float scale) {
    const float *K = Kv, *V = Vv;
    float mx = -FLT_MAX;
    for (long j = 0; j < n; j++) {
        const float *k = K + j * kvDim;
        float dot = 0;
        for (long d = 0; d < hd; d++) dot += qv[d] * k[d];
        scores[j] = dot * scale;
        mx = fmaxf(mx, scores[j]);
    }
    float sum = 0;
    for (long j = 0; j < n; j++) { scores[j] = expf(scores[j] - mx); sum += scores[j]; }
    float inv = 1.0f / sum;
    for (long d = 0; d < hd; d++) o[d] = 0;
    for (long j = 0; j < n; j++) {
        const float *v = V + j * kvDim;
        float p = scores[j] * inv;
        for (long d = 0; d < hd; d++) o[d] += p * v[d];
    }
}

static void ek_portable_attend_f16(const float *qv, const void *Kv, const void *Vv, float *o, long n, long hd,
                                   long kvDim, float *scores, float scale) {
    const uint16_t *K = Kv, *V = Vv;
    float mx = -FLT_MAX;
    for (long j = 0; j < n; j++) {
        const uint16_t *k = K + j * kvDim;
        float dot = 0;
        for (long d = 0; d < hd; d++) dot += qv[d] * ek_half_to_float(k[d]);
        scores[j] = dot * scale;
        mx = fmaxf(mx, scores[j]);
    }
    float sum = 0;
    for (long j = 0; j < n; j++) { scores[j] = expf(scores[j] - mx); sum += scores[j]; }
    float inv = 1.0f / sum;
    for (long d = 0; d < hd; d++) o[d] = 0;
    for (long j = 0; j < n; j++) {
        const uint16_t *v = V + j * kvDim;
        float p = scores[j] * inv;
        for (long d = 0; d < hd; d++) o[d] += p * ek_half_to_float(v[d]);
    }
}

void ek_attention_tasks(ek_attend_fn f32, ek_attend_fn f16, const float *q, const void *kc, const void *vc,
                        int kvF16, float *out, long heads, long kvHeads, long hd, long start, long T,
                        long task0, long step, float *scores, float scale) {
    long qDim = heads * hd, kvDim = kvHeads * hd, group = heads / kvHeads;
    for (long task = task0; task < T * heads; task += step) {
        long t = task / heads, h = task % heads, off = (h / group) * hd;
        const float *qv = q + t * qDim + h * hd;
        float *o = out + t * qDim + h * hd;
        long n = start + t + 1;
        if (kvF16)
            f16(qv, (const uint16_t *)kc + off, (const uint16_t *)vc + off, o, n, hd, kvDim, scores, scale);
        else
            f32(qv, (const float *)kc + off, (const float *)vc + off, o, n, hd, kvDim, scores, scale);
    }
}

void ek_portable_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                           long heads, long kvHeads, long hd, long start, long T,
                           long task0, long step, float *scores, float scale) {
    ek_attention_tasks(ek_portable_attend_f32, ek_portable_attend_f16, q, kc, vc, kvF16, out, heads, kvHeads, hd,
                       start, T, task0, step, scores, scale);
}

const ek_kernels ek_portable_kernels = {
    EK_PATH_PORTABLE, "portable", ek_portable_f16_to_f32, ek_portable_f32_to_f16, ek_portable_gemm_f32,
    ek_portable_gemm_f16, ek_portable_gemm_q8, ek_portable_gemm_q4, ek_portable_gemm_w8a8, ek_portable_swiglu,
    ek_portable_attention, ek_portable_quantize_q8, ek_portable_quantize_u8,
};

// ---------------------------------------------------------------------------------------------- quantizers

void ek_portable_quantize_q8(const float *X, long ldx, long T, long cols, int8_t *q, float *scales, float *lanes) {
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

void ek_portable_quantize_u8(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale) {
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
