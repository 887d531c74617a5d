@testable import EdgeMemory

// The oracle of the differential tests: fast mode's reuse-distance model as it was before it was optimised
// (commit c99c38f, `Sources/EdgeMemory/Fast/ReuseDistanceModel.swift`), kept verbatim apart from the type names.
// The optimised model must give exactly its served and written-back bytes on every access.

/// Fast mode: a tensor-granular reuse (stack) distance model of a cache hierarchy.
///
/// Each access is a byte range scanned in ascending order, rounded out to whole lines. The CPU-side levels share
/// one LRU stack of address segments over the whole access stream (LRU stack inclusion); each memory-side level
/// keeps its own stack over the misses of the levels above it (a phone's SLC sees only what the CPU caches
/// missed). A piece [s, e) of a range last touched at time τ has the stack distance `newer(τ) + own bytes` in its
/// stream (the bytes the stream saw since τ, from a ReferenceFenwick tree over access stamps; in the first stream the rest
/// of the old scan after the piece counts too). Each level holds `FastLevel.hitFraction` of it (the first level
/// that does serves it); the rest goes down, and what no level holds is read from DRAM. For a sequential re-scan
/// of a whole range in a fully-associative LRU level this is exact: the scan hits or misses entirely.
///
/// Writes mark first-stream segments dirty; the DRAM-served part of a dirty piece counts as written back (it was
/// evicted meanwhile), as does `flush` for dirty data that no longer fits.
struct ReferenceReuseDistanceModel {
    let levels: [FastLevel]
    let lineSize: Int
    /// Bytes served by each level, then DRAM (last entry), since creation.
    private(set) var served: [Int]
    /// Bytes written back to DRAM.
    private(set) var writebackBytes = 0

    /// Runs of consecutive levels that see the same stream: a new run starts at every `missStream` level.
    private let groups: [Range<Int>]
    private var stacks: [ReferenceLevelStack]
    /// Reused per access: the pieces still looking for a level, those that leave the current group, and the
    /// bytes each level of the group holds.
    private var pending: [ReferencePiece] = []
    private var missed: [ReferencePiece] = []
    private var hits: [Double]

    /// - Parameter missStream: per level, whether it sees only the misses of the levels above (a memory-side
    ///   cache); the other levels share the stream of the level above (LRU stack inclusion).
    init(levels: [FastLevel], missStream: [Bool], lineSize: Int) {
        precondition(!levels.isEmpty && levels.count == missStream.count && lineSize > 0 && lineSize.nonzeroBitCount == 1)
        self.levels = levels
        self.lineSize = lineSize
        served = Array(repeating: 0, count: levels.count + 1)
        var starts = [0] + levels.indices.dropFirst().filter { missStream[$0] }
        starts.append(levels.count)
        groups = zip(starts, starts.dropFirst()).map { $0..<$1 }
        stacks = groups.map { _ in ReferenceLevelStack() }
        hits = Array(repeating: 0, count: levels.count)
    }

    /// Fully-associative levels of these capacities sharing one stream (the cliff model).
    init(capacities: [Int], lineSize: Int) {
        self.init(levels: capacities.map { FastLevel(capacity: $0, wayBytes: lineSize) },
                  missStream: capacities.map { _ in false }, lineSize: lineSize)
    }

    /// Reads or writes `bytes` at `address`, adding to `served` and `writebackBytes`.
    mutating func access(address: UInt64, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        let mask = UInt64(lineSize - 1)
        let start = address & ~mask
        let end = (address + UInt64(bytes) + mask) & ~mask
        pending.removeAll(keepingCapacity: true)
        pending.append(ReferencePiece(start: start, end: end, bytes: Double(end - start), dirty: false))
        var dirtyDRAM = 0.0, dirtyKept = false
        for (g, group) in groups.enumerated() {
            missed.removeAll(keepingCapacity: true)
            for level in group { hits[level] = 0 }
            stacks[g].access(pending, levels: levels[group], firstGroup: g == 0, hits: &hits, missed: &missed)
            for level in group { served[level] += Int(hits[level].rounded()) }
            if g == 0 { dirtyKept = missed.count < pending.count || group.contains { hits[$0] > 0 } }
            swap(&pending, &missed)
            if pending.isEmpty { break }
        }
        let dram = pending.reduce(0.0) { $0 + $1.bytes }
        for piece in pending where piece.dirty { dirtyDRAM += piece.bytes }
        served[levels.count] += Int(dram.rounded())
        writebackBytes += Int(dirtyDRAM.rounded())
        if write || (dirtyKept && stacks[0].wasDirty) { stacks[0].markDirty(start, end) }
    }

