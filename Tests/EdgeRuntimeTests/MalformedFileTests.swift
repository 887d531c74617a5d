import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

/// Every malformed file gives an `InputError` naming the file and the field or tensor at fault.
@Suite struct MalformedFileTests {
    /// Writes the crafted GGUF and returns the error opening it throws.
    func ggufError(_ edit: (inout GGUFBuilder) -> Void, bytes: (([UInt8]) -> [UInt8])? = nil) throws -> InputError? {
        var builder = GGUFBuilder.llama()
        edit(&builder)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.gguf").path
        try Data(bytes?(builder.encode()) ?? builder.encode()).write(to: URL(fileURLWithPath: path))
        let error = inputError { try GGUFWeights(path: path) }
        #expect(error?.file == path)
        return error
    }

    /// Writes the crafted checkpoint and returns the error opening it throws.
    func safetensorsError(_ edit: (inout SafetensorsBuilder) -> Void, config: String = configJSON(),
                          bytes: (([UInt8]) -> [UInt8])? = nil) throws -> InputError? {
        var builder = SafetensorsBuilder.llama()
        edit(&builder)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(config.utf8).write(to: directory.appendingPathComponent("config.json"))
        let path = directory.appendingPathComponent("model.safetensors").path
        try Data(bytes?(builder.encode()) ?? builder.encode()).write(to: URL(fileURLWithPath: path))
        let error = inputError { try SafetensorsWeights(directory: directory.path) }
        #expect(error?.file.hasPrefix(directory.path) == true)
        return error
    }

    // MARK: GGUF

    @Test func ggufBadMagicAndVersion() throws {
        #expect(try ggufError { $0.magic = Array("GGML".utf8) }?.field == "magic")
        let old = try ggufError { $0.version = 1 }
        #expect(old?.field == "version")
        #expect(old?.reason.contains("unsupported GGUF version 1") == true)
        #expect(try ggufError { $0.version = 4 }?.field == "version")
        #expect(try ggufError { $0.version = UInt32(3).byteSwapped }?.reason.contains("big-endian") == true)
    }

    @Test func ggufAbsurdCountsAndLengths() throws {
        #expect(try ggufError { $0.tensorCount = 1 << 40 }?.field == "tensor_count")
        #expect(try ggufError { $0.pairCount = .max }?.field == "metadata_kv_count")
        let longKey = try ggufError { _ in } bytes: { bytes in
            var bytes = bytes
            bytes.replaceSubrange(24..<32, with: [0, 0, 0, 0, 0, 0, 0, 0x10])  // first key length 2^60
            return bytes
        }
        #expect(longKey?.field == "metadata key #0")
        let array = try ggufError { builder in
            var w = ByteWriter()
            w.int(UInt32(4)); w.int(UInt64(1) << 50)
            builder.pairs.append(.init(key: "test.huge", type: 9, payload: w.bytes))
        }
        #expect(array?.field == "test.huge")
        #expect(array?.reason.contains("cannot fit") == true)
        #expect(try ggufError { $0.pairs[0].type = 13 }?.field == "general.architecture")
        #expect(try ggufError { $0.pairs.append($0.pairs[1]) }?.reason == "duplicate metadata key")
    }

    @Test func ggufTensorProblems() throws {
        let past = try ggufError { $0.tensors[2].offset = 1 << 20 }
        #expect(past?.field == "blk.0.attn_q.weight")
        #expect(past?.reason.contains("past the end") == true)
        #expect(try ggufError { $0.tensors[2].offset = 8 }?.reason.contains("multiple of the alignment") == true)
        let shape = try ggufError { $0.tensors[2].dims = [32, 16]; $0.tensors[2].data.removeLast(16 * 32 * 4) }
        #expect(shape?.field == "blk.0.attn_q.weight")
        #expect(shape?.reason.contains("has shape [16, 32], expected [32, 32]") == true)
        let overflow = try ggufError { $0.tensors[2].dims = [1 << 40, 1 << 40] }
        #expect(overflow?.field == "blk.0.attn_q.weight")
        #expect(overflow?.reason.contains("overflows") == true)
        #expect(try ggufError { $0.tensors[2].dims = [32, 0] }?.reason.contains("≤ 0") == true)
        #expect(try ggufError { $0.tensors[2].dims = [32, .max] }?.reason.contains("absurd") == true)
        #expect(try ggufError { $0.tensors[2].dims = [32, 2, 2, 2, 2] }?.reason.contains("dimensions") == true)
        let q4k = try ggufError { $0.tensors[2].type = 12 }
        #expect(q4k?.field == "blk.0.attn_q.weight")
        #expect(q4k?.reason.contains("Q4_K") == true)
        let q8 = try ggufError { $0.tensors[1].dims = [16, 2]; $0.tensors[1].type = 8; $0.tensors[1].data = Array(repeating: 0, count: 68) }
        #expect(q8?.field == "blk.0.attn_norm.weight")
        #expect(q8?.reason.contains("multiple of 32") == true)
        let duplicate = try ggufError { $0.tensors.append($0.tensors[2]) }
        #expect(duplicate?.field == "blk.0.attn_q.weight")
        #expect(duplicate?.reason == "duplicate tensor")
        let missing = try ggufError { $0.tensors.removeAll { $0.name == "blk.0.ffn_up.weight" } }
        #expect(missing?.field == "blk.0.ffn_up.weight")
        #expect(missing?.reason.contains("missing tensor") == true)
        let extra = try ggufError { $0.tensors.append(.init(name: "rope_freqs.weight", dims: [8], type: 0, data: f32Data(count: 8, seed: 0))) }
        #expect(extra?.field == "rope_freqs.weight")
    }

