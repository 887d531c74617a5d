import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

@Suite struct GGUFReaderTests {
    /// The architecture scripts/make_gguf_fixtures.py writes (scripts/tiny_llama.py TinyConfig).
    static let tiny = ModelConfig(name: "tiny-llama", blocks: 2, dim: 32, heads: 4, kvHeads: 2, headDim: 16,
                                  ffnHidden: 64, vocab: 256, context: 64, ropeTheta: 10_000, normEps: 1e-5,
                                  sharedEmbedding: true)

    static func open(_ type: String) throws -> GGUFWeights {
        try GGUFWeights(path: fixtures.appendingPathComponent("gguf/tiny-llama-\(type).gguf").path)
    }

    @Test(arguments: [("f32", WeightType.f32), ("f16", .f16), ("q8_0", .q8_0), ("q4_0", .q4_0)])
    func readsFixtureConfigAndTensors(type: String, weightType: WeightType) throws {
        let weights = try Self.open(type)
        #expect(weights.config == Self.tiny.with(precision: weightType.precision))
        #expect(weights.ropeStyle == .interleaved)
        #expect(weights.header.version == 3)
        #expect(weights.header.alignment == 32)
        #expect(Set(weights.tensors.keys) == Set(Self.tiny.tensors.map(\.name)))
        #expect(weights.tensors["output.weight"] == nil)
        for spec in Self.tiny.tensors {
            let tensor = try #require(weights.tensors[spec.name])
            #expect(tensor.rows == spec.rows && tensor.columns == spec.columns, "\(spec.name)")
            let expectedType = spec.role.isVector ? WeightType.f32 : weightType
            #expect(tensor.type == expectedType, "\(spec.name)")
            // Bytes per element: f32 4, f16 2, Q8_0 34 per 32, Q4_0 18 per 32 (ggml block layouts).
            let perBlock: [WeightType: (Int, Int)] = [.f32: (4, 1), .f16: (2, 1), .q8_0: (34, 32), .q4_0: (18, 32)]
            let (bytes, elements) = perBlock[expectedType]!
            #expect(tensor.byteCount == spec.rows * spec.columns / elements * bytes, "\(spec.name)")
            #expect(Int(bitPattern: tensor.data) % 32 == 0, "GGUF data is aligned: \(spec.name)")
        }
    }

    @Test func fixtureByteTotalsMatchFileSize() throws {
        let weights = try Self.open("q8_0")
        let path = fixtures.appendingPathComponent("gguf/tiny-llama-q8_0.gguf").path
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let last = try #require(weights.header.tensorInfos.max { $0.offset < $1.offset })
        let lastBytes = try #require(weights.tensors[last.name]).byteCount
        #expect(weights.header.dataOffset + last.offset + lastBytes <= size)
        #expect(size - (weights.header.dataOffset + last.offset + lastBytes) < 32)
    }

    /// llama.cpp's own quantizer wrote this file (its C++ GGUF writer: other tensor order, extra metadata); its
    /// Q8_0 blocks equal those gguf-py wrote for the same model.
    @Test func readsTheFileLlamaCppWrote() throws {
        let native = try Self.open("q8_0-llamacpp")
        let python = try Self.open("q8_0")
        #expect(native.config == python.config)
        #expect(native.header.metadata["general.file_type"]?.intValue == 7)  // LLAMA_FTYPE_MOSTLY_Q8_0
        #expect(native.header.tensorInfos.map(\.name) != python.header.tensorInfos.map(\.name))
        for (name, a) in python.tensors {
            let b = try #require(native.tensors[name])
            #expect(a.type == b.type && a.byteCount == b.byteCount, "\(name)")
            #expect(memcmp(a.data, b.data, a.byteCount) == 0, "\(name)")
        }
    }

    @Test func metadataIsRead() throws {
        let header = try Self.open("f16").header
        #expect(header.metadata["general.architecture"] == .string("llama"))
        #expect(header.metadata["llama.block_count"] == .uint32(2))
        #expect(header.metadata["tokenizer.ggml.tokens"]?.arrayValue?.count == 256)
        #expect(header.metadata["tokenizer.ggml.tokens"]?.arrayValue?[1] == .string("<s>"))
        #expect(header.metadata["tokenizer.ggml.bos_token_id"]?.intValue == 1)
    }

