/// A number from a device profile with its unit, how it is known, and where it comes from.
///
/// JSON: `{"value": 12, "unit": "MiB", "kind": "measured", "source": "AnandTech A15 review …"}`.
/// `base` converts the value to the base unit of its dimension (bytes, bytes/s, seconds, J/byte, J/op,
/// op/s, watts, plain numbers, Hz).
public struct Quantity: Codable, Sendable, Equatable {
    public var value: Double
    public var unit: QuantityUnit
    public var kind: QuantityKind
    /// Citation, or for an estimate the basis of the estimate.
    public var source: String

    public init(_ value: Double, _ unit: QuantityUnit, _ kind: QuantityKind, source: String) {
        self.value = value
        self.unit = unit
        self.kind = kind
        self.source = source
    }

    /// The value in the base unit of its dimension.
    public var base: Double { value * unit.factor }
}

/// How a profile number is known (devices.md conventions).
public enum QuantityKind: String, Codable, Sendable, CaseIterable {
    /// Vendor datasheet, announcement or formal specification.
    case spec
    /// Measured on hardware by someone named in the source.
    case measured
    /// Derived by arithmetic, taken from a proxy chip, or from a third-party database; the source gives the basis.
    case estimate
}

/// What a quantity measures; each profile field requires one dimension.
public enum QuantityDimension: String, Sendable {
    case bytes, bandwidth, time, energyPerByte, energyPerOp, throughput, power, fraction, count, frequency
}

/// The closed set of units a profile may use, each with its dimension and factor to the base unit.
public enum QuantityUnit: String, Codable, Sendable, CaseIterable {
    case B, KiB, MiB, GiB, KB, MB, GB
    case bytesPerSecond = "B/s", MBps = "MB/s", GBps = "GB/s"
    case ns, us, ms, s
    case pJPerByte = "pJ/B", pJPerBit = "pJ/bit"
    case pJPerOp = "pJ/op"
    case GFLOPs = "GFLOP/s", TFLOPs = "TFLOP/s", GOPs = "GOP/s", TOPs = "TOP/s"
    case W, mW
    case fraction
    case count
    case MHz, GHz

    /// The dimension the unit measures.
    public var dimension: QuantityDimension {
        switch self {
        case .B, .KiB, .MiB, .GiB, .KB, .MB, .GB: .bytes
        case .bytesPerSecond, .MBps, .GBps: .bandwidth
        case .ns, .us, .ms, .s: .time
        case .pJPerByte, .pJPerBit: .energyPerByte
        case .pJPerOp: .energyPerOp
        case .GFLOPs, .TFLOPs, .GOPs, .TOPs: .throughput
        case .W, .mW: .power
        case .fraction: .fraction
        case .count: .count
        case .MHz, .GHz: .frequency
        }
    }

    /// Multiplier to the base unit: bytes, bytes/s, seconds, J/byte, J/op, op/s, W, 1, Hz.
    public var factor: Double {
        switch self {
        case .B, .bytesPerSecond, .s, .W, .fraction, .count: 1
        case .KiB: 1024
        case .MiB: 1_048_576
        case .GiB: 1_073_741_824
        case .KB: 1e3
        case .MB, .MBps, .MHz: 1e6
        case .GB, .GBps, .GFLOPs, .GOPs, .GHz: 1e9
        case .TFLOPs, .TOPs: 1e12
        case .ns: 1e-9
        case .us: 1e-6
        case .ms, .mW: 1e-3
        case .pJPerByte, .pJPerOp: 1e-12
        case .pJPerBit: 8e-12
        }
    }
}
