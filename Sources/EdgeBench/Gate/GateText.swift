import Foundation

/// How gate output writes numbers: figures to 6 significant digits, changes as signed percentages.
public enum GateText {
    public static func number(_ value: Double) -> String { String(format: "%.6g", value) }

    public static func change(_ change: Double?) -> String {
        guard let change else { return "from 0" }
        return String(format: "%+.3f%%", change * 100)
    }

    public static func pValue(_ p: Double?) -> String { p.map { String(format: "%.3g", $0) } ?? "" }
}
