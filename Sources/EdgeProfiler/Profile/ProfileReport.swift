import EdgeMemory

/// What `edgeprof profile` reports: the device model's estimates per device and sharing strategy (`device`,
/// deterministic: byte-identical across runs) and this host's measurements of the same runs (`measured`).
public struct ProfileReport: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var model: String
    public var precision: String
    /// `random (seed S)` or the weights file's origin.
    public var weights: String
    /// Prompt tokens (one prefill step) and generated tokens (the first from the prefill).
    public var prompt: Int
    public var tokens: Int
    /// The memory model of the device estimates.
    public var mode: SimulationMode
    /// Device-model estimates, one entry per device.
    public var device: [DeviceEstimate]
    /// Wall-clock figures of this host: they vary from run to run.
    public var measured: HostMeasurements
}

/// One device: its roofline figures and each strategy's estimate.
public struct DeviceEstimate: Codable, Sendable, Equatable {
    public var device: String
    public var name: String
    public var computeUnit: String
    /// The precision the unit computes at when it lists no figures for the weights' own (bf16 → f32: weights
    /// converted on the fly); nil when it computes at the weights' precision.
    public var computedAs: String?
    /// Peak of the model unit at the precision, op/s; achievable DRAM bandwidth, bytes/s; their ratio, op/byte
    /// (an op with fewer FLOPs per DRAM byte than this cannot reach the peak).
    public var peakOpsPerSecond: Double
    public var dramBytesPerSecond: Double
    public var ridgeIntensity: Double
    /// Cache level names, nearest first (keys of the per-level maps, with `DRAM` and `DRAM writeback`).
    public var levels: [String]
    public var strategies: [StrategyEstimate]
}

/// One sharing strategy on one device, from the schedule tracer's event stream (virtual addresses, synthetic
/// tokens), so the figures equal `simulate`'s and repeat exactly.
public struct StrategyEstimate: Codable, Sendable, Equatable {
    public var sharing: String
    public var repeats: Int
    public var blocks: Int
    public var executedLayers: Int
    public var loadSeconds: Double
    public var initSeconds: Double
    /// Prefill of the prompt through the first token's logits.
    public var timeToFirstTokenSeconds: Double
    public var decodeSecondsPerToken: Double
    public var decodeTokensPerSecond: Double
    public var joulesPerDecodeToken: Double
    public var energyPerDecodeToken: EnergySplit
    public var dramBytesPerDecodeToken: Double
    /// Bytes per decode token served by each level, `DRAM` reads and `DRAM writeback`.
    public var bytesPerDecodeToken: [String: Double]
    public var memory: MemoryFootprint
    /// Per op kind, per decode token, in execution order.
    public var perOpKind: [OpKindBreakdown]
    /// Per executed layer (plus `embed` and `head`), per decode token, in execution order.
    public var perLayer: [LayerBreakdown]
    /// The costliest ops (one kind at one layer) by decode time per token, largest first.
    public var topOps: [OpSiteEntry]
    /// The last decode step, op site by op site in execution order, for the per-layer timeline.
    public var decodeStep: [LayerBreakdown]
}

/// One op kind's share of a decode token, and its place on the device's roofline.
public struct OpKindBreakdown: Codable, Sendable, Equatable {
    public var kind: String
    public var opsPerToken: Double
    public var flopsPerToken: Double
    public var secondsPerToken: Double
    /// Fraction of the decode time.
    public var shareOfTime: Double
    public var bytesPerToken: [String: Double]
    /// Per level: bytes it served ÷ bytes that reached it (reads).
    public var hitRates: [String: Double]
    /// FLOPs per DRAM byte (reads + write-backs); nil when the op moved no DRAM bytes.
    public var intensity: Double?
    /// FLOPs ÷ seconds over the kind's ops.
    public var attainedOpsPerSecond: Double
    /// `compute` when the peak-rate time exceeds the memory time, else `memory`; `boundBy` = the larger ÷ the
    /// smaller (nil when the smaller is 0).
    public var bound: String
    public var boundBy: Double?
}

/// One executed layer (or the embedding / the output head): time and bytes per decode token.
public struct LayerBreakdown: Codable, Sendable, Equatable {
    /// `embed`, `layer N` or `head`.
    public var site: String
    public var layer: Int?
    public var block: Int?
    public var seconds: Double
    public var bytes: [String: Double]
    public var hitRates: [String: Double]
}

/// One op kind at one site.
public struct OpSiteEntry: Codable, Sendable, Equatable {
    public var site: String
    public var block: Int?
    public var kind: String
    public var secondsPerToken: Double
    public var dramBytesPerToken: Double
    public var bound: String
}

/// Host measurements: the runtime run for real on this CPU, per strategy.
public struct HostMeasurements: Codable, Sendable, Equatable {
    public var threads: Int
    public var strategies: [HostRun]
}

/// One strategy run on this host (random or file weights) and timed.
public struct HostRun: Codable, Sendable, Equatable {
    public var sharing: String
    public var repeats: Int
    public var loadSeconds: Double
    public var initSeconds: Double
    public var prefill: PrefillTiming
    public var decode: DecodeTiming
    /// Peak resident memory of this process during the run (VmHWM, reset before each run where the kernel allows).
    public var peakResidentBytes: Int
    /// The first device's model fed the runtime's own event stream (real addresses, real tokens), untimed.
    public var runtimeReplay: RuntimeReplay?
    /// Hardware counter totals by phase and event (PAPI, from the counters work); absent until that lands.
    public var hostCounters: [String: [String: Int]]?
}

/// Device figures from the runtime's own events: they match `device` within a fraction of a percent (addresses
/// and token ids differ), but are not byte-stable because real addresses vary.
public struct RuntimeReplay: Codable, Sendable, Equatable {
    public var device: String
    public var decodeSecondsPerToken: Double
    public var dramBytesPerDecodeToken: Double
}
