import EdgeModel
import EdgeRuntime

/// Counts per op kind: reads a counter set at every op boundary of the runtime's timed steps
/// (`OpTimer.sampler`) and sums each op's counts under its kind (q/k/v under `qProj`, as the timer does).
public final class OpCounterSampler: OpSampler {
    /// Per-kind totals; phase names are `OpKind` raw values.
    public let phases: CounterPhases

    public init(set: CounterSet) {
        phases = CounterPhases(set: set, phases: OpKind.ordered.map(\.rawValue))
    }

    public func stepWillStart() { phases.begin() }

    public func opDidEnd(kind: Int) { phases.lap(kind) }

    /// Kinds that ran, with their totals (the fused q/k/v group as `qkvProj`, as in the op timing).
    public func report() -> [CounterPhaseReport] {
        zip(OpKind.ordered, phases.report()).compactMap { kind, phase in
            guard phase.occurrences > 0, let label = OpTimingReport.label(kind) else { return nil }
            var renamed = phase
            renamed.phase = label
            return renamed
        }
    }
}
