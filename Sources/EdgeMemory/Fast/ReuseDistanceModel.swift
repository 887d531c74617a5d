import EdgeModel

/// One level as fast mode sees it: how many bytes it holds, and how many bytes map once onto every set.
public struct FastLevel: Sendable, Equatable {
    /// Effective capacity in bytes.
    public let capacity: Int
    /// sets × line size: a sequential range of this many bytes puts one line in every set.
    public let wayBytes: Int
    /// The stack distance from which nothing hits: capacity + one way.
    let reach: Double
    private let waysPlusOne: Double
    private let perWayByte: Double

    public init(capacity: Int, wayBytes: Int) {
        self.capacity = capacity
        self.wayBytes = wayBytes
        reach = Double(capacity + wayBytes)
        waysPlusOne = Double(capacity) / Double(wayBytes) + 1
        perWayByte = 1 / Double(wayBytes)
    }

    /// The fraction of a sequential re-scan with LRU stack distance `distance` bytes that the level still holds.
    /// A stream of d = distance ÷ wayBytes lines per set gives every set ⌊d⌋ or ⌈d⌉ lines; sets given more lines
    /// than ways thrash under LRU, the others hit: `clamp(ways + 1 − d, 0, 1)`. Fully associative
    /// (`wayBytes` = line size) this is LRU's all-or-nothing cliff.
    func hitFraction(_ distance: Double) -> Double {
        min(1, max(0, waysPlusOne - distance * perWayByte))
    }
}

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
public struct ReuseDistanceModel {
    public let levels: [FastLevel]
    public let lineSize: Int
    /// Bytes served by each level, then DRAM (last entry), since creation.
    public private(set) var served: [Int]
    /// Bytes written back to DRAM.
    public private(set) var writebackBytes = 0

    /// Runs of consecutive levels that see the same stream: a new run starts at every `missStream` level.
    private let groups: [Range<Int>]
    /// Per group, the stack distance from which none of its levels holds anything.
    private let reaches: [Double]
    private var stacks: [LevelStack]
    /// Reused per access: the pieces still looking for a level, those that leave the current group, and the
    /// bytes each level of the group holds.
    private var pending = PieceList()
    private var missed = PieceList()
    private var hits: [Double]

    /// - Parameter missStream: per level, whether it sees only the misses of the levels above (a memory-side
    ///   cache); the other levels share the stream of the level above (LRU stack inclusion).
    public init(levels: [FastLevel], missStream: [Bool], lineSize: Int) {
        precondition(!levels.isEmpty && levels.count == missStream.count && lineSize > 0 && lineSize.nonzeroBitCount == 1)
        self.levels = levels
        self.lineSize = lineSize
        served = Array(repeating: 0, count: levels.count + 1)
        var starts = [0] + levels.indices.dropFirst().filter { missStream[$0] }
        starts.append(levels.count)
        groups = zip(starts, starts.dropFirst()).map { $0..<$1 }
        reaches = groups.map { group in levels[group].reduce(0) { max($0, $1.reach) } }
        stacks = groups.map { _ in LevelStack() }
        hits = Array(repeating: 0, count: levels.count)
    }

    /// Fully-associative levels of these capacities sharing one stream (the cliff model).
    public init(capacities: [Int], lineSize: Int) {
        self.init(levels: capacities.map { FastLevel(capacity: $0, wayBytes: lineSize) },
                  missStream: capacities.map { _ in false }, lineSize: lineSize)
    }

    /// Reads or writes `bytes` at `address`, adding to `served` and `writebackBytes`.
    public mutating func access(address: UInt64, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        let mask = UInt64(lineSize - 1)
        let start = address & ~mask
        let end = (address + UInt64(bytes) + mask) & ~mask
        pending.removeAll()
        pending.append(Piece(start: start, end: end, bytes: Double(end - start), dirty: false))
        var dirtyDRAM = 0.0, dirtyKept = false
        for (g, group) in groups.enumerated() {
            missed.removeAll()
            for level in group { hits[level] = 0 }
            stacks[g].access(pending, levels: levels[group], reach: reaches[g], firstGroup: g == 0, hits: &hits,
                             missed: &missed)
            for level in group { served[level] += wholeBytes(hits[level]) }
            if g == 0 { dirtyKept = missed.count < pending.count || group.contains { hits[$0] > 0 } }
            swap(&pending, &missed)
            if pending.isEmpty { break }
        }
        var dram = 0.0
        for piece in pending.pieces {
            dram += piece.bytes
            if piece.dirty { dirtyDRAM += piece.bytes }
        }
        served[levels.count] += wholeBytes(dram)
        writebackBytes += wholeBytes(dirtyDRAM)
        if write || (dirtyKept && stacks[0].wasDirty) { stacks[0].markLastDirty() }
    }

    /// Counts as written back every dirty first-level segment that no longer fits the last level.
    public mutating func flush() {
        writebackBytes += wholeBytes(stacks[0].dirtyBytesBeyond(levels.last!))
    }
}

