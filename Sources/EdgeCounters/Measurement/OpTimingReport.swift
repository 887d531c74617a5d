import EdgeModel
import EdgeRuntime

/// Measured time per op kind over a phase (the runtime's `OpTimer`). q/k/v are one fused op, reported as `qkvProj`.
public struct OpTimingReport: Equatable, Sendable, Encodable {
    /// Steps the totals cover (1 for the prefill, one per decode step).
    public var steps: Int
    public var perKind: [KindTime]
    /// Milliseconds per executed layer summed over the steps (with `--op-timing layers`), nil otherwise.
    public var perLayerMilliseconds: [Double]?

    /// One op kind: ops timed and their total milliseconds.
    public struct KindTime: Equatable, Sendable, Encodable {
        public var kind: String
        public var ops: Int
        public var milliseconds: Double
    }

    /// The label of `kind` in measured tables: the fused q/k/v group is `qkvProj`.
    public static func label(_ kind: OpKind) -> String? {
        switch kind {
        case .qProj: "qkvProj"
        case .kProj, .vProj: nil
        default: kind.rawValue
        }
    }

    /// The timer's totals as a report over `steps` steps.
    public init(timer: OpTimer, steps: Int, layers: Bool) {
        self.steps = steps
        perKind = OpKind.ordered.compactMap { kind in
            guard let label = Self.label(kind), timer.counts[kind.index] > 0 else { return nil }
            return KindTime(kind: label, ops: timer.counts[kind.index],
                            milliseconds: Double(timer.nanoseconds[kind.index]) / 1e6)
        }
        perLayerMilliseconds = layers ? timer.layerNanoseconds.map { Double($0) / 1e6 } : nil
    }

    /// Total milliseconds over the kinds.
    public var milliseconds: Double { perKind.reduce(0) { $0 + $1.milliseconds } }
}
