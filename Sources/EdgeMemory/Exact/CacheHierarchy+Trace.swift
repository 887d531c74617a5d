/// A whole trace in one call: the first-level lookup of every one-line record runs inline in one loop, with the
/// first level's storage in locals and the counters summed locally, so a first-level hit costs no call; anything
/// else (a miss, a range, a stream) takes the same paths as `access(address:bytes:write:)`.
extension CacheHierarchy {
    /// Simulates `records` in order, exactly as `access(address:bytes:write:)` for each.
    public func access(_ records: UnsafeBufferPointer<TraceRecord>) {
        let first = state.pointee  // constants and storage pointers only: counters are updated through `state`
        let run = self.run
        let shift = first.lineShift
        let lru = isLRU, plru = isPLRU
        var hits = 0, accesses = 0, requested = 0
        // An inline hit changes recency without moving `lastLine` (the first-level repeat shortcut), so the
        // shortcut is switched off before any other path could use it.
        var lastLineStale = false
        for r in records {
            guard r.bytes > 0 else { continue }
            accesses &+= 1
            requested &+= r.bytes
            let line = r.address &>> shift
            let span = UInt64(truncatingIfNeeded: r.bytes) &- 1
            let last = (r.address > UInt64.max &- span ? UInt64.max : r.address &+ span) &>> shift  // clamp at 2^64
            if line == last, run.pointee.streamNext == CacheLevelState.invalid {
                let set = first.set(of: line)
                let way = first.find(line, set: set)
                if way >= 0 {
                    hits &+= 1
                    if lru {
                        first.lruTouch(set: set, way: way)
                    } else if plru {
                        first.plruTouch(set: set, way: way)
                    }
                    if r.write { first.status[first.slot(set: set, way: way)] = CacheLevelState.modified }
                    lastLineStale = true
                    continue
                }
                firstLevelMiss(line, write: r.write)  // sets `lastLine`
                lastLineStale = false
                if run.pointee.checkStreaming { checkStreaming(after: line, write: r.write) }
            } else {
                if lastLineStale {
                    run.pointee.lastLine = CacheLevelState.invalid
                    lastLineStale = false
                }
                if !r.write, line == run.pointee.streamNext {
                    continueStream(first: line, last: last)
                } else {
                    accessRange(first: line, last: last, write: r.write)
                }
            }
        }
        if lastLineStale { run.pointee.lastLine = CacheLevelState.invalid }
        state.pointee.hits &+= hits
        run.pointee.accesses &+= accesses
        run.pointee.requestedBytes &+= requested
    }

    /// Simulates `records` in order (`access(_:)` on their storage).
    public func access(_ records: [TraceRecord]) {
        records.withUnsafeBufferPointer { access($0) }
    }
}
