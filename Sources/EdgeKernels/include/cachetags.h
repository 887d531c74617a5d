#ifndef CACHETAGS_H
#define CACHETAGS_H

#include "edgekernels.h"
#include <stdint.h>

#pragma clang assume_nonnull begin

/// The tag search of the exact cache simulator (EdgeMemory's CacheLevelState) for its large levels: the index of
/// the first of `count` tags (count a positive multiple of 8) equal to `line`, or -1. One variant per kernel path,
/// chosen with the runtime kernels (CPUID, EDGEPROF_KERNELS); every variant gives the same answer.
typedef long (*ek_tag_search_fn)(const uint64_t *tags, long count, uint64_t line);

/// The tag search of `path`, or NULL when that path is not supported here (as `ek_kernels_for`).
ek_tag_search_fn _Nullable ek_tag_search_for(ek_path path);

/// The tag search of the active kernel path (`ek_active`).
ek_tag_search_fn ek_tag_search(void);

/// One access of a trace laid out as EdgeMemory's `TraceRecord` (EdgeMemory checks the layout before passing one).
typedef struct ek_trace_record {
    _Bool write;
    uint64_t address;
    int64_t bytes;
} ek_trace_record;

/// The first level of the exact simulator, as its hit loop reads and updates it (EdgeMemory's CacheLevelState).
typedef struct ek_first_level {
    /// `sets × stride` line indices, UINT64_MAX for an empty way (never a line).
    const uint64_t *tags;
    /// Per slot: 0 empty, 1 clean, 2 modified.
    uint8_t *status;
    /// Per set: LRU ways in recency order in 4-bit fields (field 0 most recent), or tree-PLRU node bits.
    uint64_t *order;
    /// Tree-PLRU: per way the node bits its use sets (0..<16) and the complement of those it clears (16..<32).
    const uint64_t *plru_masks;
    uint64_t set_mask;
    /// Slots per set: the ways rounded up to a multiple of 8.
    long stride;
    unsigned line_shift;
    /// 0 LRU, 1 tree-PLRU, 2 random (a hit changes no replacement state).
    int policy;
} ek_first_level;

/// The first-level hit loop of the exact simulator: runs `records[start ..< count]` (`ek_trace_record`s) while each
/// is a one-line access that hits `level`, making its way the most recent (LRU) or pointing the tree away from it
/// (PLRU) and marking it modified on a write; records of ≤ 0 bytes are skipped. Returns the index of the first
/// record that is not such a hit (`count` when all are; a record running past 2^64 stops it too), and adds the hits
/// and their bytes to `*hits` and `*bytes`.
typedef long (*ek_first_level_hits_fn)(const ek_first_level *level, const void *records, long start, long count,
                                       long *hits, long *bytes);

/// The first-level hit loop of `path`, or NULL when that path is not supported here.
ek_first_level_hits_fn _Nullable ek_first_level_hits_for(ek_path path);

/// The first-level hit loop of the active kernel path (`ek_active`).
ek_first_level_hits_fn ek_first_level_hits(void);

#pragma clang assume_nonnull end

#endif
