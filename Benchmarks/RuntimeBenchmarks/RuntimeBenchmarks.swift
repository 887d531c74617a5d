import Benchmark
import EdgeModel
import EdgeRuntime

// Prefill and decode speed of EdgeRuntime on random-weight MobileLLM presets, and the machine's read bandwidth
// (the decode roofline). Throughput is iterations per second: tokens/s for Decode_*, prompts/s for Prefill64_*
// (× 64 for tokens/s), passes/s for ReadBandwidth_* (× 0.537 GB for GB/s). Decode and prefill must not allocate.
//
// Run: cd Benchmarks && swift package -j 2 benchmark --target RuntimeBenchmarks --no-progress < /dev/null

/// The runtime under test, built on first use and kept while consecutive iterations share its key.
final class RuntimeSlot: @unchecked Sendable {
    static let shared = RuntimeSlot()
    private var key = ""
    private(set) var runtime: ModelRuntime?

    func runtime(preset: String, precision: Precision, threads: Int) throws -> ModelRuntime {
        let wanted = "\(preset)/\(precision.name)/\(threads)"
        if wanted != key || runtime == nil {
            runtime = nil
            guard let base = Presets.named(preset) else { throw InputError(file: "<bench>", field: preset, "no preset") }
            let source = try RandomWeights(config: base.with(precision: precision), seed: 1)
            runtime = try ModelRuntime(source: source, options: RuntimeOptions(threads: threads, maxPositions: 512))
            key = wanted
        }
        return runtime!
    }
}

/// A 512 MiB block read end to end with SIMD16 loads, in 64 chunks of 8 MiB claimed by the pool's threads.
final class ReadBlock: @unchecked Sendable {
    static let bytes = 512 << 20
    static let chunks = 64
    static let shared = ReadBlock()
    let pointer: UnsafeMutablePointer<Float>
    var sums: [Float] = [0, 0, 0, 0]

    init() {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Self.bytes, alignment: 2 << 20)
        pointer = raw.bindMemory(to: Float.self, capacity: Self.bytes / 4)
        for i in 0..<Self.bytes / 4 { pointer[i] = Float(i & 1023) }
    }

    /// Adds the sum of floats [from, to) to sums[slot] (one slot per thread).
    func read(_ from: Int, _ to: Int, slot: Int) {
        typealias V = SIMD16<Float>
        let raw = UnsafeRawPointer(pointer)
        var a = V(), b = V(), c = V(), d = V()
        var i = from * 4
        while i < to * 4 {
            a += raw.load(fromByteOffset: i, as: V.self)
            b += raw.load(fromByteOffset: i + 64, as: V.self)
            c += raw.load(fromByteOffset: i + 128, as: V.self)
            d += raw.load(fromByteOffset: i + 192, as: V.self)
            i += 256
        }
        sums[slot] += (a + b + c + d).sum()
    }
}

let prompt: [Int32] = ScheduleTracer.syntheticTokens(count: 16, start: 0, vocab: 32000)
let prompt64: [Int32] = ScheduleTracer.syntheticTokens(count: 64, start: 0, vocab: 32000)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds,
        warmupIterations: 3, scalingFactor: .one, maxDuration: .seconds(4), maxIterations: 200,
        // Throughput (wall clock inverted) gets the wall clock's tolerance, not package-benchmark's default 5 %.
        thresholds: [.wallClock: .init(relative: [.p50: 20.0, .p90: 25.0]), .throughput: .init(relative: [.p50: 20.0, .p90: 25.0]),
                     .mallocCountTotal: .init(absolute: [.p90: 0])])

    let cases: [(String, String, Precision)] = [
        ("125m", "mobilellm-125m", .f32), ("125m", "mobilellm-125m", .f16), ("125m", "mobilellm-125m", .int8Blocked),
    ]
    for (short, preset, precision) in cases {
        for threads in [1, 2] {
            let suffix = "\(short)_\(precision.name)_t\(threads)"
            Benchmark("Decode_\(suffix)") { benchmark in
                guard let runtime = try? RuntimeSlot.shared.runtime(preset: preset, precision: precision, threads: threads)
                else { return }
                if runtime.position == 0 || runtime.position >= 16 + 256 { _ = try? runtime.prefill(prompt) }
                benchmark.startMeasurement()
                blackHole(try? runtime.decode(7))
                benchmark.stopMeasurement()
            }
            Benchmark("Prefill64_\(suffix)", configuration: .init(maxIterations: 40)) { benchmark in
                guard let runtime = try? RuntimeSlot.shared.runtime(preset: preset, precision: precision, threads: threads)
                else { return }
                benchmark.startMeasurement()
                blackHole(try? runtime.prefill(prompt64))
                benchmark.stopMeasurement()
            }
        }
    }
    for threads in [1, 2] {
        Benchmark("Decode_350m_int8_t\(threads)") { benchmark in
            guard let runtime = try? RuntimeSlot.shared.runtime(preset: "mobilellm-350m", precision: .int8Blocked,
                                                                 threads: threads)
            else { return }
            if runtime.position == 0 || runtime.position >= 16 + 256 { _ = try? runtime.prefill(prompt) }
            benchmark.startMeasurement()
            blackHole(try? runtime.decode(7))
            benchmark.stopMeasurement()
        }
    }
    for threads in [1, 2] {
        let pool = ThreadPool(threads: threads)
        Benchmark("ReadBandwidth_512MiB_t\(threads)", configuration: .init(maxIterations: 20)) { benchmark in
            let block = ReadBlock.shared
            let context = Unmanaged.passUnretained(block).toOpaque()
            benchmark.startMeasurement()
            pool.run(chunks: ReadBlock.chunks, { context, chunk, thread in
                let block = Unmanaged<ReadBlock>.fromOpaque(context).takeUnretainedValue()
                let share = ReadBlock.bytes / 4 / ReadBlock.chunks
                block.read(chunk * share, (chunk + 1) * share, slot: thread)
            }, context: context)
            benchmark.stopMeasurement()
            blackHole(block.sums)
        }
    }
}
