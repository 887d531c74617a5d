import Testing
@testable import EdgeRuntime

/// Hand-computed cases for RMSNorm, RoPE and the f32 matmul.
struct SwiftKernelTests {
    @Test func rmsNormOfAHandCase() {
        // x = (3, 4): mean(x²) = 12.5, 1/√12.5 = 0.28284271; weights (1, 2).
        let x: [Float] = [3, 4], w: [Float] = [1, 2]
        var out: [Float] = [0, 0]
        SwiftKernels.rmsNorm(x, w, &out, count: 2, eps: 0)
        #expect(abs(out[0] - 0.8485281) < 1e-6)
        #expect(abs(out[1] - 2.2627417) < 1e-6)
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

    @Test func gemmF32MatchesAHandProduct() {
        // 5 rows × 37 columns (4-row groups, vector loops and scalar tails), 6 tokens (a 4-token tile and 2 singles).
        let rows = 5, cols = 37, tokens = 6
        let w = (0..<rows * cols).map { Float(($0 * 7) % 11) - 5 }
        let x = (0..<tokens * cols).map { Float(($0 * 3) % 5) - 2 }
        var y = [Float](repeating: 1, count: tokens * rows)
        SwiftKernels.gemmF32(w, x, &y, columns: cols, ldx: cols, ldy: rows, rows: 0, rows, tokens: tokens, accumulate: true)
        for t in 0..<tokens {
            for r in 0..<rows {
                let expected = 1 + (0..<cols).reduce(Float(0)) { $0 + w[r * cols + $1] * x[t * cols + $1] }
                #expect(y[t * rows + r] == expected)
            }
        }
    }
}
