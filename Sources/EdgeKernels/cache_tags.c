// The exact cache simulator's tag-row search, per kernel path: compares a set's full 64-bit tags with the line
// sought, 8 (AVX-512), 4 (AVX2) or 1 (portable) at a time. A miss, the common case in a large level, reads the
// whole row; the row is the one the fill then writes, so it is in the host's cache afterwards. The first-level hit
// loop of a whole trace runs on the same searches.
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

// The first-level hit loop, one copy per tag search (inlined): the LRU update is CacheLevelState.lruTouch (find
// `way`'s 4-bit field by the zero-field borrow trick, shift the fields before it up one, put `way` in field 0).
static inline __attribute__((always_inline)) uint64_t ek_lru_touch(uint64_t perm, uint64_t way) {
    const uint64_t ones = 0x1111111111111111ull;
    uint64_t x = perm ^ (ones * way);
    uint64_t zeros = (x - ones) & ~x & 0x8888888888888888ull;  // nonzero: `way` is in one of the fields
    unsigned shift = (unsigned)__builtin_ctzll(zeros) & ~3u;   // 4 × the field of `way`
    uint64_t below = (1ull << shift) - 1;
    return (perm & ~((below << 4) | 0xF)) | ((perm & below) << 4) | way;
}

// `policy` is a constant at each call below, so every policy gets its own loop.
static inline __attribute__((always_inline)) long
ek_first_level_hits_loop(const ek_first_level *level, const ek_trace_record *r, long start, long count, long *hits,
                         long *bytes, ek_tag_search_fn search, int policy) {
    const uint64_t *tags = level->tags, *masks = level->plru_masks;
    uint8_t *status = level->status;
    uint64_t *order = level->order;
    const uint64_t set_mask = level->set_mask;
    const long stride = level->stride;
    const unsigned shift = level->line_shift;
    const uint64_t line_size = 1ull << shift;
    long h = 0, b = 0, i = start;
    for (; i < count; i++) {
        int64_t n = r[i].bytes;
        if (n <= 0) continue;
        uint64_t address = r[i].address;
        // One line when the bytes end within the first line (a range cut at 2^64 in the last line is left to the
        // caller, which clamps it).
        if ((address & (line_size - 1)) + (uint64_t)(n - 1) >= line_size) break;
        uint64_t line = address >> shift;
        uint64_t set = line & set_mask;
        long base = (long)set * stride;
        long way = search(tags + base, stride, line);
        if (way < 0) break;
        if (policy == 0) order[set] = ek_lru_touch(order[set], (uint64_t)way);
        if (policy == 1) order[set] = (order[set] | masks[way]) & masks[16 + way];
        if (r[i].write) status[base + way] = 2;
        h++;
        b += n;
    }
    *hits += h;
    *bytes += b;
    return i;
}

static inline __attribute__((always_inline)) long
ek_first_level_hits_with(const ek_first_level *level, const void *records, long start, long count, long *hits,
                         long *bytes, ek_tag_search_fn search) {
    const ek_trace_record *r = (const ek_trace_record *)records;
    switch (level->policy) {
    case 0: return ek_first_level_hits_loop(level, r, start, count, hits, bytes, search, 0);
    case 1: return ek_first_level_hits_loop(level, r, start, count, hits, bytes, search, 1);
    default: return ek_first_level_hits_loop(level, r, start, count, hits, bytes, search, 2);
    }
}

static long ek_portable_first_level_hits(const ek_first_level *level, const void *records, long start, long count,
                                         long *hits, long *bytes) {
    return ek_first_level_hits_with(level, records, start, count, hits, bytes, ek_portable_tag_search);
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static long ek_avx2_first_level_hits(const ek_first_level *level, const void *records, long start, long count,
                                     long *hits, long *bytes) {
    return ek_first_level_hits_with(level, records, start, count, hits, bytes, ek_avx2_tag_search);
}

__attribute__((target("avx512f")))
static long ek_avx512_first_level_hits(const ek_first_level *level, const void *records, long start, long count,
                                       long *hits, long *bytes) {
    return ek_first_level_hits_with(level, records, start, count, hits, bytes, ek_avx512_tag_search);
}
#endif

ek_first_level_hits_fn ek_first_level_hits_for(ek_path path) {
    if (!ek_path_supported(path)) return NULL;
    switch (path) {
#if defined(__x86_64__)
    case EK_PATH_AVX2: return ek_avx2_first_level_hits;
    case EK_PATH_AVX512: return ek_avx512_first_level_hits;
#endif
    default: return ek_portable_first_level_hits;
    }
}

ek_first_level_hits_fn ek_first_level_hits(void) {
    ek_first_level_hits_fn f = ek_first_level_hits_for(ek_active()->path);
    return f ? f : ek_portable_first_level_hits;
}

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
