import EdgeModel
import Foundation
import Testing
@testable import EdgeRuntime

/// Logits against an independent float64 NumPy implementation (scripts/runtime_reference.py), which also
/// re-implements the RandomWeights streams, so both the weights and the forward pass are checked.
struct ReferenceLogitsTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            struct Config: Decodable {
                var blocks, dim, heads, kvHeads, headDim, ffnHidden, vocab, repeats: Int
                var ropeTheta, normEps: Double
                var qkNorm: Bool
                var sharing: String
            }
            var name: String
            var seed: UInt64
            var config: Config
            var logits: [[Float]]
        }
        var tokens: [Int32]
        var cases: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/runtime/reference_logits.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: [Precision.f32, .f16])
    func logitsMatchNumPy(precision: Precision) throws {
        let fixture = try Self.fixture()
        #expect(fixture.cases.count == 3)
        for item in fixture.cases {
            let c = item.config
            let config = ModelConfig(
                name: item.name, blocks: c.blocks, dim: c.dim, heads: c.heads, kvHeads: c.kvHeads, headDim: c.headDim,
                ffnHidden: c.ffnHidden, vocab: c.vocab, context: 32, ropeTheta: c.ropeTheta, normEps: c.normEps,
                qkNorm: c.qkNorm, sharing: try #require(SharingStrategy(rawValue: c.sharing)), repeats: c.repeats,
                precision: .f32, kvPrecision: .f32)
            let source = try RandomWeights(config: config, seed: item.seed)
            let runtime = try ModelRuntime(source: source, options: RuntimeOptions(precision: precision))
            let logits = try runtime.logits(tokens: fixture.tokens)
            // f32 arithmetic against float64; f16 weights round each weight by up to 2⁻¹¹ relative.
            let tolerance: Float = precision == .f32 ? 2e-4 : 2e-2
            #expect(maxDifference(logits, item.logits) < tolerance, "\(item.name)")
        }
    }
}
