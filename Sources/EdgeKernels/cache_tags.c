// The exact cache simulator's trace kernel `ek_sim_lines`: EdgeMemory's CacheHierarchy per-line path for runs of
// one-line records, in one loop with no call per record. Policy operations are CacheLevelState's; miss handling is
// CacheHierarchy's `load`, `insert`, `evicted` and `writeBack` for non-inclusive / memory-side levels (no
// back-invalidation, no victim fill). Levels are searched by fingerprint (16 or 8 at a time: SSE2 on x86-64, which
// every x86-64 CPU has; 64-bit words elsewhere), each candidate confirmed on its full tag; the first level's hit
// test compares its full tags directly on the AVX2 and AVX-512 paths (one or two vector compares a set).
#include "cachetags.h"
#include "kernels_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define EK_SIM_INLINE static inline __attribute__((always_inline))

// LRU: makes `way` the most recent (find its 4-bit field by the zero-field borrow trick, shift the fields before it
// up one, put `way` in field 0).
EK_SIM_INLINE uint64_t ek_lru_touch(uint64_t perm, uint64_t way) {
    const uint64_t ones = 0x1111111111111111ull;
    uint64_t x = perm ^ (ones * way);
    uint64_t zeros = (x - ones) & ~x & 0x8888888888888888ull;  // nonzero: `way` is in one of the fields
    unsigned shift = (unsigned)__builtin_ctzll(zeros) & ~3u;   // 4 × the field of `way`
    uint64_t below = (1ull << shift) - 1;
    return (perm & ~((below << 4) | 0xF)) | ((perm & below) << 4) | way;
}

// `ek_lru_touch` for at most 8 ways (8 fields, 32 bits): immediate constants instead of 64-bit ones.
EK_SIM_INLINE uint64_t ek_lru_touch8(uint64_t perm64, uint32_t way) {
    const uint32_t perm = (uint32_t)perm64, ones = 0x11111111u;
    uint32_t x = perm ^ (ones * way);
    uint32_t zeros = (x - ones) & ~x & 0x88888888u;
    unsigned shift = (unsigned)__builtin_ctz(zeros) & ~3u;
    uint32_t below = (1u << shift) - 1;
    return (perm & ~((below << 4) | 0xF)) | ((perm & below) << 4) | way;
}

// The way of a set holding `line`, or -1, from the set's fingerprints `row` (`f` is the line's) and full tags:
// candidates by fingerprint, each confirmed on its tag.
EK_SIM_INLINE long ek_sim_find_in(const uint8_t *row, const uint64_t *tags, long stride, uint64_t line, uint8_t f) {
#if defined(__SSE2__)
    unsigned m = (unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)row), _mm_set1_epi8((char)f)));
    if (stride == 8) m &= 0xFF;
    for (; m; m &= m - 1) {
        long way = __builtin_ctz(m);
        if (tags[way] == line) return way;
    }
#else
    const uint64_t ones = 0x0101010101010101ull, key = ones * f;
    for (long offset = 0; offset < stride; offset += 8) {
        uint64_t word;
        __builtin_memcpy(&word, row + offset, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word);  // byte i of the row in bits 8i…8i+7
#endif
        uint64_t x = word ^ key;
        // The borrow trick flags every zero byte (and may flag a byte above one): candidates only.
        for (uint64_t c = (x - ones) & ~x & 0x8080808080808080ull; c; c &= c - 1) {
            long way = offset + (__builtin_ctzll(c) >> 3);
            if (tags[way] == line) return way;
        }
    }
#endif
    return -1;
}

// The way of the set at slot `base` of `lv` holding `line`, or -1.
EK_SIM_INLINE long ek_sim_find(const ek_sim_level *lv, uint64_t line, long base) {
    return ek_sim_find_in(lv->fingerprints + base, lv->tags + base, lv->stride, line,
                          ek_sim_fingerprint(line, lv->set_shift));
}

// A use of `way` of `set` for the replacement policy (0 LRU, 1 tree-PLRU, 2 random: none).
EK_SIM_INLINE void ek_sim_touch(const ek_sim_level *lv, uint64_t set, long way, int policy) {
    if (policy == 0) lv->order[set] = ek_lru_touch(lv->order[set], (uint64_t)way);
    if (policy == 1) lv->order[set] = (lv->order[set] | lv->plru_masks[way]) & lv->plru_masks[16 + way];
}

