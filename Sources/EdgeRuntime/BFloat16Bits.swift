/// bfloat16 ↔ float conversion on bit patterns (bf16 is the top half of an f32).
enum BFloat16Bits {
    /// Rounds to nearest even; NaN stays NaN.
    static func from(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(bits >> 16) | 0x40 }
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }

    static func toFloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}
