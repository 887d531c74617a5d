@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

struct ShardMergeTests {
    /// A 7-case suite on the tiny fixture model across devices, run whole and in shards.
    private func suite(in dir: URL, name: String = "shard-suite") throws -> LoadedSuite {
        let devices = ["iphone13", "pixel8", "galaxy-s24", "rpi5", "iphone15pro", "dimensity9300", "jetson-orin-nano"]
        let cases = devices.enumerated().map { Fixtures.tinyCase("c\($0)", device: $1, tokens: 2 + $0) }
        return try BenchSuite.load(path: Fixtures.suite(cases, name: name, in: dir))
    }

    private func run(_ suite: LoadedSuite, _ shard: Shard?) throws -> BenchDocument {
        try BenchRunner(suite: suite, locator: Fixtures.locator, mode: .deterministic, shard: shard, repetitions: 1,
                        threads: 1, decodeSlowdown: 0, commit: "0123456789abcdef0123456789abcdef01234567", launcher: nil).run()
    }

    @Test func shardsMergeToTheUnshardedBytes() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaded = try suite(in: dir)
        let whole = try stableJSON(run(loaded, nil))
        for n in [1, 2, 3, 7] {
            let parts = try (1...n).map { (document: try run(loaded, Shard(index: $0, count: n)), path: "shard\($0)") }
            // Every case is in exactly one shard.
            #expect(parts.map(\.document.cases.count).reduce(0, +) == 7)
            // Merge order must not matter.
            let merged = try stableJSON(BenchMerge.merge(parts.reversed()))
            #expect(merged == whole, "N = \(n)")
        }
    }

    @Test func mergeRefusesOverlapsGapsAndMixedSuites() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaded = try suite(in: dir)
        let one = try run(loaded, Shard(index: 1, count: 3)), two = try run(loaded, Shard(index: 2, count: 3))
        let three = try run(loaded, Shard(index: 3, count: 3))
        #expect(throws: InputError.self) { try BenchMerge.merge([(one, "a"), (two, "b")]) }              // gap
        #expect(throws: InputError.self) { try BenchMerge.merge([(one, "a"), (two, "b"), (two, "c"), (three, "d")]) } // overlap
        let otherDir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: otherDir) }
        let other = try run(suite(in: otherDir, name: "other-suite"), Shard(index: 3, count: 3))
        do {
            _ = try BenchMerge.merge([(one, "a"), (two, "b"), (other, "c")])
            Issue.record("mixed suites merged")
        } catch let error as InputError {
            #expect(error.file == "c" && error.field == "suite")
        }
        var newer = three
        newer.build.version = "9.9.9"
        #expect(throws: InputError.self) { try BenchMerge.merge([(one, "a"), (two, "b"), (newer, "c")]) }
        #expect(throws: InputError.self) { try BenchMerge.merge([(run(loaded, nil), "whole")]) }
    }
}
