import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

/// The runtime's forward pass on weights read from files agrees with independent oracles: llama.cpp on the GGUF
/// fixtures, the NumPy reference on the safetensors fixtures (scripts/make_*_fixtures.py).
@Suite struct FileLogitsTests {
    struct Expected: Decodable {
        var tokens: [Int32]
        var logits: [[Float]]
        var tolerance: Double
    }

    static func expected(_ path: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent(path)))
    }

    /// Logits of `source` (with an f32 KV cache, as the oracles use) at every position of `tokens`.
    static func logits(_ source: any WeightSource, _ tokens: [Int32]) throws -> [[Float]] {
        let exact = try ReconfiguredWeights(source, config: source.config.with(kvPrecision: .f32))
        return try ModelRuntime(source: exact, options: RuntimeOptions(threads: 1)).logits(tokens: tokens)
    }

    static func maxAbsDiff(_ a: [[Float]], _ b: [[Float]]) -> Double {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
        return zip(a, b).flatMap { zip($0, $1).map { Double(abs($0 - $1)) } }.max() ?? .infinity
    }

    @Test(arguments: ["f32", "f16", "q8_0", "q4_0", "q8_0-llamacpp"])
    func ggufMatchesLlamaCpp(type: String) throws {
        let expected = try Self.expected("gguf/tiny-llama-\(type).logits.json")
        let weights = try GGUFWeights(path: fixtures.appendingPathComponent("gguf/tiny-llama-\(type).gguf").path)
        let diff = Self.maxAbsDiff(try Self.logits(weights, expected.tokens), expected.logits)
        #expect(diff <= expected.tolerance, "max |diff| \(diff) vs llama.cpp, tolerance \(expected.tolerance)")
    }

    @Test(arguments: ["mobilellm-ls-tiny", "tiny-llama-sharded"])
    func safetensorsMatchesNumPyReference(checkpoint: String) throws {
        let expected = try Self.expected("safetensors/\(checkpoint)/expected.logits.json")
        let weights = try SafetensorsWeights(directory: fixtures.appendingPathComponent("safetensors/\(checkpoint)").path)
        let diff = Self.maxAbsDiff(try Self.logits(weights, expected.tokens), expected.logits)
        #expect(diff <= expected.tolerance, "max |diff| \(diff) vs NumPy, tolerance \(expected.tolerance)")
    }

    /// The sharded checkpoint is the F32 GGUF's model in Hugging Face layout (rotate-half Q/K rows): both readers
    /// and both RoPE pairings must give llama.cpp's logits.
    @Test func shardedCheckpointMatchesLlamaCppOnTheSameModel() throws {
        let expected = try Self.expected("gguf/tiny-llama-f32.logits.json")
        let weights = try SafetensorsWeights(directory: fixtures.appendingPathComponent("safetensors/tiny-llama-sharded").path)
        let diff = Self.maxAbsDiff(try Self.logits(weights, expected.tokens), expected.logits)
        #expect(diff <= 1e-4, "max |diff| \(diff) vs llama.cpp")
    }
}
