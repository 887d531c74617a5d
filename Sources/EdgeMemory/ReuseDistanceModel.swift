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
        var pieces: [(start: UInt64, end: UInt64, stamp: Int, scanEnd: UInt64, dirty: Bool)] = []
        segments.visit(from: start, to: end) { s, e, stamp, scanEnd, dirty in
            if cursor < s { pieces.append((cursor, s, 0, 0, false)) }
            pieces.append((s, e, stamp, scanEnd, dirty))
            cursor = e
        }
        if cursor < end { pieces.append((cursor, end, 0, 0, false)) }
        let last = capacities.count
        var keepsDirty = false
        for (s, e, stamp, scanEnd, dirty) in pieces {
            let size = Int(e - s)
            var level = last
            if stamp > 0 {
                let distance = stamps.total - stamps.prefix(stamp) + Int(scanEnd - s)
                level = capacities.firstIndex { distance <= $0 } ?? last
                stamps.add(stamp, -size)
                if dirty && level == last { writebackBytes += size }
                if dirty && level < last { keepsDirty = true }
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
        segments.visitAll { s, e, stamp, scanEnd, dirty in
            if dirty && stamps.total - stamps.prefix(stamp) + Int(scanEnd - s) > capacities.last! { evicted += Int(e - s) }
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
        segments.visitAll { s, e, stamp, _, _ in fresh.add(stamp, Int(e - s)) }
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

/// Disjoint address segments [start, end), sorted by start, each with the stamp and scan end of the access that
/// last touched it and a dirty flag.
struct SegmentMap {
    private var starts: [UInt64] = []
    private var ends: [UInt64] = []
    private var stampOf: [Int] = []
    private var scanEndOf: [UInt64] = []
    private var dirtyOf: [Bool] = []

    /// First segment whose end is after `address`.
    private func firstEnding(after address: UInt64) -> Int {
        var lo = 0, hi = ends.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Calls `body` with each segment's part inside [from, to), in address order.
    func visit(from: UInt64, to: UInt64, _ body: (UInt64, UInt64, Int, UInt64, Bool) -> Void) {
        var i = firstEnding(after: from)
        while i < starts.count && starts[i] < to {
            body(max(starts[i], from), min(ends[i], to), stampOf[i], scanEndOf[i], dirtyOf[i])
            i += 1
        }
    }

    func visitAll(_ body: (UInt64, UInt64, Int, UInt64, Bool) -> Void) {
        for i in starts.indices { body(starts[i], ends[i], stampOf[i], scanEndOf[i], dirtyOf[i]) }
    }

    /// The distinct stamps in use, ascending.
    func stamps() -> [Int] { Array(Set(stampOf)).sorted() }

    mutating func renumber(_ map: (Int) -> Int) {
        for i in stampOf.indices { stampOf[i] = map(stampOf[i]) }
    }

    /// Makes [from, to) one segment touched at `stamp` by a scan ending at `to`, splitting the segments it cuts.
    mutating func assign(from: UInt64, to: UInt64, stamp: Int, dirty: Bool) {
        let first = firstEnding(after: from)
        var last = first
        while last < starts.count && starts[last] < to { last += 1 }
        var new: [(UInt64, UInt64, Int, UInt64, Bool)] = []
        if first < last && starts[first] < from {
            new.append((starts[first], from, stampOf[first], scanEndOf[first], dirtyOf[first]))
        }
        new.append((from, to, stamp, to, dirty))
        if first < last && ends[last - 1] > to {
            new.append((to, ends[last - 1], stampOf[last - 1], scanEndOf[last - 1], dirtyOf[last - 1]))
        }
        starts.replaceSubrange(first..<last, with: new.map(\.0))
        ends.replaceSubrange(first..<last, with: new.map(\.1))
        stampOf.replaceSubrange(first..<last, with: new.map(\.2))
        scanEndOf.replaceSubrange(first..<last, with: new.map(\.3))
        dirtyOf.replaceSubrange(first..<last, with: new.map(\.4))
    }
}
