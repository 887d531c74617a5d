import Foundation
import Testing

/// `bench` then `gate` on a one-case suite whose model and device profile are copies the tests edit, as a
/// pull request would: simulated results that move must fail the gate, naming case and metric.
struct GateCommandTests {
    /// A scratch tree: `profiles/iphone13.json`, `model/config.json` (Benchmarks/models/bench-small), `suite.json`.
    struct Tree {
        let dir: URL
        var profile: URL { dir.appendingPathComponent("profiles/iphone13.json") }
        var model: URL { dir.appendingPathComponent("model/config.json") }

        init() throws {
            dir = try EdgeProfCLI.temporaryDirectory()
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let fm = FileManager.default
            try fm.createDirectory(at: profile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.createDirectory(at: model.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: root.appendingPathComponent("DeviceProfiles/iphone13.json"), to: profile)
            try fm.copyItem(at: root.appendingPathComponent("Benchmarks/models/bench-small/config.json"), to: model)
            let suite = #"{"schemaVersion": 1, "name": "gate-test", "cases": [{"id": "small-f16", "model": "model", "#
                + #""device": "iphone13", "precision": "f16", "prompt": 16, "tokens": 4}]}"#
            try Data(suite.utf8).write(to: dir.appendingPathComponent("suite.json"))
        }

        /// Runs `bench --mode deterministic` into `name` and returns its path.
        func bench(_ name: String) throws -> String {
            let out = dir.appendingPathComponent(name).path
            let r = try EdgeProfCLI.run(["bench", "--suite", dir.appendingPathComponent("suite.json").path, "--mode",
                                         "deterministic", "--profiles-dir", dir.appendingPathComponent("profiles").path,
                                         "--output", out])
            #expect(r.status == 0, "\(r.stderr)")
            return out
        }

        func gate(_ base: String, _ current: String, _ extra: [String] = []) throws -> EdgeProfCLI.Result {
            try EdgeProfCLI.run(["gate", "--baseline", base, "--current", current] + extra)
        }

        /// Rewrites a JSON file through `change`.
        func edit(_ url: URL, _ change: (inout [String: Any]) -> Void) throws {
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            change(&json)
            try JSONSerialization.data(withJSONObject: json).write(to: url)
        }

        func scaleDRAMBandwidth(by factor: Double) throws {
            try edit(profile) { json in
                var dram = json["dram"] as! [String: Any]
                var bandwidth = dram["peakBandwidth"] as! [String: Any]
                bandwidth["value"] = (bandwidth["value"] as! Double) * factor
                dram["peakBandwidth"] = bandwidth
                json["dram"] = dram
            }
        }
    }

