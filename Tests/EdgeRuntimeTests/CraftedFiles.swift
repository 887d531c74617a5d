import EdgeModel
import Foundation

/// Little-endian byte building for crafted test files.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func string(_ text: String) {
        int(UInt64(text.utf8.count))
        bytes += text.utf8
    }
}

/// A temporary directory for crafted files, removed by the caller's `defer`.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("edgeprof-files-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The fixtures folder of the repository.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// The small architecture the crafted files describe.
let craftedConfig = ModelConfig(name: "crafted", blocks: 1, dim: 32, heads: 2, kvHeads: 1, headDim: 16,
                                ffnHidden: 32, vocab: 8, context: 16, precision: .f32)

/// Builds GGUF files field by field, so tests can break one field at a time.
struct GGUFBuilder {
    struct Pair {
        var key: String
        var type: UInt32
        var payload: [UInt8]
    }

    struct Tensor {
        var name: String
        /// Innermost first, as GGUF stores them.
        var dims: [UInt64]
        var type: UInt32
        var data: [UInt8]
        /// Replaces the computed (aligned) data offset.
        var offset: UInt64? = nil
    }

    var magic: [UInt8] = Array("GGUF".utf8)
    var version: UInt32 = 3
    var tensorCount: UInt64? = nil
    var pairCount: UInt64? = nil
    var pairs: [Pair] = []
    var tensors: [Tensor] = []
    var alignment = 32

    static func u32(_ v: UInt32) -> (UInt32, [UInt8]) { var w = ByteWriter(); w.int(v); return (4, w.bytes) }
    static func f32(_ v: Float) -> (UInt32, [UInt8]) { var w = ByteWriter(); w.int(v.bitPattern); return (6, w.bytes) }
    static func string(_ v: String) -> (UInt32, [UInt8]) { var w = ByteWriter(); w.string(v); return (8, w.bytes) }

    mutating func set(_ key: String, _ value: (UInt32, [UInt8])) {
        let pair = Pair(key: key, type: value.0, payload: value.1)
        if let index = pairs.firstIndex(where: { $0.key == key }) { pairs[index] = pair } else { pairs.append(pair) }
    }

    mutating func remove(_ key: String) { pairs.removeAll { $0.key == key } }

    /// A valid llama GGUF for `config` with F32 tensors of small distinct values.
    static func llama(_ config: ModelConfig = craftedConfig) -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.set("general.architecture", string("llama"))
        builder.set("general.name", string(config.name))
        builder.set("llama.block_count", u32(UInt32(config.blocks)))
        builder.set("llama.context_length", u32(UInt32(config.context)))
        builder.set("llama.embedding_length", u32(UInt32(config.dim)))
        builder.set("llama.feed_forward_length", u32(UInt32(config.ffnHidden)))
        builder.set("llama.attention.head_count", u32(UInt32(config.heads)))
        builder.set("llama.attention.head_count_kv", u32(UInt32(config.kvHeads)))
        builder.set("llama.attention.key_length", u32(UInt32(config.headDim)))
        builder.set("llama.rope.freq_base", f32(Float(config.ropeTheta)))
        builder.set("llama.attention.layer_norm_rms_epsilon", f32(Float(config.normEps)))
        var tokens = ByteWriter()
        tokens.int(UInt32(8))
        tokens.int(UInt64(config.vocab))
        for i in 0..<config.vocab { tokens.string("t\(i)") }
        builder.pairs.append(Pair(key: "tokenizer.ggml.tokens", type: 9, payload: tokens.bytes))
        for spec in config.tensors {
            builder.tensors.append(Tensor(name: spec.name, dims: spec.shape.reversed().map(UInt64.init), type: 0,
                                          data: f32Data(count: spec.elements, seed: builder.tensors.count)))
        }
        return builder
    }

    /// The encoded file.
    func encode() -> [UInt8] {
        var w = ByteWriter()
        w.bytes += magic
        w.int(version)
        w.int(tensorCount ?? UInt64(tensors.count))
        w.int(pairCount ?? UInt64(pairs.count))
        for pair in pairs {
            w.string(pair.key)
            w.int(pair.type)
            w.bytes += pair.payload
        }
        var offsets: [UInt64] = []
        var next: UInt64 = 0
        for tensor in tensors {
            offsets.append(tensor.offset ?? next)
            next += UInt64((tensor.data.count + alignment - 1) / alignment * alignment)
        }
        for (tensor, offset) in zip(tensors, offsets) {
            w.string(tensor.name)
            w.int(UInt32(tensor.dims.count))
            for dim in tensor.dims { w.int(dim) }
            w.int(tensor.type)
            w.int(offset)
        }
        while w.bytes.count % alignment != 0 { w.bytes.append(0) }
        for tensor in tensors {
            w.bytes += tensor.data
            while w.bytes.count % alignment != 0 { w.bytes.append(0) }
        }
        return w.bytes
    }

    /// Writes the file into `directory` and returns its path.
    func write(to directory: URL, name: String = "model.gguf") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(encode()).write(to: url)
        return url.path
    }
}

