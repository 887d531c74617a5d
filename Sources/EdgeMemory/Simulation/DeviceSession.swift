import EdgeModel

/// An op-event observer that replays each event through a device's memory model and costs it.
///
/// Attach it to the schedule tracer or to the runtime: both emit the same events. Call `finishPhase` at the end
/// of the prefill and of the decode steps to read that phase's totals; the cache state carries over. With
/// `sites`, it also tallies each op kind of each executed layer (`takeSites`), for per-layer breakdowns.
public final class DeviceSession: OpObserver {
    public let costs: CostModel
    private let traffic: any TrafficModel
    /// The current phase's per-kind tallies, this session's alone: reached without an exclusivity check.
    private let phase: UnsafeMutablePointer<PhaseTally>
    /// Per-site tallies (slot: embedding, executed layers, output head), when asked for.
    private let recordsSites: Bool
    private var sites: [SiteKey: CostTally] = [:]
    private var siteOrder: [SiteKey] = []
    /// Events recorded in the current phase.
    public var eventsInPhase: Int { phase.pointee.events }

    /// - Parameter sites: also tally per executed layer and op kind (see `takeSites`).
    /// - Throws: `InputError` when the profile lacks figures for `precision` or its levels are invalid.
    public init(profile: DeviceProfile, precision: Precision, mode: SimulationMode,
                policy: ReplacementPolicy = .lru, seed: UInt64 = 0, sites: Bool = false) throws {
        costs = try CostModel(profile: profile, precision: precision)
        let levels = profile.caches.map(CacheLevelConfig.init)
        traffic = mode == .exact ? try ExactTraffic(levels: levels, policy: policy, seed: seed) : FastTraffic(levels: levels)
        phase = .allocate(capacity: 1)
        phase.initialize(to: PhaseTally(costs: costs))
        recordsSites = sites
    }

    deinit {
        phase.deinitialize(count: 1)
        phase.deallocate()
    }

    public func record(_ event: OpEvent) {
        let writeback = phase.pointee.record(event, traffic: traffic, costs: costs)
        if recordsSites {
            let key = SiteKey(layer: event.layer, block: event.block, kind: event.kind)
            if sites[key] == nil {
                sites[key] = costs.tally()
                siteOrder.append(key)
            }
            costs.add(kind: event.kind, flops: event.flops, tokens: event.tokens, served: phase.pointee.delta,
                      writeback: writeback, to: &sites[key]!)
        }
    }

    /// The totals since the last call, as a phase of `steps` forward steps over `tokens` tokens; starts a new phase.
    public func finishPhase(steps: Int, tokens: Int) -> StepReport {
        let perOp = zip(OpKind.ordered, phase.pointee.tallies).filter { $0.1.count > 0 }.map { costs.cost(of: $0, $1) }
        phase.pointee = PhaseTally(costs: costs)
        return StepReport(
            steps: steps, tokens: tokens, seconds: perOp.reduce(0) { $0 + $1.seconds },
            flops: perOp.reduce(0) { $0 + $1.flops },
            bytes: perOp.reduce(into: [:]) { $0.merge($1.bytes, uniquingKeysWith: +) },
            energy: perOp.reduce(EnergySplit()) { $0 + $1.energy }, perOp: perOp)
    }

    /// The per-site totals since the last call (empty unless the session records sites), in the order each site
    /// first ran; starts new tallies. Independent of `finishPhase`.
    public func takeSites() -> [SiteCost] {
        let taken = siteOrder.map { SiteCost(layer: $0.layer, block: $0.block, cost: costs.cost(of: $0.kind, sites[$0]!)) }
        sites = [:]
        siteOrder = []
        return taken
    }
}

/// A phase's running totals per op kind, and the traffic of the event recorded last.
struct PhaseTally {
    /// By `OpKind.index`.
    private(set) var tallies: [CostTally]
    /// Bytes served per level (then DRAM) by the event recorded last.
    private(set) var delta: [Int]
    /// Events recorded.
    private(set) var events = 0

    init(costs: CostModel) {
        tallies = Array(repeating: costs.tally(), count: OpKind.ordered.count)
        delta = Array(repeating: 0, count: costs.levelNames.count + 1)
    }

    /// Replays `event` through `traffic`, costs it into its kind's tally and returns the bytes it wrote back.
    mutating func record(_ event: OpEvent, traffic: any TrafficModel, costs: CostModel) -> Int {
        let writeback = traffic.replay(event, served: &delta)
        costs.add(kind: event.kind, flops: event.flops, tokens: event.tokens, served: delta, writeback: writeback,
                  to: &tallies[event.kind.index])
        events += 1
        return writeback
    }
}

/// Where an op ran: its executed layer and physical block (nil outside the blocks) and its kind.
struct SiteKey: Hashable {
    var layer: Int?
    var block: Int?
    var kind: OpKind
}

/// The cost of one op kind at one executed layer (or outside the blocks: embedding, output head).
public struct SiteCost: Codable, Sendable, Equatable {
    /// Executed layer and physical block, nil for the embedding and the output head.
    public var layer: Int?
    public var block: Int?
    public var cost: OpCost
}

extension SiteCost {
    /// Entries of the same layer, block and op kind summed (counts, FLOPs, bytes, times, energy), in the order
    /// each first appears.
    public static func merged(_ sites: [SiteCost]) -> [SiteCost] {
        var index: [SiteKey: Int] = [:]
        var out: [SiteCost] = []
        for site in sites {
            let key = SiteKey(layer: site.layer, block: site.block, kind: site.cost.kind)
            guard let i = index[key] else {
                index[key] = out.count
                out.append(site)
                continue
            }
            var c = out[i].cost
            c.count += site.cost.count
            c.flops += site.cost.flops
            c.bytes.merge(site.cost.bytes, uniquingKeysWith: +)
            c.computeSeconds += site.cost.computeSeconds
            c.memorySeconds += site.cost.memorySeconds
            c.seconds += site.cost.seconds
            c.energy = c.energy + site.cost.energy
            out[i].cost = c
        }
        return out
    }
}
