#ifndef CACHETAGS_H
#define CACHETAGS_H

#include "edgekernels.h"
#include <stdint.h>

#pragma clang assume_nonnull begin

/// One access of a trace laid out as EdgeMemory's `TraceRecord` (EdgeMemory checks the layout before passing one).
typedef struct ek_trace_record {
    _Bool write;
    uint64_t address;
    int64_t bytes;
} ek_trace_record;

/// One level of the exact simulator as its trace kernel reads and updates it (EdgeMemory's CacheLevelState: the
/// same storage, the counters are deltas the caller adds back).
typedef struct ek_sim_level {
    /// `sets × stride` line indices, UINT64_MAX for an empty way (never a line).
    uint64_t *tags;
    /// Per slot the line's fingerprint (`ek_sim_fingerprint`), 0 for an empty or padding slot. Readable 8 bytes
    /// past the last slot.
    uint8_t *fingerprints;
    /// Per slot: 0 empty, 1 clean, 2 modified.
    uint8_t *status;
    /// Per set: LRU ways in recency order in 4-bit fields (field 0 most recent), or tree-PLRU node bits and (PLRU,
    /// random) the valid ways in bits 16…31.
    uint64_t *order;
    /// Tree-PLRU: per way the node bits its use sets (0..<16) and the complement of those it clears (16..<32).
    const uint64_t *plru_masks;
    uint64_t set_mask;
    /// LRU: the 4-bit fields of `order` in use.
    uint64_t order_mask;
    /// Slots per set: the ways rounded up to 8 (8 or 16).
    long stride;
    long ways;
    long line_size;
    unsigned line_shift;
    /// log2(sets): `line >> set_shift` is the tag proper, whose low byte gives the fingerprint.
    unsigned set_shift;
    unsigned plru_depth;
    long hits, misses, evictions, writebacks;
} ek_sim_level;

/// The exact simulator's state for its trace kernel: the levels and hierarchy-wide state (in/out) and counters
/// (deltas the caller adds back).
typedef struct ek_sim {
    ek_sim_level *levels;
    long count;
    /// 0 LRU, 1 tree-PLRU, 2 random.
    int policy;
    /// Whether the kernel simulates first-level misses (every level non-inclusive or memory-side); otherwise it
    /// stops at the first record that misses the first level.
    int simulates_misses;
    /// A write-back that misses a level fetches the line first (EdgeMemory's `WritebackMissPolicy.fetch`).
    int fetch_on_writeback_miss;
    /// Whether runs of consecutive first-level misses are followed (the streaming shortcut is on).
    int follows_miss_runs;
    /// The random policy's SplitMix64 state.
    uint64_t rng;
    /// The miss run: the next expected line, its length and the length at which the kernel sets
    /// `check_streaming` (then resets the length) and stops after that record.
    uint64_t miss_run_next;
    long miss_run_length, miss_run_check;
    int check_streaming;
    long accesses, requested_bytes, dram_read_bytes, dram_write_bytes;
    /// Scratch of the AVX-512 path's runs of first-level hits (cache_tags.c): per first-level slot a stamp (zero
    /// outside a run); and `guess_mask + 1` first-level slot numbers, entry `line & guess_mask` a guess of the slot
    /// holding `line`, checked against that slot's tag before use (any slot numbers will do).
    uint32_t *stamps;
    uint32_t *guesses;
    uint64_t guess_mask;
} ek_sim;

/// The fingerprint of `line` in a level: the low byte of its tag, 1 for a 0 byte (0 marks empty slots).
static inline uint8_t ek_sim_fingerprint(uint64_t line, unsigned set_shift) {
    uint8_t f = (uint8_t)(line >> set_shift);
    return (uint8_t)(f + (f == 0));
}

/// The exact simulator's trace kernel: runs `records[start ..< count]` (`ek_trace_record`s) while each is a
/// one-line access, exactly as EdgeMemory's per-line path (`accessLine` without its repeat shortcut): a first-level
/// hit updates recency and marks a write modified; a miss (when `simulates_misses`) is looked up level by level,
/// filled, and its victims written back. Records of ≤ 0 bytes are skipped. Returns the index of the first record
/// not simulated: a range of more than one line (or one running past 2^64), a first-level miss when misses are
/// not simulated, or the record after one that set `check_streaming`; `count` when all were.
typedef long (*ek_sim_lines_fn)(ek_sim *sim, const void *records, long start, long count);

/// The trace kernel of `path` (every path gives the same result), or NULL when that path is not supported here.
ek_sim_lines_fn _Nullable ek_sim_lines_for(ek_path path);

/// The trace kernel of the active kernel path (`ek_active`: CPUID, EDGEPROF_KERNELS).
ek_sim_lines_fn ek_sim_lines(void);

#pragma clang assume_nonnull end

#endif
