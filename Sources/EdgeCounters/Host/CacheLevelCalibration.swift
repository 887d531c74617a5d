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

    /// Analyses `points` (ascending sizes, one thread count) against hwloc's cache levels.
    public init(points: [BandwidthPoint], caches: [HostTopology.HostCache], threads: Int) {
        self.threads = threads
        self.points = points
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
                                                effectiveSweepBytes: nil, bytesPerSecond: rate))
            below = Int(sweepBytes)
        }
        // DRAM: first guess the largest working set; then the median beyond twice the last effective capacity.
        var dram = points.last?.bytesPerSecond ?? 0
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
            let beyond = points.filter { $0.bytes >= 2 * last }.map(\.bytesPerSecond).sorted()
            if !beyond.isEmpty { dram = beyond[beyond.count / 2] }
        }
        dramBytesPerSecond = dram
        self.levels = levels
    }
}
