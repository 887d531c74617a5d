import EdgeKernels
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
/// Not thread-safe: one hierarchy per simulated core. Long sequential reads take exact shortcuts, for the whole
/// hierarchy (LRU and tree-PLRU) or for the first level alone (LRU; `CacheHierarchy+Streaming.swift`).
///
/// Against pycachesim 0.3.1 (LRU levels chained by `load_from`/`store_to`, write-back, write-allocate), with
/// `WritebackMissPolicy.fetch` and nonInclusive levels, hits, misses, write-backs (its `EVICT_count`), evictions
/// and resident lines agree exactly (CacheSimDifferentialTests). Differences: pycachesim's store hit neither counts
/// nor refreshes recency, so a trace write maps onto pycachesim as load + store; its `EVICT_count` counts dirty
/// victims only (our `writebacks`), `evictions` counts every replaced valid line; its `victims_to` victim cache keeps
/// a line after a victim hit (our `exclusive` moves it up) and it has no back-invalidating inclusive level; it allows
/// any set count (modulo), we require powers of two; its byte counters use min(line, request) per line, ours count
/// whole line transfers.
public final class CacheHierarchy {
    /// The simulated levels, nearest first.
    public let levels: [CacheLevelConfig]
    public let policy: ReplacementPolicy
    public let writebackMiss: WritebackMissPolicy

    // All mutable state sits behind unsafe pointers: no class-property exclusivity checks on the hot path.
    @usableFromInline let state: UnsafeMutablePointer<CacheLevelState>
    @usableFromInline let run: UnsafeMutablePointer<RunState>
    @usableFromInline let count: Int
    @usableFromInline let isLRU: Bool
    @usableFromInline let isPLRU: Bool
    /// The levels and settings as the trace kernel takes them (`CacheHierarchy+Trace.swift`).
    let sim: UnsafeMutablePointer<ek_sim>
    /// Whether the trace kernel simulates first-level misses (every level non-inclusive or memory-side).
    let kernelSimulatesMisses: Bool
    /// Lines a read range needs for the streaming shortcut (`CacheHierarchy+Streaming.swift`); 0 = never.
    @usableFromInline let streamThreshold: Int
    /// Lines a read range needs for the first-level shortcut (`CacheHierarchy+Streaming.swift`); 0 = never.
    @usableFromInline let firstLevelStreamThreshold: Int
    /// Σ capacities in lines, the warm-up length of the streaming shortcut.
    let totalCapacityLines: Int
    /// The largest level capacity in lines: the longest first-level miss run before the streaming state is checked.
    let largestCapacityLines: Int
    /// The shortest first-level miss run before the streaming state is checked (`CacheHierarchy+Streaming.swift`).
    let missRunBase: Int

    /// Hierarchy-wide counters and the first-level repeat shortcut.
    @usableFromInline
    struct RunState {
        /// The first-level line accessed last and its slot: a repeat access is a hit with no state change.
        @usableFromInline var lastLine = CacheLevelState.invalid
        @usableFromInline var lastSlot = 0
        @usableFromInline var accesses = 0
        @usableFromInline var requestedBytes = 0
        @usableFromInline var dramReadBytes = 0
        @usableFromInline var dramWriteBytes = 0
        @usableFromInline var rng: UInt64
        /// Lines counted by the streaming shortcut instead of being simulated one by one.
        @usableFromInline var streamedLines = 0
        /// The line at which the hierarchy is known to be streaming (see `CacheHierarchy+Streaming.swift`).
        @usableFromInline var streamNext = CacheLevelState.invalid
        /// While streaming, the line up to which the levels are up to date (`settle` applies the rest).
        @usableFromInline var streamSettled = CacheLevelState.invalid
        /// Consecutive first-level read misses: the next expected line and the run length.
        @usableFromInline var missRunNext = CacheLevelState.invalid
        @usableFromInline var missRunLength = 0
        /// The miss run after which the streaming state is checked next (`missRunBase`, doubled per failed check).
        @usableFromInline var missRunCheck: Int
        /// Set when a miss run is long enough to check for the streaming state after the current call.
        @usableFromInline var checkStreaming = false
    }

