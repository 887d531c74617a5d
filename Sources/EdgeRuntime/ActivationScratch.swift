import EdgeKernels

/// The input of a group of matmuls: f32 rows plus, when int8 weights need them, their quantized forms.
/// Buffers are allocated once for the largest input (`maxTokens × maxColumns`).
final class ActivationScratch: @unchecked Sendable {
    private(set) var x: UnsafePointer<Float>
    private(set) var ldx: Int = 0
    private let q8Buffer: AlignedBuffer
    private let q8ScaleBuffer: AlignedBuffer
    private let q8LaneBuffer: AlignedBuffer
    private let u8Buffer: AlignedBuffer
    private let u8LowBuffer: AlignedBuffer
    private let u8ScaleBuffer: AlignedBuffer

    init(maxTokens: Int, maxColumns: Int, placeholder: UnsafePointer<Float>) {
        x = placeholder
        q8Buffer = AlignedBuffer(byteCount: maxTokens * maxColumns)
        q8ScaleBuffer = AlignedBuffer(byteCount: maxTokens * (maxColumns / 32 + 1) * 4)
        q8LaneBuffer = AlignedBuffer(byteCount: maxTokens * ek_q8_lanes(maxColumns) * 4)
        u8Buffer = AlignedBuffer(byteCount: maxTokens * maxColumns)
        u8LowBuffer = AlignedBuffer(byteCount: maxTokens * 4)
        u8ScaleBuffer = AlignedBuffer(byteCount: maxTokens * 4)
    }

    var q8Values: UnsafePointer<Int8> { UnsafePointer(q8Buffer.pointer(Int8.self)) }
    var q8Lanes: UnsafePointer<Float> { UnsafePointer(q8LaneBuffer.pointer(Float.self)) }
    var u8Values: UnsafePointer<UInt8> { UnsafePointer(u8Buffer.pointer(UInt8.self)) }
    var u8Low: UnsafePointer<Float> { UnsafePointer(u8LowBuffer.pointer(Float.self)) }
    var u8Scale: UnsafePointer<Float> { UnsafePointer(u8ScaleBuffer.pointer(Float.self)) }

    /// Takes `tokens` rows of `columns` floats (row stride `ldx`) and quantizes them for `first` and `second`.
    func load(_ input: UnsafePointer<Float>, ldx: Int, tokens: Int, columns: Int,
              for first: ActivationForm, _ second: ActivationForm = .float) {
        x = input
        self.ldx = ldx
        if first == .q8 || second == .q8 {
            ek_quantize_q8(input, ldx, tokens, columns, q8Buffer.pointer(Int8.self), q8ScaleBuffer.pointer(Float.self),
                           q8LaneBuffer.pointer(Float.self))
        }
        if first == .u8 || second == .u8 {
            ek_quantize_u8(input, ldx, tokens, columns, u8Buffer.pointer(UInt8.self), u8LowBuffer.pointer(Float.self),
                           u8ScaleBuffer.pointer(Float.self))
        }
    }
}
