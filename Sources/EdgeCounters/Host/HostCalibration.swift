import EdgeMemory
import EdgeModel
import EdgeRuntime

/// Everything `edgeprof host` measures: the topology (hwloc), read-bandwidth sweeps (repeated reads, and second
/// reads of cold blocks) with one thread and with the profile's thread count, matmul throughput per precision and the per-op overhead, with when and how.
public struct HostCalibration: Sendable, Encodable {
    /// UTC date and time of the measurement (ISO 8601).
    public var date: String
    /// The command line that measured it.
    public var command: String
    public var topology: HostTopology
    /// Threads the profile describes (bandwidths, compute, overhead are measured with this many).
    public var threads: Int
    /// One sweep per thread count measured (1 and `threads`).
    public var sweeps: [SweepAnalysis]
    /// Matmul op/s of the runtime's kernels over a prefill's token rows, by precision name, with `threads` threads
    /// (`ComputeCalibration`; the faster of two rounds seconds apart).
    public var opsPerSecond: [String: Double]
    /// The same kernels over one token row (the matrix-vector product of a decode step), op/s by precision name
    /// (like `opsPerSecond`, the faster of two rounds seconds apart).
    public var matvecOpsPerSecond: [String: Double]
    /// Weight bytes/s the same kernels read over one token row with their weights streamed from DRAM (the weight
    /// matmuls of one-token steps over a model of `streamWeightBytes` of weights, `KernelStreamCalibration`; the faster
    /// of two rounds seconds apart), by precision name.
    public var kernelReadBytesPerSecond: [String: Double]
    /// Weight bytes/s the same kernels read over one token row on an immediate second pass over a block of the
    /// 125M shape (`KernelStreamCalibration.secondPass`; the faster of two rounds), and that block's weight bytes,
    /// by precision name.
    public var kernelReuseBytesPerSecond: [String: Double]
    public var kernelReuseBlockBytes: [String: Int]
    /// Weight bytes (at least) of the DRAM-streaming calibration model.
    public var streamWeightBytes: Int
    /// Bytes of other data read before each timing of the matrix-matrix rate (twice the last level's reported size,
    /// at most the sweep's buffer), so no cache level still holds the weights.
    public var evictionBytes: Int
    /// Op/s of the kernels of the op kinds that multiply no weights (`OpKernel` names) over a prefill's token rows
    /// and over a decode step's one row, with `threads` threads (`OpKernelCalibration`).
    public var kernelOpsPerSecond: [String: Double]
    public var kernelRowOpsPerSecond: [String: Double]
    /// Seconds per empty op through the thread pool with `threads` threads.
    public var opOverheadSeconds: Double

    /// The precisions the runtime computes in, as profile keys.
    public static let precisions: [Precision] = [.f32, .f16, .int8Blocked, .int4Blocked]

    /// Least weight bytes of the DRAM-streaming calibration model (more when four times the last level's reported
    /// size is more): far more than any last level serves here, and more than the validated 125M int8 models stream.
    public static let streamWeightBytes = 192 << 20