    /// The GGUF fixture and the sharded safetensors fixture hold the same model, written by two independent
    /// libraries (gguf-py, safetensors): every tensor has identical bytes, except that the GGUF's Q and K rows are
    /// permuted per head (HF row i of the first half → row 2i, of the second half → row 2i + 1).
    @Test func matchesSafetensorsCheckpointUpToQKPermutation() throws {
        let gguf = try Self.open("f32")
        let hf = try SafetensorsWeights(directory: fixtures.appendingPathComponent("safetensors/tiny-llama-sharded").path)
        for (name, a) in gguf.tensors {
            let b = try #require(hf.tensors[name])
            let rowBytes = a.columns * 4
            let heads = name.hasSuffix("attn_q.weight") ? 4 : name.hasSuffix("attn_k.weight") ? 2 : 0
            for row in 0..<a.rows {
                var source = row
                if heads > 0 {
                    let headDim = a.rows / heads, head = row / headDim, within = row % headDim
                    source = head * headDim + (within % 2 == 0 ? within / 2 : headDim / 2 + within / 2)
                }
                let equal = memcmp(a.data + row * rowBytes, b.data + source * rowBytes, rowBytes) == 0
                #expect(equal, "\(name) row \(row)")
            }
        }
    }

    @Test func readsAllMetadataValueTypes() throws {
        var builder = GGUFBuilder.llama()
        var w = ByteWriter()
        let scalars: [(UInt32, (inout ByteWriter) -> Void, GGUFValue)] = [
            (0, { $0.int(UInt8(200)) }, .uint8(200)), (1, { $0.int(Int8(-5)) }, .int8(-5)),
            (2, { $0.int(UInt16(60_000)) }, .uint16(60_000)), (3, { $0.int(Int16(-300)) }, .int16(-300)),
            (4, { $0.int(UInt32(4_000_000_000)) }, .uint32(4_000_000_000)), (5, { $0.int(Int32(-7)) }, .int32(-7)),
            (6, { $0.int(Float(1.5).bitPattern) }, .float32(1.5)), (7, { $0.int(UInt8(1)) }, .bool(true)),
            (8, { $0.string("héllo") }, .string("héllo")), (10, { $0.int(UInt64.max) }, .uint64(.max)),
            (11, { $0.int(Int64.min) }, .int64(.min)), (12, { $0.int(Double(-2.25).bitPattern) }, .float64(-2.25)),
        ]
        for (type, write, _) in scalars {
            w = ByteWriter()
            write(&w)
            builder.pairs.append(.init(key: "test.type\(type)", type: type, payload: w.bytes))
        }
        // An array of arrays of int16: [[1, -2], []].
        w = ByteWriter()
        w.int(UInt32(9)); w.int(UInt64(2))
        w.int(UInt32(3)); w.int(UInt64(2)); w.int(Int16(1)); w.int(Int16(-2))
        w.int(UInt32(3)); w.int(UInt64(0))
        builder.pairs.append(.init(key: "test.nested", type: 9, payload: w.bytes))
        builder.version = 2
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = try GGUFWeights(path: try builder.write(to: directory))
        #expect(weights.header.version == 2)
        for (type, _, value) in scalars { #expect(weights.header.metadata["test.type\(type)"] == value) }
        #expect(weights.header.metadata["test.nested"] == .array([.array([.int16(1), .int16(-2)]), .array([])]))
        #expect(weights.config == craftedConfig)
    }

    @Test func customAlignmentAndDefaults() throws {
        var builder = GGUFBuilder.llama()
        builder.alignment = 64
        builder.set("general.alignment", GGUFBuilder.u32(64))
        builder.remove("llama.attention.key_length")
        builder.remove("llama.rope.freq_base")
        builder.remove("general.name")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = try GGUFWeights(path: try builder.write(to: directory, name: "crafted"))
        #expect(weights.header.alignment == 64)
        #expect(weights.header.dataOffset % 64 == 0)
        #expect(weights.config.headDim == 16)
        #expect(weights.config.ropeTheta == 10_000)
        #expect(weights.config == craftedConfig)
    }

    @Test func untiedOutputAndBF16() throws {
        var config = craftedConfig
        config.sharedEmbedding = false
        var builder = GGUFBuilder.llama(config)
        for i in builder.tensors.indices where builder.tensors[i].dims.count == 2 {
            builder.tensors[i].type = 30
            builder.tensors[i].data = Array(builder.tensors[i].data.prefix(builder.tensors[i].data.count / 2))
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = try GGUFWeights(path: try builder.write(to: directory))
        #expect(weights.config.sharedEmbedding == false)
        #expect(weights.config.precision == .bf16)
        #expect(weights.tensors["output.weight"]?.type == .bf16)
        #expect(weights.tensors["output.weight"]?.byteCount == 8 * 32 * 2)
    }
}
