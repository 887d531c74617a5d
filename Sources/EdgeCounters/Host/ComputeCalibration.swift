import EdgeModel
import EdgeRuntime

/// Achievable matmul throughput of the runtime's own kernels on cache-resident weights: a one-block model whose
/// gate/up matrices (2 × 512 × 256) fit the L2 at every precision runs a prefill of `tokens` tokens (64: the
/// matrix-matrix rate; 1: the matrix-vector rate, the kernel a decode step runs); the gateUp op's FLOPs
/// (ForwardPlan's count) over its best time is the rate. With one thread, time is the CPU time of the calling thread,
/// the clock `validate` measures the runtime with, so time other processes held the core is not counted (on a
/// shared host the wall clock's best of a few runs of 10 ms still held preemptions: the int8 DRAM-streaming rate came
/// out 5.8 GB/s at load 8 against 12 GB/s on the thread's clock). With more, the wall clock: a parallel op lasts until
/// its slowest thread is done, and the caller yields its core while a descheduled partner finishes, so its CPU time
/// would undercount the op (2-thread rates came out 50× the 1-thread ones); the process CPU clock would miss a
/// partner thread's time since its last scheduler tick.
public enum ComputeCalibration {
    /// The calibration model: dim 256, FFN 512, 1 block; gate+up are 1 MiB in f32.
    static func config(_ precision: Precision) -> ModelConfig {
        ModelConfig(name: "calibration", blocks: 1, dim: 256, heads: 4, kvHeads: 4, headDim: 64, ffnHidden: 512,
                    vocab: 256, context: 64, precision: precision, kvPrecision: .f32)
    }

    /// The clock the calibrations time ops with on `threads` threads (see above).
    static func clock(threads: Int) -> OpClock { threads == 1 ? .threadCPU : .monotonic }

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
    /// the gateUp events of one recorded prefill, and the gateUp op's best nanoseconds (that clock) over `repeats`
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
        let timer = OpTimer(executedLayers: config.executedLayers, clock: clock(threads: threads))
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
