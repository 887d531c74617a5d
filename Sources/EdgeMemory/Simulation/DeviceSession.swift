import EdgeModel

/// An op-event observer that replays each event through a device's memory model and costs it.
///
/// Attach it to the schedule tracer or to the runtime: both emit the same events. Call `finishPhase` at the end
/// of the prefill and of the decode steps to read that phase's totals; the cache state carries over.
public final class DeviceSession: OpObserver {
    public let costs: CostModel
    private let traffic: any TrafficModel
    private var tallies: [CostTally]
    private var delta: [Int]
    /// Events recorded in the current phase.
    public private(set) var eventsInPhase = 0

    /// - Throws: `InputError` when the profile lacks figures for `precision` or its levels are invalid.
    public init(profile: DeviceProfile, precision: Precision, mode: SimulationMode,
                policy: ReplacementPolicy = .lru, seed: UInt64 = 0) throws {
        costs = try CostModel(profile: profile, precision: precision)
        let levels = profile.caches.map(CacheLevelConfig.init)
        traffic = mode == .exact ? try ExactTraffic(levels: levels, policy: policy, seed: seed) : FastTraffic(levels: levels)
        tallies = Array(repeating: costs.tally(), count: OpKind.ordered.count)
        delta = Array(repeating: 0, count: levels.count + 1)
    }

    public func record(_ event: OpEvent) {
        let before = traffic.served, writtenBefore = traffic.dramWriteBytes
        for range in event.reads { traffic.access(range, write: false) }
        for range in event.writes { traffic.access(range, write: true) }
        let after = traffic.served
        for level in delta.indices { delta[level] = after[level] - before[level] }
        let kind = event.kind.index
        costs.add(flops: event.flops, served: delta, writeback: traffic.dramWriteBytes - writtenBefore,
                  to: &tallies[kind])
        eventsInPhase += 1
    }

    /// The totals since the last call, as a phase of `steps` forward steps over `tokens` tokens; starts a new phase.
    public func finishPhase(steps: Int, tokens: Int) -> StepReport {
        let perOp = zip(OpKind.ordered, tallies).filter { $0.1.count > 0 }.map { costs.cost(of: $0, $1) }
        tallies = Array(repeating: costs.tally(), count: OpKind.ordered.count)
        eventsInPhase = 0
        return StepReport(
            steps: steps, tokens: tokens, seconds: perOp.reduce(0) { $0 + $1.seconds },
            flops: perOp.reduce(0) { $0 + $1.flops },
            bytes: perOp.reduce(into: [:]) { $0.merge($1.bytes, uniquingKeysWith: +) },
            energy: perOp.reduce(EnergySplit()) { $0 + $1.energy }, perOp: perOp)
    }
}
