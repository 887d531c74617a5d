import EdgeModel

/// Compares a current bench result with a baseline: deterministic figures exactly (within a tiny relative
/// tolerance), measured figures by their medians, a relative threshold and a Mann-Whitney U test.
public struct Gate {
    public var policy: GatePolicy

    public init(policy: GatePolicy) { self.policy = policy }

    /// The report for `current` against `baseline`; the paths name the files in the report and errors.
    /// - Throws: `InputError` when the results cannot be compared: other suites or shards, cases or metrics
    ///   present on one side only, a case defined differently, or a section the baseline lacks.
    public func compare(baseline: BenchDocument, current: BenchDocument, baselinePath: String,
                        currentPath: String) throws -> GateReport {
        guard baseline.suite.name == current.suite.name else {
            throw InputError(file: currentPath, field: "suite.name",
                             "'\(current.suite.name)' is not the baseline's suite '\(baseline.suite.name)' (\(baselinePath))")
        }
        guard baseline.shard == current.shard else {
            throw InputError(file: currentPath, field: "shard", "covers \(describe(current.shard)), the baseline "
                             + "\(baselinePath) \(describe(baseline.shard)); merge shards before gating")
        }
        let baseIDs = baseline.cases.map(\.definition.id), currentIDs = current.cases.map(\.definition.id)
        let missing = baseIDs.filter { !currentIDs.contains($0) }, extra = currentIDs.filter { !baseIDs.contains($0) }
        if !missing.isEmpty || !extra.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing baseline cases \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("cases not in the baseline \(extra.joined(separator: ", "))") }
            throw InputError(file: currentPath, field: "cases", "do not match \(baselinePath): " + parts.joined(separator: "; ")
                             + " (regenerate the baseline if the suite changed on purpose)")
        }
        var comparisons: [Comparison] = []
        var skipped: [String] = []
        for old in baseline.cases {
            let new = current.cases.first { $0.definition.id == old.definition.id }!
            let id = old.definition.id
            guard old.definition == new.definition else {
                throw InputError(file: currentPath, field: "cases[\(id)]", "is defined differently from the baseline "
                                 + "\(baselinePath) (regenerate the baseline if the suite changed on purpose)")
            }
            switch (old.deterministic, new.deterministic) {
            case (let a?, let b?): comparisons += try deterministic(id, a, b, baselinePath, currentPath)
            case (nil, .some): throw lacking("deterministic", id, baselinePath)
            case (.some, nil): skipped.append("\(id): deterministic")
            case (nil, nil): break
            }
            switch (old.measured, new.measured) {
            case (let a?, let b?): comparisons += measured(id, a, b)
            case (nil, .some): throw lacking("measured", id, baselinePath)
            case (.some, nil): skipped.append("\(id): measured")
            case (nil, nil): break
            }
        }
        guard !comparisons.isEmpty else {
            throw InputError(file: currentPath, field: "cases", "share no figures with the baseline \(baselinePath)")
        }
        return GateReport(schemaVersion: GateReport.currentSchemaVersion, baseline: baselinePath, current: currentPath,
                          suite: current.suite.name, alpha: policy.alpha, tolerance: policy.tolerance,
                          comparisons: comparisons, skipped: skipped)
    }

    private func deterministic(_ id: String, _ old: [String: Double], _ new: [String: Double],
                               _ baselinePath: String, _ currentPath: String) throws -> [Comparison] {
        let oldKeys = Set(old.keys), newKeys = Set(new.keys)
        guard oldKeys == newKeys else {
            throw InputError(file: currentPath, field: "cases[\(id)].deterministic", "metrics differ from the baseline "
                             + "\(baselinePath): only in the baseline \(oldKeys.subtracting(newKeys).sorted()), only in "
                             + "the current \(newKeys.subtracting(oldKeys).sorted()) (a renamed or added cache level? "
                             + "regenerate the baseline)")
        }
        return try oldKeys.sorted().map { metric in
            guard let entry = MetricCatalog.entry(for: metric) else {
                throw InputError(file: currentPath, field: "cases[\(id)].deterministic.\(metric)", "unknown metric")
            }
            let a = old[metric]!, b = new[metric]!
            let threshold = policy.threshold(for: metric)
            let equal = abs(b - a) <= policy.tolerance * max(abs(a), abs(b))
            let verdict = equal ? .unchanged : judge(entry.direction, a, b, threshold: threshold, significant: true)
            return Comparison(caseID: id, metric: metric, baseline: a, current: b, change: relativeChange(a, b),
                              threshold: threshold, pValue: nil, measured: false, verdict: verdict)
        }
    }

    private func measured(_ id: String, _ old: MeasuredFigures, _ new: MeasuredFigures) -> [Comparison] {
        MetricCatalog.measuredNames.compactMap { metric in
            guard let entry = MetricCatalog.entry(for: metric), let x = old.samples(metric), let y = new.samples(metric),
                  let test = MannWhitneyU(x, y) else { return nil }
            let a = median(x), b = median(y)
            let threshold = policy.threshold(for: metric)
            var verdict = judge(entry.direction, a, b, threshold: threshold, significant: test.pValue < policy.alpha)
            if verdict == .regression && !policy.gates(metric) { verdict = .slower }
            return Comparison(caseID: id, metric: metric, baseline: a, current: b, change: relativeChange(a, b),
                              threshold: threshold, pValue: test.pValue, measured: true, verdict: verdict)
        }
    }

    /// Regression when the change goes the bad way by more than `threshold` percent and is significant;
    /// improvement for the same the good way; a direction-less metric beyond the threshold has changed.
    private func judge(_ direction: MetricDirection, _ a: Double, _ b: Double, threshold: Double,
                       significant: Bool) -> Verdict {
        let limit = threshold / 100 * abs(a)
        guard significant, abs(b - a) > limit else { return .unchanged }
        switch direction {
        case .lowerIsBetter: return b > a ? .regression : .improvement
        case .higherIsBetter: return b < a ? .regression : .improvement
        case .neutral: return .changed
        }
    }

    private func relativeChange(_ a: Double, _ b: Double) -> Double? { a == 0 ? nil : (b - a) / abs(a) }

    private func lacking(_ section: String, _ id: String, _ baselinePath: String) -> InputError {
        InputError(file: baselinePath, field: "cases[\(id)].\(section)",
                   "missing: the baseline has no \(section) figures for a case the current result measured")
    }

    private func describe(_ shard: Shard?) -> String { shard.map { "shard \($0.index)/\($0.count)" } ?? "the whole suite" }
}
