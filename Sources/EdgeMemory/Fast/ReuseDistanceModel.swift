import EdgeModel

/// Fast mode: a tensor-granular reuse (stack) distance model of a cache hierarchy.
///
/// Each access is a byte range scanned in ascending order, rounded out to whole lines. The CPU-side levels share
/// one LRU stack of address segments over the whole access stream (LRU stack inclusion); each memory-side level
/// keeps its own stack over the misses of the levels above it (a phone's SLC sees only what the CPU caches
/// missed). A piece [s, e) of a range last touched at time τ has the stack distance `newer(τ) + own bytes` in its
/// stream (the bytes the stream saw since τ, from a Fenwick tree over access stamps; in the first stream the rest
/// of the old scan after the piece counts too). Each level holds `FastLevel.hitFraction` of it (the first level
/// that does serves it); the rest goes down, and what no level holds is read from DRAM. For a sequential re-scan
/// of a whole range in a fully-associative LRU level this is exact: the scan hits or misses entirely.
///
/// Writes mark first-stream segments dirty; the DRAM-served part of a dirty piece counts as written back (it was
/// evicted meanwhile), as does `flush` for dirty data that no longer fits.
///
/// A value type: its state lives in memory it manages by hand (`FastModelState`), copied when a copy of the model
/// is about to change.
public struct ReuseDistanceModel {
    public let levels: [FastLevel]
    public let lineSize: Int
    private(set) var storage: FastModelStorage

    /// - Parameter missStream: per level, whether it sees only the misses of the levels above (a memory-side
    ///   cache); the other levels share the stream of the level above (LRU stack inclusion).
    public init(levels: [FastLevel], missStream: [Bool], lineSize: Int) {
        precondition(!levels.isEmpty && levels.count == missStream.count && lineSize > 0 && lineSize.nonzeroBitCount == 1)
        self.levels = levels
        self.lineSize = lineSize
        storage = FastModelStorage(FastModelState(levels: levels, missStream: missStream, lineSize: lineSize))
    }

    /// Fully-associative levels of these capacities sharing one stream (the cliff model).
    public init(capacities: [Int], lineSize: Int) {
        self.init(levels: capacities.map { FastLevel(capacity: $0, wayBytes: lineSize) },
                  missStream: capacities.map { _ in false }, lineSize: lineSize)
    }

    /// Bytes served by each level, then DRAM (last entry), since creation.
    public var served: [Int] { storage.state.pointee.served.array }
    /// Bytes written back to DRAM.
    public var writebackBytes: Int { storage.state.pointee.writebackBytes }

    /// Reads or writes `bytes` at `address`, adding to `served` and `writebackBytes`.
    public mutating func access(address: UInt64, bytes: Int, write: Bool) {
        state.pointee.access(address: address, bytes: bytes, write: write)
    }

    /// Replays `event`'s reads, then its writes; writes into `served` the bytes each level, then DRAM, served them
    /// (one entry per level, then DRAM) and returns the bytes written back to DRAM meanwhile.
    public mutating func replay(_ event: OpEvent, served: inout [Int]) -> Int {
        state.pointee.replay(event, served: &served)
    }

    /// Counts as written back every dirty first-level segment that no longer fits the last level.
    public mutating func flush() {
        state.pointee.flush()
    }

    /// The state, this model's own (copied first if another model shares it).
    private var state: UnsafeMutablePointer<FastModelState> {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage.state
        }
    }
}

/// Owns a model's state: frees it with the last holder that refers to it.
final class FastModelStorage {
    let state: UnsafeMutablePointer<FastModelState>

    init(_ state: FastModelState) {
        self.state = .allocate(capacity: 1)
        self.state.initialize(to: state)
    }

    func copy() -> FastModelStorage { FastModelStorage(state.pointee.copy()) }

    deinit {
        state.pointee.deallocate()
        state.deallocate()
    }
}

/// The reuse-distance model's state and its per-access work, in raw memory (`RawBuffer`'s terms).
struct FastModelState {
    private var levels: RawBuffer<FastLevel>
    private let lineMask: UInt64
    /// Bytes served by each level, then DRAM (last entry), since creation.
    private(set) var served: RawBuffer<Int>
    /// Bytes written back to DRAM.
    private(set) var writebackBytes = 0
    /// Runs of consecutive levels that see the same stream (a new run starts at every `missStream` level): group g
    /// is levels `groupStarts[g]..<groupStarts[g + 1]`.
    private var groupStarts: RawBuffer<Int>
    /// Per group, the stack distance from which none of its levels holds anything.
    private var reaches: RawBuffer<Double>
    private var stacks: RawBuffer<LevelStack>
    /// Reused per access: the pieces still looking for a level, those that leave the current group, and the
    /// bytes each level of the group holds (zero between accesses).
    private var pending = RawBuffer<Piece>(capacity: 16)
    private var missed = RawBuffer<Piece>(capacity: 16)
    private var hits: RawBuffer<Double>

