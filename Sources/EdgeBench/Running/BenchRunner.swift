import EdgeMemory
import EdgeModel
import Foundation

/// Runs a suite (or one shard of it) and assembles the result document.
public struct BenchRunner {
    public var suite: LoadedSuite
    public var locator: ProfileLocator
    public var mode: BenchMode
    public var shard: Shard?
    /// Measured repetitions per case.
    public var repetitions: Int
    /// Runtime threads for measured cases.
    public var threads: Int
    /// Test-only decode slowdown (see `MeasuredFigures.injectedDecodeSlowdown`); 0 in real runs.
    public var decodeSlowdown: Double
    /// Git commit of the tree, when known.
    public var commit: String?
    /// Runs each measured repetition in its own process; nil only where no case is measured.
    public var launcher: RepetitionProcess?

    /// The environment variable of the test-only decode slowdown (a fraction, read by `bench` and its workers).
    public static let decodeSlowdownVariable = "EDGEPROF_TEST_DECODE_SLOWDOWN"

    /// Most repetitions per case.
    public static let maxRepetitions = 1000

    public init(suite: LoadedSuite, locator: ProfileLocator, mode: BenchMode, shard: Shard?, repetitions: Int,
                threads: Int, decodeSlowdown: Double, commit: String?, launcher: RepetitionProcess?) {
        self.suite = suite
        self.locator = locator
        self.mode = mode
        self.shard = shard
        self.repetitions = repetitions
        self.threads = threads
        self.decodeSlowdown = decodeSlowdown
        self.commit = commit
        self.launcher = launcher
    }

    /// Runs every case of the shard. `progress` is told each case id as it starts.
    /// - Throws: `InputError` for repetitions outside 1...`maxRepetitions`, threads outside 1...256, or a bad
    ///   case (naming the suite file and field); `EnvironmentError` when a measured case does not fit this
    ///   machine's memory or its repetition process fails.
    public func run(progress: (String) -> Void = { _ in }) throws -> BenchDocument {
        try run(launchers: launcher.map { [$0] } ?? [], progress: progress)[0]
    }

    /// Runs every case of the shard once per launcher and returns one document per launcher, in their order: the
    /// deterministic figures (the same in every document), and the measured repetitions of each launcher, taken in
    /// `InterleavedBench.order` so that two launchers alternate process by process. The test-only decode slowdown
    /// is recorded in the first document only (the other launchers' processes do not see it).
    func run(launchers: [RepetitionProcess], progress: (String) -> Void) throws -> [BenchDocument] {
        guard (1...Self.maxRepetitions).contains(repetitions) else {
            throw InputError(file: "<command line>", field: "--repetitions", "must be in 1...\(Self.maxRepetitions), got \(repetitions)")
        }
        try Self.check(threads: threads, decodeSlowdown: decodeSlowdown)
        let build = try buildInfo()
        let host = HostInfo.current()
        var results: [CaseResult] = []
        var measuredCases: [(result: Int, index: Int)] = []
        for (index, item) in suite.suite.cases.enumerated() where shard?.contains(index) ?? true {
            progress(item.id)
            let config = try suite.config(forCase: index)
            var deterministic: [String: Double]?
            if mode.includesDeterministic {
                let profile = try DeviceProfile.load(from: suite.profileURL(forCase: index, locator: locator))
                let report = try Simulation(config: config, profile: profile, mode: item.mode ?? .fast)
                    .run(prompt: item.prompt, tokens: item.tokens)
                deterministic = MetricCatalog.deterministic(report, parameters: config.parameters)
            }
            if mode.includesMeasured, item.measure == true {
                try checkMemory(config, positions: item.prompt + item.tokens)
                measuredCases.append((results.count, index))
            }
            results.append(CaseResult(index: index, definition: item, deterministic: deterministic, measured: nil))
        }
        let samples = try measure(measuredCases.map(\.index), launchers: launchers)
        return samples.indices.map { side in
            var cases = results
            for (slot, repetitions) in zip(measuredCases, samples[side]) {
                cases[slot.result].measured = MeasuredFigures(
                    host: host, threads: threads,
                    injectedDecodeSlowdown: side == 0 && decodeSlowdown > 0 ? decodeSlowdown : nil,
                    repetitions: repetitions)
            }
            return BenchDocument(
                suite: SuiteIdentity(name: suite.suite.name, sha256: suite.sha256, caseCount: suite.suite.cases.count),
                build: build, mode: mode, shard: shard, cases: cases)
        }
    }