    /// Counts as written back every dirty first-level segment that no longer fits the last level.
    mutating func flush() {
        writebackBytes += Int(stacks[0].dirtyBytesBeyond(levels.last!).rounded())
    }
}

/// Bytes of a range still to be placed, and whether they carry unwritten data.
struct ReferencePiece {
    var start: UInt64
    var end: UInt64
    var bytes: Double
    var dirty: Bool
}

/// One stream's LRU stack (the CPU-side levels, or one memory-side level).
struct ReferenceLevelStack {
    private var segments = ReferenceSegmentMap()
    private var stamps = ReferenceFenwick(capacity: 1 << 16)
    private var now = 0
    /// Whether any dirty data was met by the last access (first level only).
    private(set) var wasDirty = false

    /// Places `pieces` (each carrying the bytes of it that reach this stream): adds to `hits[l]` the bytes level l of
    /// `levels` serves (the first level holding them) and appends the rest, per sub-range, to `missed`; then records
    /// the pieces as touched now.
    mutating func access(_ pieces: [ReferencePiece], levels: ArraySlice<FastLevel>, firstGroup: Bool, hits: inout [Double],
                         missed: inout [ReferencePiece]) {
        let firstLevel = firstGroup
        var reach = 0.0
        for level in levels { reach = max(reach, level.reach) }
        if now + 1 >= stamps.capacity { compact() }
        now += 1
        wasDirty = false
        for piece in pieces {
            let perByte = piece.bytes / Double(piece.end - piece.start)
            var cursor = piece.start
            func place(_ s: UInt64, _ e: UInt64, old: ReferenceSegment?) {
                let share = perByte * Double(e - s)
                var hit = 0.0
                if let old, old.stamp > 0 {
                    let own = firstLevel ? Double(old.scanEnd - s) : share
                    if own < reach {   // otherwise it misses every level whatever came since
                        let distance = stamps.total - stamps.prefix(old.stamp) + own
                        var held = 0.0
                        for l in levels.indices {
                            let fraction = max(held, levels[l].hitFraction(distance))
                            hits[l] += share * (fraction - held)
                            held = fraction
                        }
                        hit = share * held
                    }
                    stamps.add(old.stamp, -old.weight)
                    if old.dirty { wasDirty = true }
                }
                if share - hit > 1e-9 {
                    missed.append(ReferencePiece(start: s, end: e, bytes: share - hit, dirty: piece.dirty || (old?.dirty ?? false)))
                }
                stamps.add(now, share)
            }
            var i = segments.firstEnding(after: piece.start)
            while i < segments.all.count && segments.all[i].start < piece.end {
                let old = segments.all[i].clipped(piece.start, piece.end)
                if cursor < old.start { place(cursor, old.start, old: nil) }
                place(old.start, old.end, old: old)
                cursor = old.end
                i += 1
            }
            if cursor < piece.end { place(cursor, piece.end, old: nil) }
            segments.assign(from: piece.start, to: piece.end, stamp: now, weight: piece.bytes)
        }
    }

    /// Marks [start, end) dirty (first level: after `access` recorded it, clean).
    mutating func markDirty(_ start: UInt64, _ end: UInt64) {
        segments.setDirty(from: start, to: end)
    }

    /// Bytes of dirty segments whose stack distance now exceeds what `level` holds.
    func dirtyBytesBeyond(_ level: FastLevel) -> Double {
        segments.all.filter(\.dirty).reduce(0) { total, s in
            let distance = stamps.total - stamps.prefix(s.stamp) + Double(s.scanEnd - s.start)
            return total + Double(s.end - s.start) * (1 - level.hitFraction(distance))
        }
    }

