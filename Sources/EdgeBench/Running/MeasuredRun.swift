import EdgeModel
import EdgeRuntime
import Foundation

/// Runs a model on this host with seeded random weights and times each phase (one `MeasuredRepetition`).
struct MeasuredRun {
    var config: ModelConfig
    var prompt: Int
    var tokens: Int
    var threads: Int
    /// Test-only: after each decode step, spin for this fraction of the step's own time (inside the timed
    /// region), so a gate can be shown to catch a slowdown of known size. 0 in real runs.
    var decodeSlowdown: Double

    func run() throws -> MeasuredRepetition {
        let clock = ContinuousClock()
        let loadStart = clock.now
        let source = try RandomWeights(config: config, seed: 0)
        let loadSeconds = (clock.now - loadStart).seconds

        let initStart = clock.now
        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(
            threads: threads, precision: config.precision, maxPositions: prompt + tokens))
        let initSeconds = (clock.now - initStart).seconds

        let sampler = Sampler(vocab: config.vocab)
        let promptIDs = ScheduleTracer.syntheticTokens(count: prompt, start: 0, vocab: config.vocab)
        let prefillStart = clock.now
        var next = sampler.sample(try runtime.prefill(promptIDs))
        let prefillSeconds = (clock.now - prefillStart).seconds

        var steps: [Double] = []
        steps.reserveCapacity(tokens)
        for _ in 0..<tokens {
            let start = clock.now
            next = sampler.sample(try runtime.decode(next))
            if decodeSlowdown > 0 {
                let until = start + (clock.now - start) * (1 + decodeSlowdown)
                while clock.now < until {}
            }
            steps.append((clock.now - start).seconds)
        }
        return MeasuredRepetition(loadSeconds: loadSeconds, initSeconds: initSeconds, prefillTokens: prompt,
                                  prefillSeconds: prefillSeconds, decodeStepSeconds: steps)
    }
}
