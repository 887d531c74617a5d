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

    /// `--against none`: the rounds alternate in one process; the measured ratio is their median and the predicted
    /// one is the immediate run's predicted decode over that of a separate `validate --strategy none`.
    @Test func decodeRatioAgainstAnotherStrategy() throws {
        func validate(_ extra: [String]) throws -> [String: Any] {
            let result = try EdgeProfCLI.run(["validate", "--model", try RunCommandTests.tinyConfig(), "--device", "rpi5",
                                              "--prompt-length", "4", "--tokens", "2", "--runs", "3", "--threads", "1",
                                              "--format", "json"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(doc["validation"] as? [String: Any])
        }
        func predictedDecode(_ validation: [String: Any]) -> Double {
            let phases = validation["phases"] as? [[String: Any]] ?? []
            let decode = phases.first(where: { $0["name"] as? String == "decode per token" })
            return decode?["predictedSeconds"] as? Double ?? .nan
        }
        let immediate = try validate(["--strategy", "immediate", "--repeats", "2", "--against", "none"])
        let none = try validate(["--strategy", "none"])
        #expect(none["decodeRatio"] == nil)
        let ratio = try #require(immediate["decodeRatio"] as? [String: Any])
        #expect(ratio["baseline"] as? String == "none")
        let rounds = ratio["rounds"] as? [Double] ?? []
        #expect(rounds.count == 3 && rounds.allSatisfy { $0 > 0 }, "\(rounds)")
        let undisturbed = ratio["undisturbedRounds"] as? Int ?? -1
        #expect((0...3).contains(undisturbed))
        let measured = ratio["measured"] as? Double ?? .nan, predicted = ratio["predicted"] as? Double ?? .nan
        // Three rounds: the median of all three whether all are undisturbed (3 quiet) or not (fewer than 3 quiet).
        #expect(rounds.count == 3 && measured == rounds.sorted()[1], "\(measured) vs \(rounds)")
        let expected = predictedDecode(immediate) / predictedDecode(none)
        #expect(abs(predicted - expected) < 1e-9 * expected, "\(predicted) vs \(expected)")
        #expect(predicted > 1 && predicted <= 2, "twice the layers, the same embedding and logits: \(predicted)")
        #expect(abs((ratio["relativeError"] as? Double ?? .nan) - (predicted - measured) / measured) < 1e-12)
    }

    /// `--against` takes a sharing strategy: anything else is a usage error naming the flag.
    @Test func againstUnknownStrategyExitsTwo() throws {
        let result = try EdgeProfCLI.run(["validate", "--model", try RunCommandTests.tinyConfig(), "--device", "rpi5",
                                          "--strategy", "immediate", "--against", "sideways"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--against") && result.stderr.contains("sideways"), "\(result.stderr)")
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
