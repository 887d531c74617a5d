import EdgeModel
import EdgeRuntime

/// The rate at which the runtime's own matrix-vector kernels consume weights streamed from DRAM, measured the way a
/// decode step streams them: a model of the validated 125M models' shape (dim 576, 9 query and 3 KV heads of 64,
/// FFN 1536) with as many blocks as hold `weightBytes` of weights runs one-token prefills back to back on the
/// runtime's own thread pool; the weight bytes of its weight matmuls (their events' weight reads) over those ops'
/// best total time (timed as in `ComputeCalibration`) are the rate.
///
/// Nothing is evicted between the steps: each step reads the whole weight set in forward order, so a matrix is read
/// again only after all the others — `weightBytes` of other weights — were, which no cache level here keeps (the
/// caller passes several times the last level's size). The weights sit where the runtime puts them (its weight
/// arena: 2 MiB-aligned huge-page slabs, touched), each op is a decode-sized matrix, and the pool's workers are
/// already spinning when an op starts, as in a decode step. The earlier calibration — one 96 MiB gate+up op right
/// after a single-threaded 520 MiB eviction read — gave 2-thread rates that moved 2× between runs minutes apart
/// (int8 10.7–23.2 GB/s) against the runtime's own 125m int8 decode at 20.7–21.5 GB/s.
///
/// A kernel that computes between its loads (int8: VNNI dot products and the activation's quantisation) keeps fewer
/// loads in flight than the read sweep and so reads DRAM more slowly than the sweep's bandwidth (Little's law:
/// bandwidth = bytes in flight ÷ latency).
public enum KernelStreamCalibration {
    /// Undisturbed timings the rate is the best of.
    public static let repeats = 5

    /// The calibration model: the 125M shape, vocabulary 256, with the fewest blocks (at least 2) whose weights at
    /// `precision` hold at least `weightBytes`.
    static func config(_ precision: Precision, weightBytes: Int) -> ModelConfig {
        let block = ModelConfig(name: "stream-calibration", blocks: 1, dim: 576, heads: 9, kvHeads: 3, headDim: 64,
                                ffnHidden: 1536, vocab: 256, context: 64, precision: precision, kvPrecision: .f32)
        // Weights of one block: q, k, v, o and gate, up, down matrices, each row `rowBytes` of `dim` columns.
        let rowBytes = max(precision.rowBytes(columns: block.dim), 1)
        let rows = block.dim + 2 * block.kvHeads * block.headDim + block.dim + 3 * block.ffnHidden
        let blocks = min(max(2, (max(weightBytes, 1) + rows * rowBytes - 1) / (rows * rowBytes)), ModelConfig.limits.blocks)
        var config = block
        config.blocks = blocks
        return config
    }

    /// Weight bytes per second the weight matmuls at `precision` read from DRAM with `threads` threads over one
    /// token row of a model whose weights hold `weightBytes` (best of `repeats` undisturbed steps).
    public static func bytesPerSecond(_ precision: Precision, threads: Int, weightBytes: Int,
                                      repeats: Int = repeats) throws -> Double {
        let run = try ComputeCalibration.time(config(precision, weightBytes: weightBytes), kinds: { $0.multipliesWeights },
                                              threads: threads, tokens: 1, repeats: repeats)
        let bytes = run.events.flatMap(\.reads).filter { $0.region == .weight }.reduce(0) { $0 + $1.bytes }
        return run.nanoseconds > 0 ? Double(bytes) / (Double(run.nanoseconds) / 1e9) : 0
    }

    /// Blocks of the second-pass calibration model (each runs twice in a row).
    static let reuseBlocks = 8

    /// The second-pass calibration model: the 125M shape with `reuseBlocks` blocks, each run twice in a row
    /// (immediate sharing ×2).
    static func reuseConfig(_ precision: Precision) -> ModelConfig {
        var config = Self.config(precision, weightBytes: 0)
        config.blocks = reuseBlocks
        config.sharing = .immediate
        config.repeats = 2
        return config
    }

    /// Weight bytes per second the weight matmuls at `precision` read with `threads` threads on the second pass over
    /// a block of the 125M shape that the first pass has just read (immediate sharing: the block's weights reused
    /// after the block's own weights), and that block's weight bytes (the reuse distance): one-token steps back to
    /// back, each timed per executed layer; the second passes' weight bytes over their layers' summed time (their
    /// norms and attention at position 0 take microseconds), the fastest undisturbed step (timed as in
    /// `ComputeCalibration`). A second pass finds part of the block in the last cache
    /// level and the rest in DRAM, in the share the level retains at that distance (`SweepAnalysis.retention`).
    public static func secondPass(_ precision: Precision, threads: Int,
                                  repeats: Int = repeats) throws -> (bytesPerSecond: Double, blockBytes: Int) {
        let config = reuseConfig(precision)
        let runtime = try ModelRuntime(source: RandomWeights(config: config, seed: 1),
                                       options: RuntimeOptions(threads: threads, precision: config.precision))
        let recorder = OpRecorder()
        runtime.observer = recorder
        try runtime.prefill([0])
        runtime.observer = nil
        // Executed layer 2b runs block b for the first time, 2b + 1 for the second.
        var secondBytes = 0, blockBytes = 0
        for event in recorder.events where event.kind.multipliesWeights {
            guard let layer = event.layer else { continue }
            let bytes = event.reads.filter { $0.region == .weight }.reduce(0) { $0 + $1.bytes }
            if layer % 2 == 1 { secondBytes += bytes }
            if layer == 0 { blockBytes += bytes }
        }
        let timer = OpTimer(executedLayers: config.executedLayers, clock: ComputeCalibration.clock(threads: threads))
        runtime.opTimer = timer
        defer { runtime.opTimer = nil }
        let timings = try ComputeCalibration.quietTimings(repeats: repeats, pool: runtime.pool) {
            timer.reset()
            try runtime.prefill([0])
            return stride(from: 1, to: config.executedLayers, by: 2).reduce(0) { $0 + timer.layerNanoseconds[$1] }
        }
        let nanoseconds = timings.best ?? 0
        return (nanoseconds > 0 ? Double(secondBytes) / (Double(nanoseconds) / 1e9) : 0, blockBytes)
    }
}
