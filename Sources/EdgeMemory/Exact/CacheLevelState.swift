import EdgeKernels

/// The simulator state of one level: flat struct-of-arrays storage owned by `CacheHierarchy`.
///
/// Slot `set * stride + way` holds a full line index in `tags` (`CacheLevelState.invalid` when empty) and its
/// status (`empty`, `clean`, `modified`) in `status`; `stride` is `ways` rounded up to 8. A clean victim is
/// dropped on its status byte alone, without reading its tag.
///
/// Search: every level also keeps an 8-bit fingerprint per slot (the low byte of the tag, never 0; 0 marks empty and
/// padding slots) and compares a set's fingerprints 8 at a time in one 64-bit word, reading a full tag only for a
/// matching fingerprint (the full compare keeps it exact): a miss reads 8 or 16 bytes of the set, not its tags.
/// EdgeKernels' trace kernel (`ek_sim_lines`) reads and updates the same storage.
///
/// `order[set]` holds the replacement state: for LRU the ways in recency order packed in 4-bit fields (field 0 =
/// most recent); for tree-PLRU one bit per tree node (bit `n` for heap node `n`, n < 16) and, for PLRU and random,
/// a bitmap of the valid ways in bits 16…31.
@usableFromInline
struct CacheLevelState {
    @usableFromInline static let invalid = UInt64.max
    /// `status` values; `empty` ⇔ the tag is `invalid`.
    @usableFromInline static let empty: UInt8 = 0
    @usableFromInline static let clean: UInt8 = 1
    @usableFromInline static let modified: UInt8 = 2

    @usableFromInline let tags: UnsafeMutablePointer<UInt64>
    @usableFromInline let fingerprints: UnsafeMutablePointer<UInt8>
    @usableFromInline let status: UnsafeMutablePointer<UInt8>
    @usableFromInline let order: UnsafeMutablePointer<UInt64>
    /// Tree-PLRU: per way, the node bits its use sets (entries 0..<16) and the complement of those it clears (16..<32).
    @usableFromInline let plruMasks: UnsafeMutablePointer<UInt64>
    @usableFromInline let setMask: UInt64
    /// log2(sets): `line >> setShift` is the tag proper, whose low byte is the fingerprint.
    @usableFromInline let setShift: UInt64
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
        // 8 bytes past the last slot: the trace kernel reads 16 fingerprints at a time.
        fingerprints = .allocate(capacity: slots + 8)
        fingerprints.initialize(repeating: 0, count: slots + 8)
        status = .allocate(capacity: slots)
        status.initialize(repeating: Self.empty, count: slots)
        order = .allocate(capacity: config.sets)
        var identity: UInt64 = 0
        for way in 0..<config.ways { identity |= UInt64(way) << UInt64(4 * way) }
        order.initialize(repeating: policy == .lru ? identity : 0, count: config.sets)
        setMask = UInt64(config.sets - 1)
        setShift = UInt64(config.sets.trailingZeroBitCount)
        lineShift = UInt64(config.lineSize.trailingZeroBitCount)
        ways = config.ways
        self.stride = stride
        lineSize = config.lineSize
        orderMask = config.ways == 16 ? .max : (UInt64(1) << UInt64(4 * config.ways)) - 1
        var depth = 0
        while (1 << depth) < config.ways { depth += 1 }
        plruDepth = depth
        plruMasks = .allocate(capacity: 32)
        for way in 0..<16 {
            var set: UInt64 = 0
            var clear: UInt64 = 0
            var node = 1
            for level in Swift.stride(from: depth - 1, through: 0, by: -1) {
                let right = (way >> level) & 1
                if right == 0 { set |= 1 << UInt64(node) } else { clear |= 1 << UInt64(node) }
                node = node * 2 + right
            }
            (plruMasks + way).initialize(to: set)
            (plruMasks + 16 + way).initialize(to: ~clear)
        }
        inclusion = config.inclusion
        isExclusive = config.inclusion == .exclusive
        keepsCleanVictims = config.inclusion == .inclusive || nextIsExclusive
    }

    func deallocate() {
        tags.deallocate()
        fingerprints.deallocate()
        plruMasks.deallocate()
        status.deallocate()
        order.deallocate()
    }

    /// The set `line` maps to.
    @inlinable @inline(__always)
    func set(of line: UInt64) -> Int { Int(truncatingIfNeeded: line & setMask) }

    /// The fingerprint of `line`: the low byte of its tag, 1 for a 0 byte (0 marks empty and padding slots).
    @inlinable @inline(__always)
    func fingerprint(_ line: UInt64) -> UInt8 { ek_sim_fingerprint(line, UInt32(truncatingIfNeeded: setShift)) }

    /// Stores `line` and its fingerprint in `slot`.
    @inlinable @inline(__always)
    func place(_ line: UInt64, slot: Int) {
        tags[slot] = line
        fingerprints[slot] = fingerprint(line)
    }

    /// The way of `set` holding `line`, or -1 (a line is in at most one way): fingerprints 8 per 64-bit word, a zero
    /// byte of `word ^ key` is a match; the borrow trick flags every zero byte (and may flag a byte above one), and
    /// each flagged way is confirmed on its full tag.
    @inlinable @inline(__always)
    func find(_ line: UInt64, set: Int) -> Int {
        let base = set &* stride
        let row = UnsafeRawPointer(fingerprints + base)
        let key = UInt64(fingerprint(line)) &* 0x0101_0101_0101_0101
        var offset = 0
        repeat {
            let x = UInt64(littleEndian: row.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) ^ key
            var candidates = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            while candidates != 0 {
                let way = offset &+ candidates.trailingZeroBitCount &>> 3
                if tags[base &+ way] == line { return way }
                candidates &= candidates &- 1
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
        order[set] = (order[set] | plruMasks[way]) & plruMasks[16 &+ way]
    }

    /// Tree-PLRU: follows the node bits from the root, never into ways beyond `ways`.
    @inlinable @inline(__always)
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