    /// Builds an empty (all-invalid) hierarchy.
    /// - Parameters:
    ///   - seed: seeds the `random` policy's generator; the same seed gives the same run.
    ///   - file: names the origin of `levels` in validation errors.
    /// - Throws: `InputError` for a geometry the simulator cannot take (see `CacheLevelConfig.validate`).
    public convenience init(levels: [CacheLevelConfig], policy: ReplacementPolicy = .lru, seed: UInt64 = 0,
                            writebackMiss: WritebackMissPolicy = .allocate, file: String = "<hierarchy>") throws {
        try self.init(levels: levels, policy: policy, seed: seed, writebackMiss: writebackMiss, file: file, streaming: true)
    }

    /// `streaming: false` turns the streaming shortcut off (the reference in its tests).
    init(levels: [CacheLevelConfig], policy: ReplacementPolicy, seed: UInt64, writebackMiss: WritebackMissPolicy,
         file: String, streaming: Bool) throws {
        try CacheLevelConfig.validate(levels, file: file)
        self.levels = levels
        self.policy = policy
        self.writebackMiss = writebackMiss
        isLRU = policy == .lru
        isPLRU = policy == .plru
        count = levels.count
        state = .allocate(capacity: levels.count)
        for (i, level) in levels.enumerated() {
            let nextIsExclusive = i + 1 < levels.count && levels[i + 1].inclusion == .exclusive
            (state + i).initialize(to: CacheLevelState(level, nextIsExclusive: nextIsExclusive, policy: policy))
        }
        totalCapacityLines = levels.reduce(0) { $0 + $1.sets * $1.ways }
        largestCapacityLines = levels.map { $0.sets * $0.ways }.max() ?? 0
        missRunBase = min(largestCapacityLines, 4096)
        let streamable = policy != .random && levels.allSatisfy {
            $0.lineSize == levels[0].lineSize && ($0.inclusion == .nonInclusive || $0.inclusion == .memorySide)
        }
        streamThreshold = streamable && streaming ? 4 * totalCapacityLines : 0
        let firstLevelStreamable = policy == .lru && levels.allSatisfy {
            $0.inclusion == .nonInclusive || $0.inclusion == .memorySide
        }
        firstLevelStreamThreshold = firstLevelStreamable && streaming ? 4 * levels[0].sets * levels[0].ways : 0
        run = .allocate(capacity: 1)
        run.initialize(to: RunState(rng: seed, missRunCheck: missRunBase))
        kernelSimulatesMisses = levels.allSatisfy { $0.inclusion == .nonInclusive || $0.inclusion == .memorySide }
        let simLevels = UnsafeMutablePointer<ek_sim_level>.allocate(capacity: levels.count)
        for k in levels.indices {
            let s = state[k]
            (simLevels + k).initialize(to: ek_sim_level(
                tags: s.tags, fingerprints: s.fingerprints, status: s.status, order: s.order,
                plru_masks: s.plruMasks, set_mask: s.setMask, order_mask: s.orderMask, stride: s.stride, ways: s.ways,
                line_size: s.lineSize, line_shift: UInt32(s.lineShift), set_shift: UInt32(s.setShift),
                plru_depth: UInt32(s.plruDepth), hits: 0, misses: 0, evictions: 0, writebacks: 0))
        }
        // The trace kernel's first-level scratch: a stamp per slot, and slot guesses for 4 lines per slot (≤ 2^16).
        let firstSlots = levels[0].sets * state[0].stride
        let stamps = UnsafeMutablePointer<UInt32>.allocate(capacity: firstSlots)
        stamps.initialize(repeating: 0, count: firstSlots)
        let guesses = min(4 * firstSlots, 1 << 16)
        let guess = UnsafeMutablePointer<UInt32>.allocate(capacity: guesses)
        guess.initialize(repeating: 0, count: guesses)
        sim = .allocate(capacity: 1)
        sim.initialize(to: ek_sim(
            levels: simLevels, count: levels.count, policy: isLRU ? 0 : isPLRU ? 1 : 2,
            simulates_misses: kernelSimulatesMisses ? 1 : 0, fetch_on_writeback_miss: writebackMiss == .fetch ? 1 : 0,
            follows_miss_runs: streamThreshold > 0 ? 1 : 0, rng: 0, miss_run_next: 0,
            miss_run_length: 0, miss_run_check: 0, check_streaming: 0, accesses: 0, requested_bytes: 0,
            dram_read_bytes: 0, dram_write_bytes: 0, stamps: stamps, guesses: guess, guess_mask: UInt64(guesses - 1)))
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
        run.deinitialize(count: 1)
        run.deallocate()
        sim.pointee.levels.deallocate()
        sim.pointee.stamps.deallocate()
        sim.pointee.guesses.deallocate()
        sim.deallocate()
    }

