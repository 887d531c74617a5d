import EdgeModel
import EdgeRuntime

/// The phases of a run that counters bracket.
public enum RunPhase: Int, CaseIterable, Sendable {
    case load, initialize, prefill, decode

    /// The name in reports.
    public var name: String {
        switch self {
        case .load: "load"
        case .initialize: "init"
        case .prefill: "prefill"
        case .decode: "decode"
        }
    }
}

/// Counter sessions around the phases of a run (load, init, prefill, each decode step) and, on request, the
/// runtime's per-op timing and per-op counters. Per step it only reads counters and clocks into storage
/// allocated up front.
public final class RunMeasurement: StepObserver {
    public let counters: CounterSet
    private let phases: CounterPhases
    private let opTiming: Bool
    private let layerTiming: Bool
    private let perOpCounters: Bool
    private var timer: OpTimer?
    private var sampler: OpCounterSampler?
    private var prefillTiming: OpTimingReport?
    private var prefillOpCounters: [CounterPhaseReport]?
    private var decodeSteps = 0

    /// - Parameters:
    ///   - opTiming: time every op by kind (and by executed layer with `layerTiming`).
    ///   - perOpCounters: also read the counters at every op boundary, summed per kind.
    public init(counters: CounterSet, opTiming: Bool, layerTiming: Bool = false, perOpCounters: Bool = false) {
        self.counters = counters
        phases = CounterPhases(set: counters, phases: RunPhase.allCases.map(\.name))
        self.opTiming = opTiming || layerTiming || perOpCounters
        self.layerTiming = layerTiming
        self.perOpCounters = perOpCounters && counters.countingCount > 0
    }

    /// Starts an occurrence of a phase (load, init).
    public func begin() { phases.begin() }

    /// Ends the occurrence begun last as `phase`.
    public func end(_ phase: RunPhase) { phases.end(phase.rawValue) }

    /// Installs the op timer (and per-op counters) on `runtime`, if asked for.
    public func attach(to runtime: ModelRuntime) {
        guard opTiming else { return }
        let timer = OpTimer(executedLayers: runtime.config.executedLayers)
        if perOpCounters {
            let sampler = OpCounterSampler(set: counters)
            timer.sampler = sampler
            self.sampler = sampler
        }
        runtime.opTimer = timer
        self.timer = timer
    }

    public func stepWillStart(prefill: Bool) { phases.begin() }

    public func stepDidEnd(prefill: Bool) {
        phases.end(prefill ? RunPhase.prefill.rawValue : RunPhase.decode.rawValue)
        if prefill {
            if let timer {
                prefillTiming = OpTimingReport(timer: timer, steps: 1, layers: layerTiming)
                timer.reset()
            }
            if let sampler {
                prefillOpCounters = sampler.report()
                sampler.phases.reset()
            }
        } else {
            decodeSteps += 1
        }
    }

    /// The counters per phase, and per op kind over the decode steps when asked for.
    public func counterReport() -> CounterRunReport {
        CounterRunReport(library: counters.library, scope: "calling thread (the runtime's thread 0)",
                         multiplexed: counters.multiplexed, phases: phases.report(),
                         perOpKind: sampler?.report())
    }

    /// Measured op time per kind in the prefill and over the decode steps, nil without op timing.
    public func timingReport() -> RunOpTiming? {
        guard let timer else { return nil }
        return RunOpTiming(prefill: prefillTiming,
                           decode: decodeSteps > 0 ? OpTimingReport(timer: timer, steps: decodeSteps, layers: layerTiming) : nil)
    }
}

/// Measured op times of a run: the prefill step and the decode steps.
public struct RunOpTiming: Equatable, Sendable, Encodable {
    public var prefill: OpTimingReport?
    public var decode: OpTimingReport?
}
