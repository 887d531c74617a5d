#ifndef EDGEKERNELS_H
#define EDGEKERNELS_H

#include <stdint.h>

#pragma clang assume_nonnull begin

/// C kernels for the runtime's hot loops, compiled for the baseline CPU with per-ISA variants chosen once at run
/// time by CPUID: AVX-512 (F/BW/VL + VNNI int8 dots, F16C conversion), AVX2 + FMA + F16C, a portable C fallback,
/// and NEON (dot-product) paths on arm64. The free functions below dispatch to `ek_active()`; `ek_kernels_for`
/// gives any supported path's table directly (tests compare every path with the portable one).

/// An instruction-set path.
typedef enum ek_path {
    EK_PATH_PORTABLE = 0,
    EK_PATH_AVX2 = 1,
    EK_PATH_AVX512 = 2,
    EK_PATH_NEON = 3,
    EK_PATH_NEON_DOTPROD = 4,
} ek_path;
/// Number of `ek_path` values.
#define EK_PATH_COUNT 5

/// One path's kernels (signatures as the free functions of the same names below).
typedef struct ek_kernels {
    ek_path path;
    /// "portable", "avx2", "avx512", "neon" or "neon-dotprod" (the EDGEPROF_KERNELS spelling).
    const char *name;
    void (*f16_to_f32)(const uint16_t *src, float *dst, long n);
    void (*f32_to_f16)(const float *src, uint16_t *dst, long n);
    void (*gemm_f32)(const float *W, const float *X, float *Y, long cols, long ldx, long ldy,
                     long r0, long r1, long T, int accumulate);
    void (*gemm_f16)(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                     long r0, long r1, long T, int accumulate);
    void (*gemm_q8)(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                    float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate);
    void (*gemm_q4)(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                    float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate);
    void (*gemm_w8a8)(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                      const float *lo, const float *scale, float *Y, long cols, long ldy,
                      long r0, long r1, long T, int accumulate);
    void (*swiglu)(float *gate, const float *up, long n);
    void (*attention)(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                      long heads, long kvHeads, long hd, long start, long T,
                      long task0, long step, float *scores, float scale);
    void (*quantize_q8)(const float *X, long ldx, long T, long cols, int8_t *q, float *scales, float *lanes);
    void (*quantize_u8)(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale);
} ek_kernels;

/// 1 when `path` is compiled into this build and this CPU (and OS) can run it.
int ek_path_supported(ek_path path);
/// The table of `path`, or NULL when it is not supported here.
const ek_kernels *_Nullable ek_kernels_for(ek_path path);
/// The fastest supported path on this CPU.
ek_path ek_best_path(void);
/// The path spelled `name` (an `ek_kernels.name`), or -1.
int ek_path_named(const char *_Nullable name);
/// The path used by the free functions: EDGEPROF_KERNELS when it names a supported path, else the best one.
/// Chosen on first use; the same table afterwards.
const ek_kernels *ek_active(void);

/// Converts n halves (IEEE binary16 bit patterns) to floats.
void ek_f16_to_f32(const uint16_t *src, float *dst, long n);
/// Converts n floats to halves (round to nearest even).
void ek_f32_to_f16(const float *src, uint16_t *dst, long n);

/// Y[t][r] (+)= sum_c W[r][c] * X[t][c] for rows r0..<r1 and tokens 0..<T, W f32 row-major (cols per row).
void ek_gemm_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy,
                 long r0, long r1, long T, int accumulate);

/// Y[t][r] (+)= sum_c W[r][c] * X[t][c] for rows r0..<r1 and tokens 0..<T, W f16 row-major (cols per row).
void ek_gemm_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                 long r0, long r1, long T, int accumulate);

/// Floats per token in the lane-scale layout of ek_quantize_q8: 16 per 64 columns, rounded up.
static inline long ek_q8_lanes(long cols) { return (cols + 63) / 64 * 16; }

/// Quantizes T rows of cols floats (cols % 32 == 0) into Q8 blocks of 32: q = round(x / s), s = max|x| / 127.
/// Writes q (T × cols int8), one scale per block (T × cols/32) and the scales repeated per 8 lanes
/// (T × ek_q8_lanes(cols) floats, zero past the last block: the layout ek_gemm_q8 multiplies with).
/// Bit-identical on every path for finite inputs (round half away from zero, as roundf), so all paths see the same
/// activations.
void ek_quantize_q8(const float *X, long ldx, long T, long cols, int8_t *q, float *scales, float *lanes);

/// Q8_0 × Q8 GEMM: W is rows × cols int8 with one f16 scale per 32 (ws, rows × cols/32);
/// activations from ek_quantize_q8. Y[t][r] (+)= sum_b ws[r][b] * xs[t][b] * dot(Wq_b, Xq_b).
void ek_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate);

/// 4-bit × Q8 GEMM. Wp: cols/2 bytes per row in the layout of ek_q4_pack_row; value = nibble − 8.
/// ws: one f16 scale per 32 columns (rows × cols/32). Activations from ek_quantize_q8.
void ek_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate);

/// Packs one row of cols nibbles (0…15, column order; cols % 32 == 0) into the cols/2 bytes ek_gemm_q4 reads.
/// The row's blocks of 32 columns form groups of 16 (the last group: the m ≤ 16 remaining blocks), 16·m bytes
/// each. With P = m rounded up to 4, 8 or 16 and L = 16/P, a group is P/4 steps of 4·L·m bytes; in step s the
/// 4-byte word L·j + u holds elements 8(sL + u) … +3 of the group's block j in its low nibbles and elements
/// 8(sL + u) + 4 … +7 in its high nibbles. So one 64-byte load per step gives each 32-bit lane a single block.
void ek_q4_pack_row(const uint8_t *nibbles, long cols, uint8_t *packed);
/// The inverse of ek_q4_pack_row: the row's cols nibbles in column order.
void ek_q4_unpack_row(const uint8_t *packed, long cols, uint8_t *nibbles);

/// Per-token min-max asymmetric quantization (W8A8): x ≈ lo + s * u with u in 0...255; writes u (T × cols),
/// lo and s per token. Bit-identical on every path for finite inputs.
void ek_quantize_u8(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale);

/// Per-channel int8 × per-token u8 GEMM: Y[t][r] (+)= ws[r] * (s[t] * dot(W[r], U[t]) + lo[t] * wsum[r]).
void ek_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                  const float *lo, const float *scale, float *Y, long cols, long ldy,
                  long r0, long r1, long T, int accumulate);

/// gate[i] = silu(gate[i]) · up[i] = gate[i] / (1 + e^(−gate[i])) · up[i] (vectorized e^x, ~1e-7 relative).
void ek_swiglu(float *gate, const float *up, long n);

/// Causal grouped-query attention for tasks task0, task0 + step, … < T·heads (task = t·heads + h).
/// q: T × (heads·hd) f32; K/V caches: positions × kvDim, f16 (kvF16 = 1) or f32; query t sits at position
/// start + t and sees positions 0...start + t. scores: scratch of start + T floats. out: T × (heads·hd).
void ek_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                  long heads, long kvHeads, long hd, long start, long T,
                  long task0, long step, float *scores, float scale);

/// A spin-wait hint (x86 `pause`, arm64 `yield`), for the thread pool's busy-wait loops.
static inline void ek_cpu_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#pragma clang assume_nonnull end

#endif