static uint64_t ek_sim_random(ek_sim *sim) {  // SplitMix64
    uint64_t z = (sim->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void ek_sim_write_back(ek_sim *sim, long k, uint64_t address, long bytes);

// Places `line` (fingerprint `f`) in level `k`, choosing the victim by the policy; a dirty victim is written back
// to level k+1 after. The level's fields are read before the byte stores, which could alias them.
EK_SIM_INLINE void ek_sim_insert(ek_sim *sim, long k, uint64_t line, uint8_t f, int dirty, int policy) {
    ek_sim_level *lv = &sim->levels[k];
    const uint64_t set = line & lv->set_mask;
    uint64_t *const order = lv->order + set;
    const long ways = lv->ways, base = (long)set * lv->stride;
    uint64_t *const tags = lv->tags + base;
    uint8_t *const status = lv->status + base, *const fingerprints = lv->fingerprints + base;
    const uint64_t bits = *order;
    long way;
    if (policy == 0) {
        way = (long)((bits >> (4 * (ways - 1))) & 0xF);  // the least recent; empty ways are at the end
        *order = ((bits << 4) | (uint64_t)way) & lv->order_mask;
    } else {
        uint64_t free = ~(bits >> 16) & ((1ull << ways) - 1);
        if (free) {
            way = __builtin_ctzll(free);
        } else if (policy == 1) {
            long node = 1, level = lv->plru_depth;
            way = 0;
            while (level > 0) {
                level--;
                long right = (long)((bits >> node) & 1);
                if (right && way + (1L << level) >= ways) right = 0;
                way += right << level;
                node = node * 2 + right;
            }
        } else {
            way = (long)(ek_sim_random(sim) % (uint64_t)ways);
        }
        const uint64_t valid = bits | 1ull << (16 + way);
        *order = policy == 1 ? (valid | lv->plru_masks[way]) & lv->plru_masks[16 + way] : valid;
    }
    const uint8_t previous = status[way];
    status[way] = dirty ? 2 : 1;
    if (__builtin_expect(previous == 2, 0)) {
        const uint64_t victim = tags[way];  // a clean victim is dropped unread
        tags[way] = line;
        fingerprints[way] = f;
        lv->evictions++;
        lv->writebacks++;
        ek_sim_write_back(sim, k + 1, victim << lv->line_shift, lv->line_size);
        return;
    }
    tags[way] = line;
    fingerprints[way] = f;
    lv->evictions += previous != 0;
}

// A demand request for the line of `address` at level `k` (from level k-1, whose lines are `bytes`): the nearest
// level holding it serves it, the levels passed are filled deepest first (never dirty: no exclusive level).
EK_SIM_INLINE void ek_sim_load(ek_sim *sim, long k, uint64_t address, long bytes, int policy) {
    ek_sim_level *const levels = sim->levels;
    const long count = sim->count;
    long j = k;
    for (; j < count; j++) {
        ek_sim_level *lv = &levels[j];
        const uint64_t line = address >> lv->line_shift, set = line & lv->set_mask;
        const long base = (long)set * lv->stride;
        const long way = ek_sim_find_in(lv->fingerprints + base, lv->tags + base, lv->stride, line,
                                        ek_sim_fingerprint(line, lv->set_shift));
        if (way >= 0) {
            lv->hits++;
            ek_sim_touch(lv, set, way, policy);
            break;
        }
        lv->misses++;
    }
    if (j == count) sim->dram_read_bytes += j == k ? bytes : levels[j - 1].line_size;
    while (j > k) {
        j--;
        const uint64_t line = address >> levels[j].line_shift;
        ek_sim_insert(sim, j, line, ek_sim_fingerprint(line, levels[j].set_shift), 0, policy);
    }
}

// A dirty line arriving at level `k` (DRAM after the last level). Out of line: victims are mostly clean.
__attribute__((noinline)) static void ek_sim_write_back(ek_sim *sim, long k, uint64_t address, long bytes) {
    if (k == sim->count) {
        sim->dram_write_bytes += bytes;
        return;
    }
    ek_sim_level *lv = &sim->levels[k];
    const uint64_t line = address >> lv->line_shift, set = line & lv->set_mask;
    const long base = (long)set * lv->stride;
    const long way = ek_sim_find(lv, line, base);
    if (way >= 0) {
        lv->status[base + way] = 2;
        return;
    }
    const int policy = sim->policy;
    if (sim->fetch_on_writeback_miss) {
        lv->misses++;
        ek_sim_load(sim, k + 1, line << lv->line_shift, lv->line_size, policy);
    }
    ek_sim_insert(sim, k, line, ek_sim_fingerprint(line, lv->set_shift), 1, policy);
}

// A first-level miss of `line`: follows the miss run, fills the line from below, places it (dirty on a write).
// Returns whether the miss run asks for a streaming check. Out of the hit loop, one copy per policy.
EK_SIM_INLINE int ek_sim_miss(ek_sim *sim, uint64_t line, int write, int policy) {
    int check = 0;
    if (sim->follows_miss_runs) {
        sim->miss_run_length = line == sim->miss_run_next ? sim->miss_run_length + 1 : 1;
        sim->miss_run_next = line + 1;
        if (sim->miss_run_length >= sim->miss_run_check) {
            sim->miss_run_length = 0;
            sim->check_streaming = check = 1;
        }
    }
    const ek_sim_level *l1 = &sim->levels[0];
    ek_sim_load(sim, 1, line << l1->line_shift, l1->line_size, policy);
    ek_sim_insert(sim, 0, line, ek_sim_fingerprint(line, l1->set_shift), write, policy);
    return check;
}

// The miss path of each policy (one copy for every kernel path: wider vectors gain it little).
typedef int (*ek_sim_miss_fn)(ek_sim *sim, uint64_t line, int write);
__attribute__((noinline)) static int ek_sim_miss_lru(ek_sim *sim, uint64_t line, int write) {
    return ek_sim_miss(sim, line, write, 0);
}
__attribute__((noinline)) static int ek_sim_miss_plru(ek_sim *sim, uint64_t line, int write) {
    return ek_sim_miss(sim, line, write, 1);
}
__attribute__((noinline)) static int ek_sim_miss_random(ek_sim *sim, uint64_t line, int write) {
    return ek_sim_miss(sim, line, write, 2);
}

// The first level's hit test: the way of the set (fingerprints `row`, full tags `tags`) holding `line`, or -1. By
// fingerprint on the portable path; full-tag compares on the AVX2 and AVX-512 paths (inlined into their loops).
typedef long (*ek_sim_find_fn)(const uint8_t *row, const uint64_t *tags, long stride, uint64_t line, unsigned set_shift);

static long ek_sim_find_portable(const uint8_t *row, const uint64_t *tags, long stride, uint64_t line,
                                 unsigned set_shift) {
    return ek_sim_find_in(row, tags, stride, line, ek_sim_fingerprint(line, set_shift));
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static inline long ek_sim_find_avx2(const uint8_t *row, const uint64_t *tags,
                                                                    long stride, uint64_t line, unsigned set_shift) {
    (void)row, (void)set_shift;
    const __m256i key = _mm256_set1_epi64x((long long)line);
    __m256i lo = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)tags), key);
    __m256i hi = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)(tags + 4)), key);
    unsigned m = (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(lo))
               | (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(hi)) << 4;
    if (stride == 16) {
        lo = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)(tags + 8)), key);
        hi = _mm256_cmpeq_epi64(_mm256_loadu_si256((const __m256i *)(tags + 12)), key);
        m |= ((unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(lo))
              | (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(hi)) << 4) << 8;
    }
    return m ? __builtin_ctz(m) : -1;
}

