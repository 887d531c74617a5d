// The exact cache simulator's trace kernel `ek_sim_lines`: EdgeMemory's CacheHierarchy per-line path for runs of
// one-line records, in one loop with no call per record. Policy operations are CacheLevelState's; miss handling is
// CacheHierarchy's `load`, `insert`, `evicted` and `writeBack` for non-inclusive / memory-side levels (no
// back-invalidation, no victim fill). Levels are searched by fingerprint (16 or 8 at a time: SSE2 on x86-64, which
// every x86-64 CPU has; 64-bit words elsewhere), each candidate confirmed on its full tag; the first level's hit
// test compares its full tags directly on the AVX2 and AVX-512 paths (one or two vector compares a set). Long runs
// of first-level hits go 8 records at a time on the AVX-512 path, their recency updates deferred to the end of the
// run (`ek_sim_groups_fn`, `ek_sim_fold`); so do runs of first-level misses through LRU hierarchies, each record
// still in order but inline, with no call and counters kept in locals (`ek_sim_miss_groups_fn`).
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

#if defined(__x86_64__)
// Deferred first-level recency, for runs of hits (the AVX-512 path's groups). In such a run a hit only stamps its
// slot in `stamps` with a rank that grows with every hit (from 1; 0 = not hit in the run) and marks its block of sets
// (1/64 of the sets) in a 64-bit mask. After the run, the stamped ways of each set of the marked blocks are touched
// once each in stamp order and their stamps cleared (`ek_sim_fold`). That leaves the LRU order and the tree-PLRU
// bits exactly as touching the way at every hit would: both depend only on each way's last use and the order of
// those.

// The block of `set` in a run's mask is `set >> ek_sim_block_shift(l1)` (at most 64 blocks).
EK_SIM_INLINE unsigned ek_sim_block_shift(const ek_sim_level *l1) {
    return l1->set_shift > 6 ? l1->set_shift - 6 : 0;
}

// Touches the stamped ways of `set` in stamp order and clears their stamps.
static void ek_sim_fold_set(const ek_sim_level *l1, uint32_t *stamps, uint64_t set, int policy) {
    uint32_t *const s = stamps + (long)set * l1->stride;
    for (;;) {
        long way = -1;
        uint32_t least = UINT32_MAX;
        for (long w = 0; w < l1->ways; w++) {
            if (s[w] != 0 && s[w] <= least) least = s[w], way = w;
        }
        if (way < 0) return;
        s[way] = 0;
        ek_sim_touch(l1, set, way, policy);
    }
}

// Ends a run: `ek_sim_fold_set` for every set of the blocks marked in `blocks`.
static void ek_sim_fold(const ek_sim_level *l1, uint32_t *stamps, uint64_t blocks, int policy) {
    const unsigned shift = ek_sim_block_shift(l1);
    for (; blocks; blocks &= blocks - 1) {
        const uint64_t first = (uint64_t)__builtin_ctzll(blocks) << shift, end = first + (1ull << shift);
        for (uint64_t set = first; set < end; set++) ek_sim_fold_set(l1, stamps, set, policy);
    }
}
#endif

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

#if defined(__x86_64__)
// Field `f` (0: write flag, 1: address, 2: bytes) of a group of 8 records loaded as 24 quadwords in the vectors q0,
// q1, q2: record k's field is quadword 3k + f, gathered from the first two vectors, then the last lanes from the third.
// `f` is a constant at each use, so the index vectors are too.
__attribute__((target("avx512f"))) static inline __m512i ek_sim_group_field(__m512i q0, __m512i q1, __m512i q2,
                                                                           int f) {
    const __m512i lo = _mm512_setr_epi64(f, f + 3, f + 6, f + 9, f + 12, f + 15 < 16 ? f + 15 : 0, 0, 0);
    const __m512i hi = _mm512_setr_epi64(0, 1, 2, 3, 4, f + 15 < 16 ? 5 : f + 7, f + 10, f + 13);
    return _mm512_permutex2var_epi64(_mm512_permutex2var_epi64(q0, lo, q1), hi, q2);
}
#endif

