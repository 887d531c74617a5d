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

    /// Deferred streaming work applied at every snapshot (few pending lines: per-line replacement) and after
    /// long stretches (pending ≥ a level's capacity: rebuild), the stream continuing in between.
    @Test func deferredStreamSettlesAtEverySnapshot() throws {
        let fast = try CacheHierarchy(levels: Self.levels)
        let reference = try CacheHierarchy(levels: Self.levels, policy: .lru, seed: 0, writebackMiss: .allocate,
                                           file: "", streaming: false)
        var line: UInt64 = 0
        for stretch in [300, 1, 5, 20, 70, 200, 3, 1000] {
            for _ in 0..<stretch {
                for h in [fast, reference] { h.access(address: line << 6, bytes: 64, write: false) }
                line += 1
            }
            #expect(fast.statistics == reference.statistics)
            for k in Self.levels.indices {
                #expect(fast.residentLines(level: k).sorted() == reference.residentLines(level: k).sorted())
            }
        }
        #expect(fast.run.pointee.streamedLines > 1000)
    }

    /// An L1 / L2 / 8192-line memory-side SLC hierarchy twice: with the streaming shortcut and without it (the
    /// line-by-line reference).
    static func withAndWithoutStreaming(_ policy: ReplacementPolicy = .lru) throws -> ([CacheLevelConfig], CacheHierarchy, CacheHierarchy) {
        let levels = [CacheLevelConfig(name: "L1", sets: 8, ways: 2, lineSize: 64),
                      CacheLevelConfig(name: "L2", sets: 64, ways: 4, lineSize: 64),
                      CacheLevelConfig(name: "SLC", sets: 1024, ways: 8, lineSize: 64, inclusion: .memorySide)]
        return (levels, try CacheHierarchy(levels: levels, policy: policy),
                try CacheHierarchy(levels: levels, policy: policy, seed: 0, writebackMiss: .allocate, file: "", streaming: false))
    }

    /// Per-line reads from line 0 into a cold hierarchy: the state is checked after `missRunBase` (4096) misses,
    /// while the 8192-line SLC is half empty, so the deferred lines fill empty ways (no eviction) as well as evict,
    /// per line and by rebuild. With dirty lines written first (above the reads), that check fails and the next
    /// comes after a run twice as long (8192), when every level has been turned over. Under LRU and tree-PLRU.
    @Test(arguments: [false, true], [ReplacementPolicy.lru, .plru])
    func streamingIntoEmptyWaysEqualsLineByLine(dirtyFirst: Bool, policy: ReplacementPolicy) throws {
        let (levels, fast, reference) = try Self.withAndWithoutStreaming(policy)
        #expect(fast.missRunBase == 4096 && fast.largestCapacityLines == 8192)
        if dirtyFirst {
            for h in [fast, reference] { h.access(address: 0x40_0000, bytes: 64 * 300, write: true) }
        }
        var line: UInt64 = 0
        let stretches = [4200, 1, 30, 700, 2500, 9000, 5]  // 16,436 lines
        for stretch in stretches {
            for _ in 0..<stretch {
                for h in [fast, reference] { h.access(address: line << 6, bytes: 64, write: false) }
                line += 1
            }
            #expect(fast.statistics == reference.statistics)
            for k in levels.indices {
                #expect(fast.residentLines(level: k).sorted() == reference.residentLines(level: k).sorted())
            }
        }
        // Streaming from line 4096 (cold), or from 4096 + 8192 (the first check failed).
        #expect(fast.run.pointee.streamedLines == 16436 - (dirtyFirst ? 4096 + 8192 : 4096))
        #expect(reference.run.pointee.streamedLines == 0)
    }

    /// One long range read (40,000 lines, over 4 Σ C_k = 33,856) on the same hierarchy: checked after a first
    /// window of 4,096 lines (cold: streaming from there), or, with dirty lines written first, after a second
    /// window of 8,192.
    @Test(arguments: [false, true])
    func rangeReadChecksAfterShortWindows(dirtyFirst: Bool) throws {
        let (levels, fast, reference) = try Self.withAndWithoutStreaming()
        #expect(fast.streamThreshold == 33856)
        for h in [fast, reference] {
            if dirtyFirst { h.access(address: 0x40_0000, bytes: 64 * 300, write: true) }
            h.access(address: 0, bytes: 64 * 40000, write: false)
            h.access(address: 0x100, bytes: 8, write: true)
        }
        #expect(fast.statistics == reference.statistics)
        for k in levels.indices {
            #expect(fast.residentLines(level: k).sorted() == reference.residentLines(level: k).sorted())
        }
        #expect(fast.run.pointee.streamedLines == 40000 - (dirtyFirst ? 4096 + 8192 : 4096))
    }

    /// The first-level shortcut alone (line sizes differ, so the whole-hierarchy one is off), with dirty lines
    /// from writes in and around the ranges.
    @Test func firstLevelShortcutEqualsLineByLine() throws {
        let levels = [
            CacheLevelConfig(name: "L1", sets: 8, ways: 2, lineSize: 64),
            CacheLevelConfig(name: "L2", sets: 16, ways: 4, lineSize: 128),
            CacheLevelConfig(name: "SLC", sets: 32, ways: 4, lineSize: 128, inclusion: .memorySide),
        ]
        let accesses = Self.noise(3, count: 300) + [(0x10040, 9000, false)] + Self.noise(4, count: 300)
            + [(0x11000, 3000, false), (0x10000, 70_000, false)] + Self.noise(5, count: 300)
        let ranges = try CacheHierarchy(levels: levels)
        let reference = try CacheHierarchy(levels: levels, policy: .lru, seed: 0, writebackMiss: .allocate,
                                           file: "", streaming: false)
        Self.replay(ranges, accesses, perLine: false)
        Self.replay(reference, accesses, perLine: true)
        #expect(ranges.firstLevelStreamThreshold == 64 && reference.firstLevelStreamThreshold == 0)
        let (f, r) = (ranges.statistics, reference.statistics)
        #expect(f.levels == r.levels)
        #expect(f.dramReadBytes == r.dramReadBytes && f.dramWriteBytes == r.dramWriteBytes)
        for k in levels.indices {
            let resident = ranges.residentLines(level: k).sorted()
            #expect(resident == reference.residentLines(level: k).sorted())
            for a in resident { #expect(ranges.lookup(address: a, level: k) == reference.lookup(address: a, level: k)) }
        }
    }

    /// Tree-PLRU streaming with way counts that cycle (1, 2, 4: whole cycles skipped in `settlePLRU`) and that do
    /// not (3: the cut tree, fill by fill), after dirty writes and random reads, settled at snapshots after short
    /// and long stretches: the same as line by line.
    @Test func plruStreamingEqualsLineByLine() throws {
        let levels = [CacheLevelConfig(name: "L1", sets: 4, ways: 3, lineSize: 64),
                      CacheLevelConfig(name: "L2", sets: 32, ways: 4, lineSize: 64),
                      CacheLevelConfig(name: "L3", sets: 64, ways: 1, lineSize: 64),
                      CacheLevelConfig(name: "SLC", sets: 256, ways: 2, lineSize: 64, inclusion: .memorySide)]
        let fast = try CacheHierarchy(levels: levels, policy: .plru)
        let reference = try CacheHierarchy(levels: levels, policy: .plru, seed: 0, writebackMiss: .allocate,
                                           file: "", streaming: false)
        Self.replay(fast, Self.noise(11, count: 300), perLine: true)
        Self.replay(reference, Self.noise(11, count: 300), perLine: true)
        var line: UInt64 = 0x1000
        for stretch in [3000, 2, 17, 600, 5000, 1] {
            for _ in 0..<stretch {
                for h in [fast, reference] { h.access(address: line << 6, bytes: 64, write: false) }
                line += 1
            }
            #expect(fast.statistics == reference.statistics)
            for k in levels.indices { #expect(fast.residentLines(level: k) == reference.residentLines(level: k)) }
        }
        #expect(fast.run.pointee.streamedLines > 5000)
        // Later accesses see the same replacement state.
        Self.replay(fast, Self.noise(12, count: 300), perLine: false)
        Self.replay(reference, Self.noise(12, count: 300), perLine: true)
        let (f, r) = (fast.statistics, reference.statistics)
        #expect(f.levels == r.levels && f.dramReadBytes == r.dramReadBytes && f.dramWriteBytes == r.dramWriteBytes)
    }

    @Test func notTakenForWritesOrOtherPolicies() throws {
        let random = try CacheHierarchy(levels: Self.levels, policy: .random)
        random.access(address: 0, bytes: 1 << 20, write: false)
        let write = try CacheHierarchy(levels: Self.levels)
        write.access(address: 0, bytes: 1 << 20, write: true)
        #expect(random.run.pointee.streamedLines == 0 && write.run.pointee.streamedLines == 0)
        let read = try CacheHierarchy(levels: Self.levels)
        read.access(address: 0, bytes: 1 << 20, write: false)
        #expect(read.run.pointee.streamedLines == (1 << 14) - 128)  // one window of the largest capacity
    }

    /// Found by the trace fuzz target: a long read starting at line 0 ends a miss run whose streaming window would
    /// begin below address 0 (the window start wrapped around and trapped). Same accesses line by line, no shortcut.
    @Test func streamingCheckNearAddressZeroMatchesLineByLine() throws {
        let levels = [CacheLevelConfig(name: "L1", sets: 16, ways: 4, lineSize: 64),
                      CacheLevelConfig(name: "L2", sets: 64, ways: 8, lineSize: 64)]
        let accesses: [(UInt64, Int, Bool)] = [(0x24, 188_024, false), (0o20, 4, false), (0x224950, 4, false), (0x220, 4, false)]
        let ranges = try CacheHierarchy(levels: levels)
        let reference = try CacheHierarchy(levels: levels, policy: .lru, seed: 0, writebackMiss: .allocate,
                                           file: "", streaming: false)
        Self.replay(ranges, accesses, perLine: false)
        Self.replay(reference, accesses, perLine: true)
        #expect(ranges.statistics.levels == reference.statistics.levels)
        // 0x24 + 188,024 bytes touch lines 0 … 2938 (2939 lines); then three one-line reads.
        let first = ranges.statistics.levels[0]
        #expect(first.hits + first.misses == 2939 + 3)
    }
}
