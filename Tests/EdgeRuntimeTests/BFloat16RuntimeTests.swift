import EdgeKernels
import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

/// bf16 weights computed as bf16: the kernel against a float64 reference, the runtime against the same weights
/// widened to f32, and a BF16 safetensors checkpoint against the NumPy reference.
struct BFloat16RuntimeTests {
    @Test func gemmBF16MatchesFloat64Reference() {
        // 70 columns: two full 32-column chunks and a 6-column tail; 5 rows: one 4-row group and one single row;
        // 3 tokens, accumulating onto 1.0.
        let rows = 5, cols = 70, tokens = 3
        let w = CKernelTests.values(rows * cols, seed: 5).map(BFloat16Bits.from)
        let x = CKernelTests.values(tokens * cols, seed: 6).map { $0 * 3 }
        var y = [Float](repeating: 1, count: tokens * rows)
        ek_gemm_bf16(w, x, &y, cols, cols, rows, 0, rows, tokens, 1)
        for t in 0..<tokens {
            for r in 0..<rows {
                var exact = 1.0, magnitude = 0.0
                for c in 0..<cols {
                    let p = Double(BFloat16Bits.toFloat(w[r * cols + c])) * Double(x[t * cols + c])
                    exact += p
                    magnitude += abs(p)
                }
                // The activation split leaves < 2^-16 relative error per product, plus f32 accumulation.
                #expect(abs(Double(y[t * rows + r]) - exact) <= magnitude * 0x1p-15 + 1e-6)
            }
        }
    }

    @Test func bf16RandomWeightsComputeAsBF16AndMatchF32() throws {
        let source = try RandomWeights(config: TestModels.tiny(precision: .bf16), seed: 9)
        #expect(source.tensors["blk.0.attn_q.weight"]?.type == .bf16)
        let native = try ModelRuntime(source: source)
        #expect(native.storage == .bf16 && native.config.precision == .bf16)
        // The same bf16 values widened to f32 at init (exact), multiplied in f32.
        let widened = try ModelRuntime(source: source, options: RuntimeOptions(precision: .f32))
        let a = try native.logits(tokens: TestModels.prompt), b = try widened.logits(tokens: TestModels.prompt)
        let scale = b.joined().map(abs).max()!
        #expect(FileLogitsTests.maxAbsDiff(a, b) < 1e-4 * Double(scale))
    }

    @Test func f32WeightsAskedForBF16AreRoundedAtInit() throws {
        let source = try RandomWeights(config: TestModels.tiny(precision: .f32), seed: 3)
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(precision: .bf16))
        #expect(runtime.storage == .bf16)
        #expect(runtime.weightBytes < (try ModelRuntime(source: source)).weightBytes)
        let exact = try ModelRuntime(source: source).logits(tokens: TestModels.prompt)
        let rounded = try runtime.logits(tokens: TestModels.prompt)
        // bf16 keeps 8 significant bits: a few parts in a thousand on the logits.
        let scale = exact.joined().map(abs).max()!
        #expect(FileLogitsTests.maxAbsDiff(exact, rounded) < 0.02 * Double(scale))
    }

    @Test func bf16SafetensorsMatchesNumPyReference() throws {
        let expected = try FileLogitsTests.expected("safetensors/tiny-llama-bf16/expected.logits.json")
        let weights = try SafetensorsWeights(directory: fixtures.appendingPathComponent("safetensors/tiny-llama-bf16").path)
        #expect(weights.config.precision == .bf16)
        let diff = FileLogitsTests.maxAbsDiff(try FileLogitsTests.logits(weights, expected.tokens), expected.logits)
        #expect(diff <= expected.tolerance, "max |diff| \(diff) vs NumPy, tolerance \(expected.tolerance)")
    }
}
