import EdgeModel

/// Exact, line-granular simulation of a multi-level set-associative cache hierarchy in front of DRAM.
///
/// Semantics (per line of the first level, in address order):
/// - Every level is write-back and write-allocate. A write is a demand access that marks the first-level line dirty.
/// - A miss at level k requests the level-k line from level k+1 (DRAM after the last level), then places it in
///   level k (not in an `exclusive` level), then handles the victim it displaced. This fetch-then-evict order is
///   pycachesim's.
/// - A victim from level k: an `inclusive` level first back-invalidates the line in every level above (a dirty copy
///   there makes the victim dirty). The victim then goes to level k+1 if that level is `exclusive` (clean or dirty);
///   otherwise a dirty victim is written back to level k+1 (or DRAM) and a clean one is dropped.
/// - A write-back that finds the line marks it dirty without changing recency and without counting a hit (as
///   pycachesim). One that misses places the line (`WritebackMissPolicy.allocate`) or counts a miss and fetches it
///   first (`.fetch`, pycachesim's write-allocate).
/// - An `exclusive` level is filled only by victims of the level above; a hit hands the line (and its dirty flag) up
///   and removes it. `nonInclusive` and `memorySide` levels fill on every miss and never back-invalidate.
///
/// Counters are cumulative; read `statistics` at op boundaries and subtract snapshots for per-op figures.
/// Not thread-safe: one hierarchy per simulated core.
public final class CacheHierarchy {
    /// The simulated levels, nearest first.
    public let levels: [CacheLevelConfig]
    public let policy: ReplacementPolicy
    public let writebackMiss: WritebackMissPolicy

    @usableFromInline let state: UnsafeMutablePointer<CacheLevelState>
    @usableFromInline let count: Int
    @usableFromInline let isLRU: Bool
    @usableFromInline var rng: UInt64
    /// The first-level line accessed last and its slot: a repeat access is a hit with no state change.
    @usableFromInline var lastLine = CacheLevelState.invalid
    @usableFromInline var lastSlot = 0
    @usableFromInline var accesses = 0
    @usableFromInline var lineAccesses = 0
    @usableFromInline var requestedBytes = 0
    @usableFromInline var dramReadBytes = 0
    @usableFromInline var dramWriteBytes = 0

    /// Builds an empty (all-invalid) hierarchy.
    /// - Parameters:
    ///   - seed: seeds the `random` policy's generator; the same seed gives the same run.
    ///   - file: names the origin of `levels` in validation errors.
    /// - Throws: `InputError` for a geometry the simulator cannot take (see `CacheLevelConfig.validate`).
    public init(levels: [CacheLevelConfig], policy: ReplacementPolicy = .lru, seed: UInt64 = 0,
                writebackMiss: WritebackMissPolicy = .allocate, file: String = "<hierarchy>") throws {
        try CacheLevelConfig.validate(levels, file: file)
        self.levels = levels
        self.policy = policy
        self.writebackMiss = writebackMiss
        self.isLRU = policy == .lru
        self.rng = seed
        count = levels.count
        state = .allocate(capacity: levels.count)
        for (i, level) in levels.enumerated() { (state + i).initialize(to: CacheLevelState(level)) }
    }

    /// The hierarchy of a (validated) device profile's cache levels.
    public convenience init(profile: DeviceProfile, policy: ReplacementPolicy = .lru, seed: UInt64 = 0,
                            writebackMiss: WritebackMissPolicy = .allocate) throws {
        try self.init(levels: profile.caches.map(CacheLevelConfig.init), policy: policy, seed: seed,
                      writebackMiss: writebackMiss, file: profile.id)
    }

    deinit {
        for i in 0..<count { state[i].deallocate() }
        state.deinitialize(count: count)
        state.deallocate()
    }

    /// Simulates a read or write of `bytes` bytes at `address`: one first-level access per line it touches.
    @inlinable
    public func access(address: UInt64, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        let shift = state.pointee.lineShift
        var line = address &>> shift
        let last = (address &+ UInt64(truncatingIfNeeded: bytes) &- 1) &>> shift
        accesses &+= 1
        requestedBytes &+= bytes
        lineAccesses &+= Int(truncatingIfNeeded: last &- line) &+ 1
        while true {
            accessLine(line, write: write)
            if line == last { return }
            line &+= 1
        }
    }