// The first-level misses of the AVX-512 path for LRU hierarchies (`ek_sim_miss_groups_avx512`), NULL elsewhere.
typedef long (*ek_sim_miss_groups_fn)(ek_sim *sim, const ek_trace_record *r, long i, long count, long *requested,
                                      long *misses);

#if defined(__x86_64__)
// First-level misses of the AVX-512 path, 8 records at a time ("miss groups"), for LRU hierarchies of 2 to 4
// levels of one line size. Each record still runs in order as `ek_sim_miss` would, but inline, with few branches and
// no update of the levels' counters: a level's fingerprint row is compared in one instruction and a match (a hit, or
// rarely a false positive) is the only branch off the all-miss path; hits, fills of empty ways and misses handed over
// are counted in locals and the misses, evictions and DRAM reads derived at the end. Each level is filled as soon as
// its lookup misses (few values live across levels: no register spills), which is exact because a fill changes
// nothing the levels below read, unless its victim is dirty: such a miss is handed over to the scalar code
// (`ek_sim_miss_at`).
// Per group, vector code checks that the 8 records are one line each. The metadata of the sets below is not
// prefetched: tried, it cost more than it saved.
#define EK_SIM_MISS_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,bmi,bmi2")))

// A level below the first as the miss groups use it (`deep16`: constants for 16 ways).
typedef struct ek_sim_deep {
    uint64_t *tags, *order;
    uint8_t *fingerprints, *status;
    uint64_t order_mask;
    unsigned victim_shift, way_mask, stride_shift;
    uint64_t set_mask;
    unsigned set_shift;
} ek_sim_deep;

// The rest of a miss at level `k` whose LRU victim is dirty, as `ek_sim_miss` does it (a rare case kept out of the
// miss groups): the levels below first, then the fill at `k` (modified when `dirty`), whose victim is written back.
__attribute__((noinline)) static void ek_sim_miss_at(ek_sim *sim, long k, uint64_t line, int dirty) {
    const ek_sim_level *lv = &sim->levels[k];
    ek_sim_load(sim, k + 1, line << lv->line_shift, lv->line_size, 0);
    ek_sim_insert(sim, k, line, ek_sim_fingerprint(line, lv->set_shift), dirty, 0);
}

