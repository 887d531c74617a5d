import Testing
@testable import EdgeMemory

/// The Fenwick tree against plain per-stamp sums, and `move` against the two `add`s it stands for.
@Suite struct FenwickTests {
    /// A deterministic stream of (stamp, weight) moves like the model's: each weight leaves an older stamp for the
    /// newest one. Weights are fractional so that any change in the order of additions at a node would show.
    @Test func moveEqualsTwoAddsNodeForNode() {
        let capacity = 1 << 12
        var moved = Fenwick(capacity: capacity), added = Fenwick(capacity: capacity)
        defer { moved.deallocate(); added.deallocate() }
        var weights = [Double](repeating: 0, count: capacity)   // the weight now at each stamp
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed >> 1)
        }
        for now in 1..<capacity {
            moved.open(now)
            added.open(now)
            let share = Double(next() % 4096) / 7
            let from = 1 + next() % now   // from == now: a stamp moved onto itself
            let removed = weights[from]
            moved.move(removed, from: from, share, to: now)
            added.add(from, -removed)
            added.add(now, share)
            weights[from] = 0
            weights[now] += share
        }
        #expect(moved.total == added.total)
        var plain = 0.0
        for stamp in 1..<capacity {
            plain += weights[stamp]
            #expect(moved.prefix(stamp) == added.prefix(stamp))
            #expect(abs(moved.prefix(stamp) - plain) <= 1e-6 * max(1, plain))
        }
    }
}
