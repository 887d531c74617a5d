/// One level as fast mode sees it: how many bytes it holds, and how many bytes map once onto every set.
public struct FastLevel: Sendable, Equatable, BitwiseCopyable {
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
    @inline(__always)
    func hitFraction(_ distance: Double) -> Double {
        min(1, max(0, waysPlusOne - distance * perWayByte))
    }
}