    init(levels: [FastLevel], missStream: [Bool], lineSize: Int) {
        self.levels = RawBuffer(levels)
        lineMask = UInt64(lineSize - 1)
        served = RawBuffer(repeating: 0, count: levels.count + 1)
        let starts = [0] + levels.indices.dropFirst().filter { missStream[$0] } + [levels.count]
        groupStarts = RawBuffer(starts)
        reaches = RawBuffer(zip(starts, starts.dropFirst()).map { levels[$0..<$1].reduce(0) { max($0, $1.reach) } })
        stacks = RawBuffer(starts.dropLast().map { _ in LevelStack() })
        hits = RawBuffer(repeating: 0, count: levels.count)
    }

    mutating func access(address: UInt64, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        let start = address & ~lineMask
        let end = (address + UInt64(bytes) + lineMask) & ~lineMask
        pending.removeAll()
        pending.append(Piece(start: start, end: end, bytes: Double(end - start), dirty: false))
        var dirtyDRAM = 0.0, dirtyKept = false
        for g in 0..<stacks.count {
            missed.removeAll()
            let first = groupStarts[g], last = groupStarts[g + 1]
            stacks[g].access(pending, levels: levels.base + first, levelCount: last - first, reach: reaches[g],
                             firstGroup: g == 0, hits: hits.base + first, missed: &missed)
            var anyHit = false
            for level in first..<last where hits[level] != 0 {   // then zero again for the next access
                served[level] += wholeBytes(hits[level])
                if hits[level] > 0 { anyHit = true }
                hits[level] = 0
            }
            if g == 0 { dirtyKept = missed.count < pending.count || anyHit }
            swap(&pending, &missed)
            if pending.isEmpty { break }
        }
        var dram = 0.0
        for p in 0..<pending.count {
            dram += pending[p].bytes
            if pending[p].dirty { dirtyDRAM += pending[p].bytes }
        }
        served[levels.count] += wholeBytes(dram)
        if dirtyDRAM != 0 { writebackBytes += wholeBytes(dirtyDRAM) }
        if write || (dirtyKept && stacks[0].wasDirty) { stacks[0].markLastDirty() }
    }

    /// `ReuseDistanceModel.replay`.
    @inline(__always)
    mutating func replay(_ event: OpEvent, served: inout [Int]) -> Int {
        precondition(served.count == self.served.count, "one entry per level, then DRAM")
        let written = writebackBytes
        return served.withUnsafeMutableBufferPointer { served in
            for level in 0..<served.count { served[level] = -self.served[level] }
            event.reads.withUnsafeBufferPointer { ranges in
                for i in ranges.indices { access(address: ranges[i].address, bytes: ranges[i].bytes, write: false) }
            }
            event.writes.withUnsafeBufferPointer { ranges in
                for i in ranges.indices { access(address: ranges[i].address, bytes: ranges[i].bytes, write: true) }
            }
            for level in 0..<served.count { served[level] += self.served[level] }
            return writebackBytes - written
        }
    }

    /// Counts as written back every dirty first-level segment that no longer fits the last level.
    mutating func flush() {
        writebackBytes += wholeBytes(stacks[0].dirtyBytesBeyond(levels[levels.count - 1]))
    }

    func copy() -> FastModelState {
        var copy = self
        copy.levels = levels.copy()
        copy.served = served.copy()
        copy.groupStarts = groupStarts.copy()
        copy.reaches = reaches.copy()
        copy.stacks = stacks.copy()
        for g in 0..<stacks.count { copy.stacks[g] = stacks[g].copy() }
        copy.pending = pending.copy()
        copy.missed = missed.copy()
        copy.hits = hits.copy()
        return copy
    }

    func deallocate() {
        for g in 0..<stacks.count { stacks[g].deallocate() }
        levels.deallocate()
        served.deallocate()
        groupStarts.deallocate()
        reaches.deallocate()
        stacks.deallocate()
        pending.deallocate()
        missed.deallocate()
        hits.deallocate()
    }
}

/// `Int(bytes.rounded())`, without the rounding call when `bytes` is whole (whole lines: the common case).
/// `bytes` is a sum of access lengths, far inside Int's range.
@inline(__always)
func wholeBytes(_ bytes: Double) -> Int {
    let truncated = Int(bytes)
    return Double(truncated) == bytes ? truncated : Int(bytes.rounded())
}
