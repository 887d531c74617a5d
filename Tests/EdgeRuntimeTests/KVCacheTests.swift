import EdgeModel
import Testing
@testable import EdgeRuntime

/// Decoding token by token through the KV cache must match one prefill over the whole sequence.
struct KVCacheTests {
    @Test(arguments: [Precision.f32, .f16])
    func decodeMatchesPrefill(kv: Precision) throws {
        let source = try RandomWeights(config: TestModels.tiny(sharing: .reverse, repeats: 2, kvPrecision: kv), seed: 11)
        let runtime = try ModelRuntime(source: source)
        let all = try runtime.logits(tokens: TestModels.prompt)
        var stepwise: [[Float]] = [Array(try runtime.prefill([TestModels.prompt[0]]))]
        for token in TestModels.prompt.dropFirst() { stepwise.append(Array(try runtime.decode(token))) }
        #expect(runtime.position == TestModels.prompt.count)
        #expect(maxDifference(all, stepwise) < 1e-5)
        let last = Array(try runtime.prefill(TestModels.prompt))
        #expect(zip(last, all.last!).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func fullCacheIsAnInputError() throws {
        let source = try RandomWeights(config: TestModels.tiny())
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(maxPositions: 2))
        try runtime.prefill([1, 2])
        #expect(throws: InputError.self) { try runtime.decode(3) }
        #expect(throws: InputError.self) { try runtime.prefill([1, 2, 3]) }
        #expect(throws: InputError.self) { try runtime.prefill([50]) }
    }

    @Test func threadCountDoesNotChangeTheResult() throws {
        let source = try RandomWeights(config: TestModels.tiny(precision: .f16), seed: 5)
        let one = try ModelRuntime(source: source, options: RuntimeOptions(threads: 1)).logits(tokens: TestModels.prompt)
        let three = try ModelRuntime(source: source, options: RuntimeOptions(threads: 3)).logits(tokens: TestModels.prompt)
        #expect(one == three)
    }
}
