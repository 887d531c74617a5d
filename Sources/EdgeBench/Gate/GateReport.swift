/// What one comparison concluded.
public enum Verdict: String, Codable, Sendable {
    /// Worse than the threshold (and, for measured figures, significant): fails the gate.
    case regression
    /// A direction-less metric moved beyond its threshold: fails the gate (update the baseline on purpose).
    case changed
    /// Worse than the threshold and significant on a metric that does not gate by default (wall-clock time):
    /// reported, passes.
    case slower
    /// Better than the threshold (and significant): reported, passes.
    case improvement
    /// Equal, within the threshold, or not significant.
    case unchanged

    /// Whether the verdict fails the gate.
    public var fails: Bool { self == .regression || self == .changed }
}

/// One metric of one case, baseline against current.
public struct Comparison: Codable, Sendable, Equatable {
    public var caseID: String
    public var metric: String
    /// Deterministic figure, or the median of the measured samples.
    public var baseline: Double
    public var current: Double
    /// Relative change (current − baseline) / |baseline|; nil when the baseline is 0.
    public var change: Double?
    /// Threshold applied, percent.
    public var threshold: Double
    /// Mann-Whitney U two-sided p-value (measured figures only).
    public var pValue: Double?
    public var measured: Bool
    public var verdict: Verdict
}

/// The gate's result: every comparison, and whether it passed.
public struct GateReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var baseline: String
    public var current: String
    public var suite: String
    public var alpha: Double
    public var tolerance: Double
    /// Every comparison, in suite then metric order.
    public var comparisons: [Comparison]
    /// Sections of the baseline that the current result does not have (for example measured figures when only
    /// deterministic ones were run), by case id.
    public var skipped: [String]

    /// No comparison failed.
    public var passed: Bool { !comparisons.contains { $0.verdict.fails } }
    public var failures: [Comparison] { comparisons.filter { $0.verdict.fails } }
    public var improvements: [Comparison] { comparisons.filter { $0.verdict == .improvement } }
}
