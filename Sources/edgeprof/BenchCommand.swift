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
            """)

    static let slowdownVariable = "EDGEPROF_TEST_DECODE_SLOWDOWN"

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
        let suite = suite, threads = threads
        let launcher = RepetitionProcess(executable: Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])) {
            ["bench", "--suite", suite, "--threads", String(threads), "--repetition-of", String($0)]
        }
        let runner = BenchRunner(suite: loaded, locator: profiles.locator, mode: mode,
                                 shard: try shard.map { try Shard(parsing: $0) }, repetitions: repetitions,
                                 threads: threads, decodeSlowdown: slowdown, commit: GitCommit.current(in: loaded.directory),
                                 launcher: launcher)
        let data = try stableJSON(runner.run { id in
            FileHandle.standardError.write(Data("bench: \(id)\n".utf8))
        })
        if let output {
            try OutputFile.write(data, to: output)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension BenchMode: ExpressibleByArgument {}
