import EdgeMemory
import EdgeModel

/// Assembles a `ProfileReport`: for each strategy, a timed run on this host and the device model's estimate on
/// each device.
public struct Profiler: Sendable {
    /// The model configurations to profile (one per sharing strategy), in report order.
    public var configs: [ModelConfig]
    public var devices: [DeviceProfile]
    public var host: HostRunner
    public var prompt: Int
    public var tokens: Int

    public init(configs: [ModelConfig], devices: [DeviceProfile], host: HostRunner, prompt: Int, tokens: Int) {
        self.configs = configs
        self.devices = devices
        self.host = host
        self.prompt = prompt
        self.tokens = tokens
    }

    /// The strategies `profile` runs by default: for an unshared model none, immediate, repeat-all-over and reverse
    /// ×`repeats` (2 unless given); for a layer-shared one its own schedule and none.
    public static func defaultConfigs(for base: ModelConfig, repeats: Int?) -> [ModelConfig] {
        if base.sharing != .none {
            return [base.with(repeats: repeats ?? base.repeats), base.with(sharing: SharingStrategy.none, repeats: 1)]
        }
        return SharingStrategy.allCases.map { base.with(sharing: $0, repeats: $0 == .none ? 1 : repeats ?? 2) }
    }

    /// Runs everything; `progress` is told each step's name before it starts (for a terminal progress line).
    /// - Throws: `InputError` for a prompt/token count the model's context cannot hold or a device without
    ///   figures for the precision; `EnvironmentError` when a model cannot fit this machine's memory.
    public func run(progress: (String) -> Void = { _ in }) throws -> ProfileReport {
        guard let first = configs.first else {
            throw InputError(file: "<command line>", field: "--strategy", "names no strategy to profile")
        }
        guard prompt >= 1, prompt <= first.context else {
            throw InputError(file: "<command line>", field: "--prompt", "must be in 1...\(first.context), got \(prompt)")
        }
        guard tokens >= 2, tokens <= first.context - prompt + 1 else {
            throw InputError(file: "<command line>", field: "--tokens",
                             "must be in 2...\(first.context - prompt + 1) (the context \(first.context) minus the prompt, "
                             + "plus the token the prefill yields), got \(tokens)")
        }
        let estimates = try devices.map { profile in
            let estimator = StrategyEstimator(profile: profile)
            let strategies = try configs.map { config in
                progress("\(profile.id): estimating \(config.sharing.rawValue)×\(config.repeats)")
                // The decode steps after the prefill's token: the same steps the host run times.
                return try estimator.estimate(config: config, prompt: prompt, tokens: tokens - 1)
            }
            let costs = try CostModel(profile: profile, precision: first.precision)
            let bandwidth = profile.dram.achievableBytesPerSecond
            return DeviceEstimate(device: profile.id, name: profile.name, computeUnit: profile.compute.modelUnit,
                                  computedAs: costs.convertsOnTheFly ? costs.computeKey : nil,
                                  peakOpsPerSecond: costs.peakOpsPerSecond, dramBytesPerSecond: bandwidth,
                                  ridgeIntensity: costs.peakOpsPerSecond / bandwidth, levels: estimator.levels,
                                  strategies: strategies)
        }
        let promptIDs = ScheduleTracer.syntheticTokens(count: prompt, start: 0, vocab: first.vocab)
        let runs = try configs.map { config in
            progress("host: running \(config.sharing.rawValue)×\(config.repeats)")
            return try host.run(config, prompt: promptIDs, tokens: tokens, replay: devices.first)
        }
        return ProfileReport(schemaVersion: ProfileReport.schemaVersion, model: first.name, precision: first.precision.name,
                             weights: host.origin, prompt: prompt, tokens: tokens, mode: .fast, device: estimates,
                             measured: HostMeasurements(threads: host.threads, strategies: runs))
    }
}

extension ProfileReport {
    /// Version of this document's schema; bump it when a field changes meaning or disappears.
    public static let schemaVersion = 1
}
