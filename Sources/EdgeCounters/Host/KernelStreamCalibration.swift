import EdgeModel

/// The rate at which the runtime's own matrix-vector kernel consumes weights streamed from DRAM: a one-block model
/// whose gate/up matrices (dim 512, FFN sized per precision) hold `weightBytes` — far more than the last cache level
/// serves — runs a one-token prefill; the gateUp op's weight bytes (its events' weight reads) over its best
/// time (timed as in `ComputeCalibration`) are the rate. Before each timed prefill the caller pushes the weights out
/// of every cache level (`HostCalibration` reads twice the last level's reported size of other data), so each
/// timing reads them all from DRAM: repeated without that, a 96 MiB stream was partly served by this VM's L3 (it
/// keeps 32–64 MiB of repeated reads) and the 2-thread int8 rate came out 19.7–28.9 GB/s against a 26–27 GB/s
/// STREAM read. A kernel that computes between its loads (int8: VNNI dot products and the activation's
/// quantisation) keeps fewer loads in flight than the read sweep and so reads DRAM more slowly than the sweep's
/// bandwidth (Little's law: bandwidth = bytes in flight ÷ latency).
public enum KernelStreamCalibration {
    /// Width of the calibration model (the validated 125M models have 576).
    static let dim = 512
    /// Undisturbed timings the rate is the best of.
    public static let repeats = 5

    /// The calibration model: dim 512, 1 block, FFN the smallest multiple of 32 whose gate+up weights at
    /// `precision` hold at least `weightBytes`.
    static func config(_ precision: Precision, weightBytes: Int) -> ModelConfig {
        // gate+up: 2 × FFN rows of `dim` weights, each row `rowBytes` with its scales; FFN within the config limits.
        let rowBytes = max(precision.rowBytes(columns: dim), 1)
        let rows = max(weightBytes, 1) / (2 * rowBytes) + 1
        let ffn = min((rows + 31) / 32 * 32, ModelConfig.limits.ffn)
        return ModelConfig(name: "stream-calibration", blocks: 1, dim: dim, heads: 8, kvHeads: 8, headDim: 64,
                           ffnHidden: ffn, vocab: 256, context: 64, precision: precision, kvPrecision: .f32)
    }

    /// Weight bytes per second the gateUp kernel at `precision` reads from DRAM with `threads` threads, over one
    /// token row of a model whose gate+up weights hold `weightBytes` (best of `repeats` undisturbed prefills, each
    /// after `evict`, which pushes the weights out of the caches).
    public static func bytesPerSecond(_ precision: Precision, threads: Int, weightBytes: Int, repeats: Int = repeats,
                                      evict: () -> Void) throws -> Double {
        let run = try ComputeCalibration.timeGateUp(config(precision, weightBytes: weightBytes), threads: threads,
                                                    tokens: 1, repeats: repeats, beforeEach: evict)
        let bytes = run.events.flatMap(\.reads).filter { $0.region == .weight }.reduce(0) { $0 + $1.bytes }
        return run.nanoseconds > 0 ? Double(bytes) / (Double(run.nanoseconds) / 1e9) : 0
    }
}
