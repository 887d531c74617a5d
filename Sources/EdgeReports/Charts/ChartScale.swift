import Foundation

/// Maps data values to plot coordinates and chooses axis ticks.
struct ChartScale {
    /// Data range mapped onto `start...end` (pixels; `end < start` for a vertical axis, whose y grows downward).
    let lower: Double
    let upper: Double
    let start: Double
    let end: Double
    let logarithmic: Bool
    /// Tick values, in data units.
    let ticks: [Double]

    /// A linear scale from 0 to a "nice" bound at or above `maximum`, ticks 1, 2, 2.5 or 5 × 10ⁿ apart.
    static func linear(maximum: Double, start: Double, end: Double, targetTicks: Int = 5) -> ChartScale {
        let top = maximum.isFinite && maximum > 0 ? maximum : 1
        let step = niceStep(top / Double(targetTicks))
        let count = Int((top / step).rounded(.up))
        let ticks = (0...count).map { Double($0) * step }
        return ChartScale(lower: 0, upper: ticks.last!, start: start, end: end, logarithmic: false, ticks: ticks)
    }

    /// A base-10 logarithmic scale over whole decades covering `minimum...maximum` (both positive).
    static func logarithmic(minimum: Double, maximum: Double, start: Double, end: Double) -> ChartScale {
        let low = floor(log10(minimum)), high = max(ceil(log10(maximum)), low + 1)
        let ticks = stride(from: low, through: high, by: 1).map { pow(10, $0) }
        return ChartScale(lower: ticks.first!, upper: ticks.last!, start: start, end: end, logarithmic: true, ticks: ticks)
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1, 2, 2.5, 5, 10] where factor * magnitude >= raw * (1 - 1e-12) { return factor * magnitude }
        return 10 * magnitude
    }

    /// Plot coordinate of `value` (clamped to the scale's range).
    func position(_ value: Double) -> Double {
        let v = min(max(value.isFinite ? value : lower, lower), upper)
        let fraction = logarithmic ? (log10(v) - log10(lower)) / (log10(upper) - log10(lower))
                                   : (v - lower) / (upper - lower)
        return start + fraction * (end - start)
    }

    /// Tick label: as few decimals as the tick spacing needs; decades outside 10⁻³…10⁴ as `1e6`.
    func label(_ value: Double) -> String {
        if logarithmic {
            let exponent = Int(log10(value).rounded())
            return (-3...4).contains(exponent) ? ChartNumber.plain(value, decimals: max(0, -exponent)) : "1e\(exponent)"
        }
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let decimals = max(0, Int(ceil(-log10(step) - 1e-9)) + (step / pow(10, floor(log10(step))) == 2.5 ? 1 : 0))
        return ChartNumber.plain(value, decimals: decimals)
    }
}

/// Numbers as SVG attribute and label text (C locale, fixed decimals, no `-0`).
enum ChartNumber {
    static func plain(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// A coordinate with two decimals.
    static func coordinate(_ value: Double) -> String { plain(value, decimals: 2) }

    /// A data value as written in `data-value` attributes: up to 6 significant digits.
    static func value(_ value: Double) -> String { String(format: "%.6g", value) }
}
