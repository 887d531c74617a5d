// Run-time selection of the kernel path: CPUID (x86-64) or the OS's feature report (arm64), once per process,
// with EDGEPROF_KERNELS naming a path to force (for tests and comparisons).
#include "kernels_internal.h"
#include <stdlib.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif
#if defined(__aarch64__) && defined(__APPLE__)
#include <sys/sysctl.h>
#endif

#if defined(__x86_64__)
/// The OS saves the register state named by `mask` in XCR0 (SSE|AVX = 0x6; plus opmask and ZMM = 0xE6).
static int ek_os_saves(unsigned mask) {
    unsigned eax, edx;
    __asm__("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (eax & mask) == mask;
}

static int ek_x86_supports(ek_path path) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1, avx = (c >> 28) & 1, f16c = (c >> 29) & 1;
    if (!(osxsave && avx && fma && f16c && ek_os_saves(0x6))) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int avx2 = (b >> 5) & 1;
    if (path == EK_PATH_AVX2) return avx2;
    int f = (b >> 16) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1, vnni = (c >> 11) & 1;
    return avx2 && f && bw && vl && vnni && ek_os_saves(0xE6);
}

int ek_x86_prefetch_to_l1(void) {
    static int amd = -1;  // every thread that finds it unset computes the same value
    int value = __atomic_load_n(&amd, __ATOMIC_RELAXED);
    if (value < 0) {
        unsigned a, vendor[3];
        value = __get_cpuid(0, &a, &vendor[0], &vendor[2], &vendor[1]) && memcmp(vendor, "AuthenticAMD", 12) == 0;
        __atomic_store_n(&amd, value, __ATOMIC_RELAXED);
    }
    return value;
}

int ek_x86_has_avx512bf16(void) {
    unsigned a, b, c, d;
    if (!ek_x86_supports(EK_PATH_AVX512) || !__get_cpuid_count(7, 1, &a, &b, &c, &d)) return 0;
    return (a >> 5) & 1;
}
#endif

#if defined(__aarch64__)
static int ek_arm_has_dotprod(void) {
#if defined(__linux__)
    return (getauxval(AT_HWCAP) & (1UL << 20)) != 0;  // HWCAP_ASIMDDP
#elif defined(__APPLE__)
    int value = 0;
    size_t size = sizeof value;
    return sysctlbyname("hw.optional.arm.FEAT_DotProd", &value, &size, NULL, 0) == 0 && value;
#else
    return 0;
#endif
}
#endif

const ek_kernels *ek_kernels_for(ek_path path) {
    switch (path) {
    case EK_PATH_PORTABLE: return &ek_portable_kernels;
#if defined(__x86_64__)
    case EK_PATH_AVX2: return ek_x86_supports(EK_PATH_AVX2) ? &ek_avx2_kernels : NULL;
    case EK_PATH_AVX512: return ek_x86_supports(EK_PATH_AVX512) ? &ek_avx512_kernels : NULL;
#endif
#if defined(__aarch64__)
    case EK_PATH_NEON: return &ek_neon_kernels;
    case EK_PATH_NEON_DOTPROD: return ek_arm_has_dotprod() ? &ek_neon_dotprod_kernels : NULL;
#endif
    default: return NULL;
    }
}

int ek_path_supported(ek_path path) { return ek_kernels_for(path) != NULL; }

ek_path ek_best_path(void) {
    static const ek_path order[] = {EK_PATH_AVX512, EK_PATH_NEON_DOTPROD, EK_PATH_AVX2, EK_PATH_NEON};
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        if (ek_path_supported(order[i])) return order[i];
    return EK_PATH_PORTABLE;
}

int ek_path_named(const char *name) {
    static const char *const names[EK_PATH_COUNT] = {"portable", "avx2", "avx512", "neon", "neon-dotprod"};
    for (int i = 0; i < EK_PATH_COUNT; i++)
        if (name && strcmp(name, names[i]) == 0) return i;
    return -1;
}

const ek_kernels *ek_active(void) {
    static const ek_kernels *active;
    const ek_kernels *k = __atomic_load_n(&active, __ATOMIC_ACQUIRE);
    if (k) return k;
    // Racing first calls compute the same table, so a plain store of the result is enough.
    int named = ek_path_named(getenv("EDGEPROF_KERNELS"));
    k = named >= 0 ? ek_kernels_for((ek_path)named) : NULL;
    if (!k) k = ek_kernels_for(ek_best_path());
    __atomic_store_n(&active, k, __ATOMIC_RELEASE);
    return k;
}

void ek_f16_to_f32(const uint16_t *src, float *dst, long n) { ek_active()->f16_to_f32(src, dst, n); }
void ek_f32_to_f16(const float *src, uint16_t *dst, long n) { ek_active()->f32_to_f16(src, dst, n); }

void ek_gemm_f32(const float *W, const float *X, float *Y, long cols, long ldx, long ldy,
                 long r0, long r1, long T, int accumulate) {
    ek_active()->gemm_f32(W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate);
}

void ek_gemm_f16(const uint16_t *W, const float *X, float *Y, long cols, long ldx, long ldy,
                 long r0, long r1, long T, int accumulate) {
    ek_active()->gemm_f16(W, X, Y, cols, ldx, ldy, r0, r1, T, accumulate);
}

void ek_gemm_q8(const int8_t *Wq, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    ek_active()->gemm_q8(Wq, ws, Xq, xlanes, Y, cols, ldy, r0, r1, T, accumulate);
}

void ek_gemm_q4(const uint8_t *Wp, const uint16_t *ws, const int8_t *Xq, const float *xlanes,
                float *Y, long cols, long ldy, long r0, long r1, long T, int accumulate) {
    ek_active()->gemm_q4(Wp, ws, Xq, xlanes, Y, cols, ldy, r0, r1, T, accumulate);
}

void ek_gemm_w8a8(const int8_t *Wq, const float *ws, const int32_t *wsum, const uint8_t *U,
                  const float *lo, const float *scale, float *Y, long cols, long ldy,
                  long r0, long r1, long T, int accumulate) {
    ek_active()->gemm_w8a8(Wq, ws, wsum, U, lo, scale, Y, cols, ldy, r0, r1, T, accumulate);
}

void ek_swiglu(float *gate, const float *up, long n) { ek_active()->swiglu(gate, up, n); }

void ek_quantize_q8(const float *X, long ldx, long T, long cols, int8_t *q, float *scales, float *lanes) {
    ek_active()->quantize_q8(X, ldx, T, cols, q, scales, lanes);
}

void ek_quantize_u8(const float *X, long ldx, long T, long cols, uint8_t *u, float *lo, float *scale) {
    ek_active()->quantize_u8(X, ldx, T, cols, u, lo, scale);
}

void ek_attention(const float *q, const void *kc, const void *vc, int kvF16, float *out,
                  long heads, long kvHeads, long hd, long start, long T,
                  long task0, long step, float *scores, float scale) {
    ek_active()->attention(q, kc, vc, kvF16, out, heads, kvHeads, hd, start, T, task0, step, scores, scale);
}
