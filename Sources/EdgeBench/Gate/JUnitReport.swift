/// The gate's verdicts as JUnit XML, which CI systems show as test results: one test suite, one test case per
/// case and metric, a `<failure>` for each regression or change.
public enum JUnitReport {
    public static func render(_ report: GateReport) -> String {
        let failures = report.failures.count
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="edgeprof gate" tests="\#(report.comparisons.count)" failures="\#(failures)">"#,
            #"  <testsuite name="\#(escape(report.suite))" tests="\#(report.comparisons.count)" failures="\#(failures)">"#,
        ]
        for c in report.comparisons {
            let name = escape(c.metric)
            let classname = escape(report.suite + "." + c.caseID)
            if c.verdict.fails {
                let message = escape("\(c.caseID) \(c.metric): \(c.verdict.rawValue) \(GateText.number(c.baseline)) → "
                                     + "\(GateText.number(c.current)) (\(GateText.change(c.change)))")
                lines.append(#"    <testcase classname="\#(classname)" name="\#(name)">"#)
                lines.append(#"      <failure message="\#(message)" type="\#(c.verdict.rawValue)"/>"#)
                lines.append("    </testcase>")
            } else {
                lines.append(#"    <testcase classname="\#(classname)" name="\#(name)"/>"#)
            }
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// XML attribute escaping.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }
}
