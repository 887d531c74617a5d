import EdgeReports
import EdgeBench
import EdgeReports

/// The gate's verdict as a terminal table: failures, improvements and measured medians, then a summary line.
enum GateTable {
    static func render(_ report: GateReport) -> String {
        let shown = report.comparisons.filter { $0.verdict != .unchanged || $0.measured }
        var table = TextTable(["case", "metric", "baseline", "current", "change", "threshold", "p", "verdict"])
        for c in shown {
            table.add([c.caseID, c.metric, GateText.number(c.baseline), GateText.number(c.current), GateText.change(c.change),
                       GateText.number(c.threshold) + "%", GateText.pValue(c.pValue), c.verdict.rawValue])
        }
        let failures = report.failures.count, improvements = report.improvements.count
        let summary = (report.passed ? "PASS" : "FAIL") + ": \(report.comparisons.count) figures compared, "
            + "\(failures) failing, \(improvements) improved (suite \(report.suite), baseline \(report.baseline))"
        var lines = shown.isEmpty ? [] : [table.render(), ""]
        if !report.skipped.isEmpty { lines.append("not compared: " + report.skipped.joined(separator: "; ")) }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }
}
