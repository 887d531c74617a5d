import EdgeModel
import Testing
@testable import EdgeRuntime

struct RandomWeightsTests {
    static func floats(_ t: WeightTensor) -> [Float] {
        Array(UnsafeBufferPointer(start: t.data.assumingMemoryBound(to: Float.self), count: t.rows * t.columns))
    }

    @Test func sameSeedSameValuesOtherSeedOtherValues() throws {
        let a = try RandomWeights(config: TestModels.tiny(), seed: 1)
        let b = try RandomWeights(config: TestModels.tiny(), seed: 1)
        let c = try RandomWeights(config: TestModels.tiny(), seed: 2)
        let name = "blk.1.ffn_down.weight"
        #expect(Self.floats(a.tensors[name]!) == Self.floats(b.tensors[name]!))
        #expect(Self.floats(a.tensors[name]!) != Self.floats(c.tensors[name]!))
        #expect(a.origin == "random:tiny:1")
    }

    @Test func rangesFollowTheFanIn() throws {
        let source = try RandomWeights(config: TestModels.tiny(), seed: 3)
        let down = Self.floats(source.tensors["blk.0.ffn_down.weight"]!)  // 64 × 96: ±√(3/96) = ±0.1768
        #expect(down.allSatisfy { abs($0) <= (3.0 / 96).squareRoot() })
        #expect(down.map(abs).max()! > 0.17)
        let norm = Self.floats(source.tensors["blk.0.attn_norm.weight"]!)
        #expect(norm.allSatisfy { $0 >= 0.9 && $0 <= 1.1 })
    }

    @Test func everyTensorOfTheConfigInItsStorageType() throws {
        let config = TestModels.tiny(precision: .f16, sharedEmbedding: false)
        let source = try RandomWeights(config: config)
        #expect(Set(source.tensors.keys) == Set(config.tensors.map(\.name)))
        #expect(source.tensors["output.weight"]?.type == .f16)
        #expect(source.tensors["output_norm.weight"]?.type == .f32)
        #expect(source.tensors["blk.0.attn_k.weight"]?.byteCount == 32 * 64 * 2)
    }

    @Test func untiedHeadRuns() throws {
        let source = try RandomWeights(config: TestModels.tiny(sharedEmbedding: false), seed: 2)
        let runtime = try ModelRuntime(source: source)
        #expect(runtime.lmHead.base != runtime.embedding.base)
        #expect(try runtime.logits(tokens: [1, 2]).count == 2)
    }
}