// Miss groups from record `i` (a first-level miss) while whole groups of one-line records remain and each has a
// first-level miss (a group of hits hands back to the hit loop). `levels` (2…4), `stride` (the first level's, 8 or
// 16) and `deep16` (every level below the first has 16 ways) are constants at each use. Returns the first record not
// taken (the one after a record that set `check_streaming`); adds the bytes taken to `*requested` and their
// first-level misses to `*misses`.
EK_SIM_MISS_TARGET EK_SIM_INLINE long ek_sim_miss_groups_avx512(ek_sim *sim, const ek_trace_record *r, long i,
                                                                long count, long *requested, long *misses,
                                                                const long levels, const long stride,
                                                                const int deep16) {
    ek_sim_level *const l1 = &sim->levels[0];
    const unsigned shift = l1->line_shift;
    uint64_t *const tags1 = l1->tags, *const order1 = l1->order;
    uint8_t *const fingerprints1 = l1->fingerprints, *const status1 = l1->status;
    const uint64_t order_mask1 = l1->order_mask, set_mask1 = l1->set_mask;
    const unsigned victim_shift1 = 4 * (unsigned)(l1->ways - 1), set_shift1 = l1->set_shift;
    ek_sim_deep deep[4];
    for (long k = 1; k < levels; k++) {
        const ek_sim_level *lv = &sim->levels[k];
        const int wide = deep16 || lv->stride == 16;
        deep[k] = (ek_sim_deep){lv->tags, lv->order, lv->fingerprints, lv->status,
                                deep16 ? UINT64_MAX : lv->order_mask, deep16 ? 60 : 4 * (unsigned)(lv->ways - 1),
                                wide ? 0xFFFFu : 0xFFu, wide ? 4 : 3, lv->set_mask, lv->set_shift};
    }
    const __m512i line_size = _mm512_set1_epi64(1ll << shift), offset_mask = _mm512_set1_epi64((1ll << shift) - 1);
    const __m512i one = _mm512_set1_epi64(1), low_byte = _mm512_set1_epi64(0xFF);
    const int follows = sim->follows_miss_runs;
    uint64_t run_next = sim->miss_run_next;
    long run_length = sim->miss_run_length;
    const long run_check = sim->miss_run_check;
    long hits[4] = {0}, empty[4] = {0}, handed[4] = {0}, first_misses = 0;
    __m512i total = _mm512_setzero_si512();
    for (; count - i >= 8; i += 8) {
        const __m512i *p = (const __m512i *)(r + i);
        const __m512i q0 = _mm512_loadu_si512(p), q1 = _mm512_loadu_si512(p + 1), q2 = _mm512_loadu_si512(p + 2);
        const __m512i address = ek_sim_group_field(q0, q1, q2, 1), bytes = ek_sim_group_field(q0, q1, q2, 2);
        const __m512i room = _mm512_sub_epi64(line_size, _mm512_and_si512(address, offset_mask));
        if (_mm512_cmplt_epu64_mask(_mm512_sub_epi64(bytes, one), room) != 0xFF) break;
        const __m512i write = ek_sim_group_field(q0, q1, q2, 0);
        const unsigned writes = _mm512_test_epi64_mask(write, low_byte);  // a Bool's padding bytes are not zeroed
        // The records 64 on (1.5 KB; their only use: non-temporal).
        const char *ahead = (const char *)(r + i + 64);
        _mm_prefetch(ahead, _MM_HINT_NTA);
        _mm_prefetch(ahead + 64, _MM_HINT_NTA);
        _mm_prefetch(ahead + 128, _MM_HINT_NTA);
        unsigned group_misses = 0;
        for (int lane = 0; lane < 8; lane++) {
            const uint64_t line = r[i + lane].address >> shift, set1 = line & set_mask1;
            const long base1 = (long)set1 * stride;
            const uint64_t o1 = order1[set1];
            unsigned m = _mm512_cmpeq_epi64_mask(_mm512_loadu_si512(tags1 + base1), _mm512_set1_epi64((long long)line));
            if (stride == 16) m |= (unsigned)_mm512_cmpeq_epi64_mask(_mm512_loadu_si512(tags1 + base1 + 8),
                                                                     _mm512_set1_epi64((long long)line)) << 8;
            if (__builtin_expect(m != 0, 0)) {  // a first-level hit
                const long way = __builtin_ctz(m);
                order1[set1] = stride == 8 ? ek_lru_touch8(o1, (uint32_t)way) : ek_lru_touch(o1, (uint64_t)way);
                if (writes >> lane & 1) status1[base1 + way] = 2;
                continue;
            }
            group_misses++;
            int stop = 0;
            if (follows) {
                run_length = line == run_next ? run_length + 1 : 1;
                run_next = line + 1;
                if (__builtin_expect(run_length >= run_check, 0)) {
                    run_length = 0;
                    sim->check_streaming = stop = 1;
                }
            }
            // Level by level, each filled right after its lookup misses, unless its victim is dirty (its write-back
            // must follow the levels below: the miss is handed over). `handed[k]`: misses at k handed over;
            // `empty[k]`: fills of an empty way (no branch: which fills find one is unpredictable during warm-up).
            const long victim1 = (long)((o1 >> victim_shift1) & 0xF), slot1 = base1 + victim1;
            const uint8_t previous1 = status1[slot1];
            empty[0] += previous1 == 0;
            if (__builtin_expect(previous1 > 1, 0)) {
                handed[0]++;
                ek_sim_miss_at(sim, 0, line, writes >> lane & 1);
                goto next;
            }
            order1[set1] = ((o1 << 4) | (uint64_t)victim1) & order_mask1;
            status1[slot1] = (writes >> lane & 1) + 1;
            tags1[slot1] = line;
            fingerprints1[slot1] = ek_sim_fingerprint(line, set_shift1);
            for (long k = 1; k < levels; k++) {
                const ek_sim_deep *d = &deep[k];
                const uint64_t set = line & d->set_mask;
                const long base = (long)(set << d->stride_shift);
                const uint64_t o = d->order[set];
                const uint8_t f = ek_sim_fingerprint(line, d->set_shift);
                const __m128i row = _mm_loadu_si128((const __m128i *)(d->fingerprints + base));
                unsigned c = _mm_cmpeq_epi8_mask(row, _mm_set1_epi8((char)f)) & d->way_mask;
                if (__builtin_expect(c != 0, 0)) {  // candidates: confirm on the tag
                    long way = -1;
                    for (; c; c &= c - 1) {
                        if (d->tags[base + __builtin_ctz(c)] == line) {
                            way = __builtin_ctz(c);
                            break;
                        }
                    }
                    if (way >= 0) {
                        hits[k]++;
                        d->order[set] = ek_lru_touch(o, (uint64_t)way);
                        break;
                    }
                }
                const long victim = (long)((o >> d->victim_shift) & 0xF), slot = base + victim;
                const uint8_t previous = d->status[slot];
                empty[k] += previous == 0;
                if (__builtin_expect(previous > 1, 0)) {
                    handed[k]++;
                    ek_sim_miss_at(sim, k, line, 0);
                    break;
                }
                d->order[set] = ((o << 4) | (uint64_t)victim) & d->order_mask;
                d->status[slot] = 1;
                d->tags[slot] = line;
                d->fingerprints[slot] = f;
            }
        next:
            if (__builtin_expect(stop, 0)) {
                total = _mm512_mask_add_epi64(total, (__mmask8)((2u << lane) - 1), total, bytes);
                first_misses += group_misses;
                i += lane + 1;
                goto done;
            }
        }
        total = _mm512_add_epi64(total, bytes);
        first_misses += group_misses;
        if (group_misses == 0) {  // a run of first-level hits, perhaps: back to the hit loop
            i += 8;
            break;
        }
    }
done:
    sim->miss_run_next = run_next;
    sim->miss_run_length = run_length;
    *requested += _mm512_reduce_add_epi64(total);
    *misses += first_misses;
    // Misses at k: those arriving (the misses above not handed over) less the hits; the fills are the misses
    // not handed over.
    l1->evictions += first_misses - handed[0] - empty[0];
    long arriving = first_misses - handed[0];
    for (long k = 1; k < levels; k++) {
        ek_sim_level *lv = &sim->levels[k];
        arriving -= hits[k];
        lv->hits += hits[k];
        lv->misses += arriving;
        arriving -= handed[k];
        lv->evictions += arriving - empty[k];
    }
    sim->dram_read_bytes += arriving * sim->levels[levels - 1].line_size;
    return i;
}

