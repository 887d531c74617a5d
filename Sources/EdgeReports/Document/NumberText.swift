import Foundation

/// `value` with exactly `digits` decimals (C locale).
public func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

/// Decimal megabytes with one decimal.
public func megabytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1e6, 1) }

/// Decimal megabytes with one decimal, of a fractional byte count (per-token averages).
public func megabytes(_ bytes: Double) -> String { fixed(bytes / 1e6, 1) }
