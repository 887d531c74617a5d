import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

/// Issue 10's findings on weight files: non-regular files (1), repeated JSON keys (4), overlapping GGUF tensors (5).
@Suite struct InputRegressionTests {
    @Test func weightsNamingAFIFOAreRefusedBeforeOpening() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["weights.gguf", "weights"] {
            let path = directory.appendingPathComponent(name).path
            #expect(mkfifo(path, 0o600) == 0)
            // Opening a FIFO for reading would block here until a writer appeared.
            #expect(throws: InputError(file: path, field: "file", "is not a regular file")) { try ModelFiles.open(path: path) }
            #expect(throws: InputError(file: path, field: "file", "is not a regular file")) { try MappedFile(path: path) }
        }
    }

    @Test func characterDeviceWeightsAreRefused() {
        #expect(throws: InputError(file: "/dev/zero", field: "file", "is not a regular file")) {
            try ModelFiles.open(path: "/dev/zero")
        }
        #expect(throws: InputError(file: "/dev/null", field: "file", "is not a regular file")) { try MappedFile(path: "/dev/null") }
    }

    @Test func overlappingGGUFTensorsAreRejectedNamingBoth() throws {
        var builder = GGUFBuilder.llama()
        // token_embd (8 × 32 f32 = 1024 bytes) sits at data offset 0; put the 128-byte attn_norm there too.
        let embedding = try #require(builder.tensors.firstIndex { $0.name == "token_embd.weight" })
        let norm = try #require(builder.tensors.firstIndex { $0.name == "blk.0.attn_norm.weight" })
        #expect(embedding == 0)
        builder.tensors[norm].offset = 0
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try builder.write(to: directory)
        let error = try #require(inputError { try GGUFWeights(path: path) })
        // Sorted by start then name, attn_norm comes first, so token_embd is reported as overlapping it.
        #expect(error.field == "token_embd.weight")
        #expect(error.reason == "data [0, 1024) overlaps tensor blk.0.attn_norm.weight [0, 128)")
    }

    @Test func overlapCheckFindsNonAdjacentOverlaps() {
        #expect(throws: InputError.self) {
            try GGUFWeights.rejectOverlaps([("a", 0..<100), ("b", 100..<120), ("c", 90..<95)], file: "f")
        }
        #expect(throws: Never.self) {
            try GGUFWeights.rejectOverlaps([("a", 0..<100), ("b", 100..<120), ("c", 120..<121)], file: "f")
        }
    }

    @Test func safetensorsIndexWithARepeatedTensorIsRejected() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.safetensors.index.json").path
        let text = #"{"weight_map": {"model.norm.weight": "a.safetensors", "model.norm.weight": "b.safetensors"}}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(inputError { try SafetensorsIndex.load(path: path) })
        #expect(error.field == "weight_map.model.norm.weight")
        #expect(error.reason.hasPrefix("duplicate key"))
    }

    @Test func safetensorsEntryWithARepeatedFieldIsRejected() throws {
        let json = #"{"w": {"dtype": "F32", "shape": [2], "dtype": "F16", "data_offsets": [0, 8]}}"#
        let error = Data(json.utf8).withUnsafeBytes { raw in inputError { try SafetensorsHeader.parse(raw, file: "m.safetensors") } }
        #expect(error == InputError(file: "m.safetensors", field: "w.dtype", "duplicate key"))
    }
}
