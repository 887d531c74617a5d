import Foundation
import Testing

@Suite struct ReplayCommandTests {
    static let profile = "Tests/Fixtures/profiles/pycachesim-three-level.json"

    @Test func jsonMatchesPycachesimAndIsStable() throws {
        let arguments = ["replay", "--trace", "Tests/Fixtures/cachesim/mixed.trace", "--hierarchy", Self.profile,
                         "--writeback-miss", "fetch", "--format", "json"]
        let a = try EdgeProfCLI.run(arguments)
        let b = try EdgeProfCLI.run(arguments)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.contains("accesses/s"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        let stats = try #require(json["statistics"] as? [String: Any])
        let levels = try #require(stats["levels"] as? [[String: Any]])

        let expected = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "Tests/Fixtures/cachesim/expected.json"))) as? [String: Any])
        let cases = try #require(expected["cases"] as? [[String: Any]])
        let want = try #require(cases.first { $0["trace"] as? String == "mixed.trace" && $0["hierarchy"] as? String == "three-level" })
        let wantLevels = try #require(want["levels"] as? [[String: Any]])
        for (got, w) in zip(levels, wantLevels) {
            for key in ["hits", "misses", "writebacks", "evictions"] {
                #expect(got[key] as? Int == w[key] as? Int, "\(w["name"] ?? "") \(key)")
            }
        }
    }

    @Test func tableReportsSpeed() throws {
        let r = try EdgeProfCLI.run(["replay", "--trace", "Tests/Fixtures/cachesim/strided.trace", "--hierarchy", "iphone13"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("SLC") && r.stdout.contains("M line accesses/s"))
    }

    @Test func malformedTraceLineExitsTwo() throws {
        let dir = try EdgeProfCLI.temporaryDirectory()
        let trace = dir.appendingPathComponent("bad.trace")
        try Data("R 0x40 8\n# ok\nR 0x40 eight\n".utf8).write(to: trace)
        let r = try EdgeProfCLI.run(["replay", "--trace", trace.path, "--hierarchy", "rpi5"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(trace.path) && r.stderr.contains("line 3"))
    }

    @Test func invalidProfileExitsTwo() throws {
        let r = try EdgeProfCLI.run(["replay", "--trace", "Tests/Fixtures/cachesim/strided.trace",
                                     "--hierarchy", "Tests/Fixtures/profiles/unknown-unit.json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown-unit.json") && r.stderr.contains("caches[2].latency.unit"))
    }
}