#define EK_SIM_MISS_GROUPS(levels, stride, deep16)                                                                   \
    EK_SIM_MISS_TARGET static long ek_sim_miss_groups_##levels##_##stride##_##deep16(                                 \
        ek_sim *sim, const ek_trace_record *r, long i, long count, long *requested, long *misses) {                  \
        return ek_sim_miss_groups_avx512(sim, r, i, count, requested, misses, levels, stride, deep16);               \
    }
EK_SIM_MISS_GROUPS(2, 8, 0)
EK_SIM_MISS_GROUPS(3, 8, 0)
EK_SIM_MISS_GROUPS(4, 8, 0)
EK_SIM_MISS_GROUPS(2, 16, 0)
EK_SIM_MISS_GROUPS(3, 16, 0)
EK_SIM_MISS_GROUPS(4, 16, 0)
EK_SIM_MISS_GROUPS(2, 8, 1)
EK_SIM_MISS_GROUPS(3, 8, 1)
EK_SIM_MISS_GROUPS(4, 8, 1)
EK_SIM_MISS_GROUPS(2, 16, 1)
EK_SIM_MISS_GROUPS(3, 16, 1)
EK_SIM_MISS_GROUPS(4, 16, 1)

// The miss groups for `sim`, or NULL when they do not apply.
static ek_sim_miss_groups_fn ek_sim_miss_groups_for(const ek_sim *sim) {
    if (sim->policy != 0 || sim->count < 2 || sim->count > 4 || !__builtin_cpu_supports("bmi2")) return NULL;
    int deep16 = 1;
    for (long k = 1; k < sim->count; k++) {
        if (sim->levels[k].line_shift != sim->levels[0].line_shift) return NULL;
        deep16 &= sim->levels[k].ways == 16;
    }
    static const ek_sim_miss_groups_fn table[2][2][3] = {
        {{ek_sim_miss_groups_2_8_0, ek_sim_miss_groups_3_8_0, ek_sim_miss_groups_4_8_0},
         {ek_sim_miss_groups_2_16_0, ek_sim_miss_groups_3_16_0, ek_sim_miss_groups_4_16_0}},
        {{ek_sim_miss_groups_2_8_1, ek_sim_miss_groups_3_8_1, ek_sim_miss_groups_4_8_1},
         {ek_sim_miss_groups_2_16_1, ek_sim_miss_groups_3_16_1, ek_sim_miss_groups_4_16_1}},
    };
    return table[deep16][sim->levels[0].stride == 16][sim->count - 2];
}
#endif

