import ArgumentParser
import EdgeBench
import EdgeModel
import Foundation

/// `edgeprof bench`: runs a benchmark suite (or one shard of it) and writes the versioned result JSON.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark suite: simulated (deterministic) and host-measured figures per case, as JSON.",
        discussion: """
            Deterministic figures come from the simulator (identical on every machine for the same tree); measured \
            figures time the runtime on this host, for cases with "measure": true, each repetition in a fresh process \
            (this binary re-run with the hidden --repetition-of). The environment variable \
            \(slowdownVariable)=F (test-only) spins an extra F × each decode step's CPU time inside the timed region; it \
            exists to validate that `gate` catches a slowdown of known size.

            --against OTHER --against-output BASE.json (with --mode measured) runs another edgeprof build's \
            repetitions interleaved with this one's, process by process in ABBA order, so both see the same load; \
            OTHER's samples go to BASE.json, this build's to --output, two ordinary results for `gate --baseline \
            BASE.json --current CURRENT.json`. OTHER must speak the same worker protocol (--repetition-of); its \
            processes never see \(slowdownVariable), so the test-only switch slows this build only.
            """)

    static let slowdownVariable = BenchRunner.decodeSlowdownVariable

    @Option(help: "The suite file: JSON, or YAML when it ends in .yaml or .yml.")
    var suite = "Benchmarks/suite.json"

    @Option(help: "Figures to compute: deterministic, measured or all.")
    var mode: BenchMode = .all

    @Option(help: "Measured repetitions per case (all samples are kept).")
    var repetitions = 5

    @Option(help: "Runtime threads for measured cases.")
    var threads = 1

    @Option(help: "Run only shard i of N (1-based; case k belongs to shard k mod N + 1).")
    var shard: String?

    @OptionGroup var profiles: ProfileOptions

    @Option(help: "Write the result here (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Another edgeprof build whose measured repetitions run interleaved with this one's (needs --mode measured and --against-output).")
    var against: String?

    @Option(help: "Write the --against build's result here (atomically).")
    var againstOutput: String?

    /// Internal: run one repetition of the measured case at this suite position and print it as JSON (what each
    /// fresh process of a measured bench does).
    @Option(help: .hidden)
    var repetitionOf: Int?

    func run() throws {
        var slowdown = 0.0
        if let text = ProcessInfo.processInfo.environment[Self.slowdownVariable], !text.isEmpty {
            guard let value = Double(text), value.isFinite, (0...10).contains(value) else {
                throw InputError(file: "<environment>", field: Self.slowdownVariable, "must be a fraction in 0...10, got '\(text)'")
            }
            slowdown = value
        }
        let loaded = try BenchSuite.load(path: suite)
        if let repetitionOf {
            let repetition = try loaded.measureOnce(caseIndex: repetitionOf, threads: threads, decodeSlowdown: slowdown)
            FileHandle.standardOutput.write(try stableJSON(repetition))
            return
        }
        guard (against == nil) == (againstOutput == nil) else {
            throw InputError(file: "<command line>", field: against == nil ? "--against-output" : "--against",
                             "--against and --against-output go together")
        }
        let suite = suite, threads = threads
        let worker: @Sendable (Int) -> [String] = {
            ["bench", "--suite", suite, "--threads", String(threads), "--repetition-of", String($0)]
        }
        let launcher = RepetitionProcess(executable: Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]),
                                         arguments: worker)
        let runner = BenchRunner(suite: loaded, locator: profiles.locator, mode: mode,
                                 shard: try shard.map { try Shard(parsing: $0) }, repetitions: repetitions,
                                 threads: threads, decodeSlowdown: slowdown, commit: GitCommit.current(in: loaded.directory),
                                 launcher: launcher)
        let progress = { (id: String) in FileHandle.standardError.write(Data("bench: \(id)\n".utf8)) }
        if let against, let againstOutput {
            let other = RepetitionProcess(executable: URL(fileURLWithPath: against), arguments: worker)
            let documents = try InterleavedBench(runner: runner, against: other).run(progress: progress)
            try OutputFile.write(try stableJSON(documents.against), to: againstOutput, flag: "--against-output")
            try write(stableJSON(documents.current))
        } else {
            try write(stableJSON(runner.run(progress: progress)))
        }
    }

    /// Writes this build's result to --output, or to standard output.
    private func write(_ data: Data) throws {
        if let output {
            try OutputFile.write(data, to: output)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension BenchMode: ExpressibleByArgument {}
