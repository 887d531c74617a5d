import EdgeModel
import EdgeRuntime

/// Achievable matmul throughput of the runtime's own kernels: a model runs a prefill of `tokens` tokens and the
/// gateUp op's FLOPs (ForwardPlan's count) over its best time is the rate.
///
/// - Matrix-vector rate (1 token, the kernel a decode step runs): one block whose gate/up matrices (2 × 256 × 512 per
///   thread: 256 rows of 512 columns each) stay in the L2 at every precision; the cost model adds the transfers from
///   the levels past it. Rows as long as a small model's width, because the kernel pays a fixed cost per row (the
///   sums' horizontal reduction, the row's scales): with the same weights in rows of 256 columns int8 ran at 58 G
///   op/s against 70–71 in rows of 512 and 67–70 in rows of 576, the 125M models' (f32 43 against 44–45; 1
///   thread, 2026-12-05). With more threads the FFN grows with them, so each thread's share is the 1-thread matrix:
///   each core's L2 holds its share as one L2 holds the whole, and the op lasts as long, so the pool's fixed per-op
///   cost (charged apart, as `overheads.perOp`) weighs the same (int8, 2026-12-05 at load 1.5–2: 110 and 134 G op/s
///   with 2 threads in two calibrations minutes apart, against about 70 with one).
/// - Matrix-matrix rate (64 tokens, a prefill): `streamedConfig`, 4 blocks of a small language model's width, each
///   block's gate+up (2 × 512 × 1536, 6 MiB in f32) read from DRAM as a model's prefill reads its weights (the
///   caller pushes them out of the caches before each prefill), the time summed over the blocks: the kernel's rate over
///   matrices the way a model holds them — four separate allocations, whose placement moves one L2-resident
///   matrix's rate by up to 1.6× here (f32: 73–123 GFLOP/s across fresh allocations of the same 1 MiB, no
///   preemption, one process) — and over a timing of milliseconds rather than a fraction of one.
///
/// Timing (`time`): one untimed warm-up prefill, then prefills until `repeats` of them ran undisturbed
/// (`Preemptions`: no thread of the process was taken off its core) or `3 × repeats` ran; the fastest undisturbed
/// one counts (`QuietTimings`). With one thread the clock is the thread's CPU time; with more, the wall clock —
/// the clocks `Validation` measures the runtime with: a parallel op lasts until its slowest thread is done, which
/// the caller's CPU time misses when it yields its core while a descheduled partner finishes (and the process CPU
/// clock adds a partner thread's time only at its scheduler ticks); an undisturbed timing's wall time is the op's.
public enum ComputeCalibration {
    /// The matrix-vector calibration model: dim 512, FFN 256 per thread, 1 block; gate+up are 1 MiB per thread in f32.
    static func config(_ precision: Precision, threads: Int) -> ModelConfig {
        ModelConfig(name: "calibration", blocks: 1, dim: 512, heads: 8, kvHeads: 8, headDim: 64,
                    ffnHidden: 256 * max(threads, 1), vocab: 256, context: 64, precision: precision, kvPrecision: .f32)
    }

    /// The matrix-matrix calibration model: 4 blocks, dim 512, FFN 1536 (gate+up 6 MiB per block in f32).
    static func streamedConfig(_ precision: Precision) -> ModelConfig {
        ModelConfig(name: "calibration", blocks: 4, dim: 512, heads: 8, kvHeads: 8, headDim: 64, ffnHidden: 1536,
                    vocab: 256, context: 64, precision: precision, kvPrecision: .f32)
    }

    /// The clock the calibrations and `Validation` time ops with on `threads` threads (see above).
    public static func clock(threads: Int) -> OpClock { threads == 1 ? .threadCPU : .monotonic }

    /// Tokens of the matrix-matrix calibration prefill.
    public static let tokens = 64
    /// Best-of count of the matrix-matrix calibration (each prefill reads its weights from DRAM after an eviction).
    public static let matmulRepeats = 8
    /// Best-of count of the one-row calibration (each run is short, so more of them than for 64 rows).
    public static let matvecRepeats = 200

    /// Op/s of the gateUp matmul at `precision` with `threads` threads over `tokens` token rows: one row on
    /// `config`, more on `streamedConfig` with `evict` called before each prefill (best of `repeats` undisturbed
    /// prefills).
    public static func opsPerSecond(_ precision: Precision, threads: Int, tokens: Int = tokens,
                                    repeats: Int = matmulRepeats, evict: () -> Void = {}) throws -> Double {
        let model = tokens == 1 ? config(precision, threads: threads) : streamedConfig(precision)
        let run = try time(model, kinds: { $0 == .gateUp }, threads: threads, tokens: tokens, repeats: repeats,
                           beforeEach: tokens == 1 ? {} : evict)
        let flops = run.events.reduce(0) { $0 + $1.flops }
        return run.nanoseconds > 0 ? Double(flops) / (Double(run.nanoseconds) / 1e9) : 0
    }

    /// Runs `config` on the runtime at its precision with `threads` threads over a prompt of `tokens` token rows:
    /// the events of the ops of every kind `kinds` accepts in one recorded (warm-up) prefill, and those ops' best
    /// total nanoseconds (this clock) over further prefills, `beforeEach` called before each (the calibrations'
    /// shared measurement).
    static func time(_ config: ModelConfig, kinds: (OpKind) -> Bool, threads: Int, tokens: Int, repeats: Int,
                     beforeEach: () -> Void = {}) throws -> (events: [OpEvent], nanoseconds: UInt64) {
        let runtime = try ModelRuntime(source: RandomWeights(config: config, seed: 1),
                                       options: RuntimeOptions(threads: threads, precision: config.precision))
        let prompt = ScheduleTracer.syntheticTokens(count: min(max(tokens, 1), config.context), start: 0, vocab: config.vocab)
        let recorder = OpRecorder()
        runtime.observer = recorder
        try runtime.prefill(prompt)
        runtime.observer = nil
        let timer = OpTimer(executedLayers: config.executedLayers, clock: clock(threads: threads))
        runtime.opTimer = timer
        let timed = OpKind.ordered.filter(kinds).map(\.index)
        let timings = try quietTimings(repeats: repeats, pool: runtime.pool) {
            beforeEach()
            timer.reset()
            try runtime.prefill(prompt)
            return timed.reduce(0) { $0 + timer.nanoseconds[$1] }
        }
        return (recorder.events.filter { kinds($0.kind) }, timings.best ?? 0)
    }

    /// Runs `timing` (which returns nanoseconds) until `repeats` runs were undisturbed (`Disturbance`, watching
    /// `pool`) or `3 × repeats` ran.
    static func quietTimings(repeats: Int, pool: ThreadPool? = nil,
                             _ timing: () throws -> UInt64) rethrows -> QuietTimings {
        var timings = QuietTimings()
        let wanted = max(repeats, 1)
        while timings.quiet.count < wanted && timings.count < 3 * wanted {
            let watch = Disturbance(pool: pool)
            let nanoseconds = try timing()
            timings.add(nanoseconds, disturbed: watch.disturbed)
        }
        return timings
    }
}