// The first-level hits of the AVX-512 path, 8 records at a time: runs whole groups from `i` while all 8 records
// of a group are one-line hits, deferring their recency update (LRU or PLRU: `policy`) to the end of the run and
// marking writes modified. Returns the first record of a group that is not all one-line, or the first that misses;
// adds the hits' bytes to `*requested`. NULL on the other paths.
typedef long (*ek_sim_groups_fn)(ek_sim *sim, const ek_trace_record *r, long i, long count, long *requested,
                                 int policy);

// The first-level hit loop: runs records from `i` while each is a one-line hit (skipping records of ≤ 0 bytes, counted
// in `*skipped`), making its way the most recent (LRU) or pointing the tree away from it (PLRU) and marking it
// modified on a write; adds their bytes to `*requested`; returns the first record that is not such a hit. After 8
// hits in a row it hands over to `groups` (when not NULL) until a group is not all one-line hits. Kept apart from
// the miss path so that its values stay in registers. `policy`, `find`, `groups` and `stride` (8 or 16) are
// constants at each call.
EK_SIM_INLINE long ek_sim_hits(ek_sim *sim, const ek_trace_record *r, long i, long count, long *requested,
                               long *skipped, int policy, ek_sim_find_fn find, ek_sim_groups_fn groups, long stride) {
    const ek_sim_level *l1 = &sim->levels[0];
    const unsigned shift = l1->line_shift, set_shift = l1->set_shift;
    const uint64_t line_size = 1ull << shift, set_mask = l1->set_mask;
    const uint64_t *const tags = l1->tags;
    const uint8_t *const fingerprints = l1->fingerprints;
    uint64_t *const order = l1->order;
    uint8_t *const status = l1->status;
    const uint64_t *const masks = l1->plru_masks;
    long bytes = 0;
    for (;;) {
        const long stop = groups && count - i > 8 ? i + 8 : count;
        for (; i < stop; i++) {
            const uint64_t address = r[i].address;
            const int64_t n = r[i].bytes;
            // One line when 1 ≤ n ≤ the bytes left in the first line (n ≤ 0 fails it too, as n - 1 wraps; a range
            // cut at 2^64 in the last line is left to the caller, which clamps it).
            if (__builtin_expect((uint64_t)n - 1 >= line_size - (address & (line_size - 1)), 0)) {
                if (n > 0) goto done;
                ++*skipped;
                continue;
            }
            const uint64_t line = address >> shift, set = line & set_mask;
            const long base = (long)set * stride;
            const long way = find(fingerprints + base, tags + base, stride, line, set_shift);
            if (way < 0) goto done;
            if (policy == 0) order[set] = stride == 8 ? ek_lru_touch8(order[set], (uint32_t)way)
                                                      : ek_lru_touch(order[set], (uint64_t)way);
            if (policy == 1) order[set] = (order[set] | masks[way]) & masks[16 + way];
            if (r[i].write) status[base + way] = 2;
            bytes += n;
        }
        if (i == count) break;
        i = groups(sim, r, i, count, requested, policy);
    }
done:
    *requested += bytes;
    return i;
}

