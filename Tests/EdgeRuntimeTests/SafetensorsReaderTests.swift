import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

@Suite struct SafetensorsReaderTests {
    static let layerShared = fixtures.appendingPathComponent("safetensors/mobilellm-ls-tiny").path
    static let sharded = fixtures.appendingPathComponent("safetensors/tiny-llama-sharded").path

    @Test func readsLayerSharedMobileLLMCheckpoint() throws {
        let weights = try SafetensorsWeights(directory: Self.layerShared)
        let expected = ModelConfig(name: "mobilellm-ls-tiny", blocks: 2, dim: 32, heads: 4, kvHeads: 2, headDim: 16,
                                   ffnHidden: 64, vocab: 256, context: 64, ropeTheta: 10_000, normEps: 1e-5,
                                   sharedEmbedding: true, sharing: .immediate, repeats: 2, precision: .f16)
        #expect(weights.config == expected)
        #expect(weights.config.schedule == [0, 0, 1, 1])
        #expect(weights.ropeStyle == .halves)
        #expect(Set(weights.tensors.keys) == Set(expected.tensors.map(\.name)))
        for spec in expected.tensors {
            let tensor = try #require(weights.tensors[spec.name])
            #expect(tensor.type == .f16, "\(spec.name)")
            #expect(tensor.rows == spec.rows && tensor.columns == spec.columns, "\(spec.name)")
            #expect(tensor.byteCount == spec.rows * spec.columns * 2, "\(spec.name)")
        }
    }

    @Test func readsShardedCheckpoint() throws {
        let weights = try SafetensorsWeights(directory: Self.sharded)
        #expect(weights.origin.hasSuffix("model.safetensors.index.json"))
        #expect(weights.config == GGUFReaderTests.tiny.with(precision: .f32).renamed("tiny-llama-sharded"))
        #expect(weights.tensors.count == GGUFReaderTests.tiny.tensors.count)
        #expect(weights.tensors.values.allSatisfy { $0.type == .f32 && $0.byteCount == $0.rows * $0.columns * 4 })
    }

    @Test func mapsHuggingFaceNames() {
        #expect(HFTensorName.map("model.embed_tokens.weight") == .canonical("token_embd.weight"))
        #expect(HFTensorName.map("lm_head.weight") == .canonical("output.weight"))
        #expect(HFTensorName.map("model.norm.weight") == .canonical("output_norm.weight"))
        #expect(HFTensorName.map("model.layers.12.self_attn.o_proj.weight") == .canonical("blk.12.attn_output.weight"))
        #expect(HFTensorName.map("model.layers.3.post_attention_layernorm.weight") == .canonical("blk.3.ffn_norm.weight"))
        #expect(HFTensorName.map("model.layers.0.mlp.down_proj.weight") == .canonical("blk.0.ffn_down.weight"))
        #expect(HFTensorName.map("model.layers.0.self_attn.rotary_emb.inv_freq") == .ignored)
        #expect(HFTensorName.map("model.layers.01.mlp.up_proj.weight") == .unknown)
        #expect(HFTensorName.map("model.layers.-1.mlp.up_proj.weight") == .unknown)
        #expect(HFTensorName.map("model.layers.0.mlp.up_proj.bias") == .unknown)
    }

    @Test func untiedBF16WithUnalignedTensorIsCopiedAligned() throws {
        var config = craftedConfig
        config.sharedEmbedding = false
        var builder = SafetensorsBuilder.llama(config)
        for i in builder.entries.indices {
            builder.entries[i].dtype = "BF16"
            builder.entries[i].data = Array(builder.entries[i].data.prefix(builder.entries[i].data.count / 2))
        }
        // A 3-element F16 buffer (which the reader skips) first puts the F32 embedding at data offset 6, so the
        // reader must hand out an aligned copy of it.
        builder.entries.insert(.init(name: "model.layers.0.self_attn.rotary_emb.inv_freq", dtype: "F16", shape: [3],
                                     data: [0, 0, 0, 0, 0, 0]), at: 0)
        builder.entries[1].dtype = "F32"
        builder.entries[1].data = f32Data(count: 8 * 32, seed: 0)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeCheckpoint(builder, config: configJSON(config), in: directory)
        let weights = try SafetensorsWeights(directory: path)
        #expect(weights.config.sharedEmbedding == false)
        #expect(weights.config.precision == .bf16)
        let embedding = try #require(weights.tensors["token_embd.weight"])
        #expect(embedding.type == .f32)
        #expect(Int(bitPattern: embedding.data) % 4 == 0)
        #expect(embedding.data.load(fromByteOffset: 4, as: Float.self) == 0.001)
        #expect(weights.tensors["output.weight"]?.type == .bf16)
    }
}

extension ModelConfig {
    func renamed(_ name: String) -> ModelConfig {
        var copy = self
        copy.name = name
        return copy
    }
}
