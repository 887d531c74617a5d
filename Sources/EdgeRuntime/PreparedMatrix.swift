import EdgeKernels
import EdgeModel

/// A weight matrix in the layout the kernels read, `rows × columns`, rows = outputs.
///
/// Quantized layouts keep the file's byte count: Q8_0 is repacked into all int8 values (row-major, 64-byte aligned)
/// followed by all f16 block scales, the same 34 bytes per 32 weights as GGUF; Q4_0 likewise into packed nibbles and
/// scales (18 bytes per 32).
struct PreparedMatrix: @unchecked Sendable {
    enum Storage {
        case f32(UnsafePointer<Float>)
        case f16(UnsafePointer<UInt16>)
        /// bfloat16 bit patterns (the top half of an f32).
        case bf16(UnsafePointer<UInt16>)
        /// int8 values, then one f16 scale per 32 columns (rows × columns/32).
        case q8(values: UnsafePointer<Int8>, scales: UnsafePointer<UInt16>)
        /// 4-bit values (nibble − 8) packed for `ek_gemm_q4`, then one f16 scale per 32 columns.
        case q4(packed: UnsafePointer<UInt8>, scales: UnsafePointer<UInt16>)
        /// Per-channel int8 values, one f32 scale per row and the row sums of the int8 values (for W8A8).
        case w8a8(values: UnsafePointer<Int8>, scales: UnsafePointer<Float>, sums: UnsafePointer<Int32>)
    }

    let rows: Int
    let columns: Int
    let storage: Storage
    /// Start of the matrix's bytes (for op events).
    let base: UnsafeRawPointer
    /// Bytes the matrix occupies.
    let byteCount: Int

    /// Which activation form the kernel for this storage consumes.
    var activation: ActivationForm {
        switch storage {
        case .f32, .f16, .bf16: .float
        case .q8, .q4: .q8
        case .w8a8: .u8
        }
    }

    /// Writes row `r` as floats (embedding lookup).
    func row(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        switch storage {
        case .f32(let w): out.update(from: w + r * columns, count: columns)
        case .f16(let w): ek_f16_to_f32(w + r * columns, out, columns)
        case .bf16(let w): for c in 0..<columns { out[c] = BFloat16Bits.toFloat(w[r * columns + c]) }
        case .q8(let values, let scales):
            let blocks = columns / 32
            var scale: Float = 0
            for b in 0..<blocks {
                ek_f16_to_f32(scales + r * blocks + b, &scale, 1)
                for i in 0..<32 { out[b * 32 + i] = scale * Float(values[r * columns + b * 32 + i]) }
            }
        case .q4(let packed, let scales):
            // One embedding row per token: the nibbles go to a temporary buffer (on the stack at model widths).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: columns) { nibbles in
                ek_q4_unpack_row(packed + r * columns / 2, columns, nibbles.baseAddress!)
                var scale: Float = 0
                for c in 0..<columns {
                    if c % 32 == 0 { ek_f16_to_f32(scales + r * columns / 32 + c / 32, &scale, 1) }
                    out[c] = scale * Float(Int(nibbles[c]) - 8)
                }
            }
        case .w8a8(let values, let scales, _):
            for c in 0..<columns { out[c] = scales[r] * Float(values[r * columns + c]) }
        }
    }

    /// y[t][r] (+)= Σ_c W[r][c]·x[t][c] for rows `r0..<r1` and the `tokens` rows of `input`, with `kernels`' path.
    func multiply(_ input: ActivationScratch, tokens: Int, into y: UnsafeMutablePointer<Float>, ldy: Int,
                  rows r0: Int, _ r1: Int, accumulate: Bool, kernels: ek_kernels) {
        let acc: Int32 = accumulate ? 1 : 0
        switch storage {
        case .f32(let w):
            kernels.gemm_f32(w, input.x, y, columns, input.ldx, ldy, r0, r1, tokens, acc)
        case .f16(let w):
            kernels.gemm_f16(w, input.x, y, columns, input.ldx, ldy, r0, r1, tokens, acc)
        case .bf16(let w):
            ek_gemm_bf16(w, input.x, y, columns, input.ldx, ldy, r0, r1, tokens, acc)
        case .q8(let values, let scales):
            kernels.gemm_q8(values, scales, input.q8Values, input.q8Lanes, y, columns, ldy, r0, r1, tokens, acc)
        case .q4(let packed, let scales):
            kernels.gemm_q4(packed, scales, input.q8Values, input.q8Lanes, y, columns, ldy, r0, r1, tokens, acc)
        case .w8a8(let values, let scales, let sums):
            kernels.gemm_w8a8(values, scales, sums, input.u8Values, input.u8Low, input.u8Scale, y, columns, ldy,
                         r0, r1, tokens, acc)
        }
    }
}

/// The form a matmul's input activations must be in.
enum ActivationForm: Sendable {
    /// f32 as produced (f32 and f16 weights).
    case float
    /// Symmetric int8 per block of 32 (Q8_0 and Q4_0 weights).
    case q8
    /// Asymmetric u8 per token, min-max (per-channel int8 weights: W8A8).
    case u8
}