    @Test func unchangedTreePassesAndSlowerDRAMFails() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.dir) }
        let base = try tree.bench("base.json")
        let same = try tree.gate(base, try tree.bench("same.json"))
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("EdgeProf gate: PASS"))

        // 10 % less DRAM bandwidth: decode is slower, so the gate fails naming the case and the metric.
        try tree.scaleDRAMBandwidth(by: 0.9)
        let slower = try tree.gate(base, try tree.bench("slower.json"), ["--junit", tree.dir.appendingPathComponent("junit.xml").path])
        #expect(slower.status == 1)
        #expect(slower.stdout.contains("small-f16") && slower.stdout.contains("decodeSecondsPerToken")
                && slower.stdout.contains("Regressions"))
        let junit = try String(contentsOf: tree.dir.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains(#"<failure message="small-f16 decodeSecondsPerToken: regression"#))
    }

    @Test func fasterDRAMIsAnImprovementThatPasses() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.dir) }
        let base = try tree.bench("base.json")
        try tree.scaleDRAMBandwidth(by: 1.1)
        let faster = try tree.gate(base, try tree.bench("faster.json"), ["--format", "md"])
        #expect(faster.status == 0, "\(faster.stdout)\(faster.stderr)")
        #expect(faster.stdout.contains("**Improvements**") && faster.stdout.contains("| small-f16 | decodeSecondsPerToken |"))
    }

    @Test func moreLayersFail() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.dir) }
        let base = try tree.bench("base.json")
        try tree.edit(tree.model) { $0["num_hidden_layers"] = 5 }   // 4 → 5 layers
        let r = try tree.gate(base, try tree.bench("deeper.json"))
        #expect(r.status == 1)
        for metric in ["parameters", "weightBytes", "decodeSecondsPerToken", "joulesPerToken"] {
            #expect(r.stdout.contains("small-f16  \(metric)"), "\(metric) in \(r.stdout)")
        }
    }

    @Test func smallerCacheFails() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.dir) }
        let base = try tree.bench("base.json")
        // L2 12 MiB → 6 MiB (12 → 6 ways of 8192 sets × 128 B): the ~8.5 MB of f16 weights no longer fit in L2
        // and come from the SLC instead, so decode slows and the L2 share changes.
        try tree.edit(tree.profile) { json in
            var caches = json["caches"] as! [[String: Any]]
            var ways = caches[1]["ways"] as! [String: Any], size = caches[1]["size"] as! [String: Any]
            ways["value"] = 6
            size["value"] = 6
            caches[1]["ways"] = ways
            caches[1]["size"] = size
            json["caches"] = caches
        }
        let r = try tree.gate(base, try tree.bench("smaller.json"), ["--format", "json"])
        #expect(r.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let failing = (report["comparisons"] as! [[String: Any]]).filter { ["regression", "changed"].contains($0["verdict"] as! String) }
        func fails(_ metric: String, _ verdict: String) -> Bool {
            failing.contains { $0["caseID"] as? String == "small-f16" && $0["metric"] as? String == metric
                && $0["verdict"] as? String == verdict }
        }
        #expect(fails("decodeSecondsPerToken", "regression"))
        #expect(fails("cacheBytesPerToken.L2", "changed"))
    }

    @Test func badBaselinesExitTwoNamingFileAndProblem() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.dir) }
        let base = try tree.bench("base.json")
        let missing = try tree.gate(tree.dir.appendingPathComponent("nope.json").path, base)
        #expect(missing.status == 2 && missing.stderr.contains("nope.json") && missing.stderr.contains("does not exist"))

        let text = try String(contentsOfFile: base, encoding: .utf8)
        let truncated = tree.dir.appendingPathComponent("truncated.json")
        try String(text.prefix(text.count / 2)).write(to: truncated, atomically: true, encoding: .utf8)
        let t = try tree.gate(truncated.path, base)
        #expect(t.status == 2 && t.stderr.contains("truncated.json") && t.stderr.contains("not valid JSON"))

        let future = tree.dir.appendingPathComponent("future.json")
        try text.replacingOccurrences(of: #""schemaVersion" : 2"#, with: #""schemaVersion" : 3"#)
            .write(to: future, atomically: true, encoding: .utf8)
        let f = try tree.gate(future.path, base)
        #expect(f.status == 2 && f.stderr.contains("future.json: schemaVersion: is 3"))

        let unknown = try tree.gate(base, base, ["--threshold", "speed=5"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--threshold: unknown metric 'speed'"))
    }

    @Test func mergeRefusesAGapWithExitTwo() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.dir) }
        let out = tree.dir.appendingPathComponent("shard1.json").path
        let r = try EdgeProfCLI.run(["bench", "--suite", tree.dir.appendingPathComponent("suite.json").path, "--mode",
                                     "deterministic", "--profiles-dir", tree.dir.appendingPathComponent("profiles").path,
                                     "--shard", "1/2", "--output", out])
        #expect(r.status == 0)
        let merged = try EdgeProfCLI.run(["merge", out, "--output", tree.dir.appendingPathComponent("all.json").path])
        #expect(merged.status == 2 && merged.stderr.contains("shards 2/2 are missing"))
    }
}
