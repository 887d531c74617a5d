import EdgeMemory
import EdgeModel
import EdgeRuntime

/// Runs a model for real on this host with per-op timing (less the timer's own clock reads) and predicts the same
/// run from the runtime's own event stream on a host profile (a `DeviceSession` observing an untimed replay, as
/// `run --device` does).
///
/// Time is the CPU time of the runtime's thread 0 (CLOCK_THREAD_CPUTIME_ID), per op and per phase: that thread forks
/// and joins every op and spins at each join until the last chunk is done, so with any thread count its CPU time
/// is the ops' duration whenever it held its core — what a device model predicts — while on a shared,
/// oversubscribed host the wall clock (reported beside it) also counts the time other processes held the core. (The
/// process CPU clock ÷ threads would be the same on a quiet machine, but it adds another thread's time only at
/// that thread's scheduler ticks, so it cannot time an op.)
public struct Validation {
    public let runtime: ModelRuntime
    public let profile: DeviceProfile
    public let mode: SimulationMode
    public let prompt: [Int32]
    public let decodeSteps: Int

    public init(runtime: ModelRuntime, profile: DeviceProfile, mode: SimulationMode, prompt: [Int32], decodeSteps: Int) {
        self.runtime = runtime
        self.profile = profile
        self.mode = mode
        self.prompt = prompt
        self.decodeSteps = decodeSteps
    }

    /// One timed run: prefill and decode seconds per token, and op time per kind in each.
    struct Measured {
        /// Thread 0's CPU time, and wall time.
        var prefill: Double
        var decodePerToken: Double
        var prefillWall: Double
        var decodePerTokenWall: Double
        var prefillKinds: [Double]
        var decodeKinds: [Double]
    }

