/// The small per-row kernels written in Swift (norms, RoPE): plain scalar arithmetic, cheap next to the matmuls
/// and fast on any CPU (no `addProduct`, which becomes `fmaf` calls without FMA in the baseline target).
enum SwiftKernels {
    /// out = x / √(mean(x²) + eps) ⊙ weight, for one row of `n`; `weight` nil means no weights (QK-norm).
    ///
    /// The squares are summed 16 lanes at a time (then the lanes, then the tail): a plain float sum is one serial
    /// chain of n dependent adds, which the compiler may not reorder (576 adds ≈ 2,300 cycles, 61 norms a
    /// mobilellm-125m token, all on the runtime's thread 0 while the other threads wait).
    static func rmsNorm(_ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<Float>,
                        count n: Int, eps: Float) {
        var lanes = SIMD16<Float>()
        var i = 0
        while i + 16 <= n {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            lanes += v * v
            i += 16
        }
        var sum = lanes.sum()
        while i < n {
            sum += x[i] * x[i]
            i += 1
        }
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
            // 16 pairs at a time (the same products and sums per element as the scalar tail), then the tail.
            var i = 0
            while i + 16 <= half {
                let a = UnsafeRawPointer(v + i).loadUnaligned(as: SIMD16<Float>.self)
                let b = UnsafeRawPointer(v + i + half).loadUnaligned(as: SIMD16<Float>.self)
                let c = UnsafeRawPointer(cos + i).loadUnaligned(as: SIMD16<Float>.self)
                let s = UnsafeRawPointer(sin + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(v + i).storeBytes(of: a * c - b * s, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(v + i + half).storeBytes(of: b * c + a * s, as: SIMD16<Float>.self)
                i += 16
            }
            while i < half {
                let a = v[i], b = v[i + half]
                v[i] = a * cos[i] - b * sin[i]
                v[i + half] = b * cos[i] + a * sin[i]
                i += 1
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
