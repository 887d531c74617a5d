import EdgeCounters
import EdgeModel
import EdgeRuntime

// What measuring costs, side by side in one process: a mobilellm-125m int8 decode (1 thread) alternately plain
// (A: no op timer, no counter session — the runtime reads no clock) and measured (B: a counter session around every
// decode step with the default events, plus the per-op timer), in ABBA order per round so drift hits both alike.
// Each block of steps is timed with the calling thread's CPU clock (the runtime's only thread), so other processes'
// time on the core does not count. Prints the median and quartiles of the per-round ratio B/A and the ratio of the
// totals; under 1.02 means measuring costs under 2 % of decode time. Then the same cost built up directly, free of
// the decode's own run-to-run noise: a counter session (begin + end, 10 000 of them) plus one clock read per op
// (100 000 reads) times the ops of a decode step, over the plain step. (No allocation when off or on:
// Benchmarks/CounterBenchmarks, mallocCountTotal.)
//
// Run: cd Benchmarks && swift run -c release CounterOverhead [rounds, default 60] [steps per block, default 8]

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let rounds = max(arguments.first ?? 60, 1)
let steps = max(arguments.dropFirst().first ?? 8, 1)
let config = Presets.named("mobilellm-125m")!.with(precision: .int8Blocked)
let prompt = ScheduleTracer.syntheticTokens(count: 16, start: 0, vocab: config.vocab)
let runtime = try ModelRuntime(source: RandomWeights(config: config, seed: 1),
                               options: RuntimeOptions(threads: 1, maxPositions: prompt.count + 4 * steps))
let counters = CounterAccess.counterSet(CounterAccess.open(environment: [:]), events: CounterEvent.defaults)
let measurement = RunMeasurement(counters: counters, opTiming: true)
print("counters: \(counters.countingCount) of \(CounterEvent.defaults.count) default events counting; "
      + "\(rounds) rounds × 2 × 2 blocks of \(steps) decode steps")

/// Thread CPU nanoseconds of `steps` decode steps, measured (`on`) or plain; starts from a fresh prefill (untimed).
@MainActor func block(measured on: Bool) throws -> UInt64 {
    runtime.opTimer = nil
    runtime.reset()
    _ = try runtime.prefill(prompt)
    if on { measurement.attach(to: runtime) }
    let start = OpClock.threadCPU.now()
    for _ in 0..<steps {
        if on { measurement.stepWillStart(prefill: false) }
        _ = try runtime.decode(7)
        if on { measurement.stepDidEnd(prefill: false) }
    }
    let elapsed = OpClock.threadCPU.now() - start
    runtime.opTimer = nil
    return elapsed
}

_ = try block(measured: false)
_ = try block(measured: true)
var ratios: [Double] = []
var plain: UInt64 = 0, measured: UInt64 = 0
for round in 0..<rounds {
    let order = round % 2 == 0 ? [false, true, true, false] : [true, false, false, true]
    var a: UInt64 = 0, b: UInt64 = 0
    for on in order {
        let t = try block(measured: on)
        if on { b += t } else { a += t }
    }
    plain += a
    measured += b
    ratios.append(Double(b) / Double(a))
}
ratios.sort()
@MainActor func quantile(_ q: Double) -> Double { ratios[min(ratios.count - 1, Int(q * Double(ratios.count - 1) + 0.5))] }
let perStep = Double(plain) / Double(rounds * 2 * steps) / 1e6
print(String(format: "plain %.2f ms/step; B/A per round: median %.4f (quartiles %.4f … %.4f); totals %.4f",
             perStep, quantile(0.5), quantile(0.25), quantile(0.75), Double(measured) / Double(plain)))
let median = quantile(0.5)
print(String(format: "measuring costs %+.2f%% of decode time (median): %@ 2%%", (median - 1) * 100,
             median < 1.02 ? "under" : "NOT under"))

// The direct build-up: what one decode step's measurement does, timed without the decode around it.
let sessions = 10_000, reads = 100_000
var start = OpClock.threadCPU.now()
for _ in 0..<sessions {
    measurement.stepWillStart(prefill: false)
    measurement.stepDidEnd(prefill: false)
}
let sessionNanoseconds = Double(OpClock.threadCPU.now() - start) / Double(sessions)
start = OpClock.threadCPU.now()
for _ in 0..<reads { _ = OpClock.monotonic.now() }  // a call into clock_gettime: not optimized away
let readNanoseconds = Double(OpClock.threadCPU.now() - start) / Double(reads)
let timer = OpTimer(executedLayers: config.executedLayers)
runtime.reset()
_ = try runtime.prefill(prompt)
runtime.opTimer = timer
_ = try runtime.decode(7)
runtime.opTimer = nil
let ops = timer.counts.reduce(0, +)
let direct = sessionNanoseconds + Double(ops) * readNanoseconds
print(String(format: "direct: counter session %.2f us + %d ops × clock read %.0f ns = %.1f us per step = %.3f%% of the plain step",
             sessionNanoseconds / 1e3, ops, readNanoseconds, direct / 1e3, direct / (perStep * 1e6) * 100))