    /// Simulates a read or write of a range from an op event.
    @inlinable
    public func access(range: MemoryRange, write: Bool) {
        access(address: range.address, bytes: range.bytes, write: write)
    }

    /// Counters so far.
    public var statistics: HierarchyStatistics {
        HierarchyStatistics(
            levels: levels.indices.map { state[$0].statistics(name: levels[$0].name) },
            accesses: accesses, lineAccesses: lineAccesses, requestedBytes: requestedBytes,
            dramReadBytes: dramReadBytes, dramWriteBytes: dramWriteBytes)
    }

    /// Whether level `level` holds the line containing `address`, and whether that line is dirty.
    public func lookup(address: UInt64, level: Int) -> (present: Bool, dirty: Bool) {
        let s = state[level]
        let slot = s.find(address >> s.lineShift)
        return slot < 0 ? (false, false) : (true, s.dirty[slot] != 0)
    }

    // MARK: - First level (hot path)

    @inlinable @inline(__always)
    func accessLine(_ line: UInt64, write: Bool) {
        let l1 = state
        if line == lastLine {
            l1.pointee.hits &+= 1
            l1.pointee.bytesServed &+= l1.pointee.lineSize
            if write { l1.pointee.dirty[lastSlot] = 1 }
            return
        }
        let slot = l1.pointee.find(line)
        if slot >= 0 {
            l1.pointee.hits &+= 1
            l1.pointee.bytesServed &+= l1.pointee.lineSize
            touch(l1, slot: slot)
            if write { l1.pointee.dirty[slot] = 1 }
            lastLine = line
            lastSlot = slot
        } else {
            firstLevelMiss(line, write: write)
        }
    }

    @inlinable @inline(__always)
    func touch(_ level: UnsafeMutablePointer<CacheLevelState>, slot: Int) {
        let ways = level.pointee.ways
        if isLRU {
            let set = slot / ways
            level.pointee.lruTouch(set: set, way: slot &- set &* ways)
        } else if policy == .plru {
            let set = slot / ways
            level.pointee.plruTouch(set: set, way: slot &- set &* ways)
        }
    }

    @usableFromInline
    func firstLevelMiss(_ line: UInt64, write: Bool) {
        let l1 = state
        l1.pointee.misses += 1
        let dirtyFromBelow = load(level: 1, address: line << l1.pointee.lineShift, bytes: l1.pointee.lineSize)
        let slot = insert(level: 0, line: line, dirty: dirtyFromBelow || write)
        if l1.pointee.tags[slot] == line {
            lastLine = line
            lastSlot = slot
        } else {
            lastLine = CacheLevelState.invalid
        }
    }

    // MARK: - Lower levels

    /// A demand request for the line of `address` at `level`; returns whether the line handed up is dirty
    /// (only an exclusive level hands up dirty lines).
    func load(level k: Int, address: UInt64, bytes: Int) -> Bool {
        guard k < count else {
            dramReadBytes += bytes
            return false
        }
        let level = state + k
        let line = address >> level.pointee.lineShift
        let slot = level.pointee.find(line)
        if slot >= 0 {
            level.pointee.hits += 1
            level.pointee.bytesServed += bytes
            if level.pointee.inclusion == .exclusive {
                let dirty = level.pointee.dirty[slot] != 0
                invalidate(level: k, slot: slot)
                return dirty
            }
            touch(level, slot: slot)
            return false
        }
        level.pointee.misses += 1
        let dirty = load(level: k + 1, address: line << level.pointee.lineShift, bytes: level.pointee.lineSize)
        if level.pointee.inclusion == .exclusive { return dirty }
        insert(level: k, line: line, dirty: dirty)
        return false
    }

