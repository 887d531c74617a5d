import Foundation
import Testing
@testable import EdgeModel

@Suite struct HFConfigTests {
    /// The fields of facebook/MobileLLM-125M-layer-share's config.json that EdgeProf reads.
    static let mobileLLM = """
    {"architectures": ["MobileLLMForCausalLM"], "model_type": "mobilellm", "hidden_size": 576,
     "intermediate_size": 1536, "num_hidden_layers": 30, "num_attention_heads": 9, "num_key_value_heads": 3,
     "head_dim": 64, "vocab_size": 32000, "max_position_embeddings": 2048, "rope_theta": 10000.0,
     "rms_norm_eps": 1e-05, "tie_word_embeddings": false, "share_embedding": true, "layer_sharing": true,
     "torch_dtype": "float16"}
    """

    static let r1 = """
    {"model_type": "llama4_text", "hidden_size": 576, "intermediate_size": 1536, "intermediate_size_mlp": 2048,
     "num_hidden_layers": 15, "num_attention_heads": 9, "num_key_value_heads": 3, "head_dim": 64,
     "vocab_size": 128256, "max_position_embeddings": 32768, "rope_theta": 8000000.0, "rms_norm_eps": 1e-05,
     "use_qk_norm": true, "tie_word_embeddings": true, "torch_dtype": "bfloat16"}
    """

    func parse(_ text: String) throws -> ModelConfig {
        try HFConfig.parse(Data(text.utf8), source: "/m/config.json")
    }

    /// Parses `text` after replacing `key`'s value (or removing the key when `value` is nil).
    func edited(_ text: String, _ key: String, _ value: String?) throws -> ModelConfig {
        var json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        if let value {
            json[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        } else {
            json[key] = nil
        }
        return try HFConfig.parse(JSONSerialization.data(withJSONObject: json), source: "/m/config.json")
    }

    @Test func mobileLLMLayerShareIsTheLS125mPreset() throws {
        let config = try parse(Self.mobileLLM)
        let preset = try #require(Presets.named("mobilellm-ls-125m"))
        #expect(config.sharedEmbedding)  // share_embedding wins over tie_word_embeddings: false
        #expect(config.sharing == .immediate && config.repeats == 2)
        #expect(config.parameters == preset.parameters)
        #expect(config.schedule == preset.schedule)
        #expect(config.precision == .f16)
    }

    @Test func r1UsesTheDenseMLPSizeAndQKNorm() throws {
        let config = try parse(Self.r1)
        #expect(config.ffnHidden == 2048)
        #expect(config.qkNorm)
        #expect(config.parameters == 140_248_512)
        #expect(config.precision == .bf16)
    }

    @Test func llamaWithoutHeadDimDerivesIt() throws {
        let config = try edited(Self.mobileLLM.replacingOccurrences(of: "\"mobilellm\"", with: "\"llama\""), "head_dim", nil)
        #expect(config.headDim == 64)
    }

    @Test(arguments: [
        ("hidden_size", nil, "is missing"),
        ("num_hidden_layers", "0", "must be positive, got 0"),
        ("intermediate_size", "-5", "must be positive, got -5"),
        ("vocab_size", "1.5", "must be an integer, got number(1.5)"),
        ("num_key_value_heads", "4", "4 does not divide num_attention_heads 9"),
        ("layer_sharing", "\"sideways\"", "unknown strategy 'sideways' (none, immediate, repeat-all-over, reverse)"),
        ("rms_norm_eps", "\"tiny\"", "must be a finite number, got string(\"tiny\")"),
        ("hidden_size", "1e9", "1000000000 exceeds the limit 65536"),
    ] as [(String, String?, String)])
    func badFieldsNameFileAndField(key: String, value: String?, reason: String) {
        #expect(throws: InputError(file: "/m/config.json", field: key, reason)) {
            try edited(Self.mobileLLM, key, value)
        }
    }

    @Test func headsNotDividingDimWithoutHeadDim() throws {
        let text = Self.mobileLLM.replacingOccurrences(of: "\"num_attention_heads\": 9", with: "\"num_attention_heads\": 7")
        #expect(throws: InputError(file: "/m/config.json", field: "num_attention_heads",
                                   "7 does not divide hidden_size 576 and head_dim is absent")) {
            try edited(text, "head_dim", nil)
        }
    }

    @Test func notJSON() {
        #expect(throws: InputError(file: "/m/config.json", field: "file", "is not a JSON object")) {
            try HFConfig.parse(Data("[1, 2".utf8), source: "/m/config.json")
        }
    }
}