    /// Renumbers live stamps 1…k in order so the ReferenceFenwick tree never overflows.
    private mutating func compact() {
        let live = segments.stamps()
        var remap: [Int: Int] = [:]
        for (i, stamp) in live.enumerated() { remap[stamp] = i + 1 }
        var fresh = ReferenceFenwick(capacity: max(stamps.capacity, 2 * (live.count + 1)))
        segments.renumber { remap[$0]! }
        for s in segments.all { fresh.add(s.stamp, s.weight) }
        stamps = fresh
        now = live.count
    }
}

/// A ReferenceFenwick (binary indexed) tree of byte weights by access stamp.
struct ReferenceFenwick {
    private var tree: [Double]
    private(set) var total = 0.0
    var capacity: Int { tree.count }

    init(capacity: Int) { tree = Array(repeating: 0, count: capacity) }

    mutating func add(_ index: Int, _ delta: Double) {
        total += delta
        tree.withUnsafeMutableBufferPointer { tree in
            var i = index
            while i < tree.count {
                tree[i] += delta
                i += i & -i
            }
        }
    }

    /// Sum of the weights at stamps 1…index (index < capacity).
    func prefix(_ index: Int) -> Double {
        tree.withUnsafeBufferPointer { tree in
            var sum = 0.0, i = index
            while i > 0 {
                sum += tree[i]
                i -= i & -i
            }
            return sum
        }
    }
}

/// An address range [start, end) with the stamp and scan end of the access that last touched it (stamp 0:
/// never), the bytes of it that access brought to the level (`weight`), and whether it holds unwritten data.
struct ReferenceSegment {
    var start: UInt64
    var end: UInt64
    var stamp = 0
    var scanEnd: UInt64 = 0
    var weight = 0.0
    var dirty = false

    /// The part of the segment in [from, to), with its share of the weight.
    func clipped(_ from: UInt64, _ to: UInt64) -> ReferenceSegment {
        var part = self
        part.start = Swift.max(start, from)
        part.end = Swift.min(end, to)
        part.weight = weight * Double(part.end - part.start) / Double(end - start)
        return part
    }
}

/// Disjoint segments sorted by start.
struct ReferenceSegmentMap {
    private(set) var all: [ReferenceSegment] = []

    /// First segment whose end is after `address`.
    func firstEnding(after address: UInt64) -> Int {
        var lo = 0, hi = all.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if all[mid].end <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The distinct stamps in use, ascending.
    func stamps() -> [Int] { Array(Set(all.map(\.stamp))).sorted() }

    mutating func renumber(_ map: (Int) -> Int) {
        for i in all.indices { all[i].stamp = map(all[i].stamp) }
    }

    /// Makes [from, to) one clean segment touched at `stamp` by a scan ending at `to` that brought `weight` bytes,
    /// splitting the segments it cuts.
    mutating func assign(from: UInt64, to: UInt64, stamp: Int, weight: Double) {
        let first = firstEnding(after: from)
        var last = first
        while last < all.count && all[last].start < to { last += 1 }
        let new = ReferenceSegment(start: from, end: to, stamp: stamp, scanEnd: to, weight: weight)
        let head = first < last && all[first].start < from, tail = first < last && all[last - 1].end > to
        if !head && !tail {   // the common cases, without a temporary array: a tensor re-read whole, a new
            if first == last {  // KV row, a cache read over the rows written since
                all.insert(new, at: first)
            } else {
                all[first] = new
                if last > first + 1 { all.removeSubrange(first + 1..<last) }
            }
            return
        }
        var replacement = [new]
        if head { replacement.insert(all[first].clipped(all[first].start, from), at: 0) }
        if tail { replacement.append(all[last - 1].clipped(to, all[last - 1].end)) }
        all.replaceSubrange(first..<last, with: replacement)
    }

    /// Marks the segments inside [from, to) (which `assign` made one segment) dirty.
    mutating func setDirty(from: UInt64, to: UInt64) {
        var i = firstEnding(after: from)
        while i < all.count && all[i].start < to {
            all[i].dirty = true
            i += 1
        }
    }
}
