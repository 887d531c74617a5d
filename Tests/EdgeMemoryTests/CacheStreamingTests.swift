import Testing
@testable import EdgeMemory

/// The streaming shortcut for long sequential reads against the same accesses made one line at a time (which
/// never take it): identical counters, resident lines, dirty flags and later behaviour.
struct CacheStreamingTests {
    static let levels = [
        CacheLevelConfig(name: "L1", sets: 8, ways: 2, lineSize: 64),
        CacheLevelConfig(name: "L2", sets: 16, ways: 4, lineSize: 64),
        CacheLevelConfig(name: "SLC", sets: 32, ways: 4, lineSize: 64, inclusion: .memorySide),
    ]

    /// A deterministic mix of small reads and writes in a 64 KiB window.
    static func noise(_ seed: UInt64, count: Int) -> [(UInt64, Int, Bool)] {
        var x = seed
        return (0..<count).map { _ in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (0x10000 + (x >> 20) % 65536, Int((x >> 8) % 100) + 1, (x >> 4) % 3 == 0)
        }
    }

    static func replay(_ h: CacheHierarchy, _ accesses: [(UInt64, Int, Bool)], perLine: Bool) {
        for (address, bytes, write) in accesses {
            if perLine {
                var a = address & ~63
                while a < address + UInt64(bytes) { h.access(address: a, bytes: 1, write: write); a += 64 }
            } else {
                h.access(address: address, bytes: bytes, write: write)
            }
        }
    }

    static let ranges: [(start: UInt64, bytes: Int)] = [(0x10000, 64 * 1024), (0x12340, 200 * 1024 + 17), (0x30000, 41 * 1024)]

    @Test(arguments: ranges)
    func shortcutEqualsLineByLine(start: UInt64, bytes: Int) throws {
        let accesses = Self.noise(7, count: 400) + [(start, bytes, false), (start + UInt64(bytes), 8192, false)]
            + Self.noise(8, count: 400) + [(start + 4096, bytes, false)] + Self.noise(9, count: 400)
        // Ranges as calls, and the same accesses one call per line, both with the shortcut; the reference has none.
        let ranges = try CacheHierarchy(levels: Self.levels)
        let lines = try CacheHierarchy(levels: Self.levels)
        let reference = try CacheHierarchy(levels: Self.levels, policy: .lru, seed: 0, writebackMiss: .allocate,
                                           file: "", streaming: false)
        Self.replay(ranges, accesses, perLine: false)
        Self.replay(lines, accesses, perLine: true)
        Self.replay(reference, accesses, perLine: true)
        let r = reference.statistics
        for fast in [ranges, lines] {
            let f = fast.statistics
            #expect(f.levels == r.levels)
            #expect(f.dramReadBytes == r.dramReadBytes && f.dramWriteBytes == r.dramWriteBytes)
            for k in Self.levels.indices {
                let resident = fast.residentLines(level: k).sorted()
                #expect(resident == reference.residentLines(level: k).sorted())
                for a in resident { #expect(fast.lookup(address: a, level: k) == reference.lookup(address: a, level: k)) }
            }
        }
        #expect(reference.run.pointee.streamedLines == 0)
        if bytes / 64 > 4 * (16 + 64 + 128) {
            #expect(ranges.run.pointee.streamedLines > 0)
            #expect(lines.run.pointee.streamedLines > 0)
        }
    }

    @Test func notTakenForWritesOrOtherPolicies() throws {
        let plru = try CacheHierarchy(levels: Self.levels, policy: .plru)
        plru.access(address: 0, bytes: 1 << 20, write: false)
        let write = try CacheHierarchy(levels: Self.levels)
        write.access(address: 0, bytes: 1 << 20, write: true)
        #expect(plru.run.pointee.streamedLines == 0 && write.run.pointee.streamedLines == 0)
        let read = try CacheHierarchy(levels: Self.levels)
        read.access(address: 0, bytes: 1 << 20, write: false)
        #expect(read.run.pointee.streamedLines == (1 << 14) - (16 + 64 + 128))
    }
}
