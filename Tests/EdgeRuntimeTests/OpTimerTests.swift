import EdgeModel
@testable import EdgeRuntime
import Testing

@Suite struct OpTimerTests {
    /// Ops per kind in one decode step of the tiny model with immediate ×2 sharing: 4 executed layers, so 4 of each
    /// per-layer kind, the fused q/k/v group under qProj; 1 embed, outputNorm and logits.
    @Test func countsEveryOpOnceUnderItsKindAndLayer() throws {
        let config = TestModels.tiny(sharing: .immediate, repeats: 2)
        let runtime = try ModelRuntime(source: RandomWeights(config: config, seed: 3), options: RuntimeOptions(threads: 1))
        let timer = OpTimer(executedLayers: config.executedLayers)
        runtime.opTimer = timer
        try runtime.prefill(TestModels.prompt)
        timer.reset()
        let before = OpTimer.now()
        try runtime.decode(5)
        let wall = OpTimer.now() - before
        var expected = Array(repeating: 0, count: OpKind.ordered.count)
        for kind in [OpKind.attnNorm, .qProj, .rope, .attention, .outProj, .ffnNorm, .gateUp, .down] { expected[kind.index] = 4 }
        for kind in [OpKind.embed, .outputNorm, .logits] { expected[kind.index] = 1 }
        #expect(timer.counts == expected)
        // The laps partition the step: their sum is at most the wall time around decode, and every layer got time.
        #expect(timer.total <= wall)
        #expect(timer.total > 0)
        #expect(timer.layerNanoseconds.count == 4 && timer.layerNanoseconds.allSatisfy { $0 > 0 })
        #expect(timer.layerNanoseconds.reduce(0, +) <= timer.total)
    }

    @Test func timingDoesNotChangeTheLogits() throws {
        let config = TestModels.tiny()
        let plain = try ModelRuntime(source: RandomWeights(config: config, seed: 9), options: RuntimeOptions(threads: 1))
        let timed = try ModelRuntime(source: RandomWeights(config: config, seed: 9), options: RuntimeOptions(threads: 1))
        timed.opTimer = OpTimer(executedLayers: config.executedLayers)
        #expect(Array(try plain.prefill(TestModels.prompt)) == Array(try timed.prefill(TestModels.prompt)))
    }
}
