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
            if hierarchy == "streaming", policy != .random { #expect(batch.run.pointee.streamedLines > 0) }
        }
        #expect(single.statistics.levels[0].hits > 500)  // the hit paths ran (about 600–850 hits)
    }
}
