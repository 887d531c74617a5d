/// Part `index` of `count` of a sweep (a bench suite's cases, `compare`'s rows): item k belongs to shard
/// (k mod count) + 1, so every item lands in exactly one shard, deterministically, whatever machine runs it.
public struct Shard: Codable, Sendable, Equatable, Hashable {
    /// 1-based shard number.
    public var index: Int
    public var count: Int

    /// Most shards a sweep may be split into (as many as a bench suite may have cases).
    public static let maxCount = 10_000

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/N` (1 ≤ i ≤ N ≤ `maxCount`); `flag` names the option in errors.
    public init(parsing text: String, flag: String = "--shard") throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), (1...Self.maxCount).contains(n),
              (1...n).contains(i) else {
            throw InputError(file: "<command line>", field: flag,
                             "expected i/N with 1 ≤ i ≤ N ≤ \(Self.maxCount) (for example 2/4), got '\(text)'")
        }
        self.init(index: i, count: n)
    }

    /// Whether the item at sweep position `caseIndex` (0-based) belongs to this shard.
    public func contains(_ caseIndex: Int) -> Bool { caseIndex % count == index - 1 }

    /// `i/N`, as parsed.
    public var text: String { "\(index)/\(count)" }
}
