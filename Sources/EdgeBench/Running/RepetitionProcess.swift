import EdgeModel
import Foundation

/// Runs one measured repetition of a case in a fresh process: `executable` started with `arguments(caseIndex)`,
/// which must write one `MeasuredRepetition` as JSON to standard output and exit 0 (`bench --repetition-of`).
///
/// Why a process per repetition: what differs between two runs of the same build is mostly fixed for the life of a
/// process — where its buffers land in physical memory (and so in the caches), the clock and the neighbours' state
/// when it starts. Repetitions inside one process share that offset, so ten of them look like ten tight samples
/// while a second run sits a few percent away, and a rank test calls the difference significant. One process per
/// repetition makes each sample draw its own offset, so the gate's Mann-Whitney U test compares the variation that
/// really separates two runs (hyperfine and asv time benchmarks in their own processes for the same reason).
public struct RepetitionProcess: Sendable {
    /// The program to start (for `edgeprof bench`, its own binary).
    public var executable: URL
    /// Its arguments for the case at this suite position.
    public var arguments: @Sendable (Int) -> [String]
    /// Its whole environment; nil inherits this process's.
    public var environment: [String: String]?
    /// Appended to every error, to say what the program must be (set by `InterleavedBench` for the other build).
    var failureNote: String?

    public init(executable: URL, environment: [String: String]? = nil, arguments: @escaping @Sendable (Int) -> [String]) {
        self.executable = executable
        self.environment = environment
        self.arguments = arguments
    }

    /// Starts the process for case `index` (its standard error passes through to this process's) and decodes the
    /// repetition it prints.
    /// - Throws: `EnvironmentError` when the process cannot start, exits other than 0, or prints no repetition.
    func run(caseIndex index: Int) throws -> MeasuredRepetition {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments(index)
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        let command = ([executable.path] + arguments(index)).joined(separator: " ")
        let note = failureNote.map { "; \($0)" } ?? ""
        do { try process.run() } catch {
            throw EnvironmentError("cannot start a measured repetition (\(command)): \(error)\(note)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited \(process.terminationStatus)" : "was killed by signal \(process.terminationStatus)"
            throw EnvironmentError("a measured repetition (\(command)) \(how)\(note)")
        }
        guard let repetition = try? JSONDecoder().decode(MeasuredRepetition.self, from: data) else {
            throw EnvironmentError("a measured repetition (\(command)) printed no repetition\(note)")
        }
        return repetition
    }
}
