import EdgeModel
import Foundation

/// A measured bench of two builds run side by side (relative benchmarking, as asv `continuous` and Bencher do):
/// the repetitions of this build (`runner.launcher`) and of another (`against`) alternate process by process in
/// ABBA order, so both see the same contention on a shared machine, and a load that drifts linearly over the bench
/// adds the same to both. Each build's repetitions go into its own ordinary result document, for the unchanged `gate`.
///
/// The other build must speak the same worker protocol: `bench --suite F --threads T --repetition-of I` printing one
/// `MeasuredRepetition` as JSON. It runs without the test-only `BenchRunner.decodeSlowdownVariable` in its
/// environment, so that switch slows this build only.
public struct InterleavedBench {
    /// Runs this build's repetitions (its `launcher`) and computes the suite's figures; mode must be measured.
    public var runner: BenchRunner
    /// Runs the other build's repetitions.
    public var against: RepetitionProcess
    /// This process's environment, which the other build's processes get without the test-only switch.
    public var environment: [String: String]

    public init(runner: BenchRunner, against: RepetitionProcess,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.runner = runner
        self.against = against
        self.environment = environment
    }

    /// The sides to run, in order, at the `slot`-th (0-based) repetition slot of the bench: with two sides, A B then
    /// B A, so that the whole sequence reads A B B A A B B A …; with one side, just it.
    static func order(slot: Int, sides: Int) -> [Int] {
        sides == 2 && slot % 2 == 1 ? [1, 0] : Array(0..<sides)
    }

    /// Runs both builds' repetitions interleaved and returns their documents (the same cases, build record and
    /// deterministic part; each its own measured samples; only `current` records a test slowdown).
    /// - Throws: `InputError` when the mode is not measured or the other build is not an executable file (naming
    ///   `--against`); `EnvironmentError` when a repetition fails, saying when the other build may not speak the
    ///   worker protocol; what `BenchRunner.run` throws.
    public func run(progress: (String) -> Void = { _ in }) throws -> (current: BenchDocument, against: BenchDocument) {
        guard runner.mode == .measured else {
            throw InputError(file: "<command line>", field: "--against",
                             "needs --mode measured (the other build's deterministic figures are not computed here)")
        }
        guard FileManager.default.isExecutableFile(atPath: against.executable.path) else {
            throw InputError(file: "<command line>", field: "--against", "\(against.executable.path) is not an executable file")
        }
        guard let launcher = runner.launcher else {
            throw EnvironmentError("measured cases need a process to run their repetitions in")
        }
        var other = against
        var environment = environment
        environment[BenchRunner.decodeSlowdownVariable] = nil
        other.environment = environment
        other.failureNote = "--against \(against.executable.path) must be an edgeprof whose bench speaks this build's "
            + "worker protocol (hidden --repetition-of, printing one repetition as JSON)"
        let documents = try runner.run(launchers: [launcher, other], progress: progress)
        return (documents[0], documents[1])
    }
}
