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
        #expect(analysis.levels.map(\.retention) == [nil, nil, nil])

        // Second reads of cold blocks past L2's 2 MiB: the share h the L3 (8 GB/s) serves fits 1/R = h/8 + (1 − h)/3,
        // h = (1/3 − 1/R) / (1/3 − 1/8) = 1.6 − 4.8/R: R = 8, 6, 24/7, 3 GB/s at 4, 8, 16, 24 MiB give h = 1, 0.8,
        // 0.2, 0. h crosses 3/4 at 8 + 0.05/0.6 × 8 = 8.667 MiB and 1/4 at 8 + 0.55/0.6 × 8 = 15.333 MiB; the line
        // through them reaches 1 and 0 half that span (3.333 MiB) further out: 5.333 and 18.667 MiB.
        let reread: [(Int, Double)] = [(1 * mib, 60), (4 * mib, 8), (8 * mib, 6), (16 * mib, 24.0 / 7), (24 * mib, 3)]
        let once = reread.map { BandwidthPoint(bytes: $0.0, threads: 1, bytesPerSecond: $0.1 * 1e9) }
        let withOnce = SweepAnalysis(points: points, reusedOnce: once, caches: caches, threads: 1)
        let ramp = try #require(withOnce.levels.last?.retention)
        #expect(abs(Double(ramp.lowerBound) - 16.0 / 3 * Double(mib)) <= 1)
        #expect(abs(Double(ramp.upperBound) - 56.0 / 3 * Double(mib)) <= 1)
        #expect(withOnce.levels.dropLast().map(\.retention) == [nil, nil])
        #expect(withOnce.reusedOncePoints == once)
        #expect(withOnce.levels.map(\.effectiveSweepBytes) == analysis.levels.map(\.effectiveSweepBytes))
        // A dip below a larger working set's rate is noise: 8 MiB at 3.2 is raised to 16 MiB's 24/7 (h = 0.2) by the
        // envelope; h then crosses 3/4 at 4 + 0.25/0.8 × 4 = 5.25 MiB and 1/4 at 4 + 0.75/0.8 × 4 = 7.75 MiB: 4 to 9 MiB.
        var dip = once
        dip[2].bytesPerSecond = 3.2e9
        let raised = try #require(SweepAnalysis(points: points, reusedOnce: dip, caches: caches, threads: 1).levels.last?.retention)
        #expect(abs(Double(raised.lowerBound) - 4.0 * Double(mib)) <= 1)
        #expect(abs(Double(raised.upperBound) - 9.0 * Double(mib)) <= 1)
        // A first re-read above L2 already near DRAM speed (h = 1.6 − 4.8/3.2 = 0.1): the L3 holds nothing reused once.
        let none = SweepAnalysis(points: points, reusedOnce: [BandwidthPoint(bytes: 4 * mib, threads: 1, bytesPerSecond: 3.2e9)],
                                 caches: caches, threads: 1)
        #expect(none.levels.last?.retention == (2 * mib)...(2 * mib + 1))
    }
}
