import EdgeMemory
import EdgeModel

/// A figure of a row divided by the same figure of the unshared model on the same device.
public struct CompareRatios: Codable, Sendable, Equatable {
    public var parameters: Double
    public var executedLayers: Double
    public var dramBytesPerDecodeToken: Double
    public var loadSeconds: Double
    public var initSeconds: Double
    public var decodeSecondsPerToken: Double
    public var joulesPerDecodeToken: Double
    public var kvCacheBytes: Double
}

/// An accuracy a paper reports for a sharing strategy, quoted with its source (not computed by EdgeProf).
public struct QuotedAccuracy: Codable, Sendable, Equatable {
    /// Percent.
    public var value: Double
    public var source: String
}

/// One sharing variant of the base model on one device.
public struct CompareRow: Codable, Sendable, Equatable {
    public var device: String
    /// `none ×1`, `immediate ×2`, … or `none, 60 layers` (the unshared model as deep as a shared one).
    public var variant: String
    public var sharing: SharingStrategy
    public var repeats: Int
    public var blocks: Int
    public var executedLayers: Int
    /// Unique parameters (shared blocks counted once).
    public var parameters: Int
    public var dramBytesPerDecodeToken: Double
    /// Bytes per decode token served by each cache level and DRAM.
    public var bytesPerDecodeToken: [String: Double]
    /// The device's cache levels, nearest first.
    public var levels: [String]
    /// Per cache level: the share of the decode bytes reaching it that it served.
    public var hitRates: [String: Double]
    public var loadSeconds: Double
    public var initSeconds: Double
    public var decodeSecondsPerToken: Double
    public var joulesPerDecodeToken: Double
    /// KV cache for the prompt and decode tokens (one per executed layer).
    public var kvCacheBytes: Int
    /// This row ÷ the unshared base model on the same device.
    public var relative: CompareRatios
    /// The MobileLLM paper's accuracy for this strategy, where it reports one.
    public var quotedAccuracy: QuotedAccuracy?
}

/// What `compare` reports: sharing strategies × repeat counts × devices for one base model.
public struct CompareReport: Codable, Sendable, Equatable {
    public var model: String
    public var precision: String
    public var prompt: Int
    public var tokens: Int
    public var mode: SimulationMode
    public var devices: [String]
    public var repeats: [Int]
    /// `i/N` when only that shard of the rows was computed.
    public var shard: String?
    public var rows: [CompareRow]
}