    @Test func ggufTruncated() throws {
        let inData = try ggufError { _ in } bytes: { Array($0.dropLast(100)) }
        #expect(inData?.field == "output_norm.weight")
        #expect(inData?.reason.contains("past the end") == true)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataOffset = try GGUFWeights(path: try GGUFBuilder.llama().write(to: directory)).header.dataOffset
        let inHeader = try ggufError { _ in } bytes: { Array($0.prefix(dataOffset - 40)) }
        #expect(inHeader?.field == "tensor #10 name")
        #expect(inHeader?.reason.contains("truncated") == true)
        let empty = try ggufError { _ in } bytes: { _ in [] }
        #expect(empty?.reason == "is empty")
    }

    @Test func ggufBadConfigValues() throws {
        let nan = try ggufError { $0.set("llama.rope.freq_base", GGUFBuilder.f32(.nan)) }
        #expect(nan?.field == "llama.rope.freq_base")
        let inf = try ggufError { $0.set("llama.attention.layer_norm_rms_epsilon", GGUFBuilder.f32(.infinity)) }
        #expect(inf?.field == "llama.attention.layer_norm_rms_epsilon")
        #expect(try ggufError { $0.set("llama.attention.head_count", GGUFBuilder.u32(0)) }?.field == "llama.attention.head_count")
        #expect(try ggufError { $0.set("llama.block_count", GGUFBuilder.f32(1)) }?.reason.contains("integer") == true)
        #expect(try ggufError { $0.remove("llama.embedding_length") }?.field == "llama.embedding_length")
        #expect(try ggufError { $0.set("llama.attention.head_count_kv", GGUFBuilder.u32(3)) }?.field == "llama.attention.head_count_kv")
        #expect(try ggufError { $0.set("general.architecture", GGUFBuilder.string("gemma")) }?.field == "general.architecture")
        #expect(try ggufError { $0.set("general.alignment", GGUFBuilder.u32(24)) }?.field == "general.alignment")
        #expect(try ggufError { $0.set("llama.rope.dimension_count", GGUFBuilder.u32(8)) }?.field == "llama.rope.dimension_count")
        // The vocabulary comes from the token list; an embedding of another size is a shape mismatch.
        #expect(try ggufError { $0.tensors[0].dims = [32, 4]; $0.tensors[0].data.removeLast(4 * 32 * 4) }?.field == "token_embd.weight")
    }

    // MARK: safetensors