    /// Simulates a read or write of `bytes` bytes at `address`: one first-level access per line it touches,
    /// in address order (a range running past 2^64 is cut there). `bytes` ≤ 0 does nothing.
    ///
    /// Inlined into the caller: the read that continues a stream and the one-line access (a line-granular trace)
    /// take no call; everything else goes to `accessRange`.
    @inlinable @inline(__always)
    public func access(address: UInt64, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        let shift = state.pointee.lineShift
        let line = address &>> shift
        let span = UInt64(truncatingIfNeeded: bytes) &- 1
        let last = (address > UInt64.max &- span ? UInt64.max : address &+ span) &>> shift  // clamp at 2^64
        run.pointee.accesses &+= 1
        run.pointee.requestedBytes &+= bytes
        // `streamNext` is never a line (lines are below 2^58) unless the streaming shortcut set it.
        if !write, line == run.pointee.streamNext {
            continueStream(first: line, last: last)
        } else if line == last, run.pointee.streamNext == CacheLevelState.invalid {
            // One line, not streaming: no range shortcut applies.
            accessLine(line, write: write)
            if run.pointee.checkStreaming { checkStreaming(after: last, write: write) }
        } else {
            accessRange(first: line, last: last, write: write)
        }
    }

    /// `access` for lines `first … last` that neither continue a stream nor are one line outside one.
    @usableFromInline
    func accessRange(first: UInt64, last: UInt64, write: Bool) {
        var line = first
        if !write, streamThreshold > 0, last &- line >= UInt64(truncatingIfNeeded: streamThreshold) {
            readStream(first: line, last: last)
            return
        }
        if run.pointee.streamNext != CacheLevelState.invalid { endStream() }
        if !write, firstLevelStreamThreshold > 0,
           last &- line >= UInt64(truncatingIfNeeded: firstLevelStreamThreshold) {
            firstLevelStream(first: line, last: last)
        } else {
            while true {
                accessLine(line, write: write)
                if line == last { break }
                line &+= 1
            }
        }
        if run.pointee.checkStreaming { checkStreaming(after: last, write: write) }
    }

    /// Simulates a read or write of a range from an op event.
    @inlinable
    public func access(range: MemoryRange, write: Bool) {
        access(address: range.address, bytes: range.bytes, write: write)
    }

    /// Counters so far.
    public var statistics: HierarchyStatistics {
        settle()
        let r = run.pointee
        return HierarchyStatistics(
            levels: levels.indices.map { state[$0].statistics(name: levels[$0].name, requestSize: levels[max($0 - 1, 0)].lineSize) },
            accesses: r.accesses, lineAccesses: state[0].hits + state[0].misses, requestedBytes: r.requestedBytes,
            dramReadBytes: r.dramReadBytes, dramWriteBytes: r.dramWriteBytes)
    }

    /// `statistics`' bytes served by each level, then its DRAM read bytes, into `counts` (levels + 1 entries).
    func readServed(into counts: inout [Int]) {
        settle()
        for k in 0..<count { counts[k] = state[k].hits * levels[max(k - 1, 0)].lineSize }
        counts[count] = run.pointee.dramReadBytes
    }

    /// `statistics.dramWriteBytes`.
    var dramWriteBytes: Int {
        settle()
        return run.pointee.dramWriteBytes
    }

    /// Whether level `level` holds the line containing `address`, and whether that line is dirty.
    public func lookup(address: UInt64, level: Int) -> (present: Bool, dirty: Bool) {
        settle()
        let s = state + level
        let line = address >> s.pointee.lineShift
        let set = s.pointee.set(of: line)
        let way = s.pointee.find(line, set: set)
        guard way >= 0 else { return (false, false) }
        return (true, s.pointee.status[s.pointee.slot(set: set, way: way)] == CacheLevelState.modified)
    }

    /// Start addresses of the valid lines of `level`, in slot order.
    public func residentLines(level: Int) -> [UInt64] {
        settle()
        let s = state + level
        return (0..<levels[level].sets * s.pointee.stride).compactMap { slot in
            s.pointee.tags[slot] == CacheLevelState.invalid ? nil : s.pointee.tags[slot] << s.pointee.lineShift
        }
    }

    // MARK: - First level (hot path)

