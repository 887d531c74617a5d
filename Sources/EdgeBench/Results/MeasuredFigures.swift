/// Host measurements of one case: every repetition's phase times and per-step decode times, and the host.
/// Timings depend on the machine and its load; gate compares them with a noise-aware rule.
public struct MeasuredFigures: Codable, Sendable, Equatable {
    /// The machine the figures were taken on.
    public var host: HostInfo
    /// Runtime threads.
    public var threads: Int
    /// Fraction of extra time spun after each decode step, set only by the test-only
    /// `EDGEPROF_TEST_DECODE_SLOWDOWN` switch that validates the gate; nil in real runs.
    public var injectedDecodeSlowdown: Double?
    public var repetitions: [MeasuredRepetition]

    public init(host: HostInfo, threads: Int, injectedDecodeSlowdown: Double?, repetitions: [MeasuredRepetition]) {
        self.host = host
        self.threads = threads
        self.injectedDecodeSlowdown = injectedDecodeSlowdown
        self.repetitions = repetitions
    }

    /// One value per repetition of a measured metric (`MetricCatalog.measured`), nil for an unknown name.
    public func samples(_ metric: String) -> [Double]? {
        switch metric {
        case MetricCatalog.decodeTokensPerSecond: repetitions.map(\.decodeTokensPerSecond)
        case MetricCatalog.prefillTokensPerSecond: repetitions.map(\.prefillTokensPerSecond)
        case MetricCatalog.measuredLoadSeconds: repetitions.map(\.loadSeconds)
        case MetricCatalog.measuredInitSeconds: repetitions.map(\.initSeconds)
        default: nil
        }
    }
}

/// One timed run: load (random weights), init (runtime preparation), one prefill step, then decode steps.
public struct MeasuredRepetition: Codable, Sendable, Equatable {
    public var loadSeconds: Double
    public var initSeconds: Double
    public var prefillTokens: Int
    public var prefillSeconds: Double
    /// Seconds of each decode step (one token through the runtime, plus greedy sampling).
    public var decodeStepSeconds: [Double]

    public init(loadSeconds: Double, initSeconds: Double, prefillTokens: Int, prefillSeconds: Double,
                decodeStepSeconds: [Double]) {
        self.loadSeconds = loadSeconds
        self.initSeconds = initSeconds
        self.prefillTokens = prefillTokens
        self.prefillSeconds = prefillSeconds
        self.decodeStepSeconds = decodeStepSeconds
    }

    /// Decode steps over their total time.
    public var decodeTokensPerSecond: Double {
        let total = decodeStepSeconds.reduce(0, +)
        return total > 0 ? Double(decodeStepSeconds.count) / total : 0
    }

    /// Prompt tokens over the prefill time.
    public var prefillTokensPerSecond: Double { prefillSeconds > 0 ? Double(prefillTokens) / prefillSeconds : 0 }
}

/// The machine a measurement ran on.
public struct HostInfo: Codable, Sendable, Equatable {
    /// CPU model name (`/proc/cpuinfo`), or `unknown`.
    public var cpu: String
    /// Active cores.
    public var cores: Int
    public var operatingSystem: String

    public init(cpu: String, cores: Int, operatingSystem: String) {
        self.cpu = cpu
        self.cores = cores
        self.operatingSystem = operatingSystem
    }
}
