import Testing
@testable import EdgeMemory

/// Hand-worked cases for a two-level model: 1 KiB and 4 KiB effective LRU capacity, 64-byte lines.
@Suite struct ReuseDistanceModelTests {
    func model() -> ReuseDistanceModel { ReuseDistanceModel(capacities: [1024, 4096], lineSize: 64) }

    @Test func coldRangeComesFromDRAMAndRoundsOutToLines() {
        var m = model()
        m.access(address: 100, bytes: 100, write: false)   // lines 64…255: three lines
        #expect(m.served == [0, 0, 192])
    }

    @Test func rescanHitsTheFirstLevelThatHoldsIt() {
        var m = model()
        m.access(address: 0, bytes: 512, write: false)
        m.access(address: 0, bytes: 512, write: false)      // distance 0 + 512 ≤ 1 KiB
        #expect(m.served == [512, 0, 512])
        m.access(address: 4096, bytes: 1024, write: false)  // 1 KiB of other data in between
        m.access(address: 0, bytes: 512, write: false)      // 1024 + 512 > 1 KiB, ≤ 4 KiB: second level
        #expect(m.served == [512, 512, 1536])
        m.access(address: 8192, bytes: 4096, write: false)
        m.access(address: 0, bytes: 512, write: false)      // 4096 + 512 > 4 KiB: DRAM again
        #expect(m.served == [512, 512, 1536 + 4096 + 512])
    }

    /// A second level of 8 KiB (LRU) with a measured retention of 2 KiB…6 KiB: a 4 KiB block read again right after
    /// its first read (distance 4 KiB) is held in the share (6 − 4) / (6 − 2) = 1/2, so the level serves 2 KiB of it
    /// and DRAM the rest; without the retention the 8 KiB level serves it all.
    @Test func retentionSetsTheShareOfAReReadTheLevelServes() {
        var l2 = CacheLevelConfig(name: "L2", sets: 16, ways: 8, lineSize: 64)
        func served(_ l2: CacheLevelConfig) -> [Int] {
            let levels = FastTraffic(levels: [CacheLevelConfig(name: "L1", sets: 4, ways: 4, lineSize: 64), l2]).levels
            var m = ReuseDistanceModel(levels: levels, missStream: [false, false], lineSize: 64)
            m.access(address: 0, bytes: 4096, write: false)
            m.access(address: 0, bytes: 4096, write: false)
            return m.served
        }
        #expect(served(l2) == [0, 4096, 4096])
        l2.retention = 2048...6144
        #expect(served(l2) == [0, 2048, 4096 + 2048])
    }

    @Test func partialOverlapSplitsByLastUse() {
        var m = model()
        m.access(address: 0, bytes: 2048, write: false)     // cold
        // Head: nothing newer, but the first scan went on to 2048 after it → distance 2048 → level 2.
        m.access(address: 0, bytes: 256, write: false)
        // Whole range: the head [0,256) was last scanned alone → distance 256 → level 1; the tail [256,2048)
        // has the head newer (256) plus the rest of its scan (1792) → distance 2048 → level 2.
        m.access(address: 0, bytes: 2048, write: false)
        #expect(m.served == [256, 256 + 1792, 2048])
    }

    @Test func dirtyDataEvictedPastTheLastLevelIsWrittenBack() {
        var m = model()
        m.access(address: 0, bytes: 256, write: true)
        m.access(address: 1 << 20, bytes: 8192, write: false)
        m.access(address: 0, bytes: 256, write: false)      // evicted meanwhile: counted once
        #expect(m.writebackBytes == 256)
        m.access(address: 0, bytes: 256, write: true)
        m.flush()                                            // still resident: nothing more
        #expect(m.writebackBytes == 256)
        m.access(address: 2 << 20, bytes: 8192, write: false)
        m.flush()
        #expect(m.writebackBytes == 512)
    }

    @Test func compactionKeepsDistances() {
        var m = model()
        // 140,000 accesses: past the 65,536 stamps twice, so the stamps are renumbered twice.
        for i in 0..<140_000 { m.access(address: UInt64(i % 8) * 128, bytes: 128, write: false) }
        // Eight 128-byte lines cycled: after the first round every access has distance 1 KiB → first level.
        #expect(m.served == [(140_000 - 8) * 128, 0, 8 * 128])
    }

    @Test func aCopyKeepsItsOwnState() {
        var m = model()
        m.access(address: 0, bytes: 512, write: true)
        var copy = m
        copy.access(address: 0, bytes: 512, write: false)   // distance 512 ≤ 1 KiB: the copy's first level
        copy.access(address: 8192, bytes: 8192, write: false)
        copy.flush()                                         // the dirty 512 B no longer fit: written back
        #expect(copy.served == [512, 0, 512 + 8192] && copy.writebackBytes == 512)
        #expect(m.served == [0, 0, 512] && m.writebackBytes == 0)
        m.access(address: 0, bytes: 512, write: false)       // the original still holds its own recency
        #expect(m.served == [512, 0, 512])
    }
}
