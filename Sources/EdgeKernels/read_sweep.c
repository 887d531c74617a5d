// The bandwidth sweep's read kernel, per kernel path: sums a buffer as floats with eight independent
// accumulators, so the loop is limited by the loads (two per cycle from L1 on current x86 cores) and not by the
// latency of one add chain. The widest load of the path matters beyond L1 too: fewer, wider loads leave more
// line-fill buffers for the hardware prefetcher's streams.
#include "readsweep.h"
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

typedef float ek_f32x4 __attribute__((vector_size(16)));

static float ek_portable_read_sum(const void *data, long bytes, long passes) {
    ek_f32x4 acc[8] = {{0}};
    for (long p = 0; p < passes; p++) {
        for (const char *at = data, *end = at + bytes; at < end; at += EK_READ_BLOCK) {
            for (int k = 0; k < 8; k++) {
                ek_f32x4 v[4];
                memcpy(v, at + 64 * k, sizeof v);
                acc[k] += (v[0] + v[1]) + (v[2] + v[3]);
            }
        }
    }
    float total = 0;
    for (int k = 0; k < 8; k++) total += acc[k][0] + acc[k][1] + acc[k][2] + acc[k][3];
    return total;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static float ek_avx2_read_sum(const void *data, long bytes, long passes) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (long p = 0; p < passes; p++) {
        for (const float *at = data, *end = at + bytes / 4; at < end; at += EK_READ_BLOCK / 4) {
            a0 = _mm256_add_ps(a0, _mm256_add_ps(_mm256_load_ps(at), _mm256_load_ps(at + 8)));
            a1 = _mm256_add_ps(a1, _mm256_add_ps(_mm256_load_ps(at + 16), _mm256_load_ps(at + 24)));
            a2 = _mm256_add_ps(a2, _mm256_add_ps(_mm256_load_ps(at + 32), _mm256_load_ps(at + 40)));
            a3 = _mm256_add_ps(a3, _mm256_add_ps(_mm256_load_ps(at + 48), _mm256_load_ps(at + 56)));
            a4 = _mm256_add_ps(a4, _mm256_add_ps(_mm256_load_ps(at + 64), _mm256_load_ps(at + 72)));
            a5 = _mm256_add_ps(a5, _mm256_add_ps(_mm256_load_ps(at + 80), _mm256_load_ps(at + 88)));
            a6 = _mm256_add_ps(a6, _mm256_add_ps(_mm256_load_ps(at + 96), _mm256_load_ps(at + 104)));
            a7 = _mm256_add_ps(a7, _mm256_add_ps(_mm256_load_ps(at + 112), _mm256_load_ps(at + 120)));
        }
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    return _mm_cvtss_f32(_mm_add_ss(h, _mm_movehdup_ps(h)));
}

__attribute__((target("avx512f")))
static float ek_avx512_read_sum(const void *data, long bytes, long passes) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (long p = 0; p < passes; p++) {
        for (const float *at = data, *end = at + bytes / 4; at < end; at += EK_READ_BLOCK / 4) {
            a0 = _mm512_add_ps(a0, _mm512_load_ps(at));
            a1 = _mm512_add_ps(a1, _mm512_load_ps(at + 16));
            a2 = _mm512_add_ps(a2, _mm512_load_ps(at + 32));
            a3 = _mm512_add_ps(a3, _mm512_load_ps(at + 48));
            a4 = _mm512_add_ps(a4, _mm512_load_ps(at + 64));
            a5 = _mm512_add_ps(a5, _mm512_load_ps(at + 80));
            a6 = _mm512_add_ps(a6, _mm512_load_ps(at + 96));
            a7 = _mm512_add_ps(a7, _mm512_load_ps(at + 112));
        }
    }
    __m512 s = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                             _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7)));
    return _mm512_reduce_add_ps(s);
}
#endif

ek_read_sum_fn ek_read_sum_for(ek_path path) {
    if (!ek_path_supported(path)) return NULL;
    switch (path) {
#if defined(__x86_64__)
    case EK_PATH_AVX2: return ek_avx2_read_sum;
    case EK_PATH_AVX512: return ek_avx512_read_sum;
#endif
    default: return ek_portable_read_sum;
    }
}

ek_read_sum_fn ek_read_sum(void) {
    ek_read_sum_fn f = ek_read_sum_for(ek_active()->path);
    return f ? f : ek_portable_read_sum;
}
