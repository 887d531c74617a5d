/// A Fenwick (binary indexed) tree of byte weights by access stamp, in raw memory (`RawBuffer`'s terms: its
/// holder frees and copies it).
struct Fenwick {
    private var tree: RawBuffer<Double>
    /// The sum of every weight added.
    private(set) var total = 0.0
    /// Stamps run 1…capacity − 1.
    var capacity: Int { tree.count }

    init(capacity: Int) { tree = RawBuffer(repeating: 0, count: capacity) }

    @inline(__always)
    mutating func add(_ index: Int, _ delta: Double) {
        total += delta
        let nodes = tree.base, count = tree.count
        var i = index
        while i < count {
            nodes[i] += delta
            i += i & -i
        }
    }

    /// Sum of the weights at stamps 1…index (index < capacity).
    @inline(__always)
    func prefix(_ index: Int) -> Double {
        let nodes = tree.base
        var sum = 0.0, i = index
        while i > 0 {
            sum += nodes[i]
            i -= i & -i
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
