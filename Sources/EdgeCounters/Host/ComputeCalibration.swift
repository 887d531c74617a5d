import EdgeModel
import EdgeRuntime

/// Achievable matmul throughput of the runtime's own kernels on cache-resident weights: a one-block model whose
/// gate/up matrices (2 × 512 × 256) fit the L2 at every precision runs a prefill of `tokens` tokens (64: the
/// matrix-matrix rate; 1: the matrix-vector rate, the kernel a decode step runs); the gateUp op's FLOPs
/// (ForwardPlan's count) over its best time is the rate. Time is the CPU time of the calling thread (pool thread 0),
/// the clock `validate` measures the runtime with: that thread forks and joins every op and spins at the join until
/// the last chunk is done, so its CPU time is the op's duration whenever it held its core, and time other processes
/// held the core is not counted (on a shared host the wall clock's best of a few runs of 10 ms still held
/// preemptions: the int8 DRAM-streaming rate came out 5.8 GB/s at load 8 against 10.4 GB/s on a quiet machine). The
/// process CPU clock would miss a partner thread's time since its last scheduler tick, which on an op of a
/// millisecond is most of it.
public enum ComputeCalibration {
    /// The calibration model: dim 256, FFN 512, 1 block; gate+up are 1 MiB in f32.
    static func config(_ precision: Precision) -> ModelConfig {
        ModelConfig(name: "calibration", blocks: 1, dim: 256, heads: 4, kvHeads: 4, headDim: 64, ffnHidden: 512,
                    vocab: 256, context: 64, precision: precision, kvPrecision: .f32)
    }

    /// Tokens of the matrix-matrix calibration prefill.
    public static let tokens = 64
    /// Best-of count of the one-row calibration (each run is short, so more of them than for 64 rows).
    public static let matvecRepeats = 200

    /// Op/s of the gateUp matmul at `precision` with `threads` threads over `tokens` token rows (best of `repeats`
    /// prefills).
    public static func opsPerSecond(_ precision: Precision, threads: Int, tokens: Int = tokens,
                                    repeats: Int = 20) throws -> Double {
        let run = try timeGateUp(config(precision), threads: threads, tokens: tokens, repeats: repeats)
        let flops = run.events.reduce(0) { $0 + $1.flops }
        return run.nanoseconds > 0 ? Double(flops) / (Double(run.nanoseconds) / 1e9) : 0
    }

    /// Runs `config` on the runtime at its precision with `threads` threads over a prompt of `tokens` token rows:
    /// the gateUp events of one recorded prefill, and the gateUp op's best thread-0 CPU nanoseconds over `repeats`
    /// further prefills (the calibrations' shared measurement).
    static func timeGateUp(_ config: ModelConfig, threads: Int, tokens: Int,
                           repeats: Int) throws -> (events: [OpEvent], nanoseconds: UInt64) {
        let runtime = try ModelRuntime(source: RandomWeights(config: config, seed: 1),
                                       options: RuntimeOptions(threads: threads, precision: config.precision))
        let prompt = ScheduleTracer.syntheticTokens(count: min(max(tokens, 1), config.context), start: 0, vocab: config.vocab)
        let recorder = OpRecorder()
        runtime.observer = recorder
        try runtime.prefill(prompt)
        runtime.observer = nil
        let timer = OpTimer(executedLayers: config.executedLayers, clock: .threadCPU)
        runtime.opTimer = timer
        var best = UInt64.max
        for _ in 0..<max(repeats, 1) {
            timer.reset()
            try runtime.prefill(prompt)
            best = min(best, timer.nanoseconds[OpKind.gateUp.index])
        }
        return (recorder.events.filter { $0.kind == .gateUp }, best)
    }
}
