/// Host measurements of one case: every repetition's phase times and per-step decode times, and the host.
/// Timings depend on the machine and its load; gate compares them with a noise-aware rule.
public struct MeasuredFigures: Codable, Sendable, Equatable {
    /// The machine the figures were taken on.
    public var host: HostInfo
    /// Runtime threads.
    public var threads: Int
    /// Fraction of extra CPU time spun after each decode step, set only by the test-only
    /// `EDGEPROF_TEST_DECODE_SLOWDOWN` switch that validates the gate; nil in real runs.
    public var injectedDecodeSlowdown: Double?
    /// The timed repetitions, each from its own process (`RepetitionProcess`): the gate's samples.
    public var repetitions: [MeasuredRepetition]

    public init(host: HostInfo, threads: Int, injectedDecodeSlowdown: Double?, repetitions: [MeasuredRepetition]) {
        self.host = host
        self.threads = threads
        self.injectedDecodeSlowdown = injectedDecodeSlowdown
        self.repetitions = repetitions
    }

    /// One value per repetition of a measured metric (`MetricCatalog`'s `measured.*` names), nil for an
    /// unknown name. A repetition's decode rate is one token over the lower quartile of its decode steps' times.
    /// Other processes only ever add time to a step (a context switch, caches refilled after one, a preempted
    /// virtual CPU), so the fast end of a repetition's steps estimates the code's own cost best (Chen & Revels,
    /// "Robust benchmarking in noisy environments", arXiv:1608.04295, argue for the minimum); the lower quartile
    /// keeps that while staying a robust statistic of many steps rather than one extreme. The total (the mean step)
    /// absorbs every interference instead; see docs/ci/README.md for the spread of each on this machine.
    public func samples(_ metric: String) -> [Double]? {
        switch metric {
        case MetricCatalog.decodeTokensPerCPUSecond: repetitions.map { rate(1, quantile($0.decodeStepCPUSeconds, 0.25)) }
        case MetricCatalog.decodeVsReference: referenced { rate(1, quantile($0.decodeStepCPUSeconds, 0.25)) }
        case MetricCatalog.prefillVsReference: referenced { rate($0.prefillTokens, $0.prefillCPUSeconds) }
        case MetricCatalog.prefillTokensPerCPUSecond: repetitions.map { rate($0.prefillTokens, $0.prefillCPUSeconds) }
        case MetricCatalog.loadCPUSeconds: repetitions.map(\.loadCPUSeconds)
        case MetricCatalog.initCPUSeconds: repetitions.map(\.initCPUSeconds)
        case MetricCatalog.decodeTokensPerSecond: repetitions.map { rate(1, quantile($0.decodeStepSeconds, 0.25)) }
        case MetricCatalog.prefillTokensPerSecond: repetitions.map { rate($0.prefillTokens, $0.prefillSeconds) }
        case MetricCatalog.measuredLoadSeconds: repetitions.map(\.loadSeconds)
        case MetricCatalog.measuredInitSeconds: repetitions.map(\.initSeconds)
        default: nil
        }
    }

    /// Per repetition, `value` times the lower quartile of its reference-loop steps' CPU times: a rate in units of
    /// the reference loop's rate at the same moments. Nil when a repetition has no reference steps (older files).
    private func referenced(_ value: (MeasuredRepetition) -> Double) -> [Double]? {
        var out: [Double] = []
        for repetition in repetitions {
            guard let reference = repetition.referenceStepCPUSeconds, !reference.isEmpty else { return nil }
            out.append(value(repetition) * quantile(reference, 0.25))
        }
        return out
    }

    /// `count` over `seconds`, 0 when no time was measured.
    private func rate(_ count: Int, _ seconds: Double) -> Double { seconds > 0 ? Double(count) / seconds : 0 }
}

/// One timed run: load (random weights), init (runtime preparation), one prefill step, then decode steps; each
/// phase in wall-clock seconds and in process CPU seconds (all threads).
public struct MeasuredRepetition: Codable, Sendable, Equatable {
    public var loadSeconds: Double
    public var initSeconds: Double
    public var prefillTokens: Int
    public var prefillSeconds: Double
    /// Wall-clock seconds of each decode step (one token through the runtime, plus greedy sampling).
    public var decodeStepSeconds: [Double]
    public var loadCPUSeconds: Double
    public var initCPUSeconds: Double
    public var prefillCPUSeconds: Double
    /// CPU seconds of each decode step.
    public var decodeStepCPUSeconds: [Double]
    /// CPU seconds of the reference loop run after each decode step (`ReferenceLoop`); nil in files that predate it.
    public var referenceStepCPUSeconds: [Double]?

    public init(loadSeconds: Double, initSeconds: Double, prefillTokens: Int, prefillSeconds: Double,
                decodeStepSeconds: [Double], loadCPUSeconds: Double, initCPUSeconds: Double,
                prefillCPUSeconds: Double, decodeStepCPUSeconds: [Double], referenceStepCPUSeconds: [Double]? = nil) {
        self.loadSeconds = loadSeconds
        self.initSeconds = initSeconds
        self.prefillTokens = prefillTokens
        self.prefillSeconds = prefillSeconds
        self.decodeStepSeconds = decodeStepSeconds
        self.loadCPUSeconds = loadCPUSeconds
        self.initCPUSeconds = initCPUSeconds
        self.prefillCPUSeconds = prefillCPUSeconds
        self.decodeStepCPUSeconds = decodeStepCPUSeconds
        self.referenceStepCPUSeconds = referenceStepCPUSeconds
    }
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
