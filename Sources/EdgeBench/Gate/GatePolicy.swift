import EdgeModel

/// How `gate` judges a change: per-metric thresholds, the significance level for measured figures and the
/// tolerance under which two deterministic figures count as equal.
public struct GatePolicy: Sendable, Equatable {
    /// Allowed relative change in the bad direction, percent, by metric name or family (`cacheBytesPerToken`);
    /// metrics not listed use `MetricCatalog`'s default.
    public var thresholds: [String: Double]
    /// A measured change counts only when the Mann-Whitney U test's two-sided p-value is below this.
    public var alpha: Double
    /// Relative difference under which deterministic figures are equal (floating-point summation order only).
    public var tolerance: Double

    public init(thresholds: [String: Double] = [:], alpha: Double = 0.05, tolerance: Double = 1e-9) {
        self.thresholds = thresholds
        self.alpha = alpha
        self.tolerance = tolerance
    }

    /// Parses `METRIC=PCT` options (PCT a percentage in 0...1000); `flag` names the option in errors.
    /// - Throws: `InputError` for a malformed entry, an unknown metric (listing the known ones) or a bad number.
    public init(parsing entries: [String], flag: String = "--threshold") throws {
        var thresholds: [String: Double] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw InputError(file: "<command line>", field: flag, "expected METRIC=PCT, got '\(entry)'")
            }
            let metric = String(parts[0])
            guard MetricCatalog.entry(for: metric) != nil else {
                throw InputError(file: "<command line>", field: flag, "unknown metric '\(metric)' (known: "
                                 + MetricCatalog.entries.map(\.name).joined(separator: ", ") + ")")
            }
            guard let percent = Double(parts[1]), percent.isFinite, (0...1000).contains(percent) else {
                throw InputError(file: "<command line>", field: flag, "'\(parts[1])' for \(metric) is not a percentage in 0...1000")
            }
            thresholds[metric] = percent
        }
        self.init(thresholds: thresholds)
    }

    /// Whether a regression of `metric` fails the gate: metrics that gate by default, and any metric that
    /// `--threshold` names.
    func gates(_ metric: String) -> Bool {
        thresholds[metric] != nil || MetricCatalog.entry(for: metric)?.gating ?? true
    }

    /// The threshold, percent, for `metric`: its own override, its family's, or the catalog default.
    func threshold(for metric: String) -> Double {
        if let own = thresholds[metric] { return own }
        let family = metric.split(separator: ".").first.map(String.init) ?? metric
        if let familyOverride = thresholds[family] { return familyOverride }
        return MetricCatalog.entry(for: metric)?.threshold ?? 0
    }
}
