// The exact cache simulator's tag-row search, per kernel path: compares a set's full 64-bit tags with the line
// sought, 8 (AVX-512), 4 (AVX2) or 1 (portable) at a time. A miss, the common case in a large level, reads the
// whole row; the row is the one the fill then writes, so it is in the host's cache afterwards.
#include "cachetags.h"
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static long ek_portable_tag_search(const uint64_t *tags, long count, uint64_t line) {
    for (long i = 0; i < count; i++)
        if (tags[i] == line) return i;
    return -1;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static long ek_avx2_tag_search(const uint64_t *tags, long count, uint64_t line) {
    const __m256i key = _mm256_set1_epi64x((long long)line);
    for (long i = 0; i < count; i += 8) {
        __m256i lo = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)(tags + i)), key);
        __m256i hi = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)(tags + i + 4)), key);
        unsigned mask = (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(lo))
                      | (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(hi)) << 4;
        if (mask) return i + __builtin_ctz(mask);
    }
    return -1;
}

__attribute__((target("avx512f")))
static long ek_avx512_tag_search(const uint64_t *tags, long count, uint64_t line) {
    const __m512i key = _mm512_set1_epi64((long long)line);
    for (long i = 0; i < count; i += 8) {
        __mmask8 mask = _mm512_cmpeq_epi64_mask(_mm512_loadu_si512((const void *)(tags + i)), key);
        if (mask) return i + __builtin_ctz(mask);
    }
    return -1;
}
#endif

ek_tag_search_fn ek_tag_search_for(ek_path path) {
    if (!ek_path_supported(path)) return NULL;
    switch (path) {
#if defined(__x86_64__)
    case EK_PATH_AVX2: return ek_avx2_tag_search;
    case EK_PATH_AVX512: return ek_avx512_tag_search;
#endif
    default: return ek_portable_tag_search;
    }
}

ek_tag_search_fn ek_tag_search(void) {
    ek_tag_search_fn f = ek_tag_search_for(ek_active()->path);
    return f ? f : ek_portable_tag_search;
}