__attribute__((target("avx512f"))) static inline long ek_sim_find_avx512(const uint8_t *row, const uint64_t *tags,
                                                                         long stride, uint64_t line,
                                                                         unsigned set_shift) {
    (void)row, (void)set_shift;
    const __m512i key = _mm512_set1_epi64((long long)line);
    unsigned m = _mm512_cmpeq_epi64_mask(_mm512_loadu_si512((const void *)tags), key);
    if (stride == 16) m |= (unsigned)_mm512_cmpeq_epi64_mask(_mm512_loadu_si512((const void *)(tags + 8)), key) << 8;
    return m ? __builtin_ctz(m) : -1;
}
#endif

// The first-level hit loop: runs records from `i` while each is a one-line hit (skipping records of ≤ 0 bytes, counted
// in `*skipped`), making its way the most recent (LRU) or pointing the tree away from it (PLRU) and marking it
// modified on a write; adds their bytes to `*requested`; returns the first record that is not such a hit. Kept
// apart from the miss path so that its values stay in registers. `policy`, `find` and `stride` (8 or 16) are
// constants at each call.
EK_SIM_INLINE long ek_sim_hits(const ek_sim_level *l1, const ek_trace_record *r, long i, long count, long *requested,
                               long *skipped, int policy, ek_sim_find_fn find, long stride) {
    const unsigned shift = l1->line_shift, set_shift = l1->set_shift;
    const uint64_t line_size = 1ull << shift, set_mask = l1->set_mask;
    const uint64_t *const tags = l1->tags;
    const uint8_t *const fingerprints = l1->fingerprints;
    uint64_t *const order = l1->order;
    uint8_t *const status = l1->status;
    const uint64_t *const masks = l1->plru_masks;
    long bytes = 0;
    for (; i < count; i++) {
        const uint64_t address = r[i].address;
        const int64_t n = r[i].bytes;
        // One line when 1 ≤ n ≤ the bytes left in the first line (n ≤ 0 fails it too, as n - 1 wraps; a range cut
        // at 2^64 in the last line is left to the caller, which clamps it).
        if (__builtin_expect((uint64_t)n - 1 >= line_size - (address & (line_size - 1)), 0)) {
            if (n > 0) break;
            ++*skipped;
            continue;
        }
        const uint64_t line = address >> shift, set = line & set_mask;
        const long base = (long)set * stride;
        const long way = find(fingerprints + base, tags + base, stride, line, set_shift);
        if (way < 0) break;
        if (policy == 0) order[set] = stride == 8 ? ek_lru_touch8(order[set], (uint32_t)way)
                                                  : ek_lru_touch(order[set], (uint64_t)way);
        if (policy == 1) order[set] = (order[set] | masks[way]) & masks[16 + way];
        if (r[i].write) status[base + way] = 2;
        bytes += n;
    }
    *requested += bytes;
    return i;
}