    @inlinable @inline(__always)
    func accessLine(_ line: UInt64, write: Bool) {
        let l1 = state
        if line == run.pointee.lastLine {
            l1.pointee.hits &+= 1
            if write { l1.pointee.status[run.pointee.lastSlot] = CacheLevelState.modified }
            return
        }
        let set = l1.pointee.set(of: line)
        let way = l1.pointee.find(line, set: set)
        if way >= 0 {
            l1.pointee.hits &+= 1
            touch(l1, set: set, way: way)
            let slot = l1.pointee.slot(set: set, way: way)
            if write { l1.pointee.status[slot] = CacheLevelState.modified }
            run.pointee.lastLine = line
            run.pointee.lastSlot = slot
        } else {
            firstLevelMiss(line, write: write)
        }
    }

    /// Records a use of `way` in `set` for the replacement policy.
    @inlinable @inline(__always)
    func touch(_ level: UnsafeMutablePointer<CacheLevelState>, set: Int, way: Int) {
        if isLRU {
            level.pointee.lruTouch(set: set, way: way)
        } else if isPLRU {
            level.pointee.plruTouch(set: set, way: way)
        }
    }

    @usableFromInline
    func firstLevelMiss(_ line: UInt64, write: Bool) {
        let l1 = state
        l1.pointee.misses &+= 1
        if streamThreshold > 0 { countMissRun(line) }
        let dirtyFromBelow = load(level: 1, address: line &<< l1.pointee.lineShift, bytes: l1.pointee.lineSize)
        let slot = insert(level: 0, line: line, dirty: dirtyFromBelow || write)
        if l1.pointee.tags[slot] == line {
            run.pointee.lastLine = line
            run.pointee.lastSlot = slot
        } else {
            run.pointee.lastLine = CacheLevelState.invalid
        }
    }

    // MARK: - Lower levels

    /// A demand request for the line of `address` arriving at level `k` (from level k-1, whose line size is
    /// `bytes`): finds the nearest level at or below k holding the line (or DRAM), then fills the levels it passed,
    /// deepest first, except exclusive ones. Returns whether the line handed to level k-1 is dirty (a hit in an
    /// exclusive level hands its dirty flag up, to the first non-exclusive level above it).
    func load(level k: Int, address: UInt64, bytes: Int) -> Bool {
        var dirty = false
        var j = k
        while j < count {
            let level = state + j
            let line = address &>> level.pointee.lineShift
            let set = level.pointee.set(of: line)
            let way = level.pointee.find(line, set: set)
            if way >= 0 {
                level.pointee.hits &+= 1
                if level.pointee.isExclusive {
                    dirty = level.pointee.status[level.pointee.slot(set: set, way: way)] == CacheLevelState.modified
                    invalidate(level: j, set: set, way: way)
                } else {
                    touch(level, set: set, way: way)
                }
                break
            }
            level.pointee.misses &+= 1
            j &+= 1
        }
        if j == count { run.pointee.dramReadBytes &+= j == k ? bytes : state[j &- 1].lineSize }
        while j > k {
            j &-= 1
            let level = state + j
            if !level.pointee.isExclusive {
                insert(level: j, line: address &>> level.pointee.lineShift, dirty: dirty)
                dirty = false
            }
        }
        return dirty
    }

    /// Places `line` in `level` (choosing and handling a victim) and returns its slot.
    @discardableResult @inline(__always)
    func insert(level k: Int, line: UInt64, dirty: Bool) -> Int {
        let level = state + k
        let set = level.pointee.set(of: line)
        let way: Int
        if isLRU {
            way = level.pointee.lruVictim(set: set)
        } else {
            let free = level.pointee.invalidWay(set: set)
            if free >= 0 {
                way = free
            } else if isPLRU {
                way = level.pointee.plruVictim(set: set)
            } else {
                way = Int(truncatingIfNeeded: nextRandom() % UInt64(level.pointee.ways))
            }
        }
        let slot = level.pointee.slot(set: set, way: way)
        let previous = level.pointee.status[slot]
        let victimDirty = previous == CacheLevelState.modified
        let handleVictim = victimDirty || level.pointee.keepsCleanVictims
        // A dropped victim's tag is never read (its row may not be in the host's caches).
        let victim = handleVictim ? level.pointee.tags[slot] : CacheLevelState.invalid
        level.pointee.place(line, slot: slot)
        level.pointee.status[slot] = dirty ? CacheLevelState.modified : CacheLevelState.clean
        if isLRU {
            level.pointee.lruPromoteVictim(set: set, way: way)
        } else {
            level.pointee.setValid(set: set, way: way, true)
            touch(level, set: set, way: way)
        }
        if previous != CacheLevelState.empty {
            level.pointee.evictions &+= 1
            if handleVictim { evicted(level: k, line: victim, dirty: victimDirty) }
        }
        return slot
    }

