import EdgeModel

/// Geometry and inclusion of one simulated cache level.
public struct CacheLevelConfig: Codable, Sendable, Equatable {
    public var name: String
    /// Number of sets (power of two).
    public var sets: Int
    /// Associativity, 1…`maxWays`.
    public var ways: Int
    /// Line size in bytes (power of two, non-decreasing towards memory).
    public var lineSize: Int
    public var inclusion: CacheInclusion
    /// Reuse distances (bytes) over which the share of a re-read block the level serves falls from all to none
    /// (`RetentionSpec`); fast mode only. Nil: the LRU share of the geometry.
    public var retention: ClosedRange<Int>?

    /// The largest associativity the exact simulator supports (its LRU order is packed in 4-bit fields).
    public static let maxWays = 16

    public init(name: String, sets: Int, ways: Int, lineSize: Int, inclusion: CacheInclusion = .nonInclusive) {
        self.name = name
        self.sets = sets
        self.ways = ways
        self.lineSize = lineSize
        self.inclusion = inclusion
    }

    /// The simulated geometry of a validated profile level.
    public init(_ spec: CacheLevelSpec) {
        self.init(name: spec.name, sets: Int(spec.sets.base), ways: Int(spec.ways.base),
                  lineSize: Int(spec.lineSize.base), inclusion: spec.inclusion)
        retention = spec.retention.map { Int($0.fullUpTo.base)...Int($0.noneFrom.base) }
    }

    /// Capacity in bytes.
    public var size: Int { sets * ways * lineSize }

    /// Lines per simulated level at most (2^24: 2 GiB of 128-byte lines), so a typo cannot exhaust memory.
    public static let maxLines = 1 << 24

    /// Checks a list of levels (nearest first) for the simulator: power-of-two sets and lines, 1…16 ways, at most
    /// `maxLines` lines, lines non-decreasing towards memory, memory-side levels last, no exclusive first level.
    /// - Throws: `InputError` with `file` and `<list>[i].field` (`levels[1].sets`; profiles pass `caches`).
    public static func validate(_ levels: [CacheLevelConfig], file: String, list: String = "levels") throws {
        guard !levels.isEmpty else { throw InputError(file: file, field: list, "no cache level") }
        var previousLine = 0
        var seenMemorySide = false
        for (i, level) in levels.enumerated() {
            let path = "\(list)[\(i)]"
            guard level.lineSize > 0, level.lineSize.nonzeroBitCount == 1 else {
                throw InputError(file: file, field: path + ".lineSize", "line size \(level.lineSize) B is not a power of two")
            }
            guard level.sets > 0, level.sets.nonzeroBitCount == 1 else {
                throw InputError(file: file, field: path + ".sets", "\(level.sets) sets is not a power of two")
            }
            guard (1...maxWays).contains(level.ways) else {
                throw InputError(file: file, field: path + ".ways", "\(level.ways) ways is outside 1…\(maxWays)")
            }
            guard level.sets <= maxLines / level.ways else {
                throw InputError(file: file, field: path + ".sets",
                                 "\(level.sets) sets × \(level.ways) ways exceeds the simulator's \(maxLines) lines per level")
            }
            guard level.lineSize >= previousLine else {
                throw InputError(file: file, field: path + ".lineSize",
                                 "line size \(level.lineSize) B is smaller than the level above (\(previousLine) B)")
            }
            if level.inclusion == .memorySide {
                seenMemorySide = true
            } else if seenMemorySide {
                throw InputError(file: file, field: path + ".inclusion",
                                 "a \(level.inclusion.rawValue) level cannot follow a memory-side level")
            }
            if i == 0, level.inclusion == .exclusive {
                throw InputError(file: file, field: path + ".inclusion",
                                 "the first level cannot be exclusive (it has no level above to take victims from)")
            }
            previousLine = level.lineSize
        }
    }
}

/// Which line a set gives up when a new line must be placed. Invalid ways are always filled first.
public enum ReplacementPolicy: String, Codable, Sendable, CaseIterable {
    /// True least-recently-used.
    case lru
    /// Tree pseudo-LRU (one bit per tree node; for a non-power-of-two way count the tree is cut to the real ways).
    case plru
    /// Uniformly random way from a seeded SplitMix64 generator (deterministic for a seed).
    case random
}

/// What a level does when a dirty line written back from the level above is not present.
public enum WritebackMissPolicy: String, Codable, Sendable, CaseIterable {
    /// Place the whole written-back line without reading memory (hardware behaviour; the default).
    case allocate
    /// Write-allocate: count a miss, fetch the line from below, then mark it dirty (pycachesim's behaviour).
    case fetch
}
