import EdgeKernels

/// Q8_0 blocks as GGUF stores them: 32 int8 values q with one f16 scale d (34 bytes, scale first); x ≈ d·q,
/// d = max|x| / 127, q = round(x / d).
public enum Q8Block {
    public static let size = 32
    public static let bytes = 34

    /// Quantizes one row (`columns` divisible by 32) into `columns / 32` blocks at `out`.
    public static func quantizeRow(_ x: UnsafePointer<Float>, columns: Int, into out: UnsafeMutableRawPointer) {
        for b in 0..<columns / size {
            let block = x + b * size
            var amax: Float = 0
            for i in 0..<size { amax = max(amax, abs(block[i])) }
            let d = amax / 127
            let inverse: Float = d > 0 ? 1 / d : 0
            var scale: UInt16 = 0
            var dFloat = d
            ek_f32_to_f16(&dFloat, &scale, 1)
            let dst = out + b * bytes
            dst.storeBytes(of: scale, as: UInt16.self)
            let q = (dst + 2).assumingMemoryBound(to: Int8.self)
            for i in 0..<size { q[i] = Int8((block[i] * inverse).rounded()) }
        }
    }

    /// Dequantizes `columns / 32` blocks at `data` into `out`.
    public static func dequantizeRow(_ data: UnsafeRawPointer, columns: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<columns / size {
            let src = data + b * bytes
            var scale: Float = 0
            var half = src.loadUnaligned(as: UInt16.self)
            ek_f16_to_f32(&half, &scale, 1)
            let q = (src + 2).assumingMemoryBound(to: Int8.self)
            for i in 0..<size { out[b * size + i] = scale * Float(q[i]) }
        }
    }
}
