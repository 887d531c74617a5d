/// Kernels written with Swift SIMD types (f32 matmul, norms, RoPE): with `-target-cpu native` the f32
/// matmul compiles to AVX-512 FMAs and matches hand-written C (reference/swift-ecosystem.md §2).
enum SwiftKernels {
    /// y[t][r] (+)= Σ_c W[r][c]·x[t][c] for rows r0..<r1, f32 weights; 4 rows per pass, tokens in tiles of 4.
    static func gemmF32(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                        columns: Int, ldx: Int, ldy: Int, rows r0: Int, _ r1: Int, tokens: Int, accumulate: Bool) {
        let rowBytes = columns * 4
        for r in stride(from: r0, to: r1, by: 4) {
            let count = min(4, r1 - r)
            let p0 = UnsafeRawPointer(w + r * columns)
            let p1 = count > 1 ? p0 + rowBytes : p0
            let p2 = count > 2 ? p0 + 2 * rowBytes : p0
            let p3 = count > 3 ? p0 + 3 * rowBytes : p0
            let tiled = tokens / 4 * 4
            for t in stride(from: 0, to: tiled, by: 4) {
                tileF32(p0, p1, p2, p3, x + t * ldx, ldx: ldx, y + t * ldy + r, ldy: ldy, columns: columns, rows: count,
                        accumulate: accumulate)
            }
            for t in tiled..<tokens {
                dotsF32(p0, p1, p2, p3, x + t * ldx, y + t * ldy + r, columns: columns, rows: count, accumulate: accumulate)
            }
        }
    }

    /// 4 rows × 1 token (decode): 2 accumulators per row to cover the FMA latency.
    @inline(__always)
    private static func dotsF32(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ p2: UnsafeRawPointer,
                                _ p3: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                columns: Int, rows: Int, accumulate: Bool) {
        typealias V = SIMD16<Float>
        let xp = UnsafeRawPointer(x)
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
        var sums = SIMD4((a0 + b0).sum(), (a1 + b1).sum(), (a2 + b2).sum(), (a3 + b3).sum())
        for c in off / 4..<columns {
            sums += SIMD4(p0.load(fromByteOffset: c * 4, as: Float.self), p1.load(fromByteOffset: c * 4, as: Float.self),
                          p2.load(fromByteOffset: c * 4, as: Float.self), p3.load(fromByteOffset: c * 4, as: Float.self))
                * x[c]
        }
        for i in 0..<rows { y[i] = accumulate ? y[i] + sums[i] : sums[i] }
    }

    /// 4 rows × 4 tokens (prefill): each weight vector is loaded once for four tokens; 16 accumulators.
    @inline(__always)
    private static func tileF32(_ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ p2: UnsafeRawPointer,
                                _ p3: UnsafeRawPointer, _ x: UnsafePointer<Float>, ldx: Int,
                                _ y: UnsafeMutablePointer<Float>, ldy: Int, columns: Int, rows: Int, accumulate: Bool) {
        typealias V = SIMD16<Float>
        let x0 = UnsafeRawPointer(x), x1 = x0 + ldx * 4, x2 = x0 + 2 * ldx * 4, x3 = x0 + 3 * ldx * 4
        var a00 = V(), a01 = V(), a02 = V(), a03 = V(), a10 = V(), a11 = V(), a12 = V(), a13 = V()
        var a20 = V(), a21 = V(), a22 = V(), a23 = V(), a30 = V(), a31 = V(), a32 = V(), a33 = V()
        var off = 0
        let vectorEnd = (columns / 16) * 64
        while off < vectorEnd {
            let w0 = p0.loadUnaligned(fromByteOffset: off, as: V.self), w1 = p1.loadUnaligned(fromByteOffset: off, as: V.self)
            let w2 = p2.loadUnaligned(fromByteOffset: off, as: V.self), w3 = p3.loadUnaligned(fromByteOffset: off, as: V.self)
            var v = x0.loadUnaligned(fromByteOffset: off, as: V.self)
            a00.addProduct(w0, v); a10.addProduct(w1, v); a20.addProduct(w2, v); a30.addProduct(w3, v)
            v = x1.loadUnaligned(fromByteOffset: off, as: V.self)
            a01.addProduct(w0, v); a11.addProduct(w1, v); a21.addProduct(w2, v); a31.addProduct(w3, v)
            v = x2.loadUnaligned(fromByteOffset: off, as: V.self)
            a02.addProduct(w0, v); a12.addProduct(w1, v); a22.addProduct(w2, v); a32.addProduct(w3, v)
            v = x3.loadUnaligned(fromByteOffset: off, as: V.self)
            a03.addProduct(w0, v); a13.addProduct(w1, v); a23.addProduct(w2, v); a33.addProduct(w3, v)
            off += 64
        }
        var sums: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) = (
            SIMD4(a00.sum(), a01.sum(), a02.sum(), a03.sum()), SIMD4(a10.sum(), a11.sum(), a12.sum(), a13.sum()),
            SIMD4(a20.sum(), a21.sum(), a22.sum(), a23.sum()), SIMD4(a30.sum(), a31.sum(), a32.sum(), a33.sum()))
        var c = off / 4
        while c < columns {
            let xv = SIMD4(x[c], x[ldx + c], x[2 * ldx + c], x[3 * ldx + c])
            sums.0 += p0.load(fromByteOffset: c * 4, as: Float.self) * xv
            sums.1 += p1.load(fromByteOffset: c * 4, as: Float.self) * xv
            sums.2 += p2.load(fromByteOffset: c * 4, as: Float.self) * xv
            sums.3 += p3.load(fromByteOffset: c * 4, as: Float.self) * xv
            c += 1
        }
        withUnsafeBytes(of: sums) { raw in
            for i in 0..<rows {
                for j in 0..<4 {
                    let s = raw.load(fromByteOffset: (i * 4 + j) * 4, as: Float.self)
                    let out = y + j * ldy + i
                    out.pointee = accumulate ? out.pointee + s : s
                }
            }
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
}
