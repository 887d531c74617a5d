import EdgeKernels

/// A whole trace in one call. Runs of one-line records go to EdgeKernels' trace kernel (`ek_sim_lines`: the per-line
/// simulation of `accessLine` in one C loop, with no call per record), which stops at the first record it does not
/// take: a range, a first-level miss when a level is inclusive or exclusive (it simulates misses only through
/// non-inclusive and memory-side levels), or the record after a miss run that asks for a streaming check. That
/// record takes the same path as `access(address:bytes:write:)`, and so does every record while a stream is recorded. When the kernel took no record
/// because of a first-level miss, records stay on the Swift path until one hits there, so a run of misses costs
/// no calls.
extension CacheHierarchy {
    /// Whether `TraceRecord` is laid out as EdgeKernels' `ek_trace_record` (same offsets and stride), so a buffer
    /// of records can be read by the kernel; otherwise every record takes the Swift path.
    static let recordsFitKernel =
        MemoryLayout<TraceRecord>.stride == MemoryLayout<ek_trace_record>.stride
        && MemoryLayout<TraceRecord>.offset(of: \.write) == MemoryLayout<ek_trace_record>.offset(of: \.write)
        && MemoryLayout<TraceRecord>.offset(of: \.address) == MemoryLayout<ek_trace_record>.offset(of: \.address)
        && MemoryLayout<TraceRecord>.offset(of: \.bytes) == MemoryLayout<ek_trace_record>.offset(of: \.bytes)

    /// Simulates `records` in order, exactly as `access(address:bytes:write:)` for each.
    public func access(_ records: UnsafeBufferPointer<TraceRecord>) {
        access(records, kernel: Self.recordsFitKernel ? ek_sim_lines() : nil)
    }

    /// `access(_:)` with a given trace kernel (a kernel path's, or nil: the Swift path throughout; tests vary it).
    func access(_ records: UnsafeBufferPointer<TraceRecord>, kernel: ek_sim_lines_fn?) {
        guard let base = records.baseAddress else { return }
        let first = state.pointee  // constants and storage pointers only: counters are updated through `state`
        let run = self.run
        let shift = first.lineShift
        var hits = 0, accesses = 0, requested = 0
        // The kernel changes the first level without moving `lastLine` (the first-level repeat shortcut), and so
        // does a hit below, so the shortcut is switched off before any other path could use it.
        var lastLineStale = false
        var tryKernel = kernel != nil
        var i = 0
        let lineSize = UInt64(truncatingIfNeeded: first.lineSize)
        while i < records.count {
            if run.pointee.streamNext != CacheLevelState.invalid {
                // Streaming: a run of one-line reads of the next lines, each `continueStream` (counted only).
                let from = run.pointee.streamNext
                var next = from
                while i < records.count {
                    let r = base[i]
                    guard !r.write, r.address &>> shift == next,
                          UInt64(bitPattern: Int64(r.bytes)) &- 1 < lineSize &- (r.address & (lineSize &- 1))
                    else { break }
                    requested &+= r.bytes
                    next &+= 1
                    i &+= 1
                }
                accesses &+= Int(truncatingIfNeeded: next &- from)
                continueStream(first: from, last: next &- 1)
                guard i < records.count else { break }
            } else if tryKernel, let kernel {
                let stop = runKernel(kernel, UnsafeRawPointer(base), from: i, count: records.count)
                if stop > i { lastLineStale = true }
                if sim.pointee.check_streaming != 0 {
                    run.pointee.lastLine = CacheLevelState.invalid
                    lastLineStale = false
                    checkStreaming(after: base[stop &- 1].address &>> shift, write: base[stop &- 1].write)
                    i = stop
                    continue
                }
                guard stop < records.count else { break }
                if !kernelSimulatesMisses, stop == i { tryKernel = false }
                i = stop
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
                let set = first.set(of: line)
                let way = first.find(line, set: set)
                if way >= 0 {
                    hits &+= 1
                    touch(state, set: set, way: way)
                    if r.write { first.status[first.slot(set: set, way: way)] = CacheLevelState.modified }
                    lastLineStale = true
                    tryKernel = kernel != nil
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

    /// Runs the trace kernel on `records[start ..< count]` (`ek_trace_record`s) and brings the hierarchy's state up
    /// to date with it: the random generator, the miss run and the counters. Returns the first record not taken.
    func runKernel(_ kernel: ek_sim_lines_fn, _ records: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        let r = run
        sim.pointee.rng = r.pointee.rng
        sim.pointee.miss_run_next = r.pointee.missRunNext
        sim.pointee.miss_run_length = r.pointee.missRunLength
        sim.pointee.miss_run_check = r.pointee.missRunCheck
        sim.pointee.check_streaming = 0
        let stop = kernel(sim, records, start, count)
        r.pointee.rng = sim.pointee.rng
        r.pointee.missRunNext = sim.pointee.miss_run_next
        r.pointee.missRunLength = sim.pointee.miss_run_length
        r.pointee.accesses &+= sim.pointee.accesses
        r.pointee.requestedBytes &+= sim.pointee.requested_bytes
        r.pointee.dramReadBytes &+= sim.pointee.dram_read_bytes
        r.pointee.dramWriteBytes &+= sim.pointee.dram_write_bytes
        sim.pointee.accesses = 0
        sim.pointee.requested_bytes = 0
        sim.pointee.dram_read_bytes = 0
        sim.pointee.dram_write_bytes = 0
        for k in 0..<self.count {
            let level = sim.pointee.levels + k
            state[k].hits &+= level.pointee.hits
            state[k].misses &+= level.pointee.misses
            state[k].evictions &+= level.pointee.evictions
            state[k].writebacks &+= level.pointee.writebacks
            level.pointee.hits = 0
            level.pointee.misses = 0
            level.pointee.evictions = 0
            level.pointee.writebacks = 0
        }
        return stop
    }

    /// Simulates `records` in order (`access(_:)` on their storage).
    public func access(_ records: [TraceRecord]) {
        records.withUnsafeBufferPointer { access($0) }
    }
}
