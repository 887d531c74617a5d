/// The exact shortcut for long sequential reads.
///
/// Let C_k be level k's capacity in lines. Call the hierarchy *streaming at line x* when every valid line of every
/// level is clean and below x. With LRU or tree-PLRU, equal line sizes and only non-inclusive / memory-side
/// levels, a read of line x then misses at every level (x is held nowhere), reads DRAM, and at each level fills
/// the set's victim way (an empty way while the set has one, which counts no eviction; otherwise a clean line,
/// which is dropped) and makes x the most recent: the hierarchy is streaming at x + 1. So once the hierarchy is in
/// that state, a sequential read is pure counting. After C_k or more such lines, under LRU level k holds exactly
/// the last C_k of them, clean, each set in LRU order by address (most recent = highest), and is rebuilt
/// directly; under tree-PLRU each set's last `ways` fills are placed directly, the earlier ones only move its
/// tree bits (`settlePLRU`).
///
/// A read range longer than 4 Σ C_k is simulated line by line in windows of `missRunBase` lines, doubling after
/// each failed check up to max C_k (the shortest run that can fill the largest level); after each window the
/// state is *checked* (not assumed: dirty lines from before the range, for instance, can make it fail) and the
/// rest is counted once it holds, while at least one more window remains. Reads made one call per line (a line-granular trace) are followed too: after a run of
/// consecutive first-level read misses the state is checked at the end of the call. The run starts at
/// `missRunBase` lines (a check costs a pass over every level's slots, so runs are not too short) and doubles
/// after each failed check, up to max C_k, so failing checks cost at most a few slot reads per miss.
///
/// While streaming, a read of the next lines is only recorded (`continueStream`, O(1) per call, also for long
/// ranges). The levels' state and counters are brought up to date by `settle` when anything else happens (any
/// other access, or a read of the statistics or of the resident lines): per level, one fill per pending line,
/// or a direct rebuild when the pending lines are at least its capacity. `CacheStreamingTests` checks all of it
/// against the per-line path.
///
/// The first level alone has a shortcut for read ranges longer than 4 C_0 (LRU, only non-inclusive / memory-side
/// levels, any line sizes): after the range's first 2 C_0 lines (simulated line by line) the first level holds
/// exactly the range's last C_0 lines, clean, in LRU order by address, and every further line of the range misses
/// there (the `ways` range lines before it in its set are more recent than any older copy) and evicts the clean
/// range line C_0 before it, which is dropped. So those lines only count a miss and an eviction at the first
/// level and go on to the second level as usual; the first level's final state is rebuilt after the range.
extension CacheHierarchy {
    @usableFromInline
    func readStream(first: UInt64, last: UInt64) {
        endStream()
        var window = UInt64(missRunBase)
        var line = first
        // Simulate a window, check; repeat with a window twice as long (up to max C_k) while at least two windows
        // remain (dirty lines from before the range wash out within a few windows).
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
            window = min(2 * window, UInt64(largestCapacityLines))
        }
        while line <= last {
            accessLine(line, write: false)
            line += 1
        }
    }

    /// A read of `first … last` when the hierarchy is streaming at `first`: recorded, applied by `settle`.
    @inlinable @inline(__always)
    func continueStream(first: UInt64, last: UInt64) {
        run.pointee.streamedLines &+= Int(truncatingIfNeeded: last &- first &+ 1)
        run.pointee.streamNext = last &+ 1
    }

    /// Applies the pending streamed lines (`streamSettled ..< streamNext`) to every level's state and counters;
    /// the hierarchy stays streaming. Each is a miss at every level, a fill (an eviction unless the way was
    /// empty) and a DRAM read.
    @usableFromInline
    func settle() {
        let from = run.pointee.streamSettled
        let next = run.pointee.streamNext
        guard from != next else { return }
        let lines = Int(next - from)
        for k in 0..<count {
            let level = state + k
            let capacity = levels[k].sets * levels[k].ways
            level.pointee.misses += lines
            if lines < capacity {
                // The set's victim way is empty or holds a clean line below `from`, dropped: an ordinary fill.
                for line in from..<next { insert(level: k, line: line, dirty: false) }
            } else if isLRU {
                // Every empty way is filled, every other fill evicts.
                level.pointee.evictions += lines - (capacity - validLines(level: k))
                rebuildStreaming(level: k, next: next)
            } else {
                settlePLRU(level: k, from: from, next: next)
            }
        }
        run.pointee.dramReadBytes += lines * state[count - 1].lineSize
        run.pointee.streamSettled = next
    }

    /// Tree-PLRU: applies the streamed lines `from ..< next` to `level`, set by set (sets are independent). Empty
    /// ways are filled first, one fill at a time. Once a set is full and `ways` is a power of two, its fills (all
    /// misses, each evicting a clean line) fill every way once in any `ways` consecutive fills: the victim follows
    /// the node bits and the fill flips every node on its path, so the root alternates sides, each subtree in turn,
    /// and every node is back where it was after `ways` fills. So only the last `ways` fills leave lines; the ones
    /// before them only move the bits (whole cycles not even that), and the last are placed directly. Other way
    /// counts are simulated fill by fill.
    func settlePLRU(level k: Int, from: UInt64, next: UInt64) {
        let level = state + k
        let sets = level.pointee.setMask + 1
        let ways = level.pointee.ways
        let cycles = ways.nonzeroBitCount == 1
        for set in 0..<Int(sets) {
            var line = from + ((UInt64(set) &- from) & level.pointee.setMask)
            guard line < next else { continue }
            var remaining = Int((next - 1 - line) / sets) + 1
            while remaining > 0, !cycles || remaining < ways || level.pointee.invalidWay(set: set) >= 0 {
                insert(level: k, line: line, dirty: false)
                line += sets
                remaining -= 1
            }
            guard remaining > 0 else { continue }
            level.pointee.evictions += remaining
            let early = remaining - ways
            for _ in 0..<early % ways { level.pointee.plruTouch(set: set, way: level.pointee.plruVictim(set: set)) }
            line += UInt64(early) * sets
            for _ in 0..<ways {
                let way = level.pointee.plruVictim(set: set)
                level.pointee.plruTouch(set: set, way: way)
                let slot = level.pointee.slot(set: set, way: way)
                level.pointee.place(line, slot: slot)
                level.pointee.status[slot] = CacheLevelState.clean
                line += sets
            }
        }
    }

    /// The valid lines of `level` (padding slots are always empty).
    func validLines(level k: Int) -> Int {
        let level = state[k]
        var valid = 0
        for slot in 0..<levels[k].sets * level.stride where level.status[slot] != CacheLevelState.empty { valid += 1 }
        return valid
    }

    /// Settles and leaves the streaming state (before any access that does not continue the stream).
    @usableFromInline
    func endStream() {
        guard run.pointee.streamNext != CacheLevelState.invalid else { return }
        settle()
        run.pointee.streamNext = CacheLevelState.invalid
        run.pointee.streamSettled = CacheLevelState.invalid
    }

    /// Enters the streaming state at `next`, the simulated state being streaming at `settled` (≤ `next`).
    func startStream(next: UInt64, settled: UInt64) {
        run.pointee.streamNext = next
        run.pointee.streamSettled = settled
        run.pointee.lastLine = CacheLevelState.invalid
    }

    /// A read of `first … last` (longer than 4 C_0) under the first-level shortcut.
    @usableFromInline
    func firstLevelStream(first: UInt64, last: UInt64) {
        let l1 = state
        var line = first
        let warm = first + 2 * UInt64(levels[0].sets * levels[0].ways)
        while line < warm {
            accessLine(line, write: false)
            line += 1
        }
        let shift = l1.pointee.lineShift
        let size = l1.pointee.lineSize
        let lines = Int(last - line + 1)
        l1.pointee.misses += lines
        l1.pointee.evictions += lines
        while true {
            if streamThreshold > 0 { countMissRun(line) }
            _ = load(level: 1, address: line &<< shift, bytes: size)  // no exclusive level: never dirty
            if line == last { break }
            line += 1
        }
        rebuildStreaming(level: 0, next: last &+ 1)
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
        if run.pointee.missRunLength >= run.pointee.missRunCheck {
            run.pointee.missRunLength = 0
            run.pointee.checkStreaming = true
        }
    }

    /// After a call that ended a long miss run: remember the streaming state if it holds; otherwise wait for a
    /// run twice as long (up to max C_k) before checking again.
    @usableFromInline
    func checkStreaming(after last: UInt64, write: Bool) {
        run.pointee.checkStreaming = false
        if !write, isStreaming(at: last + 1) {
            startStream(next: last + 1, settled: last + 1)
            run.pointee.missRunCheck = missRunBase
        } else {
            run.pointee.missRunCheck = min(2 * run.pointee.missRunCheck, largestCapacityLines)
        }
    }

    /// Streams lines `line … last`, the state being streaming at `line`.
    func skip(to last: UInt64, from line: UInt64) {
        run.pointee.streamedLines += Int(last - line + 1)
        startStream(next: last + 1, settled: line)
    }

    /// Whether every valid line of every level is clean and below `next` (the streaming state at `next`).
    func isStreaming(at next: UInt64) -> Bool {
        for k in 0..<count {
            let level = state[k]
            var failed: UInt8 = 0
            // Branch-free over the slots (padding slots are empty): a valid slot fails if dirty or not below `next`.
            for slot in 0..<levels[k].sets * level.stride {
                let status = level.status[slot]
                let notBelow: UInt8 = level.tags[slot] >= next ? 1 : 0
                failed |= (status == CacheLevelState.empty ? 0 : 1) & ((status == CacheLevelState.clean ? 0 : 1) | notBelow)
            }
            if failed != 0 { return false }
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
                level.place(oldest + UInt64(way) * sets, slot: slot)
                level.status[slot] = CacheLevelState.clean
            }
            level.order[set] = perm
        }
    }
}