    /// The repetitions of the cases at these suite positions, `[launcher][case][repetition]`, each in a fresh process
    /// (`RepetitionProcess`), taken round-robin (repetition r of every case before repetition r + 1 of any), so that
    /// a change in the machine's load during the bench spreads over every case's samples instead of falling on one
    /// case; with two launchers, each slot runs both in `InterleavedBench.order`. Without measured cases, one empty
    /// list per launcher (and at least one).
    private func measure(_ indices: [Int], launchers: [RepetitionProcess]) throws -> [[[MeasuredRepetition]]] {
        let empty = [[MeasuredRepetition]](repeating: [], count: indices.count)
        guard !indices.isEmpty else { return Array(repeating: empty, count: max(launchers.count, 1)) }
        guard !launchers.isEmpty else { throw EnvironmentError("measured cases need a process to run their repetitions in") }
        var samples = Array(repeating: empty, count: launchers.count)
        var slot = 0
        for _ in 0..<repetitions {
            for (i, index) in indices.enumerated() {
                for side in InterleavedBench.order(slot: slot, sides: launchers.count) {
                    let repetition = try launchers[side].run(caseIndex: index)
                    guard repetition.decodeStepCPUSeconds.count == suite.suite.cases[index].tokens else {
                        throw EnvironmentError("a measured repetition of \(suite.suite.cases[index].id) timed "
                                               + "\(repetition.decodeStepCPUSeconds.count) decode steps, not \(suite.suite.cases[index].tokens)")
                    }
                    samples[side][i].append(repetition)
                }
                slot += 1
            }
        }
        return samples
    }

    /// Refuses runtime threads outside 1...256 and a test slowdown outside 0...10.
    static func check(threads: Int, decodeSlowdown: Double) throws {
        guard (1...256).contains(threads) else {
            throw InputError(file: "<command line>", field: "--threads", "must be in 1...256, got \(threads)")
        }
        guard decodeSlowdown.isFinite, (0...10).contains(decodeSlowdown) else {
            throw InputError(file: "<command line>", field: "decode slowdown", "must be in 0...10, got \(decodeSlowdown)")
        }
    }

    /// Version, commit and the hash of every profile and config file the whole suite uses (not only this
    /// shard's, so all shards of a sweep record the same build).
    func buildInfo() throws -> BuildInfo {
        var profiles: [String: String] = [:]
        var models: [String: String] = [:]
        for (index, item) in suite.suite.cases.enumerated() {
            _ = try suite.config(forCase: index)
            if profiles[item.device] == nil {
                profiles[item.device] = SHA256.hex(try InputFile.read(suite.profileURL(forCase: index, locator: locator).path))
            }
            if models[item.model] == nil, let file = suite.modelFile(forCase: index) {
                models[item.model] = SHA256.hex(try InputFile.read(file))
            }
        }
        return BuildInfo(version: EdgeProfVersion.current, commit: commit, profiles: profiles, models: models)
    }

    /// Refuses measured cases whose weights (twice, for a prepared copy) and KV cache exceed this machine's memory.
    private func checkMemory(_ config: ModelConfig, positions: Int) throws {
        let needed = Double(config.weightBytes) * 2 + Double(config.kvBytes(tokens: positions))
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        guard needed <= available else {
            throw EnvironmentError("\(config.name) needs about \(Int(needed / 1e6)) MB for weights and KV cache; "
                                   + "this machine has \(Int(available / 1e6)) MB")
        }
    }
}
