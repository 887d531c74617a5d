import EdgeModel

/// How a memory model is run: line-exact simulation or the fast reuse-distance model.
public enum SimulationMode: String, Codable, Sendable, CaseIterable {
    case exact, fast
}

/// A memory model that serves byte ranges from cache levels or DRAM and counts the bytes at each.
public protocol TrafficModel: AnyObject {
    /// Replays `event`'s reads, then its writes. Writes into `served` the bytes each cache level (nearest first),
    /// then DRAM, served them (one entry per level, then DRAM; no new array) and returns the bytes written back to
    /// DRAM meanwhile.
    func replay(_ event: OpEvent, served: inout [Int]) -> Int
}

/// Exact mode: the line-granular set-associative hierarchy.
public final class ExactTraffic: TrafficModel {
    public let hierarchy: CacheHierarchy
    /// The hierarchy's cumulative counts before the event being replayed.
    private var before: [Int]

    public init(levels: [CacheLevelConfig], policy: ReplacementPolicy = .lru, seed: UInt64 = 0) throws {
        hierarchy = try CacheHierarchy(levels: levels, policy: policy, seed: seed)
        before = Array(repeating: 0, count: levels.count + 1)
    }

    public func replay(_ event: OpEvent, served: inout [Int]) -> Int {
        hierarchy.readServed(into: &before)
        let written = hierarchy.dramWriteBytes
        for range in event.reads { hierarchy.access(range: range, write: false) }
        for range in event.writes { hierarchy.access(range: range, write: true) }
        hierarchy.readServed(into: &served)
        for level in served.indices { served[level] -= before[level] }
        return hierarchy.dramWriteBytes - written
    }
}

/// Fast mode: the reuse-distance model of the same levels.
public final class FastTraffic: TrafficModel {
    /// The model's levels (`ReuseDistanceModel.levels`) and the line size ranges are rounded to.
    public let levels: [FastLevel]
    public let lineSize: Int
    /// The model's state, this object's alone: reached without a uniqueness or exclusivity check.
    private let storage: FastModelStorage

    /// Each level's capacity and set geometry; an exclusive level adds its size to the level above's capacity. A
    /// level with a measured retention holds all of a re-read up to its lower bound and none from its upper bound, in
    /// between a share falling linearly (`FastLevel`'s set-share ramp with those ends). Ranges are rounded to the
    /// largest line size (the DRAM transfer unit).
    public init(levels: [CacheLevelConfig]) {
        var fast: [FastLevel] = []
        for level in levels {
            let above = fast.last?.capacity ?? 0
            if let retention = level.retention {
                fast.append(FastLevel(capacity: retention.lowerBound, wayBytes: retention.upperBound - retention.lowerBound))
                continue
            }
            fast.append(FastLevel(capacity: level.inclusion == .exclusive ? above + level.size : level.size,
                                  wayBytes: level.sets * level.lineSize))
        }
        self.levels = fast
        lineSize = levels.map(\.lineSize).max() ?? 64
        storage = ReuseDistanceModel(levels: fast, missStream: levels.map { $0.inclusion == .memorySide },
                                     lineSize: lineSize).storage
    }

    public func replay(_ event: OpEvent, served: inout [Int]) -> Int {
        storage.state.pointee.replay(event, served: &served)
    }
}
