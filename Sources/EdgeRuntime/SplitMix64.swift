/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): a counter-based 64-bit mixer, used for seeded random weights
/// (element i of a stream is `mix(key + i·γ)`, so any element can be computed independently) and for sampling.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Weyl-sequence increment (the golden ratio in 64-bit fixed point).
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The SplitMix64 finalizer: a bijective avalanche of `z`.
    @inline(__always)
    public static func mix(_ z: UInt64) -> UInt64 {
        var z = z
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        state &+= Self.gamma
        return Self.mix(state)
    }

    /// A uniform float in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }
}
