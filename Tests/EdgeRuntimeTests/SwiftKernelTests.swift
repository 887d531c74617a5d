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
}
