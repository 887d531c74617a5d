/// Counters of one cache level. All counts are in lines of this level.
///
/// `hits + misses` = line requests that reached the level (demand requests from the level above, plus
/// write-back misses under `WritebackMissPolicy.fetch`). Write-backs arriving at a level are not hits or misses.
public struct LevelStatistics: Codable, Sendable, Equatable {
    public var name: String
    public var hits: Int = 0
    public var misses: Int = 0
    /// Valid lines removed to make room (clean or dirty).
    public var evictions: Int = 0
    /// Dirty lines this level wrote to the level below (or to DRAM from the last level).
    public var writebacks: Int = 0
    /// Lines removed without replacement: back-invalidated by an inclusive level below, or moved up out of an
    /// exclusive level on a hit.
    public var invalidations: Int = 0
    /// Bytes this level supplied on hits (the requesting level's line size per hit).
    public var bytesServed: Int = 0
    /// Bytes of the dirty lines this level wrote back.
    public var bytesWrittenBack: Int = 0

    public init(name: String) { self.name = name }

    /// Counter differences `self − earlier` (per-op figures from two snapshots).
    public func subtracting(_ earlier: LevelStatistics) -> LevelStatistics {
        var d = LevelStatistics(name: name)
        d.hits = hits - earlier.hits
        d.misses = misses - earlier.misses
        d.evictions = evictions - earlier.evictions
        d.writebacks = writebacks - earlier.writebacks
        d.invalidations = invalidations - earlier.invalidations
        d.bytesServed = bytesServed - earlier.bytesServed
        d.bytesWrittenBack = bytesWrittenBack - earlier.bytesWrittenBack
        return d
    }
}

/// A snapshot of a hierarchy's counters. Take one at each op boundary; the difference of two is the op's figures.
public struct HierarchyStatistics: Codable, Sendable, Equatable {
    /// Per level, nearest first.
    public var levels: [LevelStatistics]
    /// Calls to `access` (trace records).
    public var accesses: Int
    /// First-level line requests those calls made (a record spanning n lines counts n).
    public var lineAccesses: Int
    /// Bytes requested by the calls.
    public var requestedBytes: Int
    /// Bytes read from DRAM (misses of the last level, in its line size).
    public var dramReadBytes: Int
    /// Bytes written back to DRAM.
    public var dramWriteBytes: Int

    /// Counter differences `self − earlier`.
    public func subtracting(_ earlier: HierarchyStatistics) -> HierarchyStatistics {
        HierarchyStatistics(
            levels: zip(levels, earlier.levels).map { $0.subtracting($1) },
            accesses: accesses - earlier.accesses,
            lineAccesses: lineAccesses - earlier.lineAccesses,
            requestedBytes: requestedBytes - earlier.requestedBytes,
            dramReadBytes: dramReadBytes - earlier.dramReadBytes,
            dramWriteBytes: dramWriteBytes - earlier.dramWriteBytes)
    }
}
