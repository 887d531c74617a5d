@testable import EdgeCounters
import Testing

@Suite struct SweepAnalysisTests {
    /// A synthetic curve with plateaus 180 GB/s (≤ 48 KiB), 115 (≤ 1.5 MiB), 8 (≤ 16 MiB), 3 (beyond): hwloc's
    /// L3 claims 260 MiB, the curve says 16 MiB. Thresholds are the geometric means: √(180·115) ≈ 144,
    /// √(115·8) ≈ 30.3, √(8·3) ≈ 4.9 GB/s.
    @Test func findsPlateausAndEffectiveCapacities() throws {
        let kib = 1 << 10, mib = 1 << 20
        let curve: [(Int, Double)] = [(16 * kib, 180), (32 * kib, 180), (48 * kib, 178), (64 * kib, 116),
                                      (512 * kib, 115), (1536 * kib, 110), (2 * mib, 20), (4 * mib, 8), (16 * mib, 7.5),
                                      (32 * mib, 3.2), (64 * mib, 3), (128 * mib, 3), (512 * mib, 2.9)]
        let points = curve.map { BandwidthPoint(bytes: $0.0, threads: 1, bytesPerSecond: $0.1 * 1e9) }
        let caches = [
            HostTopology.HostCache(name: "L1d", level: 1, sizeBytes: 48 << 10, lineBytes: 64, associativity: 12, instances: 2, sharedByThreads: 1),
            HostTopology.HostCache(name: "L2", level: 2, sizeBytes: 2 << 20, lineBytes: 64, associativity: 16, instances: 2, sharedByThreads: 1),
            HostTopology.HostCache(name: "L3", level: 3, sizeBytes: 260 << 20, lineBytes: 64, associativity: 20, instances: 1, sharedByThreads: 2),
        ]
        let analysis = SweepAnalysis(points: points, caches: caches, threads: 1)
        #expect(analysis.levels.map(\.bytesPerSecond) == [180e9, 116e9, 8e9])
        #expect(analysis.levels.map(\.effectiveSweepBytes) == [48 * kib, 1536 * kib, 16 * mib])
        // DRAM: median of the points ≥ 32 MiB (3.2, 3, 3, 2.9) → the upper middle, 3.
        #expect(analysis.dramBytesPerSecond == 3e9)
        #expect(analysis.levels.map(\.reusedOnceBytes) == [nil, nil, nil])

        // Second reads of cold blocks: the L3 threshold is √(8 · 3) ≈ 4.9 GB/s, counted above L2's 2 MiB. The
        // dip at 4 MiB (4.0) lies below a larger working set's 5.5 at 6 MiB, so it is noise (the envelope raises it
        // to 5.5): 3, 4 and 6 MiB hold, 8 MiB (3.1) does not.
        let reread: [(Int, Double)] = [(1 * mib, 60), (2 * mib, 7), (3 * mib, 5), (4 * mib, 4), (6 * mib, 5.5), (8 * mib, 3.1)]
        let once = reread.map { BandwidthPoint(bytes: $0.0, threads: 1, bytesPerSecond: $0.1 * 1e9) }
        let withOnce = SweepAnalysis(points: points, reusedOnce: once, caches: caches, threads: 1)
        #expect(withOnce.levels.map(\.reusedOnceBytes) == [nil, nil, 6 * mib])
        #expect(withOnce.reusedOncePoints == once)
        // Their bandwidth, bytes over time on the same envelope (3 and 4 MiB raised to 6 MiB's 5.5): 5.5 GB/s. Without
        // the dip, 3 MiB keeps its 6: (3 + 4 + 6) MiB over 3/6 + 4/5.5 + 6/5.5 = 13 / 2.31818… ≈ 5.608 GB/s.
        let onceRate = try #require(withOnce.levels.last?.reusedOnceBytesPerSecond)
        #expect(abs(onceRate - 5.5e9) < 1)
        var smooth = once
        smooth[2].bytesPerSecond = 6e9
        smooth[3].bytesPerSecond = 5.5e9
        let smoothRate = try #require(SweepAnalysis(points: points, reusedOnce: smooth, caches: caches, threads: 1)
            .levels.last?.reusedOnceBytesPerSecond)
        #expect(abs(smoothRate - 13.0 / (3.0 / 6 + 4.0 / 5.5 + 6.0 / 5.5) * 1e9) < 1)
        #expect(withOnce.levels.map(\.effectiveSweepBytes) == analysis.levels.map(\.effectiveSweepBytes))
        // A first re-read above L2 already at DRAM speed: the L3 holds nothing reused once.
        let none = SweepAnalysis(points: points, reusedOnce: Array(once.suffix(1)), caches: caches, threads: 1)
        #expect(none.levels.last?.reusedOnceBytes == 0)
        #expect(none.levels.last?.reusedOnceBytesPerSecond == nil)
    }
}
