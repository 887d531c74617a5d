#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kernels written with Swift SIMD types (f32 matmul, norms, RoPE, SwiGLU): with `-target-cpu native` the f32
/// matmul compiles to AVX-512 FMAs and matches hand-written C (reference/swift-ecosystem.md §2).
enum SwiftKernels {
    /// y[t][r] (+)= Σ_c W[r][c]·x[t][c] for rows r0..<r1, f32 weights; 4 rows per pass, 2 accumulators each.
    static func gemmF32(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                        columns: Int, ldx: Int, ldy: Int, rows r0: Int, _ r1: Int, tokens: Int, accumulate: Bool) {
        typealias V = SIMD16<Float>
        let stride = columns * 4
        var r = r0
        while r < r1 {
            let count = min(4, r1 - r)
            let p0 = UnsafeRawPointer(w + r * columns)
            let p1 = count > 1 ? p0 + stride : p0
            let p2 = count > 2 ? p0 + 2 * stride : p0
            let p3 = count > 3 ? p0 + 3 * stride : p0
            for t in 0..<tokens {
                let xp = UnsafeRawPointer(x + t * ldx)
                var a0 = V(), a1 = V(), a2 = V(), a3 = V()
                var b0 = V(), b1 = V(), b2 = V(), b3 = V()
                var off = 0
                let vectorEnd = (columns / 32) * 128
                while off < vectorEnd {
                    let x0 = xp.loadUnaligned(fromByteOffset: off, as: V.self)
                    let x1 = xp.loadUnaligned(fromByteOffset: off + 64, as: V.self)
                    a0.addProduct(p0.loadUnaligned(fromByteOffset: off, as: V.self), x0)
                    a1.addProduct(p1.loadUnaligned(fromByteOffset: off, as: V.self), x0)
                    a2.addProduct(p2.loadUnaligned(fromByteOffset: off, as: V.self), x0)
                    a3.addProduct(p3.loadUnaligned(fromByteOffset: off, as: V.self), x0)
                    b0.addProduct(p0.loadUnaligned(fromByteOffset: off + 64, as: V.self), x1)
                    b1.addProduct(p1.loadUnaligned(fromByteOffset: off + 64, as: V.self), x1)
                    b2.addProduct(p2.loadUnaligned(fromByteOffset: off + 64, as: V.self), x1)
                    b3.addProduct(p3.loadUnaligned(fromByteOffset: off + 64, as: V.self), x1)
                    off += 128
                }
                var s0 = (a0 + b0).sum(), s1 = (a1 + b1).sum(), s2 = (a2 + b2).sum(), s3 = (a3 + b3).sum()
                var c = off / 4
                while c < columns {
                    let xv = x[t * ldx + c]
                    s0 += p0.load(fromByteOffset: c * 4, as: Float.self) * xv
                    s1 += p1.load(fromByteOffset: c * 4, as: Float.self) * xv
                    s2 += p2.load(fromByteOffset: c * 4, as: Float.self) * xv
                    s3 += p3.load(fromByteOffset: c * 4, as: Float.self) * xv
                    c += 1
                }
                let out = y + t * ldy + r
                let sums = (s0, s1, s2, s3)
                withUnsafeBytes(of: sums) { raw in
                    for i in 0..<count {
                        let s = raw.load(fromByteOffset: i * 4, as: Float.self)
                        out[i] = accumulate ? out[i] + s : s
                    }
                }
            }
            r += 4
        }
    }

    /// out = x / √(mean(x²) + eps) ⊙ weight, for one row of `n`; `weight` nil means no weights (QK-norm).
    static func rmsNorm(_ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Float>,
                        count n: Int, eps: Float) {
        var sum: Float = 0
        for i in 0..<n { sum += x[i] * x[i] }
        let scale = 1 / (sum / Float(n) + eps).squareRoot()
        if let weight {
            for i in 0..<n { out[i] = x[i] * scale * weight[i] }
        } else {
            for i in 0..<n { out[i] = x[i] * scale }
        }
    }

    /// Rotates one head vector of `dim` elements by the angles whose cos/sin are given (dim/2 of each).
    static func rope(_ v: UnsafeMutablePointer<Float>, dim: Int, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
                     style: RopeStyle) {
        let half = dim / 2
        switch style {
        case .halves:
            for i in 0..<half {
                let a = v[i], b = v[i + half]
                v[i] = a * cos[i] - b * sin[i]
                v[i + half] = b * cos[i] + a * sin[i]
            }
        case .interleaved:
            for i in 0..<half {
                let a = v[2 * i], b = v[2 * i + 1]
                v[2 * i] = a * cos[i] - b * sin[i]
                v[2 * i + 1] = b * cos[i] + a * sin[i]
            }
        }
    }

    /// gate[i] = silu(gate[i]) · up[i] = gate[i] / (1 + e^(−gate[i])) · up[i].
    static func swiGLU(_ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, count n: Int) {
        for i in 0..<n {
            let g = gate[i]
            gate[i] = g / (1 + expf(-g)) * up[i]
        }
    }
}