    /// Measures this host. `maxBytes` bounds the sweep's largest working set and the DRAM-streaming calibration's
    /// weights (at most `maxBytes / 2`); `quick` times each point once over fewer bytes and each matmul once (a
    /// smoke test: rough figures).
    public static func measure(threads: Int, maxBytes: Int, quick: Bool = false, date: String,
                               command: String) throws -> HostCalibration {
        let topology = try HostTopology.read()
        let counts = threads == 1 ? [1] : [1, threads]
        let sweep = ReadSweep(maxBytes: maxBytes, threads: threads)
        let lastLevel = topology.caches.last.map { Int($0.sizeBytes) * max($0.instances, 1) } ?? 0
        let evictionBytes = min(2 * lastLevel, maxBytes)
        let sizes = ReadSweep.sizes(from: 8 << 10, to: maxBytes)
        var sweeps: [SweepAnalysis] = []
        let reusedSizes = ReadSweep.sizes(from: 256 << 10, to: min(64 << 20, maxBytes / 4))
        for count in counts {
            let pool = ThreadPool(threads: count)
            let points = sweep.measure(sizes: sizes, pool: pool, bytesPerTiming: quick ? 4 << 20 : 256 << 20, repeats: quick ? 1 : 3)
            let reused = sweep.measureReusedOnce(sizes: reusedSizes, pool: pool, blocks: quick ? 1 : 8)
            sweeps.append(SweepAnalysis(points: points, reusedOnce: reused, caches: topology.caches, threads: count))
        }
        var ops: [String: Double] = [:], matvec: [String: Double] = [:], stream: [String: Double] = [:]
        var reuse: [String: Double] = [:], reuseBlock: [String: Int] = [:]
        let streamBytes = min(max(streamWeightBytes, 4 * lastLevel), maxBytes / 2)
        for precision in precisions {
            let key = ComputeUnit.key(for: precision)
            let evict = { sweep.readThrough(bytes: evictionBytes) }
            ops[key] = try ComputeCalibration.opsPerSecond(precision, threads: threads,
                                                           repeats: quick ? 1 : ComputeCalibration.matmulRepeats, evict: evict)
            matvec[key] = try ComputeCalibration.opsPerSecond(precision, threads: threads, tokens: 1,
                                                              repeats: quick ? 1 : ComputeCalibration.matvecRepeats)
            stream[key] = try KernelStreamCalibration.bytesPerSecond(
                precision, threads: threads, weightBytes: streamBytes, repeats: quick ? 1 : KernelStreamCalibration.repeats)
            (reuse[key], reuseBlock[key]) = try KernelStreamCalibration.secondPass(
                precision, threads: threads, repeats: quick ? 1 : KernelStreamCalibration.repeats)
        }
        // Every matmul rate again, seconds later, the faster of the two rounds counting: a kernel cannot run faster
        // than the machine lets it, and another process's burst of DRAM traffic or compute outlasts one round's
        // timings (DRAM streaming, f32, 1 thread: 14.0 and 15.2 GB/s in two of twelve calibrations, against 18–23 in
        // the rest and in the decode that followed; the 64-row rate, int8, 2 threads, 2026-12-05: 256 G op/s in one
        // calibration of eight within 12 minutes, against 422–424 in the others, and that profile's prefills were
        // predicted 46–50% too slow).
        for precision in precisions where !quick {
            let key = ComputeUnit.key(for: precision)
            let evict = { sweep.readThrough(bytes: evictionBytes) }
            ops[key] = max(ops[key] ?? 0, try ComputeCalibration.opsPerSecond(
                precision, threads: threads, repeats: ComputeCalibration.matmulRepeats, evict: evict))
            matvec[key] = max(matvec[key] ?? 0, try ComputeCalibration.opsPerSecond(
                precision, threads: threads, tokens: 1, repeats: ComputeCalibration.matvecRepeats))
            let again = try KernelStreamCalibration.bytesPerSecond(precision, threads: threads, weightBytes: streamBytes)
            stream[key] = max(stream[key] ?? 0, again)
            reuse[key] = max(reuse[key] ?? 0, try KernelStreamCalibration.secondPass(precision, threads: threads).bytesPerSecond)
        }
        let kernels = try OpKernelCalibration.opsPerSecond(threads: threads, repeats: quick ? 1 : 10)
        let overhead = OpOverheadCalibration.secondsPerOp(pool: ThreadPool(threads: threads), runs: quick ? 100 : 20_000)
        return HostCalibration(date: date, command: command, topology: topology, threads: threads, sweeps: sweeps,
                               opsPerSecond: ops, matvecOpsPerSecond: matvec, kernelReadBytesPerSecond: stream,
                               kernelReuseBytesPerSecond: reuse, kernelReuseBlockBytes: reuseBlock,
                               streamWeightBytes: streamBytes, evictionBytes: evictionBytes, kernelOpsPerSecond: kernels.rows,
                               kernelRowOpsPerSecond: kernels.row, opOverheadSeconds: overhead)
    }

    /// The sweep with the profile's thread count.
    public var profileSweep: SweepAnalysis { sweeps.last! }
}
