/// What the sweep says about one cache level: the bandwidth it serves and the working set up to which it serves it.
public struct CacheLevelCalibration: Equatable, Sendable, Encodable {
    /// `L1d`, `L2`, `L3`.
    public var name: String
    /// hwloc's size of one instance.
    public var reportedBytes: UInt64
    /// Capacity as the sweep sees it with the threads used: the instance size × the instances those threads reach.
    public var reportedSweepBytes: UInt64
    /// Largest working set still read at (or above) the geometric mean of this level's and the next level's
    /// bandwidth; nil when the curve shows no separate plateau for this level.
    public var effectiveSweepBytes: Int?
    /// The last level only, when measured: the largest working set a second read right after a first, cold one
    /// (`ReadSweep.measureReusedOnce`) still reads at or above the same threshold — the capacity this level offers
    /// data an op stream reuses once (0: none beyond the level above). Nil for the other levels.
    public var reusedOnceBytes: Int?
    /// The last level only, when it holds any: the bandwidth of those second reads over the working sets it holds
    /// (above the level before's capacity, up to `reusedOnceBytes`): their bytes over their time.
    public var reusedOnceBytesPerSecond: Double?
    /// Best read bandwidth over working sets between the previous level's capacity and half of this one's.
    public var bytesPerSecond: Double
}

/// Bandwidth plateaus and effective capacities from a working-set sweep (one thread count).
public struct SweepAnalysis: Equatable, Sendable, Encodable {
    public var threads: Int
    public var levels: [CacheLevelCalibration]
    /// Median read bandwidth of the working sets at least twice the last level's effective capacity.
    public var dramBytesPerSecond: Double
    public var points: [BandwidthPoint]
    /// Second reads right after a cold first read (`ReadSweep.measureReusedOnce`), ascending sizes.
    public var reusedOncePoints: [BandwidthPoint]

    /// Analyses `points` (ascending sizes, one thread count) against hwloc's cache levels, and `reusedOnce` (second
    /// reads of cold blocks, ascending sizes) for the last level's capacity for data reused once.
    ///
    /// Both curves are analysed as their upper envelope from the right (each point raised to the best bandwidth at
    /// any larger working set): a larger working set cannot be read faster, and a measurement can only come out
    /// slower than the machine (another process evicting lines or taking the core), so a dip below a later point is
    /// noise, not a capacity.
    public init(points measured: [BandwidthPoint], reusedOnce measuredOnce: [BandwidthPoint] = [],
                caches: [HostTopology.HostCache], threads: Int) {
        self.threads = threads
        self.points = measured
        reusedOncePoints = measuredOnce
        let points = Self.envelope(measured), reusedOnce = Self.envelope(measuredOnce)
        func bandwidth(in range: ClosedRange<Int>) -> Double? {
            points.filter { range.contains($0.bytes) }.map(\.bytesPerSecond).max()
        }
        var levels: [CacheLevelCalibration] = []
        var below = 0
        for cache in caches {
            let reach = UInt64(max(1, min(threads / max(cache.sharedByThreads, 1), cache.instances)))
            let sweepBytes = cache.sizeBytes * reach
            let top = max(Int(sweepBytes / 2), below + 1)
            let rate = bandwidth(in: (below + 1)...top) ?? bandwidth(in: 0...Int(sweepBytes)) ?? 0
            levels.append(CacheLevelCalibration(name: cache.name, reportedBytes: cache.sizeBytes, reportedSweepBytes: sweepBytes,
                                                effectiveSweepBytes: nil, reusedOnceBytes: nil, reusedOnceBytesPerSecond: nil,
                                                bytesPerSecond: rate))
            below = Int(sweepBytes)
        }
        // DRAM: first guess the largest working set; then the median beyond twice the last effective capacity, of
        // the points as measured (on the flat DRAM plateau the envelope would be the best, not the typical, figure;
        // DRAM bandwidth is shared with every other process, so a decode sees the typical one).
        var dram = measured.last?.bytesPerSecond ?? 0
        for _ in 0..<2 {
            for i in levels.indices {
                let next = i + 1 < levels.count ? levels[i + 1].bytesPerSecond : dram
                let threshold = (levels[i].bytesPerSecond * next).squareRoot()
                let floor = i > 0 ? (levels[i - 1].effectiveSweepBytes ?? 0) : 0
                var effective: Int?
                for point in points where point.bytes > floor {
                    if point.bytesPerSecond >= threshold { effective = point.bytes } else { break }
                }
                levels[i].effectiveSweepBytes = next < levels[i].bytesPerSecond * 0.9 ? effective : nil
            }
            let last = levels.last.flatMap { $0.effectiveSweepBytes } ?? 0
            let beyond = measured.filter { $0.bytes >= 2 * last }.map(\.bytesPerSecond).sorted()
            if !beyond.isEmpty { dram = beyond[beyond.count / 2] }
        }
        dramBytesPerSecond = dram
        // The last level for data reused once: the largest re-read working set above the level before's capacity
        // still read at or above the geometric mean of this level's and DRAM's bandwidth (0 when the first is not).
        if let last = levels.indices.last, !reusedOnce.isEmpty {
            let threshold = (levels[last].bytesPerSecond * dram).squareRoot()
            let floor = last > 0 ? Int(levels[last - 1].reportedSweepBytes) : 0
            var held = 0, bytes = 0.0, seconds = 0.0
            for point in reusedOnce where point.bytes > floor {
                guard point.bytesPerSecond >= threshold else { break }
                held = point.bytes
                bytes += Double(point.bytes)
                seconds += Double(point.bytes) / point.bytesPerSecond
            }
            levels[last].reusedOnceBytes = held
            levels[last].reusedOnceBytesPerSecond = seconds > 0 ? bytes / seconds : nil
        }
        self.levels = levels
    }

    /// `points` (ascending sizes) with each bandwidth raised to the largest at that size or any larger one.
    static func envelope(_ points: [BandwidthPoint]) -> [BandwidthPoint] {
        var out = points
        var best = 0.0
        for i in out.indices.reversed() {
            best = max(best, out[i].bytesPerSecond)
            out[i].bytesPerSecond = best
        }
        return out
    }
}
