import EdgeMemory
import EdgeModel

/// Which way a metric should move.
public enum MetricDirection: String, Codable, Sendable {
    /// Smaller is better (bytes, seconds, joules).
    case lowerIsBetter
    /// Larger is better (tokens per second).
    case higherIsBetter
    /// Neither: any change fails (where traffic is served; its cost shows in latency and energy).
    case neutral
}

/// Every metric `bench` writes and `gate` compares, with its direction and default gate threshold.
public enum MetricCatalog {
    /// One metric (or a family `cacheBytesPerToken`, whose members are `cacheBytesPerToken.<level>`).
    public struct Entry: Sendable {
        public var name: String
        public var direction: MetricDirection
        public var unit: String
        /// Default allowed relative change in the bad direction, percent (0 for deterministic metrics).
        public var threshold: Double
        public var measured: Bool
    }

    public static let decodeTokensPerSecond = "measured.decodeTokensPerSecond"
    public static let prefillTokensPerSecond = "measured.prefillTokensPerSecond"
    public static let measuredLoadSeconds = "measured.loadSeconds"
    public static let measuredInitSeconds = "measured.initSeconds"
    /// Family prefix of the bytes per decode token served by each cache level.
    public static let cacheBytesPerToken = "cacheBytesPerToken"

    /// All entries. Measured thresholds: decode and prefill rates may drop 10 %, load and init (random-weight
    /// generation and weight preparation, the noisiest phases) may grow 25 %, before a significant change fails.
    public static let entries: [Entry] = [
        .init(name: "parameters", direction: .lowerIsBetter, unit: "", threshold: 0, measured: false),
        .init(name: "weightBytes", direction: .lowerIsBetter, unit: "B", threshold: 0, measured: false),
        .init(name: "kvCacheBytes", direction: .lowerIsBetter, unit: "B", threshold: 0, measured: false),
        .init(name: "activationBytes", direction: .lowerIsBetter, unit: "B", threshold: 0, measured: false),
        .init(name: "peakBytes", direction: .lowerIsBetter, unit: "B", threshold: 0, measured: false),
        .init(name: "loadSeconds", direction: .lowerIsBetter, unit: "s", threshold: 0, measured: false),
        .init(name: "initSeconds", direction: .lowerIsBetter, unit: "s", threshold: 0, measured: false),
        .init(name: "prefillSeconds", direction: .lowerIsBetter, unit: "s", threshold: 0, measured: false),
        .init(name: "decodeSecondsPerToken", direction: .lowerIsBetter, unit: "s", threshold: 0, measured: false),
        .init(name: "joulesPerToken", direction: .lowerIsBetter, unit: "J", threshold: 0, measured: false),
        .init(name: "flopsPerToken", direction: .lowerIsBetter, unit: "FLOP", threshold: 0, measured: false),
        .init(name: "dramBytesPerToken", direction: .lowerIsBetter, unit: "B", threshold: 0, measured: false),
        .init(name: "dramWritebackBytesPerToken", direction: .lowerIsBetter, unit: "B", threshold: 0, measured: false),
        .init(name: cacheBytesPerToken, direction: .neutral, unit: "B", threshold: 0, measured: false),
        .init(name: decodeTokensPerSecond, direction: .higherIsBetter, unit: "tok/s", threshold: 10, measured: true),
        .init(name: prefillTokensPerSecond, direction: .higherIsBetter, unit: "tok/s", threshold: 10, measured: true),
        .init(name: measuredLoadSeconds, direction: .lowerIsBetter, unit: "s", threshold: 25, measured: true),
        .init(name: measuredInitSeconds, direction: .lowerIsBetter, unit: "s", threshold: 25, measured: true),
    ]

    /// The entry for a metric name (`cacheBytesPerToken.L2` resolves to its family), nil when unknown.
    public static func entry(for metric: String) -> Entry? {
        if let exact = entries.first(where: { $0.name == metric }) { return exact }
        guard metric.hasPrefix(cacheBytesPerToken + ".") else { return nil }
        return entries.first { $0.name == cacheBytesPerToken }
    }

    /// Names of the measured metrics, in catalog order.
    public static var measuredNames: [String] { entries.filter(\.measured).map(\.name) }

    /// The deterministic figures of a simulation, by metric name (per decode token where the name says so).
    public static func deterministic(_ r: SimulationReport, parameters: Int) -> [String: Double] {
        let n = Double(r.tokens)
        var out: [String: Double] = [
            "parameters": Double(parameters),
            "weightBytes": Double(r.memory.weightBytes),
            "kvCacheBytes": Double(r.memory.kvCacheBytes),
            "activationBytes": Double(r.memory.activationBytes),
            "peakBytes": Double(r.memory.peakBytes),
            "loadSeconds": r.loadSeconds,
            "initSeconds": r.initSeconds,
            "prefillSeconds": r.prefill.seconds,
            "decodeSecondsPerToken": r.decodeSecondsPerToken,
            "joulesPerToken": r.joulesPerDecodeToken,
            "flopsPerToken": Double(r.decode.flops) / n,
            "dramBytesPerToken": r.dramBytesPerDecodeToken,
            "dramWritebackBytesPerToken": r.bytesPerDecodeToken["DRAM writeback"] ?? 0,
        ]
        for (level, bytes) in r.bytesPerDecodeToken where level != "DRAM" && level != "DRAM writeback" {
            out[cacheBytesPerToken + "." + level] = bytes
        }
        return out
    }
}
