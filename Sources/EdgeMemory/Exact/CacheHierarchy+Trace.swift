import EdgeKernels

/// A whole trace in one call. Runs of one-line records that hit the first level go to EdgeKernels' first-level hit
/// loop (`ek_first_level_hits`: the same tag row, recency update and dirty mark as `accessLine`, for this CPU), which
/// stops at the first record that is not such a hit; that record takes the same paths as
/// `access(address:bytes:write:)` (a one-line miss goes straight to `firstLevelMiss`), and so does every record
/// while a stream is recorded. After a call of the loop that found no hit, records stay on the Swift path until one
/// hits there, so a run of misses costs no calls. Counters are summed locally and added at the end.
extension CacheHierarchy {
    /// Whether `TraceRecord` is laid out as EdgeKernels' `ek_trace_record` (same offsets and stride), so a buffer
    /// of records can be read by the hit loop; otherwise every record takes the Swift path.
    static let recordsFitHitLoop =
        MemoryLayout<TraceRecord>.stride == MemoryLayout<ek_trace_record>.stride
        && MemoryLayout<TraceRecord>.offset(of: \.write) == MemoryLayout<ek_trace_record>.offset(of: \.write)
        && MemoryLayout<TraceRecord>.offset(of: \.address) == MemoryLayout<ek_trace_record>.offset(of: \.address)
        && MemoryLayout<TraceRecord>.offset(of: \.bytes) == MemoryLayout<ek_trace_record>.offset(of: \.bytes)

    /// Simulates `records` in order, exactly as `access(address:bytes:write:)` for each.
    public func access(_ records: UnsafeBufferPointer<TraceRecord>) {
        access(records, hitLoop: Self.recordsFitHitLoop ? ek_first_level_hits() : nil)
    }

    /// `access(_:)` with a given hit loop (a kernel path's, or nil: the Swift path throughout; tests vary it).
    func access(_ records: UnsafeBufferPointer<TraceRecord>, hitLoop: ek_first_level_hits_fn?) {
        guard let base = records.baseAddress else { return }
        let first = state.pointee  // constants and storage pointers only: counters are updated through `state`
        let run = self.run
        let shift = first.lineShift
        var level = ek_first_level(tags: first.tags, status: first.status, order: first.order,
                                   plru_masks: first.plruMasks, set_mask: first.setMask, stride: first.stride,
                                   line_shift: UInt32(shift), policy: isLRU ? 0 : isPLRU ? 1 : 2)
        var hits = 0, accesses = 0, requested = 0
        // A hit outside `accessLine` changes recency without moving `lastLine` (the first-level repeat shortcut),
        // so the shortcut is switched off before any other path could use it.
        var lastLineStale = false
        var tryHitLoop = true
        var i = 0
        while i < records.count {
            // Whether record i is known to be a one-line first-level miss (the hit loop stopped at it).
            var knownMiss = false
            if tryHitLoop, let hitLoop, run.pointee.streamNext == CacheLevelState.invalid {
                var loopHits = 0, loopBytes = 0
                let stop = hitLoop(&level, UnsafeRawPointer(base), i, records.count, &loopHits, &loopBytes)
                if loopHits > 0 {
                    hits &+= loopHits
                    accesses &+= loopHits
                    requested &+= loopBytes
                    lastLineStale = true
                } else {
                    tryHitLoop = false
                }
                guard stop < records.count else { break }
                i = stop
                knownMiss = true
            }
            let r = base[i]
            i &+= 1
            guard r.bytes > 0 else { continue }
            accesses &+= 1
            requested &+= r.bytes
            let line = r.address &>> shift
            let span = UInt64(truncatingIfNeeded: r.bytes) &- 1
            let last = (r.address > UInt64.max &- span ? UInt64.max : r.address &+ span) &>> shift  // clamp at 2^64
            if line == last, run.pointee.streamNext == CacheLevelState.invalid {
                if !knownMiss {
                    let set = first.set(of: line)
                    let way = first.find(line, set: set)
                    if way >= 0 {
                        hits &+= 1
                        touch(state, set: set, way: way)
                        if r.write { first.status[first.slot(set: set, way: way)] = CacheLevelState.modified }
                        lastLineStale = true
                        tryHitLoop = true
                        continue
                    }
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
