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

    /// Kinds that ran, with their totals.
    public func report() -> [CounterPhaseReport] { phases.report().filter { $0.occurrences > 0 } }
}