    @Test func safetensorsBadHeader() throws {
        #expect(try safetensorsError { $0.headerLength = 1 << 40 }?.field == "header length")
        #expect(try safetensorsError { $0.headerLength = 1 }?.field == "header length")
        #expect(try safetensorsError { $0.rawHeader = "[1, 2]" }?.field == "header")
        #expect(try safetensorsError { $0.rawHeader = "{\"a\": " }?.reason.contains("invalid header JSON") == true)
        let missingKey = try safetensorsError { $0.rawHeader = #"{"lm_head.weight": {"dtype": "F32", "shape": [1]}}"# }
        #expect(missingKey?.field == "lm_head.weight.data_offsets")
        let truncated = try safetensorsError { _ in } bytes: { Array($0.prefix(20)) }
        #expect(truncated?.field == "header")
        #expect(truncated?.reason.contains("truncated") == true)
        #expect(try safetensorsError { _ in } bytes: { _ in [] }?.reason == "is empty")
    }

    @Test func safetensorsTensorProblems() throws {
        let q = "model.layers.0.self_attn.q_proj.weight"
        func index(_ builder: SafetensorsBuilder) -> Int { builder.entries.firstIndex { $0.name == q }! }
        let past = try safetensorsError { _ in } bytes: { Array($0.dropLast(4)) }
        #expect(past?.field == "model.norm.weight")
        #expect(past?.reason.contains("outside") == true)
        let span = try safetensorsError { $0.entries[index($0)].shape = [32, 31] }
        #expect(span?.field == q)
        #expect(span?.reason.contains("needs 3968") == true)
        let shape = try safetensorsError { $0.entries[index($0)].shape = [16, 64] }
        #expect(shape?.field == "blk.0.attn_q.weight")
        #expect(shape?.reason.contains("expected [32, 32]") == true)
        #expect(try safetensorsError { $0.entries[index($0)].shape = [1 << 62, 1 << 62] }?.reason.contains("overflows") == true)
        #expect(try safetensorsError { $0.entries[index($0)].shape = [-32, -32] }?.reason.contains("≤ 0") == true)
        #expect(try safetensorsError { $0.entries[index($0)].shape = [0, 32] }?.field == q)
        #expect(try safetensorsError { $0.entries[index($0)].shape = [32, 16, 2] }?.field == q)
        let dtype = try safetensorsError { $0.entries[index($0)].dtype = "I8" }
        #expect(dtype?.field == q)
        #expect(dtype?.reason.contains("unsupported dtype I8") == true)
        let overlap = try safetensorsError { $0.entries[index($0)].offsets = [0, 4096] }
        #expect(overlap?.reason.contains("overlaps") == true)
        let offsets = try safetensorsError { $0.entries[index($0)].offsets = [4096] }
        #expect(offsets?.reason.contains("data_offsets") == true)
        let missing = try safetensorsError { $0.entries.removeAll { $0.name == "model.norm.weight" } }
        #expect(missing?.field == "output_norm.weight")
        #expect(missing?.reason.contains("missing tensor") == true)
        let unknown = try safetensorsError { $0.entries[0].name = "model.layers.0.mlp.experts.weight" }
        #expect(unknown?.field == "model.layers.0.mlp.experts.weight")
        let lmHead = try safetensorsError { $0.entries.append(.init(name: "lm_head.weight", dtype: "F32", shape: [8, 32], data: f32Data(count: 256, seed: 1))) }
        #expect(lmHead?.field == "output.weight")
        #expect(lmHead?.reason.contains("unexpected tensor") == true)
    }

    @Test func safetensorsDuplicateTensorInOneHeader() throws {
        let error = try safetensorsError { builder in
            var header = builder.header()
            header.removeLast()
            header += #","model.norm.weight":{"dtype":"F32","shape":[32],"data_offsets":[0,128]}}"#
            builder.rawHeader = header
        }
        #expect(error?.field == "model.norm.weight")
        #expect(error?.reason == "duplicate tensor")
    }

    @Test func safetensorsBadConfigValues() throws {
        let nan = try safetensorsError({ _ in }, config: configJSON().replacingOccurrences(of: "10000.0", with: "NaN"))
        #expect(nan?.file.hasSuffix("config.json") == true)
        let big = try safetensorsError({ _ in }, config: configJSON().replacingOccurrences(of: "10000.0", with: "1e999"))
        #expect(big?.file.hasSuffix("config.json") == true)
        let eps = try safetensorsError({ _ in }, config: configJSON().replacingOccurrences(of: "\"rms_norm_eps\": 1e-05", with: "\"rms_norm_eps\": -1"))
        #expect(eps?.field == "rms_norm_eps")
        let heads = try safetensorsError({ _ in }, config: configJSON().replacingOccurrences(of: "\"num_attention_heads\": 2", with: "\"num_attention_heads\": 2.5"))
        #expect(heads?.field == "num_attention_heads")
    }

    @Test func shardedProblems() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(configJSON().utf8).write(to: directory.appendingPathComponent("config.json"))
        let all = SafetensorsBuilder.llama()
        var first = SafetensorsBuilder(), second = SafetensorsBuilder()
        first.entries = Array(all.entries.prefix(4))
        second.entries = Array(all.entries.dropFirst(4))
        _ = try first.write(to: directory, name: "a.safetensors")
        _ = try second.write(to: directory, name: "b.safetensors")
        func index(_ map: [String: String]) throws -> InputError? {
            let data = try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": map])
            try data.write(to: directory.appendingPathComponent("model.safetensors.index.json"))
            return inputError { try SafetensorsWeights(directory: directory.path) }
        }
        var map: [String: String] = [:]
        for entry in first.entries { map[entry.name] = "a.safetensors" }
        for entry in second.entries { map[entry.name] = "b.safetensors" }
        #expect(try index(map) == nil)

        var wrong = map
        wrong["model.norm.weight"] = "a.safetensors"
        let listedElsewhere = try index(wrong)
        #expect(listedElsewhere?.field == "model.norm.weight")
        #expect(listedElsewhere?.file.hasSuffix("a.safetensors") == true)
        #expect(listedElsewhere?.reason.contains("missing from the shard") == true)

        var absent = map
        absent["model.layers.0.mlp.up_proj.weight"] = "c.safetensors"
        let stray = try index(absent)
        #expect(stray?.field == "model.layers.0.mlp.up_proj.weight")
        #expect(stray?.file.hasSuffix("b.safetensors") == true)
        #expect(stray?.reason.contains("not listed for this shard") == true)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("b.safetensors"))
        #expect(try index(map)?.file.hasSuffix("b.safetensors") == true)
        _ = try second.write(to: directory, name: "b.safetensors")

        var escape = map
        escape["model.norm.weight"] = "../b.safetensors"
        #expect(try index(escape)?.field == "weight_map.model.norm.weight")

        var duplicate = SafetensorsBuilder()
        duplicate.entries = [all.entries[0]]
        _ = try duplicate.write(to: directory, name: "c.safetensors")
        var twice = map
        twice["model.embed_tokens.weight"] = "c.safetensors"
        _ = try first.write(to: directory, name: "a.safetensors")
        let dup = try index(twice)
        #expect(dup?.field == "model.embed_tokens.weight")
        #expect(dup?.file.hasSuffix("a.safetensors") == true)
    }
}
