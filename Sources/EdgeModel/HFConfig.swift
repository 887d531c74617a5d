import Foundation

/// Reads a Hugging Face `config.json` (MobileLLM `mobilellm`, `llama`, MobileLLM-R1 `llama4_text`).
///
/// Field names: `hidden_size`, `intermediate_size` (`intermediate_size_mlp` for `llama4_text`),
/// `num_hidden_layers`, `num_attention_heads`, `num_key_value_heads` (default: heads), `head_dim`
/// (default: hidden_size / heads, which must divide), `vocab_size`, `max_position_embeddings` (default 2048),
/// `rope_theta` (10000), `rms_norm_eps` (1e-5), `use_qk_norm`, `share_embedding` or `tie_word_embeddings`,
/// `layer_sharing` (true = immediate ×2, or a strategy name), `layer_sharing_repeats`, `torch_dtype`.
public enum HFConfig {
    /// Reads and validates the config at `path`; errors name the file and the field.
    public static func load(path: String) throws -> ModelConfig {
        try parse(InputFile.read(path), source: path)
    }

    /// Parses and validates config JSON; `source` names the file in errors.
    public static func parse(_ data: Data, source: String) throws -> ModelConfig {
        guard case .object(let json)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw InputError(file: source, field: "file", "is not a JSON object")
        }
        try JSONDuplicateKeys.reject(in: data, file: source)
        let fields = Fields(json: json, source: source)
        let modelType = try fields.string("model_type") ?? "llama"
        guard ["mobilellm", "llama", "llama4_text"].contains(modelType) else {
            throw InputError(file: source, field: "model_type", "unsupported model type '\(modelType)'")
        }
        let dim = try fields.require("hidden_size")
        let heads = try fields.require("num_attention_heads")
        let ffnField = modelType == "llama4_text" && json["intermediate_size_mlp"] != nil
            ? "intermediate_size_mlp" : "intermediate_size"
        var headDim = try fields.int("head_dim")
        if headDim == nil {
            guard heads > 0, dim % heads == 0 else {
                throw InputError(file: source, field: "num_attention_heads",
                                 "\(heads) does not divide hidden_size \(dim) and head_dim is absent")
            }
            headDim = dim / heads
        }
        let shared = try fields.bool("share_embedding") ?? fields.bool("tie_word_embeddings") ?? true
        let (sharing, repeats) = try fields.sharing()
        var precision = Precision.f16
        if let dtype = try fields.string("torch_dtype") {
            switch dtype {
            case "float32": precision = .f32
            case "float16": precision = .f16
            case "bfloat16": precision = .bf16
            default: throw InputError(file: source, field: "torch_dtype", "unsupported dtype '\(dtype)'")
            }
        }
        let config = ModelConfig(
            name: URL(fileURLWithPath: source).deletingLastPathComponent().lastPathComponent,
            blocks: try fields.require("num_hidden_layers"), dim: dim, heads: heads,
            kvHeads: try fields.int("num_key_value_heads") ?? heads, headDim: headDim,
            ffnHidden: try fields.require(ffnField), vocab: try fields.require("vocab_size"),
            context: try fields.int("max_position_embeddings") ?? 2048,
            ropeTheta: try fields.double("rope_theta") ?? 10_000, normEps: try fields.double("rms_norm_eps") ?? 1e-5,
            qkNorm: try fields.bool("use_qk_norm") ?? false, sharedEmbedding: shared,
            sharing: sharing, repeats: repeats, precision: precision)
        try config.validate(source: source)
        return config
    }
}

/// Typed access to config.json fields with errors that name the file and field.
private struct Fields {
    let json: [String: JSONValue]
    let source: String

    func error(_ field: String, _ reason: String) -> InputError { InputError(file: source, field: field, reason) }

    func require(_ key: String) throws -> Int {
        guard let value = try int(key) else { throw error(key, "is missing") }
        return value
    }

    func int(_ key: String) throws -> Int? {
        guard let raw = json[key], raw != .null else { return nil }
        guard case .number(let number) = raw, let value = Int(exactly: number) else {
            throw error(key, "must be an integer, got \(raw)")
        }
        return value
    }

    func double(_ key: String) throws -> Double? {
        guard let raw = json[key], raw != .null else { return nil }
        guard case .number(let number) = raw, number.isFinite else {
            throw error(key, "must be a finite number, got \(raw)")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let raw = json[key], raw != .null else { return nil }
        guard case .bool(let value) = raw else { throw error(key, "must be true or false, got \(raw)") }
        return value
    }

    func string(_ key: String) throws -> String? {
        guard let raw = json[key], raw != .null else { return nil }
        guard case .string(let value) = raw else { throw error(key, "must be a string, got \(raw)") }
        return value
    }

    /// `layer_sharing`: absent/false → none; true → immediate ×2; a strategy name → that strategy.
    func sharing() throws -> (SharingStrategy, Int) {
        var strategy = SharingStrategy.none
        if case .bool(let flag)? = json["layer_sharing"] {
            strategy = flag ? .immediate : .none
        } else if let name = try string("layer_sharing") {
            guard let parsed = SharingStrategy(rawValue: name) else {
                throw error("layer_sharing", "unknown strategy '\(name)' (none, immediate, repeat-all-over, reverse)")
            }
            strategy = parsed
        }
        let repeats = try int("layer_sharing_repeats") ?? (strategy == .none ? 1 : 2)
        return (strategy, repeats)
    }
}
