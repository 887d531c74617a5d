/// The exact shortcut for long sequential reads.
///
/// Let C_k be level k's capacity in lines. Call the hierarchy *streaming at line x* when every level k holds
/// exactly the lines x − C_k … x − 1, all clean, each set in LRU order by address (most recent = highest). With
/// LRU, equal line sizes and only non-inclusive / memory-side levels, a read of line x then misses at every level
/// (x is held nowhere), reads DRAM, and at each level evicts the set's least recent line x − C_k (clean, so it is
/// dropped) and inserts x as most recent: the hierarchy is streaming at x + 1. So once a read range has brought the
/// hierarchy into that state, the rest of the range is pure counting, and the final state is rebuilt directly.
///
/// A read range longer than 4 Σ C_k is simulated line by line in windows of Σ C_k lines; after each window the
/// state is *checked* (not assumed: dirty lines from before the range, for instance, can make it fail) and the
/// rest is counted once it holds, while at least one more window remains. Reads made one call per line (a
/// line-granular trace) are followed too: after a run of 2 Σ C_k consecutive first-level read misses the state is
/// checked at the end of the call, and while later calls keep reading the next line, each line costs one victim
/// replacement per level and no search. Any other access ends the stream. `CacheStreamingTests` checks it against the per-line path.
extension CacheHierarchy {
    @usableFromInline
    func readStream(first: UInt64, last: UInt64) {
        run.pointee.streamNext = CacheLevelState.invalid
        let window = UInt64(totalCapacityLines)
        var line = first
        // Simulate a window, check; repeat while at least two windows remain (dirty lines from before the range
        // wash out within a window or two).
        while last - line + 1 >= 2 * window {
            let end = line + window
            while line < end {
                accessLine(line, write: false)
                line += 1
            }
            if isStreaming(at: line) {
                skip(to: last, from: line)
                return
            }
        }
        while line <= last {
            accessLine(line, write: false)
            line += 1
        }
    }

    /// A read of `first … last` when the hierarchy is streaming at `first`.
    @usableFromInline
    func continueStream(first: UInt64, last: UInt64) {
        if last - first >= UInt64(totalCapacityLines) {
            skip(to: last, from: first)
            return
        }
        for k in 0..<count {
            let level = state + k
            var line = first
            while line <= last {
                // The set's least recent way holds line − C_k (clean): replace it, make it the most recent.
                let set = level.pointee.set(of: line)
                let way = level.pointee.lruVictim(set: set)
                level.pointee.tags[level.pointee.slot(set: set, way: way)] = line
                level.pointee.lruPromoteVictim(set: set, way: way)
                line += 1
            }
        }
        count(streamed: Int(last - first + 1))
        run.pointee.streamNext = last + 1
        run.pointee.lastLine = CacheLevelState.invalid
    }

    /// Follows runs of consecutive first-level misses (called on every first-level miss when streaming is on).
    @inline(__always)
    func countMissRun(_ line: UInt64) {
        if line == run.pointee.missRunNext {
            run.pointee.missRunLength += 1
        } else {
            run.pointee.missRunLength = 1
        }
        run.pointee.missRunNext = line + 1
        if run.pointee.missRunLength >= 2 * totalCapacityLines {
            run.pointee.missRunLength = 0
            run.pointee.checkStreaming = true
        }
    }

    /// After a call that ended a long miss run: remember the streaming state if it holds.
    @usableFromInline
    func checkStreaming(after last: UInt64, write: Bool) {
        run.pointee.checkStreaming = false
        if !write, isStreaming(at: last + 1) { run.pointee.streamNext = last + 1 }
    }

    /// Counts lines `line … last` as misses at every level and rebuilds the streaming state after `last`.
    func skip(to last: UInt64, from line: UInt64) {
        count(streamed: Int(last - line + 1))
        for k in 0..<count { rebuildStreaming(level: k, next: last + 1) }
        run.pointee.streamNext = last + 1
        run.pointee.lastLine = CacheLevelState.invalid
    }

    /// `lines` streamed lines: a miss and an eviction at every level, a DRAM read each.
    func count(streamed lines: Int) {
        for k in 0..<count {
            state[k].misses += lines
            state[k].evictions += lines
        }
        run.pointee.dramReadBytes += lines * state[count - 1].lineSize
        run.pointee.streamedLines += lines
    }

    /// For each set of `level`, the ways in recency order must hold the window's lines of that set, newest first.
    func isStreaming(at next: UInt64) -> Bool {
        for k in 0..<count {
            let level = state[k]
            let sets = UInt64(level.setMask + 1)
            let start = next - UInt64(level.ways) * sets  // oldest line of the window
            for set in 0..<Int(sets) {
                // The newest window line of this set, then older ones every `sets` lines.
                var newest = start + ((UInt64(set) &- start) & level.setMask)
                newest += UInt64(level.ways - 1) * sets
                let perm = level.order[set]
                for position in 0..<level.ways {
                    let way = Int((perm >> UInt64(4 * position)) & 0xF)
                    let slot = level.slot(set: set, way: way)
                    if level.tags[slot] != newest - UInt64(position) * sets || level.dirty[slot] != 0 { return false }
                }
            }
        }
        return true
    }

    /// Puts `level` in the streaming state for line `next`: way i of each set holds the set's i-th oldest line.
    func rebuildStreaming(level k: Int, next: UInt64) {
        let level = state[k]
        let sets = UInt64(level.setMask + 1)
        let start = next - UInt64(level.ways) * sets
        var perm: UInt64 = 0
        for position in 0..<level.ways { perm |= UInt64(level.ways - 1 - position) << UInt64(4 * position) }
        for set in 0..<Int(sets) {
            let oldest = start + ((UInt64(set) &- start) & level.setMask)
            for way in 0..<level.ways {
                let slot = level.slot(set: set, way: way)
                level.tags[slot] = oldest + UInt64(way) * sets
                level.dirty[slot] = 0
            }
            level.order[set] = perm
        }
    }
}
