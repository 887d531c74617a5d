import Foundation
import Testing
@testable import EdgeRuntime

/// Hand-computed cases for RMSNorm and RoPE.
struct SwiftKernelTests {
    @Test func rmsNormOfAHandCase() {
        // x = (3, 4): mean(x²) = 12.5, 1/√12.5 = 0.28284271; weights (1, 2).
        let x: [Float] = [3, 4], w: [Float] = [1, 2]
        var out: [Float] = [0, 0]
        SwiftKernels.rmsNorm(x, w, &out, count: 2, eps: 0)
        #expect(abs(out[0] - 0.8485281) < 1e-6)
        #expect(abs(out[1] - 2.2627417) < 1e-6)
    }

    @Test func rmsNormOfARowWithLanesAndATail() {
        // 37 values (two 16-lane steps and a 5-value tail): x_i = i − 18, Σx² = 2·Σ_{k=1…18} k² = 2·2109 = 4218,
        // mean 114; without weights out_i = x_i / √114.
        let x = (0..<37).map { Float($0 - 18) }
        var out = [Float](repeating: 0, count: 37)
        SwiftKernels.rmsNorm(x, nil, &out, count: 37, eps: 0)
        for i in 0..<37 { #expect(abs(Double(out[i]) - Double(i - 18) / 114.0.squareRoot()) < 1e-6) }
    }

    @Test func ropeRotatesPairsForBothStyles() {
        // Angle 90°: (a, b) → (−b, a).
        let cos: [Float] = [0, 1], sin: [Float] = [1, 0]
        var halves: [Float] = [1, 2, 3, 4]  // pairs (1,3) at angle 90°, (2,4) at angle 0
        SwiftKernels.rope(&halves, dim: 4, cos: cos, sin: sin, style: .halves)
        #expect(halves == [-3, 2, 1, 4])
        var interleaved: [Float] = [1, 3, 2, 4]  // pairs (1,3) and (2,4), adjacent
        SwiftKernels.rope(&interleaved, dim: 4, cos: cos, sin: sin, style: .interleaved)
        #expect(interleaved == [-3, 1, 2, 4])
    }

    @Test func ropeHalvesOfAWideHead() {
        // dim 40: 20 pairs (i, i + 20), one 16-pair step and a 4-pair tail; pair i turns by angle θ_i = 0.1·i:
        // (a, b) → (a·cos θ − b·sin θ, b·cos θ + a·sin θ), with a = i + 1 and b = −(i + 1)/2.
        let half = 20
        let cos = (0..<half).map { Float(Foundation.cos(0.1 * Double($0))) }
        let sin = (0..<half).map { Float(Foundation.sin(0.1 * Double($0))) }
        var v = (0..<half).map { Float($0 + 1) } + (0..<half).map { -Float($0 + 1) / 2 }
        SwiftKernels.rope(&v, dim: 2 * half, cos: cos, sin: sin, style: .halves)
        for i in 0..<half {
            let a = Double(i + 1), b = -Double(i + 1) / 2, t = 0.1 * Double(i)
            #expect(abs(Double(v[i]) - (a * Foundation.cos(t) - b * Foundation.sin(t))) < 1e-5)
            #expect(abs(Double(v[i + half]) - (b * Foundation.cos(t) + a * Foundation.sin(t))) < 1e-5)
        }
    }
}
