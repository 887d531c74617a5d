import Foundation
import Testing

/// `bench` against `simulate`: the same case through the two commands must give the same figures, with bench's
/// per-token names mapped from simulate's report fields.
struct BenchCommandTests {
    @Test func deterministicFiguresMatchSimulate() throws {
        let dir = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let suite = dir.appendingPathComponent("suite.json")
        try Data(#"{"schemaVersion": 1, "name": "x", "cases": [{"id": "a", "model": "mobilellm-125m", "device": "pixel8", "#
                 .utf8 + Data(#""precision": "int8", "strategy": "immediate", "prompt": 32, "tokens": 4}]}"#.utf8))
            .write(to: suite)
        let out = dir.appendingPathComponent("r.json").path
        let bench = try EdgeProfCLI.run(["bench", "--suite", suite.path, "--mode", "deterministic", "--output", out])
        #expect(bench.status == 0, "\(bench.stderr)")
        let sim = try EdgeProfCLI.run(["simulate", "--model", "mobilellm-125m", "--device", "pixel8", "--precision", "int8",
                                       "--strategy", "immediate", "--prompt", "32", "--tokens", "4", "--format", "json"])
        #expect(sim.status == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let figures = try #require(((result["cases"] as? [[String: Any]])?.first?["deterministic"]) as? [String: Double])
        let simulated = try #require(try JSONSerialization.jsonObject(with: Data(sim.stdout.utf8)) as? [String: Any])
        let report = try #require((simulated["reports"] as? [[String: Any]])?.first)
        let memory = try #require(report["memory"] as? [String: Any])
        let perLevel = try #require(report["bytesPerDecodeToken"] as? [String: Double])
        let decode = try #require(report["decode"] as? [String: Any])
        #expect(figures["decodeSecondsPerToken"] == report["decodeSecondsPerToken"] as? Double)
        #expect(figures["joulesPerToken"] == report["joulesPerDecodeToken"] as? Double)
        #expect(figures["dramBytesPerToken"] == report["dramBytesPerDecodeToken"] as? Double)
        #expect(figures["dramWritebackBytesPerToken"] == perLevel["DRAM writeback"])
        #expect(figures["loadSeconds"] == report["loadSeconds"] as? Double)
        #expect(figures["initSeconds"] == report["initSeconds"] as? Double)
        #expect(figures["peakBytes"] == (memory["peakBytes"] as? Int).map(Double.init))
        #expect(figures["flopsPerToken"] == (decode["flops"] as? Int).map { Double($0) / 4 })
        for (level, bytes) in perLevel where !level.hasPrefix("DRAM") {
            #expect(figures["cacheBytesPerToken.\(level)"] == bytes, "\(level)")
        }
        // Parameters as `edgeprof models` counts them for the preset (sharing adds none).
        let models = try EdgeProfCLI.run(["models", "--format", "json"])
        let list = try #require((try JSONSerialization.jsonObject(with: Data(models.stdout.utf8)) as? [String: Any])?["models"] as? [[String: Any]])
        let preset = try #require(list.first { $0["name"] as? String == "mobilellm-125m" })
        #expect(figures["parameters"] == (preset["parameters"] as? Int).map(Double.init))
    }

    @Test func measuredModeKeepsEverySample() throws {
        let dir = try EdgeProfCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/safetensors/mobilellm-ls-tiny/config.json").path
        let suite = dir.appendingPathComponent("suite.json")
        try Data((#"{"schemaVersion": 1, "name": "x", "cases": [{"id": "a", "model": "\#(model)", "device": "iphone13", "#
                  + #""prompt": 8, "tokens": 3, "measure": true}, {"id": "b", "model": "mobilellm-125m", "#
                  + #""device": "iphone13", "prompt": 8, "tokens": 3}]}"#).utf8).write(to: suite)
        let out = dir.appendingPathComponent("r.json").path
        let r = try EdgeProfCLI.run(["bench", "--suite", suite.path, "--mode", "measured", "--repetitions", "3", "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let cases = try #require(result["cases"] as? [[String: Any]])
        #expect(cases.count == 2 && cases.allSatisfy { $0["deterministic"] == nil })
        #expect(cases[1]["measured"] == nil)   // no "measure": true
        let measured = try #require(cases[0]["measured"] as? [String: Any])
        let repetitions = try #require(measured["repetitions"] as? [[String: Any]])
        #expect(repetitions.count == 3)
        #expect(repetitions.allSatisfy { ($0["decodeStepSeconds"] as? [Double])?.count == 3 && $0["prefillTokens"] as? Int == 8 })
        #expect(measured["injectedDecodeSlowdown"] == nil)

        let bad = try EdgeProfCLI.run(["bench", "--suite", suite.path, "--repetitions", "0"])
        #expect(bad.status == 2 && bad.stderr.contains("--repetitions"))

        // Against itself (the real worker protocol on both sides), with the test-only switch set: one repetition each,
        // the switch recorded on this side only (InterleavedBenchTests shows the other side's workers never see it).
        let base = dir.appendingPathComponent("base.json").path
        let pair = try EdgeProfCLI.run(["bench", "--suite", suite.path, "--mode", "measured", "--repetitions", "1",
                                        "--against", EdgeProfCLI.binary.path, "--against-output", base, "--output", out],
                                       environment: ["EDGEPROF_TEST_DECODE_SLOWDOWN": "0.5"])
        #expect(pair.status == 0, "\(pair.stderr)")
        for (file, slowdown) in [(out, 0.5 as Double?), (base, nil)] {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
            let figures = try #require((document["cases"] as? [[String: Any]])?.first?["measured"] as? [String: Any])
            #expect((figures["repetitions"] as? [Any])?.count == 1)
            #expect(figures["injectedDecodeSlowdown"] as? Double == slowdown, "\(file)")
        }
        let alone = try EdgeProfCLI.run(["bench", "--suite", suite.path, "--mode", "measured", "--against", EdgeProfCLI.binary.path])
        #expect(alone.status == 2 && alone.stderr.contains("--against-output"))
    }
}
