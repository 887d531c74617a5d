import EdgeMemory
import EdgeModel

/// Bytes of resident memory an architecture choice saves, each against the same model without it, at the
/// question's context (weights, KV cache and activations as `MemoryFootprint` counts them).
public struct MemorySavings: Codable, Sendable, Equatable {
    /// Shared blocks vs one block per executed layer (0 for an unshared model).
    public var layerSharing: Int
    /// Grouped-query attention vs one KV head per query head (K/V weights, KV cache, K activations).
    public var groupedQueryAttention: Int
    /// One embedding matrix for input and output vs a separate LM head (0 for an untied model).
    public var embeddingSharing: Int
    /// An f16 KV cache vs an f32 one (0 when the cache is f32).
    public var kvPrecision: Int
}

/// One model × precision against the budget.
public struct WhatIfCandidate: Codable, Sendable, Equatable {
    public var model: String
    public var precision: String
    public var sharing: SharingStrategy
    public var repeats: Int
    public var blocks: Int
    public var executedLayers: Int
    public var parameters: Int
    /// Itemised resident bytes at the question's context: weights + KV cache + activations + runtime overhead.
    public var weightBytes: Int
    public var kvCacheBytes: Int
    public var activationBytes: Int
    public var runtimeOverheadBytes: Int
    public var totalBytes: Int
    /// `totalBytes ≤ budget`.
    public var fits: Bool
    /// KV-cache bytes each position adds (every executed layer's K and V).
    public var kvBytesPerToken: Int
    /// The model's maximum context, and the longest context whose KV cache still fits beside the rest
    /// (0 when not even one position fits).
    public var modelContext: Int
    public var longestContext: Int
    public var savings: MemorySavings
    /// Simulated on the device (fast mode) for configurations that fit: decode tokens/s and J/token.
    public var decodeTokensPerSecond: Double?
    public var joulesPerDecodeToken: Double?
    /// The wider precision the device computes at when it lists no peak for this one (see `SimulationReport`).
    public var computedAs: String?
}

/// A candidate picked among those that fit.
public struct WhatIfPick: Codable, Sendable, Equatable {
    public var model: String
    public var precision: String
    public var decodeTokensPerSecond: Double
    public var joulesPerDecodeToken: Double
}

/// What `whatif` reports: which models × precisions fit a device's memory budget, and the best of them.
public struct WhatIfReport: Codable, Sendable, Equatable {
    /// Device profile id and name, its DRAM (as given by `--dram`, else the profile's) and the budget.
    public var device: String
    public var deviceName: String
    public var dramBytes: Int
    public var budgetBytes: Int
    /// How the budget was set (`10% of DRAM (profile's app budget)`, `--budget 600MB`).
    public var budget: String
    /// KV-cache positions every candidate is sized for, the KV precision, and the tokens per step the
    /// activation buffers hold.
    public var context: Int
    public var kvPrecision: String
    public var stepTokens: Int
    /// What the speed and energy figures are (mode, prompt, decode tokens).
    public var speedBasis: String
    /// Where the runtime overhead figure comes from.
    public var runtimeOverheadSource: String
    public var candidates: [WhatIfCandidate]
    /// Among the candidates that fit: the fastest by decode tokens/s and the most frugal by J/token.
    public var fastest: WhatIfPick?
    public var mostFrugal: WhatIfPick?
}
