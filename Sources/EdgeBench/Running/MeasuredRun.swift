import EdgeModel
import EdgeRuntime
import Foundation

/// Runs a model on this host with seeded random weights and times each phase (one `MeasuredRepetition`).
struct MeasuredRun {
    var config: ModelConfig
    var prompt: Int
    var tokens: Int
    var threads: Int
    /// Test-only: after each decode step, spin on this thread for this fraction of the step's CPU time (inside
    /// the timed region), so a gate can be shown to catch a slowdown of known size. 0 in real runs.
    var decodeSlowdown: Double
    /// Timed after every decode step (outside the step's time), so each repetition measures the machine beside the code.
    var referenceLoop: ReferenceLoop

    /// Runs the case with `decodeSteps` (at most `tokens`) decode steps; the runtime is sized for all `tokens`
    /// either way, so a short run allocates and touches what a full one does.
    func run(decodeSteps: Int) throws -> MeasuredRepetition {
        var stopwatch = Stopwatch()
        let source = try RandomWeights(config: config, seed: 0)
        let load = stopwatch.lap()

        let runtime = try ModelRuntime(source: source, options: RuntimeOptions(
            threads: threads, precision: config.precision, maxPositions: prompt + tokens))
        let initialization = stopwatch.lap()

        let sampler = Sampler(vocab: config.vocab)
        let promptIDs = ScheduleTracer.syntheticTokens(count: prompt, start: 0, vocab: config.vocab)
        stopwatch.restart()
        var next = sampler.sample(try runtime.prefill(promptIDs))
        let prefill = stopwatch.lap()

        var wall: [Double] = [], cpu: [Double] = [], reference: [Double] = []
        let steps = min(decodeSteps, tokens)
        wall.reserveCapacity(steps)
        cpu.reserveCapacity(steps)
        reference.reserveCapacity(steps)
        for _ in 0..<steps {
            stopwatch.restart()
            let start = Stopwatch.processCPUSeconds()
            next = sampler.sample(try runtime.decode(next))
            if decodeSlowdown > 0 {
                let until = Stopwatch.threadCPUSeconds() + (Stopwatch.processCPUSeconds() - start) * decodeSlowdown
                while Stopwatch.threadCPUSeconds() < until {}
            }
            let step = stopwatch.lap()
            wall.append(step.wall)
            cpu.append(step.cpu)
            referenceLoop.run()
            reference.append(stopwatch.lap().cpu)
        }
        return MeasuredRepetition(
            loadSeconds: load.wall, initSeconds: initialization.wall, prefillTokens: prompt, prefillSeconds: prefill.wall,
            decodeStepSeconds: wall, loadCPUSeconds: load.cpu, initCPUSeconds: initialization.cpu,
            prefillCPUSeconds: prefill.cpu, decodeStepCPUSeconds: cpu, referenceStepCPUSeconds: reference)
    }
}
