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
    /// The last level only, when measured: the reuse distances over which the share of a block read a second time
    /// right after a first, cold read (`ReadSweep.measureReusedOnce`) that this level serves falls from all to none
    /// (`SweepAnalysis.retention`). Nil for the other levels.
    public var retention: ClosedRange<Int>?
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
    /// reads of cold blocks, ascending sizes) for the last level's retention of data reused once.
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
                                                effectiveSweepBytes: nil, retention: nil, bytesPerSecond: rate))
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
        if let last = levels.indices.last {
            let floor = last > 0 ? Int(levels[last - 1].reportedSweepBytes) : 0
            levels[last].retention = Self.retention(reusedOnce.filter { $0.bytes > floor }, level: levels[last].bytesPerSecond,
                                                    dram: dram, floor: floor)
        }
        self.levels = levels
    }

    /// The last level's retention of data reused once, from second reads `points` (ascending sizes past the level
    /// above, `floor` bytes) at rates R: the share h of a re-read that the level serves is what makes its time the
    /// level's and DRAM's in proportion, 1/R = h/`level` + (1 − h)/`dram`. The line through the sizes where h
    /// crosses 3/4 and 1/4 (interpolated; at `floor` when the curve starts below, at the last size when it ends above),
    /// extended to h = 1 and h = 0, gives the reuse distances where the level holds all and nothing, the first at
    /// least `floor`. Nil without points, or when the level is no faster than DRAM.
    static func retention(_ points: [BandwidthPoint], level: Double, dram: Double, floor: Int) -> ClosedRange<Int>? {
        guard let first = points.first, let end = points.last, level > dram, dram > 0 else { return nil }
        func held(_ point: BandwidthPoint) -> Double {
            min(1, max(0, (1 / dram - 1 / point.bytesPerSecond) / (1 / dram - 1 / level)))
        }
        func crossing(_ h: Double) -> Double {
            guard held(first) > h else { return Double(floor) }
            for (a, b) in zip(points, points.dropFirst()) where held(b) <= h {
                let ha = held(a), hb = held(b)
                return Double(a.bytes) + (ha - h) / (ha - hb) * Double(b.bytes - a.bytes)
            }
            return Double(end.bytes)
        }
        let high = crossing(0.75), low = crossing(0.25)
        let half = max(low - high, 1) / 2
        let full = max(Double(floor), high - half)
        return Int(full)...max(Int(full) + 1, Int(low + half))
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
