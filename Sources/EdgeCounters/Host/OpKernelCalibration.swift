import EdgeMemory
import EdgeModel
import EdgeRuntime

/// Achievable rates of the runtime's kernels for the op kinds that multiply no weights (`OpKernel`: RMSNorm, RoPE,
/// attention), which compute on f32 activations whatever the weights' precision: a 4-block f32 model of a small
/// language model's layer shape (dim 512, 8 query heads and 2 KV heads of 64, all cache-resident) runs a prefill of
/// `promptTokens` tokens and then `decodeSteps` decode steps; each kernel's FLOPs (ForwardPlan's count) over its best
/// time in the prefill is its many-row rate, in the decode steps its one-row rate (per phase the best of the
/// undisturbed runs, `Preemptions`; runs until `repeats` decode phases ran undisturbed or `3 × repeats` ran; timed
/// as in `ComputeCalibration`). The norms and RoPE run on the calling thread alone, attention
/// is split over the pool by query and head; with `threads` threads the rates say what the thread pool achieves.
/// Attention's rate is taken at the contexts of those steps (64 to 80 positions) and the model scales its time
/// with FLOPs.
public enum OpKernelCalibration {
    /// Prompt tokens and decode steps of the calibration run (those `validate` times).
    public static let promptTokens = 64
    public static let decodeSteps = 16

    /// The calibration model.
    static let config = ModelConfig(name: "kernel-calibration", blocks: 4, dim: 512, heads: 8, kvHeads: 2, headDim: 64,
                                    ffnHidden: 1024, vocab: 256, context: promptTokens + decodeSteps,
                                    precision: .f32, kvPrecision: .f32)

    /// Op/s of each kernel over many rows (the prefill) and over one row (the decode steps), keyed by `OpKernel`.
    public static func opsPerSecond(threads: Int, repeats: Int = 10) throws -> (rows: [String: Double], row: [String: Double]) {
        let c = config
        let runtime = try ModelRuntime(source: RandomWeights(config: c, seed: 1),
                                       options: RuntimeOptions(threads: threads, precision: c.precision))
        let prompt = ScheduleTracer.syntheticTokens(count: promptTokens, start: 0, vocab: c.vocab)
        let tokens = ScheduleTracer.syntheticTokens(count: decodeSteps, start: promptTokens, vocab: c.vocab)
        // The FLOPs of each kernel in the prefill and in the decode steps.
        let recorder = OpRecorder()
        runtime.observer = recorder
        try runtime.prefill(prompt)
        let prefillEvents = recorder.events.count
        for token in tokens { try runtime.decode(token) }
        runtime.observer = nil
        func flops(_ events: ArraySlice<OpEvent>) -> [OpKernel: Int] {
            events.reduce(into: [:]) { sums, event in
                if let kernel = OpKernel(event.kind) { sums[kernel, default: 0] += event.flops }
            }
        }
        let prefillFlops = flops(recorder.events[..<prefillEvents]), decodeFlops = flops(recorder.events[prefillEvents...])
        // Best nanoseconds of each kernel per phase.
        let timer = OpTimer(executedLayers: c.executedLayers, clock: ComputeCalibration.clock(threads: threads))
        runtime.opTimer = timer
        defer { runtime.opTimer = nil }
        // Per phase, each kernel's timings, marked undisturbed or not (its figure: `QuietTimings.best`).
        var prefillTimings: [OpKernel: QuietTimings] = [:], decodeTimings: [OpKernel: QuietTimings] = [:]
        var quiet = 0, runs = 0
        func record(_ timings: inout [OpKernel: QuietTimings], disturbed: Bool) {
            var sums: [OpKernel: UInt64] = [:]
            for kind in OpKind.ordered { if let kernel = OpKernel(kind) { sums[kernel, default: 0] += timer.nanoseconds[kind.index] } }
            for (kernel, nanoseconds) in sums { timings[kernel, default: QuietTimings()].add(nanoseconds, disturbed: disturbed) }
        }
        while quiet < max(repeats, 1) && runs < 3 * max(repeats, 1) {
            runtime.reset()
            timer.reset()
            var watch = Disturbance(pool: runtime.pool)
            try runtime.prefill(prompt)
            record(&prefillTimings, disturbed: watch.disturbed)
            timer.reset()
            watch = Disturbance(pool: runtime.pool)
            for token in tokens { try runtime.decode(token) }
            let disturbed = watch.disturbed
            record(&decodeTimings, disturbed: disturbed)
            runs += 1
            if !disturbed { quiet += 1 }
        }
        func rates(_ flops: [OpKernel: Int], _ best: [OpKernel: UInt64]) -> [String: Double] {
            var out: [String: Double] = [:]
            for kernel in OpKernel.allCases {
                if let f = flops[kernel], let ns = best[kernel], f > 0, ns > 0 { out[kernel.rawValue] = Double(f) / (Double(ns) / 1e9) }
            }
            return out
        }
        return (rates(prefillFlops, prefillTimings.compactMapValues(\.best)),
                rates(decodeFlops, decodeTimings.compactMapValues(\.best)))
    }
}
