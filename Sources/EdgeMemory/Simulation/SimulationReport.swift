import EdgeModel

/// Totals of one phase (the prefill, or all decode steps) on a device.
public struct StepReport: Codable, Sendable, Equatable {
    /// Forward steps the totals cover (1 for the prefill, the decode token count for decode).
    public var steps: Int
    /// Tokens processed.
    public var tokens: Int
    /// Modelled time of the phase, seconds.
    public var seconds: Double
    /// FLOPs of the phase.
    public var flops: Int
    /// Bytes served by each cache level, `DRAM` reads and `DRAM writeback`.
    public var bytes: [String: Int]
    /// Energy of the phase, joules.
    public var energy: EnergySplit
    /// Per op kind, in execution order.
    public var perOp: [OpCost]

    /// Bytes read from and written back to DRAM.
    public var dramBytes: Int { (bytes["DRAM"] ?? 0) + (bytes["DRAM writeback"] ?? 0) }
}

/// Memory a run needs resident, against the app's DRAM budget.
public struct MemoryFootprint: Codable, Sendable, Equatable {
    /// Unique weight bytes at the run's precision.
    public var weightBytes: Int
    /// KV cache for the prompt and the generated tokens.
    public var kvCacheBytes: Int
    /// Activation buffers for the largest step.
    public var activationBytes: Int
    /// Weights + KV cache + activations.
    public var peakBytes: Int
    /// DRAM capacity × the app budget fraction.
    public var budgetBytes: Int
    /// `peakBytes ≤ budgetBytes`.
    public var fitsBudget: Bool

    /// The memory `config` needs resident with a KV cache of `contextTokens` positions and activation buffers
    /// for steps of up to `stepTokens` tokens (laid out as `VirtualLayout` plans them), against `budgetBytes`.
    public init(config: ModelConfig, stepTokens: Int, contextTokens: Int, budgetBytes: Int) {
        weightBytes = config.weightBytes
        kvCacheBytes = config.kvBytes(tokens: contextTokens)
        activationBytes = VirtualLayout(config: config, maxTokens: stepTokens, kvCapacity: 0).activationBytes
        peakBytes = weightBytes + kvCacheBytes + activationBytes
        self.budgetBytes = budgetBytes
        fitsBudget = peakBytes <= budgetBytes
    }

    /// `DRAM capacity × the app budget fraction` of `profile`.
    public static func budgetBytes(of profile: DeviceProfile) -> Int {
        Int(profile.dram.capacity.base * profile.dram.appBudgetFraction.base)
    }
}

/// What `simulate` reports for one model on one device.
public struct SimulationReport: Codable, Sendable, Equatable {
    /// Model name, weight precision and sharing schedule.
    public var model: String
    public var precision: String
    public var sharing: SharingStrategy
    public var repeats: Int
    public var blocks: Int
    public var executedLayers: Int
    /// Device profile id and the compute unit that runs the model.
    public var device: String
    public var computeUnit: String
    /// The wider precision the unit computes at when it has no peak for the weights' precision (the weights
    /// converted on the fly, as a runtime would run them); absent when it computes at the weights' own.
    public var computedAs: String?
    /// Memory model and (exact mode) replacement policy.
    public var mode: SimulationMode
    public var policy: ReplacementPolicy
    /// Prompt tokens (one prefill step) and decode tokens.
    public var prompt: Int
    public var tokens: Int
    /// Modelled load (flash → DRAM) and init times, seconds.
    public var loadSeconds: Double
    public var initSeconds: Double
    /// Totals of the prefill step.
    public var prefill: StepReport
    /// Totals over all decode steps.
    public var decode: StepReport
    /// Mean decode latency, seconds per token, and its inverse.
    public var decodeSecondsPerToken: Double
    public var decodeTokensPerSecond: Double
    /// Prompt tokens per second of the prefill.
    public var prefillTokensPerSecond: Double
    /// DRAM reads + write-backs per decode token, bytes.
    public var dramBytesPerDecodeToken: Double
    /// Bytes per decode token served by each level and DRAM.
    public var bytesPerDecodeToken: [String: Double]
    /// Joules per decode token, by where they are spent.
    public var energyPerDecodeToken: EnergySplit
    /// Total joules per decode token.
    public var joulesPerDecodeToken: Double
    /// Resident memory against the app budget.
    public var memory: MemoryFootprint
}
