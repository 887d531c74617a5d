#ifndef READSWEEP_H
#define READSWEEP_H

#include "edgekernels.h"

#pragma clang assume_nonnull begin

/// The read kernel of `edgeprof host`'s bandwidth sweep: reads `bytes` bytes at `data` (a multiple of
/// `EK_READ_BLOCK`, 64-byte aligned) `passes` times end to end with the widest loads of the path (64-byte on
/// AVX-512, 32-byte on AVX2, the compiler's baseline vectors on the portable path), eight independent float
/// accumulators, and returns their sum (so the loads cannot be optimized away).
typedef float (*ek_read_sum_fn)(const void *data, long bytes, long passes);

/// Bytes read per iteration of every variant: eight 64-byte vectors.
#define EK_READ_BLOCK 512

/// The read kernel of `path`, or NULL when that path is not supported here (as `ek_kernels_for`).
ek_read_sum_fn _Nullable ek_read_sum_for(ek_path path);

/// The read kernel of the active kernel path (`ek_active`: CPUID, EDGEPROF_KERNELS).
ek_read_sum_fn ek_read_sum(void);

#pragma clang assume_nonnull end

#endif
