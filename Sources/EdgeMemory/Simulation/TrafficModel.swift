import EdgeModel

/// How a memory model is run: line-exact simulation or the fast reuse-distance model.
public enum SimulationMode: String, Codable, Sendable, CaseIterable {
    case exact, fast
}

/// A memory model that serves byte ranges from cache levels or DRAM and counts the bytes at each.
/// (A class, so reading its counters through the existential copies nothing.)
public protocol TrafficModel: AnyObject {
    /// Bytes written back to DRAM; cumulative.
    var dramWriteBytes: Int { get }
    func access(_ range: MemoryRange, write: Bool)
    /// Writes the bytes served by each cache level, nearest first, then the bytes read from DRAM (cumulative) into
    /// `counts` (one entry per level, then DRAM), without building a new array.
    func readServed(into counts: inout [Int])
}

/// Exact mode: the line-granular set-associative hierarchy.
public final class ExactTraffic: TrafficModel {
    public let hierarchy: CacheHierarchy

    public init(levels: [CacheLevelConfig], policy: ReplacementPolicy = .lru, seed: UInt64 = 0) throws {
        hierarchy = try CacheHierarchy(levels: levels, policy: policy, seed: seed)
    }

    public var dramWriteBytes: Int { hierarchy.dramWriteBytes }

    public func access(_ range: MemoryRange, write: Bool) { hierarchy.access(range: range, write: write) }

    public func readServed(into counts: inout [Int]) { hierarchy.readServed(into: &counts) }
}

/// Fast mode: the reuse-distance model of the same levels.
public final class FastTraffic: TrafficModel {
    public private(set) var model: ReuseDistanceModel

    /// Each level's capacity and set geometry; an exclusive level adds its size to the level above's capacity.
    /// Ranges are rounded to the largest line size (the DRAM transfer unit).
    public init(levels: [CacheLevelConfig]) {
        var fast: [FastLevel] = []
        for level in levels {
            let above = fast.last?.capacity ?? 0
            fast.append(FastLevel(capacity: level.inclusion == .exclusive ? above + level.size : level.size,
                                  wayBytes: level.sets * level.lineSize))
        }
        model = ReuseDistanceModel(levels: fast, missStream: levels.map { $0.inclusion == .memorySide },
                                   lineSize: levels.map(\.lineSize).max() ?? 64)
    }

    public var dramWriteBytes: Int { model.writebackBytes }

    public func access(_ range: MemoryRange, write: Bool) {
        model.access(address: range.address, bytes: range.bytes, write: write)
    }

    public func readServed(into counts: inout [Int]) {
        for level in counts.indices { counts[level] = model.served[level] }
    }
}
