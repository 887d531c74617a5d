import EdgeKernels
import Testing
@testable import EdgeMemory

/// A whole trace in one call (`access(_ records:)`, with each kernel path's trace kernel and with none)
/// against one `access(address:bytes:write:)` call per record: identical counters, resident lines (slot by slot) and dirty
/// flags on random traces that mix one-line reads and writes (first-level hits and misses), ranges, far lines and
/// sequential runs long enough to stream, for every policy and inclusion.
struct CacheTraceBatchTests {
    static let hierarchies: [String: [CacheLevelConfig]] = [
        "streaming": [CacheLevelConfig(name: "L1", sets: 8, ways: 4, lineSize: 64),
                      CacheLevelConfig(name: "L2", sets: 32, ways: 4, lineSize: 64),
                      CacheLevelConfig(name: "SLC", sets: 64, ways: 4, lineSize: 64, inclusion: .memorySide)],
        "inclusive-exclusive": [CacheLevelConfig(name: "L1", sets: 8, ways: 2, lineSize: 64),
                                CacheLevelConfig(name: "L2", sets: 16, ways: 4, lineSize: 64, inclusion: .inclusive),
                                CacheLevelConfig(name: "L3", sets: 32, ways: 4, lineSize: 128, inclusion: .exclusive)],
        "mixed-lines": [CacheLevelConfig(name: "L1", sets: 16, ways: 3, lineSize: 32),
                        CacheLevelConfig(name: "L2", sets: 64, ways: 8, lineSize: 128)],
    ]

    /// A deterministic trace (an LCG) of `draws` draws: 22/32 one-line accesses in a 1 KiB window (1 in 4 a
    /// write), 3/32 ranges of up to 3000 bytes, 1/32 a run of 200…700 consecutive lines one record each (which
    /// continues the last run or jumps), 6/32 one far line.
    static func trace(seed: UInt64, draws: Int) -> [TraceRecord] {
        var x = seed
        var records: [TraceRecord] = []
        var runStart: UInt64 = 0x100_0000
        for _ in 0..<draws {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let write = (x >> 8) % 4 == 0
            switch x >> 59 {
            case 0..<22:
                records.append(TraceRecord(write: write, address: 0x1_0000 + (x >> 20) % 1024, bytes: Int((x >> 12) % 8) + 1))
            case 22..<25:
                records.append(TraceRecord(write: write, address: 0x1_0000 + (x >> 20) % 65536, bytes: Int((x >> 12) % 3000) + 1))
            case 25:
                let lines = (x >> 20) % 501 + 200
                for i in 0..<lines { records.append(TraceRecord(write: false, address: (runStart + i) << 6, bytes: 64)) }
                runStart += lines + (x >> 40) % 2 * 1000
            case 26 where (x >> 20) % 4 == 0:
                // Near 2^64 (the last line, or cut there), or no bytes at all.
                let bytes = Int((x >> 8) % 3) * 40
                records.append(TraceRecord(write: write, address: UInt64.max - (x >> 24) % 100, bytes: bytes))
            default:
                records.append(TraceRecord(write: write, address: (x >> 16) << 6, bytes: 8))
            }
        }
        return records
    }

    static let cases = hierarchies.keys.sorted().flatMap { name in ReplacementPolicy.allCases.map { (name, $0) } }

    /// The trace kernel of every kernel path this CPU runs (EdgeKernels' `ek_sim_lines_for`), and none.
    static let kernels: [ek_sim_lines_fn?] =
        [nil] + [EK_PATH_PORTABLE, EK_PATH_AVX2, EK_PATH_AVX512].compactMap { ek_sim_lines_for($0) }