// The loop of `ek_sim_lines`: hit runs, and the records they stop at. `policy`, `find` (the first level's hit test),
// `groups` and `stride` are constants at each call, so each gets its own loop.
EK_SIM_INLINE long ek_sim_lines_loop(ek_sim *sim, const ek_trace_record *r, long start, long count, int policy,
                                     ek_sim_find_fn find, ek_sim_groups_fn groups, ek_sim_miss_groups_fn miss_groups,
                                     ek_sim_miss_fn miss, long stride) {
    ek_sim_level *l1 = &sim->levels[0];
    const unsigned shift = l1->line_shift;
    const uint64_t line_size = 1ull << shift;
    // Records taken that were skipped (no bytes) or missed; the others hit.
    long skipped = 0, misses = 0, requested = 0, i = start;
    long retry = start;  // miss groups are tried again from this record after one could not start
    while ((i = ek_sim_hits(sim, r, i, count, &requested, &skipped, policy, find, groups, stride)) < count) {
        const uint64_t address = r[i].address;
        const int64_t n = r[i].bytes;
        if ((uint64_t)n - 1 >= line_size - (address & (line_size - 1)) || !sim->simulates_misses) break;
        if (miss_groups && i >= retry) {
            const long next = miss_groups(sim, r, i, count, &requested, &misses);
            if (sim->check_streaming) {
                i = next;
                break;
            }
            if (next > i) {
                i = next;
                continue;
            }
            retry = i + 8;
        }
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

EK_SIM_INLINE long ek_sim_lines_with(ek_sim *sim, const void *records, long start, long count, ek_sim_find_fn find,
                                     ek_sim_groups_fn groups8, ek_sim_groups_fn groups16,
                                     ek_sim_miss_groups_fn miss_groups) {
    const ek_trace_record *r = (const ek_trace_record *)records;
    const int wide = sim->levels[0].stride == 16;
    switch (sim->policy) {
    case 0: return wide ? ek_sim_lines_loop(sim, r, start, count, 0, find, groups16, miss_groups, ek_sim_miss_lru, 16)
                        : ek_sim_lines_loop(sim, r, start, count, 0, find, groups8, miss_groups, ek_sim_miss_lru, 8);
    case 1: return wide ? ek_sim_lines_loop(sim, r, start, count, 1, find, groups16, NULL, ek_sim_miss_plru, 16)
                        : ek_sim_lines_loop(sim, r, start, count, 1, find, groups8, NULL, ek_sim_miss_plru, 8);
    default: return wide ? ek_sim_lines_loop(sim, r, start, count, 2, find, NULL, NULL, ek_sim_miss_random, 16)
                         : ek_sim_lines_loop(sim, r, start, count, 2, find, NULL, NULL, ek_sim_miss_random, 8);
    }
}

#if defined(__x86_64__)
// `ek_sim_groups_fn` for a set `stride` of 8 or 16 (a constant at each use).
__attribute__((target("avx512f"))) EK_SIM_INLINE long ek_sim_groups_avx512(ek_sim *sim, const ek_trace_record *r,
                                                                           long i, long count, long *requested,
                                                                           int policy, long stride) {
    const ek_sim_level *l1 = &sim->levels[0];
    uint32_t *const stamps = sim->stamps;
    const unsigned shift = l1->line_shift;
    const __m128i shift_count = _mm_cvtsi32_si128((int)shift);
    const __m512i line_size = _mm512_set1_epi64(1ll << shift), offset_mask = _mm512_set1_epi64((1ll << shift) - 1);
    const __m512i one = _mm512_set1_epi64(1), set_mask = _mm512_set1_epi64((long long)l1->set_mask);
    const __m512i low_byte = _mm512_set1_epi64(0xFF);
    const __m128i block_shift = _mm_cvtsi32_si128((int)ek_sim_block_shift(l1));
    const uint64_t *const tags = l1->tags;
    uint8_t *const status = l1->status;
    const uint64_t line_set_mask = l1->set_mask;
    uint32_t *const guesses = sim->guesses;
    const uint64_t guess_mask = sim->guess_mask;
    __m512i total = _mm512_setzero_si512(), blocks = _mm512_setzero_si512();
    uint32_t c = 0;  // the last stamp given
    for (; count - i >= 8; i += 8) {
        if (c >= 1u << 31) {  // start the stamps over
            ek_sim_fold(l1, stamps, (uint64_t)_mm512_reduce_or_epi64(blocks), policy);
            blocks = _mm512_setzero_si512();
            c = 0;
        }
        // The group 64 records on (1.5 KB), for the records' stream (a first-level hit costs less than its bytes'
        // transfer from memory); non-temporal: a trace is read once.
        const char *ahead = (const char *)(r + i + 64);
        _mm_prefetch(ahead, _MM_HINT_NTA);
        _mm_prefetch(ahead + 64, _MM_HINT_NTA);
        _mm_prefetch(ahead + 128, _MM_HINT_NTA);
        const __m512i *p = (const __m512i *)(r + i);
        const __m512i q0 = _mm512_loadu_si512(p), q1 = _mm512_loadu_si512(p + 1), q2 = _mm512_loadu_si512(p + 2);
        const __m512i address = ek_sim_group_field(q0, q1, q2, 1), bytes = ek_sim_group_field(q0, q1, q2, 2);
        // One line each: bytes - 1 < the bytes left in the line (unsigned: no bytes wraps).
        const __m512i room = _mm512_sub_epi64(line_size, _mm512_and_si512(address, offset_mask));
        if (_mm512_cmplt_epu64_mask(_mm512_sub_epi64(bytes, one), room) != 0xFF) break;
        const __m512i write = ek_sim_group_field(q0, q1, q2, 0);
        const unsigned writes = _mm512_test_epi64_mask(write, low_byte);  // a Bool's padding bytes are not zeroed
        const __m512i sets = _mm512_and_si512(_mm512_srl_epi64(address, shift_count), set_mask);
        // Unrolled (clang leaves it rolled at -O2): each record's few instructions with no loop branches.
#pragma clang loop unroll(full)
        for (int k = 0; k < 8; k++) {
            // The guessed slot, else a search of the set (a miss ends the run).
            const uint64_t line = r[i + k].address >> shift;
            long slot = guesses[line & guess_mask];
            if (__builtin_expect(tags[slot] != line, 0)) {
                const long base = (long)(line & line_set_mask) * stride;
                const long way = ek_sim_find_avx512(l1->fingerprints + base, tags + base, stride, line, l1->set_shift);
                if (way < 0) {
                    const __mmask8 hit = (__mmask8)((1u << k) - 1);
                    total = _mm512_mask_add_epi64(total, hit, total, bytes);
                    blocks = _mm512_mask_or_epi64(blocks, hit, blocks,
                                                  _mm512_sllv_epi64(one, _mm512_srl_epi64(sets, block_shift)));
                    i += k;
                    goto done;
                }
                slot = base + way;
                guesses[line & guess_mask] = (uint32_t)slot;
            }
            stamps[slot] = c + (uint32_t)k + 1;
            if (writes >> k & 1) status[slot] = 2;
        }
        c += 8;
        total = _mm512_add_epi64(total, bytes);
        blocks = _mm512_or_si512(blocks, _mm512_sllv_epi64(one, _mm512_srl_epi64(sets, block_shift)));
    }
done:
    ek_sim_fold(l1, stamps, (uint64_t)_mm512_reduce_or_epi64(blocks), policy);
    *requested += _mm512_reduce_add_epi64(total);
    return i;
}

__attribute__((target("avx512f"))) static long ek_sim_groups8_avx512(ek_sim *sim, const ek_trace_record *r, long i,
                                                                    long count, long *requested, int policy) {
    return ek_sim_groups_avx512(sim, r, i, count, requested, policy, 8);
}

__attribute__((target("avx512f"))) static long ek_sim_groups16_avx512(ek_sim *sim, const ek_trace_record *r, long i,
                                                                    long count, long *requested, int policy) {
    return ek_sim_groups_avx512(sim, r, i, count, requested, policy, 16);
}
#endif

static long ek_portable_sim_lines(ek_sim *sim, const void *records, long start, long count) {
    return ek_sim_lines_with(sim, records, start, count, ek_sim_find_portable, NULL, NULL, NULL);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static long ek_avx2_sim_lines(ek_sim *sim, const void *records, long start,
                                                               long count) {
    return ek_sim_lines_with(sim, records, start, count, ek_sim_find_avx2, NULL, NULL, NULL);
}

__attribute__((target("avx512f"))) static long ek_avx512_sim_lines(ek_sim *sim, const void *records, long start,
                                                                   long count) {
    return ek_sim_lines_with(sim, records, start, count, ek_sim_find_avx512, ek_sim_groups8_avx512,
                             ek_sim_groups16_avx512, ek_sim_miss_groups_for(sim));
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
