import EdgeModel

/// Replays a model's op events (from the schedule tracer) through a device's memory model and cost model.
public struct Simulation {
    /// The model, the device, and how its memory is modelled (`policy` and `seed` apply to exact mode).
    public var config: ModelConfig
    public var profile: DeviceProfile
    public var mode: SimulationMode
    public var policy: ReplacementPolicy
    public var seed: UInt64

    public init(config: ModelConfig, profile: DeviceProfile, mode: SimulationMode = .fast,
                policy: ReplacementPolicy = .lru, seed: UInt64 = 0) {
        self.config = config
        self.profile = profile
        self.mode = mode
        self.policy = policy
        self.seed = seed
    }

    /// Simulates a prefill of `prompt` tokens, then `tokens` decode steps.
    /// - Throws: `InputError` for a non-positive prompt or token count, or a profile without figures for the precision.
    public func run(prompt: Int, tokens: Int) throws -> SimulationReport {
        try run(prompt: prompt, tokens: tokens, sites: false).report
    }

    /// `run(prompt:tokens:)` with the decode steps also broken down per executed layer and op kind: the totals over
    /// all decode steps, and the last decode step on its own (in execution order).
    public func runWithSites(prompt: Int, tokens: Int) throws
        -> (report: SimulationReport, decodeSites: [SiteCost], lastStepSites: [SiteCost])
    {
        try run(prompt: prompt, tokens: tokens, sites: true)
    }

    private func run(prompt: Int, tokens: Int, sites: Bool) throws
        -> (report: SimulationReport, decodeSites: [SiteCost], lastStepSites: [SiteCost])
    {
        guard prompt > 0 else { throw InputError(file: "<command line>", field: "--prompt", "must be positive") }
        guard tokens > 0 else { throw InputError(file: "<command line>", field: "--tokens", "must be positive") }
        guard prompt <= config.context && tokens <= config.context - prompt else {
            throw InputError(file: "<command line>", field: "--tokens",
                             "prompt \(prompt) + tokens \(tokens) exceeds the context \(config.context)")
        }
        let session = try DeviceSession(profile: profile, precision: config.precision, mode: mode, policy: policy,
                                        seed: seed, sites: sites)
        let costs = session.costs
        let tracer = ScheduleTracer(config: config, maxTokens: prompt, kvCapacity: prompt + tokens)
        tracer.trace(.prefill(tokens: prompt), to: session)
        let prefill = session.finishPhase(steps: 1, tokens: prompt)
        _ = session.takeSites()
        var decodeEvents: [OpEvent] = []
        for position in prompt..<prompt + tokens - 1 {
            tracer.traceDecode(position: position, events: &decodeEvents, to: session)
        }
        let earlierSites = session.takeSites()
        tracer.traceDecode(position: prompt + tokens - 1, events: &decodeEvents, to: session)
        let lastStepSites = session.takeSites()
        let opsPerToken = session.eventsInPhase / tokens
        let decode = session.finishPhase(steps: tokens, tokens: tokens)

        let n = Double(tokens)
        let memory = MemoryFootprint(config: config, stepTokens: prompt, contextTokens: prompt + tokens,
                                     budgetBytes: MemoryFootprint.budgetBytes(of: profile))
        let report = SimulationReport(
            model: config.name, precision: config.precision.name, sharing: config.sharing, repeats: config.repeats,
            blocks: config.blocks, executedLayers: config.executedLayers, device: profile.id,
            computeUnit: profile.compute.modelUnit, computedAs: costs.convertsOnTheFly ? costs.computeKey : nil,
            mode: mode, policy: policy, prompt: prompt, tokens: tokens,
            loadSeconds: costs.loadSeconds(weightBytes: config.weightBytes),
            initSeconds: costs.initSeconds(weightBytes: config.weightBytes,
                                           bufferBytes: memory.kvCacheBytes + memory.activationBytes,
                                           opsPerToken: opsPerToken),
            prefill: prefill, decode: decode,
            decodeSecondsPerToken: decode.seconds / n, decodeTokensPerSecond: n / decode.seconds,
            prefillTokensPerSecond: Double(prompt) / prefill.seconds,
            dramBytesPerDecodeToken: Double(decode.dramBytes) / n,
            bytesPerDecodeToken: decode.bytes.mapValues { Double($0) / n },
            energyPerDecodeToken: decode.energy.divided(by: n), joulesPerDecodeToken: decode.energy.total / n,
            memory: memory)
        return (report, SiteCost.merged(earlierSites + lastStepSites), lastStepSites)
    }
}
