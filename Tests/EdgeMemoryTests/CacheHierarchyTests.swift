import EdgeModel
import Testing
@testable import EdgeMemory

/// Hand-computed cases: one set per level, 64-byte lines, lines A, B, C, … at distinct addresses of that set.
struct CacheHierarchyTests {
    static let line = 64
    /// Line `i` of set 0 for a level with `sets` sets.
    static func addr(_ i: Int, sets: Int = 1) -> UInt64 { UInt64(i * sets * line) }
    static let (A, B, C, D, E) = (addr(0), addr(1), addr(2), addr(3), addr(4))

    static func level(_ name: String, ways: Int, _ inclusion: CacheInclusion = .nonInclusive) -> CacheLevelConfig {
        CacheLevelConfig(name: name, sets: 1, ways: ways, lineSize: line, inclusion: inclusion)
    }

    static func run(_ h: CacheHierarchy, _ seq: [(UInt64, Bool)]) -> HierarchyStatistics {
        for (a, w) in seq { h.access(address: a, bytes: 8, write: w) }
        return h.statistics
    }

    static func reads(_ seq: UInt64...) -> [(UInt64, Bool)] { seq.map { ($0, false) } }

    @Test func lruTwoWaySetThrashedByThreeLines() throws {
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 2)])
        let s = Self.run(h, Self.reads(Self.A, Self.B, Self.C, Self.A, Self.B, Self.C))
        #expect(s.levels[0].hits == 0)
        #expect(s.levels[0].misses == 6)
        #expect(s.levels[0].evictions == 4)
        #expect(s.dramReadBytes == 6 * 64)
    }

    @Test func lruKeepsTheRecentlyUsedLine() throws {
        // A B A C: C evicts B (least recent), so A hits again and B misses.
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 2)])
        let s = Self.run(h, Self.reads(Self.A, Self.B, Self.A, Self.C, Self.A, Self.B))
        #expect(s.levels[0].hits == 2)
        #expect(s.levels[0].misses == 4)
        #expect(s.levels[0].evictions == 2)
    }

    @Test func treePLRUDiffersFromLRU() throws {
        // 4 ways: A B C D fill ways 0-3; the A hit points the root right and node 3 left, so E replaces C
        // (PLRU) where LRU replaces B. The final B hits under PLRU and misses under LRU.
        let seq = Self.reads(Self.A, Self.B, Self.C, Self.D, Self.A, Self.E, Self.B)
        let plru = Self.run(try CacheHierarchy(levels: [Self.level("L1", ways: 4)], policy: .plru), seq)
        let lru = Self.run(try CacheHierarchy(levels: [Self.level("L1", ways: 4)], policy: .lru), seq)
        #expect((plru.levels[0].hits, plru.levels[0].misses) == (2, 5))
        #expect((lru.levels[0].hits, lru.levels[0].misses) == (1, 6))
    }

    @Test func plruOnThreeWaysNeverPicksAMissingWay() throws {
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 3)], policy: .plru)
        let s = Self.run(h, (0..<300).map { (Self.addr($0 % 5), false) })
        #expect(s.levels[0].hits + s.levels[0].misses == 300)
        #expect(h.residentLines(level: 0).count == 3)
    }

    @Test func randomIsDeterministicPerSeed() throws {
        let seq = (0..<2000).map { (Self.addr(($0 * 7919) % 11), $0 % 3 == 0) }
        func run(_ seed: UInt64) throws -> HierarchyStatistics {
            Self.run(try CacheHierarchy(levels: [Self.level("L1", ways: 4), Self.level("L2", ways: 8)],
                                        policy: .random, seed: seed), seq)
        }
        #expect(try run(42) == run(42))
        #expect(try run(42) != run(43))
        // Invalid ways fill first: four lines in a 4-way set never evict.
        let fill = Self.run(try CacheHierarchy(levels: [Self.level("L1", ways: 4)], policy: .random, seed: 1),
                            Self.reads(Self.A, Self.B, Self.C, Self.D, Self.A, Self.B, Self.C, Self.D))
        #expect(fill.levels[0].evictions == 0)
        #expect(fill.levels[0].hits == 4)
    }

    @Test func dirtyVictimIsWrittenBack() throws {
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 1)])
        let s = Self.run(h, [(Self.A, true), (Self.B, false), (Self.C, false)])
        #expect(s.levels[0].writebacks == 1)
        #expect(s.levels[0].evictions == 2)
        #expect(s.dramWriteBytes == 64)
        #expect(s.dramReadBytes == 3 * 64)
    }

    @Test func exclusiveLevelHoldsVictimsOnly() throws {
        // L1 1 way, exclusive L2 2 ways: A B C fill L2 with victims A, B; A then hits in L2 and moves up,
        // C goes down. A non-inclusive 2-way L2 would have evicted A for C.
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 1), Self.level("L2", ways: 2, .exclusive)])
        let s = Self.run(h, Self.reads(Self.A, Self.B, Self.C, Self.A))
        #expect((s.levels[0].hits, s.levels[0].misses, s.levels[0].evictions) == (0, 4, 3))
        #expect((s.levels[1].hits, s.levels[1].misses, s.levels[1].invalidations) == (1, 3, 1))
        #expect(s.dramReadBytes == 3 * 64)
        #expect(h.lookup(address: Self.A, level: 1).present == false)
        #expect(h.lookup(address: Self.B, level: 1).present && h.lookup(address: Self.C, level: 1).present)

        let nine = Self.run(try CacheHierarchy(levels: [Self.level("L1", ways: 1), Self.level("L2", ways: 2)]),
                            Self.reads(Self.A, Self.B, Self.C, Self.A))
        #expect((nine.levels[1].hits, nine.levels[1].misses) == (0, 4))
    }

    @Test func exclusiveLevelHandsDirtyLinesUp() throws {
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 1), Self.level("L2", ways: 2, .exclusive)])
        _ = Self.run(h, [(Self.A, true), (Self.B, false), (Self.A, false)])
        #expect(h.lookup(address: Self.A, level: 0) == (true, true))
        #expect(h.statistics.levels[0].writebacks == 1)
        #expect(h.statistics.dramWriteBytes == 0)
    }

    @Test func inclusiveLevelBackInvalidates() throws {
        // A B A C A with L1 2 ways over an inclusive 2-way L2: the L1 hit on A does not refresh A in L2, so C
        // evicts A from L2 and from L1; the last A misses and evicts B from both.
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 2), Self.level("L2", ways: 2, .inclusive)])
        let s = Self.run(h, Self.reads(Self.A, Self.B, Self.A, Self.C, Self.A))
        #expect((s.levels[0].hits, s.levels[0].misses, s.levels[0].evictions, s.levels[0].invalidations) == (1, 4, 0, 2))
        #expect((s.levels[1].hits, s.levels[1].misses, s.levels[1].evictions) == (0, 4, 2))

        let nine = Self.run(try CacheHierarchy(levels: [Self.level("L1", ways: 2), Self.level("L2", ways: 2)]),
                            Self.reads(Self.A, Self.B, Self.A, Self.C, Self.A))
        #expect((nine.levels[0].hits, nine.levels[0].misses) == (2, 3))
    }

    @Test func inclusiveEvictionCarriesDirtyDataFromAbove() throws {
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 2), Self.level("L2", ways: 2, .inclusive)])
        let s = Self.run(h, [(Self.A, true), (Self.B, false), (Self.C, false)])
        #expect(s.levels[0].writebacks == 0)
        #expect(s.levels[1].writebacks == 1)
        #expect(s.dramWriteBytes == 64)
    }

    @Test func memorySideCacheTakesWritebacks() throws {
        // W A, R B, R C: A's write-back marks the SLC copy dirty without refreshing it, so C evicts A from the
        // SLC and A reaches DRAM.
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 1), Self.level("SLC", ways: 2, .memorySide)])
        let s = Self.run(h, [(Self.A, true), (Self.B, false), (Self.C, false)])
        #expect(s.levels[0].writebacks == 1)
        #expect(s.levels[1].writebacks == 1)
        #expect(s.dramWriteBytes == 64)
        #expect(h.lookup(address: Self.B, level: 1).present && h.lookup(address: Self.C, level: 1).present)
    }

    @Test func writebackMissAllocatesOrFetches() throws {
        // L1 1 way over a 1-way SLC: B's fill evicts A from the SLC before L1 writes dirty A back.
        let levels = [Self.level("L1", ways: 1), Self.level("SLC", ways: 1, .memorySide)]
        let seq: [(UInt64, Bool)] = [(Self.A, true), (Self.B, false)]
        let allocate = Self.run(try CacheHierarchy(levels: levels, writebackMiss: .allocate), seq)
        let fetch = Self.run(try CacheHierarchy(levels: levels, writebackMiss: .fetch), seq)
        #expect((allocate.levels[1].misses, allocate.dramReadBytes) == (2, 128))
        #expect((fetch.levels[1].misses, fetch.dramReadBytes) == (3, 192))
    }

    @Test func multiLineAccessesAndSameLineRepeats() throws {
        let h = try CacheHierarchy(levels: [CacheLevelConfig(name: "L1", sets: 4, ways: 2, lineSize: 64)])
        h.access(address: 60, bytes: 8, write: false)  // lines 0 and 1
        h.access(address: 64, bytes: 4, write: true)   // line 1 again: same-line fast path, marks dirty
        h.access(address: 0, bytes: 256, write: false) // lines 0-3
        let s = h.statistics
        #expect((s.accesses, s.lineAccesses, s.requestedBytes) == (3, 7, 268))
        #expect((s.levels[0].hits, s.levels[0].misses) == (3, 4))
        #expect(s.levels[0].bytesServed == 3 * 64)
        #expect(h.lookup(address: 64, level: 0) == (true, true))
    }

    @Test func opDeltasFromSnapshots() throws {
        let h = try CacheHierarchy(levels: [Self.level("L1", ways: 2)])
        _ = Self.run(h, Self.reads(Self.A, Self.B))
        let before = h.statistics
        h.access(range: MemoryRange(address: Self.A, bytes: 8, region: .weight), write: false)
        h.access(range: MemoryRange(address: Self.C, bytes: 8, region: .weight), write: false)
        let op = h.statistics.subtracting(before)
        #expect((op.accesses, op.levels[0].hits, op.levels[0].misses, op.levels[0].evictions) == (2, 1, 1, 1))
        #expect(op.dramReadBytes == 64)
    }

    @Test func rejectsGeometryTheSimulatorCannotTake() {
        let bad: [(CacheLevelConfig, String)] = [
            (CacheLevelConfig(name: "L1", sets: 3, ways: 2, lineSize: 64), "levels[0].sets"),
            (CacheLevelConfig(name: "L1", sets: 4, ways: 17, lineSize: 64), "levels[0].ways"),
            (CacheLevelConfig(name: "L1", sets: 4, ways: 2, lineSize: 48), "levels[0].lineSize"),
            (CacheLevelConfig(name: "L1", sets: 4, ways: 2, lineSize: 64, inclusion: .exclusive), "levels[0].inclusion"),
        ]
        for (config, field) in bad {
            let error = #expect(throws: InputError.self) { try CacheHierarchy(levels: [config]) }
            #expect(error?.field == field)
        }
        let order = #expect(throws: InputError.self) {
            try CacheHierarchy(levels: [Self.level("L1", ways: 1), Self.level("SLC", ways: 1, .memorySide), Self.level("L3", ways: 1)])
        }
        #expect(order?.field == "levels[2].inclusion")
    }
}

