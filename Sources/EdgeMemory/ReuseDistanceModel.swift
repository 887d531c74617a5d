import EdgeModel

/// Fast mode: a tensor-granular reuse (stack) distance model of a cache hierarchy.
///
/// Each access is a byte range scanned in ascending order, rounded out to whole lines. A piece [s, e) of it that was
/// last touched at time τ by a scan ending at E has, for every line, the LRU stack distance
/// `newer(τ) + (E − s)`: the distinct bytes touched since τ (a Fenwick tree over access stamps weighted by bytes),
/// plus the rest of the old scan after the line and the lines of the piece re-touched before it. The piece is
/// served by the first level whose effective LRU capacity holds that distance, DRAM otherwise. For a sequential
/// re-scan of a whole range this is exact for a fully-associative LRU level: the scan hits or misses entirely.
///
/// Writes mark pieces dirty; a dirty piece counts as written back to DRAM when a later access (or `flush`)
/// finds that it no longer fits the last level.
public struct ReuseDistanceModel {
    /// Effective LRU capacity of each level in bytes, nearest first, non-decreasing.
    public let capacities: [Int]
    public let lineSize: Int
    /// Bytes served by each level, then DRAM (last entry), since creation.
    public private(set) var served: [Int]
    /// Bytes written back to DRAM.
    public private(set) var writebackBytes = 0

    private var segments = SegmentMap()
    private var stamps: Fenwick
    private var now = 0
    /// Reused for the pieces of each access (no allocation per access).
    private var pieces: [Segment] = []

    public init(capacities: [Int], lineSize: Int) {
        precondition(!capacities.isEmpty && lineSize > 0 && lineSize.nonzeroBitCount == 1)
        self.capacities = capacities
        self.lineSize = lineSize
        served = Array(repeating: 0, count: capacities.count + 1)
        stamps = Fenwick(capacity: 1 << 14)
    }

    /// Reads or writes `bytes` at `address`, adding to `served` and `writebackBytes`.
    public mutating func access(address: UInt64, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        let mask = UInt64(lineSize - 1)
        let start = address & ~mask
        let end = (address + UInt64(bytes) + mask) & ~mask
        if now + 1 >= stamps.capacity { compact() }
        now += 1
        var cursor = start
        pieces.removeAll(keepingCapacity: true)
        segments.visit(from: start, to: end) { piece in
            if cursor < piece.start { pieces.append(Segment(start: cursor, end: piece.start)) }
            pieces.append(piece)
            cursor = piece.end
        }
        if cursor < end { pieces.append(Segment(start: cursor, end: end)) }
        let last = capacities.count
        var keepsDirty = false
        for piece in pieces {
            let size = Int(piece.end - piece.start)
            var level = last
            if piece.stamp > 0 {
                let distance = stamps.total - stamps.prefix(piece.stamp) + Int(piece.scanEnd - piece.start)
                level = capacities.firstIndex { distance <= $0 } ?? last
                stamps.add(piece.stamp, -size)
                if piece.dirty && level == last { writebackBytes += size }
                if piece.dirty && level < last { keepsDirty = true }
            }
            served[level] += size
            stamps.add(now, size)
        }
        segments.assign(from: start, to: end, stamp: now, dirty: write || keepsDirty)
    }

    /// Counts as written back every dirty piece that no longer fits the last level, as an exact simulator would
    /// have evicted it by now.
    public mutating func flush() {
        var evicted = 0
        for piece in segments.all where piece.dirty {
            if stamps.total - stamps.prefix(piece.stamp) + Int(piece.scanEnd - piece.start) > capacities.last! {
                evicted += Int(piece.end - piece.start)
            }
        }
        writebackBytes += evicted
    }

    /// Renumbers live stamps 1…k in order so the Fenwick tree never overflows.
    private mutating func compact() {
        let live = segments.stamps()
        var remap: [Int: Int] = [:]
        for (i, stamp) in live.enumerated() { remap[stamp] = i + 1 }
        var fresh = Fenwick(capacity: max(stamps.capacity, 2 * (live.count + 1)))
        segments.renumber { remap[$0]! }
        for piece in segments.all { fresh.add(piece.stamp, Int(piece.end - piece.start)) }
        stamps = fresh
        now = live.count
    }
}

/// A Fenwick (binary indexed) tree of byte counts by access stamp.
struct Fenwick {
    private var tree: [Int]
    private(set) var total = 0
    var capacity: Int { tree.count }

    init(capacity: Int) { tree = Array(repeating: 0, count: capacity) }

    mutating func add(_ index: Int, _ delta: Int) {
        total += delta
        var i = index
        while i < tree.count {
            tree[i] += delta
            i += i & -i
        }
    }

    /// Sum of the counts at stamps 1…index.
    func prefix(_ index: Int) -> Int {
        var sum = 0, i = index
        while i > 0 {
            sum += tree[i]
            i -= i & -i
        }
        return sum
    }
}

/// An address range [start, end) with the stamp and scan end of the access that last touched it (stamp 0:
/// never touched) and whether it holds unwritten data.
struct Segment {
    var start: UInt64
    var end: UInt64
    var stamp = 0
    var scanEnd: UInt64 = 0
    var dirty = false
}

/// Disjoint segments sorted by start.
struct SegmentMap {
    private(set) var all: [Segment] = []

    /// First segment whose end is after `address`.
    private func firstEnding(after address: UInt64) -> Int {
        var lo = 0, hi = all.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if all[mid].end <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Calls `body` with each segment's part inside [from, to), in address order.
    func visit(from: UInt64, to: UInt64, _ body: (Segment) -> Void) {
        var i = firstEnding(after: from)
        while i < all.count && all[i].start < to {
            var piece = all[i]
            piece.start = max(piece.start, from)
            piece.end = min(piece.end, to)
            body(piece)
            i += 1
        }
    }

    /// The distinct stamps in use, ascending.
    func stamps() -> [Int] { Array(Set(all.map(\.stamp))).sorted() }

    mutating func renumber(_ map: (Int) -> Int) {
        for i in all.indices { all[i].stamp = map(all[i].stamp) }
    }

    /// Makes [from, to) one segment touched at `stamp` by a scan ending at `to`, splitting the segments it cuts.
    mutating func assign(from: UInt64, to: UInt64, stamp: Int, dirty: Bool) {
        let first = firstEnding(after: from)
        var last = first
        while last < all.count && all[last].start < to { last += 1 }
        let new = Segment(start: from, end: to, stamp: stamp, scanEnd: to, dirty: dirty)
        var head: Segment? = nil, tail: Segment? = nil
        if first < last && all[first].start < from {
            head = all[first]
            head!.end = from
        }
        if first < last && all[last - 1].end > to {
            tail = all[last - 1]
            tail!.start = to
        }
        switch (head, tail) {
        case (nil, nil): all.replaceSubrange(first..<last, with: CollectionOfOne(new))
        case (let h?, nil): all.replaceSubrange(first..<last, with: [h, new])
        case (nil, let t?): all.replaceSubrange(first..<last, with: [new, t])
        case (let h?, let t?): all.replaceSubrange(first..<last, with: [h, new, t])
        }
    }
}
