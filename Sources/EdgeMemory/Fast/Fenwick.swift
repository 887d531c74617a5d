/// A Fenwick (binary indexed) tree of byte weights by access stamp, in raw memory (`RawBuffer`'s terms: its
/// holder frees and copies it).
///
/// Node i holds the sum, in the order they were added, of the weights added at stamps (i − lowest bit of i)…i.
/// Only the nodes below `limit` (a power of two above every stamp used so far, or the capacity) are kept up to
/// date: the walks stop there. When a stamp reaches `limit` (`open`), node `limit` would have received every
/// weight added so far, in order — exactly what `total` holds — and the nodes between it and the new limit none.
struct Fenwick {
    private var tree: RawBuffer<Double>
    /// The sum of every weight added, in order.
    private(set) var total = 0.0
    private var limit = 1
    /// Stamps run 1…capacity − 1.
    var capacity: Int { tree.count }

    init(capacity: Int) { tree = RawBuffer(repeating: 0, count: capacity) }

    /// Makes `stamp` (< capacity) usable.
    @inline(__always)
    mutating func open(_ stamp: Int) {
        while stamp >= limit {
            tree[limit] = total
            limit = min(2 * limit, capacity)
        }
    }

    @inline(__always)
    mutating func add(_ index: Int, _ delta: Double) {
        total += delta
        let nodes = tree.base, end = limit
        var i = index
        while i < end {   // end ≤ capacity: no overflow
            nodes[i] += delta
            i &+= i & (0 &- i)
        }
    }

    /// `add(from, -removed)` then `add(to, added)` (from, to ≥ 1): each path walks up to where they meet, then one
    /// walk on (each node there still takes −removed, then added). They meet at the smallest node covering both
    /// stamps: with x = from − 1, y = to − 1 and k one above the highest bit where they differ, ((y >> k) + 1) << k.
    @inline(__always)
    mutating func move(_ removed: Double, from: Int, _ added: Double, to: Int) {
        total += -removed
        total += added
        let nodes = tree.base, end = limit
        let k = Int.bitWidth &- ((from &- 1) ^ (to &- 1)).leadingZeroBitCount
        let meet = min(end, (((to &- 1) &>> k) &+ 1) &<< k)
        var i = from
        while i < meet {
            nodes[i] += -removed
            i &+= i & (0 &- i)
        }
        i = to
        while i < meet {
            nodes[i] += added
            i &+= i & (0 &- i)
        }
        while i < end {
            nodes[i] += -removed
            nodes[i] += added
            i &+= i & (0 &- i)
        }
    }

    /// Sum of the weights at stamps 1…index (index < capacity).
    @inline(__always)
    func prefix(_ index: Int) -> Double {
        let nodes = tree.base
        var sum = 0.0, i = index
        while i > 0 {
            sum += nodes[i]
            i &= i &- 1   // drops the lowest set bit
        }
        return sum
    }

    func copy() -> Fenwick {
        var copy = self
        copy.tree = tree.copy()
        return copy
    }

    func deallocate() { tree.deallocate() }
}
