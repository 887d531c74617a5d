import Benchmark
import EdgeMemory
import EdgeModel
import Foundation

/// Fast mode: tracing and costing one decode token of mobilellm-1.5b on the iPhone 13 hierarchy (goal < 0.5 ms).
/// The token allocates once and costs the same at any sample (no growth, no page faults); its p50 still moves with
/// the host: in phases of tens of milliseconds this throughput-bound loop runs about 1.5× slower on either vCPU,
/// while a latency-bound ALU chain timed beside it does not (another hardware thread on the physical core).
func fastModeBenchmarks() {
    let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("DeviceProfiles").path
    Benchmark("FastModeDecodeToken_mobilellm-1.5b",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds,
                                   thresholds: [.wallClock: .init(relative: [.p50: 25.0, .p90: 35.0])])) { benchmark in
        let profile = try ProfileLocator(explicitDirectory: profiles).load("iphone13")
        let config = Presets.named("mobilellm-1.5b")!
        let session = try DeviceSession(profile: profile, precision: config.precision, mode: .fast)
        let tracer = ScheduleTracer(config: config, maxTokens: 64, kvCapacity: config.context)
        tracer.trace(.prefill(tokens: 64), to: session)
        // The first decode step plans its events; the measured ones move them to their position, as
        // `Simulation` does from its second decode step on.
        var events: [OpEvent] = []
        tracer.traceDecode(position: 64, events: &events, to: session)
        var position = 65
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tracer.traceDecode(position: position, events: &events, to: session)
            position = position + 1 < config.context ? position + 1 : 64
        }
        benchmark.stopMeasurement()
        blackHole(session.finishPhase(steps: 1, tokens: 1))
    }
}
