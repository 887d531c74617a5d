import EdgeMemory
import EdgeModel
import EdgeRuntime

/// Runs a model for real on this host with per-op timing (less the timer's own clock reads) and predicts the same
/// run from the runtime's own event stream on a host profile (a `DeviceSession` observing an untimed replay, as
/// `run --device` does).
///
/// Time is taken on the clock the host calibrations use (`ComputeCalibration.clock(threads:)`): with one thread the
/// thread's CPU time (CLOCK_THREAD_CPUTIME_ID), which leaves out the time other processes held the core; with more,
/// the wall clock, since a parallel op lasts until its slowest thread is done and the runtime's thread 0 — which
/// forks and joins every op — yields its core while it waits for a descheduled partner, so its CPU time undercounts
/// exactly the ops another process disturbed. Each phase sample (the prefill, and every decode step on its own) is
/// marked undisturbed when no thread of the process was taken off its core while it ran (`Preemptions`); the
/// figure per decode step is the fastest undisturbed sample of that step over the runs (the fastest of all when
/// every one was disturbed, which with more threads than free cores is an upper bound), and decode per token is
/// their mean. The report says how many samples were undisturbed.
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

    /// One timed phase sample: seconds on the measuring clock and on the wall clock, op time per kind, and whether
    /// a thread was preempted while it ran.
    struct Sample {
        var seconds: Double
        var wall: Double
        var kinds: [Double]
        var disturbed: Bool
    }

    /// One timed run: the prefill, and each decode step.
    struct Measured {
        var prefill: Sample
        var steps: [Sample]
    }

    /// Seconds one read of `clock` costs (best of 5 batches of 200): the timer's own cost, taken off each op it timed.
    static func clockReadSeconds(_ clock: OpClock) -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = OpClock.monotonic.now()
            for _ in 0..<200 { _ = clock.now() }
            best = min(best, Double(OpClock.monotonic.now() - start) / 200 / 1e9)
        }
        return best
    }

    /// The fastest undisturbed sample of `samples`, else the fastest of all.
    static func best(_ samples: [Sample]) -> Sample {
        let quiet = samples.filter { !$0.disturbed }
        return (quiet.isEmpty ? samples : quiet).min { $0.seconds < $1.seconds }!
    }

    /// Measures `runs` times after one warm-up run and predicts; `device` names the profile in the report.
    public func run(runs: Int, device: String) throws -> ValidationReport {
        let tokens = try greedyTokens()
        _ = try measure(tokens)
        var all: [Measured] = []
        for _ in 0..<max(runs, 1) { all.append(try measure(tokens)) }
        let prefillSample = Self.best(all.map(\.prefill))
        let stepSamples = tokens.indices.map { step in Self.best(all.map { $0.steps[step] }) }
        let steps = Double(decodeSteps)
        let decodeSeconds = stepSamples.reduce(0) { $0 + $1.seconds } / steps
        var decodeKinds = Array(repeating: 0.0, count: OpKind.ordered.count)
        for sample in stepSamples { for i in decodeKinds.indices { decodeKinds[i] += sample.kinds[i] } }
        let (prefill, decode) = try replay(on: profile, mode: mode, tokens: tokens)
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
        let stepWalls = tokens.indices.map { step in all.map { $0.steps[step].wall }.min()! }
        return ValidationReport(
            model: c.name, precision: c.precision.name, sharing: c.sharing.rawValue, repeats: c.repeats,
            executedLayers: c.executedLayers, threads: runtime.threads, promptTokens: prompt.count, decodeSteps: decodeSteps,
            device: device, mode: mode.rawValue, runs: max(runs, 1),
            clock: ComputeCalibration.clock(threads: runtime.threads) == .threadCPU ? "CPU time of the thread" : "wall clock",
            undisturbedSamples: [
                SampleCount(name: "prefill", undisturbed: all.filter { !$0.prefill.disturbed }.count, total: all.count),
                SampleCount(name: "decode steps", undisturbed: all.flatMap(\.steps).filter { !$0.disturbed }.count,
                            total: all.count * tokens.count)],
            phases: [Comparison(name: "prefill", predicted: prefill.seconds, measured: prefillSample.seconds),
                     Comparison(name: "decode per token", predicted: decode.seconds / steps, measured: decodeSeconds)],
            wallClock: [Comparison(name: "prefill", predicted: prefill.seconds, measured: all.map(\.prefill.wall).min()!),
                        Comparison(name: "decode per token", predicted: decode.seconds / steps,
                                   measured: stepWalls.reduce(0, +) / steps)],
            decodePerOpKind: byKind(decode, decodeKinds, per: steps),
            prefillPerOpKind: byKind(prefill, prefillSample.kinds, per: 1),
            predictedDRAMBytesPerDecodeToken: Double(decode.dramBytes) / steps,
            cacheMisses: "not compared: the host PMU counts no cache misses (see `edgeprof counters`)")
    }

    /// This configuration's decode time per token ÷ `baseline`'s (the same model with another sharing strategy), the
    /// host's own version of the paper's sharing measurement. Measured by alternating one run of each, `rounds` times
    /// after a warm-up run of each, in ABBA order (a drift of the host's speed weighs on both alike); a round's ratio
    /// is the two runs' mean decode step times divided, and the measured ratio is the median over the rounds with no
    /// disturbed sample (`Disturbance`; over all rounds when fewer than three are). Predicted: the two replays on this
    /// profile.
    public func decodeRatio(against baseline: Validation, rounds: Int) throws -> RatioComparison {
        let tokens = try greedyTokens(), baselineTokens = try baseline.greedyTokens()
        _ = try measure(tokens)
        _ = try baseline.measure(baselineTokens)
        var ratios: [(ratio: Double, disturbed: Bool)] = []
        for round in 0..<max(rounds, 1) {
            let (this, other): (Measured, Measured)
            if round % 2 == 0 {
                this = try measure(tokens)
                other = try baseline.measure(baselineTokens)
            } else {
                other = try baseline.measure(baselineTokens)
                this = try measure(tokens)
            }
            func decode(_ run: Measured) -> Double { run.steps.reduce(0) { $0 + $1.seconds } / Double(run.steps.count) }
            ratios.append((decode(this) / decode(other), (this.steps + other.steps).contains { $0.disturbed }))
        }
        let quiet = ratios.filter { !$0.disturbed }
        let counted = (quiet.count >= 3 ? quiet : ratios).map(\.ratio).sorted()
        let median = counted.count % 2 == 1 ? counted[counted.count / 2]
            : (counted[counted.count / 2 - 1] + counted[counted.count / 2]) / 2
        let predicted = try replay(on: profile, mode: mode, tokens: tokens).1.seconds
            / baseline.replay(on: profile, mode: mode, tokens: baselineTokens).1.seconds
        let c = baseline.runtime.config
        return RatioComparison(baseline: c.sharing == .none ? c.sharing.rawValue : "\(c.sharing.rawValue)×\(c.repeats)",
                               predicted: predicted, measured: median, rounds: ratios.map(\.ratio),
                               undisturbedRounds: quiet.count)
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
    func greedyTokens() throws -> [Int32] {
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

    /// One timed prefill and decode of `tokens`, each phase sample on the measuring clock and the wall clock.
    func measure(_ tokens: [Int32]) throws -> Measured {
        let clock = ComputeCalibration.clock(threads: runtime.threads), wall = OpClock.monotonic
        let timer = OpTimer(executedLayers: runtime.config.executedLayers, clock: clock)
        let read = Self.clockReadSeconds(clock)
        runtime.reset()
        runtime.opTimer = timer
        defer { runtime.opTimer = nil }
        func sample(_ body: () throws -> Void) rethrows -> Sample {
            timer.reset()
            let watch = Disturbance(pool: runtime.pool), start = (clock.now(), wall.now())
            try body()
            let end = (clock.now(), wall.now())
            let disturbed = watch.disturbed
            let reads = Double(timer.counts.reduce(0, +)) * read
            return Sample(seconds: Double(end.0 - start.0) / 1e9 - reads, wall: Double(end.1 - start.1) / 1e9 - reads,
                          kinds: zip(timer.nanoseconds, timer.counts).map { max(0, Double($0) / 1e9 - Double($1) * read) },
                          disturbed: disturbed)
        }
        let prefill = try sample { _ = try runtime.prefill(prompt) }
        let steps = try tokens.map { token in try sample { _ = try runtime.decode(token) } }
        return Measured(prefill: prefill, steps: steps)
    }
}
