/// The gate's verdict as a pull-request comment (GitHub-flavoured Markdown).
public enum GateMarkdown {
    public static func render(_ report: GateReport) -> String {
        let failures = report.failures, improvements = report.improvements
        let cases = Set(report.comparisons.map(\.caseID)).count
        var out = [report.passed
            ? "### ✅ EdgeProf gate passed"
            : "### ❌ EdgeProf gate failed: \(failures.count) regression\(failures.count == 1 ? "" : "s")",
            "",
            "Suite `\(report.suite)`: \(cases) cases, \(report.comparisons.count) figures compared against "
                + "`\(report.baseline)`. Deterministic figures must match within a relative \(report.tolerance); measured "
                + "medians fail beyond their threshold when the Mann-Whitney U p-value is below \(report.alpha).",
        ]
        func table(_ title: String, _ rows: [Comparison]) {
            guard !rows.isEmpty else { return }
            out += ["", "**\(title)**", "", "| case | metric | baseline | current | change | threshold | p |",
                    "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
            for c in rows {
                out.append("| \(c.caseID) | \(c.metric) | \(GateText.number(c.baseline)) | \(GateText.number(c.current)) | "
                           + "\(GateText.change(c.change)) | \(GateText.number(c.threshold))% | \(GateText.pValue(c.pValue)) |")
            }
        }
        table("Regressions", failures.filter { $0.verdict == .regression })
        table("Changed (no better or worse direction; update the baseline on purpose)", failures.filter { $0.verdict == .changed })
        table("Improvements", improvements)
        table("Measured figures (medians)", report.comparisons.filter { $0.measured && $0.verdict == .unchanged })
        if !report.skipped.isEmpty {
            out += ["", "Not compared (absent from the current result): " + report.skipped.joined(separator: "; ")]
        }
        return out.joined(separator: "\n") + "\n"
    }
}
