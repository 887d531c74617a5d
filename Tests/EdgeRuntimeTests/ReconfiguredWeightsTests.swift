import EdgeModel
import Testing
@testable import EdgeRuntime

@Suite struct ReconfiguredWeightsTests {
    static let sharded = fixtures.appendingPathComponent("safetensors/tiny-llama-sharded").path

    @Test func sameTensorsAnotherScheduleAndKVPrecision() throws {
        let base = try SafetensorsWeights(directory: Self.sharded)
        let config = base.config.with(sharing: .repeatAllOver, repeats: 3, kvPrecision: .f32)
        let weights = try ReconfiguredWeights(base, config: config)
        #expect(weights.config.schedule == [0, 1, 0, 1, 0, 1])
        #expect(weights.config.kvPrecision == .f32)
        #expect(weights.origin == base.origin)
        #expect(weights.ropeStyle == .halves)
        #expect(weights.tensors["blk.1.ffn_down.weight"]?.data == base.tensors["blk.1.ffn_down.weight"]?.data)
    }

    @Test func rejectsConfigsThatNeedOtherTensors() throws {
        let base = try SafetensorsWeights(directory: Self.sharded)
        var untied = base.config
        untied.sharedEmbedding = false
        #expect(inputError { try ReconfiguredWeights(base, config: untied) }?.field == "output.weight")
        var wider = base.config
        wider.ffnHidden = 96
        #expect(inputError { try ReconfiguredWeights(base, config: wider) }?.field == "blk.0.ffn_gate.weight")
        var deeper = base.config
        deeper.blocks = 3
        #expect(inputError { try ReconfiguredWeights(base, config: deeper) }?.field == "blk.2.attn_norm.weight")
        #expect(inputError { try ReconfiguredWeights(base, config: base.config.with(repeats: 0)) }?.field == "repeats")
    }
}
