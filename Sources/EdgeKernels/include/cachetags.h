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

#pragma clang assume_nonnull end

#endif
