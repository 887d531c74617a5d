/// The simulator state of one level: flat struct-of-arrays storage owned by `CacheHierarchy`.
///
/// Slot `set * stride + way` holds a full line index in `tags` (`CacheLevelState.invalid` when empty) and a dirty
/// flag in `dirty`; `stride` is `ways` rounded up to 8 so one set is searched with whole 8-lane vector compares
/// (padding slots stay invalid). `order[set]` holds the replacement state: for LRU the ways in recency order packed in 4-bit
/// fields (field 0 = most recent); for tree-PLRU one bit per tree node (bit `n` for heap node `n`, n < 16) and, for
/// PLRU and random, a bitmap of the valid ways in bits 16…31.
@usableFromInline
struct CacheLevelState {
    @usableFromInline static let invalid = UInt64.max

    @usableFromInline let tags: UnsafeMutablePointer<UInt64>
    @usableFromInline let dirty: UnsafeMutablePointer<UInt8>
    @usableFromInline let order: UnsafeMutablePointer<UInt64>
    @usableFromInline let setMask: UInt64
    @usableFromInline let lineShift: UInt64
    @usableFromInline let ways: Int
    @usableFromInline let stride: Int
    @usableFromInline let lineSize: Int
    @usableFromInline let plruDepth: Int
    /// The 4-bit fields of `order` in use (LRU): `ways` × 4 low bits.
    @usableFromInline let orderMask: UInt64
    @usableFromInline let inclusion: CacheInclusion
    @usableFromInline let isExclusive: Bool
    /// Whether a clean victim needs handling (this level back-invalidates, or the next level takes victims).
    @usableFromInline let keepsCleanVictims: Bool

    @usableFromInline var hits = 0
    @usableFromInline var misses = 0
    @usableFromInline var evictions = 0
    @usableFromInline var writebacks = 0
    @usableFromInline var invalidations = 0

    init(_ config: CacheLevelConfig, nextIsExclusive: Bool, policy: ReplacementPolicy) {
        let stride = (config.ways + 7) & ~7
        let slots = config.sets * stride
        tags = .allocate(capacity: slots)
        tags.initialize(repeating: Self.invalid, count: slots)
        dirty = .allocate(capacity: slots)
        dirty.initialize(repeating: 0, count: slots)
        order = .allocate(capacity: config.sets)
        var identity: UInt64 = 0
        for way in 0..<config.ways { identity |= UInt64(way) << UInt64(4 * way) }
        order.initialize(repeating: policy == .lru ? identity : 0, count: config.sets)
        setMask = UInt64(config.sets - 1)
        lineShift = UInt64(config.lineSize.trailingZeroBitCount)
        ways = config.ways
        self.stride = stride
        lineSize = config.lineSize
        orderMask = config.ways == 16 ? .max : (UInt64(1) << UInt64(4 * config.ways)) - 1
        var depth = 0
        while (1 << depth) < config.ways { depth += 1 }
        plruDepth = depth
        inclusion = config.inclusion
        isExclusive = config.inclusion == .exclusive
        keepsCleanVictims = config.inclusion == .inclusive || nextIsExclusive
    }

    func deallocate() {
        tags.deallocate()
        dirty.deallocate()
        order.deallocate()
    }

    /// The set `line` maps to.
    @inlinable @inline(__always)
    func set(of line: UInt64) -> Int { Int(truncatingIfNeeded: line & setMask) }

