/// The small per-row kernels written in Swift (norms, RoPE): plain scalar arithmetic, cheap next to the matmuls
/// and fast on any CPU (no `addProduct`, which becomes `fmaf` calls without FMA in the baseline target).
enum SwiftKernels {
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
