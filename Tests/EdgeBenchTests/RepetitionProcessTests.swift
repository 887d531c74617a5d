@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

/// The per-process plumbing of measured repetitions, with `/bin/sh` standing in for `edgeprof bench --repetition-of`
/// (no model runs here: the CLI test `measuredModeKeepsEverySample` runs the real worker).
struct RepetitionProcessTests {
    /// A shell worker that appends its case index to `log` and prints a repetition with `prefillTokens` = that index
    /// and `steps` decode steps of 0.001 s.
    private func worker(log: String, steps: Int) -> RepetitionProcess {
        let times = Array(repeating: "0.001", count: steps).joined(separator: ",")
        let script = #"echo "$1" >> "$2"; printf '{"loadSeconds":1,"initSeconds":1,"prefillTokens":%s,"prefillSeconds":0.1,"#
            + #""decodeStepSeconds":[\#(times)],"loadCPUSeconds":1,"initCPUSeconds":1,"prefillCPUSeconds":0.1,"#
            + #""decodeStepCPUSeconds":[\#(times)]}' "$1""#
        return RepetitionProcess(executable: URL(fileURLWithPath: "/bin/sh")) { ["-c", script, "sh", String($0), log] }
    }

    @Test func eachRepetitionIsOneProcessTakenRoundRobin() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Case 0 is not measured; cases 1 and 2 are (4 decode tokens each, as `tinyCase` defines them).
        let measured = { (id: String) in Fixtures.tinyCase(id).replacingOccurrences(of: "}", with: #", "measure": true}"#) }
        let suite = try BenchSuite.load(path: Fixtures.suite([Fixtures.tinyCase("a"), measured("b"), measured("c")], in: dir))
        let log = dir.appendingPathComponent("log").path
        let result = try BenchRunner(suite: suite, locator: Fixtures.locator, mode: .measured, shard: nil, repetitions: 3,
                                     threads: 1, decodeSlowdown: 0, commit: nil, launcher: worker(log: log, steps: 4)).run()
        // Three rounds over the measured cases 1 and 2, one process each.
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "1\n2\n1\n2\n1\n2\n")
        #expect(result.cases[0].measured == nil)
        #expect(result.cases[1].measured?.repetitions.map(\.prefillTokens) == [1, 1, 1])
        #expect(result.cases[2].measured?.repetitions.map(\.prefillTokens) == [2, 2, 2])
    }

    @Test func aFailingOrWrongWorkerIsAnEnvironmentError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(try worker(log: log, steps: 2).run(caseIndex: 5).prefillTokens == 5)
        let exits = RepetitionProcess(executable: URL(fileURLWithPath: "/bin/sh")) { _ in ["-c", "exit 4"] }
        #expect { try exits.run(caseIndex: 0) } throws: { ($0 as? EnvironmentError)?.reason.contains("exited 4") == true }
        let silent = RepetitionProcess(executable: URL(fileURLWithPath: "/bin/sh")) { _ in ["-c", "echo hello"] }
        #expect { try silent.run(caseIndex: 0) } throws: { ($0 as? EnvironmentError)?.reason.contains("printed no repetition") == true }
        // A repetition with another number of decode steps than the case's tokens (4) is refused by the runner.
        let suite = try BenchSuite.load(path: Fixtures.suite([Fixtures.tinyCase("b").replacingOccurrences(
            of: "}", with: #", "measure": true}"#)], in: dir))
        let short = BenchRunner(suite: suite, locator: Fixtures.locator, mode: .measured, shard: nil, repetitions: 1,
                                threads: 1, decodeSlowdown: 0, commit: nil, launcher: worker(log: log, steps: 2))
        #expect { try short.run() } throws: { ($0 as? EnvironmentError)?.reason.contains("2 decode steps, not 4") == true }
    }
}
