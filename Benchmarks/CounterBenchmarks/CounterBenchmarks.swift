import Benchmark
import EdgeCounters
import EdgeModel
import EdgeRuntime

// What measuring costs: a mobilellm-125m int8 decode step plain (no timer, no counters: the runtime reads no clock
// and allocates nothing), and the same step inside a counter session (default events, read before and after the
// step) with the per-op timer attached. Compare the two p50s side by side in one run; both must not allocate.
//
// Run: cd Benchmarks && swift package -j 2 benchmark --target CounterBenchmarks --no-progress < /dev/null

/// The runtime and the measurement, built on first use.
final class Fixture: @unchecked Sendable {
    static let shared = Fixture()
    let runtime: ModelRuntime
    let measurement: RunMeasurement
    let prompt = ScheduleTracer.syntheticTokens(count: 16, start: 0, vocab: 32000)

    init() {
        let config = Presets.named("mobilellm-125m")!.with(precision: .int8Blocked)
        runtime = try! ModelRuntime(source: RandomWeights(config: config, seed: 1),
                                    options: RuntimeOptions(threads: 1, maxPositions: 512))
        let opened = CounterAccess.open(environment: [:])
        measurement = RunMeasurement(counters: CounterAccess.counterSet(opened, events: CounterEvent.defaults),
                                     opTiming: true)
    }

    /// Keeps the KV cache from filling up.
    func ready() {
        if runtime.position == 0 || runtime.position >= 16 + 256 { _ = try? runtime.prefill(prompt) }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds,
        warmupIterations: 3, scalingFactor: .one, maxDuration: .seconds(4), maxIterations: 200,
        thresholds: [.wallClock: .init(relative: [.p50: 20.0, .p90: 25.0]), .mallocCountTotal: .init(absolute: [.p90: 0])])

    Benchmark("Decode_125m_int8_t1_plain") { benchmark in
        let fixture = Fixture.shared
        fixture.runtime.opTimer = nil
        fixture.ready()
        benchmark.startMeasurement()
        blackHole(try? fixture.runtime.decode(7))
        benchmark.stopMeasurement()
    }
    Benchmark("Decode_125m_int8_t1_counters_and_op_timing") { benchmark in
        let fixture = Fixture.shared
        fixture.ready()
        fixture.measurement.attach(to: fixture.runtime)
        benchmark.startMeasurement()
        fixture.measurement.stepWillStart(prefill: false)
        blackHole(try? fixture.runtime.decode(7))
        fixture.measurement.stepDidEnd(prefill: false)
        benchmark.stopMeasurement()
        fixture.runtime.opTimer = nil
    }
}
