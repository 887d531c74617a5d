@testable import EdgeBench
import EdgeModel
import Foundation
import Testing

/// The interleaving of two builds' repetitions, with `/bin/sh` standing in for both builds' `bench --repetition-of`
/// workers (no model runs here).
struct InterleavedBenchTests {
    /// A shell worker that appends "side case slowdown-variable KEEP" to `log` and prints a repetition with
    /// `prefillTokens` = `tokens` and 4 decode steps (the tiny case's tokens).
    private func worker(side: String, tokens: Int, log: String, environment: [String: String]?) -> RepetitionProcess {
        let script = #"echo "$1 $2 ${EDGEPROF_TEST_DECODE_SLOWDOWN-unset} ${KEEP-unset}" >> "$3"; printf '{"loadSeconds":1,"initSeconds":1,"#
            + #""prefillTokens":%s,"prefillSeconds":0.1,"decodeStepSeconds":[1,1,1,1],"loadCPUSeconds":1,"#
            + #""initCPUSeconds":1,"prefillCPUSeconds":0.1,"decodeStepCPUSeconds":[1,1,1,1]}' "$4""#
        return RepetitionProcess(executable: URL(fileURLWithPath: "/bin/sh"), environment: environment) {
            ["-c", script, "sh", side, String($0), log, String(tokens)]
        }
    }

    @Test func abbaOrderOverEveryCaseAndTheSwitchOnlyForThisBuild() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let measured = { (id: String) in Fixtures.tinyCase(id).replacingOccurrences(of: "}", with: #", "measure": true}"#) }
        let suite = try BenchSuite.load(path: Fixtures.suite([measured("a"), measured("b")], in: dir))
        let log = dir.appendingPathComponent("log").path
        // The parent's environment carries the test-only switch; this build's workers inherit it (given explicitly
        // here, as the real parent's children inherit it), the other build's must not see it.
        let parent = ["EDGEPROF_TEST_DECODE_SLOWDOWN": "0.2", "KEEP": "1"]
        let runner = BenchRunner(suite: suite, locator: Fixtures.locator, mode: .measured, shard: nil, repetitions: 2,
                                 threads: 1, decodeSlowdown: 0.2, commit: nil,
                                 launcher: worker(side: "A", tokens: 7, log: log, environment: parent))
        let other = worker(side: "B", tokens: 9, log: log, environment: nil)
        let (current, against) = try InterleavedBench(runner: runner, against: other, environment: parent).run()
        // Slots (repetition, case): (0,0) A B, (0,1) B A, (1,0) A B, (1,1) B A — A B B A A B B A.
        // The other build keeps the rest of the environment (KEEP).
        let expected = ["A 0 0.2 1", "B 0 unset 1", "B 1 unset 1", "A 1 0.2 1", "A 0 0.2 1", "B 0 unset 1", "B 1 unset 1", "A 1 0.2 1"]
        #expect(try String(contentsOfFile: log, encoding: .utf8) == expected.joined(separator: "\n") + "\n")
        #expect(current.cases.map { $0.measured?.repetitions.map(\.prefillTokens) } == [[7, 7], [7, 7]])
        #expect(against.cases.map { $0.measured?.repetitions.map(\.prefillTokens) } == [[9, 9], [9, 9]])
        #expect(current.cases[0].measured?.injectedDecodeSlowdown == 0.2)
        #expect(against.cases[0].measured?.injectedDecodeSlowdown == nil)
    }

    @Test func refusesOtherModesMissingBinariesAndForeignWorkers() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let suite = try BenchSuite.load(path: Fixtures.suite([Fixtures.tinyCase("a").replacingOccurrences(
            of: "}", with: #", "measure": true}"#)], in: dir))
        let log = dir.appendingPathComponent("log").path
        let this = worker(side: "A", tokens: 1, log: log, environment: nil)
        func bench(_ mode: BenchMode, _ other: RepetitionProcess) -> InterleavedBench {
            InterleavedBench(runner: BenchRunner(suite: suite, locator: Fixtures.locator, mode: mode, shard: nil,
                                                 repetitions: 1, threads: 1, decodeSlowdown: 0, commit: nil, launcher: this),
                             against: other)
        }
        #expect { try bench(.all, this).run() } throws: { ($0 as? InputError)?.field == "--against" }
        let missing = RepetitionProcess(executable: dir.appendingPathComponent("nothing")) { _ in [] }
        #expect { try bench(.measured, missing).run() } throws: { ($0 as? InputError)?.reason.contains("not an executable") == true }
        // An older build without the worker option exits 64 (ArgumentParser's usage error), as this stand-in does.
        let foreign = RepetitionProcess(executable: URL(fileURLWithPath: "/bin/sh")) { _ in ["-c", "exit 64"] }
        #expect { try bench(.measured, foreign).run() } throws: {
            ($0 as? EnvironmentError).map { $0.reason.contains("exited 64") && $0.reason.contains("worker protocol") } == true
        }
    }
}