    /// Sends a victim of `level` on: back-invalidation (inclusive), victim fill (exclusive below) or write-back.
    /// Not called for clean victims that are simply dropped.
    @inline(never)
    func evicted(level k: Int, line: UInt64, dirty: Bool) {
        let level = state + k
        let inclusion = level.pointee.inclusion
        let nextIsExclusive = k + 1 < count && state[k + 1].isExclusive
        let address = line << level.pointee.lineShift
        let size = level.pointee.lineSize
        var dirty = dirty
        if inclusion == .inclusive, backInvalidate(above: k, address: address, bytes: size) {
            dirty = true
        }
        if dirty {
            level.pointee.writebacks += 1
        }
        if nextIsExclusive {
            victimFill(level: k + 1, address: address, dirty: dirty)
        } else if dirty {
            writeBack(level: k + 1, address: address, bytes: size)
        }
    }

    /// Removes every copy of `[address, address + bytes)` (a whole line of level `k`) above `level`; returns whether
    /// one was dirty. Walks line indices, so the last line below 2^64 needs no end address past it.
    func backInvalidate(above k: Int, address: UInt64, bytes: Int) -> Bool {
        var dirty = false
        let lastByte = address + UInt64(bytes - 1)
        for j in 0..<k {
            let level = state + j
            for line in (address >> level.pointee.lineShift)...(lastByte >> level.pointee.lineShift) {
                let set = level.pointee.set(of: line)
                let way = level.pointee.find(line, set: set)
                if way >= 0 {
                    let slot = level.pointee.slot(set: set, way: way)
                    if level.pointee.status[slot] == CacheLevelState.modified { dirty = true }
                    invalidate(level: j, set: set, way: way)
                }
            }
        }
        return dirty
    }

    /// Empties `way` of `set` in `level` and makes it the next to fill.
    func invalidate(level k: Int, set: Int, way: Int) {
        let level = state + k
        let slot = level.pointee.slot(set: set, way: way)
        level.pointee.tags[slot] = CacheLevelState.invalid
        level.pointee.fingerprints[slot] = 0
        level.pointee.status[slot] = CacheLevelState.empty
        level.pointee.invalidations += 1
        if isLRU {
            level.pointee.lruDemote(set: set, way: way)
        } else {
            level.pointee.setValid(set: set, way: way, false)
        }
        if k == 0, slot == run.pointee.lastSlot { run.pointee.lastLine = CacheLevelState.invalid }
    }

    /// An exclusive level takes a victim from the level above.
    func victimFill(level k: Int, address: UInt64, dirty: Bool) {
        let level = state + k
        let line = address >> level.pointee.lineShift
        let set = level.pointee.set(of: line)
        let way = level.pointee.find(line, set: set)
        if way >= 0 {
            if dirty { level.pointee.status[level.pointee.slot(set: set, way: way)] = CacheLevelState.modified }
            touch(level, set: set, way: way)
        } else {
            insert(level: k, line: line, dirty: dirty)
        }
    }

    /// A dirty line arrives at `level` (DRAM after the last level).
    func writeBack(level k: Int, address: UInt64, bytes: Int) {
        guard k < count else {
            run.pointee.dramWriteBytes += bytes
            return
        }
        let level = state + k
        let line = address >> level.pointee.lineShift
        let set = level.pointee.set(of: line)
        let way = level.pointee.find(line, set: set)
        if way >= 0 {
            level.pointee.status[level.pointee.slot(set: set, way: way)] = CacheLevelState.modified
            return
        }
        if writebackMiss == .fetch, !level.pointee.isExclusive {
            level.pointee.misses += 1
            _ = load(level: k + 1, address: line << level.pointee.lineShift, bytes: level.pointee.lineSize)
        }
        insert(level: k, line: line, dirty: true)
    }

    /// SplitMix64.
    func nextRandom() -> UInt64 {
        run.pointee.rng &+= 0x9E37_79B9_7F4A_7C15
        var z = run.pointee.rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