// The loop of `ek_sim_lines`: hit runs, and the records they stop at. `policy`, `find` (the first level's hit test)
// and `stride` are constants at each call, so each gets its own loop.
EK_SIM_INLINE long ek_sim_lines_loop(ek_sim *sim, const ek_trace_record *r, long start, long count, int policy,
                                     ek_sim_find_fn find, ek_sim_miss_fn miss, long stride) {
    ek_sim_level *l1 = &sim->levels[0];
    const unsigned shift = l1->line_shift;
    const uint64_t line_size = 1ull << shift;
    // Records taken that were skipped (no bytes) or missed; the others hit.
    long skipped = 0, misses = 0, requested = 0, i = start;
    while ((i = ek_sim_hits(l1, r, i, count, &requested, &skipped, policy, find, stride)) < count) {
        const uint64_t address = r[i].address;
        const int64_t n = r[i].bytes;
        if ((uint64_t)n - 1 >= line_size - (address & (line_size - 1)) || !sim->simulates_misses) break;
        requested += n;
        misses++;
        if (miss(sim, address >> shift, r[i].write)) {
            i++;
            break;
        }
        i++;
    }
    const long taken = i - start - skipped;
    l1->hits += taken - misses;
    l1->misses += misses;
    sim->accesses += taken;
    sim->requested_bytes += requested;
    return i;
}

EK_SIM_INLINE long ek_sim_lines_with(ek_sim *sim, const void *records, long start, long count, ek_sim_find_fn find) {
    const ek_trace_record *r = (const ek_trace_record *)records;
    const int wide = sim->levels[0].stride == 16;
    switch (sim->policy) {
    case 0: return wide ? ek_sim_lines_loop(sim, r, start, count, 0, find, ek_sim_miss_lru, 16)
                        : ek_sim_lines_loop(sim, r, start, count, 0, find, ek_sim_miss_lru, 8);
    case 1: return wide ? ek_sim_lines_loop(sim, r, start, count, 1, find, ek_sim_miss_plru, 16)
                        : ek_sim_lines_loop(sim, r, start, count, 1, find, ek_sim_miss_plru, 8);
    default: return wide ? ek_sim_lines_loop(sim, r, start, count, 2, find, ek_sim_miss_random, 16)
                         : ek_sim_lines_loop(sim, r, start, count, 2, find, ek_sim_miss_random, 8);
    }
}

static long ek_portable_sim_lines(ek_sim *sim, const void *records, long start, long count) {
    return ek_sim_lines_with(sim, records, start, count, ek_sim_find_portable);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static long ek_avx2_sim_lines(ek_sim *sim, const void *records, long start,
                                                               long count) {
    return ek_sim_lines_with(sim, records, start, count, ek_sim_find_avx2);
}

__attribute__((target("avx512f"))) static long ek_avx512_sim_lines(ek_sim *sim, const void *records, long start,
                                                                   long count) {
    return ek_sim_lines_with(sim, records, start, count, ek_sim_find_avx512);
}
#endif

ek_sim_lines_fn ek_sim_lines_for(ek_path path) {
    if (!ek_path_supported(path)) return NULL;
    switch (path) {
#if defined(__x86_64__)
    case EK_PATH_AVX2: return ek_avx2_sim_lines;
    case EK_PATH_AVX512: return ek_avx512_sim_lines;
#endif
    default: return ek_portable_sim_lines;
    }
}

ek_sim_lines_fn ek_sim_lines(void) {
    ek_sim_lines_fn f = ek_sim_lines_for(ek_active()->path);
    return f ? f : ek_portable_sim_lines;
}
