import EdgeModel
import Foundation

extension ModelConfig {
    /// GGUF metadata key for each `ModelConfig.validate` field name, so errors name the key actually read.
    private static let ggufKeys = [
        "num_hidden_layers": "llama.block_count", "hidden_size": "llama.embedding_length",
        "num_attention_heads": "llama.attention.head_count", "num_key_value_heads": "llama.attention.head_count_kv",
        "head_dim": "llama.attention.key_length", "intermediate_size": "llama.feed_forward_length",
        "vocab_size": "tokenizer.ggml.tokens", "max_position_embeddings": "llama.context_length",
        "rope_theta": "llama.rope.freq_base", "rms_norm_eps": "llama.attention.layer_norm_rms_epsilon",
    ]

    /// The architecture a llama GGUF describes: sizes from `llama.*` metadata, the vocabulary from
    /// `tokenizer.ggml.tokens` (or `token_embd.weight`), tied embeddings when `output.weight` is absent, and the
    /// precision of the Q projection of block 0.
    init(gguf header: GGUFFile, file: String, tensors: [String: WeightTensor]) throws {
        let metadata = header.metadata
        func fail(_ key: String, _ reason: String) -> InputError { InputError(file: file, field: key, reason) }
        func integer(_ key: String) throws -> Int? {
            guard let value = metadata[key] else { return nil }
            guard let number = value.intValue else { throw fail(key, "must be an integer, got \(value.typeName)") }
            return number
        }
        func required(_ key: String) throws -> Int {
            guard let number = try integer(key) else { throw fail(key, "missing metadata key") }
            return number
        }
        func real(_ key: String, default fallback: Double) throws -> Double {
            guard let value = metadata[key] else { return fallback }
            guard let number = value.doubleValue else { throw fail(key, "must be a number, got \(value.typeName)") }
            return number
        }

        let architecture = metadata["general.architecture"]?.stringValue
        guard architecture == "llama" else {
            throw fail("general.architecture", "'\(architecture ?? "missing")' is not supported; only llama is read")
        }
        if let experts = try integer("llama.expert_count"), experts > 0 {
            throw fail("llama.expert_count", "mixture-of-experts models are not supported")
        }
        let dim = try required("llama.embedding_length"), heads = try required("llama.attention.head_count")
        let headDim = try integer("llama.attention.key_length") ?? (heads > 0 ? dim / heads : 0)
        if let valueLength = try integer("llama.attention.value_length"), valueLength != headDim {
            throw fail("llama.attention.value_length", "\(valueLength) differs from the key length \(headDim)")
        }
        if let rotary = try integer("llama.rope.dimension_count"), rotary != headDim {
            throw fail("llama.rope.dimension_count", "partial rotary (\(rotary) of \(headDim)) is not supported")
        }
        let vocab = try integer("llama.vocab_size") ?? metadata["tokenizer.ggml.tokens"]?.arrayValue?.count
            ?? tensors["token_embd.weight"]?.rows ?? 0
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        self.init(name: metadata["general.name"]?.stringValue ?? stem,
                  blocks: try required("llama.block_count"), dim: dim, heads: heads,
                  kvHeads: try integer("llama.attention.head_count_kv") ?? heads, headDim: headDim,
                  ffnHidden: try required("llama.feed_forward_length"), vocab: vocab,
                  context: try required("llama.context_length"),
                  ropeTheta: try real("llama.rope.freq_base", default: 10_000),
                  normEps: try real("llama.attention.layer_norm_rms_epsilon", default: 1e-5),
                  sharedEmbedding: tensors["output.weight"] == nil,
                  precision: tensors["blk.0.attn_q.weight"]?.type.precision ?? .f32)
        do {
            try validate(source: file)
        } catch let error as InputError {
            throw InputError(file: error.file, field: Self.ggufKeys[error.field] ?? error.field, error.reason)
        }
    }
}
