/// The median (mean of the two middle values for an even count); 0 for an empty array.
func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

/// The `p`-quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics — Hyndman & Fan's type 7, NumPy's
/// and R's default: position p × (n − 1) in the sorted values; 0 for an empty array.
func quantile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let position = min(max(p, 0), 1) * Double(sorted.count - 1)
    let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
    return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
}
