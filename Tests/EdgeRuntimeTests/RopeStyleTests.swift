import EdgeModel
import Testing
@testable import EdgeRuntime

/// llama.cpp's converter permutes Q/K rows for its interleaved RoPE; the model must compute the same function.
struct RopeStyleTests {
    @Test(arguments: [false, true])
    func permutedRowsWithInterleavedStyleGiveTheSameLogits(qkNorm: Bool) throws {
        let halves = try RandomWeights(config: TestModels.tiny(qkNorm: qkNorm), seed: 3)
        let interleaved = TensorMapSource.interleaved(halves)
        let a = try ModelRuntime(source: halves).logits(tokens: TestModels.prompt)
        let b = try ModelRuntime(source: interleaved).logits(tokens: TestModels.prompt)
        #expect(maxDifference(a, b) < 1e-5)
    }

    @Test func styleMattersWithoutThePermutation() throws {
        let halves = try RandomWeights(config: TestModels.tiny(), seed: 3)
        let relabelled = TensorMapSource(config: halves.config, ropeStyle: .interleaved, tensors: halves.tensors,
                                         keepAlive: [halves])
        let a = try ModelRuntime(source: halves).logits(tokens: TestModels.prompt)
        let b = try ModelRuntime(source: relabelled).logits(tokens: TestModels.prompt)
        #expect(maxDifference(a, b) > 1e-4)
    }
}