    @Test(arguments: cases)
    func batchEqualsOneCallPerRecord(_ hierarchy: String, _ policy: ReplacementPolicy) throws {
        let levels = try #require(Self.hierarchies[hierarchy])
        let records = Self.trace(seed: 5, draws: 3000)
        #expect(records.contains { $0.bytes == 0 } && records.contains { $0.address > UInt64.max - 100 && $0.bytes > 0 })
        let single = try Self.expectBatchEqualsOneCallPerRecord(levels, policy, records) { batch in
            if hierarchy == "streaming", policy != .random { #expect(batch.run.pointee.streamedLines > 0) }
        }
        #expect(single.statistics.levels[0].hits > 500)  // the hit paths ran (about 600–850 hits)
    }

    /// First levels for long runs of first-level hits (the AVX-512 kernel's 8-record groups, whose recency updates
    /// are deferred to the end of the run): 8 ways, 12 ways (16 slots a set) and 256 sets (4 sets per block).
    static let hitRunLevels: [String: [CacheLevelConfig]] = [
        "8-way": [CacheLevelConfig(name: "L1", sets: 16, ways: 8, lineSize: 64),
                  CacheLevelConfig(name: "L2", sets: 64, ways: 8, lineSize: 64)],
        "12-way": [CacheLevelConfig(name: "L1", sets: 8, ways: 12, lineSize: 32),
                   CacheLevelConfig(name: "L2", sets: 64, ways: 16, lineSize: 64)],
        "256-set": [CacheLevelConfig(name: "L1", sets: 256, ways: 2, lineSize: 64),
                    CacheLevelConfig(name: "L2", sets: 1024, ways: 4, lineSize: 64)],
    ]

    /// A deterministic trace (an LCG) of `draws` records, mostly one-line accesses (1 in 4 a write) at random lines of
    /// a window of half the first level's lines, so runs of hundreds of hits in random order within each set; 1 in 64 a
    /// far line (a miss), 1 in 256 no bytes, 1 in 256 a two-line range; the window moves by a few lines every 1,024
    /// records on average (misses that evict lines hit in a run).
    static func hitRunTrace(seed: UInt64, draws: Int, firstLevel: CacheLevelConfig) -> [TraceRecord] {
        var x = seed
        var window: UInt64 = 0
        let lines = UInt64(firstLevel.sets * firstLevel.ways / 2)
        let size = UInt64(firstLevel.lineSize)
        return (0..<draws).map { _ in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let write = (x >> 8) % 4 == 0
            let offset = (x >> 12) % size
            switch (x >> 20) % 1024 {
            case 0: window += (x >> 40) % 8
            case 1..<16: return TraceRecord(write: write, address: ((x >> 24) % 1_000_000 + 10_000) * size, bytes: 8)
            case 16..<20: return TraceRecord(write: write, address: (window + (x >> 24) % lines) * size, bytes: 0)
            case 20..<24:
                let address = (window + (x >> 24) % lines) * size + offset
                return TraceRecord(write: write, address: address, bytes: Int(2 * size - offset))
            default: break
            }
            let bytes = Int((x >> 32) % (size - offset)) + 1
            return TraceRecord(write: write, address: (window + (x >> 24) % lines) * size + offset, bytes: bytes)
        }
    }

    @Test(arguments: hitRunLevels.keys.sorted(), ReplacementPolicy.allCases)
    func hitRunsEqualOneCallPerRecord(_ hierarchy: String, _ policy: ReplacementPolicy) throws {
        let levels = try #require(Self.hitRunLevels[hierarchy])
        let records = Self.hitRunTrace(seed: 3, draws: 40_000, firstLevel: levels[0])
        let single = try Self.expectBatchEqualsOneCallPerRecord(levels, policy, records) { _ in }
        #expect(single.statistics.levels[0].hits > 30_000 && single.statistics.levels[0].misses > 400)
    }

    /// Runs `records` through one hierarchy one call per record and through one per trace kernel (and none) in pieces
    /// of 1,000 records, expects identical statistics, resident lines and dirty flags, and returns the first.
    static func expectBatchEqualsOneCallPerRecord(_ levels: [CacheLevelConfig], _ policy: ReplacementPolicy,
                                                  _ records: [TraceRecord],
                                                  also check: (CacheHierarchy) -> Void) throws -> CacheHierarchy {
        let single = try CacheHierarchy(levels: levels, policy: policy, seed: 9)
        for r in records { single.access(address: r.address, bytes: r.bytes, write: r.write) }
        #expect(CacheHierarchy.recordsFitKernel)
        for kernel in Self.kernels {
            let batch = try CacheHierarchy(levels: levels, policy: policy, seed: 9)
            // In pieces, so state carries across calls (the repeat shortcut, a stream in progress).
            for piece in stride(from: 0, to: records.count, by: 1000) {
                Array(records[piece..<min(piece + 1000, records.count)]).withUnsafeBufferPointer {
                    batch.access($0, kernel: kernel)
                }
            }
            #expect(batch.statistics == single.statistics)
            for k in levels.indices {
                let resident = batch.residentLines(level: k)
                #expect(resident == single.residentLines(level: k))
                for a in resident { #expect(batch.lookup(address: a, level: k) == single.lookup(address: a, level: k)) }
            }
            check(batch)
        }
        return single
    }
}
