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

/// How many of a phase's timed samples ran undisturbed.
public struct SampleCount: Equatable, Sendable, Encodable {
    public var name: String
    public var undisturbed: Int
    public var total: Int
}

/// A decode-time ratio of two configurations of one model (see `Validation.decodeRatio`): predicted against the
/// median of the measured rounds, with the relative error (predicted − measured) ÷ measured.
public struct RatioComparison: Equatable, Sendable, Encodable {
    /// The configuration in the denominator (the sharing strategy, e.g. "none").
    public var baseline: String
    public var predicted: Double
    public var measured: Double
    public var relativeError: Double
    /// Each round's measured ratio, in the order taken.
    public var rounds: [Double]
    /// Rounds in which no sample of either run was disturbed (`Disturbance`).
    public var undisturbedRounds: Int

    public init(baseline: String, predicted: Double, measured: Double, rounds: [Double], undisturbedRounds: Int) {
        self.baseline = baseline
        self.predicted = predicted
        self.measured = measured
        relativeError = (predicted - measured) / measured
        self.rounds = rounds
        self.undisturbedRounds = undisturbedRounds
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
    /// Measured runs after a warm-up one.
    public var runs: Int
    /// The clock `phases` and the per-op-kind figures are measured on: the thread's CPU time with one thread, the
    /// wall clock with more (see `Validation`).
    public var clock: String
    /// Phase samples (the prefill of each run, each decode step of each run) during which no thread of the process
    /// was preempted, of all taken.
    public var undisturbedSamples: [SampleCount]
    /// Per phase: the fastest undisturbed sample (per decode step, then their mean; see `Validation`).
    public var phases: [Comparison]
    /// The same phases measured by the wall clock (includes time the host gave the cores to other processes).
    public var wallClock: [Comparison]
    /// Decode, per token, by op kind (q/k/v as one fused `qkvProj`), of the samples `phases` counts.
    public var decodePerOpKind: [Comparison]
    /// Prefill by op kind.
    public var prefillPerOpKind: [Comparison]
    /// Decode DRAM bytes per token the model predicts (the PMU cannot measure them here).
    public var predictedDRAMBytesPerDecodeToken: Double
    /// How cache misses are compared, or why they are not (no PMU counts them; `--cachegrind` not asked for).
    public var cacheMisses: String
    /// With `--cachegrind`: D1 and LL data misses per decode token, exact-mode replay against cachegrind.
    public var cachegrindMisses: [MissComparison]?
    /// With `--against STRATEGY`: decode time per token of this configuration ÷ that one's, alternating runs.
    public var decodeRatio: RatioComparison?
}