extension CacheHierarchyTests {
    @Test func rangeAtTheTopOfTheAddressSpaceIsCut() throws {
        let h = try CacheHierarchy(levels: [CacheLevelConfig(name: "L1", sets: 4, ways: 2, lineSize: 64)])
        h.access(address: UInt64.max - 63, bytes: 256, write: false)
        h.access(address: 0, bytes: 0, write: true)
        #expect(h.statistics.lineAccesses == 1)
        #expect(h.statistics.accesses == 1)
    }

    /// An inclusive level's victim in the last line below 2^64 back-invalidates the dirty copy above (the end of
    /// its byte range used to be computed past 2^64 and trapped).
    @Test func inclusiveVictimAtTheTopOfTheAddressSpace() throws {
        let h = try CacheHierarchy(levels: [CacheLevelConfig(name: "L1", sets: 1, ways: 2, lineSize: 64),
                                            CacheLevelConfig(name: "L2", sets: 1, ways: 1, lineSize: 64, inclusion: .inclusive)])
        h.access(address: UInt64.max - 63, bytes: 64, write: true)  // the last line: dirty in L1, clean in L2
        h.access(address: 0, bytes: 8, write: false)  // L2's only way takes line 0: the last line leaves L1, dirty
        #expect(h.lookup(address: UInt64.max - 63, level: 0) == (false, false))
        let s = h.statistics
        #expect(s.levels[0].invalidations == 1 && s.levels[1].writebacks == 1 && s.dramWriteBytes == 64)
    }
}
