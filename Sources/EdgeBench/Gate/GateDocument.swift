import EdgeReports

extension GateReport {
    /// The verdict as a report document (the terminal table and the pull-request Markdown render it): a summary
    /// title, the rule, then tables of regressions, direction-less changes, improvements and measured medians.
    public var document: ReportDocument {
        let failing = failures.count, improved = improvements.count
        let title = (passed ? "EdgeProf gate: PASS" : "EdgeProf gate: FAIL")
            + " — \(comparisons.count) figures compared, \(failing) failing, \(improved) improved"
        var blocks: [ReportBlock] = []
        func table(_ title: String, _ rows: [Comparison]) {
            guard !rows.isEmpty else { return }
            var table = TextTable(["case", "metric", "baseline", "current", "change", "threshold", "p"], title: title)
            for c in rows {
                table.add([c.caseID, c.metric, GateText.number(c.baseline), GateText.number(c.current),
                           GateText.change(c.change), GateText.number(c.threshold) + "%", GateText.pValue(c.pValue)])
            }
            blocks.append(.table(table))
        }
        table("Regressions", comparisons.filter { $0.verdict == .regression })
        table("Changed (no better or worse direction: update the baseline on purpose)",
              comparisons.filter { $0.verdict == .changed })
        table("Improvements", improvements)
        table("Slower wall-clock figures (reported, not gated: shared machines)", comparisons.filter { $0.verdict == .slower })
        table("Measured figures within noise (medians)", comparisons.filter { $0.measured && $0.verdict == .unchanged })
        if !skipped.isEmpty { blocks.append(.note("Not compared (absent from the current result): " + skipped.joined(separator: "; "))) }
        return ReportDocument(
            title: title,
            metadata: [
                ReportField("suite", suite), ReportField("baseline", baseline), ReportField("current", current),
                ReportField("rule", "deterministic figures equal within a relative \(tolerance); measured medians fail "
                            + "beyond their threshold when the Mann-Whitney U p-value is below \(alpha)"),
            ],
            sections: [ReportSection("", blocks)])
    }
}