    /// Places `line` in `level` (choosing and handling a victim) and returns its slot.
    @discardableResult
    func insert(level k: Int, line: UInt64, dirty: Bool) -> Int {
        let level = state + k
        let set = Int(line & level.pointee.setMask)
        let way: Int
        switch policy {
        case .lru:
            way = level.pointee.lruVictim(set: set)
        case .plru:
            let free = level.pointee.invalidWay(set: set)
            way = free >= 0 ? free : level.pointee.plruVictim(set: set)
        case .random:
            let free = level.pointee.invalidWay(set: set)
            way = free >= 0 ? free : Int(nextRandom() % UInt64(level.pointee.ways))
        }
        let slot = set * level.pointee.ways + way
        let victim = level.pointee.tags[slot]
        let victimDirty = level.pointee.dirty[slot] != 0
        level.pointee.tags[slot] = line
        level.pointee.dirty[slot] = dirty ? 1 : 0
        touch(level, slot: slot)
        if victim != CacheLevelState.invalid {
            level.pointee.evictions += 1
            evicted(level: k, line: victim, dirty: victimDirty)
        }
        return slot
    }

    /// Sends a victim of `level` on: back-invalidation (inclusive), victim fill (exclusive below) or write-back.
    func evicted(level k: Int, line: UInt64, dirty: Bool) {
        let level = state + k
        let address = line << level.pointee.lineShift
        let size = level.pointee.lineSize
        var dirty = dirty
        if level.pointee.inclusion == .inclusive, backInvalidate(above: k, address: address, bytes: size) {
            dirty = true
        }
        if dirty {
            level.pointee.writebacks += 1
            level.pointee.bytesWrittenBack += size
        }
        if k + 1 < count, state[k + 1].inclusion == .exclusive {
            victimFill(level: k + 1, address: address, dirty: dirty)
        } else if dirty {
            writeBack(level: k + 1, address: address, bytes: size)
        }
    }

    /// Removes every copy of `[address, address + bytes)` above `level`; returns whether one was dirty.
    func backInvalidate(above k: Int, address: UInt64, bytes: Int) -> Bool {
        var dirty = false
        for j in 0..<k {
            let level = state + j
            var a = address
            while a < address + UInt64(bytes) {
                let slot = level.pointee.find(a >> level.pointee.lineShift)
                if slot >= 0 {
                    if level.pointee.dirty[slot] != 0 { dirty = true }
                    invalidate(level: j, slot: slot)
                }
                a += UInt64(level.pointee.lineSize)
            }
        }
        return dirty
    }

    /// Empties `slot` of `level` and makes its way the next to fill.
    func invalidate(level k: Int, slot: Int) {
        let level = state + k
        level.pointee.tags[slot] = CacheLevelState.invalid
        level.pointee.dirty[slot] = 0
        level.pointee.invalidations += 1
        if isLRU {
            let set = slot / level.pointee.ways
            level.pointee.lruDemote(set: set, way: slot - set * level.pointee.ways)
        }
        if k == 0, slot == lastSlot { lastLine = CacheLevelState.invalid }
    }

    /// An exclusive level takes a victim from the level above.
    func victimFill(level k: Int, address: UInt64, dirty: Bool) {
        let level = state + k
        let line = address >> level.pointee.lineShift
        let slot = level.pointee.find(line)
        if slot >= 0 {
            if dirty { level.pointee.dirty[slot] = 1 }
            touch(level, slot: slot)
        } else {
            insert(level: k, line: line, dirty: dirty)
        }
    }

    /// A dirty line arrives at `level` (DRAM after the last level).
    func writeBack(level k: Int, address: UInt64, bytes: Int) {
        guard k < count else {
            dramWriteBytes += bytes
            return
        }
        let level = state + k
        let line = address >> level.pointee.lineShift
        let slot = level.pointee.find(line)
        if slot >= 0 {
            level.pointee.dirty[slot] = 1
            return
        }
        if writebackMiss == .fetch, level.pointee.inclusion != .exclusive {
            level.pointee.misses += 1
            _ = load(level: k + 1, address: line << level.pointee.lineShift, bytes: level.pointee.lineSize)
        }
        insert(level: k, line: line, dirty: true)
    }

    /// SplitMix64.
    func nextRandom() -> UInt64 {
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