/// `count` little-endian f32 values `seed + i/1000`.
func f32Data(count: Int, seed: Int) -> [UInt8] {
    var w = ByteWriter()
    for i in 0..<count { w.int((Float(seed) + Float(i) / 1000).bitPattern) }
    return w.bytes
}

/// Builds safetensors files (and a config.json beside them) field by field.
struct SafetensorsBuilder {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var data: [UInt8]
        /// Replaces the computed `[begin, end]`.
        var offsets: [Int]? = nil
    }

    var entries: [Entry] = []
    /// Replaces the whole JSON header when set.
    var rawHeader: String? = nil
    /// Replaces the header length field when set.
    var headerLength: UInt64? = nil

    /// A valid HF LLaMA checkpoint for `config` in F32, with an untied LM head when the config is untied.
    static func llama(_ config: ModelConfig = craftedConfig) -> SafetensorsBuilder {
        var builder = SafetensorsBuilder()
        for spec in config.tensors {
            builder.entries.append(Entry(name: hfName(spec.name), dtype: "F32", shape: spec.shape,
                                         data: f32Data(count: spec.elements, seed: builder.entries.count)))
        }
        return builder
    }

    /// Canonical → Hugging Face name (the inverse of the reader's mapping, written out independently).
    static func hfName(_ canonical: String) -> String {
        let fixed = ["token_embd.weight": "model.embed_tokens.weight", "output_norm.weight": "model.norm.weight",
                     "output.weight": "lm_head.weight"]
        if let name = fixed[canonical] { return name }
        let parts = canonical.split(separator: ".")
        let suffix = ["attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
                      "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
                      "ffn_norm": "post_attention_layernorm", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
                      "ffn_down": "mlp.down_proj"][String(parts[2])]!
        return "model.layers.\(parts[1]).\(suffix).weight"
    }

    func header() -> String {
        if let rawHeader { return rawHeader }
        var offset = 0
        var items: [String] = [#""__metadata__":{"format":"pt"}"#]
        for entry in entries {
            let offsets = entry.offsets ?? [offset, offset + entry.data.count]
            offset += entry.data.count
            items.append(#""\#(entry.name)":{"dtype":"\#(entry.dtype)","shape":\#(entry.shape),"data_offsets":\#(offsets)}"#)
        }
        return "{" + items.joined(separator: ",") + "}"
    }

    func encode() -> [UInt8] {
        var json = Array(header().utf8)
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var w = ByteWriter()
        w.int(headerLength ?? UInt64(json.count))
        w.bytes += json
        for entry in entries { w.bytes += entry.data }
        return w.bytes
    }

    func write(to directory: URL, name: String = "model.safetensors") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(encode()).write(to: url)
        return url.path
    }
}

/// A config.json for `config` (model_type llama, tied unless the config is untied).
func configJSON(_ config: ModelConfig = craftedConfig) -> String {
    """
    {"model_type": "llama", "hidden_size": \(config.dim), "intermediate_size": \(config.ffnHidden),
     "num_hidden_layers": \(config.blocks), "num_attention_heads": \(config.heads),
     "num_key_value_heads": \(config.kvHeads), "head_dim": \(config.headDim), "vocab_size": \(config.vocab),
     "max_position_embeddings": \(config.context), "rope_theta": \(config.ropeTheta),
     "rms_norm_eps": \(config.normEps), "tie_word_embeddings": \(config.sharedEmbedding),
     "torch_dtype": "float32"}
    """
}

/// Writes a crafted safetensors checkpoint (config.json + model.safetensors) and returns its directory.
func writeCheckpoint(_ builder: SafetensorsBuilder, config: String = configJSON(), in directory: URL) throws -> String {
    try Data(config.utf8).write(to: directory.appendingPathComponent("config.json"))
    _ = try builder.write(to: directory)
    return directory.path
}

/// Runs `body` and returns the `InputError` it throws (nil when it throws nothing or something else).
func inputError(_ body: () throws -> Any) -> InputError? {
    do {
        _ = try body()
        return nil
    } catch let error as InputError {
        return error
    } catch {
        return nil
    }
}
