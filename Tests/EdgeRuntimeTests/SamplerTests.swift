import Testing
@testable import EdgeRuntime

struct SamplerTests {
    static let logits: [Float] = [0.1, 2.0, -1.0, 1.9, 0.5]

    @Test func greedyTakesTheArgmax() {
        let sampler = Sampler(vocab: 5)
        #expect(Self.logits.withUnsafeBufferPointer { sampler.sample($0) } == 1)
    }

    @Test func tinyTopPKeepsOnlyTheBestToken() {
        let sampler = Sampler(vocab: 5, temperature: 1, topP: 0.01, seed: 3)
        for _ in 0..<20 { #expect(Self.logits.withUnsafeBufferPointer { sampler.sample($0) } == 1) }
    }

    @Test func seededSamplingIsReproducibleAndFollowsTheDistribution() {
        func draw(_ seed: UInt64) -> [Int32] {
            let sampler = Sampler(vocab: 5, temperature: 1, topP: 1, seed: seed)
            return (0..<2000).map { _ in Self.logits.withUnsafeBufferPointer { sampler.sample($0) } }
        }
        let a = draw(42)
        #expect(a == draw(42))
        // softmax(logits): token 1 has p = 0.4484, token 2 has p = 0.0228.
        let share1 = Double(a.filter { $0 == 1 }.count) / 2000
        let share2 = Double(a.filter { $0 == 2 }.count) / 2000
        #expect(abs(share1 - 0.4484) < 0.04)
        #expect(abs(share2 - 0.0228) < 0.015)
    }

    @Test func topPCutsTheTail() {
        // Probabilities ≈ 0.448, 0.406, 0.082, 0.041, 0.023 (ids 1, 3, 4, 0, 2): top-p 0.8 keeps ids 1 and 3.
        let sampler = Sampler(vocab: 5, temperature: 1, topP: 0.8, seed: 1)
        let drawn = Set((0..<500).map { _ in Self.logits.withUnsafeBufferPointer { sampler.sample($0) } })
        #expect(drawn == [1, 3])
    }
}