/// `Int(bytes.rounded())`, without the rounding call when `bytes` is whole (whole lines: the common case).
/// `bytes` is a sum of access lengths, far inside Int's range.
@inline(__always)
func wholeBytes(_ bytes: Double) -> Int {
    let truncated = Int(bytes)
    return Double(truncated) == bytes ? truncated : Int(bytes.rounded())
}


/// Bytes of a range still to be placed, and whether they carry unwritten data.
struct Piece {
    var start: UInt64
    var end: UInt64
    var bytes: Double
    var dirty: Bool
}

/// The pieces of an access still to be placed, in storage kept from access to access.
struct PieceList {
    private var storage: [Piece] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    /// The pieces, in order.
    var pieces: ArraySlice<Piece> { storage[..<count] }

    mutating func removeAll() { count = 0 }

    mutating func append(_ piece: Piece) {
        if count < storage.count { storage[count] = piece } else { storage.append(piece) }
        count += 1
    }
}

/// One stream's LRU stack (the CPU-side levels, or one memory-side level).
struct LevelStack {
    private var segments = SegmentMap()
    private var stamps = Fenwick(capacity: 1 << 16)
    private var now = 0
    /// Whether any dirty data was met by the last access (first level only).
    private(set) var wasDirty = false
    /// Where the last piece placed is, as one segment, in `segments`.
    private var lastPlaced = 0

    /// Places `pieces` (each carrying the bytes of it that reach this stream): adds to `hits[l]` the bytes level l of
    /// `levels` serves (the first level holding them) and appends the rest, per sub-range, to `missed`; then records
    /// the pieces as touched now. `reach`: the largest `FastLevel.reach` of `levels`.
    mutating func access(_ pieces: PieceList, levels: ArraySlice<FastLevel>, reach: Double, firstGroup: Bool,
                         hits: inout [Double], missed: inout PieceList) {
        if now + 1 >= stamps.capacity { compact() }
        now += 1
        wasDirty = false
        let now = now
        for piece in pieces.pieces {
            let first = segments.firstEnding(after: piece.start)
            var met = PieceScan()
            stamps.update { nodes in
                segments.withSegments { all in
                    met = Self.scan(piece, from: first, in: all, now: now, levels: levels, reach: reach,
                                    firstGroup: firstGroup, nodes: &nodes, hits: &hits, missed: &missed)
                }
            }
            if met.dirty { wasDirty = true }
            lastPlaced = segments.assign(first: first, last: met.last, from: piece.start, to: piece.end, stamp: now,
                                         weight: piece.bytes)
        }
    }

    /// What placing a piece met: one past the last segment it overlaps, and whether any of them was dirty.
    struct PieceScan {
        var last = 0
        var dirty = false
    }

    /// The placement of one piece over the segments `all[first...]` it overlaps, in address order: each old
    /// sub-range takes its stack distance and leaves the tree, each sub-range (old or never touched) enters it at
    /// `now`.
    @inline(__always)
    private static func scan(_ piece: Piece, from first: Int, in all: UnsafeBufferPointer<Segment>, now: Int,
                             levels: ArraySlice<FastLevel>, reach: Double, firstGroup: Bool, nodes: inout FenwickNodes,
                             hits: inout [Double], missed: inout PieceList) -> PieceScan {
        let perByte = piece.bytes / Double(piece.end - piece.start)
        var met = PieceScan()
        func place(_ s: UInt64, _ e: UInt64, old: Segment?) {
            let share = perByte * Double(e - s)
            var hit = 0.0
            if let old, old.stamp > 0 {
                let own = firstGroup ? Double(old.scanEnd - s) : share
                if own < reach {   // otherwise it misses every level whatever came since
                    let distance = nodes.total - nodes.prefix(old.stamp) + own
                    var held = 0.0
                    for l in levels.indices {
                        let fraction = max(held, levels[l].hitFraction(distance))
                        hits[l] += share * (fraction - held)
                        held = fraction
                    }
                    hit = share * held
                }
                nodes.add(old.stamp, -old.weight)
                if old.dirty { met.dirty = true }
            }
            if share - hit > 1e-9 {
                missed.append(Piece(start: s, end: e, bytes: share - hit, dirty: piece.dirty || (old?.dirty ?? false)))
            }
            nodes.add(now, share)
        }
        var cursor = piece.start
        var i = first
        while i < all.count && all[i].start < piece.end {
            let old = all[i].clipped(piece.start, piece.end)
            if cursor < old.start { place(cursor, old.start, old: nil) }
            place(old.start, old.end, old: old)
            cursor = old.end
            i += 1
        }
        if cursor < piece.end { place(cursor, piece.end, old: nil) }
        met.last = i
        return met
    }

    /// Marks the last piece placed (first level: the whole access, clean until now) dirty.
    mutating func markLastDirty() {
        segments.setDirty(at: lastPlaced)
    }

