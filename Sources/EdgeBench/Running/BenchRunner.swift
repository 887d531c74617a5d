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

    /// Most repetitions per case.
    public static let maxRepetitions = 1000

    public init(suite: LoadedSuite, locator: ProfileLocator, mode: BenchMode, shard: Shard?, repetitions: Int,
                threads: Int, decodeSlowdown: Double, commit: String?) {
        self.suite = suite
        self.locator = locator
        self.mode = mode
        self.shard = shard
        self.repetitions = repetitions
        self.threads = threads
        self.decodeSlowdown = decodeSlowdown
        self.commit = commit
    }

    /// Runs every case of the shard. `progress` is told each case id as it starts.
    /// - Throws: `InputError` for repetitions outside 1...`maxRepetitions`, threads outside 1...256, or a bad
    ///   case (naming the suite file and field); `EnvironmentError` when a measured case does not fit this
    ///   machine's memory.
    public func run(progress: (String) -> Void = { _ in }) throws -> BenchDocument {
        let flags = "<command line>"
        guard (1...Self.maxRepetitions).contains(repetitions) else {
            throw InputError(file: flags, field: "--repetitions", "must be in 1...\(Self.maxRepetitions), got \(repetitions)")
        }
        guard (1...256).contains(threads) else { throw InputError(file: flags, field: "--threads", "must be in 1...256, got \(threads)") }
        guard decodeSlowdown.isFinite, (0...10).contains(decodeSlowdown) else {
            throw InputError(file: flags, field: "decode slowdown", "must be in 0...10, got \(decodeSlowdown)")
        }
        let build = try buildInfo()
        let host = HostInfo.current()
        var results: [CaseResult] = []
        var runs: [(result: Int, run: MeasuredRun)] = []
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
                runs.append((results.count, MeasuredRun(config: config, prompt: item.prompt, tokens: item.tokens,
                                                        threads: threads, decodeSlowdown: decodeSlowdown,
                                                        referenceLoop: ReferenceLoop(bytes: config.weightBytes))))
            }
            results.append(CaseResult(index: index, definition: item, deterministic: deterministic, measured: nil))
        }
        for (slot, samples) in zip(runs, try measure(runs.map(\.run))) {
            results[slot.result].measured = MeasuredFigures(
                host: host, threads: threads, injectedDecodeSlowdown: decodeSlowdown > 0 ? decodeSlowdown : nil,
                repetitions: samples)
        }
        return BenchDocument(
            suite: SuiteIdentity(name: suite.suite.name, sha256: suite.sha256, caseCount: suite.suite.cases.count),
            build: build, mode: mode, shard: shard, cases: results)
    }

    /// The repetitions of each run, taken round-robin (repetition r of every case before repetition r + 1 of any),
    /// so that a change in the machine's load during the bench spreads over every case's samples instead of
    /// falling on one case. One untimed warm-up run of each case comes first (first-touch page faults, cold caches).
    private func measure(_ runs: [MeasuredRun]) throws -> [[MeasuredRepetition]] {
        for run in runs { _ = try run.run() }
        var samples = [[MeasuredRepetition]](repeating: [], count: runs.count)
        for _ in 0..<repetitions {
            for (i, run) in runs.enumerated() { samples[i].append(try run.run()) }
        }
        return samples
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
