/// Predicted against measured for one quantity, with the relative error (predicted − measured) ÷ measured.
public struct Comparison: Equatable, Sendable, Encodable {
    public var name: String
    public var predictedSeconds: Double
    public var measuredSeconds: Double
    /// nil (absent in JSON) when the measured time is 0: the op ran within one tick of the clock.
    public var relativeError: Double?

    public init(name: String, predicted: Double, measured: Double) {
        self.name = name
        predictedSeconds = predicted
        measuredSeconds = measured
        relativeError = measured > 0 ? (predicted - measured) / measured : nil
    }
}

/// What `validate` prints: the configuration, the host profile it predicted with, and predicted vs measured per
/// phase (prefill, decode per token) and per op kind (decode, per token). Measured figures are host timings.
public struct ValidationReport: Sendable, Encodable {
    public var model: String
    public var precision: String
    public var sharing: String
    public var repeats: Int
    public var executedLayers: Int
    public var threads: Int
    public var promptTokens: Int
    public var decodeSteps: Int
    /// Profile id or path, and the memory model used for the prediction.
    public var device: String
    public var mode: String
    /// Measured runs; each phase's figure is the fastest run's (the least disturbed on a shared machine).
    public var runs: Int
    /// Measured as the CPU time of the runtime's thread 0, which forks and joins every op (see `Validation`).
    public var phases: [Comparison]
    /// The same phases measured by the wall clock (includes time the host gave the cores to other processes).
    public var wallClock: [Comparison]
    /// Decode, per token, by op kind (q/k/v as one fused `qkvProj`), thread 0's CPU time.
    public var decodePerOpKind: [Comparison]
    /// Prefill by op kind.
    public var prefillPerOpKind: [Comparison]
    /// Decode DRAM bytes per token the model predicts (the PMU cannot measure them here).
    public var predictedDRAMBytesPerDecodeToken: Double
    /// How cache misses are compared, or why they are not (no PMU counts them; `--cachegrind` not asked for).
    public var cacheMisses: String
    /// With `--cachegrind`: D1 and LL data misses per decode token, exact-mode replay against cachegrind.
    public var cachegrindMisses: [MissComparison]?
}
