import EdgeKernels

/// Q4_0 blocks as GGUF stores them: an f16 scale d then 16 bytes; element i < 16 is the low nibble of byte i,
/// element 16 + i its high nibble; x ≈ d·(nibble − 8). As llama.cpp quantizes: d = m / −8 with m the element of
/// largest magnitude (sign kept), nibble = min(15, trunc(x/d + 8.5)).
public enum Q4Block {
    public static let size = 32
    public static let bytes = 18

    /// Quantizes one row (`columns` divisible by 32) into `columns / 32` blocks at `out`.
    public static func quantizeRow(_ x: UnsafePointer<Float>, columns: Int, into out: UnsafeMutableRawPointer) {
        for b in 0..<columns / size {
            let block = x + b * size
            var extreme: Float = 0
            for i in 0..<size where abs(block[i]) > abs(extreme) { extreme = block[i] }
            var d = extreme / -8
            let inverse: Float = d != 0 ? 1 / d : 0
            var scale: UInt16 = 0
            ek_f32_to_f16(&d, &scale, 1)
            let dst = out + b * bytes
            dst.storeBytes(of: scale, as: UInt16.self)
            let q = (dst + 2).assumingMemoryBound(to: UInt8.self)
            for i in 0..<16 {
                let lo = UInt8(min(15, Int(block[i] * inverse + 8.5)))
                let hi = UInt8(min(15, Int(block[i + 16] * inverse + 8.5)))
                q[i] = lo | hi << 4
            }
        }
    }

    /// The nibbles (0…15) of `columns / 32` blocks at `data`, in column order.
    public static func nibbles(_ data: UnsafeRawPointer, columns: Int, into out: UnsafeMutablePointer<UInt8>) {
        for b in 0..<columns / size {
            let q = (data + b * bytes + 2).assumingMemoryBound(to: UInt8.self)
            for i in 0..<16 {
                out[b * size + i] = q[i] & 0x0F
                out[b * size + i + 16] = q[i] >> 4
            }
        }
    }

    /// Dequantizes `columns / 32` blocks at `data` into `out`.
    public static func dequantizeRow(_ data: UnsafeRawPointer, columns: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<columns / size {
            var half = (data + b * bytes).loadUnaligned(as: UInt16.self)
            var scale: Float = 0
            ek_f16_to_f32(&half, &scale, 1)
            let q = (data + b * bytes + 2).assumingMemoryBound(to: UInt8.self)
            for i in 0..<16 {
                out[b * size + i] = scale * Float(Int(q[i] & 0x0F) - 8)
                out[b * size + i + 16] = scale * Float(Int(q[i] >> 4) - 8)
            }
        }
    }

    /// Packs one row of nibbles (column order) into the kernel layout of `ek_gemm_q4` (`ek_q4_pack_row`).
    static func packForKernel(_ nibbles: UnsafePointer<UInt8>, columns: Int, into out: UnsafeMutablePointer<UInt8>) {
        ek_q4_pack_row(nibbles, columns, out)
    }
}
