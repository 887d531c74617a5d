import Foundation
import Testing
import EdgeModel
@testable import EdgeMemory

/// The reuse-distance model against its unoptimised form (`ReferenceReuseDistanceModel`): the same bytes served by
/// every level and DRAM, and the same bytes written back, after every access of random streams and of real model
/// schedules.
@Suite struct ReuseDistanceDifferentialTests {
    /// A model and the reference, built from the same levels.
    struct Pair {
        var model: ReuseDistanceModel
        var reference: ReferenceReuseDistanceModel

        init(levels: [FastLevel], missStream: [Bool], lineSize: Int) {
            model = ReuseDistanceModel(levels: levels, missStream: missStream, lineSize: lineSize)
            reference = ReferenceReuseDistanceModel(levels: levels, missStream: missStream, lineSize: lineSize)
        }

        /// Both models take the access; true when their counters agree afterwards.
        mutating func access(address: UInt64, bytes: Int, write: Bool) -> Bool {
            model.access(address: address, bytes: bytes, write: write)
            reference.access(address: address, bytes: bytes, write: write)
            return model.served == reference.served && model.writebackBytes == reference.writebackBytes
        }

        mutating func flush() -> Bool {
            model.flush()
            reference.flush()
            return model.writebackBytes == reference.writebackBytes
        }
    }

    /// xorshift64*: a seeded stream for the random traces.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Int((state &* 2_685_821_657_736_338_717) >> 33) % bound
        }
    }

    /// Hierarchies with fully- and set-associative levels (fractional hits), with and without a memory-side level
    /// (a second stream fed with fractional misses), over 64-byte lines.
    static let hierarchies: [(levels: [FastLevel], missStream: [Bool])] = [
        ([FastLevel(capacity: 1024, wayBytes: 64), FastLevel(capacity: 4096, wayBytes: 64)], [false, false]),
        ([FastLevel(capacity: 2048, wayBytes: 512), FastLevel(capacity: 8192, wayBytes: 1024),
          FastLevel(capacity: 16384, wayBytes: 2048)], [false, false, true]),
        ([FastLevel(capacity: 1536, wayBytes: 256), FastLevel(capacity: 6144, wayBytes: 2048),
          FastLevel(capacity: 12288, wayBytes: 4096)], [false, true, true]),
    ]

    /// Random ranges over 64 KiB: whole and partial re-reads of a few "tensors", unaligned small accesses, writes.
    @Test(arguments: 0..<hierarchies.count)
    func randomStreams(hierarchy: Int) {
        let (levels, missStream) = Self.hierarchies[hierarchy]
        var pair = Pair(levels: levels, missStream: missStream, lineSize: 64)
        var random = Random(state: 0x9E37_79B9_7F4A_7C15 &+ UInt64(hierarchy))
        let tensors: [(UInt64, Int)] = [(0, 3000), (4096, 700), (8192, 9000), (20000, 12000), (40000, 200)]
        var agreed = 0
        let accesses = 6000
        for step in 0..<accesses {
            let address: UInt64, bytes: Int
            switch random.next(4) {
            case 0, 1:   // a tensor, whole
                (address, bytes) = tensors[random.next(tensors.count)]
            case 2:      // part of a tensor
                let (base, size) = tensors[random.next(tensors.count)]
                let offset = random.next(size)
                (address, bytes) = (base + UInt64(offset), 1 + random.next(size - offset))
            default:     // anywhere
                (address, bytes) = (UInt64(random.next(65536)), random.next(2000))
            }
            if pair.access(address: address, bytes: bytes, write: random.next(5) == 0) { agreed += 1 }
            if step % 1000 == 999 && pair.flush() { agreed += 1 }
        }
        #expect(agreed == accesses + accesses / 1000)
        #expect(pair.model.served == pair.reference.served, "served \(pair.model.served) vs \(pair.reference.served)")
    }

    /// More accesses than the stamp tree holds: the renumbering keeps both in step.
    @Test func streamPastTheStampCapacity() {
        let (levels, missStream) = Self.hierarchies[1]
        var pair = Pair(levels: levels, missStream: missStream, lineSize: 64)
        var random = Random(state: 42)
        var agreed = 0
        let accesses = 70_000
        for _ in 0..<accesses {
            let address = UInt64(random.next(32) * 384)
            if pair.access(address: address, bytes: 384 + random.next(2) * 200, write: random.next(7) == 0) { agreed += 1 }
        }
        let flushed = pair.flush()
        #expect(agreed == accesses && flushed)
    }

    /// A prefill and three decode tokens of each small preset on the phones' hierarchies, event by event.
    @Test(arguments: ["iphone13", "galaxy-s24", "pixel8"])
    func modelSchedules(profileID: String) throws {
        let profile = try ProfileLocator(explicitDirectory: Fixtures.profiles.path).load(profileID)
        let configs = Presets.all.filter { $0.parameters < 400_000_000 }
        for config in configs {
            let levels = profile.caches.map(CacheLevelConfig.init)
            let fast = FastTraffic(levels: levels)
            var pair = Pair(levels: fast.levels, missStream: levels.map { $0.inclusion == .memorySide },
                            lineSize: fast.lineSize)
            let tracer = ScheduleTracer(config: config, maxTokens: 8, kvCapacity: 16)
            var events = tracer.events(for: .prefill(tokens: 8))
            for position in 8..<11 { events += tracer.events(for: .decode(position: position)) }
            var accesses = 0, agreed = 0
            for event in events {
                for (ranges, write) in [(event.reads, false), (event.writes, true)] {
                    for range in ranges {
                        accesses += 1
                        if pair.access(address: range.address, bytes: range.bytes, write: write) { agreed += 1 }
                    }
                }
            }
            let flushed = pair.flush()
            #expect(agreed == accesses && flushed, "\(config.name) on \(profileID)")
        }
    }

    /// Decode-like steps: per "layer" a weight read whole, a new KV row written and the rows so far read as one
    /// range, plus a row cut out of a large table; the merged rows leave holes that later rows take (and the
    /// compaction past the stamp capacity drops), on every hierarchy.
    @Test(arguments: 0..<hierarchies.count)
    func appendedRowsReadWhole(hierarchy: Int) {
        let (levels, missStream) = Self.hierarchies[hierarchy]
        var pair = Pair(levels: levels, missStream: missStream, lineSize: 64)
        let row = 192, layers = 6, steps = 1200
        let table: UInt64 = 1 << 24, cache: (Int) -> UInt64 = { UInt64(1 << 20) + UInt64($0) << 16 }
        var agreed = 0, accesses = 0
        func access(_ address: UInt64, _ bytes: Int, _ write: Bool) {
            accesses += 1
            if pair.access(address: address, bytes: bytes, write: write) { agreed += 1 }
        }
        for step in 0..<steps {
            access(table + UInt64(step * 7919 % 500) * 256, 256, false)   // an embedding row
            for layer in 0..<layers {
                access(UInt64(layer) << 12, 4096, false)                  // the layer's weights
                access(cache(layer) + UInt64(step % 300 * row), row, true)  // the new row (wraps: overwrites)
                access(cache(layer), (step % 300 + 1) * row, false)          // every row so far
            }
            if step % 100 == 99 { access(table, 500 * 256, false) }         // the whole table
        }
        let flushed = pair.flush()
        #expect(agreed == accesses && flushed)
    }
}