    /// Seconds one CPU-clock read costs (best of 5 batches of 200): the timer's own cost, taken off each op it timed.
    static func clockReadSeconds() -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = OpClock.monotonic.now()
            for _ in 0..<200 { _ = OpClock.threadCPU.now() }
            best = min(best, Double(OpClock.monotonic.now() - start) / 200 / 1e9)
        }
        return best
    }

    /// Measures `runs` times after one warm-up run (the fastest run per phase counts: the least disturbed on a
    /// shared machine) and predicts; `device` names the profile in the report.
    public func run(runs: Int, device: String) throws -> ValidationReport {
        let tokens = try greedyTokens()
        _ = try measure(tokens)
        var all: [Measured] = []
        for _ in 0..<max(runs, 1) { all.append(try measure(tokens)) }
        let fastestPrefill = all.min { $0.prefill < $1.prefill }!
        let fastestDecode = all.min { $0.decodePerToken < $1.decodePerToken }!
        let (prefill, decode) = try replay(on: profile, mode: mode, tokens: tokens)
        let steps = Double(decodeSteps)
        func byKind(_ report: StepReport, _ times: [Double], per: Double) -> [Comparison] {
            var predicted = Array(repeating: 0.0, count: OpKind.ordered.count)
            for cost in report.perOp {
                let kind = cost.kind == .kProj || cost.kind == .vProj ? OpKind.qProj : cost.kind
                predicted[kind.index] += cost.seconds
            }
            return OpKind.ordered.compactMap { kind in
                guard let label = OpTimingReport.label(kind), predicted[kind.index] > 0 || times[kind.index] > 0 else { return nil }
                return Comparison(name: label, predicted: predicted[kind.index] / per, measured: times[kind.index] / per)
            }
        }
        let c = runtime.config
        return ValidationReport(
            model: c.name, precision: c.precision.name, sharing: c.sharing.rawValue, repeats: c.repeats,
            executedLayers: c.executedLayers, threads: runtime.threads, promptTokens: prompt.count, decodeSteps: decodeSteps,
            device: device, mode: mode.rawValue, runs: max(runs, 1),
            phases: [Comparison(name: "prefill", predicted: prefill.seconds, measured: fastestPrefill.prefill),
                     Comparison(name: "decode per token", predicted: decode.seconds / steps,
                                measured: fastestDecode.decodePerToken)],
            wallClock: [Comparison(name: "prefill", predicted: prefill.seconds,
                                   measured: all.map(\.prefillWall).min()!),
                        Comparison(name: "decode per token", predicted: decode.seconds / steps,
                                   measured: all.map(\.decodePerTokenWall).min()!)],
            decodePerOpKind: byKind(decode, fastestDecode.decodeKinds, per: steps),
            prefillPerOpKind: byKind(prefill, fastestPrefill.prefillKinds, per: 1),
            predictedDRAMBytesPerDecodeToken: Double(decode.dramBytes) / steps,
            cacheMisses: "not compared: the host PMU counts no cache misses (see `edgeprof counters`)")
    }

    /// The prefill and decode of the runtime's own events on `profile` with memory model `mode` (an untimed run).
    func replay(on profile: DeviceProfile, mode: SimulationMode, tokens: [Int32]) throws -> (StepReport, StepReport) {
        let session = try DeviceSession(profile: profile, precision: runtime.config.precision, mode: mode)
        runtime.reset()
        runtime.observer = session
        defer { runtime.observer = nil }
        try runtime.prefill(prompt)
        let prefill = session.finishPhase(steps: 1, tokens: prompt.count)
        for token in tokens { try runtime.decode(token) }
        return (prefill, session.finishPhase(steps: tokens.count, tokens: tokens.count))
    }

    /// The decode steps of the greedy continuation replayed on `profile` (see `replay`).
    func replayDecode(on profile: DeviceProfile, mode: SimulationMode) throws -> StepReport {
        try replay(on: profile, mode: mode, tokens: try greedyTokens()).1
    }

    /// The decode inputs: the greedy continuation of the prompt (`decodeSteps` tokens), so every run is the same.
    private func greedyTokens() throws -> [Int32] {
        runtime.reset()
        var tokens: [Int32] = []
        var logits = try runtime.prefill(prompt)
        for _ in 0..<decodeSteps {
            let next = Int32(logits.indices.max { logits[$0] < logits[$1] } ?? 0)
            tokens.append(next)
            logits = try runtime.decode(next)
        }
        return tokens
    }

    /// One timed prefill + decode of `tokens` with the op timer attached: thread 0's CPU seconds, and wall seconds.
    private func measure(_ tokens: [Int32]) throws -> Measured {
        let timer = OpTimer(executedLayers: runtime.config.executedLayers, clock: .threadCPU)
        let read = Self.clockReadSeconds()
        func net(_ timer: OpTimer) -> [Double] {
            zip(timer.nanoseconds, timer.counts).map { max(0, Double($0) / 1e9 - Double($1) * read) }
        }
        runtime.reset()
        runtime.opTimer = timer
        defer { runtime.opTimer = nil }
        let cpu = OpClock.threadCPU, wall = OpClock.monotonic
        let start = (cpu.now(), wall.now())
        try runtime.prefill(prompt)
        let prefill = (Double(cpu.now() - start.0) / 1e9, Double(wall.now() - start.1) / 1e9)
        let prefillKinds = net(timer)
        let prefillOps = Double(timer.counts.reduce(0, +))
        timer.reset()
        let decodeStart = (cpu.now(), wall.now())
        for token in tokens { try runtime.decode(token) }
        let decode = (Double(cpu.now() - decodeStart.0) / 1e9, Double(wall.now() - decodeStart.1) / 1e9)
        let steps = Double(max(tokens.count, 1)), decodeOps = Double(timer.counts.reduce(0, +))
        return Measured(prefill: prefill.0 - prefillOps * read, decodePerToken: (decode.0 - decodeOps * read) / steps,
                        prefillWall: prefill.1 - prefillOps * read, decodePerTokenWall: (decode.1 - decodeOps * read) / steps,
                        prefillKinds: prefillKinds, decodeKinds: net(timer))
    }
}
