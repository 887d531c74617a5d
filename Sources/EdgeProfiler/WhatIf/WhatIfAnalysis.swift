import EdgeMemory
import EdgeModel

/// The memory-budget question: which of `models` × `precisions` fit `budgetBytes` on `profile` with a KV cache of
/// `context` positions, how long a context each could hold, what its architecture choices save, and which of
/// those that fit decodes fastest and spends the fewest J/token there.
public struct WhatIfAnalysis: Sendable {
    public var profile: DeviceProfile
    public var budgetBytes: Int
    public var budgetNote: String
    public var models: [ModelConfig]
    public var precisions: [Precision]
    public var kvPrecision: Precision
    public var context: Int
    /// Tokens per step the activation buffers hold (simulate's default prompt).
    public var stepTokens: Int
    public var runtimeOverheadBytes: Int
    public var runtimeOverheadSource: String
    /// Prompt and decode tokens of the fast-mode simulation behind the speed and energy figures.
    public var prompt = 64
    public var tokens = 16

    /// Checks the context against every model's maximum; errors name `--context`.
    public init(profile: DeviceProfile, budgetBytes: Int, budgetNote: String, models: [ModelConfig],
                precisions: [Precision], kvPrecision: Precision, context: Int, stepTokens: Int = 64,
                runtimeOverheadBytes: Int, runtimeOverheadSource: String) throws {
        func fail(_ field: String, _ reason: String) -> InputError {
            InputError(file: "<command line>", field: field, reason)
        }
        guard context > 0 else { throw fail("--context", "must be positive, got \(context)") }
        if let short = models.first(where: { $0.context < context }) {
            throw fail("--context", "\(context) is beyond \(short.name)'s maximum context \(short.context)")
        }
        guard kvPrecision == .f16 || kvPrecision == .f32 else {
            throw fail("--kv-precision", "must be f32 or f16, got \(kvPrecision.name)")
        }
        guard runtimeOverheadBytes >= 0, runtimeOverheadBytes <= Int(ModelConfig.limits.bytes) else {
            throw fail("--runtime-overhead", "must be between 0 and 2^50 bytes")
        }
        self.profile = profile
        self.budgetBytes = budgetBytes
        self.budgetNote = budgetNote
        self.models = models
        self.precisions = precisions
        self.kvPrecision = kvPrecision
        self.context = context
        self.stepTokens = stepTokens
        self.runtimeOverheadBytes = runtimeOverheadBytes
        self.runtimeOverheadSource = runtimeOverheadSource
    }

    /// Every candidate, in model then precision order; those that fit are simulated in fast mode.
    /// `progress` is told each candidate before it is simulated (for a terminal progress line).
    public func run(progress: (String) -> Void = { _ in }) throws -> WhatIfReport {
        var candidates: [WhatIfCandidate] = []
        for model in models {
            for precision in precisions {
                let config = model.with(precision: precision, kvPrecision: kvPrecision)
                try config.validate(source: model.name)
                var candidate = self.candidate(config)
                if candidate.fits {
                    // The simulation's own sizes are not the user's flags: name the model instead of `--tokens`.
                    guard prompt + tokens <= config.context else {
                        throw InputError(file: "<command line>", field: "--models",
                                         "\(config.name)'s context \(config.context) is shorter than the speed "
                                         + "simulation's prompt \(prompt) + \(tokens) decode tokens")
                    }
                    progress("\(profile.id): simulating \(config.name) \(precision.name)")
                    let report = try Simulation(config: config, profile: profile).run(prompt: prompt, tokens: tokens)
                    candidate.decodeTokensPerSecond = report.decodeTokensPerSecond
                    candidate.joulesPerDecodeToken = report.joulesPerDecodeToken
                    candidate.computedAs = report.computedAs
                }
                candidates.append(candidate)
            }
        }
        func pick(_ better: (WhatIfCandidate, WhatIfCandidate) -> Bool) -> WhatIfPick? {
            let simulated = candidates.filter { $0.decodeTokensPerSecond != nil }
            guard var best = simulated.first else { return nil }
            for c in simulated.dropFirst() where better(c, best) { best = c }
            return WhatIfPick(model: best.model, precision: best.precision,
                              decodeTokensPerSecond: best.decodeTokensPerSecond!, joulesPerDecodeToken: best.joulesPerDecodeToken!)
        }
        return WhatIfReport(
            device: profile.id, deviceName: profile.name, dramBytes: Int(profile.dram.capacity.base),
            budgetBytes: budgetBytes, budget: budgetNote, context: context, kvPrecision: kvPrecision.name,
            stepTokens: stepTokens,
            speedBasis: "simulate, fast mode, prompt \(prompt), \(tokens) decode tokens, on \(profile.id)",
            runtimeOverheadSource: runtimeOverheadSource, candidates: candidates,
            fastest: pick { $0.decodeTokensPerSecond! > $1.decodeTokensPerSecond! },
            mostFrugal: pick { $0.joulesPerDecodeToken! < $1.joulesPerDecodeToken! })
    }

    /// Resident bytes of `config` at the question's context, itemised, plus runtime overhead.
    func total(_ config: ModelConfig) -> (MemoryFootprint, Int) {
        let memory = MemoryFootprint(config: config, stepTokens: stepTokens, contextTokens: context,
                                     budgetBytes: budgetBytes)
        return (memory, memory.peakBytes + runtimeOverheadBytes)
    }

    /// The memory side of one candidate (no simulation).
    func candidate(_ config: ModelConfig) -> WhatIfCandidate {
        let (memory, total) = self.total(config)
        // Closed form: the KV cache grows by kvBytesPerToken per position; everything else is fixed.
        let fixed = memory.weightBytes + memory.activationBytes + runtimeOverheadBytes
        let free = budgetBytes - fixed
        let perToken = config.kvBytesPerToken
        let longest = free >= perToken ? min(config.context, free / perToken) : 0
        return WhatIfCandidate(
            model: config.name, precision: config.precision.name, sharing: config.sharing, repeats: config.repeats,
            blocks: config.blocks, executedLayers: config.executedLayers, parameters: config.parameters,
            weightBytes: memory.weightBytes, kvCacheBytes: memory.kvCacheBytes, activationBytes: memory.activationBytes,
            runtimeOverheadBytes: runtimeOverheadBytes, totalBytes: total, fits: total <= budgetBytes,
            kvBytesPerToken: perToken, modelContext: config.context, longestContext: longest,
            savings: savings(config, total: total))
    }

    /// Each choice's saving: the same model without it, minus the model.
    func savings(_ config: ModelConfig, total: Int) -> MemorySavings {
        func without(_ change: (inout ModelConfig) -> Void) -> Int {
            var other = config
            change(&other)
            return self.total(other).1 - total
        }
        return MemorySavings(
            layerSharing: config.sharing == .none ? 0 : without {
                $0.blocks = config.executedLayers
                $0.sharing = .none
                $0.repeats = 1
            },
            groupedQueryAttention: without { $0.kvHeads = config.heads },
            embeddingSharing: config.sharedEmbedding ? without { $0.sharedEmbedding = false } : 0,
            kvPrecision: config.kvPrecision == .f16 ? without { $0.kvPrecision = .f32 } : 0)
    }
}