    /// Bytes of dirty segments whose stack distance now exceeds what `level` holds.
    func dirtyBytesBeyond(_ level: FastLevel) -> Double {
        segments.all.filter(\.dirty).reduce(0) { total, s in
            let distance = stamps.total - stamps.prefix(s.stamp) + Double(s.scanEnd - s.start)
            return total + Double(s.end - s.start) * (1 - level.hitFraction(distance))
        }
    }

    /// Renumbers live stamps 1…k in order so the Fenwick tree never overflows.
    private mutating func compact() {
        let live = segments.stamps()
        var remap: [Int: Int] = [:]
        for (i, stamp) in live.enumerated() { remap[stamp] = i + 1 }
        var fresh = Fenwick(capacity: max(stamps.capacity, 2 * (live.count + 1)))
        segments.renumber { remap[$0]! }
        for s in segments.all { fresh.add(s.stamp, s.weight) }
        stamps = fresh
        now = live.count
    }
}

/// A Fenwick (binary indexed) tree of byte weights by access stamp.
struct Fenwick {
    private var tree: [Double]
    private(set) var total = 0.0
    var capacity: Int { tree.count }

    init(capacity: Int) { tree = Array(repeating: 0, count: capacity) }

    mutating func add(_ index: Int, _ delta: Double) {
        update { $0.add(index, delta) }
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

    /// Runs `body` with the nodes open for many updates and queries (one uniqueness check for all of them).
    mutating func update(_ body: (inout FenwickNodes) -> Void) {
        var nodes = FenwickNodes(total: total)
        tree.withUnsafeMutableBufferPointer { tree in
            nodes.tree = tree
            body(&nodes)
        }
        total = nodes.total
    }
}

/// A Fenwick tree's nodes and total while `Fenwick.update` holds them.
struct FenwickNodes {
    fileprivate(set) var tree = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
    private(set) var total: Double

    fileprivate init(total: Double) { self.total = total }

    @inline(__always)
    mutating func add(_ index: Int, _ delta: Double) {
        total += delta
        var i = index
        while i < tree.count {
            tree[i] += delta
            i += i & -i
        }
    }

    /// Sum of the weights at stamps 1…index (index < capacity).
    @inline(__always)
    func prefix(_ index: Int) -> Double {
        var sum = 0.0, i = index
        while i > 0 {
            sum += tree[i]
            i -= i & -i
        }
        return sum
    }
}

/// An address range [start, end) with the stamp and scan end of the access that last touched it (stamp 0:
/// never), the bytes of it that access brought to the level (`weight`), and whether it holds unwritten data.
struct Segment {
    var start: UInt64
    var end: UInt64
    var stamp = 0
    var scanEnd: UInt64 = 0
    var weight = 0.0
    var dirty = false

    /// The part of the segment in [from, to), with its share of the weight.
    func clipped(_ from: UInt64, _ to: UInt64) -> Segment {
        var part = self
        part.start = Swift.max(start, from)
        part.end = Swift.min(end, to)
        part.weight = weight * Double(part.end - part.start) / Double(end - start)
        return part
    }
}

/// Disjoint segments sorted by start.
struct SegmentMap {
    private(set) var all: [Segment] = []

    /// First segment whose end is after `address`.
    func firstEnding(after address: UInt64) -> Int {
        all.withUnsafeBufferPointer { all in
            var lo = 0, hi = all.count
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if all[mid].end <= address { lo = mid &+ 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// Runs `body` with the segments, read-only.
    func withSegments<R>(_ body: (UnsafeBufferPointer<Segment>) -> R) -> R {
        all.withUnsafeBufferPointer(body)
    }

    /// The distinct stamps in use, ascending.
    func stamps() -> [Int] { Array(Set(all.map(\.stamp))).sorted() }

    mutating func renumber(_ map: (Int) -> Int) {
        for i in all.indices { all[i].stamp = map(all[i].stamp) }
    }

    /// Makes [from, to) one clean segment touched at `stamp` by a scan ending at `to` that brought `weight` bytes,
    /// splitting the segments it cuts; `first..<last` are the segments it overlaps. Returns where it now is.
    mutating func assign(first: Int, last: Int, from: UInt64, to: UInt64, stamp: Int, weight: Double) -> Int {
        let new = Segment(start: from, end: to, stamp: stamp, scanEnd: to, weight: weight)
        let head = first < last && all[first].start < from, tail = first < last && all[last - 1].end > to
        if !head && !tail {   // the common cases, without a temporary array: a tensor re-read whole, a new
            if first == last {  // KV row, a cache read over the rows written since
                all.insert(new, at: first)
            } else {
                all[first] = new
                if last > first + 1 { all.removeSubrange(first + 1..<last) }
            }
            return first
        }
        var replacement = [new]
        if head { replacement.insert(all[first].clipped(all[first].start, from), at: 0) }
        if tail { replacement.append(all[last - 1].clipped(to, all[last - 1].end)) }
        all.replaceSubrange(first..<last, with: replacement)
        return head ? first + 1 : first
    }

    /// Marks the segment at `index` dirty.
    mutating func setDirty(at index: Int) {
        all[index].dirty = true
    }
}
