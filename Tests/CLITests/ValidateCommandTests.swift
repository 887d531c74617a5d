import Foundation
import Testing

@Suite struct ValidateCommandTests {
    /// A real run beside its prediction: both phases and every measured op kind, errors = (p − m) ÷ m.
    @Test func comparesPhasesAndOpKinds() throws {
        let result = try EdgeProfCLI.run(["validate", "--model", try RunCommandTests.tinyConfig(), "--device", "rpi5",
                                          "--prompt-length", "4", "--tokens", "2", "--runs", "1", "--threads", "1",
                                          "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let validation = try #require(doc["validation"] as? [String: Any])
        let phases = validation["phases"] as? [[String: Any]] ?? []
        #expect(phases.map { $0["name"] as? String } == ["prefill", "decode per token"])
        for row in phases { #expect(row["measuredSeconds"] as? Double ?? 0 > 0, "\(row)") }
        for row in phases + (validation["decodePerOpKind"] as? [[String: Any]] ?? []) {
            let p = row["predictedSeconds"] as? Double ?? -1, m = row["measuredSeconds"] as? Double ?? -1
            #expect(p > 0 && m >= 0, "\(row)")
            if m > 0 {
                #expect(abs((row["relativeError"] as? Double ?? .nan) - (p - m) / m) < 1e-12)
            } else {  // a tiny op (embed copies one row) can run within one tick of a coarse CPU-time clock
                #expect(row["relativeError"] == nil, "no relative error against a measured 0: \(row)")
            }
        }
        let kinds = (validation["decodePerOpKind"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(kinds == ["embed", "attnNorm", "qkvProj", "rope", "attention", "outProj", "ffnNorm", "gateUp", "down",
                          "outputNorm", "logits"])
        #expect(validation["cachegrindMisses"] == nil)
        // One thread: the thread's CPU clock; samples: the one run's prefill and its 2 decode steps.
        #expect(validation["clock"] as? String == "CPU time of the thread")
        let samples = (validation["undisturbedSamples"] as? [[String: Any]] ?? []).map {
            ($0["name"] as? String ?? "", $0["total"] as? Int ?? -1, $0["undisturbed"] as? Int ?? -1)
        }
        #expect(samples.map(\.0) == ["prefill", "decode steps"] && samples.map(\.1) == [1, 2], "\(samples)")
        #expect(samples.allSatisfy { $0.2 >= 0 && $0.2 <= $0.1 }, "\(samples)")
    }

    /// `--cachegrind` without valgrind on PATH: an environment problem, exit 3, one line naming valgrind.
    @Test func cachegrindWithoutValgrindExitsThree() throws {
        let result = try EdgeProfCLI.run(["validate", "--model", try RunCommandTests.tinyConfig(), "--device", "rpi5",
                                          "--prompt-length", "4", "--tokens", "2", "--runs", "1", "--threads", "1",
                                          "--cachegrind"], environment: ["PATH": "/nonexistent"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("valgrind is not on PATH"))
    }
}
