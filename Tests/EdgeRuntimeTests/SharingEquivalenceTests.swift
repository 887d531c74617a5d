import EdgeModel
import Testing
@testable import EdgeRuntime

/// A shared schedule must compute exactly what an unshared model with duplicated blocks computes.
struct SharingEquivalenceTests {
    @Test(arguments: [SharingStrategy.immediate, .repeatAllOver, .reverse])
    func sharedEqualsDuplicatedBlocks(strategy: SharingStrategy) throws {
        let shared = try RandomWeights(config: TestModels.tiny(sharing: strategy, repeats: 2), seed: 7)
        let unrolled = TensorMapSource.unrolled(shared)
        #expect(unrolled.config.blocks == 4)
        let a = try ModelRuntime(source: shared).logits(tokens: TestModels.prompt)
        let b = try ModelRuntime(source: unrolled).logits(tokens: TestModels.prompt)
        #expect(a == b)
    }

    @Test func sharedBlocksUseOneCopyOfTheWeights() throws {
        let source = try RandomWeights(config: TestModels.tiny(sharing: .immediate, repeats: 2))
        let runtime = try ModelRuntime(source: source)
        #expect(runtime.blocks.count == 2)
        #expect(runtime.schedule == [0, 0, 1, 1])
        #expect(runtime.kCaches.count == 4)
        #expect(Set(runtime.kCaches.map { $0.raw }).count == 4)
    }

    @Test func sharingChangesTheResult() throws {
        let plain = try RandomWeights(config: TestModels.tiny(), seed: 7)
        let shared = try RandomWeights(config: TestModels.tiny(sharing: .immediate, repeats: 2), seed: 7)
        let a = try ModelRuntime(source: plain).logits(tokens: TestModels.prompt)
        let b = try ModelRuntime(source: shared).logits(tokens: TestModels.prompt)
        #expect(maxDifference(a, b) > 1e-3)
    }
}
