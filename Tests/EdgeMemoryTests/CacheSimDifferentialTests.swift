import EdgeModel
import Foundation
import Testing
@testable import EdgeMemory

/// Exact agreement with pycachesim 0.3.1 (fixtures from scripts/make_cachesim_fixtures.py; the script's docstring
/// explains how a trace maps onto pycachesim and why the hierarchy uses `WritebackMissPolicy.fetch`).
struct CacheSimDifferentialTests {
    struct Expected: Decodable {
        struct Level: Decodable {
            var name: String
            var hits: Int
            var misses: Int
            var writebacks: Int
            var evictions: Int
            var validLines: Int
            var lineAddressSum: UInt64
        }
        struct Case: Decodable {
            var trace: String
            var hierarchy: String
            var levels: [Level]
        }
        var hierarchies: [String: [CacheLevelConfig]]
        var cases: [Case]
    }

    static let expected: Expected = {
        do {
            let data = try Data(contentsOf: Fixtures.url("cachesim/expected.json"))
            return try JSONDecoder().decode(Expected.self, from: data)
        } catch {
            fatalError("cannot read cachesim fixtures: \(error)")
        }
    }()

    static var caseNames: [String] { expected.cases.map { "\($0.trace) on \($0.hierarchy)" } }

    @Test("matches pycachesim", arguments: caseNames)
    func matchesPycachesim(_ name: String) throws {
        let c = try #require(Self.expected.cases.first { "\($0.trace) on \($0.hierarchy)" == name })
        let levels = try #require(Self.expected.hierarchies[c.hierarchy])
        let records = try MemoryTrace.load(path: Fixtures.url("cachesim/" + c.trace).path)
        let hierarchy = try CacheHierarchy(levels: levels, policy: .lru, seed: 0, writebackMiss: .fetch, file: "",
                                           streaming: true)
        for r in records { hierarchy.access(address: r.address, bytes: r.bytes, write: r.write) }
        // The whole trace in one call: the trace kernel.
        let batch = try CacheHierarchy(levels: levels, policy: .lru, seed: 0, writebackMiss: .fetch, file: "",
                                       streaming: true)
        batch.access(records)
        #expect(batch.statistics == hierarchy.statistics)
        let stats = hierarchy.statistics
        if c.trace == "longranges.trace", c.hierarchy != "mixed-lines" {
            #expect(hierarchy.run.pointee.streamedLines > 0, "the streaming shortcut was exercised")
        }
        for (i, want) in c.levels.enumerated() {
            let got = stats.levels[i]
            #expect(got.hits == want.hits, "\(want.name) hits")
            #expect(got.misses == want.misses, "\(want.name) misses")
            #expect(got.writebacks == want.writebacks, "\(want.name) writebacks")
            #expect(got.evictions == want.evictions, "\(want.name) evictions")
            let resident = hierarchy.residentLines(level: i)
            #expect(resident.count == want.validLines, "\(want.name) valid lines")
            #expect(resident.reduce(0, &+) == want.lineAddressSum, "\(want.name) resident line addresses")
            #expect(batch.residentLines(level: i) == resident, "\(want.name) resident lines of the whole-trace call")
        }
    }
}