    /// The way of `set` holding `line`, or -1 (8 ways per vector compare; a line is in at most one way).
    @inlinable @inline(__always)
    func find(_ line: UInt64, set: Int) -> Int {
        let row = UnsafeRawPointer(tags + set &* stride)
        let key = SIMD8<UInt64>(repeating: line)
        var offset = 0
        repeat {
            let equal = row.loadUnaligned(fromByteOffset: offset &* 8, as: SIMD8<UInt64>.self) .== key
            if any(equal) {
                let lanes = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7)
                let index = SIMD8<Int64>(repeating: 0).replacing(with: lanes, where: equal)
                return offset &+ Int(truncatingIfNeeded: index.wrappedSum())
            }
            offset &+= 8
        } while offset < stride
        return -1
    }

    /// The slot of `way` in `set`.
    @inlinable @inline(__always)
    func slot(set: Int, way: Int) -> Int { set &* stride &+ way }

    /// LRU: makes `way` of `set` the most recent.
    @inlinable @inline(__always)
    func lruTouch(set: Int, way: Int) {
        let perm = order[set]
        let x = perm ^ (0x1111_1111_1111_1111 &* UInt64(truncatingIfNeeded: way))
        let zeros = (x &- 0x1111_1111_1111_1111) & ~x & 0x8888_8888_8888_8888
        let shift = UInt64(zeros.trailingZeroBitCount) & ~3  // 4 × position of `way`
        let below = (UInt64(1) &<< shift) &- 1
        order[set] = (perm & ~((below &<< 4) | 0xF)) | ((perm & below) &<< 4) | UInt64(truncatingIfNeeded: way)
    }

    /// LRU: the least recent way of `set` (an invalid way when there is one: invalid ways sit at the end).
    @inlinable @inline(__always)
    func lruVictim(set: Int) -> Int {
        Int(truncatingIfNeeded: (order[set] &>> UInt64(4 * (ways &- 1))) & 0xF)
    }

    /// LRU: after replacing the least recent way `way` of `set`, makes it the most recent (a 4-bit rotation).
    @inlinable @inline(__always)
    func lruPromoteVictim(set: Int, way: Int) {
        order[set] = ((order[set] &<< 4) | UInt64(truncatingIfNeeded: way)) & orderMask
    }

    /// LRU: makes `way` of `set` the least recent (after invalidation).
    func lruDemote(set: Int, way: Int) {
        let perm = order[set]
        let x = perm ^ (0x1111_1111_1111_1111 &* UInt64(way))
        let zeros = (x &- 0x1111_1111_1111_1111) & ~x & 0x8888_8888_8888_8888
        let shift = UInt64(zeros.trailingZeroBitCount) & ~3
        let below = (UInt64(1) &<< shift) &- 1
        let last = UInt64(4 * (ways - 1))
        let upToLast = (UInt64(1) &<< last) &- 1
        order[set] = (perm & below) | ((perm &>> 4) & ~below & upToLast) | (UInt64(way) &<< last)
    }

    /// Tree-PLRU: points every node on the path to `way` away from it.
    @inlinable @inline(__always)
    func plruTouch(set: Int, way: Int) {
        var bits = order[set]
        var node = 1
        var level = plruDepth
        while level > 0 {
            level &-= 1
            let right = (way &>> level) & 1
            if right == 0 { bits |= UInt64(1) &<< UInt64(node) } else { bits &= ~(UInt64(1) &<< UInt64(node)) }
            node = node &* 2 &+ right
        }
        order[set] = bits
    }

    /// Tree-PLRU: follows the node bits from the root, never into ways beyond `ways`.
    @inlinable
    func plruVictim(set: Int) -> Int {
        let bits = order[set]
        var node = 1
        var way = 0
        var level = plruDepth
        while level > 0 {
            level &-= 1
            var right = Int(truncatingIfNeeded: (bits &>> UInt64(truncatingIfNeeded: node)) & 1)
            if right == 1, way &+ (1 &<< level) >= ways { right = 0 }
            way &+= right &<< level
            node = node &* 2 &+ right
        }
        return way
    }

    /// PLRU and random: the first invalid way of `set` from the valid-way bitmap, or -1.
    @inlinable @inline(__always)
    func invalidWay(set: Int) -> Int {
        let free = ~(order[set] &>> 16) & ((UInt64(1) &<< UInt64(truncatingIfNeeded: ways)) &- 1)
        return free == 0 ? -1 : free.trailingZeroBitCount
    }

    /// PLRU and random: records whether `way` of `set` holds a line.
    @inlinable @inline(__always)
    func setValid(set: Int, way: Int, _ valid: Bool) {
        let bit = UInt64(1) &<< UInt64(truncatingIfNeeded: 16 &+ way)
        order[set] = valid ? order[set] | bit : order[set] & ~bit
    }

    /// The counters as a public statistics value; `requestSize` is the line size of the level above (this
    /// level's own for the first level), the size of every request this level serves.
    func statistics(name: String, requestSize: Int) -> LevelStatistics {
        var s = LevelStatistics(name: name)
        s.hits = hits
        s.misses = misses
        s.evictions = evictions
        s.writebacks = writebacks
        s.invalidations = invalidations
        s.bytesServed = hits * requestSize
        s.bytesWrittenBack = writebacks * lineSize
        return s
    }
}
